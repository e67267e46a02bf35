//! Identity tokens: `IdentityHmac.sign_token/3` and `IdentityHmac.TokenVerifier`.
//!
//! Claims given as a map are encoded by serde_json, through a `Serialize`
//! view of the Erlang term that keeps every entry in order (so the core,
//! which parses the text, sees and refuses a claim given twice, as `:email`
//! and `"email"`). Verified claims come back as Erlang terms. Every check is
//! the core's.

use identity_hmac::{Secret, TokenVerifier as CoreTokenVerifier, TokenVerifierBuilder, Verifier as CoreVerifier};

use rustler::{Encoder, Env, ListIterator, MapIterator, ResourceArc, Term, TermType};
use serde_core::ser::{Error as _, SerializeMap, SerializeSeq};
use serde_core::{Serialize, Serializer};
use serde_json::Value;

use super::widgets::token_options;
use super::{badarg, bytes_of, encoding_of, error_tuple, nil, ok_tuple};

/// An Erlang term as JSON: maps (binary or atom keys) are objects, lists
/// arrays, binaries strings (UTF-8 only), integers and floats numbers,
/// `true`/`false` booleans, `nil` null, other atoms strings. Anything else
/// (a tuple, a pid, a non-UTF-8 binary, an integer beyond 64 bits) cannot be
/// encoded.
struct Json<'a>(Term<'a>);

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let term = self.0;
        match term.get_type() {
            TermType::Map => {
                let entries = MapIterator::new(term).ok_or_else(|| S::Error::custom("map"))?;
                let mut map = serializer.serialize_map(None)?;
                for (key, value) in entries {
                    map.serialize_entry(&key_text(key).ok_or_else(|| S::Error::custom("key"))?, &Json(value))?;
                }
                map.end()
            }
            TermType::List => {
                let items: ListIterator = term.decode().map_err(|_| S::Error::custom("list"))?;
                let mut seq = serializer.serialize_seq(None)?;
                for item in items {
                    seq.serialize_element(&Json(item))?;
                }
                seq.end()
            }
            TermType::Binary => {
                let bytes = bytes_of(term).ok_or_else(|| S::Error::custom("binary"))?;
                serializer.serialize_str(std::str::from_utf8(bytes).map_err(|_| S::Error::custom("utf-8"))?)
            }
            TermType::Integer => match term.decode::<i64>() {
                Ok(integer) => serializer.serialize_i64(integer),
                Err(_) => serializer.serialize_u64(term.decode::<u64>().map_err(|_| S::Error::custom("integer"))?),
            },
            TermType::Float => serializer.serialize_f64(term.decode::<f64>().map_err(|_| S::Error::custom("float"))?),
            TermType::Atom => {
                let name = term.atom_to_string().map_err(|_| S::Error::custom("atom"))?;
                match name.as_str() {
                    "nil" => serializer.serialize_unit(),
                    "true" => serializer.serialize_bool(true),
                    "false" => serializer.serialize_bool(false),
                    _ => serializer.serialize_str(&name),
                }
            }
            _ => Err(S::Error::custom("type")),
        }
    }
}

/// A map key as text: a UTF-8 binary, or an atom's name.
fn key_text(key: Term<'_>) -> Option<String> {
    if let Some(bytes) = bytes_of(key) {
        return String::from_utf8(bytes.to_vec()).ok();
    }
    if key.get_type() == TermType::Atom {
        return key.atom_to_string().ok();
    }
    None
}

/// A JSON value as an Erlang term: objects are maps with binary keys.
fn term_of<'a>(env: Env<'a>, value: &Value) -> Term<'a> {
    match value {
        Value::Null => nil().encode(env),
        Value::Bool(flag) => flag.encode(env),
        Value::Number(number) => {
            if let Some(integer) = number.as_i64() {
                integer.encode(env)
            } else if let Some(integer) = number.as_u64() {
                integer.encode(env)
            } else {
                number.as_f64().unwrap_or(f64::NAN).encode(env)
            }
        }
        Value::String(text) => text.encode(env),
        Value::Array(items) => items.iter().map(|item| term_of(env, item)).collect::<Vec<_>>().encode(env),
        Value::Object(map) => {
            let (keys, values): (Vec<Term>, Vec<Term>) =
                map.iter().map(|(key, value)| (key.encode(env), term_of(env, value))).unzip();
            Term::map_from_term_arrays(env, &keys, &values).unwrap_or_else(|_| nil().encode(env))
        }
    }
}

/// `{:ok, token}`: claims are JSON text (a binary) or a map, encoded here; a
/// map that cannot be encoded is the core's "not encodable" `INVALID_CLAIMS`.
#[rustler::nif]
fn sign_token<'a>(env: Env<'a>, secret: Term<'a>, encoding: Term<'a>, claims: Term<'a>, options: Term<'a>) -> Term<'a> {
    let (Some(secret), Some(encoding), Some(options)) =
        (bytes_of(secret), encoding_of(encoding), token_options(options))
    else {
        return badarg().encode(env);
    };
    let secret = match encoding.and_then(|encoding| Secret::decode_bytes(secret, encoding)) {
        Ok(secret) => secret,
        Err(err) => return error_tuple(env, &err),
    };
    let text = match bytes_of(claims) {
        Some(text) => text.to_vec(),
        None if claims.get_type() == TermType::Map => match serde_json::to_vec(&Json(claims)) {
            Ok(text) => text,
            Err(_) => return error_tuple(env, &identity_hmac::Error::claims_not_encodable()),
        },
        None => return badarg().encode(env),
    };
    match identity_hmac::sign_token(&secret, &text, &options) {
        Ok(token) => ok_tuple(env, token),
        Err(err) => error_tuple(env, &err),
    }
}

pub struct TokenVerifierResource {
    inner: CoreTokenVerifier,
}

#[rustler::resource_impl]
impl rustler::Resource for TokenVerifierResource {}

/// `keys` is a list, newest first, of secrets (binaries) and `{key_id,
/// secret}` tuples (`nil` key id: a key without one); `leeway` and
/// `max_lifetime` are `nil` or seconds, `required` a list of claim names.
#[rustler::nif]
fn token_verifier_new<'a>(
    env: Env<'a>,
    keys: Term<'a>,
    encoding: Term<'a>,
    leeway: Term<'a>,
    max_lifetime: Term<'a>,
    required: Term<'a>,
) -> Term<'a> {
    let (Ok(keys), Some(encoding)) = (keys.decode::<ListIterator>(), encoding_of(encoding)) else {
        return badarg().encode(env);
    };
    let encoding = match encoding {
        Ok(encoding) => encoding,
        Err(err) => return error_tuple(env, &err),
    };
    let mut builder = TokenVerifierBuilder::new(encoding);
    for key in keys {
        if let Err(err) = CoreVerifier::check_secret_count(builder.len() + 1) {
            return error_tuple(env, &err);
        }
        let (key_id, secret) = match bytes_of(key) {
            Some(secret) => (None, secret),
            None => {
                let Ok((key_id, secret)) = key.decode::<(Term, Term)>() else {
                    return badarg().encode(env);
                };
                let key_id = if key_id == nil().encode(env) {
                    None
                } else {
                    match bytes_of(key_id).and_then(|bytes| std::str::from_utf8(bytes).ok()) {
                        Some(key_id) => Some(key_id),
                        None => return badarg().encode(env),
                    }
                };
                match bytes_of(secret) {
                    Some(secret) => (key_id, secret),
                    None => return badarg().encode(env),
                }
            }
        };
        if let Err(err) = builder.push(key_id, secret) {
            return error_tuple(env, &err);
        }
    }
    if leeway != nil().encode(env) {
        match leeway.decode::<u64>() {
            Ok(seconds) => builder = builder.with_leeway(seconds),
            Err(_) => return badarg().encode(env),
        }
    }
    let max_lifetime = if max_lifetime == nil().encode(env) {
        None
    } else {
        match max_lifetime.decode::<u64>() {
            Ok(seconds) => Some(seconds),
            Err(_) => return badarg().encode(env),
        }
    };
    builder = builder.with_max_lifetime(max_lifetime);
    let Ok(required) = required.decode::<ListIterator>() else {
        return badarg().encode(env);
    };
    let mut names = Vec::new();
    for name in required {
        match bytes_of(name).and_then(|bytes| std::str::from_utf8(bytes).ok()) {
            Some(name) => names.push(name.to_owned()),
            None => return badarg().encode(env),
        }
    }
    builder = builder.with_required_claims(names);
    match builder.build() {
        Ok(inner) => ok_tuple(env, ResourceArc::new(TokenVerifierResource { inner })),
        Err(err) => error_tuple(env, &err),
    }
}

/// `{:ok, claims}` (a map with binary keys) or `{:error, %Error{}}`; `now`
/// is `nil` (the clock) or Unix seconds.
#[rustler::nif]
fn token_verifier_verify<'a>(
    env: Env<'a>,
    verifier: ResourceArc<TokenVerifierResource>,
    token: Term<'a>,
    now: Term<'a>,
) -> Term<'a> {
    let Some(token) = bytes_of(token) else {
        return badarg().encode(env);
    };
    let result = if now == nil().encode(env) {
        verifier.inner.verify(token)
    } else {
        match now.decode::<i64>() {
            Ok(now) => verifier.inner.verify_at(token, now),
            Err(_) => return badarg().encode(env),
        }
    };
    match result {
        Ok(claims) => ok_tuple(env, term_of(env, &Value::Object(claims))),
        Err(err) => error_tuple(env, &err),
    }
}

/// `{size, leeway}`, for `inspect/1`.
#[rustler::nif]
fn token_verifier_info(verifier: ResourceArc<TokenVerifierResource>) -> (usize, u64) {
    (verifier.inner.len(), verifier.inner.leeway())
}
