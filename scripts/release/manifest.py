#!/usr/bin/env python3
"""Writes DIST/MANIFEST.md and DIST/SHA256SUMS from the records that the
per-language release scripts left in DIST/.records/*.tsv (lib.sh's `record`).

Every artifact gets one row: its platform, size, sha256 and how it was checked
(ran natively, ran under qemu, ran under wine, or inspected only), with the
script's own line on what ran. It fails when a record names a missing file,
when an artifact has two records, or when a file in DIST has no record (only
the Go module's sources may go unrecorded: its libraries carry the records).

    python3 scripts/release/manifest.py DIST [--title TEXT] [--timings FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

PLATFORMS = {
    "x86_64-unknown-linux-gnu": "Linux x86-64, glibc 2.17+",
    "aarch64-unknown-linux-gnu": "Linux arm64, glibc 2.17+",
    "x86_64-unknown-linux-musl": "Linux x86-64, musl",
    "aarch64-unknown-linux-musl": "Linux arm64, musl",
    "x86_64-apple-darwin": "macOS x86-64",
    "aarch64-apple-darwin": "macOS arm64",
    "x86_64-pc-windows-gnu": "Windows x86-64 (MinGW-w64)",
    "any": "any",
}
CHECKS = ("ran natively", "ran under qemu", "ran under wine", "inspected only")
GENERATED = {"MANIFEST.md", "SHA256SUMS"}
# Files of an assembled module that are not artifacts of their own.
UNRECORDED_ALLOWED = ("go/",)


@dataclass(frozen=True)
class Record:
    path: str
    target: str
    check: str
    how: str
    component: str


def read_records(dist: Path) -> list[Record]:
    records: list[Record] = []
    for tsv in sorted((dist / ".records").glob("*.tsv")):
        for number, line in enumerate(tsv.read_text(encoding="utf-8").splitlines(), 1):
            fields = line.split("\t")
            if len(fields) != 5:
                raise SystemExit(f"{tsv.name}:{number}: expected 5 tab-separated fields, got {len(fields)}")
            record = Record(*fields)
            if record.check not in CHECKS:
                raise SystemExit(f"{tsv.name}:{number}: unknown check {record.check!r}")
            if record.target not in PLATFORMS:
                raise SystemExit(f"{tsv.name}:{number}: unknown target {record.target!r}")
            records.append(record)
    return records


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def human_size(size: int) -> str:
    for unit in ("B", "KiB", "MiB"):
        if size < 1024 or unit == "MiB":
            return f"{size} B" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dist", type=Path)
    parser.add_argument("--title", default="")
    parser.add_argument("--timings", type=Path, help="a file of 'component<TAB>seconds' lines")
    args = parser.parse_args()
    dist: Path = args.dist

    records = read_records(dist)
    by_path: dict[str, Record] = {}
    errors: list[str] = []
    for record in records:
        if record.path in by_path:
            errors.append(f"{record.path}: recorded twice ({by_path[record.path].component}, {record.component})")
        by_path[record.path] = record
        if not (dist / record.path).is_file():
            errors.append(f"{record.path}: recorded by {record.component} but not in {dist}")

    files = sorted(
        p.relative_to(dist).as_posix()
        for p in dist.rglob("*")
        if p.is_file() and not p.relative_to(dist).parts[0].startswith(".") and p.name not in GENERATED
    )
    unrecorded = [f for f in files if f not in by_path]
    for path in unrecorded:
        if not path.startswith(UNRECORDED_ALLOWED):
            errors.append(f"{path}: in {dist} with no record of how it was checked")
    if errors:
        print("manifest: " + "\n manifest: ".join(errors), file=sys.stderr)
        return 1

    sums = {path: sha256(dist / path) for path in files}
    (dist / "SHA256SUMS").write_text("".join(f"{sums[p]}  {p}\n" for p in files), encoding="utf-8")

    lines = ["# Release artifacts", ""]
    if args.title:
        lines += [args.title, ""]
    counts = {check: sum(1 for r in records if r.check == check) for check in CHECKS}
    lines += [
        f"{len(records)} artifacts: " + ", ".join(f"{n} {check}" for check, n in counts.items() if n) + ".",
        "\"Ran\" means this release script ran the artifact's own tests or programs on that platform (natively, "
        "under qemu-user, or under wine); \"inspected only\" means its file format, architecture, minimum OS "
        "version, linked libraries and exported symbols were checked, and nothing ran.",
        "`SHA256SUMS` covers every file here (`sha256sum -c SHA256SUMS`).",
        "",
        "| artifact | platform | size | sha256 | checked | how |",
        "|---|---|---|---|---|---|",
    ]
    order = {component: i for i, component in enumerate(("c", "go", "cli", "python", "node", "kotlin", "ruby"))}
    for record in sorted(records, key=lambda r: (order.get(r.component, 99), r.path)):
        size = (dist / record.path).stat().st_size
        how = record.how.replace("|", "\\|")
        lines.append(
            f"| `{record.path}` | {PLATFORMS[record.target]} | {human_size(size)} | `{sums[record.path]}` "
            f"| {record.check} | {how} |"
        )
    if unrecorded:
        lines += ["", f"Module sources without records of their own ({len(unrecorded)} files, in `SHA256SUMS`): "
                  + ", ".join(f"`{p}`" for p in unrecorded[:12]) + (", …" if len(unrecorded) > 12 else "") + "."]
    if args.timings and args.timings.is_file():
        lines += ["", "| step | wall time |", "|---|---|"]
        for row in args.timings.read_text(encoding="utf-8").splitlines():
            step, seconds = row.split("\t")
            lines.append(f"| {step} | {seconds} s |")
    (dist / "MANIFEST.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"manifest: {len(records)} artifacts, {len(files)} files in SHA256SUMS -> {dist / 'MANIFEST.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
