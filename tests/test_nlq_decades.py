"""A decade ("in the 1990s", "the 90s", "the '80s") is its ten years, not the year it starts with.
Checked against DuckDB over the same CSV."""

from __future__ import annotations

import datetime as dt
import random

import duckdb
import pytest
from tables import Table, answered

from assistant.engine import Assistant
from nlq.text import tokens
from nlq.timephrases import find_time


def _tables() -> dict[str, Table]:
    rng = random.Random(7)
    rows = [
        [i, rng.choice(("Web", "Phone")), dt.date(1975, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 40))]
        for i in range(1, 201)
    ]
    return {"orders": (["order_id", "channel", "order_date"], rows)}


TABLES = _tables()


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("How many orders did we receive in the 1990s?", 1990),
        ("how many orders in the 90s", 1990),
        ("How many orders were placed in the '80s?", 1980),
        ("how many web orders during the 2000s", 2000),
    ],
)
def test_a_decade_is_ten_years(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, first: int
) -> None:
    answer = answered(bot, question)
    where = f"year(order_date) between {first} and {first + 9}"
    if "web" in question:
        where += " and channel = 'Web'"
    want = ref.execute(f"select count(*) from orders where {where}").fetchone()[0]
    assert answer.rows[0][0] == want
    assert f"{first}s" in answer.interpretation


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("in the 1990s", ("1990-01-01", "2000-01-01")),
        ("in the 1990's", ("1990-01-01", "2000-01-01")),
        ("the 20s", ("2020-01-01", "2030-01-01")),
        ("in 1990", ("1990-01-01", "1991-01-01")),
    ],
)
def test_decade_ranges(text: str, span: tuple[str, str]) -> None:
    (found,) = find_time(tokens(text), dt.date(2026, 6, 1))
    assert found.range is not None
    assert (found.range.start.isoformat(), found.range.end.isoformat()) == span


def test_an_age_in_their_thirties_is_not_a_decade() -> None:
    assert find_time(tokens("clients in their 30s"), dt.date(2026, 6, 1)) == []
