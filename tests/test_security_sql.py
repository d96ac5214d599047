"""/sql is read-only twice: the sqlglot check refuses anything but one SELECT over the loaded tables,
and DuckDB itself, once the data is loaded, cannot reach a file, the network or an extension."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.app import sql_answer
from catalog import Catalog, QueryError

SECRET = "top-secret-4711"


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    """A loaded CSV, and a secret file next to it that no query may read."""
    data = tmp_path / "data" / "customers.csv"
    data.parent.mkdir()
    with data.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["customer_id", "plan", "fee"])
        w.writerows([[i, ["Basic", "Pro"][i % 2], 10 + i] for i in range(1, 31)])
    secret = tmp_path / "secret.txt"
    secret.write_text(f"name,value\n{SECRET},1\n")
    return {"data": data, "secret": secret, "out": tmp_path / "out.csv", "db": tmp_path / "x.duckdb"}


@pytest.fixture()
def catalog(files: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Catalog:
    monkeypatch.setenv("CRA_CACHE_DIR", str(tmp_path / "cache"))
    return Catalog.load([str(files["data"])])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def hostile(files: dict[str, Path]) -> list[str]:
    secret, out, db = files["secret"], files["out"], files["db"]
    return [
        f"SELECT * FROM read_blob('{secret}')",
        f"SELECT * FROM read_csv('{secret}')",
        f"SELECT * FROM read_text('{secret}')",
        f"SELECT * FROM read_csv_auto('{secret}')",
        f"SELECT * FROM '{secret}'",
        f'SELECT * FROM "{secret}"',
        f"SELECT content FROM customers, read_text('{secret}')",
        f"SELECT * FROM customers WHERE plan IN (SELECT content FROM read_text('{secret}'))",
        f"SELECT * FROM glob('{secret.parent}/*')",
        "SELECT * FROM read_csv('https://example.com/a.csv')",
        "SELECT * INTO TEMP customers FROM customers WHERE fee > 20",
        "SELECT * INTO customers2 FROM customers",
        f"COPY customers TO '{out}'",
        f"COPY (SELECT * FROM customers) TO '{out}'",
        f"ATTACH '{db}' AS x",
        "PRAGMA version",
        "PRAGMA table_info('customers')",
        "SET enable_external_access = true",
        "INSTALL httpfs",
        "LOAD httpfs",
        "CREATE TABLE t AS SELECT 1",
        "DROP TABLE customers",
        "DELETE FROM customers",
        "SELECT 1; DROP TABLE customers",
        "SELECT * FROM information_schema.tables",
        "SELECT * FROM duckdb_settings()",
        "SELECT * FROM duckdb_tables",
        "SELECT current_setting('memory_limit')",
        "SELECT * FROM query('SELECT 42')",
        "SELECT * FROM range(10)",
        "SELECT * FROM main.customers",
        "SELECT nope FROM customers",
        "SUMMARIZE customers",
        "DESCRIBE customers",
        "EXPORT DATABASE '/tmp/cra-export-test'",
        "CHECKPOINT",
    ]


def test_typed_sql_is_refused_before_duckdb(files: dict[str, Path], catalog: Catalog) -> None:
    before = digest(files["data"])
    count = catalog.con.execute("SELECT count(*) FROM customers").fetchone()[0]
    for sql in hostile(files):
        with pytest.raises(QueryError):
            catalog.run(sql)
        answer = sql_answer(catalog, sql, f"/sql {sql}")
        assert answer.status == "error", sql
        assert SECRET not in answer.text and not answer.rows, sql
    assert catalog.con.execute("SELECT count(*) FROM customers").fetchone()[0] == count == 30
    tables = {
        r[0] for r in catalog.con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert tables == {"customers"}  # no INTO made a shadowing or extra table
    assert not files["out"].exists() and not files["db"].exists()
    assert digest(files["data"]) == before


def test_duckdb_itself_refuses_files_after_loading(files: dict[str, Path], catalog: Catalog) -> None:
    """The second lock: even SQL that never went through the check cannot reach a file or the network."""
    secret, out, db = files["secret"], files["out"], files["db"]
    statements = [
        f"SELECT * FROM read_blob('{secret}')",
        f"SELECT * FROM read_csv('{secret}')",
        f"SELECT * FROM read_text('{secret}')",
        f"SELECT * FROM '{secret}'",
        f"SELECT * FROM glob('{secret.parent}/*')",
        "SELECT * FROM read_csv('https://example.com/a.csv')",
        f"COPY customers TO '{out}'",
        f"ATTACH '{db}' AS x",
        "INSTALL httpfs",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "SET autoinstall_known_extensions = true",
    ]
    for sql in statements:
        with pytest.raises(duckdb.Error):
            catalog.con.execute(sql).fetchall()
    assert not out.exists() and not db.exists()
    settings = dict(
        catalog.con.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', "
            "'lock_configuration', 'autoinstall_known_extensions', 'autoload_known_extensions')"
        ).fetchall()
    )
    assert settings == {
        "enable_external_access": "false",
        "lock_configuration": "true",
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
    }


def test_a_cached_catalog_is_locked_too(files: dict[str, Path], catalog: Catalog) -> None:
    again = Catalog.load([str(files["data"])])  # the second load comes from the cache
    with pytest.raises(duckdb.Error):
        again.con.execute(f"SELECT * FROM read_text('{files['secret']}')").fetchall()


def test_read_only_selects_still_run(catalog: Catalog) -> None:
    """The check refuses by what a query does, not by how it is written."""
    rows = {
        "SELECT plan, count(*) AS n FROM customers GROUP BY plan ORDER BY plan": [("Basic", 15), ("Pro", 15)],
        "WITH p(name, total) AS (SELECT plan, sum(fee) FROM customers GROUP BY plan) "
        "SELECT name FROM p WHERE total > 0 ORDER BY name": [("Basic",), ("Pro",)],
        "SELECT c.plan FROM customers AS c JOIN customers d ON c.customer_id = d.customer_id "
        "WHERE c.fee = 11": [("Pro",)],
        "SELECT 1 AS x UNION ALL SELECT 2 ORDER BY x": [(1,), (2,)],
        "SELECT list_transform([fee], v -> v + 1) AS l FROM customers WHERE customer_id = 1": [([12],)],
        "FROM customers SELECT max(fee)": [(40,)],
    }
    for sql, expected in rows.items():
        assert list(catalog.run(sql).rows) == expected, sql


def test_the_fetch_is_capped_and_the_count_stated(catalog: Catalog) -> None:
    result = catalog.run("SELECT * FROM customers a, customers b", limit=5)
    assert len(result.rows) == 5 and result.row_count == 30 * 30
    assert catalog.run("SELECT * FROM customers", limit=-1).rows == ()


SQL_PIECES = (
    "SELECT", "*", "FROM", "customers", "plan", "fee", ",", "(", ")", ";", "WHERE", "fee > 20", "INTO",
    "TEMP", "read_text", "read_csv", "read_blob", "glob", "'{secret}'", "'{secret_dir}/*'", "COPY", "TO",
    "'{out}'", "ATTACH", "AS x", "PRAGMA", "version", "SET", "enable_external_access = true", "INSTALL",
    "httpfs", "UNION ALL", "WITH c AS (SELECT * FROM customers)", "c", "information_schema.tables",
    "duckdb_settings()", "query('SELECT 1')", "range(5)", "DROP TABLE customers", "--", "/*", "*/", "\"",
    "LIMIT 3", "count(*)", "GROUP BY plan", "ORDER BY 1", "main.customers", "CREATE TABLE t AS",
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(SQL_PIECES), min_size=1, max_size=8))
def test_fuzzed_sql_reads_only_loaded_tables(
    files: dict[str, Path], catalog: Catalog, pieces: list[str]
) -> None:
    """Whatever is typed after /sql: a refusal, or rows of the loaded table; never a file, never a change."""
    values = {"secret": files["secret"], "secret_dir": files["secret"].parent, "out": files["out"]}
    sql = " ".join(p.format(**values) for p in pieces)
    try:
        result = catalog.run(sql)
    except QueryError:
        result = None
    if result is not None:
        assert SECRET not in repr(result.rows)
    tables = catalog.con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    assert tables == [("customers",)]
    assert catalog.con.execute("SELECT count(*) FROM customers").fetchone() == (30,)
    assert not files["out"].exists()
