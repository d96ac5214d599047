"""A customer export written by several systems: initials beside the words they stand for ('CC' beside
'Credit Card') are one value; a word beside a longer value holding it ('Phone', 'Mobile Phone') is asked
about, never split or counted as two; cashback is no revenue; "have more than 10" with nothing after it
is no amount of money; "churn by X" is the churn rate in each group. Checked against DuckDB."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

CUSTOMERS = """CustomerID,Churn,Device,PaymentMode,CityTier,Addresses,CashbackAmount,Tenure,Gender
1,1,Phone,CC,1,2,120.5,,Male
2,0,Mobile Phone,Credit Card,1,3,80.0,4,Female
3,0,Computer,COD,2,11,150.25,10,Female
4,1,Mobile Phone,Cash on Delivery,3,1,99.0,,Male
5,0,Computer,Debit Card,1,12,60.0,7,Male
6,1,Phone,Credit Card,2,4,130.0,1,Female
7,0,Computer,UPI,3,2,70.0,22,Male
8,0,Mobile Phone,CC,1,5,90.0,3,Female
"""


@pytest.fixture(scope="module")
def shop(crm):
    return crm.dataset({"customers": CUSTOMERS}, name="messy")


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "how many customers pay by credit card?",
            "select 'all', count(*) from customers where PaymentMode in ('CC', 'Credit Card')",
        ),
        (
            "churn rate of customers who pay cash on delivery",
            "select 'all', avg(Churn) from customers where PaymentMode in ('COD', 'Cash on Delivery')",
        ),
        (
            "customers by payment mode",
            "select case PaymentMode when 'CC' then 'Credit Card' when 'COD' then 'Cash on Delivery' "
            "else PaymentMode end, count(*) from customers group by 1",
        ),
        ("churn by city tier", "select CityTier, avg(Churn) from customers group by 1"),
        ("Is churn higher for men or women?", "select Gender, avg(Churn) from customers group by 1"),
        (
            "Rank city tiers by churn rate, highest first.",
            "select CityTier, avg(Churn) from customers group by 1",
        ),
        (
            "For how many customers is tenure missing?",
            "select 'all', count(*) from customers where Tenure is null",
        ),
        (
            "how many customers have a missing tenure",
            "select 'all', count(*) from customers where Tenure is null",
        ),
        ("average tenure by gender", "select Gender, avg(Tenure) from customers group by 1"),
    ],
)
def test_initials_are_the_value_they_stand_for(shop, question: str, sql: str) -> None:
    figures_match(answered(shop.bot, question), shop.ref, sql)


def test_the_load_says_which_initials_it_read() -> None:
    from catalog.casing import _initials

    values = ["CC", "Credit Card", "COD", "Cash on Delivery", "UPI", "NA", "E wallet"]
    assert _initials(values) == {"CC": "Credit Card", "COD": "Cash on Delivery"}


@pytest.mark.parametrize(
    "question",
    [
        "churn rate by device",
        "how many customers use a phone?",
        "customers by device",
        "what is the churn rate of customers on Mobile Phone",
    ],
)
def test_a_value_written_two_ways_is_asked_about(shop, question: str) -> None:
    answer = shop.bot.ask(question)
    shop.bot.reset()
    assert answer.status == "clarify"
    assert "'Phone'" in answer.text and "'Mobile Phone'" in answer.text


def test_a_filter_naming_both_ways_is_answered(shop) -> None:
    answer = answered(shop.bot, "how many customers use Phone or Mobile Phone?")
    figures_match(
        answer, shop.ref, "select 'all', count(*) from customers where Device in ('Phone', 'Mobile Phone')"
    )
    computers = answered(shop.bot, "how many customers use a computer?")
    figures_match(computers, shop.ref, "select 'all', count(*) from customers where Device = 'Computer'")


@pytest.mark.parametrize(
    "question",
    [
        "How much revenue did we lose from customers who churned?",
        "how many customers have more than 10?",
    ],
)
def test_no_figure_the_data_does_not_hold(shop, question: str) -> None:
    answer = shop.bot.ask(question)
    shop.bot.reset()
    assert answer.status in ("clarify", "unsupported"), answer.sql


def test_cashback_is_still_its_own_figure(shop) -> None:
    answer = answered(shop.bot, "total cashback of churned customers")
    figures_match(answer, shop.ref, "select 'all', sum(CashbackAmount) from customers where Churn = 1")
    more = answered(shop.bot, "how many customers have more than 10 addresses?")
    figures_match(more, shop.ref, "select 'all', count(*) from customers where Addresses > 10")


def test_most_popular_first_sorts_every_group(shop) -> None:
    answer = answered(shop.bot, "Number of customers per payment mode, most popular first")
    counts = [r[1] for r in answer.rows]
    merged = "case PaymentMode when 'CC' then 'Credit Card' when 'COD' then 'Cash on Delivery' else PaymentMode end"
    want = [
        n
        for (n,) in shop.ref.execute(
            f"select count(*) from customers group by {merged} order by 1 desc"
        ).fetchall()
    ]
    assert counts == want


def test_churn_drivers_with_blank_values(shop) -> None:
    """Blank tenures (pandas NA) stay out of a driver's groups instead of stopping the analysis."""
    answer = shop.bot.ask("what drives churn")
    shop.bot.reset()
    assert answer.status in ("answer", "unsupported"), answer.text
