"""Conformance harness for the `identity-hmac` command line (Python stdlib only).

Speaks the runner's line protocol on stdin/stdout and answers every request by
running the release binary built by prepare.sh, the way a user would:

- the secret goes through --secret-env (exact bytes), or --secret-file when it
  holds a NUL byte (an environment variable cannot); never through argv;
- the identifier goes as a command-line argument after `--` (exact bytes), or
  as a stdin line when it holds a NUL byte (an argument cannot);
- the presented hash goes as an argument.

Inputs that neither way can carry are answered `unsupported`. Exit status 2
with a `[CODE]` in the one-line error is the CLI's error report.

Tokens (`token_verify`, `token_sign`) go through `identity-hmac token verify`
and `token sign`: every key through its own --secret-env (or --secret-file),
with its --key-id; the token and the claims' JSON text as arguments (claims
too long for one argument are `unsupported`). `token verify` prints the claims
as JSON (exit 0) or `refused: ... [CODE]` (exit 1).
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET_VARIABLE = "IDENTITY_HMAC_CONFORMANCE_SECRET"
CODE = re.compile(r"\[([A-Z_]+)\]")
# One command-line argument holds at most 128 KiB on Linux (MAX_ARG_STRLEN).
ARGUMENT_LIMIT = 128 * 1024 - 1


def binary() -> str:
    if os.environ.get("IDENTITY_HMAC_BIN"):
        return os.environ["IDENTITY_HMAC_BIN"]
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    if not target.is_absolute():
        target = ROOT / target
    return str(target / "release" / "identity-hmac")


class Unsupported(Exception):
    pass


class Harness:
    def __init__(self, scratch: Path):
        self.binary = binary()
        self.scratch = scratch

    def secret_options(self, request_index: int, secret: bytes, env=None, slot: int = 0):
        """Command-line options and environment that carry `secret` exactly
        (`slot` numbers the secrets of one command)."""
        if env is None:
            env = dict(os.environb)
            for name in [k for k in env if k.startswith(SECRET_VARIABLE.encode())]:
                env.pop(name)
        variable = SECRET_VARIABLE if slot == 0 else f"{SECRET_VARIABLE}_{slot}"
        if b"\0" not in secret:
            env[variable.encode()] = secret
            return ["--secret-env", variable], env
        # --secret-file strips exactly one trailing line end, so one is added;
        # a secret ending in \r would lose it with the \n.
        if secret.endswith(b"\r"):
            raise Unsupported("a secret with a NUL byte and a trailing \\r fits neither an environment variable nor a file")
        path = self.scratch / f"secret-{request_index}-{slot}"
        path.write_bytes(secret + b"\n")
        path.chmod(0o600)  # owner only, as the CLI expects of a secret file (it warns otherwise)
        return ["--secret-file", str(path)], env

    def run(self, args, env, stdin=b""):
        done = subprocess.run([self.binary, *args], input=stdin, capture_output=True, env=env)
        return done.returncode, done.stdout, done.stderr.decode("utf-8", "replace").strip()

    @staticmethod
    def error_code(stderr: str) -> str:
        codes = CODE.findall(stderr)
        if codes:
            return codes[-1]
        # An error without a code is reported as is, so that it fails visibly.
        return stderr.replace("\t", " ").splitlines()[0] if stderr else "NO_MESSAGE"

    def sign(self, index, encoding, secret, identifier):
        options, env = self.secret_options(index, secret)
        base = ["sign", *options, "--secret-encoding", encoding]
        if b"\0" not in identifier:
            code, out, err = self.run([*base, "--", identifier], env)
        elif b"\n" not in identifier and not identifier.endswith(b"\r"):
            code, out, err = self.run(base, env, identifier + b"\n")
        else:
            raise Unsupported("an identifier with a NUL byte and a line end fits neither an argument nor a stdin line")
        if code != 0:
            return ["error", self.error_code(err)]
        return ["hash", out.decode("ascii").strip()]

    def verify(self, index, encoding, secret, identifier, presented):
        if b"\0" in identifier or b"\0" in presented:
            raise Unsupported("verify takes the identifier and the hash as arguments, which cannot hold a NUL byte")
        options, env = self.secret_options(index, secret)
        code, _, err = self.run(["verify", *options, "--secret-encoding", encoding, "--", identifier, presented], env)
        if code in (0, 1):
            return ["bool", "true" if code == 0 else "false"]
        error = self.error_code(err)
        # verify is false for a malformed hash; the CLI says why with exit 2.
        return ["bool", "false"] if error == "MALFORMED_HASH" else ["error", error]

    def secret(self, index, encoding, secret):
        options, env = self.secret_options(index, secret)
        code, _, err = self.run(["sign", *options, "--secret-encoding", encoding, "--", "x"], env)
        return ["ok"] if code == 0 else ["error", self.error_code(err)]

    @staticmethod
    def argument(value: bytes, what: str) -> bytes:
        if b"\0" in value:
            raise Unsupported(f"{what} with a NUL byte cannot be an argument")
        if len(value) > ARGUMENT_LIMIT:
            raise Unsupported(f"{what} of {len(value)} bytes is longer than one argument can be ({ARGUMENT_LIMIT})")
        return value

    def token_verify(self, index, encoding, keys, token, now, leeway, max_lifetime, required):
        options, env, key_ids = [], None, []
        for slot, key in enumerate(k for k in keys.split(",") if k):
            kid, _, secret = key.partition(":")
            more, env = self.secret_options(index, bytes.fromhex(secret), env, slot)
            options += more
            key_ids.append(bytes.fromhex(kid))
        if any(key_ids) and not all(key_ids):
            raise Unsupported("--key-id is given for every secret or for none: keys with and without ids cannot be mixed")
        args = ["token", "verify", *options, "--secret-encoding", encoding, "--now", now, "--leeway", leeway]
        for kid in key_ids if all(key_ids) else []:
            args += ["--key-id", self.argument(kid, "a key id")]
        if max_lifetime != "-":
            args += ["--max-lifetime", max_lifetime]
        for claim in json.loads(bytes.fromhex(required)):
            args += ["--require", claim.encode()]
        code, out, err = self.run([*args, "--", self.argument(bytes.fromhex(token), "a token")], env)
        if code == 0:
            return ["claims", out.rstrip(b"\n").hex()]
        if code == 1:
            return ["error", self.error_code(out.decode("utf-8", "replace"))]
        return ["error", self.error_code(err)]

    def token_sign(self, index, encoding, secret, claims, now, expires_in, kid):
        options, env = self.secret_options(index, bytes.fromhex(secret))
        args = ["token", "sign", *options, "--secret-encoding", encoding, "--now", now]
        args += ["--claims", self.argument(bytes.fromhex(claims), "claims")]
        if expires_in != "-":
            args += ["--expires-in", expires_in]
        if kid != "-":
            args += ["--key-id", self.argument(bytes.fromhex(kid), "a key id")]
        code, out, err = self.run(args, env)
        if code != 0:
            return ["error", self.error_code(err)]
        return ["token", out.decode("ascii").strip()]

    def answer(self, index: int, line: str) -> str:
        fields = line.rstrip("\n").split("\t")
        request_id = fields[1] if len(fields) > 1 else f"line-{index}"
        try:
            if fields[0] == "token_verify" and len(fields) == 9:
                return "\t".join([request_id, *self.token_verify(index, *fields[2:])])
            if fields[0] == "token_sign" and len(fields) == 8:
                return "\t".join([request_id, *self.token_sign(index, *fields[2:])])
            op, encoding, values = fields[0], fields[2], [bytes.fromhex(v) for v in fields[3:]]
            if op == "sign" and len(values) == 2:
                reply = self.sign(index, encoding, *values)
            elif op == "verify" and len(values) == 3:
                reply = self.verify(index, encoding, *values)
            elif op == "secret" and len(values) == 1:
                reply = self.secret(index, encoding, *values)
            else:
                raise Unsupported(f"unknown request {op!r}")
        except Unsupported as reason:
            reply = ["unsupported", str(reason)]
        except (IndexError, ValueError) as problem:
            reply = ["unsupported", f"malformed request: {problem}"]
        return "\t".join([request_id, *reply])


def main() -> int:
    requests = [line for line in sys.stdin.read().split("\n") if line]
    with tempfile.TemporaryDirectory(prefix="identity-hmac-cli-conformance-") as scratch:
        harness = Harness(Path(scratch))
        if not os.access(harness.binary, os.X_OK):
            print(f"identity-hmac binary not found at {harness.binary}: run cli/conformance/prepare.sh", file=sys.stderr)
            return 1
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            for reply in pool.map(harness.answer, range(len(requests)), requests):
                sys.stdout.write(reply + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
