"""A flat sales export named `orders` whose rows are order lines (the Superstore shape): `Order ID` repeats,
so "orders" are its distinct values and `Row ID` is the key; "customer segment" and "product category" name
the segment and the category, never a split by the customers' or products' ids as well; a breakdown by
customer shows the customer's name from the same rows; "per customer in each segment" is one figure per
segment; "sold the most units" ranks by the units' total; "and profit?" keeps the previous question's
period; "its margin" after a top-1 answer is the winner's. Checked against DuckDB over the same table."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from tables import answered

COLUMNS = ["Row ID", "Order ID", "Order Date", "Customer ID", "Customer Name", "Segment", "Category"]
COLUMNS += ["Sub-Category", "Product ID", "Quantity", "Sales", "Profit", "Discount", "Ship Date", "Ship Mode"]
COLUMNS += ["Region"]
SEGMENTS = ("Consumer", "Corporate", "Home Office")
KINDS = {
    "Furniture": ("Chairs", "Tables"),
    "Technology": ("Phones", "Copiers"),
    "Office": ("Paper", "Binders"),
}


def _lines(orders: int) -> list[list[object]]:
    rng = random.Random(11)
    people = [(f"C-{i:03d}", f"Person {i}", rng.choice(SEGMENTS)) for i in range(40)]
    rows: list[list[object]] = []
    for o in range(orders):
        customer, name, segment = rng.choice(people)
        day = dt.date(rng.choice((2016, 2017)), rng.randint(1, 12), rng.randint(1, 28))
        mode, region = rng.choice(("First Class", "Standard Class")), rng.choice(("East", "West"))
        shipped = (day + dt.timedelta(days=rng.randint(0, 7))).isoformat()
        for _ in range(rng.randint(1, 4)):
            category = rng.choice(list(KINDS))
            sub = rng.choice(KINDS[category])
            sales = round(rng.uniform(5, 500), 2)
            profit = round(sales * rng.uniform(-0.3, 0.4), 2)
            product = f"P-{sub[:3]}-{rng.randint(1, 9)}"
            line = [
                len(rows) + 1,
                f"O-{o:04d}",
                day.isoformat(),
                customer,
                name,
                segment,
                category,
                sub,
                product,
            ]
            discount = rng.choice((0, 0.1, 0.2, 0.5, 0.7))
            rows.append([*line, rng.randint(1, 6), sales, profit, discount, shipped, mode, region])
    return rows


@pytest.fixture(scope="module")
def data(crm):
    return crm.dataset({"orders": (COLUMNS, _lines(300))})


CASES = [
    ("how many orders do we have?", 'select count(distinct "Order ID") from orders'),
    ("how many order lines are there?", "select count(*) from orders"),
    ("what is our average order value?", 'select sum("Sales") / count(distinct "Order ID") from orders'),
    (
        "how many customers have placed more than 10 orders?",
        'select count(*) from (select "Customer ID" from orders group by 1 having count(distinct "Order ID") > 10)',
    ),
    (
        "how many phones did we sell in 2017? I mean units.",
        """select sum("Quantity") from orders where "Sub-Category" = 'Phones' and year("Order Date"::date) = 2017""",
    ),
]


CASES += [
    (
        "how many order lines had a discount of 50% or more?",
        'select count(*) from orders where "Discount" >= 0.5',
    ),
    ("how many order lines had a discount above 20%?", 'select count(*) from orders where "Discount" > 0.2'),
    (
        "what is the average time from order to shipment, in days?",
        'select avg("Ship Date"::date - "Order Date"::date) from orders',
    ),
    (  # a duration compared, record by record (round 9)
        "how many orders took more than 5 days to ship?",
        'select count(distinct "Order ID") from orders where "Ship Date"::date - "Order Date"::date > 5',
    ),
    (
        "how many order lines took less than 2 days to ship?",
        'select count(*) from orders where "Ship Date"::date - "Order Date"::date < 2',
    ),
    ("what are our total sales across all two years?", 'select sum("Sales") from orders'),
    (
        "how long does shipping take on average?",
        'select avg("Ship Date"::date - "Order Date"::date) from orders',
    ),
    (
        "what share of our revenue comes from Technology?",
        """select sum("Sales") filter (where "Category" = 'Technology') / sum("Sales") from orders""",
    ),
    ("what date range does the order data cover?", 'select max("Order Date"::date) from orders'),
    (
        "by what percent did sales grow in 2017 versus 2016?",
        'select (sum("Sales") filter (where year("Order Date"::date) = 2017)) / '
        '(sum("Sales") filter (where year("Order Date"::date) = 2016)) - 1 from orders',
    ),
]


@pytest.mark.parametrize(("question", "gold"), CASES)
def test_orders_of_order_lines(data, question: str, gold: str) -> None:
    answer = data.bot.ask(question)
    data.bot.reset()
    assert answer.status == "answer", answer.text
    row = answer.rows[0]
    (want,) = data.ref.execute(gold).fetchone()
    if isinstance(want, dt.date):
        assert any(str(v)[:10] == want.isoformat() for v in row), answer.sql
        return
    assert any(isinstance(v, int | float) and abs(float(v) - float(want)) < 1e-6 for v in row), answer.sql


def test_the_repeating_order_id_is_not_the_key(data) -> None:
    table = data.bot.catalog.model.tables["orders"]
    assert (table.key, table.entity) == ("Row ID", "order lines")


GROUPED = [
    ("sales by customer segment", 'select "Segment", sum("Sales") from orders group by 1'),
    ("which product category brings in the most profit?", 'select "Category", sum("Profit") from orders group by 1 order by 2 desc limit 1'),
    ("which product sold the most units?", 'select "Product ID", sum("Quantity") from orders group by 1 order by 2 desc, 1 limit 1'),
    ("what is the best-selling product by number of units?", 'select "Product ID", sum("Quantity") from orders group by 1 order by 2 desc, 1 limit 1'),
    ("sales by shipping mode", 'select "Ship Mode", sum("Sales") from orders group by 1'),
    (
        "what are the 2 biggest sub-categories by sales in the East?",
        """select "Sub-Category", sum("Sales") from orders where "Region" = 'East' group by 1 order by 2 desc limit 2""",
    ),
    (
        "how much revenue do we make per customer in each segment?",
        'select "Segment", sum("Sales") / count(distinct "Customer ID") from orders group by 1',
    ),
]  # fmt: skip


@pytest.mark.parametrize(("question", "gold"), GROUPED)
def test_breakdowns_of_order_lines(data, question: str, gold: str) -> None:
    answer = data.bot.ask(question)
    data.bot.reset()
    assert answer.status == "answer", answer.text
    want = sorted((str(k), round(float(v), 6)) for k, v in data.ref.execute(gold).fetchall())
    got = sorted((str(r[0]), round(float(r[1]), 6)) for r in answer.rows)
    assert got == want, answer.sql


def test_a_customer_breakdown_shows_the_name_beside_the_id(data) -> None:
    answer = data.bot.ask("top 3 customers by sales")
    data.bot.reset()
    names = dict(data.ref.execute('select distinct "Customer ID", "Customer Name" from orders').fetchall())
    assert "Customer Name" in answer.columns
    at = answer.columns.index("Customer Name")
    assert all(names[r[0]] == r[at] for r in answer.rows)


def test_a_follow_up_figure_keeps_the_period(data) -> None:
    data.bot.ask("what were total sales in 2017?")
    answer = data.bot.ask("and profit?")
    data.bot.reset()
    (want,) = data.ref.execute(
        'select sum("Profit") from orders where year("Order Date"::date) = 2017'
    ).fetchone()
    assert answer.status == "answer" and abs(float(answer.rows[0][0]) - want) < 1e-6, answer.sql


def test_its_after_a_top_one_answer_is_the_winner(data) -> None:
    top = data.bot.ask("which sub-category has the highest sales?")
    answer = data.bot.ask("what is its profit margin?")
    data.bot.reset()
    winner = top.rows[0][0]
    gold = 'select sum("Profit") / sum("Sales") from orders where "Sub-Category" = ?'
    (want,) = data.ref.execute(gold, [winner]).fetchone()
    assert answer.status == "answer" and len(answer.rows) == 1, answer.sql
    assert abs(float(answer.rows[0][-1]) - want) < 1e-6, answer.sql


LOSSES = [
    ("what percentage of order lines were sold at a loss?", 'select avg(("Profit" < 0)::int) from orders'),
    ("how many order lines made a profit?", 'select count(*) from orders where "Profit" > 0'),
    (
        "what is the average discount of lines that lost money?",
        'select avg("Discount") from orders where "Profit" < 0',
    ),
]


@pytest.mark.parametrize(("question", "gold"), LOSSES)
def test_money_lost_or_made_is_read_on_the_profit_column(data, question: str, gold: str) -> None:
    answer = data.bot.ask(question)
    data.bot.reset()
    (want,) = data.ref.execute(gold).fetchone()
    assert answer.status == "answer" and abs(float(answer.rows[0][0]) - float(want)) < 1e-6, answer.sql
    assert "profit" in answer.interpretation


def test_the_most_money_lost_ranks_by_the_lowest_total_profit(data) -> None:
    answer = data.bot.ask("which 2 sub-categories lost us the most money?")
    data.bot.reset()
    gold = 'select "Sub-Category", sum("Profit") from orders group by 1 order by 2 limit 2'
    assert [r[0] for r in answer.rows] == [r[0] for r in data.ref.execute(gold).fetchall()], answer.sql


@pytest.mark.parametrize(
    "question",
    ["which sub-categories are losing money?", "how many orders were profitable?"],
)
def test_a_groups_loss_is_asked_back(data, question: str) -> None:
    answer = data.bot.ask(question)
    data.bot.reset()
    assert answer.status == "clarify" and not answer.sql, answer.sql


def test_a_group_losing_money_overall_is_by_its_total(data) -> None:
    """ "overall" says which: the groups whose total profit is below 0, the biggest losses first."""
    answer = data.bot.ask("which sub-categories are losing money overall?")
    data.bot.reset()
    gold = 'select "Sub-Category", sum("Profit") from orders group by 1 having sum("Profit") < 0 order by 2'
    assert [r[0] for r in answer.rows] == [r[0] for r in data.ref.execute(gold).fetchall()], answer.sql


def test_a_period_after_the_columns_last_date_is_asked_back(crm) -> None:
    """The data ends on a ship date in January; the orders end in December: "this month" (January, as of
    the end of the data) holds no order, so it is asked back, never answered 0."""
    rows = [[i, f"2017-12-{10 + i}", f"2018-01-0{i}", 10.0 * i] for i in range(1, 6)]
    data = crm.dataset({"shipments": (["id", "Order Date", "Ship Date", "Sales"], rows)}, name="late_ships")
    answer = data.bot.ask("how many orders have we taken so far this month?")
    assert answer.status == "clarify" and "run from" in answer.text, answer.text


def test_that_year_takes_the_period_before_or_is_asked_back(data) -> None:
    data.bot.ask("what were total sales in 2017?")
    answer = data.bot.ask("break sales and profit down by region for that year")
    data.bot.reset()
    gold = 'select "Region", sum("Sales"), sum("Profit") from orders where year("Order Date"::date) = 2017 group by 1'
    want = {r[0]: (round(r[1], 6), round(r[2], 6)) for r in data.ref.execute(gold).fetchall()}
    assert {r[0]: (round(r[1], 6), round(r[2], 6)) for r in answer.rows} == want, answer.sql
    data.bot.ask("what were total sales?")
    assert data.bot.ask("sales by region for that year").status == "clarify"
    data.bot.reset()


HAVING = [
    (
        "which regions have total sales above 20000?",
        'select "Region", sum("Sales") from orders group by 1 having sum("Sales") > 20000',
    ),
    (
        "regions with total profit over 1000",
        'select "Region", sum("Profit") from orders group by 1 having sum("Profit") > 1000',
    ),
    (
        "which sub-categories have an average discount above 0.2?",
        'select "Sub-Category", avg("Discount") from orders group by 1 having avg("Discount") > 0.2',
    ),
    (
        "sales by category with total sales above 30000",
        'select "Category", sum("Sales") from orders group by 1 having sum("Sales") > 30000',
    ),
]


@pytest.mark.parametrize(("question", "gold"), HAVING)
def test_a_condition_on_a_groups_figure_keeps_those_groups(data, question: str, gold: str) -> None:
    answer = data.bot.ask(question)
    data.bot.reset()
    assert answer.status == "answer", answer.text
    want = sorted((str(k), round(float(v), 6)) for k, v in data.ref.execute(gold).fetchall())
    assert sorted((str(r[0]), round(float(r[1]), 6)) for r in answer.rows) == want, answer.sql
    assert "HAVING" in answer.sql


def test_a_line_number_within_each_order_leaves_the_entity_alone(crm) -> None:
    """olist's order_items: order_item_id counts 1, 2, 3 within each order (repeated in every order), so
    it numbers lines within documents, not the documents: the rows stay "order items"."""
    rows = [[f"o{k}", i, 10.0 + i] for k in range(40) for i in range(1, 1 + k % 3 + 1)]
    cat = crm.catalog({"order_items": (["order_id", "order_item_id", "price"], rows)})
    assert cat.model.tables["order_items"].entity == "order items"


def test_a_few_repeats_of_a_key_in_a_small_table_keep_it_the_key(crm) -> None:
    rows = [["a", "x"], ["a", "z"], ["b", "y"], ["c", "y"]]
    cat = crm.catalog({"customers": (["customer_id", "plan"], rows)})
    assert cat.model.tables["customers"].key == "customer_id"


def test_the_month_with_the_highest_sales_is_one_month(data) -> None:
    """The top monthly total, one row (it listed every month's single largest line)."""
    answer = answered(data.bot, "which month had the highest sales?")
    (month, total) = data.ref.execute(
        """select date_trunc('month', "Order Date"::date)::date, sum("Sales") from orders group by 1
        order by 2 desc limit 1"""
    ).fetchone()
    assert len(answer.rows) == 1
    assert str(answer.rows[0][0]) == str(month) and answer.rows[0][1] == pytest.approx(total)
