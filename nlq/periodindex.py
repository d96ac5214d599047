"""A whole-number column that counts periods (a month index 1, 2, 3 ... from January 1993), as cra.toml
says (`counts`, `first`): never inferred from the data. Where the data has no date column, a period said
by its dates filters it ("in 1994": 13 to 24), a split by its period groups by it ("each month"), and
"month 5" is its value 5."""

from __future__ import annotations

import calendar
import datetime as dt

from catalog.semantic import Role
from nlq.schema import Col, Schema
from nlq.splitdates import OPEN_AFTER, OPEN_BEFORE
from nlq.timephrases import TimeRange


def index_column(schema: Schema) -> Col | None:
    """The one column cra.toml says counts periods, when no column of the data is a date."""
    if any(c.role == Role.TIME for c in schema.columns()):
        return None
    found = [c for c in schema.columns() if c.period_index is not None and c.is_numeric]
    return found[0] if len(found) == 1 else None


def number_of(c: Col, day: dt.date) -> int | None:
    """The period number of the period a day starts (None: the day starts no period of c's unit)."""
    assert c.period_index is not None
    unit, first = c.period_index
    if unit == "year":
        return day.year - first.year + 1 if (day.month, day.day) == (1, 1) else None
    if day.day != 1:
        return None
    return (day.year - first.year) * 12 + day.month - first.month + 1


def start_of(c: Col, number: int) -> str:
    """The period numbered so, in words ("January 1993")."""
    assert c.period_index is not None
    unit, first = c.period_index
    if unit == "year":
        return str(first.year + number - 1)
    months = first.year * 12 + first.month - 1 + number - 1
    return f"{calendar.month_name[months % 12 + 1]} {months // 12}"


def range_bounds(c: Col, r: TimeRange) -> tuple[int | None, int | None] | None:
    """The first and last period numbers of a range of whole periods (None at an open end), or None
    when the range does not start and end on period starts ("last week", "15 March 1994")."""
    low = None if r.start.year <= OPEN_BEFORE else number_of(c, r.start)
    high = None if r.end.year >= OPEN_AFTER else number_of(c, r.end)
    if (low is None and r.start.year > OPEN_BEFORE) or (high is None and r.end.year < OPEN_AFTER):
        return None
    return low, None if high is None else high - 1
