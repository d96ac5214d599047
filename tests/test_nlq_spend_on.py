"""A money word that could mean several amount columns ("spend": amount_food, amount_drinks, amount_toys)
is the one the words after "on"/"for" name ("spend on food"); without them it is their total (the amounts
are one figure split by category). Checked
against DuckDB over the same CSV."""

from __future__ import annotations

import random

import duckdb
import pytest
from tables import Table, answered

from assistant.engine import Assistant


def _tables() -> dict[str, Table]:
    rng = random.Random(11)
    rows = [
        [i, rng.choice(("North", "South")), *(round(rng.uniform(0, 500), 2) for _ in range(3))]
        for i in range(1, 201)
    ]
    header = ["customer_id", "region", "amount_food", "amount_drinks", "amount_toys"]
    return {"customers": (header, rows)}


TABLES = _tables()


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("how much did customers spend on food in total?", "select 'all', sum(amount_food) from customers"),
        ("average spending on toys by region", "select region, avg(amount_toys) from customers group by 1"),
        (
            "total spend for drinks in the North",
            "select 'n', sum(amount_drinks) from customers where region = 'North'",
        ),
    ],
)
def test_the_words_after_on_name_the_amount(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(bot, question)
    want = {round(float(r[1]), 4) for r in ref.execute(sql).fetchall()}
    at = next(i for i, c in enumerate(answer.columns) if c.startswith(("avg", "total")))
    assert {round(float(r[at]), 4) for r in answer.rows} == want


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "average spending by region",
            "select region, avg(amount_food + amount_drinks + amount_toys) from customers group by 1",
        ),
        (
            "top 3 customers by total spend",
            "select customer_id, amount_food + amount_drinks + amount_toys "
            "from customers order by 2 desc limit 3",
        ),
    ],
)
def test_without_them_it_is_the_total_of_the_parts(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(bot, question)
    want = {round(float(r[1]), 4) for r in ref.execute(sql).fetchall()}
    at = next(i for i, c in enumerate(answer.columns) if "total" in c)
    assert {round(float(r[at]), 4) for r in answer.rows} == want


def test_a_part_named_before_the_money_word_is_that_part(
    bot: Assistant, ref: duckdb.DuckDBPyConnection
) -> None:
    answer = answered(bot, "average toys spend by region")
    sql = "select region, avg(amount_toys) from customers group by 1"
    want = {round(float(r[1]), 4) for r in ref.execute(sql).fetchall()}
    at = next(i for i, c in enumerate(answer.columns) if c.startswith("avg"))
    assert {round(float(r[at]), 4) for r in answer.rows} == want
