//! The JNI fast path behind the hand-written `Signer`, the one-shot `sign` and
//! `verify`, and `generateSecret` (Kotlin: `NativeSigner` in IdentityHmac.kt).
//!
//! uniffi's generated calls go through JNA: every call builds JNA `Structure`s
//! whose native memory JNA tracks in a global map, about 15 µs of JVM work per
//! call, far more than the HMAC. These functions are plain JNI methods (the
//! `jni` crate). Each call back into the VM (an array's length, a copy, the
//! exception check after it) costs about as much as the HMAC itself, so the hot
//! paths make few: `signHexAt` none (the identifier comes in the calling thread's
//! direct buffer), `signPacked` four per chunk of identifiers. They own their `Signer`s: a handle is a
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

use std::panic::{AssertUnwindSafe, catch_unwind};

use identity_hmac::{HASH_HEX_LEN, HashFormat, IdentityHash, PackedBatch, Secret, SecretEncoding, Signer, VerifyError};
use jni::errors::{Result, ThrowRuntimeExAndDefault};
use jni::objects::{JByteArray, JCharArray, JClass, JIntArray, JString};
use jni::sys::{jboolean, jint, jlong};
use jni::{Env, EnvUnowned};
use zeroize::Zeroizing;

/// A secret handed over as the `char`s of a JVM string (wiped by the caller
/// after the call), decoded by the core; `None` on any error.
fn decode_secret(env: &Env, secret: &JCharArray, hex: jboolean) -> Result<Option<Secret>> {
    let mut units = Zeroizing::new(vec![0u16; secret.len(env)?]);
    secret.get_region(env, 0, &mut units)?;
    let encoding = if hex { SecretEncoding::Hex } else { SecretEncoding::Text };
    Ok(Secret::decode_utf16(&units, encoding).ok())
}

/// Identifiers up to this size are read into a stack buffer, larger ones into a
/// `Vec` (a larger stack buffer costs its zeroing on every call).
const STACK_BYTES: usize = 256;

/// Runs `f` on a copy of the array's bytes (one `GetByteArrayRegion`, no allocation for small arrays).
fn with_bytes<T>(env: &Env, array: &JByteArray, f: impl FnOnce(&[u8]) -> T) -> Result<T> {
    let len = array.len(env)?;
    if len <= STACK_BYTES {
        let mut buffer = [0i8; STACK_BYTES];
        array.get_region(env, 0, &mut buffer[..len])?;
        Ok(f(as_u8(&buffer[..len])))
    } else {
        let mut buffer = vec![0i8; len];
        array.get_region(env, 0, &mut buffer)?;
        Ok(f(as_u8(&buffer)))
    }
}

/// JNI's `jbyte` is `i8`; the core works on `u8`.
fn as_u8(bytes: &[i8]) -> &[u8] {
    // SAFETY: i8 and u8 have the same size, alignment and set of valid bit patterns.
    unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<u8>(), bytes.len()) }
}

/// A hash's 64 lowercase hex characters as JNI bytes.
fn hex_bytes(hash: &IdentityHash) -> [i8; HASH_HEX_LEN] {
    let mut hex = [0u8; HASH_HEX_LEN];
    hash.encode_hex(&mut hex);
    hex.map(|byte| byte as i8)
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

/// `signHex(handle, identifier, out)`: the 64 lowercase hex characters into `out`.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_signHex<'caller>(
    mut env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    handle: jlong,
    identifier: JByteArray<'caller>,
    out: JByteArray<'caller>,
) {
    env.with_env(|env| -> Result<()> {
        let hash = with_bytes(env, &identifier, |identifier| signer(handle).sign(identifier))?;
        out.set_region(env, 0, &hex_bytes(&hash))
    })
    .resolve::<ThrowRuntimeExAndDefault>()
}

/// `signHexAt(handle, address, len)`: `address` is the calling thread's direct
/// buffer, holding 64 bytes for the hash and then the identifier's `len` bytes;
/// the 64 lowercase hex characters go into those first bytes. No JNI call at
/// all: every call into the VM (array length, copies, exception checks) costs
/// about as much as the HMAC. Returns 0, or -1 for an invalid argument.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_signHexAt<'caller>(
    _env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    handle: jlong,
    address: jlong,
    len: jint,
) -> jint {
    in_direct_buffer(handle, address, len, |signer, identifier, out| {
        signer.sign(identifier).encode_hex(out);
    })
}

/// What the benchmark floor writes instead of a hash: 64 lowercase hex characters.
const FLOOR_HEX: [u8; HASH_HEX_LEN] = [b'0'; HASH_HEX_LEN];

/// `floorHexAt(handle, address, len)`: benchmark floor, `signHexAt` without
/// the HMAC (same arguments, same slices, same 64 bytes written); not API.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_floorHexAt<'caller>(
    _env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    handle: jlong,
    address: jlong,
    len: jint,
) -> jint {
    in_direct_buffer(handle, address, len, |signer, identifier, out| {
        std::hint::black_box((signer, identifier));
        out.copy_from_slice(&FLOOR_HEX);
    })
}

/// Runs `write` on the signer, the identifier and the 64-byte hex slot of the
/// calling thread's direct buffer (see `signHexAt`); 0, or -1 for an invalid
/// argument or a panic.
#[inline(always)]
fn in_direct_buffer(
    handle: jlong,
    address: jlong,
    len: jint,
    write: impl FnOnce(&Signer, &[u8], &mut [u8; HASH_HEX_LEN]),
) -> jint {
    let Ok(len) = usize::try_from(len) else { return -1 };
    if handle == 0 || address == 0 {
        return -1;
    }
    let buffer = address as *mut u8;
    // SAFETY: Kotlin passes the address of a direct ByteBuffer of at least
    // 64 + len bytes that only the calling thread uses and that stays reachable
    // during the call; the two slices do not overlap.
    let (out, identifier) = unsafe {
        (&mut *buffer.cast::<[u8; HASH_HEX_LEN]>(), std::slice::from_raw_parts(buffer.add(HASH_HEX_LEN).cast_const(), len))
    };
    // The core does not panic on any input; this only keeps a bug from unwinding into the JVM.
    match catch_unwind(AssertUnwindSafe(|| write(signer(handle), identifier, out))) {
        Ok(()) => 0,
        Err(_) => -1,
    }
}

/// `floorHex(handle, identifier, out)`: benchmark floor, `signHex` without the HMAC; not API.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_floorHex<'caller>(
    mut env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    handle: jlong,
    identifier: JByteArray<'caller>,
    out: JByteArray<'caller>,
) {
    env.with_env(|env| -> Result<()> {
        with_bytes(env, &identifier, |identifier| std::hint::black_box((signer(handle), identifier)).1.len())?;
        out.set_region(env, 0, &FLOOR_HEX.map(|byte| byte as i8))
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
        let hash = with_bytes(env, &identifier, |identifier| signer(handle).sign(identifier))?;
        env.byte_array_from_slice(hash.as_bytes())
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
        let identity_hash = with_bytes(env, &identity_hash, <[u8]>::to_vec)?;
        with_bytes(env, &identifier, |identifier| check_status(signer(handle).check(identifier, &identity_hash)))
    })
    .resolve::<ThrowRuntimeExAndDefault>()
}

/// `chunkBytes()`: how many identifier bytes the Kotlin side packs into one
/// `signPacked` call: the core's chunk size, so native memory holds one chunk.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_chunkBytes<'caller>(
    _env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
) -> jint {
    jint::try_from(PackedBatch::CHUNK_BYTES).unwrap_or(jint::MAX)
}

/// `signPacked(handle, data, ends)`: identifiers packed back to back in `data`,
/// item `i` ending at `ends[i]`; returns their hashes back to back (64 hex bytes
/// each), or null when native memory ran out. Two array copies per chunk, not
/// per item; the core signs the chunk in parallel when it is large.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_signPacked<'caller>(
    mut env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    handle: jlong,
    data: JByteArray<'caller>,
    ends: JIntArray<'caller>,
) -> JByteArray<'caller> {
    env.with_env(|env| -> Result<JByteArray<'caller>> {
        let count = ends.len(env)?;
        let (Some(mut bytes), Some(mut offsets), Some(mut out)) =
            (zeroed::<i8>(data.len(env)?), zeroed::<jint>(count), zeroed::<u8>(count.saturating_mul(HASH_HEX_LEN)))
        else {
            return Ok(JByteArray::default());
        };
        data.get_region(env, 0, &mut bytes)?;
        ends.get_region(env, 0, &mut offsets)?;
        // A negative end cannot come from the Kotlin side; map it past the data so the core refuses it.
        let offsets: Vec<usize> = offsets.iter().map(|&end| usize::try_from(end).unwrap_or(usize::MAX)).collect();
        signer(handle)
            .sign_packed_into(as_u8(&bytes), &offsets, HashFormat::Hex, &mut out)
            .map_err(|_| jni::errors::Error::JniCall(jni::errors::JniError::InvalidArguments))?;
        env.byte_array_from_slice(&out)
    })
    .resolve::<ThrowRuntimeExAndDefault>()
}

/// A zeroed buffer of `len` items, or `None` when it cannot be allocated.
fn zeroed<T: Clone + Default>(len: usize) -> Option<Vec<T>> {
    let mut buffer = Vec::new();
    buffer.try_reserve_exact(len).ok()?;
    buffer.resize(len, T::default());
    Some(buffer)
}

/// `signOnce(secret, hex, identifier, out)`: the one-shot hash into `out`;
/// false when the secret does not decode.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_signOnce<'caller>(
    mut env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    secret: JCharArray<'caller>,
    hex: jboolean,
    identifier: JByteArray<'caller>,
    out: JByteArray<'caller>,
) -> jboolean {
    env.with_env(|env| -> Result<jboolean> {
        let Some(secret) = decode_secret(env, &secret, hex)? else { return Ok(false) };
        let hash = with_bytes(env, &identifier, |identifier| identity_hmac::sign(&secret, identifier))?;
        out.set_region(env, 0, &hex_bytes(&hash))?;
        Ok(true)
    })
    .resolve::<ThrowRuntimeExAndDefault>()
}

/// `signOnceAt(hex, address, identifierLen, secretUnits)`: the one-shot hash
/// through the calling thread's direct buffer, which holds 64 bytes for the
/// hash, the identifier's bytes, then the secret's UTF-16 code units
/// (little-endian; the caller wipes them after the call). No JNI call. Returns 0,
/// -2 when the secret does not decode, -1 for an invalid argument.
#[unsafe(no_mangle)]
pub extern "system" fn Java_io_github_identityhmac_NativeSigner_signOnceAt<'caller>(
    _env: EnvUnowned<'caller>,
    _class: JClass<'caller>,
    hex: jboolean,
    address: jlong,
    identifier_len: jint,
    secret_units: jint,
) -> jint {
    let (Ok(identifier_len), Ok(secret_units)) = (usize::try_from(identifier_len), usize::try_from(secret_units)) else {
        return -1;
    };
    if address == 0 {
        return -1;
    }
    let buffer = address as *mut u8;
    // SAFETY: Kotlin passes the address of a direct ByteBuffer of at least
    // 64 + identifier_len + 2 * secret_units bytes that only the calling thread
    // uses and that stays reachable during the call; the slices do not overlap.
    let (out, identifier, secret) = unsafe {
        let identifier = buffer.add(HASH_HEX_LEN);
        (
            &mut *buffer.cast::<[u8; HASH_HEX_LEN]>(),
            std::slice::from_raw_parts(identifier.cast_const(), identifier_len),
            std::slice::from_raw_parts(identifier.add(identifier_len).cast_const(), 2 * secret_units),
        )
    };
    let encoding = if hex { SecretEncoding::Hex } else { SecretEncoding::Text };
    match catch_unwind(AssertUnwindSafe(|| {
        let units: Zeroizing<Vec<u16>> =
            Zeroizing::new(secret.chunks_exact(2).map(|pair| u16::from_le_bytes([pair[0], pair[1]])).collect());
        Secret::decode_utf16(&units, encoding).map(|secret| {
            identity_hmac::sign(&secret, identifier).encode_hex(out);
        })
    })) {
        Ok(Ok(())) => 0,
        Ok(Err(_)) => -2,
        Err(_) => -1,
    }
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
        let identity_hash = with_bytes(env, &identity_hash, <[u8]>::to_vec)?;
        with_bytes(env, &identifier, |identifier| jint::from(identity_hmac::verify(&secret, identifier, &identity_hash)))
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
