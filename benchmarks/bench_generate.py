"""Benchmark: generating large CRM data (benchmarks.generate_large) into a temporary folder."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

SIZES = {False: (1_000_000, 10_000_000, 1_000_000), True: (50_000, 500_000, 50_000)}
"""quick -> (customers, orders, feedback)."""
GOAL_ROWS_PER_S = 500_000


def run(quick: bool) -> list[dict]:
    """One row per format: seconds to build and write all four tables."""
    from benchmarks.generate_large import generate

    customers, orders, feedback = SIZES[quick]
    rows = []
    for fmt in ("csv", "parquet"):
        with tempfile.TemporaryDirectory(prefix="cra_bench_") as tmp:
            started = time.perf_counter()
            written = generate(Path(tmp), customers, orders, feedback, formats=(fmt,))
            seconds = time.perf_counter() - started
            size_mb = sum(p.stat().st_size for p in written.values()) / 1e6
        total = customers + orders + feedback + round(customers * 1.6)
        rows.append(
            {
                "benchmark": f"generate_large {fmt} ({orders:,} orders)",
                "ours_s": seconds,
                "baseline_s": None,
                "ratio": None,
                "goal": f">= {GOAL_ROWS_PER_S:,} rows/s",
                "note": f"{total / seconds:,.0f} rows/s, {size_mb:,.0f} MB",
            }
        )
    return rows
