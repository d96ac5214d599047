"""A read-only view of the semantic model that the question engine relies on.

Every role, unit, value list and relation comes from the catalog's model (catalog.roles settles them
once per load); this module only reshapes it into the words the parser matches, and adds the derived
revenue column of priced line items. It runs no query of its own.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from catalog.concepts import concept, hyphen_tail
from catalog.english import is_word
from catalog.infer import EXACT_STATS_ROWS, tokens
from catalog.labels import spoken_labels
from catalog.lineprices import LOOKED_UP
from catalog.roles import COMPOSITE, FLOAT_TYPES, INTEGER_TYPES, is_numeric_type, is_time_type
from catalog.semantic import Binding, Relation, Role, TableInfo
from nlq.coderanges import spans
from nlq.grammar import word_classes, word_set
from nlq.text import phrase_tokens, plural, singular
from nlq.units import custom_unit, named_unit, rate_unit, said_units

if TYPE_CHECKING:
    from catalog import Catalog

__all__ = ["Col", "Schema", "Table", "build_schema", "is_numeric_type", "is_time_type"]
AVERAGE_WORDS = {("average",), ("avg",), ("mean",)}
"""First words of a column that is itself an average: averaged by default, never summed."""
PRICE_WORDS = {"price", "prices", "unit", "rate", "rates", "per"}
LEVEL_WORDS = {
    "balance",
    "balances",
    "limit",
    "limits",
    "debt",
    "debts",
    "worth",
    "wealth",
    "assets",
    "liabilities",
}
NOT_PAID_WORDS = frozenset({"profit", "profits", "margin", "cost", "costs", "discount", "tax", "commission"})
"""Name words of money that is no part of what a record is worth to the buyer (an order of 2000 rupees is
its sales amount, never its profit)."""
"""Name words of money a record holds at a time (an account balance, a credit limit): a level, repeated on
each of an owner's records, never added up over them."""
SCORE_WORDS = {"rating", "ratings", "score", "scores", "satisfaction", "csat", "stars", "star", "rated"}
"""Words of score-like measures: averaged by default, never summed. (Not NPS: the net promoter score
is a skill's metric, not an average.)"""
CONTINUOUS_MIN = 25
"""A numeric measure with more distinct values than this is continuous: never a group."""


@dataclass
class Col:
    """What the engine needs to know about one column."""

    table: str
    name: str
    dtype: str
    role: Role
    words: tuple[str, ...]
    synonyms: tuple[tuple[str, ...], ...] = ()
    values: tuple[Any, ...] = ()
    flag_true: Any = None
    money: bool = False
    unit: str | None = None
    numeric_text: bool = False
    """A text column holding numbers (cast with TRY_CAST when aggregated)."""
    unique: bool = False
    nulls: int = -1
    """Empty values in the column (-1: unknown)."""
    formula: tuple[str, ...] | None = None
    """A derived column: quantity x unit price [x (1 - discount)], by stored column names."""
    less: str | None = None
    """The formula's price less this stored column: quantity x (price - cost), a line's profit."""
    parts_sum: bool = False
    """The formula is the sum of its columns (the total of amounts split by category: MntWines + ...)."""
    distinct: int = 0
    """Distinct values (0: unknown)."""
    starts_with: tuple[str, str] | None = None
    """A derived yes/no column: (stored column, prefix), true where that column's value starts with it."""
    weekday_of: str | None = None
    """A derived category: the day of the week (Monday .. Sunday) of this stored date column."""
    decade_of: str | None = None
    """A derived category: the decade (the first year of it: 30 for 30-39) of this stored age column."""
    hour_of: str | None = None
    lasted: tuple[str, str] | None = None
    """A derived duration in seconds: (start, end) times of the same record (CallStart, CallEnd)."""
    """A derived category: the hour of the day (0-23) of this stored time or timestamp column."""
    looked_up: bool = False
    sold: bool = False
    """A price that is what the record was sold for (an order's price_usd beside its cogs_usd, or an order
    whose lines are priced): its amount, never a price per unit."""
    composite: bool = False
    asked: bool = False
    """A survey's question column: named by its topic words only (catalog.surveys)."""
    """Its name strings other columns' names together (a model's output): said by its whole name only."""
    """Copied from another table at load (a listed price onto order lines): used by figures, never named."""
    maximum: Any = None
    """The largest stored value (None: unknown), e.g. to tell a tenure in months from one in years."""
    later_than: tuple[str, str] | None = None
    """A derived yes/no column (actual date, due date): true where the actual date is after the due one
    ("late"), unknown where either is missing, so a share of late records counts only those known."""
    named_only: bool = False
    """Named only by its own words ("revenue", "sales"), never by a generic money word ("spend", "paid")
    while another money column is there (the item revenue beside what customers paid)."""
    overdue: tuple[str, str, str, tuple[tuple[str, str, str, str], ...]] | None = None
    """A derived yes/no column (start date, end date, allowed days "table.column", the keys from this
    table to that column's table): true where the end came more than the allowed days after the start
    (a rental returned after its film's rental duration), unknown where the end is missing."""
    name_column: str | None = None
    """For an id column: the qualified column of the same table naming its records one to one."""
    loose_name: str | None = None
    """For an id column: the qualified column naming its records, which the id does not decide."""
    translations: dict[str, str] = field(default_factory=dict)
    """Values said in another language, from a translation table (olist's category names in English):
    the said value -> the value stored here ("health_beauty" -> "beleza_saude")."""
    items: tuple[str, ...] = ()
    """A column of comma-separated lists ("Trailers,Behind the Scenes"): the items the lists are made of;
    a value said is one of them, contained in a row's list (never the row's whole list)."""
    measured_in: str | None = None
    """The unit its numbers count (nlq.units: "year" for TotalWorkingYears, "minute" for a film's length)."""
    unit_stated: bool = False
    """`measured_in` is stated in cra.toml (counted_in), not read from the name or by custom."""
    period_index: tuple[str, Any] | None = None
    """A count of periods set in cra.toml (catalog.semantic.ColumnInfo.period_index)."""
    said_units: tuple[str, ...] = ()
    """Units a number compared with it may be said in, its name saying no unit of its own (a computer's
    speed: megahertz, gigahertz): the number is taken as said (nlq.units `quantities`)."""
    minimum: Any = None
    """The smallest stored value (None: unknown)."""
    log_of: str | None = None
    same_as: str | None = None
    """Qualified name of an earlier column holding the same values row by row (catalog.copies)."""
    difference: tuple[str, str] | None = None
    """A derived measure: one stored column minus another of the same row, by their names (our price
    minus the competitor's price); named only by words that say both (nlq.grammar words.yaml
    `difference_phrases`), never by a generic word."""
    """A measure that is the logarithm of another column of its table (logwage of wage), by that
    column's name: derived, so a word both could mean is the plain column."""
    compared: tuple[str, str, str] | None = None
    """A derived yes/no column (column, op, other column of the row): "stores priced above the
    competitor vs those that aren't" is split by Price > CompPrice (nlq.schema compared_column)."""
    bands: tuple[str, tuple[tuple[str, float | None, float | None], ...]] | None = None
    """A derived category (stored number column, ((label, lowest, below), ...)): bands a question lists
    ("under 30, 30-39, 60+"), each from its lowest value up to below the next (None: open)."""
    value_groups: tuple[str, tuple[tuple[str, tuple[Any, ...]], ...]] | None = None
    """A derived category (stored column, ((group, its stored values), ...)): "weekend" for Sat and Sun
    (nlq.valuegroups); named only by its groups' words."""
    document_with: tuple[str, ...] = ()
    """For a reused document number: the qualified columns naming one document with it (its date, store)."""
    numbered: tuple[str, ...] | None = None
    """A score kept as numbered labels ('1 - Unsatisfied' .. '3 - Highly Satisfied'): its number is the
    score; the stored values here ('0 - Unknown') are no score (None: not such a column)."""
    group_count: str = ""
    """For a count of each group's things, the same on every row of a group (melb_data's Propertycount of
    the sale's suburb; catalog.groupcounts): the qualified group column; said by its whole name only,
    never by the things it counts."""
    unknown_code: Any = None
    """A stored code meaning "not known" (ISO/IEC 5218's 0 of a gender coded 0/1/2): a known value is
    never it."""
    month_of: str | None = None
    """A derived category: the month of the year (January .. December) of this stored date column,
    whatever the year ("which calendar month", "all years combined")."""
    age_of: tuple[str, str | None] | None = None
    """A derived age in whole years: (date of birth, date of death or None) of the same person, to the
    as-of date, or to the death where there is one (the age a record shows)."""
    ended_on: str | None = None
    """A derived yes/no column: true where this stored date of leaving (canceled_date) is filled and on or
    before the as-of date (blank: still active)."""
    undated: bool = False
    """A running total of each row (a product list's units sold to date): no date of the row says when
    any of it happened, so it is never split or filtered by a period."""

    @property
    def date_part_of(self) -> str | None:
        """The stored date a derived weekday or month of the year is taken from (None: no such part)."""
        return self.weekday_of or self.month_of

    @property
    def derived(self) -> bool:
        """Computed from stored columns of its row: a date's weekday, a formula, a group of values or a
        comparison of two columns (never counted as a column the table stores)."""
        return bool(
            self.date_part_of
            or self.formula
            or self.value_groups
            or self.bands
            or self.compared
            or self.decade_of
            or self.hour_of
            or self.lasted
            or self.age_of
            or self.ended_on
        )

    @property
    def blank_is_none(self) -> bool:
        """A count kept only where there is some (an order's angbutter: 1, 2, ... or blank, never 0): a blank
        is none of it, so a share of rows with at least one counts blank rows as rows without."""
        low = self.minimum
        return (
            self.role == Role.MEASURE
            and self.dtype in INTEGER_TYPES
            and self.nulls > 0
            and not self.averaged
            and isinstance(low, int | float)
            and low >= 1
        )

    @property
    def averaged(self) -> bool:
        """A score-like measure (rating, score, satisfaction, NPS): averaged by default, never summed."""
        if self.role != Role.MEASURE or not self.is_numeric:
            return False
        # a column that is itself an average (avg_price, "adr" = average daily rate) is never summed
        named = (self.words, *self.synonyms)
        return (
            bool(set(self.words) & SCORE_WORDS)
            or any(p[:1] in AVERAGE_WORDS for p in named if p)
            or self.is_fraction
        )

    @property
    def is_fraction(self) -> bool:
        """A margin, ratio or share kept as a fraction of 1 on each row (Operating Margin 0.35): averaged,
        never summed (a total of margins means nothing)."""
        return self.unit == "fraction"

    @property
    def continuous(self) -> bool:
        """A fractional measure with many distinct values (a price, an amount): never split by "per"."""
        fractional = self.formula is not None or self.numeric_text or self.dtype.startswith(FLOAT_TYPES)
        return (
            self.role == Role.MEASURE and fractional and (self.distinct > CONTINUOUS_MIN or not self.distinct)
        )

    @property
    def is_level(self) -> bool:
        """An account balance or a credit limit: a level of its owner at the time of the record."""
        return bool(set(self.words) & LEVEL_WORDS)

    @property
    def is_paid(self) -> bool:
        """Named as what was paid, never as a profit, margin, cost or discount on it (Sales beside Profit)."""
        return not set(self.words) & NOT_PAID_WORDS

    @property
    def is_price(self) -> bool:
        """A per-unit money figure (unit price, rate): never summed by default."""
        return bool(set(self.words) & PRICE_WORDS) and not self.sold

    @property
    def calendar_order(self) -> tuple[str, ...]:
        """The stored values in calendar order, when they are all month or weekday names ('Feb', 'June',
        'Monday'); else empty. A split by them is shown in that order, never alphabetically."""
        if self.bands is not None:
            return tuple(label for label, _, _ in self.bands[1])  # bands asked for: as listed
        texts = [v for v in self.values if isinstance(v, str)]
        if self.role != Role.DIMENSION or not texts or len(texts) != len(self.values):
            return ()
        for names in (_MONTH_NAMES, _WEEKDAY_NAMES):
            index = {
                v: next((i for i, forms in enumerate(names) if v.strip().lower() in forms), -1) for v in texts
            }
            if all(i >= 0 for i in index.values()):
                return tuple(sorted(texts, key=lambda v: index[v]))
        return ()

    @property
    def month_names(self) -> bool:
        """Whether its stored values are all names of months ('jan', 'June')."""
        texts = [str(v).strip().lower() for v in self.values]
        return bool(texts) and all(any(v in forms for forms in _MONTH_NAMES) for v in texts)

    @property
    def qualified(self) -> str:
        return f"{self.table}.{self.name}"

    @property
    def is_numeric(self) -> bool:
        return self.numeric_text or self.numbered is not None or is_numeric_type(self.dtype)

    @property
    def label(self) -> str:
        """Display words for a person ("monthly fee" for monthly_fee), the name when there are none."""
        return " ".join(self.words) or self.name


@dataclass
class Table:
    """The engine's view of one table: the model's TableInfo (its names, key, row count and synonyms are
    read from there, never copied) with the columns reshaped into the words the parser matches."""

    info: TableInfo
    columns: dict[str, Col] = field(default_factory=dict)
    text_times: bool = False
    """Loaded from SQLite, where dates and times are stored as text: show them as that text."""
    derived_synonyms: tuple[str, ...] = ()
    """Words the engine adds for what the rows are ("lines" for priced order lines), beside the model's."""
    query: exp.Select | None = None
    """A derived table: the rows of this query, read as a subquery named like the table (one row per
    customer of a table of transactions, nlq.lifecycle), never a stored table."""

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def entity(self) -> str:
        return self.info.entity or self.info.name

    @property
    def entity_singular(self) -> str:
        return self.info.entity_singular or self.info.name

    @property
    def row_count(self) -> int:
        return self.info.row_count

    @property
    def key(self) -> str | None:
        return self.info.key

    @property
    def synonyms(self) -> tuple[str, ...]:
        own = tuple(self.info.synonyms)
        return own + tuple(x for x in self.derived_synonyms if x not in own)

    def by_role(self, *roles: Role) -> list[Col]:
        # a comparison made for one question's split ("Price > CompPrice") is no column of the table
        return [c for c in self.columns.values() if c.role in roles and c.compared is None]


@dataclass
class Schema:
    tables: dict[str, Table]
    relations: list[Relation]
    extra_synonyms: dict[str, str] = field(default_factory=dict)
    """cra.toml phrase -> "table.column" or "table"."""
    only_when: dict[str, set[str]] = field(default_factory=dict)
    """flag -> columns filled only on rows where the flag is true ("churned" -> {"churn_date"});
    a rate of the flag grouped or filtered by one of them is 100% by construction."""
    concepts: list[Any] = field(default_factory=list)
    """CRM concepts bound to columns and tables (catalog.semantic.Binding)."""
    value_words: dict[str, dict[str, str | int]] = field(default_factory=dict)
    """"table.column" -> {phrase: stored value} for values said differently ("portugal": "PRT")."""
    group_words: dict[tuple[str, Any], str] = field(default_factory=dict)
    """(derived column, group) -> the stored values it stands for, as said ("day Sat, Sun")."""
    varies: Callable[[str, str], bool] | None = None
    """(column, key) -> whether one key's rows hold different values of that column (asked of the data
    on first use: appointments' no-show flag differs between one patient's rows)."""
    as_of: dt.date | None = None
    """The date figures are true as of (a derived age is counted to it); set by the assistant."""

    def col(self, qualified: str) -> Col:
        table, _, name = qualified.partition(".")
        return self.tables[table].columns[name]

    def own_key(self, table: str) -> str:
        """The table's own key column, qualified ("orders.order_id")."""
        return f"{table}.{self.tables[table].key}"

    def columns(self, *roles: Role) -> list[Col]:
        return [
            c
            for t in self.tables.values()
            for c in t.columns.values()
            if (not roles or c.role in roles) and c.compared is None  # made for one question's split
        ]


TIME_UNITS = ("millisecond", "second", "minute", "hour")
DURATION_NAMES = (("length",), ("duration",), ("running", "time"), ("runtime",), ("play", "time"))
"""What a column named only by a unit of time ("Milliseconds", "seconds") is said as."""


GOODS_COST_WORDS = frozenset({"cost", "costs", "cogs"})
"""What the goods cost the seller (cogs_usd, unit_cost): beside it a price is what they were sold for
(never freight or tax, which a buyer pays on top)."""


NOT_PLAIN_PRICE_WORDS = frozenset({"avg", "average", "mean", "list", "base", "original"})
"""Words of a price that is no record's own (an average, a list or base price)."""


def _plain_price(c: Col) -> bool:
    """A column named a price and nothing more (never a unit price, an average, a list or base price)."""
    said = set(c.words)
    return said & PRICE_WORDS <= {"price"} and not said & NOT_PLAIN_PRICE_WORDS


def _mark_sold_prices(table: Table, relations: list[Any], costs: set[str], tables: dict[str, Table]) -> None:
    """Prices of dated records that are what each record was sold for (Col.sold): beside only what the
    goods cost (price_usd and cogs_usd of an online shop's orders), or on an order whose lines carry
    money of their own (the order's price is their total)."""
    cols = list(table.columns.values())
    prices = [c for c in cols if c.money and c.is_price and not c.looked_up]
    if not prices or not any(c.role == Role.TIME for c in cols) or any(c.formula for c in cols):
        return
    others = [c for c in cols if c.money and not c.is_price]
    lines = {r.table for r in relations if r.ref_table == table.name and r.table != table.name}
    priced_lines = any(
        c.money and not c.looked_up and c.qualified not in costs
        for t in lines
        for c in tables[t].columns.values()
    )  # (refunds pointing at order lines are no lines of theirs)
    counted = any(set(c.words) & QUANTITY_WORDS for c in cols if c.role == Role.MEASURE and not c.money)
    goods_costs = others and all(c.qualified in costs and set(c.words) & GOODS_COST_WORDS for c in others)
    if priced_lines or (goods_costs and not counted):
        for c in prices:
            c.sold = True
        if (
            len(prices) == 1
            and len(others) == 1
            and goods_costs
            and not priced_lines
            and "profit" not in table.columns
        ):
            # price_usd and cogs_usd of one order: what it made over what its goods cost
            table.columns["profit"] = Col(
                table=table.name,
                name="profit",
                dtype="DOUBLE",
                role=Role.MEASURE,
                words=("profit",),
                synonyms=(("gross", "profit"), ("profits",)),
                money=True,
                unit="money",
                difference=(prices[0].name, others[0].name),
                named_only=True,
            )
    elif not others and not counted and len(prices) == 1 and _plain_price(prices[0]):
        prices[0].sold = True  # a ticket's Price, one ticket a row with no other money: what each sold for


def build_schema(catalog: Catalog) -> Schema:
    """The engine's view of a catalog's semantic model."""
    tables: dict[str, Table] = {}
    for t in catalog.model.tables.values():
        table = Table(t)
        table.text_times = re.search(r"\.(sqlite3?|db)\b", str(getattr(t, "source", "") or "")) is not None
        for c in t.columns.values():
            col = Col(
                table=t.name,
                name=c.name,
                dtype=c.dtype.upper(),
                role=c.role,
                words=phrase_tokens(c.words or c.name) or phrase_tokens(c.name),
                synonyms=tuple(phrase_tokens(s) for s in c.synonyms if s),
                values=tuple(c.values),
                flag_true=c.flag_true,
                period_index=c.period_index,
                unit=c.unit,
                numeric_text=c.numeric_text,
                numbered=numbered_score(c.name, c.dtype, tuple(c.values)),
                nulls=c.null_count if isinstance(c.null_count, int) and c.distinct_count else -1,
                distinct=int(c.distinct_count or 0),
                maximum=getattr(c, "maximum", None),
                minimum=getattr(c, "minimum", None),
                name_column=f"{t.name}.{c.name_column}" if getattr(c, "name_column", None) else None,
                loose_name=f"{t.name}.{c.loose_name}" if getattr(c, "loose_name", None) else None,
                document_with=tuple(f"{t.name}.{p}" for p in getattr(c, "document_with", ())),
            )
            col.unique = bool(t.row_count) and c.distinct_count == t.row_count
            col.synonyms += _holders_of(col, table.entity_singular) + _grouped_by(col) + _doers(col)
            col.synonyms += _holders_of_flag(col, t)
            col.synonyms += _sufferers(col)
            col.same_as = f"{t.name}.{c.same_as}" if getattr(c, "same_as", None) else None
            col.looked_up = str(getattr(c, "reason", "") or "").startswith(LOOKED_UP)
            col.composite = str(getattr(c, "reason", "") or "").startswith(COMPOSITE)
            per = getattr(c, "counted_per", "")
            col.group_count = f"{t.name}.{per}" if per else ""
            col.asked = bool(getattr(c, "asked", False))
            col.items = list_items(col)
            col.money = col.role == Role.MEASURE and c.unit == "money"
            if col.role == Role.DIMENSION and not col.is_numeric and spans(col.values) is not None:
                col.measured_in = named_unit(col.words)  # employment_years of between_1_4 .. above_7
            if col.is_numeric and not col.money:
                records = {w for n in (table.entity, table.entity_singular, t.name) for w in phrase_tokens(n)}
                col.unit_stated = getattr(c, "counted_in", None) is not None
                col.measured_in = (
                    getattr(c, "counted_in", None)  # cra.toml states it
                    or rate_unit(c.name)
                    or named_unit(col.words)
                    or custom_unit(col.words, records, col.maximum)
                )
                if col.measured_in is None:
                    col.said_units = said_units([col.words, *col.synonyms])
                elif (
                    col.measured_in in TIME_UNITS
                    and len(col.words) == 1
                    and (
                        named_unit(col.words)
                        or (
                            col.words[0].endswith(("duration", "length"))
                            and col.words[0] not in ("duration", "length")
                        )
                    )
                ):
                    col.synonyms += DURATION_NAMES + _record_durations(
                        table
                    )  # "Milliseconds", "tripduration"
            coded = col.role == Role.DIMENSION and col.dtype in INTEGER_TYPES and col.minimum == 0
            if coded and sex_coded(catalog.model.concepts, col):
                col.unknown_code = 0
            table.columns[c.name] = col
        _mark_logs(table, t)
        tables[t.name] = table
    costs = {b.target for b in getattr(catalog.model, "concepts", ()) if b.concept in ("cost", "income")}
    relations = list(catalog.model.relations)
    for table in tables.values():
        _mark_sold_prices(table, relations, costs, tables)
        _add_revenue(table, catalog)
        _add_item_revenue(table, relations, costs)
        _add_total_of_parts(table)
        _add_whole_of_parts(table)
        _add_total_of_like(table)
        _add_cancelled(table, catalog)
        _add_late(table, catalog)
        _add_overdue(table, tables, list(catalog.model.relations))
        _add_differences(table)
        _add_weekdays(table)
        _add_calendar_months(table)
        _add_hours(table)
        _add_durations(table)
        _add_lead_times(table)
        _add_handling_times(table)
        _add_ages(table)
        _add_leaving(table)
        _add_age_decades(table)
    _add_translations(tables, catalog)
    concepts = list(getattr(catalog.model, "concepts", ()))
    only_when = dict(catalog.only_when())
    for kept in tables.values():
        for left in kept.columns.values():
            if left.ended_on is not None and not any(
                b.concept == "churn" and b.target.startswith(f"{kept.name}.") for b in concepts
            ):
                concepts.append(
                    Binding("churn", left.qualified, f"filled where {left.ended_on} is (a date of leaving)")
                )
                only_when[left.qualified] = {f"{kept.name}.{left.ended_on}"}
    words = {q: dict(w) for q, w in getattr(catalog.model, "value_words", {}).items()}
    schema = Schema(
        tables,
        list(catalog.model.relations),
        dict(catalog.model.synonyms),
        only_when,
        concepts,
        words,
        varies=getattr(catalog, "varies_within", None),
    )
    from nlq.valuegroups import add_value_groups  # it builds on this module's Col

    add_value_groups(schema)
    return schema


TRANSLATION_MAX_ROWS = 1000
"""A table of translations is a short list of names (71 category names in olist)."""


def _add_translations(tables: dict[str, Table], catalog: Catalog) -> None:
    """A table of two text columns, each value once (product_category_name, product_category_name_english),
    one named like a category column of another table whose values it holds: the other column's values
    are that column's values said another way (`Col.translations`), so "health & beauty" finds
    products whose category is beleza_saude without a join."""
    for t in tables.values():
        cols = [c for c in t.columns.values() if c.dtype.startswith("VARCHAR") and not c.derived]
        if len(cols) != 2 or len(t.columns) != 2 or not all(c.unique for c in cols):
            continue
        if not 0 < t.row_count <= TRANSLATION_MAX_ROWS:
            continue
        for a, b in (cols, cols[::-1]):
            targets = [
                c
                for u in tables.values()
                if u is not t
                for c in u.columns.values()
                if c.name.lower() == a.name.lower() and c.role == Role.DIMENSION and c.values
            ]
            if len(targets) != 1 or not set(targets[0].values) <= set(a.values):
                continue
            rows = catalog.run(
                exp.select(exp.column(a.name, quoted=True), exp.column(b.name, quoted=True)).from_(
                    exp.table_(t.name, quoted=True)
                )
            ).rows
            stored = set(targets[0].values)
            targets[0].translations = {str(y): str(x) for x, y in rows if x in stored and y is not None}


LIST_SEPARATOR = ","
LISTS_MIN_SHARE = 0.3
"""Share of a text column's values that are lists (hold the separator) for it to be a column of lists."""


def list_items(c: Col) -> tuple[str, ...]:
    """The items of a column of comma-separated lists (sakila's special_features: "Trailers,Deleted
    Scenes"), when every value is known, many are lists, and each item is in several values; else ()."""
    values = [v for v in c.values if isinstance(v, str)]
    if not c.dtype.startswith("VARCHAR") or not values or len(values) != c.distinct or len(values) < 3:
        return ()
    lists = [v for v in values if LIST_SEPARATOR in v]
    if len(lists) < LISTS_MIN_SHARE * len(values):
        return ()
    parts = [[p.strip() for p in v.split(LIST_SEPARATOR)] for v in values]
    if any(not p for ps in parts for p in ps):
        return ()
    items = sorted({p for ps in parts for p in ps})
    if len(items) >= len(values) or any(sum(i in ps for ps in parts) < 2 for i in items):
        return ()
    return tuple(items)


QUANTITY_WORDS = {"quantity", "qty", "units", "quantities", "volume"}
FAULT_WORDS = frozenset(
    {"defective", "defect", "defects", "damaged", "returned", "rejected", "faulty", "broken"}
)
"""Name words of the units of a line that went wrong (Defective_Units): never the line's quantity."""
STOCK_WORDS = {"stock", "inventory", "reorder", "hand"}
"""Words of a quantity that is held, not sold (units in stock, on hand, reorder level): never revenue."""
HOLDING_WORDS = frozenset(STOCK_WORDS - {"reorder"})
"""Words of the units a row holds now (in stock, on hand), never a level to reorder at."""
REVENUE_NAMES = ("revenue", "line_revenue", "line_total")
SALE_PART_WORDS = frozenset({"tax", "vat", "fee", "profit", "margin", "commission", "including", "incl"})
"""Name words of a line's money that is a part of its value, what it earned, or the value with tax."""
LINE_WORDS = (
    "order lines",
    "order line",
    "invoice lines",
    "invoice line",
    "line items",
    "line item",
    "lines",
)
"""What people call the rows of a table of priced line items (quantity x unit price)."""


LIST_PRICE_WORDS = frozenset({"list", "unit", "original", "base", "regular", "standard", "catalog", "msrp"})
PAID_PRICE_WORDS = frozenset(
    {"negotiated", "net", "final", "actual", "agreed", "paid", "contract", "effective"}
)
"""Two prices of a line: the one listed and the one paid in the end (Unit_Price, Negotiated_Price)."""
PURCHASE_WORDS = frozenset({"purchase", "purchases", "po", "pos", "procurement", "purchasing"})
SUPPLIER_WORDS = frozenset({"supplier", "suppliers", "vendor", "vendors"})
BUYER_WORDS = frozenset({"customer", "customers", "client", "clients", "buyer", "buyers"})
SPEND_NAME = "spend"
SPEND_WORDS = (
    ("spending",),
    ("spent",),
    ("negotiated", "spend"),
    ("negotiated", "value"),
    ("purchase", "value"),
    ("purchasing", "spend"),
    ("order", "value"),
    ("po", "value"),
    ("value",),
    ("cost",),
)
"""What people call the value of the purchase orders a company places (quantity x price)."""
SOLD_WORDS = frozenset({"sold", "sales", "sale"})
STOCK_VALUE_WORDS = (
    ("stock", "value"),
    ("inventory", "value"),
    ("value", "of", "stock"),
    ("value", "of", "inventory"),
    ("stock", "worth"),
    ("stock", "on", "hand", "worth"),
    ("inventory", "worth"),
    ("stock", "is", "worth"),
)
"""What people call the units in stock at their price."""
HELD_PHRASES = (
    ("on", "hand"),
    ("units", "on", "hand"),
    ("stock", "on", "hand"),
    ("in", "stock"),
    ("units", "in", "stock"),
    ("stock", "level"),
    ("stock", "levels"),
)
"""What people call a product list's units held."""
SOLD_PHRASES = (("units", "sold"), ("quantity", "sold"), ("items", "sold"), ("amount", "sold"))
"""What people call a product list's units sold."""


def _money_col(
    t: Table,
    name: str,
    words: tuple[str, ...],
    synonyms: tuple[tuple[str, ...], ...],
    formula: tuple[str, ...],
    named_only: bool = False,
    undated: bool = False,
) -> Col:
    """A money figure of each row made of its columns (quantity x price)."""
    return Col(
        table=t.name,
        name=name,
        dtype="DOUBLE",
        role=Role.MEASURE,
        words=words,
        synonyms=synonyms,
        money=True,
        unit="money",
        formula=formula,
        named_only=named_only,
        undated=undated,
    )


def _purchases(t: Table) -> bool:
    """Rows of purchases from suppliers: the table is named so, or it names a supplier and no customer."""
    named = set(t.name.lower().replace("-", "_").split("_")) & PURCHASE_WORDS
    words = {w for c in t.columns.values() for w in c.words}
    return bool(named) or (
        bool(words & SUPPLIER_WORDS) and not words & BUYER_WORDS and not words & SOLD_WORDS
    )


def _add_stock_values(
    t: Table, held: list[Col], quantities: list[Col], prices: list[Col], money: list[Col], costs: list[Col]
) -> None:
    """A product table's one price beside units in stock and units sold: the stock's value (units in stock x
    price, said by its name only) and, with no money total kept, the revenue of the units sold."""
    if len(prices) != 1 or len(money) != 1 + len(costs):
        return
    price = prices[0]
    stock = [c for c in held if set(c.words) & HOLDING_WORDS and "reorder" not in c.words]
    if len(stock) == 1:
        # "units on hand", "how much coffee do we have in stock": the units held
        stock[0].synonyms += tuple(p for p in HELD_PHRASES if p not in stock[0].synonyms)
    if len(stock) == 1 and "stock_value" not in {n.lower() for n in t.columns}:
        t.columns["stock_value"] = _money_col(
            t,
            "stock_value",
            ("stock", "value"),
            STOCK_VALUE_WORDS,
            (stock[0].name, price.name),
            named_only=True,
        )
    sold = [c for c in quantities if c not in held and set(c.words) & SOLD_WORDS]
    if len(sold) == 1:
        # "units sold" of Sales_Volume: what each product has sold to date, dated by none of its dates
        sold[0].synonyms += tuple(p for p in SOLD_PHRASES if p not in sold[0].synonyms)
        sold[0].undated = True
    if len(sold) == 1 and "revenue" not in {n.lower() for n in t.columns}:
        revenue_words = (("sales", "revenue"), ("takings",), ("turnover",), ("sales", "value"))
        t.columns["revenue"] = _money_col(
            t, "revenue", ("revenue",), revenue_words, (sold[0].name, price.name), undated=True
        )


def _add_revenue(t: Table, catalog: Catalog | None = None) -> None:
    """Line items priced per unit (quantity, unit price) and no money total: revenue = quantity x price,
    x (1 - discount) when a discount column holds fractions; no revenue when a discount is of another kind."""
    money = [c for c in t.columns.values() if c.money and c.is_numeric]
    # what the seller pays per unit (Unit Cost) is a cost, even when named like a unit price
    costs = [c for c in money if "cost" in c.words and "price" not in c.words]
    prices = [c for c in money if c.is_price and c not in costs]
    quantities = [
        c
        for c in t.columns.values()
        if c.role == Role.MEASURE
        and c.is_numeric
        and not c.money
        and set(c.words) & QUANTITY_WORDS
        and not set(c.words) & FAULT_WORDS
    ]
    held = [c for c in quantities if set(c.words) & STOCK_WORDS or _on_order(c.words)]
    if held:  # a product table (units in stock x price is what stock is worth, not what was sold)
        _add_stock_values(t, held, quantities, prices, money, costs)
        return
    listed = [c for c in prices if set(c.words) & LIST_PRICE_WORDS]
    paid = [c for c in prices if set(c.words) & PAID_PRICE_WORDS]
    if len(prices) == 2 and len(listed) == len(paid) == 1 and listed != paid:
        # "Unit_Price" beside "Negotiated_Price": what each unit cost in the end is the price paid
        prices = paid
        money = [c for c in money if c is not listed[0]]
    # a line's tax, fee or profit, and its total with the tax inside ("Total Including Tax"), are no
    # value of the goods themselves: revenue before tax is still quantity x price
    parts = [c for c in money if set(c.words) & SALE_PART_WORDS and c not in prices and c not in costs]
    if (
        len(prices) != 1
        or len(money) != 1 + len(costs) + len(parts)
        or len(costs) > 1
        or len(quantities) != 1
    ):
        return
    lower = {n.lower() for n in t.columns}
    name = next((n for n in REVENUE_NAMES if n not in lower), None)
    if name is None:
        return
    price, qty = prices[0], quantities[0]
    discounts = [
        c for c in t.columns.values() if c.role == Role.MEASURE and c.is_numeric and "discount" in c.words
    ]
    if len(discounts) > 1 or (discounts and not _fractions(catalog, t, discounts[0])):
        return  # a discount we cannot apply safely: no revenue rather than one that ignores it
    if costs and not discounts and "profit" not in lower:
        # a unit cost beside the unit price (listed ones, catalog.lineprices): profit = quantity x margin
        t.columns["profit"] = Col(
            table=t.name,
            name="profit",
            dtype="DOUBLE",
            role=Role.MEASURE,
            words=("profit",),
            synonyms=(("gross", "profit"), ("profitable",)),
            money=True,
            unit="money",
            formula=(qty.name, price.name),
            less=costs[0].name,
            named_only=True,  # what a customer spends is the revenue, never the margin
        )
    if _purchases(t):
        # a purchase order's quantity x price is what was spent with the supplier, never revenue
        t.columns[SPEND_NAME] = _money_col(
            t, SPEND_NAME, ("spend",), SPEND_WORDS, (qty.name, price.name, *(d.name for d in discounts))
        )
        return
    t.columns[name] = Col(
        table=t.name,
        name=name,
        dtype="DOUBLE",
        role=Role.MEASURE,
        words=("revenue",),
        synonyms=(("sales",), ("sales", "amount"), ("line", "total"), ("takings",), ("turnover",)),
        money=True,
        unit="money",
        formula=(qty.name, price.name, *(d.name for d in discounts)),
    )
    # each row is one priced line of an order or invoice: "order lines", "lines" name the rows
    t.derived_synonyms = tuple(x for x in LINE_WORDS if x not in t.synonyms)


def _add_item_revenue(t: Table, relations: list[Relation], costs: set[str]) -> None:
    """Items sold one a row (olist's order_items: a key to the order, one to the product, one price and
    no quantity): revenue = the sum of the items' prices; money passed on beside it (freight) is a cost
    (the `cost` concept), never revenue. Nothing when a revenue or a money total is already there, or
    when another table's key points at its rows (a catalogue: its price is a list price)."""
    lower = {n.lower() for n in t.columns}
    if any(n in lower for n in REVENUE_NAMES) or "revenue" in {
        w for c in t.columns.values() for w in c.words
    }:
        return
    money = [c for c in t.columns.values() if c.money and c.is_numeric and c.formula is None]
    prices = [c for c in money if c.is_price]
    others = [c for c in money if not c.is_price and c.qualified not in costs]
    quantities = [
        c for c in t.columns.values() if c.is_numeric and set(c.words) & (QUANTITY_WORDS | STOCK_WORDS)
    ]
    keys = {r.ref_table for r in relations if r.table == t.name and r.ref_table != t.name}
    sold_in = {r.table for r in relations if r.ref_table == t.name and r.table != t.name}
    listed = len(prices) == 1 and prices[0].looked_up  # a price copied from the list (catalog.lineprices)
    # a dated sale to a named buyer, one item a row (a car sale: Date, Customer Name, Price): its price is
    # what the sale brought in, as an item's price is
    dated = any(c.role == Role.TIME for c in t.columns.values()) and t.entity in SALE_ENTITIES
    if (
        len(prices) != 1
        or others
        or quantities
        or (len(keys) < ITEM_KEYS and not listed and not dated)
        or sold_in
    ):
        return  # rows other rows point at (tracks an invoice line names) are a price list, not items sold
    said: tuple[tuple[str, ...], ...] = (
        ("sales",),
        ("sales", "amount"),
        ("item", "sales"),
        ("takings",),
        ("turnover",),
    )
    if set(t.entity.split()) & {"sales", "sale"}:
        said = said[1:]  # "sales by region" of a table of sales: how many, as its records are named
    t.columns["revenue"] = Col(
        table=t.name,
        name="revenue",
        dtype="DOUBLE",
        role=Role.MEASURE,
        words=("revenue",),
        synonyms=said,
        money=True,
        unit="money",
        formula=(prices[0].name,),
        parts_sum=True,
        named_only=True,
    )


DIFFERENCES_MAX = 12
"""Most derived differences of one table (each pair of like columns gives two, one per order)."""


def _add_differences(t: Table) -> None:
    """How far one figure of a row is above or below a like one ("our price above or below the competitor's
    price" = Price - CompPrice): for stored numeric measures of the same kind (both money or neither, the
    same unit) whose names share a word and differ in at most two; named only by `difference_phrases`."""
    measures = [
        c
        for c in t.columns.values()
        if c.role == Role.MEASURE and c.is_numeric and c.formula is None and c.log_of is None and not c.unique
    ]
    made = 0
    for a in measures:
        for b in measures:
            if a is b or a.money != b.money or a.measured_in != b.measured_in or made >= DIFFERENCES_MAX:
                continue
            wa, wb = set(a.words), set(b.words)
            if not wa & wb or len(wa ^ wb) > 2:
                continue
            name = f"{a.name} minus {b.name}"
            if name in t.columns:
                continue
            t.columns[name] = Col(
                table=t.name,
                name=name,
                dtype="DOUBLE",
                role=Role.MEASURE,
                words=(*a.words, "minus", *b.words),
                synonyms=_difference_phrases(a, b),
                difference=(a.name, b.name),
                named_only=True,
            )
            made += 1


def _difference_phrases(a: Col, b: Col) -> tuple[tuple[str, ...], ...]:
    """The phrases of a - b from words.yaml `difference_phrases` ("difference between A and B"), each
    name of a and b put in."""
    names_a = {p for p in (a.words, *a.synonyms) if p}
    names_b = {p for p in (b.words, *b.synonyms) if p}
    out: list[tuple[str, ...]] = []
    for pattern in word_classes()["difference_phrases"]:
        at_a, at_b = pattern.index("a"), pattern.index("b")
        for pa in names_a:
            for pb in names_b:
                words = list(pattern)
                words[at_a], words[at_b] = " ".join(pa), " ".join(pb)
                out.append(tuple(" ".join(words).split()))
    return tuple(dict.fromkeys(out))


SALE_ENTITIES = frozenset({"sales", "sale", "car sales", "purchases", "transactions", "orders", "deals"})
"""What a table's rows are called when each is one sale (its entity)."""
ITEM_KEYS = 2
"""Keys a table of items sold holds at least (the order and the product, often the seller)."""


def _on_order(words: tuple[str, ...]) -> bool:
    """ "units on order": ordered from a supplier, not sold."""
    return any(a == "on" and b == "order" for a, b in zip(words, words[1:], strict=False))


CANCEL_NAME = "cancelled"
CANCEL_WORDS = (
    ("cancellation",),
    ("cancellations",),
    ("canceled",),
    ("cancelled", "ones"),
    ("returns",),
    ("returned",),
    ("credit", "notes"),
)
"""What people call the lines of cancelled invoices (cancellations, returns)."""
DOCUMENT_WORDS = {"invoice", "order", "transaction", "receipt", "bill", "document"}
NUMBER_WORDS = {"no", "number", "id", "ref", "reference", "code"}


def _add_cancelled(t: Table, catalog: Catalog | None = None) -> None:
    """Invoice numbers with a one-letter prefix on lines of negative quantity ("C536379" beside
    "536365", the Online Retail convention): those lines are cancellations, a derived yes/no column
    `cancelled` (true where the number starts with that letter). Only when every prefixed line has a
    negative quantity and most numbers are plain digits."""
    if catalog is None or CANCEL_NAME in {n.lower() for n in t.columns}:
        return
    docs = [
        c
        for c in t.columns.values()
        if c.dtype.startswith("VARCHAR")
        and set(c.words) & DOCUMENT_WORDS
        and (c.role in (Role.IDENTIFIER, Role.FOREIGN_KEY) or set(c.words) & NUMBER_WORDS)
    ]
    quantities = [
        c
        for c in t.columns.values()
        if c.role == Role.MEASURE and c.is_numeric and not c.money and set(c.words) & QUANTITY_WORDS
    ]
    if len(docs) != 1 or len(quantities) != 1:
        return
    doc = exp.column(docs[0].name, quoted=True)
    qty: exp.Expr = exp.column(quantities[0].name, quoted=True)
    if quantities[0].numeric_text:  # numbers stored as text beside words ('ERROR', 'UNKNOWN')
        qty = exp.TryCast(this=qty, to=exp.DataType.build("DOUBLE"))
    plain = exp.func("regexp_full_match", doc, exp.Literal.string("[0-9]+"))
    prefixed = exp.func("regexp_full_match", doc, exp.Literal.string("[A-Za-z][0-9]+"))
    letter = exp.func("upper", exp.func("left", doc, exp.Literal.number(1)))
    q = exp.select(
        exp.func("count_if", plain),
        exp.func("count_if", prefixed),
        exp.func("count_if", exp.and_(prefixed, exp.LT(this=qty, expression=exp.Literal.number(0)))),
        exp.Count(this=exp.Distinct(expressions=[exp.func("if", prefixed, letter, exp.null())])),
        exp.func("min", exp.func("if", prefixed, letter, exp.null())),
        exp.Count(this=exp.Star()),
    ).from_(exp.table_(t.name, quoted=True))
    n_plain, n_prefixed, n_negative, letters, first, rows = catalog.run(q).rows[0]
    if not (n_prefixed and letters == 1 and n_negative == n_prefixed and n_plain + n_prefixed == rows):
        return
    if n_plain < n_prefixed:
        return
    t.columns[CANCEL_NAME] = Col(
        table=t.name,
        name=CANCEL_NAME,
        dtype="BOOLEAN",
        role=Role.FLAG,
        words=(CANCEL_NAME,),
        synonyms=CANCEL_WORDS,
        starts_with=(docs[0].name, str(first)),
        distinct=2,
    )


START_WORDS = (
    "open",
    "creat",
    "start",
    "order",
    "sign",
    "regist",
    "placed",
    "submit",
    "join",
    "purchas",
    "sent",
    "receiv",
)
"""Beginnings of the words of the date a record starts with (opened, created, ordered, signed up; a
complaint's or a ticket's "received"): where two of them date a record, which one is asked."""
LATE_NAME = "late"
DATE_WORDS = {"date", "dates", "time", "timestamp", "at", "on", "day", "dt"}
STEM = 5
"""Letters two words share to name one event ("delivery", "delivered")."""


def _add_late(t: Table, catalog: Catalog | None = None) -> None:
    """A due date (order_estimated_delivery_date) and the date of the event it is due for
    (order_delivered_customer_date, sharing "deliv"): a derived yes/no column `late`, true where the
    event came after the due date. When several dates name that event (handed to the carrier, delivered
    to the customer) the last of them (latest on average) is the one the due date promises."""
    if catalog is None or LATE_NAME in {n.lower() for n in t.columns}:
        return
    due_words = {w for p in word_classes()["due_dates"] for w in p}
    own = {singular(w) for w in phrase_tokens(t.name)}
    dates = [
        c for c in t.columns.values() if c.role == Role.TIME and is_time_type(c.dtype) and c.formula is None
    ]
    due = [c for c in dates if set(c.words) & due_words]
    if len(due) != 1:
        return

    def event(c: Col) -> set[str]:
        return {w[:STEM] for w in c.words if singular(w) not in own and w not in DATE_WORDS | due_words}

    stems = event(due[0])
    actual = [c for c in dates if c is not due[0] and stems and event(c) & stems]
    keeping = {w for p in word_classes()["bookkeeping_dates"] for w in p}
    # "Delivery Recorded Date" beside "Delivered to Client Date": when it was booked, never the delivery
    actual = [c for c in actual if not set(c.words) & keeping] or actual
    if not stems:
        # a due date that names no event (RequiredDate, due_date): the one other date that is neither
        # when the record started (ordered, created) nor bookkeeping (ShippedDate, paid_date)
        actual = [
            c
            for c in dates
            if c is not due[0]
            and not set(c.words) & keeping
            and not any(w.startswith(START_WORDS) for w in c.words if singular(w) not in own)
            and not (own & {singular(w) for w in c.words} and not event(c))
        ]
        if len(actual) != 1:
            return  # two events a deadline could be for (reviewed, closed): none is guessed
    if len(actual) > 1:
        mean = [exp.func("avg", exp.func("epoch", exp.column(c.name, quoted=True))) for c in actual]
        means = catalog.run(exp.select(*mean).from_(exp.table_(t.name, quoted=True))).rows[0]
        known = [(m, c) for m, c in zip(means, actual, strict=True) if m is not None]
        actual = [max(known, key=lambda x: x[0])[1]] if len(known) == len(actual) else []
    if len(actual) != 1:
        return
    t.columns[LATE_NAME] = Col(
        table=t.name,
        name=LATE_NAME,
        dtype="BOOLEAN",
        role=Role.FLAG,
        words=(LATE_NAME,),
        later_than=(actual[0].name, due[0].name),
        distinct=2,
    )


ALLOWED_DAYS_MAX = 60
"""An allowed duration in days is at most this (a rental period, a loan term): larger is no day count."""


def _add_overdue(t: Table, tables: dict[str, Table], relations: list[Relation]) -> None:
    """A record's own date (rental_date), one other date of an event (return_date) and a whole number
    of days allowed, named after the record and "duration" or "period" (film.rental_duration, reached
    through rental -> inventory -> film): a derived yes/no column `late`, true where the event came
    more than the allowed days after the record's date (words.yaml `allowed_words`)."""
    if LATE_NAME in {n.lower() for n in t.columns} or t.key is None:
        return
    keeping = {w for p in word_classes()["bookkeeping_dates"] for w in p}
    due_words = {w for p in word_classes()["due_dates"] for w in p}
    dates = [
        c
        for c in t.columns.values()
        if c.role == Role.TIME and is_time_type(c.dtype) and not set(c.words) & (keeping | due_words)
    ]
    own = {singular(w) for w in phrase_tokens(t.entity_singular)} | {
        singular(w) for w in phrase_tokens(t.name)
    }
    start = [c for c in dates if {singular(w) for w in c.words} & own]
    end = [c for c in dates if c not in start]
    if len(start) != 1 or len(end) != 1:
        return
    allowed = {w for p in word_classes()["allowed_words"] for w in p}
    found: list[tuple[Col, tuple[tuple[str, str, str, str], ...]]] = []
    reach: list[tuple[str, tuple[tuple[str, str, str, str], ...]]] = [(t.name, ())]
    for _ in range(3):  # this table and up to two keys away
        nxt: list[tuple[str, tuple[tuple[str, str, str, str], ...]]] = []
        for name, hops in reach:
            for c in tables[name].columns.values():
                words = {singular(w) for w in c.words}
                if (
                    c.is_numeric
                    and c.dtype in INTEGER_DTYPES
                    and words & own
                    and words & allowed
                    and isinstance(c.maximum, int | float)
                    and 0 < c.maximum <= ALLOWED_DAYS_MAX
                ):
                    found.append((c, hops))
            nxt += [
                (r.ref_table, (*hops, (r.table, r.column, r.ref_table, r.ref_column)))
                for r in relations
                if r.table == name and r.ref_table != name and r.ref_table in tables
            ]
        reach = nxt
    if len(found) != 1:
        return
    days, hops = found[0]
    t.columns[LATE_NAME] = Col(
        table=t.name,
        name=LATE_NAME,
        dtype="BOOLEAN",
        role=Role.FLAG,
        words=(LATE_NAME,),
        synonyms=(("overdue",),),
        overdue=(start[0].name, end[0].name, days.qualified, hops),
        distinct=2,
    )


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = tuple(
    {calendar.month_name[m].lower(), calendar.month_abbr[m].lower(), calendar.month_abbr[m].lower() + "."}
    | ({"sept"} if m == 9 else set())
    for m in range(1, 13)
)
_WEEKDAY_NAMES = tuple({d.lower(), d[:3].lower()} for d in WEEKDAYS)
WEEKDAY_WORDS = (
    ("day", "of", "week"),
    ("day", "of", "the", "week"),
    ("days", "of", "the", "week"),
)
"""A date's day of the week ("weekdays" is the group of Monday to Friday, nlq/grammar/valuegroups.yaml)."""


LOG_WORDS = ("log", "ln", "log10", "log2")
"""Name words of a column holding the logarithm of another ("logwage", "log_income", "ln_price")."""
LOG_BASES = (math.e, 10.0, 2.0)


def _mark_logs(t: Table, info: Any) -> None:
    """A measure named like a logarithm whose smallest and largest values are those of another measure
    of the table, taken as a logarithm (e, 10 or 2): that column's log (`log_of`)."""
    stats = {n: (getattr(c, "minimum", None), getattr(c, "maximum", None)) for n, c in info.columns.items()}
    measures = [c for c in t.columns.values() if c.role == Role.MEASURE and is_numeric_type(c.dtype)]
    for c in measures:
        named = any(w.startswith(LOG_WORDS) for w in (*c.words, *phrase_tokens(c.name)))
        low, high = stats.get(c.name, (None, None))
        if not named or not isinstance(low, int | float) or not isinstance(high, int | float):
            continue
        for other in measures:
            o_low, o_high = stats.get(other.name, (None, None))
            if other is c or not isinstance(o_low, int | float) or not isinstance(o_high, int | float):
                continue
            if any(
                _close(base**low, o_low) and _close(base**high, o_high) for base in LOG_BASES if high < 300
            ):
                c.log_of, c.money = other.name, False  # the log of an amount is no amount
                break


def _holders_of(col: Col, record: str) -> tuple[tuple[str, ...], ...]:
    """A count of people named by a holder word in a table of records (Holders in policies): the records'
    noun before it says them too ("policyholders", "policy holders")."""
    words = phrase_tokens(record)
    if col.role != Role.MEASURE or not col.is_numeric or col.words[-1:] not in (("holders",), ("holder",)):
        return ()
    if len(words) != 1:
        return ()
    return tuple(form for w in ("holder", "holders") for form in ((words[0] + w,), (words[0], w)))


HELD_THINGS = frozenset({"card", "pass", "membership", "policy", "subscription", "license", "licence"})
"""Things a person holds, a yes/no of which says whether they do ("Do you have a membership card?")."""


def _holders_of_flag(col: Col, table: TableInfo) -> tuple[tuple[str, ...], ...]:
    """A yes/no of holding a thing (a membership card) says its holders: "card holders", "cardholders" are
    the people it is true of; never where another column is of that thing too (a bank's CardType beside
    HasCrCard: "Diamond cardholders" are of the card type)."""
    flaggy = col.role == Role.FLAG or col.flag_true is not None
    thing = next((w for w in reversed(col.words) if singular(w) in HELD_THINGS), None)
    if not flaggy or thing is None:
        return ()
    if any(thing in phrase_tokens(o.words or o.name) for o in table.columns.values() if o.name != col.name):
        return ()  # (the other columns' words read only for a yes/no of a held thing)
    t = singular(thing)
    return tuple(form for w in ("holder", "holders") for form in ((t + w,), (t, w)))


def _grouped_by(col: Col) -> tuple[tuple[str, ...], ...]:
    """A category named by the act of sorting into it (Segmentation) is said by the noun it sorts into
    ("segment", "segments"), when that noun is an English word."""
    last = col.words[-1] if col.words else ""
    if col.role != Role.DIMENSION or not last.endswith("ation") or len(last) < 9:
        return ()
    noun = last[: -len("ation")]
    if not is_word(noun):
        return ()
    return tuple((*col.words[:-1], w) for w in (noun, noun + "s"))


DEGREE_WORDS = frozenset(
    {"score", "level", "rating", "category", "class", "tier", "band", "segment", "group"}
)
"""Last name words of a category of how much or how well something is done (Spending_Score)."""


def _doers(col: Col) -> tuple[tuple[str, ...], ...]:
    """A category of how much people do something (Spending_Score: Low, Average, High) is said of the
    doers ("high spenders", "low spenders"), when the doer noun is an English word."""
    first = col.words[0] if col.words else ""
    if col.role != Role.DIMENSION or not first.endswith("ing") or len(first) < 6 or len(col.words) != 2:
        return ()
    if col.words[-1] not in DEGREE_WORDS:  # "shopping_mall" names a place, never its shoppers
        return ()
    doer = first[: -len("ing")] + "er"
    return ((doer,), (doer + "s",)) if is_word(doer) else ()


RECEIVED_WORDS = frozenset({"received", "sent", "given", "offered", "used", "opened", "clicked", "redeemed"})
"""Last words of a yes/no named for a thing a record got ("SMS_received"): the thing alone says it."""
CONDITION_ADJECTIVES = (("es", "ic"), ("ism", "ic"), ("sion", "sive"), ("ity", "e"))
"""(noun ending, adjective ending) of a condition and the people who have it: diabetes -> diabetic,
alcoholism -> alcoholic, hypertension -> hypertensive, obesity -> obese."""


def _sufferers(col: Col) -> tuple[tuple[str, ...], ...]:
    """A yes/no column named by one condition (Diabetes, Alcoholism) is said by its adjective too
    ("diabetic patients"), when that adjective is an English word."""
    if col.role != Role.FLAG:
        return ()
    out: list[tuple[str, ...]] = [
        (w[: -len("ship")] + "s",) for w in col.words if w.endswith("ship") and is_word(w[: -len("ship")])
    ]  # "members" of a Membership card yes/no: the people who hold one
    if len(col.words) >= 2 and col.words[-1] in RECEIVED_WORDS:
        out += [col.words[:-1], (*col.words[:-2], plural(col.words[-2]))]  # "got an SMS": SMS_received
    for name in (col.words, *col.synonyms):
        if len(name) != 1:
            continue
        for noun, adjective in CONDITION_ADJECTIVES:
            if name[0].endswith(noun) and len(name[0]) > len(noun) + 3:
                said = name[0][: -len(noun)] + adjective
                out += [(said,), (said + "s",)] if is_word(said) else []
    return tuple(dict.fromkeys(out))


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


SALE_DATE_WORDS = frozenset(
    {"transaction", "order", "purchase", "invoice", "sale", "sales", "booking", "payment"}
)
"""Words of the date a sale happened on, among a table's dates (transaction_date beside stock_date)."""


BIRTH_WORDS = frozenset({"birth", "birthdate", "birthday", "dob", "born"})
"""Name words of a date of birth: its weekday or month is no time anything happened."""


def _add_weekdays(t: Table) -> None:
    """ "which weekday is busiest", "orders on Mondays": the day of the week of each stored date or
    timestamp column, a derived category named `<column>_weekday`."""
    dates = [
        c
        for c in t.columns.values()
        if c.role == Role.TIME and is_time_type(c.dtype) and not c.same_as and not set(c.words) & BIRTH_WORDS
    ]  # (nobody asks which weekday people were born on; "signed up on a weekend" is the other date)
    sold = [c for c in dates if set(c.words) & SALE_DATE_WORDS]
    if len(dates) > 1 and len(sold) == 1:
        dates = sold  # the day a transaction happened, never the day its stock came in
    begun = [c for c in dates if is_start_time(c)]
    if len(dates) == 2 and len(begun) == 1 and _other_ends(dates, begun[0]):
        dates = begun  # a trip's start and stop times: the day it started ("rides on weekends")
    for c in dates:
        _add_date_part(t, f"{c.name}_weekday", ("weekday",), WEEKDAY_WORDS, WEEKDAYS, weekday_of=c.name)


def _add_date_part(
    t: Table,
    name: str,
    words: tuple[str, ...],
    synonyms: tuple[tuple[str, ...], ...],
    values: tuple[str, ...],
    **source: str,
) -> None:
    """A derived category of one stored date (its weekday, its month of the year), unless so named."""
    if name.lower() in {n.lower() for n in t.columns}:
        return
    t.columns[name] = Col(
        table=t.name,
        name=name,
        dtype="VARCHAR",
        role=Role.DIMENSION,
        words=words,
        synonyms=synonyms,
        values=values,
        distinct=len(values),
        **source,  # type: ignore[arg-type]
    )


CALENDAR_MONTH_WORDS = (
    ("calendar", "months"),
    ("month", "of", "the", "year"),
    ("months", "of", "the", "year"),
    ("month", "of", "year"),
    ("calendar", "month", "of", "the", "year"),
)
"""A date's month whatever its year (a month of several years is one group: seasonality)."""


def _add_calendar_months(t: Table) -> None:
    """ "which calendar month has the most sign-ups, all years combined": the month of the year of each
    date that has a weekday (_add_weekdays: never a birth date), a derived category
    `<column>_calendar_month` (of several, the question asks which)."""
    days = [c for c in t.columns.values() if c.weekday_of is not None]
    months = tuple(calendar.month_name[m] for m in range(1, 13))
    for day in days:
        source = str(day.weekday_of)
        _add_date_part(
            t,
            f"{source}_calendar_month",
            ("calendar", "month"),
            CALENDAR_MONTH_WORDS,
            months,
            month_of=source,
        )


HOUR_WORDS: tuple[tuple[str, ...], ...] = (
    ("hour", "of", "the", "day"),
    ("hour", "of", "day"),
    ("hours",),
    ("time", "of", "day"),
)
STAMP_HOUR_WORDS: tuple[tuple[str, ...], ...] = (("hour", "of", "the", "day"), ("hour", "of", "day"))
"""The hour of a timestamp is said only as "hour" or "hour of (the) day" (a duration is said in hours)."""
AUDIT_WORDS = frozenset({"update", "updated", "modified", "changed", "loaded", "inserted", "synced"})
"""Name words of a timestamp a system keeps of its own rows (last_update): never the hour things happen."""


def _add_hours(t: Table) -> None:
    """ "orders by hour", "the busiest hour of the day": the hour (0-23) of a time of day, from the one
    column holding times of day (a TIME column, else a timestamp), `<column>_hour`."""
    timed = [
        c
        for c in t.columns.values()
        if c.role in (Role.TIME, Role.OTHER)
        and c.dtype.upper().startswith("TIME")
        and not c.dtype.upper().startswith("TIMESTAMP")
    ]
    said = HOUR_WORDS
    if not timed:  # "2019-07-11 15:35": the hour of a timestamp, where no column keeps the time alone
        timed = [
            c
            for c in t.columns.values()
            if c.role == Role.TIME
            and c.dtype.upper().startswith("TIMESTAMP")
            and not c.same_as
            and not c.derived
            and not set(c.words) & AUDIT_WORDS
            and has_clock_times(c)
        ]
        said = STAMP_HOUR_WORDS  # "films longer than 3 hours": never the hour of a stamp
    if len(timed) > 1:  # a start and an end time of each record (CallStart, CallEnd): the start's hour
        timed = [c for c in timed if is_start_time(c)]
    if len(timed) != 1 or any("hour" in c.words for c in t.columns.values()):
        return
    c = timed[0]
    name = f"{c.name}{HOUR_SUFFIX}"
    if name.lower() in {n.lower() for n in t.columns}:
        return
    t.columns[name] = Col(
        table=t.name,
        name=name,
        dtype="INTEGER",
        role=Role.DIMENSION,
        words=("hour",),
        synonyms=said,
        values=tuple(range(24)),
        hour_of=c.name,
        distinct=24,
    )


def has_clock_times(c: Col) -> bool:
    """A timestamp column whose first or last value is not at midnight: it keeps times of day, not only
    dates stored as timestamps."""
    return any(isinstance(v, dt.datetime) and v.time() != dt.time() for v in (c.minimum, c.maximum))


STARTS = word_set("start_words")
ENDS = word_set("end_words")
"""Name words of the start and the end time of one record (CallStart, CallEnd; started_at, ended_at)."""


def _other_ends(dates: list[Col], start: Col) -> bool:
    """The other of two times is the record's end (stoptime, end_date beside the start)."""
    other = next(c for c in dates if c is not start)
    return bool(set(other.words) & ENDS) or any(w.startswith(tuple(ENDS)) and len(w) > 5 for w in other.words)


def is_start_time(c: Col) -> bool:
    """A start time by its name, its words or a word run together with one (starttime, startdate)."""
    return bool(set(c.words) & STARTS) or any(w.startswith(tuple(STARTS)) and len(w) > 6 for w in c.words)


DURATION_WORDS = tuple(sorted(word_set("time_between_words")))


def _span_unit(start: Col, end: Col) -> str:
    """The unit of the time from `start` to `end` of one record: days between two dates (a job's Start and
    Delivery Date), else seconds between two times."""
    return "day" if start.dtype.upper() == "DATE" and end.dtype.upper() == "DATE" else "second"


def _add_durations(t: Table) -> None:
    """ "the average call length in minutes", "calls that lasted more than 10 minutes": the seconds from a
    start time to the end time of the same record, for one pair of time columns named alike but for
    their start and end word (CallStart, CallEnd), a derived measure `<stem> duration` in seconds."""
    timed = [
        c
        for c in t.columns.values()
        if (c.dtype.upper().startswith("TIME") or (c.dtype.upper() == "DATE" and c.role == Role.TIME))
        and not c.derived
    ]
    starts = [c for c in timed if set(c.words) & STARTS]
    ends = [c for c in timed if set(c.words) & ENDS]
    if len(starts) != 1 or len(ends) != 1:
        return
    start, end = starts[0], ends[0]
    stem = tuple(w for w in start.words if w not in STARTS)
    if stem != tuple(w for w in end.words if w not in ENDS):
        return
    name = " ".join((*(w for w in stem if w not in DATE_WORDS), "duration")).strip().capitalize()
    if name.lower() in {n.lower() for n in t.columns}:
        return
    said = [(*stem, w) for w in DURATION_WORDS] + [(w, "of", *stem) for w in ("duration", "length")]
    said += [("lasted",), ("lasting",), ("lasts",)]  # "calls that lasted more than 10 minutes"
    said += [
        ("turnaround",),
        ("turnaround", "time"),
        ("turnaround", "times"),
    ]  # a job's start to its delivery
    t.columns[name] = Col(
        table=t.name,
        name=name,
        dtype="BIGINT",
        role=Role.MEASURE,
        words=(*stem, "duration"),
        synonyms=tuple(p for p in said if p) + DURATION_NAMES,
        measured_in=_span_unit(start, end),
        lasted=(start.name, end.name),
    )


ORDERED_WORDS = frozenset({"order", "ordered", "placed", "purchase", "po", "submitted", "filed", "lodged"})
ARRIVED_STEMS = ("deliver", "ship", "arriv", "receiv")
LEAD_TIME_WORDS = (
    ("lead", "time"),
    ("lead", "times"),
    ("delivery", "time"),
    ("delivery", "times"),
    ("time", "to", "deliver"),
    ("time", "to", "delivery"),
    ("days", "to", "deliver"),
    ("days", "to", "arrive"),
    ("time", "to", "arrive"),
    ("fulfilment", "time"),
    ("fulfillment", "time"),
    ("turnaround",),
    ("turnaround", "time"),
    ("lag",),
    ("lags",),
    ("delay",),
    ("days", "to", "reach"),
    ("time", "to", "reach"),
    ("days", "to", "get", "to"),
    ("time", "to", "get", "to"),
)
"""What people call the days from an order to its delivery (a complaint's from its sending to its receipt)."""


def no_later(a: Col, b: Col) -> bool | None:
    """Whether date column `a`'s first and last days in the data are both no later than `b`'s (it comes
    first); None where either is not known as a date."""
    bounds = (a.minimum, a.maximum, b.minimum, b.maximum)
    if not all(isinstance(x, dt.date) for x in bounds):
        return None
    return bool(a.minimum <= b.minimum and a.maximum <= b.maximum)


def _add_lead_times(t: Table) -> None:
    """ "the average lead time", "orders that took more than 15 days to arrive": the days from a record's
    one order date to its one delivery (or shipping, arrival, receipt) date, a derived `Lead time`."""
    dates = [
        c for c in t.columns.values() if c.role == Role.TIME and c.dtype.upper() == "DATE" and not c.derived
    ]
    ordered = [c for c in dates if set(c.words) & ORDERED_WORDS and not set(c.words) & LAST_EVENT_WORDS]
    arrived = [c for c in dates if any(w.startswith(ARRIVED_STEMS) for w in c.words) and c not in ordered]
    if len(ordered) != 1 or len(arrived) != 1 or "lead time" in {n.lower() for n in t.columns}:
        return
    first, then = ordered[0], arrived[0]
    if no_later(first, then) is False:
        return  # (the data says the other one comes first)
    if any(c.lasted is not None for c in t.columns.values()):
        return  # (a duration of the records is there already)
    t.columns["Lead time"] = Col(
        table=t.name,
        name="Lead time",
        dtype="BIGINT",
        role=Role.MEASURE,
        words=("lead", "time"),
        synonyms=LEAD_TIME_WORDS[1:] + DURATION_NAMES,
        measured_in="day",
        lasted=(first.name, then.name),
    )


HANDLING_TIMES = (
    ("Response time", ("responded", "response", "answered", "replied", "reply"),
     ("response time", "response times", "time to respond", "time to first response", "reply time",
      "first response time", "respond", "responded")),
    ("Resolution time", ("resolved", "resolution", "closed", "solved"),
     ("resolution time", "resolution times", "time to resolve", "time to close", "time to resolution",
      "resolve", "resolved")),
)  # fmt: skip
"""(derived name, name words of the end time, what people say) of a ticket's handling times."""
OPENED_WORDS = frozenset(
    {"reported", "raised", "opened", "created", "submitted", "logged", "received", "issued"}
)
"""Name words of the time a ticket or a request came in (Issue_reported at, created_at)."""


def _add_handling_times(t: Table) -> None:
    """ "the average response time in minutes": the seconds from the one time a record came in (Issue_reported
    at) to the one time it was answered (issue_responded) or resolved, a derived measure in seconds."""
    timed = [c for c in t.columns.values() if c.dtype.upper().startswith("TIME") and not c.derived]
    opened = [c for c in timed if set(c.words) & OPENED_WORDS]
    if len(opened) != 1:
        return
    for name, end_words, said in HANDLING_TIMES:
        ends = [c for c in timed if set(c.words) & set(end_words) and c is not opened[0]]
        if len(ends) != 1 or name.lower() in {n.lower() for n in t.columns}:
            continue
        t.columns[name] = Col(
            table=t.name,
            name=name,
            dtype="BIGINT",
            role=Role.MEASURE,
            words=tuple(name.lower().split()),
            synonyms=tuple(tuple(p.split()) for p in said),
            measured_in="second",
            lasted=(opened[0].name, ends[0].name),
        )


LEAVING_DATES = {
    "cancel": "Canceled",
    "churn": "Churned",
    "terminat": "Terminated",
    "exit": "Exited",
}
"""Beginnings of the name words of a date of leaving (canceled_date, churn_date) and the flag each gives."""
JOINING_DATES = (
    "creat",
    "start",
    "sign",
    "join",
    "subscrib",
    "open",
    "regist",
    "enrol",
    "activat",
    "began",
    "begin",
)
"""Beginnings of the name words of the date a record began (created_date, signup_date, start_date)."""
LIFETIME_WORDS = (
    ("length",),
    ("duration",),
    ("lifetime",),
    ("lasted",),
    ("lasting",),
    ("lasts",),
    ("how", "long"),
)
"""What the time from a record's start to its leaving is said as ("how long subscriptions last")."""


STATUS_MARKS = ("cancel", "active", "churn", "closed", "inforce", "in force", "lapse", "terminat", "expire")
"""Parts of a status value that already say whether a record left (INFORCE, CANCELLED, Active)."""


def _status_kept(t: Table) -> bool:
    """Whether a column of the table already says whether each record left: a status category whose
    values say it, or a stored yes/no column named so."""
    return any(
        c.role == Role.DIMENSION and any(m in str(v).lower() for v in c.values for m in STATUS_MARKS)
        for c in t.columns.values()
    )


def _add_leaving(t: Table) -> None:
    """A date of leaving blank while a record is active (a subscription's canceled_date): a derived yes/no
    `Canceled` (true where it is filled by the as-of date), bound as the churn of the table where no other
    column is ("how many canceled", "still active", "cancellation rate"); with the one date the record began
    (created_date), a derived `Lifetime` in days from one to the other ("how long subscriptions last")."""
    dates = [c for c in t.columns.values() if c.role == Role.TIME and not c.derived and is_time_type(c.dtype)]
    ends = [
        (c, name)
        for c in dates
        for stem, name in LEAVING_DATES.items()
        if any(w.startswith(stem) for w in c.words)
    ]
    if (
        len(ends) != 1
        or not ends[0][0].nulls > 0
        or any(
            c.role == Role.FLAG
            for c in t.columns.values()
            if set(c.words) & {"churn", "churned", "canceled", "cancelled", "active"}
        )
    ):
        return
    end, name = ends[0]
    if name in t.columns or "Lifetime" in t.columns or _status_kept(t):
        return
    t.columns[name] = Col(
        table=t.name,
        name=name,
        dtype="BOOLEAN",
        role=Role.FLAG,
        words=(name.lower(),),
        ended_on=end.name,
        distinct=2,
    )
    starts = [c for c in dates if c is not end and any(w.startswith(JOINING_DATES) for w in c.words)]
    if len(starts) != 1:
        return
    t.columns["Lifetime"] = Col(
        table=t.name,
        name="Lifetime",
        dtype="BIGINT",
        role=Role.MEASURE,
        words=("lifetime",),
        synonyms=LIFETIME_WORDS,
        measured_in=_span_unit(starts[0], end),
        lasted=(starts[0].name, end.name),
    )


DEATH_WORDS = frozenset({"death", "deathdate", "died", "deceased", "dod"})
"""Name words of a date of death."""
AGE_NAME = "Age"


def _add_ages(t: Table) -> None:
    """ "the average age of our patients", "patients older than 65": the whole years from the one date of
    birth of a table with no age column to the as-of date (or to the date of death where one is kept), a
    derived measure `Age`."""
    dates = [c for c in t.columns.values() if c.role == Role.TIME and not c.derived]
    births = [c for c in dates if set(c.words) & BIRTH_WORDS]
    deaths = [c for c in dates if set(c.words) & DEATH_WORDS]
    if len(births) != 1 or len(deaths) > 1 or any("age" in c.words for c in t.columns.values()):
        return
    t.columns[AGE_NAME] = Col(
        table=t.name,
        name=AGE_NAME,
        dtype="BIGINT",
        role=Role.MEASURE,
        words=("age",),
        synonyms=(("ages",), ("years", "old")),
        age_of=(births[0].name, deaths[0].name if deaths else None),
    )


AGE_DECADE_WORDS = (
    ("age", "group"), ("age", "groups"), ("age", "band"), ("age", "bands"), ("age", "bracket"),
    ("age", "brackets"), ("age", "decade"), ("age", "decades"), ("age", "range"), ("age", "ranges"),
)  # fmt: skip
"""What a split of people by the decade of their age is said as ("churn rate by age group")."""


def _add_age_decades(t: Table) -> None:
    """ "churn rate by age group": the decade of a whole-number age column of people (18-92 -> 10 .. 90),
    a derived category named `<column>_decade`, said by AGE_DECADE_WORDS."""
    ages = [
        c
        for c in t.columns.values()
        if c.words == ("age",)
        and c.dtype.upper() in INTEGER_TYPES
        and isinstance(c.maximum, int | float)
        and 0 < c.maximum <= 120
    ]
    banded = any(
        "age" in c.words and {"group", "band", "bracket", "range"} & set(c.words) for c in t.columns.values()
    )
    if len(ages) != 1 or banded or f"{ages[0].name}_decade".lower() in {n.lower() for n in t.columns}:
        return  # (a file that keeps its own age groups says them itself)
    name = f"{ages[0].name}_decade"
    t.columns[name] = Col(
        table=t.name,
        name=name,
        dtype="INTEGER",
        role=Role.DIMENSION,
        words=("age", "decade"),
        synonyms=AGE_DECADE_WORDS,
        decade_of=ages[0].name,
    )


PARTS_MIN = 3
TOTAL_WORDS = frozenset(
    {"total", "tot", "sum", "avg", "average", "mean", "count", "ct", "num", "number", "max", "min"}
)
"""First name words that say how a column was summarised (Total_Trans_Amt, Total_Revolving_Bal), never
what it is an amount of: columns sharing one are no parts of one whole."""
"""Amount columns sharing a first name word (MntWines, MntFruits, MntMeatProducts): at least this many."""


ACROSS_PARTS = tuple(
    (*lead, *what, "categories") for lead in (("all",), ("across", "all")) for what in ((), ("product",))
)
"""Phrases naming the total of amounts split by category as a whole ("across all product categories")."""


def _add_total_of_parts(t: Table) -> None:
    """Amounts split by category in columns sharing a first name word (MntWines, MntFruits, ...): their
    row-wise sum is the total amount ("total spend"), a derived column named total_<word>."""
    groups: dict[str, list[Col]] = {}
    for c in t.columns.values():
        toks = tokens(c.name)
        if c.money and not c.is_price and c.formula is None and len(toks) > 1 and toks[0] not in TOTAL_WORDS:
            groups.setdefault(toks[0], []).append(c)
    for first, parts in groups.items():
        name = f"total_{first}"
        if len(parts) < PARTS_MIN or name.lower() in {n.lower() for n in t.columns}:
            continue
        spelled = next((s for s in parts[0].synonyms if len(s) > 1), parts[0].words)[:1] or (first,)
        t.columns[name] = Col(
            table=t.name,
            name=name,
            dtype="DOUBLE",
            role=Role.MEASURE,
            words=("total", *spelled),
            synonyms=(("total", "spend"), ("total", "spending"), ("all", *spelled), *ACROSS_PARTS),
            money=True,
            unit="money",
            formula=tuple(c.name for c in parts),
            parts_sum=True,
        )


def _add_whole_of_parts(t: Table) -> None:
    """One count split by complementary qualifiers in columns otherwise named alike (stays_in_weekend_nights,
    stays_in_week_nights; words.yaml `complementary_parts`): their row-wise sum is the whole count, a derived
    column named total_<head> ("total nights", "nights", "length of stay": weekend plus week nights)."""
    sets = [frozenset(w for p in line for w in p) for line in _complementary()]
    counts = [
        c
        for c in t.columns.values()
        if c.role in (Role.MEASURE, Role.DIMENSION)
        and c.dtype in INTEGER_DTYPES
        and not c.money
        and c.formula is None
        and len(c.words) > 1
    ]
    groups: dict[tuple[str, ...], list[tuple[str, Col]]] = {}
    for c in counts:
        for i, w in enumerate(c.words):
            if any(w in s for s in sets):
                groups.setdefault((*c.words[:i], "*", *c.words[i + 1 :]), []).append((w, c))
    lower = {n.lower() for n in t.columns}
    for shape, parts in groups.items():
        said = frozenset(w for w, _ in parts)
        head = shape[-1]
        name = f"total_{head}"
        if len(parts) < 2 or len(said) != len(parts) or said not in sets or name in lower or head == "*":
            continue
        aliases = word_classes()["qualifier_aliases"]
        for w, c in parts:
            names = [(w,), *aliases.get(w, [])]
            c.synonyms = (*c.synonyms, *((*q, head) for q in names))
        t.columns[name] = Col(
            table=t.name,
            name=name,
            dtype="BIGINT",
            role=Role.MEASURE,
            words=("total", head),
            synonyms=((head,), ("number", "of", head), *(tuple(p) for p in word_classes()["whole_words"])),
            formula=tuple(c.name for _, c in parts),
            parts_sum=True,
        )
        lower.add(name)


LIKE_PARTS_MIN = 3
"""Fewest columns named alike but for one word that make a whole ("Total day charge", "Total eve charge"...)."""


def _add_total_of_like(t: Table) -> None:
    """Measures named alike but for one word (Total day charge, Total eve charge, Total night charge, Total
    intl charge): their row-wise sum is the whole ("total charges", a customer's "bill"), a derived column
    named total_<last word>; the same unit or none, never a price, a rate or a ratio."""
    measures = [
        c
        for c in t.columns.values()
        if c.role == Role.MEASURE
        and c.is_numeric
        and not c.is_price
        and c.formula is None
        and len(c.words) >= 2
        and not {"rate", "ratio", "percent", "pct", "average", "avg", "mean"} & set(c.words)
    ]
    groups: dict[tuple[str, ...], list[Col]] = {}
    for c in measures:
        for i in range(len(c.words) - 1):  # the last word is what is counted: never the one that varies
            groups.setdefault((*c.words[:i], "*", *c.words[i + 1 :]), []).append(c)
    lower = {n.lower() for n in t.columns}
    for shape, parts in groups.items():
        head = shape[-1]
        name = f"total_{head}"
        units = {(c.money, c.unit) for c in parts}
        if len(parts) < LIKE_PARTS_MIN or len(units) != 1 or name.lower() in lower or head == "*":
            continue
        money = parts[0].money
        said = ((head,), ("total", plural(head)), ("all", plural(head)))
        t.columns[name] = Col(
            table=t.name,
            name=name,
            dtype="DOUBLE",
            role=Role.MEASURE,
            words=("total", head),
            synonyms=(*said, *((("bill",), ("total", "bill")) if money else ())),
            money=money,
            unit=parts[0].unit,
            formula=tuple(c.name for c in parts),
            parts_sum=True,
        )
        lower.add(name.lower())


INTEGER_DTYPES = ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER")


def _complementary() -> list[list[tuple[str, ...]]]:
    """Sets of qualifiers that together cover a whole (weekend and week nights), from words.yaml."""
    return [list(v) for v in word_classes()["complementary_parts"].values()]


def _fractions(catalog: Catalog | None, t: Table, c: Col) -> bool:
    """Whether every value of the column lies between 0 and 1 (a discount rate, not an amount), by the
    model's statistics (its smallest and largest value)."""
    info = t.info.columns.get(c.name)
    if catalog is None or info is None or not is_numeric_type(info.dtype) or info.minimum is None:
        return False
    return float(info.minimum) >= 0 and float(info.maximum) <= 1


def flag_true_sql(c: Col) -> Any:
    """A sqlglot condition: the flag column c is true on this row (False for NULL)."""
    ref = exp.column(c.name, quoted=True)
    if c.dtype == "BOOLEAN":
        return exp.func("coalesce", ref, exp.false())
    return exp.func("coalesce", exp.EQ(this=ref, expression=exp.convert(c.flag_true)), exp.false())


def extends(a: Col, b: Col) -> bool:
    """Whether one column's name is another's of the same table with more words after it
    (airline_sentiment_gold of airline_sentiment): a detail of that column, never a thing of its own."""
    return a.table == b.table and len(a.words) > len(b.words) and a.words[: len(b.words)] == b.words


def is_link(schema: Schema, table: str) -> bool:
    """A table that only links others (film_category: two keys and a timestamp): each pair once, so
    grouping through it never counts a row twice within one group. A table of lines (order_items,
    with prices and quantities) repeats pairs and is not one."""
    t = schema.tables[table]
    kinds = [c.role for c in t.columns.values() if not c.derived]  # stored columns
    return (
        t.key is None
        and kinds.count(Role.FOREIGN_KEY) >= 2
        and all(k in (Role.FOREIGN_KEY, Role.TIME) for k in kinds)
    )


NAME_WORDS_AT_LEAST = 4
"""Values of a column of things' names run to at least this many words on average (product titles)."""
TITLE_WORDS = frozenset({"name", "title", "product", "item", "model"})


def names_things(c: Col) -> bool:
    """A text column of long names of things (product titles such as 'Fire Kids Edition Tablet, 7
    Display, Wi-Fi, 16 GB, Blue Kid-Proof Case'), named so: a part of several names means all of them."""
    texts = [phrase_tokens(v) for v in c.values if isinstance(v, str)]
    long = bool(texts) and sum(map(len, texts)) / len(texts) >= NAME_WORDS_AT_LEAST
    return long and bool(set(c.words) & TITLE_WORDS)


LAST_EVENT_WORDS = frozenset(
    {
        "last",
        "latest",
        "recent",
        "previous",
        "prior",
        "next",
        "upcoming",
        "scheduled",
        "estimated",
        "expected",
    }
)
"""Name words of a date of the latest or the next event of its kind (Last_Order_Date, next_payment_date):
never when a record began."""


def record_dates(schema: Schema, table: str, times: list[str]) -> list[str]:
    """The dates that date a record: not bookkeeping ("last_update"), and when one is named after the
    table ("rental_date" in rental, "payment_date" in payment) that one."""
    keeping = {w for p in word_classes()["bookkeeping_dates"] for w in p}
    kept = [x for x in times if not set(schema.col(x).words) & keeping] or times
    name = {singular(w) for w in schema.tables[table].name.lower().replace("_", " ").split()}
    own = [x for x in kept if {singular(w) for w in schema.col(x).words} & name]
    if len(own) == 1:
        return own
    # a sale's document date (Invoice Date Key) over when it was delivered or shipped
    # (a "last order date" is the latest of many orders, never when the record began)
    sold = [
        x
        for x in kept
        if set(schema.col(x).words) & SALE_DATE_WORDS and not set(schema.col(x).words) & LAST_EVENT_WORDS
    ]
    return sold if len(sold) == 1 else kept


def interval_dates(schema: Schema, table: str) -> tuple[str, str] | None:
    """The start and end dates of a table's records, when it has exactly one of each (words.yaml
    `interval_dates`: mailshot_start_date / mailshot_end_date, date_valid_from / date_valid_to), so a
    record is live between them; None otherwise."""
    kinds = word_classes()["interval_dates"]
    own = {singular(w) for w in schema.tables[table].name.lower().replace("_", " ").split()}
    found: dict[str, list[str]] = {"start": [], "end": []}
    for c in schema.tables[table].columns.values():
        if c.role != Role.TIME or c.weekday_of is not None:
            continue
        words = tuple(w for w in c.words if singular(w) not in own)
        for kind, phrases in kinds.items():
            if any(words[i : i + len(p)] == p for p in phrases for i in range(len(words) - len(p) + 1)):
                found[kind].append(c.qualified)
    if len(found["start"]) != 1 or len(found["end"]) != 1 or found["start"] == found["end"]:
        return None
    return found["start"][0], found["end"][0]


def compared_column(schema: Schema, a: str, op: str, b: str) -> str:
    """The derived yes/no column "a op b" of two numbers of one row (made once, on first use), so the
    comparison can split rows like any flag ("priced above the competitor vs not")."""
    ca, cb = schema.col(a), schema.col(b)
    name = f"{ca.name} {op} {cb.name}"
    table = schema.tables[ca.table]
    if name not in table.columns:
        table.columns[name] = Col(
            table=ca.table,
            name=name,
            dtype="BOOLEAN",
            role=Role.FLAG,
            words=(),
            flag_true=True,
            compared=(ca.name, op, cb.name),
            distinct=2,
        )
    return f"{ca.table}.{name}"


def one_of_copies(schema: Schema, columns: list[str]) -> str | None:
    """The first of `columns` when all of them hold the same values row by row (a flag stored twice),
    else None."""
    roots = {schema.col(q).same_as or q for q in columns}
    return min(roots) if len(roots) == 1 and len(columns) > 1 else None


def dated_every(schema: Schema, table: str) -> str | None:
    """ "week" when the table's one date holds a date every week of its span and no other (Walmart's
    weekly store sales: 143 Fridays over 994 days), "month" when one a month: its rows are that period's
    own, so an amount named for the period (Weekly_Sales) adds up to months and years. None otherwise."""
    info = schema.tables[table].info
    dates = [c for c in info.columns.values() if c.role == Role.TIME]
    if (
        len(dates) != 1
        or not isinstance(dates[0].minimum, dt.date)
        or not isinstance(dates[0].maximum, dt.date)
    ):
        return None
    low, high, n = dates[0].minimum, dates[0].maximum, dates[0].distinct_count
    days = (high - low).days
    if days >= 4 * 7 and n == days // 7 + 1 and days % 7 == 0:
        return "week"
    months = (high.year - low.year) * 12 + high.month - low.month
    if months >= 3 and n == months + 1 and low.day == high.day:
        return "month"
    return None


FLAG_NAME_WORDS = frozenset({"is", "has", "flag", "indicator"})
"""Words a yes/no column's name may add to what it says (IsHoliday, Holiday_Flag)."""


def of_the_sales_table(schema: Schema, columns: list[str]) -> str | None:
    """Of one column name kept in two tables (Temperature of weekly_sales and of a features table that
    repeats it for the same store-weeks and the weeks after), the one in the table of the revenue; None
    when the names differ or no one table of them holds the revenue."""
    if (
        len(columns) < 2
        or len({tuple(w for w in schema.col(q).words if w not in FLAG_NAME_WORDS) for q in columns}) != 1
    ):
        return None  # (IsHoliday and Holiday_Flag are one name)
    tables = {b.target.split(".", 1)[0] for b in schema.concepts if b.concept == "revenue"}
    own = [q for q in columns if q.split(".", 1)[0] in tables]
    return own[0] if len(own) == 1 else None


DESCRIBING = ("details", "description", "desc", "label")
"""Second words of a column that describes its record in words ("product_details")."""


NUMBERED_SCORE_WORDS = frozenset({"score", "rating", "satisfaction", "csat", "grade", "stars"})
"""Words of a column name that make numbered labels a score to average ("satisfaction_score")."""
NO_SCORE_WORDS = frozenset({"UNKNOWN", "NONE", "N/A", "NA", "NOT RATED", "UNRATED", "MISSING", "NO RATING"})


def numbered_score(name: str, dtype: str, values: tuple[Any, ...]) -> tuple[str, ...] | None:
    """The stored values that are no score, when a text column named like a score holds only numbered
    labels of small numbers ('0 - Unknown', '1 - Unsatisfied' ...); None otherwise."""
    words = {singular(w) for w in phrase_tokens(name.replace("_", " "))}
    if not dtype.upper().startswith("VARCHAR") or not words & NUMBERED_SCORE_WORDS or not values:
        return None
    labels = spoken_labels(values)
    if len(labels) != len(values) or len(values) > 11:
        return None  # (spoken_labels holds every value only when every one is numbered)
    return tuple(v for v, w in labels.items() if w.strip().upper() in NO_SCORE_WORDS)


def _record_durations(table: Table) -> tuple[tuple[str, ...], ...]:
    """How long one of the table's records lasted, said with its noun ("trip time", "ride length" of trips:
    words.yaml entity_synonyms), only of the records the column's own table holds."""
    noun = singular(table.entity_singular.split()[-1]) if table.entity_singular else ""
    nouns = [noun, *(p[-1] for p in word_classes()["entity_synonyms"].get(noun, ()) if len(p) == 1)]
    return tuple((n, w) for n in nouns if n for w in ("time", "length", "duration"))


def sex_coded(concepts: Iterable[Any], col: Col) -> bool:
    """A gender kept as the whole numbers 1 and 2 (and 0, not known) as ISO/IEC 5218 has them
    (catalog.concepts value_words): read so by nlq.schema (`unknown_code`) and said so by nlq.build."""
    bound = any(b.concept == "gender" and b.target == col.qualified for b in concepts)
    return bound and col.is_numeric and col.minimum in (0, 1) and col.maximum == 2


def versioned_name(schema: Schema, table: str) -> str | None:
    """The name column of a dimension kept in versions (WWI's cities and employees: a new key each time a
    record changes, 212 employee keys for 20 people), whose one name stands for every key it has: a split
    by those records is by the name (a key is one version). None where names repeat less than twice over."""
    t = schema.tables[table]
    if not t.key or not t.row_count or not any(r.ref_table == table for r in schema.relations):
        return None  # (a dimension: other records point at it)
    labels = label_columns(schema, table)
    if len(labels) != 1:
        own = singular(t.entity_singular.split()[-1]) if t.entity_singular else ""
        labels = [
            c.qualified
            for c in t.columns.values()
            if c.dtype == "VARCHAR"
            and c.words
            and singular(c.words[0]) == own
            and (len(c.words) == 1 or hyphen_tail(c.name))  # "City-State Province", never student_country
            and c.role in NAMING_ROLES
        ]
    if len(labels) != 1:
        return None
    c = schema.col(labels[0])
    return labels[0] if c.distinct > 1 and c.distinct * 2 <= t.row_count else None


NAMING_ROLES = (Role.OTHER, Role.DIMENSION)
"""Roles of a text column that may name a record."""


def label_columns(schema: Schema, table: str) -> list[str]:
    """The columns that name one record of a table for a person: its name or title ("name",
    "product name", "title", country.country), else a first and last name; [] when there is none. A name
    several rows share comes with the one city column beside it ('Atliq Exotica', Mumbai)."""
    t = schema.tables[table]
    cols = [c for c in t.columns.values() if c.role not in (Role.MEASURE, Role.TIME, Role.FLAG)]
    cols = [c for c in cols if not c.is_numeric]
    own = {singular(w) for w in t.name.lower().replace("_", " ").split()} | {
        singular(w) for w in t.entity_singular.lower().split()
    }
    if t.key and t.key in t.columns and len(t.columns[t.key].words) == 2:
        own.add(singular(t.columns[t.key].words[0]))  # dim_hotels keyed by property_id: its property_name

    def person(c: Col, part: str) -> bool:  # "first_name", "customer_first_name", "firstname" written out
        return any(
            words[-2:] == (part, "name") and all(singular(w) in own for w in words[:-2])
            for words in (c.words, *c.synonyms)
        )

    first = [c.qualified for c in cols if person(c, "first")]
    last = [c.qualified for c in cols if person(c, "last")]
    if not first and not last:  # a Synthea export's patients: FIRST and LAST, written bare
        first = [c.qualified for c in cols if c.words == ("first",)]
        last = [c.qualified for c in cols if c.words == ("last",)]
    for fits in (
        lambda c: c.words == ("name",),
        lambda c: any(  # ("custmer_name": said "customer name")
            len(w) == 2 and singular(w[-1]) in ("name", "title") and singular(w[0]) in own
            for w in (c.words, *c.synonyms)
        ),
        lambda c: c.words in (("company", "name"), ("full", "name")),
        None,  # a person's first and last name, before a "title" (which is a person's job title)
        lambda c: len(c.words) == 1 and singular(c.words[0]) in own,
        lambda c: c.words == ("title",),
        # "City-State Province" of cities ('Sekiu-Washington'): the city said with its state
        lambda c: bool(c.words) and singular(c.words[0]) in own and bool(hyphen_tail(c.name)),
        # "product_details", "item description": the words describing the record, named after it
        lambda c: len(c.words) == 2 and singular(c.words[0]) in own and c.words[1] in DESCRIBING,
        # people named under their role (Salesperson: 'Barr Faughny' on each row of a table of staff)
        lambda c: c.unique and len(c.words) == 1 and c.words[0] in _role_names(),
    ):
        if fits is None:
            if len(first) == 1 and len(last) == 1:
                return [first[0], last[0]]
            continue
        found = [c.qualified for c in cols if fits(c)]
        if len(found) == 1:
            label = t.columns[found[0].split(".", 1)[1]]
            where = _where_of_repeated(t, label, cols)
            pointed = any(r.ref_table == t.name for r in schema.relations)
            if not where and not pointed and t.key and t.row_count and label.distinct * 2 <= t.row_count:
                # a catalogue whose names repeat over its rows (1,092 SKUs, 313 names): the key beside
                # each name, or the rows ranked cannot be told apart
                where = [f"{t.name}.{t.key}"]
            return found + where
    return _place_label(t, cols, own) or _address_label(schema, t, cols)


@cache
def _role_names() -> frozenset[str]:
    """The names of people by role (employee, customer, person concepts: salesperson, agent, patient)."""
    found = [concept(name) for name in ("employee", "customer", "person")]
    return frozenset(n for c in found if c is not None for n in c.names)


def _address_label(schema: Schema, t: Table, cols: list[Col]) -> list[str]:
    """A table of properties (catalog concepts `property`: a sales file of homes) is labelled by its one
    address column, with the suburb or city beside an address several rows share."""
    if not any(b.concept == "property" and b.target == t.name for b in schema.concepts):
        return []
    found = [c for c in cols if "address" in c.words]
    return [found[0].qualified, *_where_of_repeated(t, found[0], cols)] if len(found) == 1 else []


TOWN_WORDS = frozenset({"city", "town", "location", "suburb"})
"""Name words of the place a record is in, shown beside a name several records share."""


def _where_of_repeated(t: Table, label: Col, cols: list[Col]) -> list[str]:
    """The city beside a name that several rows share ('Atliq Exotica' in Mumbai and in Delhi), so the
    rows ranked can be told apart; [] when names are each one row's, or no one city column."""
    if not t.row_count or label.distinct >= t.row_count:
        return []
    towns = [c.qualified for c in cols if c is not label and set(c.words) & TOWN_WORDS]
    return towns if len(towns) == 1 else []


def _place_label(t: Table, cols: list[Col], own: set[str]) -> list[str]:
    """A place's label where no column names it (words.yaml `labelled_places`): its one text column with a
    value per row that is no way to reach it (`contact_details`: an address, a phone)."""
    classes = word_classes()
    places = {w for p in classes["labelled_places"] for w in p}
    contact = {w for p in classes["contact_details"] for w in p}
    if not own & places or not t.info.row_count:
        return []
    found = [
        c.qualified
        for c in cols
        if c.dtype.upper().startswith("VARCHAR")
        and c.distinct == t.info.row_count
        and not {singular(w) for w in c.words} & contact
    ]
    if len(found) > 1:
        # a gym's `location` beside its list of `facilities`: the column named for where it is
        found = [q for q in found if set(t.columns[q.split(".", 1)[1]].words) & (places | TOWN_WORDS)]
    return found if len(found) == 1 else []


HOUR_SUFFIX = "_hour"
"""The name of a derived hour-of-day column is its stored time's name and this ("transaction_time_hour")."""


def kept_by_key(schema: Schema, table: str) -> list[Relation]:
    """The relations by which a table's own key points at another table's (closed_deals.mql_id of leads):
    its records are some of the other's, kept by their key."""
    key = schema.tables[table].info.key
    return [r for r in schema.relations if r.table == table and r.column == key]


def one_row_each(schema: Schema, table: str, key: str) -> bool:
    """Every row has its own value of the key (no customer_id twice): each row is one of them. Only
    where the catalog counted the values exactly (catalog.infer: a table of at most EXACT_STATS_ROWS)."""
    t, c = schema.tables[table], schema.col(key)
    return c.nulls == 0 and 0 < t.row_count <= EXACT_STATS_ROWS and t.row_count == c.distinct
