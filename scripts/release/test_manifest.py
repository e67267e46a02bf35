"""Tests of manifest.py on small dist directories: python3 -m unittest scripts/release/test_manifest.py"""

import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

MANIFEST = Path(__file__).with_name("manifest.py")
GNU = "x86_64-unknown-linux-gnu"


class ManifestTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dist = Path(tempfile.mkdtemp())
        (self.dist / ".records").mkdir()

    def artifact(self, path: str, body: bytes = b"artifact\n") -> None:
        (self.dist / path).parent.mkdir(parents=True, exist_ok=True)
        (self.dist / path).write_bytes(body)

    def record(self, path: str, check: str = "ran natively", target: str = GNU, component: str = "c") -> None:
        with (self.dist / ".records" / f"{component}.tsv").open("a", encoding="utf-8") as tsv:
            tsv.write(f"{path}\t{target}\t{check}\tC tests | against the .so\t{component}\n")

    def run_manifest(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, MANIFEST, self.dist], capture_output=True, text=True)

    def test_writes_rows_and_checksums(self) -> None:
        self.artifact("c/lib.tar.gz", b"abc")
        self.record("c/lib.tar.gz")
        self.artifact("python/x.whl")
        self.record("python/x.whl", "inspected only", "aarch64-apple-darwin", "python")
        self.artifact("go/identityhmac.go")  # module sources need no record
        result = self.run_manifest()
        self.assertEqual(result.returncode, 0, result.stderr)
        sums = (self.dist / "SHA256SUMS").read_text().splitlines()
        self.assertIn("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  c/lib.tar.gz", sums)
        self.assertEqual(len(sums), 3)
        manifest = (self.dist / "MANIFEST.md").read_text()
        self.assertIn("| `c/lib.tar.gz` | Linux x86-64, glibc 2.17+ | 3 B |", manifest)
        self.assertIn("| inspected only | C tests \\| against the .so |", manifest)
        self.assertIn("2 artifacts: 1 ran natively, 1 inspected only.", manifest)

    def test_unrecorded_artifact_fails(self) -> None:
        self.artifact("c/lib.tar.gz")
        self.artifact("node/stray.tgz")
        self.record("c/lib.tar.gz")
        result = self.run_manifest()
        self.assertEqual(result.returncode, 1)
        self.assertIn("node/stray.tgz: in", result.stderr)

    def test_missing_or_doubly_recorded_artifact_fails(self) -> None:
        self.artifact("c/lib.tar.gz")
        self.record("c/lib.tar.gz")
        self.record("c/lib.tar.gz", component="go")
        self.record("c/gone.tar.gz")
        result = self.run_manifest()
        self.assertEqual(result.returncode, 1)
        self.assertIn("c/lib.tar.gz: recorded twice (c, go)", result.stderr)
        self.assertIn("c/gone.tar.gz: recorded by c but not in", result.stderr)

    def test_unknown_check_fails(self) -> None:
        self.artifact("c/lib.tar.gz")
        self.record("c/lib.tar.gz", check="tested")
        result = self.run_manifest()
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("unknown check 'tested'", result.stderr)


if __name__ == "__main__":
    unittest.main()
