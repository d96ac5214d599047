"""Join paths through link tables on a tiny CRM: products a named customer ordered (products <- order
items -> orders -> customers, a semi-join two hops away), customers per city through customer_addresses
(each customer counted once per city), revenue by film category where film_category only links films
and categories. Each checked against an independent DuckDB query over the same CSV files."""

from __future__ import annotations

import random
from typing import Any

import duckdb
import pytest
from tables import answered

from assistant.engine import Assistant


def _tables() -> dict[str, Any]:
    rnd = random.Random(5)
    first = ["Alma", "Boris", "Chen", "Dora", "Emil", "Fay", "Gus", "Hana", "Ivo", "Jade", "Kurt", "Lena"]
    customers = [(1 + i, f"{n} Stone") for i, n in enumerate(first)]
    products = [(1, "oak table"), (2, "iron lamp"), (3, "wool rug"), (4, "glass vase"), (5, "clay pot")]
    orders = [(100 + i, 1 + rnd.randrange(12), f"2024-{1 + i % 12:02d}-05") for i in range(30)]
    items = [(100 + i, 1 + rnd.randrange(5), 1 + rnd.randrange(4)) for i in range(30) for _ in range(2)]
    cities = ["Oslo", "Bergen", "Tromso", "Bodo"]
    addresses = [(200 + i, cities[i % 4]) for i in range(8)]
    # customers with two addresses, some both in one city (Oslo: 200 and 204)
    links = sorted(
        {(1 + rnd.randrange(12), 200 + rnd.randrange(8), rnd.choice(["home", "work"])) for _ in range(20)}
    )
    films = [(1 + i, f"Film {i}") for i in range(10)]
    categories = [(1, "Drama"), (2, "Comedy"), (3, "Horror")]
    film_category = [(1 + i, 1 + i % 3, "2006-02-15 05:07:09") for i in range(10)]
    film_category += [(1, 2, "2006-02-15 05:07:09"), (4, 3, "2006-02-15 05:07:09")]  # two categories
    inventory = [(300 + j, 1 + rnd.randrange(10)) for j in range(20)]
    rentals = [(400 + k, 300 + rnd.randrange(20), f"2005-0{1 + k % 8}-1{k % 10}") for k in range(40)]
    payments = [(500 + k, 400 + k, round(0.99 + rnd.randrange(6), 2)) for k in range(40)]
    return {
        "customers": (["customer_id", "customer_name"], customers),
        "products": (["product_id", "product_details"], products),
        "customer_orders": (["order_id", "customer_id", "order_date"], orders),
        "order_items": (["order_id", "product_id", "order_quantity"], items),
        "addresses": (["address_id", "city"], addresses),
        "customer_addresses": (["customer_id", "address_id", "address_type"], links),
        "film": (["film_id", "title"], films),
        "category": (["category_id", "name"], categories),
        "film_category": (["film_id", "category_id", "last_update"], film_category),
        "inventory": (["inventory_id", "film_id"], inventory),
        "rental": (["rental_id", "inventory_id", "rental_date"], rentals),
        "payment": (["payment_id", "rental_id", "amount"], payments),
    }


TABLES = _tables()


def test_products_a_customer_has_not_ordered_are_declined(bot: Assistant) -> None:
    """ "not ordered" two hops away is "none of their orders" or "some order of another": not guessed."""
    bot.reset()
    assert bot.ask("Which products has Dora Stone not ordered?").status in ("clarify", "unsupported")


def _pairs(rows: list[Any], key: int, value: int) -> dict[Any, float]:
    return {r[key]: round(float(r[value]), 2) for r in rows}


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "Which products has Chen Stone ordered?",
            "select distinct p.product_details from products p join order_items i using (product_id)"
            " join customer_orders o using (order_id) join customers c using (customer_id)"
            " where c.customer_name = 'Chen Stone'",
        ),
    ],
)
def test_products_of_a_named_customer(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(bot, question)
    expected = {r[0] for r in ref.execute(sql).fetchall()}
    shown = answer.columns.index("product_details")
    assert {r[shown] for r in answer.rows} == expected


@pytest.mark.parametrize(
    ("question", "sql", "label"),
    [
        (
            "how many customers per city",
            "select a.city, count(distinct l.customer_id) from customer_addresses l"
            " join addresses a using (address_id) group by 1",
            "city",
        ),
        (
            "revenue by film category",
            "select c.name, sum(p.amount) from payment p join rental r using (rental_id)"
            " join inventory i using (inventory_id) join film_category fc using (film_id)"
            " join category c using (category_id) group by 1",
            "name",
        ),
    ],
)
def test_groups_through_a_link_table(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str, label: str
) -> None:
    answer = answered(bot, question)
    shown = answer.columns.index(label)
    figure = len(answer.columns) - 1 if label == "city" else 1
    got = _pairs(answer.rows, shown, figure)
    assert got == _pairs(ref.execute(sql).fetchall(), 0, 1)
