//! Runs one implementation: its `prepare` step, then its harness over the
//! corpus through the line protocol, and judges every answer.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use conformance::{Corpus, Group, Outcome, Request, judge, parse_response, requests};

use crate::manifest::{Kind, Manifest};

fn on_path(program: &str) -> bool {
    if program.contains('/') {
        return Path::new(program).is_file();
    }
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

/// Replaces this machine's paths in a message, so that details can be
/// recorded in the repository.
fn scrub(text: &str, root: &Path) -> String {
    let mut out = text.replace(&root.display().to_string(), "<repo>");
    if let Some(home) = std::env::var_os("HOME").filter(|h| h.len() > 1) {
        out = out.replace(&PathBuf::from(home).display().to_string(), "~");
    }
    out.chars().filter(|c| !c.is_control() || *c == '\t').collect::<String>().replace('\t', " ")
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn run_prepare(root: &Path, argv: &[String]) -> Result<(), String> {
    let output = Command::new(&argv[0])
        .args(&argv[1..])
        .current_dir(root)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot start {:?}: {e}", argv[0]))?;
    if output.status.success() {
        return Ok(());
    }
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    Err(format!("prepare failed ({}):\n{}", output.status, tail(&text, 30)))
}

struct HarnessRun {
    lines: Vec<String>,
    stderr: String,
    failure: Option<String>,
}

/// Starts the harness once, writes every request from a thread (so a harness
/// that answers while reading cannot deadlock us), and collects its answers.
fn run_harness(root: &Path, argv: &[String], requests: &[Request], timeout: Duration) -> Result<HarnessRun, String> {
    let mut child = Command::new(&argv[0])
        .args(&argv[1..])
        .current_dir(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", argv[0]))?;
    let mut stdin = child.stdin.take().ok_or("no stdin pipe")?;
    let stdout = child.stdout.take().ok_or("no stdout pipe")?;
    let mut stderr = child.stderr.take().ok_or("no stderr pipe")?;
    let input: String = requests.iter().map(|r| format!("{}\n", r.line)).collect();
    let writer = thread::spawn(move || {
        // A harness that exits early closes the pipe; its answers tell why.
        let _ = stdin.write_all(input.as_bytes());
    });
    let err_reader = thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let pid = child.id();
    let watchdog = thread::spawn(move || {
        if done_rx.recv_timeout(timeout).is_err() {
            // Timed out (or the runner is unwinding): stop the harness.
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            return true;
        }
        false
    });
    let mut lines = Vec::with_capacity(requests.len());
    for line in BufReader::new(stdout).lines() {
        match line {
            Ok(line) => lines.push(line),
            Err(e) => {
                lines.push(format!("<unreadable output: {e}>"));
                break;
            }
        }
    }
    let status = child.wait().map_err(|e| format!("wait failed: {e}"))?;
    let _ = done_tx.send(());
    let timed_out = watchdog.join().unwrap_or(false);
    let _ = writer.join();
    let stderr = err_reader.join().unwrap_or_default();
    let failure = if timed_out {
        Some(format!("harness killed after {} s", timeout.as_secs()))
    } else if !status.success() {
        Some(format!("harness exited with {status}"))
    } else {
        None
    };
    Ok(HarnessRun { lines, stderr, failure })
}

/// What happened to one implementation.
pub enum Status {
    Ran { outcomes: Vec<(Group, String, Outcome)>, problems: Vec<String> },
    Missing(Vec<String>),
    Failed(String),
}

pub fn run_one(root: &Path, corpus: &Corpus, manifest: &Manifest, timeout: Duration) -> Status {
    let missing: Vec<String> = manifest.requires.iter().filter(|p| !on_path(p)).cloned().collect();
    if !missing.is_empty() {
        return Status::Missing(missing);
    }
    let mut groups = Vec::new();
    for name in &manifest.groups {
        match Group::parse_manifest(name) {
            Some(g) => groups.extend(g),
            None => {
                return Status::Failed(format!("unknown group {name:?} in {}", manifest.source.display()));
            }
        }
    }
    if let Some(prepare) = manifest.prepare.as_ref().filter(|p| !p.is_empty())
        && let Err(e) = run_prepare(root, prepare)
    {
        return Status::Failed(scrub_block(&e, root));
    }
    let requests = match requests(corpus, &groups) {
        Ok(r) => r,
        Err(e) => return Status::Failed(e),
    };
    let run = match run_harness(root, &manifest.command, &requests, timeout) {
        Ok(run) => run,
        Err(e) => return Status::Failed(e),
    };
    let strict = manifest.kind == Kind::Ours;
    let mut problems = Vec::new();
    let mut outcomes = Vec::with_capacity(requests.len());
    for (i, request) in requests.iter().enumerate() {
        let outcome = match run.lines.get(i) {
            None => Outcome::Broken("no response".into()),
            Some(line) => match parse_response(line, &request.id) {
                Ok(response) => judge(&request.expected, &response, strict),
                Err(e) => Outcome::Broken(e),
            },
        };
        let outcome = match outcome {
            Outcome::Error(e) => Outcome::Error(scrub(&e, root)),
            Outcome::Unsupported(e) => Outcome::Unsupported(scrub(&e, root)),
            Outcome::Broken(e) => Outcome::Broken(scrub(&e, root)),
            other => other,
        };
        outcomes.push((request.group, request.id.clone(), outcome));
    }
    if manifest.kind == Kind::Snippet {
        never_runs_refuses_nothing(&mut outcomes);
    }
    if run.lines.len() > requests.len() {
        problems.push(format!("{} extra response lines", run.lines.len() - requests.len()));
    }
    if let Some(failure) = run.failure {
        let stderr = tail(&run.stderr, 15);
        problems.push(if stderr.is_empty() {
            failure
        } else {
            format!("{failure}; stderr:\n{}", scrub_block(&stderr, root))
        });
    }
    Status::Ran { outcomes, problems }
}

/// A snippet that never produces a hash (it does not compile, or calls a
/// function that no longer exists) has not *refused* a malformed secret: its
/// errors there are plain errors.
fn never_runs_refuses_nothing(outcomes: &mut [(Group, String, Outcome)]) {
    let sign: Vec<&Outcome> = outcomes.iter().filter(|(g, _, _)| *g == Group::Sign).map(|(_, _, o)| o).collect();
    let ever_signs = sign.iter().any(|o| matches!(o, Outcome::Match | Outcome::OtherHash(_)));
    let ever_fails = sign.iter().any(|o| matches!(o, Outcome::Error(_)));
    if ever_signs || !ever_fails {
        return;
    }
    for (_, _, outcome) in outcomes.iter_mut() {
        if let Outcome::Refused(e) = outcome {
            *outcome = Outcome::Error(std::mem::take(e));
        }
    }
}

fn scrub_block(text: &str, root: &Path) -> String {
    text.lines().map(|l| scrub(l, root)).collect::<Vec<_>>().join("\n")
}
