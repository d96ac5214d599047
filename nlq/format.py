"""Numbers and one-sentence answers formatted for a person."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from catalog.numbers import number
from nlq import wording
from nlq.figures import measure_value
from nlq.intent import Intent, Measure
from nlq.schema import Schema

if TYPE_CHECKING:
    from catalog.intervals import GroupedFigures


def sentence(
    schema: Schema,
    intent: Intent,
    columns: tuple[str, ...],
    rows: tuple[tuple[Any, ...], ...],
    total: int,
    interpretation: str,
    figures: GroupedFigures | None = None,
    partial: dt.date | None = None,
    as_of: dt.date | None = None,
) -> str:
    """The key figure in one sentence; a grouped answer's extreme comes from `figures` (SQL over the
    whole result) and is only called highest/lowest when the 95% intervals say so; a series' bucket
    that runs past the as-of date (`partial`, its first day) is not called highest or lowest."""
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
    if intent.kind == "compare" and intent.compare_rows and m is not None and len(rows) == 2:
        figure = columns.index("period_start") + (2 if "year" in columns else 1)
        (earlier, a), (later, b) = ((r[0], r[figure]) for r in rows)
        change, pct = (rows[1][columns.index(c)] for c in ("change", "pct_change"))
        return _change_sentence(schema, m, (str(later), b), (str(earlier), a), change, pct)
    if intent.kind == "compare" and m is not None and len(rows) == 1 and not n_groups:
        a, b = rows[0][0], rows[0][1]
        change, pct = (rows[0][columns.index(c)] for c in ("change", "pct_change"))
        names = [r.label.split(" (")[0] for r in intent.compare_ranges] or list(columns[:2])
        return _change_sentence(schema, m, (names[0], a), (names[1], b), change, pct)
    if m is None:
        return f"{total:,} rows."
    if not n_groups and len(rows) == 1:
        k = len(intent.measures)
        values = [measure_value(schema, x, v) for x, v in zip(intent.measures, rows[0][-k:], strict=False)]
        return f"{label}: {', '.join(values)}."
    series = wording.series_sentence(schema, intent, rows, partial, as_of)
    if series:
        return series
    pair = wording.pair_sentence(schema, intent, rows)
    if pair:
        caveat = _pair_caveat(figures)
        return f"{pair[:-1]}; {caveat}." if caveat else pair
    first = rows[0]
    key = _key(intent, first, n_groups)
    value = measure_value(schema, m, first[n_groups])
    by_figure = intent.order and not (intent.order_by and intent.order_by in intent.group_by)
    judged = figures.verdict if figures is not None and not intent.grain else None
    if intent.limit == 1 and intent.order:
        caveat = _caveat(schema, intent, m, first[:n_groups], figures) if by_figure else ""
        return f"{key} ({value}){caveat}."
    if intent.grain:
        return f"{label}: {total:,} periods; first {key}: {value}."
    if judged is not None and figures is not None and (by_figure or not intent.order):
        return f"{label}: {total:,} groups{_judged(schema, intent, m, figures)}"
    shown = [r for r in rows if r[n_groups] is not None]
    if m.agg == "stddev" and not intent.order:
        return f"{label}: {total:,} groups (a spread per group: no interval is computed, so none is named)."
    if shown and not intent.order:
        top = (
            figures.top
            if figures is not None and figures.top is not None
            else max(shown, key=lambda r: r[n_groups])
        )
        key = (
            wording.key_text(intent, top[:n_groups])
            if figures is not None and figures.top is not None
            else _key(intent, top, n_groups)
        )
        return f"{label}: {total:,} groups; highest is {key} ({measure_value(schema, m, top[n_groups])})."
    which = ("highest" if intent.order == "desc" else "lowest") if by_figure else "first"
    return f"{label}: {total:,} groups; {which} is {key} ({value})."


def _interval(schema: Schema, m: Measure, low: Any, high: Any) -> str:
    if low is None or high is None:
        return ""
    return f", 95% interval {measure_value(schema, m, low)} to {measure_value(schema, m, high)}"


def _judged(schema: Schema, intent: Intent, m: Measure, figures: GroupedFigures) -> str:
    """The rest of a grouped sentence: the extreme group when its interval stands apart, else that the
    groups do not differ clearly; groups under the minimum base are counted, never named."""
    v = figures.verdict
    assert v is not None
    word = "lowest" if intent.order == "asc" else "highest"
    unit = f" {figures.cluster_word}" if figures.clusters else ""
    small = (
        f" {v.small:,} group{'s' if v.small != 1 else ''} with fewer than {figures.min_base}{unit} "
        f"{'is' if v.small == 1 else 'are'} marked and not compared."
        if v.small
        else ""
    )
    if v.best is None:
        return f", each with fewer than {figures.min_base}{unit}: too few to compare.{small if not v.small else ''}"
    key = wording.key_text(intent, v.best.key)
    value = measure_value(schema, m, v.best.value)
    base = f"n = {v.best.n:,}"
    if figures.clusters and v.best.rows is not None:  # "1,606 orders from 130 customers"
        base = v.best.base(figures.cluster_word, schema.tables[figures.clusters.split(".")[0]].entity)
    if v.runner_up is None:
        return f"; only {key} has {figures.min_base}{unit} or more ({value}, {base}).{small}"
    if v.clear:
        return f"; {word} is {key} ({value}{_interval(schema, m, v.best.low, v.best.high)}, {base}).{small}"
    other = wording.key_text(intent, v.runner_up.key)
    return (
        f", which do not differ clearly: {key} is {word} ({value}, {base}) but its 95% interval "
        f"overlaps that of {other} ({measure_value(schema, m, v.runner_up.value)}).{small}"
    )


def _caveat(
    schema: Schema, intent: Intent, m: Measure, key: tuple[Any, ...], figures: GroupedFigures | None
) -> str:
    """ "which plan churns most?": say when the answer is not clearly apart, or rests on a small base."""
    v = figures.verdict if figures is not None else None
    if v is None or figures is None:
        return ""
    word = "lower" if intent.order == "asc" else "higher"
    if v.best is None or tuple(v.best.key) != tuple(key):
        return f", but on fewer than {figures.min_base} {figures.base_word}: too few to call it {word.replace('er', 'est')}"
    if not v.clear and v.runner_up is not None:
        other = wording.key_text(intent, v.runner_up.key)
        return f", but not clearly {word} than {other} (their 95% intervals overlap)"
    return ""


def _pair_caveat(figures: GroupedFigures | None) -> str:
    """After "39.9% for Basic vs 14.2% for Pro (...)": whether the 95% intervals say it is a difference."""
    v = figures.verdict if figures is not None else None
    if v is None or figures is None:
        return ""
    if v.small:
        few = [g for g in (v.best, v.runner_up) if g is not None]
        base = figures.base_word
        return f"too few {base} to tell (fewer than {figures.min_base} in a group)" if len(few) < 2 else ""
    if v.clear:
        return "the 95% intervals do not overlap, a clear difference"
    return "the 95% intervals overlap, so not a clear difference"


def _key(intent: Intent, row: tuple[Any, ...], n_groups: int) -> str:
    """A row's group key, with the record's name first when the answer shows one ("Ann Lee, #14646")."""
    key = wording.key_text(intent, row[:n_groups])
    names = [str(v) for v in row[len(row) - len(intent.labels) :] if v is not None] if intent.labels else []
    return f"{' '.join(names)}, #{key}" if names else key


def _change_sentence(
    schema: Schema, m: Measure, later: tuple[str, Any], earlier: tuple[str, Any], change: Any, pct: Any
) -> str:
    """ "2022: $6.4M vs 2021: $9.3M, a change of $-2.9M (-30.9%)": two periods' figures and the change."""
    pct_text = f" ({number(pct, percent=True)})" if pct is not None else ""
    moved = measure_value(schema, m, change) if m.agg != "rate" else number(change, percent=True)
    lead = later[0][:1].upper() + later[0][1:]
    return (
        f"{lead}: {measure_value(schema, m, later[1])} vs {earlier[0]}: {measure_value(schema, m, earlier[1])}, "
        f"a change of {moved}{pct_text}."
    )
