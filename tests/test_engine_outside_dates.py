"""A period wholly outside the dates a column holds is asked back with the column's range ("orders in
2019" on data from 2024: the data says nothing of 2019, never a zero); a period inside the data adds nothing."""

from __future__ import annotations

from tables import answered

ORDERS = """id,amount,order_date
1,10,2024-01-05
2,20,2024-03-01
3,5,2025-02-10
"""
TABLES = {"orders": ORDERS}


def test_a_period_before_the_data_is_asked_back_with_the_range(bot, ref) -> None:
    a = bot.ask("how many orders in 2019")
    (want,) = ref.execute("select count(*) from orders where year(order_date) = 2019").fetchone()
    assert want == 0 and a.status == "clarify" and not a.rows
    first, last = ref.execute("select min(order_date), max(order_date) from orders").fetchone()
    assert f"order dates run from {first} to {last}" in a.text


def test_a_period_inside_the_data_adds_nothing(bot) -> None:
    a = answered(bot, "how many orders in 2024")
    assert "run from" not in a.text
