"""Several stored values of one column said with one word ("weekends" = Sat, Sun on a column of weekday
names): a derived category of that column with one value per group (nlq/grammar/valuegroups.yaml),
built as CASE WHEN column IN (...) THEN group ... END, so a group filters ("on weekends") and splits
("weekends vs weekdays") like any category, and the interpretation names the stored values."""

from __future__ import annotations

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
        derived = f"{col.name}_{'_'.join(str(rule['name']).split())}"
        if len(groups) < 2 or derived in schema.tables[table].columns:
            continue  # a group is a part of the values: with one alone, it says nothing
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
