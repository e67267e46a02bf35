from collections.abc import Iterable
from typing import final

from typing_extensions import TypeAlias

__version__: str
__all__ = [
    "IdentityHmacError",
    "InvalidSecretError",
    "Signer",
    "Verifier",
    "__version__",
    "generate_secret",
    "sign",
    "verify",
]

# A str is hashed as its UTF-8 bytes, an int as its decimal string.
_Identifier: TypeAlias = str | bytes | bytearray | memoryview | int
# A str is decoded by secret_encoding; bytes are the key ("text") or ASCII hex digits ("hex").
_Secret: TypeAlias = str | bytes | bytearray | memoryview
_Hash: TypeAlias = str | bytes | bytearray | memoryview
# "text" or "hex"; None (like omitting it) means the default, "text".
_Encoding: TypeAlias = str | None

class IdentityHmacError(ValueError):
    code: str
    def __init__(self, message: str, code: str) -> None: ...
    def __reduce__(self) -> tuple[type[IdentityHmacError], tuple[object, ...]]: ...

class InvalidSecretError(IdentityHmacError):
    reason: str | None
    position: int | None
    secret_index: int | None
    def __init__(
        self,
        message: str,
        code: str,
        reason: str | None = None,
        position: int | None = None,
        secret_index: int | None = None,
    ) -> None: ...

@final
class Signer:
    def __new__(cls, secret: _Secret, *, secret_encoding: _Encoding = "text") -> Signer: ...
    def sign(self, identifier: _Identifier) -> str: ...
    def digest(self, identifier: _Identifier) -> bytes: ...
    def verify(self, identifier: _Identifier, identity_hash: _Hash) -> bool: ...
    def sign_many(self, identifiers: Iterable[_Identifier]) -> list[str]: ...

@final
class Verifier:
    def __new__(cls, secrets: Iterable[_Secret], *, secret_encoding: _Encoding = "text") -> Verifier: ...
    def verify(self, identifier: _Identifier, identity_hash: _Hash) -> bool: ...
    def matching_key(self, identifier: _Identifier, identity_hash: _Hash) -> int | None: ...
    def __len__(self) -> int: ...

def sign(secret: _Secret, identifier: _Identifier, *, secret_encoding: _Encoding = "text") -> str: ...
def verify(
    secret: _Secret, identifier: _Identifier, identity_hash: _Hash, *, secret_encoding: _Encoding = "text"
) -> bool: ...
def generate_secret() -> str: ...
