"""A read-only view of the semantic model that the question engine relies on.

Every role, unit, value list and relation comes from the catalog's model (catalog.roles settles them
once per load); this module only reshapes it into the words the parser matches, and adds the derived
revenue column of priced line items. It runs no query of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from catalog.roles import FLOAT_TYPES, is_numeric_type, is_time_type
from catalog.semantic import Relation, Role
from nlq.text import phrase_tokens

if TYPE_CHECKING:
    from catalog import Catalog

__all__ = ["Col", "Schema", "Table", "build_schema", "is_numeric_type", "is_time_type"]
PRICE_WORDS = {"price", "prices", "unit", "rate", "rates", "per"}
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
    distinct: int = 0
    """Distinct values (0: unknown)."""

    @property
    def averaged(self) -> bool:
        """A score-like measure (rating, score, satisfaction, NPS): averaged by default, never summed."""
        return self.role == Role.MEASURE and self.is_numeric and bool(set(self.words) & SCORE_WORDS)

    @property
    def continuous(self) -> bool:
        """A fractional measure with many distinct values (a price, an amount): never split by "per"."""
        fractional = self.formula is not None or self.numeric_text or self.dtype.startswith(FLOAT_TYPES)
        return (
            self.role == Role.MEASURE and fractional and (self.distinct > CONTINUOUS_MIN or not self.distinct)
        )

    @property
    def is_price(self) -> bool:
        """A per-unit money figure (unit price, rate): never summed by default."""
        return bool(set(self.words) & PRICE_WORDS)

    @property
    def qualified(self) -> str:
        return f"{self.table}.{self.name}"

    @property
    def is_numeric(self) -> bool:
        return self.numeric_text or is_numeric_type(self.dtype)

    @property
    def label(self) -> str:
        """Display words for a person ("monthly fee" for monthly_fee), the name when there are none."""
        return " ".join(self.words) or self.name


@dataclass
class Table:
    name: str
    entity: str
    entity_singular: str
    row_count: int
    columns: dict[str, Col] = field(default_factory=dict)
    key: str | None = None
    synonyms: tuple[str, ...] = ()
    text_times: bool = False
    """Loaded from SQLite, where dates and times are stored as text: show them as that text."""

    def by_role(self, *roles: Role) -> list[Col]:
        return [c for c in self.columns.values() if c.role in roles]


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
    value_words: dict[str, dict[str, str]] = field(default_factory=dict)
    """"table.column" -> {phrase: stored value} for values said differently ("portugal": "PRT")."""

    def col(self, qualified: str) -> Col:
        table, _, name = qualified.partition(".")
        return self.tables[table].columns[name]

    def columns(self, *roles: Role) -> list[Col]:
        return [c for t in self.tables.values() for c in t.columns.values() if not roles or c.role in roles]


def build_schema(catalog: Catalog) -> Schema:
    """The engine's view of a catalog's semantic model."""
    tables: dict[str, Table] = {}
    for t in catalog.model.tables.values():
        table = Table(t.name, t.entity or t.name, t.entity_singular or t.name, t.row_count, key=t.key)
        table.synonyms = tuple(t.synonyms)
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
                unit=c.unit,
                numeric_text=c.numeric_text,
                nulls=c.null_count if isinstance(c.null_count, int) and c.distinct_count else -1,
                distinct=int(c.distinct_count or 0),
            )
            col.unique = bool(t.row_count) and c.distinct_count == t.row_count
            col.money = col.role == Role.MEASURE and c.unit == "money"
            table.columns[c.name] = col
        tables[t.name] = table
    for table in tables.values():
        _add_revenue(table, catalog)
    concepts = list(getattr(catalog.model, "concepts", ()))
    words = dict(getattr(catalog.model, "value_words", {}))
    return Schema(
        tables,
        list(catalog.model.relations),
        dict(catalog.model.synonyms),
        catalog.only_when(),
        concepts,
        words,
    )


QUANTITY_WORDS = {"quantity", "qty", "units", "quantities"}
REVENUE_NAMES = ("revenue", "line_revenue", "line_total")


def _add_revenue(t: Table, catalog: Catalog | None = None) -> None:
    """Line items priced per unit (quantity, unit price) and no money total: revenue = quantity x price,
    x (1 - discount) when a discount column holds fractions; no revenue when a discount is of another kind."""
    money = [c for c in t.columns.values() if c.money and c.is_numeric]
    prices = [c for c in money if c.is_price]
    quantities = [
        c
        for c in t.columns.values()
        if c.role == Role.MEASURE and c.is_numeric and not c.money and set(c.words) & QUANTITY_WORDS
    ]
    if len(prices) != 1 or len(money) != 1 or len(quantities) != 1:
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
    t.columns[name] = Col(
        table=t.name,
        name=name,
        dtype="DOUBLE",
        role=Role.MEASURE,
        words=("revenue",),
        synonyms=(("sales",), ("sales", "amount"), ("line", "total")),
        money=True,
        unit="money",
        formula=(qty.name, price.name, *(d.name for d in discounts)),
    )


def _fractions(catalog: Catalog | None, t: Table, c: Col) -> bool:
    """Whether every value of the column lies between 0 and 1 (a discount rate, not an amount)."""
    if catalog is None:
        return False
    from sqlglot import exp

    col = exp.column(c.name, quoted=True)
    q = exp.select(exp.func("min", col), exp.func("max", col)).from_(exp.table_(t.name, quoted=True))
    lo, hi = catalog.run(q).rows[0]
    return lo is not None and float(lo) >= 0 and float(hi) <= 1


def flag_true_sql(c: Col) -> Any:
    """A sqlglot condition: the flag column c is true on this row (False for NULL)."""
    from sqlglot import exp

    ref = exp.column(c.name, quoted=True)
    if c.dtype == "BOOLEAN":
        return exp.func("coalesce", ref, exp.false())
    return exp.func("coalesce", exp.EQ(this=ref, expression=exp.convert(c.flag_true)), exp.false())


def is_link(schema: Schema, table: str) -> bool:
    """A table that only links others (film_category: two keys and a timestamp): each pair once, so
    grouping through it never counts a row twice within one group. A table of lines (order_items,
    with prices and quantities) repeats pairs and is not one."""
    t = schema.tables[table]
    kinds = [c.role for c in t.columns.values()]
    return (
        t.key is None
        and kinds.count(Role.FOREIGN_KEY) >= 2
        and all(k in (Role.FOREIGN_KEY, Role.TIME) for k in kinds)
    )
