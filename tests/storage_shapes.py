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
    return con


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


def write(con: duckdb.DuckDBPyConnection, variant: Variant, folder: Path) -> Path:
    """Write `variant` (built from `con`'s truth table) into `folder`; the path to load."""
    folder.mkdir(parents=True, exist_ok=True)
    con.execute(f"CREATE OR REPLACE TEMP TABLE stored AS {variant.select}")
    if variant.fmt in ("csv", "parquet"):
        path = folder / f"{variant.table}.{variant.fmt}"
        options = "HEADER, DELIMITER ','" if variant.fmt == "csv" else "FORMAT PARQUET"
        con.execute(f"COPY stored TO '{path}' ({options})")
        return path
    path = folder / f"{variant.name}.duckdb"
    path.unlink(missing_ok=True)
    con.execute(f"ATTACH '{path}' AS out")
    try:
        con.execute(f'CREATE TABLE out."{variant.table}" AS SELECT * FROM stored')
    finally:
        con.execute("DETACH out")
    return path
