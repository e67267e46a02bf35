"""identity-hmac for Jinja (and so Flask): a template global that renders a preset's identify call.

Install ``identity-hmac[flask]`` (or ``[jinja]``) and register the global once::

    import identity_hmac.jinja

    identity_hmac.jinja.install(app.jinja_env, {
        "chatwoot": {"secret": os.environ["CHATWOOT_HMAC_TOKEN"]},
        "pylon": {"page": {"app_id": "..."}},  # secret from IDENTITY_HMAC_PYLON_SECRET
    })

Then in a template::

    <script>{{ identity_hmac_script("chatwoot", current_user) }}</script>
    {{ identity_hmac_script("pylon", current_user, nonce=csp_nonce) }}

The global returns the preset's identify call as JavaScript source (for inside
a ``<script>`` element), or with ``nonce`` the whole ``<script nonce="…">``
element, as ``markupsafe.Markup``; an empty Markup for an anonymous user.
Keyword arguments other than ``nonce`` and ``page`` are page values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional, Protocol, Union

from markupsafe import Markup

from ._frameworks import preset_settings, render
from ._widgets import Widget

__all__ = ["install", "IdentifyScript"]


class _Environment(Protocol):
    globals: Any  # a jinja2.Environment's (or Flask's app.jinja_env's) globals dict


class IdentifyScript:
    """The template global: ``identity_hmac_script(widget, user, *, page=None, nonce=None, **page_values)``."""

    def __init__(self, settings: Optional[Mapping[str, Any]] = None) -> None:
        self._settings = dict(settings or {})

    def __call__(
        self,
        widget: Union[Widget, str],
        user: object,
        *,
        page: Optional[Mapping[str, str]] = None,
        nonce: Optional[str] = None,
        **page_values: str,
    ) -> Markup:
        return Markup(render(widget, user, self._settings, "the identity_hmac settings", page, nonce, page_values))

    def __repr__(self) -> str:
        return f"IdentifyScript(<redacted>, presets {sorted(self._settings)})"


def install(
    environment: _Environment,
    settings: Optional[Mapping[str, Any]] = None,
    *,
    name: str = "identity_hmac_script",
) -> IdentifyScript:
    """Registers the global `name` in `environment` (a ``jinja2.Environment``,
    e.g. Flask's ``app.jinja_env``) and returns it. `settings` maps preset names
    to their settings (``secret``, ``secret_encoding``, ``page``, ``key_id``,
    ``expires_in``) or to a bare secret; a secret left out is read from
    ``IDENTITY_HMAC_<PRESET>_SECRET`` when a page is rendered. Unknown preset
    names or settings keys raise ValueError here, at start-up."""
    for preset in settings or {}:
        try:
            widget = Widget(preset)
        except ValueError:
            raise ValueError(f"unknown preset in the identity_hmac settings; known: {[w.value for w in Widget]}") from None
        # A secret may come from the environment later, when a page is rendered.
        preset_settings(widget, settings, "the identity_hmac settings", require_secret=False)
    script = IdentifyScript(settings)
    environment.globals[name] = script
    return script
