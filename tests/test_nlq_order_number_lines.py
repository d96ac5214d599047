"""A retail export of order lines whose column names are run together in capitals (ORDERNUMBER,
QUANTITYORDERED, PRODUCTLINE, QTR_ID): the repeated ORDERNUMBER makes each row an order line, so "orders"
are its distinct numbers; a share of orders is over the distinct orders; a quarterly answer shows each
quarter's number; "list price" is the MSRP; whose the orders are is never the order number or a quarter's
id. Checked against DuckDB over the same table."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

HEADER = "ORDERNUMBER,QUANTITYORDERED,PRICEEACH,SALES,ORDERDATE,STATUS,QTR_ID,PRODUCTLINE,MSRP,CUSTOMERNAME"
LINES = [
    "10100,30,95.7,2871,2004-02-24,Shipped,1,Motorcycles,95,Land of Toys Inc.",
    "10100,20,80.5,1610,2004-02-24,Shipped,1,Classic Cars,100,Land of Toys Inc.",
    "10101,34,81.35,2765.9,2004-05-07,Shipped,2,Motorcycles,95,Reims Collectables",
    "10102,41,94.74,3884.34,2004-07-01,Cancelled,3,Classic Cars,100,Lyon Souveniers",
    "10102,45,83.26,3746.7,2004-07-01,Cancelled,3,Ships,80,Lyon Souveniers",
    "10103,49,100,5205.27,2004-08-25,Shipped,3,Ships,80,Toys4GrownUps.com",
    "10104,36,96.66,3479.76,2004-10-10,Shipped,4,Classic Cars,100,Corporate Gift Ideas Co.",
    "10104,29,86.13,2497.77,2004-10-10,Shipped,4,Motorcycles,95,Corporate Gift Ideas Co.",
    "10105,48,100,5512.32,2004-10-28,On Hold,4,Classic Cars,100,Technics Stores Inc.",
    "10106,22,98.57,2168.54,2004-11-11,Shipped,4,Ships,80,Daedalus Designs Imports",
]


@pytest.fixture(scope="module")
def sales(crm):
    return crm.dataset({"sales": "\n".join([HEADER, *LINES]) + "\n"}, name="orderlines")


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many orders do we have in total?", "select 'all', count(distinct ORDERNUMBER) from sales"),
        (
            "What percentage of orders were cancelled?",
            "select 'all', count(distinct ORDERNUMBER) filter (where STATUS = 'Cancelled') "
            "/ count(distinct ORDERNUMBER) from sales",
        ),
        ("average list price by product line", "select PRODUCTLINE, avg(MSRP) from sales group by 1"),
    ],
)
def test_order_lines_said_as_orders(sales, question: str, sql: str) -> None:
    figures_match(answered(sales.bot, question), sales.ref, sql)


def test_a_quarterly_answer_shows_each_quarters_number(sales) -> None:
    answer = answered(sales.bot, "revenue by quarter in 2004")
    want = sales.ref.execute("select quarter(ORDERDATE::date), sum(SALES) from sales group by 1").fetchall()
    at = answer.columns.index("quarter_number")
    assert {r[at] for r in answer.rows} == {q for q, _ in want}


def test_whose_orders_is_never_the_order_number() -> None:
    from catalog.semantic import ColumnInfo, Role
    from catalog.transactions import _names_document_or_period

    order = ColumnInfo("sales", "ORDERNUMBER", "BIGINT", Role.FOREIGN_KEY, synonyms=("order number",))
    quarter = ColumnInfo("sales", "QTR_ID", "BIGINT", Role.FOREIGN_KEY)
    customer = ColumnInfo("sales", "customer_id", "BIGINT", Role.FOREIGN_KEY)
    assert _names_document_or_period(order) and _names_document_or_period(quarter)
    assert not _names_document_or_period(customer)
