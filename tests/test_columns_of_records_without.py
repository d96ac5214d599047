"""'names and phones of customers who have no address history': after columns of one table and a negation,
the records referring to that table are what its rows have none of (an anti-join), as after "customers
with no ...". On Spider's customers_and_products_contacts, checked against SQLite's own answer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.engine import Assistant
from catalog import Catalog

DB = (
    Path(__file__).resolve().parents[2]
    / "shared/datasets/spider_customer/customers_and_products_contacts/customers_and_products_contacts.sqlite"
)
CASES = [
    ("Show names and phones of customers who have no address history", ["customer_name", "customer_phone"]),
    ("Show names of customers with no address history", ["customer_name"]),
]
pytestmark = pytest.mark.skipif(not DB.is_file(), reason="../shared (Spider's customer databases) is absent")


@pytest.fixture(scope="module")
def bot() -> Assistant:
    return Assistant(Catalog.load([str(DB)]))


@pytest.mark.parametrize(("question", "columns"), CASES)
def test_listed_columns_of_records_without_any(bot: Assistant, question: str, columns: list[str]) -> None:
    bot.reset()
    answer = bot.ask(question)
    assert answer.status == "answer", answer.text
    con = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)
    gold = con.execute(
        f"select {', '.join(columns)} from customers "
        "where customer_id not in (select customer_id from customer_address_history)"
    ).fetchall()
    at = [list(answer.columns).index(c) for c in columns]
    assert sorted(tuple(str(r[i]) for i in at) for r in answer.rows) == sorted(
        tuple(str(v) for v in r) for r in gold
    )
    assert "no customer address histories" in answer.interpretation
