"""Composes the rows that every benchmark appended (JSON lines) into the
tables of scripts/bench.sh: prints them and writes bench/results.md with the
machine, the date and the targets, each marked met or missed.

    python3 bench/compose.py ROWS.jsonl --out bench/results.md [--failed FAILED.tsv] [--seconds N]

FAILED.tsv holds one `<benchmark>\t<reason>` line per benchmark that did not
run to the end. Standard library only.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

Row = Dict[str, Any]

EMAIL = "email ~20 bytes"
LONG = "1 KiB"
# Table order; each name is the `language` a benchmark writes.
LANGUAGES = ["Rust core", "Python", "Node", "Ruby", "Go (cgo)", "PHP (FFI)", "Kotlin/JVM", "Elixir", "CLI"]
# The benchmark (as scripts/bench.sh names it) that writes each language's rows.
SOURCES = {
    "Rust core": "Rust core", "Python": "Python", "Node": "Node", "Ruby": "Ruby",
    "Go (cgo)": "Go and PHP", "PHP (FFI)": "Go and PHP", "Kotlin/JVM": "Kotlin",
    "Elixir": "Elixir", "CLI": "CLI",
}
# (what, language, field, minimum ratio of stdlib time to ours). The floors'
# targets (maxima) come after these, from FLOOR_GOAL and CORE_FLOOR_GOAL.
TARGETS: List[Tuple[str, str, str, float]] = [
    ("Python `Signer.sign` ≥ 5× `hmac.new`", "Python", "ratio", 5),
    ("Node `Signer.sign` ≥ 5× `crypto.createHmac`", "Node", "ratio", 5),
    ("Ruby `Signer#sign` ≥ 20× `OpenSSL::HMAC.hexdigest`", "Ruby", "ratio", 20),
    ("Go `Signer.Sign` ≥ 2× `hmac.New`", "Go (cgo)", "ratio", 2),
    ("PHP `Signer->sign` ≥ 1× `hash_hmac`", "PHP (FFI)", "ratio", 1),
    ("Kotlin `Signer.sign` ≥ 2× `javax.crypto.Mac`", "Kotlin/JVM", "ratio", 2),
    ("Elixir `Signer.sign` ≥ 5× `:crypto.mac |> Base.encode16`", "Elixir", "ratio", 5),
    ("Python `sign_many` ≥ 10× the `hmac.new` loop", "Python", "batch_ratio", 10),
    ("Node `signMany` ≥ 10× the `createHmac` map", "Node", "batch_ratio", 10),
    ("Elixir `sign_many` ≥ 10× the `:crypto` loop", "Elixir", "batch_ratio", 10),
    ("Node `signMany(ids, { output: 'hexBuffer' })` ≥ 10× the `createHmac` map", "Node", "batch_buffer_ratio", 10),
]
# The token table: one row per (language, JWT library), each written with
# `"table": "tokens"`, in this order of languages.
TOKEN_LANGUAGES = ["Python", "Node", "Go (cgo)", "Kotlin/JVM"]
TOKEN_SOURCES = {"Python": "Python tokens", "Node": "Node", "Go (cgo)": "Go tokens", "Kotlin/JVM": "Kotlin tokens"}
TOKEN_HEADER = ("language", "JWT library", "their sign ns", "our `sign_token` ns", "sign ratio",
                "their verify ns", "our `TokenVerifier.verify` ns", "verify ratio")
HEADER = ("language", "stdlib call measured", "stdlib ns/op", "identity-hmac Signer.sign ns/op",
          "ratio", "Signer.sign / floor", "one-shot sign ratio", "batch ns/item")
# Each binding's floor (an empty native call of Signer.sign's shape) has a
# maximum: Signer.sign within 1.5× of it; the core's is its dependent floor.
FLOOR_GOAL = 1.5
CORE_FLOOR_GOAL = 1.15
FLOOR_HEADER = ("language", "empty call measured (one string in, 64 characters out)", "floor ns/op",
                "Signer.sign ns/op", "Signer.sign / floor", "where the rest goes")
# Arrow and engine rows (bindings-python/bench/arrow.py), and the CLI's file modes.
ARROW_LANGUAGE = "Python (Arrow)"
ARROW_SOURCE = "Python Arrow"
ARROW_HEADER = ("what", "rows", "identity-hmac ns/row", "measured against", "their ns/row", "ratio", "target")
FILES_HEADER = ("mode", "rows", "rows/s, all threads", "rows/s, 1 signing worker + the reader", "CPU ns/row", "peak RSS", "target")


def read_rows(path: Path) -> List[Row]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_failed(path: Optional[Path]) -> Dict[str, str]:
    if path is None or not path.exists():
        return {}
    failed = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, reason = line.partition("\t")
        failed[name] = reason
    return failed


def ns(value: Optional[float]) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def times(value: Optional[float]) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}×" if value < 10 else f"{value:.1f}×"


def batch_cell(row: Row) -> str:
    if row["language"] == "CLI":
        return (f"{ns(row['batch_ns_per_item'])} ({row['identifiers_per_s'] / 1e6:.2f} M identifiers/s, "
                f"{row['threads']} threads; peak RSS {row['peak_rss_mib']:.1f} MiB)")
    value = row.get("batch_ns_per_item")
    if value is None:
        return "— (no batch call)" if row.get("signer_ns") is not None else "—"
    if row.get("batch_buffer_ratio") is not None:
        return (f"{ns(value)} ({times(row['batch_ratio'])} the stdlib loop); "
                f"{cell('`' + row['batch_buffer_call'] + '`')}: {ns(row['batch_buffer_ns_per_item'])} "
                f"({times(row['batch_buffer_ratio'])})")
    if row.get("batch_ratio") is not None:
        return f"{ns(value)} ({times(row['batch_ratio'])} the stdlib loop)"
    return ns(value)


def floor_ratio(row: Row) -> Optional[float]:
    """Signer.sign as a multiple of the row's floor; for the core, its dependent floor."""
    if row["language"] == "Rust core":
        chained = row.get("chained_floor_ns")
        return row["signer_ns"] / chained if chained and row.get("signer_ns") else None
    return row.get("floor_ratio")


def cell(text: str) -> str:
    """A Markdown table cell: a `|` inside it must be escaped, even in code."""
    return text.replace("|", "\\|")


def table_lines(rows: List[Row], identifier: str, failed: Dict[str, str]) -> List[str]:
    lines = ["| " + " | ".join(HEADER) + " |", "|---|---|---:|---:|---:|---:|---:|---|"]
    by_language = {row["language"]: row for row in rows if row.get("identifier") == identifier}
    for language in LANGUAGES:
        # Elixir's benchmark writes its stdlib alone when the binding could not be built.
        row = by_language.get(language) or by_language.get(f"{language} (stdlib only)")
        if row is None:
            if language == "CLI" and identifier != EMAIL:
                continue
            reason = failed.get(SOURCES[language], "no row written")
            lines.append(f"| {language} | not measured: {reason} | | | | | | |")
            continue
        if language == "CLI":
            lines.append(f"| CLI `identity-hmac sign` | (batch from stdin, {row['batch_size']:,} identifiers) "
                         f"| | | | | | {batch_cell(row)} |")
            continue
        signer = ns(row.get("signer_ns")) if row.get("signer_ns") is not None else "— (no binding)"
        lines.append(f"| {language} | {cell('`' + row['stdlib_call'] + '`')} | {ns(row['stdlib_ns'])} | {signer} "
                     f"| {times(row.get('ratio'))} | {times(floor_ratio(row))} | {times(row.get('oneshot_ratio'))} "
                     f"| {batch_cell(row)} |")
    return lines


def token_lines(rows: List[Row], failed: Dict[str, str]) -> List[str]:
    lines = ["| " + " | ".join(TOKEN_HEADER) + " |", "|---|---|---:|---:|---:|---:|---:|---:|"]
    tokens = [row for row in rows if row.get("table") == "tokens"]
    for language in TOKEN_LANGUAGES:
        mine = [row for row in tokens if row["language"] == language]
        if not mine:
            reason = failed.get(TOKEN_SOURCES[language], "no row written")
            lines.append(f"| {language} | not measured: {reason} | | | | | | |")
        for row in mine:
            lines.append(f"| {language} | {cell(row['library'])} | {ns(row['their_sign_ns'])} | {ns(row['sign_ns'])} "
                         f"| {times(row['sign_ratio'])} | {ns(row['their_verify_ns'])} | {ns(row['verify_ns'])} "
                         f"| {times(row['verify_ratio'])} |")
    return lines


def floor_lines(rows: List[Row], failed: Dict[str, str]) -> List[str]:
    lines = ["| " + " | ".join(FLOOR_HEADER) + " |", "|---|---|---:|---:|---:|---|"]
    by_language = {row["language"]: row for row in rows if row.get("identifier") == EMAIL}
    for language in LANGUAGES:
        if language == "CLI":
            continue
        row = by_language.get(language)
        if row is None or floor_ratio(row) is None:
            reason = "no floor in its row" if row is not None else failed.get(SOURCES[language], "no row written")
            lines.append(f"| {language} | not measured: {reason} | | | | |")
            continue
        if language == "Rust core":
            lines.append(f"| {language} | two dependent SHA-256 compressions (the outer block is the inner digest) "
                         f"| {ns(row['chained_floor_ns'])} | {ns(row['signer_ns'])} | {times(floor_ratio(row))} "
                         f"| {cell(row.get('floor_rest', 'not measured'))} |")
            continue
        lines.append(f"| {language} | {cell('`' + row['floor_call'] + '`')} | {ns(row['floor_ns'])} "
                     f"| {ns(row['signer_ns'])} | {times(floor_ratio(row))} | {cell(row.get('floor_rest', ''))} |")
    return lines


def arrow_verdict(row: Row) -> str:
    return "met" if row["ratio"] >= row["target"] else "**missed**"


def files_verdict(row: Row) -> str:
    return "met" if row["rows_per_s"] >= row["target_rows_per_s"] else "**missed**"


def arrow_lines(rows: List[Row], failed: Dict[str, str]) -> List[str]:
    lines = ["| " + " | ".join(ARROW_HEADER) + " |", "|---|---:|---:|---|---:|---:|---|"]
    arrow = [row for row in rows if row["language"] == ARROW_LANGUAGE]
    if not arrow:
        lines.append(f"| not measured: {failed.get(ARROW_SOURCE, 'no row written')} | | | | | | |")
    for row in arrow:
        verdict = arrow_verdict(row)
        lines.append(f"| {cell(row['row'])} | {row['rows']:,} | {ns(row['ns_per_row'])} | {cell(row['baseline'])} "
                     f"| {ns(row['baseline_ns_per_row'])} | {times(row['ratio'])} "
                     f"| ≥ {row['target']:g}×: {verdict} |")
    return lines


def wheel_size_line(rows: List[Row]) -> str:
    sizes = {row["features"]: row["bytes"] for row in rows if row.get("table") == "wheel-sizes"}
    if "" not in sizes or "arrow" not in sizes:
        return "Python wheel sizes: not measured in this run."
    return (f"The Python wheel of this run: {sizes['']:,} bytes by default, {sizes['arrow']:,} with the `arrow` "
            f"feature (+{sizes['arrow'] - sizes['']:,} bytes).")


def files_lines(rows: List[Row], failed: Dict[str, str]) -> List[str]:
    lines = ["| " + " | ".join(FILES_HEADER) + " |", "|---|---:|---:|---:|---:|---:|---|"]
    files = [row for row in rows if row.get("table") == "cli-files"]
    if not files:
        lines.append(f"| not measured: {failed.get(SOURCES['CLI'], 'no row written')} | | | | | | |")
    for row in files:
        verdict = files_verdict(row)
        lines.append(f"| `sign --csv --column email`, {cell(row['identifier'])} | {row['rows']:,} "
                     f"| {row['rows_per_s'] / 1e6:.2f} M ({row['threads']} threads) "
                     f"| {row['rows_per_s_1_thread'] / 1e6:.2f} M | {row['cpu_ns_per_row']:.0f} "
                     f"| {row['peak_rss_mib']:.1f} MiB | ≥ {row['target_rows_per_s'] / 1e6:g} M rows/s: {verdict} |")
        if row.get("jsonl_rows_per_s"):
            lines.append(f"| `sign --jsonl --field email`, 2 members | {row['rows']:,} "
                         f"| {row['jsonl_rows_per_s'] / 1e6:.2f} M ({row['threads']} threads) | | "
                         f"| {row['jsonl_peak_rss_mib']:.1f} MiB | |")
    return lines


def target_lines(rows: List[Row]) -> List[str]:
    by_language = {row["language"]: row for row in rows if row.get("identifier") == EMAIL}
    lines = []
    for what, language, field, minimum in TARGETS:
        row = by_language.get(language)
        value = None if row is None else row.get(field)
        if value is None:
            lines.append(f"- {what}: not measured")
            continue
        verdict = "met" if value >= minimum else "**missed**"
        shown = times(value)
        lines.append(f"- {what}: {shown} — {verdict}")
    for language in LANGUAGES:
        row = by_language.get(language)
        value = None if row is None else floor_ratio(row)
        if language == "CLI":
            continue
        goal = CORE_FLOOR_GOAL if language == "Rust core" else FLOOR_GOAL
        what = (f"core `Signer::sign` within {goal:g}× of its dependent floor" if language == "Rust core"
                else f"{language} `Signer.sign` within {goal:g}× of its empty native call")
        if value is None:
            lines.append(f"- {what}: not measured")
            continue
        lines.append(f"- {what}: {times(value)} — {'met' if value <= goal else '**missed**'}")
    for row in rows:
        if row["language"] == ARROW_LANGUAGE:
            verdict = arrow_verdict(row)
            lines.append(f"- {row['row']} ≥ {row['target']:g}× {row['baseline']}: {times(row['ratio'])} — {verdict}")
        elif row.get("table") == "cli-files":
            verdict = files_verdict(row)
            lines.append(f"- CLI `sign --csv` ≥ {row['target_rows_per_s'] / 1e6:g} M rows/s on {row['threads']} "
                         f"threads: {row['rows_per_s'] / 1e6:.2f} M — {verdict}")
    return lines


def cpu_model() -> Tuple[str, bool]:
    model, sha_ni = platform.processor() or platform.machine(), False
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                model = value.strip()
            elif key.strip() == "flags":
                sha_ni = sha_ni or "sha_ni" in value.split()
    except OSError:
        pass
    return model, sha_ni


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rows", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--failed", type=Path)
    parser.add_argument("--seconds", type=float)
    args = parser.parse_args()
    rows, failed = read_rows(args.rows), read_failed(args.failed)

    model, sha_ni = cpu_model()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    runs = sorted({row["runs"] for row in rows
                   if "runs" in row and row["language"] not in ("CLI", ARROW_LANGUAGE)})
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    tables = [
        f"Identifier: email, `user0000001@example.com` (23 bytes); batches of `user%07d@example.com`.",
        "",
        *table_lines(rows, EMAIL, failed),
        "",
        "Identifier: 1 KiB (`x` × 1001 + the email); batches of 10,000.",
        "",
        *table_lines(rows, LONG, failed),
        "",
        "## Tokens",
        "",
        "An Intercom Messenger security token: claims `{user_id, email}`, `exp` one hour ahead, `iat` added, "
        "HS256, the secret `your_intercom_messenger_api_secret` (nimbus refuses HMAC keys under 32 bytes); "
        "verify checks the signature and `exp` and returns the claims.",
        "",
        *token_lines(rows, failed),
        "",
        "## Floors",
        "",
        "Each binding's floor is an empty native call of `Signer.sign`'s shape, made the same way on the same "
        "Signer: the identifier converted as sign converts it, no HMAC, and a 64-character string returned as "
        "sign returns it. `Signer.sign / floor` is the median of the per-round ratios (goal: at most "
        f"{FLOOR_GOAL:g}×; the core's, against its dependent floor, at most {CORE_FLOOR_GOAL:g}×).",
        "",
        *floor_lines(rows, failed),
        "",
        "## Arrow and engines",
        "",
        "`identity_hmac.arrow.sign` and the engines (bindings-python/bench/arrow.py), each against the "
        "row-by-row way in the same process; ratios are the median of the per-round ratios.",
        "",
        *arrow_lines(rows, failed),
        "",
        wheel_size_line(rows),
        "",
        "## CLI files",
        "",
        "A 3-column CSV file (`id,email,name`) and a JSON Lines file, from stdin to /dev/null; best of the runs, "
        "peak RSS of the process.",
        "",
        *files_lines(rows, failed),
    ]
    notes = [
        "ns/op are medians of alternating rounds (stdlib, `Signer.sign`, one-shot) after a warm-up round, "
        "in one process per language; ratios are stdlib time / ours, the median of the per-round ratios, "
        "so a busy machine slows both sides of each ratio alike. The secret is `your_web_widget_hmac_token` "
        "everywhere.",
        "Rust core: the stdlib column is the floor, the SHA-256 compressions that a keyed HMAC cannot avoid "
        "(2 for an email, 18 for 1 KiB), so its ratio is floor / ours. One-shot sign = key set-up + sign in "
        "one call (Go and PHP have no one-shot call: `NewSigner`/`Signer::fromText` + sign per call). "
        "Batch = `sign_many`/`signMany` over 100,000 emails or 10,000 × 1 KiB, all cores, against the "
        "stdlib called in a loop over the same list.",
    ]
    notes.append(
        "Tokens: each library signs and verifies the same claims under the same secret in the same process, in "
        "alternating rounds after a warm-up round; ratios are their time / ours, the median of the per-round "
        "ratios. Ours signs with `sign_token` (the claims as the host's map, encoded by the host's JSON "
        "library, the secret decoded per call) and verifies with a `TokenVerifier` made once; theirs "
        "signs with the key as the library takes it and verifies with HS256 as the only algorithm allowed.")
    core = next((r for r in rows if r["language"] == "Rust core" and r.get("identifier") == EMAIL), None)
    if core and core.get("chained_floor_ns"):
        notes.append(
            f"The email floor above hashes constant blocks, so the CPU can schedule the second block early. "
            f"With HMAC's data flow (the outer block is the inner digest) the same two compressions took "
            f"{core['chained_floor_ns']:.1f} ns, and `Signer::sign` is {core['signer_ns'] / core['chained_floor_ns']:.2f}× that.")
    notes = [line for note in notes for line in (note, "")][:-1]
    document = [
        "# Benchmark results",
        "",
        "Written by `bash scripts/bench.sh`; do not edit by hand.",
        "",
        f"- Date: {now}",
        f"- CPU: {model}, {os.cpu_count()} logical CPUs; SHA-NI: {'yes' if sha_ni else 'no'}",
        f"- Load average (1 min) at the end: {load:.2f}" if load is not None else "- Load average: unknown",
        f"- Rounds per measurement: {', '.join(map(str, runs)) or 'unknown'}"
        + (f"; the whole run took {args.seconds / 60:.1f} min" if args.seconds else ""),
        "",
        *tables,
        "",
        *notes,
        "",
        "## Targets (email identifier, Arrow and CLI files)",
        "",
        *target_lines(rows),
        "",
    ]
    if failed:
        document += ["## Benchmarks that did not finish", ""]
        document += [f"- {name}: {reason}" for name, reason in failed.items()]
        document.append("")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(document), encoding="utf-8")
    print("\n".join(tables))
    print()
    print("\n".join(target_lines(rows)))
    print(f"\n(written to {args.out})")


if __name__ == "__main__":
    main()
