"""Time travel: with an as-of date every answer is what the data known on that date gives.

The check is independent of catalog.asof: the test cuts the data files itself (rows dated after the
date dropped, later churn and closing dates blanked, their churn flags false again), loads the cut
files, and compares every answer with the full data asked `--as-of` that date.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import duckdb
import pytest

from assistant.engine import Assistant
from catalog import Catalog, asof

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CUT = dt.date(2025, 6, 30)
needs_samples = pytest.mark.skipif(
    not (SAMPLES / "customers.csv").exists(),
    reason="samples/*.csv not generated (python -m samples.generate)",
)

SAMPLE_CUTS = {
    # table: (SELECT over the file `f` with the cut written by hand)
    "customers": "SELECT * REPLACE (CASE WHEN TRY_CAST(churn_date AS DATE) > DATE '{d}' THEN 'No' ELSE churned END AS churned, "
    "CASE WHEN TRY_CAST(churn_date AS DATE) > DATE '{d}' THEN NULL ELSE churn_date END AS churn_date) "
    "FROM read_csv_auto('{f}', all_varchar=true) WHERE signup_date::DATE <= DATE '{d}'",
    "orders": "SELECT * FROM read_csv_auto('{f}', all_varchar=true) WHERE order_date::DATE <= DATE '{d}'",
    "tickets": "SELECT * REPLACE (CASE WHEN TRY_CAST(closed_at AS TIMESTAMP)::DATE > DATE '{d}' THEN NULL ELSE closed_at END "
    "AS closed_at) FROM read_csv_auto('{f}', all_varchar=true) WHERE opened_at::TIMESTAMP::DATE <= DATE '{d}'",
    "feedback": "SELECT * FROM read_csv_auto('{f}', all_varchar=true) WHERE date::DATE <= DATE '{d}'",
}
SAMPLE_QUESTIONS = [
    "how many customers are there?",
    "how many customers churned?",
    "churn rate by plan",
    "average monthly fee by plan",
    "total amount by month",
    "orders last month",
    "how many tickets are open?",
    "average satisfaction by priority",
    "NPS by region",
    "retention by signup month",
    "retention by signup month by plan",
    "show customer segments",
    "who are our champions?",
    "churn rate by plan over time",
    "monthly churn rate",
    "CSAT by region",
    "NPS",
    "average order value by region",
    "revenue per customer",
    "how many orders per month?",
]
SLOW_SAMPLE_QUESTIONS = [
    "customer lifetime value",
    "top 10 customers by predicted lifetime value",
    "which customers are most likely to churn?",
    "which customers on the Basic plan are most likely to churn?",
    "what drives churn?",
    "summarize the feedback",
    "sentiment by plan",
    "how has sentiment changed over time?",
    "cluster our customers",
]


def write_cut(source: Path, target: Path, cuts: dict[str, str], day: dt.date) -> None:
    """The files of `source` cut at `day` by the SELECTs in `cuts`, written as CSV into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    for name, select in cuts.items():
        query = select.format(f=source / f"{name}.csv", d=day.isoformat())
        con.execute(f"COPY ({query}) TO '{target / f'{name}.csv'}' (HEADER, DELIMITER ',')")


def same(a, b) -> bool:
    """Equal, floats to 1e-9 (sums in another order differ in the last bits; model fits are exact: money
    is summed as DECIMAL, tests/test_analytics_clv_deterministic.py)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) or (math.isnan(a) and math.isnan(b))
    return a == b


def key(row: tuple) -> str:
    return repr(tuple(round(v, 6) if isinstance(v, float) else v for v in row))


def plain(interpretation: str) -> str:
    """The interpretation without its as-of statement (only the full data says rows were left out)."""
    return interpretation.split("; as of ")[0].split("; data to ")[0]


def fresh(bot: Assistant, question: str):  # -> Answer
    """The answer (fitted models are cached on a hash of every row and the as-of date, so the cut files
    and the data cut by --as-of never share a model)."""
    return bot.ask(question)


NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def same_text(a: str, b: str) -> bool:
    """The same sentence, its numbers equal to float noise (a model fitted on the same rows stored in
    another order sums in another order: $7,730,250.13 beside $7,730,250.11)."""
    if NUMBER.split(a) != NUMBER.split(b):
        return False
    x, y = NUMBER.findall(a), NUMBER.findall(b)
    return len(x) == len(y) and all(
        u == v or math.isclose(float(u.replace(",", "")), float(v.replace(",", "")), rel_tol=1e-9)
        for u, v in zip(x, y, strict=True)
    )


def assert_same_answer(cut: Assistant, full: Assistant, question: str) -> None:
    a, b = fresh(cut, question), fresh(full, question)
    assert a.status == b.status == "answer", (question, a.text, b.text)
    assert same_text(a.text, b.text), (question, a.text, b.text)
    assert plain(a.interpretation) == plain(b.interpretation), question
    assert a.columns == b.columns, question
    assert a.row_count == b.row_count, question
    # the same rows; rows that tie on the answer's ordering may come in either order
    for x, y in zip(sorted(a.rows, key=key), sorted(b.rows, key=key), strict=True):
        assert all(same(u, v) for u, v in zip(x, y, strict=True)), (question, x, y)


@pytest.fixture(scope="module")
def sample_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalog, Catalog]:
    if not (SAMPLES / "customers.csv").exists():
        pytest.skip("samples/*.csv not generated")
    folder = tmp_path_factory.mktemp("cut") / "samples"
    write_cut(SAMPLES, folder, SAMPLE_CUTS, CUT)
    return Catalog.load([str(folder)]), Catalog.load([str(SAMPLES)])


# ------------------------------------------------------------------------------------ the date itself
@needs_samples
def test_the_default_is_the_latest_event_date_and_today_never_passes() -> None:
    catalog = Catalog.load([str(SAMPLES)])
    con = duckdb.connect()
    dates = {
        "customers": ("signup_date", "churn_date"),
        "orders": ("order_date",),
        "tickets": ("opened_at", "closed_at"),
        "feedback": ("date",),
    }
    latest = max(
        con.execute(f"SELECT max({c}::DATE) FROM read_csv_auto('{SAMPLES / t}.csv')").fetchone()[0]
        for t, cols in dates.items()
        for c in cols
    )
    resolved = asof.resolve(catalog)
    assert resolved == asof.AsOf(latest, "data") and resolved.words == f"data to {latest.isoformat()}"
    assert asof.resolve(catalog, "today").date == dt.date.today()
    assert asof.data_end(catalog, today=dt.date(2024, 3, 5)) == dt.date(2024, 3, 5)  # never after today
    assert asof.resolve(catalog, CUT) == asof.AsOf(CUT, "given")


@needs_samples
def test_cutting_leaves_out_later_rows_and_later_churn_and_is_undone() -> None:
    catalog = Catalog.load([str(SAMPLES)])
    full = catalog.fingerprint()
    asof.apply(catalog, CUT)
    assert asof.is_cut(catalog) and catalog.fingerprint() != full
    expected = (
        duckdb.connect()
        .execute(
            f"SELECT count(*), count_if(churned = 'Yes' AND TRY_CAST(churn_date AS DATE) <= DATE '{CUT}') "
            f"FROM read_csv_auto('{SAMPLES / 'customers.csv'}', all_varchar=true) WHERE signup_date::DATE <= DATE '{CUT}'"
        )
        .fetchone()
    )
    got = catalog.con.execute(
        "SELECT count(*), count_if(churned), max(churn_date), max(signup_date) FROM customers"
    ).fetchone()
    assert got[:2] == expected and got[2] <= CUT and got[3] <= CUT
    assert catalog.model.tables["customers"].row_count == expected[0]
    open_later = catalog.con.execute(
        f"SELECT count(*) FROM tickets WHERE closed_at IS NOT NULL AND closed_at::DATE > DATE '{CUT}'"
    ).fetchone()[0]
    assert open_later == 0
    asof.apply(catalog)  # the default: the end of the data, nothing cut
    assert not asof.is_cut(catalog)
    assert catalog.con.execute("SELECT count(*) FROM orders").fetchone()[0] == 60_000


@needs_samples
def test_a_time_dependent_answer_names_its_date(catalog: Catalog) -> None:
    answer = Assistant(catalog).ask("orders last month")
    assert answer.interpretation.endswith(f"; {asof.resolve(catalog).words}")
    answer = Assistant(catalog, as_of=CUT).ask("churn rate by plan")
    assert f"as of {CUT.isoformat()} (later rows left out)" in answer.interpretation
    Assistant(catalog)  # leave the shared catalog whole


# ------------------------------------------------------------------------------------ time travel
@needs_samples
@pytest.mark.parametrize("question", SAMPLE_QUESTIONS)
def test_samples_as_of_a_date_equal_the_data_cut_at_that_date(
    sample_pair: tuple[Catalog, Catalog], question: str
) -> None:
    cut, full = sample_pair
    assert_same_answer(Assistant(cut, as_of=CUT), Assistant(full, as_of=CUT), question)


@pytest.mark.slow
@needs_samples
@pytest.mark.parametrize("question", SLOW_SAMPLE_QUESTIONS)
def test_sample_models_as_of_a_date_equal_the_data_cut_at_that_date(
    sample_pair: tuple[Catalog, Catalog], question: str
) -> None:
    cut, full = sample_pair
    assert_same_answer(Assistant(cut, as_of=CUT), Assistant(full, as_of=CUT), question)


CDNOW_CUT = dt.date(1997, 9, 30)
CDNOW_QUESTIONS = [
    "how many customers are there?",
    "total amount by month",
    "show customer segments",
    "who are our champions?",
    "customer lifetime value",
    "top 10 customers by predicted lifetime value",
    "churn rate",
    "churn rate over time",
    "which customers are likely to churn?",
    "cohort retention",
    "average order value",
]


@pytest.fixture(scope="module")
def cdnow_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalog, Catalog]:
    from tests.conftest import DATASETS

    source = DATASETS / "cdnow"
    if not (source / "transactions.csv").exists():
        pytest.skip("../shared/datasets/cdnow is not beside the repository")
    folder = tmp_path_factory.mktemp("cdnow")
    cuts = {"transactions": "SELECT * FROM read_csv_auto('{f}') WHERE date <= DATE '{d}'"}
    write_cut(source, folder, cuts, CDNOW_CUT)
    return (
        Catalog.load([f"transactions={folder / 'transactions.csv'}"]),
        Catalog.load([f"transactions={source / 'transactions.csv'}"]),
    )


@pytest.mark.slow
@pytest.mark.parametrize("question", CDNOW_QUESTIONS)
def test_cdnow_as_of_1997_09_30_equals_the_data_cut_there(
    cdnow_pair: tuple[Catalog, Catalog], question: str
) -> None:
    cut, full = cdnow_pair
    assert_same_answer(Assistant(cut, as_of=CDNOW_CUT), Assistant(full, as_of=CDNOW_CUT), question)


def test_a_table_with_only_a_churn_date_keeps_its_rows_and_resets_later_churn(tmp_path: Path) -> None:
    (tmp_path / "members.csv").write_text(
        "id,plan,churned,churn_date\n1,A,Yes,2024-01-10\n2,A,Yes,2024-03-05\n3,B,No,\n4,B,Yes,2024-02-01\n",
        encoding="utf-8",
    )
    catalog = Catalog.load([str(tmp_path / "members.csv")])
    assert catalog.model.churn_target == "members.churned"
    asof.apply(catalog, dt.date(2024, 2, 1))
    rows = catalog.con.execute("SELECT id, churned, churn_date FROM members ORDER BY id").fetchall()
    assert [(r[0], bool(r[1])) for r in rows] == [(1, True), (2, False), (3, False), (4, True)]
    assert rows[1][2] is None  # churned later: not known on 2024-02-01


@needs_samples
def test_an_answer_without_a_period_still_names_the_date_of_the_data_it_counts(catalog: Catalog) -> None:
    """ "how many customers?" counts the customers known on the as-of date: it says which date; a question
    on data without dates does not."""
    end = duckdb.connect().execute(
        f"SELECT max(order_date::DATE) FROM read_csv_auto('{SAMPLES / 'orders.csv'}')"
    )
    latest = end.fetchone()[0]
    bot = Assistant(catalog)
    for question in ("how many customers?", "churn rate by plan", "average order value by region", "NPS"):
        answer = bot.ask(question)
        assert answer.status == "answer", question
        assert f"data to {latest.isoformat()}" in answer.interpretation, question
    Assistant(catalog)


def test_an_answer_on_data_without_dates_names_no_date(tmp_path: Path) -> None:
    (tmp_path / "members.csv").write_text("id,plan,fee\n1,A,10\n2,B,20\n3,A,30\n", encoding="utf-8")
    answer = Assistant(Catalog.load([str(tmp_path / "members.csv")])).ask("how many members by plan?")
    assert answer.status == "answer" and "data to" not in answer.interpretation
    assert "as of" not in answer.interpretation


@needs_samples
async def test_the_chat_status_line_shows_the_end_of_the_data_by_default(catalog: Catalog) -> None:
    from assistant.app import CraApp

    end = asof.data_end(catalog)
    app = CraApp(catalog)
    async with app.run_test(size=(160, 30)):
        header = str(app.query_one("#data-header").render())
        assert end is not None and header.endswith(f" · data to {end.isoformat()}")
        await app.workers.wait_for_complete()
    Assistant(catalog)


@needs_samples
async def test_the_chat_status_line_shows_the_as_of_date(catalog: Catalog) -> None:
    from assistant.app import CraApp

    app = CraApp(catalog, as_of=CUT)
    async with app.run_test(size=(160, 30)):
        header = str(app.query_one("#data-header").render())
        assert header.endswith(f" · as of {CUT.isoformat()}")
        await app.workers.wait_for_complete()
    Assistant(catalog)  # leave the shared catalog whole


@needs_samples
def test_the_cli_takes_today_and_a_date_and_says_which_it_used(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from assistant.cli import main

    assert main(["ask", "--json", "--as-of", "today", "how many orders"]) == 0
    today = json.loads(capsys.readouterr().out)
    assert f"as of today, {dt.date.today().isoformat()}" in today["interpretation"]
    # "last month" of today lies after the samples' end: asked back with the data's range, never a zero
    assert main(["ask", "--json", "--as-of", "today", "orders last month"]) == 0
    after = json.loads(capsys.readouterr().out)
    assert after["status"] == "clarify" and "run from" in after["text"]
    assert main(["ask", "--json", "--as-of", CUT.isoformat(), "orders last month"]) == 0
    cut = json.loads(capsys.readouterr().out)
    expected = (
        duckdb.connect()
        .execute(
            f"SELECT count(*) FROM read_csv_auto('{SAMPLES / 'orders.csv'}') "
            "WHERE order_date BETWEEN DATE '2025-05-01' AND DATE '2025-05-31'"
        )
        .fetchone()[0]
    )
    assert cut["row_count"] == expected and f"as of {CUT.isoformat()}" in cut["interpretation"]
    with pytest.raises(SystemExit) as bad:
        main(["ask", "--as-of", "someday", "orders"])
    assert bad.value.code == 2


@needs_samples
def test_ask_and_report_default_to_the_same_date(catalog: Catalog) -> None:
    """`cra ask` and `cra report` without --as-of use one date: the latest event date of the data
    (checked against the files themselves)."""
    from assistant.sections import build_report

    con = duckdb.connect()
    latest = max(
        con.execute(f"SELECT max(TRY_CAST({c} AS DATE)) FROM read_csv_auto('{SAMPLES / t}.csv')").fetchone()[
            0
        ]
        for t, c in (("customers", "signup_date"), ("customers", "churn_date"), ("orders", "order_date"))
        + (("tickets", "opened_at"), ("tickets", "closed_at"), ("feedback", "date"))
    )
    assert Assistant(catalog).as_of.date == latest
    doc = build_report(catalog, kind="feedback")
    assert any(line.startswith(f"As of {latest.isoformat()}") for line in doc.meta)
    Assistant(catalog)
