"""One as-of date for every answer, and the data cut to what was known on it.

How it works (for every skill and model downstream):

- `resolve(catalog, given)` picks the date: `given` (a date, or "today"), else the end of the data, the
  latest date among the loaded event columns that is not after today (`data_end`).
- `apply(catalog, as_of)` cuts the data ONCE, in DuckDB: each table whose rows carry dates is shadowed
  by a TEMP table of the same name (DuckDB resolves temp objects first; a table, not a view, so it has
  its own `rowid`) holding its rows known on the as-of date, read from the table itself by its full
  name (`memory.main.<name>`); the loaded table is never changed:
  * a row is known from its earliest event date (LEAST of its event columns other than end dates such
    as churned/closed/cancelled: a customer from signup, a ticket from opening); rows whose earliest
    date is after the as-of date are left out (a table with only end dates keeps every row);
  * later event dates after the as-of date become NULL (a ticket closed later is still open);
  * the churn flag (`model.churn_target`) counts as still active when its churn date is after the
    as-of date.
  Queries, skills and models keep using the plain table names, so everything is cut automatically.
  (That is DuckDB; another backend (catalog.backends) puts the cut in front of each query as a CTE of
  the table's name: `backend.shadow`.)
  Re-applying with another date re-creates the temp tables; `restore` drops them.
  `catalog.as_of` holds the applied date and `catalog.fingerprint()` includes it, so model caches
  keyed on the fingerprint are per as-of date. `TableInfo.row_count` follows the cut.
- Who applies it: `assistant.engine.Assistant(catalog, as_of)` and `assistant.sections.build_report`
  (and the chat when data arrives). Skills receive the applied date as `SkillRequest.as_of`. One
  catalog holds one cut at a time: the last `apply` wins. TEMP tables belong to their connection, so
  run cut queries on `catalog.con` itself (a `con.cursor()` would see the full tables).
- When the as-of date is on or after every event date nothing is cut (the temp tables are dropped), so the
  default (the end of the data) never changes a figure nor copies a row. Columns named like birth dates or planned
  dates (due, expiry, renewal, estimated) are not events.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb
from sqlglot import exp

from catalog.churn_target import CHURN_DATE_NAMES
from catalog.loaders import DataError
from catalog.roles import CHURN_VALUES, NOT_CHURN_VALUES
from catalog.semantic import ColumnInfo, Role

if TYPE_CHECKING:
    from catalog.database import Catalog

NOT_EVENTS = re.compile(
    r"(birth|dob|born|due|expir|renew|until|deadline|estimat|expect|schedul|planned|valid|next)", re.I
)
"""Time columns that are not events in the data's history (birth dates, planned dates)."""
SOURCE_WORDS = {"given": "as of {d}", "data": "data to {d}", "today": "as of today, {d}"}


@dataclass(frozen=True)
class AsOf:
    """The date answers are true as of, and where it came from."""

    date: dt.date
    source: str = "given"
    """"given" (--as-of DATE), "data" (the end of the data) or "today" (--as-of today)."""

    @property
    def words(self) -> str:
        """'data to 2025-12-31' / 'as of 2025-06-30': what a time-dependent answer states."""
        return SOURCE_WORDS[self.source].format(d=self.date.isoformat())


def event_columns(catalog: Catalog, table: str) -> list[str]:
    """The event date columns of a table (time columns that are not birth or planned dates)."""
    info = catalog.model.tables[table]
    return [
        c.name
        for c in info.columns.values()
        if c.role == Role.TIME
        and c.dtype.upper().startswith(("DATE", "TIMESTAMP"))
        and not NOT_EVENTS.search(c.name)
    ]


def data_end(catalog: Catalog, today: dt.date | None = None) -> dt.date | None:
    """The latest date among the event columns of the full data, not after `today`."""
    return _extreme(catalog, "max", today or dt.date.today())


def data_start(catalog: Catalog) -> dt.date | None:
    """The earliest date among the event columns of the full data (an as-of cut never moves it)."""
    return _extreme(catalog, "min", dt.date.today())


def _extreme(catalog: Catalog, fn: str, today: dt.date) -> dt.date | None:
    """min or max (`fn`) of the event dates of every table that are not after `today`."""
    parts = []
    for table in catalog.model.tables:
        for col in event_columns(catalog, table):
            day = _day(col)
            parts.append(
                exp.select(exp.func(fn, day).as_("d")).from_(_full(catalog, table)).where(day <= _lit(today))
            )
    if not parts:
        return None
    union: exp.Query = parts[0]
    for part in parts[1:]:
        union = exp.union(union, part, distinct=False)
    query = exp.select(exp.func(fn, exp.column("d"))).from_(union.subquery("u"))
    found = catalog.backend.execute(query).fetchone()
    latest = found[0] if found else None
    if isinstance(latest, dt.datetime):
        return latest.date()
    return latest if isinstance(latest, dt.date) else None


def resolve(catalog: Catalog, given: dt.date | str | None = None) -> AsOf:
    """The as-of date: `given` (a date or "today"), else the end of the data (else today)."""
    today = dt.date.today()
    if isinstance(given, str):
        if given.strip().lower() == "today":
            return AsOf(today, "today")
        given = dt.date.fromisoformat(given.strip())
    if given is not None:
        return AsOf(given, "given")
    end = data_end(catalog, today)
    return AsOf(end, "data") if end is not None else AsOf(today, "today")


def apply(catalog: Catalog, as_of: AsOf | dt.date | str | None = None) -> AsOf:
    """Cut every dated table to the rows known on the as-of date (see the module docstring)."""
    resolved = as_of if isinstance(as_of, AsOf) else resolve(catalog, as_of)
    if getattr(catalog, "_asof_cut", None) == resolved.date:
        catalog.as_of = resolved
        return resolved
    restore(catalog)
    day = resolved.date
    cut: dict[str, int] = {}
    for table, info in catalog.model.tables.items():
        events = event_columns(catalog, table)
        if not events or not _after(catalog, table, events, day):
            continue
        try:
            rows = catalog.backend.shadow(table, _known(catalog, table, events, day))
        except duckdb.Error as e:  # never answer from half-cut data: say why and stop
            catalog.backend.unshadow(table)
            catalog._asof_full_counts = cut
            restore(catalog)
            raise DataError(
                f"{table}: cannot cut the data at {day.isoformat()}: {str(e).splitlines()[0]}"
            ) from e
        cut[table] = info.row_count
        info.row_count = rows
    catalog._asof_full_counts = cut
    catalog._asof_cut = day
    catalog.as_of = resolved
    return resolved


def restore(catalog: Catalog) -> None:
    """Drop the temp tables of known rows: the plain names mean the full tables again."""
    counts: dict[str, int] = getattr(catalog, "_asof_full_counts", {})
    for table, rows in counts.items():
        catalog.backend.unshadow(table)
        catalog.model.tables[table].row_count = rows
    catalog._asof_full_counts = {}
    catalog._asof_cut = None
    catalog.as_of = None


def is_cut(catalog: Catalog) -> bool:
    """Whether some table is currently cut to an earlier as-of date."""
    return bool(getattr(catalog, "_asof_full_counts", {}))


# ---------------------------------------------------------------------------------------- helpers
def _full(catalog: Catalog, table: str) -> exp.Table:
    """The loaded table itself by its full name (database.schema.table), never the temp table over it."""
    return catalog.backend.full_table(table)


def _lit(day: dt.date) -> exp.Expr:
    return exp.cast(exp.Literal.string(day.isoformat()), "DATE")


def _day(col: str) -> exp.Expr:
    """The column as a DATE (TRY_CAST: a value that does not read as a date is unknown, never an error)."""
    return exp.TryCast(this=exp.column(col, quoted=True), to=exp.DataType.build("DATE"))


def _known_from(events: list[str]) -> exp.Expr:
    days = [_day(c) for c in events]
    return days[0] if len(days) == 1 else exp.func("least", *days)


def _after(catalog: Catalog, table: str, events: list[str], day: dt.date) -> bool:
    """Whether any event date of the table is after `day`."""
    cond = exp.or_(*[_day(c) > _lit(day) for c in events])
    query = exp.select("1").from_(_full(catalog, table)).where(cond).limit(1)
    return catalog.backend.execute(query).fetchone() is not None


def _known(catalog: Catalog, table: str, events: list[str], day: dt.date) -> exp.Select:
    """The rows of `table` known on `day`, later events blanked, later churn not yet happened."""
    info = catalog.model.tables[table]
    churn_date = _churn_date(catalog, table, events)
    flag = catalog.model.churn_target
    projections: list[exp.Expr] = []
    for col in info.columns.values():
        ref = exp.column(col.name, quoted=True)
        if col.name in events:
            value: exp.Expr = exp.If(this=_day(col.name) > _lit(day), true=exp.null())
            projections.append(exp.Case(ifs=[value], default=ref).as_(col.name, quoted=True))
        elif churn_date and flag == f"{table}.{col.name}":
            false = _false_value(col)
            later = exp.Case(ifs=[exp.If(this=_day(churn_date) > _lit(day), true=false)], default=ref)
            projections.append(exp.cast(later, col.dtype).as_(col.name, quoted=True))
        else:
            projections.append(ref)
    starts = [c for c in events if not CHURN_DATE_NAMES.search(c)]
    query = exp.select(*projections).from_(_full(catalog, table))
    if not starts:  # only end dates (churned on, closed at): every row existed before it ended
        return query
    known = _known_from(starts)
    return query.where(exp.or_(known.is_(exp.null()), known <= _lit(day)))


def _churn_date(catalog: Catalog, table: str, events: list[str]) -> str | None:
    target = catalog.model.churn_target
    if not target or target.split(".", 1)[0] != table:
        return None
    return next((c for c in events if CHURN_DATE_NAMES.search(c)), None)


def _false_value(col: ColumnInfo) -> exp.Expr:
    """The stored value of a churn flag meaning still a customer ("No", 0, false, "Active")."""
    if col.dtype.upper() == "BOOLEAN":
        return exp.false()
    if isinstance(col.flag_true, bool | int) or (col.flag_true is None and not col.values):
        return exp.Literal.number(0)
    if col.flag_true is not None:
        other = [v for v in col.values if str(v) != str(col.flag_true)]
    else:  # a status column: a value that does not mean churned, the not-churned words first
        stays = [v for v in col.values if str(v).strip().lower() not in CHURN_VALUES]
        other = sorted(stays, key=lambda v: str(v).strip().lower() not in NOT_CHURN_VALUES)
    return exp.Literal.string(str(other[0]) if other else "No")
