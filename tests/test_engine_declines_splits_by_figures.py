"""Totals per group, splits by a figure and averages per key are declined, while
their plain neighbours still answer (checked against an independent DuckDB)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from tables import ORDERS as SHOP_ORDERS

from assistant.engine import Assistant

CUSTOMERS = """id,name,region,plan,monthly_fee,churned
1,Ann,North,Basic,20,Yes
2,Bob,North,Pro,50,No
3,Cid,South,Pro,55,No
4,Dee,South,Enterprise,210,No
5,Eve,West,Basic,19,Yes
6,Fay,West,Enterprise,199,Yes
"""
ORDERS = (
    SHOP_ORDERS
    + """9,5,2024-06-02,Web,130.0
10,5,2024-06-03,Phone,140.0
11,6,2024-06-04,Web,60.0
12,3,2024-06-05,Partner,90.0
"""
)
TABLES = {"customers": CUSTOMERS, "orders": ORDERS}


AS_OF = dt.date(2024, 6, 30)
"""The date `bot` answers as of."""


@pytest.mark.parametrize(
    "question",
    [
        "How many customers spent more than 100 in total?",
        "customers with orders over 100 altogether",
        "Average monthly fee by number of plans",
        "churn rate by number of orders",
        "Average amount per customer",
    ],
)
def test_misreadable_shapes_are_declined(bot: Assistant, question: str) -> None:
    bot.reset()
    answer = bot.ask(question)
    assert answer.status in ("clarify", "unsupported"), (answer.text, answer.sql)


def test_a_row_comparison_still_answers(bot: Assistant, ref: duckdb.DuckDBPyConnection) -> None:
    bot.reset()
    answer = bot.ask("How many orders are over 100?")
    assert answer.status == "answer", answer.text
    (expected,) = ref.execute("select count(*) from orders where amount > 100").fetchone()
    assert answer.rows[0][-1] == expected


def test_rank_by_a_count_still_answers(bot: Assistant, ref: duckdb.DuckDBPyConnection) -> None:
    bot.reset()
    answer = bot.ask("Top 2 regions by number of customers")
    assert answer.status == "answer", answer.text
    expected = ref.execute(
        "select region, count(*) from customers group by 1 order by 2 desc limit 2"
    ).fetchall()
    assert answer.row_count == 2
    assert {r[0] for r in answer.rows} == {r[0] for r in expected}


def test_average_per_key_with_a_ranking_still_answers(bot: Assistant, ref: duckdb.DuckDBPyConnection) -> None:
    bot.reset()
    answer = bot.ask("top 2 customers by average amount")
    assert answer.status == "answer", answer.text
    expected = ref.execute(
        "select customer_id, avg(amount) from orders group by 1 order by 2 desc limit 2"
    ).fetchall()
    figure = answer.columns.index("avg_amount")  # the customer's name follows the figures
    assert [round(float(r[figure]), 6) for r in answer.rows] == [round(r[1], 6) for r in expected]


def test_average_by_a_category_still_answers(bot: Assistant, ref: duckdb.DuckDBPyConnection) -> None:
    bot.reset()
    answer = bot.ask("average amount by channel")
    assert answer.status == "answer", answer.text
    expected = dict(ref.execute("select channel, avg(amount) from orders group by 1").fetchall())
    got = {r[0]: float(r[1]) for r in answer.rows}
    assert got == pytest.approx(expected)


def test_does_each_groups(bot: Assistant, ref: duckdb.DuckDBPyConnection) -> None:
    bot.reset()
    answer = bot.ask("How many orders does each customer have?")
    assert answer.status == "answer", answer.text
    expected = dict(ref.execute("select customer_id, count(*) from orders group by 1").fetchall())
    figure = answer.columns.index("count")
    assert {int(r[0]): int(r[figure]) for r in answer.rows} == expected
