"""Analytics at ten million rows (#16 point 14): churn drivers, churn risk, RFM segments and lifetime
value on 10M orders of 1M customers, each answered cold (no fitted model on disk) and warm (the model
cache filled by the cold answer). Goals: cold < 30 s, warm < 1 s per question.

The data is made by DuckDB SQL in a temporary folder (never committed): customers with a plan, region,
signup date, monthly fee and a churn flag whose odds depend on the plan and the fee, and orders between
each customer's signup and churn (or the end of the data). It is loaded once with `Catalog.load` (the
cold load and the load from the catalog cache are reported too); every question then runs in process on
a freshly loaded Catalog object with the in-process model memory cleared, so a warm answer comes from
the disk cache exactly as a second `cra ask` would. Quick mode: 200k orders of 20k customers.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

SIZES = {False: (1_000_000, 10_000_000), True: (20_000, 200_000)}
"""quick -> (customers, orders)."""
COLD_GOAL_S, WARM_GOAL_S = 30.0, 1.0
QUESTIONS = {
    "churn drivers": "what drives churn?",
    "churn risk": "which customers are likely to churn?",
    "RFM segments": "customer segments",
    "lifetime value": "customer lifetime value",
}
"""What each row measures -> the question asked."""
END = "2025-12-31"


def _uniform(i: str, salt: int) -> str:
    """A deterministic pseudo-random number in [0, 1) from a row number, as DuckDB SQL."""
    return f"((hash({i}, {salt}) % 1000003) / 1000003.0)"


def _uniform1(i: str, salt: int) -> str:
    """As `_uniform`, in (0, 1] (its logarithm is finite)."""
    return f"(((hash({i}, {salt}) % 1000003) + 1) / 1000003.0)"


def generate(folder: Path, customers: int, orders: int) -> list[Path]:
    """customers.parquet and orders.parquet in `folder`, made by DuckDB SQL (deterministic)."""
    import duckdb

    u, u1 = _uniform, _uniform1
    con = duckdb.connect()
    con.execute(
        f"""CREATE TABLE customers AS
        WITH base AS (
            SELECT i + 1 AS id,
                   ['Basic', 'Standard', 'Pro', 'Enterprise'][1 + (hash(i, 1) % 4)::INT] AS plan,
                   ['Europe', 'North America', 'Asia Pacific', 'Latin America'][1 + (hash(i, 2) % 4)::INT] AS region,
                   ['Web', 'Partner', 'Paid Search', 'Referral'][1 + (hash(i, 3) % 4)::INT] AS acquisition_channel,
                   DATE '2021-01-01' + CAST(floor({u("i", 4)} * 1500) AS INT) AS signup_date,
                   {u("i", 5)} AS r_churn, {u("i", 6)} AS r_when, {u("i", 7)} AS r_fee
            FROM range({customers}) t(i))
        SELECT id, 'Customer ' || id AS name, region, plan, acquisition_channel, signup_date,
               round(CASE plan WHEN 'Basic' THEN 29 WHEN 'Standard' THEN 79 WHEN 'Pro' THEN 199 ELSE 499 END
                     * (0.8 + 0.4 * r_fee), 2) AS monthly_fee,
               CASE WHEN r_churn < CASE plan WHEN 'Basic' THEN 0.4 WHEN 'Standard' THEN 0.24
                                             WHEN 'Pro' THEN 0.14 ELSE 0.06 END * (0.6 + 0.8 * r_fee)
                    THEN 'Yes' ELSE 'No' END AS churned,
               r_when
        FROM base"""
    )
    con.execute(
        f"""CREATE OR REPLACE TABLE customers AS
        SELECT * EXCLUDE (r_when),
               CASE WHEN churned = 'Yes' THEN signup_date
                    + CAST(floor(r_when * (DATE '{END}' - signup_date)) AS INT) END AS churn_date
        FROM customers"""
    )
    # purchases as BG/NBD assumes them: each customer buys at its own rate (a product of two
    # exponentials: heterogeneous), until it churns or silently stops (an exponential lifetime)
    con.execute(
        f"""CREATE TABLE spans AS
        WITH s AS (
            SELECT id, signup_date,
                   least(coalesce(churn_date, DATE '{END}'),
                         signup_date + CAST(ceil(-ln({u1("id", 21)}) * 700) AS INT)) AS alive_end,
                   -ln({u1("id", 22)}) * -ln({u1("id", 23)}) AS rate
            FROM customers)
        SELECT id, signup_date, alive_end - signup_date + 1 AS days,
               rate * (alive_end - signup_date + 1) * -ln({u1("id", 24)}) AS weight
        FROM s"""
    )
    con.execute(
        f"""CREATE TABLE orders AS
        WITH k AS (
            SELECT id, signup_date, days,
                   CAST(floor(weight * {orders} / sum(weight) OVER () + {u("id", 25)}) AS BIGINT) AS n
            FROM spans),
        o AS (SELECT id AS customer_id, signup_date, days, unnest(range(n)) AS j FROM k WHERE n > 0)
        SELECT row_number() OVER (ORDER BY customer_id, j) AS id, customer_id,
               signup_date + CAST(floor({u("customer_id * 7919 + j", 12)} * days) AS INT) AS order_date,
               ['Add-on', 'Credits', 'Services', 'Licences'][1 + (hash(customer_id, j, 13) % 4)::INT] AS category,
               1 + (hash(customer_id, j, 14) % 5)::INT AS quantity,
               round(exp(3.2 + 0.4 * (customer_id % 5) / 4 + 1.1 * ({u("j", 15)} + {u("customer_id", 16)}
                     + {u("customer_id * 31 + j", 17)} - 1.5)), 2) AS amount,
               ['Web', 'Sales', 'Partner'][1 + (hash(customer_id, j, 18) % 3)::INT] AS channel
        FROM o"""
    )
    paths = []
    for name in ("customers", "orders"):
        path = folder / f"{name}.parquet"
        con.execute(f"COPY {name} TO '{path}' (FORMAT parquet)")
        paths.append(path)
    con.close()
    return paths


def _ask(paths: list[Path], question: str) -> tuple[float, Any]:
    """Seconds to answer `question` on a freshly loaded catalog (loaded from the catalog cache, not
    timed) with the in-process model and answer memory cleared: what a new `cra ask` spends on the answer
    (warm: the answer remembered on disk by assistant.remembered, else the fitted model)."""
    from analytics import model_cache
    from assistant import remembered
    from assistant.engine import Assistant
    from catalog import Catalog

    model_cache.clear_memory()
    remembered.clear_memory()
    catalog = Catalog.load([str(p) for p in paths])
    started = time.perf_counter()
    answer = Assistant(catalog).ask(question)
    return time.perf_counter() - started, answer


def run(quick: bool) -> list[dict[str, Any]]:
    """Rows for `make bench`."""
    from catalog import Catalog

    customers, orders = SIZES[quick]
    rows: list[dict[str, Any]] = []
    saved = {k: os.environ.get(k) for k in ("CRA_CACHE_DIR", "CRA_NO_CACHE")}
    with tempfile.TemporaryDirectory(prefix="cra_bench_scale_") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        paths = generate(folder, customers, orders)
        made = time.perf_counter() - started
        os.environ.pop("CRA_NO_CACHE", None)
        try:
            os.environ["CRA_CACHE_DIR"] = str(folder / "cache")
            started = time.perf_counter()
            Catalog.load([str(p) for p in paths])
            cold_load = time.perf_counter() - started
            started = time.perf_counter()
            Catalog.load([str(p) for p in paths])
            cached_load = time.perf_counter() - started
            rows.append(
                {
                    "benchmark": f"scale: load {orders:,} orders / {customers:,} customers",
                    "ours_s": cached_load,
                    "baseline_s": cold_load,
                    "goal": "-",
                    "note": f"from the catalog cache; baseline: the first load (data made in {made:.1f} s)",
                }
            )
            for what, question in QUESTIONS.items():
                # each question cold on its own (an empty model cache), then warm from what it stored
                os.environ["CRA_CACHE_DIR"] = str(folder / f"cache-{what.replace(' ', '_')}")
                Catalog.load([str(p) for p in paths])  # the catalog cache of this folder (not timed)
                cold, answer = _ask(paths, question)
                warm = statistics.median(_ask(paths, question)[0] for _ in range(1 if quick else 3))
                card = answer.model_card or {}
                sample = next((f"{k}: {v}" for k, v in card.items() if "sample" in str(k).lower()), "")
                rows.append(
                    {
                        "benchmark": f"scale: {what} cold ({question!r})",
                        "ours_s": cold,
                        "baseline_s": None,
                        "goal": f"< {COLD_GOAL_S:.0f} s",
                        "note": f"{answer.status}; {sample}"[:110],
                    }
                )
                rows.append(
                    {
                        "benchmark": f"scale: {what} warm",
                        "ours_s": warm,
                        "baseline_s": cold,
                        "goal": f"< {WARM_GOAL_S:.0f} s",
                        "note": "answer remembered on disk (else the model from the disk cache); baseline: cold",
                    }
                )
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    return rows


if __name__ == "__main__":
    import sys

    from benchmarks.run import format_table

    print(format_table(run("--quick" in sys.argv)))
