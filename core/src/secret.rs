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

impl SecretEncoding {
    /// Exactly the bytes `text` or `hex`; anything else (other case, white
    /// space, a NUL and more bytes after it) is `UNKNOWN_SECRET_ENCODING`.
    /// Bindings pass the whole name here, never a C string cut at a NUL.
    pub fn from_name(name: &[u8]) -> Result<Self, Error> {
        match name {
            b"text" => Ok(SecretEncoding::Text),
            b"hex" => Ok(SecretEncoding::Hex),
            _ => Err(Error::UnknownSecretEncoding),
        }
    }

    /// The one rule for an absent encoding in every language: no name
    /// (an omitted argument, or `None`, `null`, `undefined`, `nil`) means the
    /// default, `text`; a name is read by [`SecretEncoding::from_name`].
    pub fn from_optional_name(name: Option<&[u8]>) -> Result<Self, Error> {
        name.map_or(Ok(SecretEncoding::default()), Self::from_name)
    }
}

impl FromStr for SecretEncoding {
    type Err = Error;

    /// Exactly `text` or `hex`; anything else is `UNKNOWN_SECRET_ENCODING`.
    fn from_str(name: &str) -> Result<Self, Error> {
        Self::from_name(name.as_bytes())
    }
}

/// An HMAC key: never empty, zeroized on drop, redacted in `Debug`.
#[derive(Clone)]
pub struct Secret {
    bytes: Box<[u8]>,
}

/// The longest secret, in bytes, that a reader of untrusted input (the CLI's
/// `--secret-file` and `--secret-stdin`) accepts. Vendor secrets are 16 to 64
/// bytes; the core itself keys an HMAC with any length.
pub const MAX_SECRET_BYTES: usize = 64 * 1024;

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
            return Err(Error::EMPTY);
        }
        // Fallible: a huge secret from a host is OUT_OF_MEMORY, not an abort.
        let mut copy = Vec::new();
        copy.try_reserve_exact(bytes.len()).map_err(|_| Error::OutOfMemory)?;
        copy.extend_from_slice(bytes);
        Ok(Secret { bytes: copy.into_boxed_slice() })
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
                    return Err(Error::EMPTY);
                }
                let mut bytes = Zeroizing::new(Vec::new());
                bytes.try_reserve_exact(secret.len() / 2).map_err(|_| Error::OutOfMemory)?;
                bytes.resize(secret.len() / 2, 0);
                encoding::decode_secret(secret, &mut bytes)
                    .map_err(|detail| Error::InvalidHexSecret { detail, secret_index: None })?;
                Self::from_bytes(&bytes)
            }
        }
    }

    /// A `text` secret given as UTF-16 code units (JS and JVM strings). A lone
    /// surrogate is `INVALID_TEXT_SECRET` at its code-unit position, rather
    /// than a silent U+FFFD that would change the key.
    pub fn text_utf16(units: &[u16]) -> Result<Self, Error> {
        // At most 3 UTF-8 bytes per UTF-16 unit: the buffer never reallocates,
        // so no unwiped copy of the key is left behind.
        let mut bytes = Zeroizing::new(Vec::new());
        bytes.try_reserve_exact(units.len().saturating_mul(3)).map_err(|_| Error::OutOfMemory)?;
        let mut position = 0;
        for unit in char::decode_utf16(units.iter().copied()) {
            let ch = unit.map_err(|_| Error::InvalidTextSecret { position, secret_index: None })?;
            let mut buf = [0u8; 4];
            bytes.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
            buf.zeroize();
            position += ch.len_utf16();
        }
        Self::from_bytes(&bytes)
    }

    /// A secret given as UTF-16 code units (JS and JVM strings), decoded by
    /// `encoding`: a `hex` secret's digits are read from its text, so a lone
    /// surrogate is `INVALID_TEXT_SECRET` under either encoding.
    pub fn decode_utf16(units: &[u16], encoding: SecretEncoding) -> Result<Self, Error> {
        let text = Self::text_utf16(units)?;
        match encoding {
            SecretEncoding::Text => Ok(text),
            SecretEncoding::Hex => Self::decode_bytes(text.expose_bytes(), SecretEncoding::Hex),
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
            Err(e) => panic!("{e}"),
        }
    }

    /// A new 32-byte secret from the operating system's CSPRNG, or
    /// `RANDOM_SOURCE_FAILED`.
    pub fn try_generate() -> Result<Self, Error> {
        let mut bytes = Zeroizing::new([0u8; GENERATED_LEN]);
        getrandom::fill(bytes.as_mut_slice()).map_err(|_| Error::RandomSourceFailed)?;
        Ok(Secret { bytes: bytes.as_slice().into() })
    }

    /// A new 32-byte secret as 64 lowercase hex characters: what every
    /// binding's `generate_secret` returns (use it with the `hex` encoding).
    pub fn generate_hex() -> Result<Zeroizing<String>, Error> {
        Ok(Self::try_generate()?.expose_hex())
    }

    /// A new `text` secret of 32 characters from `[A-Za-z0-9]` (about 190
    /// bits), drawn without modulo bias from the operating system's CSPRNG.
    pub fn try_generate_text() -> Result<Zeroizing<String>, Error> {
        let mut out = Zeroizing::new(String::with_capacity(GENERATED_LEN));
        let mut pool = Zeroizing::new([0u8; 64]);
        while out.len() < GENERATED_LEN {
            getrandom::fill(pool.as_mut_slice()).map_err(|_| Error::RandomSourceFailed)?;
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
        // Sized up front: pushing never reallocates, so no copy is left unwiped.
        let mut hex = Zeroizing::new(String::with_capacity(out.len()));
        hex.extend(out.iter().map(|&b| char::from(b)));
        hex
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
