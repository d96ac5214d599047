"""The semantic model: what the loaded tables and columns mean (data only, no inference here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

UNDONE_WORDS = frozenset(
    {"return", "returns", "returned", "refund", "refunds", "refunded", "cancellation", "chargeback"}
)
"""Words of goods given back or sales undone: a returns table's lines are never priced as revenue
(catalog.lineprices), its ReturnQuantity is never "quantity" (catalog.infer), and "units returned" picks
it while "units sold" picks the other (nlq.finish)."""


class Role(StrEnum):
    """What a column is for."""

    IDENTIFIER = "identifier"
    """The table's own key (customerID, id, order_id)."""
    FOREIGN_KEY = "foreign_key"
    """Points at another table's identifier (orders.customer_id)."""
    MEASURE = "measure"
    """A number that is summed/averaged (amount, tenure, monthly_fee)."""
    DIMENSION = "dimension"
    """A category to group or filter by (plan, Contract, country)."""
    FLAG = "flag"
    """Yes/No, 0/1 or true/false (Churn, SeniorCitizen)."""
    TIME = "time"
    """A DATE or TIMESTAMP (order_date, signup_date)."""
    TEXT = "text"
    """Free text (comments, reviews)."""
    OTHER = "other"
    """Names, emails and anything else that is neither grouped nor aggregated."""


@dataclass
class ColumnInfo:
    """One column of a loaded table and its meaning."""

    table: str
    name: str
    """The column name exactly as in DuckDB."""
    dtype: str
    """DuckDB type after cleaning (VARCHAR, DOUBLE, BIGINT, BOOLEAN, DATE, TIMESTAMP, ...)."""
    role: Role
    unit: str | None = None
    """For measures: "money", "count", "duration" or None."""
    counted_in: str | None = None
    """The time unit a number counts ("month" for a loan's duration), as cra.toml states it; None: read
    from the name or by custom (nlq.units), else unknown and a number said with a unit is declined."""
    words: str = ""
    """Display words: MonthlyCharges -> "monthly charges"."""
    synonyms: tuple[str, ...] = ()
    """Other lower-case phrases that name this column (singular/plural forms, cra.toml synonyms)."""
    values: tuple[str, ...] = ()
    """Distinct values of a low-cardinality text column (dimension or text flag), as stored."""
    flag_true: str | int | bool | None = None
    """For a flag stored as text or integer: the stored value meaning true ("Yes", 1); None for BOOLEAN."""
    null_count: int = 0
    distinct_count: int = 0
    references: tuple[str, str] | None = None
    """For a foreign key: (table, column) it points at."""
    reason: str = ""
    """Why the role was chosen, in a few words ("numeric, named like money")."""
    minimum: Any = None
    """Smallest value of a numeric or time column."""
    maximum: Any = None
    """Largest value of a numeric or time column."""
    avg_length: float | None = None
    """Average length of a text column's values."""
    numeric_text: bool = False
    """A text column holding numbers (a measure cast with TRY_CAST when aggregated)."""
    same_as: str | None = None
    """An earlier column of the table holding the same values row by row (a flag stored twice, 'Churn'
    Yes/No beside 'churn_flag' 1/0): a word naming both means either (catalog.copies)."""
    asked: bool = False
    """A survey's question column ("5. How often do you visit Starbucks?"): said by its topic only
    (catalog.surveys), never by the words of the question."""
    period_index: tuple[str, Any] | None = None
    """A whole number counting periods, set in cra.toml: (unit, the first day of period 1), ("month",
    1993-01-01) for a month index 1, 2, 3 ... from January 1993. Never inferred."""
    name_column: str | None = None
    """For an id column: the column of the same table naming each of its records, one name per id and one
    id per name ("Customer Name" beside "Customer ID"), shown beside the id in breakdowns."""
    loose_name: str | None = None
    """For an id column: the column of the same table named like its records whose names the id does
    not decide (a synthetic merchant_id carrying five merchant_names each): the records are the names."""
    document_with: tuple[str, ...] = ()
    """For a document number on lines that is reused (a receipt number restarting each day at each store):
    the other columns of the same table that, with it, name one document (transaction_date,
    sales_outlet_id); a document is one distinct combination (catalog.documents)."""
    counted_per: str = ""
    """For a count of each group's things, the same on every row of one group (melb_data's Propertycount
    of the sale's Suburb): that group column's name (catalog.groupcounts); "" for other columns."""

    @property
    def qualified(self) -> str:
        return f"{self.table}.{self.name}"


@dataclass
class TableInfo:
    """One loaded table."""

    name: str
    """Table name in DuckDB (snake_case file stem or the --data NAME)."""
    entity: str
    """Plural lower-case noun for one row: "customers", "orders", "transactions"."""
    entity_singular: str
    row_count: int
    columns: dict[str, ColumnInfo] = field(default_factory=dict)
    key: str | None = None
    """The identifier column, if any."""
    synonyms: tuple[str, ...] = ()
    """Other words for the entity (from cra.toml)."""
    source: str = ""
    """Where it was loaded from (path, and table inside a database file)."""
    duplicate_rows: int | None = None
    """Rows that repeat an earlier row exactly (reported, never removed); None when not checked."""
    duplicate_keys: int = 0
    """Rows whose identifier value repeats an earlier row's (reported, never removed)."""
    stats_rows: int = 0
    """Rows the column statistics were computed on: row_count, or the first rows of a very large table
    (then distinct counts are those of that sample)."""
    encoding: dict[str, Any] | None = None
    """How a text file's bytes were read (None for other formats): `name` ('utf-8', 'cp1252'), `chosen_by`
    ('detected', 'bom', 'option'), `non_ascii_bytes` (None: not counted at load), and for a UTF-8 file
    with lines in another code page `fallback`, `fallback_lines` (how many), `first_fallback_lines`."""


@dataclass(frozen=True)
class Relation:
    """table.column references ref_table.ref_column (many-to-one)."""

    table: str
    column: str
    ref_table: str
    ref_column: str


@dataclass
class Metric:
    """A named metric: a SQL aggregate expression over one table (from cra.toml or built in)."""

    name: str
    """Lower-case phrase: "churn rate"."""
    table: str
    sql: str
    """A DuckDB aggregate expression text, e.g. "avg(churned::int)"; parsed with sqlglot, never run raw."""
    unit: str | None = None
    """"percent", "money", "count" or None, for formatting."""


@dataclass(frozen=True)
class Binding:
    """A CRM concept (catalog/concepts.yaml) found in the data: a column or a table that is that concept."""

    concept: str
    """The concept's name: "churn", "revenue", "customer"."""
    target: str
    """"table.column" for a column concept, "table" for an entity."""
    reason: str
    """Why, in a few words ("flag named like exit")."""


@dataclass
class SemanticModel:
    """Everything inferred once per load."""

    tables: dict[str, TableInfo] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    metrics: dict[str, Metric] = field(default_factory=dict)
    synonyms: dict[str, str] = field(default_factory=dict)
    """Extra phrase -> "table.column" (or "table") from cra.toml."""
    concepts: list[Binding] = field(default_factory=list)
    """CRM concepts bound to columns and tables (catalog.concepts; cra.toml [concepts] overrides)."""
    value_words: dict[str, dict[str, str | int]] = field(default_factory=dict)
    """"table.column" -> {phrase people say: stored value} ("portugal": "PRT", "women": "F")."""
    churn_target: str | None = None
    """"table.column" of the flag that means a customer left (inferred from its name, or from cra.toml)."""
    min_base: int = 30
    """Groups with fewer rows are shown but never headlined as highest or lowest (cra.toml: min_base)."""
    churn_horizon: int | None = None
    """Days ahead the churn model predicts (cra.toml: churn_horizon, --churn-horizon); None: chosen from
    the data (analytics.churn_forward.choose_horizon)."""

    def columns(self, role: Role | None = None) -> list[ColumnInfo]:
        """All columns of all tables, optionally of one role."""
        return [c for t in self.tables.values() for c in t.columns.values() if role is None or c.role == role]

    def column(self, qualified: str) -> ColumnInfo:
        table, _, name = qualified.partition(".")
        return self.tables[table].columns[name]
