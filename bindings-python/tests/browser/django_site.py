"""The Django site of the browser test: a page per preset, rendered by identity_hmac.django's tag.

    python django_site.py PORT

runs Django's own development server (``runserver --noreload``) on
127.0.0.1:PORT. ``settings.IDENTITY_HMAC`` holds fixture.json's secrets, page
values and Zendesk's key id; the page's user is an object like Django's
``request.user`` (``pk``, ``email``, ``get_full_name()``). ``/PRESET/`` puts the
script in a ``<script>`` element; ``/PRESET/nonce`` renders the tag's nonce'd
element and serves the page with ``Content-Security-Policy: script-src 'nonce-…'``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "browser-tests"))

import browser_check  # type: ignore[import-not-found]  # noqa: E402
from django.conf import settings  # type: ignore[import-untyped]  # noqa: E402
from django.core.management import execute_from_command_line  # type: ignore[import-untyped]  # noqa: E402
from django.shortcuts import render  # type: ignore[import-untyped]  # noqa: E402
from django.urls import path  # type: ignore[import-untyped]  # noqa: E402

FIXTURE: Any = browser_check.FIXTURE
NONCE: str = FIXTURE["nonce"]
PRESETS = browser_check.PRESETS + browser_check.TOKEN_PRESETS


class FixtureUser:
    """Stands in for ``request.user``: an authenticated user with a primary key."""

    is_authenticated = True
    pk = FIXTURE["user"]["identifier"]
    email = FIXTURE["user"]["email"]

    def get_full_name(self) -> str:
        name: str = FIXTURE["user"]["name"]
        return name


def page(request: Any, preset: str, csp: bool = False) -> Any:
    context = {"preset": preset, "user": FixtureUser(), "stub": browser_check.stub_url(preset), "nonce": NONCE if csp else None}
    response = render(request, "page.html", context)
    if csp:
        response["Content-Security-Policy"] = f"script-src 'nonce-{NONCE}'"
    return response


settings.configure(
    DEBUG=True,
    SECRET_KEY="browser-test-only",
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=["identity_hmac.django"],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [str(HERE / "templates")]}],
    IDENTITY_HMAC={
        preset: {
            "secret": FIXTURE["secrets"][preset],
            "page": FIXTURE["page"].get(preset, {}),
            "key_id": FIXTURE["key_ids"].get(preset),
        }
        for preset in PRESETS
    },
)
urlpatterns = [path("<str:preset>/", page), path("<str:preset>/nonce", page, {"csp": True})]

if __name__ == "__main__":
    execute_from_command_line([sys.argv[0], "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{sys.argv[1]}"])
