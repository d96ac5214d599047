""" "What drives churn?" uses the forward design when the data has churn dates: drivers of churning within
the horizon among the customers active at the earlier cut, with features as known then. Checked on the
bundled samples (real scikit-learn fits) against counts and rates computed here with pandas from the CSV
files; without churn dates the answer falls back to the cross-sectional model and says so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analytics.churn_answers import churn_drivers
from analytics.churn_forward import HORIZON_DAYS
from catalog import Catalog
from catalog.skills import SkillRequest

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
AS_OF = dt.date(2025, 12, 31)
needs_samples = pytest.mark.skipif(
    not (SAMPLES / "customers.csv").exists(), reason="samples/*.csv not generated"
)


def _training_rows(start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Customers active on `start` with features as known then and `y` = churned by `end` (pandas only)."""
    c = pd.read_csv(SAMPLES / "customers.csv")
    signup, churn = pd.to_datetime(c["signup_date"]), pd.to_datetime(c["churn_date"])
    active = c[(signup <= start) & ~(churn <= start)].copy()
    active["tenure_months"] = (start - pd.to_datetime(active["signup_date"])).dt.days / 30.4375
    feedback = pd.read_csv(SAMPLES / "feedback.csv")
    seen = feedback[pd.to_datetime(feedback["date"]) <= start]
    active["mean_feedback_nps"] = active["id"].map(seen.groupby("customer_id")["nps"].mean())
    active["y"] = (pd.to_datetime(active["churn_date"]) <= end).astype(int)
    return active.reset_index(drop=True)


def _members(frame: pd.DataFrame, column: str, label: str) -> pd.Series:
    """Who is in a driver's group, read from its label: quartile thresholds computed here."""
    values = frame[column]
    if label.endswith("or less"):
        return values <= values.quantile(0.25)
    if label.endswith("or more"):
        return values >= values.quantile(0.75)
    return values.astype(str) == label.split(" is ", 1)[1]


@pytest.fixture(scope="module")
def answer():
    if not (SAMPLES / "customers.csv").exists():
        pytest.skip("samples/*.csv not generated")
    return churn_drivers(SkillRequest("what drives churn?", Catalog.load([str(SAMPLES)]), AS_OF))


@needs_samples
def test_samples_drivers_use_the_forward_design_and_say_so(answer) -> None:
    assert answer.status == "answer", answer.text
    end = pd.Timestamp(AS_OF)
    start = end - pd.Timedelta(days=HORIZON_DAYS)
    rows = _training_rows(start, end)
    head = (
        f"What predicts churn within {HORIZON_DAYS} days (the {len(rows):,} customers active on "
        f"{start.date().isoformat()}, features as known then; {int(rows['y'].sum()):,} churned by {AS_OF.isoformat()})"
    )
    assert answer.text.startswith(head), answer.text
    card = answer.model_card
    assert card["design"].startswith("forward:")
    assert card["rows used"] == len(rows)
    assert card["base rate"] == pytest.approx(rows["y"].mean(), abs=1e-4)
    assert card["target"].endswith(f"within {HORIZON_DAYS} days")
    assert any(note.startswith("Design: forward") for note in answer.notes)
    assert answer.extra["design"] == "forward"


@needs_samples
def test_samples_named_drivers_are_rates_of_the_forward_rows(answer) -> None:
    """Each driver's rates are those of churning within the horizon among the customers active at the
    earlier cut (features as known then), not of having churned by the as-of date."""
    end = pd.Timestamp(AS_OF)
    rows = _training_rows(end - pd.Timedelta(days=HORIZON_DAYS), end)
    columns = answer.columns
    checked = 0
    for row in answer.rows:
        record = dict(zip(columns, row, strict=True))
        feature, label = record["feature"], record["group"]
        if feature not in rows:
            continue
        inside = _members(rows, feature, label)
        assert record["churn_rate_in_group"] == pytest.approx(rows.loc[inside, "y"].mean(), abs=1e-9), feature
        assert record["churn_rate_rest"] == pytest.approx(rows.loc[~inside, "y"].mean(), abs=1e-9), feature
        assert record["share_of_customers"] == pytest.approx(inside.mean(), abs=1e-9), feature
        checked += 1
    assert checked >= 3, answer.rows
    # the lead sentence names the first used driver with the same rates
    first = dict(zip(columns, answer.rows[0], strict=True))
    assert f"within {HORIZON_DAYS} days at {first['churn_rate_in_group']:.1%}" in answer.text
    # the customers who have churned by the as-of date (the cross-sectional target) churn at another rate
    everyone = pd.read_csv(SAMPLES / "customers.csv")
    assert first["churn_rate_rest"] < (everyone["churned"] == "Yes").mean() / 2


def test_without_churn_dates_the_drivers_are_cross_sectional_and_say_so(tmp_path) -> None:
    if not (SAMPLES / "customers.csv").exists():
        pytest.skip("samples/*.csv not generated")
    customers = pd.read_csv(SAMPLES / "customers.csv").head(1500).drop(columns=["churn_date"])
    customers.to_csv(tmp_path / "customers.csv", index=False)
    answer = churn_drivers(SkillRequest("what drives churn?", Catalog.load([str(tmp_path)]), AS_OF))
    assert answer.status == "answer", answer.text
    assert "cross-sectional" in answer.text
    assert answer.model_card["design"].startswith("cross-sectional:")
    assert "no churn dates" in answer.model_card["design"]
    assert answer.extra["design"] == "cross-sectional"
    y = (customers["churned"] == "Yes").astype(int)
    assert answer.model_card["rows used"] == len(customers)
    assert answer.model_card["base rate"] == pytest.approx(y.mean(), abs=1e-4)
    for row in answer.rows:
        record = dict(zip(answer.columns, row, strict=True))
        if record["feature"] in ("plan", "industry", "region", "acquisition_channel"):
            inside = customers[record["feature"]].astype(str) == record["group"].split(" is ", 1)[1]
            assert record["churn_rate_in_group"] == pytest.approx(y[inside].mean(), abs=1e-9)
            assert "within" not in record["explanation"]
