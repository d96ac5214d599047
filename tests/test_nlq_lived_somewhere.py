""" "How many customers have lived in Kentucky at some point?": living somewhere is having an address
there (through the address history), "at some point" only says when it may have been. Checked with
sqlite3 over the same file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from assistant.engine import Assistant
from catalog import Catalog


def test_lived_in_a_state_at_some_point(tmp_path: Path) -> None:
    path = tmp_path / "contacts.sqlite"
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE Addresses (address_id INTEGER PRIMARY KEY, city VARCHAR(50), state_province_county VARCHAR(50));
        CREATE TABLE Customers (customer_id INTEGER PRIMARY KEY, customer_name VARCHAR(80));
        CREATE TABLE Customer_Address_History (customer_id INTEGER NOT NULL, address_id INTEGER NOT NULL,
            date_from DATETIME NOT NULL, date_to DATETIME,
            FOREIGN KEY (customer_id) REFERENCES Customers(customer_id),
            FOREIGN KEY (address_id) REFERENCES Addresses(address_id));
        """
    )
    states = ["Kentucky", "Ohio", "Kentucky", "Texas", "Ohio", "Kentucky"]
    con.executemany(
        "insert into Addresses values (?, ?, ?)", [(i + 1, f"Town {i}", s) for i, s in enumerate(states)]
    )
    con.executemany("insert into Customers values (?, ?)", [(i, f"Person {i}") for i in range(1, 9)])
    history = [(1, 1), (1, 2), (2, 3), (3, 4), (4, 6), (4, 1), (5, 5), (7, 2)]
    con.executemany(
        "insert into Customer_Address_History values (?, ?, '2015-01-01 00:00:00', NULL)", history
    )
    con.commit()
    con.close()
    answer = Assistant(Catalog.load([str(path)])).ask(
        "How many customers have lived in Kentucky at some point?"
    )
    assert answer.status == "answer", answer.text
    want = sqlite3.connect(path).execute(
        "select count(distinct h.customer_id) from Customer_Address_History h join Addresses a using (address_id)"
        " where a.state_province_county = 'Kentucky'"
    )
    assert answer.rows[0][0] == want.fetchone()[0]
