#!/usr/bin/env python3
"""Runs the fenced code blocks of Markdown files and compares their output.

Every fenced block carries a directive in an HTML comment on the line directly
above its opening fence:

    <!-- example: skip: REASON -->   not run; the reason is reported
    <!-- example: run [OPTIONS] -->  run with the runner given for the fence's language
    <!-- example: output -->         the exact expected stdout of the nearest preceding
                                     `run` block (trailing white space of each line and
                                     trailing empty lines are ignored)

OPTIONS of `run`, space separated (shell quoting allowed):
    env:NAME=VALUE   set an environment variable for the run
    exit=N           expected exit status (default 0)
    prelude=PATH     a file (relative to the repository root) whose text is put
                     before the block, e.g. a hidden harness
    file=NAME        name of the temporary file holding the block, e.g. main.go

A runner is a shell command: `--runner python='/venv/bin/python {file}'`.
Placeholders: {file} the temporary file (appended when absent), {dir} its
directory (also the working directory of the run), {root} the repository root.
The environment also holds DOC_EXAMPLES_ROOT (the repository root).

`console` blocks: a line starting with `$ ` is a shell command (it continues on
the following lines while the shell would still read more: a trailing `\\`, an
open `{`, quote or here-document); the lines after it, up to the next `$ ` line,
are its expected output (stdout and stderr together, as a terminal shows them);
a line starting with `# ` (or a lone `#`) between commands is a comment. All
commands of a block run in one shell, in order, so `export` and `cd` carry over;
the runner for `console` is that shell, e.g. `--runner console='bash {file}'`.
The block's `exit=N` is the status of its last command.

`--runner rust=rustdoc` means "run by `cargo test --doc`": the tool then only
checks that some crate's source includes this Markdown file with
`#[doc = include_str!("...")]`, so that its rust blocks are doctests.

A `run` block whose language has no runner fails, unless `--only-langs` is
given and the language is not in it: the block is then "not run here" (another
invocation runs it) and counted as skipped.

`--check` only checks that every fenced block of every given file has a valid
directive, and lists the blocks that do not.

`--excerpt FILE.md:LINE --of OUTPUT` checks an output excerpt (a block marked
skip because it shows part of a long run): each non-empty line of the block
opening at LINE must appear in the file OUTPUT, in the same order. With
FILE.md alone, every skip block whose reason names `--excerpt` is checked.

Usage:
    doc_examples.py FILE.md... [--runner LANG=CMD]... [--only-langs LANG,...]
    doc_examples.py --check FILE.md...
    doc_examples.py --excerpt FILE.md[:LINE] --of OUTPUT
    doc_examples.py --self-test
Ends with `N passed, N failed, N skipped`; exit status 1 on any failure.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import secrets
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIRECTIVE = re.compile(r"^\s*<!--\s*example:\s*(.*?)\s*-->\s*$")
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# File name extensions of the temporary files (file=NAME overrides them).
EXTENSIONS = {
    "python": "py", "py": "py", "pycon": "py", "console": "sh", "sh": "sh", "bash": "sh", "shell": "sh",
    "javascript": "js", "js": "js", "typescript": "ts", "ts": "ts", "ruby": "rb", "rb": "rb",
    "kotlin": "kt", "elixir": "exs", "rust": "rs", "text": "txt", "json": "json",
}


@dataclass
class Block:
    path: Path
    line: int  # 1-based line of the opening fence
    lang: str
    text: str
    directive: str | None  # raw directive text, None when absent
    kind: str = ""  # run, skip, output, or "" when invalid
    reason: str = ""
    env: dict[str, str] = field(default_factory=dict)
    exit: int = 0
    prelude: str | None = None
    file_name: str | None = None
    error: str | None = None  # why the directive is invalid
    outputs: list["Block"] = field(default_factory=list)

    @property
    def where(self) -> str:
        try:
            shown = self.path.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}"


def parse_blocks(path: Path) -> list[Block]:
    lines = path.read_text(encoding="utf-8").split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence, info = match["indent"], match["fence"], match["info"].strip()
        if fence[0] == "`" and "`" in info:
            i += 1  # inline code such as ```foo``` is not a fence
            continue
        start = i
        body: list[str] = []
        i += 1
        closing = re.compile(r"^\s*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$")
        while i < len(lines) and not closing.match(lines[i]):
            line = lines[i]
            body.append(line[len(indent):] if line.startswith(indent) else line.lstrip())
            i += 1
        i += 1  # past the closing fence
        lang = re.split(r"[\s,{]", info, maxsplit=1)[0].lower() if info else ""
        directive = None
        if start > 0:
            above = DIRECTIVE.match(lines[start - 1])
            if above:
                directive = above.group(1)
        block = Block(path, start + 1, lang, "\n".join(body) + ("\n" if body else ""), directive)
        parse_directive(block)
        blocks.append(block)
    link_outputs(blocks)
    return blocks


def parse_directive(block: Block) -> None:
    text = block.directive
    if text is None:
        block.error = "no <!-- example: ... --> directive on the line above the fence"
        return
    if text.startswith("skip"):
        reason = text[len("skip"):].lstrip()
        if not reason.startswith(":") or not reason[1:].strip():
            block.error = "skip needs a reason: <!-- example: skip: REASON -->"
            return
        block.kind, block.reason = "skip", reason[1:].strip()
    elif text == "output":
        block.kind = "output"
    elif text == "run" or text.startswith("run "):
        block.kind = "run"
        try:
            options = shlex.split(text[3:])
        except ValueError as error:
            block.error = f"cannot parse the options of run: {error}"
            return
        for option in options:
            if option.startswith("env:") and "=" in option[4:] and option[4:].split("=", 1)[0]:
                name, value = option[4:].split("=", 1)
                block.env[name] = value
            elif option.startswith("exit=") and option[5:].isdigit():
                block.exit = int(option[5:])
            elif option.startswith("prelude=") and option[8:]:
                prelude = ROOT / option[8:]
                if not prelude.is_file():
                    block.error = f"prelude {option[8:]} is not a file (paths are relative to the repository root)"
                    return
                block.prelude = prelude.read_text(encoding="utf-8")
            elif option.startswith("file=") and option[5:] and "/" not in option[5:]:
                block.file_name = option[5:]
            else:
                block.error = f"unknown run option {option!r} (known: env:NAME=VALUE, exit=N, prelude=PATH, file=NAME)"
                return
    else:
        block.error = f"unknown directive {text!r} (expected run, skip: REASON or output)"


def link_outputs(blocks: list[Block]) -> None:
    last_run: Block | None = None
    for block in blocks:
        if block.error:
            continue
        if block.kind == "run":
            last_run = block
        elif block.kind == "output":
            if last_run is None:
                block.error = "output block with no run block before it"
            elif last_run.lang == "console":
                block.error = f"output block after the console block at line {last_run.line}: console blocks hold their own output"
            elif last_run.outputs:
                block.error = f"a second output block for the run block at line {last_run.line}"
            else:
                last_run.outputs.append(block)


def normalise(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def diff(expected: str, actual: str, label: str) -> str:
    return "\n".join(
        difflib.unified_diff(
            normalise(expected), normalise(actual), f"expected ({label})", "actual", lineterm=""
        )
    )


def indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line for line in text.rstrip("\n").split("\n"))


def tail(text: str, lines: int = 40) -> str:
    parts = text.rstrip("\n").split("\n")
    return "\n".join(parts[-lines:])


# ---- console blocks -------------------------------------------------------

@dataclass
class ConsoleCommand:
    command: str
    expected: str
    line: int


def shell_needs_more(text: str) -> bool:
    """True when bash would keep reading after `text` (open quote, brace, here-document)."""
    if text.rstrip("\n").endswith("\\"):
        return True
    result = subprocess.run(["bash", "-n"], input=text, capture_output=True, text=True)
    return result.returncode != 0 and ("unexpected end of file" in result.stderr or "here-document" in result.stderr)


def parse_console(block: Block) -> list[ConsoleCommand]:
    lines = block.text.rstrip("\n").split("\n") if block.text else []
    commands: list[ConsoleCommand] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("$ "):
            if commands and not (line.startswith("# ") or line == "#"):
                commands[-1].expected += line + "\n"
            i += 1
            continue
        start = i
        command = line[2:] + "\n"
        i += 1
        while i < len(lines) and shell_needs_more(command):
            command += lines[i] + "\n"
            i += 1
        commands.append(ConsoleCommand(command, "", block.line + 1 + start))
    return commands


def console_script(block: Block, commands: list[ConsoleCommand], token: str) -> str:
    mark = f"__doc_rc=$?; printf '\\n%s\\n' '{token}'; (exit $__doc_rc)\n"
    script = "exec 2>&1\n"
    if block.prelude:
        script += block.prelude.rstrip("\n") + "\n"
    script += "(exit 0)\n" + mark
    for command in commands:
        script += command.command + mark
    return script


# ---- running ----------------------------------------------------------------

@dataclass
class Result:
    status: str  # passed, failed, skipped
    detail: str = ""


def find_doctest_includes(markdown: Path) -> list[Path]:
    """Rust sources that include `markdown` as doc text (its rust blocks become doctests)."""
    target = markdown.resolve()
    found = []
    include = re.compile(r'#\[doc\s*=\s*include_str!\(\s*"([^"]+)"\s*\)\s*\]')
    for directory, subdirs, files in os.walk(ROOT):
        subdirs[:] = [d for d in subdirs if d not in ("target", "node_modules", ".git", "vendor")]
        for name in files:
            if not name.endswith(".rs"):
                continue
            source = Path(directory) / name
            try:
                text = source.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if "include_str!" not in text or "cfg(doctest)" not in text:
                continue
            for match in include.finditer(text):
                if (source.parent / match.group(1)).resolve() == target:
                    found.append(source)
    return found


def run_command(runner: str, block: Block, source: str, timeout: float) -> tuple[subprocess.CompletedProcess | None, str]:
    with tempfile.TemporaryDirectory(prefix="doc-example-") as directory:
        extension = EXTENSIONS.get(block.lang, block.lang or "txt")
        default = f"block.{extension}"
        path = Path(directory) / (block.file_name or default)
        path.write_text(source, encoding="utf-8")
        values = {"file": shlex.quote(str(path)), "dir": shlex.quote(directory), "root": shlex.quote(str(ROOT))}
        command = runner if "{file}" in runner else runner + " {file}"
        for name, value in values.items():
            command = command.replace("{" + name + "}", value)
        env = dict(os.environ, DOC_EXAMPLES_ROOT=str(ROOT), **block.env)
        try:
            completed = subprocess.run(
                ["bash", "-c", command], cwd=directory, env=env, capture_output=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return None, f"timed out after {timeout:.0f} s: {command}"
        return completed, command


def decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def run_block(block: Block, runners: dict[str, str], only_langs: set[str] | None, timeout: float) -> Result:
    if block.kind == "skip":
        return Result("skipped", block.reason)
    runner = runners.get(block.lang)
    if runner is None:
        if only_langs is not None and block.lang not in only_langs:
            return Result("skipped", f"not run here ({block.lang or 'no language'} is run by another invocation)")
        given = ", ".join(sorted(runners)) or "none"
        return Result("failed", f"no runner for language {block.lang or '(none)'!r} (given: {given}); pass --runner {block.lang or 'LANG'}='CMD {{file}}'")
    if block.lang == "rust" and runner.strip() == "rustdoc":
        includes = find_doctest_includes(block.path)
        if not includes:
            return Result("failed", f"--runner rust=rustdoc, but no crate includes {block.path.name} with #[cfg(doctest)] #[doc = include_str!(...)]")
        sources = ", ".join(str(p.relative_to(ROOT)) for p in includes)
        return Result("passed", f"run by cargo test --doc ({sources} includes it)")
    if block.lang == "console":
        return run_console(block, runner, timeout)
    source = (block.prelude.rstrip("\n") + "\n" if block.prelude else "") + block.text
    completed, command = run_command(runner, block, source, timeout)
    if completed is None:
        return Result("failed", command)
    stdout, stderr = decode(completed.stdout), decode(completed.stderr)
    problems = []
    if completed.returncode != block.exit:
        problems.append(f"exit status {completed.returncode}, expected {block.exit}")
    for output in block.outputs:
        if normalise(output.text) != normalise(stdout):
            problems.append(f"stdout differs from the output block at line {output.line}:\n" + indent(diff(output.text, stdout, f"line {output.line}")))
    if problems:
        detail = "\n".join(problems) + f"\ncommand: {command}"
        if stderr.strip():
            detail += "\nstderr (last lines):\n" + indent(tail(stderr))
        if not block.outputs and stdout.strip():
            detail += "\nstdout (last lines):\n" + indent(tail(stdout))
        return Result("failed", detail)
    checked = f", stdout matches line {block.outputs[0].line}" if block.outputs else ""
    return Result("passed", f"exit {completed.returncode}{checked}")


def run_console(block: Block, runner: str, timeout: float) -> Result:
    commands = parse_console(block)
    if not commands:
        return Result("failed", "console block without a `$ ` command line")
    token = "@@doc-example-" + secrets.token_hex(8) + "@@"
    completed, command = run_command(runner, block, console_script(block, commands, token), timeout)
    if completed is None:
        return Result("failed", command)
    output = decode(completed.stdout) + decode(completed.stderr)
    segments = output.split("\n" + token + "\n")
    # segments: the prelude's output, one per finished command, then what followed the last marker.
    after = segments.pop()
    finished = len(segments) - 1
    problems = []
    for index, cmd in enumerate(commands):
        first = cmd.command.split("\n", 1)[0]
        if index >= finished:
            problems.append(f"line {cmd.line}: the shell stopped in `$ {first}` (status {completed.returncode}); it printed:\n" + indent(after or "(nothing)"))
            break
        actual = segments[index + 1]
        if normalise(cmd.expected) != normalise(actual):
            problems.append(f"line {cmd.line}: `$ {first}` printed:\n" + indent(diff(cmd.expected, actual, f"line {cmd.line}")))
    if completed.returncode != block.exit and not problems:
        problems.append(f"last command's exit status {completed.returncode}, expected {block.exit}")
    if problems:
        detail = "\n".join(problems) + f"\ncommand: {command}"
        if segments and segments[0].strip():
            detail += "\nprelude output:\n" + indent(tail(segments[0]))
        return Result("failed", detail)
    return Result("passed", f"{len(commands)} command{'s' if len(commands) != 1 else ''}, output matches")


# ---- entry points -----------------------------------------------------------

def check(paths: list[Path]) -> int:
    marked = unmarked = 0
    for path in paths:
        for block in parse_blocks(path):
            if block.error:
                unmarked += 1
                print(f"{block.where}: {block.lang or '(no language)'}: {block.error}")
            else:
                marked += 1
    print(f"--check: {marked} block(s) with a valid directive, {unmarked} without")
    print(f"{marked} passed, {unmarked} failed, 0 skipped")
    return 1 if unmarked else 0


def run(paths: list[Path], runners: dict[str, str], only_langs: set[str] | None, timeout: float) -> int:
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for path in paths:
        for block in parse_blocks(path):
            label = f"{block.where}: {block.lang or '(no language)'}"
            if block.error:
                counts["failed"] += 1
                print(f"{label}: failed: {block.error}")
                continue
            if block.kind == "output":
                continue  # reported with its run block
            if only_langs is not None and block.kind == "run" and block.lang not in only_langs:
                result = Result("skipped", f"not run here (--only-langs {','.join(sorted(only_langs))})")
            else:
                result = run_block(block, runners, only_langs, timeout)
            counts[result.status] += 1
            first, _, rest = result.detail.partition("\n")
            print(f"{label}: {result.status}" + (f": {first}" if first else ""), flush=True)
            if rest:
                print(indent(rest), flush=True)
    print(f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
    return 1 if counts["failed"] else 0


def excerpt(spec: str, output_path: Path) -> int:
    """Checks output excerpts against a real output: each non-empty line of the
    block appears, in the same order, in `output_path`. `spec` is FILE.md:LINE
    (the block opening at LINE) or FILE.md (every skip block whose reason names
    `--excerpt`)."""
    name, _, line = spec.rpartition(":")
    if not line.isdigit():
        name, line = spec, ""
    path = Path(name)
    blocks = parse_blocks(path) if path.is_file() else []
    if line:
        chosen = [b for b in blocks if str(b.line) == line]
    else:
        chosen = [b for b in blocks if b.kind == "skip" and "--excerpt" in b.reason]
    if not chosen:
        print(f"{spec}: failed: no such block (FILE.md:LINE of an opening fence, or a skip reason naming --excerpt)")
        print("0 passed, 1 failed, 0 skipped")
        return 1
    actual = normalise(output_path.read_text(encoding="utf-8", errors="replace"))
    failed = 0
    for block in chosen:
        missing, position = [], 0
        for wanted in (text for text in normalise(block.text) if text):
            try:
                position = actual.index(wanted, position) + 1
            except ValueError:
                missing.append(wanted)
        label = f"{block.where}: {block.lang or '(no language)'}"
        if missing:
            failed += 1
            print(f"{label}: failed: {len(missing)} line(s) are not in {output_path} (in this order):")
            print(indent("\n".join(missing)))
        else:
            print(f"{label}: passed: every line is in {output_path}, in order")
    print(f"{len(chosen) - failed} passed, {failed} failed, 0 skipped")
    return 1 if failed else 0


def self_test() -> int:
    """Runs the tool on its fixtures: the passing one must pass, the failing one must fail as expected."""
    fixtures = ROOT / "scripts" / "doc_examples_fixtures"
    runners = ["--runner", f"python={shlex.quote(sys.executable)} {{file}}", "--runner", "console=bash {file}"]
    me = [sys.executable, str(Path(__file__).resolve())]
    failures = []
    checks = [0]

    def expect(args: list[str], code: int, needles: list[str]) -> None:
        checks[0] += 1
        result = subprocess.run(me + args, capture_output=True, text=True, cwd=ROOT)
        missing = [n for n in needles if n not in result.stdout]
        if result.returncode != code or missing:
            failures.append(f"{' '.join(args)}: exit {result.returncode} (expected {code}), missing {missing}\n{result.stdout}{result.stderr}")

    passing, failing = str(fixtures / "pass.md"), str(fixtures / "fail.md")
    expect([passing] + runners, 0, ["6 passed, 0 failed, 2 skipped"])
    expect(["--check", passing], 0, ["0 failed"])
    expect([passing, "--runner", "console=bash {file}", "--only-langs", "console"], 0, ["not run here", "0 failed"])
    expect([passing, "--runner", "console=bash {file}"], 1, ["no runner for language 'python'"])
    expect([failing] + runners, 1, [
        "+wrong", "-right",                     # a run block's stdout differs from its output block
        "exit status 0, expected 3",            # wrong exit status
        "-4", "+5",                             # a console command's output differs
        "skip needs a reason",
        "unknown directive 'runn'",
        "no <!-- example: ... --> directive",
        "output block with no run block before it",
        "1 passed, 7 failed, 0 skipped",
    ])
    expect(["--check", failing], 1, ["fail.md:", "no <!-- example: ... --> directive", "4 failed"])
    output = fixtures / "excerpt-output.txt"
    expect(["--excerpt", passing + ":73", "--of", str(output)], 0, ["1 passed, 0 failed"])
    expect(["--excerpt", passing + ":68", "--of", str(output)], 1, ["curl https://vendor.invalid/api", "0 passed, 1 failed"])
    expect(["--excerpt", passing, "--of", str(output)], 0, ["pass.md:73", "1 passed, 0 failed"])
    for failure in failures:
        print("self-test FAILED:", failure)
    print("doc_examples self-test:", "failed" if failures else "passed", f"({checks[0] - len(failures)}/{checks[0]} checks)")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0], epilog="See the header of this file for the directives.")
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--runner", action="append", default=[], metavar="LANG=CMD", help="shell command that runs a block of LANG; {file} is the block's temporary file")
    parser.add_argument("--only-langs", action="append", metavar="LANG[,LANG]", help="run only these languages here; run blocks of others are 'not run here'")
    parser.add_argument("--check", action="store_true", help="only check that every block has a valid directive")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per block (default 600)")
    parser.add_argument("--self-test", action="store_true", help="run the tool's own tests")
    parser.add_argument("--excerpt", metavar="FILE.md:LINE", help="check that the block opening at LINE is an excerpt of --of's file")
    parser.add_argument("--of", type=Path, metavar="OUTPUT", help="the real output that --excerpt's block is cut from")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    if args.excerpt or args.of:
        if not (args.excerpt and args.of and args.of.is_file()):
            parser.error("--excerpt FILE.md:LINE needs --of OUTPUT, an existing file")
        return excerpt(args.excerpt, args.of)
    if not args.files:
        parser.error("no Markdown files given")
    for path in args.files:
        if not path.is_file():
            parser.error(f"{path}: no such file")
    if args.check:
        return check(args.files)
    runners = {}
    for item in args.runner:
        lang, sep, command = item.partition("=")
        if not sep or not lang or not command.strip():
            parser.error(f"--runner {item!r}: expected LANG=CMD")
        runners[lang.lower()] = command
    only = None
    if args.only_langs:
        only = {lang.strip().lower() for item in args.only_langs for lang in item.split(",") if lang.strip()}
    return run(args.files, runners, only, args.timeout)


if __name__ == "__main__":
    sys.exit(main())
