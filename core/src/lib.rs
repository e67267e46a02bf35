//! Identity-verification hashes for chat widgets.
//!
//! Chatwoot, Pylon, Intercom, Help Scout, Front, Crisp and others verify a
//! logged-in user with `lowercase_hex(HMAC-SHA256(secret, identifier))`,
//! computed on the customer's backend; Intercom's Messenger security and
//! Zendesk take an HS256 JWT instead ([`sign_token`], [`TokenVerifier`]).
//! This crate is the one implementation that every identity-hmac binding
//! calls: it owns secret decoding, signing, constant-time verification, key
//! rotation, hash parsing and identity tokens.
//!
//! ```
//! use identity_hmac::{Secret, Signer};
//!
//! let secret = Secret::text("your_web_widget_hmac_token")?;
//! let signer = Signer::new(&secret);
//! let hash = signer.sign_hex("some_identifier");
//! assert!(signer.verify("some_identifier", &hash));
//! # Ok::<(), identity_hmac::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod batch;
mod diagnose;
mod encoding;
mod error;
mod hash;
mod hmac_sha256;
mod script;
mod secret;
mod signer;
mod token;
mod widget;

pub use batch::{HashFormat, PackedBatch, PackedBatchError, grow_output};
pub use diagnose::{Diagnosis, LetterCase, LineEnding, Mistake, NormalizationForm, Suggestion, diagnose};
pub use error::{CharacterKind, Error, ErrorCode, HashFormatError, HexSecretError, VerifyError};
pub use hash::IdentityHash;
pub use secret::{MAX_SECRET_BYTES, Secret, SecretEncoding};
pub use signer::{MAX_SECRETS, Signer, Verifier, VerifierBuilder};
pub use token::{
    Claims, DEFAULT_LEEWAY, MAX_TOKEN_BYTES, TokenOptions, TokenVerifier, TokenVerifierBuilder, sign_token,
    sign_token_claims, sign_token_value,
};
pub use widget::{
    Identifier, Identity, PageValues, Scheme, SignedValue, User, Widget, identify, identify_script, identify_with,
};

/// The crate version, shared by every binding of the workspace.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Length of an identity hash in bytes.
pub const HASH_LEN: usize = 32;

/// Length of an identity hash in hex characters.
pub const HASH_HEX_LEN: usize = 64;

/// A convenient `Result` alias for this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Signs `identifier` with `secret`, setting the key up for this one call.
///
/// Prefer a [`Signer`] when signing more than once with the same secret.
pub fn sign(secret: &Secret, identifier: impl AsRef<[u8]>) -> IdentityHash {
    Signer::new(secret).sign(identifier)
}

/// Checks `presented_hash` for `identifier` under `secret` in constant time.
///
/// A malformed presented hash (anything but 64 hex characters) is `false`.
pub fn verify(secret: &Secret, identifier: impl AsRef<[u8]>, presented_hash: impl AsRef<[u8]>) -> bool {
    Signer::new(secret).verify(identifier, presented_hash)
}

/// The repository README's Rust examples, compiled and run as doctests by
/// `cargo test --doc` (scripts/doc_examples.py checks that they are included here).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
