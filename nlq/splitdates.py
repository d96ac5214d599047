"""Dates stored as separate part columns (arrival_date_year, arrival_date_month, arrival_date_day_of_month):
"arrival year" names the year column, and "arrivals in August 2016" filters the parts (year = 2016 and
month = 'August'), never a different date column of the table."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from catalog.roles import is_integer_type
from catalog.semantic import Role
from nlq.intent import Cond
from nlq.schema import Col, Schema
from nlq.timephrases import TimeRange

PARTS = ("year", "month", "week", "day")
"""Part words, in the order a column's name is read for its part ("day_of_month" is a day)."""
OPEN_BEFORE, OPEN_AFTER = 1, 9999
"""Years of an open range's missing end ("before 1960", "after 1990")."""
FILLER = {"date", "of", "number", "num", "no", "nr"}
"""Words of a part column's name that are neither its stem nor its part ("arrival_date_week_number")."""


@dataclass(frozen=True)
class SplitDate:
    """One date kept in part columns of a table; columns are qualified names."""

    stem: tuple[str, ...]
    """The words the parts share ("arrival")."""
    year: str
    month: str | None = None
    parts: tuple[tuple[str, str], ...] = ()
    """(part word, column) for every part column: ("year", "bookings.arrival_date_year"), ..."""


def _part(c: Col) -> tuple[tuple[str, ...], str] | None:
    words = tuple(c.words)
    part = next((w for w in words if w in PARTS), None)
    if part is None or c.role == Role.TIME:
        return None
    stem = tuple(w for w in words if w not in PARTS and w not in FILLER)
    return (stem, part) if stem or words == (part,) else None  # plain Year, Month, Day columns: one date


def split_dates(schema: Schema) -> tuple[SplitDate, ...]:
    """Every date of the schema kept in part columns (a year column, alone or with other parts:
    Year_Birth, arrival_date_year + arrival_date_month)."""
    out: list[SplitDate] = []
    for t in schema.tables.values():
        groups: dict[tuple[str, ...], dict[str, str]] = {}
        for c in t.columns.values():
            found = _part(c)
            if found is not None:
                groups.setdefault(found[0], {}).setdefault(found[1], c.qualified)
        for stem, parts in groups.items():
            if not stem and not {"year", "month", "day"} <= set(parts):
                continue  # plain Year and Month alone are periods (nlq.recognize by_year_key), not a date
            if "year" in parts and schema.col(parts["year"]).is_numeric:
                ordered = tuple((p, parts[p]) for p in PARTS if p in parts)
                out.append(SplitDate(stem, parts["year"], parts.get("month"), ordered))
    return tuple(out)


YEAR_NAMES = {
    ("year",),
    ("yr",),
    ("calendar", "year"),
    ("fiscal", "year"),
    ("survey", "year"),
    ("vintage",),
    ("model", "year"),
}
"""Names of a column that says which year a record is of, where the data has no date column (a wine
list's vintage, a car list's model year)."""
YEARS = (1800, 2200)


def year_key(schema: Schema) -> SplitDate | None:
    """The one whole-number column named like a year (2003 .. 2009) when no column of the data is a
    date: the records' time key, filtered by whole years ("in 2008") and split by year ("by year")."""
    if any(c.role == Role.TIME for c in schema.columns()):
        return None
    keys = [
        c
        for c in schema.columns()
        if tuple(c.words) in YEAR_NAMES
        and is_integer_type(c.dtype)
        and isinstance(c.minimum, int)
        and isinstance(c.maximum, int)
        and YEARS[0] <= c.minimum <= c.maximum <= YEARS[1]
    ]
    return SplitDate((), keys[0].qualified, None, (("year", keys[0].qualified),)) if len(keys) == 1 else None


def key_conds(schema: Schema, key: SplitDate, r: TimeRange) -> list[Cond] | None:
    """Filters on a year key for a period of whole years said by number ("in 2008", "since 2005",
    "between 2004 and 2006"); a period that runs past the last year stored is open at its end. None
    for anything else (a month, "last year": relative to a date the data does not have)."""
    if not re.search(r"\b\d{4}\b", r.phrase or r.label):
        return None
    last = schema.col(key.year).maximum
    end = r.end
    if end.year > last and not (end.month == 1 and end.day == 1):
        end = dt.date(OPEN_AFTER, 1, 1)  # "since 2005": up to today, past the last year stored
    conds = range_conds(schema, key, TimeRange(r.start, end, r.label, r.phrase))
    return conds if conds is not None and all(c.column == key.year for c in conds) else None


def of_column(schema: Schema, column: str) -> SplitDate | None:
    """The split date a part column belongs to."""
    return next((s for s in split_dates(schema) if any(c == column for _, c in s.parts)), None)


def _month_value(schema: Schema, column: str, month: int) -> object | None:
    """How the month column stores a month: its name ("August", "Aug") or its number."""
    c = schema.col(column)
    if c.is_numeric:
        return month
    names = {calendar.month_name[month].lower(), calendar.month_abbr[month].lower()}
    return next((v for v in c.values if str(v).strip().lower() in names), None)


def range_conds(schema: Schema, split: SplitDate, r: TimeRange) -> list[Cond] | None:
    """Filters on the parts for a range of whole years, or whole months of one year; None otherwise."""
    start, end = r.start, r.end
    open_start, open_end = start.year <= OPEN_BEFORE, end.year >= OPEN_AFTER
    whole_start = open_start or (start.month == 1 and start.day == 1)
    whole_end = open_end or (end.month == 1 and end.day == 1)
    if whole_start and whole_end:
        if not (open_start or open_end) and end.year == start.year + 1:
            return [Cond(split.year, "=", start.year)]
        low = [] if open_start else [Cond(split.year, ">=", start.year)]
        return low + ([] if open_end else [Cond(split.year, "<", end.year)])
    last = end - dt.timedelta(days=1)
    if split.month is None or start.day != 1 or end.day != 1 or last.year != start.year:
        return None
    months = [_month_value(schema, split.month, m) for m in range(start.month, last.month + 1)]
    if any(m is None for m in months):
        return None
    month = Cond(split.month, "=", months[0]) if len(months) == 1 else Cond(split.month, "in", tuple(months))
    return [Cond(split.year, "=", start.year), month]
