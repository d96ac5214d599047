"""Store and market columns said in words (a small Carseats-like table): abbreviated names written out
(ShelveLoc = shelf location, CompPrice = competitor price), checked against DuckDB over the same CSV."""

from __future__ import annotations

import random

import duckdb
import pytest
from tables import Table

from assistant.engine import Assistant
from catalog.concepts import name_readings, name_words


def _tables() -> dict[str, Table]:
    rng = random.Random(7)
    rows = [
        [
            round(rng.uniform(0, 16), 2),
            rng.randint(80, 170),
            rng.randint(20, 120),
            rng.randint(0, 25),
            rng.randint(10, 500),
            rng.randint(30, 190),
            rng.choice(("Bad", "Medium", "Good")),
            rng.randint(25, 80),
            rng.choice(("Yes", "No")),
            rng.choice(("Yes", "No")),
        ]
        for _ in range(120)
    ]
    header = ["Sales", "CompPrice", "Income", "Advertising", "Population", "Price", "ShelveLoc", "Age"]
    return {"stores": ([*header, "Urban", "US"], rows)}


TABLES = _tables()


@pytest.mark.parametrize(
    ("name", "words", "readings"),
    [
        ("ShelveLoc", ["shelf", "location"], ["shelf location"]),  # "shelve" is the verb of "shelf"
        ("CompPrice", ["competitor", "price"], ["competitor price", "compensation price"]),
        ("Competitor", ["competitor"], ["competitor"]),  # a whole word keeps its one reading
        ("leave_days", ["leave", "days"], ["leave days"]),  # a noun too: never another noun
    ],
)
def test_abbreviated_names_are_written_out(name: str, words: list[str], readings: list[str]) -> None:
    assert name_words(name) == words
    assert name_readings(name) == readings


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("average sales by shelf location", "select ShelveLoc, avg(Sales) from stores group by 1"),
        (
            "how many stores are there for each shelf location?",
            "select ShelveLoc, count(*) from stores group by 1",
        ),
        (
            "average competitor price by shelf location",
            "select ShelveLoc, avg(CompPrice) from stores group by 1",
        ),
    ],
)
def test_written_out_names_find_their_columns(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = bot.ask(question)
    bot.reset()
    assert answer.status == "answer", answer.text
    want = {(str(r[0]), round(float(r[1]), 6)) for r in ref.execute(sql).fetchall()}
    at = next(i for i, c in enumerate(answer.columns) if c.startswith(("avg", "count")))
    assert {(str(r[0]), round(float(r[at]), 6)) for r in answer.rows} == want
