"""A restaurant's bills (one row per party's visit: amount, tip, day, meal, smoker, party size): its rows
are visits and parties (catalog/concepts.yaml entities.visit), and with a smoker flag also a table of
people (its customers), its `size` is the party size (guests, diners); days stored short (Thur, Sat) are said in full (value_words.weekday). Checked
against DuckDB over the same CSV file."""

from __future__ import annotations

import random
from typing import Any

import duckdb
import pytest
from tables import answered

from catalog.concepts import bind_concepts


def _bills() -> list[tuple[Any, ...]]:
    rng = random.Random(11)
    return [
        (
            round(rng.uniform(5, 50), 2),
            round(rng.uniform(1, 8), 2),
            rng.choice(("Female", "Male")),
            rng.choice(("Yes", "No")),
            rng.choice(("Thur", "Fri", "Sat", "Sun")),
            rng.choice(("Lunch", "Dinner")),
            rng.randint(1, 6),
        )
        for _ in range(60)
    ]


TABLES = {
    "checks": (["total_bill", "tip", "sex", "smoker", "day", "time", "size"], _bills()),
    "visits": (["visit_id", "smoker", "fee"], [(i, ("Yes", "No")[i % 2], 10 * i) for i in range(1, 21)]),
}


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many visits do we have?", "select count(*) from checks"),
        ("How many parties came for dinner?", "select count(*) from checks where time = 'Dinner'"),
        ("How many parties had no smokers?", "select count(*) from checks where smoker = 'No'"),
        ("What is the total tip on Saturdays?", "select sum(tip) from checks where day = 'Sat'"),
        ("How many visits on Thursday?", "select count(*) from checks where day = 'Thur'"),
        ("Average tip of female customers", "select avg(tip) from checks where sex = 'Female'"),
        ("What's the average dinner bill?", "select avg(total_bill) from checks where time = 'Dinner'"),
        ("What's the median bill amount?", "select median(total_bill) from checks"),
        ("What was the biggest tip anyone left?", "select max(tip) from checks"),
        ("How many guests did we serve in total?", "select sum(size) from checks"),
        ("How many guests on Saturday?", "select sum(size) from checks where day = 'Sat'"),
        ("What is the average party size?", "select avg(size) from checks"),
        ("How many parties did we serve on Sunday?", "select count(*) from checks where day = 'Sun'"),
        (
            "How many non-smoking parties on Sunday?",
            "select count(*) from checks where day = 'Sun' and smoker = 'No'",
        ),
        ("Revenue per guest", "select sum(total_bill) / sum(size) from checks"),
        ("How much do we make per guest on average?", "select sum(total_bill) / sum(size) from checks"),
        (
            "On average, what percent of the bill do customers leave as a tip?",
            "select sum(tip) / sum(total_bill) from checks",
        ),
        ("How much did we collect in tips on Saturdays?", "select sum(tip) from checks where day = 'Sat'"),
    ],
)
def test_visit_words_and_weekdays(
    table_bot: Any, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(table_bot("checks"), question)
    assert answer.rows[0][-1] == pytest.approx(ref.execute(sql).fetchone()[0])


def test_a_visits_table_stays_visits_beside_a_smoker_flag(table_bot: Any, loaded: Any) -> None:
    bot = table_bot("visits")
    assert bot.ask("How many customers do we have?").status in ("clarify", "unsupported")
    bound = {(b.concept, b.target) for b in bind_concepts(loaded.model)}
    assert ("visit", "visits") in bound and ("person", "visits") not in bound
    assert ("visit", "checks") in bound and ("person", "checks") in bound


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("Total tips per day", "select day, sum(tip) from checks group by day"),
        ("Number of visits for each day", "select day, count(*) from checks group by day"),
        ("How many visits for each party size?", "select size, count(*) from checks group by size"),
        ("Revenue split between lunch and dinner", "select time, sum(total_bill) from checks group by time"),
        ("Average bill amount by day of the week", "select day, avg(total_bill) from checks group by day"),
        ("Average tip by meal", "select time, avg(tip) from checks group by time"),
        (
            "Compare the average bill of smoking and non-smoking parties",
            "select smoker, avg(total_bill) from checks group by smoker",
        ),
    ],
)
def test_a_column_named_day_wins_over_a_grain_without_dates(
    table_bot: Any, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(table_bot("checks"), question)
    expected = {str(k).lower(): v for k, v in ref.execute(sql).fetchall()}
    assert {str(r[0]).lower(): r[1] for r in answer.rows} == pytest.approx(expected)


def test_an_amount_per_guest_is_said_in_money_and_names_its_reading(table_bot: Any) -> None:
    answer = answered(table_bot("checks"), "What is the average total bill per guest?")
    assert "$" in answer.text and "%" not in answer.text
    assert "ratio of the totals" in answer.interpretation


def test_by_two_values_of_one_column_splits_by_it(table_bot: Any, ref: duckdb.DuckDBPyConnection) -> None:
    """ "revenue by lunch and dinner": each value its own group, never one total over both."""
    a = answered(table_bot("checks"), "revenue by lunch and dinner")
    want = dict(ref.execute("select time, sum(total_bill) from checks group by time").fetchall())
    got = {r[0]: r[-1] for r in a.rows}
    assert got == pytest.approx(want) and len(got) == 2
