"""One spelling per category value: values of a few-valued text column that differ only in letter case
('Premium', 'PREMIUM', 'premium') are one value, written as its most common spelling.

A person grouping by such a column expects one group per value, and a filter on 'premium' means all
three spellings. Identifier columns keep their values (a code's case may be part of it). Each rewrite
is one change line.
"""

from __future__ import annotations

import re

import duckdb
from sqlglot import exp

from catalog.loaders import aggregate, snake_case, storage_stats
from catalog.trees import column, count_star, create_table, describe, sql, table_ref

MAX_VALUES = 60
"""A text column with at most this many distinct values is a category (as in catalog.roles)."""
ID_NAME = re.compile(r"(^|_)(id|key|no|num|number|code|uuid|guid|sku)$")


def unify_case(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Rewrite `table` so each category value has one letter case; the change lines."""
    schema = [(r[0], r[1]) for r in con.execute(describe(table)).fetchall()]
    text = [c for c, t in schema if t == "VARCHAR" and not ID_NAME.search(snake_case(c))]
    stats = storage_stats(con, table, text)
    few = [c for c in text if int(stats.get(c, {}).get("approx_unique", MAX_VALUES + 1)) <= 2 * MAX_VALUES]
    if not few:
        return []
    exprs = [e for c in few for e in (_distinct(column(c)), _distinct(exp.Lower(this=column(c))))]
    counts = aggregate(con, table_ref(table), exprs)
    mixed = [
        c for i, c in enumerate(few) if counts[2 * i] <= MAX_VALUES and counts[2 * i + 1] < counts[2 * i]
    ]
    rewrites: dict[str, exp.Expr] = {}
    changes: list[str] = []
    for c in mixed:
        spelling = _spellings(con, table, c)
        case = exp.Case()
        for lower, (chosen, _) in spelling.items():
            same = exp.EQ(this=exp.Lower(this=column(c)), expression=exp.Literal.string(lower))
            case = case.when(same, exp.Literal.string(chosen))
        rewrites[c] = case.else_(column(c))
        shown = "; ".join(f"{', '.join(map(repr, o))} as {ch!r}" for ch, o in list(spelling.values())[:3])
        more = f" (and {len(spelling) - 3} more)" if len(spelling) > 3 else ""
        changes.append(f"{table}.{c}: values in another letter case read as one value: {shown}{more}")
    if rewrites:
        items = [rewrites[c].as_(c, quoted=True) if c in rewrites else column(c) for c, _ in schema]
        query = exp.select(*items, copy=False).from_(table_ref(table), copy=False)
        con.execute(create_table(table, query, replace=True))
    return changes


def _distinct(q: exp.Expr) -> exp.Expr:
    return exp.Count(this=exp.Distinct(expressions=[q]))


def _spellings(con: duckdb.DuckDBPyConnection, table: str, c: str) -> dict[str, tuple[str, list[str]]]:
    """Per lower-cased value written in several cases: (the spelling kept, the others). The kept one is
    the most frequent; on a tie, one in mixed case ('Premium'), then the first in sort order."""
    query = (
        exp.select(column(c), count_star(), copy=False)
        .from_(table_ref(table), copy=False)
        .where(column(c).is_(exp.null()).not_(), copy=False)
        .group_by(column(c), copy=False)
    )
    groups: dict[str, list[tuple[str, int]]] = {}
    for value, n in con.execute(sql(query)).fetchall():
        groups.setdefault(value.lower(), []).append((value, n))
    out: dict[str, tuple[str, list[str]]] = {}
    for lower, forms in sorted(groups.items()):
        if len(forms) > 1:
            forms.sort(key=lambda f: (-f[1], f[0] in (f[0].lower(), f[0].upper()), f[0]))
            out[lower] = (forms[0][0], [f for f, _ in forms[1:]])
    return out
