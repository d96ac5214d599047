""" "How many students hold cards?" counts the students (the rows, or a kind of them named right after
"how many"); a count column is summed only when it is itself the thing counted ("how many cards do
students hold in total?"). Checked against DuckDB over the same CSV."""

from __future__ import annotations

import random

import duckdb
import pytest
from tables import Table, answered

from assistant.engine import Assistant


def _tables() -> dict[str, Table]:
    rng = random.Random(11)
    rows = [
        [
            i,
            rng.choice(("Yes", "No")),
            rng.choice(("Male", "Female")),
            rng.randint(0, 6),
            round(rng.uniform(0, 2000), 2),
        ]
        for i in range(1, 301)
    ]
    header = ["ID", "Student", "Gender", "Cards", "Balance"]
    return {"customers": (header, rows)}


TABLES = _tables()


def _one(bot: Assistant, question: str) -> object:
    answer = answered(bot, question)
    assert len(answer.rows) == 1, answer.sql
    return answer.rows[0][0]


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many students hold cards with us?", "count(*) filter (where Student = 'Yes' and Cards > 0)"),
        ("how many female clients have cards", "count(*) filter (where Gender = 'Female' and Cards > 0)"),
        ("how many students have 3 or more cards", "count(*) filter (where Student = 'Yes' and Cards >= 3)"),
        ("how many students have more than 3 cards", "count(*) filter (where Student = 'Yes' and Cards > 3)"),
        ("how many cards do students hold in total?", "sum(Cards) filter (where Student = 'Yes')"),
        ("how many cards do we have", "sum(Cards)"),
    ],
)
def test_counted_rows_or_summed_count(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    want = ref.execute(f"select {sql} from customers").fetchone()[0]
    assert _one(bot, question) == want


def test_a_value_naming_the_counted_column_is_one_noun_phrase(crm) -> None:
    """ "how many web purchases": the purchases are counted (summed), of the web rows."""
    rows = [[i, ("Web", "Store")[i % 2], i % 4] for i in range(1, 41)]
    answer = crm.assistant({"visits": (["visit_id", "channel", "purchases"], rows)}).ask(
        "how many web purchases"
    )
    assert answer.status == "answer", answer.text
    assert answer.rows[0][0] == sum(r[2] for r in rows if r[1] == "Web")


def test_a_number_before_a_count_column_is_its_value(crm) -> None:
    """ "customers with 0 web purchases", "customers who made 5 web purchases": the column equals it."""
    rows = [[i, i % 7, i % 3] for i in range(1, 61)]
    bot = crm.assistant({"customers": (["ID", "NumWebPurchases", "Kidhome"], rows)})
    for question, want in (
        ("how many customers with 0 web purchases", sum(1 for r in rows if r[1] == 0)),
        ("how many customers made 5 web purchases", sum(1 for r in rows if r[1] == 5)),
    ):
        answer = bot.ask(question)
        bot.reset()
        assert answer.status == "answer", answer.text
        assert answer.rows[0][0] == want
