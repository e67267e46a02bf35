"""identity-hmac for Django: an app with the ``identity_hmac`` template tag library.

Install ``identity-hmac[django]``, add ``"identity_hmac.django"`` to
``INSTALLED_APPS`` and configure the presets you use::

    IDENTITY_HMAC = {
        "chatwoot": {"secret": os.environ["CHATWOOT_HMAC_TOKEN"]},
        "pylon": {"secret": os.environ["PYLON_IDENTITY_SECRET"], "page": {"app_id": "..."}},
    }

(a secret left out is read from ``IDENTITY_HMAC_<PRESET>_SECRET``). Then in a
template::

    {% load identity_hmac %}
    <script>{% identity_hmac_script "chatwoot" request.user %}</script>
    {% identity_hmac_script "pylon" request.user nonce=request.csp_nonce %}

The tag renders the preset's identify call as JavaScript source (for inside a
``<script>`` element), or with ``nonce`` the whole ``<script nonce="…">``
element, as a ``SafeString``; nothing for an anonymous user. Keyword arguments
other than ``nonce`` and ``page`` are page values (``app_id="…"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional, Union

from django.core.exceptions import ImproperlyConfigured  # type: ignore[import-untyped]
from django.utils.safestring import SafeString, mark_safe  # type: ignore[import-untyped]

from .._frameworks import render
from .._widgets import Widget

__all__ = ["identity_hmac_script"]


def identity_hmac_script(
    widget: Union[Widget, str],
    user: object,
    *,
    page: Optional[Mapping[str, str]] = None,
    nonce: Optional[str] = None,
    **page_values: str,
) -> SafeString:
    """The template tag's work, for views: the identify script of `widget` for
    `user` (a user object or a mapping), with the secret and page values of
    ``settings.IDENTITY_HMAC`` (or the environment)."""
    # Read when called: importing this module needs no configured settings.
    from django.conf import settings  # type: ignore[import-untyped]

    configured: Any = getattr(settings, "IDENTITY_HMAC", None)
    if configured is not None and not isinstance(configured, Mapping):
        raise ImproperlyConfigured("settings.IDENTITY_HMAC must be a dict of presets")
    try:
        script = render(widget, user, configured, "settings.IDENTITY_HMAC", page, nonce, page_values)
    except ValueError as error:
        if type(error) is not ValueError:  # IdentityHmacError and its subclasses pass as they are
            raise
        raise ImproperlyConfigured(str(error)) from None
    result: SafeString = mark_safe(script)
    return result
