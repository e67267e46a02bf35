"""Hostile input at scale: Verifier construction reads at most 17 secrets, and
sign_many holds one bounded chunk at a time, signs large identifiers in place
and turns a failed allocation into MemoryError instead of an abort."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import subprocess
import sys
from typing import Any, Iterator, List

import pytest

from identity_hmac import IdentityHmacError, InvalidSecretError, Signer, Verifier

TOKEN = "your_web_widget_hmac_token"


def stdlib(message: bytes) -> str:
    return hmac.new(TOKEN.encode(), message, hashlib.sha256).hexdigest()


class Counting:
    """An iterator over `items` that counts what was taken and refuses to go past `limit`."""

    def __init__(self, items: Iterator[Any], limit: int = 1000) -> None:
        self.items = items
        self.taken = 0
        self.limit = limit

    def __iter__(self) -> Counting:
        return self

    def __next__(self) -> Any:
        if self.taken >= self.limit:
            raise AssertionError(f"read more than {self.limit} items")
        item = next(self.items)
        self.taken += 1
        return item


# --- Verifier -------------------------------------------------------------------------------


def test_verifier_stops_at_the_17th_item_of_a_long_generator() -> None:
    secrets = Counting(str(i) for i in range(10**6))
    with pytest.raises(IdentityHmacError) as caught:
        Verifier(secrets)
    assert caught.value.code == "TOO_MANY_SECRETS"
    assert not isinstance(caught.value, InvalidSecretError)
    assert secrets.taken == 17


def test_verifier_stops_at_the_17th_item_of_an_endless_iterator() -> None:
    secrets = Counting(map(str, itertools.count()))
    with pytest.raises(IdentityHmacError, match="at most 16 secrets"):
        Verifier(secrets)
    assert secrets.taken == 17


def test_verifier_of_an_endless_map_returns() -> None:
    # The issue's own reproduction, in a child process so that a regression
    # fails (by the timeout) instead of hanging the suite.
    code = (
        "import itertools, identity_hmac as ih\n"
        "try:\n"
        "    ih.Verifier(map(str, itertools.count()))\n"
        "except ih.IdentityHmacError as e:\n"
        "    print(e.code)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (0, "TOO_MANY_SECRETS\n", "")


def test_the_17th_item_is_refused_whatever_it_is() -> None:
    secrets = Counting(iter([TOKEN] * 16 + [None, TOKEN]))
    with pytest.raises(IdentityHmacError) as caught:
        Verifier(secrets)
    assert caught.value.code == "TOO_MANY_SECRETS"
    assert secrets.taken == 17


def test_sixteen_secrets_read_the_end_of_the_iterator() -> None:
    secrets = Counting(iter([TOKEN] * 16))
    verifier = Verifier(secrets)
    assert len(verifier) == 16
    assert secrets.taken == 16


def test_verifier_stops_at_the_first_invalid_secret() -> None:
    secrets = Counting(iter([TOKEN, TOKEN, "", TOKEN, TOKEN]))
    with pytest.raises(InvalidSecretError) as caught:
        Verifier(secrets)
    assert (caught.value.code, caught.value.secret_index) == ("EMPTY_SECRET", 2)
    assert secrets.taken == 3


@pytest.mark.parametrize("count", [1, 2, 16])
def test_verifier_len(count: int) -> None:
    verifier = Verifier([f"{TOKEN}-{i}" for i in range(count)])
    assert len(verifier) == count
    assert bool(verifier)


# --- sign_many ------------------------------------------------------------------------------

IN_PLACE = 64 * 1024  # the core's PackedBatch::IN_PLACE_BYTES
CHUNK_ITEMS = 16 * 1024  # PackedBatch::CHUNK_ITEMS
CHUNK_BYTES = 1 << 20  # PackedBatch::CHUNK_BYTES


def test_sign_many_around_the_in_place_size_keeps_order() -> None:
    identifiers: List[Any] = []
    for size in (IN_PLACE - 1, IN_PLACE, IN_PLACE + 1, 3 * IN_PLACE, 1 << 20):
        identifiers += [f"small-{size}", "b" * size, f"after-{size}".encode(), bytearray(b"c" * size), 7]
    expected = [stdlib(i.encode() if isinstance(i, str) else str(i).encode() if isinstance(i, int) else bytes(i))
                for i in identifiers]
    assert Signer(TOKEN).sign_many(identifiers) == expected
    assert Signer(TOKEN).sign_many(iter(identifiers)) == expected


@pytest.mark.parametrize(
    ("size", "count"),
    [
        (10, CHUNK_ITEMS - 1),
        (10, CHUNK_ITEMS),
        (10, 2 * CHUNK_ITEMS + 5),  # chunks full by item count
        (1000, 3 * CHUNK_BYTES // 1000 + 7),  # chunks full by bytes
        (IN_PLACE - 1, 40),  # the largest items still copied into a chunk
    ],
)
def test_sign_many_across_chunk_boundaries(size: int, count: int) -> None:
    identifiers = [f"{i:0{size}d}" for i in range(count)]
    hashes = Signer(TOKEN).sign_many(identifiers)
    assert len(hashes) == count
    # Every item is checked where a chunk may end; a sample elsewhere.
    for i in sorted({0, count - 1, *range(0, count, 997), *range(CHUNK_ITEMS - 2, min(count, CHUNK_ITEMS + 2))}):
        assert hashes[i] == stdlib(identifiers[i].encode()), i


def test_sign_many_stops_at_the_first_bad_item() -> None:
    identifiers = Counting(iter(["a"] * 5 + [1.5] + ["b"] * 5))
    with pytest.raises(TypeError, match="identifier must be"):
        Signer(TOKEN).sign_many(identifiers)
    assert identifiers.taken == 6


def limited_run(code: str, address_space_bytes: int) -> subprocess.CompletedProcess[str]:
    """Runs `code` in a child Python that first limits its address space, like `ulimit -v`."""
    pytest.importorskip("resource")
    limit = (
        "import resource\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({address_space_bytes}, {address_space_bytes}))\n"
    )
    return subprocess.run([sys.executable, "-c", limit + code], capture_output=True, text=True, timeout=600)


def assert_completed_or_memory_error(result: subprocess.CompletedProcess[str]) -> None:
    # SIGABRT ("memory allocation of N bytes failed") shows as -6 from subprocess, 134 from a shell.
    assert result.returncode in (0, 1), (result.returncode, result.stderr[-2000:])
    if result.returncode == 1:
        assert result.stderr.rstrip().splitlines()[-1].startswith("MemoryError"), result.stderr[-2000:]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS semantics are Linux's")
def test_sign_many_of_large_items_under_a_memory_limit_does_not_abort() -> None:
    # The reproduction: (ulimit -v 2000000; python -c '...') exited 134.
    code = (
        "import identity_hmac as ih\n"
        "hashes = ih.Signer('k').sign_many(['a' * (1 << 20)] * 3000)\n"
        "assert len(hashes) == 3000 and len(set(hashes)) == 1\n"
        "print('ok')\n"
    )
    result = limited_run(code, 2_000_000 * 1024)
    assert_completed_or_memory_error(result)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS semantics are Linux's")
def test_sign_many_that_cannot_allocate_its_chunk_raises_memory_error() -> None:
    # The child limits itself to a little more than it already uses, then
    # signs items that are copied into chunks (each a 1 MiB buffer).
    code = (
        "import resource, identity_hmac as ih\n"
        "signer = ih.Signer('k')\n"
        "items = ['%05d' % i + 'x' * 60000 for i in range(100)]\n"
        "signer.sign_many(items[:1])\n"
        "with open('/proc/self/status') as status:\n"
        "    size = next(int(line.split()[1]) for line in status if line.startswith('VmSize:')) * 1024\n"
        "resource.setrlimit(resource.RLIMIT_AS, (size + (256 << 10), resource.RLIM_INFINITY))\n"
        "try:\n"
        "    signer.sign_many(items)\n"
        "except MemoryError:\n"
        "    print('MemoryError')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert (result.returncode, result.stdout) == (0, "MemoryError\n"), result.stderr[-2000:]
