"""The entities of a CRM the model settles: a table's key, its contact columns, its dates, the joins.

Read from the semantic model (roles, relations, statistics), never from the data. Name patterns are
data (the tables below), not if/else chains.
"""

from __future__ import annotations

import re

from catalog.inflect import singularize
from catalog.roles import is_numeric_type, is_time_type, looks_like_id
from catalog.semantic import ColumnInfo, Role, SemanticModel, TableInfo

CUSTOMER_NAMES = re.compile(r"(customer|client|account|user|member|subscriber|buyer)", re.I)
"""Tables and references named like this are about customers."""
AMOUNT_NAMES = re.compile(
    r"(amount|revenue|total|price|value|sales|spend|paid|payment|dollar|charge|cost)", re.I
)
DATE_NAMES = re.compile(r"(date|time|_at$|_on$|day|timestamp)", re.I)
SIGNUP_NAMES = re.compile(r"(signup|sign_up|join|start|created|registered|since|acquired|first)", re.I)
"""Dates a customer's life starts at."""
CONTACT_NAMES = re.compile(r"(name|e_?mail|phone|mobile|company|organi[sz]ation|contact)", re.I)
"""Columns a customer-success manager needs to reach a customer (shown beside ids in at-risk lists)."""
MAX_CONTACTS = 4
"""Contact columns shown at most."""


def is_numeric(col: ColumnInfo) -> bool:
    return is_numeric_type(col.dtype)


def is_time(col: ColumnInfo) -> bool:
    return col.role == Role.TIME or is_time_type(col.dtype)


def is_identifier(table: TableInfo, col: ColumnInfo) -> bool:
    """The table's own key: by role, TableInfo.key, or an id-like name with unique values (the model's
    distinct count)."""
    if col.role == Role.IDENTIFIER or table.key == col.name:
        return True
    if col.role in (Role.FOREIGN_KEY, Role.TIME, Role.FLAG) or not looks_like_id(col.name):
        return False
    return col.distinct_count == table.row_count and table.row_count > 1


def key_column(table: TableInfo) -> str | None:
    """The identifier column of a table, if one is found."""
    if table.key:
        return table.key
    ids = [c for c in table.columns.values() if is_identifier(table, c)]
    ids.sort(key=lambda c: (not CUSTOMER_NAMES.search(c.name), list(table.columns).index(c.name)))
    return ids[0].name if ids else None


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


def link(model: SemanticModel, table: str, other: str) -> tuple[str, str] | None:
    """(column of `table`, column of `other`) that join them many-to-one, from relations or names."""
    if table == other:
        return None
    for rel in model.relations:
        if rel.table == table and rel.ref_table == other:
            return rel.column, rel.ref_column
    info, other_info = model.tables.get(table), model.tables.get(other)
    if info is None or other_info is None:
        return None
    ref_key = key_column(other_info)
    if ref_key is None:
        return None
    singular = (other_info.entity_singular or singularize(other)).lower()
    for col in info.columns.values():
        if col.references == (other, ref_key):
            return col.name, ref_key
    names = (f"{singular}_id", f"{singular}id", f"{other.lower()}_id", f"{singular}_{ref_key.lower()}")
    for col in info.columns.values():
        name = col.name.lower()
        if name in names or (name == ref_key.lower() and col.name != key_column(info)):
            return col.name, ref_key
    return None
