"""Small query helpers of the analytics skills: one row, a filter carried across a join, the data key.

What a column or table is for (churn target, transactions, customers, keys, joins) is decided in
`catalog` (`catalog.churn_target`, `catalog.transactions`, `catalog.entities`); this module only builds
and runs trees over what the model says.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from catalog.entities import link
from catalog.trees import column as quote
from catalog.trees import table_ref

if TYPE_CHECKING:
    from catalog import Catalog

__all__ = ["data_key", "fetch_one", "quote", "restrict_to", "table_ref"]


def fetch_one(catalog: Catalog, query: exp.Expr) -> tuple[Any, ...]:
    """The first row of a query (DuckDB aggregates always return one)."""
    rows = catalog.run(query, limit=1).rows
    if not rows:
        raise LookupError("the query returned no row")
    return rows[0]


def restrict_to(
    catalog: Catalog, table: str, filter_table: str | None, where: exp.Expr | None
) -> exp.Expr | None:
    """A condition on `table` keeping rows whose entity passes `where` over `filter_table`.

    Same table: `where` itself. Another table: `table.column IN (SELECT column FROM filter_table WHERE ...)`
    through a join found by `catalog.entities.link` in either direction (orders -> customers or
    customers -> orders). None when there is no filter; LookupError when no join exists.
    """
    if where is None:
        return None
    if filter_table in (None, table):
        return where
    joined = link(catalog.model, table, filter_table)
    if joined is not None:  # many-to-one: orders.customer_id IN (SELECT id FROM customers WHERE ...)
        own, other = joined
    else:  # one-to-many: customers.id IN (SELECT customer_id FROM orders WHERE ...)
        back = link(catalog.model, filter_table, table)
        if back is None:
            raise LookupError(f"cannot relate {table} to {filter_table} to apply the filter")
        other, own = back
    sub = (
        exp.select(quote(other))
        .from_(table_ref(filter_table))
        .where(where)
        .where(quote(other).is_(exp.null()).not_())
    )
    return quote(own, table).isin(query=sub)


_DATA_KEYS: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


def data_key(catalog: Catalog) -> str:
    """`catalog.fingerprint()` (names, types, row counts, the as-of cut) plus the loaded content: the
    catalog's `content_key` (every input file's SHA-256) when known, else a hash of every row (seconds
    on ten million rows), once per catalog.

    Either keeps a cached model from answering for edited data of the same shape.
    """
    if catalog in _DATA_KEYS:
        return _DATA_KEYS[catalog]
    fp = getattr(catalog, "fingerprint", None)
    parts = [fp() if callable(fp) else str(id(catalog))]
    content = getattr(catalog, "content_key", None)
    if isinstance(content, str) and content:
        key = _DATA_KEYS[catalog] = ":".join([*parts, f"content {content}"])
        return key
    for name in sorted(catalog.model.tables):
        alias = exp.to_identifier("t")
        query = exp.select(exp.func("sum", exp.func("hash", exp.column(alias)))).from_(
            exp.alias_(table_ref(name), alias, table=True)
        )
        parts.append(str(fetch_one(catalog, query)[0]))
    key = _DATA_KEYS[catalog] = ":".join(parts)
    return key
