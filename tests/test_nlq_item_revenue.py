"""Items sold one a row (order_items: keys to the order, product and seller, a price, no quantity): revenue
and sales are the sum of the items' prices, so they split by seller and product category; what customers
paid stays the payments' amount. A deadline date (shipping_limit_date, an estimated delivery) never dates
a record: items are dated by their order's purchase. Expected values come from an independent DuckDB."""

from __future__ import annotations

import duckdb
import pytest
from tables import answered

from assistant.engine import Assistant

ORDERS = """order_id,customer_id,order_status,order_purchase_timestamp,order_delivered_date,order_estimated_delivery_date
o1,c1,delivered,2023-12-20 10:00:00,2024-01-03 10:00:00,2024-01-05 00:00:00
o2,c2,delivered,2024-02-01 09:00:00,2024-02-20 12:00:00,2024-02-10 00:00:00
o3,c1,delivered,2024-03-05 15:00:00,2024-03-09 12:00:00,2024-03-20 00:00:00
o4,c3,canceled,2024-04-11 08:00:00,,2024-04-30 00:00:00
o5,c2,delivered,2024-05-02 11:00:00,2024-05-30 16:00:00,2024-05-20 00:00:00
"""
ITEMS = """order_id,order_item_id,product_id,seller_id,shipping_limit_date,price,freight_value
o1,1,p1,s1,2024-01-02 00:00:00,100.0,10.0
o1,2,p2,s2,2024-01-02 00:00:00,40.0,5.0
o2,1,p1,s1,2024-02-05 00:00:00,100.0,12.0
o3,1,p3,s3,2024-03-08 00:00:00,250.0,20.0
o3,2,p3,s3,2024-03-08 00:00:00,250.0,20.0
o4,1,p2,s2,2024-04-15 00:00:00,40.0,4.0
o5,1,p4,s1,2024-05-06 00:00:00,75.0,8.0
"""
PAYMENTS = """order_id,payment_sequential,payment_type,payment_value
o1,1,credit_card,155.0
o2,1,boleto,112.0
o3,1,credit_card,300.0
o3,2,voucher,240.0
o4,1,credit_card,44.0
o5,1,debit_card,83.0
"""
PRODUCTS = """product_id,product_category,product_weight_g
p1,toys,500
p2,books,300
p3,garden,2000
p4,toys,800
"""
SELLERS = """seller_id,seller_state
s1,SP
s2,RJ
s3,MG
"""
TRANSLATION = """product_category,product_category_english
toys,toys_en
books,books_en
garden,garden_en
music,music_en
"""
"""Category names in another language, a table no key joins: "product category" is still the products'."""
TABLES = {
    "category_translation": TRANSLATION,
    "orders": ORDERS,
    "order_items": ITEMS,
    "payments": PAYMENTS,
    "products": PRODUCTS,
    "sellers": SELLERS,
}


def _rows(rows) -> set[tuple]:
    return {tuple(round(float(v), 4) if isinstance(v, int | float) else str(v) for v in r) for r in rows}


GROUPED = [
    (
        "Top 2 sellers by revenue",
        "select seller_id, sum(price) from order_items group by 1 order by 2 desc limit 2",
    ),
    (
        "total sales by product category",
        "select p.product_category, sum(i.price) from order_items i join products p using (product_id) group by 1",
    ),
]


@pytest.mark.parametrize(("question", "sql"), GROUPED)
def test_revenue_of_items_splits_by_what_the_items_name(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    a = answered(bot, question)
    assert _rows(a.rows) == _rows(ref.execute(sql).fetchall())


FIGURES = [
    ("what is the total revenue?", "select sum(price) from order_items"),
    ("how much did customers pay in total?", "select sum(payment_value) from payments"),
    (
        "total sales in 2024",
        "select sum(i.price) from order_items i join orders o using (order_id) "
        "where o.order_purchase_timestamp >= '2024-01-01' and o.order_purchase_timestamp < '2025-01-01'",
    ),
    (
        "how many orders in 2024?",
        "select count(*) from orders where order_purchase_timestamp >= '2024-01-01' "
        "and order_purchase_timestamp < '2025-01-01'",
    ),
]


@pytest.mark.parametrize(("question", "sql"), FIGURES)
def test_one_figure(bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str) -> None:
    a = answered(bot, question)
    (want,) = ref.execute(sql).fetchone()
    assert a.rows[0][0] == pytest.approx(float(want))


def test_items_with_another_money_column_get_no_item_revenue(crm) -> None:
    """A discount amount beside the price (not a cost passed on): the sum of prices would not be revenue."""
    items = ITEMS.replace("freight_value", "discount_amount")
    bot = crm.assistant({**TABLES, "order_items": items})
    a = bot.ask("Top 2 sellers by revenue")
    assert a.status != "answer" or "price" not in a.sql, (a.text, a.sql)
