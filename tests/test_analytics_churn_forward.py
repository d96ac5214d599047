"""The at-risk model predicts churn in the next days: trained on the customers active one horizon before
the as-of date (features as known then) and who of them churned by it; checked against the same design
built here with pandas and scikit-learn, and its backtest counts against pandas."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from test_analytics_churn_model import AS_OF, write_subscribers

from analytics import churn as ch
from analytics.churn_forward import HORIZON_DAYS
from catalog import Catalog


@pytest.fixture(scope="module")
def subscribers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("forward")
    customers, tickets = write_subscribers(folder, n=1500, seed=1)
    catalog = Catalog.load([str(folder)])
    return catalog, customers, tickets, ch.fit_churn(catalog, as_of=AS_OF)


def features_on(day: pd.Timestamp, customers: pd.DataFrame, tickets: pd.DataFrame) -> pd.DataFrame:
    """Customers active on `day` with their features as known then, written independently of the code."""
    signup = pd.to_datetime(customers["signup_date"])
    churn = pd.to_datetime(customers["churn_date"])
    active = customers[(signup <= day) & ~(churn <= day)].copy()
    active["tenure_months"] = (day - pd.to_datetime(active["signup_date"])).dt.days / 30.4375
    seen = tickets[pd.to_datetime(tickets["opened_at"]) <= day]
    per = seen.groupby("customer_id").agg(n=("id", "size"), mean_satisfaction=("satisfaction", "mean"))
    active = active.merge(per, left_on="customer_id", right_index=True, how="left")
    active["n"] = active["n"].fillna(0) / active["tenure_months"].clip(lower=1.0)
    return active.reset_index(drop=True)


def test_training_rows_are_the_customers_active_one_horizon_earlier(subscribers) -> None:
    _, customers, _, fit = subscribers
    forward = fit.forward
    assert forward is not None, fit.forward_note
    end = fit.as_of
    start = end - dt.timedelta(days=HORIZON_DAYS)
    signup = pd.to_datetime(customers["signup_date"])
    churn = pd.to_datetime(customers["churn_date"])
    active = (signup <= pd.Timestamp(start)) & ~(churn <= pd.Timestamp(start))
    assert (forward.start, forward.end) == (start, end)
    assert forward.customers == int(active.sum())
    assert forward.churned == int((active & (churn <= pd.Timestamp(end))).sum())
    # the scores are for the customers of the as-of date, every one of them
    assert len(forward.proba) == len(fit.frame) and ((forward.proba >= 0) & (forward.proba <= 1)).all()
    card = fit.model_card()["at-risk model"]
    assert f"churn within {HORIZON_DAYS} days" in card["design"]


def test_the_ranking_agrees_with_the_same_design_fitted_here(subscribers) -> None:
    _, customers, tickets, fit = subscribers
    end = pd.Timestamp(fit.as_of)
    start = end - pd.Timedelta(days=HORIZON_DAYS)
    train = features_on(start, customers, tickets)
    churn = pd.to_datetime(train["churn_date"])
    y = (churn <= end).to_numpy().astype(int)
    columns = ["plan", "monthly_fee", "region", "tenure_months", "n", "mean_satisfaction"]
    numeric = ["monthly_fee", "tenure_months", "n", "mean_satisfaction"]
    model = make_pipeline(
        ColumnTransformer(
            [
                ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
                ("cat", OneHotEncoder(handle_unknown="ignore"), ["plan", "region"]),
            ]
        ),
        LogisticRegression(max_iter=2000),
    ).fit(train[columns], y)
    now = features_on(end, customers, tickets)
    mine = model.predict_proba(now[columns])[:, 1]
    risk = ch.at_risk(fit)
    theirs = risk.set_index("customer_id")["churn_probability"].reindex(now["customer_id"]).to_numpy()
    assert not np.isnan(theirs).any()  # the at-risk list holds exactly the customers active now
    assert len(risk) == len(now)
    rho = spearmanr(mine, theirs).statistic
    assert rho > 0.8, rho


def test_the_forward_backtest_counts_and_trains_one_horizon_earlier(subscribers) -> None:
    _, customers, tickets, fit = subscribers
    bt = fit.forward.backtest
    assert bt is not None, fit.forward.backtest_note
    end = pd.Timestamp(fit.as_of)
    start = end - pd.Timedelta(days=HORIZON_DAYS)
    scored = features_on(start, customers, tickets)
    outcome = (pd.to_datetime(scored["churn_date"]) <= end).to_numpy().astype(int)
    assert bt.trained_from == (start - pd.Timedelta(days=HORIZON_DAYS)).date()
    assert (bt.start, bt.end) == (start.date(), end.date())
    assert bt.customers == len(scored) and bt.churned == int(outcome.sum())
    # the baseline: low ticket satisfaction known on the start date ranks who churns afterwards
    single = roc_auc_score(outcome, -scored["mean_satisfaction"].fillna(scored["mean_satisfaction"].median()))
    assert single > 0.5 and 0.5 < bt.roc_auc <= 1
    assert "trained on who of the customers active on" in bt.verdict()


def test_without_churn_dates_the_at_risk_list_is_cross_sectional_and_says_so(tmp_path) -> None:
    rng = np.random.default_rng(0)
    n = 400
    plan = rng.choice(["Basic", "Pro"], n)
    churned = rng.random(n) < np.where(plan == "Basic", 0.4, 0.1)
    pd.DataFrame(
        {"id": range(n), "plan": plan, "fee": rng.normal(50, 5, n), "churned": np.where(churned, "Yes", "No")}
    ).to_csv(tmp_path / "members.csv", index=False)
    fit = ch.fit_churn(Catalog.load([str(tmp_path / "members.csv")]))
    assert fit.forward is None and fit.forward_note.startswith("cross-sectional")
    assert np.array_equal(fit.risk, fit.proba)
    assert fit.model_card()["at-risk model"] == fit.forward_note


def test_the_drivers_answer_uses_the_forward_view_with_counts_from_the_data(subscribers) -> None:
    from analytics.churn_answers import churn_drivers
    from catalog.skills import SkillRequest

    catalog, customers, _, fit = subscribers
    answer = churn_drivers(SkillRequest("what drives churn?", catalog, AS_OF))
    assert answer.status == "answer", answer.text
    start = pd.Timestamp(fit.as_of) - pd.Timedelta(days=HORIZON_DAYS)
    signup = pd.to_datetime(customers["signup_date"])
    churn = pd.to_datetime(customers["churn_date"])
    active = (signup <= start) & ~(churn <= start)
    later = int((active & (churn <= pd.Timestamp(fit.as_of))).sum())
    design = next(note for note in answer.notes if note.startswith("Design: forward"))
    assert (
        f"among the {int(active.sum()):,} customers active on {start.date().isoformat()}, with features as "
        f"known that day; {later:,} of them churned by {fit.as_of.isoformat()}" in design
    )
    # the generator's churn depends on plan (and so its fee) and ticket satisfaction, not on tenure (a
    # constant hazard): the forward model's first two driver groups are those
    top = {c for d in fit.forward.used_drivers[:2] for c in d.columns}
    assert {"plan", "mean_tickets_satisfaction"} <= top, top
