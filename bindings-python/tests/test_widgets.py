"""Widget presets: the Widget enum, identify and identify_script, their errors."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import json
import pickle
import traceback
from typing import Any, Dict, List, Optional, Tuple

import pytest

import identity_hmac
from identity_hmac import IdentityHmacError, TokenVerifier, Widget, WidgetError, identify, identify_script

# The core's names, from the native module (which has no stub of its own).
widget_names: Any = importlib.import_module("identity_hmac._native").widget_names

TEXT_SECRET = "Kq7Zr-Xw4Jt-Vw9Pm"
HEX_SECRET = "83c3b29d9950827654c842103bc10227eef8e6fe90e554c0e231ccc44baa87d2"
XSS_NAME = "</script><script>window.pwned=1</script>"
USER: Dict[str, Any] = {"identifier": 9007199254740993, "email": 'a"b\u2028c@example.com', "name": XSS_NAME}
PAGE = {
    Widget.PYLON: {"app_id": "pylon-app"},
    Widget.INTERCOM: {"app_id": "intercom-app"},
    Widget.FRONT: {"chatId": "front-chat"},
    Widget.PLAIN: {"appId": "liveChatApp-1"},
    Widget.INTERCOM_JWT: {"app_id": "intercom-app"},
}
HASH_PRESETS = [w for w in Widget if w not in (Widget.INTERCOM_JWT, Widget.ZENDESK)]


def secret_for(widget: Widget) -> str:
    return HEX_SECRET if widget is Widget.PYLON else TEXT_SECRET


def hmac_hex(widget: Widget, value: str) -> str:
    key = bytes.fromhex(HEX_SECRET) if widget is Widget.PYLON else TEXT_SECRET.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def leaked_part(secret: str, text: str) -> Optional[str]:
    """The first 4-character piece of `secret` that occurs in `text`, if any."""
    for start in range(len(secret) - 3):
        if secret[start : start + 4] in text:
            return secret[start : start + 4]
    return None


def unb64(segment: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def test_the_enum_is_the_cores_table() -> None:
    assert [widget.value for widget in Widget] == list(widget_names())
    assert [widget.name for widget in Widget] == [name.upper().replace("-", "_") for name in widget_names()]
    assert Widget("intercom-jwt") is Widget.INTERCOM_JWT
    assert Widget.__module__ == "identity_hmac"
    assert pickle.loads(pickle.dumps(Widget.ZENDESK)) is Widget.ZENDESK


# The fields each hash preset returns for USER, in the call's order, and the value it signs.
EXPECTED_FIELDS: Dict[Widget, Tuple[List[str], str]] = {
    Widget.CHATWOOT: (["identifier", "email", "name", "identifier_hash"], "identifier"),
    Widget.PYLON: (["email", "name", "email_hash"], "email"),
    Widget.INTERCOM: (["user_id", "email", "name", "user_hash"], "identifier"),
    Widget.HELPSCOUT: (["name", "email", "signature"], "email"),
    Widget.FRONT: (["email", "name", "userHash"], "email"),
    Widget.PLAIN: (["email", "emailHash", "fullName"], "email"),
    Widget.CHATBASE: (["user_id", "user_hash", "name", "email"], "identifier"),
    Widget.GLEAP: (["userId", "name", "email", "userHash"], "identifier"),
}


@pytest.mark.parametrize("widget", HASH_PRESETS, ids=lambda w: w.value)
def test_identify_signs_what_the_vendor_documents(widget: Widget) -> None:
    names, signed = EXPECTED_FIELDS[widget]
    fields = identify(widget, secret_for(widget), USER)
    assert list(fields) == names
    signed_value = str(USER[signed])
    assert fields[names[-1] if widget not in (Widget.PLAIN, Widget.CHATBASE) else names[1]] == hmac_hex(widget, signed_value)
    for name, value in fields.items():
        assert isinstance(value, str), name
    # The preset's name gives the same result as the member.
    assert identify(widget.value, secret_for(widget), USER) == fields


def test_integer_identifiers_are_signed_as_their_decimal_digits() -> None:
    for identifier in (42, -7, 2**64 + 1, 2**200):
        fields = identify(Widget.CHATWOOT, TEXT_SECRET, {"identifier": identifier})
        assert fields == {"identifier": str(identifier), "identifier_hash": hmac_hex(Widget.CHATWOOT, str(identifier))}
    assert identify(Widget.CHATWOOT, TEXT_SECRET, {"identifier": "42"}) == identify(
        Widget.CHATWOOT, TEXT_SECRET, {"identifier": 42}
    )


@pytest.mark.parametrize("bad", [True, 1.0, b"42", ["42"]], ids=repr)
def test_identifiers_of_other_types_are_type_errors(bad: Any) -> None:
    with pytest.raises(TypeError, match="identifier"):
        identify(Widget.CHATWOOT, TEXT_SECRET, {"identifier": bad})
    with pytest.raises(TypeError, match="name"):
        identify(Widget.CHATWOOT, TEXT_SECRET, {"identifier": "1", "name": 5})


def test_none_leaves_a_field_out() -> None:
    fields = identify(Widget.CHATWOOT, TEXT_SECRET, {"identifier": "1", "email": None, "name": None})
    assert list(fields) == ["identifier", "identifier_hash"]


def test_intercom_signs_the_email_without_a_user_id() -> None:
    fields = identify(Widget.INTERCOM, TEXT_SECRET, {"email": "zoe@example.com"})
    assert fields == {"email": "zoe@example.com", "user_hash": hmac_hex(Widget.INTERCOM, "zoe@example.com")}


def test_secret_encoding_overrides_the_presets() -> None:
    as_text = identify(Widget.PYLON, HEX_SECRET, {"email": "a@b.c"}, secret_encoding="text")
    key = HEX_SECRET.encode()
    assert as_text["email_hash"] == hmac.new(key, b"a@b.c", hashlib.sha256).hexdigest()
    assert identify(Widget.PYLON, HEX_SECRET.encode(), {"email": "a@b.c"})["email_hash"] == hmac_hex(Widget.PYLON, "a@b.c")
    with pytest.raises(IdentityHmacError) as caught:
        identify(Widget.PYLON, HEX_SECRET, {"email": "a@b.c"}, secret_encoding="HEX")
    assert caught.value.code == "UNKNOWN_SECRET_ENCODING"
    with pytest.raises(identity_hmac.InvalidSecretError) as bad_hex:
        identify(Widget.PYLON, HEX_SECRET + " ", {"email": "a@b.c"})
    assert (bad_hex.value.code, bad_hex.value.position) == ("INVALID_HEX_SECRET", 64)


def test_token_presets_sign_a_jwt() -> None:
    fields = identify(Widget.INTERCOM_JWT, TEXT_SECRET, USER, expires_in=3600, now=1_700_000_000)
    assert list(fields) == ["intercom_user_jwt"]
    token = fields["intercom_user_jwt"]
    claims = TokenVerifier([TEXT_SECRET]).verify(token, now=1_700_000_100)
    assert claims == {
        "user_id": str(USER["identifier"]),
        "email": USER["email"],
        "name": XSS_NAME,
        "iat": 1_700_000_000,
        "exp": 1_700_003_600,
    }
    zendesk = identify(Widget.ZENDESK, TEXT_SECRET, USER, key_id="app_1", now=1_700_000_000)["jwt"]
    header, payload, _ = zendesk.split(".")
    assert unb64(header) == {"alg": "HS256", "kid": "app_1", "typ": "JWT"}
    assert unb64(payload)["external_id"] == str(USER["identifier"])
    assert unb64(payload)["scope"] == "user"
    assert TokenVerifier([("app_1", TEXT_SECRET)], required_claims=["external_id", "scope"]).verify(
        zendesk, now=1_700_000_000
    )["name"] == XSS_NAME


def test_missing_field_names_the_field() -> None:
    cases: List[Tuple[Any, Dict[str, Any], Dict[str, Any], str, str]] = [
        (Widget.PYLON, {"name": "Zoë"}, {}, "email", "missing"),
        (Widget.PYLON, {"email": ""}, {}, "email", "empty"),
        (Widget.CHATWOOT, {"email": "a@b.c"}, {}, "identifier", "missing"),
        (Widget.INTERCOM, {"name": "x"}, {}, "email", "missing"),
        (Widget.ZENDESK, {"identifier": "1"}, {}, "key_id", "missing"),
        (Widget.INTERCOM_JWT, {"email": "a@b.c"}, {}, "identifier", "missing"),
    ]
    for widget, user, options, field, reason in cases:
        with pytest.raises(WidgetError) as caught:
            identify(widget, secret_for(widget), user, **options)
        error = caught.value
        assert (error.code, error.field, error.reason) == ("MISSING_FIELD", field, reason), widget
        assert field in str(error)
    with pytest.raises(WidgetError) as page_error:
        identify_script(Widget.FRONT, TEXT_SECRET, {"email": "a@b.c"})
    assert (page_error.value.code, page_error.value.field) == ("MISSING_FIELD", "chatId")


def test_unknown_fields() -> None:
    with pytest.raises(WidgetError) as caught:
        identify(Widget.CHATWOOT, TEXT_SECRET, {"identifier": "1", "e-mail": "a@b.c"})
    assert caught.value.code == "UNKNOWN_FIELD" and caught.value.field is None
    with pytest.raises(WidgetError) as unknown_none:
        identify(Widget.CHATWOOT, TEXT_SECRET, {"identifier": "1", "nickname": None})
    assert unknown_none.value.code == "UNKNOWN_FIELD"
    with pytest.raises(WidgetError) as page:
        identify_script(Widget.CHATWOOT, TEXT_SECRET, {"identifier": "1"}, page={"app_id": "x"})
    assert page.value.code == "UNKNOWN_FIELD"
    with pytest.raises(TypeError):
        identify(Widget.CHATWOOT, TEXT_SECRET, {1: "x"})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        identify(Widget.CHATWOOT, TEXT_SECRET, [("identifier", "1")])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        identify_script(Widget.PYLON, HEX_SECRET, {"email": "a"}, page={"app_id": 1})  # type: ignore[dict-item]


def test_unknown_widget_only_by_name() -> None:
    # With the enum an unknown preset cannot be written; a str name is checked by the core.
    for name in ("Chatwoot", "crisp", "chatwoot ", "", "help_scout", "chat\udcffwoot"):
        with pytest.raises(WidgetError) as caught:
            identify(name, TEXT_SECRET, {"identifier": "1"})
        assert caught.value.code == "UNKNOWN_WIDGET"
        assert name not in str(caught.value) or name == ""
    with pytest.raises(TypeError, match="Widget"):
        identify(3, TEXT_SECRET, {"identifier": "1"})  # type: ignore[arg-type]


def test_the_script_escapes_every_value() -> None:
    for widget in Widget:
        script = identify_script(widget, secret_for(widget), USER, page=PAGE.get(widget), key_id="k1")
        assert "</script" not in script.lower() and XSS_NAME not in script, widget
        assert "\u2028" not in script and "\u2029" not in script
        assert identify_script(widget, secret_for(widget), USER, page=PAGE.get(widget), key_id="k1", now=1) == (
            identify_script(widget, secret_for(widget), USER, page=PAGE.get(widget), key_id="k1", now=1)
        ), "the same input gives the same bytes"
    chatwoot = identify_script(Widget.CHATWOOT, TEXT_SECRET, USER)
    assert "\\u003c/script\\u003e\\u003cscript\\u003ewindow.pwned=1\\u003c/script\\u003e" in chatwoot
    assert "\\u2028" in chatwoot
    assert "chatwoot:ready" in chatwoot
    assert hmac_hex(Widget.CHATWOOT, str(USER["identifier"])) in chatwoot


def test_a_nonce_gives_the_whole_element() -> None:
    tag = identify_script(Widget.PYLON, HEX_SECRET, USER, page={"app_id": "x"}, nonce="cjRuZDBtLW5vbmNl")
    assert tag.startswith('<script nonce="cjRuZDBtLW5vbmNl">\n')
    assert tag.rstrip().endswith("</script>") and tag.count("</script>") == 1
    bare = identify_script(Widget.PYLON, HEX_SECRET, USER, page={"app_id": "x"})
    assert bare in tag
    for bad, position in (("", None), ('a"b', 1), ("a b", 1), ("<x>", 0)):
        with pytest.raises(WidgetError) as caught:
            identify_script(Widget.PYLON, HEX_SECRET, USER, page={"app_id": "x"}, nonce=bad)
        assert (caught.value.code, caught.value.position) == ("INVALID_NONCE", position)


def test_widget_errors_pickle_and_subclass() -> None:
    assert issubclass(WidgetError, IdentityHmacError) and WidgetError.__module__ == "identity_hmac"
    with pytest.raises(WidgetError) as caught:
        identify(Widget.PYLON, HEX_SECRET, {})
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is WidgetError
    assert (copy.code, copy.field, copy.reason, str(copy)) == ("MISSING_FIELD", "email", "missing", str(caught.value))


def test_no_error_shows_the_secret() -> None:
    calls: List[Tuple[Any, str, Dict[str, Any], Dict[str, Any]]] = [
        (Widget.PYLON, HEX_SECRET, {}, {}),
        (Widget.PYLON, HEX_SECRET[:-1], {"email": "a"}, {}),
        (Widget.PYLON, HEX_SECRET + "\n", {"email": "a"}, {}),
        (Widget.CHATWOOT, TEXT_SECRET, {"identifier": "1", "bogus": "x"}, {}),
        (Widget.FRONT, TEXT_SECRET, {"email": "a"}, {"page": {}}),
        (Widget.PYLON, HEX_SECRET, {"email": "a"}, {"page": {"app_id": "x"}, "nonce": "a b"}),
        (Widget.ZENDESK, TEXT_SECRET, {"identifier": "1"}, {}),
        (TEXT_SECRET, TEXT_SECRET, {"identifier": "1"}, {}),  # the secret pasted as the preset's name
    ]
    for widget, secret, user, options in calls:
        with pytest.raises(IdentityHmacError) as caught:
            identify_script(widget, secret, user, **options)
        shown = "".join(traceback.format_exception(caught.type, caught.value, caught.tb))
        for text in (str(caught.value), repr(caught.value), shown):
            assert leaked_part(TEXT_SECRET, text) is None, text
            assert leaked_part(HEX_SECRET, text) is None, text
