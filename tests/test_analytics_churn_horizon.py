"""The churn horizon: set in cra.toml (churn_horizon) or with --churn-horizon, else 180 days, shortened
when the data's history before the as-of date holds fewer than three horizons (docs/churn.md). Counts
and dates are checked against pandas on the files written here."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_analytics_churn_model import AS_OF, write_subscribers

from analytics import churn as ch
from analytics.churn_answers import churn_drivers, churn_risk
from assistant.cli import build_parser, load_catalog
from catalog import Catalog, asof
from catalog.loaders import DataError
from catalog.skills import SkillRequest

ROOT = Path(__file__).resolve().parents[1]


def active_on(customers: pd.DataFrame, day: dt.date) -> pd.Series:
    signup, churn = pd.to_datetime(customers["signup_date"]), pd.to_datetime(customers["churn_date"])
    return (signup <= pd.Timestamp(day)) & ~(churn <= pd.Timestamp(day))


@pytest.fixture(scope="module")
def subscribers(tmp_path_factory) -> tuple[Path, pd.DataFrame, pd.DataFrame]:
    """1500 subscribers and their tickets written by the churn-model test's generator (not a TABLES dataset)."""
    path = tmp_path_factory.mktemp("horizon")
    customers, tickets = write_subscribers(path, n=1500, seed=3)
    return path, customers, tickets


def test_a_horizon_set_in_cra_toml_is_the_one_the_model_and_answers_use(subscribers, tmp_path) -> None:
    path, customers, _ = subscribers
    config = tmp_path / "cra.toml"
    config.write_text("churn_horizon = 90\n")
    catalog = Catalog.load([str(path)], config=config)
    assert catalog.model.churn_horizon == 90
    fit = ch.fit_churn(catalog, as_of=AS_OF)
    f = fit.forward
    assert f is not None, fit.forward_note
    start = AS_OF - dt.timedelta(days=90)
    active = active_on(customers, start)
    churn = pd.to_datetime(customers["churn_date"])
    assert (f.horizon, f.start, f.end) == (90, start, AS_OF)
    assert f.customers == int(active.sum())
    assert f.churned == int((active & (churn <= pd.Timestamp(AS_OF))).sum())
    assert f.backtest is not None and f.backtest.trained_from == start - dt.timedelta(days=90)
    assert fit.model_card()["horizon"].startswith("90 days (set in cra.toml")
    assert fit.drivers_card()["horizon"].startswith("90 days (set")
    risk = churn_risk(SkillRequest("who will churn?", catalog, AS_OF))
    assert "churn probability within 90 days" in risk.text
    assert any(note.startswith("Horizon: 90 days (set") for note in risk.notes)
    drivers = churn_drivers(SkillRequest("what drives churn?", catalog, AS_OF))
    assert drivers.text.startswith("What predicts churn within 90 days")


def test_the_default_is_shortened_when_the_history_is_short_and_says_so(subscribers) -> None:
    path, customers, tickets = subscribers
    catalog = Catalog.load([str(path)])
    day = dt.date(2023, 12, 31)
    asof.apply(catalog, day)
    # the rule of docs/churn.md, on the earliest event date of the files
    first = min(
        pd.to_datetime(customers["signup_date"]).min(),
        pd.to_datetime(customers["churn_date"]).min(),
        pd.to_datetime(tickets["opened_at"]).min(),
    ).date()
    span = (day - first).days
    assert span < 3 * 180
    expected = max(30, span // 3 // 30 * 30)
    fit = ch.fit_churn(catalog, as_of=day)
    f = fit.forward
    assert f is not None, fit.forward_note
    assert f.horizon == expected and f.start == day - dt.timedelta(days=expected)
    assert f.customers == int(active_on(customers, f.start).sum())
    assert fit.model_card()["horizon"] == (
        f"{expected} days (the default 180 days shortened: the data covers {span:,} days before "
        f"{day.isoformat()}, fewer than the 3 horizons the model and its backtest need)"
    )
    assert f"within {expected} days (the default 180 days shortened" in fit.design_words()


def test_a_long_history_keeps_180_days_and_says_nothing_more(subscribers) -> None:
    path, _, _ = subscribers
    catalog = Catalog.load([str(path)])
    fit = ch.fit_churn(catalog, as_of=AS_OF)
    assert fit.forward is not None and fit.forward.horizon == 180
    assert fit.model_card()["horizon"] == "180 days (the default)"
    risk = churn_risk(SkillRequest("who will churn?", catalog, AS_OF))
    assert not any(note.startswith("Horizon:") for note in risk.notes)


def test_the_option_wins_over_cra_toml_and_bad_values_are_refused(subscribers, tmp_path) -> None:
    path, _, _ = subscribers
    config = tmp_path / "cra.toml"
    config.write_text("churn_horizon = 90\n")
    args = build_parser().parse_args(
        ["ask", "--data", str(path), "--config", str(config), "--churn-horizon", "60", "q"]
    )
    assert load_catalog(args).model.churn_horizon == 60
    for bad in ("0", "5", "true", '"90"', "90.5"):
        config.write_text(f"churn_horizon = {bad}\n")
        with pytest.raises(DataError, match="churn_horizon must be a whole number of days"):
            Catalog.load([str(path)], config=config)
    done = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", "--churn-horizon", "3", "q"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 2 and "--churn-horizon must be a whole number of days" in done.stderr


def test_two_copies_of_a_category_are_one_group_even_when_their_association_rounds_above_1() -> None:
    # among these draws (the 509th) is one whose Cramer's V with itself is 1 + 2e-16: a negative distance
    # that made the clustering raise ("Linkage 'Z' contains negative distances") and lost the forward model
    rng = np.random.default_rng(0)
    for _ in range(520):
        n, m = int(rng.integers(50, 800)), int(rng.integers(2, 9))
        codes = rng.integers(0, m, n).astype(str)
        other = np.arange(n) % 7  # a third feature, unrelated
        assert ch.feature_groups(pd.DataFrame({"a": codes, "b": codes, "c": other})) == [["a", "b"], ["c"]]
