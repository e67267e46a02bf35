#!/usr/bin/env python3
"""Writes conformance/corpus.json, the shared corpus every test suite reads in place.

Expected hashes come from Python's own ``hmac`` module (OpenSSL underneath),
never from this project's core. The output is deterministic: the same
generator always writes the same bytes.

    python3 conformance/generate.py           # (re)write corpus.json
    python3 conformance/generate.py --check   # exit 1 when corpus.json is stale
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
    parser.add_argument("--check", action="store_true", help="exit 1 if corpus.json differs from what would be written")
    args = parser.parse_args()
    text = render(build_corpus())
    if args.check:
        current = CORPUS_PATH.read_text(encoding="utf-8") if CORPUS_PATH.exists() else None
        if current != text:
            print(f"{CORPUS_PATH.name} is out of date: run python3 conformance/generate.py", file=sys.stderr)
            return 1
        print(f"{CORPUS_PATH.name} is up to date")
        return 0
    CORPUS_PATH.write_text(text, encoding="utf-8")
    corpus = json.loads(text)
    counts = ", ".join(f"{g}: {len(corpus[g])}" for g in ("sign", "verify", "invalid_secrets"))
    print(f"wrote {CORPUS_PATH.name} ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
