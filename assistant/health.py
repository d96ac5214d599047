"""The sections of `cra report`: headline figures, the period they compare, trends, skill sections.

Each section is an `Answer` built from the catalog; a section the data cannot support raises `Missing`
with a few words saying why, and the report names it instead of failing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from sqlglot import exp, parse_one

from analytics.churn import churn_rate_query
from assistant.report_render import cell
from catalog import asof
from catalog.answer import Answer, Chart
from catalog.churn_target import CHURN_DATE_NAMES, find_churn_target
from catalog.entities import SIGNUP_NAMES, find_time, is_time
from catalog.nps import nps_value
from catalog.periods import first_unfinished
from catalog.roles import nps_column
from catalog.transactions import find_customers_table, find_transactions
from catalog.trees import column as quote
from catalog.trees import table_ref
from sentiment.columns import feedback_source
from sentiment.summarize import fetch, mean_compound

if TYPE_CHECKING:
    from catalog import Catalog
    from catalog.asof import AsOf
    from catalog.semantic import TableInfo

T = TypeVar("T")
TREND_MONTHS = 24
"""Full months shown in the monthly trends."""
KINDS: dict[str, tuple[str, ...]] = {
    "overview": ("headline", "trends", "customer_flow", "churn_drivers", "at_risk", "segments", "feedback"),
    "churn": ("headline", "customer_flow", "trends", "churn_drivers", "at_risk", "retention"),
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


# ---------------------------------------------------------------------------------------------------- periods
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
        end = first_unfinished(as_of - dt.timedelta(days=1), grain)  # as_of: the day after the data's end
        start = _add_months(end, -months)
        return cls(start, end, _add_months(start, -months), grain)


def _period_label(start: dt.date, grain: str) -> str:
    return start.strftime("%B %Y") if grain == "month" else f"Q{(start.month - 1) // 3 + 1} {start.year}"


MAX_REASON_CHARS = 120


def first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text if len(text) <= MAX_REASON_CHARS else text[: MAX_REASON_CHARS - 1] + "…"


def attempt(name: str, build: Callable[[], T], missing: list[str]) -> T | None:
    """`build()`, or None with "name (why)" added to `missing`: one part failing never loses the rest."""
    try:
        return build()
    except Missing as e:
        missing.append(f"{name} ({e})")
    except ImportError as e:
        missing.append(f"{name} (needs {e.name})")
    except Exception as e:
        missing.append(f"{name} (failed: {first_line(e)})")
    return None


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


AS_OF_WORDS = {"given": "", "data": " (the end of the data)", "today": " (today)"}


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
    def create(cls, catalog: Catalog, as_of: AsOf | dt.date | str | None) -> Context:
        """The data cut at the as-of date (catalog.asof), and the last full period up to that day."""
        resolved = asof.apply(catalog, as_of)
        day = resolved.date
        return cls(catalog, day, resolved.source, _choose_period(catalog, day + dt.timedelta(days=1)))

    def run(self, query: exp.Query) -> tuple[tuple[Any, ...], str]:
        """The first row of a query and its SQL."""
        result = self.catalog.run(query)
        return (result.rows[0] if result.rows else ()), result.sql


def _choose_period(catalog: Catalog, as_of: dt.date) -> Period:
    """The last full month, or the last full quarter when that month holds few orders."""
    month = Period.before(as_of)
    try:
        tx = find_transactions(catalog)
        if tx is None:
            return month
        q = (
            exp.select(exp.func("count", exp.Star()))
            .from_(table_ref(tx.table))
            .where(_in_range(tx.date, month.start, month.end))
        )
        rows = catalog.run(q).rows[0][0]
    except Exception:  # choosing quarters is a refinement; a month is a fine default
        return month
    return month if rows >= MIN_PERIOD_ROWS else Period.before(as_of, "quarter")


def _lit_date(day: dt.date) -> exp.Expr:
    return exp.cast(exp.Literal.string(day.isoformat()), "DATE")


def _in_range(column: str, start: dt.date, end: dt.date) -> exp.Expr:
    day = exp.cast(quote(column), "DATE")
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
    unit: str = "number"
    """A key of UNITS: how the figure reads on a card and in the summary sentence."""

    @property
    def name(self) -> str:
        """The metric with its unit where the table shows raw numbers: "churn rate (%)"."""
        return f"{self.metric}{UNIT_SUFFIXES.get(self.unit, '')}"

    def show(self, value: float | None) -> str:
        """A value of this figure for a person: "$1,394,476", "26.4%", "-16.5"."""
        return "" if value is None else UNITS[self.unit](float(value))


CURRENCY = "$"
"""The symbol shown before money (the one nlq.format uses in chat answers)."""
UNITS: dict[str, Callable[[float], str]] = {
    "number": cell,
    "money": lambda v: (
        f"{'-' if v < 0 else ''}{CURRENCY}{abs(v):,.0f}"
        if abs(v) >= 1000
        else f"{'-' if v < 0 else ''}{CURRENCY}{abs(v):,.2f}"
    ),
    "percent": lambda v: f"{v:.1f}%",
    "score": lambda v: f"{v:.1f}",
    "compound": lambda v: f"{v:+.2f}",
}
"""Figure unit -> its format on cards and in the sentence (the table keeps the stored numbers)."""
SCALES = {
    "NPS": "NPS runs from -100 to +100 (share of 9-10 scores minus share of 0-6).",
    "mean sentiment": "Mean sentiment is the VADER compound score of the comments, from -1 to +1.",
}
"""What a figure's number means, added to the headline's interpretation when the figure is shown."""
UNIT_SUFFIXES = {"percent": " (%)"}
"""Units named in the table's metric column, whose numbers are shown plain."""


def _figure_customers(ctx: Context) -> list[Figure]:
    table = find_customers_table(ctx.catalog)
    if table is None:
        raise Missing("no customers table")
    row, sql = ctx.run(exp.select(exp.func("count", exp.Star())).from_(table_ref(table.name)))
    figures = [Figure("customers", row[0], None, None, "relative", sql)]

    signup = find_time(table, SIGNUP_NAMES)
    if signup:
        p = ctx.period
        current = exp.func("count_if", _in_range(signup, p.start, p.end))
        previous = exp.func("count_if", _in_range(signup, p.prev_start, p.start))
        row, sql = ctx.run(exp.select(current, previous).from_(table_ref(table.name)))
        figures.append(Figure("new customers", None, row[0], row[1], "relative", sql))
    return figures


def _figure_revenue(ctx: Context) -> list[Figure]:
    tx = find_transactions(ctx.catalog)
    if tx is None:
        raise Missing("no table of orders or transactions")
    p = ctx.period
    cur, prev = _in_range(tx.date, p.start, p.end), _in_range(tx.date, p.prev_start, p.start)
    figures = []
    row, sql = ctx.run(
        exp.select(
            exp.func("count", exp.Star()), exp.func("count_if", cur), exp.func("count_if", prev)
        ).from_(table_ref(tx.table))
    )
    figures.append(Figure(tx.table.replace("_", " "), row[0], row[1], row[2], "relative", sql))
    configured = _configured_metric(ctx, "revenue")
    if configured is not None:
        return [configured, *figures]
    amount = tx.value()  # a row's value as the order-value and lifetime-value answers take it
    if amount is None:
        ctx.left_out.append(f"revenue (no amount column in {tx.table})")
        return figures
    row, sql = ctx.run(
        exp.select(
            exp.func("sum", amount.copy()),
            exp.func("coalesce", exp.func("sum", _when(cur, amount.copy())), exp.Literal.number(0)),
            exp.func("coalesce", exp.func("sum", _when(prev, amount.copy())), exp.Literal.number(0)),
        ).from_(table_ref(tx.table))
    )
    total, current, previous = (_number(v) for v in row)
    unit = "money" if tx.money or tx.amount is not None else "number"
    return [Figure("revenue", total, current, previous, "relative", sql, unit), *figures]


def _configured_metric(ctx: Context, name: str) -> Figure | None:
    """A metric defined in cra.toml (an aggregate over one table), for all data and both periods."""
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
        q = exp.select(value.copy().as_(name.replace(" ", "_"))).from_(table_ref(metric.table))
        if span is not None and date is not None:
            q = q.where(_in_range(date, *span))
        row, sql = ctx.run(q)
        values.append(_number(row[0]) if row else None)
        sqls.append(sql)
    values += [None, None]
    unit = "money" if metric.unit == "money" else "percent" if metric.unit == "percent" else "number"
    return Figure(name, values[0], values[1], values[2], "relative", ";\n".join(sqls), unit)


def _figure_churn(ctx: Context) -> list[Figure]:
    """The churn rate as the chat's churn rate answer computes it (analytics.churn.churn_rate_query)."""
    target = find_churn_target(ctx.catalog)
    if target is None:
        raise Missing("no churn flag")
    row, sql = ctx.run(churn_rate_query(ctx.catalog, target))
    share = _number(row[2])
    value = share * 100 if share is not None else None
    figures = [Figure("churn rate", value, None, None, "points", sql, "percent")]
    churn_date = find_time(ctx.catalog.model.tables[target.table], CHURN_DATE_NAMES)
    if churn_date:
        p = ctx.period
        row, sql = ctx.run(
            exp.select(
                exp.func("count_if", _in_range(churn_date, p.start, p.end)),
                exp.func("count_if", _in_range(churn_date, p.prev_start, p.start)),
            ).from_(table_ref(target.table))
        )
        figures.append(Figure("churned customers", None, row[0], row[1], "relative", sql))
    return figures


def find_nps(ctx: Context) -> tuple[TableInfo, str] | None:
    """(table, column) of the 0-10 recommend score, as the catalog decides it for the chat too."""
    col = nps_column(ctx.catalog.model)
    return (ctx.catalog.model.tables[col.table], col.name) if col is not None else None


def _figure_nps(ctx: Context) -> list[Figure]:
    found = find_nps(ctx)
    if found is None:
        raise Missing("no 0-10 recommend score")
    table, column = found
    date = _first_time(table)
    exprs = [nps_value(quote(column))]
    if date:
        p = ctx.period
        exprs += [
            nps_value(quote(column), _in_range(date, p.start, p.end)),
            nps_value(quote(column), _in_range(date, p.prev_start, p.start)),
        ]
    row, sql = ctx.run(exp.select(*exprs).from_(table_ref(table.name)))
    values = [_number(v) for v in row] + [None, None]
    return [Figure("NPS", values[0], values[1], values[2], "points", sql, "score")]


def _first_time(table: TableInfo) -> str | None:
    return next((c.name for c in table.columns.values() if is_time(c)), None)


def _figure_sentiment(ctx: Context) -> list[Figure]:
    """Mean VADER compound of the feedback, computed as the chat's sentiment answers compute it."""
    source = feedback_source(ctx.catalog)
    if source is None:
        raise Missing("no free-text feedback")
    data = fetch(ctx.catalog, source)
    if not data.filled:
        raise Missing("the feedback texts are empty")
    p = ctx.period
    dated = source.time is not None
    current = mean_compound(data, p.start, p.end) if dated else None
    previous = mean_compound(data, p.prev_start, p.start) if dated else None
    sql = data.sql + "  -- scored with VADER (compound, -1..1), blank texts left out"
    return [Figure("mean sentiment", mean_compound(data), current, previous, "difference", sql, "compound")]


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
        figures += attempt(name, partial(build, ctx), ctx.left_out) or []
    if not figures:
        raise Missing("no figure could be computed")
    p = ctx.period
    ctx.compared = any(f.current is not None or f.previous is not None for f in figures)
    if ctx.compared:
        columns: tuple[str, ...] = ("metric", "all data", p.label, p.prev_label, "change")
        rows: tuple[tuple[Any, ...], ...] = tuple(
            (f.name, f.total, f.current, f.previous, _change_text(f.current, f.previous, f.change))
            for f in figures
        )
    else:
        columns, rows = ("metric", "all data"), tuple((f.name, f.total) for f in figures)
    return Answer(
        question="headline figures",
        status="answer",
        text=_headline_text(figures, p),
        interpretation=(
            f"'all data' covers every row loaded; {p.label} is {p.start.isoformat()} to "
            f"{(p.end - dt.timedelta(days=1)).isoformat()}, compared with {p.prev_label} "
            f"({p.prev_start.isoformat()} to {(p.start - dt.timedelta(days=1)).isoformat()})."
            if ctx.compared
            else "'all data' covers every row loaded; the data has no dates to compare periods with."
        )
        + "".join(f" {SCALES[f.metric]}" for f in figures if f.metric in SCALES),
        sql=";\n".join(f.sql for f in figures),
        columns=columns,
        rows=rows,
        row_count=len(rows),
        extra={"cards": [_card(f, p) for f in figures]},
    )


def _card(f: Figure, p: Period) -> tuple[str, str, str]:
    """(label, value, note): the latest period's value when there is one, else the value over all data."""
    if f.current is None:
        return f.metric, f.show(f.total), "all data"
    change = _change_text(f.current, f.previous, f.change)
    note = f"{p.label}, {change} vs {p.prev_label}" if change else p.label
    if f.total is not None:
        note += f"; all data {f.show(f.total)}"
    return f.metric, f.show(f.current), note


def _headline_text(figures: Sequence[Figure], p: Period) -> str:
    """The figures of the latest period with their changes, then the ones over all data."""
    recent = [
        f"{f.metric} {f.show(f.current)}"
        + (f" ({c})" if (c := _change_text(f.current, f.previous, f.change)) else "")
        for f in figures
        if f.current is not None
    ]
    overall = [f"{f.metric} {f.show(f.total)}" for f in figures if f.current is None]
    parts = [f"In {p.label} (vs {p.prev_label}): {', '.join(recent)}."] if recent else []
    parts += [f"{'Over all data' if recent else 'All data'}: {', '.join(overall)}."] if overall else []
    return " ".join(parts)


# ---------------------------------------------------------------------------------------------------- trends
@dataclass(frozen=True)
class Series:
    """One monthly series of a trend section: an aggregate of a table by the month of a date column."""

    name: str
    table: str
    date: str
    value: exp.Expr
    unit: str = "number"
    """A key of UNITS, for the section's sentence."""


def trends(ctx: Context) -> Answer:
    """Revenue and orders by month over the last full months."""
    tx = find_transactions(ctx.catalog)
    series = []
    if tx is not None:
        if tx.amount:
            series.append(Series("revenue", tx.table, tx.date, exp.func("sum", quote(tx.amount)), "money"))
        series.append(Series(tx.table.replace("_", " "), tx.table, tx.date, exp.func("count", exp.Star())))
    return _monthly(ctx, "trends by month", series[:1], series, "no dated orders or transactions")


def customer_flow(ctx: Context) -> Answer:
    """New and churned customers by month over the last full months."""
    series = []
    customers = find_customers_table(ctx.catalog)
    signup = find_time(customers, SIGNUP_NAMES) if customers is not None else None
    if customers is not None and signup:
        series.append(Series("new customers", customers.name, signup, exp.func("count", exp.Star())))
    target = find_churn_target(ctx.catalog)
    if target is not None:
        churn_date = find_time(ctx.catalog.model.tables[target.table], CHURN_DATE_NAMES)
        if churn_date:
            series.append(
                Series("churned customers", target.table, churn_date, exp.func("count", exp.Star()))
            )
    return _monthly(ctx, "customers won and lost by month", series, series, "no sign-up or churn dates")


def _monthly(
    ctx: Context, question: str, drawn: Sequence[Series], series: Sequence[Series], why_none: str
) -> Answer:
    """The series by month over the TREND_MONTHS full months before the period's end; `drawn` are charted."""
    p = ctx.period
    start = _add_months(p.end, -TREND_MONTHS)
    values: dict[str, dict[dt.date, Any]] = {}
    sqls: list[str] = []
    for s in series:
        day = exp.cast(quote(s.date), "DATE")
        month = exp.cast(exp.func("date_trunc", exp.Literal.string("month"), day), "DATE")
        q = (
            exp.select(month.as_("month"), s.value.as_(s.name))
            .from_(table_ref(s.table))
            .where(_in_range(s.date, start, p.end))
            .group_by(exp.column("month"))
            .order_by(exp.column("month"))
        )
        result = ctx.catalog.run(q)
        values[s.name] = {_as_date(r[0]): r[1] for r in result.rows}
        sqls.append(result.sql)
    months = sorted({m for by_month in values.values() for m in by_month})
    if not months:
        raise Missing(why_none)
    rows = tuple((m, *(values[s.name].get(m, 0) for s in series)) for m in months)
    y = tuple(s.name for s in drawn)
    title = f"{y[0].capitalize()} by month" if len(y) == 1 else f"{question[0].upper()}{question[1:]}"
    return Answer(
        question=question,
        status="answer",
        text=_trend_text(series, values, months[-1]),
        interpretation=f"full months from {start.isoformat()} up to {p.end.isoformat()} (exclusive); "
        "months with no rows are not shown",
        sql=";\n".join(sqls),
        columns=("month", *(s.name for s in series)),
        rows=rows,
        row_count=len(rows),
        chart=Chart("line", "month", y, title),
    )


def _trend_text(series: Sequence[Series], values: dict[str, dict[dt.date, Any]], last: dt.date) -> str:
    """The last month's figures, each compared with the same month a year before when the data has it."""
    year_ago = _add_months(last, -12)
    parts = []
    for s in series:
        current, before = values[s.name].get(last, 0), values[s.name].get(year_ago)
        figure = Figure(s.name, None, _number(current), _number(before), "relative", "", s.unit)
        change = _change_text(figure.current, figure.previous, "relative")
        parts.append(
            f"{s.name} {figure.show(figure.current)}" + (f" ({change} on {year_ago:%B %Y})" if change else "")
        )
    return f"In {last:%B %Y}: {', '.join(parts)}."


def _as_date(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
