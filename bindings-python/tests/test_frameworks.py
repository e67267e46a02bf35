"""The framework helpers: identity_hmac.django's template tag and identity_hmac.jinja's global.

(tests/browser/run.py loads their pages in a real browser; here their output is
compared with identify_script's and their configuration errors are checked.)
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from typing import Any, Dict

import jinja2
import pytest
from markupsafe import Markup

import identity_hmac
import identity_hmac.jinja
from identity_hmac import Widget, identify_script

SECRET = "Kq7Zr-Xw4Jt-Vw9Pm-Fr4mw"
HEX_SECRET = "83c3b29d9950827654c842103bc10227eef8e6fe90e554c0e231ccc44baa87d2"
USER: Dict[str, Any] = {"identifier": 42, "email": "zoe@example.com", "name": "</script><script>alert(1)</script>"}
NONCE = "cjRuZDBtLW5vbmNl"


class DjangoLikeUser:
    is_authenticated = True
    pk = 42
    email = "zoe@example.com"

    def get_full_name(self) -> str:
        return "</script><script>alert(1)</script>"


class Anonymous:
    is_authenticated = False
    pk = None


def test_the_package_imports_no_framework() -> None:
    code = (
        "import sys, identity_hmac\n"
        "loaded = {'django', 'flask', 'jinja2', 'markupsafe'} & set(sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-I", "-c", code], check=True)


def test_the_extras_are_declared() -> None:
    extras = importlib.metadata.metadata("identity-hmac").get_all("Provides-Extra") or []
    assert {"django", "flask", "jinja"} <= set(extras)


def jinja_env(settings: Any) -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True)
    identity_hmac.jinja.install(env, settings)
    return env


def test_the_jinja_global_renders_identify_script() -> None:
    env = jinja_env({"chatwoot": SECRET, "pylon": {"secret": HEX_SECRET, "page": {"app_id": "app-1"}}})
    expected = identify_script(Widget.CHATWOOT, SECRET, USER)
    template = env.from_string("<script>{{ identity_hmac_script('chatwoot', user) }}</script>")
    assert template.render(user=USER) == f"<script>{expected}</script>"
    assert template.render(user=DjangoLikeUser()) == f"<script>{expected}</script>"
    assert template.render(user=Anonymous()) == "<script></script>"
    tag = env.from_string("{{ identity_hmac_script('pylon', user, nonce=nonce) }}").render(user=USER, nonce=NONCE)
    assert tag == identify_script(Widget.PYLON, HEX_SECRET, USER, page={"app_id": "app-1"}, nonce=NONCE)
    other_app = env.from_string("{{ identity_hmac_script('pylon', user, app_id='app-2') }}").render(user=USER)
    assert other_app == identify_script(Widget.PYLON, HEX_SECRET, USER, page={"app_id": "app-2"})
    script: Any = env.globals["identity_hmac_script"]
    result = script("chatwoot", USER)
    assert isinstance(result, Markup)
    assert SECRET[:4] not in repr(env.globals["identity_hmac_script"])


def test_the_jinja_global_reads_secrets_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    env = jinja_env({"zendesk": {"key_id": "app_1"}})
    render: Any = env.globals["identity_hmac_script"]
    with pytest.raises(ValueError, match="IDENTITY_HMAC_ZENDESK_SECRET") as missing:
        render(Widget.ZENDESK, USER)
    assert not isinstance(missing.value, identity_hmac.IdentityHmacError)
    monkeypatch.setenv("IDENTITY_HMAC_ZENDESK_SECRET", SECRET)
    script = str(render(Widget.ZENDESK, USER))
    assert "loginUser" in script
    token = script.split('callback("', 1)[1].split('"', 1)[0]
    assert identity_hmac.TokenVerifier([("app_1", SECRET)]).verify(token)["external_id"] == "42"


def test_jinja_configuration_errors() -> None:
    with pytest.raises(ValueError, match="unknown preset"):
        jinja_env({"crisp": SECRET})
    with pytest.raises(ValueError, match="unknown keys"):
        jinja_env({"chatwoot": {"secret": SECRET, "token": "x"}})
    render: Any = jinja_env({"chatwoot": SECRET}).globals["identity_hmac_script"]
    with pytest.raises(identity_hmac.WidgetError) as unknown:
        render("crisp", USER)
    assert unknown.value.code == "UNKNOWN_WIDGET"
    with pytest.raises(identity_hmac.WidgetError) as missing:
        render("chatwoot", {"email": "a@b.c"})
    assert (missing.value.code, missing.value.field) == ("MISSING_FIELD", "identifier")


def test_the_django_tag_renders_identify_script() -> None:
    code = f"""
import django
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
settings.configure(
    INSTALLED_APPS=["identity_hmac.django"],
    TEMPLATES=[{{"BACKEND": "django.template.backends.django.DjangoTemplates"}}],
    IDENTITY_HMAC={{"chatwoot": {{"secret": {SECRET!r}}}, "pylon": {{"secret": {HEX_SECRET!r}, "page": {{"app_id": "a"}}}}}},
)
django.setup()
from django.template import engines
from django.utils.safestring import SafeString
import identity_hmac
from identity_hmac import Widget, identify_script
user = {USER!r}

def render(text, **context):
    return engines["django"].from_string("{{% load identity_hmac %}}" + text).render(context)

assert render('<script>{{% identity_hmac_script "chatwoot" user %}}</script>', user=user) == (
    "<script>" + identify_script(Widget.CHATWOOT, {SECRET!r}, user) + "</script>")
assert render('{{% identity_hmac_script "chatwoot" %}}', user=user) == identify_script(Widget.CHATWOOT, {SECRET!r}, user)
assert render('{{% identity_hmac_script "pylon" user nonce=n %}}', user=user, n={NONCE!r}) == identify_script(
    Widget.PYLON, {HEX_SECRET!r}, user, page={{"app_id": "a"}}, nonce={NONCE!r})
assert render('{{% identity_hmac_script "pylon" user app_id="b" %}}', user=user) == identify_script(
    Widget.PYLON, {HEX_SECRET!r}, user, page={{"app_id": "b"}})
assert render('{{% identity_hmac_script "chatwoot" user %}}', user=None) == ""
import identity_hmac.django as helper
assert isinstance(helper.identity_hmac_script("chatwoot", user), SafeString)
try:
    render('{{% identity_hmac_script "front" user %}}', user=user)
except ImproperlyConfigured as error:
    assert "IDENTITY_HMAC_FRONT_SECRET" in str(error), error
else:
    raise AssertionError("no ImproperlyConfigured")
try:
    render('{{% identity_hmac_script "crisp" user %}}', user=user)
except identity_hmac.WidgetError as error:
    assert error.code == "UNKNOWN_WIDGET"
else:
    raise AssertionError("no WidgetError")
print("ok")
"""
    result = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout == "ok\n", result.stderr
