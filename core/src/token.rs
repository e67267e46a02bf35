//! Identity tokens: HS256 JSON Web Tokens (RFC 7519, signed per RFC 7515)
//! for the widgets that moved from hashes to tokens (the design contract's §7).
//!
//! Signing writes the header `{"alg":"HS256","typ":"JWT"}` (with `"kid"`
//! when a key id is given), the claims with `iat` (and `exp` for
//! `expires_in`) added, and the HMAC-SHA256 of both under the secret, each
//! segment base64url without padding. JSON goes through `serde_json` and
//! base64 through the `base64` crate; the MAC is the core's own.
//!
//! Verifying refuses, in this order and before any claim is trusted:
//! - a token over [`MAX_TOKEN_BYTES`], not three segments, or with a
//!   segment that is not canonical base64url without padding (`MALFORMED_TOKEN`);
//! - a header that is not one JSON object, that names a parameter twice
//!   (RFC 7515 §4 lets a parser refuse duplicates or keep the last; keeping
//!   the last would let two parsers disagree on `alg`, so this one refuses),
//!   or that carries `crit` or `b64` (`MALFORMED_TOKEN`);
//! - any `alg` but exactly `"HS256"` (`none`, `RS256`, `HS384`, a missing
//!   `alg`...), before any key is touched (`UNSUPPORTED_ALGORITHM`);
//! - a `kid` that names none of the keys (`UNKNOWN_KEY_ID`);
//! - a signature that matches no candidate key (`BAD_SIGNATURE`); every
//!   candidate is computed and compared in constant time, as `Verifier` does;
//! - claims that are not one JSON object or name a claim twice (`MALFORMED_TOKEN`),
//!   `exp`/`nbf`/`iat` that are not integers (`INVALID_CLAIMS`), a missing
//!   required claim (`MISSING_CLAIM`), then `exp`, `nbf`/`iat` and the lifetime.
//!
//! Numbers are `serde_json`'s: integers within the 64-bit range stay exact;
//! larger ones (and every number with a fraction or exponent) are read as
//! floating-point values, as JavaScript reads them, so a claim such as
//! `2^70` is signed (and returned) as `1.1805916207174113e+21`. Send such ids
//! as strings.
//!
//! JSON nesting is bounded by `serde_json`'s recursion limit (128 levels),
//! reported as `"nested too deeply"`; sizes by [`MAX_TOKEN_BYTES`], which
//! signing respects too, so the core never signs a token it would refuse.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_core::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};
use subtle::ConstantTimeEq;

use crate::HASH_LEN;
use crate::error::Error;
use crate::secret::{Secret, SecretEncoding};
use crate::signer::{MAX_SECRETS, Signer, Verifier};

/// The longest token (and the longest claims text) the core reads or writes:
/// 64 KiB. Vendor tokens are a few hundred bytes.
pub const MAX_TOKEN_BYTES: usize = 64 * 1024;

/// The default clock leeway of a [`TokenVerifier`], in seconds.
pub const DEFAULT_LEEWAY: u64 = 60;

/// A token's claims: a JSON object.
pub type Claims = Map<String, Value>;

/// The registered claims that must be integers (NumericDate, RFC 7519 §2).
const TIME_CLAIMS: [&str; 3] = ["exp", "nbf", "iat"];

/// How [`sign_token`] signs, beyond the secret and the claims.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenOptions {
    /// Seconds until the token expires: sets `exp` to `now + expires_in`.
    pub expires_in: Option<u64>,
    /// The key id, written as the header's `kid` (Zendesk's key id).
    pub key_id: Option<String>,
    /// The current time in seconds since the Unix epoch; `None` reads the
    /// system clock. For tests and reproducible tokens.
    pub now: Option<i64>,
}

impl TokenOptions {
    /// No expiry, no key id, the system clock.
    pub fn new() -> Self {
        TokenOptions::default()
    }

    /// These options, with `exp` set `seconds` after `now`.
    pub fn with_expires_in(mut self, seconds: u64) -> Self {
        self.expires_in = Some(seconds);
        self
    }

    /// These options, with the header's `kid`.
    pub fn with_key_id(mut self, key_id: impl Into<String>) -> Self {
        self.key_id = Some(key_id.into());
        self
    }

    /// These options, with a fixed current time (seconds since the Unix epoch).
    pub fn with_now(mut self, now: i64) -> Self {
        self.now = Some(now);
        self
    }
}

/// Signs the claims given as JSON text (or bytes; they must be UTF-8 JSON).
///
/// The claims must be one JSON object, name no claim twice, and give `exp`,
/// `nbf` and `iat` integer values when present; otherwise `INVALID_CLAIMS`
/// names the claim or the reason (`"not JSON"`, `"not a JSON object"`,
/// `"duplicate claim"`, `"nested too deeply"`, `"too large"`). The core adds
/// `iat` (the current time) unless the claims have one, and with
/// `expires_in` sets `exp` (a given `exp` as well is `INVALID_CLAIMS`).
///
/// ```
/// use identity_hmac::{Secret, TokenOptions, TokenVerifier, sign_token};
///
/// let secret = Secret::text("your-messenger-api-secret")?;
/// let options = TokenOptions::new().with_expires_in(3600).with_now(1_700_000_000);
/// let token = sign_token(&secret, r#"{"user_id": "42", "email": "alice@example.com"}"#, &options)?;
/// let claims = TokenVerifier::new([&secret])?.verify_at(&token, 1_700_000_100)?;
/// assert_eq!(claims["user_id"], "42");
/// assert_eq!(claims["exp"], 1_700_003_600);
/// # Ok::<(), identity_hmac::Error>(())
/// ```
pub fn sign_token(secret: &Secret, claims_json: impl AsRef<[u8]>, options: &TokenOptions) -> Result<String, Error> {
    let text = claims_json.as_ref();
    if text.len() > MAX_TOKEN_BYTES {
        return Err(Error::InvalidClaims { claim: None, reason: "too large" });
    }
    let claims =
        parse_object(text).map_err(|problem| Error::InvalidClaims { claim: None, reason: problem.as_claims() })?;
    sign_token_claims(secret, claims, options)
}

/// Signs claims that are already a parsed JSON value; anything but an
/// object is `INVALID_CLAIMS`. See [`sign_token`].
pub fn sign_token_value(secret: &Secret, claims: Value, options: &TokenOptions) -> Result<String, Error> {
    match claims {
        Value::Object(claims) => sign_token_claims(secret, claims, options),
        _ => Err(Error::InvalidClaims { claim: None, reason: "not a JSON object" }),
    }
}

/// Signs a claims object. See [`sign_token`].
pub fn sign_token_claims(secret: &Secret, mut claims: Claims, options: &TokenOptions) -> Result<String, Error> {
    check_time_claims(&claims)?;
    let now = options.now.unwrap_or_else(unix_now);
    if !claims.contains_key("iat") {
        claims.insert("iat".to_owned(), now.into());
    }
    if let Some(expires_in) = options.expires_in {
        if claims.contains_key("exp") {
            return Err(Error::InvalidClaims { claim: Some("exp"), reason: "given twice (a claim and expires_in)" });
        }
        let exp = i64::try_from(expires_in)
            .ok()
            .and_then(|seconds| now.checked_add(seconds))
            .ok_or(Error::InvalidClaims { claim: Some("exp"), reason: "out of range" })?;
        claims.insert("exp".to_owned(), exp.into());
    }

    let mut header = BTreeMap::new();
    header.insert("alg", "HS256");
    header.insert("typ", "JWT");
    if let Some(key_id) = options.key_id.as_deref() {
        header.insert("kid", key_id);
    }
    // Sorted names whatever serde_json's map features are: the same input
    // always gives the same token.
    let sorted: BTreeMap<&str, &Value> = claims.iter().map(|(name, value)| (name.as_str(), value)).collect();
    let too_large = Error::InvalidClaims { claim: None, reason: "too large" };
    let header = serde_json::to_vec(&header).map_err(|_| too_large.clone())?;
    let payload = serde_json::to_vec(&sorted).map_err(|_| too_large.clone())?;
    if payload.len() > MAX_TOKEN_BYTES {
        return Err(too_large);
    }

    let mut token = String::with_capacity((header.len() + payload.len() + HASH_LEN) * 4 / 3 + 4);
    URL_SAFE_NO_PAD.encode_string(&header, &mut token);
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(&payload, &mut token);
    let signature = Signer::new(secret).sign(token.as_bytes());
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(signature.as_bytes(), &mut token);
    if token.len() > MAX_TOKEN_BYTES {
        return Err(too_large);
    }
    Ok(token)
}

/// Seconds since the Unix epoch by the system clock.
fn unix_now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// A JSON integer as i128 (serde_json holds it as i64 or u64).
fn integer(value: &Value) -> Option<i128> {
    value.as_i64().map(i128::from).or_else(|| value.as_u64().map(i128::from))
}

/// `exp`, `nbf` and `iat`, each `None` when absent; `INVALID_CLAIMS` when
/// one is not an integer.
fn time_claims(claims: &Claims) -> Result<[Option<i128>; 3], Error> {
    let mut times = [None; 3];
    for (slot, name) in times.iter_mut().zip(TIME_CLAIMS) {
        if let Some(value) = claims.get(name) {
            *slot = Some(integer(value).ok_or(Error::InvalidClaims { claim: Some(name), reason: "not an integer" })?);
        }
    }
    Ok(times)
}

fn check_time_claims(claims: &Claims) -> Result<(), Error> {
    time_claims(claims).map(|_| ())
}

/// Why a JSON text is not one object with unique names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JsonProblem {
    NotJson,
    NotObject,
    Duplicate,
    TooDeep,
}

impl JsonProblem {
    fn as_claims(self) -> &'static str {
        match self {
            JsonProblem::NotJson => "not JSON",
            JsonProblem::NotObject => "not a JSON object",
            JsonProblem::Duplicate => "duplicate claim",
            JsonProblem::TooDeep => "nested too deeply",
        }
    }

    fn as_header(self) -> &'static str {
        match self {
            JsonProblem::NotJson => "header is not JSON",
            JsonProblem::NotObject => "header is not a JSON object",
            JsonProblem::Duplicate => "duplicate header parameter",
            JsonProblem::TooDeep => "header nested too deeply",
        }
    }

    fn as_payload(self) -> &'static str {
        match self {
            JsonProblem::NotJson => "claims are not JSON",
            JsonProblem::NotObject => "claims are not a JSON object",
            JsonProblem::Duplicate => "duplicate claim",
            JsonProblem::TooDeep => "claims nested too deeply",
        }
    }
}

/// The message serde carries out of [`UniqueObject`] for a repeated name.
const DUPLICATE_NAME: &str = "duplicate name";

/// A JSON object whose top-level names are all different. serde_json's own
/// map keeps the last of a repeated name; this refuses it. Nested objects
/// are values and keep serde_json's rule.
struct UniqueObject(Claims);

impl<'de> Deserialize<'de> for UniqueObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;

        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = UniqueObject;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<UniqueObject, A::Error> {
                let mut object = Claims::new();
                while let Some(name) = access.next_key::<String>()? {
                    if object.contains_key(&name) {
                        return Err(de::Error::custom(DUPLICATE_NAME));
                    }
                    let value: Value = access.next_value()?;
                    object.insert(name, value);
                }
                Ok(UniqueObject(object))
            }
        }

        deserializer.deserialize_map(ObjectVisitor)
    }
}

fn parse_object(bytes: &[u8]) -> Result<Claims, JsonProblem> {
    serde_json::from_slice::<UniqueObject>(bytes).map(|object| object.0).map_err(|error| {
        // Only serde's fixed texts are looked at, never shown: they quote input.
        let text = error.to_string();
        if text.starts_with(DUPLICATE_NAME) {
            JsonProblem::Duplicate
        } else if text.starts_with("recursion limit exceeded") {
            JsonProblem::TooDeep
        } else if error.is_data() {
            JsonProblem::NotObject
        } else {
            JsonProblem::NotJson
        }
    })
}

/// One segment's bytes: canonical base64url, no padding, no white space.
fn decode_segment(segment: &[u8]) -> Result<Vec<u8>, Error> {
    URL_SAFE_NO_PAD.decode(segment).map_err(|_| Error::MalformedToken { reason: "invalid base64url" })
}

/// One key of a [`TokenVerifier`].
#[derive(Clone)]
struct TokenKey {
    id: Option<String>,
    signer: Signer,
}

/// Verifies HS256 identity tokens under 1 to 16 keys, newest first, each
/// optionally with a key id, and checks their time claims.
///
/// A token with a `kid` is checked under the keys with that id (none is
/// `UNKNOWN_KEY_ID`); a token without one under every key. Every candidate
/// MAC is computed and compared in constant time, so the timing does not
/// reveal which key matched. See the module notes for the order of checks.
#[derive(Clone)]
pub struct TokenVerifier {
    keys: Vec<TokenKey>,
    leeway: u64,
    max_lifetime: Option<u64>,
    required_claims: Vec<String>,
}

impl TokenVerifier {
    /// A verifier over 1 to [`MAX_SECRETS`] keys without key ids, newest
    /// first, with the default leeway and no other rule.
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a Secret>) -> Result<Self, Error> {
        let mut builder = TokenVerifierBuilder::new(SecretEncoding::Text);
        for secret in secrets {
            builder.push_secret(None, secret)?;
        }
        builder.build()
    }

    /// How many keys it holds.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Always `false`: a verifier holds at least one key.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The clock leeway, in seconds.
    pub fn leeway(&self) -> u64 {
        self.leeway
    }

    /// The longest `exp - iat` accepted, in seconds, if limited.
    pub fn max_lifetime(&self) -> Option<u64> {
        self.max_lifetime
    }

    /// The claims every token must have.
    pub fn required_claims(&self) -> &[String] {
        &self.required_claims
    }

    /// The claims of `token`, checked against the system clock.
    pub fn verify(&self, token: impl AsRef<[u8]>) -> Result<Claims, Error> {
        self.verify_at(token, unix_now())
    }

    /// The claims of `token`, checked at `now` (seconds since the Unix epoch).
    pub fn verify_at(&self, token: impl AsRef<[u8]>, now: i64) -> Result<Claims, Error> {
        let token = token.as_ref();
        if token.len() > MAX_TOKEN_BYTES {
            return Err(Error::MalformedToken { reason: "too long" });
        }
        let mut segments = token.split(|&b| b == b'.');
        let (Some(header), Some(payload), Some(signature), None) =
            (segments.next(), segments.next(), segments.next(), segments.next())
        else {
            return Err(Error::MalformedToken { reason: "not three segments" });
        };
        let header_json = decode_segment(header)?;
        let payload_json = decode_segment(payload)?;
        let signature = decode_segment(signature)?;
        let header_object =
            parse_object(&header_json).map_err(|problem| Error::MalformedToken { reason: problem.as_header() })?;
        let key_id = check_header(&header_object)?;

        let signing_input = &token[..header.len() + 1 + payload.len()];
        self.check_signature(key_id, signing_input, &signature)?;

        let claims =
            parse_object(&payload_json).map_err(|problem| Error::MalformedToken { reason: problem.as_payload() })?;
        self.check_claims(&claims, now)?;
        Ok(claims)
    }

    fn check_signature(&self, key_id: Option<&str>, signing_input: &[u8], signature: &[u8]) -> Result<(), Error> {
        let candidates = self.keys.iter().filter(|key| key_id.is_none() || key.id.as_deref() == key_id);
        let mut found = subtle::Choice::from(0);
        let mut tried = 0usize;
        for key in candidates {
            tried += 1;
            let mac = key.signer.sign(signing_input);
            found |= mac.as_bytes()[..].ct_eq(signature);
        }
        if tried == 0 {
            return Err(Error::UnknownKeyId);
        }
        if bool::from(found) { Ok(()) } else { Err(Error::BadSignature) }
    }

    fn check_claims(&self, claims: &Claims, now: i64) -> Result<(), Error> {
        let [exp, nbf, iat] = time_claims(claims)?;
        if let Some(missing) = self.required_claims.iter().find(|name| !claims.contains_key(name.as_str())) {
            return Err(Error::MissingClaim { claim: missing.clone() });
        }
        let (now, leeway) = (i128::from(now), i128::from(self.leeway));
        if exp.is_some_and(|exp| exp <= now - leeway) {
            return Err(Error::TokenExpired);
        }
        if nbf.is_some_and(|nbf| nbf > now + leeway) || iat.is_some_and(|iat| iat > now + leeway) {
            return Err(Error::TokenNotYetValid);
        }
        if let Some(max_lifetime) = self.max_lifetime {
            let exp = exp.ok_or_else(|| Error::MissingClaim { claim: "exp".to_owned() })?;
            let iat = iat.ok_or_else(|| Error::MissingClaim { claim: "iat".to_owned() })?;
            if exp - iat > i128::from(max_lifetime) {
                return Err(Error::LifetimeTooLong);
            }
        }
        Ok(())
    }
}

/// `alg` must be exactly `"HS256"`; `crit` and `b64` are refused; `kid`,
/// when present, must be a string, which is returned.
fn check_header(header: &Claims) -> Result<Option<&str>, Error> {
    match header.get("alg") {
        Some(Value::String(alg)) if alg == "HS256" => {}
        _ => return Err(Error::UnsupportedAlgorithm),
    }
    if header.contains_key("crit") {
        return Err(Error::MalformedToken { reason: "crit header parameter" });
    }
    if header.contains_key("b64") {
        return Err(Error::MalformedToken { reason: "b64 header parameter" });
    }
    match header.get("kid") {
        None => Ok(None),
        Some(Value::String(key_id)) => Ok(Some(key_id)),
        Some(_) => Err(Error::MalformedToken { reason: "kid is not a string" }),
    }
}

/// Builds a [`TokenVerifier`] one key at a time, for bindings that read a
/// host list item by item and stop at the first error (with its index).
pub struct TokenVerifierBuilder {
    encoding: SecretEncoding,
    keys: Vec<TokenKey>,
    leeway: u64,
    max_lifetime: Option<u64>,
    required_claims: Vec<String>,
}

impl TokenVerifierBuilder {
    /// An empty builder whose [`TokenVerifierBuilder::push`] decodes by
    /// `encoding`, with the default leeway.
    pub fn new(encoding: SecretEncoding) -> Self {
        TokenVerifierBuilder {
            encoding,
            keys: Vec::with_capacity(MAX_SECRETS),
            leeway: DEFAULT_LEEWAY,
            max_lifetime: None,
            required_claims: Vec::new(),
        }
    }

    /// How many keys it holds: the `secret_index` the next one gets.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no key was pushed yet.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// `TOO_MANY_SECRETS` once the builder is full, before anything is decoded.
    fn room(&self) -> Result<(), Error> {
        Verifier::check_secret_count(self.keys.len() + 1)
    }

    /// Decodes `secret` by the builder's encoding and adds it, with its key
    /// id if any. A decoding error carries this key's index.
    pub fn push(&mut self, key_id: Option<&str>, secret: &[u8]) -> Result<(), Error> {
        self.room()?;
        let index = self.keys.len();
        let secret = Secret::decode_bytes(secret, self.encoding).map_err(|e| e.with_secret_index(index))?;
        self.push_secret(key_id, &secret)
    }

    /// Adds a secret given as UTF-16 code units (JS and JVM strings).
    pub fn push_utf16(&mut self, key_id: Option<&str>, units: &[u16]) -> Result<(), Error> {
        self.room()?;
        let index = self.keys.len();
        let secret = Secret::decode_utf16(units, self.encoding).map_err(|e| e.with_secret_index(index))?;
        self.push_secret(key_id, &secret)
    }

    /// Adds a secret that is already decoded.
    pub fn push_secret(&mut self, key_id: Option<&str>, secret: &Secret) -> Result<(), Error> {
        self.room()?;
        self.keys.push(TokenKey { id: key_id.map(str::to_owned), signer: Signer::new(secret) });
        Ok(())
    }

    /// The clock leeway in seconds for `exp`, `nbf` and `iat` (default 60).
    pub fn with_leeway(mut self, seconds: u64) -> Self {
        self.leeway = seconds;
        self
    }

    /// The longest `exp - iat` accepted; a token then needs both claims.
    pub fn with_max_lifetime(mut self, seconds: Option<u64>) -> Self {
        self.max_lifetime = seconds;
        self
    }

    /// Claims every token must have (`MISSING_CLAIM` names the first absent one).
    pub fn with_required_claims<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.required_claims.extend(names.into_iter().map(Into::into));
        self
    }

    /// The verifier, or `NO_SECRETS` when no key was pushed.
    pub fn build(self) -> Result<TokenVerifier, Error> {
        Verifier::check_secret_count(self.keys.len())?;
        Ok(TokenVerifier {
            keys: self.keys,
            leeway: self.leeway,
            max_lifetime: self.max_lifetime,
            required_claims: self.required_claims,
        })
    }
}

impl fmt::Debug for TokenVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenVerifier(<redacted>, {} keys, leeway {} s)", self.keys.len(), self.leeway)
    }
}

impl fmt::Debug for TokenVerifierBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenVerifierBuilder(<redacted>, {} keys)", self.keys.len())
    }
}

const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<TokenVerifier>();
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_names_and_non_objects_are_told_apart() {
        assert_eq!(parse_object(br#"{"a":1,"a":2}"#), Err(JsonProblem::Duplicate));
        assert_eq!(parse_object(br#"{"a":{"b":1,"b":2}}"#).map(|o| o["a"]["b"].clone()), Ok(Value::from(2)));
        assert_eq!(parse_object(b"[1]"), Err(JsonProblem::NotObject));
        assert_eq!(parse_object(b"\"x\""), Err(JsonProblem::NotObject));
        assert_eq!(parse_object(b"{"), Err(JsonProblem::NotJson));
        assert_eq!(parse_object(b"{} {}"), Err(JsonProblem::NotJson));
        assert_eq!(parse_object(b"\xff"), Err(JsonProblem::NotJson));
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(200), "]".repeat(200));
        assert_eq!(parse_object(deep.as_bytes()), Err(JsonProblem::TooDeep));
        let fine = format!("{{\"a\":{}{}}}", "[".repeat(100), "]".repeat(100));
        assert!(parse_object(fine.as_bytes()).is_ok());
    }

    #[test]
    fn integers_up_to_u64_are_integers_and_floats_are_not() {
        assert_eq!(integer(&Value::from(u64::MAX)), Some(i128::from(u64::MAX)));
        assert_eq!(integer(&Value::from(-5)), Some(-5));
        assert_eq!(integer(&serde_json::json!(1.0)), None);
        assert_eq!(integer(&Value::from("1")), None);
    }
}
