#!/usr/bin/env python3
"""Writes conformance/corpus.json, the shared corpus every test suite reads in place,
and conformance/bad_inputs.json, the hostile and clumsy inputs every binding must
refuse or survive.

Expected hashes come from Python's own ``hmac`` module (OpenSSL underneath),
never from this project's core. The output is deterministic: the same
generator always writes the same bytes.

    python3 conformance/generate.py           # (re)write corpus.json and bad_inputs.json
    python3 conformance/generate.py --check   # exit 1 when either file is stale
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import sys
import unicodedata
from pathlib import Path

CORPUS_PATH = Path(__file__).resolve().parent / "corpus.json"
BAD_INPUTS_PATH = Path(__file__).resolve().parent / "bad_inputs.json"
WYCHEPROOF_PATH = Path(__file__).resolve().parent / "vectors" / "wycheproof" / "hmac_sha256_test.json"
WYCHEPROOF_SHA256 = "2d201cfa61d1bf95e6f5d07d96634b4a348b31e8eaa277ad7c8d09677b7a743f"  # as the core's test pins it

# ---------------------------------------------------------------------------
# helpers


def bytes_field(value: bytes) -> dict:
    """BYTES: {"utf8": str} when the bytes are valid UTF-8, else {"hex": str}."""
    try:
        return {"utf8": value.decode("utf-8")}
    except UnicodeDecodeError:
        return {"hex": value.hex()}


def mac(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def key_bytes(secret: bytes, encoding: str) -> bytes:
    """Python's reading of a well-formed secret (only used for valid ones)."""
    if encoding == "text":
        return secret
    text = secret.decode("ascii")
    if len(text) % 2 or any(c not in "0123456789abcdefABCDEF" for c in text):
        raise ValueError(f"not strict hex: {text!r}")
    return bytes.fromhex(text)


def derived(label: str, length: int) -> bytes:
    """Deterministic pseudo-random bytes (SHA-256 in counter mode)."""
    out = b""
    counter = 0
    while len(out) < length:
        out += hashlib.sha256(f"{label}/{counter}".encode()).digest()
        counter += 1
    return out[:length]


TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def token(label: str, length: int) -> bytes:
    """A Chatwoot-like alphanumeric token, deterministic."""
    return "".join(TOKEN_ALPHABET[b % 62] for b in derived(label, length)).encode()


def mixed_case(hex_text: str) -> str:
    return "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(hex_text))


def identifier_of_length(n: int) -> bytes:
    """An email-like identifier of exactly n bytes."""
    suffix = b"@example.com"
    body = (b"user-" + b"0123456789abcdefghijklmnopqrstuvwxyz" * 40)[: max(0, n - len(suffix))]
    value = body + suffix
    return value[:n] if n < len(suffix) else value


# ---------------------------------------------------------------------------
# the keys

CHATWOOT_TOKEN = token("chatwoot-inbox-token", 24)  # Chatwoot's own token length
PYLON_SECRET = derived("pylon-identity-secret", 32).hex()  # 64 lowercase hex chars
PYLON_SECRET_2 = derived("pylon-identity-secret-rotated", 32).hex()

TEXT_KEYS = {
    "key1": b"k",
    "key24": CHATWOOT_TOKEN,
    "key63": token("key63", 63),
    "key64": token("key64", 64),  # one SHA-256 block: used as is
    "key65": token("key65", 65),  # longer than a block: hashed first
    "key131": token("key131", 131),  # RFC 4231's long-key size
}

# identifiers exercised under both a text key and a hex key
IDENTIFIERS: list[tuple[str, bytes, list[str]]] = [
    ("email", b"user@example.com", ["email"]),
    ("email-plus-mixed-case", b"Jane.Doe+chat@Example.COM", ["email", "case"]),
    ("email-upper", b"USER@EXAMPLE.COM", ["email", "case"]),
    ("int-42", b"42", ["integer"]),
    ("int-0", b"0", ["integer"]),
    ("int-negative", b"-7", ["integer"]),
    ("int-u64-max", b"18446744073709551615", ["integer"]),
    ("int-js-max-safe", b"9007199254740991", ["integer"]),
    ("uuid", b"3f2504e0-4f89-11d3-9a0c-0305e82c3301", ["uuid"]),
    ("empty", b"", ["empty"]),
    ("spaces-around", b" user@example.com ", ["whitespace"]),
    ("tab-inside", b"user\t@example.com", ["whitespace", "control"]),
    ("trailing-lf", b"user@example.com\n", ["newline", "control"]),
    ("trailing-crlf", b"user@example.com\r\n", ["newline", "control"]),
    ("nul-inside", b"user\x00admin", ["nul", "control"]),
    ("nul-only", b"\x00", ["nul", "control"]),
    ("latin1-e-acute", "josé@example.com".encode(), ["non-ascii", "latin1-range"]),
    ("latin1-y-diaeresis", "ÿ".encode(), ["non-ascii", "latin1-range"]),
    ("latin1-nbsp", "Jane\u00a0Doe".encode(), ["non-ascii", "latin1-range"]),
    ("latin1-all-high", "Ærøskøbing ñ ü ß".encode(), ["non-ascii", "latin1-range"]),
    ("cjk", "山田太郎".encode(), ["non-ascii", "cjk"]),
    ("cjk-email", "用户@例子.中国".encode(), ["non-ascii", "cjk", "email"]),
    ("emoji", "😀".encode(), ["non-ascii", "emoji", "astral"]),
    ("emoji-zwj", "👩\u200d💻 dev".encode(), ["non-ascii", "emoji", "astral"]),
    ("name-nfc", unicodedata.normalize("NFC", "José Müller").encode(), ["non-ascii", "nfc"]),
    ("name-nfd", unicodedata.normalize("NFD", "José Müller").encode(), ["non-ascii", "nfd"]),
    ("invalid-utf8-latin1-bytes", "josé".encode("latin-1"), ["non-utf8"]),
    ("invalid-utf8-ff-fe", b"\xff\xfe\x00\x01", ["non-utf8"]),
    ("quotes-and-backslash", b"o'brien\"\\$x{1}#{y}%s", ["quoting"]),
]

LENGTHS = [55, 56, 63, 64, 65, 1000]  # around the SHA-256 block (55/56: padding)


# ---------------------------------------------------------------------------
# Project Wycheproof (HMAC-SHA256), read from the repository's copy


def wycheproof_cases() -> list[tuple[dict, dict]]:
    """(group, test) pairs of the Wycheproof suite, after checking the copy is unmodified."""
    raw = WYCHEPROOF_PATH.read_bytes()
    if hashlib.sha256(raw).hexdigest() != WYCHEPROOF_SHA256:
        raise SystemExit(f"{WYCHEPROOF_PATH.name} differs from the pinned Wycheproof copy")
    suite = json.loads(raw)
    return [(group, test) for group in suite["testGroups"] for test in group["tests"]]


def wycheproof_expected(group: dict, test: dict) -> tuple[str, bool]:
    """Python's full HMAC of the case, and whether the case's tag is it (or its left half).

    Raises when Python's hmac and Wycheproof's ``result`` disagree."""
    full = mac(bytes.fromhex(test["key"]), bytes.fromhex(test["msg"]))
    tag_digits = group["tagSize"] // 4
    matches = hmac.compare_digest(full[:tag_digits], test["tag"])
    if matches != (test["result"] == "valid") or len(test["tag"]) != tag_digits:
        raise SystemExit(f"Python's hmac disagrees with Wycheproof tcId {test['tcId']} ({test['result']})")
    return full, matches


# ---------------------------------------------------------------------------
# sign vectors


def sign_vectors() -> list[dict]:
    vectors: list[dict] = []

    def add(vid: str, tags: list[str], encoding: str, secret: bytes, identifier: bytes) -> None:
        vectors.append(
            {
                "id": vid,
                "tags": tags,
                "secret_encoding": encoding,
                "secret": bytes_field(secret),
                "identifier": bytes_field(identifier),
                "expected": mac(key_bytes(secret, encoding), identifier),
            }
        )

    # The seed pages' own example values (every distinct key/identifier pair).
    add("chatwoot-doc-example", ["seed", "chatwoot"], "text", b"your_web_widget_hmac_token", b"some_identifier")
    add("chatwoot-doc-old-placeholders", ["seed", "chatwoot"], "text", b"<webwidget-hmac-token>", b"<identifier>")
    add("chatwoot-doc-new-example", ["seed", "chatwoot"], "text", b"your-secret-token-for-hmac", b"unique-identifier-of-the-user")
    add("chatwoot-doc-new-example-node", ["seed", "chatwoot"], "text", b"your-secret-token-for-hmac", b"unique-identifier-key-of-the-user")
    add("chatwoot-doc-sdk-placeholder", ["seed", "chatwoot"], "text", b"your-secret-token-for-hmac", b"<unique-identifier-key-of-the-user>")
    # Pylon's secret placeholder is not hex (see invalid_secrets); its email
    # placeholder is a valid identifier.
    add("pylon-doc-email-placeholder", ["seed", "pylon"], "hex", PYLON_SECRET.encode(), b"CHAT_USER_EMAIL")
    add("pylon-doc-placeholders-as-text", ["seed", "pylon", "wrong-encoding"], "text", b"GENERATED_IDENTITY_SECRET", b"CHAT_USER_EMAIL")

    # Every identifier, under Chatwoot's 24-byte token and under a Pylon secret.
    for name, identifier, tags in IDENTIFIERS:
        add(f"text-{name}", ["chatwoot", *tags], "text", CHATWOOT_TOKEN, identifier)
        add(f"hex-{name}", ["pylon", *tags], "hex", PYLON_SECRET.encode(), identifier)

    # Identifier lengths around the SHA-256 block size.
    for n in LENGTHS:
        identifier = identifier_of_length(n)
        assert len(identifier) == n
        add(f"text-identifier-{n}-bytes", ["chatwoot", "length", "block-boundary"], "text", CHATWOOT_TOKEN, identifier)
        add(f"hex-identifier-{n}-bytes", ["pylon", "length", "block-boundary"], "hex", PYLON_SECRET.encode(), identifier)
    add("text-identifier-1000-bytes-non-ascii", ["chatwoot", "length", "non-ascii"], "text", CHATWOOT_TOKEN, ("é山😀" * 112).encode()[:999] + b"!")

    # Key lengths, text keys.
    for name, key in TEXT_KEYS.items():
        add(f"text-{name}-email", ["chatwoot", "key-length"], "text", key, b"user@example.com")
    add("text-key65-cjk", ["chatwoot", "key-length", "non-ascii"], "text", TEXT_KEYS["key65"], "山田太郎".encode())
    add("text-key-non-ascii", ["chatwoot", "non-ascii-key"], "text", "clé-秘密-🔑".encode(), b"user@example.com")
    add("text-key-latin1-range", ["chatwoot", "non-ascii-key", "latin1-range"], "text", "sécrét".encode(), b"user@example.com")
    add("text-key-looks-like-hex", ["chatwoot", "wrong-encoding"], "text", PYLON_SECRET.encode(), b"user@example.com")
    add("text-key-with-spaces", ["chatwoot", "whitespace"], "text", b" token with spaces ", b"user@example.com")
    add("text-key-nul", ["chatwoot", "nul"], "text", b"tok\x00en", b"user@example.com")
    add("text-key-invalid-utf8", ["chatwoot", "non-utf8"], "text", b"\xff\xfe\xfd", b"user@example.com")

    # Pylon hex secrets in lower, upper and mixed case: one key, one hash.
    for case, text in (("lower", PYLON_SECRET), ("upper", PYLON_SECRET.upper()), ("mixed", mixed_case(PYLON_SECRET))):
        add(f"hex-secret-{case}-case", ["pylon", "hex-case"], "hex", text.encode(), b"jane@example.com")
    add("hex-secret-rotated", ["pylon"], "hex", PYLON_SECRET_2.encode(), b"jane@example.com")
    # Hex key lengths.
    add("hex-key1", ["pylon", "key-length"], "hex", b"6b", b"user@example.com")
    add("hex-key-single-zero-byte", ["pylon", "key-length", "zero-key"], "hex", b"00", b"user@example.com")
    add("hex-key64", ["pylon", "key-length"], "hex", derived("hex-key64", 64).hex().encode(), b"user@example.com")
    add("hex-key65", ["pylon", "key-length"], "hex", derived("hex-key65", 65).hex().upper().encode(), b"user@example.com")
    add("hex-key131", ["pylon", "key-length"], "hex", derived("hex-key131", 131).hex().encode(), b"user@example.com")

    # RFC 4231 (HMAC-SHA256) as hex secrets; the generator checks its own
    # results against the RFC's published values.
    rfc = [
        ("1", "0b" * 20, b"Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        ("2", b"Jefe".hex(), b"what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ("3", "aa" * 20, b"\xdd" * 50, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ("4", bytes(range(1, 26)).hex(), b"\xcd" * 50, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        ("5", "0c" * 20, b"Test With Truncation", "a3b6167473100ee06e0c796c2955552b"),
        ("6", "aa" * 131, b"Test Using Larger Than Block-Size Key - Hash Key First", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ("7", "aa" * 131, b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.", "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]
    for number, key_hex, data, published in rfc:
        before = len(vectors)
        add(f"rfc4231-case-{number}", ["rfc4231"], "hex", key_hex.encode(), data)
        if not vectors[before]["expected"].startswith(published):
            raise SystemExit(f"Python's hmac disagrees with RFC 4231 case {number}")

    # Wycheproof's valid cases with full 256-bit tags, as hex secrets.
    for group, test in wycheproof_cases():
        full, valid = wycheproof_expected(group, test)
        if group["tagSize"] == 256 and valid:
            add(f"wycheproof-{test['tcId']}", ["wycheproof", f"key-{group['keySize']}-bits"], "hex", test["key"].encode(), bytes.fromhex(test["msg"]))
            if vectors[-1]["expected"] != full or full != test["tag"]:
                raise SystemExit(f"Python's hmac disagrees with Wycheproof tcId {test['tcId']}")
    return vectors


# ---------------------------------------------------------------------------
# verify vectors


def verify_vectors() -> list[dict]:
    vectors: list[dict] = []

    def add(vid: str, encoding: str, secret: bytes, identifier: bytes, presented: bytes, expected: bool) -> None:
        vectors.append(
            {
                "id": vid,
                "secret_encoding": encoding,
                "secret": bytes_field(secret),
                "identifier": bytes_field(identifier),
                "presented": bytes_field(presented),
                "expected": expected,
            }
        )

    for prefix, encoding, secret in (("text", "text", CHATWOOT_TOKEN), ("hex", "hex", PYLON_SECRET.encode())):
        key = key_bytes(secret, encoding)
        identifier = b"user@example.com"
        good = mac(key, identifier)
        raw = hmac.new(key, identifier, hashlib.sha256).digest()
        flipped = good[:-1] + ("0" if good[-1] != "0" else "1")

        def case(name: str, presented: bytes, expected: bool, ident: bytes = identifier) -> None:
            add(f"{prefix}-{name}", encoding, secret, ident, presented, expected)

        case("correct-lowercase", good.encode(), True)
        case("correct-uppercase", good.upper().encode(), True)
        case("correct-mixed-case", mixed_case(good).encode(), True)
        case("wrong-identifier", mac(key, b"other@example.com").encode(), False)
        case("identifier-case-differs", good.encode(), False, b"User@example.com")
        case("wrong-key", mac(b"another key", identifier).encode(), False)
        case("empty-key-hash-of-identifier", mac(b"", identifier).encode(), False)
        case("last-digit-changed", flipped.encode(), False)
        case("truncated-63", good[:63].encode(), False)
        case("truncated-128-bit", good[:32].encode(), False)
        case("extra-digit-65", (good + "0").encode(), False)
        case("leading-space", (" " + good).encode(), False)
        case("trailing-space", (good + " ").encode(), False)
        case("trailing-newline", (good + "\n").encode(), False)
        case("0x-prefix", ("0x" + good[:62]).encode(), False)
        case("non-hex-character", (good[:10] + "g" + good[11:]).encode(), False)
        case("empty", b"", False)
        case("raw-digest-bytes", raw, False)
        case("base64-digest", base64.b64encode(raw), False)
        case("fullwidth-digit", (good[:63] + "\uff10").encode(), False)
        case("all-zero", b"0" * 64, False)

    # Normalisation: the NFD bytes are not the NFC bytes.
    nfc = unicodedata.normalize("NFC", "José").encode()
    nfd = unicodedata.normalize("NFD", "José").encode()
    add("text-nfc-hash-for-nfd-identifier", "text", CHATWOOT_TOKEN, nfd, mac(CHATWOOT_TOKEN, nfc).encode(), False)
    add("text-nfc-hash-for-nfc-identifier", "text", CHATWOOT_TOKEN, nfc, mac(CHATWOOT_TOKEN, nfc).encode(), True)
    add("text-empty-identifier", "text", CHATWOOT_TOKEN, b"", mac(CHATWOOT_TOKEN, b"").encode(), True)
    add("text-trailing-newline-identifier", "text", CHATWOOT_TOKEN, b"user@example.com\n", mac(CHATWOOT_TOKEN, b"user@example.com").encode(), False)
    add("hex-upper-secret-correct", "hex", PYLON_SECRET.upper().encode(), b"jane@example.com", mac(bytes.fromhex(PYLON_SECRET), b"jane@example.com").encode(), True)
    add("hex-secret-used-as-text-key", "hex", PYLON_SECRET.encode(), b"jane@example.com", mac(PYLON_SECRET.encode(), b"jane@example.com").encode(), False)
    add("hex-rotated-secret", "hex", PYLON_SECRET_2.encode(), b"jane@example.com", mac(bytes.fromhex(PYLON_SECRET), b"jane@example.com").encode(), False)
    add("chatwoot-doc-example", "text", b"your_web_widget_hmac_token", b"some_identifier", mac(b"your_web_widget_hmac_token", b"some_identifier").encode(), True)

    # Wycheproof: a 256-bit tag verifies exactly when the case is valid; a
    # 128-bit (truncated) tag never does, valid or not, since only a full
    # 64-digit hash is accepted.
    for group, test in wycheproof_cases():
        _, valid = wycheproof_expected(group, test)
        expected = valid and group["tagSize"] == 256
        add(f"wycheproof-{test['tcId']}", "hex", test["key"].encode(), bytes.fromhex(test["msg"]), test["tag"].encode(), expected)
    return vectors


# ---------------------------------------------------------------------------
# invalid secrets


def first_bad_position(secret: bytes) -> int:
    """The core's rule: the first non-hex byte wins; else an odd length reports its length."""
    for i, b in enumerate(secret):
        if chr(b) not in "0123456789abcdefABCDEF":
            return i
    if len(secret) % 2:
        return len(secret)
    raise ValueError("the secret is valid hex")


def invalid_secret_vectors() -> list[dict]:
    vectors: list[dict] = []
    s = PYLON_SECRET

    def add(vid: str, encoding: str, secret: bytes, code: str) -> None:
        vector = {"id": vid, "secret_encoding": encoding, "secret": bytes_field(secret), "expected_code": code}
        if code == "INVALID_HEX_SECRET":
            vector["position"] = first_bad_position(secret)
        vectors.append(vector)

    add("text-empty", "text", b"", "EMPTY_SECRET")
    add("hex-empty", "hex", b"", "EMPTY_SECRET")
    bad = "INVALID_HEX_SECRET"
    add("hex-odd-length-1", "hex", b"a", bad)
    add("hex-odd-length-63", "hex", s[:63].encode(), bad)
    add("hex-odd-length-65", "hex", (s + "a").encode(), bad)
    add("hex-non-hex-pair-in-middle", "hex", (s[:30] + "zz" + s[32:]).encode(), bad)
    add("hex-non-hex-second-digit", "hex", (s[:31] + "g" + s[32:]).encode(), bad)
    add("hex-non-hex-and-odd-length", "hex", (s[:20] + "q" + s[21:63]).encode(), bad)
    add("hex-0x-prefix", "hex", ("0x" + s).encode(), bad)
    add("hex-0X-prefix-upper", "hex", ("0X" + s).encode(), bad)
    add("hex-spaces-between-bytes", "hex", " ".join(s[i : i + 2] for i in range(0, 64, 2)).encode(), bad)
    add("hex-colons-between-bytes", "hex", ":".join(s[i : i + 2] for i in range(0, 64, 2)).encode(), bad)
    add("hex-space-inside-a-byte", "hex", (s[:31] + " " + s[31:]).encode(), bad)
    add("hex-leading-space", "hex", (" " + s).encode(), bad)
    add("hex-trailing-space", "hex", (s + " ").encode(), bad)
    add("hex-spaces-around", "hex", (" " + s + " ").encode(), bad)
    add("hex-tab-inside", "hex", (s[:32] + "\t" + s[32:]).encode(), bad)
    add("hex-trailing-tab", "hex", (s + "\t").encode(), bad)
    add("hex-trailing-newline", "hex", (s + "\n").encode(), bad)
    add("hex-trailing-crlf", "hex", (s + "\r\n").encode(), bad)
    add("hex-quoted", "hex", ('"' + s + '"').encode(), bad)
    add("hex-uuid-dashes", "hex", b"3f2504e0-4f89-11d3-9a0c-0305e82c3301", bad)
    add("hex-docs-placeholder", "hex", b"GENERATED_IDENTITY_SECRET", bad)
    add("hex-base64-of-key", "hex", base64.b64encode(bytes.fromhex(s)), bad)
    add("hex-fullwidth-digit", "hex", (s[:10] + "\uff11" + s[11:]).encode(), bad)
    add("hex-arabic-indic-digit", "hex", (s[:62] + "\u0663" + s[63:]).encode(), bad)
    add("hex-superscript-two", "hex", ("\u00b2" + s[1:]).encode(), bad)
    add("hex-invalid-utf8-byte", "hex", s[:40].encode() + b"\xff" + s[41:].encode(), bad)
    add("hex-nul-byte", "hex", s[:40].encode() + b"\x00" + s[41:].encode(), bad)
    return vectors


# ---------------------------------------------------------------------------
# bad_inputs.json: one list, each case's expected outcome stated once.
#
# A case names what it attacks ("about"), the value ("input"), and "expect".
# Values are language-neutral: {"bytes": BYTES}, {"repeat": {"pattern_hex":
# hex, "count": n}} (the pattern's bytes n times), {"null": true}, {"undefined": true} (JavaScript only),
# {"float": x or "NaN"/"Infinity"}, {"bool": b}, {"integer": n or decimal
# string}, {"json": any} (an object or array as the host's own type),
# {"lone_surrogate": "d800"} (a UTF-16 code unit, where strings have them).
# Expectations: {"error": CODE}, {"type_error": true} (the host's own type
# error; in Rust, Kotlin, C and Go the compiler refuses such a call, so their
# suites skip the case), {"unicode_error": true} (the host's own encoding
# error for a lone surrogate), {"hash": hex}, {"verify": bool},
# {"matching_key": n}, or {"by_language": {lang: expectation, "default":
# expectation}} where languages differ; a language with no entry and no
# default cannot express the input and skips the case.

BAD_SECRET = b"bad-input-matrix-token"
BAD_IDENTIFIER = b"user@example.com"
LANGUAGES_WITH_BYTES = ("rust", "cli", "python", "node", "ruby", "c", "go", "php", "kotlin", "elixir")


def repeat(pattern: bytes, count: int) -> dict:
    """A large input, described rather than spelled out: pattern * count."""
    return {"repeat": {"pattern_hex": pattern.hex(), "count": count}}


def bad_input_cases() -> list[dict]:
    cases: list[dict] = []

    def case(case_id: str, about: str, value: dict, expect: dict, **context) -> None:
        cases.append({"id": case_id, "about": about, **context, "input": value, "expect": expect})

    right = mac(BAD_SECRET, BAD_IDENTIFIER)
    secret_context = {"identifier": bytes_field(BAD_IDENTIFIER)}
    # Secrets.
    case("secret-empty-text", "secret", {"bytes": bytes_field(b"")}, {"error": "EMPTY_SECRET"}, secret_encoding="text", **secret_context)
    case("secret-empty-hex", "secret", {"bytes": bytes_field(b"")}, {"error": "EMPTY_SECRET"}, secret_encoding="hex", **secret_context)
    # Every malformed hex secret of corpus.json, each with its own expected code.
    case("secret-every-malformed-hex", "secret", {"corpus_group": "invalid_secrets"}, {"error": "the vector's expected_code"}, secret_encoding="hex", **secret_context)
    big = b"k" * (1 << 20)
    case("secret-1mib-text", "secret", repeat(b"k", 1 << 20), {"hash": mac(big, BAD_IDENTIFIER)}, secret_encoding="text", **secret_context)
    big_hex = b"ab" * (1 << 20)
    case("secret-1mib-hex", "secret", repeat(b"ab", 1 << 20), {"hash": mac(bytes.fromhex(big_hex.decode()), BAD_IDENTIFIER)}, secret_encoding="hex", **secret_context)
    nul = b"to\x00ken\x00"
    case("secret-with-nul-bytes", "secret", {"bytes": bytes_field(nul)}, {"hash": mac(nul, BAD_IDENTIFIER)}, secret_encoding="text", **secret_context)
    case("secret-single-nul", "secret", {"bytes": bytes_field(b"\x00")}, {"hash": mac(b"\x00", BAD_IDENTIFIER)}, secret_encoding="text", **secret_context)
    case("secret-only-space", "secret", {"bytes": bytes_field(b" ")}, {"hash": mac(b" ", BAD_IDENTIFIER)}, secret_encoding="text", **secret_context)
    case("secret-hex-nul-pairs", "secret", {"bytes": bytes_field(b"0000")}, {"hash": mac(b"\x00\x00", BAD_IDENTIFIER)}, secret_encoding="hex", **secret_context)
    case("secret-unknown-encoding", "secret", {"bytes": bytes_field(BAD_SECRET)}, {"error": "UNKNOWN_SECRET_ENCODING"}, secret_encoding="base64", **secret_context)
    case("secret-encoding-upper-case", "secret", {"bytes": bytes_field(BAD_SECRET)}, {"error": "UNKNOWN_SECRET_ENCODING"}, secret_encoding="TEXT", **secret_context)
    case("secret-null", "secret", {"null": True}, {"type_error": True}, secret_encoding="text", **secret_context)
    case("secret-integer", "secret", {"integer": 12345}, {"type_error": True}, secret_encoding="text", **secret_context)

    # Identifiers, signed with BAD_SECRET as text.
    id_context = {"secret_encoding": "text", "secret": bytes_field(BAD_SECRET)}
    case("identifier-undefined", "identifier", {"undefined": True}, {"by_language": {"node": {"type_error": True}}}, **id_context)
    # JavaScript has one number type: 2.0 is the safe integer 2, a valid identifier.
    case("identifier-float-integral", "identifier", {"float": 2.0},
         {"by_language": {"node": {"hash": mac(BAD_SECRET, b"2")}, "default": {"type_error": True}}}, **id_context)
    type_errors = [
        ("identifier-null", {"null": True}),
        ("identifier-float", {"float": 1.5}),
        ("identifier-nan", {"float": "NaN"}),
        ("identifier-infinity", {"float": "Infinity"}),
        ("identifier-true", {"bool": True}),
        ("identifier-false", {"bool": False}),
        ("identifier-object", {"json": {"email": "user@example.com"}}),
        ("identifier-array", {"json": ["user@example.com"]}),
        ("identifier-nested", {"json": [[{"a": ["b", {"c": None}]}]]}),
    ]
    for case_id, value in type_errors:
        case(case_id, "identifier", value, {"type_error": True}, **id_context)
    huge = b"a" * (64 << 20)
    case("identifier-64mib", "identifier", repeat(b"a", 64 << 20), {"hash": mac(BAD_SECRET, huge)}, **id_context)
    replacement = mac(BAD_SECRET, "\ufffd".encode())
    for unit in ("d800", "dc80"):
        case(f"identifier-lone-surrogate-{unit}", "identifier", {"lone_surrogate": unit},
             {"by_language": {"python": {"unicode_error": True}, "node": {"hash": replacement},
                              "kotlin": {"unicode_error": True}}}, **id_context)
    invalid_utf8 = b"\xff\xfeuser\xc3"
    case("identifier-invalid-utf8", "identifier", {"bytes": bytes_field(invalid_utf8)}, {"hash": mac(BAD_SECRET, invalid_utf8)}, **id_context)
    # Integers sign as their decimal string where the API takes them (Kotlin
    # through its Long overloads); Rust's typed API takes only strings and bytes.
    typed_only = {"rust": {"type_error": True}}
    for case_id, number in (("identifier-integer", 42), ("identifier-negative-integer", -7)):
        case(case_id, "identifier", {"integer": number},
             {"by_language": {**typed_only, "default": {"hash": mac(BAD_SECRET, str(number).encode())}}}, **id_context)
    unsafe = str(2**53 + 1)
    # Node: as a Number it has already lost precision, so it is refused (a BigInt signs).
    case("identifier-integer-beyond-2-53", "identifier", {"integer": unsafe},
         {"by_language": {**typed_only, "node": {"type_error": True}, "default": {"hash": mac(BAD_SECRET, unsafe.encode())}}}, **id_context)
    case("identifier-empty", "identifier", {"bytes": bytes_field(b"")}, {"hash": mac(BAD_SECRET, b"")}, **id_context)

    # Presented hashes for BAD_IDENTIFIER under BAD_SECRET.
    hash_context = {"secret_encoding": "text", "secret": bytes_field(BAD_SECRET), "identifier": bytes_field(BAD_IDENTIFIER)}
    fullwidth = "".join(chr(ord(c) - 0x30 + 0xFF10) if c.isdigit() else c for c in right)
    presented = [
        ("hash-empty", b"", False),
        ("hash-63-characters", right[:63].encode(), False),
        ("hash-65-characters", (right + "0").encode(), False),
        ("hash-non-hex-character", ("g" + right[1:]).encode(), False),
        ("hash-full-width-digits", fullwidth.encode(), False),
        ("hash-embedded-nul", (right[:32] + "\x00" + right[33:]).encode(), False),
        ("hash-leading-space", (" " + right).encode(), False),
        ("hash-trailing-newline", (right + "\n").encode(), False),
        ("hash-surrounding-whitespace", ("\t" + right + " ").encode(), False),
        ("hash-0x-prefix", ("0x" + right).encode(), False),
        ("hash-of-another-identifier", mac(BAD_SECRET, b"admin@example.com").encode(), False),
        ("hash-under-the-empty-key", mac(b"", BAD_IDENTIFIER).encode(), False),
        ("hash-right-upper-case", right.upper().encode(), True),
        ("hash-right", right.encode(), True),
    ]
    for case_id, value, expected in presented:
        case(case_id, "presented_hash", {"bytes": bytes_field(value)}, {"verify": expected}, **hash_context)
    # A null presented hash is a wrong type, not a wrong hash: a type error in
    # every language (DESIGN section 2), Node included.
    case("hash-null", "presented_hash", {"null": True}, {"type_error": True}, **hash_context)

    # Verifiers (text secrets, newest first).
    def secrets(n: int) -> list[dict]:
        return [bytes_field(f"rotation-secret-{i:02d}".encode()) for i in range(n)]

    oldest = mac(b"rotation-secret-15", BAD_IDENTIFIER)
    verifier_context = {"secret_encoding": "text", "identifier": bytes_field(BAD_IDENTIFIER)}
    case("verifier-no-secrets", "verifier", {"secrets": []}, {"error": "NO_SECRETS"}, **verifier_context)
    case("verifier-17-secrets", "verifier", {"secrets": secrets(17)}, {"error": "TOO_MANY_SECRETS"}, **verifier_context)
    case("verifier-16-secrets-oldest-matches", "verifier", {"secrets": secrets(16), "presented": bytes_field(oldest.encode())}, {"matching_key": 15}, **verifier_context)
    dup = mac(b"rotation-secret-00", BAD_IDENTIFIER)
    case("verifier-duplicate-secrets", "verifier", {"secrets": secrets(1) * 2, "presented": bytes_field(dup.encode())}, {"matching_key": 0}, **verifier_context)
    case("verifier-one-empty-secret", "verifier", {"secrets": secrets(2) + [bytes_field(b"")]}, {"error": "EMPTY_SECRET"}, **verifier_context)
    case("verifier-malformed-presented-hash", "verifier", {"secrets": secrets(2), "presented": bytes_field(b"not-a-hash")}, {"verify": False}, **verifier_context)
    return cases


# Token cases (issue 17's bad-input rows): claims and secrets that sign_token
# must refuse. Read by conformance/generate_tokens.py as well, which makes them
# `sign` rows of tokens.json (so the matrix runs them in every binding).
# Claims are a language-neutral spec that token_claims_text() spells out:
# {"json": VALUE} (the host's own map), {"text": JSON} (JSON text as given),
# {"huge_string": {"claim": NAME, "bytes": N}} ({NAME: N times "x"}),
# {"nested_arrays": {"claim": NAME, "depth": N}} ({NAME: [[...]]}, N levels).
# Expectations: {"error": CODE}, or {"one_of": [...]} where the host decides:
# each entry an {"error": CODE} or {"claims_kept": {...}} (a token whose
# claims are these plus iat, header {"alg":"HS256","typ":"JWT"}).

TOKEN_NOW = 1_767_225_600  # 2026-01-01T00:00:00Z
TOKEN_CLAIMS_HUGE = 10 * 1024 * 1024
TOKEN_CLAIMS_DEPTH = 200  # the core reads at most 128 levels


def token_claims_text(spec: dict) -> str:
    """The JSON text a claims spec stands for (what a host's map encodes to)."""
    if "json" in spec:
        return json.dumps(spec["json"], ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    if "text" in spec:
        return spec["text"]
    if "huge_string" in spec:
        return json.dumps({spec["huge_string"]["claim"]: "x" * spec["huge_string"]["bytes"]})
    if "nested_arrays" in spec:
        depth = spec["nested_arrays"]["depth"]
        return "{" + json.dumps(spec["nested_arrays"]["claim"]) + ":" + "[" * depth + "]" * depth + "}"
    raise ValueError(f"unknown claims spec {spec}")


def token_bad_input_cases() -> list[dict]:
    context = {"secret_encoding": "text", "secret": bytes_field(BAD_SECRET), "now": TOKEN_NOW}
    claims = {"json": {"user_id": "42"}}
    cases = [
        {"id": "token-claims-10-mib", "about": "claims", "description": "a claims object of 10 MiB (one string claim)",
         **context, "claims": {"huge_string": {"claim": "blob", "bytes": TOKEN_CLAIMS_HUGE}}, "expect": {"error": "INVALID_CLAIMS"}},
        {"id": "token-claims-nested-200-deep", "about": "claims", "description": "a claim nested 200 arrays deep",
         **context, "claims": {"nested_arrays": {"claim": "deep", "depth": TOKEN_CLAIMS_DEPTH}}, "expect": {"error": "INVALID_CLAIMS"}},
        {"id": "token-claims-duplicate-name", "about": "claims",
         "description": "user_id named twice in the JSON text: the core refuses the text; a host map holds one of the two",
         **context, "claims": {"text": '{"user_id":"1","user_id":"2"}'},
         "expect": {"one_of": [{"error": "INVALID_CLAIMS"}, {"claims_kept": {"user_id": "2"}}, {"claims_kept": {"user_id": "1"}}]}},
        {"id": "token-secret-empty-text", "about": "secret", "description": "a text secret with no bytes",
         **dict(context, secret=bytes_field(b"")), "claims": claims, "expect": {"error": "EMPTY_SECRET"}},
        {"id": "token-secret-empty-hex", "about": "secret", "description": "a hex secret with no bytes",
         **dict(context, secret_encoding="hex", secret=bytes_field(b"")), "claims": claims, "expect": {"error": "EMPTY_SECRET"}},
    ]
    for case in cases:
        token_claims_text(case["claims"])  # every spec is one this file knows
    return cases


def build_bad_inputs() -> dict:
    cases = bad_input_cases()
    ids = [c["id"] for c in cases]
    if len(ids) != len(set(ids)):
        raise SystemExit("bad_inputs ids must be unique")
    return {
        "format": 1,
        "generator": "conformance/generate.py (Python hmac/hashlib, OpenSSL)",
        "languages": list(LANGUAGES_WITH_BYTES),
        "cases": cases,
        "token_cases": token_bad_input_cases(),
    }


# ---------------------------------------------------------------------------


def build_corpus() -> dict:
    corpus = {
        "format": 1,
        "generator": "conformance/generate.py (Python hmac/hashlib, OpenSSL)",
        "sign": sign_vectors(),
        "verify": verify_vectors(),
        "invalid_secrets": invalid_secret_vectors(),
    }
    for group in ("sign", "verify", "invalid_secrets"):
        ids = [v["id"] for v in corpus[group]]
        repeated = {i for i in ids if ids.count(i) > 1}
        if repeated:
            raise SystemExit(f"ids used twice in {group}: {sorted(repeated)}")
    return corpus


def render(corpus: dict) -> str:
    return json.dumps(corpus, indent=1, ensure_ascii=True) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if a checked-in file differs from what would be written")
    args = parser.parse_args()
    outputs = [(CORPUS_PATH, render(build_corpus())), (BAD_INPUTS_PATH, render(build_bad_inputs()))]
    if args.check:
        stale = [path.name for path, text in outputs if not path.exists() or path.read_text(encoding="utf-8") != text]
        if stale:
            print(f"{', '.join(stale)} out of date: run python3 conformance/generate.py", file=sys.stderr)
            return 1
        print("corpus.json and bad_inputs.json are up to date")
        return 0
    for path, text in outputs:
        path.write_text(text, encoding="utf-8")
    corpus = json.loads(outputs[0][1])
    counts = ", ".join(f"{g}: {len(corpus[g])}" for g in ("sign", "verify", "invalid_secrets"))
    cases = len(json.loads(outputs[1][1])["cases"])
    print(f"wrote {CORPUS_PATH.name} ({counts}) and {BAD_INPUTS_PATH.name} ({cases} cases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
