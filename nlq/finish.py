"""Slots -> Intent: choose the table, the figure, grouping, ordering; decline what stays unclear.

`finish` is the second half of recognition (`nlq.recognize.read` is the first): it decides which
condition a rate measures, which table the question is about, how other tables join in, and which
time column a period applies to, or raises Decline with a question for the user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from catalog.concepts import FORMER_NAME_WORDS, PEOPLE
from catalog.english import lemmas
from catalog.roles import INTEGER_TYPES
from catalog.semantic import UNDONE_WORDS, Relation, Role
from nlq.build import bridge, bridged_path, join_path
from nlq.grammar import word_classes, word_set
from nlq.guards import (
    PLANNED_WORDS,
    Draft,
    check,
    dated,
    of_people,
    per_key_question,
    period_average_said,
    sale_verbs_said,
    sold_in,
    units_of,
)
from nlq.holding import some_of, state_said
from nlq.intent import Cond, Intent, Measure
from nlq.lexicon import ID_WORDS, PEOPLE_CONCEPTS, Sense
from nlq.recognize import (
    AVERAGE_NAMES,
    DISTINCT_WORDS,
    KIND_WORDS,
    NOW_WORDS,
    PERIOD_NAMES,
    SIZE_SUPERLATIVES,
    START_WORDS,
    TIME_SORT,
    Decline,
    Slots,
    is_yes_no,
)
from nlq.schema import (
    DESCRIBING,
    DOCUMENT_WORDS,
    LAST_EVENT_WORDS,
    QUANTITY_WORDS,
    SALE_ENTITIES,
    TIME_UNITS,
    Col,
    Schema,
    extends,
    interval_dates,
    is_link,
    kept_by_key,
    label_columns,
    no_later,
    of_the_sales_table,
    one_of_copies,
    one_row_each,
    record_dates,
    versioned_name,
)
from nlq.text import NUMBER_WORDS, phrase_tokens, plural, said_at, singular
from nlq.through import (
    any_line_of,
    at_line_grain,
    counted_through_facts,
    one_link_between,
    price_paid,
    sold_units,
    some_through_others,
)
from nlq.timephrases import TimeRange


@dataclass
class Plan:
    """What the planning rules have decided so far; `finish` runs RULES over it in order."""

    schema: Schema
    s: Slots
    today: dt.date
    values: list[tuple[str, Any, bool]] = field(default_factory=list)
    """The values named (resolved ones only)."""
    flags: list[tuple[str, bool, int]] = field(default_factory=list)
    rate_cond: tuple[Cond, ...] = ()
    """The condition a rate measures."""
    filters: list[Cond] = field(default_factory=list)
    group: list[str] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    superlative_measure: bool = False
    """A figure was named by a superlative word ("the highest price")."""
    entity: Sense | None = None
    target_entity: Sense | None = None
    kind: str = "aggregate"
    order: str | None = None
    limit: int | None = None
    order_by: str | None = None
    columns: list[str] = field(default_factory=list)
    table: str = ""
    labels: list[str] = field(default_factory=list)
    time_col: str | None = None
    time_range: TimeRange | None = None
    compare: tuple[TimeRange, ...] = ()
    grain: str | None = None
    shown: str | None = None
    """A listed record's owner shown in its place ("which customer placed the biggest order")."""
    top_within: tuple[str, ...] = ()
    """The groups a ranking restarts in ("which brand ... in each region": each region)."""


def finish(schema: Schema, s: Slots, today: dt.date) -> Intent:
    """Slots -> Intent, or Decline: the planning RULES in order, then the guards (nlq.guards)."""
    s.bare = list(dict.fromkeys(s.bare))  # ("how long do subscriptions last": one column said twice)
    p = Plan(schema, s, today)
    for rule in RULES:
        rule(p)
    return _intent(p)


def _no_lone_aggregate(p: Plan) -> None:
    """ "and the average?" with nothing before it: the average of what."""
    s = p.s
    if s.lone_agg:
        word = {"avg": "average", "sum": "total", "min": "minimum", "max": "maximum"}.get(
            s.lone_agg, s.lone_agg
        )
        raise Decline("clarify", f"The {word} of what? Name a column, e.g. '{word} amount'.")


def _resolve_words(p: Plan) -> None:
    """Ambiguous words resolved (or declined); a column named twice counts once; values kept."""
    s = p.s
    resolve_ambiguous(p.schema, s)
    s.bare = [b for b in s.bare if b not in s.target]  # "the code of the card type": named twice
    p.values = [(c, v, n) for c, v, n in s.values if not c.startswith("?")]
    named = [c for c, _, _ in p.values]
    if s.both and len(set(named)) < len(named) and _both_of_owner(p):
        return
    if s.both and len(set(named)) < len(named):
        raise Decline(
            "clarify",
            "'Both' with two values of one column asks for records that have each of them; "
            "I can't answer that safely, please ask for each value on its own.",
        )


def _dated_rows_over_count_column(p: Plan) -> None:
    """ "the number of reviews per month in 2024" of listings.number_of_reviews beside a reviews table
    whose rows point at the listings and carry their own date: the reviews counted, dated by when each
    was written (the listing's running total has no date of its own; its last_review dates only the last)."""
    s, schema = p.s, p.schema
    if not (s.ranges or s.grain) or s.count or s.time_col:
        return
    if len(s.measures) == 1 and s.measures[0][0].agg == "sum":
        said = s.measures[0][0].column
    elif not s.measures and len(s.bare) == 1:
        said = s.bare[0]
    else:
        return
    if not said or said.startswith("@"):
        return
    col = schema.col(said)
    if col.words[:2] != ("number", "of") or len(col.words) != 3:
        return
    noun = singular(col.words[2])
    rows = [
        t
        for t in schema.tables.values()
        if t.name != col.table
        and singular(phrase_tokens(t.entity)[-1]) == noun
        and any(c.role == Role.TIME for c in t.columns.values())
        and any(r.table == t.name and r.ref_table == col.table for r in schema.relations)
    ]
    if len(rows) != 1:
        return
    s.measures, s.bare = [], [b for b in s.bare if b != said]
    s.count = True
    s.entity = Sense("entity", rows[0].name)
    s.entities = [s.entity, *(e for e in s.entities if e.key != rows[0].name)]
    s.notes.append(
        f"{col.name} is a running total with no date of its own: the {rows[0].entity} counted instead"
    )


LATEST_WORDS = frozenset({"latest", "maximum", "max", "last", "newest", "recent", "highest", "largest"})
"""Words that ask for the latest of a date: "the most recent sign-up" (never a count)."""


def _most_events_counted(p: Plan) -> None:
    """ "which month brings in the most sign-ups" of sign_up_date: the sign-ups counted (the most of a
    date said by its event is how many happened), never the latest date."""
    s, schema = p.s, p.schema
    if len(s.measures) != 1 or s.count or "most" not in s.words or set(s.words) & LATEST_WORDS:
        return
    m = s.measures[0][0]
    if m.agg != "max" or not m.column or m.column.startswith("@") or schema.col(m.column).role != Role.TIME:
        return
    col = schema.col(m.column)
    s.measures, s.count = [], True
    s.superlative = s.superlative or "desc"
    if s.entity is None:
        s.entity = Sense("entity", col.table)
        s.entities = [s.entity, *s.entities]
    s.time_col = s.time_col or m.column
    s.notes.append(f"'most' of {col.name}: the records counted")


def _value_both_ways(p: Plan) -> None:
    """ "cancelled and non-cancelled bookings": one value said and negated (a value, or a flag written
    in words: never X AND NOT X, which was an empty answer): of a two-valued column, a split by it; of
    others, asked."""
    s = p.s
    said: dict[str, set[tuple[str, bool]]] = {}
    for c, v, n in p.values:
        said.setdefault(c, set()).add((str(v), n))
    for c, n, _ in s.flags:
        said.setdefault(c, set()).add((str(p.schema.col(c).flag_true), n))
    valued = {c for c, _, _ in p.values}
    for column, ways in said.items():
        if column not in valued or not ({v for v, n in ways if n} & {v for v, n in ways if not n}):
            continue  # (a yes/no column said both ways alone: split_flags)
        values = {v for v, _ in ways}
        if len(values) != 1 or p.schema.col(column).distinct != 2:
            raise Decline(
                "clarify",
                f"'{min(values)}' and not '{min(values)}' at once? To compare them, ask by "
                f"{p.schema.col(column).name} (e.g. '... by {p.schema.col(column).label}').",
            )
        p.values = [x for x in p.values if x[0] != column]
        s.values = [x for x in s.values if x[0] != column]
        s.flags = [f for f in s.flags if f[0] != column]
        if column not in s.group:
            s.group.append(column)
        if not (s.measures or s.count or s.rate_at):
            s.count = True  # "cancelled versus non-cancelled bookings": how many of each


def _both_of_owner(p: Plan) -> bool:
    """ "who has both a credit card and a debit card": the people whose records include one with each
    value (an IN filter per value on the one key of those records to a table of people), when the
    question asks for people (who, or that table's records)."""
    s, schema = p.s, p.schema
    named = [c for c, _, _ in p.values]
    twice = sorted({c for c in named if named.count(c) > 1})
    if len(twice) != 1 or any(n for c, _, n in p.values if c == twice[0]):
        return False
    table = twice[0].split(".", 1)[0]
    people = {
        b.target for b in schema.concepts if "." not in b.target and b.concept in ("customer", "employee")
    }
    rel = [r for r in schema.relations if r.table == table and r.ref_table in people - {table}]
    if len(rel) != 1:
        return False
    owner = rel[0].ref_table
    said = [e for e in (s.target_entity, s.entity) if e is not None]
    asked = bool(said) and said[0].key == owner and not said[0].value
    if not (asked or (s.who and all(e.key == table and not e.value for e in said))):
        return False
    values = [v for c, v, _ in p.values if c == twice[0]]
    p.values = [x for x in p.values if x[0] != twice[0]]
    s.conds += [
        Cond(f"{owner}.{rel[0].ref_column}", "in_sub", (table, rel[0].column, Cond(twice[0], "=", v)))
        for v in values
    ]
    s.entities = [e for e in s.entities if e.key != table]
    if not asked:
        s.entity = s.target_entity = Sense("entity", owner)
    return True


FIGURE_NAME_WORDS = frozenset({"average", "avg", "mean", "total", "sum", "median", "max", "min"})
"""Words of a figure asked for, also the first words of columns that keep one (Average_Score)."""


def _said_elsewhere(schema: Schema, s: Slots, phrase: str, columns: list[str]) -> str | None:
    """ "calls by month of last contact" between LastContactDay and LastContactMonth: the one column whose
    other name word the question also says ("month"), else None."""
    used = {w for _, v, _ in s.values for w in phrase_tokens(str(v))}  # a word read as a value is used
    # (a figure's word never picks the column it starts: "average guest score" is no Average_Score)
    said = set(s.words) - set(phrase.split()) - used - FIGURE_NAME_WORDS
    hits = [c for c in columns if set(schema.col(c).words) - set(phrase.split()) & said]
    return hits[0] if len(hits) == 1 else None


OPENING_WHOLE = ("of", "among", "amongst")
"""Words that open a question with the records a share is of ("of the customers who were interested,
what share are women")."""


def _opening_whole(s: Slots, flags: list[tuple[str, bool, int]], values: list[tuple[str, Any, bool]]) -> None:
    """Yes/no things and values said in an opening "of ..."/"among ..." before the share word are its
    whole (qualifiers) when something else is said after the share word: the part measured."""
    if not s.share_at or s.words[:1] not in [(w,) for w in OPENING_WHOLE]:
        return
    first = min(s.share_at)
    said = [f[2] for f in flags] + [s.value_at.get(v[0], -1) for v in values]
    if any(at > first for at in said) or any(c.column not in s.value_at for c in s.conds):
        s.qualifiers = [*s.qualifiers, *(at for at in said if 0 <= at < first and at not in s.qualifiers)]


PERCENT_UNITS = (
    ("in", "percent"),
    ("in", "percentages"),
    ("as", "percentages"),
    ("as", "percent"),
    ("in", "percentage"),
)
"""Words asking for a figure in percent, said after a breakdown with no rate or share word."""


def _in_percent(s: Slots) -> bool:
    pairs = set(zip(s.words, s.words[1:], strict=False))
    return bool(pairs & set(PERCENT_UNITS)) or ("as", "a", "percentage") in set(
        zip(s.words, s.words[1:], s.words[2:], strict=False)
    )


def _shares_of_every_value(p: Plan) -> bool:
    """ "what share of our users are on iOS vs Android": every value of one column named, set against
    each other, is each one's share of the records (a split), never the share of one among the other."""
    s = p.s
    columns = {c for c, _, _ in p.values}
    if (
        not s.versus
        or s.measures
        or s.group
        or s.flags
        or len(columns) != 1
        or any(n for _, _, n in p.values)
    ):
        return False
    column = next(iter(columns))
    said = {str(v) for _, v, _ in p.values}
    if len(said) < 2 or said != {str(v) for v in p.schema.col(column).values}:
        return False
    s.group = [column]
    # "what share of all data traffic comes from Ultimate vs Surf customers": each one's part of the amount
    whole = (
        Measure("share", s.share_of)
        if s.share_of
        else Measure("share", table=s.entity.key if s.entity else None)
    )
    s.measures = [(whole, False)]
    s.values = [v for v in s.values if v[0] != column]
    p.values = [v for v in p.values if v[0] != column]
    s.rate_at, s.share_of = [], None
    return True


def _rate_target(p: Plan) -> None:
    """The condition a rate measures: the flag beside the rate word, else the last condition named
    that does not just qualify the rows ("what share of churned customers had fiber optic")."""
    s, schema, values = p.s, p.schema, p.values
    flags = list(s.flags)
    split_flags(s, flags)
    p.flags = flags
    versus_flag = bool(s.versus and flags and not s.rate_at and not s.measures and not s.count)
    named = {v[1] for v in values if not v[2]}
    columns = {v[0] for v in values}
    if (
        not s.rate_at
        and s.versus
        and _in_percent(s)
        and len(columns) == 1
        and not (s.measures or s.bare or s.conds or flags or s.group)
        and {str(x) for x in named} == {str(x) for x in schema.col(next(iter(columns))).values}
    ):
        # "the split between 36-month and 60-month loans, as a percentage": every value named, each one's
        # share of all the records
        column = next(iter(columns))
        s.group = [column]
        s.values = [v for v in s.values if v[0] != column]
        p.values[:] = [v for v in p.values if v[0] != column]
        s.versus = False
        s.measures = [(Measure("share", table=s.entity.key if s.entity else None), False)]
        return
    if (
        not (s.rate_at or versus_flag)
        and _in_percent(s)
        and s.group
        and not (s.measures or s.bare or s.conds)
    ):
        # "the gender split of our customers, in percent": each group's part of the records
        s.measures = [(Measure("share", table=s.entity.key if s.entity else None), False)]
        return
    if not (s.rate_at or versus_flag):
        return
    if _shares_of_every_value(p):
        return
    if _converted(p):
        return
    if (
        s.share_of
        and (s.group or s.grain is not None)
        and not s.measures
        and not flags
        and values
        and all(v[0] in s.share_filters for v in values)
    ):
        # "what share of won revenue comes from each product": won deals' revenue, each product's part
        s.measures = [(Measure("share", s.share_of), False)]
        s.share_of, s.rate_at = None, []
        return
    said_of = any(a in SHARE_WORDS and b == "of" for a, b in zip(s.words, s.words[1:], strict=False))
    right_after = [
        v for v in values if s.value_at.get(v[0], -1) in {r + d for r in s.share_at for d in (1, 2)}
    ]
    spread = set(s.words) & {"falls", "fall", "fell", "into", "belong", "belongs", "come", "comes", "came"}
    if said_of and spread and s.group and not flags and not s.measures and len(values) == 1 and right_after:
        # "what share of churners falls into each churn category": the churners, each category's part
        s.measures = [(Measure("share", table=s.entity.key if s.entity else None), False)]
        s.rate_at = []
        return
    _opening_whole(s, flags, values)
    near = [f for f in flags if any(f[2] == r - 1 for r in s.rate_at) and f[2] not in s.qualifiers]
    after = [f for f in flags if any(f[2] > r for r in s.share_at)]
    if near and after and len(after) == 1 and all(f[2] in [r - 1 for r in s.share_at] for f in near):
        # "of the customers who churned, what share had an international plan": measured is what follows
        near = after
        s.qualifiers = [*s.qualifiers, *(f[2] for f in flags if f not in after)]
    if not near:
        # "what share of churners were seniors", "what share of all purchases came from returning
        # visitors": the yes/no thing right after "share of" names the whole; the part is said after it
        said = [*(f[2] for f in flags), *(s.value_at.get(v[0], -1) for v in values)]
        whole = [f for f in flags if any(f[2] in range(r + 2, r + 8) for r in s.share_at)]
        if len(whole) == 1 and any(at > whole[0][2] for at in said):
            s.qualifiers = [*s.qualifiers, whole[0][2]]
        # "what share of women are under 30": a value right after "share of" is the whole when a
        # comparison is what is measured
        opening = [
            at
            for v in values
            if (at := s.value_at.get(v[0], -1)) in {r + d for r in s.share_at for d in range(1, 7)}
        ]
        said_of = any(a in SHARE_WORDS and b == "of" for a, b in zip(s.words, s.words[1:], strict=False))
        if len(opening) == 1 and s.conds and not flags and len(values) == 1 and said_of:
            s.qualifiers = [*s.qualifiers, opening[0]]
    free_flags = [f for f in flags if f[2] not in s.qualifiers]
    free_values = [
        v for v in values if s.value_at.get(v[0], -1) not in s.qualifiers and v[0] not in s.share_filters
    ]  # ("the share of won revenue": 'won' says which revenue, never the part measured)
    last_flag = max((f[2] for f in free_flags), default=-1)
    last_value = max((s.value_at.get(v[0], -1) for v in free_values), default=-1)
    measurable = [c for c in s.conds if c.op != "not_null"]
    named_rate = [  # "the churn rate" of a status value 'Churned': the value right before the word "rate"
        v
        for v in values
        if any(s.value_at.get(v[0], -2) == r - 1 for r in s.rate_at)
        and not v[2]
        and any(w in ("rate", "rates") for w in s.words)
        and not any(w in ("share", "percentage", "proportion", "fraction", "percent") for w in s.words)
    ]
    if not near and len(named_rate) == 1 and len([v for v in values if v[0] == named_rate[0][0]]) == 1:
        values.remove(named_rate[0])
        p.rate_cond = (Cond(named_rate[0][0], "=", named_rate[0][1]),)
        return
    if near:
        picked = near[0]
        _measured(flags, picked, bool(s.versus or s.group))
        p.rate_cond = (flag_cond(schema, picked[0], picked[1]),)
    elif free_flags and last_flag >= last_value:
        picked = next(f for f in free_flags if f[2] == last_flag)
        _measured(flags, picked, bool(s.versus or s.group))
        p.rate_cond = (flag_cond(schema, picked[0], picked[1]),)
    elif (
        not free_flags
        and measurable
        and free_values
        and all(s.value_at.get(v[0], -1) < 0 for v in values)
        and all(f[2] < 0 for f in flags)
    ):
        # "what share of them have a BMI of 30 or more" after "customers in the southwest": the values
        # kept from the question before say whose share; the comparison said now is what is measured
        p.rate_cond = (measurable[-1],)
        s.conds = [c for c in s.conds if c is not measurable[-1]]
    elif not free_flags and not free_values and measurable and (flags or values):
        # the yes/no things and values only qualify, a comparison is left ("share under 30 among the men");
        # a value being known only says which rows count ("of leads with a known country, ... India")
        p.rate_cond = (measurable[-1],)
        s.conds = [c for c in s.conds if c is not measurable[-1]]
    elif not free_flags and not free_values and (flags or values):
        # every condition qualifies ("what fraction of customers are in Europe"): the last one
        last_f = max((f[2] for f in flags), default=-1)
        last_v = max((s.value_at.get(v[0], -1) for v in values), default=-1)
        if last_f > last_v:
            picked = next(f for f in flags if f[2] == last_f)
            flags.remove(picked)
            p.rate_cond = (flag_cond(schema, picked[0], picked[1]),)
        else:
            chosen = next(v for v in values if s.value_at.get(v[0], -1) == last_v)
            values.remove(chosen)
            p.rate_cond = (Cond(chosen[0], "!=" if chosen[2] else "=", chosen[1]),)
    elif free_values:
        chosen = next(v for v in free_values if s.value_at.get(v[0], -1) == last_value)
        either = [x for x in free_values if x[0] == chosen[0] and not x[2]]
        shared = set(s.words) & SHARE_WORDS and not set(s.words) & {"rate", "rates"}
        if len(either) > 1 and not chosen[2] and "or" in s.words and shared and not flags:
            # "what share are open or pending": the share of rows holding either value
            for x in either:
                values.remove(x)
            p.rate_cond = (Cond(chosen[0], "in", tuple(x[1] for x in either)),)
            return
        values.remove(chosen)
        c, v, n = chosen
        p.rate_cond = (Cond(c, "!=" if n else "=", v),)
    elif s.conds:
        # "what percentage of reviews have a rating of 5"
        p.rate_cond = (s.conds[-1],)
        s.conds = s.conds[:-1]
    elif _with_other_records(p):
        return
    elif s.share_of and (s.group or s.grain is not None) and not s.measures:
        # "what percentage of revenue comes from each size": each group's part of the whole amount
        s.measures = [(Measure("share", s.share_of), False)]
        s.share_of = None
        s.rate_at = []
    elif (dated := _rate_of_dated_event(schema, s)) is not None:
        # "churn rate by city" of a churn_date blank while customers stay: the share with one set
        p.rate_cond = (Cond(dated, "not_null"),)
        s.time_col, s.event = None, False
    elif (s.group or s.grain is not None) and not (s.measures or s.bare or s.share_of or s.having):
        # "what percentage of customers are in each region": each group's part of the records
        s.measures = [(Measure("share", table=s.entity.key if s.entity else None), False)]
        s.rate_at = []
    elif _any_records(p):
        return
    elif len(yesno := [b for b in s.bare if is_yes_no(schema.col(b))]) == 1:
        # "the acceptance rate of campaign 3": a yes/no column named by its words, not a flag word
        s.bare = [b for b in s.bare if b != yesno[0]]
        p.rate_cond = (flag_cond(schema, yesno[0], False),)
    elif (ratio := _count_per_people(p)) is not None:
        # "the claim rate" of an insurer's counts: claims per policyholder, the ratio of the totals
        ranked = [m for m, top in s.measures if top and m.agg in ("min", "max")]
        if ranked:  # "which age group has the lowest claim rate": the groups ranked by that ratio
            s.superlative = "asc" if ranked[0].agg == "min" else "desc"
        s.bare = [b for b in s.bare if b != ratio.column]
        s.rate_at = []
        s.measures = [(ratio, False)]
        s.notes.append(
            f"'rate' read as {str(ratio.column).split('.')[-1]} per {str(ratio.over).split('.')[-1]}"
        )
    elif (state := state_said(schema, s.bare, s.words)) is not None:
        # "what percentage of invoices get paid late" of DaysLate: the share with some days late
        s.bare = [b for b in s.bare if b != state.column]
        p.rate_cond = (state,)
    else:
        raise Decline("clarify", "A rate of what? Name a Yes/No column or a value, e.g. 'churn rate'.")


def _count_per_people(p: Plan) -> Measure | None:
    """ "the claim rate" where a count column (Claims) sits beside the one column counting the people it
    happens to (Holders): that count per person, as the ratio of the totals; else None."""
    ranked = [m.column for m, top in p.s.measures if top and m.agg in ("min", "max") and m.column]
    said = (
        p.s.bare if not p.s.measures else ranked if len(ranked) == len(p.s.measures) and not p.s.bare else []
    )
    if len(said) != 1:
        return None
    count = p.schema.col(said[0])
    if count.role != Role.MEASURE or count.money or not count.dtype.upper().endswith("INT"):
        return None
    people_words = {p for p in word_classes()["people"] if len(p) == 1}
    people = [
        c
        for c in p.schema.tables[count.table].columns.values()
        if c.qualified != count.qualified and c.role == Role.MEASURE and c.words[-1:] in people_words
    ]
    if len(people) != 1:
        return None
    return Measure("sum", count.qualified, over=people[0].qualified, per_each=True)


def _measured(flags: list[tuple[str, bool, int]], picked: tuple[str, bool, int], compared: bool) -> None:
    """The flag a rate measures leaves the filters; in a comparison between groups so does the same
    flag said again ("do men or women churn more? show the churn rate by gender"), as a rate of X among
    X compared between groups is always 100% each. In place."""
    flags.remove(picked)
    if compared:
        flags[:] = [f for f in flags if f[:2] != picked[:2]]


def _counted_yes_no(p: Plan) -> None:
    """ "how many customers own their home" (HomeOwner Y/N): a count whose only other words name one
    yes/no column counts the records it is true of. Said negated (words.yaml `negation`), it is left to be
    asked back."""
    s = p.s
    said = set(s.turn_words)
    negated = any(len(n) == 1 and n[0] in said for n in word_classes()["negation"])
    if not s.count or s.rate_at or s.measures or s.group or s.target or negated or "or" in said:
        return  # ("stream TV or movies": either of two, asked back elsewhere)
    named = [b for b in s.bare if is_yes_no(p.schema.col(b))]
    if len(named) != 1 or len(s.bare) != 1:
        return
    s.bare = []
    p.flags.append((named[0], False, len(s.words)))
    s.flags.append((named[0], False, len(s.words)))  # kept for a follow-up ("what's their average age?")


def _any_records(p: Plan) -> bool:
    """ "what percentage of customers have placed at least one order": the share of them that have
    rows in the table pointing at them."""
    s, schema = p.s, p.schema
    one = [Cond("", ">=", 1), Cond("", ">", 0)]
    whole, rows = s.target_entity, s.entity
    if len(s.having) != 1 or s.having[0] not in one or whole is None or rows is None or whole.value:
        return False
    rel = [r for r in schema.relations if r.table == rows.key and r.ref_table == whole.key]
    if len(rel) != 1 or rows.value or p.values or p.flags or s.measures or s.ranges or s.grain is not None:
        return False
    if s.time_col and s.time_col.split(".", 1)[0] == rows.key:
        s.event, s.time_col = False, None  # "placed": the verb of those rows, said by having any
    p.rate_cond = (Cond(f"{whole.key}.{rel[0].ref_column}", "in_sub", (rows.key, rel[0].column)),)
    s.having, s.count, s.count_groups, s.count_of = [], False, False, None
    s.entity, s.target_entity = whole, None
    s.entities = [e for e in s.entities if e != rows]
    return True


def _people_having_rows(p: Plan) -> None:
    """ "what percentage of members have bought Kettle": the share of the records named (the members)
    that have a row of the records pointing at them meeting the condition, never the share of those rows
    (the purchase lines of Kettle)."""
    s, schema = p.s, p.schema
    whole = s.entity
    if len(p.rate_cond) != 1 or whole is None or whole.value or s.share_of or s.measures:
        return
    people = any(b.target == whole.key and b.concept in PEOPLE for b in schema.concepts)
    if not people or f"@{whole.key}" in s.group:
        return  # ("the churn rate for each plan": of the plan's customers, never of the plans)
    cond = p.rate_cond[0]
    rows = cond.column.split(".", 1)[0]
    if cond.op in ("in_sub", "not_in_sub") or rows == whole.key or not schema.tables[whole.key].key:
        return
    rel = [r for r in schema.relations if r.table == rows and r.ref_table == whole.key]
    if len(rel) != 1:
        return
    p.rate_cond = (Cond(f"{whole.key}.{rel[0].ref_column}", "in_sub", (rows, rel[0].column, cond)),)
    s.notes.append(
        f"the share of {schema.tables[whole.key].entity} with any such {schema.tables[rows].entity}"
    )


def _converted(p: Plan) -> bool:
    """ "the conversion rate for leads from social": with a word of becoming said, the rate is of the
    records the other table keeps a record of (closed_deals of leads); values and flags said filter them."""
    became = {w for ph in word_classes()["became_words"] for w in ph if len(ph) == 1}
    if not became & set(p.s.words):
        return False
    values, flags = p.values, p.flags
    p.values, p.flags = [], []
    try:
        return _with_other_records(p)
    finally:
        p.values, p.flags = values, flags


def _with_other_records(p: Plan) -> bool:
    """ "what percentage of leads have a deal", "conversion rate of leads by origin": the share of the
    records that the one other table named holds a record of, by its key (closed_deals.mql_id of leads)."""
    s, schema = p.s, p.schema
    whole = s.entity
    if whole is None or whole.value or s.having or s.measures or s.bare or s.share_of or p.values or p.flags:
        return False
    others = {e.key for e in s.entities if e.key != whole.key and not e.value}
    became = {w for ph in word_classes()["became_words"] for w in ph if len(ph) == 1}
    keyed = kept_by_key(schema, whole.key)
    if len(keyed) == 1 and others <= {keyed[0].ref_table} and became & set(s.words):
        # "the conversion rate by origin", "... of email leads": of the records the converted ones are
        # kept from (leads)
        others, whole = {whole.key}, Sense("entity", keyed[0].ref_table)
        s.entity = p.entity = whole
    if len(others) != 1 or s.conds:
        return False
    rows = others.pop()
    rel = [r for r in schema.relations if r.table == rows and r.ref_table == whole.key]
    if len(rel) != 1:
        return False
    p.rate_cond = (Cond(f"{whole.key}.{rel[0].ref_column}", "in_sub", (rows, rel[0].column)),)
    s.entities = [e for e in s.entities if e.key != rows]
    s.time_col = None if s.time_col and s.time_col.split(".", 1)[0] == rows else s.time_col
    return True


def _conditions(p: Plan) -> None:
    """Flags, values and numeric conditions become the filters."""
    p.filters = [flag_cond(p.schema, c, n) for c, n, _ in p.flags]
    p.filters += value_conds(p.values)
    p.filters += list(p.s.conds)
    p.filters = _never_per_key(p.schema, p.s, p.filters)
    p.filters = _either_value(p.s, p.filters)


def _either_value(s: Slots, filters: list[Cond]) -> list[Cond]:
    """ "claims in district 1 and district 3": one column equal to two values at once holds no row; the
    records of either are meant (said so), never an empty AND."""
    out: list[Cond] = []
    for f in filters:
        same = next((i for i, g in enumerate(out) if g.column == f.column and g.op in ("=", "in")), None)
        if f.op != "=" or same is None:
            out.append(f)
            continue
        g = out[same]
        held = tuple(g.value) if g.op == "in" else (g.value,)
        if f.value in held:
            continue
        out[same] = Cond(f.column, "in", (*held, f.value))
        if _preposition_again(s.words) and f.column not in s.group:
            s.group.append(f.column)  # "sales in week 1 and in week 4": a figure for each
            continue
        said = " and ".join(str(v) for v in out[same].value)
        s.notes.append(f"read {f.column.split('.', 1)[1]} {said} as either of them")
    return out


def _preposition_again(words: tuple[str, ...]) -> bool:
    """ "in week 1 and in week 4": the preposition said again after "and" asks for each one."""
    return any(
        a == "and" and b in ("in", "for", "on", "at", "during")
        for a, b in zip(words, words[1:], strict=False)
    )


def _restated_groups(p: Plan) -> None:
    """ "on weekends (Saturday and Sunday)": the stored values of a group said again beside it restate
    it (the group's filter stays, theirs goes); fewer of them narrow it and stay."""
    for f in list(p.filters):
        groups = p.schema.col(f.column).value_groups if f.op == "=" else None
        if groups is None:
            return
        source = f"{p.schema.col(f.column).table}.{groups[0]}"
        held = set(dict(groups[1]).get(f.value, ()))
        for g in list(p.filters):
            said = set(g.value) if g.op == "in" else {g.value} if g.op == "=" else set()
            if g.column == source and said == held:
                p.filters.remove(g)


def _versus_groups(p: Plan) -> None:
    """ "compare A and B" on one column, "the attrition rate for men and for women", "average age of A
    and B": group by it, keep both (an average or a rate of several named values is one figure for each)."""
    p.group = list(p.s.group)
    averaged = bool(p.rate_cond) or any(m.agg in ("avg", "median") for m, _ in p.s.measures)
    rated = {c.column for c in p.rate_cond}
    if (p.s.versus or averaged) and not [g for g in p.group if g not in p.s.per_entity]:
        by_col: dict[str, int] = {}
        for f in p.filters:
            if f.op == "in" and f not in p.s.ranged:  # the coded ranges of one asked range are one filter
                by_col[f.column] = len(f.value)
        for column, size in by_col.items():
            if size >= 2 and column not in rated and column not in p.s.pooled:
                p.group.append(column)  # ("win rate (won vs lost)": the values the rate is taken over)
    for f in p.filters:
        if f.op != "in" or "." not in f.column or "or" in p.s.words:  # never "a payment or a refund?"
            continue
        col = p.schema.col(f.column)
        every = len(col.values) == col.distinct >= 2 and set(map(str, f.value)) == set(map(str, col.values))
        if every and f.column not in p.group and f.column not in rated:
            # "how many transactions did women and men make": every value named is a split, not a filter
            p.group.append(f.column)
    if p.s.counts_each and not p.group and len(p.s.ranges) < 2:
        raise Decline("clarify", "That asks several counts at once; please ask one at a time.")
    for g in p.group:
        flag = p.schema.col(g) if "." in g else None
        if flag is not None and flag.role == Role.FLAG and flag.nulls > 0 and p.s.versus:
            # "with a discount versus without": the two sides; rows where it is not known are neither
            p.filters.append(Cond(g, "not_null"))
            p.s.notes.append(f"{flag.nulls:,} rows with no {flag.label} recorded are on neither side")


def _per_is_no_split(p: Plan) -> None:
    """ "the average selling price per unit": the units a ratio is taken over are no split as well."""
    over = {m.over for m in p.measures if m.over}
    if over & set(p.group) and "per" in p.s.words and "by" not in p.s.words:
        p.group = [g for g in p.group if g not in over]


def _same_figure_of_listed(p: Plan) -> None:
    """ "the average screen time and battery drain by gender": one figure said before a list of amounts
    is the figure of each of them, never of the first alone (the others left unexplained)."""
    if len(p.measures) != 1 or p.measures[0].agg not in SCALED or not p.measures[0].column:
        return
    if "and" not in p.s.words:
        return
    first = p.schema.col(p.measures[0].column)
    listed = [
        b
        for b in p.s.bare
        if b != first.qualified
        and p.schema.col(b).role == Role.MEASURE
        and p.schema.col(b).is_numeric
        and p.schema.col(b).table == first.table
        and b not in p.group
    ]
    for b in listed:
        p.measures.append(Measure(p.measures[0].agg, b))
        p.s.bare.remove(b)


SCALED = ("avg", "sum", "median", "min", "max")
"""Figures one may ask of several amounts at once."""


ITEM_WORDS = frozenset({"product", "item", "model", "sku", "article"})
"""Name words of the column naming what a line sold (the items "top 5 bikes" ranks)."""


def _items_of_a_kind(p: Plan) -> None:
    """ "top 5 bikes by units sold" of sales lines with a Product column: the bikes are the products of
    that category, ranked by their total, never five single lines."""
    s = p.s
    if p.kind != "list" or not p.limit or not p.order_by or p.group or "." not in p.order_by:
        return
    measure = p.schema.col(p.order_by)
    if measure.role != Role.MEASURE or not measure.is_numeric or default_agg(measure) != "sum":
        return
    kinds = [f for f in p.filters if f.op == "=" and any(v[:2] == (f.column, f.value) for v in p.values)]
    said = {singular(w) for w in (*s.words, *s.turn_words)}
    named = [f for f in kinds if singular(str(f.value).lower().split()[-1]) in said]
    if not named:
        return
    items = [
        c
        for c in p.schema.tables[measure.table].columns.values()
        if c.role in (Role.DIMENSION, Role.TEXT, Role.OTHER)
        and not c.is_numeric
        and set(c.words) & ITEM_WORDS
        and c.qualified not in {f.column for f in kinds}
        and not set(c.words) & {"category", "type", "class", "group", "line"}
    ]
    if len(items) != 1:
        return
    p.kind, p.group = "aggregate", [items[0].qualified]
    p.measures = [Measure("sum", p.order_by)]
    p.order, p.order_by = p.order or "desc", None
    s.notes.append(
        f"'{named[-1].value}' ranked as the {items[0].label} of that {p.schema.col(named[-1].column).label}"
    )


def _records_and_amount(p: Plan) -> None:
    """ "loans issued and amount funded per quarter": the records named before "and" are counted, beside
    the amount named after it (one figure each), never dropped for the amount alone."""
    s, schema = p.s, p.schema
    if s.count or s.count_of is not None or s.count_also is not None or s.rate_at:
        return
    if s.list_word or not (s.group or s.grain is not None or s.versus):
        return  # "list our Canadian customers and what they paid": the records listed
    words = list(s.turn_words)
    # "compare luxury and business hotels: bookings and realized revenue": the records named right before
    # "and", whichever entity the question named first
    for e in [x for x in [s.entity, *s.entities] if x is not None and not x.value]:
        amounts = [b for b in s.bare if schema.col(b).role == Role.MEASURE and schema.col(b).table == e.key]
        if p.measures or len(amounts) != 1 or len(s.bare) != 1:
            continue
        noun = phrase_tokens(schema.tables[e.key].entity)[-1:]
        joined = any(
            w == "and" and noun and noun[0] in words[max(0, i - 2) : i] and i + 1 < len(words)
            for i, w in enumerate(words)
        )
        if joined:
            p.measures = [_count(schema, e, s.words), Measure("sum", amounts[0])]
            s.bare = []
            return


def _figures(p: Plan) -> None:
    """The figures named; "number of orders and total amount": the count is one more figure, over
    the same rows; a rate's condition becomes its figure."""
    s, schema = p.s, p.schema
    p.measures = [m for m, _ in s.measures]
    _records_and_amount(p)
    if s.count_of is not None and p.measures and not s.rate_at and not s.having:
        counted, at = s.count_of
        tables = {schema.col(m.column).table for m in p.measures if m.column}
        if tables != {counted.key} or counted.value:
            raise Decline("clarify", "Those figures are about different records; please ask one at a time.")
        p.measures.insert(at, _count(schema, counted))
    elif s.count_also is not None and p.measures and not s.rate_at and not s.having:
        tables = {schema.col(m.column).table for m in p.measures if m.column}
        entity = s.entity if s.entity is not None and not s.entity.value else None
        if len(tables) != 1 or (entity is not None and {entity.key} != tables):
            raise Decline("clarify", "Those figures are about different records; please ask one at a time.")
        p.measures.insert(s.count_also, _count(schema, entity, s.words) if entity else Measure("count"))
    if s.flag_counts or s.value_counts:
        # "sessions and purchases by region": how many records, and how many of them are so
        if p.measures or s.rate_at or s.having or s.entity is None or s.entity.value:
            raise Decline("clarify", "That asks for several different figures; please ask one at a time.")
        flagged = [Measure("count", None, (flag_cond(schema, q, neg),)) for q, neg in s.flag_counts]
        flagged += [
            Measure("count", None, (Cond(q, "!=" if neg else "=", v),)) for q, v, neg in s.value_counts
        ]
        p.measures = [Measure("count", table=s.entity.key), *flagged]
        s.count, s.list_word = True, False
    p.superlative_measure = any(sup for _, sup in s.measures)
    p.entity = s.entity
    p.limit = s.limit
    p.filters = _restated(schema, p.rate_cond, p.filters)
    if p.rate_cond:
        if s.count_of is not None and not s.having and not s.count_groups:
            counted = s.count_of[0]
            if counted.value or s.share_of or p.group or s.entity is None or counted.key != s.entity.key:
                # "how many customers have X, and what is their churn rate": the count would silently drop
                raise Decline("clarify", "That asks for a count and a rate; please ask for one at a time.")
            # "how many customers are seniors, and what share of them churned": both, over the same rows
            p.measures.insert(0, Measure("rate", _rated_key(p), p.rate_cond, table=_rated_records(p)))
            p.measures.insert(0, _count(schema, counted))
            return
        if s.share_of:
            p.measures.insert(0, Measure("share", s.share_of, p.rate_cond))
        else:
            p.measures.insert(0, Measure("rate", _rated_key(p), p.rate_cond, table=_rated_records(p)))
        if s.count and s.count_of is None and not (s.having or s.count_groups or s.share_of or p.group):
            if any(m.agg in ("count", "count_distinct") for m in p.measures) or s.entity is None:
                raise Decline("clarify", "That asks for a count and a rate; please ask for one at a time.")
            # "for customers aged 18 to 25, how many are there and what is their churn rate": both
            p.measures.insert(0, _count(schema, s.entity))


def _held(schema: Schema, c: Cond) -> frozenset[Any] | None:
    """The stored values of its column a condition keeps, when it is on a column of listed values."""
    values = set(schema.col(c.column).values)
    if not values:
        return None
    if c.op == "=":
        return frozenset({c.value})
    if c.op == "in":
        return frozenset(c.value)
    if c.op == "!=":
        return frozenset(values - {c.value})
    if c.op == "not_in":
        return frozenset(values - set(c.value))
    return None


def _restated(schema: Schema, rate_cond: tuple[Cond, ...], filters: list[Cond]) -> list[Cond]:
    """ "what fraction of orders were not delivered (cancelled, returned or refunded)?": a filter keeping
    exactly the values the share counts only says again what they are; the share is of every record."""
    if len(rate_cond) != 1 or rate_cond[0].op not in ("!=", "not_in"):
        return filters  # only a negation's values are said again ("not delivered": these three)
    counted = _held(schema, rate_cond[0])
    return [
        f
        for f in filters
        if not (f.column == rate_cond[0].column and counted is not None and _held(schema, f) == counted)
    ]


def _rated_key(p: Plan) -> str | None:
    """The key that numbers the records rated when they are not the rows ("orders" on order lines: their
    order number), whose condition holds on every row of one record; else None (rows are the records)."""
    e = p.s.entity
    if e is None or not e.value or "." not in str(e.value):
        return None
    key = str(e.value)
    if key.split(".", 1)[0] != e.key or any(c.column.split(".", 1)[0] != e.key for c in p.rate_cond):
        return None
    said = {*p.s.words, *p.s.turn_words}
    if {"rate", "rates"} & said and _varies(p.schema, p.rate_cond, key):
        return None  # "the no-show rate of patients": a rate of their appointments, each patient's differ
    return key


def _varies(schema: Schema, conds: tuple[Cond, ...], key: str) -> bool:
    """Some condition's column takes different values on the rows of one key."""
    return schema.varies is not None and any(schema.varies(c.column, key) for c in conds if "." in c.column)


def _rated_records(p: Plan) -> str | None:
    """ "what percentage of tracks are rock": the share of the records named (tracks), whose genre is
    reached through their key, never the share of the genres."""
    e = p.s.entity
    cond_tables = {c.column.split(".", 1)[0] for c in p.rate_cond}
    if e is None or e.value or cond_tables == {e.key}:
        return None
    return e.key if all(join_path(p.schema, e.key, t) is not None for t in cond_tables) else None


EXTREME_WORDS = word_set("extreme_words")
"""Words of an extreme that do not end in -est."""


NOT_HOLDING = frozenset(
    {"and", "or", "is", "was", "are", "were", "be", "s", "what", "whats", "also", "plus", "of", "by", "for",
     "in", "at", "to", "on", "from", "many", "much", "the", "a", "an", "how", "show", "give", "find", "list",
     "get", "tell", "me", "us", "their", "its", "our"}
)  # fmt: skip
"""Words before "the lowest X" (or "it") that do not say the counted rows hold it (every other word, a
verb such as have, pay or earn, does)."""


def _count_at_extreme(p: Plan) -> None:
    """ "the lowest credit score, and how many customers have that score": the rows at the extreme value,
    counted (one group: the lowest value and its count), never every row counted beside the minimum."""
    s, schema = p.s, p.schema
    kinds = [m.agg for m in p.measures]
    counts = (["count", "min"], ["count", "max"], ["count_distinct", "min"], ["count_distinct", "max"])
    if sorted(kinds) not in counts or p.group or s.grain is not None:
        return  # ("how many routes have the shortest flight time": the distinct routes at that extreme)
    extreme = next(m for m in p.measures if m.agg in ("min", "max"))
    words = schema.col(extreme.column or "").words if extreme.column else ()
    w = s.words
    said = any(
        (w[i] in ("that", "this") and w[i + 1] in (*words, "value", "one", "amount", "figure"))
        or (w[i] not in NOT_HOLDING and w[i + 1] == "it")
        for i in range(len(w) - 1)
    )  # "how many customers have that score", "... pay it": the extreme's own rows
    said = said or any(
        (w[i - 1] not in NOT_HOLDING or w[i - 1] in ("in", "at"))
        and "and" not in w[:i]
        and w[i] == "the"
        and (w[i + 1].endswith("est") or w[i + 1] in EXTREME_WORDS)
        for i in range(1, len(w) - 1)
    )  # "how many customers have the lowest charge amount", "pay the lowest premium", "are in the
    # highest age group"; never "how many customers and the lowest premium", "how many, what's the lowest"
    if not said or extreme.column is None:
        return
    p.measures = [m for m in p.measures if m.agg in ("count", "count_distinct")]
    p.group = [extreme.column]
    p.order_by, p.order, p.limit = extreme.column, "asc" if extreme.agg == "min" else "desc", 1
    s.superlative = None


def _bridged_count(p: Plan) -> None:
    """ "customers with more than one address": addresses reach customers only through a linking table
    (customer_addresses), so each customer's addresses are its rows there, counted per customer."""
    s, schema = p.s, p.schema
    whole, rows = s.target_entity, s.entity
    if not (s.count and s.having) or whole is None or rows is None or whole.value or rows.value:
        return
    if any(m.column for m in p.measures) or any(
        r.table == rows.key and r.ref_table == whole.key for r in schema.relations
    ):
        return
    link = bridge(schema, whole.key, rows.key)
    if link is None or join_path(schema, rows.key, whole.key):
        return
    if p.values or p.flags or s.conds or s.ranges:
        return  # a condition on the addresses themselves would need them joined too
    linked = Sense("entity", link[0])
    s.entity = p.entity = linked
    s.entities = [linked if e == rows else e for e in s.entities]
    s.notes.append(
        f"{schema.tables[rows.key].entity} counted by their links in {schema.tables[link[0]].entity}"
    )


def _target_records(p: Plan) -> None:
    """The records a "which"/"top N" question returns: their own rows, or groups of another table."""
    s, schema = p.s, p.schema
    target_entity = p.target_entity = s.target_entity
    if target_entity is not None and not p.measures:
        others = [
            b
            for b in s.bare
            if schema.col(b).role == Role.MEASURE and schema.col(b).table != target_entity.key
        ]
        if others:
            oc = schema.col(others[0])
            agg = default_agg(oc)
            if agg is None and _summed(oc) and {"number", "total"} & set(s.words):
                agg = "sum"  # "the top 5 reps by number of boxes shipped": the boxes added up
            if agg is None:
                raise Decline("clarify", f"Total or average {schema.col(others[0]).name}? Please say which.")
            p.measures.append(Measure(agg, others[0]))
            s.bare.remove(others[0])
    if target_entity is None:
        return
    if target_entity.value:
        p.group.insert(0, target_entity.value)
    elif not p.measures and not s.superlative and not s.count:
        p.kind = "list"
        p.entity = target_entity
    elif (
        p.measures
        and all(m.column and schema.col(m.column).table == target_entity.key for m in p.measures)
        and not (
            s.target and any(m.agg == "avg" for m in p.measures)
        )  # "which hotel ... best average guest score"
    ):
        # "top 5 customers by monthly charges": rows of the entity's own table
        p.kind = "list"
        p.entity = target_entity
        m0 = p.measures[0]
        if m0.agg in ("max", "min") and not s.rank:
            p.order_by, p.order, p.limit = m0.column, "desc" if m0.agg == "max" else "asc", p.limit or 1
        elif s.rank:
            p.order_by, p.order = m0.column, s.rank
        elif s.superlative and m0.agg in ("sum", "avg"):
            # "which 5 companies made the most profit": each row is one company, ranked by its own profit
            p.order_by, p.order, p.limit = m0.column, s.superlative, p.limit or 1
        else:
            raise Decline(
                "clarify",
                f"Each row is one {schema.tables[target_entity.key].entity_singular}; rank them by what?",
            )
    else:
        p.entity = p.entity or target_entity
        measure_tables = {schema.col(m.column).table for m in p.measures if m.column}
        if (measure_tables and target_entity.key not in measure_tables) or (
            p.entity is not None and p.entity.key != target_entity.key
        ):
            # "top 5 customers by revenue": group the measure's rows by their customer
            p.group.insert(0, "@!" + target_entity.key)


def _targets_and_distinct(p: Plan) -> None:
    """ "which plan ...": the column returned is a group; "the different X": its values once each."""
    s, schema = p.s, p.schema
    if s.target and not (s.distinct and not s.count and not p.measures):
        for t in s.target:
            if t not in p.group:
                p.group.insert(0, t)
    if s.distinct and (s.count or p.measures):
        # "the different transaction types, and how many transactions of each"
        p.group = [*p.group, *[t for t in s.target if t not in p.group]]
    elif s.distinct:
        p.kind = "distinct"
        p.columns = list(s.target) + [
            b for b in s.bare if schema.col(b).role != Role.MEASURE and b not in s.target
        ]
        s.bare = [b for b in s.bare if b not in p.columns]


def _count_other_records(p: Plan) -> None:
    """ "customers who placed orders in 2024": count distinct keys in the other table."""
    s, schema, entity = p.s, p.schema, p.entity
    if not (s.count and entity is not None and not entity.value and not p.measures):
        return
    others = list(s.entities)
    if s.event and s.time_col and not s.neg_entities:
        # "customers who have ordered": the records of the event's table (orders), by their key
        others.append(Sense("entity", s.time_col.split(".", 1)[0]))
    for other in others:
        if other.key != entity.key and not other.value and other not in s.neg_entities:
            rel = [r for r in schema.relations if r.table == other.key and r.ref_table == entity.key]
            if rel:
                p.entity = Sense("entity", other.key, f"{other.key}.{rel[0].column}")
                break


def _count_conditions(p: Plan) -> None:
    """ "channels with at least 5000 orders": the named columns are the groups."""
    s, schema = p.s, p.schema
    if not s.having:
        return
    dims = [b for b in s.bare if schema.col(b).role != Role.MEASURE and b not in p.group]
    p.group += dims
    s.bare = [b for b in s.bare if b not in dims]
    distinct = [m for m in p.measures if m.agg == "count_distinct" and m.column]
    if distinct and not p.group:
        # "how many plans have over 1000 customers": count the plans that pass
        p.group.append(distinct[0].column or "")
        p.measures.remove(distinct[0])
        s.count_groups = True
    if not p.group:
        raise Decline(
            "clarify", "Which records should have that many? e.g. 'channels with at least 5 orders'."
        )


def _lone_count(p: Plan) -> Measure | None:
    """The plan's one figure when it is a plain count of records (no column, no condition), else None."""
    m = p.measures[0] if len(p.measures) == 1 else None
    return m if m is not None and m.agg == "count" and not m.column and not m.condition else None


def _units_of_a_named_item(p: Plan) -> None:
    """ "How many juices did we sell?" of transactions with a Quantity (some above 1) and an Item column:
    the juices sold are the units (the quantities' total), never the transactions that sold juice. Only
    with a verb of selling and the item's value said in the plural; said in the interpretation."""
    s, schema = p.s, p.schema
    count = _lone_count(p)
    if count is None or s.having or not (sale_verbs_said(s.turn_words) or sale_verbs_said(s.words)):
        return
    valued = {c.split(".", 1)[0] for c, _, _ in p.values}
    table = (
        count.table or (p.entity.key if p.entity else None) or (valued.pop() if len(valued) == 1 else None)
    )
    if table is None or table not in schema.tables:
        return
    units = [c for c in units_of(schema, table) if c.is_numeric]
    if len(units) != 1 or not isinstance(units[0].maximum, int | float) or units[0].maximum <= 1:
        return
    named = [
        v
        for c, v, neg in p.values
        if not neg
        and isinstance(v, str)
        and c.startswith(f"{table}.")
        and (_said_in_plural(v, s.turn_words) or _said_in_plural(v, s.words))
    ]
    if len(named) != 1:
        return
    p.measures = [Measure("sum", units[0].qualified)]
    s.notes.append(
        f"'{plural(named[0].lower())}' counted in units ({units[0].name}), not {schema.tables[table].entity}"
    )


def _said_in_plural(value: str, words: tuple[str, ...]) -> bool:
    """Whether the words say the value in the plural ("iPhones", read as the words "i phones")."""
    said = [*phrase_tokens(value)]
    if not said:
        return False
    said[-1] = plural(said[-1])
    n = len(said)
    return any(tuple(words[i : i + n]) == tuple(said) for i in range(len(words) - n + 1))


DOCUMENT_KEYS = ("number", "no", "id", "key", "code", "ref")
"""Last words of a document's own number on its lines (OrderNumber, invoice_no)."""


def _documents_counted(p: Plan) -> None:
    """ "customers who ordered more than 5 times" of order lines (OrderNumber repeats on each line of an
    order): the orders counted are the distinct order numbers, never the lines. In place."""
    if not p.s.having or _lone_count(p) is None or p.entity is None:
        return
    t = p.schema.tables.get(p.entity.key)
    if t is None:
        return
    said = {w[:-2] if w.endswith("ed") else w[:-1] if w.endswith("s") else w for w in p.s.turn_words}
    docs = [
        c
        for c in t.columns.values()
        if len(c.words) == 2
        and c.words[0] in said
        and c.words[0] in DOCUMENT_WORDS
        and c.words[1] in DOCUMENT_KEYS
        and 1 < c.distinct < t.row_count
        and c.qualified not in p.group  # "customers ... 5 times": never the customer key split by
        # a key to a table of the documents themselves is counted through that table
        and not any(r.table == t.name and r.column == c.name for r in p.schema.relations)
    ]
    if len(docs) == 1 and not _other_things_counted(p.s, docs[0].words[0]):
        p.measures = [Measure("count_distinct", docs[0].qualified)]
        p.s.notes.append(f"each {docs[0].words[0]} counted once ({docs[0].name}), not its lines")


def _other_things_counted(s: Slots, document: str) -> bool:
    """ "brands with at least 15 items ordered": the number counts the things it names (the lines), never
    the documents the verb after them is of ("customers who ordered more than 5 times" counts orders)."""
    numbers = {str(c.value) for c in s.having}
    words = s.turn_words
    named = [words[i + 1] for i, w in enumerate(words[:-1]) if w in numbers]
    return any(singular(w) not in (document, "time") and w.isalpha() and w.endswith("s") for w in named)


ONE_RECORD = {("does", "a"), ("does", "an"), ("does", "each"), ("do", "each"), ("did", "a"), ("did", "each")}
"""Words before the records one of which a figure is asked of ("how many packets does a member buy")."""


def _one_record_asked(schema: Schema, s: Slots, m: Measure) -> str | None:
    """The key of the records named after "does a" whose rows the amount's rows point at: the amount is
    each one's total (averaged over those with rows), never a row's."""
    ent = s.entity
    table = schema.col(m.column or "").table
    if (
        ent is None
        or ent.value
        or ent.key == table
        or not set(zip(s.words, s.words[1:], strict=False)) & ONE_RECORD
    ):
        return None
    rel = [r for r in schema.relations if r.table == table and r.ref_table == ent.key]
    return f"{table}.{rel[0].column}" if len(rel) == 1 else None


def _each_group_on_average(p: Plan) -> str | None:
    """The group of "on average, how many X does each <group> have": said after "each"/"every" right
    before its noun, one amount added up (a count of things or money), asked with "how many/much"."""
    s, schema = p.s, p.schema
    on_average = s.on_average or ("on", "average") in set(zip(s.words, s.words[1:], strict=False))
    if not on_average or p.kind != "aggregate" or len(p.group) != 1 or len(p.measures) != 1:
        return None
    m, g = p.measures[0], p.group[0]
    if m.agg not in ("sum", "avg") or not m.column or m.condition or "." not in g or g.startswith(("@", "!")):
        return None
    if not _summed(schema.col(m.column)) or not (s.how_much or "many" in s.words):
        return None
    words = list(s.words)
    said = {singular(w) for w in schema.col(g).words}
    each = any(
        w in ("each", "every") and k + 1 < len(words) and singular(words[k + 1]) in said
        for k, w in enumerate(words)
    )
    return g if each else None


def _on_average(p: Plan) -> None:
    """ "on average" said after the figure: an average; a total of one amount becomes its average
    ("how many hours do customers spend on the app on average"); with no amount to average, asked."""
    s, schema = p.s, p.schema
    each = _each_group_on_average(p)
    if each is not None:
        # "on average, how many units of stock does each supplier have": each supplier's total, averaged
        # over the suppliers (one figure), never each supplier's average row
        p.measures = [replace(p.measures[0], agg="sum", per_key=each)]
        p.group = []
        return
    if not s.on_average or any(m.agg in ("avg", "median") for m in p.measures):
        return
    summed = [m for m in p.measures if m.agg == "sum" and m.column and not m.condition]
    if p.kind == "aggregate" and len(p.measures) == 1 and summed:
        key = _one_record_asked(schema, s, summed[0])
        if key is not None:
            # "how many packets does a member buy on average": each member's total, averaged
            p.measures = [replace(summed[0], per_key=key)]
            return
        p.measures = [replace(summed[0], agg="avg")]
        return
    extreme = [
        m
        for m in p.measures
        if m.agg in ("max", "min") and m.column and not m.condition and schema.col(m.column).is_numeric
    ]
    if (
        p.kind == "aggregate"
        and len(p.measures) == 1
        and extreme
        and (p.group or s.target or s.target_entity)
    ):
        # "which category has the highest price on average": ranked by each category's average
        s.superlative = "desc" if extreme[0].agg == "max" else "asc"
        p.measures, p.superlative_measure = [replace(extreme[0], agg="avg")], False
        return
    amounts = [b for b in s.bare if schema.col(b).role == Role.MEASURE and schema.col(b).is_numeric]
    if p.kind == "aggregate" and not p.measures and len(amounts) == 1 and not s.count:
        if s.superlative and (p.group or s.target_entity or s.time_target):
            return  # "which class flies the longest distances on average": ranked by the average (_default_figure)
        p.measures = [Measure("avg", amounts[0])]  # "the salary on average by city"
        s.bare.remove(amounts[0])
        return
    raise Decline("clarify", "An average of what? Name the amount, e.g. 'average age by city'.")


def _count_named(c: Col, words: tuple[str, ...]) -> bool:
    """ "show total flights by month" of a Total Flights column: a count said by its whole name is summed."""
    if len(c.words) < 2 or c.words[0] not in word_set("count_heads") or c.money:
        return False
    n = len(c.words)
    return any(tuple(words[i : i + n]) == c.words for i in range(len(words) - n + 1))


def _has_some(p: Plan) -> None:
    """ "how many bookings asked for a parking space", "made through a company": a count of records whose
    one otherwise unused column holds something: a count above 0, or any value where most are empty."""
    s, schema = p.s, p.schema
    negation = {w for phrase in word_classes()["negation"] for w in phrase if len(phrase) == 1}
    said = sum(1 for w in s.words if w in negation)
    used = sum(1 for f in s.flags if f[1]) + sum(1 for v in s.values if v[2])
    if p.kind != "aggregate" or s.having or not p.measures or said > used:
        return  # "without a travel agent" is not read here: no negation is ever dropped (one that
        # denied a yes/no word or a value, "contacted in May who did not subscribe", is used)
    if p.rate_cond:
        return
    if any(m.agg != "count" or m.column for m in p.measures):
        # "the value of invoices paid late": a figure of the records in that state
        state = state_said(schema, s.bare, s.words)
        if state is not None and not _explained(state.column, p.filters, p.measures):
            p.filters.append(state)
            s.bare = [b for b in s.bare if b != state.column]
        return
    bare = [b for b in s.bare if b not in p.columns and b not in p.group and not _explained(b, p.filters, [])]
    if len(bare) != 1:
        return
    c = schema.col(bare[0])
    state = state_said(schema, s.bare, s.words)
    if state is not None and state.column == bare[0]:
        # "how many invoices were paid on time" of DaysLate: none late (its state's opposite said)
        p.filters.append(state)
        s.bare = [b for b in s.bare if b != bare[0]]
        return
    quantities = {b.target for b in schema.concepts if b.concept == "quantity"}
    if (
        c.role == Role.MEASURE
        and c.dtype.upper() in INTEGER_TYPES
        and c.words[-1:][0:1]
        and (c.words[-1] in QUANTITY_WORDS or c.qualified in quantities or _count_named(c, s.words))
    ):
        # "how many phones did we sell? in units": the units counted are the quantities summed ("how many
        # cards do they hold on average": averaged)
        p.measures = [Measure("avg" if s.on_average else "sum", bare[0])]
        s.bare = [b for b in s.bare if b != bare[0]]
        return
    held = some_of(schema, c)
    if held is None:
        return
    p.filters.append(held)
    s.bare = [b for b in s.bare if b != bare[0]]


LENGTH_SUPERLATIVES = frozenset({"longest", "shortest"})
"""Superlatives of a record's length in time ("the longest track")."""


def _owner_of_biggest(p: Plan) -> bool:
    """ "which customer placed the biggest order": one record ranked by its size, its owner shown
    (not the customer with the most orders: a size word before one record said in the singular)."""
    s, target, entity = p.s, p.s.target_entity, p.entity
    if target is None or entity is None or target.value or p.group != ["@!" + target.key]:
        return False
    at = [i for i, w in enumerate(s.words) if w in SIZE_SUPERLATIVES]
    said = s.words[at[0] + 1] if at and at[0] + 1 < len(s.words) else ""
    if not said or join_path(p.schema, entity.key, target.key) is None:
        return False
    if singular(said) != said:
        what = p.schema.tables[entity.key].entity
        raise Decline("clarify", f"The most {what}, or the largest {singular(said)}? Please say which.")
    p.group, p.shown = [], target.key
    return True


def _column_of_biggest(p: Plan) -> bool:
    """ "the biggest single transaction, and in which city": one record ranked by its size, the column
    asked after it shown beside (never the city with the most transactions). Only where the size word is
    said of one record ("single", or the records' noun in the singular) before the question word."""
    s, entity = p.s, p.entity
    if (
        entity is None
        or len(p.group) != 1
        or p.group != s.target
        or p.schema.col(p.group[0]).table != entity.key
    ):
        return False
    at = [i for i, w in enumerate(s.words) if w in SIZE_SUPERLATIVES]
    asked = [i for i, w in enumerate(s.words) if w in ("which", "what")]
    said = s.words[at[0] + 1] if at and at[0] + 1 < len(s.words) else ""
    record = phrase_tokens(p.schema.tables[entity.key].entity_singular)[-1:]
    if not at or not asked or asked[-1] < at[0] or not (said == "single" or (said,) == record):
        return False
    s.bare.append(p.group[0])
    s.target.remove(p.group[0])
    p.group = []
    return True


def _people_of_a_value(p: Plan) -> None:
    """ "how many managers left?" in a table of employees: the people whose job role is Manager (a count
    of rows), never the number of different job roles that are Manager."""
    schema = p.schema
    held = {f.column for f in p.filters if f.op == "="} | {v[0] for v in p.values if not v[2]}
    people = {b.target for b in schema.concepts if "." not in b.target and b.concept in PEOPLE}
    for i, m in enumerate(p.measures):
        if m.agg == "count_distinct" and m.column in held and m.column.split(".", 1)[0] in people:
            p.measures[i] = Measure("count", table=m.column.split(".", 1)[0])


def _any_single_record(p: Plan) -> None:
    """ "the most support time any single customer has used": the largest value of one record, never the
    total (a superlative with "any" and no split)."""
    s = p.s
    if not (
        s.superlative and "any" in s.words and not p.group and not s.target_entity and len(p.measures) == 1
    ):
        return
    m = p.measures[0]
    if m.agg == "sum" and m.column and not (m.over or m.per or m.per_key or m.since):
        p.measures = [replace(m, agg="max" if s.superlative == "desc" else "min")]
        s.superlative = None


SHARE_WORDS = word_set("share_words")
"""Words of a share said before "of" and its whole ("what share of women ...")."""
JUDGED_WORDS = word_set("judged_words")
"""Words that judge records without saying by what ("the best month")."""


def _total_beside_average(p: Plan) -> None:
    """ "revenue and average spend by gender": an amount named on its own beside its average is its
    total, a figure of its own (never dropped as said twice). In place."""
    s, schema = p.s, p.schema
    if p.kind != "aggregate" or not p.measures or "and" not in s.words:
        return
    for b in list(s.bare):
        col = schema.col(b)
        aggs = {m.agg for m in p.measures if m.column == b and not (m.per or m.per_key or m.condition)}
        if aggs and aggs <= {"avg", "median"} and col.money and default_agg(col) == "sum":
            p.measures.insert(0, Measure("sum", b))
            s.bare.remove(b)


def _amounts_compared(p: Plan) -> None:
    """ "how do small products compare with large ones in sales and boxes": two amounts named in a
    comparison with nothing said of them are each one's total. In place."""
    s, schema = p.s, p.schema
    if p.kind != "aggregate" or p.measures or s.count or not s.versus or len(s.bare) < 2:
        return
    amounts = [b for b in s.bare if schema.col(b).role == Role.MEASURE and schema.col(b).is_numeric]
    if len(amounts) == len(s.bare) and all(_summed(schema.col(b)) for b in amounts):
        p.measures = [Measure("sum", b) for b in amounts]
        s.bare = []


def _summed(c: Col) -> bool:
    """Money, a count, or whole things named in the plural (Boxes): added up when nothing else is said."""
    plural_things = (
        c.dtype.upper() in INTEGER_TYPES and bool(c.words) and singular(c.words[-1]) != c.words[-1]
    )
    return default_agg(c) == "sum" or (plural_things and not c.averaged and c.unit is None)


def _total_beside_count(p: Plan) -> None:
    """ "the number of invoices and the amount billed by country": an amount of money named after "and"
    beside a count of the records is their total (money is summed). In place."""
    s, schema = p.s, p.schema
    if p.kind != "aggregate" or [m.agg for m in p.measures] != ["count"] or p.measures[0].column:
        return
    if "and" not in s.words or p.rate_cond or s.having:
        return
    money = [b for b in s.bare if schema.col(b).money and default_agg(schema.col(b)) == "sum"]
    if len(money) == 1 and len(s.bare) == 1:
        p.measures.append(Measure("sum", money[0]))
        s.bare.remove(money[0])


def _no_split_by_its_own_figure(p: Plan) -> None:
    """ "do smokers have a different BMI? the average BMI for smokers and non-smokers": a split by the very
    column averaged beside another split is the word said twice (the BMI of each BMI); the other split
    stays. In place."""
    if p.kind != "aggregate" or len(p.group) < 2:
        return
    figured = {m.column for m in p.measures if m.agg in ("avg", "sum", "min", "max", "median") and m.column}
    kept = [g for g in p.group if g not in figured]
    if kept and len(kept) < len(p.group):
        p.group = kept


def _count_column(schema: Schema, table: str) -> Col | None:
    """The one column of a table that counts its own records (Total Flights of flights, where each row is a
    member's month): each row is several of them."""
    t = schema.tables[table]
    own = {plural(w) for w in phrase_tokens(t.entity)[-1:]}
    heads = word_set("count_heads")
    counts = [
        c
        for c in t.columns.values()
        if c.role == Role.MEASURE
        and c.is_numeric
        and not c.money
        and len(c.words) in (1, 2)
        and c.words[-1] in own
        and (len(c.words) == 1 or c.words[0] in heads)
    ]
    return counts[0] if len(counts) == 1 else None


def _counted_in_a_column(p: Plan) -> None:
    """ "the total number of flights" where each row of flights is a member's month with a Total Flights
    column: the records are counted by that column (its sum), never by the rows; "the average distance
    per flight" is the distance over that sum."""
    for i, m in enumerate(p.measures):
        table = m.table or (p.entity.key if p.entity is not None and not p.entity.value else None)
        if m.agg == "avg" and m.column and not (m.over or m.per_key or m.condition):
            table = m.column.split(".", 1)[0]
            per = {singular(w) for w in phrase_tokens(p.schema.tables[table].entity)[-1:]}
            said = any(
                a == "per" and singular(b) in per for a, b in zip(p.s.words, p.s.words[1:], strict=False)
            )
            counts = _count_column(p.schema, table) if said else None
            if counts is not None:
                p.measures[i] = replace(m, agg="sum", over=counts.qualified, per_each=True)
                p.s.notes.append(f"each row counts several {p.schema.tables[table].entity} ({counts.name})")
            continue
        if m.agg != "count" or m.column or table is None or table not in p.schema.tables:
            continue
        counts = _count_column(p.schema, table)
        if counts is not None:
            p.measures[i] = replace(m, agg="sum", column=counts.qualified, table=None)
            p.s.notes.append(f"each row counts several {p.schema.tables[table].entity} ({counts.name})")


ANYONE = frozenset({"any", "anyone", "anybody", "ever"})
"""Words making a superlative one record's value ("the most calories anyone burned"), never a ranking."""


def _one_record_named(schema: Schema, filters: list[Cond], column: str) -> bool:
    """A filter names one record of the column's table by its identifier."""
    table = column.split(".", 1)[0]
    return any(
        f.op == "=" and f.column.split(".", 1)[0] == table and schema.col(f.column).role == Role.IDENTIFIER
        for f in filters
    )


def _default_figure(p: Plan) -> None:
    """No figure named: a count, the total of a money column, the row with the largest value, or a
    list, from what else was said; declined when nothing says which."""
    s, schema, entity, group = p.s, p.schema, p.entity, p.group
    if p.measures or p.kind != "aggregate":
        return
    bare_measures = [b for b in s.bare if schema.col(b).role == Role.MEASURE and schema.col(b).is_numeric]
    if (s.rank or s.superlative) and not (bare_measures or s.count) and set(s.words) & JUDGED_WORDS:
        # "which month was the best?": best by which figure, the data cannot say
        raise Decline("clarify", "Best by which figure? Say e.g. 'which month had the highest revenue'.")
    if s.than and bare_measures:
        # "do students carry more debt than non-students": groups of different sizes, so a total would
        # answer another question than the average one
        label = schema.col(bare_measures[0]).label
        raise Decline("clarify", f"More {label} in total, or on average? Please say which.")
    if s.superlative and len(bare_measures) == 1 and set(s.words) & ANYONE and not (group or s.target_entity):
        # "the most support time any single customer has used": the largest value of one record
        p.measures.append(Measure("max" if s.superlative == "desc" else "min", bare_measures[0]))
        s.bare.remove(bare_measures[0])
        s.superlative = None
        return
    ranked = s.target_entity
    if (
        s.superlative
        and len(bare_measures) == 1
        and not (s.count or group or s.time_target)
        and ranked is not None
        and not ranked.value
        and schema.col(bare_measures[0]).table == ranked.key
        and schema.tables[ranked.key].key
    ):
        # "which customers spend the most" of a customer list: the customers ranked by their own figure
        p.kind, p.order_by, p.order = "list", bare_measures[0], s.superlative
        p.limit = p.limit or s.limit or 1
        return
    if s.superlative and bare_measures and not s.count and (group or s.target_entity or s.time_target):
        # "which customer spent the most": rank by the total of the money column
        col = schema.col(bare_measures[0])
        agg = "avg" if s.on_average else default_agg(col)  # "the longest distances on average"
        if agg is None:
            raise Decline("clarify", f"The most by total or average {col.name}? Please say which.")
        p.measures.append(Measure(agg, bare_measures[0]))
        s.bare.remove(bare_measures[0])
    elif s.count and entity is not None:
        p.measures.append(_count(schema, entity, s.words))
    elif s.count and (summed := [b for b in bare_measures if b not in s.held]):
        p.measures.append(Measure("sum", summed[0]))
        s.bare.remove(summed[0])
    elif (
        s.superlative
        and not s.time_target
        and entity is not None
        and not s.count
        and (not group or _owner_of_biggest(p) or _column_of_biggest(p))
    ):
        # "the largest transaction": the row with the largest money value, if only one fits
        tbl = schema.tables[entity.key]
        if s.by_count:
            # "which product was ordered the most": how often, which the rows alone do not say
            raise Decline(
                "clarify",
                f"The most of what? Name the records, e.g. 'which {tbl.entity_singular} has the most orders'.",
            )
        money = [c.qualified for c in tbl.columns.values() if c.money and c.is_numeric]
        own = [b for b in bare_measures if schema.col(b).table == entity.key]
        if set(s.words) & LENGTH_SUPERLATIVES:
            # "the longest track": by its length (a column counted in a unit of time), never its price
            money = own or [
                c.qualified for c in tbl.columns.values() if c.is_numeric and c.measured_in in TIME_UNITS
            ]
        if len(own) == 1:
            money = own  # "how long is the longest track": its length named, the rows ranked by it
            s.bare.remove(own[0])
        costs = {b.target for b in schema.concepts if b.concept == "cost"}
        if len(money) > 1 and (priced := [q for q in money if q not in costs]):
            money = priced  # "the most expensive product": its price, not its cost
        if len(money) > 1 and len(paid := [q for q in money if not schema.col(q).is_price]) == 1:
            money = paid  # "the biggest single purchase": by what was paid, never its unit price
        if len(money) != 1:
            raise Decline("clarify", f"Largest by what? Name a column of {tbl.entity}.")
        p.kind, p.order_by, p.order, p.limit = "list", money[0], s.superlative, p.limit or 1
    elif s.superlative and s.order_extreme and s.time_col and group and not s.count:
        # "which product was added to the catalog earliest": by the date said, never by how many
        p.measures.append(Measure("min" if s.superlative == "asc" else "max", s.time_col))
    elif s.count or (s.superlative and (group or s.time_target)):
        p.measures.append(_count(schema, entity, s.words) if entity else Measure("count"))
        counted = s.count_of[0] if s.count_of else entity
        worth = _records_worth(schema, counted) if s.count and s.how_much and not bare_measures else None
        if worth is not None and _how_many_and_how_much(s.words):
            # "how many donations and how much in total": the count and the one amount the records hold
            p.measures.append(Measure("sum", worth))
            s.notes.append(f"'how much' read as the total {schema.col(worth).label}")
    elif _how_much_of(schema, s, bare_measures, group):
        # "how much did we collect in tips": the total of the one amount named, money or not
        p.measures.append(Measure("sum", bare_measures[0]))
        s.bare.remove(bare_measures[0])
    elif s.how_much and not bare_measures and (sold := _sales_said(schema, s)) is not None:
        # "how much did we sell last year": the one revenue the data keeps, in total
        p.measures.append(Measure("sum", sold))
        s.notes.append(f"'how much ... sell' read as the total {schema.col(sold).label}")
    elif (
        s.how_much
        and not bare_measures
        and (worth := _records_worth(schema, entity or _grouped_records(group))) is not None
    ):
        # "how much did we refund each year" of a table of refunds: the total of the one amount they hold
        p.measures.append(Measure("sum", worth))
        s.notes.append(f"'how much' read as the total {schema.col(worth).label}")
    elif bare_measures and not group and _one_record_named(schema, p.filters, bare_measures[0]):
        # "the credit limit for customer key 47437": that record's value (each row of it, if repeated)
        p.kind = "list"
    elif (
        bare_measures
        and (
            group or s.grain is not None or s.rank or len(s.ranges) > 1 or schema.col(bare_measures[0]).money
        )
        and (
            not s.list_word
            or _other_records(schema, bare_measures[0], group)
            or (group and schema.col(bare_measures[0]).money)
        )
    ):
        # ("show revenue by country": a money total per group, whatever verb asks for it)
        col = schema.col(bare_measures[0])
        if s.rank and (s.target_entity is None) and not group:
            p.kind, p.order_by = "list", bare_measures[0]
        elif default_agg(col) is not None:
            # "revenue and profit by category": each amount of money named, totalled per group
            more = [b for b in bare_measures[1:] if group and col.money and schema.col(b).money]
            for b in [bare_measures[0], *(b for b in more if default_agg(schema.col(b)) is not None)]:
                p.measures.append(Measure(default_agg(schema.col(b)) or "sum", b))
                s.bare.remove(b)
        else:
            raise Decline(
                "clarify",
                f"Do you want the total or the average of {col.name}? "
                f"Say e.g. 'average {col.name}' or 'total {col.name}'.",
            )
    elif s.how_much and not bare_measures and (group or s.grain is not None) and not s.list_word:
        # "how much did we bring in for each fiscal year" where no one amount is plain: never a count
        raise Decline("clarify", "How much of what? Please name the amount, e.g. 'total amount by ...'.")
    elif s.list_word and group and all(g.startswith("@") for g in group) and s.grain is None:
        # "show name, city and dates for each address history": one row each
        p.kind, p.group = "list", []
        p.entity = entity or next((e for e in s.entities if not e.value), None)
    elif group or s.grain is not None or (s.event and s.ranges and not s.list_word):
        # "orders by channel", "new customers this year": counts
        if entity is None and s.event:
            entity = p.entity = Sense("entity", s.time_col.split(".", 1)[0]) if s.time_col else None
        p.measures.append(_count(schema, entity, s.words) if entity else Measure("count"))
    elif (sold := _sales_as_figure(schema, s)) is not None:
        # "what were sales of Bites in India", "what are our sales year to date": the sales' total
        p.measures.append(Measure("sum", sold))
    elif s.list_word or entity is not None or s.bare or p.filters or s.sort:
        p.kind = "list"
    else:
        raise Decline("unsupported", "I could not find a question about this data in that.")


def _other_records(schema: Schema, measure: str, group: list[str]) -> bool:
    """ "show revenue by product category": the figure is of other records than those grouped by
    ("@Categories"), so it is a total per group, never a column listed beside each one."""
    tables = {g.lstrip("@!") for g in group if g.startswith("@")}
    return bool(tables) and len(tables) == len(group) and schema.col(measure).table not in tables


def _shown_columns_grouped(p: Plan) -> None:
    """ "show the transaction type and the number of transactions": the columns shown are groups."""
    s, schema = p.s, p.schema
    early = [b for b in s.bare if b not in p.group and not _explained(b, p.filters, p.measures)]
    explicit = bool(s.count or s.measures or s.rate_at)
    if (
        p.kind == "aggregate"
        and early
        and (s.list_word or s.distinct or s.superlative)
        and explicit
        and not s.rank
        and all(schema.col(b).role != Role.MEASURE for b in early)
    ):
        p.group = [*p.group, *early]
        s.bare = [b for b in s.bare if b not in early]


def _superlatives(p: Plan) -> None:
    """ "highest rated variation": the category named is ranked; "which plan has the highest MRR":
    by its total; "which product has the highest price": the row with the largest value."""
    s, schema = p.s, p.schema
    own_rows = p.entity is not None and not p.entity.value and s.limit is not None
    dims = [b for b in s.bare if schema.col(b).role == Role.DIMENSION and b not in p.group]
    if (
        p.kind == "aggregate"
        and p.superlative_measure
        and not p.group
        and not p.target_entity
        and len(dims) == 1
        # "the largest quantity of a single product anyone bought": one record's figure, never a ranking
        and not set(s.words) & word_set("one_record_words")
    ):
        p.group.append(dims[0])
        s.bare.remove(dims[0])
    if (
        p.kind == "aggregate"
        and p.superlative_measure
        and (p.group or (s.time_target and s.grain))  # "which month had the highest sales"
        and not s.target_entity
        and len(p.measures) == 1
    ):
        m = p.measures[0]
        mc = schema.col(m.column) if m.column else None
        if mc is not None and m.agg in ("max", "min"):
            if default_agg(mc) is None:
                raise Decline(
                    "clarify", f"Highest average {mc.name} or the single highest {mc.name}? Please say which."
                )
            p.measures = [Measure(default_agg(mc) or "sum", m.column)]
            s.superlative = "desc" if m.agg == "max" else "asc"
            p.superlative_measure = False
    if (
        p.kind == "aggregate"
        and p.superlative_measure
        and (p.group or s.target_entity or own_rows)
        and len(p.measures) == 1
    ):
        m = p.measures[0]
        if m.column and m.agg in ("max", "min"):
            p.kind, p.order_by = "list", m.column
            p.order = "desc" if m.agg == "max" else "asc"
            p.limit = p.limit or 1
            p.columns = [*p.group]
            p.group = []
            p.measures = []


BAD_WORDS = word_set("bad_outcomes")
"""Words of a yes/no thing or a value that is bad to have (negative, churned, late): its highest rate is
the worst."""
BAD_CONCEPTS = frozenset({"churn", "fraud", "default", "complain", "denial", "no_show"})
"""Yes/no concepts (catalog/concepts.yaml) that are bad to have, whatever their column is named."""
GOOD_WORDS = word_set("good_outcomes")
"""Words of one that is good to have (converted, resolved): its highest rate is the best."""


def _judged_rate(p: Plan) -> None:
    """ "which airline has the worst negative rate": best and worst of a rate rank by whether what it
    counts is bad (the highest share of negative tweets is the worst); asked when nothing says."""
    s = p.s
    said = {w for w in s.words if w in ("best", "worst", "better", "worse")}
    rate = next((m for m in p.measures if m.agg == "rate"), None)
    if not said or rate is None or not (s.superlative or s.rank or s.sort):
        return
    words: set[str] = set()
    for c in rate.condition:
        col = p.schema.col(c.column)
        words |= set(col.words) if c.op != "=" or col.role == Role.FLAG else set(str(c.value).lower().split())
    bound = {b.concept for b in p.schema.concepts for c in rate.condition if b.target == c.column}
    bad = bool(words & BAD_WORDS or bound & BAD_CONCEPTS)
    good = bool(words & GOOD_WORDS)
    if bad == good:
        raise Decline("clarify", "Is a higher rate better or worse here? Please say 'highest' or 'lowest'.")
    worst = bool(said & {"worst", "worse"})
    direction = "desc" if worst == bad else "asc"
    s.superlative = direction if s.superlative else s.superlative
    s.rank = direction if s.rank else s.rank
    if s.sort:  # "churn rate by industry, worst first": the highest churn first
        s.sort = (direction, s.sort[1])


EARNED_WORDS = word_set("earned_words")
DONE_VALUES = word_set("done_values")
UNDONE_MARKS = ("cancel", "fail", "not found", "declin", "reject", "no show", "no-show")


def _done_status(schema: Schema, table: str) -> tuple[str, str] | None:
    """(status column, its one value of a thing done) of a table whose status column also holds things
    undone (a ride log's 'Success' beside 'Canceled by Driver', 'Driver Not Found'), else None."""
    found = []
    for c in schema.tables[table].columns.values():
        texts = [v for v in c.values if isinstance(v, str)]
        if c.role != Role.DIMENSION or len(texts) < 2:
            continue
        done = [v for v in texts if v.strip().lower() in DONE_VALUES]
        undone = [v for v in texts if any(m in v.lower() for m in UNDONE_MARKS)]
        if len(done) == 1 and undone:
            found.append((c.qualified, done[0]))
    return found[0] if len(found) == 1 else None


PLEDGE_WORDS = frozenset({"pledged", "pledge", "pledges", "raised"})
"""Name words of an amount promised by backers: raised whatever became of the project."""


def _earned_when_done(p: Plan) -> None:
    """ "revenue by vehicle type" of a ride log whose cancelled bookings carry a fare too: revenue is
    what the rides done brought in ('Success'), said in the interpretation; a status the question names
    itself is kept."""
    s, schema = p.s, p.schema
    if not set(s.words) & EARNED_WORDS:
        return
    summed = [m for m in p.measures if m.agg == "sum" and m.column and schema.col(m.column).money]
    if not summed or len(summed) != len(p.measures):
        return
    if any(set(schema.col(str(m.column)).words) & PLEDGE_WORDS for m in summed):
        return  # what a crowdfunding project raised is all that was pledged, whatever its outcome
    status = _done_status(schema, schema.col(str(summed[0].column)).table)
    if status is None:
        return
    column, done = status
    if any(f.column == column for f in p.filters) or column in p.group:
        return
    p.filters.append(Cond(column, "=", done))
    rows = schema.tables[schema.col(column).table].entity
    s.notes.append(
        f"revenue counts only the {rows} whose {schema.col(column).name} is {done}: the others carry an "
        "amount too, but earned nothing"
    )


PLURAL_VERBS = frozenset(
    {
        "have",
        "had",
        "are",
        "were",
        "do",
        "did",
        "get",
        "got",
        "bring",
        "brought",
        "make",
        "made",
        "show",
        "see",
        "saw",
    }
)
"""Verbs after a plural split that keep it plural ("which store types have the highest ...")."""


def _groups_in_plural(p: Plan) -> bool:
    """ "which store types have the highest average temperature": groups asked in the plural with no
    number, so every group is shown, ranked (the first is the answer, the others its context)."""
    words = list(p.s.turn_words)
    if p.limit or len(p.group) != 1 or "." not in p.group[0] or set(words) & set(NUMBER_WORDS):
        return False
    if not words or words[0] not in ("which", "what") or any(w.isdigit() for w in words):
        return False
    head = singular(p.schema.col(p.group[0]).words[-1]) if p.schema.col(p.group[0]).words else ""
    for k, w in enumerate(words[1:4], start=1):
        if w == "of":
            return False  # "which of those zones is biggest": one of them
        if w != singular(w) and singular(w) == head:
            nxt = words[k + 1] if k + 1 < len(words) else ""
            return nxt in PLURAL_VERBS
    return False


def _plural_asked(p: Plan) -> bool:
    """ "which customers made the most purchases": a superlative of records asked in the plural with no
    number said, so every one tied at the top is shown."""
    s, words = p.s, list(p.s.words)
    if not s.superlative or p.limit != 1 or "which" not in words or set(words) & set(NUMBER_WORDS):
        return False
    said = words[words.index("which") + 1 :]
    return bool(said) and said[0].isalpha() and singular(said[0]) != said[0] and plural(said[0]) == said[0]


def _order_and_limit(p: Plan) -> None:
    """A superlative or a rank orders the groups (one by default, ten for "top")."""
    s = p.s
    if p.kind == "aggregate" and s.superlative and (p.group or p.target_entity or s.time_target):
        p.order = s.superlative
        p.limit = p.limit or (None if _groups_in_plural(p) else 1)
    if p.kind == "aggregate" and s.rank:
        p.order = s.rank
        said = set(s.words) | set(s.turn_words)
        one = s.target or p.target_entity or ("which" in said and said & JUDGED_WORDS)
        p.limit = p.limit or (1 if one else 10)  # "which month is best": one; "top customers": ten
    if p.kind == "aggregate" and s.list_word and not s.count and not s.measures and not s.rate_at and s.bare:
        money = [
            schema_col for b in s.bare if (schema_col := p.schema.col(b)).money and default_agg(schema_col)
        ]
        if len(money) == len(s.bare) == 1 and (p.group or s.grain is not None):
            # "show the monthly revenue": the money totalled per period or group, never rows counted
            p.measures = [Measure("sum", money[0].qualified)]
            s.bare = []
            return
        raise Decline("clarify", "Do you want those rows listed, or a count per group?")
    if p.kind == "aggregate" and s.superlative and not p.group and not s.time_target and not p.target_entity:
        raise Decline(
            "clarify",
            "The most of what, for which? Name what to rank, e.g. 'which plan has the most customers'.",
        )


def _dimension_values(p: Plan) -> None:
    """ "show all card type codes": the values, once each."""
    s, schema = p.s, p.schema
    if (
        p.kind == "list"
        and s.entity is None
        and p.target_entity is None
        and not p.filters
        and not s.sort
        and not p.order_by
        and s.mentioned
        and not s.want_key
        and all(schema.col(q).role == Role.DIMENSION for q in s.mentioned)
    ):
        p.kind, p.columns = "distinct", list(s.mentioned)


def _of_each_row(schema: Schema, s: Slots, column: str) -> bool:
    """A figure of each row, never a total per owner: a level (an account balance on each transaction) or
    a column said with the rows' own noun ("average transaction amount" of transactions)."""
    col = schema.col(column)
    table = schema.tables[column.split(".", 1)[0]]
    own = {singular(w) for w in table.entity_singular.split()}
    return col.is_level or s.row_figure or bool(own & set(col.words) & {singular(w) for w in s.words})


def _grain(p: Plan) -> None:
    """An average per record needs rows that are those records ("average order value" on order
    lines or on payments is a total per order first); declined otherwise."""
    s, schema, entity = p.s, p.schema, p.entity
    per_record = [m for m in p.measures if m.agg in ("avg", "median", "min", "max") and m.column]
    if (
        p.kind == "aggregate"
        and entity is not None
        and entity.value
        and entity.value not in p.group
        and per_record
        and all(
            m.agg == "avg"
            and (m.column or "").split(".", 1)[0] == entity.key
            and default_agg(schema.col(m.column or "")) == "sum"
            and not (m.per_key or m.since or m.over or m.condition)
            and not _of_each_row(schema, s, m.column or "")
            for m in per_record
        )
        and len(per_record) == len(p.measures)
        and not one_row_each(schema, entity.key, entity.value)  # (one row each: the rows' own average)
    ):
        # "average value of an invoice" on invoice lines: the lines' total over the distinct invoices
        p.measures = [Measure("sum", m.column, per_key=entity.value) for m in p.measures]
        per_record = []
    if (
        p.kind == "aggregate"
        and entity is not None
        and entity.value
        and entity.value not in p.group
        and any(
            m.column.split(".", 1)[0] == entity.key
            and not _of_each_row(schema, s, m.column)
            # (the youngest customer's age is the least age on any of their rows)
            and not (m.agg in ("min", "max") and default_agg(schema.col(m.column)) != "sum")
            for m in per_record
            if m.column
        )
        and not one_row_each(schema, entity.key, entity.value)
    ):
        raise Decline(
            "clarify",
            f"Each row of {schema.tables[entity.key].entity} is not one {schema.col(entity.value).name}; "
            f"an average per {schema.col(entity.value).name} needs a total per one first.",
        )
    people = {b.target for b in schema.concepts if b.concept in ("customer", "employee")}
    parts = {r.table for r in schema.relations if entity is not None and r.ref_table == entity.key}
    if (
        p.kind == "aggregate"
        and entity is not None
        and not entity.value
        and entity.key not in people
        and any(
            m.column.split(".", 1)[0] in parts - {entity.key}
            and not (m.agg in ("avg", "median") and schema.col(m.column).averaged)
            for m in per_record
            if m.column
        )
    ):
        # (a score is averaged over the scores given: "average review score for late orders" is over
        # the reviews of those orders, never a total per order first)
        part = next(m.column.split(".", 1)[0] for m in per_record if m.column)
        raise Decline(
            "clarify",
            f"Several {schema.tables[part].entity} can make one {schema.tables[entity.key].entity_singular}; "
            f"an average per {schema.tables[entity.key].entity_singular} needs a total per one first.",
        )
    if (
        p.kind == "list"
        and entity is not None
        and entity.value
        and not p.columns
        and not s.distinct
        and not one_row_each(schema, entity.key, entity.value)  # ("the POs" of PO_ID: the rows themselves)
    ):
        # "customers who ..." on a table of transactions: rows are not customers
        raise Decline(
            "clarify",
            f"Each row of {schema.tables[entity.key].entity} is not one {schema.col(entity.value).name}; "
            "ask for a count or a total per customer instead.",
        )


ALPHABETICAL = frozenset({"alphabetically", "alphabetical", "alphabetic"})
"""Sort words that order the groups themselves, never the figure."""


def _list_order(p: Plan) -> None:
    """A list is ordered by its rank's figure (or declined when none is named), then any sort."""
    s, schema = p.s, p.schema
    if p.kind == "list":
        p.order = p.order or (s.rank if s.rank else None)
        if p.order_by is None and s.rank:
            cand = [m.column for m in p.measures if m.column] + [
                b for b in s.bare if schema.col(b).is_numeric and schema.col(b).role == Role.MEASURE
            ]
            p.order_by = cand[0] if cand else None
            if p.order_by is None:
                raise Decline("clarify", "Top by what? Say e.g. 'top 5 customers by monthly charges'.")
            e = p.entity or p.target_entity
            one = e.key in schema.tables and schema.tables[e.key].entity_singular if e is not None else ""
            if s.rank and p.limit is None and one and one.split()[-1] in s.words:
                p.limit = 1  # "the top customer by spend", "our biggest spender": one record
        p.measures = []
    if p.kind == "list" and not (s.rank or s.superlative or s.limit) and _asks_amount(s.words):
        # "how much did customers pay us in total": an amount, never a list of records
        raise Decline("clarify", "How much of what? Name the amount, e.g. 'total payment value'.")
    if p.kind == "list" and (s.rank or s.superlative) and not p.order_by and not s.sort:
        raise Decline("clarify", "Ranked by what? Name a column, e.g. 'top 5 by monthly charges'.")
    if s.sort:
        direction, sort_col = s.sort
        if sort_col == TIME_SORT:
            sort_col = (
                None  # "oldest first": of the periods when split by time (_time_sorted), else the figure
            )
        if sort_col:
            p.order_by, p.order = sort_col, direction
            if p.kind == "aggregate" and sort_col not in p.group:
                raise Decline("clarify", "I can only sort a grouped answer by one of its groups.")
        elif p.kind == "aggregate" and p.group and set(s.words) & ALPHABETICAL:
            p.order_by, p.order = p.group[0], direction  # "by grade, alphabetically": A, B, C ...
        elif p.kind == "aggregate" or p.order_by:
            p.order = direction


def _linked_groups_only(schema: Schema, s: Slots, table: str, group: list[str]) -> list[Cond]:
    """ "revenue by cuisine" of order lines, a few with no item: a line with no item has no cuisine to
    be split by, so it is left out (and said), never shown as a group of its own."""
    out: list[Cond] = []
    for g in group:
        owner = g.split(".", 1)[0]
        if owner == table or "." not in g:
            continue
        keys = [r for r in schema.relations if r.table == table and r.ref_table == owner]
        if len(keys) != 1:
            continue
        fk = f"{table}.{keys[0].column}"
        missing = schema.col(fk).nulls
        if missing > 0 and not any(c.column == fk for c in out):
            out.append(Cond(fk, "not_null"))
            what = schema.tables[table].entity
            s.notes.append(
                f"{missing} {what} with no {keys[0].column} left out (they have no {schema.col(g).label})"
            )
    return out


def _connected(schema: Schema, a: str, b: str) -> bool:
    """Whether any chain of relations, either way, links two tables."""
    seen, todo = {a}, [a]
    while todo:
        t = todo.pop()
        for r in schema.relations:
            for x, y in ((r.table, r.ref_table), (r.ref_table, r.table)):
                if x == t and y not in seen:
                    seen.add(y)
                    todo.append(y)
    return b in seen


def _own_same_key(schema: Schema, table: str, group: str) -> str:
    """ "redemptions per campaign" where campaign_table.campaign was named and the redemptions keep a
    `campaign` of their own, with no way between the two tables: the counted table's own key."""
    if "." not in group or group.split(".", 1)[0] == table or join_path(schema, table, group.split(".")[0]):
        return group
    keys = (Role.IDENTIFIER, Role.FOREIGN_KEY)
    named = schema.col(group)
    own = [
        c.qualified
        for c in schema.tables[table].columns.values()
        if c.name.lower() == named.name.lower() and c.role in keys and named.role in keys
    ]
    return own[0] if len(own) == 1 else group


def _tables_and_joins(p: Plan) -> None:
    """The base table, bridges and joins, per-entity ratios, labels beside ids, entity filters."""
    s, schema = p.s, p.schema
    p.group = [_link_end(schema, g) for g in p.group]
    if p.entity is not None and p.entity.kind == "entity" and p.group and p.group[0].endswith(p.entity.key):
        p.entity = Sense("entity", p.group[0].lstrip("@!"), p.entity.value)
    p.measures = at_line_grain(schema, s, p.measures, p.group, p.filters)
    p.entity, p.measures = _counted_rows(schema, s, p.entity, p.measures, p.group, p.kind)
    table = _base_table(schema, s, p.measures, p.filters, p.group, p.entity, p.columns)
    p.group = [_own_same_key(schema, table, g) for g in p.group]
    e = p.entity
    if (
        e is not None
        and e.kind == "entity"
        and not e.value
        and e.key != table
        and e.key in schema.tables
        and not _connected(schema, table, e.key)
    ):
        # "what share of all redemptions came from TypeA campaigns" where redemptions never reach the
        # campaigns' type: never a share of the campaigns instead
        raise Decline(
            "clarify",
            f"I don't see how {schema.tables[e.key].entity} relate to {schema.tables[table].entity}.",
        )
    if p.kind == "list":
        table = _list_base(schema, table, p.filters)
    table, p.measures = _through_bridge(
        schema, table, p.group, p.measures, p.kind, bool(sale_verbs_said(s.words))
    )
    p.group, p.measures = _per_entity_ratio(schema, s, table, p.group, p.measures, p.kind)
    group, p.labels = _entity_groups(schema, table, p.group)
    p.group = list(dict.fromkeys(group))
    beside = _records_own_shown(schema, s, p.group, p.labels, p.kind)
    p.labels += beside
    s.bare = [b for b in s.bare if b not in beside]
    if s.known_only and not p.group:
        raise Decline("clarify", "Skip the blanks of what? Name the split, e.g. 'by city, skip blanks'.")
    for g in p.group:
        if s.known_only:
            # "conversion rate by city, skip blanks": never a group of missing or no-value cities
            p.filters.append(
                Cond(g, "not_empty" if schema.col(g).dtype.startswith("VARCHAR") else "not_null")
            )
        elif schema.col(g).role in (Role.IDENTIFIER, Role.FOREIGN_KEY):
            p.filters.append(Cond(g, "not_null"))  # per customer: rows without one are no customer
        elif p.limit and p.order and p.kind == "aggregate" and not p.s.grain:
            p.filters.append(Cond(g, "not_null"))  # "which state sells most": an unknown state is none
        elif s.having and "which" in s.words and p.kind == "aggregate" and not p.s.grain:
            p.filters.append(Cond(g, "not_null"))  # "which segments have exactly one deal": a known one
    p.filters += _entity_filters(schema, s, table, p.entity, p.target_entity, p.measures, p.filters, p.group)
    if p.kind == "aggregate":
        p.filters += _linked_groups_only(schema, s, table, p.group)
    if s.neg_entities and not any(f.op == "not_in_sub" for f in p.filters):
        # "which sales agents have no opportunities": the records with none, never a figure of those with some
        what = schema.tables[s.neg_entities[0].key].entity
        raise Decline("clarify", f"'no {what}': I can't tell which records have none here; please name them.")
    p.table = table
    distinct_cols = sorted({m.column for m in p.measures if m.agg == "count_distinct" and m.column})
    if (
        p.kind == "aggregate"
        and (p.group or s.grain is not None)
        and len(distinct_cols) == 1
        and len(p.measures) == 1
    ):
        # "distinct customers in each country": rows with no customer id name no customer, and a country
        # whose rows have none has no customers to count (it is left out, as it is from a join)
        p.filters.append(Cond(distinct_cols[0], "not_null"))
    if p.kind == "aggregate" and (p.order or p.limit) and not p.group and s.grain is None:
        raise Decline(
            "clarify", "Which of what? Name what to rank, e.g. 'which plan has the most customers'."
        )
    if p.kind == "list":
        shown = p.entity.key if p.entity is not None and not p.entity.value else table
        shown = p.shown or _who_shown(schema, s, shown)
        p.columns = _list_columns(schema, table, shown, s, p.filters, p.columns, p.order_by, p.entity)
        p.columns += _owners_named(schema, s, table, shown, p.columns, p.filters)
        p.columns += _when_shown(schema, s, table, p.columns)
    _who_did_it_shown(schema, s, p.columns if p.kind == "list" else [*p.group, *p.labels])


def _when_shown(schema: Schema, s: Slots, table: str, columns: list[str]) -> list[str]:
    """ "the biggest single order, and when was it placed": the date of the records listed is shown (the
    one the question's verb names, else the table's one date)."""
    if "when" not in s.words:
        return []
    dates = (
        [s.time_col]
        if s.time_col and s.time_col.startswith(table + ".")
        else [
            c.qualified
            for c in schema.tables[table].columns.values()
            if c.role == Role.TIME and not c.derived
        ]
    )
    return dates if len(dates) == 1 and dates[0] not in columns else []


SAME_SPAN = word_set("same_span")
"""Words after "same" that say the same stretch of another year."""


def _same_months(words: tuple[str, ...], ranges: tuple[TimeRange, ...]) -> tuple[TimeRange, ...]:
    """ "January to May 2005 with the same months of 2004": the whole year named beside a span of
    another year is that span's months in it, never the whole year."""
    said = any(a == "same" and b in SAME_SPAN for a, b in zip(words, words[1:], strict=False))
    if not said or len(ranges) != 2:
        return ranges
    years = [
        r
        for r in ranges
        if r.start.month == r.start.day == 1 and r.end == r.start.replace(year=r.start.year + 1)
    ]
    spans = [r for r in ranges if r not in years and r.start.year == (r.end - dt.timedelta(days=1)).year]
    if len(years) != 1 or len(spans) != 1:
        return ranges
    year, span = years[0], spans[0]
    shift = year.start.year - span.start.year
    try:
        start, end = (
            span.start.replace(year=span.start.year + shift),
            span.end.replace(year=span.end.year + shift),
        )
    except ValueError:  # Feb 29
        return ranges
    last = (end - dt.timedelta(days=1)).isoformat()
    same = TimeRange(
        start,
        end,
        f"the same months of {year.start.year} ({start.isoformat()} to {last})",
        phrase=f"same months {year.start.year}",
    )
    return tuple(same if r is year else r for r in ranges)


def _month_names_column(p: Plan) -> None:
    """ "which month had the most calls", "calls by month" where the records carry no date, only a column
    of month names (LastContactMonth: jan .. dec): that column is the split, in calendar order."""
    s, schema = p.s, p.schema
    if s.grain != "month" or s.ranges or p.table not in schema.tables:
        return
    columns = schema.tables[p.table].columns.values()
    if any(c.role == Role.TIME for c in columns):
        return
    months = [c for c in columns if c.calendar_order and c.month_names]
    if len(months) != 1 or months[0].qualified in p.group:
        return
    p.group.append(months[0].qualified)
    s.grain = None
    s.notes.append(f"month is {months[0].label} (the data keeps month names, no dates)")


RECENCY_UNITS = {"day": 1, "week": 7, "month": 30}
"""Days in a unit a 'days since last ...' column may be said in (a month as 30 days, said)."""


def _recency_window(p: Plan) -> None:
    """ "customers who purchased in the last 14 days" where the records carry no date, only the days since
    their last purchase (Days Since Last Purchase, Recency): that count at most the window's days."""
    s, schema = p.s, p.schema
    if len(s.ranges) != 1 or p.compare or p.table not in schema.tables:
        return
    columns = schema.tables[p.table].columns.values()
    if any(c.role == Role.TIME for c in columns):
        return
    window = s.ranges[0]
    said = window.phrase or window.label
    words = said.split()
    counted = any(w.isdigit() or w in NUMBER_WORDS for w in words)  # "the last 14 days", never "last month"
    if not counted or ("last" not in words and "past" not in words):
        return
    since = [c for c in columns if c.is_numeric and "since" in c.words and c.measured_in in RECENCY_UNITS]
    if len(since) != 1:
        return
    days = (window.end - window.start).days
    value = days / RECENCY_UNITS[since[0].measured_in or "day"]
    p.filters.append(Cond(since[0].qualified, "<=", round(value, 2)))
    s.ranges = []
    s.notes.append(f"'{said}' read as {since[0].label} of at most {value:g} (the data keeps no dates)")


def _time(p: Plan) -> None:
    """The date column and period; an event asked about has its date; a grain needs a date column;
    rates of a flag by time are guarded."""
    s, schema = p.s, p.schema
    p.time_col, p.time_range, p.compare = time_of(schema, s, p.table, p.today)
    p.compare = _same_months(s.words, p.compare)
    if (
        s.event
        and s.time_col
        and schema.col(s.time_col).nulls != 0
        and not (s.ranges or p.compare)
        and not any(f.column == s.time_col for f in p.filters)
    ):
        # "how many tickets were closed": the event happened, so its date is known
        p.filters.append(Cond(s.time_col, "not_null"))
    _undated_amounts(p)
    p.grain = "month" if s.grain is not None and s.grain == "" else s.grain
    p.time_range = _whole_first_month(p.time_range, p.grain)
    if p.grain is not None and p.time_col is None:
        raise Decline(
            "clarify", f"I can't break this down by {p.grain or 'time'}: the data has no date column."
        )
    if (
        p.grain is not None
        and p.time_col is not None
        and schema.col(p.time_col).nulls != 0
        and not any(f.column == p.time_col and f.op == "not_null" for f in p.filters)
    ):
        # "revenue by quarter" where some rows have no date (a till's 'ERROR'): those rows are in no
        # period; left out of the series, and said
        p.filters.append(Cond(p.time_col, "not_null"))
    _guard_flag_rates(
        schema,
        p.measures,
        p.filters,
        p.group,
        p.time_col if (p.grain is not None or p.time_range or p.compare) else None,
    )


def _whole_first_month(r: TimeRange | None, grain: str | None) -> TimeRange | None:
    """ "monthly average rating for the last 6 months" on 25 May: the six months from December, one row
    each (never a few days of November as a seventh)."""
    if r is None or grain != "month" or r.start.day == 1 or not r.label.startswith("the last "):
        return r
    start = (r.start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    if start >= r.end:
        return r
    label = r.label.split(" (", 1)[0]
    return replace(r, start=start, label=f"{label} ({start} to {r.end - dt.timedelta(days=1)}, whole months)")


RECURRING_WORDS = {"monthly", "fee", "fees", "charge", "charges", "price", "subscription", "recurring"}
"""Amounts a record carries from its start (a monthly fee of the plan signed up to): dated by it."""


def _undated_amounts(p: Plan) -> None:
    """ "wine sales in March 2013" where the only date of a table of people is when each joined
    (Dt_Customer): the amounts are not dated by it, so the period is not theirs: declined, never the
    amounts of the people who joined then. Saying the date ("customers who joined in March 2013") is
    still read."""
    s, schema = p.s, p.schema
    if p.time_col is None or not (s.ranges or p.compare or s.grain is not None) or s.time_col or s.event:
        return
    table = p.time_col.split(".", 1)[0]
    people = {b.target for b in schema.concepts if b.concept in PEOPLE}
    amounts = [schema.col(m.column) for m in p.measures if m.column and m.agg in ("sum", "avg", "median")]
    spent = [c for c in amounts if c.money and c.table == table and not set(c.words) & RECURRING_WORDS]
    if table in people and spent:
        date = schema.col(p.time_col)
        raise Decline(
            "clarify",
            f"The amounts in {table} carry no date: its only date, {date.name}, is when each record began. "
            f"I can show them for the {table} who began in a period, e.g. '... of {table} who joined in 2013'.",
        )


def _average_per_period(p: Plan) -> None:
    """ "average monthly revenue", "the average number of orders per month": each period's total
    averaged over the periods that have records (the total over the number of them), no split by the
    period. Only for figures that add up across periods (totals, counts of records); a median or a count
    of distinct people is left to the guard, which asks."""
    if p.kind != "aggregate" or not p.grain or p.time_col is None or p.compare:
        return
    if not (p.s.per_period or period_average_said(p.schema, p.s.words, tuple(p.measures), p.grain)):
        return
    per_period = (p.grain, p.time_col)
    averaged = [_period_total(p, m) for m in p.measures]
    if averaged and all(averaged):
        p.measures = [replace(m, per_period=per_period) for m in averaged if m]
        p.grain = None


def _when_first(p: Plan) -> None:
    """ "When was Walmart's first sale?": a date is asked, so "first"/"last" is the earliest or latest
    date of those records, never the smallest or largest amount (which it was: a wrong answer); "what
    was Walmart's first sale" (the first record, or the smallest amount?) is asked."""
    if (
        p.kind != "aggregate"
        or p.group
        or not p.measures
        or any(m.agg not in ("min", "max") for m in p.measures)
    ):
        return
    if all(m.column and p.schema.col(m.column).role == Role.TIME for m in p.measures):
        return
    if p.s.words[:1] != ("when",) and p.s.order_extreme:
        raise Decline(
            "clarify",
            "'First'/'last' by date, or the smallest/largest amount? Ask 'when was the first ...' or "
            "'the smallest ...'.",
        )
    if p.s.words[:1] != ("when",):
        return
    dates = [c.qualified for c in p.schema.tables[p.table].columns.values() if c.role == Role.TIME]
    if p.time_col is None and len(dates) != 1:
        raise Decline("clarify", "When by which date? Please name it (e.g. 'the first order date').")
    date = p.time_col or dates[0]
    p.measures = [Measure(m.agg, date) for m in p.measures]


def _period_total(p: Plan, m: Measure) -> Measure | None:
    """The figure whose per-period total is averaged, or None when it does not add up over periods."""
    if m.per_key or m.over or m.since or m.per or m.condition or m.shown_in:
        return None
    col = p.schema.col(m.column) if m.column else None
    if m.agg == "avg" and col is not None and default_agg(col) == "sum":
        return replace(m, agg="sum")
    if m.agg in ("count", "sum"):
        return m
    records_key = col is not None and (
        col.role == Role.IDENTIFIER or (p.entity is not None and p.entity.value == col.qualified)
    )
    return m if m.agg == "count_distinct" and records_key else None


NONE_WORDS = frozenset({"never", "no", "none", "without"})
"""Words that deny every row of a group ("never sold a hardtop"), not one row."""


def _holders_listed(p: Plan) -> None:
    """ "customers who never bought rice" of sales rows naming their customer (CustomerName): the people
    named are listed once each (then `_none_per_value`), never the sales rows that are not rice."""
    s = p.s
    if p.kind != "list" or p.measures or s.list_word or len(s.bare) != 1 or not set(s.words) & NONE_WORDS:
        return
    col = p.schema.col(s.bare[0])
    if col.role not in (Role.DIMENSION, Role.FOREIGN_KEY) or col.unique or col.table != p.table:
        return
    if not any(f.op in NEGATED_OPS and f.column.split(".", 1)[0] == col.table for f in p.filters):
        return
    p.kind, p.columns = "distinct", [col.qualified]
    s.bare = []


KEPT_OPS = frozenset({"=", "!=", "in", "not_in", ">", ">=", "<", "<=", "between", "true", "false"})
"""Conditions of the records themselves, kept inside a NOT IN of the same records."""


def _none_per_value(p: Plan) -> None:
    """ "How many states have no open complaints", "which products were never returned" of rows that
    repeat the counted value: the values none of whose rows meet the denied condition (NOT IN the values
    of the rows that do), never the values having one row that does not. Rows of the asked period only
    on both sides. In place."""
    if p.kind == "distinct" and len(p.columns) == 1 and not p.measures:
        counted = p.columns[0]
    elif p.kind == "aggregate" and not p.group and [m.agg for m in p.measures] == ["count_distinct"]:
        counted = p.measures[0].column or ""
    elif (
        p.kind == "aggregate"
        and len(p.group) == 1
        and not p.group[0].startswith("@")
        and [m.agg for m in p.measures] == ["count"]
        and not p.s.count
        and set(p.s.words) & NONE_WORDS
    ):
        counted = p.group[0]  # "which brands have never sold a hardtop": each brand with all its sales
    else:
        return
    if not counted or p.schema.col(counted).unique:
        return
    table = counted.split(".", 1)[0]
    denied = [
        f
        for f in p.filters
        if f.op in NEGATED_OPS and f.column != counted and f.column.split(".", 1)[0] == table and not f.since
    ]
    if not denied:
        return
    period: tuple[Cond, ...] = ()
    if p.time_range is not None and p.time_col:
        if p.time_col.split(".", 1)[0] != table:
            return
        period = (Cond(p.time_col, ">=", p.time_range.start), Cond(p.time_col, "<", p.time_range.end))
    # "no vest sales in 2016" where the data keeps a Year column, no dates: that year inside too; so are the
    # records' other conditions ("in which categories has Beta_Supplies never had an order cancelled":
    # Beta_Supplies' orders on both sides)
    period += tuple(
        f
        for f in p.filters
        if f not in denied
        and f.column.split(".", 1)[0] == table
        and f.op in KEPT_OPS
        and f.column != counted
        and not f.since
    )
    which = tuple(replace(f, op=NEGATED_OPS[f.op]) for f in denied)
    p.filters = [f for f in p.filters if f not in denied]
    p.filters += [Cond(counted, "not_null"), Cond(counted, "not_in_sub", (table, counted, *which, *period))]


OPPOSITES = (
    ("youngest", "oldest"),
    ("highest", "lowest"),
    ("largest", "smallest"),
    ("biggest", "smallest"),
    ("most", "least"),
    ("best", "worst"),
    ("earliest", "latest"),
    ("newest", "oldest"),
    ("cheapest", "dearest"),
    ("top", "bottom"),
)
"""Superlatives of opposite ends: both said, one ranked answer would answer only one of them."""


def _counted_one_each(p: Plan) -> None:
    """ "the biggest single claim and which policy it is on": ranking by how many rows each group has,
    where the group column names each row once (a policy number), ranks groups of one row each; that
    answers nothing, so it is asked (never the first policy by number)."""
    if p.kind != "aggregate" or len(p.group) != 1 or p.group[0].startswith("@") or p.order is None:
        return
    if [m.agg for m in p.measures] != ["count"] or p.measures[0].condition:
        return
    col = p.schema.col(p.group[0])
    counted = p.measures[0].table or p.table
    if not col.unique or p.s.having or col.table != p.table or counted != p.table:
        return  # (countries counted by their customers: the customers are the rows)
    raise Decline(
        "clarify",
        f"Each {col.label} is one row, so ranking them by how many there are says nothing; "
        "rank them by which figure?",
    )


def _ranked_yes_no(p: Plan) -> None:
    """ "which 3 loan takers have the highest incomes": a ranking of the groups of a yes/no column (two
    groups, yes and no) is never what a top N asks for; the records it is true of are, so it is asked."""
    if p.kind != "aggregate" or len(p.group) != 1 or p.group[0].startswith("@") or not p.limit:
        return
    col = p.schema.col(p.group[0])
    if col.role != Role.FLAG or p.limit < 2:
        return
    raise Decline(
        "clarify",
        f"{col.label} only has two groups (yes and no); to rank the records it is true of, ask e.g. "
        f"'which 3 records with {col.label} have the highest ...'.",
    )


SPENT_WORDS = word_set("spent_words")
OWED_CONCEPTS = frozenset({"debt", "balance", "credit_limit", "wealth", "income"})


def _spent_not_owed(schema: Schema, phrase: str, columns: list[str]) -> str | None:
    """ "how much did customers spend" of Car Purchase Amount beside Credit Card Debt: money spent or paid is
    never what is owed (a debt, a balance, a limit); the one money column left."""
    if not set(phrase.split()) & SPENT_WORDS:
        return None
    owed = {b.target for b in schema.concepts if b.concept in OWED_CONCEPTS}
    left = [c for c in columns if c not in owed]
    return left[0] if len(left) == 1 and len(left) < len(columns) else None


def _stored_not_made(schema: Schema, columns: list[str]) -> str | None:
    """ "stock" of Stock_Quantity beside the stock value made of it (x price): the column kept, never the
    figure made from it, which is said by its own whole name."""
    kept = [c for c in columns if schema.col(c).formula is None]
    made = [schema.col(c) for c in columns if schema.col(c).formula is not None]
    if len(kept) != 1 or not made:
        return None
    name = schema.col(kept[0]).name
    return kept[0] if all(name in (c.formula or ()) for c in made) else None


def _value_paid(schema: Schema, phrase: str, columns: list[str]) -> str | None:
    """ "average order value" of Sales beside Profit: what an order is worth is what was paid for it, never
    the profit made on it; the one money column no profit, margin or cost."""
    if phrase.split()[-1:] not in (["value"], ["values"], ["worth"]):
        return None
    paid = [c for c in columns if schema.col(c).money and schema.col(c).is_paid]
    return paid[0] if len(paid) == 1 and len(paid) < len(columns) else None


GRAIN_SAID = {
    "day": ("day", "daily", "days"),
    "week": ("week", "weekly", "weeks"),
    "month": ("month", "monthly", "months"),
    "quarter": ("quarter", "quarterly", "quarters"),
    "year": ("year", "yearly", "annual", "years"),
}


def _period_said_last(p: Plan) -> bool:
    """Whether a split by period was said after the other split ("by store type and year")."""
    s, words = p.s, list(p.s.turn_words)
    if not s.grain or len(p.group) != 1 or s.grain not in GRAIN_SAID:
        return False
    said = {singular(w) for w in p.schema.col(p.group[0]).words} if "." in p.group[0] else set()
    at_period = next((i for i, w in enumerate(words) if w in GRAIN_SAID[s.grain]), None)
    if at_period is None or at_period < 3 or words[at_period - 1] != "and":
        return False
    # one "by X and <period>" phrase: the split's words right after "by", then "and" and the period
    by = max((i for i, w in enumerate(words[:at_period]) if w in ("by", "per")), default=None)
    return by is not None and bool(said & {singular(w) for w in words[by + 1 : at_period - 1]})


def _ties_asked(p: Plan) -> bool:
    """ "the highest list price, and which products have it": the records said in the plural beside a
    first place, so every one tied there is asked for."""
    if p.kind != "list" or p.limit != 1 or not p.order_by or p.table not in p.schema.tables:
        return False
    plural_noun = phrase_tokens(p.schema.tables[p.table].entity)[-1:]
    return bool(plural_noun) and plural_noun[0] in p.s.words and singular(plural_noun[0]) != plural_noun[0]


def _one_year(p: Plan) -> bool:
    """A monthly or quarterly answer's periods all fall in one calendar year: its range's, else the
    data's dates up to the as-of date (so an answer as of a date equals the one on the data cut there)."""
    if p.grain not in ("month", "quarter") or not p.time_col:
        return False
    r = p.time_range
    if r is not None:
        return r.start.year == (r.end - dt.timedelta(days=1)).year
    c = p.schema.col(p.time_col)
    low, high = c.minimum, c.maximum
    if not (isinstance(low, dt.date) and isinstance(high, dt.date)):
        return False
    high = min(high.date() if isinstance(high, dt.datetime) else high, p.today)
    low = low.date() if isinstance(low, dt.datetime) else low
    return low.year == high.year


def _top_in_each(p: Plan) -> None:
    """ "For each region, which brand brought in the most revenue", "top 2 brands by revenue per region":
    the records asked for ("which brand") ranked within each group said beside them, never the best
    pairs of all; said in the interpretation."""
    s = p.s
    if p.kind != "aggregate" or not p.limit:
        return
    # ("the best-selling product in each region": the records named, ranked within each group)
    named = [g for g in p.group if g not in s.group] if s.target_entity is not None and not s.target else []
    target = s.target if len(s.target) == 1 else named
    if len(target) != 1 or target[0] not in p.group:
        return
    within = [g for g in p.group if g in s.group and g != target[0] and not g.startswith("@")]
    if not within or len(within) + 1 != len(p.group) or not (s.superlative or s.rank) or p.grain:
        return
    p.top_within = tuple(within)
    names = " and ".join(p.schema.col(w).label for w in within)
    s.notes.append(f"ranked within each {names}")


def _monthly_of_a_monthly_amount(p: Plan) -> None:
    """ "How much monthly revenue do the members who joined in 2023 bring in" of a price per month: the
    amount is already monthly; "monthly" says so, never a split by month of the members' sign-up."""
    s, schema = p.s, p.schema
    if s.grain != "month" or "monthly" not in s.words or s.ranges[1:]:
        return
    said = [m.column for m, _ in s.measures] + [m.column for m in p.measures] + list(s.bare)
    for q in [q for q in said if q and not q.startswith("@")]:
        col = schema.col(q)
        if any("month" in phrase_tokens(n) for n in (col.name, *(col.formula or ()))):
            s.grain = None
            s.notes.append(f"'monthly' read as {col.label} being per month, never a split by month")
            return


RATE_WORDS = frozenset({"rate", "rates"})


def _rate_of_kept_records(p: Plan) -> None:
    """ "offer rate by highest degree" where offers are kept by the applications' own key: the share of the
    applications that have an offer, never each degree's share of the offers."""
    if p.kind != "aggregate" or len(p.measures) != 1 or not p.group or not set(p.s.words) & RATE_WORDS:
        return
    m, schema = p.measures[0], p.schema
    owners = {g.split(".", 1)[0] for g in p.group if "." in g}
    if m.agg != "share" or m.column or m.condition or not m.table or len(owners) != 1 or m.table in owners:
        return
    whole = owners.pop()
    kept, own = schema.tables[m.table].key, schema.tables[whole].key
    rel = [
        r
        for r in schema.relations
        if (r.table, r.column, r.ref_table, r.ref_column) == (m.table, kept, whole, own)
    ]
    if len(rel) != 1:
        return
    p.measures = [Measure("rate", None, (Cond(f"{whole}.{own}", "in_sub", (m.table, kept)),))]
    p.table = whole
    p.s.notes.append(
        f"'{schema.tables[m.table].entity_singular} rate' read as the share of {schema.tables[whole].entity} with one"
    )


def _count_beside_share(p: Plan) -> None:
    """ "the split between campus and experienced candidates, as a percentage": each group's share of the
    records shown with how many records it is (the base of the share)."""
    if p.kind != "aggregate" or not p.group or p.compare or len(p.measures) != 1:
        return
    m = p.measures[0]
    if m.agg == "share" and not m.condition and m.column is None:
        p.measures.append(Measure("count", table=m.table))


def _each_group_never_ranked_away(p: Plan) -> None:
    """ "For each room type, what's the most reviewed listing?": a top record asked within each group; a
    ranking of the groups themselves cut to the first would answer one group, so it is asked."""
    s = p.s
    if not p.limit or len(p.group) != 1 or p.top_within or p.group[0].startswith("@"):
        return
    words = list(s.turn_words)  # ("in each department -- which department is the highest": the groups ranked)
    group = p.schema.col(p.group[0])
    said = set(group.words) | {singular(w) for w in group.words}
    for k, w in enumerate(words):
        if w in ("each", "every") and {singular(x) for x in words[k + 1 : k + 4]} & said:
            raise Decline(
                "clarify",
                f"The top one within each {group.label} is not something I can rank yet; "
                f"ask for the {group.label} ranked, or for one of them at a time.",
            )


def _both_ends(p: Plan) -> None:
    """ "who is the youngest customer and who is the oldest": both ends asked, so an answer ranked one
    way (one record, one end) drops the other; answered only as a minimum and a maximum, else asked."""
    words = p.s.words
    said = {w for k, w in enumerate(words) if not (k and words[k - 1] == "at")}  # (never "at least")
    both = next((pair for pair in OPPOSITES if set(pair) <= said), None)
    if both is None:
        return
    aggs = {m.agg for m in p.measures}
    if {"min", "max"} <= aggs or (p.group and not p.limit):
        return  # the lowest and highest figures; or every group shown ("most and least by region")
    if p.order is None and p.limit is None and not p.s.superlative:
        return
    raise Decline(
        "clarify",
        f"You asked for the {both[0]} and the {both[1]} at once; please ask for one at a time, "
        "or for the minimum and maximum.",
    )


TEXT_FIGURE_WORDS = {
    "max": "largest value", "min": "smallest value", "sum": "total", "avg": "average", "median": "median",
    "stddev": "spread",
}  # fmt: skip
TEXT_FIGURES = tuple(TEXT_FIGURE_WORDS)


def _no_figure_of_text(p: Plan) -> None:
    """ "the most expensive product" read as the largest product name: a figure of a text column is its
    last name in alphabetical order, which answers nothing; asked back naming the column."""
    for m in p.measures:
        c = p.schema.col(m.column) if m.column and not m.column.startswith("@") else None
        if m.agg in TEXT_FIGURES and c is not None and c.dtype.startswith("VARCHAR") and not c.is_numeric:
            raise Decline(
                "clarify",
                f"{c.label} is text, so it has no {TEXT_FIGURE_WORDS[m.agg]}; by which figure "
                "(a price, an amount)?",
            )


RATE_NOUNS = word_set("rate_nouns")
DENYING_WORDS = frozenset({"excluding", "exclude", "except", "without", "not", "no", "non", "never", "other"})
MONEY_VOLUME_NOUNS = word_set("money_volume_nouns")


def _volume_of_money(p: Plan) -> None:
    """ "the payment volume by quarter" of records with an amount: how many payments, or the money they
    moved? Both are said "volume", so it is asked back (a "call volume" counts the calls)."""
    s, words = p.s, list(p.s.words)
    if "volume" not in words or s.measures:
        return
    at = words.index("volume")
    entity = p.entity or s.entity
    if not at or words[at - 1] not in MONEY_VOLUME_NOUNS or entity is None:
        return
    if any(c.money for c in p.schema.tables[entity.key].columns.values()):
        raise Decline(
            "clarify",
            f"'{words[at - 1]} volume': how many {p.schema.tables[entity.key].entity}, or the total amount? "
            "Please say 'number of ...' or 'total amount'.",
        )


def _outcome_noun_is_rate(p: Plan) -> None:
    """ "which income band has the lowest churn": groups ranked by an outcome said as its noun are
    ranked by its rate (groups differ in size), never by how many had it; "the most churned
    customers" still counts them."""
    s = p.s
    ranked = (s.superlative or s.rank) and (s.target or s.group or s.target_entity or s.time_target)
    if not ranked or s.measures or s.count or s.rate_at or len(s.flags) != 1:
        return
    if any(p.schema.col(b).role == Role.MEASURE for b in s.bare) or set(s.words) & DENYING_WORDS:
        return  # ("top products by units sold, excluding cancellations": a condition, never the figure)
    if not set(s.words) & RATE_NOUNS or set(s.words) & {"many", "number", "count", "total"}:
        return
    s.rate_at = [s.flags[0][2] + 1]


def _versions_listed_once(p: Plan) -> None:
    """ "which city has the largest population" of cities kept in versions (several keys per city): each
    city once, by its name and what is shown of it, never once per key."""
    table = p.entity.key if p.entity is not None else None
    if p.kind != "list" or table is None or versioned_name(p.schema, table) is None:
        return
    key = f"{table}.{p.schema.tables[table].key}"
    if key in p.columns:
        p.columns = [c for c in p.columns if c != key]
        p.kind = "distinct"


RULES: tuple[Callable[[Plan], None], ...] = (
    _no_lone_aggregate,
    _resolve_words,
    _dated_rows_over_count_column,
    _most_events_counted,
    _value_both_ways,
    _outcome_noun_is_rate,
    _volume_of_money,
    _rate_target,
    _people_having_rows,
    _counted_yes_no,
    _conditions,
    any_line_of,
    _restated_groups,
    _versus_groups,
    _figures,
    _same_figure_of_listed,
    _count_at_extreme,
    _bridged_count,
    some_through_others,
    sold_units,
    price_paid,
    _per_is_no_split,
    counted_through_facts,
    one_link_between,
    _target_records,
    _targets_and_distinct,
    _count_other_records,
    _count_conditions,
    _any_single_record,
    _on_average,
    _total_beside_average,
    _amounts_compared,
    _default_figure,
    _total_beside_count,
    _no_figure_of_text,
    _counted_in_a_column,
    _documents_counted,
    _units_of_a_named_item,
    _people_of_a_value,
    _has_some,
    _shown_columns_grouped,
    _superlatives,
    _judged_rate,
    _earned_when_done,
    _no_split_by_its_own_figure,
    _order_and_limit,
    _dimension_values,
    _monthly_of_a_monthly_amount,
    _grain,
    _list_order,
    _items_of_a_kind,
    _tables_and_joins,
    _month_names_column,
    _recency_window,
    _time,
    _average_per_period,
    _when_first,
    _holders_listed,
    _none_per_value,
    _both_ends,
    _counted_one_each,
    _ranked_yes_no,
    _top_in_each,
    _each_group_never_ranked_away,
    _versions_listed_once,
    _rate_of_kept_records,
    _count_beside_share,
)
"""Planning as a tuple of small named rules, run in order over one Plan (each may Decline)."""


def _period_named(c: Col) -> bool:
    """A column of periods by its name (Year, Month, Week) or its numbering (a period index)."""
    return c.period_index is not None or (
        c.is_numeric and set(c.words) & {"year", "week", "quarter"} != set()
    )


def _labels_of_groups(p: Plan) -> set[str]:
    """The name columns shown beside the groups' keys ("top salesperson" of Salesperson beside SPID): a
    name said of the groups is no word left over."""
    out: set[str] = set()
    for g in p.group:
        if "." not in g or g.startswith(("@", "!")):
            continue
        table, _, name = g.partition(".")
        refs = [r.ref_table for r in p.schema.relations if (r.table, r.column) == (table, name)]
        for owner in [table, *refs]:
            out |= set(label_columns(p.schema, owner))
    return out


def _intent(p: Plan) -> Intent:
    """The Intent of a finished plan, checked by the guards (nlq.guards); words left unexplained go
    with it so the guards can decline naming them."""
    s, schema = p.s, p.schema
    if s.sort and s.sort[1] == TIME_SORT and p.grain is not None and p.time_col is not None:
        p.order_by, p.order = p.time_col, s.sort[0]  # "profit by year, oldest first": by the years
    elif s.sort and s.sort[1] == TIME_SORT and len(p.group) == 1 and _period_named(schema.col(p.group[0])):
        p.order_by, p.order = p.group[0], s.sort[0]  # the same of a Year column where there are no dates
    labels = _labels_of_groups(p)
    leftover = [
        b
        for b in s.bare
        if b not in p.columns
        and b not in p.group
        and b not in labels
        and not _explained(b, p.filters, p.measures)
    ]
    sides = (
        p.group or p.compare or len(p.measures) > 1 or s.counts_each or p.rate_cond
    )  # (won vs lost of a rate)
    if s.versus and p.kind == "aggregate" and not sides:
        # "avg purchases of those who never take cash advances vs those who do": one figure would drop a side
        raise Decline("clarify", "I can't tell which two groups to compare; please name each side.")
    intent = Intent(
        kind="compare" if p.compare else p.kind,
        table=p.table,
        measures=tuple(
            m for i, m in enumerate(p.measures) if m not in p.measures[:i]
        ),  # one figure said twice is one
        filters=tuple(p.filters),
        group_by=tuple(p.group),
        grain=p.grain if p.grain else None,
        time_column=p.time_col,
        time_range=p.time_range,
        compare_ranges=p.compare,
        compare_rows=bool(p.compare)
        and not p.group
        and len(p.measures) == 1
        and not set(s.turn_words or s.words) & {w for (w,) in word_classes()["change_words"]},
        order=p.order,
        order_by=p.order_by,
        limit=p.limit,
        with_ties=_plural_asked(p),
        columns=tuple(dict.fromkeys(p.columns)),  # a column shown once
        notes=tuple(s.notes)
        + tuple(
            f"{schema.col(q).label} rows included"
            + (
                ", as negative amounts"
                if schema.col(q).starts_with and any(m.agg in ("sum", "avg") for m in p.measures)
                else ""
            )
            for q in dict.fromkeys(s.netted)
        ),
        having=tuple(s.having),
        having_figure=s.having_figure,
        having_rows=bool(
            s.having
            and not s.having_figure
            and p.measures
            and p.measures[0].agg not in ("count", "count_distinct")
            and s.entity is not None
            and not s.entity.value
            and s.entity.key == p.table
        ),
        count_groups=bool(s.having) and s.count_groups,
        top_within=p.top_within,
        one_year=_one_year(p),
        ties=_ties_asked(p),
        labels=tuple(p.labels) if p.kind == "aggregate" and not p.compare and not s.count_groups else (),
        period_last=_period_said_last(p),
    )

    pooled = tuple(f for f in intent.filters if f.column in s.pooled)  # ("Echo Show": its names together)
    return check(
        schema,
        Draft(
            intent,
            tuple(leftover),
            figure_asked=s.how_much,
            words=s.words,
            ranged=(*s.ranged, *pooled),
            people=tuple(e.key for e in s.entities if not e.value and of_people(schema, e.key)),
        ),
    )


def split_flags(s: Slots, flags: list[tuple[str, bool, int]]) -> None:
    """ "churned and retained", "seniors compared to non-seniors", "with and without a partner": both
    sides of one yes/no column split the rows into two groups (never X AND NOT X). In place."""
    both = sorted({c for c, n, _ in flags if n} & {c for c, n, _ in flags if not n})
    if not both:
        return
    rest = [f for f in flags if f[0] not in both]
    if s.rate_at and not s.measures and not (rest or s.values or s.conds):
        raise Decline(
            "clarify",
            "A rate split by the same yes/no column it measures is always 0 or 100%; which rate do you mean?",
        )
    first = min(at for c, _, at in flags if c in both)
    flags[:] = rest
    for c in both:
        if c not in s.group:
            s.group.append(c)
    measured = s.versus and rest and all(at < first for _, _, at in rest)
    if not (s.measures or s.count or s.rate_at or measured):
        # "churned versus retained customers": how many of each; "compare churn for customers with
        # dependents versus without" keeps the flag named first as the figure (its rate per group)
        s.count = True


NEGATED_OPS = {"!=": "=", "not_in": "in", "false": "true", "null": "not_null", "empty": "not_empty"}
NONE_RECORDED = ("null", "empty")


def _never_per_key(schema: Schema, s: Slots, filters: list[Cond]) -> list[Cond]:
    """ "customers who never cancelled", where customers are only a key of the order lines: customers
    none of whose lines is cancelled (NOT IN the keys of those lines), never the customers having one
    line that is not. Said with another negation ("did not"), which of the two is meant is asked."""
    e = s.entity
    if e is None or not e.value or s.target_entity is not None or not s.count or s.measures:
        return filters
    key = schema.col(e.value)
    if key.unique or key.role == Role.IDENTIFIER:
        return filters  # one row per customer: the row's flag is the customer's
    filters = _never_had_rows(schema, s, filters, key)
    denied = [
        f
        for f in filters
        if f.op in NEGATED_OPS
        and f.column.split(".", 1)[0] == e.key
        and f.column != e.value
        and (
            schema.col(f.column).role == Role.FLAG  # an event of each row; a customer's country is one
            # "restaurants that never received a rating": none of their orders has one
            or (f.op in NONE_RECORDED and "never" in s.words and schema.col(f.column).nulls > 0)
        )
        and (schema.col(f.column).starts_with or ("",))[0] != key.name  # (a cancelled invoice is all of it)
    ]
    if not denied:
        return filters
    if "never" not in s.words:
        raise Decline(
            "clarify",
            f"Each {key.label} has many rows: do you mean those with none of them (say 'never'), "
            "or those with at least one that is not?",
        )
    which = tuple(replace(f, op=NEGATED_OPS[f.op]) for f in denied)
    kept = [f for f in filters if f not in denied]
    return [*kept, Cond(e.value, "not_null"), Cond(e.value, "not_in_sub", (e.key, key.name, *which))]


def _never_had_rows(schema: Schema, s: Slots, filters: list[Cond], key: Col) -> list[Cond]:
    """ "stores that never had a week below 30": "never had a week" denies the rows kept by the other
    filters (stores none of whose weeks is below 30), never "week is missing" of a column with no blanks."""
    e = s.entity
    assert e is not None and isinstance(e.value, str)
    said = [
        f
        for f in filters
        if f.op == "null" and f.column.split(".", 1)[0] == e.key and schema.col(f.column).nulls == 0
    ]
    rest = [f for f in filters if f not in said and f.column.split(".", 1)[0] == e.key]
    if "never" not in s.words or len(said) != 1 or not rest or len(rest) != len(filters) - 1:
        return filters
    return [Cond(e.value, "not_null"), Cond(e.value, "not_in_sub", (e.key, key.name, *rest))]


def _asks_amount(words: tuple[str, ...]) -> bool:
    """ "how much ...": the question asks for an amount."""
    return any(a == "how" and b == "much" for a, b in zip(words, words[1:], strict=False))


def _doers_said(words: tuple[str, ...]) -> set[str]:
    """The kinds of people a question's verbs say did something ("handled": staff, "placed": customers)."""
    doers = word_classes()["doer_verbs"]
    return {concept for concept, phrases in doers.items() if any(p[0] in words for p in phrases)}


def _who_did_it_shown(schema: Schema, s: Slots, columns: list[str]) -> None:
    """ "the biggest deal we won: who closed it?": a question of who did something to the record listed
    is answered only when a person is shown (a table of people, or a key to one); else asked back."""
    w = s.words
    asked = any(w[i] == "who" and w[i + 2] in ("it", "them", "this", "that") for i in range(len(w) - 2))
    if not asked:
        return
    said = _doers_said(w) or set(PEOPLE)
    people = {b.target for b in schema.concepts if "." not in b.target and b.concept in said}
    shown = {c.split(".", 1)[0] for c in columns}
    keys = {r.ref_table for r in schema.relations if f"{r.table}.{r.column}" in columns}
    if not (shown | keys) & people:
        raise Decline(
            "clarify", "Who did it: which people do you mean? Please name them (e.g. 'which sales agent')."
        )


def _owners_named(
    schema: Schema, s: Slots, table: str, shown: str, columns: list[str], filters: list[Cond]
) -> list[str]:
    """ "the biggest invoice, and who was the customer": records listed with another kind of record
    they point at named (and no condition on it) show that record's name beside them."""
    filtered = {f.column.split(".", 1)[0] for f in filters}
    out: list[str] = []
    if "whose" in s.words[1:]:
        # "which orders are on hold, and whose are they": the people the records belong to, named
        people = {b.target for b in schema.concepts if b.concept in ("customer", "employee")}
        owners = sorted({r.ref_table for r in schema.relations if r.table == table and r.ref_table in people})
        if len(owners) != 1 or not label_columns(schema, owners[0]):
            raise Decline(
                "clarify", "Whose: the records of which people? Please name them (e.g. 'which customer')."
            )
        out += [c for c in label_columns(schema, owners[0]) if c not in columns]
    for e in s.entities:
        if e.value or e.key in (table, shown) or e.key in filtered or join_path(schema, table, e.key) is None:
            continue
        out += [c for c in label_columns(schema, e.key) if c not in columns and c not in out]
    return out


def _who_shown(schema: Schema, s: Slots, shown: str) -> str:
    """ "who handled the complaint about the keyboard": the person the listed records point at, the
    one table of people they relate to, or the one the verb says (staff handle, customers file)."""
    if not s.who:
        return shown

    kinds = {b.target: b.concept for b in schema.concepts if b.concept in ("customer", "employee")}
    if shown in kinds:
        return shown
    related = sorted({r.ref_table for r in schema.relations if r.table == shown and r.ref_table in kinds})
    said = _doers_said(s.words)
    if said:
        related = [t for t in related if kinds[t] in said]
    if len(related) == 1:
        return related[0]
    what = schema.tables[shown].entity
    if related:
        names = " or ".join(schema.tables[t].entity for t in related)
        raise Decline("clarify", f"Who do you mean: the {names} of those {what}?")
    raise Decline("clarify", f"'Who' asks for people, and I don't see which people those {what} name.")


def _list_base(schema: Schema, table: str, filters: list[Cond]) -> str:
    """Rows of customers filtered on their orders are listed once per matching order (a join),
    when exactly one other table holds the positive filters and points at the listed one."""

    others = {
        f.column.split(".", 1)[0]
        for f in filters
        if f.op not in ("!=", "not_in", "false", "not_null")
        and join_path(schema, table, f.column.split(".", 1)[0]) is None
    }
    if len(others) == 1:
        other = others.pop()
        if join_path(schema, other, table) is not None and all(
            join_path(schema, other, f.column.split(".", 1)[0]) is not None
            for f in filters
            if f.op not in ("!=", "not_in", "false", "not_null")
        ):
            return other
    return table


def _entity_filters(
    schema: Schema,
    s: Slots,
    table: str,
    entity: Sense | None,
    target: Sense | None,
    measures: list[Measure],
    filters: list[Cond],
    group: Sequence[str] = (),
) -> list[Cond]:
    """Other records named in the question ("customers with an account") become (NOT) IN filters; the
    records grouped by ("employees at each store": the stores a key of the staff points at) are not."""
    out: list[Cond] = []
    used = {table} | {e.key for e in (entity, target) if e is not None}
    used |= {r.ref_table for g in group for r in schema.relations if f"{r.table}.{r.column}" == g}
    used |= {f.column.split(".", 1)[0] for f in filters}
    used |= {m.table for m in measures if m.table} | {m.column.split(".", 1)[0] for m in measures if m.column}
    named = {f.column.split(".", 1)[0] for f in filters} - {table}
    for e in s.entities:
        if e.key in used or (e.value and e.value.split(".", 1)[0] in used):
            continue
        if not e.value and any(join_path(schema, e.key, t) for t in named):
            continue  # "customers who bought a Jazz track": the genre filter reaches them through tracks
        key = e.key
        if e.value:
            # "customers without any mailshot": a table linking mailshots to customers
            name = schema.col(e.value).name
            links = sorted(
                {
                    r.table
                    for r in schema.relations
                    if r.ref_table == table and name in schema.tables[r.table].columns
                }
            )
            if len(links) != 1:
                raise Decline(
                    "clarify",
                    f"I don't see how {schema.col(e.value).name} relates to {schema.tables[table].entity}.",
                )
            key = links[0]
            if key in used:
                continue
        rel = [r for r in schema.relations if r.table == key and r.ref_table == table]
        if not rel and not e.value and any(r.table == table and r.ref_table == key for r in schema.relations):
            continue  # "patients who visited" of encounters.PATIENT: the join itself, never through procedures
        link = bridge(schema, table, key) if not rel and not e.value else None
        if link is not None and not any(c.column.split(".", 1)[0] == key for c in [*filters, *s.neg_conds]):
            # "customers with no address": addresses reach customers only through a linking table
            b, to_table, _ = link
            rel = [
                r for r in schema.relations if r.table == b and r.column == to_table and r.ref_table == table
            ]
            key = b
        fk = rel[0].column if rel else ""
        if not rel:
            if any(r.table == table and r.ref_table == e.key for r in schema.relations):
                continue  # "orders of customers": the join itself explains it

            hops = join_path(schema, key, table)
            if hops:
                # "countries our customers live in": customer -> address -> city -> country; the key
                # the last hop points with, read through the joins
                last = hops[-1]
                rel = [Relation(key, f"{last[0]}.{last[1]}", table, last[3])]
                fk = rel[0].column
        if not rel:
            raise Decline(
                "clarify",
                f"I don't see how {schema.tables[key].entity} relate to {schema.tables[table].entity}.",
            )
        negated = e in s.neg_entities
        which = (
            (
                tuple(Cond(c, "=", v) for c, v in s.neg_values if c.split(".", 1)[0] == key)
                + tuple(c for c in s.neg_conds if c.column.split(".", 1)[0] == key)
            )
            if negated
            else ()
        )
        counts = _count_column(schema, key)
        if counts is not None and not which:
            # "members who never took a flight" where a member's month of no flights is a row: rows of some
            which = (Cond(counts.qualified, ">", 0),)
        whose = entity.value if entity is not None and entity.value else ""
        if negated and whose.split(".", 1)[0] == table and whose != schema.own_key(table):
            # "customers who never had a refund" of orders' user_id: no refunded order of theirs at all,
            # never "some order of theirs not refunded"
            out.append(Cond(whose, "not_in_sub", (key, whose, *which)))
            used.add(key)
            continue
        out.append(
            Cond(
                f"{table}.{rel[0].ref_column}",
                "not_in_sub" if negated else "in_sub",
                (key, fk, *which),
            )
        )
        used.add(key)
    return out


def _records_own_shown(schema: Schema, s: Slots, group: list[str], labels: list[str], kind: str) -> list[str]:
    """ "top 5 customers by total payments, with their credit limit": a column of the records each group
    is (the customers a key points at), named and used nowhere else, shown beside them (one value per
    group, so the figures do not change)."""
    if kind != "aggregate" or not s.bare:
        return []
    owners = set()
    for g in group:
        table, _, name = g.partition(".")
        owners |= {r.ref_table for r in schema.relations if r.table == table and r.column == name}
        if schema.tables[table].info.key == name:
            owners.add(table)
    return [b for b in s.bare if b.split(".", 1)[0] in owners and b not in group and b not in labels]


def _entity_groups(schema: Schema, table: str, group: list[str]) -> tuple[list[str], list[str]]:
    """ "per customer" -> the base table's column pointing at customers (or nothing: per own row),
    and the columns that name those records (shown beside the key)."""
    out: list[str] = []
    labels: list[str] = []
    for g in group:
        if not g.startswith("@"):
            out.append(g)
            rel = [r for r in schema.relations if f"{r.table}.{r.column}" == g and r.ref_table != table]
            if len(rel) == 1 and (named := versioned_name(schema, rel[0].ref_table)) is not None:
                out[-1] = named  # "revenue by salesperson" of an employee kept under several keys: by name
                continue
            if len(rel) == 1 and schema.col(g).role == Role.FOREIGN_KEY:
                # "by product": its name beside the id (never the key itself, when the key is the name)
                named_key = f"{rel[0].ref_table}.{rel[0].ref_column}"
                labels += [c for c in label_columns(schema, rel[0].ref_table) if c != named_key]
            elif (name := schema.col(g).name_column) and name not in group:
                labels.append(name)  # "Customer Name" beside "Customer ID" of the same rows
            elif (owner := g.split(".", 1)[0]) != table and schema.tables[owner].key == g.split(".", 1)[1]:
                # "revenue by product category": another table's own key, shown with its name
                labels += [c for c in label_columns(schema, owner) if c not in group]
            continue
        must = g.startswith("@!")
        other = g[2:] if must else g[1:]
        if other == table:
            if must:
                raise Decline(
                    "clarify", f"Each row is one {schema.tables[table].entity_singular}; rank them by what?"
                )
            continue
        rel = [r for r in schema.relations if r.table == table and r.ref_table == other]
        labels_of = label_columns(schema, other)
        if rel and (named := versioned_name(schema, other)) is not None:
            out.append(named)  # "the 5 cities with the most revenue", cities kept in versions: by name
            continue
        if rel:
            out.append(f"{table}.{rel[0].column}")
            labels += [c for c in labels_of if c != f"{other}.{rel[0].ref_column}"]  # the name beside the id
            continue

        key = schema.tables[other].key
        if key is None or (
            join_path(schema, table, other) is None and bridged_path(schema, table, other) is None
        ):
            raise Decline(
                "clarify",
                f"I don't see how {schema.tables[other].entity} relate to {schema.tables[table].entity}.",
            )
        # "customers per country": through the tables between (customer -> address -> city -> country)
        out.append(f"{other}.{key}")
        labels += labels_of
    return out, labels


COUNTED = ("sum", "count", "count_distinct")
"""Figures that add up over records, so may be divided by how many records there are."""


def _summable_average(schema: Schema, m: Measure) -> bool:
    """An average of an amount that adds up over records (money, not a unit price)."""
    if m.agg != "avg" or m.per or m.since or m.per_key or m.column is None or m.column.startswith("@"):
        return False
    col = schema.col(m.column)
    return col.money and not col.is_price and col.formula is None


def _row_key(schema: Schema, qualified: str) -> bool:
    """A column of these rows that names each row once (a transaction id of a table of transactions)."""
    if qualified.startswith("@"):
        return False
    c = schema.col(qualified)
    return c.nulls == 0 and c.distinct == schema.tables[c.table].row_count


def _per_entity_ratio(
    schema: Schema, s: Slots, table: str, group: list[str], measures: list[Measure], kind: str
) -> tuple[list[str], list[Measure]]:
    """ "revenue per customer by region", "orders per customer by channel": one figure per region,
    the total over the number of customers in it (those with orders), not one row per customer."""
    per = [g for g in group if g in s.per_entity]
    others = [g for g in group if not g.startswith("@") and g not in per]
    if (
        kind == "aggregate"
        and len(per) == 1
        and _row_key(schema, per[0])
        and measures
        and all(m.agg == "avg" and not (m.per or m.since) for m in measures)
    ):
        # "average spend per transaction (by gender)" where each row is one transaction: the rows' average
        s.notes.append(
            f"each {schema.col(per[0]).name} is one row: the average per {schema.col(per[0]).name} is the rows' average"
        )
        return [g for g in group if g not in per], measures
    if (
        s.record_money
        and kind == "aggregate"
        and len(per) == 1
        and not others
        and s.grain is None
        and not (s.limit or s.rank)
        and measures
        and all(m.agg == "avg" and not (m.per or m.since or m.per_key) for m in measures)
    ):
        # "average payment per order": an order's payments add up to what it was paid; the average of
        # that over the orders paid (as "average order value"), never one average per order
        rel = [r for r in schema.relations if r.table == table and r.ref_table == per[0][1:]]
        if len(rel) == 1:
            paid = f"{table}.{rel[0].column}"
            return [g for g in group if g not in per], [replace(m, agg="sum", per_key=paid) for m in measures]
    if (
        kind == "aggregate"
        and len(per) == 1
        and not per[0].startswith("@")
        and not others
        and s.grain is None
        and not (s.limit or s.rank)
        and measures
        and all(_summable_average(schema, m) for m in measures)
    ):
        # "average revenue per customer" where a customer is a column of these rows: what each customer
        # spent, averaged over the customers (the total over the distinct customers), one figure
        return [g for g in group if g not in per], [replace(m, agg="sum", per_key=per[0]) for m in measures]
    if (
        kind == "aggregate"
        and len(per) == 1
        and per[0].startswith("@")
        and per[0][1:] != table
        and not others
        and s.grain is None
        and not (s.limit or s.rank)
        and measures
        and all(m.agg == "avg" and _summable_average(schema, m) for m in measures)
    ):
        # "average revenue per customer" of transactions keyed to customers: each customer's average, or
        # the total over the customers? asked, as nlq.guards average_per_key asks it of a customer key
        raise per_key_question("average", schema.tables[per[0][1:]].entity_singular)
    if kind != "aggregate" or len(per) != 1 or not (others or s.grain is not None):
        return group, measures
    if not per[0].startswith("@") and not others:
        return group, measures  # "average annual premium per customer": a period, not a split (guards)
    if not per[0].startswith("@"):
        # "revenue per customer in each segment" where a customer is an id of these rows: the total over
        # the distinct ids in each segment
        # ("average spend per customer by gender": an amount that adds up, averaged per customer, is the
        # total over the customers)
        measures = [replace(m, agg="sum") if _summable_average(schema, m) else m for m in measures]
        if not measures or any(m.agg not in COUNTED or m.per or m.since for m in measures):
            raise Decline(
                "clarify",
                f"Per {schema.col(per[0]).name} and split by another column: I can only divide a total or a "
                "count by the number of them; please ask for one or the other.",
            )
        return [g for g in group if g not in per], [replace(m, per_key=per[0]) for m in measures]
    entity = per[0][1:]
    if entity == table and measures and all(m.agg == "avg" and not (m.per or m.since) for m in measures):
        # "average lifetime spend per customer by contract" on the customers themselves: one row is one
        # customer, so the average per customer is the average of the rows
        return [g for g in group if g not in per], measures
    rel = [r for r in schema.relations if r.table == table and r.ref_table == entity]
    hops = join_path(schema, table, entity) if not rel else None
    # "and per customer they handle" of invoice lines: the customer key their invoices hold
    key = f"{table}.{rel[0].column}" if rel else f"{hops[-1][0]}.{hops[-1][1]}" if hops else None
    if (
        key is None
        or not measures
        or any(m.agg not in ("sum", "count") or m.per or m.since for m in measures)
    ):
        raise Decline(
            "clarify",
            f"Per {schema.tables[entity].entity_singular} and split by another column: I can only divide a "
            "total or a count by the number of them; please ask for one or the other.",
        )
    return [g for g in group if g not in per], [replace(m, per_key=key) for m in measures]


def _link_end(schema: Schema, group: str) -> str:
    """ "by film category": a group by a table that only links two others (film_category: the keys of
    a film and a category) is a group by the one its name ends with (category)."""
    if not group.startswith("@"):
        return group
    mark = "@!" if group.startswith("@!") else "@"
    table = group[len(mark) :]
    t = schema.tables[table]
    refs = [r for r in schema.relations if r.table == table]
    if len(refs) != 2 or any(
        c.role not in (Role.FOREIGN_KEY, Role.TIME, Role.IDENTIFIER)
        for c in t.columns.values()
        if not c.derived  # derived from a stored column
    ):
        return group
    last = t.name.lower().replace(" ", "_").split("_")[-1]
    ends = [r.ref_table for r in refs if schema.tables[r.ref_table].name.lower() == last]
    return f"{mark}{ends[0]}" if len(ends) == 1 else group


def _through_bridge(
    schema: Schema, table: str, group: list[str], measures: list[Measure], kind: str, sold: bool = False
) -> tuple[str, list[Measure]]:
    """ "films per category", "average replacement cost by category": a film has many categories
    through film_category, so the rows are the film-category pairs; films are counted once per
    category (distinct), their own columns are reached from each pair. Records said to be sold ("how
    many different products has each store sold") are reached through the lines that sell them (order
    items, through their orders' store), never through another table linking the two (its stock)."""

    others = [g[2:] if g.startswith("@!") else g[1:] for g in group if g.startswith("@")]
    by_column = not others and len(group) == 1 and "." in group[0]
    if by_column:
        # "which city has the most customers (with an address there)": a column of the linked table
        others = [group[0].split(".", 1)[0]]
    if kind != "aggregate" or len(others) != 1 or others[0] == table:
        return table, measures
    other = others[0]
    if join_path(schema, table, other) is not None or any(
        r.table == table and r.ref_table == other for r in schema.relations
    ):
        return table, measures
    link = bridge(schema, table, other)
    lines = sold_in(schema, table) if sold else None
    if lines is not None and join_path(schema, lines, other) is not None:
        to_table = [r.column for r in schema.relations if r.table == lines and r.ref_table == table]
        link = (lines, to_table[0], "") if len(to_table) == 1 else None
    if link is None or any(m.table and m.table != table for m in measures):
        return table, measures
    b, to_a, _ = link
    if by_column and not is_link(schema, b) and any(m.agg != "count" or m.column for m in measures):
        return table, measures  # a pair may repeat in a table of more than links: count them distinct only
    if any(m.column and join_path(schema, b, m.column.split(".", 1)[0]) is None for m in measures):
        return table, measures
    out = [
        Measure("count_distinct", f"{b}.{to_a}", table=table) if m.agg == "count" and not m.column else m
        for m in measures
    ]
    return b, out


def _explained(column: str, filters: list[Cond], measures: list[Measure]) -> bool:
    return any(f.column == column for f in filters) or any(
        m.column == column or any(c.column == column for c in m.condition) for m in measures
    )


def same_key(schema: Schema, columns: list[str]) -> bool:
    """Whether the columns are one key and foreign keys that point at it (the same values)."""
    links = {(f"{r.table}.{r.column}", f"{r.ref_table}.{r.ref_column}") for r in schema.relations}
    keys = {b for _, b in links}
    return any(all(c == k or (c, k) in links for c in columns) for k in keys)


def _people_said(schema: Schema, s: Slots) -> set[str]:
    """ "how many sales representatives do we employ": the tables of people a verb of the question
    names (staff are employed, customers served), by the concept each people table is bound to."""

    verbs = word_classes()["people_verbs"]
    said = {concept for concept, phrases in verbs.items() if any(p[0] in s.words for p in phrases)}
    return {b.target for b in schema.concepts if b.concept in said and b.target in schema.tables}


def _records_named(schema: Schema, candidates: list[str]) -> str | None:
    """ "which sales agents ...": of a key and the columns pointing at it, the key (the records
    themselves, those with no rows elsewhere too), else None."""
    keys = [c for c in candidates if schema.tables[c.split(".", 1)[0]].key == c.split(".", 1)[1]]
    if len(keys) != 1:
        return None
    pointing = {
        f"{r.table}.{r.column}" for r in schema.relations if f"{r.ref_table}.{r.ref_column}" == keys[0]
    }
    return keys[0] if set(candidates) - {keys[0]} <= pointing else None


def _nearest(schema: Schema, candidates: list[str], bases: set[str], towards: bool = False) -> list[str]:
    """Of columns reached from the figure's records (`bases`), those fewest many-to-one hops away; with
    `towards`, of columns whose records reach `bases` (the grouped ones), those fewest hops from them."""
    hops: dict[str, int] = {}
    for c in candidates:
        table = c.split(".", 1)[0]
        paths = [join_path(schema, table, b) if towards else join_path(schema, b, table) for b in bases]
        found = [len(x) for x in paths if x is not None]
        if found:
            hops[c] = min(found)
    if len(hops) != len(candidates) or not hops:
        return []
    least = min(hops.values())
    return [c for c, n in hops.items() if n == least]


def _reached(schema: Schema, table: str, bases: set[str]) -> bool:
    """Whether `table` is one of `bases` or reached from one of them many-to-one (its rows' keys)."""
    return any(table == b or join_path(schema, b, table) is not None for b in bases)


def _per_period(schema: Schema, s: Slots, columns: list[str]) -> list[str]:
    """ "average spend per month" where no date can split by month: of the amounts the word names, the
    one counted per that period (MonthlyCharges, not TotalCharges); the period is then no split."""
    said = PERIOD_NAMES.get(s.grain or "", set())
    tables = {q.split(".", 1)[0] for q in columns}
    dated = any(c.role == Role.TIME for t in tables for c in schema.tables[t].columns.values())
    if not said or dated or not all(schema.col(q).money for q in columns):
        return columns
    per = [q for q in columns if set(schema.col(q).words) & said]
    if len(per) != 1:
        return columns
    s.notes.append(f"'per {s.grain}': {schema.col(per[0]).label} is already an amount per {s.grain}")
    s.grain = None
    return per


def _names_of_records(schema: Schema, candidates: list[str]) -> list[str]:
    """Of the columns a value was found in, those naming one record of their table (`label_columns`),
    when they are of two tables or more; else []."""
    named = [c for c in candidates if label_columns(schema, c.split(".", 1)[0]) == [c]]
    return named if len({c.split(".", 1)[0] for c in named}) > 1 else []


def _not_labels(schema: Schema, candidates: list[str]) -> list[str]:
    """Of text columns one word names, the free text that is no label (a title, a subject) over another
    (words.yaml `label_words`); nothing unless those left are free text."""
    labels = {w for p in word_classes()["label_words"] for w in p}
    cols = [schema.col(c) for c in candidates]
    if len(cols) < 2 or any(not c.dtype.startswith("VARCHAR") for c in cols):
        return []
    kept = [c for c in cols if not (c.words and c.words[-1] in labels)]
    return [c.qualified for c in kept] if all(c.role == Role.TEXT for c in kept) else []


def _total_of_parts(schema: Schema, candidates: list[str]) -> list[str]:
    """The one column of the candidates' table named the total of what they share ("claim" of
    injury_claim, property_claim, vehicle_claim: total_claim_amount), when they are amounts."""
    tables = {c.split(".", 1)[0] for c in candidates}
    cols = [schema.col(c) for c in candidates]
    if len(tables) != 1 or len(cols) < 2 or not all(c.role == Role.MEASURE and c.is_numeric for c in cols):
        return []
    shared = set.intersection(*[set(c.words) for c in cols]) - {"total", "amount"}
    table = schema.tables[tables.pop()]
    totals = [
        c.qualified
        for c in table.columns.values()
        if "total" in c.words and shared & set(c.words) and c.qualified not in candidates and c.is_numeric
    ]
    stored = [q for q in totals if schema.col(q).formula is None and not schema.col(q).derived]
    totals = stored or totals  # the export's own total before a sum of the parts made here
    return totals if len(totals) == 1 else []


def _named_beside(schema: Schema, s: Slots, candidates: list[str]) -> str | None:
    """ "claims on Ohio policies" of policy_state and incident_state: the one column whose own words
    (those the others do not share) the question says."""
    words = [{singular(w) for w in schema.col(c).words} for c in candidates]
    shared = set.intersection(*words) if words else set()
    said = {singular(w) for w in s.words}
    hits = [c for c, w in zip(candidates, words, strict=True) if (w - shared) & said]
    return hits[0] if len(hits) == 1 else None


def _records_own_date(schema: Schema, candidates: list[str]) -> list[str]:
    """Of dates (or their weekdays) of one table, those named for the table's own records."""
    out = []
    for q in candidates:
        c = schema.col(q)
        source = c.date_part_of or (c.name if c.role == Role.TIME else None)
        if source is None:
            continue
        date = schema.tables[c.table].columns.get(source.split(".")[-1])
        own = set(phrase_tokens(schema.tables[c.table].entity_singular))
        if date is not None and own & set(date.words):
            out.append(q)
    return out


def _listed_with(s: Slots, phrase: str, col: Col) -> bool:
    """Whether the phrase is said in a list ("or", "and", a comma) next to another value of the column."""
    words, said = list(s.words), phrase.split()
    values = {str(v).lower() for v in col.values}
    n = len(said)
    for i in range(len(words) - n + 1):
        if words[i : i + n] != said:
            continue
        before = [w for w in words[max(0, i - 3) : i] if w not in ("or", "and", "nor")]
        after = [w for w in words[i + n : i + n + 3] if w not in ("or", "and", "nor")]
        near = {" ".join(before[-k:]) for k in (1, 2) if before} | {
            " ".join(after[:k]) for k in (1, 2) if after
        }
        if near & values:
            return True
    return False


FORMER_WORDS = FORMER_NAME_WORDS | {"earlier"}
"""Words of a column's name that put it at an earlier time (OLDCLAIM: claims of years before)."""


def _of_no_earlier_time(schema: Schema, s: Slots, columns: list[str]) -> list[str]:
    """The columns no earlier-time word qualifies (CLAIM_FLAG beside OLDCLAIM), unless the question says
    that time ("old claims")."""
    return [c for c in columns if not (set(schema.col(c).words) & FORMER_WORDS) - set(s.words)]


def resolve_ambiguous(schema: Schema, s: Slots) -> None:
    """A phrase naming several columns is kept only if the rest of the question picks one."""
    used = {v[0] for v in s.values} | {f[0] for f in s.flags} | set(s.group) | set(s.target)
    used |= {c.column for c in s.conds} | {m.column for m, _ in s.measures if m.column}
    tables = {e.key for e in s.entities} | {e.key for e in [s.entity, s.target_entity] if e is not None}
    tables |= {u.split(".", 1)[0] for u in used if "." in u}

    main = s.entity.key if s.entity is not None and not s.entity.value else None
    valued_only = {v[0] for v in s.values} - (used - {v[0] for v in s.values}) - {c.column for c in s.conds}
    said = _people_said(schema, s)
    event = s.time_col.split(".", 1)[0] if s.event and s.time_col else None
    near_event = {event} | {
        r.table for r in schema.relations if event and r.ref_table == event
    }  # "ordered": the orders and the rows that belong to an order

    figured = {q.split(".", 1)[0] for q in [*s.bare, *(m.column for m, _ in s.measures if m.column)]}
    grouped = {g.lstrip("@!").split(".", 1)[0] for g in s.group}
    figured |= {m.table for m, _ in s.measures if m.table} | ({main} if main else set())

    def pick(candidates: list[str], phrase: str = "") -> str | None:
        for pool in (
            # a column used by another value only when listed with it ("Paris or London"), never by a
            # value said elsewhere ("Hong Kong reviews from Singapore or Malaysia")
            [
                c
                for c in candidates
                if c in used
                and (c in valued_only and _listed_with(s, phrase, schema.col(c)) or c not in valued_only)
            ],
            # "on a free trial of the accounting product": the column named beside the value
            [c for c in candidates if c in s.bare],
            [c for c in candidates if c.split(".", 1)[0] in tables],
            [c for c in candidates if c.split(".", 1)[0] in said],
            # "customer ids and the number of accounts": one key under several names holds the same
            # values, so the copy in the counted table is the one to show
            [c for c in candidates if c.split(".", 1)[0] == main] if same_key(schema, candidates) else [],
            [c for c in candidates if c.split(".", 1)[0] in near_event] if event else [],
            # "top product categories by sales": the one the figure's records reach through their
            # keys (products' category), not a copy in a table nothing joins (a translation table)
            [c for c in candidates if _reached(schema, c.split(".", 1)[0], figured)] if figured else [],
            # "which state brings in the most sales": the buyer's state (one hop from the sales), not
            # their support rep's (two hops)
            _nearest(schema, candidates, figured),
            # "units sold by brand": the units of the lines sold (dated), not of the stock held
            [c for c in candidates if dated(schema, c.split(".", 1)[0])] if sale_verbs_said(s.words) else [],
            # "average list price by category": the price of the records the group classifies
            # (products, one hop), not the copy on their order lines (two hops)
            _nearest(schema, candidates, grouped, towards=True),
            # "a written comment" of review_comment_message and review_comment_title: the text itself,
            # never the short label over it
            _not_labels(schema, candidates),
            # "negative tweets" of airline_sentiment and airline_sentiment_gold: the column the others
            # only add a detail to
            _bases(schema, candidates),
            # "the total amount claimed" of injury_claim, property_claim, vehicle_claim: their total
            _total_of_parts(schema, candidates),
            # "no-show rate by day of the week" of appointments: the weekday of AppointmentDay, never of
            # ScheduledDay (the date named for the records themselves)
            _records_own_date(schema, candidates),
            # "top agents by tickets handled" of Agent_name and Agent Shift: the people, by their names
            [c for c in candidates if schema.col(c).words[-1:] == ("name",)],
            # "claims" of CLAIM_FLAG beside OLDCLAIM (past claims): the one no earlier time qualifies,
            # unless the question says that time
            _of_no_earlier_time(schema, s, candidates),
        ):
            if len(set(pool)) == 1:
                return pool[0]
        return None

    resolved_values = []
    for column, value, neg in s.values:
        if not column.startswith("?"):
            resolved_values.append((column, value, neg))
            continue
        named = _names_of_records(schema, sorted({x.key for x in value}))
        if len(named) > 1:
            # "albums by Iron Maiden": the name of an album and of an artist; either reading counts
            # different records, so which one is asked back
            kinds = ", ".join(
                f"{schema.tables[c.split('.', 1)[0]].entity_singular} ({schema.col(c).name})" for c in named
            )
            raise Decline(
                "clarify", f"'{column[1:]}' names records of several kinds: {kinds}; which one do you mean?"
            )
        chosen = pick(sorted({x.key for x in value}), column[1:]) or _named_beside(
            schema, s, sorted({x.key for x in value})
        )
        if chosen is None:
            names = " or ".join(sorted({x.key.split(".", 1)[1] for x in value}))
            raise Decline("clarify", f"'{column[1:]}' is a value of several columns ({names}); which one?")
        sense = next(x for x in value if x.key == chosen)
        resolved_values.append((chosen, sense.value, neg))
    s.values = resolved_values
    kind_of = _kind_of_entity(schema, s)
    named = [c for c, _, neg in resolved_values if not neg]
    fixed = {c for c in named if named.count(c) == 1}
    for phrase, columns, role in s.ambiguous:
        if role == "group" and kind_of:
            continue
        columns = _per_period(schema, s, columns)
        if role == "group" and any(c in fixed for c in columns):
            # "payments per account type": a column kept to one value ("Payment") splits nothing, so
            # it is not the one meant
            columns = [c for c in columns if c not in fixed]
            if not columns:
                raise Decline("clarify", f"Split by which '{phrase}'? Please name the column.")
        if any(c in used for c in columns) or any(c == v[0] for v in resolved_values for c in columns):
            if role.startswith("agg:") or role == "count":
                # "the most orders cancelled": the word names the value's column, so the figure asked
                # for it ("most") would silently drop out
                raise Decline(
                    "clarify", f"'{phrase}' could mean several things here; please name the records."
                )
            continue
        chosen = (
            columns[0] if len(columns) == 1 else _records_named(schema, columns) if role == "target" else None
        )
        tallies = [  # "the most ratings" of rating and rating_count: how many there are, said as a plural
            c
            for c in columns
            if schema.col(c).words[1:] in (("count",), ("number",))
            and plural(schema.col(c).words[0]) == phrase
            and phrase != singular(phrase)
        ]
        tallied = bool(set(s.words) & {"most", "fewest", "least", "more", "fewer"}) and role != "group"
        chosen = chosen or (tallies[0] if len(tallies) == 1 and tallied else None)
        chosen = chosen or (columns[0] if len(columns) == 1 else pick(columns))
        headed = [c for c in columns if schema.col(c).words[-1:] == tuple(phrase.split()[-1:])]
        if chosen is None and len(headed) == 1 and len(phrase.split()) == 1:
            # "sentiment" of airline_sentiment, airline_sentiment_confidence and _gold: the one it heads
            chosen = headed[0]
        named = [c for c in columns if c in s.bare]
        if chosen is None and len(named) == 1 and role != "bare":
            # "products (stock codes)": the column named beside the phrase is the one meant
            chosen = named[0]
            s.bare.remove(chosen)
        if chosen is None and role in ("group", "target"):
            chosen = _named_by(schema, columns)
        if chosen is None:
            chosen = _plain_of_logs(schema, s, phrase, columns)
        if chosen is None:
            chosen = _sold_or_returned(schema, s, columns)
        if chosen is None:
            chosen = one_of_copies(schema, columns)  # two columns of one value: either gives the figure
        if chosen is None:
            chosen = _value_paid(schema, phrase, columns)
        if chosen is None:
            chosen = _spent_not_owed(schema, phrase, columns)
        if chosen is None:
            chosen = _said_elsewhere(schema, s, phrase, columns)
        if chosen is None:
            chosen = _stored_not_made(schema, columns)
        if chosen is None and (bases := _bases(schema, columns)):
            chosen = bases[0]  # "reasons" of negativereason, negativereason_confidence and _gold
        taken = [c for c in columns if not set(schema.col(c).words) & PLANNED_WORDS]
        if chosen is None and len(taken) == 1 and phrase in ("revenue", "sales", "turnover", "takings"):
            chosen = taken[0]  # "revenue" of line_item_amount beside a sales target's total_goal
        current = _of_no_earlier_time(schema, s, columns)
        if chosen is None and len(current) == 1:
            chosen = current[0]  # "claim" of CLAIM_FLAG beside OLDCLAIM: the one of no earlier time
            others = ", ".join(schema.col(c).name for c in columns if c != chosen)
            s.notes.append(f"'{phrase}' is {schema.col(chosen).name}, not {others} (of an earlier time)")
        own = [c for c in columns if schema.col(c).words[:1] not in AVERAGE_NAMES]
        if chosen is None and len(own) == 1 and len(phrase.split()) == 1:
            chosen = own[0]  # "score" of Reviewer_Score beside Average_Score: each record's own, not a figure
            others = ", ".join(schema.col(c).name for c in columns if c != chosen)
            s.notes.append(f"'{phrase}' is {schema.col(chosen).name}, each row's own (not {others})")
        ids = [c for c in columns if schema.col(c).role in (Role.IDENTIFIER, Role.FOREIGN_KEY)]
        if (
            chosen is None
            and len(ids) == 1
            and all(schema.col(c).role == Role.TIME for c in columns if c != ids[0])
        ):
            chosen = ids[0]  # "invoices" of WWI Invoice ID beside Invoice Date Key: the numbers, never a date
        if chosen is None and (chosen := of_the_sales_table(schema, columns)) is not None:
            s.notes.append(f"'{phrase}' is {chosen}, of the table of sales")
        if chosen is None:
            names = " or ".join(c.split(".", 1)[1] for c in columns)
            raise Decline("clarify", f"'{phrase}' could mean {names}; which one?")
        if chosen not in s.mentioned:
            s.mentioned.append(chosen)
        if role == "count":
            c = schema.col(chosen)
            if c.role == Role.TIME and s.entity is not None and s.event and s.time_col == chosen:
                continue  # "how many new customers signed up": the records of that date, never its dates
            if c.role == Role.MEASURE and c.is_numeric and set(c.words) & QUANTITY_WORDS:
                # "how many units have been ordered": a quantity adds up
                s.measures.append((Measure("sum", chosen), False))
                continue
            if c.role == Role.MEASURE and c.is_numeric:
                raise Decline(
                    "clarify", f"'{phrase}' is an amount: did you mean its total, or how many records?"
                )
            s.measures.append((Measure("count_distinct", chosen), False))
            continue
        if role == "distinct":
            s.distinct = True
            s.target.append(chosen)
            continue
        c = schema.col(chosen)
        if role == "group" and (s.rank or s.superlative) and not s.measures and c.role == Role.MEASURE:
            agg = default_agg(c) if c.is_numeric else None
            if agg is not None:
                # "top 3 products by units sold": the figure ranked by, as when one column has the words
                s.measures.append((Measure(agg, chosen), False))
                s.by_count = False
                continue
        if role.startswith("agg:"):
            if (
                schema.col(chosen).role in (Role.IDENTIFIER, Role.FOREIGN_KEY)
                and not set(phrase.split()) & ID_WORDS
            ):
                # "the most orders" read as the largest order id: a key is no figure
                raise Decline("clarify", f"'{phrase}' could mean several records here; please name them.")
            if (
                role in ("agg:max", "agg:min")
                and s.target
                and not s.superlative
                and set(s.words) & MOST_WORDS
            ):
                # "which subcategory brought in the most dollars" (dollars: pledged or Average Donation):
                # the groups ranked by their total, as when one column has the word
                s.superlative = "desc" if role == "agg:max" else "asc"
                s.bare.append(chosen)
                continue
            s.measures += [(Measure(agg, chosen), False) for agg in role[4:].split(",")]
            continue
        {"group": s.group, "target": s.target}.get(role, s.bare).append(chosen)
    s.ambiguous = []


def _plain_of_logs(schema: Schema, s: Slots, phrase: str, columns: list[str]) -> str | None:
    """ "wage bill" where wage and logwage (its logarithm) both hold the word: the plain column; the
    logarithm is derived and named only by its own words. Said in the interpretation."""
    logs = [c for c in columns if schema.col(c).log_of is not None]
    plain = [c for c in columns if c not in logs]
    if (
        not logs
        or len(plain) != 1
        or any(f"{schema.col(c).table}.{schema.col(c).log_of}" != plain[0] for c in logs)
    ):
        return None
    names = ", ".join(c.split(".", 1)[1] for c in logs)
    s.notes.append(f"'{phrase}' is {plain[0].split('.', 1)[1]} ({names} is its logarithm)")
    return plain[0]


SOLD_WORDS = word_set("sold_words")
MOST_WORDS = frozenset({"most", "least", "fewest"})
"""Superlatives of an amount said before it ("the most dollars"): a ranking of groups by its total."""


def _sold_or_returned(schema: Schema, s: Slots, columns: list[str]) -> str | None:
    """ "units sold" where a sales table and a returns table each hold a quantity: the verb says which
    (returned goods are the column named for returns; anything sold, bought or ordered the other)."""
    said = set(s.turn_words)
    given_back = [c for c in columns if set(schema.col(c).words) & UNDONE_WORDS]
    others = [c for c in columns if c not in given_back]
    if len(given_back) == 1 and said & UNDONE_WORDS and not said & SOLD_WORDS:
        return given_back[0]
    if len(others) == 1 and given_back and said & SOLD_WORDS and not said & UNDONE_WORDS:
        return others[0]
    return None


CONTACT_DETAILS = frozenset(
    {
        "address",
        "addresses",
        "phone",
        "email",
        "url",
        "website",
        "postcode",
        "zip",
        "latitude",
        "longitude",
        "lat",
        "lng",
    }
)
"""Last words of a thing's details that never name the thing beside its name."""


def _bases(schema: Schema, columns: list[str]) -> list[str]:
    """The columns of one table that no other one's name extends ("airline_sentiment" beside
    "airline_sentiment_gold"), when each other one does extend one of them; else none."""
    cols = [schema.col(c) for c in columns]
    if len({c.table for c in cols}) != 1:
        return []
    bases = [c for c in cols if not any(extends(c, o) for o in cols if o is not c)]
    if len(bases) != 1 or not all(c is bases[0] or extends(c, bases[0]) for c in cols):
        return []
    return [bases[0].qualified]


def _named_by(schema: Schema, columns: list[str]) -> str | None:
    """ "top products": a thing named by a code and by a description in one table is shown (and
    split) by the words people read, the description."""
    cols = [schema.col(c) for c in columns]
    if len(cols) != 2 or len({c.table for c in cols}) != 1:
        return None
    codes = [
        c
        for c in cols
        if c.role in (Role.IDENTIFIER, Role.FOREIGN_KEY)
        or c.words[-1:] == ("code",)
        or c.words[-1] in CONTACT_DETAILS
    ]  # (Hotel_Address beside Hotel_Name: "each hotel" is by its name)
    texts = [c for c in cols if not c.is_numeric and (c.words[-1:] == ("name",) or c.words[-1] in DESCRIBING)]
    if len(codes) == 1 and len(texts) == 1 and codes[0] is not texts[0]:
        return texts[0].qualified
    return None


def _kind_of_entity(schema: Schema, s: Slots) -> bool:
    """ "per account type (VIP vs Regular)": a kind of the records grouped by, named by the values
    of one of their columns, is a split by that column (not by each record, nor by another table's
    'type' column)."""
    per = [g for g in s.group if g.startswith("@")]
    if not (s.versus and len(per) == 1):
        return False
    table = per[0].lstrip("@!")
    others = [g for g in s.group if g != per[0]]
    if not others and not set(s.words) & set(KIND_WORDS):
        return False  # "spend per customer for men vs women": per customer, in each of the two groups
    if any(schema.col(g).table == table or schema.col(g).words[-1:][0] not in KIND_WORDS for g in others):
        return False
    named: dict[str, int] = {}
    for column, _, neg in s.values:
        if not neg and column.split(".", 1)[0] == table:
            named[column] = named.get(column, 0) + 1
    several = [c for c, n in named.items() if n >= 2]
    if len(several) != 1:
        return False
    s.group = [several[0]]
    s.per_entity = [g for g in s.per_entity if g != per[0]]
    s.mentioned = [m for m in s.mentioned if m not in others]
    return True


def _guard_flag_rates(
    schema: Schema, measures: list[Measure], filters: list[Cond], group: list[str], time_col: str | None
) -> None:
    """A rate of a flag split or filtered by a column filled only when the flag is true ("churn rate by
    month of churn date") is 100% by construction: decline instead of answering it."""
    for m in measures:
        if m.agg not in ("rate", "share") or not m.condition:
            continue
        flag = m.condition[0].column
        only = schema.only_when.get(flag, set())
        used = [*group, *[f.column for f in filters if f.op not in ("null",)]]
        if time_col:
            used.append(time_col)
        hit = next((u for u in used if u in only), None)
        if hit is not None:
            f, c = schema.col(flag), schema.col(hit)
            others = [x.label for x in schema.tables[c.table].by_role(Role.TIME) if x.qualified not in only]
            hint = f" Name another date, e.g. '{others[0]}'." if hit == time_col and others else ""
            raise Decline(
                "unsupported",
                f"{c.label} is only filled where {f.label} is true, so a {f.label} rate split or "
                f"filtered by it would be 100% by construction.{hint}",
            )


def flag_cond(schema: Schema, q: str, negated: bool) -> Cond:
    c = schema.col(q)
    if c.dtype == "BOOLEAN":
        return Cond(q, "false" if negated else "true")
    if c.flag_true is None:
        raise Decline("clarify", f"I don't know which value of {c.name} means yes.")
    return Cond(q, "!=" if negated else "=", c.flag_true)


def value_conds(values: list[tuple[str, Any, bool]]) -> list[Cond]:
    by_col: dict[tuple[str, bool], list[Any]] = {}
    for c, v, n in values:
        by_col.setdefault((c, n), [])
        if v not in by_col[(c, n)]:
            by_col[(c, n)].append(v)
    out = []
    for (c, n), vs in by_col.items():
        if len(vs) == 1:
            out.append(Cond(c, "!=" if n else "=", vs[0]))
        else:
            out.append(Cond(c, "not_in" if n else "in", tuple(vs)))
    return out


def _counted_rows(
    schema: Schema, s: Slots, entity: Sense | None, measures: list[Measure], group: list[str], kind: str
) -> tuple[Sense | None, list[Measure]]:
    """ "mailshots by outcome", where "mailshot" names records only through a key and the outcome is
    a column of the table that links them: count that table's rows, not the keys of another table."""
    if kind != "aggregate" or entity is None or not entity.value or not group or not s.entity_options:
        return entity, measures
    tables = {g.split(".", 1)[0] for g in group if not g.startswith("@")}
    if len(tables) != 1 or len(group) != len([g for g in group if not g.startswith("@")]):
        return entity, measures
    table = next(iter(tables))
    counted = [m for m in measures if m.agg == "count_distinct" and m.column == entity.value]
    if table == entity.key or len(measures) != 1 or not counted:
        return entity, measures
    if not any(o.key == table for o in s.entity_options):
        return entity, measures
    own = Sense("entity", table)
    s.entities = [own, *(e for e in s.entities if e != entity and e not in s.entity_options)]
    return own, [Measure("count", None, table=table)]


def _sales_said(schema: Schema, s: Slots) -> str | None:
    """With a verb of selling ("how much did we sell"), the one money column named revenue, else None."""
    if not sale_verbs_said(s.words):
        return None
    revenue = [c.qualified for c in schema.columns() if c.money and "revenue" in c.words]
    if not revenue:  # ("what did store 20 sell": Weekly_Sales, bound as the revenue)
        revenue = [b.target for b in schema.concepts if b.concept == "revenue" and "." in b.target]
    if not revenue:
        # ("how much did we sell last month" of a table of sales with one Amount): its money
        sold = [t for t in schema.tables.values() if t.entity in SALE_ENTITIES]
        revenue = [q for t in sold for q in _paid_amounts(schema, t.name) if schema.col(q).formula is None]
    return revenue[0] if len(revenue) == 1 else None


def _paid_amounts(schema: Schema, table: str) -> list[str]:
    """The table's amounts of money paid (never a price per unit, a profit or a cost)."""
    return [
        c.qualified
        for c in schema.tables[table].columns.values()
        if c.money and c.is_paid and not c.is_price and c.role == Role.MEASURE
    ]


FIGURE_OPENERS = frozenset({("what", "were"), ("what", "are"), ("what", "was"), ("what", "is"), ("whats",)})
"""Openings asking for a figure of the records named after them ("what were sales ...")."""
SALES_NOUNS = frozenset({"sales", "revenue", "revenues", "turnover", "takings"})


def _sales_as_figure(schema: Schema, s: Slots) -> str | None:
    """ "what were sales of Bites in India": the records named by a word of money after "what were" are
    their revenue (the column bound as such), never a list of them."""
    opened = tuple(s.words[:2]) in FIGURE_OPENERS or tuple(s.words[:1]) in FIGURE_OPENERS
    if s.list_word or not opened or not set(s.words[:5]) & SALES_NOUNS:
        return None
    revenue = [b.target for b in schema.concepts if b.concept == "revenue" and "." in b.target]
    if not revenue and s.entity is not None and not s.entity.value:
        revenue = _paid_amounts(schema, s.entity.key)  # (a table of sales with one amount of money: Amount)
    return revenue[0] if len(revenue) == 1 else None


def _grouped_records(group: list[str]) -> Sense | None:
    """The records a split with no records named is of: the table of its one column ("how much did we
    bring in for each fiscal year" of donations.fiscal_year)."""
    tables = {g.lstrip("@!").split(".", 1)[0] for g in group if "." in g}
    return Sense("entity", tables.pop()) if len(tables) == 1 else None


def _rate_of_dated_event(schema: Schema, s: Slots) -> str | None:
    """ "churn rate", "cancellation rate" where the event is a date blank on the rows it did not happen to
    (churn_date): that date, when its own word is said right before "rate" and no period is asked."""
    if not s.time_col or s.ranges or s.grain is not None:
        return None
    c = schema.col(s.time_col)
    before = {a for a, b in zip(s.words, s.words[1:], strict=False) if b in ("rate", "rates")}
    if c.nulls <= 0 or not before & set(c.words):
        return None
    return c.qualified


def _records_worth(schema: Schema, entity: Sense | None) -> str | None:
    """The one amount of money the records asked about hold (refund_amount_usd of refunds), when their
    table holds no other money and it is no balance or limit; else None."""
    if entity is None or (entity.value and entity.value != schema.own_key(entity.key)):
        return None
    if any(b.target == entity.key and b.concept in PEOPLE_CONCEPTS for b in schema.concepts):
        return None  # "how much do customers have": of people, which amount is never plain (asked back)
    money = [c for c in schema.tables[entity.key].columns.values() if c.money and c.formula is None]
    if len(money) != 1 or money[0].is_level or money[0].is_price:
        return None
    return money[0].qualified


def _how_many_and_how_much(words: Sequence[str]) -> bool:
    """ "how many ... and how much ...": both a count and an amount asked, in that order."""
    counted = said_at(words, ("how", "many"))
    return bool(counted) and any(j > counted[0] for j in said_at(words, ("how", "much")))


def _how_much_of(schema: Schema, s: Slots, bare: list[str], group: list[str]) -> bool:
    """ "how much in tips did women leave": "how much" and one additive amount (not a price, a score or
    a duration) with no other figure, rank or split asks for its total."""
    if not (s.how_much and len(bare) == 1 and not group and not s.rank and not s.superlative):
        return False
    c = schema.col(bare[0])
    return (
        c.role == Role.MEASURE and c.is_numeric and not c.averaged and not c.is_price and c.unit != "duration"
    )


def default_agg(c: Col) -> str | None:
    """How a measure is combined when the question does not say: scores are averaged (a summed rating
    means nothing), money totals and counts are summed; other measures (prices, tenure) are asked."""
    if c.averaged:
        return "avg"
    if (c.money and not c.is_price) or c.unit == "count":
        return "sum"
    return None


def _count(schema: Schema, entity: Sense | None, words: Sequence[str] = ()) -> Measure:
    """The count of the records named; "how many different products" of a listing whose product_id
    repeats counts each key once (the rows, without the word)."""
    if entity is None:
        return Measure("count")
    if entity.value:
        return Measure("count_distinct", entity.value, table=entity.key)
    t = schema.tables[entity.key]
    if set(words) & DISTINCT_WORDS and t.key and not schema.col(f"{t.name}.{t.key}").unique:
        return Measure("count_distinct", f"{t.name}.{t.key}", table=entity.key)
    return Measure("count", None, table=entity.key)


def _tables_of(items: list[str]) -> set[str]:
    return {i.split(".", 1)[0].lstrip("@") for i in items if i}


def _base_table(
    schema: Schema,
    s: Slots,
    measures: list[Measure],
    filters: list[Cond],
    group: list[str],
    entity: Sense | None,
    columns: list[str],
) -> str:
    for m in measures:
        if m.table:
            return m.table
        if m.column:
            return m.column.split(".", 1)[0]
        if m.condition:
            held = m.condition[0].column.split(".", 1)[0]
            if (
                m.agg == "rate"
                and entity is not None
                and entity.key != held
                and entity.key in schema.tables
                and _reaches_one(schema, entity.key, held)
            ):
                # "what share of orders are from Canada": of the orders (distinct ones of order lines), by
                # their customer's country, never a share of the customers
                if entity.value and not m.column:
                    measures[measures.index(m)] = replace(m, column=entity.value)
                return entity.key
            return held
    if entity is not None:
        return entity.key
    used = _tables_of([f.column for f in filters] + group + columns + s.mentioned + s.bare)
    if len(used) == 1:
        return used.pop()
    if len(schema.tables) == 1:
        return next(iter(schema.tables))
    if s.time_col:
        return s.time_col.split(".", 1)[0]
    raise Decline("clarify", "Which data do you mean? Name the records, e.g. 'how many orders ...'.")


def _reaches_one(schema: Schema, table: str, other: str) -> bool:
    """Each row of `table` points at one row of `other` (a many-to-one path: orders -> customers)."""
    path = join_path(schema, table, other)
    return bool(path) and all(
        any(r.table == a and r.column == b and r.ref_table == c for r in schema.relations)
        for a, b, c, _ in path or ()
    )


PARTY_NAMES = frozenset({"supplier", "vendor", "customer", "client", "seller", "buyer"})
"""Names of a column holding who a record is with, shown beside the records listed."""


def _list_columns(
    schema: Schema,
    table: str,
    shown: str,
    s: Slots,
    filters: list[Cond],
    columns: list[str],
    order_by: str | None,
    entity: Sense | None,
) -> list[str]:
    t = schema.tables[shown]
    out: list[str] = []
    ids = [c.name for c in t.columns.values() if c.role == Role.IDENTIFIER]
    key = t.key or (ids[0] if len(ids) == 1 else None)  # ('Customer Key' with a few repeats)
    if key:
        out.append(f"{shown}.{key}")
    out += [
        c.qualified for c in t.columns.values() if {"name", "title"} & set(c.words) and c.role != Role.MEASURE
    ]
    out += [c for c in label_columns(schema, shown) if c not in out]  # "product_details": what names it
    # "which POs were delivered early": who each is with (a supplier or customer kept by name)
    out += [
        c.qualified
        for c in t.columns.values()
        if c.role == Role.DIMENSION and not c.is_numeric and c.words[-1:] and c.words[-1] in PARTY_NAMES
    ][:1]
    texts = [c.qualified for c in t.columns.values() if c.role == Role.TEXT]
    if len(texts) <= 2:
        out += texts  # "show the 1-star reviews": the review text is what is asked for
    if key and out == [f"{shown}.{key}"]:
        # "what was in order 330": lines named by nothing of their own show what they point at by name,
        # and what each cost
        for r in schema.relations:
            if r.table == shown and r.ref_table != shown:
                out += [c for c in label_columns(schema, r.ref_table)[:1] if c not in out]
        out += [
            c.qualified for c in t.columns.values() if c.money and c.role == Role.MEASURE and not c.derived
        ][:1]

    filter_cols = [
        f.column for f in filters if f.op not in ("true", "false", "not_null", "in_sub", "not_in_sub")
    ]
    for q in [*columns, *s.mentioned, *filter_cols]:
        other = q.split(".", 1)[0]
        if q in out or (q in filter_cols and q not in columns and join_path(schema, table, other) is None):
            continue  # a filter on rows of another table (semi-join), not a column to show
        out.append(q)
    if order_by and order_by not in out:
        out.append(order_by)
    if len(out) == 0:
        # every column, but not the splits derived from them ("weekend or weekday", "Price > CompPrice")
        out = [f"{table}.{n}" for n, c in t.columns.items() if c.compared is None and c.value_groups is None]
    return out


def _restates_a_flag(schema: Schema, s: Slots) -> bool:
    """One period whose number and unit are words of a yes/no column used in the question
    (promotion_last_5years: "in the last 5 years"), where the data has no date to read it on."""
    if len(s.ranges) != 1 or schema.columns(Role.TIME):
        return False
    said = {w for w in phrase_tokens(s.ranges[0].label.split(" (")[0]) if w not in ("the", "in", "past")}
    said = {"last" if w == "past" else w for w in said}
    for c, _, _ in s.flags:
        own = {singular(w) for w in phrase_tokens(schema.col(c).name)}
        if said and {singular(w) for w in said} <= own | {"last"} and any(w.isdigit() for w in said):
            return True
    return False


def _unread_event_date(schema: Schema, s: Slots) -> None:
    """ "average seat comfort by the year people flew" where the flight's date (DateFlown '23-Nov') is text
    I cannot read as dates: never the review's own date silently; asked back naming the column."""
    said = {lemma for w in s.words for lemma in lemmas(w)}
    for c in schema.columns():
        if c.role == Role.TIME or "date" not in c.words or c.dtype.upper() not in ("VARCHAR", "TEXT"):
            continue
        events = {lemma for w in c.words if w != "date" for lemma in lemmas(w)} - {"date", "time"}
        if events & said:
            raise Decline(
                "clarify",
                f"{c.name} is kept as text I can't read as dates (e.g. {c.values[0]!r}), so I can't use it "
                "for periods."
                if c.values
                else f"{c.name} is kept as text I can't read as dates.",
            )


PERIOD_WORDS = frozenset({"year", "month", "quarter", "week", "day", "date"})
PERIOD_ADJECTIVES = word_set("period_adjectives")
SPLIT_WORDS = frozenset({"by", "per", "each", "every", "trend", "over"})


def _earliest_dates(schema: Schema, times: list[str]) -> list[str]:
    """Of a record's start dates, the one whose first and last dates in the data are both the earliest;
    all of them when none is."""

    cols = [schema.col(q) for q in times]
    if any(no_later(c, c) is None for c in cols):
        return times
    early = [c.qualified for c in cols if all(no_later(c, o) for o in cols)]
    if len(early) == 1:
        return early
    # the same first and last days: the date its maker put on it (submitted), before it was received
    made = [q for q in early if any(w.startswith(MADE_WORDS) for w in schema.col(q).words)]
    return made if len(made) == 1 else times


MADE_WORDS = ("submit", "creat", "open", "placed", "order", "filed", "lodged", "raised", "logged")
"""Beginnings of a date's words saying its record was made then by its maker (never when it was received)."""


def _date_named(schema: Schema, s: Slots, times: list[str]) -> list[str]:
    """ "incidents by month" of policy_bind_date and incident_date, "journeys each month" of Date of
    Purchase and Date of Journey: the one date the question names by a word of its own, else all."""
    measured = [
        *s.bare,
        *(q for m, _ in s.measures for q in (m.column, m.since) if q and not q.startswith("@")),
    ]
    figured = {singular(w) for q in measured for w in schema.col(q).words}  # "delivery time": a figure
    said = {singular(w) for w in s.words} - figured
    said -= {w for r in s.ranges for w in (r.phrase or "").split()}  # "last month" names no Last_Order_Date
    alike = word_classes()["row_event_alike"]
    said |= {k for k, others in alike.items() if any((w,) in others for w in said)}  # trains: journeys
    keeping = {w for p in word_classes()["bookkeeping_dates"] for w in p}
    named = [
        x
        for x in times
        if {singular(w) for w in schema.col(x).words if w not in ("date", "of", "the")} & said
        # "deliveries by year" names no Delivery Recorded Date: only its bookkeeping word does
        and (not set(schema.col(x).words) & keeping or set(schema.col(x).words) & keeping & set(s.words))
    ]
    return named if len(named) == 1 else times


ENDING_STATUSES = word_set("ending_statuses")


def _ending_date(schema: Schema, s: Slots, table: str, times: list[str]) -> list[str]:
    """ "cancellations per year" of a status 'CANCELLED' beside START_DATE and END_DATE: records marked
    as ended are dated by their end date (nlq.schema interval_dates), never by when they began."""
    ended = any(
        not negated and set(phrase_tokens(str(value))) & ENDING_STATUSES for _, value, negated in s.values
    )
    span = interval_dates(schema, table) if ended else None
    return [span[1]] if span is not None and span[1] in times else []


def time_of(
    schema: Schema, s: Slots, table: str, today: dt.date
) -> tuple[str | None, TimeRange | None, tuple[TimeRange, ...]]:
    if s.ranges and s.grain is None and not s.time_col and _restates_a_flag(schema, s):
        # "promoted in the last 5 years" on promotion_last_5years: the flag already says the period
        s.notes.append(f"'{s.ranges[0].label.split(' (')[0]}' is said by the column's own name")
        s.ranges = []
    aged = [*s.mentioned, *(c.column for c in s.conds), *(m.column for m, _ in s.measures if m.column)]
    if (
        s.ranges
        and all(r.phrase in NOW_WORDS for r in s.ranges)
        and any("." in q and schema.col(q).age_of for q in aged)
    ):
        s.ranges = []  # "older than 65 today": the age is counted to the as-of date
    adjectives = set(s.words) & PERIOD_ADJECTIVES
    undated = not any(
        c.role == Role.TIME or set(c.words) & PERIOD_WORDS
        for t in schema.tables.values()
        for c in t.columns.values()
    )
    after = {b for i, w in enumerate(s.words[:-1]) if w in adjectives for b in s.words[i + 1 : i + 2]}
    amounts = {w for q in s.bare for w in schema.col(q).words}
    amounts |= {
        w
        for m, _ in s.measures
        if m.column and not m.column.startswith("@")
        for w in schema.col(m.column).words
    }
    if (
        adjectives
        and s.grain
        and undated
        and after & amounts
        and not s.ranges
        and not s.time_col
        and not set(s.words) & SPLIT_WORDS
    ):
        # "the average monthly income" where nothing is dated: the period the amount is kept in
        s.notes.append(
            f"'{sorted(adjectives)[0]}' read as the period the amounts are kept in (no dates here)"
        )
        s.grain = None
    if not s.ranges and s.grain is None and not s.time_col:
        return None, None, ()
    _unread_event_date(schema, s)
    if s.time_col:
        time_col: str | None = s.time_col
    else:
        t = schema.tables[table]
        due = {w for p in word_classes()["due_dates"] for w in p}
        # a deadline (shipping_limit_date) never dates its record: the parent's own date does
        times = [c.qualified for c in t.columns.values() if c.role == Role.TIME and not set(c.words) & due]
        if not times:
            related = [
                f"{r.ref_table}.{c.name}"
                for r in schema.relations
                if r.table == table
                for c in schema.tables[r.ref_table].columns.values()
                if c.role == Role.TIME
            ]
            parents = {q.split(".", 1)[0] for q in related}
            if len(related) > 1 and len(parents) == 1:
                # order lines dated by their order: the date the order itself is dated by (OrderDate,
                # not ShippedDate; the purchase, not the estimated delivery)
                return time_of(schema, s, next(iter(parents)), today)
            times = related if len(related) == 1 else []
        if len(times) > 1 and any(not schema.col(x).same_as for x in times):
            times = [x for x in times if not schema.col(x).same_as]  # never a date's month kept beside it
        if len(times) > 1:
            roots = {w[:5] for c, _, _ in s.flags for w in schema.col(c).words}
            hinted = [x for x in times if any(w[:5] in roots for w in schema.col(x).words)]
            # "late deliveries by year": dated by when they came (the late flag's own actual date)
            came = {
                f"{schema.col(c).table}.{late_dates[0]}"
                for c, _, _ in s.flags
                if (late_dates := schema.col(c).later_than) is not None
            }
            hinted = [x for x in times if x in came] or hinted
            # "patients who died in 2020": dated by the one date kept only where the flag is true
            kept = [
                x
                for x in times
                if any(x in schema.only_when.get(c, ()) for c, negated, _ in s.flags if not negated)
            ]
            hinted = kept if len(kept) == 1 else hinted
            times = hinted if len(hinted) == 1 else times
        if len(times) > 1:
            times = _date_named(schema, s, times)
        if len(times) > 1:
            times = _ending_date(schema, s, table, times) or times
        if len(times) > 1 and not s.flags:
            times = record_dates(schema, table, times)
        if len(times) > 1 and not s.flags:
            # issue_date beside last_payment_date and next_payment_date: the one date of no latest or next
            # event of a kind
            plain = [x for x in times if not set(schema.col(x).words) & LAST_EVENT_WORDS]
            times = plain if len(plain) == 1 else times
        if len(times) > 1 and not s.flags:
            # the date a record starts with (opened, created, ordered) over the one it ends with
            # (words other than the table's own name: every order_* date of orders says "order")
            own = {singular(w) for w in phrase_tokens(table)}
            # (a "last order date" is the latest of many events, never when the record began)
            first = [
                x
                for x in times
                if any(w.startswith(START_WORDS) for w in schema.col(x).words if singular(w) not in own)
                and not set(schema.col(x).words) & LAST_EVENT_WORDS
            ]
            if len(first) > 1:
                # a complaint's "date submitted" beside its "date received": the one that comes first in the
                # data (its earliest and latest dates both the earliest), where the record began
                first = _earliest_dates(schema, first)
            times = first if len(first) == 1 else times
        if len(times) > 1:
            times = _date_named(schema, s, times)
        if len(times) > 1:
            names = " or ".join(x.split(".", 1)[1] for x in times)
            raise Decline("clarify", f"Which date do you mean: {names}?")
        time_col = times[0] if times else None
    if time_col is not None and s.event_flags and not s.time_col:
        # "cancelled in 2024" needs the date of the cancelling, not of something else
        roots = {w[:5] for f in s.event_flags for w in schema.col(f).words}
        own = {
            singular(w)[:5] for w in phrase_tokens(schema.tables[schema.col(time_col).table].entity_singular)
        }
        kept_only = any(time_col in schema.only_when.get(f, ()) for f in s.event_flags)
        if not any(w[:5] in roots for w in schema.col(time_col).words) and not roots & own and not kept_only:
            # ("reviews posted in 2019" of VerifiedReview: a review's event is its own date)
            names = ", ".join(schema.col(f).name for f in s.event_flags)
            raise Decline(
                "clarify",
                f"The data has no date for when {names} happened ({schema.col(time_col).name} is another date).",
            )
    if time_col is None:
        what = s.ranges[0].label.split(" (")[0] if s.ranges else "time"
        raise Decline("clarify", f"The data has no date column, so I can't use '{what}'.")
    if len(s.ranges) >= 2 and s.versus:
        # the later period first: the change is later minus earlier
        pair = sorted(s.ranges[:2], key=lambda r: r.start, reverse=True)
        return time_col, None, tuple(pair)
    if len(s.ranges) > 1:
        raise Decline("clarify", "That names several periods; did you mean to compare them ('A vs B')?")
    return time_col, (s.ranges[0] if s.ranges else None), ()
