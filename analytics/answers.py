"""Shared helpers for analytics answers: number formatting, Answer building, filters, availability checks."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from analytics.metrics import with_groups
from analytics.queries import fetch_one, quote, restrict_to, table_ref
from catalog.answer import Answer
from catalog.churn_target import find_churn_target
from catalog.entities import key_column, link
from catalog.numbers import number
from catalog.skills import SkillRequest
from catalog.transactions import Transactions, find_customers_table, find_transactions

if TYPE_CHECKING:
    import pandas as pd

    from catalog import Catalog


def n(value: float) -> str:
    return f"{value:,.0f}"


def pct(value: float) -> str:
    return f"{value:.1%}"


def money(value: float, is_money: bool = True) -> str:
    """An amount for a sentence: '$1,234.50' when the column is money, else '1,234.50'."""
    if not is_money:
        return f"{value:,.2f}"
    return number(value, money=True)


def py_value(value: Any) -> Any:
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


MAX_ANSWER_ROWS = 10_000
"""Rows a skill's list carries (in its order: highest first); its row_count says how many there are."""


def frame_rows(frame: pd.DataFrame) -> tuple[tuple[Any, ...], ...]:
    """Rows as Python values (numpy scalars converted, NaN as None), column by column for speed."""
    columns = []
    for name in frame.columns:
        values = frame[name].tolist()
        if frame[name].dtype.kind == "f":
            values = [None if v != v else v for v in values]
        elif frame[name].dtype == object:
            values = [py_value(v) for v in values]
        columns.append(values)
    return tuple(zip(*columns, strict=True))


def make_answer(
    req: SkillRequest,
    text: str,
    interpretation: str,
    sql: str,
    columns: tuple[str, ...],
    rows: tuple[tuple[Any, ...], ...],
    row_count: int | None = None,
    **extra: Any,
) -> Answer:
    """An answer; `row_count` is the full count when `rows` hold only the first of them."""
    return Answer(
        question=req.question,
        status="answer",
        text=text,
        interpretation=interpretation,
        sql=sql,
        columns=columns,
        rows=rows,
        row_count=len(rows) if row_count is None else row_count,
        **extra,
    )


def run_query(req: SkillRequest, query: Any) -> Any:
    return req.catalog.run(query)


def filter_words(req: SkillRequest, base: str | None = None, whole_history: bool = False) -> str:
    """The filter in words: " where plan is Basic", or, when it is on another table than the customers
    table and `base`, " (with orders where order_date in 2025)" (plus a caveat when the figures still use
    each customer's whole history)."""
    if not req.where_text:
        return ""
    customers = find_customers_table(req.catalog)
    own = base if not whole_history else None
    if req.table is None or req.table in (own, customers.name if customers else None):
        return f" where {req.where_text}"
    caveat = "; their figures use all their rows" if whole_history else ""
    return f" (with {req.table} where {req.where_text}{caveat})"


def by_words(req: SkillRequest) -> str:
    """ ", by plan, region" for the interpretation."""
    return f", by {', '.join(group_names(req.by))}" if req.by else ""


def group_names(by: Sequence[str]) -> list[str]:
    """Column names of qualified `by` columns ("customers.plan" -> "plan")."""
    return [b.rpartition(".")[2] for b in by]


def limited(rows: tuple[tuple[Any, ...], ...], limit: int | None) -> tuple[tuple[Any, ...], ...]:
    return rows[:limit] if limit else rows


def unavailable(req: SkillRequest, reason: str) -> Answer:
    """The data cannot give this answer (the engine adds the questions it can answer instead)."""
    return Answer(question=req.question, status="unsupported", text=reason)


def where_on(req: SkillRequest, table: str) -> exp.Expr | None:
    return restrict_to(req.catalog, table, req.table, req.where)


def rows_sql(table: str, where: exp.Expr | None) -> str:
    query = exp.select("*").from_(table_ref(table))
    return (query.where(where) if where is not None else query).sql(dialect="duckdb")


def has_churn(catalog: Catalog) -> bool:
    return find_churn_target(catalog) is not None


def has_churn_or_tx(catalog: Catalog) -> bool:
    return has_churn(catalog) or find_transactions(catalog) is not None


def has_tx(catalog: Catalog) -> bool:
    return find_transactions(catalog) is not None


def has_amount(catalog: Catalog) -> bool:
    tx = find_transactions(catalog)
    return tx is not None and tx.has_value


def customer_filter(req: SkillRequest, tx: Transactions) -> exp.Select | None:
    """A one-column SELECT of the customer ids the filter keeps, or None."""
    return customer_ids(req, tx)


def recency_as_of(req: SkillRequest) -> bool:
    """Use --as-of for recency only when it is on or after the data (else: the day after the last purchase)."""
    tx = find_transactions(req.catalog)
    if tx is None:
        return False
    query = exp.select(exp.func("max", exp.cast(quote(tx.date), "DATE"))).from_(table_ref(tx.table))
    last = fetch_one(req.catalog, query)[0]
    return last is not None and req.as_of >= last and (req.as_of - last).days <= 366


def customer_ids(req: SkillRequest, tx: Transactions | None) -> exp.Select | None:
    """A one-column SELECT of the ids of the customers the filter keeps (None without a filter).

    The filter may be on the customers table, on a table that references it (orders, tickets: customers
    with a matching row) or on the transactions table itself.
    """
    if req.where is None:
        return None
    catalog = req.catalog
    customers = find_customers_table(catalog)
    table = req.table or (customers.name if customers else tx.table if tx else None)
    if table is None:
        raise LookupError("no customers table to apply the filter to")
    column: str | None = None
    if customers is not None and table == customers.name:
        column = key_column(customers)
    elif tx is not None and table == tx.table:
        column = tx.customer
    elif customers is not None:
        joined = link(catalog.model, table, customers.name)
        column = joined[0] if joined else None
    if column is None:
        raise LookupError(f"cannot relate {table} to customers to apply the filter")
    return (
        exp.select(quote(column).as_("customer"))
        .from_(table_ref(table))
        .where(req.where)
        .where(quote(column).is_(exp.null()).not_())
    )


def selected_customers(req: SkillRequest, tx: Transactions | None) -> set[Any] | None:
    """The ids of the customers the filter keeps, as a set (None without a filter)."""
    query = customer_ids(req, tx)
    if query is None:
        return None
    return {r[0] for r in req.catalog.run(query).rows}


def customer_groups(req: SkillRequest, tx: Transactions | None) -> tuple[exp.Select, str]:
    """SELECT customer, <by columns> with one row per customer, and how the groups were found in words.

    `by` columns of the customers table (or of a table it references) are read as they are; columns of the
    transactions table take each customer's most frequent value ("Country" on invoice lines).
    """

    catalog, names = req.catalog, group_names(req.by)
    customers = find_customers_table(catalog)
    tables = {b.rpartition(".")[0] for b in req.by}
    if tx is not None and tables == {tx.table}:
        mode = [exp.func("mode", quote(n)).as_(n, quoted=True) for n in names]
        query = (
            exp.select(quote(tx.customer).as_("customer"), *mode)
            .from_(table_ref(tx.table))
            .where(quote(tx.customer).is_(exp.null()).not_())
            .group_by(quote(tx.customer))
        )
        return query, f" (each customer's most frequent {', '.join(names)} in {tx.table})"
    if customers is None:
        raise LookupError("there is no customers table to break customers down by " + ", ".join(names))
    key = key_column(customers)
    if key is None:
        raise LookupError(f"{customers.name} has no identifier column to join on")
    for table in tables - {customers.name}:
        if link(catalog.model, customers.name, table) is None:
            raise LookupError(
                f"{table} has several rows per customer, so customers cannot be broken down by "
                + ", ".join(n for b, n in zip(req.by, names, strict=True) if b.startswith(table + "."))
            )
    base, groups = with_groups(catalog, exp.select().from_(table_ref(customers.name)), customers.name, req.by)
    key_col = exp.column(
        exp.to_identifier(key, quoted=True), table=exp.to_identifier(customers.name, quoted=True)
    )
    query = base.select(
        key_col.as_("customer"), *[exp.alias_(g, n, quoted=True) for g, n in zip(groups, names, strict=True)]
    )
    return query, ""
