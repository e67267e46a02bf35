#!/usr/bin/env python3
"""Checks pages in a real browser against what the vendor's identify call must receive.

A page under test renders the identify script for the user of fixture.json
(the hostile user of issue 16 §5) with that file's secret and page values,
and includes the preset's vendor stub, `<script src="/identity-hmac-stubs/PRESET.js">`,
in its <head> (the driver serves it; under a CSP the tag carries the nonce).
For each page this module expects:

- exactly one identify call, equal to the call the vendor documents, built
  here from the fixture: identifier, email, name and page values byte for
  byte, and the hash computed with Python's `hmac` (secret as text, or
  hex-decoded for Pylon); for the token presets (intercom-jwt, zendesk), a
  JWT whose HS256 signature `hmac` verifies, with the header and claims the
  vendor documents (values byte for byte, `iat` an integer, `exp` = `iat` +
  the lifetime asked for);
- `typeof window.pwned` is "undefined";
- no console error and no uncaught page error.

As a command, for a server of any language:

    python3 browser-tests/browser_check.py [--label NAME] PRESET=URL...

prints one line per page and exits 1 if any check failed (2 on a usage or
driver error). As a module (Python tests): `observe(urls)`, `expected_call(preset)`,
`check_identify(observation, preset)` and `check_blocked(observation)`.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIXTURE = json.loads((HERE / "fixture.json").read_text(encoding="utf-8"))
PRESETS = ("chatwoot", "pylon", "intercom", "helpscout", "front", "plain", "chatbase", "gleap")
TOKEN_PRESETS = ("intercom-jwt", "zendesk")
STUB_PREFIX = "/identity-hmac-stubs/"
# The vendor whose stub (and recorded call) a preset uses, where it is not the preset's name.
VENDOR = {"intercom-jwt": "intercom"}


def stub_url(preset: str) -> str:
    """The path of the preset's vendor stub, for the page's <script src>."""
    return f"{STUB_PREFIX}{VENDOR.get(preset, preset)}.js"


def _unbase64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Jwt:
    """Stands for an HS256 token in an expected call: `differences` verifies it with Python's
    `hmac` and compares its header and claims, since `iat` makes every token another string."""

    TIME_CLAIMS = ("iat", "exp", "nbf")

    def __init__(self, secret: str, claims: dict[str, Any], key_id: str | None, expires_in: int | None) -> None:
        self.secret, self.claims, self.key_id, self.expires_in = secret, claims, key_id, expires_in

    def differences(self, token: Any, where: str) -> list[str]:
        if not isinstance(token, str) or token.count(".") != 2:
            return [f"{where}: got {ascii(token)}, expected a JWT"]
        header_part, claims_part, signature = token.split(".")
        mac = hmac.new(self.secret.encode("utf-8"), f"{header_part}.{claims_part}".encode("ascii"), hashlib.sha256)
        if base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode("ascii") != signature:
            return [f"{where}: the signature is not HMAC-SHA256 of the token under the secret"]
        try:
            header, claims = json.loads(_unbase64url(header_part)), json.loads(_unbase64url(claims_part))
        except ValueError as error:
            return [f"{where}: header or claims are not base64url JSON: {error}"]
        want_header = {"alg": "HS256", "typ": "JWT", **({"kid": self.key_id} if self.key_id is not None else {})}
        out = differences(header, want_header, f"{where}<header>")
        times = {name: claims.pop(name) for name in self.TIME_CLAIMS if name in claims}
        out += differences(claims, self.claims, f"{where}<claims>")
        if not isinstance(times.get("iat"), int):
            out.append(f"{where}<claims>.iat: got {times.get('iat')!r}, expected an integer")
        elif self.expires_in is not None and times.get("exp") != times["iat"] + self.expires_in:
            out.append(f"{where}<claims>.exp: got {times.get('exp')!r}, expected iat + {self.expires_in}")
        elif self.expires_in is None and "exp" in times:
            out.append(f"{where}<claims>.exp is unexpected")
        return out


def identity_hash(preset: str, secret: str, value: str) -> str:
    """lowercase_hex(HMAC-SHA256(key, value)), the key as each vendor documents it."""
    key = bytes.fromhex(secret) if preset == "pylon" else secret.encode("utf-8")
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def expected_call(
    preset: str,
    user: dict[str, Any] | None = None,
    secret: str | None = None,
    page: dict[str, str] | None = None,
    key_id: str | None = None,
    expires_in: int | None = None,
) -> dict[str, Any]:
    """The call the vendor stub must record, as each vendor's documentation shapes it.
    Each argument left out is fixture.json's (`key_id`: the token's `kid`, for Zendesk);
    a token has `exp` = `iat` + `expires_in`, or no `exp` when that is None."""
    user = FIXTURE["user"] if user is None else user
    secret = FIXTURE["secrets"][preset] if secret is None else secret
    page = FIXTURE["page"].get(preset, {}) if page is None else page
    identifier = str(user["identifier"])  # an integer is signed and sent as its decimal digits
    email, name = user["email"], user["name"]
    key_id = FIXTURE["key_ids"].get(preset) if key_id is None else key_id
    if preset == "intercom-jwt":
        token = Jwt(secret, {"user_id": identifier, "email": email, "name": name}, None, expires_in)
        return {"vendor": "intercom", "call": "intercomSettings", "args": [{"app_id": page.get("app_id"), "intercom_user_jwt": token}]}
    if preset == "zendesk":
        token = Jwt(secret, {"external_id": identifier, "scope": "user", "name": name, "email": email}, key_id, expires_in)
        return {"vendor": "zendesk", "call": "loginUser", "args": [token]}

    def signed(value: str) -> str:
        return identity_hash(preset, secret, value)

    calls: dict[str, tuple[str, list[Any]]] = {
        "chatwoot": ("setUser", [identifier, {"email": email, "name": name, "identifier_hash": signed(identifier)}]),
        "pylon": ("chat_settings", [{"app_id": page.get("app_id"), "email": email, "name": name, "email_hash": signed(email)}]),
        "intercom": (
            "intercomSettings",
            [{"app_id": page.get("app_id"), "user_id": identifier, "email": email, "name": name, "user_hash": signed(identifier)}],
        ),
        "helpscout": ("identify", [{"name": name, "email": email, "signature": signed(email)}]),
        "front": (
            "init",
            [{"chatId": page.get("chatId"), "useDefaultLauncher": True, "email": email, "name": name, "userHash": signed(email)}],
        ),
        "plain": (
            "init",
            [{"appId": page.get("appId"), "customerDetails": {"email": email, "emailHash": signed(email), "fullName": name}}],
        ),
        "chatbase": (
            "identify",
            [{"user_id": identifier, "user_hash": signed(identifier), "user_metadata": {"name": name, "email": email}}],
        ),
        "gleap": ("identify", [identifier, {"name": name, "email": email}, signed(identifier)]),
    }
    if preset not in calls:
        raise ValueError(f"unknown preset {preset!r}; known: {', '.join(PRESETS + TOKEN_PRESETS)}")
    call, args = calls[preset]
    return {"vendor": preset, "call": call, "args": args}


def differences(got: Any, want: Any, where: str = "") -> list[str]:
    """Where `got` differs from `want`, value by value (strings compared as UTF-8 bytes)."""
    if isinstance(want, Jwt):
        return want.differences(got, where)
    if isinstance(want, dict) and isinstance(got, dict):
        out = []
        for key in want:
            if key not in got:
                out.append(f"{where}.{key} is missing")
            else:
                out.extend(differences(got[key], want[key], f"{where}.{key}"))
        out.extend(f"{where}.{key} is unexpected" for key in got if key not in want)
        return out
    if isinstance(want, list) and isinstance(got, list):
        if len(got) != len(want):
            return [f"{where} has {len(got)} items, expected {len(want)}"]
        return [d for i, (g, w) in enumerate(zip(got, want)) for d in differences(g, w, f"{where}[{i}]")]
    if isinstance(want, str) and isinstance(got, str):
        return [] if got.encode("utf-8", "surrogatepass") == want.encode("utf-8") else [f"{where}: got {ascii(got)}, expected {ascii(want)}"]
    if type(got) is not type(want) or got != want:
        return [f"{where}: got {ascii(got)}, expected {ascii(want)}"]
    return []


def _clean_page(observation: dict[str, Any]) -> list[str]:
    failures = []
    if observation.get("status") != 200:
        failures.append(f"HTTP status {observation.get('status')}")
    if not observation.get("booted"):
        failures.append("the vendor stub never booted (does the page include its <script src> in <head>?)")
    if observation.get("pwned") != "undefined":
        failures.append(f"typeof window.pwned is {observation.get('pwned')!r}: the user's name ran as script")
    failures += [f"page error: {error}" for error in observation.get("pageErrors", [])]
    failures += [f"request off the loopback refused: {url}" for url in observation.get("blockedRequests", [])]
    return failures


def check_identify(observation: dict[str, Any], preset: str, **expected: Any) -> list[str]:
    """Failures of a page that must make the preset's identify call (empty: it passed)."""
    failures = _clean_page(observation)
    failures += [f"console error: {error}" for error in observation.get("consoleErrors", [])]
    want = expected_call(preset, **expected)
    calls = observation.get("calls", [])
    if len(calls) != 1:
        failures.append(f"{len(calls)} identify calls recorded, expected 1: {ascii(calls)}")
    else:
        failures += [f"call{d}" for d in differences(calls[0], want)]
    return failures


def check_blocked(observation: dict[str, Any]) -> list[str]:
    """Failures of a page whose identify script lacks the CSP nonce: it must not run."""
    failures = _clean_page(observation)
    if observation.get("calls"):
        failures.append(f"the script without the nonce ran: {ascii(observation['calls'])}")
    if not any(v.get("directive") == "script-src-elem" for v in observation.get("cspViolations", [])):
        failures.append(f"no script-src-elem CSP violation was reported: {observation.get('cspViolations')}")
    if not any("Content Security Policy" in error for error in observation.get("consoleErrors", [])):
        failures.append("the console shows no CSP error")
    return failures


def observe(urls: list[str], timeout_ms: int = 10000) -> list[dict[str, Any]]:
    """Loads each URL in headless Chromium (one browser for all) and returns what each page showed."""
    result = subprocess.run(
        ["node", str(HERE / "driver.mjs"), "--timeout", str(timeout_ms), *urls],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"driver.mjs failed (exit {result.returncode}):\n{result.stderr}")
    observations = [json.loads(line) for line in result.stdout.split("\n") if line.strip()]
    if len(observations) != len(urls):
        raise RuntimeError(f"driver.mjs reported {len(observations)} pages for {len(urls)} URLs")
    return observations


def report(label: str, failures: list[str]) -> bool:
    """Prints one result line (and the failures under it); True if it passed."""
    print(f"{'ok  ' if not failures else 'FAIL'} {label}", flush=True)
    for failure in failures:
        print(f"     - {failure}", flush=True)
    return not failures


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="+", metavar="PRESET=URL")
    parser.add_argument("--label", default="", help="prefix of each result line, e.g. the framework's name")
    parser.add_argument("--timeout-ms", type=int, default=10000)
    args = parser.parse_args(argv)
    cases = []
    for case in args.cases:
        preset, sep, url = case.partition("=")
        if not sep or preset not in PRESETS + TOKEN_PRESETS:
            parser.error(f"{case!r}: expected PRESET=URL with PRESET one of {', '.join(PRESETS + TOKEN_PRESETS)}")
        cases.append((preset, url))
    try:
        observations = observe([url for _, url in cases], args.timeout_ms)
    except RuntimeError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    passed = sum(
        report(f"{args.label + ' ' if args.label else ''}{preset:<9} {url}", check_identify(seen, preset))
        for (preset, url), seen in zip(cases, observations)
    )
    print(f"{passed} passed, {len(cases) - passed} failed")
    return 0 if passed == len(cases) else 1


if __name__ == "__main__":
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    sys.exit(main(sys.argv[1:]))
