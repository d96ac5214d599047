"""A rental shop (films -> copies -> rentals): "films never rented" two hops away, "films rated PG-13"
(a participle of the rating column). Checked against DuckDB over the same CSV files."""

from __future__ import annotations

import random
from typing import Any

import duckdb
import pytest
from tables import answered

from assistant.engine import Assistant


def _tables() -> dict[str, Any]:
    rnd = random.Random(11)
    films = [
        (i, f"Title {i}", rnd.choice(["G", "PG", "PG-13", "R"]), 60 + rnd.randrange(120))
        for i in range(1, 41)
    ]
    copies = [(100 + j, 1 + rnd.randrange(34)) for j in range(80)]  # films 35-40 have no copy
    rentals = [
        (5000 + k, 100 + rnd.randrange(60), f"2024-{1 + k % 12:02d}-{1 + k % 28:02d}") for k in range(300)
    ]
    return {
        "films": (["film_id", "title", "rating", "length"], films),
        "copies": (["copy_id", "film_id"], copies),
        "rentals": (["rental_id", "copy_id", "rental_date"], rentals),
    }


TABLES = _tables()


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "How many films in our catalog have never been rented?",
            "select count(*) from films where film_id not in"
            " (select c.film_id from rentals r join copies c using (copy_id))",
        ),
        ("How many films are rated PG-13?", "select count(*) from films where rating = 'PG-13'"),
    ],
)
def test_answers(bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str) -> None:
    answer = answered(bot, question)
    assert answer.rows[0][0] == ref.execute(sql).fetchone()[0]
