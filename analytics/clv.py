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

import numpy as np

if TYPE_CHECKING:
    from sqlglot import exp

    from analytics.schema import Transactions
    from catalog import Catalog


def _as_arrays(*values: Any) -> list[np.ndarray]:
    arrays = [np.asarray(v, dtype=float) for v in values]
    n = len(arrays[0])
    if any(len(a) != n for a in arrays):
        raise ValueError("inputs must have the same length")
    if n == 0:
        raise ValueError("no customers to fit")
    return arrays


def _fit_positive(neg_ll: Any, start: np.ndarray) -> np.ndarray:
    """Minimise a negative log-likelihood over strictly positive parameters (log scale)."""
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
        x, tx, big_t = _as_arrays(frequency, recency, T)
        if np.any(tx > big_t) or np.any(x < 0):
            raise ValueError("recency must not exceed T and frequency must be >= 0")

        def neg_ll(p: np.ndarray) -> float:
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
        x, m = _as_arrays(frequency, monetary_value)
        keep = (x > 0) & (m > 0)
        x, m = x[keep], m[keep]
        if len(x) < 3:
            raise ValueError("Gamma-Gamma needs at least three repeat buyers")

        def neg_ll(p: np.ndarray) -> float:
            value = -self._loglik(p, x, m).sum() + self.penalizer * float(np.sum(p**2))
            return float(value) if np.isfinite(value) else 1e300

        p, q, v = _fit_positive(neg_ll, np.array([1.0, 2.0, float(m.mean())]))
        self.params_ = {"p": float(p), "q": float(q), "v": float(v)}
        self.n_customers_ = len(x)
        return self

    def expected_value(self, frequency: Any, monetary_value: Any) -> np.ndarray:
        """E[mean purchase value | history]; the population mean for customers without repeats."""
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
) -> Any:
    """Per-customer frequency, recency, T (in weeks by default) and repeat monetary value, in SQL.

    Purchases on the same day count once (their amounts are summed); the first purchase day is excluded
    from the monetary value; rows without a customer are ignored. `amount` is a column name or a sqlglot
    expression (quantity * unit price). Transactions after `end` are ignored. Returns a pandas DataFrame.
    """
    return catalog.frame(summary_query(table, customer, date, amount, end=end, unit_days=unit_days))


def summary_query(
    table: str,
    customer: str,
    date: str,
    amount: str | exp.Expr | None,
    *,
    end: dt.date | None = None,
    unit_days: float = 7.0,
) -> exp.Select:
    """The query behind `summarize_transactions`, as a sqlglot tree."""
    from sqlglot import exp

    tx = exp.to_table(table)
    cust, day = exp.column(customer), exp.cast(exp.column(date), "DATE")
    amount_expr = exp.column(amount) if isinstance(amount, str) else amount
    value = exp.func("sum", amount_expr) if amount_expr is not None else exp.Literal.number(0)
    daily = (
        exp.select(cust.as_("customer"), day.as_("day"), value.as_("value"))
        .from_(tx)
        .where(cust.is_(exp.null()).not_())
        .group_by(cust, day)
    )
    if end is not None:
        daily = daily.where(day <= exp.cast(exp.Literal.string(end.isoformat()), "DATE"))
    c, d, v, n = (exp.column(x) for x in ("customer", "day", "value", "n"))
    last: exp.Expr = (
        exp.cast(exp.Literal.string(end.isoformat()), "DATE")
        if end is not None
        else exp.select(exp.func("max", d)).from_("daily").subquery()
    )
    order = exp.Order(expressions=[exp.Ordered(this=d.copy())])
    rank = exp.Window(this=exp.Anonymous(this="row_number"), partition_by=[c.copy()], order=order)
    ranked = exp.select(exp.Star(), rank.as_("n")).from_("daily")

    def weeks(start: exp.Expr, stop: exp.Expr) -> exp.Expr:
        days = exp.Anonymous(this="date_diff", expressions=[exp.Literal.string("day"), start, stop])
        return exp.Div(this=days, expression=exp.Literal.number(unit_days))

    first = exp.func("min", d.copy())
    repeat_value = exp.Filter(this=exp.func("avg", v.copy()), expression=exp.Where(this=n > 1))
    return (
        exp.select(
            c.copy(),
            (exp.func("count", exp.Star()) - 1).as_("frequency"),
            weeks(first, exp.func("max", d.copy())).as_("recency"),
            weeks(first.copy(), last).as_("T"),
            exp.func("coalesce", repeat_value, exp.Literal.number(0)).as_("monetary_value"),
            exp.func("sum", v.copy()).as_("revenue"),
        )
        .from_("ranked")
        .with_("daily", daily)
        .with_("ranked", ranked)
        .group_by(c.copy())
        .order_by(c.copy())
    )


CLV_HORIZON_WEEKS = 52
"""Horizon of the predicted lifetime value."""
ANNUAL_DISCOUNT = 0.10
"""Yearly discount rate of future purchases."""
_CLV_CACHE: dict[tuple[str, str, str], dict[str, Any]] = {}


def fit_customer_value(catalog: Catalog, tx: Transactions, end: dt.date | None = None) -> dict[str, Any]:
    """Per customer: history (orders, revenue, AOV, tenure), P(alive), expected purchases and predicted
    CLV over CLV_HORIZON_WEEKS, from BG/NBD + Gamma-Gamma fitted on purchases up to `end`.

    Returns {"frame": DataFrame, "card": model card, "sql": the history query}; cached per data and end.
    """
    from sqlglot import exp

    from analytics import schema as sc

    key = (sc.data_key(catalog), f"{tx.table}.{tx.customer}", str(end))
    if key in _CLV_CACHE:
        return _CLV_CACHE[key]
    summary = summarize_transactions(catalog, tx.table, tx.customer, tx.date, tx.value(), end=end)
    bg = BetaGeoModel().fit(summary["frequency"], summary["recency"], summary["T"])
    args = (summary["frequency"], summary["recency"], summary["T"])
    summary["p_alive"] = bg.probability_alive(*args)
    summary[f"expected_purchases_{CLV_HORIZON_WEEKS}w"] = bg.expected_purchases(CLV_HORIZON_WEEKS, *args)
    card: dict[str, Any] = {
        "model": "BG/NBD + Gamma-Gamma (maximum likelihood)",
        "customers": len(summary),
        "time unit": "weeks",
        "bg/nbd": {k: round(v, 4) for k, v in bg.params_.items()},
        "bg/nbd log-likelihood": round(bg.log_likelihood_, 2),
        "horizon weeks": CLV_HORIZON_WEEKS,
        "annual discount rate": ANNUAL_DISCOUNT,
    }
    repeaters = int(((summary["frequency"] > 0) & (summary["monetary_value"] > 0)).sum())
    if tx.has_value and repeaters >= 3:
        gg = GammaGammaModel().fit(summary["frequency"], summary["monetary_value"])
        step_rate = (1 + ANNUAL_DISCOUNT) ** (4 / 52) - 1
        summary["expected_order_value"] = gg.expected_value(summary["frequency"], summary["monetary_value"])
        summary["predicted_clv"] = customer_lifetime_value(
            bg, gg, *args, summary["monetary_value"], horizon=CLV_HORIZON_WEEKS, discount_rate=step_rate
        )
        card["gamma-gamma"] = {k: round(v, 4) for k, v in gg.params_.items()}
        card["repeat buyers"] = repeaters
    query = (
        exp.select(
            sc.quote(tx.customer).as_("customer"),
            exp.func("min", exp.cast(sc.quote(tx.date), "DATE")).as_("first_purchase"),
            exp.func("max", exp.cast(sc.quote(tx.date), "DATE")).as_("last_purchase"),
            tx.orders().as_("orders"),
        )
        .from_(sc.table_ref(tx.table))
        .where(sc.quote(tx.customer).is_(exp.null()).not_())
        .group_by(sc.quote(tx.customer))
    )
    if end is not None:
        query = query.where(
            exp.cast(sc.quote(tx.date), "DATE") <= exp.cast(exp.Literal.string(end.isoformat()), "DATE")
        )
    history = catalog.frame(query)
    frame = history.merge(summary, on="customer", how="left")
    frame["revenue"] = frame["revenue"].astype(float)
    frame["average_order_value"] = frame["revenue"] / frame["orders"]
    frame["tenure_days"] = (frame["last_purchase"] - frame["first_purchase"]).dt.days
    frame["first_purchase"] = frame["first_purchase"].dt.date
    frame["last_purchase"] = frame["last_purchase"].dt.date
    fit = {"frame": frame, "card": card, "sql": query.sql(dialect="duckdb")}
    _CLV_CACHE[key] = fit
    return fit
