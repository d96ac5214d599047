"""Customer lifetime value: historical figures and the BG/NBD + Gamma-Gamma predictive models.

BG/NBD (Fader, Hardie & Lee 2005) models repeat purchases of customers who may silently "die";
Gamma-Gamma (Fader, Hardie & Lee 2005b) models the average value of repeat purchases. Both are fitted
by maximum likelihood with scipy (no dependency on `lifetimes`). Inputs are per-customer summaries:

- ``frequency`` x: number of repeat purchase periods (purchase days after the first one),
- ``recency`` t_x: time from the first to the last purchase,
- ``T``: time from the first purchase to the end of the calibration period,
- ``monetary_value``: mean value of the repeat purchases (first purchase excluded).

`summarize_transactions` computes them from any transactions table in DuckDB (time unit: weeks).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from analytics import model_cache
from analytics.churn_features import analysis_date, frame_of
from analytics.queries import data_key, quote, table_ref
from catalog.churn_target import CHURN_DATE_NAMES, find_churn_target
from catalog.entities import find_time, key_column, link
from catalog.transactions import find_customers_table

if TYPE_CHECKING:
    import numpy as np

    from catalog import Catalog
    from catalog.transactions import Transactions


MAX_FIT_CUSTOMERS = 20_000
"""BG/NBD and Gamma-Gamma are fitted on at most this many customers (a random sample, seed 0, stated in
the model card as "fit sample"); every customer is still scored. On ten million orders the full fit took
minutes for no visible change in the parameters."""


HOLDOUT_CUSTOMERS = 10_000
"""The calibration/holdout check is run on at most this many customers (a seeded sample, stated)."""


HASH_BUCKETS = 1_000_000
"""The holdout check's SQL sample keeps customers whose hash falls in the first share of this many buckets."""


def hash_bucket(customer: exp.Expr) -> exp.Expr:
    """A customer's hash bucket in [0, HASH_BUCKETS): a seeded draw (the seed is the id itself), the same
    customers on every run. ABS: PostgreSQL's and Spark's hashes are signed (DuckDB's is not)."""
    return exp.Abs(this=exp.Mod(this=exp.func("hash", customer), expression=exp.Literal.number(HASH_BUCKETS)))


def fit_sample(frame: Any, limit: int | None = None) -> Any:
    """The rows a model is fitted on: all of them up to `limit` (MAX_FIT_CUSTOMERS), else a seeded
    random sample of `limit`."""
    limit = MAX_FIT_CUSTOMERS if limit is None else limit
    return frame if len(frame) <= limit else frame.sample(n=limit, random_state=0)


def _sample_words(used: int, total: int, what: str = "customers") -> str:
    return f"{used:,} of {total:,} {what} (random sample, seed 0)"


def _as_arrays(*values: Any) -> list[np.ndarray]:
    import numpy as np

    arrays = [np.asarray(v, dtype=float) for v in values]
    n = len(arrays[0])
    if any(len(a) != n for a in arrays):
        raise ValueError("inputs must have the same length")
    if n == 0:
        raise ValueError("no customers to fit")
    return arrays


def _fit_positive(neg_ll: Any, start: np.ndarray) -> np.ndarray:
    """Minimise a negative log-likelihood over strictly positive parameters (log scale)."""
    import numpy as np
    from scipy.optimize import minimize

    result = minimize(
        lambda z: neg_ll(np.exp(z)),
        np.log(start),
        method="Nelder-Mead",
        options={"xatol": 1e-8, "fatol": 1e-8, "maxiter": 20000, "maxfev": 20000},
    )
    result = minimize(lambda z: neg_ll(np.exp(z)), result.x, method="L-BFGS-B")
    return np.exp(result.x)


class BetaGeoModel:
    """BG/NBD model of repeat-purchase counts and customer 'death', fitted by maximum likelihood."""

    def __init__(self, *, penalizer: float = 0.0) -> None:
        self.penalizer = penalizer

    @staticmethod
    def _loglik(params: np.ndarray, x: np.ndarray, tx: np.ndarray, T: np.ndarray) -> np.ndarray:
        import numpy as np
        from scipy.special import betaln, gammaln

        r, alpha, a, b = params
        a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        a2 = betaln(a, b + x) - betaln(a, b)
        a3 = -(r + x) * np.log(alpha + T)
        with np.errstate(divide="ignore", invalid="ignore"):
            a4 = np.where(
                x > 0,
                np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx),
                -np.inf,
            )
        return a1 + a2 + np.logaddexp(a3, a4)

    def fit(self, frequency: Any, recency: Any, T: Any) -> BetaGeoModel:
        """Learn r, alpha, a, b from per-customer (frequency, recency, T)."""
        import numpy as np

        x, tx, big_t = _as_arrays(frequency, recency, T)
        if np.any(tx > big_t) or np.any(x < 0):
            raise ValueError("recency must not exceed T and frequency must be >= 0")

        def neg_ll(p: np.ndarray) -> float:
            import numpy as np

            value = -self._loglik(p, x, tx, big_t).sum() + self.penalizer * float(np.sum(p**2))
            return float(value) if np.isfinite(value) else 1e300

        scale = max(float(big_t.mean()), 1e-6)
        r, alpha, a, b = _fit_positive(neg_ll, np.array([1.0, scale, 1.0, 1.0]))
        self.params_ = {"r": float(r), "alpha": float(alpha), "a": float(a), "b": float(b)}
        self.log_likelihood_ = float(self._loglik(np.array([r, alpha, a, b]), x, tx, big_t).sum())
        self.n_customers_ = len(x)
        return self

    def _p(self) -> tuple[float, float, float, float]:
        p = self.params_
        return p["r"], p["alpha"], p["a"], p["b"]

    def probability_alive(self, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """P(customer still active | history); 1 for customers without repeat purchases."""
        import numpy as np

        x, tx, big_t = _as_arrays(frequency, recency, T)
        r, alpha, a, b = self._p()
        with np.errstate(divide="ignore", over="ignore"):
            log_term = (
                np.log(a)
                - np.log(np.maximum(b + x - 1, 1e-300))
                + (r + x) * (np.log(alpha + big_t) - np.log(alpha + tx))
            )
        return np.where(x > 0, 1.0 / (1.0 + np.exp(np.minimum(log_term, 700))), 1.0)

    def expected_purchases(self, t: float, frequency: Any, recency: Any, T: Any) -> np.ndarray:
        """Expected number of purchases in the next `t` time units, per customer."""
        import numpy as np
        from scipy.special import hyp2f1

        x, tx, big_t = _as_arrays(frequency, recency, T)
        r, alpha, a, b = self._p()
        hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + big_t + t))
        numer = (a + b + x - 1) / (a - 1) * (1 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x) * hyp)
        with np.errstate(divide="ignore", over="ignore"):
            ratio = np.where(
                x > 0, a / np.maximum(b + x - 1, 1e-300) * ((alpha + big_t) / (alpha + tx)) ** (r + x), 0.0
            )
        return numer / (1 + ratio)

    def expected_purchases_new(self, t: float) -> float:
        """Expected purchases in (0, t] for a newly acquired customer."""
        from scipy.special import hyp2f1

        r, alpha, a, b = self._p()
        return float(
            (a + b - 1)
            / (a - 1)
            * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))
        )


class GammaGammaModel:
    """Gamma-Gamma model of the mean value of repeat purchases, fitted by maximum likelihood."""

    def __init__(self, *, penalizer: float = 0.0) -> None:
        self.penalizer = penalizer

    @staticmethod
    def _loglik(params: np.ndarray, x: np.ndarray, m: np.ndarray) -> np.ndarray:
        import numpy as np
        from scipy.special import gammaln

        p, q, v = params
        return (
            gammaln(p * x + q)
            - gammaln(p * x)
            - gammaln(q)
            + q * np.log(v)
            + (p * x - 1) * np.log(m)
            + p * x * np.log(x)
            - (p * x + q) * np.log(x * m + v)
        )

    def fit(self, frequency: Any, monetary_value: Any) -> GammaGammaModel:
        """Learn p, q, v from repeat buyers (frequency > 0, monetary value > 0 only are used)."""
        import numpy as np

        x, m = _as_arrays(frequency, monetary_value)
        keep = (x > 0) & (m > 0)
        x, m = x[keep], m[keep]
        if len(x) < 3:
            raise ValueError("Gamma-Gamma needs at least three repeat buyers")

        def neg_ll(p: np.ndarray) -> float:
            import numpy as np

            value = -self._loglik(p, x, m).sum() + self.penalizer * float(np.sum(p**2))
            return float(value) if np.isfinite(value) else 1e300

        p, q, v = _fit_positive(neg_ll, np.array([1.0, 2.0, float(m.mean())]))
        self.params_ = {"p": float(p), "q": float(q), "v": float(v)}
        self.n_customers_ = len(x)
        return self

    def expected_value(self, frequency: Any, monetary_value: Any) -> np.ndarray:
        """E[mean purchase value | history]; the population mean for customers without repeats."""
        import numpy as np

        x, m = _as_arrays(frequency, monetary_value)
        p, q, v = (self.params_[k] for k in ("p", "q", "v"))
        population = p * v / (q - 1) if q > 1 else np.nan
        with np.errstate(invalid="ignore"):
            conditional = p * (v + x * m) / (p * x + q - 1)
        return np.where(x > 0, conditional, population)


def customer_lifetime_value(
    bg: BetaGeoModel,
    gg: GammaGammaModel,
    frequency: Any,
    recency: Any,
    T: Any,
    monetary_value: Any,
    *,
    horizon: float = 52.0,
    discount_rate: float = 0.01,
    step: float = 4.0,
) -> np.ndarray:
    """Discounted CLV over `horizon` time units: expected purchases per step x expected value.

    `discount_rate` is per `step` (default: 1% per 4 weeks, about 13% a year).
    """
    import numpy as np

    value = gg.expected_value(frequency, monetary_value)
    total = np.zeros_like(value)
    previous = np.zeros_like(value)
    steps = int(np.ceil(horizon / step))
    for i in range(1, steps + 1):
        t = min(i * step, horizon)
        cumulative = bg.expected_purchases(t, frequency, recency, T)
        total += (cumulative - previous) * value / (1 + discount_rate) ** i
        previous = cumulative
    return total


def summarize_transactions(
    catalog: Catalog,
    table: str,
    customer: str,
    date: str,
    amount: str | exp.Expr | None,
    *,
    end: dt.date | None = None,
    unit_days: float = 7.0,
    where: exp.Expr | None = None,
) -> Any:
    """Per-customer frequency, recency, T (in weeks by default) and repeat monetary value, in SQL.

    Purchases on the same day count once (their amounts are summed); the first purchase day is excluded
    from the monetary value; rows without a customer are ignored. `amount` is a column name or a sqlglot
    expression (quantity * unit price). Transactions after `end` are ignored. Returns a pandas DataFrame.
    """
    query = summary_query(table, customer, date, amount, end=end, unit_days=unit_days, where=where)
    return catalog.frame(query)


EXACT_MONEY = exp.DataType.build("DECIMAL(38, 6)")
"""Amounts are summed as this type: a float sum depends on the rows' order (a refit on the same rows stored
in another order moved lifetime values at 1e-8), an exact one does not."""


def summary_query(
    table: str,
    customer: str,
    date: str,
    amount: str | exp.Expr | None,
    *,
    end: dt.date | None = None,
    unit_days: float = 7.0,
    where: exp.Expr | None = None,
) -> exp.Select:
    """The query behind `summarize_transactions`, as a sqlglot tree (`where`: which rows count)."""
    tx = exp.to_table(table)
    cust, day = exp.column(customer), exp.cast(exp.column(date), "DATE")
    amount_expr = exp.column(amount) if isinstance(amount, str) else amount
    # money summed as DECIMAL: exact, so rows stored in another order give the same bits and the same fit
    exact = exp.cast(amount_expr, EXACT_MONEY) if amount_expr is not None else None
    value = exp.func("sum", exact) if exact is not None else exp.Literal.number(0)
    daily = (
        exp.select(cust.as_("customer"), day.as_("day"), value.as_("value"))
        .from_(tx)
        .where(cust.is_(exp.null()).not_())
        .group_by(cust, day)
    )
    if end is not None:
        daily = daily.where(day <= exp.cast(exp.Literal.string(end.isoformat()), "DATE"))
    if where is not None:
        daily = daily.where(where)
    c, d, v = (exp.column(x) for x in ("customer", "day", "value"))
    last: exp.Expr = (
        exp.cast(exp.Literal.string(end.isoformat()), "DATE")
        if end is not None
        else exp.select(exp.func("max", d)).from_("daily").subquery()
    )

    def weeks(start: exp.Expr, stop: exp.Expr) -> exp.Expr:
        days = exp.Anonymous(this="date_diff", expressions=[exp.Literal.string("day"), start, stop])
        return exp.Div(this=days, expression=exp.Literal.number(unit_days))

    first = exp.func("min", d.copy())
    # the mean value of the purchase days after the first: (all days' value - the first day's) / repeats
    # (one pass, no per-customer sort: days are unique per customer, so the first day's value is
    # arg_min(value, day))
    days_n = exp.func("count", exp.Star())
    first_value = exp.Anonymous(this="arg_min", expressions=[v.copy(), d.copy()])
    repeat_value = exp.If(
        this=days_n > 1,
        true=exp.Div(
            this=exp.paren(exp.func("sum", v.copy()) - first_value), expression=exp.paren(days_n.copy() - 1)
        ),
        false=exp.Literal.number(0),
    )
    return (
        exp.select(
            c.copy(),
            (exp.func("count", exp.Star()) - 1).as_("frequency"),
            weeks(first, exp.func("max", d.copy())).as_("recency"),
            weeks(first.copy(), last).as_("T"),
            exp.func("coalesce", repeat_value, exp.Literal.number(0)).as_("monetary_value"),
            exp.func("sum", v.copy()).as_("revenue"),
        )
        .from_("daily")
        .with_("daily", daily)
        .group_by(c.copy())
        .order_by(c.copy())
    )


CLV_HORIZON_WEEKS = 52
"""Horizon of the predicted lifetime value."""
ANNUAL_DISCOUNT = 0.10
"""Yearly discount rate of future purchases."""
PARAM_BOUNDS = (1e-3, 1e3)
"""A fitted BG/NBD parameter outside these bounds means the optimiser ran off: the fit is degenerate."""
ALL_SAME_SHARE = 0.99
"""When this share of customers is (almost) surely alive or surely gone, P(alive) says nothing."""
MIN_HOLDOUT_WEEKS = 4


def horizon_words() -> str:
    """The prediction's horizon and discounting in words, for sentences."""
    return f"next {CLV_HORIZON_WEEKS} weeks' revenue, {ANNUAL_DISCOUNT:.0%} yearly discount"


def degenerate_reason(bg: BetaGeoModel, p_alive: np.ndarray) -> str | None:
    """Why a BG/NBD fit cannot be trusted (a parameter at a bound, everyone alive or everyone gone), or None."""
    import numpy as np

    low, high = PARAM_BOUNDS
    for name, value in bg.params_.items():
        if not np.isfinite(value) or value < low or value > high:
            return (
                f"the purchase model's parameter {name} = {value:.3g} ran to its bound, so its predictions "
                "are not meaningful (too few repeat purchases or purchases too regular for BG/NBD)"
            )
    if len(p_alive) and (p_alive > 0.99).mean() >= ALL_SAME_SHARE:
        return (
            f"the purchase model gives {(p_alive > 0.99).mean():.0%} of customers a 100% chance of being active "
            "(almost no repeat purchases to learn from), so its lifetime values are not meaningful"
        )
    if len(p_alive) and (p_alive < 0.01).mean() >= ALL_SAME_SHARE:
        return (
            f"the purchase model gives {(p_alive < 0.01).mean():.0%} of customers a 0% chance of being active, "
            "so its lifetime values are not meaningful"
        )
    return None


def holdout_check(
    catalog: Catalog,
    table: str,
    customer: str,
    date: str,
    *,
    end: dt.date,
    share: float = 0.5,
    max_rows: int = 8,
    customers: int | None = None,
) -> dict[str, Any] | None:
    """Fit BG/NBD on the first `share` of the purchase history (to a calibration end), predict each
    customer's purchases in the rest (the holdout, to `end`), and compare with what happened, as Fader,
    Hardie & Lee (2005) do: totals, and mean actual vs predicted holdout purchases by the number of repeat
    purchases in the calibration period (0, 1, ..., `max_rows` - 1 or more). None when the span is short.
    With more than HOLDOUT_CUSTOMERS `customers`, the check runs on a sample of them chosen by a hash of
    the customer id in SQL (so ten million purchases are not summarised twice), and says so."""

    def on(day: dt.date) -> exp.Expr:
        return exp.cast(exp.Literal.string(day.isoformat()), "DATE")

    days = exp.cast(exp.column(exp.to_identifier(date, quoted=True)), "DATE")
    who = exp.column(exp.to_identifier(customer, quoted=True))
    source = exp.Table(this=exp.to_identifier(table, quoted=True))
    first = frame_of(
        catalog, exp.select(exp.func("min", days).as_("first")).from_(source).where(days <= on(end))
    )
    start = first["first"].iloc[0] if len(first) else None
    if start is None or start != start:  # NULL / NaT: no purchases
        return None
    start = start.date() if hasattr(start, "date") else start
    span = (end - start).days
    calibration_end = start + dt.timedelta(days=int(span * share))
    weeks = (end - calibration_end).days / 7.0
    if weeks < MIN_HOLDOUT_WEEKS:
        return None
    sampled: exp.Expr | None = None
    if customers and customers > HOLDOUT_CUSTOMERS:
        share_in = max(1, round(HASH_BUCKETS * HOLDOUT_CUSTOMERS / customers))
        sampled = hash_bucket(who.copy()) < exp.Literal.number(share_in)
    calibration = summarize_transactions(
        catalog, table, customer, date, None, end=calibration_end, where=sampled
    )
    if len(calibration) < 20 or (calibration["frequency"] > 0).sum() < 5:
        return None
    holdout = frame_of(
        catalog,
        exp.select(who.as_("customer"), exp.func("count", exp.Distinct(expressions=[days])).as_("actual"))
        .from_(source)
        .where(days > on(calibration_end))
        .where(days <= on(end))
        .where(who.is_(exp.null()).not_())
        .where(sampled if sampled is not None else exp.true())
        .group_by(who.copy()),
    )
    frame = calibration.merge(holdout, on="customer", how="left")
    total = customers if sampled is not None and customers else len(frame)
    frame = fit_sample(frame, HOLDOUT_CUSTOMERS)  # the check is run on (and says) the sample
    frame["actual"] = frame["actual"].fillna(0).astype(float)
    bg = BetaGeoModel().fit(frame["frequency"], frame["recency"], frame["T"])
    frame["predicted"] = bg.expected_purchases(weeks, frame["frequency"], frame["recency"], frame["T"])
    bucket = frame["frequency"].clip(upper=max_rows - 1).astype(int)
    rows = []
    for x, group in frame.groupby(bucket):
        label = f"{x}+" if x == max_rows - 1 else str(x)
        rows.append((label, len(group), float(group["actual"].mean()), float(group["predicted"].mean())))
    actual, predicted = float(frame["actual"].sum()), float(frame["predicted"].sum())
    return {
        "calibration": f"{start.isoformat()} to {calibration_end.isoformat()}",
        "holdout": f"{calibration_end.isoformat()} to {end.isoformat()} ({weeks:.0f} weeks)",
        "customers": (
            len(frame)
            if len(frame) == total
            else f"{len(frame):,} of {total:,} customers (a sample: "
            + ("by a hash of the customer id" if sampled is not None else "random, seed 0")
            + ")"
        ),
        "bg/nbd (calibration)": {k: round(v, 4) for k, v in bg.params_.items()},
        "holdout purchases actual": round(actual, 1),
        "holdout purchases predicted": round(predicted, 1),
        "error of the total": round((predicted - actual) / actual, 4) if actual else None,
        "mean absolute error per customer": round(
            float((frame["predicted"] - frame["actual"]).abs().mean()), 4
        ),
        "by calibration repeat purchases (x, customers, actual mean, predicted mean)": [
            (label, n, round(a, 3), round(p, 3)) for label, n, a, p in rows
        ],
    }


def churned_customers(catalog: Catalog, tx: Transactions, end: dt.date | None) -> tuple[set[Any], str] | None:
    """Ids (as the transactions table stores them) of customers recorded as churned by `end` (a churn flag,
    or only a churn date), and the churn column in words; None when no churn is recorded for the buyers."""
    found = churned_query(catalog, tx, end)
    if found is None:
        return None
    query, words = found
    ids = set(frame_of(catalog, query)["id"].tolist())
    return ids, words


def churned_query(catalog: Catalog, tx: Transactions, end: dt.date | None) -> tuple[exp.Select, str] | None:
    """A one-column SELECT (`id`) of the customers recorded as churned by `end`, and the churn column in
    words (see `churned_customers`); None when no churn is recorded for the buyers."""

    target = find_churn_target(catalog)
    table = catalog.model.tables[target.table] if target else find_customers_table(catalog)
    if table is None or table.name == tx.table:
        return None
    churn_date = find_time(table, CHURN_DATE_NAMES)
    if target is None and churn_date is None:
        return None
    found = link(catalog.model, tx.table, table.name)
    column = found[1] if found else key_column(table)
    if column is None:
        return None
    day = exp.cast(exp.Literal.string(end.isoformat()), "DATE") if end is not None else None
    if target is not None:  # the flag, unless its churn date is after the as-of date
        condition = target.condition()
        if churn_date is not None and day is not None:
            condition = exp.and_(
                condition, exp.func("coalesce", exp.cast(quote(churn_date), "DATE") <= day, exp.true())
            )
        words = f"{table.name}.{target.column}"
    elif churn_date is not None:  # only a churn date: churned when it is set (and not after the as-of date)
        condition = quote(churn_date).is_(exp.null()).not_()
        if day is not None:
            condition = exp.and_(condition, exp.cast(quote(churn_date), "DATE") <= day)
        words = f"{table.name}.{churn_date}"
    else:
        return None
    query = exp.select(quote(column).as_("id")).from_(table_ref(table.name)).where(condition)
    return query, words


def fit_customer_value(catalog: Catalog, tx: Transactions, end: dt.date | None = None) -> dict[str, Any]:
    """Per customer: history (orders, revenue, AOV, tenure), P(alive), expected purchases and predicted
    CLV over CLV_HORIZON_WEEKS, from BG/NBD + Gamma-Gamma fitted on purchases up to the analysis date
    (`end`, or the catalog's as-of date). Customers recorded as churned get zero future value.

    Returns {"frame", "card", "sql", "degenerate": reason or None, "contractual": churn column words or
    None, "holdout": the calibration/holdout check or None}; cached in memory and on disk per data and date.
    """

    cut = analysis_date(catalog, end)
    parts = (data_key(catalog), f"{tx.table}.{tx.customer}", str(cut))
    return model_cache.cached("clv", parts, lambda: _fit_customer_value(catalog, tx, cut))


def history_query(tx: Transactions, end: dt.date | None) -> exp.Select:
    """Per customer: first and last purchase day and number of orders up to `end` (unordered)."""
    query = (
        exp.select(
            quote(tx.customer).as_("customer"),
            exp.func("min", exp.cast(quote(tx.date), "DATE")).as_("first_purchase"),
            exp.func("max", exp.cast(quote(tx.date), "DATE")).as_("last_purchase"),
            tx.orders().as_("orders"),
        )
        .from_(table_ref(tx.table))
        .where(quote(tx.customer).is_(exp.null()).not_())
        .group_by(quote(tx.customer))
    )
    if end is not None:
        query = query.where(
            exp.cast(quote(tx.date), "DATE") <= exp.cast(exp.Literal.string(end.isoformat()), "DATE")
        )
    return query


def _fit_customer_value(catalog: Catalog, tx: Transactions, end: dt.date | None) -> dict[str, Any]:
    if catalog.backend.name != "DuckDB":  # the data stays on the server: a sampled fit, streamed scores
        from analytics import clv_scale

        return clv_scale.fit_in_place(catalog, tx, end)

    summary = summarize_transactions(catalog, tx.table, tx.customer, tx.date, tx.value(), end=end)
    sample = fit_sample(summary)
    bg = BetaGeoModel().fit(sample["frequency"], sample["recency"], sample["T"])
    args = (summary["frequency"], summary["recency"], summary["T"])
    summary["p_alive"] = bg.probability_alive(*args)
    degenerate = degenerate_reason(bg, summary["p_alive"].to_numpy())
    purchases = f"expected_purchases_{CLV_HORIZON_WEEKS}w"
    summary[purchases] = bg.expected_purchases(CLV_HORIZON_WEEKS, *args)
    card: dict[str, Any] = {
        "model": "BG/NBD + Gamma-Gamma (maximum likelihood)",
        "as of": end.isoformat() if end else "the last purchase",
        "customers": len(summary),
        "time unit": "weeks",
        "bg/nbd": {k: round(v, 4) for k, v in bg.params_.items()},
        "bg/nbd log-likelihood": round(bg.log_likelihood_, 2),
        **({"fit sample": _sample_words(len(sample), len(summary))} if len(sample) < len(summary) else {}),
        "horizon weeks": CLV_HORIZON_WEEKS,
        "annual discount rate": ANNUAL_DISCOUNT,
        "value": horizon_words(),
    }
    repeaters = int(((summary["frequency"] > 0) & (summary["monetary_value"] > 0)).sum())
    if tx.has_value and repeaters >= 3:
        buyers = fit_sample(summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)])
        gg = GammaGammaModel().fit(buyers["frequency"], buyers["monetary_value"])
        if len(buyers) < repeaters:
            card["gamma-gamma fit sample"] = _sample_words(len(buyers), repeaters, "repeat buyers")
        step_rate = (1 + ANNUAL_DISCOUNT) ** (4 / 52) - 1
        summary["expected_order_value"] = gg.expected_value(summary["frequency"], summary["monetary_value"])
        summary["predicted_clv"] = customer_lifetime_value(
            bg, gg, *args, summary["monetary_value"], horizon=CLV_HORIZON_WEEKS, discount_rate=step_rate
        )
        card["gamma-gamma"] = {k: round(v, 4) for k, v in gg.params_.items()}
        card["repeat buyers"] = repeaters
    contractual = None
    churned = churned_customers(catalog, tx, end)
    if churned is not None:
        ids, contractual = churned
        gone = summary["customer"].isin(ids)
        for column in ("p_alive", purchases, "predicted_clv"):
            if column in summary:
                summary.loc[gone, column] = 0.0
        card["setting"] = (
            f"contractual: churn is recorded ({contractual}); the {int(gone.sum()):,} churned customers get zero "
            "future value, the others are modelled with BG/NBD, which assumes customers leave unobserved"
        )
    if end is not None:
        try:
            card["calibration/holdout check"] = holdout_check(
                catalog, tx.table, tx.customer, tx.date, end=end, customers=len(summary)
            )
        except (ValueError, ArithmeticError) as e:  # a check that cannot run is said, not raised
            card["calibration/holdout check"] = f"could not run: {e}"
    if degenerate:
        card["degenerate"] = degenerate
    query = history_query(tx, end)
    history = catalog.frame(query.order_by(quote(tx.customer)))  # ties rank alike on every backend
    frame = history.merge(summary, on="customer", how="left")
    frame["revenue"] = frame["revenue"].astype(float)
    frame["average_order_value"] = frame["revenue"] / frame["orders"]
    frame["tenure_days"] = (frame["last_purchase"] - frame["first_purchase"]).dt.days
    frame["first_purchase"] = frame["first_purchase"].dt.date
    frame["last_purchase"] = frame["last_purchase"].dt.date
    return {
        "frame": frame,
        "card": card,
        "sql": query.sql(dialect="duckdb"),
        "degenerate": degenerate,
        "contractual": contractual,
        "holdout": card.get("calibration/holdout check"),
    }
