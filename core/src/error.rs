use std::fmt;

/// Every way building a secret, a signer or a verifier can fail.
///
/// [`Error::code`] gives the stable code string that every binding reports.
/// No message ever contains a secret or any part of one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The secret decodes to zero bytes.
    #[error("the secret is empty: an HMAC under an empty key can be forged by anyone")]
    EmptySecret,
    /// A `hex` secret is not strict hex.
    #[error("the hex secret is malformed: {0}")]
    InvalidHexSecret(HexSecretError),
    /// A secret-encoding name other than `text` or `hex`.
    #[error("unknown secret encoding: expected \"text\" or \"hex\"")]
    UnknownSecretEncoding,
    /// A [`crate::Verifier`] was given no secrets.
    #[error("a verifier needs at least one secret")]
    NoSecrets,
    /// A [`crate::Verifier`] was given more than [`crate::MAX_SECRETS`] secrets.
    #[error("a verifier holds at most 16 secrets, got {count}")]
    TooManySecrets {
        /// How many secrets were given.
        count: usize,
    },
    /// A presented identity hash is not 64 hex characters.
    #[error("malformed identity hash: {0}")]
    MalformedHash(HashFormatError),
}

impl Error {
    /// The stable code string of this error, the same in every language.
    pub fn code(&self) -> &'static str {
        match self {
            Error::EmptySecret => "EMPTY_SECRET",
            Error::InvalidHexSecret(_) => "INVALID_HEX_SECRET",
            Error::UnknownSecretEncoding => "UNKNOWN_SECRET_ENCODING",
            Error::NoSecrets => "NO_SECRETS",
            Error::TooManySecrets { .. } => "TOO_MANY_SECRETS",
            Error::MalformedHash(_) => "MALFORMED_HASH",
        }
    }

    /// Whether this error is about a secret's value (`EMPTY_SECRET`,
    /// `INVALID_HEX_SECRET`), which bindings raise as their invalid-secret type.
    pub fn is_invalid_secret(&self) -> bool {
        matches!(self, Error::EmptySecret | Error::InvalidHexSecret(_))
    }
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
    #[error("the identity hash does not match")]
    Mismatch,
}

impl VerifyError {
    /// `MALFORMED_HASH` or `MISMATCH`.
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::MalformedHash(_) => "MALFORMED_HASH",
            VerifyError::Mismatch => "MISMATCH",
        }
    }
}

impl From<HashFormatError> for Error {
    fn from(e: HashFormatError) -> Self {
        Error::MalformedHash(e)
    }
}
