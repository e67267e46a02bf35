"""Exception classes, raised by the native module with the core's codes."""

from __future__ import annotations

from typing import Tuple, Type


class IdentityHmacError(ValueError):
    """An identity-hmac error; ``code`` is the stable code shared by every language.

    Codes: ``EMPTY_SECRET``, ``INVALID_HEX_SECRET``, ``INVALID_TEXT_SECRET``,
    ``UNKNOWN_SECRET_ENCODING``, ``NO_SECRETS``, ``TOO_MANY_SECRETS``.
    The message never contains a secret or any part of one.
    """

    code: str

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code

    def __reduce__(self) -> Tuple[Type[IdentityHmacError], Tuple[str, str]]:
        return (type(self), (str(self), self.code))


class InvalidSecretError(IdentityHmacError):
    """A secret's value is unusable: empty, malformed hex, or not encodable text."""


# Shown as identity_hmac.X in tracebacks, which is where users import them from.
IdentityHmacError.__module__ = "identity_hmac"
InvalidSecretError.__module__ = "identity_hmac"
