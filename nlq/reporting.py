"""Reporting lines: a table of people whose rows point at another row of the same table
(employees.reportsTo -> employees.employeeNumber). "Who does Leslie Thompson report to", "who reports to
Mary Patterson", "how many people report to each manager" join the table to itself, which the general
planner never does (every other join is between two tables).

The question shapes are data (grammar/reporting.yaml); the whole question must be one of them once its
filler words are dropped, so a question saying anything more is read as usual.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml
from sqlglot import exp

from catalog.semantic import Role
from catalog.skills import expand
from nlq.build import literal
from nlq.grammar import HERE
from nlq.lexicon import Mention
from nlq.schema import Schema, label_columns

PERSON = "{person}"
PEOPLE = "people"
PEOPLE_WORDS = frozenset({"people", "person", "persons", "staff", "employees", "employee", "workers"})
ROLE_WORDS = frozenset({"title", "job", "role", "position"})
SHAPES = ("manager", "reports", "count", "per_manager", "top_manager")


@dataclass(frozen=True)
class ReportingLine:
    """A question about who reports to whom, and the SQL that answers it."""

    shape: str
    """manager, reports, count, per_manager or top_manager (grammar/reporting.yaml)."""
    table: str
    pointer: str
    """The column pointing at another row of the table (reportsTo)."""
    key: str
    """The column it points at (employeeNumber)."""
    person: tuple[tuple[str, Any], ...] = ()
    """(name column, value) that pick the person named in the question."""
    labels: tuple[str, ...] = ()
    """The columns that name a person (first and last name, or one name)."""
    roles: tuple[str, ...] = ()
    """A column saying what each person does (a job title), shown beside the names listed."""


@cache
def _grammar() -> dict[str, Any]:
    return yaml.safe_load((HERE / "reporting.yaml").read_text())


@cache
def _phrases() -> dict[str, str]:
    """Every phrase the templates allow -> its shape."""
    out: dict[str, str] = {}
    filler = set(_grammar()["filler"])
    for shape in SHAPES:
        for template in _grammar()[shape]:
            for phrase in expand(template):
                out.setdefault(" ".join(w for w in phrase.split() if w not in filler), shape)
    return out


def self_pointer(schema: Schema) -> tuple[str, str, str] | None:
    """(table, pointer, key) of the one column pointing at its own table's rows, if there is one."""
    found = [
        (r.table, r.column, r.ref_column)
        for r in schema.relations
        if r.table == r.ref_table and r.column != r.ref_column
    ]
    return found[0] if len(found) == 1 else None


def read_reporting(schema: Schema, toks: list[str], mentions: list[Mention]) -> ReportingLine | None:
    """The reporting-line question the tokens are, or None (then the question is read as usual)."""
    found = self_pointer(schema)
    if found is None:
        return None
    table, pointer, key = found
    person: list[list[tuple[str, Any]]] = []
    words: list[str] = []
    entity = {w for w in schema.tables[table].info.entity.lower().split()} | {
        w for w in schema.tables[table].info.entity_singular.lower().split()
    }
    for m in mentions:
        named = [
            (str(s.key).split(".", 1)[1], s.value)
            for s in m.senses
            if s.kind == "value" and str(s.key).split(".", 1)[0] == table
        ]
        if named and schema.tables[table].columns[named[0][0]].role != Role.FLAG:
            if not words or words[-1] != PERSON:
                words.append(PERSON)
            person.append(named)
            continue
        words += [PEOPLE if w in entity or w in PEOPLE_WORDS else w for w in m.text.split()]
    filler = set(_grammar()["filler"])
    said = " ".join(w for w in words if w not in filler)
    shape = _phrases().get(said)
    if shape is None or (PERSON in said) != bool(person) or words.count(PERSON) > 1:
        return None
    labels = tuple(q.split(".", 1)[1] for q in label_columns(schema, table))
    roles = [
        c.name
        for c in schema.tables[table].columns.values()
        if set(c.words) & ROLE_WORDS and c.role in (Role.DIMENSION, Role.TEXT) and c.name not in labels
    ]
    return ReportingLine(
        shape, table, pointer, key, _one_each(person, labels), labels or (key,), tuple(roles[:1])
    )


def _one_each(said: list[list[tuple[str, Any]]], labels: tuple[str, ...]) -> tuple[tuple[str, Any], ...]:
    """One (column, value) per word of a name: "Gerard Bondur" is a first name then a last name when the
    labels are (first, last), though "Gerard" is also someone's last name."""
    chosen: list[tuple[str, Any]] = []
    for i, senses in enumerate(said):
        fits = [s for s in senses if len(said) == len(labels) and s[0] == labels[i]]
        chosen.append((fits or senses)[0])
    return tuple(chosen)


def reporting_tree(line: ReportingLine) -> exp.Select:
    """The self-join answering the question: `x` is the person who reports, `m` the one reported to."""
    x, m = "x", "m"
    on = exp.column(line.pointer, table=x, quoted=True).eq(exp.column(line.key, table=m, quoted=True))
    base = exp.select().from_(exp.to_table(line.table, alias=x, quoted=True))
    base = base.join(exp.to_table(line.table, alias=m, quoted=True), on=on, join_type="inner")
    named = m if line.shape in ("reports", "count") else x
    for column, value in line.person:
        base = base.where(exp.column(column, table=named, quoted=True).eq(literal(value)))
    shown = m if line.shape in ("manager", "per_manager", "top_manager") else x
    names: list[exp.Expr] = [exp.column(c, table=shown, quoted=True) for c in line.labels]
    if len(names) == 2:  # a first and a last name, also as one name as people read it ("Jane Peacock")
        full = exp.func("concat_ws", exp.Literal.string(" "), names[0].copy(), names[1].copy())
        names.append(exp.alias_(full, "full_name", quoted=True))
    if line.shape == "count":
        return base.select(exp.alias_(exp.Count(this=exp.Star()), "people", quoted=True))
    if line.shape in ("manager", "reports"):
        roles = [exp.column(c, table=shown, quoted=True) for c in line.roles]
        return base.select(*names, *roles).order_by(*[n.copy() for n in names[: len(line.labels)]])
    count = exp.alias_(exp.Count(this=exp.Star()), "direct_reports", quoted=True)
    key = exp.column(line.key, table=m, quoted=True)
    tree = base.select(key, *names, count).group_by(key, *[n.copy() for n in names[: len(line.labels)]])
    return tree.order_by(exp.Ordered(this=exp.column("direct_reports", quoted=True), desc=True), key.copy())
