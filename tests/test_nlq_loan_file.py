"""A loan file named after no row noun (`credit_risk.csv`): its name says its rows are loans ("credit"),
and an age column beside a person's attributes (job, housing) says each row also describes a person, so
"loans", "borrowers" and "customers" all count its rows; a flag named `full_repaid` answers to "fully
repaid" and "repayment". Checked against DuckDB over the same CSV."""

from __future__ import annotations

import random
from typing import Any

import pytest
from tables import answered

from nlq.morphology import adverb_of, event_nouns


def _rows() -> list[tuple[Any, ...]]:
    rng = random.Random(8)
    return [
        (
            rng.choice(("radio_TV", "car_new", "education")),
            rng.randint(250, 15000),
            rng.randint(19, 75),
            rng.choice(("skilled", "unskilled", "management")),
            rng.choice(("own", "rent", "for_free")),
            int(rng.random() < 0.7),
        )
        for _ in range(300)
    ]


TABLE = (["purpose", "amount", "age", "job", "housing", "full_repaid"], _rows())


@pytest.fixture(scope="module")
def loans(crm: Any) -> Any:
    return crm.dataset({"credit_risk": TABLE}, "loanfile")


def test_word_forms() -> None:
    assert adverb_of("full") == "fully" and adverb_of("simple") == "simply" and adverb_of("xqzt") is None
    assert "repayment" in event_nouns("repaid")


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many loans are in the file?", "select count(*) from credit_risk"),
        ("What's the average age of our borrowers?", "select avg(age) from credit_risk"),
        ("How many customers are younger than 25?", "select count(*) from credit_risk where age < 25"),
        ("How many loans were fully repaid?", "select count(*) from credit_risk where full_repaid = 1"),
        ("What share of loans were not fully repaid?", "select avg(1 - full_repaid) from credit_risk"),
        (
            "What is the repayment rate for car_new loans?",
            "select avg(full_repaid) from credit_risk where purpose = 'car_new'",
        ),
    ],
)
def test_a_loan_file_answers_about_loans_and_borrowers(loans: Any, question: str, sql: str) -> None:
    answer = answered(loans.bot, question)
    expected = loans.ref.execute(sql).fetchone()[0]
    got = answer.rows[0][-1]
    assert got == pytest.approx(expected) or got == pytest.approx(100 * expected), answer.text


def test_average_loan_amount_by_purpose(loans: Any) -> None:
    answer = answered(loans.bot, "Average loan amount by purpose")
    expected = dict(loans.ref.execute("select purpose, avg(amount) from credit_risk group by 1").fetchall())
    assert {row[0]: row[1] for row in answer.rows} == pytest.approx(expected)


def _coded() -> list[tuple[Any, ...]]:
    rng = random.Random(9)
    return [
        (
            rng.choice(("no_account", "below_0", "0_to_200")),
            rng.choice(("None", "None", "guarantor", "co_applicant")),
            rng.choice(("below_1", "between_1_4", "above_7")),
            rng.randint(20, 70),
            rng.randint(1, 3),
            rng.choice(("bank", "stores", "None")),
            int(rng.random() < 0.7),
        )
        for _ in range(300)
    ]


CODED = (
    [
        "checking_account_status",
        "other_debtors",
        "employment_years",
        "age",
        "number_of_credits",
        "other_installment_plans",
        "full_repaid",
    ],
    _coded(),
)


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "How many borrowers don't have a checking account?",
            "select count(*) from credit_risk where checking_account_status = 'no_account'",
        ),
        (
            "How many loans have no co-applicant or guarantor?",
            "select count(*) from credit_risk where other_debtors not in ('co_applicant', 'guarantor')",
        ),
        (
            "How many borrowers have more than one credit with the bank?",
            "select count(*) from credit_risk where number_of_credits > 1",
        ),
    ],
)
def test_coded_values_negations_and_the_lender(crm: Any, question: str, sql: str) -> None:
    data = crm.dataset({"credit_risk": CODED}, "coded")
    answer = answered(data.bot, question)
    assert answer.rows[0][-1] == data.ref.execute(sql).fetchone()[0]


def test_a_number_of_years_is_never_an_age_unless_said(crm: Any) -> None:
    """ "employed for more than 7 years" on a file whose only column in years is the age: asked back."""
    data = crm.dataset({"credit_risk": CODED}, "coded")
    answer = data.bot.ask("How many borrowers have been employed for more than 7 years?")
    data.bot.reset()
    assert answer.status != "answer" or '"age"' not in answer.sql, answer.text
