"""The catalog is the one owner of the connection: row cap with an exact count, frames, cancellation."""

from __future__ import annotations

import threading

import duckdb
import pytest
from sqlglot import exp

from catalog import Catalog, QueryError
from catalog.database import QueryCancelled
from catalog.semantic import SemanticModel

N = 2_345


@pytest.fixture
def numbers() -> Catalog:
    con = duckdb.connect()
    con.execute(f"CREATE TABLE numbers AS SELECT range AS n FROM range({N})")
    return Catalog(con, SemanticModel(), [])


def _all() -> exp.Select:
    return exp.select("n").from_("numbers").order_by("n")


def test_a_capped_result_keeps_the_exact_row_count(numbers: Catalog) -> None:
    result = numbers.run(_all(), limit=10)
    assert result.rows == tuple((i,) for i in range(10))
    assert result.row_count == N
    assert "LIMIT" not in result.sql  # the query as asked, not the capped one


def test_a_query_within_its_own_limit_runs_once_and_counts_its_rows(numbers: Catalog) -> None:
    result = numbers.run(_all().limit(5), limit=10)
    assert result.row_count == 5 and len(result.rows) == 5


def test_no_limit_returns_every_row(numbers: Catalog) -> None:
    assert len(numbers.run(_all()).rows) == N


def test_frame_returns_every_row_as_a_dataframe(numbers: Catalog) -> None:
    frame = numbers.frame(_all())
    assert list(frame.columns) == ["n"] and frame["n"].sum() == sum(range(N))


@pytest.mark.parametrize("sql", ["DROP TABLE numbers", "SELECT 1; SELECT 2", "COPY numbers TO 'x.csv'"])
def test_only_one_select_runs(numbers: Catalog, sql: str) -> None:
    with pytest.raises(QueryError):
        numbers.run(sql)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT content FROM read_text('/etc/hostname')",
        "SELECT * INTO TEMP numbers FROM numbers",
        exp.select(exp.func("read_blob", exp.Literal.string("/etc/hostname"))),
    ],
)
def test_frames_are_checked_as_queries_are(numbers: Catalog, query: str | exp.Select) -> None:
    for method in (numbers.run, numbers.frame):
        with pytest.raises(QueryError):
            method(query)


def test_a_database_error_crosses_the_boundary_as_one_query_error(numbers: Catalog) -> None:
    with pytest.raises(QueryError, match="^DuckDB could not run the query"):
        numbers.run(exp.select("missing").from_("numbers"))
    with pytest.raises(QueryError):
        numbers.frame(exp.select("missing").from_("numbers"))


def test_interrupt_cancels_a_running_query(numbers: Catalog) -> None:
    slow = exp.select(exp.func("count", exp.Star())).from_(
        exp.Anonymous(this="range", expressions=[exp.Literal.number(10**12)])
    )
    errors: list[BaseException] = []

    def work() -> None:
        try:
            numbers.run(slow)
        except QueryError as e:
            errors.append(e)

    worker = threading.Thread(target=work)
    worker.start()
    while worker.is_alive():  # interrupt once the query runs (again, should it start after one)
        if numbers.running:
            numbers.interrupt()
        worker.join(0.05)
    assert len(errors) == 1 and isinstance(errors[0], QueryCancelled)
    assert numbers.run(_all(), limit=1).row_count == N  # the connection still works


def test_the_lock_lets_one_thread_hold_several_queries(numbers: Catalog) -> None:
    with numbers.lock:
        first = numbers.run(_all(), limit=1)
        second = numbers.run(_all(), limit=1)
    assert first == second


def test_the_row_cap_appended_to_the_text_is_the_cap_on_the_tree(catalog: Catalog) -> None:
    """`run` appends the cap to the SQL it printed once; for every tree the engine builds for the
    samples question set, that text is exactly the tree with the LIMIT set by sqlglot."""
    import json
    from pathlib import Path

    from assistant.engine import Assistant
    from catalog.database import DIALECT, _capped_sql

    lines = (Path(__file__).parent / "questions" / "samples.jsonl").read_text(encoding="utf-8").splitlines()
    bot = Assistant(catalog)
    trees = 0
    for line in lines:
        if not line.startswith("{"):
            continue
        for turn in json.loads(line)["turns"]:
            plan = bot.plan(turn["q"])
            if plan.tree is None:
                continue
            trees += 1
            sql = plan.tree.sql(dialect=DIALECT)
            assert _capped_sql(plan.tree, sql, 101) == plan.tree.copy().limit(101).sql(dialect=DIALECT)
    assert trees > 100
