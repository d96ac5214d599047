"""Orders priced per unit with a discount fraction and a unit cost beside the unit price (the Kaggle 'US
Regional Sales' shape): prices written as text with thousands commas, keys with a leading underscore,
a customer sheet whose names column is "Customer Names". Revenue is quantity x price x (1 - discount)
(the Unit Cost is a cost, never a second price), "net of discounts" said anywhere is that revenue, and
customers are shown by their names. Checked against DuckDB over the same files."""

from __future__ import annotations

import pytest
from tables import answered

SALES = (
    "OrderNumber,Sales Channel,OrderDate,_CustomerID,Order Quantity,Discount Applied,Unit Price,Unit Cost\n"
    + "".join(
        f"SO - {1000 + i},{('Online', 'In-Store', 'Wholesale')[i % 3]},{1 + i % 12}/{1 + i % 27}/19,{(1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 7)[i % 13]},"
        f'{1 + i % 8},{(0.05, 0.1, 0.15, 0.2)[i % 4]},"{1000 + (i * 37) % 3000:,}.50","{500 + (i * 17) % 400:,}.25"\n'
        for i in range(1, 161)
    )
)
CUSTOMERS = "_CustomerID,Customer Names\n" + "".join(f"{c},Client {chr(64 + c)} Ltd\n" for c in range(1, 8))
NET = '"Order Quantity" * replace("Unit Price", \',\', \'\')::DOUBLE * (1 - "Discount Applied")'


@pytest.fixture(scope="module")
def shop(crm):
    return crm.dataset({"sales": SALES, "customers": CUSTOMERS}, name="regional")


def test_revenue_is_net_of_the_discount_and_never_uses_the_cost(shop) -> None:
    answer = answered(shop.bot, "What's our total revenue after discounts?")
    assert answer.rows[0][0] == pytest.approx(shop.ref.execute(f"select sum({NET}) from sales").fetchone()[0])
    split = answered(shop.bot, "revenue by sales channel, net of discounts, biggest first")
    want = dict(shop.ref.execute(f'select "Sales Channel", sum({NET}) from sales group by 1').fetchall())
    assert {r[0]: r[1] for r in split.rows} == pytest.approx(want)


def test_customers_are_shown_by_their_names(shop) -> None:
    answer = answered(shop.bot, "Who are our top 3 customers by number of orders?")
    assert "Customer Names" in answer.columns
    want = shop.ref.execute(
        'select c."Customer Names" from sales s join customers c using (_CustomerID) '
        "group by 1 order by count(*) desc, min(c._CustomerID) limit 3"
    ).fetchall()
    names = [r[answer.columns.index("Customer Names")] for r in answer.rows]
    assert set(names) == {w[0] for w in want}


DATED = "OrderNumber,Sales Channel,OrderDate,ShipDate,DeliveryDate\n" + "".join(
    f"SO - {1000 + i},{('Online', 'In-Store')[i % 2]},2019-0{1 + i % 9}-0{1 + i % 9},"
    f"2019-0{1 + i % 9}-1{i % 9},2019-0{1 + i % 9}-2{i % 7}\n"
    for i in range(1, 61)
)


def test_days_from_a_verb_of_one_date_to_a_verb_of_another(crm) -> None:
    orders = crm.dataset({"sales": DATED}, name="dated")
    answer = answered(
        orders.bot,
        "On average, how many days does it take from when an order is placed until it's delivered?",
    )
    want = orders.ref.execute("select avg(date_diff('day', OrderDate, DeliveryDate)) from sales").fetchone()[
        0
    ]
    assert answer.rows[0][0] == pytest.approx(want)
    split = answered(orders.bot, "average days between shipping and delivery for each channel")
    want_split = dict(
        orders.ref.execute(
            "select \"Sales Channel\", avg(date_diff('day', ShipDate, DeliveryDate)) from sales group by 1"
        ).fetchall()
    )
    assert {r[0]: r[1] for r in split.rows} == pytest.approx(want_split)
