""" "Sales by customer segment" where one table holds each order's customer id and segment: a record noun
said right before a column of the same rows qualifies that column ("the customers' segment"), one noun
phrase naming the column; never a split by the records' ids as well. Only for records named through an
id column of the table ("customer" of `Customer ID`), and a column that describes them (a category or
text, not an id or an amount)."""

from __future__ import annotations

from functools import cache

from catalog.concepts import ontology
from catalog.semantic import Role
from nlq.lexicon import Mention, Sense
from nlq.schema import Schema
from nlq.text import singular

DESCRIBING = (Role.DIMENSION, Role.OTHER, Role.FLAG)
"""Roles of columns a record noun may qualify: categories, texts and yes/no columns."""


@cache
def _record_nouns() -> frozenset[str]:
    """Nouns of every kind of record the ontology knows (customer, car, loan, product ...)."""
    return frozenset(n for c in ontology()[1] if c.kind == "entities" for n in c.names)


def _qualified(schema: Schema, noun: Mention, nxt: Mention) -> Sense | None:
    """The one describing column `nxt` names when `noun` is an unknown record noun ("car group")."""
    if noun.senses or " " in noun.text or singular(noun.text) not in _record_nouns():
        return None
    columns = nxt.of("column")
    if len(columns) != 1 or nxt.kinds - {"column", "colword"}:
        return None
    return columns[0] if schema.col(str(columns[0].key)).role in DESCRIBING else None


def _attribute(schema: Schema, noun: Mention, nxt: Mention) -> Sense | None:
    """The column `nxt` names when `noun` only qualifies it, or None."""
    if not noun.has("entity") or not noun.kinds <= {"entity", "colword"}:
        return None
    keys = {str(s.value) for s in noun.of("entity") if isinstance(s.value, str)}
    if len(keys) != 1 or not nxt.has("column") or nxt.kinds & {"entity", "value", "flag", "number"}:
        return None
    table = keys.pop().split(".", 1)[0]
    columns = [s for s in nxt.of("column") if str(s.key).split(".", 1)[0] == table]
    if len(columns) != 1 or schema.col(str(columns[0].key)).role not in DESCRIBING:
        return None
    return columns[0]


def read_compounds(schema: Schema, mentions: list[Mention]) -> tuple[list[Mention], list[str]]:
    """The mentions with each "<record noun> <its column>" read as that column alone, and notes."""
    out = list(mentions)
    notes: list[str] = []
    k = 0
    while k + 1 < len(out):
        a, b = out[k], out[k + 1]
        sense = _attribute(schema, a, b)
        unknown = None if sense is not None else _qualified(schema, a, b)
        if unknown is not None:
            notes.append(f"'{a.text} {b.text}' read as {schema.col(str(unknown.key)).name}")
        found = sense or unknown
        if found is not None:
            out[k : k + 2] = [Mention(a.start, b.end, f"{a.text} {b.text}", [found])]
        k += 1
    return out, notes
