"""The churn model's customer frame as of a date: own columns, tenure, and features from related tables.

`customer_frame(catalog, target, cut)` returns one row per customer known at `cut` (signed up by then),
with the target "churned by `cut`" (a churn flag whose churn date is after `cut` counts as still active),
tenure in months from the signup date (or the first related row: first seen) to the churn date or `cut`,
and per related table (orders, tickets, feedback: tables that reference the customers table) the number
of rows per month of tenure and the mean of each numeric measure, from rows dated on or before `cut`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlglot import exp

from analytics.queries import quote, table_ref
from catalog.asof import data_end as end_of_data
from catalog.churn_target import CHURN_DATE_NAMES, LEAKAGE_NAMES, ChurnTarget
from catalog.entities import SIGNUP_NAMES, find_time, is_numeric, is_time, key_column, link
from catalog.roles import looks_like_id
from catalog.semantic import Role
from catalog.trees import row_numbers

if TYPE_CHECKING:
    import pandas as pd

    from catalog import Catalog

TARGET = "__churned__"
ROW = "__row__"
TENURE = "tenure_months"
DAYS_PER_MONTH = 30.4375
MAX_MEASURES = 4
MODEL_SAMPLE_ROWS = 200_000
"""Customers a model reads at most from a database the data stays in (PostgreSQL, Spark): more are
thinned to an even sample (every k-th customer in the key order), stated in the model card."""
PICK = "__pick__"
"""Numeric columns of one related table averaged per customer, at most."""
TENURE_NAMES = re.compile(r"(tenure|months_?(as|with)|years_?(as|with|at)_?(customer|company)?)", re.I)
"""A column the data already has for tenure: then no tenure is derived from dates."""
END_NAMES = CHURN_DATE_NAMES
"""Date columns that close a row (closed_at, end_date): not the date a related row happened."""


@dataclass
class CustomerFrame:
    """The frame and what its derived columns mean."""

    frame: pd.DataFrame
    derived: dict[str, str] = field(default_factory=dict)
    """Derived feature column -> words ("tenure_months" -> "tenure in months")."""
    money: set[str] = field(default_factory=set)
    """Derived columns in money."""
    sql: list[str] = field(default_factory=list)
    churn_date: str | None = None
    start: str | None = None
    """How tenure starts: a signup column name, "first seen", or None (no tenure)."""
    sample: str = ""
    """How the rows were drawn when they are a sample of the customers ("" when all are read)."""


POSITION = "__position__"


def row_source(catalog: Catalog, table: str) -> tuple[exp.Expr, exp.Expr]:
    """(what to select FROM, a stable identity of its rows across queries): the table and its unique key,
    else the table and DuckDB's rowid, else (a view, such as the as-of cut, has no rowid) the view
    numbered in a subquery that keeps the table's name, so that qualified conditions still apply."""
    info = catalog.model.tables[table]
    key = key_column(info)
    if key is not None and not info.duplicate_keys:
        return table_ref(table), _col(table, key)
    try:  # a base table has a rowid; a view (the as-of cut) has none
        frame_of(catalog, exp.select(exp.column("rowid")).from_(table_ref(table)).limit(0))
        has_rowid = True
    except Exception:  # QueryError or duckdb.Error, depending on the catalog's version
        has_rowid = False
    if not has_rowid:
        numbered = exp.select(row_numbers().as_(POSITION), exp.Star()).from_(table_ref(table))
        return numbered.subquery(exp.to_identifier(table, quoted=True)), _col(table, POSITION)
    return table_ref(table), exp.column("rowid", table=exp.to_identifier(table, quoted=True))


def _col(table: str, name: str) -> exp.Column:
    return exp.column(exp.to_identifier(name, quoted=True), table=exp.to_identifier(table, quoted=True))


def _day(value: dt.date) -> exp.Expr:
    return exp.cast(exp.Literal.string(value.isoformat()), "DATE")


def event_column(catalog: Catalog, table: str) -> str | None:
    """The date a row of a related table happened (order_date, opened_at), not when it ended."""
    cols = [c for c in catalog.model.tables[table].columns.values() if is_time(c)]
    cols.sort(key=lambda c: bool(END_NAMES.search(c.name)))
    return cols[0].name if cols else None


def related_tables(catalog: Catalog, customers: str) -> list[tuple[str, str, str]]:
    """(table, its column, the customers column it references) for tables with many rows per customer."""
    out = []
    for other in catalog.model.tables:
        if other == customers:
            continue
        found = link(catalog.model, other, customers)
        if found is not None:
            out.append((other, *found))
    return out


def _measures(catalog: Catalog, table: str, skip: set[str]) -> list[str]:
    info = catalog.model.tables[table]
    found = [
        c.name
        for c in info.columns.values()
        if is_numeric(c)
        and c.name not in skip
        and c.role not in (Role.IDENTIFIER, Role.FOREIGN_KEY, Role.FLAG)
        and not looks_like_id(c.name)
        and not LEAKAGE_NAMES.search(c.name)
        and c.name != info.key
    ]
    return found[:MAX_MEASURES]


def _words(catalog: Catalog, table: str, column: str) -> str:
    info = catalog.model.tables[table].columns.get(column)
    return (info.words if info and info.words else column.replace("_", " ")).lower()


def customer_frame(
    catalog: Catalog,
    target: ChurnTarget,
    cut: dt.date | None,
    where: exp.Expr | None = None,
    related: bool = True,
    own: Sequence[str] | None = None,
) -> CustomerFrame:
    """One row per customer known at `cut` (all customers when `cut` is None) with ROW, TARGET, tenure
    and related-table features; `where` is a condition over the customers table; `own`: the columns of
    the customers table to read (None: all)."""
    table = target.table
    info = catalog.model.tables[table]
    churn_date = find_time(info, CHURN_DATE_NAMES)
    signup = find_time(info, SIGNUP_NAMES)
    flag = target.condition()
    if churn_date is not None and cut is not None:  # churned after the cut: still active then
        flag = exp.and_(
            flag, exp.func("coalesce", exp.cast(quote(churn_date), "DATE") <= _day(cut), exp.true())
        )
    source, row = row_source(catalog, table)
    columns = (
        [exp.Column(this=exp.Star(), table=exp.to_identifier(table, quoted=True))]
        if own is None
        else [_col(table, c).as_(c, quoted=True) for c in own]
    )
    query = exp.select(row.as_(ROW), *columns, exp.paren(flag).as_(TARGET)).from_(source)
    if where is not None:
        query = query.where(where)
    if signup is not None and cut is not None:
        query = query.where(
            exp.or_(quote(signup).is_(exp.null()), exp.cast(quote(signup), "DATE") <= _day(cut))
        )
    out = CustomerFrame(frame=None, churn_date=churn_date)  # type: ignore[arg-type]  # the frame is set below, once built
    key = key_column(info)
    starts: list[exp.Expr] = []
    joins: list[tuple[str, exp.Select, str]] = []
    if related and key is not None and cut is not None:
        for other, column, ref in related_tables(catalog, table):
            when = event_column(catalog, other)
            measures = _measures(catalog, other, {column})
            alias = f"__{other}"
            aggs: list[exp.Expr] = [exp.func("count", exp.Star()).as_(f"n_{other}")]
            aggs += [exp.func("avg", quote(m)).as_(f"mean_{other}_{m}") for m in measures]
            if when is not None:
                aggs.append(exp.func("min", exp.cast(quote(when), "DATE")).as_(f"first_{other}"))
            sub = (
                exp.select(quote(column).as_("__key"), *aggs)
                .from_(table_ref(other))
                .where(quote(column).is_(exp.null()).not_())
                .group_by(quote(column))
            )
            if when is not None:
                sub = sub.where(exp.cast(quote(when), "DATE") <= _day(cut))
            joins.append((alias, sub, ref))
            if when is not None:
                starts.append(_col(alias, f"first_{other}"))
            out.derived[f"n_{other}"] = f"{other.replace('_', ' ')} per month"
            for m in measures:
                out.derived[f"mean_{other}_{m}"] = (
                    f"mean {_words(catalog, other, m)} of {other.replace('_', ' ')}"
                )
                if catalog.model.tables[other].columns[m].unit == "money":
                    out.money.add(f"mean_{other}_{m}")
    for alias, sub, ref in joins:
        cols = [c.alias_or_name for c in sub.expressions if c.alias_or_name != "__key"]
        query = query.select(*[_col(alias, c).as_(c) for c in cols]).join(
            sub.subquery(alias), on=_col(table, ref).eq(_col(alias, "__key")), join_type="left"
        )
    start: exp.Expr | None = None
    if signup is not None:
        start, out.start = exp.cast(quote(signup), "DATE"), signup
    elif starts:
        start = exp.func("least", *starts) if len(starts) > 1 else starts[0]
        out.start = "first seen"
    has_tenure = any(TENURE_NAMES.search(c) for c in info.columns)
    if start is not None and cut is not None and not has_tenure:
        end: exp.Expr = _day(cut)
        if churn_date is not None:
            end = exp.func(
                "least", exp.func("coalesce", exp.cast(quote(churn_date), "DATE"), _day(cut)), _day(cut)
            )
        days = exp.cast(exp.Sub(this=end, expression=start), "DOUBLE")  # DATE - DATE: days
        query = query.select((days / exp.Literal.number(DAYS_PER_MONTH)).as_(TENURE))
        out.derived[TENURE] = "tenure in months"
    if catalog.backend.name != "DuckDB":  # the data stays on the server: read a bounded sample of it
        query, out.sample = bounded(catalog, query, MODEL_SAMPLE_ROWS)
    query = query.order_by(exp.column(ROW))  # one row order on every backend: the same folds, the same model
    frame = frame_of(catalog, query).drop(columns=[POSITION, PICK], errors="ignore")
    out.sql.append(query.sql(dialect="duckdb"))
    for alias, _, _ in joins:
        other = alias[2:]
        frame = frame.drop(columns=[f"first_{other}"], errors="ignore")
        count = f"n_{other}"
        frame[count] = frame[count].fillna(0).astype(float)
        if TENURE in frame:  # rows per month of tenure: churned customers had less time to file them
            frame[count] = frame[count] / frame[TENURE].clip(lower=1.0)
        else:
            out.derived[count] = f"number of {other.replace('_', ' ')}"
    if TENURE in frame:
        frame[TENURE] = frame[TENURE].astype(float).clip(lower=0.0)
    frame[TARGET] = frame[TARGET].fillna(False).astype(bool)
    out.frame = frame
    return out


def bounded(catalog: Catalog, query: exp.Select, rows: int) -> tuple[exp.Select, str]:
    """The query thinned to at most `rows` rows when it has more: every k-th row in ROW order (the
    same rows on every backend), counted on the backend first; with the words that say so."""
    total = int(
        catalog.run(exp.select(exp.func("count", exp.Star())).from_(query.subquery("counted"))).rows[0][0]
    )
    if total <= rows:
        return query, ""
    step = -(-total // rows)
    pick = exp.Window(
        this=exp.func("row_number"), order=exp.Order(expressions=[exp.Ordered(this=exp.column(ROW))])
    )
    numbered = exp.select(exp.Star(), pick.as_(PICK)).from_(query.subquery("numbered"))
    position = exp.Sub(this=exp.column(PICK), expression=exp.Literal.number(1))
    kept = exp.Mod(this=exp.paren(position), expression=exp.Literal.number(step)).eq(exp.Literal.number(0))
    sample = exp.select(exp.Star()).from_(numbered.subquery("picked")).where(kept)
    drawn = -(-total // step)
    return sample, (
        f"a sample of {drawn:,} of the {total:,} customers (every {step:,}th in key order), read from "
        f"the {catalog.backend.name} database, where the data stays"
    )


def frame_of(catalog: Catalog, query: exp.Expr) -> pd.DataFrame:
    """A query's result as a DataFrame (through `Catalog.frame`, the one door to the database)."""
    return catalog.frame(query)


REQUESTED_SLACK_DAYS = 31
"""A requested date up to this long after the data's end is kept (a cut file ends a little before it);
later ones (the real today on old data) become the data's end."""


def data_end(catalog: Catalog) -> dt.date | None:
    """The latest event date of the data, never after today (`catalog.asof.data_end`)."""

    return end_of_data(catalog)


def analysis_date(catalog: Catalog, requested: dt.date | None = None) -> dt.date | None:
    """The as-of date of analytics: the catalog's (set by --as-of or the data's end), else the requested
    date when it falls within the data (or just after it), else the data's end (None without dates)."""
    end = data_end(catalog)
    if end is None:  # no dates at all: nothing is "as of" anything
        return None
    own = getattr(catalog, "as_of", None)
    own = getattr(own, "date", own)  # catalog.asof.AsOf, or a plain date
    if isinstance(own, dt.date):
        return own
    if requested is not None and requested <= end + dt.timedelta(days=REQUESTED_SLACK_DAYS):
        return requested
    return end
