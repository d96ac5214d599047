"""People counted by a noun phrase (nlq/grammar/countnouns.yaml): "groups of 4 or more people",
"parties of two", "tables for 2", "dined alone" are conditions on the column that counts each record's
people (a bill's party size), said in the interpretation; checked against DuckDB on a small table.
Where no column counts people, the words stay unknown and the question is declined."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

from nlq.countnouns import Counted, read_counted

TABLES = {
    "bills": (
        "bill_id,total_bill,tip,day,size",
        [
            f"{i},{10 + 3 * i},{1 + (i * 7) % 5}.5,{('Sat', 'Sun', 'Fri')[i % 3]},{1 + i % 5}"
            for i in range(1, 41)
        ],
    ),
    "orders": (
        "order_id,amount,quantity",
        [f"{i},{5 * i},{1 + i % 4}" for i in range(1, 21)],
    ),
}


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "How many groups of 4 or more people did we serve?",
            "select 'all', count(*) from bills where size >= 4",
        ),
        ("How many people dined alone?", "select 'all', count(*) from bills where size = 1"),
        ("average tip of parties of two", "select 'all', avg(tip) from bills where size = 2"),
        ("average tip for tables for 3", "select 'all', avg(tip) from bills where size = 3"),
        ("how many bills with more than 3 guests", "select 'all', count(*) from bills where size > 3"),
        ("total tips from parties of 3 or fewer", "select 'all', sum(tip) from bills where size <= 3"),
    ],
)
def test_people_counted_by_a_noun(table_bot, ref, question: str, sql: str) -> None:
    answer = answered(table_bot("bills"), question)
    figures_match(answer, ref, sql)
    assert "as size" in answer.interpretation


def test_no_column_counts_people(table_bot) -> None:
    """Orders have a quantity, not a party size: "groups of 4" is not read as one."""
    bot = table_bot("orders")
    answer = bot.ask("How many groups of 4 or more people ordered?")
    assert answer.status in ("clarify", "unsupported")


RULE = Counted(("size",), ("bills",), [("parties",)], [("people",)], [(("alone",), 1)])


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("top 5 people by tip", "top 5 people by tip"),  # a rank, never a count of people
        ("parties of 2", "bills with size of 2"),
        ("with at least 4 people", "with at least size of 4"),
        ("dined alone", "dined with size of 1"),
        ("parties by day", "parties by day"),
    ],
)
def test_rewrites(said: str, read: str) -> None:
    assert " ".join(read_counted(said.split(), RULE)[0]) == read
