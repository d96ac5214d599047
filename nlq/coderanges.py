"""Categories whose values are coded ranges of a number (savings `below_100`, `between_100_500`,
`above_1000`; ages `lt_25`, `25_34`, `65+`): a comparison said with a number ("more than 1000 in
savings", "employed for over 4 years") selects the coded ranges lying wholly on its side, and is asked
back when a range straddles the number (never a guessed share of it). The patterns are data
(nlq/grammar/coderanges.yaml).

Ranges whose ends meet (between_1_4 beside between_4_7) are taken as [lo, hi): "more than 7" selects
above_7 and not between_4_7, and a number on a shared end never straddles. Whole-number bands that do
not share ends (25_34 beside 35_44) are inclusive: 25_34 is [25, 35), and "more than 34" is "at least
35" there. Values that are no range (unknown, no_account, unemployed) are never selected; the
interpretation names what was left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from nlq.grammar import HERE

SIGNS = (("<=", "le_"), (">=", "ge_"), ("<", "lt_"), (">", "gt_"), ("+", "_plus"))
SCALE = {"k": 1000, "m": 1_000_000}


@dataclass(frozen=True)
class Span:
    """One coded value and the range it names (None: open on that side)."""

    value: Any
    lo: float | None
    hi: float | None
    closed: bool = False
    """The upper end is said inclusively (le_24, 24_or_less)."""
    band: bool = False
    """Both ends said (25_34): inclusive where the category's bands do not share ends."""


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], dict[str, Any]], ...]:
    rules = yaml.safe_load((HERE / "coderanges.yaml").read_text())
    number = rules["number"]
    unit = rules["unit"]
    return tuple(
        (re.compile("^" + str(p["re"]).replace("U", unit).replace("N", number) + "$"), p)
        for p in rules["patterns"]
    )


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    return float(text[:-1]) * SCALE[text[-1]] if text[-1] in SCALE else float(text)


def span(value: Any) -> Span | None:
    """The range a coded value names, or None when it names none."""
    if not isinstance(value, str):
        return None
    text = re.sub(r"[$€£¥]", "", value.strip().lower())  # "$40K - $60K" is 40k_60k
    for sign, word in SIGNS:
        text = text.replace(sign, f"_{word}_")
    text = re.sub(r"[\s\-_]+", "_", text).strip("_").replace(",", "")
    for p, rule in _patterns():
        m = p.match(text)
        if m is None:
            continue
        lo, hi = _number(m.groupdict().get("lo")), _number(m.groupdict().get("hi"))
        if lo is not None and hi is not None and lo >= hi:
            return None
        return Span(value, lo, hi, bool(rule.get("closed")), bool(rule.get("band")))
    return None


def _whole(ranges: tuple[Span, ...]) -> bool:
    """Whole-number bands that do not share ends (25_34, 35_44): their upper ends are inclusive."""
    ends = [x for s in ranges for x in (s.lo, s.hi) if x is not None]
    if not all(x == int(x) for x in ends):
        return False
    los = {s.lo for s in ranges if s.lo is not None}
    his = {s.hi for s in ranges if s.hi is not None and s.band}
    return not los & his and any(h + 1 in los for h in his)


def spans(values: tuple[Any, ...]) -> tuple[tuple[Span, ...], tuple[Any, ...], bool] | None:
    """(the coded ranges as [lo, hi), the other values, whether they are whole-number bands) of a
    category of at least two ranges that are at least half its values; else None."""
    found = [(v, span(v)) for v in values]
    ranges = tuple(s for _, s in found if s is not None)
    others = tuple(v for v, s in found if s is None)
    if len(ranges) < 2 or len(ranges) < len(others):
        return None
    whole = _whole(ranges)
    if whole or any(s.closed for s in ranges):
        ranges = tuple(
            Span(s.value, s.lo, s.hi + 1 if s.hi is not None and (s.closed or (whole and s.band)) else s.hi)
            if whole
            else s
            for s in ranges
        )
    return ranges, others, whole


class Straddles(Exception):
    """A coded range lies on both sides of the number compared."""

    def __init__(self, value: Any) -> None:
        super().__init__(str(value))
        self.value = value


def _side(s: Span, op: str, a: float, b: float | None) -> bool | None:
    """True: the range lies wholly inside the asked one; False: wholly outside; None: it straddles."""
    lo = float("-inf") if s.lo is None else s.lo
    hi = float("inf") if s.hi is None else s.hi
    if op in (">", ">="):
        return True if lo >= a else False if hi <= a else None
    if op in ("<", "<="):
        return True if hi <= a else False if lo >= a else None
    if op == "between" and b is not None:
        return True if lo >= a and hi <= b else False if hi <= a or lo >= b else None
    raise ValueError(op)


def selected(values: tuple[Any, ...], op: str, a: float, b: float | None = None) -> tuple[Any, ...]:
    """The coded values lying wholly inside the asked range (op a, or between a and b); Straddles
    when one lies on both sides. Values that name no range are never selected."""
    read = spans(values)
    if read is None:
        return ()
    if read[2]:  # whole numbers: "more than 34" is "at least 35", "at most 34" is "below 35"
        a = a + 1 if op in (">", "<=") and a == int(a) else a
        b = b + 1 if b is not None and b == int(b) else b
    out = []
    for s in read[0]:
        side = _side(s, op, a, b)
        if side is None:
            raise Straddles(s.value)
        if side:
            out.append(s.value)
    return tuple(out)


def lowest(ranges: tuple[Span, ...]) -> Span:
    """The range starting lowest (one open below first)."""
    return min(ranges, key=lambda s: float("-inf") if s.lo is None else s.lo)
