"""Export shapes met on unseen data in round 21 (tests/questions/README.md), each answer checked against
DuckDB over the same rows:

- a sales log of lines with an order quantity and no order number, beside one that keeps an invoice
  number ("how many orders" are the lines of the first, the distinct invoices of the second);
"""

from __future__ import annotations

import pytest
from tables import answered

LINES = "sale_date,country,order_quantity,revenue\n" + "".join(
    f"2016-{1 + i % 12:02d}-{1 + i % 28:02d},{('France', 'Germany')[i % 2]},{1 + (i * 7) % 30},{100 + i}\n"
    for i in range(1, 301)
)
INVOICED = "InvoiceNo,InvoiceDate,Quantity,UnitPrice,Country\n" + "".join(
    f"{53000 + i // 3},2011-{1 + i % 12:02d}-{1 + i % 28:02d},{1 + i % 9},{(i % 7) + 0.5},France\n"
    for i in range(1, 301)
)


@pytest.fixture(scope="module")
def bikes(crm):
    return crm.dataset({"sales": LINES}, name="bike_lines")


@pytest.fixture(scope="module")
def retail(crm):
    return crm.dataset({"transactions": INVOICED}, name="invoiced")


def one(ds, sql: str):
    return ds.ref.execute(sql).fetchone()[0]


def test_orders_of_a_log_without_order_numbers_are_its_lines(bikes, retail) -> None:
    """ "how many orders" of sales lines with no order id counts the lines (never the order quantity);
    where an invoice number is kept, the orders are its distinct numbers."""
    big = answered(bikes.bot, "How many orders were for more than 20 units?")
    assert big.rows[0][0] == one(bikes, "select count(*) from sales where order_quantity > 20")
    units = answered(bikes.bot, "how many units did we sell?")
    assert units.rows[0][0] == one(bikes, "select sum(order_quantity) from sales")
    invoices = retail.bot.ask("how many orders are there?")
    retail.bot.reset()
    lines = one(retail, "select count(*) from transactions")
    assert invoices.status != "answer" or invoices.rows[0][0] == one(
        retail, "select count(distinct InvoiceNo) from transactions"
    ), "the lines of invoices are never each an order"
    assert lines != one(retail, "select count(distinct InvoiceNo) from transactions")
