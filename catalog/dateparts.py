"""A date column kept beside its own parts (Date with Year, Month and Day columns) that disagrees with
them on some rows: a date whose day and month were swapped at export ("2014-01-05" where Day is 1 and
Month is May). The parts are what the export was made from; the date is not used for time and the load
says so, never answering "revenue in May" from the wrong rows."""

from __future__ import annotations

import duckdb
from sqlglot import exp

from catalog.semantic import Role, TableInfo
from catalog.trees import column, table_ref

PART_NAMES = {
    "year": ("year", "yr"),
    "month": ("month", "mth", "month_name"),
    "day": ("day", "dom", "day_of_month"),
}
"""Column names (lower-cased) of the parts of a date kept beside it."""

MONTH_FORMAT = {"name": "%B", "short": "%b"}


def check_date_parts(con: duckdb.DuckDBPyConnection, t: TableInfo, notes: list[str]) -> None:
    """Demote each date column of t that disagrees with the table's year/month/day columns."""
    parts = {
        part: c for part, names in PART_NAMES.items() for c in t.columns.values() if c.name.lower() in names
    }
    if "year" not in parts or len(parts) < 2:
        return
    own = {c.name for c in parts.values()}
    for d in [c for c in t.columns.values() if c.role == Role.TIME and c.name not in own]:
        checks = [_differs(d.name, part, c.name, c.dtype) for part, c in parts.items()]
        wrong = exp.or_(*[x for x in checks if x is not None])
        query = exp.select(exp.func("count_if", wrong)).from_(table_ref(t.name))
        try:
            row = con.execute(query.sql(dialect="duckdb")).fetchone()
        except duckdb.Error:
            continue
        n = int(row[0] or 0) if row else 0
        if n:
            d.role = Role.OTHER
            d.reason = f"disagrees with {', '.join(c.name for c in parts.values())} on {n} rows"
            notes.append(
                f"{t.name}.{d.name}: disagrees with its own {'/'.join(c.name for c in parts.values())} columns "
                f"on {n} rows (day and month swapped?); those columns are used for time, the date is not"
            )


def _differs(date: str, part: str, name: str, dtype: str) -> exp.Expr | None:
    """The condition that a row's date and its stored part differ (NULLs never count)."""
    d = exp.cast(column(date), "DATE")
    if dtype.upper().startswith("VARCHAR") and part == "month":
        said = exp.func("lower", exp.func("trim", column(name)))
        names = [
            exp.func("lower", exp.func("strftime", d.copy(), exp.Literal.string(f)))
            for f in MONTH_FORMAT.values()
        ]
        return exp.and_(
            exp.Not(this=said.is_(exp.null())), *[exp.NEQ(this=said.copy(), expression=n) for n in names]
        )
    if dtype.upper().startswith("VARCHAR"):
        return None
    value = exp.func({"year": "year", "month": "month", "day": "day"}[part], d)
    return exp.NEQ(this=value, expression=column(name))
