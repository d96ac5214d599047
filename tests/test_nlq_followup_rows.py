"""Follow-ups that point at the previous answer's rows: "the total on those", "how many orders has each
of them placed?" (one figure per record the previous question listed). Expected values come from an
independent DuckDB over the same CSV files."""

from __future__ import annotations

import duckdb
import pytest

from assistant.engine import Assistant

CUSTOMERS = """customer_id,name,country
1,Ana,Mexico
2,Bo,Mexico
3,Cy,USA
4,Di,USA
5,Ed,Mexico
6,Fe,Canada
7,Gil,Canada
"""
ORDERS = """order_id,customer_id,ship_country,freight
10,1,Mexico,5.5
11,1,Mexico,2.0
12,2,Mexico,7.25
13,3,USA,1.0
14,4,USA,3.0
15,4,USA,4.5
16,5,Mexico,9.0
18,6,Canada,2.0
17,3,USA,0.5
"""


TABLES = {"customers": CUSTOMERS, "orders": ORDERS}


def _ask(bot: Assistant, *questions: str):
    answers = [bot.ask(q) for q in questions]
    return answers[-1]


@pytest.mark.parametrize("pronoun", ["on those", "on them", "for these"])
def test_a_figure_on_those_keeps_the_previous_rows(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, pronoun: str
) -> None:
    a = _ask(bot, "How many orders had a freight over 3?", f"what was the total freight {pronoun}?")
    assert a.status == "answer", a.text
    (want,) = ref.execute("select sum(freight) from orders where freight > 3").fetchone()
    assert a.rows[0][0] == pytest.approx(want)


def test_each_of_them_gives_one_figure_per_listed_record(
    bot: Assistant, ref: duckdb.DuckDBPyConnection
) -> None:
    a = _ask(bot, "List the customers in Mexico", "how many orders has each of them placed?")
    assert a.status == "answer", a.text
    want = ref.execute(
        "select c.customer_id, count(*) from customers c join orders o using (customer_id) "
        "where c.country = 'Mexico' group by 1"
    ).fetchall()
    got = {(r[0], r[1]) for r in a.rows}
    assert got == set(want)


def test_each_of_them_after_a_grouped_answer_is_declined(bot: Assistant) -> None:
    a = _ask(bot, "How many customers in each country?", "how many orders has each of them placed?")
    assert a.status == "clarify"


def test_each_of_them_with_nothing_before_is_declined(bot: Assistant) -> None:
    a = _ask(bot, "how many orders has each of them placed?")
    assert a.status == "clarify"


@pytest.mark.parametrize(
    "first",
    [
        "List the customers in Canada",  # Gil has no orders: he would silently drop out of the counts
    ],
)
def test_each_of_them_that_cannot_show_every_record_is_declined(bot: Assistant, first: str) -> None:
    a = _ask(bot, first, "how many orders has each of them placed?")
    assert a.status == "clarify", (a.text, a.sql)


def test_each_of_the_top_ones_is_counted_for_those_only(
    bot: Assistant, ref: duckdb.DuckDBPyConnection
) -> None:
    """After "which 2 customers ...", "each of them" is those two customers (the groups named), each counted."""
    a = _ask(
        bot, "Which 2 customers have the highest total freight?", "how many orders has each of them placed?"
    )
    assert a.status == "answer", a.text
    top = ref.execute(
        "select customer_id from orders group by 1 order by sum(freight) desc, customer_id limit 2"
    ).fetchall()
    want = ref.execute(
        "select customer_id, count(*) from orders where customer_id in (?, ?) group by 1", [t[0] for t in top]
    ).fetchall()
    assert {(r[0], r[1]) for r in a.rows} == set(want)
