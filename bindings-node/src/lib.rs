//! Node.js binding of identity-hmac (napi-rs).
//!
//! It only converts JavaScript values to bytes and back and maps errors:
//! every rule (secret decoding, HMAC, hex, comparison, batches) is the core's.
//! The package's entry point, `identity-hmac.js`, wraps these classes in
//! JavaScript classes (so that they cannot be called without `new` or on a
//! foreign object) and defines `IdentityHmacError`.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod batch;
mod errors;
mod fast;
mod input;
mod object;
mod presets;
mod tokens;

use napi::JsString;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::errors::core_error;
use crate::input::{
    Identifier, IdentifierList, IdentityHash, SecretInput, SecretList, SignManyOptions, SignerOptions, encoding_of,
};

/// The version of the package, the same as the Rust workspace's.
// Lower case because napi-rs registers a const under its Rust name.
#[allow(non_upper_case_globals)]
#[napi]
pub const version: &str = identity_hmac::VERSION;

/// Adds the fast path (`fast.rs`) to the exports.
#[napi(module_exports)]
pub fn init(mut exports: Object, _env: Env) -> Result<()> {
    fast::install(&mut exports)
}

/// A 64-character lowercase hex hash as a one-byte JavaScript string
/// (cheaper than decoding it as UTF-8).
fn hex_string<'env>(env: &'env Env, hex: &[u8]) -> Result<JsString<'env>> {
    env.create_string_latin1(hex)
}

fn sign_to_js<'env>(env: &'env Env, signer: &identity_hmac::Signer, identifier: &[u8]) -> Result<JsString<'env>> {
    let mut out = [0u8; identity_hmac::HASH_HEX_LEN];
    signer.sign_hex_into(identifier, &mut out);
    hex_string(env, &out)
}

fn decode_secret(env: &Env, secret: &SecretInput, options: Option<SignerOptions>) -> Result<identity_hmac::Secret> {
    secret.decode(encoding_of(options)).map_err(|error| core_error(env, &error))
}

/// Signs identifiers under one secret, which is decoded once.
///
/// `secretEncoding` is `'text'` (the default: the secret's UTF-8 bytes, as
/// Chatwoot, Intercom and most widgets use) or `'hex'` (strict hex, as Pylon
/// uses). A `Buffer`/`Uint8Array` secret is the key bytes themselves with
/// `'text'`.
#[napi]
pub struct Signer {
    inner: identity_hmac::Signer,
}

#[napi]
impl Signer {
    /// @throws {IdentityHmacError} `EMPTY_SECRET`, `INVALID_HEX_SECRET`, `INVALID_TEXT_SECRET`, `UNKNOWN_SECRET_ENCODING`
    /// @throws {TypeError} when `secret` or `options` has the wrong type
    #[napi(constructor)]
    pub fn new(env: &Env, secret: SecretInput, options: Option<SignerOptions>) -> Result<Self> {
        Ok(Signer { inner: identity_hmac::Signer::new(&decode_secret(env, &secret, options)?) })
    }

    /// The identity hash of `identifier`: 64 lowercase hex characters.
    #[napi]
    pub fn sign<'env>(&self, env: &'env Env, identifier: Identifier) -> Result<JsString<'env>> {
        sign_to_js(env, &self.inner, identifier.as_ref())
    }

    /// The raw 32-byte HMAC of `identifier`.
    #[napi]
    pub fn digest(&self, identifier: Identifier) -> Buffer {
        Buffer::from(self.inner.sign(identifier.as_ref()).as_bytes().to_vec())
    }

    /// Whether `identityHash` (64 hex characters, either case) is the hash of
    /// `identifier`, compared in constant time. A malformed hash is `false`.
    /// @throws {TypeError} when `identityHash` is not a string or `Uint8Array`
    #[napi]
    pub fn verify(&self, identifier: Identifier, identity_hash: IdentityHash) -> bool {
        self.inner.verify(identifier.as_ref(), identity_hash.as_ref())
    }

    /// Signs every identifier, in order, a chunk at a time; large chunks are
    /// signed on several threads. Returns an array of hashes, or with
    /// `{ output: 'hexBuffer' }` one `Buffer` of 64 hex bytes per identifier
    /// (hash `i` at `64 * i`), with `{ output: 'rawBuffer' }` one of the 32 raw
    /// HMAC bytes per identifier (at `32 * i`): no string per item, for
    /// results that go to a file, a socket or a database driver.
    /// @throws {RangeError} `OUT_OF_MEMORY` when a chunk's buffers or the result cannot be allocated
    /// @throws {TypeError} when `identifiers` is not an array, an element has the wrong type, or `options.output` is unknown
    #[napi(
        ts_generic_types = "O extends SignManyOutput | null | undefined = undefined",
        ts_args_type = "identifiers: IdentifierList, options?: SignManyOptions<O> | undefined | null",
        ts_return_type = "SignManyResult<O>"
    )]
    pub fn sign_many<'env>(
        &self,
        env: &'env Env,
        identifiers: IdentifierList,
        options: Option<SignManyOptions>,
    ) -> Result<Either<Array<'env>, Buffer>> {
        let output = options.map_or(input::SignManyOutput::Strings, |options| options.0);
        batch::sign_many(env, &self.inner, &identifiers.0.0, output)
    }
}

/// Verifies under 1 to 16 secrets, newest first, for key rotation. Every
/// check computes all candidates, so timing does not reveal which matched.
#[napi]
pub struct Verifier {
    inner: identity_hmac::Verifier,
}

#[napi]
impl Verifier {
    /// The secrets are read one at a time; the 17th ends it with
    /// `TOO_MANY_SECRETS` before it is read.
    /// @throws {IdentityHmacError} `NO_SECRETS`, `TOO_MANY_SECRETS`, or a secret's error code with `secretIndex`
    /// @throws {TypeError} when `secrets` is not an array, or a secret or `options` has the wrong type
    #[napi(constructor)]
    pub fn new(env: &Env, secrets: SecretList, options: Option<SignerOptions>) -> Result<Self> {
        let list = &secrets.0.0;
        let mut builder = identity_hmac::VerifierBuilder::new(encoding_of(options));
        for index in 0..list.len() {
            if builder.len() == identity_hmac::MAX_SECRETS {
                return Err(core_error(env, &identity_hmac::Error::TooManySecrets));
            }
            let secret: input::SecretValue = list.get(env, "secrets", index)?;
            secret.push_to(&mut builder).map_err(|error| core_error(env, &error))?;
        }
        let inner = builder.build().map_err(|error| core_error(env, &error))?;
        Ok(Verifier { inner })
    }

    /// Whether `identityHash` matches under any of the secrets. A malformed
    /// hash is `false`.
    /// @throws {TypeError} when `identityHash` is not a string or `Uint8Array`
    #[napi]
    pub fn verify(&self, identifier: Identifier, identity_hash: IdentityHash) -> bool {
        self.inner.verify(identifier.as_ref(), identity_hash.as_ref())
    }

    /// The index (0 = newest) of the first secret under which `identityHash`
    /// matches, or `null`.
    #[napi]
    pub fn matching_key(&self, identifier: Identifier, identity_hash: IdentityHash) -> Option<u32> {
        // At most 16 secrets, so the index always fits.
        self.inner.matching_key(identifier.as_ref(), identity_hash.as_ref()).and_then(|index| u32::try_from(index).ok())
    }

    /// How many secrets it holds.
    #[napi(getter)]
    pub fn size(&self) -> u32 {
        u32::try_from(self.inner.len()).unwrap_or(u32::MAX)
    }
}

/// The identity hash of `identifier` under `secret`: 64 lowercase hex
/// characters. For many calls with one secret, a `Signer` is faster.
///
/// @throws {IdentityHmacError} `EMPTY_SECRET`, `INVALID_HEX_SECRET`, `INVALID_TEXT_SECRET`, `UNKNOWN_SECRET_ENCODING`
/// @throws {TypeError} when an argument has the wrong type
#[napi]
pub fn sign<'env>(
    env: &'env Env,
    secret: SecretInput,
    identifier: Identifier,
    options: Option<SignerOptions>,
) -> Result<JsString<'env>> {
    let secret = decode_secret(env, &secret, options)?;
    sign_to_js(env, &identity_hmac::Signer::new(&secret), identifier.as_ref())
}

/// Whether `identityHash` is the identity hash of `identifier` under
/// `secret`, compared in constant time. A malformed hash is `false`; an
/// invalid secret throws.
///
/// @throws {IdentityHmacError} `EMPTY_SECRET`, `INVALID_HEX_SECRET`, `INVALID_TEXT_SECRET`, `UNKNOWN_SECRET_ENCODING`
/// @throws {TypeError} when an argument has the wrong type
#[napi]
pub fn verify(
    env: &Env,
    secret: SecretInput,
    identifier: Identifier,
    identity_hash: IdentityHash,
    options: Option<SignerOptions>,
) -> Result<bool> {
    let secret = decode_secret(env, &secret, options)?;
    Ok(identity_hmac::verify(&secret, identifier.as_ref(), identity_hash.as_ref()))
}

/// A new secret: 32 bytes from the operating system's CSPRNG, as 64 hex
/// characters (use it with `{ secretEncoding: 'hex' }`).
/// @throws {IdentityHmacError} `RANDOM_SOURCE_FAILED`
#[napi]
pub fn generate_secret<'env>(env: &'env Env) -> Result<JsString<'env>> {
    // Straight from the core's wiped buffer into a JavaScript string: no
    // unwiped Rust `String` copy in between.
    let hex = identity_hmac::Secret::generate_hex().map_err(|error| core_error(env, &error))?;
    hex_string(env, hex.as_bytes())
}
