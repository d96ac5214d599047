"""Records that reach each other only through other tables (the Chinook shape: tracks reach customers
through invoice lines and invoices): planning rules that count, rank or total them through the rows that
link them. Each takes the plan `nlq.finish` builds, like its own rules."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from nlq.build import bridge, bridged_path, join_path
from nlq.guards import sale_verbs_said, sold_in, units_of
from nlq.intent import Cond, Measure
from nlq.lexicon import Sense
from nlq.recognize import DISTINCT_WORDS, Decline, Slots
from nlq.schema import Schema

if TYPE_CHECKING:
    from nlq.finish import Plan


def some_through_others(p: Plan) -> None:
    """ "customers who bought at least one Jazz track": tracks reach customers only through other
    tables (invoice lines, invoices), so "at least one" is the customers the condition reaches."""
    s, schema = p.s, p.schema
    whole, rows = s.target_entity, s.entity
    if not (s.count and len(s.having) == 1 and s.having[0] in (Cond("", ">=", 1), Cond("", ">", 0))):
        return
    if whole is None or rows is None or whole.value or rows.value or p.measures:
        return
    if join_path(schema, rows.key, whole.key) is not None or not (p.values or p.flags or s.conds):
        return
    s.count = s.count_groups  # "how many customers ..." counts them; "which customers ..." lists them
    s.having, s.count_groups, s.count_of = [], False, None
    s.entity = p.entity = whole
    s.target_entity = None


MAIN_WORDS = frozenset({"primary", "main", "first", "lead", "default", "principal"})
"""Words of a key naming one record among several (orders.primary_product_id): the main one only."""


def any_line_of(p: Plan) -> None:
    """ "how many orders included a Hudson River Mini bear": an order's products are those of its lines
    (order_items), never only the one its primary_product_id names; the orders are counted on the lines
    that hold the product named (each order once)."""
    s, schema = p.s, p.schema
    rows = s.entity
    if not s.count or rows is None or rows.value or s.group or p.measures:
        return
    said = {c for c, _, _ in p.values} | {f[0] for f in p.flags} | {c.column for c in p.filters}
    others = {q.split(".", 1)[0] for q in said} - {rows.key}
    for other in others:
        path = join_path(schema, rows.key, other)
        if not path or not MAIN_WORDS & set(schema.col(f"{path[0][0]}.{path[0][1]}").words):
            continue
        lines = [
            (r.table, r.column)
            for r in schema.relations
            if r.ref_table == rows.key and r.table not in (rows.key, other)
            and any(x.table == r.table and x.ref_table == other for x in schema.relations)
        ]  # fmt: skip
        if len(lines) != 1:
            return
        table, key = lines[0]
        held = Sense("entity", table, f"{table}.{key}")
        s.entities = [held if e == rows else e for e in s.entities]
        s.entity = p.entity = held
        s.notes.append(
            f"{schema.tables[rows.key].entity} counted by their {schema.tables[table].entity}, each once "
            f"(an {schema.tables[rows.key].entity_singular}'s {schema.tables[other].entity} are those of its lines)"
        )
        return


def sold_units(p: Plan) -> None:
    """ "which album has sold the most tracks", "the four genres that sell the most tracks": a price list's
    records ranked by how many were sold are ranked by the units of the lines that sell them (invoice
    lines' quantity), never by how many records the list holds."""
    s, schema = p.s, p.schema
    rows = s.entity
    ranked = s.superlative or s.rank
    if set(s.words) & DISTINCT_WORDS or rows is None or rows.value:
        return  # "how many different tracks have we sold": each track once
    if len(p.measures) == 1 and p.measures[0].agg == "rate" and sale_verbs_said(s.words):
        _sold_share(p, rows)
        return
    if p.measures:
        return
    never = bool(set(s.words) & {"never", "not", "no", "without", "unsold"})  # "products never ordered"
    counted = s.count and not s.count_groups and not s.having and not p.rate_cond and not never
    if not ((ranked and (s.count or s.by_count)) or counted) or not sale_verbs_said(s.words):
        return
    if ranked and not (s.target_entity or s.group):
        return
    lines = sold_in(schema, rows.key)
    if lines is None:
        return
    units = units_of(schema, lines)
    _counted_on_lines(p, rows, lines)
    s.count = s.by_count = False
    if len(units) == 1:
        p.measures.append(Measure("sum", units[0].qualified))
        said = f"the units of their {schema.tables[lines].entity} ({units[0].name})"
    else:
        s.count = True
        said = f"their {schema.tables[lines].entity}"
    s.notes.append(f"{schema.tables[rows.key].entity} sold counted by {said}")


def _counted_on_lines(p: Plan, rows: Sense, lines: str) -> None:
    """The records a figure is about become the lines that sell the price list's `rows`."""
    sold = Sense("entity", lines)
    p.s.entity = p.entity = sold
    p.s.entities = [sold if e == rows else e for e in p.s.entities]


def _sold_share(p: Plan, rows: Sense) -> None:
    """ "what percentage of all pizzas sold were Classic pizzas": the share of the units sold (the lines'
    quantity) whose item meets the condition, never the share of the price list's rows."""
    s, schema = p.s, p.schema
    lines = sold_in(schema, rows.key)
    if lines is None:
        return
    units = units_of(schema, lines)
    if len(units) != 1:
        return
    p.measures = [Measure("share", units[0].qualified, p.measures[0].condition)]
    _counted_on_lines(p, rows, lines)
    s.notes.append(
        f"{schema.tables[rows.key].entity} sold counted by the units of their {schema.tables[lines].entity} "
        f"({units[0].name})"
    )


def counted_through_facts(p: Plan) -> None:
    """ "which customers bought the most tracks": tracks reach customers only through the rows that
    record a sale (invoice lines -> invoices -> customers), so those rows are counted per customer."""
    s, schema = p.s, p.schema
    whole, rows = s.target_entity, s.entity
    counted = s.count or (s.superlative and s.by_count)  # "bought the most tracks"
    if not counted or whole is None or rows is None or whole.value or rows.value or p.measures:
        return
    if whole.key == rows.key or join_path(schema, rows.key, whole.key) or bridge(schema, whole.key, rows.key):
        return
    reach = {
        t: len(a) + len(b)
        for t in schema.tables
        if t not in (whole.key, rows.key)
        and (a := join_path(schema, t, rows.key)) is not None
        and (b := join_path(schema, t, whole.key)) is not None
    }
    nearest = [t for t, n in reach.items() if n == min(reach.values(), default=0)]
    if len(nearest) != 1:
        return
    facts = Sense("entity", nearest[0])
    s.count, s.by_count = True, False
    s.entity = p.entity = facts
    s.entities = [facts if e == rows else e for e in s.entities]
    s.notes.append(f"{schema.tables[rows.key].entity} counted by their {schema.tables[facts.key].entity}")


def one_link_between(p: Plan) -> None:
    """ "the top 5 courses by number of learners" where students reach courses through two tables
    (their ratings and their viewing log): which rows link them is not said; asked, never the first."""
    s, schema = p.s, p.schema
    whole, rows = s.target_entity, s.entity
    if not s.count or whole is None or rows is None or rows.value or p.measures or whole.key == rows.key:
        return
    if join_path(schema, rows.key, whole.key) or join_path(schema, whole.key, rows.key):
        return
    links = sorted(
        {
            r1.table
            for r1 in schema.relations
            if r1.ref_table == rows.key and r1.table not in (whole.key, rows.key)
            for r2 in schema.relations
            if r2.table == r1.table and r2.ref_table == whole.key
        }
    )
    if len(links) > 1:
        named = " or ".join(schema.tables[t].entity for t in links)
        raise Decline(
            "clarify",
            f"{schema.tables[rows.key].entity} reach {schema.tables[whole.key].entity} through {named}; "
            f"which do you mean (e.g. '... by number of {schema.tables[links[0]].entity}')?",
        )


def at_line_grain(
    schema: Schema, s: Slots, measures: list[Measure], group: list[str], filters: list[Cond]
) -> list[Measure]:
    """ "which genres bring in the most money": an invoice's total cannot be split by genre (an invoice
    holds tracks of several), its lines can: the total of a money column is taken on the one table of
    lines pointing at it whose revenue is derived per line (quantity x unit price), said in a note."""
    named = {
        g[2:] if g.startswith("@!") else g[1:] if g.startswith("@") else g.split(".", 1)[0] for g in group
    }
    named |= {f.column.split(".", 1)[0] for f in filters if f.op not in ("in_sub", "not_in_sub")}
    out = []
    for m in measures:
        col = schema.col(m.column) if m.column else None
        if m.agg != "sum" or col is None or not col.money or m.over or m.since or m.per or m.per_key:
            out.append(m)
            continue
        far = [
            t
            for t in named
            if join_path(schema, col.table, t) is None and bridged_path(schema, col.table, t) is None
        ]
        lines = {r.table for r in schema.relations if r.ref_table == col.table and r.table != col.table}
        revenue = [
            c
            for t in sorted(lines)
            if all(join_path(schema, t, n) is not None for n in named)
            for c in schema.tables[t].columns.values()
            if c.money and c.formula is not None and "revenue" in c.words
        ]
        if not far or len(revenue) != 1:
            out.append(m)
            continue
        line = schema.tables[revenue[0].table]
        s.notes.append(
            f"{col.name} of {schema.tables[col.table].entity} taken on their {line.entity} "
            f"({revenue[0].name}): {', '.join(schema.tables[t].entity for t in sorted(far))} are named per line"
        )
        out.append(replace(m, column=revenue[0].qualified))
    return out


PAID_WORDS = frozenset({"paid", "pay", "charged", "sold", "sell", "selling", "sells"})
"""Words that make a price the one paid on each sale, not the list's own."""


def price_paid(p: Plan) -> None:
    """ "the average price paid per pizza sold": a price list's price averaged over what was sold is the
    revenue of its lines over the units they sold (each unit weighs the same), never the average of the
    list, where a cheap item sold a thousand times counts once."""
    s, schema = p.s, p.schema
    if not set(s.words) & PAID_WORDS:
        return
    for i, m in enumerate(p.measures):
        if m.agg != "avg" or not m.column:
            continue
        c = schema.col(m.column)
        lines = sold_in(schema, c.table) if c.is_price else None
        if lines is None:
            continue
        t = schema.tables[lines]
        units = units_of(schema, lines)
        revenue = [
            x for x in t.columns.values() if x.money and x.formula is not None and "revenue" in x.words
        ]
        if len(units) != 1 or len(revenue) != 1:
            continue
        p.measures[i] = Measure("sum", revenue[0].qualified, over=units[0].qualified)
        keys = {f"{c.table}.{k}" for k in [schema.tables[c.table].info.key] if k} | {
            f"{r.table}.{r.column}" for r in schema.relations if r.table == lines and r.ref_table == c.table
        }
        keys |= {f"@{c.table}"}  # "per pizza sold": per unit, never a split by pizza
        p.group = [g for g in p.group if g not in keys]
        s.group = [g for g in s.group if g not in keys]
        s.per_entity = [g for g in s.per_entity if g not in keys]
        s.notes.append(
            f"the price paid per unit sold: {t.entity}' revenue over their {units[0].name}, so each unit counts once"
        )
