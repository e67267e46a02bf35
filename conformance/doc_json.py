#!/usr/bin/env python3
"""Checks a JSON example of conformance/README.md against the real files.

Usage: python3 conformance/doc_json.py EXAMPLE.json
The example must equal, value for value, one manifest of conformance/impls/*.json
or one case of conformance/bad_inputs.json, so the README cannot drift from them.
Prints which one it is; exit status 1 when it is none. Standard library only.
"""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def real_objects():
    for path in sorted((HERE / "impls").glob("*.json")):
        value = json.loads(path.read_text(encoding="utf-8"))
        for item in value if isinstance(value, list) else [value]:
            yield f"conformance/impls/{path.name} ({item.get('name')})", item
    for case in json.loads((HERE / "bad_inputs.json").read_text(encoding="utf-8"))["cases"]:
        yield f"conformance/bad_inputs.json (case {case['id']})", case


def main() -> int:
    example = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    for where, value in real_objects():
        if value == example:
            print(f"the example is {where}")
            return 0
    print("the example matches no manifest of conformance/impls/ and no case of bad_inputs.json", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
