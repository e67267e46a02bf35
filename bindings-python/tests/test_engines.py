"""identity_hmac.arrow inside real engines: Polars expressions, a DuckDB Arrow UDF called from SQL, and
Spark's mapInArrow in a local SparkSession over a million rows.

Every hash is compared with Python's hmac. test.sh installs the engines
(requirements-engines.txt) and sets IDENTITY_HMAC_ARROW_TESTS=required, so
nothing is skipped there; elsewhere a missing engine skips its tests.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import os
import sys
import time
from typing import Any, Iterator, List, Optional

import pytest

import identity_hmac


def require(module: str) -> Any:
    if os.environ.get("IDENTITY_HMAC_ARROW_TESTS") == "required":
        return importlib.import_module(module)
    return pytest.importorskip(module)


pa: Any = require("pyarrow")
ia: Any = require("identity_hmac.arrow")

TOKEN = "engine-token"
EMAILS: List[Optional[str]] = ["zoe@example.com", None, "bé@exämple.com", "", "x" * 70_000]


def stdlib(identifier: Optional[str]) -> Optional[str]:
    if identifier is None:
        return None
    return hmac.new(TOKEN.encode(), identifier.encode(), hashlib.sha256).hexdigest()


def test_polars_map_batches_eager_and_lazy() -> None:
    pl = require("polars")
    signer = identity_hmac.Signer(TOKEN)
    email_hash = pl.col("email").map_batches(lambda emails: pl.Series(ia.sign(signer, emails)), return_dtype=pl.String)
    frame = pl.DataFrame({"email": EMAILS, "id": range(len(EMAILS))})
    eager = frame.with_columns(email_hash.alias("email_hash"))
    assert eager["email_hash"].dtype == pl.String
    assert eager["email_hash"].to_list() == [stdlib(email) for email in EMAILS]
    # Lazily, over many chunks (a Polars String Series is string_view).
    many = pl.concat([frame] * 300, rechunk=False)
    lazy = many.lazy().select(email_hash.alias("email_hash")).collect()
    assert lazy["email_hash"].to_list() == [stdlib(email) for email in EMAILS] * 300
    # A Series straight in.
    assert pl.Series(ia.sign(TOKEN, frame["email"])).to_list() == [stdlib(email) for email in EMAILS]
    with pytest.raises(TypeError, match="not Int64"):
        ia.sign(signer, frame["id"])


def test_duckdb_arrow_udf_from_sql() -> None:
    duckdb = require("duckdb")
    signer = identity_hmac.Signer(TOKEN)
    calls: List[int] = []

    def identity_hash(emails: Any) -> Any:
        calls.append(len(emails))
        return pa.array(ia.sign(signer, emails))

    con = duckdb.connect()
    try:
        varchar = duckdb.sqltypes.VARCHAR
        con.create_function("identity_hash", identity_hash, [varchar], varchar, type="arrow")
        con.execute("CREATE TABLE users (email VARCHAR)")
        con.executemany("INSERT INTO users VALUES (?)", [[email] for email in EMAILS])
        con.execute("INSERT INTO users SELECT 'user' || i || '@example.com' FROM range(100000) t(i)")
        rows = con.sql("SELECT email, identity_hash(email) AS email_hash FROM users").fetchall()
        assert len(rows) == len(EMAILS) + 100_000
        assert all(email_hash == stdlib(email) for email, email_hash in rows)
        # Vectors of rows, not one call per row; DuckDB itself maps NULL to NULL by default.
        assert sum(calls) == len(rows) - EMAILS.count(None) and len(calls) > 1
        # With null_handling="special" the nulls reach the UDF, which keeps them null.
        con.create_function(
            "identity_hash_nulls", identity_hash, [varchar], varchar, type="arrow", null_handling="special"
        )
        query = "SELECT email, identity_hash_nulls(email) FROM users WHERE email IS NULL OR email NOT LIKE 'user%'"
        rows = con.sql(query).fetchall()
        assert sorted(rows, key=str) == sorted([(email, stdlib(email)) for email in EMAILS], key=str)
        # A DuckDB result straight in (a one-column relation).
        relation = con.sql("SELECT email FROM users WHERE email IS NULL OR email LIKE 'z%'")
        assert pa.array(ia.sign(signer, relation)).to_pylist() == [stdlib("zoe@example.com"), None]
    finally:
        con.close()


SPARK_ROWS = 1_000_000
SPARK_PARTITIONS = 4


def test_spark_map_in_arrow_over_a_million_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    sql: Any = require("pyspark.sql")
    F: Any = sql.functions
    # The Python workers run this interpreter, which has identity_hmac and pyarrow.
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    monkeypatch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    started = time.perf_counter()
    spark = (
        sql.SparkSession.builder.master("local[2]")
        .appName("identity-hmac-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    try:
        phases = [("session", time.perf_counter() - started)]
        token = TOKEN

        # Nested, so cloudpickle ships it by value to the Python workers; a
        # Signer is built once per partition from the secret.
        def hash_emails(batches: Iterator[Any]) -> Iterator[Any]:
            pyarrow = importlib.import_module("pyarrow")
            arrow = importlib.import_module("identity_hmac.arrow")

            signer = identity_hmac.Signer(token)
            for batch in batches:
                hashes = pyarrow.array(arrow.sign(signer, batch.column("email")))
                yield batch.append_column("email_hash", hashes)

        users = spark.range(0, SPARK_ROWS, numPartitions=SPARK_PARTITIONS).select(
            "id",
            F.when(F.col("id") % 100_003 == 7, F.lit(None))
            .otherwise(F.format_string("user%07d@example.com", F.col("id")))
            .alias("email"),
        )
        hashed = users.mapInArrow(hash_emails, "id long, email string, email_hash string")

        # One pass for the totals, one for every row of the first partition
        # and a sample of the others.
        totals = hashed.agg(F.count("*"), F.count("email_hash"), F.sum((F.length("email_hash") == 64).cast("long")))
        nulls = len(range(7, SPARK_ROWS, 100_003))
        assert tuple(totals.first() or ()) == (SPARK_ROWS, SPARK_ROWS - nulls, SPARK_ROWS - nulls)
        phases.append(("totals", time.perf_counter() - started))
        checked = hashed.select(
            "id", "email", "email_hash", (F.spark_partition_id() == 0).alias("first_partition")
        ).where(F.col("first_partition") | (F.col("id") % 997 == 0)).collect()
        phases.append(("collect", time.perf_counter() - started))
        first = [row for row in checked if row["first_partition"]]
        assert len(first) == SPARK_ROWS // SPARK_PARTITIONS
        assert len(checked) - len(first) == len(range(0, SPARK_ROWS, 997)) - len(range(0, len(first), 997))
        for row in checked:
            assert row["email_hash"] == stdlib(row["email"]), row["id"]
        assert any(row["email"] is None for row in first)
    finally:
        spark.stop()
    phases.append(("checked", time.perf_counter() - started))
    print("Spark mapInArrow test: " + ", ".join(f"{name} at {at:.1f} s" for name, at in phases), file=sys.stderr)
