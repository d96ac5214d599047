"""Numbers and one-sentence answers formatted for a person."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nlq.intent import Intent, Measure
from nlq.schema import Schema


def rate_phrase(flag_words: str, entity: str) -> str:
    """How people name the rate of a flag: "churn rate", but "share of churned customers"."""
    if flag_words.split()[-1].endswith("ed"):
        return f"share of {flag_words} {entity}"
    return f"{flag_words} rate"


def number(value: Any, *, money: bool = False, percent: bool = False) -> str:
    """1234.5 -> '1,234.5'; money -> '$1,234.50'; percent (a fraction) -> '26.5%'."""
    if value is None:
        return "no value"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if not isinstance(value, int | float) and not hasattr(value, "__float__"):
        return str(value)
    v = float(value)
    if percent:
        return f"{v * 100:.1f}%"
    if money:
        return f"${v:,.2f}"
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v):,}"
    return f"{v:,.2f}" if abs(v) >= 1 else f"{v:.4g}"


def measure_value(schema: Schema, m: Measure, value: Any) -> str:
    money = (
        bool(m.column)
        and not m.since
        and m.agg in ("sum", "avg", "median", "min", "max")
        and schema.col(m.column or "").money
    )
    return number(value, money=money, percent=m.agg in ("rate", "share"))


def sentence(
    schema: Schema,
    intent: Intent,
    columns: tuple[str, ...],
    rows: tuple[tuple[Any, ...], ...],
    total: int,
    interpretation: str,
) -> str:
    """The key figure in one sentence."""
    from nlq import wording

    label = wording.sentence_label(schema, intent, interpretation)
    if intent.kind == "list":
        entity = schema.tables[intent.table].entity
        return f"{total:,} {entity if total != 1 else schema.tables[intent.table].entity_singular} found."
    if intent.kind == "distinct":
        return f"{total:,} distinct values."
    if not rows:
        return "No rows match."
    if intent.count_groups:
        return f"{label}: {number(rows[0][0])}."
    m = intent.measures[0] if intent.measures else None
    n_groups = len(intent.group_by) + (1 if intent.grain else 0)
    if intent.kind == "compare" and m is not None and len(rows) == 1 and not n_groups:
        a, b, change, pct = rows[0][0], rows[0][1], rows[0][-2], rows[0][-1]
        pct_text = f" ({number(pct, percent=True)})" if pct is not None else ""
        names = [r.label.split(" (")[0] for r in intent.compare_ranges] or list(columns[:2])
        lead = names[0][:1].upper() + names[0][1:]
        return (
            f"{lead}: {measure_value(schema, m, a)} vs {names[1]}: {measure_value(schema, m, b)}, "
            f"a change of {measure_value(schema, m, change) if m.agg != 'rate' else number(change, percent=True)}{pct_text}."
        )
    if m is None:
        return f"{total:,} rows."
    if not n_groups and len(rows) == 1:
        k = len(intent.measures)
        values = [measure_value(schema, x, v) for x, v in zip(intent.measures, rows[0][-k:], strict=False)]
        return f"{label}: {', '.join(values)}."
    special = wording.series_sentence(schema, intent, rows) or wording.pair_sentence(schema, intent, rows)
    if special:
        return special
    first = rows[0]
    key = _key(intent, first, n_groups)
    value = measure_value(schema, m, first[n_groups])
    if intent.limit == 1 and intent.order:
        return f"{key} ({value})."
    if intent.grain:
        return f"{label}: {total:,} periods; first {key}: {value}."
    shown = [r for r in rows if r[n_groups] is not None]
    if shown and not intent.order:
        top = max(shown, key=lambda r: r[n_groups])
        key = _key(intent, top, n_groups)
        return f"{label}: {total:,} groups; highest is {key} ({measure_value(schema, m, top[n_groups])})."
    by_figure = intent.order and not (intent.order_by and intent.order_by in intent.group_by)
    which = ("highest" if intent.order == "desc" else "lowest") if by_figure else "first"
    return f"{label}: {total:,} groups; {which} is {key} ({value})."


def _key(intent: Intent, row: tuple[Any, ...], n_groups: int) -> str:
    """A row's group key, with the record's name first when the answer shows one ("Ann Lee, #14646")."""
    from nlq import wording

    key = wording.key_text(intent, row[:n_groups])
    names = [str(v) for v in row[len(row) - len(intent.labels) :] if v is not None] if intent.labels else []
    return f"{' '.join(names)}, #{key}" if names else key
