"""SVG charts for reports: an Answer's `chart` drawn from its table with matplotlib (Agg, text as text).

matplotlib is imported lazily, and only its object API is used (no pyplot, no global backend switch),
so drawing a chart never touches a UI's state. The SVG is self-contained: no metadata links, no fonts
to fetch (`svg.fonttype='none'` keeps labels as <text>), a viewBox so it scales on a phone.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import math
import re
from collections.abc import Sequence
from typing import Any

from assistant.answer import Answer, Chart
from assistant.report_render import is_percent_column

MAX_BARS = 25
"""Categories drawn in a bar chart (the table still holds them all)."""
MAX_POINTS = 400
"""Points drawn in a line chart."""
LONG_LABEL = 10
"""Bar charts turn horizontal when a category label is longer than this, or there are many bars."""
MANY_BARS = 8
PALETTE = ("#2563eb", "#f97316", "#16a34a", "#9333ea", "#dc2626", "#0891b2")
STYLE: dict[str, Any] = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#9ca3af",
    "axes.grid": True,
    "grid.color": "#e5e7eb",
    "axes.axisbelow": True,
}
_ID_REF = re.compile(r'(\bid="|href="#|url\(#)([^"()]+)')
"""Element ids and the local references to them (renamed together so inlined charts never clash)."""
_STRIP = (
    re.compile(r"<\?xml[^>]*\?>\s*"),
    re.compile(r"<!DOCTYPE[^>]*>\s*"),
    re.compile(r"<metadata>.*?</metadata>\s*", re.S),
)


def answer_chart_svg(answer: Answer, salt: str = "") -> str | None:
    """The answer's chart as SVG text, or None when it has no chart or nothing numeric to draw."""
    if answer.chart is None or not answer.rows:
        return None
    return chart_svg(answer.chart, answer.columns, answer.rows, salt=salt)


def chart_svg(
    chart: Chart, columns: Sequence[str], rows: Sequence[Sequence[Any]], salt: str = ""
) -> str | None:
    """Draw `chart` from a table; None when its columns are missing or hold no numbers.

    `salt` keeps element ids unique when several charts are inlined in one HTML page.
    """
    cols = list(columns)
    ys = [y for y in chart.y if y in cols]
    if chart.x not in cols or not ys:
        return None
    xi = cols.index(chart.x)
    limit = MAX_POINTS if chart.kind == "line" else MAX_BARS
    shown = list(rows[:limit])
    xs = [_x_value(r[xi]) for r in shown]
    series = {y: [_number(r[cols.index(y)]) for r in shown] for y in ys}

    if not any(not math.isnan(v) for values in series.values() for v in values):
        return None
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    rc: Any = {**STYLE, "svg.hashsalt": f"cra-{salt}"}
    with rc_context(rc):
        fig = Figure(figsize=_size(chart, xs), layout="constrained")
        ax = fig.add_subplot()
        _DRAW[chart.kind if chart.kind in _DRAW else "bar"](ax, xs, series)
        from matplotlib.ticker import FuncFormatter, PercentFormatter

        value_axis = ax.xaxis if chart.kind == "bar" and _horizontal(xs) else ax.yaxis
        percent = all(is_percent_column(y, values) for y, values in series.items())
        value_axis.set_major_formatter(
            PercentFormatter(1.0) if percent else FuncFormatter(lambda v, _pos: compact(v))
        )
        if len(ys) == 1:
            value_axis.set_label_text(_axis_label(ys[0]), color="#4b5563")
        if chart.title:
            ax.set_title(chart.title, loc="left", fontsize=11)
        if len(ys) > 1:
            ax.legend(frameon=False, fontsize=8)
        if len(rows) > len(shown):
            fig.supxlabel(f"first {len(shown)} of {len(rows)} shown", fontsize=7, color="#6b7280")
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return clean_svg(buf.getvalue(), prefix=f"c{salt}-" if salt else "")


def clean_svg(text: str, prefix: str = "") -> str:
    """An SVG ready to inline: no XML declaration, doctype or metadata; ids made unique with `prefix`."""
    for pattern in _STRIP:
        text = pattern.sub("", text)
    if prefix:
        text = _ID_REF.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", text)
    return text.strip() + "\n"


def compact(value: float) -> str:
    """A tick label: 1.8M, 250k, 12, 0.25."""
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:.3g}"


WIDTH = 6.0
"""Inches (432 pt): drawn at its natural size on a page 36rem wide, at 23rem on a phone."""


def _size(chart: Chart, xs: list[Any]) -> tuple[float, float]:
    if chart.kind == "bar" and _horizontal(xs):
        return (WIDTH, max(2.4, 0.28 * len(xs) + 1.0))
    return (WIDTH, 3.0)


def _horizontal(xs: list[Any]) -> bool:
    return len(xs) > MANY_BARS or any(len(str(x)) > LONG_LABEL for x in xs)


def _draw_bar(ax: Any, xs: list[Any], series: dict[str, list[float]]) -> None:
    labels = [_label(x) for x in xs]
    positions = list(range(len(labels)))
    width = 0.8 / len(series)
    horizontal = _horizontal(xs)
    for i, (name, values) in enumerate(series.items()):
        offset = [p + (i - (len(series) - 1) / 2) * width for p in positions]
        color = PALETTE[i % len(PALETTE)]
        if horizontal:
            ax.barh(offset, values, height=width, label=_axis_label(name), color=color)
        else:
            ax.bar(offset, values, width=width, label=_axis_label(name), color=color)
    if horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
    else:
        ax.set_xticks(positions, labels)
        ax.grid(axis="x", visible=False)


def _draw_line(ax: Any, xs: list[Any], series: dict[str, list[float]]) -> None:
    numeric_x = all(isinstance(x, dt.date | int | float) for x in xs)
    plot_x = xs if numeric_x else list(range(len(xs)))
    for i, (name, values) in enumerate(series.items()):
        color = PALETTE[i % len(PALETTE)]
        ax.plot(plot_x, values, marker="o", markersize=3, label=_axis_label(name), color=color)
    if not numeric_x:
        step = max(1, len(xs) // 12)
        ax.set_xticks(plot_x[::step], [_label(x) for x in xs[::step]])
    ax.tick_params(axis="x", labelrotation=30)


_DRAW = {"bar": _draw_bar, "line": _draw_line}
"""Chart kind -> drawing function."""


def _number(value: Any) -> float:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float | decimal.Decimal):
        return float(value)
    if hasattr(value, "item"):  # numpy scalars
        return _number(value.item())
    return math.nan


def _x_value(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


def _axis_label(column: str) -> str:
    """A column name as an axis title: "churn_probability" -> "churn probability"."""
    return re.sub(r"_+", " ", column).strip() or column


def _label(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= 28 else text[:27] + "…"
