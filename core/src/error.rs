use std::fmt;

use crate::widget::Widget;

/// The stable code of every error, the same string in every language.
///
/// This is the one list of codes: bindings map it to their own error types
/// (and the C ABI to its statuses) instead of re-listing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `EMPTY_SECRET`: a secret decodes to zero bytes.
    EmptySecret,
    /// `INVALID_HEX_SECRET`: a `hex` secret is malformed.
    InvalidHexSecret,
    /// `INVALID_TEXT_SECRET`: a `text` secret is not valid Unicode.
    InvalidTextSecret,
    /// `UNKNOWN_SECRET_ENCODING`: an encoding name other than `text` or `hex`.
    UnknownSecretEncoding,
    /// `NO_SECRETS`: a verifier with no secrets.
    NoSecrets,
    /// `TOO_MANY_SECRETS`: a verifier with more than 16 secrets.
    TooManySecrets,
    /// `MALFORMED_HASH`: a presented hash that is not 64 hex characters.
    MalformedHash,
    /// `MISMATCH`: a well-formed hash that does not match (detailed verify).
    Mismatch,
    /// `RANDOM_SOURCE_FAILED`: the operating system's random source failed.
    RandomSourceFailed,
    /// `OUT_OF_MEMORY`: a batch could not allocate its buffers.
    OutOfMemory,
    /// `UNKNOWN_WIDGET`: a widget preset name that is not in the core's table.
    UnknownWidget,
    /// `MISSING_FIELD`: the user or the page lacks a value the preset needs.
    MissingField,
    /// `UNKNOWN_FIELD`: a user field or page value that nothing takes.
    UnknownField,
    /// `INVALID_NONCE`: a CSP nonce that is not base64.
    InvalidNonce,
    /// `MALFORMED_TOKEN`: a token that is not three base64url segments with
    /// a JSON object header and claims, or is longer than 64 KiB.
    MalformedToken,
    /// `UNSUPPORTED_ALGORITHM`: a token whose `alg` is not `HS256`.
    UnsupportedAlgorithm,
    /// `UNKNOWN_KEY_ID`: a token whose `kid` names no key of the verifier.
    UnknownKeyId,
    /// `BAD_SIGNATURE`: a token whose signature matches none of the keys.
    BadSignature,
    /// `TOKEN_EXPIRED`: a token past its `exp` (after the leeway).
    TokenExpired,
    /// `TOKEN_NOT_YET_VALID`: a token before its `nbf` or `iat` (after the leeway).
    TokenNotYetValid,
    /// `LIFETIME_TOO_LONG`: a token whose `exp - iat` exceeds the verifier's maximum.
    LifetimeTooLong,
    /// `MISSING_CLAIM`: a token that lacks a claim the verifier requires.
    MissingClaim,
    /// `INVALID_CLAIMS`: claims that are not a JSON object, or a reserved
    /// claim (`exp`, `nbf`, `iat`) or preset claim with a value of the wrong kind.
    InvalidClaims,
}

impl ErrorCode {
    /// Every code, in a fixed order.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::EmptySecret,
        ErrorCode::InvalidHexSecret,
        ErrorCode::InvalidTextSecret,
        ErrorCode::UnknownSecretEncoding,
        ErrorCode::NoSecrets,
        ErrorCode::TooManySecrets,
        ErrorCode::MalformedHash,
        ErrorCode::Mismatch,
        ErrorCode::RandomSourceFailed,
        ErrorCode::OutOfMemory,
        ErrorCode::UnknownWidget,
        ErrorCode::MissingField,
        ErrorCode::UnknownField,
        ErrorCode::InvalidNonce,
        ErrorCode::MalformedToken,
        ErrorCode::UnsupportedAlgorithm,
        ErrorCode::UnknownKeyId,
        ErrorCode::BadSignature,
        ErrorCode::TokenExpired,
        ErrorCode::TokenNotYetValid,
        ErrorCode::LifetimeTooLong,
        ErrorCode::MissingClaim,
        ErrorCode::InvalidClaims,
    ];

    /// The code string: `"EMPTY_SECRET"`, `"INVALID_HEX_SECRET"`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::EmptySecret => "EMPTY_SECRET",
            ErrorCode::InvalidHexSecret => "INVALID_HEX_SECRET",
            ErrorCode::InvalidTextSecret => "INVALID_TEXT_SECRET",
            ErrorCode::UnknownSecretEncoding => "UNKNOWN_SECRET_ENCODING",
            ErrorCode::NoSecrets => "NO_SECRETS",
            ErrorCode::TooManySecrets => "TOO_MANY_SECRETS",
            ErrorCode::MalformedHash => "MALFORMED_HASH",
            ErrorCode::Mismatch => "MISMATCH",
            ErrorCode::RandomSourceFailed => "RANDOM_SOURCE_FAILED",
            ErrorCode::OutOfMemory => "OUT_OF_MEMORY",
            ErrorCode::UnknownWidget => "UNKNOWN_WIDGET",
            ErrorCode::MissingField => "MISSING_FIELD",
            ErrorCode::UnknownField => "UNKNOWN_FIELD",
            ErrorCode::InvalidNonce => "INVALID_NONCE",
            ErrorCode::MalformedToken => "MALFORMED_TOKEN",
            ErrorCode::UnsupportedAlgorithm => "UNSUPPORTED_ALGORITHM",
            ErrorCode::UnknownKeyId => "UNKNOWN_KEY_ID",
            ErrorCode::BadSignature => "BAD_SIGNATURE",
            ErrorCode::TokenExpired => "TOKEN_EXPIRED",
            ErrorCode::TokenNotYetValid => "TOKEN_NOT_YET_VALID",
            ErrorCode::LifetimeTooLong => "LIFETIME_TOO_LONG",
            ErrorCode::MissingClaim => "MISSING_CLAIM",
            ErrorCode::InvalidClaims => "INVALID_CLAIMS",
        }
    }

    /// The code named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|code| code.as_str() == name)
    }

    /// A fixed English description without details. It is also the whole
    /// message of every error that has no details.
    pub fn summary(self) -> &'static str {
        match self {
            ErrorCode::EmptySecret => "the secret is empty: an HMAC under an empty key can be forged by anyone",
            ErrorCode::InvalidHexSecret => {
                "the hex secret is malformed: only an even number of 0-9, a-f and A-F is allowed"
            }
            ErrorCode::InvalidTextSecret => "the text secret is not valid Unicode: it holds a lone surrogate",
            ErrorCode::UnknownSecretEncoding => "unknown secret encoding: expected \"text\" or \"hex\"",
            ErrorCode::NoSecrets => "a verifier needs at least one secret",
            ErrorCode::TooManySecrets => "a verifier holds at most 16 secrets",
            ErrorCode::MalformedHash => "malformed identity hash: expected 64 hex characters",
            ErrorCode::Mismatch => "the identity hash does not match",
            ErrorCode::RandomSourceFailed => "the operating system's random source failed",
            ErrorCode::OutOfMemory => "out of memory while preparing a batch",
            ErrorCode::UnknownWidget => {
                "unknown widget preset: expected chatwoot, pylon, intercom, helpscout, front, plain, chatbase, gleap, intercom-jwt or zendesk"
            }
            ErrorCode::MissingField => "the user or the page lacks a value that the widget preset needs",
            ErrorCode::UnknownField => "a user field or page value that the widget preset does not take",
            ErrorCode::InvalidNonce => {
                "the CSP nonce is not base64: only A-Z, a-z, 0-9, +, /, - and _, then at most two ="
            }
            ErrorCode::MalformedToken => {
                "malformed token: expected three base64url segments (a JSON header, JSON claims, a signature)"
            }
            ErrorCode::UnsupportedAlgorithm => "unsupported token algorithm: only HS256 is accepted",
            ErrorCode::UnknownKeyId => "the token's key id (kid) names none of the verifier's keys",
            ErrorCode::BadSignature => "the token's signature does not match",
            ErrorCode::TokenExpired => "the token has expired (exp)",
            ErrorCode::TokenNotYetValid => "the token is not valid yet (nbf or iat is in the future)",
            ErrorCode::LifetimeTooLong => "the token's lifetime (exp - iat) is longer than the verifier allows",
            ErrorCode::MissingClaim => "the token lacks a claim that the verifier requires",
            ErrorCode::InvalidClaims => "invalid claims: expected a JSON object whose exp, nbf and iat are integers",
        }
    }

    /// Whether this code is about a secret's value (`EMPTY_SECRET`,
    /// `INVALID_HEX_SECRET`, `INVALID_TEXT_SECRET`): bindings raise these as
    /// their invalid-secret error type.
    pub fn is_invalid_secret(self) -> bool {
        matches!(self, ErrorCode::EmptySecret | ErrorCode::InvalidHexSecret | ErrorCode::InvalidTextSecret)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every way building a secret, a signer or a verifier, rendering a widget's
/// call, or signing and verifying a token can fail.
///
/// [`Error::code`] gives the stable code string that every binding reports;
/// [`Error::reason`], [`Error::position`] and [`Error::secret_index`] give the
/// details of the design contract. No message ever contains a secret or any
/// part of one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The secret decodes to zero bytes.
    #[error("{}{}", ErrorCode::EmptySecret.summary(), InList(*secret_index))]
    EmptySecret {
        /// Which secret of a verifier's list, if it was one.
        secret_index: Option<usize>,
    },
    /// A `hex` secret is not strict hex.
    #[error("the hex secret is malformed: {detail}{}", InList(*secret_index))]
    InvalidHexSecret {
        /// Why and where.
        detail: HexSecretError,
        /// Which secret of a verifier's list, if it was one.
        secret_index: Option<usize>,
    },
    /// A `text` secret is not valid Unicode: a host string (Python, JS, JVM)
    /// holds a lone surrogate.
    #[error(
        "the text secret is not valid Unicode: a lone surrogate at position {position}{}",
        InList(*secret_index)
    )]
    InvalidTextSecret {
        /// 0-based position of the lone surrogate, in the host string's own
        /// units (UTF-16 code units for JS and the JVM, code points for Python).
        position: usize,
        /// Which secret of a verifier's list, if it was one.
        secret_index: Option<usize>,
    },
    /// A secret-encoding name other than `text` or `hex`.
    #[error("{}", ErrorCode::UnknownSecretEncoding.summary())]
    UnknownSecretEncoding,
    /// A [`crate::Verifier`] was given no secrets.
    #[error("{}", ErrorCode::NoSecrets.summary())]
    NoSecrets,
    /// A [`crate::Verifier`] was given more than [`crate::MAX_SECRETS`]
    /// secrets. Construction stops at the 17th, so the total is not known.
    #[error("{}", ErrorCode::TooManySecrets.summary())]
    TooManySecrets,
    /// A presented identity hash is not 64 hex characters.
    #[error("malformed identity hash: {0}")]
    MalformedHash(HashFormatError),
    /// The operating system's random source failed.
    #[error("{}", ErrorCode::RandomSourceFailed.summary())]
    RandomSourceFailed,
    /// A fallible allocation for a batch failed.
    #[error("{}", ErrorCode::OutOfMemory.summary())]
    OutOfMemory,
    /// A widget preset name that is not in the core's table. The name given
    /// is not repeated: it may be anything, a secret pasted in the wrong place too.
    #[error("{}", ErrorCode::UnknownWidget.summary())]
    UnknownWidget,
    /// The user (or the page) lacks a value the preset needs: a Pylon user
    /// without an email, a Front page without its `chatId`.
    #[error("the {widget} preset needs {field}, which is {}", if *empty { "empty" } else { "missing" })]
    MissingField {
        /// The preset.
        widget: Widget,
        /// The user field (`identifier`, `email`) or page value (`app_id`,
        /// `chatId`, `appId`) that is missing, as the caller names it.
        field: &'static str,
        /// Whether it was given as an empty string rather than left out.
        empty: bool,
    },
    /// A user field name other than those of [`crate::User::FIELDS`].
    #[error("unknown user field: expected one of {}", crate::widget::USER_FIELD_LIST)]
    UnknownUserField,
    /// A page value that the preset's call does not take.
    #[error("unknown page value for the {widget} preset: it takes {}", PageValueList(*widget))]
    UnknownPageValue {
        /// The preset.
        widget: Widget,
    },
    /// A CSP nonce that is empty or holds a character outside base64.
    #[error("{}{}", ErrorCode::InvalidNonce.summary(), NonceDetail(*position))]
    InvalidNonce {
        /// 0-based byte offset of the first bad character; `None` for an empty nonce.
        position: Option<usize>,
    },
    /// A token that cannot be read. The token itself is never repeated.
    #[error("malformed token: {reason}")]
    MalformedToken {
        /// A fixed phrase: `"too long"`, `"not three segments"`,
        /// `"invalid base64url"`, `"header is not JSON"`, ...
        reason: &'static str,
    },
    /// A token whose `alg` is not `HS256` (`none`, `RS256`, `HS384`, ...);
    /// refused before any key is used.
    #[error("{}", ErrorCode::UnsupportedAlgorithm.summary())]
    UnsupportedAlgorithm,
    /// A token whose `kid` names none of the verifier's keys.
    #[error("{}", ErrorCode::UnknownKeyId.summary())]
    UnknownKeyId,
    /// A token whose signature matches none of the candidate keys.
    #[error("{}", ErrorCode::BadSignature.summary())]
    BadSignature,
    /// A token past its `exp`, after the leeway.
    #[error("{}", ErrorCode::TokenExpired.summary())]
    TokenExpired,
    /// A token before its `nbf` (or with an `iat` in the future), after the leeway.
    #[error("{}", ErrorCode::TokenNotYetValid.summary())]
    TokenNotYetValid,
    /// A token whose `exp - iat` exceeds the verifier's `max_lifetime`.
    #[error("{}", ErrorCode::LifetimeTooLong.summary())]
    LifetimeTooLong,
    /// A token without a claim the verifier (or preset) requires. The name
    /// is the caller's own; no claim value is ever shown.
    #[error("the token lacks the required claim {claim}")]
    MissingClaim {
        /// The required claim's name.
        claim: String,
    },
    /// Claims that are not a JSON object, or a claim whose value has the wrong
    /// kind. Only the claim's name is shown, never its value.
    #[error("{}", ClaimsDetail(*claim, reason))]
    InvalidClaims {
        /// The claim at fault (`exp`, `nbf`, `iat`, or a preset's claim such
        /// as `user_id` or `scope`); `None` for the claims as a whole.
        claim: Option<&'static str>,
        /// A fixed phrase: `"not JSON"`, `"not a JSON object"`,
        /// `"duplicate claim"`, `"not an integer"`, `"not a string"`, ...
        reason: &'static str,
    },
}

/// The message of `INVALID_CLAIMS`.
struct ClaimsDetail<'a>(Option<&'static str>, &'a str);

impl fmt::Display for ClaimsDetail<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(claim) => write!(f, "invalid claims: {claim} is {}", self.1),
            None => write!(f, "invalid claims: {}", self.1),
        }
    }
}

/// The page values a preset takes, for messages.
struct PageValueList(Widget);

impl fmt::Display for PageValueList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.page_values() {
            [] => f.write_str("none"),
            names => f.write_str(&names.join(", ")),
        }
    }
}

/// Where a nonce went wrong, for messages.
struct NonceDetail(Option<usize>);

impl fmt::Display for NonceDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(position) => write!(f, " (invalid character at position {position})"),
            None => f.write_str(" (it is empty)"),
        }
    }
}

/// Renders the end of a message about one secret of a verifier's list.
struct InList(Option<usize>);

impl fmt::Display for InList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(index) => write!(f, " (secret at index {index} of the list, 0 = newest)"),
            None => Ok(()),
        }
    }
}

impl Error {
    /// The stable code of this error.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            Error::EmptySecret { .. } => ErrorCode::EmptySecret,
            Error::InvalidHexSecret { .. } => ErrorCode::InvalidHexSecret,
            Error::InvalidTextSecret { .. } => ErrorCode::InvalidTextSecret,
            Error::UnknownSecretEncoding => ErrorCode::UnknownSecretEncoding,
            Error::NoSecrets => ErrorCode::NoSecrets,
            Error::TooManySecrets => ErrorCode::TooManySecrets,
            Error::MalformedHash(_) => ErrorCode::MalformedHash,
            Error::RandomSourceFailed => ErrorCode::RandomSourceFailed,
            Error::OutOfMemory => ErrorCode::OutOfMemory,
            Error::UnknownWidget => ErrorCode::UnknownWidget,
            Error::MissingField { .. } => ErrorCode::MissingField,
            Error::UnknownUserField | Error::UnknownPageValue { .. } => ErrorCode::UnknownField,
            Error::InvalidNonce { .. } => ErrorCode::InvalidNonce,
            Error::MalformedToken { .. } => ErrorCode::MalformedToken,
            Error::UnsupportedAlgorithm => ErrorCode::UnsupportedAlgorithm,
            Error::UnknownKeyId => ErrorCode::UnknownKeyId,
            Error::BadSignature => ErrorCode::BadSignature,
            Error::TokenExpired => ErrorCode::TokenExpired,
            Error::TokenNotYetValid => ErrorCode::TokenNotYetValid,
            Error::LifetimeTooLong => ErrorCode::LifetimeTooLong,
            Error::MissingClaim { .. } => ErrorCode::MissingClaim,
            Error::InvalidClaims { .. } => ErrorCode::InvalidClaims,
        }
    }

    /// The stable code string of this error, the same in every language.
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }

    /// Whether this error is about a secret's value, which bindings raise as
    /// their invalid-secret type.
    pub fn is_invalid_secret(&self) -> bool {
        self.error_code().is_invalid_secret()
    }

    /// The fixed phrase saying why a secret, hash, field or nonce was
    /// refused: `"empty"`, `"odd length"`, `"invalid character"`,
    /// `"lone surrogate"`, `"wrong length"`, `"missing"`, and for tokens and
    /// claims `"not three segments"`, `"invalid base64url"`, `"not an integer"`,
    /// `"duplicate claim"`, .... Never the offending character or value itself.
    pub fn reason(&self) -> Option<&'static str> {
        match self {
            Error::EmptySecret { .. } => Some("empty"),
            Error::InvalidHexSecret { detail, .. } => Some(detail.reason()),
            Error::InvalidTextSecret { .. } => Some("lone surrogate"),
            Error::MalformedHash(detail) => Some(detail.reason()),
            Error::MissingField { empty: true, .. } | Error::InvalidNonce { position: None } => Some("empty"),
            Error::MissingField { empty: false, .. } => Some("missing"),
            Error::InvalidNonce { position: Some(_) } => Some("invalid character"),
            Error::MalformedToken { reason } | Error::InvalidClaims { reason, .. } => Some(*reason),
            _ => None,
        }
    }

    /// For `MISSING_FIELD`, the user field or page value the preset needs
    /// (`"email"`, `"identifier"`, `"app_id"`, ...).
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::MissingField { field, .. } => Some(field),
            _ => None,
        }
    }

    /// For `MISSING_CLAIM` and `INVALID_CLAIMS`, the claim's name (never its value).
    pub fn claim(&self) -> Option<&str> {
        match self {
            Error::MissingClaim { claim } => Some(claim),
            Error::InvalidClaims { claim, .. } => *claim,
            _ => None,
        }
    }

    /// The 0-based position of a hex or text secret error, or of a bad
    /// character in a presented hash.
    pub fn position(&self) -> Option<usize> {
        match self {
            Error::InvalidHexSecret { detail, .. } => Some(detail.position()),
            Error::InvalidTextSecret { position, .. } => Some(*position),
            Error::MalformedHash(HashFormatError::InvalidCharacter { position }) => Some(*position),
            Error::InvalidNonce { position } => *position,
            _ => None,
        }
    }

    /// For a verifier, which secret of the list (0 = newest) failed.
    pub fn secret_index(&self) -> Option<usize> {
        match self {
            Error::EmptySecret { secret_index }
            | Error::InvalidHexSecret { secret_index, .. }
            | Error::InvalidTextSecret { secret_index, .. } => *secret_index,
            _ => None,
        }
    }

    /// The same error, marked as coming from secret `index` of a list.
    /// Errors that are not about one secret are returned unchanged.
    pub fn with_secret_index(mut self, index: usize) -> Self {
        if let Error::EmptySecret { secret_index }
        | Error::InvalidHexSecret { secret_index, .. }
        | Error::InvalidTextSecret { secret_index, .. } = &mut self
        {
            *secret_index = Some(index);
        }
        self
    }

    /// `INVALID_CLAIMS` for claims the host could not encode as JSON (a
    /// Python `set`, a JS `BigInt`, a NaN float): bindings raise it when
    /// their host's JSON encoder refuses the claims, so every language says
    /// the same thing. The host's own message is not kept: it may quote a value.
    pub fn claims_not_encodable() -> Self {
        Error::InvalidClaims { claim: None, reason: "not encodable as JSON by the host" }
    }

    /// An empty secret that was not part of a list.
    pub(crate) const EMPTY: Error = Error::EmptySecret { secret_index: None };
}

/// Why a `hex` secret was refused, and where. Positions are 0-based byte
/// offsets; every byte before the first bad one is an ASCII hex digit, so the
/// offset is also the character position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HexSecretError {
    /// The secret has an odd number of hex digits; `position` is where the
    /// missing digit would go (the secret's length).
    OddLength {
        /// 0-based position of the missing digit.
        position: usize,
    },
    /// A byte that is not `[0-9a-fA-F]`.
    InvalidCharacter {
        /// 0-based position of the first bad character.
        position: usize,
        /// What kind of character it is, without naming it.
        kind: CharacterKind,
    },
}

/// A coarse class of a refused character, safe to print because it does not
/// reveal the character itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CharacterKind {
    /// Space, tab, newline or another ASCII white-space character.
    Whitespace,
    /// The `x` of a `0x` prefix.
    HexPrefix,
    /// A byte outside ASCII (for example a full-width digit).
    NonAscii,
    /// Any other ASCII character.
    Other,
}

impl HexSecretError {
    /// The reason as the fixed phrase of the design contract.
    pub fn reason(&self) -> &'static str {
        match self {
            HexSecretError::OddLength { .. } => "odd length",
            HexSecretError::InvalidCharacter { .. } => "invalid character",
        }
    }

    /// The 0-based position the error points at.
    pub fn position(&self) -> usize {
        match *self {
            HexSecretError::OddLength { position } | HexSecretError::InvalidCharacter { position, .. } => position,
        }
    }
}

impl fmt::Display for HexSecretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            HexSecretError::OddLength { position } => {
                write!(f, "odd length: a hex digit is missing at position {position}")
            }
            HexSecretError::InvalidCharacter { position, kind } => {
                let hint = match kind {
                    CharacterKind::Whitespace => " (white space: trim the secret)",
                    CharacterKind::HexPrefix => " (a 0x prefix: remove it)",
                    CharacterKind::NonAscii => " (a non-ASCII character)",
                    CharacterKind::Other => "",
                };
                write!(f, "invalid character at position {position}{hint}; only 0-9, a-f and A-F are allowed")
            }
        }
    }
}

/// Why a presented identity hash is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HashFormatError {
    /// Not 64 bytes long.
    WrongLength {
        /// The presented length in bytes.
        len: usize,
    },
    /// A byte that is not a hex digit.
    InvalidCharacter {
        /// 0-based position of the first bad byte.
        position: usize,
    },
}

impl HashFormatError {
    /// `"wrong length"` or `"invalid character"`.
    pub fn reason(&self) -> &'static str {
        match self {
            HashFormatError::WrongLength { .. } => "wrong length",
            HashFormatError::InvalidCharacter { .. } => "invalid character",
        }
    }
}

impl fmt::Display for HashFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            HashFormatError::WrongLength { len } => {
                write!(f, "expected 64 hex characters, got {len} bytes")
            }
            HashFormatError::InvalidCharacter { position } => {
                write!(f, "invalid character at position {position}; expected 64 hex characters")
            }
        }
    }
}

/// The detailed outcome of a failed [`crate::Signer::check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The presented hash is not 64 hex characters.
    #[error("malformed identity hash: {0}")]
    MalformedHash(HashFormatError),
    /// A well-formed hash that does not match.
    #[error("{}", ErrorCode::Mismatch.summary())]
    Mismatch,
}

impl VerifyError {
    /// The stable code: `MALFORMED_HASH` or `MISMATCH`.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            VerifyError::MalformedHash(_) => ErrorCode::MalformedHash,
            VerifyError::Mismatch => ErrorCode::Mismatch,
        }
    }

    /// `"MALFORMED_HASH"` or `"MISMATCH"`.
    pub fn code(&self) -> &'static str {
        self.error_code().as_str()
    }
}

impl From<HashFormatError> for Error {
    fn from(e: HashFormatError) -> Self {
        Error::MalformedHash(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for &code in ErrorCode::ALL {
            assert_eq!(ErrorCode::from_name(code.as_str()), Some(code));
        }
        let mut names: Vec<_> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ErrorCode::ALL.len());
        assert_eq!(ErrorCode::from_name("empty_secret"), None);
    }

    #[test]
    fn details_are_reported_and_indexed() {
        let error = Error::InvalidHexSecret {
            detail: HexSecretError::InvalidCharacter { position: 3, kind: CharacterKind::Whitespace },
            secret_index: None,
        }
        .with_secret_index(2);
        assert_eq!(error.code(), "INVALID_HEX_SECRET");
        assert_eq!(error.reason(), Some("invalid character"));
        assert_eq!(error.position(), Some(3));
        assert_eq!(error.secret_index(), Some(2));
        assert!(error.to_string().ends_with("(secret at index 2 of the list, 0 = newest)"), "{error}");
        assert_eq!(Error::NoSecrets.with_secret_index(1), Error::NoSecrets);
        assert_eq!(Error::EMPTY.to_string(), ErrorCode::EmptySecret.summary());
    }

    #[test]
    fn only_secret_value_codes_are_invalid_secrets() {
        let invalid: Vec<_> = ErrorCode::ALL.iter().filter(|c| c.is_invalid_secret()).map(|c| c.as_str()).collect();
        assert_eq!(invalid, ["EMPTY_SECRET", "INVALID_HEX_SECRET", "INVALID_TEXT_SECRET"]);
    }
}
