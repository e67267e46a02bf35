"""Identity-verification hashes for chat widgets (Chatwoot, Pylon, Intercom, ...).

``identity_hash = lowercase_hex(HMAC-SHA256(secret, identifier))``, computed by
the identity-hmac Rust core::

    import identity_hmac

    signer = identity_hmac.Signer(chatwoot_hmac_token)  # secret_encoding="text"
    identifier_hash = signer.sign(user.email)

    pylon = identity_hmac.Signer(pylon_identity_secret, secret_encoding="hex")
    email_hash = pylon.sign(user.email)

Widget presets render the vendor's whole identify call, escaped for a
``<script>`` element::

    script = identity_hmac.identify_script(
        identity_hmac.Widget.CHATWOOT, chatwoot_hmac_token, {"identifier": user.id, "name": user.name}
    )

HS256 identity tokens (Intercom Messenger security, Zendesk)::

    token = identity_hmac.sign_token(secret, {"user_id": "42"}, expires_in=3600)
    claims = identity_hmac.TokenVerifier([secret]).verify(token)

``identity_hmac.django`` (a Django app with a template tag) and
``identity_hmac.jinja`` (a Jinja global, for Flask) are optional helpers; the
package imports neither framework unless they are imported.
"""

from ._errors import IdentityHmacError, InvalidSecretError, TokenError, WidgetError
from ._native import (
    Signer,
    TokenVerifier,
    Verifier,
    __version__,
    generate_secret,
    identify,
    identify_script,
    sign,
    sign_token,
    verify,
)
from ._widgets import Widget

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
