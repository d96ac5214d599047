"""Group comparisons: the base and 95% interval of each group's figure, and the headline's extreme,
computed in SQL over the whole result (never from the capped rows an answer holds).

Cost: `fetch` runs the answer's query with each group's n and standard deviation added in the same scan
(no second pass over the data); the extreme is the answer's first row when it is ordered by the figure,
the fetched rows when they are the whole result, and one more query only after a capped fetch.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlglot import exp, parse_one

from catalog.database import DIALECT, QueryResult
from catalog.entities import link
from catalog.infer import tokens
from catalog.intervals import (
    MIN_BASE,
    Z95,
    GroupedFigures,
    GroupStat,
    clustered_ratio,
    mean_interval,
    ratio_interval,
    small_base,
    verdict,
    wilson,
)
from catalog.semantic import Role
from catalog.transactions import find_customers_table
from catalog.trees import row_numbers
from nlq.schema import HOUR_SUFFIX

if TYPE_CHECKING:
    from sqlglot import exp

    from catalog import Catalog
    from catalog.database import QueryResult
    from nlq.intent import Intent

MAX_BARS = 25
"""Bars a chart draws (assistant.charts.MAX_BARS): a longer grouped answer charts its highest groups."""
MAX_COMPARED = 200
"""Groups beyond this many are not compared by intervals (a list of customers is not a comparison)."""
STAT_COLUMNS = ("n", "ci_low", "ci_high")
CLUSTER_COLUMNS = ("n", "customers", "ci_low", "ci_high")
"""A mean of rows that come in clusters: n rows, from this many customers (the base of the minimum rule)."""
KINDS = {"rate": "rate", "avg": "mean", "median": "median"}
FOLDED = ("rate", "avg")
"""Aggregates whose groups' n and sd `fetch` folds into the answer's own query (a median's interval
needs ranks, a per-record figure one row per record: those are queried apart)."""
STATS = 2
"""Columns `fetch` appends for a comparison (each group's count and standard deviation)."""


def fetch(
    catalog: Catalog, intent: Intent, tree: exp.Select, limit: int
) -> tuple[QueryResult, tuple[tuple[Any, ...], ...] | None]:
    """Run the answer's query (at most `limit` rows). For a comparison of rates or means by group over
    the whole result, each group's n and standard deviation come from the same scan: they are appended
    to the query, returned apart as the `stats` rows (the result's row, then n and sd) and left out of
    the result, whose SQL stays the answer's own. `stats` is None when they were not computed, or do not
    cover every group (a capped fetch)."""
    arg = _stats_argument(catalog, intent, tree)
    if arg is None or tree.args.get("limit") is not None:
        return catalog.run(tree, limit=limit), None
    result = catalog.run(tree.select(*_stat_columns(arg), copy=True), limit=limit)
    k = len(result.columns) - STATS
    plain = QueryResult(
        tree.sql(dialect=DIALECT), result.columns[:k], tuple(r[:k] for r in result.rows), result.row_count
    )
    return plain, (result.rows if len(result.rows) == result.row_count else None)


def grouped_figures(
    catalog: Catalog,
    intent: Intent,
    tree: exp.Select,
    columns: tuple[str, ...],
    rows: tuple[tuple[Any, ...], ...],
    row_count: int,
    stats: tuple[tuple[Any, ...], ...] | None = None,
) -> tuple[GroupedFigures | None, tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    """The headline figures of a grouped answer, and its columns and rows with n and the 95% interval
    added for rates and means (plus a note column marking groups under the minimum base). With more
    groups than a chart draws, `figures.chart` holds the highest ones (from SQL), laid out the same.
    `stats` are the rows `fetch` returned with n and sd (else they are queried here)."""
    n_groups = len(intent.group_by)
    if intent.kind != "aggregate" or not intent.measures or intent.grain or not n_groups:
        return None, columns, rows
    if len(columns) <= n_groups or intent.count_groups:
        return None, columns, rows
    measure = columns[n_groups]
    whole = _whole(tree)
    highest = intent.order != "asc" or not _by_figure(intent)
    min_base = getattr(catalog.model, "min_base", MIN_BASE)
    extreme = (
        exp.select("*")
        .from_(whole.subquery("g"))
        .order_by(exp.Ordered(this=exp.column(measure, quoted=True), desc=highest, nulls_first=False))
        .limit(1)
    )
    charted = row_count > MAX_BARS and not intent.order
    if tree.args.get("limit") is None and len(rows) == row_count:  # the whole result is at hand
        ranked = sorted(
            (r for r in rows if r[n_groups] is not None), key=lambda r: r[n_groups], reverse=highest
        )
        top = ranked[0] if ranked else None
        chart = tuple(ranked[:MAX_BARS]) if charted else ()
    elif not charted and rows and rows[0][n_groups] is not None and _leads(tree, measure, highest):
        top, chart = rows[0], ()  # ordered by the figure: its first row is the extreme of the whole result
    else:  # a capped fetch: ask SQL for the extremes of the whole result
        found = catalog.run(extreme.limit(MAX_BARS if charted else 1)).rows
        top = found[0] if found else None
        chart = found if charted else ()
    m = intent.measures[0] if len(intent.measures) == 1 else None
    per_record = m is not None and bool(m.per_key) and m.agg in ("sum", "count")
    kind = "mean" if per_record else KINDS.get(m.agg, "") if m is not None else ""
    agg = whole.expressions[n_groups].unalias() if kind else None
    wanted = exp.Div if per_record else exp.Median if kind == "median" else exp.Avg
    if not kind or not isinstance(agg, wanted) or _keys(catalog, intent):
        return GroupedFigures(top=top, min_base=min_base, chart=chart), columns, rows
    arg = agg.this
    cluster = cluster_column(catalog, arg) if kind == "mean" and not per_record else None
    if cluster is not None:  # one customer's rows go together: the clustered (ratio) interval
        whole_key = _never_empty(catalog, cluster)
        found = catalog.run(clustered_spread(whole, n_groups, arg, cluster, MAX_COMPARED + 1, whole_key)).rows
    elif per_record and isinstance(agg, exp.Div):  # "revenue per customer by region": one customer's total
        found = catalog.run(per_record_spread(whole, n_groups, agg, MAX_COMPARED + 1)).rows
    elif kind == "median":
        found = catalog.run(median_bounds(whole, n_groups, arg, MAX_COMPARED + 1)).rows
    elif stats is not None:
        found = stats
    else:
        found = catalog.run(whole.select(*_stat_columns(arg)).limit(MAX_COMPARED + 1)).rows
    if len(found) > MAX_COMPARED:
        return GroupedFigures(top=top, min_base=min_base, chart=chart), columns, rows
    values = {tuple(r[:n_groups]): r[n_groups] for r in catalog.run(whole).rows} if kind == "median" else {}
    groups = []
    for row in found:
        low: float | None
        high: float | None
        rows_n: int | None = None
        if cluster is not None:  # (groups..., mean, n, clusters, se): the base is the clusters
            value, rows_n, n = row[n_groups], int(row[n_groups + 1] or 0), int(row[n_groups + 2] or 0)
            se = row[n_groups + 3]
            low, high = (
                (None, None)
                if value is None
                else ratio_interval(float(value), None if se is None else float(se), n)
            )
        elif kind == "median":  # (groups..., n, low, high); the figure is the answer's own
            value, n = values.get(tuple(row[:n_groups])), int(row[n_groups] or 0)
            low, high = (None, None) if None in row[-2:] else (float(row[-2]), float(row[-1]))
        else:
            value, n, sd = row[n_groups], int(row[-2] or 0), row[-1]
            if value is not None and kind == "rate":
                low, high = wilson(float(value) * n, n)
            elif value is not None:
                low, high = mean_interval(float(value), None if sd is None else float(sd), n)
        if value is None:
            low, high = None, None
        key, figure = tuple(row[:n_groups]), None if value is None else float(value)
        groups.append(GroupStat(key, figure, n, low, high, rows_n))
    by_key = {g.key: g for g in groups}
    judged = verdict(groups, min_base, highest=highest)
    small = any(g.n < min_base for g in groups)
    stat_columns = CLUSTER_COLUMNS if cluster is not None else STAT_COLUMNS
    extra = stat_columns + (("note",) if small else ())

    def with_stats(row: tuple[Any, ...]) -> tuple[Any, ...]:
        g = by_key.get(tuple(row[:n_groups]))
        cells: tuple[Any, ...]
        if cluster is not None:
            cells = (g.rows, g.n, g.low, g.high) if g else (None, None, None, None)
        else:
            cells = (g.n, g.low, g.high) if g else (None, None, None)
        if small:
            cells += (small_base(g, min_base, "customers" if cluster is not None else "n") if g else "",)
        return tuple(row) + cells

    shown = [with_stats(row) for row in rows]
    chart = tuple(with_stats(row) for row in chart)
    clusters = f"{cluster.table}.{cluster.name}" if cluster is not None else ""
    figures = GroupedFigures(
        top=top,
        verdict=judged,
        min_base=min_base,
        kind=kind,
        chart=chart,
        clusters=clusters,
        cluster_word=_customers_word(catalog),
    )
    if intent.limit == 1:  # "which plan churns most?": one group; its sentence says how sure that is
        return replace(figures, chart=()), columns, rows
    return figures, columns + extra, tuple(shown)


def _whole(tree: exp.Select) -> exp.Select:
    """The query without its order, limit and offset: every group of the result."""
    whole = tree.copy()
    for key in ("order", "limit", "offset"):
        whole.set(key, None)
    return whole


def _stats_argument(catalog: Catalog, intent: Intent, tree: exp.Select) -> exp.Expr | None:
    """What a compared rate or mean averages (its groups get n and an interval), else None: more than
    one figure, another aggregate, or groups that are records (grouped by an identifier)."""
    n_groups = len(intent.group_by)
    m = intent.measures[0] if len(intent.measures) == 1 else None
    if m is None or m.agg not in FOLDED or m.per_key or len(tree.expressions) <= n_groups:
        return None
    agg = tree.expressions[n_groups].unalias()
    if not isinstance(agg, exp.Avg) or _keys(catalog, intent):
        return None
    return agg.this


def _stat_columns(arg: exp.Expr) -> tuple[exp.Expr, ...]:
    """Each group's base and standard deviation of `arg` (the STATS columns `fetch` appends)."""
    return (
        exp.func("count", arg.copy()).as_("__n"),
        exp.func("stddev_samp", arg.copy()).as_("__sd"),
    )


def _leads(tree: exp.Select, measure: str, highest: bool) -> bool:
    """Whether the query is ordered by the figure first, in the headline's direction (highest first
    for the highest), so that its first row is the extreme of the whole result."""
    order = tree.args.get("order")
    if tree.args.get("offset") is not None:
        return False
    first = order.expressions[0] if order is not None and order.expressions else None
    if not isinstance(first, exp.Ordered) or bool(first.args.get("desc")) != highest:
        return False
    key = first.this
    return isinstance(key, exp.Column) and not key.table and key.name == measure


def _keys(catalog: Catalog, intent: Intent) -> bool:
    """Whether the answer is per record (grouped by an identifier): a list, not a group comparison."""
    for qualified in intent.group_by:
        try:
            role = catalog.model.column(qualified).role
        except KeyError:
            continue
        if role in (Role.IDENTIFIER, Role.FOREIGN_KEY):
            return True
    return False


def _by_figure(intent: Intent) -> bool:
    return bool(intent.order) and not (intent.order_by and intent.order_by in intent.group_by)


def _customers_word(catalog: Catalog) -> str:
    customers = find_customers_table(catalog)
    return customers.entity if customers is not None else "customers"


def cluster_column(catalog: Catalog, arg: exp.Expr) -> exp.Column | None:
    """The column whose value groups the averaged rows into clusters: the key of the customer a row belongs
    to, when every column averaged is of one table that refers to the customers table (an order's customer);
    None for the customers table itself or rows without such a key (taken as independent)."""
    tables = {c.table for c in arg.find_all(exp.Column)}
    customers = find_customers_table(catalog)
    if len(tables) != 1 or customers is None:
        return None
    table = next(iter(tables))
    if table not in catalog.model.tables or table == customers.name:
        return None
    found = link(catalog.model, table, customers.name)
    if found is None:
        return None
    return exp.column(exp.to_identifier(found[0], quoted=True), table=exp.to_identifier(table, quoted=True))


def _never_empty(catalog: Catalog, cluster: exp.Column) -> bool:
    """Whether every row holds the cluster key (the profile counted no empty value)."""
    info = catalog.model.tables.get(cluster.table)
    col = info.columns.get(cluster.name) if info is not None else None
    return col is not None and col.null_count == 0


def clustered_spread(
    whole: exp.Select, n_groups: int, arg: exp.Expr, cluster: exp.Column, limit: int, whole_key: bool = False
) -> exp.Select:
    """Per group of a grouped mean: (groups..., mean, n, clusters, se), with the rows of one cluster (one
    customer's orders) taken together, as the average order value does (`analytics.metrics.
    order_value_spread_query`): the mean is the ratio r = sum of x / number of rows over the clusters c of
    the group, se = sqrt(m / (m - 1) * sum_c (S_c - r * N_c)^2) / N (S_c, N_c: a cluster's sum and rows, m
    clusters, N rows); a row without a cluster key is a cluster of its own."""
    keys = [e.unalias() for e in whole.expressions[:n_groups]]
    alone = exp.func("concat", exp.Literal.string("row:"), exp.cast(row_numbers(), "VARCHAR"))
    # a key no row lacks is its own cluster id as stored (no text, no row numbers: a tenth of the work)
    key = cluster.copy() if whole_key else exp.func("coalesce", exp.cast(cluster.copy(), "VARCHAR"), alone)
    rows = whole.copy()
    rows.set("group", None)
    rows.set("having", None)
    rows.set(
        "expressions",
        [k.copy().as_(f"__g{i}") for i, k in enumerate(keys)]
        + [
            arg.copy().as_("__v"),
            key.as_("__c"),
        ],
    )
    rows = rows.where(arg.copy().is_(exp.null()).not_())
    return clustered_ratio(rows, [f"__g{i}" for i in range(n_groups)], "__v", "__c").limit(int(limit))


def median_bounds(whole: exp.Select, n_groups: int, arg: exp.Expr, limit: int) -> exp.Select:
    """Per group of a grouped query: (groups..., n, low, high), the distribution-free 95% interval of the
    median: the r-th and s-th smallest values, r = n/2 - z*sqrt(n)/2 and s = 1 + n/2 + z*sqrt(n)/2 rounded
    to the nearest rank and kept within 1..n (the normal approximation of the binomial order statistics)."""
    rows = whole.copy()
    keys = [e.unalias() for e in whole.expressions[:n_groups]]
    rows.set("group", None)
    rows.set("having", None)
    rows.set("expressions", [k.copy().as_(f"__g{i}") for i, k in enumerate(keys)] + [arg.copy().as_("__v")])
    rows = rows.where(arg.copy().is_(exp.null()).not_())
    parts = [exp.column(f"__g{i}") for i in range(n_groups)]

    def over(fn: exp.Expr, ordered: bool = False) -> exp.Window:
        order = exp.Order(expressions=[exp.column("__v").asc()]) if ordered else None
        return exp.Window(this=fn, partition_by=[p.copy() for p in parts], order=order)

    half = f"{Z95} * sqrt(__n) / 2"
    low_rank = parse_one(f"greatest(1, least(__n, floor(__n / 2 - {half} + 0.5)))", read="duckdb")
    high_rank = parse_one(f"greatest(1, least(__n, floor(1 + __n / 2 + {half} + 0.5)))", read="duckdb")
    ranked = exp.select(
        *parts,
        "__v",
        over(exp.func("row_number"), ordered=True).as_("__r"),
        over(exp.Count(this=exp.Star())).as_("__n"),
    ).from_("b")
    bounds = exp.select("*", low_rank.as_("__lo"), high_rank.as_("__hi")).from_("ranked")
    at = lambda rank: exp.func("max", parse_one(f"CASE WHEN __r = {rank} THEN __v END"))  # noqa: E731
    return (
        exp.select(*parts, exp.column("__n").as_("n"), at("__lo").as_("low"), at("__hi").as_("high"))
        .from_("bounds")
        .group_by(*[p.copy() for p in parts], "__n")
        .limit(int(limit))
        .with_("b", as_=rows)
        .with_("ranked", as_=ranked)
        .with_("bounds", as_=bounds)
    )


def per_record_spread(whole: exp.Select, n_groups: int, ratio: exp.Div, limit: int) -> exp.Select:
    """Per group of a "total per record" query (SUM(x) / COUNT(DISTINCT key)): (groups..., mean, n, sd)
    of one record's total (the t interval of the figure, each record counted once)."""
    distinct = next(ratio.expression.find_all(exp.Distinct))
    key = distinct.expressions[0]
    keys = [e.unalias() for e in whole.expressions[:n_groups]]
    rows = whole.copy()
    rows.set("having", None)
    rows.set(
        "expressions",
        [k.copy().as_(f"__g{i}") for i, k in enumerate(keys)] + [ratio.this.copy().as_("__v")],
    )
    rows.set("group", exp.Group(expressions=[*[k.copy() for k in keys], key.copy()]))
    rows = rows.where(key.copy().is_(exp.null()).not_())
    parts = [exp.column(f"__g{i}") for i in range(n_groups)]
    v = exp.column("__v")
    return (
        exp.select(
            *parts,
            exp.func("avg", v).as_("__mean"),
            exp.func("count", v).as_("__n"),
            exp.func("stddev_samp", v).as_("__sd"),
        )
        .from_(rows.subquery("per_record"))
        .group_by(*parts)
        .limit(limit)
    )


# ---------------------------------------------------------------------------------------------------- display
NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "FLOAT", "REAL", "DOUBLE", "DECIMAL", "INT", "NUMERIC")  # fmt: skip
TIME_TYPES = ("DATE", "TIMESTAMP", "TIME")
BAND_FROM = 20
"""A grouped answer by a number with more values than this is shown (table and chart) in bands."""
MAX_BANDS = 10
"""Bands a numeric key is cut into, at most."""
BAND_STEPS = (1, 2, 5)
"""Band widths are one of these times a power of ten."""
BANDS = "bands"
"""Answer.extra key: {"columns", "rows", "note"}: the answer's figures by bands of its numeric key."""


def key_kind(catalog: Catalog, qualified: str) -> str:
    """ "number", "time" or "category": how a group key is ordered (numbers and dates by value)."""
    try:
        column = catalog.model.column(qualified)
    except KeyError:
        # an hour of the day derived from a stored time (nlq.schema HOUR_SUFFIX): 0 to 23 in order
        table, _, name = qualified.partition(".")
        stored = catalog.model.tables.get(table)
        derived = name.removesuffix(HOUR_SUFFIX)
        hour = name != derived and stored is not None and derived in stored.columns
        return "number" if hour else "category"
    dtype = column.dtype.upper()
    if dtype.startswith(TIME_TYPES) or column.role == Role.TIME:
        return "time"
    if dtype.startswith(NUMERIC_TYPES) and column.role not in (Role.IDENTIFIER, Role.FOREIGN_KEY, Role.FLAG):
        return "number"
    if _periods_named(column):
        return "time"  # fiscal_year 'FY2021', 'FY2022': in the periods' order, as a trend is read
    return "category"


def _plain_grouped(intent: Intent) -> bool:
    """A grouped figure with no order, limit or grain asked: its rows may be laid out for reading."""
    return (
        intent.kind == "aggregate"
        and bool(intent.measures and intent.group_by)
        and not (intent.grain or intent.order or intent.limit or intent.count_groups)
    )


PERIOD_NAME_WORDS = frozenset({"year", "quarter", "fy", "period"})
"""Name words of a text column of periods written with their year ('FY2022', '2023-Q1'): in order by key."""


def _periods_named(column: Any) -> bool:
    """A text column whose name says periods and every value of which holds a year (four digits)."""
    words = set(tokens(column.name))
    values = [str(v) for v in column.values]
    return (
        bool(words & PERIOD_NAME_WORDS) and bool(values) and all(re.search(r"(19|20)\d\d", v) for v in values)
    )


def display_order(catalog: Catalog, intent: Intent, tree: exp.Select) -> exp.Select:
    """A grouped answer with no order asked, sorted to be read: by its figure, highest first, for
    categories (so a capped table and the chart show the top); by the key for numbers and dates."""
    n = len(intent.group_by)
    if not _plain_grouped(intent) or len(tree.expressions) <= n:
        return tree
    order_by = tree.args.get("order")
    if order_by is not None and any(
        isinstance(o.unnest(), exp.Case) or isinstance(o.this, exp.Case) for o in order_by.expressions
    ):
        return tree  # months or weekdays by name: in calendar order (nlq.build), never by the figure
    keys = [exp.column(e.alias_or_name, quoted=True) for e in tree.expressions[:n]]
    if key_kind(catalog, intent.group_by[0]) == "category":
        figure = exp.column(tree.expressions[n].alias_or_name, quoted=True)
        order = [exp.Ordered(this=figure, desc=True, nulls_first=False)]
        order += [exp.Ordered(this=k, nulls_first=False) for k in keys]
    else:
        order = [exp.Ordered(this=k, nulls_first=False) for k in keys]
    ordered = tree.copy()
    ordered.set("order", None)
    return ordered.order_by(*order)


def band_width(low: float, high: float, integer: bool, most: int = MAX_BANDS) -> float:
    """The narrowest round width (1, 2 or 5 times a power of ten) cutting low..high into at most
    `most` bands that start at multiples of the width."""
    span = max(high - low, 1e-12)
    power = 10.0 ** math.floor(math.log10(span / most))
    for scale in (power / 10, power, power * 10, power * 100):
        for step in BAND_STEPS:
            width = step * scale
            if integer and width < 1:
                continue
            if math.floor(high / width) - math.floor(low / width) + 1 <= most:
                return int(width) if integer else width
    return span


def band_label(low: float, width: float, integer: bool) -> str:
    """ "0–4" for whole numbers in bands of 5; "0–2.5" for decimals (each band holds its lower bound)."""
    if integer:
        high = low + width - 1
        return f"{low:g}" if high == low else f"{low:g}–{high:g}"
    return f"{low:g}–{low + width:g}"


def bands(
    catalog: Catalog, intent: Intent, tree: exp.Select, columns: tuple[str, ...], row_count: int
) -> dict[str, Any] | None:
    """The answer by bands of its numeric key (more than BAND_FROM values): {"columns", "rows", "note"},
    laid out like the answer's table (n and the 95% interval too for rates and means), or None."""
    if len(intent.group_by) != 1 or row_count <= BAND_FROM or intent.labels or intent.having:
        return None
    if not _plain_grouped(intent) or key_kind(catalog, intent.group_by[0]) != "number":
        return None
    whole = tree.copy()
    for arg in ("order", "limit", "offset"):
        whole.set(arg, None)
    key_alias = whole.expressions[0].alias_or_name
    key = whole.expressions[0].unalias().copy()
    key_col = exp.column(key_alias, quoted=True)
    ((low, high, whole_numbers),) = catalog.run(
        exp.select(
            exp.func("min", key_col),
            exp.func("max", key_col),
            exp.func("bool_and", exp.EQ(this=key_col, expression=exp.func("round", key_col.copy()))),
        ).from_(whole.subquery("g"))
    ).rows
    if low is None or high is None:
        return None
    integer = bool(whole_numbers)
    width = band_width(float(low), float(high), integer)
    lit = exp.Literal.number(width)
    band: exp.Expr = exp.Mul(this=exp.Floor(this=exp.Div(this=key, expression=lit)), expression=lit.copy())
    if integer:
        band = exp.cast(band, "BIGINT")
    banded = whole.copy()
    banded.expressions[0].replace(exp.alias_(band, key_alias, quoted=True))
    banded.set("group", exp.Group(expressions=[band.copy()]))
    banded = banded.order_by(exp.Ordered(this=exp.column(key_alias, quoted=True), nulls_first=False))
    result = catalog.run(banded)
    if len(result.rows) < 2:
        return None
    _, shown_columns, rows = grouped_figures(
        catalog, intent, banded, result.columns, result.rows, len(result.rows)
    )
    labelled = tuple(
        (None if r[0] is None else band_label(float(r[0]), width, integer), *r[1:]) for r in rows
    )
    words = catalog.model.column(intent.group_by[0]).words or key_alias
    note = (f"{words[:1].upper() + words[1:]} takes {row_count:,} values ({low:g} to {high:g}): shown in "
            f"bands of {width:g}; an export or --json keeps each value.")  # fmt: skip
    return {"columns": shown_columns, "rows": labelled, "note": note}
