//! The Rust core's harness for the conformance runner: reads protocol lines
//! on stdin and answers each on stdout.
//!
//! `token_sign` hands the claims' JSON text to `sign_token` as it comes: for
//! Rust, JSON text is the host form (serde_json's map would already have
//! dropped a duplicate name, which the core refuses in text).

use std::io::{self, BufRead, BufWriter, Write};

use identity_hmac::{Secret, SecretEncoding, Signer, TokenOptions, TokenVerifierBuilder, sign_token};

fn signer(encoding: &str, secret_hex: &str) -> Result<Signer, String> {
    let secret = hex::decode(secret_hex).map_err(|e| format!("BAD_REQUEST bad hex field: {e}"))?;
    let encoding: SecretEncoding = encoding.parse().map_err(|e: identity_hmac::Error| e.code().to_string())?;
    let secret = Secret::decode_bytes(&secret, encoding).map_err(|e| e.code().to_string())?;
    Ok(Signer::new(&secret))
}

fn bytes(field: &str) -> Result<Vec<u8>, String> {
    hex::decode(field).map_err(|e| format!("BAD_REQUEST bad hex field: {e}"))
}

fn text(field: &str) -> Result<String, String> {
    String::from_utf8(bytes(field)?).map_err(|_| "BAD_REQUEST a text field is not UTF-8".to_string())
}

fn number<T: std::str::FromStr>(field: &str) -> Result<T, String> {
    field.parse().map_err(|_| format!("BAD_REQUEST not a number: {field:?}"))
}

fn optional<T: std::str::FromStr>(field: &str) -> Result<Option<T>, String> {
    if field == "-" { Ok(None) } else { number(field).map(Some) }
}

/// `token_verify id text|hex KEYS token_hex now leeway max_lifetime|- required_claims_hex`.
fn token_verify(fields: &[&str]) -> Result<String, String> {
    let [encoding, keys, token, now, leeway, max_lifetime, required] = fields else {
        return Err("BAD_REQUEST token_verify takes 7 fields after the id".into());
    };
    let encoding: SecretEncoding = encoding.parse().map_err(|e: identity_hmac::Error| e.code().to_string())?;
    let required: Vec<String> = serde_json::from_slice(&bytes(required)?)
        .map_err(|_| "BAD_REQUEST required_claims is not a JSON list of strings".to_string())?;
    let mut builder = TokenVerifierBuilder::new(encoding)
        .with_leeway(number(leeway)?)
        .with_max_lifetime(optional(max_lifetime)?)
        .with_required_claims(required);
    for key in keys.split(',').filter(|k| !k.is_empty()) {
        let (kid, secret) = key.split_once(':').ok_or("BAD_REQUEST a key is KIDHEX:SECRETHEX")?;
        let kid = if kid.is_empty() { None } else { Some(text(kid)?) };
        builder.push(kid.as_deref(), &bytes(secret)?).map_err(|e| e.code().to_string())?;
    }
    let verifier = builder.build().map_err(|e| e.code().to_string())?;
    let claims = verifier.verify_at(bytes(token)?, number(now)?).map_err(|e| e.code().to_string())?;
    let json = serde_json::to_string(&claims).map_err(|e| format!("BAD_REQUEST claims do not serialize: {e}"))?;
    Ok(format!("claims\t{}", hex::encode(json)))
}

/// `token_sign id text|hex secret_hex claims_hex now expires_in|- kid_hex|-`.
fn token_sign(fields: &[&str]) -> Result<String, String> {
    let [encoding, secret, claims, now, expires_in, kid] = fields else {
        return Err("BAD_REQUEST token_sign takes 6 fields after the id".into());
    };
    let encoding: SecretEncoding = encoding.parse().map_err(|e: identity_hmac::Error| e.code().to_string())?;
    let secret = Secret::decode_bytes(&bytes(secret)?, encoding).map_err(|e| e.code().to_string())?;
    let mut options = TokenOptions::new().with_now(number(now)?);
    if let Some(seconds) = optional(expires_in)? {
        options = options.with_expires_in(seconds);
    }
    if *kid != "-" {
        options = options.with_key_id(text(kid)?);
    }
    let token = sign_token(&secret, bytes(claims)?, &options).map_err(|e| e.code().to_string())?;
    Ok(format!("token\t{token}"))
}

fn answer(line: &str) -> String {
    let fields: Vec<&str> = line.split('\t').collect();
    let id = fields.get(1).copied().unwrap_or("");
    let result = match fields.as_slice() {
        ["sign", _, encoding, secret, identifier] => {
            signer(encoding, secret).and_then(|s| Ok(format!("hash\t{}", s.sign_hex(bytes(identifier)?))))
        }
        ["verify", _, encoding, secret, identifier, presented] => signer(encoding, secret)
            .and_then(|s| Ok(format!("bool\t{}", s.verify(bytes(identifier)?, bytes(presented)?)))),
        ["secret", _, encoding, secret] => signer(encoding, secret).map(|_| "ok".to_string()),
        ["token_verify", _, rest @ ..] => token_verify(rest),
        ["token_sign", _, rest @ ..] => token_sign(rest),
        _ => Err("BAD_REQUEST malformed request line".to_string()),
    };
    match result {
        Ok(body) => format!("{id}\t{body}"),
        Err(code) => format!("{id}\terror\t{code}"),
    }
}

fn main() -> io::Result<()> {
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        writeln!(out, "{}", answer(line.trim_end_matches('\r')))?;
    }
    out.flush()
}
