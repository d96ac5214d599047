"""Fix the types real exports get wrong, and report every change as one line.

Decisions come from one aggregate query over a sample of the table; candidate fixes are verified by one
query over the whole table (a fix that would turn any non-blank value into NULL is dropped and the
column is reported as having mixed types); the table is rewritten once, with all casts in one
`CREATE OR REPLACE TABLE ... AS SELECT`, only when something needs fixing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import duckdb
from sqlglot import exp

from catalog.loaders import AGGREGATE_BATCH, LETTERS_OR_DIGITS, aggregate, snake_case, storage_stats
from catalog.roles import INTEGER_TYPES
from catalog.trees import (
    VARCHAR,
    column,
    count_star,
    create_table,
    describe,
    from_template,
    per_column,
    sql,
    table_ref,
)

SAMPLE_ROWS = 20_000

CURRENCY_SIGNS = "$€£¥₹₩₽₺₱₦₫฿"
"""Money signs written before an amount ('$1,099', '₹399'): the number is read, the column is money."""
GROUPED = r"(\d{1,3}(,\d{3})+|\d{1,2}(,\d{2})+,\d{3}|\d+)"
"""Digits with thousands commas, in the Western way (1,399,000) or the Indian one (13,99,000)."""
NUMBER_RE = (
    rf"^[-+]?[{CURRENCY_SIGNS}]?\s?[-+]?{GROUPED}(\.\d*)?([eE][-+]?\d+)?%?$"
    rf"|^[-+]?[{CURRENCY_SIGNS}]?\.\d+%?$"
)
"""A number as an export writes it: a sign, a money sign, thousands commas, a decimal part, an exponent
and a trailing percent sign ('64%' is 64, as written)."""
INTEGER_RE = rf"^[-+]?[{CURRENCY_SIGNS}]?\s?[-+]?{GROUPED}%?$"
LEADING_ZERO_RE = r"^[-+]?0\d+$"
NUMBER_STRIP_RE = rf"[{CURRENCY_SIGNS},%\s]"
CURRENCY_RE = rf"[{CURRENCY_SIGNS}]"
NULL_MARKERS = (
    *("NA", "N/A", "NULL", "NONE", "NAN", "#N/A", "-", "?", "--", "N.A.", "NIL", "NAT", "UNDEFINED"),
    # placeholders an export writes where a value failed or is not known (a café till's 'ERROR')
    *("ERROR", "UNKNOWN", "MISSING", "INVALID", "#ERROR!", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?"),
    # a form's words for a figure not filled in (a delivery app's rating 'Not given' beside 3, 4 and 5)
    *("NOT GIVEN", "NOT PROVIDED", "NOT AVAILABLE", "NOT STATED", "NOT KNOWN", "NOT RECORDED", "NOT RATED"),
    *("UNRATED", "NO RATING", "NOT APPLICABLE"),
)
"""Text that means 'no value' in a column of numbers or dates (upper-cased); such values become NULL."""

NUMBER_NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
"""Whole numbers a person may type as a word among digits ('One' beside 1 and 2 in a quantity column)."""
TRUE_WORDS = ("yes", "true", "y")
FALSE_WORDS = ("no", "false", "n")

D2, D4, HM, HMS = r"\d{1,2}", r"\d{4}", r"\d{1,2}:\d{2}", r"\d{1,2}:\d{2}:\d{2}"
OFFSET = r"([Zz]|[-+]\d{2}(:?\d{2})?)"
"""A UTC offset after an ISO 8601 time ('Z', '+02:00', '-0500'): such times are read as UTC."""
DATE_FORMATS: tuple[tuple[str, str, str, str], ...] = (
    # (strptime format, DuckDB type, how it is shown in the change line, shape of the text)
    ("%Y-%m-%d", "DATE", "YYYY-MM-DD", rf"{D4}-{D2}-{D2}"),
    ("%Y-%m-%d %H:%M:%S", "TIMESTAMP", "YYYY-MM-DD HH:MM:SS", rf"{D4}-{D2}-{D2} {HMS}"),
    ("%Y-%m-%d %H:%M:%S.%f", "TIMESTAMP", "YYYY-MM-DD HH:MM:SS.f", rf"{D4}-{D2}-{D2} {HMS}\.\d+"),
    ("%Y-%m-%dT%H:%M:%S", "TIMESTAMP", "YYYY-MM-DDTHH:MM:SS", rf"{D4}-{D2}-{D2}T{HMS}"),
    ("%Y-%m-%dT%H:%M:%SZ", "TIMESTAMP", "YYYY-MM-DDTHH:MM:SSZ", rf"{D4}-{D2}-{D2}T{HMS}Z"),
    ("%Y-%m-%dT%H:%M:%S.%fZ", "TIMESTAMP", "YYYY-MM-DDTHH:MM:SS.fZ", rf"{D4}-{D2}-{D2}T{HMS}\.\d+Z"),
    (
        "%Y-%m-%dT%H:%M:%S%z",
        "TIMESTAMP",
        "YYYY-MM-DDTHH:MM:SS+HH:MM, as UTC",
        rf"{D4}-{D2}-{D2}T{HMS}(\.\d+)?{OFFSET}",
    ),
    (
        "%Y-%m-%d %H:%M:%S %z",
        "TIMESTAMP",
        "YYYY-MM-DD HH:MM:SS -HHMM, the time as written (its offset dropped)",
        rf"{D4}-{D2}-{D2} {HMS} [-+]\d{{2}}:?\d{{2}}",
    ),
    ("%Y-%m-%d %H:%M", "TIMESTAMP", "YYYY-MM-DD HH:MM", rf"{D4}-{D2}-{D2} {HM}"),
    ("%m/%d/%Y %H:%M", "TIMESTAMP", "M/D/YYYY H:MM", rf"{D2}/{D2}/{D4} {HM}"),
    ("%m/%d/%Y %H:%M:%S", "TIMESTAMP", "M/D/YYYY H:MM:SS", rf"{D2}/{D2}/{D4} {HMS}"),
    ("%m/%d/%Y %I:%M:%S %p", "TIMESTAMP", "M/D/YYYY H:MM:SS AM", rf"{D2}/{D2}/{D4} {HMS} [AaPp][Mm]"),
    ("%m/%d/%Y %I:%M %p", "TIMESTAMP", "M/D/YYYY H:MM AM", rf"{D2}/{D2}/{D4} {HM} [AaPp][Mm]"),
    ("%m/%d/%Y", "DATE", "M/D/YYYY", rf"{D2}/{D2}/{D4}"),
    ("%d/%m/%Y %H:%M", "TIMESTAMP", "D/M/YYYY H:MM", rf"{D2}/{D2}/{D4} {HM}"),
    ("%d/%m/%Y", "DATE", "D/M/YYYY", rf"{D2}/{D2}/{D4}"),
    ("%m/%d/%y %H:%M", "TIMESTAMP", "M/D/YY H:MM", rf"{D2}/{D2}/\d{{2}} {HM}"),
    ("%d/%m/%y %H:%M", "TIMESTAMP", "D/M/YY H:MM", rf"{D2}/{D2}/\d{{2}} {HM}"),
    ("%m/%d/%y", "DATE", "M/D/YY", rf"{D2}/{D2}/\d{{2}}"),
    ("%d/%m/%y", "DATE", "D/M/YY", rf"{D2}/{D2}/\d{{2}}"),
    ("%m-%d-%Y", "DATE", "M-D-YYYY", rf"{D2}-{D2}-{D4}"),
    ("%d-%m-%Y", "DATE", "D-M-YYYY", rf"{D2}-{D2}-{D4}"),
    ("%m-%d-%y", "DATE", "M-D-YY", rf"{D2}-{D2}-\d{{2}}"),
    ("%d-%m-%y", "DATE", "D-M-YY", rf"{D2}-{D2}-\d{{2}}"),
    ("%d-%b-%y", "DATE", "D-Mon-YY", rf"{D2}-[A-Za-z]{{3}}-\d{{2}}"),
    ("%d-%b-%Y", "DATE", "D-Mon-YYYY", rf"{D2}-[A-Za-z]{{3}}-{D4}"),
    ("%d %b %Y", "DATE", "D Mon YYYY", rf"{D2} [A-Za-z]{{3}} {D4}"),
    ("%b %d, %Y", "DATE", "Mon D, YYYY", rf"[A-Za-z]{{3}} {D2}, {D4}"),
    (
        "%d %B %Y",
        "DATE",
        "D Month YYYY ('19th November 2023')",
        rf"{D2}(?:st|nd|rd|th)? [A-Za-z]{{3,9}} {D4}",
    ),
    (
        "%B %d, %Y",
        "DATE",
        "Month D, YYYY ('November 19th, 2023')",
        rf"[A-Za-z]{{3,9}} {D2}(?:st|nd|rd|th)?,? {D4}",
    ),
    ("%d.%m.%Y", "DATE", "D.M.YYYY", rf"{D2}\.{D2}\.{D4}"),
    ("%Y/%m/%d", "DATE", "YYYY/MM/DD", rf"{D4}/{D2}/{D2}"),
    ("%Y-%m", "DATE", "YYYY-MM, the first of the month", rf"{D4}-{D2}"),
    ("%b-%y", "DATE", "Mon-YY, the first of the month", r"[A-Za-z]{3}-\d{2}"),
    ("%b-%Y", "DATE", "Mon-YYYY, the first of the month", rf"[A-Za-z]{{3}}-{D4}"),
)
"""Text date formats tried on text columns, in order of preference (month-first before day-first).
A format is tried in SQL only when the first values of a column have its shape (strptime is costly)."""


def _day_first(fmt: str) -> str:
    """'%m/%d/%Y' -> '%d/%m/%Y' (either separator)."""
    return fmt.replace("%m/%d", "%d/%m").replace("%m-%d", "%d-%m")


DAY_FIRST = {
    i: next(j for j, g in enumerate(DATE_FORMATS) if g[0] == _day_first(f[0]))
    for i, f in enumerate(DATE_FORMATS)
    if f[0][:6] in ("%m/%d/", "%m-%d-") and _day_first(f[0]) in {g[0] for g in DATE_FORMATS}
}
"""Month-first format -> its day-first twin. When both read every value, the first number being always
the same (01/03/2024, 01/04/2024: the first of each month) while the second varies says day-first: a
column of dates all in one month is far less likely than one of firsts of months."""

SEPARATOR_TWINS = {
    i: next(j for j, g in enumerate(DATE_FORMATS) if g[0] == f[0].replace("-", "/"))
    for i, f in enumerate(DATE_FORMATS)
    if re.fullmatch(r"%[md]-%[md]-%[Yy]", f[0])
}
"""Dash format -> the same order with slashes. A column may mix both (a spreadsheet rewrote the dates it
could read, 11-08-2017, and left the rest as typed, 4/15/2018): read together when both are needed."""

TWIN_OF = {**SEPARATOR_TWINS, **{slash: dash for dash, slash in SEPARATOR_TWINS.items()}}
"""Each dash format's slash twin and each slash format's dash twin."""

TWIN_SHARE = 0.2
"""Each of two separators must write at least this share of a column's dates to be read as one date."""

COMPACT_DATE = ("%Y%m%d", "DATE", "YYYYMMDD", r"\d{8}")
"""Integer or digit-text dates, only in columns named like a date."""

KEEP_TEXT_WORDS = frozenset(
    ("name", "names", "phone", "mobile", "fax", "zip", "postcode", "postal", "code", "details", "detail",
     "description", "comment", "comments", "title", "address", "email", "password", "label")
)  # fmt: skip
"""Text columns named like this stay text even when every value is digits (zip codes, phone numbers)."""
DATE_NAME_RE = re.compile(r"(^|_)(date|day|dt|time|timestamp|datetime|since|at|on|epoch)($|_)|date|deadline")


@dataclass(frozen=True)
class Fix:
    """A planned rewrite of one column."""

    column: str
    kind: str
    """"number", "date", "bool", "trim", "nan"."""
    expr: exp.Expr
    """The expression producing the new value."""
    old_type: str
    new_type: str
    detail: str = ""
    leading_zeros: bool = False
    """The sample had numbers written with leading zeros ('00042'): the change line counts them."""
    strays: bool = False
    """A few values (STRAY_SHARE, STRAY_MAX) are neither the type nor a no-value mark ('Like' among star
    ratings, a date shifted into a count by a broken row): they become NULL, counted in the change line."""


STRAY_SHARE = 0.002
STRAY_MAX = 25
"""At most this share of a column's values, and this many, may be stray text in a column of numbers or dates
read as such; more, and the column stays text (mixed types)."""


def _few_strays(typed: int, filled: int) -> bool:
    """Whether the values not of the type are a few strays among `filled`."""
    return 0 < filled - typed <= min(STRAY_MAX, STRAY_SHARE * filled)


@dataclass
class CleanReport:
    """What cleaning did to one table."""

    changes: list[str]
    suspicious: list[tuple[str, str]]
    """(column, reason) for columns a person should look at (mixed types)."""


def clean_table(con: duckdb.DuckDBPyConnection, table: str, sample_rows: int = SAMPLE_ROWS) -> CleanReport:
    """Fix column types of `table` in place; return the one-line changes and suspicious columns."""
    schema = [(r[0], r[1]) for r in con.execute(describe(table)).fetchall()]
    fixes, report = plan_cleaning(con, table, schema, sample_rows)
    fixes += _not_a_number(con, table, schema, report)
    fixes += _impossible_ages(con, table, schema, report, {f.column for f in fixes})
    fixes += _non_breaking_spaces(con, table, schema, report, {f.column for f in fixes})
    fixes += _micro_units(con, table, schema, report, {f.column for f in fixes})
    if fixes:
        con.execute(create_table(table, cleaned_select(table, schema, fixes), replace=True))
    return report


def plan_cleaning(
    con: Any,
    table: str,
    schema: list[tuple[str, str]],
    sample_rows: int = SAMPLE_ROWS,
    numeric: set[str] | None = None,
) -> tuple[list[Fix], CleanReport]:
    """The verified fixes of `table`'s columns ((name, DuckDB type) of each) and the report. `con` runs
    DuckDB text: a DuckDB connection, or a backend that transpiles it (Spark cleans its CSV views so);
    `numeric`: the text columns that may hold numbers (None: told by DuckDB's storage statistics)."""
    text_cols = [c for c, t in schema if t == "VARCHAR"]
    int_date_cols = [c for c, t in schema if t in INTEGER_TYPES and _date_named(c)]
    report = CleanReport([], [])
    if not text_cols and not int_date_cols:
        return [], report
    shapes = _date_candidates(con, table, text_cols)
    numeric = _may_hold_numbers(con, table, text_cols) if numeric is None else numeric
    stats = _sample_stats(con, table, text_cols, int_date_cols, sample_rows, shapes, numeric)
    fixes: list[Fix] = []
    for c in text_cols:
        fix = _plan_text(c, stats[c])
        if fix is None and stats[c]["mixed"] and not _id_named(c):
            report.suspicious.append((c, stats[c]["mixed"]))
        if fix is not None:
            fixes.append(fix)
    fixes = _day_first_as_siblings(fixes, stats)
    for c in int_date_cols:
        s = stats[c]
        if s["nonnull"] and s["compact"] == s["nonnull"]:
            fixes.append(Fix(c, "date", _compact_date(column(c)), "integer", "DATE", "YYYYMMDD"))
        elif s["nonnull"] and s["epoch"] == s["nonnull"]:
            # launched_at 1279574773: seconds since 1970 (Unix time), a Kickstarter or web app export
            fixes.append(Fix(c, "date", _unix_time(column(c), 1000), "integer", "TIMESTAMP", "Unix seconds"))
        elif s["nonnull"] and s["epoch_ms"] == s["nonnull"]:
            fixes.append(
                Fix(c, "date", _unix_time(column(c), 1), "integer", "TIMESTAMP", "Unix milliseconds")
            )
        elif s["nonnull"] and s["clock"] == s["nonnull"] and s["top"] > CLOCK_HHMM_TOP and _time_named(c):
            # TransactionTime 143207: a clock time written as HHMMSS digits (a bank's export)
            fixes.append(Fix(c, "date", from_template(CLOCK_TIME, c=c), "integer", "TIME", "HHMMSS"))
    if not fixes:
        return [], report
    return _verify(con, table, fixes, report), report


def _not_a_number(
    con: duckdb.DuckDBPyConnection, table: str, schema: list[tuple[str, str]], report: CleanReport
) -> list[Fix]:
    """NaN in a column of floating-point numbers (pandas' and Parquet's empty value) is no value: it
    becomes NULL, so that sums and averages leave it out and it never tops a ranking (DuckDB sorts NaN
    above every number and any sum with one is NaN)."""
    floats = [(c, t) for c, t in schema if t in ("DOUBLE", "FLOAT", "REAL")]
    if not floats:
        return []
    counts = aggregate(con, table_ref(table), [_count_where(exp.func("isnan", column(c))) for c, _ in floats])
    fixes = []
    for (c, t), n in zip(floats, counts, strict=True):
        if n:
            expr = exp.If(this=exp.func("isnan", column(c)), true=exp.null(), false=column(c))
            fixes.append(Fix(c, "nan", expr, t, t))
            report.changes.append(f"{table}.{c}: {n} NaN values became NULL")
    return fixes


def _non_breaking_spaces(
    con: duckdb.DuckDBPyConnection,
    table: str,
    schema: list[tuple[str, str]],
    report: CleanReport,
    fixed: set[str],
) -> list[Fix]:
    """'Andhra\u00a0Pradesh' beside 'Andhra Pradesh' typed by a user: a non-breaking space in text is a
    space (said in a change line), so a value reads and matches as it looks."""
    texts = [c for c, t in schema if t == "VARCHAR" and c not in fixed]
    if not texts:
        return []
    nbsp = exp.Literal.string("\u00a0")
    counts = aggregate(
        con, table_ref(table), [_count_where(exp.func("contains", column(c), nbsp)) for c in texts]
    )
    fixes = []
    for c, n in zip(texts, counts, strict=True):
        if n:
            expr = exp.func("replace", column(c), nbsp.copy(), exp.Literal.string(" "))
            fixes.append(Fix(c, "space", expr, "VARCHAR", "VARCHAR"))
            report.changes.append(f"{table}.{c}: {n} values had non-breaking spaces, now plain spaces")
    return fixes


AGE_NAMES = ("age", "customer_age", "patient_age", "client_age", "age_years", "age_in_years")
"""Names (lower-cased, spaces as underscores) of a column holding a person's age in years."""
IMPOSSIBLE_SHARE = 0.01
"""At most this share of an age column below zero is a typing error (more is a code of its own)."""


def _impossible_ages(
    con: duckdb.DuckDBPyConnection,
    table: str,
    schema: list[tuple[str, str]],
    report: CleanReport,
    fixed: set[str],
) -> list[Fix]:
    """A negative age (one patient's Age -1 among 110,000) is no age: it becomes NULL, said in a change line,
    so that "children under 18" never counts it."""
    ages = [
        (c, t)
        for c, t in schema
        if c not in fixed
        and c.lower().replace(" ", "_") in AGE_NAMES
        and t in (*INTEGER_TYPES, "DOUBLE", "FLOAT")
    ]
    if not ages:
        return []
    rows = aggregate(con, table_ref(table), [exp.func("count_star")])[0]
    counts = aggregate(
        con,
        table_ref(table),
        [_count_where(exp.LT(this=column(c), expression=exp.Literal.number(0))) for c, _ in ages],
    )
    fixes = []
    for (c, t), n in zip(ages, counts, strict=True):
        if n and n <= IMPOSSIBLE_SHARE * rows:
            below = exp.LT(this=column(c), expression=exp.Literal.number(0))
            fixes.append(Fix(c, "impossible", exp.If(this=below, true=exp.null(), false=column(c)), t, t))
            report.changes.append(f"{table}.{c}: {n} negative age{'s' if n != 1 else ''} became missing")
    return fixes


MICRO_MONEY_NAMES = frozenset(
    {"totaltransactionrevenue", "transactionrevenue", "productrevenue", "productprice", "localproductprice",
     "localproductrevenue", "productrefundamount", "itemrevenue", "localtransactionrevenue", "totals_transactionrevenue"}
)  # fmt: skip
"""Google Analytics export fields that keep money in millionths of the currency ("micros")."""
ANALYTICS_KEYS = frozenset({"fullvisitorid", "visitid", "visitnumber", "channelgrouping", "visitstarttime"})
"""Google Analytics session fields: a table holding one is a GA export, whose money is in micros."""
MICROS = 1_000_000


def _micro_units(
    con: duckdb.DuckDBPyConnection,
    table: str,
    schema: list[tuple[str, str]],
    report: CleanReport,
    fixed: set[str],
) -> list[Fix]:
    """Money of a Google Analytics export kept in millionths ($124 is 124000000 in transactionRevenue):
    divided by 1,000,000, said in a change line, when some money field's values are all whole multiples of
    10,000 (the export is in micros); then every money field of it whose values are at least a cent (10,000)
    is too (productRevenue's allocated 58656666)."""
    if not {c.lower() for c, _ in schema} & ANALYTICS_KEYS:
        return []
    money = [c for c, t in schema if c not in fixed and c.lower() in MICRO_MONEY_NAMES and t in INTEGER_TYPES]
    if not money:
        return []
    ten_thousand = exp.Literal.number(10_000)
    counts = aggregate(
        con,
        table_ref(table),
        [
            _count_where(
                exp.NEQ(
                    this=exp.Mod(this=column(c), expression=ten_thousand.copy()),
                    expression=exp.Literal.number(0),
                )
            )
            for c in money
        ]
        + [
            _count_where(
                exp.and_(
                    exp.GT(this=column(c), expression=exp.Literal.number(0)),
                    exp.LT(this=column(c), expression=ten_thousand.copy()),
                )
            )
            for c in money
        ],
    )
    off, under_a_cent = counts[: len(money)], counts[len(money) :]
    if all(off):
        return []
    fixes = []
    for c, n_off, n_small in zip(money, off, under_a_cent, strict=True):
        if not n_off or not n_small:
            divided = exp.Div(this=exp.cast(column(c), "DOUBLE"), expression=exp.Literal.number(MICROS))
            fixes.append(Fix(c, "micros", divided, "integer", "DOUBLE"))
            report.changes.append(
                f"{table}.{c}: money kept in millionths (Google Analytics micros), divided by 1,000,000"
            )
    return fixes


def cleaned_select(table: str, schema: list[tuple[str, str]], fixes: list[Fix]) -> exp.Select:
    """SELECT every column of `table`, the fixed ones through their fix, under their own names."""
    by_col = {f.column: f for f in fixes}
    select = [by_col[c].expr.as_(c, quoted=True) if c in by_col else column(c) for c, _ in schema]
    return exp.select(*select, copy=False).from_(table_ref(table), copy=False)


UNNAMED_RE = re.compile(r"column\d+")
"""Names the loaders give the columns of a file without a header: YYYYMMDD numbers there are dates too."""


CLOCK_COUNT = "count(*) FILTER (WHERE :c BETWEEN 0 AND 235959 AND :c % 100 < 60 AND (:c // 100) % 100 < 60)"
"""Values that read as a clock time written HHMMSS (400 is 00:04:00)."""
CLOCK_HHMM_TOP = 2359
"""A column of clock times whose largest value is no more than this may be HHMM: left alone."""
CLOCK_TIME = (
    "make_time(CAST(:c // 10000 AS BIGINT), CAST((:c // 100) % 100 AS BIGINT), CAST(:c % 100 AS DOUBLE))"
)


def _time_named(column: str) -> bool:
    """Named for a time of day, not a date ("TransactionTime", "call_time")."""
    words = snake_case(column).split("_")
    return "time" in words and not {"date", "datetime", "timestamp"} & set(words)


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


SHAPE_SHARE = 0.5
"""A date format is tried on a text column when at least this share of its first values have its shape."""


def _date_candidates(con: duckdb.DuckDBPyConnection, table: str, text_cols: list[str]) -> dict[str, set[int]]:
    """Per text column, the indexes of the date formats whose shape most of its first values have."""
    if not text_cols:
        return {}
    cur = con.execute(
        sql(
            exp.select(*map(column, text_cols), copy=False)
            .from_(table_ref(table), copy=False)
            .limit(SHAPE_ROWS, copy=False)
        )
    )
    rows = cur.fetchall()
    formats = (*DATE_FORMATS, COMPACT_DATE)
    compiled = [re.compile(f[3]) for f in formats]
    out: dict[str, set[int]] = {}
    for i, c in enumerate(text_cols):
        values = [v.strip() for v in (r[i] for r in rows) if v is not None and v.strip()]
        values = [v for v in values if v.upper() not in NULL_MARKERS][:20]
        if values:
            out[c] = {
                k
                for k, rx in enumerate(compiled)
                if SHAPE_SHARE * len(values) <= sum(map(bool, map(rx.fullmatch, values)))
            }  # a few odd values still get counted, so a mostly-dates column is reported as mixed, not passed over
            out[c] |= {TWIN_OF[k] for k in out[c] if k in TWIN_OF}
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
    exprs: list[tuple[str, str, exp.Expr]] = []  # (column, stat, aggregate)
    unpivot = len(text_cols) > AGGREGATE_BATCH and _rows(con, table, n) * len(text_cols) <= UNPIVOT_CELLS
    for c in [] if unpivot else text_cols:
        exprs += [(c, stat, e) for stat, e in _text_exprs(column(c), c in numeric, shapes.get(c, set()))]
    for c in int_date_cols:
        stamp = exp.func(
            "try_strptime", exp.cast(column(c), VARCHAR, copy=False), exp.Literal.string(COMPACT_DATE[0])
        )
        exprs += [(c, "nonnull", exp.Count(this=column(c))), (c, "compact", exp.Count(this=stamp))]
        exprs += [(c, "clock", from_template(CLOCK_COUNT, c=c)), (c, "top", exp.Max(this=column(c)))]
        exprs += [
            (c, "epoch", _count_where(exp.Between(this=column(c), low=_n(UNIX_FROM), high=_n(UNIX_TO))))
        ]
        exprs += [
            (
                c,
                "epoch_ms",
                _count_where(exp.Between(this=column(c), low=_n(UNIX_FROM * 1000), high=_n(UNIX_TO * 1000))),
            )
        ]
    row = aggregate(con, _first_rows(table, n), [e for _, _, e in exprs])
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
    if unpivot:
        _unpivoted_stats(con, table, text_cols, n, shapes, numeric, stats)
    return stats


UNPIVOT_CELLS = 2_000_000
"""A wide sample of at most this many text cells is measured in one UNPIVOT query (one row per value,
grouped by column): the same statistics, without hundreds of aggregates per query."""


def _rows(con: duckdb.DuckDBPyConnection, table: str, limit: int) -> int:
    first = exp.select("1").from_(table_ref(table)).limit(int(limit)).subquery()
    row = con.execute(sql(exp.select(count_star()).from_(first))).fetchone()
    return int(row[0]) if row else 0


def _first_rows(table: str, n: int) -> exp.Expr:
    """`(SELECT * FROM "table" LIMIT n)`: the sample the decisions are made on."""
    return exp.select("*").from_(table_ref(table), copy=False).limit(int(n), copy=False).subquery()


def _text(value: str) -> exp.Literal:
    return exp.Literal.string(value)


def _count_where(condition: exp.Expr) -> exp.Expr:
    """`count(*) FILTER (WHERE condition)`."""
    return exp.Filter(this=count_star(), expression=exp.Where(this=condition))


def _number_name(t: exp.Expr) -> exp.Expr:
    """Whether a trimmed text is a number written as a word ('One')."""
    return exp.Lower(this=t.copy()).isin(*map(_text, NUMBER_NAMES))


TRIMMED = " \t\r\n"
"""Characters trimmed from both ends of a text value: spaces, tabs and the line ends a file exported on
another system leaves inside its last field ('Own Brand\r')."""


def _trim(q: exp.Expr) -> exp.Expr:
    return exp.Trim(this=q.copy(), expression=exp.Literal.string(TRIMMED))


def _matches(t: exp.Expr, pattern: str) -> exp.Expr:
    return exp.func("regexp_full_match", t.copy(), _text(pattern))


def _in_shape(t: exp.Expr, i: int) -> exp.Expr:
    """The text has the shape of DATE_FORMATS[i] (four-digit years where the format has them)."""
    return _matches(t, DATE_FORMATS[i][3])


def _parsed(text: exp.Expr, fmt: str) -> exp.Expr:
    """`text` read with a DATE_FORMATS format (NULL when it does not fit). A time with a UTC offset
    ('%z'; a 'Z' is +00:00) becomes the UTC time without a zone, so every value is on one clock."""
    if fmt.endswith(" %z"):
        # "2015-02-24 11:35:52 -0800" (a tweet export): the clock the export was written in, as people
        # read it, never moved to another day by the offset
        local = exp.RegexpReplace(this=text, expression=_text(r"\s*[-+]\d{2}:?\d{2}$"), replacement=_text(""))
        return exp.func("try_strptime", local, _text(fmt[:-3]))
    if "%B" in fmt:
        # "19th November 2023", "November 19th, 2023": the day's ordinal ending and a missing comma
        plain = exp.RegexpReplace(
            this=text,
            expression=_text(r"(\d{1,2})(st|nd|rd|th)\b,?"),
            replacement=_text(r"\1" + ("," if fmt.startswith("%B") else "")),
        )
        return exp.func("try_strptime", plain, _text(fmt))
    if not fmt.endswith("%z"):
        return exp.func("try_strptime", text, _text(fmt))
    zulu = exp.RegexpReplace(this=text, expression=_text("[Zz]$"), replacement=_text("+00:00"))
    formats = exp.Array(expressions=[_text(fmt), _text(fmt.replace("%S", "%S.%f"))])  # fraction or not
    return exp.func("timezone", _text("UTC"), exp.func("try_strptime", zulu, formats))


UNIX_FROM = 631_152_000
UNIX_TO = 2_147_483_647
"""Seconds since 1970 a Unix time of a CRM record may hold: 1990-01-01 to 2038-01-19 (the 32-bit end)."""


def _n(value: int) -> exp.Expr:
    return exp.Literal.number(value)


def _unix_time(q: exp.Expr, to_millis: int) -> exp.Expr:
    """The UTC time of a Unix time `q` (seconds when `to_millis` is 1000, milliseconds when 1)."""
    millis = exp.Mul(this=q, expression=_n(to_millis)) if to_millis != 1 else q
    return exp.UnixToTime(this=millis, scale=exp.UnixToTime.MILLIS)


def _compact_date(q: exp.Expr) -> exp.Expr:
    """A YYYYMMDD integer or text as a DATE (NULL when it is no date)."""
    stamp = exp.func("try_strptime", exp.cast(q.copy(), VARCHAR, copy=False), _text(COMPACT_DATE[0]))
    return exp.cast(stamp, "DATE")


def _text_exprs(q: exp.Expr, numeric: bool, shapes: set[int]) -> list[tuple[str, exp.Expr]]:
    """(stat, aggregate) of one text column or of the `value` column of an unpivoted sample."""
    t = _trim(q)
    exprs: list[tuple[str, exp.Expr]] = [
        ("nonnull", exp.Count(this=q.copy())),
        ("blank", _count_where(exp.or_(exp.EQ(this=t.copy(), expression=_text("")), _is_marker(t)))),
        ("bool", _count_where(exp.Lower(this=t.copy()).isin(*map(_text, TRUE_WORDS + FALSE_WORDS)))),
        ("spaces", _count_where(exp.NEQ(this=q.copy(), expression=t.copy()))),
    ]
    if numeric:  # regular expressions are the costly part: only where a number may be
        exprs += [
            ("number", _count_where(_matches(t, NUMBER_RE))),
            ("integer", _count_where(_matches(t, INTEGER_RE))),
            ("leading_zero", _count_where(_matches(t, LEADING_ZERO_RE))),
            ("number_name", _count_where(_number_name(t))),
        ]
    for i, (fmt, *_) in enumerate((*DATE_FORMATS, COMPACT_DATE)):
        if i in shapes:
            exprs.append((f"date{i}", exp.Count(this=_parsed(t.copy(), fmt))))
        if i in shapes and i in TWIN_OF:  # values of exactly this shape: '94' is no year of '%Y'
            exprs.append((f"shape{i}", _count_where(_in_shape(t, i))))
    if any(i in shapes and j in shapes for i, j in DAY_FIRST.items()):
        for part in (1, 2):  # the distinct first and second numbers of n/n/yyyy (or n-n-yyyy)
            slashed = exp.func("replace", t.copy(), _text("-"), _text("/"))
            split = exp.func("split_part", slashed, _text("/"), exp.Literal.number(part))
            split = exp.TryCast(this=split, to=exp.DataType.build("INTEGER"))  # '01' is 1; 'NA' none
            exprs.append((f"part{part}", exp.Count(this=exp.Distinct(expressions=[split]))))
    return exprs


def _unpivoted_stats(
    con: duckdb.DuckDBPyConnection,
    table: str,
    text_cols: list[str],
    n: int,
    shapes: dict[str, set[int]],
    numeric: set[str],
    stats: dict[str, dict],
) -> None:
    """The statistics of `_text_exprs` for many text columns at once; a date format is counted only
    for the columns whose first values have its shape, numbers only where a number may be."""
    every_shape = set().union(*shapes.values()) if shapes else set()
    exprs = _text_exprs(exp.column("value"), bool(numeric), every_shape)
    sample = (
        exp.select(*map(column, text_cols), copy=False)
        .from_(table_ref(table), copy=False)
        .limit(int(n), copy=False)
    )
    rows = con.execute(sql(per_column(sample, *(e for _, e in exprs)))).fetchall()
    for name, *values in rows:
        for (stat, _), value in zip(exprs, values, strict=True):
            if stat.startswith("date") and int(stat[4:]) not in shapes.get(name, ()):
                continue
            if stat in ("number", "integer", "leading_zero") and name not in numeric:
                continue
            stats[name][stat] = value or 0
    for c in text_cols:
        stats[c].setdefault("nonnull", 0)
        for stat in ("blank", "bool", "spaces"):
            stats[c].setdefault(stat, 0)


def _is_marker(text_expr: exp.Expr) -> exp.Expr:
    """The text is a no-value marker ('NA', 'N/A', '-', ...) or a stray mark of no letter or digit ('|')."""
    return exp.or_(
        exp.Upper(this=text_expr.copy()).isin(*map(_text, NULL_MARKERS)),
        _matches(text_expr, rf"^[^{LETTERS_OR_DIGITS}]+$"),
    )


def _day_first_as_siblings(fixes: list[Fix], stats: dict[str, dict]) -> list[Fix]:
    """ "1/8/2023 11:47" in a column whose every value reads either way, beside a column of the same export
    that can only be day-first ("28/7/2023 20:42"): day-first too (the export writes all its dates one
    way); a month-first reading there had put responses months before their tickets."""
    shown = {f[2]: i for i, f in enumerate(DATE_FORMATS)}
    day_first = set(DAY_FIRST.values())
    if not any(f.kind == "date" and shown.get(f.detail) in day_first for f in fixes):
        return fixes
    out = []
    for f in fixes:
        i = shown.get(f.detail) if f.kind == "date" else None
        twin = DAY_FIRST.get(i) if i is not None else None
        s = stats.get(f.column, {})
        if twin is not None and s.get(f"date{twin}") == s.get(f"date{i}"):
            fmt, dtype, label, _ = DATE_FORMATS[twin]
            stamp = _parsed(exp.Nullif(this=_trim(column(f.column)), expression=_text("")), fmt)
            f = Fix(f.column, "date", exp.cast(stamp, dtype), f.old_type, dtype, label)
        out.append(f)
    return out


def _plan_text(c: str, s: dict) -> Fix | None:
    """The fix for one text column from its sample stats, or None."""
    filled = s["nonnull"] - s["blank"]
    s["mixed"] = ""
    t = _trim(column(c))
    if filled <= 0:
        return None
    formats = (*DATE_FORMATS, COMPACT_DATE)
    for i, (fmt, dtype, shown, _) in enumerate(formats):
        twin = DAY_FIRST.get(i)
        if (
            twin is not None
            and s[f"date{i}"] == s[f"date{twin}"] == filled
            and s.get("part1") == 1 < s.get("part2", 0)
        ):
            continue  # 01/03/2024, 01/04/2024: firsts of months written day-first
        strays = _few_strays(s[f"date{i}"], filled) and _date_named(c)
        if (s[f"date{i}"] == filled or strays) and (fmt != COMPACT_DATE[0] or _date_named(c)):
            stamp = _parsed(exp.Nullif(this=t, expression=_text("")), fmt)
            return Fix(c, "date", exp.cast(stamp, dtype), "text", dtype, shown, strays=strays)
    for dash, slash in SEPARATOR_TWINS.items():
        dashed, slashed = s.get(f"date{dash}", 0), s.get(f"date{slash}", 0)
        if (
            dashed > 0
            and slashed > 0
            and dashed + slashed == filled
            and min(dashed, slashed) >= TWIN_SHARE * filled  # never a placeholder ('1/1/1800') among dates
            and (dashed, slashed) == (s.get(f"shape{dash}"), s.get(f"shape{slash}"))
        ):
            either = (
                exp.Case()
                .when(_in_shape(t, dash), _parsed(t.copy(), DATE_FORMATS[dash][0]))
                .when(_in_shape(t, slash), _parsed(t.copy(), DATE_FORMATS[slash][0]))
            )
            shown = f"{DATE_FORMATS[dash][2]} and {DATE_FORMATS[slash][2]} mixed"
            return Fix(c, "date", exp.cast(either, "DATE"), "text", "DATE", shown)
    if s["bool"] == filled:
        lowered = exp.Lower(this=t)
        expr: exp.Expr = (
            exp.Case()
            .when(lowered.copy().isin(*map(_text, TRUE_WORDS)), exp.true())
            .when(lowered.copy().isin(*map(_text, FALSE_WORDS)), exp.false())
        )
        return Fix(c, "bool", expr, "text", "BOOLEAN")
    named = s.get("number_name", 0) if s["number"] > s.get("number_name", 0) else 0
    strays = _few_strays(s["number"] + named, filled) and not _id_named(c)
    if s["number"] + named == filled or strays:
        keeps_zeros = s["leading_zero"] > 0 and not _id_named(c)
        if not keeps_zeros and not KEEP_TEXT_WORDS.intersection(snake_case(c).split("_")):
            dtype = "BIGINT" if s["integer"] == s["number"] else "DOUBLE"
            stripped = exp.RegexpReplace(
                this=t.copy(), expression=_text(NUMBER_STRIP_RE), replacement=_text(""), modifiers=_text("g")
            )
            expr = exp.TryCast(
                this=exp.Nullif(this=stripped, expression=_text("")), to=exp.DataType.build(dtype)
            )
            # 'One', 'Two' among digits: the number the word names
            words = exp.Case(this=exp.Lower(this=t.copy()))
            for n, word in enumerate(NUMBER_NAMES):
                words = words.when(_text(word), exp.Literal.number(n))
            expr = words.else_(expr)
            return Fix(c, "number", expr, "text", dtype, leading_zeros=s["leading_zero"] > 0, strays=strays)
    elif s["number"] >= 0.5 * filled:
        s["mixed"] = f"mixed types: {s['number']} of {filled} sampled values are numbers, the rest text"
    dated = max(s[f"date{i}"] for i in range(len(DATE_FORMATS)))
    if not s["mixed"] and dated >= 0.5 * filled:
        s["mixed"] = f"mixed types: {dated} of {filled} sampled values are dates, the rest text"
    if s["spaces"]:  # a value of only spaces is no value: it becomes NULL, like an empty field
        return Fix(c, "trim", exp.Nullif(this=t, expression=_text("")), "VARCHAR", "VARCHAR")
    return None


def _id_named(column: str) -> bool:
    return bool(re.search(r"(^|_)(id|key|no|num|number|code)$", snake_case(column)))


def _verify(con: duckdb.DuckDBPyConnection, table: str, fixes: list[Fix], report: CleanReport) -> list[Fix]:
    """Check every fix over the whole table; keep the lossless ones and report them."""
    exprs: list[exp.Expr] = []
    for f in fixes:
        q = column(f.column)
        text = exp.cast(q.copy(), VARCHAR, copy=False)
        t = _trim(text)
        present = q.copy().is_(exp.null()).not_()
        blank = exp.EQ(this=t.copy(), expression=_text(""))
        filled = exp.and_(present, exp.NEQ(this=t.copy(), expression=_text("")), exp.not_(_is_marker(t)))
        exprs += [
            _count_where(exp.and_(filled, exp.paren(f.expr.copy()).is_(exp.null()))),
            _count_where(exp.and_(present.copy(), blank)),
            _count_where(exp.and_(present.copy(), _is_marker(t))),
            _count_where(exp.and_(present.copy(), exp.NEQ(this=text.copy(), expression=t.copy()))),
            _count_where(exp.Like(this=text.copy(), expression=_text("%,%"))),
            _count_where(exp.func("regexp_matches", text.copy(), _text(CURRENCY_RE))),
            exp.Count(this=q.copy()),
            _count_where(_matches(t, LEADING_ZERO_RE)) if f.leading_zeros else exp.Literal.number(0),
            _count_where(_number_name(t)) if f.kind == "number" else exp.Literal.number(0),
        ]
    row = aggregate(con, table_ref(table), exprs)
    kept: list[Fix] = []
    width = len(exprs) // len(fixes)
    for i, f in enumerate(fixes):
        lost, blanks, markers, spaced, commas, currency, nonnull, zeros, worded = row[
            width * i : width * (i + 1)
        ]
        name = f"{table}.{f.column}"
        if f.kind == "trim":
            if spaced:
                kept.append(f)
                line = f"{name}: trimmed leading/trailing spaces from {spaced} values"
                report.changes.append(line + (f", {blanks} blank values became NULL" if blanks else ""))
            continue
        if lost and not (
            f.strays and _few_strays(nonnull - blanks - markers - lost, nonnull - blanks - markers)
        ):
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
            parts.append(f"{markers} values marking no value ('NA', 'ERROR', 'UNKNOWN'...) became NULL")
        if lost:
            parts.append(f"{lost} stray values of another kind became NULL")
        if f.kind == "number" and commas:
            parts.append(f"thousands separators removed from {commas} values")
        if f.kind == "number" and currency:
            parts.append(f"currency signs removed from {currency} values")
        if f.kind == "number" and zeros:
            parts.append(f"leading zeros dropped from {zeros} values")
        if worded:
            parts.append(f"{worded} numbers written as words ('One') read as numbers")
        if f.kind != "number" and spaced:
            parts.append(f"{spaced} values trimmed")
        report.changes.append(", ".join(parts))
    return kept
