"""Rows exported twice: where every repeat of a table's identifier is an exact copy of one row, the
table holds each thing once and the copies are left out (one change line), so that counts, sums and
averages are of the things, not of the export's repeats.

The identifier is the key the model chose (catalog.infer), so a reference to another table
(`purchases.customer_id`) never makes rows copies: two identical purchases may be two purchases. A
repeated identifier on rows that differ keeps every row (reported by infer as before).
"""

from __future__ import annotations

from typing import Any

import duckdb
from sqlglot import exp

from catalog.semantic import SemanticModel, TableInfo
from catalog.trees import column, count_star, create_table, sql, table_ref


def drop_copies(con: duckdb.DuckDBPyConnection, model: SemanticModel) -> list[str]:
    """Leave out exact copies of keyed rows in every table of `model`; the change lines (empty when
    nothing changed, so the model stays true)."""
    lines = []
    for t, line in copied(con, model):
        first = exp.Window(
            this=exp.RowNumber(),
            partition_by=[column(t.key or "")],
            order=exp.Order(expressions=[exp.Ordered(this=exp.column("rowid"))]),
        )
        kept = (
            exp.select("*")
            .from_(table_ref(t.name))
            .qualify(exp.EQ(this=first, expression=exp.Literal.number(1)))
            .order_by(exp.column("rowid"))
        )
        con.execute(create_table(t.name, kept, replace=True))
        lines.append(line)
    return lines


def copied(con: Any, model: SemanticModel) -> list[tuple[TableInfo, str]]:
    """The tables holding exact copies of keyed rows, each with its change line. `con` runs DuckDB
    text: a connection, or a backend that transpiles it (Spark leaves the copies out of its view)."""
    out = []
    for t in model.tables.values():
        if t.key is None or not t.duplicate_rows or t.duplicate_keys != t.duplicate_rows:
            continue
        found = con.execute(sql(_counts(t.name, column(t.key)))).fetchone()
        if found is None:
            continue
        distinct_rows, distinct_keys, keyed, total = map(int, found)
        if keyed == total and distinct_rows == distinct_keys < total:
            line = f"{t.name}: {total - distinct_rows} rows were exact copies of another row (same {t.key}) and were left out"
            out.append((t, line))
    return out


def _counts(table: str, key: exp.Expr) -> exp.Select:
    """(distinct rows, distinct keys, rows with a key, rows) of `table`."""
    rows = exp.select("*").from_(table_ref(table)).distinct().subquery()
    return exp.select(
        exp.select(count_star()).from_(rows).subquery(),
        exp.Count(this=exp.Distinct(expressions=[key.copy()])),
        exp.Count(this=key.copy()),
        count_star(),
    ).from_(table_ref(table))
