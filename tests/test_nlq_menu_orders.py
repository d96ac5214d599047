"""A restaurant's order details (one row per item ordered, no quantity, a few with no item) beside its
menu (menu_item_id, item_name, category, price), and a SaaS sales file whose table is named saas_sales
with a Sales column. The lines point at the menu by item_id ~ menu_item_id; each line sells one unit at
the listed price; "dishes" are the menu's rows and "cuisine" its category; lines with no item are left
out of a split by category (and said); "break that down by month" adds the month; "the highest profit
margin" ranks the margins; "our sales in Japan" is the Sales column's total. Checked against DuckDB."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

MENU = (
    "menu_item_id,item_name,category,price\n"
    "101,Hamburger,American,12.95\n102,Hot Dog,American,9.00\n103,Tacos,Mexican,13.95\n"
    "104,Burrito,Mexican,12.95\n105,Lasagna,Italian,15.50\n106,Tofu Pad Thai,Asian,14.50\n"
)
DETAILS = "order_details_id,order_id,order_date,item_id\n" + "".join(
    f"{i},{1 + i // 3},{1 + i % 3}/{1 + i % 27}/23,{'' if i % 17 == 0 else 101 + i % 6}\n"
    for i in range(1, 121)
)
SAAS = "Order ID,Order Date,Country,Product,Sales,Profit\n" + "".join(
    f"O{i},{2022 + i % 2}-{1 + i % 12:02d}-{1 + i % 28:02d},{('Japan', 'France', 'Chile')[i % 3]},"
    f"{('Alchemy', 'Storage', 'Support')[i % 3 if i % 5 else 0]},{100 + (i * 37) % 400},{(i * 13) % 90 - 20}\n"
    for i in range(1, 91)
)
LINES = "order_details d join menu_items m on d.item_id = m.menu_item_id"


@pytest.fixture(scope="module")
def cafe(crm):
    return crm.dataset({"order_details": DETAILS, "menu_items": MENU}, name="cafe")


@pytest.fixture(scope="module")
def saas(crm):
    return crm.dataset({"saas_sales": SAAS}, name="saas")


def test_each_line_sells_one_dish_at_its_listed_price(cafe) -> None:
    figures_match(
        answered(cafe.bot, "What was our total revenue?"),
        cafe.ref,
        f"select 'all', sum(m.price) from {LINES}",
    )
    figures_match(
        answered(cafe.bot, "How many dishes are on the menu?"),
        cafe.ref,
        "select 'all', count(*) from menu_items",
    )


def test_lines_with_no_item_are_left_out_of_a_split_by_the_menu(cafe) -> None:
    answer = answered(cafe.bot, "revenue by cuisine")
    figures_match(answer, cafe.ref, f"select m.category, sum(m.price) from {LINES} group by 1")
    missing = cafe.ref.execute("select count(*) from order_details where item_id is null").fetchone()[0]
    assert missing and f"{missing} order details with no item_id left out" in answer.interpretation


def test_break_that_down_adds_the_month_to_the_split_before(cafe) -> None:
    assert cafe.bot.ask("Number of items sold per category").status == "answer"
    answer = cafe.bot.ask("break that down by month")
    cafe.bot.reset()
    assert answer.status == "answer", answer.text
    assert {"month", "category"} <= set(answer.columns)
    want = cafe.ref.execute(
        f"select count(distinct (m.category, month(d.order_date))) from {LINES}"
    ).fetchone()[0]
    assert len(answer.rows) == want


def test_our_sales_are_the_sales_column_and_margins_are_ranked(saas) -> None:
    figures_match(
        answered(saas.bot, "What were our sales in Japan in 2022?"),
        saas.ref,
        "select 'all', sum(Sales) from saas_sales where Country = 'Japan' and year(\"Order Date\") = 2022",
    )
    best = answered(saas.bot, "Which product has the highest profit margin?")
    want = saas.ref.execute(
        "select Product from saas_sales group by 1 order by sum(Profit) / sum(Sales) desc limit 1"
    ).fetchone()[0]
    assert len(best.rows) == 1 and best.rows[0][0] == want


def test_a_follow_up_ranking_another_column_leaves_the_split_before(saas) -> None:
    for q in ("Sales by country", "just for 2023"):
        assert saas.bot.ask(q).status == "answer"
    answer = saas.bot.ask("which product sold the most that year?")
    saas.bot.reset()
    want = saas.ref.execute(
        'select Product from saas_sales where year("Order Date") = 2023 group by 1 order by sum(Sales) desc limit 1'
    ).fetchone()[0]
    assert answer.status == "answer", answer.text
    assert answer.columns[0] == "Product" and answer.rows[0][0] == want
