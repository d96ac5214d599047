"""Figures named by an industry abbreviation (adr = average daily rate, arpu = average revenue per user)
are found by their spelled-out words, and a column that is itself an average is averaged, never summed,
when the question does not say how to combine it. Checked against DuckDB over the same CSV."""

from __future__ import annotations

import random

import duckdb
import pytest
from tables import Table

from assistant.engine import Assistant


def _tables() -> dict[str, Table]:
    rng = random.Random(5)
    rows = [
        [
            i,
            rng.choice(("Direct", "Online", "Groups")),
            round(rng.uniform(40, 250), 2),
            round(rng.uniform(5, 90), 2),
        ]
        for i in range(1, 301)
    ]
    header = ["account_id", "segment", "adr", "arpu"]
    return {"accounts": (header, rows)}


TABLES = _tables()


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("what's the average daily rate per segment?", "select segment, avg(adr) from accounts group by 1"),
        ("average revenue per user by segment", "select segment, avg(arpu) from accounts group by 1"),
        ("average daily rate for Direct", "select 'all', avg(adr) from accounts where segment = 'Direct'"),
    ],
)
def test_abbreviated_figures_are_named_and_averaged(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = bot.ask(question)
    assert answer.status == "answer", answer.text
    assert "SUM(" not in answer.sql
    want = {round(float(r[1]), 6) for r in ref.execute(sql).fetchall()}
    at = next(i for i, c in enumerate(answer.columns) if c.startswith("avg"))
    assert {round(float(r[at]), 6) for r in answer.rows} == want
