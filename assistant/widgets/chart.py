"""An answer's chart in the terminal: a line for time trends, bars for categories (textual-plotext)."""

from __future__ import annotations

from typing import Any

from textual_plotext import PlotextPlot

from assistant.answer import Answer, json_value

MAX_BARS = 20
"""Categories drawn in a bar chart (the table has them all)."""
MAX_TICKS = 8


def _number(value: Any) -> float:
    value = json_value(value)
    return float(value) if isinstance(value, int | float) else 0.0


def chart_series(answer: Answer) -> tuple[list[str], dict[str, list[float]]]:
    """X labels and the numeric series of the answer's chart, taken from its table."""
    assert answer.chart is not None
    columns = list(answer.columns)
    rows = answer.rows[:MAX_BARS] if answer.chart.kind == "bar" else answer.rows
    x = columns.index(answer.chart.x)
    labels = ["—" if row[x] is None else str(json_value(row[x])) for row in rows]
    series = {
        name: [_number(row[columns.index(name)]) for row in rows]
        for name in answer.chart.y
        if name in columns
    }
    return labels, series


class AnswerChart(PlotextPlot):
    """The chart of one answer, drawn once when mounted."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(classes="chart")
        self.answer = answer

    def on_mount(self) -> None:
        chart = self.answer.chart
        assert chart is not None
        labels, series = chart_series(self.answer)
        plt = self.plt
        if chart.title:
            plt.title(chart.title)
        if chart.kind == "bar":
            if len(series) == 1:
                plt.bar(labels, next(iter(series.values())))
            else:
                plt.multiple_bar(labels, list(series.values()), labels=list(series))  # type: ignore[call-arg]
        else:
            xs = [float(i) for i in range(len(labels))]
            for name, ys in series.items():
                plt.plot(xs, ys, label=name if len(series) > 1 else None)
            step = max(1, len(labels) // MAX_TICKS)
            plt.xticks(xs[::step], labels[::step])
