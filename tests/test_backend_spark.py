"""Spark SQL over files: a real local Spark session (pyspark, Java 17) over Parquet written from the
bundled samples gives the same semantic model and answers as DuckDB over the same files.

Starting Spark and inferring the model takes a minute: these tests are slow ones (`make test-slow`)."""

from __future__ import annotations

import importlib.util
import sys
import threading
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from backend_compare import (  # noqa: E402
    MODEL_REL_TOL,
    answers,
    differences,
    load_cases,
    model_differences,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
MASTER = "spark=local[2]"
CLV = "customer lifetime value"
CASES = 40
"""Cases of the sample set asked of Spark (the first ones: every kind of question, a minute or two)."""


def _needs_spark() -> None:
    from catalog.backends.spark import java_found

    if importlib.util.find_spec("pyspark") is None:
        pytest.skip("pyspark is not installed (pip install 'cra[spark]')")
    if not java_found():
        pytest.skip("no Java runtime for Spark (Debian: apt-get install openjdk-17-jre-headless)")


@pytest.fixture(scope="module")
def parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples as cra loaded them, one Parquet file per table; orders also as a folder of parts."""
    import pyarrow.parquet as pq

    from catalog import Catalog

    duck = Catalog.load([str(SAMPLES)])
    folder = tmp_path_factory.mktemp("parquet")
    (folder / "tables").mkdir()
    parts = folder / "orders_parquet_dir"
    parts.mkdir()
    for table in duck.model.tables:
        data = duck.con.sql(f'SELECT * FROM "{table}"').to_arrow_table()
        pq.write_table(data, folder / "tables" / f"{table}.parquet")
        if table == "orders":
            half = data.num_rows // 2
            pq.write_table(data.slice(0, half), parts / "part-00000.parquet")
            pq.write_table(data.slice(half), parts / "part-00001.parquet")
    return folder


@pytest.fixture(scope="module")
def duck(parquet: Path):  # -> Catalog
    from catalog import Catalog

    return Catalog.load([str(parquet / "tables")])


@pytest.fixture(scope="module")
def spark(parquet: Path):  # -> Catalog
    _needs_spark()
    from catalog import Catalog

    catalog = Catalog.load([str(parquet / "tables")], engine=MASTER)
    yield catalog
    catalog.backend.close()


@pytest.mark.slow
def test_spark_infers_the_same_model(duck, spark) -> None:
    assert spark.backend.name == "Spark" and spark.con is spark.backend
    assert model_differences(duck, spark) == []


@pytest.mark.slow
def test_spark_answers_the_sample_questions_as_duckdb(duck, spark) -> None:
    cases = load_cases(ROOT / "tests" / "questions" / "samples.jsonl")[:CASES]
    assert differences(answers(duck, cases), answers(spark, cases)) == []


GROUPED_MEANS = ("average amount by channel", "median amount by category", "average order value by channel")
"""Grouped figures whose interval numbers the rows (a row without a customer is a cluster of its own)."""


@pytest.mark.slow
def test_spark_gives_grouped_means_and_their_intervals_as_duckdb(duck, spark) -> None:
    cases = [{"id": q, "turns": [{"q": q}]} for q in GROUPED_MEANS]
    on_duck = answers(duck, cases)
    assert all(turns[0]["status"] == "answer" and turns[0]["rows"] for turns in on_duck.values())
    assert differences(on_duck, answers(spark, cases)) == []


@pytest.mark.slow
def test_the_cli_answers_over_a_folder_of_parts(parquet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from assistant.cli import main

    _needs_spark()
    question = "total amount by month"
    orders = f"orders={parquet / 'tables' / 'orders.parquet'}"
    assert main(["ask", "--json", "--data", orders, question]) == 0
    expected = json.loads(capsys.readouterr().out)
    assert (
        main(["ask", "--json", "--engine", MASTER, "--data", str(parquet / "orders_parquet_dir"), question])
        == 0
    )
    got = json.loads(capsys.readouterr().out)
    assert got["status"] == expected["status"] == "answer"
    assert [r[0] for r in got["rows"]] == [r[0] for r in expected["rows"]]
    assert [r[1] for r in got["rows"]] == pytest.approx([r[1] for r in expected["rows"]], rel=1e-12)
    assert "`orders_parquet_dir`" in got["sql"]  # Spark's dialect


@pytest.mark.slow
def test_a_running_spark_query_is_cancelled(spark) -> None:
    from catalog.database import QueryCancelled

    errors: list[Exception] = []

    def slow() -> None:
        try:  # about 10^12 row pairs: minutes of work unless cancelled
            spark.frame(
                "SELECT count(*) FROM orders a, orders b, orders c WHERE a.amount + b.amount > c.amount"
            )
        except Exception as e:
            errors.append(e)

    worker = threading.Thread(target=slow)
    worker.start()
    while not spark.running:
        time.sleep(0.01)
    time.sleep(3)
    spark.interrupt()
    worker.join(60)
    assert not worker.is_alive() and isinstance(errors[0], QueryCancelled)
    assert spark.run("SELECT count(*) FROM customers").rows[0][0] == spark.model.tables["customers"].row_count


@pytest.mark.slow
def test_typed_sql_is_checked_before_spark(spark) -> None:
    from catalog import QueryError

    for sql in ("SELECT reflect('java.lang.System', 'exit', 1)", "SELECT * FROM __cra_full_orders"):
        with pytest.raises(QueryError):
            spark.run(sql)


def test_without_java_spark_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from assistant.cli import main

    if importlib.util.find_spec("pyspark") is None:
        pytest.skip("pyspark is not installed: the missing-pyspark line is said first")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no java on it
    assert main(["ask", "--engine", "spark", "--data", str(SAMPLES), "how many customers?"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "cra: --engine spark needs a Java runtime (17 or later): install openjdk-17-jre-headless or set JAVA_HOME"
    )


@pytest.mark.slow
def test_feedback_is_scored_in_the_executors_bit_for_bit(spark, duck) -> None:
    """The pandas UDF runs the scorer of `score_texts` inside Spark's Python workers: the same doubles."""
    import struct

    from sqlglot import exp

    from sentiment.score import SCORE_FIELDS, score_frame, score_texts

    assert spark.maps_in_place() and not duck.maps_in_place()
    query = exp.select(exp.column("id"), exp.column("comment")).from_("feedback").order_by("id")
    result = spark.run_mapped(query, "comment", score_frame, SCORE_FIELDS)
    assert result.columns == ("id", "comment", *(n for n, _ in SCORE_FIELDS))
    assert result.row_count == len(result.rows) == duck.model.tables["feedback"].row_count
    local = score_texts([r[1] for r in result.rows], cache=False)
    pack = struct.Struct("<dddd??").pack
    assert [pack(*r[2:]) for r in result.rows] == [
        pack(s.compound, s.pos, s.neu, s.neg, s.english, s.blank) for s in local
    ]
    assert sum(not r[-1] for r in result.rows) > 1000  # real texts, not blanks


@pytest.mark.slow
def test_spark_analytics_give_the_same_figures(duck, spark) -> None:
    """Aggregations run in Spark; the churn model fits on the same rows in the same order. Spark adds up
    partial sums in its own order, so the CLV model (an optimizer over those sums) is held to 1e-6."""
    questions = (
        "what drives churn?", "show customer segments", "summarize the feedback", "sentiment by plan",
        "retention by signup month",
    )  # fmt: skip
    cases = [{"id": q, "as_of": "2025-06-30", "turns": [{"q": q}]} for q in (*questions, CLV)]
    got, expected = answers(spark, cases), answers(duck, cases)
    assert {q: t[0]["text"] for q, t in got.items() if t[0]["status"] != "answer"} == {}
    assert differences({q: expected[q] for q in questions}, got) == []
    assert differences({CLV: expected[CLV]}, got, rel_tol=MODEL_REL_TOL) == []


@pytest.mark.slow
def test_a_spark_customer_frame_is_every_kth_customer_of_the_whole(duck, spark, monkeypatch) -> None:
    """Models on Spark read a bounded, even sample: the rows DuckDB would pick from all customers."""
    from analytics import churn_features as cf
    from catalog.churn_target import find_churn_target

    target = find_churn_target(duck)
    assert target is not None
    cut = cf.analysis_date(duck)
    whole = cf.customer_frame(duck, target, cut).frame
    monkeypatch.setattr(cf, "MODEL_SAMPLE_ROWS", 700)
    sampled = cf.customer_frame(spark, find_churn_target(spark), cut)
    step = -(-len(whole) // 700)
    assert list(sampled.frame[cf.ROW]) == list(whole.sort_values(cf.ROW)[cf.ROW])[::step]
    assert "Spark" in sampled.sample and f"{len(sampled.frame):,} of the {len(whole):,}" in sampled.sample
