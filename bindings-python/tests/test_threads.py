"""One Signer shared by threads, and sign_many."""

from __future__ import annotations

import hashlib
import hmac
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Iterator, List

import pytest

from identity_hmac import Signer, Verifier

TOKEN = b"shared-token"


def stdlib(message: bytes) -> str:
    return hmac.new(TOKEN, message, hashlib.sha256).hexdigest()


def test_eight_threads_share_one_signer() -> None:
    signer = Signer(TOKEN)
    verifier = Verifier([b"older", TOKEN])
    barrier = threading.Barrier(8)

    def work(thread: int) -> int:
        barrier.wait()
        checked = 0
        for i in range(2_000):
            identifier = f"user-{thread}-{i}@example.com"
            expected = stdlib(identifier.encode())
            assert signer.sign(identifier) == expected
            assert signer.verify(identifier, expected)
            assert verifier.matching_key(identifier, expected) == 1
            checked += 1
        batch = [f"batch-{thread}-{i}" for i in range(5_000)]
        assert signer.sign_many(batch) == [stdlib(b.encode()) for b in batch]
        return checked

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(work, range(8))) == [2_000] * 8


@pytest.mark.parametrize("count", [0, 1, 10, 4_095, 4_096, 20_000])
def test_sign_many_matches_sign_in_order(count: int) -> None:
    signer = Signer(TOKEN)
    identifiers = [f"id-{i}" for i in range(count)]
    hashes = signer.sign_many(identifiers)
    assert hashes == [stdlib(i.encode()) for i in identifiers]
    assert all(type(h) is str for h in hashes)


@pytest.mark.parametrize("count", [0, 1, 10, 4_096, 20_000])
def test_sign_many_bytes_outputs_are_the_hashes_back_to_back(count: int) -> None:
    # Mixed types, and every 997th identifier long enough to be signed in place.
    signer = Signer(TOKEN)
    identifiers: List[Any] = [
        "z" * 65_536 + str(i) if i % 997 == 500 else (f"id-{i}".encode() if i % 3 else f"ïd-{i}")
        for i in range(count)
    ]
    messages = [i if isinstance(i, bytes) else i.encode() for i in identifiers]
    hex_bytes = signer.sign_many(identifiers, output="hex_bytes")
    raw_bytes = signer.sign_many(iter(identifiers), output="raw_bytes")
    assert type(hex_bytes) is bytes and type(raw_bytes) is bytes
    assert hex_bytes == "".join(stdlib(m) for m in messages).encode()
    assert raw_bytes == b"".join(hmac.new(TOKEN, m, hashlib.sha256).digest() for m in messages)
    assert signer.sign_many(identifiers, output="strings") == signer.sign_many(identifiers, output=None)
    assert signer.sign_many(identifiers, output="strings") == [stdlib(m) for m in messages]


def test_sign_many_refuses_an_unknown_output() -> None:
    signer = Signer(TOKEN)
    with pytest.raises(ValueError, match="output must be 'strings', 'hex_bytes' or 'raw_bytes', not 'bytes'"):
        signer.sign_many(["a"], output="bytes")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="output must be .* not bytes"):
        signer.sign_many(["a"], output=b"hex_bytes")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="identifier must be"):
        signer.sign_many(["ok", None], output="raw_bytes")  # type: ignore[call-overload]


def test_sign_many_accepts_any_iterable_and_mixed_types() -> None:
    signer = Signer(TOKEN)
    mixed: List[Any] = ["text", b"bytes", bytearray(b"array"), memoryview(b"view"), 42, "é"]
    expected = [signer.sign(item) for item in mixed]
    assert signer.sign_many(mixed) == expected
    assert signer.sign_many(tuple(mixed)) == expected
    assert signer.sign_many(iter(mixed)) == expected

    def generate() -> Iterator[str]:
        yield from ("a", "b", "c")

    assert signer.sign_many(generate()) == [signer.sign(x) for x in "abc"]
    assert signer.sign_many(range(5)) == [signer.sign(str(i)) for i in range(5)]
    assert signer.sign_many({"k": 1}) == [signer.sign("k")]


def test_sign_many_errors() -> None:
    signer = Signer(TOKEN)
    with pytest.raises(TypeError, match="not iterable"):
        signer.sign_many(5)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="identifier must be"):
        signer.sign_many(["ok", None])  # type: ignore[list-item]

    def failing() -> Iterator[str]:
        yield "ok"
        raise RuntimeError("iterable failed")

    with pytest.raises(RuntimeError, match="iterable failed"):
        signer.sign_many(failing())


@pytest.mark.parametrize("single", ["ab", b"ab", bytearray(b"ab"), memoryview(b"ab")])
def test_sign_many_refuses_a_single_identifier(single: Any) -> None:
    # Iterating it would sign each character (or byte value) on its own.
    with pytest.raises(TypeError, match="not a single"):
        Signer(TOKEN).sign_many(single)


def test_sign_many_lets_other_python_threads_run() -> None:
    # The counting thread gives the GIL back after every step, and a long switch
    # interval keeps the interpreter from forcing a switch, so it can only
    # advance during a call if sign_many releases the GIL.
    signer = Signer(TOKEN)
    batch = [f"user-{i}" for i in range(100_000)]
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
            signer.sign_many(batch)
            if count[0] > before:
                progressed = True
                break
        assert progressed
    finally:
        sys.setswitchinterval(interval)
        stop.set()
        thread.join()


def test_a_bytearray_secret_resized_by_another_thread() -> None:
    # The secret is copied under the array's lock before it is decoded, so a
    # resize by another thread (truly concurrent on a free-threaded build,
    # where the module runs without the GIL) yields the key before or after
    # the change, never a torn or freed one.
    short, long = b"k" * 16, b"K" * 4096
    secret = bytearray(short)
    valid = {Signer(short).sign("id"), Signer(long).sign("id")}
    stop = threading.Event()

    def resize() -> None:
        while not stop.is_set():
            secret[:] = long
            secret[:] = short

    thread = threading.Thread(target=resize)
    thread.start()
    try:
        seen = {Signer(secret).sign("id") for _ in range(20_000)}
    finally:
        stop.set()
        thread.join()
    assert seen <= valid
