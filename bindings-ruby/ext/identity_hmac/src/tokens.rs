//! Identity tokens: `IdentityHmac.sign_token` and `IdentityHmac::TokenVerifier`.
//! Claims travel as JSON text: a Hash is encoded by Ruby's `JSON.generate`,
//! verified claims are the core's serde_json text parsed by `JSON.parse`.
//! Every check is the core's.

use identity_hmac::{MAX_SECRETS, TokenVerifier as CoreTokenVerifier, TokenVerifierBuilder, Verifier as CoreVerifier};
use magnus::prelude::*;
use magnus::r_hash::ForEach;
use magnus::scan_args::{get_kwargs, scan_args};
use magnus::{Error, Float, Integer, RArray, RHash, RModule, RString, Ruby, Symbol, Value};

use super::widgets::token_options;
use super::{core_error, decode_secret, secret_encoding, secret_string, type_error, utf8_bytes_of, with_bytes};

/// Ruby's `JSON` module (lib/identity_hmac.rb requires json).
fn json_module(ruby: &Ruby) -> Result<RModule, Error> {
    ruby.class_object().const_get("JSON")
}

/// Deeper than this, `JSON.generate` refuses the claims itself (its
/// `max_nesting` is 100), so the walk below stops there, cycles included.
const MAX_WALK_DEPTH: usize = 101;

/// Whether `value` holds only what JSON has: Hashes with String or Symbol
/// keys, Arrays, Strings, Symbols, Integers, Floats, true, false and nil.
/// Anything else (an Object, a Time, a Set) `JSON.generate` would write as
/// its `to_s` (or, under Rails, its `as_json`): a claim nobody asked for.
fn plain_json(ruby: &Ruby, value: Value, depth: usize) -> Result<bool, Error> {
    if depth > MAX_WALK_DEPTH {
        return Ok(true);
    }
    if let Some(hash) = RHash::from_value(value) {
        let mut plain = true;
        hash.foreach(|key: Value, item: Value| {
            plain = (RString::from_value(key).is_some() || Symbol::from_value(key).is_some())
                && plain_json(ruby, item, depth + 1)?;
            Ok(if plain { ForEach::Continue } else { ForEach::Stop })
        })?;
        return Ok(plain);
    }
    if let Some(array) = RArray::from_value(value) {
        for index in 0..array.len() {
            if !plain_json(ruby, array.entry(index as isize)?, depth + 1)? {
                return Ok(false);
            }
        }
        return Ok(true);
    }
    Ok(value.is_nil()
        || value.is_kind_of(ruby.class_true_class())
        || value.is_kind_of(ruby.class_false_class())
        || RString::from_value(value).is_some()
        || Symbol::from_value(value).is_some()
        || Integer::from_value(value).is_some()
        || Float::from_value(value).is_some())
}

/// The claims argument as JSON text: a Hash through `JSON.generate` (a value
/// it refuses, such as `Float::NAN`, or one that is not plain JSON, such as
/// an Object, is the core's "not encodable" `INVALID_CLAIMS`, without Ruby's
/// message, which may quote a value), or a String of JSON as it is.
fn claims_text(ruby: &Ruby, claims: Value) -> Result<RString, Error> {
    if let Some(string) = RString::from_value(claims) {
        return utf8_bytes_of(ruby, string);
    }
    if RHash::from_value(claims).is_none() {
        return Err(type_error(ruby, "claims", "a Hash or a String of JSON", claims));
    }
    if !plain_json(ruby, claims, 0)? {
        return Err(core_error(ruby, &identity_hmac::Error::claims_not_encodable()));
    }
    json_module(ruby)?.funcall::<_, _, RString>("generate", (claims,)).map_err(|err| {
        if err.is_kind_of(ruby.exception_standard_error()) {
            core_error(ruby, &identity_hmac::Error::claims_not_encodable())
        } else {
            // Interrupt, NoMemoryError, SystemExit...: not about the claims.
            err
        }
    })
}

/// `IdentityHmac.sign_token(secret, claims, expires_in: nil, key_id: nil,
/// now: nil, secret_encoding: :text)`: an HS256 JWT.
pub(crate) fn sign_token(ruby: &Ruby, args: &[Value]) -> Result<RString, Error> {
    let args = scan_args::<(Value, Value), (), (), (), RHash, ()>(args)?;
    let (secret, claims) = args.required;
    type Optional = (Option<Value>, Option<Value>, Option<Value>, Option<Value>);
    let kwargs =
        get_kwargs::<_, (), Optional, ()>(args.keywords, &[], &["expires_in", "key_id", "now", "secret_encoding"])?;
    let (expires_in, key_id, now, encoding) = kwargs.optional;
    let options = token_options(ruby, expires_in, key_id, now)?;
    let encoding = secret_encoding(ruby, encoding)?;
    let secret = decode_secret(ruby, secret, encoding)?;
    let claims = claims_text(ruby, claims)?;
    let token = with_bytes(claims, |bytes| identity_hmac::sign_token(&secret, bytes, &options))
        .map_err(|err| core_error(ruby, &err))?;
    Ok(ruby.str_new(&token))
}

#[magnus::wrap(class = "IdentityHmac::TokenVerifier", free_immediately, size, frozen_shareable)]
pub(crate) struct TokenVerifier {
    inner: CoreTokenVerifier,
}

/// A String or Symbol as UTF-8 text; `what` names it in errors.
fn name_text(ruby: &Ruby, value: Value, what: &str) -> Result<String, Error> {
    let string = if let Some(symbol) = Symbol::from_value(value) {
        symbol.funcall("to_s", ())?
    } else if let Some(string) = RString::from_value(value) {
        utf8_bytes_of(ruby, string)?
    } else {
        return Err(type_error(ruby, what, "a String or a Symbol", value));
    };
    with_bytes(string, |bytes| String::from_utf8(bytes.to_vec())).map_err(|_| {
        Error::new(ruby.exception_encoding_error(), format!("{what} is not valid UTF-8 (its bytes are not shown)"))
    })
}

impl TokenVerifier {
    /// `TokenVerifier.new(keys, secret_encoding: :text, leeway: 60,
    /// max_lifetime: nil, required_claims: [])`. `keys` is an Array (or any
    /// Enumerable, a Hash of key id => secret too), newest first, of secrets
    /// and `[key_id, secret]` pairs (a `nil` key id is a key without one).
    /// At most 17 items are read: the 17th is `TOO_MANY_SECRETS`.
    pub(crate) fn new(ruby: &Ruby, args: &[Value]) -> Result<Self, Error> {
        let args = scan_args::<(Value,), (), (), (), RHash, ()>(args)?;
        type Optional = (Option<Value>, Option<Value>, Option<Value>, Option<Value>);
        let kwargs = get_kwargs::<_, (), Optional, ()>(
            args.keywords,
            &[],
            &["secret_encoding", "leeway", "max_lifetime", "required_claims"],
        )?;
        let (encoding, leeway, max_lifetime, required) = kwargs.optional;
        let encoding = secret_encoding(ruby, encoding)?;
        let keys = args.required.0;
        let keys = match RArray::from_value(keys) {
            Some(array) => array,
            None if keys.is_kind_of(ruby.module_enumerable()) => keys.funcall("first", (MAX_SECRETS + 1,))?,
            None => return Err(type_error(ruby, "keys", "an Array or Enumerable of secrets", keys)),
        };
        let mut builder = TokenVerifierBuilder::new(encoding);
        let mut index = 0;
        while index < keys.len() {
            CoreVerifier::check_secret_count(builder.len() + 1).map_err(|err| core_error(ruby, &err))?;
            let what = format!("keys[{index}]");
            let entry = keys.entry::<Value>(index as isize)?;
            let (key_id, secret) = match RArray::from_value(entry) {
                Some(pair) if pair.len() == 2 => {
                    let key_id = pair.entry::<Value>(0)?;
                    let key_id =
                        if key_id.is_nil() { None } else { Some(name_text(ruby, key_id, &format!("{what}'s key id"))?) };
                    (key_id, secret_string(ruby, pair.entry(1)?, &format!("{what}'s secret"))?)
                }
                Some(_) => {
                    return Err(Error::new(
                        ruby.exception_arg_error(),
                        format!("{what} must be a secret or a [key_id, secret] pair"),
                    ));
                }
                None => (None, secret_string(ruby, entry, &what)?),
            };
            with_bytes(secret, |bytes| builder.push(key_id.as_deref(), bytes)).map_err(|err| core_error(ruby, &err))?;
            index += 1;
        }
        if let Some(leeway) = leeway.filter(|value| !value.is_nil()) {
            builder = builder.with_leeway(u64::try_convert(leeway)?);
        }
        let max_lifetime = max_lifetime.filter(|value| !value.is_nil()).map(u64::try_convert).transpose()?;
        builder = builder.with_max_lifetime(max_lifetime);
        if let Some(required) = required.filter(|value| !value.is_nil()) {
            let Some(names) = RArray::from_value(required) else {
                return Err(type_error(ruby, "required_claims", "an Array of Strings or Symbols", required));
            };
            let mut claims = Vec::with_capacity(names.len());
            for (i, name) in names.into_iter().enumerate() {
                claims.push(name_text(ruby, name, &format!("required_claims[{i}]"))?);
            }
            builder = builder.with_required_claims(claims);
        }
        let inner = builder.build().map_err(|err| core_error(ruby, &err))?;
        Ok(Self { inner })
    }

    /// `#verify(token, now: nil)`: the claims as a Hash (String keys), by
    /// `JSON.parse` of the core's JSON.
    fn verify(ruby: &Ruby, rb_self: &Self, args: &[Value]) -> Result<Value, Error> {
        let args = scan_args::<(Value,), (), (), (), RHash, ()>(args)?;
        let kwargs = get_kwargs::<_, (), (Option<Value>,), ()>(args.keywords, &[], &["now"])?;
        let token = args.required.0;
        let Some(token) = RString::from_value(token) else {
            return Err(type_error(ruby, "token", "a String", token));
        };
        let token = utf8_bytes_of(ruby, token)?;
        let now = kwargs.optional.0.filter(|value| !value.is_nil()).map(i64::try_convert).transpose()?;
        let claims = with_bytes(token, |bytes| match now {
            Some(now) => rb_self.inner.verify_at(bytes, now),
            None => rb_self.inner.verify(bytes),
        })
        .map_err(|err| core_error(ruby, &err))?;
        let text = serde_json::to_string(&claims)
            .map_err(|_| Error::new(ruby.exception_runtime_error(), "identity_hmac: the claims could not be serialized"))?;
        json_module(ruby)?.funcall("parse", (ruby.str_new(&text),))
    }

    fn size(&self) -> usize {
        self.inner.len()
    }

    fn inspect(&self) -> String {
        format!("#<IdentityHmac::TokenVerifier keys={} leeway={} <redacted>>", self.inner.len(), self.inner.leeway())
    }
}

pub(crate) fn define(ruby: &Ruby, module: RModule) -> Result<(), Error> {
    use magnus::{function, method};
    module.define_module_function("sign_token", function!(sign_token, -1))?;
    let verifier = module.define_class("TokenVerifier", ruby.class_object())?;
    verifier.define_singleton_method("new", function!(TokenVerifier::new, -1))?;
    verifier.define_method("verify", method!(TokenVerifier::verify, -1))?;
    verifier.define_method("size", method!(TokenVerifier::size, 0))?;
    verifier.define_method("inspect", method!(TokenVerifier::inspect, 0))?;
    Ok(())
}
