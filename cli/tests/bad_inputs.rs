//! The shared bad-input matrix (`conformance/bad_inputs.json`, written by
//! `conformance/generate.py`), run through the real `identity-hmac` binary: the
//! one cargo builds for this test, or the installed one named by
//! `IDENTITY_HMAC_BIN` (cli/test.sh).
//!
//! A command line carries bytes only, so what it can express is: secrets
//! through `--secret-file`, identifiers through stdin (one line each, so no
//! newline inside), presented hashes as arguments (no NUL inside), integers as
//! their decimal digits. Host values (null, floats, bools, JSON objects, lone
//! surrogates) have no command-line form: those cases are skipped and counted.
#![cfg(unix)]

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use identity_hmac::MAX_SECRET_BYTES;
use serde_json::Value;

const LANGUAGE: &str = "cli";
/// A presented hash for cases that fail before any comparison.
const ANY_WELL_FORMED_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[path = "../../core/tests/support/matrix.rs"]
mod matrix;

use matrix::{bytes, text};

fn load(name: &str) -> Value {
    matrix::load(env!("CARGO_MANIFEST_DIR"), name)
}

fn expectation(case: &Value) -> Option<&Value> {
    matrix::expectation(case, LANGUAGE)
}

/// The input as command-line bytes, or `None` for host values with no such form.
fn input_bytes(input: &Value) -> Option<Vec<u8>> {
    if let Some(literal) = matrix::literal_bytes(input) {
        return Some(literal);
    }
    // An integer typed on a command line is its decimal digits.
    match input.get("integer")? {
        Value::Number(n) => Some(n.to_string().into_bytes()),
        Value::String(digits) => Some(digits.clone().into_bytes()),
        _ => None,
    }
}

fn binary() -> (OsString, bool) {
    match std::env::var_os("IDENTITY_HMAC_BIN") {
        Some(installed) => (installed, true),
        None => (env!("CARGO_BIN_EXE_identity-hmac").into(), false),
    }
}

struct Output {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

fn run(args: &[&OsStr], stdin: &[u8]) -> Output {
    let mut child = Command::new(binary().0)
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut pipe = child.stdin.take().expect("stdin");
    let input = stdin.to_vec();
    // The binary may stop reading early (an error before stdin is read).
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("the binary runs");
    feeder.join().expect("stdin feeder");
    Output {
        code: out.status.code().expect("exited, not killed by a signal"),
        stdout: out.stdout,
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

/// Writes `secret` to a fresh file so that `--secret-file` reads exactly it:
/// the CLI removes one trailing line end, so a secret ending in `\n` gets one more.
fn secret_file(secret: &[u8]) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ihmac-cases");
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let path = dir.join(format!("k{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
    let mut content = secret.to_vec();
    if content.last() == Some(&b'\n') {
        content.push(b'\n');
    }
    std::fs::write(&path, content).expect("secret file");
    // Owner only, as a secret file should be (the CLI warns otherwise).
    std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600)).expect("chmod");
    path
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// No output may contain the secret; for the secret under test, no 8-byte run of it either.
fn assert_no_secret(id: &str, out: &Output, secret: &[u8], runs_of_8: bool) {
    for stream in [out.stderr.as_bytes(), &out.stdout] {
        if secret.len() >= 2 {
            assert!(!contains(stream, secret), "{id}: output contains the secret: {}", out.stderr);
        }
        if runs_of_8 {
            let runs: std::collections::BTreeSet<&[u8]> = secret.windows(8).collect();
            for run in runs {
                assert!(!contains(stream, run), "{id}: output contains a piece of the secret: {}", out.stderr);
            }
        }
    }
}

/// Exit 2, one line `error: ... [CODE]`, no panic.
fn assert_error(id: &str, out: &Output, code: &str) {
    assert_eq!(out.code, 2, "{id}: stderr {:?}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{id}: one line: {:?}", out.stderr);
    assert!(out.stderr.starts_with("error: "), "{id}: {:?}", out.stderr);
    assert!(out.stderr.contains(&format!("[{code}]")), "{id}: {:?} lacks [{code}]", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{id}: {}", out.stderr);
    assert!(out.stdout.is_empty(), "{id}: stdout on error");
}

fn assert_hash(id: &str, out: &Output, hash: &str) {
    assert_eq!(out.code, 0, "{id}: stderr {:?}", out.stderr);
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{hash}\n"), "{id}");
}

/// What `verify` must answer for a `{"verify": bool}` expectation: a malformed
/// hash is an error (exit 2, MALFORMED_HASH), a well-formed one `mismatch` (exit 1).
fn assert_verify(id: &str, out: &Output, expected: bool, presented: &[u8]) {
    let well_formed = presented.len() == 64 && presented.iter().all(u8::is_ascii_hexdigit);
    if expected {
        assert_eq!((out.code, &out.stdout[..]), (0, &b"ok\n"[..]), "{id}: {}", out.stderr);
    } else if well_formed {
        assert_eq!((out.code, &out.stdout[..]), (1, &b"mismatch\n"[..]), "{id}: {}", out.stderr);
    } else {
        assert_error(id, out, "MALFORMED_HASH");
    }
}

/// `<subcommand> --secret-encoding <encoding>` and one `--secret-file` per
/// file, newest secret first.
fn secret_args<'a>(subcommand: &'a str, encoding: &'a str, files: &'a [PathBuf]) -> Vec<&'a OsStr> {
    let mut args: Vec<&OsStr> = vec![subcommand.as_ref(), "--secret-encoding".as_ref(), encoding.as_ref()];
    for file in files {
        args.extend([OsStr::new("--secret-file"), file.as_os_str()]);
    }
    args
}

fn sign_with_secret(id: &str, encoding: &str, secret: &[u8], identifier: &[u8], expect: &Value) {
    let files = [secret_file(secret)];
    let mut args = secret_args("sign", encoding, &files);
    args.push(OsStr::from_bytes(identifier));
    let out = run(&args, b"");
    if secret.len() > MAX_SECRET_BYTES {
        // The CLI reads at most 64 KiB of a secret (so /dev/zero cannot exhaust
        // memory) and refuses longer ones, whatever the library accepts.
        assert_eq!(out.code, 2, "{id}: stderr {:?}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{id}: one line: {:?}", out.stderr);
        assert!(out.stderr.contains(&format!("is longer than {MAX_SECRET_BYTES} bytes")), "{id}: {}", out.stderr);
        assert_no_secret(id, &out, secret, true);
        return;
    }
    match expect.get("error").and_then(Value::as_str) {
        Some(code) => {
            assert_error(id, &out, code);
            assert_no_secret(id, &out, secret, true);
        }
        None => assert_hash(id, &out, &text(expect, "hash")),
    }
}

fn run_secret_case(case: &Value, id: &str, expect: &Value, secret: &[u8]) {
    sign_with_secret(id, &text(case, "secret_encoding"), secret, &bytes(&case["identifier"]), expect);
}

fn run_corpus_group(case: &Value, id: &str) -> usize {
    let group = text(&case["input"], "corpus_group");
    let corpus = load("corpus.json");
    let vectors = corpus[&group].as_array().unwrap_or_else(|| panic!("{id}: no corpus group {group}"));
    assert!(!vectors.is_empty(), "{id}: empty corpus group {group}");
    let identifier = bytes(&case["identifier"]);
    for vector in vectors {
        let expect = serde_json::json!({ "error": text(vector, "expected_code") });
        let vector_id = format!("{id}/{}", text(vector, "id"));
        sign_with_secret(&vector_id, &text(vector, "secret_encoding"), &bytes(&vector["secret"]), &identifier, &expect);
    }
    vectors.len()
}

fn run_identifier_case(case: &Value, id: &str, expect: &Value, identifier: &[u8]) {
    let files = [secret_file(&bytes(&case["secret"]))];
    let encoding = text(case, "secret_encoding");
    let args = secret_args("sign", &encoding, &files);
    let mut line = Vec::with_capacity(identifier.len() + 1);
    line.extend_from_slice(identifier);
    line.push(b'\n');
    assert_hash(id, &run(&args, &line), &text(expect, "hash"));
}

fn run_presented_hash_case(case: &Value, id: &str, expect: &Value, presented: &[u8]) {
    let files = [secret_file(&bytes(&case["secret"]))];
    let encoding = text(case, "secret_encoding");
    let identifier = bytes(&case["identifier"]);
    let mut args = secret_args("verify", &encoding, &files);
    args.extend([OsStr::from_bytes(&identifier), OsStr::from_bytes(presented)]);
    let expected = expect["verify"].as_bool().unwrap_or_else(|| panic!("{id}: expected a verify result"));
    assert_verify(id, &run(&args, b""), expected, presented);
}

fn run_verifier_case(case: &Value, id: &str, expect: &Value) {
    let secrets: Vec<Vec<u8>> = case["input"]["secrets"].as_array().expect("secrets").iter().map(bytes).collect();
    let files: Vec<PathBuf> = secrets.iter().map(|s| secret_file(s)).collect();
    let encoding = text(case, "secret_encoding");
    let identifier = bytes(&case["identifier"]);
    let presented = case["input"].get("presented").map_or_else(|| ANY_WELL_FORMED_HASH.as_bytes().to_vec(), bytes);
    let mut args = secret_args("verify", &encoding, &files);
    args.extend([OsStr::from_bytes(&identifier), OsStr::from_bytes(&presented)]);
    let out = run(&args, b"");
    if let Some(code) = expect.get("error").and_then(Value::as_str) {
        assert_error(id, &out, code);
        // Labels such as `--secret-file` share short runs with these secrets, so whole secrets only.
        for secret in &secrets {
            assert_no_secret(id, &out, secret, false);
        }
    } else if let Some(index) = expect.get("matching_key").and_then(Value::as_u64) {
        assert_eq!(out.code, 0, "{id}: {}", out.stderr);
        let named = format!("ok (key {} of {}: --secret-file ", index + 1, secrets.len());
        assert!(String::from_utf8_lossy(&out.stdout).starts_with(&named), "{id}: {:?}", out.stdout);
    } else {
        let expected = expect["verify"].as_bool().unwrap_or_else(|| panic!("{id}: unknown expectation {expect}"));
        assert_verify(id, &out, expected, &presented);
    }
}

/// Why a case cannot run through the command line, or `None` when it can.
fn skip_reason(case: &Value, expect: Option<&Value>, installed: bool) -> Option<String> {
    let Some(expect) = expect else {
        return Some("no expectation for cli (a lone UTF-16 surrogate has no command-line form)".into());
    };
    let input = &case["input"];
    if expect.get("type_error").is_some() {
        return Some("a host type error: a command line has no null, float, bool or object".into());
    }
    let about = text(case, "about");
    if about == "verifier" || input.get("corpus_group").is_some() {
        return None;
    }
    let Some(value) = input_bytes(input) else {
        return Some(format!("a host value with no command-line form: {input}"));
    };
    match about.as_str() {
        "identifier" if value.contains(&b'\n') || value.last() == Some(&b'\r') => {
            Some("an identifier with a line end cannot be one stdin line".into())
        }
        "identifier" if value.len() > 1 << 20 && !installed => {
            // Debug builds of SHA-256 are slow; core/tests/bad_inputs.rs hashes it in
            // process and cli/test.sh runs it against the installed release binary.
            Some("a huge identifier, run only against the installed release binary".into())
        }
        "presented_hash" if value.contains(&0) => Some("an argument cannot contain NUL".into()),
        _ => None,
    }
}

#[test]
fn every_bad_input_case_the_command_line_can_express() {
    let matrix = load("bad_inputs.json");
    assert_eq!(matrix["format"], 1);
    assert!(matrix["languages"].as_array().expect("languages").iter().any(|l| l == LANGUAGE));
    let cases = matrix["cases"].as_array().expect("cases");
    let installed = binary().1;
    let (mut ran, mut vectors, mut skipped) = (0, 0, Vec::new());
    for case in cases {
        let id = text(case, "id");
        let expect = expectation(case);
        if let Some(reason) = skip_reason(case, expect, installed) {
            skipped.push(format!("{id}: {reason}"));
            continue;
        }
        let expect = expect.expect("checked by skip_reason");
        let about = text(case, "about");
        if case["input"].get("corpus_group").is_some() {
            vectors += run_corpus_group(case, &id);
        } else if about == "verifier" {
            run_verifier_case(case, &id, expect);
        } else {
            let value = input_bytes(&case["input"]).expect("checked by skip_reason");
            match about.as_str() {
                "secret" => run_secret_case(case, &id, expect, &value),
                "identifier" => run_identifier_case(case, &id, expect, &value),
                "presented_hash" => run_presented_hash_case(case, &id, expect, &value),
                other => panic!("{id}: unknown about {other:?}"),
            }
        }
        ran += 1;
    }
    println!("bad inputs (cli): {ran} cases run ({vectors} corpus vectors), {} skipped", skipped.len());
    for reason in &skipped {
        println!("  skipped {reason}");
    }
    assert_eq!(ran + skipped.len(), cases.len());
    assert!(ran >= 30, "too few cases ran: {ran}");
}
