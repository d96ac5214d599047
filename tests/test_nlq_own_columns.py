"""A column name two tables share (unit_price of products and of order lines) compared in a question
about one of them is that table's own column; "products that cost more than $N" compare the products'
price; "stock below their reorder level" compares two numbers of each row; revenue "after discounts" is the discounted revenue. Checked against an independent DuckDB query over the same CSV files."""

from __future__ import annotations

import random
from typing import Any

import duckdb
import pytest
from tables import answered

from assistant.engine import Assistant


def _tables() -> dict[str, Any]:
    rnd = random.Random(3)
    products = [
        (1 + i, f"Item {i}", round(4 + 7.5 * i, 2), rnd.randrange(60), 5 * rnd.randrange(8))
        for i in range(14)
    ]
    orders = [
        (100 + i, f"2024-{1 + i % 12:02d}-0{1 + i % 9}", round(rnd.uniform(5, 80), 2)) for i in range(25)
    ]
    details = [
        (
            100 + i,
            p,
            round(products[p - 1][2] * rnd.choice([0.8, 0.9, 1.0]), 2),
            1 + rnd.randrange(9),
            rnd.choice([0, 0, 0.05, 0.1, 0.25]),
        )
        for i in range(25)
        for p in rnd.sample(range(1, 15), 3)
    ]
    return {
        "products": (
            ["product_id", "product_name", "unit_price", "units_in_stock", "reorder_level"],
            products,
        ),
        "orders": (["order_id", "order_date", "freight"], orders),
        "order_details": (["order_id", "product_id", "unit_price", "quantity", "discount"], details),
    }


TABLES = _tables()


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "How many products have a unit price above 50?",
            "select count(*) from products where unit_price > 50",
        ),
        ("How many products cost more than $40?", "select count(*) from products where unit_price > 40"),
        (
            "how many products with a unit price under 20",
            "select count(*) from products where unit_price < 20",
        ),
        (
            "How many products have units in stock below their reorder level?",
            "select count(*) from products where units_in_stock < reorder_level",
        ),
    ],
)
def test_the_records_own_column_is_compared(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(bot, question)
    assert answer.rows[0][0] == ref.execute(sql).fetchone()[0]


@pytest.fixture(scope="module")
def lines(crm) -> tuple[Assistant, Any]:
    """Orders and their lines only (products' stock x price would be a second "revenue")."""
    data = crm.dataset({n: TABLES[n] for n in ("orders", "order_details")}, "lines")
    return data.bot, data.ref


@pytest.mark.parametrize(
    "question", ["What is our total revenue after discounts?", "total revenue net of discounts"]
)
def test_revenue_after_discounts_is_the_discounted_revenue(lines, question: str) -> None:
    assistant, ref = lines
    assistant.reset()
    answer = assistant.ask(question)
    assert answer.status == "answer", answer.text
    expected = ref.execute(
        "select sum(quantity * unit_price * (1 - discount)) from order_details"
    ).fetchone()[0]
    assert answer.rows[0][0] == pytest.approx(expected)


def test_revenue_before_discounts_is_not_guessed(lines) -> None:
    assistant, _ = lines
    assistant.reset()
    assert assistant.ask("What is our total revenue before discounts?").status in ("clarify", "unsupported")


def test_a_date_is_never_compared_with_a_number(bot: Assistant) -> None:
    """ "orders with freight above their order date" compares nothing comparable: not answered."""
    bot.reset()
    assert bot.ask("orders with freight above their order date").status in ("clarify", "unsupported")


def test_a_shared_column_without_a_comparison_stays_ambiguous(bot: Assistant) -> None:
    """ "average unit price" names no records: products' list price or the prices lines were sold at."""
    bot.reset()
    assert bot.ask("what is the average unit price?").status in ("clarify", "unsupported")
