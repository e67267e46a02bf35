//! Identity tokens: signing, the RFC 7515 example, every refusal of the
//! verifier with its code, the token presets, and property tests.
//!
//! Every expected token was computed with Python's standard library, not with
//! this crate: `base64.urlsafe_b64encode(...).rstrip(b"=")` of
//! `json.dumps(obj, separators=(",", ":"), sort_keys=True, ensure_ascii=False)`
//! and `hmac.new(key, f"{header}.{payload}".encode(), hashlib.sha256)`.
//! Hostile tokens are built here with the `hmac` crate, independent of the core.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use identity_hmac::{
    Claims, Error, ErrorCode, MAX_TOKEN_BYTES, PageValues, Secret, SecretEncoding, TokenOptions, TokenVerifier,
    TokenVerifierBuilder, User, Widget, identify_with, sign_token, sign_token_claims, sign_token_value,
};
use proptest::prelude::*;
use serde_json::{Value, json};
use sha2::Sha256;

const NOW: i64 = 1_700_000_000;

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A token with exactly this header and payload text, signed by the `hmac`
/// crate under `key`.
fn forge(key: &[u8], header: &str, payload: &str) -> String {
    let input = format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()));
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(input.as_bytes());
    format!("{input}.{}", b64(&mac.finalize().into_bytes()))
}

const HS256: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

fn text(secret: &str) -> Secret {
    Secret::text(secret).unwrap()
}

fn verifier(secret: &str) -> TokenVerifier {
    TokenVerifier::new([&text(secret)]).unwrap()
}

fn code(result: Result<Claims, Error>) -> &'static str {
    result.map(|_| "OK").unwrap_or_else(|e| e.code())
}

#[test]
fn rfc7515_appendix_a1_verifies_under_its_jwk_key_as_hex() {
    // The JWK's "k", base64url-decoded and written as hex.
    let key = Secret::hex(
        "0323354b2b0fa5bc837e0665777ba68f5ab328e6f054c928a90f84b2d2502ebfd3fb5a92d20647ef968ab4c377623d223d2e2172052e4f08c0cd9af567d080a3",
    )
    .unwrap();
    let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let verifier = TokenVerifier::new([&key]).unwrap();
    let claims = verifier.verify_at(token, 1_300_819_000).unwrap();
    assert_eq!(Value::Object(claims), json!({"iss": "joe", "exp": 1_300_819_380, "http://example.com/is_root": true}));
    // Its exp is in 2011: today it has expired.
    assert_eq!(code(verifier.verify(token)), "TOKEN_EXPIRED");
    assert_eq!(code(verifier.verify_at(token, 1_300_819_380 + 60)), "TOKEN_EXPIRED");
    assert_eq!(code(verifier.verify_at(token, 1_300_819_380 + 59)), "OK");
}

#[test]
fn signing_writes_the_documented_header_and_adds_iat_and_exp() {
    let secret = text("your-messenger-api-secret");
    let token = sign_token(&secret, r#"{"user_id":"42"}"#, &TokenOptions::new().with_now(NOW)).unwrap();
    assert_eq!(
        token,
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MDAwMDAwMDAsInVzZXJfaWQiOiI0MiJ9.sEHeOJFsbBuIEvFcrBOhFui8CBSZ-Z7WdIbgUfIDq00"
    );
    let header = URL_SAFE_NO_PAD.decode(token.split('.').next().unwrap()).unwrap();
    assert_eq!(header, br#"{"alg":"HS256","typ":"JWT"}"#);

    let with_kid =
        sign_token(&secret, "{}", &TokenOptions::new().with_now(NOW).with_key_id("app_6543").with_expires_in(60))
            .unwrap();
    let header = URL_SAFE_NO_PAD.decode(with_kid.split('.').next().unwrap()).unwrap();
    assert_eq!(header, br#"{"alg":"HS256","kid":"app_6543","typ":"JWT"}"#);
    let mut by_id = TokenVerifierBuilder::new(SecretEncoding::Text);
    by_id.push(Some("app_6543"), b"your-messenger-api-secret").unwrap();
    let claims = by_id.build().unwrap().verify_at(&with_kid, NOW).unwrap();
    assert_eq!(Value::Object(claims), json!({"iat": NOW, "exp": NOW + 60}));

    // A given iat is kept; the same input gives the same bytes.
    let kept = sign_token_value(&secret, json!({"iat": 5, "user_id": "42"}), &TokenOptions::new().with_now(NOW));
    let again = sign_token(&secret, r#"{"user_id":"42","iat":5}"#, &TokenOptions::new());
    assert_eq!(kept, again);
    // Non-ASCII claims are UTF-8 JSON, as Python writes them with ensure_ascii=False.
    let zoe = sign_token(&text("k"), r#"{"name":"Zoë 😀","iat":1}"#, &TokenOptions::new()).unwrap();
    assert_eq!(
        zoe,
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjEsIm5hbWUiOiJab8OrIPCfmIAifQ.u755mAiY5SHD3Xbd_L-0MSMZaM_ThuY7uXNZH1fsmLY"
    );
}

/// Integers beyond 64 bits become floating point, as the module documents.
#[test]
fn integers_beyond_64_bits_are_read_as_floats() {
    let secret = text("k");
    let token = sign_token(&secret, r#"{"id":1180591620717411303424,"ok":18446744073709551615}"#, &TokenOptions::new())
        .unwrap();
    let payload = URL_SAFE_NO_PAD.decode(token.split('.').nth(1).unwrap()).unwrap();
    let payload = String::from_utf8(payload).unwrap();
    assert!(payload.contains(r#""id":1.1805916207174113e+21"#), "{payload}");
    assert!(payload.contains(r#""ok":18446744073709551615"#), "{payload}");
    let exp = sign_token(&secret, r#"{"exp":1180591620717411303424}"#, &TokenOptions::new()).unwrap_err();
    assert_eq!((exp.claim(), exp.reason()), (Some("exp"), Some("not an integer")));
}

#[test]
fn signing_refuses_claims_that_are_not_an_object_with_integer_times() {
    let secret = text("k");
    let options = TokenOptions::new().with_now(NOW);
    let refused = |claims: &str| sign_token(&secret, claims, &options).unwrap_err();
    for (claims, claim, reason) in [
        ("[1,2]", None, "not a JSON object"),
        ("\"user\"", None, "not a JSON object"),
        ("null", None, "not a JSON object"),
        ("{\"a\":", None, "not JSON"),
        ("", None, "not JSON"),
        ("{\"a\":1,\"a\":2}", None, "duplicate claim"),
        ("{\"exp\":1.5}", Some("exp"), "not an integer"),
        ("{\"exp\":\"1700000000\"}", Some("exp"), "not an integer"),
        ("{\"nbf\":true}", Some("nbf"), "not an integer"),
        ("{\"iat\":null}", Some("iat"), "not an integer"),
        ("{\"iat\":1e3}", Some("iat"), "not an integer"),
    ] {
        let error = refused(claims);
        assert_eq!((error.code(), error.claim(), error.reason()), ("INVALID_CLAIMS", claim, Some(reason)), "{claims}");
    }
    assert_eq!(refused("{\"a\":1,\"a\":2}").to_string(), "invalid claims: duplicate claim");
    assert_eq!(refused("{\"exp\":1.5}").to_string(), "invalid claims: exp is not an integer");
    let deep = format!("{{\"a\":{}{}}}", "[".repeat(1000), "]".repeat(1000));
    assert_eq!(refused(&deep).reason(), Some("nested too deeply"));
    // 10 MiB of claims is refused before it is parsed.
    let huge = format!("{{\"a\":\"{}\"}}", "x".repeat(10 << 20));
    assert_eq!(refused(&huge).reason(), Some("too large"));
    let just_too_big = format!("{{\"a\":\"{}\"}}", "x".repeat(MAX_TOKEN_BYTES - 100));
    assert_eq!(refused(&just_too_big).reason(), Some("too large"), "the token would exceed the limit");
    // exp twice, or out of range.
    let twice = sign_token(&secret, "{\"exp\":1}", &options.clone().with_expires_in(5)).unwrap_err();
    assert_eq!((twice.code(), twice.claim()), ("INVALID_CLAIMS", Some("exp")));
    let far = sign_token(&secret, "{}", &options.clone().with_expires_in(u64::MAX)).unwrap_err();
    assert_eq!((far.claim(), far.reason()), (Some("exp"), Some("out of range")));
    assert_eq!(sign_token_value(&secret, json!([1]), &options).unwrap_err().code(), "INVALID_CLAIMS");
    // Empty and malformed secrets are refused when the Secret is built, as everywhere.
    assert_eq!(Secret::text("").unwrap_err().code(), "EMPTY_SECRET");
    assert_eq!(Secret::hex("abc").unwrap_err().code(), "INVALID_HEX_SECRET");
}

/// The refusals of the verifier, each with the code the conformance corpus expects.
#[test]
fn the_verifier_refuses_each_trap_with_its_code() {
    let key = b"the-shared-secret";
    let v = TokenVerifierBuilder::new(SecretEncoding::Text);
    let mut v = v.with_max_lifetime(Some(3600)).with_required_claims(["sub"]);
    v.push(None, key).unwrap();
    let v = v.build().unwrap();
    let good = format!(r#"{{"sub":"42","iat":{NOW},"exp":{}}}"#, NOW + 600);
    let valid = forge(key, HS256, &good);
    assert_eq!(code(v.verify_at(&valid, NOW)), "OK");

    let none = format!("{}.{}.", b64(br#"{"alg":"none","typ":"JWT"}"#), b64(good.as_bytes()));
    let segments: Vec<&str> = valid.split('.').collect();
    let tampered_payload = b64(good.replace("\"42\"", "\"43\"").as_bytes());
    let cases: Vec<(&str, String, &str)> = vec![
        ("alg none, empty signature", none, "UNSUPPORTED_ALGORITHM"),
        ("RS256 in the header", forge(key, r#"{"alg":"RS256","typ":"JWT"}"#, &good), "UNSUPPORTED_ALGORITHM"),
        ("HS384", forge(key, r#"{"alg":"HS384"}"#, &good), "UNSUPPORTED_ALGORITHM"),
        ("hs256 lower case", forge(key, r#"{"alg":"hs256"}"#, &good), "UNSUPPORTED_ALGORITHM"),
        ("no alg", forge(key, r#"{"typ":"JWT"}"#, &good), "UNSUPPORTED_ALGORITHM"),
        ("alg not a string", forge(key, r#"{"alg":["HS256"]}"#, &good), "UNSUPPORTED_ALGORITHM"),
        ("another key", forge(b"another-secret", HS256, &good), "BAD_SIGNATURE"),
        ("tampered payload", format!("{}.{tampered_payload}.{}", segments[0], segments[2]), "BAD_SIGNATURE"),
        ("short signature", format!("{}.{}.AAAA", segments[0], segments[1]), "BAD_SIGNATURE"),
        ("padding", format!("{valid}="), "MALFORMED_TOKEN"),
        ("padded header", format!("{}=.{}.{}", segments[0], segments[1], segments[2]), "MALFORMED_TOKEN"),
        ("standard base64", format!("{}+/.{}.{}", segments[0], segments[1], segments[2]), "MALFORMED_TOKEN"),
        ("two segments", format!("{}.{}", segments[0], segments[1]), "MALFORMED_TOKEN"),
        ("four segments", format!("{valid}.x"), "MALFORMED_TOKEN"),
        ("empty", String::new(), "MALFORMED_TOKEN"),
        ("white space", format!(" {valid}"), "MALFORMED_TOKEN"),
        ("non-JSON header", forge(key, "not json", &good), "MALFORMED_TOKEN"),
        ("header not an object", forge(key, r#"["HS256"]"#, &good), "MALFORMED_TOKEN"),
        ("duplicate alg", forge(key, r#"{"alg":"none","alg":"HS256"}"#, &good), "MALFORMED_TOKEN"),
        ("crit", forge(key, r#"{"alg":"HS256","crit":["exp"]}"#, &good), "MALFORMED_TOKEN"),
        ("b64 false", forge(key, r#"{"alg":"HS256","b64":false}"#, &good), "MALFORMED_TOKEN"),
        ("kid not a string", forge(key, r#"{"alg":"HS256","kid":7}"#, &good), "MALFORMED_TOKEN"),
        ("claims not JSON", forge(key, HS256, "{"), "MALFORMED_TOKEN"),
        ("claims not an object", forge(key, HS256, "[]"), "MALFORMED_TOKEN"),
        ("duplicate claim", forge(key, HS256, &good.replace("{", r#"{"sub":"1","#)), "MALFORMED_TOKEN"),
        ("unknown kid", forge(key, r#"{"alg":"HS256","kid":"k9"}"#, &good), "UNKNOWN_KEY_ID"),
        ("exp not an integer", forge(key, HS256, r#"{"sub":"1","exp":"soon"}"#), "INVALID_CLAIMS"),
        ("nbf a float", forge(key, HS256, r#"{"sub":"1","nbf":1.5}"#), "INVALID_CLAIMS"),
        ("missing required claim", forge(key, HS256, &good.replace("sub", "uid")), "MISSING_CLAIM"),
        (
            "expired",
            forge(key, HS256, &format!(r#"{{"sub":"1","iat":{},"exp":{}}}"#, NOW - 700, NOW - 60)),
            "TOKEN_EXPIRED",
        ),
        (
            "not yet valid",
            forge(key, HS256, &format!(r#"{{"sub":"1","nbf":{},"iat":{NOW},"exp":{}}}"#, NOW + 61, NOW + 600)),
            "TOKEN_NOT_YET_VALID",
        ),
        (
            "issued in the future",
            forge(key, HS256, &format!(r#"{{"sub":"1","iat":{},"exp":{}}}"#, NOW + 61, NOW + 600)),
            "TOKEN_NOT_YET_VALID",
        ),
        (
            "over max_lifetime",
            forge(key, HS256, &format!(r#"{{"sub":"1","iat":{NOW},"exp":{}}}"#, NOW + 3601)),
            "LIFETIME_TOO_LONG",
        ),
        ("max_lifetime without exp", forge(key, HS256, &format!(r#"{{"sub":"1","iat":{NOW}}}"#)), "MISSING_CLAIM"),
    ];
    for (name, token, expected) in &cases {
        let result = v.verify_at(token, NOW);
        assert_eq!(code(result.clone()), *expected, "{name}: {result:?}");
        if let Err(error) = result {
            let message = error.to_string();
            assert!(!message.contains("the-shared-secret") && !message.contains("shared"), "{name}: {message}");
            assert!(
                !message.contains("42") && !message.contains(&NOW.to_string()),
                "{name}: a claim value in {message}"
            );
        }
    }
    let reason = |token: &str| v.verify_at(token, NOW).unwrap_err().reason();
    assert_eq!(reason(&cases[13].1), Some("not three segments"));
    assert_eq!(reason(&cases[9].1), Some("invalid base64url"));
    assert_eq!(reason(&cases[18].1), Some("duplicate header parameter"));
    assert_eq!(reason(&cases[24].1), Some("duplicate claim"));
    assert_eq!(v.verify_at(&cases[28].1, NOW).unwrap_err().claim(), Some("sub"));
    assert_eq!(v.verify_at(&cases[28].1, NOW).unwrap_err().to_string(), "the token lacks the required claim sub");
    // The boundaries: exp exactly leeway ago is expired, a second later is not.
    let at = |exp: i64| forge(key, HS256, &format!(r#"{{"sub":"1","iat":{},"exp":{exp}}}"#, exp - 10));
    assert_eq!(code(v.verify_at(at(NOW - 60), NOW)), "TOKEN_EXPIRED");
    assert_eq!(code(v.verify_at(at(NOW - 59), NOW)), "OK");
}

#[test]
fn hostile_sizes_are_bounded() {
    let v = verifier("k");
    let long = "a".repeat(MAX_TOKEN_BYTES + 1);
    let error = v.verify_at(&long, NOW).unwrap_err();
    assert_eq!((error.code(), error.reason()), ("MALFORMED_TOKEN", Some("too long")));
    let deep = format!("{{\"a\":{}1{}}}", "[".repeat(5000), "]".repeat(5000));
    let error = v.verify_at(forge(b"k", HS256, &deep), NOW).unwrap_err();
    assert_eq!(error.reason(), Some("claims nested too deeply"));
    let deep_header = format!("{{\"alg\":\"HS256\",\"x\":{}{}}}", "[".repeat(300), "]".repeat(300));
    assert_eq!(
        v.verify_at(forge(b"k", &deep_header, "{}"), NOW).unwrap_err().reason(),
        Some("header nested too deeply")
    );
    let dots = ".".repeat(1000);
    assert_eq!(v.verify_at(&dots, NOW).unwrap_err().reason(), Some("not three segments"));
    assert_eq!(v.verify_at(b"\xff\xfe.\x00.\x80", NOW).unwrap_err().code(), "MALFORMED_TOKEN");
}

#[test]
fn key_ids_pick_the_key_and_tokens_without_one_try_every_key() {
    let (old, new) = (text("old-signing-key"), text("new-signing-key"));
    let mut builder = TokenVerifierBuilder::new(SecretEncoding::Text);
    builder.push_secret(Some("app_2"), &new).unwrap();
    builder.push(Some("app_1"), b"old-signing-key").unwrap();
    let v = builder.build().unwrap();
    let sign = |secret: &Secret, kid: Option<&str>| {
        let mut options = TokenOptions::new().with_now(NOW);
        options.key_id = kid.map(str::to_owned);
        sign_token(secret, r#"{"external_id":"u1","scope":"user"}"#, &options).unwrap()
    };
    assert_eq!(code(v.verify_at(sign(&old, Some("app_1")), NOW)), "OK");
    assert_eq!(code(v.verify_at(sign(&new, Some("app_2")), NOW)), "OK");
    assert_eq!(code(v.verify_at(sign(&old, None), NOW)), "OK");
    assert_eq!(code(v.verify_at(sign(&new, None), NOW)), "OK");
    // The right key under the wrong id is a bad signature, not a match.
    assert_eq!(code(v.verify_at(sign(&old, Some("app_2")), NOW)), "BAD_SIGNATURE");
    assert_eq!(code(v.verify_at(sign(&old, Some("app_3")), NOW)), "UNKNOWN_KEY_ID");
    // A verifier without key ids knows no kid.
    assert_eq!(code(TokenVerifier::new([&old]).unwrap().verify_at(sign(&old, Some("app_1")), NOW)), "UNKNOWN_KEY_ID");
    assert_eq!(v.len(), 2);
    assert_eq!(format!("{v:?}"), "TokenVerifier(<redacted>, 2 keys, leeway 60 s)");
}

#[test]
fn the_builder_counts_and_indexes_keys_like_the_verifier() {
    assert_eq!(TokenVerifierBuilder::new(SecretEncoding::Text).build().unwrap_err().code(), "NO_SECRETS");
    let mut builder = TokenVerifierBuilder::new(SecretEncoding::Hex);
    for _ in 0..16 {
        builder.push(None, b"00ff").unwrap();
    }
    assert_eq!(builder.push(None, b"zz").unwrap_err().code(), "TOO_MANY_SECRETS");
    let mut builder = TokenVerifierBuilder::new(SecretEncoding::Hex);
    builder.push(None, b"00ff").unwrap();
    let error = builder.push(Some("k"), b"0 ff").unwrap_err();
    assert_eq!((error.code(), error.secret_index(), error.position()), ("INVALID_HEX_SECRET", Some(1), Some(1)));
    assert_eq!(builder.push(None, b"").unwrap_err().code(), "EMPTY_SECRET");
    let lone: Vec<u16> = vec![0x61, 0xd800];
    assert_eq!(builder.push_utf16(None, &lone).unwrap_err().code(), "INVALID_TEXT_SECRET");
    let v = TokenVerifierBuilder::new(SecretEncoding::Text).with_leeway(0);
    let mut v = v;
    v.push(None, b"k").unwrap();
    let v = v.build().unwrap();
    let token = sign_token(&text("k"), "{}", &TokenOptions::new().with_now(NOW).with_expires_in(1)).unwrap();
    assert_eq!(code(v.verify_at(&token, NOW)), "OK");
    assert_eq!(code(v.verify_at(&token, NOW + 1)), "TOKEN_EXPIRED");
    assert_eq!((v.leeway(), v.max_lifetime(), v.required_claims()), (0, None, &[] as &[String]));
}

#[test]
fn every_token_code_has_a_summary_and_is_reached_above() {
    let token_codes = [
        "MALFORMED_TOKEN",
        "UNSUPPORTED_ALGORITHM",
        "UNKNOWN_KEY_ID",
        "BAD_SIGNATURE",
        "TOKEN_EXPIRED",
        "TOKEN_NOT_YET_VALID",
        "LIFETIME_TOO_LONG",
        "MISSING_CLAIM",
        "INVALID_CLAIMS",
    ];
    for name in token_codes {
        let code = ErrorCode::from_name(name).unwrap_or_else(|| panic!("{name} is not a core code"));
        assert!(!code.summary().is_empty() && !code.is_invalid_secret(), "{name}");
    }
    assert_eq!(Error::UnsupportedAlgorithm.to_string(), "unsupported token algorithm: only HS256 is accepted");
}

/// Intercom's Messenger security: `user_id` (a string), `email`, `name`,
/// `exp`, in `intercom_user_jwt` beside the `app_id`.
#[test]
fn intercom_jwt_signs_the_user_and_renders_intercom_settings() {
    let secret = Widget::IntercomJwt.decode_secret(b"intercom-messenger-secret", None).unwrap();
    let user = User::new().with_identifier(42).with_email("alice@example.com").with_name("Alice");
    let options = TokenOptions::new().with_now(NOW).with_expires_in(3600);
    let identity = identify_with(Widget::IntercomJwt, &secret, &user, &options).unwrap();
    let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJlbWFpbCI6ImFsaWNlQGV4YW1wbGUuY29tIiwiZXhwIjoxNzAwMDAzNjAwLCJpYXQiOjE3MDAwMDAwMDAsIm5hbWUiOiJBbGljZSIsInVzZXJfaWQiOiI0MiJ9._yGHDQhcuD6bVxWvQVCKocCkEFY-JERjxCmFd9o3q58";
    assert_eq!(identity.token(), Some(token));
    assert_eq!(identity.fields(), [("intercom_user_jwt", token.to_owned())]);
    assert_eq!(
        identity.script(&PageValues::new().with("app_id", "abc123"), None).unwrap(),
        format!("window.intercomSettings = {{\n  app_id: \"abc123\",\n  intercom_user_jwt: \"{token}\"\n}};")
    );
    let vendor_side = TokenVerifierBuilder::new(SecretEncoding::Text)
        .with_required_claims(Widget::IntercomJwt.required_claims().iter().copied());
    let mut vendor_side = vendor_side;
    vendor_side.push(None, b"intercom-messenger-secret").unwrap();
    let claims = vendor_side.build().unwrap().verify_at(token, NOW).unwrap();
    assert_eq!(claims["user_id"], "42", "an integer identifier is signed as its decimal string");

    let no_id = identify_with(Widget::IntercomJwt, &secret, &User::new().with_email("a@b.c"), &options).unwrap_err();
    assert_eq!((no_id.code(), no_id.field()), ("MISSING_FIELD", Some("identifier")));
    let numeric: Claims = serde_json::from_str(r#"{"user_id": 42}"#).unwrap();
    let error = Widget::IntercomJwt.check_claims(&numeric, None).unwrap_err();
    assert_eq!((error.code(), error.claim()), ("INVALID_CLAIMS", Some("user_id")));
    assert_eq!(Widget::IntercomJwt.check_claims(&Claims::new(), None).unwrap_err().code(), "MISSING_CLAIM");
    assert!(Widget::Chatwoot.check_claims(&Claims::new(), None).is_ok());
}

/// Zendesk messaging: `kid` in the header, `external_id`, `scope: "user"`,
/// handed to `loginUser`'s callback.
#[test]
fn zendesk_signs_with_its_key_id_and_renders_login_user() {
    let secret = text("zendesk-shared-secret");
    let user = User::new().with_identifier("user-42").with_email("alice@example.com").with_name("Alice");
    let options = TokenOptions::new().with_now(NOW).with_key_id("app_6543");
    let identity = identify_with(Widget::Zendesk, &secret, &user, &options).unwrap();
    let token = "eyJhbGciOiJIUzI1NiIsImtpZCI6ImFwcF82NTQzIiwidHlwIjoiSldUIn0.eyJlbWFpbCI6ImFsaWNlQGV4YW1wbGUuY29tIiwiZXh0ZXJuYWxfaWQiOiJ1c2VyLTQyIiwiaWF0IjoxNzAwMDAwMDAwLCJuYW1lIjoiQWxpY2UiLCJzY29wZSI6InVzZXIifQ.MWa5CQgyMD-G9-c1-iL_uvGvsVClhBogSAoFK6ATl9c";
    assert_eq!(identity.hash(), token);
    assert_eq!(
        identity.script(&PageValues::new(), Some("n0nce")).unwrap(),
        format!(
            "<script nonce=\"n0nce\">\nzE('messenger', 'loginUser', function (callback) {{\n  callback(\"{token}\");\n}});\n</script>"
        )
    );
    let missing = identify_with(Widget::Zendesk, &secret, &user, &TokenOptions::new()).unwrap_err();
    assert_eq!((missing.code(), missing.field()), ("MISSING_FIELD", Some("key_id")));
    assert_eq!(missing.to_string(), "the zendesk preset needs key_id, which is missing");
    let scope: Claims = serde_json::from_str(r#"{"external_id":"u","scope":"admin"}"#).unwrap();
    let error = Widget::Zendesk.check_claims(&scope, Some("k")).unwrap_err();
    assert_eq!((error.claim(), error.reason()), (Some("scope"), Some("not \"user\"")));
    let error = identify_with(Widget::Zendesk, &secret, &User::new().with_identifier(""), &options).unwrap_err();
    assert_eq!((error.field(), error.reason()), (Some("identifier"), Some("empty")));
}

fn claim_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<String>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
        prop::collection::vec(any::<String>(), 0..3).prop_map(Value::from),
    ]
}

fn claims() -> impl Strategy<Value = Claims> {
    prop::collection::btree_map("[a-z_]{1,8}", claim_value(), 0..6)
        .prop_map(|map| map.into_iter().filter(|(name, _)| !["exp", "nbf", "iat"].contains(&name.as_str())).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// What is signed verifies, with the same claims plus iat and exp.
    #[test]
    fn sign_then_verify_round_trips(claims in claims(), key in prop::collection::vec(any::<u8>(), 1..200), kid in prop::option::of("[a-zA-Z0-9_]{1,12}"), expires_in in 1u64..100_000) {
        let secret = Secret::from_bytes(&key).unwrap();
        let mut options = TokenOptions::new().with_now(NOW).with_expires_in(expires_in);
        options.key_id = kid.clone();
        let token = sign_token_claims(&secret, claims.clone(), &options).unwrap();
        // The same claims as JSON text give the same token.
        prop_assert_eq!(sign_token(&secret, Value::Object(claims.clone()).to_string(), &options).unwrap(), token.clone());
        let mut builder = TokenVerifierBuilder::new(SecretEncoding::Text);
        builder.push_secret(kid.as_deref(), &secret).unwrap();
        let verified = builder.build().unwrap().verify_at(&token, NOW).unwrap();
        let mut expected = claims;
        expected.insert("iat".into(), NOW.into());
        expected.insert("exp".into(), (NOW + expires_in as i64).into());
        prop_assert_eq!(verified, expected);
    }

    /// Any single-byte change of a valid token is an error, never a panic
    /// and never a success.
    #[test]
    fn any_single_byte_change_is_refused(claims in claims(), at in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let secret = text("k");
        let token = sign_token_claims(&secret, claims, &TokenOptions::new().with_now(NOW)).unwrap();
        let mut bytes = token.into_bytes();
        let i = at.index(bytes.len());
        prop_assume!(bytes[i] != byte);
        bytes[i] = byte;
        prop_assert!(verifier("k").verify_at(&bytes, NOW).is_err());
    }

    /// Arbitrary bytes never panic the verifier.
    #[test]
    fn arbitrary_input_is_an_error(input in prop::collection::vec(any::<u8>(), 0..300)) {
        prop_assert!(verifier("k").verify_at(&input, NOW).is_err());
    }
}

#[test]
fn claims_a_host_cannot_encode_are_invalid_claims_without_a_claim_name() {
    let error = Error::claims_not_encodable();
    assert_eq!(error.code(), "INVALID_CLAIMS");
    assert_eq!(error.error_code(), ErrorCode::InvalidClaims);
    assert_eq!(error.claim(), None);
    assert_eq!(error.to_string(), "invalid claims: not encodable as JSON by the host");
}
