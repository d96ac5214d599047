"""What "having some" of a column means as a filter: "invoices paid late" of a Days Late column (a count
above 0), "bookings with a parking space" (some spaces), "reviews with a comment" (the text is there)."""

from __future__ import annotations

from catalog.concepts import concept
from catalog.roles import INTEGER_TYPES
from catalog.semantic import Role
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
