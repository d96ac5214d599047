"""Planning guards: small named rules, run in order on a planned Intent, each declining one shape
that cannot be answered safely (a tuple of rules, as sqlglot's optimizer keeps its RULES).

`check` runs GUARDS and names the rule that declined (`Decline.rule`), so tests are tables of
(question, rule) and a new guard is one function added to the tuple.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from catalog.roles import FLOAT_TYPES
from catalog.semantic import Role
from nlq.grammar import word_classes, word_set
from nlq.intent import Cond, Figure, Intent, Measure
from nlq.lexicon import PEOPLE_CONCEPTS
from nlq.recognize import DISTINCT_WORDS, Decline
from nlq.schema import QUANTITY_WORDS, Col, Schema, dated_every, label_columns, one_row_each
from nlq.text import phrase_tokens, plural, said_at, singular
from nlq.units import named_unit


@dataclass(frozen=True)
class Draft:
    """An Intent about to be answered, with what planning could not place."""

    intent: Intent
    leftover: tuple[str, ...] = ()
    """Columns named in the question that no part of the Intent uses."""
    figure_asked: bool = False
    """ "how much", "in total" was said: the answer is a figure, never a list of records."""
    words: tuple[str, ...] = ()
    """The question's words, lower case."""
    ranged: tuple[Cond, ...] = ()
    """Filters selecting the coded ranges of one asked range (nlq.coderanges): one filter, not values named."""
    people: tuple[str, ...] = ()
    """Tables of people the question names as its records ("our customers")."""


def unexplained_columns(schema: Schema, d: Draft) -> None:
    """A column named but used nowhere in a figure: the question is not understood whole."""
    # "our stock on hand worth at the listed unit prices": a column the figure is made of only restates it
    made = {
        f"{m.column.split('.', 1)[0]}.{part}"
        for m in d.intent.measures
        if m.column
        for part in schema.col(m.column).formula or ()
    }
    leftover = [b for b in d.leftover if b not in made]
    if d.intent.kind in ("aggregate", "compare") and leftover:
        names = ", ".join(schema.col(b).name for b in leftover)
        raise Decline("clarify", f"I'm not sure what to do with {names} here.")


def figure_is_no_list(schema: Schema, d: Draft) -> None:
    """ "how much did customers pay us in total?" read as the list of customers: a figure was asked."""
    i = d.intent
    ranked = bool(i.order_by and i.limit and schema.col(i.order_by).money and i.order_by in i.columns)
    if d.figure_asked and i.kind == "list" and not ranked:
        # (the biggest order ranked by its amount shows the amount: "and how much was it")
        raise Decline("clarify", "How much of what? Name the amount, e.g. 'total amount'.")


AVERAGE_SAID = frozenset({"average", "averages", "avg", "mean", "median"})


def average_of_unkeyed_rows(schema: Schema, d: Draft) -> None:
    """ "which 5 procedures have the highest average cost" read as the 5 costliest rows: rows that no key
    names one by one are no records to average over; the average is of a kind of them (asked)."""
    i = d.intent
    if i.kind != "list" or not i.order_by or not set(d.words) & AVERAGE_SAID:
        return
    if set(schema.col(i.order_by).words) & AVERAGE_SAID:
        return  # (a column that is itself an average: "the highest avg_price")
    t = schema.tables[i.table]
    if t.key:
        # "which 5 products have the highest average turnover rate" where one product name is on many
        # rows (one per supplier): the average is of each name's rows, never one row's value
        own = phrase_tokens(t.entity_singular)[-1:]
        names = [
            c
            for c in t.columns.values()
            if c.words == (*own, "name")
            and c.role in (Role.OTHER, Role.DIMENSION)
            and 0 < c.distinct < t.row_count
        ]
        if len(names) != 1:
            return
        raise Decline(
            "clarify",
            f"Each of the {t.entity} is one row, so its average is its own value; did you mean the average "
            f"by {names[0].label} (e.g. 'average {schema.col(i.order_by).label} by {names[0].label}')?",
        )
    raise Decline(
        "clarify",
        f"The {t.entity} have no key, so each row is no one thing to average over; ask for the average "
        f"by a column (e.g. 'average {schema.col(i.order_by).label} by ...').",
    )


def latest_or_most_late(schema: Schema, d: Draft) -> None:
    """ "which invoice was paid the latest" beside a Days Late column: the most recent one, or the one paid
    the most days late? Asked (a date read was a wrong answer)."""
    i = d.intent
    if "latest" not in d.words or not i.order_by or schema.col(i.order_by).role != Role.TIME:
        return
    late = [
        c
        for c in schema.tables[schema.col(i.order_by).table].columns.values()
        if c.role == Role.MEASURE and c.is_numeric and "late" in c.words
    ]
    if len(late) == 1:
        raise Decline(
            "clarify",
            f"'Latest' by {schema.col(i.order_by).label}, or the most {late[0].label}? Please say which.",
        )


def undated_totals_in_time(schema: Schema, d: Draft) -> None:
    """ "units sold per month" of a product list's units sold to date: no date of a product says when its
    sales happened (the last order or receipt date is another event), so no period of them is given."""
    i = d.intent
    if i.time_column is None and i.grain is None:
        return
    for m in i.measures:
        if m.column and schema.col(m.column).undated:
            c = schema.col(m.column)
            raise Decline(
                "unsupported",
                f"{c.label.capitalize()} is each {schema.tables[c.table].entity_singular}'s total to date; "
                "no date says when it happened, so I can't give it by period.",
            )


def figure_of_other_people(schema: Schema, d: Draft) -> None:
    """ "the average age of our customers" where only the employees have a date of birth: a figure of one
    kind of people is never given for another kind named (their support reps' ages, or the staff's)."""
    for m in d.intent.measures:
        owner = m.column.split(".", 1)[0] if m.column and "." in m.column else None
        if owner is None or not of_people(schema, owner) or not d.people or owner in d.people:
            continue
        named = schema.tables[d.people[0]].entity
        raise Decline(
            "clarify",
            f"{schema.col(m.column or '').label.capitalize()} is kept for {schema.tables[owner].entity}, "
            f"not for {named}.",
        )


def average_of_whose_records(schema: Schema, d: Draft) -> None:
    """ "what does a corporate customer spend with us on average" of jobs pointing at customers: the average
    job's amount, or a customer's total over their jobs? Asked, unless the jobs are named."""
    for m in d.intent.measures:
        if m.agg not in ("avg", "median") or not m.column or not schema.col(m.column).money or m.per_key:
            continue
        rows = m.column.split(".", 1)[0]
        people = [p for p in d.people if p != rows]
        links = [r for r in schema.relations if r.table == rows and people and r.ref_table == people[0]]
        if not links or any(
            g in (f"{r.table}.{r.column}", f"{r.ref_table}.{r.ref_column}")
            for g in d.intent.group_by
            for r in links
        ):
            continue  # ("top 2 customers by average amount": each customer's own average, grouped by them)
        said = {singular(w) for w in d.words}
        if said & {singular(w) for w in schema.tables[rows].entity.split()}:
            continue
        record, person = schema.tables[rows].entity_singular, schema.tables[people[0]].entity_singular
        raise Decline(
            "clarify",
            f"On average per {record}, or per {person} (each one's total over their {schema.tables[rows].entity})? "
            f"Please say e.g. 'average amount per {record}'.",
        )


OFTEN_WORDS = frozenset({"often", "frequently"})


def often_of_pointed_rows(schema: Schema, d: Draft) -> None:
    """ "which car model comes in for work most often" counted over cars, one row each, where jobs point at
    the cars: how often is of the jobs, not of the cars; which records to count is asked."""
    i = d.intent
    if not set(d.words) & OFTEN_WORDS or i.kind != "aggregate" or len(i.measures) != 1:
        return
    m = i.measures[0]
    if m.agg != "count" or m.column is not None or not i.group_by:
        return
    counted = m.table or i.table
    events = sorted({r.table for r in schema.relations if r.ref_table == counted and r.table != counted})
    if not events or schema.tables[counted].entity.split()[-1] in d.words:
        return
    names = " or ".join(schema.tables[t].entity for t in events)
    raise Decline(
        "clarify",
        f"How often counted in what: {schema.tables[counted].entity} themselves, or their {names}? "
        f"Please name the records (e.g. 'most {schema.tables[events[0]].entity}').",
    )


def count_condition_per_group(schema: Schema, d: Draft) -> None:
    """ "plans with over 100 customers": a condition on how many records each group has, only (records
    numbered by an identifier, "customers with over 10 orders" of order lines, count its values)."""
    i = d.intent
    own_rows = all(c.column.split(".", 1)[0] == i.table for c in i.filters)
    distinct = bool(i.measures and i.measures[0].agg == "count_distinct") and own_rows
    counts = i.having_rows or bool(i.measures and i.measures[0].agg == "count") or distinct or i.having_figure
    if i.having and (i.kind != "aggregate" or not i.group_by or not i.measures or not counts):
        raise Decline(
            "clarify", "I can only check a number of records per group, e.g. 'plans with over 100 customers'."
        )


def comparison_needs_figure(schema: Schema, d: Draft) -> None:
    """Two periods compared need a figure to compare."""
    if d.intent.compare_ranges and not d.intent.measures:
        raise Decline("clarify", "Compare what? Name a figure, e.g. 'total amount this year vs last year'.")


def aggregate_needs_figure(schema: Schema, d: Draft) -> None:
    """A grouped or summarised answer needs a figure."""
    if d.intent.kind in ("aggregate", "compare") and not d.intent.measures:
        raise Decline("unsupported", "I could not find a figure to compute in that question.")


MANY_RECORDS = 50
"""More distinct values than this in a text column name records (customers), not categories."""


def average_per_key(schema: Schema, d: Draft) -> None:
    """ "average amount per customer": each customer's average, or the average customer's total? Only a
    figure that adds up (an amount, a count) has a total per key; a price, a discount or a score does not,
    so "average discount per store" is each store's average."""
    i = d.intent
    if i.measures and i.measures[0].column and not _adds_up(schema.col(i.measures[0].column)):
        return
    if not {"per", "each", "every"} & set(d.words):
        return  # "average track length by genre": each genre's average, as said
    keys = [
        g
        for g in i.group_by
        if (schema.col(g).role in (Role.IDENTIFIER, Role.FOREIGN_KEY) and not schema.col(g).values)
        or (
            schema.col(g).role == Role.DIMENSION
            and schema.col(g).distinct > MANY_RECORDS
            and "name" in {w for ws in (schema.col(g).words, *schema.col(g).synonyms) for w in ws}
        )
    ]  # a key to many records (customer_id, a customer's name), not a code naming a few categories
    if keys and i.limit is None and i.order is None and i.measures and i.measures[0].agg in ("avg", "median"):
        word = "average" if i.measures[0].agg == "avg" else "median"
        raise per_key_question(word, schema.col(keys[0]).name)


def per_key_question(word: str, name: str) -> Decline:
    """ "average amount per customer": each one's average, or the total over them? (rule average_per_key)"""
    asked = Decline(
        "clarify",
        f"Do you mean the {word} for each {name} (say 'top 10 ... by {name}'), "
        "or the total divided by the number of them?",
    )
    asked.rule = "average_per_key"
    return asked


def _adds_up(c: Col) -> bool:
    """Whether a figure may have a meaningful total: not a score, a price, or a unitless fraction (a
    discount of 0.3, a loyalty share)."""
    return not (
        c.averaged or c.is_price or (c.unit is None and not c.money and c.dtype.startswith(FLOAT_TYPES))
    )


def count_per_record_whole_data(schema: Schema, d: Draft) -> None:
    """ "rentals per customer" over all the data only: filtered or split, it could mean the customers
    with none or only those with some."""
    i = d.intent
    per = next((m.per for m in i.measures if m.per), None)
    if per and (
        i.filters
        or i.group_by
        or i.grain
        or i.time_range
        or i.compare_ranges
        or len(i.measures) > 1
        or i.kind != "aggregate"
    ):
        raise Decline(
            "clarify",
            f"I can give that average per {schema.tables[per].entity_singular} over all the data only; "
            "filtered or split, it could mean those with none or only those with some.",
        )


def distinct_count_of_one_value(schema: Schema, d: Draft) -> None:
    """ "how many managers left?" read as the distinct job roles where the role is Manager (always 1):
    a distinct count of a column held to one value answers nothing."""
    held = {f.column for f in d.intent.filters if f.op == "="}
    for m in d.intent.measures:
        if m.agg == "count_distinct" and m.column in held:
            name = schema.col(m.column).name
            raise Decline("clarify", f"Count what: rows where {name} has that value, or something else?")


def pooled_average_of_named_values(schema: Schema, d: Draft) -> None:
    """ "attrition rate for men and for women": an average or rate over several named values of one
    column, with no split by it, pools them into one figure people did not ask for."""
    i = d.intent
    if i.kind != "aggregate" or i.group_by or i.grain:
        return
    if not any(m.agg in ("avg", "rate", "median") for m in i.measures):
        return
    rated = {c.column for m in i.measures if m.agg == "rate" for c in m.condition}
    for f in i.filters:
        if f.column in rated:
            continue  # "the win rate (won vs lost)": the values the rate is taken over, together by meaning
        if f.op == "in" and isinstance(f.value, list | tuple) and len(f.value) > 1 and f not in d.ranged:
            name = schema.col(f.column).name
            raise Decline(
                "clarify",
                f"For each {name} (say 'by {name}') or for those values together (say 'together')?",
            )


def split_by_one_kept_value(schema: Schema, d: Draft) -> None:
    """ "payments per account type" read as a split by transaction type, which "payments" keeps to one
    value: a split by a column held to one value splits nothing, so it is not what was meant."""
    i = d.intent
    if i.kind != "aggregate" or i.compare_ranges:
        return
    said = {w.lower() for w in d.words}
    for g in i.group_by:
        kept = [f for f in i.filters if f.column == g and f.op == "="]
        if kept and all(set(str(f.value).lower().split()) <= said for f in kept):
            continue  # "customers by plan where plan is Pro": the value was said, one group is asked for
        if kept and not any(f.column == g and f.op != "=" for f in i.filters):
            raise Decline(
                "clarify",
                f"Split by {schema.col(g).name}, which the question keeps to {kept[0].value}? "
                "Please name the column to split by.",
            )


PLACE_WORDS = frozenset(
    {"country", "state", "city", "region", "location", "nation", "territory", "province", "county", "place"}
)
LEGAL_FORMS = frozenset(
    {"inc", "inc.", "ltd", "ltd.", "llc", "corp", "corp.", "corporation", "co", "co.", "company", "plc", "gmbh",
     "limited", "pvt", "pvt.", "sa", "ag", "bv", "lp", "llp"}
)  # fmt: skip
"""Words a company's name is written with or without ('Acme' and 'Acme Inc'): in a column of names only
these make two values one name written two ways."""
NOT_A_NAME = frozenset({"yes", "no", "none", "other", "others", "unknown", "na", "all", "any", "not", "non"})
"""Words that are no thing's name: 'No' beside 'No phone service' is not that value written short."""


def _written_two_ways(c: Col) -> list[tuple[str, str]]:
    """(one word, the one longer value that holds it) among a category's values: 'Phone' beside 'Mobile
    Phone', 'Mobile' beside 'Mobile Phone' may be one thing written two ways (or two things)."""
    if set(c.words) & PLACE_WORDS:
        return []  # 'Virginia' and 'West Virginia', 'Guinea' and 'New Guinea' are two places
    texts = [v for v in c.values if isinstance(v, str) and not set(v) & set("/,;|")]  # (no lists of values)
    named = c.words[-1:] in (("name",), ("title",))
    if _kinds_by_qualifier(texts):
        return []
    out = []
    for short in texts:
        word = short.strip().lower()
        if " " in word or word in NOT_A_NAME:
            continue
        longer = [v for v in texts if v != short and word in v.lower().split()]
        if len(longer) != 1 or NOT_A_NAME & set(longer[0].lower().split()):
            continue
        extra = set(longer[0].lower().split()) - {word}
        if named and not extra <= LEGAL_FORMS:
            continue  # 'Flipkart' and 'Flipkart Supermart' of merchant names: a brand and its sub-brand
        if extra & {"with", "without", "and", "&", "of", "in", "on", "plus", "extra"}:
            continue  # 'Americano with Milk' beside 'Americano': a thing with something added, another thing
        if _cross_classed(extra, [v for v in texts if v not in (short, longer[0])]):
            continue  # 'Luxury SUV' beside 'SUV', 'Luxury Car' and 'Sports Car': a class of the scheme
        if " ".join(sorted(extra)) in {v.strip().lower() for v in texts}:
            continue  # 'Web Referral' beside 'Web' and 'Referral': the two put together, a third thing
        if not extra & {w for p in word_classes()["degree_words"] for w in p}:
            out.append((short, longer[0]))  # (two grades, 'near colourless' and 'colourless', are two)
    return out


def _kinds_by_qualifier(texts: list[str]) -> bool:
    """Whether a category names its kinds by a word before a head the values never hold alone ('Drinking
    Chocolate' and 'Packaged Chocolate', no 'Chocolate'): then 'Loose Tea' beside 'Tea' is another kind."""
    alone = {t.strip().lower() for t in texts}
    heads: dict[str, set[str]] = {}
    for t in texts:
        words = t.strip().lower().split()
        if len(words) == 2:
            heads.setdefault(words[1], set()).add(words[0])
    return any(len(q) > 1 and head not in alone for head, q in heads.items())


def _cross_classed(qualifiers: set[str], others: list[str]) -> bool:
    """Whether a qualifier word also qualifies another value whose head is qualified otherwise too
    ('Luxury Car' beside 'Sports Car': values classed by two schemes at once), unlike a maker's name
    before two products ('Sony Xperia' beside 'Sony PlayStation' and 'PlayStation')."""
    words = [set(v.lower().split()) for v in others]
    for w in words:
        heads = w - qualifiers
        if w & qualifiers and heads and any(heads & u and not u & qualifiers for u in words):
            return True
    return False


def _listed(value: object) -> list[object]:
    return list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]


def value_written_two_ways(schema: Schema, d: Draft) -> None:
    """A split by, or a filter on, a category holding 'Phone' and 'Mobile Phone': one device written two
    ways in a messy export, or two devices; either answer may be wrong, so it is asked."""
    i = d.intent
    written_two_ways(schema, i.group_by, [*i.filters, *(c for m in i.measures for c in m.condition)])


def written_two_ways(schema: Schema, groups: Sequence[str], conds: Sequence[Cond]) -> None:
    """Decline a split by `groups` or filter `conds` on a category with a value written two ways, unless
    the filter names both ways (a skill's split and filters are checked here too)."""
    used = {g: None for g in groups} | {f.column: f for f in conds if f.op in ("=", "!=", "in", "not_in")}
    for key, cond in used.items():
        table, _, name = key.partition(".")
        if table not in schema.tables or name not in schema.tables[table].columns:
            continue
        for short, full in _written_two_ways(schema.col(key)):
            named = set() if cond is None else {str(v) for v in _listed(cond.value)}
            if cond is not None and (not named & {short, full} or {short, full} <= named):
                continue
            raise Decline(
                "clarify",
                f"{schema.col(key).name} holds both '{short}' and '{full}', which may be one thing written two "
                f"ways or two things; I won't guess. Name the values to use, e.g. '{short} or {full}'.",
            )


def _readings(schema: Schema, concept: str) -> list[str]:
    """The columns of the data a concept's word may mean (revenue: a money column too)."""
    found = [b.target for b in schema.concepts if b.concept == concept and "." in b.target]
    if concept == "revenue":
        # (a sales target, goal or budget is money planned, never revenue taken: coffee's total_goal)
        found += [
            c.qualified for c in schema.columns(Role.MEASURE) if c.money and not set(c.words) & PLANNED_WORDS
        ]
    return sorted(set(found))


PLANNED_WORDS = frozenset(
    {"goal", "goals", "target", "targets", "budget", "budgets", "quota", "quotas", "forecast"}
)
"""Name words of money planned rather than taken."""


def two_readings(schema: Schema, d: Draft) -> None:
    """ "turnover" on data with both staff leaving (a churn flag) and money: which one is asked back."""
    for word, concepts in word_classes()["two_readings"].items():
        if word not in d.words:
            continue
        found = {c[0]: _readings(schema, c[0]) for c in concepts}
        if sum(bool(v) for v in found.values()) > 1:
            said = " or ".join(
                f"{c} ({', '.join(schema.col(q).name for q in v)})" for c, v in found.items() if v
            )
            raise Decline("clarify", f"'{word}' could mean {said}; which one?")


def units_of(schema: Schema, table: str) -> list[Col]:
    """The measures of a table that count units (its quantity columns)."""
    return [
        c
        for c in schema.tables[table].columns.values()
        if c.role == Role.MEASURE and set(c.words) & QUANTITY_WORDS
    ]


def sold_in(schema: Schema, table: str) -> str | None:
    """The table of priced lines (a quantity column) whose key points at `table`'s rows: invoice lines
    of tracks, order details of products; lines of something that happened (dated, or pointing at a
    dated record), never a store's stock levels of the same products, nor the people who buy (customers)."""
    if table in schema.tables and of_people(schema, table):
        return None
    for r in schema.relations:
        if r.ref_table != table or r.table == table or r.table not in schema.tables:
            continue
        lines = schema.tables[r.table].columns.values()
        one_each = any(c.looked_up for c in lines)  # no quantity, a listed price: one unit a line
        if (units_of(schema, r.table) or one_each) and dated(schema, r.table):
            return r.table
    return None


def dated(schema: Schema, table: str) -> bool:
    """The table's rows have a date, their own or that of a record they point at (an order line's order)."""
    tables = [table, *(r.ref_table for r in schema.relations if r.table == table and r.ref_table != table)]
    return any(
        c.role == Role.TIME for t in tables if t in schema.tables for c in schema.tables[t].columns.values()
    )


def sale_verbs_said(words: tuple[str, ...]) -> set[str]:
    """The verbs of selling among a question's words ("sold", "bought": words.yaml sale_verbs)."""
    return set(words) & {p[0] for p in word_classes()["sale_verbs"]}


TAXED_WORDS = frozenset({"tax", "taxes", "vat", "including", "incl", "gross"})
"""Name words of a money column that holds tax (Total Including Tax, Tax Amount)."""


def tax_said_of_taxed(schema: Schema, d: Draft) -> None:
    """ "revenue excluding tax" read as a column with the tax in it (Total Including Tax): declined, never
    the taxed figure; of a figure without tax (quantity x unit price) the words only confirm it."""
    said = " ".join(d.words)
    if not any(" ".join(p) in said for p in word_classes()["tax_free_words"]):
        return
    cols = [m.column for m in d.intent.measures if m.column and not m.column.startswith("@")]
    if any(set(schema.col(c).words) & TAXED_WORDS for c in cols):
        raise Decline("clarify", "That figure includes tax; please name the amount before tax.")


def excludes_every_value(schema: Schema, d: Draft) -> None:
    """ "customers who never bought online, only at the box office" read as never Web or POS: a negated
    condition over every value a column holds leaves nothing by construction; declined, never 0."""
    for c in d.intent.filters:
        inner = [x for x in (c.value[2:] if c.op == "not_in_sub" else ()) if isinstance(x, Cond)]
        for cond in [c] if c.op == "not_in" else inner:
            if cond.op not in ("in", "not_in") or "." not in cond.column:
                continue
            held = {str(v) for v in schema.col(cond.column).values}
            if held and held <= {str(v) for v in cond.value}:
                raise Decline(
                    "clarify",
                    f"That leaves out every {schema.col(cond.column).label} ({', '.join(sorted(held))}); "
                    "please ask for one side at a time.",
                )


def no_sum_of_codes(schema: Schema, d: Draft) -> None:
    """A total or an average of a category kept as numbers (the hour of the day, a coded gender) means
    nothing: declined, never added up."""
    for m in d.intent.measures:
        c = schema.col(m.column) if m.column and not m.column.startswith("@") else None
        if (
            c is not None
            and m.agg in ("sum", "avg")
            and c.role == Role.DIMENSION
            and (c.hour_of or c.unknown_code is not None)
        ):
            raise Decline("clarify", f"{c.name} is a category, not an amount; I can split by it or count it.")


def date_of_unrecorded_event(schema: Schema, d: Draft) -> None:
    """ "on what date is event 44 performed" where the only dates are when tickets were bought: the day
    of a happening no date column records (words.yaml staged_verbs) is declined, never the purchase days."""
    words = set(d.words)
    asked = bool(words & {"when", "date", "day"})
    staged = {p[0] for p in word_classes()["staged_verbs"] if len(p) == 1} & words
    if not asked or not staged:
        return
    dates = list(schema.columns(Role.TIME))
    if any(w[:5] == v[:5] for c in dates for w in c.words for v in staged):
        return
    raise Decline(
        "unsupported",
        f"The data records no date of being {sorted(staged)[0]}; its dates are "
        f"{', '.join(c.name for c in dates[:3])}.",
    )


def two_counts_one_figure(schema: Schema, d: Draft) -> None:
    """ "how many Mainstream members do we have, and how many of them have bought Pringles?" answered with
    one count: two counts asked, one given (the other dropped); asked to ask them one at a time."""
    i = d.intent
    asked = len(said_at(d.words, ("how", "many")))
    if asked >= 2 and len(i.measures) < 2 and i.kind == "aggregate" and not i.group_by and not i.grain:
        raise Decline(
            "clarify", "That asks two counts; I can give one at a time: please ask them one by one."
        )


def how_much_is_no_count(schema: Schema, d: Draft) -> None:
    """ "how much did we sell in Bengaluru, and across how many transactions" answered with the count
    alone: "how much" asks an amount, which a count of records never is; asked back."""
    i = d.intent
    counts = [m for m in i.measures if m.agg in ("count", "count_distinct")]
    if not d.figure_asked or i.kind != "aggregate" or not counts or len(counts) != len(i.measures):
        return
    if said_at(d.words, ("how", "much")) and said_at(d.words, ("how", "many")):
        raise Decline("clarify", "How much of what? Please name the amount beside the count, e.g. 'revenue'.")


def count_of_sold_list(schema: Schema, d: Draft) -> None:
    """ "how many tracks have we sold": counting a price list's records (no dates of their own) with a
    selling verb is neither the tracks sold nor the units sold; which of those is meant is asked back."""
    i = d.intent
    said = sale_verbs_said(d.words)
    if i.kind != "aggregate" or not said or len(i.measures) != 1:
        return
    m = i.measures[0]
    counted = m.table or i.table
    t = schema.tables.get(counted)
    if (
        m.agg not in ("count", "rate")
        or m.column
        or t is None
        or any(c.role == Role.TIME for c in t.columns.values())
    ):
        return
    plain = ("=", "!=", "in", "not_in", ">", ">=", "<", "<=", "between", "true", "false", "not_null")
    used = [f.column for f in i.filters] + list(i.group_by) + [c.column for c in m.condition]
    own = {counted} | {r.ref_table for r in schema.relations if r.table == counted}  # "pizzas by category"
    if any(c.split(".", 1)[0] not in own for c in used if c) or any(f.op not in plain for f in i.filters):
        return  # reached through the sales already ("tracks never purchased": none in the invoice lines)
    lines = sold_in(schema, counted)
    if lines is not None:
        raise Decline(
            "clarify",
            f"Do you mean how many different {t.entity} were {sorted(said)[0]} (those in "
            f"{schema.tables[lines].entity}), or how many units (the total quantity of "
            f"{schema.tables[lines].entity})? Please ask for one.",
        )


KEY_WORDS = frozenset({"id", "ids", "key", "no", "number", "num", "code"})
"""Words of a key's name that are not what it points at (item_id: an item)."""


def units_or_records(schema: Schema, d: Draft) -> None:
    """ "how many pizzas are in an order", "which order had the most pizzas": a price list's records
    counted through the lines that sell them, where one line may sell several units (a quantity above
    1), are different records or units; which one is asked back ("different" says records)."""
    i = d.intent
    if i.kind != "aggregate" or set(d.words) & DISTINCT_WORDS:
        return
    said = {singular(w) for w in d.words}
    for m in i.measures:
        if m.agg == "count_distinct" and m.column:
            lines, fk = m.column.split(".", 1)
        elif m.agg == "count" and not m.column:
            lines, fk = (m.table or i.table), None
        else:
            continue
        t = schema.tables.get(lines)
        names = [t.info.entity_singular, *t.info.synonyms, *t.derived_synonyms] if t is not None else []
        if t is not None:  # "order lines" of order details (words.yaml record_synonyms)
            head = t.info.entity_singular.split()
            for other in word_classes()["record_synonyms"].get(singular(head[-1]) if head else "", ()):
                if "line" in other:  # "order lines", never "order items" (the items are what is counted)
                    names.append(" ".join((*head[:-1], *other)))
        if t is None or any({singular(w) for w in str(n).split()} <= said for n in names):
            continue  # the lines themselves are named ("order lines", "order details")
        per = {str(m.per or "").split(".", 1)[0], str(m.per_key or "").split(".", 1)[0]}
        per |= {g.split(".", 1)[0] for g in i.group_by} | {
            r.ref_table for r in schema.relations if r.table == lines and f"{lines}.{r.column}" in i.group_by
        }
        units = units_of(schema, lines)
        keyed = m.agg == "count_distinct" and schema.col(str(m.column)).role == Role.FOREIGN_KEY
        by_record = [  # split by another key of the same lines (items per order), never by a class
            g
            for g in i.group_by
            if g.startswith(f"{lines}.") and schema.col(g).role in (Role.IDENTIFIER, Role.FOREIGN_KEY)
        ]
        items = {singular(w) for w in schema.col(str(m.column)).words} if keyed else set()
        if not units and keyed and by_record and not items & people_nouns():
            # "orders with more than 12 items" of lines one unit each: the same item twice in an order
            # is two items, or one? (never the different ones silently)
            item = " ".join(w for w in schema.col(str(m.column)).words if w not in KEY_WORDS) or "item"
            raise Decline(
                "clarify",
                f"Do you mean how many different {plural(item)} (each counted once), or how many "
                f"{t.info.entity} lines with one? Please ask for one ('different {plural(item)}' or "
                f"'{t.info.entity}').",
            )
        if len(units) != 1 or not isinstance(units[0].maximum, (int, float)) or units[0].maximum <= 1:
            continue
        for r in schema.relations:
            if r.table != lines or (fk is not None and r.column != fk) or r.ref_table in (lines, *per):
                continue
            listed = schema.tables[r.ref_table]
            names = [listed.info.entity.split()[-1], *(str(x).split()[-1] for x in listed.info.synonyms if x)]
            if singular(names[0]) in people_nouns():
                continue  # "how many customers bought something": people, never units of them
            if any(singular(n) in said for n in names):  # "bikes" of products classed as bikes
                raise Decline(
                    "clarify",
                    f"Do you mean how many different {listed.info.entity} (each counted once), or how many "
                    f"units ({units[0].name} of the {t.info.entity})? Please ask for one.",
                )


PERIOD_ADJECTIVES = frozenset({"daily", "weekly", "monthly", "quarterly", "yearly", "annual", "annually"})


def period_average_said(
    schema: Schema, words: tuple[str, ...], measures: tuple[Measure, ...], grain: str
) -> bool:
    """ "average monthly revenue", "average revenue per month", "orders per day on average": a figure of
    each period averaged over the periods; never when the column's own name holds the period word
    ("average MonthlyCharges")."""
    adjective = any(
        w in ("average", "avg", "mean", "median", "typical") and words[j + 1] in PERIOD_ADJECTIVES
        for j, w in enumerate(words[:-1])
    )
    per = any(
        w in ("per", "a", "each", "every")
        and words[j + 1] == grain
        and not (w in ("each", "every") and j and words[j - 1] in ("in", "for", "during", "within"))
        for j, w in enumerate(words[:-1])
    )  # "the average spend in each month": each month's average, a split
    own = {w for m in measures if m.column for w in schema.col(m.column).words}
    return (adjective or ("average" in words and per)) and not own & PERIOD_ADJECTIVES


def average_of_period_totals(schema: Schema, d: Draft) -> None:
    """ "average monthly revenue" that planning could not read as the mean of the periods' totals (a
    median, an average of distinct people): never the average row's revenue in each month (which it
    was: a wrong answer); asked back."""
    i = d.intent
    if (
        i.grain
        and period_average_said(schema, d.words, i.measures, i.grain)
        and any(m.agg in ("avg", "median", "count_distinct") for m in i.measures)
    ):
        raise Decline(
            "clarify",
            "The average of each period's figure is read for totals and counts of records; I can show the "
            "figure for each period (e.g. 'revenue by month') or the overall average per record.",
        )


PERIOD_OF_ADJECTIVE = {
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "quarterly": "quarter",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
}


def amount_of_another_period(schema: Schema, d: Draft) -> None:
    """ "the average annual premium" of Monthly Premium Auto: a figure asked per another period than the
    column's own holds was read as the monthly one (a wrong answer); converting is not done, so asked."""
    i = d.intent
    used = {
        w for q in [*i.group_by, *(m.column for m in i.measures if m.column)] for w in schema.col(q).words
    }
    said = {PERIOD_OF_ADJECTIVE[w] for w in d.words if w in PERIOD_OF_ADJECTIVE and w not in used}
    for m in i.measures:
        own = (
            {PERIOD_OF_ADJECTIVE[w] for w in schema.col(m.column).words if w in PERIOD_OF_ADJECTIVE}
            if m.column
            else set()
        )
        totalled = m.agg == "sum" and own == {dated_every(schema, schema.col(m.column or "").table)}
        if own and said - own and not m.per_period and not totalled:
            raise Decline(
                "clarify",
                f"{schema.col(m.column or '').name} is counted per {min(own)}; I don't convert it to a "
                f"{min(said - own)}. Ask for it as it is (e.g. 'average {schema.col(m.column or '').label}').",
            )


def beyond_its_extreme(schema: Schema, d: Draft) -> None:
    """ "cancel less than first-time guests" read as lead time below the minimum lead time: a value of a
    column compared past that column's own lowest or highest value keeps no row; the words meant
    something else (here "first-time"), so it is asked, never answered empty."""
    conds = [*d.intent.filters, *(c for m in d.intent.measures for c in m.condition)]
    for c in conds:
        f = c.value
        if not isinstance(f, Figure) or f.column != c.column:
            continue
        if (f.agg == "min" and c.op == "<") or (f.agg == "max" and c.op == ">"):
            raise Decline(
                "clarify",
                f"No {schema.col(c.column).name} is {'below its lowest' if f.agg == 'min' else 'above its highest'} "
                "value; I did not understand that comparison. Please rephrase it.",
            )


def conditions_that_cannot_meet(schema: Schema, d: Draft) -> None:
    """ "subscribers by age group: under 30, 30-39, 40-49, and 50 or older" read as age < 49 and age >= 50:
    bounds on one column that no value meets keep no row; the words meant something else (bands), so
    it is asked, never answered empty."""
    bounds_that_cannot_meet(schema, d.intent.filters)


def bounds_that_cannot_meet(schema: Schema, conds: Sequence[Cond]) -> None:
    """Declines bounds on one column that no value meets (see `conditions_that_cannot_meet`; a skill's
    filters too: "churn rate for members aged 30 and over compared with under 30")."""
    low: dict[str, tuple[float, bool]] = {}
    high: dict[str, tuple[float, bool]] = {}
    """column -> (bound, strict): "under 30 ... 30 and older" is < 30 and >= 30, which no age meets."""
    for c in conds:
        bounds = [(c.op, c.value)] if c.op != "between" else [(">=", c.value), ("<=", c.value2)]
        for op, v in bounds:
            if not isinstance(v, int | float) or isinstance(v, bool):
                continue
            if op in (">", ">="):
                low[c.column] = max(low.get(c.column, (v, op == ">")), (v, op == ">"))
            elif op in ("<", "<="):
                high[c.column] = min(
                    high.get(c.column, (v, op == "<")), (v, op == "<"), key=lambda b: (b[0], not b[1])
                )
    for column in low.keys() & high.keys():
        (lo, lo_strict), (hi, hi_strict) = low[column], high[column]
        if lo > hi or (lo == hi and (lo_strict or hi_strict)):
            raise Decline(
                "clarify",
                f"No {schema.col(column).name} is both {'above' if lo_strict else 'at least'} {lo:g} and "
                f"{'below' if hi_strict else 'at most'} {hi:g}; "
                "I did not understand those conditions (bands? say 'by age group' alone, or one range).",
            )


COMPARATIVES = frozenset(
    {"higher", "more", "larger", "bigger", "greater", "lower", "less", "smaller", "fewer"}
)


def ratio_of_two_figures(schema: Schema, d: Draft) -> None:
    """ "How many times higher is retail's average grocery spend than Horeca's?": a ratio of two figures
    is asked; the figures side by side would leave "how many times" unanswered, so it is asked back."""
    words = d.words
    at = [i for i, w in enumerate(words[:-1]) if w == "times" and words[i + 1] in COMPARATIVES]
    if at and "than" in words[at[0] :] and not any(m.over for m in d.intent.measures):
        raise Decline(
            "clarify",
            "'How many times' asks for one figure divided by another, which I can't compute in one step; "
            "ask for both figures (e.g. 'average grocery by channel') and compare them.",
        )


@cache
def people_nouns() -> frozenset[str]:
    """Singular words for people (words.yaml `people`): customers, clients, guests."""
    return frozenset(singular(w) for p in word_classes()["people"] for w in p)


def of_people(schema: Schema, table: str) -> bool:
    """Whether a table's rows are people by its entity noun (customers, clients, guests)."""
    own = schema.tables[table].entity_singular.split()
    return bool(own) and singular(own[-1]) in people_nouns()


def _compared_amounts(
    schema: Schema, filters: Sequence[Cond], table: str, also: set[str] | frozenset[str] = frozenset()
) -> list[Cond]:
    """The filters comparing an amount of `table`'s rows with a number: money or a quantity (or one of
    `also`), never a unit price."""
    return [
        f
        for f in filters
        if f.op in (">", ">=", "<", "<=")
        and f.column.split(".", 1)[0] == table
        and (
            schema.col(f.column).money
            or set(schema.col(f.column).words) & set(QUANTITY_WORDS)
            or f.column in also
        )
        and not schema.col(f.column).is_price
    ]


def spent_by_each_or_all(schema: Schema, d: Draft) -> None:
    """ "how many customers spent more than 5000" of purchases, several a customer: one purchase over
    5000, or purchases adding up to more? The rows alone answer only the first; which is meant is asked."""
    i = d.intent
    counted = [m.column for m in i.measures if m.agg == "count_distinct" and m.column]
    if i.kind != "aggregate" or len(counted) != 1 or len(i.measures) != 1 or i.group_by:
        return
    who = schema.col(counted[0])
    if not {singular(w) for w in who.words} & people_nouns():
        return
    table = schema.tables[who.table]
    if one_row_each(schema, who.table, who.qualified):
        return  # one row each: a row's amount is the person's
    sold = {b.target for b in schema.concepts if b.concept == "quantity"}
    amounts = [
        f
        for f in _compared_amounts(schema, i.filters, who.table, sold)
        if not schema.col(f.column).is_level  # a balance on each row: never added up over them
    ]
    if amounts:
        said = schema.col(amounts[0].column).label
        raise Decline(
            "clarify",
            f"Each row of {table.entity} is not one {who.label}: do you mean a single row with {said} over "
            f"that, or all of theirs adding up to more? Please ask e.g. 'how many {table.entity} had "
            f"{said} over ...' for the first.",
        )


SPENT_WORDS = word_set("spending_verbs")
"""Verbs of people's spending: "which customers spent more than ..." asks their total, not one row's."""


def people_listed_by_a_row_amount(schema: Schema, d: Draft) -> None:
    """ "which customers spent more than 2 million last quarter" listed as the transactions over 2 million:
    a person's spending is all their rows; a list that keeps rows by their own amount answers another
    question, so which is meant is asked."""
    i = d.intent
    if i.kind != "list" or not set(d.words) & SPENT_WORDS:
        return
    people = {
        r.ref_table
        for r in schema.relations
        if r.table == i.table
        and of_people(schema, r.ref_table)
        and any(c.split(".", 1)[0] == r.ref_table or c == f"{r.table}.{r.column}" for c in i.columns)
        and not one_row_each(schema, r.table, f"{r.table}.{r.column}")
    }
    amounts = _compared_amounts(schema, i.filters, i.table)
    if people and amounts:
        who = schema.tables[sorted(people)[0]].entity
        said = schema.col(amounts[0].column).label
        raise Decline(
            "clarify",
            f"Each row of {schema.tables[i.table].entity} is not one of the {who}: do you mean single rows with "
            f"{said} over that, or {who} whose rows add up to more? Please ask e.g. 'total {said} by customer' "
            "for the second.",
        )


MOST_WORDS = ("the", "most", "more", "least", "less")
"""Words right after a giving verb that make it the thing ranked ("gives the most", "donated more")."""
GIVING_VERBS = word_set("giving_verbs")
"""Verbs of people giving money ("donated", "gives", "contributed"): "the most" of them is an amount."""


def most_given_is_no_headcount(schema: Schema, d: Draft) -> None:
    """ "which age group of donors gives the most in total" read as the group with the most donors, or
    "which donor type gives the most" as the most gifts: the most said of giving is the amount given or the
    number of gifts, never how many people are in a group; which is meant is asked."""
    i = d.intent
    if not (i.group_by and i.order and i.limit) or [m.agg for m in i.measures] != ["count"]:
        return
    w = d.words
    given_most = any(a in GIVING_VERBS and b in MOST_WORDS for a, b in zip(w, w[1:], strict=False))
    if not given_most or {"many", "number", "count"} & set(w):
        return  # ("the top 5 reasons customers gave for leaving": a giving verb ranks nothing)
    bound = any(b.target == i.table and b.concept in PEOPLE_CONCEPTS for b in schema.concepts)
    people = of_people(schema, i.table) or bound
    if not people and not any(c.money for c in schema.tables[i.table].columns.values()):
        return  # (records that carry no money: how many of them is all "the most" can mean)
    counted = f" (Not the number of {schema.tables[i.table].entity}.)" if people else ""
    raise Decline(
        "clarify",
        f"The most of what: the total amount given, or the number of gifts?{counted} Please say e.g. "
        "'the most in total amount'.",
    )


def counted_by_itself(schema: Schema, d: Draft) -> None:
    """The number of different values of a column split by that same column is 1 in every group: never
    what was asked ("which month had the most orders" read as months counted by month)."""
    i = d.intent
    if any(m.agg == "count_distinct" and m.column in i.group_by for m in i.measures):
        raise Decline("clarify", "That would count each group's own value (1 each); what should be counted?")


OWN_NAME_SHARE = 0.9
"""A column with at least this share of a table's rows as distinct values names each record (almost) alone."""


def counted_by_own_names(schema: Schema, d: Draft) -> None:
    """ "which projects had more than 5,000 backers? give names and counts": records counted by their own
    names are 1 each, never the figure asked for (their backers); the list is asked for instead."""
    i = d.intent
    if i.kind != "aggregate" or len(i.group_by) != 1 or not i.measures:
        return
    c = schema.col(i.group_by[0])
    t = schema.tables[c.table]
    counts_rows = all(
        m.agg == "count" and (m.table or c.table) == c.table and m.column in (None, t.key) for m in i.measures
    )
    if (
        counts_rows
        and i.group_by[0] in label_columns(schema, c.table)
        and c.distinct >= OWN_NAME_SHARE * t.row_count > 0
    ):
        raise Decline(
            "clarify",
            f"Each of the {t.entity} has its own {c.name}, so a count by it is 1 each. Ask for the list "
            f"(e.g. 'which {t.entity} ...') or for a figure by another column.",
        )


def growth_between_periods(schema: Schema, d: Draft) -> None:
    """ "month-over-month revenue growth, in percent": the change from each period to the next is not
    computed yet; the figure of each period alone would drop the word "growth" (a wrong answer)."""
    said = set(d.words)
    percent = said & {"percent", "percentage", "pct", "rate"}
    change = said & {"growth", "grew", "growing", "change", "changes", "increase", "decrease", "decline"}
    if change and percent and d.intent.grain and not d.intent.compare_ranges:
        raise Decline(
            "clarify",
            "The change from one period to the next is not computed yet; I can show the figure for each "
            "period (e.g. 'revenue by month') or compare two periods ('revenue in 2024 vs 2023').",
        )


def list_by_period(schema: Schema, d: Draft) -> None:
    """ "what was our best day ever for revenue" read as a list of rows: a split by period on a list of
    rows splits nothing (the period silently dropped: a wrong answer)."""
    if d.intent.kind in ("list", "distinct") and d.intent.grain:
        raise Decline(
            "clarify",
            f"Which figure for each {d.intent.grain}? Say e.g. 'which {d.intent.grain} had the highest revenue'.",
        )


def rate_among_its_own_values(schema: Schema, d: Draft) -> None:
    """ "split between morning, afternoon and night: the share for each" read as the share of Morning
    among Afternoon and Night (0): a rate of one value of a column among rows kept to its other values."""

    def values(c: Cond) -> set[str]:
        return {str(v) for v in (c.value if isinstance(c.value, (list, tuple)) else [c.value])}

    for m in d.intent.measures:
        if m.agg != "rate":
            continue
        for c in (c for c in m.condition if c.op in ("=", "in")):
            kept = [f for f in d.intent.filters if f.column == c.column and f.op in ("=", "in")]
            # ("win rate (won vs lost)": Won among Won and Lost is a rate; Morning among the others is 0)
            if kept and not values(c) <= set().union(*(values(f) for f in kept)):
                raise Decline(
                    "clarify",
                    "A share of one value among rows kept to the column's other values? Ask for the share of "
                    "each value, e.g. 'transactions by time of day, as percentages'.",
                )


def variant_or_kind(schema: Schema, d: Draft) -> None:
    """ "top 3 pizzas by revenue" where a pizza row is one size of a pizza type (pizzas: pizza_id, size ->
    pizza_types: name): a split by such rows, which have no name of their own, may mean each item or
    each kind; which one is asked back."""
    i = d.intent
    if i.kind != "aggregate":
        return
    for g in i.group_by:
        table, _, name = g.partition(".")
        if table not in schema.tables:
            continue
        refs = [r for r in schema.relations if r.table == table and r.column == name]
        target = refs[0].ref_table if refs else (table if schema.tables[table].info.key == name else None)
        if target is None or target not in schema.tables or label_columns(schema, target):
            continue
        kinds = [
            r.ref_table
            for r in schema.relations
            if r.table == target and r.ref_table != target and label_columns(schema, r.ref_table)
        ]
        head = singular(schema.tables[target].info.entity.split()[-1])
        if len(kinds) == 1 and head in schema.tables[kinds[0]].info.entity.split()[0]:
            kind = schema.tables[kinds[0]]
            raise Decline(
                "clarify",
                f"Each of the {schema.tables[target].info.entity} (one per {schema.tables[target].info.key}), "
                f"or each of the {kind.info.entity} they are kinds of? Please say which, e.g. 'by "
                f"{kind.info.entity_singular}'.",
            )


def ranked_in_each_group(schema: Schema, d: Draft) -> None:
    """ "For each industry, which company has the largest market value?": the top records of each group;
    a list ranks its rows once, so the split would silently drop out (one row overall). Declined."""
    i = d.intent
    if i.kind in ("list", "distinct") and i.group_by and i.limit:
        names = ", ".join(schema.col(g).name for g in i.group_by)
        raise Decline(
            "clarify",
            f"The top records within each {names}: I can't rank inside groups yet; ask for the top ones "
            f"overall, or name one {names}.",
        )


def summed_once_per_other_row(schema: Schema, d: Draft) -> None:
    """ "revenue each manager's team brought in from won deals" read as the accounts' own revenue summed
    over the deals: a figure of one account counted once per deal of it. Declined (the account's revenue
    is no revenue of the deals)."""
    i = d.intent
    people = {b.target for b in schema.concepts if "." not in b.target and b.concept in OWNER_CONCEPTS}
    for m in i.measures:
        table = m.column.split(".", 1)[0] if m.column else None
        if m.agg != "sum" or table is None or table not in people or m.over or m.per_key:
            continue
        if table == i.table:
            _own_figure_or_theirs(schema, i, m.column or "")
            continue
        what = schema.tables[table].entity
        raise Decline(
            "clarify",
            f"That adds up {schema.col(m.column or '').label} of {what} once per row of "
            f"{schema.tables[i.table].entity}; a figure of the {what} is not one of those rows. "
            "Please name the amount of the rows themselves.",
        )


def rate_against_its_own_filter(schema: Schema, d: Draft) -> None:
    """ "do women leave us more often than men" misread as the share of women among men: a rate of one
    value of a column over rows kept to another value of it is 0 by construction. Declined."""
    kept = {(f.column, f.value) for f in d.intent.filters if f.op == "="}

    def only_its_own(f: Cond, c: Cond) -> bool:
        """The filter keeps only rows the rate's own condition holds for (never 'Won' among Won and Lost)."""
        if f.column != c.column:
            return False
        if f.op == "true" or (f.op == "=" and c.op == "=" and f.value == c.value):
            return c.op in ("true", "=")
        return f.op == "in" and c.op == "=" and set(f.value) <= {c.value}

    filtered = {
        c.column
        for m in d.intent.measures
        for c in m.condition
        if any(only_its_own(f, c) for f in d.intent.filters)
    }
    for m in d.intent.measures:
        for c in m.condition if m.agg == "rate" else ():
            if c.op == "=" and any(col == c.column and v != c.value for col, v in kept):
                raise Decline(
                    "clarify",
                    f"A share of {c.value} among rows that are not {c.value}? Please ask it another way.",
                )
            if c.column in filtered and not d.intent.group_by == (c.column,):
                # "are women or men more satisfied? the satisfaction rate for each": the rate's own thing
                # also kept as a filter is 100% by construction
                raise Decline(
                    "clarify",
                    f"The rate of {schema.col(c.column).name} among rows already kept to it is 0 or 100%; "
                    "please ask for the rate alone (e.g. '... rate by gender').",
                )


def _own_figure_or_theirs(schema: Schema, i: Intent, column: str) -> None:
    """ "won revenue by sector": the accounts' own revenue over the accounts with a won deal, or the won
    deals' value? When the condition is on records that point at the party and hold money of their own,
    which figure is meant is asked back."""
    party = column.split(".", 1)[0]
    pointing = {r.table for r in schema.relations if r.ref_table == party and r.table != party}
    for f in i.filters:
        if f.op == "in_sub" and isinstance(f.value, tuple) and f.value:
            other = str(f.value[0])
        else:
            other = f.column.split(".", 1)[0]
        if other == party or other not in pointing:
            continue
        money = [c for c in schema.tables[other].columns.values() if c.money and c.role == Role.MEASURE]
        if money:
            what, theirs = schema.tables[party].entity, schema.tables[other].entity
            raise Decline(
                "clarify",
                f"{schema.col(column).label} of the {what} themselves, or the {money[0].label} of those "
                f"{theirs}? Please say which.",
            )


OWNER_CONCEPTS = frozenset({"customer", "employee", "person"})
"""Tables of parties (customers, accounts, staff): their own figures never add up over their records."""


LENGTH_WORDS = frozenset({"longest", "shortest", "quickest", "fastest", "slowest"})
"""Superlatives of how long something took: never the latest or earliest date."""


def longest_is_no_date(schema: Schema, d: Draft) -> None:
    """ "the longest a delivery has taken" read as the latest delivery date: how long is a duration, so a
    largest or smallest date is not what was asked."""
    if not set(d.words) & LENGTH_WORDS:
        return
    for m in d.intent.measures:
        if (
            m.agg in ("max", "min")
            and m.column
            and m.since is None
            and schema.col(m.column).role == Role.TIME
        ):
            raise Decline(
                "clarify",
                f"How long, from which date to {schema.col(m.column).name}? Ask e.g. 'the longest time from "
                f"order to {schema.col(m.column).label}'.",
            )


LENGTH_NAMES = frozenset(
    {"length", "duration", "time", "long", "distance", "tenure", "term", "stay", "delay"}
)
"""Words of a column's name that say it holds how long something is."""


def longest_of_no_length(schema: Schema, d: Draft) -> None:
    """ "the product and rating of the single longest review" ordered by its rating: "longest" asks how
    long something is, so a column that holds no length, duration or time is not what was asked."""
    if not set(d.words) & LENGTH_WORDS:
        return
    i = d.intent
    ranked = [m.column for m in i.measures if m.agg in ("max", "min") and m.column]
    if i.kind == "list" and i.order and i.order_by:
        ranked.append(i.order_by)
    for q in ranked:
        c = schema.col(q) if "." in q else None
        if c is None or c.role == Role.TIME or c.unit == "duration" or named_unit(c.words) is not None:
            continue
        if set(c.words) & LENGTH_NAMES:
            continue
        raise Decline(
            "clarify", f"'{(set(d.words) & LENGTH_WORDS).pop()}' by {c.name}? It holds no length or time."
        )


UNIVERSAL = (("every", "single"), ("by", "every"), ("all", "of", "their"), ("all", "of", "its"))
"""Words that ask for the groups whose records all agree ("recommended by every single reviewer")."""


def every_record_agrees(schema: Schema, d: Draft) -> None:
    """ "how many products were recommended by every single reviewer" read as products with some review
    recommending them: a condition on all of a group's records is never one on any of them."""
    w = d.words
    for said in UNIVERSAL:
        if any(w[i : i + len(said)] == said for i in range(len(w) - len(said) + 1)):
            raise Decline(
                "clarify",
                f"'{' '.join(said)}' asks for groups whose every record agrees, which I can't answer yet; "
                "ask for the share or the count of records instead.",
            )


GUARDS: tuple[Callable[[Schema, Draft], None], ...] = (
    counted_by_itself,
    counted_by_own_names,
    most_given_is_no_headcount,
    spent_by_each_or_all,
    people_listed_by_a_row_amount,
    rate_against_its_own_filter,
    summed_once_per_other_row,
    ranked_in_each_group,
    two_readings,
    count_of_sold_list,
    how_much_is_no_count,
    two_counts_one_figure,
    tax_said_of_taxed,
    date_of_unrecorded_event,
    no_sum_of_codes,
    excludes_every_value,
    unexplained_columns,
    figure_is_no_list,
    average_of_unkeyed_rows,
    undated_totals_in_time,
    latest_or_most_late,
    figure_of_other_people,
    often_of_pointed_rows,
    average_of_whose_records,
    count_condition_per_group,
    comparison_needs_figure,
    aggregate_needs_figure,
    average_per_key,
    count_per_record_whole_data,
    distinct_count_of_one_value,
    pooled_average_of_named_values,
    split_by_one_kept_value,
    value_written_two_ways,
    units_or_records,
    variant_or_kind,
    average_of_period_totals,
    amount_of_another_period,
    beyond_its_extreme,
    conditions_that_cannot_meet,
    ratio_of_two_figures,
    growth_between_periods,
    list_by_period,
    rate_among_its_own_values,
    longest_is_no_date,
    longest_of_no_length,
    every_record_agrees,
)


FINAL_RULES = frozenset({"pooled_average_of_named_values", "split_by_one_kept_value"})
"""Guards whose question is not handed to a skill after them: a skill would pool the same way
("attrition rate for men and for women" is never one churn rate of both)."""


def check(schema: Schema, draft: Draft) -> Intent:
    """The Intent, if every guard lets it through; else the first guard's Decline, naming the rule."""
    for rule in GUARDS:
        try:
            rule(schema, draft)
        except Decline as d:
            d.rule = rule.__name__
            raise
    return draft.intent
