"""Chat UI speed: launch to the first frame ready for input, to the data ready, and Enter to the answer card.

`run(quick)`:
- launch: `cra` started as a user starts it (the installed console script, in a 100x30 pseudo-terminal,
  on the bundled samples), timed from spawning the process (interpreter start included) until the
  first frame shows the prompt and keys typed at that moment appear in it (the input is focused and
  accepting keys); baseline: the same for a bare Textual app (an Input and a Footer). Goal: under 1.0 s.
  Median of the repeats. The note says whether importing the app loads pandas/scikit-learn/scipy/VADER.
- data ready: the same launch until the header shows the loaded samples (the catalog loads in a worker
  after the first frame); baseline: the previous `cra`, which loaded the catalog before opening the app
  (first frame ready for input of `CraApp(Catalog.load(samples))`).
- answer: the Enter key reaching the app to the first screen refresh after the answer card is mounted,
  for "how many orders are there?" on 10M order rows
  (1M when quick), the engine already warm; baseline: `Assistant.ask` on the same question without the UI.
  Goal: under 300 ms.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LAUNCH_GOAL_S = 1.0
ANSWER_GOAL_S = 0.3
QUESTION = "how many orders are there?"
TERMINAL = (30, 100)
"""Rows and columns of the pseudo-terminal."""
PROMPT_SHOWN = b"sk about your data"
"""Part of the prompt's placeholder (its first letter is under the cursor, so styled apart)."""
TYPED = b"zq"
"""Keys typed as soon as the prompt shows; seeing them in the input means it accepts keys."""
DATA_SHOWN = re.compile(rb"customers [\d,]+ (rows|\xc2\xb7)|\d+ tables, [\d,]+ rows")
"""The header once the samples are loaded ("customers 5,000 rows", "customers 5,000 · feedback ...", or
"4 tables, 79,000 rows" as the width allows), looked for in the output without its escape sequences."""
ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[a-zA-Z]|\x1b[()][A-Z0-9]|\x1b[=>]")
"""Terminal control sequences (cursor moves, colours) that the screen's text is interleaved with."""
LAUNCH_TIMEOUT_S = 30.0

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Input

class Bare(App):
    def compose(self):
        yield Input(placeholder="Ask about your data, or type /help")
        yield Footer()

Bare().run()
"""

EAGER_APP = """
import sys
from assistant.app import CraApp
from catalog import Catalog

CraApp(Catalog.load([sys.argv[1]])).run()
"""
"""The previous `cra`: the catalog loaded before the app opens."""

HEAVY_CHECK = """
import sys
import assistant.cli, assistant.app
print(",".join(m for m in ("pandas", "sklearn", "scipy", "vaderSentiment", "duckdb") if m in sys.modules))
"""


def _cra_command() -> list[str]:
    """`cra` as installed beside this Python (the console script), else `python -m assistant.cli`."""
    script = Path(sys.executable).with_name("cra")
    return [str(script)] if script.exists() else [sys.executable, "-m", "assistant.cli"]


def launch_in_terminal(argv: list[str], wait_for_data: bool = False) -> dict[str, float]:
    """Seconds from spawning `argv` in a pseudo-terminal to: "frame" (the prompt shows), "input" (keys typed
    then appear in it) and, with `wait_for_data`, "data" (the header shows the loaded samples)."""
    env = dict(os.environ, TERM="xterm-256color", CRA_DATA_DIR=tempfile.mkdtemp(prefix="cra-bench-ui-"))
    env.pop("TEXTUAL", None)
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the program (nothing after execvpe runs)
        os.chdir(ROOT)
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", *TERMINAL, 0, 0))
    marks: dict[str, float] = {}
    wanted = {"frame", "input", "data"} if wait_for_data else {"frame", "input"}
    out, typed_at = b"", 0
    try:
        while not wanted <= marks.keys():
            if time.perf_counter() - started > LAUNCH_TIMEOUT_S:
                raise RuntimeError(f"{argv[-1]} did not show {sorted(wanted - marks.keys())} in time")
            if select.select([fd], [], [], 0.005)[0]:
                try:
                    out += os.read(fd, 1 << 16)
                except OSError:  # the program exited
                    raise RuntimeError(f"{argv[-1]} exited: {out[-300:]!r}") from None
            now = time.perf_counter() - started
            if "frame" not in marks and PROMPT_SHOWN in out:
                marks["frame"], typed_at = now, len(out)
                os.write(fd, TYPED)
            if "frame" in marks and "input" not in marks and TYPED in out[typed_at:]:
                marks["input"] = now
            if wait_for_data and "data" not in marks and DATA_SHOWN.search(ESCAPES.sub(b"", out)):
                marks["data"] = now
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return marks


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def bench_launch(repeats: int) -> list[dict[str, Any]]:
    samples = str(ROOT / "samples")
    ours = [launch_in_terminal(_cra_command(), wait_for_data=True) for _ in range(repeats)]
    bare = [launch_in_terminal([sys.executable, "-c", BARE_APP]) for _ in range(repeats)]
    eager = [launch_in_terminal([sys.executable, "-c", EAGER_APP, samples]) for _ in range(repeats)]
    heavy = subprocess.run(
        [sys.executable, "-c", HEAVY_CHECK], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    ready, floor = _median(ours, "input"), _median(bare, "input")
    data, before = _median(ours, "data"), _median(eager, "input")
    return [
        {
            "benchmark": "UI launch to first frame ready for input (cra, samples)",
            "ours_s": ready,
            "baseline_s": floor,
            "ratio": ready / floor,
            "goal": f"< {LAUNCH_GOAL_S} s",
            "note": f"median of {repeats} in a pty; prompt painted at {_median(ours, 'frame'):.2f} s, "
            f"best {min(r['input'] for r in ours):.2f} s; baseline: bare Textual app (Input + Footer); "
            f"modules loaded by importing the app: {heavy or 'none heavy'}",
        },
        {
            "benchmark": "UI launch to data ready (cra, samples)",
            "ours_s": data,
            "baseline_s": before,
            "ratio": data / before,
            "goal": "first frame first",
            "note": f"median of {repeats}; header shows the samples; baseline: Catalog.load before the app "
            f"(the previous cra), to its first frame ready for input",
        },
    ]


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
    from assistant.engine import Assistant
    from catalog import Catalog

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
    return [*bench_launch(repeats), bench_answer(quick, repeats)]


if __name__ == "__main__":
    if "--launch" in sys.argv:  # only the launch rows (no large data generated)
        rows = bench_launch(3 if "--quick" in sys.argv else 5)
    else:
        rows = run("--quick" in sys.argv)
    for row in rows:
        print(row)
