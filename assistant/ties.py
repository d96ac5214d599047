"""Ties at the cut of a ranking: "which customer bought the most tracks" shows one row, and when others
have the same figure the answer says so (a top-N that hides a tie names a winner it has not found)."""

from __future__ import annotations

from typing import Any

from sqlglot import exp

from catalog import Catalog, QueryError, QueryResult
from nlq.build import literal
from nlq.intent import Intent


def ranked(intent: Intent, tree: exp.Select) -> bool:
    """Whether the query is a top N cut by its ORDER BY (the answer of "the 5 best customers")."""
    order, cut = tree.args.get("order"), tree.args.get("limit")
    size = cut.expression if isinstance(cut, exp.Limit) else None
    said = isinstance(size, exp.Literal) and size.is_int and int(size.name) == intent.limit
    return bool(intent.limit) and said and bool(order and order.expressions)


def fetch_one_more(
    catalog: Catalog, intent: Intent, tree: exp.Select
) -> tuple[QueryResult, tuple[Any, ...] | None]:
    """Run a ranked query with one row beyond its cut: its own result (and SQL), and that next row, which
    tells in the same scan whether a tie may be hidden (None when the ranking has no more rows)."""
    n = int(intent.limit or 0)
    result = catalog.run(tree.copy().limit(n + 1), limit=n + 1)
    rows = result.rows[:n]
    own = QueryResult(catalog.backend.render(tree), result.columns, rows, len(rows))
    return own, (result.rows[n] if len(result.rows) > n else None)


def tie_note(found: tuple[int, str, Any] | None) -> str | None:
    """The note of rows left out of a ranked top N with the figure of the last row shown (`tied_count`),
    else None."""
    if found is None:
        return None
    beyond, name, value = found
    more = "1 more has" if beyond == 1 else f"{beyond} more have"
    left = "it is" if beyond == 1 else "they are"
    return f"Tied: {more} the same {name} ({value}) as the last one shown; {left} not listed."


def tied_count(
    catalog: Catalog,
    intent: Intent,
    tree: exp.Select,
    columns: tuple[str, ...],
    rows: tuple[tuple[Any, ...], ...],
    next_row: tuple[Any, ...] | None,
) -> tuple[int, str, Any] | None:
    """(how many rows beyond the cut tie the last one shown, the figure's name, its value), or None."""
    order = tree.args.get("order")
    if next_row is None or not intent.limit or len(rows) != intent.limit or order is None:
        return None
    key = order.expressions[0].this
    if not isinstance(key, exp.Column) or key.name not in columns:
        return None
    at = columns.index(key.name)
    value = rows[-1][at]
    if value is None or next_row[at] != value:
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
    return (beyond, key.name, value) if beyond > 0 else None


MAX_TIED_SHOWN = 20
"""At most this many records tied at the top are shown where all of them were asked for."""


def with_the_tied(
    catalog: Catalog,
    intent: Intent,
    tree: exp.Select,
    result: QueryResult,
    found: tuple[int, str, Any] | None,
) -> tuple[QueryResult, str | None]:
    """A ranked result with every record tied at its cut (`tied_count`) added when the question asked for
    all of them (`Intent.with_ties`), and the note saying so; else the result as it is and None."""
    if not intent.with_ties or found is None or found[0] + len(result.rows) > MAX_TIED_SHOWN:
        return result, None
    beyond, name, value = found
    n = len(result.rows) + beyond
    more = catalog.run(tree.copy().limit(n), limit=n)
    shown = QueryResult(catalog.backend.render(tree.copy().limit(n)), more.columns, more.rows, len(more.rows))
    return shown, f"{n} are tied at the top with the same {name} ({value}); all are shown."
