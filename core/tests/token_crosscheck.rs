//! Tokens cross-checked against independent JWT libraries, run for real:
//! PyJWT (Python) and jsonwebtoken (Node), pinned and installed by
//! `core/tests/support/crosscheck_tokens.sh`, which runs these tests with
//! `--ignored` and points the environment variables below at them.
//!
//! Both ways: their verifier accepts every token the core signs, with equal
//! claims, and the core accepts every token they sign, with equal claims.

use std::path::{Path, PathBuf};
use std::process::Command;

use identity_hmac::{Secret, SecretEncoding, TokenOptions, TokenVerifierBuilder, sign_token_value};
use serde_json::{Value, json};

/// The tokens the core signs: text and hex secrets, a 131-byte key, with
/// and without `kid`, non-ASCII and nested claims, an expiry.
fn core_tokens() -> Vec<Value> {
    let long_key: Vec<u8> = (0..131u8).collect();
    let cases: Vec<(Secret, Option<&str>, Value, Option<u64>)> = vec![
        (Secret::text("your-messenger-api-secret-0123456789").unwrap(), None, json!({"user_id": "42"}), Some(3600)),
        (Secret::from_bytes(&long_key).unwrap(), None, json!({"sub": "12345"}), None),
        (
            Secret::text("zendesk-shared-secret-0123456789ab").unwrap(),
            Some("app_6543"),
            json!({"external_id": "user-42", "scope": "user", "name": "Zoë"}),
            Some(600),
        ),
        (
            Secret::hex("00ff10ee20dd30cc40bb50aa60997088").unwrap(),
            None,
            json!({"name": "Zoë 😀 </script>\u{2028}", "nested": {"a": [1, 2, null, true]}, "n": -1}),
            Some(60),
        ),
        // A 1-byte key. (No integers beyond 2^53 here: JavaScript reads them as floats.)
        (Secret::text("k").unwrap(), None, json!({"id": 9_007_199_254_740_991u64}), None),
    ];
    cases
        .into_iter()
        .map(|(secret, kid, claims, expires_in)| {
            let mut options = TokenOptions::new();
            options.key_id = kid.map(str::to_owned);
            options.expires_in = expires_in;
            let token = sign_token_value(&secret, claims, &options).unwrap();
            json!({"token": token, "key_hex": hex::encode(secret.expose_bytes()), "kid": kid})
        })
        .collect()
}

fn tmp(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name)
}

fn support(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support").join(name)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Runs `program args...`, failing with its stderr.
fn run(program: &mut Command) {
    let output = program.output().unwrap_or_else(|e| panic!("cannot run {program:?}: {e}"));
    assert!(output.status.success(), "{program:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
}

/// Both directions against one library, driven by `command` (the
/// interpreter with its script).
fn cross_check(library: &str, command: impl Fn() -> Command) {
    // Theirs verifies ours.
    let ours = core_tokens();
    let (ours_path, verdicts_path) = (tmp(&format!("{library}-ours.json")), tmp(&format!("{library}-verdicts.json")));
    std::fs::write(&ours_path, serde_json::to_vec(&ours).unwrap()).unwrap();
    run(command().arg("verify").arg(&ours_path).arg(&verdicts_path));
    let verdicts = read_json(&verdicts_path);
    for (case, verdict) in ours.iter().zip(verdicts.as_array().unwrap()) {
        let token = case["token"].as_str().unwrap();
        let payload = token.split('.').nth(1).unwrap();
        let ours: Value = serde_json::from_slice(&base64_url(payload)).unwrap();
        assert_eq!(verdict["claims"], ours, "{library} read other claims (or refused: {verdict}) from {token}");
        assert_eq!(verdict["kid"], case["kid"], "{library}: kid of {token}");
    }
    assert_eq!(verdicts.as_array().unwrap().len(), ours.len());

    // Ours verifies theirs.
    let theirs_path = tmp(&format!("{library}-theirs.json"));
    run(command().arg("sign").arg(&theirs_path));
    let theirs = read_json(&theirs_path);
    assert!(theirs.as_array().unwrap().len() >= 4);
    for case in theirs.as_array().unwrap() {
        let mut builder = TokenVerifierBuilder::new(SecretEncoding::Hex);
        builder.push(case["kid"].as_str(), case["key_hex"].as_str().unwrap().as_bytes()).unwrap();
        let token = case["token"].as_str().unwrap();
        let claims = builder.build().unwrap().verify(token).unwrap_or_else(|e| panic!("{library}'s {token}: {e}"));
        assert_eq!(Value::Object(claims), case["claims"], "{library}'s {token}");
    }
}

fn base64_url(segment: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(segment).unwrap()
}

/// `IDENTITY_HMAC_PYJWT_PYTHON`: a Python with PyJWT installed.
#[test]
#[ignore = "needs PyJWT: run core/tests/support/crosscheck_tokens.sh"]
fn pyjwt_and_the_core_accept_each_others_tokens() {
    let python = std::env::var_os("IDENTITY_HMAC_PYJWT_PYTHON").expect("IDENTITY_HMAC_PYJWT_PYTHON");
    cross_check("pyjwt", || {
        let mut command = Command::new(&python);
        command.arg(support("pyjwt_crosscheck.py"));
        command
    });
}

/// `IDENTITY_HMAC_JSONWEBTOKEN_PATH`: a node_modules directory holding jsonwebtoken.
#[test]
#[ignore = "needs jsonwebtoken: run core/tests/support/crosscheck_tokens.sh"]
fn jsonwebtoken_and_the_core_accept_each_others_tokens() {
    let modules = std::env::var_os("IDENTITY_HMAC_JSONWEBTOKEN_PATH").expect("IDENTITY_HMAC_JSONWEBTOKEN_PATH");
    cross_check("jsonwebtoken", || {
        let mut command = Command::new("node");
        command.env("NODE_PATH", &modules).arg(support("jsonwebtoken_crosscheck.js"));
        command
    });
}
