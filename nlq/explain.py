"""Intent -> one English sentence ("Count of customers where Contract is Month-to-month, by PaymentMethod")."""

from __future__ import annotations

from dataclasses import replace

from catalog.semantic import Role
from nlq.grammar import word_classes
from nlq.intent import Cond, Figure, Intent, Measure
from nlq.schema import Schema
from nlq.text import plural

AGG_WORDS = {
    "sum": "Total",
    "avg": "Average",
    "median": "Median",
    "min": "Minimum",
    "max": "Maximum",
    "stddev": "Sample standard deviation of",
    "count_distinct": "Number of distinct",
}
OP_WORDS = {
    "=": "is",
    "!=": "is not",
    ">": "is more than",
    ">=": "is at least",
    "<": "is less than",
    "<=": "is at most",
    "in": "is one of",
    "not_in": "is none of",
}

OWN_PREPOSITION = (
    "since",
    "after",
    "before",
    "between",
    "until",
    "till",
    "through",
    "up to",
    "from",
    "on ",
    "year to date",
    "quarter to date",
    "month to date",
    "yesterday",
    "today",
)
"""Time labels that carry their own preposition ("since 2024-06-01")."""


DATE_OP_WORDS = {
    ">": "after",
    ">=": "on or after",
    "<": "before",
    "<=": "on or before",
    "=": "on",
    "!=": "not on",
}
"""How one date is said against another of the record."""


def _name(schema: Schema, q: str) -> str:
    """A column in display words ("monthly fee"); stored values stay exact elsewhere."""
    col = schema.col(q)
    if col.formula and col.parts_sum:
        return f"{col.label} ({' + '.join(schema.tables[col.table].columns[x].label for x in col.formula)})"
    if col.starts_with:
        source, prefix = col.starts_with
        return f"{col.label} ({schema.tables[col.table].columns[source].label} starting with '{prefix}')"
    if col.difference:
        a, b = (schema.tables[col.table].columns[x].label for x in col.difference)
        return f"{a} minus {b}"
    if col.weekday_of:
        return f"weekday of {schema.tables[col.table].columns[col.weekday_of].label}"
    if col.month_of:
        return (
            f"month of the year of {schema.tables[col.table].columns[col.month_of].label}, all years together"
        )
    if col.hour_of:
        return f"hour of {schema.tables[col.table].columns[col.hour_of].label}"
    if col.lasted:
        a, b = (schema.tables[col.table].columns[x].label for x in col.lasted)
        return f"{col.measured_in or 'second'}s from {a} to {b}"
    if col.decade_of:
        return f"decade of {schema.tables[col.table].columns[col.decade_of].label} (30 = 30-39)"
    if col.compared:
        a, op, b = col.compared
        said = {">": "above", ">=": "at least", "<": "below", "<=": "at most"}[op]
        cols = schema.tables[col.table].columns
        return f"{cols[a].label} {said} {cols[b].label}"
    if col.value_groups:
        grouped = schema.tables[col.table].columns[col.value_groups[0]]
        if grouped.weekday_of:
            return f"{col.label} of {schema.tables[col.table].columns[grouped.weekday_of].label}"
        return f"{col.label} of {grouped.label}"
    if col.formula:
        a, b, *d = (schema.tables[col.table].columns[x].label for x in col.formula)
        less = f" x (1 - {d[0]})" if d else ""
        if col.less:
            b = f"({b} - {schema.tables[col.table].columns[col.less].label})"
        return f"{col.label} ({a} x {b}{less})"
    if col.words in (("name",), ("title",)) and len(schema.tables) > 1:
        return f"{schema.tables[col.table].entity_singular} {col.label}"  # "genre name is Rock"
    return col.label


def cond_text(schema: Schema, c: Cond) -> str:
    col = schema.col(c.column)
    if col.starts_with and c.op in ("true", "false"):
        # "not cancelled: invoice no not starting with 'C'"
        source, prefix = col.starts_with
        said = schema.tables[col.table].columns[source].label
        no = "not " if c.op == "false" else ""
        return f"{no}{col.label}: {said} {no}starting with '{prefix}'"
    if col.later_than and c.op in ("true", "false"):
        # "late: order delivered customer date after order estimated delivery date"
        actual, due = (schema.tables[col.table].columns[x].label for x in col.later_than)
        if c.op == "false":
            return f"on time: {actual} on or before {due} (records with both dates)"
        return f"{col.label}: {actual} after {due} (records with both dates)"
    if col.overdue and c.op in ("true", "false"):
        # "late: return date more than rental duration (of film) days after rental date"
        start, end, days, _ = col.overdue
        own = schema.tables[col.table].columns
        allowed = schema.col(days)
        rule = f"{own[end].label} more than {allowed.label} ({allowed.table}) days after {own[start].label}"
        if c.op == "false":
            return f"not {col.label}: not {rule} (records with a {own[end].label})"
        return f"{col.label}: {rule} (records with a {own[end].label})"
    name = _name(schema, c.column)
    if c.since:
        name = f"days from {_name(schema, c.since)} to {name}"
    if c.op == "not_null":
        return f"{name} is known"
    if c.op == "null":
        return f"{name} is missing"
    if c.op in ("empty", "not_empty"):
        return f"{name} is {'' if c.op == 'empty' else 'not '}empty, blank or a no-value mark ('?', 'NA')"
    if c.op == "true":
        return f"{name} is true"
    if c.op == "false":
        return f"{name} is false"
    if c.op in ("contains", "not_contains"):
        return f"{name} {'does not contain' if c.op == 'not_contains' else 'contains'} '{c.value}'"
    if c.op in ("in_sub", "not_in_sub"):
        other = schema.tables[c.value[0]].entity
        which = " and ".join(cond_text(schema, x) for x in c.value[2:])
        other = f"{other} where {which}" if which else other
        return f"{'no' if c.op == 'not_in_sub' else 'some'} {other} exist for {name}"
    if isinstance(c.value, Figure):
        figure = (
            f"the {AGG_WORDS[c.value.agg].lower()} {_name(schema, c.value.column)}"
            if c.value.agg
            else f"its {_name(schema, c.value.column)}"
        )
        if c.value.times != 1:
            figure = f"{c.value.times:g} times {figure}"
        if schema.col(c.column).role == Role.TIME and c.op in DATE_OP_WORDS:
            return f"{name} {DATE_OP_WORDS[c.op]} {figure}"  # "settled date after its due date"
        return f"{name} {OP_WORDS[c.op]} {figure}"
    if c.op == "between":
        return f"{name} is between {_v(c.value)} and {_v(c.value2)}"
    if c.op == ">=_or_null":
        return f"{name} is at least {_v(c.value)} or missing"
    if c.op in ("in", "not_in"):
        return f"{name} {OP_WORDS[c.op]} {', '.join(_v(v) for v in c.value)}"
    return f"{name} {OP_WORDS[c.op]} {_v(c.value)}"


def _v(value: object) -> str:
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def measure_text(schema: Schema, m: Measure) -> str:
    if m.over and m.per_each:
        top, bottom = _name(schema, m.column or ""), _name(schema, m.over)
        return (
            f"{top[:1].upper()}{top[1:]} per {bottom} (total {top} / total {bottom}: the ratio of the totals, "
            f"not the average of each row's {top} / {bottom})"
        )
    if m.over:
        entity = schema.tables[schema.col(m.over).table].entity
        profit = {w for p in word_classes()["margin_parts"]["profit"] for w in p}
        word = "Margin" if profit & set(schema.col(m.column or m.over).words) else "Ratio"
        top, bottom = _name(schema, m.column or ""), _name(schema, m.over)
        return (
            f"{word} (total {top} / total {bottom}) of {entity}: the ratio of the totals, not the average of "
            f"each row's {top} / {bottom}"
        )
    if m.per_key:
        table, _, column = m.per_key.partition(".")
        to = [r.ref_table for r in schema.relations if r.table == table and r.column == column]
        who = schema.tables[to[0]].entity_singular if to else schema.col(m.per_key).name
        what = (
            f"Count of {schema.tables[table].entity}"
            if m.agg == "count"
            else schema.col(m.column or "").label.capitalize()
        )
        return f"{what} per {who} (the total over the number of {plural(who)})"
    if m.per_period:
        whole = measure_text(schema, replace(m, per_period=None))
        grain, column = m.per_period
        return (
            f"{whole} per {grain}, averaged (the total over the {grain}s of {_name(schema, column)} "
            "that have records)"
        )
    if m.per:
        t = schema.tables[m.per]
        return f"Average number of {schema.tables[m.table or ''].entity} per {t.entity_singular} (over all {t.entity})"
    if m.agg == "count" and m.condition:
        entity = schema.tables[m.condition[0].column.split(".", 1)[0]].entity
        return f"count of {entity} where " + " and ".join(cond_text(schema, c) for c in m.condition)
    if m.agg == "count":
        entity = schema.tables[m.table].entity if m.table else "rows"
        return f"Count of {entity}"
    if m.agg == "rate" and m.column:
        return f"Share of distinct {_name(schema, m.column)} where " + " and ".join(
            cond_text(schema, c) for c in m.condition
        )
    if m.agg == "rate":
        entity = schema.tables[m.table or m.condition[0].column.split(".", 1)[0]].entity
        blank = [
            schema.col(c.column).name
            for c in m.condition
            if "." in c.column and schema.col(c.column).blank_is_none
        ]
        said = f" (a blank {', '.join(blank)} counted as none)" if blank else ""
        return f"Share of {entity} where " + " and ".join(cond_text(schema, c) for c in m.condition) + said
    if m.agg == "share" and not m.condition and m.column is None:
        return f"Each group's share of the {schema.tables[m.table].entity if m.table else 'records'}"
    if m.agg == "share" and not m.condition:
        return f"Each group's share of the total {_name(schema, m.column or '')}"
    if m.agg == "share":
        return f"Share of total {_name(schema, m.column or '')} where " + " and ".join(
            cond_text(schema, c) for c in m.condition
        )
    if m.agg == "count_distinct" and m.table and m.column and m.column.split(".", 1)[0] != m.table:
        return f"Count of {schema.tables[m.table].entity}"  # counted through a linking table
    if m.agg == "count_distinct" and m.table and m.column:
        words = " ".join(schema.col(m.column).words)
        parts = schema.col(m.column).document_with
        each = f" with its {' and '.join(_name(schema, p) for p in parts)}" if parts else ""
        return f"Number of distinct {words} ({_name(schema, m.column)}{each})"
    col = schema.col(m.column or "")
    name = _name(schema, col.qualified)
    if m.since:
        start = _name(schema, m.since)
        return f"{AGG_WORDS[m.agg]} days from {start} to {name} of {schema.tables[col.table].entity}"
    if m.agg == "span":
        return f"Days from the first to the last {name} of {schema.tables[col.table].entity}"
    if name.split()[0] == AGG_WORDS[m.agg].lower() and len(name.split()) > 1:
        return (
            f"{name.capitalize()} of {schema.tables[col.table].entity}"  # "Total charges", not "Total total"
        )
    return f"{AGG_WORDS[m.agg]} {name} of {schema.tables[col.table].entity}"


def _measures_text(schema: Schema, measures: tuple[Measure, ...]) -> str:
    """ "Minimum, maximum and average amount of orders" for several figures of one column."""
    columns = {m.column for m in measures}
    if len(measures) > 1 and len(columns) == 1 and all(m.agg in AGG_FUNC_WORDS for m in measures):
        words = [AGG_WORDS[m.agg].lower() for m in measures]
        col = schema.col(measures[0].column or "")
        listed = ", ".join(words[:-1]) + " and " + words[-1]
        return f"{listed.capitalize()} {_name(schema, col.qualified)} of {schema.tables[col.table].entity}"
    return ", ".join(measure_text(schema, m) for m in measures)


AGG_FUNC_WORDS = ("sum", "avg", "median", "min", "max", "stddev")


def explain(schema: Schema, intent: Intent) -> str:
    """One sentence from the intent (never from the SQL)."""
    entity = schema.tables[intent.table].entity
    if intent.kind == "list":
        head = f"{entity.capitalize()}: " + ", ".join(_name(schema, c) for c in intent.columns)
    elif intent.kind == "distinct":
        head = "Distinct values of " + ", ".join(_name(schema, c) for c in intent.columns)
    else:
        head = _measures_text(schema, intent.measures)
        if intent.kind == "count" or not any(m.table for m in intent.measures):
            head += f" in {entity}" if intent.measures and intent.measures[0].agg == "count" else ""
    parts = [head]
    if intent.filters:
        parts.append("where " + " and ".join(cond_text(schema, c) for c in intent.filters))
    if intent.time_range and intent.time_column:
        label = intent.time_range.label
        prep = "" if label.startswith(OWN_PREPOSITION) else "in "
        parts.append(f"with {_name(schema, intent.time_column)} {prep}{label}")
    if intent.compare_ranges and intent.time_column:
        a, b = intent.compare_ranges
        parts.append(
            f"comparing {a.label} with {b.label} by {_name(schema, intent.time_column)}, with the change"
        )
    if intent.having and intent.measures:
        figure = (
            f"count of {schema.tables[intent.table].entity}"
            if intent.having_rows
            else measure_text(schema, intent.measures[0]).lower()
        )
        for c in intent.having:
            bound = (
                f"between {_v(c.value)} and {_v(c.value2)}"
                if c.op == "between"
                else f"{OP_WORDS[c.op]} {_v(c.value)}"
            )
            parts.append(f"where the {figure} {bound}")
    by = [_name(schema, g) for g in intent.group_by]
    if intent.count_groups:
        # "Number of plan values where the count of customers is more than 1000"
        parts[0] = f"Number of {' and '.join(by)} values"
        by = []
    if intent.grain and intent.time_column:
        by.insert(0, f"{intent.grain} of {_name(schema, intent.time_column)}")
    if by:
        parts.append("by " + " and ".join(by))
    text = ", ".join(parts) if len(parts) > 1 else parts[0]
    if intent.order and intent.limit:
        what = "highest" if intent.order == "desc" else "lowest"
        top = f"top {intent.limit}"
        if intent.ties:
            top = "only those at the top (every tie shown)"  # nlq.build `_with_ties`
        if intent.order_by and schema.col(intent.order_by).role == Role.TIME:
            what = "latest" if intent.order == "desc" else "earliest"
            text += f", {what} {_name(schema, intent.order_by)} first, {top}"
        elif intent.order_by:
            text += f", {what} {_name(schema, intent.order_by)} first, {top}"
        elif intent.limit == 1:
            text += f", the one with the {what} value"
        else:
            text += f", the {intent.limit} with the {what} values"
    elif intent.order_by:
        text += f", sorted by {_name(schema, intent.order_by)}" + (
            " descending" if intent.order == "desc" else ""
        )
    elif intent.order:
        text += ", highest first" if intent.order == "desc" else ", lowest first"
    if intent.notes:
        text += " (" + "; ".join(intent.notes) + ")"
    return text
