use std::fmt;

use subtle::{ConditionallySelectable, ConstantTimeEq};

use crate::error::{Error, HashFormatError, VerifyError};
use crate::hash::IdentityHash;
use crate::hmac_sha256::KeyedState;
use crate::secret::{Secret, SecretEncoding};
use crate::{HASH_HEX_LEN, HASH_LEN};

/// The most secrets a [`Verifier`] holds.
pub const MAX_SECRETS: usize = 16;

/// Signs and verifies identifiers under one secret.
///
/// It keeps the keyed HMAC state, so a sign of an identifier up to 55 bytes
/// costs two SHA-256 compressions. It is `Send + Sync` and cheap to share.
#[derive(Clone)]
pub struct Signer {
    state: KeyedState,
}

impl Signer {
    /// Sets the key up once.
    pub fn new(secret: &Secret) -> Self {
        Signer { state: KeyedState::new(secret.expose_bytes()) }
    }

    /// A signer over raw key bytes, which may be empty. Only `diagnose` uses
    /// it, to reproduce empty-key and swapped-key mistakes.
    pub(crate) fn from_key_bytes(key: &[u8]) -> Self {
        Signer { state: KeyedState::new(key) }
    }

    /// The identity hash of `identifier` (its bytes; a `&str` is UTF-8).
    pub fn sign(&self, identifier: impl AsRef<[u8]>) -> IdentityHash {
        IdentityHash::from_bytes(self.state.mac(identifier.as_ref()))
    }

    /// The identity hash as lowercase hex.
    pub fn sign_hex(&self, identifier: impl AsRef<[u8]>) -> String {
        self.sign(identifier).to_hex()
    }

    /// Writes the lowercase hex hash into `out` without allocating.
    pub fn sign_hex_into<'a>(&self, identifier: impl AsRef<[u8]>, out: &'a mut [u8; HASH_HEX_LEN]) -> &'a str {
        self.sign(identifier).encode_hex(out)
    }

    /// Whether `presented_hash` (64 hex characters, either case) is the hash of
    /// `identifier`. Compared in constant time; malformed input is `false`.
    pub fn verify(&self, identifier: impl AsRef<[u8]>, presented_hash: impl AsRef<[u8]>) -> bool {
        self.check(identifier, presented_hash).is_ok()
    }

    /// Like [`Signer::verify`], but says whether a failure was a malformed
    /// hash or a mismatch.
    pub fn check(&self, identifier: impl AsRef<[u8]>, presented_hash: impl AsRef<[u8]>) -> Result<(), VerifyError> {
        let presented = IdentityHash::parse(presented_hash.as_ref()).map_err(VerifyError::MalformedHash)?;
        // `==` on IdentityHash is subtle's constant-time comparison.
        if self.sign(identifier) == presented { Ok(()) } else { Err(VerifyError::Mismatch) }
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signer(<redacted>)")
    }
}

/// Verifies under 1 to 16 secrets, newest first, for key rotation.
///
/// Every check computes the MAC under every secret and compares all of them,
/// so its timing does not reveal which key matched.
#[derive(Clone)]
pub struct Verifier {
    signers: Vec<Signer>,
}

impl Verifier {
    /// Builds a verifier from 1 to [`MAX_SECRETS`] secrets, newest first.
    /// It reads at most `MAX_SECRETS + 1` items, so an endless iterator
    /// still ends in `TOO_MANY_SECRETS`.
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a Secret>) -> Result<Self, Error> {
        let mut builder = VerifierBuilder::new(SecretEncoding::Text);
        for secret in secrets {
            builder.push_secret(secret)?;
        }
        builder.build()
    }

    /// Decodes 1 to [`MAX_SECRETS`] secrets by `encoding`, newest first,
    /// one at a time: the first bad secret ends it, with its index, and the
    /// 17th item ends it before it is decoded.
    pub fn decode<S: AsRef<[u8]>>(
        secrets: impl IntoIterator<Item = S>,
        encoding: SecretEncoding,
    ) -> Result<Self, Error> {
        let mut builder = VerifierBuilder::new(encoding);
        for secret in secrets {
            builder.push(secret.as_ref())?;
        }
        builder.build()
    }

    /// `NO_SECRETS` or `TOO_MANY_SECRETS` for a list of `count` secrets, for
    /// callers that know the count before they read any secret (C).
    pub fn check_secret_count(count: usize) -> Result<(), Error> {
        match count {
            0 => Err(Error::NoSecrets),
            count if count > MAX_SECRETS => Err(Error::TooManySecrets),
            _ => Ok(()),
        }
    }

    /// How many secrets it holds.
    pub fn len(&self) -> usize {
        self.signers.len()
    }

    /// Always `false`: a verifier holds at least one secret.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Whether `presented_hash` matches under any of the secrets.
    pub fn verify(&self, identifier: impl AsRef<[u8]>, presented_hash: impl AsRef<[u8]>) -> bool {
        self.check(identifier, presented_hash).is_ok()
    }

    /// The index of the first secret (0 = newest) under which
    /// `presented_hash` matches, or `None`.
    pub fn matching_key(&self, identifier: impl AsRef<[u8]>, presented_hash: impl AsRef<[u8]>) -> Option<usize> {
        self.check(identifier, presented_hash).ok()
    }

    /// The index of the matching secret, or why there is none.
    pub fn check(&self, identifier: impl AsRef<[u8]>, presented_hash: impl AsRef<[u8]>) -> Result<usize, VerifyError> {
        let presented = IdentityHash::parse(presented_hash.as_ref()).map_err(VerifyError::MalformedHash)?;
        let identifier = identifier.as_ref();
        let mut found = subtle::Choice::from(0);
        let mut index = 0u32;
        for (i, signer) in (0u32..).zip(&self.signers) {
            let matches = signer.sign(identifier).ct_eq(&presented);
            // Keep the first match without branching on which one it was.
            index.conditional_assign(&i, matches & !found);
            found |= matches;
        }
        if bool::from(found) { Ok(index as usize) } else { Err(VerifyError::Mismatch) }
    }
}

/// Builds a [`Verifier`] one secret at a time, for bindings that read a host
/// list or iterator item by item and must stop at the first error.
///
/// Room for [`MAX_SECRETS`] key states is reserved up front, so they are never
/// moved by a reallocation that would leave unwiped copies behind.
pub struct VerifierBuilder {
    encoding: SecretEncoding,
    signers: Vec<Signer>,
}

impl VerifierBuilder {
    /// An empty builder whose [`VerifierBuilder::push`] decodes by `encoding`.
    pub fn new(encoding: SecretEncoding) -> Self {
        VerifierBuilder { encoding, signers: Vec::with_capacity(MAX_SECRETS) }
    }

    /// How many secrets it holds: the `secret_index` the next one gets.
    pub fn len(&self) -> usize {
        self.signers.len()
    }

    /// Whether no secret was pushed yet.
    pub fn is_empty(&self) -> bool {
        self.signers.is_empty()
    }

    /// `TOO_MANY_SECRETS` once the builder is full, before anything is decoded.
    fn room(&self) -> Result<(), Error> {
        Verifier::check_secret_count(self.signers.len() + 1)
    }

    /// Decodes `secret` by the builder's encoding and adds it. A decoding
    /// error carries this secret's index.
    pub fn push(&mut self, secret: &[u8]) -> Result<(), Error> {
        self.room()?;
        let index = self.signers.len();
        let secret = Secret::decode_bytes(secret, self.encoding).map_err(|e| e.with_secret_index(index))?;
        self.signers.push(Signer::new(&secret));
        Ok(())
    }

    /// Adds a secret given as UTF-16 code units (JS and JVM strings), decoded
    /// by the builder's encoding; a lone surrogate is `INVALID_TEXT_SECRET`.
    pub fn push_utf16(&mut self, units: &[u16]) -> Result<(), Error> {
        self.room()?;
        let index = self.signers.len();
        let secret = Secret::decode_utf16(units, self.encoding).map_err(|e| e.with_secret_index(index))?;
        self.push_secret(&secret)
    }

    /// Adds a secret that is already decoded.
    pub fn push_secret(&mut self, secret: &Secret) -> Result<(), Error> {
        self.room()?;
        self.signers.push(Signer::new(secret));
        Ok(())
    }

    /// The verifier, or `NO_SECRETS` when nothing was pushed.
    pub fn build(self) -> Result<Verifier, Error> {
        Verifier::check_secret_count(self.signers.len())?;
        Ok(Verifier { signers: self.signers })
    }
}

impl fmt::Debug for VerifierBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VerifierBuilder(<redacted>, {} secrets)", self.signers.len())
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Verifier(<redacted>, {} secrets)", self.signers.len())
    }
}

// Keep the length constants honest at compile time.
const _: () = assert!(HASH_HEX_LEN == 2 * HASH_LEN);
const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<Signer>();
    shared::<Verifier>();
};

impl From<HashFormatError> for VerifyError {
    fn from(e: HashFormatError) -> Self {
        VerifyError::MalformedHash(e)
    }
}
