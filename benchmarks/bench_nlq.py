"""Question engine speed: parse-and-plan per question, and `ask` end to end vs the same SQL on DuckDB.

Goals: median parse-and-plan < 5 ms; median ask / direct DuckDB <= 1.2. Quick mode uses small data.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

QUESTIONS = [
    "how many customers",
    "how many orders",
    "count tickets",
    "revenue by region",
    "total amount by month",
    "revenue last quarter",
    "churn rate by plan",
    "which plan has the highest churn rate",
    "average monthly fee of churned customers",
    "top 10 customers by revenue",
    "how many customers placed orders in 2024",
    "number of orders by channel",
    "average amount by category",
    "how many customers in Europe churned",
    "revenue this year vs last year",
    "what share of orders came through the web channel",
    "average nps by plan",
    "how many tickets by priority",
    "number of urgent tickets",
    "median amount per order",
    "monthly revenue trend",
    "how many different products",
    "what is the most popular product",
    "customers with monthly fee above 150",
    "total quantity in 2023",
]


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def run(quick: bool, sizes: tuple[int, int, int] | None = None) -> list[dict[str, Any]]:
    from assistant.engine import Assistant
    from benchmarks.generate_large import generate
    from catalog import Catalog

    sizes = sizes or ((2_000, 20_000, 2_000) if quick else (1_000_000, 10_000_000, 1_000_000))
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(Path(tmp), *sizes, formats=("parquet",))
        catalog = Catalog.load([str(p) for p in paths.values()])
        bot = Assistant(catalog)
        # parse-and-plan: >= 200 questions (the list repeated), no DuckDB work
        plan_times: list[float] = []
        answered = 0
        for _ in range(max(1, 200 // len(QUESTIONS) + 1)):
            for q in QUESTIONS:
                bot.reset()
                t0 = time.perf_counter()
                plan = bot.plan(q)
                plan_times.append(time.perf_counter() - t0)
                answered += plan.status == "answer"
        # end to end: ask vs the same SQL run directly
        ratios: list[float] = []
        ask_times: list[float] = []
        for q in QUESTIONS:
            answer = bot.ask(q)  # warm up (first run of a query shape)
            if answer.status != "answer" or not answer.sql:
                continue
            t_ask, t_sql = [], []
            for _ in range(3):
                bot.reset()
                t0 = time.perf_counter()
                bot.ask(q)
                t_ask.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                catalog.con.execute(answer.sql).fetchall()
                t_sql.append(time.perf_counter() - t0)
            ask_times.append(min(t_ask))
            ratios.append(min(t_ask) / max(min(t_sql), 1e-6))
    n_plan = len(plan_times)
    rows = [
        {
            "benchmark": "nlq parse+plan median",
            "ours_s": statistics.median(plan_times),
            "baseline_s": None,
            "ratio": None,
            "goal": "< 0.005 s",
            "note": f"{n_plan} questions, {answered} planned; sizes {sizes}",
        },
        {
            "benchmark": "nlq parse+plan p95",
            "ours_s": _percentile(plan_times, 0.95),
            "baseline_s": None,
            "ratio": None,
            "goal": "-",
            "note": f"{n_plan} questions",
        },
        {
            "benchmark": "nlq ask vs direct DuckDB (median ratio)",
            "ours_s": statistics.median(ask_times) if ask_times else None,
            "baseline_s": None,
            "ratio": statistics.median(ratios) if ratios else None,
            "goal": "ratio <= 1.2",
            "note": f"{len(ratios)} answered questions",
        },
    ]
    return rows


if __name__ == "__main__":
    for row in run(quick=True):
        print(row)
