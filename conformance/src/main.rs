//! The conformance matrix: runs every implementation of ours and every
//! published snippet over the shared corpus, prints a matrix, and fails when
//! one of ours differs from the corpus or a snippet differs from its record.
//!
//! ```text
//! cargo run -p conformance --release -- [--only NAME[,NAME]] [--record] [--verbose] [--list]
//! ```

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use conformance::{GROUPS, Group, Outcome, Request, judge, load_corpus, parse_response, repo_root, requests};
use serde::Deserialize;
use serde_json::{Map, Value};

const USAGE: &str = "\
usage: cargo run -p conformance --release -- [options]

Runs every conformance/impls/*.json implementation over conformance/corpus.json
and prints the matrix (rows: implementations; columns: vector groups).

options:
  --only NAME[,NAME...]  run only these implementations (repeatable)
  --kind ours|snippet    run only implementations of this kind
  --record               rewrite the recorded outcomes of the snippets that ran
                         (conformance/snippets/outcomes.json)
  --verbose              list every diverging vector, not just the first few
  --timeout SECONDS      per harness run (default 900)
  --list                 list the implementations and exit

Exit status: 1 when one of ours differs from the corpus, a snippet differs from
its recorded outcomes, a harness breaks, or (with CI=true) a runtime is missing.";

const RECORD_PATH: &str = "conformance/snippets/outcomes.json";

#[derive(Debug, Clone, Deserialize)]
struct Manifest {
    name: String,
    kind: Kind,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    prepare: Option<Vec<String>>,
    command: Vec<String>,
    #[serde(default = "all_groups")]
    groups: Vec<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(skip)]
    source: PathBuf,
}

fn all_groups() -> Vec<String> {
    GROUPS.iter().map(|g| g.as_str().to_string()).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Ours,
    Snippet,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Ours => "ours",
            Kind::Snippet => "snippet",
        }
    }
}

struct Options {
    only: Vec<String>,
    kind: Option<Kind>,
    record: bool,
    verbose: bool,
    list: bool,
    timeout: Duration,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        only: Vec::new(),
        kind: None,
        record: false,
        verbose: false,
        list: false,
        timeout: Duration::from_secs(900),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--only" => {
                let value = args.next().ok_or("--only needs a name")?;
                options.only.extend(value.split(',').filter(|s| !s.is_empty()).map(str::to_string));
            }
            "--kind" => {
                options.kind = Some(match args.next().as_deref() {
                    Some("ours") => Kind::Ours,
                    Some("snippet") => Kind::Snippet,
                    _ => return Err("--kind takes ours or snippet".into()),
                })
            }
            "--record" => options.record = true,
            "--verbose" | "-v" => options.verbose = true,
            "--list" => options.list = true,
            "--timeout" => {
                let value = args.next().ok_or("--timeout needs seconds")?;
                let seconds: u64 = value.parse().map_err(|_| format!("--timeout: not a number: {value}"))?;
                options.timeout = Duration::from_secs(seconds);
            }
            "--help" | "-h" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other:?}\n\n{USAGE}")),
        }
    }
    Ok(options)
}

/// Every manifest under `conformance/impls/`, sorted: ours first, then by
/// name. A file holds one manifest object or an array of them.
fn discover(root: &Path) -> Result<Vec<Manifest>, String> {
    let dir = root.join("conformance/impls");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let mut manifests = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        let items = match value {
            Value::Array(items) => items,
            single => vec![single],
        };
        for item in items {
            let mut manifest: Manifest =
                serde_json::from_value(item).map_err(|e| format!("{}: bad manifest: {e}", file.display()))?;
            if manifest.command.is_empty() {
                return Err(format!("{}: {}: empty command", file.display(), manifest.name));
            }
            manifest.source = file.strip_prefix(root).unwrap_or(&file).to_path_buf();
            manifests.push(manifest);
        }
    }
    let mut seen = HashMap::new();
    for m in &manifests {
        if let Some(previous) = seen.insert(m.name.clone(), m.source.clone()) {
            return Err(format!(
                "implementation {:?} is defined twice ({} and {})",
                m.name,
                previous.display(),
                m.source.display()
            ));
        }
    }
    manifests.sort_by(|a, b| (a.kind != Kind::Ours, &a.name).cmp(&(b.kind != Kind::Ours, &b.name)));
    Ok(manifests)
}

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
enum Status {
    Ran { outcomes: Vec<(Group, String, Outcome)>, problems: Vec<String> },
    Missing(Vec<String>),
    Failed(String),
}

struct Row {
    manifest: Manifest,
    status: Status,
    seconds: f64,
    /// Differences that make the run fail.
    failures: Vec<String>,
    /// Per group: vectors whose snippet outcome is not what was recorded.
    unrecorded: BTreeMap<Group, Vec<String>>,
}

fn run_one(root: &Path, corpus: &conformance::Corpus, manifest: &Manifest, timeout: Duration) -> Status {
    let missing: Vec<String> = manifest.requires.iter().filter(|p| !on_path(p)).cloned().collect();
    if !missing.is_empty() {
        return Status::Missing(missing);
    }
    let mut groups = Vec::new();
    for name in &manifest.groups {
        match Group::parse(name) {
            Some(g) => groups.push(g),
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

// ---------------------------------------------------------------------------
// recorded snippet outcomes

/// `{ snippet: { group: { class: [ids] | { id: detail } } } }`: classes
/// without a useful detail (same, accepted, unsupported) list ids; the others
/// (other, error, refused) map each id to its hash or message.
type Record = Map<String, Value>;

fn load_record(root: &Path) -> Result<Record, String> {
    let path = root.join(RECORD_PATH);
    if !path.exists() {
        return Ok(Map::new());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {RECORD_PATH}: {e}"))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| format!("{RECORD_PATH}: {e}"))?;
    Ok(value.get("snippets").and_then(Value::as_object).cloned().unwrap_or_default())
}

fn recorded_class(record: &Record, snippet: &str, group: Group, id: &str) -> Option<String> {
    let classes = record.get(snippet)?.get(group.as_str())?.as_object()?;
    classes.iter().find_map(|(class, ids)| {
        let listed = match ids {
            Value::Array(list) => list.iter().any(|v| v.as_str() == Some(id)),
            Value::Object(map) => map.contains_key(id),
            _ => false,
        };
        listed.then(|| class.clone())
    })
}

fn with_detail(class: &str) -> bool {
    !matches!(class, "same" | "accepted" | "unsupported")
}

fn record_of(outcomes: &[(Group, String, Outcome)]) -> Value {
    let mut groups = Map::new();
    for group in GROUPS {
        let mut classes: BTreeMap<&str, Value> = BTreeMap::new();
        for (_, id, outcome) in outcomes.iter().filter(|(g, _, _)| *g == group) {
            let class = outcome.class();
            if with_detail(class) {
                let slot = classes.entry(class).or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(map) = slot {
                    map.insert(id.clone(), Value::String(outcome.detail().unwrap_or_default()));
                }
            } else {
                let slot = classes.entry(class).or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(list) = slot {
                    list.push(Value::String(id.clone()));
                }
            }
        }
        if !classes.is_empty() {
            groups.insert(
                group.as_str().to_string(),
                Value::Object(classes.into_iter().map(|(k, v)| (k.to_string(), v)).collect()),
            );
        }
    }
    Value::Object(groups)
}

fn write_record(root: &Path, mut record: Record, rows: &[Row]) -> Result<usize, String> {
    let mut written = 0;
    for row in rows {
        if let (Kind::Snippet, Status::Ran { outcomes, problems }) = (row.manifest.kind, &row.status)
            && problems.is_empty()
        {
            record.insert(row.manifest.name.clone(), record_of(outcomes));
            written += 1;
        }
    }
    // Hand-formatted so that a diff shows one line per changed outcome.
    let json = |v: &Value| serde_json::to_string(v).unwrap_or_default();
    let about = "Outcome of each published snippet on each corpus vector, compared by the conformance runner. Rewrite with: cargo run -p conformance --release -- --record";
    let mut text =
        format!("{{\n  \"format\": 1,\n  \"about\": {},\n  \"snippets\": {{", json(&Value::String(about.into())));
    let snippets: BTreeMap<String, Value> = record.into_iter().collect();
    for (i, (name, groups)) in snippets.iter().enumerate() {
        text.push_str(if i == 0 { "\n" } else { ",\n" });
        text.push_str(&format!("    {}: {{", json(&Value::String(name.clone()))));
        let groups = groups.as_object().cloned().unwrap_or_default();
        for (j, (group, classes)) in groups.iter().enumerate() {
            text.push_str(if j == 0 { "\n" } else { ",\n" });
            text.push_str(&format!("      {}: {{", json(&Value::String(group.clone()))));
            let classes = classes.as_object().cloned().unwrap_or_default();
            for (k, (class, ids)) in classes.iter().enumerate() {
                text.push_str(if k == 0 { "\n" } else { ",\n" });
                let key = json(&Value::String(class.clone()));
                match ids {
                    Value::Object(map) => {
                        text.push_str(&format!("        {key}: {{"));
                        for (l, (id, detail)) in map.iter().enumerate() {
                            text.push_str(if l == 0 { "\n" } else { ",\n" });
                            text.push_str(&format!("          {}: {}", json(&Value::String(id.clone())), json(detail)));
                        }
                        text.push_str("\n        }");
                    }
                    other => text.push_str(&format!("        {key}: {}", json(other))),
                }
            }
            text.push_str("\n      }");
        }
        text.push_str("\n    }");
    }
    text.push_str("\n  }\n}\n");
    std::fs::write(root.join(RECORD_PATH), text).map_err(|e| format!("cannot write {RECORD_PATH}: {e}"))?;
    Ok(written)
}

// ---------------------------------------------------------------------------
// judging and printing

fn evaluate(row: &mut Row, record: &Record, recording: bool) {
    let Status::Ran { outcomes, problems } = &row.status else {
        return;
    };
    row.failures.extend(problems.iter().map(|p| format!("harness problem: {p}")));
    for (group, id, outcome) in outcomes {
        if let Outcome::Broken(e) = outcome {
            row.failures.push(format!("{group}/{id}: broken response: {e}"));
            continue;
        }
        match row.manifest.kind {
            Kind::Ours => {
                if !matches!(outcome, Outcome::Match | Outcome::Unsupported(_)) {
                    let detail = outcome.detail().map(|d| format!(" ({d})")).unwrap_or_default();
                    row.failures.push(format!("{group}/{id}: {}{detail}", outcome.class()));
                }
            }
            Kind::Snippet => {
                if recording {
                    continue;
                }
                let recorded = recorded_class(record, &row.manifest.name, *group, id);
                if recorded.as_deref() != Some(outcome.class()) {
                    row.unrecorded.entry(*group).or_default().push(format!(
                        "{id}: {} (recorded: {})",
                        outcome.class(),
                        recorded.as_deref().unwrap_or("nothing")
                    ));
                }
            }
        }
    }
    for (group, ids) in &row.unrecorded {
        row.failures.push(format!("{group}: {} outcome(s) differ from {RECORD_PATH}: {}", ids.len(), ids.join("; ")));
    }
}

fn cell(outcomes: &[(Group, String, Outcome)], group: Group) -> String {
    let mine: Vec<&Outcome> = outcomes.iter().filter(|(g, _, _)| *g == group).map(|(_, _, o)| o).collect();
    if mine.is_empty() {
        return "-".into();
    }
    let matched = mine.iter().filter(|o| o.is_match()).count();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for o in mine.iter().filter(|o| !o.is_match()) {
        *counts.entry(o.class()).or_default() += 1;
    }
    let mut text = format!("{matched}/{}", mine.len());
    if !counts.is_empty() {
        let parts: Vec<String> = counts.iter().map(|(class, n)| format!("{n} {class}")).collect();
        text.push_str(&format!(" ({})", parts.join(", ")));
    }
    text
}

fn divergence_lines(outcomes: &[(Group, String, Outcome)], verbose: bool) -> Vec<String> {
    let mut by_kind: BTreeMap<(Group, &str), Vec<&str>> = BTreeMap::new();
    for (group, id, outcome) in outcomes {
        if !outcome.is_match() {
            by_kind.entry((*group, outcome.class())).or_default().push(id);
        }
    }
    let limit = if verbose { usize::MAX } else { 6 };
    let mut lines = Vec::new();
    for ((group, class), ids) in by_kind {
        if class == "unsupported" {
            if !verbose {
                continue;
            }
            // Expected by design (a snippet only signs; one vendor's encoding):
            // name the reasons, not every vector.
            let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
            for (g, _, o) in outcomes {
                if *g == group && o.class() == class {
                    *reasons.entry(o.detail().unwrap_or_default()).or_default() += 1;
                }
            }
            let parts: Vec<String> = reasons.iter().map(|(r, n)| format!("{n}: {r}")).collect();
            lines.push(format!("{group} unsupported: {}", parts.join("; ")));
            continue;
        }
        let shown: Vec<&str> = ids.iter().take(limit).copied().collect();
        let more =
            if ids.len() > shown.len() { format!(", ... {} more", ids.len() - shown.len()) } else { String::new() };
        // Name the common cause when every diverging vector shares one detail.
        let details: Vec<Option<String>> = outcomes
            .iter()
            .filter(|(g, id, o)| *g == group && o.class() == class && ids.contains(&id.as_str()))
            .map(|(_, _, o)| o.detail())
            .collect();
        let common = match details.first() {
            Some(Some(first)) if details.iter().all(|d| d.as_ref() == Some(first)) && class != "other" => {
                let short: String = first.chars().take(110).collect();
                format!(" [{short}]")
            }
            _ => String::new(),
        };
        lines.push(format!("{group} {class}: {}{more}{common}", shown.join(", ")));
    }
    lines
}

fn print_matrix(rows: &[Row], verbose: bool, ci: bool) {
    let headers = ["implementation", "kind", "sign", "verify", "invalid_secrets", "status"];
    let table: Vec<[String; 6]> = rows
        .iter()
        .map(|row| {
            let (cells, status) = match &row.status {
                Status::Ran { outcomes, .. } => {
                    let cells: Vec<String> = GROUPS.iter().map(|&g| cell(outcomes, g)).collect();
                    let status = match (row.manifest.kind, row.failures.is_empty()) {
                        (Kind::Ours, true) => "ok".to_string(),
                        (Kind::Snippet, true) => "as recorded".to_string(),
                        (_, false) => "FAIL".to_string(),
                    };
                    (cells, status)
                }
                Status::Missing(programs) => {
                    let word = if ci { "FAIL" } else { "NOT RUN" };
                    (vec!["-".into(); 3], format!("{word}: missing {}", programs.join(", ")))
                }
                Status::Failed(_) => (vec!["-".into(); 3], "FAIL".into()),
            };
            [
                row.manifest.name.clone(),
                row.manifest.kind.as_str().into(),
                cells[0].clone(),
                cells[1].clone(),
                cells[2].clone(),
                status,
            ]
        })
        .collect();
    let mut widths = headers.map(str::len);
    for line in &table {
        for (w, c) in widths.iter_mut().zip(line) {
            *w = (*w).max(c.chars().count());
        }
    }
    let print_line = |cells: &[String]| {
        let padded: Vec<String> =
            cells.iter().zip(widths).map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count()))).collect();
        println!("| {} |", padded.join(" | "));
    };
    println!();
    print_line(&headers.map(String::from));
    println!("|{}|", widths.iter().map(|w| "-".repeat(w + 2)).collect::<Vec<_>>().join("|"));
    for line in &table {
        print_line(line);
    }
    println!();
    const LEGEND: &str = "\
Cells: matched/total, then what diverges. For a snippet, matched means the corpus hash, or a
malformed secret refused. other = another hash; error = failed (does not compile, raises);
accepted = a malformed secret taken without error; unsupported = not expressible (snippets only
sign, take one vendor's secret encoding, some cannot carry non-UTF-8 bytes; --verbose lists them).";
    println!("{LEGEND}");

    let mut printed_header = false;
    for row in rows {
        let lines = match &row.status {
            Status::Ran { outcomes, .. } => divergence_lines(outcomes, verbose),
            Status::Failed(e) => vec![e.clone()],
            Status::Missing(p) => {
                vec![format!("runtime missing: {} (not on PATH; run scripts/setup.sh)", p.join(", "))]
            }
        };
        if lines.is_empty() {
            continue;
        }
        if !printed_header {
            println!("\nDivergences:");
            printed_header = true;
        }
        println!("  {}:", row.manifest.name);
        for line in lines {
            for (i, part) in line.lines().enumerate() {
                println!("    {}{part}", if i == 0 { "- " } else { "  " });
            }
        }
    }
}

fn main() -> ExitCode {
    match real_main() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("conformance: {e}");
            ExitCode::from(2)
        }
    }
}

fn real_main() -> Result<ExitCode, String> {
    let options = parse_args()?;
    let root = repo_root();
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    let corpus = load_corpus(&root.join("conformance/corpus.json"))?;
    let mut manifests = discover(&root)?;
    if !options.only.is_empty() {
        for name in &options.only {
            if !manifests.iter().any(|m| &m.name == name) {
                return Err(format!("no implementation named {name:?} (see --list)"));
            }
        }
        manifests.retain(|m| options.only.contains(&m.name));
    }
    if let Some(kind) = options.kind {
        manifests.retain(|m| m.kind == kind);
    }
    if options.list {
        for m in &manifests {
            let about = m.description.as_deref().unwrap_or("");
            println!("{:<34} {:<8} {:<40} {about}", m.name, m.kind.as_str(), m.source.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "corpus: {} sign, {} verify, {} invalid_secrets vectors; {} implementations",
        corpus.sign.len(),
        corpus.verify.len(),
        corpus.invalid_secrets.len(),
        manifests.len()
    );
    let record = load_record(&root)?;
    let mut rows = Vec::new();
    for manifest in manifests {
        let started = Instant::now();
        eprint!("[conformance] {:<34} ", manifest.name);
        let _ = std::io::stderr().flush();
        let status = run_one(&root, &corpus, &manifest, options.timeout);
        let seconds = started.elapsed().as_secs_f64();
        let word = match &status {
            Status::Ran { problems, .. } if problems.is_empty() => "ran",
            Status::Ran { .. } => "ran with problems",
            Status::Missing(_) => "MISSING RUNTIME",
            Status::Failed(_) => "FAILED",
        };
        eprintln!("{word} ({seconds:.1} s)");
        let mut row = Row { manifest, status, seconds, failures: Vec::new(), unrecorded: BTreeMap::new() };
        evaluate(&mut row, &record, options.record);
        rows.push(row);
    }

    print_matrix(&rows, options.verbose, ci);

    if options.record {
        let written = write_record(&root, record, &rows)?;
        println!("\nrecorded the outcomes of {written} snippet(s) in {RECORD_PATH}");
    }

    let mut failed = false;
    let mut report = Vec::new();
    for row in &rows {
        match &row.status {
            Status::Missing(programs) => {
                let message = format!("{}: runtime missing ({})", row.manifest.name, programs.join(", "));
                if ci {
                    failed = true;
                    report.push(format!("FAIL {message}: CI=true requires every runtime"));
                } else {
                    report.push(format!("WARNING {message}: this implementation was NOT checked"));
                }
            }
            Status::Failed(e) => {
                failed = true;
                report.push(format!("FAIL {}: {}", row.manifest.name, e.lines().next().unwrap_or_default()));
            }
            Status::Ran { .. } if !row.failures.is_empty() => {
                failed = true;
                let limit = if options.verbose { usize::MAX } else { 10 };
                for failure in row.failures.iter().take(limit) {
                    report.push(format!("FAIL {}: {failure}", row.manifest.name));
                }
                if row.failures.len() > limit {
                    report.push(format!(
                        "FAIL {}: ... {} more (use --verbose)",
                        row.manifest.name,
                        row.failures.len() - limit
                    ));
                }
            }
            Status::Ran { .. } => {}
        }
    }
    let total: f64 = rows.iter().map(|r| r.seconds).sum();
    if !report.is_empty() {
        println!();
        for line in &report {
            println!("{line}");
        }
    }
    let ours_ok = rows
        .iter()
        .filter(|r| r.manifest.kind == Kind::Ours && matches!(r.status, Status::Ran { .. }) && r.failures.is_empty())
        .count();
    let ours = rows.iter().filter(|r| r.manifest.kind == Kind::Ours).count();
    let snippets_ok = rows
        .iter()
        .filter(|r| r.manifest.kind == Kind::Snippet && matches!(r.status, Status::Ran { .. }) && r.failures.is_empty())
        .count();
    let snippets = rows.iter().filter(|r| r.manifest.kind == Kind::Snippet).count();
    let unchecked = rows.iter().filter(|r| matches!(r.status, Status::Missing(_))).count();
    let verdict = match (failed, unchecked) {
        (true, _) => "FAILED".to_string(),
        (false, 0) => "passed".to_string(),
        (false, n) => format!("passed, but {n} implementation(s) NOT CHECKED (missing runtime)"),
    };
    println!(
        "\nconformance: {verdict} — ours {ours_ok}/{ours} match the corpus, snippets {snippets_ok}/{snippets} as recorded ({total:.1} s)"
    );
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
