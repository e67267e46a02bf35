#!/usr/bin/env python3
"""Every preset's identify script, rendered by the installed CLI, in headless Chromium.

A real HTTP server on the loopback serves, for each preset, pages whose
identify script is the output of `identity-hmac identify` for the hostile
user of fixture.json:

- PRESET/plain    the script in a <script> element, no CSP;
- PRESET/nonce    the CLI's `--nonce` element, under `Content-Security-Policy:
                  script-src 'nonce-…'` (the stub's tag carries the nonce too);
- PRESET/blocked  the script without the nonce, under the same CSP: it must
                  not run, and the browser must report the violation.

Negative controls prove the checks can fail:

- handbuilt/raw, handbuilt/json  hand-built `setUser({...})` strings for the same
                      user, the values pasted between quotes or JSON-encoded
                      without the HTML escapes: window.pwned must be set, and
                      check_identify must say so;
- tampered/PRESET     the CLI's script with one character of the name (token
                      presets: of the JWT's signature) changed: check_identify
                      must report it;
- misplaced/helpscout the script before the Beacon snippet it calls: it throws,
                      and check_identify must report the page error.

    python3 browser-tests/test_cli.py --cli PATH/TO/identity-hmac [--presets P,...]

Ends with `N passed, N failed`; exit status 1 on any failure.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

import browser_check as check

USER = check.FIXTURE["user"]
NONCE = check.FIXTURE["nonce"]
CSP = f"script-src 'nonce-{NONCE}'; object-src 'none'; base-uri 'none'"
SECRET_VARIABLE = "IDENTITY_HMAC_BROWSER_TEST_SECRET"
EXPIRES_IN = 3600  # the token presets' lifetime: exp must be iat + this
HAND_BUILT = {"raw": "values pasted between quotes", "json": "values JSON-encoded (json.dumps) without the HTML escapes"}


def render(cli: str, preset: str, nonce: str | None = None) -> str:
    """`identity-hmac identify` for the fixture's user; the secret goes through the environment."""
    command = [cli, "identify", "--preset", preset, "--secret-env", SECRET_VARIABLE]
    command += ["--identifier", str(USER["identifier"]), "--email", USER["email"], "--name", USER["name"]]
    for name, value in check.FIXTURE["page"].get(preset, {}).items():
        command += ["--page", f"{name}={value}"]
    if preset in check.FIXTURE["key_ids"]:
        command += ["--key-id", check.FIXTURE["key_ids"][preset]]
    if preset in check.TOKEN_PRESETS:
        command += ["--expires-in", str(EXPIRES_IN)]
    if nonce is not None:
        command += ["--nonce", nonce]
    env = {**os.environ, SECRET_VARIABLE: check.FIXTURE["secrets"][preset]}
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=env, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} failed: {result.stderr.strip()}")
    return result.stdout.rstrip("\n")


def page(preset: str, body: str, nonce: str | None = None) -> str:
    """A page as a site has it: the vendor's snippet (the stub) in <head>, the identify script in <body>."""
    nonce_attribute = f' nonce="{nonce}"' if nonce else ""
    return (
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>identify</title>\n"
        '<link rel="icon" href="data:,">\n'
        f'<script{nonce_attribute} src="{check.stub_url(preset)}"></script>\n'
        f"</head><body>\n<p>Signed in as {html.escape(USER['name'])}</p>\n{body}\n</body></html>\n"
    )


def hand_built_chatwoot(identity_hash: str, encode: Callable[[str], str]) -> str:
    """The classic mistake: the call's source built by pasting values in, each through `encode`."""
    identifier, email, name = (encode(str(USER[key])) for key in ("identifier", "email", "name"))
    return (
        "<script>\nwindow.addEventListener('chatwoot:ready', function () {\n"
        f"  window.$chatwoot.setUser({identifier}, {{email: {email}, name: {name}, identifier_hash: \"{identity_hash}\"}});\n"
        "});\n</script>"
    )


def tampered_report(preset: str) -> str:
    """What check_identify must report for the page of `tamper(preset, ...)`."""
    return "signature is not HMAC-SHA256" if preset in check.TOKEN_PRESETS else "pwned=2"


def tamper(preset: str, script: str) -> str:
    """The script with one value changed, still valid JavaScript."""
    if preset in check.TOKEN_PRESETS:
        # One character of the token's signature changed.
        match = re.search(r"eyJ[\w-]+\.[\w-]+\.([\w-])", script)
        if not match:
            raise RuntimeError(f"{preset}: no JWT in the script")
        at = match.start(1)
        return script[:at] + ("B" if script[at] == "A" else "A") + script[at + 1 :]
    tampered = script.replace("window.pwned=1", "window.pwned=2", 1)
    if tampered == script:
        raise RuntimeError(f"{preset}: the script does not hold the name's text where expected")
    return tampered


def build_pages(cli: str, presets: list[str]) -> dict[str, tuple[str, dict[str, str]]]:
    """Path -> (HTML, extra response headers)."""
    pages: dict[str, tuple[str, dict[str, str]]] = {}
    for preset in presets:
        script = render(cli, preset)
        element = render(cli, preset, NONCE)
        if not element.startswith(f'<script nonce="{NONCE}">\n') or not element.endswith("\n</script>"):
            raise RuntimeError(f"{preset}: --nonce did not give a whole <script nonce> element: {element[:60]!r}")
        pages[f"/{preset}/plain"] = (page(preset, f"<script>\n{script}\n</script>"), {})
        pages[f"/{preset}/nonce"] = (page(preset, element, NONCE), {"Content-Security-Policy": CSP})
        pages[f"/{preset}/blocked"] = (page(preset, f"<script>\n{script}\n</script>", NONCE), {"Content-Security-Policy": CSP})
        tampered = tamper(preset, script)
        pages[f"/tampered/{preset}"] = (page(preset, f"<script>\n{tampered}\n</script>"), {})
    # The vendor's snippet after the call that needs it: the call throws.
    helpscout = render(cli, "helpscout")
    misplaced = page("helpscout", "").replace(f'<script src="{check.stub_url("helpscout")}"></script>\n', "")
    misplaced = misplaced.replace("</body>", f'<script>\n{helpscout}\n</script>\n<script src="{check.stub_url("helpscout")}"></script>\n</body>')
    pages["/misplaced/helpscout"] = (misplaced, {})
    chatwoot_hash = check.expected_call("chatwoot")["args"][1]["identifier_hash"]
    # Quotes pasted around the raw value, and JSON without the HTML escapes: both let the name end the script.
    pages["/handbuilt/raw"] = (page("chatwoot", hand_built_chatwoot(chatwoot_hash, lambda v: f'"{v}"')), {})
    pages["/handbuilt/json"] = (page("chatwoot", hand_built_chatwoot(chatwoot_hash, json.dumps)), {})
    return pages


def serve(pages: dict[str, tuple[str, dict[str, str]]]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            if self.path not in pages:
                self.send_error(404)
                return
            body, headers = pages[self.path]
            data = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cli", required=True, help="the installed identity-hmac binary")
    parser.add_argument(
        "--presets",
        default=",".join(check.PRESETS + check.TOKEN_PRESETS),
        help="comma-separated; default every preset, the token presets (intercom-jwt, zendesk) included",
    )
    args = parser.parse_args()
    presets = args.presets.split(",")
    unknown = [p for p in presets if p not in check.PRESETS + check.TOKEN_PRESETS]
    if unknown:
        parser.error(f"unknown presets: {', '.join(unknown)}")

    server = serve(build_pages(args.cli, presets))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    kinds = ("plain", "nonce", "blocked")
    urls = [f"{base}/{preset}/{kind}" for preset in presets for kind in kinds]
    urls += [f"{base}/tampered/{preset}" for preset in presets]
    urls += [f"{base}/handbuilt/{how}" for how in HAND_BUILT] + [f"{base}/misplaced/helpscout"]
    try:
        seen = dict(zip(urls, check.observe(urls)))
    finally:
        server.shutdown()

    passed = failed = 0
    for preset in presets:
        expected = {"expires_in": EXPIRES_IN} if preset in check.TOKEN_PRESETS else {}
        failures = []
        failures += [f"plain: {f}" for f in check.check_identify(seen[f"{base}/{preset}/plain"], preset, **expected)]
        failures += [f"nonce: {f}" for f in check.check_identify(seen[f"{base}/{preset}/nonce"], preset, **expected)]
        failures += [f"blocked: {f}" for f in check.check_blocked(seen[f"{base}/{preset}/blocked"])]
        tampered = check.check_identify(seen[f"{base}/tampered/{preset}"], preset, **expected)
        if not any(tampered_report(preset) in f for f in tampered):
            failures.append(f"tampered: a changed value went unnoticed: {tampered}")
        proof = "JWT verified with Python hmac" if preset in check.TOKEN_PRESETS else "hash = Python hmac"
        label = f"{preset:<12} cli: call intact, {proof}, pwned undefined, 0 console errors; nonce under CSP ran; no nonce blocked"
        ok = check.report(label, failures)
        passed, failed = passed + ok, failed + (not ok)

    for how, description in HAND_BUILT.items():
        control = seen[f"{base}/handbuilt/{how}"]
        caught = check.check_identify(control, "chatwoot")
        failures = []
        if control["pwned"] != "number":
            failures.append(f"typeof window.pwned is {control['pwned']!r}: the name did not run, so the control proves nothing")
        if not any("window.pwned" in f for f in caught):
            failures.append(f"check_identify did not report the XSS: {caught}")
        label = f"negative control ({how}): a hand-built setUser string, {description}, sets window.pwned; check_identify reports it"
        ok = check.report(label, failures)
        passed, failed = passed + ok, failed + (not ok)

    caught = check.check_identify(seen[f"{base}/misplaced/helpscout"], "helpscout")
    failures = [] if any(f.startswith("page error:") and "Beacon" in f for f in caught) else [f"not reported as a page error: {caught}"]
    ok = check.report("negative control (misplaced): Beacon('identify') before the Beacon snippet throws; check_identify reports the page error", failures)
    passed, failed = passed + ok, failed + (not ok)

    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    sys.exit(main())
