"""The churn model as of a date: tenure, related-table features, grouped importance, backtest, disk cache.

Expected figures are computed here with pandas, numpy, scipy and scikit-learn, never copied from our output.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr
from scipy.stats.contingency import association as scipy_association

from analytics import churn as ch
from analytics import model_cache
from analytics.churn_features import TENURE, customer_frame
from catalog import Catalog
from catalog.churn_target import find_churn_target
from catalog.transactions import find_transactions

AS_OF = dt.date(2024, 12, 31)


def write_subscribers(folder, n: int = 1500, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Customers whose plan (and so its fee) and ticket satisfaction drive churn; tickets per customer."""
    rng = np.random.default_rng(seed)
    plan = rng.choice(["Basic", "Pro"], n, p=[0.5, 0.5])
    fee = np.where(plan == "Basic", 20.0, 80.0) + rng.normal(0, 2, n).round(2)
    region = rng.choice(["North", "South", "East"], n)
    signup = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 600, n), unit="D")
    satisfaction = rng.normal(3.5, 0.8, n)
    hazard = 0.0012 * np.where(plan == "Basic", 3.0, 1.0) * np.exp(0.8 * (3.5 - satisfaction))
    life = rng.exponential(1 / hazard)
    churn_day = signup + pd.to_timedelta(life.astype(int), unit="D")
    churned = churn_day <= pd.Timestamp(AS_OF)
    customers = pd.DataFrame(
        {
            "customer_id": np.arange(1, n + 1),
            "plan": plan,
            "monthly_fee": fee,
            "region": region,
            "signup_date": signup.date,
            "churned": np.where(churned, "Yes", "No"),
            "churn_date": [d.date() if c else None for d, c in zip(churn_day, churned, strict=True)],
        }
    )
    rows = []
    for i in range(n):
        end = churn_day[i] if churned[i] else pd.Timestamp(AS_OF)
        span = max((end - signup[i]).days, 1)
        for _ in range(int(rng.poisson(1 + span / 120))):
            day = signup[i] + pd.Timedelta(days=int(rng.integers(0, span)))
            rows.append(
                (
                    len(rows) + 1,
                    i + 1,
                    day.date(),
                    float(np.clip(round(satisfaction[i] + rng.normal(0, 0.5)), 1, 5)),
                )
            )
    tickets = pd.DataFrame(rows, columns=["id", "customer_id", "opened_at", "satisfaction"])
    customers.to_csv(folder / "customers.csv", index=False)
    tickets.to_csv(folder / "tickets.csv", index=False)
    return customers, tickets


@pytest.fixture(scope="module")
def subscribers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("subscribers")
    customers, tickets = write_subscribers(folder)
    return Catalog.load([str(folder)]), customers, tickets


@pytest.fixture(scope="module")
def fitted(subscribers):
    return ch.fit_churn(subscribers[0], as_of=AS_OF)


def test_frame_is_cut_at_the_date_with_tenure_and_ticket_features(subscribers):
    catalog, customers, tickets = subscribers
    cut = dt.date(2024, 6, 30)
    built = customer_frame(catalog, find_churn_target(catalog), cut).frame.set_index("customer_id")
    signup = pd.to_datetime(customers["signup_date"])
    churn = pd.to_datetime(customers["churn_date"])
    known = customers[signup <= pd.Timestamp(cut)].set_index("customer_id")
    assert set(built.index) == set(known.index)
    # churned by the cut: a churn date after it counts as still active
    by_cut = (churn <= pd.Timestamp(cut)).set_axis(customers["customer_id"])
    assert (built[ch.TARGET] == by_cut.loc[built.index]).all()
    # tenure: signup to the churn date (if churned by then) or the cut, in months of 30.4375 days
    end = churn.where(churn <= pd.Timestamp(cut), pd.Timestamp(cut)).set_axis(customers["customer_id"])
    months = (
        end.loc[built.index] - signup.set_axis(customers["customer_id"]).loc[built.index]
    ).dt.days / 30.4375
    assert np.allclose(built[TENURE], months.clip(lower=0))
    # tickets opened by the cut: count per month of tenure and mean satisfaction
    seen = tickets[pd.to_datetime(tickets["opened_at"]) <= pd.Timestamp(cut)].groupby("customer_id")
    count = seen.size().reindex(built.index, fill_value=0)
    assert np.allclose(built["n_tickets"], count / months.clip(lower=1))
    mean = seen["satisfaction"].mean().reindex(built.index)
    assert np.allclose(built["mean_tickets_satisfaction"], mean, equal_nan=True)


def test_association_matches_scipy():
    rng = np.random.default_rng(1)
    a = rng.integers(0, 4, 500)
    b = np.where(rng.random(500) < 0.7, a, rng.integers(0, 4, 500))
    table = pd.crosstab(a, b).to_numpy()
    assert ch.association(a, True, b, True) == pytest.approx(scipy_association(table, method="cramer"))
    x, y = rng.normal(size=500), rng.normal(size=500)
    y = x + y
    rx, ry = pd.Series(x).rank().to_numpy(), pd.Series(y).rank().to_numpy()
    assert ch.association(rx, False, ry, False) == pytest.approx(abs(spearmanr(x, y).statistic))
    # correlation ratio by hand: sqrt(between-group sum of squares / total sum of squares)
    groups = pd.Series(rx).groupby(a)
    between = (groups.size() * (groups.mean() - rx.mean()) ** 2).sum()
    assert ch.association(a, True, rx, False) == pytest.approx(
        np.sqrt(between / ((rx - rx.mean()) ** 2).sum())
    )


def test_plan_and_its_fee_are_judged_together(fitted):
    groups = [set(g) for g in fitted.model.groups_]
    assert {"plan", "monthly_fee"} in groups
    plan = fitted.model.importances_["plan"]
    assert plan == fitted.model.importances_["monthly_fee"] > 0.01
    assert {"plan", "monthly_fee"} & set(fitted.drivers[0].columns) or any(
        set(d.columns) == {"plan", "monthly_fee"} for d in fitted.used_drivers
    )
    # reasons name only features the ranking model (here the forward one) uses
    reasons = ch.at_risk(fitted)["top_reasons"]
    assert fitted.forward is not None
    importances = fitted.forward.model.importances_
    used = {d.label: d for d in fitted.reason_drivers}
    for text in reasons:
        for part in (p for p in text.split("; ") if p):
            assert part in used and importances[used[part].column] > 0


def test_backtest_counts_and_baselines(subscribers, fitted):
    _, customers, _ = subscribers
    bt = fitted.backtest
    assert bt is not None, fitted.backtest_note
    end = fitted.as_of  # the data's last day (on or before the requested date)
    assert end is not None and end <= AS_OF
    start = end - dt.timedelta(days=ch.BACKTEST_DAYS)
    signup = pd.to_datetime(customers["signup_date"])
    churn = pd.to_datetime(customers["churn_date"])
    active = (signup <= pd.Timestamp(start)) & ~(churn <= pd.Timestamp(start))
    assert bt.start == start and bt.customers == int(active.sum())
    assert bt.churned == int((active & (churn <= pd.Timestamp(end))).sum())
    assert 0.5 < bt.roc_auc <= 1 and bt.top_decile_lift > 1
    card = fitted.model_card()["backtest"]
    assert card["overall rate baseline"]["roc auc"] == 0.5
    assert card["best single feature"] and "verdict" in card


def test_top_decile_lift_by_hand():
    y = np.array([1, 0, 0, 0, 0, 0, 0, 0, 0, 1] * 2)
    score = np.arange(20)[::-1].astype(float)  # rows 0 and 1 score highest
    # top 10% = 2 rows (y 1, 0): rate 0.5 over the overall 4/20
    assert ch.top_decile_lift(y, score) == pytest.approx(0.5 / 0.2)


def test_model_is_read_from_disk_and_rebuilt_when_corrupt(subscribers, fitted):
    catalog = subscribers[0]
    model_cache.clear_memory()  # this test has its own cache folder: fit once more to fill it
    ch.fit_churn(catalog, as_of=AS_OF)
    assert sorted(model_cache.folder().glob("*.pickle")), "the fitted model was written to the cache folder"
    model_cache.clear_memory()
    again = ch.fit_churn(catalog, as_of=AS_OF)
    assert again is not fitted and np.array_equal(again.proba, fitted.proba)
    assert list(again.model.importances_.index) == list(fitted.model.importances_.index)
    # predictions still work: the estimator is read from its own entry
    assert np.allclose(again.model.predict_proba(again.frame), fitted.proba)
    # damage every entry: the next fit is rebuilt, not read
    for path in model_cache.folder().glob("*.pickle"):
        blob = bytearray(path.read_bytes())
        blob[-10] ^= 0xFF
        path.write_bytes(bytes(blob))
    model_cache.clear_memory()
    rebuilt = ch.fit_churn(catalog, as_of=AS_OF)
    assert np.allclose(rebuilt.proba, fitted.proba)
    key = model_cache.entry_key("churn", *_parts(catalog))
    assert model_cache.read(key) is not None  # a good entry was written again


def _parts(catalog):
    target = find_churn_target(catalog)
    from analytics.churn_features import analysis_date

    cut = analysis_date(catalog, AS_OF)
    # two years of history: the default horizon (180 days) is kept
    return (
        ch.data_key(catalog),
        f"{target.table}.{target.column}",
        "",
        repr([]),
        str(cut),
        "horizon 180 days (the default)",
    )


def test_damaged_entries_are_misses(tmp_path, monkeypatch):
    monkeypatch.setenv("CRA_CACHE_DIR", str(tmp_path))
    key = model_cache.entry_key("x", 1)
    model_cache.write(key, {"a": 1})
    assert model_cache.read(key) == {"a": 1}
    path = model_cache.path_of(key)
    path.write_bytes(path.read_bytes()[:-3])
    assert model_cache.read(key) is None and not path.exists()
    other = model_cache.entry_key("x", 2)
    model_cache.write(other, {"b": 2})
    path.write_bytes(model_cache.path_of(other).read_bytes())  # right digest, wrong key
    assert model_cache.read(key) is None


def test_samples_cut_at_a_date_give_the_same_frame_and_segments_as_of_that_date(tmp_path):
    """Time travel: the sample files cut at a date (rows after it dropped, later churn undone) give the
    same model frame and RFM segments as the whole data as of that date."""
    from analytics import segments as sg
    from catalog.churn_target import find_churn_target

    samples = Path(__file__).resolve().parents[1] / "samples"
    cut = dt.date(2025, 6, 30)
    day = pd.Timestamp(cut)
    customers = pd.read_csv(samples / "customers.csv")
    customers = customers[pd.to_datetime(customers["signup_date"]) <= day].copy()
    later = pd.to_datetime(customers["churn_date"]) > day
    customers.loc[later, "churned"] = "No"
    customers.loc[later, "churn_date"] = None
    customers.to_csv(tmp_path / "customers.csv", index=False)
    for name, column in (("orders", "order_date"), ("tickets", "opened_at"), ("feedback", "date")):
        frame = pd.read_csv(samples / f"{name}.csv")
        frame[pd.to_datetime(frame[column]).dt.normalize() <= day].to_csv(
            tmp_path / f"{name}.csv", index=False
        )
    whole = Catalog.load([str(samples)])
    trimmed = Catalog.load([str(tmp_path)])
    a = customer_frame(whole, find_churn_target(whole), cut).frame.set_index("id").sort_index()
    b = customer_frame(trimmed, find_churn_target(trimmed), cut).frame.set_index("id").sort_index()
    assert list(a.index) == list(b.index)
    assert (a[ch.TARGET] == b[ch.TARGET]).all()
    for column in [c for c in a.columns if c.startswith(("n_", "mean_", TENURE))]:
        assert np.allclose(a[column], b[column], equal_nan=True), column
    # the same through the catalog's as-of cut (views of the rows known then), dated by the catalog
    from analytics.churn_features import analysis_date
    from catalog import asof

    viewed = Catalog.load([str(samples)])
    asof.apply(viewed, cut)
    assert analysis_date(viewed, dt.date(2030, 1, 1)) == cut
    c = customer_frame(viewed, find_churn_target(viewed), None).frame.set_index("id").sort_index()
    assert list(c.index) == list(b.index) and (c[ch.TARGET] == b[ch.TARGET]).all()
    c = customer_frame(viewed, find_churn_target(viewed), cut).frame.set_index("id").sort_index()
    for column in [col for col in b.columns if col.startswith(("n_", "mean_", TENURE))]:
        assert np.allclose(c[column], b[column], equal_nan=True), column
    rfm_a = sg.rfm_frame(whole, find_transactions(whole), cut).set_index("customer").sort_index()
    rfm_b = sg.rfm_frame(trimmed, find_transactions(trimmed), cut).set_index("customer").sort_index()
    assert rfm_a[["recency", "frequency", "segment"]].equals(rfm_b[["recency", "frequency", "segment"]])


def test_samples_answer_never_calls_plan_unimportant(catalog):
    """On the samples, plan drives churn (the generator's hazard depends on it) and sets the fee: the
    answer judges them together and never lists plan among the features without importance."""
    from analytics.churn_answers import churn_drivers
    from catalog.skills import SkillRequest

    samples = pd.read_csv(Path(__file__).resolve().parents[1] / "samples" / "customers.csv")
    rates = (samples["churned"] == "Yes").groupby(samples["plan"]).mean()
    assert rates.max() - rates.min() > 0.2  # plan matters in the data itself
    answer = churn_drivers(SkillRequest("what drives churn?", catalog, dt.date(2025, 12, 31)))
    assert answer.status == "answer"
    unimportant = [note for note in answer.notes if "no importance" in note]
    assert not any("plan" in note.split(":")[0] for note in unimportant)
    row = next(r for r in answer.rows if "plan" in (r[1], *str(r[8]).split(" and ")))
    assert row[7] > 0  # importance of plan's group
    card = answer.model_card
    assert card is not None and isinstance(card["backtest"], dict)
    assert {"model roc auc", "best single feature roc auc", "overall rate baseline"} <= set(card["backtest"])


def test_no_disk_cache_when_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("CRA_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("CRA_NO_CACHE", "1")
    model_cache.clear_memory()
    assert model_cache.cached("x", (3,), lambda: {"c": 3}) == {"c": 3}
    assert not (tmp_path / "models").exists()


def test_tenure_from_the_first_seen_date_without_a_signup_column(tmp_path):
    pd.DataFrame({"id": [1, 2, 3], "plan": ["A", "B", "A"], "churned": ["No", "Yes", "No"]}).to_csv(
        tmp_path / "customers.csv", index=False
    )
    pd.DataFrame(
        {
            "order_id": [10, 11, 12, 13, 14],
            "customer_id": [1, 1, 2, 3, 3],
            "order_date": ["2024-01-01", "2024-03-01", "2024-02-15", "2024-05-01", "2024-07-15"],
            "amount": [10.0, 20.0, 30.0, 40.0, 50.0],
        }
    ).to_csv(tmp_path / "orders.csv", index=False)
    catalog = Catalog.load([str(tmp_path)])
    cut = dt.date(2024, 6, 30)
    built = customer_frame(catalog, find_churn_target(catalog), cut)
    assert built.start == "first seen"
    frame = built.frame.set_index("id")
    first = {1: dt.date(2024, 1, 1), 2: dt.date(2024, 2, 15), 3: dt.date(2024, 5, 1)}
    for customer, day in first.items():
        assert frame.loc[customer, TENURE] == pytest.approx((cut - day).days / 30.4375)
    # orders after the cut are not counted: customer 3 has one order by June 30
    assert frame.loc[3, "n_orders"] == pytest.approx(1 / max((cut - first[3]).days / 30.4375, 1))
    assert frame.loc[1, "mean_orders_amount"] == pytest.approx(15.0)


class _Opaque:
    """A fitted pipeline seen only through predict_proba: the importance takes its general path."""

    def __init__(self, pipe) -> None:
        self.pipe = pipe

    def predict_proba(self, X):
        return self.pipe.predict_proba(X)


@pytest.mark.parametrize("name", ["logistic regression", "gradient boosting"])
def test_grouped_importance_shortcut_equals_shuffling_the_inputs(name):
    rng = np.random.default_rng(3)
    n = 600
    X = pd.DataFrame(
        {
            "plan": rng.choice(["a", "b", "c"], n),
            "fee": rng.normal(50, 10, n),
            "tickets": np.where(rng.random(n) < 0.1, np.nan, rng.poisson(2, n)).astype(float),
            "region": rng.choice(["N", "S"], n),
        }
    )
    y = (rng.random(n) < 1 / (1 + np.exp(-(X["plan"] == "a") * 2 + 1 + 0.03 * (X["fee"] - 50)))).astype(int)
    model = ch.ChurnModel()
    model.numeric_, model.categorical_ = ["fee", "tickets"], ["plan", "region"]
    pipe = model._candidates(model.numeric_, model.categorical_)[name].fit(X, y)
    groups = [["plan", "fee"], ["tickets"], ["region"]]
    fast = ch.grouped_permutation_importance(pipe, X, y, groups, n_repeats=3, random_state=1)
    slow = ch.grouped_permutation_importance(_Opaque(pipe), X, y, groups, n_repeats=3, random_state=1)
    assert fast == pytest.approx(slow, abs=1e-12)
    assert fast[0] > 0.05 and fast[0] > fast[2]
