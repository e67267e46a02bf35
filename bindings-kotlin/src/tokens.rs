//! Identity tokens (the design contract's §7), for the hand-written
//! `signToken` and `TokenVerifier` of src/main/kotlin/.../Tokens.kt. Claims
//! cross as JSON text both ways: the host's JSON library writes and reads
//! it there, the core parses, checks and signs it here.

use std::sync::Arc;

use identity_hmac::{Claims, Secret, TokenOptions, TokenVerifierBuilder};

use crate::{IdentityHmacError, Result, SecretEncoding, SecretString};

/// Signs the claims given as JSON text (the core's `sign_token`).
#[uniffi::export]
pub fn native_sign_token(
    secret: SecretString,
    claims_json: String,
    expires_in: Option<u64>,
    key_id: Option<String>,
    now: Option<i64>,
    secret_encoding: SecretEncoding,
) -> Result<String> {
    let secret = Secret::decode_utf16(&secret.0, secret_encoding.into())?;
    let mut options = TokenOptions::new();
    options.expires_in = expires_in;
    options.key_id = key_id;
    options.now = now;
    Ok(identity_hmac::sign_token(&secret, claims_json, &options)?)
}

/// Throws `INVALID_CLAIMS` for claims the host's JSON library could not
/// encode (a NaN, an object it has no JSON for): the core's
/// `Error::claims_not_encodable()`, the same message in every language.
#[uniffi::export]
pub fn raise_claims_not_encodable() -> Result<()> {
    Err(identity_hmac::Error::claims_not_encodable().into())
}

/// The claims as compact JSON text. `Claims` is serde_json's map: moved into
/// a map of its own type as a value, it becomes a JSON value whose `Display`
/// is its JSON text (this crate names no serde_json type of its own).
fn claims_json(claims: Claims) -> String {
    let mut holder = Claims::new();
    holder.insert(String::new(), claims.into());
    holder.remove("").map(|value| value.to_string()).unwrap_or_default()
}

/// The core's `TokenVerifier`, whose `verify` returns the claims as JSON
/// text. `TokenVerifier` (Tokens.kt) wraps it and returns a `Map`.
#[derive(uniffi::Object)]
pub struct NativeTokenVerifier {
    inner: identity_hmac::TokenVerifier,
}

#[uniffi::export]
impl NativeTokenVerifier {
    /// Keys newest first: `secrets[i]` with the key id `key_ids[i]` (null =
    /// none); 1 to 16 of them. Stops at the first bad secret (its `secretIndex`
    /// is in the error) or at the 17th.
    #[uniffi::constructor]
    pub fn new(
        key_ids: Vec<Option<String>>,
        secrets: Vec<SecretString>,
        secret_encoding: SecretEncoding,
        leeway: u64,
        max_lifetime: Option<u64>,
        required_claims: Vec<String>,
    ) -> Result<Arc<Self>> {
        let mut builder = TokenVerifierBuilder::new(secret_encoding.into())
            .with_leeway(leeway)
            .with_max_lifetime(max_lifetime)
            .with_required_claims(required_claims);
        for (index, secret) in secrets.iter().enumerate() {
            let key_id = key_ids.get(index).and_then(Option::as_deref);
            builder.push_utf16(key_id, &secret.0)?;
        }
        Ok(Arc::new(NativeTokenVerifier { inner: builder.build()? }))
    }

    /// The token's claims as JSON text, checked at `now` (seconds since the
    /// Unix epoch; null = the system clock).
    pub fn verify_json(&self, token: String, now: Option<i64>) -> Result<String> {
        let claims = match now {
            Some(now) => self.inner.verify_at(token, now),
            None => self.inner.verify(token),
        }
        .map_err(IdentityHmacError::from)?;
        Ok(claims_json(claims))
    }

    /// How many keys it holds.
    pub fn size(&self) -> i32 {
        i32::try_from(self.inner.len()).unwrap_or(i32::MAX)
    }
}
