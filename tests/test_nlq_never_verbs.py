""" "Which employees have never been assigned a delivery?": a verb the data has no word for, between a
negation and the records denied, only links them (an anti-join, said in the interpretation); "set up" is
no write. An unknown word that is no verb is still declined. Checked with sqlite3 over the same file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.engine import Assistant
from catalog import Catalog


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("never") / "deliveries.sqlite"
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE Employees (employee_id INTEGER PRIMARY KEY, employee_name VARCHAR(80));
        CREATE TABLE Customers (customer_id INTEGER PRIMARY KEY, customer_name VARCHAR(80));
        CREATE TABLE Regular_Orders (regular_order_id INTEGER PRIMARY KEY, distributer_id INTEGER NOT NULL,
            FOREIGN KEY (distributer_id) REFERENCES Customers(customer_id));
        CREATE TABLE Order_Deliveries (delivery_id INTEGER PRIMARY KEY, driver_employee_id INTEGER NOT NULL,
            delivery_status_code VARCHAR(10), FOREIGN KEY (driver_employee_id) REFERENCES Employees(employee_id));
        """
    )
    con.executemany("insert into Employees values (?, ?)", [(i, f"Driver {i}") for i in range(1, 11)])
    con.executemany("insert into Customers values (?, ?)", [(i, f"Client {i}") for i in range(1, 9)])
    con.executemany("insert into Regular_Orders values (?, ?)", [(1, 2), (2, 2), (3, 5), (4, 7)])
    con.executemany(
        "insert into Order_Deliveries values (?, ?, ?)",
        [(1, 1, "Ready"), (2, 3, "Delivered"), (3, 3, "On Road"), (4, 8, "Delivered")],
    )
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize(
    ("question", "sql", "word"),
    [
        (
            "Which employees have never been assigned a delivery?",
            "select employee_id from Employees where employee_id not in (select driver_employee_id from Order_Deliveries)",
            "assigned",
        ),
        (
            "Which customers have never set up a regular order?",
            "select customer_id from Customers where customer_id not in (select distributer_id from Regular_Orders)",
            "",
        ),
    ],
)
def test_never_with_a_linking_verb(db: Path, question: str, sql: str, word: str) -> None:
    answer = Assistant(Catalog.load([str(db)])).ask(question)
    assert answer.status == "answer", answer.text
    want = sorted(r[0] for r in sqlite3.connect(db).execute(sql).fetchall())
    assert sorted(r[0] for r in answer.rows) == want
    assert word in answer.interpretation


@pytest.mark.parametrize(
    "question",
    [
        "Which employees have never been zorbed a delivery?",
        "which employees were assigned a delivery",
        "Which customers have never returned a regular order?",
        "which employees have never crashed a delivery",
    ],
)
def test_other_unknown_words_are_declined(db: Path, question: str) -> None:
    answer = Assistant(Catalog.load([str(db)])).ask(question)
    assert answer.status == "clarify", answer.sql


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Products and orders linked only through order items."""
    path = tmp_path_factory.mktemp("shop") / "shop.sqlite"
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE Products (product_id INTEGER PRIMARY KEY, product_name VARCHAR(80));
        CREATE TABLE Customer_Orders (order_id INTEGER PRIMARY KEY, order_date DATETIME);
        CREATE TABLE Order_Items (order_item_id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL,
            product_id INTEGER NOT NULL, FOREIGN KEY (order_id) REFERENCES Customer_Orders(order_id),
            FOREIGN KEY (product_id) REFERENCES Products(product_id));
        """
    )
    con.executemany("insert into Products values (?, ?)", [(i, f"thing {i}") for i in range(1, 13)])
    con.executemany(
        "insert into Customer_Orders values (?, ?)", [(o, f"2018-0{o}-01 00:00:00") for o in range(1, 6)]
    )
    con.executemany(
        "insert into Order_Items values (?, ?, ?)", [(1, 1, 2), (2, 1, 3), (3, 2, 3), (4, 4, 9), (5, 5, 11)]
    )
    con.commit()
    con.close()
    return path


def test_never_ordered_through_order_lines(shop: Path) -> None:
    answer = Assistant(Catalog.load([str(shop)])).ask("How many products have never been ordered?")
    assert answer.status == "answer", answer.text
    want = sqlite3.connect(shop).execute(
        "select count(*) from Products where product_id not in (select product_id from Order_Items)"
    )
    assert answer.rows[0][0] == want.fetchone()[0]


def test_never_ordered_in_a_period_through_order_lines_is_asked_back(shop: Path) -> None:
    answer = Assistant(Catalog.load([str(shop)])).ask("which products were never ordered in 2018")
    assert answer.status != "answer", answer.sql
