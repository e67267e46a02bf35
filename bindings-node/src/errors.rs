//! How failures become JavaScript exceptions, through napi-rs's safe API.
//!
//! Core errors become `IdentityHmacError`, a class written in JavaScript
//! (`error.js`) and handed to this module once per environment (main thread
//! or worker) at load time; `OUT_OF_MEMORY` becomes a `RangeError`, wrong
//! argument types the built-in `TypeError`. Each is thrown here; the
//! `napi::Error` that is returned only tells napi-rs that an exception is
//! pending.

use napi::bindgen_prelude::*;
use napi_derive::napi;

/// `new IdentityHmacError(message, code, details)`.
type ErrorClassArgs = FnArgs<(String, &'static str, Object<'static>)>;
type ErrorClassRef = FunctionRef<ErrorClassArgs, Unknown<'static>>;

/// This environment's `IdentityHmacError` class.
struct ErrorClass(ErrorClassRef);

/// Called once per environment by the package's entry point with its
/// `IdentityHmacError` class, which core errors are then thrown as.
#[napi(js_name = "__setErrorClass", skip_typescript)]
pub fn set_error_class(env: &Env, class: Function<ErrorClassArgs, Unknown<'static>>) -> Result<()> {
    env.set_instance_data(ErrorClass(class.create_ref()?), (), |_| {})
}

/// The error napi-rs gets back once an exception is already thrown.
fn pending() -> Error {
    Error::new(Status::PendingException, String::new())
}

/// Throws a `TypeError` (unless an exception is already pending, such as
/// one from a user's getter).
pub fn type_error(env: &Env, message: &str) -> Error {
    let _ = env.throw_type_error(message, None);
    pending()
}

/// Throws a `RangeError`.
pub fn range_error(env: &Env, message: &str, code: &str) -> Error {
    let _ = env.throw_range_error(message, Some(code));
    pending()
}

/// Throws a core error: `IdentityHmacError` with `code`, and `reason`,
/// `position`, `secretIndex`, `field` and `claim` when the core gives them; `OUT_OF_MEMORY` as
/// a `RangeError` with that code. The core's messages never contain a secret.
pub fn core_error(env: &Env, error: &identity_hmac::Error) -> Error {
    let message = error.to_string();
    if error.error_code() == identity_hmac::ErrorCode::OutOfMemory {
        return range_error(env, &message, error.code());
    }
    if throw_identity_error(env, &message, error).is_err() {
        // The class is unavailable (an environment shutting down): still an
        // `Error` with `.code`.
        let _ = env.throw_error(&message, Some(error.code()));
    }
    pending()
}

fn throw_identity_error(env: &Env, message: &str, error: &identity_hmac::Error) -> Result<()> {
    let class =
        env.get_instance_data::<ErrorClass>()?.ok_or_else(|| Error::from_reason("IdentityHmacError is not defined"))?;
    let mut details = Object::new(env)?;
    if let Some(reason) = error.reason() {
        details.set_named_property("reason", reason)?;
    }
    if let Some(position) = error.position() {
        details.set_named_property("position", position as f64)?;
    }
    if let Some(index) = error.secret_index() {
        details.set_named_property("secretIndex", index as f64)?;
    }
    if let Some(field) = error.field() {
        details.set_named_property("field", field)?;
    }
    if let Some(claim) = error.claim() {
        details.set_named_property("claim", claim)?;
    }
    let instance = class.0.borrow_back(env)?.new_instance(FnArgs::from((message.to_owned(), error.code(), details)))?;
    env.throw(instance)
}
