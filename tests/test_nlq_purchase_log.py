"""A purchase log of two columns (date, id), as lifetimes' example transactions: the bare `id` repeats over
the dated rows, so it is who bought (a customer id, said so), never the rows' key; "purchases" names the
rows of a table of transactions; "how many customers purchased in May" counts customers. A table whose
`id` is unique keeps it as its key. Checked against DuckDB over the same table."""

from __future__ import annotations

import random

import pytest


def _log(n: int, buyers: int) -> list[list[object]]:
    rng = random.Random(3)
    return [
        [f"2014-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", rng.randrange(buyers)] for _ in range(n)
    ]


@pytest.fixture(scope="module")
def data(crm):
    return crm.dataset({"transactions": (["date", "id"], _log(600, 120))})


CASES = [
    ("how many customers do we have?", "select count(distinct id) from transactions"),
    ("how many purchases are in the log?", "select count(*) from transactions"),
    (
        "how many customers bought only once?",
        "select count(*) from (select id from transactions group by id having count(*) = 1)",
    ),
    (
        "how many customers purchased twice?",
        "select count(*) from (select id from transactions group by id having count(*) = 2)",
    ),
    (
        "how many customers bought more than 3 times?",
        "select count(*) from (select id from transactions group by id having count(*) > 3)",
    ),
    (
        "what is the average number of purchases per customer?",
        "select count(*) / count(distinct id) from transactions",
    ),
    (
        "how many purchases were made in June 2014?",
        "select count(*) from transactions where month(date::date) = 6",
    ),
    (
        "how many customers purchased in December 2014?",
        "select count(distinct id) from transactions where month(date::date) = 12",
    ),
    (
        "how many customers made exactly 2 purchases?",
        "select count(*) from (select id from transactions group by id having count(*) = 2)",
    ),
]


@pytest.mark.parametrize(("question", "gold"), CASES)
def test_a_purchase_log_of_dates_and_ids(data, question: str, gold: str) -> None:
    answer = data.bot.ask(question)
    data.bot.reset()
    assert answer.status == "answer", answer.text
    (want,) = data.ref.execute(gold).fetchone()
    assert float(answer.rows[0][-1]) == float(want), answer.sql


def test_the_repeating_id_is_said_to_be_the_customers(data) -> None:
    answer = data.bot.ask("how many customers do we have?")
    data.bot.reset()
    assert "customer id" in answer.interpretation


def test_a_unique_id_stays_the_key(crm) -> None:
    rows = [[f"2014-01-{1 + i % 28:02d}", i] for i in range(200)]
    data = crm.dataset({"transactions": (["date", "id"], rows)})
    assert data.bot.catalog.model.tables["transactions"].key == "id"
