"""One value held by two columns: a flag stored twice ('Churn' Yes/No and 'churn_flag' 1/0), an amount
copied under a second name, or a date's month kept beside it ('Jun-21' beside 06-05-21) or the date written again another way. Such a column
gets `same_as` the other one, so that a word naming both is answered from either (they give the same
figures; a month is the month of the date) instead of being asked back.
"""

from __future__ import annotations

from itertools import combinations

import duckdb
from sqlglot import exp

from catalog.loaders import aggregate
from catalog.roles import is_numeric_type
from catalog.semantic import ColumnInfo, Role, SemanticModel
from catalog.trees import column, table_ref


def mark_copies(con: duckdb.DuckDBPyConnection, model: SemanticModel) -> None:
    """Set `same_as` on every flag or measure whose values equal an earlier column's in every row."""
    for t in model.tables.values():
        groups = [
            [c for c in t.columns.values() if c.role == Role.FLAG],
            [c for c in t.columns.values() if c.role == Role.MEASURE and is_numeric_type(c.dtype)],
        ]
        _mark_months(con, t.name, [c for c in t.columns.values() if c.role == Role.TIME])
        pairs = [p for g in groups if len(g) < 8 for p in combinations(g, 2)]
        if not pairs:
            continue
        differ = [_count_differ(_value(a), _value(b)) for a, b in pairs]
        counts = aggregate(con, table_ref(t.name), differ)
        for (a, b), n in zip(pairs, counts, strict=True):
            if n == 0 and b.same_as is None:
                b.same_as = a.same_as or a.name


def _mark_months(con: duckdb.DuckDBPyConnection, table: str, times: list[ColumnInfo]) -> None:
    """A date column that is in every row another date column's day (a date written twice, '22-04-15'
    beside '22-Apr-15') or the first of its month is that date."""
    pairs = [(a, b) for a in times for b in times if a is not b and b.dtype == "DATE"][:16]
    if not pairs:
        return
    readings = [
        [
            exp.cast(column(a.name), "DATE"),
            exp.cast(exp.func("date_trunc", exp.Literal.string("month"), column(a.name)), "DATE"),
        ]
        for a, _ in pairs
    ]
    counts = aggregate(
        con,
        table_ref(table),
        [_count_differ(r, column(b.name)) for rs, (_, b) in zip(readings, pairs, strict=True) for r in rs],
    )
    for k, (a, b) in enumerate(pairs):
        if 0 in counts[2 * k : 2 * k + 2] and a.same_as is None and b.same_as is None:
            b.same_as = a.name


def _value(c: ColumnInfo) -> exp.Expr:
    """A flag as true/false (its stored true value compared), a measure as a DOUBLE."""
    q = column(c.name)
    if c.role == Role.FLAG:
        if c.flag_true is None:
            return exp.cast(q, "BOOLEAN")
        return exp.EQ(this=q, expression=exp.convert(c.flag_true))
    return exp.cast(q, "DOUBLE")


def _count_differ(a: exp.Expr, b: exp.Expr) -> exp.Expr:
    """count(*) FILTER (WHERE a IS DISTINCT FROM b)."""
    distinct = exp.NullSafeNEQ(this=exp.paren(a), expression=exp.paren(b))
    return exp.Filter(this=exp.Count(this=exp.Star()), expression=exp.Where(this=distinct))
