"""95% intervals for group comparisons, and when a "highest" group is a finding.

- rates (a share of a flag): Wilson score interval;
- means: Student t interval (mean ± t(0.975, n-1) · sd / √n);
- NPS: ± z · 100 · √((p + d − (p − d)²) / n), p and d the promoter and detractor shares (the
  variance of a difference of two shares of one multinomial sample).

`verdict(groups, min_base)` names the highest (or lowest) group only when its interval does not
overlap any other group's; groups with fewer than `min_base` answers are shown but never named. When the
rows come in clusters (one customer's orders), the base `n` is the number of clusters (customers) and
`GroupStat.rows` the number of rows: the minimum base applies to the customers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlglot import exp, parse_one

Z95 = 1.959963984540054
"""The 97.5% quantile of the standard normal distribution."""
MIN_BASE = 30
"""Groups with fewer observations are marked and never headlined (cra.toml: min_base)."""
Row = tuple[Any, ...]


@dataclass(frozen=True)
class GroupStat:
    """One group's figure with its base and 95% interval."""

    key: tuple
    """The group's values, as in the answer's rows."""
    value: float | None
    n: int
    """The base: observations, or the clusters they come in (customers) when `rows` is set."""
    low: float | None = None
    high: float | None = None
    rows: int | None = None
    """The rows behind the figure when `n` counts the clusters they come in (one customer's orders)."""

    def base(self, unit: str, rows_unit: str = "") -> str:
        """ "1,234 responses"; "1,234 orders from 456 customers" when the rows come in clusters."""
        if self.rows is not None and rows_unit:
            return f"{self.rows:,} {rows_unit} from {self.n:,} {unit}"
        return f"{self.n:,} {unit}"


@dataclass(frozen=True)
class Verdict:
    """What a grouped answer may headline."""

    best: GroupStat | None
    """The group with the extreme figure among those with enough base (None: no such group)."""
    clear: bool
    """Whether `best`'s interval is apart from every other group's with enough base."""
    runner_up: GroupStat | None = None
    """The next group (whose interval overlaps when not clear)."""
    small: int = 0
    """Groups under the minimum base (shown, marked, never headlined)."""


def wilson(successes: float, n: int, z: float = Z95) -> tuple[float, float] | tuple[None, None]:
    """The Wilson score interval of a share `successes / n`."""
    if n <= 0:
        return None, None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def t_quantile(df: int) -> float:
    """The 97.5% quantile of Student's t with `df` degrees of freedom."""
    from scipy.stats import t

    return float(t.ppf(0.975, df))


def mean_interval(mean: float, sd: float | None, n: int) -> tuple[float, float] | tuple[None, None]:
    """The t interval of a mean from its sample standard deviation."""
    if n < 2 or sd is None or math.isnan(sd):
        return None, None
    half = t_quantile(n - 1) * sd / math.sqrt(n)
    return mean - half, mean + half


def ratio_interval(ratio: float, se: float | None, clusters: int) -> tuple[float, float] | tuple[None, None]:
    """The t interval (clusters - 1 degrees of freedom) of a ratio from its standard error, such as an
    average order value over customers whose orders go together."""
    if clusters < 2 or se is None or math.isnan(se):
        return None, None
    half = t_quantile(clusters - 1) * se
    return ratio - half, ratio + half


def nps_interval(
    promoters: int, detractors: int, n: int, z: float = Z95
) -> tuple[float, float] | tuple[None, None]:
    """The normal interval of an NPS (in points, -100..100)."""
    if n <= 0:
        return None, None
    p, d = promoters / n, detractors / n
    nps = 100 * (p - d)
    half = z * 100 * math.sqrt(max(0.0, p + d - (p - d) ** 2) / n)
    return max(-100.0, nps - half), min(100.0, nps + half)


def verdict(groups: Sequence[GroupStat], min_base: int = MIN_BASE, highest: bool = True) -> Verdict:
    """The highest (or lowest) group with enough base, and whether its interval says it stands apart."""
    small = sum(1 for g in groups if g.n < min_base)
    valued = [(g.value, g) for g in groups if g.n >= min_base and g.value is not None]
    ranked = [g for _, g in sorted(valued, key=lambda vg: vg[0], reverse=highest)]
    if not ranked:
        return Verdict(None, False, small=small)
    best, rest = ranked[0], ranked[1:]
    if not rest:
        return Verdict(best, False, small=small)
    bounds = [(g.low, g.high) for g in rest if g.low is not None and g.high is not None]
    if best.low is None or best.high is None or len(bounds) < len(rest):
        return Verdict(best, False, rest[0], small)
    low, high = best.low, best.high
    clear = all(low > other_high if highest else high < other_low for other_low, other_high in bounds)
    return Verdict(best, clear, rest[0], small)


@dataclass(frozen=True)
class GroupedFigures:
    """What a grouped answer's headline may say, computed over the whole result (never a capped fetch)."""

    top: tuple | None = None
    """The result row with the extreme figure (highest, or lowest for an ascending question)."""
    verdict: Verdict | None = None
    """The interval verdict, when the figure is a rate or a mean with few enough groups."""
    min_base: int = MIN_BASE
    kind: str = ""
    """"rate", "mean" or "nps": which interval was used."""
    chart: tuple = ()
    """With more groups than a chart draws: the highest groups' rows (SQL over the whole result)."""
    clusters: str = ""
    """How a mean's interval groups its rows ("orders.customer_id": one customer's rows are one cluster);
    empty when the rows are taken as independent. Then each group's `n` counts customers (the minimum base
    applies to them) and `rows` its rows."""
    cluster_word: str = "customers"
    """What one cluster is, in the answer's words (the customers table's entity)."""

    @property
    def base_word(self) -> str:
        """What the minimum base counts: "customers" for clustered rows, else "rows"."""
        return self.cluster_word if self.clusters else "rows"


def judge_groups(
    rows: tuple[Row, ...],
    n_by: int,
    n_index: int,
    interval: Callable[[Row], tuple[float | None, float | None]],
    min_base: int = MIN_BASE,
    rows_index: int | None = None,
    base_name: str = "n",
) -> tuple[tuple[str, ...], tuple[Row, ...], list[GroupStat]]:
    """Extra columns (ci_low, ci_high[, note]), the rows with them, and the groups' statistics.
    The figure is each row's last cell; `n_index` is the cell holding its base (`base_name` in the note),
    `rows_index` the cell holding the rows behind it when the base counts their clusters."""
    groups = []
    for row in rows:
        low, high = interval(row) if row[-1] is not None else (None, None)
        value = None if row[-1] is None else float(row[-1])
        behind = None if rows_index is None else int(row[rows_index] or 0)
        groups.append(GroupStat(tuple(row[:n_by]), value, int(row[n_index] or 0), low, high, behind))
    small = any(g.n < min_base for g in groups)
    extra: tuple[str, ...] = ("ci_low", "ci_high") + (("note",) if small else ())
    shown = tuple(
        tuple(row) + (g.low, g.high) + ((small_base(g, min_base, base_name),) if small else ())
        for row, g in zip(rows, groups, strict=True)
    )
    return extra, shown, groups


def small_base(g: GroupStat, min_base: int, base_name: str = "n") -> str:
    """The note cell of a group: "small base (customers < 30)" under the minimum base, else ""."""
    return f"small base ({base_name} < {min_base})" if g.n < min_base else ""


def headline(
    metric: str,
    groups: list[GroupStat],
    fmt: Callable[[float], str],
    unit: str,
    min_base: int = MIN_BASE,
    rows_unit: str = "",
) -> str:
    """ "NPS is highest for Europe (+12.0, 95% interval +8.1 to +15.9, 1,234 responses)." or that the
    groups do not differ clearly; groups under `min_base` `unit` are counted, never named (`rows_unit`:
    the rows behind a base of clusters, "orders" of customers, named beside it)."""
    v = verdict(groups, min_base)
    small = (
        f" {v.small:,} group{'s' if v.small != 1 else ''} with fewer than {min_base} {unit} "
        f"{'is' if v.small == 1 else 'are'} marked and not compared."
        if v.small
        else ""
    )
    if v.best is None:
        return (
            f"Every group has fewer than {min_base} {unit}: too few to compare."
            if groups
            else "No scores match."
        )
    name = ", ".join(str(k) for k in v.best.key)
    base = v.best.base(unit, rows_unit)
    if v.runner_up is None:
        return f"{metric} is {fmt(v.best.value or 0)} for {name} ({base}), the only group with {min_base} or more.{small}"
    if v.clear and v.best.low is not None and v.best.high is not None:
        return (
            f"{metric} is highest for {name} ({fmt(v.best.value or 0)}, 95% interval {fmt(v.best.low)} to "
            f"{fmt(v.best.high)}, {base}).{small}"
        )
    other = ", ".join(str(k) for k in v.runner_up.key)
    return (
        f"{metric} does not differ clearly between the groups: {name} is highest ({fmt(v.best.value or 0)}, "
        f"{base}) but its 95% interval overlaps that of {other} ({fmt(v.runner_up.value or 0)}).{small}"
    )


def lowest(
    metric: str, groups: list[GroupStat], fmt: Callable[[float], str], unit: str, min_base: int = MIN_BASE
) -> str:
    """ " Mean sentiment is lowest for Basic (0.08, 95% interval 0.05 to 0.11, 1,855 comments)." when the
    lowest group with enough base stands apart from every other; "" otherwise (then nothing is said)."""
    v = verdict(groups, min_base, highest=False)
    if v.best is None or not v.clear or v.best.low is None or v.best.high is None:
        return ""
    name = ", ".join(str(k) for k in v.best.key)
    return (
        f" {metric} is lowest for {name} ({fmt(v.best.value or 0)}, 95% interval {fmt(v.best.low)} to "
        f"{fmt(v.best.high)}, {v.best.n:,} {unit})."
    )


def clustered_ratio(rows: exp.Select, keys: Sequence[str], value: str, cluster: str) -> exp.Select:
    """Per group of `rows` (its columns `keys`, one `value` and the `cluster` it belongs to, e.g. one
    customer's orders): (keys..., __mean, __n, __m, __se), the ratio r = sum of values / number of values
    over the clusters c of the group, with its cluster-robust standard error
    se = sqrt(m / (m - 1) * sum_c (S_c - r * N_c)^2) / N (S_c, N_c: a cluster's sum and count, m clusters,
    N values); rows without a value are left out. The sum of squares is taken expanded,
    sum S_c^2 - 2 r sum S_c N_c + r^2 sum N_c^2, so that two plain aggregations do it (no window)."""
    groups = [exp.column(k, quoted=True) for k in keys]
    v = exp.column(value, quoted=True)
    per_cluster = (
        exp.select(
            *groups,
            exp.func("sum", v.copy()).as_("s_c"),
            exp.func("count", v.copy()).as_("n_c"),
        )
        .from_("clustered_rows")
        .where(v.copy().is_(exp.null()).not_())
        .group_by(*[g.copy() for g in groups], exp.column(cluster, quoted=True))
    )
    r = "(sum(s_c) * 1.0 / sum(n_c))"  # (never integer division, on any backend)
    spread = f"sum(s_c * s_c) - 2 * {r} * sum(s_c * n_c) + {r} * {r} * sum(n_c * n_c)"
    se = parse_one(
        f"CASE WHEN count(*) > 1 THEN sqrt(count(*) * 1.0 / (count(*) - 1) * greatest({spread}, 0)) / sum(n_c) END",
        read="duckdb",
    )
    return (
        exp.select(
            *[g.copy() for g in groups],
            parse_one(r, read="duckdb").as_("__mean"),
            parse_one("sum(n_c)").as_("__n"),
            parse_one("count(*)").as_("__m"),
            se.as_("__se"),
        )
        .from_("per_cluster")
        .group_by(*[g.copy() for g in groups])
        .with_("clustered_rows", as_=rows)
        .with_("per_cluster", as_=per_cluster)
    )
