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
