"""DuckDB vs PostgreSQL vs Spark local on a large order table: load time, question time, and the memory
cra itself uses with each (each backend runs in its own process; its peak RSS is reported at two data
sizes: on PostgreSQL and Spark it must stay flat, nothing is pulled whole).

`make bench` runs it with 10M orders (1M in --quick); skipped with a note when PostgreSQL (initdb) or
Spark (pyspark + Java) is missing. `python -m benchmarks.bench_backends worker ...` is one measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = (
    "how many orders are there?",
    "total amount by month",
    "average amount by channel",
    "top 5 customers by total amount",
    "churn rate by plan",
)
"""Questions every backend answers (aggregations over the orders and customers)."""


def worker(engine: str | None, data: str, questions: list[str]) -> dict[str, Any]:
    """Load and ask, in this process: times, peak RSS, and the answers' rows (to compare)."""
    from assistant.engine import Assistant
    from catalog import Catalog

    start = time.perf_counter()
    catalog = Catalog.load([data], engine=engine)
    loaded = time.perf_counter() - start
    bot = Assistant(catalog)
    start = time.perf_counter()
    rows = [bot.ask(q).to_json(max_rows=50)["rows"] for q in questions]
    asked = time.perf_counter() - start
    return {"load_s": loaded, "questions_s": asked, "rss_mb": peak_rss_mb(), "rows": rows}


def peak_rss_mb() -> float:
    """This process's peak resident memory: VmHWM (ru_maxrss would carry the parent's over a fork)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(engine: str | None, data: str) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "benchmarks.bench_backends", "worker", "--data", data]
    cmd += ["--engine", engine] if engine else []
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CRA_NO_CACHE": "1"}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=7200, check=False)
    if done.returncode:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "worker failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _tables(folder: Path, orders: int) -> Path:
    """customers and orders as Parquet files in `folder` (tickets and feedback left out: orders are the size)."""
    from benchmarks.generate_large import generate

    out = folder / f"data-{orders}"
    generate(
        out, customers=max(orders // 10, 1000), orders=orders, feedback=0, tickets=0, formats=("parquet",)
    )
    for extra in ("tickets.parquet", "feedback.parquet"):
        (out / extra).unlink(missing_ok=True)
    return out


def _postgres(server: Any, folder: Path, schema: str) -> tuple[str, float]:
    """The Parquet tables copied into PostgreSQL (streamed through DuckDB, never whole in memory)."""
    import duckdb
    import psycopg

    start = time.perf_counter()
    con = duckdb.connect()
    with psycopg.connect(server.url, autocommit=True) as pg:
        pg.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        for path in sorted(folder.glob("*.parquet")):
            table = path.stem
            cols = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
            from pg_server import _pg_type

            defs = ", ".join(f'"{c[0]}" {_pg_type(c[1])}' for c in cols)
            pg.execute(f'CREATE TABLE "{schema}"."{table}" ({defs})')
            reader = con.execute("SELECT * FROM read_parquet(?)", [str(path)])
            with pg.cursor() as cur, cur.copy(f'COPY "{schema}"."{table}" FROM STDIN') as copy:
                while batch := reader.fetchmany(50_000):
                    for row in batch:
                        copy.write_row(row)
            pg.execute(f'ANALYZE "{schema}"."{table}"')
    return f"{server.url}?schema={schema}", time.perf_counter() - start


def run(quick: bool, sizes: tuple[int, ...] | None = None) -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT / "tests"))
    from pg_server import Server, binaries

    from catalog.backends.spark import java_found

    sizes = sizes or ((100_000, 1_000_000) if quick else (1_000_000, 10_000_000))
    rows: list[dict[str, Any]] = []
    bindir = binaries()
    spark_ok = java_found() and _has("pyspark")
    server = Server(bindir) if bindir is not None and _has("psycopg") else None
    with tempfile.TemporaryDirectory(prefix="cra-bench-backends-") as tmp:
        if server is not None:
            server.start()
        try:
            for orders in sizes:
                folder = _tables(Path(tmp), orders)
                duck = _measure(None, str(folder))
                label = f"{orders:,} orders"
                rows.append(_row(f"duckdb: load + {len(QUESTIONS)} questions, {label}", duck, None))
                if server is not None:
                    url, copied = _postgres(server, folder, f"o{orders}")
                    pg = _measure(None, url)
                    rows.append(_row(f"postgresql vs duckdb, {label} (copy in {copied:.0f} s)", pg, duck))
                if spark_ok:
                    spark = _measure("spark=local[*]", str(folder))
                    rows.append(_row(f"spark local vs duckdb, {label}", spark, duck))
        finally:
            if server is not None:
                server.stop()
    if server is None:
        rows.append({"benchmark": "postgresql", "note": "skipped: PostgreSQL or psycopg missing"})
    if not spark_ok:
        rows.append({"benchmark": "spark", "note": "skipped: pyspark or Java missing"})
    return rows


def _row(name: str, ours: dict[str, Any], base: dict[str, Any] | None) -> dict[str, Any]:
    total = ours["load_s"] + ours["questions_s"]
    note = f"load {ours['load_s']:.1f} s, questions {ours['questions_s']:.1f} s, peak RSS {ours['rss_mb']:.0f} MB"
    if base is not None:
        same = "same answers" if _same(ours["rows"], base["rows"]) else "ANSWERS DIFFER"
        note += f"; {same}"
    return {
        "benchmark": name,
        "ours_s": total,
        "baseline_s": base["load_s"] + base["questions_s"] if base else None,
        "goal": "same answers, flat RSS",
        "note": note,
    }


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return (
            isinstance(a, int | float) and isinstance(b, int | float) and abs(a - b) <= 1e-9 * max(1, abs(a))
        )
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_backends")
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("worker")
    one.add_argument("--data", required=True)
    one.add_argument("--engine", default=None)
    args = parser.parse_args(argv)
    print(json.dumps(worker(args.engine, args.data, list(QUESTIONS)), default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
