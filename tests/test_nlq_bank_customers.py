"""A bank's customer file (the Churn_Modelling shape: CreditScore, Geography, Age, Tenure, Balance, HasCrCard,
IsActiveMember and an Exited flag written 0/1): "60 or older" includes 60, "how old is our oldest customer" is
the highest age, "left the bank" is churn, "Cr" is credit, "an 850 credit score" is that score, "the lowest
credit score and how many have that score" counts the rows at the minimum, and "that as a percentage of all
active members" after a count is the share of those. Checked against DuckDB over the same table."""

from __future__ import annotations

import random

import pytest
from tables import answered, figures_match

COLUMNS = ["RowNumber", "CustomerId", "Surname", "CreditScore", "Geography", "Gender", "Age", "Tenure"]
COLUMNS += ["Balance", "NumOfProducts", "HasCrCard", "IsActiveMember", "EstimatedSalary", "Exited"]


def _rows() -> list[list[object]]:
    rng = random.Random(9)
    rows: list[list[object]] = []
    for i in range(400):
        rows.append(
            [
                i + 1,
                15600000 + i,
                f"Name{i % 97}",
                rng.choice([350, 850, *range(400, 800, 7)]),
                rng.choice(["France", "Germany", "Spain"]),
                rng.choice(["Female", "Male"]),
                rng.randint(18, 92),
                rng.randint(0, 10),
                rng.choice([0.0, round(rng.uniform(1000, 250000), 2)]),
                rng.randint(1, 4),
                rng.randint(0, 1),
                rng.randint(0, 1),
                round(rng.uniform(100, 200000), 2),
                int(rng.random() < 0.2),
            ]
        )
    return rows


@pytest.fixture(scope="module")
def bank(crm):
    return crm.dataset({"customers": (COLUMNS, _rows())}, name="bank")


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many customers are 60 or older?", "select 'all', count(*) from customers where Age >= 60"),
        ("How old is our oldest customer?", "select 'all', max(Age) from customers"),
        (
            "What's the median balance of customers who actually have money in their account?",
            "select 'all', median(Balance) from customers where Balance > 0",
        ),
        ("How many customers have left the bank?", "select 'all', count(*) from customers where Exited = 1"),
        (
            "What share of our customers have a credit card with us?",
            "select 'all', avg(HasCrCard) from customers",
        ),
        (
            "How many customers have an 850 credit score?",
            "select 'all', count(*) from customers where CreditScore = 850",
        ),
        (
            "How many countries are our customers spread across?",
            "select 'all', count(distinct Geography) from customers",
        ),
    ],
)
def test_bank_customer_questions(bank, question: str, sql: str) -> None:
    figures_match(answered(bank.bot, question), bank.ref, sql)


def test_the_rows_at_the_lowest_score_are_counted(bank) -> None:
    answer = answered(bank.bot, "What's the lowest credit score, and how many customers have that score?")
    expected = bank.ref.execute(
        "select CreditScore, count(*) from customers where CreditScore = (select min(CreditScore) from customers) "
        "group by 1"
    ).fetchone()
    assert tuple(answer.rows[0][:2]) == expected


def test_that_as_a_percentage_of_those_named_now(bank) -> None:
    bot = bank.bot
    bot.reset()
    assert bot.ask("How many active members do we have?").status == "answer"
    assert bot.ask("How many of them have left?").status == "answer"
    answer = bot.ask("What is that as a percentage of all active members?")
    bot.reset()
    (share,) = bank.ref.execute("select avg(Exited) from customers where IsActiveMember = 1").fetchone()
    assert answer.status == "answer", answer.text
    assert answer.rows[0][0] == pytest.approx(share)


def test_a_combination_of_two_columns_is_ranked_as_one_group(bank) -> None:
    answer = answered(bank.bot, "Which combination of country and gender has the highest churn rate?")
    expected = bank.ref.execute(
        "select Geography, Gender from customers group by 1, 2 order by avg(Exited) desc limit 1"
    ).fetchone()
    assert tuple(answer.rows[0][:2]) == expected


def test_a_split_by_age_group_is_by_decade(bank) -> None:
    answer = answered(bank.bot, "churn rate by age group")
    expected = dict(
        bank.ref.execute(
            "select (floor(Age / 10) * 10)::int, avg(Exited) from customers group by 1"
        ).fetchall()
    )
    assert {r[0]: r[1] for r in answer.rows} == pytest.approx(expected)
    assert (
        answered(bank.bot, "How many customers are in their 30s?").rows[0][0]
        == bank.ref.execute("select count(*) from customers where Age between 30 and 39").fetchone()[0]
    )


def test_a_flag_said_more_often_of_one_group_than_another_is_each_groups_rate(bank) -> None:
    answer = answered(bank.bot, "Do women leave us more often than men?")
    expected = dict(bank.ref.execute("select Gender, avg(Exited) from customers group by 1").fetchall())
    assert {r[0]: r[1] for r in answer.rows} == pytest.approx(expected)


def test_a_flag_that_varies_by_a_group_is_its_rate(bank) -> None:
    answer = answered(bank.bot, "how does churn vary by country?")
    expected = dict(bank.ref.execute("select Geography, avg(Exited) from customers group by 1").fetchall())
    assert {r[0]: r[1] for r in answer.rows} == pytest.approx(expected)
