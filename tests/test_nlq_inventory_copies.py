"""The copies a store holds (the inventory concept in catalog/concepts.yaml): "DVD copies", "copies"
name the rows of an inventory table of films or products in stores. Expected counts come from an
independent DuckDB over the same files."""

from __future__ import annotations

from pathlib import Path

import pytest
from tables import reference_db, write_tables

from assistant.engine import Assistant
from catalog import Catalog

FILM = """film_id,title
1,Alpha
2,Bravo
3,Charlie
"""
STORE = """store_id,city
1,Lethbridge
2,Woodridge
"""
INVENTORY = """inventory_id,film_id,store_id
1,1,1
2,1,1
3,1,2
4,2,1
5,3,2
6,3,2
7,3,2
"""


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many DVD copies does each store hold?", "select store_id, count(*) from inventory group by 1"),
        ("how many copies of each film do we have?", "select film_id, count(*) from inventory group by 1"),
        ("how many copies do we have?", "select count(*) from inventory"),
    ],
)
def test_copies_are_the_inventory_rows(tmp_path: Path, question: str, sql: str) -> None:
    folder = write_tables(tmp_path, {"film": FILM, "store": STORE, "inventory": INVENTORY})
    a = Assistant(Catalog.load([str(folder)])).ask(question)
    assert a.status == "answer", a.text
    want = reference_db(folder, ["inventory"]).execute(sql).fetchall()
    width = len(want[0])
    assert {tuple(r[:width]) for r in a.rows} == set(want)
