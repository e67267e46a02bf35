//! `sign --csv` and `sign --jsonl` over a million rows in flat memory, run
//! through the real `identity-hmac` binary (or the installed one named by
//! `IDENTITY_HMAC_BIN`, as cli/test.sh does). Expected hashes come from
//! RustCrypto's `hmac` crate.
//!
//! The binary's peak RSS comes from wait4. A child spawned with vfork keeps
//! the peak of its parent's memory as its own (Linux saves it at exec), so
//! these tests live in a test binary of their own and stream their input and
//! output through files: this process stays small, and the figure is the
//! binary's.
#![cfg(unix)]

use std::ffi::OsStr;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

const TOKEN: &[u8] = b"Zq9-s3cr3t-chatwoot-token";
const ROWS: usize = 1_000_000;
/// Peak RSS allowed, in KiB. The modes need about 10 (JSON Lines) and 13 MiB
/// (CSV) on 2 cores whatever the input size (a few chunks per worker
/// thread); the input alone is about 50 MiB.
const PEAK_KIB: u64 = 48 * 1024;

fn reference(message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(TOKEN).expect("HMAC takes any key length");
    mac.update(message);
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

fn binary() -> std::ffi::OsString {
    std::env::var_os("IDENTITY_HMAC_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_identity-hmac").into())
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("identity-hmac-cli-scale");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Writes `lines` (plus a header) to a file, one at a time.
fn write_input(name: &str, header: Option<&str>, line: impl Fn(usize) -> String) -> PathBuf {
    let path = scratch(name);
    let mut out = BufWriter::new(File::create(&path).unwrap());
    if let Some(header) = header {
        writeln!(out, "{header}").unwrap();
    }
    for i in 0..ROWS {
        writeln!(out, "{}", line(i)).unwrap();
    }
    out.flush().unwrap();
    path
}

/// Runs `sign ARGS < input > output` and returns its exit status, stderr and
/// its own peak RSS in KiB.
fn run_measured(args: &[&str], input: &PathBuf, output: &PathBuf) -> (i32, String, u64) {
    use std::os::unix::process::ExitStatusExt;
    // Reaped by wait4 below, which Child::wait cannot do while keeping the rusage.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(binary())
        .arg("sign")
        .args(args)
        .env("TOKEN", OsStr::from_bytes(TOKEN))
        .stdin(File::open(input).unwrap())
        .stdout(File::create(output).unwrap())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let pid = child.id() as libc::pid_t;
    let mut stderr = child.stderr.unwrap();
    let mut errors = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut errors).unwrap();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid out-parameter, and pid is our child,
    // not yet reaped (its Child handle was consumed above without waiting).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4");
    let code = std::process::ExitStatus::from_raw(status).code().expect("exited, not killed");
    // ru_maxrss is in KiB on Linux.
    (code, errors, usage.ru_maxrss as u64)
}

/// `expected(i, hash)` is output line `i` with `hash` in it.
fn check_output(output: &PathBuf, header: Option<&str>, expected: impl Fn(usize, &str) -> String) {
    let placeholder = "0".repeat(64);
    let mut lines = BufReader::new(File::open(output).unwrap()).lines().map(Result::unwrap);
    if let Some(header) = header {
        assert_eq!(lines.next().as_deref(), Some(header));
    }
    let mut count = 0;
    for (i, line) in lines.enumerate() {
        // Every line's layout, and the hashes of a sample and of the last line.
        if i % 997 == 0 || i + 1 == ROWS {
            assert_eq!(line, expected(i, &reference(email(i).as_bytes())), "row {i}");
        } else {
            assert_eq!(line.len(), expected(i, &placeholder).len(), "row {i}");
        }
        count += 1;
    }
    assert_eq!(count, ROWS);
}

fn email(i: usize) -> String {
    format!("user{i:07}@example.com")
}

#[test]
fn csv_one_million_rows_in_flat_memory() {
    let input = write_input("in.csv", Some("id,email,name"), |i| format!("{i},{},\"User {i}, Example\"", email(i)));
    let output = scratch("out.csv");
    let (code, stderr, peak_kib) =
        run_measured(&["--secret-env", "TOKEN", "--csv", "--column", "email"], &input, &output);
    assert_eq!(code, 0, "{stderr}");
    check_output(&output, Some("id,email,name,email_hash"), |i, hash| {
        format!("{i},{},\"User {i}, Example\",{hash}", email(i))
    });
    let input_mib = std::fs::metadata(&input).unwrap().len() >> 20;
    assert!(peak_kib < PEAK_KIB, "peak RSS {peak_kib} KiB for {input_mib} MiB of CSV");
    eprintln!("CSV: {ROWS} rows, {input_mib} MiB, peak RSS {} MiB", peak_kib / 1024);
    let _ = std::fs::remove_file(&input);
    let _ = std::fs::remove_file(&output);
}

#[test]
fn jsonl_one_million_lines_in_flat_memory() {
    let input = write_input("in.jsonl", None, |i| format!("{{\"id\":{i},\"email\":\"{}\"}}", email(i)));
    let output = scratch("out.jsonl");
    let (code, stderr, peak_kib) =
        run_measured(&["--secret-env", "TOKEN", "--jsonl", "--field", "email"], &input, &output);
    assert_eq!(code, 0, "{stderr}");
    check_output(&output, None, |i, hash| {
        format!("{{\"id\":{i},\"email\":\"{}\",\"email_hash\":\"{hash}\"}}", email(i))
    });
    let input_mib = std::fs::metadata(&input).unwrap().len() >> 20;
    assert!(peak_kib < PEAK_KIB, "peak RSS {peak_kib} KiB for {input_mib} MiB of JSON Lines");
    eprintln!("JSON Lines: {ROWS} lines, {input_mib} MiB, peak RSS {} MiB", peak_kib / 1024);
    let _ = std::fs::remove_file(&input);
    let _ = std::fs::remove_file(&output);
}
