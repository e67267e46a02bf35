"""Builds and runs a published Go snippet over the conformance protocol (see ../../README.md).

usage:
  python3 go_harness.py SNIPPET chatwoot KEY_LITERAL MESSAGE_LITERAL
      a `package main` snippet: its two quoted literals become package
      variables set per vector, `func main()` is renamed so a driver can call
      it, and what it prints is its result.
  python3 go_harness.py SNIPPET pylon FUNCTION
      a library snippet: copied as is into its own package; the driver calls
      FUNCTION(message, secret string) (*string, error).

The snippet is compiled once, in target/conformance-snippets/; when it does not
compile, every vector is answered with the compiler's first error.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

CHATWOOT_DRIVER = r'''package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"
)

var harnessKey, harnessMessage string

// runSnippet calls the snippet's main with its output captured.
func runSnippet() (printed string, failure string) {
	realStdout := os.Stdout
	r, w, err := os.Pipe()
	if err != nil {
		return "", err.Error()
	}
	os.Stdout = w
	func() {
		defer func() {
			if p := recover(); p != nil {
				failure = fmt.Sprint("panic: ", p)
			}
		}()
		snippetMain()
	}()
	os.Stdout = realStdout
	w.Close()
	out, _ := io.ReadAll(r)
	r.Close()
	return string(out), failure
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		f := strings.Split(strings.TrimRight(in.Text(), "\r"), "\t")
		op, id := f[0], f[1]
		if op == "verify" {
			fmt.Fprintf(out, "%s\tunsupported\tthe published snippet only signs\n", id)
			continue
		}
		if f[2] != "text" {
			fmt.Fprintf(out, "%s\tunsupported\tthe Chatwoot snippet takes a text token\n", id)
			continue
		}
		secret, _ := hex.DecodeString(f[3])
		harnessKey = string(secret)
		harnessMessage = "user@example.com"
		if op == "sign" {
			identifier, _ := hex.DecodeString(f[4])
			harnessMessage = string(identifier)
		}
		printed, failure := runSnippet()
		printed = strings.TrimSpace(printed)
		switch {
		case failure != "":
			fmt.Fprintf(out, "%s\terror\t%s\n", id, strings.Join(strings.Fields(failure), " "))
		case printed == "":
			fmt.Fprintf(out, "%s\terror\tthe snippet printed nothing (it discards the hash)\n", id)
		case op == "secret":
			fmt.Fprintf(out, "%s\tok\n", id)
		default:
			fmt.Fprintf(out, "%s\thash\t%s\n", id, printed)
		}
	}
}
'''

PYLON_DRIVER = r'''package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"os"
	"strings"

	"snippetharness/snippet"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		f := strings.Split(strings.TrimRight(in.Text(), "\r"), "\t")
		op, id := f[0], f[1]
		if op == "verify" {
			fmt.Fprintf(out, "%s\tunsupported\tthe published snippet only signs\n", id)
			continue
		}
		if f[2] != "hex" {
			fmt.Fprintf(out, "%s\tunsupported\tthe Pylon snippet takes a hex secret\n", id)
			continue
		}
		secret, _ := hex.DecodeString(f[3])
		message := "user@example.com"
		if op == "sign" {
			identifier, _ := hex.DecodeString(f[4])
			message = string(identifier)
		}
		signed, err := snippet.FUNCTION(message, string(secret))
		switch {
		case err != nil:
			fmt.Fprintf(out, "%s\terror\t%s\n", id, strings.Join(strings.Fields(err.Error()), " "))
		case signed == nil:
			fmt.Fprintf(out, "%s\terror\tthe snippet returned no hash\n", id)
		case op == "secret":
			fmt.Fprintf(out, "%s\tok\n", id)
		default:
			fmt.Fprintf(out, "%s\thash\t%s\n", id, *signed)
		}
	}
}
'''


def substitute(source: str, literal: str, variable: str) -> str:
    quoted = '"' + literal + '"'
    if source.count(quoted) != 1:
        sys.exit(f"the literal {literal} does not occur exactly once in the snippet")
    return source.replace(quoted, variable)


def build(snippet: Path, vendor: str, args: list[str]) -> tuple[Path | None, str]:
    """Returns the built driver, or None and the compiler's first error."""
    work = REPO / "target" / "conformance-snippets" / re.sub(r"[^A-Za-z0-9]+", "-", str(snippet.relative_to(REPO)))
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / "go.mod").write_text("module snippetharness\n\ngo 1.18\n")
    source = snippet.read_text(encoding="utf-8")
    if vendor == "chatwoot":
        key_literal, message_literal = args
        source = substitute(substitute(source, key_literal, "harnessKey"), message_literal, "harnessMessage")
        # Same line, so the compiler's line numbers are the published ones.
        source = re.sub(r"^func main\(\)", "func snippetMain()", source, count=1, flags=re.M)
        (work / snippet.name).write_text(source)
        (work / "harness_driver.go").write_text(CHATWOOT_DRIVER)
    else:
        (function,) = args
        (work / "snippet").mkdir()
        # The snippet's own package name stays; only the import path is ours.
        package = re.search(r"^package (\w+)", source, flags=re.M)
        driver = PYLON_DRIVER.replace("snippet.FUNCTION", f"{package.group(1) if package else 'snippet'}.{function}")
        driver = driver.replace('"snippetharness/snippet"', f'{package.group(1) if package else "snippet"} "snippetharness/snippet"')
        (work / "snippet" / snippet.name).write_text(source)
        (work / "harness_driver.go").write_text(driver)
    env = dict(os.environ, GOTOOLCHAIN="local", GOFLAGS="-mod=mod", GO111MODULE="on")
    result = subprocess.run(
        ["go", "build", "-o", "driver", "."], cwd=work, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = [l.strip() for l in result.stderr.splitlines() if l.strip() and not l.startswith("#")]
        first = lines[0] if lines else f"go build failed ({result.returncode})"
        first = re.sub(r"^(\./)?(snippet/)?", "", first)
        return None, f"does not compile: {first}"
    return work / "driver", ""


def main() -> int:
    snippet = Path(sys.argv[1]).resolve()
    vendor, args = sys.argv[2], sys.argv[3:]
    driver, error = build(snippet, vendor, args)
    if driver is None:
        # Answer every request with the compile error, as the snippet never runs.
        for line in sys.stdin:
            vid = line.split("\t")[1]
            print(f"{vid}\terror\t{error}")
        return 0
    sys.stdout.flush()
    return subprocess.run([str(driver)], check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
