"""NPS, CSAT, order value and cohort retention against hand/pandas computations on tiny data."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlglot import condition

from analytics import metrics as mt
from analytics.queries import restrict_to
from catalog import Catalog
from catalog.transactions import find_transactions

CUSTOMERS = """id,region,plan,signup_date,churn_date
1,North,Pro,2024-01-05,
2,North,Basic,2024-01-20,2024-03-10
3,South,Basic,2024-02-03,2024-02-25
4,South,Pro,2024-02-14,
"""
FEEDBACK = """id,customer_id,nps,satisfaction
1,1,10,5
2,1,9,4
3,2,3,2
4,3,7,4
5,4,6,3
6,4,10,5
"""
ORDERS = """id,customer_id,order_date,amount
1,1,2024-01-05,100.0
2,1,2024-02-10,50.0
3,2,2024-01-21,20.0
4,3,2024-02-04,30.0
5,3,2024-04-01,30.0
6,4,2024-02-15,70.0
"""


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> Catalog:
    folder = tmp_path_factory.mktemp("metrics")
    for name, text in (("customers", CUSTOMERS), ("feedback", FEEDBACK), ("orders", ORDERS)):
        (folder / f"{name}.csv").write_text(text)
    return Catalog.load([f"{name}={folder / name}.csv" for name in ("customers", "feedback", "orders")])


def test_nps_overall(catalog):
    ((responses, promoters, detractors, nps),) = catalog.run(mt.nps_query(catalog, "feedback", "nps")).rows
    # scores 10, 9, 3, 7, 6, 10: three promoters, two detractors of six
    assert responses == 6
    assert promoters == pytest.approx(3 / 6) and detractors == pytest.approx(2 / 6)
    assert nps == pytest.approx(100 * (3 - 2) / 6)


def test_nps_by_region_joins_customers(catalog):
    rows = catalog.run(mt.nps_query(catalog, "feedback", "nps", by=["customers.region"])).rows
    got = {r[0]: r[-1] for r in rows}
    # North: 10, 9, 3 -> (2 - 1) / 3; South: 7, 6, 10 -> (1 - 1) / 3
    assert got == pytest.approx({"North": 100 / 3, "South": 0.0})


def test_nps_with_a_filter_on_customers(catalog):
    where = restrict_to(catalog, "feedback", "customers", condition("plan = 'Pro'"))
    ((responses, *_, nps),) = catalog.run(mt.nps_query(catalog, "feedback", "nps", where=where)).rows
    # Pro customers 1 and 4: scores 10, 9, 6, 10 -> 3 promoters, 1 detractor
    assert responses == 4 and nps == pytest.approx(50.0)


def test_csat(catalog):
    ((responses, mean, csat),) = catalog.run(mt.csat_query(catalog, "feedback", "satisfaction", 5)).rows
    assert responses == 6 and mean == pytest.approx(23 / 6) and csat == pytest.approx(4 / 6)


def test_order_value_by_plan(catalog):
    tx = find_transactions(catalog)
    assert tx is not None and tx.amount == "amount"
    rows = catalog.run(mt.order_value_query(catalog, tx, by=["customers.plan"])).rows
    got = {r[0]: r[1:] for r in rows}
    # Basic: customers 2 and 3, orders 20 + 30 + 30; Pro: customers 1 and 4, orders 100 + 50 + 70
    assert got["Basic"] == pytest.approx((3, 2, 80.0, 80 / 3, 40.0))
    assert got["Pro"] == pytest.approx((3, 2, 220.0, 220 / 3, 110.0))


def test_retention_from_churn_dates(catalog):
    result = catalog.run(
        mt.retention_from_churn("customers", "signup_date", "churn_date", dt.date(2024, 5, 15))
    )
    rows = {r[0]: dict(zip(result.columns, r, strict=True)) for r in result.rows}
    jan, feb = rows[dt.date(2024, 1, 1)], rows[dt.date(2024, 2, 1)]
    assert jan["customers"] == 2 and feb["customers"] == 2
    # January: customer 2 churns in March (2 months after) -> month_1 1.0, month_2 0.5
    assert jan["month_1"] == 1.0 and jan["month_2"] == 0.5 and jan["month_3"] == 0.5
    # February: customer 3 churns in February itself -> 0.5 from month 1
    assert feb["month_1"] == 0.5
    # months not over by the as-of date are empty
    assert jan["month_4"] is None and feb["month_3"] is None


def test_retention_from_purchases(catalog):
    tx = find_transactions(catalog)
    result = catalog.run(mt.retention_from_purchases(tx, dt.date(2024, 12, 31)))
    frame = pd.DataFrame(result.rows, columns=result.columns).set_index("cohort")
    # first-purchase cohorts: Jan = customers 1, 2 (1 buys again in Feb); Feb = 3, 4 (3 buys again in Apr)
    assert frame.loc[dt.date(2024, 1, 1), "customers"] == 2
    assert frame.loc[dt.date(2024, 1, 1), "month_1"] == 0.5
    assert frame.loc[dt.date(2024, 2, 1), "month_1"] == 0.0
    assert frame.loc[dt.date(2024, 2, 1), "month_2"] == 0.5
