""" "Placed"/"ordered" on an orders table whose every date is named order_*: the table's own name says no
event, so only its creation date (order_purchase_timestamp) is meant, never order_delivered_date; a verb
of another event still names its own date. Checked against DuckDB over the same CSV."""

from __future__ import annotations

import datetime as dt
import random

import duckdb
import pytest
from tables import Table

from assistant.engine import Assistant


def _tables() -> dict[str, Table]:
    rng = random.Random(8)
    rows = []
    for i in range(1, 301):
        bought = dt.datetime(2022, 6, 1) + dt.timedelta(days=rng.randint(0, 500), minutes=rng.randint(0, 999))
        rows.append([i, bought, (bought + dt.timedelta(days=rng.randint(1, 60))).date()])
    header = ["order_id", "order_purchase_timestamp", "order_delivered_date"]
    return {"orders": (header, rows)}


TABLES = _tables()


@pytest.mark.parametrize(
    ("question", "column"),
    [
        ("how many orders were placed in 2023?", "order_purchase_timestamp"),
        ("how many orders were delivered in 2023?", "order_delivered_date"),
    ],
)
def test_placed_is_the_creation_date(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, column: str
) -> None:
    answer = bot.ask(question)
    assert answer.status == "answer", answer.text
    sql = f"select count(*) from orders where {column} >= '2023-01-01' and {column} < '2024-01-01'"
    assert answer.rows[0][0] == ref.execute(sql).fetchone()[0]
