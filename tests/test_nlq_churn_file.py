"""A customer export named after its outcome (`churn.csv` with a `churned` flag written 0.0/1.0, as a
pandas export writes it, and no customer id): its rows are customers ("how many customers"), its name is
its flag's ("how many churns", "churn rate in the Pacific"), the flag is compared as a number, and a
people word inside a figure's name ("minutes_customer_support") never names that figure. Checked against
DuckDB over the same CSV."""

from __future__ import annotations

import random
from typing import Any

import pytest
from tables import answered

REGIONS = ("Pacific", "Mountain", "New England")


def _rows() -> list[tuple[Any, ...]]:
    rng = random.Random(11)
    return [
        (
            rng.choice((100, 500, 2048)),
            rng.choice(("Active", "Free-Trial", "No")),
            rng.randint(5, 10),
            round(rng.choice((0.0, 0.0, rng.uniform(1, 40))), 1),
            rng.choice(REGIONS),
            float(rng.randint(1, 12)),
            float(rng.random() < 0.4),
        )
        for _ in range(400)
    ]


HEADER = ["product_data_storage", "product_payroll", "csat_score", "minutes_customer_support", "us_region"]
TABLE = (
    [
        *HEADER,
        "months_active",
        "churned",
        "product_accounting",
        "company_size",
        "notifications_viewed",
        "emails_clicked",
    ],
    [],
)
_rng = random.Random(12)
TABLE[1].extend(
    (
        *row,
        _rng.choice(("Active", "Free-Trial", "No")),
        _rng.choice(("1-10", "10-50", "50-100")),
        _rng.choice((0, 0, 1, 2, 5)),
        _rng.choice((0, 1, 3, 8)),
    )
    for row in _rows()
)


@pytest.fixture(scope="module")
def churn(crm: Any) -> Any:
    return crm.dataset({"churn": TABLE}, "churnfile")


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many customers do we have?", "select count(*) from churn"),
        ("How many customers have churned?", "select count(*) from churn where churned = 1"),
        ("How many churns are there?", "select count(*) from churn where churned = 1"),
        ("What is our churn rate?", "select avg(churned) from churn"),
        (
            "What's the churn rate in the Pacific region?",
            "select avg(churned) from churn where us_region = 'Pacific'",
        ),
        ("How many customers gave a CSAT below 7?", "select count(*) from churn where csat_score < 7"),
        (
            "What percentage of our customers are in New England?",
            "select avg((us_region = 'New England')::int) from churn",
        ),
    ],
)
def test_a_churn_file_answers_about_its_customers(churn: Any, question: str, sql: str) -> None:
    answer = answered(churn.bot, question)
    expected = churn.ref.execute(sql).fetchone()[0]
    got = answer.rows[0][-1]
    assert got == pytest.approx(expected) or got == pytest.approx(100 * expected), answer.text


def test_churn_rate_by_a_region_is_each_regions_rate(churn: Any) -> None:
    answer = answered(churn.bot, "churn rate by US region")
    expected = dict(churn.ref.execute("select us_region, avg(churned) from churn group by 1").fetchall())
    rate = next(i for i, name in enumerate(answer.columns) if name.endswith("rate"))
    rates = {row[0]: row[rate] for row in answer.rows}
    assert rates == pytest.approx(expected)


def test_a_split_the_churn_skill_did_not_read_is_asked_back(churn: Any) -> None:
    """Never the overall rate with the split dropped."""
    answer = churn.bot.ask("churn rate by data storage plan")
    churn.bot.reset()
    assert answer.status != "answer" or len(answer.rows) > 1, answer.text


@pytest.mark.parametrize(
    "question", ["How many customers are active?", "How many customers are on a free trial?"]
)
def test_a_value_of_several_columns_is_asked_back(churn: Any, question: str) -> None:
    """'Active' is a value of two product columns: never the first column's."""
    answer = churn.bot.ask(question)
    churn.bot.reset()
    assert answer.status == "clarify" and "several columns" in answer.text, answer.text


def test_each_size_band_is_a_group(churn: Any) -> None:
    answer = answered(churn.bot, "What's the churn rate for each company size band?")
    expected = dict(churn.ref.execute("select company_size, avg(churned) from churn group by 1").fetchall())
    rate = next(i for i, name in enumerate(answer.columns) if name.endswith("rate"))
    assert {row[0]: row[rate] for row in answer.rows} == pytest.approx(expected)


def test_a_value_selecting_the_same_rows_in_two_columns_is_one_reading(crm: Any) -> None:
    """ "Dresses" as Department and as Class selects the same rows: no question back."""
    rows = [
        (i, d, d if d == "Dresses" else c, 1 + i % 5)
        for i, (d, c) in enumerate([("Dresses", ""), ("Tops", "Knits"), ("Tops", "Blouses")] * 30)
    ]
    data = crm.dataset({"reviews": (["id", "department", "class", "rating"], rows)}, "samerows")
    answer = answered(data.bot, "How many Dresses reviews gave 5 stars?")
    expected = data.ref.execute(
        "select count(*) from reviews where department = 'Dresses' and rating = 5"
    ).fetchone()[0]
    assert answer.rows[0][-1] == expected


def test_amounts_are_not_dated_by_when_a_customer_joined(crm: Any) -> None:
    rows = [(i, f"2013-{1 + i % 12:02d}-15", 10.0 * i) for i in range(1, 121)]
    data = crm.dataset({"customers": (["id", "joined_on", "total_spend"], rows)}, "undated")
    assert data.bot.ask("What was total spend in March 2013?").status == "clarify"
    data.bot.reset()
    answer = answered(data.bot, "total spend of customers who joined in March 2013")
    expected = data.ref.execute(
        "select sum(total_spend) from customers where joined_on between '2013-03-01' and '2013-03-31'"
    ).fetchone()[0]
    assert answer.rows[0][-1] == pytest.approx(expected)


def test_a_follow_up_keeps_the_column_that_picked_a_value(churn: Any) -> None:
    first = churn.bot.ask("How many customers are on a free trial of the accounting product?")
    second = churn.bot.ask("And how many of them churned?")
    churn.bot.reset()
    assert first.status == second.status == "answer", second.text
    expected = churn.ref.execute(
        "select count(*) from churn where product_accounting = 'Free-Trial' and churned = 1"
    ).fetchone()[0]
    assert second.rows[0][-1] == expected


def test_a_split_named_after_a_stop_word_is_read_and_a_run_on_name_asked_back(churn: Any) -> None:
    answer = answered(churn.bot, "Churn rate by data storage plan")
    expected = dict(
        churn.ref.execute("select product_data_storage, avg(churned) from churn group by 1").fetchall()
    )
    rate = next(i for i, name in enumerate(answer.columns) if name.endswith("rate"))
    assert {row[0]: row[rate] for row in answer.rows} == pytest.approx(expected)
    # "plan size" runs on from the storage plan: never a second split by company_size
    assert churn.bot.ask("How many customers are on each data storage plan size?").status == "clarify"
    churn.bot.reset()


def test_never_used_a_counted_thing_is_zero_of_it(churn: Any) -> None:
    answer = answered(churn.bot, "How many customers never used customer support?")
    expected = churn.ref.execute("select count(*) from churn where minutes_customer_support = 0").fetchone()[
        0
    ]
    assert answer.rows[0][-1] == expected and "of 0" in answer.interpretation


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "How many churned customers opened at least one notification?",
            "select count(*) from churn where churned = 1 and notifications_viewed >= 1",
        ),
        (
            "How many customers never opened a notification?",
            "select count(*) from churn where notifications_viewed = 0",
        ),
        ("How many customers never clicked an email?", "select count(*) from churn where emails_clicked = 0"),
    ],
)
def test_usage_verbs_of_the_same_event_name_a_counter(churn: Any, question: str, sql: str) -> None:
    answer = answered(churn.bot, question)
    assert answer.rows[0][-1] == churn.ref.execute(sql).fetchone()[0]


@pytest.mark.parametrize(
    "question", ["How many customers opened more than 5 emails?", "How many customers never opened an email?"]
)
def test_a_usage_verb_of_another_event_is_no_reading_of_a_counter(churn: Any, question: str) -> None:
    """Opening an email is not clicking one: never emails_clicked."""
    answer = churn.bot.ask(question)
    churn.bot.reset()
    assert answer.status != "answer" or "emails_clicked" not in answer.sql, answer.text


@pytest.mark.parametrize(
    "question",
    ["How many rows are in churn?", "How many rows does churn have?", "How many records in the churn file?"],
)
def test_the_files_name_said_as_the_data_counts_every_row(churn: Any, question: str) -> None:
    answer = answered(churn.bot, question)
    assert answer.rows[0][-1] == churn.ref.execute("select count(*) from churn").fetchone()[0]
