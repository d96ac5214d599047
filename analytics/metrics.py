"""Customer metrics as sqlglot queries: NPS, CSAT, average order value, revenue per customer, retention.

- NPS: share of promoters (9-10) minus share of detractors (0-6), times 100, from 0-10 scores.
- CSAT: share of satisfied answers (top two boxes: 4-5 on a 1-5 scale, see ``CSAT_SATISFIED``).
- Average order value: revenue / orders, where a row's value is its amount (or quantity x unit price on
  invoice lines) and an order is a distinct document number when rows repeat it (else a row);
  revenue per customer: revenue / distinct customers.
- Cohort retention: customers grouped by signup month (or first purchase month); the share of each
  cohort still active N months later (not churned, or with a purchase in that month), as a wide table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlglot import exp

from analytics.queries import quote, table_ref
from catalog.entities import link
from catalog.intervals import clustered_ratio
from catalog.nps import nps_value
from catalog.roles import NPS_DETRACTOR, NPS_PROMOTER
from catalog.transactions import Transactions
from catalog.trees import row_numbers

if TYPE_CHECKING:
    from catalog import Catalog

CSAT_SATISFIED: dict[int, int] = {5: 4, 7: 6, 10: 9}
"""Top of the scale -> lowest satisfied answer (top-two-box on 5 and 7 point scales, 9-10 on 10)."""
RETENTION_MONTHS = 12
"""Months after signup shown in the retention table."""


def qualified(table: str, column: str) -> exp.Column:
    return exp.column(exp.to_identifier(column, quoted=True), table=exp.to_identifier(table, quoted=True))


def with_groups(
    catalog: Catalog, query: exp.Select, base: str, by: Sequence[str]
) -> tuple[exp.Select, list[exp.Expr]]:
    """Join the tables that `by` ("table.column") needs onto `base`; returns the query and group columns."""
    groups: list[exp.Expr] = []
    joined: set[str] = set()
    for name in by:
        table, _, column = name.rpartition(".")
        table = table or base
        if table != base and table not in joined:
            found = link(catalog.model, base, table)
            if found is None:
                raise LookupError(f"cannot relate {base} to {table} to break down by {column}")
            query = query.join(
                table_ref(table),
                on=qualified(base, found[0]).eq(qualified(table, found[1])),
                join_type="left",
            )
            joined.add(table)
        groups.append(qualified(table, column))
    return query, groups


def _finish(query: exp.Select, groups: list[exp.Expr], where: exp.Expr | None) -> exp.Select:
    if where is not None:
        query = query.where(where)
    if groups:
        query = query.group_by(*groups).order_by(*groups)
    return query


def _select(groups: list[exp.Expr], *aggregates: exp.Expr) -> list[exp.Expr]:
    return [*[exp.alias_(g, g.name, quoted=True) for g in groups], *aggregates]


def nps_query(
    catalog: Catalog, table: str, score: str, by: Sequence[str] = (), where: exp.Expr | None = None
) -> exp.Select:
    """responses, promoters, detractors (shares) and nps (-100..100), overall or per group."""
    base, groups = with_groups(catalog, exp.select().from_(table_ref(table)), table, by)
    s = qualified(table, score)
    promoter = exp.cast(s >= exp.Literal.number(NPS_PROMOTER), "INT")
    detractor = exp.cast(s <= exp.Literal.number(NPS_DETRACTOR), "INT")
    nps = nps_value(s)
    query = base.select(
        *_select(
            groups,
            exp.func("count", s).as_("responses"),
            exp.func("avg", promoter).as_("promoters"),
            exp.func("avg", detractor).as_("detractors"),
            nps.as_("nps"),
        )
    )
    return _finish(query.where(s.is_(exp.null()).not_()), groups, where)


def csat_query(
    catalog: Catalog,
    table: str,
    score: str,
    scale: int,
    by: Sequence[str] = (),
    where: exp.Expr | None = None,
) -> exp.Select:
    """responses, mean score and csat (share of satisfied answers)."""
    threshold = CSAT_SATISFIED.get(scale, scale - 1)
    base, groups = with_groups(catalog, exp.select().from_(table_ref(table)), table, by)
    s = qualified(table, score)
    query = base.select(
        *_select(
            groups,
            exp.func("count", s).as_("responses"),
            exp.func("avg", s).as_("mean_score"),
            exp.func("avg", exp.cast(s >= exp.Literal.number(threshold), "INT")).as_("csat"),
        )
    )
    return _finish(query.where(s.is_(exp.null()).not_()), groups, where)


def order_value_query(
    catalog: Catalog, tx: Transactions, by: Sequence[str] = (), where: exp.Expr | None = None
) -> exp.Select:
    """orders, customers, revenue, average order value and revenue per customer."""
    amount = tx.value(qualify=True)
    if amount is None:
        raise LookupError(f"{tx.table} has no amount column")
    base, groups = with_groups(catalog, exp.select().from_(table_ref(tx.table)), tx.table, by)
    customer = qualified(tx.table, tx.customer)
    customers = exp.func("count", exp.Distinct(expressions=[customer]))
    orders = tx.orders(qualify=True)
    aov = (
        exp.func("avg", amount)
        if tx.order is None
        else exp.func("sum", amount) / exp.func("nullif", orders, exp.Literal.number(0))
    )
    query = base.select(
        *_select(
            groups,
            orders.as_("orders"),
            customers.as_("customers"),
            exp.func("sum", amount).as_("revenue"),
            aov.as_("average_order_value"),
            (exp.func("sum", amount) / exp.func("nullif", customers, exp.Literal.number(0))).as_(
                "revenue_per_customer"
            ),
        )
    )
    return _finish(query, groups, where)


def order_value_spread_query(
    catalog: Catalog, tx: Transactions, by: Sequence[str], where: exp.Expr | None = None
) -> exp.Select:
    """Per group: (groups..., orders, customers, se) for the 95% interval of the average order value, with
    each customer's orders as one cluster: the average is the ratio r = sum of order values / number of
    orders over the customers c of the group, and its standard error the linearization one,
    se = sqrt(m / (m - 1) * sum_c (R_c - r * O_c)^2) / sum_c O_c (R_c, O_c: a customer's revenue and
    orders, m customers; an order without a customer is a cluster of its own). Orders of one customer go
    together, so treating them as independent would make the interval too narrow."""

    amount = tx.value(qualify=True)
    if amount is None:
        raise LookupError(f"{tx.table} has no amount column")
    base, groups = with_groups(catalog, exp.select().from_(table_ref(tx.table)), tx.table, by)
    customer = qualified(tx.table, tx.customer)
    if tx.order is None:
        single = row_numbers()
        alone = exp.func("concat", exp.Literal.string("row:"), exp.cast(single, "VARCHAR"))
        who = exp.func("coalesce", exp.cast(customer, "VARCHAR"), alone)
        per_order = base.select(*_select(groups, who.as_("__c"), amount.as_("v")))
    else:
        order = tx.order_key(qualify=True)
        alone = exp.func("concat", exp.Literal.string("order:"), exp.cast(order.copy(), "VARCHAR"))
        who = exp.func("coalesce", exp.cast(exp.func("any_value", customer), "VARCHAR"), alone)
        per_order = base.select(*_select(groups, who.as_("__c"), exp.func("sum", amount).as_("v")))
        per_order = per_order.group_by(
            *groups, *(order.expressions if isinstance(order, exp.Tuple) else [order])
        )
    if where is not None:
        per_order = per_order.where(where)
    clustered = clustered_ratio(per_order, [g.name for g in groups], "v", "__c")
    return exp.select(
        *[exp.column(g.name, quoted=True) for g in groups],
        exp.column("__n").as_("orders"),
        exp.column("__m").as_("customers"),
        exp.column("__se").as_("se"),
    ).from_(clustered.subquery("clustered"))


def _month(value: exp.Expr) -> exp.Expr:
    return exp.cast(exp.func("date_trunc", exp.Literal.string("month"), exp.cast(value, "DATE")), "DATE")


def _months_between(start: exp.Expr, end: exp.Expr) -> exp.Expr:
    """Whole calendar months from one month start to another (DuckDB: year*12 + month)."""

    def index(e: exp.Expr) -> exp.Expr:
        return exp.func("year", e) * exp.Literal.number(12) + exp.func("month", e)

    return exp.paren(index(end) - index(start))


def _wide(
    cohorts: exp.Select,
    activity: exp.Select | None,
    months: int,
    as_of: dt.date,
    churn_based: bool,
    names: Sequence[str] = (),
) -> exp.Select:
    """[groups...,] cohort, customers, month_1..month_N retention shares (NULL where the month is not over)."""
    as_of_month = _month(exp.cast(exp.Literal.string(as_of.isoformat()), "DATE"))
    elapsed = _months_between(exp.column("cohort"), as_of_month)
    keys = [exp.column(exp.to_identifier(n, quoted=True)) for n in names]
    columns: list[exp.Expr] = [*keys, exp.column("cohort"), exp.func("count", exp.Star()).as_("customers")]
    for k in range(1, months + 1):
        n = exp.Literal.number(k)
        if churn_based:
            active = exp.or_(
                exp.column("end_month").is_(exp.null()),
                _months_between(exp.column("cohort"), exp.column("end_month")) > n,
            )
        else:
            active = exp.func("list_contains", exp.column("active_offsets"), n)
        share = exp.func("avg", exp.cast(active, "INT"))
        columns.append(exp.If(this=elapsed > n, true=share, false=exp.null()).as_(f"month_{k}"))
    source = cohorts if activity is None else activity
    return (
        exp.select(*columns)
        .from_(source.subquery("c"))
        .group_by(*keys, exp.column("cohort"))
        .order_by(*keys, exp.column("cohort"))
    )


def retention_from_churn(
    table: str,
    signup: str,
    churn_date: str,
    as_of: dt.date,
    months: int = RETENTION_MONTHS,
    where: exp.Expr | None = None,
    catalog: Catalog | None = None,
    by: Sequence[str] = (),
) -> exp.Select:
    """Cohort retention from signup and churn dates (active = not churned yet), per `by` groups when given
    ("table.column", joined through the catalog's relations)."""
    base, groups = (
        with_groups(catalog, exp.select().from_(table_ref(table)), table, by)
        if catalog is not None
        else (exp.select().from_(table_ref(table)), [])
    )
    names = [b.rpartition(".")[2] for b in by] if groups else []
    cohorts = base.select(
        *[exp.alias_(g, n, quoted=True) for g, n in zip(groups, names, strict=True)],
        _month(qualified(table, signup)).as_("cohort"),
        _month(qualified(table, churn_date)).as_("end_month"),
    ).where(qualified(table, signup).is_(exp.null()).not_())
    if where is not None:
        cohorts = cohorts.where(where)
    return _wide(cohorts, None, months, as_of, churn_based=True, names=names)


def retention_from_purchases(
    tx: Transactions,
    as_of: dt.date,
    months: int = RETENTION_MONTHS,
    where: exp.Expr | None = None,
    groups: exp.Select | None = None,
    names: Sequence[str] = (),
) -> exp.Select:
    """Cohort retention from purchases: cohort = first purchase month, active = bought in month k.

    `groups` (SELECT customer, <names>, one row per customer) breaks the cohorts down by those columns.
    """
    month = _month(quote(tx.date))
    monthly = (
        exp.select(quote(tx.customer).as_("customer"), month.as_("m")).distinct().from_(table_ref(tx.table))
    )
    if where is not None:
        monthly = monthly.where(where)
    first = exp.Window(this=exp.func("min", exp.column("m")), partition_by=[exp.column("customer")])
    with_cohort = exp.select("customer", "m", first.as_("cohort")).from_(monthly.subquery("pm"))
    per_customer = (
        exp.select(
            exp.column("customer"),
            exp.column("cohort"),
            exp.func("list", _months_between(exp.column("cohort"), exp.column("m"))).as_("active_offsets"),
        )
        .from_(with_cohort.subquery("wc"))
        .group_by(exp.column("customer"), exp.column("cohort"))
    )
    if groups is not None and names:
        per_customer = (
            exp.select(
                *[exp.column(exp.to_identifier(n, quoted=True), table="g") for n in names],
                exp.Column(this=exp.Star(), table=exp.to_identifier("pc")),
            )
            .from_(per_customer.subquery("pc"))
            .join(
                groups.subquery("g"),
                on=exp.column("customer", table="pc").eq(exp.column("customer", table="g")),
                join_type="left",
            )
        )
        return _wide(per_customer, per_customer, months, as_of, churn_based=False, names=names)
    return _wide(per_customer, per_customer, months, as_of, churn_based=False)
