"""A flat sales export named `orders` whose rows are order lines (the Superstore shape): `Order ID` repeats,
so "orders" are its distinct values and `Row ID` is the key; "customer segment" and "product category" name
the segment and the category, never a split by the customers' or products' ids as well; a breakdown by
customer shows the customer's name from the same rows; "per customer in each segment" is one figure per
segment; "sold the most units" ranks by the units' total; "and profit?" keeps the previous question's
period; "its margin" after a top-1 answer is the winner's. Checked against DuckDB over the same table."""

from __future__ import annotations

import random

import pytest

COLUMNS = ["Row ID", "Order ID", "Order Date", "Customer ID", "Customer Name", "Segment", "Category"]
COLUMNS += ["Sub-Category", "Product ID", "Quantity", "Sales", "Profit"]
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
        day = f"{rng.choice((2016, 2017))}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        for _ in range(rng.randint(1, 4)):
            category = rng.choice(list(KINDS))
            sub = rng.choice(KINDS[category])
            sales = round(rng.uniform(5, 500), 2)
            profit = round(sales * rng.uniform(-0.3, 0.4), 2)
            product = f"P-{sub[:3]}-{rng.randint(1, 9)}"
            line = [len(rows) + 1, f"O-{o:04d}", day, customer, name, segment, category, sub, product]
            rows.append([*line, rng.randint(1, 6), sales, profit])
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


@pytest.mark.parametrize(("question", "gold"), CASES)
def test_orders_of_order_lines(data, question: str, gold: str) -> None:
    answer = data.bot.ask(question)
    data.bot.reset()
    assert answer.status == "answer", answer.text
    row = answer.rows[0]
    (want,) = data.ref.execute(gold).fetchone()
    assert any(isinstance(v, int | float) and abs(float(v) - float(want)) < 1e-6 for v in row), answer.sql


def test_the_repeating_order_id_is_not_the_key(data) -> None:
    table = data.bot.catalog.model.tables["orders"]
    assert (table.key, table.entity) == ("Row ID", "order lines")


GROUPED = [
    ("sales by customer segment", 'select "Segment", sum("Sales") from orders group by 1'),
    ("which product category brings in the most profit?", 'select "Category", sum("Profit") from orders group by 1 order by 2 desc limit 1'),
    ("which product sold the most units?", 'select "Product ID", sum("Quantity") from orders group by 1 order by 2 desc, 1 limit 1'),
    ("what is the best-selling product by number of units?", 'select "Product ID", sum("Quantity") from orders group by 1 order by 2 desc, 1 limit 1'),
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
