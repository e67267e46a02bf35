//! The corpus is what the generator writes, and the core agrees with every
//! vector of it, in process.

use std::path::PathBuf;
use std::process::Command;

use conformance::{Corpus, load_corpus};
use identity_hmac::{Secret, SecretEncoding, Signer};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("the crate lives in the workspace").to_path_buf()
}

fn corpus() -> Corpus {
    load_corpus(&repo_root().join("conformance/corpus.json")).expect("conformance/corpus.json loads")
}

fn secret(encoding: &str, bytes: &[u8]) -> Result<Secret, identity_hmac::Error> {
    let encoding: SecretEncoding = encoding.parse()?;
    Secret::decode_bytes(bytes, encoding)
}

#[test]
fn checked_in_corpus_is_what_the_generator_writes() {
    let output = Command::new("python3")
        .arg("conformance/generate.py")
        .arg("--check")
        .current_dir(repo_root())
        .output()
        .expect("python3 runs (scripts/setup.sh installs it)");
    assert!(
        output.status.success(),
        "conformance/corpus.json drifted from conformance/generate.py:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn corpus_covers_what_the_issue_asks() {
    let corpus = corpus();
    assert!(corpus.sign.len() >= 60, "only {} sign vectors", corpus.sign.len());
    let tagged = |tag: &str| corpus.sign.iter().filter(|v| v.tags.iter().any(|t| t == tag)).count();
    for tag in [
        "seed",
        "email",
        "integer",
        "empty",
        "block-boundary",
        "key-length",
        "latin1-range",
        "cjk",
        "emoji",
        "nfc",
        "nfd",
        "nul",
        "newline",
        "hex-case",
        "rfc4231",
    ] {
        assert!(tagged(tag) > 0, "no sign vector tagged {tag}");
    }
    let lengths: Vec<usize> = corpus.sign.iter().map(|v| v.identifier.to_vec().unwrap().len()).collect();
    for n in [0, 55, 56, 63, 64, 65, 1000] {
        assert!(lengths.contains(&n), "no identifier of {n} bytes");
    }
    let key_lengths: Vec<usize> = corpus
        .sign
        .iter()
        .filter_map(|v| secret(&v.secret_encoding, &v.secret.to_vec().unwrap()).ok())
        .map(|s| s.len())
        .collect();
    for n in [1, 24, 63, 64, 65, 131] {
        assert!(key_lengths.contains(&n), "no key of {n} bytes");
    }
    assert!(corpus.verify.iter().any(|v| v.expected) && corpus.verify.iter().any(|v| !v.expected));
    for code in ["EMPTY_SECRET", "INVALID_HEX_SECRET"] {
        assert!(corpus.invalid_secrets.iter().any(|v| v.expected_code == code), "no {code} vector");
    }
}

#[test]
fn core_matches_every_sign_vector() {
    for v in corpus().sign {
        let key = secret(&v.secret_encoding, &v.secret.to_vec().unwrap())
            .unwrap_or_else(|e| panic!("{}: the core refused the secret: {}", v.id, e.code()));
        assert_eq!(Signer::new(&key).sign_hex(v.identifier.to_vec().unwrap()), v.expected, "sign vector {}", v.id);
    }
}

#[test]
fn core_matches_every_verify_vector() {
    for v in corpus().verify {
        let key = secret(&v.secret_encoding, &v.secret.to_vec().unwrap())
            .unwrap_or_else(|e| panic!("{}: the core refused the secret: {}", v.id, e.code()));
        let got = Signer::new(&key).verify(v.identifier.to_vec().unwrap(), v.presented.to_vec().unwrap());
        assert_eq!(got, v.expected, "verify vector {}", v.id);
    }
}

#[test]
fn core_refuses_every_invalid_secret_with_the_expected_code_and_position() {
    for v in corpus().invalid_secrets {
        let raw = v.secret.to_vec().unwrap();
        let error = match secret(&v.secret_encoding, &raw) {
            Ok(_) => panic!("{}: the core accepted a malformed secret", v.id),
            Err(e) => e,
        };
        assert_eq!(error.code(), v.expected_code, "invalid secret {}", v.id);
        assert_eq!(error.position(), v.position, "position of {}", v.id);
        assert_eq!(
            v.position.is_some(),
            v.expected_code == "INVALID_HEX_SECRET",
            "{}: the corpus gives a position exactly for INVALID_HEX_SECRET",
            v.id
        );
        // The message names no part of the secret (for secrets long enough to tell).
        let message = error.to_string();
        if raw.len() >= 8 {
            for window in raw.windows(8) {
                if let Ok(piece) = std::str::from_utf8(window) {
                    assert!(!message.contains(piece), "{}: the message quotes the secret: {message}", v.id);
                }
            }
        }
    }
}

#[test]
fn core_harness_answers_every_request_as_the_corpus_expects() {
    use std::io::Write;
    use std::process::Stdio;

    let corpus = corpus();
    let requests = conformance::requests(&corpus, &conformance::GROUPS).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_core-harness"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("core-harness starts");
    let input: String = requests.iter().map(|r| format!("{}\n", r.line)).collect();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), requests.len());
    for (request, line) in requests.iter().zip(lines) {
        let response = conformance::parse_response(line, &request.id).unwrap();
        let outcome = conformance::judge(&request.expected, &response, true);
        assert_eq!(outcome, conformance::Outcome::Match, "{} {}: {line}", request.group, request.id);
    }
}

/// A wrong argument type is the host's type error in every language (DESIGN
/// section 2): no language may answer a null or undefined value with a hash
/// or a `false`, so no null case carries a per-language exception.
#[test]
fn null_inputs_are_a_type_error_in_every_language() {
    let path = repo_root().join("conformance/bad_inputs.json");
    let text = std::fs::read_to_string(&path).expect("conformance/bad_inputs.json is readable");
    let matrix: serde_json::Value = serde_json::from_str(&text).expect("bad_inputs.json is JSON");
    let cases = matrix["cases"].as_array().expect("bad_inputs.json has a cases list");
    let nulls: Vec<&serde_json::Value> = cases.iter().filter(|c| c["input"]["null"] == true).collect();
    assert!(nulls.len() >= 3, "expected null cases for the secret, the identifier and the hash");
    for case in nulls {
        assert_eq!(
            case["expect"],
            serde_json::json!({"type_error": true}),
            "{}: a null input must be a type error in every language",
            case["id"]
        );
    }
}
