"""A period wholly outside the dates a column holds is said beside its empty figure, with the column's
range ("orders in 2019" on data from 2024: 0, and why); a period inside the data adds nothing."""

from __future__ import annotations

from tables import answered

ORDERS = """id,amount,order_date
1,10,2024-01-05
2,20,2024-03-01
3,5,2025-02-10
"""
TABLES = {"orders": ORDERS}


def test_a_period_before_the_data_says_the_range(bot, ref) -> None:
    a = answered(bot, "how many orders in 2019")
    (want,) = ref.execute("select count(*) from orders where year(order_date) = 2019").fetchone()
    assert a.rows[0][-1] == want == 0
    first, last = ref.execute("select min(order_date), max(order_date) from orders").fetchone()
    assert f"order dates run from {first} to {last}" in a.text


def test_a_period_inside_the_data_adds_nothing(bot) -> None:
    a = answered(bot, "how many orders in 2024")
    assert "run from" not in a.text
