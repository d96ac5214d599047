"""The transactions table (who bought, when, how much, which rows form one order) and the customers
table, decided once per catalog from the semantic model.

Name patterns are data (the tables below). The only look at the data is whether a document-number
column repeats across rows (several lines per order), asked once per catalog through `Catalog.run`.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from catalog.churn_target import find_churn_target
from catalog.entities import AMOUNT_NAMES, CUSTOMER_NAMES, is_numeric, is_time, key_column
from catalog.infer import tokens as name_tokens
from catalog.roles import looks_like_id
from catalog.semantic import ColumnInfo, Role, TableInfo
from catalog.trees import column, table_ref

if TYPE_CHECKING:
    from catalog.database import Catalog

QUANTITY_NAMES = re.compile(r"(quantity|qty|units|^count$|number_of|items)", re.I)
"""Columns holding how many items a line has."""
PRICE_NAMES = re.compile(r"(price|unit_?cost|cost_?each|rate$)", re.I)
"""Columns holding the price of one item (a line's value is quantity * price)."""
COST_NAMES = re.compile(r"(cost|cogs|expense)", re.I)
PART_NAMES = re.compile(r"(tax|vat|fee|profit|margin|commission|discount)", re.I)
"""Columns holding a part of a sale's value or what it earned (Tax Amount, Profit), never its value..."""
WHOLE_NAMES = re.compile(r"(includ|incl|gross|with)", re.I)
"""...unless named as holding it inside ("Total Including Tax")."""
"""Columns holding what the seller pays, never a sale's value while a price or an amount is there."""
TOTAL_NAMES = re.compile(r"(amount|total|revenue|sales|value|spend|paid|payment|dollar|subtotal)", re.I)
"""Columns holding a line's or an order's whole value."""
ORDER_NAMES = re.compile(
    r"^(?:[a-z0-9]{2,4}_)?(invoice|order|receipt|transaction|basket|document|bill|sale)s?_?(no|nr|num|number|id|key|code|ref)?$",
    re.I,
)
"""Columns holding a document number that groups rows into one order."""
ORDER_DATE_NAMES = re.compile(r"(order|purchase|transaction|invoice)", re.I)
"""The date of a purchase, preferred among a table's dates."""
BIRTH_NAMES = re.compile(r"(birth|\bdob\b|^dob|dob$)", re.I)
"""A date column named for a person's birth."""
TRANSACTION_TABLE_NAMES = re.compile(r"(order|transaction|purchase|invoice|sale|payment)", re.I)
"""Tables named like this come first among tables of purchases."""


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
    order_with: tuple[str, ...] = ()
    """Columns that name one order together with `order` (a receipt number reused each day at each store)."""

    @property
    def has_value(self) -> bool:
        return self.amount is not None or (self.quantity is not None and self.price is not None)

    def value(self, qualify: bool = False) -> exp.Expr | None:
        """The value of one row: the amount column, or quantity * price; None without either."""
        table = self.table if qualify else None
        if self.amount is not None:
            return column(self.amount, table)
        if self.quantity is not None and self.price is not None:
            return exp.Mul(this=column(self.quantity, table), expression=column(self.price, table))
        return None

    def orders(self, qualify: bool = False) -> exp.Expr:
        """The number of orders: distinct document numbers when rows repeat them, else rows."""
        if self.order is None:
            return exp.func("count", exp.Star())
        return exp.func("count", exp.Distinct(expressions=[self.order_key(qualify)]))

    def order_key(self, qualify: bool = False) -> exp.Expr:
        """What names one order: its number, or its number with the columns it needs (a tuple)."""
        table = self.table if qualify else None
        ref = column(self.order or "", table)
        if not self.order_with:
            return ref
        return exp.Tuple(expressions=[ref, *(column(c, table) for c in self.order_with)])

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
        if self.order and self.order_with:
            return f"distinct ({', '.join((self.order, *self.order_with))}) combinations"
        return f"distinct {self.order} values" if self.order else f"rows of {self.table}"


def _money_score(col: ColumnInfo) -> tuple[int, int]:
    return (col.unit != "money", not AMOUNT_NAMES.search(col.name))


def _repeats(catalog: Catalog, table: TableInfo, name: str) -> bool:
    """Whether a column's values repeat across rows (fewer distinct values than rows)."""
    query = exp.select(exp.func("count", exp.Distinct(expressions=[column(name)]))).from_(
        table_ref(table.name)
    )
    rows = catalog.run(query, limit=1).rows
    return bool(rows) and int(rows[0][0]) < table.row_count


def _order_column(catalog: Catalog, table: TableInfo, skip: set[str]) -> str | None:
    """A document-number column whose values repeat across rows (several lines per order)."""
    for col in table.columns.values():
        if col.name in skip or is_time(col) or col.dtype.upper().startswith(("DOUBLE", "FLOAT", "DECIMAL")):
            continue
        spelled = "_".join(name_tokens(col.name))  # "Order ID", "Invoice #", "OrderNo" -> order_id, ...
        if ORDER_NAMES.match(spelled) and _repeats(catalog, table, col.name):
            return col.name
    return None


def _has_priced_lines(catalog: Catalog, table: TableInfo) -> bool:
    """Whether another table's rows point at this one's and carry money of their own (orders and their
    order_items): then this table's price is what the whole order came to, never a price per unit."""
    lines = {r.table for r in catalog.model.relations if r.ref_table == table.name and r.table != table.name}
    return any(
        is_numeric(c) and AMOUNT_NAMES.search(c.name)
        for t in lines
        for c in catalog.model.tables[t].columns.values()
    )


def _value_columns(
    table: TableInfo, skip: set[str], header: bool = False
) -> tuple[str | None, str | None, str | None, bool]:
    """(amount, quantity, price, is money): a total column, else quantity and unit price columns (never on
    a header whose lines are priced: its price is the total)."""
    # an identifier or a reference (sales_outlet_id, a "sales" word in a store's number) holds no value
    numeric = [
        c
        for c in table.columns.values()
        if is_numeric(c)
        and c.name not in skip
        and c.role not in (Role.IDENTIFIER, Role.FOREIGN_KEY)
        and not looks_like_id(c.name)
    ]
    amounts = [c for c in numeric if c.role == Role.MEASURE or AMOUNT_NAMES.search(c.name)]
    amounts.sort(key=_money_score)
    money = [c for c in amounts if _money_score(c) != (True, True)]
    # what the seller pays (ProductCost copied from a price list, Unit Cost) is never the sale's value
    # while a price or an amount is there
    costs = [c for c in money if COST_NAMES.search(c.name)]
    if len(costs) < len(money):
        money = [c for c in money if c not in costs]
    parts = [c for c in money if PART_NAMES.search(c.name) and not WHOLE_NAMES.search(c.name)]
    if len(parts) < len(money):
        money = [c for c in money if c not in parts]
    totals = [c for c in money if TOTAL_NAMES.search(c.name) or not PRICE_NAMES.search(c.name)]
    prices = [c for c in money if c not in totals]
    quantities = [c for c in numeric if QUANTITY_NAMES.search(c.name) and c not in money]
    if not totals and prices and quantities and not header:
        price = prices[0]
        is_money = price.unit == "money" or bool(PRICE_NAMES.search(price.name))
        return None, quantities[0].name, price.name, is_money
    if money:
        best = (totals or money)[0]
        return best.name, None, None, best.unit == "money" or bool(AMOUNT_NAMES.search(best.name))
    return None, None, None, False


def find_transactions(catalog: Catalog) -> Transactions | None:
    """A table with a customer reference, a date and (ideally) a value; orders before tickets. Decided
    once per catalog."""
    cache = _TX_CACHE.get(catalog)
    if cache is not None:
        return cache[0]
    best: tuple[tuple[int, ...], Transactions] | None = None
    births = {b.target for b in getattr(catalog.model, "concepts", ()) if b.concept == "birth"}
    for table in catalog.model.tables.values():
        # a date of birth (or an account's opening) is when a person began, never a purchase
        dates = [
            c
            for c in table.columns.values()
            if is_time(c) and f"{table.name}.{c.name}" not in births and not BIRTH_NAMES.search(c.name)
        ]
        own_key = key_column(table)
        if not dates or (own_key and CUSTOMER_NAMES.search(table.name)):
            continue  # (the customers themselves, one row each, are no record of purchases)
        refs = [c for c in table.columns.values() if c.role == Role.FOREIGN_KEY and c.name != own_key]
        refs += [
            c
            for c in table.columns.values()
            if c not in refs and c.name != own_key and CUSTOMER_NAMES.search(c.name) and looks_like_id(c.name)
        ]
        refs.sort(key=lambda c: not CUSTOMER_NAMES.search(c.name))
        # whose the records are: a reference named for customers, or to a table of them; an order's own
        # number on its lines (ORDERNUMBER) or a quarter's id (QTR_ID) is never a customer
        refs = [
            c
            for c in refs
            if CUSTOMER_NAMES.search(c.name)
            or _to_customers(catalog, c)
            or not (_names_document_or_period(c) or _to_other_table(c))
        ]
        if not refs:
            continue
        skip = {n for n in (own_key, refs[0].name) if n}
        amount, quantity, price, money = _value_columns(table, skip, _has_priced_lines(catalog, table))
        date = sorted(dates, key=lambda c: not ORDER_DATE_NAMES.search(c.name))[0]
        name_score = 0 if TRANSACTION_TABLE_NAMES.search(table.name) else 1
        has_value = amount is not None or price is not None
        score = (0 if has_value else 1, name_score, -table.row_count)
        if best is None or score < best[0]:
            order = _order_column(catalog, table, skip | {date.name})
            parts = table.columns[order].document_with if order else ()
            found = Transactions(
                table.name, refs[0].name, date.name, amount, quantity, price, order, money, parts
            )
            best = (score, found)
    result = best[1] if best else None
    _TX_CACHE[catalog] = (result,)
    return result


_TX_CACHE: weakref.WeakKeyDictionary[Any, tuple[Transactions | None]] = weakref.WeakKeyDictionary()


DOCUMENT_WORDS = frozenset({"order", "invoice", "receipt", "basket", "booking", "shipment", "quote"})
PERIOD_WORDS = frozenset({"qtr", "quarter", "month", "year", "week", "day", "period"})


def _names_document_or_period(c: ColumnInfo) -> bool:
    """A reference named for a document with lines ("order number") or a period ("QTR_ID"): never whose."""
    said = {w for n in (c.words, *c.synonyms, c.name) if n for w in str(n).lower().replace("_", " ").split()}
    return bool(said & (DOCUMENT_WORDS | PERIOD_WORDS))


def _to_other_table(c: ColumnInfo) -> bool:
    """A reference to a table of something else (an order line's product_id -> products): never whose the
    records are (a reference to customers is read first)."""
    return bool(c.references)


def _to_customers(catalog: Catalog, c: ColumnInfo) -> bool:
    """Whether a reference points at a table named for customers (or bound to the customer concept)."""
    target = c.references[0] if c.references else None
    if target is None:
        return False
    bound = {b.target for b in getattr(catalog.model, "concepts", ()) if b.concept == "customer"}
    return bool(CUSTOMER_NAMES.search(target)) or target in bound


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
    with_key = [t for t in others if key_column(t)]
    return with_key[0] if with_key else None
