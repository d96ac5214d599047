"""Line items priced by a price list: order lines holding a quantity and a key to a menu or catalogue
whose rows hold the one price (pizza order_details: quantity, pizza_id -> pizzas.price), and no money of
their own. Each line is given its item's listed price (a looked-up column beside the line's own), so that
what was sold is quantity x price like any priced line (one change line says so); a listed cost beside
the price is copied too, so that profit is quantity x (price - cost). A line table with a
price or an amount of its own keeps it: the price paid on the day is never replaced by a list price.
"""

from __future__ import annotations

import duckdb
from sqlglot import exp

from catalog.semantic import UNDONE_WORDS, ColumnInfo, Role, SemanticModel, TableInfo
from catalog.trees import create_table, table_ref

QUANTITY_WORDS = frozenset({"quantity", "qty", "units", "quantities"})
STOCK_WORDS = frozenset({"stock", "inventory", "reorder", "hand"})


def _words(c: ColumnInfo) -> set[str]:
    return set((c.words or c.name).lower().replace("_", " ").split())


def _price(c: ColumnInfo) -> bool:
    return c.role == Role.MEASURE and c.unit == "money" and "price" in _words(c)


def _cost(c: ColumnInfo) -> bool:
    return c.role == Role.MEASURE and c.unit == "money" and "cost" in _words(c) and "price" not in _words(c)


def _dated(model: SemanticModel, t: TableInfo) -> bool:
    """Lines of something that happened: a date of their own or one of a record they point at (an
    order); a store's stock levels (store, product, quantity) are no sales and get no price."""
    if set(t.name.lower().replace("_", " ").split()) & (STOCK_WORDS | {w + "s" for w in STOCK_WORDS}):
        return False
    pointed = [
        model.tables[r.ref_table] for r in model.relations if r.table == t.name and r.ref_table != t.name
    ]
    return any(c.role == Role.TIME for u in (t, *pointed) for c in u.columns.values())


LOOKED_UP = "looked up from"
"""The start of a copied column's `reason` (nlq.schema reads it: such a column is never named)."""


def mark_looked_up(model: SemanticModel, copied: list[tuple[str, str, str]]) -> None:
    """Say of each copied column (table, column, source) where it came from, in its `reason`."""
    for table, name, source in copied:
        model.tables[table].columns[name].reason = f"{LOOKED_UP} {source}"


def add_line_prices(
    con: duckdb.DuckDBPyConnection, model: SemanticModel
) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Give each line table its items' listed price where the lines hold only a quantity: the change
    lines (empty when nothing changed, so the model stays true) and the columns copied."""
    changes: list[str] = []
    copied: list[tuple[str, str, str]] = []
    for t in model.tables.values():
        cols = list(t.columns.values())
        quantities = [
            c
            for c in cols
            if c.role == Role.MEASURE and _words(c) & QUANTITY_WORDS and not _words(c) & STOCK_WORDS
        ]
        undone = set(t.name.lower().replace("_", " ").split()) | {w for c in quantities for w in _words(c)}
        if undone & UNDONE_WORDS or len(quantities) > 1 or any(c.unit == "money" for c in cols):
            continue  # returned goods are no sales; a line with money of its own keeps it
        if not _dated(model, t):
            continue  # (no quantity: each line sells one unit, a restaurant's order details)
        lists = []
        for r in model.relations:
            if r.table != t.name or r.ref_table == t.name:
                continue
            ref = model.tables[r.ref_table]
            prices = [c for c in ref.columns.values() if _price(c)]
            costs = [c for c in ref.columns.values() if _cost(c)]
            money = [c for c in ref.columns.values() if c.unit == "money"]
            if len(prices) == 1 and len(money) == 1 + len(costs) <= 2 and ref.key == r.ref_column:
                lists.append((r, [prices[0], *costs]))
        if len(lists) != 1:
            continue
        rel, listed = lists[0]
        names = [c.name if c.name not in t.columns else f"listed_{c.name}" for c in listed]
        line, item = exp.to_identifier("line"), exp.to_identifier("item")
        query = (
            exp.select(exp.Star(), copy=False)
            .from_(exp.alias_(table_ref(t.name), line, table=True), copy=False)
            .select(
                *(
                    exp.alias_(exp.column(c.name, table=item, quoted=True), n, quoted=True)
                    for c, n in zip(listed, names, strict=True)
                )
            )
            .join(
                exp.alias_(table_ref(rel.ref_table), item, table=True),
                on=exp.column(rel.column, table=line, quoted=True).eq(
                    exp.column(rel.ref_column, table=item, quoted=True)
                ),
                join_type="left",
            )
            .order_by(exp.column("rowid", table=line))
        )
        query.set("expressions", [exp.Column(this=exp.Star(), table=line), *query.expressions[1:]])
        con.execute(create_table(t.name, query, replace=True))
        copied += [(t.name, n, f"{rel.ref_table}.{c.name}") for c, n in zip(listed, names, strict=True)]
        price, name = listed[0], names[0]
        sold = f"{quantities[0].name} x {name}" if quantities else f"{name} (one unit a line)"
        changes.append(
            f"{t.name}.{name}: each line's listed price, from {rel.ref_table}.{price.name} "
            f"(joined on {rel.column}), so that its revenue is {sold}"
        )
        if len(listed) > 1:
            changes.append(
                f"{t.name}.{names[1]}: each line's listed cost, from {rel.ref_table}.{listed[1].name}, so "
                f"that its profit is {quantities[0].name if quantities else '1'} x ({name} - {names[1]})"
            )
    return changes, copied
