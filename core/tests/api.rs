//! The public API: the documentation example, rotation, batches and every
//! error path.

use identity_hmac::{
    Error, ErrorCode, IdentityHash, MAX_SECRETS, Secret, SecretEncoding, Signer, Verifier, VerifierBuilder, VerifyError,
};

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
    assert_eq!(err.to_string(), "a verifier holds at most 16 secrets");
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

#[test]
fn verifier_construction_stops_at_the_17th_item() {
    let secret = Secret::text("rotation").unwrap();
    let mut pulled = 0usize;
    let endless = std::iter::repeat_with(|| {
        pulled += 1;
        &secret
    });
    assert_eq!(Verifier::new(endless).unwrap_err(), Error::TooManySecrets);
    assert_eq!(pulled, MAX_SECRETS + 1);

    let mut decoded = 0usize;
    let names = (0..).map(|i| {
        decoded += 1;
        format!("secret-{i}")
    });
    assert_eq!(Verifier::decode(names, SecretEncoding::Text).unwrap_err(), Error::TooManySecrets);
    assert_eq!(decoded, MAX_SECRETS + 1);
}

#[test]
fn a_bad_secret_in_a_list_reports_its_index_and_details() {
    let err = Verifier::decode(["abcd", "ab", "abxd"], SecretEncoding::Hex).unwrap_err();
    assert_eq!(err.code(), "INVALID_HEX_SECRET");
    assert_eq!((err.reason(), err.position(), err.secret_index()), (Some("invalid character"), Some(2), Some(2)));
    let err = Verifier::decode(["abcd", ""], SecretEncoding::Hex).unwrap_err();
    assert_eq!((err.code(), err.reason(), err.secret_index()), ("EMPTY_SECRET", Some("empty"), Some(1)));
    let err = Verifier::decode(["abc"], SecretEncoding::Hex).unwrap_err();
    assert_eq!((err.reason(), err.position(), err.secret_index()), (Some("odd length"), Some(3), Some(0)));
    // Alone, a secret has no index.
    assert_eq!(Secret::hex("abc").unwrap_err().secret_index(), None);
}

#[test]
fn builder_takes_utf16_and_refuses_lone_surrogates_with_their_position() {
    let mut builder = VerifierBuilder::new(SecretEncoding::Text);
    let units: Vec<u16> = "tök€n😀".encode_utf16().collect();
    builder.push_utf16(&units).unwrap();
    let lone = [u16::from(b'a'), 0xd800, u16::from(b'b')];
    let err = builder.push_utf16(&lone).unwrap_err();
    assert_eq!((err.code(), err.position(), err.secret_index()), ("INVALID_TEXT_SECRET", Some(1), Some(1)));
    assert!(err.is_invalid_secret());
    let verifier = builder.build().unwrap();
    let hash = Signer::new(&Secret::text("tök€n😀").unwrap()).sign_hex("id");
    assert_eq!(verifier.matching_key("id", &hash), Some(0));

    let after_emoji: Vec<u16> = "😀".encode_utf16().chain([0xdc00]).collect();
    assert_eq!(Secret::text_utf16(&after_emoji).unwrap_err().position(), Some(2));
    let mut hex = VerifierBuilder::new(SecretEncoding::Hex);
    hex.push_utf16(&"abcd".encode_utf16().collect::<Vec<_>>()).unwrap();
    assert_eq!(hex.push_utf16(&"ab c".encode_utf16().collect::<Vec<_>>()).unwrap_err().position(), Some(2));
    assert_eq!(VerifierBuilder::new(SecretEncoding::Text).build().unwrap_err(), Error::NoSecrets);
}

#[test]
fn secret_count_is_checked_before_any_secret() {
    assert_eq!(Verifier::check_secret_count(0), Err(Error::NoSecrets));
    assert_eq!(Verifier::check_secret_count(usize::MAX), Err(Error::TooManySecrets));
    assert_eq!(Verifier::check_secret_count(MAX_SECRETS), Ok(()));
}

#[test]
fn encoding_names_are_exact_bytes_and_absent_means_text() {
    assert_eq!(SecretEncoding::from_name(b"hex"), Ok(SecretEncoding::Hex));
    for bad in [&b"hex\0junk"[..], b"HEX", b" text", b"text\n", b""] {
        assert_eq!(SecretEncoding::from_name(bad), Err(Error::UnknownSecretEncoding), "{bad:?}");
    }
    assert_eq!(SecretEncoding::from_optional_name(None), Ok(SecretEncoding::Text));
    assert_eq!(SecretEncoding::from_optional_name(Some(b"hex")), Ok(SecretEncoding::Hex));
}

#[test]
fn generated_hex_secrets_decode_and_random_failures_have_their_code() {
    let hex = Secret::generate_hex().unwrap();
    assert_eq!(hex.len(), 64);
    assert_eq!(Secret::hex(&hex).unwrap().len(), 32);
    assert_eq!(Error::RandomSourceFailed.code(), "RANDOM_SOURCE_FAILED");
    assert_eq!(Error::RandomSourceFailed.error_code(), ErrorCode::RandomSourceFailed);
}
