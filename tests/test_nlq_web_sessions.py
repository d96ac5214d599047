"""A web shop's sessions (one row each: pages, bounce and exit rates, visitor type, and Revenue TRUE/FALSE
= the session ended in a purchase) and a shop's sales (date, category, quantity, price). Revenue of a
session is that yes/no: purchases, buyers, conversion; "what share of all purchases came from returning
visitors" is a part of the purchases; "busiest in terms of number of transactions" ranks by the count;
"monthly sales" of a table of sales with a price is the money. Checked against DuckDB."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

TYPES = ("Returning_Visitor", "New_Visitor", "Other")
SESSIONS = "ProductRelated,BounceRates,ExitRates,PageValues,Month,VisitorType,Weekend,Revenue\n" + "".join(
    f"{i % 30},{(i % 7) / 100:.3f},{(i % 9) / 100:.3f},{(i % 5) * 3.5},{('Feb', 'Mar', 'May', 'Nov')[i % 4]},"
    f"{TYPES[0] if i % 5 else TYPES[1 + i % 2]},{'TRUE' if i % 3 == 0 else 'FALSE'},{'TRUE' if i % 4 == 0 or i % 7 == 0 else 'FALSE'}\n"
    for i in range(1, 201)
)
SALES = "invoice_no,category,quantity,price,invoice_date\n" + "".join(
    f"I{i},{('Clothing', 'Shoes', 'Books')[i % 3]},{1 + i % 5},{(1 + i % 5) * (10 + 5 * (i % 3))},"
    f"{1 + i % 28:02d}-{1 + i % 12:02d}-{2021 + i % 2}\n"
    for i in range(1, 121)
)


@pytest.fixture(scope="module")
def web(crm):
    return crm.dataset({"sessions": SESSIONS}, name="websessions")


@pytest.fixture(scope="module")
def shop(crm):
    return crm.dataset({"sales": SALES}, name="mallsales")


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many visits ended in a purchase?", "select 'all', count(*) from sessions where Revenue"),
        ("What's our overall conversion rate?", "select 'all', avg(Revenue::int) from sessions"),
        ("conversion rate by visitor type", "select VisitorType, avg(Revenue::int) from sessions group by 1"),
        (
            "avg bounce rate for buyers vs non-buyers",
            "select Revenue, avg(BounceRates) from sessions group by 1",
        ),
        (
            "What share of all purchases came from returning visitors?",
            "select 'all', avg((VisitorType = 'Returning_Visitor')::int) from sessions where Revenue",
        ),
    ],
)
def test_a_session_flag_named_revenue_is_a_purchase(web, question: str, sql: str) -> None:
    figures_match(answered(web.bot, question), web.ref, sql)


def test_busiest_by_number_of_records_is_the_top_one(shop) -> None:
    answer = answered(shop.bot, "Which category is busiest in terms of number of transactions?")
    tied_first = shop.ref.execute(
        "select category, count(*) from sales group by 1 qualify rank() over (order by count(*) desc) = 1"
    ).fetchall()  # categories tied at the top are each a right answer
    assert len(answer.rows) == 1 and tuple(answer.rows[0][:2]) in tied_first


def test_monthly_sales_of_a_table_of_sales_are_its_money(shop) -> None:
    answer = answered(shop.bot, "sales by category")
    assert any("revenue" in c for c in answer.columns)
    counted = answered(shop.bot, "how many sales by category")
    assert "count" in counted.columns


def test_records_and_those_of_them_flagged_are_two_counts(web) -> None:
    answer = answered(web.bot, "number of sessions and purchases by region".replace("region", "visitor type"))
    got = {r[0]: tuple(r[1:3]) for r in answer.rows}
    want = {
        k: (n, bought)
        for k, n, bought in web.ref.execute(
            "select VisitorType, count(*), count(*) filter (where Revenue) from sessions group by 1"
        ).fetchall()
    }
    assert got == want


def test_months_by_name_are_shown_in_calendar_order(web) -> None:
    answer = answered(web.bot, "Show the number of sessions per month, in calendar order.")
    assert [r[0] for r in answer.rows] == ["Feb", "Mar", "May", "Nov"]


def test_a_key_of_its_own_in_every_row_makes_each_row_one_customer(crm) -> None:
    shop = crm.dataset(
        {
            "purchases": "invoice_no,customer_id,age,mall\n"
            + "".join(f"I{i},C{i},{20 + i % 40},{('Kanyon', 'Zorlu')[i % 2]}\n" for i in range(1, 41))
        },
        name="onebuyeach",
    )
    figures_match(
        answered(shop.bot, "What is the average age of our shoppers?"),
        shop.ref,
        "select 'all', avg(age) from purchases",
    )
