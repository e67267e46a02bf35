"""The widget presets, as values (the core's table: ``identity_hmac._native.widget_names()``)."""

from __future__ import annotations

import enum


class Widget(enum.Enum):
    """A chat widget whose identity verification the core knows; ``.value`` is the core's name.

    ``identify`` and ``identify_script`` take a member, or its name as a ``str``
    (an unknown name raises ``WidgetError`` with code ``UNKNOWN_WIDGET``).
    """

    CHATWOOT = "chatwoot"
    PYLON = "pylon"
    INTERCOM = "intercom"
    HELPSCOUT = "helpscout"
    FRONT = "front"
    PLAIN = "plain"
    CHATBASE = "chatbase"
    GLEAP = "gleap"
    INTERCOM_JWT = "intercom-jwt"
    ZENDESK = "zendesk"


Widget.__module__ = "identity_hmac"
