"""Relations inferred from a column's name stem and its values (Northwind's Orders.ShipVia ->
Shippers.ShipperID, declared nowhere): an integer column not named like an id, a word of which begins
another table's entity, and every value of which is a key there. Amounts, counts and durations never
link, nor does a column with a value outside the keys. Expected counts come from an independent DuckDB."""

from __future__ import annotations

import duckdb

from assistant.engine import Assistant
from catalog import Catalog

ORDERS = """order_id,ship_via,ship_days,freight
1,1,2,10.5
2,2,3,7.0
3,1,1,3.5
4,3,2,12.0
5,2,3,8.0
6,1,1,2.0
"""
SHIPPERS = """shipper_id,company_name
1,Speedy Express
2,United Package
3,Federal Shipping
"""
TABLES = {"orders": ORDERS, "shippers": SHIPPERS}


def test_a_name_stem_and_contained_values_make_a_relation(loaded: Catalog) -> None:
    links = {(r.table, r.column, r.ref_table) for r in loaded.model.relations}
    assert ("orders", "ship_via", "shippers") in links
    assert not any(c == "ship_days" for _, c, _ in links)  # a duration, though its values are keys too


def test_each_shipper_counts_its_orders(bot: Assistant, ref: duckdb.DuckDBPyConnection) -> None:
    a = bot.ask("How many orders did each shipper carry?")
    assert a.status == "answer", a.text
    want = ref.execute(
        "select s.company_name, count(*) from orders o join shippers s on s.shipper_id = o.ship_via group by 1"
    ).fetchall()
    names = a.columns.index("company_name")
    counts = a.columns.index("count")
    assert {(r[names], r[counts]) for r in a.rows} == set(want)


def test_a_value_outside_the_keys_makes_no_relation(crm) -> None:
    orders = ORDERS.replace("6,1,1,2.0", "6,4,1,2.0")  # shipper 4 does not exist
    catalog = crm.catalog({"orders": orders, "shippers": SHIPPERS})
    assert not any(r.column == "ship_via" for r in catalog.model.relations)
