"""Chat UI speed: launch to the first frame ready for input, and Enter to the answer card.

`run(quick)`:
- launch: a fresh Python process imports the app, loads the bundled samples and runs the app headless
  until its first frame is ready for input (timed from the parent, interpreter start included);
  baseline: the same for a bare Textual app (an Input and a Footer). Goal: under 1.0 s. The app
  module must not import pandas/scikit-learn (checked and reported in the note).
- answer: the Enter key reaching the app to the first screen refresh after the answer card is mounted,
  for "how many orders are there?" on 10M order rows
  (1M when quick), the engine already warm; baseline: `Assistant.ask` on the same question without the UI.
  Goal: under 300 ms.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LAUNCH_GOAL_S = 1.0
ANSWER_GOAL_S = 0.3
QUESTION = "how many orders are there?"

APP_LAUNCH = """
import asyncio, os, sys, tempfile
os.environ["CRA_DATA_DIR"] = tempfile.mkdtemp(prefix="cra-bench-ui-")
from assistant.app import CraApp
from assistant.catalog import Catalog

async def main():
    app = CraApp(Catalog.load([{samples!r}]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        heavy = [m for m in ("pandas", "sklearn", "scipy", "vaderSentiment") if m in sys.modules]
        print("READY", ",".join(heavy), flush=True)

asyncio.run(main())
"""

BARE_LAUNCH = """
import asyncio
from textual.app import App
from textual.widgets import Footer, Input

class Bare(App):
    def compose(self):
        yield Input()
        yield Footer()

async def main():
    app = Bare()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        print("READY", flush=True)

asyncio.run(main())
"""


def _launch(code: str) -> tuple[float, str]:
    """Seconds from spawning a Python process to its READY line, and what followed READY."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - started
            proc.wait()
            return elapsed, line[5:].strip()
    proc.wait()
    raise RuntimeError(f"the app did not start (exit status {proc.returncode})")


def bench_launch(repeats: int) -> dict[str, Any]:
    samples = str(ROOT / "samples")
    ours = [_launch(APP_LAUNCH.format(samples=samples)) for _ in range(repeats)]
    base = [_launch(BARE_LAUNCH)[0] for _ in range(repeats)]
    catalog_s = _catalog_load_time(samples)
    heavy = ours[0][1]
    best, floor = min(t for t, _ in ours), min(base)
    return {
        "benchmark": "UI launch to first frame ready for input (samples)",
        "ours_s": best,
        "baseline_s": floor,
        "ratio": best / floor,
        "goal": f"< {LAUNCH_GOAL_S} s",
        "note": f"baseline: bare Textual app; of ours, Catalog.load of the samples takes {catalog_s:.2f} s; "
        f"heavy modules loaded at first frame: {heavy or 'none'}",
    }


def _catalog_load_time(samples: str) -> float:
    from assistant.catalog import Catalog

    started = time.perf_counter()
    Catalog.load([samples]).con.close()
    return time.perf_counter() - started


def _orders(folder: Path, rows: int) -> Path:
    """An orders Parquet file of benchmarks.generate_large (same schema as the samples)."""
    from benchmarks.generate_large import generate

    written = generate(folder, max(rows // 10, 1), rows, 1000, tickets=1000, formats=("parquet",))
    return Path(next(p for name, p in written.items() if name.startswith("orders")))


async def _enter_to_card(catalog: Any, repeats: int) -> list[float]:
    """Seconds from the Enter key reaching the app to the first screen refresh showing the answer card."""
    from assistant.app import CraApp
    from assistant.widgets.answer_card import AnswerCard
    from assistant.widgets.prompt_input import PromptInput

    marks: dict[str, float] = {}

    def hook(message: Any) -> None:
        name = type(message).__name__
        if name == "Key" and getattr(message, "key", "") == "enter" and "enter" not in marks:
            marks["enter"] = time.perf_counter()
        elif name == "Mount" and isinstance(getattr(message, "_sender", None), AnswerCard):
            app.call_after_refresh(lambda: marks.setdefault("shown", time.perf_counter()))

    app = CraApp(catalog)  # with its history (in a tmp dir): saving the question is part of the cost
    times = []
    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await app.workers.wait_for_complete()  # the engine is warm
        for _ in range(repeats):
            marks.clear()
            app.query_one(PromptInput).value = QUESTION
            await pilot.press("enter")
            while "shown" not in marks:
                await asyncio.sleep(0.001)
            times.append(marks["shown"] - marks["enter"])
            await pilot.pause()
        text = app.query(AnswerCard).last().answer.text
    if "orders" not in text.lower():
        raise RuntimeError(f"unexpected answer: {text}")
    return times


def bench_answer(quick: bool, repeats: int) -> dict[str, Any]:
    from assistant.catalog import Catalog
    from assistant.engine import Assistant

    rows = 1_000_000 if quick else 10_000_000
    with tempfile.TemporaryDirectory(prefix="cra-bench-ui-") as tmp:
        catalog = Catalog.load([f"orders={_orders(Path(tmp), rows)}"])
    engine = Assistant(catalog)
    engine.ask(QUESTION)
    base = []
    for _ in range(repeats):
        started = time.perf_counter()
        engine.ask(QUESTION)
        base.append(time.perf_counter() - started)
    duck = time.perf_counter()
    catalog.con.execute("SELECT count(*) FROM orders").fetchall()
    duck = time.perf_counter() - duck
    with tempfile.TemporaryDirectory(prefix="cra-bench-ui-") as data_dir:
        os.environ["CRA_DATA_DIR"] = data_dir
        ours = asyncio.run(_enter_to_card(catalog, repeats))
    median, floor = statistics.median(ours), statistics.median(base)
    return {
        "benchmark": f"UI Enter to answer card, count on {rows:,} rows",
        "ours_s": median,
        "baseline_s": floor,
        "ratio": median / floor if floor else None,
        "goal": f"< {ANSWER_GOAL_S} s",
        "note": f"median of {repeats}; baseline: Assistant.ask without the UI; raw DuckDB count {duck * 1000:.1f} ms",
    }


def run(quick: bool) -> list[dict[str, Any]]:
    repeats = 3 if quick else 5
    return [bench_launch(repeats), bench_answer(quick, repeats)]


if __name__ == "__main__":
    for row in run("--quick" in sys.argv):
        print(row)
