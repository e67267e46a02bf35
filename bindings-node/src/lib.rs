//! Node.js binding of identity-hmac (napi-rs).
//!
//! It only converts JavaScript values to bytes and back and maps errors:
//! every rule (secret decoding, HMAC, hex, comparison) is the core's.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod errors;
mod fast;
mod input;

use std::ptr;

use napi::bindgen_prelude::*;
use napi::sys;
use napi_derive::napi;

use crate::errors::{napi_failure, throw_core, throw_type_error};
use crate::input::{Accept, ArgName, Scratch, read_bytes, read_encoding, read_hash, read_secret};

const IDENTIFIER: ArgName = ArgName::plain("identifier");
const SECRET: ArgName = ArgName::plain("secret");

/// The version of the package, the same as the Rust workspace's.
// Lower case because napi-rs registers a const under its Rust name.
#[allow(non_upper_case_globals)]
#[napi]
pub const version: &str = identity_hmac::VERSION;

/// Adds the real `IdentityHmacError` class to the exports.
#[napi(module_exports)]
pub fn init(mut exports: Object, env: Env) -> Result<()> {
    let class = errors::define_error_class(&env)?;
    exports.set_named_property("IdentityHmacError", class)?;
    fast::install(&env, &exports)
}

/// Thrown for an invalid secret, an unknown secret encoding or a wrong number
/// of secrets; `code` says which. A mismatching or malformed hash is never
/// thrown: `verify` returns `false`. Wrong argument types throw `TypeError`.
// This Rust type only declares the class for the generated loader and
// `index.d.ts`; `init` replaces the export at load time by a JavaScript class
// that extends `Error`, so every instance is a real `Error` with a stack.
#[napi]
pub struct IdentityHmacError {}

#[napi]
impl IdentityHmacError {
    #[napi(constructor, ts_args_type = "message: string, code: IdentityHmacErrorCode")]
    pub fn new(env: &Env) -> Result<Self> {
        Err(throw_type_error(env.raw(), "IdentityHmacError is replaced at load time"))
    }
}

/// A JavaScript value made by hand, handed back as it is.
pub struct JsValueOut(sys::napi_value);

impl ToNapiValue for JsValueOut {
    unsafe fn to_napi_value(_env: sys::napi_env, value: Self) -> Result<sys::napi_value> {
        Ok(value.0)
    }
}

/// A 64-character lowercase hex string as a one-byte JavaScript string
/// (cheaper than decoding it as UTF-8).
fn hex_string(env: sys::napi_env, hex: &[u8]) -> Result<JsValueOut> {
    let mut value = ptr::null_mut();
    // SAFETY: pointer and length describe `hex`.
    let status = unsafe { sys::napi_create_string_latin1(env, hex.as_ptr().cast(), hex.len() as isize, &mut value) };
    if status != sys::Status::napi_ok {
        return Err(napi_failure(env, "creating a string"));
    }
    Ok(JsValueOut(value))
}

fn sign_to_js(env: sys::napi_env, signer: &identity_hmac::Signer, identifier: &[u8]) -> Result<JsValueOut> {
    let mut out = [0u8; identity_hmac::HASH_HEX_LEN];
    signer.sign_hex_into(identifier, &mut out);
    hex_string(env, &out)
}

// The method bodies, shared by the generated methods and `fast`.

fn signer_sign(env: sys::napi_env, signer: &identity_hmac::Signer, identifier: sys::napi_value) -> Result<JsValueOut> {
    let mut scratch = Scratch::new();
    let identifier = read_bytes(env, identifier, Accept::Identifier, IDENTIFIER, &mut scratch)?;
    sign_to_js(env, signer, identifier)
}

fn signer_verify(
    env: sys::napi_env,
    signer: &identity_hmac::Signer,
    identifier: sys::napi_value,
    identity_hash: sys::napi_value,
) -> Result<bool> {
    let mut id_scratch = Scratch::new();
    let mut hash_scratch = Scratch::new();
    let identifier = read_bytes(env, identifier, Accept::Identifier, IDENTIFIER, &mut id_scratch)?;
    let presented = read_hash(env, identity_hash, &mut hash_scratch)?;
    Ok(signer.verify(identifier, presented))
}

fn verifier_matching_key(
    env: sys::napi_env,
    verifier: &identity_hmac::Verifier,
    identifier: sys::napi_value,
    identity_hash: sys::napi_value,
) -> Result<Option<u32>> {
    let mut id_scratch = Scratch::new();
    let mut hash_scratch = Scratch::new();
    let identifier = read_bytes(env, identifier, Accept::Identifier, IDENTIFIER, &mut id_scratch)?;
    let presented = read_hash(env, identity_hash, &mut hash_scratch)?;
    // At most 16 secrets, so the index always fits.
    Ok(verifier.matching_key(identifier, presented).and_then(|index| u32::try_from(index).ok()))
}

/// Signs identifiers under one secret, which is decoded once.
///
/// `secretEncoding` is `'text'` (the default: the secret's UTF-8 bytes, as
/// Chatwoot, Intercom and most widgets use) or `'hex'` (strict hex, as Pylon
/// uses). A `Buffer`/`Uint8Array` secret is the key bytes themselves with
/// `'text'`.
#[napi]
pub struct Signer {
    pub(crate) inner: identity_hmac::Signer,
}

#[napi]
impl Signer {
    /// @throws {IdentityHmacError} `EMPTY_SECRET`, `INVALID_HEX_SECRET`, `UNKNOWN_SECRET_ENCODING`
    /// @throws {TypeError} when `secret` or `options` has the wrong type
    #[napi(constructor, ts_args_type = "secret: SecretInput, options?: SignerOptions | null")]
    pub fn new(env: &Env, secret: Unknown, options: Unknown) -> Result<Self> {
        let encoding = read_encoding(env.raw(), options.raw())?;
        let secret = read_secret(env.raw(), secret.raw(), encoding, SECRET)?;
        Ok(Signer { inner: identity_hmac::Signer::new(&secret) })
    }

    /// The identity hash of `identifier`: 64 lowercase hex characters.
    #[napi(ts_args_type = "identifier: Identifier", ts_return_type = "string")]
    pub fn sign(&self, env: &Env, identifier: Unknown) -> Result<JsValueOut> {
        signer_sign(env.raw(), &self.inner, identifier.raw())
    }

    /// The raw 32-byte HMAC of `identifier`.
    #[napi(ts_args_type = "identifier: Identifier")]
    pub fn digest(&self, env: &Env, identifier: Unknown) -> Result<Buffer> {
        let mut scratch = Scratch::new();
        let identifier = read_bytes(env.raw(), identifier.raw(), Accept::Identifier, IDENTIFIER, &mut scratch)?;
        Ok(Buffer::from(self.inner.sign(identifier).as_bytes().to_vec()))
    }

    /// Whether `identityHash` (64 hex characters, either case) is the hash of
    /// `identifier`, compared in constant time. A malformed or missing hash is
    /// `false`, never an exception.
    #[napi(ts_args_type = "identifier: Identifier, identityHash: string")]
    pub fn verify(&self, env: &Env, identifier: Unknown, identity_hash: Unknown) -> Result<bool> {
        signer_verify(env.raw(), &self.inner, identifier.raw(), identity_hash.raw())
    }

    /// Signs every identifier, in order; large arrays are signed on several
    /// threads.
    #[napi(ts_args_type = "identifiers: ReadonlyArray<Identifier>", ts_return_type = "string[]")]
    pub fn sign_many(&self, env: &Env, identifiers: Unknown) -> Result<JsValueOut> {
        batch::sign_many(env.raw(), &self.inner, identifiers.raw())
    }
}

/// Verifies under 1 to 16 secrets, newest first, for key rotation. Every
/// check computes all candidates, so timing does not reveal which matched.
#[napi]
pub struct Verifier {
    pub(crate) inner: identity_hmac::Verifier,
}

#[napi]
impl Verifier {
    /// @throws {IdentityHmacError} `NO_SECRETS`, `TOO_MANY_SECRETS`, or a secret's error code
    /// @throws {TypeError} when `secrets` is not an array, or a secret or `options` has the wrong type
    #[napi(constructor, ts_args_type = "secrets: ReadonlyArray<SecretInput>, options?: SignerOptions | null")]
    pub fn new(env: &Env, secrets: Unknown, options: Unknown) -> Result<Self> {
        let env = env.raw();
        let encoding = read_encoding(env, options.raw())?;
        let list = secrets.raw();
        let mut is_array = false;
        // SAFETY: live env and value of the current call.
        unsafe { sys::napi_is_array(env, list, &mut is_array) };
        if !is_array {
            return Err(throw_type_error(env, "secrets must be an array of secrets, newest first"));
        }
        let mut len = 0u32;
        // SAFETY: `list` is an array.
        if unsafe { sys::napi_get_array_length(env, list, &mut len) } != sys::Status::napi_ok {
            return Err(napi_failure(env, "reading the secrets array"));
        }
        let mut decoded = Vec::with_capacity(len.min(64) as usize);
        for index in 0..len {
            let mut element = ptr::null_mut();
            // SAFETY: `list` is an array; `index` is in range.
            if unsafe { sys::napi_get_element(env, list, index, &mut element) } != sys::Status::napi_ok {
                return Err(napi_failure(env, "reading the secrets array"));
            }
            decoded.push(read_secret(env, element, encoding, ArgName::indexed("secrets", index as usize))?);
        }
        let inner = identity_hmac::Verifier::new(&decoded).map_err(|error| throw_core(env, &error))?;
        Ok(Verifier { inner })
    }

    /// Whether `identityHash` matches under any of the secrets. A malformed
    /// or missing hash is `false`.
    #[napi(ts_args_type = "identifier: Identifier, identityHash: string")]
    pub fn verify(&self, env: &Env, identifier: Unknown, identity_hash: Unknown) -> Result<bool> {
        Ok(self.matching_key(env, identifier, identity_hash)?.is_some())
    }

    /// The index (0 = newest) of the first secret under which `identityHash`
    /// matches, or `null`.
    #[napi(ts_args_type = "identifier: Identifier, identityHash: string")]
    pub fn matching_key(&self, env: &Env, identifier: Unknown, identity_hash: Unknown) -> Result<Option<u32>> {
        verifier_matching_key(env.raw(), &self.inner, identifier.raw(), identity_hash.raw())
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
/// @throws {IdentityHmacError} `EMPTY_SECRET`, `INVALID_HEX_SECRET`, `UNKNOWN_SECRET_ENCODING`
/// @throws {TypeError} when an argument has the wrong type
#[napi(
    ts_args_type = "secret: SecretInput, identifier: Identifier, options?: SignerOptions | null",
    ts_return_type = "string"
)]
pub fn sign(env: &Env, secret: Unknown, identifier: Unknown, options: Unknown) -> Result<JsValueOut> {
    let encoding = read_encoding(env.raw(), options.raw())?;
    let secret = read_secret(env.raw(), secret.raw(), encoding, SECRET)?;
    let mut scratch = Scratch::new();
    let identifier = read_bytes(env.raw(), identifier.raw(), Accept::Identifier, IDENTIFIER, &mut scratch)?;
    sign_to_js(env.raw(), &identity_hmac::Signer::new(&secret), identifier)
}

/// Whether `identityHash` is the identity hash of `identifier` under
/// `secret`, compared in constant time. A malformed or missing hash is
/// `false`; an invalid secret throws.
///
/// @throws {IdentityHmacError} `EMPTY_SECRET`, `INVALID_HEX_SECRET`, `UNKNOWN_SECRET_ENCODING`
/// @throws {TypeError} when an argument has the wrong type
#[napi(
    ts_args_type = "secret: SecretInput, identifier: Identifier, identityHash: string, options?: SignerOptions | null"
)]
pub fn verify(
    env: &Env,
    secret: Unknown,
    identifier: Unknown,
    identity_hash: Unknown,
    options: Unknown,
) -> Result<bool> {
    let encoding = read_encoding(env.raw(), options.raw())?;
    let secret = read_secret(env.raw(), secret.raw(), encoding, SECRET)?;
    let mut id_scratch = Scratch::new();
    let mut hash_scratch = Scratch::new();
    let identifier = read_bytes(env.raw(), identifier.raw(), Accept::Identifier, IDENTIFIER, &mut id_scratch)?;
    let presented = read_hash(env.raw(), identity_hash.raw(), &mut hash_scratch)?;
    Ok(identity_hmac::verify(&secret, identifier, presented))
}

/// A new secret: 32 bytes from the operating system's CSPRNG, as 64 hex
/// characters (use it with `{ secretEncoding: 'hex' }`).
#[napi]
pub fn generate_secret(env: &Env) -> Result<String> {
    match identity_hmac::Secret::try_generate() {
        Ok(secret) => Ok(secret.expose_hex().as_str().to_owned()),
        Err(_) => Err(napi_failure(env.raw(), "reading the operating system's random source")),
    }
}

pub(crate) mod batch {
    //! `signMany`: read every identifier into one arena, sign them with the
    //! core (in parallel for large batches), then build the result array.

    use std::ops::Range;
    use std::ptr;

    use napi::bindgen_prelude::*;
    use napi::sys;

    use super::JsValueOut;
    use crate::errors::{napi_failure, throw_type_error};
    use crate::input::{Accept, ArgName, Scratch, read_bytes};

    /// Identifiers per chunk: large enough for the core to sign it on several
    /// threads, small enough to stay in cache; each chunk has its own handle
    /// scope, so a million elements do not pile up a million handles.
    const CHUNK: u32 = 16_384;

    struct HandleScope(sys::napi_env, sys::napi_handle_scope);

    impl HandleScope {
        fn open(env: sys::napi_env) -> Result<Self> {
            let mut scope = ptr::null_mut();
            // SAFETY: live env.
            if unsafe { sys::napi_open_handle_scope(env, &mut scope) } != sys::Status::napi_ok {
                return Err(napi_failure(env, "opening a handle scope"));
            }
            Ok(HandleScope(env, scope))
        }
    }

    impl Drop for HandleScope {
        fn drop(&mut self) {
            // SAFETY: opened by `open` on the same env, closed once.
            unsafe { sys::napi_close_handle_scope(self.0, self.1) };
        }
    }

    pub(crate) fn sign_many(
        env: sys::napi_env,
        signer: &identity_hmac::Signer,
        list: sys::napi_value,
    ) -> Result<JsValueOut> {
        let mut is_array = false;
        // SAFETY: live env and value of the current call.
        unsafe { sys::napi_is_array(env, list, &mut is_array) };
        if !is_array {
            return Err(throw_type_error(env, "identifiers must be an array"));
        }
        let mut len = 0u32;
        // SAFETY: `list` is an array.
        if unsafe { sys::napi_get_array_length(env, list, &mut len) } != sys::Status::napi_ok {
            return Err(napi_failure(env, "reading the identifiers array"));
        }
        let count = len as usize;
        let mut array = ptr::null_mut();
        // SAFETY: live env.
        if unsafe { sys::napi_create_array_with_length(env, count, &mut array) } != sys::Status::napi_ok {
            return Err(napi_failure(env, "creating the result array"));
        }

        // Chunk by chunk, so the buffers stay small, warm and reused.
        let mut arena: Vec<u8> = Vec::new();
        let mut ranges: Vec<Range<usize>> = Vec::with_capacity((CHUNK as usize).min(count));
        let mut hex: Vec<u8> = Vec::new();
        let mut scratch = Scratch::new();
        let mut start = 0u32;
        while start < len {
            let end = len.min(start.saturating_add(CHUNK));
            let _scope = HandleScope::open(env)?;
            arena.clear();
            ranges.clear();
            for index in start..end {
                let mut element = ptr::null_mut();
                // SAFETY: `list` is an array; `index` is in range.
                if unsafe { sys::napi_get_element(env, list, index, &mut element) } != sys::Status::napi_ok {
                    return Err(napi_failure(env, "reading the identifiers array"));
                }
                let name = ArgName::indexed("identifiers", index as usize);
                let bytes = read_bytes(env, element, Accept::Identifier, name, &mut scratch)?;
                let begin = arena.len();
                arena.extend_from_slice(bytes);
                ranges.push(begin..arena.len());
            }
            let identifiers: Vec<&[u8]> = ranges.iter().map(|range| &arena[range.clone()]).collect();
            hex.resize(identifiers.len() * identity_hmac::HASH_HEX_LEN, 0);
            if !signer.sign_many_hex_into(&identifiers, &mut hex) {
                return Err(napi_failure(env, "signing the identifiers"));
            }
            for (index, hash) in (start..end).zip(hex.chunks_exact(identity_hmac::HASH_HEX_LEN)) {
                let mut value = ptr::null_mut();
                // SAFETY: pointer and length describe `hash`.
                let status = unsafe {
                    sys::napi_create_string_latin1(env, hash.as_ptr().cast(), hash.len() as isize, &mut value)
                };
                // SAFETY: `array` was created outside this chunk's scope.
                if status != sys::Status::napi_ok
                    || unsafe { sys::napi_set_element(env, array, index, value) } != sys::Status::napi_ok
                {
                    return Err(napi_failure(env, "building the result array"));
                }
            }
            start = end;
        }
        Ok(JsValueOut(array))
    }
}
