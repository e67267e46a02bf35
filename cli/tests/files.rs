//! `sign --csv` and `sign --jsonl`, run through the real `identity-hmac`
//! binary: the one cargo builds for this test, or the installed one named by
//! `IDENTITY_HMAC_BIN` (cli/test.sh). Expected hashes come from RustCrypto's
//! `hmac` crate, never from the core this binary is built on; expected files
//! are written out byte for byte.
#![cfg(unix)]

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::process::{Command, Stdio};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

const TOKEN: &[u8] = b"Zq9-s3cr3t-chatwoot-token";

fn reference(message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(TOKEN).expect("HMAC takes any key length");
    mac.update(message);
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

fn binary() -> std::ffi::OsString {
    std::env::var_os("IDENTITY_HMAC_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_identity-hmac").into())
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

    fn assert_ok(&self) {
        assert_eq!(self.code, 0, "stderr: {}", self.stderr);
        assert!(self.stderr.is_empty(), "{}", self.stderr);
    }

    /// One error line, exit status 2, no panic; `needles` all in it.
    fn assert_error(&self, needles: &[&str]) {
        assert_eq!(self.code, 2, "stderr: {}", self.stderr);
        assert_eq!(self.stderr.lines().count(), 1, "one line: {:?}", self.stderr);
        assert!(self.stderr.starts_with("error: "), "{}", self.stderr);
        for needle in needles {
            assert!(self.stderr.contains(needle), "{:?} should contain {needle:?}", self.stderr);
        }
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        assert!(!self.stderr.contains(std::str::from_utf8(TOKEN).unwrap()), "{}", self.stderr);
    }
}

fn command(args: &[&str]) -> Command {
    let mut command = Command::new(binary());
    command.arg("sign").args(args).env("TOKEN", OsStr::from_bytes(TOKEN)).env_remove("RUST_BACKTRACE");
    command
}

fn run(args: &[&str], stdin: impl Into<Vec<u8>>) -> Output {
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.into();
    // The binary may stop reading early (an error before the end of the input).
    let feeder = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    Output {
        code: out.status.code().expect("exited, not killed"),
        stdout: out.stdout,
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

const CSV: &[&str] = &["--secret-env", "TOKEN", "--csv", "--column", "email"];
const JSONL: &[&str] = &["--secret-env", "TOKEN", "--jsonl", "--field", "email"];

fn csv(stdin: impl Into<Vec<u8>>) -> Output {
    run(CSV, stdin)
}

fn jsonl(stdin: impl Into<Vec<u8>>) -> Output {
    run(JSONL, stdin)
}

// ---------------------------------------------------------------- CSV

#[test]
fn csv_adds_the_hash_column_and_keeps_every_column() {
    let out = csv("id,email,name\n1,alice@example.com,Alice\n2,bob@example.com,Bob\n");
    out.assert_ok();
    assert_eq!(
        out.stdout(),
        format!(
            "id,email,name,email_hash\n1,alice@example.com,Alice,{}\n2,bob@example.com,Bob,{}\n",
            reference(b"alice@example.com"),
            reference(b"bob@example.com")
        )
    );
}

#[test]
fn csv_quoted_fields_are_read_and_written_back_quoted() {
    // A comma, a doubled quote and a line end inside quotes; quotes around a
    // field that needs none are dropped, as every CSV reader reads it the same.
    let input = "id,email,note\n1,\"a,b@example.com\",\"say \"\"hi\"\"\"\n2,\"line\nbreak@example.com\",\"plain\"\n";
    let out = csv(input);
    out.assert_ok();
    assert_eq!(
        out.stdout(),
        format!(
            "id,email,note,email_hash\n1,\"a,b@example.com\",\"say \"\"hi\"\"\",{}\n2,\"line\nbreak@example.com\",plain,{}\n",
            reference(b"a,b@example.com"),
            reference(b"line\nbreak@example.com")
        )
    );
}

#[test]
fn csv_crlf_input_gives_crlf_output_and_a_bom_stays_out_of_the_header() {
    let input = b"\xef\xbb\xbfemail,id\r\nalice@example.com,1\r\n\"x\r\ny\",2\r\nlast@example.com,3";
    let out = csv(&input[..]);
    out.assert_ok();
    let expected = format!(
        "\u{feff}email,id,email_hash\r\nalice@example.com,1,{}\r\n\"x\r\ny\",2,{}\r\nlast@example.com,3,{}\r\n",
        reference(b"alice@example.com"),
        reference(b"x\r\ny"),
        reference(b"last@example.com")
    );
    assert_eq!(out.stdout(), expected);
}

#[test]
fn csv_output_column_name_empty_fields_and_blank_lines() {
    let out = run(
        &["--secret-env", "TOKEN", "--csv", "--column", "e mail", "--output-column", "hash, \"v1\""],
        "\"e mail\",x\n,\n\n\"\",y\n",
    );
    out.assert_ok();
    // Blank lines are not records (the csv crate skips them); "" is the empty field.
    assert_eq!(out.stdout(), format!("e mail,x,\"hash, \"\"v1\"\"\"\n,,{0}\n,y,{0}\n", reference(b"")));
}

#[test]
fn csv_header_only_and_bytes_outside_the_column() {
    let out = csv("id,email\n");
    out.assert_ok();
    assert_eq!(out.stdout(), "id,email,email_hash\n");
    // Other columns are copied as bytes, UTF-8 or not.
    let out = csv(&b"email,raw\nna\xc3\xafve@example.com,\xff\xfe\n"[..]);
    out.assert_ok();
    let mut expected = b"email,raw,email_hash\nna\xc3\xafve@example.com,\xff\xfe,".to_vec();
    expected.extend_from_slice(reference("naïve@example.com".as_bytes()).as_bytes());
    expected.push(b'\n');
    assert_eq!(out.stdout, expected);
}

#[test]
fn csv_header_errors_write_nothing() {
    let out = csv("id,mail,name\n1,a,b\n");
    out.assert_error(&["the header has no email column", "\"id\", \"mail\", \"name\""]);
    assert!(out.stdout.is_empty());
    let out = csv("email,id,email\n");
    out.assert_error(&["more than one email column (columns 1 and 3)"]);
    let out = csv("email,email_hash\n");
    out.assert_error(&["already has a email_hash column", "--output-column"]);
    let out = run(&["--secret-env", "TOKEN", "--csv", "--column", "email", "--output-column", "email"], "email\n");
    out.assert_error(&["--output-column must differ from --column"]);
    let out = csv("");
    out.assert_error(&["empty: it has no header row"]);
    // A header the BOM would spoil if it were kept in the name.
    let out = csv(&b"\xef\xbb\xbfid\n1\n"[..]);
    out.assert_error(&["no email column", "its columns are: \"id\""]);
}

#[test]
fn csv_ragged_rows_name_the_data_row_and_line_and_what_was_written() {
    let rows = "id,email\n1,a@example.com\n2,\"multi\nline\"\n3\n4,never@example.com\n";
    let out = csv(rows);
    // Data row 3 starts on line 5: the quoted field spans lines 3 and 4.
    out.assert_error(&[
        "data row 3 (line 5 of stdin) has 1 field, but the header row has 2 fields",
        "the output is incomplete: the header and data rows 1 to 2 were written",
    ]);
    assert_eq!(
        out.stdout(),
        format!(
            "id,email,email_hash\n1,a@example.com,{}\n2,\"multi\nline\",{}\n",
            reference(b"a@example.com"),
            reference(b"multi\nline")
        )
    );
    // \r\n line ends count as one line each.
    let out = csv("id,email\r\n1,a\r\n\r\n2,\"b\r\nc\"\r\n3,d,e\r\n");
    out.assert_error(&["data row 3 (line 6 of stdin) has 3 fields", "data rows 1 to 2 were written"]);
    let out = csv("id,email\n1,a,extra\n");
    out.assert_error(&[
        "data row 1 (line 2 of stdin) has 3 fields, but the header row has 2 fields",
        "only the header row was written",
    ]);
    assert_eq!(out.stdout(), "id,email,email_hash\n");
}

#[test]
fn csv_invalid_utf8_in_the_column_names_the_row() {
    let out = csv(&b"id,email\r\n1,ok@example.com\r\n2,bad\xff@example.com\r\n3,later@example.com\r\n"[..]);
    out.assert_error(&[
        "data row 2 (line 3 of stdin): the email field is not valid UTF-8 (byte 4 of the field)",
        "the header and data row 1 were written",
    ]);
    assert_eq!(out.stdout(), format!("id,email,email_hash\r\n1,ok@example.com,{}\r\n", reference(b"ok@example.com")));
}

#[test]
fn csv_errors_deep_in_a_large_file_are_counted_across_batches() {
    // Far beyond one chunk (8,192 records), so the row count spans chunks and workers.
    let mut input = String::from("id,email,name\n");
    for i in 0..100_000 {
        input.push_str(&format!("{i},user{i}@example.com,\"Name, {i}\"\n"));
    }
    input.push_str("100000,short\n");
    let out = csv(input);
    out.assert_error(&[
        "data row 100001 (line 100002 of stdin) has 2 fields",
        "the header and data rows 1 to 100000 were written",
    ]);
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 100_001);
    for i in [0usize, 16_383, 16_384, 99_999] {
        assert_eq!(
            lines[i + 1],
            format!("{i},user{i}@example.com,\"Name, {i}\",{}", reference(format!("user{i}@example.com").as_bytes()))
        );
    }
}

#[test]
fn csv_invalid_utf8_deep_in_a_large_file_is_found_by_its_worker_with_the_exact_row() {
    // The bad field is checked on a worker thread, in a chunk far from the
    // first; every row before it spans two lines (a line end in quotes), in
    // a \r\n file, so its line number is counted across chunks too.
    let mut input = b"id,email,note\r\n".to_vec();
    let rows = 70_000;
    for i in 0..rows {
        input.extend_from_slice(format!("{i},user{i}@example.com,\"two\r\nlines\"\r\n").as_bytes());
    }
    input.extend_from_slice(b"70000,bad\xc3@example.com,x\r\n70001,after@example.com,y\r\n");
    let out = csv(input);
    out.assert_error(&[
        "data row 70001 (line 140002 of stdin): the email field is not valid UTF-8 (byte 4 of the field)",
        "the header and data rows 1 to 70000 were written",
    ]);
    let mut expected = String::from("id,email,note,email_hash\r\n");
    for i in 0..rows {
        let hash = reference(format!("user{i}@example.com").as_bytes());
        expected.push_str(&format!("{i},user{i}@example.com,\"two\r\nlines\",{hash}\r\n"));
    }
    assert!(out.stdout == expected.as_bytes(), "the rows before the bad one, in order, and nothing after");
}

#[test]
fn csv_quoted_field_left_open_at_the_end_is_an_error() {
    // The csv crate alone would take `bob@example.com\n` as the field.
    let out = csv("id,email\r\n1,alice@example.com\r\n2,\"bob@example.com\r\n");
    out.assert_error(&[
        "data row 2 (line 3 of stdin): a quoted field is not closed before the end of the input",
        "the header and data row 1 were written",
    ]);
    assert_eq!(
        out.stdout(),
        format!("id,email,email_hash\r\n1,alice@example.com,{}\r\n", reference(b"alice@example.com"))
    );
    let out = csv("\"email\n1\n");
    out.assert_error(&["the header row: a quoted field is not closed"]);
    assert!(out.stdout.is_empty());
    // Closed quotes at the very end, quotes inside unquoted fields and after a
    // closing quote are data, as the csv crate reads them.
    let out = csv("email,note\n\"a\"\"b\",x\"y\nc,\"d\"e\"");
    out.assert_ok();
    assert_eq!(
        out.stdout(),
        format!(
            "email,note,email_hash\n\"a\"\"b\",\"x\"\"y\",{}\nc,\"de\"\"\",{}\n",
            reference(b"a\"b"),
            reference(b"c")
        )
    );
}

#[test]
fn csv_records_are_capped_at_64_mib() {
    let cap = 64 << 20;
    // A quoted field left open swallows the rest of the input.
    let mut input = b"id,email\n1,ok@example.com\n2,\"".to_vec();
    input.resize(input.len() + cap + 10, b'x');
    let out = csv(input);
    out.assert_error(&[
        "data row 2 (line 3 of stdin) of the CSV is longer than 67108864 bytes (64 MiB)",
        "is a quoted field left open?",
        "the header and data row 1 were written",
    ]);
    assert_eq!(out.stdout(), format!("id,email,email_hash\n1,ok@example.com,{}\n", reference(b"ok@example.com")));
    // Just under the cap is signed.
    let mut big = b"email\n".to_vec();
    big.resize(big.len() + cap - 1, b'y');
    big.push(b'\n');
    let out = csv(big);
    out.assert_ok();
    assert_eq!(
        out.stdout(),
        format!("email,email_hash\n{},{}\n", "y".repeat(cap - 1), reference(&vec![b'y'; cap - 1]))
    );
}

#[test]
fn csv_endless_record_under_a_memory_limit_is_an_error_not_an_abort() {
    // /dev/zero is one endless header record; `ulimit -v` of about 1 GB.
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1000000 && exec \"$0\" \"$@\"")
        .arg(binary())
        .args(["sign", "--secret-env", "TOKEN", "--csv", "--column", "email"])
        .env("TOKEN", OsStr::from_bytes(TOKEN))
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("the header row of the CSV is longer than 67108864 bytes"), "{stderr}");
    assert!(out.stdout.is_empty());
}

// ---------------------------------------------------------------- JSON Lines

#[test]
fn jsonl_adds_the_member_and_keeps_the_line() {
    let input = concat!(
        "{\"id\": 1, \"email\": \"alice@example.com\", \"tags\": [\"a\", {\"b\": null}]}\n",
        "\n",
        "  {\"email\":\"caf\\u00e9 \\\"q\\\"@example.com\"}  \r\n",
        "{\"email\": 42}\n",
        "{\"email\": -7, \"x\": 18446744073709551615}\n",
        "{\"email\": 18446744073709551615}",
    );
    let out = jsonl(input);
    out.assert_ok();
    let expected = format!(
        concat!(
            "{{\"id\": 1, \"email\": \"alice@example.com\", \"tags\": [\"a\", {{\"b\": null}}],\"email_hash\":\"{}\"}}\n",
            "\n",
            "  {{\"email\":\"caf\\u00e9 \\\"q\\\"@example.com\",\"email_hash\":\"{}\"}}\n",
            "{{\"email\": 42,\"email_hash\":\"{}\"}}\n",
            "{{\"email\": -7, \"x\": 18446744073709551615,\"email_hash\":\"{}\"}}\n",
            "{{\"email\": 18446744073709551615,\"email_hash\":\"{}\"}}\n",
        ),
        reference(b"alice@example.com"),
        reference("café \"q\"@example.com".as_bytes()),
        reference(b"42"),
        reference(b"-7"),
        reference(b"18446744073709551615"),
    );
    assert_eq!(out.stdout(), expected);
    // Every output line is JSON with the hash as a string member.
    for line in out.stdout().lines().filter(|l| !l.is_empty()) {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(value["email_hash"].as_str().map(str::len), Some(64), "{line}");
    }
}

#[test]
fn jsonl_output_field_and_a_bom() {
    let out = run(
        &["--secret-env", "TOKEN", "--jsonl", "--field", "user id", "--output-field", "hash \"v1\""],
        &b"\xef\xbb\xbf{\"user id\":\"u-1\"}\n"[..],
    );
    out.assert_ok();
    assert_eq!(out.stdout(), format!("{{\"user id\":\"u-1\",\"hash \\\"v1\\\"\":\"{}\"}}\n", reference(b"u-1")));
}

#[test]
fn jsonl_errors_name_the_line_and_what_was_written() {
    let ok = "{\"email\":\"a@example.com\"}\n";
    let first = format!("{{\"email\":\"a@example.com\",\"email_hash\":\"{}\"}}\n", reference(b"a@example.com"));
    let cases: &[(&[u8], &str)] = &[
        (b"{\"email\": \"x\",}", "line 3 of stdin is not valid JSON: trailing comma (column 15)"),
        (b"{\"email\": \"x\"} {}", "line 3 of stdin is not valid JSON: trailing characters"),
        (b"{\"email\": \"x\"", "line 3 of stdin is not valid JSON: EOF while parsing an object"),
        (b"[\"email\"]", "line 3 of stdin is not a JSON object"),
        (b"\"a@example.com\"", "line 3 of stdin is not a JSON object"),
        (b"{\"mail\": \"x\"}", "line 3 of stdin has no \"email\" field (--field)"),
        (b"{\"email\": null}", "the \"email\" field must be a string or an integer, not null"),
        (b"{\"email\": 1.5}", "not a number with a fraction or an exponent, or beyond 64 bits"),
        (b"{\"email\": 1e3}", "not a number with a fraction or an exponent"),
        (b"{\"email\": 99999999999999999999}", "or beyond 64 bits"),
        (b"{\"email\": true}", "not a boolean"),
        (b"{\"email\": {\"a\": 1}}", "not an object"),
        (b"{\"email\": [1]}", "not an array"),
        (b"{\"email\": \"a\", \"email\": \"b\"}", "line 3 of stdin has the \"email\" field more than once"),
        (b"{\"email\": \"a\", \"email_hash\": \"\"}", "line 3 of stdin already has a \"email_hash\" field"),
        (b"{\"email\": \"a\xffb\"}", "line 3 of stdin is not valid UTF-8 (byte 13)"),
        (b"{\"email\": \"\\ud800\"}", "line 3 of stdin is not valid JSON: unexpected end of hex escape (column 18)"),
        (b"{\"email\": \"\\ud800\\u0041\"}", "line 3 of stdin is not valid JSON: lone leading surrogate in hex escape"),
    ];
    for (bad, message) in cases {
        let mut input = format!("{ok}\n").into_bytes();
        input.extend_from_slice(bad);
        input.extend_from_slice(b"\n{\"email\":\"never@example.com\"}\n");
        let out = jsonl(input);
        out.assert_error(&[message, "the output is incomplete: lines 1 to 2 were written"]);
        assert_eq!(out.stdout(), format!("{first}\n"), "{message}");
    }
    let out = jsonl("{\"email\": false}\n");
    out.assert_error(&["line 1 of stdin", "nothing was written"]);
    assert!(out.stdout.is_empty());
    let out = run(&["--secret-env", "TOKEN", "--jsonl", "--field", "e", "--output-field", "e"], "{}\n");
    out.assert_error(&["--output-field must differ from --field"]);
}

#[test]
fn jsonl_error_deep_in_a_large_file_names_its_line_across_blocks() {
    // Many 1 MiB blocks, each checked on a worker thread: the bad line's
    // number counts every block before it, blank lines included, and the
    // lines before it are written in order; the BOM of the first block goes.
    let mut input = b"\xef\xbb\xbf".to_vec();
    let lines = 150_000;
    for i in 0..lines {
        if i % 1000 == 999 {
            input.push(b'\n');
        } else {
            input.extend_from_slice(format!("{{\"id\":{i},\"email\":\"user{i}@example.com\"}}\n").as_bytes());
        }
    }
    input.extend_from_slice(b"{\"id\":1,\"email\":null}\n{\"email\":\"after@example.com\"}\n");
    let out = jsonl(input);
    out.assert_error(&[
        "line 150001 of stdin: the \"email\" field must be a string or an integer, not null",
        "the output is incomplete: lines 1 to 150000 were written",
    ]);
    let mut expected = String::new();
    for i in 0..lines {
        if i % 1000 == 999 {
            expected.push('\n');
        } else {
            let hash = reference(format!("user{i}@example.com").as_bytes());
            expected.push_str(&format!("{{\"id\":{i},\"email\":\"user{i}@example.com\",\"email_hash\":\"{hash}\"}}\n"));
        }
    }
    assert!(out.stdout == expected.as_bytes(), "the lines before the bad one, in order, and nothing after");
}

#[test]
fn jsonl_lines_are_capped_at_64_mib() {
    let mut input = b"{\"email\":\"a\"}\n{\"email\":\"".to_vec();
    input.resize(input.len() + (64 << 20) + 1, b'x');
    input.extend_from_slice(b"\"}\n");
    let out = jsonl(input);
    out.assert_error(&["line 2 of stdin is longer than 67108864 bytes", "line 1 was written"]);
}

// ---------------------------------------------------------------- options

#[test]
fn options_are_checked_by_the_parser() {
    let cases: &[(&[&str], &str)] = &[
        (&["--column", "email"], "required arguments were not provided: --csv"),
        (&["--output-column", "h", "--csv", "--column", "e", "x"], "cannot be used with"),
        (&["--csv"], "required arguments were not provided: --column"),
        (&["--csv", "--column", "e", "--jsonl", "--field", "e"], "cannot be used with"),
        (&["--csv", "--column", "e", "--with-identifier"], "cannot be used with"),
        (&["--jsonl"], "required arguments were not provided: --field"),
        (&["--field", "e"], "required arguments were not provided: --jsonl"),
        (
            &["--output-field", "h", "--csv", "--column", "e"],
            "required arguments were not provided: --field <NAME> --jsonl",
        ),
        (&["--jsonl", "--field", "e", "alice@example.com"], "cannot be used with"),
    ];
    for (args, message) in cases {
        let mut all = vec!["--secret-env", "TOKEN"];
        all.extend_from_slice(args);
        let out = run(&all, "email\n");
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.starts_with("error: ") && out.stderr.contains(message), "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    // stdin carries the file, so it cannot carry the secret too.
    let out = run(&["--secret-stdin", "--csv", "--column", "email"], "secret\n");
    out.assert_error(&["--secret-stdin"]);
    let help = run(&["--help"], "").stdout();
    for words in
        ["--csv", "--column <NAME>", "--output-column <NAME>", "--jsonl", "--field <NAME>", "[default: <COLUMN>_hash]"]
    {
        assert!(help.contains(words), "{words}: {help}");
    }
}

#[test]
fn stops_quietly_when_stdout_is_closed() {
    for args in [CSV, JSONL] {
        let mut child =
            command(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let csv_mode = args == CSV;
        let feeder = std::thread::spawn(move || {
            let _ = stdin.write_all(if csv_mode { b"email\n" } else { b"" });
            let line: &[u8] = if csv_mode { b"user@example.com\n" } else { b"{\"email\":\"user@example.com\"}\n" };
            let block = line.repeat(100_000);
            for _ in 0..50 {
                if stdin.write_all(&block).is_err() {
                    break;
                }
            }
        });
        let mut first = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        let status = child.wait().unwrap();
        feeder.join().unwrap();
        let mut stderr = String::new();
        child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
        assert_eq!(status.code(), Some(0), "{stderr}");
        assert!(stderr.is_empty(), "{stderr}");
    }
}
