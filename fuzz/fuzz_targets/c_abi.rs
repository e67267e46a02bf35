#![no_main]
//! The C ABI (bindings-c) called as C would: arbitrary lengths over valid
//! buffers, NULL pointers with zero and nonzero lengths, any encoding and
//! status value. Every call returns a status that agrees with the core, writes
//! only inside its buffers, and never unwinds.

// bindings-c builds only a cdylib and a staticlib, which a Rust crate cannot
// link; its source is compiled in here instead, so the fuzzer instruments and
// calls exactly those `extern "C"` functions.

use std::ffi::{CStr, c_int};
use std::mem::MaybeUninit;
use std::ptr;

use identity_hmac::{Error, HashFormat, Secret, SecretEncoding, Signer, Verifier, VerifyError};
use libfuzzer_sys::fuzz_target;

#[path = "split.rs"]
#[allow(dead_code)]
mod split;

#[path = "../../bindings-c/src/lib.rs"]
mod c_abi;

use c_abi::identity_hmac_status as Status;
use c_abi::*;

const HEX_SIZE: usize = IDENTITY_HMAC_HEX_SIZE;
const TEXT: c_int = identity_hmac_secret_encoding::IDENTITY_HMAC_SECRET_TEXT as c_int;
const HEX: c_int = identity_hmac_secret_encoding::IDENTITY_HMAC_SECRET_HEX as c_int;
/// Written around output buffers to catch writes past their end.
const GUARD: u8 = 0xA5;

/// An encoding argument: text, hex, or a value that is neither.
fn encoding_arg(selector: u8) -> c_int {
    match selector % 5 {
        0 | 1 => TEXT,
        2 | 3 => HEX,
        _ => [2, -1, c_int::MAX, c_int::MIN][usize::from(selector / 5 % 4)],
    }
}

fn core_encoding(encoding: c_int) -> Option<SecretEncoding> {
    match encoding {
        TEXT => Some(SecretEncoding::Text),
        HEX => Some(SecretEncoding::Hex),
        _ => None,
    }
}

fn code(status: c_int) -> &'static str {
    // SAFETY: status_code returns a static NUL-terminated string.
    let code = unsafe { CStr::from_ptr(identity_hmac_status_code(status)) };
    code.to_str().expect("ASCII code")
}

/// A length over `buffer`: within it, chosen by the input.
fn sub_len(selector: u8, buffer: &[u8]) -> usize {
    usize::from(selector).min(buffer.len())
}

/// The status the core gives for this secret (what every entry point must report).
fn expected_secret_code(secret: &[u8], encoding: c_int) -> Result<Secret, &'static str> {
    let Some(encoding) = core_encoding(encoding) else { return Err("UNKNOWN_SECRET_ENCODING") };
    Secret::decode_bytes(secret, encoding).map_err(|e| e.code())
}

/// Calls `fill` with a detail struct full of junk and returns what it wrote.
fn with_detail(fill: impl FnOnce(*mut identity_hmac_error_detail) -> Status) -> (Status, identity_hmac_error_detail) {
    let mut detail = MaybeUninit::<identity_hmac_error_detail>::uninit();
    // SAFETY: any bytes; the callee must overwrite every field.
    unsafe { ptr::write_bytes(detail.as_mut_ptr(), 0x5a, 1) };
    let status = fill(detail.as_mut_ptr());
    // SAFETY: the callee wrote a whole detail (or left the junk, caught below).
    (status, unsafe { detail.assume_init() })
}

/// The detail agrees with the core's error: status, position, index, reason
/// and the message (the core's text, cut to fit).
fn assert_detail(status: Status, detail: &identity_hmac_error_detail, core: Option<&Error>) {
    assert_eq!(detail.status, status);
    let message = CStr::from_bytes_until_nul(bytes_of(&detail.message)).expect("NUL-terminated message");
    let message = message.to_str().expect("UTF-8 message");
    let reason = (!detail.reason.is_null())
        // SAFETY: a non-NULL reason is a static NUL-terminated string.
        .then(|| unsafe { CStr::from_ptr(detail.reason) }.to_str().expect("UTF-8 reason"));
    match core {
        Some(error) => {
            assert_eq!(detail.position, error.position().unwrap_or(usize::MAX));
            assert_eq!(detail.secret_index, error.secret_index().unwrap_or(usize::MAX));
            assert_eq!(reason, error.reason());
            let full = error.to_string();
            assert!(full.starts_with(message) && message.len() == full.len().min(255), "{message:?} vs {full:?}");
            split::assert_fixed_wording(message);
        }
        None => {
            assert_eq!((detail.position, detail.secret_index, reason), (usize::MAX, usize::MAX, None));
            if status == Status::IDENTITY_HMAC_OK {
                assert!(message.is_empty(), "{message:?}");
            } else {
                // SAFETY: a static NUL-terminated string.
                let summary = unsafe { CStr::from_ptr(identity_hmac_status_message(status as c_int)) };
                assert_eq!(message.as_bytes(), summary.to_bytes());
            }
        }
    }
}

fn bytes_of(chars: &[std::ffi::c_char]) -> &[u8] {
    // SAFETY: c_char and u8 have the same size and alignment.
    unsafe { std::slice::from_raw_parts(chars.as_ptr().cast(), chars.len()) }
}

fn hex_out(out: &[u8; HEX_SIZE + 1]) -> &str {
    assert_eq!(out[64], 0, "hex output is NUL-terminated");
    assert_eq!(out[65], GUARD, "wrote past the 65-byte buffer");
    std::str::from_utf8(&out[..64]).expect("ASCII hex")
}

/// `identity_hmac_secret_check`, with a detail and with NULL.
fn check_secret(secret: &[u8], encoding: c_int, expected: &Result<Secret, &'static str>) {
    // SAFETY: valid buffers; `detail` points to a writable struct.
    let (status, detail) =
        with_detail(|detail| unsafe { identity_hmac_secret_check(secret.as_ptr(), secret.len(), encoding, detail) });
    match expected {
        Ok(_) => assert_eq!(status, Status::IDENTITY_HMAC_OK),
        Err(expected_code) => assert_eq!(code(status as c_int), *expected_code),
    }
    let core_error = core_encoding(encoding).and_then(|e| Secret::decode_bytes(secret, e).err());
    assert_detail(status, &detail, core_error.as_ref());
    // SAFETY: NULL detail is allowed.
    let again = unsafe { identity_hmac_secret_check(secret.as_ptr(), secret.len(), encoding, ptr::null_mut()) };
    assert_eq!(again, status);
}

fn signer_calls(signer: *const identity_hmac_signer, core: &Signer, identifier: &[u8], presented: &[u8]) {
    let mut out = [GUARD; HEX_SIZE + 1];
    // SAFETY: valid buffers; `out` holds 65 bytes.
    let status = unsafe {
        identity_hmac_signer_sign_hex(signer, identifier.as_ptr(), identifier.len(), out.as_mut_ptr().cast())
    };
    assert_eq!(status, Status::IDENTITY_HMAC_OK);
    let expected = core.sign_hex(identifier);
    assert_eq!(hex_out(&out), expected);

    let mut raw = [GUARD; 33];
    // SAFETY: 32 writable bytes at `raw`.
    let status = unsafe { identity_hmac_signer_sign(signer, identifier.as_ptr(), identifier.len(), raw.as_mut_ptr()) };
    assert_eq!(status, Status::IDENTITY_HMAC_OK);
    assert_eq!(&raw[..32], core.sign(identifier).as_bytes());
    assert_eq!(raw[32], GUARD);

    // SAFETY: valid buffers.
    let verified = unsafe {
        identity_hmac_signer_verify_hex(
            signer,
            identifier.as_ptr(),
            identifier.len(),
            presented.as_ptr(),
            presented.len(),
        )
    };
    assert_eq!(verified, c_int::from(core.verify(identifier, presented)));
    // SAFETY: valid buffers.
    let right = unsafe {
        identity_hmac_signer_verify_hex(signer, identifier.as_ptr(), identifier.len(), expected.as_ptr(), 64)
    };
    assert_eq!(right, 1);

    // SAFETY: valid buffers.
    let checked = unsafe {
        identity_hmac_signer_check_hex(
            signer,
            identifier.as_ptr(),
            identifier.len(),
            presented.as_ptr(),
            presented.len(),
        )
    };
    let core_code = match core.check(identifier, presented) {
        Ok(()) => "OK",
        Err(VerifyError::Mismatch) => "MISMATCH",
        Err(error) => error.code(),
    };
    assert_eq!(code(checked as c_int), core_code);

    // NULL with a zero length is the empty input; with a nonzero length, an error.
    let mut empty_out = [GUARD; HEX_SIZE + 1];
    // SAFETY: NULL with length 0 is allowed; `empty_out` holds 65 bytes.
    let status = unsafe { identity_hmac_signer_sign_hex(signer, ptr::null(), 0, empty_out.as_mut_ptr().cast()) };
    assert_eq!(status, Status::IDENTITY_HMAC_OK);
    assert_eq!(hex_out(&empty_out), core.sign_hex(b""));
    let nonzero = identifier.len().max(1);
    // SAFETY: the function must refuse NULL with a nonzero length before reading.
    unsafe {
        assert_eq!(
            identity_hmac_signer_sign_hex(signer, ptr::null(), nonzero, out.as_mut_ptr().cast()),
            Status::IDENTITY_HMAC_NULL_ARGUMENT
        );
        assert_eq!(
            identity_hmac_signer_sign(signer, ptr::null(), nonzero, raw.as_mut_ptr()),
            Status::IDENTITY_HMAC_NULL_ARGUMENT
        );
        assert_eq!(
            identity_hmac_signer_sign_hex(signer, identifier.as_ptr(), identifier.len(), ptr::null_mut()),
            Status::IDENTITY_HMAC_NULL_ARGUMENT
        );
        assert_eq!(
            identity_hmac_signer_sign(signer, identifier.as_ptr(), identifier.len(), ptr::null_mut()),
            Status::IDENTITY_HMAC_NULL_ARGUMENT
        );
        assert_eq!(identity_hmac_signer_verify_hex(signer, identifier.as_ptr(), identifier.len(), ptr::null(), 0), 0);
        assert_eq!(
            identity_hmac_signer_verify_hex(signer, identifier.as_ptr(), identifier.len(), ptr::null(), nonzero),
            Status::IDENTITY_HMAC_NULL_ARGUMENT as c_int
        );
        assert_eq!(
            identity_hmac_signer_check_hex(signer, ptr::null(), nonzero, expected.as_ptr(), 64),
            Status::IDENTITY_HMAC_NULL_ARGUMENT
        );
        assert_eq!(
            identity_hmac_signer_check_hex(signer, ptr::null(), 0, ptr::null(), 0),
            Status::IDENTITY_HMAC_MALFORMED_HASH
        );
    }
}

fn verifier_calls(secrets: &[&[u8]], encoding: c_int, identifier: &[u8], presented: &[u8]) {
    let pointers: Vec<*const u8> = secrets.iter().map(|s| s.as_ptr()).collect();
    let lengths: Vec<usize> = secrets.iter().map(|s| s.len()).collect();
    let mut verifier: *mut identity_hmac_verifier = ptr::dangling_mut();
    // SAFETY: arrays of `secrets.len()` elements, each pointing to its length.
    let (status, detail) = with_detail(|detail| unsafe {
        identity_hmac_verifier_new(pointers.as_ptr(), lengths.as_ptr(), secrets.len(), encoding, &mut verifier, detail)
    });
    // The count first, before any array is read; then the encoding; then each secret in order.
    let core = Verifier::check_secret_count(secrets.len())
        .and_then(|()| core_encoding(encoding).ok_or(Error::UnknownSecretEncoding))
        .and_then(|e| Verifier::decode(secrets, e));
    let core = match core {
        Err(expected) => {
            assert_eq!(code(status as c_int), expected.code());
            assert_detail(status, &detail, Some(&expected));
            assert!(verifier.is_null(), "*out is NULL on failure");
            return;
        }
        Ok(core) => core,
    };
    assert_detail(status, &detail, None);
    assert_eq!(status, Status::IDENTITY_HMAC_OK);
    assert!(!verifier.is_null());
    // SAFETY: a live verifier and valid buffers.
    unsafe {
        let verified = identity_hmac_verifier_verify_hex(
            verifier,
            identifier.as_ptr(),
            identifier.len(),
            presented.as_ptr(),
            presented.len(),
        );
        assert_eq!(verified, c_int::from(core.verify(identifier, presented)));
        let mut index = usize::MAX;
        let found = identity_hmac_verifier_matching_key(
            verifier,
            identifier.as_ptr(),
            identifier.len(),
            presented.as_ptr(),
            presented.len(),
            &mut index,
        );
        match core.check(identifier, presented) {
            Ok(i) => assert_eq!((found, index), (Status::IDENTITY_HMAC_OK, i)),
            Err(VerifyError::Mismatch) => assert_eq!(found, Status::IDENTITY_HMAC_MISMATCH),
            Err(error) => assert_eq!(code(found as c_int), error.code()),
        }
        assert_eq!(
            identity_hmac_verifier_matching_key(
                verifier,
                identifier.as_ptr(),
                identifier.len(),
                presented.as_ptr(),
                presented.len(),
                ptr::null_mut()
            ),
            Status::IDENTITY_HMAC_NULL_ARGUMENT
        );
        assert_eq!(
            identity_hmac_verifier_verify_hex(
                verifier,
                ptr::null(),
                identifier.len().max(1),
                presented.as_ptr(),
                presented.len()
            ),
            Status::IDENTITY_HMAC_NULL_ARGUMENT as c_int
        );
        identity_hmac_verifier_free(verifier);
    }
}

/// `identity_hmac_signer_sign_packed` over offsets made from fuzzed bytes
/// (in order or not, within the data or past it), against the core.
fn packed_calls(signer: *const identity_hmac_signer, core: &Signer, data: &[u8], selector: u8) {
    let ends: Vec<usize> =
        data.iter().take(usize::from(selector % 24)).map(|&b| usize::from(b) % (data.len() + 3)).collect();
    let format = c_int::from(selector / 24 % 3); // hex, raw, or no format
    let item_len = match format {
        0 => HashFormat::Hex.item_len(),
        1 => HashFormat::Raw.item_len(),
        _ => 1,
    };
    let needed = ends.len() * item_len;
    // Sometimes one byte short.
    let out_size = if selector % 7 == 0 { needed.saturating_sub(1) } else { needed };
    let mut out = vec![GUARD; needed + 1];
    // SAFETY: `data` and `ends` point to their lengths; `out` holds out_size + 1 or more bytes.
    let status = unsafe {
        identity_hmac_signer_sign_packed(
            signer,
            data.as_ptr(),
            data.len(),
            ends.as_ptr(),
            ends.len(),
            format,
            out.as_mut_ptr(),
            out_size,
        )
    };
    assert_eq!(out[needed], GUARD, "wrote past the hashes");
    let core_format = match format {
        0 => Some(HashFormat::Hex),
        1 => Some(HashFormat::Raw),
        _ => None,
    };
    let mut expected = vec![0u8; needed];
    let core_result = match core_format {
        Some(f) if out_size >= needed => core.sign_packed_into(data, &ends, f, &mut expected).map_err(drop),
        _ => Err(()),
    };
    match core_result {
        Ok(()) => {
            assert_eq!(status, Status::IDENTITY_HMAC_OK);
            assert_eq!(&out[..needed], &expected[..]);
        }
        Err(()) => {
            assert_eq!(status, Status::IDENTITY_HMAC_INVALID_ARGUMENT);
            assert!(out.iter().all(|&b| b == GUARD), "nothing written on failure");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut fields = split::Fields(data);
    let encoding = encoding_arg(fields.next_byte());
    let len_selectors = [fields.next_byte(), fields.next_byte(), fields.next_byte(), fields.next_byte()];
    let status_selector =
        i32::from_le_bytes([fields.next_byte(), fields.next_byte(), fields.next_byte(), fields.next_byte()]);
    let secret_buffer = fields.next_field();
    let identifier_buffer = fields.next_field();
    let presented_buffer = fields.next_field();
    let secret = &secret_buffer[..sub_len(len_selectors[0], secret_buffer)];
    let identifier = &identifier_buffer[..sub_len(len_selectors[1], identifier_buffer)];
    let presented = &presented_buffer[..sub_len(len_selectors[2], presented_buffer)];

    // Any int names a status: a static string, never NULL.
    for status in [status_selector, status_selector.wrapping_neg(), 0, -11, -12, -13, -14, 1] {
        // SAFETY: both return static NUL-terminated strings.
        let (code, message) = unsafe {
            (CStr::from_ptr(identity_hmac_status_code(status)), CStr::from_ptr(identity_hmac_status_message(status)))
        };
        assert!(!code.to_bytes().is_empty() && !message.to_bytes().is_empty());
    }

    // Encoding names are read by the core: the whole name, NUL bytes included.
    let mut named: c_int = -1;
    // SAFETY: `secret` points to its length; `named` is writable.
    let name_status = unsafe { identity_hmac_secret_encoding_from_name(secret.as_ptr(), secret.len(), &mut named) };
    match SecretEncoding::from_name(secret) {
        Ok(encoding) => {
            assert_eq!(name_status, Status::IDENTITY_HMAC_OK);
            assert_eq!(core_encoding(named), Some(encoding));
        }
        Err(error) => assert_eq!((code(name_status as c_int), named), (error.code(), -1)),
    }

    let expected = expected_secret_code(secret, encoding);
    check_secret(secret, encoding, &expected);

    let mut signer: *mut identity_hmac_signer = ptr::dangling_mut();
    // SAFETY: `secret` points to its length; `signer` is writable.
    let (status, detail) = with_detail(|detail| unsafe {
        identity_hmac_signer_new(secret.as_ptr(), secret.len(), encoding, &mut signer, detail)
    });
    let core_error =
        core_encoding(encoding).map_or(Some(Error::UnknownSecretEncoding), |e| Secret::decode_bytes(secret, e).err());
    assert_detail(status, &detail, core_error.as_ref());
    let mut one_shot = [GUARD; HEX_SIZE + 1];
    // SAFETY: valid buffers; `one_shot` holds 65 bytes.
    let one_shot_status = unsafe {
        identity_hmac_sign_hex(
            secret.as_ptr(),
            secret.len(),
            encoding,
            identifier.as_ptr(),
            identifier.len(),
            one_shot.as_mut_ptr().cast(),
        )
    };
    // SAFETY: valid buffers.
    let one_shot_verify = unsafe {
        identity_hmac_verify_hex(
            secret.as_ptr(),
            secret.len(),
            encoding,
            identifier.as_ptr(),
            identifier.len(),
            presented.as_ptr(),
            presented.len(),
        )
    };
    match &expected {
        Ok(core_secret) => {
            assert_eq!(status, Status::IDENTITY_HMAC_OK);
            assert!(!signer.is_null());
            let core = Signer::new(core_secret);
            signer_calls(signer, &core, identifier, presented);
            packed_calls(signer, &core, presented_buffer, len_selectors[2]);
            assert_eq!(one_shot_status, Status::IDENTITY_HMAC_OK);
            assert_eq!(hex_out(&one_shot), core.sign_hex(identifier));
            assert_eq!(one_shot_verify, c_int::from(core.verify(identifier, presented)));
            // SAFETY: from signer_new, freed once.
            unsafe { identity_hmac_signer_free(signer) };
        }
        Err(expected_code) => {
            assert_eq!(code(status as c_int), *expected_code);
            assert!(signer.is_null(), "*out is NULL on failure");
            assert_eq!(code(one_shot_status as c_int), *expected_code);
            assert!(one_shot[..65].iter().all(|&b| b == GUARD), "nothing written on failure");
            assert_eq!(code(one_shot_verify), *expected_code);
        }
    }

    // NULL pointers with zero and nonzero lengths.
    let nonzero = secret.len().max(1);
    let valid_encoding = core_encoding(encoding).is_some();
    // SAFETY: every call must refuse before reading through a NULL pointer.
    unsafe {
        let mut out: *mut identity_hmac_signer = ptr::dangling_mut();
        let empty = identity_hmac_signer_new(ptr::null(), 0, encoding, &mut out, ptr::null_mut());
        assert_eq!(code(empty as c_int), if valid_encoding { "EMPTY_SECRET" } else { "UNKNOWN_SECRET_ENCODING" });
        assert!(out.is_null());
        let null = identity_hmac_signer_new(ptr::null(), nonzero, encoding, &mut out, ptr::null_mut());
        assert_eq!(code(null as c_int), if valid_encoding { "NULL_ARGUMENT" } else { "UNKNOWN_SECRET_ENCODING" });
        assert_eq!(
            identity_hmac_signer_new(secret.as_ptr(), secret.len(), encoding, ptr::null_mut(), ptr::null_mut()),
            Status::IDENTITY_HMAC_NULL_ARGUMENT
        );
        let mut buffer = [GUARD; HEX_SIZE + 1];
        assert_eq!(
            identity_hmac_signer_sign_hex(
                ptr::null(),
                identifier.as_ptr(),
                identifier.len(),
                buffer.as_mut_ptr().cast()
            ),
            Status::IDENTITY_HMAC_NULL_ARGUMENT
        );
        assert_eq!(
            identity_hmac_signer_sign(ptr::null(), identifier.as_ptr(), identifier.len(), buffer.as_mut_ptr()),
            Status::IDENTITY_HMAC_NULL_ARGUMENT
        );
        assert_eq!(
            identity_hmac_signer_verify_hex(
                ptr::null(),
                identifier.as_ptr(),
                identifier.len(),
                presented.as_ptr(),
                presented.len()
            ),
            Status::IDENTITY_HMAC_NULL_ARGUMENT as c_int
        );
        assert_eq!(
            identity_hmac_signer_check_hex(
                ptr::null(),
                identifier.as_ptr(),
                identifier.len(),
                presented.as_ptr(),
                presented.len()
            ),
            Status::IDENTITY_HMAC_NULL_ARGUMENT
        );
        assert_eq!(
            identity_hmac_sign_hex(
                secret.as_ptr(),
                secret.len(),
                encoding,
                identifier.as_ptr(),
                identifier.len(),
                ptr::null_mut()
            ),
            Status::IDENTITY_HMAC_NULL_ARGUMENT
        );
        let null_secret_check = identity_hmac_secret_check(ptr::null(), nonzero, encoding, ptr::null_mut());
        assert_eq!(
            code(null_secret_check as c_int),
            if valid_encoding { "NULL_ARGUMENT" } else { "UNKNOWN_SECRET_ENCODING" }
        );
        assert!(buffer.iter().all(|&b| b == GUARD), "nothing written on failure");
        identity_hmac_signer_free(ptr::null_mut());
        identity_hmac_verifier_free(ptr::null_mut());
        let mut verifier: *mut identity_hmac_verifier = ptr::dangling_mut();
        assert_eq!(
            identity_hmac_verifier_new(ptr::null(), ptr::null(), 0, encoding, &mut verifier, ptr::null_mut()),
            Status::IDENTITY_HMAC_NO_SECRETS
        );
        assert!(verifier.is_null());
        // The count is refused before the (NULL) arrays are looked at.
        let huge = usize::MAX - usize::from(len_selectors[0]);
        assert_eq!(
            identity_hmac_verifier_new(ptr::null(), ptr::null(), huge, encoding, &mut verifier, ptr::null_mut()),
            Status::IDENTITY_HMAC_TOO_MANY_SECRETS
        );
        let one = identity_hmac_verifier_new(ptr::null(), ptr::null(), 1, encoding, &mut verifier, ptr::null_mut());
        assert_eq!(code(one as c_int), if valid_encoding { "NULL_ARGUMENT" } else { "UNKNOWN_SECRET_ENCODING" });
        assert_eq!(
            identity_hmac_verifier_matching_key(ptr::null(), ptr::null(), 0, ptr::null(), 0, &mut 0),
            Status::IDENTITY_HMAC_NULL_ARGUMENT
        );
    }

    // A verifier over the remaining fields (up to 18 secrets, so too many is reached).
    let mut secrets: Vec<&[u8]> = vec![secret];
    while !fields.rest().is_empty() && secrets.len() < 18 {
        secrets.push(fields.next_field());
    }
    let count = usize::from(len_selectors[3]) % (secrets.len() + 1);
    verifier_calls(&secrets[..count], encoding, identifier, presented);
});
