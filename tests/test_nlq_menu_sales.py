"""A restaurant's orders priced by its menu: order lines hold a quantity and a key to the menu, whose rows
hold the price (and a key to the pizza type, with its category). Revenue is quantity x the listed price;
"pizza category" is the category of each pizza's type; a month or quarter said without its year is the
latest one in the data; pizzas sold are units (the lines' quantity); other counts of pizzas through lines
that carry quantities are asked about (different pizzas, or units). Checked against DuckDB over the same tables."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

TABLES = {
    "orders": """order_id,date,time
1,2015-01-05,11:38:36
2,2015-01-05,12:10:00
3,2015-04-11,18:01:12
4,2015-07-20,19:30:00
5,2015-07-21,12:05:00
6,2015-10-02,20:44:10
""",
    "order_details": """order_details_id,order_id,pizza_id,quantity
1,1,hawaiian_m,1
2,1,classic_dlx_l,2
3,2,hawaiian_m,1
4,3,veggie_s,3
5,4,classic_dlx_l,1
6,4,veggie_s,1
7,5,hawaiian_m,2
8,6,classic_dlx_l,4
""",
    "pizzas": """pizza_id,pizza_type_id,size,price
hawaiian_m,hawaiian,M,13.25
classic_dlx_l,classic_dlx,L,20.5
veggie_s,veggie,S,12
big_meat_s,big_meat,S,12
""",
    "pizza_types": """pizza_type_id,name,category
hawaiian,The Hawaiian Pizza,Classic
classic_dlx,The Classic Deluxe Pizza,Classic
veggie,The Veggie Pizza,Veggie
big_meat,The Big Meat Pizza,Supreme
""",
}
REVENUE = "sum(d.quantity * p.price)"
LINES = "order_details d join pizzas p using (pizza_id)"


@pytest.fixture(scope="module")
def shop(crm):
    return crm.dataset(TABLES, name="pizzeria")


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("What was our total revenue?", f"select 'all', {REVENUE} from {LINES}"),
        (
            "revenue by pizza category",
            f"select t.category, {REVENUE} from {LINES} join pizza_types t using (pizza_type_id) group by 1",
        ),
        (
            "How much did we sell in July? I mean revenue",
            f"select 'all', {REVENUE} from {LINES} join orders o using (order_id) "
            "where o.date between '2015-07-01' and '2015-07-31'",
        ),
        (
            "revenue in the first quarter",
            f"select 'all', {REVENUE} from {LINES} join orders o using (order_id) "
            "where o.date between '2015-01-01' and '2015-03-31'",
        ),
        (
            "how many orders in Q3",
            "select 'all', count(*) from orders where date between '2015-07-01' and '2015-09-30'",
        ),
        ("orders by hour", "select hour(time), count(*) from orders group by 1"),
        (
            "How many pizzas did we sell in each category?",
            f"select t.category, sum(d.quantity) from {LINES} join pizza_types t using (pizza_type_id) group by 1",
        ),
        ("how many pizzas did we sell altogether", "select 'all', sum(quantity) from order_details"),
        (
            "average monthly revenue",
            f"select 'all', avg(r) from (select date_trunc('month', o.date), {REVENUE} r from {LINES} "
            "join orders o using (order_id) group by 1)",
        ),
        (
            "what is the average number of orders per month",
            "select 'all', avg(n) from (select date_trunc('month', date), count(*) n from orders group by 1)",
        ),
        (
            "average daily revenue by pizza category",
            f"select t.category, avg(r) from (select t.category, o.date, {REVENUE} r from {LINES} "
            "join orders o using (order_id) join pizza_types t using (pizza_type_id) group by 1, 2) t group by 1",
        ),
        (
            "What percentage of all pizzas sold were Classic pizzas?",
            f"select 'all', sum(case when t.category = 'Classic' then d.quantity end) / sum(d.quantity) "
            f"from {LINES} join pizza_types t using (pizza_type_id)",
        ),
        ("Number of orders by day of the week", "select dayname(date), count(*) from orders group by 1"),
        ("average price", "select 'all', avg(price) from pizzas"),
        ("average menu price by size", "select size, avg(price) from pizzas group by 1"),
        (
            "What's the average price paid per pizza sold?",
            f"select 'all', {REVENUE} / sum(d.quantity) from {LINES}",
        ),
        (
            "What was our busiest day of the year in terms of orders?",
            "select 'all', max(n) from (select count(*) as n from orders group by date)",
        ),
        ("How many orders did we take in total?", "select 'all', count(*) from orders"),
        (
            "What percentage of revenue comes from each pizza size?",
            f"select p.size, {REVENUE} / sum({REVENUE}) over () from {LINES} group by 1",
        ),
        (
            "What's the average order value?",
            f"select 'all', {REVENUE} / count(distinct d.order_id) from {LINES}",
        ),
    ],
)
def test_menu_priced_lines(shop, question: str, sql: str) -> None:
    figures_match(answered(shop.bot, question), shop.ref, sql)


def test_the_load_says_which_price_each_line_was_given(shop) -> None:
    assert any("listed price" in change for change in shop.bot.catalog.changes)


@pytest.mark.parametrize(
    "question",
    [
        "On average, how many pizzas are in an order?",
        "Which order had the most pizzas?",
        "how many different pizzas did we sell",
    ],
)
def test_pizzas_through_lines_with_quantities_are_asked_about(shop, question: str) -> None:
    answer = shop.bot.ask(question)
    shop.bot.reset()
    assert answer.status == "clarify" and "units" in answer.text


def test_a_period_before_the_data_is_no_comparison(shop) -> None:
    answer = shop.bot.ask("How did this year's sales compare to 2014?")
    shop.bot.reset()
    assert answer.status == "clarify" and "2014" in answer.text


def test_an_item_without_a_name_or_its_kind_is_asked_back(shop) -> None:
    answer = shop.bot.ask("Top 3 pizzas by revenue")
    shop.bot.reset()
    assert answer.status == "clarify" and "pizza types" in answer.text
    kinds = answered(shop.bot, "top 3 pizza types by revenue")
    assert "name" in kinds.columns


def test_a_median_of_period_totals_is_asked_back(shop) -> None:
    """ "median monthly revenue" was the median line's revenue in each month: a wrong answer; the
    average of the periods' totals is read (above), their median is not yet."""
    answer = shop.bot.ask("median monthly revenue")
    shop.bot.reset()
    assert answer.status == "clarify"
