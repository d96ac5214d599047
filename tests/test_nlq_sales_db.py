"""A sales database of several tables (a scale-model seller's: product lines, products, customers with a
sales rep, orders, order lines, payments, employees reporting to employees). "products in each product
line" counts products (the product lines' table is keyed by its line); "order value" is the order lines'
revenue, never the payments; "revenue by sales rep" splits by the customers' rep, never keeps the job
title Sales Rep as a filter; who reports to whom joins the employees to themselves. Checked against
DuckDB over the same tables."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

TABLES = {
    "productlines": "productLine,textDescription\nClassic Cars,Old cars\nShips,Boats\nPlanes,Aircraft\n",
    "products": """productCode,productName,productLine,buyPrice,MSRP
S10_1,Alpine,Classic Cars,40,80
S10_2,Mustang,Classic Cars,50,95
S12_1,Titanic,Ships,30,60
S18_1,Spitfire,Planes,45,90
S18_2,Mosquito,Planes,35,70
""",
    "employees": """employeeNumber,lastName,firstName,jobTitle,reportsTo
1002,Murphy,Diane,President,
1056,Patterson,Mary,VP Sales,1002
1102,Bondur,Gerard,Sales Manager,1056
1165,Jennings,Leslie,Sales Rep,1102
1166,Thompson,Leslie,Sales Rep,1102
1188,Firrelli,Julie,Sales Rep,1056
1200,Martin,Gerard,Sales Rep,1102
""",
    "customers": """customerNumber,customerName,country,creditLimit,salesRepEmployeeNumber
103,Atelier,France,21000,1165
112,Signal Gift,USA,71800,1166
114,Australian Co,Australia,117300,1165
119,La Rochelle,France,118200,1188
121,Baane Mini,Norway,81700,
""",
    "orders": """orderNumber,orderDate,shippedDate,status,customerNumber
10100,2004-01-06,2004-01-10,Shipped,103
10101,2004-01-09,2004-01-11,Shipped,112
10102,2004-02-10,,Cancelled,114
10103,2004-03-01,2004-03-09,Shipped,119
10104,2004-03-15,2004-03-16,Shipped,103
""",
    "orderdetails": """orderNumber,productCode,quantityOrdered,priceEach
10100,S10_1,30,75.5
10100,S12_1,10,55
10101,S10_2,20,90
10102,S18_1,50,85
10103,S18_2,25,66
10103,S10_1,5,78
10104,S12_1,40,58
""",
    "payments": """customerNumber,checkNumber,paymentDate,amount
103,HQ1,2004-02-01,1000
112,JM2,2004-02-15,90000
114,GG3,2004-03-01,500
119,KK4,2004-04-01,2000
103,HQ5,2004-04-20,3000
112,JM6,2004-05-02,1500
""",
}
REVENUE = "sum(d.quantityOrdered * d.priceEach)"
LINES = "orderdetails d join orders o using (orderNumber) join customers c using (customerNumber)"


@pytest.fixture(scope="module")
def store(crm):
    return crm.dataset(TABLES, name="models")


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("how many product lines are there?", "select 'all', count(*) from productlines"),
        (
            "What's the average order value?",
            f"select 'all', {REVENUE} / count(distinct d.orderNumber) from orderdetails d",
        ),
        ("total value of all orders ever placed", f"select 'all', {REVENUE} from orderdetails d"),
        (
            "top 3 customers by total order value",
            f"select c.customerNumber, {REVENUE} from {LINES} group by 1 order by 2 desc limit 3",
        ),
        (
            "revenue by sales rep",
            f"select c.salesRepEmployeeNumber, {REVENUE} from {LINES} "
            "where c.salesRepEmployeeNumber is not null group by 1",
        ),
        (
            "which sales rep has the most customers?",
            "select 'all', max(n) from (select count(*) as n from customers "
            "where salesRepEmployeeNumber is not null group by salesRepEmployeeNumber)",
        ),
        (
            "Which 2 customers have paid us the most in total?",
            "select customerNumber, sum(amount) from payments group by 1 order by 2 desc limit 2",
        ),
        (
            "average shipping time",
            "select 'all', avg(date_diff('day', orderDate, shippedDate)) from orders",
        ),
        (
            "How long does it take us on average to ship an order?",
            "select 'all', avg(date_diff('day', orderDate, shippedDate)) from orders",
        ),
        (
            "How many customers don't have a sales rep?",
            "select 'all', count(*) from customers where salesRepEmployeeNumber is null",
        ),
        (
            "how many sales reps are there?",
            "select 'all', count(*) from employees where jobTitle = 'Sales Rep'",
        ),
    ],
)
def test_tables_read_as_a_sales_analyst_reads_them(store, question: str, sql: str) -> None:
    figures_match(answered(store.bot, question), store.ref, sql)


def test_a_table_keyed_by_a_line_holds_lines(tmp_path) -> None:
    """productlines with its declared key productLine (SQLite): its rows are product lines, never
    products, so products are counted in the products table."""
    import sqlite3

    from assistant.engine import Assistant
    from catalog import Catalog

    path = tmp_path / "models.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("create table productlines (productLine text primary key, textDescription text)")
        db.execute(
            "create table products (productCode text primary key, productName text, "
            "productLine text references productlines(productLine))"
        )
        db.executemany("insert into productlines values (?, ?)", [("Ships", "Boats"), ("Planes", "Aircraft")])
        db.executemany(
            "insert into products values (?, ?, ?)",
            [("S1", "Titanic", "Ships"), ("P1", "Spitfire", "Planes"), ("P2", "Mosquito", "Planes")],
        )
    catalog = Catalog.load([str(path)])
    assert catalog.model.tables["productlines"].entity == "product lines"
    answer = answered(Assistant(catalog), "How many products do we carry in each product line?")
    assert sorted(answer.rows) == [("Planes", 2), ("Ships", 1)]


def _people(store, sql: str) -> set[tuple]:
    return {tuple(r) for r in store.ref.execute(sql).fetchall()}


SELF = "employees x join employees m on x.reportsTo = m.employeeNumber"


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "Who does Leslie Thompson report to?",
            f"select m.firstName, m.lastName from {SELF} where x.firstName = 'Leslie' and x.lastName = 'Thompson'",
        ),
        (
            "who is Julie Firrelli's manager",
            f"select m.firstName, m.lastName from {SELF} where x.firstName = 'Julie' and x.lastName = 'Firrelli'",
        ),
        (
            "who reports to Gerard Bondur?",
            f"select x.firstName, x.lastName from {SELF} where m.firstName = 'Gerard' and m.lastName = 'Bondur'",
        ),
        (
            "how many people report to Mary Patterson?",
            f"select count(*) from {SELF} where m.firstName = 'Mary' and m.lastName = 'Patterson'",
        ),
        (
            "For each manager, how many people report directly to them?",
            f"select m.employeeNumber, m.firstName, m.lastName, count(*) from {SELF} group by all",
        ),
        (
            "which manager has the most direct reports?",
            f"select m.employeeNumber, m.firstName, m.lastName, count(*) from {SELF} group by all "
            "order by 4 desc limit 1",
        ),
    ],
)
def test_who_reports_to_whom(store, question: str, sql: str) -> None:
    answer = answered(store.bot, question)
    kept = [
        i for i, c in enumerate(answer.columns) if c not in ("full_name", "jobTitle")
    ]  # name, title shown
    assert {tuple(r[i] for i in kept) for r in answer.rows} == _people(store, sql)
    assert "joined to itself" in answer.interpretation


def test_a_reporting_question_saying_more_is_read_as_usual(store) -> None:
    answer = store.bot.ask("who reports to Gerard Bondur in France?")
    store.bot.reset()
    assert "joined to itself" not in (answer.interpretation or "")
