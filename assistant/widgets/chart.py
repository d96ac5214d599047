"""An answer's chart in the terminal: a line for time trends, bars for categories.

Standing bars and lines are drawn with textual-plotext, with a few round ticks written short on the
value axis ("1,500", "20k", "0.25"). When the labels would not fit under standing bars, the bars lie
down as a BarList: one row per category, its label on the left and its value on the right.
"""

from __future__ import annotations

import math
from typing import Any

from rich.text import Text
from textual.widget import Widget
from textual_plotext import PlotextPlot

from assistant.charts import chart_rows, line_series
from assistant.widgets.plain import plain
from catalog.answer import Answer, json_value

MAX_BARS = 20
"""Categories drawn in a standing bar chart (the table has them all)."""
MAX_TICKS = 8
"""Labels on a line chart's time axis."""
VALUE_TICKS = 5
"""About how many ticks the value axis gets."""
LABEL_WIDTH = 24
"""A lying bar's label is cut to this many characters."""
AXIS_WIDTH = 10
"""Columns taken by the value axis and the frame of a standing bar chart."""
CARD_CHROME = 8
"""Columns of the screen an answer card does not give its chart (borders, padding, scrollbar)."""
BAR = "█"
PARTIAL_BARS = " ▏▎▍▌▋▊▉"
"""Eighths of a cell, for the end of a lying bar."""
SHORT_UNITS = ((1e9, 1e9, "B"), (1e6, 1e6, "M"), (1e4, 1e3, "k"))
"""(from, divisor, unit): large tick values are written with a unit: 20000 -> 20k (but 5000 -> 5,000)."""


def _number(value: Any) -> float:
    value = json_value(value)
    return float(value) if isinstance(value, int | float) else 0.0


def chart_series(answer: Answer) -> tuple[list[str], dict[str, list[float]]]:
    """X labels and the numeric series of the answer's chart, taken from its table.

    A line chart whose table has text columns besides x gets one series per group (NaN where a group
    has no value for an x); see `assistant.charts.line_series`.
    """
    assert answer.chart is not None
    columns = list(answer.columns)
    table = chart_rows(answer)
    lines = line_series(answer.chart, columns, table)
    if lines is not None:
        return [_x_label(x) for x in lines.xs], {plain(k): v for k, v in lines.series.items()}
    rows = table[:MAX_BARS] if answer.chart.kind == "bar" else table
    x = columns.index(answer.chart.x)
    labels = [_x_label(row[x]) for row in rows]
    series = {
        plain(name): [_number(row[columns.index(name)]) for row in rows]
        for name in answer.chart.y
        if name in columns
    }
    return labels, series


def _x_label(value: Any) -> str:
    """A category or time label, without control characters (plotext reads its canvas back as ANSI)."""
    return "—" if value is None else plain(json_value(value))


def chart_note(answer: Answer) -> str:
    """What the chart leaves out ("8 of 12 groups shown, the largest"), or ""."""
    assert answer.chart is not None
    lines = line_series(answer.chart, answer.columns, chart_rows(answer))
    return lines.note if lines is not None else ""


def nice_ticks(low: float, high: float, count: int = VALUE_TICKS) -> list[float]:
    """Round tick values (steps of 1, 2 or 5 times a power of ten) covering low..high."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if high < low:
        low, high = high, low
    if high == low:
        return [low]
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 12))
        value += step
    return ticks


def short_number(value: float) -> str:
    """A tick label: 1,500 · 20k · 3.5M · 0.25 · -40."""
    for start, divisor, unit in SHORT_UNITS:
        if abs(value) >= start:
            return f"{value / divisor:,.3g}{unit}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:.3g}"


def lies_down(labels: list[str], width: int) -> bool:
    """Whether bars must lie down so that every label can be read (standing ones share the width)."""
    longest = max((len(label) for label in labels), default=0)
    return len(labels) * (longest + 2) > width - AXIS_WIDTH


def _cut(label: str) -> str:
    return label if len(label) <= LABEL_WIDTH else label[: LABEL_WIDTH - 1] + "…"


def bar_text(fraction: float, width: int) -> str:
    """A bar `fraction` (0..1) of `width` cells long, ending in eighths of a cell."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return BAR * full + (PARTIAL_BARS[part] if part else "")


def chart_widget(answer: Answer, width: int) -> Widget:
    """The widget for an answer's chart, for a card about `width` columns wide (the screen's width)."""
    assert answer.chart is not None
    labels, _ = chart_series(answer)
    if answer.chart.kind == "bar" and lies_down(labels, width - CARD_CHROME):
        return BarList(answer)
    return AnswerChart(answer)


class BarList(Widget):
    """Bars lying down, one row per category and series: label, bar, value (colours in app.tcss)."""

    COMPONENT_CLASSES = {"bar-list--label", "bar-list--bar", "bar-list--bar-alt", "bar-list--value"}

    def __init__(self, answer: Answer) -> None:
        super().__init__(classes="chart")
        self.answer = answer

    def render(self) -> Text:
        chart = self.answer.chart
        assert chart is not None
        labels, series = chart_series(self.answer)
        label_style = self.get_component_rich_style("bar-list--label")
        value_style = self.get_component_rich_style("bar-list--value")
        bar_styles = [self.get_component_rich_style(f"bar-list--{n}") for n in ("bar", "bar-alt")]
        cut = [_cut(label) for label in labels]
        label_width = max((len(label) for label in cut), default=0)
        values = [short_number(v) for ys in series.values() for v in ys]
        value_width = max((len(v) for v in values), default=0)
        largest = max((abs(v) for ys in series.values() for v in ys), default=0.0) or 1.0
        room = max(self.size.width - label_width - value_width - 3, 4)
        text = Text(no_wrap=True, overflow="ellipsis")
        if chart.title:
            text.append(plain(chart.title) + "\n", style=label_style)
        names = list(series)
        for i, label in enumerate(cut):
            for j, name in enumerate(names):
                value = series[name][i]
                shown = label if j == 0 else (f"  {name}" if len(names) > 1 else "")
                text.append(shown.rjust(label_width)[:label_width] + " ", style=label_style)
                text.append(bar_text(abs(value) / largest, room), style=bar_styles[j % 2])
                text.append(" " + short_number(value), style=value_style)
                text.append("\n")
        if len(names) > 1:
            text.append("  ".join(f"{BAR} {name}" for name in names), style=label_style)
        text.rstrip()
        return text


class AnswerChart(PlotextPlot):
    """The chart of one answer (a line, or standing bars), drawn once when mounted."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(classes="chart")
        self.answer = answer

    def on_mount(self) -> None:
        chart = self.answer.chart
        assert chart is not None
        labels, series = chart_series(self.answer)
        plt = self.plt
        note = chart_note(self.answer)
        title = f"{chart.title} ({note})" if chart.title and note else chart.title or note
        if title:
            plt.title(plain(title))
        values = [v for ys in series.values() for v in ys if not math.isnan(v)]
        if chart.kind == "bar":
            if len(series) == 1:
                plt.bar(labels, next(iter(series.values())))
            else:
                plt.multiple_bar(labels, list(series.values()), labels=list(series))  # type: ignore[call-arg]  # plotext stubs lack `labels`
            ticks = nice_ticks(min([0.0, *values]), max([0.0, *values]))
        else:
            xs = [float(i) for i in range(len(labels))]
            for name, ys in series.items():  # a group's missing months are left out of its line
                points = [(x, y) for x, y in zip(xs, ys, strict=True) if not math.isnan(y)]
                plt.plot(
                    [x for x, _ in points], [y for _, y in points], label=name if len(series) > 1 else None
                )
            step = max(1, math.ceil(len(labels) / MAX_TICKS))
            plt.xticks(xs[::step], labels[::step])
            ticks = nice_ticks(min(values), max(values)) if values else []
        if ticks:
            plt.yticks(ticks, [short_number(t) for t in ticks])
