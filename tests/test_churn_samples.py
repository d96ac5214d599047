"""Churn fits on many customers read stratified samples of a stated size at every step (the model, its
backtests, the forward model): with the bounds made small here, a frame larger than them is fitted on
exactly the stated number of rows, the churn shares of the samples match the whole, and the card and the
answer's interpretation say so. Counts are checked against pandas on the written data."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from test_analytics_churn_model import AS_OF, write_subscribers

from analytics import churn as ch
from analytics.churn_answers import churn_drivers, churn_risk
from analytics.churn_forward import HORIZON_DAYS
from catalog import Catalog
from catalog.skills import SkillRequest

FIT, HOLDOUT, COMPARE = 400, 150, 500


@pytest.fixture(scope="module")
def bounded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("samples")
    customers, _ = write_subscribers(folder, n=2000, seed=3)
    defaults = ch.ChurnModel.__init__.__kwdefaults__
    saved = dict(defaults)
    defaults.update(max_fit_rows=FIT, max_holdout_rows=HOLDOUT, max_compare_rows=COMPARE)
    try:
        catalog = Catalog.load([str(folder)])
        fit = ch.fit_churn(catalog, as_of=AS_OF)
        drivers = churn_drivers(SkillRequest("what drives churn?", catalog, AS_OF))
        risk = churn_risk(SkillRequest("which customers are likely to churn?", catalog, AS_OF))
    finally:
        defaults.clear()
        defaults.update(saved)
    return customers, fit, drivers, risk


def test_the_models_are_fitted_on_the_stated_sample_sizes(bounded) -> None:
    customers, fit, _, _ = bounded
    assert fit.forward is not None, fit.forward_note
    for model, rows in ((fit.model, len(fit.frame)), (fit.forward.model, fit.forward.customers)):
        assert model.n_rows_ == rows and rows > FIT / 0.8  # the training part is larger than the bound
        assert (model.fit_rows_, model.holdout_rows_, model.compare_rows_) == (FIT, HOLDOUT, COMPARE)
        words = model.sample_words()
        assert f"final fit on {FIT:,}" in words and f"held-out scoring on {HOLDOUT:,}" in words
        assert f"model comparison on {COMPARE:,}" in words and f"of the {rows:,} rows" in words
    assert fit.drivers_card()["subsample"] == fit.forward.model.sample_words()
    assert fit.model_card()["subsample"] == fit.model.sample_words()
    assert fit.model_card()["at-risk model"]["subsample"] == fit.forward.model.sample_words()


def test_the_forward_backtest_fits_and_scores_stratified_samples(bounded) -> None:
    customers, fit, _, _ = bounded
    bt = fit.forward.backtest
    assert bt is not None, fit.forward.backtest_note
    start = pd.Timestamp(fit.as_of) - pd.Timedelta(days=HORIZON_DAYS)
    signup, churn = pd.to_datetime(customers["signup_date"]), pd.to_datetime(customers["churn_date"])
    active = (signup <= start) & ~(churn <= start)
    churned = active & (churn <= pd.Timestamp(fit.as_of))
    assert bt.active == int(active.sum()) > HOLDOUT and bt.customers == HOLDOUT
    # stratified: the sample's churners are the whole's share of HOLDOUT (rounded by the split)
    assert abs(bt.churned - HOLDOUT * churned.sum() / active.sum()) <= 1
    earlier = start - pd.Timedelta(days=HORIZON_DAYS)
    assert int(((signup <= earlier) & ~(churn <= earlier)).sum()) > FIT and bt.fit_rows == FIT
    card = bt.card()
    assert card["customers active at the start"] == int(active.sum())
    assert card["customers scored (stratified sample)"] == HOLDOUT
    assert card["backtest fit rows (stratified sample)"] == FIT
    assert f"stratified sample of {FIT:,} customers" in bt.verdict()
    assert f"a sample of {HOLDOUT:,} of the {int(active.sum()):,} customers" in bt.verdict()


def test_the_cross_sectional_backtest_is_bounded_too(bounded) -> None:
    customers, fit, _, _ = bounded
    bt = fit.backtest
    assert bt is not None, fit.backtest_note
    start = pd.Timestamp(bt.start)
    signup, churn = pd.to_datetime(customers["signup_date"]), pd.to_datetime(customers["churn_date"])
    active = (signup <= start) & ~(churn <= start)
    assert bt.active == int(active.sum()) and bt.customers == HOLDOUT and bt.fit_rows == FIT


def test_the_answers_state_the_sample_sizes(bounded) -> None:
    _, fit, drivers, risk = bounded
    for answer in (drivers, risk):
        assert answer.status == "answer"
        assert fit.forward.model.sample_words() in answer.interpretation
        assert f"final fit on {FIT:,}" in answer.interpretation


def test_cross_sectional_probabilities_are_computed_only_when_asked_for(bounded) -> None:
    _, fit, _, _ = bounded
    assert fit.scores is None  # the forward model ranks the list: no answer needs them
    proba = fit.proba
    assert len(proba) == len(fit.frame) and np.allclose(proba, fit.model.predict_proba(fit.frame))
    assert fit.risk is fit.forward.proba


def test_single_feature_scores_match_pandas_group_rates() -> None:
    rng = np.random.default_rng(0)
    train = pd.DataFrame({"plan": rng.choice(["a", "b", "c", None], 500)})
    y = (rng.random(500) < np.where(train["plan"] == "a", 0.5, 0.1)).astype(int)
    test = pd.DataFrame({"plan": ["a", "c", None, "new"]})
    scores, _ = ch.single_feature_scores(train, y, test, "plan")
    keys = train["plan"].fillna("(missing)")
    rates = pd.Series(y).groupby(keys.to_numpy()).mean()
    expected = [rates["a"], rates["c"], rates["(missing)"], y.mean()]
    assert np.allclose(scores, expected)


def test_below_the_bounds_every_row_is_used(tmp_path) -> None:
    write_subscribers(tmp_path, n=600, seed=4)
    fit = ch.fit_churn(Catalog.load([str(tmp_path)]), as_of=dt.date(2024, 12, 31))
    assert fit.model.sample_words() == "" and "subsample" not in fit.model_card()
    bt = fit.forward.backtest if fit.forward else None
    assert bt is None or (bt.fit_rows == 0 and bt.active == bt.customers)


def test_stratified_sample_keeps_each_label_share() -> None:
    rng = np.random.default_rng(1)
    labels = rng.choice([0, 1, 2], 10_000, p=[0.7, 0.2, 0.1])
    idx = np.arange(10_000) * 3  # positions need not start at 0 or be consecutive
    kept = ch.stratified_sample(idx, labels, 1_000, seed=5)
    assert len(kept) == len(np.unique(kept)) == 1_000 and np.isin(kept, idx).all()
    assert (np.diff(kept) > 0).all()
    drawn = np.bincount(labels[kept // 3], minlength=3)
    assert np.all(np.abs(drawn - 1_000 * np.bincount(labels) / 10_000) < 1)


def test_large_frames_draw_the_stated_samples_with_numpy(monkeypatch) -> None:
    monkeypatch.setattr(ch, "FAST_SAMPLE_ROWS", 1_000)  # "large" from 1,000 rows here
    rng = np.random.default_rng(2)
    n = 3_000
    plan = rng.choice(["Basic", "Pro"], n)
    fee = rng.normal(50, 10, n)
    y = rng.random(n) < np.where(plan == "Basic", 0.4, 0.1)
    X = pd.DataFrame({"plan": plan, "fee": fee})
    model = ch.ChurnModel(max_fit_rows=800, max_holdout_rows=300, max_compare_rows=1_200).fit(X, y)
    assert (model.fit_rows_, model.holdout_rows_, model.compare_rows_) == (800, 300, 1_200)
    assert "final fit on 800" in model.sample_words() and "held-out scoring on 300" in model.sample_words()
    assert model.holdout_roc_auc_ > 0.6  # plan separates churners on the held-out sample
