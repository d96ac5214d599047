"""The benchmark harness behind `make bench`.

`python -m benchmarks.run [--quick] [--only NAME]` imports every `benchmarks/bench_*.py` module, calls its
`run(quick: bool) -> list[dict]` and prints all rows as one aligned table. A row is
{"benchmark", "ours_s", "baseline_s", "ratio", "goal", "note"}; a missing ratio is ours_s / baseline_s
when both are known. A module that raises becomes a row whose note says why; the exit status is then 1.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

COLUMNS = ("benchmark", "ours_s", "baseline_s", "ratio", "goal", "note")
"""Keys of a result row, in display order."""
HEADERS = {"benchmark": "benchmark", "ours_s": "ours (s)", "baseline_s": "baseline (s)", "ratio": "ratio"}
NUMERIC = {"ours_s": "{:.3f}", "baseline_s": "{:.3f}", "ratio": "{:.2f}"}
"""Numeric columns, their format, right-aligned; None shows as '-'."""
BENCH_DIR = Path(__file__).resolve().parent


def discover(only: str | None = None, folder: Path = BENCH_DIR) -> list[str]:
    """Module names (`benchmarks.bench_x`) of the bench_*.py files, sorted; `only` keeps one by name.

    `only` may be the file stem ("bench_nlq") or the part after "bench_" ("nlq").
    """
    stems = sorted(p.stem for p in folder.glob("bench_*.py"))
    if only is not None:
        stems = [s for s in stems if only in (s, s.removeprefix("bench_"))]
    return [f"{folder.name}.{s}" for s in stems]


def normalise(row: dict[str, Any], source: str) -> dict[str, Any]:
    """A complete row: every column present, the ratio filled in when it can be computed."""
    out: dict[str, Any] = {key: row.get(key) for key in COLUMNS}
    out["benchmark"] = str(out["benchmark"] or source)
    out["goal"] = str(out["goal"] or "")
    out["note"] = str(out["note"] or "")
    ours, base = out["ours_s"], out["baseline_s"]
    if out["ratio"] is None and ours is not None and base:
        out["ratio"] = ours / base
    return out


def run_module(
    name: str, quick: bool, importer: Callable[[str], Any] = importlib.import_module
) -> list[dict]:
    """The normalised rows of one module; a failure becomes one row with the error in its note."""
    short = name.rpartition(".")[2].removeprefix("bench_")
    try:
        rows = importer(name).run(quick)
        return [normalise(r, short) for r in rows]
    except Exception as e:  # a broken benchmark must not hide the others
        traceback.print_exc(file=sys.stderr)
        return [normalise({"note": f"FAILED: {type(e).__name__}: {e}".splitlines()[0]}, short)]


def _cell(key: str, value: Any) -> str:
    if key in NUMERIC:
        return "-" if value is None else NUMERIC[key].format(value)
    return str(value)


def format_table(rows: Iterable[dict[str, Any]]) -> str:
    """Rows as an aligned text table with a header line and a rule."""
    rows = list(rows)
    headers = [HEADERS.get(k, k) for k in COLUMNS]
    cells = [[_cell(k, r.get(k)) for k in COLUMNS] for r in rows]
    widths = [max([len(h)] + [len(c[i]) for c in cells]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if k in NUMERIC else v.ljust(w)
            for k, v, w in zip(COLUMNS, values, widths, strict=True)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(c) for c in cells)])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a fast check")
    parser.add_argument("--only", metavar="NAME", help="run one module (bench_NAME.py)")
    parser.add_argument("--json", metavar="FILE", type=Path, help="also write the rows as JSON")
    args = parser.parse_args(argv)
    names = discover(args.only)
    if not names:
        print(f"no benchmark module matches {args.only!r}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    rows: list[dict[str, Any]] = []
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows.extend(run_module(name, args.quick))
    print(format_table(rows))
    print(f"\n{len(rows)} rows from {len(names)} modules in {time.perf_counter() - started:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 1 if any(r["note"].startswith("FAILED") for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
