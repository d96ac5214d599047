"""Shared helpers for analytics answers: number formatting, Answer building, filters, availability checks."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from analytics import schema as sc
from assistant.answer import Answer
from assistant.skills import SkillRequest, all_skills

if TYPE_CHECKING:
    import pandas as pd

    from assistant.catalog import Catalog


def n(value: float) -> str:
    return f"{value:,.0f}"


def pct(value: float) -> str:
    return f"{value:.1%}"


def money(value: float) -> str:
    return f"{value:,.2f}"


def py_value(value: Any) -> Any:
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


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
    **extra: Any,
) -> Answer:
    return Answer(
        question=req.question,
        status="answer",
        text=text,
        interpretation=interpretation,
        sql=sql,
        columns=columns,
        rows=rows,
        row_count=len(rows),
        **extra,
    )


def run_query(req: SkillRequest, query: Any) -> Any:
    return req.catalog.run(query)


def filter_words(req: SkillRequest) -> str:
    return f" where {req.where_text}" if req.where_text else ""


def unavailable(req: SkillRequest, reason: str) -> Answer:
    return Answer(
        question=req.question,
        status="unsupported",
        text=reason,
        suggestions=tuple(s.example for s in all_skills() if s.example and s.available(req.catalog))[:5],
    )


def where_on(req: SkillRequest, table: str) -> exp.Expr | None:
    return sc.restrict_to(req.catalog, table, req.table, req.where)


def rows_sql(table: str, where: exp.Expr | None) -> str:
    query = exp.select("*").from_(sc.table_ref(table))
    return (query.where(where) if where is not None else query).sql(dialect="duckdb")


def has_churn(catalog: Catalog) -> bool:
    return sc.find_churn_target(catalog) is not None


def has_churn_or_tx(catalog: Catalog) -> bool:
    return has_churn(catalog) or sc.find_transactions(catalog) is not None


def has_tx(catalog: Catalog) -> bool:
    return sc.find_transactions(catalog) is not None


def has_amount(catalog: Catalog) -> bool:
    tx = sc.find_transactions(catalog)
    return tx is not None and tx.amount is not None


def customer_filter(req: SkillRequest, tx: sc.Transactions) -> exp.Select | None:
    where = where_on(req, tx.table)
    if where is None:
        return None
    return exp.select(sc.quote(tx.customer)).from_(sc.table_ref(tx.table)).where(where)


def recency_as_of(req: SkillRequest) -> bool:
    """Use --as-of for recency only when it is on or after the data (else: the day after the last purchase)."""
    tx = sc.find_transactions(req.catalog)
    if tx is None:
        return False
    query = exp.select(exp.func("max", exp.cast(sc.quote(tx.date), "DATE"))).from_(sc.table_ref(tx.table))
    last = sc.fetch_one(req.catalog, query.sql(dialect="duckdb"))[0]
    return last is not None and req.as_of >= last and (req.as_of - last).days <= 366


def selected_customers(req: SkillRequest, tx: sc.Transactions | None) -> set[Any] | None:
    if req.where is None:
        return None
    customers = sc.find_customers_table(req.catalog)
    if customers is not None and req.table in (None, customers.name):
        key = sc.key_column(req.catalog, customers)
        if key:
            q = exp.select(sc.quote(key)).from_(sc.table_ref(customers.name)).where(req.where)
            return {r[0] for r in req.catalog.con.execute(q.sql(dialect="duckdb")).fetchall()}
    if tx is not None:
        sub = customer_filter(req, tx)
        if sub is not None:
            return {r[0] for r in req.catalog.con.execute(sub.sql(dialect="duckdb")).fetchall()}
    return None
