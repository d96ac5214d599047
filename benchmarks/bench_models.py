"""Warm answers from the model cache: a second `cra ask "what drives churn?"` and a second `cra report`.

`run(quick)` runs the real command line (a new process each time, as a user would) on the bundled samples
with an empty CRA_CACHE_DIR: the first run fits the churn, lifetime-value and cluster models and stores
them; the warm runs read them from disk. Baseline: the cold first run. Goals: warm churn answer < 1 s,
warm report < 8 s. The note gives the time of a plain counting question, the floor of any `cra ask`
(interpreter start, imports, loading the samples from the catalog cache). Bytecode is cached (in the
temporary folder) as it is for an installed `cra`, even where PYTHONDONTWRITEBYTECODE is set.
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
AS_OF = "2025-12-31"
CHURN_GOAL_S = 1.0
REPORT_GOAL_S = 8.0


CPU: dict[str, list[float]] = {}
"""Command -> CPU seconds (user + system) of each run: on a busy machine wall time also counts waiting."""


def _timed(args: list[str], env: dict[str, str]) -> float:
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args], env=env, cwd=ROOT, check=True, capture_output=True
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    CPU.setdefault(args[0] + ":" + args[-1], []).append(cpu)
    return wall


def _cpu(args: list[str]) -> str:
    """The median CPU time of the warm runs of a command."""
    runs = CPU.get(args[0] + ":" + args[-1], [])
    return f"CPU {statistics.median(runs[1:] or runs):.2f} s warm" if runs else ""


def run(quick: bool) -> list[dict]:
    """Rows for `make bench`."""
    repeats = 1 if quick else 3
    with tempfile.TemporaryDirectory(prefix="cra_bench_models_") as tmp:
        env = dict(
            os.environ,
            CRA_CACHE_DIR=str(Path(tmp) / "cache"),
            PYTHONPATH=str(ROOT),
            PYTHONPYCACHEPREFIX=str(Path(tmp) / "pycache"),  # bytecode cached as an installed cra has it
        )
        env.pop("CRA_NO_CACHE", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        ask = ["ask", "--as-of", AS_OF, "what drives churn?"]
        report = ["report", "--as-of", AS_OF, "--format", "md", "--force", "-o", str(Path(tmp) / "report.md")]
        cold_ask = _timed(ask, env)
        warm_ask = statistics.median(_timed(ask, env) for _ in range(repeats))
        floor = statistics.median(
            _timed(["ask", "--as-of", AS_OF, "how many customers?"], env) for _ in range(repeats)
        )
        cold_env = dict(env, CRA_CACHE_DIR=str(Path(tmp) / "cache-report"))
        cold_report = _timed(report, cold_env)
        warm_report = statistics.median(_timed(report, cold_env) for _ in range(repeats))
    return [
        {
            "benchmark": 'warm `cra ask "what drives churn?"` (samples, model on disk)',
            "ours_s": warm_ask,
            "baseline_s": cold_ask,
            "goal": f"< {CHURN_GOAL_S:.0f} s",
            "note": f"{_cpu(ask)}; baseline: the cold first ask (fits the model); "
            f"`how many customers?` takes {floor:.2f} s",
        },
        {
            "benchmark": "warm `cra report` (samples, models on disk)",
            "ours_s": warm_report,
            "baseline_s": cold_report,
            "goal": f"< {REPORT_GOAL_S:.0f} s",
            "note": f"{_cpu(report)}; baseline: the cold first report (fits churn, lifetime value, clusters)",
        },
    ]


if __name__ == "__main__":
    for row in run("--quick" in sys.argv):
        print(row)
