"""Grain and entity names: what one row is (order lines are not orders, an HR file's rows are employees),
and identifiers found in any spelling (Order ID, order_no, InvoiceNo, Invoice #).

Expected figures are computed independently with plain SQL over the same small files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tables import Dataset, file_rows

from assistant.engine import Assistant
from catalog import Catalog
from catalog.semantic import Role

LINES = """Order ID,Customer Number,Product Code,Qty,Unit Price,Order Date
1,7,P1,2,3.5,2024-01-01
1,7,P2,1,2.0,2024-01-01
2,8,P1,5,3.5,2024-01-02
3,7,P3,1,9.0,2024-01-03
3,9,P2,4,2.0,2024-01-03
"""
STAFF = """EmployeeNumber,Department,MonthlyIncome,Attrition,OverTime
1,Sales,5000,Yes,No
2,Sales,6000,No,Yes
3,R&D,7000,No,No
4,R&D,4000,Yes,Yes
5,HR,3000,No,No
6,Sales,4500,No,No
"""


TABLES = {"lines": LINES, "hr": STAFF}
"""Two files, each loaded alone (`table_bot`)."""


@pytest.mark.parametrize(
    "name", ["Order ID", "order_no", "InvoiceNo", "Invoice #", "OrderNumber", "invoice_id"]
)
def test_identifiers_are_found_in_any_spelling(tmp_path: Path, name: str) -> None:
    p = tmp_path / "rows.csv"
    p.write_text(f"{name},amount\n100,1.5\n100,2.5\n101,3.0\n102,4.0\n")
    model = Catalog.load([str(p)]).model
    assert model.tables["rows"].columns[name].role in (Role.FOREIGN_KEY, Role.IDENTIFIER)


def test_order_lines_are_not_orders(table_bot: Callable[[str], Assistant], folder: Path) -> None:
    lines = table_bot("lines")
    assert lines.catalog.model.tables["lines"].entity == "order lines"
    a = lines.ask("how many orders")
    assert a.status == "answer"
    (want,) = file_rows(folder / "lines.csv", 'select count(distinct "Order ID") from FILE')[0]
    assert a.rows[0][-1] == want


def test_average_order_value_is_revenue_per_distinct_order(
    table_bot: Callable[[str], Assistant], folder: Path
) -> None:
    lines = table_bot("lines")
    a = lines.ask("average order value")
    assert a.status == "answer", a.text
    (want,) = file_rows(
        folder / "lines.csv", 'select sum(Qty * "Unit Price") / count(distinct "Order ID") from FILE'
    )[0]
    # the revenue over the distinct orders (the plain reading names it revenue per order id)
    assert len(a.rows) == 1 and any(v == pytest.approx(want) for v in a.rows[0] if isinstance(v, float))


def test_a_per_record_average_over_lines_is_never_a_line_average(
    table_bot: Callable[[str], Assistant],
) -> None:
    """'average quantity per order' on order lines: never the average of a line's quantity."""
    lines = table_bot("lines")
    a = lines.ask("average qty of orders")
    assert a.status != "answer" or "GROUP BY" in a.sql.upper() or "/" in a.sql


def test_an_hr_file_holds_employees(table_bot: Callable[[str], Assistant], folder: Path) -> None:
    hr = table_bot("hr")
    assert hr.catalog.model.tables["hr"].entity == "employees"
    bound = {(b.concept, b.target) for b in hr.catalog.model.concepts}
    assert ("employee", "hr") in bound and ("churn", "hr.Attrition") in bound
    for question, query in [
        ("how many employees left?", "select count(*) from FILE where Attrition"),
        ("how many staff quit?", "select count(*) from FILE where Attrition"),
        ("average salary", "select avg(MonthlyIncome) from FILE"),
        # "work" is a filler verb; "sales" is the department when no money column is sales
        ("how many people work in sales", "select count(*) from FILE where Department = 'Sales'"),
        ("how many employees work overtime", "select count(*) from FILE where OverTime"),
    ]:
        a = hr.ask(question)
        assert a.status == "answer", (question, a.text)
        (want,) = file_rows(folder / "hr.csv", query)[0]
        assert a.rows[0][-1] == pytest.approx(want), question


SHOP = {
    "orders.csv": "order_id,customer_id,order_status\no1,c1,delivered\no2,c2,delivered\no3,c1,canceled\n",
    "order_items.csv": "order_id,order_item_id,product_id,price,freight_value\n"
    "o1,1,p1,10.0,2.0\no1,2,p2,20.0,3.0\no2,1,p1,10.0,2.5\no3,1,p3,50.0,5.0\n",
    "order_payments.csv": "order_id,payment_sequential,payment_type,payment_installments,payment_value\n"
    "o1,1,credit_card,2,30.0\no1,2,voucher,1,5.0\no2,1,boleto,1,12.5\no3,1,credit_card,3,55.0\n",
}


@pytest.fixture(scope="module")
def shop(crm) -> Dataset:
    return crm.dataset({name.removesuffix(".csv"): text for name, text in SHOP.items()}, "shop")


def test_freight_and_installments_are_no_revenue(shop: Dataset) -> None:
    """Revenue is what customers pay: never a freight charge (a cost) or a number of installments."""
    bot, d = shop.bot, shop.folder
    cols = bot.catalog.model.tables["order_payments"].columns
    assert cols["payment_installments"].unit == "count"
    a = bot.ask("total revenue")
    assert a.status == "answer", a.text
    assert "freight" not in a.sql and "installments" not in a.sql
    (want,) = file_rows(d / "order_payments.csv", "select sum(payment_value) from FILE")[0]
    assert a.rows[0][-1] == pytest.approx(want)


def test_an_average_per_order_over_its_payments_is_never_a_payment_average(
    shop: Dataset,
) -> None:
    bot = shop.bot
    a = bot.ask("average order value")
    assert a.status != "answer" or 'AVG("order_payments"."payment_value")' not in a.sql
