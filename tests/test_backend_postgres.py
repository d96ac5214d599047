"""PostgreSQL in place: a real server (tests/pg_server.py) holding the bundled samples, Telco and CDNOW
as cra loaded them into DuckDB; the same questions give the same answers on both, the connection is
read-only, and what goes wrong is said in one line."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from backend_compare import (  # noqa: E402
    MODEL_REL_TOL,
    REL_TOL,
    answers,
    differences,
    load_cases,
    model_differences,
)
from conftest import DATASETS, SHARED  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TELCO = DATASETS / "telco_churn" / "WA_Fn-UseC_-Telco-Customer-Churn.csv"
CDNOW = DATASETS / "cdnow" / "transactions.csv"


@pytest.fixture(scope="module")
def duck():  # -> Catalog
    from catalog import Catalog

    return Catalog.load([str(SAMPLES)])


@pytest.fixture(scope="module")
def samples_url(postgres, duck) -> str:
    return postgres.copy_tables(duck)


@pytest.fixture(scope="module")
def pg(samples_url: str):  # -> Catalog
    from catalog import Catalog

    catalog = Catalog.load([samples_url])
    yield catalog
    catalog.backend.close()


def test_the_tables_are_queried_in_place_with_the_same_model(duck, pg) -> None:
    assert pg.backend.name == "PostgreSQL" and duck.backend.name == "DuckDB"
    assert pg.con is pg.backend  # no DuckDB copy behind it
    assert model_differences(duck, pg) == []
    assert [r for r in pg.model.relations] and pg.only_when() == duck.only_when()


FAST_CASES = 25
"""Cases of the sample set asked in the fast run (the whole set is a slow test)."""


def test_the_first_sample_questions_answer_the_same(duck, pg) -> None:
    cases = load_cases(ROOT / "tests" / "questions" / "samples.jsonl")[:FAST_CASES]
    assert differences(answers(duck, cases), answers(pg, cases)) == []


@pytest.mark.slow
def test_the_whole_sample_question_set_answers_the_same(duck, pg) -> None:
    cases = load_cases(ROOT / "tests" / "questions" / "samples.jsonl")
    assert differences(answers(duck, cases), answers(pg, cases)) == []


def test_a_question_runs_as_postgres_sql_with_the_same_rows(duck, pg) -> None:
    from assistant.engine import Assistant

    a = Assistant(duck, as_of="2025-06-30").ask("churn rate by plan")
    b = Assistant(pg, as_of="2025-06-30").ask("churn rate by plan")
    assert a.status == b.status == "answer" and a.text == b.text
    assert [r[0] for r in a.rows] == [r[0] for r in b.rows]
    assert [float(r[1]) for r in a.rows] == pytest.approx([float(r[1]) for r in b.rows], rel=1e-12)
    assert '"customers"' in b.sql and "DOUBLE" not in b.sql.upper().replace("DOUBLE PRECISION", "")


ANALYTICS = (
    "what drives churn?", "which customers are most likely to churn?", "show customer segments",
    "cluster our customers", "retention by signup month", "NPS by region",
    "summarize the feedback", "what do customers complain about most?", "sentiment by plan",
)  # fmt: skip
SUMMED_MODELS = ("customer lifetime value",)
"""Models fitted on per-customer sums: PostgreSQL adds the doubles in another order than DuckDB, so the
inputs differ in their last bits and the figures within MODEL_REL_TOL (a cent in the sentence)."""


@pytest.mark.slow
def test_the_analytics_skills_give_the_same_figures(duck, pg) -> None:
    """Aggregations run on the server; models fit on the same per-customer rows in the same order, so
    they come out the same (to the last bits of a float; models on summed inputs within MODEL_REL_TOL)."""
    for questions, tol in ((ANALYTICS, REL_TOL), (SUMMED_MODELS, MODEL_REL_TOL)):
        cases = [{"id": q, "as_of": "2025-06-30", "turns": [{"q": q}]} for q in questions]
        got, expected = answers(pg, cases), answers(duck, cases)
        assert all(turns[0]["status"] == "answer" for turns in got.values())
        assert differences(expected, got, tol) == []


@pytest.mark.slow
@pytest.mark.parametrize("data", ["telco", "cdnow"])
def test_the_shared_question_sets_answer_the_same(postgres, data: str) -> None:
    from catalog import Catalog

    path, table = (TELCO, "customers") if data == "telco" else (CDNOW, "transactions")
    if not path.exists():
        pytest.skip(f"{path} is not in ../shared")
    duck = Catalog.load([f"{table}={path}"])
    pg = Catalog.load([postgres.copy_tables(duck, schema=data)])
    try:
        assert model_differences(duck, pg) == []
        cases = load_cases(SHARED / "eval" / f"{data}_dev.jsonl")
        assert differences(answers(duck, cases), answers(pg, cases)) == []
    finally:
        pg.backend.close()


def test_first_by_value_runs_on_postgres_as_in_duckdb(duck, pg) -> None:
    """DuckDB's arg_min / arg_max (lifetime value's first purchase) in PostgreSQL's words, same rows."""
    from sqlglot import exp

    amount, day = exp.column("amount"), exp.column("id")  # a unique order: no ties to break
    query = (
        exp.select(
            "customer_id",
            exp.ArgMin(this=amount.copy(), expression=day.copy()).as_("first"),
            exp.ArgMax(this=amount.copy(), expression=day.copy()).as_("last"),
        )
        .from_("orders")
        .group_by("customer_id")
        .order_by("customer_id")
        .limit(200)
    )
    a, b = duck.run(query).rows, pg.run(query).rows
    assert len(a) == 200 and [r[0] for r in a] == [r[0] for r in b]
    assert [float(x) for r in a for x in r[1:]] == pytest.approx([float(x) for r in b for x in r[1:]])


def test_any_value_runs_on_postgres_15(duck, pg) -> None:
    """DuckDB's any_value (one value of a group, as the clustered intervals use it) on a PostgreSQL
    without ANY_VALUE (before 16): the same rows."""
    from sqlglot import exp

    plan = exp.column("plan")
    query = (
        exp.select(
            plan, exp.func("any_value", plan.copy()).as_("same"), exp.func("count", exp.Star()).as_("n")
        )
        .from_("customers")
        .group_by(plan.copy())
        .order_by(plan.copy())
    )
    a, b = duck.run(query).rows, pg.run(query).rows
    assert a == b and all(r[0] == r[1] for r in a)


def test_the_cli_answers_from_a_postgres_url(samples_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from assistant.cli import main

    assert (
        main(["ask", "--json", "--as-of", "2025-06-30", "--data", str(SAMPLES), "total amount by year"]) == 0
    )
    expected = json.loads(capsys.readouterr().out)
    assert (
        main(["ask", "--json", "--as-of", "2025-06-30", "--data", samples_url, "total amount by year"]) == 0
    )
    got = json.loads(capsys.readouterr().out)
    assert got["status"] == "answer" and got["text"] == expected["text"]
    assert len(got["rows"]) == len(expected["rows"])
    for a, b in zip(got["rows"], expected["rows"], strict=True):
        assert a[0] == b[0] and a[1] == pytest.approx(b[1], rel=1e-12)


# ------------------------------------------------------------------------------------------- safety
def test_the_connection_is_read_only(pg) -> None:
    from catalog.backends import BackendError

    with pytest.raises(BackendError, match="read-only transaction"):
        pg.backend.execute("CREATE TABLE intruder (a INT)")
    with pytest.raises(BackendError, match="read-only transaction"):
        pg.backend.execute("INSERT INTO customers (id) VALUES (1)")
    setting = pg.backend.execute("SELECT current_setting('default_transaction_read_only')").fetchone()
    assert setting == ("on",)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT set_config('default_transaction_read_only', 'off', false)",
        "SELECT pg_read_file('/etc/passwd')",
        "SELECT * FROM public.customers",
        "DELETE FROM customers",
        "SELECT 1; DROP TABLE customers",
    ],
)
def test_typed_sql_is_checked_before_postgres(pg, sql: str) -> None:
    from catalog import QueryError

    with pytest.raises(QueryError):
        pg.run(sql)


SLOW = "SELECT count(*) FROM customers AS a, customers AS b, customers AS c"
"""A statement that runs for minutes (5,000 customers cubed) and passes the checks typed SQL gets."""


def test_a_running_query_is_cancelled_and_the_connection_goes_on(pg) -> None:
    from catalog.database import QueryCancelled

    errors: list[Exception] = []

    def slow() -> None:
        try:
            pg.frame(SLOW)  # a real long statement that passes the query checks
        except Exception as e:
            errors.append(e)

    worker = threading.Thread(target=slow)
    worker.start()
    deadline = time.monotonic() + 20
    while not pg.running and worker.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.2)
    pg.interrupt()
    worker.join(20)
    assert not worker.is_alive() and isinstance(errors[0], QueryCancelled)
    assert pg.run("SELECT count(*) FROM customers").rows[0][0] == pg.model.tables["customers"].row_count


def test_the_timeout_stops_a_query(pg) -> None:
    from catalog import QueryError

    pg.timeout = 0.5
    try:
        with pytest.raises(QueryError, match="took longer than 0.5 s"):
            pg.frame(SLOW)
    finally:
        pg.timeout = None


# ------------------------------------------------------------------------------------ one-line errors
def _error(spec: str, capsys: pytest.CaptureFixture[str]) -> str:
    from assistant.cli import main

    assert main(["ask", "--data", spec, "how many customers?"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err and "cra-test-secret" not in err
    return err


def test_a_refused_connection_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from pg_server import _free_port

    err = _error(f"postgresql://cra:cra-test-secret@127.0.0.1:{_free_port()}/crm", capsys)
    assert "connection refused" in err and "127.0.0.1" in err


def test_bad_credentials_are_one_line(postgres, capsys: pytest.CaptureFixture[str]) -> None:
    err = _error(postgres.url.replace("cra-test-secret", "wrong"), capsys)
    assert "login of user 'cra' was refused" in err


def test_a_missing_table_or_database_is_one_line(samples_url: str, capsys) -> None:
    err = _error(samples_url + "?tables=customers,invoices", capsys)
    assert "has no table 'invoices'" in err and "customers" in err
    err = _error(samples_url.rsplit("/", 1)[0] + "/nowhere", capsys)
    assert 'database "nowhere" does not exist' in err


def test_a_table_dropped_after_loading_is_one_line(postgres, duck) -> None:
    import psycopg

    from catalog import Catalog, QueryError

    url = postgres.copy_tables(duck, schema="gone")
    catalog = Catalog.load([url + "&tables=orders"])
    with psycopg.connect(postgres.url, autocommit=True) as con:
        con.execute("DROP TABLE gone.orders")
    with pytest.raises(
        QueryError, match='PostgreSQL could not run the query: relation "orders" does not exist'
    ):
        catalog.run("SELECT count(*) FROM orders")


async def test_the_chat_names_the_backend_and_answers_from_it(pg) -> None:
    from waiting import wait_until

    from assistant.app import CraApp
    from assistant.widgets.answer_card import AnswerCard
    from assistant.widgets.prompt_input import PromptInput

    app = CraApp(pg)
    async with app.run_test(size=(140, 45)) as pilot:
        header = str(app.query_one("#data-header").render())
        assert header.startswith("cra · PostgreSQL · ") and "customers" in header
        prompt = app.query_one(PromptInput)
        prompt.value = "how many customers are there?"
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(app.query(AnswerCard)) == 1)
        rows = pg.backend.execute("SELECT count(*) FROM customers").fetchone()
        assert f"{rows[0]:,}" in str(app.query_one(AnswerCard).answer.text)


def test_profile_and_report_take_the_url(samples_url: str, tmp_path: Path, capsys) -> None:
    from assistant.cli import main

    assert main(["profile", "--json", "--data", samples_url]) == 0
    import json

    profile = json.loads(capsys.readouterr().out)
    assert "customers" in json.dumps(profile) and "cra-test-secret" not in json.dumps(profile)
    out = tmp_path / "health.md"
    assert (
        main(["report", "--format", "md", "--as-of", "2025-06-30", "--data", samples_url, "-o", str(out)])
        == 0
    )
    assert out.exists() and "churn" in out.read_text().lower()
