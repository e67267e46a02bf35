//! The `tokens` group: `tokens.json` (written by `generate_tokens.py` with
//! PyJWT), its `token_verify` and `token_sign` request lines, and the judge of
//! their answers.
//!
//! The judge is independent of identity-hmac's token code: it splits a signed
//! token itself, decodes its segments with the `base64` crate (URL-safe, no
//! padding), checks the signature with the `hmac` and `sha2` crates under the
//! row's key, and reads the header and claims with `serde_json`, refusing a
//! name given twice at any depth. Header and claims are then compared with
//! what PyJWT decoded, as JSON values.

use std::fmt;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::Sha256;

use crate::{Bytes, Expected, Outcome};

/// `tokens.json`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TokenCorpus {
    pub format: u32,
    pub verify: Vec<TokenVerifyRow>,
    pub sign: Vec<TokenSignRow>,
}

/// One key of a verify row: an optional key id and the secret.
#[derive(Debug, Clone, Deserialize)]
pub struct TokenKey {
    pub kid: Option<String>,
    pub secret: Bytes,
}

/// A token that must be verified (its claims) or refused (a code).
#[derive(Debug, Clone, Deserialize)]
pub struct TokenVerifyRow {
    pub id: String,
    pub about: String,
    pub secret_encoding: String,
    pub keys: Vec<TokenKey>,
    pub token: String,
    pub now: i64,
    pub leeway: u64,
    pub max_lifetime: Option<u64>,
    pub required_claims: Vec<String>,
    /// `{"claims": {...}}` or `{"error": CODE}`.
    pub expected: Value,
}

/// Claims to sign, with the header and claims the token must carry (or a code).
#[derive(Debug, Clone, Deserialize)]
pub struct TokenSignRow {
    pub id: String,
    pub about: String,
    pub secret_encoding: String,
    pub secret: Bytes,
    /// A claims spec: `{"json": VALUE}`, `{"text": JSON}`,
    /// `{"huge_string": {"claim", "bytes"}}` or `{"nested_arrays": {"claim", "depth"}}`.
    pub claims: Value,
    pub now: i64,
    pub expires_in: Option<u64>,
    pub kid: Option<String>,
    /// `{"header": {...}, "claims": {...}}`, `{"error": CODE}` or `{"one_of": [...]}`.
    pub expected: Value,
}

/// What a signed token must be: HMAC-SHA256 under `key`, with this header and these claims.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenExpectation {
    pub key: Vec<u8>,
    pub header: Value,
    pub claims: Value,
}

impl fmt::Debug for TokenExpectation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "TokenExpectation {{ key: <{} bytes>, header: {}, claims: {} }}",
            self.key.len(),
            self.header,
            self.claims
        )
    }
}

/// Reads `tokens.json`.
pub fn load(path: &Path) -> Result<TokenCorpus, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let tokens: TokenCorpus =
        serde_json::from_str(&text).map_err(|e| format!("cannot parse {}: {e}", path.display()))?;
    if tokens.format != 1 {
        return Err(format!("unsupported tokens format {}", tokens.format));
    }
    Ok(tokens)
}

fn error_code(expected: &Value) -> Option<Result<Expected, String>> {
    let code = expected.get("error")?;
    Some(
        code.as_str()
            .map(|c| Expected::Error { code: c.to_string(), position: None })
            .ok_or_else(|| format!("error code {code} is not a string")),
    )
}

/// The key bytes a secret stands for (the judge's own reading of `text`/`hex`).
fn key_bytes(encoding: &str, secret: &[u8]) -> Result<Vec<u8>, String> {
    match encoding {
        "text" => Ok(secret.to_vec()),
        "hex" => hex::decode(secret).map_err(|e| format!("the row's hex secret does not decode: {e}")),
        other => Err(format!("unknown secret encoding {other:?} in tokens.json")),
    }
}

impl TokenVerifyRow {
    /// `token_verify id text|hex KEYS token_hex now leeway max_lifetime|- required_claims_hex`.
    pub fn line(&self) -> Result<String, String> {
        let mut keys = Vec::with_capacity(self.keys.len());
        for key in &self.keys {
            let kid = key.kid.as_deref().map(hex::encode).unwrap_or_default();
            keys.push(format!("{kid}:{}", hex::encode(key.secret.to_vec()?)));
        }
        let required = serde_json::to_string(&self.required_claims).map_err(|e| e.to_string())?;
        Ok(format!(
            "token_verify\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            self.id,
            self.secret_encoding,
            keys.join(","),
            hex::encode(&self.token),
            self.now,
            self.leeway,
            self.max_lifetime.map_or_else(|| "-".to_string(), |s| s.to_string()),
            hex::encode(required)
        ))
    }

    pub fn expected(&self) -> Result<Expected, String> {
        if let Some(error) = error_code(&self.expected) {
            return error;
        }
        match self.expected.get("claims") {
            Some(claims @ Value::Object(_)) => Ok(Expected::Claims(claims.clone())),
            _ => Err(format!("{}: expected needs \"claims\" (an object) or \"error\"", self.id)),
        }
    }
}

/// The JSON text a claims spec stands for (what the host's map encodes to;
/// `generate.py`'s `token_claims_text` spells out the same specs).
pub fn claims_text(spec: &Value) -> Result<String, String> {
    let field = |outer: &str, name: &str| spec[outer].get(name).cloned().ok_or_else(|| format!("{outer} needs {name}"));
    if let Some(value) = spec.get("json") {
        serde_json::to_string(value).map_err(|e| e.to_string())
    } else if let Some(text) = spec.get("text") {
        text.as_str().map(str::to_string).ok_or_else(|| "text must be a string".to_string())
    } else if spec.get("huge_string").is_some() {
        let claim = field("huge_string", "claim")?;
        let bytes = field("huge_string", "bytes")?.as_u64().ok_or("bytes must be a count")?;
        let mut object = Map::new();
        object.insert(
            claim.as_str().ok_or("claim must be a string")?.to_string(),
            Value::String("x".repeat(bytes as usize)),
        );
        serde_json::to_string(&object).map_err(|e| e.to_string())
    } else if spec.get("nested_arrays").is_some() {
        let claim = field("nested_arrays", "claim")?;
        let depth = field("nested_arrays", "depth")?.as_u64().ok_or("depth must be a count")? as usize;
        Ok(format!("{{{claim}:{}{}}}", "[".repeat(depth), "]".repeat(depth)))
    } else {
        Err(format!("unknown claims spec {spec}"))
    }
}

impl TokenSignRow {
    /// `token_sign id text|hex secret_hex claims_hex now expires_in|- kid_hex|-`.
    pub fn line(&self) -> Result<String, String> {
        Ok(format!(
            "token_sign\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            self.id,
            self.secret_encoding,
            hex::encode(self.secret.to_vec()?),
            hex::encode(claims_text(&self.claims).map_err(|e| format!("{}: {e}", self.id))?),
            self.now,
            self.expires_in.map_or_else(|| "-".to_string(), |s| s.to_string()),
            self.kid.as_deref().map_or_else(|| "-".to_string(), hex::encode)
        ))
    }

    pub fn expected(&self) -> Result<Expected, String> {
        self.expectation(&self.expected)
    }

    fn expectation(&self, expected: &Value) -> Result<Expected, String> {
        if let Some(error) = error_code(expected) {
            return error;
        }
        if let Some(Value::Array(alternatives)) = expected.get("one_of") {
            return alternatives.iter().map(|a| self.expectation(a)).collect::<Result<_, _>>().map(Expected::OneOf);
        }
        match (expected.get("header"), expected.get("claims")) {
            (Some(header @ Value::Object(_)), Some(claims @ Value::Object(_))) => {
                Ok(Expected::Token(TokenExpectation {
                    key: key_bytes(&self.secret_encoding, &self.secret.to_vec()?)?,
                    header: header.clone(),
                    claims: claims.clone(),
                }))
            }
            _ => Err(format!("{}: expected needs \"header\" and \"claims\", \"error\" or \"one_of\"", self.id)),
        }
    }
}

/// A JSON value whose objects name nothing twice, at any depth.
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrictVisitor;

        impl<'de> Visitor<'de> for StrictVisitor {
            type Value = Strict;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Strict, E> {
                Ok(Strict(Value::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Strict, E> {
                Ok(Strict(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Strict, E> {
                Ok(Strict(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Strict, E> {
                Ok(Strict(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Strict, E> {
                Ok(Strict(Value::String(v.to_string())))
            }
            fn visit_string<E>(self, v: String) -> Result<Strict, E> {
                Ok(Strict(Value::String(v)))
            }
            fn visit_unit<E>(self) -> Result<Strict, E> {
                Ok(Strict(Value::Null))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Strict, A::Error> {
                let mut items = Vec::new();
                while let Some(Strict(item)) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Strict(Value::Array(items)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Strict, A::Error> {
                let mut object = Map::new();
                while let Some(name) = access.next_key::<String>()? {
                    let Strict(value) = access.next_value()?;
                    if object.insert(name.clone(), value).is_some() {
                        return Err(de::Error::custom(format!("the name {name:?} is given twice")));
                    }
                }
                Ok(Strict(Value::Object(object)))
            }
        }

        deserializer.deserialize_any(StrictVisitor)
    }
}

/// Parses JSON, refusing a name given twice in any object.
pub fn parse_strict(bytes: &[u8]) -> Result<Value, String> {
    serde_json::from_slice::<Strict>(bytes).map(|s| s.0).map_err(|e| e.to_string())
}

fn integer(n: &serde_json::Number) -> Option<i128> {
    n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from))
}

/// JSON values equal, numbers by value: integers exactly, and an integer
/// equal to a float when the float is that integer (a host may write `1.0`).
pub fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (integer(x), integer(y)) {
            (Some(i), Some(j)) => i == j,
            _ => x.as_f64().is_some_and(|f| y.as_f64() == Some(f)),
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_equal(p, q)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

fn short(value: &impl Serialize) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    if text.chars().count() > 200 { format!("{}...", text.chars().take(200).collect::<String>()) } else { text }
}

/// Judges a `claims` answer: hex of JSON text whose value equals the expected claims.
pub fn judge_claims(want: &Value, hex_text: &str) -> Outcome {
    let bytes = match hex::decode(hex_text) {
        Ok(b) => b,
        Err(e) => return Outcome::Broken(format!("claims are not hex: {e}")),
    };
    match parse_strict(&bytes) {
        Err(e) => Outcome::WrongValue(format!("the claims are not JSON with unique names: {e}")),
        Ok(got) if json_equal(&got, want) => Outcome::Match,
        Ok(got) => Outcome::WrongValue(format!("claims {} where {} was expected", short(&got), short(want))),
    }
}

/// Checks a signed token on its own: three base64url segments without
/// padding, HMAC-SHA256 of `header.claims` under the key, and a header and
/// claims that are JSON objects (no name twice) equal to the expected ones.
pub fn check_token(want: &TokenExpectation, token: &str) -> Result<(), String> {
    let segments: Vec<&str> = token.split('.').collect();
    let [header, claims, signature] = segments[..] else {
        return Err(format!("{} segments, not 3", segments.len()));
    };
    let decode = |segment: &str, what: &str| {
        URL_SAFE_NO_PAD.decode(segment).map_err(|e| format!("the {what} segment is not base64url without padding: {e}"))
    };
    let header_json = decode(header, "header")?;
    let claims_json = decode(claims, "claims")?;
    let signature = decode(signature, "signature")?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&want.key).map_err(|e| e.to_string())?;
    mac.update(header.as_bytes());
    mac.update(b".");
    mac.update(claims.as_bytes());
    mac.verify_slice(&signature)
        .map_err(|_| "the signature is not HMAC-SHA256 of header.claims under the row's key")?;
    let header = parse_strict(&header_json).map_err(|e| format!("the header is not JSON with unique names: {e}"))?;
    if !json_equal(&header, &want.header) {
        return Err(format!("header {} where {} was expected", short(&header), short(&want.header)));
    }
    let claims = parse_strict(&claims_json).map_err(|e| format!("the claims are not JSON with unique names: {e}"))?;
    if !json_equal(&claims, &want.claims) {
        return Err(format!("claims {} where {} was expected", short(&claims), short(&want.claims)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn b64(bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(bytes)
    }

    fn signed(key: &[u8], header: &str, claims: &str) -> String {
        let input = format!("{}.{}", b64(header.as_bytes()), b64(claims.as_bytes()));
        let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
        mac.update(input.as_bytes());
        format!("{input}.{}", b64(&mac.finalize().into_bytes()))
    }

    fn expectation() -> TokenExpectation {
        TokenExpectation {
            key: b"k".to_vec(),
            header: json!({"alg": "HS256", "typ": "JWT"}),
            claims: json!({"user_id": "42", "iat": 1}),
        }
    }

    #[test]
    fn a_token_is_checked_on_its_own() {
        let want = expectation();
        let header = r#"{"typ":"JWT","alg":"HS256"}"#;
        assert_eq!(check_token(&want, &signed(b"k", header, r#"{"iat":1,"user_id":"42"}"#)), Ok(()));
        // A float equal to the integer is the same number.
        assert_eq!(check_token(&want, &signed(b"k", header, r#"{"iat":1.0,"user_id":"42"}"#)), Ok(()));
        let refused = [
            signed(b"other", header, r#"{"iat":1,"user_id":"42"}"#),
            signed(b"k", header, r#"{"iat":1,"user_id":"43"}"#),
            signed(b"k", header, r#"{"iat":1,"user_id":"42","extra":true}"#),
            signed(b"k", header, r#"{"iat":1,"user_id":"1","user_id":"42"}"#),
            signed(b"k", r#"{"alg":"HS256","typ":"JWT","kid":"x"}"#, r#"{"iat":1,"user_id":"42"}"#),
            signed(b"k", r#"{"alg":"HS256","alg":"HS256","typ":"JWT"}"#, r#"{"iat":1,"user_id":"42"}"#),
            format!("{}=", signed(b"k", header, r#"{"iat":1,"user_id":"42"}"#)),
            signed(b"k", header, r#"{"iat":1,"user_id":"42"}"#).replacen('.', "..", 1),
        ];
        for token in refused {
            assert!(check_token(&want, &token).is_err(), "{token}");
        }
    }

    #[test]
    fn claims_compare_as_values() {
        let want = json!({"a": [1, 1.5, null], "b": {"c": "é"}});
        let got = hex::encode(r#"{"b":{"c":"\u00e9"},"a":[1.0,1.5,null]}"#);
        assert_eq!(judge_claims(&want, &got), Outcome::Match);
        assert_eq!(judge_claims(&want, &hex::encode(r#"{"b":{"c":"e"},"a":[1,1.5,null]}"#)).class(), "wrong");
        assert_eq!(
            judge_claims(&want, &hex::encode(r#"{"a":[1,1.5,null],"a":[1,1.5,null],"b":{"c":"é"}}"#)).class(),
            "wrong"
        );
        assert_eq!(judge_claims(&want, "zz").class(), "broken");
        assert!(!json_equal(&json!(9007199254740993u64), &json!(9007199254740992u64)));
    }
}
