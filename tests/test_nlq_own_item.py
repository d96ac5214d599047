""" "Recommend the item", "rated the product": on reviews of items (a product key with no table of its
own), the item each review is about, neither grouped nor filtered by. Checked against DuckDB."""

from __future__ import annotations

import random
from typing import Any

import duckdb
import pytest
from tables import answered

from assistant.engine import Assistant


def _reviews() -> tuple[list[str], list[tuple[Any, ...]]]:
    rnd = random.Random(3)
    rows = []
    for i in range(200):
        rating = 1 + rnd.randrange(5)
        rows.append(
            (
                i + 1,
                1000 + rnd.randrange(25),
                rating,
                int(rating >= 3 or rnd.random() < 0.2),
                rnd.choice(["Tops", "Dresses"]),
            )
        )
    return ["review_id", "product_id", "rating", "recommended", "department"], rows


TABLES = {"reviews": _reviews()}


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "How many reviews would not recommend the item they bought?",
            "select count(*) from reviews where recommended = 0",
        ),
        (
            "How many reviews rated the product 2 stars or lower?",
            "select count(*) from reviews where rating <= 2",
        ),
        ("What share of reviews recommend the item?", "select avg(recommended) from reviews"),
    ],
)
def test_the_item_of_each_review(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(bot, question)
    assert answer.rows[0][0] == pytest.approx(ref.execute(sql).fetchone()[0])


def test_an_item_named_or_grouped_is_not_dropped(bot: Assistant, ref: duckdb.DuckDBPyConnection) -> None:
    bot.reset()
    answer = bot.ask("number of reviews per product")
    assert (
        answer.status == "answer"
        and len(answer.rows) == ref.execute("select count(distinct product_id) from reviews").fetchone()[0]
    )
