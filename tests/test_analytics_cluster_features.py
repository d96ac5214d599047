"""Clusters when the customers table already has columns named like the transaction features (CDNOW's
summary: frequency, recency, T): the same behaviour is measured once, from the transactions, and the
answer is a clustering, not a pandas KeyError."""

from __future__ import annotations

import datetime as dt

import pytest
from tables import answered

CUSTOMERS = 40
TABLES = {
    "customers": (
        "id,frequency,recency,T",
        [f"{i},{1 + i % 5},{(i * 7) % 30}.5,{30 + i % 3}.25" for i in range(1, CUSTOMERS + 1)],
    ),
    "orders": (
        "order_id,customer_id,order_date,amount",
        [
            f"{k},{i},{dt.date(2024, 1 + (i + j) % 12, 1 + j)},{(500 if i <= 12 else 20) + 3 * j}"
            for k, (i, j) in enumerate(((i, j) for i in range(1, CUSTOMERS + 1) for j in range(1 + i % 4)), 1)
        ],
    ),
}


def test_clusters_measure_recency_and_frequency_once(bot, ref) -> None:
    answer = answered(bot, "cluster our customers")
    assert "recency, frequency, monetary, T" in answer.interpretation
    columns = list(answer.columns)
    assert columns.count("mean_recency") == 1 and "mean_recency_x" not in columns
    rows = [dict(zip(columns, row, strict=True)) for row in answer.rows]
    ((customers, total),) = ref.execute(
        "SELECT count(DISTINCT customer_id), sum(amount) FROM orders"
    ).fetchall()
    assert sum(r["customers"] for r in rows) == customers
    assert sum(r["customers"] * r["mean_monetary"] for r in rows) == pytest.approx(total)
    ((mean_t,),) = ref.execute("SELECT avg(T) FROM customers").fetchall()
    assert sum(r["customers"] * r["mean_T"] for r in rows) / customers == pytest.approx(mean_t)
