"""Relations inferred from a column's name stem and its values (Northwind's Orders.ShipVia ->
Shippers.ShipperID, declared nowhere): an integer column not named like an id, a word of which begins
another table's entity, and every value of which is a key there. Amounts, counts and durations never
link, nor does a column with a value outside the keys. Expected counts come from an independent DuckDB."""

from __future__ import annotations

from pathlib import Path

import pytest
from tables import reference_db, write_tables

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


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tables(tmp_path_factory.mktemp("stems"), {"orders": ORDERS, "shippers": SHIPPERS})


def test_a_name_stem_and_contained_values_make_a_relation(folder: Path) -> None:
    catalog = Catalog.load([str(folder)])
    links = {(r.table, r.column, r.ref_table) for r in catalog.model.relations}
    assert ("orders", "ship_via", "shippers") in links
    assert not any(c == "ship_days" for _, c, _ in links)  # a duration, though its values are keys too


def test_each_shipper_counts_its_orders(folder: Path) -> None:
    bot = Assistant(Catalog.load([str(folder)]))
    a = bot.ask("How many orders did each shipper carry?")
    assert a.status == "answer", a.text
    want = (
        reference_db(folder, ["orders", "shippers"])
        .execute(
            "select s.company_name, count(*) from orders o join shippers s on s.shipper_id = o.ship_via group by 1"
        )
        .fetchall()
    )
    names = a.columns.index("company_name")
    counts = a.columns.index("count")
    assert {(r[names], r[counts]) for r in a.rows} == set(want)


def test_a_value_outside_the_keys_makes_no_relation(tmp_path: Path) -> None:
    orders = ORDERS.replace("6,1,1,2.0", "6,4,1,2.0")  # shipper 4 does not exist
    catalog = Catalog.load([str(write_tables(tmp_path, {"orders": orders, "shippers": SHIPPERS}))])
    assert not any(r.column == "ship_via" for r in catalog.model.relations)
