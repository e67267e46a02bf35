"""identity_hmac.arrow and sign_many's bytes outputs against the row-by-row ways, in one process.

Rows, each a ratio of the row-by-row way's time to ours on the same data:
  - Arrow: identity_hmac.arrow.sign over a pyarrow array of N emails, against
    the hmac.new loop over the same emails as a Python list of bytes;
  - sign_many: list[str], output="hex_bytes" and "raw_bytes", against the same loop;
  - DuckDB: an Arrow UDF against a scalar Python UDF that calls hmac, both in SQL
    over a table of N emails;
  - Spark: mapInArrow against a Python UDF that calls hmac, rows per second in
    one local[2] session over the same N rows.
Times are medians of alternating rounds after a warm-up round. Environment:
ARROW_BENCH_ROWS (default 1000000), ARROW_BENCH_SQL_ROWS (DuckDB and Spark,
default 1000000), ARROW_BENCH_RUNS (default 5), ARROW_BENCH_SPARK=0 to leave
Spark out. With ARROW_BENCH_JSON=<file>, appends each row to it as a JSON line.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import json
import os
import platform
import statistics
import sys
import time
from typing import Any, Callable, Dict, Iterator, List

import identity_hmac

pa: Any = importlib.import_module("pyarrow")
ia: Any = importlib.import_module("identity_hmac.arrow")

TOKEN = "your_web_widget_hmac_token"
KEY = TOKEN.encode()
ROWS = int(os.environ.get("ARROW_BENCH_ROWS", "1000000"))
SQL_ROWS = int(os.environ.get("ARROW_BENCH_SQL_ROWS", "1000000"))
RUNS = int(os.environ.get("ARROW_BENCH_RUNS", "5"))
ROWS_OUT: List[Dict[str, Any]] = []


def alternate(cases: List[Callable[[], object]], runs: int) -> List[List[float]]:
    """Seconds of each case per round; round 0 is a warm-up."""
    rounds: List[List[float]] = [[] for _ in cases]
    for round_index in range(runs + 1):
        for case, samples in zip(cases, rounds):
            start = time.perf_counter()
            case()
            if round_index:
                samples.append(time.perf_counter() - start)
    return rounds


def report(name: str, baseline_name: str, rows: int, baseline: List[float], ours: List[float], target: float) -> None:
    ratio = statistics.median(b / o for b, o in zip(baseline, ours))
    base_ns, our_ns = statistics.median(baseline) / rows * 1e9, statistics.median(ours) / rows * 1e9
    verdict = "met" if ratio >= target else "missed"
    print(f"{name:<44}{our_ns:>9.0f} ns/row  {baseline_name:<34}{base_ns:>9.0f} ns/row  "
          f"{ratio:>6.1f}x  (target {target:g}x: {verdict})")
    ROWS_OUT.append({"row": name, "baseline": baseline_name, "rows": rows, "ns_per_row": our_ns,
                     "baseline_ns_per_row": base_ns, "ratio": ratio, "target": target, "runs": len(ours)})


def stdlib_hex(message: bytes) -> str:
    return hmac.new(KEY, message, hashlib.sha256).hexdigest()


def python_rows() -> None:
    signer = identity_hmac.Signer(TOKEN)
    emails = [f"user{i:07d}@example.com" for i in range(ROWS)]
    messages = [email.encode() for email in emails]
    array = pa.array(emails)
    assert pa.array(ia.sign(signer, array[:1000])).to_pylist() == [stdlib_hex(m) for m in messages[:1000]]
    assert signer.sign_many(emails[:1000], output="hex_bytes") == "".join(stdlib_hex(m) for m in messages[:1000]).encode()

    def loop() -> object:
        return [hmac.new(KEY, m, hashlib.sha256).hexdigest() for m in messages]

    base, arrow, strings, hex_bytes, raw_bytes = alternate([
        loop,
        lambda: ia.sign(signer, array),
        lambda: signer.sign_many(emails),
        lambda: signer.sign_many(emails, output="hex_bytes"),
        lambda: signer.sign_many(emails, output="raw_bytes"),
    ], RUNS)
    loop_name = "hmac.new(...).hexdigest() loop"
    report(f"arrow.sign, pyarrow string, {ROWS:,} rows", loop_name, ROWS, base, arrow, 20)
    report("sign_many(list of str) -> list[str]", loop_name, ROWS, base, strings, 10)
    report('sign_many(..., output="hex_bytes")', loop_name, ROWS, base, hex_bytes, 10)
    report('sign_many(..., output="raw_bytes")', loop_name, ROWS, base, raw_bytes, 10)


def duckdb_rows() -> None:
    duckdb: Any = importlib.import_module("duckdb")
    signer = identity_hmac.Signer(TOKEN)
    varchar = duckdb.sqltypes.VARCHAR
    con = duckdb.connect()
    try:
        con.create_function("identity_hash", lambda emails: pa.array(ia.sign(signer, emails)),
                            [varchar], varchar, type="arrow")
        con.create_function("hmac_hash", lambda email: hmac.new(KEY, email.encode(), hashlib.sha256).hexdigest(),
                            [varchar], varchar)
        con.execute(f"CREATE TABLE users AS SELECT printf('user%07d@example.com', i) AS email FROM range({SQL_ROWS}) t(i)")
        same = "SELECT count(*) FROM users WHERE identity_hash(email) IS DISTINCT FROM hmac_hash(email)"
        assert con.execute(same).fetchone() == (0,)
        base, ours = alternate([
            lambda: con.execute("SELECT max(hmac_hash(email)) FROM users").fetchone(),
            lambda: con.execute("SELECT max(identity_hash(email)) FROM users").fetchone(),
        ], max(3, RUNS // 2))
        report(f"DuckDB Arrow UDF, {SQL_ROWS:,} rows", "scalar Python UDF with hmac", SQL_ROWS, base, ours, 10)
    finally:
        con.close()


def spark_rows() -> None:
    sql: Any = importlib.import_module("pyspark.sql")
    F: Any = sql.functions
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (sql.SparkSession.builder.master("local[2]").appName("identity-hmac-bench")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate())
    try:
        token = TOKEN

        def hash_emails(batches: Iterator[Any]) -> Iterator[Any]:
            arrow = importlib.import_module("pyarrow")
            identity_arrow = importlib.import_module("identity_hmac.arrow")
            signer = identity_hmac.Signer(token)
            for batch in batches:
                yield batch.append_column("email_hash", arrow.array(identity_arrow.sign(signer, batch.column("email"))))

        def pass_through(batches: Iterator[Any]) -> Iterator[Any]:
            for batch in batches:
                yield batch.append_column("email_hash", batch.column("email"))

        def hmac_hash(email: str) -> str:
            return hmac.new(token.encode(), email.encode(), hashlib.sha256).hexdigest()

        users = spark.range(0, SQL_ROWS, numPartitions=4).select(
            F.format_string("user%07d@example.com", F.col("id")).alias("email")).cache()
        users.count()
        arrow_hashed = users.mapInArrow(hash_emails, "email string, email_hash string")
        udf_hashed = users.select("email", F.udf(hmac_hash, "string")(F.col("email")).alias("email_hash"))
        assert arrow_hashed.orderBy("email").limit(5).collect() == udf_hashed.orderBy("email").limit(5).collect()
        floor_hashed = users.mapInArrow(pass_through, "email string, email_hash string")
        # Spark's "noop" sink runs the whole plan and writes nothing, so each
        # side is timed without an aggregation of its own on top.
        def run(frame: Any) -> None:
            frame.write.format("noop").mode("overwrite").save()

        base, ours, floor = alternate([
            lambda: run(udf_hashed),
            lambda: run(arrow_hashed),
            lambda: run(floor_hashed),
        ], max(2, RUNS // 2))
        report(f"Spark mapInArrow, {SQL_ROWS:,} rows, local[2]", "Python UDF with hmac", SQL_ROWS, base, ours, 5)
        # Spark's own share: the same mapInArrow passing the emails through unhashed.
        print(f"  Spark rows/s: mapInArrow {SQL_ROWS / statistics.median(ours):,.0f}, "
              f"Python UDF {SQL_ROWS / statistics.median(base):,.0f}, "
              f"mapInArrow passing batches through unhashed (Spark's floor) {SQL_ROWS / statistics.median(floor):,.0f}")
    finally:
        spark.stop()


def main() -> None:
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    print(f"identity_hmac {identity_hmac.__version__} with arrow, pyarrow {pa.__version__}, "
          f"Python {platform.python_version()}, {os.cpu_count()} CPUs{load}; medians of {RUNS} rounds")
    python_rows()
    duckdb_rows()
    if os.environ.get("ARROW_BENCH_SPARK", "1") != "0":
        spark_rows()
    if os.environ.get("ARROW_BENCH_JSON"):
        with open(os.environ["ARROW_BENCH_JSON"], "a", encoding="utf-8") as out:
            for row in ROWS_OUT:
                out.write(json.dumps({"language": "Python (Arrow)", **row}) + "\n")


if __name__ == "__main__":
    main()
