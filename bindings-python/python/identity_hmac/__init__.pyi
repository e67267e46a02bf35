from collections.abc import Iterable, Mapping
from typing import Any, Literal, final, overload

from typing_extensions import TypeAlias

from ._widgets import Widget as Widget

__version__: str
__all__ = [
    "IdentityHmacError",
    "InvalidSecretError",
    "Signer",
    "TokenError",
    "TokenVerifier",
    "Verifier",
    "Widget",
    "WidgetError",
    "__version__",
    "generate_secret",
    "identify",
    "identify_script",
    "sign",
    "sign_token",
    "verify",
]

# A str is hashed as its UTF-8 bytes, an int as its decimal string.
_Identifier: TypeAlias = str | bytes | bytearray | memoryview | int
# A str is decoded by secret_encoding; bytes are the key ("text") or ASCII hex digits ("hex").
_Secret: TypeAlias = str | bytes | bytearray | memoryview
_Hash: TypeAlias = str | bytes | bytearray | memoryview
# "text" or "hex"; None (like omitting it) means the default, "text".
_Encoding: TypeAlias = str | None
# Keys: identifier, email, name, avatar_url, phone_number; None leaves a field out.
_User: TypeAlias = Mapping[str, str | int | None]
# A Mapping is encoded by json.dumps; str or bytes are JSON text.
_Claims: TypeAlias = Mapping[str, Any] | str | bytes | bytearray | memoryview
# A secret, or a (key_id, secret) pair.
_Key: TypeAlias = _Secret | tuple[str, _Secret]

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

class WidgetError(IdentityHmacError):
    field: str | None
    reason: str | None
    position: int | None
    def __init__(
        self,
        message: str,
        code: str,
        field: str | None = None,
        reason: str | None = None,
        position: int | None = None,
    ) -> None: ...

class TokenError(IdentityHmacError):
    reason: str | None
    claim: str | None
    def __init__(self, message: str, code: str, reason: str | None = None, claim: str | None = None) -> None: ...

@final
class Signer:
    def __new__(cls, secret: _Secret, *, secret_encoding: _Encoding = "text") -> Signer: ...
    def sign(self, identifier: _Identifier) -> str: ...
    def digest(self, identifier: _Identifier) -> bytes: ...
    def verify(self, identifier: _Identifier, identity_hash: _Hash) -> bool: ...
    @overload
    def sign_many(
        self, identifiers: Iterable[_Identifier], *, output: Literal["strings"] | None = "strings"
    ) -> list[str]: ...
    @overload
    def sign_many(self, identifiers: Iterable[_Identifier], *, output: Literal["hex_bytes", "raw_bytes"]) -> bytes: ...

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
def identify(
    widget: Widget | str,
    secret: _Secret,
    user: _User,
    *,
    secret_encoding: _Encoding = None,
    expires_in: int | None = None,
    key_id: str | None = None,
    now: int | None = None,
) -> dict[str, str]: ...
def identify_script(
    widget: Widget | str,
    secret: _Secret,
    user: _User,
    *,
    page: Mapping[str, str] | None = None,
    nonce: str | None = None,
    secret_encoding: _Encoding = None,
    expires_in: int | None = None,
    key_id: str | None = None,
    now: int | None = None,
) -> str: ...
def sign_token(
    secret: _Secret,
    claims: _Claims,
    *,
    expires_in: int | None = None,
    key_id: str | None = None,
    now: int | None = None,
    secret_encoding: _Encoding = "text",
) -> str: ...
@final
class TokenVerifier:
    def __new__(
        cls,
        keys: Iterable[_Key],
        *,
        secret_encoding: _Encoding = "text",
        leeway: int = 60,
        max_lifetime: int | None = None,
        required_claims: Iterable[str] = (),
    ) -> TokenVerifier: ...
    def verify(self, token: str | bytes | bytearray | memoryview, *, now: int | None = None) -> dict[str, Any]: ...
    def __len__(self) -> int: ...
