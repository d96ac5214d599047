"""Document numbers that are reused: a receipt number that restarts each day at each store names one
receipt only together with its date and store. Found by one counting query per table that has such a
number; the parts are kept on the number's column (`ColumnInfo.document_with`)."""

from __future__ import annotations

from typing import Any

import duckdb
from sqlglot import exp

from catalog.loaders import snake_case
from catalog.semantic import ColumnInfo, Role, TableInfo
from catalog.trees import column, table_ref

DOCUMENT_NOUNS = frozenset({"order", "invoice", "receipt", "transaction", "bill", "basket", "sale", "ticket"})
"""Nouns of documents that have lines (a transaction's products)."""
NUMBER_WORDS = frozenset({"id", "no", "nr", "num", "number", "key", "code", "ref"})
"""Last words of a document's number (transaction_id, InvoiceNo)."""
LINE_SHARE = 0.9
"""Documents found must be at most this share of the rows: lines, several to a document."""
WHOSE_WORDS = frozenset({"customer", "client", "member", "user", "buyer", "account"})
"""A reference naming whose a document is: the same on every line of one document."""


def document_parts(con: Any, t: TableInfo) -> None:
    """Mark a document number on lines that names a document only with other columns, in place.

    The number is reused when one value holds lines of different dates and different buyers (or times of
    day), which one document never has. Its parts are then its date and, where needed, the one reference
    (a store, a till) that makes every line of a document agree on the buyer and the time: of the
    references that do, the one giving the fewest documents (a store rather than its staff)."""
    if not isinstance(con, duckdb.DuckDBPyConnection) or t.row_count < 2:
        return
    numbers = [c for c in t.columns.values() if _document_number(c, t)]
    dates = [
        c
        for c in t.columns.values()
        if c.role == Role.TIME and c.dtype.upper().startswith(("DATE", "TIMESTAMP"))
    ]
    witnesses = [c for c in t.columns.values() if _whose(c) or c.dtype.upper() == "TIME"]
    if len(numbers) != 1 or not dates or not witnesses:
        return
    number, date = numbers[0], dates[0]
    seen = {number.name, date.name} | {w.name for w in witnesses}
    others = [
        c
        for c in t.columns.values()
        if c.name not in seen
        and c.role in (Role.FOREIGN_KEY, Role.IDENTIFIER)
        and not c.dtype.upper().startswith(("DOUBLE", "FLOAT"))
    ]
    candidates: list[tuple[str, ...]] = [(), (date.name,)] + [(date.name, o.name) for o in others]
    counts = _counts(con, t, number.name, candidates, [w.name for w in witnesses])
    if counts is None:
        return
    alone, alone_whole = counts[0]
    if alone == alone_whole or counts[1][0] == alone:
        return  # the number alone names one document (every line agrees), or no number spans two dates
    valid = [
        (n, parts)
        for (n, whole), parts in zip(counts[1:], candidates[1:], strict=True)
        if n == whole and n <= LINE_SHARE * t.row_count  # (a part naming each line makes no document)
    ]
    if valid:
        number.document_with = min(valid, key=lambda v: v[0])[1]


def _counts(
    con: duckdb.DuckDBPyConnection,
    t: TableInfo,
    number: str,
    candidates: list[tuple[str, ...]],
    witnesses: list[str],
) -> list[tuple[int, int]] | None:
    """(documents, documents told apart by buyer and time too) for each candidate set of parts."""
    selects: list[exp.Expr] = []
    for parts in candidates:
        key = [column(number), *(column(p) for p in parts)]
        selects.append(_distinct(key))
        selects.append(_distinct([*key, *(column(w) for w in witnesses)]))
    try:
        row = con.execute(exp.select(*selects).from_(table_ref(t.name)).sql("duckdb")).fetchone()
    except duckdb.Error:
        return None
    if row is None:
        return None
    return [(int(row[i]), int(row[i + 1])) for i in range(0, len(row), 2)]


def _distinct(columns: list[exp.Column]) -> exp.Expr:
    return exp.func("count", exp.Distinct(expressions=[exp.Tuple(expressions=columns)]))


def _document_number(c: ColumnInfo, t: TableInfo) -> bool:
    """A column named like a document's number (transaction_id, InvoiceNo) whose values repeat."""
    words = snake_case(c.name).split("_")
    if len(words) < 2 or words[-1] not in NUMBER_WORDS or c.dtype.upper().startswith(("DOUBLE", "FLOAT")):
        return False
    noun = words[-2].removesuffix("s")
    return noun in DOCUMENT_NOUNS and 0 < c.distinct_count < t.row_count


def _whose(c: ColumnInfo) -> bool:
    words = snake_case(c.name).split("_")
    return c.role == Role.FOREIGN_KEY and len(words) >= 2 and words[-2] in WHOSE_WORDS
