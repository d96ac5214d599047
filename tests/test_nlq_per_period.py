""" "Average spend per month" on data with no date to split by: of the amounts "spend" names, the one
counted per month (monthly_charges, not total_charges), and "per month" is no split; where a date could
split by month it still does. Expected values come from an independent DuckDB."""

from __future__ import annotations

from pathlib import Path

import pytest
from tables import reference_db, write_tables

from assistant.engine import Assistant
from catalog import Catalog

CUSTOMERS = """customer_id,contract,tenure,monthly_charges,total_charges,churn
c1,Month-to-month,2,70.5,141.0,Yes
c2,One year,14,50.0,700.0,No
c3,Two year,40,99.9,3996.0,No
c4,Month-to-month,1,20.0,20.0,Yes
c5,One year,20,80.0,1600.0,No
"""
ORDERS = """order_id,order_date,monthly_fee,total_amount
1,2024-01-05,10.0,100.0
2,2024-01-20,12.0,40.0
3,2024-02-03,10.0,70.0
"""


def _rows(rows) -> set[tuple]:
    return {tuple(round(float(v), 6) if isinstance(v, float) else v for v in r) for r in rows}


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("average spend per month", "select avg(monthly_charges) from customers"),
        (
            "total spend per month by contract",
            "select contract, sum(monthly_charges) from customers group by 1",
        ),
    ],
)
def test_an_amount_per_period_is_the_column_counted_per_that_period(
    tmp_path: Path, question: str, sql: str
) -> None:
    folder = write_tables(tmp_path, {"customers": CUSTOMERS})
    a = Assistant(Catalog.load([str(folder)])).ask(question)
    assert a.status == "answer", a.text
    want = reference_db(folder, ["customers"]).execute(sql).fetchall()
    assert _rows(a.rows) == _rows(want)
    assert "already an amount per month" in a.interpretation


def test_per_month_still_splits_where_a_date_can(tmp_path: Path) -> None:
    folder = write_tables(tmp_path, {"orders": ORDERS})
    a = Assistant(Catalog.load([str(folder)])).ask("total spend per month")
    assert "already an amount per month" not in a.interpretation
    assert a.status != "answer" or len(a.rows) == 2  # a split by month (Jan, Feb), or asked back
