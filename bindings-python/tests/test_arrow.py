"""identity_hmac.arrow against pyarrow: every string and binary layout, nulls, slices, chunks and errors.

It needs pyarrow and a build with the `arrow` feature: test.sh installs both
and sets IDENTITY_HMAC_ARROW_TESTS=required, so nothing is skipped there; a run
without them (the release wheels' pytest run) skips the module.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import os
import sys
import threading
import time
from typing import Any, List, Optional

import pytest

import identity_hmac


def require(module: str) -> Any:
    if os.environ.get("IDENTITY_HMAC_ARROW_TESTS") == "required":
        return importlib.import_module(module)
    return pytest.importorskip(module)


pa: Any = require("pyarrow")
ia: Any = require("identity_hmac.arrow")

TOKEN = "arrow-token"
SIGNER = identity_hmac.Signer(TOKEN)


def stdlib(identifier: Optional[str | bytes]) -> Optional[str]:
    if identifier is None:
        return None
    message = identifier.encode() if isinstance(identifier, str) else identifier
    return hmac.new(TOKEN.encode(), message, hashlib.sha256).hexdigest()


# Empty, ASCII, multi-byte UTF-8, view-inline (<= 12 bytes) and out-of-line
# lengths, and one past the core's in-place threshold (64 KiB).
VALUES: List[Optional[str]] = [
    "zoe@example.com", None, "", "bé@exämple.com", "短い", "a" * 12, "b" * 13, None, "x" * 70_000, "last",
]
STRING_TYPES = ["string", "large_string", "string_view"]
BINARY_TYPES = ["binary", "large_binary", "binary_view"]


def hashes(result: Any) -> List[Optional[str]]:
    array = pa.array(result)
    assert array.type == pa.string()
    return list(array.to_pylist())


@pytest.mark.parametrize("type_name", STRING_TYPES)
def test_string_layouts_match_hmac_with_nulls_as_nulls(type_name: str) -> None:
    array = pa.array(VALUES, getattr(pa, type_name)())
    result = ia.sign(SIGNER, array)
    assert len(result) == len(VALUES)
    assert result.null_count == 2
    assert hashes(result) == [stdlib(value) for value in VALUES]


@pytest.mark.parametrize("type_name", BINARY_TYPES)
def test_binary_layouts_hash_the_bytes(type_name: str) -> None:
    values = [None if v is None else v.encode() for v in VALUES] + [b"\xff\x00 not utf-8"]
    array = pa.array(values, getattr(pa, type_name)())
    assert hashes(ia.sign(SIGNER, array)) == [stdlib(value) for value in values]


@pytest.mark.parametrize("type_name", STRING_TYPES + BINARY_TYPES)
def test_slices_are_read_at_their_offset(type_name: str) -> None:
    binary = "binary" in type_name
    values = [v.encode() if binary and v is not None else v for v in VALUES]
    array = pa.array(values, getattr(pa, type_name)())
    for start, length in [(1, 4), (3, 7), (9, 1), (5, 0)]:
        piece = array.slice(start, length)
        assert hashes(ia.sign(SIGNER, piece)) == [stdlib(v) for v in values[start : start + length]]


def test_a_secret_instead_of_a_signer() -> None:
    array = pa.array(["zoe@example.com"])
    assert hashes(ia.sign(TOKEN, array)) == [stdlib("zoe@example.com")]
    hex_secret = "00ff" * 8
    expected = hmac.new(bytes.fromhex(hex_secret), b"zoe@example.com", hashlib.sha256).hexdigest()
    assert hashes(ia.sign(hex_secret, array, secret_encoding="hex")) == [expected]
    with pytest.raises(identity_hmac.InvalidSecretError) as raised:
        ia.sign("0g", array, secret_encoding="hex")
    assert raised.value.code == "INVALID_HEX_SECRET"
    with pytest.raises(TypeError, match="not to a Signer"):
        ia.sign(SIGNER, array, secret_encoding="text")


def test_chunked_arrays_tables_and_batches() -> None:
    chunked = pa.chunked_array([pa.array(VALUES[:3]), pa.array([], pa.string()), pa.array(VALUES[3:])])
    assert hashes(ia.sign(SIGNER, chunked)) == [stdlib(value) for value in VALUES]
    # Chunks of different layouts and one without nulls after one with.
    table = pa.table({"email": pa.chunked_array([pa.array(["a", None]), pa.array(["b", "c"])])})
    assert hashes(ia.sign(SIGNER, table)) == [stdlib("a"), None, stdlib("b"), stdlib("c")]
    batch = pa.record_batch({"email": pa.array(["a", None], pa.large_string())})
    assert hashes(ia.sign(SIGNER, batch)) == [stdlib("a"), None]
    two_columns = pa.table({"a": ["x"], "b": ["y"]})
    with pytest.raises(TypeError, match="2 columns: pass one column"):
        ia.sign(SIGNER, two_columns)


def test_all_null_and_empty_arrays() -> None:
    assert hashes(ia.sign(SIGNER, pa.array([None, None]))) == [None, None]
    assert hashes(ia.sign(SIGNER, pa.array([None, None], pa.string()))) == [None, None]
    assert hashes(ia.sign(SIGNER, pa.array([], pa.string()))) == []


def test_a_null_row_that_spans_bytes() -> None:
    # Arrow lets a null row's offsets span data; the row stays null, the rows
    # around it are hashed from their own bytes.
    offsets = pa.array([0, 3, 6, 9], pa.int32())
    data = pa.py_buffer(b"abcdefghi")
    validity = pa.array([True, False, True]).buffers()[1]
    array = pa.StringArray.from_buffers(3, offsets.buffers()[1], data, validity, 1)
    assert array.to_pylist() == ["abc", None, "ghi"]
    assert hashes(ia.sign(SIGNER, array)) == [stdlib("abc"), None, stdlib("ghi")]


def test_large_arrays_match_sign_many() -> None:
    identifiers: List[Optional[str]] = [f"user{i:07d}@example.com" for i in range(200_003)]
    identifiers[70_000] = None
    array = pa.array(identifiers)
    expected = [None if i is None else h for i, h in zip(identifiers, SIGNER.sign_many(i or "" for i in identifiers))]
    assert hashes(ia.sign(SIGNER, array)) == expected
    assert hashes(ia.sign(SIGNER, array.cast(pa.string_view()))) == expected


def test_other_types_are_type_errors_that_name_the_type() -> None:
    with pytest.raises(TypeError, match="strings or binaries .* not Int64"):
        ia.sign(SIGNER, pa.array([1, 2]))
    with pytest.raises(TypeError, match="dictionary-encoded"):
        ia.sign(SIGNER, pa.array(["a", "b", "a"]).dictionary_encode())
    with pytest.raises(TypeError, match="not list"):
        ia.sign(SIGNER, ["a", "b"])
    with pytest.raises(TypeError, match="not str"):
        ia.sign(SIGNER, "zoe@example.com")

    class WrongCapsules:
        def __arrow_c_array__(self, requested_schema: object = None) -> object:
            return ("not", "capsules")

    with pytest.raises(TypeError, match="not a capsule"):
        ia.sign(SIGNER, WrongCapsules())


def test_the_result_is_exported_again_and_again_without_copies() -> None:
    result = ia.sign(SIGNER, pa.array(["a", None]))
    first, second = pa.array(result), pa.array(result)
    assert first.equals(second)
    assert first.buffers()[2].address == second.buffers()[2].address
    assert repr(result) == "<identity_hmac.arrow.HashArray of 2 rows, 1 null>"
    # The buffers outlive the HashArray that exported them.
    del result
    assert first.to_pylist() == [stdlib("a"), None]


def test_sign_lets_other_python_threads_run() -> None:
    # As in test_threads.py: with a long switch interval the counting thread
    # only advances during a call that releases the GIL.
    array = pa.array([f"user-{i}" for i in range(200_000)])
    count = [0]
    stop = threading.Event()

    def counting() -> None:
        while not stop.is_set():
            count[0] += 1
            time.sleep(0)

    interval = sys.getswitchinterval()
    thread = threading.Thread(target=counting)
    thread.start()
    sys.setswitchinterval(5.0)
    try:
        progressed = False
        for _ in range(50):
            before = count[0]
            ia.sign(SIGNER, array)
            if count[0] > before:
                progressed = True
                break
        assert progressed
    finally:
        sys.setswitchinterval(interval)
        stop.set()
        thread.join()
