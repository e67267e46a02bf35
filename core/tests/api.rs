//! The public API: the documentation example, rotation, batches and every
//! error path.

use identity_hmac::{Error, IdentityHash, MAX_SECRETS, Secret, SecretEncoding, Signer, Verifier, VerifyError};

/// Chatwoot's documentation example. The expected value was computed with
/// Python's `hmac` module (OpenSSL), not with this crate:
/// `hmac.new(b'your_web_widget_hmac_token', b'some_identifier', hashlib.sha256).hexdigest()`
const CHATWOOT_DOC_HASH: &str = "32478ef17a559ea4600787200d58a8baeb0e223707316e62f2508e57bf4b75b9";

#[test]
fn chatwoot_documentation_example() {
    let secret = Secret::text("your_web_widget_hmac_token").unwrap();
    assert_eq!(Signer::new(&secret).sign_hex("some_identifier"), CHATWOOT_DOC_HASH);
    assert_eq!(identity_hmac::sign(&secret, "some_identifier").to_string(), CHATWOOT_DOC_HASH);
    assert!(identity_hmac::verify(&secret, "some_identifier", CHATWOOT_DOC_HASH));
    assert!(!identity_hmac::verify(&secret, "some_identifier ", CHATWOOT_DOC_HASH));
}

#[test]
fn identity_hash_parses_displays_and_compares() {
    let parsed: IdentityHash = CHATWOOT_DOC_HASH.to_uppercase().parse().unwrap();
    assert_eq!(parsed.to_string(), CHATWOOT_DOC_HASH);
    assert_eq!(parsed, IdentityHash::from_bytes(*parsed.as_bytes()));
    assert_ne!(parsed, IdentityHash::from_bytes([0; 32]));
    let mut out = [0u8; 64];
    assert_eq!(parsed.encode_hex(&mut out), CHATWOOT_DOC_HASH);
}

#[test]
fn check_tells_malformed_from_mismatch() {
    let signer = Signer::new(&Secret::text("k").unwrap());
    let hash = signer.sign_hex("a");
    assert_eq!(signer.check("a", &hash), Ok(()));
    assert_eq!(signer.check("b", &hash).unwrap_err(), VerifyError::Mismatch);
    let malformed = signer.check("a", &hash[1..]).unwrap_err();
    assert_eq!(malformed.code(), "MALFORMED_HASH");
    assert_eq!(IdentityHash::from_hex("zz").unwrap_err().code(), "MALFORMED_HASH");
    for bad in ["", " ", &format!(" {hash}"), &format!("{hash}\n"), &format!("0x{}", &hash[2..])] {
        assert!(!signer.verify("a", bad), "{bad:?} must not verify");
    }
}

#[test]
fn verifier_rotates_newest_first_and_reports_the_first_match() {
    let old = Secret::text("old-token").unwrap();
    let new = Secret::text("new-token").unwrap();
    let verifier = Verifier::new([&new, &old]).unwrap();
    let by_old = Signer::new(&old).sign_hex("user@example.com");
    let by_new = Signer::new(&new).sign_hex("user@example.com");
    assert_eq!(verifier.matching_key("user@example.com", &by_new), Some(0));
    assert_eq!(verifier.matching_key("user@example.com", &by_old), Some(1));
    assert!(verifier.verify("user@example.com", &by_old));
    assert_eq!(verifier.matching_key("other@example.com", &by_old), None);
    assert_eq!(
        verifier.check("user@example.com", "nope"),
        Err(VerifyError::MalformedHash(identity_hmac::HashFormatError::WrongLength { len: 4 }))
    );

    let duplicate = Verifier::new([&old, &old]).unwrap();
    assert_eq!(duplicate.matching_key("user@example.com", &by_old), Some(0));
}

#[test]
fn generated_secrets_are_fresh_and_sized() {
    let a = Secret::generate();
    let b = Secret::generate();
    assert_eq!(a.len(), 32);
    assert_eq!(a.expose_hex().len(), 64);
    assert_ne!(a.expose_bytes(), b.expose_bytes());
    assert_eq!(Secret::hex(&a.expose_hex()).unwrap().expose_bytes(), a.expose_bytes());
    let text = Secret::try_generate_text().unwrap();
    assert_eq!(text.len(), 32);
    assert!(text.bytes().all(|b| b.is_ascii_alphanumeric()));
}

#[test]
fn sign_many_in_parallel_keeps_order() {
    let signer = Signer::new(&Secret::text("batch").unwrap());
    let ids: Vec<String> = (0..10_000).map(|i| format!("user{i}@example.com")).collect();
    let hashes = signer.sign_many(&ids);
    assert_eq!(hashes.len(), ids.len());
    for (id, hash) in ids.iter().zip(&hashes) {
        assert_eq!(*hash, signer.sign(id));
    }
    let mut out = vec![0u8; ids.len() * 64];
    assert!(signer.sign_many_hex_into(&ids, &mut out));
    assert_eq!(&out[64 * 9_999..], signer.sign_hex(&ids[9_999]).as_bytes());
    assert!(!signer.sign_many_hex_into(&ids, &mut out[1..]));
}

#[test]
fn secret_encoding_names() {
    assert_eq!("text".parse::<SecretEncoding>(), Ok(SecretEncoding::Text));
    assert_eq!("hex".parse::<SecretEncoding>(), Ok(SecretEncoding::Hex));
    assert_eq!(SecretEncoding::default(), SecretEncoding::Text);
    for bad in ["", "TEXT", "base64", "hex ", "utf-8"] {
        let err = bad.parse::<SecretEncoding>().unwrap_err();
        assert_eq!(err.code(), "UNKNOWN_SECRET_ENCODING", "{bad:?}");
    }
}

/// Each error path: (secret, encoding, expected code, expected message part).
#[test]
fn every_secret_error_path_names_its_reason_and_hides_the_secret() {
    let long_hex = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6";
    let cases: Vec<(String, SecretEncoding, &str, &str)> = vec![
        (String::new(), SecretEncoding::Text, "EMPTY_SECRET", "empty"),
        (String::new(), SecretEncoding::Hex, "EMPTY_SECRET", "empty"),
        (
            long_hex[..63].to_owned(),
            SecretEncoding::Hex,
            "INVALID_HEX_SECRET",
            "odd length: a hex digit is missing at position 63",
        ),
        (
            format!("{}zz{}", &long_hex[..20], &long_hex[22..]),
            SecretEncoding::Hex,
            "INVALID_HEX_SECRET",
            "invalid character at position 20",
        ),
        (format!("0x{long_hex}"), SecretEncoding::Hex, "INVALID_HEX_SECRET", "position 1 (a 0x prefix"),
        (
            format!("{} {}", &long_hex[..32], &long_hex[32..]),
            SecretEncoding::Hex,
            "INVALID_HEX_SECRET",
            "position 32 (white space",
        ),
        (format!(" {long_hex} "), SecretEncoding::Hex, "INVALID_HEX_SECRET", "position 0 (white space"),
        (format!("{long_hex}\n"), SecretEncoding::Hex, "INVALID_HEX_SECRET", "position 64 (white space"),
        (
            format!("{}\u{0663}{}", &long_hex[..10], &long_hex[11..]),
            SecretEncoding::Hex,
            "INVALID_HEX_SECRET",
            "position 10 (a non-ASCII",
        ),
        ("<your-identity-secret>".to_owned(), SecretEncoding::Hex, "INVALID_HEX_SECRET", "position 0"),
    ];
    for (secret, encoding, code, message_part) in cases {
        let err = Secret::decode(&secret, encoding).unwrap_err();
        assert_eq!(err.code(), code, "{secret:?}");
        let message = err.to_string();
        assert!(message.contains(message_part), "{message:?} should contain {message_part:?}");
        assert_no_secret_in(&message, &secret);
        assert!(err.is_invalid_secret());
    }
}

#[test]
fn verifier_size_errors() {
    let secrets: Vec<Secret> =
        (0..=MAX_SECRETS).map(|i| Secret::text(&format!("secret-number-{i}")).unwrap()).collect();
    let none: [&Secret; 0] = [];
    assert_eq!(Verifier::new(none).unwrap_err(), Error::NoSecrets);
    let err = Verifier::new(&secrets).unwrap_err();
    assert_eq!(err.code(), "TOO_MANY_SECRETS");
    assert_eq!(err.to_string(), "a verifier holds at most 16 secrets, got 17");
    for secret in &secrets {
        assert_no_secret_in(&err.to_string(), std::str::from_utf8(secret.expose_bytes()).unwrap());
    }
    assert_eq!(Verifier::new(&secrets[..MAX_SECRETS]).unwrap().len(), MAX_SECRETS);
}

#[test]
fn debug_forms_are_redacted() {
    let secret = Secret::text("super-secret-token").unwrap();
    let signer = Signer::new(&secret);
    let verifier = Verifier::new([&secret]).unwrap();
    for shown in [format!("{secret:?}"), format!("{signer:?}"), format!("{verifier:?}")] {
        assert!(shown.contains("<redacted>"), "{shown}");
        assert_no_secret_in(&shown, "super-secret-token");
    }
}

/// No message may contain the secret, nor any 8-character piece of it.
fn assert_no_secret_in(message: &str, secret: &str) {
    let chars: Vec<char> = secret.trim().chars().collect();
    assert!(secret.trim().is_empty() || !message.contains(secret.trim()), "{message:?} contains the secret");
    for window in chars.windows(8) {
        let piece: String = window.iter().collect();
        assert!(!message.contains(&piece), "{message:?} contains {piece:?} of the secret");
    }
}
