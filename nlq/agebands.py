"""Age bands said in words ("in their 30s", "aged 30-39", "25 to 34 years old") read as a range of the
age column: the tokens become "with age between A and B", which the recognizer reads as a condition on
age, and the interpretation says so. Only where the data has an age column (otherwise the words stay
unknown and the question is declined by name)."""

from __future__ import annotations

import re

import yaml

from catalog.semantic import Role
from nlq.grammar import HERE
from nlq.schema import Col, Schema

_RAW = yaml.safe_load((HERE / "agebands.yaml").read_text())
HOLDERS = {w.strip() for item in _RAW["age_band_holders"] for w in item.split(",")}
DECADE_WORDS: dict[str, int] = _RAW["age_band_decades"]
PARTS: dict[str, list[int]] = _RAW["age_band_parts"]
YEARS_OLD = (("years", "old"), ("year", "old"), ("year", "olds"))


def _decade(toks: list[str], i: int) -> tuple[int, int] | None:
    """A decade at toks[i]: '30 s' or 'thirties' -> (30, tokens used)."""
    t = toks[i] if i < len(toks) else ""
    if t in DECADE_WORDS:
        return DECADE_WORDS[t], 1
    if t.isdigit() and len(t) == 2 and t.endswith("0") and t != "00" and toks[i + 1 : i + 2] == ["s"]:
        return int(t), 2
    return None


def _whole(t: str) -> int | None:
    return int(t) if t.isdigit() and 0 < int(t) <= 120 else None


def _band(toks: list[str], i: int) -> tuple[int, int, int] | None:
    """An age band starting at toks[i]: (low, high, tokens used)."""
    if toks[i] == "in" and i + 1 < len(toks) and toks[i + 1] in HOLDERS:
        j = i + 2
        part = PARTS.get(toks[j]) if j < len(toks) else None
        decade = _decade(toks, j + 1 if part else j)
        if decade is not None:
            low, high = part or (0, 9)
            return decade[0] + low, decade[0] + high, j - i + (1 if part else 0) + decade[1]
    if toks[i] == "aged" and i + 2 < len(toks):
        j = i + 2 if toks[i + 2] != "to" else i + 3
        a, b = _whole(toks[i + 1]), _whole(toks[j]) if j < len(toks) else None
        if a is not None and b is not None and a < b:
            return a, b, j - i + 1
    a = _whole(toks[i])
    if a is not None and toks[i + 1 : i + 2] == ["to"] and i + 2 < len(toks):
        b = _whole(toks[i + 2])
        if b is not None and a < b and tuple(toks[i + 3 : i + 5]) in YEARS_OLD:
            return a, b, 5
    return None


def is_age(c: Col) -> bool:
    """A numeric column of people's ages (a measure or dimension named with the word 'age')."""
    return c.is_numeric and c.role in (Role.MEASURE, Role.DIMENSION) and "age" in c.words and not c.decade_of


def has_age(schema: Schema) -> str | None:
    """How the data's age columns are kept: "whole" (whole numbers) or "exact" (with fractions: 41.85), None
    without one (the recognizer's `age_column` picks the one meant). A band of whole ages is inclusive
    (30 to 39); of exact ages it is half-open, 39.5 being in its 30s (at least 30 and under 40)."""
    ages = [c for t in schema.tables.values() for c in t.columns.values() if is_age(c)]
    if not ages:
        return None
    return "whole" if all("INT" in c.dtype.upper() for c in ages) else "exact"


OPEN_ENDS: dict[tuple[str, ...], str] = {
    ("or", "more"): "at least",
    ("or", "older"): "at least",
    ("and", "older"): "at least",
    ("and", "over"): "at least",
    ("and", "up"): "at least",
    ("or", "less"): "at most",
    ("or", "younger"): "at most",
    ("and", "younger"): "at most",
    ("and", "under"): "at most",
}
"""What follows "N years old" to make it an open band ("10 years old or more": at least 10)."""


def _open_band(toks: list[str], i: int) -> tuple[str, int] | None:
    """ "10 years old or more" at toks[i]: ('at least', 10)."""
    a = _whole(toks[i])
    if a is None or tuple(toks[i + 1 : i + 3]) not in YEARS_OLD:
        return None
    bound = OPEN_ENDS.get(tuple(toks[i + 3 : i + 5]))
    return (bound, a) if bound else None


def read_age_bands(toks: list[str], exact: bool = False) -> tuple[list[str], list[str]]:
    """The tokens with every age band as 'aged between A and B' (an open one as 'with age at least A'),
    and a note for each; of `exact` ages (kept with fractions) a decade ("in their 30s") is 'at least A and
    under B + 1'."""
    out: list[str] = []
    notes: list[str] = []
    i = 0
    while i < len(toks):
        opened = _open_band(toks, i)
        if opened is not None:
            bound, a = opened
            notes.append(f"read '{' '.join(toks[i : i + 5])}' as ages {bound} {a}")
            out += ["with", "age", *bound.split(), str(a)]
            i += 5
            continue
        band = _band(toks, i)
        if band is None:
            out.append(toks[i])
            i += 1
            continue
        low, high, used = band
        said = re.sub(r"(\d) s\b", r"\1s", " ".join(toks[i : i + used]))
        said = re.sub(r"^aged (\d+) (\d+)$", r"aged \1-\2", said)
        # a decade ("in their 30s") of exact ages runs to the next one; numbers said ("aged 40 to 50")
        # are taken as said, both ends in
        if exact and toks[i] == "in":
            notes.append(f"read '{said}' as ages from {low} up to (not including) {high + 1}")
            out += ["with", "age", "at", "least", str(low), "and", "age", "less", "than", str(high + 1)]
        else:
            notes.append(f"read '{said}' as ages {low} to {high}")
            out += ["with", "age", "between", str(low), "and", str(high)]
        i += used
    return out, notes
