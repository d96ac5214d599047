"""Customer-lifecycle questions about a table of transactions (catalog.transactions): repeat and one-time
buyers, new customers counted at their first purchase, lapsed customers (no purchase since a date), first
and last purchase dates, and figures of the purchases per customer (median, largest, average).

Each is an Intent over one row per customer (`customer_table`: the customer, their number of purchases,
first and last purchase dates and the days between them), a derived table the builder reads as a
subquery. The words are data (grammar/lifecycle.yaml); every word of the question must be one of them, a
time phrase or a filler, else the question is left to the plain reader (None)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import yaml
from sqlglot import exp

from catalog.semantic import Role, TableInfo
from catalog.transactions import Transactions
from nlq.grammar import HERE, Phrase, _phrases
from nlq.intent import Cond, Intent, Measure
from nlq.lexicon import Mention
from nlq.schema import Col, Schema, Table
from nlq.timephrases import TimeMatch

OWN_CONCEPTS = frozenset({"new", "repeat", "once", "lapsed"})
"""Concepts this module defines from the purchases, unless the data names them itself."""
DATA_KINDS = frozenset({"column", "colword", "value", "timecol", "flag", "entity"})
"""Lexicon senses that tie a word to this data's own columns, values or tables."""


@cache
def grammar() -> dict[str, Any]:
    """lifecycle.yaml: class -> phrases (token tuples), or class -> {key: phrases}."""
    raw = yaml.safe_load((HERE / "lifecycle.yaml").read_text())
    return {
        kind: ({str(k): _phrases(v) for k, v in body.items()} if isinstance(body, dict) else _phrases(body))
        for kind, body in raw.items()
    }


def _lexicon() -> list[tuple[Phrase, str, str]]:
    """(phrase, class, key) longest first; key is the figure or comparison of a keyed class."""
    out: list[tuple[Phrase, str, str]] = []
    for kind, body in grammar().items():
        if isinstance(body, dict):
            out += [(p, kind, key) for key, ps in body.items() for p in ps]
        else:
            out += [(p, kind, "") for p in body]
    return sorted(out, key=lambda x: -len(x[0]))


@dataclass
class Said:
    """What a lifecycle question says, class by class."""

    words: dict[str, int] = field(default_factory=dict)
    """class -> how many times it was said."""
    figure: str | None = None
    times: list[tuple[TimeMatch, str]] = field(default_factory=list)
    """Time phrases, each with the class said just before it ("since", "end_of", ...)."""
    counts: list[Cond] = field(default_factory=list)
    """Conditions on each customer's number of purchases ("more than 3 times")."""
    customer: Any = None
    """A customer named by number ("customer 100"), as the customer column stores it."""
    named: set[str] = field(default_factory=set)
    """Tables the purchase words name in this data ("order" for a table of orders)."""

    def has(self, *kinds: str) -> bool:
        return all(k in self.words for k in kinds)


def read_words(mentions: list[Mention]) -> Said | None:
    """The question's words sorted into lifecycle classes; None when one word is none of them."""
    items: list[tuple[str, Mention]] = []
    for m in mentions:
        if m.time is not None:
            items.append(("", m))
        else:
            items += [(t, m) for t in m.text.split()]
    lexicon = _lexicon()
    said = Said()
    last, op, i = "", "", 0
    while i < len(items):
        tok, m = items[i]
        if m.time is not None:
            said.times.append((m.time, last))
            last, i = "time", i + 1
            continue
        hit = next(
            (
                (p, kind, key)
                for p, kind, key in lexicon
                if tuple(t for t, _ in items[i : i + len(p)]) == p
                and all(x.time is None for _, x in items[i : i + len(p)])
            ),
            None,
        )
        value = m.number if m.has("number") and m.number is not None and " " not in m.text else _number(tok)
        after = tuple(t for t, _ in items[i + 1 : i + 4])
        post = next((x for x in _postfix() if after[: len(x[0])] == x[0]), None)
        noun = after[len(post[0]) if post else 0 :][:1]
        counted = bool(noun) and (noun[0] in _flat("times") or noun[0] in _flat("purchases"))
        single = hit is None or len(hit[0]) == 1  # "one time" is a phrase, "one purchase" a number
        if value is not None and single and (hit is None or op or counted):
            if last == "people" and not op:
                said.customer = value
            elif counted:
                said.counts.append(Cond("", post[1] if post else op or "=", value))
            else:
                return None
            op, i = "", i + 1 + (len(post[0]) if post else 0)
            continue
        if i == 0 and tok in _flat("opening_which"):
            said.words["which"], i = 1, i + 1
            continue
        if hit is None:
            if tok in _flat("filler") or m.has("stop"):
                i += 1
                continue
            return None
        p, kind, key = hit
        if kind == "purchases":
            said.named |= {str(e.key) for _, x in items[i : i + len(p)] for e in x.of("entity")}
        if kind in OWN_CONCEPTS and any(x.kinds & DATA_KINDS for _, x in items[i : i + len(p)]):
            return None  # "new" where a signup date says who is new, "repeat" where a flag says so
        if kind == "compare":
            op = key
        elif kind == "figure":
            said.figure = key
        if kind != "filler":
            said.words[kind] = said.words.get(kind, 0) + 1
            last = kind
        i += len(p)
    return None if op else said  # a comparison without its number


@cache
def _postfix() -> tuple[tuple[Phrase, str], ...]:
    """Comparisons said after the number ("10 or more"), longest first."""
    said = [(p, op) for op, ps in grammar()["compare"].items() for p in ps if p[0] in ("or", "and", "plus")]
    return tuple(sorted(said, key=lambda x: -len(x[0])))


@cache
def _flat(kind: str) -> frozenset[str]:
    return frozenset(" ".join(p) for p in grammar()[kind])


def _number(tok: str) -> float | None:
    try:
        return float(tok)
    except ValueError:
        return None


# ---------------------------------------------------------------- the table of one row per customer

PURCHASES, FIRST, LAST, DAYS = "purchases", "first_purchase", "last_purchase", "days_first_to_last"


def customer_table(schema: Schema, tx: Transactions) -> tuple[Schema, str]:
    """The schema with one more table, one row per customer of the transactions (a subquery), and its
    name: the customer, their purchases (orders when rows are order lines), first and last purchase dates
    and the days from the first to the last."""
    source = schema.tables[tx.table]
    name = f"{tx.table}_per_customer"
    cust, date = source.columns[tx.customer], source.columns[tx.date]
    counted = "orders" if tx.order else "purchases"
    info = TableInfo(name, "customers", "customer", cust.distinct or source.row_count, key=tx.customer)
    table = Table(info)
    table.query = _per_customer_query(tx)
    table.columns = {
        tx.customer: replace(cust, table=name, role=Role.IDENTIFIER, unique=True, nulls=0, name_column=None),
        PURCHASES: Col(name, PURCHASES, "BIGINT", Role.MEASURE, ("number", "of", counted)),
        FIRST: Col(name, FIRST, date.dtype, Role.TIME, ("first", "purchase")),
        LAST: Col(name, LAST, date.dtype, Role.TIME, ("last", "purchase")),
        DAYS: Col(
            name,
            DAYS,
            "BIGINT",
            Role.MEASURE,
            ("days", "from", "first", "to", "last", "purchase"),
            measured_in="day",
        ),  # fmt: skip
    }
    tables = {**schema.tables, name: table}
    return replace(schema, tables=tables), name


def _per_customer_query(tx: Transactions) -> exp.Select:
    cust = exp.column(tx.customer, table=tx.table, quoted=True)
    date = exp.column(tx.date, table=tx.table, quoted=True)
    first, last = exp.func("min", date), exp.func("max", date.copy())
    days = exp.DateDiff(this=last.copy(), expression=first.copy(), unit=exp.Var(this="DAY"))
    return (
        exp.select(
            exp.alias_(cust, tx.customer, quoted=True),
            exp.alias_(tx.orders(qualify=True), PURCHASES, quoted=True),
            exp.alias_(first, FIRST, quoted=True),
            exp.alias_(last, LAST, quoted=True),
            exp.alias_(days, DAYS, quoted=True),
        )
        .from_(exp.table_(tx.table, quoted=True))
        .where(exp.Not(this=cust.copy().is_(exp.null())))
        .group_by(cust.copy())
    )


# ---------------------------------------------------------------- the questions


@dataclass(frozen=True)
class Reading:
    """A lifecycle question read: the schema it runs on (with the per-customer table) and its Intent."""

    schema: Schema
    intent: Intent


def read_lifecycle(
    schema: Schema, tx: Transactions | None, mentions: list[Mention], today: dt.date
) -> Reading | None:
    """A customer-lifecycle question over the transactions, or None (not one, or not read whole)."""
    if tx is None or tx.table not in schema.tables:
        return None
    said = read_words(mentions)
    if said is None or not _lifecycle(said):
        return None
    if said.named and tx.table not in said.named:
        return None  # "orders" where the purchases found are another table's (financial transactions)
    if _lapsed(said) and any(r.table == tx.table and r.column == tx.customer for r in schema.relations):
        return None  # customers are a table of their own: some never bought (left to the plain reader)
    if said.has("new") and _people_dated(schema, tx):
        return None  # "customers who signed up in Q1" where the customers keep a sign-up date: that date
    wide, name = customer_table(schema, tx)
    if said.customer is not None:
        said.customer = _stored(wide.tables[name].columns[tx.customer], said.customer)
    q = f"{name}."
    counted = "orders" if tx.order else "purchases"
    per = f"each customer's {counted} = " + (
        f"distinct {tx.order} values" if tx.order else f"their rows of {tx.table}"
    )
    if said.has("grain_word") and not _cohort(said):
        return None
    one = counted[:-1]
    if said.has("repeat"):
        per = f"repeat customers = customers with more than one {one}; {per}"
    if said.has("once"):
        per = f"one-time buyers = customers with exactly one {one}; {per}"
    if said.has("share"):
        per = f"{per}; customers = those with at least one {one} in {tx.table}"
    for build in (_dates, _span, _distribution, _customers):
        intent = build(said, name, q, tx, today, per)
        if intent is not None:
            return Reading(wide if intent.table == name else schema, intent)
    return None


def _people_dated(schema: Schema, tx: Transactions) -> bool:
    """Whether the customers the transactions point at are a table that keeps a date of its own (a
    registration or sign-up date): their start, never read from their first purchase."""
    tables = {r.ref_table for r in schema.relations if r.table == tx.table and r.column == tx.customer}
    return any(c.role == Role.TIME for t in tables for c in schema.tables[t].columns.values())


def _stored(col: Col, number: float) -> Any:
    """A number said as the customer column stores it: 100 for an integer id, "100" for a text one."""
    whole = int(number) if number.is_integer() else number
    return str(whole) if col.dtype.upper().startswith(("VARCHAR", "TEXT", "STRING")) else whole


def _lifecycle(said: Said) -> bool:
    """Whether the words say a lifecycle concept (not only customers and purchases)."""
    concept = {"new", "first", "last", "repeat", "once", "lapsed", "range"}
    return (
        bool(concept & said.words.keys())
        or _lapsed(said)
        or bool(said.counts and said.has("share"))
        or bool(said.figure and said.has("purchases") and (said.has("people") or said.has("each")))
    )


def _lapsed(said: Said) -> bool:
    """No purchase for a while: "lapsed", or a negated purchase ("haven't bought since June")."""
    return said.has("lapsed") or (said.has("not") and (said.has("buying") or said.has("purchases")))


def _cohort(said: Said) -> bool:
    """New customers: "new", "acquired", or "(their) first purchase" said."""
    return said.has("new") or (said.has("first") and said.has("purchases"))


def _dates(said: Said, name: str, q: str, tx: Transactions, today: dt.date, per: str) -> Intent | None:
    """First and/or last purchase dates: of the whole log, of one customer, or of each customer."""
    ends = ["first", "last"] if said.has("range") else [k for k in ("first", "last") if said.has(k)]
    if (
        not ends
        or said.has("new")
        or said.times
        or said.counts
        or said.figure
        or said.has("days")
        or said.has("repeat")
        or said.has("once")
        or said.has("not")
        or said.has("share")
        or said.has("count")
        or said.has("lapsed")
    ):
        return None
    if said.has("which"):
        return None  # "who placed our most recent order": the record, not its date
    if len(ends) == 1 and said.has("people") and said.customer is None:
        return None  # "customers' first purchase": a list, or a cohort without its period: left alone
    if said.customer is not None:
        cols = tuple(q + (FIRST if k == "first" else LAST) for k in ends)
        return Intent(
            "list",
            name,
            filters=(Cond(q + tx.customer, "=", said.customer),),
            columns=(q + tx.customer, *cols),
        )
    if said.has("people") and said.has("each"):
        cols = tuple(q + (FIRST if k == "first" else LAST) for k in ends)
        return Intent("list", name, columns=(q + tx.customer, *cols))
    if said.has("people"):
        return None
    date = f"{tx.table}.{tx.date}"
    measures = tuple(Measure("min" if k == "first" else "max", date) for k in ends)
    note = f"the {' and '.join(ends)} {'date' if len(ends) == 1 else 'dates'} of all {tx.table} ({tx.date})"
    return Intent("aggregate", tx.table, measures=measures, notes=(note,))


def _span(said: Said, name: str, q: str, tx: Transactions, today: dt.date, per: str) -> Intent | None:
    """Days between each customer's first and last purchase, averaged (or its median, largest...)."""
    if not said.has("first", "last", "days", "people") or said.has("which"):
        return None  # without customers: the span of the whole log, not of each customer's purchases
    if said.has("count") and not said.figure:
        return None
    conds = _count_conds(said, q)
    if conds is None or said.has("new") or said.has("not") or said.times or said.customer is not None:
        return None
    agg = said.figure or "avg"
    note = (
        f"the days from each customer's first to last purchase ({tx.date}), {_AGG_WORDS[agg]} over customers"
    )
    return Intent("aggregate", name, measures=(Measure(agg, q + DAYS),), filters=conds, notes=(note, per))


_AGG_WORDS = {"avg": "averaged", "median": "the median", "max": "the largest", "min": "the smallest"}


def _distribution(said: Said, name: str, q: str, tx: Transactions, today: dt.date, per: str) -> Intent | None:
    """A figure of the number of purchases per customer: median, largest, smallest, average."""
    if not (said.figure and said.has("purchases")) or said.has("first") or said.has("last"):
        return None
    if said.has("new") or said.has("not") or said.has("lapsed") or said.times or said.has("share"):
        return None
    if said.has("days"):
        return None  # "how many days does it take customers to pay an invoice": no count of purchases
    if not said.has("people") or said.has("which"):
        return None  # "which customer made the most purchases" asks for the customer, not the figure
    conds = _count_conds(said, q)
    if conds is None:
        return None
    note = f"{per}; the {said.figure} over customers"
    return Intent(
        "aggregate", name, measures=(Measure(said.figure, q + PURCHASES),), filters=conds, notes=(note,)
    )


def _count_conds(said: Said, q: str) -> tuple[Cond, ...] | None:
    """Conditions on each customer's purchases: repeat (more than one), once, "more than 3 times"."""
    conds: list[Cond] = [Cond(q + PURCHASES, c.op, c.value) for c in said.counts]
    if said.has("repeat"):
        conds.append(Cond(q + PURCHASES, ">", 1))
    if said.has("once"):
        conds.append(Cond(q + PURCHASES, "=", 1))
    if said.has("repeat") and said.has("once"):
        return None
    return tuple(dict.fromkeys(conds))  # "repeat customers, i.e. with more than one purchase": once


def _customers(said: Said, name: str, q: str, tx: Transactions, today: dt.date, per: str) -> Intent | None:
    """How many customers (or what share of them) are new in a period, repeat or one-time buyers, or
    have bought nothing since a date."""
    ending = said.has("last", "purchases") and not (_cohort(said) or _lapsed(said) or said.has("first"))
    if not said.has("people") or said.figure or (said.has("last") and not (said.has("not") or ending)):
        return None
    if said.customer is not None:
        return None
    listed = not (said.has("count") or said.has("share"))
    conds = _count_conds(said, q)
    if conds is None:
        return None
    notes: list[str] = []
    if conds:
        notes.append(per)
    time_range, grain, time_column = None, None, None
    cohort = _cohort(said)
    lapsed = _lapsed(said)
    if cohort and lapsed:
        return None
    if said.has("first") and not cohort:
        return None
    times = list(said.times)
    filters = list(conds)
    if lapsed:
        if len(times) != 1:
            return None
        match, before = times.pop()
        r = match.range
        if r is None:
            return None
        if before in ("end_of", "after"):
            boundary = r.end
        elif before == "since" or r.label.startswith("since") or r.end > today:
            boundary = r.start  # "since June 2014", "in the last 6 months": nothing from its start on
        else:
            return None  # "did not buy in May": not the same as no purchase since
        filters.append(Cond(q + LAST, "<", boundary))
        notes.append(f"lapsed = customers whose last purchase ({tx.date}) is before {boundary.isoformat()}")
    if cohort and said.has("repeat") and len(times) == 2 and times[1][1] in ("since", "after"):
        # "of the customers acquired in January, how many bought again after January": a later purchase
        later, before = times.pop()
        if later.range is None:
            return None
        boundary = later.range.end if before == "after" else later.range.start
        filters = [c for c in filters if c.column != q + PURCHASES or c.op != ">" or c.value != 1]
        filters.append(Cond(q + LAST, ">=", boundary))
        notes = [n for n in notes if n != per]  # not "more than one purchase": one after the date
        notes.append(f"bought again = a purchase ({tx.date}) on or after {boundary.isoformat()}")
    if cohort or ending:
        if len(times) != 1:
            return None
        match, _ = times.pop()
        time_column = q + (FIRST if cohort else LAST)
        time_range, grain = match.range, match.grain or None
        if time_range is None and grain is None:
            return None
        if said.has("grain_word") and grain is None:
            return None  # "in the year of their first order" needs the series it names
        span = "the period" if time_range is not None else f"the {grain}"
        who = "new customers = customers whose first" if cohort else "customers whose last"
        notes.append(f"{who} purchase ({tx.date}) falls in {span}")
    if times:
        return None
    if not (cohort or ending or lapsed or conds):
        return None
    if listed and grain is None:  # "new customers by month" is a series of counts, never a list
        shown = [q + tx.customer, q + PURCHASES, q + FIRST, q + LAST]
        return Intent(
            "list", name, filters=tuple(filters), columns=tuple(shown), time_column=time_column,
            time_range=time_range, notes=tuple(notes),
        )  # fmt: skip
    if said.has("share"):
        if not filters or (cohort and not (lapsed or conds)):
            return None
        measure = Measure(
            "rate", condition=tuple(c for c in filters if not (cohort and c.column == time_column))
        )
        return Intent(
            "aggregate", name, measures=(measure,), time_column=time_column, time_range=time_range,
            grain=grain, notes=tuple(notes),
        )  # fmt: skip
    return Intent(
        "aggregate", name, measures=(Measure("count", table=name),), filters=tuple(filters),
        time_column=time_column, time_range=time_range, grain=grain, notes=tuple(notes),
    )  # fmt: skip
