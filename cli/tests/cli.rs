//! Runs the real `identity-hmac` binary: the one cargo builds for this test, or
//! the installed one named by `IDENTITY_HMAC_BIN` (cli/test.sh). Expected
//! hashes come from RustCrypto's `hmac` crate (or, where hard-coded, from
//! Python's `hmac`), never from the core this binary is built on.
#![cfg(unix)]

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

const TOKEN: &[u8] = b"Zq9-s3cr3t-chatwoot-token";
const PYLON_HEX: &str = "8f1c0a4e2b7d9635c1e0f4a2b8d6e3c90a1b2c3d4e5f60718293a4b5c6d7e8f9";
const EMAIL: &str = "jane.doe@example.com";

fn reference(key: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(message);
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

fn pylon_key() -> Vec<u8> {
    (0..PYLON_HEX.len()).step_by(2).map(|i| u8::from_str_radix(&PYLON_HEX[i..i + 2], 16).unwrap()).collect()
}

struct Output {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Output {
    fn stdout(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("UTF-8 stdout")
    }

    /// Errors are exactly one line, without a panic or backtrace.
    fn assert_one_line_error(&self, code: i32, needle: &str) {
        assert_eq!(self.code, code, "stderr: {}", self.stderr);
        assert_eq!(self.stderr.lines().count(), 1, "one line: {:?}", self.stderr);
        assert!(self.stderr.starts_with("error: "), "{}", self.stderr);
        assert!(self.stderr.contains(needle), "{:?} should contain {needle:?}", self.stderr);
        assert!(!self.stderr.contains("panicked") && !self.stderr.contains("backtrace"), "{}", self.stderr);
    }

    fn assert_no_secret(&self, secret: &[u8]) {
        let secret = String::from_utf8_lossy(secret);
        assert!(!self.stderr.contains(&*secret), "stderr leaks the secret: {}", self.stderr);
        assert!(!String::from_utf8_lossy(&self.stdout).contains(&*secret), "stdout leaks the secret");
    }
}

/// A command line with its environment and stdin.
struct Run {
    command: Command,
    stdin: Vec<u8>,
}

fn binary() -> std::ffi::OsString {
    std::env::var_os("IDENTITY_HMAC_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_identity-hmac").into())
}

fn identity_hmac<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new(binary());
    command.args(args).env_remove("RUST_BACKTRACE");
    Run { command, stdin: Vec::new() }
}

impl Run {
    fn env(mut self, name: &str, value: &[u8]) -> Self {
        self.command.env(name, OsStr::from_bytes(value));
        self
    }

    fn token(self) -> Self {
        self.env("TOKEN", TOKEN)
    }

    fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = bytes.into();
        self
    }

    fn run(mut self) -> Output {
        let mut child = self
            .command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let mut stdin = child.stdin.take().unwrap();
        let input = std::mem::take(&mut self.stdin);
        let feeder = std::thread::spawn(move || {
            // The binary may not read stdin at all.
            let _ = stdin.write_all(&input);
        });
        let out = child.wait_with_output().unwrap();
        feeder.join().unwrap();
        Output {
            code: out.status.code().expect("exited, not killed"),
            stdout: out.stdout,
            stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
        }
    }
}

/// A file in this test's scratch directory, readable by its owner only, as a
/// secret file should be (the CLI warns otherwise).
fn scratch_file(name: &str, content: &[u8]) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("identity-hmac-cli-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

// ---------------------------------------------------------------- sign

#[test]
fn sign_arguments_prints_one_hash_per_line() {
    // Chatwoot's documentation example, computed with Python's hmac.
    let out = identity_hmac(["sign", "--secret-env", "TOKEN", "some_identifier", EMAIL])
        .env("TOKEN", b"your_web_widget_hmac_token")
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let expected_email = reference(b"your_web_widget_hmac_token", EMAIL.as_bytes());
    assert_eq!(
        out.stdout(),
        format!("32478ef17a559ea4600787200d58a8baeb0e223707316e62f2508e57bf4b75b9\n{expected_email}\n")
    );
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

#[test]
fn sign_with_identifier_and_identifiers_that_look_like_options() {
    let out = identity_hmac(["sign", "--secret-env", "TOKEN", "--with-identifier", "--", "-v", ""]).token().run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout(), format!("-v\t{}\n\t{}\n", reference(TOKEN, b"-v"), reference(TOKEN, b"")));
}

#[test]
fn sign_stdin_handles_crlf_empty_lines_and_raw_bytes() {
    let input = b"alice@example.com\r\n\nbob@example.com\n\xff\xfe raw\nna\xc3\xafve\r\nlast-without-newline";
    let out = identity_hmac(["sign", "--secret-env", "TOKEN"]).token().stdin(&input[..]).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let expected: String = [
        &b"alice@example.com"[..],
        b"",
        b"bob@example.com",
        b"\xff\xfe raw",
        "naïve".as_bytes(),
        b"last-without-newline",
    ]
    .iter()
    .map(|id| reference(TOKEN, id) + "\n")
    .collect();
    assert_eq!(out.stdout(), expected);
}

#[test]
fn sign_stdin_with_identifier_echoes_raw_bytes() {
    let out = identity_hmac(["sign", "--secret-env", "TOKEN", "--with-identifier"])
        .token()
        .stdin(&b"\xff\xfe\r\nx\n"[..])
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut expected = b"\xff\xfe\t".to_vec();
    expected.extend_from_slice(reference(TOKEN, b"\xff\xfe").as_bytes());
    expected.extend_from_slice(format!("\nx\t{}\n", reference(TOKEN, b"x")).as_bytes());
    assert_eq!(out.stdout, expected);
}

#[test]
fn sign_stdin_empty_input_prints_nothing() {
    let out = identity_hmac(["sign", "--secret-env", "TOKEN"]).token().run();
    assert_eq!((out.code, out.stdout.len()), (0, 0), "{}", out.stderr);
    // A single line end is one empty identifier.
    let out = identity_hmac(["sign", "--secret-env", "TOKEN"]).token().stdin("\r\n").run();
    assert_eq!(out.stdout(), reference(TOKEN, b"") + "\n");
}

#[test]
fn sign_stdin_large_batch_keeps_order_across_blocks() {
    // Several 1 MiB blocks, lines cut at block edges, and one line longer than
    // a block, so the parallel path and the block growth are both exercised.
    let mut identifiers: Vec<Vec<u8>> = (0..120_000).map(|i| format!("user{i}@example.com").into_bytes()).collect();
    identifiers.insert(60_000, vec![b'x'; 3 << 20]);
    let mut input = Vec::new();
    for (i, id) in identifiers.iter().enumerate() {
        input.extend_from_slice(id);
        input.extend_from_slice(if i % 3 == 0 { b"\r\n" } else { b"\n" });
    }
    let out = identity_hmac(["sign", "--secret-env", "TOKEN"]).token().stdin(input).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), identifiers.len());
    for (i, id) in
        identifiers.iter().enumerate().filter(|(i, _)| i % 997 == 0 || *i == 60_000 || *i + 1 == identifiers.len())
    {
        assert_eq!(lines[i], reference(TOKEN, id), "line {i}");
    }
}

#[test]
fn sign_stops_quietly_when_stdout_is_closed() {
    let mut child = Command::new(binary())
        .args(["sign", "--secret-env", "TOKEN"])
        .env("TOKEN", OsStr::from_bytes(TOKEN))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || {
        let block: Vec<u8> = (0..100_000).flat_map(|i| format!("user{i}@example.com\n").into_bytes()).collect();
        for _ in 0..50 {
            if stdin.write_all(&block).is_err() {
                break;
            }
        }
    });
    let mut first = [0u8; 65];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // Dropping our end of stdout closes the pipe, like `| head -1`.
    let status = child.wait().unwrap();
    feeder.join().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(&first[..64], reference(TOKEN, b"user0@example.com").as_bytes());
}

#[test]
fn secret_stdin_goes_with_identifier_arguments_only() {
    let out = identity_hmac(["sign", "--secret-stdin", EMAIL]).stdin([TOKEN, b"\n"].concat()).run();
    assert_eq!(out.stdout(), reference(TOKEN, EMAIL.as_bytes()) + "\n");
    let out = identity_hmac(["sign", "--secret-stdin"]).stdin([TOKEN, b"\n"].concat()).run();
    out.assert_one_line_error(2, "--secret-stdin needs the identifiers as arguments");
}

// ---------------------------------------------------------------- secrets

#[test]
fn secret_file_strips_exactly_one_line_end() {
    for (name, content, key) in [
        ("plain", &b"tok"[..], &b"tok"[..]),
        ("lf", b"tok\n", b"tok"),
        ("crlf", b"tok\r\n", b"tok"),
        ("two-lf", b"tok\n\n", b"tok\n"),
        ("space", b"tok \n", b"tok "),
    ] {
        let path = scratch_file(&format!("secret-{name}"), content);
        let out =
            identity_hmac([OsStr::new("sign"), OsStr::new("--secret-file"), path.as_os_str(), OsStr::new(EMAIL)]).run();
        assert_eq!(out.stdout(), reference(key, EMAIL.as_bytes()) + "\n", "{name}");
    }
    let help = identity_hmac(["sign", "--help"]).run();
    assert!(help.stdout().contains("exactly one trailing newline (\\n or \\r\\n) is removed"), "{}", help.stdout());
}

#[test]
fn secret_env_is_used_byte_for_byte() {
    let out = identity_hmac(["sign", "--secret-env", "TOKEN", EMAIL]).env("TOKEN", b"tok\n").run();
    assert_eq!(out.stdout(), reference(b"tok\n", EMAIL.as_bytes()) + "\n");
}

#[test]
fn secret_on_the_command_line_warns() {
    let secret = "Zq9-argv-secret";
    let out = identity_hmac(["sign", "--secret", secret, EMAIL]).run();
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout(), reference(secret.as_bytes(), EMAIL.as_bytes()) + "\n");
    assert!(out.stderr.starts_with("warning: --secret puts the secret in the process list"), "{}", out.stderr);
    out.assert_no_secret(secret.as_bytes());
    let quiet = identity_hmac(["sign", "--secret-env", "TOKEN", EMAIL]).token().run();
    assert!(quiet.stderr.is_empty());
}

#[test]
fn secret_errors_are_one_line_and_never_contain_the_secret() {
    let out = identity_hmac(["sign", "--secret-env", "TOKEN", "--secret-encoding", "hex", EMAIL]).token().run();
    out.assert_one_line_error(2, "[INVALID_HEX_SECRET]");
    assert!(out.stderr.contains("--secret-env TOKEN") && out.stderr.contains("position 0"), "{}", out.stderr);
    out.assert_no_secret(TOKEN);

    let secret = b"abcdef0123456789Z";
    let out = identity_hmac(["verify", "--preset", "pylon", "--secret-env", "S", EMAIL, &"a".repeat(64)])
        .env("S", secret)
        .run();
    out.assert_one_line_error(2, "position 16");
    out.assert_no_secret(b"abcdef0123456789");

    let out = identity_hmac(["sign", "--secret-env", "TOKEN", EMAIL]).env("TOKEN", b"").run();
    out.assert_one_line_error(2, "[EMPTY_SECRET]");

    let empty = scratch_file("secret-only-newline", b"\n");
    let out =
        identity_hmac([OsStr::new("sign"), OsStr::new("--secret-file"), empty.as_os_str(), OsStr::new("x")]).run();
    out.assert_one_line_error(2, "[EMPTY_SECRET]");
}

#[test]
fn missing_or_contradictory_secret_options_are_clear() {
    identity_hmac(["sign", EMAIL]).run().assert_one_line_error(2, "no secret given");
    identity_hmac(["sign", "--secret-env", "IDENTITY_HMAC_TEST_UNSET", EMAIL])
        .run()
        .assert_one_line_error(2, "IDENTITY_HMAC_TEST_UNSET is not set");
    identity_hmac(["sign", "--secret-file", "/nonexistent/secret", EMAIL])
        .run()
        .assert_one_line_error(2, "cannot read the secret file /nonexistent/secret");
    identity_hmac(["sign", "--secret-env", "TOKEN", "--secret-env", "TOKEN", EMAIL])
        .token()
        .run()
        .assert_one_line_error(2, "only verify accepts several");
    identity_hmac(["sign", "--preset", "pylon", "--secret-encoding", "text", "--secret-env", "TOKEN", EMAIL])
        .token()
        .run()
        .assert_one_line_error(2, "contradicts --preset");
    identity_hmac(["sign", "--secret-encoding", "base64", "--secret-env", "TOKEN", EMAIL])
        .token()
        .run()
        .assert_one_line_error(2, "[UNKNOWN_SECRET_ENCODING]");
    identity_hmac(["sign", "--nope"]).run().assert_one_line_error(2, "--nope");
    identity_hmac(["verify", "--secret-env", "TOKEN"])
        .token()
        .run()
        .assert_one_line_error(2, "required arguments were not provided: <IDENTIFIER> <HASH>");
    identity_hmac(["sign", "--preset", "drift"]).run().assert_one_line_error(2, "drift");
}

#[test]
fn presets_set_the_secret_encoding() {
    let pylon =
        identity_hmac(["sign", "--preset", "pylon", "--secret-env", "S", EMAIL]).env("S", PYLON_HEX.as_bytes()).run();
    assert_eq!(pylon.stdout(), reference(&pylon_key(), EMAIL.as_bytes()) + "\n", "{}", pylon.stderr);
    let explicit = identity_hmac(["sign", "--preset", "pylon", "--secret-encoding", "hex", "--secret-env", "S", EMAIL])
        .env("S", PYLON_HEX.as_bytes())
        .run();
    assert_eq!(explicit.stdout, pylon.stdout);
    for preset in ["chatwoot", "intercom", "helpscout", "front", "plain", "chatbase", "gleap"] {
        let out = identity_hmac(["sign", "--preset", preset, "--secret-env", "S", EMAIL])
            .env("S", PYLON_HEX.as_bytes())
            .run();
        assert_eq!(out.stdout(), reference(PYLON_HEX.as_bytes(), EMAIL.as_bytes()) + "\n", "{preset}");
    }
}

// ---------------------------------------------------------------- verify

#[test]
fn verify_exit_codes() {
    let good = reference(TOKEN, EMAIL.as_bytes());
    let out = identity_hmac(["verify", "--secret-env", "TOKEN", EMAIL, &good]).token().run();
    assert_eq!((out.code, out.stdout()), (0, "ok\n".to_owned()), "{}", out.stderr);
    // Either case is well formed.
    let out = identity_hmac(["verify", "--secret-env", "TOKEN", EMAIL, &good.to_uppercase()]).token().run();
    assert_eq!(out.code, 0);

    let other = reference(TOKEN, b"someone.else@example.com");
    let out = identity_hmac(["verify", "--secret-env", "TOKEN", EMAIL, &other]).token().run();
    assert_eq!((out.code, out.stdout()), (1, "mismatch\n".to_owned()));
    assert!(out.stderr.contains("identity-hmac diagnose"), "{}", out.stderr);

    for malformed in [&good[1..], &format!("{}g", &good[1..]), "", &format!(" {good}")] {
        let out = identity_hmac(["verify", "--secret-env", "TOKEN", EMAIL, malformed]).token().run();
        out.assert_one_line_error(2, "[MALFORMED_HASH]");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn verify_rotation_names_the_matching_key() {
    let old_file = scratch_file("rotation-old", b"old-token\n");
    let hash_old = reference(b"old-token", EMAIL.as_bytes());
    let hash_new = reference(b"new-token", EMAIL.as_bytes());
    let args = |hash: &str| {
        vec![
            OsStr::new("verify").to_owned(),
            "--secret-env".into(),
            "NEW".into(),
            "--secret-file".into(),
            old_file.clone().into_os_string(),
            EMAIL.into(),
            hash.into(),
        ]
    };
    let out = identity_hmac(args(&hash_old)).env("NEW", b"new-token").run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout(), format!("ok (key 2 of 2: --secret-file {})\n", old_file.display()));
    let out = identity_hmac(args(&hash_new)).env("NEW", b"new-token").run();
    assert_eq!(out.stdout(), "ok (key 1 of 2: --secret-env NEW)\n");
    let out = identity_hmac(args(&reference(b"older-token", EMAIL.as_bytes()))).env("NEW", b"new-token").run();
    assert_eq!((out.code, out.stdout()), (1, "mismatch\n".to_owned()));

    // Order on the command line is the order of the keys, whatever the option.
    let out = identity_hmac([
        OsStr::new("verify"),
        OsStr::new("--secret-file"),
        old_file.as_os_str(),
        OsStr::new("--secret-env"),
        OsStr::new("NEW"),
        OsStr::new(EMAIL),
        OsStr::new(&hash_new),
    ])
    .env("NEW", b"new-token")
    .run();
    assert_eq!(out.stdout(), "ok (key 2 of 2: --secret-env NEW)\n");
}

#[test]
fn verify_refuses_more_than_sixteen_keys() {
    let mut args = vec!["verify".to_owned()];
    for _ in 0..17 {
        args.extend(["--secret-env".to_owned(), "TOKEN".to_owned()]);
    }
    args.extend([EMAIL.to_owned(), "a".repeat(64)]);
    identity_hmac(args).token().run().assert_one_line_error(2, "[TOO_MANY_SECRETS]");
}

// ---------------------------------------------------------------- keygen

fn is_lower_hex(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[test]
fn keygen_hex_by_default_and_text_on_request() {
    let a = identity_hmac(["keygen"]).run().stdout();
    let b = identity_hmac(["keygen", "--encoding", "hex"]).run().stdout();
    for key in [&a, &b] {
        let key = key.strip_suffix('\n').unwrap();
        assert!(key.len() == 64 && is_lower_hex(key), "{key}");
    }
    assert_ne!(a, b);
    // A generated hex secret is accepted as a Pylon secret.
    let out =
        identity_hmac(["sign", "--preset", "pylon", "--secret-env", "S", "x"]).env("S", a.trim_end().as_bytes()).run();
    assert_eq!(out.code, 0, "{}", out.stderr);

    let text = identity_hmac(["keygen", "--encoding", "text"]).run().stdout();
    let text = text.strip_suffix('\n').unwrap();
    assert!(text.len() == 32 && text.bytes().all(|b| b.is_ascii_alphanumeric()), "{text}");
    identity_hmac(["keygen", "--encoding", "base64"]).run().assert_one_line_error(2, "[UNKNOWN_SECRET_ENCODING]");
}

// ---------------------------------------------------------------- diagnose

fn diagnose(encoding: &str, secret: &[u8], identifier: &[u8], presented: &str) -> Output {
    identity_hmac([
        OsStr::new("diagnose"),
        OsStr::new("--secret-encoding"),
        OsStr::new(encoding),
        OsStr::new("--secret-env"),
        OsStr::new("S"),
        OsStr::new("--"),
        OsStr::from_bytes(identifier),
        OsStr::new(presented),
    ])
    .env("S", secret)
    .run()
}

fn assert_diagnosis(out: &Output, code: &str, words: &str, secret: &[u8]) {
    assert_eq!(out.code, 1, "{}", out.stderr);
    let stdout = out.stdout();
    assert!(stdout.starts_with("mismatch: "), "{stdout}");
    assert!(stdout.contains(&format!("code: {code}\n")), "{code}: {stdout}");
    assert!(stdout.contains(words), "{words:?} not in {stdout}");
    assert!(stdout.contains("\nfix: "), "{stdout}");
    out.assert_no_secret(secret);
}

#[test]
fn diagnose_a_matching_hash() {
    let out = diagnose("text", TOKEN, EMAIL.as_bytes(), &reference(TOKEN, EMAIL.as_bytes()));
    assert_eq!((out.code, out.stdout()), (0, "ok: the hash matches\n".to_owned()));
}

#[test]
fn diagnose_upper_case_hash() {
    let upper = reference(TOKEN, EMAIL.as_bytes()).to_uppercase();
    assert_diagnosis(&diagnose("text", TOKEN, EMAIL.as_bytes(), &upper), "UPPERCASE_HASH", "upper case", TOKEN);
}

#[test]
fn diagnose_secret_line_endings_and_whitespace() {
    let id = EMAIL.as_bytes();
    let lf = reference(&[TOKEN, b"\n"].concat(), id);
    assert_diagnosis(&diagnose("text", TOKEN, id, &lf), "SECRET_LINE_ENDING", "newline (\\n) after the secret", TOKEN);
    let crlf = reference(&[TOKEN, b"\r\n"].concat(), id);
    assert_diagnosis(&diagnose("text", TOKEN, id, &crlf), "SECRET_LINE_ENDING", "(\\r\\n) after the secret", TOKEN);
    let padded = reference(&[b" ", TOKEN, b" "].concat(), id);
    assert_diagnosis(&diagnose("text", TOKEN, id, &padded), "SECRET_SURROUNDING_WHITESPACE", "spaces or tabs", TOKEN);
    // The secret given here is the padded one; the backend trimmed it.
    let given = [b"\t", TOKEN].concat();
    let trimmed = reference(TOKEN, id);
    assert_diagnosis(&diagnose("text", &given, id, &trimmed), "SECRET_WHITESPACE_IN_INPUT", "white space", TOKEN);
}

#[test]
fn diagnose_text_versus_hex_both_ways() {
    let id = EMAIL.as_bytes();
    let as_text = reference(PYLON_HEX.as_bytes(), id);
    let out = diagnose("hex", PYLON_HEX.as_bytes(), id, &as_text);
    assert_diagnosis(&out, "HEX_SECRET_USED_AS_TEXT", "characters as text", PYLON_HEX.as_bytes());
    let as_hex = reference(&pylon_key(), id);
    let out = diagnose("text", PYLON_HEX.as_bytes(), id, &as_hex);
    assert_diagnosis(&out, "TEXT_SECRET_DECODED_AS_HEX", "decoded from hex", PYLON_HEX.as_bytes());
}

#[test]
fn diagnose_identifier_line_end_case_and_unicode_form() {
    let id = EMAIL.as_bytes();
    let lf = reference(TOKEN, &[id, b"\n"].concat());
    assert_diagnosis(
        &diagnose("text", TOKEN, id, &lf),
        "IDENTIFIER_LINE_ENDING",
        "identifier followed by a newline",
        TOKEN,
    );
    let crlf = reference(TOKEN, &[id, b"\r\n"].concat());
    assert_diagnosis(&diagnose("text", TOKEN, id, &crlf), "IDENTIFIER_LINE_ENDING", "Windows line ending", TOKEN);

    let mixed = b"Jane.Doe@Example.COM";
    let lower = reference(TOKEN, &mixed.to_ascii_lowercase());
    assert_diagnosis(&diagnose("text", TOKEN, mixed, &lower), "IDENTIFIER_LETTER_CASE", "in lower case", TOKEN);
    let upper = reference(TOKEN, &mixed.to_ascii_uppercase());
    assert_diagnosis(&diagnose("text", TOKEN, mixed, &upper), "IDENTIFIER_LETTER_CASE", "in upper case", TOKEN);

    let nfc = "Jos\u{e9}@example.com".as_bytes();
    let nfd = "Jose\u{301}@example.com".as_bytes();
    let out = diagnose("text", TOKEN, nfd, &reference(TOKEN, nfc));
    assert_diagnosis(&out, "IDENTIFIER_NORMALIZATION", "Unicode NFC (composed accents) form", TOKEN);
    let out = diagnose("text", TOKEN, nfc, &reference(TOKEN, nfd));
    assert_diagnosis(&out, "IDENTIFIER_NORMALIZATION", "Unicode NFD (decomposed accents) form", TOKEN);
}

#[test]
fn diagnose_swapped_key_and_message() {
    let id = EMAIL.as_bytes();
    let swapped = reference(id, TOKEN);
    assert_diagnosis(&diagnose("text", TOKEN, id, &swapped), "KEY_AND_MESSAGE_SWAPPED", "hash_hmac", TOKEN);
}

#[test]
fn diagnose_empty_key() {
    let id = EMAIL.as_bytes();
    let empty = reference(b"", id);
    let out = diagnose("hex", PYLON_HEX.as_bytes(), id, &empty);
    assert_diagnosis(&out, "EMPTY_KEY", "Buffer.from(secret, 'hex')", PYLON_HEX.as_bytes());
}

#[test]
fn diagnose_unknown_cause_suggests_the_website_token() {
    let id = EMAIL.as_bytes();
    let other = reference(b"website-token-abc", id);
    let out = diagnose("text", TOKEN, id, &other);
    assert_eq!(out.code, 1);
    let stdout = out.stdout();
    assert!(stdout.starts_with("mismatch: no common mistake reproduces this hash"), "{stdout}");
    assert!(stdout.contains("website token"), "{stdout}");
    out.assert_no_secret(TOKEN);
    // Pylon's hex secrets have no website token.
    let out = diagnose("hex", PYLON_HEX.as_bytes(), id, &other);
    assert!(!out.stdout().contains("website token"));
}

#[test]
fn diagnose_errors() {
    let out = diagnose("text", TOKEN, EMAIL.as_bytes(), "abc");
    out.assert_one_line_error(2, "[MALFORMED_HASH]");
    let out = diagnose("hex", TOKEN, EMAIL.as_bytes(), &"a".repeat(64));
    out.assert_one_line_error(2, "[INVALID_HEX_SECRET]");
    out.assert_no_secret(TOKEN);
}

#[test]
fn help_and_version() {
    let out = identity_hmac(["--help"]).run();
    assert_eq!(out.code, 0);
    for word in ["sign", "verify", "keygen", "diagnose"] {
        assert!(out.stdout().contains(word));
    }
    let out = identity_hmac(["--version"]).run();
    assert_eq!(out.stdout(), format!("identity-hmac {}\n", env!("CARGO_PKG_VERSION")));
}

// ---------------------------------------------------------------- hostile input

/// Runs the binary with stdin from `stdin_path`, under `ulimit -v` (about 1 GB
/// of address space): input that grows memory without bound then ends in a
/// failed allocation within a second instead of taking the machine's memory.
/// A death by signal is reported as 128 + the signal, as a shell does.
fn run_limited(args: &[&OsStr], stdin_path: &str, env: &[(&str, &[u8])]) -> Output {
    run_under_limit(1_000_000, args, stdin_path, env)
}

fn run_under_limit(limit_kib: u32, args: &[&OsStr], stdin_path: &str, env: &[(&str, &[u8])]) -> Output {
    use std::os::unix::process::ExitStatusExt;
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("ulimit -v {limit_kib} && exec \"$0\" \"$@\""))
        .arg(binary())
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .stdin(std::fs::File::open(stdin_path).expect("stdin file"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in env {
        command.env(name, OsStr::from_bytes(value));
    }
    let out = command.output().expect("sh starts");
    Output {
        code: out.status.code().unwrap_or_else(|| 128 + out.status.signal().unwrap_or(0)),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// No 4-byte piece of `secret` in stderr (except the option name `--secret`
/// itself, which the messages name), and no quoted piece of 2 bytes or more,
/// as clap quotes what it rejects (`unexpected argument '-Z' found`).
fn assert_no_piece_of(out: &Output, secret: &str) {
    let bytes = secret.as_bytes();
    for piece in bytes.windows(4) {
        let piece = std::str::from_utf8(piece).unwrap();
        if "--secret".contains(piece) {
            continue;
        }
        assert!(!out.stderr.contains(piece), "stderr holds {piece:?} of the secret {secret:?}: {}", out.stderr);
    }
    for len in 2..=bytes.len() {
        for piece in bytes.windows(len) {
            let quoted = format!("'{}'", std::str::from_utf8(piece).unwrap());
            assert!(!out.stderr.contains(&quoted), "stderr quotes {quoted} of {secret:?}: {}", out.stderr);
        }
    }
    assert!(!String::from_utf8_lossy(&out.stdout).contains(secret));
}

#[test]
fn secret_that_begins_with_a_dash_works() {
    let out = identity_hmac(["sign", "--secret", "-Zq9secret", "user"]).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout(), reference(b"-Zq9secret", b"user") + "\n");
    for secret in ["--Zq9-Kw7v", "-h", "--help", "--secret-env"] {
        let out = identity_hmac(["sign", "--secret", secret, "user"]).run();
        assert_eq!(out.stdout(), reference(secret.as_bytes(), b"user") + "\n", "{secret}: {}", out.stderr);
        let hash = reference(secret.as_bytes(), b"user");
        let out = identity_hmac(["verify", "--secret", secret, "--secret-env", "TOKEN", "user", &hash]).token().run();
        assert_eq!(out.stdout(), "ok (key 1 of 2: --secret)\n", "{secret}: {}", out.stderr);
    }
}

// ---------------------------------------------------------------- identify

#[test]
fn identify_prints_the_preset_call_with_values_escaped() {
    // Hashes from Python's hmac.
    let out = identity_hmac([
        "identify",
        "--preset",
        "chatwoot",
        "--secret-env",
        "TOKEN",
        "--identifier",
        "42",
        "--email",
        EMAIL,
        "--name",
        "</script><script>window.pwned=1</script>",
    ])
    .token()
    .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout(),
        "window.addEventListener('chatwoot:ready', function () {\n  window.$chatwoot.setUser(\"42\", {\n    email: \"jane.doe@example.com\",\n    name: \"\\u003c/script\\u003e\\u003cscript\\u003ewindow.pwned=1\\u003c/script\\u003e\",\n    identifier_hash: \"4a6e0d0acb93930d6047dbc06acecfc3d475c9e036ed5b41271c658295d7e543\"\n  });\n});\n"
    );
    out.assert_no_secret(TOKEN);

    let pylon = identity_hmac([
        "identify",
        "--preset",
        "pylon",
        "--secret-env",
        "S",
        "--email",
        EMAIL,
        "--page",
        "app_id=app-1",
        "--nonce",
        "n0nce==",
    ])
    .env("S", PYLON_HEX.as_bytes())
    .run();
    assert_eq!(
        pylon.stdout(),
        "<script nonce=\"n0nce==\">\nwindow.pylon = {\n  chat_settings: {\n    app_id: \"app-1\",\n    email: \"jane.doe@example.com\",\n    email_hash: \"6df34cf8f07ba309ee86ddebe76ede97f681adde98946554582a31f60e2577e7\"\n  }\n};\n</script>\n",
        "{}",
        pylon.stderr
    );
}

#[test]
fn identify_json_lists_the_fields_in_the_call_order() {
    let out = identity_hmac(["identify", "--preset", "intercom", "--secret-env", "TOKEN", "--email", EMAIL, "--json"])
        .token()
        .run();
    let hash = reference(TOKEN, EMAIL.as_bytes());
    assert_eq!(
        out.stdout(),
        format!("{{\"email\":\"jane.doe@example.com\",\"user_hash\":\"{hash}\"}}\n"),
        "{}",
        out.stderr
    );
    let parsed: serde_json::Value = serde_json::from_str(&out.stdout()).unwrap();
    assert_eq!(parsed["user_hash"], hash.as_str());
    // The user id takes preference over the email, as Intercom documents.
    let with_id = identity_hmac([
        "identify",
        "--preset",
        "intercom",
        "--secret-env",
        "TOKEN",
        "--identifier",
        "42",
        "--email",
        EMAIL,
        "--json",
    ])
    .token()
    .run();
    let parsed: serde_json::Value = serde_json::from_str(&with_id.stdout()).unwrap();
    assert_eq!(parsed["user_hash"], "4a6e0d0acb93930d6047dbc06acecfc3d475c9e036ed5b41271c658295d7e543");
    assert_eq!(parsed["user_id"], "42");
}

#[test]
fn identify_errors_name_the_missing_option_and_the_core_code() {
    identity_hmac(["identify", "--preset", "pylon", "--secret-env", "S", "--name", "No Email"])
        .env("S", PYLON_HEX.as_bytes())
        .run()
        .assert_one_line_error(
            2,
            "the pylon preset needs email, which is missing: give it with --email [MISSING_FIELD]",
        );
    identity_hmac(["identify", "--preset", "front", "--secret-env", "TOKEN", "--email", EMAIL])
        .token()
        .run()
        .assert_one_line_error(2, "give it with --page chatId=... [MISSING_FIELD]");
    identity_hmac(["identify", "--preset", "front", "--secret-env", "TOKEN", "--email", EMAIL, "--page", "chatid=1"])
        .token()
        .run()
        .assert_one_line_error(2, "it takes chatId [UNKNOWN_FIELD]");
    identity_hmac(["identify", "--preset", "helpscout", "--secret-env", "TOKEN", "--email", EMAIL, "--nonce", "a\"b"])
        .token()
        .run()
        .assert_one_line_error(2, "position 1) [INVALID_NONCE]");
    identity_hmac(["identify", "--preset", "plain", "--secret-env", "TOKEN", "--email", EMAIL, "--page", "appId"])
        .token()
        .run()
        .assert_one_line_error(2, "--page takes NAME=VALUE");
    identity_hmac(["identify", "--secret-env", "TOKEN", "--email", EMAIL])
        .token()
        .run()
        .assert_one_line_error(2, "needs --preset");
    identity_hmac(["identify", "--preset", "plain", "--secret-env", "TOKEN", "--json", "--nonce", "n"])
        .token()
        .run()
        .assert_one_line_error(2, "--nonce");
    let not_utf8 = identity_hmac([
        OsStr::new("identify"),
        OsStr::new("--preset"),
        OsStr::new("helpscout"),
        OsStr::new("--secret-env"),
        OsStr::new("TOKEN"),
        OsStr::new("--email"),
        OsStr::from_bytes(b"a\xffb@example.com"),
    ])
    .token()
    .run();
    not_utf8.assert_one_line_error(2, "--email is not valid UTF-8");
}

#[test]
fn the_preset_names_are_the_cores() {
    let help = identity_hmac(["sign", "--help"]).run();
    assert!(
        help.stdout()
            .contains("[possible values: chatwoot, pylon, intercom, helpscout, front, plain, chatbase, gleap, intercom-jwt, zendesk]"),
        "{}",
        help.stdout()
    );
    identity_hmac(["identify", "--preset", "Chatwoot"]).run().assert_one_line_error(2, "invalid value 'Chatwoot'");
}

#[test]
fn parser_errors_never_quote_a_secret() {
    let mut cases = 0;
    for secret in ["-Zq9secret", "-Zq9-Kw7v", "--Zq9-Kw7v", "-Zq9 Kw7v=Pm4"] {
        let given = [vec!["--secret".to_owned(), secret.to_owned()], vec![format!("--secret={secret}")]];
        for secret_args in &given {
            let with = |before: &[&str], after: &[&str]| -> Vec<String> {
                let mut args: Vec<String> = before.iter().map(|s| s.to_string()).collect();
                args.extend(secret_args.iter().cloned());
                args.extend(after.iter().map(|s| s.to_string()));
                args
            };
            let hash = "a".repeat(64);
            let runs = [
                with(&["sign"], &["--bogus", "user"]),
                with(&["sign"], &["--secret-encoding", "base64", "user"]),
                with(&["sign", "--preset"], &["user"]),
                with(&["verify"], &["user"]),
                with(&["verify"], &["user", &hash, "extra"]),
                with(&["diagnose"], &["-x", "user", &hash]),
                with(&["keygen"], &[]),
                with(&[], &["sign", "user"]),
            ];
            for args in runs {
                let out = identity_hmac(&args).run();
                assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
                assert_no_piece_of(&out, secret);
                cases += 1;
            }
        }
    }
    assert_eq!(cases, 64);
}

#[test]
fn secret_warning_prints_once() {
    let mut args = vec!["verify".to_owned()];
    for i in 0..16 {
        args.extend(["--secret".to_owned(), format!("rotation-{i}")]);
    }
    args.extend([EMAIL.to_owned(), reference(b"rotation-15", EMAIL.as_bytes())]);
    let out = identity_hmac(&args).run();
    assert_eq!(out.stdout(), "ok (key 16 of 16: --secret)\n", "{}", out.stderr);
    assert_eq!(out.stderr.matches("warning: --secret").count(), 1, "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
}

#[test]
fn secret_file_readable_by_others_warns_once() {
    use std::os::unix::fs::PermissionsExt;
    let path = scratch_file("secret-mode", b"tok\n");
    let hash = reference(b"tok", EMAIL.as_bytes());
    let verify_twice = || {
        identity_hmac([
            OsStr::new("verify"),
            OsStr::new("--secret-file"),
            path.as_os_str(),
            OsStr::new("--secret-file"),
            path.as_os_str(),
            OsStr::new(EMAIL),
            OsStr::new(&hash),
        ])
        .run()
    };
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = verify_twice();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let warning = format!("warning: group or others can read the secret file {} (mode 0644)", path.display());
    assert_eq!(out.stderr.lines().collect::<Vec<_>>(), [format!("{warning}; restrict it with chmod 600")]);

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out =
        identity_hmac([OsStr::new("sign"), OsStr::new("--secret-file"), path.as_os_str(), OsStr::new(EMAIL)]).run();
    assert!(out.stderr.contains("(mode 0640)"), "{}", out.stderr);

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = verify_twice();
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
}

#[test]
fn secrets_are_capped_at_64_kib() {
    let cap = 64 * 1024;
    let secret_file = scratch_file;
    // Exactly the cap, with the line end that is removed, is accepted.
    let fits = [vec![b'k'; cap], b"\r\n".to_vec()].concat();
    let path = secret_file("secret-at-cap", &fits);
    let out = identity_hmac([OsStr::new("sign"), OsStr::new("--secret-file"), path.as_os_str(), OsStr::new("x")]).run();
    assert_eq!(out.stdout(), reference(&fits[..cap], b"x") + "\n", "{}", out.stderr);

    let too_long = vec![b'k'; cap + 1];
    let path = secret_file("secret-over-cap", &too_long);
    let out = identity_hmac([OsStr::new("sign"), OsStr::new("--secret-file"), path.as_os_str(), OsStr::new("x")]).run();
    out.assert_one_line_error(2, "is longer than 65536 bytes (64 KiB)");
    let out = identity_hmac(["sign", "--secret-env", "BIG", "x"]).env("BIG", &too_long).run();
    out.assert_one_line_error(2, "the secret from --secret-env BIG is longer than 65536 bytes");
    let out = identity_hmac(["sign", "--secret-stdin", "x"]).stdin(too_long).run();
    out.assert_one_line_error(2, "the secret from --secret-stdin is longer than 65536 bytes");

    // Endless sources stop at the cap instead of reading until memory runs out.
    let zero = OsStr::new("/dev/zero");
    let out = run_limited(&[OsStr::new("sign"), OsStr::new("--secret-file"), zero, OsStr::new("x")], "/dev/null", &[]);
    out.assert_one_line_error(2, "the secret from --secret-file /dev/zero is longer than 65536 bytes");
    let out = run_limited(&[OsStr::new("sign"), OsStr::new("--secret-stdin"), OsStr::new("x")], "/dev/zero", &[]);
    out.assert_one_line_error(2, "the secret from --secret-stdin is longer than 65536 bytes");
}

#[test]
fn stdin_lines_are_capped_at_64_mib_with_the_line_number() {
    let cap = 64 << 20;
    let mut input = b"first\r\nsecond\n".to_vec();
    input.resize(input.len() + cap + 1, b'x');
    input.extend_from_slice(b"\nnever signed\n");
    let out = identity_hmac(["sign", "--secret-env", "TOKEN"]).token().stdin(input).run();
    out.assert_one_line_error(2, "line 3 of stdin is longer than 67108864 bytes (64 MiB)");
    // The lines before it are signed.
    assert_eq!(out.stdout(), format!("{}\n{}\n", reference(TOKEN, b"first"), reference(TOKEN, b"second")));

    // A line at the cap is signed, its line end (here a lone final \r) removed.
    let mut at_cap = vec![b'y'; cap];
    let expected = reference(TOKEN, &at_cap) + "\n";
    at_cap.push(b'\r');
    let out = identity_hmac(["sign", "--secret-env", "TOKEN"]).token().stdin(at_cap).run();
    assert_eq!((out.code, out.stdout()), (0, expected), "{}", out.stderr);

    // A line without end (here endless, far beyond 4 GiB) under a memory
    // limit: an error, never an allocation abort.
    let args = [OsStr::new("sign"), OsStr::new("--secret-env"), OsStr::new("TOKEN")];
    let out = run_limited(&args, "/dev/zero", &[("TOKEN", TOKEN)]);
    out.assert_one_line_error(2, "line 1 of stdin is longer than 67108864 bytes");
    assert!(out.stdout.is_empty());
    // Under 100 MB the line cannot even reach the cap: a failed allocation is an error too.
    let out = run_under_limit(100_000, &args, "/dev/zero", &[("TOKEN", TOKEN)]);
    out.assert_one_line_error(2, "line 1 of stdin");
    assert!(out.stderr.contains("[OUT_OF_MEMORY]") || out.stderr.contains("longer than"), "{}", out.stderr);

    let help = identity_hmac(["sign", "--help"]).run().stdout();
    assert!(help.contains("A line may hold at most 64 MiB (67108864 bytes"), "{help}");
}

#[test]
fn lone_carriage_returns_are_documented_and_kept_except_at_the_end() {
    let out = identity_hmac(["sign", "--secret-env", "TOKEN"]).token().stdin(&b"a\rb\nc\r\r\nlast\r"[..]).run();
    let expected: String = [&b"a\rb"[..], b"c\r", b"last"].iter().map(|id| reference(TOKEN, id) + "\n").collect();
    assert_eq!(out.stdout(), expected, "{}", out.stderr);
    let help = identity_hmac(["sign", "--help"]).run().stdout();
    assert!(help.contains("A lone \\r at the very end of the input"), "{help}");
    assert!(help.contains("any other \\r"), "{help}");
}

#[test]
fn secret_file_that_is_stdin_is_refused_when_stdin_carries_identifiers() {
    let out = identity_hmac(["sign", "--secret-file", "/dev/stdin"]).stdin("alice\nbob\n").run();
    out.assert_one_line_error(2, "--secret-file /dev/stdin is stdin, which carries the identifiers");
    assert!(out.stdout.is_empty());
    let out = identity_hmac(["sign", "--secret-file", "/proc/self/fd/0"]).stdin("alice\n").run();
    out.assert_one_line_error(2, "is stdin, which carries the identifiers");

    // The file stdin is redirected from.
    let ids = scratch_file("ids-and-secret", b"alice\nbob\n");
    let out =
        run_limited(&[OsStr::new("sign"), OsStr::new("--secret-file"), ids.as_os_str()], ids.to_str().unwrap(), &[]);
    out.assert_one_line_error(2, "is stdin, which carries the identifiers");

    // Stdin read twice for secrets.
    let out = identity_hmac(["verify", "--secret-stdin", "--secret-file", "/dev/stdin", EMAIL, &"a".repeat(64)])
        .stdin("tok\n")
        .run();
    out.assert_one_line_error(2, "stdin can be read only once, but --secret-stdin, --secret-file /dev/stdin");

    // With the identifiers as arguments, /dev/stdin is a fine secret file.
    let out = identity_hmac(["sign", "--secret-file", "/dev/stdin", EMAIL]).stdin([TOKEN, b"\n"].concat()).run();
    assert_eq!(out.stdout(), reference(TOKEN, EMAIL.as_bytes()) + "\n", "{}", out.stderr);
}

#[test]
fn a_secret_given_to_secret_env_by_mistake_is_not_repeated() {
    let secret = "hX7ad8pQy2LsWm4nRt9vZc3k";
    let out = identity_hmac(["sign", "--secret-env", secret, EMAIL]).run();
    out.assert_one_line_error(2, "the environment variable named by --secret-env is not set");
    assert_no_piece_of(&out, secret);
}

#[test]
fn too_many_keys_are_refused_before_any_is_read() {
    let mut args = vec!["verify".to_owned()];
    for _ in 0..17 {
        args.extend(["--secret-file".to_owned(), "/nonexistent/secret".to_owned()]);
    }
    args.extend([EMAIL.to_owned(), "a".repeat(64)]);
    identity_hmac(args).run().assert_one_line_error(2, "[TOO_MANY_SECRETS]");
}

#[test]
fn a_bad_key_of_a_rotation_is_named_with_the_cores_index() {
    let out = identity_hmac([
        "verify",
        "--preset",
        "pylon",
        "--secret-env",
        "NEW",
        "--secret-env",
        "OLD",
        EMAIL,
        &"a".repeat(64),
    ])
    .env("NEW", PYLON_HEX.as_bytes())
    .env("OLD", b"abc")
    .run();
    out.assert_one_line_error(2, "the secret from --secret-env OLD is refused");
    assert!(out.stderr.contains("index 1") && out.stderr.ends_with("[INVALID_HEX_SECRET]\n"), "{}", out.stderr);
}

#[test]
fn help_gives_the_secret_cap() {
    for subcommand in ["sign", "verify", "diagnose"] {
        let help = identity_hmac([subcommand, "--help"]).run().stdout();
        assert!(help.contains("At most 64 KiB are read"), "{subcommand}: {help}");
        assert!(help.contains("at most 64 KiB are read); identifiers must then be arguments"), "{help}");
    }
}

// ---------------------------------------------------------------- tokens

/// Computed with Python's standard library (hmac, base64, json with sorted
/// keys), not with the core: Intercom's claims for user 42 at 1700000000,
/// expiring an hour later, under `intercom-messenger-secret`.
const INTERCOM_JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJlbWFpbCI6ImFsaWNlQGV4YW1wbGUuY29tIiwiZXhwIjoxNzAwMDAzNjAwLCJpYXQiOjE3MDAwMDAwMDAsIm5hbWUiOiJBbGljZSIsInVzZXJfaWQiOiI0MiJ9._yGHDQhcuD6bVxWvQVCKocCkEFY-JERjxCmFd9o3q58";
const MESSENGER_SECRET: &[u8] = b"intercom-messenger-secret";

fn token_run<const N: usize>(args: [&str; N]) -> Output {
    identity_hmac(args).env("S", MESSENGER_SECRET).run()
}

#[test]
fn token_sign_prints_the_jwt() {
    let claims = r#"{"user_id":"42","email":"alice@example.com","name":"Alice"}"#;
    let args =
        ["token", "sign", "--secret-env", "S", "--claims", claims, "--expires-in", "3600", "--now", "1700000000"];
    let out = token_run(args);
    assert_eq!((out.code, out.stdout()), (0, format!("{INTERCOM_JWT}\n")), "{}", out.stderr);
    out.assert_no_secret(MESSENGER_SECRET);
    let preset = [
        "token",
        "sign",
        "--preset",
        "intercom-jwt",
        "--secret-env",
        "S",
        "--claims",
        claims,
        "--expires-in",
        "3600",
        "--now",
        "1700000000",
    ];
    assert_eq!(token_run(preset).stdout(), format!("{INTERCOM_JWT}\n"));
    // With a key id, the header carries it.
    let out = token_run(["token", "sign", "--secret-env", "S", "--claims", "{}", "--key-id", "app_6543", "--now", "5"]);
    let header = out.stdout().split('.').next().unwrap().to_owned();
    assert_eq!(header, "eyJhbGciOiJIUzI1NiIsImtpZCI6ImFwcF82NTQzIiwidHlwIjoiSldUIn0", "{}", out.stderr);
}

#[test]
fn token_sign_refuses_bad_claims_with_the_core_codes() {
    token_run(["token", "sign", "--secret-env", "S", "--claims", "[1]"])
        .assert_one_line_error(2, "invalid claims: not a JSON object [INVALID_CLAIMS]");
    token_run(["token", "sign", "--secret-env", "S", "--claims", r#"{"exp":"soon"}"#])
        .assert_one_line_error(2, "invalid claims: exp is not an integer [INVALID_CLAIMS]");
    token_run(["token", "sign", "--preset", "intercom-jwt", "--secret-env", "S", "--claims", r#"{"user_id":42}"#])
        .assert_one_line_error(2, "user_id is not a non-empty string [INVALID_CLAIMS]");
    let zendesk = r#"{"external_id":"u1","scope":"user"}"#;
    token_run(["token", "sign", "--preset", "zendesk", "--secret-env", "S", "--claims", zendesk])
        .assert_one_line_error(2, "give it with --key-id [MISSING_FIELD]");
    token_run([
        "token",
        "sign",
        "--preset",
        "zendesk",
        "--secret-env",
        "S",
        "--claims",
        r#"{"external_id":"u1"}"#,
        "--key-id",
        "k",
    ])
    .assert_one_line_error(2, "the token lacks the required claim scope [MISSING_CLAIM]");
    token_run(["token", "sign", "--preset", "chatwoot", "--secret-env", "S", "--claims", "{}"])
        .assert_one_line_error(2, "--preset chatwoot signs hashes, not tokens");
    identity_hmac(["token", "sign", "--secret-env", "S", "--claims", "{}"])
        .env("S", b"")
        .run()
        .assert_one_line_error(2, "[EMPTY_SECRET]");
}

#[test]
fn token_verify_prints_the_claims_or_the_refusal() {
    let out = token_run(["token", "verify", "--secret-env", "S", INTERCOM_JWT, "--now", "1700000100"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let claims: serde_json::Value = serde_json::from_str(&out.stdout()).unwrap();
    assert_eq!(
        claims,
        serde_json::json!({"user_id": "42", "email": "alice@example.com", "name": "Alice", "iat": 1_700_000_000, "exp": 1_700_003_600})
    );

    let refused = |args: &[&str], expected: &str| {
        let mut all = vec!["token", "verify", "--secret-env", "S", INTERCOM_JWT];
        all.extend_from_slice(args);
        let out = identity_hmac(all).env("S", MESSENGER_SECRET).env("OTHER", b"another-secret").run();
        assert_eq!((out.code, out.stdout()), (1, format!("refused: {expected}\n")), "{args:?}: {}", out.stderr);
    };
    refused(&["--now", "1800000000"], "the token has expired (exp) [TOKEN_EXPIRED]");
    refused(&["--now", "1600000000"], "the token is not valid yet (nbf or iat is in the future) [TOKEN_NOT_YET_VALID]");
    refused(
        &["--now", "1700000100", "--max-lifetime", "600"],
        "the token's lifetime (exp - iat) is longer than the verifier allows [LIFETIME_TOO_LONG]",
    );
    refused(&["--now", "1700000100", "--require", "sub"], "the token lacks the required claim sub [MISSING_CLAIM]");
    refused(
        &["--now", "1700000100", "--preset", "zendesk"],
        "the token lacks the required claim external_id [MISSING_CLAIM]",
    );
}

#[test]
fn token_verify_rotates_keys_and_refuses_other_algorithms() {
    let verify = |secrets: &[&str], token: &str| {
        let mut args = vec!["token", "verify", token, "--now", "1700000100"];
        for name in secrets {
            args.extend_from_slice(&["--secret-env", name]);
        }
        identity_hmac(args).env("S", MESSENGER_SECRET).env("OTHER", b"another-secret").run()
    };
    assert_eq!(verify(&["OTHER", "S"], INTERCOM_JWT).code, 0, "the older key still verifies");
    let bad = verify(&["OTHER"], INTERCOM_JWT);
    assert_eq!(
        (bad.code, bad.stdout()),
        (1, "refused: the token's signature does not match [BAD_SIGNATURE]\n".to_owned())
    );
    let payload = INTERCOM_JWT.split('.').nth(1).unwrap();
    let none = format!("eyJhbGciOiJub25lIn0.{payload}.");
    let out = verify(&["S"], &none);
    assert_eq!(
        (out.code, out.stdout()),
        (1, "refused: unsupported token algorithm: only HS256 is accepted [UNSUPPORTED_ALGORITHM]\n".to_owned())
    );
    verify(&["S"], &INTERCOM_JWT[..40])
        .assert_one_line_error(2, "malformed token: not three segments [MALFORMED_TOKEN]");
    verify(&["S"], &format!("{INTERCOM_JWT}="))
        .assert_one_line_error(2, "malformed token: invalid base64url [MALFORMED_TOKEN]");
    verify(&[], INTERCOM_JWT).assert_one_line_error(2, "[NO_SECRETS]");
    let mismatched =
        identity_hmac(["token", "verify", INTERCOM_JWT, "--secret-env", "S", "--key-id", "a", "--key-id", "b"])
            .env("S", MESSENGER_SECRET)
            .run();
    mismatched.assert_one_line_error(2, "2 --key-id options for 1 secrets");
    let sign_preset = identity_hmac(["sign", "--preset", "zendesk", "--secret-env", "S", "x"]).env("S", b"k").run();
    sign_preset.assert_one_line_error(2, "--preset zendesk signs tokens, not hashes");
}

#[test]
fn identify_renders_the_token_presets() {
    let intercom = token_run([
        "identify",
        "--preset",
        "intercom-jwt",
        "--secret-env",
        "S",
        "--identifier",
        "42",
        "--email",
        "alice@example.com",
        "--name",
        "Alice",
        "--expires-in",
        "3600",
        "--now",
        "1700000000",
        "--page",
        "app_id=abc123",
    ]);
    assert_eq!(
        intercom.stdout(),
        format!("window.intercomSettings = {{\n  app_id: \"abc123\",\n  intercom_user_jwt: \"{INTERCOM_JWT}\"\n}};\n"),
        "{}",
        intercom.stderr
    );
    // Python's stdlib again: Zendesk's claims for user-42, key id app_6543, under zendesk-shared-secret.
    let zendesk = identity_hmac([
        "identify",
        "--preset",
        "zendesk",
        "--secret-env",
        "Z",
        "--identifier",
        "user-42",
        "--email",
        "alice@example.com",
        "--name",
        "Alice",
        "--key-id",
        "app_6543",
        "--now",
        "1700000000",
    ])
    .env("Z", b"zendesk-shared-secret")
    .run();
    let token = "eyJhbGciOiJIUzI1NiIsImtpZCI6ImFwcF82NTQzIiwidHlwIjoiSldUIn0.eyJlbWFpbCI6ImFsaWNlQGV4YW1wbGUuY29tIiwiZXh0ZXJuYWxfaWQiOiJ1c2VyLTQyIiwiaWF0IjoxNzAwMDAwMDAwLCJuYW1lIjoiQWxpY2UiLCJzY29wZSI6InVzZXIifQ.MWa5CQgyMD-G9-c1-iL_uvGvsVClhBogSAoFK6ATl9c";
    assert_eq!(
        zendesk.stdout(),
        format!("zE('messenger', 'loginUser', function (callback) {{\n  callback(\"{token}\");\n}});\n"),
        "{}",
        zendesk.stderr
    );
    token_run(["identify", "--preset", "zendesk", "--secret-env", "S", "--identifier", "u1"]).assert_one_line_error(
        2,
        "the zendesk preset needs key_id, which is missing: give it with --key-id [MISSING_FIELD]",
    );
}
