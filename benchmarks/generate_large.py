"""Large CRM data for benchmarks, with the same schema as the bundled samples.

`python -m benchmarks.generate_large --out DIR [--customers 1000000 --orders 10000000 --feedback 1000000]`
writes customers, orders, tickets and feedback as CSV and Parquet. Generation is the vectorised
`samples.generate.build` (numpy, Arrow) and writing is DuckDB `COPY`, so millions of rows take seconds.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from samples.generate import SEED
from samples.generate import build as build_tables
from samples.generate import write as write_tables

TICKETS_PER_CUSTOMER = 1.6
"""Tickets default to this many per customer (as in the bundled samples)."""
DEFAULT_SIZES = {"customers": 1_000_000, "orders": 10_000_000, "feedback": 1_000_000}


def generate(
    out: Path,
    customers: int,
    orders: int,
    feedback: int,
    *,
    tickets: int | None = None,
    formats: Sequence[str] = ("csv", "parquet"),
    seed: int = SEED,
) -> dict[str, Path]:
    """Write the four tables into `out`; returns {"customers.csv": path, "orders.parquet": path, ...}."""
    sizes = {
        "customers": customers,
        "orders": orders,
        "tickets": round(customers * TICKETS_PER_CUSTOMER) if tickets is None else tickets,
        "feedback": feedback,
    }
    return write_tables(build_tables(sizes, seed), Path(out), formats)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate_large", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="folder to write into (created if needed)")
    for name, default in DEFAULT_SIZES.items():
        parser.add_argument(f"--{name}", type=int, default=default, help=f"rows (default {default:,})")
    parser.add_argument("--tickets", type=int, default=None, help="rows (default 1.6 x customers)")
    parser.add_argument("--format", nargs="+", choices=("csv", "parquet"), default=["csv", "parquet"])
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    written = generate(
        args.out,
        args.customers,
        args.orders,
        args.feedback,
        tickets=args.tickets,
        formats=args.format,
        seed=args.seed,
    )
    for name, path in written.items():
        print(f"{name:<20} {path.stat().st_size / 1e6:10.1f} MB")
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
