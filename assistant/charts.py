"""SVG charts for reports: an Answer's `chart` drawn from its table with matplotlib (Agg, text as text).

matplotlib is imported lazily, and only its object API is used (no pyplot, no global backend switch),
so drawing a chart never touches a UI's state. The SVG is self-contained: no metadata links, no fonts
to fetch (`svg.fonttype='none'` keeps labels as <text>), a viewBox so it scales on a phone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.cells import by_figure, is_percent_column
from catalog.answer import Answer, Chart

MAX_BARS = 25
"""Categories drawn in a bar chart (the table still holds them all)."""
MAX_POINTS = 400
"""Points drawn in a line chart."""
LONG_LABEL = 10
"""Bar charts turn horizontal when a category label is longer than this, or there are many bars."""
MANY_BARS = 8
CHART_ROWS = "chart_rows"
"""Answer.extra key: only this many leading rows of the table are drawn (the rest are table-only)."""
CHART_TABLE = "chart_table"
"""Answer.extra key: the rows a bar chart draws when the answer has more groups than bars (the
highest groups, from SQL over the whole result), laid out like the answer's table."""
MAX_LINES = 8
"""Lines drawn in a grouped line chart: the largest groups are kept."""
LEGEND_INSIDE = 3
"""Series a legend inside the plot may name; more go beside it."""
SIZE_COLUMNS = re.compile(r"(^customers$|^users$|^members$|count|active|^n$|size|^orders$|^rows$)", re.I)
"""Numeric columns that measure a group's size: a grouped line chart keeps the groups largest by them
(else the groups with the largest values)."""
PALETTE = ("#2563eb", "#f97316", "#16a34a", "#9333ea", "#dc2626", "#0891b2", "#ca8a04", "#db2777")
"""One colour per line or bar series: as many as MAX_LINES."""
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
    "text.parse_math": False,  # data labels are text: "$50% off $10" is not mathtext
}
_ID_REF = re.compile(r'(\bid="|href="#|url\(#)([^"()]+)')
"""Element ids and the local references to them (renamed together so inlined charts never clash)."""
_STRIP = (
    re.compile(r"<\?xml[^>]*\?>\s*"),
    re.compile(r"<!DOCTYPE[^>]*>\s*"),
    re.compile(r"<metadata>.*?</metadata>\s*", re.S),
)


def answer_chart_svg(answer: Answer, salt: str = "") -> str | None:
    """The answer's chart as SVG text, or None when it has no chart, one row, or nothing numeric to draw."""
    rows = chart_rows(answer)
    if answer.chart is None or len(rows) < 2:  # one row: nothing to compare, no chart
        return None
    return chart_svg(answer.chart, answer.columns, rows, salt=salt)


def chart_rows(answer: Answer) -> tuple[tuple[Any, ...], ...]:
    """The rows of the answer's table its chart draws: `extra["chart_table"]` (the highest groups of a
    long grouped answer), or the first `extra["chart_rows"]`, or all."""
    table = answer.extra.get(CHART_TABLE)
    if table:
        return tuple(table)
    count = answer.extra.get(CHART_ROWS)
    if isinstance(count, int) and not isinstance(count, bool):
        return answer.rows[:count]
    if answer.chart is not None and answer.chart.kind == "bar" and len(answer.rows) >= answer.row_count:
        return by_figure(answer.columns, answer.rows)  # bars in the order of the table
    return answer.rows


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
    lines = line_series(chart, cols, rows)
    if lines is not None:
        xs, series, caption = lines.xs[:MAX_POINTS], lines.series, lines.note
        series = {name: values[:MAX_POINTS] for name, values in series.items()}
    else:
        xi = cols.index(chart.x)
        limit = MAX_POINTS if chart.kind == "line" else MAX_BARS
        shown = list(rows[:limit])
        xs = [_x_value(r[xi]) for r in shown]
        series = {y: [_number(r[cols.index(y)]) for r in shown] for y in ys}
        caption = f"first {len(shown)} of {len(rows)} shown" if len(rows) > len(shown) else ""
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
        percent = all(is_percent_column(y, [r[cols.index(y)] for r in rows]) for y in ys)
        value_axis.set_major_formatter(
            PercentFormatter(1.0) if percent else FuncFormatter(lambda v, _pos: compact(v))
        )
        if len(ys) == 1:
            value_axis.set_label_text(_axis_label(ys[0]), color="#4b5563")
        if chart.title:
            ax.set_title(chart.title, loc="left", fontsize=11)
        if len(series) > LEGEND_INSIDE:  # many lines: the legend beside the plot, never over the lines
            ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        elif len(series) > 1:
            ax.legend(frameon=False, fontsize=8)
        if caption:
            fig.supxlabel(caption, fontsize=7, color="#6b7280")
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return clean_svg(buf.getvalue(), prefix=f"c{salt}-" if salt else "")


@dataclass(frozen=True)
class LineSeries:
    """A line chart's table pivoted to one line per group (and value column)."""

    xs: list[Any]
    """Distinct x values, in order."""
    series: dict[str, list[float]]
    """Line label -> one value per x (NaN where the group has no row)."""
    note: str = ""
    """Says when groups were left out ("8 of 12 groups shown, the largest")."""


def group_columns(chart: Chart, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    """Text columns of a line chart's table besides x and the values: each combination is one line.

    None when every x holds one row: the text then labels points, it does not split them into lines.
    """
    cols = list(columns)
    if chart.kind != "line" or chart.x not in cols:
        return []
    xi = cols.index(chart.x)
    if len({_x_value(r[xi]) for r in rows}) == len(rows):
        return []
    out = []
    for i, name in enumerate(cols):
        if name == chart.x or name in chart.y:
            continue
        values = [r[i] for r in rows if i < len(r) and r[i] is not None]
        if values and all(isinstance(v, str) for v in values):
            out.append(name)
    return out


def line_series(
    chart: Chart, columns: Sequence[str], rows: Sequence[Sequence[Any]], max_lines: int = MAX_LINES
) -> LineSeries | None:
    """One line per group when a line chart's table has text columns besides x (None when it has none).

    Groups are ranked by their total of a size column (SIZE_COLUMNS: customers, count, active...) or else
    of the plotted values. At most `max_lines` lines: every group with as many value columns as fit, else
    the largest groups with the first value column.
    """
    cols = list(columns)
    groups = group_columns(chart, cols, rows)
    ys = [y for y in chart.y if y in cols]
    if not groups or chart.x not in cols or not ys:
        return None
    xi, gi = cols.index(chart.x), [cols.index(g) for g in groups]
    xs = list(dict.fromkeys(_x_value(r[xi]) for r in rows))
    with contextlib.suppress(TypeError):  # mixed kinds (None among dates): keep the table's order
        xs.sort()
    position = {x: i for i, x in enumerate(xs)}
    values: dict[tuple[Any, ...], dict[str, list[float]]] = {}
    for r in rows:
        key = tuple(r[i] for i in gi)
        per_y = values.setdefault(key, {y: [math.nan] * len(xs) for y in ys})
        for y in ys:
            per_y[y][position[_x_value(r[xi])]] = _number(r[cols.index(y)])
    size = next(
        (c for c in cols if SIZE_COLUMNS.search(c) and c != chart.x and c not in ys and c not in groups), None
    )
    weight = [cols.index(size)] if size else [cols.index(y) for y in ys]
    total: dict[tuple[Any, ...], float] = {}
    for r in rows:
        key = tuple(r[i] for i in gi)
        total[key] = total.get(key, 0.0) + sum(abs(v) for i in weight if not math.isnan(v := _number(r[i])))
    drawn = ys[: max(1, max_lines // len(values))]  # every group first, then as many value columns as fit
    kept = set(sorted(values, key=lambda k: -total[k])[: max(1, max_lines // len(drawn))])
    series: dict[str, list[float]] = {}
    for key, per_y in values.items():
        if key not in kept:
            continue
        name = ", ".join(_label(v) for v in key)
        for y in drawn:
            series[f"{name} · {_axis_label(y)}" if len(drawn) > 1 else name] = per_y[y]
    largest = f"the largest by {_axis_label(size)}" if size else "the largest"
    notes = [f"{len(kept)} of {len(values)} groups shown, {largest}"] if len(kept) < len(values) else []
    if len(drawn) < len(ys):
        notes.append(", ".join(_axis_label(y) for y in drawn) + " only")
    note = "; ".join(notes)
    return LineSeries(xs, series, note)


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
