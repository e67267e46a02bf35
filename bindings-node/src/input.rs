//! Reads JavaScript arguments as bytes, without copying where possible.
//!
//! Strings are read as UTF-8 by N-API, which writes a lone surrogate as
//! U+FFFD, exactly as `Buffer.from(str)` and `hmac.update(str)` do. Short
//! strings land in a stack buffer; `Uint8Array`s (and so `Buffer`s) are
//! borrowed in place.

use std::fmt;
use std::mem::MaybeUninit;
use std::ptr;

use napi::bindgen_prelude::*;
use napi::sys;
use zeroize::Zeroize;

use crate::errors::{napi_failure, throw_core, throw_type_error};

/// Strings whose UTF-8 form is shorter than this skip the heap.
const STACK_LEN: usize = 512;

/// `Number.MAX_SAFE_INTEGER`.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Where the bytes of one argument are written.
pub(crate) struct Scratch {
    stack: [MaybeUninit<u8>; STACK_LEN],
    heap: Vec<u8>,
    decimal: [u8; 24],
}

impl Scratch {
    pub(crate) fn new() -> Self {
        Scratch { stack: [MaybeUninit::uninit(); STACK_LEN], heap: Vec::new(), decimal: [0; 24] }
    }
}

/// A scratch that held a secret: wiped when dropped.
pub(crate) struct SecretScratch(pub(crate) Scratch);

impl SecretScratch {
    pub(crate) fn new() -> Self {
        SecretScratch(Scratch::new())
    }
}

impl Drop for SecretScratch {
    fn drop(&mut self) {
        self.0.stack.zeroize();
        self.0.heap.zeroize();
    }
}

/// The name of an argument in error messages: `identifier`, `secrets[2]`.
#[derive(Clone, Copy)]
pub(crate) struct ArgName {
    pub(crate) name: &'static str,
    pub(crate) index: Option<usize>,
}

impl ArgName {
    pub(crate) const fn plain(name: &'static str) -> Self {
        ArgName { name, index: None }
    }

    pub(crate) const fn indexed(name: &'static str, index: usize) -> Self {
        ArgName { name, index: Some(index) }
    }
}

impl fmt::Display for ArgName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            Some(index) => write!(f, "{}[{index}]", self.name),
            None => f.write_str(self.name),
        }
    }
}

/// The JavaScript type of a value, for error messages (never the value).
fn describe(env: sys::napi_env, value: sys::napi_value, value_type: sys::napi_valuetype) -> &'static str {
    match value_type {
        sys::ValueType::napi_undefined => "undefined",
        sys::ValueType::napi_null => "null",
        sys::ValueType::napi_boolean => "a boolean",
        sys::ValueType::napi_number => "a number",
        sys::ValueType::napi_string => "a string",
        sys::ValueType::napi_symbol => "a symbol",
        sys::ValueType::napi_function => "a function",
        sys::ValueType::napi_bigint => "a bigint",
        sys::ValueType::napi_object => {
            let mut is_array = false;
            // SAFETY: live env and value of the current call.
            unsafe { sys::napi_is_array(env, value, &mut is_array) };
            let mut is_typed_array = false;
            unsafe { sys::napi_is_typedarray(env, value, &mut is_typed_array) };
            if is_array {
                "an array"
            } else if is_typed_array {
                "a typed array other than Uint8Array"
            } else {
                "an object"
            }
        }
        _ => "an unsupported value",
    }
}

pub(crate) fn type_of(env: sys::napi_env, value: sys::napi_value) -> Result<sys::napi_valuetype> {
    let mut value_type = 0;
    // SAFETY: live env and value of the current call.
    if unsafe { sys::napi_typeof(env, value, &mut value_type) } != sys::Status::napi_ok {
        return Err(napi_failure(env, "reading an argument's type"));
    }
    Ok(value_type)
}

/// Which JavaScript types an argument accepts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Accept {
    /// string, Uint8Array, safe-integer number, bigint.
    Identifier,
    /// string or Uint8Array.
    Secret,
}

/// Reads `value` as bytes, or throws a `TypeError` naming `name`.
///
/// The returned slice borrows either `scratch` or a `Uint8Array`'s memory,
/// which stays put for the duration of the native call.
pub(crate) fn read_bytes<'s>(
    env: sys::napi_env,
    value: sys::napi_value,
    accept: Accept,
    name: ArgName,
    scratch: &'s mut Scratch,
) -> Result<&'s [u8]> {
    // Strings are the common case: try them first and ask the type only if
    // that fails.
    match fill_string(env, value, scratch)? {
        StringRead::NotString => {}
        done => return Ok(scratch.string(done)),
    }
    let value_type = type_of(env, value)?;
    match value_type {
        sys::ValueType::napi_string => read_string(env, value, scratch),
        sys::ValueType::napi_object => match uint8_array(env, value)? {
            Some(bytes) => Ok(bytes),
            None => Err(wrong_type(env, value, value_type, accept, name)),
        },
        sys::ValueType::napi_number if accept == Accept::Identifier => read_safe_integer(env, value, name, scratch),
        sys::ValueType::napi_bigint if accept == Accept::Identifier => {
            let mut decimal = ptr::null_mut();
            // SAFETY: a bigint's ToString runs no user code.
            if unsafe { sys::napi_coerce_to_string(env, value, &mut decimal) } != sys::Status::napi_ok {
                return Err(napi_failure(env, "formatting a bigint"));
            }
            read_string(env, decimal, scratch)
        }
        _ => Err(wrong_type(env, value, value_type, accept, name)),
    }
}

/// Reads a presented hash: a string or a `Uint8Array` of its characters.
/// Anything else reads as empty, which the core rejects as malformed, so that
/// `verify` answers `false` for a missing hash rather than throwing.
pub(crate) fn read_hash<'s>(env: sys::napi_env, value: sys::napi_value, scratch: &'s mut Scratch) -> Result<&'s [u8]> {
    match type_of(env, value)? {
        sys::ValueType::napi_string => read_string(env, value, scratch),
        sys::ValueType::napi_object => Ok(uint8_array(env, value)?.unwrap_or_default()),
        _ => Ok(&[]),
    }
}

fn wrong_type(
    env: sys::napi_env,
    value: sys::napi_value,
    value_type: sys::napi_valuetype,
    accept: Accept,
    name: ArgName,
) -> Error {
    let expected = match accept {
        Accept::Identifier => "a string, Buffer, Uint8Array, safe-integer number or bigint",
        Accept::Secret => "a string, Buffer or Uint8Array",
    };
    throw_type_error(env, &format!("{name} must be {expected}, got {}", describe(env, value, value_type)))
}

fn read_string<'s>(env: sys::napi_env, value: sys::napi_value, scratch: &'s mut Scratch) -> Result<&'s [u8]> {
    match fill_string(env, value, scratch)? {
        StringRead::NotString => Err(napi_failure(env, "reading a string")),
        done => Ok(scratch.string(done)),
    }
}

/// Where `fill_string` put a string's UTF-8 bytes.
#[derive(Clone, Copy)]
enum StringRead {
    NotString,
    Stack(usize),
    Heap,
}

impl Scratch {
    fn string(&self, read: StringRead) -> &[u8] {
        match read {
            // SAFETY: N-API initialised the first `len` bytes.
            StringRead::Stack(len) => unsafe { std::slice::from_raw_parts(self.stack.as_ptr().cast(), len) },
            StringRead::Heap => &self.heap,
            StringRead::NotString => &[],
        }
    }
}

/// Writes a string's UTF-8 bytes into `scratch`; `NotString` for any other value.
fn fill_string(env: sys::napi_env, value: sys::napi_value, scratch: &mut Scratch) -> Result<StringRead> {
    let mut written = 0usize;
    // SAFETY: the buffer is STACK_LEN bytes; N-API writes at most STACK_LEN - 1
    // plus a NUL.
    let status = unsafe {
        sys::napi_get_value_string_utf8(env, value, scratch.stack.as_mut_ptr().cast(), STACK_LEN, &mut written)
    };
    match status {
        sys::Status::napi_ok => {}
        sys::Status::napi_string_expected => return Ok(StringRead::NotString),
        _ => return Err(napi_failure(env, "reading a string")),
    }
    // N-API never splits a character (at most 4 bytes), so a result this far
    // from the end is the whole string.
    if written + 4 < STACK_LEN {
        return Ok(StringRead::Stack(written));
    }
    let mut len = 0usize;
    // SAFETY: a null buffer asks for the length only.
    if unsafe { sys::napi_get_value_string_utf8(env, value, ptr::null_mut(), 0, &mut len) } != sys::Status::napi_ok {
        return Err(napi_failure(env, "reading a string"));
    }
    scratch.heap.clear();
    scratch.heap.reserve_exact(len + 1);
    // SAFETY: capacity is len + 1, room for the string and N-API's NUL.
    let status =
        unsafe { sys::napi_get_value_string_utf8(env, value, scratch.heap.as_mut_ptr().cast(), len + 1, &mut written) };
    if status != sys::Status::napi_ok {
        return Err(napi_failure(env, "reading a string"));
    }
    // SAFETY: N-API initialised `written` (<= len) bytes.
    unsafe { scratch.heap.set_len(written) };
    Ok(StringRead::Heap)
}

/// The bytes of a `Uint8Array` (a `Buffer` is one), or `None` for any other
/// object.
fn uint8_array<'s>(env: sys::napi_env, value: sys::napi_value) -> Result<Option<&'s [u8]>> {
    let mut is_typed_array = false;
    // SAFETY: live env and value of the current call.
    if unsafe { sys::napi_is_typedarray(env, value, &mut is_typed_array) } != sys::Status::napi_ok {
        return Err(napi_failure(env, "reading a typed array"));
    }
    if !is_typed_array {
        return Ok(None);
    }
    let mut array_type = 0;
    let mut len = 0usize;
    let mut data = ptr::null_mut();
    let mut buffer = ptr::null_mut();
    let mut offset = 0usize;
    // SAFETY: all out-pointers are valid; `data` already includes the offset.
    let status = unsafe {
        sys::napi_get_typedarray_info(env, value, &mut array_type, &mut len, &mut data, &mut buffer, &mut offset)
    };
    if status != sys::Status::napi_ok {
        return Err(napi_failure(env, "reading a typed array"));
    }
    if array_type != sys::TypedarrayType::uint8_array {
        return Ok(None);
    }
    if data.is_null() || len == 0 {
        return Ok(Some(&[]));
    }
    // SAFETY: a Uint8Array of `len` bytes at `data`; no JavaScript runs while
    // the slice is in use, so it cannot be detached or resized.
    Ok(Some(unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) }))
}

/// A number identifier: only `Number.isSafeInteger` values, as their decimal
/// string (what `String(n)` gives for them).
fn read_safe_integer<'s>(
    env: sys::napi_env,
    value: sys::napi_value,
    name: ArgName,
    scratch: &'s mut Scratch,
) -> Result<&'s [u8]> {
    let mut number = 0f64;
    // SAFETY: live env and a number value.
    if unsafe { sys::napi_get_value_double(env, value, &mut number) } != sys::Status::napi_ok {
        return Err(napi_failure(env, "reading a number"));
    }
    if !(number.is_finite() && number.fract() == 0.0 && number.abs() <= MAX_SAFE_INTEGER) {
        return Err(throw_type_error(
            env,
            &format!(
                "{name} must be a safe integer when it is a number (Number.isSafeInteger); pass other values as a string"
            ),
        ));
    }
    // In range, so exact; -0 becomes 0 as in String(-0).
    let integer = number as i64;
    let mut cursor = std::io::Cursor::new(&mut scratch.decimal[..]);
    std::io::Write::write_fmt(&mut cursor, format_args!("{integer}"))
        .map_err(|_| napi_failure(env, "formatting a number"))?;
    let len = cursor.position() as usize;
    Ok(&scratch.decimal[..len])
}

/// Reads `options.secretEncoding`; `undefined`/`null` options or a missing
/// field mean `text`.
pub(crate) fn read_encoding(env: sys::napi_env, options: sys::napi_value) -> Result<identity_hmac::SecretEncoding> {
    match type_of(env, options)? {
        sys::ValueType::napi_undefined | sys::ValueType::napi_null => return Ok(Default::default()),
        sys::ValueType::napi_object => {}
        other => {
            return Err(throw_type_error(
                env,
                &format!(
                    "options must be an object such as {{ secretEncoding: 'hex' }}, got {}",
                    describe(env, options, other)
                ),
            ));
        }
    }
    let mut field = ptr::null_mut();
    // SAFETY: NUL-terminated name; the getter may run user code, which is why
    // options are read before any other argument's bytes.
    if unsafe { sys::napi_get_named_property(env, options, c"secretEncoding".as_ptr(), &mut field) }
        != sys::Status::napi_ok
    {
        return Err(napi_failure(env, "reading options.secretEncoding"));
    }
    match type_of(env, field)? {
        sys::ValueType::napi_undefined => Ok(Default::default()),
        sys::ValueType::napi_string => {
            let mut scratch = Scratch::new();
            let name = read_string(env, field, &mut scratch)?;
            // Not UTF-8 cannot happen (N-API writes UTF-8); treat it as unknown.
            std::str::from_utf8(name)
                .map_err(|_| identity_hmac::Error::UnknownSecretEncoding)
                .and_then(str::parse)
                .map_err(|error| throw_core(env, &error))
        }
        other => Err(throw_type_error(
            env,
            &format!("options.secretEncoding must be 'text' or 'hex', got {}", describe(env, field, other)),
        )),
    }
}

/// Decodes a secret argument by `encoding` (all rules are the core's).
pub(crate) fn read_secret(
    env: sys::napi_env,
    value: sys::napi_value,
    encoding: identity_hmac::SecretEncoding,
    name: ArgName,
) -> Result<identity_hmac::Secret> {
    let mut scratch = SecretScratch::new();
    let bytes = read_bytes(env, value, Accept::Secret, name, &mut scratch.0)?;
    identity_hmac::Secret::decode_bytes(bytes, encoding).map_err(|error| throw_core(env, &error))
}
