//! The conformance matrix: runs every implementation of ours and every
//! published snippet over the shared corpus, prints a matrix, and fails when
//! one of ours differs from the corpus or a snippet differs from its record.
//!
//! ```text
//! cargo run -p conformance --release -- [--only NAME[,NAME]] [--kind ours|snippet] [--record] [--verbose] [--list]
//! ```

mod harness;
mod manifest;
mod record;
mod report;

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use conformance::{load_corpus, repo_root};

use crate::harness::{Status, run_one};
use crate::manifest::{Kind, discover};
use crate::record::{RECORD_PATH, load_record, write_record};
use crate::report::{Row, evaluate, print_matrix, print_verdict};

/// Runs every conformance/impls/*.json implementation over conformance/corpus.json
/// and prints the matrix (rows: implementations; columns: vector groups).
#[derive(Debug, Parser)]
#[command(
    name = "conformance",
    override_usage = "cargo run -p conformance --release -- [options]",
    after_help = "Exit status: 1 when one of ours differs from the corpus, a snippet differs from\n\
                  its recorded outcomes, a harness breaks, or (with CI=true) a runtime is missing."
)]
struct Options {
    /// Run only these implementations (comma-separated, repeatable)
    #[arg(long, value_name = "NAME[,NAME...]", value_delimiter = ',')]
    only: Vec<String>,
    /// Run only implementations of this kind
    #[arg(long, value_enum)]
    kind: Option<Kind>,
    /// Rewrite the recorded outcomes of the snippets that ran (conformance/snippets/outcomes.json)
    #[arg(long)]
    record: bool,
    /// List every diverging vector, not just the first few
    #[arg(long, short)]
    verbose: bool,
    /// Seconds per harness run
    #[arg(long, value_name = "SECONDS", default_value_t = 900)]
    timeout: u64,
    /// List the implementations and exit
    #[arg(long)]
    list: bool,
}

fn main() -> ExitCode {
    let options = Options::parse();
    match run(options) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("conformance: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(options: Options) -> Result<ExitCode, String> {
    let root = repo_root();
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    let corpus = load_corpus(&root.join("conformance/corpus.json"))?;
    let mut manifests = discover(&root)?;
    let only: Vec<&String> = options.only.iter().filter(|name| !name.is_empty()).collect();
    if !only.is_empty() {
        for name in &only {
            if !manifests.iter().any(|m| &m.name == *name) {
                return Err(format!("no implementation named {name:?} (see --list)"));
            }
        }
        manifests.retain(|m| only.contains(&&m.name));
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
    let timeout = Duration::from_secs(options.timeout);
    let mut rows = Vec::new();
    for manifest in manifests {
        let started = Instant::now();
        eprint!("[conformance] {:<34} ", manifest.name);
        let _ = std::io::stderr().flush();
        let status = run_one(&root, &corpus, &manifest, timeout);
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

    print_matrix(&rows, &corpus.tokens, options.verbose, ci);

    if options.record {
        let written = write_record(&root, record, &rows)?;
        println!("\nrecorded the outcomes of {written} snippet(s) in {RECORD_PATH}");
    }

    let failed = print_verdict(&rows, options.verbose, ci);
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_options_scripts_document_parse() {
        Options::command().debug_assert();
        let options = Options::try_parse_from([
            "conformance",
            "--only",
            "rust-core,pylon-node",
            "--only",
            "cli",
            "--kind",
            "snippet",
            "--verbose",
            "--timeout",
            "30",
        ])
        .expect("documented flags parse");
        assert_eq!(options.only, ["rust-core", "pylon-node", "cli"]);
        assert_eq!(options.kind, Some(Kind::Snippet));
        assert!(options.verbose && !options.record && !options.list);
        assert_eq!(options.timeout, 30);
        assert!(Options::try_parse_from(["conformance", "-v", "--record", "--list"]).is_ok());
    }

    #[test]
    fn bad_options_are_refused() {
        assert!(Options::try_parse_from(["conformance", "--kind", "theirs"]).is_err());
        assert!(Options::try_parse_from(["conformance", "--timeout", "soon"]).is_err());
        assert!(Options::try_parse_from(["conformance", "--bogus"]).is_err());
    }
}
