"""Customer-lifecycle questions over a table of transactions (nlq.lifecycle): repeat and one-time buyers,
new customers at their first purchase, lapsed customers, first and last purchase dates, figures of the
purchases per customer. Checked against DuckDB over the same tables: a purchase log of (date, id) and
order lines whose Order ID repeats (a customer's purchases are then their distinct orders)."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from tables import last_figure


def _log(n: int, buyers: int) -> list[list[object]]:
    rng = random.Random(5)
    return [
        [f"2014-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", rng.randrange(buyers)] for _ in range(n)
    ]


def _lines(orders: int, customers: int) -> list[list[object]]:
    rng = random.Random(8)
    rows: list[list[object]] = []
    for k in range(orders):
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(1000))
        who = f"CU-{rng.randrange(customers):03d}"
        rows += [
            [f"OR-{k:04d}", who, day.isoformat(), round(rng.uniform(5, 500), 2)]
            for _ in range(rng.randint(1, 3))
        ]
    return [[i + 1, *r] for i, r in enumerate(rows)]


@pytest.fixture(scope="module")
def log(crm):
    return crm.dataset({"transactions": (["date", "id"], _log(900, 150))})


@pytest.fixture(scope="module")
def lines(crm):
    cols = ["Row ID", "Order ID", "Customer ID", "Order Date", "Sales"]
    return crm.dataset({"orders": (cols, _lines(700, 90))}, name="lines")


PER_CUSTOMER = "(select id, count(*) n, min(date::date) f, max(date::date) l from transactions group by id)"

LOG_CASES = [
    ("how many repeat customers do we have?", f"select count(*) from {PER_CUSTOMER} where n > 1"),
    ("how many customers came back and bought again?", f"select count(*) from {PER_CUSTOMER} where n > 1"),
    ("what share of customers are returning customers?", f"select avg((n > 1)::int) from {PER_CUSTOMER}"),
    ("how many one-time buyers are there?", f"select count(*) from {PER_CUSTOMER} where n = 1"),
    ("what share of customers made only one purchase?", f"select avg((n = 1)::int) from {PER_CUSTOMER}"),
    (
        "what percentage of customers bought 3 or more times?",
        f"select avg((n >= 3)::int) from {PER_CUSTOMER}",
    ),
    (
        "how many repeat customers, i.e. customers with more than one purchase?",
        f"select count(*) from {PER_CUSTOMER} where n > 1",
    ),
    (
        "how many new customers did we acquire in March 2014?",
        f"select count(*) from {PER_CUSTOMER} where f >= '2014-03-01' and f < '2014-04-01'",
    ),
    (
        "how many customers made their first purchase in Q2 2014?",
        f"select count(*) from {PER_CUSTOMER} where f >= '2014-04-01' and f < '2014-07-01'",
    ),
    (
        "how many customers haven't bought anything since the end of June 2014?",
        f"select count(*) from {PER_CUSTOMER} where l < '2014-07-01'",
    ),
    (
        "how many customers have not purchased since 1 September 2014?",
        f"select count(*) from {PER_CUSTOMER} where l < '2014-09-01'",
    ),
    (
        "of the customers acquired in March 2014, how many bought again after March 2014?",
        f"select count(*) from {PER_CUSTOMER} where f >= '2014-03-01' and f < '2014-04-01' and l >= '2014-04-01'",
    ),
    (
        "how many customers made their last purchase in June 2014?",
        f"select count(*) from {PER_CUSTOMER} where l >= '2014-06-01' and l < '2014-07-01'",
    ),
    ("what's the median number of purchases per customer?", f"select median(n) from {PER_CUSTOMER}"),
    ("the largest number of purchases made by a single customer", f"select max(n) from {PER_CUSTOMER}"),
    ("the smallest number of purchases per customer", f"select min(n) from {PER_CUSTOMER}"),
    (
        "on average, how many purchases does a customer make?",
        "select count(*) / count(distinct id) from transactions",
    ),
    (
        "among repeat buyers, what's the average number of purchases per customer?",
        f"select avg(n) from {PER_CUSTOMER} where n > 1",
    ),
    (
        "average days between a customer's first and last purchase, for customers who bought more than once",
        f"select avg(l - f) from {PER_CUSTOMER} where n > 1",
    ),
]


@pytest.mark.parametrize(("question", "gold"), LOG_CASES)
def test_lifecycle_figures_of_a_purchase_log(log, question: str, gold: str) -> None:
    answer = log.bot.ask(question)
    log.bot.reset()
    assert answer.status == "answer", answer.text
    (want,) = log.ref.execute(gold).fetchone()
    assert float(last_figure(answer)) == pytest.approx(float(want)), answer.sql


def test_new_customers_per_month_are_counted_at_their_first_purchase(log) -> None:
    answer = log.bot.ask("how many new customers did we get each month?")
    log.bot.reset()
    gold = log.ref.execute(
        f"select date_trunc('month', f)::date, count(*) from {PER_CUSTOMER} group by 1 order by 1"
    ).fetchall()
    assert [(r[0], r[1]) for r in answer.rows] == [(m, n) for m, n in gold]
    assert "first purchase" in answer.interpretation


def test_first_and_last_purchase_of_the_log_and_of_one_customer(log) -> None:
    whole = log.bot.ask("when was the first purchase in the data, and when was the last one?")
    log.bot.reset()
    first, last = log.ref.execute("select min(date::date), max(date::date) from transactions").fetchone()
    assert [v.date() if isinstance(v, dt.datetime) else v for v in whole.rows[0]] == [first, last]
    one = log.bot.ask("when did customer 7 first buy, and when did they last buy?")
    log.bot.reset()
    f, last7 = log.ref.execute(
        "select min(date::date), max(date::date) from transactions where id = 7"
    ).fetchone()
    got = [v.date() if isinstance(v, dt.datetime) else v for v in one.rows[0][-2:]]
    assert one.rows[0][0] == 7 and got == [f, last7]


def test_lapsed_in_the_last_months_counts_from_the_as_of_date(log) -> None:
    answer = log.bot.ask("how many customers haven't bought anything in the last 3 months?")
    log.bot.reset()
    boundary = dt.date.fromisoformat(re.search(r"before (\d{4}-\d\d-\d\d)", answer.interpretation).group(1))
    assert abs((log.bot.today - boundary).days - 92) <= 3
    (want,) = log.ref.execute(f"select count(*) from {PER_CUSTOMER} where l < '{boundary}'").fetchone()
    assert answer.rows[0][0] == want


LINES_CUSTOMER = (
    '(select "Customer ID", count(distinct "Order ID") n, min("Order Date"::date) f from orders group by 1)'
)

LINES_CASES = [
    ("how many repeat customers are there?", f"select count(*) from {LINES_CUSTOMER} where n > 1"),
    ("median number of orders per customer", f"select median(n) from {LINES_CUSTOMER}"),
    (
        "how many new customers did we win in 2016?",
        f"select count(*) from {LINES_CUSTOMER} where f >= '2016-01-01' and f < '2017-01-01'",
    ),
]


@pytest.mark.parametrize(("question", "gold"), LINES_CASES)
def test_order_lines_count_each_customers_distinct_orders(lines, question: str, gold: str) -> None:
    answer = lines.bot.ask(question)
    lines.bot.reset()
    assert answer.status == "answer", answer.text
    (want,) = lines.ref.execute(gold).fetchone()
    assert float(last_figure(answer)) == pytest.approx(float(want)), answer.sql


@pytest.mark.parametrize(
    "question",
    [
        "how many new customers do we have?",  # new: in which period?
        "how many customers did not buy in May 2014?",  # not the same as no purchase since
        "how many repeat customers are one-time buyers?",
        "how many new customers came from the newsletter?",  # a word of no lifecycle concept
    ],
)
def test_lifecycle_words_without_a_whole_reading_are_not_answered(log, question: str) -> None:
    answer = log.bot.ask(question)
    log.bot.reset()
    assert answer.status != "answer", answer.sql


@pytest.fixture(scope="module")
def signups(crm):
    """Customers with a signup date (some never ordered) and their orders."""
    customers = [[i, f"2014-{1 + i % 12:02d}-05"] for i in range(70)]
    orders = [[k, k % 60, f"2014-{1 + (k * 7) % 12:02d}-{1 + k % 27:02d}", 10.0 + k] for k in range(300)]
    return crm.dataset(
        {
            "customers": (["customer_id", "signup_date"], customers),
            "orders": (["order_id", "customer_id", "order_date", "amount"], orders),
        },
        name="signups",
    )


@pytest.mark.parametrize(
    "question",
    [
        "how many customers placed no orders at all in 2014?",  # never-buyers count: not 'lapsed'
        "who placed our most recent order?",  # the customer, not the date
    ],
)
def test_readings_left_to_the_plain_reader(signups, question: str) -> None:
    answer = signups.bot.ask(question)
    signups.bot.reset()
    assert "lapsed" not in answer.interpretation and "dates of all" not in answer.interpretation
    assert "date of all" not in answer.interpretation


def test_new_customers_are_signups_where_a_signup_date_says_so(signups) -> None:
    """'new' is this module's first purchase only where the data has no date of joining of its own."""
    data = signups
    answer = data.bot.ask("how many new customers in March 2014?")
    (want,) = data.ref.execute(
        "select count(*) from customers where signup_date::date >= '2014-03-01' and signup_date::date < '2014-04-01'"
    ).fetchone()
    assert answer.rows[0][-1] == want, answer.sql
