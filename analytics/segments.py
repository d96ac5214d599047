"""RFM scores, the 11 standard RFM segments, and behavioural clusters (scores: docs/rfm.md).

RFM (computed in DuckDB SQL from any transactions table: customer, date, amount):

- recency R: days from the customer's last purchase to the as-of date (default: the day after the last
  purchase in the data); frequency F: number of orders (distinct document numbers when invoice lines
  repeat them, else rows); monetary M: sum of values (amount, or quantity x unit price; the number of
  purchases when there is no value). Purchases after the as-of date are left out.
- Quintile scores 1-5: ``score = 1 + floor(5 * (rank - 1) / n)`` where rank orders customers from worst to
  best (oldest to most recent for R, fewest to most for F and M) and tied customers share the lower rank,
  so equal values always get equal scores. 5 is best.
- FM score: ``floor((F + M + 1) / 2)`` (the mean of F and M, rounded half up).
- Segments from R and FM (``SEGMENT_RULES``; every one of the 25 cells belongs to exactly one segment):

  ==================  ======  ========
  segment             R       FM
  ==================  ======  ========
  Champions           5       4-5
  Loyal Customers     3-4     4-5
  Potential Loyalists 4-5     2-3
  New Customers       5       1
  Promising           4       1
  Need Attention      3       3
  About to Sleep      3       1-2
  At Risk             1-2     3-4
  Can't Lose Them     1-2     5
  Hibernating         2       1-2
  Lost                1       1-2
  ==================  ======  ========

Clusters: KMeans on standardised per-customer features (RFM when transactions exist, plus the customers
table's measures and counts of related rows such as tickets), k chosen by silhouette in 2..8, each cluster
described by the features that set it apart most from the average customer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlglot import exp
from threadpoolctl import threadpool_limits

from analytics.queries import quote, table_ref
from catalog.transactions import Transactions

if TYPE_CHECKING:
    import pandas as pd

    from catalog import Catalog

SEGMENT_RULES: tuple[tuple[str, tuple[int, int], tuple[int, int], str], ...] = (
    ("Champions", (5, 5), (4, 5), "bought recently, buy often and spend the most"),
    ("Loyal Customers", (3, 4), (4, 5), "buy often and spend a lot, fairly recently"),
    ("Potential Loyalists", (4, 5), (2, 3), "recent customers with average frequency and spend"),
    ("New Customers", (5, 5), (1, 1), "bought very recently, but only once or twice"),
    ("Promising", (4, 4), (1, 1), "recent shoppers who have not spent much yet"),
    ("Need Attention", (3, 3), (3, 3), "average recency, frequency and spend"),
    ("About to Sleep", (3, 3), (1, 2), "below-average recency, few orders and low spend: slipping away"),
    ("At Risk", (1, 2), (3, 4), "used to buy often and spend well, but not lately"),
    ("Can't Lose Them", (1, 2), (5, 5), "were among the best customers, but have not come back"),
    ("Hibernating", (2, 2), (1, 2), "last purchase long ago, few orders, low spend"),
    ("Lost", (1, 1), (1, 2), "lowest recency, frequency and spend"),
)
"""(segment, R score range, FM score range, description): the standard RFM segment map as data."""
SEGMENTS = tuple(rule[0] for rule in SEGMENT_RULES)


def _score(value: exp.Expr, best_high: bool) -> exp.Expr:
    order = exp.Ordered(this=value, desc=False) if best_high else exp.Ordered(this=value, desc=True)
    rank = exp.Window(this=exp.func("rank"), order=exp.Order(expressions=[order]))
    count = exp.Window(this=exp.func("count", exp.Star()))
    ratio = exp.paren(rank - exp.Literal.number(1)) * exp.Literal.number(5) / count
    return exp.cast(
        exp.func("least", exp.Literal.number(5), exp.Literal.number(1) + exp.func("floor", ratio)), "INT"
    )


def _segment_case() -> exp.Expr:
    case = exp.Case()
    r, fm = exp.column("r_score"), exp.column("fm_score")
    for name, (r_lo, r_hi), (fm_lo, fm_hi), _ in SEGMENT_RULES:
        cond = exp.and_(
            exp.Between(this=r, low=exp.Literal.number(r_lo), high=exp.Literal.number(r_hi)),
            exp.Between(this=fm, low=exp.Literal.number(fm_lo), high=exp.Literal.number(fm_hi)),
        )
        case = case.when(cond, exp.Literal.string(name))
    return case


def rfm_query(tx: Transactions, as_of: dt.date | None = None) -> exp.Select:
    """Per customer: recency (days), frequency, monetary, R/F/M and FM scores and the RFM segment."""
    day = exp.cast(quote(tx.date), "DATE")
    value = tx.value()
    money = exp.func("sum", value) if value is not None else exp.func("count", exp.Star())
    if as_of is None:
        last = exp.func("max", exp.cast(quote(tx.date), "DATE")) + exp.Literal.number(1)
        ref: exp.Expr = exp.select(last).from_(table_ref(tx.table)).subquery()
    else:
        ref = exp.cast(exp.Literal.string(as_of.isoformat()), "DATE")
    base = (
        exp.select(
            quote(tx.customer).as_("customer"),
            exp.Sub(this=ref, expression=exp.func("max", day)).as_("recency"),
            tx.orders().as_("frequency"),
            exp.func("coalesce", money, exp.Literal.number(0)).as_("monetary"),
        )
        .from_(table_ref(tx.table))
        .where(quote(tx.customer).is_(exp.null()).not_())
        .group_by(quote(tx.customer))
    )
    if as_of is not None:
        base = base.where(day <= ref)
    scored = exp.select(
        "*",
        _score(exp.column("recency"), best_high=False).as_("r_score"),
        _score(exp.column("frequency"), best_high=True).as_("f_score"),
        _score(exp.column("monetary"), best_high=True).as_("m_score"),
    ).from_(base.subquery("b"))
    fm = exp.func(
        "floor",
        exp.paren(exp.column("f_score") + exp.column("m_score") + exp.Literal.number(1))
        / exp.Literal.number(2),
    )
    with_fm = exp.select("*", exp.cast(fm, "INT").as_("fm_score")).from_(scored.subquery("s"))
    return exp.select("*", _segment_case().as_("segment")).from_(with_fm.subquery("f"))


def segment_summary_query(
    tx: Transactions,
    as_of: dt.date | None = None,
    customers: exp.Select | None = None,
    groups: exp.Select | None = None,
    names: Sequence[str] = (),
) -> exp.Select:
    """Per segment: customers, share, revenue, revenue share, mean R/F/M (recency days, orders, spend).

    `customers` optionally restricts to a set of customer ids (a one-column SELECT); `groups` (a SELECT of
    customer and the columns `names`, one row per customer) breaks every segment down by those columns,
    shares then being within each group.
    """
    rfm = rfm_query(tx, as_of)
    if customers is not None:
        rfm = exp.select("*").from_(rfm.subquery("r")).where(exp.column("customer").isin(query=customers))
    keys = [exp.column(exp.to_identifier(n, quoted=True), table="g") for n in names]
    source: exp.Select = exp.select("*").from_(rfm.subquery("rfm"))
    if groups is not None and keys:
        source = (
            exp.select(*keys, exp.Column(this=exp.Star(), table=exp.to_identifier("rfm")))
            .from_(rfm.subquery("rfm"))
            .join(
                groups.subquery("g"),
                on=exp.column("customer", table="rfm").eq(exp.column("customer", table="g")),
                join_type="left",
            )
        )
    cols = [exp.column(exp.to_identifier(n, quoted=True)) for n in names if groups is not None]
    order = exp.Case(this=exp.column("segment"))
    for i, name in enumerate(SEGMENTS):
        order = order.when(exp.Literal.string(name), exp.Literal.number(i))
    total = exp.Window(this=exp.func("sum", exp.func("count", exp.Star())), partition_by=cols or None)
    revenue_total = exp.Window(
        this=exp.func("sum", exp.func("sum", exp.column("monetary"))), partition_by=cols or None
    )
    return (
        exp.select(
            *cols,
            exp.column("segment"),
            exp.func("count", exp.Star()).as_("customers"),
            (exp.func("count", exp.Star()) / total).as_("share"),
            exp.func("sum", exp.column("monetary")).as_("revenue"),
            (
                exp.func("sum", exp.column("monetary"))
                / exp.func("nullif", revenue_total, exp.Literal.number(0))
            ).as_("revenue_share"),
            exp.func("avg", exp.column("recency")).as_("mean_recency_days"),
            exp.func("avg", exp.column("frequency")).as_("mean_frequency"),
            exp.func("avg", exp.column("monetary")).as_("mean_monetary"),
        )
        .from_(source.subquery("s"))
        .group_by(*cols, exp.column("segment"))
        .order_by(*cols, order)
    )


def segment_members_query(
    tx: Transactions, segment: str, as_of: dt.date | None = None, customers: exp.Select | None = None
) -> exp.Select:
    """The customers of one RFM segment, best first (highest monetary, then most recent)."""
    query = (
        exp.select("customer", "recency", "frequency", "monetary", "r_score", "f_score", "m_score", "segment")
        .from_(rfm_query(tx, as_of).subquery("rfm"))
        .where(exp.column("segment").eq(exp.Literal.string(segment)))
    )
    if customers is not None:
        query = query.where(exp.column("customer").isin(query=customers))
    return query.order_by(
        exp.Ordered(this=exp.column("monetary"), desc=True), exp.column("recency"), exp.column("customer")
    )


def segment_description(segment: str) -> str:
    return next(rule[3] for rule in SEGMENT_RULES if rule[0] == segment)


# ---------------------------------------------------------------------------------------------------- clusters
FEATURE_WORDS: dict[str, tuple[str, str]] = {
    "recency": ("lapsed", "recent"),
    "frequency": ("frequent buyers", "few purchases"),
    "monetary": ("high spend", "low spend"),
}
"""Feature -> (word when well above average, word when well below)."""
DISTINCT_Z = 0.3
"""A cluster's mean must differ from the average by this many standard deviations to be worth a word."""


def _words(feature: str, high: bool) -> str:
    if feature in FEATURE_WORDS:
        return FEATURE_WORDS[feature][0 if high else 1]
    name = feature.replace("_", " ")
    if name.startswith("n "):
        return ("many " if high else "few ") + name[2:]
    return ("high " if high else "low ") + name


@dataclass
class ClusterResult:
    """Fitted clusters: per-customer labels, the silhouette per k, and one description per cluster."""

    frame: pd.DataFrame
    """One row per customer: id, features, cluster."""
    features: list[str]
    k: int
    silhouettes: dict[int, float]
    descriptions: dict[int, str]
    summary: pd.DataFrame


class CustomerClusters:
    """KMeans on standardised (log-scaled for skewed) features, k chosen by silhouette."""

    def __init__(
        self, *, k_range: tuple[int, int] = (2, 8), sample_size: int = 5000, random_state: int = 0
    ) -> None:
        self.k_range = k_range
        self.sample_size = sample_size
        self.random_state = random_state

    def fit(self, X: pd.DataFrame) -> CustomerClusters:
        """Standardise, try k in k_range, keep the best silhouette; sets labels_, k_ and centers_z_."""
        import sklearn.cluster  # noqa: F401  (loads OpenMP so that the limit below applies to it)

        with threadpool_limits(limits=1):  # contended OpenMP threads are slower than one on a busy machine
            return self._fit(X)

    def _fit(self, X: pd.DataFrame) -> CustomerClusters:
        import numpy as np
        from sklearn.cluster import KMeans
        from sklearn.metrics import silhouette_score
        from sklearn.preprocessing import StandardScaler

        values = X.astype(float).fillna(X.astype(float).median()).to_numpy()
        skewed = (values.min(axis=0) >= 0) & (np.abs(_skew(values)) > 1.0)
        values[:, skewed] = np.log1p(values[:, skewed])
        self.skewed_ = skewed
        self.scaler_ = StandardScaler().fit(values)
        Z = self.scaler_.transform(values)
        rng = np.random.default_rng(self.random_state)
        fit_rows = Z if len(Z) <= 50_000 else Z[rng.choice(len(Z), 50_000, replace=False)]
        sample = min(self.sample_size, len(fit_rows))
        self.silhouettes_: dict[int, float] = {}
        models = {}
        for k in range(self.k_range[0], min(self.k_range[1], len(fit_rows) - 1) + 1):
            km = KMeans(n_clusters=k, n_init=4, random_state=self.random_state).fit(fit_rows)
            if len(set(km.labels_)) < 2:
                continue
            self.silhouettes_[k] = float(
                silhouette_score(fit_rows, km.labels_, sample_size=sample, random_state=self.random_state)
            )
            models[k] = km
        if not models:
            raise ValueError("too few distinct customers to cluster")
        self.k_ = max(self.silhouettes_, key=lambda k: self.silhouettes_[k])
        self.kmeans_ = models[self.k_]
        self.labels_ = self.kmeans_.predict(Z)
        self.centers_z_ = np.vstack([Z[self.labels_ == c].mean(axis=0) for c in range(self.k_)])
        self.features_ = list(X.columns)
        return self

    def describe(self) -> dict[int, str]:
        """Words per cluster from the features whose mean differs most from average."""
        out = {}
        for c, center in enumerate(self.centers_z_):
            order = sorted(range(len(center)), key=lambda i: -abs(center[i]))
            words = [
                _words(self.features_[i], center[i] > 0) for i in order[:3] if abs(center[i]) >= DISTINCT_Z
            ]
            out[c] = ", ".join(words) if words else "close to the average customer"
        return out


def _skew(values: Any) -> Any:
    import numpy as np

    mean, std = values.mean(axis=0), values.std(axis=0)
    std = np.where(std == 0, 1, std)
    return (((values - mean) / std) ** 3).mean(axis=0)


def cluster_customers(
    frame: pd.DataFrame, id_column: str, features: list[str], random_state: int = 0
) -> ClusterResult:
    """Cluster customers (one row each) on the given numeric features and describe each cluster.

    Rows are put in id order first: KMeans' seeding depends on row order, and a parallel query returns
    rows in any order, so the same question must not move customers between clusters from run to run.
    """
    frame = frame.sort_values(id_column, kind="stable", ignore_index=True)
    model = CustomerClusters(random_state=random_state).fit(frame[features])
    descriptions = model.describe()
    out = frame[[id_column, *features]].copy()
    out["cluster"] = model.labels_ + 1
    out["description"] = [descriptions[c - 1] for c in out["cluster"]]
    summary = out.groupby(["cluster", "description"], as_index=False).agg(
        customers=(id_column, "size"), **{f"mean_{f}": (f, "mean") for f in features}
    )
    summary.insert(3, "share", summary["customers"] / len(out))
    return ClusterResult(
        out, features, model.k_, model.silhouettes_, {c + 1: d for c, d in descriptions.items()}, summary
    )


def rfm_frame(catalog: Catalog, tx: Transactions, as_of: dt.date | None = None) -> pd.DataFrame:
    return catalog.frame(rfm_query(tx, as_of))
