//! Identity tokens (HS256 JWTs): `signToken` and `TokenVerifier`. The core
//! parses, checks, signs and verifies; this module converts the arguments.
//! The entry point (`identity-hmac.js`) encodes a claims object with
//! `JSON.stringify` before it calls `signToken`, and parses the JSON text
//! that `TokenVerifier.verify` returns with `JSON.parse`: the host's JSON
//! library on both sides.

use napi::JsString;
use napi::bindgen_prelude::*;
use napi_derive::napi;

use crate::errors::{core_error, type_error};
use crate::input::{Arg, ArgName, FromArg, ListValue, SecretInput, SecretValue, utf8, wrong_type};
use crate::object;

/// The claims as JSON text (the entry point has encoded an object already).
pub struct ClaimsText(Vec<u8>);

/// Its TypeScript name is `ClaimsInput` (`string | object`), what the entry point takes.
pub type ClaimsInput = Arg<ClaimsText>;

impl FromArg for ClaimsText {
    const NAME: &'static str = "claims";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        if !object::is_string(&value) {
            return Err(wrong_type(env, name, "an object or a JSON string", &value));
        }
        utf8(env, &JsString::from_unknown(value)?).map(ClaimsText)
    }
}

/// A token to verify: a string.
pub struct TokenText(Vec<u8>);

pub type Token = Arg<TokenText>;

impl FromArg for TokenText {
    const NAME: &'static str = "token";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        if !object::is_string(&value) {
            return Err(wrong_type(env, name, "a string", &value));
        }
        utf8(env, &JsString::from_unknown(value)?).map(TokenText)
    }
}

/// `signToken`'s options: `secretEncoding` (default `'text'`), `expiresIn`, `keyId`, `now`.
pub struct SignTokenOptionsValue {
    encoding: identity_hmac::SecretEncoding,
    token: identity_hmac::TokenOptions,
}

pub type SignTokenOptions = Arg<SignTokenOptionsValue>;

impl FromArg for SignTokenOptionsValue {
    const NAME: &'static str = "options";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        let mut options =
            SignTokenOptionsValue { encoding: Default::default(), token: identity_hmac::TokenOptions::new() };
        if let Some(given) = object::optional_object(env, value, name, "an object such as { expiresIn: 3600 }")? {
            options.encoding = object::secret_encoding(env, &given)?.unwrap_or_default();
            options.token = object::token_options(env, &given)?;
        }
        Ok(options)
    }
}

/// An HS256 JWT of `claims`: header `{"alg":"HS256","typ":"JWT"}` (with
/// `kid` for `keyId`), the claims with `iat` (and `exp` for `expiresIn`)
/// added. `claims` is an object, which is encoded with `JSON.stringify`
/// (a `BigInt`, a cycle, `NaN` or `Infinity` is `INVALID_CLAIMS`), or JSON text.
///
/// @throws {IdentityHmacError} `INVALID_CLAIMS` (with `claim` and `reason`), a secret's code
/// @throws {TypeError} when an argument or an option has the wrong type
#[napi]
pub fn sign_token<'env>(
    env: &'env Env,
    secret: SecretInput,
    claims: ClaimsInput,
    options: Option<SignTokenOptions>,
) -> Result<JsString<'env>> {
    let options = options.map(|options| options.0);
    let encoding = options.as_ref().map(|options| options.encoding).unwrap_or_default();
    let secret = secret.decode(encoding).map_err(|error| core_error(env, &error))?;
    let token_options = options.map(|options| options.token).unwrap_or_default();
    let token = identity_hmac::sign_token(&secret, &claims.0.0, &token_options).map_err(|error| core_error(env, &error))?;
    env.create_string(&token)
}

/// The core's `INVALID_CLAIMS` for claims that `JSON.stringify` refused
/// (the entry point calls it; the host's message is dropped, it may quote a value).
#[napi(js_name = "__claimsNotEncodable", skip_typescript)]
pub fn claims_not_encodable(env: &Env) -> Result<()> {
    Err(core_error(env, &identity_hmac::Error::claims_not_encodable()))
}

/// One key of a `TokenVerifier`: a secret, or a `[keyId, secret]` pair.
pub struct TokenKey {
    key_id: Option<String>,
    secret: SecretValue,
}

impl FromArg for TokenKey {
    const NAME: &'static str = "keys";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        const EXPECTED: &str = "a secret (a string, Buffer or Uint8Array) or a [keyId, secret] pair";
        if !value.is_array().unwrap_or(false) {
            let secret_like = object::is_string(&value) || value.is_typedarray().unwrap_or(false);
            if !secret_like {
                return Err(wrong_type(env, name, EXPECTED, &value));
            }
            return SecretValue::from_arg(env, value, name).map(|secret| TokenKey { key_id: None, secret });
        }
        let pair = Array::from_unknown(value)?;
        if pair.len() != 2 {
            return Err(type_error(env, &format!("{name} must be {EXPECTED}, got an array of {} items", pair.len())));
        }
        let key_id: Unknown = pair.get(0)?.ok_or_else(|| type_error(env, "the array changed while it was read"))?;
        if !object::is_string(&key_id) {
            return Err(type_error(env, &format!("{name}[0], the key id, must be a string")));
        }
        let key_id = object::text_of(env, &JsString::from_unknown(key_id)?)?;
        let secret: Unknown = pair.get(1)?.ok_or_else(|| type_error(env, "the array changed while it was read"))?;
        let secret = SecretValue::from_arg(env, secret, name)?;
        Ok(TokenKey { key_id: Some(key_id), secret })
    }
}

/// The `keys` of `new TokenVerifier`.
pub struct TokenKeyListTag<'a>(ListValue<'a>);

pub type TokenKeyList<'a> = Arg<TokenKeyListTag<'a>>;

impl FromArg for TokenKeyListTag<'_> {
    const NAME: &'static str = "keys";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        crate::input::read_list(env, value, name, "an array of keys, newest first").map(TokenKeyListTag)
    }
}

/// `new TokenVerifier`'s options.
pub struct TokenVerifierOptionsValue {
    encoding: identity_hmac::SecretEncoding,
    leeway: Option<u64>,
    max_lifetime: Option<u64>,
    required_claims: Vec<String>,
}

pub type TokenVerifierOptions = Arg<TokenVerifierOptionsValue>;

impl FromArg for TokenVerifierOptionsValue {
    const NAME: &'static str = "options";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        let mut options = TokenVerifierOptionsValue {
            encoding: Default::default(),
            leeway: None,
            max_lifetime: None,
            required_claims: Vec::new(),
        };
        let Some(given) = object::optional_object(env, value, name, "an object such as { maxLifetime: 3600 }")? else {
            return Ok(options);
        };
        options.encoding = object::secret_encoding(env, &given)?.unwrap_or_default();
        if let Some(value) = object::get(&given, "leeway")? {
            options.leeway = Some(object::safe_integer(env, value, "options.leeway", true)?.unsigned_abs());
        }
        if let Some(value) = object::get(&given, "maxLifetime")? {
            options.max_lifetime = Some(object::safe_integer(env, value, "options.maxLifetime", true)?.unsigned_abs());
        }
        if let Some(value) = object::get(&given, "requiredClaims")? {
            let list = crate::input::read_list(
                env,
                value,
                ArgName::plain("options.requiredClaims"),
                "an array of claim names",
            )?;
            for index in 0..list.len() {
                let claim: Unknown =
                    list.0.get(index)?.ok_or_else(|| type_error(env, "the array changed while it was read"))?;
                options.required_claims.push(object::string(env, claim, "each options.requiredClaims item")?);
            }
        }
        Ok(options)
    }
}

/// `verify`'s options: `now`, the time to check `exp`, `nbf` and `iat` at.
pub struct VerifyTokenOptionsValue {
    now: Option<i64>,
}

pub type VerifyTokenOptions = Arg<VerifyTokenOptionsValue>;

impl FromArg for VerifyTokenOptionsValue {
    const NAME: &'static str = "options";

    fn from_arg(env: &Env, value: Unknown<'_>, name: ArgName) -> Result<Self> {
        let mut options = VerifyTokenOptionsValue { now: None };
        if let Some(given) = object::optional_object(env, value, name, "an object such as { now: 1700000000 }")?
            && let Some(now) = object::get(&given, "now")?
        {
            options.now = Some(object::safe_integer(env, now, "options.now", false)?);
        }
        Ok(options)
    }
}

/// Verifies HS256 identity tokens under 1 to 16 keys, newest first, each a
/// secret or a `[keyId, secret]` pair. Only `HS256` is accepted (`none`,
/// `RS256`, `HS384`... are refused before any key is used); a token with a
/// `kid` is checked under that key, one without under every key, in
/// constant time. `exp`, `nbf` and `iat` are checked with `leeway` seconds
/// (default 60), `exp - iat` against `maxLifetime`, and `requiredClaims`
/// must be present.
#[napi]
pub struct TokenVerifier {
    inner: identity_hmac::TokenVerifier,
}

#[napi]
impl TokenVerifier {
    /// @throws {IdentityHmacError} `NO_SECRETS`, `TOO_MANY_SECRETS`, or a secret's error code with `secretIndex`
    /// @throws {TypeError} when `keys` is not an array, or a key or an option has the wrong type
    #[napi(constructor)]
    pub fn new(env: &Env, keys: TokenKeyList, options: Option<TokenVerifierOptions>) -> Result<Self> {
        let options = options.map(|options| options.0);
        let encoding = options.as_ref().map(|options| options.encoding).unwrap_or_default();
        let mut builder = identity_hmac::TokenVerifierBuilder::new(encoding);
        if let Some(options) = options {
            if let Some(leeway) = options.leeway {
                builder = builder.with_leeway(leeway);
            }
            builder = builder.with_max_lifetime(options.max_lifetime).with_required_claims(options.required_claims);
        }
        let list = &keys.0.0;
        for index in 0..list.len() {
            if builder.len() == identity_hmac::MAX_SECRETS {
                return Err(core_error(env, &identity_hmac::Error::TooManySecrets));
            }
            let key: TokenKey = list.get(env, "keys", index)?;
            let key_id = key.key_id.as_deref();
            let pushed = match &key.secret {
                SecretValue::Text(units) => builder.push_utf16(key_id, units),
                SecretValue::Bytes(bytes) => builder.push(key_id, bytes),
            };
            pushed.map_err(|error| core_error(env, &error))?;
        }
        let inner = builder.build().map_err(|error| core_error(env, &error))?;
        Ok(TokenVerifier { inner })
    }

    /// The token's claims, once its header, signature and time claims check
    /// out (at `now`, seconds since the Unix epoch, or the system clock).
    /// @throws {IdentityHmacError} `MALFORMED_TOKEN`, `UNSUPPORTED_ALGORITHM`, `UNKNOWN_KEY_ID`, `BAD_SIGNATURE`, `TOKEN_EXPIRED`, `TOKEN_NOT_YET_VALID`, `LIFETIME_TOO_LONG`, `MISSING_CLAIM` (with `claim`), `INVALID_CLAIMS`
    /// @throws {TypeError} when `token` is not a string, or an option has the wrong type
    // Returns the claims as JSON text, which the entry point parses with
    // `JSON.parse`: the declared type is what the entry point returns.
    #[napi(ts_return_type = "Claims")]
    pub fn verify(&self, env: &Env, token: Token, options: Option<VerifyTokenOptions>) -> Result<String> {
        let now = options.and_then(|options| options.0.now);
        let claims = match now {
            Some(now) => self.inner.verify_at(&token.0.0, now),
            None => self.inner.verify(&token.0.0),
        }
        .map_err(|error| core_error(env, &error))?;
        serde_json::to_string(&claims).map_err(|_| Error::from_reason("identity-hmac: encoding the claims failed"))
    }

    /// How many keys it holds.
    #[napi(getter)]
    pub fn size(&self) -> u32 {
        u32::try_from(self.inner.len()).unwrap_or(u32::MAX)
    }
}
