//! The Kotlin/JVM binding of identity-hmac, exported with uniffi.
//!
//! Every rule lives in the `identity-hmac` core; this crate only converts
//! types and maps the core's errors to `IdentityHmacException`. Each
//! identifier-taking call comes twice: `sign(String)` hashes the string's
//! UTF-8 bytes, `signBytes(ByteArray)` hashes raw bytes.
// Only `lean` may use unsafe code: the raw entry point that `Signer.sign` calls.
#![deny(unsafe_code)]

use std::sync::Arc;

use identity_hmac as hmac_core;
use zeroize::Zeroizing;

uniffi::setup_scaffolding!();

mod lean;

/// How a secret string becomes key bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SecretEncoding {
    /// The secret's UTF-8 bytes as they are (Chatwoot, Intercom, Help Scout, Front, Plain).
    Text,
    /// Strict hex: even length, only `0-9a-fA-F` (Pylon).
    Hex,
}

impl From<SecretEncoding> for hmac_core::SecretEncoding {
    fn from(encoding: SecretEncoding) -> Self {
        match encoding {
            SecretEncoding::Text => hmac_core::SecretEncoding::Text,
            SecretEncoding::Hex => hmac_core::SecretEncoding::Hex,
        }
    }
}

/// Every error of identity-hmac. `code` is the stable code string shared by
/// every language; `detail` explains it. Neither ever contains the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum IdentityHmacError {
    /// `EMPTY_SECRET`: the secret decodes to zero bytes.
    #[error("{code}: {detail}")]
    EmptySecret { code: String, detail: String },
    /// `INVALID_HEX_SECRET`: a `hex` secret is malformed. `reason` is
    /// `odd length` or `invalid character`; `position` is 0-based.
    #[error("{code}: {detail}")]
    InvalidHexSecret { code: String, detail: String, reason: String, position: i64 },
    /// `UNKNOWN_SECRET_ENCODING`: an encoding name other than `text` or `hex`.
    #[error("{code}: {detail}")]
    UnknownSecretEncoding { code: String, detail: String },
    /// `NO_SECRETS`: a verifier was given no secrets.
    #[error("{code}: {detail}")]
    NoSecrets { code: String, detail: String },
    /// `TOO_MANY_SECRETS`: a verifier was given more than 16 secrets.
    #[error("{code}: {detail}")]
    TooManySecrets { code: String, detail: String, count: i64 },
    /// `MALFORMED_HASH`: a presented hash is not 64 hex characters (only from `check`).
    #[error("{code}: {detail}")]
    MalformedHash { code: String, detail: String },
    /// A core error this binding does not know yet (the core's error is non-exhaustive).
    #[error("{code}: {detail}")]
    Other { code: String, detail: String },
}

/// Saturating, so a count can never make the conversion fail.
fn to_i64(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl From<hmac_core::Error> for IdentityHmacError {
    fn from(error: hmac_core::Error) -> Self {
        let code = error.code().to_owned();
        let detail = error.to_string();
        match error {
            hmac_core::Error::EmptySecret => Self::EmptySecret { code, detail },
            hmac_core::Error::InvalidHexSecret(hex) => Self::InvalidHexSecret {
                code,
                detail,
                reason: hex.reason().to_owned(),
                position: to_i64(hex.position()),
            },
            hmac_core::Error::UnknownSecretEncoding => Self::UnknownSecretEncoding { code, detail },
            hmac_core::Error::NoSecrets => Self::NoSecrets { code, detail },
            hmac_core::Error::TooManySecrets { count } => Self::TooManySecrets { code, detail, count: to_i64(count) },
            hmac_core::Error::MalformedHash(_) => Self::MalformedHash { code, detail },
            _ => Self::Other { code, detail },
        }
    }
}

#[uniffi::export]
impl IdentityHmacError {
    /// The stable code string, the same in every language (`EMPTY_SECRET`, ...).
    pub fn code(&self) -> String {
        match self {
            Self::EmptySecret { code, .. }
            | Self::InvalidHexSecret { code, .. }
            | Self::UnknownSecretEncoding { code, .. }
            | Self::NoSecrets { code, .. }
            | Self::TooManySecrets { code, .. }
            | Self::MalformedHash { code, .. }
            | Self::Other { code, .. } => code.clone(),
        }
    }

    /// Whether the error is about a secret's value (`EMPTY_SECRET`, `INVALID_HEX_SECRET`).
    pub fn is_invalid_secret(&self) -> bool {
        matches!(self, Self::EmptySecret { .. } | Self::InvalidHexSecret { .. })
    }
}

type Result<T, E = IdentityHmacError> = std::result::Result<T, E>;

/// Decodes a secret handed over from the JVM and wipes that copy afterwards.
fn decode_secret(secret: String, encoding: SecretEncoding) -> Result<hmac_core::Secret> {
    let secret = Zeroizing::new(secret);
    Ok(hmac_core::Secret::decode(&secret, encoding.into())?)
}

fn decode_secrets(secrets: Vec<String>, encoding: SecretEncoding) -> Result<Vec<hmac_core::Secret>> {
    secrets.into_iter().map(|secret| decode_secret(secret, encoding)).collect()
}

/// Signs and verifies identifiers under one secret. Thread-safe: share one
/// instance (for example as a singleton bean) across all request threads.
#[derive(uniffi::Object)]
pub struct Signer {
    inner: hmac_core::Signer,
}

#[uniffi::export]
impl Signer {
    /// Decodes `secret` by `secretEncoding` and sets the key up once.
    #[uniffi::constructor]
    pub fn new(secret: String, secret_encoding: SecretEncoding) -> Result<Arc<Self>> {
        let secret = decode_secret(secret, secret_encoding)?;
        Ok(Arc::new(Signer { inner: hmac_core::Signer::new(&secret) }))
    }

    /// A signer keyed with raw key bytes (for example from a key store).
    #[uniffi::constructor]
    pub fn from_bytes(key: Vec<u8>) -> Result<Arc<Self>> {
        let key = Zeroizing::new(key);
        let secret = hmac_core::Secret::from_bytes(&key)?;
        Ok(Arc::new(Signer { inner: hmac_core::Signer::new(&secret) }))
    }

    /// The identity hash (64 lowercase hex characters) of the identifier's UTF-8 bytes.
    pub fn sign(&self, identifier: String) -> String {
        self.inner.sign_hex(identifier)
    }

    /// The identity hash (64 lowercase hex characters) of raw identifier bytes.
    pub fn sign_bytes(&self, identifier: Vec<u8>) -> String {
        self.inner.sign_hex(identifier)
    }

    /// The raw 32-byte HMAC of the identifier's UTF-8 bytes.
    pub fn digest(&self, identifier: String) -> Vec<u8> {
        self.inner.sign(identifier).as_bytes().to_vec()
    }

    /// The raw 32-byte HMAC of raw identifier bytes.
    pub fn digest_bytes(&self, identifier: Vec<u8>) -> Vec<u8> {
        self.inner.sign(identifier).as_bytes().to_vec()
    }

    /// Whether `identityHash` (64 hex characters, either case) is the hash of
    /// `identifier`. Constant time; a malformed hash is `false`, never an error.
    pub fn verify(&self, identifier: String, identity_hash: String) -> bool {
        self.inner.verify(identifier, identity_hash)
    }

    /// [`Signer::verify`] for raw identifier bytes.
    pub fn verify_bytes(&self, identifier: Vec<u8>, identity_hash: String) -> bool {
        self.inner.verify(identifier, identity_hash)
    }

    /// Like `verify`, but a malformed hash throws `MalformedHash`
    /// (`MALFORMED_HASH`); a mismatch is still `false`.
    pub fn check(&self, identifier: String, identity_hash: String) -> Result<bool> {
        check_outcome(self.inner.check(identifier, identity_hash).map(|()| true))
    }

    /// [`Signer::check`] for raw identifier bytes.
    pub fn check_bytes(&self, identifier: Vec<u8>, identity_hash: String) -> Result<bool> {
        check_outcome(self.inner.check(identifier, identity_hash).map(|()| true))
    }

    /// The hashes of many identifiers, in order; large batches use several cores.
    pub fn sign_many(&self, identifiers: Vec<String>) -> Vec<String> {
        self.inner.sign_many(&identifiers).iter().map(hmac_core::IdentityHash::to_hex).collect()
    }

    /// [`Signer::sign_many`] for raw identifier bytes.
    pub fn sign_many_bytes(&self, identifiers: Vec<Vec<u8>>) -> Vec<String> {
        self.inner.sign_many(&identifiers).iter().map(hmac_core::IdentityHash::to_hex).collect()
    }
}

/// Maps the core's detailed verify outcome: a mismatch is `false`, a
/// malformed hash is `MALFORMED_HASH`.
fn check_outcome<T>(outcome: std::result::Result<T, hmac_core::VerifyError>) -> Result<bool> {
    match outcome {
        Ok(_) => Ok(true),
        Err(hmac_core::VerifyError::MalformedHash(e)) => Err(hmac_core::Error::MalformedHash(e).into()),
        Err(_) => Ok(false),
    }
}

/// Verifies under 1 to 16 secrets, newest first, for key rotation. Every
/// check computes all candidates, so timing does not reveal which matched.
#[derive(uniffi::Object)]
pub struct Verifier {
    inner: hmac_core::Verifier,
}

#[uniffi::export]
impl Verifier {
    /// Decodes every secret by `secretEncoding`; 1 to 16 secrets, newest first.
    #[uniffi::constructor]
    pub fn new(secrets: Vec<String>, secret_encoding: SecretEncoding) -> Result<Arc<Self>> {
        let secrets = decode_secrets(secrets, secret_encoding)?;
        Ok(Arc::new(Verifier { inner: hmac_core::Verifier::new(&secrets)? }))
    }

    /// Whether `identityHash` matches under any of the secrets.
    pub fn verify(&self, identifier: String, identity_hash: String) -> bool {
        self.inner.verify(identifier, identity_hash)
    }

    /// [`Verifier::verify`] for raw identifier bytes.
    pub fn verify_bytes(&self, identifier: Vec<u8>, identity_hash: String) -> bool {
        self.inner.verify(identifier, identity_hash)
    }

    /// The index (0 = newest) of the first secret under which `identityHash`
    /// matches, or null.
    pub fn matching_key(&self, identifier: String, identity_hash: String) -> Option<i32> {
        self.inner.matching_key(identifier, identity_hash).map(index_to_i32)
    }

    /// [`Verifier::matching_key`] for raw identifier bytes.
    pub fn matching_key_bytes(&self, identifier: Vec<u8>, identity_hash: String) -> Option<i32> {
        self.inner.matching_key(identifier, identity_hash).map(index_to_i32)
    }

    /// How many secrets it holds.
    pub fn size(&self) -> i32 {
        index_to_i32(self.inner.len())
    }
}

/// An index below 16 always fits.
fn index_to_i32(index: usize) -> i32 {
    i32::try_from(index).unwrap_or(i32::MAX)
}

/// Signs `identifier` with `secret`, setting the key up for this one call.
/// Prefer a [`Signer`] when signing more than once.
#[uniffi::export]
pub fn sign(secret: String, identifier: String, secret_encoding: SecretEncoding) -> Result<String> {
    Ok(hmac_core::sign(&decode_secret(secret, secret_encoding)?, identifier).to_hex())
}

/// [`sign`] for raw identifier bytes.
#[uniffi::export]
pub fn sign_bytes(secret: String, identifier: Vec<u8>, secret_encoding: SecretEncoding) -> Result<String> {
    Ok(hmac_core::sign(&decode_secret(secret, secret_encoding)?, identifier).to_hex())
}

/// Checks `identityHash` for `identifier` under `secret` in constant time; a
/// malformed hash is `false`. Throws only for a bad secret.
#[uniffi::export]
pub fn verify(
    secret: String,
    identifier: String,
    identity_hash: String,
    secret_encoding: SecretEncoding,
) -> Result<bool> {
    Ok(hmac_core::verify(&decode_secret(secret, secret_encoding)?, identifier, identity_hash))
}

/// [`verify`] for raw identifier bytes.
#[uniffi::export]
pub fn verify_bytes(
    secret: String,
    identifier: Vec<u8>,
    identity_hash: String,
    secret_encoding: SecretEncoding,
) -> Result<bool> {
    Ok(hmac_core::verify(&decode_secret(secret, secret_encoding)?, identifier, identity_hash))
}

/// A new 32-byte secret from the operating system's CSPRNG, as 64 lowercase
/// hex characters (use it with `SecretEncoding.HEX`).
///
/// Throws `Other` (code `RANDOM_SOURCE_FAILED`) only if the OS random source fails.
#[uniffi::export]
pub fn generate_secret() -> Result<String> {
    match hmac_core::Secret::try_generate() {
        Ok(secret) => Ok(secret.expose_hex().to_string()),
        Err(_) => Err(IdentityHmacError::Other {
            code: "RANDOM_SOURCE_FAILED".to_owned(),
            detail: "the operating system's random source failed".to_owned(),
        }),
    }
}

/// Parses an encoding name: exactly `text` or `hex`, else `UNKNOWN_SECRET_ENCODING`.
/// For configuration values such as `IDENTITY_HMAC_SECRET_ENCODING=hex`.
#[uniffi::export]
pub fn parse_secret_encoding(name: String) -> Result<SecretEncoding> {
    match name.parse::<hmac_core::SecretEncoding>()? {
        hmac_core::SecretEncoding::Text => Ok(SecretEncoding::Text),
        hmac_core::SecretEncoding::Hex => Ok(SecretEncoding::Hex),
    }
}

/// The library version, the workspace's one version number.
#[uniffi::export]
pub fn version() -> String {
    hmac_core::VERSION.to_owned()
}
