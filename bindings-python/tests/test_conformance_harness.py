"""The conformance harness (conformance/harness.py) answers the runner's protocol over the corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

HARNESS = Path(__file__).resolve().parents[1] / "conformance" / "harness.py"
CORPUS_PATH = Path(
    os.environ.get("IDENTITY_HMAC_CORPUS")
    or Path(__file__).resolve().parents[2] / "conformance" / "corpus.json"
)


def hex_of(field: Dict[str, str]) -> str:
    (kind, data), = field.items()
    return data.encode("utf-8").hex() if kind == "utf8" else data


def test_harness_answers_every_vector_in_order() -> None:
    corpus = json.loads(CORPUS_PATH.read_text(encoding="utf-8"))
    requests: List[str] = []
    expected: List[str] = []
    for v in corpus["sign"]:
        requests.append("\t".join(["sign", v["id"], v["secret_encoding"], hex_of(v["secret"]), hex_of(v["identifier"])]))
        expected.append(f"{v['id']}\thash\t{v['expected']}")
    for v in corpus["verify"]:
        requests.append("\t".join(
            ["verify", v["id"], v["secret_encoding"], hex_of(v["secret"]), hex_of(v["identifier"]), hex_of(v["presented"])]
        ))
        expected.append(f"{v['id']}\tbool\t{'true' if v['expected'] else 'false'}")
    for v in corpus["invalid_secrets"]:
        requests.append("\t".join(["secret", v["id"], v["secret_encoding"], hex_of(v["secret"])]))
        expected.append(f"{v['id']}\terror\t{v['expected_code']}")
    requests.append("secret\tgood-secret\thex\t" + "ab".encode().hex())
    expected.append("good-secret\tok")
    requests.append("frobnicate\tx")
    expected.append("x\tunsupported\tunknown request 'frobnicate' with 2 fields")

    result = subprocess.run(
        [sys.executable, "-I", str(HARNESS)],
        input="\n".join(requests) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.splitlines() == expected
    assert result.stderr == ""


def test_harness_answers_token_lines() -> None:
    import identity_hmac

    secret, now = "your-messenger-api-secret-0123456789", 1767225600
    token = identity_hmac.sign_token(secret, {"user_id": "42", "name": "Zoë"}, key_id="k1", now=now)
    keys = f"{b'k1'.hex()}:{secret.encode().hex()},:{b'other'.hex()}"
    no_claims = b"[]".hex()
    claims_hex = json.dumps({"user_id": "42", "name": "Zoë"}).encode().hex()
    requests = [
        "\t".join(["token_verify", "v-ok", "text", keys, token.encode().hex(), str(now), "60", "-", no_claims]),
        "\t".join(["token_verify", "v-missing", "text", keys, token.encode().hex(), str(now), "0", "-", b'["sub"]'.hex()]),
        "\t".join(["token_verify", "v-lifetime", "text", keys, token.encode().hex(), str(now), "60", "600", no_claims]),
        "\t".join(["token_sign", "s-ok", "text", secret.encode().hex(), claims_hex, str(now), "3600", b"k1".hex()]),
        "\t".join(["token_sign", "s-list", "text", secret.encode().hex(), b"[1]".hex(), str(now), "-", "-"]),
        "\t".join(["token_sign", "s-empty", "hex", "", claims_hex, str(now), "-", "-"]),
    ]
    result = subprocess.run(
        [sys.executable, "-I", str(HARNESS)],
        input="\n".join(requests) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert lines[0][:2] == ["v-ok", "claims"]
    assert json.loads(bytes.fromhex(lines[0][2])) == {"user_id": "42", "name": "Zoë", "iat": now}
    assert lines[1:3] == [["v-missing", "error", "MISSING_CLAIM"], ["v-lifetime", "error", "MISSING_CLAIM"]]
    assert lines[3][:2] == ["s-ok", "token"]
    verified = identity_hmac.TokenVerifier([("k1", secret)]).verify(lines[3][2], now=now)
    assert verified == {"user_id": "42", "name": "Zoë", "iat": now, "exp": now + 3600}
    assert lines[4:] == [["s-list", "error", "INVALID_CLAIMS"], ["s-empty", "error", "EMPTY_SECRET"]]
