"""The Flask site of the browser test: a page per preset, rendered by identity_hmac.jinja's global.

    python flask_site.py

serves the app with werkzeug's server (what ``flask run`` and ``run_simple``
use) on 127.0.0.1 at a free port, which it prints as its first line. The
secrets come from the environment (``IDENTITY_HMAC_<PRESET>_SECRET``), the page
values and Zendesk's key id from the settings given to ``install``; the page's
user is a Flask-Login user. Routes as in django_site.py.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "browser-tests"))

import browser_check  # type: ignore[import-not-found]  # noqa: E402
import flask_login  # type: ignore[import-untyped]  # noqa: E402
from flask import Flask, render_template  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

import identity_hmac.jinja  # noqa: E402

FIXTURE: Any = browser_check.FIXTURE
NONCE: str = FIXTURE["nonce"]
PRESETS = browser_check.PRESETS + browser_check.TOKEN_PRESETS


class FixtureUser(flask_login.UserMixin):  # type: ignore[misc]
    """A Flask-Login user, as ``current_user`` is for a signed-in visitor."""

    def __init__(self) -> None:
        self.id = FIXTURE["user"]["identifier"]
        self.email = FIXTURE["user"]["email"]
        self.name = FIXTURE["user"]["name"]


app = Flask(__name__, template_folder=str(HERE / "templates"))
identity_hmac.jinja.install(
    app.jinja_env,
    {preset: {"page": FIXTURE["page"].get(preset, {}), "key_id": FIXTURE["key_ids"].get(preset)} for preset in PRESETS},
)


def page(preset: str, csp: bool) -> Any:
    html = render_template("flask_page.html", preset=preset, user=FixtureUser(), stub=browser_check.stub_url(preset), nonce=NONCE if csp else None)
    headers = {"Content-Security-Policy": f"script-src 'nonce-{NONCE}'"} if csp else {}
    return html, 200, headers


@app.get("/<preset>/")
def plain_page(preset: str) -> Any:
    return page(preset, csp=False)


@app.get("/<preset>/nonce")
def nonce_page(preset: str) -> Any:
    return page(preset, csp=True)


if __name__ == "__main__":
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(server.port, flush=True)
    server.serve_forever()
