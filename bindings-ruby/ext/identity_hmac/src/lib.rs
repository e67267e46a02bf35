//! Ruby bindings for identity-hmac.
//!
//! This crate only converts Ruby values, maps errors and releases the GVL:
//! every rule (secret decoding, encoding names, HMAC, hex, batches,
//! constant-time comparison, the secret count) lives in the `identity_hmac`
//! crate.

mod tokens;
mod widgets;

use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;

use identity_hmac::{
    ErrorCode, HASH_HEX_LEN, HashFormat, MAX_SECRETS, PackedBatch, Secret, SecretEncoding, Verifier as CoreVerifier,
    VerifierBuilder,
};
use magnus::encoding::{EncodingCapable, Index};
use magnus::prelude::*;
use magnus::rb_sys::AsRawValue;
use magnus::scan_args::{get_kwargs, scan_args};
use magnus::value::Opaque;
use magnus::{
    Error, ExceptionClass, Integer, RArray, RHash, RModule, RString, Ruby, Symbol, Value, function, kwargs, method,
};

/// What the extension looks up once, at load time.
struct Globals {
    /// `IdentityHmac::Error` and `IdentityHmac::InvalidSecretError`, defined
    /// in Ruby (lib/identity_hmac.rb) before this extension is loaded.
    error: Opaque<ExceptionClass>,
    invalid_secret: Opaque<ExceptionClass>,
    /// UTF-8's variants (UTF8-MAC, UTF8-DoCoMo, ...): UTF-8 bytes under
    /// another name, hashed as they are.
    utf8_variants: Vec<Index>,
}

static GLOBALS: OnceLock<Globals> = OnceLock::new();

/// The Ruby exception for a core error: `InvalidSecretError` (with `reason`,
/// `position` and `secret_index`) for a bad secret value, `NoMemoryError`
/// when a batch cannot allocate, `Error` with its `code` otherwise.
fn core_error(ruby: &Ruby, err: &identity_hmac::Error) -> Error {
    // The core's messages never contain the secret.
    let message = err.to_string();
    if err.error_code() == ErrorCode::OutOfMemory {
        return Error::new(ruby.exception_no_mem_error(), message);
    }
    let Some(globals) = GLOBALS.get() else {
        return Error::new(ruby.exception_runtime_error(), message);
    };
    let built = if err.is_invalid_secret() {
        let details = kwargs!(ruby, "reason" => err.reason(), "position" => err.position(), "secret_index" => err.secret_index());
        ruby.get_inner(globals.invalid_secret).new_instance((message, err.code(), details))
    } else {
        // MISSING_FIELD names the field, MISSING_CLAIM and INVALID_CLAIMS the
        // claim, and tokens, claims and nonces a fixed reason: never a value.
        let details = kwargs!(ruby, "field" => err.field(), "claim" => err.claim(), "reason" => err.reason(), "position" => err.position());
        ruby.get_inner(globals.error).new_instance((message, err.code(), details))
    };
    match built {
        Ok(exception) => exception.into(),
        Err(failure) => failure,
    }
}

fn type_error(ruby: &Ruby, what: &str, expected: &str, value: Value) -> Error {
    // Only the class name: the value itself may be a secret.
    let class = value.class().inspect();
    Error::new(ruby.exception_type_error(), format!("{what} must be {expected}, not {class}"))
}

/// Runs `f` over the bytes of `string`. `f` must be plain Rust that never
/// calls into Ruby.
fn with_bytes<R>(string: RString, f: impl FnOnce(&[u8]) -> R) -> R {
    // SAFETY: every caller passes plain Rust code that never calls into Ruby,
    // so the String cannot be changed, moved or collected while borrowed (the
    // GVL is held and `string` is on the stack, where Ruby's GC sees it).
    f(unsafe { string.as_slice() })
}

/// The one rule for every String argument (identifiers, secrets, hashes and
/// encoding names): a String whose bytes are UTF-8 (UTF-8 and its variants
/// such as UTF8-MAC, US-ASCII, binary) is used byte for byte, invalid UTF-8
/// included, as `OpenSSL::HMAC` does; a String in any other encoding
/// (UTF-16, ISO-8859-1, Shift_JIS, ...) is transcoded to UTF-8 first.
fn utf8_bytes_of(ruby: &Ruby, string: RString) -> Result<RString, Error> {
    let index = string.enc_get();
    let as_is = index == ruby.utf8_encindex()
        || index == ruby.ascii8bit_encindex()
        || index == ruby.usascii_encindex()
        || GLOBALS.get().is_some_and(|globals| globals.utf8_variants.contains(&index));
    if as_is {
        return Ok(string);
    }
    string.funcall("encode", (ruby.utf8_encoding(),))
}

/// A String or Symbol argument's bytes by [`utf8_bytes_of`], for values
/// whose bytes may be a secret: Ruby's transcoding messages quote the bytes,
/// so a failure is re-raised without them.
fn secret_bytes_of(ruby: &Ruby, string: RString) -> Result<RString, Error> {
    utf8_bytes_of(ruby, string).map_err(|_| {
        Error::new(
            ruby.exception_encoding_error(),
            "the secret cannot be transcoded to UTF-8 (its bytes are not shown)",
        )
    })
}

/// An identifier (String or Integer) as the bytes we hash. Converting may
/// call into Ruby; reading the bytes afterwards does not.
enum Identifier {
    String(RString),
    Decimal(String),
}

impl Identifier {
    fn from_value(ruby: &Ruby, value: Value) -> Result<Self, Error> {
        if let Some(string) = RString::from_value(value) {
            return Ok(Self::String(utf8_bytes_of(ruby, string)?));
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

    /// Runs `f` (plain Rust, no Ruby calls) over the identifier's bytes.
    fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        match self {
            Self::String(string) => with_bytes(*string, f),
            Self::Decimal(decimal) => f(decimal.as_bytes()),
        }
    }
}

/// A presented identity hash: a String, in any encoding.
fn presented_hash(ruby: &Ruby, value: Value) -> Result<RString, Error> {
    match RString::from_value(value) {
        Some(string) => utf8_bytes_of(ruby, string),
        None => Err(type_error(ruby, "identity_hash", "a String", value)),
    }
}

/// Runs `f` over the bytes of an identifier and a presented hash.
fn with_identifier_and_hash<R>(
    ruby: &Ruby,
    identifier: Value,
    presented: Value,
    f: impl FnOnce(&[u8], &[u8]) -> R,
) -> Result<R, Error> {
    let identifier = Identifier::from_value(ruby, identifier)?;
    let presented = presented_hash(ruby, presented)?;
    Ok(identifier.with_bytes(|identifier| with_bytes(presented, |presented| f(identifier, presented))))
}

/// `:text`, `:hex`, `"text"` or `"hex"`, read whole (a NUL and what follows
/// it is part of the name); `nil` or absent means the default.
fn secret_encoding(ruby: &Ruby, value: Option<Value>) -> Result<SecretEncoding, Error> {
    let Some(value) = value.filter(|value| !value.is_nil()) else {
        return SecretEncoding::from_optional_name(None).map_err(|err| core_error(ruby, &err));
    };
    let name = if let Some(symbol) = Symbol::from_value(value) {
        symbol.funcall("to_s", ())?
    } else if let Some(string) = RString::from_value(value) {
        string
    } else {
        return Err(type_error(ruby, "secret_encoding", "a Symbol or a String (:text or :hex)", value));
    };
    let name = secret_bytes_of(ruby, name)?;
    with_bytes(name, |name| SecretEncoding::from_optional_name(Some(name))).map_err(|err| core_error(ruby, &err))
}

/// The bytes of a secret argument, which must be a String; `what` names the
/// argument in a type error.
fn secret_string(ruby: &Ruby, secret: Value, what: &str) -> Result<RString, Error> {
    match RString::from_value(secret) {
        Some(string) => secret_bytes_of(ruby, string),
        None => Err(type_error(ruby, what, "a String", secret)),
    }
}

/// Decodes a secret String by `encoding`; the core refuses empty and
/// malformed secrets.
fn decode_secret(ruby: &Ruby, secret: Value, encoding: SecretEncoding) -> Result<Secret, Error> {
    let string = secret_string(ruby, secret, "secret")?;
    with_bytes(string, |bytes| Secret::decode_bytes(bytes, encoding)).map_err(|err| core_error(ruby, &err))
}

/// The `secret_encoding:` keyword of `(secret, *rest, secret_encoding: ...)`.
fn secret_encoding_kwarg(ruby: &Ruby, keywords: RHash) -> Result<SecretEncoding, Error> {
    // The common call has no keywords: skip the keyword parser.
    if keywords.is_empty() {
        return secret_encoding(ruby, None);
    }
    let kwargs = get_kwargs::<_, (), (Option<Value>,), ()>(keywords, &[], &["secret_encoding"])?;
    let (encoding,) = kwargs.optional;
    secret_encoding(ruby, encoding)
}

fn hex_string(ruby: &Ruby, hex: &[u8]) -> RString {
    ruby.enc_str_new(hex, ruby.utf8_encoding())
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
        let secret = decode_secret(ruby, args.required.0, encoding)?;
        Ok(Self { inner: identity_hmac::Signer::new(&secret) })
    }

    fn sign(ruby: &Ruby, rb_self: &Self, identifier: Value) -> Result<RString, Error> {
        let identifier = Identifier::from_value(ruby, identifier)?;
        let mut hex = [0u8; HASH_HEX_LEN];
        identifier.with_bytes(|bytes| rb_self.inner.sign_hex_into(bytes, &mut hex));
        Ok(hex_string(ruby, &hex))
    }

    /// Benchmark floor: sign without the HMAC; not API. The same argument
    /// conversion and result String as `sign`, without the hash (a private
    /// method, so it is in no signature file).
    fn bench_floor(ruby: &Ruby, rb_self: &Self, identifier: Value) -> Result<RString, Error> {
        let identifier = Identifier::from_value(ruby, identifier)?;
        // Kept alive so the compiler cannot drop the reads the floor stands for.
        identifier.with_bytes(|bytes| {
            std::hint::black_box((&rb_self.inner, bytes));
        });
        Ok(hex_string(ruby, &[b'0'; HASH_HEX_LEN]))
    }

    fn digest(ruby: &Ruby, rb_self: &Self, identifier: Value) -> Result<RString, Error> {
        let identifier = Identifier::from_value(ruby, identifier)?;
        let hash = identifier.with_bytes(|bytes| rb_self.inner.sign(bytes));
        // `str_from_slice` makes a binary (ASCII-8BIT) String.
        Ok(ruby.str_from_slice(hash.as_bytes()))
    }

    fn verify(ruby: &Ruby, rb_self: &Self, identifier: Value, presented: Value) -> Result<bool, Error> {
        with_identifier_and_hash(ruby, identifier, presented, |identifier, presented| {
            rb_self.inner.verify(identifier, presented)
        })
    }

    /// Signs every identifier of `identifiers` (an Array) through the core's
    /// packed batches: items are copied into chunks of at most about 1 MiB,
    /// each chunk hashed without the GVL; items of 64 KiB or more are hashed
    /// in place. Memory holds one chunk and the results, never a copy of the
    /// whole input.
    fn sign_many(ruby: &Ruby, rb_self: &Self, identifiers: Value) -> Result<RArray, Error> {
        let Some(array) = RArray::from_value(identifiers) else {
            return Err(type_error(ruby, "identifiers", "an Array", identifiers));
        };
        let results = ruby.ary_new_capa(array.len());
        let mut batch = PackedBatch::new();
        let mut hex = Vec::new();
        // Converting an item can run Ruby code that resizes the Array: its
        // length is read again for every item.
        let mut index = 0;
        while index < array.len() {
            let identifier = Identifier::from_value(ruby, array.entry(index as isize)?)?;
            index += 1;
            let in_place = identifier
                .with_bytes(|bytes| {
                    if PackedBatch::signs_in_place(bytes.len()) {
                        let mut out = [0u8; HASH_HEX_LEN];
                        rb_self.inner.sign_hex_into(bytes, &mut out);
                        Ok(Some(out))
                    } else {
                        batch.try_push(bytes).map(|()| None)
                    }
                })
                .map_err(|err| core_error(ruby, &err))?;
            if let Some(out) = in_place {
                // After the pending chunk, to keep the order.
                flush(ruby, &rb_self.inner, &mut batch, &mut hex, results)?;
                results.push(hex_string(ruby, &out))?;
            } else if batch.is_full() {
                flush(ruby, &rb_self.inner, &mut batch, &mut hex, results)?;
            }
        }
        flush(ruby, &rb_self.inner, &mut batch, &mut hex, results)?;
        Ok(results)
    }

    fn inspect(_ruby: &Ruby, _rb_self: &Self) -> &'static str {
        "#<IdentityHmac::Signer secret=<redacted>>"
    }
}

/// Signs the pending chunk without the GVL and appends its hashes to
/// `results`; `hex` is a scratch buffer kept across chunks.
fn flush(
    ruby: &Ruby,
    signer: &identity_hmac::Signer,
    batch: &mut PackedBatch,
    hex: &mut Vec<u8>,
    results: RArray,
) -> Result<(), Error> {
    if batch.is_empty() {
        return Ok(());
    }
    hex.clear();
    let mut job = SignChunkJob { signer, batch, out: hex, outcome: None };
    // Ruby handles pending interrupts (Thread#raise, signals) right before
    // and after the GVL-free call, and raises by unwinding over the frames
    // between: `protect` stops that unwinding here and hands the exception
    // back as an `Err`, so no Rust frame with something to drop is skipped.
    magnus::rb_sys::protect(|| {
        // SAFETY: `sign_chunk_without_gvl` only touches `job`, which outlives
        // the call, and never calls into Ruby; the chunk is Rust-owned
        // memory, so other Ruby threads may run meanwhile. No unblocking
        // function: a chunk is bounded (about 1 MiB) and cannot be
        // interrupted half-way.
        unsafe {
            rb_sys::rb_thread_call_without_gvl(
                Some(sign_chunk_without_gvl),
                (&mut job as *mut SignChunkJob<'_>).cast::<c_void>(),
                None,
                std::ptr::null_mut(),
            );
        }
        ruby.qnil().as_raw()
    })?;
    match job.outcome {
        Some(Ok(())) => {}
        Some(Err(err)) => return Err(core_error(ruby, &err)),
        None => return Err(Error::new(ruby.exception_runtime_error(), "identity_hmac: batch signing panicked")),
    }
    for chunk in hex.chunks_exact(HASH_HEX_LEN) {
        results.push(hex_string(ruby, chunk))?;
    }
    batch.clear();
    Ok(())
}

/// Everything a chunk's GVL-free callback reads and writes.
struct SignChunkJob<'a> {
    signer: &'a identity_hmac::Signer,
    batch: &'a PackedBatch,
    out: &'a mut Vec<u8>,
    /// `None` if signing panicked.
    outcome: Option<Result<(), identity_hmac::Error>>,
}

unsafe extern "C" fn sign_chunk_without_gvl(job: *mut c_void) -> *mut c_void {
    // SAFETY: `job` is the `SignChunkJob` that `flush` passed in and keeps
    // alive, unaliased, until this call returns.
    let job = unsafe { &mut *job.cast::<SignChunkJob<'_>>() };
    // A panic must not unwind into Ruby's C frames.
    job.outcome = catch_unwind(AssertUnwindSafe(|| job.signer.sign_batch_into(job.batch, HashFormat::Hex, job.out))).ok();
    std::ptr::null_mut()
}

#[magnus::wrap(class = "IdentityHmac::Verifier", free_immediately, size, frozen_shareable)]
struct Verifier {
    inner: CoreVerifier,
}

impl Verifier {
    /// `Verifier.new([newest, older, ...], secret_encoding: :text)`: an Array
    /// or any Enumerable. Reads at most 17 items and decodes at most 16: a
    /// 10-million-item Array or an endless Enumerator ends in
    /// `TOO_MANY_SECRETS` at the 17th.
    fn new(ruby: &Ruby, args: &[Value]) -> Result<Self, Error> {
        let args = scan_args::<(Value,), (), (), (), RHash, ()>(args)?;
        let encoding = secret_encoding_kwarg(ruby, args.keywords)?;
        let secrets = args.required.0;
        let secrets = match RArray::from_value(secrets) {
            Some(array) => array,
            // `first(n)` stops the enumeration after n items.
            None if secrets.is_kind_of(ruby.module_enumerable()) => secrets.funcall("first", (MAX_SECRETS + 1,))?,
            None => return Err(type_error(ruby, "secrets", "an Array or Enumerable of Strings", secrets)),
        };
        let mut builder = VerifierBuilder::new(encoding);
        let mut index = 0;
        while index < secrets.len() {
            // The 17th item is refused before it is converted or decoded.
            CoreVerifier::check_secret_count(builder.len() + 1).map_err(|err| core_error(ruby, &err))?;
            let secret = secret_string(ruby, secrets.entry(index as isize)?, &format!("secrets[{index}]"))?;
            with_bytes(secret, |bytes| builder.push(bytes)).map_err(|err| core_error(ruby, &err))?;
            index += 1;
        }
        let inner = builder.build().map_err(|err| core_error(ruby, &err))?;
        Ok(Self { inner })
    }

    fn verify(ruby: &Ruby, rb_self: &Self, identifier: Value, presented: Value) -> Result<bool, Error> {
        with_identifier_and_hash(ruby, identifier, presented, |identifier, presented| {
            rb_self.inner.verify(identifier, presented)
        })
    }

    fn matching_key(ruby: &Ruby, rb_self: &Self, identifier: Value, presented: Value) -> Result<Option<usize>, Error> {
        with_identifier_and_hash(ruby, identifier, presented, |identifier, presented| {
            rb_self.inner.matching_key(identifier, presented)
        })
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
    let secret = decode_secret(ruby, secret, encoding)?;
    let identifier = Identifier::from_value(ruby, identifier)?;
    let hash = identifier.with_bytes(|bytes| identity_hmac::sign(&secret, bytes));
    let mut hex = [0u8; HASH_HEX_LEN];
    Ok(hex_string(ruby, hash.encode_hex(&mut hex).as_bytes()))
}

/// `IdentityHmac.verify(secret, identifier, identity_hash, secret_encoding: :text)`
fn verify(ruby: &Ruby, args: &[Value]) -> Result<bool, Error> {
    let args = scan_args::<(Value, Value, Value), (), (), (), RHash, ()>(args)?;
    let (secret, identifier, presented) = args.required;
    let encoding = secret_encoding_kwarg(ruby, args.keywords)?;
    let secret = decode_secret(ruby, secret, encoding)?;
    with_identifier_and_hash(ruby, identifier, presented, |identifier, presented| {
        identity_hmac::verify(&secret, identifier, presented)
    })
}

/// `IdentityHmac.generate_secret`: 32 random bytes as 64 hex characters.
fn generate_secret(ruby: &Ruby) -> Result<RString, Error> {
    let secret = Secret::generate_hex().map_err(|err| core_error(ruby, &err))?;
    Ok(ruby.str_new(&secret))
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
    let utf8_variants = ["UTF8-MAC", "UTF8-DoCoMo", "UTF8-KDDI", "UTF8-SoftBank"]
        .into_iter()
        .filter_map(|name| ruby.find_encindex(name).ok())
        .collect();
    let _ = GLOBALS.set(Globals { error: error.into(), invalid_secret: invalid_secret.into(), utf8_variants });

    module.const_set("VERSION", identity_hmac::VERSION)?;
    module.const_set("MAX_SECRETS", MAX_SECRETS)?;
    module.define_module_function("sign", function!(sign, -1))?;
    module.define_module_function("verify", function!(verify, -1))?;
    module.define_module_function("generate_secret", function!(generate_secret, 0))?;

    module.const_set("WIDGETS", widgets::widget_symbols(ruby))?;
    module.const_set("USER_FIELDS", widgets::user_fields(ruby))?;
    module.define_module_function("identify", function!(widgets::identify, -1))?;
    module.define_module_function("identify_script", function!(widgets::identify_script, -1))?;
    tokens::define(ruby, module)?;

    let signer = module.define_class("Signer", ruby.class_object())?;
    signer.define_singleton_method("new", function!(Signer::new, -1))?;
    signer.define_method("sign", method!(Signer::sign, 1))?;
    signer.define_method("digest", method!(Signer::digest, 1))?;
    signer.define_method("verify", method!(Signer::verify, 2))?;
    signer.define_method("sign_many", method!(Signer::sign_many, 1))?;
    signer.define_method("inspect", method!(Signer::inspect, 0))?;
    signer.define_private_method("_bench_floor", method!(Signer::bench_floor, 1))?;

    let verifier = module.define_class("Verifier", ruby.class_object())?;
    verifier.define_singleton_method("new", function!(Verifier::new, -1))?;
    verifier.define_method("verify", method!(Verifier::verify, 2))?;
    verifier.define_method("matching_key", method!(Verifier::matching_key, 2))?;
    verifier.define_method("size", method!(Verifier::size, 0))?;
    verifier.define_method("inspect", method!(Verifier::inspect, 0))?;
    Ok(())
}
