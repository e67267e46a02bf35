"""Exception classes, raised by the native module with the core's codes and details."""

from __future__ import annotations

from typing import Optional, Tuple, Type


class IdentityHmacError(ValueError):
    """An identity-hmac error; ``code`` is the stable code shared by every language.

    Codes: ``EMPTY_SECRET``, ``INVALID_HEX_SECRET``, ``INVALID_TEXT_SECRET``
    (raised as :class:`InvalidSecretError`), ``UNKNOWN_SECRET_ENCODING``,
    ``NO_SECRETS``, ``TOO_MANY_SECRETS``, ``RANDOM_SOURCE_FAILED``; the
    widget codes (raised as :class:`WidgetError`) and the token codes (raised
    as :class:`TokenError`).
    The message never contains a secret or any part of one.
    """

    code: str

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code

    def __reduce__(self) -> Tuple[Type[IdentityHmacError], Tuple[object, ...]]:
        return (type(self), (str(self), self.code))


class InvalidSecretError(IdentityHmacError):
    """A secret's value is unusable: empty, malformed hex, or text with a lone surrogate.

    ``reason`` is a fixed phrase (``"empty"``, ``"odd length"``, ``"invalid
    character"``, ``"lone surrogate"``), never the character itself;
    ``position`` is the 0-based character position of a hex or text error;
    ``secret_index`` says which secret of a ``Verifier``'s list (0 = newest)
    failed. Each is ``None`` when it does not apply.
    """

    reason: Optional[str]
    position: Optional[int]
    secret_index: Optional[int]

    def __init__(
        self,
        message: str,
        code: str,
        reason: Optional[str] = None,
        position: Optional[int] = None,
        secret_index: Optional[int] = None,
    ) -> None:
        super().__init__(message, code)
        self.reason = reason
        self.position = position
        self.secret_index = secret_index

    def __reduce__(self) -> Tuple[Type[IdentityHmacError], Tuple[object, ...]]:
        return (type(self), (str(self), self.code, self.reason, self.position, self.secret_index))


class WidgetError(IdentityHmacError):
    """A widget preset's input is unusable: ``UNKNOWN_WIDGET``, ``MISSING_FIELD``,
    ``UNKNOWN_FIELD`` or ``INVALID_NONCE``.

    ``field`` names the user field or page value a preset needs (``MISSING_FIELD``:
    ``"email"``, ``"identifier"``, ``"app_id"``, ``"key_id"``, ...); ``reason`` is
    a fixed phrase (``"missing"``, ``"empty"``, ``"invalid character"``);
    ``position`` is the 0-based position of a bad nonce character. Each is
    ``None`` when it does not apply. No value given is ever repeated.
    """

    field: Optional[str]
    reason: Optional[str]
    position: Optional[int]

    def __init__(
        self,
        message: str,
        code: str,
        field: Optional[str] = None,
        reason: Optional[str] = None,
        position: Optional[int] = None,
    ) -> None:
        super().__init__(message, code)
        self.field = field
        self.reason = reason
        self.position = position

    def __reduce__(self) -> Tuple[Type[IdentityHmacError], Tuple[object, ...]]:
        return (type(self), (str(self), self.code, self.field, self.reason, self.position))


class TokenError(IdentityHmacError):
    """A token (or the claims to sign) is refused: ``MALFORMED_TOKEN``,
    ``UNSUPPORTED_ALGORITHM``, ``UNKNOWN_KEY_ID``, ``BAD_SIGNATURE``,
    ``TOKEN_EXPIRED``, ``TOKEN_NOT_YET_VALID``, ``LIFETIME_TOO_LONG``,
    ``MISSING_CLAIM`` or ``INVALID_CLAIMS``.

    ``reason`` is a fixed phrase (``"not three segments"``, ``"not an integer"``,
    ``"not encodable as JSON by the host"``, ...); ``claim`` names the claim at
    fault (``MISSING_CLAIM``, ``INVALID_CLAIMS``), never its value. Each is
    ``None`` when it does not apply.
    """

    reason: Optional[str]
    claim: Optional[str]

    def __init__(self, message: str, code: str, reason: Optional[str] = None, claim: Optional[str] = None) -> None:
        super().__init__(message, code)
        self.reason = reason
        self.claim = claim

    def __reduce__(self) -> Tuple[Type[IdentityHmacError], Tuple[object, ...]]:
        return (type(self), (str(self), self.code, self.reason, self.claim))


# Shown as identity_hmac.X in tracebacks, which is where users import them from.
IdentityHmacError.__module__ = "identity_hmac"
InvalidSecretError.__module__ = "identity_hmac"
WidgetError.__module__ = "identity_hmac"
TokenError.__module__ = "identity_hmac"
