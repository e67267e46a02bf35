//! The argument types of the public API.
//!
//! Each one is read by napi-rs's own conversions (`JsString`, `Uint8ArraySlice`,
//! `BigInt`, `Array`, a `#[napi(object)]`), wrapped in [`Arg`] so that a value
//! of the wrong type throws the `TypeError` every binding throws, naming the
//! argument and the type it got (napi-rs's own failure is a plain `Error`
//! naming Rust types). Their TypeScript names are declared once, in
//! `dts-header.d.ts`.

use napi::JsString;
use napi::bindgen_prelude::*;
use napi_derive::napi;
use zeroize::Zeroizing;

use crate::errors::{core_error, type_error};

/// `Number.MAX_SAFE_INTEGER`.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// An argument read by `T`'s [`FromArg`] impl.
pub struct Arg<T>(pub T);

/// How one kind of argument is read from a JavaScript value.
pub trait FromArg: Sized {
    /// The argument's name in error messages.
    const NAME: &'static str;

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self>;
}

impl<T: FromArg> FromNapiValue for Arg<T> {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        // SAFETY: napi-rs calls this with the live env and an argument of the
        // current call; the `Unknown` is only used during that call.
        let value = unsafe { Unknown::from_raw_unchecked(env, value) };
        T::from_arg(&Env::from_raw(env), value, ArgName::plain(T::NAME)).map(Arg)
    }
}

impl<T> TypeName for Arg<T> {
    fn type_name() -> &'static str {
        "argument"
    }

    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

impl<T> ValidateNapiValue for Arg<T> {}

impl<T> std::ops::Deref for Arg<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// The name of an argument in error messages: `identifier`, `secrets[2]`.
#[derive(Clone, Copy)]
pub struct ArgName {
    name: &'static str,
    index: Option<u32>,
}

impl ArgName {
    pub const fn plain(name: &'static str) -> Self {
        ArgName { name, index: None }
    }

    pub const fn indexed(name: &'static str, index: u32) -> Self {
        ArgName { name, index: Some(index) }
    }
}

impl std::fmt::Display for ArgName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.index {
            Some(index) => write!(f, "{}[{index}]", self.name),
            None => f.write_str(self.name),
        }
    }
}

/// The JavaScript type of a value, for error messages (never the value).
pub fn describe(value: &Unknown<'_>) -> &'static str {
    match value.get_type() {
        Ok(ValueType::Undefined) => "undefined",
        Ok(ValueType::Null) => "null",
        Ok(ValueType::Boolean) => "a boolean",
        Ok(ValueType::Number) => "a number",
        Ok(ValueType::String) => "a string",
        Ok(ValueType::Symbol) => "a symbol",
        Ok(ValueType::Function) => "a function",
        Ok(ValueType::BigInt) => "a bigint",
        Ok(ValueType::Object) if value.is_array().unwrap_or(false) => "an array",
        Ok(ValueType::Object) if value.is_typedarray().unwrap_or(false) => "a typed array other than Uint8Array",
        Ok(ValueType::Object) => "an object",
        _ => "an unsupported value",
    }
}

pub fn wrong_type(env: &Env, name: ArgName, expected: &str, value: &Unknown<'_>) -> Error {
    type_error(env, &format!("{name} must be {expected}, got {}", describe(value)))
}

/// The bytes of an identifier: a string's UTF-8 (a lone surrogate becomes
/// U+FFFD, as in `Buffer.from(str)`), a `Uint8Array`'s bytes in place, or the
/// decimal form of a safe-integer number or a bigint (as `String(n)`).
// The short variant is large on purpose: it is the stack buffer.
#[allow(clippy::large_enum_variant)]
pub enum IdentifierBytes<'a> {
    Short(ShortString),
    Text(Vec<u8>),
    Bytes(Uint8ArraySlice<'a>),
    Decimal(Decimal),
}

pub type Identifier<'a> = Arg<IdentifierBytes<'a>>;

impl AsRef<[u8]> for IdentifierBytes<'_> {
    fn as_ref(&self) -> &[u8] {
        match self {
            IdentifierBytes::Short(short) => short.as_bytes(),
            IdentifierBytes::Text(text) => text,
            IdentifierBytes::Bytes(bytes) => bytes,
            IdentifierBytes::Decimal(decimal) => decimal.as_bytes(),
        }
    }
}

impl FromArg for IdentifierBytes<'_> {
    const NAME: &'static str = "identifier";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        const EXPECTED: &str = "a string, Buffer, Uint8Array, safe-integer number or bigint";
        if let Some(short) = ShortString::read(env, &value) {
            return Ok(IdentifierBytes::Short(short));
        }
        match Either4::<JsString, Uint8ArraySlice, f64, BigInt>::from_unknown(value) {
            Ok(Either4::A(text)) => utf8(env, &text).map(IdentifierBytes::Text),
            Ok(Either4::B(bytes)) => Ok(IdentifierBytes::Bytes(bytes)),
            Ok(Either4::C(number)) => Decimal::from_safe_integer(number).map(IdentifierBytes::Decimal).ok_or_else(|| {
                type_error(
                    env,
                    &format!(
                        "{name} must be a safe integer when it is a number (Number.isSafeInteger); pass other values as a string"
                    ),
                )
            }),
            Ok(Either4::D(bigint)) => Ok(match Decimal::from_bigint(&bigint) {
                Some(decimal) => IdentifierBytes::Decimal(decimal),
                None => IdentifierBytes::Text(big_decimal(&bigint).into_bytes()),
            }),
            Err(_) => Err(wrong_type(env, name, EXPECTED, &value)),
        }
    }
}

/// The decimal digits of an integer, without allocating.
pub struct Decimal {
    digits: [u8; 40],
    len: usize,
}

impl Decimal {
    fn new(negative: bool, magnitude: u128) -> Self {
        let mut digits = [0u8; 40];
        let mut cursor = std::io::Cursor::new(&mut digits[..]);
        let sign = if negative && magnitude != 0 { "-" } else { "" };
        // 39 digits and a sign always fit in 40 bytes.
        let written = std::io::Write::write_fmt(&mut cursor, format_args!("{sign}{magnitude}")).is_ok();
        let len = if written { cursor.position() as usize } else { 0 };
        Decimal { digits, len }
    }

    /// Only `Number.isSafeInteger` values; -0 is "0", as `String(-0)`.
    fn from_safe_integer(number: f64) -> Option<Self> {
        if !(number.is_finite() && number.fract() == 0.0 && number.abs() <= MAX_SAFE_INTEGER) {
            return None;
        }
        Some(Decimal::new(number < 0.0, number.abs() as u128))
    }

    fn from_bigint(bigint: &BigInt) -> Option<Self> {
        let magnitude = match bigint.words.as_slice() {
            [] => 0,
            [low] => u128::from(*low),
            [low, high] => u128::from(*low) | (u128::from(*high) << 64),
            _ => return None,
        };
        Some(Decimal::new(bigint.sign_bit, magnitude))
    }

    fn as_bytes(&self) -> &[u8] {
        &self.digits[..self.len]
    }
}

/// The decimal form of a bigint beyond 128 bits (`String(n)`), by long
/// division of its 64-bit words by 10^19.
pub fn big_decimal(bigint: &BigInt) -> String {
    const CHUNK: u64 = 10_000_000_000_000_000_000;
    let mut words: Vec<u64> = bigint.words.clone();
    let mut chunks = Vec::new();
    while words.iter().any(|&word| word != 0) {
        let mut remainder = 0u128;
        for word in words.iter_mut().rev() {
            let current = (remainder << 64) | u128::from(*word);
            // current / CHUNK < 2^64 because remainder < CHUNK.
            *word = (current / u128::from(CHUNK)) as u64;
            remainder = current % u128::from(CHUNK);
        }
        chunks.push(remainder as u64);
    }
    let mut out = String::from(if bigint.sign_bit { "-" } else { "" });
    let mut chunks = chunks.iter().rev();
    if let Some(first) = chunks.next() {
        out.push_str(&first.to_string());
    }
    for chunk in chunks {
        out.push_str(&format!("{chunk:019}"));
    }
    if out.is_empty() || out == "-" {
        out = String::from("0");
    }
    out
}

/// A secret as the core reads it: a string's UTF-16 code units (so that a
/// lone surrogate is `INVALID_TEXT_SECRET`, not a silent U+FFFD) or a copy of
/// a `Uint8Array`'s bytes (a `SharedArrayBuffer` behind it can change at any
/// time, so it is copied before anything reads it). Both are wiped on drop.
pub enum SecretValue {
    Text(Zeroizing<Vec<u16>>),
    Bytes(Zeroizing<Vec<u8>>),
}

pub type SecretInput = Arg<SecretValue>;

impl FromArg for SecretValue {
    const NAME: &'static str = "secret";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        if let Ok(ValueType::String) = value.get_type() {
            return utf16_wiped(env, &value).map(SecretValue::Text);
        }
        match Uint8ArraySlice::from_unknown(value) {
            Ok(bytes) => Ok(SecretValue::Bytes(Zeroizing::new(bytes.to_vec()))),
            Err(_) => Err(wrong_type(env, name, "a string, Buffer or Uint8Array", &value)),
        }
    }
}

impl SecretValue {
    /// Decodes the secret by `encoding` (every rule is the core's).
    pub fn decode(&self, encoding: identity_hmac::SecretEncoding) -> identity_hmac::Result<identity_hmac::Secret> {
        match self {
            SecretValue::Bytes(bytes) => identity_hmac::Secret::decode_bytes(bytes, encoding),
            SecretValue::Text(units) => identity_hmac::Secret::decode_utf16(units, encoding),
        }
    }

    /// Adds the secret to a verifier under construction.
    pub fn push_to(&self, builder: &mut identity_hmac::VerifierBuilder) -> identity_hmac::Result<()> {
        match self {
            SecretValue::Bytes(bytes) => builder.push(bytes),
            SecretValue::Text(units) => builder.push_utf16(units),
        }
    }
}

/// A presented identity hash: a string or a `Uint8Array` of its characters.
/// Anything else is a `TypeError`, as in every binding; a malformed string is
/// simply not a match.
#[allow(clippy::large_enum_variant)]
pub enum HashValue<'a> {
    Short(ShortString),
    Text(Vec<u8>),
    Bytes(Uint8ArraySlice<'a>),
}

pub type IdentityHash<'a> = Arg<HashValue<'a>>;

impl AsRef<[u8]> for HashValue<'_> {
    fn as_ref(&self) -> &[u8] {
        match self {
            HashValue::Short(short) => short.as_bytes(),
            HashValue::Text(text) => text,
            HashValue::Bytes(bytes) => bytes,
        }
    }
}

impl FromArg for HashValue<'_> {
    const NAME: &'static str = "identityHash";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        if let Some(short) = ShortString::read(env, &value) {
            return Ok(HashValue::Short(short));
        }
        match Either::<JsString, Uint8ArraySlice>::from_unknown(value) {
            Ok(Either::A(text)) => utf8(env, &text).map(HashValue::Text),
            Ok(Either::B(bytes)) => Ok(HashValue::Bytes(bytes)),
            Err(_) => Err(wrong_type(env, name, "a string (64 hex characters) or a Uint8Array of them", &value)),
        }
    }
}

/// Options of the constructors and one-shot functions.
#[napi(object, object_to_js = false, js_name = "SignerOptions")]
pub struct OptionsObject {
    /// `'text'` (the default: the secret's UTF-8 bytes; Chatwoot, Intercom,
    /// Help Scout, Front, Plain, Crisp) or `'hex'` (strict hex; Pylon).
    /// Absent, `undefined` or `null` means `'text'`.
    // The inner `Option` reads `null`; the outer one an absent field.
    #[napi(ts_type = "'text' | 'hex' | null")]
    pub secret_encoding: Option<Option<String>>,
}

/// The encoding that options give: absent, `null` or `undefined` options,
/// or an absent, `null` or `undefined` `secretEncoding`, mean the default,
/// `text` (the core's one rule).
pub struct Encoding(pub identity_hmac::SecretEncoding);

/// Read as an [`OptionsObject`]: its TypeScript name is that interface's.
pub type SignerOptions = Arg<Encoding>;

impl FromArg for Encoding {
    const NAME: &'static str = "options";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        let name_bytes = match value.get_type() {
            Ok(ValueType::Undefined | ValueType::Null) => None,
            Ok(ValueType::Object) => match OptionsObject::from_unknown(value) {
                Ok(options) => options.secret_encoding.flatten(),
                Err(_) => {
                    return Err(type_error(
                        env,
                        &format!("{name}.secretEncoding must be 'text' or 'hex' (or absent, null or undefined)"),
                    ));
                }
            },
            _ => return Err(wrong_type(env, name, "an object such as { secretEncoding: 'hex' }", &value)),
        };
        identity_hmac::SecretEncoding::from_optional_name(name_bytes.as_deref().map(str::as_bytes))
            .map(Encoding)
            .map_err(|error| core_error(env, &error))
    }
}

/// An optional options argument.
pub fn encoding_of(options: Option<SignerOptions>) -> identity_hmac::SecretEncoding {
    options.map(|options| options.0.0).unwrap_or_default()
}

/// What `signMany` returns, from its `options.output`.
#[derive(Clone, Copy)]
pub enum SignManyOutput {
    /// `'strings'` (the default): an array of 64-character hex strings.
    Strings,
    /// `'hexBuffer'`: one `Buffer` of 64 hex bytes per item, back to back.
    HexBuffer,
    /// `'rawBuffer'`: one `Buffer` of the 32 raw HMAC bytes per item.
    RawBuffer,
}

/// The options of `signMany`; its TypeScript type is `SignManyOptions` of
/// `dts-header.d.ts`.
pub type SignManyOptions = Arg<SignManyOutput>;

impl FromArg for SignManyOutput {
    const NAME: &'static str = "options";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        const EXPECTED: &str = "'strings', 'hexBuffer' or 'rawBuffer' (or absent, null or undefined)";
        let object = match value.get_type() {
            Ok(ValueType::Undefined | ValueType::Null) => return Ok(SignManyOutput::Strings),
            Ok(ValueType::Object) => Object::from_unknown(value)?,
            _ => return Err(wrong_type(env, name, "an object such as { output: 'hexBuffer' }", &value)),
        };
        let output: Unknown = object.get_named_property("output")?;
        let output_name = match output.get_type() {
            Ok(ValueType::Undefined | ValueType::Null) => return Ok(SignManyOutput::Strings),
            Ok(ValueType::String) => ShortString::read(env, &output),
            _ => None,
        };
        match output_name.as_ref().map(ShortString::as_bytes) {
            Some(b"strings") => Ok(SignManyOutput::Strings),
            Some(b"hexBuffer") => Ok(SignManyOutput::HexBuffer),
            Some(b"rawBuffer") => Ok(SignManyOutput::RawBuffer),
            _ => Err(type_error(env, &format!("{name}.output must be {EXPECTED}"))),
        }
    }
}

/// A JavaScript array, read one element at a time (never converted whole:
/// a 10M-element array is not copied before its first bad element).
pub struct ListValue<'a>(pub Array<'a>);

pub type SecretList<'a> = Arg<SecretListTag<'a>>;
pub type IdentifierList<'a> = Arg<IdentifierListTag<'a>>;

/// `secrets` of `new Verifier`.
pub struct SecretListTag<'a>(pub ListValue<'a>);
/// `identifiers` of `signMany`.
pub struct IdentifierListTag<'a>(pub ListValue<'a>);

pub fn read_list<'a>(env: &Env, value: Unknown<'_>, name: ArgName, expected: &str) -> Result<ListValue<'a>> {
    if value.is_array().unwrap_or(false)
        && let Ok(array) = Array::from_unknown(value)
    {
        return Ok(ListValue(array));
    }
    Err(wrong_type(env, name, expected, &value))
}

impl FromArg for SecretListTag<'_> {
    const NAME: &'static str = "secrets";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        read_list(env, value, name, "an array of secrets, newest first").map(SecretListTag)
    }
}

impl FromArg for IdentifierListTag<'_> {
    const NAME: &'static str = "identifiers";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        read_list(env, value, name, "an array").map(IdentifierListTag)
    }
}

impl<'a> ListValue<'a> {
    pub fn len(&self) -> u32 {
        self.0.len()
    }

    /// Element `index`, read as `T` and named `list[index]` in errors.
    pub fn get<T: FromArg>(&self, env: &Env, list: &'static str, index: u32) -> Result<T> {
        let element: Unknown =
            self.0.get(index)?.ok_or_else(|| type_error(env, "the array changed while it was read"))?;
        T::from_arg(env, element, ArgName::indexed(list, index))
    }
}

/// The UTF-8 bytes of a short string, on the stack: the common identifier
/// and every well-formed hash skip the heap and take one N-API call.
pub struct ShortString {
    bytes: [u8; SHORT_LEN],
    len: usize,
}

/// Strings whose UTF-8 form is shorter than this are read into a
/// [`ShortString`].
const SHORT_LEN: usize = 256;

impl ShortString {
    /// `None` when `value` is not a string or does not fit (N-API writes a
    /// lone surrogate as U+FFFD, as `Buffer.from(str)` does).
    fn read(env: &Env, value: &Unknown<'_>) -> Option<Self> {
        let mut short = ShortString { bytes: [0; SHORT_LEN], len: 0 };
        // SAFETY: `bytes` holds SHORT_LEN bytes and N-API writes at most
        // SHORT_LEN - 1 of them plus a NUL; a value that is not a string only
        // makes the call fail.
        let status = unsafe {
            sys::napi_get_value_string_utf8(
                env.raw(),
                value.raw(),
                short.bytes.as_mut_ptr().cast(),
                SHORT_LEN,
                &mut short.len,
            )
        };
        // N-API never splits a character (at most 4 bytes), so a result this
        // far from the end is the whole string.
        (status == sys::Status::napi_ok && short.len + 4 < SHORT_LEN).then_some(short)
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// A buffer of `len` zeroed elements, or `OUT_OF_MEMORY` (a `RangeError`):
/// a string of hundreds of megabytes must not abort the process.
fn zeroed<T: Copy + Default>(env: &Env, len: usize) -> Result<Vec<T>> {
    let mut buffer = Vec::new();
    buffer.try_reserve_exact(len).map_err(|_| core_error(env, &identity_hmac::Error::OutOfMemory))?;
    buffer.resize(len, T::default());
    Ok(buffer)
}

/// A string's UTF-8 bytes (a lone surrogate becomes U+FFFD, as in
/// `Buffer.from(str)`), in a fallibly allocated buffer. One UTF-16 unit is at
/// most 3 UTF-8 bytes, so one N-API call fills it (asking for the UTF-8
/// length first would encode the string twice).
pub fn utf8(env: &Env, string: &JsString<'_>) -> Result<Vec<u8>> {
    let capacity = string.utf16_len()?.saturating_mul(3).saturating_add(1);
    let mut bytes: Vec<u8> = Vec::new();
    bytes.try_reserve_exact(capacity).map_err(|_| core_error(env, &identity_hmac::Error::OutOfMemory))?;
    let mut written = 0usize;
    // SAFETY: `bytes` has room for `capacity` bytes, which N-API never
    // exceeds (the string and a NUL); it initialised the first `written`
    // (< capacity) of them when it returns `napi_ok`. `string` is a live
    // string of the current call.
    unsafe {
        let status =
            sys::napi_get_value_string_utf8(env.raw(), string.raw(), bytes.as_mut_ptr().cast(), capacity, &mut written);
        if status != sys::Status::napi_ok || written >= capacity {
            return Err(Error::new(Status::GenericFailure, "identity-hmac: reading a string failed"));
        }
        bytes.set_len(written);
    }
    Ok(bytes)
}

/// A string's UTF-16 code units, in a fallibly allocated buffer that is
/// wiped on drop (napi-rs's own string types leave their copies of a secret
/// in freed memory).
fn utf16_wiped(env: &Env, value: &Unknown<'_>) -> Result<Zeroizing<Vec<u16>>> {
    let string = JsString::from_unknown(*value)?;
    let len = string.utf16_len()?;
    let mut units = Zeroizing::new(zeroed::<u16>(env, len + 1)?);
    let mut written = 0usize;
    // SAFETY: `units` holds `len + 1` code units, room for the string and the
    // NUL that N-API appends; `string` is a live string of the current call.
    let status =
        unsafe { sys::napi_get_value_string_utf16(env.raw(), string.raw(), units.as_mut_ptr(), len + 1, &mut written) };
    if status != sys::Status::napi_ok || written > len {
        return Err(Error::new(Status::GenericFailure, "identity-hmac: reading a string failed"));
    }
    // Shortening keeps the capacity, which `Zeroizing` wipes whole.
    units.truncate(written);
    Ok(units)
}
