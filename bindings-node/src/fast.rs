//! The one fast path: `Signer.sign`, the call a web server makes per page
//! view, as a plain N-API callback.
//!
//! The generated method costs more than the HMAC: napi-rs registers the
//! receiver in a re-entrancy registry (a thread-local hash map and an `Arc`
//! per call; `Signer` has no `&mut self` method, so there is nothing to
//! guard), and its `String` conversion asks N-API for the length, allocates
//! and copies. Here the instance is unwrapped by napi-rs's own type-tag
//! checked `ClassInstance`, and a string identifier is read straight into a
//! stack buffer. Anything else (a long string, bytes, numbers, wrong types)
//! takes the same conversion as every other method. `identity-hmac.js` calls
//! it as `signerSign(nativeSigner, identifier)`; bench/bench.mjs measures it
//! against the generated method.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use napi::bindgen_prelude::*;
use napi::{JsString, sys};

use crate::Signer;
use crate::errors::type_error;
use crate::input::{ArgName, FromArg, IdentifierBytes};

/// Identifiers whose UTF-8 form is shorter than this skip the heap.
const STACK_LEN: usize = 256;

/// Registers the callback as `__signerSign` on the module's exports.
pub fn install(exports: &mut Object<'_>) -> Result<()> {
    exports.create_named_method("__signerSign", signer_sign)
}

extern "C" fn signer_sign(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    let js_env = Env::from_raw(env);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut argc = 2;
        let mut argv = [ptr::null_mut(); 2];
        // SAFETY: `env` and `info` are N-API's for this call; `argv` has room
        // for `argc` values (missing ones are filled with `undefined`).
        let (signer, identifier) = unsafe {
            let status = sys::napi_get_cb_info(env, info, &mut argc, argv.as_mut_ptr(), ptr::null_mut(), ptr::null_mut());
            if status != sys::Status::napi_ok {
                return Err(Error::from_reason("identity-hmac: reading the arguments failed"));
            }
            (Unknown::from_raw_unchecked(env, argv[0]), Unknown::from_raw_unchecked(env, argv[1]))
        };
        let signer = ClassInstance::<Signer>::from_unknown(signer)
            .map_err(|_| type_error(&js_env, "signer must be a native Signer"))?;
        let mut stack = [0u8; STACK_LEN];
        let hash = match read_short_string(env, &identifier, &mut stack) {
            Some(bytes) => crate::sign_to_js(&js_env, &signer.inner, bytes)?,
            None => {
                let identifier = IdentifierBytes::from_arg(&js_env, identifier, ArgName::plain("identifier"))?;
                crate::sign_to_js(&js_env, &signer.inner, identifier.as_ref())?
            }
        };
        Ok::<JsString, Error>(hash)
    }));
    match outcome {
        Ok(Ok(hash)) => hash.raw(),
        Ok(Err(error)) => {
            // Conversions throw their TypeError themselves (`PendingException`).
            if error.status != Status::PendingException {
                let _ = js_env.throw_error(&error.reason, None);
            }
            ptr::null_mut()
        }
        Err(_) => {
            let _ = js_env.throw_error("identity-hmac: a native call panicked", None);
            ptr::null_mut()
        }
    }
}

/// A string's UTF-8 bytes in `stack`, or `None` when `value` is not a string
/// or does not fit (N-API writes a lone surrogate as U+FFFD, as
/// `Buffer.from(str)` does).
fn read_short_string<'s>(env: sys::napi_env, value: &Unknown<'_>, stack: &'s mut [u8; STACK_LEN]) -> Option<&'s [u8]> {
    let mut written = 0usize;
    // SAFETY: `stack` holds STACK_LEN bytes and N-API writes at most
    // STACK_LEN - 1 of them plus a NUL; a value that is not a string only
    // makes the call fail.
    let status =
        unsafe { sys::napi_get_value_string_utf8(env, value.raw(), stack.as_mut_ptr().cast(), STACK_LEN, &mut written) };
    // N-API never splits a character (at most 4 bytes), so a result this far
    // from the end is the whole string.
    (status == sys::Status::napi_ok && written + 4 < STACK_LEN).then(|| &stack[..written])
}
