"""Export shapes met on unseen data in round 22 (tests/questions/README.md), each answer checked against
DuckDB over the same rows:

- an online shop's orders with price_usd beside cogs_usd and order lines priced on their own (the order's
  price is what it came to; cogs is what the goods cost; revenue is the lines'; customers are user_id);
- a ticket log whose only money is a Price (the fare each ticket sold for), with 'None' for no railcard;
- a one-table insurance file (a split by the averaged column itself; "smoking status"; "charged").
"""

from __future__ import annotations

import pytest
from tables import answered

ORDERS = "order_id,user_id,items_purchased,price_usd,cogs_usd,created_at\n" + "".join(
    f"{i},{100 + i % 37},{1 + (i % 3 == 0)},{49.99 + (i % 3 == 0) * 29.99:.2f},"
    f"{19.49 + (i % 3 == 0) * 9.49:.2f},2014-{1 + i % 12:02d}-{1 + i % 27:02d}\n"
    for i in range(1, 121)
)
ITEMS = "order_item_id,order_id,product_id,price_usd,cogs_usd,created_at\n" + "".join(
    line
    for i in range(1, 121)
    for line in (
        [f"{2 * i},{i},1,49.99,19.49,2014-{1 + i % 12:02d}-{1 + i % 27:02d}\n"]
        + ([f"{2 * i + 1},{i},2,29.99,9.49,2014-{1 + i % 12:02d}-{1 + i % 27:02d}\n"] if i % 3 == 0 else [])
    )
)
REFUNDS = "order_item_refund_id,order_item_id,order_id,refund_amount_usd,created_at\n" + "".join(
    f"{k},{2 * i},{i},49.99,2014-{1 + i % 12:02d}-{1 + i % 27:02d}\n"
    for k, i in enumerate(range(5, 121, 11), start=1)
)
PRODUCTS = "product_id,product_name\n1,Mr. Fuzzy\n2,Love Bear\n,\n,`\n"


@pytest.fixture(scope="module")
def shop(crm):
    return crm.dataset(
        {"orders": ORDERS, "order_items": ITEMS, "order_item_refunds": REFUNDS, "products": PRODUCTS},
        name="toy_shop",
    )


def one(ds, sql: str):
    return ds.ref.execute(sql).fetchone()[0]


def test_an_orders_price_is_what_it_sold_for_never_its_cost(shop) -> None:
    """ "orders over $60" and the average order value read price_usd (never cogs_usd, what the goods cost);
    revenue is the lines' price, which every split adds up right."""
    over = answered(shop.bot, "how many orders were over $60?")
    assert over.rows[0][0] == one(shop, "select count(*) from orders where price_usd > 60")
    assert over.rows[0][0] > 0
    aov = answered(shop.bot, "what's the average order value?")
    assert aov.rows[0][-1] == pytest.approx(one(shop, "select avg(price_usd) from orders"))
    revenue = answered(shop.bot, "what's the total revenue?")
    assert revenue.rows[0][0] == pytest.approx(one(shop, "select sum(price_usd) from order_items"))


def test_customers_are_the_user_ids_never_a_product_key(shop) -> None:
    """Order lines point at products, never at customers: repeat customers are user_ids with 2+ orders."""
    repeat = answered(shop.bot, "how many customers ordered more than once?")
    expected = one(
        shop, "select count(*) from (select user_id from orders group by user_id having count(*) > 1)"
    )
    assert repeat.rows[0][0] == expected


def test_customers_who_never_had_a_refund_have_no_refunded_order_at_all(shop) -> None:
    never = answered(shop.bot, "How many customers have never had a refund?")
    expected = one(
        shop,
        "select count(distinct user_id) from orders where user_id not in "
        "(select o.user_id from order_item_refunds r join orders o on r.order_id = o.order_id)",
    )
    assert never.rows[0][0] == expected


def test_how_much_was_refunded_is_the_refunds_amount(shop) -> None:
    by_year = answered(shop.bot, "How much did we refund each year?")
    assert sum(r[1] for r in by_year.rows) == pytest.approx(
        one(shop, "select sum(refund_amount_usd) from order_item_refunds")
    )
    shop.bot.reset()
    refunded = answered(shop.bot, "what was the total amount refunded?")
    assert refunded.rows[0][0] == pytest.approx(
        one(shop, "select sum(refund_amount_usd) from order_item_refunds")
    )


def test_rows_of_only_a_stray_mark_are_no_records(shop) -> None:
    products = answered(shop.bot, "How many products do we carry?")
    assert products.rows[0][0] == 2


def test_a_comparison_the_summary_cannot_split_is_asked_back(shop) -> None:
    said = shop.bot.ask("Average order value for single-item orders vs orders with two items?")
    shop.bot.reset()
    assert said.status != "answer" or len(said.rows) == 2, "two sides asked, never one figure for all"


TICKETS = "Date of Purchase,Railcard,Ticket Class,Price,Departure Station\n" + "".join(
    f"2024-{1 + i % 3:02d}-{1 + i % 28:02d},{('None', 'None', 'Adult', 'Senior', 'None')[i % 5]},"
    f"{('Standard', 'First Class')[i % 4 == 0]},{5 + i % 40},{('York', 'Leeds')[i % 2]}\n"
    for i in range(1, 201)
)


@pytest.fixture(scope="module")
def rail(crm):
    return crm.dataset({"tickets": TICKETS}, name="rail_tickets")


def test_a_tickets_price_is_its_revenue_and_its_fare(rail) -> None:
    revenue = answered(rail.bot, "What's our total ticket revenue?")
    assert revenue.rows[0][0] == one(rail, 'select sum("Price") from tickets')
    fare = answered(rail.bot, "what's the average fare people pay?")
    assert fare.rows[0][0] == pytest.approx(one(rail, 'select avg("Price") from tickets'))
    monthly = answered(rail.bot, "Revenue by month of purchase")
    assert len(monthly.rows) == 3


def test_none_is_no_railcard_in_a_ranking(rail) -> None:
    top = answered(rail.bot, "Which type of railcard gets used the most?")
    expected = one(
        rail,
        "select Railcard from tickets where Railcard <> 'None' group by Railcard order by count(*) desc, 1 limit 1",
    )
    assert top.rows[0][0] == expected


INSURED = "age,sex,bmi,smoker,region,charges\n" + "".join(
    f"{18 + i % 47},{('male', 'female')[i % 2]},{18 + (i * 7) % 30 + 0.5},{('yes', 'no', 'no')[i % 3]},"
    f"{('southwest', 'northeast')[i % 2]},{1000 + (i * 37) % 20000 + 0.25}\n"
    for i in range(1, 301)
)


@pytest.fixture(scope="module")
def insured(crm):
    return crm.dataset({"policyholders": INSURED}, name="insured")


def test_a_split_by_the_averaged_column_itself_is_dropped(insured) -> None:
    said = answered(
        insured.bot, "Do smokers have a different BMI? Show the average BMI for smokers and non-smokers."
    )
    assert len(said.rows) == 2


def test_smoking_status_is_shown_never_a_condition(insured) -> None:
    who = answered(
        insured.bot, "Who has the highest BMI? Give their age, sex, BMI, smoking status and charges."
    )
    assert who.rows[0][0] == one(insured, "select max(bmi) from policyholders")
    assert "WHERE" not in who.sql.upper()


def test_charged_is_the_charges_and_a_share_of_them_measures_the_new_condition(insured) -> None:
    low = answered(insured.bot, "What's the smallest amount anyone was charged?")
    assert low.rows[0][0] == pytest.approx(one(insured, "select min(charges) from policyholders"))
    insured.bot.ask("How many customers are in the southwest?")
    share = answered(insured.bot, "What share of them have a BMI of 30 or more?")
    expected = one(
        insured,
        "select avg(case when bmi >= 30 then 1.0 else 0 end) from policyholders where region = 'southwest'",
    )
    assert share.rows[0][0] in (pytest.approx(expected), pytest.approx(100 * expected))
