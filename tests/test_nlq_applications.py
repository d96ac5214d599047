"""A file of applications with a decision (a lending export): "denial rate", "approved" as the decision's
"no", "applicants" as its rows, a trade word before the records ("mortgage applications") that only
partly names two columns, and "with the best score" beside another figure declined, never read as a
second figure. Checked against DuckDB over the same table."""

from __future__ import annotations

import random

import pytest
from tables import last_figure


@pytest.fixture(scope="module")
def data(crm):
    rng = random.Random(5)
    rows = [
        [i, rng.choice(("yes", "no", "no", "no")), rng.randint(1, 6), rng.randint(1, 4), rng.randint(0, 900)]
        for i in range(1, 301)
    ]
    header = [
        "application_id",
        "deny",
        "consumer_credit_score",
        "mortgage_credit_score",
        "mortgage_insurance_cost",
    ]
    return crm.dataset({"applications": (header, rows)})


CASES = [
    ("what is the denial rate?", "select avg((deny = 'yes')::int) from applications"),
    ("what share of applications were approved?", "select avg((deny = 'no')::int) from applications"),
    ("how many applications were turned down?", "select count(*) from applications where deny = 'yes'"),
    ("how many applicants are there?", "select count(*) from applications"),
    ("how many mortgage applications do we have?", "select count(*) from applications"),
    (
        "how many mortgage applications were rejected?",
        "select count(*) from applications where deny = 'yes'",
    ),
]


@pytest.mark.parametrize(("question", "gold"), CASES)
def test_application_words(data, question: str, gold: str) -> None:
    answer = data.bot.ask(question)
    data.bot.reset()
    assert answer.status == "answer", answer.text
    (want,) = data.ref.execute(gold).fetchone()
    assert abs(float(last_figure(answer)) - float(want)) < 1e-9, (answer.sql, want)


def test_the_trade_word_is_noted(data) -> None:
    answer = data.bot.ask("how many mortgage applications do we have?")
    data.bot.reset()
    assert "mortgage" in answer.interpretation


@pytest.mark.parametrize(
    "question",
    [
        "what share of applicants with the best consumer credit score were denied?",
        "how many applicants with the highest mortgage credit score were denied?",
    ],
)
def test_the_extreme_of_a_column_beside_another_figure_is_declined(data, question: str) -> None:
    answer = data.bot.ask(question)
    data.bot.reset()
    assert answer.status == "clarify" and not answer.rows, answer.sql


def test_a_rate_word_of_the_column_name_is_that_column(crm) -> None:
    """ "the average housing expense ratio": a ratio column said by its own words, never a share."""
    rows = [[i, round(0.1 + (i % 40) / 100, 2), round(0.2 + (i % 30) / 100, 2)] for i in range(1, 121)]
    data = crm.dataset(
        {"loans": (["loan_id", "housing_expense_to_income_ratio", "debt_to_total_income"], rows)}
    )
    answer = data.bot.ask("what is the average housing expense ratio?")
    assert answer.status == "answer", answer.text
    (want,) = data.ref.execute("select avg(housing_expense_to_income_ratio) from loans").fetchone()
    assert [round(float(v), 9) for v in answer.rows[0]] == [round(want, 9)]


def test_an_average_total_is_one_figure_or_asked(crm) -> None:
    """ "the average total debt ratio" where the name holds "total": that column's average; "the average
    total price" of rows with no total in a name: asked (each row's price, or a total per record?)."""
    rows = [[i, round(0.2 + (i % 30) / 100, 2), 100 + i] for i in range(1, 121)]
    data = crm.dataset({"loans": (["loan_id", "debt_to_total_income_ratio", "price"], rows)})
    answer = data.bot.ask("what is the average total debt ratio?")
    data.bot.reset()
    assert answer.status == "answer" and len(answer.rows[0]) == 1, answer.sql
    (want,) = data.ref.execute("select avg(debt_to_total_income_ratio) from loans").fetchone()
    assert round(float(answer.rows[0][0]), 9) == round(want, 9)
    asked = data.bot.ask("what is the average total price?")
    assert asked.status == "clarify" and not asked.rows, asked.sql


def test_an_amount_per_a_continuous_quantity_is_the_ratio_of_totals(crm) -> None:
    """ "price per carat": a weight with many fractional values is never a split; the ratio of totals
    (said so), also by a group; "per party size" of a small count still groups (tests/test_nlq_restaurant_bills)."""
    rows = [
        [i, round(0.2 + (i * 7 % 97) / 40, 2), 300 + (i * 37) % 5000, ("Ideal", "Good")[i % 2]]
        for i in range(1, 201)
    ]
    data = crm.dataset({"stones": (["stone_id", "carat", "price", "cut"], rows)})
    answer = data.bot.ask("average price per carat")
    data.bot.reset()
    assert answer.status == "answer" and "ratio of the totals" in answer.interpretation, answer.text
    (want,) = data.ref.execute("select sum(price) / sum(carat) from stones").fetchone()
    assert round(float(last_figure(answer)), 6) == round(want, 6)
    split = data.bot.ask("price per carat by cut")
    want_by = dict(
        data.ref.execute("select cut, sum(price) / sum(carat) from stones group by cut").fetchall()
    )
    assert {r[0]: round(float(r[-1]), 6) for r in split.rows} == {k: round(v, 6) for k, v in want_by.items()}


def test_which_value_of_a_small_score_has_the_highest_rate(data) -> None:
    """ "which consumer credit score has the highest denial rate": a 1-6 score asked for by its values (it
    was left as a bare number and the flag taken as the thing asked for: declined)."""
    answer = data.bot.ask("which consumer credit score has the highest denial rate?")
    data.bot.reset()
    assert answer.status == "answer", answer.text
    want = dict(
        data.ref.execute(
            "select consumer_credit_score, avg((deny = 'yes')::int) from applications group by 1"
        ).fetchall()
    )
    best = max(want, key=want.__getitem__)
    assert [int(answer.rows[0][0]), float(answer.rows[0][1])] == [int(best), pytest.approx(want[best])]


def test_grade_after_a_column_only_repeats_it(crm) -> None:
    """ "in each colour grade": the colour column ("grade" restates it, as "level" or "tier" do)."""
    rows = [[i, "DEFGHIJ"[i % 7], 300 + i] for i in range(1, 141)]
    data = crm.dataset({"stones": (["stone_id", "color", "price"], rows)})
    answer = data.bot.ask("average price for each colour grade")
    assert answer.status == "answer", answer.text
    want = dict(data.ref.execute("select color, avg(price) from stones group by 1").fetchall())
    assert {r[0]: round(float(r[1]), 6) for r in answer.rows} == {k: round(v, 6) for k, v in want.items()}


@pytest.mark.parametrize(
    "question",
    [
        "which channel has the biggest orders?",
        "what's the largest stone we have in each cut?",
    ],
)
def test_a_records_size_by_group_is_asked_never_the_group_with_most_records(crm, question: str) -> None:
    """ "the largest order in each channel" was the channel with the most orders (a count): a record's
    size needs its figure named; "which channel has the most orders" stays that count."""
    rows = [
        [i, ("Web", "Phone", "Store")[i % 3], ("Ideal", "Good")[i % 2], 10 + i % 90] for i in range(1, 121)
    ]
    data = crm.dataset({"orders": (["order_id", "channel", "cut", "amount"], rows)})
    answer = data.bot.ask(question)
    data.bot.reset()
    assert answer.status == "clarify" and not answer.rows, answer.sql
    most = data.bot.ask("which channel has the most orders?")
    (want,) = data.ref.execute(
        "select channel from orders group by 1 order by count(*) desc, 1 limit 1"
    ).fetchone()
    assert most.status == "answer" and most.rows[0][0] == want


def test_the_largest_order_in_each_group_is_its_one_amount(crm) -> None:
    """Orders kept one a row with one amount: "the largest order in each channel" is the largest amount
    there (never the channel with the most orders)."""
    rows = [[i, ("Web", "Phone", "Store")[i % 3], 10 + (i * 37) % 90] for i in range(1, 121)]
    data = crm.dataset({"orders": (["order_id", "channel", "amount"], rows)})
    answer = data.bot.ask("what is the largest order in each channel?")
    data.bot.reset()
    assert answer.status == "answer", answer.text
    want = dict(data.ref.execute("select channel, max(amount) from orders group by 1").fetchall())
    assert {r[0]: r[1] for r in answer.rows} == want


def test_words_after_a_column_go_on_naming_it_when_its_name_holds_them(crm) -> None:
    """ "the median debt-to-income ratio": "to income ratio" is also the end of another column's name
    (housing expenses to income ratio) but goes on naming the debt ratio, whose name holds it in order."""
    rows = [[i, round(0.1 + (i % 40) / 100, 3), round(0.2 + (i % 31) / 100, 3)] for i in range(1, 121)]
    header = ["loan_id", "debt_payments_to_total_income_ratio", "housing_expenses_to_income_ratio"]
    data = crm.dataset({"loans": (header, rows)})
    answer = data.bot.ask("what is the average debt-to-income ratio?")
    data.bot.reset()
    assert answer.status == "answer", answer.text
    (want,) = data.ref.execute("select avg(debt_payments_to_total_income_ratio) from loans").fetchone()
    assert [round(float(v), 9) for v in answer.rows[0]] == [round(want, 9)]
    other = data.bot.ask("what is the average housing expenses to income ratio?")
    (want,) = data.ref.execute("select avg(housing_expenses_to_income_ratio) from loans").fetchone()
    assert [round(float(v), 9) for v in other.rows[0]] == [round(want, 9)]
