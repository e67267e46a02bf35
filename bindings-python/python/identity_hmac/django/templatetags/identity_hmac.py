"""``{% load identity_hmac %}``: the ``identity_hmac_script`` tag (see ``identity_hmac.django``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional

from django import template  # type: ignore[import-untyped]
from django.utils.safestring import SafeString  # type: ignore[import-untyped]

from identity_hmac import django as helper

register = template.Library()


@register.simple_tag(takes_context=True)  # type: ignore[untyped-decorator]
def identity_hmac_script(
    context: Any,
    widget: str,
    user: object = None,
    *,
    page: Optional[Mapping[str, str]] = None,
    nonce: Optional[str] = None,
    **page_values: str,
) -> SafeString:
    """``{% identity_hmac_script "chatwoot" request.user %}``: the preset's identify
    script for the user (default: the template's ``user``), as a SafeString."""
    if user is None:
        user = context.get("user")
    return helper.identity_hmac_script(widget, user, page=page, nonce=nonce, **page_values)
