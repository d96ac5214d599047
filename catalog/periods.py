"""Periods of a time series the data only partly covers: one rule for every series an answer shows.

A period (a month, week, quarter, year or day, named by its first day) is partial when the as-of date
falls inside it before its last day: December 2025 is partial with data to 2025-12-15, complete with data
to 2025-12-31. Every series (nlq's "by month" answers, the monthly churn rate, the sentiment trend) uses
these helpers: the partial row is marked in the table (`mark_partial`: a `coverage` column saying
"partial, data to 2025-12-15"), and a headline (highest, lowest, the latest value, a change) is never made
from it against full periods; the sentence names it (`partial_words`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

GRAIN_MONTHS = {"month": 1, "quarter": 3, "year": 12}
GRAIN_DAYS = {"day": 1, "week": 7}
COVERAGE = "coverage"
"""The column that marks a partial period's row."""
NAMES = {
    "year": lambda d: f"{d.year}",
    "quarter": lambda d: f"Q{(d.month - 1) // 3 + 1} {d.year}",
    "month": lambda d: d.strftime("%B %Y"),
    "week": lambda d: f"the week of {d.isoformat()}",
    "day": lambda d: d.isoformat(),
}
"""How a period (its first day) is named, per grain: "July 2025", "Q3 2025"."""


def day_of(value: Any) -> dt.date | None:
    """A bucket's first day as a date (datetimes and ISO text too), else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def period_end(start: dt.date, grain: str) -> dt.date | None:
    """The day after the period starting on `start` (None for an unknown grain)."""
    if grain in GRAIN_MONTHS:
        index = start.year * 12 + start.month - 1 + GRAIN_MONTHS[grain]
        return dt.date(index // 12, index % 12 + 1, 1)
    if grain in GRAIN_DAYS:
        return start + dt.timedelta(days=GRAIN_DAYS[grain])
    return None


def is_partial(start: Any, grain: str, as_of: dt.date) -> bool:
    """Whether the as-of date falls inside the period starting on `start`, before its last day."""
    day = day_of(start)
    end = period_end(day, grain) if day is not None else None
    return day is not None and end is not None and day <= as_of and end > as_of + dt.timedelta(days=1)


def period_name(start: Any, grain: str) -> str:
    """ "December 2025", "Q4 2025", "the week of 2025-12-08"."""
    day = day_of(start)
    return NAMES[grain](day) if day is not None and grain in NAMES else str(start)


def partial_words(as_of: dt.date) -> str:
    """ "partial, data to 2025-12-15": a partial period's row."""
    return f"partial, data to {as_of.isoformat()}"


def partial_note(start: Any, grain: str, as_of: dt.date) -> str:
    """ "December 2025: partial, data to 2025-12-15": a partial period in a sentence."""
    return f"{period_name(start, grain)}: {partial_words(as_of)}"


def first_partial(rows: Any, grain: str | None, as_of: dt.date | None, at: int = 0) -> dt.date | None:
    """The first day of the partial period among the rows' buckets (cell `at`), if one is shown."""
    if not grain or as_of is None:
        return None
    for row in rows:
        if is_partial(row[at], grain, as_of):
            return day_of(row[at])
    return None


def mark_partial(
    columns: tuple[str, ...],
    rows: tuple[tuple[Any, ...], ...],
    grain: str | None,
    as_of: dt.date | None,
    at: int = 0,
) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    """The table with a `coverage` column saying which row's period is partial ("" on the others);
    unchanged when no row is partial."""
    partial = first_partial(rows, grain, as_of, at)
    if partial is None or as_of is None or COVERAGE in columns:
        return columns, rows
    words = partial_words(as_of)
    marked = tuple((*row, words if day_of(row[at]) == partial else "") for row in rows)
    return (*columns, COVERAGE), marked


def first_unfinished(as_of: dt.date, grain: str = "month") -> dt.date:
    """The first day of the first period not over on the as-of date, i.e. of the period holding the day
    after it (a period is over once the as-of date is its last day): series of full periods stop before it."""
    after = as_of + dt.timedelta(days=1)
    if grain in GRAIN_MONTHS:
        index = after.year * 12 + after.month - 1
        first = index - index % GRAIN_MONTHS[grain]
        return dt.date(first // 12, first % 12 + 1, 1)
    if grain == "week":
        return after - dt.timedelta(days=after.weekday())
    return after
