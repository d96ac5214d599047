"""A word that is both a stored value and an amount ("sales": the department Sales, the money measure),
a money word inside a rating column's name (WorkLifeBalance of 1-4), and "how many" never summing an
amount: checked on a small staff table written by the test, against DuckDB over the same CSV."""

from __future__ import annotations

import random

import duckdb
import pytest
from tables import Dataset

from assistant.engine import Assistant

DEPARTMENTS = ("Sales", "Research", "Support")


def _staff(rows: int, seed: int) -> list[list[object]]:
    rng = random.Random(seed)
    return [
        [
            i,
            rng.choice(("Female", "Male")),
            rng.choice(DEPARTMENTS),
            rng.randint(1, 4),
            round(rng.uniform(1000, 9000), 2),
        ]
        for i in range(1, rows + 1)
    ]


HEADER = ["staff_id", "gender", "department", "work_life_balance", "bonus_amount"]


TABLES = {"staff": (HEADER, _staff(300, 7))}
PLAIN = {"staff": (HEADER[:-1], [r[:-1] for r in _staff(300, 8)])}
"""The same staff without the money column."""


@pytest.fixture(scope="module")
def plain(crm) -> Dataset:
    return crm.dataset(PLAIN, "no_money")


def _expected(ref: duckdb.DuckDBPyConnection, where: str) -> int:
    return ref.execute(f"select count(*) from staff where {where}").fetchone()[0]


def test_a_rating_named_like_money_is_no_amount(plain: Dataset) -> None:
    bot = plain.bot
    col = bot.catalog.model.tables["staff"].columns["work_life_balance"]
    assert col.unit != "money"
    answer = bot.ask("how many women work in sales?")
    assert answer.status == "answer", answer.text
    assert answer.rows[0][0] == _expected(plain.ref, "gender = 'Female' and department = 'Sales'")


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("how many women work in sales?", "gender = 'Female' and department = 'Sales'"),
        ("how many staff are in sales?", "department = 'Sales'"),
    ],
)
def test_a_stored_value_beats_the_money_word_after_a_count(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, where: str
) -> None:
    answer = bot.ask(question)
    assert answer.status == "answer", answer.text
    assert "SUM" not in answer.sql
    assert answer.rows[0][0] == _expected(ref, where)


def test_the_money_word_after_an_aggregation_is_the_amount(
    bot: Assistant, ref: duckdb.DuckDBPyConnection
) -> None:
    answer = bot.ask("total sales")
    assert answer.status == "answer", answer.text
    total = ref.execute("select sum(bonus_amount) from staff").fetchone()[0]
    assert answer.rows[0][0] == pytest.approx(total)


@pytest.mark.parametrize("question", ["how many bonus amount", "how many bonus amount do women get"])
def test_how_many_never_sums_an_amount_or_a_rating(bot: Assistant, question: str) -> None:
    answer = bot.ask(question)
    assert answer.status in ("clarify", "unsupported"), answer.sql
