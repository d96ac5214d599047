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
    ["Which employees have never been zorbed a delivery?", "which employees were assigned a delivery"],
)
def test_other_unknown_words_are_declined(db: Path, question: str) -> None:
    answer = Assistant(Catalog.load([str(db)])).ask(question)
    assert answer.status == "clarify", answer.sql
