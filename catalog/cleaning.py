"""Fix the types real exports get wrong, and report every change as one line.

Decisions come from one aggregate query over a sample of the table; candidate fixes are verified by one
query over the whole table (a fix that would turn any non-blank value into NULL is dropped and the
column is reported as having mixed types); the table is rewritten once, with all casts in one
`CREATE OR REPLACE TABLE ... AS SELECT`, only when something needs fixing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from catalog.loaders import quote, snake_case, storage_stats

SAMPLE_ROWS = 20_000

NUMBER_RE = r"^[-+]?[$€£¥]?\s?[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d*)?([eE][-+]?\d+)?$|^[-+]?[$€£¥]?\.\d+$"
INTEGER_RE = r"^[-+]?[$€£¥]?\s?[-+]?(\d{1,3}(,\d{3})+|\d+)$"
LEADING_ZERO_RE = r"^[-+]?0\d+$"
NUMBER_STRIP_RE = r"[$€£¥,\s]"
CURRENCY_RE = r"[$€£¥]"
NULL_MARKERS = ("NA", "N/A", "NULL", "NONE", "NAN", "#N/A", "-", "?")
"""Text that means 'no value' in a column of numbers or dates (upper-cased); such values become NULL."""

TRUE_WORDS = ("yes", "true", "y")
FALSE_WORDS = ("no", "false", "n")

D2, D4, HM, HMS = r"\d{1,2}", r"\d{4}", r"\d{1,2}:\d{2}", r"\d{1,2}:\d{2}:\d{2}"
DATE_FORMATS: tuple[tuple[str, str, str, str], ...] = (
    # (strptime format, DuckDB type, how it is shown in the change line, shape of the text)
    ("%Y-%m-%d", "DATE", "YYYY-MM-DD", rf"{D4}-{D2}-{D2}"),
    ("%Y-%m-%d %H:%M:%S", "TIMESTAMP", "YYYY-MM-DD HH:MM:SS", rf"{D4}-{D2}-{D2} {HMS}"),
    ("%Y-%m-%d %H:%M:%S.%f", "TIMESTAMP", "YYYY-MM-DD HH:MM:SS.f", rf"{D4}-{D2}-{D2} {HMS}\.\d+"),
    ("%Y-%m-%dT%H:%M:%S", "TIMESTAMP", "YYYY-MM-DDTHH:MM:SS", rf"{D4}-{D2}-{D2}T{HMS}"),
    ("%Y-%m-%d %H:%M", "TIMESTAMP", "YYYY-MM-DD HH:MM", rf"{D4}-{D2}-{D2} {HM}"),
    ("%m/%d/%Y %H:%M", "TIMESTAMP", "M/D/YYYY H:MM", rf"{D2}/{D2}/{D4} {HM}"),
    ("%m/%d/%Y %H:%M:%S", "TIMESTAMP", "M/D/YYYY H:MM:SS", rf"{D2}/{D2}/{D4} {HMS}"),
    ("%m/%d/%Y %I:%M:%S %p", "TIMESTAMP", "M/D/YYYY H:MM:SS AM", rf"{D2}/{D2}/{D4} {HMS} [AaPp][Mm]"),
    ("%m/%d/%Y", "DATE", "M/D/YYYY", rf"{D2}/{D2}/{D4}"),
    ("%d/%m/%Y %H:%M", "TIMESTAMP", "D/M/YYYY H:MM", rf"{D2}/{D2}/{D4} {HM}"),
    ("%d/%m/%Y", "DATE", "D/M/YYYY", rf"{D2}/{D2}/{D4}"),
    ("%m/%d/%y", "DATE", "M/D/YY", rf"{D2}/{D2}/\d{{2}}"),
    ("%d-%b-%y", "DATE", "D-Mon-YY", rf"{D2}-[A-Za-z]{{3}}-\d{{2}}"),
    ("%d-%b-%Y", "DATE", "D-Mon-YYYY", rf"{D2}-[A-Za-z]{{3}}-{D4}"),
    ("%d %b %Y", "DATE", "D Mon YYYY", rf"{D2} [A-Za-z]{{3}} {D4}"),
    ("%b %d, %Y", "DATE", "Mon D, YYYY", rf"[A-Za-z]{{3}} {D2}, {D4}"),
    ("%d.%m.%Y", "DATE", "D.M.YYYY", rf"{D2}\.{D2}\.{D4}"),
    ("%Y/%m/%d", "DATE", "YYYY/MM/DD", rf"{D4}/{D2}/{D2}"),
)
"""Text date formats tried on text columns, in order of preference (month-first before day-first).
A format is tried in SQL only when the first values of a column have its shape (strptime is costly)."""

COMPACT_DATE = ("%Y%m%d", "DATE", "YYYYMMDD", r"\d{8}")
"""Integer or digit-text dates, only in columns named like a date."""

KEEP_TEXT_WORDS = frozenset(
    ("name", "names", "phone", "mobile", "fax", "zip", "postcode", "postal", "code", "details", "detail",
     "description", "comment", "comments", "title", "address", "email", "password", "label")
)  # fmt: skip
"""Text columns named like this stay text even when every value is digits (zip codes, phone numbers)."""
DATE_NAME_RE = re.compile(r"(^|_)(date|day|dt|time|timestamp|datetime|since|at|on)($|_)|date")
INTEGER_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER")


@dataclass(frozen=True)
class Fix:
    """A planned rewrite of one column."""

    column: str
    kind: str
    """"number", "date", "bool", "trim"."""
    expr: str
    """SQL expression producing the new value."""
    old_type: str
    new_type: str
    detail: str = ""
    leading_zeros: bool = False
    """The sample had numbers written with leading zeros ('00042'): the change line counts them."""


@dataclass
class CleanReport:
    """What cleaning did to one table."""

    changes: list[str]
    suspicious: list[tuple[str, str]]
    """(column, reason) for columns a person should look at (mixed types)."""


def clean_table(con: duckdb.DuckDBPyConnection, table: str, sample_rows: int = SAMPLE_ROWS) -> CleanReport:
    """Fix column types of `table` in place; return the one-line changes and suspicious columns."""
    schema = [(r[0], r[1]) for r in con.execute(f"DESCRIBE {quote(table)}").fetchall()]
    text_cols = [c for c, t in schema if t == "VARCHAR"]
    int_date_cols = [c for c, t in schema if t in INTEGER_TYPES and _date_named(c)]
    report = CleanReport([], [])
    if not text_cols and not int_date_cols:
        return report
    shapes = _date_candidates(con, table, text_cols)
    numeric = _may_hold_numbers(con, table, text_cols)
    stats = _sample_stats(con, table, text_cols, int_date_cols, sample_rows, shapes, numeric)
    fixes: list[Fix] = []
    for c in text_cols:
        fix = _plan_text(c, stats[c])
        if fix is None and stats[c]["mixed"] and not _id_named(c):
            report.suspicious.append((c, stats[c]["mixed"]))
        if fix is not None:
            fixes.append(fix)
    for c in int_date_cols:
        s = stats[c]
        if s["nonnull"] and s["compact"] == s["nonnull"]:
            fixes.append(
                Fix(c, "date", f"CAST(try_strptime(CAST({quote(c)} AS VARCHAR), '%Y%m%d') AS DATE)", "integer", "DATE",
                    "YYYYMMDD")
            )  # fmt: skip
    if not fixes:
        return report
    fixes = _verify(con, table, fixes, report)
    if fixes:
        by_col = {f.column: f for f in fixes}
        select = ", ".join(f"{by_col[c].expr} AS {quote(c)}" if c in by_col else quote(c) for c, _ in schema)
        con.execute(f"CREATE OR REPLACE TABLE {quote(table)} AS SELECT {select} FROM {quote(table)}")
    return report


UNNAMED_RE = re.compile(r"column\d+")
"""Names the loaders give the columns of a file without a header: YYYYMMDD numbers there are dates too."""


def _date_named(column: str) -> bool:
    return bool(DATE_NAME_RE.search(snake_case(column)) or UNNAMED_RE.fullmatch(column))


SHAPE_ROWS = 200


def _may_hold_numbers(con: duckdb.DuckDBPyConnection, table: str, text_cols: list[str]) -> set[str]:
    """Text columns that may hold a number: DuckDB's statistics prove the others start with a letter.

    A number starts with a space, sign, digit, dot, '$' (all sort before '9') or a non-ASCII currency
    sign; when the smallest value starts after '9' and no value has a non-ASCII character, none can.
    """
    stats = storage_stats(con, table, text_cols)
    out = set()
    for c in text_cols:
        s = stats.get(c, {})
        low = s.get("min")
        if not isinstance(low, str) or not low or low[0] <= "9" or s.get("has_unicode", True):
            out.add(c)
    return out


def _date_candidates(con: duckdb.DuckDBPyConnection, table: str, text_cols: list[str]) -> dict[str, set[int]]:
    """Per text column, the indexes of the date formats whose shape all of its first values have."""
    if not text_cols:
        return {}
    cur = con.execute(
        f"SELECT {', '.join(quote(c) for c in text_cols)} FROM {quote(table)} LIMIT {SHAPE_ROWS}"
    )
    rows = cur.fetchall()
    formats = (*DATE_FORMATS, COMPACT_DATE)
    compiled = [re.compile(f[3]) for f in formats]
    out: dict[str, set[int]] = {}
    for i, c in enumerate(text_cols):
        values = [v.strip() for v in (r[i] for r in rows) if v is not None and v.strip()]
        values = [v for v in values if v.upper() not in NULL_MARKERS][:20]
        if values:
            out[c] = {k for k, rx in enumerate(compiled) if all(rx.fullmatch(v) for v in values)}
    return out


def _sample_stats(
    con: duckdb.DuckDBPyConnection,
    table: str,
    text_cols: list[str],
    int_date_cols: list[str],
    n: int,
    shapes: dict[str, set[int]],
    numeric: set[str],
) -> dict[str, dict]:
    exprs: list[tuple[str, str, str]] = []  # (column, stat, SQL)
    for c in text_cols:
        q, t = quote(c), f"trim({quote(c)})"
        exprs += [
            (c, "nonnull", f"count({q})"),
            (c, "blank", f"count(*) FILTER ({t} = '' OR {_is_marker(t)})"),
            (c, "bool", f"count(*) FILTER (lower({t}) IN {_sql_tuple(TRUE_WORDS + FALSE_WORDS)})"),
            (c, "spaces", f"count(*) FILTER ({q} <> {t})"),
        ]
        if c in numeric:  # regular expressions are the costly part: only where a number may be
            exprs += [
                (c, "number", f"count(*) FILTER (regexp_full_match({t}, '{NUMBER_RE}'))"),
                (c, "integer", f"count(*) FILTER (regexp_full_match({t}, '{INTEGER_RE}'))"),
                (c, "leading_zero", f"count(*) FILTER (regexp_full_match({t}, '{LEADING_ZERO_RE}'))"),
            ]
        for i, (fmt, *_) in enumerate((*DATE_FORMATS, COMPACT_DATE)):
            if i in shapes.get(c, ()):
                exprs.append((c, f"date{i}", f"count(try_strptime({t}, '{fmt}'))"))
    for c in int_date_cols:
        exprs += [
            (c, "nonnull", f"count({quote(c)})"),
            (c, "compact", f"count(try_strptime(CAST({quote(c)} AS VARCHAR), '%Y%m%d'))"),
        ]
    sql = f"SELECT {', '.join(e for _, _, e in exprs)} FROM (SELECT * FROM {quote(table)} LIMIT {int(n)})"
    row = con.execute(sql).fetchone() or ()
    stats: dict[str, dict] = {}
    zeros = {
        "number": 0,
        "integer": 0,
        "leading_zero": 0,
        **{f"date{i}": 0 for i in range(len(DATE_FORMATS) + 1)},
    }
    for c in (*text_cols, *int_date_cols):
        stats[c] = {"column": c, **zeros}
    for (c, name, _), value in zip(exprs, row, strict=True):
        stats[c][name] = value or 0
    return stats


def _is_marker(text_expr: str) -> str:
    return f"upper({text_expr}) IN {_sql_tuple(NULL_MARKERS)}"


def _sql_tuple(words: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{w}'" for w in words) + ")"


def _plan_text(c: str, s: dict) -> Fix | None:
    """The fix for one text column from its sample stats, or None."""
    filled = s["nonnull"] - s["blank"]
    s["mixed"] = ""
    t = f"trim({quote(c)})"
    if filled <= 0:
        return None
    formats = (*DATE_FORMATS, COMPACT_DATE)
    for i, (fmt, dtype, shown, _) in enumerate(formats):
        if s[f"date{i}"] == filled and (fmt != COMPACT_DATE[0] or _date_named(c)):
            expr = f"CAST(try_strptime(NULLIF({t}, ''), '{fmt}') AS {dtype})"
            return Fix(c, "date", expr, "text", dtype, shown)
    if s["bool"] == filled:
        expr = (
            f"CASE WHEN lower({t}) IN {_sql_tuple(TRUE_WORDS)} THEN true "
            f"WHEN lower({t}) IN {_sql_tuple(FALSE_WORDS)} THEN false END"
        )
        return Fix(c, "bool", expr, "text", "BOOLEAN")
    if s["number"] == filled:
        keeps_zeros = s["leading_zero"] > 0 and not _id_named(c)
        if not keeps_zeros and not KEEP_TEXT_WORDS.intersection(snake_case(c).split("_")):
            dtype = "BIGINT" if s["integer"] == filled else "DOUBLE"
            expr = f"TRY_CAST(NULLIF(regexp_replace({t}, '{NUMBER_STRIP_RE}', '', 'g'), '') AS {dtype})"
            return Fix(c, "number", expr, "text", dtype, leading_zeros=s["leading_zero"] > 0)
    elif s["number"] >= 0.5 * filled:
        s["mixed"] = f"mixed types: {s['number']} of {filled} sampled values are numbers, the rest text"
    dated = max(s[f"date{i}"] for i in range(len(DATE_FORMATS)))
    if not s["mixed"] and dated >= 0.5 * filled:
        s["mixed"] = f"mixed types: {dated} of {filled} sampled values are dates, the rest text"
    if s["spaces"]:  # a value of only spaces is no value: it becomes NULL, like an empty field
        return Fix(c, "trim", f"NULLIF({t}, '')", "VARCHAR", "VARCHAR")
    return None


def _id_named(column: str) -> bool:
    return bool(re.search(r"(^|_)(id|key|no|num|number|code)$", snake_case(column)))


def _verify(con: duckdb.DuckDBPyConnection, table: str, fixes: list[Fix], report: CleanReport) -> list[Fix]:
    """Check every fix over the whole table; keep the lossless ones and report them."""
    exprs: list[str] = []
    for f in fixes:
        q = quote(f.column)
        t = f"trim(CAST({q} AS VARCHAR))"
        filled = f"{q} IS NOT NULL AND {t} <> '' AND NOT {_is_marker(t)}"
        exprs += [
            f"count(*) FILTER ({filled} AND ({f.expr}) IS NULL)",
            f"count(*) FILTER ({q} IS NOT NULL AND {t} = '')",
            f"count(*) FILTER ({q} IS NOT NULL AND {_is_marker(t)})",
            f"count(*) FILTER ({q} IS NOT NULL AND CAST({q} AS VARCHAR) <> trim(CAST({q} AS VARCHAR)))",
            f"count(*) FILTER (CAST({q} AS VARCHAR) LIKE '%,%')",
            f"count(*) FILTER (regexp_matches(CAST({q} AS VARCHAR), '{CURRENCY_RE}'))",
            f"count({q})",
            f"count(*) FILTER (regexp_full_match({t}, '{LEADING_ZERO_RE}'))" if f.leading_zeros else "0",
        ]
    row = con.execute(f"SELECT {', '.join(exprs)} FROM {quote(table)}").fetchone() or ()
    kept: list[Fix] = []
    width = len(exprs) // len(fixes)
    for i, f in enumerate(fixes):
        lost, blanks, markers, spaced, commas, currency, nonnull, zeros = row[width * i : width * (i + 1)]
        name = f"{table}.{f.column}"
        if f.kind == "trim":
            if spaced:
                kept.append(f)
                line = f"{name}: trimmed leading/trailing spaces from {spaced} values"
                report.changes.append(line + (f", {blanks} blank values became NULL" if blanks else ""))
            continue
        if lost:
            report.suspicious.append(
                (f.column, f"mixed types: {nonnull - blanks - markers - lost} of {nonnull - blanks - markers} values look "
                 f"{'like numbers' if f.kind == 'number' else 'like dates' if f.kind == 'date' else 'boolean'}"
                 f", {lost} do not; kept as text")
            )  # fmt: skip
            continue
        kept.append(f)
        parts = [f"{name}: {f.old_type} -> {f.new_type}"]
        if f.detail:
            parts[0] += f" (from {f.detail})"
        if blanks:
            parts.append(f"{blanks} blank values became NULL")
        if markers:
            parts.append(f"{markers} values like 'NA' became NULL")
        if f.kind == "number" and commas:
            parts.append(f"thousands separators removed from {commas} values")
        if f.kind == "number" and currency:
            parts.append(f"currency signs removed from {currency} values")
        if f.kind == "number" and zeros:
            parts.append(f"leading zeros dropped from {zeros} values")
        if f.kind != "number" and spaced:
            parts.append(f"{spaced} values trimmed")
        report.changes.append(", ".join(parts))
    return kept
