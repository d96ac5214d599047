"""Answers about customer metrics: NPS, CSAT, order value, cohort retention."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from analytics import churn as ch
from analytics import metrics as mt
from catalog import roles
from catalog.answer import Answer, Chart
from catalog.entities import SIGNUP_NAMES, find_time
from catalog.skills import SkillRequest
from catalog.transactions import Transactions, find_customers_table, find_transactions

if TYPE_CHECKING:
    from catalog import Catalog

from analytics.answers import (
    by_words,
    customer_groups,
    filter_words,
    group_names,
    has_tx,
    make_answer,
    money,
    n,
    pct,
    run_query,
    unavailable,
    where_on,
)
from catalog.intervals import GroupStat, headline, judge_groups, nps_interval, ratio_interval, wilson


def nps_column(catalog: Catalog) -> tuple[str, str] | None:
    """(table, column) of the 0-10 recommend score, as the catalog decides it (catalog.roles)."""
    col = roles.nps_column(catalog.model)
    return (col.table, col.name) if col is not None else None


def csat_column(catalog: Catalog) -> tuple[str, str, int] | None:
    """(table, column, scale) of the satisfaction score, as the catalog decides it (catalog.roles)."""
    found = roles.csat_column(catalog.model)
    return (found[0].table, found[0].name, found[1]) if found is not None else None


def nps(req: SkillRequest) -> Answer:
    """Net Promoter Score overall or by group."""
    found = nps_column(req.catalog)
    if found is None:
        return unavailable(req, "There is no 0-10 recommendation score (NPS) column.")
    table, column = found
    result = run_query(req, mt.nps_query(req.catalog, table, column, req.by, where_on(req, table)))
    groups = ", ".join(b.rpartition(".")[2] for b in req.by)
    columns, rows = result.columns, _top(result.rows, req.limit)
    if req.by:
        k, base = len(req.by), getattr(req.catalog.model, "min_base", 30)
        extra, judged, stats = judge_groups(
            result.rows,
            k,
            k,
            lambda r: nps_interval(round(r[k + 1] * r[k]), round(r[k + 2] * r[k]), r[k]),
            base,
        )
        with_ci = {tuple(r[:k]): r for r in judged}
        columns, rows = columns + extra, tuple(with_ci[tuple(r[:k])] for r in rows)
        text = headline("NPS", stats, lambda x: f"{x:+.1f}", "responses", base)
    else:
        responses, promoters, detractors, score = result.rows[0]
        text = (
            f"NPS is {score:+.1f} ({pct(promoters)} promoters, {pct(detractors)} detractors, "
            f"{n(responses)} responses)."
            if responses
            else "No scores match."
        )
    interpretation = (
        f"Net Promoter Score from {table}.{column}{filter_words(req, table)}"
        f"{', by ' + groups if groups else ''}: % promoters (9-10) minus % detractors (0-6)"
        f"{_limit_words(req)}."
    )
    chart = Chart("bar", req.by[0].rpartition(".")[2], ("nps",), "NPS") if req.by else None
    return make_answer(req, text, interpretation, result.sql, columns, rows, chart=chart)


def csat(req: SkillRequest) -> Answer:
    """Customer satisfaction (share of satisfied answers) overall or by group."""
    found = csat_column(req.catalog)
    if found is None:
        return unavailable(req, "There is no satisfaction score column (CSAT).")
    table, column, scale = found
    result = run_query(req, mt.csat_query(req.catalog, table, column, scale, req.by, where_on(req, table)))
    groups = ", ".join(b.rpartition(".")[2] for b in req.by)
    satisfied = mt.CSAT_SATISFIED.get(scale, scale - 1)
    columns, rows = result.columns, _top(result.rows, req.limit)
    if req.by:
        k, base = len(req.by), getattr(req.catalog.model, "min_base", 30)
        extra, judged, stats = judge_groups(result.rows, k, k, lambda r: wilson(r[-1] * r[k], r[k]), base)
        with_ci = {tuple(r[:k]): r for r in judged}
        columns, rows = columns + extra, tuple(with_ci[tuple(r[:k])] for r in rows)
        text = headline("CSAT", stats, pct, "responses", base)
    else:
        responses, mean, share = result.rows[0]
        text = (
            f"CSAT is {pct(share)} ({n(responses)} responses, mean {mean:.2f} of {scale})."
            if responses
            else "No scores match."
        )
    interpretation = (
        f"Share of {table}.{column} answers of {satisfied} or more on a 1-{scale} scale"
        f"{filter_words(req, table)}{', by ' + groups if groups else ''}{_limit_words(req)}."
    )
    chart = Chart("bar", req.by[0].rpartition(".")[2], ("csat",), "CSAT") if req.by else None
    return make_answer(req, text, interpretation, result.sql, columns, rows, chart=chart)


def order_value(req: SkillRequest) -> Answer:
    """Average order value (revenue / orders) and revenue per customer, overall or by group."""
    tx = find_transactions(req.catalog)
    if tx is None or not tx.has_value:
        return unavailable(req, "Order value needs a purchases table with an amount.")
    result = run_query(req, mt.order_value_query(req.catalog, tx, req.by, where_on(req, tx.table)))
    groups = ", ".join(b.rpartition(".")[2] for b in req.by)
    cash = tx.money
    columns, rows = result.columns, result.rows
    if req.by:
        text, extra, rows = _judged_order_values(req, tx, result.rows)
        columns += extra
    else:
        orders, customers, revenue, aov, per_customer = result.rows[0]
        text = (
            f"Average order value is {money(aov, cash)} over {n(orders)} orders; revenue per customer is "
            f"{money(per_customer or 0, cash)}."
            if orders
            else "No orders match."
        )
    aov_words = (
        f"revenue / number of orders, where an order is one of the {tx.order_words} (several rows each)"
        if tx.order
        else f"the mean value of a row of {tx.table} (one row per order)"
    )
    interpretation = (
        f"Revenue = sum of {tx.value_words}{filter_words(req, tx.table)}{', by ' + groups if groups else ''}; "
        f"average order value = {aov_words}; revenue per customer = revenue / distinct {tx.customer}"
        f"{_limit_words(req)}."
    )
    chart = (
        Chart("bar", req.by[0].rpartition(".")[2], ("average_order_value",), "Average order value")
        if req.by
        else None
    )
    if req.by and req.limit:
        rows = tuple(sorted(rows, key=lambda r: -(r[len(result.columns) - 2] or 0)))[: req.limit]
    return make_answer(req, text, interpretation, result.sql, columns, rows, chart=chart)


def _judged_order_values(
    req: SkillRequest, tx: Transactions, rows: tuple[tuple[Any, ...], ...]
) -> tuple[str, tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    """The headline of average order value by group, and the added columns and the rows with each group's 95%
    interval (a customer's orders as one cluster, `metrics.order_value_spread_query`), a group named only
    when its interval stands apart."""
    k, base = len(req.by), getattr(req.catalog.model, "min_base", 30)
    spread = run_query(req, mt.order_value_spread_query(req.catalog, tx, req.by, where_on(req, tx.table)))
    by_key = {tuple(r[:k]): (int(r[k] or 0), int(r[k + 1] or 0), r[k + 2]) for r in spread.rows}
    # (groups..., orders, customers, average order value): the minimum base counts customers
    figures = tuple((*r[:k], *by_key.get(tuple(r[:k]), (0, 0, None))[:2], r[-2]) for r in rows)

    def interval(row: tuple[Any, ...]) -> tuple[float | None, float | None]:
        _, customers, se = by_key.get(tuple(row[:k]), (0, 0, None))
        return ratio_interval(float(row[-1]), None if se is None else float(se), customers)

    extra, judged, stats = judge_groups(
        figures, k, k + 1, interval, base, rows_index=k, base_name="customers"
    )
    shown = tuple(tuple(r) + tuple(j[k + 3 :]) for r, j in zip(rows, judged, strict=True))
    text = headline(
        "Average order value", stats, lambda x: money(x, tx.money), "customers", base, rows_unit="orders"
    )
    return text, extra, shown


def _top(rows: tuple[tuple[Any, ...], ...], limit: int | None) -> tuple[tuple[Any, ...], ...]:
    """The `limit` groups with the highest last value (the metric), or all rows."""
    if not limit:
        return rows
    return tuple(sorted(rows, key=lambda r: -(r[-1] if r[-1] is not None else -math.inf)))[:limit]


def _limit_words(req: SkillRequest) -> str:
    return f"; the {req.limit} highest shown" if req.limit and req.by else ""


def retention_source(catalog: Catalog) -> str | None:
    customers = find_customers_table(catalog)
    if (
        customers is not None
        and find_time(customers, SIGNUP_NAMES)
        and find_time(customers, ch.CHURN_DATE_NAMES)
    ):
        return "churn"
    return "purchases" if has_tx(catalog) else None


def _recent_cohorts(
    rows: tuple[tuple[Any, ...], ...], at: int, limit: int | None
) -> tuple[tuple[Any, ...], ...]:
    """The rows of the `limit` most recent cohorts (column `at`), in the table's order; all without a limit."""
    if not limit:
        return rows
    keep = set(sorted({r[at] for r in rows if r[at] is not None})[-limit:])
    return tuple(r for r in rows if r[at] in keep)


def retention(req: SkillRequest) -> Answer:
    """Cohort retention: share of each signup month still active N months later."""
    source = retention_source(req.catalog)
    if source is None:
        return unavailable(req, "Retention needs signup and churn dates, or a purchases table.")
    if source == "churn":
        customers = find_customers_table(req.catalog)
        assert customers is not None
        signup = find_time(customers, SIGNUP_NAMES)
        end = find_time(customers, ch.CHURN_DATE_NAMES)
        assert signup and end
        query = mt.retention_from_churn(
            customers.name,
            signup,
            end,
            req.as_of,
            where=where_on(req, customers.name),
            catalog=req.catalog,
            by=req.by,
        )
        how = f"cohorts by {signup} month; active = no {end} yet"
        scope = filter_words(req, customers.name)
    else:
        tx = find_transactions(req.catalog)
        assert tx is not None
        groups, group_how = customer_groups(req, tx) if req.by else (None, "")
        query = mt.retention_from_purchases(
            tx, req.as_of, where=where_on(req, tx.table), groups=groups, names=group_names(req.by)
        )
        how = f"cohorts by first purchase month in {tx.table}; active = bought in that month{group_how}"
        scope = filter_words(req, tx.table)
    result = run_query(req, query)
    names = group_names(req.by)
    size = len(names) + 1
    col = result.columns.index("month_6") if "month_6" in result.columns else len(result.columns) - 1
    values = [(r[col], r[size]) for r in result.rows if r[col] is not None]
    weighted = sum(v * n for v, n in values) / sum(n for _, n in values) if values else None
    cohorts = len({r[len(names)] for r in result.rows})
    text = (
        f"On average {pct(weighted)} of customers are still active {result.columns[col].split('_')[1]} "
        f"months after signing up ({cohorts} monthly cohorts)."
        if weighted is not None
        else f"{cohorts} monthly cohorts; none is old enough to measure retention yet."
    )
    if names and weighted is not None:
        pooled: dict[tuple[Any, ...], list[float]] = {}  # group -> [customers old enough, still active]
        for r in result.rows:
            if r[col] is not None:
                cell = pooled.setdefault(tuple(r[: len(names)]), [0, 0.0])
                cell[0] += int(r[size] or 0)
                cell[1] += round(float(r[col]) * int(r[size] or 0))
        stats = [GroupStat(g, a / m, int(m), *wilson(a, int(m))) for g, (m, a) in pooled.items() if m]
        base = getattr(req.catalog.model, "min_base", 30)
        months_after = result.columns[col].split("_")[1]
        text += " " + headline(
            f"The share still active {months_after} months on", stats, pct, "customers", base
        )
    rows = _recent_cohorts(result.rows, len(names), req.limit)
    interpretation = (
        f"Cohort retention ({how}){scope}{by_words(req)}: share of each cohort still active 1 to "
        f"{mt.RETENTION_MONTHS} months later, empty where the month is not over by "
        f"{req.as_of.isoformat()}{f'; the {req.limit} most recent cohorts shown' if req.limit else ''}."
    )
    shown = tuple(c for c in ("month_1", "month_3", "month_6", "month_12") if c in result.columns)
    chart = Chart("line", "cohort", shown, "Share of each signup cohort still active") if shown else None
    return make_answer(req, text, interpretation, result.sql, result.columns, rows, chart=chart)
