"""RFM scores and segments (checked against an independent pandas computation) and clusters."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics import segments as sg
from catalog import Catalog
from catalog.transactions import find_transactions


def write_orders(path, n_customers: int = 200, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(1, n_customers + 1):
        for _ in range(int(rng.integers(1, 12))):
            day = dt.date(2024, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365)))
            rows.append((c, day.isoformat(), round(float(rng.gamma(2, 20 * (1 + c % 3))), 2)))
    frame = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount"])
    frame.to_csv(path, index=False)
    return frame


@pytest.fixture(scope="module")
def orders(tmp_path_factory):
    path = tmp_path_factory.mktemp("rfm") / "orders.csv"
    frame = write_orders(path)
    catalog = Catalog.load([f"orders={path}"])
    return catalog, find_transactions(catalog), frame


def quintile(values: pd.Series, best_high: bool) -> pd.Series:
    """1 + floor(5 (rank - 1) / n), ties sharing the lower rank, rank from worst to best."""
    rank = values.rank(method="min", ascending=best_high)
    return (1 + np.floor(5 * (rank - 1) / len(values))).clip(upper=5).astype(int)


def expected_segment(r: int, fm: int) -> str:
    return next(name for name, (rl, rh), (fl, fh), _ in sg.SEGMENT_RULES if rl <= r <= rh and fl <= fm <= fh)


def test_segment_rules_cover_every_cell_once():
    assert len(sg.SEGMENTS) == 11
    assert {"About to Sleep", "Lost", "Hibernating", "Champions"} <= set(sg.SEGMENTS)
    for r, fm in itertools.product(range(1, 6), range(1, 6)):
        matches = [n for n, (rl, rh), (fl, fh), _ in sg.SEGMENT_RULES if rl <= r <= rh and fl <= fm <= fh]
        assert len(matches) == 1, (r, fm, matches)


GRID = """
R5: New Customers      | Potential Loyalists | Potential Loyalists | Champions       | Champions
R4: Promising          | Potential Loyalists | Potential Loyalists | Loyal Customers | Loyal Customers
R3: About to Sleep     | About to Sleep      | Need Attention      | Loyal Customers | Loyal Customers
R2: Hibernating        | Hibernating         | At Risk             | At Risk         | Can't Lose Them
R1: Lost               | Lost                | At Risk             | At Risk         | Can't Lose Them
"""
"""The 11-segment map as docs/rfm.md draws it: rows R 5..1, columns FM 1..5."""


def test_segment_rules_are_the_documented_grid():
    for line in GRID.strip().splitlines():
        r, cells = line.split(":", 1)
        for fm, name in enumerate((c.strip() for c in cells.split("|")), start=1):
            assert expected_segment(int(r[1]), fm) == name, (r, fm)
    doc = (Path(__file__).resolve().parents[1] / "docs" / "rfm.md").read_text()
    for name in sg.SEGMENTS:
        assert name in doc


def test_rfm_matches_pandas(orders):
    catalog, tx, frame = orders
    as_of = dt.date(2025, 1, 1)
    got = sg.rfm_frame(catalog, tx, as_of).set_index("customer").sort_index()
    days = pd.to_datetime(frame["order_date"])
    grouped = frame.assign(day=days).groupby("customer_id")
    expected = pd.DataFrame(
        {
            "recency": (pd.Timestamp(as_of) - grouped["day"].max()).dt.days,
            "frequency": grouped.size(),
            "monetary": grouped["amount"].sum(),
        }
    )
    assert (got["recency"] == expected["recency"]).all()
    assert (got["frequency"] == expected["frequency"]).all()
    assert np.allclose(got["monetary"], expected["monetary"])
    r = quintile(expected["recency"], best_high=False)
    f = quintile(expected["frequency"], best_high=True)
    m = quintile(expected["monetary"], best_high=True)
    assert (got["r_score"] == r).all() and (got["f_score"] == f).all() and (got["m_score"] == m).all()
    fm = ((f + m + 1) // 2).astype(int)
    segments = [expected_segment(a, b) for a, b in zip(r, fm, strict=True)]
    assert list(got["segment"]) == segments


def test_segment_summary_adds_up(orders):
    catalog, tx, frame = orders
    result = catalog.run(sg.segment_summary_query(tx))
    assert result.columns[:5] == ("segment", "customers", "share", "revenue", "revenue_share")
    assert sum(r[1] for r in result.rows) == frame["customer_id"].nunique()
    assert math.isclose(sum(r[2] for r in result.rows), 1.0)
    assert math.isclose(sum(r[4] for r in result.rows), 1.0)
    assert math.isclose(sum(r[3] for r in result.rows), frame["amount"].sum(), rel_tol=1e-9)
    order = [sg.SEGMENTS.index(r[0]) for r in result.rows]
    assert order == sorted(order)


def test_segment_members(orders):
    catalog, tx, _ = orders
    rfm = sg.rfm_frame(catalog, tx)
    champions = catalog.run(sg.segment_members_query(tx, "Champions"))
    assert champions.row_count == (rfm["segment"] == "Champions").sum() > 0
    spend = [r[3] for r in champions.rows]
    assert spend == sorted(spend, reverse=True)


def test_clusters_find_two_separated_groups():
    rng = np.random.default_rng(0)
    n = 300
    frame = pd.DataFrame(
        {
            "customer": range(2 * n),
            "monetary": np.r_[rng.normal(1000, 50, n), rng.normal(100, 10, n)],
            "recency": np.r_[rng.normal(10, 3, n), rng.normal(200, 20, n)],
            "n_tickets": rng.normal(3, 0.5, 2 * n),
        }
    )
    result = sg.cluster_customers(frame, "customer", ["monetary", "recency", "n_tickets"])
    assert result.k == 2
    assert set(result.silhouettes) == set(range(2, 9))
    labels = result.frame["cluster"].to_numpy()
    assert len(set(labels[:n])) == 1 and len(set(labels[n:])) == 1 and labels[0] != labels[-1]
    big_spenders = result.descriptions[labels[0]]
    assert big_spenders.startswith(("high spend", "recent")) and "high spend" in big_spenders
    assert "recent" in big_spenders and "tickets" not in big_spenders
    assert "low spend" in result.descriptions[labels[-1]] and "lapsed" in result.descriptions[labels[-1]]
    assert result.summary["customers"].sum() == 2 * n


def test_clusters_do_not_depend_on_row_order():
    """A parallel query returns rows in any order; the same customers must land in the same clusters."""
    rng = np.random.default_rng(1)
    n = 400
    frame = pd.DataFrame(
        {
            "customer": range(n),
            "monetary": rng.lognormal(5, 1.2, n),
            "recency": rng.uniform(0, 365, n),
            "n_tickets": rng.poisson(2, n).astype(float),
        }
    )
    features = ["monetary", "recency", "n_tickets"]
    first = sg.cluster_customers(frame, "customer", features)
    shuffled = sg.cluster_customers(frame.sample(frac=1, random_state=7), "customer", features)
    assert first.k == shuffled.k
    by_id = first.frame.set_index("customer")["cluster"]
    again = shuffled.frame.set_index("customer")["cluster"].reindex(by_id.index)
    assert (by_id == again).all()
    assert first.summary["customers"].tolist() == shuffled.summary["customers"].tolist()
