"""Age bands said in words ("in their 30s", "in her late forties", "aged 30-39", "25 to 34 years old")
read as a range of the age column, said in the interpretation; never where ages are not whole numbers
(an inclusive band would drop 39.5) or where the data has no age.

Expected figures are computed independently with plain SQL over the same small files."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tables import answered

from assistant.engine import Assistant
from nlq.agebands import read_age_bands
from nlq.text import tokens

PEOPLE = """id,age,income,left
1,19,100,Yes
2,25,200,No
3,29,300,Yes
4,30,400,No
5,34,500,No
6,39,600,Yes
7,40,700,No
8,47,800,No
9,49,900,Yes
10,52,1000,No
"""
FRACTIONAL = """id,age,income
1,30.5,100
2,39.5,200
3,41.0,300
"""
ORDERS = """id,amount,order_date
1,10,2024-01-01
2,20,2024-02-01
"""
TABLES = {"employees": PEOPLE, "patients": FRACTIONAL, "orders": ORDERS}


@pytest.mark.parametrize(
    ("question", "low", "high"),
    [
        ("how many employees are in their 30s", 30, 39),
        ("how many employees in their thirties", 30, 39),
        ("how many employees in their late forties", 47, 49),
        ("how many employees in their early twenties", 20, 23),
        ("how many employees aged 30-39", 30, 39),
        ("how many employees aged 25 to 34", 25, 34),
        ("how many employees 25 to 34 years old", 25, 34),
    ],
)
def test_a_band_is_a_range_of_ages(table_bot: Callable[[str], Assistant], ref, question, low, high) -> None:
    a = answered(table_bot("employees"), question)
    (want,) = ref.execute(f"select count(*) from employees where age >= {low} and age <= {high}").fetchone()
    assert a.rows[0][-1] == want
    assert f"ages {low} to {high}" in a.interpretation


def test_a_band_filters_any_figure(table_bot: Callable[[str], Assistant], ref) -> None:
    a = answered(table_bot("employees"), "average income of employees in their 40s")
    (want,) = ref.execute("select avg(income) from employees where age between 40 and 49").fetchone()
    assert a.rows[0][-1] == pytest.approx(want)


def test_fractional_ages_are_banded_half_open(table_bot: Callable[[str], Assistant], ref) -> None:
    """Ages kept with fractions: 39.5 is in its 30s (at least 30 and under 40), said so."""
    a = answered(table_bot("patients"), "how many patients are in their 30s")
    (want,) = ref.execute("select count(*) from patients where age >= 30 and age < 40").fetchone()
    assert a.rows[0][-1] == want == 2
    assert "up to (not including) 40" in a.interpretation


def test_no_age_column_leaves_the_words_unknown(table_bot: Callable[[str], Assistant]) -> None:
    a = table_bot("orders").ask("how many orders in their 30s")
    assert a.status != "answer"


def test_numbers_that_are_not_bands_are_kept() -> None:
    toks = tokens("orders from 2 to 5 items in the 30s")
    assert read_age_bands(toks) == (toks, [])
