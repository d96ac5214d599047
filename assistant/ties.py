"""Ties at the cut of a ranking: "which customer bought the most tracks" shows one row, and when others
have the same figure the answer says so (a top-N that hides a tie names a winner it has not found)."""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from catalog import Catalog, QueryError
from nlq.build import literal
from nlq.intent import Intent


def tied_beyond(
    catalog: Catalog,
    intent: Intent,
    tree: exp.Select,
    columns: tuple[str, ...],
    rows: tuple[tuple[Any, ...], ...],
) -> str | None:
    """A note when rows left out of a ranked top N have the figure of the last row shown, else None."""
    order = tree.args.get("order")
    if not intent.limit or len(rows) != intent.limit or order is None or not order.expressions:
        return None
    key = order.expressions[0].this
    if not isinstance(key, exp.Column) or key.name not in columns:
        return None
    at = columns.index(key.name)
    value = rows[-1][at]
    if value is None:
        return None
    inner = tree.copy()
    inner.set("limit", None)
    inner.set("order", None)
    same = exp.column(key.name, table="ranked", quoted=True).eq(literal(value))
    count = exp.select(exp.Count(this=exp.Star())).from_(inner.subquery("ranked")).where(same)
    try:
        total = catalog.run(count).rows[0][0]
    except QueryError:
        return None
    beyond = int(total) - sum(1 for r in rows if r[at] == value)
    if beyond <= 0:
        return None
    more = "1 more has" if beyond == 1 else f"{beyond} more have"
    left = "it is" if beyond == 1 else "they are"
    return f"Tied: {more} the same {key.name} ({value}) as the last one shown; {left} not listed."
