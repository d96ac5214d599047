"""Tables of one known truth written in many storage shapes, for tests/test_storage_shapes.py.

A *truth* table of 300 customers (canonical types: BOOLEAN flag with NULLs, DATE, DOUBLE money, a clean
category) is generated deterministically in DuckDB. Each *variant* stores the same facts another way
(a flag as 'Yes'/'No', 1.0/0.0, dates as 'DD/MM/YYYY' text, money as '$1,234.50', names in CamelCase,
...) by one SELECT over the truth; the variant is written into its own DuckDB (or CSV) file for the
engine to load, while the expected figures are computed by plain SQL over the truth table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

ROWS = 300

TRUTH = f"""
CREATE TABLE truth AS
SELECT
  i AS id,
  ['Basic', 'Standard', 'Premium'][1 + (i * 7) % 3] AS plan,
  CASE WHEN i % 23 = 0 THEN NULL ELSE (i * 37) % 100 < 27 END AS churned,
  DATE '2022-01-01' + INTERVAL ((i * 53) % 1000) DAY AS signup,
  CASE WHEN i % 31 = 0 THEN NULL ELSE round(((i * 7919) % 5000) / 3.0 + 12.5, 2) END AS spend,
  ((i * 13) % 90) + 5 AS support_minutes,
  CASE WHEN (i * 11) % 7 < 3 THEN 'Male' ELSE 'Female' END AS gender
FROM range(1, {ROWS + 1}) t(i)
"""
"""300 customers: about 27 % churned (13 flags unknown), signed up 2022-01-01 .. 2024-09-26, spend with
9 blanks, whole support minutes, a gender (3 in 7 male)."""


def truth() -> duckdb.DuckDBPyConnection:
    """A fresh in-memory DuckDB holding the truth table (the reference for every expected figure)."""
    con = duckdb.connect()
    con.execute(TRUTH)
    con.execute("UPDATE truth SET signup = CAST(signup AS DATE)")
    con.execute(ORDERS)
    return con


ORDERS = """
CREATE TABLE orders AS
SELECT row_number() OVER (ORDER BY id, k)::INTEGER AS order_id, id AS customer_id,
  CAST(signup + INTERVAL (k * 40 + 3) DAY AS DATE) AS ordered, round(10 + (id * 7 + k * 13) % 90 + k / 4, 2) AS amount
FROM truth, range(id % 4) r(k)
"""
"""The truth's orders: none for every fourth customer, one to three for the others, an amount each."""


@dataclass(frozen=True)
class Variant:
    """One storage shape: the SELECT over `truth` that writes the table, and its words for the questions."""

    name: str
    select: str
    """SELECT ... FROM truth: the stored table (its own column names and types)."""
    table: str = "customers"
    fmt: str = "duckdb"
    """'duckdb': a DuckDB file; 'csv': the table as CSV text (quoted as DuckDB's COPY writes it);
    'parquet': a Parquet file."""
    id_of: str = "id"
    """The SQL over `truth` giving the stored identifier (for expected rows that name customers)."""
    questions: Sequence[str] = ()
    """Names of the questions asked of this variant (all when empty)."""
    orders: str = ""
    """SELECT ... FROM orders (the truth's orders): a second table `orders` stored beside the first."""


def write(con: duckdb.DuckDBPyConnection, variant: Variant, folder: Path) -> Path:
    """Write `variant` (built from `con`'s truth tables) into `folder`; the path to load (a file, or
    the folder of a variant's two CSV or Parquet files)."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = {variant.table: variant.select} | ({"orders": variant.orders} if variant.orders else {})
    if variant.fmt in ("csv", "parquet"):
        options = "HEADER, DELIMITER ','" if variant.fmt == "csv" else "FORMAT PARQUET"
        for name, select in tables.items():
            con.execute(f"COPY ({select}) TO '{folder / f'{name}.{variant.fmt}'}' ({options})")
        return folder if variant.orders else folder / f"{variant.table}.{variant.fmt}"
    path = folder / f"{variant.name}.duckdb"
    path.unlink(missing_ok=True)
    for name, select in tables.items():
        con.execute(f"CREATE OR REPLACE TEMP TABLE stored_{name.lower()} AS {select}")
    con.execute(f"ATTACH '{path}' AS out")
    try:
        for name in tables:
            con.execute(f'CREATE TABLE out."{name}" AS SELECT * FROM stored_{name.lower()}')
    finally:
        con.execute("DETACH out")
    return path
