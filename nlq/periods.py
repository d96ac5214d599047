"""Periods the data only partly covers: compared like with like, or named as far as they go.

"this month vs last month" on the 15th compares the first 15 days of both (a period relative to the
as-of date is meant to date); "1997 vs 1998" where the data ends on 1998-06-30 keeps the calendar
years asked for and says that 1998 only goes to June 30. "this month" alone on the 15th is named
"the current month to Dec 15". The as-of date is the end of what is known (catalog.asof).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import replace
from typing import Any

from catalog.asof import NOT_EVENTS
from catalog.periods import first_partial
from nlq.intent import Intent
from nlq.timephrases import TimeRange

DAY = dt.timedelta(days=1)


def like_for_like(intent: Intent, as_of: dt.date) -> Intent:
    """The intent with periods that run past `as_of` cut there, and the other compared periods cut at
    the same point of theirs (same months and days), each label saying how far it goes."""
    end = as_of + DAY
    changed: dict[str, Any] = {}
    ranges = intent.compare_ranges
    partial = next((r for r in ranges if r.start < end < r.end), None)
    if partial is not None and all(_relative(r) for r in ranges):
        changed["compare_ranges"] = tuple(_cut(r, _same_point(r.start, partial.start, end)) for r in ranges)
        changed["notes"] = (
            *intent.notes,
            f"each up to the same day: the data known ends on {as_of.isoformat()}",
        )
    elif partial is not None:
        last = end - DAY
        named = tuple(replace(r, label=_only_to(r, last)) if r is partial else r for r in ranges)
        changed["compare_ranges"] = named
        name = partial.label.split(" (")[0]
        changed["notes"] = (
            *intent.notes,
            f"{name} is covered only up to {last.isoformat()}, the end of the data known",
        )
    current = intent.time_range
    planned = bool(intent.time_column and NOT_EVENTS.search(intent.time_column.split(".", 1)[-1]))
    if current is not None and current.start < end < current.end and not planned:
        # (a planned date, an expiry or a deadline, is known ahead: "cards that expire in March" is all
        # of March)
        changed["time_range"] = _cut(current, end)
    return replace(intent, **changed) if changed else intent


def _same_point(start: dt.date, partial_start: dt.date, end: dt.date) -> dt.date:
    """The (exclusive) end as far into a period starting on `start` as `end` is into the partial one:
    the same day of the same month of the period, or its month's last day ("to Feb 29" -> "to Feb 28")."""
    last = end - DAY
    if start.day == 1 and partial_start.day == 1:
        months = (last.year - partial_start.year) * 12 + last.month - partial_start.month
        year, month = divmod(start.year * 12 + start.month - 1 + months, 12)
        day = min(last.day, calendar.monthrange(year, month + 1)[1])
        return dt.date(year, month + 1, day) + DAY
    return start + (end - partial_start)


RELATIVE_WORDS = {
    "this",
    "current",
    "last",
    "previous",
    "past",
    "prior",
    "ytd",
    "date",
    "far",
    "now",
    "recent",
}
"""Words of a period counted from the as-of date ("this month", "the last quarter", "year to date")."""


def _relative(r: TimeRange) -> bool:
    words = set((r.phrase or r.label.split(" (")[0]).lower().replace("-", " ").split())
    return bool(words & RELATIVE_WORDS)


def _only_to(r: TimeRange, last: dt.date) -> str:
    name, _, rest = r.label.partition(" (")
    return f"{name}, only to {last:%b} {last.day}" + (f" ({rest}" if rest else "")


def _cut(r: TimeRange, end: dt.date) -> TimeRange:
    if end >= r.end:
        return r
    last = end - DAY
    name = r.label.split(" (")[0]
    return replace(
        r, end=end, label=f"{name} to {last:%b} {last.day} ({r.start.isoformat()} to {last.isoformat()})"
    )


def partial_bucket(intent: Intent, rows: tuple[tuple, ...], as_of: dt.date) -> dt.date | None:
    """The first day of a series' bucket that runs past the as-of date (December on Dec 15), if shown
    (catalog.periods: one rule for every series)."""
    if not intent.grain or intent.group_by or not rows:
        return None
    return first_partial(rows, intent.grain, as_of)
