""" "Products that cost more than 5,000" compare their one price column; "the longest-standing customer" is
the one who became a customer first (its own start date). Checked against DuckDB over the same CSVs."""

from __future__ import annotations

import datetime as dt
import random

import duckdb
import pytest
from tables import Table, answered

from assistant.engine import Assistant


def _tables() -> dict[str, Table]:
    rng = random.Random(12)
    products = [[i, f"item {i}", round(rng.uniform(100, 9000), 2)] for i in range(1, 31)]
    start = dt.date(2010, 1, 1)
    customers = [[i, f"Person {i}", start + dt.timedelta(days=rng.randint(0, 3000))] for i in range(1, 41)]
    return {
        "products": (["product_id", "product_name", "product_price"], products),
        "customers": (["customer_id", "customer_name", "date_became_customer"], customers),
    }


TABLES = _tables()


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("How many products cost more than 5,000?", "product_price > 5000"),
        ("how many products cost less than 2500", "product_price < 2500"),
    ],
)
def test_cost_compares_the_price(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, where: str
) -> None:
    answer = answered(bot, question)
    want = ref.execute(f"select count(*) from products where {where}").fetchone()[0]
    assert answer.rows[0][0] == want


@pytest.mark.parametrize(
    ("question", "n"), [("Who is our longest-standing customer?", 1), ("our 3 longest serving customers", 3)]
)
def test_longest_standing_is_the_earliest_start(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, n: int
) -> None:
    answer = answered(bot, question)
    want = ref.execute(
        f"select customer_id from customers order by date_became_customer limit {n}"
    ).fetchall()
    at = answer.columns.index("customer_id")
    assert [r[at] for r in answer.rows] == [r[0] for r in want]
