"""British and American spellings of a stored value ("canceled" stored, "cancelled" asked; "organised"
asked for "organized"): the value is found under its other spelling (words.yaml spelling_endings).
Expected counts come from an independent DuckDB over the same file."""

from __future__ import annotations

from pathlib import Path

import pytest
from tables import reference_db, write_tables

from assistant.engine import Assistant
from catalog import Catalog
from nlq.morphology import other_spellings

ORDERS = """order_id,order_status,trip
1,canceled,organized
2,delivered,organized
3,canceled,independent
4,delivered,independent
5,shipped,organized
6,canceled,independent
"""


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many orders were cancelled?", "select count(*) from orders where order_status = 'canceled'"),
        (
            "How many cancelled orders were there?",
            "select count(*) from orders where order_status = 'canceled'",
        ),
        (
            "how many orders were on an organised trip?",
            "select count(*) from orders where trip = 'organized'",
        ),
    ],
)
def test_a_value_is_found_under_its_other_spelling(tmp_path: Path, question: str, sql: str) -> None:
    folder = write_tables(tmp_path, {"orders": ORDERS})
    bot = Assistant(Catalog.load([str(folder)]))
    a = bot.ask(question)
    assert a.status == "answer", a.text
    (want,) = reference_db(folder, ["orders"]).execute(sql).fetchone()
    assert a.rows[0][0] == want


@pytest.mark.parametrize(
    ("word", "others"),
    [
        ("canceled", ("cancelled",)),
        ("cancelled", ("canceled",)),
        ("organized", ("organised",)),
        ("travelling", ("traveling",)),
        ("behaviour", ("behavior",)),
        ("color", ()),  # too short to respell
        ("four", ()),
        ("shipped", ()),
    ],
)
def test_other_spellings(word: str, others: tuple[str, ...]) -> None:
    assert other_spellings(word) == others
