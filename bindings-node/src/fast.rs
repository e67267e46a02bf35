//! Direct N-API callbacks for the hot methods.
//!
//! napi-rs 3 wraps every `&self` method call in bookkeeping that guards
//! against a native object being borrowed mutably while JavaScript re-enters
//! it (a thread-local registry, a hash map, `Arc`s): measured, a third of a
//! `Signer.sign` call. `Signer` and `Verifier` have no `&mut self` method, so
//! there is nothing to guard. At load time `install` puts these callbacks on
//! the prototypes in place of the generated ones; they run the same bodies
//! (in `lib.rs`) and declare nothing new, so `index.d.ts` stays generated.
//!
//! The receiver is checked with the class's N-API type tag (stamped by
//! napi-rs on every instance) before it is unwrapped, so
//! `Signer.prototype.sign.call(somethingElse)` throws instead of misreading
//! memory.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use napi::bindgen_prelude::*;
use napi::sys;

use crate::errors::{napi_failure, throw_type_error};
use crate::{JsValueOut, Signer, Verifier};

/// The instance behind `this`, if it really is a `T`.
///
/// # Safety
/// `env` and `this` come from the current callback.
unsafe fn receiver<'a, T: TypeTag + TypeName>(env: sys::napi_env, this: sys::napi_value) -> Result<&'a T> {
    let mut matches = false;
    // SAFETY: live env and value of the current call. A primitive `this`
    // fails the call, which counts as no match.
    let status = unsafe { sys::napi_check_object_type_tag(env, this, &T::type_tag(), &mut matches) };
    if status != sys::Status::napi_ok || !matches {
        let message = format!("called on a value that is not a {} instance", T::type_name());
        return Err(throw_type_error(env, &message));
    }
    let mut wrapped = ptr::null_mut();
    // SAFETY: the tag proves napi-rs wrapped a `Box<T>` into `this`.
    check_status!(unsafe { sys::napi_unwrap(env, this, &mut wrapped) })?;
    // SAFETY: as above; `this` is held by the caller's frame, so the instance
    // outlives this call.
    Ok(unsafe { &*wrapped.cast::<T>() })
}

/// Runs `body` with `this` and `N` arguments (missing ones are `undefined`),
/// turning an `Err` or a panic into a pending JavaScript exception.
///
/// # Safety
/// `env` and `info` come from N-API for the current call.
unsafe fn call<const N: usize>(
    env: sys::napi_env,
    info: sys::napi_callback_info,
    body: impl FnOnce(sys::napi_value, [sys::napi_value; N]) -> Result<sys::napi_value>,
) -> sys::napi_value {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut argc = N;
        let mut argv = [ptr::null_mut(); N];
        let mut this = ptr::null_mut();
        // SAFETY: argv holds N slots; N-API fills missing ones with undefined.
        let status =
            unsafe { sys::napi_get_cb_info(env, info, &mut argc, argv.as_mut_ptr(), &mut this, ptr::null_mut()) };
        if status != sys::Status::napi_ok {
            return Err(napi_failure(env, "reading the arguments"));
        }
        body(this, argv)
    }));
    match outcome {
        Ok(Ok(value)) => value,
        Ok(Err(error)) => {
            // A no-op when the error only says an exception is pending.
            unsafe { JsError::from(error).throw_into(env) };
            ptr::null_mut()
        }
        Err(_) => {
            let _ = napi_failure(env, "a native call (it panicked)");
            ptr::null_mut()
        }
    }
}

fn boolean(env: sys::napi_env, value: bool) -> Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    check_status!(unsafe { sys::napi_get_boolean(env, value, &mut out) })?;
    Ok(out)
}

fn index_or_null(env: sys::napi_env, value: Option<u32>) -> Result<sys::napi_value> {
    let mut out = ptr::null_mut();
    match value {
        Some(index) => check_status!(unsafe { sys::napi_create_uint32(env, index, &mut out) })?,
        None => check_status!(unsafe { sys::napi_get_null(env, &mut out) })?,
    }
    Ok(out)
}

unsafe extern "C" fn signer_sign(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    unsafe {
        call::<1>(env, info, |this, [identifier]| {
            let signer = receiver::<Signer>(env, this)?;
            crate::signer_sign(env, &signer.inner, identifier).map(|JsValueOut(value)| value)
        })
    }
}

unsafe extern "C" fn signer_verify(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    unsafe {
        call::<2>(env, info, |this, [identifier, hash]| {
            let signer = receiver::<Signer>(env, this)?;
            boolean(env, crate::signer_verify(env, &signer.inner, identifier, hash)?)
        })
    }
}

unsafe extern "C" fn signer_sign_many(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    unsafe {
        call::<1>(env, info, |this, [identifiers]| {
            let signer = receiver::<Signer>(env, this)?;
            crate::batch::sign_many(env, &signer.inner, identifiers).map(|JsValueOut(value)| value)
        })
    }
}

unsafe extern "C" fn verifier_verify(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    unsafe {
        call::<2>(env, info, |this, [identifier, hash]| {
            let verifier = receiver::<Verifier>(env, this)?;
            boolean(env, crate::verifier_matching_key(env, &verifier.inner, identifier, hash)?.is_some())
        })
    }
}

unsafe extern "C" fn verifier_matching_key(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    unsafe {
        call::<2>(env, info, |this, [identifier, hash]| {
            let verifier = receiver::<Verifier>(env, this)?;
            index_or_null(env, crate::verifier_matching_key(env, &verifier.inner, identifier, hash)?)
        })
    }
}

type Callback = unsafe extern "C" fn(sys::napi_env, sys::napi_callback_info) -> sys::napi_value;

/// Replaces the generated methods of `Signer` and `Verifier` on their
/// prototypes (the classes are registered before `init` runs).
pub(crate) fn install(env: &Env, exports: &Object) -> Result<()> {
    let methods: [(&str, &str, Callback); 5] = [
        ("Signer", "sign", signer_sign),
        ("Signer", "verify", signer_verify),
        ("Signer", "signMany", signer_sign_many),
        ("Verifier", "verify", verifier_verify),
        ("Verifier", "matchingKey", verifier_matching_key),
    ];
    for (class, name, callback) in methods {
        let constructor: Unknown = exports.get_named_property(class)?;
        let mut prototype = ptr::null_mut();
        // SAFETY: a class constructor from this env's exports.
        check_status!(unsafe {
            sys::napi_get_named_property(env.raw(), constructor.raw(), c"prototype".as_ptr(), &mut prototype)
        })?;
        // SAFETY: a constructor's prototype is an object.
        let mut prototype = Object::from_raw(env.raw(), prototype);
        let mut function = ptr::null_mut();
        // SAFETY: pointer and length describe `name`; no callback data.
        check_status!(unsafe {
            sys::napi_create_function(
                env.raw(),
                name.as_ptr().cast(),
                name.len() as isize,
                Some(callback),
                ptr::null_mut(),
                &mut function,
            )
        })?;
        // SAFETY: `function` was just created in this env.
        prototype.set_named_property(name, unsafe { Unknown::from_raw_unchecked(env.raw(), function) })?;
    }
    Ok(())
}
