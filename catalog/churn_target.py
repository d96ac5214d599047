"""The churn target: which flag means a customer left, decided once per load (`decide`).

`decide` runs at the end of `Catalog.load` and again after a cra.toml (whose `churn` or "churn rate"
metric wins); it stores "table.column" in `SemanticModel.churn_target`. `find_churn_target` turns that
into a `ChurnTarget` (which stored values mean churned) from the model alone: the chat, the report,
the as-of cut and the profile all read the same column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlglot import exp

from catalog.entities import is_time
from catalog.infer import tokens as name_tokens
from catalog.roles import CHURN_VALUES, is_numeric_type
from catalog.semantic import ColumnInfo, Role, SemanticModel, TableInfo
from catalog.trees import column

if TYPE_CHECKING:
    from catalog.database import Catalog

CHURN_WORDS = ("churn", "churned", "attrition", "exited", "cancelled", "canceled", "lapsed", "left")
"""A flag with a name token like this is the churn target."""
CHURN_NAMES = re.compile(
    r"^(is_?)?(churn(ed)?|attrition(_flag)?|left|cancell?ed|exited|status|churn_?flag)$"
    r"|^(membership|member|customer|client|account|subscription|subscriber|contract|policy|user)_?status$",
    re.I,
)
"""Other column names that can hold the churn target (when their values say churned / active): a status of
the relationship itself (MEMBERSHIP_STATUS 'INFORCE' / 'CANCELLED'), never of an order or a ticket."""
LEAKAGE_NAMES = re.compile(
    r"(churn|cancel|attrition|exit|termination|terminated|end_?date|closed|leave|left_?on|reason)", re.I
)
"""Columns recorded at or after churn: never model features."""
CHURN_DATE_NAMES = re.compile(
    r"(churn|cancel|end|terminat|exit|closed|left).*(date|_at|_on|time)$|^(churn|cancel)", re.I
)
"""Names of the date a churn flag became true."""
MAX_TARGET_VALUES = 10
"""A text column with more distinct values is no churn flag."""


@dataclass(frozen=True)
class ChurnTarget:
    """Where the churn flag lives and how to turn it into a boolean."""

    table: str
    column: str
    true_values: tuple[str, ...]
    """Lower-case stored values meaning churned (empty for BOOLEAN columns)."""
    numeric: bool = False
    """A number column (0/1, often stored as 0.0/1.0): compared as numbers, never as text ("1.0" != "1")."""
    dated: bool = False
    """A leaving date (churn_date, cancel_date) blank while the customer stays: churned where it is set."""

    def condition(self) -> exp.Expr:
        """A sqlglot boolean expression: the row's customer churned."""
        if self.dated:
            return exp.Not(this=column(self.column).is_(exp.null()))
        if not self.true_values:
            return exp.func("coalesce", column(self.column), exp.false())
        if self.numeric:
            numbers = [exp.Literal.number(float(v)) for v in self.true_values]
            return exp.func("coalesce", exp.In(this=column(self.column), expressions=numbers), exp.false())
        values = [exp.Literal.string(v) for v in self.true_values]
        lowered = exp.func("lower", exp.cast(column(self.column), "VARCHAR"))
        return exp.func("coalesce", exp.In(this=lowered, expressions=values), exp.false())

    @property
    def words(self) -> str:
        return self.column


def target_of(table: TableInfo, col: ColumnInfo) -> ChurnTarget | None:
    """The column as a churn flag, from the model's statistics: BOOLEAN, a flag, a 0/1 number, text
    with 2-10 values some of which mean churned (not all), or a leaving date blank on some rows."""
    if _leaving_date(table, col):
        return ChurnTarget(table.name, col.name, (), dated=True)
    if col.dtype.upper() == "BOOLEAN":
        return ChurnTarget(table.name, col.name, ())
    if col.values:
        values = {str(v).strip().lower() for v in col.values}
    elif col.distinct_count == 2 and col.minimum == 0 and col.maximum == 1:
        values = {"0", "1"}
    else:
        return None
    if not 2 <= len(values) <= MAX_TARGET_VALUES:
        return None
    numeric = is_numeric_type(col.dtype)
    if numeric:  # 0.0/1.0 read as the numbers they are
        values = {_number_text(v) for v in values}
    if col.flag_true is not None and len(values) == 2:
        true = _number_text(col.flag_true) if numeric else str(col.flag_true).lower()
        return ChurnTarget(table.name, col.name, (true,), numeric)
    true_values = tuple(v for v in CHURN_VALUES if v in values)
    if not true_values or len(true_values) == len(values):
        return None
    return ChurnTarget(table.name, col.name, true_values, numeric)


def _number_text(value: object) -> str:
    """A stored number as text without a needless decimal part: 1.0 -> "1"."""
    try:
        number = float(str(value))
    except ValueError:
        return str(value).strip().lower()
    return str(int(number)) if number.is_integer() else str(number)


def _named_like_churn(col: ColumnInfo) -> bool:
    is_flag = col.role == Role.FLAG or col.flag_true is not None
    return bool(CHURN_NAMES.match(col.name)) or (
        is_flag and any(t in CHURN_WORDS for t in name_tokens(col.name))
    )


def decide(model: SemanticModel) -> str | None:
    """ "table.column" of the churn flag: the one a "churn rate" metric counts, else a flag or a
    few-valued column named like churn (flags first, a generic `status` last); None without one."""
    metric = model.metrics.get("churn rate")
    if metric is not None and metric.table in model.tables:
        table = model.tables[metric.table]
        for col in table.columns.values():
            if re.search(rf"\b{re.escape(col.name)}\b", metric.sql) and target_of(table, col):
                return col.qualified
    candidates = [
        (t, c)
        for t in model.tables.values()
        for c in t.columns.values()
        if _named_like_churn(c) and not is_time(c)
    ]
    candidates.sort(key=lambda tc: (tc[1].role != Role.FLAG, tc[1].name.lower() == "status"))
    for table, col in candidates:
        if target_of(table, col):
            return col.qualified
    dated = [c for t in model.tables.values() for c in t.columns.values() if _leaving_date(t, c)]
    return dated[0].qualified if len(dated) == 1 else None  # megaline's users.churn_date


LEAVING_DATE = re.compile(r"^(churn|cancel|terminat|exit)\w*(date|_at|_on|day)$", re.I)
"""A date named for leaving (churn_date, cancellation_date, terminated_at): blank while the customer stays."""
FILLED_SHARE = (0.01, 0.99)
"""A leaving date filled on fewer or more of the rows than this says nothing about who left."""


def _leaving_date(table: TableInfo, col: ColumnInfo) -> bool:
    """A date column named for leaving, filled on some rows and blank on the others, in a table whose
    rows are not the leaving events themselves (no other date of churn beside it)."""
    if not is_time(col) or not LEAVING_DATE.match(col.name.replace(" ", "_")) or not table.row_count:
        return False
    filled = (table.row_count - col.null_count) / table.row_count
    return FILLED_SHARE[0] <= filled <= FILLED_SHARE[1]


def find_churn_target(catalog: Catalog, target: str | None = None) -> ChurnTarget | None:
    """The churn flag the model settled (`SemanticModel.churn_target`), or an explicit "table.column"
    or column name."""
    model = catalog.model
    target = target or model.churn_target
    if not target:
        return None
    table_name, _, name = target.rpartition(".")
    for table in model.tables.values():
        if (not table_name or table.name == table_name) and name in table.columns:
            return target_of(table, table.columns[name])
    return None
