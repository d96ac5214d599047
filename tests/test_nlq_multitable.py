"""Questions across a join hop on a small multi-table CRM (customers -> addresses -> cities -> countries,
orders of customers taken by employees, order lines of products in categories), each checked against
an independent SQL query over the same CSV files."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import duckdb
import pytest
from tables import reference_db, write_tables

from assistant.engine import Assistant
from catalog import Catalog


def _tables() -> dict[str, Any]:
    rnd = random.Random(7)
    countries = [(1, "Canada"), (2, "Mexico"), (3, "Peru")]
    cities = [(10 + i, f"Town{i}", 1 + i % 3) for i in range(9)]
    addresses = [(100 + i, 10 + rnd.randrange(8)) for i in range(40)]  # Town8 has nobody
    customers = [(500 + i, f"Cust{i}", 100 + i) for i in range(40)]
    employees = [(1, "Davolio", "Seattle"), (2, "Fuller", "Tacoma"), (3, "Leverling", "Seattle")]
    categories = [(1, "Beverages"), (2, "Condiments"), (3, "Seafood")]
    products = [(70 + i, f"Product{i}", 1 + i % 3, 5 + 3 * i) for i in range(12)]
    orders, lines = [], []
    for i in range(120):
        oid = 9000 + i
        orders.append(
            (
                oid,
                500 + rnd.randrange(35),
                1 + rnd.randrange(3),
                f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}",
                round(rnd.uniform(1, 90), 2),
                float(10 + (i * 37) % 500),
                f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}" if i % 10 else "",
                ("Canada", "Mexico", "Peru")[i % 3],
            )
        )
        for p in rnd.sample(range(11), 1 + rnd.randrange(3)):  # Product11 is never ordered
            lines.append((oid, 70 + p, 1 + rnd.randrange(9), 5 + 3 * p))
    tags = [(1, "organic"), (2, "imported"), (3, "seasonal")]
    product_tags = sorted({(70 + p, 1 + rnd.randrange(3)) for p in range(12) for _ in range(2)})
    return {
        "tags": (["tag_id", "tag_name"], tags),
        "product_tags": (["product_id", "tag_id"], product_tags),
        "countries": (["country_id", "country"], countries),
        "cities": (["city_id", "city", "country_id"], cities),
        "addresses": (["address_id", "city_id"], addresses),
        "customers": (["customer_id", "customer_name", "address_id"], customers),
        "employees": (["employee_id", "last_name", "city"], employees),
        "categories": (["category_id", "category_name"], categories),
        "products": (["product_id", "product_name", "category_id", "price"], products),
        "orders": (
            [
                "order_id",
                "customer_id",
                "employee_id",
                "order_date",
                "freight",
                "amount",
                "shipped_date",
                "ship_country",
            ],
            orders,
        ),
        "order_lines": (["order_id", "product_id", "quantity", "unit_price"], lines),
    }


TABLES = _tables()


def rows(answer: Any) -> list[tuple[Any, ...]]:
    return sorted(tuple(r) for r in answer.rows)


def ask(bot: Assistant, question: str) -> Any:
    bot.reset()
    answer = bot.ask(question)
    assert answer.status == "answer", f"{question!r}: {answer.status} {answer.text}"
    return answer


def figures(answer: Any, n: int) -> list[tuple[Any, ...]]:
    """The answer's rows cut to their first n columns (labels beside ids come after the figures)."""
    return sorted(tuple(r)[:n] for r in answer.rows)


def test_linking_verbs_are_filler(bot: Assistant, ref: duckdb.DuckDBPyConnection) -> None:
    """ "orders each employee took": the verb only links the orders to the employee."""
    expected = sorted(ref.execute("select employee_id, count(*) from orders group by 1").fetchall())
    answer = ask(bot, "How many orders did each employee take?")
    assert figures(answer, 2) == expected


def test_show_a_figure_of_other_records_by_a_group(bot: Assistant, ref: duckdb.DuckDBPyConnection) -> None:
    """ "show quantity by product category": a total per category, not categories listed."""
    expected = ref.execute(
        "select c.category_id, sum(l.quantity) from order_lines l join products p using (product_id)"
        " join categories c using (category_id) group by 1"
    ).fetchall()
    answer = ask(bot, "Show total quantity by product category")
    assert figures(answer, 2) == sorted(expected)


def test_group_through_a_link_table(bot: Assistant, ref: duckdb.DuckDBPyConnection) -> None:
    """ "quantity by product tag": order lines -> products, then the link table product_tags -> tags;
    each line counted once in each tag of its product."""
    expected = ref.execute(
        "select t.tag_id, sum(l.quantity) from order_lines l join product_tags pt using (product_id)"
        " join tags t using (tag_id) group by 1"
    ).fetchall()
    answer = ask(bot, "total quantity by product tag")
    assert figures(answer, 2) == sorted(expected)
    answer = ask(bot, "how many product tags are there")  # the tags, not the links
    assert answer.rows[0][0] == 3


def test_a_record_word_picks_its_own_column(bot: Assistant, ref: duckdb.DuckDBPyConnection) -> None:
    """ "employee city": of the two city columns (cities.city, employees.city), the employees'."""
    expected = ref.execute(
        "select e.city, count(*) from orders o join employees e using (employee_id) group by 1"
    ).fetchall()
    answer = ask(bot, "number of orders by employee city")
    assert figures(answer, 2) == sorted(expected)


def test_distinct_records_across_several_hops(bot: Assistant, ref: duckdb.DuckDBPyConnection) -> None:
    """customers -> addresses -> cities -> countries: the countries they live in, and those without."""
    living = ref.execute(
        "select count(distinct ci.country_id) from customers c join addresses a using (address_id)"
        " join cities ci using (city_id)"
    ).fetchone()[0]
    answer = ask(bot, "How many different countries do our customers live in?")
    assert answer.rows[0][0] == living
    answer = ask(bot, "how many countries have no customers")
    assert answer.rows[0][0] == 3 - living


def test_money_spent_on_a_measure(bot: Assistant, ref: duckdb.DuckDBPyConnection) -> None:
    """ "how much have we spent on freight": the money verb only says the freight is spent (its total),
    it is not the orders' amount as a second figure."""
    answer = ask(bot, "How much have we spent on freight altogether?")
    assert answer.rows[0][0] == pytest.approx(ref.execute("select sum(freight) from orders").fetchone()[0])


def test_the_verb_names_the_records_own_column(bot: Assistant, ref: duckdb.DuckDBPyConnection) -> None:
    """ "orders shipped to Canada": Canada is also a country of customers (through their address), but
    the orders have their own ship country, named after the event the verb names."""
    answer = ask(bot, "How many orders were shipped to Canada?")
    expected = ref.execute("select count(*) from orders where ship_country = 'Canada'").fetchone()[0]
    assert answer.rows[0][0] == expected


def test_a_place_name_looked_up_several_hops_away(tmp_path: Path) -> None:
    """ "customers who live in Zorvania": a name of 80 countries (not in the value index), found in the
    data through customer -> city -> country; a name that is nowhere stays unknown."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    countries = [(1, "Zorvania")] + [(i, "Land" + letters[i // 26] + letters[i % 26]) for i in range(2, 81)]
    cities = [(100 + i, f"Town{i}", 1 + i % 80) for i in range(90)]
    customers = [(1000 + i, f"Cust{i}", 100 + (i * 7) % 90) for i in range(200)]
    folder = write_tables(
        tmp_path,
        {
            "countries": (["country_id", "country"], countries),
            "cities": (["city_id", "city", "country_id"], cities),
            "customers": (["customer_id", "customer_name", "city_id"], customers),
        },
    )
    names = ["countries", "cities", "customers"]
    assistant = Assistant(Catalog.load([str(folder / f"{n}.csv") for n in names]), as_of=None)
    ref = reference_db(folder, names)
    answer = assistant.ask("How many customers live in Zorvania?")
    assert answer.status == "answer", answer.text
    expected = ref.execute(
        "select count(*) from customers join cities using (city_id) join countries using (country_id)"
        " where country = 'Zorvania'"
    ).fetchone()[0]
    assert answer.rows[0][0] == expected > 0
    assistant.reset()
    assert assistant.ask("How many customers live in Atlantis?").status != "answer"
