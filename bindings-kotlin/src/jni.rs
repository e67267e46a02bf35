//! The JNI fast path behind the hand-written `Signer`, the one-shot `sign` and
//! `verify`, and `generateSecret` (Kotlin: `NativeSigner` in IdentityHmac.kt).
//!
//! uniffi's generated calls go through JNA: every call builds JNA `Structure`s
//! whose native memory JNA tracks in a global map, about 15 µs of JVM work per
//! call, far more than the HMAC. These functions are plain JNI methods (the
//! `jni` crate), about 20 ns per call. They own their `Signer`s: a handle is a
//! `Box<identity_hmac::Signer>` made here and freed here, never a uniffi object,
//! because the JVM may load this library twice (once by JNA for uniffi, once by
//! `System.load` for JNI) and the two copies share no objects.
//!
//! Errors are not built here: a failed decode returns 0 or null, and the
//! Kotlin side repeats the call through uniffi (`checkSecret` and friends),
//! whose exception carries the core's details. Identifiers arrive as UTF-8
//! bytes (Kotlin encodes strings strictly). `with_env` catches panics, and any
//! JNI failure becomes a `RuntimeException`.
#![allow(unsafe_code)]

use identity_hmac::{HASH_HEX_LEN, HashFormat, IdentityHash, PackedBatch, Secret, SecretEncoding, Signer, VerifyError};
use jni::errors::{Result, ThrowRuntimeExAndDefault};
use jni::objects::{JByteArray, JCharArray, JClass, JObjectArray, JString};
use jni::sys::{jboolean, jint, jlong};
use jni::{Env, EnvUnowned};
use zeroize::Zeroizing;

use crate::decode_utf16;

/// A secret handed over as the `char`s of a JVM string (wiped by the caller
/// after the call), decoded by the core; `None` on any error.
fn decode_secret(env: &Env, secret: &JCharArray, hex: jboolean) -> Result<Option<Secret>> {
    let mut units = Zeroizing::new(vec![0u16; secret.len(env)?]);
    secret.get_region(env, 0, &mut units)?;
    let encoding = if hex { SecretEncoding::Hex } else { SecretEncoding::Text };
    Ok(decode_utf16(&units, encoding).ok())
}

/// The signer behind a handle from [`Java_io_github_identityhmac_NativeSigner_create`].
fn signer<'a>(handle: jlong) -> &'a Signer {
    // SAFETY: `handle` came from `into_handle` (a live `Box<Signer>`), and the
    // Kotlin `Signer` frees it only once no call is in flight (its call counter,
    // as in uniffi's generated classes), so the box outlives this borrow.
    unsafe { &*(handle as *const Signer) }
}

fn into_handle(signer: Signer) -> jlong {
    Box::into_raw(Box::new(signer)) as jlong
}

fn hex_string<'local>(env: &mut Env<'local>, hash: &IdentityHash) -> Result<JString<'local>> {
    let mut hex = [0u8; HASH_HEX_LEN];
    env.new_string(hash.encode_hex(&mut hex))
}

/// `create(secret, hex)`: a signer handle, or 0 when the secret does not decode.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_create<'caller>(
    mut env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    secret: JCharArray<'caller>,
    hex: jboolean,
) -> jlong {
    env.with_env(|env| -> Result<jlong> {
        Ok(decode_secret(env, &secret, hex)?.map_or(0, |secret| into_handle(Signer::new(&secret))))
    })
    .resolve::<ThrowRuntimeExAndDefault>()
}

/// `fromBytes(key)`: a signer keyed with raw bytes, or 0 when there are none.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_fromBytes<'caller>(
    mut env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    key: JByteArray<'caller>,
) -> jlong {
    env.with_env(|env| -> Result<jlong> {
        let key = Zeroizing::new(env.convert_byte_array(&key)?);
        Ok(Secret::from_bytes(&key).map_or(0, |secret| into_handle(Signer::new(&secret))))
    })
    .resolve::<ThrowRuntimeExAndDefault>()
}

/// `free(handle)`: drops the signer (its key states are wiped on drop).
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_free<'caller>(
    _env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    handle: jlong,
) {
    if handle != 0 {
        // SAFETY: `handle` came from `into_handle`, and the Kotlin `Signer` calls
        // `free` exactly once, after its last call returned.
        drop(unsafe { Box::from_raw(handle as *mut Signer) });
    }
}

/// `signHex(handle, identifier)`: the 64 lowercase hex characters.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_signHex<'caller>(
    mut env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    handle: jlong,
    identifier: JByteArray<'caller>,
) -> JString<'caller> {
    env.with_env(|env| -> Result<JString<'caller>> {
        let identifier = env.convert_byte_array(&identifier)?;
        hex_string(env, &signer(handle).sign(identifier))
    })
    .resolve::<ThrowRuntimeExAndDefault>()
}

/// `digest(handle, identifier)`: the raw 32-byte MAC.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_digest<'caller>(
    mut env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    handle: jlong,
    identifier: JByteArray<'caller>,
) -> JByteArray<'caller> {
    env.with_env(|env| -> Result<JByteArray<'caller>> {
        let identifier = env.convert_byte_array(&identifier)?;
        env.byte_array_from_slice(signer(handle).sign(identifier).as_bytes())
    })
    .resolve::<ThrowRuntimeExAndDefault>()
}

/// The core's detailed check as 1 (match), 0 (mismatch) or -1 (malformed hash).
fn check_status(outcome: std::result::Result<(), VerifyError>) -> jint {
    match outcome {
        Ok(()) => 1,
        Err(VerifyError::MalformedHash(_)) => -1,
        Err(_) => 0,
    }
}

/// `check(handle, identifier, identityHash)`: 1, 0 or -1 as [`check_status`].
/// The presented hash arrives as its UTF-8 bytes; `verify` is `check == 1`.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_check<'caller>(
    mut env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    handle: jlong,
    identifier: JByteArray<'caller>,
    identity_hash: JByteArray<'caller>,
) -> jint {
    env.with_env(|env| -> Result<jint> {
        let identifier = env.convert_byte_array(&identifier)?;
        let identity_hash = env.convert_byte_array(&identity_hash)?;
        Ok(check_status(signer(handle).check(identifier, identity_hash)))
    })
    .resolve::<ThrowRuntimeExAndDefault>()
}

/// `signMany(handle, identifiers)`: the hashes back to back (64 hex bytes
/// each), or null when memory ran out. Items are read one at a time into the
/// core's chunked batch, so native memory holds one chunk and the results.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_signMany<'caller>(
    mut env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    handle: jlong,
    identifiers: JObjectArray<'caller, JByteArray<'caller>>,
) -> JByteArray<'caller> {
    env.with_env(|env| -> Result<JByteArray<'caller>> {
        let signer = signer(handle);
        let count = identifiers.len(env)?;
        let mut out = Vec::new();
        if out.try_reserve_exact(count.saturating_mul(HASH_HEX_LEN)).is_err() {
            return Ok(JByteArray::default());
        }
        let mut batch = PackedBatch::new();
        for index in 0..count {
            let item = identifiers.get_element(env, index)?;
            let bytes = env.convert_byte_array(&item)?;
            env.delete_local_ref(item);
            let signed = if PackedBatch::signs_in_place(bytes.len()) {
                flush(signer, &mut batch, &mut out).map(|()| {
                    let mut hex = [0u8; HASH_HEX_LEN];
                    out.extend_from_slice(signer.sign(&bytes).encode_hex(&mut hex).as_bytes());
                })
            } else {
                batch.try_push(&bytes).and_then(|()| if batch.is_full() { flush(signer, &mut batch, &mut out) } else { Ok(()) })
            };
            if signed.is_err() {
                return Ok(JByteArray::default());
            }
        }
        if flush(signer, &mut batch, &mut out).is_err() {
            return Ok(JByteArray::default());
        }
        env.byte_array_from_slice(&out)
    })
    .resolve::<ThrowRuntimeExAndDefault>()
}

/// Signs the pending chunk (in parallel when it is large) and empties it.
fn flush(signer: &Signer, batch: &mut PackedBatch, out: &mut Vec<u8>) -> std::result::Result<(), identity_hmac::Error> {
    signer.sign_batch_into(batch, HashFormat::Hex, out)?;
    batch.clear();
    Ok(())
}

/// `signOnce(secret, hex, identifier)`: the one-shot hash, or null when the
/// secret does not decode.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_signOnce<'caller>(
    mut env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    secret: JCharArray<'caller>,
    hex: jboolean,
    identifier: JByteArray<'caller>,
) -> JString<'caller> {
    env.with_env(|env| -> Result<JString<'caller>> {
        let Some(secret) = decode_secret(env, &secret, hex)? else { return Ok(JString::default()) };
        let identifier = env.convert_byte_array(&identifier)?;
        hex_string(env, &identity_hmac::sign(&secret, identifier))
    })
    .resolve::<ThrowRuntimeExAndDefault>()
}

/// `verifyOnce(secret, hex, identifier, identityHash)`: 1 (match), 0 (no
/// match or malformed hash) or -2 when the secret does not decode.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_verifyOnce<'caller>(
    mut env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    secret: JCharArray<'caller>,
    hex: jboolean,
    identifier: JByteArray<'caller>,
    identity_hash: JByteArray<'caller>,
) -> jint {
    env.with_env(|env| -> Result<jint> {
        let Some(secret) = decode_secret(env, &secret, hex)? else { return Ok(-2) };
        let identifier = env.convert_byte_array(&identifier)?;
        let identity_hash = env.convert_byte_array(&identity_hash)?;
        Ok(jint::from(identity_hmac::verify(&secret, identifier, identity_hash)))
    })
    .resolve::<ThrowRuntimeExAndDefault>()
}

/// `generateSecret()`: 64 lowercase hex characters, or null when the random
/// source failed. The core's `Zeroizing` string goes straight into the JVM string.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_generateSecret<'caller>(
    mut env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
) -> JString<'caller> {
    env.with_env(|env| -> Result<JString<'caller>> {
        match Secret::generate_hex() {
            Ok(hex) => env.new_string(hex.as_str()),
            Err(_) => Ok(JString::default()),
        }
    })
    .resolve::<ThrowRuntimeExAndDefault>()
}
