"""A chain of stores: orders (dated, by store and staff) with priced order items, products with a list
price, each store's stock levels (store, product, quantity) and its staff. Stock levels are no sales:
they get no listed price and no revenue, and "sold" reaches products through the order items, never
through the stock; "units sold" are the order items' quantity; "list price by category" is the
products' own price; the staff of each store are counted, not only those with orders. Checked against
DuckDB over the same tables."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

TABLES = {
    "stores": """store_id,store_name
1,North Bikes
2,South Bikes
""",
    "categories": """category_id,category_name
1,Road
2,Mountain
""",
    "products": """product_id,product_name,category_id,list_price
1,Racer,1,1000
2,Climber,2,800
3,Tourer,1,1200
4,Kid Bike,2,150
""",
    "staffs": """staff_id,first_name,store_id
1,Ann,1
2,Bob,1
3,Cid,2
4,Dee,2
5,Eve,2
""",
    "orders": """order_id,order_date,store_id,staff_id
1,2024-01-05,1,1
2,2024-01-20,1,2
3,2024-02-02,2,3
4,2024-03-11,2,3
""",
    "order_items": """order_id,item_id,product_id,quantity,list_price,discount
1,1,1,1,1000,0.1
1,2,4,2,150,0
2,1,3,1,1200,0.05
3,1,2,2,800,0.1
3,2,1,1,1000,0
4,1,2,1,800,0
""",
    "stocks": """store_id,product_id,quantity
1,1,5
1,2,3
1,3,0
1,4,7
2,1,2
2,2,9
2,3,4
2,4,1
""",
}


@pytest.fixture(scope="module")
def shop(crm):
    return crm.dataset(TABLES, name="bikes")


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "How many different products has each store sold?",
            "select s.store_name, count(distinct i.product_id) from order_items i join orders o using (order_id) "
            "join stores s using (store_id) group by 1",
        ),
        (
            "units sold by category",
            "select c.category_name, sum(i.quantity) from order_items i join products p using (product_id) "
            "join categories c using (category_id) group by 1",
        ),
        (
            "average list price by category",
            "select c.category_name, avg(p.list_price) from products p join categories c using (category_id) group by 1",
        ),
        (
            "How many employees work at each store?",
            "select s.store_name, count(*) from staffs t join stores s using (store_id) group by 1",
        ),
        (
            "Top 3 best-selling products by units sold",
            "select p.product_name, sum(i.quantity) from order_items i join products p using (product_id) "
            "group by 1 order by 2 desc limit 3",
        ),
    ],
)
def test_sales_are_read_from_the_order_items(shop, question: str, sql: str) -> None:
    answer = answered(shop.bot, question)
    shop.bot.reset()
    if (
        "store_name" in answer.columns
        or "category_name" in answer.columns
        or "product_name" in answer.columns
    ):
        name = next(c for c in ("store_name", "category_name", "product_name") if c in answer.columns)
        figure = next(
            i for i, c in enumerate(answer.columns) if c.startswith(("total", "count", "distinct", "avg"))
        )
        got = {str(r[answer.columns.index(name)]): round(float(r[figure]), 6) for r in answer.rows}
        want = {str(k): round(float(v), 6) for k, v in shop.ref.execute(sql).fetchall()}
        assert got == want
    else:
        figures_match(answer, shop.ref, sql)


def test_stock_levels_get_no_listed_price(shop) -> None:
    """Stock rows hold a quantity and a product key, like order lines, but nothing was sold there."""
    stocks = shop.bot.catalog.model.tables["stocks"]
    assert "list_price" not in stocks.columns
    answer = answered(shop.bot, "How many units do we have in stock at each store?")
    shop.bot.reset()
    assert "stocks" in answer.sql and "order_items" not in answer.sql
