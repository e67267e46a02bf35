//! How Rust failures become JavaScript exceptions.
//!
//! Core errors become `IdentityHmacError` (a real `Error` subclass, defined
//! once per JavaScript environment at load time), wrong argument types become
//! the built-in `TypeError`. Both are thrown here, and the `napi::Error` that
//! is returned only tells napi-rs that an exception is already pending.

use std::ffi::CString;
use std::ptr;

use napi::bindgen_prelude::*;
use napi::sys;

/// The class, written in JavaScript because only `class ... extends Error`
/// gives a genuine `Error` with a stack that users can subclass. Wrapped in a
/// function so that nothing leaks into the global scope.
const ERROR_CLASS_SOURCE: &str = r#"(() => {
  class IdentityHmacError extends Error {
    constructor(message, code) {
      super(message);
      this.code = code;
    }
  }
  Object.defineProperty(IdentityHmacError.prototype, 'name', {
    value: 'IdentityHmacError', writable: true, configurable: true,
  });
  return IdentityHmacError;
})()"#;

/// The per-environment (main thread or worker) reference to the class.
struct ErrorClass(sys::napi_ref);

/// Defines `IdentityHmacError` for this environment, keeps a reference to it
/// for `throw_core`, and returns it for the module's exports.
pub(crate) fn define_error_class(env: &Env) -> Result<Unknown<'_>> {
    let class: Unknown = env.run_script(ERROR_CLASS_SOURCE)?;
    let mut reference = ptr::null_mut();
    check_status!(unsafe { sys::napi_create_reference(env.raw(), class.raw(), 1, &mut reference) })?;
    env.set_instance_data(ErrorClass(reference), (), |_| {})?;
    Ok(class)
}

/// The error napi-rs gets back once an exception is already thrown.
fn pending() -> Error {
    Error::new(Status::PendingException, String::new())
}

/// Throws `IdentityHmacError` with the core error's message and code (and
/// `position` for a malformed hex secret). The core's messages never contain
/// a secret.
pub(crate) fn throw_core(env: sys::napi_env, error: &identity_hmac::Error) -> Error {
    let message = error.to_string();
    let position = match error {
        identity_hmac::Error::InvalidHexSecret(hex) => Some(hex.position()),
        _ => None,
    };
    // SAFETY: `env` is the live environment of the current call.
    if unsafe { throw_identity_error(env, &message, error.code(), position) }.is_err() {
        throw_plain_error(env, &message, error.code());
    }
    pending()
}

unsafe fn throw_identity_error(env: sys::napi_env, message: &str, code: &str, position: Option<usize>) -> Result<()> {
    let env_ref = Env::from_raw(env);
    let class = env_ref
        .get_instance_data::<ErrorClass>()?
        .ok_or_else(|| Error::from_reason("IdentityHmacError is not defined"))?;
    let mut constructor = ptr::null_mut();
    check_status!(unsafe { sys::napi_get_reference_value(env, class.0, &mut constructor) })?;
    let args = [create_string(env, message)?, create_string(env, code)?];
    let mut instance = ptr::null_mut();
    check_status!(unsafe { sys::napi_new_instance(env, constructor, args.len(), args.as_ptr(), &mut instance) })?;
    if let Some(position) = position {
        let mut value = ptr::null_mut();
        check_status!(unsafe { sys::napi_create_int64(env, position as i64, &mut value) })?;
        check_status!(unsafe { sys::napi_set_named_property(env, instance, c"position".as_ptr(), value) })?;
    }
    check_status!(unsafe { sys::napi_throw(env, instance) })
}

/// Fallback when the class is unavailable (an environment shutting down):
/// still an `Error` with `.code`.
fn throw_plain_error(env: sys::napi_env, message: &str, code: &str) {
    if let (Ok(message), Ok(code)) = (CString::new(message), CString::new(code)) {
        // SAFETY: both strings are NUL-terminated and outlive the call.
        unsafe { sys::napi_throw_error(env, code.as_ptr(), message.as_ptr()) };
    }
}

/// Throws a `TypeError` (the host language's error for a wrong argument type).
pub(crate) fn throw_type_error(env: sys::napi_env, message: &str) -> Error {
    let mut pending_already = false;
    // SAFETY: `env` is the live environment of the current call.
    unsafe { sys::napi_is_exception_pending(env, &mut pending_already) };
    if !pending_already {
        if let Ok(message) = CString::new(message) {
            // SAFETY: NUL-terminated, outlives the call.
            unsafe { sys::napi_throw_type_error(env, ptr::null(), message.as_ptr()) };
        }
    }
    pending()
}

/// Turns a failed N-API call into an exception (unless one is pending).
pub(crate) fn napi_failure(env: sys::napi_env, what: &str) -> Error {
    let mut pending_already = false;
    // SAFETY: `env` is the live environment of the current call.
    unsafe { sys::napi_is_exception_pending(env, &mut pending_already) };
    if !pending_already {
        if let Ok(message) = CString::new(format!("identity-hmac: {what} failed")) {
            // SAFETY: NUL-terminated, outlives the call.
            unsafe { sys::napi_throw_error(env, ptr::null(), message.as_ptr()) };
        }
    }
    pending()
}

fn create_string(env: sys::napi_env, text: &str) -> Result<sys::napi_value> {
    let mut value = ptr::null_mut();
    // SAFETY: pointer and length describe `text`.
    check_status!(unsafe { sys::napi_create_string_utf8(env, text.as_ptr().cast(), text.len() as isize, &mut value) })?;
    Ok(value)
}
