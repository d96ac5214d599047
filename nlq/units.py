"""Units of measure (grammar/units.yaml): the unit a numeric column is counted in, from its name or by
custom, and the factor that turns a number said in one unit into another."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import yaml

from nlq.grammar import HERE
from nlq.text import tokens


@cache
def _rules() -> dict[str, Any]:
    return yaml.safe_load((HERE / "units.yaml").read_text())


@cache
def _word_units() -> dict[str, str]:
    """A unit word ("hours", "g") -> its unit ("hour", "gram")."""
    return {w: unit for unit, words in _rules()["names"].items() for w in words}


def unit_of_word(word: str) -> str | None:
    """The unit a question's unit word names ("hours" -> "hour"); None for other units (dollars, times)."""
    return _word_units().get(word)


def named_unit(words: tuple[str, ...]) -> str | None:
    """The one unit a column's name words say ("years since last promotion" -> "year"), if exactly one."""
    found = {_word_units()[w] for w in words if w in _word_units()}
    return found.pop() if len(found) == 1 else None


_RATE = re.compile(r"([A-Za-z]+)\s*(?:/|\bper\b|_per_)\s*(day|week|month|year|hour|visit|session)\b", re.I)


def rate_unit(name: str) -> str | None:
    """The unit of a rate a column's name writes out ("App Usage Time (min/day)" -> "minute",
    "Screen On Time (hours/day)" -> "hour"): the unit before "/" or "per" and a period."""
    m = _RATE.search(name)
    if m is None:
        return None
    word = m.group(1).lower()
    return _word_units().get(word) or _rules().get("rate_names", {}).get(word)


def rate_period(name: str) -> str | None:
    """The period a rate written in a column's name is counted per ("(hours/day)" -> "day")."""
    m = _RATE.search(name)
    return m.group(2).lower() if m is not None else None


def custom_unit(words: tuple[str, ...], records: set[str], maximum: Any) -> str | None:
    """The unit a column is counted in by custom ("length" of films: minutes), when its values fit."""
    for rule in _rules()["conventions"]:
        names = {tuple(tokens(c)) for c in rule["columns"]}
        if words not in names or not records & set(rule["records"]):
            continue
        if not isinstance(maximum, int | float) or isinstance(maximum, bool) or maximum <= 0:
            continue
        if maximum <= rule.get("most", float("inf")) and maximum >= rule.get("least", 0):
            return str(rule["unit"])
    return None


def factor(said: str, stored: str) -> int | None:
    """What a number said in unit `said` is multiplied by to be in unit `stored` (None: no conversion)."""
    if said == stored:
        return 1
    value = _rules()["factors"].get(said, {}).get(stored)
    return int(value) if value is not None else None


def _figure_rule(concepts: set[str]) -> dict[str, Any] | None:
    return next((r for r in _rules()["figures"] if concepts & set(r["concepts"])), None)


def custom_period(concepts: set[str]) -> str | None:
    """The period a measure bound to these concepts is counted per by custom ("year" for an income)."""
    rule = _figure_rule(concepts)
    return str(rule["period"]) if rule and rule.get("period") else None


def in_thousands(concepts: set[str], maximum: Any, said: float) -> bool:
    """An amount `said` in full (200,000) of a measure bound to these concepts whose largest value is
    below the rule's bound, while the amount is at or above it: the column may hold thousands (the
    caller checks the amount fits its values when read so)."""
    rule = _figure_rule(concepts)
    if not rule or not rule.get("thousands_below") or isinstance(maximum, bool):
        return False
    bound = float(rule["thousands_below"])
    return isinstance(maximum, int | float) and 0 < maximum < bound <= said


def named_in_thousands(words: tuple[str, ...]) -> bool:
    """Whether a column's name words say it holds thousands ("sales thousands", "income 000 s")."""
    for said in _rules()["thousands_names"]:
        n = len(said)
        if n and any(
            tuple(words[i : i + n]) == tuple(str(w) for w in said) for i in range(1, len(words) - n + 1)
        ):
            return True
    return False


def money_scale(words: tuple[str, ...]) -> str | None:
    """The unit money is stored in by its column's name words after the first ("spend cents" -> "cents",
    "revenue k" -> "thousand"), or None for whole currency units."""
    for scale, names in _rules()["money_scales"].items():
        for said in names:
            n = len(said)
            if n and any(
                tuple(words[i : i + n]) == tuple(map(str, said)) for i in range(1, len(words) - n + 1)
            ):
                return str(scale)
    return None


def said_units(names: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The units of the one quantity (units.yaml `quantities`) a column whose whole name, or a reading of
    it, is one of that quantity's column names is given in ("speed": megahertz, gigahertz)."""
    found: list[str] = []
    for rule in _rules().get("quantities", {}).values():
        columns = {tuple(tokens(c)) for c in rule["columns"]}
        if any(n in columns for n in names):
            found += [str(u) for u in rule["units"]]
    return tuple(dict.fromkeys(found))


@cache
def quantity_unit_words() -> tuple[str, ...]:
    """Every word of the units of `quantities` ("mhz", "gb", "inches"): after a number, never a year."""
    units = {str(u) for rule in _rules().get("quantities", {}).values() for u in rule["units"]}
    return tuple(sorted((w for w, unit in _word_units().items() if unit in units), key=len, reverse=True))
