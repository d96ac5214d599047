""" "Included", "asked for" are filler before what the records hold ("bookings that included at least one
baby"), and "returning" names a repeat-customer flag (is_repeated_guest). Checked against DuckDB over the
same CSV."""

from __future__ import annotations

import random

import duckdb
import pytest
from tables import Table, last_figure

from assistant.engine import Assistant


def _tables() -> dict[str, Table]:
    rng = random.Random(6)
    rows = [[i, rng.randint(0, 2), rng.randint(0, 1), rng.randint(0, 3)] for i in range(1, 301)]
    header = ["booking_id", "babies", "is_repeated_guest", "special_requests"]
    return {"bookings": (header, rows)}


TABLES = _tables()


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("how many bookings included at least one baby?", "select count(*) from bookings where babies >= 1"),
        (
            "what percentage of bookings are from returning guests?",
            "select avg(is_repeated_guest) from bookings",
        ),
        (
            "how many bookings asked for more than 1 special request?",
            "select count(*) from bookings where special_requests > 1",
        ),
    ],
)
def test_filler_verbs_and_returning(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = bot.ask(question)
    assert answer.status == "answer", answer.text
    want = ref.execute(sql).fetchone()[0]
    assert float(last_figure(answer)) == pytest.approx(float(want))
