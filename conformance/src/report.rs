//! Judges each implementation's outcomes and prints the matrix, the
//! divergences and the verdict.

use std::collections::BTreeMap;

use conformance::{GROUPS, Group, Outcome, TokenCorpus};

use crate::harness::Status;
use crate::manifest::{Kind, Manifest};
use crate::record::{RECORD_PATH, Record, recorded_class};

pub struct Row {
    pub manifest: Manifest,
    pub status: Status,
    pub seconds: f64,
    /// Differences that make the run fail.
    pub failures: Vec<String>,
    /// Per group: vectors whose snippet outcome is not what was recorded.
    pub unrecorded: BTreeMap<Group, Vec<String>>,
}

pub fn evaluate(row: &mut Row, record: &Record, recording: bool) {
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

/// Prints a table, each column as wide as its widest cell.
fn print_table<const N: usize>(headers: [&str; N], table: &[[String; N]]) {
    let mut widths = headers.map(str::len);
    for line in table {
        for (w, c) in widths.iter_mut().zip(line) {
            *w = (*w).max(c.chars().count());
        }
    }
    let print_line = |cells: &[String]| {
        let padded: Vec<String> =
            cells.iter().zip(widths).map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count()))).collect();
        println!("| {} |", padded.join(" | "));
    };
    print_line(&headers.map(String::from));
    println!("|{}|", widths.iter().map(|w| "-".repeat(w + 2)).collect::<Vec<_>>().join("|"));
    for line in table {
        print_line(line);
    }
}

/// Whether a manifest lists the token groups.
pub fn runs_tokens(manifest: &Manifest) -> bool {
    manifest.groups.iter().any(|g| g == "tokens")
}

/// The tokens section: every implementation of ours, its token_verify and
/// token_sign cells (`-` where it does not run them, and why).
fn print_tokens(rows: &[Row], tokens: &TokenCorpus) {
    println!(
        "\nTokens: {} token_verify and {} token_sign rows (conformance/tokens.json, from PyJWT); claims compared as JSON values,",
        tokens.verify.len(),
        tokens.sign.len()
    );
    println!("every signed token checked by the runner's own HMAC-SHA256, base64url and JSON reading.\n");
    let table: Vec<[String; 4]> = rows
        .iter()
        .filter(|row| row.manifest.kind == Kind::Ours)
        .map(|row| {
            let name = row.manifest.name.clone();
            let dash = || "-".to_string();
            match &row.status {
                _ if !runs_tokens(&row.manifest) => [name, dash(), dash(), "not run: no \"tokens\" group".into()],
                Status::Ran { outcomes, problems } => {
                    let failed = !problems.is_empty()
                        || outcomes
                            .iter()
                            .any(|(g, _, o)| g.is_tokens() && !matches!(o, Outcome::Match | Outcome::Unsupported(_)));
                    let status = if failed { "FAIL" } else { "ok" };
                    [name, cell(outcomes, Group::TokenVerify), cell(outcomes, Group::TokenSign), status.into()]
                }
                Status::Missing(_) | Status::Failed(_) => [name, dash(), dash(), "not run (see above)".into()],
            }
        })
        .collect();
    print_table(["implementation", "token_verify", "token_sign", "status"], &table);
}

pub fn print_matrix(rows: &[Row], tokens: &TokenCorpus, verbose: bool, ci: bool) {
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
    println!();
    print_table(headers, &table);
    println!();
    const LEGEND: &str = "\
Cells: matched/total, then what diverges. For a snippet, matched means the corpus hash, or a
malformed secret refused. other = another hash; error = failed (does not compile, raises);
accepted = a malformed secret taken without error; unsupported = not expressible (snippets only
sign, take one vendor's secret encoding, some cannot carry non-UTF-8 bytes; --verbose lists them).";
    println!("{LEGEND}");
    print_tokens(rows, tokens);
    println!(
        "\nToken cells: wrong = other claims, or a signed token the runner refuses (why: Divergences);\n\
         accepted = a token (or claims) that must be refused was taken; error = the wrong code."
    );

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

/// Prints what failed and the one-line verdict; true when the run failed.
pub fn print_verdict(rows: &[Row], verbose: bool, ci: bool) -> bool {
    let mut failed = false;
    let mut report = Vec::new();
    for row in rows {
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
                let limit = if verbose { usize::MAX } else { 10 };
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
        if row.manifest.kind == Kind::Ours && !runs_tokens(&row.manifest) {
            let message = format!(
                "{}: no \"tokens\" group in {}: its tokens were NOT checked",
                row.manifest.name,
                row.manifest.source.display()
            );
            if ci {
                failed = true;
                report.push(format!("FAIL {message} (CI=true requires it of every implementation of ours)"));
            } else {
                report.push(format!("WARNING {message}"));
            }
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
    failed
}
