"""Question shapes met on a table of cardholders (default, student, balance, income): a year-like number
after a comparison is a number ("a balance over 2,000"); "each combination of X status and Y status"
splits by both yes/no columns; "is the rate higher for A or not-A" shows the rate of each side; "the five
highest balances, with each customer's income" lists the top rows with that column; a balance of
cardholders is their debt ("card balance", "outstanding"); "what income do students have (on average)"
filters by the students, never splits; groups compared by a bare amount ("who earns more, students or
non-students?") are asked back: in total or on average. Checked against DuckDB over the same CSV."""

from __future__ import annotations

import random
from typing import Any

import duckdb
import pytest
from tables import answered, last_figure


def _tables() -> dict[str, Any]:
    rng = random.Random(11)
    rows = [
        (
            rng.choice(("Yes", "No", "No", "No")),
            rng.choice(("Yes", "No")),
            rng.choice((0.0, round(rng.uniform(1, 2600), 2))),
            round(rng.uniform(800, 70000), 2),
        )
        for _ in range(400)
    ]
    return {"cardholders": (["default", "student", "balance", "income"], rows)}


TABLES = _tables()
DEFAULTED = "(\"default\" = 'Yes')::int"


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "Among customers with a balance over 2,000, what fraction defaulted?",
            f"select avg({DEFAULTED}) from cardholders where balance > 2000",
        ),
        (
            "How many customers have a balance above 1999?",
            "select count(*) from cardholders where balance > 1999",
        ),
        ("What's the average card balance across all customers?", "select avg(balance) from cardholders"),
        (
            "What is the total balance outstanding across all cardholders?",
            "select sum(balance) from cardholders",
        ),
        (
            "How much do students owe on average?",
            "select avg(balance) from cardholders where student = 'Yes'",
        ),
        (
            "What income do students have on average?",
            "select avg(income) from cardholders where student = 'Yes'",
        ),
        ("What income do students have?", "select sum(income) from cardholders where student = 'Yes'"),
    ],
)
def test_one_figure(bot: Any, ref: duckdb.DuckDBPyConnection, question: str, sql: str) -> None:
    answer = answered(bot, question)
    assert last_figure(answer) == pytest.approx(ref.execute(sql).fetchone()[0])


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "Give me the number of customers for each combination of student status and default status.",
            "select student = 'Yes', \"default\" = 'Yes', count(*) from cardholders group by all",
        ),
        (
            "Average income by student status and default status",
            "select student = 'Yes', \"default\" = 'Yes', avg(income) from cardholders group by all",
        ),
        (
            "Is the default rate higher for students or non-students? Show the rate for each.",
            f"select student = 'Yes', avg({DEFAULTED}) from cardholders group by all",
        ),
        (
            "Do students or non-students have a higher average balance?",
            "select student = 'Yes', avg(balance) from cardholders group by all",
        ),
    ],
)
def test_one_figure_per_group(bot: Any, ref: duckdb.DuckDBPyConnection, question: str, sql: str) -> None:
    answer = answered(bot, question)
    groups = sum(1 for c in answer.columns if c in ("student", "default"))
    got = {tuple(r[:groups]): r[groups] for r in answer.rows}
    want = {tuple(r[:-1]): r[-1] for r in ref.execute(sql).fetchall()}
    assert got.keys() == want.keys()
    assert all(got[k] == pytest.approx(want[k]) for k in want)


def test_the_five_highest_balances_with_each_customers_income(
    bot: Any, ref: duckdb.DuckDBPyConnection
) -> None:
    answer = answered(bot, "Show the five highest balances we have, with each customer's income.")
    want = ref.execute("select balance, income from cardholders order by balance desc limit 5").fetchall()
    assert [tuple(r) for r in answer.rows] == [tuple(r) for r in want]


def test_the_three_lowest_incomes(bot: Any, ref: duckdb.DuckDBPyConnection) -> None:
    answer = answered(bot, "What are the 3 lowest incomes?")
    want = ref.execute("select income from cardholders order by income limit 3").fetchall()
    assert [r[-1] for r in answer.rows] == [r[0] for r in want]


def test_one_highest_balance_stays_a_maximum(bot: Any, ref: duckdb.DuckDBPyConnection) -> None:
    answer = answered(bot, "What is the highest balance?")
    assert answer.rows[0][-1] == ref.execute("select max(balance) from cardholders").fetchone()[0]


@pytest.mark.parametrize(
    "question",
    [
        "Who earns more, students or non-students?",
        "Do students or non-students earn more?",
        "Is income higher among students or non-students?",
    ],
)
def test_groups_compared_by_a_bare_amount_are_asked_back(bot: Any, question: str) -> None:
    answer = bot.ask(question)
    assert answer.status == "clarify" and "in total, or on average" in answer.text
