"""Question -> Slots: one generic reader over tagged mentions, driven by data tables.

`read` walks the mentions once; each mention is read by the steps templates.yaml lists for its kind
(`shapes:`, nlq/shapes.py), which fill Slots
(`nlq.finish.finish` then turns Slots into an Intent). Follow-ups merge the Slots of a fragment
into the previous question's Slots (`merge`). Decline is raised for anything that cannot be
answered safely.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from os.path import commonprefix
from typing import Any, Literal

from catalog.concepts import PEOPLE, concept, ontology
from catalog.english import lemma_table
from catalog.english import lemmas as word_lemmas
from catalog.roles import INTEGER_TYPES, is_integer_type
from catalog.semantic import Role
from nlq import coderanges
from nlq.agebands import is_age
from nlq.ago import since_columns
from nlq.build import bridge, bridged_path, join_path
from nlq.compounds import read_compounds
from nlq.dateorder import read_date_order
from nlq.datespans import read_covered_range, read_date_spans, read_lead_times
from nlq.grammar import word_classes, word_set
from nlq.holding import some_of, state_said
from nlq.howlong import read_how_long
from nlq.intent import Cond, Figure, Measure
from nlq.lexicon import (
    EARNINGS_CONCEPTS,
    GRAMMAR_ORDER,
    NAME_HEADS,
    Contained,
    Mention,
    Sense,
    date_in_parts,
    scores_given,
)
from nlq.morphology import event_forms
from nlq.paying import read_payers, read_sold_to
from nlq.periodindex import index_column, number_of, range_bounds, start_of
from nlq.rangevalues import read_range_values
from nlq.schema import (
    HOLDING_WORDS,
    START_WORDS,
    Col,
    Schema,
    compared_column,
    interval_dates,
    kept_by_key,
    names_things,
    of_the_sales_table,
    one_of_copies,
    record_dates,
)
from nlq.schema import (
    QUANTITY_WORDS as QUANTITY_NAMES,
)
from nlq.shapes import shapes
from nlq.splitdates import SplitDate, key_conds, of_column, range_conds, split_dates, year_key
from nlq.text import phrase_tokens, plural, singular
from nlq.timephrases import TimeRange, find_time
from nlq.units import (
    custom_period,
    factor,
    in_thousands,
    named_in_thousands,
    named_unit,
    quantity_unit_words,
    rate_period,
    rate_unit,
    unit_of_word,
)

MEASURE_AGGS = ("sum", "avg", "median", "stddev")
"""Aggregations only of an amount: a word after one that names both rows and a column is the column."""
KIND_WORDS = word_set("record_kind_words")
"""Words of a kind of records ("per account type"; nlq.finish)."""
KIND_SUFFIXES = KIND_WORDS | word_set("kind_suffixes")
"""Words after a column's word that ask for a kind of the thing named ("plan tier")."""
OTHER_HEADS = word_set("other_heads")
"""Last words of a column's name that make it a measure of a thing, never its kind (Plan Duration)."""
HAVING_AGGS = ("sum", "avg", "median", "min", "max")
"""Figures a group may be kept by ("with total sales above 100000")."""
AGG_SAID = {"avg": ("average", "avg", "mean"), "sum": ("total", "sum", "combined"), "median": ("median",)}
"""The words that ask for a figure, by its aggregation (a group kept by its figure, HAVING)."""
CMP_WORDS = word_set("cmp_words")
"""Words of a comparison (the first one after a figure's words)."""
PERCENT_WORDS = ("percent", "pct", "percentage", "per cent")
COMPARISONS = (">", ">=", "<", "<=", "=", "!=", "between")
PRIORITY = (
    "span",
    "datecmp",
    "time",
    "number",
    "signed",
    "entity",
    "value",
    "flag",
    "column",
    "fullname",
    "timecol",
    "splitdate",
    *[g for g in GRAMMAR_ORDER if g != "colsuffix"],
    "colword",
    "colsuffix",
)
SUPERLATIVE = {"max": "desc", "min": "asc", "freq": "desc", "rare": "asc"}
QUANTITY_WORDS = {
    "most",
    "fewest",
    "least",
    "more",
    "less",
    "fewer",
    "greatest number of",
    "largest number of",
}
WEIGHT_WORDS = {"heaviest", "lightest"}
"""Superlatives of weight: of records only by a column their concept says is their size."""
SIZE_WORDS = {"largest", "biggest", "smallest", *WEIGHT_WORDS}
"""Superlatives of size: of records whose concept names their size column, that column's extreme."""
TIME_SUPERLATIVES = {
    "most recent",
    "latest",
    "newest",
    "earliest",
    "oldest",
    "first ever",
    "last ever",
    "first",
    "last",
    "longest standing",
    "longest serving",
    "longest tenured",
}
FIGURE_WORDS = {"how much", "in total", "altogether"}
"""Filler that still says a figure is asked, never a list of records."""
PAY_AFTER = ("sum", "avg", "median", "max", "min")
"""Aggregations after which a money verb ("total paid", "the average paid") names the amount."""
RATE_VERB_OBJECTS = {"their", "his", "her", "its", "our", "my", "your", "it", "them", "us", "the"}
"""Words after "rate" that make it a verb ("rate their manager"), never a rate of something."""
PLACE_WORDS = {"in", "at", "from", "within", "into", "for"}
"""Words before a place or group a person belongs to ("work in sales"): a value, never an amount."""
QUALIFYING = {"among", "for", "with", "in", "within", "of", "from", "amongst", "having", "where", "whose"}
GROUP_GLUE = {
    "and",
    "the",
    "a",
    "an",
    "their",
    "its",
    "our",
    "your",
    "each",
    "then",
    "also",
    "plus",
    "as well as",
    "along with",
}
SPLIT_WORDS = frozenset({"by", "each", "for each", "at each", "every", "per each", "in each", "by each"})
SPLIT_NOUNS = frozenset(
    {
        "score",
        "scores",
        "response",
        "responses",
        "record",
        "entry",
        "entries",
        "individual",
        "submission",
        "submissions",
    }
)
"""Words read as nothing elsewhere ("gave a score of 9") that name a split when said right after a split
word ("at each score"): where no column takes them, asked, never a count without the split."""
FIGURE_AGGS = ("avg", "median", "min", "max")
"""Figures a row can be compared with ("above the average")."""
CMP_ORDER = (">", ">=", "<", "<=")
"""Comparisons of order, the ones a row's two numbers may be compared by."""
CMP_SAID = {">": "more than", ">=": "at least", "<": "less than", "<=": "at most"}
WHETHER_GLUE = frozenset(
    {"is", "are", "was", "were", "in", "a", "an", "the", "it", "they", "located", "based"}
)
"""Words between "by whether" and its yes/no column: "by whether the store is in the US"."""
DEFINING = {"is", "was", "equal", "to", "equals", "means", "="}
"""Words between a numbered period and the date it is ("month 1 is January 1993", "trend 1 = Jan 1993")."""
TRAILING_CMP = {
    " ".join(p)
    for op, phrases in word_classes()["cmp"].items()
    if op in CMP_ORDER
    for p in phrases
    if p[0] in ("or", "and") or p[-1] == "onwards"
}
"""Comparisons said after their number ("5 or more", "week 270 or later"): words.yaml cmp phrases that
open with "or"/"and" or end in "onwards"."""
EQUAL_WORDS = {"of", "is", "was", "equal to", "equals", "of exactly", "exactly", "a", "as"}
GROUPABLE = ("column", "flag", "colword", "entity", "stars", "colsuffix")
SEARCH_LEAD = {"the", "word", "words", "phrase", "term", "a", "an"}
"""Words between a search verb and the words searched for ("mention the word refund")."""
SEARCHABLE = {"value", "column", "colword", "entity", "flag"}
"""Mentions that can be words searched for: unknown words (no kinds) and schema words."""
MAX_SEARCH_WORDS = 4
SMALL_COUNT_VALUES = 12
PERIOD_UNITS = {"day", "week", "month", "year"}
STEM = 5
ROOT = 4
"""Letters a verb said and a column's word share when the one names the other ("billed", Billing)."""
"""Letters two words share to be forms of one word ("acceptance", "accepted")."""
"""A whole-number column with at most this many values is a small count one can split by (kids at home)."""
IDENTITY_WORDS = {
    "name",
    "names",
    "id",
    "key",
    "code",
    "number",
    "no",
    "title",
    "description",
    "email",
    "phone",
}
"""Column words that name a record itself, never a kind of value two tables share (country, city)."""
RATIO_WORDS = {"per", "each", "for each", "for every", "every"}
PARTY_ROLES = (Role.IDENTIFIER, Role.FOREIGN_KEY, Role.OTHER)
"""Roles of a column whose values are who or what a record is of (a customer's name or id), not a class."""


LEVEL_WORDS = word_set("level_words")
CAME_VERBS = frozenset({"came", "come", "comes", "coming", "come in"})
"""Verbs of money coming from somewhere ("sales came from bakery items")."""
EXCLUSION_WORDS = frozenset(
    {"excluding", "exclude", "leave out", "leaving out", "left out", "ignoring", "disregarding", "except",
     "except for", "other than", "apart from", "aside from", "not counting", "without counting",
     "if we leave out", "if we exclude"}
)  # fmt: skip
DENIAL_WORDS = frozenset({"no", "not", "without", "never", "none"})
"""An exclusion, then a denial of what it excludes ("leaving out the ones where no sub-issue was given")."""
DOUBLE_NEGATION_GAP = 6
"""Mentions between two negations still pending, for them to deny each other."""
UNIT_NOUNS = frozenset({"units", "unit", "pieces", "pcs"})
"""Nouns of the things a quantity counts, said after "how many" before the quantity's own name."""
MULTIPLIED_LEADS = frozenset({"their", "its", "the", "his", "her", "our", "your", "a"})
"""Words between "twice" and the column it multiplies ("twice their reorder level")."""
THRESHOLD_WORDS = frozenset({"level", "point", "threshold", "minimum", "min"})
"""Name words of a number the row's held units are compared with (a reorder level or point)."""
RATE_NAME_WORDS = frozenset({"rate", "ratio", "turnover", "share"})
HELD_WORDS = HOLDING_WORDS | {"held", "holding"}
"""Name words of the units a row holds now, compared with its level ("below the reorder level")."""
"""Words after a scale's name that say its steps ("charge amount levels")."""
FEW_LEVELS = 20


def _few_whole_numbers(c: Col) -> bool:
    """A whole-number column with few values: a scale whose steps are named by its numbers."""
    return c.dtype.upper() in INTEGER_TYPES and 1 < (c.distinct or 0) <= FEW_LEVELS


def is_yes_no(c: Col) -> bool:
    """A yes/no column: a flag, or a text column with a true value (Yes/No, Y/N)."""
    return c.role == Role.FLAG or c.flag_true is not None


AVERAGE_NAMES = (("average",), ("avg",), ("mean",))
"""First words of a column that keeps an average per row (Average Rating, avg_session_time)."""


@cache
def party_nouns() -> frozenset[str]:
    """Names of people a column may hold (customer, client, employee, patient: concepts.yaml entities)."""
    return frozenset(w for c in ontology()[1] if c.name in PEOPLE for w in c.names)


COUNT_SUPERLATIVES = {"most", "fewest", "least", "more", "fewer", "less"}
"""Superlatives that may count records ("the most sales"), unlike those of size ("the highest sales")."""
SIZE_SUPERLATIVES = {"largest", "biggest", "smallest", "heaviest", "lightest", "greatest"}
"""Superlatives of a record's size ("the largest order"), never of how many records a group has."""
SCALE_POINTS = 12
"""A number with at most this many values (a 1-6 score, a 1-5 rating) is asked for by value: "which score"."""
WHICH_VALUES = 100
"""A whole number with at most this many values said right after "which" is asked for by value ("which age")."""
NONE_VALUES = {"no", "none"}
VALUE_NEGATIONS = {"no", "not", "non", "never"}
"""First words of a value that negate the rest ('Not Churned', 'Non-smoker')."""


def _value_words(value: str) -> list[str]:
    """A stored value's words, lower case ('Non-Smoker' -> ['non', 'smoker'])."""
    return [w for w in re.split(r"[\s_-]+", value.strip().lower()) if w]


PER_PERIOD = {"a", "per", "each", "every"}
"""Words before a period that make an amount a rate per period ("$100 a month")."""
PERIOD_NAMES = {
    "month": {"month", "monthly"},
    "year": {"year", "yearly", "annual"},
    "week": {"week", "weekly"},
}
"""A period and the words of a money column's name that say it is counted per that period."""
"""First words of a category value that mean "not having it" (InternetService 'No', 'No phone service')."""
"""Grouping words that also read as a ratio or unit ("price per unit"): never group by a continuous measure."""


def small_count_named(schema: Schema, mentions: Sequence[Mention]) -> bool:
    """Whether the one mention names one column only, a whole-number count with few values (Kidhome:
    0, 1, 2): "by number of kids at home" splits by its values."""
    if len(mentions) != 1:
        return False
    keys = {s.key for s in mentions[0].senses if s.kind in ("column", "colword")}
    if len(keys) != 1 or mentions[0].kinds - {"column", "colword"}:
        return False
    c = schema.col(str(next(iter(keys))))
    return c.dtype.upper() in INTEGER_TYPES and 0 < c.distinct <= SMALL_COUNT_VALUES


SCALE_WORDS = frozenset(
    {
        "rating",
        "ratings",
        "score",
        "scores",
        "satisfaction",
        "stars",
        "star",
        "grade",
        "points",
        "nps",
        "csat",
        "rank",
    }
)
"""Name words of a column a person may call a "score"."""


SCORE_LEADS = frozenset(
    {"perfect", "score", "scores", "scored", "rating", "rated", "gave", "got", "give", "get", "stars"}
)
"""Words just before a number that make it a rating given ("got a perfect 5", "a score of 1")."""


def _scale_like(c: Col) -> bool:
    """A score, rating or small scale (0-10) a person may call a "score"."""
    small = c.is_numeric and isinstance(c.maximum, (int, float)) and 0 <= float(c.maximum) <= 10
    return small or bool(set(c.words) & SCALE_WORDS)


class Decline(Exception):
    """The question cannot be answered safely: status is "clarify" or "unsupported"."""

    def __init__(self, status: Literal["clarify", "unsupported"], message: str) -> None:
        super().__init__(message)
        self.status: Literal["clarify", "unsupported"] = status
        self.message = message
        self.rule = ""
        """The planning guard that declined, if one did (nlq.guards)."""


@dataclass
class Slots:
    """What the reader found in one question (or a merged follow-up)."""

    values: list[tuple[str, Any, bool]] = field(default_factory=list)
    """(column, stored value, negated)."""
    value_at: dict[str, int] = field(default_factory=dict)
    """column -> mention index of its last value."""
    qualifiers: list[int] = field(default_factory=list)
    """Mention indexes of conditions that only qualify the entity after them ("churned customers")."""
    flags: list[tuple[str, bool, int]] = field(default_factory=list)
    """(column, negated, mention index)."""
    conds: list[Cond] = field(default_factory=list)
    """Numeric filters."""
    ranged: list[Cond] = field(default_factory=list)
    """Conditions selecting the coded ranges of one asked range (nlq.coderanges): one filter, never
    values named to compare."""
    measures: list[tuple[Measure, bool]] = field(default_factory=list)
    """(measure, named by a superlative word)."""
    count: bool = False
    entity: Sense | None = None
    entities: list[Sense] = field(default_factory=list)
    rate_at: list[int] = field(default_factory=list)
    share_at: list[int] = field(default_factory=list)
    share_filters: list[str] = field(default_factory=list)
    """Columns of values said between a share word and its amount ("share of won revenue"): filters."""
    """Rate words said as a share ("what share", "percentage"), not as "<flag> rate"."""
    group: list[str] = field(default_factory=list)
    grain: str | None = None
    order_extreme: bool = False
    """The figure was asked by "first", "last", "earliest", "latest": an order in time, not a size."""
    row_figure: bool = False
    """ "average weekly sales" where each row is one week's figure: the figure of each row, never a total
    per owner first."""
    per_period: bool = False
    """ "the average number of orders per month": each period's figure, averaged over the periods."""
    ranges: list[TimeRange] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    target_entity: Sense | None = None
    rank: str | None = None
    limit: int | None = None
    superlative: str | None = None
    list_word: bool = False
    distinct: bool = False
    mentioned: list[str] = field(default_factory=list)
    bare: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    """Count columns named after the counted records ("how many students hold cards"): a condition on
    those records, never the thing counted (not summed)."""
    sort: tuple[str, str | None] | None = None
    versus: bool = False
    followup: bool = False
    time_col: str | None = None
    share_of: str | None = None
    """"percent of revenue from hardware": the measure whose share is asked."""
    anaphora: bool = False
    """"of them": the question refines the previous one's rows."""
    who: bool = False
    """The question asks "who": the answer names people (records of a people table)."""
    words: tuple[str, ...] = ()
    """The question's words (verbs such as "handled" say who did what)."""
    turn_words: tuple[str, ...] = ()
    """The words of this turn alone (`words` of a follow-up are those of the question it refines)."""
    flag_counts: list[tuple[str, bool]] = field(default_factory=list)
    """Yes/no things counted beside the records ("sessions and purchases"): (column, negated)."""
    value_counts: list[tuple[str, Any, bool]] = field(default_factory=list)
    """Values counted beside the records ("how many tickets ..., and how many of them are still open"):
    (column, value, negated)."""
    netted: list[str] = field(default_factory=list)
    """Yes/no columns of negative lines netted into the figures ("net of cancellations"): no filter."""
    counts_each: bool = False
    """"how many ... and how many ...": one count per thing named, never one count of them all."""
    those: bool = False
    """"how many of those": the records counted are the previous question's, whatever else is named."""
    having_figure: bool = False
    """`having` is on the first figure itself ("total sales above 100000"), not on a count of records."""
    same_period: bool = False
    on_average: bool = False
    """ "on average" said after the figure: the one amount ranked or totalled is averaged (nlq.finish)."""
    """"for that year": the period of the question before (declined when it named none)."""
    each_prev: bool = False
    """"how many orders has each of them placed?": one figure per record of the previous question."""
    neg_entities: list[Sense] = field(default_factory=list)
    entity_options: list[Sense] = field(default_factory=list)
    """Other readings of the entity word when it names records only through a key ("mailshot")."""
    neg_values: list[tuple[str, Any]] = field(default_factory=list)
    neg_conds: list[Cond] = field(default_factory=list)
    """Conditions on the records named after a negation ("customers who haven't rented in 2006")."""
    """Values of the records named after a negation ("customers without a Web order")."""
    """Other records named after a negation ("customers without an account")."""
    event_flags: list[str] = field(default_factory=list)
    """Flags a period is attached to ("churned in 2019"): the date must be that event's."""
    lone_agg: str | None = None
    """An aggregation named alone ("and the average?"), applied to the previous figure's column."""
    event: bool = False
    """A verb named the event a date column records ("signed up", "opened")."""
    time_target: bool = False
    """"which month ...": the time bucket is the thing returned."""
    having: list[Cond] = field(default_factory=list)
    """"with at least 5 orders": a condition on the count of those records per group."""
    want_key: bool = False
    """"the ids of ...": the identifier column is asked for."""
    count_of: tuple[Sense, int] | None = None
    """"number of orders": the records counted, and how many figures were named before."""
    count_also: int | None = None
    """"how many of each and for what total amount": a count of the same rows, at that place."""
    count_groups: bool = False
    """"how many customers have more than 5 orders": count the groups that pass `having`."""
    per_entity: list[str] = field(default_factory=list)
    """Entity groups said with "per" ("revenue per customer"): with another split ("by region") the
    figure is divided by the number of those records in each group, one figure per group."""
    how_much: bool = False
    """ "how much", "in total" was said: a figure is asked (a money verb after it names the amount)."""
    by_count: bool = False
    """The superlative says how often or how many ("the most ordered", "the most"), not how large."""
    than: bool = False
    """"do students carry more debt than non-students": two groups compared by a comparative."""
    difference: tuple[Any, Any] | None = None
    """"how much more do men earn than women": the difference of two groups' figures is asked, the group
    whose figure is taken from the other's first (the stored values: ('Male', 'Female'))."""
    both: bool = False
    """"both X and Y" was said: two values of one column then mean records having each, never IN."""
    record_money: bool = False
    """The figure is the money of records named by their noun ("average payment"): per a record they
    belong to ("per order") it is what each of those was paid in all."""
    notes: list[str] = field(default_factory=list)
    ambiguous: list[tuple[str, list[str], str]] = field(default_factory=list)
    """(phrase, candidate columns, role: group / target / bare) still to resolve."""
    known_only: bool = False
    """ "skip blanks": the split's records whose group is missing or a no-value mark are left out."""
    pooled: list[str] = field(default_factory=list)
    """Columns whose several values one phrase named ("Echo Show" of two product names): one group."""
    fillers: list[str] = field(default_factory=list)
    """Phrases read as filler though a concept or a value has their words ("living" in "living in Boston"):
    the interpretation never says they were read as it."""

    def is_fragment(self) -> bool:
        """A follow-up that only refines: no figure, no entity of its own, no list request."""
        return not (
            self.measures
            or self.count
            or self.rate_at
            or self.target
            or self.target_entity
            or self.bare
            or self.distinct
            or (self.list_word and not self.rank)
        ) or bool(self.lone_agg)


ANY_OBJECT = frozenset({"anything", "something", "any", "all", "at", "ever", "yet", "at all", "a thing"})
"""Words after a use or sale verb that only say 'of any kind' ("never bought anything at all")."""
RANGE_JOINERS = frozenset({"to", "through", "thru", "until"})
"""Words between two stored values of one column that take in every value between them ("Cat_1 to Cat_7")."""
FAR_ABOVE = 100
"""An amount more than this many times a column's largest value is in another unit than the column."""
LONGEST_WORDS = ("longest standing", "longest serving", "longest tenured")
"""Superlatives of how long records have been with us: their start date, else their tenure."""
MISSING_WORDS = ("missing", "blank", "empty", "unknown", "null")
KNOWN_FILLER = word_set("known_filler")

FINISHED_STATES = word_set("done_values") | word_set("ending_statuses")
"""Statuses that say a record finished ("completed", "closed"): never the verb of its making."""
"""Words between a column and "known"/"know" ("whose country we actually know")."""
RECORDED_WORDS = ("recorded", "filled", "given", "entered", "provided", "specified", "captured", "stated")
HEADING_WORDS = word_set("heading_words")
"""Name words of a text column that heads another (a review's title beside its body)."""
RECORD_NOUNS = word_set("record_nouns")
"""Records whose size is their amount of money ("the biggest single order in each category")."""
CHOICE_VERBS = word_set("choice_verbs")
"""Verbs of filling in a form's field: denied before a category ("didn't pick a specialization"), none is recorded."""
"""Words that, denied after a column, say no value of it is recorded ("gender isn't recorded")."""
"""Said of a column, no value is recorded in it ("tenure is missing")."""
GETTING_VERBS = ("get", "give", "find", "return")
"""List words that are also verbs a counted record can be the object of ("how many orders did they get")."""
SCORE_VERBS = word_set("score_verbs")
"""Verbs of a score given or received ("never left a rating", "never received a review score")."""


def _names_one_person(m: Mention) -> bool:
    """A mention that names one person of the records ("the customer", "the guest"), in the singular."""
    word = m.text.split()[-1]
    return (
        singular(word) == word
        and (word,) in word_classes()["people"]
        and bool(m.kinds & {"entity", "colword"})
    )


MASS_FLAG_NOUNS = ("churn", "attrition")
"""A yes/no outcome said as a mass noun: "churn by city tier" is its rate in each group (a count is said
"churned customers by tier", "how many churned")."""
SOME_ARTICLES = ("a", "an", "any")
"""Words before an amount that say there is some of it ("customers who took a cash advance")."""
NOT_TAKING = ("of", "the", "for", "by", "per", "what", "is", "whats", "as", "than", "and", "or")
"""Words before such an article that make the amount a figure asked ("what is a cash advance")."""


def natural_key(value: object) -> tuple[Any, ...]:
    """A value's place in natural order: digits compared as numbers ("Cat_2" before "Cat_10")."""
    return tuple(int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", str(value)))


def _is_zero(value: object) -> bool:
    try:
        return float(value) == 0  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


EXCLUDING_WORDS = frozenset(
    {"excluding", "exclude", "except", "except for", "other than", "apart from", "aside from", "besides"}
)
"""Words leaving out the values listed after them ("excluding Auto, Bike and Mini"), unlike a "not" before
a value and its explanation ("not delivered (cancelled, returned)")."""
NAMING_HEADS = NAME_HEADS | {"ids", "codes", "title", "details", "description", "label"}
"""Last words of a column whose values name or number the things of its first word (product_name)."""
CURRENCY_WORDS = (
    "dollars", "dollar", "usd", "eur", "euros", "pounds", "bucks", "rupees", "rupee", "inr", "yen", "yuan",
    "rmb", "gbp", "pesos", "naira",
)  # fmt: skip
EARNINGS = {"income", "cost"}
"""Concepts of amounts of money not kept as money measures (what people earn, what a business pays)."""


PERIOD_ADJECTIVES = {
    "year": ("yearly", "annual", "annually", "years"),
    "month": ("monthly", "months"),
    "week": ("weekly", "weeks"),
    "day": ("daily", "days"),
    "quarter": ("quarterly", "quarters"),
}
"""The words of a period that a figure's name may hold ("Yearly Amount Spent", "Monthly Charges")."""
PERIOD_NUMBERS = {"week": 53, "month": 12, "quarter": 4, "day": 31}
"""The largest number of a period within its year: a column going beyond it counts periods from a start
(a month index), which only cra.toml can date."""


def _in_period_range(c: Col, grain: str) -> bool:
    top = PERIOD_NUMBERS.get(grain)
    return (
        top is not None
        and isinstance(c.minimum, int | float)
        and isinstance(c.maximum, int | float)
        and 0 <= c.minimum <= c.maximum <= top
    )


COUNT_UNITS = word_set("count_units")
"""Units a quantity is counted in: a number said in one is compared with the records' quantity."""


def unit_fits(c: Col, unit: str, concepts: set[str] | frozenset[str] = frozenset()) -> bool:
    """Whether a number in `unit` can be compared with column c as it is stored (a currency: with a money
    column, or one bound to an earnings concept: "income above 100 thousand dollars")."""
    said = unit_of_word(unit)
    if said is not None:
        return said in column_units(c)
    return unit in ("times", "items", "units", "percent") or (
        unit in CURRENCY_WORDS and (c.money or bool(concepts & EARNINGS))
    )


def column_units(c: Col) -> set[str]:
    """The units column c may be counted in: from its name or by custom (nlq.units), a tenure's by size."""
    return {u for u in (c.measured_in, tenure_unit(c), *c.said_units) if u is not None}


def unit_factor(c: Col, unit: str) -> tuple[int, str] | None:
    """(factor, stored unit) turning a number said in `unit` into column c's own unit ("3 hours" -> x60
    minutes), when c is counted in another unit of the same kind."""
    said = unit_of_word(unit)
    found = {(f, u) for u in column_units(c) if said and (f := factor(said, u)) and f != 1}
    return found.pop() if len(found) == 1 else None


SEVERAL_AGGS: tuple[str, ...] = ("avg", "sum", "median", "min", "max", "stddev")
"""Figures of one column that several may be asked of at once ("the lowest and highest price")."""

SCALED_AGGS: tuple[str, ...] = ("avg", "sum", "min", "max", "median")
"""Figures in the unit of their column, which may be shown in another unit of the same kind."""

TENURE_MONTHS = 50
"""A tenure without a unit in its name whose largest value is above this is counted in months (no
customer or employee stays 50 years); one up to TENURE_YEARS is counted in years; between, unknown."""
TENURE_YEARS = 15


def tenure_unit(c: Col) -> str | None:
    """ "month" or "year" for a tenure column whose name says no unit, from its largest value."""
    named = bool({"tenure", "term"} & set(c.words)) or ("tenure",) in c.synonyms  # (a loan's term too)
    if not named or not isinstance(c.maximum, int | float):
        return None
    if c.maximum > TENURE_MONTHS:
        return "month"
    return "year" if c.maximum <= TENURE_YEARS else None


def event_said(event: tuple[str, ...], said: list[str]) -> bool:
    """Whether a word said is the event's verb: its own stem ("promoted", "promotion") or one of the
    verbs words.yaml `event_words` lists for it ("bought" for a purchase)."""
    verbs = {
        w
        for key, ps in word_classes()["event_words"].items()
        for p in ps
        for w in p
        if event[0].startswith(key)
    }
    return any(w[:STEM] == event[0][:STEM] or w in verbs for w in said)


def is_noun(word: str) -> bool:
    """A noun in its base form that is never an adjective or a participle ("loan", not "senior",
    "churned"): a word that heads a noun phrase rather than qualifying one."""
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word)
    return lemmas.get("NOUN", ("",))[0] == word and "ADJ" not in lemmas


def is_verb_form(word: str) -> bool:
    """A verb, or a form of one, lemminflect knows ("assigned", "set"), that is no noun too."""
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word)
    return "VERB" in lemmas and "NOUN" not in lemmas


def size_columns(schema: Schema, table: str) -> list[str]:
    """The numeric columns of a table named as its rows' size by the concepts it is bound to
    (concepts.yaml entities `size`: a gem's carat)."""
    names: set[tuple[str, ...]] = set()
    for b in schema.concepts:
        c = concept(b.concept) if b.target == table else None
        names |= {tuple(n.split()) for n in (c.size if c else ())}
    cols = schema.tables[table].columns.values() if table in schema.tables else ()
    return [c.qualified for c in cols if c.is_numeric and not c.derived and tuple(c.words) in names]


def holds(c: Col, value: Any) -> bool:
    """Whether column c may hold the number: among its stored values when they are known, else within
    its smallest and largest."""
    if c.values:
        return any(isinstance(v, int | float) and v == value for v in c.values)
    lo, hi = c.minimum, c.maximum
    return isinstance(lo, int | float) and isinstance(hi, int | float) and lo <= value <= hi


def is_plain_number(c: Col) -> bool:
    """A column stored as numbers (not numbers written as text)."""
    return c.is_numeric and not c.numeric_text


def nxt_agg(mentions: list[Mention], k: int) -> bool:
    nxt = mentions[k + 1] if k + 1 < len(mentions) else None
    return nxt is not None and any(x.kind == "agg" and x.key in ("max", "min") for x in nxt.senses)


TIME_FIRST = frozenset({"oldest", "earliest", "newest", "latest", "recent"})
"""First words of a sort said in time ("oldest first", "newest first")."""
TIME_SORT = "@time"
"""The sort column of a sort said in time: the period of a split by time, else the figure."""


class Reader:
    """One pass over the mentions of a question."""

    def __init__(self, schema: Schema, mentions: list[Mention]) -> None:
        self.schema = schema
        self.m = list(mentions)
        self.s = Slots()
        self.neg = False
        self.group_mode = False
        self.which = False
        self.pending_agg: tuple[str, int] | None = None
        self.pending_cmp: list[Any] | None = None
        self.cmp_times: float | None = None
        """ "at least twice their reorder level": the number the row's other column is multiplied by."""
        """[op, column or None, first number or None]"""
        self.sort_pending: str | None = None
        self.extra_aggs: list[str] = []
        self.days_compared = False
        """A number of days was compared and a duration follows ("more than 5 days to ship")."""
        self.agg_of_count = False
        self.col_at: dict[str, int] = {}
        self.used_at: dict[int, str] = {}
        self.percent_cmp = False
        self.cmp_on_figure = False
        self.cmp_had = False
        """The comparison follows "have"/"has" ("customers who have more than 10"): a count of something
        unnamed, never the records' money."""
        self.cmp_at = 0
        """Where the comparison pending was opened."""
        """The open comparison has no column of its own: it follows a figure named with its aggregation
        ("with total sales above"), or people counted by a column ("policyholders under 25")."""
        """A comparison's number was said in percent with no column named ("above 15%")."""
        """Mention index -> the column it was read as (a later partial word of the same name continues it)."""
        """Where each bare column was named (mention index)."""
        self.pending_k = 0
        self.unused: list[str] = []
        self.consumed = -1
        """A mention already used by the one before it ("empty note")."""
        self.time_rank: tuple[str, str] | None = None
        """"latest 5": (direction, word) until the records they rank are named."""
        self.group_word = ""
        self.grouped_at: int | None = None
        """Where the last split column was named (mention index)."""
        """The grouping word that opened the current group ("by", "per")."""
        self.both = False
        """ "with and without": the next yes/no column is split by, both sides kept."""
        self.neg_event: str | None = None
        """The date of records said not to exist, until its period is read ("not rented in 2006")."""
        self.neg_at: int | None = None
        """Where the last negation was said."""
        self.cmp_word: tuple[str, ...] = ()
        """The words of the last comparison ("older than")."""
        self.skip: set[int] = set()
        self.limit_at = -1
        """The mention a row limit was read from."""
        self.rank_word = ""
        """The superlative a number ranked by ("the 3 heaviest")."""
        self.unit_eq: tuple[Cond, int] | None = None
        self.which_of: str | None = None
        """The column of the values "which of" names ("which of Google and Direct Traffic")."""
        self.value_eq: tuple[str, float, int] | None = None
        """(column, number, mention it ends at) of the last `number_of_column` ("3 units")."""
        """The equality read from a number with a unit ("16 MB of RAM") and where it ended, for a bound
        said after it ("or more")."""
        self.split: SplitDate | None = None
        self.split_at = -1
        """Where the split date was last named."""
        self.range_at: list[int] = []
        """Where each period of s.ranges was said."""
        """A date kept in part columns that the question named ("arrivals", "arrival month")."""
        """Mentions already used as the words searched for ("mention love")."""
        """The grouping word that opened the current group ("by", "per")."""

    # ------------------------------------------------------------------ helpers
    def kind(self, m: Mention) -> str:
        kinds = m.kinds
        if self.group_mode and "flag" in kinds and "column" in kinds:
            return "column"
        if {"value", "colword"} <= kinds and any(
            t in self.s.mentioned or any(x.column == t for x, _ in self.s.measures)
            for t in self.totals_of_part(m)
        ):
            return (
                "colword"  # "total revenue (lodging + other)": the part OtherRevenue, never a segment Other
            )
        if self.group_mode and self.qualifies_next_category(m):
            return "stop"  # "revenue by sales channel": the channel (of sales), never a split by the amount
        if "colword" in kinds and "column" not in kinds and self.names_column_of_value_before(m):
            return "stop"  # "small-market stores": "market" says which column "small" is a value of
        if m.text in ("first", "last") and {"agg", "colword"} <= kinds:
            # "first 5 orders" ranks by date; "first and last names" names columns
            k = self.index(m)
            nxt = self.m[k + 1] if 0 <= k < len(self.m) - 1 else None
            if nxt is not None and "entity" in nxt.kinds and not nxt.text.startswith("name"):
                return "agg"  # "the first order": the earliest one
            return "agg" if nxt is not None and nxt.number is not None else "colword"
        if {"agg", "column"} <= kinds:
            # "total sales" where a column is named Total: an aggregation of the measure named next
            k = self.index(m)
            nxt = self.m[k + 1] if 0 <= k < len(self.m) - 1 else None
            if nxt is not None and any(
                s.kind == "column" and self.col(s.key).role == Role.MEASURE for s in nxt.senses
            ):
                return "agg"
        if {"entity", "column"} <= kinds and self.pending_agg and self.pending_agg[0] in MEASURE_AGGS:
            return (
                "column"  # "the average bill" where a bill's amount is total_bill: the amount, not the rows
            )
        if (
            {"entity", "colword"} <= kinds
            and "column" not in kinds
            and self.pending_agg
            and self.pending_agg[0] in MEASURE_AGGS
            and self.pending_agg[1] == self.index(m) - 1
            and any(
                self.col(str(x.key)).role == Role.MEASURE
                and self.col(str(x.key)).is_numeric
                and singular(self.col(str(x.key)).words[-1]) == singular(m.text.split()[-1])
                and any(e.key == self.col(str(x.key)).table and not e.value for e in m.of("entity"))
                for x in m.of("colword")
            )
        ):
            return "colword"  # "the average rating" of a table of ratings: its rating, not the rows
        if {"entity", "column"} <= kinds and (self.money_of_groups(m) or self.money_over_groups(m)):
            return "column"  # "which month had the highest sales", "monthly sales": the amount
        if {"entity", "column"} <= kinds and self.money_taken_before(m):
            return "column"  # "which market brought in the most sales": the amount brought in
        if {"grainword", "column"} <= kinds and self.period_column(m):
            return "column"  # "sessions by month" with a Month column and no date: that column
        if "grainword" in kinds and self.after_amount(m):
            return "grainword"  # "$200k a year": the period of the amount, never the column year
        if "unit" in kinds and "column" in kinds and self.unit_of_later_measure(m):
            return "unit"  # "how many units do we have in stock": the stock counted in units
        if "unit" in kinds and m.text.endswith("s") and self.stated_unit(m):
            return "unit"  # "average tenure, in years": the unit the figure is said in
        if {"unit", "column"} <= kinds and self.after_number(m) and self.dates_only(m):
            return "unit"  # "more than 30 days in advance": days counted, never the column AppointmentDay
        if "unit" in kinds and m.text in CURRENCY_WORDS and self.after_number(m):
            return "unit"  # "above 100 thousand dollars": the currency of the number, not a money column
        if "payverb" in kinds:
            # "how much did they pay", "total paid": the amount; "orders paid by card": filler
            agg = self.pending_agg[0] if self.pending_agg else None
            return "payverb" if self.s.how_much or agg in PAY_AFTER or self.compared_after(m) else "stop"
        if {"value", "column"} <= kinds and self.exact_column_here(m):
            return "column"  # "revenue by zone", "the North zone" beside a customer named 'Zone'
        if {"value", "column"} <= kinds and all(self.col(x.key).money for x in m.of("column")):
            return self.money_or_value(m)
        if {"value", "colword"} <= kinds and self.rest_of_name_near(m):
            return "colword"  # "open for more than 30 days" of days_open: the days, never status Open
        if {"value", "colword"} <= kinds and self.people_split(m):
            return "colword"
        if "colsuffix" in kinds and self.ends_name_before(m):
            return "colsuffix"  # "by voicemail plan": the last word of the column just named
        return next((k for k in PRIORITY if k in kinds), "unknown")

    NAME_NEAR = 6
    """Words either side of a word in which the rest of its column's name is read as naming that column."""

    def rest_of_name_near(self, m: Mention) -> bool:
        """A word that is a value and a word of a column not yet named, whose other words are said close by
        ("the days a ticket has been open", "open for more than 30 days" of days_open): the column."""
        k = self.index(m)
        if k < 0 or (k + 1 < len(self.m) and self.m[k + 1].has("entity")):
            return False  # "open tickets": the value before the records it says what they are
        near = {
            w for x in self.m[max(0, k - self.NAME_NEAR) : k + self.NAME_NEAR + 1] if x is not m
            for w in x.text.split()
        }  # fmt: skip
        near |= {singular(w) for w in near}
        for x in m.of("colword"):
            c = self.col(str(x.key))
            rest = set(c.words) - set(m.text.split())
            if rest and len(c.words) == 2 and rest <= near:
                return True
        return False

    def index(self, m: Mention, missing: int = -1) -> int:
        """Where the mention stands in the question (``missing`` when it is not one of them)."""
        return next((i for i, x in enumerate(self.m) if x is m), missing)

    def period_column(self, m: Mention) -> bool:
        """A period word that names a column of the data, where the data has no date column and that
        column is no part of a date kept in parts (a month beside a day): the column."""
        if self.schema.columns(Role.TIME):
            return False
        cols = [self.col(str(x.key)) for x in m.of("column")]
        return bool(cols) and not any(date_in_parts(self.schema, c) for c in cols)

    def unit_of_later_measure(self, m: Mention) -> bool:
        """ "how many units ... in stock": a unit word right after "how many" that is also a column of
        one table, with an amount of another table named later: the unit that amount is counted in."""
        k = self.index(m)
        if k < 1 or not self.m[k - 1].has("count"):
            return False
        own = {str(x.key).split(".", 1)[0] for x in m.of("column")}
        later = [
            self.col(str(x.key))
            for y in self.m[k + 1 :]
            for x in y.senses
            if x.kind in ("column", "colword") and "." in str(x.key)
        ]
        if any(c.role == Role.MEASURE and c.is_numeric and c.table not in own for c in later):
            return True
        # "the total number of units we have in stock": the units the quantity named later counts
        return m.text in UNIT_NOUNS and any(
            c.role == Role.MEASURE and c.is_numeric and not c.money and c.unit == "count" for c in later
        )

    def qualifies_next_category(self, m: Mention) -> bool:
        """A word naming only amounts (or the records), right before a category's own name."""
        k = self.index(m)
        nxt = self.m[k + 1] if 0 <= k < len(self.m) - 1 else None
        if nxt is None or not m.kinds <= {"column", "colword", "money", "entity"} or not m.has("column"):
            return False
        if any(self.col(str(x.key)).role != Role.MEASURE for x in m.of("column") + m.of("colword")):
            return False
        cats = nxt.of("column")
        return bool(cats) and all(self.col(str(x.key)).role == Role.DIMENSION for x in cats)

    def no_in_name(self, m: Mention, c: Col) -> bool:
        """ "no-shows" of BookingsNoShowed: "no" is a word of the column's name, right before the word said."""
        stem = m.text.split()[0][:4]
        return any(a == "no" and b.startswith(stem) for a, b in zip(c.words, c.words[1:], strict=False))

    def row_noun_of(self, m: Mention, c: Col) -> bool:
        """ "per session" of Session_Duration: a single word that is the first of a measure's longer name,
        a noun for what one row records, right after "per"."""
        return (
            m.has("colword")
            and not m.has("column")
            and len(m.text.split()) == 1
            and c.role == Role.MEASURE
            and len(c.words) >= 2
            and singular(m.text) == c.words[0]
        )

    def names_column_of_value_before(self, m: Mention) -> bool:
        """The mention is a word of the name of the column whose value was said just before it."""
        k = self.index(m, 0)
        if not k:
            return False
        if any(not x.value for x in m.of("entity")):
            return False  # "closed complaint": the complaints themselves
        values = {str(x.key) for x in self.m[k - 1].of("value")}
        return bool(values) and bool(values & {str(x.key) for x in m.of("colword")})

    def money_of_groups(self, m: Mention) -> bool:
        """ "the highest sales" of a month or a customer: a word that names both the records and the
        money, in the plural, after a superlative of size (not "the most"), once a group is named."""
        if not (self.pending_agg and self.pending_agg[0] in ("max", "min")):
            return False
        word = self.m[self.pending_agg[1]].text
        grouped = self.s.group or self.s.grain or self.s.target
        return (
            word not in COUNT_SUPERLATIVES
            and bool(grouped)
            and singular(m.text) != m.text
            and all(self.col(x.key).money for x in m.of("column"))
        )

    def money_taken_before(self, m: Mention) -> bool:
        """A word naming both the records and the money, after a verb of taking money in ("brought in",
        "generated", "made") a few words before it."""
        k = self.index(m, 0)
        if not all(self.col(x.key).money for x in m.of("column")):
            return False
        before = " ".join(x.text for x in self.m[max(0, k - 3) : k])
        return any(re.search(rf"\b{v}\b", before) for v in word_set("money_in_verbs"))

    def money_over_groups(self, m: Mention) -> bool:
        """ "monthly sales trend", "sales by category": a word naming both the records and the money,
        in the plural, split by time or a group and never counted ("how many", "number of", "most")."""
        if self.pending_agg or self.s.count or not all(self.col(x.key).money for x in m.of("column")):
            return False
        if singular(m.text) == m.text or any(x.has("count") for x in self.m):
            return False
        return any(
            x.has("group") or x.has("grainword") or (x.time is not None and x.time.grain is not None)
            for x in self.m
        )

    def exact_column_here(self, m: Mention) -> bool:
        """A word that is a column's whole name, said after a split word ("by zone") or right after a value
        of that column ("the North zone"): the column, never a value of another column that reads so."""
        named = [str(x.key) for x in m.of("column") if self.col(str(x.key)).words == tuple(m.text.split())]
        if len(named) != 1:
            return False
        k = self.index(m, 0)
        prev = self.m[k - 1] if k else None
        if prev is None:
            return False
        return prev.has("group") or any(str(x.key) == named[0] for x in prev.of("value"))

    def compared_after(self, m: Mention) -> bool:
        """ "do women pay more than men": a comparative and "than" right after the verb (the groups
        are compared on what it names)."""
        k = self.index(m, 0)
        after = [x.text for x in self.m[k + 1 : k + 3]]
        return len(after) == 2 and after[0] in ("more", "less", "higher", "lower") and after[1] == "than"

    def ends_name_before(self, m: Mention) -> bool:
        """The word ends the name of the column the mention right before names ("voicemail" then "plan"
        of Voice mail plan), and is no other word of the question."""
        k = self.index(m, 0)
        if not k:
            return False
        before = {str(s.key) for s in self.m[k - 1].senses if s.kind in ("column", "flag", "colword")}
        # every column the word before names ends so: "premise type" beside premise_details is no suffix
        return bool(before) and all(
            _name_ends_with_word(self.col(q).words, m.text) for q in before if "." in q
        )

    def people_split(self, m: Mention) -> bool:
        """ "revenue by sales rep", "top 5 sales reps": a split by (or a ranking of) the people a key
        names (customers.salesRepEmployeeNumber), never the one job title Sales Rep as a filter."""
        tables = {str(x.key).split(".", 1)[0] for x in m.of("value")}
        keys = [self.col(str(x.key)) for x in m.of("colword")]
        e = self.s.entity
        own = self.neg and e is not None and not e.value and any(c.table == e.key for c in keys)
        # "customers without a sales rep": the customers' own key to their rep, never the job title
        if not (self.group_mode or self.which or (self.s.rank and self.s.limit) or own):
            return False
        refs = {
            r.ref_table
            for c in keys
            if c.role == Role.FOREIGN_KEY
            for r in self.schema.relations
            if r.table == c.table and r.column == c.name
        }
        return len(tables) == 1 and tables <= refs

    def dates_only(self, m: Mention) -> bool:
        """Every column the mention names is a date (the "day" of AppointmentDay)."""
        return all(self.col(str(x.key)).role == Role.TIME for x in m.of("column"))

    def after_number(self, m: Mention) -> bool:
        k = self.index(m)
        return k >= 1 and self.m[k - 1].number is not None

    def after_amount(self, m: Mention) -> bool:
        """A period word said right after an amount and "a"/"per" ("$200k a year")."""
        k = self.index(m)
        return k >= 2 and self.m[k - 1].text in PER_PERIOD and self.m[k - 2].number is not None

    def next_to_split(self) -> bool:
        """Every period was said right after the split date's name ("born before 1960")."""
        return bool(self.range_at) and all(
            k > self.split_at and all(x.kinds <= {"stop"} for x in self.m[self.split_at + 1 : k])
            for k in self.range_at
        )

    def stated_unit(self, m: Mention) -> bool:
        """ "in years" right after a figure's column: the unit it is given in, not a time grain."""
        k = self.index(m)
        if k < 2 or self.m[k - 1].text != "in":
            return False
        if self.s.measures or self.s.bare:
            return True
        # "the most common membership term in years" of MEMBERSHIP_TERM_YEARS: the unit its name says
        named = {
            str(x.key) for x in self.m[k - 2].senses if x.kind in ("column", "colword") and "." in str(x.key)
        }
        unit = unit_of_word(m.text)
        return bool(named) and unit is not None and all(named_unit(self.col(q).words) == unit for q in named)

    def money_or_value(self, m: Mention) -> str:
        """ "sales" where Department has a value Sales and "sales" is also the money measure: the amount
        after an aggregation ("total sales"), the value after a count or a place word ("how many work in
        sales"); asked back otherwise."""
        k = self.index(m)
        prev = self.m[k - 1] if k > 0 else None
        if self.pending_agg is not None and self.pending_agg[0] not in ("count", "freq", "rare"):
            return "column"
        if self.s.count or (self.pending_agg and self.pending_agg[0] == "count"):
            return "value"
        if prev is not None and prev.text in PLACE_WORDS:
            return "value"
        value = m.of("value")[0]
        money = ", ".join(sorted({self.col(x.key).name for x in m.of("column")}))
        raise Decline(
            "clarify",
            f"'{m.text}' could mean {self.col(value.key).name} {value.value} or the amount ({money}); "
            "which one?",
        )

    def col(self, q: str) -> Col:
        return self.schema.col(q)

    def run(self) -> Slots:
        self.s.words = self.s.turn_words = tuple(w for m in self.m for w in m.text.split())
        self.state_on_date()
        self.period_definitions()
        self.glossed_groups()
        for k, m in enumerate(self.m):
            if k == self.consumed or k in self.skip:
                continue
            kind = self.kind(m)
            grainy = kind == "grainword" or (
                kind == "time" and m.time is not None and m.time.grain is not None
            )
            each_of = m.text == "of" and k > 0 and self.m[k - 1].text in ("each", "for each", "every")
            if (
                kind == "stop"
                and m.text not in GROUP_GLUE
                and not each_of
                and not self.starts_next_name(k, m)
            ):
                if self.group_mode and k and self.m[k - 1].text in SPLIT_WORDS and m.text in SPLIT_NOUNS:
                    # "reviews at each score" where no score is known: asked, never a count without the split
                    self.unused.append(m.text)
                self.group_mode = False
            if self.group_mode and kind == "value" and self.values_of_one_column(k):
                self.s.versus = True  # "revenue by lunch and dinner": each value its own group, never pooled
            if kind != "stop" and kind not in GROUPABLE and not grainy and not self.value_of_grouped(k, kind):
                self.group_mode = False if kind not in ("group",) else self.group_mode
            self.read_as(kind, k, m)
        self.paying_people()
        self.close()
        return self.s

    def paying_people(self) -> None:
        """ "paying students": the people narrowed to those who paid (nlq.paying), or declined."""
        try:
            payers = read_payers(self.schema, self.m)
        except ValueError as e:
            raise Decline("clarify", str(e)) from None
        try:
            sold = read_sold_to(self.schema, self.s.words, self.s.entities)
        except ValueError as e:
            raise Decline("clarify", str(e)) from None
        if sold is not None and sold not in self.s.entities:
            self.s.entities.append(sold)  # "the cities we've sold to": those with sales
        if payers is None:
            return
        if payers.records is not None:
            self.s.entities.append(payers.records)  # as "students with a purchase"
        if payers.amount is not None:
            self.s.conds.append(payers.amount)
        self.s.notes.append(payers.note)

    def value_of_grouped(self, k: int, kind: str) -> bool:
        """ "for each of our Monterrey stores": a value right before the records split by says which of
        them; the split goes on to the records."""
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        return self.group_mode and kind == "value" and nxt is not None and self.kind(nxt) == "entity"

    def starts_next_name(self, k: int, m: Mention) -> bool:
        """A stop word that is the first word of the column named next ("by data storage plan" for
        product_data_storage): part of that name, so a split goes on."""
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        if nxt is None:
            return False
        keys = {str(x.key) for x in nxt.senses if x.kind in ("column", "colword")}
        return any(m.text in self.col(q).words for q in keys) or self.qualifies_next_category(m)

    def read_as(self, kind: str, k: int, m: Mention) -> None:
        """Try the readings templates.yaml lists for this kind of mention, in order, until one claims
        it (a reading claims it unless it returns False)."""
        for step in shapes()[kind]:
            if step.shape is not None and not step.shape.matches(self.m, k):
                continue
            if STEPS[step.do](self, k, m) is not False:
                return

    def spent_on(self) -> None:
        """ "how much have we spent on freight": a generic money word ("spent") followed by "on"/"for" and a
        measure named by its own name is only the verb of that measure, not a second figure."""
        money_words = word_classes()["money_words"]
        for g in list(self.s.bare):
            at = self.col_at.get(g, -9)
            if (
                not 0 <= at < len(self.m)
                or tuple(self.m[at].text.split()) not in money_words
                or at + 2 >= len(self.m)
            ):
                continue
            after = [b for b in self.s.bare if b != g and self.col_at.get(b) == at + 2]
            if self.spent_nothing_on(g, at):
                continue
            c = self.col(after[0]) if after else None
            if (
                self.m[at + 1].text in ("on", "for")
                and c is not None
                and c.role == Role.MEASURE
                and c.is_numeric
            ):
                # money spent adds up: the total of that measure
                self.s.bare = [b for b in self.s.bare if b not in (g, after[0])]
                self.s.mentioned = [x for x in self.s.mentioned if x != g]
                self.s.measures.append((Measure("sum", after[0]), False))

    def spent_nothing_on(self, g: str, at: int) -> bool:
        """ "stores that don't spend anything on (local) advertising": a negated money verb, "on" and a
        measure of which none is 0 (concepts.yaml none_is_zero), past filler words, is that measure = 0."""
        if not (self.neg and self.negated_here(at)):
            return False
        j = at + 1
        while j < len(self.m) and self.m[j].kinds <= {"stop"} and self.m[j].text not in ("on", "for"):
            j += 1
        if j >= len(self.m) or self.m[j].text not in ("on", "for"):
            return False
        j += 1
        while j < len(self.m) and self.m[j].kinds <= {"stop"}:
            j += 1
        after = [b for b in self.s.bare if b != g and self.col_at.get(b) == j]
        if not after or not self.concept_zero(self.col(after[0])):
            return False
        self.s.bare = [b for b in self.s.bare if b not in (g, after[0])]
        self.s.mentioned = [x for x in self.s.mentioned if x != g]
        self.s.conds.append(Cond(after[0], "=", 0))
        self.neg = False
        return True

    def only_split_date(self) -> None:
        """ "average room price in 2018" where the data's only date is kept in part columns (arrival_year,
        arrival_month): the period said is that date's, as if it were named; noted."""
        if self.split is not None or self.s.time_col is not None or not self.s.ranges:
            return
        if any(c.role == Role.TIME for c in self.schema.columns()):
            return
        splits = [x for x in split_dates(self.schema) if len(x.parts) >= 2]
        key, e = year_key(self.schema), self.s.entity or self.s.target_entity
        own = e.key if e is not None else next((q.split(".", 1)[0] for q in self.s.mentioned), None)
        if key is not None and key.year.split(".", 1)[0] == own:
            splits = [x for x in splits if x.year.split(".", 1)[0] == own]  # "flights in 2018": theirs
        if len(splits) == 1:
            self.split = splits[0]
            self.s.notes.append(
                f"the period is read on {', '.join(c.split('.', 1)[1] for _, c in splits[0].parts)}"
            )

    def by_year_key(self) -> None:
        """ "average wage by year", "records from 2009" where the data has no date column but a year
        column (nlq.splitdates.year_key): whole years said by number filter it, a split by year (or a
        trend) groups by it; anything finer or relative is declined."""
        if self.split is not None or self.s.time_col is not None:
            return
        if not self.s.ranges and self.s.grain is None:
            return
        key = year_key(self.schema)
        if key is None:
            return
        c = self.col(key.year)
        if len(self.s.ranges) > 1:
            raise Decline(
                "clarify", f"The data has no dates, only {c.name}; to compare years, ask by {c.name}."
            )
        for r in self.s.ranges:
            conds = key_conds(self.schema, key, r)
            if conds is None:
                raise Decline(
                    "clarify",
                    f"The data has no dates, only {c.name} ({c.minimum} to {c.maximum}); I can use whole "
                    f"years said by number, not {r.label}.",
                )
            self.s.conds += conds
        if outside_years([x for x in self.s.conds if x.column == key.year], c.minimum, c.maximum):
            note = f"{c.name} runs from {c.minimum} to {c.maximum}"  # "in 2015" is no finding of zero
            if note not in self.s.notes:
                self.s.notes.append(note)
        self.s.ranges = []
        if self.s.grain in ("year", ""):
            if key.year not in self.s.group:
                self.s.group.append(key.year)
            self.s.grain = None
        if key.year not in self.s.mentioned:
            self.s.mentioned.append(key.year)
        note = f"the data has no dates: periods are read on {c.name}"
        if note not in self.s.notes:
            self.s.notes.append(note)

    def glossed_groups(self) -> None:
        """ "in the colourless grades D, E or F": a group word of a column's values (nlq.valuegroups)
        followed by stored values of that group only restates them; the values are read with the group,
        once. A value outside the group after it is left to be read (and the question asked back)."""
        for k, m in enumerate(self.m):
            for sense in m.of("value"):
                c = self.col(str(sense.key))
                if c.value_groups is None:
                    continue
                base, groups = c.value_groups
                held = {str(v).lower() for label, vs in groups if label == sense.value for v in vs}
                glossed: list[int] = []
                j = k + 1
                while j < len(self.m):
                    x = self.m[j]
                    values = {
                        str(v.value).lower() for v in x.of("value") if str(v.key) == f"{c.table}.{base}"
                    }
                    if values and values <= held:
                        glossed.append(j)
                    elif x.kinds - {"stop"} and not (x.text in ("or", "and") or x.has("colword")):
                        break
                    j += 1
                if glossed:
                    self.skip.update(glossed)
                    said = ", ".join(
                        self.m[g].text.upper() if len(self.m[g].text) < 3 else self.m[g].text for g in glossed
                    )
                    self.s.notes.append(f"{said} restate '{m.text}'")

    def period_definitions(self) -> None:
        """ "Month 1 is January 1993.", "Trend 1 = January 1993": what a column counting periods means, said
        in the question; read as a check of what cra.toml says (nlq.periodindex), never as a filter: the
        words are used when they agree, and the question is declined when they do not (or when no
        column is said to count periods: its meaning is never taken from a question alone)."""
        for k, m in enumerate(self.m):
            nxt = self.m[k + 1] if k + 1 < len(self.m) else None
            if nxt is None or nxt.number != 1:
                continue
            j = k + 2
            while j < len(self.m) and set(self.m[j].text.split()) <= DEFINING:
                j += 1
            said = self.m[j].time if j < len(self.m) and j > k + 2 else None
            if said is None or said.range is None or said.grain is not None:
                continue
            c = index_column(self.schema)
            named = {str(x.key) for x in m.of("column")} | {f"grain:{x.key}" for x in m.of("grainword")}
            if not named and not m.has("time"):
                continue
            if (c is None or c.period_index is None) and (m.has("column") or m.has("entity")):
                continue
            if c is None or c.period_index is None:
                raise Decline(
                    "clarify",
                    f"I can't set what '{m.text} 1' means in a question; say it in cra.toml (counts, first).",
                )
            if not named & {c.qualified, f"grain:{c.period_index[0]}"} and tuple(m.text.split()) != c.words:
                continue
            r = said.range
            if number_of(c, r.start) != 1 or range_bounds(c, r) != (1, 1):
                raise Decline("clarify", f"{c.name} 1 is {start_of(c, 1)} (cra.toml), not {r.label}.")
            self.skip.update(range(k, j + 1))
            self.s.notes.append(f"'{m.text} 1 is {start_of(c, 1)}' agrees with cra.toml")

    def size_superlative(self, sense: Sense) -> bool:
        """ "the largest stone (in each cut)": a word of size before records whose concept says what they
        are large in (concepts.yaml entities `size`: a gem's carats) is that column's largest or smallest,
        never the records counted."""
        assert self.pending_agg is not None
        agg, at = self.pending_agg
        if self.m[at].text not in SIZE_WORDS or agg not in ("max", "min") or sense.value:
            return False
        found = size_columns(self.schema, str(sense.key))
        if not found and self.m[at].text in WEIGHT_WORDS:
            # "the 3 heaviest members" of a table with a Weight (kg) column: by that weight
            cols = self.schema.tables[str(sense.key)].columns.values()
            found = [
                c.qualified for c in cols if c.is_numeric and not c.derived and c.words[:1] == ("weight",)
            ]
        if len(found) != 1 or self.s.bare or self.s.measures or self.s.target or self.which:
            return False  # "which cut has the biggest stones": the biggest one, or bigger on average?
        self.pending_agg = None
        if self.s.limit:
            # "our three heaviest stones": those records, ranked by their size
            self.s.rank = SUPERLATIVE[agg]
            self.s.bare.append(found[0])
            self.col_at[found[0]] = at
        else:
            self.s.measures.append((Measure(agg, found[0]), False))
        if self.s.entity is None:
            self.s.entity = sense
        self.s.entities.append(sense)
        c = self.col(found[0])
        self.s.notes.append(
            f"'{self.m[at].text}' {self.schema.tables[str(sense.key)].entity} is by {c.label} (their size)"
        )
        return True

    def priced_by_verb(self) -> None:
        """ "what do 1 carat stones sell for on average?", "what do they cost at most": a figure with no
        column and a verb of price (words.yaml price_verbs) is of the records' one price column."""
        if self.pending_agg is None or self.pending_agg[0] not in ("avg", "median", "min", "max"):
            return
        if self.s.measures or self.s.bare or self.s.target:
            return
        words = self.s.words
        said = [
            p
            for p in word_classes()["price_verbs"]
            if any(words[i : i + len(p)] == p for i in range(len(words)))
        ]
        e = self.s.entity or self.s.target_entity
        if not said or e is None or e.value:
            return
        prices = [
            c.qualified for c in self.schema.tables[e.key].columns.values() if c.is_price and c.is_numeric
        ]
        if len(prices) != 1:
            return
        self.s.measures.append((Measure(self.pending_agg[0], prices[0]), False))
        self.pending_agg = None
        if self.s.target_entity is not None and self.s.entity is None and not self.s.group:
            # "what do they sell for": what is asked is their price, no record to pick
            self.s.entity, self.s.target_entity = self.s.target_entity, None
        self.unused = [w for w in self.unused if (w,) not in said]
        self.s.notes.append(f"'{' '.join(said[0])}' is {self.col(prices[0]).label}")

    def varying_flag(self) -> None:
        """ "how does churn vary by contract": a yes/no thing said to vary between groups of different sizes
        is its rate in each group, never the count of its rows."""
        said = " " + " ".join(self.s.words) + " "
        verbs = (
            "vary",
            "varies",
            "differ",
            "differs",
            "change with",
            "changes with",
            "depend on",
            "depends on",
        )
        if self.s.measures or self.s.count or self.s.rate_at:
            return
        grouped = self.s.group or self.s.grain is not None or self.s.than or self.both_sides_said()
        mass = [x for x in self.s.values if self.m[self.s.value_at.get(x[0], -1)].text in MASS_FLAG_NOUNS]
        if grouped and len(mass) == 1:
            # "compare churn with and without tech support" of a status 'Churned': its rate in each group
            self.s.rate_at.append(self.s.value_at[mass[0][0]] + 1)
            return
        if not self.s.flags or not (self.s.group or self.s.grain is not None or self.s.than):
            return
        k = self.s.flags[-1][2]
        noun = 0 <= k < len(self.m) and self.m[k].text in MASS_FLAG_NOUNS
        # "is churn higher for men or women?": groups (values of another column) compared on a yes/no
        # thing compare its rate; "students or non-students" are the two sides of the flag itself
        sides = (
            self.s.than and len(self.s.flags) == 1 and any(v[0] != self.s.flags[0][0] for v in self.s.values)
        )
        if not noun and not any(f" {v} " in said for v in verbs) and not sides:
            return
        if self.s.than and not sides:
            return
        self.s.rate_at.append(k + 1)

    def figures_left(self) -> None:
        """ "the lowest and the highest track length" where "track" took the last figure word as a ranking
        of tracks: a figure word said and read by nothing would silently drop out; asked back."""
        left = [a for a in self.extra_aggs if a in SEVERAL_AGGS]
        dates = self.schema.columns(Role.TIME)
        own = self.s.entity.key if self.s.entity is not None and not self.s.entity.value else None
        if own in self.schema.tables and len(self.schema.tables[own].by_role(Role.TIME)) == 1:
            dates = self.schema.tables[own].by_role(Role.TIME)  # "the earliest and latest date of tickets"
        said_date = any(m.has("grainword") and m.text in ("date", "dates") for m in self.m)
        taken = {m.column for m, _ in self.s.measures}
        if left and self.span_asked(left, taken, dates):
            return
        if (
            left
            and set(left) <= {"min", "max"}
            and len(taken) == 1
            and all(m.agg in ("min", "max") for m, _ in self.s.measures)
            and [c.qualified for c in dates] == list(taken)
        ):
            # "the earliest and latest date of tickets": the one date read by the last word, both figures
            q = taken.pop()
            self.s.measures = [(Measure(a, q), False) for a in ("min", "max")]
            self.pending_agg, self.extra_aggs, self.s.grain, self.s.order_extreme = None, [], None, False
            return
        if (
            left
            and (self.s.order_extreme or said_date)
            and set(left) <= {"min", "max"}
            and len(dates) == 1
            and not (self.s.measures or self.s.count or self.s.group)
        ):
            # "the first and last purchase dates", "when was the first sale and the most recent one": the
            # one date column's earliest and latest
            self.s.measures += [(Measure(a, dates[0].qualified), False) for a in ("min", "max")]
            self.pending_agg, self.extra_aggs, self.s.grain, self.s.order_extreme = None, [], None, False
            return
        if left and not any(m.agg in left for m, _ in self.s.measures):
            raise Decline(
                "clarify",
                "Several figures were asked of one column; please name it right after them "
                "(e.g. 'the lowest and highest price').",
            )

    def span_asked(self, left: list[str], taken: set[str | None], dates: list[Col]) -> bool:
        """ "how many days passed between the first and the last review": the days from the earliest to
        the latest value of the one date (or day-number column) both words are of."""
        aggs = {*left, *(m.agg for m, _ in self.s.measures)}
        if aggs != {"min", "max"} or "between" not in self.s.words or "days" not in self.s.words:
            return False
        if self.s.group or self.s.grain is not None:
            return False
        counted_days = any(
            a.has("count") and b.text == "days" for a, b in zip(self.m, self.m[1:], strict=False)
        )
        if self.s.count and not counted_days:
            return False  # (only "how many days": the count is of the days between)
        columns = [q for q in taken if q] or [c.qualified for c in dates]
        if len(columns) != 1 or not (
            self.col(columns[0]).role == Role.TIME or self.col(columns[0]).words == ("day",)
        ):
            return False
        self.s.measures = [(Measure("span", columns[0]), False)]
        self.pending_agg, self.extra_aggs, self.s.order_extreme, self.s.count = None, [], False, False
        self.s.count_of = None
        if self.pending_cmp is not None and self.pending_cmp[0] == "between" and self.pending_cmp[2] is None:
            self.pending_cmp = None  # "between the first and the last": the two ends, no numbers
        self.unused = [w for w in self.unused if w not in ("days", "passed", "elapsed", "went", "by")]
        return True

    def figures_after_column(self) -> bool:
        """ "the price (lowest and highest)", "price, minimum and maximum": several figures said after the
        one numeric column they are of, with no column after them, are figures of that column (never a
        sort of its rows)."""
        if self.pending_agg is None or not self.extra_aggs:
            return False
        aggs = [*self.extra_aggs, self.pending_agg[0]]
        if not set(aggs) <= {"min", "max", "avg", "median"} or self.s.measures or self.s.target:
            return False
        named = [b for b in self.s.bare if self.col(b).is_numeric and self.col(b).role == Role.MEASURE]
        if (
            len(named) != 1
            or len(self.s.bare) != 1
            or self.col_at.get(named[0], len(self.m)) > self.pending_agg[1]
        ):
            return False
        self.s.bare = []
        self.s.measures += [(Measure(a, named[0]), False) for a in dict.fromkeys(aggs)]
        self.pending_agg, self.extra_aggs = None, []
        self.s.superlative, self.s.sort = None, None
        return True

    def by_period_index(self) -> None:
        """ "average price for each month", "listed during 1994" where the data has no date column but a
        column cra.toml says counts months or years (nlq.periodindex): a split by its period groups by it,
        a period said with its year filters it; anything else about time is declined."""
        if (
            self.split is not None
            or self.s.time_col is not None
            or not (self.s.ranges or self.s.grain is not None)
        ):
            return
        c = index_column(self.schema)
        if c is None or c.period_index is None:
            return
        unit = c.period_index[0]
        if len(self.s.ranges) + sum(x.column == c.qualified for x in self.s.conds) > 1:
            raise Decline(
                "clarify", f"That names {c.name} more than once; please ask for one period at a time."
            )
        for r in self.s.ranges:
            bounds = range_bounds(c, r) if re.search(r"\b\d{4}\b", r.phrase or r.label) else None
            if bounds is None:
                raise Decline(
                    "clarify",
                    f"The data has no dates, only {c.name}, counting {unit}s from {start_of(c, 1)}; I can "
                    f"use whole {unit}s said with their year, not {r.label}.",
                )
            low, high = bounds
            if low is not None and high is not None:
                self.s.conds.append(
                    Cond(c.qualified, "between", low, high) if low != high else Cond(c.qualified, "=", low)
                )
            elif low is not None:
                self.s.conds.append(Cond(c.qualified, ">=", low))
            elif high is not None:
                self.s.conds.append(Cond(c.qualified, "<=", high))
            self.s.notes.append(
                f"{r.label} is {c.name} {'from ' + str(low) if low is not None else ''}{' to ' + str(high) if high is not None else ''}".replace(
                    " from ", " ", 1
                ).strip()
            )
        self.s.ranges = []
        if self.s.grain is not None:
            if self.s.grain != unit:
                raise Decline(
                    "clarify",
                    f"The data has no dates, only {c.name}, counting {unit}s; I can't split it by {self.s.grain or 'time'}.",
                )
            if c.qualified not in self.s.group:
                self.s.group.append(c.qualified)
            self.s.grain = None
        if c.qualified not in self.s.mentioned:
            self.s.mentioned.append(c.qualified)
        note = f"{c.name} counts {unit}s, 1 being {start_of(c, 1)} (cra.toml)"
        if note not in self.s.notes:
            self.s.notes.append(note)

    def by_period_number(self) -> None:
        """ "total sales by week", "average weekly sales" where the data has no date but one whole-number
        column named by the period (a campaign's `week` 1..4): a split by the period groups by it; the
        period's adjective just before the figure ("average weekly sales") says what one row's figure is."""
        if self.split is not None or self.s.time_col is not None or self.s.ranges or not self.s.grain:
            return
        if any(c.role == Role.TIME for c in self.schema.columns()):
            return
        period_words = {self.s.grain, *PERIOD_ADJECTIVES.get(self.s.grain, ())}
        figures = [m.column for m, _ in self.s.measures if m.column] + self.s.bare + self.s.mentioned
        own = [q for q in figures if period_words & set(self.col(q).words)]
        if own:
            # "the median yearly spend", "who spends the least per year" of a Yearly Amount Spent: its name
            self.s.notes.append(f"the period is the one {self.col(own[0]).name} is counted per")
            self.s.grain = None
            return
        named = [
            c
            for c in self.schema.columns()
            if c.words in ((self.s.grain,), (self.s.grain, "number"), (self.s.grain, "no"))
            and is_integer_type(c.dtype)
            and _in_period_range(c, self.s.grain)
        ]
        said = next(
            (k for k, m in enumerate(self.m) if m.time is not None and m.time.grain == self.s.grain), None
        )
        nxt = self.m[said + 1] if said is not None and said + 1 < len(self.m) else None
        adjective = said is not None and self.m[said].text.endswith("ly") and nxt is not None
        if not named and adjective and said is not None and nxt is not None and self.describes_each_row(nxt):
            # "average daily water intake" of members (no dates at all): what each row's figure is
            self.s.notes.append(f"'{self.m[said].text}' read as what each row's {nxt.text} is")
            self.s.grain = None
            return
        if len(named) != 1:
            return
        c = named[0]
        if adjective and nxt is not None and nxt.kinds & {"column", "colword"}:
            prev = self.m[said - 1] if said else None
            if prev is not None and any(x.kind == "agg" and x.key in ("max", "min") for x in prev.senses):
                # "highest weekly sales per promotion": the best single week of each, or the best total?
                raise Decline(
                    "clarify",
                    f"The {prev.text} of one {self.s.grain}'s figure, or of the totals? Please say which.",
                )
            self.s.notes.append(f"each row is one {self.s.grain}'s figure ({c.name})")
            self.s.row_figure = True
        elif c.qualified not in self.s.group:
            self.s.group.append(c.qualified)
        self.s.grain = None
        if c.qualified not in self.s.mentioned:
            self.s.mentioned.append(c.qualified)

    def describes_each_row(self, m: Mention) -> bool:
        """A measure of amounts that are no money (an intake, a frequency) on rows that are no events."""
        cols = [self.col(str(x.key)) for x in m.of("column") + m.of("colword")]
        return bool(cols) and all(c.role == Role.MEASURE and not c.money for c in cols)

    def close(self) -> None:
        self.only_split_date()
        self.by_year_key()
        self.by_period_index()
        self.by_period_number()
        if self.split is not None and len(self.split.parts) < 2 and not self.next_to_split():
            self.split = None  # a year column alone takes only the period said right after it
        if self.split is not None and self.s.ranges and self.s.time_col is None:
            # "arrivals in August 2016": the period filters the date's own part columns
            for r in self.s.ranges:
                conds = range_conds(self.schema, self.split, r)
                if conds is None:
                    raise Decline(
                        "clarify",
                        f"That date is kept as separate year and month columns; I can only filter it by "
                        f"whole years or whole months, not {r.label}.",
                    )
                self.s.conds += conds
                self.s.mentioned += [c.column for c in conds if c.column not in self.s.mentioned]
            year = self.col(self.split.year)
            said = [x for x in self.s.conds if x.column == year.qualified]
            bounded = isinstance(year.minimum, int) and isinstance(year.maximum, int)
            if bounded and any(outside_years([x], year.minimum, year.maximum) for x in said):
                # "revenue in 2018" or "this year" of sales from 2011 to 2016: the data says nothing of it
                raise Decline(
                    "clarify",
                    f"{year.name} runs from {year.minimum} to {year.maximum}; please ask about a period "
                    "inside the data.",
                )
            self.s.ranges = []
        self.spent_on()
        self.varying_flag()
        self.figures_after_column()
        self.figures_left()
        self.priced_by_verb()
        if self.pending_cmp is not None and self.pending_agg is not None:
            self.against_figure(None)
        if self.pending_cmp is not None:
            op, column, first, *rest = self.pending_cmp
            money = self.entity_money()
            age = self.implied_age(first, money) if column is None and first is not None else None
            named = [b for b in self.s.bare if self.col(b).is_numeric and self.col(b).role == Role.MEASURE]
            if (
                column is None
                and first is not None
                and age is None
                and len(named) == 1
                and len(self.s.bare) == 1
            ):
                # "how many reviews rated us 8 or higher": the one amount named before the number
                self.s.bare = []
                self.finish_cmp(named[0], op, first if op == "between" else None, rest[0] if rest else first)
            elif age is not None:
                # "clients under 30", "older than 60": a person's age
                self.finish_cmp(age, op, first if op == "between" else None, rest[0] if rest else first)
            elif column is None and first is not None and self.cmp_word in word_classes()["age_words"]:
                # "older than 30" where no age column fits: never the money column
                self.unused.append(" ".join(self.cmp_word))
            elif column is None and first is not None and money is not None and self.earned(money):
                # "clients who earned more than 100000": an income, never a balance or an amount paid
                self.unused.append(self.earned(money))
            elif (
                column is None
                and first is not None
                and self.percent_cmp
                and self.rate_having(op, first, rest)
            ):
                pass  # "the states where more than 20% of customers churned": each state's churn rate
            elif column is None and first is not None and self.percent_cmp:
                # "customers with a churn rate above 15%": a percent names no amount (a group's rate?)
                self.unused.append(f"'{op} {first:g}%' of what")
            elif column is None and first is not None and self.figure_having(op, first, rest):
                pass  # "which states have total sales above 100000": a condition on each group's total
            elif (
                column is None
                and first is not None
                and money is not None
                and not self.cmp_had
                and not self.number_counts_records(first)
                and not self.number_before_noun(first)
            ):
                # "orders over $100": the one money column of the orders (a sale's price where that one is
                # what its buyer earns: "sales between $20k and $30k" is never the buyers' income)
                money = self.sale_price() if self.earnings(money) else money
                if money is None:
                    self.unused.append(f"'{' '.join(self.cmp_word) or op} {first:g}' of what")
                else:
                    self.finish_cmp(money, op, first if op == "between" else None, rest[0] if rest else first)
            elif column is None and first is not None and self.cmp_word:
                self.unused.append(f"'{' '.join(self.cmp_word)} {first:g}' of what")
            elif column is None or first is None:
                self.unused.append(f"'{op}' without a column and a number")
        if self.cmp_times is not None:
            self.unused.append(f"'{self.cmp_times:g} times' of what")  # never a plain number compared
        self.figure_said_with_condition()
        self.groups_with_none()
        if self.which_of is not None and not self.s.group:
            flagged = [t for t in self.s.target if is_yes_no(self.col(t))]
            if flagged == self.s.target:
                # "which of Google and Direct Traffic gave us the most paying customers": the records
                # the yes/no is true of, counted for each of the values named (never split by the yes/no)
                self.s.flags += [(t, False, -1) for t in flagged if t not in {f[0] for f in self.s.flags}]
                self.s.target = [self.which_of]
        if self.pending_agg is not None:
            agg, k = self.pending_agg
            dims = [b for b in self.s.bare if self.col(b).role != Role.MEASURE]
            if agg in ("freq", "rare") and not self.s.target and dims:
                # "the payment method that is used most frequently"
                self.s.bare.remove(dims[0])
                self.s.target.append(dims[0])
                self.s.superlative = SUPERLATIVE[agg]
            elif (
                agg in ("max", "min")
                and self.m[k].text in TIME_SUPERLATIVES
                and self.s.target_entity is not None
                and not (self.s.target or self.s.measures or self.s.bare or self.s.count or self.s.group)
                and not self.s.target_entity.value
            ):
                # "which customer is the newest": that record, by its own date
                sense = self.s.target_entity
                self.s.target_entity, self.s.limit = None, self.s.limit or 1
                self.time_rows(sense, SUPERLATIVE[agg], self.own_date(sense, self.m[k].text))
            elif agg in SUPERLATIVE and (
                self.s.target or self.s.target_entity or self.s.entity or self.s.time_target
            ):
                self.s.superlative = SUPERLATIVE[agg]
                # "which product is the most ordered": how often, never the largest amount
                self.s.by_count = agg in ("freq", "rare") or self.m[k].text in QUANTITY_WORDS
                sold = self.sold_by_sellers(k) if agg in ("freq", "rare") else None
                if sold is not None:
                    # "which 3 stores sold the least": the money they took, never how many rows they have
                    self.s.by_count = False
                    self.s.measures.append((Measure("sum", sold), True))
                    self.s.notes.append(f"'{self.m[k].text}' read as the {self.col(sold).label} taken")
            elif (
                agg == "count"
                and (self.s.flags or self.s.values or self.s.conds or self.s.entity or self.s.ranges)
                or agg == "count_distinct"
                and self.s.target
            ):
                pass
            elif agg == "avg" and self.s.measures and all(x.agg == "avg" for x, _ in self.s.measures):
                pass  # "... to ship an order, on average": the figure is already an average
            elif (
                agg == "avg"
                and self.m[k].text == "on average"
                and len(self.s.measures) == 1
                and self.s.measures[0][0].agg == "sum"
                and self.s.measures[0][0].column
                and (self.s.superlative or self.s.rank)
            ):
                # "which bands use the most support minutes on average": ranked by the average
                measure, flag = self.s.measures[0]
                self.s.measures[0] = (replace(measure, agg="avg"), flag)
            elif (
                agg == "avg"
                and self.m[k].text == "on average"
                and not (self.s.measures or self.s.count or self.s.rate_at)
                and len(self.s.bare) == 1
                and self.amount(self.col(self.s.bare[0]))
            ):
                # "how much do students owe on average": the one amount named, averaged
                self.s.measures.append((Measure("avg", self.s.bare.pop()), False))
            elif (
                agg in ("avg", "sum")
                and self.s.entity is not None
                and k + 1 < len(self.m)
                and self.m[k + 1].has("entity")
                and (self.m[k + 1].text.split()[-1],) in word_classes()["money_records"]
                and not (self.s.measures or self.s.bare or self.s.count)
                and self.entity_money() is not None
            ):
                # "total payments": the one money column of those records
                money = self.entity_money()
                assert money is not None
                self.s.measures.append((Measure(agg, money), False))
                self.s.record_money = True
            elif agg in ("avg", "sum", "median", "min", "max", "stddev") and not (
                self.s.measures or self.s.bare or self.s.entity or self.s.count
            ):
                self.s.lone_agg = agg  # "and the average?": of the previous question's figure
            else:
                self.unused.append(self.m[k].text)
        if self.neg and self.other_side():
            self.neg = False
        if self.neg and self.never_used():
            self.neg = False
        if self.neg:
            self.unused.append("not")
        if self.both:
            self.unused.append("with and without")

    def never_used_object(self, k: int, m: Mention) -> bool:
        """ "customers who have never used a card": denied, a use verb (words.yaml `use_verbs`) before
        records that one table refers to (a card's transactions) says none of their such records has a
        row there; having none of the records at all is only part of it."""
        if not self.neg or self.neg_at is None or (m.text,) not in word_classes()["use_verbs"]:
            return False
        if any(x.kinds - {"stop"} for x in self.m[self.neg_at + 1 : k]):
            return False
        j = next((i for i in range(k + 1, len(self.m)) if self.m[i].has("entity")), None)
        e = self.s.entity or self.s.target_entity
        if j is None or e is None or e.value:
            return False
        own = [x for x in self.m[j].of("entity") if x.value is None]
        if len(own) != 1 or own[0].key == e.key:
            return False
        used = own[0].key
        which = []  # "never used a credit card": the kind of card, inside
        for i in range(k + 1, j):
            x = self.m[i]
            senses = x.of("value")
            if x.kinds == {"stop"}:
                continue
            if x.kinds != {"value"} or len(senses) != 1 or senses[0].key.split(".", 1)[0] != used:
                return False
            which.append((i, Cond(senses[0].key, "=", senses[0].value)))
        keys = [r for r in self.schema.relations if r.table == used and r.ref_table == e.key]
        children = sorted({r.table for r in self.schema.relations if r.ref_table == used and r.table != used})
        if len(keys) != 1 or len(children) != 1:
            return False
        child = children[0]
        conds = tuple(c for _, c in which)
        self.s.conds.append(
            Cond(f"{e.key}.{keys[0].ref_column}", "not_in_sub", (child, f"{used}.{keys[0].column}", *conds))
        )
        self.skip.update([j, *(i for i, _ in which)])
        self.neg = False
        tables = self.schema.tables
        self.s.notes.append(
            f"'{m.text}' read as having {tables[child].entity} with one of their {tables[used].entity}"
        )
        return True

    def never_used(self) -> bool:
        """ "cards that have never been used": a use verb (words.yaml `use_verbs`) last after the
        negation, with no object, says the records have no rows in the one table that refers to them
        (an anti-join, said in the interpretation); two such tables ("customers never used") are asked
        back."""
        e = self.s.entity or self.s.target_entity
        if self.neg_at is None or e is None or self.s.neg_entities:
            return False
        owner = self.owner_of_key(e)
        if owner is None:
            return False
        rest = self.m[self.neg_at + 1 :]
        timed = [x for x in rest if x.time is not None and x.time.range is not None]
        rest = [x for x in rest if x not in timed]
        while rest and rest[-1].text in ANY_OBJECT:
            rest = rest[:-1]  # "never bought anything (at all)"
        if not rest or any(x.kinds - {"stop"} for x in rest):
            return False
        sold = (rest[-1].text,) in word_classes()["sale_verbs"]
        if (rest[-1].text,) not in word_classes()["use_verbs"] and not sold:
            return False
        if timed and not sold:
            return False
        e = owner
        children = sorted(
            {r.table for r in self.schema.relations if r.ref_table == e.key and r.table != e.key}
        )
        if sold:  # "tracks never purchased": rows of a sale (an amount or a quantity), not of a playlist
            children = [t for t in children if self.of_sales(t)]
        if len(children) != 1:
            if children:
                names = " or ".join(self.schema.tables[t].entity for t in children)
                raise Decline("clarify", f"'{rest[-1].text}' by which records: {names}?")
            return False
        if timed and not any(c.role == Role.TIME for c in self.schema.tables[children[0]].columns.values()):
            return False  # ("never bought in 1997": the purchases of that year, so they must be dated)
        other = Sense("entity", children[0])
        if self.s.entity is not None and self.s.entity.value:
            self.s.entity = e  # "customers" of the purchases' customer ids: the customers themselves
        if self.s.target_entity is not None and self.s.target_entity.value:
            self.s.target_entity = e
        self.s.entities.append(other)
        self.s.neg_entities.append(other)
        for x in timed:
            # "didn't buy anything in 1997": the period dates the purchases that are missing
            assert x.time is not None and x.time.range is not None
            column = self.own_date(other, rest[-1].text)
            self.s.ranges = [r for r in self.s.ranges if r != x.time.range]
            self.s.neg_conds += [Cond(column, ">=", x.time.range.start), Cond(column, "<", x.time.range.end)]
        self.s.notes.append(f"'{rest[-1].text}' read as having any {self.schema.tables[children[0]].entity}")
        return True

    def owner_of_key(self, e: Sense) -> Sense | None:
        """The records an entity is: itself, or for the key of other rows ("customers" as the purchases'
        customer ids) the table that key points at, if any."""
        if not e.value:
            return e
        refs = [r.ref_table for r in self.schema.relations if f"{r.table}.{r.column}" == e.value]
        return Sense("entity", refs[0]) if len(refs) == 1 else None

    def of_sales(self, table: str) -> bool:
        """Whether a table's rows are sales: it has a money amount or a quantity measure."""
        return any(
            c.role == Role.MEASURE and (c.money or set(c.words) & QUANTITY_NAMES)
            for c in self.schema.tables[table].columns.values()
        )

    def other_side(self) -> bool:
        """ "who subscribed vs those who didn't", "with a loan versus those without one": a negation
        with nothing after it denies the yes/no thing named before, so both sides are asked for."""
        if self.neg_at is None or not (self.s.flags or self.s.values or self.s.group or self.s.conds):
            return False
        pronouns = word_classes()["negated_pronoun"]
        rest = self.m[self.neg_at + 1 :]
        if any(x.kinds - {"stop"} and (x.text,) not in pronouns for x in rest):
            return False
        if self.s.group and self.is_flag_col(self.s.group[-1]):
            g = self.s.group[-1]
            if any(s.key == g for x in self.m[: self.neg_at] for s in x.senses):
                return True  # "by smoker or not": the flag's split already has both sides
        if not self.s.flags and not self.s.values and self.row_split():
            return True
        if not self.s.flags:
            return bool(self.s.values) and self.other_value(pronouns)
        q, negated, at = self.s.flags[-1]
        if negated or at > self.neg_at:
            return False
        self.unused = [u for u in self.unused if (u,) not in pronouns]
        self.s.flags.append((q, True, self.neg_at))
        return True

    def row_split(self) -> bool:
        """ "stores priced above the competitor vs those that aren't": a comparison of two numbers of the
        row, then denied with nothing after it, splits the rows by it (a derived yes/no column)."""
        if not self.s.conds:
            return False
        last = self.s.conds[-1]
        if not isinstance(last.value, Figure) or last.value.agg or last.op not in CMP_ORDER:
            return False
        self.s.conds.pop()
        self.s.group.append(compared_column(self.schema, last.column, last.op, last.value.column))
        return True

    def is_flag_col(self, q: str) -> bool:
        """Whether a group is a yes/no column (a group may also be a table's records: "@stores")."""
        table, _, name = q.partition(".")
        c = self.schema.tables[table].columns.get(name) if table in self.schema.tables else None
        return c is not None and (c.role == Role.FLAG or c.flag_true is not None)

    def other_value(self, pronouns: list[tuple[str, ...]]) -> bool:
        """ "weekend or not": a negation with nothing after it, after the one value of a column of two
        values, asks for both values (each its own group); a column of more values is asked back."""
        q, value, negated = self.s.values[-1]
        at = self.s.value_at.get(q, len(self.m)) if isinstance(q, str) else len(self.m)
        if (
            negated
            or self.neg_at is None
            or at > self.neg_at
            or len({v for c, v, _ in self.s.values if c == q}) != 1
        ):
            return False
        others = [v for v in self.col(q).values if v != value]
        if len(others) != 1:
            raise Decline(
                "clarify",
                f"'{self.m[at].text} or not' splits {self.col(q).name}, which has more values than two; "
                "which do you mean?",
            )
        self.unused = [u for u in self.unused if (u,) not in pronouns]
        self.s.values.append((q, others[0], False))
        self.s.versus = True
        return True

    def role(self) -> str:
        """What a column named here would be: a group, the thing returned, or just mentioned."""
        if self.group_mode:
            return "group"
        if self.pending_agg and self.pending_agg[0] in ("count", "count_distinct") and self.s.count:
            self.pending_agg = None
            return "count"
        if self.pending_agg and self.pending_agg[0] == "count_distinct":
            self.pending_agg = None
            return "distinct"
        if self.pending_agg and self.pending_agg[0] in ("avg", "sum", "median", "min", "max", "stddev"):
            # "the cheapest and the most expensive price": every figure said before the column, in order
            aggs = [*(a for a in self.extra_aggs if a in SEVERAL_AGGS), self.pending_agg[0]]
            self.pending_agg, self.extra_aggs = None, [a for a in self.extra_aggs if a not in SEVERAL_AGGS]
            return "agg:" + ",".join(dict.fromkeys(aggs))
        if self.which or (self.s.rank and not self.s.target and not self.s.target_entity):
            self.which = False
            return "target"
        return "bare"

    def next_is_entity(self, k: int) -> bool:
        """Whether the condition at k only qualifies rows: "churned customers", "among seniors"."""
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        if nxt is not None and "entity" in nxt.kinds:
            return True
        prev = self.m[k - 1] if k else None
        before = self.m[k - 2] if k > 1 else None
        return (
            prev is not None
            and prev.text in QUALIFYING
            and not (before is not None and "rate" in before.kinds)
            and not (prev.text == "of" and before is None)
        )

    def with_a(self, k: int) -> bool:
        """ "with a police report", "that had a police report": a thing had, said just before k."""
        before = [x.text for x in self.m[max(0, k - 2) : k]]
        return len(before) == 2 and before[0] in ("with", "had", "have", "has") and before[1] in ("a", "an")

    def sold_by_sellers(self, k: int) -> str | None:
        """The one money column of a table with no quantity, when "sold the most" is said of those who sell
        (words.yaml sellers: stores, branches, reps), never of what is sold."""
        if self.m[k].text.split()[0] not in word_set("sell_verbs") or self.s.measures:
            return None
        e = self.s.target_entity
        ranked = [*self.s.target, *([str(e.value)] if e is not None and e.value else [])]
        named = {w for q in ranked for w in self.col(q).words}
        named |= (
            set(phrase_tokens(self.schema.tables[e.key].entity)) if e is not None and not e.value else set()
        )
        if not {singular(w) for w in named} & word_set("sellers"):
            return None  # (what is ranked sells: "which store sold the most", never "which product")
        tables = (
            {self.s.target_entity.key}
            if self.s.target_entity is not None
            else {self.col(q).table for q in self.s.target}
        )
        cols = [c for t in tables for c in self.schema.tables[t].columns.values()]
        money = [c.qualified for c in cols if c.money]
        if len(money) != 1 or any(
            c.qualified != money[0] and c.words[-1:] and c.words[-1] in QUANTITY_WORDS for c in cols
        ):
            return None
        return money[0]

    def earnings(self, q: str) -> bool:
        """Whether a money column is what a person earns (bound to an earnings concept: income)."""
        return any(b.target == q and b.concept in EARNINGS_CONCEPTS for b in self.schema.concepts)

    def sale_price(self) -> str | None:
        """The one price of the records the question is about when each of them is one item sold (no
        quantity column): a car sale's Price."""
        e = self.s.entity or self.s.target_entity
        if e is None or e.value:
            return None
        columns = self.schema.tables[e.key].columns.values()
        if any(c.is_numeric and set(c.words) & QUANTITY_NAMES for c in columns):
            return None
        prices = [c for c in columns if c.money and c.is_price]
        return prices[0].qualified if len(prices) == 1 else None

    def own_money(self, table: str) -> list[Col]:
        """The money columns of a table that are no per-unit price (what its records are worth)."""
        return [c for c in self.schema.tables[table].columns.values() if c.money and not c.is_price]

    def quantities_first(self, columns: list[str]) -> list[str]:
        """Of several columns a count unit may be said of ("3 units" of units_sold beside unit_price), the
        ones bound to the quantity concept, else all."""
        return [q for q in columns if "quantity" in self.concepts_of(q)] or columns

    def entity_money(self) -> str | None:
        """The single (non-price) money column of the table the question is about, if any."""
        e = self.s.entity or self.s.target_entity
        own_key = e is not None and e.value == self.schema.own_key(e.key)
        if e is None or (e.value and not own_key):
            return None  # (records named by their own key, "transactions" of transaction_id, are the rows)
        money = self.own_money(e.key)
        if len(money) > 1:
            money = [c for c in money if not self.earnings(c.qualified)]  # a sale's, never its buyer's
        return money[0].qualified if len(money) == 1 else None

    def margin(self, m: Mention) -> bool:
        """ "profit margin", "margin by category": total profit over total sales of the same records,
        when exactly one profit column and one sales column of one table say so."""
        parts = word_classes()["margin_parts"]

        def cols(kind: str) -> list[str]:
            words = {w for p in parts[kind] for w in p}
            return [
                c.qualified
                for c in self.schema.columns(Role.MEASURE)
                if c.is_numeric and c.money and set(c.words) & words and not c.is_price
            ]

        profit = cols("profit")
        sales = [q for q in cols("sales") if q not in profit]
        if len(profit) != 1 or len(sales) != 1 or profit[0].split(".")[0] != sales[0].split(".")[0]:
            return False
        self.s.bare = [b for b in self.s.bare if b != profit[0]]
        ranked = [
            x for x, sup in self.s.measures if x.column == profit[0] and sup and x.agg in ("max", "min")
        ]
        grouped = bool(self.s.target or self.s.group)  # (records ranked by a ratio of their own: asked)
        pending = self.pending_agg[0] if self.pending_agg is not None else ""
        if grouped and (ranked or pending in ("max", "min")):
            # "which product has the highest profit margin": the groups ranked by their margin
            self.s.superlative = SUPERLATIVE[ranked[0].agg if ranked else pending]
            self.pending_agg = None
        self.s.measures = [(x, sup) for x, sup in self.s.measures if x.column != profit[0]]
        if self.pending_agg is not None and self.pending_agg[0] in ("avg", "sum"):
            self.pending_agg = None  # "average margin": the margin of the totals
        self.s.measures.append((Measure("sum", profit[0], over=sales[0]), False))
        return True

    def age_column(self) -> str | None:
        """The one age column of the records the question is about (of all tables when none is named)."""
        e = self.s.entity or self.s.target_entity
        tables = [self.schema.tables[e.key]] if e is not None and not e.value else self.schema.tables.values()
        ages = [c.qualified for t in tables for c in t.columns.values() if is_age(c)]
        if not ages:  # an export's age bands (lt_25, 25_34, 65+): compared by nlq.coderanges
            ages = [
                c.qualified
                for t in tables
                for c in t.columns.values()
                if "age" in c.words and not c.is_numeric and coderanges.spans(c.values) is not None
            ]
        said = {singular(w) for x in self.m if x.has("entity") for w in x.text.split()}
        owned = [
            c.qualified
            for t in tables
            for c in t.columns.values()
            if c.is_numeric and len(c.words) == 2 and c.words[1] == "age" and singular(c.words[0]) in said
        ]
        if len(owned) == 1:
            return owned[0]  # "cars more than 15 years old" of CAR_AGE beside the driver's AGE
        exact = [q for q in ages if self.col(q).words == ("age",)]
        if len(ages) > 1 and len(exact) == 1:
            return exact[0]  # Age beside its coded Age Group: the age itself
        return ages[0] if len(ages) == 1 else None

    def implied_age(self, number: Any, money: str | None) -> str | None:
        """A number compared with no column named is an age when the words say so ("older than",
        "aged"), or when the records are people, an age fits and nothing else is a candidate."""
        age = self.age_column()
        if age is None or not isinstance(number, (int, float)) or not 0 < number <= 120:
            return None
        if self.number_before_noun(number):
            return None  # "members with at least 50 visits": the number counts the things named after it
        classes = word_classes()
        said = self.cmp_word in classes["age_words"]
        people = any(
            (w,) in classes["people"] for x in self.m if x.has("entity") for w in x.text.split()[-1:]
        )
        if self.col(age).age_of is not None:
            return age if said else None  # an age from a date of birth only where an age is said
        return age if said or (people or money is None) else None

    def earned(self, money: str) -> str:
        """A verb of earning in the question ("earned") when the money column is not an income."""
        verbs = {p[0] for p in word_classes()["earning_verbs"]}
        incomes = {b.target for b in self.schema.concepts if b.concept == "income"}
        said = next((x.text for x in self.m if x.text in verbs), "")
        return said if money not in incomes else ""

    def own_date(self, sense: Sense, word: str) -> str:
        """The date a record of this table is dated by: its only date, or the one it starts with."""
        times = [c for c in self.schema.tables[sense.key].columns.values() if c.role == Role.TIME]
        if len(times) > 1:
            kept = set(record_dates(self.schema, sense.key, [c.qualified for c in times]))
            times = [c for c in times if c.qualified in kept]
        if len(times) > 1:
            # the date the record starts with (ordered, opened, created) dates the record itself
            first = [c for c in times if any(w.startswith(START_WORDS) for w in c.words)]
            if len(first) != 1:
                names = " or ".join(c.label for c in times)
                raise Decline("clarify", f"'{word}' by which date: {names}?")
            times = first
        tenure = self.tenure_of(sense.key) if word in LONGEST_WORDS else None
        if not times and tenure is not None:
            return tenure  # "our longest-standing customers" with no dates: the longest tenures
        if not times:
            raise Decline("clarify", f"'{word}' by what? {sense.key} has no date column.")
        return times[0].qualified

    def time_rows(self, sense: Sense, direction: str, when: str) -> None:
        """ "the 5 latest orders": rows of the table sorted by their own date (or by their tenure, the
        longest first where the earliest date would be)."""
        if self.col(when).role != Role.TIME:
            direction = "desc" if direction == "asc" else "asc"
        self.s.sort = (direction, when)
        self.s.rank, self.s.superlative, self.pending_agg = None, None, None
        self.s.list_word = True
        self.s.entities.append(sense)
        self.s.entity = sense
        self.time_rank = None

    def against_figure(self, named: str | None) -> bool:
        """ "a price higher than the average (price)": each row against a figure of the whole column."""
        assert self.pending_cmp is not None and self.pending_agg is not None
        op, column, first, *_ = self.pending_cmp
        agg = self.pending_agg[0]
        column = column or named  # "orders over the average amount"
        if column is None or first is not None or op == "between" or agg not in FIGURE_AGGS:
            return False
        if (named is not None and named != column) or not is_plain_number(self.col(column)):
            return False
        self.pending_agg = None
        self.finish_cmp(column, op, None, Figure(agg, column))
        return True

    def count_condition(self, k: int, sense: Sense) -> bool:
        """ "(channels) with at least 5000 orders": a condition on how many of these records each has."""
        p = self.pending_cmp
        j = k - 1
        # "at least one closed complaint", "20 rated orders": the words between qualify the records
        while (
            j > 0 and self.m[j].number is None and (self.m[j].kinds & {"value", "flag"} or self.scored_at(j))
        ):
            j -= 1
        prev = self.m[j] if k else None
        if p is None or p[2] is None or prev is None:
            return False
        coded = p[1] is not None and (self.col(p[1]).role == Role.DIMENSION or prev.number is not None)
        # (a measure's values as groups: "ages with at least 50 members", the number before the records)
        if p[1] is not None and not coded:
            return False
        if prev.number is None and prev.text not in TRAILING_CMP:
            return False
        sense = self.event_records(sense)
        if p[0] == "between" and len(p) < 4:
            return False
        value = p[2] if p[0] != "between" else p[2]
        cond = (
            Cond("", "between", *sorted((p[2], p[3])))
            if p[0] == "between"
            else Cond("", p[0], int(value) if value == int(value) else value)
        )
        if self.neg:
            raise Decline("clarify", "Please say that count condition without 'not'.")
        if self.group_counted(k, sense, cond):
            return True
        self.pending_cmp = None
        split = p[1] in self.s.group  # "members by age, only ages with at least 50": still a count per age
        if coded and p[1] not in self.s.target:
            # "regions with at least 500 customers" (Region_Code codes): the records counted per region
            self.add_group(p[1])
        # "which 3 markets had the fewest transactions, counting markets with at least one": ranked groups
        ranked = bool(self.s.superlative or self.s.rank or self.s.target_entity)
        self.s.count_groups = self.s.count_groups or (self.s.count and not split and not ranked)
        self.s.having.append(cond)
        self.s.count = True
        self.s.entities.append(sense)
        prev_entity = self.s.entity
        if prev_entity is not None and prev_entity != sense and self.s.target_entity is None:
            # "customers with at least 5 orders": count orders per customer
            self.s.target_entity = prev_entity
        self.s.entity = sense
        return True

    def group_counted(self, k: int, sense: Sense, cond: Cond) -> bool:
        """ "sales in suburbs with more than 10,000 properties": the suburbs' own count of those things
        (Propertycount, the same on every sale of a suburb; catalog.groupcounts), compared on each row,
        never the sales counted per suburb."""
        named = {*self.s.bare, *self.s.target, *self.s.group}
        said = singular(self.m[k].text.split()[-1])
        for c in self.schema.tables[sense.key].columns.values():
            if c.group_count in named and c.name.lower().replace("_", "").startswith(said):
                self.pending_cmp = None
                self.s.bare = [b for b in self.s.bare if b != c.group_count]  # (the suburbs only qualify)
                self.s.conds.append(replace(cond, column=c.qualified))
                self.s.mentioned += [c.qualified] if c.qualified not in self.s.mentioned else []
                return True
        return False

    def event_records(self, sense: Sense) -> Sense:
        """ "customers who rented more than 40 films": what is counted are the rentals (the records of
        the event the verb names), each about one film; otherwise the records named."""

        if not (self.s.event and self.s.time_col) or sense.value:
            return sense
        event = self.s.time_col.split(".", 1)[0]
        if event == sense.key or join_path(self.schema, event, sense.key) is None:
            return sense
        self.s.event, self.s.time_col = False, None
        return Sense("entity", event)

    def add_group(self, q: str) -> None:
        if q not in self.s.group:
            self.s.group.append(q)

    def numeric_target(self) -> str | None:
        """The numeric column a comparison refers to: the last one mentioned, if just before."""
        if self.s.bare and self.col(self.s.bare[-1]).is_numeric:
            return self.s.bare[-1]
        if self.s.bare and coderanges.spans(self.col(self.s.bare[-1]).values) is not None:
            return self.s.bare[-1]  # "income over 100k" of income bands: compared by nlq.coderanges
        return None

    # ------------------------------------------------------------------ handlers
    def own_item(self, k: int, m: Mention) -> bool:
        """ "recommend the item", "rated the product": the item each record is about (the product key of
        the records the question counts), neither grouped nor filtered by: nothing more to do."""
        flagged = (
            k >= 2 and self.m[k - 1].text in ("the", "this", "that", "a", "an") and self.m[k - 2].has("flag")
        )
        if (m.text,) not in word_classes()["own_item"] or self.group_mode or (self.which and not flagged):
            return False  # (but "what share would recommend the product": the one each review is of)
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        after = self.m[k + 2] if k + 2 < len(self.m) else None
        unit = after is not None and after.kinds & {"stars", "unit"}
        if nxt is not None and ((nxt.number is not None and not unit) or nxt.has("value")):
            return False  # "the item 1078" (but "rated the item 2 stars")
        keys = {
            b.target.split(".", 1)[0]
            for b in self.schema.concepts
            if b.concept == "product" and "." in b.target
        } | {  # (a review's product `name`, nlq.lexicon _reviewed_names)
            str(x.key).split(".", 1)[0] for x in m.of("column") if self.col(str(x.key)).words == ("name",)
        }
        e = self.s.entity or self.s.target_entity
        if e is None and len(self.schema.tables) == 1:
            e = Sense("entity", next(iter(self.schema.tables)))  # a follow-up on one table's rows
        if e is None or e.value or e.key not in keys:
            return False
        self.m[k] = replace(m, senses=[Sense("stop")])  # filler from now on (never "item 2" = an id)
        return True

    def margin_word(self, k: int, m: Mention) -> bool:
        """ "profit margin": total profit over total sales (see `margin`)."""
        return (m.text,) in word_classes()["margin_words"] and self.margin(m)

    def age_word(self, k: int, m: Mention) -> bool:
        """ "aged 60 and over": the age column."""
        age = self.age_column() if (m.text,) in word_classes()["age_words"] else None
        if age is None:
            return False
        self.use_column(age, k, m)
        return True

    def age_extreme(self, k: int, m: Mention) -> bool:
        """ "how old is our youngest employee", "age of the oldest client": the lowest (highest) age.
        Only when the age itself is asked ("how old" or the age column); "who is the youngest" is not."""
        aggs = [agg for agg, phrases in word_classes()["age_extremes"].items() if (m.text,) in phrases]
        age = self.age_column() if aggs else None
        if age is None:
            return False
        words = [x.text for x in self.m]
        how_old = [j for j in range(len(words) - 1) if words[j] == "how" and words[j + 1] == "old"]
        if (
            not how_old
            and age not in self.s.mentioned
            and not any(s.key == age for x in self.m for s in x.senses if s.kind in ("column", "colword"))
        ):
            return False
        for j in how_old:
            for w in ("how", "old"):
                if w in self.unused:
                    self.unused.remove(w)
            self.skip.update((j, j + 1))
        self.s.bare = [b for b in self.s.bare if b != age]
        self.s.measures.append((Measure(aggs[0], age), False))
        self.skip.update(j for j, x in enumerate(self.m) if any(s.key == age for s in x.senses))
        return True

    def gloss(self, k: int, m: Mention) -> bool:
        """ "clients who are overdrawn, i.e. have a negative balance": "i.e." says the words after it
        restate the unknown words just before it, which are then explained by them (the words after are
        read as usual, so an unknown one there still declines the question)."""
        if m.text != "ie" or k + 1 >= len(self.m):
            return False
        j = k - 1
        glossed: list[str] = []
        while j >= 0 and self.m[j].text in self.unused:
            self.unused.remove(self.m[j].text)
            glossed.insert(0, self.m[j].text)
            j -= 1
        if glossed:
            self.s.notes.append(f"read '{' '.join(glossed)}' as the words after 'i.e.'")
            return True
        # "returned late, i.e. kept longer than the allowed rental period": the words after restate the
        # yes/no thing just read (the same flag), nothing more
        nxt = self.m[k + 1]
        said = {str(x.key) for x in nxt.of("flag")}
        if (
            said
            and said <= {f[0] for f in self.s.flags}
            and (k + 2 >= len(self.m) or not self.m[k + 2].kinds - {"stop"})
        ):
            self.skip.add(k + 1)
            return True
        return False

    def netting(self, k: int, m: Mention) -> bool:
        """ "net of cancellations", "after returns", "net sales": cancelled lines carry negative
        quantities, so a total over every line is already net of them (no filter). Only before a derived
        cancellation flag (nlq.schema) or a money figure of those lines."""
        if (m.text,) not in word_classes()["netting"]:
            return False
        j = k + 1
        while j < len(self.m) and self.m[j].kinds <= {"stop"}:
            j += 1
        nxt = self.m[j] if j < len(self.m) else None
        if nxt is None:
            return False
        if self.net_of_factor(k, nxt):
            self.skip.add(j)
            return True
        netted = [s.key for s in nxt.of("flag") if self.col(s.key).starts_with is not None]
        if netted:
            self.skip.add(j)
            self.s.netted.append(netted[0])
            return True
        money = [
            s.key
            for s in nxt.senses
            if s.kind in ("column", "colword") and self.col(s.key).formula is not None
        ]
        tables = {q.split(".", 1)[0] for q in money}
        return (
            m.text == "net"
            and len(money) > 0
            and any(c.starts_with is not None for t in tables for c in self.schema.tables[t].columns.values())
        )

    def net_of_factor(self, k: int, nxt: Mention) -> bool:
        """ "revenue after discounts": the revenue asked for before (quantity x price x (1 -
        discount)) is already net of the discount it is computed with; the words explain nothing more."""
        # the revenue asked for anywhere before ("revenue by sales channel, net of discounts")
        asked = [s.key for b in self.m[:k] for s in b.senses if s.kind in ("column", "colword")]
        derived = [
            self.col(q) for q in asked if self.col(q).formula is not None and not self.col(q).parts_sum
        ]
        named = {s.key for s in nxt.senses if s.kind in ("column", "colword")}
        return any(
            f"{c.table}.{part}" in named
            for c in derived
            for part in (c.formula or ())[2:]  # the discounts after quantity and price
        )

    def including(self, k: int, m: Mention) -> bool:
        """ "cancelled ones included", "including churned customers": rows of that yes/no column are
        kept, no filter on it (said in the interpretation)."""
        if (m.text,) not in word_classes()["including"]:
            return False
        step = -1 if m.text == "included" else 1
        j = k + step
        while 0 <= j < len(self.m) and self.m[j].kinds <= {"stop"}:
            j += step
        if step > 0 and self.none_included(j):
            return True
        if not 0 <= j < len(self.m) or not self.m[j].has("flag"):
            return False
        q = self.m[j].of("flag")[0].key
        if step < 0:
            if not any(f[2] == j for f in self.s.flags):
                return False
            self.s.flags = [f for f in self.s.flags if f[2] != j]
            self.s.qualifiers = [x for x in self.s.qualifiers if x != j]
        else:
            self.skip.add(j)
        self.s.netted.append(q)
        return True

    def none_included(self, j: int) -> bool:
        """ "orders per rating, including the ones with no rating": the rows with no value of the column
        split by stay in the answer as their own group (never a filter to them)."""
        if j + 1 >= len(self.m) or not (self.m[j].has("negation") or self.m[j].text in MISSING_WORDS):
            return False
        columns = {x.key for x in self.m[j + 1].of("column")} | {x.key for x in self.m[j + 1].of("colword")}
        if len(columns) != 1:
            return False
        q = columns.pop()
        if q not in self.s.group and q not in self.s.bare:
            return False
        self.skip |= {j, j + 1}
        self.s.notes.append(f"rows with no {self.col(q).name} kept as their own group")
        return True

    def kind_columns(self, table: str) -> list[str]:
        """The categories of a table named with a kind word (words.yaml kind_columns: Job Type, ticket_type)."""
        marks = {p[0] for p in word_classes()["kind_columns"]}
        return [
            c.qualified
            for c in self.schema.tables[table].columns.values()
            if c.role == Role.DIMENSION and set(c.words) & marks and not c.weekday_of
        ]

    def records_own_kind(self, k: int, m: Mention) -> bool:
        """ "the number of jobs by type", "which type of job": a bare kind word is the one kind column of the
        records asked about (service_jobs' Job Type), never another table's it names by its own noun
        (customers' Customer Type). Claims the mention only then."""
        if (m.text,) not in word_classes()["kind_words"]:
            return False
        e = self.s.entity or self.s.target_entity
        if e is None or e.value:
            return False
        named = {str(x.key).split(".", 1)[0] for x in m.senses if x.kind == "column"}
        if not named or e.key in named:
            return False
        own = self.kind_columns(e.key)
        if len(own) != 1 or not any(x.key == own[0] for x in m.senses):
            return False
        if self.group_mode:
            self.add_group(own[0])
        else:
            self.use_column(own[0], k, m)
        return True

    def kind_column(self, k: int, m: Mention) -> bool:
        """ "contact channels of each kind": the one column of those records that says what kind each
        is (channel_code, ticket_type), when exactly one does."""
        if (m.text,) not in word_classes()["kind_words"]:
            return False
        e = self.s.entity or self.s.target_entity
        if e is None or e.value:
            return False
        found = self.kind_columns(e.key)
        if len(found) != 1:
            return False
        self.add_group(found[0])
        return True

    def number_and_figure(self, k: int, m: Mention) -> bool:
        """ "the number and total amount of transactions": "number" alone before "and" and another
        figure is a count of the records, never an identifier column named "... number"."""
        if m.text not in ("number", "numbers") or k + 2 >= len(self.m):
            return False
        if self.m[k + 1].text != "and" or not self.m[k + 2].has("agg"):
            return False
        self.on_count(k, m)
        return True

    def kind_of_records(self, k: int, m: Mention) -> bool:
        """ "transactions on each type of account, VIP or regular": a kind word before "of" and other
        records is the one column of those records that says what kind each is: named with a kind
        word (words.yaml kind_columns), or else the one column whose values the question names;
        never a type column of the records counted. Asked back when no one column fits."""
        if (
            (m.text,) not in word_classes()["kind_words"]
            or k + 2 >= len(self.m)
            or self.m[k + 1].text != "of"
        ):
            return False
        own = [s for s in self.m[k + 2].of("entity") if s.value is None]
        if len(own) != 1:
            return False
        table = self.schema.tables[own[0].key]
        found = self.kind_columns(table.name)
        if not found:
            named = {v.key for x in self.m for v in x.of("value")}
            found = [c.qualified for c in table.columns.values() if c.qualified in named]
        if len(found) != 1:
            raise Decline("clarify", f"Which column of {table.entity} says what {m.text} each one is?")
        self.skip.add(k + 2)
        if self.group_mode:
            self.add_group(found[0])
        else:
            self.use_column(found[0], k, m)
        return True

    def made_filler(self, k: int, m: Mention) -> bool:
        """ "invoices raised each month", "tickets logged in May": after records, a verb that only says
        they were made (when no date or flag claims the word)."""
        classes = word_classes()
        prev = next((x for x in reversed(self.m[:k]) if x.kinds - {"stop"}), None)
        if (m.text,) in classes["held_filler"]:
            # "balance held by retired clients": after an amount, only whose it is
            return prev is not None and any(
                x.kind in ("column", "colword") and self.col(str(x.key)).money for x in prev.senses
            )
        if (m.text,) in classes["said_filler"]:
            # "employees who report very good health": the answer they gave follows
            nxt = next((x for x in self.m[k + 1 :] if x.kinds - {"stop"}), None)
            people = prev is not None and (prev.has("entity") or prev.text in ("who", "that"))
            return people and nxt is not None and bool(nxt.kinds & {"value", "flag"})
        if (m.text,) not in classes["made_filler"]:
            return False
        return prev is not None and prev.has("entity")

    def record_made_verb(self, k: int, m: Mention) -> bool:
        """ "how many campaigns have we run", "refunds we issued": a verb that only says records of a
        kind were made (words.yaml record_made_verbs, keyed by the record's noun), when a word of the
        question names such records (a table's rows, a value or a column: "the biggest tip anyone left"). Never after a negation ("never run")."""
        if self.neg:
            return False
        verbs = word_classes()["record_made_verbs"]
        named = {
            singular(x.text.split()[-1])
            for x in self.m
            if x is not m and (x.has("entity") or x.has("value") or x.has("column") or x.has("colword"))
        }
        # "the people we called" of a table of calls: the rows' own noun, whoever they are said to be
        named |= {
            self.schema.tables[e.key].entity_singular.split()[-1]
            for x in self.m
            if x is not m
            for e in x.of("entity")
            if e.key in self.schema.tables
        }
        # "how many single parents do we insure" of policies: the records a named column is of
        named |= {
            self.schema.tables[str(x.key).split(".", 1)[0]].entity_singular.split()[-1]
            for y in self.m
            if y is not m
            for x in y.senses
            if x.kind in ("flag", "value", "column") and "." in str(x.key)
        }
        return any((m.text,) in verbs.get(noun, ()) for noun in named)

    def sent_to_people(self, k: int, m: Mention) -> bool:
        """ "how many mailshots were sent out to customers in March": records named by a key (mailshots)
        and a verb of sending (words.yaml send_verbs) to people are the rows of the one table that holds
        that key and points at those people (each mailshot sent to a customer), dated by its own date."""
        if (m.text,) not in word_classes()["send_verbs"] or self.neg:
            return False
        j = k + 1
        if j < len(self.m) and self.m[j].text == "out":
            j += 1
        if j >= len(self.m) or self.m[j].text != "to" or j + 1 >= len(self.m):
            return False
        people = [x for x in self.m[j + 1].of("entity") if x.value is None]
        e = self.s.entity
        if len(people) != 1 or e is None or not e.value:
            return False
        key = self.col(e.value).name
        holders = sorted(
            {
                t.name
                for t in self.schema.tables.values()
                if key in t.columns
                and any(r.table == t.name and r.ref_table == people[0].key for r in self.schema.relations)
            }
        )
        if len(holders) != 1:
            return False
        self.s.entity = Sense("entity", holders[0])
        self.s.entities = [x for x in self.s.entities if x != e] + [self.s.entity]
        self.s.entity_options = []
        self.skip.update(range(k + 1, j + 2))
        self.s.notes.append(
            f"'{m.text} to {self.m[j + 1].text}' read as {self.schema.tables[holders[0]].entity}"
        )
        return True

    def negated_link_verb(self, k: int, m: Mention) -> bool:
        """ "employees who have never been assigned a delivery": a verb that only says records are
        someone's (words.yaml link_verbs), between a negation and the records denied, links the two
        (having none of them); said in the interpretation. Another verb ("never returned an order") says
        what the data does not, and stays unexplained."""
        if not (self.neg and self.neg_at is not None and self.neg_at < k):
            return False
        if (m.text,) not in word_classes()["link_verbs"]:
            return False
        between = self.m[self.neg_at + 1 : k]
        if any(x.kinds - {"stop"} for x in between):
            return False
        nxt = next((x for x in self.m[k + 1 :] if x.kinds - {"stop"}), None)
        if nxt is None or not nxt.has("entity"):
            return False
        self.s.notes.append(f"'{m.text}' read as having any {nxt.text}")
        return True

    def than_groups(self, k: int, m: Mention) -> bool:
        """ "do students carry more debt than non-students?": a comparative and "than" between the two
        sides of one yes/no column (or two values of one column) ask for the figure of each group, shown
        side by side; "for each group" after them names those groups."""
        classes = word_classes()
        if (m.text,) in classes["compared_groups"]:
            return self.s.than and bool(k) and self.m[k - 1].has("group")
        than = [j for j, x in enumerate(self.m) if x.text == "than"]
        if m.text == "than":
            sides = self.than_sides(k)
            if sides:
                self.s.versus = self.s.than = True
            return sides
        if (m.text,) not in classes["group_comparatives"]:
            return False
        if any(j > k and self.than_sides(j) for j in than):
            self.how_much_more(k, next(j for j in than if j > k and self.than_sides(j)))
            return True
        if self.either_sides() or self.both_sides_said():
            self.s.than = True  # a bare amount compared so is asked back: in total, or on average?
            return True
        return False

    def both_sides_said(self) -> bool:
        """ "do PCs with a CD drive cost more? Average price with and without CD": both sides of one
        yes/no column said ("with and without"), the groups a comparative compares."""
        pairs = word_classes()["both_sides"]
        for j, x in enumerate(self.m):
            before = tuple(w for y in self.m[max(0, j - 2) : j] for w in y.text.split())
            if x.has("negation") and before[-2:] in pairs:
                return True
        return False

    def either_sides(self) -> bool:
        """ "is the default rate higher for students or non-students?": two sides of one yes/no column
        (or two values of one column) joined by "or", the groups split either way."""
        return any(x.text == "or" and self.than_sides(j, adjacent=True) for j, x in enumerate(self.m))

    def value_noun(self, k: int, m: Mention) -> bool:
        """ "information jobs", "industrial job class": after a value, a word of its own column's name
        (jobclass: job class) only says what the value is; "one" after it stands for the records."""
        prev = next((x for x in reversed(self.m[:k]) if x.kinds - {"stop"}), None)
        if prev is None or not prev.has("value") or self.m[k - 1] is not prev:
            return False
        if m.text == "one":
            return True  # "and a Very Good one?": the records, said after their value
        word = singular(m.text)
        return any(
            word in {singular(w) for p in (c.words, *c.synonyms) for w in p}
            for c in (self.col(str(s.key)) for s in prev.of("value"))
        )

    def change_words(self, k: int, m: Mention) -> bool:
        """ "how has the average wage changed by year?": a verb of change (and "how" with it) asks for
        the trend the question's time grain gives; without a grain they stay unexplained."""
        verbs = {p[0] for p in word_classes()["change_verbs"]}
        periods = [x for x in self.m if x.time is not None and x.time.range is not None]
        if len(periods) == 1 and periods[0].time is not None and periods[0].time.range is not None:
            periods *= 2 if self.change_between(periods[0].time.range) else 1  # "from 2010 to 2011"
        asked = m.text == "how" and any(x.text in verbs for x in self.m[k + 1 :])
        if self.how_split(k, m):
            return True  # "how do our sales break down by media type": the split asked
        if len(periods) == 2 and (m.text in verbs or asked):
            return True  # "did sales grow in 2017 versus 2016": the two periods compared, with the change
        if not any(x.time is not None and x.time.grain is not None for x in self.m):
            return False
        if m.text in verbs:
            return True
        return m.text == "how" and any(x.text in verbs for x in self.m[k + 1 :])

    def how_split(self, k: int, m: Mention) -> bool:
        """ "how do sales break down by region", "how is revenue distributed across regions": "how" and the
        verb of splitting, said with a split after them, ask for each group's figure."""
        verbs = word_classes()["split_verbs"]
        said = " " + " ".join(x.text for x in self.m) + " "
        if not any(f" {' '.join(p)} " in said for p in verbs):
            return False
        how = next((i for i, x in enumerate(self.m) if x.text == "how"), None)
        if how is None or k < how or not any(x.has("group") for x in self.m[how + 1 :]):
            return False
        return m.text == "how" or any(m.text == " ".join(p) for p in verbs)

    def than_values(self, k: int, m: Mention) -> bool:
        """ "do information workers earn more than industrial workers?": a comparative said with its
        "than" ("more than") between two values of one column (or the two sides of a yes/no column) is
        the figure of each group, never a comparison with a number."""
        if (
            m.text.split()[-1:] != ["than"]
            or (m.text.split()[0],) not in word_classes()["group_comparatives"]
        ):
            return False
        if not self.than_sides(k):
            return False
        figure = any(
            x.has("agg") or any(s.kind == "column" and self.col(str(s.key)).is_numeric for s in x.senses)
            for x in self.m[:k]
        )
        if not figure:
            return False  # "do fiber customers pay more than DSL customers": more of what is not said
        self.s.versus = self.s.than = True
        self.how_much_more(k, k)
        return True

    def how_much_more(self, k: int, j: int) -> None:
        """ "how much more do men earn than women": "how much" (or "how many") right before the
        comparative at k asks for the difference of the figures of the groups either side of "than" at j
        (the one before it first; "how much less" the other way round). Two values of one column only:
        anything else is declined."""
        if not k or self.m[k - 1].text not in ("how much", "how many"):
            return
        before = [s for x in self.m[:j] for s in x.of("value")]
        after = next((x for x in self.m[j + 1 :] if x.kinds - {"stop"}), None)
        later = after.of("value") if after is not None else []
        pairs = [
            (a.value, b.value) for a in before[-1:] for b in later if a.key == b.key and a.value != b.value
        ]
        if not pairs:
            raise Decline(
                "unsupported", "I can't yet work out how much more one group has than another here."
            )
        first, second = pairs[0]
        less = self.m[k].text.split()[0] in ("less", "fewer", "lower", "smaller")
        self.s.difference = (second, first) if less else (first, second)

    def than_sides(self, j: int, adjacent: bool = False) -> bool:
        """Mention j ("than") has one side of a yes/no column or a value of a column before it (`adjacent`:
        right before it) and the other side or another value of the same column right after it."""
        nxt = next((x for x in self.m[j + 1 :] if x.kinds - {"stop"}), None)
        if nxt is None:
            return False

        def sides(x: Mention) -> set[tuple[str, str]]:
            return {(str(s.key), "flag") for s in x.of("flag")} | {
                (str(s.key), "value") for s in x.of("value")
            }

        after = sides(nxt)
        before = [x for x in self.m[:j] if x.kinds - {"stop"}][-1:] if adjacent else self.m[:j]
        return any(sides(x) & after for x in before)

    def adverb_participle(self, k: int, m: Mention) -> bool:
        """ "orders only partially fulfilled": a status value said by its adverb ("partially" for Part)
        qualifies the participle after it, which says no more than the status."""
        prev = self.m[k - 1] if k else None
        if prev is None or not prev.has("value") or not prev.text.endswith("ly") or " " in prev.text:
            return False
        status = all({"status", "state", "stage"} & set(self.col(str(x.key)).words) for x in prev.of("value"))
        return status and m.text.endswith("ed") and is_verb_form(m.text)

    def price_verb(self, k: int, m: Mention) -> bool:
        """ "products that cost more than 5,000": what one of the records costs is its one price column,
        when a comparison follows (words.yaml price_verbs)."""
        e = self.s.entity or self.s.target_entity
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        if (m.text,) not in word_classes()["price_verbs"] or e is None or e.value or nxt is None:
            return False
        compared = (nxt.text,) in word_classes()["group_comparatives"]  # "do PCs with a CD drive cost more?"
        averaged = (
            nxt.has("agg") and self.pending_agg is None
        )  # "what do 1 carat stones sell for on average?"
        if not nxt.has("cmp") and not compared and not averaged:
            return False
        prices = [
            c.qualified for c in self.schema.tables[e.key].columns.values() if c.is_price and c.is_numeric
        ]
        if len(prices) != 1:
            return False
        self.use_column(prices[0], k, m)
        return True

    def people_source(self, k: int, m: Mention) -> bool:
        """ "bookings that came from guests in Portugal": after records and "from"/"by", people the data
        has no table of are only who made the records (what follows them still filters); after a yes/no
        word ("returning guests") they are who it is about."""
        if (m.text,) not in word_classes()["people"] or not k:
            return False
        if self.m[k - 1].has("flag"):
            return True  # "returning guests": the people the yes/no word before is about
        if self.whose_figure(k):
            return True  # "nights did guests who checked out stay": whose records the figure adds up
        if self.m[k - 1].text not in ("from", "by"):
            return False
        prev = next((x for x in reversed(self.m[: k - 1]) if x.kinds - {"stop"}), None)
        return prev is not None and prev.has("entity")

    def whose_figure(self, k: int) -> bool:
        """ "how many room nights did guests who checked out stay": after a figure of the records (an
        amount already named), people the data has no table of and a relative clause say whose records
        are added up; the clause filters them. Never when the people would be counted."""
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        figure = [b for b in self.s.bare if self.col(b).is_numeric and self.col(b).role == Role.MEASURE]
        return (
            nxt is not None
            and nxt.text in ("who", "that")
            and bool(figure or self.s.measures)
            and not any(x.has("entity") for x in self.m)
        )

    def asked_when(self, k: int, m: Mention) -> bool:
        """ "who placed the latest order, and when": the date of the record shown is asked too."""
        if m.text != "when" or k + 1 != len(self.m) or not k or "and" not in self.m[k - 1].text.split():
            return False
        when = self.s.sort[1] if self.s.sort else None
        if not (self.s.who and self.s.limit and when and self.col(when).role == Role.TIME):
            return False
        if when not in self.s.bare:
            self.s.bare.append(when)
            self.col_at[when] = k
        return True

    def asked_where(self, k: int, m: Mention) -> bool:
        """ "the highest price paid, and where was it?": a second question, for the place of the record the
        first one found, which no figure answers: never dropped silently (declined, naming 'where')."""
        if m.text != "where" or not k or "and" not in self.m[k - 1].text.split():
            return False
        rest = [w for x in self.m[k + 1 :] for w in x.text.split()]
        if not rest or rest[0] not in ("was", "is", "were", "are", "did", "does", "do"):
            return False
        if any(x.kinds - {"stop"} for x in self.m[k + 1 :]):
            return False  # "and where were they shipped from": columns named after it read as asked
        self.unused.append("where")
        return True

    def flag_over_value(self, k: int, m: Mention, senses: list[Sense]) -> bool:
        """ "recurring donations" of a yes/no is_recurring beside a channel 'Recurring' of the same table: the
        yes/no named by the word is meant (recurring gifts come through every channel), unless the other
        column is named too ("the Recurring channel"); said. A yes/no copied from the column (catalog.copies)
        is no second reading. Whether it was read as the yes/no."""
        if len(senses) != 1:
            return False
        value = senses[0]
        col = self.col(value.key)
        flags = [
            f.key
            for f in m.of("flag")
            if self.col(f.key).table == col.table
            and f.key != value.key
            and value.key not in (self.col(f.key).same_as, col.same_as)
            and col.same_as != f.key
        ]
        if len(flags) != 1 or set(col.words) & set(self.s.words):
            return False
        self.s.notes.append(
            f"'{m.text}' read as {self.col(flags[0]).name} (yes/no), not {col.name} = {value.value}"
        )
        self.on_flag(k, replace(m, senses=[x for x in m.senses if x.kind == "flag"]))
        return True

    def written_filler(self, k: int, m: Mention) -> bool:
        """ "reviews left on July 30": after records holding free text (not people), "left" only says
        they were written."""
        classes = word_classes()
        if (m.text,) not in classes["written_filler"]:
            return False
        prev = next((x for x in reversed(self.m[:k]) if x.kinds - {"stop"}), None)
        if prev is None or not prev.has("entity") or (prev.text.split()[-1],) in classes["people"]:
            return False
        tables = {s.key for s in prev.of("entity")}
        return all(any(c.role == Role.TEXT for c in self.schema.tables[t].columns.values()) for t in tables)

    def on_stop(self, k: int, m: Mention) -> None:
        if self.including(k, m):  # "cancelled ones included": filler unless a yes/no column is beside it
            return
        if self.asked_where(k, m):
            return
        if self.score_of_no_scale(k, m):
            return
        if self.never_used_object(k, m):
            return
        if m.text == "both":
            self.s.both = True
        if m.text in FIGURE_WORDS:
            self.s.how_much = True
        if k == 0 and m.text.split()[0] == "who":
            self.which = self.s.who = True  # "who is our newest customer": a person is asked for
        cmp_before = self.pending_cmp is not None or any(
            c.op in (">", ">=", "<", "<=", "between") for c in self.s.conds
        )
        compared = [c.column for c in self.s.conds if c.op in (">", ">=", "<", "<=", "between")]
        if self.pending_cmp is not None and self.pending_cmp[1]:
            compared.append(self.pending_cmp[1])
        # "how much have customers in their thirties spent in total": the ages compared, the total asked
        of_amount = not compared or any(self.amount(self.col(q)) for q in compared if "." in q)
        if cmp_before and of_amount and tuple(m.text.split()) in word_classes()["total_after_cmp"]:
            # "customers who spent more than 100 in total": a condition on a total per customer
            raise Decline(
                "clarify",
                f"'{m.text}' after a comparison asks for a total per group; I can only compare each "
                "record's own value, e.g. 'orders over 100'.",
            )

    def on_destructive(self, k: int, m: Mention) -> None:
        if (
            m.text in word_set("light_destructive")
            and k > 1
            and self.m[0].text.split()[0] in word_set("question_openers")
        ):
            return  # "how many projects set a goal below 1,000": a light verb of the question
        raise Decline("unsupported", f"I only read data; I can't '{m.text}' anything.")

    def on_time(self, k: int, m: Mention) -> None:
        tm = m.time
        assert tm is not None
        if self.pending_cmp is not None and m.text.isdigit():
            # "a balance over 2,000": after a comparison a bare year is the number compared
            self.cmp_operand(k, Mention(m.start, m.end, m.text, [Sense("number")], number=float(m.text)))
            return
        if tm.range is not None and self.neg_event is not None:
            column, self.neg_event = self.neg_event, None
            self.s.neg_conds += [Cond(column, ">=", tm.range.start), Cond(column, "<", tm.range.end)]
            return
        if tm.range is not None and self.per_period_column(m):
            return
        pair = self.change_between(tm.range) if tm.range is not None else None
        if pair is not None:
            self.s.ranges += pair
            self.s.versus = True
            return
        if tm.range is not None:
            self.s.ranges.append(tm.range)
            self.range_at.append(k)
            prev = next(
                (
                    x
                    for j, x in reversed(list(enumerate(self.m[:k])))
                    if x.kinds != {"stop"} and j not in self.skip
                ),
                None,
            )
            if prev is not None and "flag" in prev.kinds:
                self.s.event_flags.append(prev.of("flag")[0].key)  # "cancelled in 2024"
        elif tm.grain is not None:
            if self.s.grain and tm.grain == "":
                return
            self.s.grain = tm.grain or self.s.grain or ""

    def change_between(self, span: TimeRange) -> list[TimeRange] | None:
        """ "by what percent did revenue change from 2010 to 2011": with a verb of change, a span from one
        dated period to another of the same length is the two periods compared (the later first, as in
        "2011 versus 2010"), not the time between."""
        verbs = {p[0] for p in word_classes()["change_verbs"]}
        if not any(w in verbs for x in self.m for w in x.text.split()):  # "grow", "percentage change"
            return None
        halves = re.split(r" (?:to|and|until|through) ", span.phrase)
        if len(halves) != 2 or not all(re.search(r"\b\d{4}\b", h) for h in halves):
            return None
        found = [find_time(h.split(), span.start) for h in halves]
        ranges = [f[0].range for f in found if len(f) == 1 and f[0].range is not None]
        if len(ranges) != 2 or len({(r.end - r.start).days // 28 for r in ranges}) != 1:
            return None
        return [ranges[1], ranges[0]]

    def per_period_column(self, m: Mention) -> bool:
        """ "more than 7 web visits last month" where the figure is NumWebVisitsMonth: the period is the
        one the column already counts over, never a filter on another date."""
        units = {w for w in m.text.split() if w in PERIOD_UNITS}
        named = {
            str(s.key)
            for x in self.m
            for s in x.senses
            if s.kind in ("column", "colword") and len(x.senses) == 1
        }
        return bool(units) and any(self.col(q).is_numeric and units & set(self.col(q).words) for q in named)

    # ------------------------------------------------------------------ readings of a number
    def cmp_operand(self, k: int, m: Mention) -> bool:
        """ "over 50", "between 2 and 5": the number completes the comparison opened before it."""
        value = m.number
        if self.pending_cmp is None or len(self.pending_cmp) > 3:
            return False  # (a range that has both its ends: "between midnight and 5am (hours 0-5)")
        op, column, first = self.pending_cmp
        if op == "between" and first is None:
            self.pending_cmp[2] = value
            return True
        nxt_col = self.numeric_after(k)
        if nxt_col is not None and self.names_scored(k + 1, nxt_col):
            nxt_col = None  # "at least 20 rated orders": the number counts the orders that have a rating
        if (
            nxt_col is not None
            and nxt_col != column
            and not self.cmp_on_figure
            and not (column is not None and self.named_right_before(column))
        ):
            # "districts with more than 500 holders": the column named after the number is compared
            self.skip.add(k + 1)
            self.finish_cmp(nxt_col, op, first, value)
            return True
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        counted = nxt is not None and any(x.kind == "agg" and x.key == "count_distinct" for x in nxt.senses)
        if counted and column is not None and not self.named_right_before(column):
            column = self.pending_cmp[1] = None  # (the column guessed when "more than" was read)
        if column is None and not self.cmp_on_figure and not counted:
            # ("in more than three different neighbourhoods": the number counts those, never a price)
            column = self.numeric_target()
        if (
            column is not None
            and op != "between"
            and nxt is not None
            and nxt.kinds & {"entity"}
            and (self.col(column).role == Role.DIMENSION or nxt.kinds == {"entity"})
        ):
            # "regions with at least 500 customers": how many records each coded region has (count_condition)
            self.pending_cmp[2] = value
            return True
        if column is None and op != "between" and self.age_of_people_before(value, nxt):
            return True
        if column is None:
            # "above 15%" with no column named: a percent is never the money column's (close)
            self.percent_cmp = nxt is not None and nxt.text in PERCENT_WORDS
            self.pending_cmp[2] = value if op != "between" else first
            if op == "between":
                self.pending_cmp.append(value)
            return True
        self.finish_cmp(column, op, first, value)
        return True

    def age_of_people_before(self, value: Any, nxt: Mention | None) -> bool:
        """ "Among users over 40, what is the average number of apps": a comparison right after people,
        its number ending the phrase, is their age (closed now, never left open for a column named later)."""
        before = self.m[self.cmp_at - 1] if self.cmp_at >= 1 else None
        if before is None or self.cmp_on_figure or not before.has("entity"):
            return False
        if tuple(before.text.split()[-1:]) not in word_classes()["people"]:
            return False
        if nxt is not None and (nxt.kinds - {"stop"} or nxt.text in PERCENT_WORDS):
            return False  # "customers over 40 orders": the number counts what follows
        age = self.implied_age(value, self.entity_money())
        if age is None:
            return False
        self.finish_cmp(age, self.pending_cmp[0] if self.pending_cmp else ">", None, value)
        return True

    def rank_limit(self, k: int, m: Mention) -> bool:
        """ "top 5": how many of the ranked things."""
        value = m.number
        assert value is not None
        if self.s.rank and self.s.limit is None and value == int(value) and value > 0:
            self.s.limit, self.limit_at = int(value), k
            return True
        return False

    def superlative_limit(self, k: int, m: Mention) -> bool:
        """ "the 5 highest", "lowest 3", "latest 5"."""
        value = m.number
        assert value is not None
        if not (
            self.pending_agg and self.pending_agg[0] in ("max", "min") and value == int(value) and value > 0
        ):
            return False
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        if nxt is not None and nxt.text in quantity_unit_words():
            return False  # "the highest price for 33 MHz machines": a number with its unit counts no rows
        if self.star_number(k):
            return False
        if self.m[self.pending_agg[1]].text in TIME_SUPERLATIVES:
            self.time_rank = (SUPERLATIVE[self.pending_agg[0]], self.m[self.pending_agg[1]].text)
        self.rank_word = self.m[self.pending_agg[1]].text
        self.s.rank = SUPERLATIVE[self.pending_agg[0]]
        self.s.limit, self.limit_at = int(value), k
        self.pending_agg = None
        return True

    def limit(self, k: int, m: Mention) -> bool:
        """ "the 3 biggest orders", "the 3 customers with ...": how many rows (a small whole number)."""
        value = m.number
        assert value is not None
        if value == int(value) and 0 < value <= 1000 and not self.star_number(k):
            self.s.limit, self.limit_at = int(value), k
            return True
        return False

    def star_number(self, k: int) -> bool:
        """ "the most 1- and 2-star reviews": a number said with stars (after "and"/"or" numbers) is a
        rating, never how many rows."""
        j = k + 1
        while j + 1 < len(self.m) and self.m[j].text in ("and", "or") and self.m[j + 1].number is not None:
            j += 2
        return j < len(self.m) and self.m[j].has("stars")

    def ranked_periods(self, k: int, m: Mention) -> bool:
        """ "which 3 months had the highest average price": the number before the period word was taken
        as how many to pick (which_limit); the period word is what is grouped by."""
        prev = self.m[k - 1]
        if prev.number is None or self.s.limit != int(prev.number) or not self.which:
            return False
        return self.time_bucket(k, m)

    def numbered_period(self, k: int, m: Mention) -> bool:
        """ "listings in month 1": a period word and a number name that period of the one column cra.toml
        says counts such periods (nlq.periodindex), where the data has no date column."""
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        c = index_column(self.schema)
        if nxt is None or nxt.number is None or c is None or c.period_index is None:
            return False
        if (
            m.of("grainword")[0].key != c.period_index[0]
            or nxt.number != int(nxt.number)
            or not holds(c, nxt.number)
        ):
            return False
        self.skip.add(k + 1)
        self.finish_cmp(c.qualified, "=", None, int(nxt.number))
        self.s.notes.append(
            f"{m.text} {int(nxt.number)} is {c.name} {int(nxt.number)} ({start_of(c, int(nxt.number))})"
        )
        return True

    def which_limit(self, k: int, m: Mention) -> bool:
        """ "which 5 jobs have the most clients": how many of the things picked."""
        return self.which and self.limit(k, m)

    def record_id(self, k: int, m: Mention) -> bool:
        """ "customer 14646": that record's identifier."""
        value = m.number
        assert value is not None
        before = self.m[k - 1]
        if value != int(value):
            return False
        ids = [x.value for x in before.of("entity") if x.value] or [
            self.schema.own_key(x.key) for x in before.of("entity") if self.schema.tables[x.key].key
        ]
        if len(set(ids)) > 1 and self.s.entity is not None and not self.s.entity.value:
            # "customers registered at store 2": of the keys several tables hold, the one of the records
            # the question is about
            mine = sorted({q for q in ids if q.split(".", 1)[0] == self.s.entity.key})
            if len(mine) == 1 and len({self.col(q).name for q in ids}) == 1:
                ids = mine
                named = {str(r.ref_table) for r in self.schema.relations if f"{r.table}.{r.column}" == ids[0]}
                self.s.entities = [e for e in self.s.entities if e.value or e.key not in named]
        if len(set(ids)) != 1:
            return False
        key = self.col(ids[0])
        stored: Any = int(value) if key.is_numeric else str(int(value))
        self.s.conds.append(Cond(ids[0], "!=" if self.neg else "=", stored))
        self.neg = False
        if self.s.entity == before.of("entity")[0] or (self.s.entity and self.s.entity.value == ids[0]):
            self.s.entity = None
            self.s.entities = [e for e in self.s.entities if e.value != ids[0]]
        return True

    def score_given(self, k: int, m: Mention) -> bool:
        """ "what percentage of tickets got a perfect 5", "customers who gave a score of 1": a whole number
        after a word of scoring, where the records have exactly one rating scale holding it (CSAT Score
        1-5): that score."""
        value = m.number
        before = {w for x in self.m[max(0, k - 3) : k] for w in x.text.split()}
        if value is None or value != int(value) or self.pending_cmp is not None or not before & SCORE_LEADS:
            return False
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        if nxt is not None and nxt.kinds - {"stop", "number"}:
            return False  # "gave 5 stars", "got 3 points": the word after says what the number is
        e = self.s.entity or self.s.target_entity
        tables = [e.key] if e is not None and not e.value else list(self.schema.tables)
        scales = [
            c
            for t in tables
            for c in self.schema.tables[t].columns.values()
            if c.role == Role.MEASURE
            and c.is_numeric
            and is_integer_type(c.dtype)
            and set(c.words) & SCALE_WORDS
            and isinstance(c.minimum, int | float)
            and isinstance(c.maximum, int | float)
            and c.minimum <= value <= c.maximum <= 10
        ]
        if len(scales) != 1 or ("perfect" in before and value != scales[0].maximum):
            return False  # "a perfect 9" on a 1-10 scale: no perfect score, asked back
        q = scales[0].qualified
        self.s.conds.append(Cond(q, "!=" if self.neg else "=", int(value)))
        self.s.mentioned += [q] if q not in self.s.mentioned else []
        self.neg = False
        return True

    def column_value(self, k: int, m: Mention) -> bool:
        """ "rating 5", "store id 2": a value of the column named just before."""
        value = m.number
        assert value is not None
        prev = self.s.bare[-1] if self.s.bare else None
        if prev is None:
            return False
        c = self.col(prev)
        text = m.text if value != int(value) else str(int(value))
        hits = [v for v in c.values if str(v) == text]
        if hits:
            self.s.bare.pop()
            self.s.values.append((prev, hits[0], self.neg))
            self.neg = False
            return True
        # "satisfaction score of 10": the column's own word between its name and the number
        between = [x.text for x in self.m[self.col_at.get(prev, k) + 1 : k] if x.text not in c.words]
        exact = (
            c.role == Role.MEASURE
            and c.is_numeric
            and set(between) <= EQUAL_WORDS
            and (bool(between) or (c.dtype in ("BIGINT", "INTEGER") and value == int(value)))
        )
        if (
            exact
            or c.role in (Role.IDENTIFIER, Role.FOREIGN_KEY)
            or (c.role == Role.DIMENSION and c.is_numeric)
        ):
            self.s.bare.pop()
            self.s.conds.append(
                Cond(prev, "!=" if self.neg else "=", int(value) if value == int(value) else value)
            )
            self.neg = False
            return True
        return False

    def number_of_column(self, k: int, m: Mention) -> bool:
        """ "a zero balance", "students with 3 cards": the measure named next equals the number (0 of any
        amount; a whole number of a column that counts things). A restated condition ("paid off (zero
        balance)") is said once."""
        value = m.number
        nxt = self.m[k + 1]
        columns = {x.key for x in nxt.of("column")} or {x.key for x in nxt.of("colword")}
        if len(columns) > 1 and nxt.text in COUNT_UNITS:  # "1 unit" of units_sold beside a unit_price
            columns = set(self.quantities_first(sorted(map(str, columns))))
        if value is None or len(columns) != 1 or self.pending_cmp is not None:
            return False
        q = next(iter(columns))
        c = self.col(q)
        if not (c.role == Role.MEASURE and c.is_numeric) or self.group_mode:
            return False
        if value != 0 and not (
            value == int(value)
            and (self.none_is_zero(c) or self.small_scale(c, k, value) or self.one_score(c, k, value))
        ):
            return False
        stored = int(value) if value == int(value) else value
        if (q, stored, self.neg) not in self.s.values:
            self.s.values.append((q, stored, self.neg))
            self.s.value_at[q] = k
        self.neg = False
        self.consumed = k + 1
        self.value_eq = (q, stored, k + 1)
        if q not in self.s.mentioned:
            self.s.mentioned.append(q)
        return True

    def value_trailing(self, k: int, m: Mention) -> bool:
        """ "3 units or more", "2 children or fewer": a comparison said right after a number and the column
        it was read as makes that equality a bound."""
        if m.text not in TRAILING_CMP or self.value_eq is None:
            return False
        q, value, at = self.value_eq
        if at != k - 1 or (q, value, False) not in self.s.values:
            return False
        self.s.values.remove((q, value, False))
        self.value_eq = None
        self.finish_cmp(q, m.of("cmp")[0].key, None, value)
        return True

    def one_score(self, c: Col, k: int, value: float) -> bool:
        """ "an 850 credit score": a whole number said with an article before a score's name, within the
        score's range, is that score (never a count of anything)."""
        before = [x.text for x in self.m[max(0, k - 2) : k]]
        lo, hi = c.minimum, c.maximum
        if not (before and before[-1] in ("a", "an", "perfect") and ("a" in before or "an" in before)):
            return False
        in_range = isinstance(lo, int | float) and isinstance(hi, int | float) and lo <= value <= hi
        if "perfect" in before and value != hi:
            return False  # "a perfect 9" where the scale tops at 10: never silently the 9
        return in_range and c.dtype.upper() in INTEGER_TYPES and "score" in c.words

    def small_scale(self, c: Col, k: int, value: float) -> bool:
        """ "a 10 satisfaction score", "a perfect 10 score": a whole number within a small whole-number
        scale (at most SMALL_COUNT_VALUES values) is that value; "perfect" (words.yaml top_marks) before it
        only where it is the scale's top, said in the interpretation."""
        if c.dtype.upper() not in INTEGER_TYPES or not 0 < c.distinct <= SMALL_COUNT_VALUES:
            return False
        if not isinstance(c.maximum, int | float) or not isinstance(c.minimum, int | float):
            return False
        if not c.minimum <= value <= c.maximum:
            return False
        prev = self.m[k - 1] if k else None
        if prev is not None and (prev.text,) in word_classes()["top_marks"]:
            if value != c.maximum or prev.text not in self.unused:
                return False
            self.unused.remove(prev.text)
            self.s.notes.append(f"'{prev.text} {value:g}' is the highest {c.label}, {value:g}")
        return True

    def state_on_date(self) -> None:
        """ "campaigns live on 1 January": a state held from a start to an end date, never the records
        starting that day: the records named whose table has one start and one end date
        (nlq.schema.interval_dates) started on or before the period's last day and end on or after its
        first (or have no end); elsewhere the words are left unexplained (declined naming them)."""
        states = word_classes()["state_before_date"]
        for j, (prev, m) in enumerate(zip(self.m, self.m[1:], strict=False)):
            if m.time is None or tuple(prev.text.split()) not in states:
                continue
            pair = self.named_interval()
            r = m.time.range
            if pair is None or r is None:
                self.unused.append(f"{prev.text} {m.text}")
                continue
            start, end = pair
            open_end = self.col(end).nulls != 0
            self.s.conds += [Cond(start, "<", r.end), Cond(end, ">=_or_null" if open_end else ">=", r.start)]
            self.s.mentioned += [q for q in pair if q not in self.s.mentioned]
            self.skip.update((j, j + 1))
            a, b = (self.col(q).label for q in pair)
            self.s.notes.append(f"'{prev.text} {m.text}' read as {a} on or before and {b} on or after it")

    def named_interval(self) -> tuple[str, str] | None:
        """The start and end dates of the one table named by the question's record words that has
        them (or of the one table in the data that has them, when no records are named)."""
        named = {s.key for x in self.m for s in x.of("entity") if s.value is None}
        tables = sorted(named) if named else sorted(self.schema.tables)
        pairs = [p for t in tables if (p := interval_dates(self.schema, t)) is not None]
        return pairs[0] if len(pairs) == 1 else None

    def unread_words(self, k: int, m: Mention) -> bool:
        """Words whose meaning no reading carries (words.yaml `unread`): the question is declined naming
        them; "whose" only opens a question that way ("customers whose balance ..." is a plain link)."""
        if m.text == "whose" and k > 0:
            return True
        self.unused.append(m.text)
        return True

    def any_one_of(self, k: int, m: Mention) -> bool:
        """ "customers who responded to one of our food mailshots": "one of" before records is any of
        them (filler), never a number of them; not after a comparison ("more than one of ...")."""
        if m.text != "one" or k + 1 >= len(self.m) or self.m[k + 1].text.split()[0] != "of":
            return False
        # ("every one of their orders", "more than one of them" are not any)
        return self.pending_cmp is None and bool(k) and self.m[k - 1].kinds == {"stop"}

    def contact_verb(self, k: int, m: Mention) -> bool:
        """ "customers we can reach by email": a verb of contacting before "by"/"via"/"on" and a value of
        a column of contact channels only says how they are contacted; the value filters (words.yaml
        `contact_verbs`, `contact_columns`)."""
        if (m.text,) not in word_classes()["contact_verbs"]:
            return False
        j = k + 1
        if j >= len(self.m) or self.m[j].text not in ("by", "via", "on", "through", "over"):
            return False
        j += 1
        while j < len(self.m) and self.m[j].text in ("a", "an", "the", "their"):
            j += 1
        words = {w for p in word_classes()["contact_columns"] for w in p}
        values = self.m[j].of("value") if j < len(self.m) else []
        if not values or not all(
            words & (set(self.col(v.key).words) | set(phrase_tokens(self.col(v.key).table))) for v in values
        ):
            return False
        for before in ("can", "could"):
            if before in self.unused:
                self.unused.remove(before)
        return True

    def new_by_tenure(self, k: int, m: Mention) -> bool:
        """ "brand-new customers with a tenure of zero months": with no date of joining, "new" only
        describes records a tenure condition said in the same question picks out (words.yaml
        `newness`); alone it stays unexplained (how new is new?)."""
        if (m.text,) not in word_classes()["newness"]:
            return False
        bound = {b.target for b in self.schema.concepts if b.concept == "tenure"}
        later = self.m[k + 1 :]
        tenure = any(str(s.key) in bound for x in later for s in x.senses if s.kind in ("column", "colword"))
        if not tenure or not any(x.number is not None for x in later):
            return False
        if (
            k
            and self.m[k - 1].text in self.unused
            and (self.m[k - 1].text, m.text) in word_classes()["newness"]
        ):
            self.unused.remove(self.m[k - 1].text)  # "brand new"
        self.s.notes.append(f"'{m.text}' is read as the tenure said")
        return True

    def new_by_date(self, k: int, m: Mention) -> bool:
        """ "new tickets in October", "which days had the most new tickets": "new" of records with one date
        of their own, said with a period or a split by time, is when they were made (that date)."""
        if (m.text,) not in word_classes()["newness"]:
            return False
        timed = any(x.kinds & {"time", "grainword", "timecol"} for x in self.m)
        nxt = next((x for x in self.m[k + 1 :] if x.has("entity")), None)
        owners = {s.key for s in nxt.of("entity") if not s.value} if nxt is not None else set()
        if not timed or len(owners) != 1:
            return False
        dates = self.schema.tables[owners.pop()].by_role(Role.TIME)
        if len(dates) != 1:
            return False
        self.s.notes.append(f"'{m.text}' read as made in the period said ({dates[0].name})")
        return True

    def unused_word(self, k: int, m: Mention) -> bool:
        """Nothing read it: the word stays unexplained (the question is declined naming it)."""
        self.unused.append(m.text)
        return True

    def glossed_number(self, k: int, m: Mention) -> bool:
        """ "the lowest satisfaction score (1)": the number names the extreme (see `glossed_extreme`)."""
        return m.number is not None and self.glossed_extreme(k, m.number)

    def glossed_extreme(self, k: int, value: float) -> bool:
        """ "how many gave the lowest satisfaction score (1)": the extreme is named by its value, so the
        rows counted are those with that value (only when something else is the figure: a count, a rate)."""
        if not self.s.measures or not (self.s.count or self.s.rate_at):
            return False
        measure, superlative = self.s.measures[-1]
        if measure.agg not in ("min", "max") or measure.column is None or value != int(value):
            return False
        before = next((x for x in reversed(self.m[:k]) if x.kinds - {"stop"}), None)
        if before is None or not any(s.key == measure.column for s in before.senses):
            return False
        self.s.measures.pop()
        self.s.conds.append(Cond(measure.column, "=", int(value)))
        return True

    def row_against(self, q: str) -> bool:
        """ "products with stock below their reorder level": a number compared with another number of
        the same row, counted in the same unit (never a date or an id)."""
        p = self.pending_cmp
        if p is not None and len(p) == 3 and p[1] is None and p[2] is None:
            p[1] = self.implied_left(q)  # "customers over their credit limit": the balance, implied
        if p is None or len(p) != 3 or p[1] is None or p[1] == q or p[2] is not None or p[0] not in CMP_ORDER:
            return False
        a, b = self.col(p[1]), self.col(q)
        units = {a.unit, b.unit}
        same = a.table == b.table and a.money == b.money and (len(units) == 1 or units == {None, "count"})
        if not (same and a.is_numeric and b.is_numeric and Role.MEASURE in (a.role, b.role)):
            return False
        if b.role not in (Role.MEASURE, Role.DIMENSION) or a.role not in (Role.MEASURE, Role.DIMENSION):
            return False
        self.finish_cmp(p[1], p[0], None, Figure("", q, self.cmp_times or 1))
        self.cmp_times = None
        if q in self.s.bare:
            self.s.bare.remove(q)
        if q not in self.s.mentioned:
            self.s.mentioned.append(q)
        return True

    def implied_left(self, q: str) -> str | None:
        """The amount a comparison with another amount of the row is of, when none was named before it:
        the one a pay verb before it names ("paid less than their minimum payment"), the balance held
        against a limit ("over their credit limit"), else the one money column of the row a word of the
        question names ("transactions bigger than the account balance": the transaction amount)."""
        b = self.col(q)
        if not b.money:
            # "items below their reorder level": the units in stock, the one held quantity of the row
            held = [
                c
                for c in self.schema.tables[b.table].columns.values()
                if (b.is_level or set(b.words) & THRESHOLD_WORDS)
                and c.qualified != q
                and c.role == Role.MEASURE
                and c.is_numeric
                and not c.money
                and c.formula is None
                and c.difference is None
                and set(c.words) & HELD_WORDS
                and not set(c.words) & (LEVEL_WORDS | THRESHOLD_WORDS | RATE_NAME_WORDS)
            ]
            return held[0].qualified if len(held) == 1 else None
        money = [c for c in self.schema.tables[b.table].columns.values() if c.money and c.qualified != q]
        paid = {str(v.key) for x in self.m[: self.cmp_at] for v in x.of("payverb")} & {
            c.qualified for c in money
        }
        if len(paid) == 1:
            return paid.pop()
        held = [c for c in money if b.is_level and set(c.words) & {"balance", "debt"}]
        if len(held) == 1:
            return held[0].qualified
        said = self.money_said([c for c in money if not c.is_level])
        return said[0].qualified if len(said) == 1 else None

    def finish_cmp(self, column: str, op: str, first: Any, value: Any) -> None:
        c = self.col(column)
        if not c.is_numeric and op != "=" and op != "!=" and self.coded_cmp(c, op, first, value):
            return
        if not c.is_numeric and op != "=" and op != "!=":
            raise Decline("clarify", f"{c.name} is not a number, so I can't compare it with {value}.")
        if column in self.s.bare:
            self.s.bare.remove(column)
        if column not in self.s.mentioned:
            self.s.mentioned.append(column)
        first, value = self.thousands(c, first), self.thousands(c, value)
        if op == "between":
            if first is None or value is None:
                raise Decline("clarify", "Between which two numbers?")
            lo, hi = sorted((first, value))
            cond = Cond(column, "between", lo, hi)
        else:
            if self.neg and self.none_of_theirs(column, op, value):
                self.neg, self.pending_cmp = False, None
                return
            if self.neg:
                op = {">": "<=", ">=": "<", "<": ">=", "<=": ">", "=": "!=", "!=": "="}[op]
                self.neg = False
            cond = Cond(column, op, value)
        if cond not in self.s.conds:  # "more than five years (over 60 months)": one condition said twice
            self.s.conds.append(cond)
        self.pending_cmp = None

    def none_of_theirs(self, column: str, op: str, value: Any) -> bool:
        """ "customers who have never given a rating below 3": a comparison negated on the many records of
        each one (jobs pointing at customers) keeps those with no such record, never those with some record
        on the other side."""
        e, child = self.s.entity, self.col(column).table
        if e is None or e.value or child == e.key:
            return False
        if not any(r.table == child and r.ref_table == e.key for r in self.schema.relations):
            return False
        other = Sense("entity", child)
        self.s.entities.append(other)
        self.s.neg_entities.append(other)
        self.s.neg_conds.append(Cond(column, op, value))
        if column in self.s.bare:
            self.s.bare.remove(column)
        return True

    def coded_cmp(self, c: Col, op: str, first: Any, value: Any) -> bool:
        """ "more than 1000 in savings" on a category of coded ranges (below_100 .. above_1000): the
        ranges wholly on the asked side (nlq.coderanges); one straddling the number is asked back."""
        read = coderanges.spans(c.values)
        numbers = [x for x in (first, value) if x is not None]
        if read is None or not numbers or not all(isinstance(x, int | float) for x in numbers):
            return False
        if self.neg and op != "between":
            op = {">": "<=", ">=": "<", "<": ">=", "<=": ">"}[op]
            self.neg = False
        if op == "between" and (first is None or value is None):
            raise Decline("clarify", "Between which two numbers?")
        a, b = sorted((first, value)) if op == "between" else (value, None)
        said = f"between {a:g} and {b:g}" if b is not None else f"{CMP_SAID[op]} {a:g}"
        ranges = ", ".join(str(s.value) for s in read[0])
        try:
            chosen = coderanges.selected(c.values, op, a, b)
        except coderanges.Straddles as e:
            raise Decline(
                "clarify",
                f"{c.label} holds coded ranges ({ranges}), and {e.value} lies on both sides of {said}, "
                "so I can't tell which of its rows are; please ask with one of the ranges' ends.",
            ) from None
        if not chosen:
            raise Decline("clarify", f"None of the coded ranges of {c.label} ({ranges}) lies wholly {said}.")
        if read[1] and coderanges.lowest(read[0]).value in chosen:
            # "employed for less than 1 year" beside `unemployed`: none, or the lowest of all?
            others = ", ".join(map(str, read[1]))
            raise Decline(
                "clarify",
                f"{c.label} holds coded ranges ({ranges}) and {others}, which names no range: I can't tell "
                f"whether {others} is {said}; please name the values to count.",
            )
        if c.qualified in self.s.bare:
            self.s.bare.remove(c.qualified)
        if c.qualified not in self.s.mentioned:
            self.s.mentioned.append(c.qualified)
        left = f" ({', '.join(str(v) for v in read[1])}: no range, left out)" if read[1] else ""
        self.s.notes.append(f"{c.label} holds coded ranges: {said} is {', '.join(map(str, chosen))}{left}")
        cond = Cond(c.qualified, "in", chosen)
        if cond not in self.s.conds:
            self.s.conds.append(cond)
            self.s.ranged.append(cond)
        self.pending_cmp = None
        return True

    def concepts_of(self, q: str) -> set[str]:
        return {b.concept for b in self.schema.concepts if b.target == q}

    def thousands(self, c: Col, value: Any) -> Any:
        """ "earn more than $200k" where wages run from 20 to 318: the column holds thousands (by custom,
        nlq/grammar/units.yaml), so the amount is read as 200; said in the interpretation."""
        if not isinstance(value, int | float) or isinstance(value, bool):
            return value
        if named_in_thousands(c.words) and value >= 1000:
            # "sales_thousands": the name says the column holds thousands
            scaled = int(value / 1000) if value % 1000 == 0 else value / 1000
            note = f"{c.label} is in thousands (its name says so), so {value:,.0f} is read as {scaled:,}"
            if note not in self.s.notes:
                self.s.notes.append(note)
            return scaled
        if not in_thousands(self.concepts_of(c.qualified), c.maximum, value):
            top = c.maximum
            if isinstance(top, int | float) and not isinstance(top, bool) and 0 < top * FAR_ABOVE < value:
                # "a mortgage above 300K" where mortgages run to 635 (thousands, unstated): asked, never
                # an empty answer from a unit the column is not in
                raise Decline(
                    "clarify",
                    f"{c.label} runs up to {top:,.2f}, so I can't tell how {value:,.0f} compares with it; "
                    "in what unit is it?",
                )
            return value
        scaled = value / 1000
        scaled = int(scaled) if scaled == int(scaled) else scaled
        low = c.minimum if isinstance(c.minimum, int | float) else 0
        if not low <= scaled <= c.maximum:
            # "earn more than $50k" where an hourly wage runs from 5 to 45: no unit makes it fit
            raise Decline(
                "clarify",
                f"{c.label} runs from {low:,.2f} to {c.maximum:,.2f}, so I can't tell how {value:,.0f} "
                f"compares with it; in what unit is it?",
            )
        note = (
            f"{c.label} is taken to be in thousands (its largest value is {c.maximum:,.0f}), "
            f"so {value:,.0f} is read as {scaled:,}"
        )
        if note not in self.s.notes:
            self.s.notes.append(note)
        return scaled

    def note_cmp_word(self, k: int, m: Mention) -> bool:
        """Remember the comparison's words ("older than" says an age); never claims the mention."""
        self.cmp_word = tuple(m.text.split())
        return False

    def number_alternative(self, k: int, m: Mention) -> bool:
        """ "a satisfaction score of 1 or 2": the number before "or" made a column equal it; now either."""
        return self.either(self.m[k - 2].number, m.number, ranged=True)

    def either(self, before: Any, number: Any, ranged: bool) -> bool:
        """The last condition, an equality with `before`, widened to `number` too (one filter when
        `ranged`: never a split by the values)."""
        last = self.s.conds[-1] if self.s.conds else None
        if last is None or before is None or number is None:
            return False
        number = int(number) if float(number).is_integer() else number
        if last.op == "=" and last.value == before:
            either = Cond(last.column, "in", [last.value, number])
        elif last.op == "in" and isinstance(last.value, list) and before in last.value:
            either = Cond(last.column, "in", [*last.value, number])
        else:
            return False
        self.s.ranged = [x for x in self.s.ranged if x != last] + ([either] if ranged else [])
        self.s.conds[-1] = either
        return True

    def listed_codes(self, k: int, m: Mention) -> bool:
        """ "sales channels 26, 124 and 152", "regions 3 8": numbers listed after a code of a category
        (the first made the column equal it) are more of its codes; compared, each is a group."""
        last = self.s.conds[-1] if self.s.conds else None
        if last is None or self.col(last.column).role != Role.DIMENSION:
            return False
        before = self.m[k - 1].number if self.m[k - 1].number is not None else self.m[k - 2].number
        return self.either(before, m.number, ranged=False)

    def stars_trailing(self, k: int, m: Mention) -> bool:
        """ "2 stars or lower": the number said before its unit, taken as rating = 2; now a bound."""
        if m.text not in TRAILING_CMP:
            return False
        op = m.of("cmp")[0].key
        num = self.m[k - 2].number
        last = self.s.conds[-1] if self.s.conds else None
        if num is not None and last is not None and last.op == "=" and last.value == num:
            self.s.conds.pop()
            self.finish_cmp(last.column, op, None, last.value)
            return True
        return False

    def number_trailing(self, k: int, m: Mention) -> bool:
        """ "5 or more cards": the number came first; undo what it was taken for."""
        if m.text not in TRAILING_CMP:
            return False
        op = m.of("cmp")[0].key
        prev = self.m[k - 1]
        value = prev.number
        assert value is not None
        if self.s.limit == int(value):
            self.s.limit = None
            self.pending_cmp = [op, None, value]
            return True
        if self.s.conds and self.s.conds[-1].op == "=" and self.s.conds[-1].value == value:
            last = self.s.conds.pop()
            self.finish_cmp(last.column, op, None, value)
            return True
        if prev.text in self.unused:
            self.unused.remove(prev.text)
            self.pending_cmp = [op, None, value]
            return True
        return False

    def percent_trailing(self, k: int, m: Mention) -> bool:
        """ "a discount of 50% or more": a comparison after a number and its percent (read as a unit,
        `percent_of_number`) bounds that number's equality."""
        if m.text not in TRAILING_CMP or k < 2 or self.m[k - 1].text not in PERCENT_WORDS:
            return False
        if self.m[k - 2].number is None or not self.s.conds or self.s.conds[-1].op != "=":
            return False
        last = self.s.conds.pop()
        self.finish_cmp(last.column, m.of("cmp")[0].key, None, last.value)
        return True

    def open_cmp(self, k: int, m: Mention) -> bool:
        """ "more than ...": a comparison waiting for its number (and column, if none was named)."""
        self.cmp_on_figure = self.after_figure(k)
        self.cmp_had = k > 0 and self.m[k - 1].text in ("have", "has", "had", "having")
        target = None if self.cmp_on_figure else self.numeric_target()
        if target is not None and self.people_before(k, target):
            self.cmp_on_figure = True  # no column: the comparison is of the people, not the count
            target = None  # "policyholders under 25": the people's age, never a count of them under 25
        self.pending_cmp = [m.of("cmp")[0].key, target, None]
        self.cmp_at = k
        return True

    def rows_named(self, said: str, table: str, column: Col | None = None) -> bool:
        """Whether the words name the table's own rows by an entity concept bound to it ("purchases" of a
        log of purchases), though a column is also so named (Purchase, the amount of each)."""
        bound = (concept(n) for n in self.concepts_of(table))
        t = self.schema.tables[table]
        own = {singular(w) for n in (t.name, t.entity, t.entity_singular) for w in phrase_tokens(n)}
        others = {w for o in own for p in word_classes()["entity_synonyms"].get(o, ()) for w in p}
        if column is not None and singular(said) in {singular(w) for w in column.words} - own:
            others = set()  # "share of sales" beside TOT_SALES of transactions: the column's own name wins
        return singular(said) in own | others or any(
            c is not None and c.kind == "entities" and {said, plural(said)} & set(c.words) for c in bound
        )  # ("how many sales" of a table of sales with a money column: the sales themselves)

    def counts_records(self, q: str) -> bool:
        """Whether the column is bound to a concept whose name, counted, counts the records."""
        return any(c is not None and c.counts_records for c in map(concept, self.concepts_of(q)))

    def named_right_before(self, column: str) -> bool:
        """The comparison pending was opened right after its column was named ("with age over 30 spent"):
        a column after its number is another one ("spent"), never the one compared."""
        at = self.cmp_at - 1  # right before: "districts with more than 500 holders" compares the holders
        return at >= 0 and any(x.kind in ("column", "colword") and x.key == column for x in self.m[at].senses)

    def measure_named(self, j: int) -> str | None:
        """The one numeric measure column mention j names and nothing else ("holders", "units"), else None."""
        said = self.m[j] if 0 <= j < len(self.m) else None
        if said is None or said.kinds != {"column"}:
            return None
        cols = [self.col(str(x.key)) for x in said.of("column")]
        if len(cols) != 1 or not cols[0].is_numeric or cols[0].role != Role.MEASURE:
            return None
        return cols[0].qualified

    def numeric_after(self, k: int) -> str | None:
        """The one plain numeric column the mention after k names ("more than 500 holders"), else None."""
        return self.measure_named(k + 1)

    def people_before(self, k: int, q: str) -> bool:
        """The comparison at k follows, right after, a count of people named by its people word
        ("policyholders under 25"): the number is about each person, not how many there are."""
        c = self.col(q)
        people = {w for p in word_classes()["people"] for w in p} | {"holders", "holder"}
        prev = self.m[k - 1] if k else None
        if prev is None:
            return False
        said = any(x.kind == "column" and x.key == q for x in prev.senses)
        return (
            said
            and c.role == Role.MEASURE
            and bool(c.words)
            and c.words[-1] in people
            and prev.text.endswith("s")
        )

    def after_figure(self, k: int) -> bool:
        """ "with total sales above ...": the comparison follows a column named with an aggregation, so it
        is about that figure (of a group), never each row's value."""
        j = k - 1
        while j >= 0 and self.m[j].kinds <= {"stop"}:
            j -= 1
        if j < 1 or not self.m[j].has("column"):
            return False
        i = j - 1
        while i >= 0 and self.m[i].kinds <= {"stop"}:
            i -= 1
        return i >= 0 and any(x.kind == "agg" and x.key in HAVING_AGGS for x in self.m[i].senses)

    def value_after_value(self, k: int, m: Mention, columns: list[str]) -> None:
        """ "rock music" where Rock is a genre and "Music" a playlist's name: one word right after a value
        of another table reads as the noun the value describes as much as a second condition; asked back,
        never two conditions silently."""
        prev = self.m[k - 1] if k else None
        if prev is None or len(m.text.split()) != 1 or not prev.has("value") or m.kinds != {"value"}:
            return
        before = {str(s.key).split(".", 1)[0] for s in prev.of("value")}
        if before & {c.split(".", 1)[0] for c in columns}:
            return  # "Premium Gold": two values of one table's rows
        if not any(str(s.value).casefold() == m.text for s in m.of("value")):
            return  # a value said in another form ("edwards" for Edward) is no noun of the one before
        c = self.col(columns[0])
        said = f"{self.schema.tables[c.table].entity_singular} {c.label}"
        raise Decline(
            "clarify",
            f"'{prev.text} {m.text}': is '{m.text}' the {said} '{m.of('value')[0].value}', or only a word for "
            f"what {prev.text} is? Please ask without it, or name the {said}.",
        )

    def no_value_here(self, k: int, m: Mention) -> bool:
        """A word read as a stored value that is none here: a word standing in the next column's name
        ("their busiest ad day" of `most ads day` beside a test group 'ad'), or the value said in the
        plural after a possessive ("most of their ads": things they have)."""
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        next_columns = [
            self.col(str(x.key)) for x in (nxt.senses if nxt else ()) if x.kind in ("column", "colword")
        ]
        said = {m.text, plural(m.text), singular(m.text)}
        after = {singular(w) for w in (nxt.text.split()[:1] if nxt else ())}
        if any(
            a in said and singular(b) in after
            for c in next_columns
            if "." in c.qualified
            for a, b in zip(c.words, c.words[1:], strict=False)
        ):
            return True
        plural_of_value = m.text.endswith("s") and all(str(x.value).lower() != m.text for x in m.of("value"))
        return bool(k) and self.m[k - 1].text in ("their", "its", "his", "her") and plural_of_value

    def on_value(self, k: int, m: Mention) -> None:
        if self.both:
            raise Decline(
                "clarify", f"With and without {m.text}: please ask for each side, or split by its column."
            )
        if self.no_value_here(k, m):
            self.unused.append(m.text)
            return
        if self.negation_is_value(k, m):
            return
        senses = m.of("value")
        columns = sorted({s.key for s in senses})
        if self.flag_over_value(k, m, senses):
            return
        self.value_after_value(k, m, columns)
        if self.pending_cmp is not None and self.pending_cmp[0] == "between" and self.pending_cmp[2] is None:
            self.pending_cmp = None
            self.s.versus = True
        if len(columns) > 1:
            # "no internet service": the column whose own words are in the phrase wins
            words = set(m.text.split())
            named = [s for s in senses if set(self.col(s.key).words) <= words]
            if len({s.key for s in named}) == 1:
                senses, columns = named, [named[0].key]
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        if len(columns) > 1 and nxt is not None:
            # "a Partner order": the value of the records named right after it
            own = {e.key for e in nxt.of("entity") if not e.value}
            named = [s for s in senses if s.key.split(".", 1)[0] in own]
            if len({s.key for s in named}) == 1:
                senses, columns = named, [named[0].key]
        if len(columns) > 1:
            self.s.values.append(("?" + m.text, senses, self.neg))
        else:
            held = list(dict.fromkeys(s.value for s in senses))
            if len(held) > 1 and names_things(self.col(columns[0])):
                # "Echo Show reviews" of two product names holding it (nlq.lookup): any of them
                for value in held:
                    self.s.values.append((columns[0], value, self.neg))
                self.s.value_at.setdefault(columns[0], k)
                self.s.pooled.append(columns[0])
                return
            if len(held) > 1:
                # "other" where a column holds "1. Other" and "9. Other": never one of them silently
                names = ", ".join(str(v) for v in held)
                raise Decline(
                    "clarify",
                    f"'{m.text}' is several values of {self.col(columns[0]).name} ({names}); which one?",
                )
            q, value = senses[0].key, senses[0].value
            if self.made_in_period(m, q, value):
                # "tickets opened this month" of a status 'Open': created then, whatever their status
                self.s.notes.append(
                    f"'{m.text}' read as when they were made, not as {self.col(q).name} {value}"
                )
                return
            event = self.event_column(q, value)
            if event is not None:
                q, value = event
            owned = self.own_kind_of_column(k, m, q, value)
            if owned is not None:
                q, value = owned
            self.value_of_records_named_next(k, m, q)
            if self.negated_record(k, q, value):
                return
            if self.s.bare and self.s.bare[-1] == q and self.col_at.get(q) == k - 1:
                self.s.bare.pop()  # "channel web": the column word only names the value's column
            if self.said_again(k, q):
                self.s.versus = True  # "for men and for women": the preposition said again, one figure each
            if value in self.col(q).items or isinstance(value, Contained):
                # "films with behind the scenes as a special feature": the item is in the row's list;
                # "Sony products": the names holding the brand
                self.s.conds.append(Cond(q, "not_contains" if self.neg else "contains", value))
                self.s.mentioned += [q] if q not in self.s.mentioned else []
                self.neg = False
                return
            if self.counted_of_them(k):
                # "how many tickets ... this month, and how many of them are still open": both counts
                self.s.value_counts.append((q, value, self.neg))
                self.neg = False
                return
            self.s.values += [(q, v, self.neg) for v in self.values_between(k, q, value)]
            self.s.values.append((q, value, self.neg))
            self.s.value_at[q] = k
        if self.next_is_entity(k):
            self.s.qualifiers.append(k)
        self.neg = self.neg and self.denied_or_next(k)

    def made_in_period(self, m: Mention, q: str, value: Any) -> bool:
        """A status said as the verb of its records' making ("opened" of 'Open') with a period said: when
        they were made (their date), never their status now."""
        said = m.text.strip().lower()
        stored = str(value).strip().lower()
        table = self.schema.tables[q.split(".", 1)[0]]
        if said not in (f"{stored}ed", f"{stored}d") or " " in stored or said in FINISHED_STATES:
            return False  # "completed items in 2024": items whose status is Complete, dated in 2024
        k = self.index(m)
        later = self.m[k + 1 : k + 5] if k >= 0 else []
        counted = any(x.has("cmp") for x in later) and any(
            s.key == table.name for x in later for s in x.of("entity")
        )  # "customers who opened more than one ticket": the tickets they made
        return counted or (any(x.has("time") for x in self.m) and bool(table.by_role(Role.TIME)))

    def counted_of_them(self, k: int) -> bool:
        """A value said after "and how many of them (are still)" once records were counted: how many of the
        records counted are so, beside them all."""
        j = k - 1
        while j >= 0 and not self.m[j].kinds - {"stop"} and self.m[j].text not in ("and", "or"):
            j -= 1  # "are", "still", "were"
        return (
            j >= 2
            and self.m[j].has("anaphora")
            and self.m[j - 1].has("count")
            and self.m[j - 2].text == "and"
            and self.s.count
            and self.s.entity is not None
            and not self.s.entity.value
        )

    def negation_is_value(self, k: int, m: Mention) -> bool:
        """ "people who never go to bars" where a column named Bar holds how often ('never', 'less1',
        '1~3'): the negation word is that column's stored value, never a denial of the value 'Bar' of
        another column."""
        if not self.neg or self.neg_at is None or not self.negated_here(k):
            return False
        said = self.m[self.neg_at].text
        words = tuple(singular(w) for w in m.text.split())
        found = [
            (c.qualified, v)
            for t in self.schema.tables.values()
            for c in t.columns.values()
            if tuple(singular(w) for w in c.words) == words
            for v in c.values
            if isinstance(v, str) and v.lower() == said
        ]
        if len(found) != 1:
            return False
        self.s.conds.append(Cond(found[0][0], "=", found[0][1]))
        self.s.mentioned.append(found[0][0])
        self.neg = False
        return True

    def values_between(self, k: int, q: str, value: Any) -> list[Any]:
        """ "Cat_1 to Cat_7", "segments A through C": the stored values after the value of the same
        column said before "to" and before this one, in their natural order (Cat_2 .. Cat_6)."""
        c = self.col(q)
        letter_a = next((v for v in c.values if str(v).strip().lower() == "a"), None)
        if (
            k >= 2
            and self.m[k - 1].text in RANGE_JOINERS
            and self.m[k - 2].text == "a"
            and letter_a is not None
        ):
            # "grades from A to C": the one-letter value A, never the article
            self.s.values.append((q, letter_a, self.neg))
            self.s.value_at[q] = k - 2
        if k < 2 or self.m[k - 1].text not in RANGE_JOINERS or self.s.value_at.get(str(q)) != k - 2:
            return []
        calendar = {v.lower(): i for i, v in enumerate(c.calendar_order)}
        if calendar and all(str(v).lower() in calendar for v in c.values):
            values = sorted(c.values, key=lambda v: calendar[str(v).lower()])  # "January to May": in months
        else:
            values = sorted(c.values, key=natural_key)
        first = next((v for x, v, _ in reversed(self.s.values) if x == q), None)
        if first not in values or value not in values:
            return []
        lo, hi = values.index(first), values.index(value)
        return values[lo + 1 : hi] if lo < hi else []

    def denied_or_next(self, k: int) -> bool:
        """ "no co-applicant or guarantor": after a denied value, "or"/"nor" and another value of the same
        column deny that one too (neither), never only the first; so does "and" ("excluding Auto and
        Bike": a row holds one value, so "not Auto and Bike" can only mean neither)."""
        own = {str(x.key) for x in self.m[k].senses if x.kind == "value"}
        listed = k + 1 < len(self.m) and own & {str(x.key) for x in self.m[k + 1].senses if x.kind == "value"}
        excluding = self.neg_at is not None and self.m[self.neg_at].text in EXCLUDING_WORDS
        if listed and excluding:  # "excluding Auto, Bike and Mini": the comma left out between two values
            self.neg_at = k
            return True
        if k + 2 >= len(self.m) or self.m[k + 1].text not in ("or", "nor", "and", ","):
            return False
        after = {str(x.key) for x in self.m[k + 2].senses if x.kind == "value"}
        if own & after:
            self.neg_at = k + 1
            return True
        return False

    def said_again(self, k: int, q: str) -> bool:
        """The word before an earlier value of the column is said again, after "and", before this one
        ("for men and for women", "in France and in Spain")."""
        before = self.s.value_at.get(q)
        if not before or k < 1:
            return False
        words = [w for x in self.m[max(0, k - 2) : k] for w in x.text.split()]
        first = self.m[before - 1].text.split()[-1]
        return len(words) >= 2 and words[-2:] == ["and", first] and (first,) in word_classes()["stop"]

    def event_column(self, q: str, value: Any) -> tuple[str, Any] | None:
        """ "orders shipped to the USA": the records' own column of that kind named after the event
        the verb names (ShipCountry beside ShippedDate), when it holds the value; else None."""

        e, when = self.s.entity, self.s.time_col
        if not (self.s.event and when and e is not None and not e.value and when.split(".", 1)[0] == e.key):
            return None
        word = self.col(q).words[-1:]
        said = set(self.col(when).words) | {w for x in self.m for w in x.text.split()}  # "billed": billing
        own = [
            c
            for c in self.schema.tables[e.key].columns.values()
            if c.words[-1:] == word
            and c.qualified != q
            and any(
                w in said
                or set(event_forms(w)) & said
                or any(len(commonprefix([w, x])) >= ROOT for x in said)
                for w in c.words[:-1]
            )  # "shipped to" for ShipCountry, "billed to" for BillingCountry
        ]
        if len(own) != 1:
            return None
        hits = [v for v in own[0].values if str(v).casefold() == str(value).casefold()]
        if len(hits) != 1:
            return None
        self.s.event, self.s.time_col = False, None  # the verb named the column ("shipped to")
        return own[0].qualified, hits[0]

    def value_of_records_named_next(self, k: int, m: Mention, q: str) -> None:
        """ "the unknown customer" where only the employees' names hold 'Unknown': a value said of the
        records named right after it that cannot be theirs (no table on the way from them to the
        value's), declined naming both, never a filter on the employees."""
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        table = q.split(".", 1)[0]
        own = [x.key for x in (nxt.of("entity") if nxt is not None else []) if not x.value]
        if not own or table in own or nxt is None or nxt.kinds - {"entity", "colword", "column"}:
            return
        if any(join_path(self.schema, e, table) or join_path(self.schema, table, e) for e in own):
            return  # "Jazz tracks": a track's genre
        if any(bridged_path(self.schema, e, table) or bridge(self.schema, e, table) for e in own):
            return  # "Horror films": a film's category through film_category
        raise Decline(
            "clarify",
            f"'{m.text}' is a {self.col(q).label} of {self.schema.tables[table].entity}, not of "
            f"{self.schema.tables[own[0]].entity}; I don't know it for {self.schema.tables[own[0]].entity}.",
        )

    def own_kind_of_column(self, k: int, m: Mention, q: str, value: Any) -> tuple[str, Any] | None:
        """ "orders shipped to the USA": the value is stored only in the customers' country, but the
        orders have a country of their own (ShipCountry); which one is meant cannot be told. Where the
        value's table is not linked to the records' own at all ("customers in France", the offices' France
        beside the customers' own), the records' own column holding it: (column, value); else None."""
        e = self.s.entity
        table, word = q.split(".", 1)[0], self.col(q).words[-1:] if self.col(q).words else ()
        if e is None or e.value or e.key == table or not word or word[0] in IDENTITY_WORDS:
            return None  # (a name or code names its own record: a customer's name is not an account's)
        if (word[0],) in word_classes()["vague_column_words"]:
            return (
                None  # "other account details" and "other transaction details" are no kind of value in common
            )
        same = [j for j, x in enumerate(self.m) if any(v.key == q for v in x.of("value"))]
        around = [x for j, x in enumerate(self.m) if x.kinds - {"stop"} and j not in same]
        before = next((x for x in reversed(around) if self.m.index(x) < k), None)
        after = next((x for x in around if self.m.index(x) > k), None)
        if before is not None and any(s.key == table for s in before.of("entity")):
            return None  # "orders from customers in Germany": the customers' country, as said
        if after is not None and any(s.key == table and not s.value for s in after.of("entity")):
            return None  # "customers with a VIP account": the accounts' value, as said
        own = [c.name for c in self.schema.tables[e.key].columns.values() if c.words[-1:] == word]
        held = [self.schema.tables[e.key].columns[n] for n in own]
        held = [c for c in held if any(str(v).casefold() == str(value).casefold() for v in c.values)]
        far = not any(
            r.table in (e.key, table) and r.ref_table in (e.key, table) for r in self.schema.relations
        )
        copied = len(held) == 1 and held[0].name == self.col(q).name  # LIFESTAGE copied onto purchases
        if len(held) == 1 and (far or copied):
            # "customers in France" where offices (reached only through the reps) are in France too:
            # the customers' own country, the one said of the records named
            return held[0].qualified, next(
                v for v in held[0].values if str(v).casefold() == str(value).casefold()
            )
        if own:
            raise Decline(
                "clarify",
                f"'{m.text}' is a {self.col(q).label} of {self.schema.tables[table].entity}; "
                f"{self.schema.tables[e.key].entity} have their own ({', '.join(own)}). Which one do you mean?",
            )
        return None

    def negated_record(self, k: int, q: str, value: Any) -> bool:
        """ "customers without a Web order": no such record at all (NOT IN the keys of the Web orders),
        not the records of another kind. Lists of other records' columns cannot say that safely."""
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        table = q.split(".", 1)[0]
        if not self.neg or nxt is None or not any(s.key == table and not s.value for s in nxt.of("entity")):
            return False
        before = {self.s.entity.key} if self.s.entity is not None else set()
        mentioned = {b.split(".", 1)[0] for b in self.s.mentioned}
        if (
            self.s.entity is not None
            and not self.s.entity.value
            and before - {table}
            and not mentioned - before
        ):
            # the value qualifies the other records; the negation stays for them
            self.s.neg_values.append((q, value))
            return True
        before |= mentioned
        if before - {table}:
            raise Decline(
                "clarify",
                f"Do you mean those that have no such {nxt.text} at all? I can't answer that safely; "
                f"please ask about the {nxt.text} themselves.",
            )
        return False

    def records_and_flagged(self, k: int) -> bool:
        """ "show sessions and purchases", "number of customers and churners": the records, then "and"
        and a yes/no word of them: how many there are, and how many of them are so."""
        if (
            k >= 3
            and self.m[k - 1].has("anaphora")
            and self.m[k - 2].has("count")
            and self.m[k - 3].text == "and"
            and self.s.count
            and self.s.entity is not None
            and not self.s.entity.value
        ):
            # "how many customers are in California, and how many of them left": "them" are the records
            # just counted, so both counts, never a reference to an earlier question
            self.s.anaphora = False
            return True
        if (
            k >= 3
            and self.m[k - 1].has("count")
            and self.m[k - 2].text == "and"
            and self.m[k - 3].has("entity")
            and self.s.count
            and self.s.entity is not None
            and not self.s.entity.value
        ):
            return True  # "the number of customers and how many bought insurance": both counts
        if k < 2 or self.m[k - 1].text != "and" or not (self.s.count or self.s.list_word):
            return False
        before = self.m[k - 2]
        return any(x.kind == "entity" and not x.value for x in before.senses) and self.s.entity is not None

    def on_flag(self, k: int, m: Mention) -> None:
        columns = sorted({s.key for s in m.of("flag")})
        if len(columns) > 1 and self.flags_named_after(k, m, columns):
            return
        copy = one_of_copies(self.schema, columns) or of_the_sales_table(self.schema, columns)
        columns = [copy] if copy is not None else columns  # 'Churn' Yes/No and churn_flag 1/0: either
        if len(columns) > 1:
            raise Decline("clarify", f"'{m.text}' could mean {' or '.join(columns)}; which one?")
        q = columns[0]
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        if self.group_mode and nxt is not None and "rate" in nxt.kinds:
            self.group_mode = False  # "by churn rate": the figure to rank by, not a group
        if self.group_mode or self.which:
            self.add_group(q) if self.group_mode else self.s.target.append(q)
            self.which = False
            return
        if self.neg and nxt is not None and nxt.text.split()[0] in RECORDED_WORDS and self.col(q).nulls:
            # "applications with no credit history recorded": the yes/no is missing, never false
            self.s.conds.append(Cond(q, "null"))
            self.skip.add(k + 1)
            self.neg = False
            return
        if self.pending_agg and self.pending_agg[0] in SUPERLATIVE:
            self.s.superlative = SUPERLATIVE[self.pending_agg[0]]
            self.pending_agg = None
        self.compound_flags(k, m, q)
        if self.both:
            self.both = False
            self.s.flags.append((q, not self.neg, k))  # and the other side: split by the flag
        negword = all(x.value == "neg" for x in m.of("flag"))
        said = [f[2] for f in self.s.flags if (f[0], f[1]) == (q, self.neg != negword)]
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        if (
            said
            and any(x.text == "and" for x in self.m[max(said) + 1 : k])
            and nxt is not None
            and nxt.has("rate")
        ):
            # "sessions, purchases and conversion rate": the yes/no counted, then its rate
            raise Decline("clarify", "That asks for a count and a rate; please ask for one at a time.")
        if said and not self.s.versus:
            # "responded to the last campaign": two names of one yes/no column, one condition
            self.neg = False
            return
        if self.records_and_flagged(k) or self.counted_of_them(k):
            # "sessions and purchases", "how many appointments, and how many of them were no-shows": two counts
            self.s.flag_counts.append((q, self.neg != negword))
            return
        grouped = [*self.s.target, *self.s.group]
        if self.s.target_entity is not None and self.s.target_entity.value:
            grouped.append(self.s.target_entity.value)
        if (
            self.neg
            and negword
            and self.neg_at is not None
            and self.m[self.neg_at].text in DENIAL_WORDS
            and any(not self.col(g.lstrip("@!")).unique for g in grouped if "." in g)
        ):
            # "which states never had a late response": none of a state's records late, never a state
            # with one timely record (the other side of the yes/no); asked, not guessed
            raise Decline(
                "unsupported",
                f"I can't yet find the groups none of whose records are {m.text}; ask e.g. '{m.text} by "
                f"{self.col(grouped[0].lstrip('@!')).label}' and look for zeros.",
            )
        self.s.flags.append((q, self.neg != negword, k))
        if self.next_is_entity(k):
            self.s.qualifiers.append(k)
        self.neg = False

    def flags_named_after(self, k: int, m: Mention, columns: list[str]) -> bool:
        """ "customers who stream both TV and movies": a yes/no word shared by several columns followed by
        words that each name one of them, joined by "and": every one named is true (all of them). Said
        with "or" or a negation, the question is left to be asked back."""
        own = set(m.text.split())
        picked: list[str] = []
        used: list[int] = []
        j = k + 1
        while j < len(self.m):
            x = self.m[j]
            if x.text in ("both", "and") and not x.kinds - {"stop"}:
                j += 1
                continue
            words = set(x.text.split()) - own
            hits = [q for q in columns if words and words <= set(self.col(q).words)]
            if len(hits) != 1 or hits[0] in picked:
                break
            picked.append(hits[0])
            used.append(j)
            j += 1
        if not picked or self.neg or self.group_mode or self.which:
            return False
        negword = any(x.value == "neg" for x in m.of("flag"))
        if negword:
            return False
        for q in picked:
            self.s.flags.append((q, False, k))
        self.skip.update(used)
        return True

    def compound_flags(self, k: int, m: Mention, q: str) -> None:
        """ "a housing loan": two yes/no words in a row where the second is a noun name one thing,
        not both flags; which column is meant cannot be told safely. ("churned senior customers" stacks
        adjectives and means both.)"""
        prev = self.m[k - 1] if k else None
        if prev is None or not self.s.flags or self.s.flags[-1][2] != k - 1 or self.s.flags[-1][0] == q:
            return
        lead = m.text.split()[0]
        if lead != m.text and (set(lemma_table(lead)) == {"VERB"} or lead in word_set("verbs_of_buying")):
            return  # "graduates bought insurance": the people, then what they did (both hold)
        if is_noun(m.text.split()[-1]):
            first = self.col(self.s.flags[-1][0]).label
            raise Decline(
                "clarify",
                f"'{prev.text} {m.text}': do you mean {first}, {self.col(q).label}, or both?",
            )

    def on_column(self, k: int, m: Mention) -> None:
        columns = sorted({s.key for s in m.of("column")})
        if len(columns) == 1 and self.scored_records(k, m, columns[0]):
            return
        if len(columns) == 1 and self.col(columns[0]).parts_sum and columns[0] in self.s.mentioned:
            return  # "total spending across all categories": the same total named again
        if len(columns) == 1 and self.rated_named(k, columns[0]):
            return
        if len(columns) == 1 and self.col(columns[0]).parts_sum:
            total = self.col(columns[0])
            columns = [
                *columns,
                *(f"{total.table}.{x}" for x in total.formula or ()),
            ]  # "total spend on wine"
        named = self.named_after(k, columns) if len(columns) > 1 else None
        if named is None and len(columns) > 1:
            named = self.qualified_before(k, columns)
        if named is not None:
            columns = [named]
        elif (
            len(columns) == 1
            and self.col(columns[0]).money
            and k
            and self.m[k - 1].text in self.unused
            and m.text not in ("value", "values")  # "lifetime value" is a customer's worth to come
        ):
            said = tuple(self.m[k - 1].text.split())
            if said in word_classes()["column_qualifiers"]["total"]:
                self.unused.remove(self.m[k - 1].text)  # "lifetime spend": all of it, the one money column
        compared = self.compared_own(k, columns)
        if compared is not None:
            columns = [compared]
        totals = [q for q in columns if self.col(q).parts_sum]
        if any(q in self.s.mentioned for q in columns):
            totals = []  # "wine spend": the part named before it
        if len(totals) == 1 and {
            f"{self.col(totals[0]).table}.{x}" for x in self.col(totals[0]).formula or ()
        } >= set(columns) - set(totals):
            columns = totals  # "spending" over MntWines, MntFruits, ... and their total: the total
        if len(columns) > 1:
            self.s.ambiguous.append((m.text, columns, self.role()))
            return
        if self.took_some(k, columns[0]):
            return
        if (
            k >= 3
            and self.m[k - 1].text in ("their", "its", "the")
            and self.m[k - 2].text == "of"
            and (self.m[k - 3].text == "most")
        ):
            # "the day users get most of their ads on": the greater part of them, no figure of the column
            raise Decline(
                "clarify",
                f"'most of {self.m[k - 1].text} {m.text}' is no figure I can compute; please ask for a count or a total.",
            )
        self.average_in_name(k, m, columns[0])
        self.use_column(columns[0], k, m)

    def counted_by_own_name(self, k: int, m: Mention, c: Col) -> bool:
        """ "how many orders", "number of orders by category" where a column is named exactly Orders (a
        count each row holds): those counts added up, never the rows counted."""
        whole = m.text == " ".join(c.words) and len(c.words) == 1 and singular(m.text) != m.text
        if not (whole and k and self.m[k - 1].has("count") and self.s.count and not self.s.measures):
            return False
        if k >= 2 and self.m[k - 2].text in ("each", "every", "per", "for each"):
            return False  # "how many clients hold each number of cards": a split by that count
        if c.role != Role.MEASURE or not c.is_numeric or c.money or c.unit not in (None, "count"):
            return False
        self.s.bare.append(c.qualified)  # summed as the thing counted (nlq.finish _default_figure)
        if self.pending_agg is not None and self.pending_agg[0] == "count":
            self.pending_agg = None
        self.s.mentioned.append(c.qualified)
        return True

    def took_some(self, k: int, q: str) -> bool:
        """ "customers who took a cash advance", "now only for those who made a payment": an amount said
        after an article and a verb is a condition, the amount above 0 (of a column holding zeros), also
        where the same amount is the figure asked ("the average cash advance of those who took a cash
        advance"); never "what is a cash advance", "a balance above 1000" (compared)."""
        c = self.col(q)
        if k < 2 or self.m[k - 1].text not in SOME_ARTICLES or self.m[k - 2].text.split()[-1] in NOT_TAKING:
            return False
        if self.m[k - 2].number is not None:
            # "cost more than $5 a box" of Cost_per_box: the unit of the price compared, never boxes above 0
            last = self.col(self.s.conds[-1].column).words if self.s.conds else ()
            units = {singular(last[i + 1]) for i in range(len(last) - 1) if last[i] == "per"}
            return bool(units & {singular(w) for w in c.words})
        if not (c.role == Role.MEASURE and c.is_numeric and _is_zero(c.minimum)) or self.pending_cmp:
            return False
        if self.pending_agg or self.m[k - 2].kinds & {"agg", "which", "rate", "count", "cmp", "negation"}:
            return False
        later = self.m[k + 1 : k + 3]
        if any(x.number is not None or x.kinds & {"cmp", "unit"} or x.text in ("of", "zero") for x in later):
            return False  # "a room price of zero", "a balance above 1000": the amount is compared
        self.s.conds.append(Cond(q, ">", 0))
        return True

    def average_in_name(self, k: int, m: Mention, q: str) -> None:
        """ "what's the average open-to-buy of customers who left" of Avg_Open_To_Buy: the column's own
        first word said as the only figure word is also the figure asked (their average), never a list
        of the records' values."""
        lead, own = m.text.split()[0], self.col(q).words[:1]
        averages = ("average", "avg", "mean")
        if (
            lead not in averages
            or own[:1] == ()
            or own[0] not in averages
            or self.pending_agg
            or self.s.measures
        ):
            return
        before = {w for x in self.m[:k] for w in x.text.split()}
        if any(x.kinds & {"agg", "count", "rate"} for x in self.m) or {"their", "list", "each"} & before:
            return  # "customers with their avg utilization ratio": the values listed
        self.which, self.pending_agg = False, ("avg", k)

    def compared_own(self, k: int, columns: list[str]) -> str | None:
        """ "products with a unit price above 50": of the columns a word could mean, the one of the
        records the question is about, when a comparison is on it (the records are filtered by it)."""
        e = self.s.entity or self.s.target_entity
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        cmp_near = (self.pending_cmp is not None and self.pending_cmp[1] is None) or (
            nxt is not None and nxt.has("cmp")
        )
        if e is None or e.value or not cmp_near or self.group_mode or self.pending_agg:
            return None
        own = [q for q in columns if q.split(".", 1)[0] == e.key]
        if not own and (self.m[k].text,) in word_classes()["price_verbs"]:
            own = [
                c.qualified for c in self.schema.tables[e.key].columns.values() if c.is_price and c.is_numeric
            ]
        return own[0] if len(own) == 1 else None

    def qualified_before(self, k: int, columns: list[str]) -> str | None:
        """ "monthly revenue", "lifetime spend": the word just before picks the one column whose name
        holds its key (words.yaml column_qualifiers); that word is then used up (never a grain)."""
        prev = self.m[k - 1] if k else None
        if prev is None:
            return None
        said = tuple(prev.text.split())
        keys = [key for key, phrases in word_classes()["column_qualifiers"].items() if said in phrases]
        picked = [q for q in columns if any(key in self.col(q).words for key in keys)]
        if len(picked) != 1:
            return None
        if prev.time is not None and prev.time.grain is not None:
            self.s.grain = None  # "monthly" qualified the money, it asked for no split by month
        if prev.text in self.unused:
            self.unused.remove(prev.text)
        return picked[0]

    def scored_records(self, k: int, m: Mention, q: str) -> bool:
        """ "how many rated orders", "restaurants with at least 20 rated orders": a score's participle before
        its records names those that have one (never a comparison of the score with the number)."""
        if self.neg or not self.names_scored(k, q) or any(x.number is not None for x in self.m[k + 1 :]):
            return False  # ("rated reviews that are 5 stars": the score a later number is of)
        self.s.conds.append(Cond(q, "not_null"))
        if q not in self.s.mentioned:
            self.s.mentioned.append(q)
        return True

    def names_scored(self, k: int, q: str) -> bool:
        """Mention k is a score's participle right before its own records ("rated orders")."""
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        c = self.col(q)
        return (
            self.m[k].text.endswith("ed")
            and scores_given(c)
            and nxt is not None
            and any(e.key == c.table and not e.value for e in nxt.of("entity"))
        )

    def scored_at(self, k: int) -> bool:
        """Mention k is a score's participle read as its records having one ("rated orders")."""
        columns = {x.key for x in self.m[k].of("column")}
        return len(columns) == 1 and self.names_scored(k, columns.pop())

    def rated_named(self, k: int, q: str) -> bool:
        """ "the acceptance rate of campaign 3": the yes/no column after "rate of" is the one rated when
        the word before "rate" is a word of its own name (here bound to another column by a concept)."""
        c = self.col(q)
        if k < 3 or not (c.role == Role.FLAG or c.flag_true is not None) or self.m[k - 1].text != "of":
            return False
        word, rate = self.m[k - 3], self.m[k - 2]
        if not rate.has("rate") or not word.has("flag") or len(word.text.split()) != 1:
            return False
        stem = word.text[:STEM]
        if len(stem) < STEM or not any(w.startswith(stem) for w in phrase_tokens(c.name)):
            return False
        self.s.flags = [f for f in self.s.flags if f[2] != k - 3]
        self.s.flags.append((q, False, k - 3))  # in the place of the word before "rate": the one rated
        return True

    def named_after(self, k: int, columns: list[str]) -> str | None:
        """ "spending on wine", "spend for gold products": of the columns a word could mean, the one the
        words after "on"/"for"/"of" name (those words are then used up)."""
        j = k + 1
        if j >= len(self.m) or self.m[j].text not in ("on", "for", "of", "in"):
            return None
        j += 1
        if j >= len(self.m):
            return None
        nxt = self.m[j]
        hits = {s.key for s in nxt.senses if s.kind in ("column", "colword") and s.key in columns}
        if len(hits) != 1 or nxt.kinds - {"column", "colword"}:
            return None
        self.skip |= {k + 1, j}
        return hits.pop()

    def use_column(self, q: str, k: int, m: Mention) -> None:
        q = self.records_own_money(k, q, m)
        c = self.col(q)
        if self.had_again(k, q, c):
            # "the median balance of customers who have money in their account": the amount named again
            # after "have" keeps the records that have some (it was dropped: a figure of all of them)
            self.s.conds.append(Cond(q, ">", 0))
            return
        if not self.group_mode and self.said_known(k, c):
            # "leads with a known country", "whose country we actually know": a value is recorded
            self.s.conds.append(Cond(q, "not_null"))
            if q not in self.s.mentioned:
                self.s.mentioned.append(q)
            return
        if not self.group_mode and self.said_missing(k, c):
            # "customers whose tenure is missing", "a missing tenure": no value recorded
            self.s.conds.append(Cond(q, "empty" if c.dtype.startswith("VARCHAR") else "null"))
            if q not in self.s.mentioned:
                self.s.mentioned.append(q)
            return
        self.used_at[k] = q
        if of_column(self.schema, q) is not None:
            self.split, self.split_at = of_column(self.schema, q), k
        ranked = self.pending_agg is not None and self.pending_agg[0] in SUPERLATIVE
        if c.weekday_of and not (self.group_mode or self.which or self.s.rank or ranked):
            # the derived weekday only splits or ranks ("by weekday", "which weekday is busiest");
            # "weekday nights" is another thing
            self.unused.append(m.text)
            return
        if c.role == Role.TIME and self.pending_agg and self.pending_agg[0] in ("min", "max"):
            # "earliest signup date"; "first and last order date", "the range of order dates": both
            for extra in (x for x in self.extra_aggs if x in ("min", "max")):
                self.s.measures.append((Measure(extra, q), False))
            self.extra_aggs = [x for x in self.extra_aggs if x not in ("min", "max")]
            self.s.measures.append((Measure(self.pending_agg[0], q), False))
            self.pending_agg = None
            return
        if c.role == Role.TIME:
            self.s.time_col = q
            if self.group_mode and self.s.grain is None:
                # "for each survey response date" of a few weeks' dates: each date; else by month
                self.s.grain = "day" if "date" in m.text.split() and _few_days(c) else ""
            elif self.sort_pending:
                self.s.sort = (self.sort_pending, q)
                self.sort_pending = None
            elif self.which or self.s.list_word:
                self.s.mentioned.append(q)
            return
        if self.neg and self.negated_here(k) and self.names_next_records(k, q) and c.role != Role.FLAG:
            return  # "no contact method": the word qualifies the records named next, which are denied
        if self.counted_by_own_name(k, m, c):
            return
        if q not in self.s.mentioned:
            self.s.mentioned.append(q)
        if self.s.values and self.s.values[-1][0] == q and k and "value" in self.m[k - 1].kinds:
            return  # "web channel": the column word only names the value's column
        if self.sort_pending:
            self.s.sort = (self.sort_pending, q)
            self.sort_pending = None
            return
        ranked = bool(self.s.rank or self.s.limit or self.s.superlative)
        if self.group_mode and not (ranked and c.role == Role.MEASURE):
            if c.continuous and self.group_word in RATIO_WORDS and self.row_noun_of(m, c):
                # "calories burned per session" beside Session_Duration: each row's figure (one session)
                self.s.notes.append(f"'{self.group_word} {m.text}' read as each row's figure")
                self.group_mode = False
                return
            if c.continuous and self.group_word in RATIO_WORDS:
                # "average quantity per unit price": a ratio or a unit, never one group per price
                raise Decline(
                    "clarify",
                    f"{c.label} has {c.distinct or 'many'} different values, so I won't split by it; "
                    f"did you mean the {c.label} itself, e.g. 'average {c.label}'?",
                )
            last = self.grouped_at
            if (
                last is not None
                and self.s.group
                and q not in self.s.group
                and all(
                    self.m[j].kinds <= {"colsuffix", "stop"} and self.m[j].text not in GROUP_GLUE
                    for j in range(last + 1, k)
                )
            ):
                # "by data storage plan size": one name run on, never a second split by company_size
                raise Decline(
                    "clarify",
                    f"Split by {self.col(self.s.group[-1]).label} or by {c.label}? Join two splits with 'and'.",
                )
            self.grouped_at = k
            self.add_group(q)
            if self.group_word == "per" and (c.role in PARTY_ROLES or set(c.words) & party_nouns()):
                self.s.per_entity.append(q)  # "per customer" of a column naming who each record is of
            return
        if self.neg and k and self.m[k - 1].text == "no" and self.no_in_name(m, c):
            self.neg = False  # "how many no-shows": the column BookingsNoShowed itself, never none of it
        if self.neg and self.negated_here(k) and self.none_is_zero(c):
            # "employees with no stock options", "no children or teenagers at home": a count of 0 (each)
            self.s.conds.append(Cond(q, "=", 0))
            nxt = self.m[k + 1] if k + 1 < len(self.m) else None
            self.neg = nxt is not None and nxt.text in ("or", "nor")
            self.neg_at = k + 1 if self.neg else self.neg_at
            return
        if (
            self.neg
            and self.negated_here(k)
            and c.role == Role.MEASURE
            and c.is_numeric
            and c.nulls > 0
            and not self.none_is_zero(c)
            and isinstance(c.minimum, int | float)
            and c.minimum != 0
            and k
            and self.m[k - 1].text in ("no", "without")
        ):
            # "members with no salary (on file)": an amount never 0, blank for some, is missing
            self.s.conds.append(Cond(q, "null"))
            self.neg = False
            return
        if c.role == Role.FLAG and m.has("colword") and (self.neg and self.negated_here(k) or self.with_a(k)):
            # "claims without a police report" (police_report_available): the yes/no column false; "with
            # a police report": true
            self.s.flags.append((q, self.neg, k))
            self.s.mentioned.append(q)
            self.neg = False
            return
        if self.neg and self.negated_here(k) and c.role not in (Role.FLAG, Role.MEASURE):
            try:
                said = self.value_said_in_name(c, m.text)
            except Decline:
                if self.none_value(c) is None:
                    raise
                said = None  # "didn't take any offer" of 'None', 'Offer A' .. 'Offer E': its 'None'
            if said is not None:
                # "did not churn" with churn_status = Churned / Not Churned: the word is a value's
                self.s.conds.append(said)
                self.neg = False
                return
            no = self.none_value(c)
            if no is not None:
                # "customers without internet service": the column's own "No" value
                self.s.conds.append(Cond(q, "=", no))
                self.neg = False
                return
            # "sales with no customer id": the value is missing; "no written text": missing or blank
            self.s.conds.append(Cond(q, "empty" if c.dtype.startswith("VARCHAR") else "null"))
            self.neg = False
            return
        if self.pending_agg is not None and self.pending_cmp is not None and self.against_figure(q):
            return
        held = self.held_by_rows(k, c)
        if self.share_of_total(k, c, q):
            return
        if self.ranked_rows(c):
            self.pending_agg = None
        if self.pending_agg is not None and not held and not self.counted_where(k, c):
            agg, self.pending_k = self.pending_agg
            self.pending_agg = None
            verb_ranked = self.m[self.pending_k].text.split()[-1] in ("most", "least")
            if agg in ("freq", "rare") and verb_ranked and c.role == Role.MEASURE and c.is_numeric:
                # "which product sold the most units": rank by the units' total, never the commonest value
                self.s.superlative = SUPERLATIVE[agg]
                self.s.measures.append((Measure("sum", q), False))
                return
            if agg in ("freq", "rare"):
                self.s.target.append(q)
                self.s.superlative = SUPERLATIVE[agg]
                return
            if agg == "count":
                if self.rows_named(m.text, c.table):
                    self.s.count = True  # "how many purchases" of purchase rows with a Purchase amount
                    return
                compared = k + 1 < len(self.m) and self.m[k + 1].has("cmp")
                if c.role == Role.MEASURE and compared and not self.s.how_much:
                    # "how many women aged between 30 and 40": the women counted, their age compared;
                    # "how many have an age over 50": the rows, never a sum of the ages
                    self.s.count = True
                    self.s.bare.append(q)
                    return
                if self.amount(c):
                    # "how many ... balance": a count of records, never a sum of an amount or a score
                    raise Decline(
                        "clarify",
                        f"'{self.m[self.pending_k].text}' counts records, and {c.label} is an amount, "
                        f"not a count; did you mean the total {c.label}, or how many records?",
                    )
                if c.role == Role.MEASURE and c.is_numeric:
                    self.s.measures.append((Measure("sum", q), False))
                elif c.role == Role.FLAG and "or" not in self.s.words:
                    # "how many own their home" (HomeOwner yes/no): the records it is true of, never its
                    # two values
                    self.s.count = True
                    self.s.flags.append((q, self.neg, k))
                elif self.counts_records(q):
                    self.s.count = True  # "how many contacts were made": the contacts, never their channels
                elif c.role == Role.TEXT:
                    # "how many negative reviews mention the bathroom": the records written, never their
                    # distinct texts
                    self.s.count = True
                    self.s.bare.append(q)
                    self.col_at[q] = k
                else:
                    self.s.measures.append((Measure("count_distinct", q), False))
                return
            if agg == "count_distinct":
                if self.s.count:
                    self.s.measures.append((Measure("count_distinct", q), False))
                else:
                    self.s.distinct = True
                    self.s.target.append(q)
                return
            if agg in ("min", "max") and not c.is_numeric and self.ranked_by_later(k):
                # "the 3 biggest sub-categories by sales": those ranked by the amount named after "by"
                self.s.target.append(q)
                self.s.superlative = SUPERLATIVE[agg]
                return
            if not (c.is_numeric or (agg in ("min", "max") and c.role == Role.TIME)):
                raise Decline("clarify", f"{c.name} is not a number, so I can't take its {agg}.")
            if agg in ("max", "min") and self.m[self.pending_k].text in QUANTITY_WORDS:
                # "the most revenue": rank by the total
                self.s.superlative = SUPERLATIVE[agg]
                self.s.measures.append((Measure("sum", q), False))
                return
            if self.extra_aggs:
                for extra in self.extra_aggs:
                    self.s.measures.append((Measure(extra, q), False))
                self.extra_aggs = []
                self.s.measures.append((Measure(agg, q), False))
                return
            per_order = self.per_parent(k, q) if agg == "avg" else None
            if per_order is not None:
                # "average order value" on order lines: the lines' total over the distinct orders
                self.s.measures.append((Measure("sum", q, per_key=per_order), False))
                return
            self.s.measures.append((Measure(agg, q), agg in SUPERLATIVE))
            return
        if self.row_against(q):
            return
        if self.pending_cmp is not None and self.pending_cmp[1] is None and self.pending_cmp[2] is not None:
            op, _, first, *rest = self.pending_cmp
            if op == "between" and rest:
                self.finish_cmp(q, op, first, rest[0])
            else:
                self.finish_cmp(q, op, None, first)
            return
        if self.which and c.role == Role.MEASURE and k and self.m[k - 1].text == "what":
            # "what income do students have": the amount itself, never which students
            self.which = False
        scale = c.role == Role.MEASURE and not c.money and 0 < c.distinct <= SCALE_POINTS
        # "which age has the highest churn rate": a whole number of a few dozen values asked by value
        scale = scale or (
            c.role == Role.MEASURE
            and not c.money
            and c.dtype.upper() in INTEGER_TYPES
            and 0 < c.distinct <= WHICH_VALUES
            and self.asked_by_value(k)
        )
        if (
            c.role != Role.MEASURE or (scale and (self.which or (self.s.rank and self.asked_by_value(k))))
        ) and (self.which or (self.s.rank and not self.s.target and not self.s.target_entity)):
            # "which credit score (1-6) has the highest denial rate": a score of a few points is asked
            # for by its values, as a category is
            self.which = False
            self.s.target.append(q)
            return
        if (
            c.role == Role.MEASURE
            and c.is_numeric
            and self.s.rate_at
            and self.just_after_rate(k)
            and self.rows_named(m.text, c.table, c)
            and not self.came_from(k)
        ):
            self.s.entity = Sense("entity", c.table)  # "what share of purchases ...": of the purchase rows
            return
        if q in self.s.target and self.s.rate_at:
            return  # "which age has the highest churn rate, only ages with at least 50 members": named again
        if (
            c.role == Role.MEASURE
            and c.is_numeric
            and self.s.rate_at
            and self.just_after_rate(k)
            and adds_up(c)
            # ("what percentage of customers spend over 500": of the customers, never of the money)
            and not any(
                x.has("entity") and not x.kinds & {"column", "colword"}
                for x in self.m[self.s.rate_at[-1] + 1 : k]
            )
        ):
            self.s.share_of = q  # "what share of (our) revenue": a part of the amount
            # "what share of won revenue ...": a value said between the share word and the amount only
            # says which amount (it qualifies it), never the part measured
            self.s.share_filters = [v for v, at in self.s.value_at.items() if self.s.rate_at[-1] < at < k]
            return
        self.s.bare.append(q)
        if held:
            self.s.held.append(q)
        self.col_at[q] = k

    def counted_where(self, k: int, c: Col) -> bool:
        """ "how many non-students earn more than 50,000": an amount compared next is a condition on the
        records counted, never the thing counted (the count stays pending for the records)."""
        if self.pending_agg is None or self.pending_agg[0] != "count" or not self.amount(c):
            return False
        nxt = next((x for x in self.m[k + 1 :] if x.kinds - {"stop"}), None)
        return nxt is not None and nxt.has("cmp")

    def ranked_rows(self, c: Col) -> bool:
        """ "the five highest balances": a number of records before a superlative ranks the records by
        the number column named next (a list of that many), never one maximum."""
        if self.pending_agg is None or self.pending_agg[0] not in ("max", "min") or not c.is_numeric:
            return False
        j = self.pending_agg[1]
        num = self.m[j - 1] if j else None
        if num is None or num.number is None or num.number < 2 or self.s.limit != int(num.number):
            return False
        self.s.rank = SUPERLATIVE[self.pending_agg[0]]
        return True

    @staticmethod
    def amount(c: Col) -> bool:
        """An amount, a score or a duration: summed or averaged, never counted."""
        return c.role == Role.MEASURE and c.is_numeric and (c.money or c.averaged or c.unit == "duration")

    def ranked_by_later(self, k: int) -> bool:
        """ "by" and an amount follow mention k (filler between): what the records are ranked by."""
        j = k + 1
        while j < len(self.m) and self.m[j].kinds <= {"stop"}:
            j += 1
        return j < len(self.m) and self.m[j].text == "by" and self.measure_named(j + 1) is not None

    SHARE_VERBS = frozenset({"had", "have", "has", "were", "was", "are", "is", "got", "did", "do"})
    """Verbs after a share word that make the records the whole ("what share had ...")."""

    def just_after_rate(self, k: int) -> bool:
        """Mention k follows the last rate word with only filler between ("share of our revenue")."""
        at = self.s.rate_at[-1]
        between = self.m[at + 1 : k]
        if any(x.text in self.SHARE_VERBS for x in between):
            return False  # "what share had income verified": a share of the records, the amount qualifies
        return (
            k - at <= 2
            or (k - at <= 4 and all(x.kinds <= {"stop"} for x in between))
            # "what share of won revenue": a value of the amount's records said before it
            or (
                k - at <= 4
                and all(x.kinds <= {"stop", "value"} for x in between)
                and any(x.has("value") for x in between)
            )
        )

    def came_from(self, k: int) -> bool:
        """ "what percent of our sales came from bakery items": the money said came from somewhere (a
        part of the amount), never the share of the sale rows."""
        after = [x.text for x in self.m[k + 1 : k + 3]]
        return len(after) == 2 and after[0] in CAME_VERBS and after[1] == "from"

    def share_of_total(self, k: int, c: Col, q: str) -> bool:
        """ "what share of the total transaction value was refunded": a part of the amount (its total
        where the condition holds over its total), never the share of rows."""
        if not (
            self.pending_agg is not None
            and self.pending_agg[0] == "sum"
            and self.s.rate_at
            and self.s.share_of is None
            and c.role == Role.MEASURE
            and c.is_numeric
        ):
            return False
        between = self.m[self.s.rate_at[-1] + 1 : k]
        if not all(
            x.kinds <= {"stop", "colword", "entity"} or x is self.m[self.pending_agg[1]] for x in between
        ):
            return False
        if not adds_up(self.col(q)):
            return False  # "what percentage of rated calls scored 4 or higher": of the calls, never of a rating's sum
        self.pending_agg = None
        self.s.share_of = q
        return True

    def had_again(self, k: int, q: str, c: Col) -> bool:
        """The amount of a figure already asked for is named again right after "have"/"with" (a word
        like "their", "a" or "any" between): those who have some of it."""
        if not any(m.column == q for m, _ in self.s.measures) or not (
            c.is_numeric and c.role == Role.MEASURE
        ):
            return False
        if not isinstance(c.minimum, (int, float)) or c.minimum < 0:
            return False
        j = k - 1
        while j >= 0 and self.m[j].text in (
            "their",
            "a",
            "an",
            "any",
            "some",
            "its",
            "his",
            "her",
            "actually",
        ):
            j -= 1
        return j >= 0 and self.m[j].text in ("have", "has", "had", "with", "having")

    def said_known(self, k: int, c: Col) -> bool:
        """ "known" right before the column ("a known country"), or after it past "is" or "we (actually)"
        ("country is known", "whose country we know"): a value is recorded, never a no-value mark."""
        if k and self.m[k - 1].text == "known" and "known" in self.unused:
            self.unused.remove("known")
            return True
        j = k + 1
        while j < len(self.m) and self.m[j].text in KNOWN_FILLER:
            j += 1
        if j > k + 1 and j < len(self.m) and self.m[j].text in ("known", "know", "knew") and not self.neg:
            self.skip |= set(range(k + 1, j + 1))
            return True
        return False

    def said_missing(self, k: int, c: Col) -> bool:
        """A word saying no value is recorded right before the column ("missing tenure", the negation
        word read already) or after it, past "is"/"are" ("tenure is missing", then skipped); "unknown"
        only where it is no value of the column."""
        words = set(MISSING_WORDS) - (
            {"unknown"} if any(str(v).lower() == "unknown" for v in c.values) else set()
        )
        if k and self.neg and self.m[k - 1].text == "missing":
            self.neg = False
            return True
        before = [
            x.text for x in self.m[max(0, k - 3) : k] if x.text not in ("a", "an", "the", "their", "any")
        ]
        if self.neg and before and before[-1] in CHOICE_VERBS and c.role in (Role.DIMENSION, Role.OTHER):
            # "leads who didn't pick a specialization", "never chose a plan": none recorded
            if before[-1] in self.unused:
                self.unused.remove(before[-1])
            self.neg = False
            return True
        if self.neg and c.role == Role.MEASURE and scores_given(c) and c.nulls > 0:
            # "orders never rated", "restaurants that never received a rating": no score recorded
            said = self.m[k].text
            if said.endswith("ed") or (before and before[-1] in SCORE_VERBS):
                if before and before[-1] in self.unused:
                    self.unused.remove(before[-1])
                self.neg = False
                return True
        j = k + 1
        while j < len(self.m) and self.m[j].text in ("is", "are", "was", "were", "still"):
            j += 1
        if j < len(self.m) and self.m[j].text in words and j > k:
            self.skip.add(j)
            return True
        # "gender isn't recorded", "no account balance recorded", "not filled in": nothing recorded
        denied = j < len(self.m) and self.m[j].has("negation") and not self.neg
        at = j + 1 if denied else j
        if at < len(self.m) and self.m[at].text.split()[0] in RECORDED_WORDS and (denied or self.neg):
            self.skip |= {j, at}
            self.neg = False
            return True
        return False

    def records_own_money(self, k: int, q: str, m: Mention) -> str:
        """ "order value" where the generic money word found another table's money (payments): the one
        money of the records named just before, on their table or on their lines (the order lines'
        revenue); else the column found."""
        if tuple(m.text.split()) not in set(word_classes()["money_words"]):
            return q
        prev = self.m[k - 1] if k else None
        j = k + 1
        while j < len(self.m) and self.m[j].text in (
            "of",
            "all",
            "the",
            "our",
            "all the",
            "all of",
            "all our",
        ):
            j += 1
        after = self.m[j] if j > k + 1 and j < len(self.m) else None  # "the value of all orders"
        named = {s.key for x in (prev, after) if x is not None for s in x.of("entity") if not s.value}
        if len(named) != 1 or q.split(".", 1)[0] in named:
            return q
        (table,) = named
        lines = {r.table for r in self.schema.relations if r.ref_table == table}
        if q.split(".", 1)[0] in lines:
            return q
        own = [
            c.qualified
            for t in (table, *sorted(lines))
            for c in self.schema.tables[t].columns.values()
            if c.role == Role.MEASURE and c.money and not c.is_price
        ]
        return own[0] if len(own) == 1 else q

    def per_parent(self, k: int, q: str) -> str | None:
        """ "order value" where the column is on order lines: the lines' key to their order, when the
        word before the column names that parent table."""
        prev = self.m[k - 1] if k else None
        if prev is None:
            return None
        table = q.split(".", 1)[0]
        parents = {s.key for s in prev.of("entity") if not s.value and s.key != table}
        rel = [r for r in self.schema.relations if r.table == table and r.ref_table in parents]
        return f"{table}.{rel[0].column}" if len(rel) == 1 else None

    @staticmethod
    def value_said_in_name(c: Col, word: str) -> Cond | None:
        """A negated word that names a category column AND starts a word of its values is about those
        values, never about the column being empty: "did not churn" is churn_status = 'Not Churned' (the
        one value saying its negation), else churn_status != 'Churned' (the one value with the word);
        several such values are declined. None when no value has the word."""
        stem = word.strip().lower()
        if len(stem) < 3 or " " in stem:
            return None
        hits = [
            v for v in c.values if isinstance(v, str) and any(w.startswith(stem) for w in _value_words(v))
        ]
        if not hits:
            return None
        negated = [v for v in hits if _value_words(v)[0] in VALUE_NEGATIONS]
        if len(negated) == 1:
            return Cond(c.qualified, "=", negated[0])
        if len(hits) == 1 and not negated:
            return Cond(c.qualified, "!=", hits[0])
        raise Decline(
            "clarify",
            f"'{word}' is in several values of {c.label} ({', '.join(map(repr, hits))}); which one?",
        )

    @staticmethod
    def none_value(c: Col) -> Any:
        """The value a category column uses for "not having it" ("No", "None"), or None. More than one
        such value ("No" and "No internet service") is ambiguous: declined rather than picking one."""
        nos = [  # "no_account" too: words joined by underscores or dashes
            v
            for v in c.values
            if isinstance(v, str) and re.split(r"[\s_-]+", v.strip().lower(), maxsplit=1)[0] in NONE_VALUES
        ]
        if len(nos) > 1:
            raise Decline(
                "clarify",
                f"{c.label} has several values that mean 'not having it' ({', '.join(map(repr, nos))}); "
                "which one?",
            )
        if not nos and c.words and c.words[-1].endswith("s") and "0" in {str(v).strip() for v in c.values}:
            # Dependents '0', '1', '2', '3+': a count kept as text, "no dependents" is its '0'
            nos = [v for v in c.values if str(v).strip() == "0"]
        return nos[0] if nos else None

    def none_is_zero(self, c: Col) -> bool:
        """A whole-number measure that counts things (children, stock option level, visits): "no X" is
        X = 0. Not an amount, a duration or a score (no income is not income 0), nor a column with empty
        values (no agent on a booking is an empty agent, and an empty count may be unknown); an amount
        whose concept says so is (no debt is a debt of 0: concepts.yaml none_is_zero)."""
        if c.role == Role.MEASURE and c.nulls <= 0 and self.concept_zero(c):
            return True
        return (
            c.role == Role.MEASURE
            and c.nulls <= 0
            and is_plain_number(c)
            and c.dtype.upper() in INTEGER_TYPES
            and not (c.money or c.averaged or c.unit == "duration")
        )

    def concept_zero(self, c: Col) -> bool:
        """The column is bound to a concept of which "none" is 0 (a debt)."""
        return any(
            b.target == c.qualified and (bound := concept(b.concept)) is not None and bound.none_is_zero
            for b in self.schema.concepts
        )

    def held_by_rows(self, k: int, c: Col) -> bool:
        """ "how many students hold cards": the noun after the count names the records or a kind of them
        (a yes/no word, a value), so the records are counted and the count column named later (k) is
        something they have, never the thing counted."""
        if not (self.pending_agg and self.pending_agg[0] == "count" and c.role == Role.MEASURE):
            return False
        if self.m[k - 1].kinds & {"flag", "value"}:
            return False  # "how many web purchases": one noun phrase, the purchases are counted
        return c.is_numeric and any(
            self.kind(x) in ("flag", "value") for x in self.m[self.pending_agg[1] + 1 : k]
        )

    def names_next_records(self, k: int, q: str) -> bool:
        """A column word followed by a word naming its own table's records ("contact method"): one noun
        phrase whose head is the records."""
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        table = q.split(".", 1)[0]
        return nxt is not None and any(s.key == table and not s.value for s in nxt.of("entity"))

    def negated_here(self, k: int) -> bool:
        """The negation is said just before mention k, with only filler words between ("no written
        text", "missing a title")."""
        if self.neg_at is None or self.neg_at >= k:
            return False
        return all(x.kinds <= {"stop"} for x in self.m[self.neg_at + 1 : k])

    def duration_of_verb(self, k: int, m: Mention) -> bool:
        """ "days to ship", "time to return": the verb names a date column's event (see `duration`)."""
        return self.duration(k, m, self.event_columns(m.text))

    def column_word(self, k: int, m: Mention) -> bool:
        """A word of one or more columns' names: that column, or an ambiguity to resolve later."""
        columns = sorted({s.key for s in m.of("colword")})
        e = self.s.entity
        if len(columns) > 1 and self.neg and self.negated_here(k) and e is not None and not e.value:
            # "products with no category": the negation is about the records' own column, now
            own = [q for q in columns if q.split(".", 1)[0] == e.key]
            columns = own if len(own) == 1 else columns
        if len(columns) == 1 and self.rated_named(k, columns[0]):
            return True
        if self.counts_no_values(k, m, columns):
            self.unused.append(m.text)  # "how many households" is never how many household incomes
            return True
        if self.continues_name(k, m, columns):
            return True
        if len(columns) == 1:
            self.use_column(columns[0], k, m)
        else:
            self.s.ambiguous.append((m.text, columns, self.role()))
        return True

    def counts_no_values(self, k: int, m: Mention, columns: list[str]) -> bool:
        """ "how many households" of Household Income: a word qualifying a column's head, counted right
        after "how many", counts none of its values (incomes are no households); a name, id or code
        column's values do name its things."""
        if not (self.pending_agg and self.pending_agg[0] in ("count", "count_distinct") and self.s.count):
            return False
        if k < 1 or not self.m[k - 1].kinds & {"count", "agg"}:
            return False  # "how many own their home": the word is no counted noun
        said = singular(m.text)
        return " " not in m.text and all(
            (c := self.col(q)).words[-1] not in NAMING_HEADS and said in {singular(w) for w in c.words[:-1]}
            for q in columns
        )

    def continues_name(self, k: int, m: Mention, columns: list[str]) -> bool:
        """ "debt-to-income ratio": words of other columns' names right after a word read as one column
        (only linking words between) go on naming that one when its name holds them in that order (debt
        payments to total income ratio), never a second column ("to income ratio" of housing expenses)."""
        j = k - 1
        while j >= 0 and self.m[j].kinds <= {"stop"} and j not in self.used_at:
            if self.m[j].text in ("and", "or", "plus", "also", "as well as", "then"):
                return False  # "debt and income ratio": two things named
            j -= 1
        before = self.used_at.get(j) if j >= 0 else None
        if before is None or (len(columns) == 1 and before == columns[0]):
            return False
        words = iter(self.col(before).words)
        return before in columns or all(w in words for w in m.text.split())

    def verb_of_counted(self, k: int, m: Mention) -> bool:
        """ "how many customers purchased in December": a verb of the records said right after people
        named by a column of those same records (their customer id) only links them: the people are
        still what is counted (it was read as the purchases, a count of rows: a wrong answer)."""
        if not is_verb_form(m.text.split()[-1]) or not m.has("stop"):
            return False
        before = self.m[k - 1]
        here = {str(x.key) for x in m.of("entity")}
        people = [x for x in before.of("colword") if str(x.key).split(".", 1)[0] in here]
        return bool(people) and any(str(x.key) in here for x in before.of("entity"))

    def rate_threshold(self, k: int, m: Mention) -> bool:
        """ "which districts have a claim rate above 15%": a percent compared after a rate word bounds the
        groups' rate, which no filter of rows expresses (it was read as the share of rows with claims
        above 15, a wrong answer): declined. A percent said of a column that holds percents is read on."""
        if not any(x.has("rate") for x in self.m[: k - 2]):
            return False
        op, number = self.m[k - 2].of("cmp")[0].key, self.m[k - 1].number
        if number is not None and op in ("<", "<=", ">", ">=") and self.rate_having(op, number, []):
            self.pending_cmp = None  # "which states have a churn rate above 20%": HAVING on the rate
            return True
        raise Decline(
            "clarify",
            "I can't yet keep only the groups whose rate is above or below a number; ask for the rate by "
            "group (e.g. '... rate by district') and read them off.",
        )

    def total_after_average(self, k: int, m: Mention) -> bool:
        """ "the average total debt ratio": "total" said after "average" is a word of the column named next
        (its name holds it) or a total per something said later ("per customer"); else it is unclear
        whether each row's figure or a total per record is averaged: asked, never two figures."""
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        named = (
            {str(x.key) for x in nxt.senses if x.kind in ("column", "colword")} if nxt is not None else set()
        )
        if named and all(m.text in self.col(q).words for q in named):
            return True  # the column's own word
        after = self.m[k + 1 :]
        pairs = zip(after, after[1:], strict=False)
        if any(x.text.split()[0] in ("per", "each", "every") and y.has("entity") for x, y in pairs):
            return False  # "average total amount per customer": the total per record, averaged
        raise Decline(
            "clarify",
            f"'{self.m[k - 1].text} {m.text}': the average of each record's figure, or of a total per "
            "customer, order...? Ask 'average X' or 'average total X per customer'.",
        )

    def extreme_as_filter(self, k: int, m: Mention) -> bool:
        """ "what share of applicants with the best credit score were denied": the records having the
        extreme value, which the engine does not filter to yet (and "best" of a score may be its lowest):
        declined, never read as a second figure. Without another figure it is a ranking, read as one."""
        others = [x for i, x in enumerate(self.m) if i != k and x.kinds & {"rate", "count", "agg"}]
        if not others:
            return False
        raise Decline(
            "clarify",
            f"I can't yet keep only the records with the {m.text} value of a column; "
            "name the value instead (e.g. 'with a score of 1').",
        )

    def qualifier_of_records(self, k: int, m: Mention) -> bool:
        """ "how many mortgage applications": a word that names none of several columns of the records
        named next by its head (the last word: "mortgage credit score", "denied mortgage insurance") says
        what trade the records are in (noted), never which column."""
        columns = sorted({str(s.key) for s in m.of("colword")})
        records = {str(s.key) for s in self.m[k + 1].of("entity") if s.value is None}
        if len(columns) < 2 or len(records) != 1 or any(m.has(kind) for kind in ("column", "flag", "value")):
            return False
        said = m.text.split()
        if any(q.split(".", 1)[0] not in records or self.col(q).words[-1:] == said[-1:] for q in columns):
            return False
        self.s.notes.append(f"read '{m.text}' as describing the {self.m[k + 1].text}, not a column")
        return True

    @staticmethod
    def entity_sense(m: Mention) -> Sense:
        """The records an entity word names: a table of its own before a key that names them."""
        senses = m.of("entity")
        own = [s for s in senses if s.value is None]
        return own[0] if own else senses[0]

    def count_per_records(self, k: int, m: Mention) -> bool:
        """ "the average number of rentals per customer" (see `count_per`); anything else declined."""
        if not (self.agg_of_count and self.pending_agg):
            return False
        if self.count_per(k, m):
            return True
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        if nxt is not None and nxt.time is not None and nxt.time.grain:
            # "the average number of orders per month": the count by month, averaged (nlq.finish)
            self.s.per_period, self.pending_agg, self.agg_of_count = True, None, False
            return False
        raise Decline(
            "clarify",
            f"An average number of {m.text} per what? Try e.g. 'number of {m.text} per customer'.",
        )

    def counted_records(self, k: int, m: Mention) -> bool:
        """ "(customers) with at least 5 orders" (see `count_condition`); "customers who got more than
        one mailshot", where mailshots are named only by a key: the rows of the one table that holds
        that key beside the customers' own (each mailshot a customer got)."""
        sense = self.entity_sense(m)
        e = self.s.entity or self.s.target_entity
        if sense.value and e is not None and not e.value:
            linked = sorted(
                {
                    x.key
                    for x in m.of("entity")
                    if x.value
                    and any(r.table == x.key and r.ref_table == e.key for r in self.schema.relations)
                }
            )
            if len(linked) == 1 and not (sense.key == linked[0] and self.several_rows_each(str(sense.value))):
                sense = Sense("entity", linked[0])
        return self.count_condition(k, sense)

    def several_rows_each(self, key: str) -> bool:
        """A key of a thing many rows share (a store of purchase lines), counted by its distinct values
        ("members who shopped at more than one store"), never by the rows."""
        c = self.col(key)
        rows = self.schema.tables[c.table].row_count
        return bool(c.distinct) and bool(rows) and c.distinct * 2 < rows

    def time_ranked_records(self, k: int, m: Mention) -> bool:
        """ "the latest 5 orders": the records ranked by their own date."""
        if self.time_rank is None or self.s.entity is not None:
            return False
        direction, word = self.time_rank
        sense = self.entity_sense(m)
        self.time_rows(sense, direction, self.own_date(sense, word))
        return True

    def tenure_of(self, table: str) -> str | None:
        """The one tenure column of a table with no date column, if there is one."""
        if any(c.role == Role.TIME for c in self.schema.tables[table].columns.values()):
            return None
        found = [
            b.target
            for b in self.schema.concepts
            if b.concept == "tenure" and b.target.startswith(f"{table}.")
        ]
        return found[0] if len(found) == 1 else None

    def size_ranked_records(self, k: int, m: Mention) -> bool:
        """ "our three heaviest stones": records ranked by a word of size, by the column their concept says
        they are large in (a gem's carats)."""
        if not self.s.rank or self.rank_word not in SIZE_WORDS or self.s.entity is not None or self.s.bare:
            return False
        sense = self.entity_sense(m)
        found = size_columns(self.schema, str(sense.key)) if not sense.value else []
        if len(found) != 1:
            return False
        self.s.entity = sense
        self.s.entities.append(sense)
        self.s.bare.append(found[0])
        self.col_at[found[0]] = k
        self.s.notes.append(
            f"'{self.rank_word}' {self.schema.tables[str(sense.key)].entity} are by {self.col(found[0]).label} (their size)"
        )
        return True

    def money_beside_amount(self, k: int, m: Mention) -> bool:
        """ "small products against large ones in sales and boxes": records named by the word of their
        money, joined by "and" to another amount of theirs, are that money (a figure beside the other)."""
        money = [x for x in m.of("column") if self.col(str(x.key)).money]
        if len(money) != 1:
            return False
        beside = [
            self.m[j]
            for j, joint in ((k + 2, k + 1), (k - 2, k - 1))
            if 0 <= j < len(self.m) and 0 <= joint < len(self.m) and self.m[joint].text == "and"
        ]
        amounts = [
            x
            for y in beside
            for x in y.of("column")
            if self.col(str(x.key)).role == Role.MEASURE
            and self.col(str(x.key)).is_numeric
            and not self.col(str(x.key)).money
        ]
        if not amounts:
            return False
        self.m[k] = Mention(m.start, m.end, m.text, money)
        self.read_as("column", k, self.m[k])
        return True

    def each_own_column(self, k: int, m: Mention) -> bool:
        """ "the five highest balances, with each customer's income": in a list of records, "each" before
        the records' own noun and one of their columns shows that column beside every record listed."""
        prev = self.m[k - 1] if k else None
        if prev is None or prev.text not in ("each", "every") or not self.group_mode:
            return False
        if not (self.s.list_word or self.s.rank):
            return False
        sense = self.entity_sense(m)
        nxt = self.m[k + 1]
        if not any(
            x.kind in ("column", "colword") and str(x.key).split(".", 1)[0] == sense.key for x in nxt.senses
        ):
            return False
        self.group_mode = False
        return True

    def column_owner(self, k: int, m: Mention) -> bool:
        """ "customer region": the entity only qualifies the column of its table that follows."""
        sense = self.entity_sense(m)
        nxt = self.m[k + 1]
        last = m.text.split()[-1]
        pointed = {
            r.ref_table for r in self.schema.relations if r.table == sense.key and r.ref_table != sense.key
        }
        if not (
            singular(last) == last
            and "timecol" not in nxt.kinds
            and any(
                x.kind in ("column", "colword", "flag", "value")
                and (
                    str(x.key).split(".", 1)[0] == sense.key
                    # "pizza category": the category of the pizza type each pizza points at
                    or (
                        str(x.key).split(".", 1)[0] in pointed
                        and not sense.value
                        and self.col(x.key).role == Role.DIMENSION
                        and not any(
                            str(y.key).split(".", 1)[0] == sense.key for y in nxt.senses if "." in str(y.key)
                        )
                    )
                )
                and (
                    last in self.col(x.key).words
                    or (not sense.value and self.col(x.key).role != Role.MEASURE)
                )
                for x in nxt.senses
            )
        ):
            return False
        if not self.group_mode:
            self.s.entities.append(sense)
        # "customer country": of the columns the next word names, only the customers' are meant (and
        # the records they point to: "product category")
        named = ("column", "colword", "flag", "value")
        own = [x for x in nxt.senses if x.kind in named and str(x.key).split(".", 1)[0] == sense.key]
        refs = {sense.key} | {r.ref_table for r in self.schema.relations if r.table == sense.key}
        kept = [
            x
            for x in nxt.senses
            if x.kind not in (*named, "entity") or x in own or (x.kind == "entity" and x.key in refs)
        ]
        if own:
            self.m[k + 1] = replace(nxt, senses=kept)
        return True

    def money_of_records(self, k: int, m: Mention) -> bool:
        """ "top 5 customers by total payments, with their credit limit": "total" right before records
        that are amounts of money (words.yaml money_records) is their one money column, taken at once so
        that a column named later never takes the figure. Never claims the mention (the records are still
        read)."""
        if (
            self.pending_agg is None
            or self.pending_agg[0] not in ("avg", "sum")
            or self.pending_agg[1] != k - 1
        ):
            return False
        if (m.text.split()[-1],) not in word_classes()["money_records"] or self.s.measures:
            return False
        sense = self.entity_sense(m)
        if sense.value:
            return False
        money = self.own_money(sense.key)
        if len(money) != 1:
            return False
        self.s.measures.append((Measure(self.pending_agg[0], money[0].qualified), False))
        self.pending_agg = None
        self.s.record_money = True
        return False

    def records_named_by_money(self, k: int, m: Mention) -> bool:
        """ "what were sales last month" of weekly_sales, whose money column Weekly_Sales the word also names:
        the records are that money, totalled, where nothing counts, lists, ranks or measures them. Never
        claims the mention (the records are still read)."""
        if (
            self.s.measures
            or self.pending_agg
            or self.s.count
            or self.s.list_word
            or self.s.rank
            or self.which
        ):
            return False
        if (m.text.split()[-1],) not in word_classes()["money_words"]:
            return False
        if set(self.s.words) & {"many", "number", "count", "list", "each", "every", "all", "which", "top"}:
            return False
        sense = self.entity_sense(m)
        named = {str(x.key) for x in m.senses if x.kind == "colword"}
        word = singular(m.text.split()[-1])
        money = [
            c
            for c in self.own_money(sense.key)
            if c.qualified in named and word in {singular(w) for w in c.words}
        ]
        if sense.value or len(money) != 1:
            return False
        self.s.measures.append((Measure("sum", money[0].qualified), False))
        self.s.record_money = True
        return False

    def superlative_records(self, k: int, m: Mention) -> bool:
        """ "the most customers" counts them; "the largest transaction" ranks one; "the most recent
        order" is the latest date of that table. Claims the mention only when it settles it."""
        if not (self.pending_agg and self.pending_agg[0] in SUPERLATIVE):
            return False
        if self.figures_after_column():
            return False  # "the price (lowest and highest) for 33 MHz machines": figures of the price
        sense = self.entity_sense(m)
        if self.size_superlative(sense):
            return True
        if self.m[self.pending_agg[1]].text in WEIGHT_WORDS:
            # "the heaviest patient": by a weight no concept names here; never by an amount of money
            raise Decline("clarify", f"'{self.m[self.pending_agg[1]].text}' by which column? Please name it.")
        word = self.m[self.pending_agg[1]].text
        grouped = self.s.target or self.s.group or any(x.has("group") for x in self.m[k + 1 :])
        tally = (m.text,) in word_classes()["tally_nouns"]  # "the largest headcount": the most records
        if word in SIZE_SUPERLATIVES and grouped and not tally:
            # "the largest order in each channel", "which cut has the biggest stones": a record's size,
            # never the group with the most records; its one amount of money when it has one ("the biggest
            # single order in each category": the largest order total), else which figure is not said
            money = (
                self.own_money(sense.key)
                if sense is not None
                and sense.kind == "entity"
                and not sense.value
                and sense.key in self.schema.tables
                else []  # (orders kept as lines of an order number are no rows: their size is a sum)
            )
            single = m.text.split()[-1] in RECORD_NOUNS and not self.s.target  # (never "which X has...")
            if len(money) == 1 and self.pending_agg[0] in ("max", "min") and single:
                self.s.measures.append((Measure(self.pending_agg[0], money[0].qualified), False))
                self.pending_agg = None
                return True
            raise Decline(
                "clarify",
                f"'{word} {m.text}' by which figure? Ask e.g. 'the highest amount for each ...', or "
                f"'which ... has the most {m.text}' for how many.",
            )
        self.s.superlative = SUPERLATIVE[self.pending_agg[0]]
        self.s.count = self.s.count or word in QUANTITY_WORDS or tally
        self.s.by_count = self.pending_agg[0] in ("freq", "rare")  # "the most ordered product": how often
        if word in TIME_SUPERLATIVES:
            when = self.own_date(sense, word)
            asked = self.s.words[:1] in (("which",), ("what",)) and self.s.words[1:2] in (("is",), ("was",))
            if (self.s.limit or self.s.who or asked) and not self.s.entity:
                # "the 5 most recent orders": those rows, newest first; "who is the newest", "which is
                # our oldest store": one
                self.s.limit = self.s.limit or 1
                self.time_rows(sense, SUPERLATIVE[self.pending_agg[0]], when)
                return True
            self.s.measures.append((Measure(self.pending_agg[0], when), False))
            # "which product got the first review": the product whose earliest one comes first
            keep = self.s.target and not self.s.rank and self.pending_agg[0] in ("min", "max")
            self.s.superlative = SUPERLATIVE[self.pending_agg[0]] if keep else None
            self.pending_agg = None
            self.s.entities.append(sense)
            if self.s.entity is None:
                self.s.entity = sense
            return True
        self.pending_agg = None
        if self.s.entity is not None and self.s.entity.key != sense.key and self.s.target_entity is None:
            self.s.target_entity = self.s.entity
            self.s.entity = sense
            self.s.entities.append(sense)
            return True
        return False

    def count_of_records(self, k: int, m: Mention) -> bool:
        """ "number of orders (and total amount)": the records counted; never claims the mention."""
        if self.pending_agg and self.pending_agg[0] in ("count", "count_distinct"):
            if self.pending_agg[0] == "count" and self.s.count_of is None:
                self.s.count_of = (self.entity_sense(m), len(self.s.measures))
            self.pending_agg = None
        return False

    def group_by_records(self, k: int, m: Mention) -> bool:
        """ "orders per customer": group by the key the counted table points with."""
        if not self.group_mode:
            return False
        sense = self.entity_sense(m)
        self.s.entities.append(sense)
        table = self.schema.tables[sense.key]
        if sense.value:
            self.add_group(sense.value)
            if self.group_word == "per":
                self.s.per_entity.append(sense.value)  # "per customer" of these rows' customer ids
        else:
            self.add_group("@" + table.name)
            if self.group_word == "per":
                self.s.per_entity.append("@" + table.name)
        return True

    def target_records(self, k: int, m: Mention) -> bool:
        """ "which customers ...", "top 5 customers": the records returned."""
        if not ((self.which or self.s.rank) and not self.s.target and not self.s.target_entity):
            return False
        if any(role == "target" for _, _, role in self.s.ambiguous):
            return False  # "top 5 merchants by total transaction value": the merchants, named first
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        if nxt is not None and any(
            s.kind == "column" and self.col(str(s.key)).role == Role.DIMENSION for s in nxt.senses
        ):
            return False  # "which sales region": the region, a kind the records' word only qualifies
        sense = self.entity_sense(m)
        self.which = False
        self.s.target_entity = sense
        self.s.entities.append(sense)
        return True

    def columns_owner_lacks(self, sense: Sense) -> None:
        """ "names and phones of customers who have no address history": after columns of one table and a
        negation, records that refer to that table are what its rows have none of; the table is the
        records listed (as after "which customers")."""
        if not self.neg or self.s.entity is not None or self.s.target_entity is not None or sense.value:
            return
        owners = {b.split(".", 1)[0] for b in self.s.bare}
        if len(owners) != 1 or (owner := next(iter(owners))) == sense.key:
            return
        if any(r.table == sense.key and r.ref_table == owner for r in self.schema.relations):
            self.s.target_entity = Sense("entity", owner)

    def records(self, k: int, m: Mention) -> bool:
        """The records the question is about, or after a negation the records they have none of."""
        sense = self.entity_sense(m)
        self.s.entities.append(sense)
        self.columns_owner_lacks(sense)
        target = self.s.target_entity
        if (
            self.neg
            and self.s.entity is None
            and target is not None
            and (not sense.value or sense.key != target.key)
        ):
            # "which staff members haven't handled a complaint": the target has none of those records
            self.s.neg_entities.append(sense)
            self.neg = False
            return True
        if self.neg and self.s.entity is not None:
            self.s.neg_entities.append(sense)
            self.neg = False
            if self.s.time_col and self.s.time_col.split(".", 1)[0] == sense.key:
                self.s.time_col, self.s.event = None, False  # "placed no orders": the verb was theirs
            if any(x.time is not None and x.time.range is not None for x in self.m[k + 1 :]):
                # "customers without orders in 2024": the period dates the orders that are missing
                self.neg_event = self.own_date(sense, m.text)
        if self.s.entity is None:
            self.s.entity = sense
            self.s.entity_options = [x for x in m.of("entity") if x.value and sense.value is not None]
        return True

    @staticmethod
    def own_key_of(m: Mention) -> list[Sense]:
        """The records whose own key a mention names among the tables holding it ("loyalty card": the
        customers the card number keys, beside the transactions that point at them)."""
        return [
            Sense("entity", x.key) for x in m.of("entity") if x.value and x.value.split(".", 1)[0] == x.key
        ]

    def compound_records(self, k: int, m: Mention) -> bool:
        """ "no contact channel": one noun phrase of two record words (see `compound_entity`)."""
        return self.compound_entity(k, self.entity_sense(m))

    def compound_entity(self, k: int, sense: Sense) -> bool:
        """ "no contact channel": two words in a row naming records of one table are one noun phrase;
        the records named last are the ones meant (never a second, un-negated mention of them)."""
        prev = self.m[k - 1] if k else None
        if prev is None or not self.s.entities or self.s.entities[-1] not in prev.of("entity"):
            return False
        old = self.s.entities[-1]
        if old.key != sense.key and not (old.value and not sense.value and sense in self.own_key_of(prev)):
            return False  # "loyalty card members": the members, named by the key both tables hold
        if self.s.entity is None and self.s.target_entity is None and self.pending_agg is not None:
            return False  # "how many customer accounts": the first word only qualified; these are counted
        if old.value and not sense.value:

            def swap(x: Sense | None) -> Sense | None:
                return sense if x == old else x

            self.s.entities[-1] = sense
            self.s.neg_entities = [sense if x == old else x for x in self.s.neg_entities]
            self.s.entity, self.s.target_entity = swap(self.s.entity), swap(self.s.target_entity)
            if self.s.count_of is not None and self.s.count_of[0] == old:
                self.s.count_of = (sense, self.s.count_of[1])
        return True

    def count_per(self, k: int, m: Mention) -> bool:
        """ "the average number of rentals per customer": all rentals over all customers (customers
        with none count as zero). Only as one figure over whole tables; anything narrower is declined
        in finish."""
        own = [s for s in m.of("entity") if not s.value]
        if self.pending_agg is None or self.pending_agg[0] != "avg" or len(own) != 1:
            return False
        j = k + 1
        while j + 1 < len(self.m) and self.m[j].text in ("does", "do", "did") and self.m[j + 1].has("group"):
            j += 1  # "how many orders does each customer place"
        if j < len(self.m) and self.m[j].has("group"):
            j += 1
        elif not self.one_record_after(j):
            return False  # "how many invoices does a customer have": one of them, the same as "per"
        while j < len(self.m) and self.m[j].kinds <= {"stop"}:
            j += 1
        per = [s for s in (self.m[j].of("entity") if j < len(self.m) else []) if not s.value]
        keys = {
            str(x.key)
            for x in (self.m[j].senses if j < len(self.m) else [])
            if x.kind in ("column", "colword") and str(x.key).split(".", 1)[0] == own[0].key
        }
        keys = {q for q in keys if self.counted_among(q)}
        if not per and len(keys) == 1:
            # "the average number of purchases per customer" in a purchase log keyed by customer id: the
            # rows over the distinct customers in them (each customer there has at least one)
            self.pending_agg, self.agg_of_count = None, False
            self.s.measures.append((Measure("count", table=own[0].key, per_key=keys.pop()), False))
            self.s.entities.append(own[0])
            self.s.entity = self.s.entity or own[0]
            self.skip |= set(range(k + 1, j + 1))
            return True

        if len(per) != 1 or per[0].key == own[0].key:
            return False
        counted = own[0].key
        if join_path(self.schema, counted, per[0].key) is None:
            link = bridge(self.schema, per[0].key, counted)
            if link is None:
                return False  # each counted record must belong to one of those it is divided by
            # "tracks per invoice": a track is on many invoices; its lines on invoices are counted
            counted = link[0]
            self.s.notes.append(f"{m.text} counted by their {self.schema.tables[counted].entity}")
        self.pending_agg, self.agg_of_count = None, False
        self.s.measures.append((Measure("count", table=counted, per=per[0].key), False))
        self.s.entities.append(own[0])
        self.s.entity = self.s.entity or own[0]
        self.skip |= set(range(k + 1, j + 1))
        return True

    def counted_among(self, q: str) -> bool:
        """A column whose values the records are counted among ("sales per agency"): a key, a category or
        a text label (an agency, a suburb), never a number or a group's own count."""
        c = self.col(q)
        if c.role in (Role.FOREIGN_KEY, Role.DIMENSION):
            return True
        return c.role == Role.OTHER and c.dtype == "VARCHAR" and not c.group_count

    def one_record_after(self, j: int) -> bool:
        """Filler with an indefinite article ("does a", "has an") and then records from j on: the figure
        is of one record of them, on average ("how many invoices does a customer have")."""
        said: list[str] = []
        while j < len(self.m) and self.m[j].kinds <= {"stop"}:
            said += self.m[j].text.split()
            j += 1
        return (
            bool(set(said) & {"a", "an"})
            and j < len(self.m)
            and (self.m[j].has("entity") or self.m[j].has("column"))
        )

    def group_by_figure(self, k: int) -> None:
        """ "average charges by number of lines": a split by a figure, not by a column; declined."""
        prev = self.m[k - 1] if k else None
        if prev is not None and prev.has("group") and (self.s.measures or self.s.count or self.s.rate_at):
            raise Decline(
                "clarify",
                f"I can't split by a figure ('{prev.text} {self.m[k].text} ...'); please group by a column.",
            )

    def on_agg(self, k: int, m: Mention) -> None:
        agg = m.of("agg")[0].key
        last = self.s.measures[-1][0] if self.s.measures else None
        again = last is not None and last.agg == "sum" and self.pending_agg is None
        if agg == "sum" and again and all(x.kinds <= {"stop"} for x in self.m[k + 1 :]):
            return  # "the total value of all orders combined": the total said again at the end
        if m.text in ("first", "last", "earliest", "latest", "first ever", "most recent"):
            self.s.order_extreme = True
        if agg == "range":
            # "the price range": the lowest and the highest, two figures of the one column
            if self.pending_cmp is not None or any(x.number is not None for x in self.m[max(k - 3, 0) : k]):
                self.unused.append(m.text)  # "in the 30 to 40 age range": a span said, no figure asked
                return
            prev = self.m[k - 1] if k else None
            dates = [x for x in (prev.of("column") if prev else []) if self.col(str(x.key)).role == Role.TIME]
            if len(dates) == 1 and self.s.time_col == dates[0].key and not self.s.measures:
                # "the date range of the orders": the first and the last date
                self.s.measures += [(Measure(a, str(dates[0].key)), False) for a in ("min", "max")]
                self.s.time_col, self.which = None, False
                return
            self.extra_aggs.append("min")
            agg = "max"
        if agg in ("count_distinct", "sum", "avg", "median", "stddev"):
            self.group_by_figure(k)
        if agg not in SUPERLATIVE:
            self.which = False  # "what's the average tenure": no thing to pick
        if agg == "count_distinct" and m.text.startswith(("number", "count", "how")):
            self.s.count = True
        if (
            self.pending_agg
            and self.pending_agg[0] in SUPERLATIVE
            and agg not in SUPERLATIVE
            and not self.extra_aggs
        ):
            # "the highest total amount": rank by a total
            self.s.superlative = SUPERLATIVE[self.pending_agg[0]]
        elif (
            self.pending_agg
            and self.pending_agg[0] == "count"
            and agg in ("sum", "avg", "median")
            and self.s.count_of is None
            and any("and" in x.text.split() for x in self.m[self.pending_agg[1] + 1 : k])
        ):
            # "how many of each and for what total amount": the count is one more figure
            self.s.count_also = len(self.s.measures)
        elif (
            self.pending_agg
            and self.pending_agg[0] in ("avg", "median")
            and agg == "sum"
            and self.pending_agg[1] == k - 1
            and m.text == "total"
        ):
            # "the average total spend (per customer)": "total" is said of what is averaged, one figure
            self.s.notes.append(f"read '{self.m[k - 1].text} total' as one figure, the {self.m[k - 1].text}")
            return
        elif self.pending_agg and self.pending_agg[0] not in ("count", "count_distinct", "freq", "rare"):
            # "the minimum, maximum and average price": several figures of one column
            self.extra_aggs.append(self.pending_agg[0])
        self.pending_agg = (agg, k)

    def counted_column_after(self, k: int) -> bool:
        """ "by number of kids at home": after a split word, "number of" names a column that already is a
        small count (Kidhome: 0, 1, 2), split by its values; an article between them too ("vary with the
        number of projects")."""
        j = k - 1
        while j > 0 and self.m[j].text in ("the", "their", "its"):
            j -= 1
        prev = self.m[j] if k else None
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        if prev is None or nxt is None or not prev.has("group"):
            return False
        ranked = self.s.superlative or self.s.rank or self.s.by_count
        if ranked or (self.pending_agg and self.pending_agg[0] in SUPERLATIVE):
            return False  # "the best-selling product by number of units": what it is ranked by
        return small_count_named(self.schema, [nxt])

    def on_count(self, k: int, m: Mention) -> None:
        if self.counted_column_after(k):
            self.group_mode = True  # the split goes on to the column named next
            return
        self.group_by_figure(k)
        self.which = False
        if self.pending_agg and (
            self.pending_agg[0] in ("freq", "rare")
            or self.pending_agg[0] in ("max", "min")
            and self.m[self.pending_agg[1]].text
            in (QUANTITY_WORDS | {"highest", "largest", "greatest", "lowest", "smallest", "biggest"})
        ):
            # "the most number of cards", "busiest in terms of number of transactions": rank by the count
            self.s.superlative = SUPERLATIVE[self.pending_agg[0]]
            self.s.count = True
            self.pending_agg = ("count", k)
            return
        if self.pending_agg and self.pending_agg[0] in ("avg", "median", "sum"):
            # "average number of cds": the aggregation applies to the column that follows
            self.agg_of_count = True
            return
        before = [j for j, x in enumerate(self.m[:k]) if x.has("count") and x.text == m.text == "how many"]
        of_them = k + 1 < len(self.m) and self.m[k + 1].has("anaphora")  # "and how many of them left"
        if (
            self.s.count
            and before
            and any(x.text == "and" for x in self.m[before[-1] + 1 : k])
            and not of_them
        ):
            self.s.versus = True  # "how many are billing and how many are residential": one count each
            self.s.counts_each = True
        self.s.count = True
        self.pending_agg = ("count", k)

    def on_rate(self, k: int, m: Mention) -> None:
        if self.percent_of_number(k, m):
            return
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        if m.text in ("rate", "rates") and nxt is not None and nxt.text in RATE_VERB_OBJECTS:
            return  # "employees who rate their work-life balance as 1": the verb, not a rate
        prev = self.m[k - 1] if k else None
        if (
            m.text in ("rate", "rates")
            and prev is not None
            and prev.has("entity")
            and " as " in f" {' '.join(self.s.words)} "
        ):
            return  # "how many people rate good taste as very important": the verb, not a rate
        if self.ratio_of_measures(k):
            self.which = False  # "what percent of the bill do customers leave": no customers are asked for
            return
        self.s.rate_at.append(k)
        if m.text.split()[-1] not in ("rate", "rates", "ratio", "pct"):
            self.s.share_at.append(k)  # "what share", "what percentage": the thing measured may come after
        self.which = False
        if self.pending_agg and self.pending_agg[0] in SUPERLATIVE:
            self.s.superlative = SUPERLATIVE[self.pending_agg[0]]
            self.pending_agg = None

    def asked_by_value(self, k: int) -> bool:
        """The column at k is said right after "which" or "top" (a count between: "which 3 ages")."""
        j = k - 1
        if j >= 0 and self.m[j].number is not None:
            j -= 1
        return j >= 0 and self.m[j].text in ("which", "top", "bottom")

    def number_before_noun(self, number: Any) -> bool:
        """The number is said right before a word naming a column or records ("at least 50 visits"): it
        counts those, never an age or an amount of money."""
        at = [j for j, x in enumerate(self.m) if x.number == number]
        nxt = at[-1] + 1 if at else len(self.m)
        if nxt + 1 < len(self.m) and self.m[nxt].has("cmp"):
            nxt += 1  # "5 or more different products": the comparison said after the number
        if nxt + 1 < len(self.m) and self.m[nxt].text in DISTINCT_WORDS:
            nxt += 1  # "more than three different neighbourhoods": it counts the neighbourhoods
        return bool(at) and nxt < len(self.m) and bool(self.m[nxt].kinds & {"column", "colword", "entity"})

    def number_counts_records(self, number: Any) -> bool:
        """ "reps with at least 100 closed deals": the number is followed by records (a word of theirs
        between), so it counts them; never an amount of their money."""
        at = [j for j, x in enumerate(self.m) if x.number == number]
        for j in at:
            after = [x for x in self.m[j + 1 : j + 3] if not x.kinds <= {"stop"}]
            if after and after[-1].has("entity") and not after[-1].has("column"):
                return True
        return False

    def rate_having(self, op: str, first: Any, rest: list[Any]) -> bool:
        """ "the states where more than 20% of customers churned", "plans with a churn rate above 15%": a
        percent compared in a question split by a column, with one yes/no thing named, keeps the groups
        whose rate of it passes (HAVING on the rate), never rows."""
        dims = [b for b in self.s.bare if self.col(b).role == Role.DIMENSION]
        groups = self.s.group or self.s.target or (dims if len(dims) == 1 and len(self.s.bare) == 1 else [])
        flags = {f[0] for f in self.s.flags}
        if (
            len(flags) != 1
            or not groups
            or self.s.having
            or self.s.measures
            or self.s.count
            or op == "between"
        ):
            return False
        if not self.s.group:
            self.s.bare = [b for b in self.s.bare if b not in groups]
            self.s.target = [t for t in self.s.target if t not in groups]
            self.s.group = list(groups)
        if not self.s.rate_at:
            self.s.rate_at.append(self.s.flags[-1][2] + 1)
        self.s.having.append(Cond("", op, first / 100))
        self.s.having_figure = True
        return True

    def figure_having(self, op: str, first: Any, rest: list[Any]) -> bool:
        """ "which states have total sales above 100000", "regions with an average discount over 0.2": a
        comparison right after a figure named with its aggregation, in a question split by a column,
        keeps the groups whose figure passes (HAVING), never the rows."""
        figures = list(dict.fromkeys(m for m, _ in self.s.measures))
        dims = [b for b in self.s.bare if self.col(b).role == Role.DIMENSION]
        if not (self.s.target or self.s.group) and len(dims) == 1 and len(self.s.bare) == 1:
            self.s.bare, self.s.group = [], dims  # "regions with total profit over 50000": by region
        split = bool(self.s.target or self.s.group) and not self.s.target_entity
        if len(figures) != 1 or figures[0].agg not in HAVING_AGGS or not split or self.s.having:
            return False
        if figures[0].since or figures[0].over or figures[0].per or figures[0].per_key:
            return False
        low, high = (first, rest[0]) if op == "between" and rest else (rest[0] if rest else first, None)
        self.s.having.append(Cond("", op, low, high))
        self.s.having_figure = True
        return True

    def groups_with_none(self) -> None:
        """ "which countries have no Premium subscribers?": the groups (a column named before) where no
        record has the value said after "no", never the records without it: by that column, kept where
        the count of such records is 0."""
        dims = [c for c in [*self.s.target, *self.s.bare] if self.col(c).role == Role.DIMENSION]
        if len(self.s.values) != 1 or len(dims) != 1 or self.s.group or self.s.grain is not None:
            return
        column, value, neg = self.s.values[0]
        at = self.s.value_at.get(column, -1)
        if not neg or column.startswith("?") or column == dims[0] or at < 1 or self.m[at - 1].text != "no":
            return
        if self.s.measures or self.s.count or self.s.rate_at or self.s.having or self.s.flags or self.s.conds:
            return
        if self.s.value_at.get(dims[0], -1) > at or dims[0] not in self.s.mentioned:
            return
        self.s.values = []
        self.s.target = [t for t in self.s.target if t != dims[0]]
        self.s.bare = [b for b in self.s.bare if b != dims[0]]
        self.s.group = [dims[0]]
        self.s.count = False
        self.s.measures = [(Measure("count", None, condition=(Cond(column, "=", value),)), False)]
        self.s.having = [Cond("", "=", 0)]
        self.s.having_figure = True
        self.s.notes.append(f"the {self.col(dims[0]).label} values with no record of {value}")

    def figure_said_with_condition(self) -> None:
        """ "which countries have an average subscriber age above 39": a comparison right after the
        figure asked (its aggregate word, then its column) in a question split by a column keeps the
        groups whose figure passes (HAVING), never the rows; "the average age of users over 39 by
        country" keeps the rows (the records named between)."""
        figures = list(dict.fromkeys(m for m, _ in self.s.measures))
        if len(figures) != 1 or not (self.s.target or self.s.group) or self.s.target_entity or self.s.having:
            return
        figure = figures[0]
        said = [
            c for c in self.s.conds if c.column == figure.column and c.op in (">", ">=", "<", "<=", "between")
        ]
        agg_words = AGG_SAID.get(figure.agg, ())
        words = list(self.s.turn_words or self.s.words)
        if len(said) != 1 or figure.since or figure.over or figure.per or figure.per_key:
            return
        at = [i for i, w in enumerate(words) if w in agg_words]
        cmp_at = [i for i, w in enumerate(words) if w in CMP_WORDS and at and i > at[0]]
        if len(at) != 1 or not cmp_at:
            return
        between = set(words[at[0] + 1 : cmp_at[0]])
        # "of users over 39" names the records; "an average age of more than 39" is the figure's own "of"
        named_records = set(words[at[0] + 1 : cmp_at[0] - 1]) | ({words[cmp_at[0] - 1]} - {"of"})
        if named_records & {"of", "for", "among", "per", "in", "from", "by", "across"}:
            return
        if figure.column is None or not set(self.col(figure.column).words) <= between:
            return
        cond = said[0]
        self.s.conds.remove(cond)
        self.s.having.append(Cond("", cond.op, cond.value, cond.value2))
        self.s.having_figure = True

    def percent_of_number(self, k: int, m: Mention) -> bool:
        """ "a discount of 50% or more", "discount above 50%": "percent" after a number compared with a
        column is that number's unit, never a share asked for; a column of fractions (0 to 1) takes it
        divided by 100 (said so), one of percent points as it is; any other column is asked back."""
        said = self.m[k - 1].number if k else None
        if said is None or m.text not in PERCENT_WORDS:
            return False
        last = self.s.conds[-1] if self.s.conds else None
        if last is not None and said in (last.value, last.value2) and last.op in COMPARISONS:
            column = last.column
        elif self.pending_cmp is not None and self.pending_cmp[1] is not None and self.pending_cmp[2] == said:
            column = self.pending_cmp[1]
        else:
            return False
        c = self.col(column)
        low, high = c.minimum, c.maximum
        if not (c.is_numeric and isinstance(low, int | float) and isinstance(high, int | float)):
            return False
        if low >= 0 and high <= 1:
            if last is not None and last.column == column and said in (last.value, last.value2):
                scaled = {"value": last.value, "value2": last.value2}
                scaled = {n: v / 100 if isinstance(v, int | float) else v for n, v in scaled.items()}
                self.s.conds[-1] = replace(last, **scaled)
            else:
                assert self.pending_cmp is not None
                self.pending_cmp[2] = said / 100
            self.s.notes.append(f"{said:g}% read as {said / 100:g}: {c.name} is stored as a fraction")
            return True
        if low >= 0 and high <= 100:
            return True  # percent points, stored as said
        raise Decline("clarify", f"{c.name} is not a percentage; please give the number alone.")

    def ratio_of_measures(self, k: int) -> bool:
        """ "balance as a share of the credit limit", "the ratio of balance to limit": one amount over
        another of the same records (the ratio of their totals), never a rate of a yes/no condition."""
        words = word_classes()["ratio_glue"]

        def content(j: int, step: int) -> int | None:
            while 0 <= j < len(self.m) and (self.m[j].text,) in words:
                j += step
            return j if 0 <= j < len(self.m) else None

        def measure(j: int | None) -> str | None:
            if j is None:
                return None
            cols = {str(x.key) for x in self.m[j].senses if x.kind == "column"}
            if len(cols) != 1:
                return None
            c = self.col(next(iter(cols)))
            return c.qualified if c.role == Role.MEASURE and c.is_numeric and not c.numeric_text else None

        before, after = content(k - 1, -1), content(k + 1, 1)
        top, bottom = measure(before), measure(after)
        last = self.s.measures[-1][0] if self.s.measures else None
        averaged = last is not None and last.column == top and last.agg in ("avg", "sum") and not last.over
        if (
            top is not None
            and bottom is not None
            and ((top in self.s.bare and self.col_at.get(top) == before) or averaged)
        ):
            rest = None  # "balance as a share of the limit"; "the average balance as a share of ..."
            if averaged:
                self.s.measures.pop()
        elif top is None and bottom is not None and after is not None:
            # "the ratio of balance to limit"
            rest = content(after + 1, 1)
            if rest is not None and self.m[rest - 1].text == "to":
                top, bottom = bottom, measure(rest)
            else:
                # "what percent of the bill do customers leave as a tip": the amount follows "as"
                rest = next((j for j in range(after + 1, len(self.m)) if self.m[j].text == "as"), None)
                rest = content(rest + 1, 1) if rest is not None else None
                top = measure(rest)
            if bottom is None or top is None:
                return False
        else:
            return False
        if top == bottom or top.split(".", 1)[0] != bottom.split(".", 1)[0]:
            return False
        self.s.bare = [b for b in self.s.bare if b != top]
        if self.pending_agg is not None and self.pending_agg[0] in ("avg", "sum"):
            self.pending_agg = None  # "the average utilization": the ratio of the totals
        # money over a quantity of a unit of its own, or of fractional values, that is no money ("the ratio
        # of price to carat", "of price to RAM") is an amount per unit of it, never a percentage
        low = self.col(bottom)
        measured = bool(low.said_units or low.measured_in) or low.dtype in ("DOUBLE", "FLOAT", "REAL")
        each = self.col(top).money and not low.money and measured
        self.s.measures.append((Measure("sum", top, over=bottom, per_each=each), False))
        self.skip.update(j for j in (after, rest) if j is not None)
        return True

    def on_group(self, k: int, m: Mention) -> None:
        if self.agent(k, m) or self.summed_across(k, m) or self.per_counted(k, m) or self.ranked_by(k, m):
            return
        if self.across_all(k):
            return
        self.per_quantity(k, m)
        self.group_mode = True
        self.group_word = m.text
        self.split_by_whether(k)

    def across_all(self, k: int) -> bool:
        """ "the total claim amount across all claims", "over all our customers": all of the records the
        question is about, never a split by a column their noun also names."""
        words: list[str] = []
        j = k + 1
        while j < len(self.m) and len(words) < 4:
            words += self.m[j].text.split()
            j += 1
            if words[:1] not in (["all"], ["every"]):
                return False
            rest = [w for w in words[1:] if w not in ("our", "the", "of")]
            if rest and any(
                singular(rest[-1]) in (t.entity_singular, singular(t.entity))
                for t in self.schema.tables.values()
            ):
                self.skip |= set(range(k + 1, j))
                return True
        return False

    def ranked_by(self, k: int, m: Mention) -> bool:
        """ "the best-selling product by number of units": "by" an amount after a superlative of how
        often names what the records are ranked by (its total), never a split by its values."""
        if m.text == "by" and not self.s.measures and self.ranked_by_records(k):
            return True
        ranks = self.s.superlative and (self.s.by_count or self.s.target or self.s.target_entity)
        if m.text != "by" or not ranks or self.s.measures:
            return False
        amount = self.measure_named(k + 1)
        if amount is None:
            return False
        self.s.by_count = False
        if not (self.s.target or self.s.target_entity) and self.s.entity is not None:
            self.s.target_entity = self.s.entity  # the records ranked are the ones named
        self.s.measures.append((Measure("sum", amount), False))
        self.skip.add(k + 1)
        return True

    def ranked_by_records(self, k: int) -> bool:
        """ "among buyers from Shaker Heights, which event is the most popular by tickets": ranked by how
        many of the records named after "by" (the tickets), never by the people named before."""
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        own = [x for x in (nxt.of("entity") if nxt is not None else []) if not x.value]
        ranking = self.s.superlative or (self.pending_agg and self.pending_agg[0] in ("freq", "rare"))
        if nxt is None or not own or not nxt.kinds <= {"entity", "colword"} or not self.s.target_entity:
            return False
        if not ranking or k + 2 < len(self.m) or own[0] == self.s.target_entity:
            return False  # (only "... by tickets" ending the question)
        self.s.entity = own[0]
        self.s.entities.append(own[0])
        self.skip.add(k + 1)
        return True

    def per_quantity(self, k: int, m: Mention) -> None:
        """ "price per MB of RAM": "per" and a unit of a product's specification is a ratio whose column is
        not named; "average depth per carat": "per" a measure of fractional values that no ratio reading
        took (per_counted takes money over it) may be a ratio as much as a split. Asked back, never
        guessed."""
        if m.text != "per" or k + 1 >= len(self.m):
            return
        nxt = self.m[k + 1]
        said = unit_of_word(nxt.text) if nxt.has("unit") else None
        cols = [self.col(str(x.key)) for x in nxt.senses if x.kind == "column"]
        fractional = [
            c
            for c in cols
            if c.role == Role.MEASURE
            and (c.dtype in ("DOUBLE", "FLOAT", "REAL") or c.dtype.startswith("DECIMAL"))
        ]
        if said is not None and any(said in c.said_units for c in self.schema.columns()):
            raise Decline(
                "clarify",
                f"'per {nxt.text}' is a ratio (each row's amount divided by its size in {nxt.text}); please ask "
                "for 'the ratio of <amount> to <column>', naming both columns.",
            )
        units = [
            c
            for c in cols
            if any(b.concept == "quantity" and b.target == c.qualified for b in self.schema.concepts)
        ]
        if len(cols) == 1 and units:
            # "which brand has the highest sales per packet": never the top brand for each number of packets
            raise Decline(
                "clarify",
                f"'per {nxt.text}': the total over the {units[0].name} (ask 'average sales per {nxt.text}'), "
                f"or a split by {units[0].name}?",
            )
        if len(cols) == 1 and fractional:
            what = fractional[0].name
            raise Decline(
                "clarify",
                f"'per {nxt.text}' may be a ratio (each row's amount divided by its {what}) or a split by "
                f"{what}; please ask for 'the ratio of ... to {what}' or '... by {what}'.",
            )

    def split_by_whether(self, k: int) -> None:
        """ "by whether the store is in the US": the yes/no column named after "whether" (and the records
        and linking words: "the store is in") splits; nothing else may stand between them."""
        if k + 1 >= len(self.m) or self.m[k + 1].text != "whether":
            return
        j = k + 2
        while j < len(self.m) and (self.m[j].kinds <= {"stop", "entity"} or self.m[j].text in WHETHER_GLUE):
            j += 1
        if j < len(self.m) and {"flag", "column", "value"} & self.m[j].kinds:
            q = next(x.key for x in self.m[j].senses if x.kind in ("flag", "column", "value"))
            c = self.col(str(q))
            if c.role == Role.FLAG or c.flag_true is not None:
                self.skip.update(range(k + 1, j))

    @staticmethod
    def counts_of(c: Col, said: str) -> bool:
        """A count column named for the things it counts (SessionCount, num_orders, Number of visits) said
        by their noun ("session")."""
        words = [singular(w) for w in c.words]
        counters = ("count", "number", "num", "no", "nb", "total")
        named = len(words) == 2 and (words[-1] in counters or words[0] in counters)
        return c.role == Role.MEASURE and c.unit == "count" and named and singular(said) in words

    def per_counted(self, k: int, m: Mention) -> bool:
        """ "revenue per guest", "how much do we make per guest": "per" and a noun for what a count column
        counts (a party's size said as its guests, not by its own name: "per party size" groups) is one
        amount over that count, the ratio of their totals (sum of bills / sum of guests); the amount is
        the one named before, or after "how much" the one money column of the same records."""
        if m.text != "per" or k + 1 >= len(self.m):
            return False
        nxt = self.m[k + 1]
        if nxt.number is not None and k + 2 < len(self.m):
            # "claims per 100 policyholders": a rate scaled to a number of them (it was read as the
            # rows where holders = 100, a wrong answer)
            raise Decline(
                "clarify",
                f"'per {nxt.text} {self.m[k + 2].text}': I give rates per one; ask e.g. "
                f"'... per {singular(self.m[k + 2].text.split()[-1])}' and scale it by {nxt.text}.",
            )
        cols = [self.col(str(x.key)) for x in nxt.senses if x.kind == "column"]
        allowed = {"column", "unit"}
        if not cols and nxt.kinds == {"colword"}:
            # "revenue per session" beside SessionCount and AverageSessionLength: the count of sessions
            cols = [c for c in (self.col(str(x.key)) for x in nxt.senses) if self.counts_of(c, nxt.text)]
            allowed = {"colword"}
        if len(cols) != 1 or nxt.kinds - allowed:
            return False
        count = cols[0]
        said_own = {singular(w) for w in count.words} & {singular(w) for w in nxt.text.split()}
        people_word = bool(count.words) and (count.words[-1],) in word_classes()["people"]
        counts_people = people_word and not count.money
        # units bought or sold ("revenue per item" of Items Purchased): the amount over their total
        units = any(b.concept == "quantity" and b.target == count.qualified for b in self.schema.concepts)
        # or of events a column counts ("purchase amount per purchase transaction" of PURCHASES_TRX)
        units = units or count.unit == "count"
        # (a whole number of hundreds of values counts things: "per completed job" of Job_Completed)
        units = units or (count.dtype.upper() in INTEGER_TYPES and count.distinct > WHICH_VALUES)
        # its own name groups ("per party size"), unless the number is a continuous quantity no split
        # could take ("price per carat": 273 weights), a count of people ("per holder") or of units
        if (
            count.role != Role.MEASURE
            or not count.is_numeric
            or (said_own and not count.continuous and not people_word and not units)
        ):
            return False
        top: str | None = None
        from_bare = bool(self.s.bare) and self.col(self.s.bare[-1]).role == Role.MEASURE
        from_measure = (
            not from_bare
            and bool(self.s.measures)
            and self.s.measures[-1][0].agg in ("avg", "sum")
            and bool(self.s.measures[-1][0].column)
        )
        if from_bare:
            top = self.s.bare[-1]
        elif from_measure:
            top = self.s.measures[-1][0].column
        elif self.s.how_much:
            money = [
                c.qualified
                for c in self.schema.tables[count.table].columns.values()
                if c.money and c.is_numeric and c.role == Role.MEASURE
            ]
            top = money[0] if len(money) == 1 else None
        if top is None or top == count.qualified or self.col(top).table != count.table:
            return False
        if said_own and not (self.col(top).money and not count.money) and not counts_people:
            # "price per carat": money over a quantity; "quantity per unit price" is no ratio; "claims per
            # holder": a count of people (Holders) said by its own name is what the figure is per
            return False
        if from_bare:
            self.s.bare = self.s.bare[:-1]
        elif from_measure:
            self.s.measures.pop()
        if self.pending_agg is not None and self.pending_agg[0] in ("avg", "sum"):
            self.pending_agg = None  # "per guest on average": the ratio of the totals
        self.s.measures.append((Measure("sum", top, over=count.qualified, per_each=True), False))
        self.skip.add(k + 1)
        after = self.m[k + 2] if k + 2 < len(self.m) else None
        if after is not None and any(x.kind == "agg" and x.key == "avg" for x in after.senses):
            self.skip.add(k + 2)  # "per guest on average": the ratio is that average
        return True

    def summed_across(self, k: int, m: Mention) -> bool:
        """ "which account holder has the highest total across their accounts": after the records asked
        for, "across" and a possessive before other records (words.yaml `summed_over`) adds the figure up
        over those records of each one, never a split by them."""
        classes = word_classes()
        if (m.text,) not in classes["summed_over"] or k + 2 >= len(self.m) or self.s.target_entity is None:
            return False
        if (self.m[k + 1].text,) not in classes["possessives"] or not self.m[k + 2].has("entity"):
            return False
        self.skip.add(k + 2)
        self.s.notes.append(
            f"'{m.text} {self.m[k + 1].text} {self.m[k + 2].text}' read as added up over them"
        )
        return True

    def agent(self, k: int, m: Mention) -> bool:
        """ "orders placed by customers who pay by card": "by" after a verb names who did it (the records
        are related to those, qualified after them), not a split by them."""
        if m.text != "by" or not k or k + 1 >= len(self.m):
            return False
        prev, nxt = self.m[k - 1], self.m[k + 1]
        verbs = word_classes()["agent_verbs"] + word_classes()["held_filler"]
        j = k - 1  # "made on iOS devices by users in rural areas": the verb before what it was done with
        while (
            j > 0
            and k - j < 5
            and self.m[j].kinds <= {"stop", "value", "colword"}
            and (self.m[j].text.split()[-1],) not in verbs
        ):
            j -= 1
        prev = self.m[j] if (self.m[j].text.split()[-1],) in verbs else prev
        said = prev.text.split()[-1]
        # "never rated by the customer", "disputed by the customer"
        participle = bool(prev.kinds & {"column", "flag"}) and said.endswith("ed")
        if not ("timecol" in prev.kinds or (said,) in verbs or participle):
            return False
        if participle or (said,) in verbs:
            tail = self.m[k + 1 :]
            if len(tail) == 2 and tail[0].text == "the" and _names_one_person(tail[1]):
                self.skip.add(k + 2)
                return True  # "orders never rated by the customer": who did it, never a split
        one = nxt.text in ("a", "an") and k + 2 < len(self.m)
        if one:
            nxt = self.m[k + 2]  # "carried by a student": one who is a student, never a split
        elif nxt.text == "the" and k + 2 < len(self.m):
            nxt = self.m[k + 2]  # "requested by the approved applicants"
            after = self.m[k + 3] if k + 3 < len(self.m) else None
            if nxt.kinds & {"flag", "value"} and after is not None and after.has("entity"):
                return True  # those applicants: the approved ones, never a split by approval
        own = [s for s in nxt.of("entity") if not s.value]
        last = nxt.text.split()[-1]
        ranked = [m for m, sup in self.s.measures if sup and m.agg in ("max", "min") and m.column]
        if one and own and ranked:
            # "the largest amount paid by a customer": the single largest one, or the top customer's total
            word = "largest" if ranked[-1].agg == "max" else "smallest"
            label = self.schema.col(ranked[-1].column or "").label
            raise Decline(
                "clarify",
                f"The {word} single {label}, or the {self.schema.tables[own[0].key].entity_singular} "
                f"with the {word} total? Please say which.",
            )
        if not own and nxt.kinds & {"flag", "value"} and (one or singular(last) != last):
            return True  # "the debt held by students": the students who hold it, not a split by student
        people_next = any(x.has("entity") for x in self.m[k + 2 : k + 5])
        if not own and nxt.kinds & {"flag", "value"} and people_next:
            return True  # "the debt held by single (not married) clients": those clients
        later = self.m[k + 2 : k + 8]
        if (
            singular(last) != last
            and (last,) in word_classes()["people"]
            and any(x.has("value") for x in later)
        ):
            return True  # "handled by agents still in on-the-job training": those agents, never a split
        head = self.m[k + 2] if k + 2 < len(self.m) and not one else None
        noun = head.text.split()[-1] if head is not None and head.has("entity") else ""
        if not own and nxt.kinds & {"flag", "value"} and noun and singular(noun) != noun:
            self.skip.add(k + 2)  # "made by female customers": the women who made them, no split
            return True
        after = self.m[k + 3] if k + 3 < len(self.m) else None
        if (
            self.m[k + 1].text == "the"
            and singular(last) != last
            and after is not None
            and after.text in ("we", "who", "that", "which", "they", "you")
        ):
            return True  # "revenue declared by the sellers we signed": those sellers, never a split
        if not own or singular(last) == last:
            return False  # "placed by each customer", "by customer": a split
        rest = self.m[k + 2 :]
        return any(
            x.kinds & {"value", "flag", "cmp", "negation"} or x.text in ("who", "that", "which", "whose")
            for x in rest
        )

    def split_named_column(self, k: int, m: Mention) -> bool:
        """ "rating breakdown": the column named just before is split (counts unless a figure was said)."""
        if not (self.s.bare and self.col_at.get(self.s.bare[-1]) == k - 1):
            return False
        self.add_group(self.s.bare.pop())
        self.s.count = self.s.count or not self.s.measures
        return True

    def split_next(self, k: int, m: Mention) -> bool:
        """ "breakdown of ...": the columns named next are the groups."""
        self.group_mode = True
        self.s.count = self.s.count or not self.s.measures
        return True

    def on_rank(self, k: int, m: Mention) -> None:
        key = m.of("rank")[0].key
        if self.best_figure(k):
            # "the best sales figure of any single store": the largest sales, one figure, as "highest"
            self.on_agg(k, Mention(m.start, m.end, m.text, [Sense("agg", "max" if key == "desc" else "min")]))
            return
        self.s.rank = key

    def best_figure(self, k: int) -> bool:
        """ "best sales", "worst score": a rank word right before a measure column, in a question that
        asks for no rows, no number of them and no split, names one figure (its largest or smallest)."""
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        if nxt is None or nxt.kinds - {"column", "colword"} or "column" not in nxt.kinds:
            return False
        measures = [s for s in nxt.of("column") if self.col(s.key).role == Role.MEASURE]
        if len(measures) != 1 or self.which or self.s.list_word or self.group_mode or self.s.count:
            return False
        return not any(
            x.kinds & {"number", "group", "breakdown", "list", "which", "rank"} for x in self.m[k + 1 :]
        )

    def which_kind_of(self, k: int, m: Mention) -> bool:
        """ "which type of job has the worst rating": the one kind column of the records named next is the
        target (Job Type), their word no longer the records ranked. Claims both mentions only then."""
        words = m.text.split()
        if len(words) < 3 or (words[-2],) not in word_classes()["kind_words"]:
            return False
        own = [x for x in self.m[k + 1].of("entity") if x.value is None]
        if len(own) != 1:
            return False
        found = self.kind_columns(own[0].key)
        if len(found) != 1:
            return False
        self.on_which(k, m)
        self.s.entities.append(own[0])
        self.use_column(found[0], k + 1, self.m[k + 1])
        self.skip.add(k + 1)
        return True

    def on_which(self, k: int, m: Mention) -> None:
        # "what does a Gold member spend": "what" before a verb's auxiliary asks for the figure, no record
        nxt = self.m[k + 1].text if k + 1 < len(self.m) else ""
        self.which = not (m.text == "what" and nxt in ("does", "do", "did"))
        if nxt == "of" and k + 2 < len(self.m) and self.values_of_one_column(k + 2):
            # "which of Google and Direct Traffic gave the most ...": one of those values, ranked
            held = [{str(s.key) for s in x.of("value")} for x in self.m[k + 2 :] if x.has("value")]
            self.which_of = sorted(set.intersection(*held))[0]

    def list_request(self, k: int, m: Mention) -> bool:
        """ "list", "show": rows are asked for; after "how much" ("how much revenue do we get") the verb
        only says the amount is received; after a count ("how many orders did Japanese restaurants get") a
        verb of getting is the records', never a request for rows."""
        if m.text in GETTING_VERBS and (self.s.count or self.s.how_much):
            return True
        if m.text == "return" and any(x.kinds - {"stop"} for x in self.m[:k]):
            # "length of stay for return trips": a kind of trip, never a request for rows
            self.unused.append(m.text)
            return True
        self.s.list_word = self.s.list_word or not self.s.how_much
        return True

    def event_columns(self, word: str) -> list[str]:
        """The date columns whose event this verb names ("return" -> return_date)."""

        return sorted(
            c.qualified
            for c in self.schema.columns(Role.TIME)
            if any(word == w or word in event_forms(w) for w in c.words)
        )

    def on_negation(self, k: int, m: Mention) -> None:
        if (
            self.neg
            and self.neg_at is not None
            and k - self.neg_at <= DOUBLE_NEGATION_GAP
            and self.m[self.neg_at].text in EXCLUSION_WORDS
            and m.text in DENIAL_WORDS
            and not any(x.text in ("and", "or", "nor", "but") for x in self.m[self.neg_at + 1 : k])
        ):
            # "leaving out the ones where no sub-issue was given": a denial of a denial, never read as one
            raise Decline(
                "clarify",
                f"'{self.m[self.neg_at].text}' and '{m.text}' deny each other; please ask it without the "
                "double negative (e.g. 'where a sub-issue was given').",
            )
        self.neg = True
        self.neg_at = k
        before = tuple(w for x in self.m[max(0, k - 2) : k] for w in x.text.split())
        if before[-2:] in word_classes()["both_sides"]:
            self.both = True  # "with and without a partner": both sides, one group each

    def values_of_one_column(self, k: int) -> bool:
        """Mention k starts a run of two or more values (filler between) that one column holds."""
        held: list[set[str]] = []
        for x in self.m[k:]:
            if x.has("value"):
                held.append({str(s.key) for s in x.of("value")})
            elif self.kind(x) != "stop":
                break
        return len(held) >= 2 and bool(set.intersection(*held))

    def on_known_only(self, k: int, m: Mention) -> None:
        self.s.known_only = True

    def on_versus(self, k: int, m: Mention) -> None:
        self.s.versus = True

    def on_signed(self, k: int, m: Mention) -> None:
        sense = m.of("signed")[0]
        if sense.key not in self.s.mentioned:
            self.s.mentioned.append(sense.key)
        self.s.conds.append(Cond(sense.key, sense.value, 0))

    def pending_date(self, k: int, m: Mention) -> bool:
        """ "still open tickets": the closing date is missing."""
        pending = sorted({s.key for s in m.of("timecol") if s.value == "pending"})
        if not pending:
            return False
        if len(pending) > 1:
            raise Decline("clarify", f"'{m.text}' could mean no {' or no '.join(pending)}; which one?")
        self.s.conds.append(Cond(pending[0], "not_null" if self.neg else "null"))
        self.neg = False
        return True

    def duration_to(self, k: int, m: Mention) -> bool:
        """ "days to ship" (see `duration`)."""
        return self.duration(k, m, sorted({str(s.key) for s in m.of("timecol")}))

    def later_period(self, k: int) -> bool:
        """A period is said after mention k."""
        return any(x.time is not None and x.time.range is not None for x in self.m[k + 1 :])

    def never_event(self, k: int, m: Mention) -> bool:
        """ "customers who never ordered" (see `no_such_records`); a later period dates those records."""
        if not (self.neg and self.no_such_records(m)):
            return False
        if self.later_period(k):
            # "haven't rented anything in 2006": the period is the missing records' own
            self.neg_event = sorted({str(s.key) for s in m.of("timecol")})[0]
        return True

    def date_missing(self, k: int, m: Mention) -> bool:
        """ "tickets not closed": that date is missing ("not closed in 2024" stays unclear)."""
        if not self.neg or self.later_period(k):
            return False
        columns = sorted({s.key for s in m.of("timecol")})
        if len(columns) != 1:
            return False
        table = self.schema.tables[columns[0].split(".", 1)[0]]
        own = {singular(w) for w in phrase_tokens(table.entity)}
        if self.s.entity is None and word_lemmas(m.text.split()[-1]) & own:
            # "how many have never ordered": the order lines' own order date is never missing; whose
            # orders are denied is not said (a follow-up's records are not known here)
            raise Decline("clarify", f"Who never {m.text}? Name them, e.g. 'customers who never {m.text}'.")
        self.s.conds.append(Cond(columns[0], "null"))
        self.neg = False
        return True

    def event_date(self, k: int, m: Mention) -> bool:
        """ "signed up", "shipped": the verb names the event a date column records."""
        self.s.event = True
        columns = sorted({s.key for s in m.of("timecol")})
        before = self.s.time_col
        if (
            len(columns) == 1
            and before
            and self.s.ranges
            and before.split(".")[0] != columns[0].split(".")[0]
        ):
            # "students who signed up in July and bought a subscription": July dates the sign-ups, never
            # the purchases; reading both dates is not built yet, so asked rather than moved
            raise Decline(
                "clarify",
                f"'{m.text}' and the period said belong to different dates ({before} and {columns[0]}); "
                "I can't yet keep one period for one and a condition on the other. Please ask one at a time.",
            )
        if len(columns) == 1:
            self.s.time_col = columns[0]
        else:
            self.s.ambiguous.append((m.text, columns, self.role()))
        return True

    def duration(self, k: int, m: Mention, cols: list[str]) -> bool:
        """ "average time to close a ticket", "days to ship": the days from the record's own start
        date to the date of the event named (averaged unless another figure is asked)."""
        classes = word_classes()
        j = k - 1
        start: int | None = None
        while j >= 0 and (
            (self.m[j].text,) in classes["duration_glue"]
            or (j >= 1 and self.m[j - 1].text == "from" and start is None)
            or any(s.key == "avg" for s in self.m[j].of("agg"))  # "does it take on average to close"
        ):
            if any(s.key == "avg" for s in self.m[j].of("agg")):
                j -= 1
                continue
            if (self.m[j].text,) not in classes["duration_glue"]:
                start, j = j, j - 1  # "the time from order to shipment": the start said after "from"
            j -= 1
        if j < 0 or j == k - 1 or (self.m[j].text,) not in classes["duration_words"]:
            return False
        due = {w for p in classes["due_dates"] for w in p}
        kept = [q for q in cols if not set(self.col(q).words) & due]
        if len(kept) < len(cols) and not kept:
            # "delivery" names the estimated delivery date: a deadline never ends a duration; the dates
            # of the event itself do ("delivered")
            kept = [
                c.qualified
                for c in self.schema.columns(Role.TIME)
                if not set(c.words) & due and any(w[:STEM] == m.text[:STEM] for w in c.words)
            ]
        cols = kept
        if not cols:
            return False
        if len(cols) > 1:
            cols = self.to_date(k, cols) or cols
        if len(cols) != 1:
            raise Decline("clarify", f"Time to {m.text}: which date, {' or '.join(cols)}?")
        end = cols[0]
        table = end.split(".", 1)[0]

        others = [
            c.qualified
            for c in self.schema.tables[table].columns.values()
            if c.role == Role.TIME and c.qualified != end
        ]
        if not others:
            # a closed deal kept by its lead's key (closed_deals.mql_id of leads): the lead's one date
            held = [
                self.schema.tables[r.ref_table].by_role(Role.TIME) for r in kept_by_key(self.schema, table)
            ]
            others = [held[0][0].qualified] if len(held) == 1 and len(held[0]) == 1 else []
        others = record_dates(self.schema, table, others) if len(others) > 1 else others
        if len(others) > 1:
            others = [q for q in others if any(w.startswith(START_WORDS) for w in self.col(q).words)]
        if len(others) > 1:
            others = self.from_date(table, others) or others
        if len(others) != 1:
            raise Decline("clarify", f"Time to {m.text} counted from which date of {table}?")
        said = {x.text for x in self.m[j:k]} | ({"how"} if j and self.m[j - 1].text == "how" else set())
        self.unused = [u for u in self.unused if u not in said]
        if start is not None:
            self.unsay_records(self.m[start])  # "from order": the start date, not the orders counted
        agg = "avg"
        if self.pending_agg is not None and self.pending_agg[0] in (
            "avg",
            "median",
            "min",
            "max",
            "sum",
            "stddev",
        ):
            agg = self.pending_agg[0]
            self.pending_agg = None
        if agg in ("max", "min") and (self.s.target or self.s.target_entity or self.s.group):
            # "which priority has the longest time to close": ranked by the average duration
            self.s.superlative, agg = SUPERLATIVE[agg], "avg"
        p = self.pending_cmp
        if p is not None and p[1] is None and p[2] is not None and self.days_compared:
            # "orders that took more than 5 days to ship": the duration compared, each record's own
            self.s.conds.append(Cond(end, p[0], p[2], p[3] if len(p) > 3 else None, since=others[0]))
            self.pending_cmp, self.days_compared = None, False
            self.pending_agg = None if agg == "avg" else self.pending_agg
            return True
        self.s.measures.append((Measure(agg, end, since=others[0]), False))
        self.skip |= self.start_restated(k, others[0])
        return True

    def start_restated(self, k: int, start: str) -> set[int]:
        """ "to ship an order after it's placed": the start date said again after the event ("after",
        "once", "from when"), a pronoun and the start's verb between; those words are read (skipped)."""
        for i in range(k + 1, len(self.m)):
            if self.m[i].text not in ("after", "once", "since", "from when"):
                continue
            j = i + 1
            while j < len(self.m) and self.m[j].kinds <= {"stop"} and not self.m[j].has("timecol"):
                j += 1
            if j < len(self.m) and any(str(x.key) == start for x in self.m[j].of("timecol")):
                return set(range(i, j + 1))
        return set()

    def unsay_records(self, m: Mention) -> None:
        """Forget a mention already read as the records named ("from order" of a duration's start)."""
        said = set(m.of("entity"))
        self.s.entities = [x for x in self.s.entities if x not in said]
        self.s.entity = None if self.s.entity in said else self.s.entity
        self.s.target_entity = None if self.s.target_entity in said else self.s.target_entity
        self.s.group = [g for g in self.s.group if not any(g in (x.value, "@" + str(x.key)) for x in said)]

    def to_date(self, k: int, dates: list[str]) -> list[str]:
        """ "delivery ... to the customer": of several dates of one event (handed to the carrier,
        delivered to the customer), the one whose name holds the word said after "to"."""
        at = next((i for i in range(k + 1, len(self.m)) if self.m[i].text == "to"), None)
        if at is None:
            return []
        j = at + 1
        while j < len(self.m) and self.m[j].text in ("the", "a", "an", "our", "their"):
            j += 1
        if j >= len(self.m):
            return []
        words = {singular(w) for w in self.m[j].text.split()}
        found = [q for q in dates if words & {singular(w) for w in self.col(q).words}]
        if len(found) != 1:
            return []
        self.skip.add(j)
        self.unused = [u for u in self.unused if u != self.m[j].text]
        return found

    def from_date(self, table: str, dates: list[str]) -> list[str]:
        """ "how many days does delivery take from purchase": of several dates a duration could start
        at, the one named right after "from" (by a word of its name other than the table's own)."""
        own = {singular(w) for w in phrase_tokens(table)} | {
            singular(w) for w in phrase_tokens(self.schema.tables[table].entity)
        }
        at = next((i for i, x in enumerate(self.m) if x.text == "from"), None)
        if at is None or at + 1 >= len(self.m):
            return []
        said = self.m[at + 1]
        words = {w[:STEM] for w in said.text.split()}
        found = [q for q in dates if words & {w[:STEM] for w in self.col(q).words if singular(w) not in own}]
        if len(found) != 1:
            return []
        self.skip.add(at + 1)
        self.unused = [u for u in self.unused if u != said.text]
        return found

    def most_events(self, k: int, m: Mention) -> bool:
        """ "the two most rented films": the records of the event (rentals) counted per film, ranked;
        the film is reached through the join graph (rental -> inventory -> film)."""

        pending = self.pending_agg
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        tables = {str(s.key).split(".", 1)[0] for s in m.of("timecol")}
        if pending is None or pending[0] != "max" or len(tables) != 1 or nxt is None:
            return False  # (the least rented film may have no rentals at all: not counted here)
        if self.m[pending[1]].text not in QUANTITY_WORDS:
            return False
        own = [s for s in nxt.of("entity") if not s.value]
        event = next(iter(tables))
        if len(own) != 1 or own[0].key == event or join_path(self.schema, event, own[0].key) is None:
            return False
        self.s.superlative = SUPERLATIVE[pending[0]]
        self.pending_agg = None
        self.s.count = True
        self.s.entity = Sense("entity", event)
        self.s.target_entity = own[0]
        self.s.entities += [self.s.entity, own[0]]
        self.consumed = k + 1
        return True

    def no_such_records(self, m: Mention) -> bool:
        """ "customers who never ordered": the event is dated in another table, so the records have
        none of those rows (an anti-join), not rows whose date is missing."""
        tables = {str(s.key).split(".", 1)[0] for s in m.of("timecol")}
        e = self.s.entity or self.s.target_entity
        if len(tables) != 1 or e is None or e.value or e.key in tables:
            return False
        table = next(iter(tables))

        if not join_path(self.schema, table, e.key) and not self.bridged_alone(e.key, table):
            return False  # (rentals reach films through inventory: "films never rented")
        other = Sense("entity", table)
        self.s.entities.append(other)
        self.s.neg_entities.append(other)
        self.neg = False
        return True

    def bridged_alone(self, key: str, table: str) -> bool:
        """ "products never ordered": order lines link products and orders, so having no line is never
        having been ordered, when nothing else was said of the orders or their customers ("products
        Dora Stone has not ordered" is another question)."""
        if bridge(self.schema, key, table) is None:
            return False
        said = (
            [c for c, _, _ in self.s.values] + [f[0] for f in self.s.flags] + [c.column for c in self.s.conds]
        )
        return all(q.split(".", 1)[0] == key for q in said)

    def counted_events(self, k: int, m: Mention) -> bool:
        """ "the number of sign-ups", "how many sign-ups per year": the records of the one table whose
        date the word names (members who signed up), counted; read on as the event's date."""
        columns = sorted({str(s.key) for s in m.of("timecol")})
        if len(columns) != 1 or self.s.entity is not None or self.s.target_entity is not None:
            return False
        records = Sense("entity", columns[0].split(".", 1)[0])
        self.s.entity = records
        self.s.entities.append(records)
        return self.event_date(k, m)

    def scale_noun(self, k: int, m: Mention) -> bool:
        """ "the average seat comfort rating", "passengers who rated baggage handling 2 or lower": "rating",
        "rated", "score" beside a column that is a rating scale (0-5) only say what it is."""
        if m.text not in (
            "rating",
            "ratings",
            "rated",
            "rate",
            "score",
            "scores",
            "scored",
            "grade",
            "grades",
        ):
            return False
        beside = [self.m[j] for j in (k - 1, k + 1) if 0 <= j < len(self.m)]
        cols = [self.col(str(x.key)) for b in beside for x in b.senses if x.kind in ("column", "colword")]
        return bool(cols) and all(_scale_like(c) for c in cols)

    def score_of_no_scale(self, k: int, m: Mention) -> bool:
        """ "the average credit score" beside a credit *limit*: 'score' after a column that is no score or
        scale names a figure the data does not hold (it was the limit: a wrong answer), so it stays
        unexplained; after a rating or a 1-10 scale ("job satisfaction score") it only repeats it."""
        if m.text not in ("score", "scores") or not k:
            return False
        cols = [self.col(str(x.key)) for x in self.m[k - 1].senses if x.kind in ("column", "colword")]
        if not cols or any(_scale_like(c) for c in cols):
            return False
        self.unused.append(m.text)
        return True

    def date_word_bucket(self, k: int, m: Mention) -> bool:
        """ "tickets per purchase month": a word of several columns before a period word is the one date
        among them (Date of Purchase, not Product Purchased), split by that period."""
        prev = self.m[k - 1]
        dates = [str(x.key) for x in prev.of("colword") if self.col(str(x.key)).role == Role.TIME]
        grouped = self.group_mode or (k >= 2 and self.m[k - 2].has("group"))
        if len(dates) != 1 or not grouped or len(prev.of("colword")) < 2:
            return False
        self.s.ambiguous = [a for a in self.s.ambiguous if a[0] != prev.text]
        self.s.time_col = dates[0]
        self.s.grain = m.of("grainword")[0].key
        self.which = False
        return True

    def event_bucket(self, k: int, m: Mention) -> bool:
        """ "new members by join year", "sign-ups by signup month": the period of the date the word
        before names, grouped by (that word named the date, `event_date`)."""
        grouped = self.group_mode or (k >= 2 and self.m[k - 2].has("group"))
        if not grouped or self.s.time_col is None:
            return False
        self.s.grain = m.of("grainword")[0].key
        self.which = False
        return True

    def time_bucket(self, k: int, m: Mention) -> bool:
        """ "which month", "by quarter", "the busiest day": the time bucket grouped or returned."""
        grain = m.of("grainword")[0].key
        superlative = self.pending_agg is not None and self.pending_agg[0] in SUPERLATIVE
        if not (self.which or self.group_mode or self.s.rank or superlative):
            return False
        self.s.grain = grain
        self.which = False
        if not self.group_mode:
            self.s.time_target = True
        return True

    def on_anaphora(self, k: int, m: Mention) -> None:
        if m.text.split()[0] == "on" and any(x.has("entity") for x in self.m[:k]):
            return  # "which albums have the most songs on them": the albums just named
        if (
            m.text.split()[0] == "of"
            and self.s.count
            and self.s.entity is not None
            and not self.s.entity.value
            and k
            and self.m[k - 1].kinds & {"rate", "count"}
            and any(x.text == "and" for x in self.m[:k])
        ):
            return  # "how many customers are seniors, and what share of them churned": the ones just counted
        self.s.anaphora = True
        if m.of("anaphora")[0].key == "period":
            self.s.same_period = True
            return
        if m.of("anaphora")[0].key == "each":
            self.s.each_prev = True
            return
        if self.pending_agg is not None and self.pending_agg[0] == "count" and self.pending_agg[1] == k - 1:
            self.s.those = True  # "how many of those": counted are the rows of the question before
            self.pending_agg = None

    def on_keyword(self, k: int, m: Mention) -> None:
        self.s.list_word = self.s.list_word or not self.s.count
        self.s.want_key = True

    def rating_columns(self) -> list[str]:
        return [
            c.qualified
            for c in self.schema.columns(Role.MEASURE, Role.DIMENSION)
            if c.is_numeric
            and {"rating", "ratings", "stars", "star", "score"} & set(c.words)
            and not {"count", "counts", "number", "total"} & set(c.words)  # (rating_count: how many)
        ]

    def star_value(self, k: int, m: Mention) -> bool:
        """ "5-star reviews": rating = 5 (the number was taken as a stray number; take it back)."""
        ratings = self.rating_columns()
        prev = self.m[k - 1]
        assert prev.number is not None
        if len(ratings) == 1 and [c.column for c in self.s.conds[-1:]] == ratings:
            return True  # "4 or 5 stars": the numbers already read as ratings; "stars" says their unit
        if len(ratings) != 1 or self.s.conds[-1:] != []:
            self.unused.append(m.text)
            return True
        if prev.text in self.unused:
            self.unused.remove(prev.text)
        if self.s.limit == int(prev.number) and self.limit_at == k - 1:
            self.s.limit = None  # ("which 5 courses got the most 5-star reviews": the first 5 stays)
        first = self.m[k - 3] if k >= 3 and self.m[k - 2].text in ("or", "and") else None
        if first is not None and first.number is not None:
            # "4 or 5 stars": either rating (the first number was taken as a stray number too)
            if first.text in self.unused:
                self.unused.remove(first.text)
            stars = tuple(sorted({int(first.number), int(prev.number)}))
            self.s.conds.append(Cond(ratings[0], "not_in" if self.neg else "in", stars))
        else:
            self.s.conds.append(Cond(ratings[0], "!=" if self.neg else "=", int(prev.number)))
        self.neg = False
        return True

    def rating_column(self, k: int, m: Mention) -> bool:
        """ "average star rating": the one rating column."""
        ratings = self.rating_columns()
        if len(ratings) != 1:
            return False
        self.use_column(ratings[0], k, m)
        return True

    def totals_of_part(self, m: Mention) -> set[str]:
        """The derived totals (parts_sum) every column the mention may name is a part of ("weekend" of
        total nights = weekend + week nights)."""
        named = {str(s.key) for s in m.senses if s.kind in ("column", "colword")}
        if not named:
            return set()
        totals = {c.qualified for c in self.schema.columns() if c.parts_sum and c.formula}
        return {t for t in totals if named <= {f"{self.col(t).table}.{x}" for x in self.col(t).formula or ()}}

    def restated_parts(self, k: int, m: Mention) -> bool:
        """ "how many nights (weekend plus weekday nights)": the parts of a derived total already asked
        for, all named again, only restate it (the total's own sum); they are no other figure."""
        totals = {
            t
            for t in self.totals_of_part(m)
            if t in self.s.mentioned or any(x.column == t for x, _ in self.s.measures)
        }
        for t in totals:
            parts = {f"{self.col(t).table}.{x}" for x in self.col(t).formula or ()}
            named = {str(s.key) for x in self.m for s in x.senses if s.kind in ("column", "colword")}
            if parts <= named:
                note = f"the parts named restate {self.col(t).label}"
                if note not in self.s.notes:
                    self.s.notes.append(note)
                return True
        return False

    def verb_last(self, k: int, m: Mention) -> bool:
        """ "how many nights does a booking last?": "last" after "does" and the records, with nothing
        after it, is the verb (how long they go on), never the latest of them."""
        if m.text != "last" or any(
            x.kinds - {"stop"} and not self.totals_of_part(x) for x in self.m[k + 1 :]
        ):
            return False
        j = k - 1
        if j < 1 or not self.m[j].has("entity"):
            return False
        j -= 1
        while j > 0 and self.m[j].text in ("a", "an", "the", "each", "one"):
            j -= 1
        return self.m[j].text in ("does", "do", "did", "will", "would")

    def suffix_of_named(self, k: int, m: Mention) -> bool:
        """A column suffix ("level", "band") right after another column or value is that one's suffix,
        even where it is also a word of a third column's name."""
        if not m.has("colsuffix"):
            return False
        before = {str(x.key) for x in self.m[k - 1].senses if x.kind in ("column", "value")}
        if before and all(self.col(q).role in (Role.IDENTIFIER, Role.FOREIGN_KEY) for q in before):
            return False  # "campaign type" of a campaign number: a kind of campaign, never its number
        return not before & {str(x.key) for x in m.of("colword")}

    def subject_of_event(self, k: int, m: Mention) -> bool:
        """ "for products bought in 2021": a word of a column said right before a verb naming a date of the
        same records is what that event is of (the tickets' purchases), never a split by that column;
        read with the event (never after a split word: "by product bought")."""
        if k and (self.m[k - 1].has("group") or self.m[k - 1].kinds & {"count", "agg"}):
            return False  # (nor after a count: "how many different users tweeted" counts the users)
        dated = {str(x.key).split(".", 1)[0] for x in self.m[k + 1].of("timecol")}
        named = {str(x.key).split(".", 1)[0] for x in m.of("colword")}
        if len(dated) != 1 or named != dated or m.has("entity"):
            return False
        self.s.notes.append(f"read '{m.text} {self.m[k + 1].text}' as the {self.m[k + 1].text} date")
        return True

    def records_after_value(self, k: int, m: Mention) -> bool:
        """ "same thing but only for morning sales": a money word right after a value, in a question that
        asks no figure of its own ("only", "just", "same"), names the records kept, never a new figure
        (it replaced the count before with a total: a wrong answer)."""
        said = set(self.s.words)
        if m.text not in ("sales", "sale", "purchases", "orders") or not said & {"only", "just", "same"}:
            return False
        if any(x.kinds & {"agg", "count", "rate"} for x in self.m):
            return False
        self.s.notes.append(f"read '{self.m[k - 1].text} {m.text}' as the {m.text} with that value")
        return True

    def head_of_value(self, k: int, m: Mention) -> bool:
        """ "corporate auto policies" (Policy Type 'Corporate Auto'), "premium coverage": a noun right after
        a value that is a word of the value's own column is that value's head, never another column
        ("policies" is also Number of Policies); noted."""
        owners = {str(x.key) for x in self.m[k - 1].of("value")}
        named = {str(x.key) for x in m.senses if x.kind in ("column", "colword")}
        if len(owners) == 1 and self.modifier_after_value(m, next(iter(owners))):
            return True
        if len(owners) != 1 or not owners & named:
            return False
        own = next(iter(owners))
        if not {singular(w) for w in m.text.split()} <= {singular(w) for w in self.col(own).words}:
            return False
        self.s.notes.append(
            f"read '{self.m[k - 1].text} {m.text}' as {self.col(own).name} '{self.m[k - 1].text}'"
        )
        return True

    def modifier_after_value(self, m: Mention, own: str) -> bool:
        """ "Italian food" beside food_preparation_time: a word that only modifies another column's name (not
        its last word, what it is) said after a value is the value's noun ("food" of cuisine 'Italian'),
        never that column; noted."""
        if m.kinds != {"colword"} or len(m.text.split()) != 1:
            return False
        cols = [self.col(str(x.key)) for x in m.of("colword")]
        word = singular(m.text)
        if not cols or any(len(c.words) < 3 or singular(c.words[-1]) == word for c in cols):
            return False
        if any(c.table != self.col(own).table for c in cols):
            return False
        self.s.notes.append(f"read '{m.text}' as the noun of {self.col(own).name}, not {cols[0].name}")
        return True

    def residence_verb(self, k: int, m: Mention) -> bool:
        """ "patients living in Boston": a verb of where people live before a place is filler there."""
        if m.text.split()[-1] not in word_set("residence_verbs"):
            return False
        self.s.fillers.append(m.text)
        return True

    def one_of_a_kind(self, k: int, m: Mention) -> bool:
        """ "which single month had the most visits", "didn't get a single backer": 'single' before a noun
        that is not of people is one of them, never a coded value (MARITAL 'S')."""
        if m.text not in word_set("one_adjectives") or k + 1 >= len(self.m):
            return False
        nxt = self.m[k + 1]
        said = {singular(w) for w in nxt.text.split()}
        people = bool(said & (party_nouns() | PEOPLE_SAID))
        if people or not nxt.kinds - {"stop"}:
            return False
        self.s.fillers.append(m.text)
        return True

    def filler(self, k: int, m: Mention) -> bool:
        """The word only belongs to the one before it ("churn status", "plan type"); never a kind word
        after a word that names a column of another thing ("plan tier" beside Plan Duration: the kind of
        plan is not its duration)."""
        if m.text not in KIND_SUFFIXES or not k:
            return True
        named = [
            self.col(str(x.key)) for x in self.m[k - 1].senses if x.kind in ("column", "colword", "flag")
        ]
        named = [c for c in named if "." in c.qualified]
        return not named or not all(
            c.words[-1:] != (self.m[k - 1].text,)
            and (c.words[-1] in OTHER_HEADS or c.role == Role.TIME)
            and not (m.text in LEVEL_WORDS and _few_whole_numbers(c))  # "charge amount levels" of bands 0-10
            for c in named
        )

    def on_fullname(self, k: int, m: Mention) -> None:
        for q in m.of("fullname")[0].value:
            self.use_column(q, k, m)  # "full names": first and last name

    def on_empty(self, k: int, m: Mention) -> None:
        """ "empty reviews": the one text column of those records is missing or blank."""
        prev = self.m[k - 1] if k else None
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        named = [
            s.key
            for x in (prev, nxt)
            for s in (x.senses if x is not None else [])
            if s.kind in ("column", "colword") and self.col(s.key).dtype.startswith("VARCHAR")
        ]
        after = next((s for s in (nxt.of("entity") if nxt is not None else []) if not s.value), None)
        e = after or self.s.entity or self.s.target_entity
        texts = (
            [c.qualified for c in self.schema.tables[e.key].columns.values() if c.role == Role.TEXT]
            if e is not None and not e.value
            else []
        )
        candidates = sorted(set(named)) or texts
        if len(candidates) != 1:
            self.unused.append(m.text)
            return
        q = candidates[0]
        if q in self.s.bare:
            self.s.bare.remove(q)
        elif nxt is not None and any(s.key == q for s in nxt.senses):
            self.consumed = k + 1  # "an empty note": the column named next is this condition's
        self.s.conds.append(Cond(q, "not_empty" if self.neg else "empty"))
        self.neg = False

    def on_contains(self, k: int, m: Mention) -> None:
        """ "reviews that mention love": the words after it are searched for in the text column."""
        words: list[str] = []
        j = k + 1
        while j < len(self.m) and self.m[j].text in SEARCH_LEAD:
            j += 1
        while j < len(self.m) and self.m[j].kinds <= SEARCHABLE and len(words) < MAX_SEARCH_WORDS:
            words.extend(self.m[j].text.split())
            j += 1
        prev_k = next((i for i in range(k - 1, -1, -1) if self.m[i].kinds - {"stop"}), None)
        prev = self.m[prev_k] if prev_k is not None else None
        texts = self.text_columns(prev)
        if not words or len(texts) != 1:
            self.unused.append(m.text)
            return
        q = texts[0]
        self.skip |= set(range(k + 1, j))
        if prev is not None and prev_k is not None:
            # "feedback that says slow": the column word only named the records searched
            self.s.bare = [b for b in self.s.bare if not (b == q or self.col_at.get(b) == prev_k)]
            self.s.flags = [
                f
                for f in self.s.flags
                if not (f[2] == prev_k and set(prev.text.split()) <= set(self.col(f[0]).words))
            ]
        said = " ".join(words)
        stem = " ".join([*words[:-1], search_stem(words[-1])])
        if stem != said:
            self.s.notes.append(f"'{said}' searched as '{stem}' (any form of the word)")
        self.s.conds.append(Cond(q, "not_contains" if self.neg else "contains", stem))
        self.neg = False
        distinct = [x for x in self.s.measures if x[0].agg == "count_distinct" and x[0].column == q]
        if distinct:
            # "how many negative reviews mention the bathroom": the records written, never distinct texts
            self.s.measures = [x for x in self.s.measures if x not in distinct]
            self.s.count = True

    def text_columns(self, prev: Mention | None) -> list[str]:
        """The free-text column a search is about: named just before, else the one of the records."""
        said = {
            str(x.key) for x in (prev.senses if prev is not None else []) if x.kind in ("column", "colword")
        }
        named = sorted(q for q in said if self.col(q).role == Role.TEXT)
        if named:
            return self.text_body(named)
        written = sorted(q for q in said if not self.col(q).is_numeric and self.col(q).role != Role.TIME)
        if written and prev is not None and not prev.has("entity"):
            return written  # "negative reviews mention the bathroom": the column named, whatever its role
        e = self.s.entity or self.s.target_entity
        tables = [self.schema.tables[e.key]] if e is not None else list(self.schema.tables.values())
        return self.text_body(
            [c.qualified for t in tables for c in t.columns.values() if c.role == Role.TEXT]
        )

    def text_body(self, texts: list[str]) -> list[str]:
        """A review's title beside its body: "reviews that mention delays" is searched in the body."""
        bodies = [q for q in texts if not set(self.col(q).words) & HEADING_WORDS]
        if len(texts) > 1 and len(bodies) == 1:
            others = ", ".join(self.col(q).name for q in texts if q != bodies[0])
            self.s.notes.append(f"searched in {self.col(bodies[0]).name} (not {others})")
            return bodies
        return texts

    def multiple_of_column(self, k: int, m: Mention) -> bool:
        """ "at least twice their reorder level" (normalised "2 times"): the number multiplies the row's
        column named next, compared with (`row_against`), never a number compared with that column."""
        p, prev = self.pending_cmp, self.m[k - 1] if k else None
        if m.text != "times" or p is None or len(p) != 3 or prev is None or prev.number is None:
            return False
        if p[2] != prev.number:
            return False
        j = k + 1
        while j < len(self.m) and self.m[j].text in MULTIPLIED_LEADS:
            j += 1
        if j >= len(self.m) or not self.m[j].has("column"):
            return False
        self.cmp_times, p[2] = prev.number, None
        if prev.text in self.unused:
            self.unused.remove(prev.text)
        return True

    def times_of_records(self, k: int, m: Mention) -> bool:
        """ "customers who bought more than 3 times": with no column counted in times, how many of the
        records (the purchases the customers are named by) each has, as "with more than 3 purchases"."""
        p, e = self.pending_cmp, self.s.entity
        said = self.m[k - 1].number if k else None
        if p is None and said is not None and m.text in ("times", "time"):
            p = ["=", None, said]  # "bought only once" (normalised "only 1 times"), "bought 2 times"
        if m.text not in ("times", "time") or p is None or p[1] is not None or p[2] is None or e is None:
            return False
        if not e.value or not any((w,) in word_classes()["repeat_verbs"] for w in self.s.words):
            return False  # people named by a column of the records (a purchase log's customer id), a verb
        self.pending_cmp = p
        if said is not None and self.m[k - 1].text in self.unused:
            self.unused.remove(self.m[k - 1].text)  # the number read before its unit said what it counts
        return self.count_condition(k, Sense("entity", e.key))

    def on_unit(self, k: int, m: Mention) -> None:
        prev = self.m[k - 1] if k else None
        if m.kinds & {"column", "colword"} and self.unit_of_later_measure(m):
            return  # "how many units ... in stock": the amount named later, counted in units
        if (
            m.text in ("times", "time")
            and prev is not None
            and prev.has("cmp")
            and k >= 2
            and self.m[k - 2].number is not None
        ):
            return  # "called 4 or more times": the count the number was compared with, as said
        if self.multiple_of_column(k, m):
            return
        if self.top_periods(k, m):
            return
        stated = prev is not None and prev.text == "in" and prev.number is None
        if prev is None or (prev.number is None and not stated):
            self.unused.append(m.text)
            return
        if self.first_periods(k, m):
            return
        if self.times_of_records(k, m):
            return
        last = self.s.measures[-1][0] if self.s.measures else None
        if stated and last is not None and last.since and unit_of_word(m.text) == "day":
            return  # "the average time from order to shipment, in days": a duration is counted in days
        if self.days_before_duration(k, m):
            return
        if self.since_last(k, m):
            return  # "haven't purchased in more than 30 days": the days since the last purchase, more than 30
        if self.unit_value(k, m.text):
            return  # "100 MHz computers", "8 MB of RAM": the one column given in that unit holds it
        if self.unit_names_column(k, m.text) or self.count_unit_alone(k, m.text):
            return
        column = (
            self.s.conds[-1].column if self.s.conds else (self.pending_cmp[1] if self.pending_cmp else None)
        )
        if column is None and self.s.bare:
            column = self.s.bare[-1]
        if column is None and self.s.measures and self.s.measures[-1][0].column:
            column = self.s.measures[-1][0].column  # "average tenure, in years"
        if column is None and stated and self.s.target:
            column = self.s.target[-1]  # "the most common membership term in years"
        if column is None and self.unit_column_later(k, m.text):
            return  # "more than 20 years of total work experience": the column is named next
        if column is None and self.since_last(k, m):
            return  # "not promoted in 5 years": the years since the last promotion
        fits = column is not None and unit_fits(self.col(column), m.text, self.concepts_of(column))
        if column is not None and not fits and self.rescale_last(k, m.text):
            return
        if stated and not fits and self.shown_in_unit(m.text):
            return
        if stated and self.thousands_in_units(m.text):
            return
        if column is None or not fits:
            raise Decline(
                "clarify",
                f"I can't tell if that column is counted in {m.text}; please give the number alone.",
            )
        self.note_custom_unit(self.col(column), m.text)

    def top_periods(self, k: int, m: Mention) -> bool:
        """ "the top 3 months", "our best 2 years": the periods ranked, the number their limit (set by the
        rank), never a duration of 3 months; each period a group where no split is said."""
        said = unit_of_word(m.text)
        if said not in PERIOD_UNITS or k < 2 or self.m[k - 1].number is None:
            return False
        if not self.m[k - 2].has("rank") and self.m[k - 2].text not in ("top", "bottom", "best", "worst"):
            return False
        if self.s.grain is None and not self.s.group:
            self.s.grain = said
        return True

    def unit_value(self, k: int, unit: str) -> bool:
        """ "100 MHz computers", "a 66 MHz machine with 8 MB of RAM", "17-inch machines": a number said
        with a unit of a product's specification and no comparison equals the one column of the records
        given in that unit (nlq.units `quantities`): the column named right after it ("of RAM"), else the
        one whose stored values hold the number (never a guess between two: asked back)."""
        said = unit_of_word(unit)
        value = self.m[k - 1].number
        p = self.pending_cmp
        if said is None or value is None or self.s.conds and self.s.conds[-1].value == value:
            return False
        if p is not None and (p[1] is not None or p[2] != value):
            return False
        op = p[0] if p is not None else "="
        e = self.s.entity or self.s.target_entity
        tables = (
            [self.schema.tables[e.key]]
            if e is not None and not e.value
            else list(self.schema.tables.values())
        )
        given = [c for t in tables for c in t.columns.values() if is_plain_number(c) and said in c.said_units]
        if not given:
            return False
        j = k + 1
        while j < len(self.m) and self.m[j].kinds == {"stop"} and self.m[j].text in ("of", "for"):
            j += 1
        named = (
            {str(x.key) for x in self.m[j].senses if x.kind in ("column", "colword")}
            if j < len(self.m)
            else set()
        )
        after = [c for c in given if c.qualified in named]
        fits = after or [c for c in given if holds(c, value)]
        if len(fits) != 1:
            names = ", ".join(sorted(c.name for c in given))
            raise Decline("clarify", f"Which column is {value:g} {unit} of: {names}?")
        if after:
            self.skip.update(range(k + 1, j + 1))
        c = fits[0]
        if self.m[k - 1].text in self.unused:
            self.unused.remove(self.m[k - 1].text)
        if self.s.limit == value:
            self.s.limit = None  # "the highest ... for 33 MHz machines": the number was no count to show
        if op == "between":
            return False
        self.finish_cmp(c.qualified, op, None, value)
        self.unit_eq = (self.s.conds[-1], max(k, j if after else k))
        self.note_custom_unit(c, unit)
        if not after:
            self.s.notes.append(
                f"'{value:g} {unit}' is read as {c.label}: the one column in {unit} that holds {value:g}"
            )
        return True

    def unit_trailing(self, k: int, m: Mention) -> bool:
        """ "16 MB of RAM or more": a comparison said after a number with its unit and its column makes
        the equality just read a bound."""
        if m.text not in TRAILING_CMP or self.unit_eq is None:
            return False
        cond, at = self.unit_eq
        if at != k - 1 or not self.s.conds or self.s.conds[-1] is not cond or cond.op != "=":
            return False
        self.s.conds.pop()
        self.unit_eq = None
        self.finish_cmp(cond.column, m.of("cmp")[0].key, None, cond.value)
        return True

    def since_last(self, k: int, m: Mention) -> bool:
        """ "employees not promoted in 5 years or more", "customers who haven't bought anything in over 90
        days": after a negation, the verb of an event and a number of time units compare the column that
        counts the time since the last such event (YearsSinceLastPromotion; RFM recency, the days since the
        last purchase) with the number, at least it unless a comparison is said (words.yaml `since_last`)."""
        prev = self.m[k - 1] if k else None
        said = unit_of_word(m.text)
        if not self.neg or self.neg_at is None or prev is None or prev.number is None or said is None:
            return False
        between = [w for x in self.m[self.neg_at + 1 : k - 1] for w in x.text.split()]
        found = [
            q
            for q, (unit, event) in self.since_columns().items()
            if unit == said and event_said(event, between)
        ]
        if len(found) != 1:
            return False
        op = ">="
        if (
            self.pending_cmp is not None
            and self.pending_cmp[1] is None
            and self.pending_cmp[2] == prev.number
        ):
            op = self.pending_cmp[0]
        elif k + 1 < len(self.m) and self.m[k + 1].text in TRAILING_CMP:
            op = self.m[k + 1].of("cmp")[0].key
            self.skip.add(k + 1)
        words = [w for w in between if w in self.unused]
        self.unused = [w for w in self.unused if w not in words and w != prev.text]
        self.neg = False
        self.finish_cmp(found[0], op, None, prev.number)
        unit, event = self.since_columns()[found[0]]
        said_words = " ".join(x.text for x in self.m[self.neg_at + 1 : k + 1])
        note = f"'not {said_words}' is read as {self.col(found[0]).label}: the {unit}s since the last {' '.join(event)}"
        self.s.notes.append(note)
        return True

    def since_columns(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Numeric columns that count the time since an event (nlq.ago since_columns)."""
        return since_columns(self.schema)

    def note_custom_unit(self, c: Col, unit: str = "") -> None:
        """A unit taken by custom, not from the column's name, is said in the interpretation; so is a
        number taken in the unit said, for a column whose name says no unit (a computer's speed)."""
        if c.measured_in is None and unit and unit_of_word(unit) in c.said_units:
            note = f"{c.label} is taken to be given in {unit}, as said (its values run from {c.minimum} to {c.maximum})"
            if note not in self.s.notes:
                self.s.notes.append(note)
            return
        if (
            c.measured_in is None
            or named_unit(c.words)
            or rate_unit(c.name)
            or c.lasted
            or tenure_unit(c) is not None
        ):
            return
        note = (
            f"{c.label} is counted in {c.measured_in}s (cra.toml says so)"
            if c.unit_stated
            else f"{c.label} is taken to be counted in {c.measured_in}s, as such a column usually is: "
            f"its largest value is {c.maximum}"
        )
        if note not in self.s.notes:
            self.s.notes.append(note)

    def unit_column_later(self, k: int, unit: str) -> bool:
        """ "more than 20 years of total work experience": a comparison still open whose number has a
        unit, and every numeric column named after it is counted in that unit."""
        p = self.pending_cmp
        if p is None or p[1] is not None or p[2] is None:
            return False
        later = {
            str(s.key)
            for x in self.m[k + 1 :]
            for s in x.senses
            if s.kind in ("column", "colword") and self.col(str(s.key)).is_numeric
        }
        if not later or not all(unit_fits(self.col(q), unit) for q in later):
            return False
        for q in sorted(later):
            self.note_custom_unit(self.col(q), unit)
        return True

    def days_before_duration(self, k: int, m: Mention) -> bool:
        """ "more than 5 days to ship": a number of days compared, then a duration ("to" and the event):
        the comparison waits for the duration (see `duration`)."""
        p = self.pending_cmp
        nxt = self.m[k + 1] if k + 1 < len(self.m) else None
        if unit_of_word(m.text) != "day" or p is None or p[1] is not None or p[2] is None or nxt is None:
            return False
        if (nxt.text,) not in word_classes()["duration_glue"] and not nxt.has("span"):
            return False  # "more than 5 days to ship", "more than 30 days in advance"
        self.days_compared = True
        return True

    def shown_in_unit(self, unit: str) -> bool:
        """ "the average track length, in minutes": the figure of a column counted in another unit of the
        same kind (milliseconds) is shown in the unit said (divided by 60 000), and the note says so; after
        "how much" or beside a split the one amount named is totalled first ("how much mobile data ..., in
        GB", "data usage in GB by month")."""
        totalled = self.s.how_much or self.s.grain is not None or bool(self.s.group) or self.group_mode
        if not self.s.measures and totalled and len(self.s.bare) == 1:
            amount = self.col(self.s.bare[0])
            if amount.role == Role.MEASURE and amount.is_numeric and unit_factor(amount, unit) is not None:
                self.s.measures.append((Measure("sum", amount.qualified), False))
                self.s.bare = []
        if not self.s.measures:
            return False
        measure, superlative = self.s.measures[-1]
        if measure.agg not in SCALED_AGGS or not measure.column or measure.since or measure.over:
            return False
        c = self.col(measure.column)
        conv = unit_factor(c, unit)
        said = unit_of_word(unit)
        if conv is None or said is None or measure.shown_in:
            return False
        times, stored = conv
        self.s.measures[-1] = (replace(measure, shown_in=(said, times)), superlative)
        self.s.notes.append(f"{c.name} is counted in {stored}s: shown in {said}s (divided by {times:,})")
        return True

    def thousands_in_units(self, unit: str) -> bool:
        """ "the average annual income in dollars" of Annual Income (k$): a figure of a column its name says
        is in thousands, asked in the currency itself, is shown times 1000, and the note says so."""
        if unit not in CURRENCY_WORDS or not self.s.measures:
            return False
        measure, superlative = self.s.measures[-1]
        if measure.agg not in SCALED_AGGS or not measure.column or measure.shown_in or measure.over:
            return False
        c = self.col(measure.column)
        if not named_in_thousands(c.words):
            return False
        self.s.measures[-1] = (replace(measure, shown_in=(unit.rstrip("s"), 0.001)), superlative)
        self.s.notes.append(f"{c.name} is in thousands (its name says so): shown in {unit} (times 1,000)")
        return True

    def rescale_last(self, k: int, unit: str) -> bool:
        """ "films with a length over 3 hours": the comparison just made with the number before the unit,
        on a column counted in another unit of the same kind (minutes), takes the number in that unit."""
        if not self.s.conds or self.m[k - 1].number is None:
            return False
        last = self.s.conds[-1]
        said = self.m[k - 1].number
        if said not in (last.value, last.value2) or last.op not in (
            ">",
            ">=",
            "<",
            "<=",
            "=",
            "!=",
            "between",
        ):
            return False
        c = self.col(last.column)
        conv = unit_factor(c, unit)
        if conv is None:
            return False
        times, stored = conv
        self.s.conds[-1] = replace(
            last,
            value=last.value * times if isinstance(last.value, int | float) else last.value,
            value2=last.value2 * times if isinstance(last.value2, int | float) else last.value2,
        )
        self.s.notes.append(self.converted_note(c, unit, times, stored))
        return True

    def period_amount(self, k: int, m: Mention) -> bool:
        """ "more than $100 a month", "over 100 per month": the period says which money is compared."""
        prev = self.m[k - 1] if k else None
        if prev is None or prev.text not in PER_PERIOD or not self.money_per_period(m.of("grainword")[0].key):
            return False
        self.group_mode = False  # "per month" after an amount is no split by month
        return True

    def per_in_name(self, k: int, m: Mention) -> bool:
        """ "more than RM40 per visit" of "How much would you spend ... per visit?": "per" and the word
        after it, right after a value (or the column) of a column whose own name ends so, only repeat it."""
        if m.text != "per" or not k or k + 1 >= len(self.m):
            return False
        prev, nxt = self.m[k - 1], self.m[k + 1]
        columns = {str(x.key) for x in prev.senses if x.kind in ("value", "column") and "." in str(x.key)}
        said = ("per", *nxt.text.split())
        named = [q for q in columns if _ends_with(phrase_tokens(self.col(q).name), said)]
        if len(named) != 1:
            return False
        self.skip.add(k + 1)
        return True

    def rate_period(self, k: int, m: Mention) -> bool:
        """ "more than 8 hours a day" of Screen On Time (hours/day): after a comparison, the period its
        column's name counts per; another period ("a week") is asked back, never compared as per day."""
        prev = self.m[k - 1] if k else None
        if (
            prev is None
            or prev.text not in PER_PERIOD
            or not self.s.conds
            or "." not in self.s.conds[-1].column
        ):
            return False
        c = self.col(self.s.conds[-1].column)
        per = rate_period(c.name)
        if per is None:
            return False
        if per != m.of("grainword")[0].key:
            raise Decline("clarify", f"{c.name} is counted per {per}; please give the number per {per}.")
        return True

    def interval_length(self, k: int, m: Mention) -> bool:
        """ "on average, how many days does a campaign run": an average of a number of days with a verb
        of lasting (words.yaml `interval_verbs`) after it is the days from the records' start date to
        their end date (nlq.schema.interval_dates)."""
        prev = self.m[k - 1] if k else None
        if not (self.agg_of_count and self.pending_agg) or prev is None or not prev.has("count"):
            return False
        if m.of("grainword")[0].key != "day":
            return False
        verbs = word_classes()["interval_verbs"]
        later = [j for j in range(k + 1, len(self.m)) if tuple(self.m[j].text.split()) in verbs]
        pair = self.named_interval()
        if not later or pair is None:
            return False
        start, end = pair
        agg, _ = self.pending_agg
        self.s.measures.append((Measure(agg, end, since=start), False))
        self.pending_agg, self.agg_of_count = None, False
        self.skip.add(later[0])
        self.s.mentioned += [q for q in pair if q not in self.s.mentioned]
        return True

    def unit_measure(self, k: int, m: Mention) -> bool:
        """ "on average, how many months had churned customers been with us": an average of a number of
        periods is the average of the one column of the records counted in that period (a tenure)."""
        prev = self.m[k - 1] if k else None
        if not (self.agg_of_count and self.pending_agg) or prev is None or not prev.has("count"):
            return False
        unit = m.of("grainword")[0].key
        e = self.s.entity or self.s.target_entity
        tables = (
            [self.schema.tables[e.key]]
            if e is not None and not e.value
            else list(self.schema.tables.values())
        )
        fits = [
            c
            for t in tables
            for c in t.columns.values()
            if is_plain_number(c) and c.role == Role.MEASURE and unit_fits(c, unit)
        ]
        if len(fits) > 1:  # "how many months have they been with us": the tenure of several durations
            tenure = {b.target for b in self.schema.concepts if b.concept == "tenure"}
            fits = [c for c in fits if c.qualified in tenure]
        if len(fits) != 1:
            return False
        agg, _ = self.pending_agg
        self.s.measures.append((Measure(agg, fits[0].qualified), False))
        self.pending_agg, self.agg_of_count = None, False
        if fits[0].qualified not in self.s.mentioned:
            self.s.mentioned.append(fits[0].qualified)
        return True

    def rate_in_name(self, k: int, m: Mention) -> bool:
        """ "average salary hike percentage" (PercentSalaryHike), "housing expense ratio": a rate word right
        after a column whose name already says it is that column's word, never a share of rows."""
        percent = {"percent", "percentage", "pct", "percentages"}
        prev = self.m[k - 1]
        columns = {str(x.key) for x in prev.senses if x.kind in ("column", "colword")}
        said = m.text.split()[0]
        if columns and all(said in self.col(q).words for q in columns):
            return True  # "the housing expense ratio", "unemployment rate": a word of the column's own name
        if said not in percent:  # "percentage of Ideal diamonds": "of" leads to the filter
            return False
        if columns and all(set(self.col(q).words) & percent for q in columns):
            return True
        # "the average depth percentage": an average of a number is no share of rows; the percent word
        # is the number's own unit (a yes/no column's "churn percentage" stays its share)
        averaged = k >= 2 and any(
            x.kind == "agg" and x.key in ("avg", "median") for x in self.m[k - 2].senses
        )
        return (
            averaged
            and bool(columns)
            and all(self.col(q).role == Role.MEASURE and self.col(q).is_numeric for q in columns)
        )

    def rate_before_name(self, k: int, m: Mention) -> bool:
        """ "the average percent funded" (Percentage Funded): a percent word right before a column whose name
        holds one is that column's word, never a share of rows."""
        percent = {"percent", "percentage", "pct", "percentages"}
        columns = {str(x.key) for x in self.m[k + 1].senses if x.kind in ("column", "colword")}
        return (
            m.text.split()[0] in percent
            and bool(columns)
            and all(set(self.col(q).words) & percent for q in columns)
        )

    def flag_more(self, k: int, m: Mention) -> bool:
        """ "do men or women churn more?": the flag's rate compared between the groups named."""
        if tuple(m.text.split()) not in word_classes()["flag_comparers"] or self.s.rank or self.pending_agg:
            return False
        self.s.versus = True
        j = k + 1
        while (
            j < len(self.m)
            and not self.m[j].kinds
            and self.m[j].text in ("often", "frequently", "likely", "than")
        ):
            self.skip.add(j)  # "do women leave us more often than men": the comparison said out
            j += 1
        if j > k + 1 and k and self.m[k - 1].has("flag"):
            self.s.rate_at.append(k)  # the yes/no thing before "more often" is what is compared
        return True

    def money_per_period(self, unit: str) -> bool:
        """ "paying more than $100 a month": the amount compared is the one money column counted per that
        period (MonthlyCharges), or the one already compared when its name says the period."""
        base = unit.rstrip("s")
        said = PERIOD_NAMES.get(base, set())
        done = self.s.conds[-1].column if self.s.conds else None
        if done is not None and set(self.col(done).words) & said:
            return True  # "monthly charges over 100 a month"
        if done is not None and self.usual_period(done) == base:
            return True  # "earn more than $200k a year": a wage is yearly
        p = self.pending_cmp
        if not said or p is None or p[1] is not None or p[2] is None:
            return False
        e = self.s.entity or self.s.target_entity
        tables = (
            [self.schema.tables[e.key]]
            if e is not None and not e.value
            else list(self.schema.tables.values())
        )
        fits = [c for t in tables for c in t.columns.values() if c.money and set(c.words) & said]
        if len(fits) > 1:  # "members who pay more than 500,000 a year": what they pay, not their income
            paid = {str(x.key) for m in self.m for x in m.of("payverb")}
            fits = [c for c in fits if c.qualified in paid] or fits
        if len(fits) != 1:
            return False
        op, _, first, *rest = p
        self.finish_cmp(fits[0].qualified, op, first if op == "between" else None, rest[0] if rest else first)
        return True

    def usual_period(self, q: str) -> str | None:
        """The period a measure whose name says none is counted per by custom (a wage: a year), said in
        the interpretation when used."""
        c = self.col(q)
        if set(c.words) & {w for words in PERIOD_NAMES.values() for w in words}:
            return None
        period = custom_period(self.concepts_of(q))
        if period is not None:
            note = f"{c.label} is taken to be per {period}, as such a figure usually is"
            if note not in self.s.notes:
                self.s.notes.append(note)
        return period

    def first_periods(self, k: int, m: Mention) -> bool:
        """ "churned within their first 6 months": at most that many periods of the one column counted
        in them (a tenure), never the first 6 rows."""
        if (
            self.pending_cmp is not None
            or k < 2
            or self.m[k - 2].text != "first"
            or self.m[k - 1].number is None
        ):
            return False
        self.pending_cmp = ["<=", None, self.m[k - 1].number]
        limit = self.s.limit
        if not self.unit_names_column(k, m.text):
            self.pending_cmp = None
            return False
        if limit == self.m[k - 1].number:
            self.s.limit = None
        if self.m[k - 2].has("rank") or self.m[k - 2].has("agg"):
            self.s.rank = None  # "first" named the span, not an order
            if self.pending_agg is not None and self.pending_agg[1] == k - 2:
                self.pending_agg = None
        j = k - 3
        while j >= 0 and self.m[j].text in ("their", "the", "its", "his", "her"):
            j -= 1
        if j >= 0 and self.m[j].text in ("within", "during", "in") and self.m[j].text in self.unused:
            self.unused.remove(self.m[j].text)  # "within their first 6 months": the span is the condition
        return True

    def count_unit_alone(self, k: int, unit: str) -> bool:
        """ "transactions for 1 unit", "orders of 3 items or more": a number said in a quantity's unit with
        no comparison is that quantity (a comparison said after it bounds it, `number_trailing`)."""
        prev = self.m[k - 1]
        if unit not in COUNT_UNITS or self.pending_cmp is not None or prev.text not in self.unused:
            return False
        self.pending_cmp = ["=", None, prev.number]
        if self.unit_names_column(k, unit):
            self.unused.remove(prev.text)
            return True
        self.pending_cmp = None
        return False

    def unit_names_column(self, k: int, unit: str) -> bool:
        """ "customers with us between 25 and 48 months", "for more than five years": a number with a
        unit word and no column named anywhere in the question is compared with the one numeric column
        of the records counted in that unit (a tenure counted in months). Years against a column in
        months are multiplied by 12, and the note says so."""
        p = self.pending_cmp
        if p is None or p[1] is not None or p[2] is None:
            return False
        later = (s for x in self.m[k + 1 :] for s in x.senses if s.kind in ("column", "colword"))
        if any(self.col(str(s.key)).is_numeric for s in later):
            return False  # "more than 5 years at the company": the column is named next
        e = self.s.entity or self.s.target_entity
        tables = (
            [self.schema.tables[e.key]]
            if e is not None and not e.value
            else list(self.schema.tables.values())
        )
        # never an age: "employed for more than 7 years" is no borrower older than 7; "over 60 years old"
        # is only an age
        old = k + 1 < len(self.m) and self.m[k + 1].text.split()[0] == "old"
        numeric = [
            c
            for t in tables
            for c in t.columns.values()
            if is_plain_number(c) and c.role == Role.MEASURE and is_age(c) == old
        ]
        if old and len(numeric) > 1:
            numeric = [c for c in numeric if c.qualified == self.age_column()] or numeric
        fits = [c for c in numeric if unit_fits(c, unit)]
        times, stored = 1, ""
        if not fits:
            # "longer than 3 hours" against the one column counted in minutes: 180
            converted = [(c, f) for c in numeric if (f := unit_factor(c, unit)) is not None]
            fits = [c for c, _ in converted]
            if len(converted) == 1:
                times, stored = converted[0][1]
        if not fits:
            fits = self.coded_said(k, unit, tables)
        if len(fits) > 1 and unit in CURRENCY_WORDS:
            fits = self.money_said(fits)
        if len(fits) > 1 and unit in COUNT_UNITS:
            # "transactions for more than 2 units" of units_sold beside a unit_price: the quantity
            fits = [self.col(q) for q in self.quantities_first([c.qualified for c in fits])]
        if len(fits) != 1:
            return False
        c = fits[0]
        op, _, first, *rest = p
        last = rest[0] if rest else first
        if times != 1:
            first, last = first * times, last * times
            self.s.notes.append(self.converted_note(c, unit, times, stored))
        else:
            self.note_custom_unit(c, unit)
        self.finish_cmp(c.qualified, op, first if op == "between" else None, last)
        if old:
            self.skip.add(k + 1)
        return True

    def money_said(self, fits: list[Col]) -> list[Col]:
        """ "transactions over 50,000 rupees" of a transaction amount and an account balance: the money
        column a word of the question names ("transactions": TransactionAmount; "in their account": the
        balance), else the one that is no level (a balance, a limit)."""
        said = {singular(w) for w in self.s.words} - {
            singular(w) for p in word_classes()["money_words"] for w in p
        }
        # "total transaction value" of transactions: the records' value, never transaction_fee for its word
        said -= {singular(w) for t in self.schema.tables.values() for w in phrase_tokens(t.entity)}
        for pool in (
            [c for c in fits if said & {singular(w) for w in c.words}],
            # "products that sell for more than 50,000" of actual_price and discounted_price: the price paid
            [c for c in fits if set(c.words) & word_set("sale_price_words")]
            if set(self.s.words) & word_set("sale_verbs")
            else [],
            [c for c in fits if not c.is_level],
            [c for c in fits if not c.is_level and not self.earnings(c.qualified)],  # price_usd, not cogs_usd
            [c for c in fits if not c.is_level and c.is_paid],  # Sales, not Profit
            [
                c for c in fits if not c.is_level and c.is_paid and not c.is_price
            ],  # Total Spent, not its price
        ):
            if len(pool) == 1:
                return pool
        return fits

    def coded_said(self, k: int, unit: str, tables: list[Any]) -> list[Col]:
        """ "employed for more than 7 years": the category of coded ranges counted in that unit
        (employment_years of between_1_4 .. above_7) whose other name word the question says before
        the number, as itself or as its verb ("employed" of employment)."""
        said = {w for x in self.m[:k] for w in x.text.split()}
        out = []
        for t in tables:
            for c in t.columns.values():
                if c.is_numeric or c.measured_in is None or c.measured_in != unit_of_word(unit):
                    continue
                if coderanges.spans(c.values) is None:
                    continue
                others = [w for w in c.words if named_unit((w,)) is None]
                if others and any(w in said or said & set(event_forms(w)) for w in others):
                    out.append(c)
        return out

    @staticmethod
    def converted_note(c: Col, unit: str, times: int, stored: str) -> str:
        """What the interpretation says of a number turned into a column's own unit."""
        if stored == "month" and tenure_unit(c) == "month":
            return f"{c.label} is counted in months (its largest value is {c.maximum}), so {unit} were multiplied by 12"
        custom = (
            " (cra.toml says so)"
            if c.unit_stated
            else ""
            if named_unit(c.words) or c.lasted
            else f" as such a column usually is (up to {c.maximum})"
        )
        return f"{c.label} is counted in {stored}s{custom}, so {unit} were multiplied by {times}"

    def on_followup(self, k: int, m: Mention) -> None:
        if (
            m.text == "again"
            and k
            and self.m[k - 1].kinds & {"stop", "entity"}
            and self.m[k - 1].text not in ("and", "but", "same")
        ):
            # "customers who ordered again": a repeat this data may not keep, never a follow-up cue
            self.unused.append(f"{self.m[k - 1].text} again")
            return
        self.s.followup = True

    def on_sort(self, k: int, m: Mention) -> None:
        key = m.of("sort")[0].key
        if key.endswith("_now"):
            # "lowest first": the direction of the figure, or of the column sorted by before; "oldest
            # first" of periods: by the period (nlq.finish reads TIME_SORT where the answer is split by time)
            direction = key[:-4]
            timed = m.text.split()[0] in TIME_FIRST
            self.s.sort = (direction, TIME_SORT if timed else self.s.sort[1] if self.s.sort else None)
            self.sort_pending = None
            return
        if self.s.sort and key == "desc":
            self.s.sort = ("desc", self.s.sort[1])
        else:
            self.sort_pending = key
            self.s.sort = (key, None)

    def on_splitdate(self, k: int, m: Mention) -> None:
        split = of_column(self.schema, m.of("splitdate")[0].key)
        assert split is not None
        nxt = next((x for x in self.m[k + 1 :] if x.kinds != {"stop"}), None)
        dated = nxt is not None and nxt.time is not None and nxt.time.range is not None
        if not dated or self.group_mode:
            names = ", ".join(c.split(".", 1)[1] for _, c in split.parts)
            raise Decline("clarify", f"'{m.text}' is kept in separate columns ({names}); which one?")
        self.split, self.split_at = split, k

    def date_order(self, k: int, m: Mention) -> None:
        """ "paid after their due date" (nlq.dateorder): one date of the record compared with another."""
        first, op, second = m.of("datecmp")[0].key
        self.s.conds.append(Cond(first, op, Figure("", second)))
        self.s.mentioned += [q for q in (first, second) if q not in self.s.mentioned]

    def date_span(self, k: int, m: Mention) -> None:
        """ "how many days between sign-up and last payment" (nlq.datespans): the days from one date to
        the other, averaged unless another figure was asked ("the longest", "median")."""
        start, end = m.of("span")[0].key
        agg = "avg"
        if self.pending_agg is not None and self.pending_agg[0] in ("avg", "median", "min", "max", "sum"):
            agg = self.pending_agg[0]
            self.pending_agg = None
        if agg in ("max", "min") and (self.s.target or self.s.target_entity or self.s.group):
            self.s.superlative, agg = SUPERLATIVE[agg], "avg"  # "which plan has the longest ...": ranked
        p = self.pending_cmp
        if p is not None and p[1] is None and p[2] is not None and self.days_compared:
            # "booked more than 30 days in advance": each record's own span compared
            self.s.conds.append(Cond(end, p[0], p[2], p[3] if len(p) > 3 else None, since=start))
            self.pending_cmp, self.days_compared = None, False
        else:
            self.s.count = False  # "how many days": the days counted, never the records
            self.s.measures.append((Measure(agg, end, since=start), False))
        for q in (start, end):
            if q not in self.s.mentioned:
                self.s.mentioned.append(q)

    def on_payverb(self, k: int, m: Mention) -> None:
        columns = sorted({s.key for s in m.of("payverb")})
        if len(columns) > 1:
            self.s.ambiguous.append((m.text, columns, self.role()))
            return
        self.use_column(columns[0], k, m)

    def on_money(self, k: int, m: Mention) -> None:
        raise Decline("clarify", f"'{m.text}' needs a money column, and this data has none I can tell apart.")


FEW_DAYS = 92
"""Dates spanning at most this many days are split day by day when "each date" is said."""


def _few_days(c: Col) -> bool:
    """The date column's values span at most FEW_DAYS days."""
    lo, hi = c.minimum, c.maximum
    if not (isinstance(lo, dt.date) and isinstance(hi, dt.date)):
        return False
    return (hi - lo).days <= FEW_DAYS if type(lo) is type(hi) else False


def _ends_with(words: tuple[str, ...], tail: tuple[str, ...]) -> bool:
    """The words end with the tail, a plural said for the last word allowed ("per visits")."""
    n = len(tail)
    return n <= len(words) and words[-n:-1] == tail[:-1] and singular(words[-1]) == singular(tail[-1])


def outside_years(conds: list[Cond], first: int, last: int) -> bool:
    """Filters on a year column that keep no year from `first` to `last` ("in 2015" on 2003-2009)."""
    low, high = first, last
    for x in conds:
        if x.op in ("=", ">=", ">") and isinstance(x.value, int):
            low = max(low, x.value + (x.op == ">"))
        if x.op in ("=", "<=", "<") and isinstance(x.value, int):
            high = min(high, x.value - (x.op == "<"))
    return low > high


STEPS = {name: getattr(Reader, name) for name in dir(Reader) if not name.startswith("_")}
"""Readings templates.yaml can name (`do:`): the Reader's methods."""


SEARCH_SUFFIXES = ("ments", "ment", "ings", "ing", "ed", "es", "s")
"""Endings a searched word is looked for without ("harassment": harass, harassed, harassing)."""


NEVER_SUMMED = frozenset(
    {
        "rating",
        "ratings",
        "score",
        "scores",
        "satisfaction",
        "stars",
        "grade",
        "level",
        "rank",
        "index",
        "ratio",
        "rate",
        "percent",
        "pct",
        "percentage",
        "age",
        "year",
        "month",
    }
)
"""Name words of numbers whose parts make no share of a total (a rating, an age, a percent)."""


def adds_up(c: Col) -> bool:
    """A number whose parts make a share of its total ("what share of our revenue", of the holders): any
    but a kept average, a unit price, or one named as a rating, score, age or percent (NEVER_SUMMED:
    "share of total satisfaction rating" means nothing). Not guards._adds_up, which also keeps out
    unitless fractions."""
    if c.averaged or c.is_price:
        return False
    return not set(c.words) & NEVER_SUMMED


def search_stem(word: str) -> str:
    """A searched word without its ending, where enough letters are left ("harassment" -> "harass",
    "delays" -> "delay", "rooms" -> "room"); short words as they are ("bags", "wifi")."""
    for end in SEARCH_SUFFIXES:
        if word.endswith(end) and len(word) - len(end) >= (4 if end == "s" else 5):
            return word[: -len(end)]
    return word


AVERAGED = frozenset({"on average", "on avg", "on the average"})
"""Words after a figure that make it an average."""


def _unit_after_number(schema: Schema, mentions: list[Mention]) -> list[Mention]:
    """ "films longer than 3 hours": a unit right after a number is the unit, never the derived hour of
    the day of a timestamp (rental_date's hour)."""
    out = list(mentions)
    for k in range(1, len(out)):
        m = out[k]
        if out[k - 1].number is None or not m.has("unit"):
            continue
        kept = [
            x
            for x in m.senses
            if not (x.kind in ("column", "colword") and "." in str(x.key) and schema.col(str(x.key)).hour_of)
        ]
        if len(kept) != len(m.senses):
            out[k] = Mention(m.start, m.end, m.text, kept, m.number, m.time)
    return out


def _name_ends_with_word(words: tuple[str, ...], said: str) -> bool:
    """A column's name ends with the word said, or with a short writing of it ("codes" of
    MEMBER_OCCUPATION_CD: "cd", its letters in order, from the first)."""
    if not words:
        return False
    if _ends_with(words, (said,)):
        return True
    last, said = words[-1], singular(said)
    rest = iter(said[1:])
    return 2 <= len(last) <= 3 and last[0] == said[0] and all(ch in rest for ch in last[1:])


def _column_before_suffix(schema: Schema, mentions: list[Mention]) -> list[Mention]:
    """ "for each coupon type" where the rows are coupons and a column is named coupon: a word followed by
    a word that only repeats a column ("type", "category") is that column, never the records (but "campaign
    type" of a campaign number is a kind of campaign, never the number: left for the suffix to name)."""
    out = list(mentions)
    keys = (Role.IDENTIFIER, Role.FOREIGN_KEY)
    for k in range(len(out) - 1):
        m = out[k]
        words = {str(x.key) for x in m.of("colword")}  # ("each payment frequency" of PAYMENT_MODE)
        named = [str(x.key) for x in m.senses if x.kind in ("column", "colword") and "." in str(x.key)]
        if named and all(schema.col(q).role in keys for q in named):
            continue
        if out[k + 1].kinds == {"colsuffix"} and m.has("entity") and (m.has("column") or len(words) == 1):
            out[k] = Mention(
                m.start, m.end, m.text, [x for x in m.senses if x.kind != "entity"], m.number, m.time
            )
    return out


def _noun_before_records(mentions: list[Mention]) -> list[Mention]:
    """ "Presidential room bookings": a singular noun right before the plural noun of other records only
    says which of those records (bookings of rooms), never the records counted; its own records' reading
    is dropped."""
    out = list(mentions)
    for k in range(len(out) - 1):
        m, nxt = out[k], out[k + 1]
        heads = {x.key for x in nxt.of("entity") if not x.value}
        own = {x.key for x in m.of("entity")}
        if not heads or not own or own & heads or " " in m.text or singular(m.text) != m.text:
            continue
        if singular(nxt.text.split()[-1]) == nxt.text.split()[-1] or len(m.senses) == len(m.of("entity")):
            continue
        if not any(str(x.key).split(".", 1)[0] in heads for x in m.senses if x.kind != "entity"):
            continue  # ("contact people": no column of the people's table, so never a kind of them)
        out[k] = Mention(
            m.start, m.end, m.text, [x for x in m.senses if x.kind != "entity"], m.number, m.time
        )
    return out


def _columns_added(schema: Schema, mentions: list[Mention]) -> None:
    """ "revenue (lodging plus other)": two amounts added up, which no column here holds: asked, never one
    of them read alone (and the other as a value)."""
    for a, b, c in zip(mentions, mentions[1:], mentions[2:], strict=False):
        if b.text != "plus":
            continue
        sides = [
            {
                str(x.key)
                for x in m.senses
                if x.kind in ("column", "colword") and schema.col(str(x.key)).is_numeric
            }
            for m in (a, c)
        ]
        wholes = [
            {f"{c.table}.{x}" for x in c.formula or ()} for c in schema.columns() if c.parts_sum or c.formula
        ]
        restated = any(sides[0] & w and sides[1] & w for w in wholes)  # "weekend plus weekday nights"
        if all(sides) and not sides[0] & sides[1] and not restated:
            raise Decline(
                "clarify",
                f"'{a.text} plus {c.text}' adds two amounts, which I can't do yet; please ask for each.",
            )


PEOPLE_SAID = frozenset(
    {
        "person",
        "people",
        "one",
        "man",
        "men",
        "woman",
        "women",
        "male",
        "female",
        "parent",
        "mother",
        "father",
        "adult",
    }
)
"""Nouns of people a coded value's adjective may be said of ("single men"), beside the data's own."""
NOW_WORDS = frozenset({"today", "now", "currently", "as of today", "right now", "at present"})
"""Time phrases of the as-of day itself: beside an age they say when it is counted to, never a filter."""
DISTINCT_WORDS = frozenset({"different", "distinct", "unique", "separate", "individual"})
"""Words that count each thing once ("how many unique visitors"), also between a number and what it counts
("3 different cities")."""
MEANS_WORDS = frozenset({"through", "via", "by", "on", "in"})
"""Words after a verb that say by what means the thing was done ("buy through each channel")."""


def _verb_of_a_split(schema: Schema, mentions: list[Mention]) -> list[Mention]:
    """ "how many customers buy through each channel": the verb says what the channel is the channel of,
    never a yes/no of buying (every customer has a channel): a flag's verb right before "through each"
    and a column word only says that."""
    out = list(mentions)
    for k, m in enumerate(mentions[:-3]):
        if not m.has("flag") or mentions[k + 1].text not in MEANS_WORDS:
            continue
        if mentions[k + 2].text not in ("each", "every") or not mentions[k + 3].kinds & {"colword", "column"}:
            continue
        out[k] = replace(m, senses=[Sense("stop")])
    return out


STEM_AT = 5
"""Letters two words of one event share ("deliv" of delivery and delivered)."""
SPARSE_ID_SHARE = 0.5
"""An id blank on more than this share of rows numbers too few of them to count the records by."""


def _count_column_over_sparse_id(schema: Schema, mentions: list[Mention]) -> list[Mention]:
    """ "how many transactions" of GA's `transactions` (1 on each session that bought) beside a
    transactionId blank on most of those: the column named exactly so is counted, never the few ids."""
    out = []
    for m in mentions:
        named = [x for x in m.senses if x.kind == "column" and schema.col(str(x.key)).name.lower() == m.text]
        by_id = [x for x in m.senses if x.kind == "entity" and isinstance(x.value, str) and "." in x.value]
        if len(named) == 1 and by_id:
            kept = []
            for x in by_id:
                table, _, name = str(x.value).partition(".")
                info = schema.tables[table].info
                col = info.columns.get(name)
                if col is not None and info.row_count and col.null_count > SPARSE_ID_SHARE * info.row_count:
                    continue
                kept.append(x)
            if len(kept) < len(by_id):
                m = replace(m, senses=[x for x in m.senses if x.kind != "entity" or x in kept])
        out.append(m)
    return out


def _event_date_said(schema: Schema, mentions: list[Mention]) -> list[Mention]:
    """ "shipments delivered in 2014" of Delivered to Client Date, Scheduled Delivery Date and Delivery
    Recorded Date: the one date whose name holds the verb as said is its event; the plan and the record
    of it only share its root."""
    # ("deliveries by year": the date they came, never when they were due or when that was recorded)
    aside = {w for c in ("due_dates", "bookkeeping_dates") for p in word_classes()[c] for w in p}
    out = []
    for m in mentions:
        dates = [
            x
            for x in m.senses
            if x.kind == "timecol" or (x.kind == "colword" and schema.col(str(x.key)).role == Role.TIME)
        ]
        said = set(m.text.split())
        exact = [x for x in dates if said <= set(schema.col(str(x.key)).words)]
        plain = [x for x in dates if not set(schema.col(str(x.key)).words) & aside]
        one = {x.key for x in dates}
        if len(one) > 1 and len({x.key for x in exact}) == 1:
            m = replace(m, senses=[x for x in m.senses if x not in dates or x.key == exact[0].key])
        elif len(one) > 1 and len({x.key for x in plain}) == 1 and not said & aside:
            m = replace(m, senses=[x for x in m.senses if x not in dates or x.key == plain[0].key])
        elif len(one) > 1 and not plain and not said & aside and len(m.text) >= STEM_AT:
            # "by delivery year" of Scheduled Delivery Date and Delivery Recorded Date beside Delivered to
            # Client Date: the one plain date of the event ("delivered") is what "delivery" dates
            tables = {str(x.key).split(".", 1)[0] for x in dates}
            came = [
                c.qualified
                for t in tables
                for c in schema.tables[t].columns.values()
                if c.role == Role.TIME
                and not set(c.words) & aside
                and any(w[:STEM_AT] == m.text[:STEM_AT] for w in c.words)
            ]
            if len(came) == 1:
                kept = [x for x in m.senses if x not in dates]
                m = replace(m, senses=[*kept, Sense(dates[0].kind, came[0])])
        out.append(m)
    return out


def read(schema: Schema, mentions: list[Mention]) -> tuple[Slots, list[str]]:
    """Fill Slots from mentions; also return the words left unexplained."""
    _columns_added(schema, mentions)
    mentions = read_lead_times(schema, read_date_spans(schema, read_date_order(schema, mentions)))
    mentions = _noun_before_records(_column_before_suffix(schema, read_covered_range(schema, mentions)))
    mentions = _verb_of_a_split(schema, _event_date_said(schema, _unit_after_number(schema, mentions)))
    mentions = _count_column_over_sparse_id(schema, mentions)
    mentions, notes = read_compounds(schema, read_how_long(schema, read_range_values(schema, mentions)))
    r = Reader(schema, mentions)
    slots = r.run()
    slots.notes = [*notes, *slots.notes]
    paired = [m.text for m in mentions if m.text in ("combination", "combinations", "pairs")]
    if paired and slots.count and not slots.group and not set(slots.words) & {"each", "every", "by", "per"}:
        # "how many product/store combinations": pairs counted, which is not built (one of them counted
        # in their place was a wrong number)
        r.unused.append(paired[0])
    if any(w in AVERAGED for w in r.unused):
        # "which class flies the longest distances on average": an "on average" no figure took is the
        # average of the one amount ranked or totalled (nlq.finish _on_average), asked where there is none
        slots.on_average = True
        r.unused = [w for w in r.unused if w not in AVERAGED]
    return slots, r.unused


def said_columns(s: Slots) -> list[str]:
    """The columns a question's conditions name (values, flags, comparisons)."""
    return (
        [c for c, _, _ in s.values if not c.startswith("?")]
        + [f[0] for f in s.flags]
        + [c.column for c in s.conds]
    )


def _drills_down(words: tuple[str, ...]) -> bool:
    """ "break that down by month", "split it further by region": a split added to the one before."""
    said = " ".join(words)
    return any(p in said for p in (" ".join(x) for x in word_classes()["drill_down"]))


def _year_back(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1) if (day.month, day.day) != (2, 29) else dt.date(day.year - 1, 2, 28)


def _same_period_a_year_back(prev: Slots, new: Slots) -> None:
    """ "how does that compare with the same period last year" after a count so far this year: the
    period before, a year earlier (never the whole of last year), compared with it when asked."""
    if not (new.same_period and len(prev.ranges) == 1 and len(new.ranges) == 1):
        return
    if "last year" not in new.ranges[0].label and "previous year" not in new.ranges[0].label:
        return
    before = prev.ranges[0]
    start, end = _year_back(before.start), _year_back(before.end)
    shifted = TimeRange(
        start, end, f"the same period a year earlier ({start} to {end - dt.timedelta(days=1)})", "last year"
    )
    compared = new.versus or bool({"compare", "compared", "versus", "vs"} & set(new.turn_words))
    new.ranges = [before, shifted] if compared else [shifted]
    new.versus = new.versus or compared


def _ranked_by_instead(prev: Slots, new: Slots, schema: Schema | None) -> bool:
    """ "what about by units sold instead?" after a ranking: the new figure ranks the same records (its
    total), never a split by its values; the new Slots get that figure."""
    ranked = prev.rank or prev.superlative or prev.limit
    if schema is None or not ranked or len(new.group) != 1 or new.measures or "." not in new.group[0]:
        return False
    c = schema.col(new.group[0])
    if c.role != Role.MEASURE or not c.is_numeric or not (prev.group or prev.target or prev.target_entity):
        return False
    new.measures = [(Measure("avg" if c.averaged else "sum", c.qualified), False)]
    return True


def _held_before(prev: Slots, schema: Schema | None) -> Cond | None:
    """ "how many invoices were paid late?" of a Days Late column counted the records having some (nlq.holding):
    the condition a new figure of those records keeps."""
    if schema is None or not prev.count or len(prev.bare) != 1 or prev.group or prev.measures or prev.rate_at:
        return None
    c = schema.col(prev.bare[0])
    if is_yes_no(c) or c.words[-1:] and c.words[-1] in QUANTITY_WORDS:
        return None  # (a yes/no is kept as a flag; units counted are summed, no condition)
    return state_said(schema, prev.bare, prev.words) or some_of(schema, c)


def merge(prev: Slots, new: Slots, schema: Schema | None = None) -> Slots:
    """A follow-up refines the previous question's Slots: its parts replace or add to the old ones."""
    out = replace(prev, notes=list(new.notes), turn_words=new.turn_words)
    if new.same_period and not prev.ranges:
        raise Decline("clarify", "Which period? The question before named none; please name it.")
    _same_period_a_year_back(prev, new)
    if new.each_prev:
        # "how many orders has each of them placed?": one figure per record the previous question listed
        if prev.entity is None or prev.entity.value or prev.group or prev.grain is not None or new.group:
            raise Decline("clarify", "Each of which records? Please ask the whole question.")
        new.group = [f"@{prev.entity.key}"]
    if _ranked_by_instead(prev, new, schema):
        new.group = []  # "what about by units sold instead?" after the top 5 by revenue: ranked by units
        out.measures = list(new.measures)
        out.bare = []
    prev_figured = bool(prev.measures or prev.bare or prev.count)
    prev_split = bool(prev.group) or any(a[2] == "group" for a in prev.ambiguous)  # ("by tier" of two copies)
    if new.group and new.group == new.per_entity and prev_split and prev_figured and new.grain is None:
        # "and per customer they handle?" after revenue by rep: one figure per rep, over its customers
        new.group = [*prev.group, *(g for g in new.group if g not in prev.group)]
        out.per_entity = list(new.per_entity)
    # "just Europe, by country" (of customers or of stores) after revenue by continent: the old split kept
    # to one value; the new split, resolved later, replaces it
    kept = {str(v[0]) for v in new.values} & set(prev.group)
    split_unresolved = bool(kept) and any(a[2] == "group" for a in new.ambiguous)
    if new.group or new.grain is not None or split_unresolved:
        drilled = _drills_down(new.turn_words) and prev.group and not prev.rank and not prev.superlative
        # "break that down by month" after items by category: by category and month
        out.group = (
            [*prev.group, *(g for g in new.group if g not in prev.group)] if drilled else list(new.group)
        )
        out.grain = new.grain
        out.rank, out.limit, out.superlative = None, None, None
        out.target, out.target_entity, out.time_target = [], None, False
    elif new.target and (prev.group or prev.grain is not None) and set(new.target) - set(prev.group):
        # "which subregion sold the most that year?" after sales by region: the same figure, ranked
        # over subregions (never the regions asked before)
        out.group, out.grain = [], None
        out.target, out.target_entity, out.time_target = list(new.target), None, False
    elif (
        new.target
        and not (prev.target or prev.group or prev.grain is not None)
        and new.superlative
        and not {v[0] for v in prev.values} & set(new.target)  # (never ranked over the one value kept)
    ):
        # "how much did we spend last month? -- which supplier got the most of that money?": the same
        # records, their figure ranked over the new groups
        out.target, out.target_entity, out.time_target = list(new.target), None, False
    elif new.target and prev.group and set(new.target) <= set(prev.group) and (new.superlative or new.rank):
        # "average experience in each department -- which department is the highest?": the same figure,
        # the departments ranked
        out.group = [g for g in prev.group if g not in new.target]
        out.target, out.target_entity, out.time_target = list(new.target), None, False
    if (
        new.lone_agg in ("max", "min")
        and prev.superlative
        and (prev.target or prev.target_entity)
        # ("and the lowest?": nothing else said, the same ranking the other way)
        and ("which" in new.turn_words or not (new.measures or new.bare or new.group or new.target))
    ):
        # "which level has the highest average body fat? -- and which has the lowest?": the same figure,
        # ranked the other way (never the lowest single value)
        out.superlative = "desc" if new.lone_agg == "max" else "asc"
        new.lone_agg = None
        return out
    if new.lone_agg:
        columns = [m.column for m, _ in prev.measures if m.column and m.agg not in ("rate", "count_distinct")]
        if not columns:
            raise Decline("clarify", f"The {new.lone_agg} of what? Name a column.")
        new.measures = [(Measure(new.lone_agg, columns[0]), False)]
        new.lone_agg = None
    if not (new.measures or new.count or new.rate_at) and new.bare and prev.measures:
        # "what about tenure?": the same figure of another column
        agg = prev.measures[0][0].agg
        numeric = [b for b in new.bare if schema is not None and schema.col(b).is_numeric]
        if agg in ("sum", "avg", "median", "min", "max", "stddev") and numeric:
            new.measures = [(Measure(agg, b), False) for b in numeric]  # "sales and profit by region"
            new.bare = [b for b in new.bare if b not in numeric]
    elif (
        not (new.measures or new.count or new.rate_at)
        and new.bare
        and prev.count
        and (new.group or new.grain)
    ):
        # "how many sandwiches did we sell? -- break the units down by month": the amount named, summed
        summed = [
            b
            for b in new.bare
            if schema is not None and schema.col(b).role == Role.MEASURE and schema.col(b).is_numeric
        ]
        if len(summed) == len(new.bare) == 1:
            new.measures, new.bare = [(Measure("sum", summed[0]), False)], []
    summed = [
        b for b in new.bare if schema is not None and schema.col(b).money and not schema.col(b).is_price
    ]
    ranked = (new.superlative or new.rank) and (new.target_entity is not None or new.group or new.target)
    if (
        (new.how_much or ranked)
        and len(new.bare) == 1
        and summed
        and not (new.measures or new.count or new.rate_at)
    ):
        # "and how much have they spent in total?", "the top customer by spend among them": the total
        # of the one amount named, for those rows
        new.measures, new.bare = [(Measure("sum", summed[0]), False)], []
    averages = [b for b in new.bare if schema is not None and schema.col(b).words[:1] in AVERAGE_NAMES]
    if len(new.bare) == 1 and averages and not (new.measures or new.count or new.rate_at or new.group):
        # "what's their average rating?" of Average Rating: each row's average, averaged over those rows
        new.measures, new.bare = [(Measure("avg", averages[0]), False)], []
    if new.bare and not (new.measures or new.count or new.rate_at):
        names = ", ".join(b.split(".", 1)[1] for b in new.bare)
        raise Decline("clarify", f"What should I do with {names}: a total, an average, a breakdown?")
    figure = bool(new.measures or new.count or new.rate_at)
    prev_flags = list(prev.flags)
    counted = [b for b in prev.bare if schema is not None and is_yes_no(schema.col(b))]
    if prev.count and len(prev.bare) == 1 and counted and not (prev.group or prev.measures or prev.rate_at):
        # "how many customers got a discount?" counted the rows the yes/no is true of: still those rows
        prev_flags.append((counted[0], False, 0))
    kept_state = _held_before(prev, schema) if figure else None
    if figure:
        # "what about the average rating?": a new figure over the same rows and groups
        rate_targets = [f for f in prev.flags if any(abs(f[2] - r) <= 2 for r in prev.rate_at)]
        prev_flags = [f for f in prev_flags if f not in rate_targets]
        out.measures, out.count, out.rate_at = list(new.measures), new.count, list(new.rate_at)
        out.on_average = new.on_average  # "and how many cards do they hold on average?"
        out.count_of = prev.count_of if new.those else new.count_of
        out.count_also = new.count_also
        if prev.having:
            raise Decline("clarify", "Please ask that as a whole question.")
        # a column named beside a value of several columns ("the Intimate department") still picks it
        picking = [
            b
            for b in prev.bare
            if any(v[0].startswith("?") and b in {x.key for x in v[1]} for v in prev.values)
        ]
        out.bare = list(dict.fromkeys([*new.bare, *picking]))
        out.superlative = new.superlative or prev.superlative
        if new.entity is not None and not new.those:
            out.entity = new.entity
        elif new.entity is not None:
            # "how many of those were placed by customers who ...": those rows, related to the ones named
            out.entities = [*prev.entities, *(e for e in new.entities if e not in prev.entities)]
        if new.those and prev.entity is None:
            # "how many refunds ...? how many of those went to debit cards?": the rows of the one table
            # the previous question's conditions were on
            own = {q.split(".", 1)[0] for q in said_columns(prev)}
            if len(own) == 1:
                out.entity = Sense("entity", own.pop())
    prev_cols = {v[0] for v in prev.values if not v[0].startswith("?")}
    prev_cols |= {x.key for v in prev.values if v[0].startswith("?") for x in v[1]}
    values = []
    for column, value, neg in new.values:
        if column.startswith("?"):
            # "and in Minas Gerais?" after "sellers in Sao Paulo state": a value of several columns is
            # the one of the column the previous question kept to a value (it replaces that value)
            same = sorted({x.key for x in value} & prev_cols)
            if len(same) == 1:
                chosen = next(x for x in value if x.key == same[0])
                column, value = same[0], chosen.value
        values.append((column, value, neg))
    new.values = values
    new_cols = {v[0] for v in new.values} | {f[0] for f in new.flags} | {c.column for c in new.conds}
    if schema is not None:
        # "Student plan members -- and for Basic?": users.subscription_plan names the same plans as the
        # plans.subscription_plan it points at; the new value replaces the old either side of the link
        for r in schema.relations:
            ends = (f"{r.table}.{r.column}", f"{r.ref_table}.{r.ref_column}")
            if {v[0] for v in new.values} & set(ends):
                new_cols |= set(ends)
    # a value of several columns said again replaces the one said before of those columns
    said = new_cols | {x.key for v in new.values if v[0].startswith("?") for x in v[1]}
    out.values = [
        v
        for v in prev.values
        if v[0] not in new_cols and not (v[0].startswith("?") and {x.key for x in v[1]} & said)
    ] + list(new.values)
    # the flags kept from before were said before a new figure (never the flag a new rate measures,
    # "and what share of them have churned?"), else after (the rate asked before still measures its own)
    shift = -1000 if figure else 1000
    if figure:
        # the positions said before move with the values kept ("came from India" at 4 is no qualifier of
        # "came via Organic Search" said at 4 now)
        out.qualifiers = [q + shift for q in prev.qualifiers]
    out.flags = [(c, n, i + shift) for c, n, i in prev_flags if c not in new_cols] + list(new.flags)
    # so are the values kept before a new figure ("how many tickets came by phone? what share of them
    # were critical?": the phone tickets are the whole, critical the part)
    out.value_at = {
        **{c: at + (shift if figure else 0) for c, at in prev.value_at.items() if c not in new_cols},
        **new.value_at,
    }
    if not figure and prev.rate_at and not new.rate_at:
        # "churn rate of customers who complained -- what about age group 2?": the rate before keeps its
        # own yes/no (it moved after the new words with the flags kept, so does the rate word)
        flagged = {f[2] for f in prev.flags}
        out.rate_at = [r + shift for r in prev.rate_at]
        out.share_at = [r + shift for r in prev.share_at]
        out.qualifiers = [q + shift if q in flagged else q for q in prev.qualifiers]
        # "what share of customers are under 30? -- and among the men only?": the rate before, of the men;
        # what a refining turn names keeps the rows, never becomes the part measured
        out.qualifiers = [
            *out.qualifiers,
            *(new.value_at[c] for c, _, _ in new.values if c in new.value_at),
            *(f[2] for f in new.flags),
        ]
    # "which restaurant has the most 1-star reviews? -- what's its overall average rating?": a column kept
    # to one value before is no condition of a new figure of that column (it would be the value itself)
    figured = {
        m.column for m, _ in new.measures if m.column and m.agg in ("avg", "sum", "median", "min", "max")
    }
    out.conds = [
        c for c in prev.conds if c.column not in new_cols and not (c.column in figured and c.op == "=")
    ] + list(new.conds)
    if kept_state is not None and kept_state.column not in new_cols:
        out.conds.append(
            kept_state
        )  # "how many were paid late? -- what's their total value?": still the late ones
    out.values = [v for v in out.values if not (v[0] in figured and v not in new.values and not v[2])]
    out.ranged = [c for c in [*prev.ranged, *new.ranged] if c in out.conds]
    held = {v[0] for v in out.values}
    out.pooled = [c for c in dict.fromkeys([*prev.pooled, *new.pooled]) if c in held]
    out.ambiguous = list(prev.ambiguous) + list(new.ambiguous)
    out.neg_entities = list(prev.neg_entities) + list(new.neg_entities)
    out.neg_values = list(prev.neg_values) + list(new.neg_values)
    out.neg_conds = list(prev.neg_conds) + list(new.neg_conds)
    if len(new.ranges) == 1 and new.versus and prev.ranges and not prev.versus:
        # "number of orders in 2025" -> "compared with 2024": both periods (two said: those two)
        out.ranges, out.versus = list(prev.ranges[:1]) + list(new.ranges[:1]), True
    elif new.ranges:
        out.ranges = list(new.ranges)
        out.versus = out.versus or (new.versus and len(new.ranges) > 1)  # "the change from 2012 to 2013"
    series = prev.grain is not None and prev.entity is not None
    other_dates = (
        series
        and prev.entity is not None
        and new.time_col
        and not new.grain
        and new.time_col.split(".", 1)[0] != prev.entity.key
    )
    if other_dates and new.ranges:
        # a series by payment date, then "customers who registered in 2006": a period of other dates
        raise Decline("clarify", "That follow-up names other data; please ask the whole question.")
    if new.time_col and not other_dates:
        # "only for customers registered at store 2" after a series by payment date: a verb with no
        # period of its own never moves the dates the series is over
        out.time_col = new.time_col
        out.event = out.event or new.event  # "... on closed deals": those with a close date
    if new.rank or new.limit:
        out.rank = new.rank or prev.rank or "desc"
        out.limit = new.limit or prev.limit
    if new.sort:
        out.sort = new.sort
    if new.target_entity is not None and not new.group:
        # "who is the top customer by spend among them?": those rows' customers, ranked
        out.target_entity = new.target_entity
        out.entities = [*out.entities, *(e for e in new.entities if e not in out.entities)]
    if new.superlative and not figure:
        out.superlative = new.superlative
    out.event_flags = list(prev.event_flags) + list(new.event_flags)
    if new.having:
        out.having, out.count_groups = list(new.having), new.count_groups
    judged_worst = bool(set(new.turn_words) & {"worst", "weakest", "poorest"})  # (of complaints: the most)
    if (
        new.time_target
        and new.rank
        and not judged_worst
        and not figure
        and prev.grain == new.grain
        and (prev.measures or prev.bare or prev.count)
    ):
        # "monthly revenue for Clothing -- which month was best?": the figure before, its top period
        out.time_target, out.rank, out.limit = True, new.rank, new.limit or 1
        new.time_target = False
    if new.share_of or new.distinct or new.time_target:
        raise Decline("clarify", "Please ask that as a whole question.")
    if (
        new.entity is not None
        and prev.entity is not None
        and new.entity.key != prev.entity.key
        and not figure
    ):
        joined = {v[0].split(".", 1)[0] for v in new.values} | {f[0].split(".", 1)[0] for f in new.flags}
        joined |= {c.column.split(".", 1)[0] for c in new.conds if isinstance(c.column, str)}
        if new.entity.key not in joined:
            raise Decline("clarify", "That follow-up names other data; please ask the whole question.")
    _became_of_them(prev, new, out, schema)
    return out


def _became_of_them(prev: Slots, new: Slots, out: Slots, schema: Schema | None) -> None:
    """ "how many of them ended up as closed deals?" after a count of leads: those leads that a table keyed
    by their key holds (closed_deals.mql_id), counted; the period said before stays on the leads. In place."""
    became = {w for p in word_classes()["became_words"] for w in p}
    if schema is None or not new.count or prev.entity is None or new.entity is None or prev.entity.value:
        return
    if not (new.anaphora and became & set(new.turn_words)) or new.entity.key == prev.entity.key:
        return
    rel = [r for r in kept_by_key(schema, new.entity.key) if r.ref_table == prev.entity.key]
    if len(rel) != 1:
        return
    out.entity = prev.entity
    out.entities = [e for e in out.entities if e.key != new.entity.key] or [prev.entity]
    out.conds = [
        *out.conds,
        Cond(f"{prev.entity.key}.{rel[0].ref_column}", "in_sub", (new.entity.key, rel[0].column)),
    ]
    out.time_col = prev.time_col
    out.event = prev.event
