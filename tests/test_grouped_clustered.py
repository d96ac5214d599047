"""A plain average of orders by group ("average order amount by region") takes the orders of one customer
together (customers as clusters, the ratio estimator's linearization standard error and a t interval on
clusters - 1 degrees of freedom), as the average order value does; an average over the customers table
itself keeps the ordinary t interval. The base shown is the number of customers beside the number of
rows, and the minimum base (30) applies to customers. Checked against the formulas written here with
pandas and scipy."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from assistant.engine import Assistant
from catalog import Catalog


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clustered")
    rng = np.random.default_rng(7)
    customers = pd.DataFrame(
        {
            "id": range(1, 121),
            "region": np.repeat(["North", "South", "East"], 40),
            "monthly_fee": rng.normal(50, 10, 120).round(2),
        }
    )
    rows = []
    for cid in customers["id"]:
        level = rng.lognormal(4, 0.8)  # a customer's orders share a level: they are not independent
        for _ in range(int(rng.integers(1, 15))):
            rows.append((len(rows) + 1, cid, round(level * rng.lognormal(0, 0.2), 2)))
    rows.append((len(rows) + 1, None, 80.0))  # an order without a customer: a cluster of its own
    orders = pd.DataFrame(rows, columns=["id", "customer_id", "amount"])
    customers.to_csv(folder / "customers.csv", index=False)
    orders.to_csv(folder / "orders.csv", index=False)
    return Assistant(Catalog.load([str(folder)])), customers, orders


def _by(answer) -> dict:
    return {r[0]: dict(zip(answer.columns, r, strict=True)) for r in answer.rows}


def test_average_order_amount_by_region_uses_customers_as_clusters(shop) -> None:
    bot, customers, orders = shop
    answer = bot.ask("average order amount by region")
    assert answer.status == "answer", answer.text
    got = _by(answer)
    merged = orders.merge(customers, left_on="customer_id", right_on="id", how="left", suffixes=("", "_c"))
    for region, group in merged[merged["region"].notna()].groupby("region"):
        per = group.groupby("customer_id")["amount"].agg(["sum", "count"])
        m, total = len(per), per["count"].sum()
        r = per["sum"].sum() / total
        se = math.sqrt(m / (m - 1) * ((per["sum"] - r * per["count"]) ** 2).sum()) / total
        half = stats.t.ppf(0.975, m - 1) * se
        row = got[region]
        assert row["n"] == len(group) and row["customers"] == m
        assert row["ci_low"] == pytest.approx(r - half, rel=1e-9)
        assert row["ci_high"] == pytest.approx(r + half, rel=1e-9)
        # wider than the interval that takes the orders as independent
        naive = stats.t.ppf(0.975, len(group) - 1) * group["amount"].std(ddof=1) / math.sqrt(len(group))
        assert half > naive
    assert any("one cluster" in note for note in answer.notes)


def test_average_over_the_customers_table_keeps_the_t_interval(shop) -> None:
    bot, customers, _ = shop
    answer = bot.ask("average monthly fee by region")
    assert answer.status == "answer", answer.text
    got = _by(answer)
    for region, fee in customers.groupby("region")["monthly_fee"]:
        half = stats.t.ppf(0.975, len(fee) - 1) * fee.std(ddof=1) / math.sqrt(len(fee))
        assert got[region]["ci_low"] == pytest.approx(fee.mean() - half, rel=1e-9)
        assert got[region]["ci_high"] == pytest.approx(fee.mean() + half, rel=1e-9)
    assert not any("one cluster" in note for note in answer.notes)


@pytest.fixture(scope="module")
def few_big_buyers(tmp_path_factory):
    """Two regions of 40 customers with a few orders each, and "Tiny": 5 customers with 20 large orders each
    (100 orders, more than the minimum base, but only 5 customers)."""
    folder = tmp_path_factory.mktemp("few_customers")
    rng = np.random.default_rng(11)
    regions = ["North"] * 40 + ["South"] * 40 + ["Tiny"] * 5
    customers = pd.DataFrame({"id": range(1, len(regions) + 1), "region": regions})
    rows = []
    for cid, region in zip(customers["id"], customers["region"], strict=True):
        count, level = (
            (20, 900.0)
            if region == "Tiny"
            else (int(rng.integers(1, 6)), 100.0 if region == "North" else 60.0)
        )
        for _ in range(count):
            rows.append(
                (len(rows) + 1, cid, f"2025-0{1 + len(rows) % 9}-10", round(level * rng.lognormal(0, 0.1), 2))
            )
    orders = pd.DataFrame(rows, columns=["id", "customer_id", "order_date", "amount"])
    customers.to_csv(folder / "customers.csv", index=False)
    orders.to_csv(folder / "orders.csv", index=False)
    return Catalog.load([str(folder)]), customers, orders


def _bases(customers: pd.DataFrame, orders: pd.DataFrame) -> pd.DataFrame:
    merged = orders.merge(customers, left_on="customer_id", right_on="id", suffixes=("", "_c"))
    return merged.groupby("region").agg(rows=("amount", "size"), customers=("customer_id", "nunique"))


def test_the_minimum_base_counts_customers_not_rows_in_an_average_of_orders(few_big_buyers) -> None:
    catalog, customers, orders = few_big_buyers
    answer = Assistant(catalog).ask("average order amount by region")
    assert answer.status == "answer", answer.text
    got, bases = _by(answer), _bases(customers, orders)
    assert bases.loc["Tiny", "rows"] >= 30 > bases.loc["Tiny", "customers"]
    for region, base in bases.iterrows():
        assert (got[region]["n"], got[region]["customers"]) == (base["rows"], base["customers"])
    assert got["Tiny"]["note"] == "small base (customers < 30)"
    assert got["North"]["note"] == ""
    # Tiny has the highest average but only 5 customers: it is never the headline
    north = bases.loc["North"]
    assert answer.text.startswith("Average amount of orders, by region: 3 groups; highest is North (")
    assert f"{north['rows']:,} orders from {north['customers']:,} customers)." in answer.text
    assert "1 group with fewer than 30 customers is marked and not compared" in answer.text


def test_the_order_value_skill_shows_customers_and_applies_the_base_to_them(few_big_buyers) -> None:
    from analytics.metric_answers import order_value
    from catalog.skills import SkillRequest

    catalog, customers, orders = few_big_buyers
    request = SkillRequest("average order value by region", catalog, None, by=("customers.region",))
    answer = order_value(request)
    assert answer.status == "answer", answer.text
    got, bases = _by(answer), _bases(customers, orders)
    for region, base in bases.iterrows():
        assert (got[region]["orders"], got[region]["customers"]) == (base["rows"], base["customers"])
    assert got["Tiny"]["note"] == "small base (customers < 30)" and got["South"]["note"] == ""
    north = bases.loc["North"]
    assert answer.text.startswith("Average order value is highest for North (")
    assert f"{north['rows']:,} orders from {north['customers']:,} customers)." in answer.text
    assert "1 group with fewer than 30 customers is marked and not compared" in answer.text
