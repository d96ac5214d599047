"""Card and credit words as ontology data (catalog/concepts.yaml): debt, owing and an outstanding balance
are the balance of a card table (beside a limit, a rating or cards), never of a bank account; a credit
limit and a credit rating are its Limit and Rating; cardholders are its customers. Checked against DuckDB
over the same CSV."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from tables import reference_db, write_tables

from assistant.engine import Assistant
from catalog import Catalog


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(3)
    cards = [
        [
            i,
            rng.randint(1000, 14000),
            rng.randint(100, 900),
            rng.randint(1, 8),
            rng.choice(("Male", "Female")),
            rng.choice(("Yes", "No")),
            rng.choice((0, 0, rng.randint(1, 2000))),
        ]
        for i in range(1, 201)
    ]
    bank = [[i, rng.choice(("admin", "technician")), rng.randint(-500, 9000)] for i in range(1, 101)]
    folder = tmp_path_factory.mktemp("credit")
    write_tables(
        folder / "cards",
        {"customers": (["ID", "Limit", "Rating", "Cards", "Gender", "Student", "Balance"], cards)},
    )
    write_tables(folder / "bank", {"clients": (["client_id", "job", "balance"], bank)})
    return folder


@pytest.fixture(scope="module")
def bot(folder: Path) -> Assistant:
    return Assistant(Catalog.load([str(folder / "cards" / "customers.csv")]))


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("What is the total credit card debt across all our cardholders?", "sum(Balance)"),
        ("Top outstanding balance", "max(Balance)"),
        ("What's the median credit limit?", 'median("Limit")'),
        (
            "What's the average credit rating of clients with 5 or more cards?",
            "avg(Rating) filter (where Cards >= 5)",
        ),
        ("How many female cardholders are there?", "count(*) filter (where Gender = 'Female')"),
        ("What share of clients owe more than $1,000?", "avg((Balance > 1000)::int)"),
        ("Total debt held by students", "sum(Balance) filter (where Student = 'Yes')"),
    ],
)
def test_credit_words(bot: Assistant, folder: Path, question: str, sql: str) -> None:
    answer = bot.ask(question)
    bot.reset()
    assert answer.status == "answer", answer.text
    want = reference_db(folder / "cards", ["customers"]).execute(f"select {sql} from customers").fetchone()[0]
    got = answer.rows[0][-1]
    assert got == pytest.approx(want * 100 if "share" in question and got > 1 else want)


def test_a_bank_balance_is_no_debt(folder: Path) -> None:
    bot = Assistant(Catalog.load([str(folder / "bank" / "clients.csv")]))
    answer = bot.ask("What is the total debt of our clients?")
    assert answer.status in ("clarify", "unsupported"), answer.sql


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many clients carry no balance at all?", "count(*) filter (where Balance = 0)"),
        (
            "What is the average rating of customers who don't owe us anything?",
            "avg(Rating) filter (where Balance = 0)",
        ),
        ("how many students have a zero balance?", "count(*) filter (where Student = 'Yes' and Balance = 0)"),
        ("how many cardholders have paid off their balance", "count(*) filter (where Balance = 0)"),
        ("how many students have 3 cards", "count(*) filter (where Student = 'Yes' and Cards = 3)"),
        (
            "For students and non-students, what proportion have paid off their balance completely (zero balance)?",
            "avg((Balance = 0)::int) filter (where Student = 'No')",
        ),
    ],
)
def test_no_debt_is_zero(bot: Assistant, folder: Path, question: str, sql: str) -> None:
    answer = bot.ask(question)
    bot.reset()
    assert answer.status == "answer", answer.text
    want = reference_db(folder / "cards", ["customers"]).execute(f"select {sql} from customers").fetchone()[0]
    row = answer.rows[0] if len(answer.rows) == 1 else next(r for r in answer.rows if r[0] is False)
    assert row[1 if len(answer.rows) > 1 else -1] == pytest.approx(want)


def test_no_income_is_not_zero(tmp_path: Path) -> None:
    folder = write_tables(
        tmp_path,
        {"clients": (["client_id", "income", "Limit", "Balance"], [[1, 10.5, 900, 0], [2, 0.0, 1200, 50]])},
    )
    answer = Assistant(Catalog.load([str(folder / "clients.csv")])).ask("how many clients have no income?")
    assert answer.status in ("clarify", "unsupported"), answer.sql
