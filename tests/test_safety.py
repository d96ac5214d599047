"""Safety: any text gives a valid Answer, only single read-only SELECTs reach DuckDB, injections are inert,
destructive requests are unsupported.

Every statement the engine runs is recorded by wrapping the catalog's DuckDB connection.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlglot import exp, parse

pytest.importorskip("assistant.engine", reason="the question engine is not written yet")

from assistant.engine import Assistant  # noqa: E402
from catalog import Catalog  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2025, 12, 31)
STATUSES = {"answer", "clarify", "unsupported", "error"}
FORBIDDEN = tuple(
    getattr(exp, name)
    for name in (
        "Insert", "Delete", "Update", "Drop", "Create", "Command", "Alter", "Copy", "Attach", "Detach",
        "Pragma", "Set", "Use", "Merge", "TruncateTable", "Install", "Transaction", "Commit", "Rollback",
        "Export", "Refresh", "Cache", "Uncache",
    )
    if hasattr(exp, name)
)  # fmt: skip
"""sqlglot node types that must never appear in a statement the engine runs."""

FRAGMENTS = (
    "'", '"', ";", "--", "/*", "*/", "\\", "%", "_", "\x00", "\n", "\t", "🙂", "ß", "İ", "NULL", "()",
    "DROP TABLE customers", "DELETE FROM orders", "' OR 1=1 --", "\" OR \"\"=\"", "Robert'); DROP TABLE customers;--",
    "UNION SELECT * FROM tickets", "COPY customers TO '/tmp/x.csv'", "ATTACH 'x.db' AS x", "INSTALL httpfs",
    "PRAGMA version", "read_csv('/etc/passwd')", "SELECT 1; SELECT 2", "$(rm -rf /)", "{plan}", "%s",
    "how many customers", "churn rate by plan", "top 5", "bottom 3", "in 2024", "last month", "since 2025",
    "where plan is", "Enterprise", "Basic", "not churned", "$1,000", "between 1 and 2", "more than 100",
    "and by region?", "only Basic", "show the top 10 instead", "total amount by region", "average", "per month",
    "list", "orders", "tickets", "feedback", "vs", "excluding", "who left",
)  # fmt: skip
"""SQL-ish and question-ish pieces the generated texts are made of."""
TABLES = ("customers", "orders", "tickets", "feedback")


class RecordingConnection:
    """A DuckDB connection that records every SQL text it is given; everything else is delegated."""

    def __init__(self, con: Any, log: list[str]) -> None:
        self._con = con
        self._log = log

    def _record(self, query: Any) -> None:
        self._log.append(query if isinstance(query, str) else str(query))

    def execute(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        self._record(query)
        return self._con.execute(query, *args, **kwargs)

    def executemany(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        self._record(query)
        return self._con.executemany(query, *args, **kwargs)

    def sql(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        self._record(query)
        return self._con.sql(query, *args, **kwargs)

    query = sql

    def cursor(self) -> RecordingConnection:
        return RecordingConnection(self._con.cursor(), self._log)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


class RecordingCatalog(Catalog):
    """A Catalog whose connection records every statement run on it after loading."""

    statements: list[str]
    raw: Any

    @classmethod
    def load_recording(cls, specs: list[str]) -> RecordingCatalog:
        catalog = cls.load(specs)
        assert isinstance(catalog, RecordingCatalog)
        catalog.statements = []
        catalog.raw = catalog.con
        catalog.con = RecordingConnection(catalog.con, catalog.statements)  # type: ignore[assignment]  # records every statement
        catalog.backend.con = catalog.con  # type: ignore[attr-defined]  # the DuckDB backend runs the engine's SQL
        return catalog


def unsafe(sql: str, tables: set[str]) -> str:
    """Why `sql` is not exactly one read-only SELECT over loaded tables; empty when it is."""
    try:
        trees = [t for t in parse(sql, read="duckdb") if t is not None]
    except Exception as e:  # sqlglot raises several error types
        return f"does not parse: {e}"
    if len(trees) != 1:
        return f"{len(trees)} statements"
    tree = trees[0]
    if not isinstance(tree, exp.Query):
        return f"not a SELECT but {type(tree).__name__}"
    if bad := next(tree.find_all(*FORBIDDEN), None):
        return f"contains {type(bad).__name__}"
    ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    for table in tree.find_all(exp.Table):
        if not isinstance(table.this, exp.Identifier):
            return f"reads from a table function {table.this.sql('duckdb')[:60]}"
        if table.name.lower() not in tables | ctes:
            return f"reads an unknown table {table.name}"
    return ""


@pytest.fixture(scope="module")
def catalog() -> RecordingCatalog:
    specs = [f"{name}={ROOT / 'samples' / f'{name}.csv'}" for name in TABLES]
    return RecordingCatalog.load_recording(specs)


@pytest.fixture(scope="module")
def row_counts(catalog: RecordingCatalog) -> dict[str, int]:
    return {t: catalog.raw.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}


def ask_all(catalog: RecordingCatalog, questions: list[str]) -> list[Any]:
    """Ask the questions as one conversation; check every answer and every statement run."""
    catalog.statements.clear()
    assistant = Assistant(catalog, as_of=AS_OF)
    answers = [assistant.ask(q) for q in questions]
    tables = {t.lower() for t in catalog.model.tables}
    for q, answer in zip(questions, answers, strict=True):
        assert answer.status in STATUSES, (q[:80], answer.status)
        assert isinstance(answer.text, str)
        answer.to_json()  # the CLI's view of it must build
        if answer.sql:
            assert not (why := unsafe(answer.sql, tables)), (q[:80], why, answer.sql[:200])
    for sql in catalog.statements:
        assert not (why := unsafe(sql, tables)), (questions[0][:80], why, sql[:200])
    return answers


def tables_intact(catalog: RecordingCatalog, row_counts: dict[str, int]) -> None:
    now = {t: catalog.raw.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}
    assert now == row_counts


def _long(piece: str, size: int) -> str:
    return (piece * (size // len(piece) + 1))[:size]


QUESTIONS = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=14).map(" ".join),
    st.builds(
        _long,
        st.one_of(st.sampled_from(FRAGMENTS), st.text(min_size=1, max_size=40)),
        st.integers(2000, 10240),
    ),
)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(conversation=st.lists(QUESTIONS, min_size=1, max_size=2))
def test_any_text_gives_a_valid_answer_and_only_selects_run(
    catalog: RecordingCatalog, row_counts: dict[str, int], conversation: list[str]
) -> None:
    ask_all(catalog, conversation)
    tables_intact(catalog, row_counts)


def test_recorder_sees_the_engines_statements(catalog: RecordingCatalog) -> None:
    """The wrapper really sits between the engine and DuckDB: an answered question leaves its SQL behind."""
    (answer,) = ask_all(catalog, ["How many customers are there?"])
    assert answer.status == "answer"
    assert catalog.statements, "no statement was recorded"
    assert unsafe("DROP TABLE customers", set(TABLES)) and unsafe("SELECT 1; SELECT 2", set(TABLES))
    assert unsafe("SELECT * FROM read_csv('/etc/passwd')", set(TABLES))
    assert not unsafe("WITH a AS (SELECT id FROM customers) SELECT count(*) FROM a", set(TABLES))


INJECTIONS = (
    "customers named Robert'); DROP TABLE customers;--",
    "how many customers in Germany'; DROP TABLE orders; --",
    "orders where channel = 'Web' OR 1=1",
    "customers on the Basic plan; DELETE FROM customers",
    'tickets with priority "Urgent"); DROP TABLE tickets; --',
    "average monthly fee of customers in Germany' UNION SELECT * FROM feedback --",
    "count orders /* */; TRUNCATE orders",
    "customers named x'); COPY customers TO '/tmp/leak.csv'; --",
)


@pytest.mark.parametrize("question", INJECTIONS)
def test_injection_is_inert(catalog: RecordingCatalog, row_counts: dict[str, int], question: str) -> None:
    existed = Path("/tmp/leak.csv").exists()
    ask_all(catalog, [question])
    tables_intact(catalog, row_counts)
    assert Path("/tmp/leak.csv").exists() == existed


DESTRUCTIVE = (
    "delete all churned customers",
    "drop the orders table",
    "update plan to Pro",
    "remove every ticket",
    "truncate the feedback table",
    "insert a new customer called Bob",
    "set the monthly fee of all customers to 0",
)


@pytest.mark.parametrize("question", DESTRUCTIVE)
def test_destructive_request_is_unsupported(
    catalog: RecordingCatalog, row_counts: dict[str, int], question: str
) -> None:
    (answer,) = ask_all(catalog, [question])
    assert answer.status == "unsupported", (answer.status, answer.text)
    tables_intact(catalog, row_counts)
