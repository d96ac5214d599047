"""Benchmark: `cra ask` start-up on the bundled samples, cold (empty cache) and warm (the load cache and
the remembered word facts present), and whether lemminflect/wordfreq were imported at all.

Run: python -m benchmarks.bench_startup [--quick]. Numbers, never asserts (tests hold no timings).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "how many customers"


def _ask(cache: Path) -> tuple[float, bool]:
    """Seconds of one `cra ask` process, and whether it imported lemminflect or wordfreq."""
    env = {**os.environ, "CRA_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    cmd = [
        sys.executable,
        "-X",
        "importtime",
        "-m",
        "assistant.cli",
        "ask",
        "--data",
        str(ROOT / "samples"),
        QUESTION,
    ]
    started = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    heavy = any(
        f"| {lib}" in line for line in done.stderr.splitlines() for lib in ("lemminflect", "wordfreq")
    )
    return seconds, heavy


def run(quick: bool) -> list[dict]:
    """Rows for `make bench`."""
    repeats = 2 if quick else 5
    with tempfile.TemporaryDirectory(prefix="cra_bench_startup_") as tmp:
        cold = [_ask(Path(tmp) / f"cold{i}") for i in range(repeats)]
        warm_cache = Path(tmp) / "warm"
        _ask(warm_cache)
        warm = [_ask(warm_cache) for _ in range(repeats)]
    rows = []
    for name, runs in (("cold (empty cache)", cold), ("warm (cache filled)", warm)):
        rows.append(
            {
                "benchmark": f"cra ask start-up, {name}, samples",
                "ours_s": statistics.median(s for s, _ in runs),
                "goal": "warm: no lemminflect/wordfreq load",
                "note": f"median of {len(runs)}; lemminflect/wordfreq imported: {any(h for _, h in runs)}",
            }
        )
    return rows


if __name__ == "__main__":
    for row in run("--quick" in sys.argv):
        print(row)
