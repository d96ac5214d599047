"""Text from data or a person, made safe to draw: control characters (ESC, BEL, CSI, direction marks) are
shown as escapes (`\\x1b`), so a value can neither send a terminal sequence nor reorder the screen.

Textual writes a widget's text to the terminal as it is (Rich drops only BEL, BS, VT, FF and CR), and
textual-plotext reads its canvas back as ANSI, so an ESC in a label would be obeyed. Every widget shows
data through `plain` (one string) or `screen_answer` (a whole Answer: text, table, chart, model card);
exports keep the stored values.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from assistant.output import CONTROL, printable
from catalog.answer import Answer


def plain(text: object) -> str:
    """`text` as a string without control characters (newlines and tabs stay)."""
    return printable(str(text))


def _value(value: Any) -> Any:
    return plain(value) if isinstance(value, str) and CONTROL.search(value) else value


def _row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(_value(v) for v in row)


def screen_answer(answer: Answer) -> Answer:
    """The answer as drawn: every text, column name, cell, label and model-card entry made plain (the
    chart's columns renamed the same way, so they still name the table's)."""
    extra = dict(answer.extra)
    if isinstance(extra.get("chart_table"), tuple | list):
        extra["chart_table"] = tuple(_row(tuple(r)) for r in extra["chart_table"])
    chart = answer.chart
    if chart is not None:
        chart = replace(chart, x=plain(chart.x), y=tuple(plain(y) for y in chart.y), title=plain(chart.title))
    card = answer.model_card
    if card is not None:
        card = {plain(k): _card_value(v) for k, v in card.items()}
    return replace(
        answer,
        question=plain(answer.question),
        text=plain(answer.text),
        interpretation=plain(answer.interpretation),
        sql=plain(answer.sql),
        columns=tuple(plain(c) for c in answer.columns),
        rows=tuple(_row(r) for r in answer.rows),
        chart=chart,
        suggestions=tuple(plain(s) for s in answer.suggestions),
        model_card=card,
        notes=tuple(plain(n) for n in answer.notes),
        extra=extra,
    )


def _card_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {plain(k): _value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    return _value(value)
