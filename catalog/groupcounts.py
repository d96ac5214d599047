"""Counts that describe a group, not a row: melb_data's Propertycount (how many properties the sale's suburb
has) is the same on every row of one suburb, so a sum over the sales counts a suburb's properties once per
sale. Found by one counting query per such column; the column is then no measure of the rows (role OTHER,
`ColumnInfo.counted_per` naming the group)."""

from __future__ import annotations

from typing import Any

import duckdb
from sqlglot import exp

from catalog.concepts import name_words
from catalog.roles import is_integer_type
from catalog.semantic import ColumnInfo, Role, SemanticModel, TableInfo
from catalog.trees import column, table_ref

COUNT_HEADS = ("count", "number", "num", "no")
"""Words that name a column as a count of things (Propertycount, number_of_stores)."""
GROUP_SHARE = 0.5
"""A group column has fewer distinct values than this share of the rows (several rows to a group)."""


def mark_group_counts(con: Any, model: SemanticModel) -> None:
    """Every table's counts that hold one value per group of another column, made no measure. In place."""
    if not isinstance(con, duckdb.DuckDBPyConnection):
        return
    for t in model.tables.values():
        for c in [c for c in t.columns.values() if _named_count(c)]:
            group = _group_of(con, t, c)
            if group is not None:
                c.role, c.counted_per = Role.OTHER, group
                c.reason = f"a count of each {group}'s (the same on every row of one {group}), never summed"


def _named_count(c: ColumnInfo) -> bool:
    words = [w.lower() for w in name_words(c.name)]
    named = bool(words) and (words[-1] == "count" or (len(words) > 1 and words[0] in COUNT_HEADS[1:]))
    whole = is_integer_type(c.dtype) or c.dtype.upper() in ("DOUBLE", "FLOAT")  # (a blank made it DOUBLE)
    return named and c.role == Role.MEASURE and whole and c.distinct_count > 1


def _group_of(con: duckdb.DuckDBPyConnection, t: TableInfo, c: ColumnInfo) -> str | None:
    """The first dimension whose every group holds one value of the count, if any."""
    groups = [
        g
        for g in t.columns.values()
        if (g.role in (Role.DIMENSION, Role.FOREIGN_KEY) or g.dtype.upper().startswith("VARCHAR"))
        and g.name != c.name
        and 1 < g.distinct_count < GROUP_SHARE * t.row_count
        and g.distinct_count >= c.distinct_count
    ]
    if not groups:
        return None
    selects: list[exp.Expr] = []
    for g in groups:
        selects.append(exp.func("count", exp.Distinct(expressions=[column(g.name)])))
        pair = exp.Tuple(expressions=[column(g.name), column(c.name)])
        selects.append(exp.func("count", exp.Distinct(expressions=[pair])))
    where = exp.Not(this=column(c.name).is_(exp.null()))
    try:
        row = con.execute(exp.select(*selects).from_(table_ref(t.name)).where(where).sql("duckdb")).fetchone()
    except duckdb.Error:
        return None
    if row is None:
        return None
    for i, g in enumerate(groups):
        if row[2 * i] > 1 and row[2 * i] == row[2 * i + 1]:
            return g.name
    return None
