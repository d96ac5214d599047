"""Intent -> sqlglot tree. Values become literals; joins follow the relations many-to-one only."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from sqlglot import exp

from catalog.labels import spoken_labels
from catalog.semantic import Role
from nlq.intent import Cond, Figure, Intent, Measure
from nlq.schema import Col, Schema, has_clock_times, is_link, label_columns, sex_coded

AGG_FUNCS = {
    "sum": "sum",
    "avg": "avg",
    "median": "median",
    "min": "min",
    "max": "max",
    "stddev": "stddev_samp",
}
AGG_PREFIX = {
    "sum": "total",
    "avg": "avg",
    "median": "median",
    "min": "min",
    "max": "max",
    "stddev": "stddev",
}


NEGATED = {"!=": "=", "not_in": "in", "false": "true"}
LINKED_OPS = ("=", "in", ">", ">=", "<", "<=", "between", "true", "contains")
"""Conditions a record several hops away may meet for its base rows to be kept (never an absence)."""


class PlanError(Exception):
    """The intent cannot be turned into one safe query (e.g. tables that do not join)."""


def date_part(part: str, value: exp.Expr) -> exp.Expr:
    """The year, quarter or hour of a date or time as a number, as every backend writes it (EXTRACT)."""
    if part == "year":
        return exp.func("year", value)  # (sqlglot writes YEAR for each dialect)
    return exp.Extract(this=exp.var(part.upper()), expression=value)


def distinct_key(schema: Schema, q: str) -> exp.Expr:
    """What one distinct value of a column is: the column, or a reused document number together with the
    columns that name one document with it (a receipt number, its date and its store)."""
    parts = schema.col(q).document_with if "." in q else ()
    if not parts:
        return ref(schema, q)
    return exp.Tuple(expressions=[ref(schema, q), *(ref(schema, p) for p in parts)])


def age_sql(table: str, age_of: tuple[str, str | None], as_of: dt.date | None) -> exp.Expr:
    """Whole years from the date of birth to the as-of date (today when none is set), or to the date of
    death where one is kept: the calendar years between them, less one before that year's birthday."""
    birth_col, death = age_of
    birth = exp.cast(exp.column(birth_col, table=table, quoted=True), "DATE")
    end: exp.Expr = exp.cast(exp.Literal.string(as_of.isoformat()), "DATE") if as_of else exp.CurrentDate()
    if death is not None:
        end = exp.func("coalesce", exp.cast(exp.column(death, table=table, quoted=True), "DATE"), end)
    years = exp.Sub(this=exp.Year(this=end), expression=exp.Year(this=birth))
    day = exp.Literal.string("%m-%d")
    before = exp.LT(
        this=exp.TimeToStr(this=end.copy(), format=day),
        expression=exp.TimeToStr(this=birth.copy(), format=day.copy()),
    )
    return exp.Sub(this=years, expression=exp.cast(exp.Paren(this=before), "INT"))


def ref(schema: Schema, q: str) -> exp.Expr:
    table, _, name = q.partition(".")
    own = schema.tables[table].columns.get(name)
    if own is not None and own.starts_with is not None:
        # a derived yes/no column: the stored number starts with the letter ("C536379" is cancelled)
        source, prefix = own.starts_with
        starts = exp.func(
            "starts_with", exp.column(source, table=table, quoted=True), exp.Literal.string(prefix)
        )
        return exp.func("coalesce", starts, exp.false())
    if own is not None and own.later_than is not None:
        # late: the event's date after the date it was due (unknown when either is missing)
        actual, due = own.later_than
        return exp.Paren(
            this=exp.GT(
                this=exp.column(actual, table=table, quoted=True),
                expression=exp.column(due, table=table, quoted=True),
            )
        )
    if own is not None and own.overdue is not None:
        return overdue_sql(table, own.overdue)
    if own is not None and own.weekday_of is not None:
        return exp.func("dayname", exp.column(own.weekday_of, table=table, quoted=True))
    if own is not None and own.month_of is not None:
        return exp.func("monthname", exp.column(own.month_of, table=table, quoted=True))
    if own is not None and own.hour_of is not None:
        return date_part("hour", exp.column(own.hour_of, table=table, quoted=True))
    if own is not None and own.lasted is not None:
        # the seconds (days, of two dates) from a start time to the end time of the same record
        start, end = (exp.column(x, table=table, quoted=True) for x in own.lasted)
        unit = "DAY" if own.measured_in == "day" else "SECOND"
        return exp.DateDiff(this=end, expression=start, unit=exp.var(unit))
    if own is not None and own.ended_on is not None:
        # left: the date of leaving is filled, on or before the as-of date
        ended = exp.column(own.ended_on, table=table, quoted=True)
        by: exp.Expr = (
            exp.cast(exp.Literal.string(schema.as_of.isoformat()), "DATE")
            if schema.as_of
            else exp.CurrentDate()
        )
        return exp.Paren(
            this=exp.and_(
                ended.is_(exp.null()).not_(), exp.LTE(this=exp.cast(ended.copy(), "DATE"), expression=by)
            )
        )
    if own is not None and own.age_of is not None:
        return age_sql(table, own.age_of, schema.as_of)
    if own is not None and own.decade_of is not None:
        # the decade of an age: 30 for 30-39
        age = exp.column(own.decade_of, table=table, quoted=True)
        decade = exp.func("floor", exp.Div(this=age, expression=exp.Literal.number(10)))
        return exp.cast(exp.Mul(this=decade, expression=exp.Literal.number(10)), "INTEGER")
    if own is not None and own.compared is not None:
        # a comparison of two numbers of the row, as a yes/no split: (Price > CompPrice)
        a, op, b = own.compared
        ops = {">": exp.GT, ">=": exp.GTE, "<": exp.LT, "<=": exp.LTE}
        left, right = (exp.column(x, table=table, quoted=True) for x in (a, b))
        return exp.Paren(this=ops[op](this=left, expression=right))
    if own is not None and own.bands is not None:
        # bands listed in a question: CASE WHEN Age < 30 THEN 'under 30' WHEN Age >= 30 AND Age < 40 ...
        source, bands = own.bands
        number: exp.Expr = exp.column(source, table=table, quoted=True)  # the stored number, not the bands
        case = exp.Case()
        for label, low, below in bands:
            conds: list[exp.Expr] = (
                [exp.GTE(this=number.copy(), expression=literal(low))] if low is not None else []
            )
            conds += [exp.LT(this=number.copy(), expression=literal(below))] if below is not None else []
            case = case.when(exp.and_(*conds) if conds else exp.true(), literal(label))
        return case
    if own is not None and own.value_groups is not None:
        # several stored values said with one word: CASE WHEN day IN ('Sat', 'Sun') THEN 'weekend' ... END
        source, groups = own.value_groups
        stored = ref(schema, f"{table}.{source}")  # a stored column, or a derived one (a date's weekday)
        case = exp.Case()
        for label, held in groups:
            case = case.when(
                exp.In(this=stored.copy(), expressions=[literal(v) for v in held]), literal(label)
            )
        return case
    if own is not None and own.difference is not None:
        minuend, subtrahend = (exp.column(x, table=table, quoted=True) for x in own.difference)
        return exp.Paren(this=exp.Sub(this=minuend, expression=subtrahend))
    formula = own.formula if own is not None else None
    if formula is not None and own is not None and own.parts_sum:
        # a total of amounts split by category: MntWines + MntFruits + ...
        parts = [exp.column(x, table=table, quoted=True) for x in formula]
        total: exp.Expr = parts[0]
        for part in parts[1:]:
            total = exp.Add(this=total, expression=part)
        return exp.Paren(this=total)
    if formula is not None:
        # a derived column: quantity x unit price
        first, price, *d = (exp.column(x, table=table, quoted=True) for x in formula)
        second: exp.Expr = price
        if own is not None and own.less:  # quantity x (price - cost)
            cost = exp.column(own.less, table=table, quoted=True)
            second = exp.Paren(this=exp.Sub(this=price, expression=cost))
        product: exp.Expr = exp.Mul(this=first, expression=second)
        if d:
            # x (1 - discount)
            product = exp.Mul(
                this=product, expression=exp.Paren(this=exp.Sub(this=exp.Literal.number(1), expression=d[0]))
            )
        return exp.Paren(this=product)
    return exp.column(name, table=table, quoted=True)


def overdue_sql(table: str, overdue: tuple[str, str, str, tuple[tuple[str, str, str, str], ...]]) -> exp.Expr:
    """end > start + the allowed days, the days read from their own table by a correlated subquery along
    the keys (so no join of the outer query changes its rows)."""
    start, end, days, hops = overdue
    dtable, _, dcol = days.partition(".")
    if hops:
        first = hops[0]
        sub = exp.select(exp.column(dcol, table=dtable, quoted=True)).from_(exp.table_(first[2], quoted=True))
        for a, fk, b, key in hops[1:]:
            sub = sub.join(
                exp.table_(b, quoted=True),
                on=exp.EQ(
                    this=exp.column(fk, table=a, quoted=True),
                    expression=exp.column(key, table=b, quoted=True),
                ),
            )
        sub = sub.where(
            exp.EQ(
                this=exp.column(first[3], table=first[2], quoted=True),
                expression=exp.column(first[1], table=table, quoted=True),
            )
        )
        allowed: exp.Expr = exp.Subquery(this=sub)
    else:
        allowed = exp.column(dcol, table=table, quoted=True)
    due = exp.Add(
        this=exp.cast(exp.column(start, table=table, quoted=True), "TIMESTAMP"),
        expression=exp.func("to_days", exp.cast(allowed, "INT")),
    )
    return exp.Paren(
        this=exp.GT(this=exp.cast(exp.column(end, table=table, quoted=True), "TIMESTAMP"), expression=due)
    )


def numeric(schema: Schema, q: str) -> exp.Expr:
    c = schema.col(q)
    column = ref(schema, q)
    if c.numeric_text:
        inner = exp.func("nullif", exp.func("trim", column), exp.Literal.string(""))
        return exp.TryCast(this=inner, to=exp.DataType.build("DOUBLE"))
    if c.numbered is not None:
        # '2 - Satisfied': the number before the label; '0 - Unknown' is no score
        number = exp.func(
            "regexp_extract", column.copy(), exp.Literal.string(r"^\s*\(?(\d+)"), exp.Literal.number(1)
        )
        score = exp.TryCast(
            this=exp.func("nullif", number, exp.Literal.string("")), to=exp.DataType.build("DOUBLE")
        )
        if not c.numbered:
            return score
        unknown = column.copy().isin(*[exp.Literal.string(v) for v in c.numbered])
        return exp.Case().when(unknown, exp.null()).else_(score)
    return column


def shown(schema: Schema, q: str) -> exp.Expr:
    """A column as listed: timestamps from SQLite as the text they are stored as there."""
    c = schema.col(q)
    if c.dtype.startswith("TIMESTAMP") and schema.tables[c.table].text_times:
        return exp.cast(ref(schema, q), "VARCHAR")
    return ref(schema, q)


def literal(value: Any) -> exp.Expr:
    if isinstance(value, Figure):
        # "above the average": the figure of the whole table, as a scalar subquery
        table, _, name = value.column.partition(".")
        if not value.agg:
            own = exp.column(name, table=table, quoted=True)  # the row's own other column
            return own if value.times == 1 else exp.Mul(this=exp.convert(value.times), expression=own)
        figure = exp.func(AGG_FUNCS[value.agg], exp.column(name, table=table, quoted=True))
        return exp.Subquery(this=exp.select(figure).from_(exp.table_(table, quoted=True)))
    if isinstance(value, dt.datetime | dt.date):
        return exp.cast(
            exp.Literal.string(value.isoformat()), "DATE" if type(value) is dt.date else "TIMESTAMP"
        )
    return exp.convert(value)


def cond_sql(schema: Schema, c: Cond) -> exp.Expr:
    col = schema.col(c.column)
    column: exp.Expr = ref(schema, c.column)
    if c.op in (">", ">=", "<", "<=", "between") and col.numeric_text:
        column = numeric(schema, c.column)
    if c.since:
        column = days_between(schema, c.since, c.column)  # "orders that took more than 5 days to ship"
    builders: dict[str, Callable[[], exp.Expr]] = {
        "true": lambda: column,
        "false": lambda: exp.Not(this=column),
        "=": lambda: exp.EQ(this=column, expression=literal(c.value)),
        "!=": lambda: exp.NEQ(this=column, expression=literal(c.value)),
        ">": lambda: exp.GT(this=column, expression=literal(c.value)),
        ">=": lambda: exp.GTE(this=column, expression=literal(c.value)),
        "<": lambda: exp.LT(this=column, expression=literal(c.value)),
        "<=": lambda: exp.LTE(this=column, expression=literal(c.value)),
        "between": lambda: exp.Between(this=column, low=literal(c.value), high=literal(c.value2)),
        "in": lambda: exp.In(this=column, expressions=[literal(v) for v in c.value]),
        "not_in": lambda: exp.Not(this=exp.In(this=column, expressions=[literal(v) for v in c.value])),
        ">=_or_null": lambda: exp.or_(
            exp.GTE(this=column, expression=literal(c.value)), column.is_(exp.null())
        ),
        # "leads whose country we know": never a stored no-value mark ('unknown') either
        "not_null": lambda: (
            exp.and_(exp.Not(this=column.is_(exp.null())), exp.Not(this=_blank(column, col)))
            if _holds_marks(col)
            else exp.and_(
                exp.Not(this=column.is_(exp.null())),
                exp.NEQ(this=column, expression=literal(col.unknown_code)),
            )
            if col is not None and col.unknown_code is not None
            else exp.Not(this=column.is_(exp.null()))
        ),
        "null": lambda: (
            exp.or_(column.is_(exp.null()), exp.EQ(this=column, expression=literal(col.unknown_code)))
            if col is not None and col.unknown_code is not None
            else column.is_(exp.null())
        ),
        "empty": lambda: exp.or_(column.is_(exp.null()), _blank(column, col)),
        "not_empty": lambda: exp.and_(
            exp.Not(this=column.is_(exp.null())), exp.Not(this=_blank(column, col))
        ),
        "contains": lambda: exp.func("coalesce", _contains(column, str(c.value)), exp.false()),
        "not_contains": lambda: exp.Not(this=_contains(column, str(c.value))),
        "in_sub": lambda: column.isin(query=_keys(schema, c.value)),
        "not_in_sub": lambda: exp.Not(this=column.isin(query=_keys(schema, c.value))),
    }
    return builders[c.op]()


NO_VALUE_MARKS = (
    "", "?", "NA", "N/A", "#N/A", "-", "--", "NULL", "UNKNOWN", "SELECT", "ERROR", "#VALUE!", "#REF!", "#DIV/0!",
    "#NAME?", "#NUM!", "#NULL!",
)  # fmt: skip
"""Text an export writes for a value it does not know ('?' for a collision type; a web form's unanswered
'Select'; a spreadsheet's error in a cell): missing, like a blank."""


CATEGORY_MARKS = (
    "NONE",
    "MISSING",
    "UNASSIGNED",
    "NOT ASSIGNED",
    "UNSPECIFIED",
    "NOT SPECIFIED",
    "NOT SET",
    "UNRATED",
    "NOT RATED",
    "NOT GIVEN",
    "NOT PROVIDED",
    "NOT AVAILABLE",
    "NOT STATED",
    "NOT RECORDED",
    "NOT DEFINED",
    "UNDEFINED",
)
"""Marks of no value in a category only (Railcard 'None': no railcard; a ticket's severity 'Unassigned'),
never in free text (a review reading "None")."""


def _marks(col: Col) -> tuple[str, ...]:
    """The no-value marks of the column, each also in brackets as analytics exports write them ('(not
    set)', '(none)', '(blank)')."""
    marks = NO_VALUE_MARKS + (CATEGORY_MARKS if col.role in (Role.DIMENSION, Role.OTHER) else ())
    return (*marks, *(f"({m})" for m in (*marks, "BLANK") if m and m[0].isalpha()))


def _holds_marks(col: Col) -> bool:
    """Whether a text column's known values hold a no-value mark ('unknown', 'N/A')."""
    return any(isinstance(v, str) and v.strip().upper() in _marks(col) for v in col.values)


def _blank(column: exp.Expr, col: Col) -> exp.Expr:
    """The text is blank or a no-value mark (upper(trim(column)) IN ('', '?', 'NA', ...))."""
    said = exp.Upper(this=exp.func("trim", column.copy()))
    marks = _marks(col)
    # a numbered category's no-value ('0 - Unassigned', '0 - Unknown'): its words are a mark
    numbered = [v for v, words in spoken_labels(col.values).items() if words.strip().upper() in marks]
    return said.isin(*[exp.Literal.string(m) for m in (*marks, *(v.strip().upper() for v in numbered))])


def _contains(column: exp.Expr, text: str) -> exp.Expr:
    """column ILIKE '%text%' (case-insensitive), with % _ and \\ in the text matched literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = exp.Literal.string(f"%{escaped}%")
    return exp.Escape(this=exp.ILike(this=column, expression=pattern), expression=exp.Literal.string("\\"))


def _keys(schema: Schema, value: tuple) -> exp.Select:
    """The non-null keys of the other records (of those meeting the given conditions, if any)."""
    other, fk, *which = value
    head, _, rest = fk.partition(".")
    # a qualified "table.column", or a column of the other records (whose name may hold a dot: Customer.ID)
    table, name = (head, rest) if head in schema.tables and rest in schema.tables[head].columns else ("", fk)
    col = exp.column(name, table=table or other, quoted=True)
    where: list[exp.Expr] = [col.is_(exp.null()).not_()]
    where += [cond_sql(schema, c) for c in which]
    q = exp.select(col).from_(exp.table_(other, quoted=True))
    for t, column, ref_table, ref_column in (join_path(schema, other, table) or []) if table else []:
        # "table.column" at the end of many-to-one hops from the other records
        on = exp.EQ(
            this=exp.column(column, table=t, quoted=True),
            expression=exp.column(ref_column, table=ref_table, quoted=True),
        )
        q = q.join(exp.table_(ref_table, quoted=True), on=on)
    return q.where(exp.and_(*where))


def measure_alias(schema: Schema, m: Measure) -> str:
    if m.shown_in:
        return f"{measure_alias(schema, replace(m, shown_in=None))}_in_{m.shown_in[0]}s"
    if m.over:
        return f"{schema.col(m.column or '').name}_over_{schema.col(m.over).name}"
    if m.per_key:
        whole = measure_alias(schema, replace(m, per_key=None))
        return f"{whole}_per_{schema.col(m.per_key).name}"
    if m.per_period:
        return f"{measure_alias(schema, replace(m, per_period=None))}_per_{m.per_period[0]}"
    if m.per:
        return f"{m.table}_per_{schema.tables[m.per].entity_singular}"
    if m.since:
        return f"{AGG_PREFIX[m.agg]}_days_to_{schema.col(m.column or '').name}"
    if m.agg == "span":
        return f"days_from_first_to_last_{schema.col(m.column or '').name}"
    if m.agg == "count" and m.condition:
        return f"count_{schema.col(m.condition[0].column).name}"
    if m.agg == "count":
        return "count"
    if m.agg == "rate":
        c = m.condition[0]
        col = schema.col(c.column)
        if c.op in ("true", "=") and (col.dtype == "BOOLEAN" or c.value == col.flag_true):
            return f"{col.name}_rate"
        return "share"
    if m.agg == "share" and m.column is None:
        return "share"
    col = schema.col(m.column or "")
    if m.agg == "share":
        return f"share_of_{col.name}"
    if m.agg == "count_distinct":
        return f"distinct_{col.name}"
    return f"{AGG_PREFIX[m.agg]}_{col.name}"


def measure_sql(schema: Schema, m: Measure) -> exp.Expr:
    if m.shown_in:
        # "average track length, in minutes" of a column of milliseconds: divided by 60 000
        plain = measure_sql(schema, replace(m, shown_in=None))
        times = m.shown_in[1]
        if 0 < times < 1:  # thousands shown as units: times 1000, never divided by 0.001
            return exp.Mul(this=exp.cast(plain, "DOUBLE"), expression=exp.Literal.number(round(1 / times)))
        return exp.Div(this=exp.cast(plain, "DOUBLE"), expression=exp.Literal.number(times))
    if m.over:
        # "margin": total profit over total sales
        total = exp.func("sum", numeric(schema, m.over))
        return exp.Div(
            this=exp.cast(exp.func("sum", numeric(schema, m.column or "")), "DOUBLE"),
            expression=exp.func("nullif", total, exp.Literal.number(0)),
        )
    if m.per_key:
        # "revenue per customer by region": the figure over the distinct customers in the group
        whole = measure_sql(schema, replace(m, per_key=None))
        n = exp.Count(this=exp.Distinct(expressions=[distinct_key(schema, m.per_key)]))
        return exp.Div(
            this=exp.cast(whole, "DOUBLE"), expression=exp.func("nullif", n, exp.Literal.number(0))
        )
    if m.per_period:
        # "average monthly revenue": the total over the months that have records (each month's total,
        # averaged), without a subquery
        whole = measure_sql(schema, replace(m, per_period=None))
        grain, column = m.per_period
        periods = exp.func("date_trunc", exp.Literal.string(grain), ref(schema, column))
        n = exp.Count(this=exp.Distinct(expressions=[periods]))
        return exp.Div(
            this=exp.cast(whole, "DOUBLE"), expression=exp.func("nullif", n, exp.Literal.number(0))
        )
    if m.per:
        # "rentals per customer": these rows over all rows of the other table
        population = exp.select(exp.Count(this=exp.Star())).from_(exp.table_(m.per, quoted=True))
        return exp.Div(
            this=exp.cast(exp.Count(this=exp.Star()), "DOUBLE"),
            expression=exp.func("nullif", exp.Subquery(this=population), exp.Literal.number(0)),
        )
    if m.agg == "count" and m.condition:
        # "sessions and purchases": the records that are so, beside all of them
        cond = exp.and_(*[cond_sql(schema, c) for c in m.condition])
        return exp.Filter(this=exp.Count(this=exp.Star()), expression=exp.Where(this=cond))
    if m.agg == "count":
        return exp.Count(this=exp.Star())
    if m.agg == "count_distinct":
        return exp.Count(this=exp.Distinct(expressions=[distinct_key(schema, m.column or "")]))
    if m.agg == "rate" and m.column:
        # "what percentage of orders were cancelled" on order lines: of the distinct orders
        cond = exp.and_(*[cond_sql(schema, c) for c in m.condition])
        key = distinct_key(schema, m.column)
        hits = exp.Count(this=exp.Distinct(expressions=[exp.Case().when(cond, key.copy())]))
        records = exp.Count(this=exp.Distinct(expressions=[key]))
        return exp.Div(
            this=exp.cast(hits, "DOUBLE"), expression=exp.func("nullif", records, exp.Literal.number(0))
        )
    if m.agg == "rate":
        cond = exp.and_(*[cond_sql(schema, c) for c in m.condition])
        if any("." in c.column and schema.col(c.column).blank_is_none for c in m.condition):
            # "orders with at least one angbutter" where a blank is none: of every order
            return exp.Avg(this=exp.Coalesce(this=exp.cast(cond, "INT"), expressions=[exp.Literal.number(0)]))
        return exp.Avg(this=exp.cast(cond, "INT"))
    if m.agg == "share" and not m.condition and m.column is None:
        # "what percentage of customers are in each region": each group's records over all of them
        whole = exp.Window(this=exp.func("sum", exp.Count(this=exp.Star())))
        return exp.Div(
            this=exp.cast(exp.Count(this=exp.Star()), "DOUBLE"),
            expression=exp.func("nullif", whole, exp.Literal.number(0)),
        )
    if m.agg == "share" and not m.condition:
        # each group's part of the whole: its total over the total of every group (a window over them)
        value = numeric(schema, m.column or "")
        whole = exp.Window(this=exp.func("sum", exp.func("sum", value.copy())))
        return exp.Div(
            this=exp.func("sum", value), expression=exp.func("nullif", whole, exp.Literal.number(0))
        )
    if m.agg == "share":
        cond = exp.and_(*[cond_sql(schema, c) for c in m.condition])
        value = numeric(schema, m.column or "")
        part = exp.func("sum", exp.Case().when(cond, value.copy()))
        return exp.Div(
            this=part, expression=exp.func("nullif", exp.func("sum", value), exp.Literal.number(0))
        )
    if m.since:
        return exp.func(AGG_FUNCS[m.agg], days_between(schema, m.since, m.column or ""))
    if m.agg == "span":
        return _span(schema, m.column or "")
    return exp.func(AGG_FUNCS[m.agg], numeric(schema, m.column or ""))


def _span(schema: Schema, q: str) -> exp.Expr:
    """Days from the first to the last value of a date (or a day-number) column: "how many days between
    the first and the last review"."""
    if schema.col(q).role == Role.TIME:
        first, last = (exp.func(f, exp.cast(ref(schema, q), "DATE")) for f in ("min", "max"))
        return exp.DateDiff(this=last, expression=first, unit=exp.var("DAY"))
    return exp.Sub(this=exp.func("max", ref(schema, q)), expression=exp.func("min", ref(schema, q)))


def days_between(schema: Schema, start: str, end: str) -> exp.Expr:
    """Days from one date column to another, with the fraction of a day when both hold times; calendar
    days when one is only a date (an appointment's day against the moment it was booked)."""
    if not (has_clock_times(schema.col(start)) and has_clock_times(schema.col(end))):
        first, last = (exp.cast(ref(schema, q), "DATE") for q in (start, end))
        return exp.DateDiff(this=last, expression=first, unit=exp.var("DAY"))
    seconds = exp.Sub(
        this=exp.func("epoch", exp.cast(ref(schema, end), "TIMESTAMP")),
        expression=exp.func("epoch", exp.cast(ref(schema, start), "TIMESTAMP")),
    )
    return exp.Div(this=exp.Paren(this=seconds), expression=exp.Literal.number(86400))


def join_path(schema: Schema, base: str, target: str) -> list[tuple[str, str, str, str]] | None:
    """Many-to-one hops from base to target: [(table, column, ref_table, ref_column)]."""
    if base == target:
        return []
    seen = {base}
    queue: deque[tuple[str, list[tuple[str, str, str, str]]]] = deque([(base, [])])
    while queue:
        cur, path = queue.popleft()
        for r in schema.relations:
            if r.table == cur and r.ref_table not in seen:
                step = [*path, (r.table, r.column, r.ref_table, r.ref_column)]
                if r.ref_table == target:
                    return step
                seen.add(r.ref_table)
                queue.append((r.ref_table, step))
    return None


def bridged_path(schema: Schema, base: str, target: str) -> list[tuple[str, str, str, str]] | None:
    """ "revenue by film category": many-to-one hops from base to the nearest table that one link
    table joins many-to-many to target (payment -> rental -> inventory -> film, then film_category ->
    category). Only for grouping by target: each group then holds each base row once (its pairs are
    distinct), though a row may be in several groups. None when no such table or two are as near."""

    seen = {base}
    level: list[tuple[str, list[tuple[str, str, str, str]]]] = [(base, [])]
    while level:
        found = []
        for cur, path in level:
            link = bridge(schema, cur, target)
            key, target_key = schema.tables[cur].key, schema.tables[target].key
            if link is not None and key is not None and target_key is not None and is_link(schema, link[0]):
                b, to_cur, to_target = link
                found.append([*path, (cur, key, b, to_cur), (b, to_target, target, target_key)])
        if found:
            return found[0] if len(found) == 1 else None
        nxt = []
        for cur, path in level:
            for r in schema.relations:
                if r.table == cur and r.ref_table not in seen:
                    seen.add(r.ref_table)
                    nxt.append((r.ref_table, [*path, (r.table, r.column, r.ref_table, r.ref_column)]))
        level = nxt
    return None


def _reverse(schema: Schema, base: str, other: str) -> tuple[str, str, str] | None:
    """other.fk -> base.key (one-to-many from base): (fk column, base key column, other)."""
    for r in schema.relations:
        if r.table == other and r.ref_table == base:
            return r.column, r.ref_column, other
    return None


def _linked_keys(schema: Schema, base: str, other: str) -> tuple[str, exp.Select] | None:
    """ "products Kitty ordered": the one chain of one-to-many hops from base (at most two: products
    <- order items <- orders... and many-to-one from there) that reaches other many-to-one, as
    (base key, SELECT of the base keys the chain links, to be filtered). None when there is no such
    chain or two as short (which one the question means is not known)."""
    key = schema.tables[base].key
    if key is None:
        return None
    chains: list[list[tuple[str, str, str, str]]] = [
        [(r.table, r.column, base, r.ref_column)] for r in schema.relations if r.ref_table == base
    ]
    for _depth in range(2):
        found = []
        for chain in chains:
            rest = join_path(schema, chain[-1][0], other)
            if rest is not None and all(step[0] != base and step[2] != base for step in rest):
                found.append((chain, rest))
        if found:
            if len(found) > 1:
                return None
            chain, rest = found[0]
            first, column, _, ref_column = chain[0]
            if ref_column != key:
                return None
            q = exp.select(exp.column(column, table=first, quoted=True)).from_(exp.table_(first, quoted=True))
            hops = [(b, bc, a, ac) for (b, bc, a, ac) in chain[1:]]
            for table, col, ref_table, ref_col in hops:
                q = q.join(
                    exp.table_(table, quoted=True),
                    on=exp.EQ(
                        this=exp.column(col, table=table, quoted=True),
                        expression=exp.column(ref_col, table=ref_table, quoted=True),
                    ),
                )
            for table, col, ref_table, ref_col in rest:
                q = q.join(
                    exp.table_(ref_table, quoted=True),
                    on=exp.EQ(
                        this=exp.column(col, table=table, quoted=True),
                        expression=exp.column(ref_col, table=ref_table, quoted=True),
                    ),
                )
            return key, q
        nxt = []
        for chain in chains:
            end = chain[-1][0]
            seen = {base} | {step[0] for step in chain}
            ends = {r.table for r in schema.relations if r.ref_table == end and r.table not in seen}
            for r in schema.relations:
                if r.ref_table == end and r.table in ends and schema.tables[end].key == r.ref_column:
                    nxt.append([*chain, (r.table, r.column, end, r.ref_column)])
        chains = nxt
    return None


def _held_with(schema: Schema, base: str, other: str, c: Cond, filters: list[Cond]) -> str | None:
    """The link table between base and other when another filter is on that link table itself: then
    both conditions must hold on one link row (one subquery over the link joined to other), never on
    two different rows. None otherwise."""
    link = bridge(schema, base, other)
    if link is None or c.op not in LINKED_OPS or _reverse(schema, base, link[0]) is None:
        return None
    b = link[0]
    if not any(f.column.split(".", 1)[0] == b and f.op not in NEGATED for f in filters):
        return None
    return b if join_path(schema, b, other) else None


def _bridged(schema: Schema, base: str, other: str, c: Cond) -> exp.Expr | None:
    """ "Horror films": a condition on records linked many-to-many (film -> film_category -> category)
    keeps the base rows with at least one such link (never a negated one: none of their links)."""

    link = bridge(schema, base, other)
    key, other_key = schema.tables[base].key, schema.tables[other].key
    if link is None or key is None or other_key is None or c.op not in LINKED_OPS:
        return None
    b, to_base, to_other = link
    keys = (
        exp.select(exp.column(to_base, table=b, quoted=True))
        .from_(exp.table_(b, quoted=True))
        .join(
            exp.table_(other, quoted=True),
            on=exp.EQ(
                this=exp.column(to_other, table=b, quoted=True),
                expression=exp.column(other_key, table=other, quoted=True),
            ),
        )
        .where(cond_sql(schema, c))
    )
    return exp.column(key, table=base, quoted=True).isin(query=keys)


def _tables(items: list[str]) -> list[str]:
    out: list[str] = []
    for q in items:
        t = q.split(".", 1)[0]
        if t not in out:
            out.append(t)
    return out


def build(schema: Schema, intent: Intent) -> exp.Select:
    """The one SELECT that answers an intent."""
    base = intent.table
    filters = list(intent.filters)
    where: list[exp.Expr] = []
    if intent.time_range and intent.time_column:
        where.extend(range_conds(schema, intent.time_column, intent.time_range.start, intent.time_range.end))
    # a time column no range, bucket or comparison uses joins nothing ("products Kitty ordered")
    time_used = (
        intent.time_column
        if (intent.time_range or intent.compare_ranges or intent.grain or intent.year_number)
        else None
    )
    periods = [m.per_period[1] for m in intent.measures if m.per_period]  # "average monthly revenue"
    # tables needed for grouping, measures and list columns must join many-to-one
    needed = _tables(
        list(intent.group_by)
        + list(intent.labels)
        + list(intent.columns)
        + [m.column for m in intent.measures if m.column]
        + [m.since for m in intent.measures if m.since]
        + [c.since for c in intent.filters if c.since]
        + [c.column for m in intent.measures for c in m.condition]
        + ([time_used] if time_used else [])
        + periods
        + ([intent.order_by] if intent.order_by else [])
    )
    grouped_only = set(_tables(list(intent.group_by) + list(intent.labels))) - set(
        _tables(
            list(intent.columns)
            + [m.column for m in intent.measures if m.column]
            + [c.column for m in intent.measures for c in m.condition]
            + ([time_used] if time_used else [])
            + periods
            + ([intent.order_by] if intent.order_by else [])
        )
    )
    joins = _key_joins(schema, intent)
    for t in needed:
        if any(step[2] == t for step in joins):
            continue  # reached through the key grouped by ("whose cards": the cards' people)
        path = join_path(schema, base, t)
        if path is None and t in grouped_only and intent.kind == "aggregate":
            path = bridged_path(schema, base, t)
        if path is None:
            raise PlanError(f"{t} does not join to {base} without counting rows twice")
        for step in path:
            if step not in joins:
                joins.append(step)
    semi: dict[str, list[Cond]] = {}
    linked_done = False
    for f in filters:
        t = f.column.split(".", 1)[0]
        reached = any(step[2] == t for step in joins)  # (through a grouped key: the same records)
        path = [] if reached else join_path(schema, base, t)
        if path is None and t in grouped_only and intent.kind == "aggregate":
            path = bridged_path(schema, base, t)
        if path is not None:
            for step in path:
                if step not in joins:
                    joins.append(step)
            where.append(cond_sql(schema, f))
        elif _reverse(schema, base, t):
            semi.setdefault(t, []).append(f)
        elif (held := _held_with(schema, base, t, f, filters)) is not None:
            # "customers who responded with an order to a food mailshot": one mailing row holds both
            semi.setdefault(held, []).append(f)
        elif (bridged := _bridged(schema, base, t, f)) is not None:
            where.append(bridged)
        elif f.op in LINKED_OPS and not linked_done and (linked := _linked_keys(schema, base, t)):
            # "products Kitty ordered": base rows with at least one such record (never "none of
            # them"); one such condition only, as two would not be held by the same record
            key, keys = linked
            where.append(exp.column(key, table=base, quoted=True).isin(query=keys.where(cond_sql(schema, f))))
            linked_done = True
        else:
            raise PlanError(f"{t} does not join to {base}")
    for t, conds in semi.items():
        rev = _reverse(schema, base, t)
        assert rev is not None
        fk, key, other = rev

        def keys_of(cs: list[Cond], fk: str = fk, other: str = other) -> exp.Select:
            q = exp.select(exp.column(fk, table=other, quoted=True)).from_(exp.table_(other, quoted=True))
            joined: list[tuple[str, str, str, str]] = []
            for c in cs:
                for step in join_path(schema, other, c.column.split(".", 1)[0]) or []:
                    if step not in joined:
                        joined.append(step)
            for table, col, ref_table, ref_col in joined:
                q = q.join(
                    exp.table_(ref_table, quoted=True),
                    on=exp.EQ(
                        this=exp.column(col, table=table, quoted=True),
                        expression=exp.column(ref_col, table=ref_table, quoted=True),
                    ),
                )
            return q.where(exp.and_(*[cond_sql(schema, c) for c in cs]))

        positive = [c for c in conds if c.op not in NEGATED]
        if positive:
            where.append(exp.column(key, table=base, quoted=True).isin(query=keys_of(positive)))
        for c in conds:
            if c.op in NEGATED:
                # "customers who do not hold a credit card": none of their cards is one
                flipped = Cond(c.column, NEGATED[c.op], c.value, c.value2)
                where.append(
                    exp.Not(this=exp.column(key, table=base, quoted=True).isin(query=keys_of([flipped])))
                )

    if intent.kind in ("list", "distinct"):
        q = exp.select(
            *[exp.alias_(shown(schema, c), schema.col(c).name, quoted=True) for c in intent.columns],
            *_full_name(schema, list(intent.columns), {schema.col(c).name for c in intent.columns}),
        )
        if intent.kind == "distinct":
            q = q.distinct()
    else:
        year = (
            [
                exp.alias_(
                    date_part(intent.period_part, ref(schema, intent.time_column or "")),
                    f"{intent.period_part}_number",
                    quoted=True,
                )
            ]
            if intent.year_number
            else []
        )
        year += _period_labels(schema, intent)
        q = exp.select(
            *_group_selects(schema, intent),
            *_measure_selects(schema, intent),
            *year,
            *_label_selects(schema, intent),
            *_sex_code_labels(schema, intent),
        )
    q = q.from_(source(schema, base))
    for table, column, ref_table, ref_column in joins:
        on = exp.EQ(
            this=exp.column(column, table=table, quoted=True),
            expression=exp.column(ref_column, table=ref_table, quoted=True),
        )
        q = q.join(exp.table_(ref_table, quoted=True), on=on, join_type="left")
    if where:
        q = q.where(exp.and_(*where))
    group_exprs = _group_exprs(schema, intent)
    if intent.kind in ("aggregate", "compare") and group_exprs:
        year_expr = (
            [date_part(intent.period_part, ref(schema, intent.time_column or ""))]
            if intent.year_number
            else []
        )
        year_expr += [m.this for m in _period_labels(schema, intent)]
        q = q.group_by(*group_exprs, *year_expr, *[ref(schema, x) for x in intent.labels])
    if intent.having and intent.measures:
        figure = exp.Count(this=exp.Star()) if intent.having_rows else measure_sql(schema, intent.measures[0])
        q = q.having(exp.and_(*[_having_sql(figure.copy(), c) for c in intent.having]))
    if intent.top_within and intent.limit and intent.measures and intent.kind == "aggregate":
        return _top_within(schema, intent, q)
    q = _order(schema, intent, q, group_exprs)
    if intent.ties and intent.order_by:
        q = _with_ties(schema, intent, q)
    elif intent.limit:
        q = q.limit(intent.limit)
    if intent.kind == "compare":
        q = _periods_as_rows(schema, intent, q) if intent.compare_rows else _with_change(intent, q)
    if intent.count_groups:
        q = exp.select(exp.alias_(exp.Count(this=exp.Star()), "count", quoted=True)).from_(
            q.subquery("groups")
        )
    return q


def source(schema: Schema, table: str) -> exp.Expr:
    """The table read: stored, or a derived table's query as a subquery under its name."""
    query = schema.tables[table].query
    if query is not None:
        return query.subquery(exp.to_identifier(table, quoted=True))
    return exp.table_(table, quoted=True)


def _key_joins(schema: Schema, intent: Intent) -> list[tuple[str, str, str, str]]:
    """Joins that reach the records a grouped key points at through that key: names shown beside
    Customers_Cards.customer_id are the card holders' (cards -> customers), never the customers reached
    another way (transactions -> accounts -> customers)."""
    base = intent.table
    labelled = set(_tables(list(intent.labels)))
    joins: list[tuple[str, str, str, str]] = []
    for g in intent.group_by:
        table, _, column = g.partition(".")
        rel = [r for r in schema.relations if r.table == table and r.column == column]
        if table == base or len(rel) != 1 or rel[0].ref_table not in labelled:
            continue
        path = join_path(schema, base, table)
        if path is None:
            continue
        for step in [*path, (table, column, rel[0].ref_table, rel[0].ref_column)]:
            if any(x[2] == step[2] and x != step for x in joins):
                return []  # two ways to the same table: left to the plain joins
            if step not in joins:
                joins.append(step)
    return joins


def _having_sql(figure: exp.Expr, c: Cond) -> exp.Expr:
    """A condition on a group's figure ("count(*) >= 5")."""
    ops: dict[str, Callable[[], exp.Expr]] = {
        ">": lambda: exp.GT(this=figure, expression=literal(c.value)),
        ">=": lambda: exp.GTE(this=figure, expression=literal(c.value)),
        "<": lambda: exp.LT(this=figure, expression=literal(c.value)),
        "<=": lambda: exp.LTE(this=figure, expression=literal(c.value)),
        "=": lambda: exp.EQ(this=figure, expression=literal(c.value)),
        "!=": lambda: exp.NEQ(this=figure, expression=literal(c.value)),
        "between": lambda: exp.Between(this=figure, low=literal(c.value), high=literal(c.value2)),
    }
    if c.op not in ops:
        raise PlanError(f"a count condition '{c.op}' is not supported")
    return ops[c.op]()


def range_conds(schema: Schema, column: str, start: dt.date, end: dt.date) -> list[exp.Expr]:
    out: list[exp.Expr] = []
    col = ref(schema, column)
    if start > dt.date(1, 1, 1):
        out.append(exp.GTE(this=col, expression=literal(start)))
    if end < dt.date(9999, 1, 1):
        out.append(exp.LT(this=col, expression=literal(end)))
    return out


def _period_labels(schema: Schema, intent: Intent) -> list[exp.Expr]:
    """Each period labelled as people write it, after the figures: a month as '2024-03' and, when the
    months fall in one year, by its number and name (3, "March"); a quarter of several years by its year
    beside the quarter's number (`Intent.year_number`)."""
    # a month of the year, all years together, by its number beside its name (October is 10)
    calendar = (
        [
            exp.alias_(
                date_part(
                    "month", exp.column(str(schema.col(g).month_of), table=g.split(".", 1)[0], quoted=True)
                ),
                "month_number",
                quoted=True,
            )
            for g in intent.group_by
            if "." in g and schema.col(g).month_of
        ][:1]
        if intent.kind == "aggregate" and not intent.count_groups
        else []
    )
    if not (
        intent.kind == "aggregate"
        and intent.grain in ("month", "quarter")
        and intent.time_column
        and not intent.count_groups
    ):
        return calendar
    when = ref(schema, intent.time_column)
    if intent.grain == "quarter":
        return [] if intent.one_year else [exp.alias_(date_part("year", when), "year_number", quoted=True)]
    labels = [
        exp.alias_(exp.TimeToStr(this=when, format=exp.Literal.string("%Y-%m")), "year_month", quoted=True)
    ]
    if intent.one_year:
        labels += [
            exp.alias_(date_part("month", when.copy()), "month_number", quoted=True),
            exp.alias_(exp.Monthname(this=when.copy()), "month_name", quoted=True),
        ]
    return labels


def _bucket(schema: Schema, intent: Intent) -> exp.Expr:
    trunc = exp.func(
        "date_trunc", exp.Literal.string(intent.grain or "month"), ref(schema, intent.time_column or "")
    )
    return exp.cast(trunc, "DATE")


def _group_exprs(schema: Schema, intent: Intent) -> list[exp.Expr]:
    out: list[exp.Expr] = [ref(schema, g) for g in intent.group_by]
    if intent.grain and intent.time_column:
        out.insert(0, _bucket(schema, intent))
    return out


def _group_selects(schema: Schema, intent: Intent) -> list[exp.Expr]:
    out: list[exp.Expr] = [
        exp.alias_(ref(schema, g), schema.col(g).name, quoted=True) for g in intent.group_by
    ]
    if intent.grain and intent.time_column:
        out.insert(0, exp.alias_(_bucket(schema, intent), intent.grain, quoted=True))
    return out


ISO_SEX_LABELS = {1: "male", 2: "female"}
"""ISO/IEC 5218's codes said as words (0 and 9 are not known)."""


def _sex_code_labels(schema: Schema, intent: Intent) -> list[exp.Expr]:
    """Beside a split by a gender coded 0/1/2 (Col.unknown_code), its codes said: 'male', 'female'."""
    out: list[exp.Expr] = []
    for g in intent.group_by:
        if "." not in g or not sex_coded(schema.concepts, schema.col(g)):
            continue
        case = exp.Case(
            ifs=[
                exp.If(this=exp.EQ(this=ref(schema, g), expression=literal(k)), true=exp.Literal.string(v))
                for k, v in ISO_SEX_LABELS.items()
            ],
            default=exp.Literal.string("not known"),
        )
        out.append(exp.alias_(case, f"{schema.col(g).name}_said", quoted=True))
    return out


def _label_selects(schema: Schema, intent: Intent) -> list[exp.Expr]:
    """The names shown beside an entity's key, after the figures (aliases kept apart from theirs)."""
    taken = {schema.col(g).name for g in intent.group_by} | {
        measure_alias(schema, m) for m in intent.measures
    }
    out: list[exp.Expr] = []
    for x in intent.labels:
        alias = schema.col(x).name
        while alias in taken:
            alias += "_"
        taken.add(alias)
        out.append(exp.alias_(ref(schema, x), alias, quoted=True))
    if len(intent.labels) == 2:
        out += _full_name(schema, list(intent.labels), taken)
    return out


def _full_name(schema: Schema, columns: list[str], taken: set[str]) -> list[exp.Expr]:
    """A person's first and last name (two columns of one table), also as one name as people read it
    ("Jane Peacock"), when no column is already so called."""
    parts = {_name_part(schema, c): c for c in columns}
    first, last = parts.get("first"), parts.get("last")
    if (
        first is None
        or last is None
        or "full_name" in taken
        or schema.col(first).table != schema.col(last).table
    ):
        return []
    full = exp.func("concat_ws", exp.Literal.string(" "), ref(schema, first), ref(schema, last))
    return [exp.alias_(full, "full_name", quoted=True)]


def _name_part(schema: Schema, column: str) -> str:
    """ "first" or "last" for a column naming a person's first or last name ("firstname", "last_name")."""
    words = "".join(schema.col(column).words)
    return next((part for part in ("first", "last") if words.startswith(part) and "name" in words), "")


def _measure_selects(schema: Schema, intent: Intent) -> list[exp.Expr]:
    out: list[exp.Expr] = []
    if intent.kind == "compare":
        for r in intent.compare_ranges:
            for m in intent.measures:
                cond = exp.and_(*range_conds(schema, intent.time_column or "", r.start, r.end))
                agg = exp.Filter(this=measure_sql(schema, m), expression=exp.Where(this=cond))
                out.append(exp.alias_(agg, r.phrase or r.label.split(" (")[0], quoted=True))
        return out
    seen: set[str] = set()
    for m in intent.measures:
        alias = measure_alias(schema, m)
        while alias in seen:
            alias += "_"
        seen.add(alias)
        out.append(exp.alias_(measure_sql(schema, m), alias, quoted=True))
    return out


def _order(schema: Schema, intent: Intent, q: exp.Select, group_exprs: list[exp.Expr]) -> exp.Select:
    desc = intent.order == "desc"
    if intent.kind in ("list", "distinct"):
        if intent.order_by:
            q = q.order_by(exp.Ordered(this=ref(schema, intent.order_by), desc=desc, nulls_first=False))
        elif intent.kind == "list" and not intent.limit:
            # records listed with no order asked: by their name, as a person reads a list
            tables = dict.fromkeys(c.split(".", 1)[0] for c in intent.columns)
            labels = {q for t in tables for q in label_columns(schema, t)}
            named = [c for c in intent.columns if c in labels]
            if named:
                q = q.order_by(*[exp.Ordered(this=ref(schema, c), nulls_first=False) for c in named[:1]])
        return q
    if intent.kind == "compare":
        return q
    if intent.grain and intent.order_by and intent.order_by == intent.time_column:
        return q.order_by(*[exp.Ordered(this=g.copy(), desc=desc) for g in group_exprs])  # "newest first"
    if intent.order_by and intent.order_by in intent.group_by:
        return q.order_by(exp.Ordered(this=ref(schema, intent.order_by), desc=desc))
    if intent.order and intent.measures:
        first = exp.column(measure_alias(schema, intent.measures[0]), quoted=True)
        q = q.order_by(exp.Ordered(this=first, desc=desc, nulls_first=False))
        for g in group_exprs:
            q = q.order_by(exp.Ordered(this=g.copy()), append=True)
        return q
    if intent.grain and intent.time_column:
        said = [*group_exprs[1:], group_exprs[0]] if intent.period_last else group_exprs
        return q.order_by(*[g.copy() for g in said])
    in_calendar = [schema.col(g).calendar_order for g in intent.group_by if "." in g]
    if len(intent.group_by) == 1 and in_calendar and in_calendar[0]:
        # "sessions per month" of a Month column of names: January to December, never alphabetically
        case = exp.Case()
        for i, v in enumerate(in_calendar[0]):
            case = case.when(
                exp.EQ(this=group_exprs[0].copy(), expression=exp.Literal.string(v)), exp.Literal.number(i)
            )
        return q.order_by(case)
    if group_exprs and intent.measures:
        # ascending, so that close figures line up the same way whoever sorts them by value
        first = exp.column(measure_alias(schema, intent.measures[0]), quoted=True)
        return q.order_by(exp.Ordered(this=first, desc=False, nulls_first=False))
    return q


TIES_MAX = 100
"""Rows sharing the first place shown at most ("the most expensive products": every one at that price)."""


def _with_ties(schema: Schema, intent: Intent, q: exp.Select) -> exp.Select:
    """ "the highest list price, and which products have it": every record at the first place, never one
    of them picked at random (WHERE the ranked column equals its best value over the same rows)."""
    col = ref(schema, intent.order_by or "")
    best = q.copy()
    best.set(
        "expressions", [exp.Max(this=col.copy()) if intent.order == "desc" else exp.Min(this=col.copy())]
    )
    best.set("order", None)
    best.set("distinct", None)
    return q.where(exp.EQ(this=col.copy(), expression=best.subquery())).limit(TIES_MAX)


def _top_within(schema: Schema, intent: Intent, q: exp.Select) -> exp.Select:
    """ "which brand brought in the most revenue in each region": the groups ranked by the first figure
    within each group of `top_within` (ROW_NUMBER over a partition, ties broken by the ranked column's
    value), the first `limit` of each kept; one block per partition, best first."""
    within = [ref(schema, w) for w in intent.top_within]
    ranked = [ref(schema, g) for g in intent.group_by if g not in intent.top_within]
    figure = measure_sql(schema, intent.measures[0])
    if figure.find(exp.Window) is not None:
        raise PlanError("a share of every row cannot be ranked inside each group yet")
    order = [exp.Ordered(this=figure, desc=intent.order != "asc", nulls_first=False)]
    order += [exp.Ordered(this=r.copy()) for r in ranked]
    number = exp.Window(this=exp.RowNumber(), partition_by=within, order=exp.Order(expressions=order))
    inner = q.select(exp.alias_(number, "rank_in_group", quoted=True))
    rank = exp.column("rank_in_group", quoted=True)
    outer = exp.select(exp.Star()).from_(inner.subquery("ranked"))
    outer = outer.where(exp.LTE(this=rank, expression=exp.Literal.number(intent.limit or 1)))
    names = [exp.column(schema.col(w).name, quoted=True) for w in intent.top_within]
    return outer.order_by(*names, rank.copy())


def _periods_as_rows(schema: Schema, intent: Intent, inner: exp.Select) -> exp.Select:
    """One row per compared period, the earliest first: its name, first day (and year, when each period
    lies in a year of its own), the figure, and the change from the period before. The figures are
    computed once (the periods' query) and laid out by a small VALUES list of the periods."""
    ranges = sorted(intent.compare_ranges, key=lambda r: r.start)
    figure = measure_alias(schema, intent.measures[0])
    years = [r.start.year for r in ranges]
    by_year = len(set(years)) == len(years) and all(
        r.start.year == (r.end - dt.timedelta(days=1)).year for r in ranges
    )
    names = ["i", "period", "period_start", *(["year"] if by_year else [])]
    rows = [
        exp.Tuple(
            expressions=[
                exp.Literal.number(i),
                exp.Literal.string(r.label.split(" (")[0]),
                exp.cast(exp.Literal.string(r.start.isoformat()), "DATE"),
                *([exp.Literal.number(r.start.year)] if by_year else []),
            ]
        )
        for i, r in enumerate(ranges)
    ]
    listed = exp.Values(
        expressions=rows,
        alias=exp.TableAlias(this=exp.to_identifier("v"), columns=[exp.to_identifier(n) for n in names]),
    )
    value = [exp.column(r.phrase or r.label.split(" (")[0], table="periods", quoted=True) for r in ranges]
    which = exp.column("i", table="v")

    def each(pick: Sequence[exp.Expr | None]) -> exp.Expr:
        case = exp.Case()
        for i, x in enumerate(pick):
            case = case.when(
                exp.EQ(this=which.copy(), expression=exp.Literal.number(i)),
                x if x is not None else exp.Null(),
            )
        return case

    change = [
        None,
        *(exp.Sub(this=value[i].copy(), expression=value[i - 1].copy()) for i in range(1, len(value))),
    ]
    pct = [
        None,
        *(
            exp.Div(
                this=exp.Paren(this=exp.Sub(this=value[i].copy(), expression=value[i - 1].copy())),
                expression=exp.func("nullif", value[i - 1].copy(), exp.Literal.number(0)),
            )
            for i in range(1, len(value))
        ),
    ]
    return (
        exp.select(
            *(exp.column(n, table="v", quoted=True) for n in names[1:]),
            exp.alias_(each([v.copy() for v in value]), figure, quoted=True),
            exp.alias_(exp.cast(each(change), "DOUBLE"), "change", quoted=True),
            exp.alias_(exp.cast(each(pct), "DOUBLE"), "pct_change", quoted=True),
        )
        .from_(inner.subquery("periods"))
        .join(listed, join_type="cross")
        .order_by(exp.column("period_start", table="v", quoted=True))
    )


def _with_change(intent: Intent, inner: exp.Select) -> exp.Select:
    a, b = (r.phrase or r.label.split(" (")[0] for r in intent.compare_ranges)
    ca, cb = exp.column(a, quoted=True), exp.column(b, quoted=True)
    change = exp.Sub(this=ca, expression=cb)
    pct = exp.Div(
        this=exp.Paren(this=change.copy()), expression=exp.func("nullif", cb.copy(), exp.Literal.number(0))
    )
    return exp.select(
        exp.Star(),
        exp.alias_(change, "change", quoted=True),
        exp.alias_(pct, "pct_change", quoted=True),
        # the same change in percent points ("by what percent": -2.8, beside the fraction -0.028)
        exp.alias_(
            exp.Mul(this=pct.copy(), expression=exp.Literal.number(100)), "pct_change_points", quoted=True
        ),
    ).from_(inner.subquery("periods"))


def column_info(schema: Schema, q: str) -> Col:
    return schema.col(q)


def bridge(schema: Schema, a: str, c: str) -> tuple[str, str, str] | None:
    """The one table linking two others many-to-many (film_category between film and category):
    (bridge, its key to a, its key to c)."""
    found = [
        (r1.table, r1.column, r2.column)
        for r1 in schema.relations
        if r1.ref_table == a
        for r2 in schema.relations
        if r2.table == r1.table and r2.ref_table == c and r1.table not in (a, c)
    ]
    return found[0] if len(found) == 1 else None
