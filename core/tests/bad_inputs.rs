//! The shared bad-input matrix (`conformance/bad_inputs.json`, written by
//! `conformance/generate.py`), run through the public Rust API.
//!
//! Rust's typed API cannot be handed a null, a float, a bool, an integer or a
//! JSON object where it takes bytes: such a call does not compile. Those cases
//! (and the lone-surrogate ones, which have no Rust expectation) are skipped
//! explicitly and counted.

use identity_hmac::{Secret, SecretEncoding, Signer, Verifier};
use serde_json::Value;

const LANGUAGE: &str = "rust";

#[path = "support/matrix.rs"]
mod matrix;

use matrix::{bytes, text};

fn load(name: &str) -> Value {
    matrix::load(env!("CARGO_MANIFEST_DIR"), name)
}

fn expectation(case: &Value) -> Option<&Value> {
    matrix::expectation(case, LANGUAGE)
}

/// The input as Rust bytes, or `None` for host values Rust's API cannot take
/// (null, undefined, float, bool, integer, json, lone_surrogate).
fn input_bytes(input: &Value) -> Option<Vec<u8>> {
    matrix::literal_bytes(input)
}

/// No message may contain the secret, nor (for longer secrets) any 8-byte run of it.
fn assert_no_secret(id: &str, message: &str, secret: &[u8]) {
    let message = message.as_bytes();
    let contains = |needle: &[u8]| message.windows(needle.len()).any(|w| w == needle);
    if secret.len() >= 2 {
        assert!(!contains(secret), "{id}: the message contains the secret: {}", String::from_utf8_lossy(message));
    }
    for run in secret.windows(8) {
        assert!(
            !contains(run),
            "{id}: the message contains a piece of the secret: {}",
            String::from_utf8_lossy(message)
        );
    }
}

fn assert_error(id: &str, result: Result<impl Sized, identity_hmac::Error>, code: &str, secrets: &[&[u8]]) {
    match result {
        Ok(_) => panic!("{id}: expected {code}, got success"),
        Err(error) => {
            assert_eq!(error.code(), code, "{id}: {error}");
            for message in [error.to_string(), format!("{error:?}")] {
                for secret in secrets {
                    assert_no_secret(id, &message, secret);
                }
            }
        }
    }
}

fn encoding(case: &Value) -> Result<SecretEncoding, identity_hmac::Error> {
    text(case, "secret_encoding").parse()
}

fn signer(case: &Value) -> Signer {
    let secret = bytes(&case["secret"]);
    let secret = Secret::decode_bytes(&secret, encoding(case).expect("context encoding")).expect("context secret");
    Signer::new(&secret)
}

fn run_secret_case(case: &Value, id: &str, expect: &Value, value: &[u8]) {
    let identifier = bytes(&case["identifier"]);
    let secret = encoding(case).and_then(|encoding| Secret::decode_bytes(value, encoding));
    if let Some(code) = expect.get("error").and_then(Value::as_str) {
        assert_error(id, secret, code, &[value]);
    } else {
        let secret = secret.unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(Signer::new(&secret).sign_hex(&identifier), text(expect, "hash"), "{id}");
    }
}

/// `{"corpus_group": "invalid_secrets"}`: every vector, each with its own code.
fn run_corpus_group(case: &Value, id: &str) -> usize {
    let group = text(&case["input"], "corpus_group");
    let corpus = load("corpus.json");
    let vectors = corpus[&group].as_array().unwrap_or_else(|| panic!("{id}: no corpus group {group}"));
    assert!(!vectors.is_empty(), "{id}: empty corpus group {group}");
    for vector in vectors {
        let vector_id = format!("{id}/{}", text(vector, "id"));
        let secret = bytes(&vector["secret"]);
        let result = encoding(vector).and_then(|encoding| Secret::decode_bytes(&secret, encoding));
        assert_error(&vector_id, result, &text(vector, "expected_code"), &[&secret]);
    }
    vectors.len()
}

fn run_identifier_case(case: &Value, id: &str, expect: &Value, identifier: &[u8]) {
    let signer = signer(case);
    let expected = text(expect, "hash");
    assert_eq!(signer.sign_hex(identifier), expected, "{id}");
    // Huge identifiers are hashed once: debug builds of SHA-256 are slow.
    if identifier.len() <= 1 << 20 {
        assert!(signer.verify(identifier, &expected), "{id}");
    }
}

fn run_presented_hash_case(case: &Value, id: &str, expect: &Value, presented: &[u8]) {
    let signer = signer(case);
    let identifier = bytes(&case["identifier"]);
    let expected = expect["verify"].as_bool().unwrap_or_else(|| panic!("{id}: expected a verify result"));
    assert_eq!(signer.verify(&identifier, presented), expected, "{id}");
    let secret = Secret::decode_bytes(&bytes(&case["secret"]), encoding(case).expect("context encoding"));
    assert_eq!(identity_hmac::verify(&secret.expect("context secret"), &identifier, presented), expected, "{id}");
    assert_eq!(signer.check(&identifier, presented).is_ok(), expected, "{id}");
}

fn run_verifier_case(case: &Value, id: &str, expect: &Value) {
    let encoding = encoding(case).expect("context encoding");
    let identifier = bytes(&case["identifier"]);
    let raw: Vec<Vec<u8>> = case["input"]["secrets"].as_array().expect("secrets").iter().map(bytes).collect();
    let raw_refs: Vec<&[u8]> = raw.iter().map(Vec::as_slice).collect();
    let secrets: Result<Vec<Secret>, _> = raw.iter().map(|s| Secret::decode_bytes(s, encoding)).collect();
    let verifier = secrets.and_then(|secrets| Verifier::new(&secrets));
    if let Some(code) = expect.get("error").and_then(Value::as_str) {
        assert_error(id, verifier, code, &raw_refs);
        return;
    }
    let verifier = verifier.unwrap_or_else(|e| panic!("{id}: {e}"));
    let presented = bytes(&case["input"]["presented"]);
    if let Some(index) = expect.get("matching_key").and_then(Value::as_u64) {
        assert_eq!(verifier.matching_key(&identifier, &presented), Some(index as usize), "{id}");
        assert_eq!(verifier.check(&identifier, &presented), Ok(index as usize), "{id}");
    } else {
        let expected = expect["verify"].as_bool().unwrap_or_else(|| panic!("{id}: unknown expectation {expect}"));
        assert_eq!(verifier.verify(&identifier, &presented), expected, "{id}");
    }
}

/// Why a case is skipped in Rust, or `None` when it runs.
fn skip_reason(case: &Value, expect: Option<&Value>) -> Option<&'static str> {
    let Some(expect) = expect else {
        return Some("no expectation for rust (lone UTF-16 surrogates have no Rust string)");
    };
    let input = &case["input"];
    let host_value = ["null", "undefined", "float", "bool", "integer", "json", "lone_surrogate"];
    if host_value.iter().any(|kind| input.get(*kind).is_some()) {
        return Some(if expect.get("type_error").is_some() {
            "a host type error: the typed API rejects it at compile time"
        } else {
            "a non-byte host value: the typed API takes only bytes or strings"
        });
    }
    None
}

#[test]
fn every_bad_input_case_of_the_shared_matrix() {
    let matrix = load("bad_inputs.json");
    assert_eq!(matrix["format"], 1);
    assert!(matrix["languages"].as_array().unwrap().iter().any(|l| l == LANGUAGE));
    let cases = matrix["cases"].as_array().expect("cases");
    let (mut run, mut vectors, mut skipped) = (0, 0, Vec::new());
    for case in cases {
        let id = text(case, "id");
        let expect = expectation(case);
        if let Some(reason) = skip_reason(case, expect) {
            skipped.push(format!("{id}: {reason}"));
            continue;
        }
        let expect = expect.expect("checked by skip_reason");
        let about = text(case, "about");
        if about == "secret" && case["input"].get("corpus_group").is_some() {
            vectors += run_corpus_group(case, &id);
        } else if about == "verifier" {
            run_verifier_case(case, &id, expect);
        } else {
            let value = input_bytes(&case["input"]).unwrap_or_else(|| panic!("{id}: unknown input {}", case["input"]));
            match about.as_str() {
                "secret" => run_secret_case(case, &id, expect, &value),
                "identifier" => run_identifier_case(case, &id, expect, &value),
                "presented_hash" => run_presented_hash_case(case, &id, expect, &value),
                other => panic!("{id}: unknown about {other:?}"),
            }
        }
        run += 1;
    }
    println!("bad inputs (rust): {run} cases run ({vectors} corpus vectors), {} skipped", skipped.len());
    for reason in &skipped {
        println!("  skipped {reason}");
    }
    assert_eq!(run + skipped.len(), cases.len());
    assert!(run >= 30, "too few cases ran: {run}");
}
