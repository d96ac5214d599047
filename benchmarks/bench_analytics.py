"""Benchmark: churn model fit, cached churn questions, and RFM segments at scale.

- churn model fit on N customers x 20 features (synthetic, made in DuckDB): goal < 60 s for 1M;
- a repeated churn question answered from the cached model: goal < 200 ms;
- RFM + segment summary on 10M orders / 1M customers (benchmarks.generate_large data when available,
  else synthetic orders made in DuckDB): goal < 10 s; baseline: the same RFM aggregation in pandas.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlglot import exp

SIZES = {False: (1_000_000, 1_000_000, 10_000_000), True: (20_000, 20_000, 200_000)}
"""quick -> (churn customers, RFM customers, RFM orders)."""
CATEGORIES = 8
MEASURES = 10
FLAGS = 2


def _n(value: float) -> exp.Expr:
    return exp.Literal.number(value)


def _uniform(i: str, salt: int) -> exp.Expr:
    """A deterministic pseudo-random number in [0, 1) from a row number, as a DuckDB expression."""
    hashed = exp.Mod(this=exp.func("hash", exp.column(i), _n(salt)), expression=_n(1000003))
    return exp.Div(this=exp.paren(hashed), expression=_n(1000003.0))


def _flag(condition: exp.Expr) -> exp.Expr:
    return exp.cast(exp.paren(condition), "INT")


def _write_parquet(query: exp.Select, path: Path) -> Path:
    """Run the tree in a fresh DuckDB and write its rows to a Parquet file."""
    import duckdb

    duckdb.connect().sql(query.sql("duckdb")).write_parquet(str(path))
    return path


def _numbers(n: int) -> exp.Expr:
    """range(n) as a table t(i)."""
    alias = exp.TableAlias(this=exp.to_identifier("t"), columns=[exp.to_identifier("i")])
    return exp.Table(this=exp.func("range", _n(n)), alias=alias)


def _churn_parquet(folder: Path, n: int) -> Path:
    """Customers with 8 categories, 10 measures and 2 flags; churn depends on a few of them."""
    i = exp.column("i")
    cats = [
        exp.DPipe(
            this=exp.Literal.string(f"c{k}_"),
            expression=exp.paren(exp.Mod(this=exp.func("hash", i.copy(), _n(k)), expression=_n(3 + k))),
        ).as_(f"cat_{k}")
        for k in range(CATEGORIES)
    ]
    nums = [
        exp.Mul(this=_uniform("i", 100 + k), expression=_n(10 * (k + 1))).as_(f"measure_{k}")
        for k in range(MEASURES)
    ]
    flags = [exp.LT(this=_uniform("i", 200 + k), expression=_n(0.3)).as_(f"flag_{k}") for k in range(FLAGS)]
    customer = exp.DPipe(this=exp.Literal.string("cust_"), expression=i.copy()).as_("customer_id")
    base = exp.select(i.copy(), customer, *cats, *nums, *flags).from_(_numbers(n))
    col, s = exp.column, exp.Literal.string
    terms: list[exp.Expr] = [
        _n(1.2) * _flag(col("cat_0").eq(s("c0_0"))),
        -(_n(2.0) * col("measure_0") / _n(10)),
        _n(1.0) * _flag(col("flag_0")),
        _n(0.5) * _flag(col("cat_3").eq(s("c3_1"))),
        _n(0.8) * col("measure_1") / _n(20),
    ]
    logit: exp.Expr = _n(-1.5)
    for term in terms:
        logit = exp.Add(this=logit, expression=term)
    chance = exp.Div(
        this=_n(1), expression=exp.paren(_n(1) + exp.func("exp", exp.Neg(this=exp.paren(logit))))
    )
    churned = exp.LT(this=_uniform("i", 999), expression=chance).as_("churned")
    query = exp.select(exp.Star(except_=[i.copy()]), churned).from_("base").with_("base", as_=base)
    return _write_parquet(query, folder / "customers.parquet")


def _orders_parquet(folder: Path, customers: int, orders: int) -> tuple[Path, str]:
    """Orders from benchmarks.generate_large when present, else synthetic ones made in DuckDB."""
    try:
        from benchmarks.generate_large import generate

        written = generate(folder, customers, orders, max(1000, customers // 100), formats=("parquet",))
        return next(p for name, p in written.items() if name.startswith("orders")), "generate_large data"
    except ImportError:
        i = exp.column("i")
        day = exp.cast(_uniform("i", 2) * _n(1000), "INT")
        query = exp.select(
            i.copy().as_("id"),
            exp.Mod(this=exp.func("hash", i.copy(), _n(1)), expression=_n(customers)).as_("customer_id"),
            exp.Add(this=exp.cast(exp.Literal.string("2022-01-01"), "DATE"), expression=day).as_(
                "order_date"
            ),
            exp.func("round", _uniform("i", 3) * _n(200), _n(2)).as_("amount"),
        ).from_(_numbers(orders))
        return _write_parquet(query, folder / "orders.parquet"), "synthetic orders"


def _pandas_rfm(path: Path, customer: str, date: str, amount: str) -> float:
    """Seconds for the same RFM aggregation and quintile scores in pandas (the baseline)."""
    import pandas as pd

    frame = pd.read_parquet(path, columns=[customer, date, amount])
    started = time.perf_counter()
    g = frame.groupby(customer).agg(last=(date, "max"), frequency=(date, "size"), monetary=(amount, "sum"))
    g["recency"] = (pd.to_datetime(g["last"]).max() - pd.to_datetime(g["last"])).dt.days + 1
    for col, asc in (("recency", False), ("frequency", True), ("monetary", True)):
        rank = g[col].rank(method="min", ascending=asc)
        g[f"{col}_score"] = (1 + (5 * (rank - 1) // len(g))).clip(upper=5)
    g.groupby(["recency_score", "frequency_score"]).size()
    return time.perf_counter() - started


def _churn_rows(folder: Path, n: int) -> list[dict]:
    from analytics import churn as ch
    from analytics import model_cache
    from analytics.churn_answers import churn_drivers, churn_risk
    from catalog import Catalog
    from catalog.skills import SkillRequest

    catalog = Catalog.load([f"customers={_churn_parquet(folder, n)}"])
    model_cache.clear_memory()  # the run uses its own empty CRA_CACHE_DIR: this is a real fit
    started = time.perf_counter()
    fit = ch.fit_churn(catalog)
    fit_s = time.perf_counter() - started
    card = fit.model_card()
    rows = [
        {
            "benchmark": f"churn model fit ({n:,} customers x {len(fit.model.features_)} features)",
            "ours_s": fit_s,
            "goal": "< 60 s for 1M",
            "note": f"{card['model']}, CV ROC-AUC {card['cv roc auc']:.3f}; {card.get('subsample', 'no subsample')}",
        }
    ]
    cases: tuple[tuple[str, Any, int | None, dict[str, Any]], ...] = (
        ("at-risk top 20", churn_risk, 20, {}),
        ("drivers", churn_drivers, None, {}),
        ("at-risk by cat_1", churn_risk, None, {"by": ("customers.cat_1",)}),
        ("drivers where cat_0 = c0_1", churn_drivers, None, {"table": "customers", "where": _where()}),
    )
    for name, skill, limit, extra in cases:
        request = SkillRequest(question=name, catalog=catalog, as_of=dt.date.today(), limit=limit, **extra)
        started = time.perf_counter()
        skill(request)
        first = time.perf_counter() - started
        started = time.perf_counter()
        answer = skill(request)
        rows.append(
            {
                "benchmark": f"repeated churn question, cached ({name}, {n:,} customers)",
                "ours_s": time.perf_counter() - started,
                "goal": "< 0.2 s",
                "note": f"status {answer.status}, {answer.row_count} rows; first ask {first:.2f} s",
            }
        )
    return rows


def _where() -> Any:
    from sqlglot import condition

    return condition('"customers"."cat_0" = \'c0_1\'')


def _rfm_rows(folder: Path, customers: int, orders: int) -> list[dict]:
    from analytics.segments import segment_summary_query
    from catalog import Catalog
    from catalog.transactions import find_transactions

    path, source = _orders_parquet(folder, customers, orders)
    catalog = Catalog.load([f"orders={path}"])
    started = time.perf_counter()
    tx = find_transactions(catalog)
    assert tx is not None and tx.amount is not None, "no transactions table with an amount column found"
    result = catalog.run(segment_summary_query(tx))
    ours = time.perf_counter() - started
    baseline = _pandas_rfm(path, tx.customer, tx.date, tx.amount)
    total = sum(r[1] for r in result.rows)
    return [
        {
            "benchmark": f"RFM + segments ({orders:,} orders / {total:,} customers)",
            "ours_s": ours,
            "baseline_s": baseline,
            "goal": "< 10 s for 10M orders",
            "note": f"DuckDB SQL vs pandas groupby baseline; {source}",
        }
    ]


def run(quick: bool) -> list[dict]:
    """Rows for `make bench`."""
    churn_n, rfm_customers, rfm_orders = SIZES[quick]
    import os

    with tempfile.TemporaryDirectory(prefix="cra_bench_analytics_") as tmp:
        folder = Path(tmp)
        os.environ["CRA_CACHE_DIR"] = str(folder / "cache")
        (folder / "churn").mkdir()
        (folder / "rfm").mkdir()
        rows = _churn_rows(folder / "churn", churn_n)
        rows += _rfm_rows(folder / "rfm", rfm_customers, rfm_orders)
    return rows


if __name__ == "__main__":
    import sys

    for row in run("--quick" in sys.argv):
        print(row)
