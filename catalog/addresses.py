"""Postal addresses kept whole in one text column ("917 1st St, Dallas, TX 75001"): their city, state and
ZIP code become columns of their own, so "revenue by city" or "orders shipped to California" can be
answered. Only US-style addresses (street, city, two-letter state, five-digit ZIP) on nearly every row;
the columns are added to the loaded copy (never to the user's file) and the change is said."""

from __future__ import annotations

import duckdb
from sqlglot import exp

from catalog.semantic import SemanticModel
from catalog.trees import column, create_table, describe, sql, table_ref

US_ADDRESS = r"^.+,\s*([^,]+?),\s*([A-Z]{2})\s+(\d{5})(?:-\d{4})?\s*$"
"""street, city, ST 12345: the city is group 1, the state group 2, the ZIP code group 3."""
PARTS = (("City", 1), ("State", 2), ("ZIP", 3))
SHARE = 0.9
"""An address column: at least this share of its filled cells has the shape."""


def split_addresses(
    con: duckdb.DuckDBPyConnection, table: str, cities: list[tuple[str, str, str]]
) -> list[str]:
    """Add city, state and ZIP columns for each address column of `table`; one note per column split.
    Each (table, city, state) made is added to `cities` (see `label_cities`)."""
    rows = con.execute(describe(table)).fetchall()
    names = {r[0].lower() for r in rows}
    notes: list[str] = []
    for name, dtype, *_ in rows:
        if dtype != "VARCHAR" or "address" not in name.lower():
            continue
        cell = column(name)
        shaped = exp.RegexpLike(this=cell, expression=exp.Literal.string(US_ADDRESS))
        counted = exp.select(exp.func("count", cell), exp.func("count_if", shaped)).from_(table_ref(table))
        filled, matching = con.execute(sql(counted)).fetchone() or (0, 0)
        if not filled or matching < SHARE * filled:
            continue
        added = []
        parts = []
        for label, group in PARTS:
            new = label if label.lower() not in names else f"{name} {label}"
            value = exp.func(
                "nullif",
                exp.RegexpExtract(
                    this=cell, expression=exp.Literal.string(US_ADDRESS), group=exp.Literal.number(group)
                ),
                exp.Literal.string(""),
            )
            parts.append(exp.alias_(value, new, quoted=True))
            added.append(new)
            names.add(new.lower())
        widened = exp.select(exp.Star(), *parts).from_(table_ref(table))
        con.execute(create_table(table, widened, replace=True))
        notes.append(f"{table}.{name}: its {', '.join(added)} read into columns of their own")
        cities.append((table, added[0], added[1]))
    return notes


def label_cities(model: SemanticModel, cities: list[tuple[str, str, str]]) -> None:
    """A city read from an address is shown and split with its state (Portland, OR and Portland, ME are
    two cities): the state is the city's label column."""
    for table, city, state in cities:
        t = model.tables.get(table)
        if t is not None and city in t.columns and state in t.columns and not t.columns[city].name_column:
            t.columns[city].name_column = state
