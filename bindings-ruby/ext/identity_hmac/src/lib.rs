//! Ruby bindings for identity-hmac.
//!
//! This file only converts Ruby values, maps errors and releases the GVL:
//! every rule (secret decoding, HMAC, hex, constant-time comparison) lives in
//! the `identity-hmac` crate.

use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::str::FromStr;
use std::sync::OnceLock;

use identity_hmac::{HASH_HEX_LEN, IdentityHash, Secret, SecretEncoding};
use magnus::prelude::*;
use magnus::scan_args::{get_kwargs, scan_args};
use magnus::value::Opaque;
use magnus::{Error, ExceptionClass, Integer, RArray, RHash, RModule, RString, Ruby, Symbol, Value, function, method};

/// `IdentityHmac::Error` and `IdentityHmac::InvalidSecretError`, defined in
/// Ruby (lib/identity_hmac.rb) before this extension is loaded.
struct ErrorClasses {
    error: Opaque<ExceptionClass>,
    invalid_secret: Opaque<ExceptionClass>,
}

static ERROR_CLASSES: OnceLock<ErrorClasses> = OnceLock::new();

/// The Ruby exception for a core error: `InvalidSecretError` for a bad
/// secret value, `Error` otherwise, both carrying the design's `code`.
fn core_error(ruby: &Ruby, err: &identity_hmac::Error) -> Error {
    core_error_with_context(ruby, err, None)
}

fn core_error_with_context(ruby: &Ruby, err: &identity_hmac::Error, context: Option<&str>) -> Error {
    let Some(classes) = ERROR_CLASSES.get() else {
        return Error::new(ruby.exception_runtime_error(), err.to_string());
    };
    let class = if err.is_invalid_secret() { classes.invalid_secret } else { classes.error };
    let class = ruby.get_inner(class);
    // The core's messages never contain the secret; the context is an index.
    let message = match context {
        Some(context) => format!("{context}: {err}"),
        None => err.to_string(),
    };
    match class.new_instance((message, err.code())) {
        Ok(exception) => exception.into(),
        Err(failure) => failure,
    }
}

fn type_error(ruby: &Ruby, what: &str, expected: &str, value: Value) -> Error {
    // Only the class name: the value itself may be a secret.
    // SAFETY: the borrowed name is copied out before any other Ruby call.
    let class = unsafe { value.classname() }.into_owned();
    Error::new(ruby.exception_type_error(), format!("{what} must be {expected}, not {class}"))
}

/// A String whose bytes are what we hash: UTF-8, US-ASCII and binary strings
/// as they are (invalid UTF-8 included, as `OpenSSL::HMAC` does), any other
/// encoding transcoded to UTF-8 first.
fn hashable_string(ruby: &Ruby, string: RString) -> Result<RString, Error> {
    let index = string.enc_get();
    if index == ruby.utf8_encindex() || index == ruby.ascii8bit_encindex() || index == ruby.usascii_encindex() {
        return Ok(string);
    }
    string.funcall("encode", (ruby.utf8_encoding(),))
}

/// An identifier (String or Integer) converted to what we hash. Converting
/// may call into Ruby; reading the bytes afterwards does not.
enum Identifier {
    String(RString),
    Decimal(String),
}

impl Identifier {
    fn from_value(ruby: &Ruby, value: Value) -> Result<Self, Error> {
        if let Some(string) = RString::from_value(value) {
            return Ok(Self::String(hashable_string(ruby, string)?));
        }
        if let Some(integer) = Integer::from_value(value) {
            // Chatwoot's server calls `.to_s` on the identifier: its decimal form.
            return Ok(match integer.to_i64() {
                Ok(small) => Self::Decimal(small.to_string()),
                Err(_) => Self::String(integer.funcall("to_s", ())?),
            });
        }
        Err(type_error(ruby, "identifier", "a String or an Integer", value))
    }

    /// # Safety
    /// No Ruby code may run while the bytes are borrowed (the String's buffer
    /// could change or move); `self` must stay on the stack.
    unsafe fn bytes(&self) -> &[u8] {
        match self {
            Self::String(string) => unsafe { string.as_slice() },
            Self::Decimal(decimal) => decimal.as_bytes(),
        }
    }
}

/// A presented identity hash: a String, in any encoding.
fn presented_hash(ruby: &Ruby, value: Value) -> Result<RString, Error> {
    match RString::from_value(value) {
        Some(string) => hashable_string(ruby, string),
        None => Err(type_error(ruby, "identity_hash", "a String", value)),
    }
}

/// `:text`, `:hex`, `"text"` or `"hex"`; `nil` or absent means `text`.
fn secret_encoding(ruby: &Ruby, value: Option<Value>) -> Result<SecretEncoding, Error> {
    let Some(value) = value.filter(|value| !value.is_nil()) else {
        return Ok(SecretEncoding::Text);
    };
    let name = if let Some(symbol) = Symbol::from_value(value) {
        symbol.name()?.into_owned()
    } else if let Some(string) = RString::from_value(value) {
        // Lossy is fine: anything not exactly "text"/"hex" is refused anyway.
        // SAFETY: the borrowed text is copied out before any other Ruby call.
        unsafe { string.to_string_lossy() }.into_owned()
    } else {
        return Err(type_error(ruby, "secret_encoding", "a Symbol or a String (:text or :hex)", value));
    };
    SecretEncoding::from_str(&name).map_err(|err| core_error(ruby, &err))
}

/// Decodes a secret String by `encoding`; the core refuses empty and
/// malformed secrets.
fn decode_secret(ruby: &Ruby, secret: Value, encoding: SecretEncoding, context: Option<&str>) -> Result<Secret, Error> {
    let Some(string) = RString::from_value(secret) else {
        return Err(type_error(ruby, "secret", "a String", secret));
    };
    let string = hashable_string(ruby, string).map_err(|_| {
        // Ruby's transcoding messages quote the offending bytes: never show them.
        Error::new(
            ruby.exception_encoding_error(),
            "the secret cannot be transcoded to UTF-8 (its bytes are not shown)",
        )
    })?;
    // SAFETY: decode_bytes is plain Rust and does not call into Ruby.
    let bytes = unsafe { string.as_slice() };
    Secret::decode_bytes(bytes, encoding).map_err(|err| core_error_with_context(ruby, &err, context))
}

/// Splits `(secret, *rest, secret_encoding: ...)` calls.
fn secret_encoding_kwarg(ruby: &Ruby, keywords: RHash) -> Result<SecretEncoding, Error> {
    // The common call has no keywords: skip the keyword parser.
    if keywords.is_empty() {
        return Ok(SecretEncoding::Text);
    }
    let kwargs = get_kwargs::<_, (), (Option<Value>,), ()>(keywords, &[], &["secret_encoding"])?;
    let (encoding,) = kwargs.optional;
    secret_encoding(ruby, encoding)
}

fn hex_string(ruby: &Ruby, hash: &IdentityHash) -> RString {
    let mut out = [0u8; HASH_HEX_LEN];
    ruby.str_new(hash.encode_hex(&mut out))
}

#[magnus::wrap(class = "IdentityHmac::Signer", free_immediately, size, frozen_shareable)]
struct Signer {
    inner: identity_hmac::Signer,
}

impl Signer {
    /// `Signer.new(secret, secret_encoding: :text)`
    fn new(ruby: &Ruby, args: &[Value]) -> Result<Self, Error> {
        let args = scan_args::<(Value,), (), (), (), RHash, ()>(args)?;
        let encoding = secret_encoding_kwarg(ruby, args.keywords)?;
        let secret = decode_secret(ruby, args.required.0, encoding, None)?;
        Ok(Self { inner: identity_hmac::Signer::new(&secret) })
    }

    fn sign(ruby: &Ruby, rb_self: &Self, identifier: Value) -> Result<RString, Error> {
        let identifier = Identifier::from_value(ruby, identifier)?;
        // SAFETY: signing is plain Rust; no Ruby code runs meanwhile.
        let hash = rb_self.inner.sign(unsafe { identifier.bytes() });
        Ok(hex_string(ruby, &hash))
    }

    fn digest(ruby: &Ruby, rb_self: &Self, identifier: Value) -> Result<RString, Error> {
        let identifier = Identifier::from_value(ruby, identifier)?;
        // SAFETY: signing is plain Rust; no Ruby code runs meanwhile.
        let hash = rb_self.inner.sign(unsafe { identifier.bytes() });
        // `str_from_slice` makes a binary (ASCII-8BIT) String.
        Ok(ruby.str_from_slice(hash.as_bytes()))
    }

    fn verify(ruby: &Ruby, rb_self: &Self, identifier: Value, presented: Value) -> Result<bool, Error> {
        let identifier = Identifier::from_value(ruby, identifier)?;
        let presented = presented_hash(ruby, presented)?;
        // SAFETY: verifying is plain Rust; no Ruby code runs meanwhile.
        Ok(unsafe { rb_self.inner.verify(identifier.bytes(), presented.as_slice()) })
    }

    /// Signs every identifier of `identifiers` (an Array), hashing without
    /// the GVL so other Ruby threads run meanwhile.
    fn sign_many(ruby: &Ruby, rb_self: &Self, identifiers: Value) -> Result<RArray, Error> {
        let Some(array) = RArray::from_value(identifiers) else {
            return Err(type_error(ruby, "identifiers", "an Array", identifiers));
        };
        // Copy every identifier out first: Ruby strings cannot be read
        // without the GVL, since another thread could change or move them.
        let count = array.len();
        let mut data = Vec::with_capacity(count * 24);
        let mut ends = Vec::with_capacity(count);
        for index in 0..count {
            let identifier: Value = array.entry(index as isize)?;
            let identifier = Identifier::from_value(ruby, identifier)?;
            // SAFETY: copying is plain Rust; no Ruby code runs meanwhile.
            data.extend_from_slice(unsafe { identifier.bytes() });
            ends.push(data.len());
        }
        let mut out = vec![0u8; count * HASH_HEX_LEN];
        let mut job = SignManyJob { signer: &rb_self.inner, data: &data, ends: &ends, out: &mut out, ok: false };
        // SAFETY: `sign_many_without_gvl` only touches `job`, which outlives
        // the call, and never calls into Ruby. No unblocking function: the
        // work is bounded and cannot be interrupted half-way.
        unsafe {
            rb_sys::rb_thread_call_without_gvl(
                Some(sign_many_without_gvl),
                (&mut job as *mut SignManyJob<'_>).cast::<c_void>(),
                None,
                std::ptr::null_mut(),
            );
        }
        if !job.ok {
            return Err(Error::new(ruby.exception_runtime_error(), "identity_hmac: batch signing failed"));
        }
        let result = ruby.ary_new_capa(count);
        for chunk in out.chunks_exact(HASH_HEX_LEN) {
            result.push(ruby.enc_str_new(chunk, ruby.utf8_encoding()))?;
        }
        Ok(result)
    }

    fn inspect(_ruby: &Ruby, _rb_self: &Self) -> &'static str {
        "#<IdentityHmac::Signer secret=<redacted>>"
    }
}

/// Everything `sign_many` hands to the GVL-free callback.
struct SignManyJob<'a> {
    signer: &'a identity_hmac::Signer,
    data: &'a [u8],
    ends: &'a [usize],
    out: &'a mut [u8],
    ok: bool,
}

unsafe extern "C" fn sign_many_without_gvl(job: *mut c_void) -> *mut c_void {
    // SAFETY: `job` is the `SignManyJob` that `Signer::sign_many` passed in
    // and keeps alive until this call returns.
    let job = unsafe { &mut *job.cast::<SignManyJob<'_>>() };
    // A panic must not unwind into Ruby's C frames.
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut start = 0;
        let identifiers: Vec<&[u8]> = job
            .ends
            .iter()
            .map(|&end| {
                let identifier = &job.data[start..end];
                start = end;
                identifier
            })
            .collect();
        job.signer.sign_many_hex_into(&identifiers, job.out)
    }));
    job.ok = matches!(result, Ok(true));
    std::ptr::null_mut()
}

#[magnus::wrap(class = "IdentityHmac::Verifier", free_immediately, size, frozen_shareable)]
struct Verifier {
    inner: identity_hmac::Verifier,
}

impl Verifier {
    /// `Verifier.new([newest, older, ...], secret_encoding: :text)`
    fn new(ruby: &Ruby, args: &[Value]) -> Result<Self, Error> {
        let args = scan_args::<(Value,), (), (), (), RHash, ()>(args)?;
        let encoding = secret_encoding_kwarg(ruby, args.keywords)?;
        let secrets_value = args.required.0;
        let Some(array) = RArray::from_value(secrets_value) else {
            return Err(type_error(ruby, "secrets", "an Array of Strings", secrets_value));
        };
        let mut secrets = Vec::with_capacity(array.len());
        for index in 0..array.len() {
            let secret: Value = array.entry(index as isize)?;
            secrets.push(decode_secret(ruby, secret, encoding, Some(&format!("secrets[{index}]")))?);
        }
        let inner = identity_hmac::Verifier::new(&secrets).map_err(|err| core_error(ruby, &err))?;
        Ok(Self { inner })
    }

    fn verify(ruby: &Ruby, rb_self: &Self, identifier: Value, presented: Value) -> Result<bool, Error> {
        let identifier = Identifier::from_value(ruby, identifier)?;
        let presented = presented_hash(ruby, presented)?;
        // SAFETY: verifying is plain Rust; no Ruby code runs meanwhile.
        Ok(unsafe { rb_self.inner.verify(identifier.bytes(), presented.as_slice()) })
    }

    fn matching_key(ruby: &Ruby, rb_self: &Self, identifier: Value, presented: Value) -> Result<Option<usize>, Error> {
        let identifier = Identifier::from_value(ruby, identifier)?;
        let presented = presented_hash(ruby, presented)?;
        // SAFETY: verifying is plain Rust; no Ruby code runs meanwhile.
        Ok(unsafe { rb_self.inner.matching_key(identifier.bytes(), presented.as_slice()) })
    }

    fn size(&self) -> usize {
        self.inner.len()
    }

    fn inspect(&self) -> String {
        format!("#<IdentityHmac::Verifier secrets={} <redacted>>", self.inner.len())
    }
}

/// `IdentityHmac.sign(secret, identifier, secret_encoding: :text)`
fn sign(ruby: &Ruby, args: &[Value]) -> Result<RString, Error> {
    let args = scan_args::<(Value, Value), (), (), (), RHash, ()>(args)?;
    let (secret, identifier) = args.required;
    let encoding = secret_encoding_kwarg(ruby, args.keywords)?;
    let secret = decode_secret(ruby, secret, encoding, None)?;
    let identifier = Identifier::from_value(ruby, identifier)?;
    // SAFETY: signing is plain Rust; no Ruby code runs meanwhile.
    let hash = identity_hmac::sign(&secret, unsafe { identifier.bytes() });
    Ok(hex_string(ruby, &hash))
}

/// `IdentityHmac.verify(secret, identifier, identity_hash, secret_encoding: :text)`
fn verify(ruby: &Ruby, args: &[Value]) -> Result<bool, Error> {
    let args = scan_args::<(Value, Value, Value), (), (), (), RHash, ()>(args)?;
    let (secret, identifier, presented) = args.required;
    let encoding = secret_encoding_kwarg(ruby, args.keywords)?;
    let secret = decode_secret(ruby, secret, encoding, None)?;
    let identifier = Identifier::from_value(ruby, identifier)?;
    let presented = presented_hash(ruby, presented)?;
    // SAFETY: verifying is plain Rust; no Ruby code runs meanwhile.
    Ok(unsafe { identity_hmac::verify(&secret, identifier.bytes(), presented.as_slice()) })
}

/// `IdentityHmac.generate_secret`: 32 random bytes as 64 hex characters.
fn generate_secret(ruby: &Ruby) -> Result<RString, Error> {
    let secret = Secret::try_generate().map_err(|_| {
        Error::new(ruby.exception_runtime_error(), "the operating system's random source is unavailable")
    })?;
    Ok(ruby.str_new(&secret.expose_hex()))
}

// Ruby calls `Init_<file name>` for `identity_hmac/identity_hmac_native.so`.
#[magnus::init(name = "identity_hmac_native")]
fn init(ruby: &Ruby) -> Result<(), Error> {
    let module: RModule = ruby.define_module("IdentityHmac")?;
    let error: ExceptionClass = module.const_get("Error")?;
    let invalid_secret: ExceptionClass = module.const_get("InvalidSecretError")?;
    // Pinned and marked for good: a static is not a GC root, and GC.compact
    // would otherwise move the classes from under it.
    ruby.gc_register_mark_object(error);
    ruby.gc_register_mark_object(invalid_secret);
    let _ = ERROR_CLASSES.set(ErrorClasses { error: error.into(), invalid_secret: invalid_secret.into() });

    module.const_set("VERSION", identity_hmac::VERSION)?;
    module.const_set("MAX_SECRETS", identity_hmac::MAX_SECRETS)?;
    module.define_module_function("sign", function!(sign, -1))?;
    module.define_module_function("verify", function!(verify, -1))?;
    module.define_module_function("generate_secret", function!(generate_secret, 0))?;

    let signer = module.define_class("Signer", ruby.class_object())?;
    signer.define_singleton_method("new", function!(Signer::new, -1))?;
    signer.define_method("sign", method!(Signer::sign, 1))?;
    signer.define_method("digest", method!(Signer::digest, 1))?;
    signer.define_method("verify", method!(Signer::verify, 2))?;
    signer.define_method("sign_many", method!(Signer::sign_many, 1))?;
    signer.define_method("inspect", method!(Signer::inspect, 0))?;

    let verifier = module.define_class("Verifier", ruby.class_object())?;
    verifier.define_singleton_method("new", function!(Verifier::new, -1))?;
    verifier.define_method("verify", method!(Verifier::verify, 2))?;
    verifier.define_method("matching_key", method!(Verifier::matching_key, 2))?;
    verifier.define_method("size", method!(Verifier::size, 0))?;
    verifier.define_method("inspect", method!(Verifier::inspect, 0))?;
    Ok(())
}
