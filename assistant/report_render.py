"""Rendering: Answers and Documents as Markdown or one self-contained HTML page.

Every section of every report is an `Answer`, rendered here whether it came from the chat, from
`cra ask --format` or from `cra report`. HTML inlines its CSS and SVG charts (no network references);
Markdown links SVG chart files written in a folder beside it.
"""

from __future__ import annotations

import datetime as dt
import decimal
import html
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from assistant.cells import by_figure, is_number, is_percent_column, python_value, without_percent_copies
from assistant.charts import answer_chart_svg
from assistant.output import md_code, md_escape
from catalog.answer import Answer, json_value

MAX_TABLE_ROWS = 50
"""Rows of a table shown in a report ("showing 50 of N rows" below it)."""
MAX_CELL_CHARS = 300


# ---------------------------------------------------------------------------------------------------- documents
@dataclass(frozen=True)
class Section:
    """One titled answer of a document."""

    heading: str
    answer: Answer
    extras: tuple[str, ...] | None = None
    """Keys of `answer.extra` shown as side tables; None shows every small one (see side_tables)."""


@dataclass(frozen=True)
class Document:
    """What a report file holds, before it is rendered."""

    title: str
    sections: tuple[Section, ...]
    meta: tuple[str, ...] = ()
    """Lines under the title (data, reference date, periods compared)."""
    missing: str = ""
    """One line naming the sections left out and why."""


# ---------------------------------------------------------------------------------------------------- cells
def cell(value: Any) -> str:
    """A stored value as short text for a person: thousands separators, dates as ISO, no NaN."""
    if isinstance(value, list | tuple | set):
        return _clip(", ".join(cell(v) for v in value))
    if isinstance(value, dict):
        return _clip("; ".join(f"{k} {cell(v)}" for k, v in value.items()))
    value = json_value(value) if not isinstance(value, float | int | decimal.Decimal) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float | decimal.Decimal):
        v = float(value)
        if math.isnan(v) or math.isinf(v):
            return ""
        if v.is_integer() and abs(v) < 1e15:
            return f"{v:,.0f}"
        if abs(v) >= 1000:
            return f"{v:,.0f}"
        return _no_negative_zero(f"{v:,.2f}" if abs(v) >= 1 else f"{v:.3f}")
    return _clip(re.sub(r"\s+", " ", str(value)).strip())


def _no_negative_zero(text: str) -> str:
    """ "-0.000" -> "0.000": a value that rounds to zero has no sign."""
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


ID_COLUMNS = re.compile(
    r"(^(id|ID|Id)$|[_ ](id|ID)$|[a-z](ID|Id)$|^(customer|client|key)$|[a-z_ ](number|Number|no|No|nr|code|Code)$"
    r"|^(year|Year|YEAR)$|[_ ]year$|^year_number$)"
)
"""Columns whose whole numbers are identifiers or years, shown without thousands separators ("1652")."""
CHANGE_COLUMNS = re.compile(r"(^pct_change$|_pct_change$|^change_pct$|^pct_diff$)", re.I)
"""Relative changes stored as fractions (0.929 = +92.9%, also below 0 or above 1): shown as percentages."""
ROW_KINDS = ("metric", "measure", "figure", "statistic")
"""A table whose first column is named like this holds a different figure on each row: its numbers are
formatted value by value."""
INTERVAL_COLUMNS = ("ci_low", "ci_high")
"""A group comparison's interval columns: formatted like the figure they belong to."""


def column_cells(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[Callable[[Any], str]]:
    """One formatter per column, the same for every row: percentages for 0-1 rate/share columns (and
    their interval), plain identifiers and years, dates of months as 2024-03, and numbers with one
    number of decimals per column (never "1,053" above "202.29")."""
    formats: list[Callable[[Any], str]] = []
    percent_figure = False
    by_row = bool(columns) and str(columns[0]).lower() in ROW_KINDS
    for i, name in enumerate(columns):
        values = [r[i] for r in rows if i < len(r) and is_number(r[i])]
        interval = name in INTERVAL_COLUMNS
        if values and ID_COLUMNS.search(str(name)) and all(_is_whole(v) for v in values):
            formats.append(_plain_id)
        elif MONTH_COLUMNS.search(str(name)) and _all_month_starts([r[i] for r in rows if i < len(r)]):
            formats.append(_month)
        elif (
            is_percent_column(name, values)
            or (interval and percent_figure and _fractions(values))
            or (values and CHANGE_COLUMNS.search(str(name)))
        ):
            formats.append(_percent)
            percent_figure = True
            continue
        elif values:
            formats.append(cell if by_row else number_format(values))
        else:
            formats.append(cell)
        if not interval and name != "n":
            percent_figure = False
    return formats


def _fractions(values: Sequence[Any]) -> bool:
    return all(not math.isfinite(float(python_value(v))) or 0 <= float(python_value(v)) <= 1 for v in values)


def _is_whole(value: Any) -> bool:
    value = python_value(value)
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return (
        isinstance(value, float | decimal.Decimal)
        and math.isfinite(float(value))
        and float(value).is_integer()
    )


WHOLE_FROM = 100
"""A column whose decimals are all at least this big is shown without decimals ("1,053" and "202")."""
MIXED_RATIO = 1000
"""A column whose largest value is this many times its smallest holds different kinds of figures."""


def number_format(values: Sequence[Any]) -> Callable[[Any], str]:
    """One format for a column of numbers: whole numbers with separators; decimals with the places its
    smallest decimal needs (none from WHOLE_FROM, else 2, below 1 three); a column whose values differ
    by more than MIXED_RATIO times (figures of different kinds) is formatted value by value."""
    finite = [abs(float(python_value(v))) for v in values if math.isfinite(float(python_value(v)))]
    nonzero = [v for v in finite if v]
    fractional = [v for v in nonzero if not float(v).is_integer()]
    if not fractional:
        places = 0
    elif max(nonzero) >= MIXED_RATIO * min(nonzero):
        return cell  # different metrics in one column (5,000 customers beside a 0.195 share): each its own
    else:
        smallest = min(fractional)
        places = 0 if smallest >= WHOLE_FROM else 2 if smallest >= 1 else 3

    def fmt(value: Any) -> str:
        if not is_number(value) or not math.isfinite(float(python_value(value))):
            return cell(value)
        return _no_negative_zero(f"{float(python_value(value)):,.{places}f}")

    return fmt


MONTH_COLUMNS = re.compile(r"month|cohort", re.I)
"""Columns of month buckets, shown as 2024-03 rather than 2024-03-01."""


def _all_month_starts(values: list[Any]) -> bool:
    days = [v for v in values if v is not None]
    return bool(days) and all(isinstance(v, dt.date) and v.day == 1 for v in days)


def _month(value: Any) -> str:
    return value.strftime("%Y-%m") if isinstance(value, dt.date) else cell(value)


def _plain_id(value: Any) -> str:
    return str(int(float(python_value(value)))) if _is_whole(value) else cell(value)


def _percent(value: Any) -> str:
    return f"{float(value) * 100:.1f}%" if is_number(value) and not math.isnan(float(value)) else cell(value)


MAX_SIDE_ROWS = 20
"""By default only side tables up to this many rows are shown (big ones are data for other tools)."""


def side_tables(
    answer: Answer, keys: Sequence[str] | None = None
) -> list[tuple[str, tuple[str, ...], list[tuple[Any, ...]]]]:
    """`answer.extra` entries that read as tables: (name, columns, rows); lists of text are one-column tables.

    `keys` picks entries by name; None picks every table of at most MAX_SIDE_ROWS rows.
    """
    found = []
    for name, value in answer.extra.items():
        if name in ("cards", "chart_table") or (keys is not None and name not in keys):
            continue
        table = _as_table(value)
        if table is None or not table[1] or (keys is None and len(table[1]) > MAX_SIDE_ROWS):
            continue
        found.append((name.replace("_", " "), *table))
    return found


def _as_table(value: Any) -> tuple[tuple[str, ...], list[tuple[Any, ...]]] | None:
    if hasattr(value, "to_dict") and hasattr(value, "columns"):  # a pandas DataFrame
        records = value.to_dict(orient="records")
        return tuple(str(c) for c in value.columns), [tuple(r.values()) for r in records]
    if isinstance(value, Answer):
        return value.columns, list(value.rows)
    if isinstance(value, dict):
        if "columns" in value and "rows" in value:
            return tuple(value["columns"]), [tuple(r) for r in value["rows"]]
        if all(not isinstance(v, list | dict | tuple) for v in value.values()):
            return ("name", "value"), [(k, v) for k, v in value.items()]
        return None
    if isinstance(value, list | tuple) and value:
        first = value[0]
        if isinstance(first, dict):
            columns = tuple(dict.fromkeys(k for row in value for k in row))
            return columns, [tuple(row.get(c) for c in columns) for row in value]
        if hasattr(first, "__dataclass_fields__"):
            columns = tuple(first.__dataclass_fields__)
            return columns, [tuple(getattr(row, c) for c in columns) for row in value]
        if isinstance(first, str):
            return ("text",), [(v,) for v in value]
        if isinstance(first, list | tuple):
            width = len(first)
            return tuple(f"column {i + 1}" for i in range(width)), [tuple(r) for r in value]
    return None


@dataclass(frozen=True)
class TableView:
    """A table as a person reads it, shared by the Markdown and HTML renderers."""

    headers: tuple[str, ...]
    numeric: tuple[bool, ...]
    """Per column: whether it holds numbers (right-aligned)."""
    cells: tuple[tuple[str, ...], ...]
    more: str = ""
    """"showing 50 of 120 rows" when the table is capped."""


def table_view(columns: Sequence[str], rows: Sequence[Sequence[Any]], total: int) -> TableView:
    """The first MAX_TABLE_ROWS rows formatted per column, headers in words ("churn_rate" -> "churn rate")."""
    columns, shown = without_percent_copies(
        columns, [tuple(python_value(v) for v in r) for r in rows[:MAX_TABLE_ROWS]]
    )
    formats = column_cells(columns, shown)
    numeric = tuple(any(i < len(r) and is_number(r[i]) for r in shown) for i in range(len(columns)))
    cells = tuple(tuple(f(v) for f, v in zip(formats, row, strict=False)) for row in shown)
    total = max(total, len(rows))
    more = f"showing {len(shown):,} of {total:,} rows" if total > len(shown) else ""
    return TableView(tuple(header(c) for c in columns), numeric, cells, more)


def header(name: Any) -> str:
    """A column name as a heading: underscores read as spaces."""
    return re.sub(r"_+", " ", str(name)).strip() or str(name)


def model_card_rows(card: dict[str, Any]) -> list[tuple[str, str]]:
    """A model card as (measure, value) text; 0-1 rates as percentages ("base rate" 0.264 -> 26.4%)."""
    return [
        (
            header(k),
            _percent(v) if is_percent_column(k, [v]) else cell(v),
        )
        for k, v in card.items()
    ]


def _without_repeats(doc: Document) -> list[tuple[Answer, bool]]:
    """Per section: its answer without notes an earlier section showed, and whether its model card was
    shown already (sections built on one model or one set of comments say so once)."""
    cards: list[dict[str, Any]] = []
    notes: set[str] = set()
    out = []
    for section in doc.sections:
        answer = section.answer
        card = answer.model_card
        fresh = tuple(dict.fromkeys(n for n in answer.notes if n not in notes))
        notes.update(fresh)
        out.append(
            (replace(answer, notes=fresh) if fresh != answer.notes else answer, bool(card) and card in cards)
        )
        if card:
            cards.append(card)
    return out


# ---------------------------------------------------------------------------------------------------- markdown
def render_markdown(doc: Document, path: Path) -> str:
    """The document as Markdown; chart SVGs are written to `<stem>_charts/` beside `path`."""
    chart_dir = path.parent / f"{path.stem}_charts"
    out = [f"# {_md_text(doc.title)}", ""]
    out += [f"_{_md_text(line)}_  " for line in doc.meta]
    if doc.missing:
        out += ["", f"> {_md_text(doc.missing)}"]
    for n, (section, (answer, card_repeats)) in enumerate(
        zip(doc.sections, _without_repeats(doc), strict=True), 1
    ):
        out += ["", f"## {_md_text(section.heading)}", ""] if section.heading else [""]
        out += _md_answer(answer, chart_dir, n, section.extras, card_repeats)
    return "\n".join(out).rstrip() + "\n"


def _md_answer(
    answer: Answer, chart_dir: Path, n: int, extras: Sequence[str] | None = None, card_repeats: bool = False
) -> list[str]:
    out = [_md_text(answer.text), ""] if answer.text else []
    if answer.interpretation:
        out += [f"*Understood as:* {_md_text(answer.interpretation)}", ""]
    svg = answer_chart_svg(answer, salt=str(n)) if answer.status == "answer" else None
    if svg:
        chart_dir.mkdir(parents=True, exist_ok=True)
        file = chart_dir / f"chart-{n}.svg"
        file.write_text(svg, encoding="utf-8")
        alt = (answer.chart.title if answer.chart and answer.chart.title else answer.question) or "chart"
        out += [f"![{_md_text(alt)}]({url_quote(chart_dir.name)}/{file.name})", ""]
    if answer.columns and answer.rows:
        out += _md_table(answer.columns, _ordered(answer), answer.row_count)
    for name, columns, rows in side_tables(answer, extras):
        out += [f"**{_md_text(name.capitalize())}**", ""]
        out += _md_list(rows) if columns == ("text",) else _md_table(columns, rows, len(rows))
    if answer.model_card and card_repeats:
        out += ["_Model: the same as above._", ""]
    elif answer.model_card:
        out += ["**Model**", ""] + _md_table(("measure", "value"), model_card_rows(answer.model_card), 0)
    out += [f"- {_md_text(note)}" for note in answer.notes] + ([""] if answer.notes else [])
    if answer.suggestions:
        out += ["Try:", ""] + [f"- {_md_text(s)}" for s in answer.suggestions] + [""]
    if answer.sql:
        out += md_code(answer.sql.strip())
    return out


def _ordered(answer: Answer) -> Sequence[Sequence[Any]]:
    """The answer's rows in the order the chat and `cra ask` show them (a group comparison by its figure)."""
    if len(answer.rows) < answer.row_count:
        return answer.rows
    return by_figure(answer.columns, answer.rows)


def _md_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], total: int) -> list[str]:
    view = table_view(columns, rows, total)
    out = ["| " + " | ".join(_md_cell(h) for h in view.headers) + " |"]
    out.append("|" + "|".join("---:" if num else "---" for num in view.numeric) + "|")
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in view.cells]
    if view.more:
        out += ["", f"_{view.more}_"]
    return out + [""]


def _md_list(rows: Sequence[Sequence[Any]]) -> list[str]:
    return [f"- {_md_text(cell(r[0]))}" for r in rows[:MAX_TABLE_ROWS]] + [""]


def _md_cell(text: str) -> str:
    return _md_text(text).replace("|", "\\|")


def _md_text(text: str) -> str:
    return md_escape(re.sub(r"\s+", " ", str(text)).strip())


# ---------------------------------------------------------------------------------------------------- html
def render_html(doc: Document) -> str:
    """The document as one self-contained HTML page (inline CSS and SVG, no network references)."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(doc.title)}</title>",
        f"<style>\n{_css()}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{esc(doc.title)}</h1>",
        *[f'<p class="meta">{esc(line)}</p>' for line in doc.meta],
        "</header>",
    ]
    if doc.missing:
        parts.append(f'<p class="missing">{esc(doc.missing)}</p>')
    parts += [
        _html_answer(s.heading, answer, n, s.extras, card_repeats)
        for n, (s, (answer, card_repeats)) in enumerate(
            zip(doc.sections, _without_repeats(doc), strict=True), 1
        )
    ]
    parts += [
        "<footer><p>Written by cra, offline. Every figure can be checked with the SQL shown.</p></footer>"
    ]
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _css() -> str:
    return files("assistant").joinpath("templates", "report.css").read_text(encoding="utf-8")


def _html_answer(
    heading: str, answer: Answer, n: int, extras: Sequence[str] | None = None, card_repeats: bool = False
) -> str:
    esc = html.escape
    out = [f'<section class="answer status-{esc(answer.status)}">']
    if heading:
        out.append(f"<h2>{esc(heading)}</h2>")
    if answer.text:
        out.append(f'<p class="text">{esc(answer.text)}</p>')
    cards = answer.extra.get("cards")
    if cards:
        out.append('<div class="cards">')
        for label, value, change in cards:
            out.append(
                f'<div class="card"><div class="label">{esc(label)}</div><div class="value">{esc(value)}</div>'
                f'<div class="change">{esc(change)}</div></div>'
            )
        out.append("</div>")
    if answer.interpretation:
        out.append(f'<p class="interp"><strong>Understood as:</strong> {esc(answer.interpretation)}</p>')
    svg = answer_chart_svg(answer, salt=str(n)) if answer.status == "answer" else None
    if svg:
        out.append(f'<figure class="chart">{svg}</figure>')
    if answer.columns and answer.rows:
        out.append(_html_table(answer.columns, _ordered(answer), answer.row_count))
    for name, columns, rows in side_tables(answer, extras):
        out.append(f"<h3>{esc(name.capitalize())}</h3>")
        if columns == ("text",):
            out.append(
                "<ul>" + "".join(f"<li>{esc(cell(r[0]))}</li>" for r in rows[:MAX_TABLE_ROWS]) + "</ul>"
            )
        else:
            out.append(_html_table(columns, rows, len(rows)))
    if answer.model_card and card_repeats:
        out.append('<p class="more">Model: the same as above.</p>')
    elif answer.model_card:
        out.append("<h3>Model</h3>")
        items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in model_card_rows(answer.model_card))
        out.append(f'<dl class="card-model">{items}</dl>')
    if answer.notes:
        out.append('<ul class="notes">' + "".join(f"<li>{esc(x)}</li>" for x in answer.notes) + "</ul>")
    if answer.suggestions:
        out.append("<p>Try:</p><ul>" + "".join(f"<li>{esc(s)}</li>" for s in answer.suggestions) + "</ul>")
    if answer.sql:
        out.append(
            f'<details class="sql"><summary>SQL</summary><pre class="sql"><code>{esc(answer.sql.strip())}'
            "</code></pre></details>"
        )
    out.append("</section>")
    return "\n".join(out)


LONG_CELL = 40
"""Cells with more characters than this get a minimum width, so long texts wrap into few lines."""
SHORT_CELL = 20
"""Cells of one word up to this long never wrap (dates, codes, "Month-to-month")."""


def _html_cell(text: str, number: bool) -> str:
    css = (
        "num"
        if number
        else "long"
        if len(text) > LONG_CELL
        else "nw"
        if len(text) <= SHORT_CELL and " " not in text
        else ""
    )
    return f'<td class="{css}">{html.escape(text)}</td>' if css else f"<td>{html.escape(text)}</td>"


def _html_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], total: int) -> str:
    esc = html.escape
    view = table_view(columns, rows, total)
    head = "".join(
        f'<th class="num">{esc(h)}</th>' if num else f"<th>{esc(h)}</th>"
        for h, num in zip(view.headers, view.numeric, strict=False)
    )
    body = "".join(
        "<tr>" + "".join(_html_cell(c, num) for c, num in zip(row, view.numeric, strict=False)) + "</tr>"
        for row in view.cells
    )
    out = f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'
    return out + (f'\n<p class="more">{esc(view.more)}</p>' if view.more else "")
