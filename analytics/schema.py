"""Find what analytics needs in the semantic model: customers, churn flag, transactions, dates.

Each finder uses the inferred roles first and falls back to column names and types, so it keeps working
while role inference improves. Name patterns are data (the tables below), not if/else chains.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from catalog.infer import tokens as name_tokens
from catalog.inflect import singularize
from catalog.roles import is_numeric_type, is_time_type, looks_like_id
from catalog.semantic import ColumnInfo, Role, TableInfo
from catalog.trees import table_ref

if TYPE_CHECKING:
    from catalog import Catalog

CHURN_NAMES = re.compile(
    r"^(is_?)?(churn(ed)?|attrition(_flag)?|left|cancell?ed|exited|status|churn_?flag)$", re.I
)
"""Column names that can hold the churn target."""
CHURN_VALUES = (
    "yes",
    "true",
    "1",
    "y",
    "t",
    "churned",
    "cancelled",
    "canceled",
    "left",
    "lost",
    "inactive",
    "closed",
    "attrited customer",
    "attrited",
    "exited",
)
"""Stored values (lower-case) that mean "this customer churned"."""
NOT_CHURN_VALUES = (
    "no",
    "false",
    "0",
    "n",
    "f",
    "active",
    "existing customer",
    "current",
    "open",
    "retained",
)
LEAKAGE_NAMES = re.compile(
    r"(churn|cancel|attrition|exit|termination|terminated|end_?date|closed|leave|left_?on|reason)", re.I
)
"""Columns recorded at or after churn: never model features."""
CHURN_DATE_NAMES = re.compile(
    r"(churn|cancel|end|terminat|exit|closed|left).*(date|_at|_on|time)$|"
    r"^(churn|cancel)",
    re.I,
)
SIGNUP_NAMES = re.compile(r"(signup|sign_up|join|start|created|registered|since|acquired|first)", re.I)
CUSTOMER_NAMES = re.compile(r"(customer|client|account|user|member|subscriber|buyer)", re.I)
AMOUNT_NAMES = re.compile(
    r"(amount|revenue|total|price|value|sales|spend|paid|payment|dollar|charge|cost)", re.I
)
DATE_NAMES = re.compile(r"(date|time|_at$|_on$|day|timestamp)", re.I)
CONTACT_NAMES = re.compile(r"(name|e_?mail|phone|mobile|company|organi[sz]ation|contact)", re.I)
"""Columns a customer-success manager needs to reach a customer (shown beside ids in at-risk lists)."""
MAX_CONTACTS = 4
"""Contact columns shown at most."""


def is_numeric(col: ColumnInfo) -> bool:
    return is_numeric_type(col.dtype)


def is_time(col: ColumnInfo) -> bool:
    return col.role == Role.TIME or is_time_type(col.dtype)


def quote(name: str) -> exp.Column:
    """A quoted column reference."""
    return exp.column(exp.to_identifier(name, quoted=True))


def is_identifier(catalog: Catalog, table: TableInfo, col: ColumnInfo) -> bool:
    """The table's own key: by role, TableInfo.key, or an id-like name with unique values (the model's
    distinct count)."""
    if col.role == Role.IDENTIFIER or table.key == col.name:
        return True
    if col.role in (Role.FOREIGN_KEY, Role.TIME, Role.FLAG) or not looks_like_id(col.name):
        return False
    return col.distinct_count == table.row_count and table.row_count > 1


def fetch_one(catalog: Catalog, query: exp.Expr) -> tuple[Any, ...]:
    """The first row of a query (DuckDB aggregates always return one)."""
    rows = catalog.run(query, limit=1).rows
    if not rows:
        raise LookupError("the query returned no row")
    return rows[0]


def distinct_count(catalog: Catalog, table: str, column: str) -> int:
    q = exp.select(exp.func("count", exp.Distinct(expressions=[quote(column)]))).from_(table_ref(table))
    return int(fetch_one(catalog, q)[0])


def key_column(catalog: Catalog, table: TableInfo) -> str | None:
    """The identifier column of a table, if one is found."""
    if table.key:
        return table.key
    ids = [c for c in table.columns.values() if is_identifier(catalog, table, c)]
    ids.sort(key=lambda c: (not CUSTOMER_NAMES.search(c.name), list(table.columns).index(c.name)))
    return ids[0].name if ids else None


def _distinct_lower(catalog: Catalog, table: str, column: str, limit: int = 12) -> list[str]:
    q = (
        exp.select(exp.func("lower", exp.cast(quote(column), "VARCHAR")).as_("v"))
        .distinct()
        .from_(table_ref(table))
        .where(quote(column).is_(exp.null()).not_())
        .limit(limit + 1)
    )
    return [r[0] for r in catalog.run(q).rows]


@dataclass(frozen=True)
class ChurnTarget:
    """Where the churn flag lives and how to turn it into a boolean."""

    table: str
    column: str
    true_values: tuple[str, ...]
    """Lower-case stored values meaning churned (empty for BOOLEAN columns)."""

    def condition(self) -> exp.Expr:
        """A sqlglot boolean expression: the row's customer churned."""
        if not self.true_values:
            return exp.func("coalesce", quote(self.column), exp.false())
        values = [exp.Literal.string(v) for v in self.true_values]
        lowered = exp.func("lower", exp.cast(quote(self.column), "VARCHAR"))
        return exp.func("coalesce", exp.In(this=lowered, expressions=values), exp.false())

    @property
    def words(self) -> str:
        return self.column


def _target_from_column(catalog: Catalog, table: TableInfo, col: ColumnInfo) -> ChurnTarget | None:
    if col.dtype.upper() == "BOOLEAN":
        return ChurnTarget(table.name, col.name, ())
    values = _distinct_lower(catalog, table.name, col.name)
    if not 2 <= len(values) <= 10:
        return None
    if col.flag_true is not None and len(values) == 2:
        return ChurnTarget(table.name, col.name, (str(col.flag_true).lower(),))
    true_values = tuple(v for v in values if v in CHURN_VALUES)
    if not true_values or len(true_values) == len(values):
        return None
    return ChurnTarget(table.name, col.name, true_values)


def find_churn_target(catalog: Catalog, target: str | None = None) -> ChurnTarget | None:
    """The churn flag: an explicit "table.column" or column, the configured one (cra.toml `churn`), a
    "churn rate" metric, or a churn-like name."""
    model = catalog.model
    target = target or getattr(model, "churn_target", None)
    if target:
        table_name, _, column = target.rpartition(".")
        for table in model.tables.values():
            if (not table_name or table.name == table_name) and column in table.columns:
                return _target_from_column(catalog, table, table.columns[column])
        return None
    metric = model.metrics.get("churn rate")
    if metric is not None:
        for col in model.tables.get(metric.table, TableInfo("", "", "", 0)).columns.values():
            if re.search(rf"\b{re.escape(col.name)}\b", metric.sql):
                found = _target_from_column(catalog, model.tables[metric.table], col)
                if found:
                    return found
    candidates = [
        (t, c)
        for t in model.tables.values()
        for c in t.columns.values()
        if CHURN_NAMES.match(c.name) and not is_time(c)
    ]
    candidates.sort(key=lambda tc: (tc[1].role != Role.FLAG, tc[1].name.lower() == "status"))
    for table, col in candidates:
        found = _target_from_column(catalog, table, col)
        if found:
            return found
    return None


@dataclass(frozen=True)
class Transactions:
    """A table of purchases: who, when and (optionally) how much, and which rows form one order."""

    table: str
    customer: str
    date: str
    amount: str | None
    """The column holding each row's value (a line or order total), if one exists."""
    quantity: str | None = None
    price: str | None = None
    """Invoice lines without a total: the value of a row is quantity * price."""
    order: str | None = None
    """A document number (InvoiceNo, order_id) that several rows share: one order is one distinct value."""
    money: bool = False
    """Whether the value is money (formatted with a currency symbol)."""

    @property
    def has_value(self) -> bool:
        return self.amount is not None or (self.quantity is not None and self.price is not None)

    def value(self, qualify: bool = False) -> exp.Expr | None:
        """The value of one row: the amount column, or quantity * price; None without either."""

        def col(name: str) -> exp.Column:
            return exp.column(
                exp.to_identifier(name, quoted=True),
                table=exp.to_identifier(self.table, quoted=True) if qualify else None,
            )

        if self.amount is not None:
            return col(self.amount)
        if self.quantity is not None and self.price is not None:
            return exp.Mul(this=col(self.quantity), expression=col(self.price))
        return None

    def orders(self, qualify: bool = False) -> exp.Expr:
        """The number of orders: distinct document numbers when rows repeat them, else rows."""
        if self.order is None:
            return exp.func("count", exp.Star())
        column = exp.column(
            exp.to_identifier(self.order, quoted=True),
            table=exp.to_identifier(self.table, quoted=True) if qualify else None,
        )
        return exp.func("count", exp.Distinct(expressions=[column]))

    @property
    def value_words(self) -> str:
        """The value in words for interpretations: "amount" or "Quantity x UnitPrice"."""
        if self.amount is not None:
            return f"{self.table}.{self.amount}"
        if self.quantity is not None and self.price is not None:
            return f"{self.table}.{self.quantity} x {self.price}"
        return "count of purchases"

    @property
    def order_words(self) -> str:
        return f"distinct {self.order} values" if self.order else f"rows of {self.table}"


QUANTITY_NAMES = re.compile(r"(quantity|qty|units|^count$|number_of|items)", re.I)
"""Columns holding how many items a line has."""
PRICE_NAMES = re.compile(r"(price|unit_?cost|cost_?each|rate$)", re.I)
"""Columns holding the price of one item (a line's value is quantity * price)."""
TOTAL_NAMES = re.compile(r"(amount|total|revenue|sales|value|spend|paid|payment|dollar|subtotal)", re.I)
"""Columns holding a line's or an order's whole value."""
ORDER_NAMES = re.compile(
    r"^(invoice|order|receipt|transaction|basket|document|bill|sale)s?_?(no|nr|num|number|id|key|code|ref)?$",
    re.I,
)
"""Columns holding a document number that groups rows into one order."""


def _money_score(col: ColumnInfo) -> tuple[int, int]:
    return (col.unit != "money", not AMOUNT_NAMES.search(col.name))


def _order_column(catalog: Catalog, table: TableInfo, skip: set[str]) -> str | None:
    """A document-number column whose values repeat across rows (several lines per order)."""
    for col in table.columns.values():
        if col.name in skip or is_time(col) or col.dtype.upper().startswith(("DOUBLE", "FLOAT", "DECIMAL")):
            continue
        spelled = "_".join(name_tokens(col.name))  # "Order ID", "Invoice #", "OrderNo" -> order_id, ...
        if ORDER_NAMES.match(spelled) and distinct_count(catalog, table.name, col.name) < table.row_count:
            return col.name
    return None


def _value_columns(table: TableInfo, skip: set[str]) -> tuple[str | None, str | None, str | None, bool]:
    """(amount, quantity, price, is money): a total column, else quantity and unit price columns."""
    numeric = [c for c in table.columns.values() if is_numeric(c) and c.name not in skip]
    amounts = [c for c in numeric if c.role == Role.MEASURE or AMOUNT_NAMES.search(c.name)]
    amounts.sort(key=_money_score)
    money = [c for c in amounts if _money_score(c) != (True, True)]
    totals = [c for c in money if TOTAL_NAMES.search(c.name) or not PRICE_NAMES.search(c.name)]
    prices = [c for c in money if c not in totals]
    quantities = [c for c in numeric if QUANTITY_NAMES.search(c.name) and c not in money]
    if not totals and prices and quantities:
        price = prices[0]
        return (
            None,
            quantities[0].name,
            price.name,
            price.unit == "money" or bool(PRICE_NAMES.search(price.name)),
        )
    if money:
        best = (totals or money)[0]
        return best.name, None, None, best.unit == "money" or bool(AMOUNT_NAMES.search(best.name))
    return None, None, None, False


def find_transactions(catalog: Catalog) -> Transactions | None:
    """A table with a customer reference, a date and (ideally) a value; orders before tickets."""
    cache = _TX_CACHE.get(catalog)
    if cache is not None:
        return cache[0]
    best: tuple[tuple[int, ...], Transactions] | None = None
    for table in catalog.model.tables.values():
        dates = [c for c in table.columns.values() if is_time(c)]
        if not dates:
            continue
        own_key = key_column(catalog, table)
        refs = [c for c in table.columns.values() if c.role == Role.FOREIGN_KEY and c.name != own_key]
        refs += [
            c
            for c in table.columns.values()
            if c not in refs and c.name != own_key and CUSTOMER_NAMES.search(c.name) and looks_like_id(c.name)
        ]
        refs.sort(key=lambda c: not CUSTOMER_NAMES.search(c.name))
        if not refs:
            continue
        skip = {n for n in (own_key, refs[0].name) if n}
        amount, quantity, price, money = _value_columns(table, skip)
        date = sorted(
            dates, key=lambda c: not re.search(r"(order|purchase|transaction|invoice)", c.name, re.I)
        )[0]
        name_score = (
            0 if re.search(r"(order|transaction|purchase|invoice|sale|payment)", table.name, re.I) else 1
        )
        has_value = amount is not None or price is not None
        score = (0 if has_value else 1, name_score, -table.row_count)
        if best is None or score < best[0]:
            order = _order_column(catalog, table, skip | {date.name})
            found = Transactions(table.name, refs[0].name, date.name, amount, quantity, price, order, money)
            best = (score, found)
    result = best[1] if best else None
    _TX_CACHE[catalog] = (result,)
    return result


_TX_CACHE: weakref.WeakKeyDictionary[Any, tuple[Transactions | None]] = weakref.WeakKeyDictionary()


def find_customers_table(catalog: Catalog) -> TableInfo | None:
    """The table with one row per customer: named like customers, or holding the churn flag."""
    tables = list(catalog.model.tables.values())
    named = [t for t in tables if CUSTOMER_NAMES.search(t.name) or CUSTOMER_NAMES.search(t.entity)]
    if named:
        return sorted(named, key=lambda t: (not re.search("customer", t.name, re.I), -t.row_count))[0]
    target = find_churn_target(catalog)
    if target:
        return catalog.model.tables[target.table]
    tx = find_transactions(catalog)
    others = [t for t in tables if tx is None or t.name != tx.table]
    with_key = [t for t in others if key_column(catalog, t)]
    return with_key[0] if with_key else None


def contact_columns(table: TableInfo) -> list[str]:
    """Name, email, phone and company columns of a table: named like CONTACT_NAMES, and either a contact
    detail (role OTHER) or, in a small table where they count as categories, one value per row."""
    found = [
        c.name
        for c in table.columns.values()
        if c.name != table.key
        and CONTACT_NAMES.search(c.name)
        and (c.role == Role.OTHER or (c.role == Role.DIMENSION and c.distinct_count == table.row_count))
    ]
    return found[:MAX_CONTACTS]


def find_time(table: TableInfo, pattern: re.Pattern[str]) -> str | None:
    """The first date/time column whose name matches a pattern."""
    for col in table.columns.values():
        if is_time(col) and pattern.search(col.name):
            return col.name
    return None


def link(catalog: Catalog, table: str, other: str) -> tuple[str, str] | None:
    """(column of `table`, column of `other`) that join them many-to-one, from relations or names."""
    if table == other:
        return None
    for rel in catalog.model.relations:
        if rel.table == table and rel.ref_table == other:
            return rel.column, rel.ref_column
    info, other_info = catalog.model.tables.get(table), catalog.model.tables.get(other)
    if info is None or other_info is None:
        return None
    ref_key = key_column(catalog, other_info)
    if ref_key is None:
        return None
    singular = (other_info.entity_singular or singularize(other)).lower()
    for col in info.columns.values():
        if col.references == (other, ref_key):
            return col.name, ref_key
    for col in info.columns.values():
        name = col.name.lower()
        if name in (
            f"{singular}_id",
            f"{singular}id",
            f"{other.lower()}_id",
            f"{singular}_{ref_key.lower()}",
        ) or (name == ref_key.lower() and col.name != key_column(catalog, info)):
            return col.name, ref_key
    return None


def restrict_to(
    catalog: Catalog, table: str, filter_table: str | None, where: exp.Expr | None
) -> exp.Expr | None:
    """A condition on `table` keeping rows whose entity passes `where` over `filter_table`.

    Same table: `where` itself. Another table: `table.column IN (SELECT column FROM filter_table WHERE ...)`
    through a join found by `link` in either direction (orders -> customers or customers -> orders). None when there is no filter; LookupError when no join exists.
    """
    if where is None:
        return None
    if filter_table in (None, table):
        return where
    joined = link(catalog, table, filter_table)
    if joined is not None:  # many-to-one: orders.customer_id IN (SELECT id FROM customers WHERE ...)
        own, other = joined
    else:  # one-to-many: customers.id IN (SELECT customer_id FROM orders WHERE ...)
        back = link(catalog, filter_table, table)
        if back is None:
            raise LookupError(f"cannot relate {table} to {filter_table} to apply the filter")
        other, own = back
    sub = (
        exp.select(quote(other))
        .from_(table_ref(filter_table))
        .where(where)
        .where(quote(other).is_(exp.null()).not_())
    )
    column = exp.column(exp.to_identifier(own, quoted=True), table=exp.to_identifier(table, quoted=True))
    return column.isin(query=sub)


_DATA_KEYS: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


def data_key(catalog: Catalog) -> str:
    """`catalog.fingerprint()` (names, types, row counts, the as-of cut) plus the loaded content: the
    catalog's `content_key` (every input file's SHA-256) when known, else a hash of every row (seconds
    on ten million rows), once per catalog.

    Either keeps a cached model from answering for edited data of the same shape.
    """
    if catalog in _DATA_KEYS:
        return _DATA_KEYS[catalog]
    fp = getattr(catalog, "fingerprint", None)
    parts = [fp() if callable(fp) else str(id(catalog))]
    content = getattr(catalog, "content_key", None)
    if isinstance(content, str) and content:
        key = _DATA_KEYS[catalog] = ":".join([*parts, f"content {content}"])
        return key
    for name in sorted(catalog.model.tables):
        alias = exp.to_identifier("t")
        query = exp.select(exp.func("sum", exp.func("hash", exp.column(alias)))).from_(
            exp.alias_(table_ref(name), alias, table=True)
        )
        parts.append(str(fetch_one(catalog, query)[0]))
    key = _DATA_KEYS[catalog] = ":".join(parts)
    return key
