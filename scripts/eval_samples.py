"""Run the sample question set and print every question with its verdict, then the summary.

    .venv/bin/python scripts/eval_samples.py                  # in-process, every turn
    .venv/bin/python scripts/eval_samples.py --failures       # only turns that are not correct / refused
    .venv/bin/python scripts/eval_samples.py --only rk fu     # cases whose id starts with rk or fu
    .venv/bin/python scripts/eval_samples.py --cli            # through `cra ask --json -` (one process)

Exit status 1 when any answer is wrong (a wrong answer, or an answered must-refuse question).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from judge import Ask, Verdict, load_cases, run_cases, summarize, table  # noqa: E402

DEFAULT_CASES = ROOT / "tests" / "questions" / "samples.jsonl"
SHOWN = {"correct": "ok", "refused-ok": "refused", "declined": "DECLINED", "error": "ERROR"}


def in_process(cases: list[dict[str, Any]]) -> Callable[[dict[str, Any]], Ask]:
    """One Assistant per case over one shared catalog."""
    from assistant.engine import Assistant
    from catalog import Catalog

    catalogs: dict[str, Catalog] = {}

    def conversation(case: dict[str, Any]) -> Ask:
        key = json.dumps(case["data"], sort_keys=True)
        if key not in catalogs:
            catalogs[key] = Catalog.load([f"{n}={ROOT / rel}" for n, rel in case["data"].items()])
        assistant = Assistant(catalogs[key], as_of=dt.date.fromisoformat(case["as_of"]), max_rows=100_000)
        return lambda q: json.loads(json.dumps(assistant.ask(q).to_json(max_rows=100_000), default=str))

    return conversation


def through_cli(cases: list[dict[str, Any]], cmd: list[str]) -> Callable[[dict[str, Any]], Ask]:
    """Ask every conversation through one `cra ask --json -` process per data set and as-of date."""
    answers: dict[tuple[str, int], dict[str, Any]] = {}
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for case in cases:
        groups.setdefault((json.dumps(case["data"], sort_keys=True), case["as_of"]), []).append(case)
    for (data_key, as_of), group in groups.items():
        args = [*cmd, "--json", "--max-rows", "100000", "--as-of", as_of]
        for name, rel in json.loads(data_key).items():
            args += ["--data", f"{name}={ROOT / rel}"]
        stdin = "\n\n".join("\n".join(t["q"].replace("\n", " ") for t in c["turns"]) for c in group) + "\n"
        proc = subprocess.run(
            [*args, "-"], input=stdin, capture_output=True, text=True, cwd=ROOT, check=False
        )
        lines = iter(json.loads(x) for x in proc.stdout.splitlines() if x.startswith("{"))
        for case in group:
            for i, _ in enumerate(case["turns"]):
                answers[(case["id"], i)] = next(lines, {"status": "error", "text": proc.stderr[-200:]})

    def conversation(case: dict[str, Any]) -> Ask:
        turn = iter(range(len(case["turns"])))
        return lambda q: answers[(case["id"], next(turn))]

    return conversation


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="?", type=Path, default=DEFAULT_CASES)
    ap.add_argument("--only", nargs="+", default=[], help="case id prefixes")
    ap.add_argument("--failures", action="store_true", help="print only turns not correct or refused")
    ap.add_argument("--cli", action="store_true", help="run through `cra ask --json` instead of in-process")
    ap.add_argument("--cmd", default=str(ROOT / ".venv" / "bin" / "cra") + " ask", help="the CLI for --cli")
    opt = ap.parse_args(argv)
    cases = [c for c in load_cases(opt.cases) if not opt.only or c["id"].startswith(tuple(opt.only))]
    conversation = through_cli(cases, opt.cmd.split()) if opt.cli else in_process(cases)
    verdicts: list[Verdict] = run_cases(cases, ROOT, conversation)
    for v in verdicts:
        if opt.failures and v.verdict in ("correct", "refused-ok"):
            continue
        line = table([v]).replace(v.verdict, SHOWN.get(v.verdict, v.verdict.upper()), 1)
        print(line)
        if v.verdict in ("declined", "error") and v.sql:
            print(f"{'':22}sql: {v.sql[:200]}")
    summary = summarize(verdicts)
    print(summary.line())
    return 1 if summary.wrong else 0


if __name__ == "__main__":
    sys.exit(main())
