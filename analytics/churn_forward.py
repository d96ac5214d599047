"""Churn in the next N days: the at-risk model when the data says who churned when.

A cross-sectional model (churned vs not, features as of the as-of date) explains who churned, but its
features of churned customers stop at their churn (short tenure, few recent orders) and it does not say
who will churn next. With churn dates the at-risk list uses a forward model instead:

- the horizon H (`choose_horizon`): cra.toml churn_horizon / --churn-horizon, else 180 days, shortened when
  the data's history before the as-of date holds fewer than three horizons (docs/churn.md);
- training rows: the customers active on `as_of - H`, with their features as known that day
  (`churn_features.customer_frame` cut there); the label: churned by the as-of date;
- scoring: the customers active on the as-of date, with their features as known then; the calibrated
  probability is that of churning within the next H days;
- reasons: driver groups found on the training rows (thresholds fixed there) by the forward model's grouped
  permutation importance, and only those it uses (importance > 0), looked up in the scored rows;
- backtest: the same design one horizon earlier (trained on who, of those active on `as_of - 2H`, churned
  by `as_of - H`), scoring the customers active on `as_of - H` and compared with who churned by the as-of
  date, next to the best single feature and the overall rate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from analytics.churn import (
    MIN_MODEL_CLASS,
    MIN_MODEL_ROWS,
    Backtest,
    ChurnModel,
    FrameMemo,
    describe_drivers,
    plan_features,
    single_feature_scores,
    top_decile_lift,
)
from analytics.churn_features import ROW, TARGET
from catalog.asof import data_start
from catalog.churn_target import CHURN_DATE_NAMES
from catalog.entities import find_time

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from sqlglot import exp

    from analytics.churn import Backtest, ChurnModel, Driver, FeaturePlan
    from catalog import Catalog
    from catalog.churn_target import ChurnTarget

HORIZON_DAYS = 180
"""The default horizon: the forward model predicts churn within this many days after its features' date."""
SPANS_NEEDED = 3
"""Horizons of history the design needs before the as-of date: the model's training window, the
backtest's (one horizon earlier) and history before the backtest's training date."""
HORIZON_STEP = 30
"""A shortened default horizon is a whole number of these days."""


@dataclass(frozen=True)
class Horizon:
    """How many days ahead the churn model predicts, and why that many."""

    days: int
    why: str = "the default"

    @property
    def words(self) -> str:
        """ "180 days (the default)", for model cards."""
        return f"{self.days} days ({self.why})"

    @property
    def chosen(self) -> bool:
        """Whether the horizon differs from the plain default (set, or shortened): answers then say why."""
        return self.why != "the default"


def choose_horizon(catalog: Catalog, cut: dt.date | None) -> Horizon:
    """The churn horizon: `model.churn_horizon` when set (cra.toml churn_horizon, --churn-horizon), else
    HORIZON_DAYS, shortened to a whole number of HORIZON_STEP days when the data's history before `cut`
    holds fewer than SPANS_NEEDED horizons."""
    days = getattr(catalog.model, "churn_horizon", None)
    if days:
        return Horizon(int(days), "set in cra.toml churn_horizon or --churn-horizon")
    start = data_start(catalog) if cut is not None else None
    if cut is None or start is None or (cut - start).days >= SPANS_NEEDED * HORIZON_DAYS:
        return Horizon(HORIZON_DAYS)
    span = (cut - start).days
    short = max(HORIZON_STEP, span // SPANS_NEEDED // HORIZON_STEP * HORIZON_STEP)
    return Horizon(
        short,
        f"the default {HORIZON_DAYS} days shortened: the data covers {span:,} days before {cut.isoformat()}, "
        f"fewer than the {SPANS_NEEDED} horizons the model and its backtest need",
    )


@dataclass
class Forward:
    """The forward (next `horizon` days) churn model and its scores of the customers at the as-of date."""

    horizon: int
    start: dt.date
    """Features of the training rows are as known on this day (as-of minus the horizon)."""
    end: dt.date
    """The as-of date: training labels are churn by then; scores are for the horizon after it."""
    customers: int
    """Training rows: customers active on `start`."""
    churned: int
    """Of them, churned by `end`."""
    model: ChurnModel
    proba: np.ndarray = field(repr=False)
    """P(churn within `horizon` days after `end`) for every row of the churn fit's frame."""
    drivers: list[Driver] = field(default_factory=list)
    """Driver groups from the training rows; their `members` are over the churn fit's frame."""
    backtest: Backtest | None = None
    backtest_note: str = ""
    plan: FeaturePlan | None = None
    """Which columns feed the forward model, and why the others do not."""
    frame: pd.DataFrame | None = field(default=None, repr=False)
    """The training rows (customers active on `start`, features as known then) with TARGET = churned by
    `end`: what the drivers' rates are measured on."""
    horizon_why: str = "the default"
    """Why the horizon is that many days (Horizon.why)."""

    @property
    def used_drivers(self) -> list[Driver]:
        return [d for d in self.drivers if d.importance > 0]

    def card(self) -> dict[str, Any]:
        m = self.model
        return {
            "design": (
                f"churn within {self.horizon} days: trained on the customers active on {self.start.isoformat()} "
                f"(features as known then) and who of them churned by {self.end.isoformat()}; scores the "
                f"customers active on {self.end.isoformat()} for the next {self.horizon} days"
            ),
            "horizon": f"{self.horizon} days ({self.horizon_why})",
            "model": m.best_name_ + " (calibrated, sigmoid)",
            "training customers": self.customers,
            "churned in the window": self.churned,
            "cv roc auc": round(m.cv_roc_auc_, 4),
            "holdout roc auc": round(m.holdout_roc_auc_, 4),
            "brier score": round(m.brier_, 4),
            "features used": list(m.features_),
            "features judged together": [" + ".join(g) for g in m.groups_ if len(g) > 1],
            **({"subsample": m.sample_words()} if m.sample_words() else {}),
            "reasons from": [d.label for d in self.used_drivers],
            "backtest": self.backtest.card() if self.backtest else self.backtest_note,
        }


def labelled_window(
    catalog: Catalog,
    target: ChurnTarget,
    where: exp.Expr | None,
    start: dt.date,
    later: pd.DataFrame,
    frames: FrameMemo | None = None,
) -> tuple[pd.DataFrame, Any, pd.DataFrame, dict[str, str]]:
    """(customers active on `start` with their features then, churned by the date of `later` (0/1), the
    whole frame on `start`, derived feature words); `later` is a `customer_frame` at the later date
    (`frames`: the fit's frames by date, so that one date is read once)."""
    then = (frames or FrameMemo(catalog, target, where))(start)
    whole = then.frame
    active = whole[~whole[TARGET]].reset_index(drop=True)
    outcome = later.set_index(ROW)[TARGET].reindex(active[ROW]).fillna(False).to_numpy().astype(int)
    return active, outcome, whole, then.derived


def fit_forward(
    catalog: Catalog,
    target: ChurnTarget,
    where: exp.Expr | None,
    cut: dt.date | None,
    current: pd.DataFrame,
    words: dict[str, str],
    money: set[str],
    params: dict[str, Any],
    horizon: Horizon | None = None,
    frames: FrameMemo | None = None,
) -> tuple[Forward | None, str]:
    """The forward model as of `cut` scoring the rows of `current` (the churn fit's frame at `cut`) for the
    next `horizon` days (default: HORIZON_DAYS), or (None, why the at-risk list stays cross-sectional)."""
    if cut is None:
        return None, "cross-sectional: the data has no dates"
    if find_time(catalog.model.tables[target.table], CHURN_DATE_NAMES) is None:
        return None, "cross-sectional: the data has no churn dates, so who churned when is unknown"
    horizon = horizon or Horizon(HORIZON_DAYS)
    days = horizon.days
    start = cut - dt.timedelta(days=days)
    frames = frames or FrameMemo(catalog, target, where)
    train, y, whole, derived = labelled_window(catalog, target, where, start, current, frames)
    churned = int(y.sum())
    if len(train) < MIN_MODEL_ROWS or min(churned, len(train) - churned) < MIN_MODEL_CLASS:
        return None, (
            f"cross-sectional: {len(train):,} customers were active on {start.isoformat()} and {churned:,} of "
            f"them churned by {cut.isoformat()}, too few for a model of churn in the next {days} days"
        )
    plan = plan_features(catalog, target, train, list(derived))
    if not plan.features:
        return None, "cross-sectional: no usable features on the earlier date"
    model = ChurnModel(**params).fit(train[plan.features], y)
    proba = model.predict_proba(current)
    labelled = train.assign(**{TARGET: y.astype(bool)})
    drivers = describe_drivers(labelled, model.importances_, words=words, money=money, groups=model.groups_)
    for d in drivers:
        d.members = d.members_in(current)
        d.horizon = days
    forward = Forward(days, start, cut, len(train), churned, model, proba, drivers, plan=plan)
    forward.frame, forward.horizon_why = labelled, horizon.why
    forward.backtest, forward.backtest_note = _backtest(
        catalog, target, where, start, whole, train, y, model, params, words, days, frames
    )
    return forward, ""


def _backtest(
    catalog: Catalog,
    target: ChurnTarget,
    where: exp.Expr | None,
    start: dt.date,
    whole: pd.DataFrame,
    scored: pd.DataFrame,
    outcome: Any,
    model: ChurnModel,
    params: dict[str, Any],
    words: dict[str, str],
    days: int,
    frames: FrameMemo | None = None,
) -> tuple[Backtest | None, str]:
    """The forward design one horizon (`days`) earlier: trained on those active on `start - H` (churned by
    `start`), scoring those active on `start` (`scored`), compared with who churned by the as-of date
    (`outcome`). Bounded as the model is: fitted on a stratified sample of at most `max_fit_rows` of the
    training customers and judged on one of at most `max_holdout_rows` of the scored ones (both stated in
    the card)."""
    import numpy as np
    from sklearn.metrics import roc_auc_score

    earlier = start - dt.timedelta(days=days)
    train, y, _, _ = labelled_window(catalog, target, where, earlier, whole, frames)
    churned = int(y.sum())
    if len(train) < MIN_MODEL_ROWS or min(churned, len(train) - churned) < MIN_MODEL_CLASS:
        return None, (
            f"no backtest: {len(train):,} customers were active on {earlier.isoformat()} and {churned:,} of them "
            f"churned by {start.isoformat()}, too few to fit the model one horizon earlier"
        )
    if outcome.sum() < 10 or outcome.sum() == len(outcome):
        return (
            None,
            f"no backtest: only {int(outcome.sum())} of {len(outcome):,} customers churned in the window",
        )
    fresh = ChurnModel(**params)
    total_train, total_scored = len(train), len(scored)
    fit_idx = fresh._subset(np.arange(total_train), y, fresh.max_fit_rows)
    train, y = train.iloc[fit_idx], y[fit_idx]
    kept = fresh._subset(np.arange(total_scored), outcome, fresh.max_holdout_rows)
    scored, outcome = scored.iloc[kept], outcome[kept]
    features = [c for c in model.features_ if c in train and train[c].nunique(dropna=True) >= 2]
    ranker = fresh.fit_ranker(train[features], y, model.best_name_)
    score = ranker.predict_proba(fresh._rows(scored[features], np.arange(len(scored))))[:, 1]
    best, best_auc, best_score = "", -1.0, None
    for column in features:
        s, train_auc = single_feature_scores(train, y, scored, column)
        if train_auc > best_auc:
            best, best_auc, best_score = column, train_auc, s
    return (
        Backtest(
            start,
            start + dt.timedelta(days=days),
            len(scored),
            int(outcome.sum()),
            float(roc_auc_score(outcome, score)),
            top_decile_lift(outcome, score),
            words.get(best, best),
            float(roc_auc_score(outcome, best_score)) if best_score is not None else 0.5,
            top_decile_lift(outcome, best_score) if best_score is not None else 1.0,
            trained_from=earlier,
            active=total_scored,
            fit_rows=len(fit_idx) if len(fit_idx) < total_train else 0,
        ),
        "",
    )
