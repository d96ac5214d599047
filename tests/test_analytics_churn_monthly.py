"""Monthly churn rate: of the customers active at the start of a month (signed up before it, not yet
churned), the share who churned during it. A customer who signs up and churns in the same month is in no
month's base and in no month's churned count, so the rate never exceeds 1. Checked on tiny data against
a computation written here (plain Python loops over the months)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from analytics.skills import SKILLS
from catalog import Catalog
from catalog.skills import SkillRequest

AS_OF = dt.date(2024, 6, 30)
BY_NAME = {s.name: s for s in SKILLS}


def _monthly(tmp_path, customers: pd.DataFrame):
    customers.to_csv(tmp_path / "customers.csv", index=False)
    catalog = Catalog.load([str(tmp_path / "customers.csv")])
    request = SkillRequest(question="monthly churn rate", catalog=catalog, as_of=AS_OF)
    return BY_NAME["churn_rate"].run(request)


def _expected(customers: pd.DataFrame) -> dict[dt.date, tuple[int, int]]:
    """month -> (active at its start, of them churned in it), by the definition, month by month."""
    out = {}
    signups = [dt.date.fromisoformat(s) for s in customers["signup_date"]]
    churns = [dt.date.fromisoformat(c) if isinstance(c, str) else None for c in customers["churn_date"]]
    first = min(signups).replace(day=1)
    last = max(c for c in churns if c).replace(day=1)
    month = first
    while month <= last:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        base = [
            churn
            for signup, churn in zip(signups, churns, strict=True)
            if signup < month and (churn is None or churn >= month)
        ]
        if base:
            out[month] = (len(base), sum(1 for churn in base if churn is not None and churn < following))
        month = following
    return out


def test_same_month_signups_are_in_no_base_and_the_rate_stays_within_one(tmp_path) -> None:
    rows = [  # id, signup, churn
        (1, "2024-01-10", "2024-01-25"),  # signs up and churns in January: in no base
        (2, "2024-01-05", "2024-02-01"),  # churns on February's first day: in February's base, churned
        (3, "2023-12-15", "2024-01-31"),
        (4, "2024-02-01", None),  # signs up on February's first day: joins March's base
        (5, "2023-11-01", None),
        (6, "2024-03-03", "2024-03-20"),  # two March sign-ups who churn in March: in no base
        (7, "2024-03-05", "2024-03-28"),
    ]
    customers = pd.DataFrame(rows, columns=["id", "signup_date", "churn_date"])
    customers["churned"] = np.where(customers["churn_date"].notna(), "Yes", "No")
    answer = _monthly(tmp_path, customers)
    assert answer.status == "answer", answer.text
    assert answer.columns == ("month", "active_at_start", "churned", "churn_rate")
    got = {r[0]: (r[1], r[2]) for r in answer.rows}
    assert got == _expected(customers)
    # by hand: December 1 customer (5), January 2 (3, 5: 1 churned), February 2 (2, 5: 1 churned),
    # March 2 (4, 5: none churned; 6 and 7 joined during March)
    assert got[dt.date(2024, 1, 1)] == (2, 1)
    assert got[dt.date(2024, 2, 1)] == (2, 1)
    assert got[dt.date(2024, 3, 1)] == (2, 0)
    assert all(0 <= r[3] <= 1 for r in answer.rows)
    assert "customers who sign up during a month join the next month's base" in answer.interpretation


def test_random_customers_match_the_definition(tmp_path) -> None:
    rng = np.random.default_rng(3)
    n = 300
    signup = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 500, n), unit="D")
    life = rng.integers(0, 90, n)  # many churn within their first month
    churn = signup + pd.to_timedelta(life, unit="D")
    churned = (rng.random(n) < 0.6) & (churn <= pd.Timestamp(AS_OF))
    customers = pd.DataFrame(
        {
            "id": range(n),
            "signup_date": signup.strftime("%Y-%m-%d"),
            "churn_date": [
                c.strftime("%Y-%m-%d") if k else None for c, k in zip(churn, churned, strict=True)
            ],
            "churned": np.where(churned, "Yes", "No"),
        }
    )
    answer = _monthly(tmp_path, customers)
    assert answer.status == "answer", answer.text
    got = {r[0]: (r[1], r[2]) for r in answer.rows}
    assert got == _expected(customers)
    assert all(0 <= r[3] <= 1 for r in answer.rows)
