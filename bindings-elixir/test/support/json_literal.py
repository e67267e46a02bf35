"""Prints a JSON file as one Elixir term literal (maps with string keys,
lists, binaries, integers, floats, true/false/nil), for the ExUnit suite:
Elixir 1.14 has no JSON parser and Hex packages cannot be fetched. Python's
json module reads the file in place.

    python3 json_literal.py FILE
"""

import json
import sys


def literal(value):
    if value is None:
        return "nil"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return '"' + "".join(char(c) for c in value) + '"'
    if isinstance(value, list):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, dict):
        return "%{" + ", ".join(f"{literal(k)} => {literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value).__name__)


def char(c):
    if c in '"\\#':
        return "\\" + c
    if " " <= c <= "~":
        return c
    return "\\u{%X}" % ord(c)


sys.stdout.write(literal(json.load(open(sys.argv[1], encoding="utf-8"))))
