//! The C ABI of identity-hmac.
//!
//! Every function here only converts C arguments into core calls and core
//! results into statuses: all rules live in the `identity-hmac` core crate.
//! Every exported function runs its body under `catch_unwind`, so no panic
//! ever unwinds into C, and checks every pointer before using it.
#![deny(unsafe_op_in_unsafe_fn)]
#![allow(non_camel_case_types)]

use std::ffi::{CStr, c_char, c_int};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use hmac_core::{Error, Secret, SecretEncoding, Signer, Verifier, VerifyError};

/// Bytes of a raw identity hash (`uint8_t out[IDENTITY_HMAC_HASH_LEN]`).
pub const IDENTITY_HMAC_HASH_LEN: usize = 32;

/// Hex characters of an identity hash, without the terminating NUL.
pub const IDENTITY_HMAC_HEX_LEN: usize = 64;

/// Size of a buffer for a NUL-terminated hex hash or generated secret
/// (`char out[IDENTITY_HMAC_HEX_SIZE]`).
pub const IDENTITY_HMAC_HEX_SIZE: usize = 65;

/// The most secrets a verifier holds.
pub const IDENTITY_HMAC_MAX_SECRETS: usize = 16;

// The literals above exist because cbindgen only renders literal constants;
// these lines fail to compile if they ever differ from the core's values.
const _: [(); IDENTITY_HMAC_HASH_LEN] = [(); hmac_core::HASH_LEN];
const _: [(); IDENTITY_HMAC_HEX_LEN] = [(); hmac_core::HASH_HEX_LEN];
const _: [(); IDENTITY_HMAC_HEX_SIZE] = [(); hmac_core::HASH_HEX_LEN + 1];
const _: [(); IDENTITY_HMAC_MAX_SECRETS] = [(); hmac_core::MAX_SECRETS];

/// The result of every fallible function. `IDENTITY_HMAC_OK` is zero and
/// every other status is negative, so the verify functions can return
/// 1 (match), 0 (no match) or a negative status in one `int`.
///
/// `identity_hmac_status_code()` names a status with the code string that
/// every identity-hmac binding uses; `identity_hmac_status_message()`
/// explains it.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum identity_hmac_status {
    /// Success.
    IDENTITY_HMAC_OK = 0,
    /// `EMPTY_SECRET`: the secret decodes to zero bytes.
    IDENTITY_HMAC_EMPTY_SECRET = -1,
    /// `INVALID_HEX_SECRET`: a hex secret is malformed
    /// (see `identity_hmac_secret_check()` for the reason and position).
    IDENTITY_HMAC_INVALID_HEX_SECRET = -2,
    /// `UNKNOWN_SECRET_ENCODING`: the encoding is neither
    /// `IDENTITY_HMAC_SECRET_TEXT` nor `IDENTITY_HMAC_SECRET_HEX`.
    IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING = -3,
    /// `NO_SECRETS`: a verifier was given no secrets.
    IDENTITY_HMAC_NO_SECRETS = -4,
    /// `TOO_MANY_SECRETS`: a verifier was given more than
    /// `IDENTITY_HMAC_MAX_SECRETS` secrets.
    IDENTITY_HMAC_TOO_MANY_SECRETS = -5,
    /// `MALFORMED_HASH`: the presented hash is not 64 hex characters
    /// (returned by the `_check` functions only; verify returns 0).
    IDENTITY_HMAC_MALFORMED_HASH = -6,
    /// `MISMATCH`: a well-formed hash that does not match
    /// (returned by the `_check` functions only).
    IDENTITY_HMAC_MISMATCH = -7,
    /// `NULL_ARGUMENT`: a required pointer is NULL (a byte pointer may be
    /// NULL only when its length is 0).
    IDENTITY_HMAC_NULL_ARGUMENT = -8,
    /// `INVALID_ARGUMENT`: a length or buffer size is out of range.
    IDENTITY_HMAC_INVALID_ARGUMENT = -9,
    /// `RANDOM_FAILED`: the operating system's random source failed.
    IDENTITY_HMAC_RANDOM_FAILED = -10,
    /// `INTERNAL_ERROR`: a bug inside the library was caught at the boundary.
    IDENTITY_HMAC_INTERNAL_ERROR = -11,
}

use identity_hmac_status as Status;

/// How a secret's bytes become the HMAC key; pass one of these as the
/// `encoding` argument (any other value gives
/// `IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING`).
#[repr(C)]
pub enum identity_hmac_secret_encoding {
    /// The secret's bytes are the key (Chatwoot, Intercom, Help Scout, ...).
    IDENTITY_HMAC_SECRET_TEXT = 0,
    /// Strict hex: even length, only `[0-9a-fA-F]` (Pylon).
    IDENTITY_HMAC_SECRET_HEX = 1,
}

/// A signer: the keyed HMAC state of one secret.
///
/// Create it with `identity_hmac_signer_new()` and release it with
/// `identity_hmac_signer_free()`. Sign and verify calls may share one signer
/// between threads; freeing it must not race with them.
pub struct identity_hmac_signer(Signer);

/// A verifier holding 1 to 16 secrets, newest first, for key rotation.
///
/// Create it with `identity_hmac_verifier_new()` and release it with
/// `identity_hmac_verifier_free()`. Like a signer, it may be shared between
/// threads.
pub struct identity_hmac_verifier(Verifier);

fn status_of(error: &Error) -> Status {
    match error {
        Error::EmptySecret => Status::IDENTITY_HMAC_EMPTY_SECRET,
        Error::InvalidHexSecret(_) => Status::IDENTITY_HMAC_INVALID_HEX_SECRET,
        Error::UnknownSecretEncoding => Status::IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING,
        Error::NoSecrets => Status::IDENTITY_HMAC_NO_SECRETS,
        Error::TooManySecrets { .. } => Status::IDENTITY_HMAC_TOO_MANY_SECRETS,
        Error::MalformedHash(_) => Status::IDENTITY_HMAC_MALFORMED_HASH,
        // Error is non_exhaustive: a future core error is still an error.
        _ => Status::IDENTITY_HMAC_INTERNAL_ERROR,
    }
}

fn verify_status(error: VerifyError) -> Status {
    match error {
        VerifyError::MalformedHash(_) => Status::IDENTITY_HMAC_MALFORMED_HASH,
        VerifyError::Mismatch => Status::IDENTITY_HMAC_MISMATCH,
        _ => Status::IDENTITY_HMAC_INTERNAL_ERROR,
    }
}

/// Runs `body`, turning a panic into `IDENTITY_HMAC_INTERNAL_ERROR`.
fn guard(body: impl FnOnce() -> Result<(), Status>) -> Status {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => Status::IDENTITY_HMAC_OK,
        Ok(Err(status)) => status,
        Err(_) => Status::IDENTITY_HMAC_INTERNAL_ERROR,
    }
}

/// Like [`guard`] for the verify functions: 1, 0 or a negative status.
fn guard_int(body: impl FnOnce() -> Result<bool, Status>) -> c_int {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(matched)) => c_int::from(matched),
        Ok(Err(status)) => status as c_int,
        Err(_) => Status::IDENTITY_HMAC_INTERNAL_ERROR as c_int,
    }
}

/// Borrows `len` bytes at `ptr`; NULL is allowed only for an empty input.
///
/// # Safety
/// A non-NULL `ptr` must point to `len` readable bytes that outlive `'a`.
unsafe fn input<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], Status> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Status::IDENTITY_HMAC_NULL_ARGUMENT);
    }
    if len > isize::MAX as usize {
        return Err(Status::IDENTITY_HMAC_INVALID_ARGUMENT);
    }
    // SAFETY: non-NULL, length in range, readability is the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

fn encoding_of(encoding: c_int) -> Result<SecretEncoding, Status> {
    match encoding {
        0 => Ok(SecretEncoding::Text),
        1 => Ok(SecretEncoding::Hex),
        _ => Err(Status::IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING),
    }
}

/// # Safety
/// As for [`input`].
unsafe fn decode_secret(secret: *const u8, secret_len: usize, encoding: c_int) -> Result<Secret, Status> {
    let encoding = encoding_of(encoding)?;
    // SAFETY: forwarded from the caller.
    let bytes = unsafe { input(secret, secret_len) }?;
    Secret::decode_bytes(bytes, encoding).map_err(|e| status_of(&e))
}

/// # Safety
/// `out`, when non-NULL, must be valid for `IDENTITY_HMAC_HEX_SIZE` bytes.
unsafe fn write_hex(hex: &[u8; IDENTITY_HMAC_HEX_LEN], out: *mut c_char) {
    // SAFETY: the caller guarantees room for 64 digits and the NUL.
    unsafe {
        ptr::copy_nonoverlapping(hex.as_ptr(), out.cast::<u8>(), IDENTITY_HMAC_HEX_LEN);
        *out.add(IDENTITY_HMAC_HEX_LEN) = 0;
    }
}

/// Drops a handle made by `Box::into_raw`; NULL is ignored.
///
/// # Safety
/// A non-NULL `handle` comes from `Box::into_raw` and is not used again.
unsafe fn free_handle<T>(handle: *mut T) {
    if !handle.is_null() {
        // SAFETY: the caller's contract.
        let handle = unsafe { Box::from_raw(handle) };
        // Nothing useful can be done about a panic in a destructor: drop it.
        let _ = catch_unwind(AssertUnwindSafe(move || drop(handle)));
    }
}

fn signer_ref<'a>(signer: *const identity_hmac_signer) -> Result<&'a Signer, Status> {
    // SAFETY: a non-NULL signer comes from identity_hmac_signer_new (contract).
    unsafe { signer.as_ref() }.map(|s| &s.0).ok_or(Status::IDENTITY_HMAC_NULL_ARGUMENT)
}

fn verifier_ref<'a>(verifier: *const identity_hmac_verifier) -> Result<&'a Verifier, Status> {
    // SAFETY: a non-NULL verifier comes from identity_hmac_verifier_new (contract).
    unsafe { verifier.as_ref() }.map(|v| &v.0).ok_or(Status::IDENTITY_HMAC_NULL_ARGUMENT)
}

fn non_null<T>(ptr: *const T) -> Result<(), Status> {
    if ptr.is_null() { Err(Status::IDENTITY_HMAC_NULL_ARGUMENT) } else { Ok(()) }
}

/// The library version, for example `"0.1.0"`: a static, NUL-terminated
/// string that must not be freed. It equals `IDENTITY_HMAC_VERSION_STRING`
/// of the header the program was compiled with, unless the program runs
/// against a different library build.
#[unsafe(no_mangle)]
pub extern "C" fn identity_hmac_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

fn status_from_int(status: c_int) -> Option<Status> {
    use Status::*;
    [
        IDENTITY_HMAC_OK,
        IDENTITY_HMAC_EMPTY_SECRET,
        IDENTITY_HMAC_INVALID_HEX_SECRET,
        IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING,
        IDENTITY_HMAC_NO_SECRETS,
        IDENTITY_HMAC_TOO_MANY_SECRETS,
        IDENTITY_HMAC_MALFORMED_HASH,
        IDENTITY_HMAC_MISMATCH,
        IDENTITY_HMAC_NULL_ARGUMENT,
        IDENTITY_HMAC_INVALID_ARGUMENT,
        IDENTITY_HMAC_RANDOM_FAILED,
        IDENTITY_HMAC_INTERNAL_ERROR,
    ]
    .into_iter()
    .find(|s| *s as c_int == status)
}

fn code_and_message(status: c_int) -> (&'static CStr, &'static CStr) {
    use Status::*;
    match status_from_int(status) {
        Some(IDENTITY_HMAC_OK) => (c"OK", c"success"),
        Some(IDENTITY_HMAC_EMPTY_SECRET) => {
            (c"EMPTY_SECRET", c"the secret is empty: an HMAC under an empty key can be forged by anyone")
        }
        Some(IDENTITY_HMAC_INVALID_HEX_SECRET) => {
            (c"INVALID_HEX_SECRET", c"the hex secret is malformed: only an even number of 0-9, a-f and A-F is allowed")
        }
        Some(IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING) => {
            (c"UNKNOWN_SECRET_ENCODING", c"unknown secret encoding: expected text or hex")
        }
        Some(IDENTITY_HMAC_NO_SECRETS) => (c"NO_SECRETS", c"a verifier needs at least one secret"),
        Some(IDENTITY_HMAC_TOO_MANY_SECRETS) => (c"TOO_MANY_SECRETS", c"a verifier holds at most 16 secrets"),
        Some(IDENTITY_HMAC_MALFORMED_HASH) => {
            (c"MALFORMED_HASH", c"malformed identity hash: expected 64 hex characters")
        }
        Some(IDENTITY_HMAC_MISMATCH) => (c"MISMATCH", c"the identity hash does not match"),
        Some(IDENTITY_HMAC_NULL_ARGUMENT) => (c"NULL_ARGUMENT", c"a required pointer argument is NULL"),
        Some(IDENTITY_HMAC_INVALID_ARGUMENT) => (c"INVALID_ARGUMENT", c"a length or buffer size is out of range"),
        Some(IDENTITY_HMAC_RANDOM_FAILED) => (c"RANDOM_FAILED", c"the operating system's random source failed"),
        Some(IDENTITY_HMAC_INTERNAL_ERROR) => (c"INTERNAL_ERROR", c"internal error in identity-hmac"),
        None => (c"UNKNOWN_STATUS", c"unknown identity-hmac status"),
    }
}

/// The code string of `status`, the same in every identity-hmac binding:
/// `"EMPTY_SECRET"`, `"INVALID_HEX_SECRET"`, ... (`"OK"` for
/// `IDENTITY_HMAC_OK`, `"UNKNOWN_STATUS"` for a value that is no status).
/// A static string; never NULL, never freed.
#[unsafe(no_mangle)]
pub extern "C" fn identity_hmac_status_code(status: c_int) -> *const c_char {
    catch_unwind(|| code_and_message(status).0).unwrap_or(c"INTERNAL_ERROR").as_ptr()
}

/// An English description of `status` (any int is accepted). A static
/// string; never NULL, never freed. It never contains a secret.
#[unsafe(no_mangle)]
pub extern "C" fn identity_hmac_status_message(status: c_int) -> *const c_char {
    catch_unwind(|| code_and_message(status).1).unwrap_or(c"internal error in identity-hmac").as_ptr()
}

/// Checks a secret without keeping it, and explains a refusal.
///
/// Returns `IDENTITY_HMAC_OK` or the status `identity_hmac_signer_new()`
/// would return. When `out_position` is not NULL it receives the 0-based
/// position of an `IDENTITY_HMAC_INVALID_HEX_SECRET` error, else `SIZE_MAX`.
/// When `out_message` is not NULL, up to `message_size - 1` bytes of a
/// detailed message (reason and position; never any part of the secret) are
/// written to it, NUL-terminated; an empty string on success.
///
/// # Safety
/// `secret` must point to `secret_len` bytes; `out_message`, if not NULL, to
/// `message_size` writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_secret_check(
    secret: *const u8,
    secret_len: usize,
    encoding: c_int,
    out_position: *mut usize,
    out_message: *mut c_char,
    message_size: usize,
) -> identity_hmac_status {
    let mut position = usize::MAX;
    let mut message = String::new();
    let status = guard(|| {
        let encoding = encoding_of(encoding).inspect_err(|_| message = Error::UnknownSecretEncoding.to_string())?;
        // SAFETY: the caller's contract.
        let bytes = unsafe { input(secret, secret_len) }?;
        Secret::decode_bytes(bytes, encoding).map(drop).map_err(|error| {
            if let Error::InvalidHexSecret(detail) = &error {
                position = detail.position();
            }
            message = error.to_string();
            status_of(&error)
        })
    });
    if status != Status::IDENTITY_HMAC_OK && message.is_empty() {
        message = code_and_message(status as c_int).1.to_string_lossy().into_owned();
    }
    if !out_position.is_null() {
        // SAFETY: non-NULL pointer to a size_t (contract).
        unsafe { *out_position = position };
    }
    if !out_message.is_null() && message_size > 0 {
        let len = message.len().min(message_size - 1);
        // SAFETY: room for message_size bytes (contract); len < message_size.
        unsafe {
            ptr::copy_nonoverlapping(message.as_ptr(), out_message.cast::<u8>(), len);
            *out_message.add(len) = 0;
        }
    }
    status
}

/// Creates a signer from `secret_len` bytes at `secret`, decoded by
/// `encoding` (an `identity_hmac_secret_encoding`). On success `*out` holds a
/// new signer that the caller frees with `identity_hmac_signer_free()`; on
/// failure `*out` is set to NULL (when `out` is not NULL).
///
/// # Safety
/// `secret` must point to `secret_len` readable bytes; `out` to a writable
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_signer_new(
    secret: *const u8,
    secret_len: usize,
    encoding: c_int,
    out: *mut *mut identity_hmac_signer,
) -> identity_hmac_status {
    guard(|| {
        non_null(out)?;
        // SAFETY: out is non-NULL and writable (contract).
        unsafe { *out = ptr::null_mut() };
        // SAFETY: the caller's contract.
        let secret = unsafe { decode_secret(secret, secret_len, encoding) }?;
        let signer = Box::new(identity_hmac_signer(Signer::new(&secret)));
        // SAFETY: as above.
        unsafe { *out = Box::into_raw(signer) };
        Ok(())
    })
}

/// Frees a signer and wipes its key state. NULL is allowed and ignored.
///
/// # Safety
/// `signer` must come from `identity_hmac_signer_new()` and not be used
/// (or freed) again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_signer_free(signer: *mut identity_hmac_signer) {
    // SAFETY: the pointer came from identity_hmac_signer_new (contract).
    unsafe { free_handle(signer) }
}

/// Writes the identity hash of `identifier` as 64 lowercase hex characters
/// and a NUL into `out`, which must hold `IDENTITY_HMAC_HEX_SIZE` (65) bytes.
///
/// # Safety
/// `signer` from `identity_hmac_signer_new()`; `identifier` points to
/// `identifier_len` bytes (NULL allowed when 0); `out` to 65 writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_signer_sign_hex(
    signer: *const identity_hmac_signer,
    identifier: *const u8,
    identifier_len: usize,
    out: *mut c_char,
) -> identity_hmac_status {
    guard(|| {
        let signer = signer_ref(signer)?;
        non_null(out)?;
        // SAFETY: the caller's contract.
        let identifier = unsafe { input(identifier, identifier_len) }?;
        let mut hex = [0u8; IDENTITY_HMAC_HEX_LEN];
        signer.sign_hex_into(identifier, &mut hex);
        // SAFETY: out is non-NULL with 65 bytes (contract).
        unsafe { write_hex(&hex, out) };
        Ok(())
    })
}

/// Writes the raw 32-byte identity hash of `identifier` into `out`, which
/// must hold `IDENTITY_HMAC_HASH_LEN` (32) bytes.
///
/// # Safety
/// As for `identity_hmac_signer_sign_hex()`, with 32 writable bytes at `out`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_signer_sign(
    signer: *const identity_hmac_signer,
    identifier: *const u8,
    identifier_len: usize,
    out: *mut u8,
) -> identity_hmac_status {
    guard(|| {
        let signer = signer_ref(signer)?;
        non_null(out)?;
        // SAFETY: the caller's contract.
        let identifier = unsafe { input(identifier, identifier_len) }?;
        let hash = signer.sign(identifier);
        // SAFETY: out is non-NULL with 32 bytes (contract).
        unsafe { ptr::copy_nonoverlapping(hash.as_bytes().as_ptr(), out, IDENTITY_HMAC_HASH_LEN) };
        Ok(())
    })
}

/// Verifies `hash` (`hash_len` bytes: 64 hex characters, either case) for
/// `identifier`, in constant time. Returns 1 on a match, 0 on a mismatch or
/// a malformed hash, or a negative `identity_hmac_status` for a bad argument.
///
/// # Safety
/// `signer` from `identity_hmac_signer_new()`; each pointer points to its
/// length in bytes (NULL allowed when the length is 0).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_signer_verify_hex(
    signer: *const identity_hmac_signer,
    identifier: *const u8,
    identifier_len: usize,
    hash: *const u8,
    hash_len: usize,
) -> c_int {
    guard_int(|| {
        let signer = signer_ref(signer)?;
        // SAFETY: the caller's contract.
        let (identifier, hash) = unsafe { (input(identifier, identifier_len)?, input(hash, hash_len)?) };
        Ok(signer.verify(identifier, hash))
    })
}

/// Like `identity_hmac_signer_verify_hex()`, but says why a hash failed:
/// `IDENTITY_HMAC_OK` on a match, `IDENTITY_HMAC_MISMATCH`,
/// `IDENTITY_HMAC_MALFORMED_HASH`, or an argument status.
///
/// # Safety
/// As for `identity_hmac_signer_verify_hex()`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_signer_check_hex(
    signer: *const identity_hmac_signer,
    identifier: *const u8,
    identifier_len: usize,
    hash: *const u8,
    hash_len: usize,
) -> identity_hmac_status {
    guard(|| {
        let signer = signer_ref(signer)?;
        // SAFETY: the caller's contract.
        let (identifier, hash) = unsafe { (input(identifier, identifier_len)?, input(hash, hash_len)?) };
        signer.check(identifier, hash).map_err(verify_status)
    })
}

/// Signs `count` identifiers (`identifiers[i]` of `lengths[i]` bytes) into
/// `out`: 64 lowercase hex characters each, back to back, with no separators
/// and no NUL. `out_size` must be at least `64 * count`, else
/// `IDENTITY_HMAC_INVALID_ARGUMENT` and nothing is written.
///
/// # Safety
/// `identifiers` and `lengths` point to `count` elements (NULL allowed when
/// `count` is 0); each identifier to its length in bytes; `out` to
/// `out_size` writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_signer_sign_many_hex(
    signer: *const identity_hmac_signer,
    identifiers: *const *const u8,
    lengths: *const usize,
    count: usize,
    out: *mut c_char,
    out_size: usize,
) -> identity_hmac_status {
    guard(|| {
        let signer = signer_ref(signer)?;
        let needed = count.checked_mul(IDENTITY_HMAC_HEX_LEN).ok_or(Status::IDENTITY_HMAC_INVALID_ARGUMENT)?;
        if count == 0 {
            return Ok(());
        }
        non_null(identifiers)?;
        non_null(lengths)?;
        non_null(out)?;
        if out_size < needed || needed > isize::MAX as usize {
            return Err(Status::IDENTITY_HMAC_INVALID_ARGUMENT);
        }
        // SAFETY: non-NULL arrays of `count` elements (contract).
        let (pointers, lengths) =
            unsafe { (std::slice::from_raw_parts(identifiers, count), std::slice::from_raw_parts(lengths, count)) };
        let inputs = pointers
            .iter()
            .zip(lengths)
            // SAFETY: each identifier points to its length in bytes (contract).
            .map(|(&ptr, &len)| unsafe { input(ptr, len) })
            .collect::<Result<Vec<&[u8]>, Status>>()?;
        // SAFETY: out is non-NULL with at least `needed` bytes (checked above).
        let out = unsafe { std::slice::from_raw_parts_mut(out.cast::<u8>(), needed) };
        if signer.sign_many_hex_into(&inputs, out) { Ok(()) } else { Err(Status::IDENTITY_HMAC_INTERNAL_ERROR) }
    })
}

/// One-shot sign: decodes the secret, signs `identifier`, and writes 64 hex
/// characters and a NUL into `out` (`IDENTITY_HMAC_HEX_SIZE` bytes). Prefer a
/// signer when signing more than once with the same secret.
///
/// # Safety
/// Each input points to its length in bytes; `out` to 65 writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_sign_hex(
    secret: *const u8,
    secret_len: usize,
    encoding: c_int,
    identifier: *const u8,
    identifier_len: usize,
    out: *mut c_char,
) -> identity_hmac_status {
    guard(|| {
        non_null(out)?;
        // SAFETY: the caller's contract.
        let secret = unsafe { decode_secret(secret, secret_len, encoding) }?;
        // SAFETY: the caller's contract.
        let identifier = unsafe { input(identifier, identifier_len) }?;
        let mut hex = [0u8; IDENTITY_HMAC_HEX_LEN];
        Signer::new(&secret).sign_hex_into(identifier, &mut hex);
        // SAFETY: out is non-NULL with 65 bytes (contract).
        unsafe { write_hex(&hex, out) };
        Ok(())
    })
}

/// One-shot verify: returns 1 on a match, 0 on a mismatch or a malformed
/// hash, or a negative `identity_hmac_status` (a bad secret or argument).
///
/// # Safety
/// Each input points to its length in bytes (NULL allowed when 0).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_verify_hex(
    secret: *const u8,
    secret_len: usize,
    encoding: c_int,
    identifier: *const u8,
    identifier_len: usize,
    hash: *const u8,
    hash_len: usize,
) -> c_int {
    guard_int(|| {
        // SAFETY: the caller's contract.
        let secret = unsafe { decode_secret(secret, secret_len, encoding) }?;
        // SAFETY: the caller's contract.
        let (identifier, hash) = unsafe { (input(identifier, identifier_len)?, input(hash, hash_len)?) };
        Ok(hmac_core::verify(&secret, identifier, hash))
    })
}

/// Creates a verifier from `count` secrets (`secrets[i]` of
/// `secret_lens[i]` bytes), newest first, all decoded by `encoding`. Between
/// 1 and `IDENTITY_HMAC_MAX_SECRETS` secrets. On success `*out` holds a new
/// verifier for `identity_hmac_verifier_free()`; on failure NULL.
///
/// # Safety
/// `secrets` and `secret_lens` point to `count` elements; each secret to its
/// length in bytes; `out` to a writable pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_verifier_new(
    secrets: *const *const u8,
    secret_lens: *const usize,
    count: usize,
    encoding: c_int,
    out: *mut *mut identity_hmac_verifier,
) -> identity_hmac_status {
    guard(|| {
        non_null(out)?;
        // SAFETY: out is non-NULL and writable (contract).
        unsafe { *out = ptr::null_mut() };
        let decoded = if count == 0 {
            Vec::new()
        } else {
            non_null(secrets)?;
            non_null(secret_lens)?;
            // SAFETY: non-NULL arrays of `count` elements (contract).
            let (pointers, lengths) =
                unsafe { (std::slice::from_raw_parts(secrets, count), std::slice::from_raw_parts(secret_lens, count)) };
            pointers
                .iter()
                .zip(lengths)
                // SAFETY: each secret points to its length in bytes (contract).
                .map(|(&ptr, &len)| unsafe { decode_secret(ptr, len, encoding) })
                .collect::<Result<Vec<Secret>, Status>>()?
        };
        let verifier = Verifier::new(&decoded).map_err(|e| status_of(&e))?;
        // SAFETY: as above.
        unsafe { *out = Box::into_raw(Box::new(identity_hmac_verifier(verifier))) };
        Ok(())
    })
}

/// Frees a verifier and wipes its key states. NULL is allowed and ignored.
///
/// # Safety
/// `verifier` must come from `identity_hmac_verifier_new()` and not be used
/// (or freed) again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_verifier_free(verifier: *mut identity_hmac_verifier) {
    // SAFETY: the pointer came from identity_hmac_verifier_new (contract).
    unsafe { free_handle(verifier) }
}

/// Returns 1 if `hash` matches `identifier` under any of the verifier's
/// secrets, 0 if none matches or the hash is malformed, or a negative
/// status. It always checks every secret, so its timing does not reveal
/// which one matched.
///
/// # Safety
/// `verifier` from `identity_hmac_verifier_new()`; each pointer points to
/// its length in bytes (NULL allowed when 0).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_verifier_verify_hex(
    verifier: *const identity_hmac_verifier,
    identifier: *const u8,
    identifier_len: usize,
    hash: *const u8,
    hash_len: usize,
) -> c_int {
    guard_int(|| {
        let verifier = verifier_ref(verifier)?;
        // SAFETY: the caller's contract.
        let (identifier, hash) = unsafe { (input(identifier, identifier_len)?, input(hash, hash_len)?) };
        Ok(verifier.verify(identifier, hash))
    })
}

/// Finds which secret matches: `IDENTITY_HMAC_OK` with the index (0 = the
/// newest secret) in `*out_index`, `IDENTITY_HMAC_MISMATCH`,
/// `IDENTITY_HMAC_MALFORMED_HASH`, or an argument status.
///
/// # Safety
/// As for `identity_hmac_verifier_verify_hex()`; `out_index` points to a
/// writable `size_t`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_verifier_matching_key(
    verifier: *const identity_hmac_verifier,
    identifier: *const u8,
    identifier_len: usize,
    hash: *const u8,
    hash_len: usize,
    out_index: *mut usize,
) -> identity_hmac_status {
    guard(|| {
        let verifier = verifier_ref(verifier)?;
        non_null(out_index)?;
        // SAFETY: the caller's contract.
        let (identifier, hash) = unsafe { (input(identifier, identifier_len)?, input(hash, hash_len)?) };
        let index = verifier.check(identifier, hash).map_err(verify_status)?;
        // SAFETY: out_index is non-NULL and writable (contract).
        unsafe { *out_index = index };
        Ok(())
    })
}

/// Writes a new secret, 32 bytes from the operating system's CSPRNG, as 64
/// lowercase hex characters and a NUL into `out` (`IDENTITY_HMAC_HEX_SIZE`
/// bytes). Use it with `IDENTITY_HMAC_SECRET_HEX`.
///
/// # Safety
/// `out` must point to 65 writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_generate_secret_hex(out: *mut c_char) -> identity_hmac_status {
    guard(|| {
        non_null(out)?;
        let secret = Secret::try_generate().map_err(|_| Status::IDENTITY_HMAC_RANDOM_FAILED)?;
        let hex = secret.expose_hex();
        let hex: &[u8; IDENTITY_HMAC_HEX_LEN] =
            hex.as_bytes().try_into().map_err(|_| Status::IDENTITY_HMAC_INTERNAL_ERROR)?;
        // SAFETY: out is non-NULL with 65 bytes (contract).
        unsafe { write_hex(hex, out) };
        Ok(())
    })
}
