"""A CSV read by Spark, cleaned by the rules DuckDB's loader applies (catalog.loaders, catalog.cleaning).

DuckDB's reader types a CSV's columns from a sample (BIGINT, DOUBLE, DATE in the file's own format,
TIMESTAMP, Yes/No as BOOLEAN) and reads the whole file as text when a later value does not fit; the
columns left as text are then cleaned (blank and 'NA' numbers, currency signs and thousands separators,
text dates in a dozen formats, Yes/No flags, padded text). Spark's own schema inference knows none of
that, so a Spark CSV view is built the same way:

1. Spark reads every column as text (a raw view);
2. DuckDB's sniffer reads the first rows of the file (sniff_csv: a sample, never the file) and says
   each column's type and the date/time formats; Spark casts those columns, and when any value of the
   whole file does not fit, every column stays text (as DuckDB's reader then does);
3. the text columns go through catalog.cleaning's planner, its statistics and checks run by Spark SQL
   (the same sqlglot trees, transpiled); the fixes become the expressions of the final view.

The change lines and suspicious columns are DuckDB's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from sqlglot import exp

from catalog import cleaning
from catalog.trees import column, table_ref

BOOLEAN_HEAD_ROWS = 2048
"""Rows whose distinct words are named in a 'Yes/No read as BOOLEAN' line (as catalog.loaders)."""
CASTS = {
    "BIGINT",
    "INTEGER",
    "SMALLINT",
    "TINYINT",
    "HUGEINT",
    "DOUBLE",
    "FLOAT",
    "BOOLEAN",
    "DATE",
    "TIMESTAMP",
}
"""DuckDB sniffer types a text column of Spark's raw view is cast to."""


@dataclass
class Cleaned:
    """The select that makes a raw CSV view into the table DuckDB would load, and what was done."""

    select: exp.Select
    changes: list[str] = field(default_factory=list)
    suspicious: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Sniffed:
    """What DuckDB's CSV sniffer says about a file."""

    types: dict[str, str]
    """Column name -> DuckDB type."""
    delimiter: str
    date_format: str | None
    timestamp_format: str | None


def sniff(path: Path) -> Sniffed | None:
    """DuckDB's reading of a CSV file's first rows (None when it cannot read it)."""
    first = (
        path if path.is_file() else next(iter(sorted(p for p in path.rglob("*.csv") if p.is_file())), None)
    )
    if first is None:
        return None
    con = duckdb.connect()
    try:
        row = con.execute(
            "SELECT Columns, Delimiter, DateFormat, TimestampFormat FROM sniff_csv(?)", [str(first)]
        ).fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()
    if row is None:
        return None
    columns, delimiter, date_format, timestamp_format = row
    return Sniffed({c["name"]: c["type"] for c in columns}, delimiter, date_format, timestamp_format)


def typed(
    backend: Any, raw: str, table: str, sniffed: Sniffed | None
) -> tuple[exp.Select, dict[str, str], list[str]]:
    """The select over the raw view (every column text) that types the columns DuckDB's sniffer typed,
    the DuckDB type of each column, and the 'Yes/No read as BOOLEAN' lines; every column stays text when
    a value of the whole file does not fit its sniffed type (as DuckDB's reader then reads it)."""
    raw_names = [n for n, _ in backend.columns(raw)]
    fits = sniffed is not None and len(sniffed.types) == len(raw_names)
    names = list(sniffed.types) if sniffed is not None and fits else raw_names  # an empty header: column0
    of = dict(zip(names, raw_names, strict=True))
    kinds = {n: _duck_type(sniffed, n) if fits else "VARCHAR" for n in names}
    cast = {n: e for n in names if (e := _cast(of[n], kinds[n], sniffed)) is not None}
    if cast and _loses_values(backend, raw, {of[n]: e for n, e in cast.items()}):
        cast = {}
    types = {n: kinds[n] if n in cast else "VARCHAR" for n in names}
    flags = [(of[n], n) for n in cast if types[n] == "BOOLEAN"]
    select = exp.select(
        *((cast[n] if n in cast else column(of[n])).as_(n, quoted=True) for n in names), copy=False
    ).from_(table_ref(raw), copy=False)
    return select, types, _boolean_words(backend, raw, table, flags)


def clean(backend: Any, view: str, table: str, types: dict[str, str]) -> Cleaned:
    """catalog.cleaning's fixes of the typed view `view` (its columns' DuckDB `types`) as the select of
    the table, with the change lines and suspicious columns named for `table`."""
    schema = list(types.items())
    fixes, report = cleaning.plan_cleaning(
        backend, view, schema, numeric={n for n, t in schema if t == "VARCHAR"}
    )
    changes = [line.replace(f"{view}.", f"{table}.", 1) for line in report.changes]
    return Cleaned(cleaning.cleaned_select(view, schema, fixes), changes, report.suspicious)


def _duck_type(sniffed: Sniffed | None, name: str) -> str:
    kind = sniffed.types.get(name, "VARCHAR") if sniffed else "VARCHAR"
    return "BIGINT" if kind in ("INTEGER", "SMALLINT", "TINYINT", "HUGEINT") else kind


def _cast(raw: str, kind: str, sniffed: Sniffed | None) -> exp.Expr | None:
    """The raw text column as the sniffer's type `kind` (None: it stays text)."""
    if sniffed is None or kind not in CASTS:
        return None
    text = exp.Trim(this=column(raw))
    if kind in ("DATE", "TIMESTAMP"):
        fmt = sniffed.date_format if kind == "DATE" else sniffed.timestamp_format
        if fmt:
            return exp.cast(exp.StrToTime(this=text, format=exp.Literal.string(fmt)), kind)
    return exp.cast(text, kind)


def _loses_values(backend: Any, raw: str, typed: dict[str, exp.Expr]) -> bool:
    """Whether a filled text value of the whole file becomes NULL in its sniffed type."""
    counts = [
        exp.func(
            "count",
            exp.Case().when(
                exp.and_(
                    exp.Trim(this=column(n)).neq(exp.Literal.string("")),
                    exp.paren(e.copy()).is_(exp.null()),
                ),
                exp.Literal.number(1),
            ),
        )
        for n, e in typed.items()
    ]
    row = backend.execute(exp.select(*counts).from_(table_ref(raw))).fetchone() or ()
    return any(v for v in row)


def _boolean_words(backend: Any, raw: str, table: str, flags: list[tuple[str, str]]) -> list[str]:
    """'churned: No/Yes read as BOOLEAN (Yes = true)' for flags written as words (catalog.loaders');
    `flags`: (raw column, name) pairs."""
    if not flags:
        return []
    head = exp.select(*(column(r) for r, _ in flags)).from_(table_ref(raw)).limit(BOOLEAN_HEAD_ROWS)
    rows = backend.execute(head).fetchall()
    notes = []
    for i, (_, c) in enumerate(flags):
        shown = sorted({str(r[i]).strip() for r in rows if r[i] is not None and str(r[i]).strip()})
        if shown and {w.lower() for w in shown} - {"true", "false"}:
            true = next((w for w in shown if w.lower() in ("yes", "y", "true", "t", "1")), None)
            notes.append(
                f"{table}.{c}: {'/'.join(shown)} read as BOOLEAN" + (f" ({true} = true)" if true else "")
            )
    return notes
