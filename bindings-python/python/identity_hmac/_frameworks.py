"""What the Django and Jinja helpers share: a preset's settings, and a user
object as the mapping ``identify_script`` takes. It imports no framework.

A preset's settings are a mapping with ``secret`` and optionally
``secret_encoding``, ``page`` (the page values: ``app_id``, ``chatId``,
``appId``), ``key_id`` and ``expires_in`` (token presets), or just the secret.
A secret missing there is read from the environment variable
``IDENTITY_HMAC_<PRESET>_SECRET`` (``IDENTITY_HMAC_CHATWOOT_SECRET``,
``IDENTITY_HMAC_INTERCOM_JWT_SECRET``, ...).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Dict, Optional, Union

from . import identify_script
from ._widgets import Widget

SETTINGS_KEYS = ("secret", "secret_encoding", "page", "key_id", "expires_in")


def environment_variable(widget: Widget) -> str:
    """The environment variable a preset's secret is read from when the settings lack it."""
    return f"IDENTITY_HMAC_{widget.name}_SECRET"


def preset_settings(
    widget: Widget, settings: Optional[Mapping[str, Any]], where: str, require_secret: bool = True
) -> Dict[str, Any]:
    """The settings of `widget` (see the module's notes), its secret included
    (unless `require_secret` is false and neither the settings nor the
    environment have one). `where` names the settings in messages
    (``settings.IDENTITY_HMAC``). A ValueError says what is missing or unknown,
    never a secret's value."""
    entry: Any = (settings or {}).get(widget.value)
    if entry is None:
        entry = {}
    elif isinstance(entry, (str, bytes)):
        entry = {"secret": entry}
    elif not isinstance(entry, Mapping):
        raise ValueError(f"{where}[{widget.value!r}] must be a mapping or a secret, not {type(entry).__name__}")
    unknown = sorted(str(key) for key in entry if key not in SETTINGS_KEYS)
    if unknown:
        raise ValueError(f"{where}[{widget.value!r}] has unknown keys {unknown}; it takes {', '.join(SETTINGS_KEYS)}")
    found = dict(entry)
    if found.get("secret") is None:
        secret = os.environ.get(environment_variable(widget))
        if secret is None and not require_secret:
            return found
        if secret is None:
            raise ValueError(
                f"no secret for the {widget.value} preset: set {where}[{widget.value!r}]['secret'] "
                f"or the environment variable {environment_variable(widget)}"
            )
        found["secret"] = secret
    return found


def _attribute(user: object, name: str) -> Any:
    value = getattr(user, name, None)
    return None if value == "" else value


def user_fields(user: object) -> Optional[Mapping[str, Any]]:
    """A mapping as it is; a user object (Django's ``request.user``, a
    Flask-Login user) as ``identifier`` (``pk``, else ``id``), ``email``, ``name``
    (``get_full_name()``, else ``name``), ``avatar_url`` and ``phone_number``,
    empty strings left out; ``None`` for an anonymous user (``is_authenticated``
    false) or ``None``."""
    if user is None:
        return None
    if isinstance(user, Mapping):
        return user
    if getattr(user, "is_authenticated", True) is False:
        return None
    identifier = _attribute(user, "pk")
    if identifier is None:
        identifier = _attribute(user, "id")
    full_name = getattr(user, "get_full_name", None)
    name = (full_name() or None) if callable(full_name) else _attribute(user, "name")
    fields = {
        "identifier": identifier,
        "email": _attribute(user, "email"),
        "name": name,
        "avatar_url": _attribute(user, "avatar_url"),
        "phone_number": _attribute(user, "phone_number"),
    }
    return {key: value for key, value in fields.items() if value is not None}


def render(
    widget: Union[Widget, str],
    user: object,
    settings: Optional[Mapping[str, Any]],
    where: str,
    page: Optional[Mapping[str, str]] = None,
    nonce: Optional[str] = None,
    page_values: Optional[Mapping[str, str]] = None,
) -> str:
    """The preset's identify script for `user` (empty for no user or an
    anonymous one): the JavaScript source, or with `nonce` the whole
    ``<script nonce>`` element. `page` replaces the settings' page values;
    `page_values` (a template's keyword arguments) are put over them."""
    preset = _preset(widget)
    if preset is None:
        # Not a preset's name: the core's UNKNOWN_WIDGET (or a TypeError), which
        # does not repeat what was given.
        return identify_script(widget, "unused", {})
    fields = user_fields(user)
    if fields is None:
        return ""
    found = preset_settings(preset, settings, where)
    values: Dict[str, str] = dict(found.get("page") or {}) if page is None else dict(page)
    values.update(page_values or {})
    return identify_script(
        preset,
        found["secret"],
        fields,
        page=values,
        nonce=nonce,
        secret_encoding=found.get("secret_encoding"),
        expires_in=found.get("expires_in"),
        key_id=found.get("key_id"),
    )


def _preset(widget: object) -> Optional[Widget]:
    if isinstance(widget, Widget):
        return widget
    try:
        return Widget(widget)
    except ValueError:
        return None
