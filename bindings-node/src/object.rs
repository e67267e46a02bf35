//! Reading plain JavaScript objects: the `user`, `page` and options
//! arguments of the preset and token functions. Each property is read once,
//! by napi-rs's own conversions; a value of the wrong type is a `TypeError`
//! naming the property (`user.email`, `options.expiresIn`) and the type it
//! got, never the value. Absent, `undefined` and `null` properties mean
//! "not given", as for `secretEncoding` everywhere.

use napi::JsString;
use napi::bindgen_prelude::*;

use crate::errors::{core_error, type_error};
use crate::input::{ArgName, describe, utf8, wrong_type};

/// `Number.MAX_SAFE_INTEGER`.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// An object argument (not an array, not a function), or `None` for an
/// absent, `undefined` or `null` one.
pub fn optional_object<'a>(env: &Env, value: Unknown<'a>, name: ArgName, expected: &str) -> Result<Option<Object<'a>>> {
    match value.get_type() {
        Ok(ValueType::Undefined | ValueType::Null) => Ok(None),
        Ok(ValueType::Object) if !value.is_array().unwrap_or(false) => {
            Object::from_unknown(value).map(Some).map_err(|_| wrong_type(env, name, expected, &value))
        }
        _ => Err(wrong_type(env, name, expected, &value)),
    }
}

/// A required object argument.
pub fn object<'a>(env: &Env, value: Unknown<'a>, name: ArgName, expected: &str) -> Result<Object<'a>> {
    match value.get_type() {
        Ok(ValueType::Undefined | ValueType::Null) => Err(wrong_type(env, name, expected, &value)),
        _ => optional_object(env, value, name, expected)?.ok_or_else(|| wrong_type(env, name, expected, &value)),
    }
}

/// Whether `value` is a string.
pub fn is_string(value: &Unknown<'_>) -> bool {
    matches!(value.get_type(), Ok(ValueType::String))
}

/// Property `key` of `object`: `None` when absent, `undefined` or `null`.
/// A throwing getter's exception propagates.
pub fn get<'a>(object: &Object<'a>, key: &str) -> Result<Option<Unknown<'a>>> {
    let value: Unknown<'a> = object.get_named_property_unchecked(key)?;
    Ok(match value.get_type()? {
        ValueType::Undefined | ValueType::Null => None,
        _ => Some(value),
    })
}

/// The own enumerable string keys of `object`, in property order (symbols
/// and inherited properties are not read).
pub fn own_keys(env: &Env, object: &Object<'_>) -> Result<Vec<String>> {
    let mut names = std::ptr::null_mut();
    // SAFETY: `object` is a live object of the current call and `names`
    // receives a new array value of the same scope.
    let status = unsafe {
        sys::napi_get_all_property_names(
            env.raw(),
            object.raw(),
            sys::KeyCollectionMode::own_only,
            sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols,
            sys::KeyConversion::numbers_to_strings,
            &mut names,
        )
    };
    if status != sys::Status::napi_ok {
        // A Proxy's ownKeys trap may have thrown: that exception is pending.
        return Err(Error::new(Status::PendingException, String::new()));
    }
    // SAFETY: N-API returned an array value of this call.
    let names = unsafe { Array::from_napi_value(env.raw(), names) }?;
    let mut keys = Vec::with_capacity(names.len() as usize);
    for index in 0..names.len() {
        let name: Option<JsString> = names.get(index)?;
        if let Some(name) = name {
            keys.push(text_of(env, &name)?);
        }
    }
    Ok(keys)
}

/// A JavaScript string as Rust text (a lone surrogate becomes U+FFFD, as
/// in `Buffer.from(str)`).
pub fn text_of(env: &Env, string: &JsString<'_>) -> Result<String> {
    let bytes = utf8(env, string)?;
    // N-API writes UTF-8; the replacement is a no-op kept for safety.
    Ok(String::from_utf8(bytes).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()))
}

/// A string value, or a `TypeError` naming `name`.
pub fn string(env: &Env, value: Unknown<'_>, name: &str) -> Result<String> {
    match value.get_type() {
        Ok(ValueType::String) => text_of(env, &JsString::from_unknown(value)?),
        _ => Err(type_error(env, &format!("{name} must be a string, got {}", describe(&value)))),
    }
}

/// A safe-integer number (`Number.isSafeInteger`), or a `TypeError` naming
/// `name` that says what is expected.
pub fn safe_integer(env: &Env, value: Unknown<'_>, name: &str, non_negative: bool) -> Result<i64> {
    let what = if non_negative { "a non-negative safe integer" } else { "a safe integer" };
    let wrong = |env: &Env, got: &str| type_error(env, &format!("{name} must be {what} (seconds), got {got}"));
    match value.get_type() {
        Ok(ValueType::Number) => {
            let number = f64::from_unknown(value)?;
            let integral = number.is_finite() && number.fract() == 0.0 && number.abs() <= MAX_SAFE_INTEGER;
            if !integral {
                return Err(wrong(env, "a number that is not a safe integer"));
            }
            if non_negative && number < 0.0 {
                return Err(wrong(env, "a negative number"));
            }
            // A safe integer fits in an i64 exactly.
            Ok(number as i64)
        }
        _ => Err(wrong(env, describe(&value))),
    }
}

/// `options.secretEncoding`: `None` when not given; `UNKNOWN_SECRET_ENCODING`
/// for a name other than `'text'` or `'hex'`.
pub fn secret_encoding(env: &Env, options: &Object<'_>) -> Result<Option<identity_hmac::SecretEncoding>> {
    let Some(value) = get(options, "secretEncoding")? else {
        return Ok(None);
    };
    if !is_string(&value) {
        return Err(type_error(env, "options.secretEncoding must be 'text' or 'hex' (or absent, null or undefined)"));
    }
    let name = utf8(env, &JsString::from_unknown(value)?)?;
    identity_hmac::SecretEncoding::from_name(&name).map(Some).map_err(|error| core_error(env, &error))
}

/// `options.expiresIn`, `options.keyId` and `options.now`: how a token is
/// signed (the core's `TokenOptions`).
pub fn token_options(env: &Env, options: &Object<'_>) -> Result<identity_hmac::TokenOptions> {
    let mut token = identity_hmac::TokenOptions::new();
    if let Some(value) = get(options, "expiresIn")? {
        let seconds = safe_integer(env, value, "options.expiresIn", true)?;
        token = token.with_expires_in(seconds.unsigned_abs());
    }
    if let Some(value) = get(options, "keyId")? {
        token = token.with_key_id(string(env, value, "options.keyId")?);
    }
    if let Some(value) = get(options, "now")? {
        token = token.with_now(safe_integer(env, value, "options.now", false)?);
    }
    Ok(token)
}
