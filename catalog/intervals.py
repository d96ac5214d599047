"""95% intervals for group comparisons, and when a "highest" group is a finding.

- rates (a share of a flag): Wilson score interval;
- means: Student t interval (mean ± t(0.975, n-1) · sd / √n);
- NPS: ± z · 100 · √((p + d − (p − d)²) / n), p and d the promoter and detractor shares (the
  variance of a difference of two shares of one multinomial sample).

`verdict(groups, min_base)` names the highest (or lowest) group only when its interval does not
overlap any other group's; groups with fewer than `min_base` answers are shown but never named.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054
"""The 97.5% quantile of the standard normal distribution."""
MIN_BASE = 30
"""Groups with fewer observations are marked and never headlined (cra.toml: min_base)."""


@dataclass(frozen=True)
class GroupStat:
    """One group's figure with its base and 95% interval."""

    key: tuple
    """The group's values, as in the answer's rows."""
    value: float | None
    n: int
    low: float | None = None
    high: float | None = None


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
