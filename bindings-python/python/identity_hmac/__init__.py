"""Identity-verification hashes for chat widgets (Chatwoot, Pylon, Intercom, ...).

``identity_hash = lowercase_hex(HMAC-SHA256(secret, identifier))``, computed by
the identity-hmac Rust core::

    import identity_hmac

    signer = identity_hmac.Signer(chatwoot_hmac_token)  # secret_encoding="text"
    identifier_hash = signer.sign(user.email)

    pylon = identity_hmac.Signer(pylon_identity_secret, secret_encoding="hex")
    email_hash = pylon.sign(user.email)
"""

from ._errors import IdentityHmacError, InvalidSecretError
from ._native import Signer, Verifier, __version__, generate_secret, sign, verify

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
