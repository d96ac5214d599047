""" "Which customers have had more than one address?": addresses reach customers only through a linking
table, so each customer's addresses are counted by its rows there (with the count, named); a condition on
the addresses themselves is not dropped. Checked with sqlite3 over the same file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.engine import Assistant
from catalog import Catalog


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("linked") / "people.sqlite"
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE Addresses (address_id INTEGER PRIMARY KEY, city VARCHAR(50), state VARCHAR(50));
        CREATE TABLE Customers (customer_id INTEGER PRIMARY KEY, customer_name VARCHAR(80));
        CREATE TABLE Customer_Addresses (customer_id INTEGER NOT NULL, address_id INTEGER NOT NULL,
            date_from DATETIME NOT NULL, FOREIGN KEY (customer_id) REFERENCES Customers(customer_id),
            FOREIGN KEY (address_id) REFERENCES Addresses(address_id));
        """
    )
    con.executemany(
        "insert into Addresses values (?, ?, ?)",
        [(i, f"Town {i}", ("Ohio", "Texas", "Utah")[i % 3]) for i in range(1, 10)],
    )
    con.executemany("insert into Customers values (?, ?)", [(i, f"Person {i}") for i in range(1, 9)])
    links = [(1, 1), (1, 2), (2, 3), (3, 4), (3, 5), (3, 6), (4, 7), (6, 8), (6, 9), (8, 1)]
    con.executemany("insert into Customer_Addresses values (?, ?, '2015-01-01 00:00:00')", links)
    con.commit()
    con.close()
    return path


def test_customers_with_more_than_one_address(db: Path) -> None:
    answer = Assistant(Catalog.load([str(db)])).ask("Which customers have had more than one address with us?")
    assert answer.status == "answer", answer.text
    want = dict(
        sqlite3.connect(db)
        .execute("select customer_id, count(*) from Customer_Addresses group by 1 having count(*) > 1")
        .fetchall()
    )
    at, n = answer.columns.index("customer_id"), answer.columns.index("count")
    assert {r[at]: r[n] for r in answer.rows} == want


def test_how_many_customers_have_more_than_one_address(db: Path) -> None:
    answer = Assistant(Catalog.load([str(db)])).ask("how many customers have more than one address")
    assert answer.status == "answer", answer.text
    want = sqlite3.connect(db).execute(
        "select count(*) from (select customer_id from Customer_Addresses group by 1 having count(*) > 1)"
    )
    assert answer.rows[0][0] == want.fetchone()[0]


def test_a_condition_on_the_linked_records_is_asked_back(db: Path) -> None:
    answer = Assistant(Catalog.load([str(db)])).ask("which customers have more than one address in Ohio")
    assert answer.status == "clarify", answer.sql
