//! The one fast path: `Signer.sign` and `Signer.verify`, the calls a web
//! server makes per page view or webhook, as plain N-API callbacks.
//!
//! napi-rs's generated `&self` methods cost more than the HMAC: each call
//! registers the receiver in a re-entrancy registry (a thread-local hash map
//! and an `Arc`). `Signer` has no `&mut self` method, so there is nothing to
//! guard; here the instance is unwrapped by napi-rs's own type-tag-checked
//! `ClassInstance`, and the arguments go through the same conversions as
//! every other method (src/input.rs). `identity-hmac.js` calls these as
//! `signerSign(nativeSigner, identifier)` and `signerVerify(nativeSigner,
//! identifier, identityHash)`; bench/bench.mjs measures each against the
//! generated method, and each stays only while it is at least 1.3x faster.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use napi::bindgen_prelude::*;
use napi::sys;

use crate::Signer;
use crate::errors::type_error;
use crate::input::{ArgName, FromArg, HashValue, IdentifierBytes};

/// Registers the callbacks on the module's exports.
pub fn install(exports: &mut Object<'_>) -> Result<()> {
    exports.create_named_method("__signerSign", signer_sign)?;
    exports.create_named_method("__signerVerify", signer_verify)?;
    exports.create_named_method("__signerSignFloor", signer_sign_floor)
}

extern "C" fn signer_sign(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    call::<2>(env, info, |env, [signer, identifier]| {
        let signer = signer_of(env, signer)?;
        let identifier = IdentifierBytes::from_arg(env, identifier, ArgName::plain("identifier"))?;
        Ok(crate::sign_to_js(env, &signer.inner, identifier.as_ref())?.raw())
    })
}

/// Benchmark floor: sign without the HMAC; not API. The same unwrap, the
/// same identifier conversion and the same 64-character one-byte string as
/// `signer_sign` (the identifier's first bytes, padded with '0'), so that
/// bench/bench.mjs can tell the call's cost from the hash's.
extern "C" fn signer_sign_floor(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    call::<2>(env, info, |env, [signer, identifier]| {
        let _signer = signer_of(env, signer)?;
        let identifier = IdentifierBytes::from_arg(env, identifier, ArgName::plain("identifier"))?;
        let mut out = [b'0'; identity_hmac::HASH_HEX_LEN];
        let bytes = identifier.as_ref();
        let kept = bytes.len().min(out.len());
        out[..kept].copy_from_slice(&bytes[..kept]);
        Ok(crate::hex_string(env, &out)?.raw())
    })
}

extern "C" fn signer_verify(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    call::<3>(env, info, |env, [signer, identifier, hash]| {
        let signer = signer_of(env, signer)?;
        let identifier = IdentifierBytes::from_arg(env, identifier, ArgName::plain("identifier"))?;
        let hash = HashValue::from_arg(env, hash, ArgName::plain("identityHash"))?;
        Ok(signer.inner.verify(identifier.as_ref(), hash.as_ref()).into_unknown(env)?.raw())
    })
}

fn signer_of<'a>(env: &Env, value: Unknown<'a>) -> Result<ClassInstance<'a, Signer>> {
    ClassInstance::<Signer>::from_unknown(value).map_err(|_| type_error(env, "signer must be a native Signer"))
}

/// Runs `body` with the call's first `N` arguments (missing ones are
/// `undefined`), turning an error or a panic into a pending exception.
fn call<const N: usize>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    body: impl FnOnce(&Env, [Unknown<'_>; N]) -> Result<sys::napi_value>,
) -> sys::napi_value {
    let js_env = Env::from_raw(env);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut argc = N;
        let mut argv = [ptr::null_mut(); N];
        // SAFETY: `env` and `info` are N-API's for this callback and `argv`
        // has room for `argc` values; the `Unknown`s wrap values of this call
        // and do not outlive it.
        let args = unsafe {
            let status =
                sys::napi_get_cb_info(env, info, &mut argc, argv.as_mut_ptr(), ptr::null_mut(), ptr::null_mut());
            if status != sys::Status::napi_ok {
                return Err(Error::from_reason("identity-hmac: reading the arguments failed"));
            }
            argv.map(|value| Unknown::from_raw_unchecked(env, value))
        };
        body(&js_env, args)
    }));
    match outcome {
        Ok(Ok(value)) => value,
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
