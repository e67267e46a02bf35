"""Runs a published Python snippet over the conformance protocol (see ../../README.md).

usage:
  python3 harness.py SNIPPET chatwoot KEY_LITERAL MESSAGE_LITERAL
      the two quoted literals are replaced by the vector's secret and
      identifier (as str, the snippet's own type); the result is the value of
      the last line, as the interactive interpreter shows it.
  python3 harness.py SNIPPET pylon FUNCTION
      the snippet defines FUNCTION(message, secret); it is called with str.
"""

from __future__ import annotations

import ast
import sys

RESULT = "__harness_result"


def substitute(source: str, literal: str, variable: str) -> str:
    for quote in ("'", '"'):
        quoted = quote + literal + quote
        if source.count(quoted) == 1:
            return source.replace(quoted, variable)
    sys.exit(f"the literal {literal} does not occur exactly once in the snippet")


def last_value_as_result(source: str) -> ast.Module:
    """Stores the value of the last statement (an expression or an assignment) in RESULT."""
    tree = ast.parse(source)
    last = tree.body[-1]
    if isinstance(last, ast.Expr):
        tree.body[-1] = ast.Assign(targets=[ast.Name(RESULT, ast.Store())], value=last.value)
    elif isinstance(last, ast.Assign) and isinstance(last.targets[0], ast.Name):
        tree.body.append(ast.Assign(targets=[ast.Name(RESULT, ast.Store())], value=ast.Name(last.targets[0].id, ast.Load())))
    return ast.fix_missing_locations(tree)


def main() -> None:
    snippet_path, vendor, *rest = sys.argv[1:]
    with open(snippet_path, encoding="utf-8") as f:
        source = f.read()
    encoding = "hex" if vendor == "pylon" else "text"
    wrong_encoding = "the Pylon snippet takes a hex secret" if vendor == "pylon" else "the Chatwoot snippet takes a text token"
    if vendor == "chatwoot":
        key_literal, message_literal = rest
        source = substitute(substitute(source, key_literal, "__harness_key"), message_literal, "__harness_message")
        code = compile(last_value_as_result(source), snippet_path, "exec")

        def run(secret: str, identifier: str) -> object:
            scope = {"__harness_key": secret, "__harness_message": identifier, "__name__": "__snippet__"}
            exec(code, scope)  # noqa: S102 - running the published snippet is the point
            return scope.get(RESULT)
    else:
        (function_name,) = rest
        scope: dict = {"__name__": "__snippet__"}
        exec(compile(source, snippet_path, "exec"), scope)  # noqa: S102
        function = scope[function_name]

        def run(secret: str, identifier: str) -> object:
            return function(identifier, secret)

    out = sys.stdout
    for raw in sys.stdin.buffer:
        fields = raw.rstrip(b"\r\n").decode("ascii").split("\t")
        op, vid, secret_encoding = fields[:3]
        if op == "verify":
            out.write(f"{vid}\tunsupported\tthe published snippet only signs\n")
            continue
        if secret_encoding != encoding:
            out.write(f"{vid}\tunsupported\t{wrong_encoding}\n")
            continue
        try:
            secret = bytes.fromhex(fields[3]).decode("utf-8")
            identifier = bytes.fromhex(fields[4]).decode("utf-8") if op == "sign" else "user@example.com"
        except UnicodeDecodeError:
            out.write(f"{vid}\tunsupported\tnot valid UTF-8: a Python str cannot carry these bytes\n")
            continue
        try:
            result = run(secret, identifier)
        except Exception as e:  # noqa: BLE001 - every failure of the snippet is an outcome
            message = " ".join(str(e).split())
            out.write(f"{vid}\terror\t{type(e).__name__}: {message}\n")
            continue
        if not isinstance(result, str):
            out.write(f"{vid}\terror\tthe snippet produced no hash\n")
        elif op == "secret":
            out.write(f"{vid}\tok\n")
        else:
            out.write(f"{vid}\thash\t{result}\n")


if __name__ == "__main__":
    main()
