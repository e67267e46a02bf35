//! The C ABI of identity-hmac.
//!
//! Every function here only converts C arguments into core calls and core
//! results into statuses: all rules, codes and texts live in the
//! `identity-hmac` core crate. Every exported function runs its body under
//! `catch_unwind`, so no panic ever unwinds into C, and checks every pointer
//! before using it.
#![deny(unsafe_op_in_unsafe_fn)]
#![allow(non_camel_case_types)]

use std::ffi::{CStr, CString, c_char, c_int};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;
use std::sync::{Mutex, PoisonError};

use identity_hmac::{
    Claims, Error, ErrorCode, HashFormat, PageValues, Secret, SecretEncoding, Signer, TokenOptions, TokenVerifier,
    TokenVerifierBuilder, User, Verifier, VerifierBuilder, VerifyError, Widget, identify_with,
};

/// Bytes of a raw identity hash (`uint8_t out[IDENTITY_HMAC_HASH_LEN]`).
pub const IDENTITY_HMAC_HASH_LEN: usize = 32;

/// Hex characters of an identity hash, without the terminating NUL.
pub const IDENTITY_HMAC_HEX_LEN: usize = 64;

/// Size of a buffer for a NUL-terminated hex hash or generated secret
/// (`char out[IDENTITY_HMAC_HEX_SIZE]`).
pub const IDENTITY_HMAC_HEX_SIZE: usize = 65;

/// The most secrets a verifier holds.
pub const IDENTITY_HMAC_MAX_SECRETS: usize = 16;

/// Size of `identity_hmac_error_detail.message`, NUL included.
pub const IDENTITY_HMAC_ERROR_MESSAGE_SIZE: usize = 256;

/// Size of `identity_hmac_error_detail.claim`, NUL included.
pub const IDENTITY_HMAC_CLAIM_NAME_SIZE: usize = 64;

// The literals above exist because cbindgen only renders literal constants;
// these lines fail to compile if they ever differ from the core's values.
const _: [(); IDENTITY_HMAC_HASH_LEN] = [(); identity_hmac::HASH_LEN];
const _: [(); IDENTITY_HMAC_HEX_LEN] = [(); identity_hmac::HASH_HEX_LEN];
const _: [(); IDENTITY_HMAC_HEX_SIZE] = [(); identity_hmac::HASH_HEX_LEN + 1];
const _: [(); IDENTITY_HMAC_MAX_SECRETS] = [(); identity_hmac::MAX_SECRETS];

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
    /// `INVALID_HEX_SECRET`: a hex secret is malformed (the constructors'
    /// `identity_hmac_error_detail` gives the reason and position).
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
    /// `INVALID_ARGUMENT`: a length, offset, format or buffer size is out of
    /// range.
    IDENTITY_HMAC_INVALID_ARGUMENT = -9,
    /// `RANDOM_SOURCE_FAILED`: the operating system's random source failed.
    IDENTITY_HMAC_RANDOM_SOURCE_FAILED = -10,
    /// `INTERNAL_ERROR`: a bug inside the library was caught at the boundary.
    IDENTITY_HMAC_INTERNAL_ERROR = -11,
    /// `INVALID_TEXT_SECRET`: a text secret is not valid Unicode (only hosts
    /// with UTF-16 strings produce it; C bytes are taken as they are).
    IDENTITY_HMAC_INVALID_TEXT_SECRET = -12,
    /// `OUT_OF_MEMORY`: an allocation failed.
    IDENTITY_HMAC_OUT_OF_MEMORY = -13,
    /// `UNKNOWN_WIDGET`: a widget value or name that is no preset.
    IDENTITY_HMAC_UNKNOWN_WIDGET = -14,
    /// `MISSING_FIELD`: the user or the page lacks a value the preset needs
    /// (`identity_hmac_error_detail.field` names it).
    IDENTITY_HMAC_MISSING_FIELD = -15,
    /// `UNKNOWN_FIELD`: a user field or page value that the preset does not take.
    IDENTITY_HMAC_UNKNOWN_FIELD = -16,
    /// `INVALID_NONCE`: a CSP nonce that is empty or not base64.
    IDENTITY_HMAC_INVALID_NONCE = -17,
    /// `MALFORMED_TOKEN`: a token that is not three base64url segments with a
    /// JSON object header and claims.
    IDENTITY_HMAC_MALFORMED_TOKEN = -18,
    /// `UNSUPPORTED_ALGORITHM`: a token whose `alg` is not `HS256`.
    IDENTITY_HMAC_UNSUPPORTED_ALGORITHM = -19,
    /// `UNKNOWN_KEY_ID`: a token whose `kid` names none of the verifier's keys.
    IDENTITY_HMAC_UNKNOWN_KEY_ID = -20,
    /// `BAD_SIGNATURE`: a token whose signature matches none of the keys.
    IDENTITY_HMAC_BAD_SIGNATURE = -21,
    /// `TOKEN_EXPIRED`: a token past its `exp` (after the leeway).
    IDENTITY_HMAC_TOKEN_EXPIRED = -22,
    /// `TOKEN_NOT_YET_VALID`: a token before its `nbf` or `iat` (after the leeway).
    IDENTITY_HMAC_TOKEN_NOT_YET_VALID = -23,
    /// `LIFETIME_TOO_LONG`: a token whose `exp - iat` exceeds the verifier's maximum.
    IDENTITY_HMAC_LIFETIME_TOO_LONG = -24,
    /// `MISSING_CLAIM`: a token (or a token preset's claims) without a required
    /// claim (`identity_hmac_error_detail.claim` names it).
    IDENTITY_HMAC_MISSING_CLAIM = -25,
    /// `INVALID_CLAIMS`: claims that are not a JSON object, or a claim with a
    /// value of the wrong kind (`identity_hmac_error_detail.claim` names it
    /// when there is one).
    IDENTITY_HMAC_INVALID_CLAIMS = -26,
    /// `BUFFER_TOO_SMALL` (C only): the output buffer cannot hold the text
    /// and its NUL; `*out_len` holds the text's length (without the NUL).
    IDENTITY_HMAC_BUFFER_TOO_SMALL = -27,
}

use identity_hmac_status as Status;

impl Status {
    const ALL: [Status; 28] = [
        Status::IDENTITY_HMAC_OK,
        Status::IDENTITY_HMAC_EMPTY_SECRET,
        Status::IDENTITY_HMAC_INVALID_HEX_SECRET,
        Status::IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING,
        Status::IDENTITY_HMAC_NO_SECRETS,
        Status::IDENTITY_HMAC_TOO_MANY_SECRETS,
        Status::IDENTITY_HMAC_MALFORMED_HASH,
        Status::IDENTITY_HMAC_MISMATCH,
        Status::IDENTITY_HMAC_NULL_ARGUMENT,
        Status::IDENTITY_HMAC_INVALID_ARGUMENT,
        Status::IDENTITY_HMAC_RANDOM_SOURCE_FAILED,
        Status::IDENTITY_HMAC_INTERNAL_ERROR,
        Status::IDENTITY_HMAC_INVALID_TEXT_SECRET,
        Status::IDENTITY_HMAC_OUT_OF_MEMORY,
        Status::IDENTITY_HMAC_UNKNOWN_WIDGET,
        Status::IDENTITY_HMAC_MISSING_FIELD,
        Status::IDENTITY_HMAC_UNKNOWN_FIELD,
        Status::IDENTITY_HMAC_INVALID_NONCE,
        Status::IDENTITY_HMAC_MALFORMED_TOKEN,
        Status::IDENTITY_HMAC_UNSUPPORTED_ALGORITHM,
        Status::IDENTITY_HMAC_UNKNOWN_KEY_ID,
        Status::IDENTITY_HMAC_BAD_SIGNATURE,
        Status::IDENTITY_HMAC_TOKEN_EXPIRED,
        Status::IDENTITY_HMAC_TOKEN_NOT_YET_VALID,
        Status::IDENTITY_HMAC_LIFETIME_TOO_LONG,
        Status::IDENTITY_HMAC_MISSING_CLAIM,
        Status::IDENTITY_HMAC_INVALID_CLAIMS,
        Status::IDENTITY_HMAC_BUFFER_TOO_SMALL,
    ];

    fn from_int(status: c_int) -> Option<Status> {
        Status::ALL.into_iter().find(|s| *s as c_int == status)
    }

    /// The status of each core code: the one mapping between the two lists.
    fn of_code(code: ErrorCode) -> Status {
        match code {
            ErrorCode::EmptySecret => Status::IDENTITY_HMAC_EMPTY_SECRET,
            ErrorCode::InvalidHexSecret => Status::IDENTITY_HMAC_INVALID_HEX_SECRET,
            ErrorCode::InvalidTextSecret => Status::IDENTITY_HMAC_INVALID_TEXT_SECRET,
            ErrorCode::UnknownSecretEncoding => Status::IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING,
            ErrorCode::NoSecrets => Status::IDENTITY_HMAC_NO_SECRETS,
            ErrorCode::TooManySecrets => Status::IDENTITY_HMAC_TOO_MANY_SECRETS,
            ErrorCode::MalformedHash => Status::IDENTITY_HMAC_MALFORMED_HASH,
            ErrorCode::Mismatch => Status::IDENTITY_HMAC_MISMATCH,
            ErrorCode::RandomSourceFailed => Status::IDENTITY_HMAC_RANDOM_SOURCE_FAILED,
            ErrorCode::OutOfMemory => Status::IDENTITY_HMAC_OUT_OF_MEMORY,
            ErrorCode::UnknownWidget => Status::IDENTITY_HMAC_UNKNOWN_WIDGET,
            ErrorCode::MissingField => Status::IDENTITY_HMAC_MISSING_FIELD,
            ErrorCode::UnknownField => Status::IDENTITY_HMAC_UNKNOWN_FIELD,
            ErrorCode::InvalidNonce => Status::IDENTITY_HMAC_INVALID_NONCE,
            ErrorCode::MalformedToken => Status::IDENTITY_HMAC_MALFORMED_TOKEN,
            ErrorCode::UnsupportedAlgorithm => Status::IDENTITY_HMAC_UNSUPPORTED_ALGORITHM,
            ErrorCode::UnknownKeyId => Status::IDENTITY_HMAC_UNKNOWN_KEY_ID,
            ErrorCode::BadSignature => Status::IDENTITY_HMAC_BAD_SIGNATURE,
            ErrorCode::TokenExpired => Status::IDENTITY_HMAC_TOKEN_EXPIRED,
            ErrorCode::TokenNotYetValid => Status::IDENTITY_HMAC_TOKEN_NOT_YET_VALID,
            ErrorCode::LifetimeTooLong => Status::IDENTITY_HMAC_LIFETIME_TOO_LONG,
            ErrorCode::MissingClaim => Status::IDENTITY_HMAC_MISSING_CLAIM,
            ErrorCode::InvalidClaims => Status::IDENTITY_HMAC_INVALID_CLAIMS,
            // ErrorCode is non_exhaustive, so Rust needs this arm; the unit
            // test `every_core_code_has_its_own_status` fails for any core
            // code that reaches it, so a new code cannot hide here.
            _ => Status::IDENTITY_HMAC_INTERNAL_ERROR,
        }
    }

    /// The core code of a status; `None` for the C layer's own statuses.
    fn code(self) -> Option<ErrorCode> {
        // INTERNAL_ERROR is no core code (of_code's fallback; see its test).
        if self == Status::IDENTITY_HMAC_INTERNAL_ERROR {
            return None;
        }
        ErrorCode::ALL.iter().copied().find(|&code| Status::of_code(code) == self)
    }

    /// The code string and the fixed English text: the core's for its codes.
    fn texts(self) -> (&'static str, &'static str) {
        if let Some(code) = self.code() {
            return (code.as_str(), code.summary());
        }
        match self {
            Status::IDENTITY_HMAC_OK => ("OK", "success"),
            Status::IDENTITY_HMAC_NULL_ARGUMENT => ("NULL_ARGUMENT", "a required pointer argument is NULL"),
            Status::IDENTITY_HMAC_INVALID_ARGUMENT => {
                ("INVALID_ARGUMENT", "a length, offset, format or buffer size is out of range, or a text is not UTF-8")
            }
            Status::IDENTITY_HMAC_BUFFER_TOO_SMALL => (
                "BUFFER_TOO_SMALL",
                "the output buffer is too small: *out_len holds the length needed, without the NUL",
            ),
            _ => ("INTERNAL_ERROR", "internal error in identity-hmac"),
        }
    }
}

/// How a secret's bytes become the HMAC key; pass one of these as the
/// `encoding` argument (any other value gives
/// `IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING`), or get one from a name with
/// `identity_hmac_secret_encoding_from_name()`.
#[repr(C)]
#[derive(Clone, Copy)]
pub enum identity_hmac_secret_encoding {
    /// The widget preset's own encoding (hex for Pylon, text for the
    /// others): taken by `identity_hmac_identify()` and
    /// `identity_hmac_identify_script()` only; every other function gives
    /// `IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING` for it.
    IDENTITY_HMAC_SECRET_PRESET = -1,
    /// The secret's bytes are the key (Chatwoot, Intercom, Help Scout, ...).
    IDENTITY_HMAC_SECRET_TEXT = 0,
    /// Strict hex: even length, only `[0-9a-fA-F]` (Pylon).
    IDENTITY_HMAC_SECRET_HEX = 1,
}

/// The C value of each core encoding: the one mapping, read both ways.
const ENCODINGS: [(identity_hmac_secret_encoding, SecretEncoding); 2] = [
    (identity_hmac_secret_encoding::IDENTITY_HMAC_SECRET_TEXT, SecretEncoding::Text),
    (identity_hmac_secret_encoding::IDENTITY_HMAC_SECRET_HEX, SecretEncoding::Hex),
];

/// How `identity_hmac_signer_sign_packed()` writes each hash.
#[repr(C)]
#[derive(Clone, Copy)]
pub enum identity_hmac_hash_format {
    /// 64 lowercase hex characters per identifier, no NUL.
    IDENTITY_HMAC_HASH_HEX = 0,
    /// 32 raw bytes per identifier.
    IDENTITY_HMAC_HASH_RAW = 1,
}

const HASH_FORMATS: [(identity_hmac_hash_format, HashFormat); 2] = [
    (identity_hmac_hash_format::IDENTITY_HMAC_HASH_HEX, HashFormat::Hex),
    (identity_hmac_hash_format::IDENTITY_HMAC_HASH_RAW, HashFormat::Raw),
];

/// Why a call refused its arguments: filled by
/// `identity_hmac_signer_new()`, `identity_hmac_verifier_new()`,
/// `identity_hmac_secret_check()` and every widget and token function when
/// their `detail` argument is not NULL, on success too. Nothing in it ever
/// contains a secret or any part of one.
#[repr(C)]
pub struct identity_hmac_error_detail {
    /// The status the function returned.
    pub status: identity_hmac_status,
    /// The 0-based position of an invalid hex (or text) secret's error,
    /// else `SIZE_MAX`.
    pub position: usize,
    /// Which secret of a verifier's list (0 = the newest) is invalid, else
    /// `SIZE_MAX`.
    pub secret_index: usize,
    /// A fixed phrase saying why (`"empty"`, `"odd length"`,
    /// `"invalid character"`, `"lone surrogate"`), else NULL. A static
    /// string: never freed.
    pub reason: *const c_char,
    /// The full message, NUL-terminated, with the details above; empty on
    /// success. `IDENTITY_HMAC_ERROR_MESSAGE_SIZE` bytes.
    pub message: [c_char; 256],
    /// For `IDENTITY_HMAC_MISSING_FIELD`, the user field or page value the
    /// preset needs (`"email"`, `"identifier"`, `"app_id"`, `"key_id"`, ...),
    /// else NULL. A static string; never freed.
    pub field: *const c_char,
    /// For `IDENTITY_HMAC_MISSING_CLAIM` and `IDENTITY_HMAC_INVALID_CLAIMS`,
    /// the claim's name (never its value), NUL-terminated, cut at a UTF-8
    /// character boundary to fit; empty if none.
    /// `IDENTITY_HMAC_CLAIM_NAME_SIZE` bytes.
    pub claim: [c_char; 64],
}

const _: [(); IDENTITY_HMAC_ERROR_MESSAGE_SIZE] = [(); 256];
const _: [(); IDENTITY_HMAC_CLAIM_NAME_SIZE] = [(); 64];

/// `text` as a NUL-terminated C array, cut at a character boundary to fit.
fn c_text<const N: usize>(text: &str) -> [c_char; N] {
    let mut out = [0 as c_char; N];
    let mut len = text.len().min(N.saturating_sub(1));
    while !text.is_char_boundary(len) {
        len -= 1;
    }
    for (slot, &byte) in out.iter_mut().zip(&text.as_bytes()[..len]) {
        *slot = byte as c_char;
    }
    out
}

impl identity_hmac_error_detail {
    fn new(status: Status, error: Option<&Error>) -> Self {
        let text = match (status, error) {
            (Status::IDENTITY_HMAC_OK, _) => String::new(),
            (_, Some(error)) => error.to_string(),
            (_, None) => status.texts().1.to_owned(),
        };
        identity_hmac_error_detail {
            status,
            position: error.and_then(Error::position).unwrap_or(usize::MAX),
            secret_index: error.and_then(Error::secret_index).unwrap_or(usize::MAX),
            reason: error.and_then(Error::reason).map_or(ptr::null(), static_c_str),
            message: c_text(&text),
            field: error.and_then(Error::field).map_or(ptr::null(), static_c_str),
            claim: c_text(error.and_then(Error::claim).unwrap_or_default()),
        }
    }
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

/// Why a call failed: a status of this layer, or a core error and its details.
enum Failure {
    Status(Status),
    Core(Error),
}

impl From<Status> for Failure {
    fn from(status: Status) -> Self {
        Failure::Status(status)
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Core(error)
    }
}

impl From<VerifyError> for Failure {
    fn from(error: VerifyError) -> Self {
        Failure::Status(Status::of_code(error.error_code()))
    }
}

impl Failure {
    fn status(&self) -> Status {
        match self {
            Failure::Status(status) => *status,
            Failure::Core(error) => Status::of_code(error.error_code()),
        }
    }
}

/// Runs `body` with panics caught, and fills `detail` when it is not NULL.
fn guard_detail(detail: *mut identity_hmac_error_detail, body: impl FnOnce() -> Result<(), Failure>) -> Status {
    let failure = match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => None,
        Ok(Err(failure)) => Some(failure),
        Err(_) => Some(Failure::Status(Status::IDENTITY_HMAC_INTERNAL_ERROR)),
    };
    let status = failure.as_ref().map_or(Status::IDENTITY_HMAC_OK, Failure::status);
    if !detail.is_null() {
        let error = match &failure {
            Some(Failure::Core(error)) => Some(error),
            _ => None,
        };
        if let Ok(filled) = catch_unwind(|| identity_hmac_error_detail::new(status, error)) {
            // SAFETY: a non-NULL detail points to a writable
            // identity_hmac_error_detail (the caller's contract).
            unsafe { detail.write(filled) };
        }
    }
    status
}

/// Runs `body`, turning a panic into `IDENTITY_HMAC_INTERNAL_ERROR`.
fn guard(body: impl FnOnce() -> Result<(), Failure>) -> Status {
    guard_detail(ptr::null_mut(), body)
}

/// Like [`guard`] for the verify functions: 1, 0 or a negative status.
fn guard_int(body: impl FnOnce() -> Result<bool, Failure>) -> c_int {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(matched)) => c_int::from(matched),
        Ok(Err(failure)) => failure.status() as c_int,
        Err(_) => Status::IDENTITY_HMAC_INTERNAL_ERROR as c_int,
    }
}

/// A NUL-terminated copy of a static text, made once per distinct text and
/// kept for the life of the process, so C can hold the pointer forever.
/// Only the core's fixed texts (codes, summaries, reasons) come here.
fn static_c_str(text: &'static str) -> *const c_char {
    static TEXTS: Mutex<Vec<(&'static str, &'static CStr)>> = Mutex::new(Vec::new());
    let mut texts = TEXTS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, c_text)) = texts.iter().find(|(known, _)| *known == text) {
        return c_text.as_ptr();
    }
    let c_text: &'static CStr = match CString::new(text) {
        Ok(owned) => Box::leak(owned.into_boxed_c_str()),
        Err(_) => c"",
    };
    texts.push((text, c_text));
    c_text.as_ptr()
}

/// Borrows `len` elements at `ptr`; NULL is allowed only for an empty input.
///
/// # Safety
/// A non-NULL `ptr` must point to `len` readable elements that outlive `'a`.
unsafe fn input<'a, T>(ptr: *const T, len: usize) -> Result<&'a [T], Status> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Status::IDENTITY_HMAC_NULL_ARGUMENT);
    }
    if len.checked_mul(size_of::<T>()).is_none_or(|bytes| bytes > isize::MAX as usize) {
        return Err(Status::IDENTITY_HMAC_INVALID_ARGUMENT);
    }
    // SAFETY: non-NULL, size in range, readability is the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Borrows the caller's output buffer of `len` bytes (`len` <= isize::MAX).
///
/// # Safety
/// A non-NULL `ptr` must point to `len` writable bytes that outlive `'a`.
unsafe fn output<'a>(ptr: *mut u8, len: usize) -> Result<&'a mut [u8], Status> {
    if ptr.is_null() {
        return Err(Status::IDENTITY_HMAC_NULL_ARGUMENT);
    }
    // SAFETY: non-NULL; writability is the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
}

/// Sets a handle out-pointer to NULL and returns it, or `NULL_ARGUMENT`.
///
/// # Safety
/// A non-NULL `out` must point to a writable pointer.
unsafe fn handle_out<'a, T>(out: *mut *mut T) -> Result<&'a mut *mut T, Status> {
    // SAFETY: the caller's contract.
    let out = unsafe { out.as_mut() }.ok_or(Status::IDENTITY_HMAC_NULL_ARGUMENT)?;
    *out = ptr::null_mut();
    Ok(out)
}

fn encoding_of(encoding: c_int) -> Result<SecretEncoding, Status> {
    ENCODINGS
        .iter()
        .find(|(c_value, _)| *c_value as c_int == encoding)
        .map(|&(_, encoding)| encoding)
        .ok_or(Status::IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING)
}

/// # Safety
/// As for [`input`].
unsafe fn decode_secret(secret: *const u8, secret_len: usize, encoding: c_int) -> Result<Secret, Failure> {
    let encoding = encoding_of(encoding)?;
    // SAFETY: forwarded from the caller.
    let bytes = unsafe { input(secret, secret_len) }?;
    Ok(Secret::decode_bytes(bytes, encoding)?)
}

/// Writes 64 hex digits and a NUL.
///
/// # Safety
/// `out`, when non-NULL, must be valid for `IDENTITY_HMAC_HEX_SIZE` bytes.
unsafe fn write_hex(hex: &[u8], out: *mut c_char) -> Result<(), Status> {
    // SAFETY: the caller guarantees room for 64 digits and the NUL.
    let out = unsafe { output(out.cast::<u8>(), IDENTITY_HMAC_HEX_SIZE) }?;
    let (digits, nul) = out.split_at_mut(IDENTITY_HMAC_HEX_LEN);
    digits.copy_from_slice(hex.get(..IDENTITY_HMAC_HEX_LEN).ok_or(Status::IDENTITY_HMAC_INTERNAL_ERROR)?);
    nul[0] = 0;
    Ok(())
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

/// The library version, for example `"0.1.0"`: a static, NUL-terminated
/// string that must not be freed. It equals `IDENTITY_HMAC_VERSION_STRING`
/// of the header the program was compiled with, unless the program runs
/// against a different library build.
#[unsafe(no_mangle)]
pub extern "C" fn identity_hmac_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// `IDENTITY_HMAC_MAX_SECRETS`, for hosts that cannot read the header's
/// macros (PHP FFI).
#[unsafe(no_mangle)]
pub extern "C" fn identity_hmac_max_secrets() -> usize {
    identity_hmac::MAX_SECRETS
}

/// The code string of `status`, the same in every identity-hmac binding:
/// `"EMPTY_SECRET"`, `"INVALID_HEX_SECRET"`, ... (`"OK"` for
/// `IDENTITY_HMAC_OK`, `"UNKNOWN_STATUS"` for a value that is no status).
/// A static string; never NULL, never freed.
#[unsafe(no_mangle)]
pub extern "C" fn identity_hmac_status_code(status: c_int) -> *const c_char {
    catch_unwind(|| Status::from_int(status).map_or(c"UNKNOWN_STATUS".as_ptr(), |s| static_c_str(s.texts().0)))
        .unwrap_or(c"INTERNAL_ERROR".as_ptr())
}

/// An English description of `status` (any int is accepted), the core's
/// own text for its codes. A static string; never NULL, never freed. It
/// never contains a secret.
#[unsafe(no_mangle)]
pub extern "C" fn identity_hmac_status_message(status: c_int) -> *const c_char {
    catch_unwind(|| {
        Status::from_int(status).map_or(c"unknown identity-hmac status".as_ptr(), |s| static_c_str(s.texts().1))
    })
    .unwrap_or(c"internal error in identity-hmac".as_ptr())
}

/// 1 if `status` says a secret's value is refused (`EMPTY_SECRET`,
/// `INVALID_HEX_SECRET`, `INVALID_TEXT_SECRET`, the class each binding
/// raises as its invalid-secret error), else 0.
#[unsafe(no_mangle)]
pub extern "C" fn identity_hmac_status_is_invalid_secret(status: c_int) -> c_int {
    c_int::from(Status::from_int(status).and_then(Status::code).is_some_and(ErrorCode::is_invalid_secret))
}

/// Reads an encoding name: exactly the `name_len` bytes `text` or `hex`
/// (case, white space and anything after a NUL count). Writes the
/// `identity_hmac_secret_encoding` value to `*out` and returns
/// `IDENTITY_HMAC_OK`, or returns `IDENTITY_HMAC_UNKNOWN_SECRET_ENCODING` and
/// leaves `*out` alone.
///
/// # Safety
/// `name` must point to `name_len` bytes; `out` to a writable `int`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_secret_encoding_from_name(
    name: *const u8,
    name_len: usize,
    out: *mut c_int,
) -> identity_hmac_status {
    guard(|| {
        // SAFETY: the caller's contract.
        let out = unsafe { out.as_mut() }.ok_or(Status::IDENTITY_HMAC_NULL_ARGUMENT)?;
        // SAFETY: the caller's contract.
        let encoding = SecretEncoding::from_name(unsafe { input(name, name_len) }?)?;
        let (c_value, _) =
            ENCODINGS.iter().find(|(_, e)| *e == encoding).ok_or(Status::IDENTITY_HMAC_INTERNAL_ERROR)?;
        *out = *c_value as c_int;
        Ok(())
    })
}

/// The name of an encoding value, `"text"` or `"hex"`, or NULL for a value
/// that is no encoding. A static string; never freed.
#[unsafe(no_mangle)]
pub extern "C" fn identity_hmac_secret_encoding_name(encoding: c_int) -> *const c_char {
    catch_unwind(|| encoding_of(encoding).map_or(ptr::null(), |e| static_c_str(e.as_str()))).unwrap_or(ptr::null())
}

/// Checks a secret without keeping it: returns `IDENTITY_HMAC_OK` or the
/// status `identity_hmac_signer_new()` would return, and fills `*detail`
/// (reason, position, message; never any part of the secret) when `detail`
/// is not NULL.
///
/// # Safety
/// `secret` must point to `secret_len` bytes; `detail`, if not NULL, to a
/// writable `identity_hmac_error_detail`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_secret_check(
    secret: *const u8,
    secret_len: usize,
    encoding: c_int,
    detail: *mut identity_hmac_error_detail,
) -> identity_hmac_status {
    guard_detail(detail, || {
        // SAFETY: the caller's contract.
        unsafe { decode_secret(secret, secret_len, encoding) }.map(drop)
    })
}

/// Creates a signer from `secret_len` bytes at `secret`, decoded by
/// `encoding` (an `identity_hmac_secret_encoding`). On success `*out` holds a
/// new signer that the caller frees with `identity_hmac_signer_free()`; on
/// failure `*out` is set to NULL (when `out` is not NULL). When `detail` is
/// not NULL it receives the status and, for a refused secret, the reason
/// and position.
///
/// # Safety
/// `secret` must point to `secret_len` readable bytes; `out` to a writable
/// pointer; `detail`, if not NULL, to a writable `identity_hmac_error_detail`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_signer_new(
    secret: *const u8,
    secret_len: usize,
    encoding: c_int,
    out: *mut *mut identity_hmac_signer,
    detail: *mut identity_hmac_error_detail,
) -> identity_hmac_status {
    guard_detail(detail, || {
        // SAFETY: the caller's contract.
        let out = unsafe { handle_out(out) }?;
        // SAFETY: the caller's contract.
        let secret = unsafe { decode_secret(secret, secret_len, encoding) }?;
        *out = Box::into_raw(Box::new(identity_hmac_signer(Signer::new(&secret))));
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
    // SAFETY: the caller's contract, which is `signer_hex_into`'s.
    unsafe {
        signer_hex_into(signer, identifier, identifier_len, out, |signer, identifier, hex| {
            signer.sign_hex_into(identifier, hex);
        })
    }
}

/// `identity_hmac_signer_sign_hex()`'s checks and output around `fill`, which
/// writes the 64 hex characters (the floor shares it, so it pays the same).
///
/// # Safety
/// As for `identity_hmac_signer_sign_hex()`.
unsafe fn signer_hex_into(
    signer: *const identity_hmac_signer,
    identifier: *const u8,
    identifier_len: usize,
    out: *mut c_char,
    fill: impl FnOnce(&Signer, &[u8], &mut [u8; IDENTITY_HMAC_HEX_LEN]),
) -> identity_hmac_status {
    guard(|| {
        let signer = signer_ref(signer)?;
        if out.is_null() {
            return Err(Status::IDENTITY_HMAC_NULL_ARGUMENT.into());
        }
        // SAFETY: the caller's contract.
        let identifier = unsafe { input(identifier, identifier_len) }?;
        let mut hex = [0u8; IDENTITY_HMAC_HEX_LEN];
        fill(signer, identifier, &mut hex);
        // SAFETY: out has 65 bytes (contract).
        Ok(unsafe { write_hex(&hex, out) }?)
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
        // SAFETY: out has 32 writable bytes (contract).
        let out = unsafe { output(out, IDENTITY_HMAC_HASH_LEN) }?;
        // SAFETY: the caller's contract.
        let identifier = unsafe { input(identifier, identifier_len) }?;
        out.copy_from_slice(signer.sign(identifier).as_bytes());
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
        Ok(signer.check(identifier, hash)?)
    })
}

/// Signs a packed batch: `count` identifiers stored back to back in the
/// `data_len` bytes at `data`, identifier `i` being
/// `data[ends[i - 1] .. ends[i]]` (the first starts at 0; `ends` never
/// decreases and stays within `data_len`). Writes one hash per identifier to
/// `out`, back to back with no separators and no NUL: 64 hex characters
/// each for `IDENTITY_HMAC_HASH_HEX`, 32 bytes for `IDENTITY_HMAC_HASH_RAW`.
/// `out_size` must be at least `count` times that. Bad offsets, an unknown
/// `format` or a short `out` give `IDENTITY_HMAC_INVALID_ARGUMENT`, and
/// nothing is written.
///
/// # Safety
/// `data` points to `data_len` bytes and `ends` to `count` `size_t`s (NULL
/// allowed when the length is 0); `out` to `out_size` writable bytes.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn identity_hmac_signer_sign_packed(
    signer: *const identity_hmac_signer,
    data: *const u8,
    data_len: usize,
    ends: *const usize,
    count: usize,
    format: c_int,
    out: *mut u8,
    out_size: usize,
) -> identity_hmac_status {
    guard(|| {
        let signer = signer_ref(signer)?;
        let (_, format) = HASH_FORMATS
            .iter()
            .find(|(c_value, _)| *c_value as c_int == format)
            .ok_or(Status::IDENTITY_HMAC_INVALID_ARGUMENT)?;
        let needed = count
            .checked_mul(format.item_len())
            .filter(|&needed| needed <= out_size && needed <= isize::MAX as usize)
            .ok_or(Status::IDENTITY_HMAC_INVALID_ARGUMENT)?;
        if count == 0 {
            return Ok(());
        }
        // SAFETY: the caller's contract.
        let (data, ends) = unsafe { (input(data, data_len)?, input(ends, count)?) };
        // SAFETY: out has out_size >= needed writable bytes (contract, checked above).
        let out = unsafe { output(out, needed) }?;
        signer.sign_packed_into(data, ends, *format, out).map_err(|_| Status::IDENTITY_HMAC_INVALID_ARGUMENT)?;
        Ok(())
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
        if out.is_null() {
            return Err(Status::IDENTITY_HMAC_NULL_ARGUMENT.into());
        }
        // SAFETY: the caller's contract.
        let secret = unsafe { decode_secret(secret, secret_len, encoding) }?;
        // SAFETY: the caller's contract.
        let identifier = unsafe { input(identifier, identifier_len) }?;
        let mut hex = [0u8; IDENTITY_HMAC_HEX_LEN];
        Signer::new(&secret).sign_hex_into(identifier, &mut hex);
        // SAFETY: out has 65 bytes (contract).
        Ok(unsafe { write_hex(&hex, out) }?)
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
        Ok(identity_hmac::verify(&secret, identifier, hash))
    })
}

/// Creates a verifier from `count` secrets (`secrets[i]` of
/// `secret_lens[i]` bytes), newest first, all decoded by `encoding`. Between
/// 1 and `IDENTITY_HMAC_MAX_SECRETS` secrets: any other `count` is refused
/// before either array is read. The secrets are decoded in order and the
/// first refused one ends the call; `detail` (when not NULL) then names it
/// by `secret_index`. On success `*out` holds a new verifier for
/// `identity_hmac_verifier_free()`; on failure NULL.
///
/// # Safety
/// `secrets` and `secret_lens` point to `count` elements; each secret to its
/// length in bytes; `out` to a writable pointer; `detail`, if not NULL, to a
/// writable `identity_hmac_error_detail`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_verifier_new(
    secrets: *const *const u8,
    secret_lens: *const usize,
    count: usize,
    encoding: c_int,
    out: *mut *mut identity_hmac_verifier,
    detail: *mut identity_hmac_error_detail,
) -> identity_hmac_status {
    guard_detail(detail, || {
        // SAFETY: the caller's contract.
        let out = unsafe { handle_out(out) }?;
        Verifier::check_secret_count(count)?;
        let mut builder = VerifierBuilder::new(encoding_of(encoding)?);
        // SAFETY: arrays of `count` (at most 16) elements (contract).
        let (pointers, lengths) = unsafe { (input(secrets, count)?, input(secret_lens, count)?) };
        for (&secret, &len) in pointers.iter().zip(lengths) {
            // SAFETY: each secret points to its length in bytes (contract).
            builder.push(unsafe { input(secret, len) }?)?;
        }
        *out = Box::into_raw(Box::new(identity_hmac_verifier(builder.build()?)));
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
        // SAFETY: out_index, when not NULL, is writable (contract).
        let out_index = unsafe { out_index.as_mut() }.ok_or(Status::IDENTITY_HMAC_NULL_ARGUMENT)?;
        // SAFETY: the caller's contract.
        let (identifier, hash) = unsafe { (input(identifier, identifier_len)?, input(hash, hash_len)?) };
        *out_index = verifier.check(identifier, hash)?;
        Ok(())
    })
}

/// Writes a new secret, 32 bytes from the operating system's CSPRNG, as 64
/// lowercase hex characters and a NUL into `out` (`IDENTITY_HMAC_HEX_SIZE`
/// bytes). Use it with `IDENTITY_HMAC_SECRET_HEX`. Returns
/// `IDENTITY_HMAC_RANDOM_SOURCE_FAILED` when the random source fails.
///
/// # Safety
/// `out` must point to 65 writable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_generate_secret_hex(out: *mut c_char) -> identity_hmac_status {
    guard(|| {
        if out.is_null() {
            return Err(Status::IDENTITY_HMAC_NULL_ARGUMENT.into());
        }
        let hex = Secret::generate_hex()?;
        // SAFETY: out has 65 bytes (contract).
        Ok(unsafe { write_hex(hex.as_bytes(), out) }?)
    })
}

// ---------------------------------------------------------------------------
// Widget presets: identify and identify_script.

/// A widget preset, in the order of the core's `Widget::ALL` (a unit test
/// keeps the two in step). `identity_hmac_widget_name()` gives each one's
/// name; `identity_hmac_widget_from_name()` reads one.
#[repr(C)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum identity_hmac_widget {
    /// `chatwoot`: signs the identifier (text key), `identifier_hash`.
    IDENTITY_HMAC_WIDGET_CHATWOOT = 0,
    /// `pylon`: signs the email (hex key), `email_hash`.
    IDENTITY_HMAC_WIDGET_PYLON = 1,
    /// `intercom`: signs the identifier, else the email (text key), `user_hash`.
    IDENTITY_HMAC_WIDGET_INTERCOM = 2,
    /// `helpscout`: signs the email, `signature`.
    IDENTITY_HMAC_WIDGET_HELPSCOUT = 3,
    /// `front`: signs the email, `userHash`.
    IDENTITY_HMAC_WIDGET_FRONT = 4,
    /// `plain`: signs the email, `emailHash`.
    IDENTITY_HMAC_WIDGET_PLAIN = 5,
    /// `chatbase`: signs the identifier, `user_hash`.
    IDENTITY_HMAC_WIDGET_CHATBASE = 6,
    /// `gleap`: signs the identifier, `userHash`.
    IDENTITY_HMAC_WIDGET_GLEAP = 7,
    /// `intercom-jwt`: an HS256 JWT with `user_id`, in `intercom_user_jwt`.
    IDENTITY_HMAC_WIDGET_INTERCOM_JWT = 8,
    /// `zendesk`: an HS256 JWT with `external_id`, `scope` and the `kid`
    /// header (the options' `key_id`), in `jwt`.
    IDENTITY_HMAC_WIDGET_ZENDESK = 9,
}

use identity_hmac_widget as CWidget;

/// The C value of each core preset, in `Widget::ALL`'s order.
const WIDGETS: [(CWidget, Widget); 10] = [
    (CWidget::IDENTITY_HMAC_WIDGET_CHATWOOT, Widget::Chatwoot),
    (CWidget::IDENTITY_HMAC_WIDGET_PYLON, Widget::Pylon),
    (CWidget::IDENTITY_HMAC_WIDGET_INTERCOM, Widget::Intercom),
    (CWidget::IDENTITY_HMAC_WIDGET_HELPSCOUT, Widget::HelpScout),
    (CWidget::IDENTITY_HMAC_WIDGET_FRONT, Widget::Front),
    (CWidget::IDENTITY_HMAC_WIDGET_PLAIN, Widget::Plain),
    (CWidget::IDENTITY_HMAC_WIDGET_CHATBASE, Widget::Chatbase),
    (CWidget::IDENTITY_HMAC_WIDGET_GLEAP, Widget::Gleap),
    (CWidget::IDENTITY_HMAC_WIDGET_INTERCOM_JWT, Widget::IntercomJwt),
    (CWidget::IDENTITY_HMAC_WIDGET_ZENDESK, Widget::Zendesk),
];

// A preset added to the core fails to compile here until it has a C value.
const _: [(); WIDGETS.len()] = [(); Widget::ALL.len()];

fn widget_of(widget: c_int) -> Result<Widget, Error> {
    WIDGETS.iter().find(|(c_value, _)| *c_value as c_int == widget).map(|&(_, w)| w).ok_or(Error::UnknownWidget)
}

/// A name and a value, both `uint8_t` pointers with lengths (NULL allowed
/// only for a length of 0): a field of the user (names from the core's
/// `User::FIELDS`: `identifier`, `email`, `name`, `avatar_url`,
/// `phone_number`; an integer identifier as its decimal text), a page
/// value (`app_id`, `chatId`, `appId`), or a required claim's name (the
/// value then unused). Values must be UTF-8 (else
/// `IDENTITY_HMAC_INVALID_ARGUMENT`).
#[repr(C)]
pub struct identity_hmac_field {
    /// The name's bytes.
    pub name: *const u8,
    /// The name's length in bytes.
    pub name_len: usize,
    /// The value's bytes.
    pub value: *const u8,
    /// The value's length in bytes.
    pub value_len: usize,
}

/// How a token is signed beyond the secret and the claims (the token presets
/// of `identity_hmac_identify()` and `identity_hmac_sign_token()`). A NULL
/// options pointer means: the system clock, no expiry, no key id.
#[repr(C)]
pub struct identity_hmac_token_options {
    /// The current time, seconds since the Unix epoch, when `has_now` is not 0.
    pub now: i64,
    /// Whether `now` is set (else the system clock is read).
    pub has_now: u8,
    /// Seconds until `exp`, when `has_expires_in` is not 0.
    pub expires_in: u64,
    /// Whether `expires_in` is set (else no `exp` is added).
    pub has_expires_in: u8,
    /// The key id written as the header's `kid` (UTF-8), or NULL for none.
    pub key_id: *const u8,
    /// The key id's length in bytes.
    pub key_id_len: usize,
}

/// A UTF-8 text argument, or `INVALID_ARGUMENT`.
fn utf8(bytes: &[u8]) -> Result<&str, Status> {
    std::str::from_utf8(bytes).map_err(|_| Status::IDENTITY_HMAC_INVALID_ARGUMENT)
}

/// The name and value bytes of a field.
///
/// # Safety
/// As for [`input`], for both of the field's pointers.
unsafe fn field_parts(field: &identity_hmac_field) -> Result<(&[u8], &[u8]), Status> {
    // SAFETY: forwarded from the caller.
    unsafe { Ok((input(field.name, field.name_len)?, input(field.value, field.value_len)?)) }
}

/// # Safety
/// `user` points to `user_len` fields whose pointers follow [`input`].
unsafe fn user_of(user: *const identity_hmac_field, user_len: usize) -> Result<User, Failure> {
    let mut out = User::new();
    // SAFETY: the caller's contract.
    for field in unsafe { input(user, user_len) }? {
        // SAFETY: the caller's contract.
        let (name, value) = unsafe { field_parts(field) }?;
        out.set(name, utf8(value)?)?;
    }
    Ok(out)
}

/// Page values; a name that is not UTF-8 is no name any call takes, so the
/// core refuses it (`UNKNOWN_FIELD`).
///
/// # Safety
/// As for [`user_of`].
unsafe fn page_of(page: *const identity_hmac_field, page_len: usize) -> Result<PageValues, Failure> {
    let mut out = PageValues::new();
    // SAFETY: the caller's contract.
    for field in unsafe { input(page, page_len) }? {
        // SAFETY: the caller's contract.
        let (name, value) = unsafe { field_parts(field) }?;
        out.insert(String::from_utf8_lossy(name), utf8(value)?);
    }
    Ok(out)
}

/// # Safety
/// `options`, when not NULL, points to a readable options struct whose
/// `key_id` follows [`input`].
unsafe fn token_options_of(options: *const identity_hmac_token_options) -> Result<TokenOptions, Status> {
    // SAFETY: the caller's contract.
    let Some(options) = (unsafe { options.as_ref() }) else {
        return Ok(TokenOptions::new());
    };
    let mut out = TokenOptions::new();
    if options.has_now != 0 {
        out = out.with_now(options.now);
    }
    if options.has_expires_in != 0 {
        out = out.with_expires_in(options.expires_in);
    }
    if !options.key_id.is_null() {
        // SAFETY: the caller's contract.
        out = out.with_key_id(utf8(unsafe { input(options.key_id, options.key_id_len) }?)?);
    }
    Ok(out)
}

/// A caller's text buffer: `capacity` bytes at `out` and the length slot.
struct TextOut {
    out: *mut c_char,
    capacity: usize,
    len: *mut usize,
}

impl TextOut {
    /// Checks `out_len` and clears the outputs, before any work is done.
    ///
    /// # Safety
    /// `len`, when not NULL, is writable; `out`, when not NULL, holds
    /// `capacity` writable bytes.
    unsafe fn new(out: *mut c_char, capacity: usize, len: *mut usize) -> Result<Self, Status> {
        // SAFETY: the caller's contract.
        let slot = unsafe { len.as_mut() }.ok_or(Status::IDENTITY_HMAC_NULL_ARGUMENT)?;
        *slot = 0;
        if capacity > 0 {
            if out.is_null() {
                return Err(Status::IDENTITY_HMAC_NULL_ARGUMENT);
            }
            // SAFETY: capacity > 0 writable bytes (contract).
            unsafe { out.write(0) };
        }
        Ok(TextOut { out, capacity, len })
    }

    /// Writes `text` and a NUL, or says `BUFFER_TOO_SMALL` with the length.
    fn write(self, text: &str) -> Result<(), Status> {
        // SAFETY: checked writable in `new`.
        unsafe { self.len.write(text.len()) };
        if text.len() >= self.capacity {
            return Err(Status::IDENTITY_HMAC_BUFFER_TOO_SMALL);
        }
        // SAFETY: out holds capacity > text.len() bytes (checked in `new`).
        let out = unsafe { output(self.out.cast::<u8>(), text.len() + 1) }?;
        out[..text.len()].copy_from_slice(text.as_bytes());
        out[text.len()] = 0;
        Ok(())
    }
}

/// The number of widget presets (`IDENTITY_HMAC_WIDGET_ZENDESK + 1`); the
/// `identity_hmac_widget` values are 0 to this minus 1.
#[unsafe(no_mangle)]
pub extern "C" fn identity_hmac_widget_count() -> usize {
    WIDGETS.len()
}

/// The core's name of a preset (`"chatwoot"`, ..., `"intercom-jwt"`,
/// `"zendesk"`), or NULL for a value that is no preset. A static string;
/// never freed.
#[unsafe(no_mangle)]
pub extern "C" fn identity_hmac_widget_name(widget: c_int) -> *const c_char {
    catch_unwind(|| widget_of(widget).map_or(ptr::null(), |w| static_c_str(w.as_str()))).unwrap_or(ptr::null())
}

/// Reads a preset name: exactly the `name_len` bytes of one of the names
/// `identity_hmac_widget_name()` gives (case, white space and anything after
/// a NUL count). Writes the `identity_hmac_widget` value to `*out_widget` and
/// returns `IDENTITY_HMAC_OK`, or returns `IDENTITY_HMAC_UNKNOWN_WIDGET` and
/// leaves `*out_widget` alone.
///
/// # Safety
/// `name` must point to `name_len` bytes; `out_widget` to a writable `int`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_widget_from_name(
    name: *const u8,
    name_len: usize,
    out_widget: *mut c_int,
) -> identity_hmac_status {
    guard(|| {
        // SAFETY: the caller's contract.
        let out = unsafe { out_widget.as_mut() }.ok_or(Status::IDENTITY_HMAC_NULL_ARGUMENT)?;
        // SAFETY: the caller's contract.
        let widget = Widget::from_name(unsafe { input(name, name_len) }?)?;
        let (c_value, _) = WIDGETS.iter().find(|(_, w)| *w == widget).ok_or(Status::IDENTITY_HMAC_INTERNAL_ERROR)?;
        *out = *c_value as c_int;
        Ok(())
    })
}

/// The core's identity of a preset, from C arguments.
///
/// # Safety
/// As for `identity_hmac_identify()`.
unsafe fn identity_of(
    widget: c_int,
    secret: *const u8,
    secret_len: usize,
    encoding: c_int,
    user: *const identity_hmac_field,
    user_len: usize,
    options: *const identity_hmac_token_options,
) -> Result<identity_hmac::Identity, Failure> {
    let widget = widget_of(widget)?;
    let explicit = match encoding {
        e if e == identity_hmac_secret_encoding::IDENTITY_HMAC_SECRET_PRESET as c_int => None,
        e => Some(encoding_of(e)?),
    };
    // SAFETY: the caller's contract.
    let secret = widget.decode_secret(unsafe { input(secret, secret_len) }?, explicit)?;
    // SAFETY: the caller's contract.
    let user = unsafe { user_of(user, user_len) }?;
    // SAFETY: the caller's contract.
    let options = unsafe { token_options_of(options) }?;
    Ok(identify_with(widget, &secret, &user, &options)?)
}

/// The fields `widget`'s identify call needs, the hash (or a token preset's
/// token) included, as one compact JSON object in the call's order (the
/// core's `Identity::to_json()`), for example
/// `{"identifier":"42","email":"a@example.com","identifier_hash":"…"}`.
///
/// `encoding` is an `identity_hmac_secret_encoding`, usually
/// `IDENTITY_HMAC_SECRET_PRESET` (the preset's own). `user` holds `user_len`
/// fields (see `identity_hmac_field`); `options` (NULL = defaults) is used
/// by the token presets only.
///
/// Output: on `IDENTITY_HMAC_OK` the text and a NUL are in `out` and
/// `*out_len` is the text's length without the NUL. When `out_capacity`
/// cannot hold both (`out` may be NULL with a capacity of 0), it returns
/// `IDENTITY_HMAC_BUFFER_TOO_SMALL` with the length needed, without the
/// NUL, in `*out_len`: call again with a buffer of `*out_len + 1` bytes (a
/// token preset without `now` reads the clock again). On any other failure
/// `*out_len` is 0 and `out` (if it has room) holds an empty string.
///
/// # Safety
/// Each pointer points to its length (NULL allowed when it is 0); `out` to
/// `out_capacity` writable bytes; `out_len` to a writable `size_t`;
/// `options` and `detail`, when not NULL, to their structs.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn identity_hmac_identify(
    widget: c_int,
    secret: *const u8,
    secret_len: usize,
    encoding: c_int,
    user: *const identity_hmac_field,
    user_len: usize,
    options: *const identity_hmac_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
    detail: *mut identity_hmac_error_detail,
) -> identity_hmac_status {
    guard_detail(detail, || {
        // SAFETY: the caller's contract.
        let text_out = unsafe { TextOut::new(out, out_capacity, out_len) }?;
        // SAFETY: the caller's contract.
        let identity = unsafe { identity_of(widget, secret, secret_len, encoding, user, user_len, options) }?;
        Ok(text_out.write(&identity.to_json())?)
    })
}

/// The widget's identify call as JavaScript source, safe inside a
/// `<script>` element (every value JSON-encoded with `<`, `>`, `&`, `'`,
/// U+2028 and U+2029 escaped); with a CSP `nonce` (NULL = none), the whole
/// `<script nonce="…">…</script>` element. `page` holds the values the call
/// needs that the core cannot know (`app_id` for Pylon and Intercom, `chatId`
/// for Front, `appId` for Plain). The other arguments and the output are as
/// for `identity_hmac_identify()`. Errors: `MISSING_FIELD` (with
/// `detail->field`), `UNKNOWN_FIELD`, `INVALID_NONCE`, and those of
/// `identity_hmac_identify()`.
///
/// # Safety
/// As for `identity_hmac_identify()`; `page` points to `page_len` fields,
/// `nonce` to `nonce_len` bytes.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn identity_hmac_identify_script(
    widget: c_int,
    secret: *const u8,
    secret_len: usize,
    encoding: c_int,
    user: *const identity_hmac_field,
    user_len: usize,
    page: *const identity_hmac_field,
    page_len: usize,
    nonce: *const u8,
    nonce_len: usize,
    options: *const identity_hmac_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
    detail: *mut identity_hmac_error_detail,
) -> identity_hmac_status {
    guard_detail(detail, || {
        // SAFETY: the caller's contract.
        let text_out = unsafe { TextOut::new(out, out_capacity, out_len) }?;
        // SAFETY: the caller's contract.
        let identity = unsafe { identity_of(widget, secret, secret_len, encoding, user, user_len, options) }?;
        // SAFETY: the caller's contract.
        let page = unsafe { page_of(page, page_len) }?;
        // A nonce that is not UTF-8 is not base64 either: the core refuses it.
        let nonce = match nonce.is_null() {
            true => None,
            // SAFETY: the caller's contract.
            false => Some(String::from_utf8_lossy(unsafe { input(nonce, nonce_len) }?)),
        };
        Ok(text_out.write(&identity.script(&page, nonce.as_deref())?)?)
    })
}

// ---------------------------------------------------------------------------
// Tokens: sign_token and the token verifier.

/// Fills `detail` (when not NULL) with the core's `INVALID_CLAIMS` for claims
/// the host's JSON encoder refused (a NaN, a cycle, ...) and returns
/// `IDENTITY_HMAC_INVALID_CLAIMS`, so that hosts which encode claims
/// themselves (Go, PHP) report the same message as every other binding.
///
/// # Safety
/// `detail` is NULL or points to a writable `identity_hmac_error_detail`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_claims_not_encodable(
    detail: *mut identity_hmac_error_detail,
) -> identity_hmac_status {
    guard_detail(detail, || Err(Error::claims_not_encodable().into()))
}

/// Signs an HS256 JWT of the claims given as JSON text (`claims_len` bytes,
/// one JSON object): the header `{"alg":"HS256","typ":"JWT"}` with `kid`
/// for `options->key_id`, the claims with `iat` added (and `exp` for
/// `options->expires_in`). `encoding` is `IDENTITY_HMAC_SECRET_TEXT` or
/// `IDENTITY_HMAC_SECRET_HEX`. Refused claims give
/// `IDENTITY_HMAC_INVALID_CLAIMS` (`detail->claim` names the claim when
/// there is one). Output as for `identity_hmac_identify()`.
///
/// # Safety
/// As for `identity_hmac_identify()`; `claims_json` points to `claims_len` bytes.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn identity_hmac_sign_token(
    secret: *const u8,
    secret_len: usize,
    encoding: c_int,
    claims_json: *const u8,
    claims_len: usize,
    options: *const identity_hmac_token_options,
    out: *mut c_char,
    out_capacity: usize,
    out_len: *mut usize,
    detail: *mut identity_hmac_error_detail,
) -> identity_hmac_status {
    guard_detail(detail, || {
        // SAFETY: the caller's contract.
        let text_out = unsafe { TextOut::new(out, out_capacity, out_len) }?;
        // SAFETY: the caller's contract.
        let secret = unsafe { decode_secret(secret, secret_len, encoding) }?;
        // SAFETY: the caller's contract.
        let claims = unsafe { input(claims_json, claims_len) }?;
        // SAFETY: the caller's contract.
        let options = unsafe { token_options_of(options) }?;
        let token = identity_hmac::sign_token(&secret, claims, &options)?;
        Ok(text_out.write(&token)?)
    })
}

/// What a token verifier checks beyond the signature. A NULL options
/// pointer means: a leeway of 60 s, no maximum lifetime, no required claim.
#[repr(C)]
pub struct identity_hmac_token_verifier_options {
    /// Clock leeway in seconds for `exp`, `nbf` and `iat` (the default is 60).
    pub leeway: u64,
    /// The longest `exp - iat` accepted, when `has_max_lifetime` is not 0
    /// (a token then needs both claims).
    pub max_lifetime: u64,
    /// Whether `max_lifetime` is set.
    pub has_max_lifetime: u8,
    /// The claims every token must have: each field's `name` (UTF-8); the
    /// values are not read.
    pub required_claims: *const identity_hmac_field,
    /// The number of required claims.
    pub required_claims_len: usize,
}

/// A token verifier: 1 to 16 HS256 keys, each optionally with a key id, and
/// the rules of `identity_hmac_token_verifier_options`.
///
/// Create it with `identity_hmac_token_verifier_new()` and release it with
/// `identity_hmac_token_verifier_free()`. It may be shared between threads.
pub struct identity_hmac_token_verifier(TokenVerifier);

/// Creates a token verifier from `count` keys, newest first: `secrets[i]`
/// of `secret_lens[i]` bytes, decoded by `encoding`, with the key id
/// `key_ids[i]` of `key_id_lens[i]` bytes (UTF-8). `key_ids` NULL (or a
/// NULL entry) means keys without a key id; `key_id_lens` is then not read
/// (for that entry). Between 1 and `IDENTITY_HMAC_MAX_SECRETS` keys: any
/// other `count` is refused before an array is read. `detail->secret_index`
/// names a refused secret. On success `*out` holds a new verifier for
/// `identity_hmac_token_verifier_free()`; on failure NULL.
///
/// # Safety
/// `secrets` and `secret_lens` point to `count` elements, as do `key_ids`
/// and `key_id_lens` when `key_ids` is not NULL; each entry to its length in
/// bytes; `options`, when not NULL, to its struct; `out` to a writable
/// pointer; `detail`, if not NULL, to a writable `identity_hmac_error_detail`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn identity_hmac_token_verifier_new(
    secrets: *const *const u8,
    secret_lens: *const usize,
    key_ids: *const *const u8,
    key_id_lens: *const usize,
    count: usize,
    encoding: c_int,
    options: *const identity_hmac_token_verifier_options,
    out: *mut *mut identity_hmac_token_verifier,
    detail: *mut identity_hmac_error_detail,
) -> identity_hmac_status {
    guard_detail(detail, || {
        // SAFETY: the caller's contract.
        let out = unsafe { handle_out(out) }?;
        Verifier::check_secret_count(count)?;
        let mut builder = TokenVerifierBuilder::new(encoding_of(encoding)?);
        // SAFETY: arrays of `count` (at most 16) elements (contract).
        let (pointers, lengths) = unsafe { (input(secrets, count)?, input(secret_lens, count)?) };
        let ids = match key_ids.is_null() {
            true => None,
            // SAFETY: arrays of `count` elements when key_ids is not NULL (contract).
            false => Some(unsafe { (input(key_ids, count)?, input(key_id_lens, count)?) }),
        };
        for (index, (&secret, &len)) in pointers.iter().zip(lengths).enumerate() {
            let key_id = match ids {
                Some((ids, id_lens)) if !ids[index].is_null() => {
                    // SAFETY: each key id points to its length in bytes (contract).
                    Some(utf8(unsafe { input(ids[index], id_lens[index]) }?)?)
                }
                _ => None,
            };
            // SAFETY: each secret points to its length in bytes (contract).
            builder.push(key_id, unsafe { input(secret, len) }?)?;
        }
        // SAFETY: the caller's contract.
        if let Some(options) = unsafe { options.as_ref() } {
            let mut names = Vec::new();
            // SAFETY: the caller's contract.
            for field in unsafe { input(options.required_claims, options.required_claims_len) }? {
                // SAFETY: the caller's contract (the value is not read).
                names.push(utf8(unsafe { input(field.name, field.name_len) }?)?.to_owned());
            }
            builder = builder
                .with_leeway(options.leeway)
                .with_max_lifetime((options.has_max_lifetime != 0).then_some(options.max_lifetime))
                .with_required_claims(names);
        }
        *out = Box::into_raw(Box::new(identity_hmac_token_verifier(builder.build()?)));
        Ok(())
    })
}

/// Frees a token verifier and wipes its key states. NULL is allowed and ignored.
///
/// # Safety
/// `verifier` must come from `identity_hmac_token_verifier_new()` and not be
/// used (or freed) again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_token_verifier_free(verifier: *mut identity_hmac_token_verifier) {
    // SAFETY: the pointer came from identity_hmac_token_verifier_new (contract).
    unsafe { free_handle(verifier) }
}

/// The claims as compact JSON text (serde_json's, through the core's types).
fn claims_json(claims: Claims) -> String {
    // `Claims` is serde_json's map, and its `Value` (whose Display is the
    // compact JSON text) is reached through the map's own `insert`.
    let mut holder = Claims::new();
    holder.insert(String::new(), claims.into());
    holder.remove("").map(|value| value.to_string()).unwrap_or_default()
}

/// Verifies `token` (`token_len` bytes) at `*now` (seconds since the Unix
/// epoch; NULL reads the system clock) and writes its claims as compact
/// JSON text, output as for `identity_hmac_identify()`. Refusals:
/// `MALFORMED_TOKEN`, `UNSUPPORTED_ALGORITHM` (any `alg` but `HS256`, before
/// a key is used), `UNKNOWN_KEY_ID`, `BAD_SIGNATURE`, `TOKEN_EXPIRED`,
/// `TOKEN_NOT_YET_VALID`, `LIFETIME_TOO_LONG`, `MISSING_CLAIM` and
/// `INVALID_CLAIMS` (with `detail->claim`).
///
/// # Safety
/// `verifier` from `identity_hmac_token_verifier_new()`; `token` points to
/// `token_len` bytes; `now`, when not NULL, to an `int64_t`; `claims_out`
/// to `capacity` writable bytes; `claims_len` to a writable `size_t`;
/// `detail`, when not NULL, to its struct.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn identity_hmac_token_verifier_verify(
    verifier: *const identity_hmac_token_verifier,
    token: *const u8,
    token_len: usize,
    now: *const i64,
    claims_out: *mut c_char,
    capacity: usize,
    claims_len: *mut usize,
    detail: *mut identity_hmac_error_detail,
) -> identity_hmac_status {
    guard_detail(detail, || {
        // SAFETY: the caller's contract.
        let text_out = unsafe { TextOut::new(claims_out, capacity, claims_len) }?;
        // SAFETY: a non-NULL verifier comes from identity_hmac_token_verifier_new (contract).
        let verifier = unsafe { verifier.as_ref() }.map(|v| &v.0).ok_or(Status::IDENTITY_HMAC_NULL_ARGUMENT)?;
        // SAFETY: the caller's contract.
        let token = unsafe { input(token, token_len) }?;
        // SAFETY: the caller's contract.
        let claims = match unsafe { now.as_ref() } {
            Some(&now) => verifier.verify_at(token, now)?,
            None => verifier.verify(token)?,
        };
        Ok(text_out.write(&claims_json(claims))?)
    })
}

/// Benchmark floor: sign without the HMAC; not API.
///
/// Checks its arguments as `identity_hmac_signer_sign_hex()` does, then
/// writes 64 `'0'` characters and a NUL into `out` without hashing, so a
/// benchmark can time the call itself. May change or go in any release.
///
/// # Safety
/// As for `identity_hmac_signer_sign_hex()`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn identity_hmac_bench_floor(
    signer: *const identity_hmac_signer,
    identifier: *const u8,
    identifier_len: usize,
    out: *mut c_char,
) -> identity_hmac_status {
    // SAFETY: the caller's contract, which is `signer_hex_into`'s.
    unsafe {
        signer_hex_into(signer, identifier, identifier_len, out, |signer, identifier, hex| {
            // Kept alive so the compiler cannot drop the work the floor stands for.
            std::hint::black_box((signer, identifier));
            hex.fill(b'0');
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(status: Status) -> String {
        // SAFETY: identity_hmac_status_code returns a static NUL-terminated string.
        unsafe { CStr::from_ptr(identity_hmac_status_code(status as c_int)) }.to_string_lossy().into_owned()
    }

    #[test]
    fn every_core_code_has_its_own_status() {
        let mut seen = Vec::new();
        for &code in ErrorCode::ALL {
            let status = Status::of_code(code);
            assert_ne!(status, Status::IDENTITY_HMAC_INTERNAL_ERROR, "{code} has no status");
            assert!(!seen.contains(&status), "{code} shares {status:?}");
            seen.push(status);
            assert_eq!(code_of(status), code.as_str());
            assert_eq!(status.code(), Some(code));
            assert_eq!(Status::from_int(status as c_int), Some(status));
        }
    }

    #[test]
    fn statuses_are_zero_then_each_negative_number_once() {
        let values: Vec<c_int> = Status::ALL.iter().map(|&s| s as c_int).collect();
        let expected: Vec<c_int> = (0..Status::ALL.len() as c_int).map(|n| -n).collect();
        assert_eq!(values, expected);
        assert_eq!(code_of(Status::IDENTITY_HMAC_BUFFER_TOO_SMALL), "BUFFER_TOO_SMALL");
    }

    #[test]
    fn widget_values_follow_the_core_order() {
        let core: Vec<Widget> = WIDGETS.iter().map(|&(_, w)| w).collect();
        assert_eq!(core, Widget::ALL);
        for (index, &(c_value, widget)) in WIDGETS.iter().enumerate() {
            assert_eq!(c_value as usize, index);
            assert_eq!(widget_of(index as c_int), Ok(widget));
            // SAFETY: a static NUL-terminated string.
            let name = unsafe { CStr::from_ptr(identity_hmac_widget_name(index as c_int)) };
            assert_eq!(name.to_str(), Ok(widget.as_str()));
        }
        assert_eq!(identity_hmac_widget_count(), Widget::ALL.len());
        assert!(identity_hmac_widget_name(Widget::ALL.len() as c_int).is_null());
        assert!(identity_hmac_widget_name(-1).is_null());
    }

    #[test]
    fn claims_come_back_as_compact_json() {
        let mut claims = Claims::new();
        claims.insert("user_id".to_owned(), "4\"2".into());
        claims.insert("n".to_owned(), 7.into());
        assert_eq!(claims_json(claims), r#"{"n":7,"user_id":"4\"2"}"#);
    }
}
