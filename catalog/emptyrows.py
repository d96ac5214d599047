"""Rows with every field empty (the blank lines a spreadsheet leaves after its data, ",,,,"): no record
at all, so they are left out at load with one change line, never counted as records."""

from __future__ import annotations

import duckdb
from sqlglot import exp

from catalog.trees import column, count_star, create_table, sql, table_ref


def drop_empty_rows(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Leave out the rows of `table` whose every column is NULL; the change line, if any."""
    names = [r[0] for r in con.execute(sql(exp.select("*").from_(table_ref(table)).limit(0))).description]
    if not names:
        return []
    empty = exp.and_(*[column(n).is_(exp.null()) for n in names])
    found = con.execute(sql(exp.select(count_star()).from_(table_ref(table)).where(empty))).fetchone()
    if not found or not found[0]:
        return []
    kept = exp.select("*").from_(table_ref(table)).where(exp.not_(exp.paren(empty.copy())))
    con.execute(create_table(table, kept.order_by(exp.column("rowid")), replace=True))
    return [f"{table}: {found[0]} empty rows (every field blank) were left out"]
