use std::fmt;
use std::str::FromStr;

use zeroize::{Zeroize, Zeroizing};

use crate::encoding;
use crate::error::Error;

/// How a secret string becomes key bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SecretEncoding {
    /// The secret's UTF-8 bytes as they are (Chatwoot, Intercom, Help Scout,
    /// Front, Crisp, Plain).
    #[default]
    Text,
    /// Strict hex decoding (Pylon).
    Hex,
}

impl SecretEncoding {
    /// `"text"` or `"hex"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            SecretEncoding::Text => "text",
            SecretEncoding::Hex => "hex",
        }
    }
}

impl fmt::Display for SecretEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SecretEncoding {
    type Err = Error;

    /// Exactly `text` or `hex`; anything else is `UNKNOWN_SECRET_ENCODING`.
    fn from_str(name: &str) -> Result<Self, Error> {
        match name {
            "text" => Ok(SecretEncoding::Text),
            "hex" => Ok(SecretEncoding::Hex),
            _ => Err(Error::UnknownSecretEncoding),
        }
    }
}

/// An HMAC key: never empty, zeroized on drop, redacted in `Debug`.
#[derive(Clone)]
pub struct Secret {
    bytes: Box<[u8]>,
}

/// Bytes of a generated secret.
const GENERATED_LEN: usize = 32;

/// Alphabet of generated `text` secrets, like Chatwoot's own tokens.
const TEXT_ALPHABET: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

impl Secret {
    /// The UTF-8 bytes of `secret`, used as they are.
    pub fn text(secret: &str) -> Result<Self, Error> {
        Self::from_bytes(secret.as_bytes())
    }

    /// Strict hex: even length, only `[0-9a-fA-F]`, no white space or `0x`.
    pub fn hex(secret: &str) -> Result<Self, Error> {
        Self::decode_bytes(secret.as_bytes(), SecretEncoding::Hex)
    }

    /// Raw key bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        if bytes.is_empty() {
            return Err(Error::EmptySecret);
        }
        Ok(Secret { bytes: bytes.into() })
    }

    /// Decodes `secret` by `encoding`.
    pub fn decode(secret: &str, encoding: SecretEncoding) -> Result<Self, Error> {
        Self::decode_bytes(secret.as_bytes(), encoding)
    }

    /// Decodes a secret given as bytes (for callers whose strings are bytes,
    /// such as C). With `Text` the bytes are the key; with `Hex` they must be
    /// ASCII hex digits.
    pub fn decode_bytes(secret: &[u8], encoding: SecretEncoding) -> Result<Self, Error> {
        match encoding {
            SecretEncoding::Text => Self::from_bytes(secret),
            SecretEncoding::Hex => {
                if secret.is_empty() {
                    return Err(Error::EmptySecret);
                }
                let bytes = encoding::decode_secret(secret).map_err(Error::InvalidHexSecret)?;
                Self::from_bytes(&bytes)
            }
        }
    }

    /// A new 32-byte secret from the operating system's CSPRNG.
    ///
    /// # Panics
    /// If the operating system has no usable random source; see
    /// [`Secret::try_generate`].
    pub fn generate() -> Self {
        match Self::try_generate() {
            Ok(secret) => secret,
            Err(e) => panic!("the operating system's random source failed: {e}"),
        }
    }

    /// A new 32-byte secret from the operating system's CSPRNG.
    pub fn try_generate() -> Result<Self, getrandom::Error> {
        let mut bytes = Zeroizing::new([0u8; GENERATED_LEN]);
        getrandom::fill(bytes.as_mut_slice())?;
        Ok(Secret { bytes: bytes.as_slice().into() })
    }

    /// A new `text` secret of 32 characters from `[A-Za-z0-9]` (about 190
    /// bits), drawn without modulo bias from the operating system's CSPRNG.
    pub fn try_generate_text() -> Result<Zeroizing<String>, getrandom::Error> {
        let mut out = Zeroizing::new(String::with_capacity(GENERATED_LEN));
        let mut pool = Zeroizing::new([0u8; 64]);
        while out.len() < GENERATED_LEN {
            getrandom::fill(pool.as_mut_slice())?;
            // 248 = 4 * 62: larger bytes would favour the first characters.
            for &b in pool.iter().filter(|&&b| b < 248) {
                if out.len() == GENERATED_LEN {
                    break;
                }
                out.push(char::from(TEXT_ALPHABET[usize::from(b) % TEXT_ALPHABET.len()]));
            }
        }
        Ok(out)
    }

    /// The key as lowercase hex, for handing a generated secret to a user.
    pub fn expose_hex(&self) -> Zeroizing<String> {
        let mut out = Zeroizing::new(vec![0u8; self.bytes.len() * 2]);
        encoding::encode_lower(&self.bytes, &mut out);
        Zeroizing::new(out.iter().map(|&b| char::from(b)).collect())
    }

    /// The key bytes. Handle with care: they are the whole secret.
    pub fn expose_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Key length in bytes (never zero).
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Always `false`: an empty secret cannot be built.
    pub fn is_empty(&self) -> bool {
        false
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.bytes.zeroize();
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}
