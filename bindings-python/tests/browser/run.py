"""The browser test of the framework helpers (issue 16 §5), run by test.sh against the installed wheel.

Starts the Django site (django_site.py: Django's runserver) and the Flask site
(flask_site.py: werkzeug's server) on 127.0.0.1, then has
browser-tests/browser_check.py load, in headless Chromium, every preset's page
through each framework, plain and under a CSP nonce, and check the identify
call each made. Exit status: browser_check's (0 all passed, 1 a check failed,
2 the browser could not run).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, List

HERE = Path(__file__).resolve().parent
BROWSER_TESTS = HERE.parents[2] / "browser-tests"
sys.path.insert(0, str(BROWSER_TESTS))

import browser_check  # type: ignore[import-not-found]  # noqa: E402

PRESETS: List[str] = list(browser_check.PRESETS + browser_check.TOKEN_PRESETS)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(port: int, server: "subprocess.Popen[str]", name: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the {name} server exited with status {server.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the {name} server did not listen on 127.0.0.1:{port} within 60 s")


def first_line(stream: "IO[str] | None") -> str:
    return stream.readline().strip() if stream is not None else ""


def check(label: str, base: str) -> int:
    cases = [f"{preset}={base}/{preset}/" for preset in PRESETS] + [f"{preset}={base}/{preset}/nonce" for preset in PRESETS]
    return subprocess.run([sys.executable, str(BROWSER_TESTS / "browser_check.py"), "--label", label, *cases], check=False).returncode


def main() -> int:
    environment = dict(os.environ)
    for preset, secret in browser_check.FIXTURE["secrets"].items():
        environment[f"IDENTITY_HMAC_{preset.upper().replace('-', '_')}_SECRET"] = secret
    django_port = free_port()
    servers: List["subprocess.Popen[str]"] = []
    try:
        django = subprocess.Popen([sys.executable, "-I", str(HERE / "django_site.py"), str(django_port)], text=True)
        servers.append(django)
        flask = subprocess.Popen([sys.executable, "-I", str(HERE / "flask_site.py")], env=environment, stdout=subprocess.PIPE, text=True)
        servers.append(flask)
        flask_port = int(first_line(flask.stdout) or 0)
        if not flask_port:
            raise SystemExit("the Flask server printed no port")
        wait_for(django_port, django, "Django")
        wait_for(flask_port, flask, "Flask")
        results = [check("django", f"http://127.0.0.1:{django_port}"), check("flask", f"http://127.0.0.1:{flask_port}")]
        return max(results)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    sys.exit(main())
