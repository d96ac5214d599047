"""Lifetime value where the data stays (PostgreSQL, Spark): cra's memory stays flat with the customers.

On DuckDB (clv._fit_customer_value) every customer's summary row is read and scored at once. On another
backend nothing is pulled whole:

- **fit**: BG/NBD and Gamma-Gamma are fitted on at most `clv.MAX_FIT_CUSTOMERS` customers drawn in SQL by
  a hash of the customer id (`clv.hash_bucket`: the same customers on every run), their summaries computed on
  the backend; counts over all customers (customers, repeat buyers, churned ones) are SQL aggregates;
- **score**: an answer streams every customer's history and summary from the backend in batches of
  `SCORE_BATCH` rows (a server-side cursor, Spark's local iterator), scores each batch and reduces it at
  once to what the answer states (the top rows it shows, counts and sums, per-group figures), then drops
  it. Filters ("customers in Germany") and groups ("by region") are joined in SQL.

With no more customers than the fit sample the fit is DuckDB's (the same rows in the same order); the
model card says how many customers were fitted and scored, and how.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from analytics import clv
from analytics.queries import quote

if TYPE_CHECKING:
    import pandas as pd

    from catalog import Catalog
    from catalog.transactions import Transactions

SCORE_BATCH = 20_000
"""Customers fetched and scored at a time when an answer streams the scores."""
PURCHASES = f"expected_purchases_{clv.CLV_HORIZON_WEEKS}w"
CHURNED = "__churned"


def _scalar_row(catalog: Catalog, query: exp.Select) -> tuple[Any, ...]:
    frame = catalog.frame(query)
    return tuple(frame.iloc[0]) if len(frame) else ()


def _summary(tx: Transactions, end: dt.date | None, where: exp.Expr | None = None) -> exp.Select:
    return clv.summary_query(tx.table, tx.customer, tx.date, tx.value(), end=end, where=where)


def fit_in_place(catalog: Catalog, tx: Transactions, end: dt.date | None) -> dict[str, Any]:
    """`clv.fit_customer_value` on a backend the data stays in: {"frame": None, "models": (bg, gg or None),
    "end", "card", "sql", "degenerate", "contractual", "holdout"}; answers score with `ranked`/`grouped`."""
    where_ = catalog.backend.name
    whole = _summary(tx, end)
    whole.set("order", None)
    repeat = exp.and_(exp.column("frequency") > 0, exp.column("monetary_value") > 0)
    counts = _scalar_row(
        catalog,
        exp.select(
            exp.func("count", exp.Star()).as_("customers"),
            exp.func("sum", exp.If(this=repeat, true=exp.Literal.number(1), false=exp.Literal.number(0))).as_(
                "repeaters"
            ),
        ).from_(whole.subquery("summary")),
    )
    total = int(counts[0] or 0) if counts else 0
    repeaters = int(counts[1]) if len(counts) > 1 and counts[1] == counts[1] and counts[1] is not None else 0
    sampled = total > clv.MAX_FIT_CUSTOMERS
    query = _bounded(tx, end, total)
    sample = catalog.frame(query)
    if sample.empty:
        raise ValueError("no customers to fit")
    bg = clv.BetaGeoModel().fit(sample["frequency"], sample["recency"], sample["T"])
    args = (sample["frequency"], sample["recency"], sample["T"])
    degenerate = clv.degenerate_reason(bg, bg.probability_alive(*args))
    card: dict[str, Any] = {
        "model": "BG/NBD + Gamma-Gamma (maximum likelihood)",
        "as of": end.isoformat() if end else "the last purchase",
        "customers": total,
        "time unit": "weeks",
        "bg/nbd": {k: round(v, 4) for k, v in bg.params_.items()},
        "bg/nbd log-likelihood": round(bg.log_likelihood_, 2),
        **(
            {
                "fit sample": f"{len(sample):,} of {total:,} customers (those with the lowest hash of the "
                f"customer id, drawn by {where_}: the same customers every time)"
            }
            if sampled
            else {}
        ),
        "horizon weeks": clv.CLV_HORIZON_WEEKS,
        "annual discount rate": clv.ANNUAL_DISCOUNT,
        "value": clv.horizon_words(),
    }
    gg = None
    if tx.has_value and repeaters >= 3:
        buyers = sample[(sample["frequency"] > 0) & (sample["monetary_value"] > 0)]
        if sampled:  # the repeat buyers of all customers, as DuckDB fits them (a hash sample of many)
            buyers = catalog.frame(_bounded(tx, end, repeaters, repeat))
        if len(buyers) >= 3:
            gg = clv.GammaGammaModel().fit(buyers["frequency"], buyers["monetary_value"])
            if len(buyers) < repeaters:
                card["gamma-gamma fit sample"] = (
                    f"{len(buyers):,} of {repeaters:,} repeat buyers (those with the lowest hash of the "
                    f"customer id, drawn by {where_})"
                )
            card["gamma-gamma"] = {k: round(v, 4) for k, v in gg.params_.items()}
            card["repeat buyers"] = repeaters
    contractual = None
    churned = clv.churned_query(catalog, tx, end)
    if churned is not None:
        ids, contractual = churned
        buyers_q = exp.select(exp.column("customer")).from_(whole.subquery("summary"))
        gone_q = exp.select(exp.func("count", exp.Star())).from_(buyers_q.subquery("buyers"))
        gone_q = gone_q.where(exp.In(this=exp.column("customer"), query=ids.subquery()))
        gone = int(_scalar_row(catalog, gone_q)[0] or 0)
        card["setting"] = (
            f"contractual: churn is recorded ({contractual}); the {gone:,} churned customers get zero "
            "future value, the others are modelled with BG/NBD, which assumes customers leave unobserved"
        )
    if end is not None:
        try:
            card["calibration/holdout check"] = clv.holdout_check(
                catalog, tx.table, tx.customer, tx.date, end=end, customers=total
            )
        except (ValueError, ArithmeticError) as e:  # a check that cannot run is said, not raised
            card["calibration/holdout check"] = f"could not run: {e}"
    if degenerate:
        card["degenerate"] = degenerate + (
            f" (judged on the {len(sample):,} customers of the fit sample)" if sampled else ""
        )
    card["scored"] = (
        f"all {total:,} customers, {SCORE_BATCH:,} at a time, streamed from {where_} where the data stays "
        "(an answer keeps only the rows it shows and its totals)"
    )
    return {
        "frame": None,
        "models": (bg, gg),
        "end": end,
        "card": card,
        "sql": clv.history_query(tx, end).order_by(quote(tx.customer)).sql(dialect="duckdb"),
        "degenerate": card.get("degenerate"),
        "contractual": contractual,
        "holdout": card.get("calibration/holdout check"),
    }


def _bounded(
    tx: Transactions, end: dt.date | None, count: int, condition: exp.Expr | None = None
) -> exp.Select:
    """The summary rows where `condition` holds (`count` of them) in customer order: all of them up to
    clv.MAX_FIT_CUSTOMERS, else that many, those with the lowest hash bucket (a little more than the
    share needed is kept by the bucket in SQL before the summary is computed, then exactly the cap)."""
    cap = clv.MAX_FIT_CUSTOMERS
    customer = exp.column("customer")
    where = None
    if count > cap:
        share = min(clv.HASH_BUCKETS, math.ceil(clv.HASH_BUCKETS * cap / count * 1.2))
        where = clv.hash_bucket(quote(tx.customer)) < exp.Literal.number(share)
    summary = _summary(tx, end, where)
    summary.set("order", None)
    rows = exp.select(exp.Star()).from_(summary.subquery("summary"))
    if condition is not None:
        rows = rows.where(condition.copy())
    if count > cap:
        rows = rows.order_by(clv.hash_bucket(customer.copy()), customer.copy()).limit(cap)
        rows = exp.select(exp.Star()).from_(rows.subquery("drawn"))
    return rows.order_by(customer.copy())


def scores_query(
    catalog: Catalog,
    tx: Transactions,
    end: dt.date | None,
    *,
    ids: exp.Select | None = None,
    groups: exp.Select | None = None,
    names: tuple[str, ...] = (),
    since: dt.date | None = None,
) -> exp.Select:
    """Every customer's history and summary (clv.history_query joined to clv.summary_query) in customer
    order; `ids`: only these customers; `groups` (customer, *names): their group columns joined;
    `since`: only customers whose last purchase is on or after it; a churned flag when churn is recorded."""
    history = clv.history_query(tx, end)
    summary = _summary(tx, end)
    summary.set("order", None)

    def h(name: str) -> exp.Column:
        return exp.column(name, table="h", quoted=True)

    def s(name: str) -> exp.Column:
        return exp.column(name, table="s", quoted=True)

    query = (
        exp.select(
            *(h(c) for c in ("customer", "first_purchase", "last_purchase", "orders")),
            *(s(c) for c in ("frequency", "recency", "T", "monetary_value", "revenue")),
        )
        .from_(history.subquery("h"))
        .join(summary.subquery("s"), on=h("customer").eq(s("customer")), join_type="left")
    )
    churned = clv.churned_query(catalog, tx, end)
    if churned is not None:
        flag = exp.In(this=h("customer"), query=churned[0].subquery())
        query = query.select(exp.func("coalesce", flag, exp.false()).as_(CHURNED))
    if groups is not None:
        g = [exp.column(n, table="g", quoted=True) for n in names]
        query = query.select(*(c.as_(n, quoted=True) for c, n in zip(g, names, strict=True))).join(
            groups.subquery("g"),
            on=h("customer").eq(exp.column("customer", table="g", quoted=True)),
            join_type="left",
        )
    if ids is not None:
        query = query.where(exp.In(this=h("customer"), query=ids.subquery()))
    if since is not None:
        query = query.where(h("last_purchase") >= exp.cast(exp.Literal.string(since.isoformat()), "DATE"))
    return query.order_by(h("customer"))


def score(batch: pd.DataFrame, fit: dict[str, Any]) -> pd.DataFrame:
    """A batch of `scores_query` rows with the columns clv._fit_customer_value's frame has."""
    bg, gg = fit["models"]
    args = (batch["frequency"], batch["recency"], batch["T"])
    batch["p_alive"] = bg.probability_alive(*args)
    batch[PURCHASES] = bg.expected_purchases(clv.CLV_HORIZON_WEEKS, *args)
    if gg is not None:
        step_rate = (1 + clv.ANNUAL_DISCOUNT) ** (4 / 52) - 1
        batch["expected_order_value"] = gg.expected_value(batch["frequency"], batch["monetary_value"])
        batch["predicted_clv"] = clv.customer_lifetime_value(
            bg, gg, *args, batch["monetary_value"], horizon=clv.CLV_HORIZON_WEEKS, discount_rate=step_rate
        )
    if CHURNED in batch:
        gone = batch.pop(CHURNED).fillna(False).astype(bool)
        for column in ("p_alive", PURCHASES, "predicted_clv"):
            if column in batch:
                batch.loc[gone, column] = 0.0
    batch["revenue"] = batch["revenue"].astype(float)
    batch["average_order_value"] = batch["revenue"] / batch["orders"]
    batch["tenure_days"] = (batch["last_purchase"] - batch["first_purchase"]).dt.days
    batch["first_purchase"] = batch["first_purchase"].dt.date
    batch["last_purchase"] = batch["last_purchase"].dt.date
    return batch


def batches(
    catalog: Catalog,
    tx: Transactions,
    fit: dict[str, Any],
    derive: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    **where: Any,
) -> Iterator[pd.DataFrame]:
    """The scored customers, SCORE_BATCH at a time (`where`: scores_query's filters and groups)."""
    stream = catalog.stream(scores_query(catalog, tx, fit["end"], **where), SCORE_BATCH)
    with contextlib.closing(stream):  # a stream left early gives its cursor and the lock back at once
        for batch in stream:
            scored = score(batch, fit)
            yield derive(scored) if derive is not None else scored


@dataclass
class Ranked:
    """What a ranked answer states about the scored customers, with only its shown rows kept."""

    top: pd.DataFrame
    """The first `keep` customers, highest value first (ties in customer order, as DuckDB's frame)."""
    count: int
    """Customers ranked."""
    total: float
    """The sum of the value over all of them."""
    zero_alive: int
    """Customers with P(alive) = 0 (churned ones, valued at zero)."""

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else float("nan")


def ranked(
    catalog: Catalog,
    tx: Transactions,
    fit: dict[str, Any],
    value: str,
    keep: int,
    derive: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    **where: Any,
) -> Ranked:
    """The customers ranked by `value` (highest first), keeping the top `keep` rows, streamed."""
    import pandas as pd

    top: pd.DataFrame | None = None
    count, total, zero = 0, 0.0, 0
    for batch in batches(catalog, tx, fit, derive, **where):
        count += len(batch)
        total += float(batch[value].sum())
        zero += int((batch["p_alive"] == 0).sum())
        best = batch.sort_values(value, ascending=False, kind="stable").head(keep)
        merged = best if top is None else pd.concat([top, best], ignore_index=True)
        top = merged.sort_values(value, ascending=False, kind="stable").head(
            keep
        )  # earlier batch first in ties
    if top is None:
        top = pd.DataFrame(columns=list(score_columns(fit)))
    return Ranked(top.reset_index(drop=True), count, total, zero)


def score_columns(fit: dict[str, Any]) -> tuple[str, ...]:
    value = ("expected_order_value", "predicted_clv") if fit["models"][1] is not None else ()
    return (
        "customer", "first_purchase", "last_purchase", "orders", "frequency", "recency", "T",
        "monetary_value", "revenue", "p_alive", PURCHASES, *value, "average_order_value", "tenure_days",
    )  # fmt: skip


def grouped(
    catalog: Catalog,
    tx: Transactions,
    fit: dict[str, Any],
    groups: exp.Select,
    names: list[str],
    value: str,
    derive: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    threshold: float | None = None,
    **where: Any,
) -> pd.DataFrame:
    """Per group of `names`: customers, revenue, total, mean and sd (n - 1) of `value` and, with a
    `threshold`, how many are at or above it; combined batch by batch (Chan et al.'s pairwise update)."""
    import numpy as np
    import pandas as pd

    parts: pd.DataFrame | None = None
    for batch in batches(catalog, tx, fit, derive, groups=groups, names=tuple(names), **where):
        x = batch[value].astype(float)
        ge = (x >= threshold).astype(int) if threshold is not None else 0
        keys = [batch[n] for n in names]
        centred = (x - x.groupby(keys, dropna=False).transform("mean")) ** 2
        batch = batch.assign(_x=x, _ge=ge, _m2=centred)
        part = (
            batch.groupby(names, dropna=False)
            .agg(
                customers=("_x", "size"),
                revenue=("revenue", "sum"),
                total=("_x", "sum"),
                likely=("_ge", "sum"),
                m2=("_m2", "sum"),
            )
            .reset_index()
        )
        parts = part if parts is None else _combine(pd.concat([parts, part], ignore_index=True), names)
    columns = [*names, "customers", "revenue", "total", "mean", "sd", "likely"]
    if parts is None:
        return pd.DataFrame(columns=columns)
    parts["mean"] = parts["total"] / parts["customers"]
    parts["sd"] = np.where(
        parts["customers"] > 1, np.sqrt(parts["m2"] / (parts["customers"] - 1).clip(lower=1)), np.nan
    )
    return parts[columns]


def _combine(parts: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Partial group figures (customers, revenue, total, likely, m2) of two batches merged per group."""
    keys = [parts[n] for n in names]
    mean = parts["total"] / parts["customers"]
    grand = parts.groupby(keys, dropna=False)["total"].transform("sum") / parts.groupby(keys, dropna=False)[
        "customers"
    ].transform("sum")
    parts = parts.assign(m2=parts["m2"] + parts["customers"] * (mean - grand) ** 2)
    return (
        parts.groupby(names, dropna=False)[["customers", "revenue", "total", "likely", "m2"]]
        .sum()
        .reset_index()
    )


def only_shown(query: exp.Select, frame: pd.DataFrame) -> exp.Select:
    """`query` (with a `customer` column) kept to the customers of a few shown rows (ids as literals)."""
    values = [exp.convert(v.item() if hasattr(v, "item") else v) for v in frame["customer"].tolist()]
    kept = exp.select(exp.Star()).from_(query.subquery("rows"))
    return kept.where(exp.In(this=exp.column("customer"), expressions=values) if values else exp.false())
