"""What "having some" of a column means as a filter: "invoices paid late" of a Days Late column (a count
above 0), "bookings with a parking space" (some spaces), "reviews with a comment" (the text is there)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from catalog.concepts import concept
from catalog.roles import INTEGER_TYPES
from catalog.semantic import Role
from nlq.grammar import word_classes
from nlq.intent import Cond
from nlq.schema import Col, Schema

SOME_MAX_VALUES = 60
"""A whole-number column with at most this many values and no gaps counts things (parking spaces)."""


def some_of(schema: Schema, c: Col) -> Cond | None:
    """The filter keeping the records that have some of column `c`, or None when it says no such thing
    (money in whole units is an amount asked about, never a count of things: "monthly revenue")."""
    if c.nulls == 0 and c.is_numeric and c.formula is None and _zero_is_none(schema, c):
        return Cond(c.qualified, ">", 0)  # "customers who have a balance": a debt above 0
    if c.role == Role.TEXT and c.nulls > 0:
        return Cond(c.qualified, "not_null")
    if c.dtype.upper() not in INTEGER_TYPES or c.formula is not None or c.role == Role.FLAG or c.money:
        return None
    if c.nulls > 0:
        return Cond(c.qualified, "not_null")
    if 0 < c.distinct <= SOME_MAX_VALUES:
        return Cond(c.qualified, ">", 0)
    return None


def _zero_is_none(schema: Schema, c: Col) -> bool:
    """The measure is bound to a concept of which 0 means having none (a debt)."""
    return any(
        b.target == c.qualified and (bound := concept(b.concept)) is not None and bound.none_is_zero
        for b in schema.concepts
    )


COUNTING_WORDS = frozenset(
    {"days", "day", "hours", "minutes", "weeks", "months", "years", "count", "number", "num", "no", "times"}
)
"""Name words of what a column counts, beside the state it counts ("days" of DaysLate)."""


def state_said(schema: Schema, bare: Sequence[str], words: Sequence[str]) -> Cond | None:
    """ "paid late" of a Days Late column: a count column named by its state alone (its other words said,
    never what it counts), the records having some of it; "paid on time" (the state's opposite, words.yaml
    `state_opposites`), the records having none."""
    found = []
    opposites = word_classes()["state_opposites"]
    said = f" {' '.join(words)} "
    for b in bare:
        c = schema.col(b)
        state = [w for w in c.words if w not in COUNTING_WORDS]
        if len(state) == len(c.words) or not state or set(c.words) & COUNTING_WORDS & set(words):
            continue
        opposite = any(f" {' '.join(p)} " in said for w in state for p in opposites.get(w, ()))
        held = some_of(schema, c) if opposite or all(w in words for w in state) else None
        if held is not None and held.op == ">" and opposite:
            found.append(replace(held, op="="))
        elif held is not None and not opposite:
            found.append(held)
    return found[0] if len(found) == 1 else None
