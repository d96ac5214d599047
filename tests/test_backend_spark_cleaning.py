"""Spark cleans a messy CSV as DuckDB's loader does: blank and 'NA' numbers, currency signs and thousands
separators, Yes/No flags, dates in a file's own format, padded text, duplicates, and a file whose late
value does not fit the type its first rows suggest. The same semantic model, the same change lines and
the same JSON answers on both engines (a real local Spark session; slow: Spark takes a minute to start)."""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from backend_compare import answers, differences, model_differences  # noqa: E402

MASTER = "spark=local[1]"
CUSTOMERS = """\
customer_id,name,signup_date,plan,monthly_fee,total_spend,churned,satisfaction,zip,last_login
1,Ann Lee ,3/15/2024,Basic,$29.99,"$1,200.50",Yes,4,02134,2024-06-01 10:15:00
2,Bob Stone,4/2/2024,Pro,$49.99,,No,,10001,2024-06-03 08:00:00
3, Carla Diaz,12/28/2023,Pro,$49.99,"$2,310.00",no,5,94105,2024-05-30 17:45:00
4,Dan Wu,1/5/2024,Basic,$29.99,NA,YES,3,60601,
5,Eve Park,2/29/2024,Enterprise,$199.00,"$12,000.00",No,N/A,73301,2024-06-02 12:00:00
5,Eve Park,2/29/2024,Enterprise,$199.00,"$12,000.00",No,N/A,73301,2024-06-02 12:00:00
6,Finn Ray,5/10/2024,Basic,$29.99,$310.25,yes,2,02110,2024-06-04 09:30:00
7,Gia Moss,6/1/2024,Pro,$49.99,-,No,4,30301,2024-06-05 14:20:00
"""
ORDERS = 21_000
"""More rows than DuckDB's sniffer reads (20,480): the last one's amount is no number, so DuckDB reads the
whole file as text and cleaning types it; Spark must do the same."""
QUESTIONS = (
    "how many customers are there?", "churn rate by plan", "average monthly fee by plan",
    "total spend by plan", "how many customers signed up in 2024?", "average satisfaction by plan",
    "average total spend", "total amount by month", "number of orders by status",
    "total amount by customer", "total amount of orders shipped in january 2024",
)  # fmt: skip


def _orders(path: Path) -> None:
    """ORDERS orders: an index column without a header (DuckDB calls it column0, Spark _c0), a D-Mon-YY
    date DuckDB's sniffer leaves as text, padded status words, amounts with a currency sign, and an 'n/a'
    amount on the last line."""
    rng = random.Random(7)
    start = dt.date(2024, 1, 1)
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["", "order_id", "customer_id", "shipped", "status", "amount"])  # a pandas index
        for i in range(1, ORDERS + 1):
            day = start + dt.timedelta(days=rng.randrange(365))
            status = rng.choice(["shipped", " returned", "shipped ", "cancelled"])
            amount = "n/a" if i == ORDERS else f"${rng.randrange(100, 90000) / 100:.2f}"
            out.writerow([i - 1, i, rng.randrange(1, 8), day.strftime("%d-%b-%y"), status, amount])


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("messy")
    (folder / "customers.csv").write_text(CUSTOMERS)
    _orders(folder / "orders.csv")
    return folder


@pytest.fixture(scope="module")
def duck(folder: Path):  # -> Catalog
    from catalog import Catalog

    return Catalog.load([str(folder)])


@pytest.fixture(scope="module")
def spark(folder: Path):  # -> Catalog
    from test_backend_spark import _needs_spark

    _needs_spark()
    from catalog import Catalog

    catalog = Catalog.load([str(folder)], engine=MASTER)
    yield catalog
    catalog.backend.close()


@pytest.mark.slow
def test_spark_types_and_cleans_a_csv_as_duckdb(duck, spark) -> None:
    assert model_differences(duck, spark) == []
    orders = {c.name: c.dtype for c in spark.model.tables["orders"].columns.values()}
    assert orders == {
        "column0": "BIGINT", "order_id": "BIGINT", "customer_id": "BIGINT", "shipped": "DATE", "status": "VARCHAR", "amount": "DOUBLE",
    }  # fmt: skip
    assert spark.changes == duck.changes and spark.suspicious == duck.suspicious
    assert any(
        line.startswith("orders.amount: text -> DOUBLE, 1 values marking no value") for line in spark.changes
    )


@pytest.mark.slow
def test_spark_answers_the_messy_csv_as_duckdb(duck, spark) -> None:
    cases = [{"id": q, "as_of": "2024-12-31", "turns": [{"q": q}]} for q in QUESTIONS]
    expected, got = answers(duck, cases), answers(spark, cases)
    assert [q for q, t in expected.items() if t[0]["status"] != "answer"] == []
    assert differences(expected, got) == []


@pytest.mark.slow
def test_the_cleaned_rows_are_duckdbs(duck, spark) -> None:
    """Every cleaned value, row by row, as DuckDB loaded it."""
    from sqlglot import exp

    for table, info in duck.model.tables.items():
        names = [exp.column(c, quoted=True) for c in info.columns]
        query = exp.select(*names).from_(exp.to_table(table, quoted=True)).order_by(*names)
        a, b = duck.run(query, limit=ORDERS + 10), spark.run(query, limit=ORDERS + 10)
        assert a.row_count == b.row_count == len(b.rows)
        assert a.rows == b.rows


@pytest.mark.slow
def test_a_second_spark_load_reads_the_model_and_cleaning_from_the_cache(folder: Path) -> None:
    from test_backend_spark import _needs_spark

    _needs_spark()
    from catalog import Catalog

    path = str(folder / "customers.csv")
    first = Catalog.load([path], engine=MASTER)
    second = Catalog.load([path], engine=MASTER)
    try:
        assert model_differences(first, second) == []
        assert second.changes == first.changes and second.suspicious == first.suspicious
        assert second.backend.statements == 0 < first.backend.statements  # nothing inferred or cleaned
        assert second.run("SELECT sum(total_spend) FROM customers").rows == (
            (1200.50 + 2310.00 + 12000.00 + 310.25,),
        )  # blank, NA and - are no spend; Eve's exported-twice row is one customer (catalog.duplicates)
    finally:
        second.backend.close()
        first.backend.close()


@pytest.mark.slow
@pytest.mark.parametrize("data", ["telco", "cdnow"])
def test_the_shared_csv_question_sets_answer_the_same_on_spark(data: str) -> None:
    """The Telco and CDNOW CSVs (cleaned on both engines) give the same model and dev-set answers."""
    from backend_compare import load_cases
    from conftest import DATASETS, SHARED
    from test_backend_spark import _needs_spark

    _needs_spark()
    from catalog import Catalog

    path, table = (
        (DATASETS / "telco_churn" / "WA_Fn-UseC_-Telco-Customer-Churn.csv", "customers")
        if data == "telco"
        else (DATASETS / "cdnow" / "transactions.csv", "transactions")
    )
    if not path.exists():
        pytest.skip(f"{path} is not in ../shared")
    duck = Catalog.load([f"{table}={path}"])
    spark = Catalog.load([f"{table}={path}"], engine=MASTER)
    try:
        assert model_differences(duck, spark) == [] and spark.changes == duck.changes
        cases = load_cases(SHARED / "eval" / f"{data}_dev.jsonl")
        assert differences(answers(duck, cases), answers(spark, cases)) == []
    finally:
        spark.backend.close()
