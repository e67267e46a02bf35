//! The Kotlin/JVM binding of identity-hmac.
//!
//! Every rule lives in the `identity_hmac` core. This crate exports, with
//! uniffi, the secret encodings, the `IdentityHmacException` hierarchy (the
//! one mapping of the core's errors), `Verifier` and the validation calls;
//! `src/jni.rs` is the fast path behind the hand-written `Signer`, one-shot
//! `sign`/`verify` and `generateSecret` (see src/main/kotlin/.../IdentityHmac.kt).
// Only `jni` may use unsafe code.
#![deny(unsafe_code)]

use std::sync::Arc;

use identity_hmac::{ErrorCode, IdentityHash, Secret, VerifierBuilder};
use zeroize::Zeroizing;

uniffi::setup_scaffolding!();

mod jni;
mod tokens;
mod widgets;

/// How a secret string becomes key bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SecretEncoding {
    /// The secret's UTF-8 bytes as they are (Chatwoot, Intercom, Help Scout, Front, Plain).
    Text,
    /// Strict hex: even length, only `0-9a-fA-F` (Pylon).
    Hex,
}

impl From<SecretEncoding> for identity_hmac::SecretEncoding {
    fn from(encoding: SecretEncoding) -> Self {
        match encoding {
            SecretEncoding::Text => identity_hmac::SecretEncoding::Text,
            SecretEncoding::Hex => identity_hmac::SecretEncoding::Hex,
        }
    }
}

/// A secret as a JVM `String`, handed over as its UTF-16 code units (two
/// little-endian bytes each, written by `SecretStrings.utf16` without the JVM's
/// UTF-8 encoder, which would turn a lone surrogate into `?` or an exception).
/// So the core sees what the string holds and reports a lone surrogate as
/// `INVALID_TEXT_SECRET`. Wiped when dropped.
pub struct SecretString(Zeroizing<Vec<u16>>);

uniffi::custom_type!(SecretString, Vec<u8>, {
    lower: |secret| secret.0.iter().flat_map(|unit| unit.to_le_bytes()).collect(),
    try_lift: |bytes| {
        let bytes = Zeroizing::new(bytes);
        Ok(SecretString(Zeroizing::new(bytes.chunks(2).map(|pair| u16::from_le_bytes([pair[0], *pair.get(1).unwrap_or(&0)])).collect())))
    },
});

/// Every error of identity-hmac. `code` is the stable code string shared by
/// every language; `detail` explains it. Neither ever contains the secret.
/// `secretIndex` says which secret of a `Verifier`'s list failed (null otherwise).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum IdentityHmacError {
    /// `EMPTY_SECRET`: the secret decodes to zero bytes.
    #[error("{code}: {detail}")]
    EmptySecret { code: String, detail: String, reason: String, secret_index: Option<i64> },
    /// `INVALID_HEX_SECRET`: a `hex` secret is malformed. `reason` is
    /// `odd length` or `invalid character`; `position` is 0-based.
    #[error("{code}: {detail}")]
    InvalidHexSecret { code: String, detail: String, reason: String, position: i64, secret_index: Option<i64> },
    /// `INVALID_TEXT_SECRET`: a secret string holds a lone surrogate; `position`
    /// is its 0-based UTF-16 index, `reason` is `lone surrogate`.
    #[error("{code}: {detail}")]
    InvalidTextSecret { code: String, detail: String, reason: String, position: i64, secret_index: Option<i64> },
    /// `UNKNOWN_SECRET_ENCODING`: an encoding name other than `text` or `hex`.
    #[error("{code}: {detail}")]
    UnknownSecretEncoding { code: String, detail: String },
    /// `NO_SECRETS`: a verifier was given no secrets.
    #[error("{code}: {detail}")]
    NoSecrets { code: String, detail: String },
    /// `TOO_MANY_SECRETS`: a verifier was given more than 16 secrets
    /// (construction stops at the 17th).
    #[error("{code}: {detail}")]
    TooManySecrets { code: String, detail: String },
    /// `MALFORMED_HASH`: a presented hash is not 64 hex characters (only from
    /// `check` and `checkIdentityHash`); `reason` and `position` say why and where.
    #[error("{code}: {detail}")]
    MalformedHash { code: String, detail: String, reason: Option<String>, position: Option<i64> },
    /// `RANDOM_SOURCE_FAILED`: the operating system's random source failed (`generateSecret`).
    #[error("{code}: {detail}")]
    RandomSourceFailed { code: String, detail: String },
    /// `MISMATCH`: a well-formed hash that does not match (the core's detailed
    /// verify; this binding's `check` returns `false` instead).
    #[error("{code}: {detail}")]
    Mismatch { code: String, detail: String },
    /// `OUT_OF_MEMORY`: a batch could not allocate its buffers.
    #[error("{code}: {detail}")]
    OutOfMemory { code: String, detail: String },
    /// `UNKNOWN_WIDGET`: a widget preset name that is not in the core's table.
    #[error("{code}: {detail}")]
    UnknownWidget { code: String, detail: String },
    /// `MISSING_FIELD`: the user or the page lacks a value the preset needs;
    /// `field` names it (`identifier`, `email`, `app_id`, `key_id`, ...),
    /// `reason` is `missing` or `empty`.
    #[error("{code}: {detail}")]
    MissingField { code: String, detail: String, field: String, reason: String },
    /// `UNKNOWN_FIELD`: a user field or page value that the preset does not take.
    #[error("{code}: {detail}")]
    UnknownField { code: String, detail: String },
    /// `INVALID_NONCE`: a CSP nonce that is empty or not base64; `reason` is
    /// `empty` or `invalid character`, `position` the 0-based byte offset.
    #[error("{code}: {detail}")]
    InvalidNonce { code: String, detail: String, reason: String, position: Option<i64> },
    /// `MALFORMED_TOKEN`: a token that cannot be read; `reason` is a fixed
    /// phrase (`not three segments`, `invalid base64url`, ...).
    #[error("{code}: {detail}")]
    MalformedToken { code: String, detail: String, reason: String },
    /// `UNSUPPORTED_ALGORITHM`: a token whose `alg` is not `HS256`.
    #[error("{code}: {detail}")]
    UnsupportedAlgorithm { code: String, detail: String },
    /// `UNKNOWN_KEY_ID`: a token whose `kid` names none of the verifier's keys.
    #[error("{code}: {detail}")]
    UnknownKeyId { code: String, detail: String },
    /// `BAD_SIGNATURE`: a token whose signature matches none of the keys.
    #[error("{code}: {detail}")]
    BadSignature { code: String, detail: String },
    /// `TOKEN_EXPIRED`: a token past its `exp` (after the leeway).
    #[error("{code}: {detail}")]
    TokenExpired { code: String, detail: String },
    /// `TOKEN_NOT_YET_VALID`: a token before its `nbf` or `iat` (after the leeway).
    #[error("{code}: {detail}")]
    TokenNotYetValid { code: String, detail: String },
    /// `LIFETIME_TOO_LONG`: a token whose `exp - iat` exceeds the verifier's maximum.
    #[error("{code}: {detail}")]
    LifetimeTooLong { code: String, detail: String },
    /// `MISSING_CLAIM`: a token (or a preset's claims) without a required
    /// claim; `claim` names it, never a value.
    #[error("{code}: {detail}")]
    MissingClaim { code: String, detail: String, claim: String },
    /// `INVALID_CLAIMS`: claims that are not a JSON object, or a claim with a
    /// value of the wrong kind; `claim` names it (null for the claims as a
    /// whole), `reason` is a fixed phrase (`not an integer`, `not encodable as
    /// JSON by the host`, ...). Never a value.
    #[error("{code}: {detail}")]
    InvalidClaims { code: String, detail: String, claim: Option<String>, reason: String },
    /// A core error this binding does not know yet (the core's error is non-exhaustive).
    #[error("{code}: {detail}")]
    Other { code: String, detail: String },
}

/// Saturating, so an index or position can never make the conversion fail.
fn to_i64(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

/// What an exception carries besides its class: the core error's code text,
/// message and details.
struct Details {
    code: String,
    detail: String,
    reason: Option<String>,
    position: Option<i64>,
    secret_index: Option<i64>,
    field: Option<String>,
    claim: Option<String>,
}

impl IdentityHmacError {
    /// The exception class of `code`: the one mapping of core codes to classes.
    fn of(code: ErrorCode, details: Details) -> Self {
        let Details { code: text, detail, reason, position, secret_index, field, claim } = details;
        let code_text = text;
        let reason_text = reason.clone().unwrap_or_default();
        match code {
            ErrorCode::EmptySecret => Self::EmptySecret { code: code_text, detail, reason: reason_text, secret_index },
            ErrorCode::InvalidHexSecret => Self::InvalidHexSecret {
                code: code_text,
                detail,
                reason: reason_text,
                position: position.unwrap_or_default(),
                secret_index,
            },
            ErrorCode::InvalidTextSecret => Self::InvalidTextSecret {
                code: code_text,
                detail,
                reason: reason_text,
                position: position.unwrap_or_default(),
                secret_index,
            },
            ErrorCode::UnknownSecretEncoding => Self::UnknownSecretEncoding { code: code_text, detail },
            ErrorCode::NoSecrets => Self::NoSecrets { code: code_text, detail },
            ErrorCode::TooManySecrets => Self::TooManySecrets { code: code_text, detail },
            ErrorCode::MalformedHash => Self::MalformedHash { code: code_text, detail, reason, position },
            ErrorCode::Mismatch => Self::Mismatch { code: code_text, detail },
            ErrorCode::RandomSourceFailed => Self::RandomSourceFailed { code: code_text, detail },
            ErrorCode::OutOfMemory => Self::OutOfMemory { code: code_text, detail },
            ErrorCode::UnknownWidget => Self::UnknownWidget { code: code_text, detail },
            ErrorCode::MissingField => {
                Self::MissingField { code: code_text, detail, field: field.unwrap_or_default(), reason: reason_text }
            }
            ErrorCode::UnknownField => Self::UnknownField { code: code_text, detail },
            ErrorCode::InvalidNonce => Self::InvalidNonce { code: code_text, detail, reason: reason_text, position },
            ErrorCode::MalformedToken => Self::MalformedToken { code: code_text, detail, reason: reason_text },
            ErrorCode::UnsupportedAlgorithm => Self::UnsupportedAlgorithm { code: code_text, detail },
            ErrorCode::UnknownKeyId => Self::UnknownKeyId { code: code_text, detail },
            ErrorCode::BadSignature => Self::BadSignature { code: code_text, detail },
            ErrorCode::TokenExpired => Self::TokenExpired { code: code_text, detail },
            ErrorCode::TokenNotYetValid => Self::TokenNotYetValid { code: code_text, detail },
            ErrorCode::LifetimeTooLong => Self::LifetimeTooLong { code: code_text, detail },
            ErrorCode::MissingClaim => Self::MissingClaim { code: code_text, detail, claim: claim.unwrap_or_default() },
            ErrorCode::InvalidClaims => Self::InvalidClaims { code: code_text, detail, claim, reason: reason_text },
            _ => Self::Other { code: code_text, detail },
        }
    }
}

impl From<identity_hmac::Error> for IdentityHmacError {
    fn from(error: identity_hmac::Error) -> Self {
        let details = Details {
            code: error.code().to_owned(),
            detail: error.to_string(),
            reason: error.reason().map(str::to_owned),
            position: error.position().map(to_i64),
            secret_index: error.secret_index().map(to_i64),
            field: error.field().map(str::to_owned),
            claim: error.claim().map(str::to_owned),
        };
        Self::of(error.error_code(), details)
    }
}

#[uniffi::export]
impl IdentityHmacError {
    /// The stable code string, the same in every language (`EMPTY_SECRET`, ...).
    pub fn code(&self) -> String {
        match self {
            Self::EmptySecret { code, .. }
            | Self::InvalidHexSecret { code, .. }
            | Self::InvalidTextSecret { code, .. }
            | Self::UnknownSecretEncoding { code, .. }
            | Self::NoSecrets { code, .. }
            | Self::TooManySecrets { code, .. }
            | Self::MalformedHash { code, .. }
            | Self::RandomSourceFailed { code, .. }
            | Self::Mismatch { code, .. }
            | Self::OutOfMemory { code, .. }
            | Self::UnknownWidget { code, .. }
            | Self::MissingField { code, .. }
            | Self::UnknownField { code, .. }
            | Self::InvalidNonce { code, .. }
            | Self::MalformedToken { code, .. }
            | Self::UnsupportedAlgorithm { code, .. }
            | Self::UnknownKeyId { code, .. }
            | Self::BadSignature { code, .. }
            | Self::TokenExpired { code, .. }
            | Self::TokenNotYetValid { code, .. }
            | Self::LifetimeTooLong { code, .. }
            | Self::MissingClaim { code, .. }
            | Self::InvalidClaims { code, .. }
            | Self::Other { code, .. } => code.clone(),
        }
    }

    /// Whether the error is about a secret's value (`EMPTY_SECRET`,
    /// `INVALID_HEX_SECRET`, `INVALID_TEXT_SECRET`).
    pub fn is_invalid_secret(&self) -> bool {
        ErrorCode::from_name(&self.code()).is_some_and(ErrorCode::is_invalid_secret)
    }
}

/// Every error code of the core, in its fixed order (`ErrorCode::ALL`).
#[uniffi::export]
pub fn error_codes() -> Vec<String> {
    ErrorCode::ALL.iter().map(|code| code.as_str().to_owned()).collect()
}

/// Throws the exception this binding raises for the core code `code` (with
/// the code's summary as its detail), so a test can check that every code
/// has its own class; does nothing for a name that is not a code.
#[uniffi::export]
pub fn raise_sample_error(code: String) -> Result<()> {
    match ErrorCode::from_name(&code) {
        Some(error_code) => Err(IdentityHmacError::of(
            error_code,
            Details {
                code,
                detail: error_code.summary().to_owned(),
                reason: None,
                position: None,
                secret_index: None,
                field: None,
                claim: None,
            },
        )),
        None => Ok(()),
    }
}

type Result<T, E = IdentityHmacError> = std::result::Result<T, E>;

/// Verifies under 1 to 16 secrets, newest first, for key rotation. Every
/// check computes all candidates, so timing does not reveal which matched.
#[derive(uniffi::Object)]
pub struct Verifier {
    inner: identity_hmac::Verifier,
}

#[uniffi::export]
impl Verifier {
    /// Decodes the secrets by `secretEncoding`, newest first; 1 to 16 of them.
    /// Stops at the first bad one (its `secretIndex` is in the error) or at the 17th.
    #[uniffi::constructor]
    pub fn new(secrets: Vec<SecretString>, secret_encoding: SecretEncoding) -> Result<Arc<Self>> {
        let mut builder = VerifierBuilder::new(secret_encoding.into());
        for secret in &secrets {
            builder.push_utf16(&secret.0)?;
        }
        Ok(Arc::new(Verifier { inner: builder.build()? }))
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

/// Decodes `secret` by `secretEncoding` and drops it: throws exactly what
/// `Signer(secret, secretEncoding)` would, without keying anything (for
/// checking configuration at start-up). The fast path's constructors call it
/// when their own decoding failed, so that uniffi builds the exception.
#[uniffi::export]
pub fn check_secret(secret: SecretString, secret_encoding: SecretEncoding) -> Result<()> {
    Secret::decode_utf16(&secret.0, secret_encoding.into())?;
    Ok(())
}

/// Throws what `Signer.fromBytes(key)` would (`EMPTY_SECRET` for no bytes).
#[uniffi::export]
pub fn check_key(key: Vec<u8>) -> Result<()> {
    let key = Zeroizing::new(key);
    Secret::from_bytes(&key)?;
    Ok(())
}

/// Throws `MALFORMED_HASH` unless `identityHash` is 64 hex characters, in either case.
#[uniffi::export]
pub fn check_identity_hash(identity_hash: String) -> Result<()> {
    IdentityHash::from_hex(identity_hash)?;
    Ok(())
}

/// Draws a secret from the operating system's random source and drops it:
/// throws `RANDOM_SOURCE_FAILED` when that fails (the error path of `generateSecret`).
#[uniffi::export]
pub fn check_random_source() -> Result<()> {
    Secret::try_generate()?;
    Ok(())
}

/// Parses an encoding name: exactly `text` or `hex`, else `UNKNOWN_SECRET_ENCODING`.
/// For configuration values such as `IDENTITY_HMAC_SECRET_ENCODING=hex`.
#[uniffi::export]
pub fn parse_secret_encoding(name: String) -> Result<SecretEncoding> {
    match identity_hmac::SecretEncoding::from_name(name.as_bytes())? {
        identity_hmac::SecretEncoding::Text => Ok(SecretEncoding::Text),
        identity_hmac::SecretEncoding::Hex => Ok(SecretEncoding::Hex),
    }
}

/// The library version, the workspace's one version number.
#[uniffi::export]
pub fn version() -> String {
    identity_hmac::VERSION.to_owned()
}
