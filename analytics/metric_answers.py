"""Answers about customer metrics: NPS, CSAT, order value, cohort retention."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from analytics import churn as ch
from analytics import metrics as mt
from analytics import schema as sc
from assistant.answer import Answer, Chart
from assistant.skills import SkillRequest

if TYPE_CHECKING:
    from assistant.catalog import Catalog

from analytics.answers import (
    filter_words,
    has_tx,
    make_answer,
    money,
    n,
    pct,
    run_query,
    unavailable,
    where_on,
)

NPS_COLUMNS = re.compile(r"(nps|recommend|promoter|likelihood)", re.I)


CSAT_COLUMNS = re.compile(r"(csat|satisf)", re.I)


def nps_column(catalog: Catalog) -> tuple[str, str] | None:
    return sc.find_score(catalog, NPS_COLUMNS, 0, 10) or sc.find_score(catalog, sc.SCORE_NAMES, 0, 10)


def csat_column(catalog: Catalog) -> tuple[str, str, int] | None:
    for scale in (5, 7, 10):
        found = sc.find_score(catalog, CSAT_COLUMNS, 0, scale) or (
            sc.find_score(catalog, re.compile("rating", re.I), 1, scale) if scale == 5 else None
        )
        if found:
            return (*found, scale)
    return None


def nps(req: SkillRequest) -> Answer:
    """Net Promoter Score overall or by group."""
    found = nps_column(req.catalog)
    if found is None:
        return unavailable(req, "There is no 0-10 recommendation score (NPS) column.")
    table, column = found
    result = run_query(req, mt.nps_query(req.catalog, table, column, req.by, where_on(req, table)))
    groups = ", ".join(b.rpartition(".")[2] for b in req.by)
    if req.by:
        best = max(result.rows, key=lambda r: r[-1]) if result.rows else None
        text = (
            f"NPS is highest for {', '.join(str(v) for v in best[: len(req.by)])} ({best[-1]:+.1f}, "
            f"{n(best[-4])} responses)."
            if best
            else "No scores match."
        )
    else:
        responses, promoters, detractors, score = result.rows[0]
        text = (
            f"NPS is {score:+.1f} ({pct(promoters)} promoters, {pct(detractors)} detractors, "
            f"{n(responses)} responses)."
            if responses
            else "No scores match."
        )
    interpretation = (
        f"Net Promoter Score from {table}.{column}{filter_words(req)}"
        f"{', by ' + groups if groups else ''}: % promoters (9-10) minus % detractors (0-6)."
    )
    chart = Chart("bar", req.by[0].rpartition(".")[2], ("nps",), "NPS") if req.by else None
    return make_answer(req, text, interpretation, result.sql, result.columns, result.rows, chart=chart)


def csat(req: SkillRequest) -> Answer:
    """Customer satisfaction (share of satisfied answers) overall or by group."""
    found = csat_column(req.catalog)
    if found is None:
        return unavailable(req, "There is no satisfaction score column (CSAT).")
    table, column, scale = found
    result = run_query(req, mt.csat_query(req.catalog, table, column, scale, req.by, where_on(req, table)))
    groups = ", ".join(b.rpartition(".")[2] for b in req.by)
    satisfied = mt.CSAT_SATISFIED.get(scale, scale - 1)
    if req.by:
        best = max(result.rows, key=lambda r: r[-1] or 0) if result.rows else None
        text = (
            f"CSAT is highest for {', '.join(str(v) for v in best[: len(req.by)])} ({pct(best[-1])})."
            if best
            else "No scores match."
        )
    else:
        responses, mean, share = result.rows[0]
        text = (
            f"CSAT is {pct(share)} ({n(responses)} responses, mean {mean:.2f} of {scale})."
            if responses
            else "No scores match."
        )
    interpretation = (
        f"Share of {table}.{column} answers of {satisfied} or more on a 1-{scale} scale"
        f"{filter_words(req)}{', by ' + groups if groups else ''}."
    )
    chart = Chart("bar", req.by[0].rpartition(".")[2], ("csat",), "CSAT") if req.by else None
    return make_answer(req, text, interpretation, result.sql, result.columns, result.rows, chart=chart)


def order_value(req: SkillRequest) -> Answer:
    """Average order value and revenue per customer, overall or by group."""
    tx = sc.find_transactions(req.catalog)
    if tx is None or tx.amount is None:
        return unavailable(req, "Order value needs a purchases table with an amount.")
    result = run_query(req, mt.order_value_query(req.catalog, tx, req.by, where_on(req, tx.table)))
    groups = ", ".join(b.rpartition(".")[2] for b in req.by)
    if req.by:
        best = max(result.rows, key=lambda r: r[-2] or 0) if result.rows else None
        text = (
            f"Average order value is highest for {', '.join(str(v) for v in best[: len(req.by)])} "
            f"({money(best[-2])}; {money(best[-1])} per customer)."
            if best
            else "No orders match."
        )
    else:
        orders, customers, revenue, aov, per_customer = result.rows[0]
        text = (
            f"Average order value is {money(aov)} over {n(orders)} orders; revenue per customer is "
            f"{money(per_customer)}."
            if orders
            else "No orders match."
        )
    interpretation = (
        f"Revenue ({tx.table}.{tx.amount}) per order and per customer{filter_words(req)}"
        f"{', by ' + groups if groups else ''}."
    )
    chart = (
        Chart("bar", req.by[0].rpartition(".")[2], ("average_order_value",), "Average order value")
        if req.by
        else None
    )
    return make_answer(req, text, interpretation, result.sql, result.columns, result.rows, chart=chart)


def retention_source(catalog: Catalog) -> str | None:
    customers = sc.find_customers_table(catalog)
    if (
        customers is not None
        and sc.find_time(customers, sc.SIGNUP_NAMES)
        and sc.find_time(customers, ch.CHURN_DATE_NAMES)
    ):
        return "churn"
    return "purchases" if has_tx(catalog) else None


def retention(req: SkillRequest) -> Answer:
    """Cohort retention: share of each signup month still active N months later."""
    source = retention_source(req.catalog)
    if source is None:
        return unavailable(req, "Retention needs signup and churn dates, or a purchases table.")
    if source == "churn":
        customers = sc.find_customers_table(req.catalog)
        assert customers is not None
        signup = sc.find_time(customers, sc.SIGNUP_NAMES)
        end = sc.find_time(customers, ch.CHURN_DATE_NAMES)
        assert signup and end
        query = mt.retention_from_churn(
            customers.name, signup, end, req.as_of, where=where_on(req, customers.name)
        )
        how = f"cohorts by {signup} month; active = no {end} yet"
    else:
        tx = sc.find_transactions(req.catalog)
        assert tx is not None
        query = mt.retention_from_purchases(tx, req.as_of, where=where_on(req, tx.table))
        how = f"cohorts by first purchase month in {tx.table}; active = bought in that month"
    result = run_query(req, query)
    col = result.columns.index("month_6") if "month_6" in result.columns else len(result.columns) - 1
    values = [(r[col], r[1]) for r in result.rows if r[col] is not None]
    weighted = sum(v * n for v, n in values) / sum(n for _, n in values) if values else None
    text = (
        f"On average {pct(weighted)} of customers are still active {result.columns[col].split('_')[1]} "
        f"months after signing up ({len(result.rows)} monthly cohorts)."
        if weighted is not None
        else f"{len(result.rows)} monthly cohorts; none is old enough to measure retention yet."
    )
    interpretation = (
        f"Cohort retention ({how}){filter_words(req)}: share of each cohort still active 1 to "
        f"{mt.RETENTION_MONTHS} months later, empty where the month is not over by "
        f"{req.as_of.isoformat()}."
    )
    shown = tuple(c for c in ("month_1", "month_3", "month_6", "month_12") if c in result.columns)
    chart = Chart("line", "cohort", shown, "Share of each signup cohort still active") if shown else None
    return make_answer(req, text, interpretation, result.sql, result.columns, result.rows, chart=chart)
