"""A skill question keeps every part of the request: another phrase of the same skill ("retention by
cohort") is the skill's own word, the phrase's last 'by' still splits ("retention by plan"), and the
column a question ranks ("top 2 regions by CLV") becomes the groups, never a list of customers. Figures
are recomputed with pandas from the files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from assistant.engine import Assistant
from catalog import Catalog

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CDNOW = ROOT.parent / "shared" / "datasets" / "cdnow"
needs_samples = pytest.mark.skipif(not (SAMPLES / "orders.csv").exists(), reason="bundled samples are absent")
needs_cdnow = pytest.mark.skipif(
    not (CDNOW / "transactions.csv").exists(), reason="../shared cdnow is absent"
)


@pytest.fixture(scope="module")
def samples() -> Assistant:
    if not (SAMPLES / "orders.csv").exists():
        pytest.skip("bundled samples are absent")
    return Assistant(Catalog.load([str(SAMPLES)]), as_of=dt.date(2025, 12, 31))


def _column(answer, name: str) -> list:
    i = answer.columns.index(name)
    return [r[i] for r in answer.rows]


@pytest.mark.slow
@needs_cdnow
def test_cdnow_retention_by_cohort_is_cohort_retention() -> None:
    bot = Assistant(Catalog.load([str(CDNOW / "transactions.csv")]))
    answer = bot.ask("retention by cohort")
    assert answer.status == "answer", answer.text
    tx = pd.read_csv(CDNOW / "transactions.csv", parse_dates=["date"])
    first = tx.groupby("customer_id")["date"].min().dt.to_period("M")
    sizes = {str(k): int(v) for k, v in first.value_counts().items()}
    got = {
        str(c)[:7]: k for c, k in zip(_column(answer, "cohort"), _column(answer, "customers"), strict=True)
    }
    assert got == sizes
    # month 1 of the January 1997 cohort: its customers who bought again in February 1997
    jan = set(first[first == pd.Period("1997-01")].index)
    feb = set(tx.loc[tx["date"].dt.to_period("M") == pd.Period("1997-02"), "customer_id"])
    row = next(r for r in answer.rows if str(r[0]).startswith("1997-01"))
    assert row[answer.columns.index("month_1")] == pytest.approx(len(jan & feb) / len(jan))


@needs_samples
@pytest.mark.parametrize(
    "question", ["retention by plan", "cohort retention by plan", "retention by cohort by plan"]
)
def test_retention_by_a_column_splits_by_it(samples, question) -> None:
    answer = samples.ask(question)
    assert answer.status == "answer", answer.text
    assert "plan" in answer.columns
    customers = pd.read_csv(SAMPLES / "customers.csv")
    assert set(_column(answer, "plan")) == set(customers["plan"])


@needs_samples
def test_top_regions_by_clv_ranks_regions_with_their_base(samples) -> None:
    answer = samples.ask("top 2 regions by CLV")
    assert answer.status == "answer", answer.text
    assert answer.columns[0] == "region" and len(answer.rows) == 2
    every = samples.ask("CLV by region")  # the same groups, all of them
    means = _column(every, "mean_predicted_clv")
    assert means == sorted(means, reverse=True)
    assert answer.rows == every.rows[:2]
    # the base of each region: its customers with purchases by the as-of date
    orders = pd.read_csv(SAMPLES / "orders.csv", parse_dates=["order_date"])
    buyers = orders.loc[orders["order_date"] <= "2025-12-31", "customer_id"].unique()
    customers = pd.read_csv(SAMPLES / "customers.csv")
    base = customers[customers["id"].isin(buyers)].groupby("region").size()
    assert {
        r: k for r, k in zip(_column(every, "region"), _column(every, "customers"), strict=True)
    } == base.to_dict()
    low, high = _column(answer, "ci_low"), _column(answer, "ci_high")
    assert all(
        lo <= m <= hi for lo, m, hi in zip(low, _column(answer, "mean_predicted_clv"), high, strict=True)
    )
    assert "customers)" in answer.text  # the base is stated beside the figure


@needs_samples
def test_which_region_has_the_highest_clv_compares_regions(samples) -> None:
    answer = samples.ask("which region has the highest clv")
    assert answer.status == "answer", answer.text
    assert answer.columns[0] == "region"
    assert len(answer.rows) == pd.read_csv(SAMPLES / "customers.csv")["region"].nunique()
