"""Churn: rates, a calibrated churn model, drivers in plain words, and the at-risk list.

The model is built from the semantic model: identifiers, the target, dates and leakage columns (churn
dates, cancellation reasons, anything recorded after churn) are excluded; tenure and features of related
tables (orders, tickets, feedback per customer) are added (`churn_features`); text dimensions are
one-hot encoded, measures imputed and scaled, flags kept as 0/1. LogisticRegression and
HistGradientBoostingClassifier are compared by stratified 5-fold ROC-AUC, the better one is calibrated
(`CalibratedClassifierCV`), and grouped permutation importance on held-out rows ranks the drivers
(correlated features, such as a plan and its fee, are shuffled together and share one importance). A
backtest fits the model as of an earlier date and scores who churned since, next to the best single
feature and the overall rate. Fitted models are cached per data fingerprint and as-of date, in memory and
on disk (`model_cache`), so the next question and `cra report` do not refit.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from analytics import model_cache
from analytics.churn_features import (
    ROW,
    TARGET,
    CustomerFrame,
    analysis_date,
    customer_frame,
    frame_of,
    row_source,
)
from analytics.metrics import with_groups
from analytics.queries import data_key, fetch_one, quote, table_ref
from catalog.churn_target import CHURN_DATE_NAMES, LEAKAGE_NAMES, ChurnTarget, find_churn_target
from catalog.entities import SIGNUP_NAMES, find_time, is_identifier, is_time, key_column
from catalog.semantic import Role
from catalog.transactions import Transactions
from catalog.trees import from_template

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from analytics.churn_forward import Forward, Horizon
    from catalog import Catalog

MAX_CATEGORIES = 50
"""Text columns with more distinct values than this (and not a small share of rows) are names, not features."""
MIN_GROUP_SHARE = 0.03
"""A driver group must hold at least this share of customers to be worth a sentence."""
GAP_QUANTILE = 0.9
"""Derived churn: no purchase for longer than this quantile of inter-purchase gaps means churned."""


# ---------------------------------------------------------------------------------------------------- model
class ChurnModel:
    """Compare logistic regression and gradient boosting, keep the better, calibrate it.

    `fit(X, y)` takes a DataFrame of features (numeric columns are scaled, others one-hot encoded).
    """

    estimator_key_: str = ""
    """The model cache entry holding the fitted estimator (pickles of the model leave it out)."""

    def __init__(
        self,
        *,
        cv: int = 5,
        holdout: float = 0.2,
        max_compare_rows: int = 10_000,
        max_fit_rows: int = 50_000,
        max_holdout_rows: int = 50_000,
        max_importance_rows: int = 10_000,
        n_repeats: int = 5,
        n_threads: int | None = 1,
        group_threshold: float = 0.7,
        random_state: int = 0,
    ) -> None:
        self.cv = cv
        self.holdout = holdout
        self.max_compare_rows = max_compare_rows
        self.max_fit_rows = max_fit_rows
        self.max_holdout_rows = max_holdout_rows
        self.max_importance_rows = max_importance_rows
        self.n_repeats = n_repeats
        self.n_threads = n_threads
        self.group_threshold = group_threshold
        self.random_state = random_state

    def _candidates(self, numeric: list[str], categorical: list[str]) -> dict[str, Any]:
        from sklearn.compose import ColumnTransformer
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.impute import SimpleImputer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import OneHotEncoder, StandardScaler

        def prep() -> Any:
            return ColumnTransformer(
                [
                    ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
                    (
                        "cat",
                        make_pipeline(
                            SimpleImputer(strategy="constant", fill_value="(missing)"),
                            OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                        ),
                        categorical,
                    ),
                ]
            )

        return {
            "logistic regression": make_pipeline(prep(), LogisticRegression(max_iter=2000)),
            "gradient boosting": make_pipeline(
                prep(),
                HistGradientBoostingClassifier(
                    learning_rate=0.08,
                    max_iter=120,
                    max_leaf_nodes=15,
                    min_samples_leaf=40,
                    l2_regularization=1.0,
                    early_stopping=True,
                    validation_fraction=0.15,
                    n_iter_no_change=10,
                    random_state=self.random_state,
                ),
            ),
        }

    def _subset(self, idx: np.ndarray, y: np.ndarray, n: int) -> np.ndarray:
        """At most n of the positions `idx`, stratified by y."""
        if len(idx) <= n:
            return idx
        import numpy as np
        from sklearn.model_selection import train_test_split

        if len(idx) >= FAST_SAMPLE_ROWS:
            return stratified_sample(idx, y[idx], n, self.random_state)
        kept, _ = train_test_split(idx, train_size=n, stratify=y[idx], random_state=self.random_state)
        return np.sort(kept)

    def _rows(self, X: pd.DataFrame, idx: np.ndarray) -> pd.DataFrame:
        """Rows of X with text columns as plain strings ("(missing)" for nulls), as the encoders want."""
        import pandas as pd

        rows = X.iloc[idx] if len(idx) < len(X) else X
        rows = rows.copy()
        for c in self.categorical_:
            if rows[c].isna().any() or not pd.api.types.is_string_dtype(rows[c]):
                rows[c] = rows[c].astype("object").where(rows[c].notna(), "(missing)").astype(str)
        return rows

    def fit(self, X: pd.DataFrame, y: Any) -> ChurnModel:
        """Learn the model; sets scores, the calibrated estimator and held-out permutation importances."""
        import sklearn.ensemble  # noqa: F401  (loads OpenMP so that the limit below applies to it)
        from threadpoolctl import threadpool_limits

        # OpenMP threads fight each other on busy machines and small fits: one thread (the default) is far
        # faster there; n_threads=None lets OpenMP use every core.
        with threadpool_limits(limits=self.n_threads):
            return self._fit(X, y)

    def _fit(self, X: pd.DataFrame, y: Any) -> ChurnModel:
        import numpy as np
        import pandas as pd
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.metrics import brier_score_loss, roc_auc_score
        from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split

        y = np.asarray(y).astype(int)
        if len(np.unique(y)) != 2 or min(np.bincount(y)) < self.cv:
            raise ValueError(
                "need churned and retained customers (at least one per fold) to fit a churn model"
            )
        numeric = [c for c in X.columns if pd.api.types.is_numeric_dtype(X[c])]
        categorical = [c for c in X.columns if c not in numeric]
        self.numeric_, self.categorical_ = numeric, categorical
        self.n_rows_, self.base_rate_ = len(X), float(y.mean())
        everyone = np.arange(len(X))

        # model comparison: stratified k-fold ROC-AUC on (a subsample of) all rows
        compare = self._subset(everyone, y, self.max_compare_rows)
        Xc, yc = self._rows(X, compare), y[compare]
        folds = StratifiedKFold(n_splits=self.cv, shuffle=True, random_state=self.random_state)
        self.cv_scores_ = {
            name: float(cross_val_score(pipe, Xc, yc, cv=folds, scoring="roc_auc").mean())
            for name, pipe in self._candidates(numeric, categorical).items()
        }
        self.compare_rows_ = len(compare)
        self.best_name_ = max(self.cv_scores_, key=lambda k: self.cv_scores_[k])
        self.cv_roc_auc_ = self.cv_scores_[self.best_name_]

        # final model on the training part, scored and explained on held-out rows
        large = len(X) >= FAST_SAMPLE_ROWS and len(X) * self.holdout > self.max_holdout_rows
        if large and len(X) * (1 - self.holdout) > self.max_fit_rows:
            # both parts would be thinned: draw the held-out sample, then the fit sample from the rest
            test = stratified_sample(everyone, y, self.max_holdout_rows, self.random_state)
            rest = np.setdiff1d(everyone, test, assume_unique=True)
            fit_idx = stratified_sample(rest, y[rest], self.max_fit_rows, self.random_state + 1)
        else:
            train, test = train_test_split(
                everyone, test_size=self.holdout, stratify=y, random_state=self.random_state
            )
            fit_idx = self._subset(train, y, self.max_fit_rows)
            test = self._subset(test, y, self.max_holdout_rows)
        self.fit_rows_ = len(fit_idx)
        best = self._candidates(numeric, categorical)[self.best_name_]
        # ensemble=False: one model refitted on all fit rows, calibrated on 3-fold out-of-fold predictions
        self.estimator_ = CalibratedClassifierCV(best, method="sigmoid", cv=3, ensemble=False).fit(
            self._rows(X, fit_idx), y[fit_idx]
        )
        X_test, y_test = self._rows(X, test), y[test]
        proba = self.estimator_.predict_proba(X_test)[:, 1]
        self.holdout_rows_ = len(test)
        self.holdout_roc_auc_ = float(roc_auc_score(y_test, proba))
        self.brier_ = float(brier_score_loss(y_test, proba))
        imp_idx = self._subset(np.arange(len(test)), y_test, self.max_importance_rows)
        self.importance_rows_ = len(imp_idx)
        ranker = self.estimator_.calibrated_classifiers_[0].estimator  # the uncalibrated model: same ranking
        self.groups_ = feature_groups(X.iloc[fit_idx], self.group_threshold, self.random_state)
        repeats = self.n_repeats if len(imp_idx) <= 5000 else min(self.n_repeats, 3)
        self.group_importances_ = grouped_permutation_importance(
            ranker, X_test.iloc[imp_idx], y_test[imp_idx], self.groups_, repeats, self.random_state
        )
        per_feature = {c: self.group_importances_[i] for i, g in enumerate(self.groups_) for c in g}
        order = sorted(X.columns, key=lambda c: -per_feature[c])
        self.importances_ = pd.Series([per_feature[c] for c in order], index=order)
        self.features_ = list(X.columns)
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Calibrated churn probability per row."""
        import numpy as np
        from threadpoolctl import threadpool_limits

        X = self._rows(X[self.features_], np.arange(len(X)))
        if not hasattr(self, "estimator_"):  # read from the model cache without it
            estimator = model_cache.read(self.estimator_key_) if self.estimator_key_ else None
            if estimator is None:
                raise LookupError("the fitted churn estimator is no longer cached; ask again to refit")
            self.estimator_ = estimator

        with threadpool_limits(limits=self.n_threads):
            return self.estimator_.predict_proba(X)[:, 1]

    def fit_ranker(self, X: pd.DataFrame, y: Any, name: str) -> Any:
        """One uncalibrated candidate (`name`) fitted on all rows: for ranking only (the backtest)."""
        import numpy as np
        import pandas as pd
        import sklearn.ensemble  # noqa: F401
        from threadpoolctl import threadpool_limits

        self.numeric_ = [c for c in X.columns if pd.api.types.is_numeric_dtype(X[c])]
        self.categorical_ = [c for c in X.columns if c not in self.numeric_]
        with threadpool_limits(limits=self.n_threads):
            pipe = self._candidates(self.numeric_, self.categorical_)[name]
            return pipe.fit(self._rows(X, np.arange(len(X))), np.asarray(y).astype(int))

    def sample_words(self) -> str:
        """The stratified samples the fit used, in words ("" when every row was used at every step)."""
        parts = []
        if self.compare_rows_ < self.n_rows_:
            parts.append(f"model comparison on {self.compare_rows_:,}")
        if self.fit_rows_ < self.n_rows_ * (1 - self.holdout) - 1:
            parts.append(f"final fit on {self.fit_rows_:,}")
        if self.holdout_rows_ < self.n_rows_ * self.holdout - 1:
            parts.append(f"held-out scoring on {self.holdout_rows_:,}")
        if getattr(self, "importance_rows_", self.holdout_rows_) < self.holdout_rows_:
            parts.append(f"permutation importance on {self.importance_rows_:,} of the held-out rows")
        if parts:
            return f"stratified samples of the {self.n_rows_:,} rows: " + ", ".join(parts)
        return ""

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the estimator (kept in its own cache entry): answers need only the results."""
        state = dict(self.__dict__)
        state.pop("estimator_", None)
        return state


FAST_SAMPLE_ROWS = 100_000
"""From this many rows, stratified samples are drawn with numpy (`stratified_sample`): scikit-learn's
split validates and sorts the whole index, seconds at millions of rows. Below it scikit-learn draws them,
so results on smaller data stay as they were."""


def stratified_sample(idx: np.ndarray, labels: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """n of the positions `idx` (sorted), each label's share as in `labels` (largest remainders)."""
    import numpy as np

    values, codes = np.unique(labels, return_inverse=True)
    counts = np.bincount(codes, minlength=len(values))
    exact = counts * n / len(idx)
    take = np.floor(exact).astype(int)
    take[np.argsort(-(exact - take), kind="stable")[: n - int(take.sum())]] += 1
    rng = np.random.default_rng(seed)
    kept = [rng.choice(idx[codes == k], size=int(take[k]), replace=False) for k in range(len(values))]
    return np.sort(np.concatenate(kept))


def _codes(series: pd.Series) -> tuple[Any, bool]:
    """(values for association, is categorical): ranks of numbers, integer codes of categories."""
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        filled = series.astype(float).fillna(series.astype(float).median())
        return filled.rank().to_numpy(), False
    codes, _ = pd.factorize(series.astype("object").where(series.notna(), "(missing)"))
    return codes, True


def association(a: Any, a_cat: bool, b: Any, b_cat: bool) -> float:
    """|Spearman| of two numbers, the correlation ratio of a number by a category, Cramer's V of two
    categories: 0 (unrelated) .. 1 (one determines the other)."""
    import numpy as np

    if not a_cat and not b_cat:
        if a.std() == 0 or b.std() == 0:
            return 0.0
        return float(abs(np.corrcoef(a, b)[0, 1]))
    if a_cat and b_cat:
        table = np.zeros((a.max() + 1, b.max() + 1))
        np.add.at(table, (a, b), 1)
        expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / table.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            chi2 = np.nansum(np.where(expected > 0, (table - expected) ** 2 / expected, 0.0))
        k = min(table.shape) - 1
        return float(np.sqrt(chi2 / (table.sum() * k))) if k > 0 else 0.0
    cat, num = (a, b) if a_cat else (b, a)
    total = ((num - num.mean()) ** 2).sum()
    if total == 0:
        return 0.0
    counts = np.bincount(cat)
    sums = np.bincount(cat, weights=num)
    with np.errstate(divide="ignore", invalid="ignore"):
        means = np.where(counts > 0, sums / np.maximum(counts, 1), 0.0)
    between = (counts * (means - num.mean()) ** 2).sum()
    return float(np.sqrt(between / total))


def feature_groups(
    X: pd.DataFrame, threshold: float = 0.7, random_state: int = 0, rows: int = 5000
) -> list[list[str]]:
    """Features that go together (every pair associated at `threshold` or more: complete linkage), so
    their importance is judged together; singletons for the rest. Order: X's column order."""
    import numpy as np

    columns = list(X.columns)
    if len(columns) < 2:
        return [columns] if columns else []
    sample = X.sample(n=rows, random_state=random_state) if len(X) > rows else X
    coded = [_codes(sample[c]) for c in columns]
    k = len(columns)
    distance = np.zeros((k, k))
    for i in range(k):
        for j in range(i + 1, k):
            # an association a rounding above 1 (Cramer's V of two copies) would be a negative distance
            distance[i, j] = distance[j, i] = min(max(1.0 - association(*coded[i], *coded[j]), 0.0), 1.0)
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    labels = fcluster(linkage(squareform(distance, checks=False), "complete"), 1 - threshold, "distance")
    groups: dict[int, list[str]] = {}
    for column, label in zip(columns, labels, strict=True):
        groups.setdefault(int(label), []).append(column)
    return list(groups.values())


def grouped_permutation_importance(
    estimator: Any,
    X: pd.DataFrame,
    y: Any,
    groups: list[list[str]],
    n_repeats: int = 5,
    random_state: int = 0,
) -> list[float]:
    """Per group: mean drop in ROC-AUC when the group's columns are shuffled together (same permutation).

    For a pipeline of a column transformer (per-value imputing, scaling, one-hot encoding) and a
    classifier, the rows are transformed once and the group's output columns shuffled: the same numbers
    as shuffling the input columns, without transforming again for every repeat."""
    import numpy as np
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(random_state)
    shortcut = _transformed(estimator, X)
    if shortcut is not None:
        Xt, columns, model = shortcut
        base = roc_auc_score(y, model.predict_proba(Xt)[:, 1])
        out = []
        for group in groups:
            cols = [i for c in group for i in columns[c]]
            drops = []
            for _ in range(n_repeats):
                shuffled = Xt.copy()
                shuffled[:, cols] = Xt[rng.permutation(len(Xt))][:, cols]
                drops.append(base - roc_auc_score(y, model.predict_proba(shuffled)[:, 1]))
            out.append(float(np.mean(drops)))
        return out
    base = roc_auc_score(y, estimator.predict_proba(X)[:, 1])
    out = []
    for group in groups:
        drops = []
        for _ in range(n_repeats):
            shuffled = X.copy()
            order = rng.permutation(len(X))
            for c in group:
                shuffled[c] = X[c].to_numpy()[order]
            drops.append(base - roc_auc_score(y, estimator.predict_proba(shuffled)[:, 1]))
        out.append(float(np.mean(drops)))
    return out


def _transformed(estimator: Any, X: pd.DataFrame) -> tuple[Any, dict[str, list[int]], Any] | None:
    """(transformed rows, input column -> its output columns, the classifier) for a (ColumnTransformer,
    classifier) pipeline whose outputs map one-to-one onto its inputs; None otherwise."""
    import numpy as np

    steps = getattr(estimator, "steps", None)
    if not steps or len(steps) != 2:
        return None
    prep, model = steps[0][1], steps[1][1]
    if not hasattr(prep, "transformers_") or not hasattr(prep, "output_indices_"):
        return None
    columns: dict[str, list[int]] = {}
    for name, transformer, cols in prep.transformers_:
        if name == "remainder" or len(cols) == 0:
            continue
        start = prep.output_indices_[name].start
        last = transformer.steps[-1][1] if hasattr(transformer, "steps") else transformer
        widths = [len(c) for c in last.categories_] if hasattr(last, "categories_") else [1] * len(cols)
        if len(widths) != len(cols):
            return None
        for col, width in zip(cols, widths, strict=True):
            columns[col] = list(range(start, start + width))
            start += width
        if start != prep.output_indices_[name].stop:  # a column dropped (all missing): do not guess
            return None
    Xt = np.asarray(prep.transform(X), dtype=float)
    if set(columns) != set(X.columns) or sum(len(v) for v in columns.values()) != Xt.shape[1]:
        return None
    return Xt, columns, model


# ---------------------------------------------------------------------------------------------------- data
@dataclass
class FeaturePlan:
    """Which columns of the customers table feed the model, and why the others do not."""

    features: list[str]
    excluded: dict[str, str]
    """Column -> reason ("identifier", "target", "leakage", "date", "free text")."""


def plan_features(
    catalog: Catalog, target: ChurnTarget, frame: pd.DataFrame, derived: Sequence[str] = ()
) -> FeaturePlan:
    """Choose model features from the semantic model, excluding identifiers, dates and leakage; `derived`
    columns of the frame (tenure, related-table features) join them unless constant."""

    table = catalog.model.tables[target.table]
    features: list[str] = []
    excluded: dict[str, str] = {}
    for col in table.columns.values():
        name = col.name
        reason = _never_a_feature(table, col, target) or _uninformative(frame[name])
        if reason:
            excluded[name] = reason
        else:
            features.append(name)
    for name in derived:
        if name not in frame or name in features:
            continue
        if frame[name].nunique(dropna=True) < 2:
            excluded[name] = "constant"
        else:
            features.append(name)
    return FeaturePlan(features, excluded)


def _never_a_feature(table: Any, col: Any, target: ChurnTarget) -> str | None:
    """Why the semantic model alone rules a column of the customers table out as a feature, or None."""
    if col.name == target.column:
        return "target"
    if is_identifier(table, col) or col.role == Role.FOREIGN_KEY:
        return "identifier"
    if is_time(col):
        return "date (recorded over time)"
    if LEAKAGE_NAMES.search(col.name):
        return "leakage (recorded at or after churn)"
    if col.role in (Role.TEXT, Role.OTHER):
        return "free text"
    return None


def _uninformative(values: pd.Series) -> str | None:
    """Why a column's values make it no feature (one value; more distinct text values than categories
    and than 5% of rows: names), or None."""
    import pandas as pd

    distinct = values.nunique(dropna=True)
    if distinct < 2:
        return "constant"
    if (
        not pd.api.types.is_numeric_dtype(values)
        and distinct > MAX_CATEGORIES
        and distinct > 0.05 * len(values)
    ):
        return "free text or names"
    return None


def feature_candidates(catalog: Catalog, target: ChurnTarget) -> list[str]:
    """Columns of the customers table that may become features (`plan_features` decides on the data):
    the earlier dates' frames read only these, not names, emails or dates."""
    table = catalog.model.tables[target.table]
    return [c.name for c in table.columns.values() if _never_a_feature(table, c, target) is None]


def _coerce_numeric_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns whose non-blank values are all numbers become numbers (Telco's TotalCharges)."""
    import pandas as pd

    for c in frame.columns:
        if (
            c in (TARGET, ROW)
            or pd.api.types.is_numeric_dtype(frame[c])
            or pd.api.types.is_bool_dtype(frame[c])
        ):
            continue
        if not (pd.api.types.is_string_dtype(frame[c]) or frame[c].dtype == object):
            continue
        probe = frame[c].dropna().head(2000).astype("string").str.strip()
        probe = probe[probe != ""]
        if (
            len(probe) == 0
            or pd.to_numeric(probe, errors="coerce").notna().mean() < 0.99
            or probe.nunique() <= 10
        ):
            continue
        text = frame[c].astype("string").str.strip().replace("", pd.NA)
        nums = pd.to_numeric(text, errors="coerce")
        present = text.notna()
        if nums[present].notna().mean() >= 0.99:
            frame[c] = nums.astype(float)
    for c in frame.columns:
        if pd.api.types.is_bool_dtype(frame[c]) and c != TARGET:
            frame[c] = frame[c].astype(float)
    return frame


# ---------------------------------------------------------------------------------------------------- drivers
@dataclass
class Driver:
    """One reason customers churn, with the observed rates that make it readable."""

    column: str
    importance: float
    label: str
    """The high-risk group in words: "contract is Month-to-month", "tenure of 9 or less", "with paperless
    billing"."""
    rate_in: float
    rate_out: float
    share: float
    members: Any = field(repr=False, default=None)
    """Boolean array over the frame's rows: who is in the group."""
    lead: str = "Customers with"
    """How the sentence introduces the group ("Customers whose", "Customers with", "Customers")."""
    columns: tuple[str, ...] = ()
    """Every feature judged together with `column` (correlated features share one importance)."""
    rule: tuple[str, Any] | tuple[()] = ()
    """Who is in the group, to find the members in another frame: ("low", x) values <= x, ("high", x)
    values >= x, ("value", v) equal to v (None: missing)."""
    horizon: int = 0
    """Forward design: the rates are of churning within this many days (0: of having churned)."""

    def members_in(self, frame: pd.DataFrame) -> Any:
        """Boolean array over `frame`'s rows: who is in the group (by `rule`)."""
        import numpy as np

        series = frame[self.column]
        kind, value = self.rule or ("", None)
        if kind == "low":
            return (series <= value).to_numpy()
        if kind == "high":
            return (series >= value).to_numpy()
        if kind == "value" and value is None:
            return series.isna().to_numpy()
        if kind == "value":
            return (series == value).fillna(False).to_numpy().astype(bool)
        return np.zeros(len(frame), dtype=bool)

    @property
    def lift(self) -> float:
        return self.rate_in / self.rate_out if self.rate_out > 0 else math.inf

    def sentence(self) -> str:
        lift = f"{self.lift:.1f}x" if math.isfinite(self.lift) else "all churn"
        within = f" within {self.horizon} days" if self.horizon else ""
        return (
            f"{self.lead} {self.label} churn{within} at {self.rate_in:.1%} vs {self.rate_out:.1%} "
            f"for the rest ({lift})."
        )


GROUP_WORDS: dict[str, tuple[str, str]] = {
    "low": ("Customers with", "{words} of {value} or less"),
    "high": ("Customers with", "{words} of {value} or more"),
    "value": ("Customers whose", "{words} is {value}"),
    "yes": ("Customers", "with {words}"),
    "no": ("Customers", "without {words}"),
}
"""Group kind -> (sentence lead, label template)."""
YES_VALUES = {"yes", "true", "1", "1.0", "y"}
NO_VALUES = {"no", "false", "0", "0.0", "n"}


def _fmt_number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:,.2f}"


def _group(kind: str, words: str, value: Any = "") -> tuple[str, str]:
    lead, template = GROUP_WORDS[kind]
    return lead, template.format(words=words, value=value)


def _groups(
    series: pd.Series, words: str, money: bool = False
) -> list[tuple[str, str, Any, tuple[str, Any]]]:
    """Candidate groups of one column as (lead, label, members, rule): lower and upper quartiles of a
    measure, with / without for a yes-no flag, else each value."""
    import numpy as np
    import pandas as pd

    if pd.api.types.is_numeric_dtype(series) and series.nunique(dropna=True) > 2:
        lo, hi = series.quantile(0.25), series.quantile(0.75)
        unit = "$" if money else ""
        return [
            (*_group("low", words, unit + _fmt_number(lo)), (series <= lo).to_numpy(), ("low", lo)),
            (*_group("high", words, unit + _fmt_number(hi)), (series >= hi).to_numpy(), ("high", hi)),
        ]
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    values = ["(missing)" if i < 0 else uniques[i] for i in range(-1, len(uniques))]
    counts = np.bincount(codes + 1, minlength=len(values))
    present = [i for i in np.argsort(-counts, kind="stable")[:MAX_CATEGORIES] if counts[i] > 0]
    distinct = {str(values[i]).lower() for i in present}
    yes_no = len(distinct) == 2 and distinct <= YES_VALUES | NO_VALUES
    groups = []
    for i in present:
        value = values[i]
        if yes_no:
            lead, label = _group("yes" if str(value).lower() in YES_VALUES else "no", words)
        else:
            lead, label = _group("value", words, _fmt_number(value) if isinstance(value, float) else value)
        groups.append((lead, label, codes == i - 1, ("value", None if i == 0 else value)))
    return groups


def _known_true(mask: Any) -> Any:
    """A rule's rows as plain booleans: rows whose value is missing (pandas NA) do not match it."""
    import pandas as pd

    return pd.Series(mask, dtype="object").fillna(False).astype(bool).to_numpy()


def describe_drivers(
    frame: pd.DataFrame,
    importances: pd.Series,
    top: int = 8,
    words: dict[str, str] | None = None,
    money: set[str] | None = None,
    groups: Sequence[Sequence[str]] | None = None,
) -> list[Driver]:
    """For the most important features (or groups of features judged together), the group of customers
    with the highest churn rate vs the rest: one driver per feature group, most important first.

    `words` maps column names to display words ("MonthlyCharges" -> "monthly charges"); thresholds of the
    `money` columns get a currency symbol.
    """
    y = frame[TARGET].to_numpy().astype(bool)
    if groups is None:
        groups = [[str(c)] for c in importances.index]
    known = [[c for c in g if c in importances.index and c in frame] for g in groups]
    ranked = sorted((g for g in known if g), key=lambda g: -max(float(importances[c]) for c in g))
    drivers: list[Driver] = []
    for group in ranked:
        if len(drivers) >= top:
            break
        importance = max(float(importances[c]) for c in group)
        best: Driver | None = None
        for column in group:
            name = (words or {}).get(str(column)) or str(column)
            for lead, label, said, rule in _groups(frame[column], name, str(column) in (money or set())):
                mask = _known_true(said)  # a blank value (NA) is in neither group's side of the rule
                share = float(mask.mean())
                if share < MIN_GROUP_SHARE or share > 1 - MIN_GROUP_SHARE:
                    continue
                d = Driver(
                    str(column),
                    importance,
                    label,
                    float(y[mask].mean()),
                    float(y[~mask].mean()),
                    share,
                    mask,
                    lead,
                    tuple(str(c) for c in group),
                    rule,
                )
                if best is None or d.rate_in - d.rate_out > best.rate_in - best.rate_out:
                    best = d
        if best is not None and best.rate_in > best.rate_out:
            drivers.append(best)
    return drivers


# ---------------------------------------------------------------------------------------------------- fitting
@dataclass
class ChurnFit:
    """A fitted churn model on one table, with everything the answers need."""

    target: ChurnTarget
    key: str | None
    frame: pd.DataFrame
    plan: FeaturePlan
    model: ChurnModel
    scores: np.ndarray | None
    """The cross-sectional model's probability per row of `frame`, or None until first asked for (`proba`):
    with a forward model no answer reads it, so the fit does not score every customer twice."""
    drivers: list[Driver]
    ranked: np.ndarray | None = None
    """Positions of customers not yet churned, most likely to churn first (filled on first use)."""
    as_of: dt.date | None = None
    """The date the model is true as of (features and churn flags cut there); None without dates."""
    words: dict[str, str] = field(default_factory=dict)
    """Feature -> display words, including derived features ("tenure in months")."""
    backtest: Backtest | None = None
    backtest_note: str = ""
    """Why there is no backtest, when there is none."""
    forward: Forward | None = None
    """The model of churn in the next days that ranks the at-risk list (None: the list is cross-sectional)."""
    forward_note: str = ""
    """Why the at-risk list is cross-sectional, when it is."""
    sample: str = ""
    """How the customers were drawn when the model read a sample of them ("" when it read all)."""
    horizon: Horizon | None = None
    """Days ahead the forward model and the backtests look, and why that many."""

    @property
    def used_drivers(self) -> list[Driver]:
        """Drivers whose features the model uses (shuffling them lowers its ROC-AUC)."""
        return [d for d in self.drivers if d.importance > 0]

    @property
    def proba(self) -> np.ndarray:
        """Per row of `frame`: the cross-sectional model's calibrated probability of having churned."""
        if self.scores is None:
            self.scores = self.model.predict_proba(self.frame)
        return self.scores

    @property
    def risk(self) -> np.ndarray:
        """Per row of `frame`: the at-risk score (churn in the next days when `forward`, else the
        cross-sectional probability)."""
        return self.forward.proba if self.forward is not None else self.proba

    @property
    def reason_drivers(self) -> list[Driver]:
        """The drivers at-risk reasons come from: those the ranking model uses."""
        return self.forward.used_drivers if self.forward is not None else self.used_drivers

    @property
    def design(self) -> str:
        """How "what drives churn?" is answered: "forward" (drivers of churning within the horizon among
        the customers active at the cut, features as known then) or "cross-sectional" (drivers of who has
        churned by the as-of date, features partly caused by churning; only without a forward model)."""
        return "forward" if self.forward is not None else "cross-sectional"

    @property
    def driver_model(self) -> ChurnModel:
        """The model whose importances rank the churn drivers."""
        return self.forward.model if self.forward is not None else self.model

    @property
    def explained_drivers(self) -> list[Driver]:
        """The drivers "what drives churn?" names: the forward model's when there is one."""
        return self.forward.drivers if self.forward is not None else self.drivers

    @property
    def explained_frame(self) -> pd.DataFrame:
        """The rows the drivers' rates are measured on (TARGET: churned within the horizon, or by as-of)."""
        if self.forward is not None and self.forward.frame is not None:
            return self.forward.frame
        return self.frame

    @property
    def explained_backtest(self) -> Backtest | None:
        return self.forward.backtest if self.forward is not None else self.backtest

    def design_words(self) -> str:
        """The design of the drivers answer in one clause, for the answer and its model card."""
        f = self.forward
        if f is None:
            why = self.forward_note.removeprefix("cross-sectional: ")
            when = (
                f"by {self.as_of.isoformat()} among all customers, with features as of that date"
                if self.as_of
                else "among all customers, with features as recorded"
            )
            return (
                f"cross-sectional: drivers of who has churned {when} (some are shaped by churning itself, "
                f"such as a short tenure), because {why}"
            )
        return (
            f"forward: drivers of churning within {f.horizon} days{self.horizon_why} among the {f.customers:,} "
            "customers active "
            f"on {f.start.isoformat()}, with features as known that day; {f.churned:,} of them churned by "
            f"{f.end.isoformat()}"
        )

    @property
    def horizon_why(self) -> str:
        """ " (the default 180 days shortened: ...)" when the horizon is not the plain default, else ""."""
        h = self.horizon
        return f" ({h.why})" if h is not None and h.chosen else ""

    def drivers_card(self) -> dict[str, Any]:
        """The model card of the drivers answer: the design first, then the model the drivers come from."""
        f = self.forward
        if f is None:
            return {"design": self.design_words(), **self.model_card()}
        card: dict[str, Any] = {
            "design": self.design_words(),
            "model": f.model.best_name_ + " (calibrated, sigmoid)",
            "target": f"{self.target.table}.{self.target.column} within {f.horizon} days",
            "horizon": f"{f.horizon} days ({f.horizon_why})",
            "as of": f.end.isoformat(),
            **_model_fields(f.model, f.plan.excluded if f.plan else {}),
            "backtest": f.backtest.card() if f.backtest else f.backtest_note,
            "cross-sectional model (who has churned by the as-of date)": {
                "model": self.model.best_name_,
                "rows used": self.model.n_rows_,
                "base rate": round(self.model.base_rate_, 4),
                "cv roc auc": round(self.model.cv_roc_auc_, 4),
                "backtest": self.backtest.card() if self.backtest else self.backtest_note,
            },
        }
        return card

    def model_card(self) -> dict[str, Any]:
        fields = _model_fields(self.model, self.plan.excluded)
        card = {
            "model": fields["model"],  # first, as before
            "target": f"{self.target.table}.{self.target.column}",
            "as of": self.as_of.isoformat() if self.as_of else "no dates in the data",
            **fields,
        }
        if self.sample:
            card["customers read"] = self.sample
        if self.horizon is not None and (self.forward is not None or self.backtest is not None):
            card["horizon"] = self.horizon.words
        card["backtest"] = self.backtest.card() if self.backtest else self.backtest_note
        card["at-risk model"] = self.forward.card() if self.forward else self.forward_note
        return card


def _model_fields(m: ChurnModel, excluded: dict[str, str]) -> dict[str, Any]:
    """A fitted model's part of a model card: scores, rows and features."""
    card = {
        "model": m.best_name_ + " (calibrated, sigmoid)",
        "rows used": m.n_rows_,
        "base rate": round(m.base_rate_, 4),
        "cv roc auc": round(m.cv_roc_auc_, 4),
        "cv folds": m.cv,
        f"candidates ({m.cv}-fold ROC-AUC)": {k: round(v, 4) for k, v in m.cv_scores_.items()},
        "holdout roc auc": round(m.holdout_roc_auc_, 4),
        "holdout rows": m.holdout_rows_,
        "fit rows": m.fit_rows_,
        "brier score": round(m.brier_, 4),
        "features used": list(m.features_),
        "features judged together": [" + ".join(g) for g in m.groups_ if len(g) > 1],
        "importance": "grouped permutation importance (drop in holdout ROC-AUC when a group is shuffled)",
        "features excluded": dict(excluded),
    }
    if m.sample_words():
        card["subsample"] = m.sample_words()
    return card


MIN_MODEL_ROWS = 100
"""A churn model needs at least this many customers ..."""
MIN_MODEL_CLASS = 20
"""... and this many churned and retained ones (a filter can leave too few)."""
BACKTEST_DAYS = 180
"""The backtest fits the model this many days before the as-of date and scores who churned in between (the
default; a fit uses its churn horizon, `churn_forward.choose_horizon`)."""


def fit_churn(
    catalog: Catalog,
    target: ChurnTarget | None = None,
    where: exp.Expr | None = None,
    as_of: dt.date | None = None,
    **params: Any,
) -> ChurnFit:
    """Fit (or fetch from the memory or disk cache) the churn model for the catalog's churn target as of
    the analysis date (`analysis_date(catalog, as_of)`), optionally on the customers passing `where` only
    (a condition over the target's table)."""

    target = target or find_churn_target(catalog)
    if target is None:
        raise LookupError("no churn flag found (a column named like churn, churned, attrition, status)")
    from analytics.churn_forward import choose_horizon

    cut = analysis_date(catalog, as_of)
    horizon = choose_horizon(catalog, cut)
    subset = where.sql(dialect="duckdb") if where is not None else ""
    parts = (
        data_key(catalog),
        f"{target.table}.{target.column}",
        subset,
        repr(sorted(params.items())),
        str(cut),
        f"horizon {horizon.words}",  # the days and why (a set 180 is said so, the default is not)
    )
    return model_cache.cached(
        "churn", parts, lambda: _fit_churn(catalog, target, where, cut, params, parts, horizon)
    )


def _fit_churn(
    catalog: Catalog,
    target: ChurnTarget,
    where: exp.Expr | None,
    cut: dt.date | None,
    params: dict[str, Any],
    parts: tuple[Any, ...],
    horizon: Horizon,
) -> ChurnFit:
    built = customer_frame(catalog, target, cut, where)
    frame = _coerce_numeric_text(built.frame)
    churned = int(frame[TARGET].sum())
    if len(frame) < MIN_MODEL_ROWS or min(churned, len(frame) - churned) < MIN_MODEL_CLASS:
        raise LookupError(
            f"only {len(frame):,} customers ({churned:,} churned) match, too few to model churn "
            f"(at least {MIN_MODEL_ROWS} with {MIN_MODEL_CLASS} churned and {MIN_MODEL_CLASS} retained)"
        )
    plan = plan_features(catalog, target, frame, list(built.derived))
    if not plan.features:
        raise LookupError("no usable features besides the churn flag")
    model = ChurnModel(**params).fit(frame[plan.features], frame[TARGET])
    model.estimator_key_ = model_cache.entry_key("churn-estimator", *parts)
    if model_cache.disk_enabled():
        model_cache.write(model.estimator_key_, model.estimator_)
    table = catalog.model.tables[target.table]
    words = {c.name: c.words for c in table.columns.values() if c.words} | built.derived
    money = money_columns(catalog, target.table) | built.money
    drivers = describe_drivers(frame, model.importances_, words=words, money=money, groups=model.groups_)
    fit = ChurnFit(target, key_column(table), frame, plan, model, None, drivers, as_of=cut, words=words)
    fit.sample = built.sample
    fit.horizon = horizon
    frames = FrameMemo(catalog, target, where)  # the backtest and the forward model share cut - horizon
    fit.backtest, fit.backtest_note = run_backtest(
        catalog, target, where, cut, fit, params, horizon.days, frames
    )
    from analytics.churn_forward import fit_forward

    try:
        fit.forward, fit.forward_note = fit_forward(
            catalog, target, where, cut, frame, words, money, params, horizon, frames
        )
    except (LookupError, ValueError) as e:  # the cross-sectional list still answers; the card says why
        fit.forward, fit.forward_note = None, f"cross-sectional: the forward model could not be fitted ({e})"
    if fit.forward is None:  # the cross-sectional model ranks the at-risk list: score every customer now
        fit.scores = model.predict_proba(frame)
    return fit


class FrameMemo:
    """`customer_frame` at a date, built once per fit (numeric text coerced) with the customers table's
    feature candidates only (its other columns are read at the as-of date alone, for the at-risk list):
    the cross-sectional backtest and the forward model both read the customers as of `as_of - horizon`."""

    def __init__(self, catalog: Catalog, target: ChurnTarget, where: exp.Expr | None) -> None:
        self.catalog, self.target, self.where = catalog, target, where
        self.built: dict[dt.date, CustomerFrame] = {}

    def __call__(self, day: dt.date) -> CustomerFrame:
        if day not in self.built:
            own = feature_candidates(self.catalog, self.target)
            built = customer_frame(self.catalog, self.target, day, self.where, own=own)
            built.frame = _coerce_numeric_text(built.frame)
            self.built[day] = built
        return self.built[day]


# ---------------------------------------------------------------------------------------------------- backtest
@dataclass
class Backtest:
    """The model fitted as of an earlier date, scored on who churned between then and the as-of date."""

    start: dt.date
    end: dt.date
    customers: int
    churned: int
    roc_auc: float
    top_decile_lift: float
    best_feature: str
    best_feature_roc_auc: float
    best_feature_lift: float
    trained_from: dt.date | None = None
    """Forward design: the model was trained on who, of the customers active on this day, churned by
    `start` (None: trained cross-sectionally as of `start`)."""
    active: int = 0
    """Customers active at the start; `customers` is a stratified sample of them when fewer (0: all)."""
    fit_rows: int = 0
    """Rows the backtest model was fitted on (a stratified sample of the customers known then; 0: all)."""

    @property
    def rate(self) -> float:
        return self.churned / self.customers if self.customers else 0.0

    @property
    def beats_best_feature(self) -> bool:
        return self.roc_auc > self.best_feature_roc_auc + 0.01

    def verdict(self) -> str:
        """One plain sentence: is the model worth more than its best single feature?"""
        fitted = (
            f"trained on who of the customers active on {self.trained_from.isoformat()} churned by "
            f"{self.start.isoformat()}"
            if self.trained_from
            else f"fitted as of {self.start.isoformat()}"
        ) + (f" (fitted on a stratified sample of {self.fit_rows:,} customers)" if self.fit_rows else "")
        head = (
            f"Backtest: {fitted}, the model ranked "
            + (
                f"a sample of {self.customers:,} of the {self.active:,} customers active on {self.start.isoformat()}"
                if self.active > self.customers
                else f"the {self.customers:,} customers active on {self.start.isoformat()}"
            )
            + f" by churn risk; {self.churned:,} churned by {self.end.isoformat()}: "
            f"ROC-AUC {self.roc_auc:.3f}, top-decile lift {self.top_decile_lift:.1f}x"
        )
        base = (
            f"{self.best_feature} alone (ROC-AUC {self.best_feature_roc_auc:.3f}, "
            f"lift {self.best_feature_lift:.1f}x)"
        )
        if self.beats_best_feature:
            return f"{head}: better than {base}."
        return f"{head}: the model is no better than {base}."

    def card(self) -> dict[str, Any]:
        return {
            **({"trained from": self.trained_from.isoformat()} if self.trained_from else {}),
            "fitted as of": self.start.isoformat(),
            "scored to": self.end.isoformat(),
            "customers active at the start": self.active or self.customers,
            **(
                {"customers scored (stratified sample)": self.customers}
                if self.active > self.customers
                else {}
            ),
            **({"backtest fit rows (stratified sample)": self.fit_rows} if self.fit_rows else {}),
            "churned in between": self.churned,
            "model roc auc": round(self.roc_auc, 4),
            "model top-decile lift": round(self.top_decile_lift, 2),
            "best single feature": self.best_feature,
            "best single feature roc auc": round(self.best_feature_roc_auc, 4),
            "best single feature top-decile lift": round(self.best_feature_lift, 2),
            "overall rate baseline": {"roc auc": 0.5, "top-decile lift": 1.0, "rate": round(self.rate, 4)},
            "verdict": self.verdict(),
        }


def top_decile_lift(y: Any, score: Any) -> float:
    """Churn rate among the 10% highest scores (ties broken by position) over the overall rate."""
    import numpy as np

    y, score = np.asarray(y).astype(float), np.asarray(score, dtype=float)
    k = max(1, int(np.ceil(len(y) / 10)))
    top = np.argsort(-score, kind="stable")[:k]
    return float(y[top].mean() / y.mean()) if y.mean() > 0 else float("nan")


def single_feature_scores(train: pd.DataFrame, y: Any, test: pd.DataFrame, column: str) -> tuple[Any, float]:
    """(scores of `test`, training ROC-AUC) from one feature: a number in the direction that separates the
    training rows, or a category's training churn rate."""
    import numpy as np
    import pandas as pd
    from sklearn.metrics import roc_auc_score

    y = np.asarray(y).astype(int)
    values = train[column]
    if pd.api.types.is_numeric_dtype(values):
        fill = float(values.astype(float).median()) if values.notna().any() else 0.0
        x_train = values.astype(float).fillna(fill).to_numpy()
        auc = roc_auc_score(y, x_train)
        sign = 1.0 if auc >= 0.5 else -1.0
        return sign * test[column].astype(float).fillna(fill).to_numpy(), max(auc, 1 - auc)
    # a category's training churn rate, looked up by integer codes (no per-row mapping of strings)
    codes, uniques = pd.factorize(_category_keys(values))
    rates = np.bincount(codes, weights=y, minlength=len(uniques)) / np.bincount(codes, minlength=len(uniques))
    found = pd.Index(uniques).get_indexer(_category_keys(test[column]))
    score = np.where(found >= 0, rates[found], float(y.mean()))
    return score, float(roc_auc_score(y, rates[codes]))


def _category_keys(values: pd.Series) -> Any:
    """A category column as plain strings, "(missing)" for nulls (as `single_feature_scores` groups it)."""
    return values.astype("object").where(values.notna(), "(missing)").astype(str).to_numpy()


def run_backtest(
    catalog: Catalog,
    target: ChurnTarget,
    where: exp.Expr | None,
    cut: dt.date | None,
    fit: ChurnFit,
    params: dict[str, Any],
    days: int = BACKTEST_DAYS,
    frames: FrameMemo | None = None,
) -> tuple[Backtest | None, str]:
    """Fit the model's kind as of `cut` - `days` on what was known then, score the customers active then,
    and compare with who churned by `cut`; (None, why) when the data cannot support it."""
    import numpy as np
    from sklearn.metrics import roc_auc_score

    if cut is None:
        return None, "no backtest: the data has no dates"
    if find_time(catalog.model.tables[target.table], CHURN_DATE_NAMES) is None:
        return None, "no backtest: the data has no churn dates, so who churned when is unknown"
    start = cut - dt.timedelta(days=days)
    frame = (frames or FrameMemo(catalog, target, where))(start).frame
    features = [c for c in fit.model.features_ if c in frame]
    churned_then = int(frame[TARGET].sum())
    if len(frame) < MIN_MODEL_ROWS or min(churned_then, len(frame) - churned_then) < MIN_MODEL_CLASS:
        return None, f"no backtest: too few customers or churners by {start.isoformat()}"
    active = frame[~frame[TARGET]].reset_index(drop=True)
    later = fit.frame.set_index(ROW)[TARGET]
    outcome = later.reindex(active[ROW]).fillna(False).to_numpy().astype(int)
    if outcome.sum() < 10 or outcome.sum() == len(outcome):
        return None, (
            f"no backtest: only {int(outcome.sum())} of {len(outcome):,} customers active on "
            f"{start.isoformat()} churned by {cut.isoformat()}"
        )
    model = ChurnModel(**params)
    # bounded as the model itself is: fitted on a stratified sample of the customers known then, and
    # judged on a stratified sample of those active then (both stated in the card)
    known_then = frame[TARGET].to_numpy().astype(int)
    fit_idx = model._subset(np.arange(len(frame)), known_then, model.max_fit_rows)
    train = frame.iloc[fit_idx]
    total_active = len(active)
    scored = model._subset(np.arange(total_active), outcome, model.max_holdout_rows)
    active, outcome = active.iloc[scored].reset_index(drop=True), outcome[scored]
    ranker = model.fit_ranker(train[features], train[TARGET], fit.model.best_name_)
    score = ranker.predict_proba(model._rows(active[features], np.arange(len(active))))[:, 1]
    best, best_auc, best_score = "", -1.0, None
    for column in features:
        if train[column].nunique(dropna=True) < 2:
            continue
        s, train_auc = single_feature_scores(train, train[TARGET], active, column)
        if train_auc > best_auc:
            best, best_auc, best_score = column, train_auc, s
    test_auc = float(roc_auc_score(outcome, best_score)) if best_score is not None else 0.5
    return (
        Backtest(
            start,
            cut,
            len(active),
            int(outcome.sum()),
            float(roc_auc_score(outcome, score)),
            top_decile_lift(outcome, score),
            fit.words.get(best, best),
            test_auc,
            top_decile_lift(outcome, best_score) if best_score is not None else 1.0,
            active=total_active,
            fit_rows=len(fit_idx) if len(fit_idx) < len(frame) else 0,
        ),
        "",
    )


def money_columns(catalog: Catalog, table: str) -> set[str]:
    """Columns of a table whose unit is money (their amounts get a currency symbol in sentences)."""
    return {c.name for c in catalog.model.tables[table].columns.values() if c.unit == "money"}


def selected_rows(catalog: Catalog, table: str, where: exp.Expr | None) -> set[Any] | None:
    """The row ids (`churn_features.row_source`) of a table's rows that satisfy `where` (None without a filter)."""
    if where is None:
        return None

    source, row = row_source(catalog, table)
    return set(frame_of(catalog, exp.select(row.as_("row")).from_(source).where(where))["row"].tolist())


def open_customers(fit: ChurnFit, rows: set[int] | None = None) -> np.ndarray:
    """Frame positions of customers not yet churned (optionally within `rows`), most likely first."""
    import numpy as np

    if fit.ranked is None:  # computed once per fitted model: the next question only filters
        order = np.argsort(-fit.risk, kind="stable")
        fit.ranked = order[~fit.frame[TARGET].to_numpy().astype(bool)[order]]
    if rows is None:
        return fit.ranked
    keep = fit.frame[ROW].isin(rows).to_numpy()
    return fit.ranked[keep[fit.ranked]]


def at_risk(
    fit: ChurnFit,
    rows: set[int] | None = None,
    limit: int | None = None,
    reasons: int = 3,
    contacts: Sequence[str] = (),
) -> pd.DataFrame:
    """Customers not yet churned, most likely to churn first, with their top reasons.

    `contacts` (columns of the customers table such as name and email) are shown after the id.
    """
    import pandas as pd

    idx = open_customers(fit, rows)
    if limit is not None:
        idx = idx[:limit]
    key = fit.key or ROW
    columns = {key: fit.frame[key].iloc[idx].to_numpy()}
    columns |= {c: fit.frame[c].iloc[idx].to_numpy() for c in contacts if c in fit.frame and c != key}
    out = pd.DataFrame({**columns, "churn_probability": fit.risk[idx]})
    out["top_reasons"] = _reasons(fit.reason_drivers, idx, reasons)
    return out


def _reasons(drivers: list[Driver], idx: np.ndarray, most: int) -> np.ndarray:
    """Per row, '; '-joined labels of the first `most` driver groups it belongs to (vectorised)."""
    import numpy as np

    text = np.full(len(idx), "", dtype=object)
    count = np.zeros(len(idx), dtype=int)
    for d in drivers:
        if d.members is None or d.importance <= 0:
            continue
        hit = d.members[idx] & (count < most)
        text[hit] = text[hit] + np.where(count[hit] > 0, "; ", "") + d.label
        count += hit
    return text


# ---------------------------------------------------------------------------------------------------- rates
def churn_rate_query(
    catalog: Catalog, target: ChurnTarget, by: Sequence[str] = (), where: exp.Expr | None = None
) -> exp.Select:
    """customers, churned and churn_rate overall or per group ("table.column", joined when needed)."""

    base, groups = with_groups(catalog, exp.select().from_(table_ref(target.table)), target.table, by)
    flag = exp.cast(_qualify(target.condition(), target.table), "INT")
    query = base.select(
        *[exp.alias_(g, g.name, quoted=True) for g in groups],
        exp.func("count", exp.Star()).as_("customers"),
        exp.func("sum", flag).as_("churned"),
        exp.func("avg", flag).as_("churn_rate"),
    )
    if where is not None:
        query = query.where(where)
    if groups:
        query = query.group_by(*groups).order_by(exp.Ordered(this=exp.column("churn_rate"), desc=True))
    return query


def _qualify(expression: exp.Expr, table: str) -> exp.Expr:
    """Qualify bare column references with a table (safe after joins)."""
    expression = expression.copy()
    for col in expression.find_all(exp.Column):
        if not col.table:
            col.set("table", exp.to_identifier(table, quoted=True))
    return expression


def churn_over_time_query(
    catalog: Catalog, target: ChurnTarget, by: Sequence[str] = (), where: exp.Expr | None = None
) -> exp.Select | None:
    """Monthly churn rate (churned in month / active at its start) when churn dates exist, else None.

    `by` holds "table.column" names (joined through the relations); `where` is a condition over the
    target's table (qualified or not).
    """

    table = catalog.model.tables[target.table]
    churn_date = find_time(table, CHURN_DATE_NAMES)
    if churn_date is None:
        return None
    signup = find_time(table, SIGNUP_NAMES)
    base, groups = with_groups(catalog, exp.select().from_(table_ref(target.table)), target.table, by)
    names = [b.rpartition(".")[2] for b in by]

    def own(column: str) -> exp.Expr:
        return exp.cast(
            exp.column(
                exp.to_identifier(column, quoted=True), table=exp.to_identifier(target.table, quoted=True)
            ),
            "DATE",
        )

    base = base.select(
        *[exp.alias_(g, n, quoted=True) for g, n in zip(groups, names, strict=True)],
        (own(signup) if signup else exp.null()).as_("start_day"),
        own(churn_date).as_("end_day"),
    )
    if where is not None:
        base = base.where(where)
    return monthly_churn_query(base, names)


def monthly_churn_query(base: exp.Select, names: Sequence[str] = ()) -> exp.Select:
    """Per month (and group): active_at_start, churned, churn_rate from rows of (groups..., start_day,
    end_day), where end_day is the churn day (NULL while active) and start_day the first day (or NULL).

    active_at_start: started before the month's first day and not churned before it; churned: of those,
    the ones whose churn day falls in the month (customers who start during a month join the next month's
    base, so churned <= active_at_start)."""
    groups = [exp.column(n, quoted=True) for n in names]
    months = from_template(
        "SELECT CAST(unnest(generate_series(date_trunc('month', coalesce(min(start_day), min(end_day))), "
        "date_trunc('month', max(end_day)), INTERVAL 1 MONTH)) AS DATE) AS month FROM base"
    )
    # the base: customers who started before the month and had not churned by its first day; the churned
    # are counted within that base only, so a customer who starts and churns in the same month is in
    # neither (they join the base of no month) and the rate never exceeds 1
    in_base = "(start_day IS NULL OR start_day < month) AND (end_day IS NULL OR end_day >= month)"
    active = from_template(f"count(*) FILTER (WHERE {in_base})")
    churned = from_template(f"count(*) FILTER (WHERE {in_base} AND end_day < month + INTERVAL 1 MONTH)")
    counts = (
        exp.select("month", *groups, active.as_("active_at_start"), churned.as_("churned"))
        .from_("months")
        .join("base", join_type="cross")
        .group_by("month", *(g.copy() for g in groups))
    )
    rate = from_template("CASE WHEN active_at_start > 0 THEN churned / active_at_start END")
    return (
        exp.select("month", *(g.copy() for g in groups), "active_at_start", "churned", rate.as_("churn_rate"))
        .from_("counts")
        .where("active_at_start > 0")
        .order_by("month", *(g.copy() for g in groups))
        .with_("base", as_=base)
        .with_("months", as_=months)
        .with_("counts", as_=counts)
    )


# ---------------------------------------------------------------------------------------------------- derived churn
@dataclass(frozen=True)
class DerivedChurn:
    """Churn from purchase history: no purchase in the last `days` days before `as_of`."""

    tx: Transactions
    as_of: dt.date
    days: int
    configured: bool

    def stale(self, catalog: Catalog) -> str | None:
        """Why this window cannot be measured: the data ends more than `days` days before as_of."""
        day = exp.cast(quote(self.tx.date), "DATE")
        last = fetch_one(catalog, exp.select(exp.func("max", day)).from_(table_ref(self.tx.table)))[0]
        if last is None or (self.as_of - last).days <= self.days:
            return None
        return (
            f"The purchases end on {last.isoformat()}, {(self.as_of - last).days:,} days before "
            f"{self.as_of.isoformat()}, so every customer would count as churned (no purchase in "
            f"{self.days} days). Ask again with --as-of {last.isoformat()} to measure churn at the end of the data."
        )

    def query(self) -> exp.Select:
        """customer, first and last purchase, churned flag; customers who bought before as_of - days."""
        cutoff = exp.cast(exp.Literal.string((self.as_of - dt.timedelta(days=self.days)).isoformat()), "DATE")
        as_of = exp.cast(exp.Literal.string(self.as_of.isoformat()), "DATE")
        day = exp.cast(quote(self.tx.date), "DATE")
        last = exp.func("max", day)
        return (
            exp.select(
                quote(self.tx.customer).as_("customer"),
                exp.func("min", day).as_("first_purchase"),
                last.as_("last_purchase"),
                (last < cutoff).as_("churned"),
            )
            .from_(table_ref(self.tx.table))
            .where(day <= as_of)
            .group_by(quote(self.tx.customer))
            .having(exp.func("min", day) < cutoff)
        )

    def spans(self) -> exp.Select:
        """customer, start_day (first purchase) and end_day (the day the churn window ran out, NULL while
        active) for every customer who bought by as_of: the input of `monthly_churn_query`."""
        as_of = exp.cast(exp.Literal.string(self.as_of.isoformat()), "DATE")
        day = exp.cast(quote(self.tx.date), "DATE")
        lapse = exp.cast(exp.func("max", day) + exp.Literal.number(self.days), "DATE")
        return (
            exp.select(
                quote(self.tx.customer).as_("customer"),
                exp.func("min", day).as_("start_day"),
                exp.If(this=lapse <= as_of, true=lapse, false=exp.null()).as_("end_day"),
            )
            .from_(table_ref(self.tx.table))
            .where(day <= as_of)
            .where(quote(self.tx.customer).is_(exp.null()).not_())
            .group_by(quote(self.tx.customer))
        )

    def explanation(self) -> str:
        how = (
            "configured"
            if self.configured
            else (f"the {GAP_QUANTILE:.0%} quantile of the gaps between a customer's purchases")
        )
        return (
            f"no churn flag in the data, so a customer counts as churned with no purchase in the "
            f"{self.days} days before {self.as_of.isoformat()} ({how})"
        )


def derive_churn(catalog: Catalog, tx: Transactions, as_of: dt.date, days: int | None = None) -> DerivedChurn:
    """Churn window from the data's inter-purchase times (or `days` when configured)."""
    if days is not None:
        return DerivedChurn(tx, as_of, days, True)
    day = exp.cast(quote(tx.date), "DATE")
    daily = (
        exp.select(quote(tx.customer).as_("c"), day.as_("d"))
        .distinct()
        .from_(table_ref(tx.table))
        .where(day <= exp.cast(exp.Literal.string(as_of.isoformat()), "DATE"))
    )
    d, c = exp.column("d"), exp.column("c")
    order = exp.Order(expressions=[exp.Ordered(this=d.copy())])
    previous = exp.Window(
        this=exp.Anonymous(this="lag", expressions=[d.copy()]), partition_by=[c], order=order
    )
    gap = exp.Anonymous(this="date_diff", expressions=[exp.Literal.string("day"), previous, d.copy()])
    gaps = exp.select(gap.as_("gap")).from_("daily")
    quantile = exp.Anonymous(this="quantile_cont", expressions=[exp.column("gap"), exp.convert(GAP_QUANTILE)])
    query = (
        exp.select(quantile)
        .from_("gaps")
        .where(exp.column("gap").is_(exp.null()).not_())
        .with_("daily", daily)
        .with_("gaps", gaps)
    )
    value = fetch_one(catalog, query)[0]
    return DerivedChurn(tx, as_of, int(math.ceil(value)) if value else 90, False)


def churn_target_words(target: ChurnTarget) -> str:
    """'Churn = Yes' style words for interpretations."""
    if target.dated:
        return f"{target.column} is set"
    values = " or ".join(v.title() if v.isalpha() else v for v in target.true_values) or "true"
    return f"{target.column} is {values}"
