"""Churn: target finding, features without leakage, the model, drivers, at-risk list, rates."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlglot import condition

from analytics import churn as ch
from catalog import Catalog
from catalog.churn_target import find_churn_target
from catalog.transactions import find_transactions

SHARED = Path(os.environ.get("CRA_SHARED", Path(__file__).resolve().parents[2] / "shared"))
TELCO = SHARED / "datasets" / "telco_churn" / "WA_Fn-UseC_-Telco-Customer-Churn.csv"
needs_telco = pytest.mark.skipif(not TELCO.exists(), reason="../shared telco_churn dataset is absent")


def write_customers(path: Path, n: int = 800, seed: int = 0) -> pd.DataFrame:
    """Synthetic subscribers: monthly plans and short tenure churn more; churn date and reason leak."""
    rng = np.random.default_rng(seed)
    plan = rng.choice(["Monthly", "Annual"], n, p=[0.6, 0.4])
    tenure = rng.integers(1, 60, n)
    fee = rng.normal(50, 10, n).round(2)
    logit = -1.0 + 2.0 * (plan == "Monthly") - 0.06 * tenure
    churned = rng.random(n) < 1 / (1 + np.exp(-logit))
    signup = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
    churn_date = [
        (s + pd.Timedelta(days=int(d))).date() if c else None
        for s, c, d in zip(signup, churned, rng.integers(30, 600, n), strict=True)
    ]
    frame = pd.DataFrame(
        {
            "customer_id": [f"C{i:04d}" for i in range(n)],
            "plan": plan,
            "tenure": tenure,
            "monthly_fee": fee,
            "signup_date": signup.date,
            "churned": np.where(churned, "Yes", "No"),
            "churn_date": churn_date,
            "cancellation_reason": np.where(churned, "price", None),
        }
    )
    frame.to_csv(path, index=False)
    return frame


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[Catalog, pd.DataFrame]:
    path = tmp_path_factory.mktemp("churn") / "customers.csv"
    frame = write_customers(path)
    return Catalog.load([f"customers={path}"]), frame


@pytest.fixture(scope="module")
def synthetic_fit(synthetic) -> ch.ChurnFit:
    return ch.fit_churn(synthetic[0], random_state=0)


def test_finds_flag_target(synthetic):
    catalog, frame = synthetic
    target = find_churn_target(catalog)
    assert target is not None and target.column == "churned"
    flags = catalog.con.execute(f"SELECT {target.condition().sql('duckdb')} FROM customers").fetchall()
    assert sum(f[0] for f in flags) == (frame["churned"] == "Yes").sum()


def test_finds_status_target(tmp_path):
    path = tmp_path / "accounts.csv"
    path.write_text("account_id,status\n1,Active\n2,Churned\n3,active\n4,Paused\n5,churned\n")
    catalog = Catalog.load([f"accounts={path}"])
    target = find_churn_target(catalog)
    assert target is not None and target.column == "status" and target.true_values == ("churned",)
    flags = catalog.con.execute(f"SELECT account_id FROM accounts WHERE {target.condition().sql('duckdb')}")
    assert sorted(r[0] for r in flags.fetchall()) == [2, 5]


def test_explicit_target(synthetic):
    target = find_churn_target(synthetic[0], target="customers.churned")
    assert target is not None and target.column == "churned"
    assert find_churn_target(synthetic[0], target="customers.nope") is None


def test_features_exclude_identifier_target_and_leakage(synthetic_fit):
    excluded = synthetic_fit.plan.excluded
    assert excluded["customer_id"] == "identifier"
    assert excluded["churned"] == "target"
    assert excluded["churn_date"].startswith("date")
    assert excluded["cancellation_reason"].startswith("leakage")
    assert set(synthetic_fit.model.features_) == {"plan", "tenure", "monthly_fee"}


def test_model_card_and_scores(synthetic, synthetic_fit):
    card = synthetic_fit.model_card()
    frame = synthetic[1]
    assert card["rows used"] == len(frame)
    assert card["base rate"] == pytest.approx((frame["churned"] == "Yes").mean(), abs=1e-4)
    assert set(card["candidates (5-fold ROC-AUC)"]) == {"logistic regression", "gradient boosting"}
    assert card["cv roc auc"] == max(card["candidates (5-fold ROC-AUC)"].values())
    assert card["cv roc auc"] > 0.7
    assert 0 < card["brier score"] < 0.25


def test_drivers_name_plan_and_tenure_with_observed_rates(synthetic, synthetic_fit):
    frame = synthetic[1]
    by_column = {d.column: d for d in synthetic_fit.drivers}
    assert {"plan", "tenure"} <= set(list(by_column)[:2])
    plan = by_column["plan"]
    monthly = frame["plan"] == "Monthly"
    churned = frame["churned"] == "Yes"
    assert plan.label == "plan is Monthly"
    assert plan.sentence().startswith("Customers whose plan is Monthly churn at")
    assert plan.rate_in == pytest.approx(churned[monthly].mean())
    assert plan.rate_out == pytest.approx(churned[~monthly].mean())
    assert f"{churned[monthly].mean():.1%} vs {churned[~monthly].mean():.1%}" in plan.sentence()


def test_at_risk_ranks_open_customers_and_applies_filters(synthetic, synthetic_fit):
    catalog, frame = synthetic
    table = ch.at_risk(synthetic_fit)
    open_ids = set(frame.loc[frame["churned"] == "No", "customer_id"])
    assert set(table["customer_id"]) == open_ids
    assert table["churn_probability"].is_monotonic_decreasing
    rows = ch.selected_rows(catalog, "customers", condition("plan = 'Annual'"))
    annual = ch.at_risk(synthetic_fit, rows, limit=5)
    annual_ids = set(frame.loc[frame["plan"] == "Annual", "customer_id"])
    assert len(annual) == 5 and set(annual["customer_id"]) <= annual_ids & open_ids
    assert table["churn_probability"].between(0, 1).all()


def test_fit_is_cached(synthetic, synthetic_fit):
    assert ch.fit_churn(synthetic[0], random_state=0) is synthetic_fit


def test_churn_rate_by_dimension(synthetic):
    catalog, frame = synthetic
    target = find_churn_target(catalog)
    result = catalog.run(ch.churn_rate_query(catalog, target, ["customers.plan"]))
    expected = (frame["churned"] == "Yes").groupby(frame["plan"]).mean()
    got = {r[0]: r[3] for r in result.rows}
    assert got == pytest.approx(expected.to_dict())


def test_churn_over_time_counts_match_pandas(synthetic):
    catalog, frame = synthetic
    target = find_churn_target(catalog)
    result = catalog.run(ch.churn_over_time_query(catalog, target))
    assert result.columns == ("month", "active_at_start", "churned", "churn_rate")
    churn_months = pd.to_datetime(frame["churn_date"]).dt.to_period("M").value_counts()
    got = {pd.Timestamp(r[0]).to_period("M"): r[2] for r in result.rows}
    for month, count in churn_months.items():
        if month in got:
            assert got[month] == count


def test_derived_churn_from_purchases(tmp_path):
    rows = [(1, "2024-01-01"), (1, "2024-01-11"), (1, "2024-06-20"), (2, "2024-01-05"), (2, "2024-01-25")]
    pd.DataFrame(rows, columns=["customer_id", "order_date"]).assign(amount=10.0).to_csv(
        tmp_path / "orders.csv", index=False
    )
    catalog = Catalog.load([f"orders={tmp_path / 'orders.csv'}"])
    tx = find_transactions(catalog)
    assert tx is not None and (tx.customer, tx.date, tx.amount) == ("customer_id", "order_date", "amount")
    derived = ch.derive_churn(catalog, tx, dt.date(2024, 7, 1))
    gaps = np.array([10, 161, 20])
    assert derived.days == int(np.ceil(np.quantile(gaps, 0.9)))
    result = dict(
        catalog.con.execute(f"SELECT customer, churned FROM ({derived.query().sql('duckdb')})").fetchall()
    )
    assert result == {1: False, 2: True}
    assert "no purchase in the" in derived.explanation()


@needs_telco
def test_telco_roc_auc_and_drivers():
    catalog = Catalog.load([f"customers={TELCO}"])
    fit = ch.fit_churn(catalog)
    assert fit.model.cv_roc_auc_ >= 0.84
    assert fit.model_card()["rows used"] == 7043
    top = {c for d in fit.drivers[:4] for c in (d.columns or (d.column,))}
    assert "Contract" in top and "tenure" in top
    contract = next(d for d in fit.drivers if d.column == "Contract")
    assert contract.label == "contract is Month-to-month"
    assert f"{1655 / 3875:.1%}" in contract.sentence()  # 1,655 of 3,875 month-to-month customers churned


def test_configured_target_wins(tmp_path):
    path = tmp_path / "members.csv"
    path.write_text("member_id,left,lapsed\n1,No,yes\n2,Yes,no\n3,No,no\n4,No,yes\n")
    catalog = Catalog.load([f"members={path}"])
    assert find_churn_target(catalog).column == "left"
    catalog.model.churn_target = "members.lapsed"
    assert find_churn_target(catalog).column == "lapsed"


def test_driver_groups_read_like_sentences():
    frame = pd.DataFrame(
        {
            "paperless": ["Yes", "Yes", "No", "No", "Yes", "No", "Yes", "No"],
            "fee": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0],
            ch.TARGET: [True, True, False, False, True, False, False, False],
        }
    )
    importances = pd.Series({"paperless": 0.2, "fee": 0.1})
    drivers = ch.describe_drivers(frame, importances, words={"paperless": "paperless billing"})
    paperless, fee = drivers
    # paperless: 3 of 4 churn vs 0 of 4 -> no finite lift
    assert (
        paperless.sentence()
        == "Customers with paperless billing churn at 75.0% vs 0.0% for the rest (all churn)."
    )
    # fee quartiles 27.5 / 62.5: the lower quarter (10, 20) churns at 100% vs 1 of 6
    assert fee.label == "fee of 27.50 or less"
    assert (fee.rate_in, fee.rate_out) == (1.0, pytest.approx(1 / 6))
    assert (
        fee.sentence() == "Customers with fee of 27.50 or less churn at 100.0% vs 16.7% for the rest (6.0x)."
    )


def test_data_key_changes_with_values_not_with_reloading(tmp_path):
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    one.write_text("id,plan,churned\n1,A,Yes\n2,B,No\n")
    two.write_text("id,plan,churned\n1,A,No\n2,B,Yes\n")
    first = ch.data_key(Catalog.load([f"customers={one}"]))
    assert first == ch.data_key(Catalog.load([f"customers={one}"]))
    assert first != ch.data_key(Catalog.load([f"customers={two}"]))
