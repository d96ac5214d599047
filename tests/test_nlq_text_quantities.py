"""A text column named like a quantity or an amount whose values are almost all numbers (one stray word
in 15 rows) is a measure, cast where aggregated (the stray value read as empty); "order lines" are the
order items; "quantity per order" on order lines is asked back (each order's average or the total over
the orders), never the column read as a phrase. Checked against DuckDB over the same CSVs."""

from __future__ import annotations

import duckdb
import pytest
from tables import Table, answered

from assistant.engine import Assistant

QUANTITIES = ["2", "3", "4", "5", "7", "8", "9", "male", "3", "7", "8", "9", "4", "2", "5"]


def _tables() -> dict[str, Table]:
    items = [[i + 1, i % 6 + 1, ("Clothes", "Hardware")[i % 2], q] for i, q in enumerate(QUANTITIES)]
    orders = [[o, f"2018-0{o % 9 + 1}-01"] for o in range(1, 7)]
    return {
        "order_items": (["order_item_id", "order_id", "product_type_code", "order_quantity"], items),
        "orders": (["order_id", "order_date"], orders),
    }


TABLES = _tables()


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "What's the average quantity per order line?",
            "select avg(try_cast(order_quantity as int)) from order_items",
        ),
        ("total order quantity", "select sum(try_cast(order_quantity as int)) from order_items"),
        (
            "total quantity by product type",
            "select product_type_code, sum(try_cast(order_quantity as int)) from order_items group by 1 order by 1",
        ),
    ],
)
def test_numbers_stored_as_text(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(bot, question)
    want = ref.execute(sql).fetchall()
    assert sorted(tuple(r) for r in answer.rows) == pytest.approx(sorted(want))


def test_quantity_per_order_is_asked_back(bot: Assistant) -> None:
    answer = bot.ask("average quantity per order")
    bot.reset()
    assert answer.status == "clarify", answer.sql


def test_a_code_column_of_few_numbers_stays_a_category(crm) -> None:
    rows = [[i, ("1", "2", "3", "x")[i % 4]] for i in range(40)]
    answer = crm.assistant({"tickets": (["ticket_id", "priority_code"], rows)}).ask("average priority code")
    assert answer.status != "answer", answer.sql
