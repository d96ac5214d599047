"""Answer sentences a business user reads: time series, two-group comparisons, period names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from catalog.numbers import number
from catalog.periods import partial_note
from nlq.explain import OWN_PREPOSITION, _measures_text, cond_text, explain, measure_text
from nlq.figures import measure_value, rate_phrase
from nlq.intent import Cond, Intent, Measure
from nlq.schema import Schema
from nlq.timephrases import TimeRange

BUCKET_FORMATS: dict[str, Callable[[dt.date], str]] = {
    "year": lambda d: f"{d.year}",
    "quarter": lambda d: f"Q{(d.month - 1) // 3 + 1} {d.year}",
    "month": lambda d: d.strftime("%B %Y"),
    "week": lambda d: f"the week of {d.isoformat()}",
    "day": lambda d: d.isoformat(),
}
"""How a time bucket (the first day of its period) is named, per grain: "July 2025", "Q3 2025"."""


def bucket(grain: str | None, value: Any) -> str:
    """A time bucket named for a person; other values as `number` writes them."""
    fmt = BUCKET_FORMATS.get(grain or "")
    if fmt and isinstance(value, dt.date):
        return fmt(value)
    return value if isinstance(value, str) else number(value)


def key_text(intent: Intent, values: tuple[Any, ...]) -> str:
    """The group key of a row ("July 2025, Europe"); the time bucket comes first when there is a grain.
    A whole number is a label here (the year 2009, store 1021), written without separators."""
    return ", ".join(
        str(v)
        if isinstance(v, int) and not isinstance(v, bool)
        else bucket(intent.grain if i == 0 else None, v)
        for i, v in enumerate(values)
    )


def technical(intent: Intent, c: Cond) -> bool:
    """A NOT NULL filter that only keeps empty keys out of a grouping: true, but not worth saying."""
    return c.op == "not_null" and c.column in intent.group_by


def plain(intent: Intent) -> Intent:
    """The intent without its technical filters, for the sentence."""
    kept = tuple(c for c in intent.filters if not technical(intent, c))
    return intent if kept == intent.filters else replace(intent, filters=kept)


def _head(schema: Schema, intent: Intent) -> str:
    """ "Total amount of orders, where plan is Pro" (measures and non-technical filters)."""
    head = _measures_text(schema, intent.measures)
    conds = [cond_text(schema, c) for c in plain(intent).filters]
    return head + (", where " + " and ".join(conds) if conds else "")


def period_phrase(time_range: TimeRange | None) -> str:
    """ " in the last quarter (2025-07-01 to 2025-09-30)", " since March 2024 (…)", or ""."""
    if not time_range:
        return ""
    label = time_range.label
    return (" " if label.startswith(OWN_PREPOSITION) else " in ") + label


def _period(intent: Intent) -> str:
    return period_phrase(intent.time_range)


def series_sentence(
    schema: Schema, intent: Intent, rows: tuple[tuple[Any, ...], ...], partial: Any = None, as_of: Any = None
) -> str | None:
    """ "Total amount of orders by month in Q3 2025 (…): highest in September 2025 ($…), lowest in July 2025 ($…)."
    A bucket the data only partly covers (`partial`, its first day) is left out of the extremes, and said."""
    if intent.kind != "aggregate" or not intent.grain or intent.group_by or intent.order or intent.limit:
        return None
    if len(intent.measures) != 1 or intent.having:
        return None
    m = intent.measures[0]
    shown = [r for r in rows if r[1] is not None]
    if not shown:
        return None
    whole = [r for r in shown if _day(r[0]) != partial]
    if partial is not None and as_of is not None and whole and len(whole) < len(shown):
        part = next(r for r in shown if _day(r[0]) == partial)
        covered = f"{partial_note(partial, intent.grain, as_of)} ({measure_value(schema, m, part[1])})"
        if len(whole) == 1:
            return (
                f"{_head(schema, intent)} by {intent.grain}{_period(intent)}: {bucket(intent.grain, whole[0][0])} "
                f"{measure_value(schema, m, whole[0][1])}; {covered}."
            )
        text = series_sentence(schema, intent, tuple(whole))
        return None if text is None else f"{text[:-1]}; {covered}, left out of that."
    head = f"{_head(schema, intent)} by {intent.grain}{_period(intent)}"
    if len(shown) == 1:
        return f"{head}: only {bucket(intent.grain, shown[0][0])} ({measure_value(schema, m, shown[0][1])})."
    hi = max(shown, key=lambda r: r[1])
    lo = min(shown, key=lambda r: r[1])
    return (
        f"{head}: highest in {bucket(intent.grain, hi[0])} ({measure_value(schema, m, hi[1])}), "
        f"lowest in {bucket(intent.grain, lo[0])} ({measure_value(schema, m, lo[1])})."
    )


def _day(value: Any) -> Any:
    return value.date() if isinstance(value, dt.datetime) else value


def _figure_name(schema: Schema, m: Measure) -> str:
    """ "share of churned customers", "churn rate", "average monthly fee of customers"."""
    if m.agg == "rate" and len(m.condition) == 1 and m.condition[0].op == "true":
        col = schema.col(m.condition[0].column)
        return rate_phrase(" ".join(col.words) or col.name, schema.tables[col.table].entity).capitalize()
    return measure_text(schema, m)


def difference(m: Measure, a: float, b: float) -> str:
    """ "25.7 points higher" for rates and shares, "12.3% lower" for other figures."""
    if a == b:
        return "the same"
    word = "higher" if a > b else "lower"
    if m.agg in ("rate", "share"):
        return f"{abs(a - b) * 100:.1f} points {word}"
    if b == 0:
        return word
    return f"{abs(a - b) / abs(b) * 100:.1f}% {word}"


def pair_sentence(schema: Schema, intent: Intent, rows: tuple[tuple[Any, ...], ...]) -> str | None:
    """ "Share of churned customers: 39.9% for Basic vs 14.2% for Pro (25.7 points higher for Basic)."."""
    if intent.kind != "aggregate" or len(intent.group_by) != 1 or intent.grain or intent.limit:
        return None
    if len(intent.measures) != 1 or len(rows) != 2 or intent.having:
        return None
    col = intent.group_by[0]
    pick = next(
        (c for c in intent.filters if c.column == col and c.op == "in" and len(c.value) == 2),
        None,
    )
    if pick is None:
        return None
    by_key = {r[0]: r[1] for r in rows}
    if set(by_key) != set(pick.value) or any(v is None for v in by_key.values()):
        return None
    first, second = pick.value
    a, b, m = by_key[first], by_key[second], intent.measures[0]
    others = [cond_text(schema, c) for c in plain(intent).filters if c is not pick]
    head = _figure_name(schema, m) + (", where " + " and ".join(others) if others else "") + _period(intent)
    diff = difference(m, float(a), float(b))
    tail = f"{diff} for {first}" if diff != "the same" else diff
    return (
        f"{head}: {measure_value(schema, m, a)} for {first} vs {measure_value(schema, m, b)} "
        f"for {second} ({tail})."
    )


def sentence_label(schema: Schema, intent: Intent, interpretation: str) -> str:
    """The interpretation up to its first bracket, without technical filters."""
    clean = plain(intent)
    text = interpretation if clean is intent else explain(schema, clean)
    return text.split(" (")[0]
