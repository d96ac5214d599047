"""The sample standard deviation of a measure ("standard deviation of income", "std dev of age for
students", by a group): STDDEV_SAMP, named as such; a grouped spread names no winner (no interval).

Expected figures are computed independently with plain SQL over the same small file."""

from __future__ import annotations

import pytest
from tables import answered

CUSTOMERS = """id,income,age,student,region
1,20,25,Yes,North
2,35,31,No,North
3,50,45,No,South
4,42,38,Yes,South
5,90,52,No,South
6,15,22,Yes,North
"""
TABLES = {"customers": CUSTOMERS}


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("what is the standard deviation of income", "select stddev_samp(income) from customers"),
        ("std dev of age for students", "select stddev_samp(age) from customers where student = 'Yes'"),
    ],
)
def test_standard_deviation(bot, ref, question: str, sql: str) -> None:
    a = answered(bot, question)
    (want,) = ref.execute(sql).fetchone()
    assert a.rows[0][-1] == pytest.approx(want)
    assert "standard deviation" in a.interpretation.lower()


def test_grouped_spread_names_no_winner(bot, ref) -> None:
    a = answered(bot, "standard deviation of income by region")
    want = dict(ref.execute("select region, stddev_samp(income) from customers group by region").fetchall())
    assert {r[0]: r[-1] for r in a.rows} == pytest.approx(want)
    assert "highest" not in a.text
