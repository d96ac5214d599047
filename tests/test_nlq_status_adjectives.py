"""A one-word status value is also said by its adjective or adverb ("successful" for Success, "partial",
"partially fulfilled" for Part; kept when lemminflect knows the adjective), and "belong to" only links
records ("orders that belong to direct debit customers"). Checked against DuckDB over the same CSVs."""

from __future__ import annotations

import random

import duckdb
import pytest
from tables import Table

from assistant.engine import Assistant


def _tables() -> dict[str, Table]:
    rng = random.Random(21)
    customers = [[i, rng.choice(("Credit Card", "Direct Debit"))] for i in range(1, 16)]
    orders = [
        [
            o,
            rng.randint(1, 15),
            rng.choice(("Part", "Completed", "Success", "Failed")),
            f"2018-03-{o % 28 + 1:02d}",
        ]
        for o in range(1, 61)
    ]
    return {
        "customers": (["customer_id", "payment_method_code"], customers),
        "customer_orders": (["order_id", "customer_id", "order_status_code", "order_date"], orders),
    }


TABLES = _tables()


@pytest.mark.parametrize(
    ("questions", "sql"),
    [
        (["How many orders are only partially fulfilled?"], "where order_status_code = 'Part'"),
        (["how many partial orders"], "where order_status_code = 'Part'"),
        (["how many successful orders"], "where order_status_code = 'Success'"),
        (
            [
                "How many orders are only partially fulfilled?",
                "And how many of those belong to direct debit customers?",
            ],
            "o join customers c using (customer_id) where order_status_code = 'Part'"
            " and payment_method_code = 'Direct Debit'",
        ),
    ],
)
def test_status_said_by_its_adjective(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, questions: list[str], sql: str
) -> None:
    for q in questions:
        answer = bot.ask(q)
    assert answer.status == "answer", answer.text
    want = ref.execute(f"select count(*) from customer_orders {sql}")
    assert answer.rows[0][0] == want.fetchone()[0]


def test_an_unknown_participle_without_an_adverb_is_declined(bot: Assistant) -> None:
    answer = bot.ask("How many orders were fulfilled?")
    assert answer.status == "clarify", answer.sql
