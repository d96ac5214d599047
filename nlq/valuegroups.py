"""Several stored values of one column said with one word ("weekends" = Sat, Sun on a column of weekday
names): a derived category of that column with one value per group (nlq/grammar/valuegroups.yaml),
built as CASE WHEN column IN (...) THEN group ... END, so a group filters ("on weekends") and splits
("weekends vs weekdays") like any category, and the interpretation names the stored values.

A code inside an export's values (valuegroups.yaml `within_values`: the sex of M_single, F_not_single,
M_divorced) makes such a category too, found from the values alone ("women" is every F_ value), and
the values' other part another one ("single" of M_single), so "single men" is both."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import yaml

from catalog.semantic import Role
from nlq.grammar import HERE
from nlq.schema import Col, Schema


@cache
def _rules() -> dict[str, Any]:
    return yaml.safe_load((HERE / "valuegroups.yaml").read_text())


def _groups(col: Col, rule: dict[str, Any]) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    """(group, the column's stored values in it) for each group the column holds a value of."""
    out = []
    for label, body in rule["groups"].items():
        held = []
        for ways in body["stored"]:
            said = {str(w).lower() for w in ways}
            held += [v for v in col.values if isinstance(v, str) and v.strip().lower() in said]
        if held:
            out.append((str(label), tuple(held)))
    return tuple(out)


def _said(col: Col, held: tuple[Any, ...]) -> str:
    """What a group word stands for in the interpretation: "day Sat, Sun"; of a date's weekday, the days
    alone ("Saturday, Sunday": several tables' dates may share the word, the filter names the date)."""
    days = ", ".join(str(v) for v in held)
    return days if col.weekday_of is not None else f"{col.name} {days}"


def add_value_groups(schema: Schema) -> None:
    """Add a derived category for each column bound to a concept valuegroups.yaml groups the values of,
    with the group words as its values' words (schema.value_words) and what each word stands for
    (schema.group_words: the phrase said in the interpretation)."""
    bound = [(b.concept, b.target) for b in schema.concepts]
    # the day of the week of a date ("orders on weekends"), where a table has one such derived column
    for t in schema.tables.values():
        days = [c for c in t.columns.values() if c.weekday_of is not None]
        if len(days) == 1:
            bound.append(("weekday", days[0].qualified))
    for concept, target in bound:
        rule = _rules().get(concept)
        table, _, name = target.partition(".")
        if rule is None or not name or table not in schema.tables:
            continue
        col = schema.tables[table].columns.get(name)
        if col is None or col.role != Role.DIMENSION:
            continue
        groups = _groups(col, rule)
        if len(groups) < 2 or f"{col.name}_{_name(rule)}" in schema.tables[table].columns:
            continue  # a group is a part of the values: with one alone, it says nothing
        _add(schema, col, rule, groups)
    for t in list(schema.tables.values()):
        for col in list(t.columns.values()):
            for rule in _rules().get("within_values", {}).values():
                groups = coded_groups(col, rule)
                if len(groups) >= 2 and f"{col.name}_{_name(rule)}" not in t.columns:
                    _add(schema, col, rule, groups)
                    _add_rests(schema, col, rule)


def _name(rule: dict[str, Any]) -> str:
    return "_".join(str(rule["name"]).split())


PARTS = re.compile(r"[_\-.\s]+")


def coded_groups(col: Col, rule: dict[str, Any]) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    """(group, the values whose code part is one of the group's codes) of a column whose every value
    carries exactly one such code beside at least one other part (M_single, F_not_single); else ()."""
    if col.role != Role.DIMENSION or col.derived or len(col.values) < 2:
        return ()
    codes = {str(c).lower(): str(g) for g, body in rule["groups"].items() for c in body["codes"]}
    held: dict[str, list[Any]] = {}
    for v in col.values:
        if not isinstance(v, str):
            return ()
        parts = [p for p in PARTS.split(v.strip().lower()) if p]
        found = {codes[p] for p in parts if p in codes}
        coded = [p for p in parts if p in codes]
        if len(found) != 1 or len(coded) != 1 or len(parts) < 2:
            return ()
        held.setdefault(found.pop(), []).append(v)
    return tuple((g, tuple(held[g])) for g in rule["groups"] if g in held)


def _rest(value: str, rule: dict[str, Any]) -> str:
    """A coded value without its code part: "not single" of F_not_single."""
    codes = {str(c).lower() for body in rule["groups"].values() for c in body["codes"]}
    return " ".join(p for p in PARTS.split(value.strip().lower()) if p and p not in codes)


def _add_rests(schema: Schema, col: Col, rule: dict[str, Any]) -> None:
    """The other part of coded values as a category of its own ("single" of M_single and F_single), so
    "single men" is the rest single and the code male, and "single" alone is every value saying it."""
    rests: dict[str, list[Any]] = {}
    for v in col.values:
        rests.setdefault(_rest(v, rule), []).append(v)
    if len(rests) < 2 or any(not r or r.replace(" ", "").isdigit() for r in rests):
        return
    groups = tuple((r, tuple(held)) for r, held in rests.items())
    _add(
        schema,
        col,
        {"name": f"{rule['rest_name']} {rule['name']}", "groups": {r: {"words": [r]} for r in rests}},
        groups,
    )


def _add(
    schema: Schema, col: Col, rule: dict[str, Any], groups: tuple[tuple[str, tuple[Any, ...]], ...]
) -> None:
    """The derived category of col's groups, its group words as its values' words."""
    table = col.table
    derived = f"{col.name}_{_name(rule)}"
    schema.tables[table].columns[derived] = Col(
        table=table,
        name=derived,
        dtype="VARCHAR",
        role=Role.DIMENSION,
        words=tuple(w for w in str(rule["name"]).split()),
        values=tuple(label for label, _ in groups),
        distinct=len(groups),
        value_groups=(col.name, groups),
    )
    q = f"{table}.{derived}"
    words = schema.value_words.setdefault(q, {})
    for label, held in groups:
        for word in rule["groups"][label]["words"]:
            words[str(word).lower()] = label
            schema.group_words[(q, label)] = _said(col, held)
