use std::fmt;
use std::str::FromStr;

use subtle::ConstantTimeEq;

use crate::error::{Error, HashFormatError};
use crate::{HASH_HEX_LEN, HASH_LEN, encoding};

/// A 32-byte identity hash. `Display` is lowercase hex; `==` is constant time.
#[derive(Clone, Copy)]
pub struct IdentityHash([u8; HASH_LEN]);

impl IdentityHash {
    /// Wraps raw MAC bytes.
    pub const fn from_bytes(bytes: [u8; HASH_LEN]) -> Self {
        IdentityHash(bytes)
    }

    /// Parses a presented hash: exactly 64 hex characters, in either case.
    pub fn from_hex(hex: impl AsRef<[u8]>) -> Result<Self, Error> {
        Self::parse(hex.as_ref()).map_err(Error::MalformedHash)
    }

    pub(crate) fn parse(hex: &[u8]) -> Result<Self, HashFormatError> {
        encoding::decode_hash(hex).map(IdentityHash)
    }

    /// The raw digest.
    pub fn as_bytes(&self) -> &[u8; HASH_LEN] {
        &self.0
    }

    /// Writes the lowercase hex form into `out` and returns it as `&str`,
    /// without allocating.
    pub fn encode_hex<'a>(&self, out: &'a mut [u8; HASH_HEX_LEN]) -> &'a str {
        encoding::encode_lower(&self.0, out);
        // Only ASCII hex digits were written.
        std::str::from_utf8(out).unwrap_or_default()
    }

    /// The lowercase hex form.
    pub fn to_hex(&self) -> String {
        let mut out = [0u8; HASH_HEX_LEN];
        self.encode_hex(&mut out).to_owned()
    }
}

impl ConstantTimeEq for IdentityHash {
    /// Constant time because `subtle` folds the XOR of all 32 byte pairs into
    /// one value before looking at it, behind an optimisation barrier: there
    /// is no early exit at the first differing byte, so the time does not
    /// tell an attacker how many leading bytes of a forged hash were right.
    /// `benches/verify_timing.rs` measures this.
    fn ct_eq(&self, other: &Self) -> subtle::Choice {
        self.0.ct_eq(&other.0)
    }
}

impl PartialEq for IdentityHash {
    /// Constant time: the comparison touches every byte whatever they hold.
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for IdentityHash {}

impl fmt::Display for IdentityHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = [0u8; HASH_HEX_LEN];
        f.write_str(self.encode_hex(&mut out))
    }
}

impl fmt::Debug for IdentityHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdentityHash({self})")
    }
}

impl FromStr for IdentityHash {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Self::from_hex(s)
    }
}

impl From<[u8; HASH_LEN]> for IdentityHash {
    fn from(bytes: [u8; HASH_LEN]) -> Self {
        IdentityHash(bytes)
    }
}

impl AsRef<[u8]> for IdentityHash {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}
