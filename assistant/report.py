"""Reports: answers, conversations and customer-health pages as Markdown, HTML or CSV.

Every section of every report is an `Answer`, rendered by one renderer whether it came from the chat
(`write_conversation`), from `cra ask --format` (`write_answers`) or from `cra report` (`write_report`).
HTML is one self-contained file (inline CSS, inline SVG charts, no network references); Markdown links
SVG chart files written in a folder beside it.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import html
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as url_quote

from sqlglot import exp

from assistant.answer import Answer, Chart, json_value

if TYPE_CHECKING:
    from assistant.catalog import Catalog
    from assistant.semantic import ColumnInfo, TableInfo

MAX_TABLE_ROWS = 50
"""Rows of a table shown in a report ("showing 50 of N rows" below it)."""
MAX_CELL_CHARS = 300
TREND_MONTHS = 24
"""Full months shown in the monthly trends."""
FORMATS = {"md": ".md", "html": ".html", "csv": ".csv"}
KINDS: dict[str, tuple[str, ...]] = {
    "overview": ("headline", "trends", "churn_drivers", "at_risk", "segments", "feedback"),
    "churn": ("headline", "trends", "churn_drivers", "at_risk", "retention"),
    "segments": ("headline", "rfm", "clusters", "clv"),
    "feedback": ("headline", "complaints", "praise", "sentiment_trend"),
}
"""Report kind -> its sections, in order."""
TITLES = {
    "overview": "Customer health",
    "churn": "Churn report",
    "segments": "Customer segments",
    "feedback": "Customer feedback",
}


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


# ---------------------------------------------------------------------------------------------------- public API
def write_answers(answers: Sequence[Answer], fmt: str, output: Path | None = None) -> Path:
    """Write answers as md/html (every answer) or csv (the table of the last answer); return the path."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if not answers:
        raise ValueError("no answer to write")
    path = _target(output, _slug(answers[0].question, "answer"), fmt)
    if fmt == "csv":
        _write_csv(answers[-1], path)
        return path
    doc = Document(
        title=answers[0].question if len(answers) == 1 else "Answers",
        sections=tuple(Section("" if len(answers) == 1 else a.question, a) for a in answers),
        meta=(f"Written by cra on {dt.date.today().isoformat()}",),
    )
    return _write_document(doc, fmt, path)


def write_conversation(answers: Sequence[Answer], path: Path | None = None, fmt: str | None = None) -> Path:
    """Write a chat conversation (each question and its answer, in order); return the path.

    `fmt` defaults from the suffix (.html/.htm, else md); a folder or None gets a dated default name.
    """
    path = Path.cwd() if path is None else Path(path)
    fmt = fmt or ("html" if path.suffix.lower() in (".html", ".htm") else "md")
    if fmt not in ("md", "html"):
        raise ValueError(f"a conversation is written as md or html, not {fmt!r}")
    if path.is_dir():
        path = _free_path(path / f"cra-conversation-{dt.date.today().isoformat()}{FORMATS[fmt]}")
    elif not path.suffix:
        path = path.with_suffix(FORMATS[fmt])
    doc = Document(
        title="Conversation",
        sections=tuple(Section(a.question, a) for a in answers),
        meta=(
            f"{len(answers)} question{'s' if len(answers) != 1 else ''}, written by cra on "
            f"{dt.date.today().isoformat()}",
        ),
    )
    return _write_document(doc, fmt, path)


def write_report(
    catalog: Catalog,
    *,
    kind: str = "overview",
    fmt: str = "html",
    output: Path | None = None,
    as_of: dt.date | None = None,
) -> Path:
    """`cra report`: build the report of `kind` from the data and write it; return the path."""
    if fmt not in ("md", "html"):
        raise ValueError(f"a report is written as md or html, not {fmt!r}")
    doc = build_report(catalog, kind=kind, as_of=as_of)
    path = _target(output, f"report-{kind}", fmt)
    return _write_document(doc, fmt, path)


def build_report(catalog: Catalog, *, kind: str = "overview", as_of: dt.date | None = None) -> Document:
    """The report's sections as Answers; sections the data cannot support are named in `missing`."""
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}: use one of {', '.join(KINDS)}")
    ctx = Context.create(catalog, as_of)
    sections: list[Section] = []
    missing: list[str] = []
    for name in KINDS[kind]:
        words, build = SECTIONS[name]
        try:
            sections.append(build(ctx))
        except Missing as e:
            missing.append(f"{words} ({e})")
        except ImportError as e:
            missing.append(f"{words} (needs {e.name})")
        except Exception as e:  # one section failing never loses the whole report
            missing.append(f"{words} (failed: {_first_line(e)})")
        missing.extend(ctx.left_out)
        ctx.left_out.clear()
    tables = ", ".join(f"{t.name} ({t.row_count:,} rows)" for t in catalog.model.tables.values())
    meta = [f"Data: {tables}." if tables else "No data loaded."]
    compared = f"; {ctx.period.label} is compared with {ctx.period.prev_label}" if ctx.compared else ""
    meta.append(f"As of {ctx.as_of.isoformat()}{AS_OF_WORDS[ctx.as_of_source]}{compared}.")
    line = f"Not in this report: {'; '.join(missing)}." if missing else ""
    return Document(TITLES[kind], tuple(sections), tuple(meta), line)


# ---------------------------------------------------------------------------------------------------- files
def _target(output: Path | None, stem: str, fmt: str) -> Path:
    if output is None:
        return _free_path(Path.cwd() / f"cra-{stem}{FORMATS[fmt]}")
    output = Path(output)
    if output.is_dir():
        return _free_path(output / f"cra-{stem}{FORMATS[fmt]}")
    return output if output.suffix else output.with_suffix(FORMATS[fmt])


def _free_path(path: Path) -> Path:
    """`path`, or `name-2.ext`, `name-3.ext`... when a default name is already taken."""
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def _slug(text: str, fallback: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = "-".join(words)[:40].strip("-")
    return slug or fallback


def _write_document(doc: Document, fmt: str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        path.write_text(render_html(doc), encoding="utf-8")
    else:
        path.write_text(render_markdown(doc, path), encoding="utf-8")
    return path


def _write_csv(answer: Answer, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        if answer.columns:
            writer.writerow(answer.columns)
            writer.writerows([json_value(v) for v in row] for row in answer.rows)
        else:
            writer.writerow(["question", "status", "text"])
            writer.writerow([answer.question, answer.status, answer.text])


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
        return f"{v:,.2f}" if abs(v) >= 1 else f"{v:.3f}"
    return _clip(re.sub(r"\s+", " ", str(value)).strip())


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


PERCENT_COLUMNS = re.compile(r"(rate|share|probability|^positive$|^negative$|^neutral$|p_alive|_pct$)", re.I)
"""Columns whose 0-1 values read better as percentages (churn_rate 0.264 -> 26.4%)."""


ID_COLUMNS = re.compile(r"(^(id|ID|Id)$|[_ ](id|ID)$|[a-z](ID|Id)$|^(customer|client|key)$)")
"""Columns whose numbers are identifiers, shown without thousands separators."""


def column_cells(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[Callable[[Any], str]]:
    """One formatter per column: percentages for 0-1 rate/share columns, plain identifiers, `cell` otherwise."""
    formats: list[Callable[[Any], str]] = []
    for i, name in enumerate(columns):
        values = [r[i] for r in rows if i < len(r) and _is_number(r[i])]
        if values and ID_COLUMNS.search(str(name)) and all(isinstance(v, int) for v in values):
            formats.append(_plain_id)
        elif MONTH_COLUMNS.search(str(name)) and _all_month_starts([r[i] for r in rows if i < len(r)]):
            formats.append(_month)
        elif values and all(0 <= float(v) <= 1 for v in values) and PERCENT_COLUMNS.search(str(name)):
            formats.append(_percent)
        else:
            formats.append(cell)
    return formats


MONTH_COLUMNS = re.compile(r"month|cohort", re.I)
"""Columns of month buckets, shown as 2024-03 rather than 2024-03-01."""


def _all_month_starts(values: list[Any]) -> bool:
    days = [v for v in values if v is not None]
    return bool(days) and all(isinstance(v, dt.date) and v.day == 1 for v in days)


def _month(value: Any) -> str:
    return value.strftime("%Y-%m") if isinstance(value, dt.date) else cell(value)


def _plain_id(value: Any) -> str:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else cell(value)


def _percent(value: Any) -> str:
    return f"{float(value) * 100:.1f}%" if _is_number(value) and not math.isnan(float(value)) else cell(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool)


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
        if name == "cards" or (keys is not None and name not in keys):
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


CHANGES: dict[str, Callable[[float, float], str]] = {
    "relative": lambda cur, prev: (
        f"{(cur - prev) / abs(prev) * 100:+.1f}%" if prev else ("new" if cur else "none")
    ),
    "points": lambda cur, prev: f"{cur - prev:+.1f} pts",
    "difference": lambda cur, prev: f"{cur - prev:+.2f}",
}
"""How a figure's change is told: percent for counts and money, points for rates, a difference for scores."""


def _change_text(current: float | None, previous: float | None, change: str) -> str:
    if current is None or previous is None:
        return ""
    return CHANGES[change](float(current), float(previous))


def _repeated_cards(doc: Document) -> list[bool]:
    """Per section: whether its model card was already shown by an earlier section."""
    seen: list[dict[str, Any]] = []
    repeats = []
    for section in doc.sections:
        card = section.answer.model_card
        repeats.append(bool(card) and card in seen)
        if card:
            seen.append(card)
    return repeats


# ---------------------------------------------------------------------------------------------------- markdown
def render_markdown(doc: Document, path: Path) -> str:
    """The document as Markdown; chart SVGs are written to `<stem>_charts/` beside `path`."""
    chart_dir = path.parent / f"{path.stem}_charts"
    out = [f"# {_md_text(doc.title)}", ""]
    out += [f"_{_md_text(line)}_  " for line in doc.meta]
    if doc.missing:
        out += ["", f"> {_md_text(doc.missing)}"]
    repeats = _repeated_cards(doc)
    for n, section in enumerate(doc.sections, 1):
        out += ["", f"## {_md_text(section.heading)}", ""] if section.heading else [""]
        out += _md_answer(section.answer, chart_dir, n, section.extras, repeats[n - 1])
    return "\n".join(out).rstrip() + "\n"


def _md_answer(
    answer: Answer, chart_dir: Path, n: int, extras: Sequence[str] | None = None, card_repeats: bool = False
) -> list[str]:
    from assistant.charts import answer_chart_svg

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
        out += _md_table(answer.columns, answer.rows, answer.row_count)
    for name, columns, rows in side_tables(answer, extras):
        out += [f"**{_md_text(name.capitalize())}**", ""]
        out += _md_list(rows) if columns == ("text",) else _md_table(columns, rows, len(rows))
    if answer.model_card and card_repeats:
        out += ["_Model: the same as above._", ""]
    elif answer.model_card:
        out += ["**Model**", ""] + _md_table(("measure", "value"), list(answer.model_card.items()), 0)
    out += [f"- {_md_text(note)}" for note in answer.notes] + ([""] if answer.notes else [])
    if answer.suggestions:
        out += ["Try:", ""] + [f"- {_md_text(s)}" for s in answer.suggestions] + [""]
    if answer.sql:
        out += ["```sql", answer.sql.strip(), "```", ""]
    return out


def _md_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], total: int) -> list[str]:
    shown = list(rows[:MAX_TABLE_ROWS])
    numeric = [any(_is_number(r[i]) for r in shown) for i in range(len(columns))]
    out = ["| " + " | ".join(_md_cell(c) for c in columns) + " |"]
    out.append("|" + "|".join("---:" if num else "---" for num in numeric) + "|")
    formats = column_cells(columns, shown)
    out += [
        "| " + " | ".join(_md_cell(f(v)) for f, v in zip(formats, row, strict=False)) + " |" for row in shown
    ]
    total = max(total, len(rows))
    if total > len(shown):
        out += ["", f"_showing {len(shown):,} of {total:,} rows_"]
    return out + [""]


def _md_list(rows: Sequence[Sequence[Any]]) -> list[str]:
    return [f"- {_md_text(cell(r[0]))}" for r in rows[:MAX_TABLE_ROWS]] + [""]


def _md_cell(text: str) -> str:
    return _md_text(text).replace("|", "\\|")


def _md_text(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


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
    repeats = _repeated_cards(doc)
    parts += [
        _html_answer(s.heading, s.answer, n, s.extras, repeats[n - 1]) for n, s in enumerate(doc.sections, 1)
    ]
    parts += [
        "<footer><p>Written by cra, offline. Every figure can be checked with the SQL shown.</p></footer>"
    ]
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _css() -> str:
    from importlib.resources import files

    return files("assistant").joinpath("templates", "report.css").read_text(encoding="utf-8")


def _html_answer(
    heading: str, answer: Answer, n: int, extras: Sequence[str] | None = None, card_repeats: bool = False
) -> str:
    from assistant.charts import answer_chart_svg

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
        out.append(_html_table(answer.columns, answer.rows, answer.row_count))
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
        items = "".join(
            f"<dt>{esc(str(k))}</dt><dd>{esc(cell(v))}</dd>" for k, v in answer.model_card.items()
        )
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


def _html_cell(text: str, number: bool) -> str:
    css = "num" if number else "long" if len(text) > LONG_CELL else ""
    return f'<td class="{css}">{html.escape(text)}</td>' if css else f"<td>{html.escape(text)}</td>"


def _html_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], total: int) -> str:
    esc = html.escape
    shown = list(rows[:MAX_TABLE_ROWS])
    head = "".join(f"<th>{esc(str(c))}</th>" for c in columns)
    body = []
    formats = column_cells(columns, shown)
    for row in shown:
        cells = "".join(_html_cell(f(v), _is_number(v)) for f, v in zip(formats, row, strict=False))
        body.append(f"<tr>{cells}</tr>")
    out = f'<div class="table-wrap"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
    total = max(total, len(rows))
    if total > len(shown):
        out += f'\n<p class="more">showing {len(shown):,} of {total:,} rows</p>'
    return out


# ---------------------------------------------------------------------------------------------------- report content
class Missing(Exception):
    """A section cannot be built from this data; the message says why, in a few words."""


GRAIN_MONTHS = {"month": 1, "quarter": 3}
MIN_PERIOD_ROWS = 30
"""Below this many orders in the last full month, headline changes compare quarters instead."""


@dataclass(frozen=True)
class Period:
    """The last full month (or quarter) before the reference date, and the one before it: [start, end)."""

    start: dt.date
    end: dt.date
    prev_start: dt.date
    grain: str = "month"

    @property
    def label(self) -> str:
        return _period_label(self.start, self.grain)

    @property
    def prev_label(self) -> str:
        return _period_label(self.prev_start, self.grain)

    @classmethod
    def before(cls, as_of: dt.date, grain: str = "month") -> Period:
        months = GRAIN_MONTHS[grain]
        first_month = (as_of.month - 1) // months * months + 1
        end = dt.date(as_of.year, first_month, 1)
        start = _add_months(end, -months)
        return cls(start, end, _add_months(start, -months), grain)


def _period_label(start: dt.date, grain: str) -> str:
    return start.strftime("%B %Y") if grain == "month" else f"Q{(start.month - 1) // 3 + 1} {start.year}"


MAX_REASON_CHARS = 120


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text if len(text) <= MAX_REASON_CHARS else text[: MAX_REASON_CHARS - 1] + "…"


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


AS_OF_WORDS = {"given": "", "data": " (the day after the last date in the data)", "today": " (today)"}


@dataclass
class Context:
    """What the sections share: the catalog, the reference date, the periods, what was found."""

    catalog: Catalog
    as_of: dt.date
    as_of_source: str
    """A key of AS_OF_WORDS: where the reference date came from."""
    period: Period
    compared: bool = False
    """Whether any figure compares the period with the one before (else the report does not mention it)."""
    left_out: list[str] = field(default_factory=list)
    """Parts of a section left out (e.g. a headline figure); moved to the report's missing line."""

    @classmethod
    def create(cls, catalog: Catalog, as_of: dt.date | None) -> Context:
        source = "given"
        if as_of is None:
            last = _last_date(catalog)
            today = dt.date.today()
            as_of, source = (
                (last + dt.timedelta(days=1), "data") if last and last < today else (today, "today")
            )
        return cls(catalog, as_of, source, _choose_period(catalog, as_of))

    def run(self, query: exp.Query) -> tuple[tuple[Any, ...], str]:
        """The first row of a query and its SQL."""
        result = self.catalog.run(query)
        return (result.rows[0] if result.rows else ()), result.sql


def _choose_period(catalog: Catalog, as_of: dt.date) -> Period:
    """The last full month, or the last full quarter when that month holds few orders."""
    month = Period.before(as_of)
    try:
        from analytics.schema import find_transactions

        tx = find_transactions(catalog)
        if tx is None:
            return month
        q = (
            exp.select(exp.func("count", exp.Star()))
            .from_(_table(tx.table))
            .where(_in_range(tx.date, month.start, month.end))
        )
        rows = catalog.run(q).rows[0][0]
    except Exception:  # choosing quarters is a refinement; a month is a fine default
        return month
    return month if rows >= MIN_PERIOD_ROWS else Period.before(as_of, "quarter")


def _last_date(catalog: Catalog) -> dt.date | None:
    """The latest date or timestamp in the data (not after today)."""
    from assistant.catalog import QueryError

    latest: dt.date | None = None
    today = _lit_date(dt.date.today())
    for table in catalog.model.tables.values():
        for col in table.columns.values():
            if not _is_time(col):
                continue
            day = exp.cast(_col(col.name), "DATE")
            q = exp.select(exp.func("max", day)).from_(_table(table.name)).where(day <= today)
            try:
                value = catalog.run(q).rows[0][0]
            except QueryError:  # a "time" column that does not read as dates
                continue
            if isinstance(value, dt.datetime):
                value = value.date()
            if isinstance(value, dt.date) and (latest is None or value > latest):
                latest = value
    return latest


def _col(name: str) -> exp.Column:
    return exp.column(exp.to_identifier(name, quoted=True))


def _table(name: str) -> exp.Table:
    return exp.Table(this=exp.to_identifier(name, quoted=True))


def _lit_date(day: dt.date) -> exp.Expr:
    return exp.cast(exp.Literal.string(day.isoformat()), "DATE")


def _is_time(col: ColumnInfo) -> bool:
    from assistant.semantic import Role

    return col.role == Role.TIME or col.dtype.upper().startswith(("DATE", "TIMESTAMP"))


def _in_range(column: str, start: dt.date, end: dt.date) -> exp.Expr:
    day = exp.cast(_col(column), "DATE")
    return exp.and_(day >= _lit_date(start), day < _lit_date(end))


def _when(condition: exp.Expr, value: exp.Expr) -> exp.Expr:
    return exp.Case(ifs=[exp.If(this=condition, true=value)])


def _number(value: Any) -> float | None:
    if value is None:
        return None
    v = float(value)
    return None if math.isnan(v) else v


# ---------------------------------------------------------------------------------------------------- headline
@dataclass(frozen=True)
class Figure:
    """One headline figure: all data, the last full month, the month before."""

    metric: str
    total: float | None
    current: float | None
    previous: float | None
    change: str
    """A key of CHANGES: "relative" (counts, money), "points" (rates, NPS) or "difference" (scores)."""
    sql: str
    display: str = ""
    """The card's value for a person ("26.5%"); defaults to the total."""


def _figure_customers(ctx: Context) -> list[Figure]:
    table = _customers_table(ctx)
    if table is None:
        raise Missing("no customers table")
    row, sql = ctx.run(exp.select(exp.func("count", exp.Star())).from_(_table(table.name)))
    figures = [Figure("customers", row[0], None, None, "relative", sql)]
    from analytics.schema import SIGNUP_NAMES, find_time

    signup = find_time(table, SIGNUP_NAMES)
    if signup:
        p = ctx.period
        current = exp.func("count_if", _in_range(signup, p.start, p.end))
        previous = exp.func("count_if", _in_range(signup, p.prev_start, p.start))
        row, sql = ctx.run(exp.select(current, previous).from_(_table(table.name)))
        figures.append(Figure("new customers", None, row[0], row[1], "relative", sql))
    return figures


def _figure_revenue(ctx: Context) -> list[Figure]:
    from analytics.schema import find_transactions

    tx = find_transactions(ctx.catalog)
    if tx is None:
        raise Missing("no table of orders or transactions")
    p = ctx.period
    cur, prev = _in_range(tx.date, p.start, p.end), _in_range(tx.date, p.prev_start, p.start)
    figures = []
    row, sql = ctx.run(
        exp.select(
            exp.func("count", exp.Star()), exp.func("count_if", cur), exp.func("count_if", prev)
        ).from_(_table(tx.table))
    )
    figures.append(Figure(tx.table.replace("_", " "), row[0], row[1], row[2], "relative", sql))
    configured = _configured_metric(ctx, "revenue")
    if configured is not None:
        return [configured, *figures]
    if tx.amount is None:
        ctx.left_out.append(f"revenue (no amount column in {tx.table})")
        return figures
    amount = _col(tx.amount)
    row, sql = ctx.run(
        exp.select(
            exp.func("sum", amount),
            exp.func("coalesce", exp.func("sum", _when(cur, amount)), exp.Literal.number(0)),
            exp.func("coalesce", exp.func("sum", _when(prev, amount)), exp.Literal.number(0)),
        ).from_(_table(tx.table))
    )
    total, current, previous = (_number(v) for v in row)
    return [Figure("revenue", total, current, previous, "relative", sql), *figures]


def _configured_metric(ctx: Context, name: str) -> Figure | None:
    """A metric defined in cra.toml (an aggregate over one table), for all data and both periods."""
    from sqlglot import parse_one

    metric = ctx.catalog.model.metrics.get(name)
    if metric is None or metric.table not in ctx.catalog.model.tables:
        return None
    value = parse_one(metric.sql, read="duckdb")
    date = _first_time(ctx.catalog.model.tables[metric.table])
    p = ctx.period
    ranges = [None] + ([(p.start, p.end), (p.prev_start, p.start)] if date else [])
    values: list[float | None] = []
    sqls = []
    for span in ranges:
        q = exp.select(value.copy().as_(name.replace(" ", "_"))).from_(_table(metric.table))
        if span is not None and date is not None:
            q = q.where(_in_range(date, *span))
        row, sql = ctx.run(q)
        values.append(_number(row[0]) if row else None)
        sqls.append(sql)
    values += [None, None]
    return Figure(name, values[0], values[1], values[2], "relative", ";\n".join(sqls))


def _figure_churn(ctx: Context) -> list[Figure]:
    from analytics.schema import CHURN_DATE_NAMES, find_churn_target, find_time

    target = find_churn_target(ctx.catalog)
    if target is None:
        raise Missing("no churn flag")
    rate = exp.Mul(
        this=exp.func("avg", exp.cast(target.condition(), "INT")), expression=exp.Literal.number(100)
    )
    row, sql = ctx.run(exp.select(rate).from_(_table(target.table)))
    value = _number(row[0])
    figures = [
        Figure(
            "churn rate (%)", value, None, None, "points", sql, f"{value:.1f}%" if value is not None else ""
        )
    ]
    churn_date = find_time(ctx.catalog.model.tables[target.table], CHURN_DATE_NAMES)
    if churn_date:
        p = ctx.period
        row, sql = ctx.run(
            exp.select(
                exp.func("count_if", _in_range(churn_date, p.start, p.end)),
                exp.func("count_if", _in_range(churn_date, p.prev_start, p.start)),
            ).from_(_table(target.table))
        )
        figures.append(Figure("churned customers", None, row[0], row[1], "relative", sql))
    return figures


NPS_NAMES = re.compile(r"(nps|recommend|likel|score)", re.I)
"""Column names that can hold a 0-10 would-recommend score."""


def find_nps(ctx: Context) -> tuple[TableInfo, str] | None:
    """(table, column) of a numeric 0-10 column named like nps/score whose maximum is above 5."""
    from analytics.schema import is_numeric

    for table in ctx.catalog.model.tables.values():
        for col in table.columns.values():
            if not (is_numeric(col) and NPS_NAMES.search(col.name)):
                continue
            q = exp.select(exp.func("min", _col(col.name)), exp.func("max", _col(col.name))).from_(
                _table(table.name)
            )
            lo, hi = ctx.catalog.run(q).rows[0]
            if lo is not None and lo >= 0 and 5 < hi <= 10:
                return table, col.name
    return None


def nps_expression(column: str, condition: exp.Expr | None = None) -> exp.Expr:
    """100 * (share of 9-10 minus share of 0-6) over the non-null scores (matching `condition`)."""
    x = _col(column)
    case = exp.Case(
        ifs=[
            exp.If(this=x.is_(exp.null()), true=exp.null()),
            exp.If(this=x >= 9, true=exp.Literal.number(1)),
            exp.If(this=x <= 6, true=exp.Literal.number(-1)),
        ],
        default=exp.Literal.number(0),
    )
    value = case if condition is None else _when(condition, case)
    return exp.Mul(this=exp.Literal.number(100), expression=exp.func("avg", value))


def _figure_nps(ctx: Context) -> list[Figure]:
    found = find_nps(ctx)
    if found is None:
        raise Missing("no 0-10 recommend score")
    table, column = found
    date = _first_time(table)
    exprs = [nps_expression(column)]
    if date:
        p = ctx.period
        exprs += [
            nps_expression(column, _in_range(date, p.start, p.end)),
            nps_expression(column, _in_range(date, p.prev_start, p.start)),
        ]
    row, sql = ctx.run(exp.select(*exprs).from_(_table(table.name)))
    values = [_number(v) for v in row] + [None, None]
    return [
        Figure(
            "NPS",
            values[0],
            values[1],
            values[2],
            "points",
            sql,
            f"{values[0]:.1f}" if values[0] is not None else "",
        )
    ]


def _first_time(table: TableInfo) -> str | None:
    return next((c.name for c in table.columns.values() if _is_time(c)), None)


def _figure_sentiment(ctx: Context) -> list[Figure]:
    from sentiment.columns import feedback_source

    source = feedback_source(ctx.catalog)
    if source is None:
        raise Missing("no free-text feedback")
    column, date = source.text, source.time
    table = ctx.catalog.model.tables[source.table]
    day = exp.cast(_col(date), "DATE") if date else exp.null()
    q = (
        exp.select(_col(column), day.as_("day"))
        .from_(_table(table.name))
        .where(_col(column).is_(exp.null()).not_())
    )
    result = ctx.catalog.run(q)
    from sentiment.score import score_texts

    scores = score_texts([r[0] for r in result.rows])
    rows = [(s.compound, r[1]) for s, r in zip(scores, result.rows, strict=True) if not s.blank]
    if not rows:
        raise Missing("the feedback texts are empty")
    p = ctx.period

    def mean(start: dt.date | None = None, end: dt.date | None = None) -> float | None:
        xs = [c for c, d in rows if start is None or (d is not None and end is not None and start <= d < end)]
        return sum(xs) / len(xs) if xs else None

    current, previous = (mean(p.start, p.end), mean(p.prev_start, p.start)) if date else (None, None)
    sql = result.sql + "  -- scored with VADER (compound, -1..1), blank texts left out"
    return [Figure("mean sentiment", mean(), current, previous, "difference", sql)]


HEADLINE: tuple[tuple[str, Callable[[Context], list[Figure]]], ...] = (
    ("customers", _figure_customers),
    ("revenue", _figure_revenue),
    ("churn rate", _figure_churn),
    ("NPS", _figure_nps),
    ("mean sentiment", _figure_sentiment),
)
"""Headline figures, in order: name (for the missing line) -> builder."""


def headline(ctx: Context) -> Answer:
    """Customers, revenue, churn rate, NPS and mean sentiment, with the last full month vs the one before."""
    figures: list[Figure] = []
    for name, build in HEADLINE:
        try:
            figures += build(ctx)
        except Missing as e:
            ctx.left_out.append(f"{name} ({e})")
        except ImportError as e:
            ctx.left_out.append(f"{name} (needs {e.name})")
        except Exception as e:  # one figure failing never loses the others
            ctx.left_out.append(f"{name} (failed: {_first_line(e)})")
    if not figures:
        raise Missing("no figure could be computed")
    p = ctx.period
    ctx.compared = any(f.current is not None or f.previous is not None for f in figures)
    if ctx.compared:
        columns: tuple[str, ...] = ("metric", "all data", p.label, p.prev_label, "change")
        rows: tuple[tuple[Any, ...], ...] = tuple(
            (f.metric, f.total, f.current, f.previous, _change_text(f.current, f.previous, f.change))
            for f in figures
        )
    else:
        columns, rows = ("metric", "all data"), tuple((f.metric, f.total) for f in figures)
    cards = [
        (f.metric, f.display or cell(f.total if f.total is not None else f.current), _card_change(f, p))
        for f in figures
    ]
    text = "; ".join(f"{c[0]} {c[1]}" for c in cards) + "."
    return Answer(
        question="headline figures",
        status="answer",
        text=text[0].upper() + text[1:],
        interpretation=(
            f"'all data' covers every row loaded; {p.label} is {p.start.isoformat()} to "
            f"{(p.end - dt.timedelta(days=1)).isoformat()}, compared with {p.prev_label} "
            f"({p.prev_start.isoformat()} to {(p.start - dt.timedelta(days=1)).isoformat()})."
            if ctx.compared
            else "'all data' covers every row loaded; the data has no dates to compare periods with."
        ),
        sql=";\n".join(f.sql for f in figures),
        columns=columns,
        rows=rows,
        row_count=len(rows),
        extra={"cards": cards},
    )


def _card_change(f: Figure, p: Period) -> str:
    change = _change_text(f.current, f.previous, f.change)
    if f.total is None and f.current is not None:
        return f"in {p.label}; {change} vs {p.prev_label}" if change else f"in {p.label}"
    return f"{p.label}: {cell(f.current)}, {change} vs {p.prev_label}" if change else ""


# ---------------------------------------------------------------------------------------------------- trends
def trends(ctx: Context) -> Answer:
    """Orders, revenue, new and churned customers by month over the last full months."""
    from analytics.schema import (
        CHURN_DATE_NAMES,
        SIGNUP_NAMES,
        find_churn_target,
        find_time,
        find_transactions,
    )

    p = ctx.period
    start = _add_months(p.end, -TREND_MONTHS)
    series: dict[str, dict[dt.date, Any]] = {}
    sqls: list[str] = []

    def monthly(name: str, table: str, date: str, value: exp.Expr) -> None:
        day = exp.cast(_col(date), "DATE")
        month = exp.cast(exp.func("date_trunc", exp.Literal.string("month"), day), "DATE")
        q = (
            exp.select(month.as_("month"), value.as_(name))
            .from_(_table(table))
            .where(_in_range(date, start, p.end))
            .group_by(exp.column("month"))
            .order_by(exp.column("month"))
        )
        result = ctx.catalog.run(q)
        series[name] = {_as_date(r[0]): r[1] for r in result.rows}
        sqls.append(result.sql)

    tx = find_transactions(ctx.catalog)
    if tx is not None:
        if tx.amount:
            monthly("revenue", tx.table, tx.date, exp.func("sum", _col(tx.amount)))
        monthly(tx.table.replace("_", " "), tx.table, tx.date, exp.func("count", exp.Star()))
    customers = _customers_table(ctx)
    if customers is not None:
        signup = find_time(customers, SIGNUP_NAMES)
        if signup:
            monthly("new customers", customers.name, signup, exp.func("count", exp.Star()))
    target = find_churn_target(ctx.catalog)
    if target is not None:
        churn_date = find_time(ctx.catalog.model.tables[target.table], CHURN_DATE_NAMES)
        if churn_date:
            monthly("churned customers", target.table, churn_date, exp.func("count", exp.Star()))
    months = sorted({m for values in series.values() for m in values})
    if not months:
        raise Missing("no dated orders, sign-ups or churn dates")
    names = tuple(series)
    rows = tuple((m, *(series[n].get(m, 0) for n in names)) for m in months)
    y = ("revenue",) if "revenue" in names else tuple(n for n in names)
    return Answer(
        question="trends by month",
        status="answer",
        text=f"{', '.join(names).capitalize()} by month, {months[0].strftime('%B %Y')} to {months[-1].strftime('%B %Y')}.",
        interpretation=f"full months from {start.isoformat()} up to {p.end.isoformat()} (exclusive); "
        "months with no rows are not shown",
        sql=";\n".join(sqls),
        columns=("month", *names),
        rows=rows,
        row_count=len(rows),
        chart=Chart("line", "month", y, f"{y[0].capitalize()} by month" if len(y) == 1 else "By month"),
    )


def _as_date(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _customers_table(ctx: Context) -> TableInfo | None:
    from analytics.schema import find_customers_table

    return find_customers_table(ctx.catalog)


# ---------------------------------------------------------------------------------------------------- skills
@dataclass(frozen=True)
class SkillSection:
    """A section answered by an analytics or sentiment skill, found by name."""

    heading: str
    question: str
    names: tuple[str, ...]
    """Skill names to try, best first; the first one present and available answers."""
    limit: int | None = None
    """Rows asked for (SkillRequest.limit), e.g. the 20 customers most at risk."""
    extras: tuple[str, ...] = ()
    """Side tables of the answer worth showing in a report."""


SKILL_SECTIONS: dict[str, SkillSection] = {
    "churn_drivers": SkillSection("What drives churn", "what drives churn", ("churn_drivers",)),
    "at_risk": SkillSection(
        "Customers most at risk", "which customers are most likely to churn", ("churn_risk",), limit=20
    ),
    "retention": SkillSection("Retention by sign-up cohort", "retention by cohort", ("retention",), limit=24),
    "segments": SkillSection("Segments", "segment the customers", ("rfm_segments", "clusters")),
    "rfm": SkillSection(
        "RFM segments", "segment the customers by recency, frequency and value", ("rfm_segments",)
    ),
    "clusters": SkillSection("Behavioural clusters", "cluster the customers", ("clusters",)),
    "clv": SkillSection(
        "Most valuable customers",
        "which customers have the highest lifetime value",
        ("lifetime_value",),
        limit=20,
    ),
    "feedback": SkillSection(
        "Praise and complaints", "what do customers praise and complain about", ("feedback_summary",)
    ),
    "complaints": SkillSection(
        "What customers complain about", "what do customers complain about", ("complaints",)
    ),
    "praise": SkillSection("What customers praise", "what do customers praise", ("praise",)),
    "sentiment_trend": SkillSection("Sentiment by month", "sentiment by month", ("sentiment_trend",)),
}
"""Sections answered by skills (names from analytics/skills.py and sentiment/skills.py)."""


def find_skill(names: Sequence[str], catalog: Catalog) -> tuple[Any, str]:
    """The first skill named in `names` that is available on this data, or (None, why not)."""
    from assistant.skills import all_skills

    skills = {skill.name: skill for skill in all_skills()}
    present = [skills[n] for n in names if n in skills]
    if not present:
        return None, "this version of cra has no such analysis"
    for skill in present:
        if skill.available(catalog):
            return skill, ""
    return None, "the data lacks what it needs"


def _skill_section(spec: SkillSection) -> Callable[[Context], Section]:
    def build(ctx: Context) -> Section:
        from assistant.skills import SkillRequest

        try:
            skill, why = find_skill(spec.names, ctx.catalog)
            if skill is None:
                raise Missing(why)
            request = SkillRequest(
                question=spec.question, catalog=ctx.catalog, as_of=ctx.as_of, limit=spec.limit
            )
            answer = skill.run(request)
        except Missing:
            raise
        except Exception as e:  # a failing analysis leaves its section out, never the whole report
            raise Missing(f"the analysis failed: {_first_line(e)}") from e
        if answer.status != "answer":
            raise Missing(answer.text or answer.status)
        return Section(spec.heading, answer, spec.extras)

    return build


def _plain(heading: str, build: Callable[[Context], Answer]) -> Callable[[Context], Section]:
    return lambda ctx: Section(heading, build(ctx))


SECTIONS: dict[str, tuple[str, Callable[[Context], Section]]] = {
    "headline": ("headline figures", _plain("Headline figures", headline)),
    "trends": ("trends by month", _plain("Trends by month", trends)),
    **{
        key: (spec.heading[0].lower() + spec.heading[1:], _skill_section(spec))
        for key, spec in SKILL_SECTIONS.items()
    },
}
"""Section name -> (words for the missing line, builder). A builder raises Missing when the data cannot
support its section."""
