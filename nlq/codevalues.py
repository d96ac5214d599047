"""A category kept as a small number, said with its column: "channel 1 customers", "in region 3",
"rating 5 reviews". A column of whole numbers with few values, named right before a whole number it
holds, is that value (an equality), never a column and a stray number ("top 1"?) left to guess."""

from __future__ import annotations

from catalog.roles import INTEGER_TYPES
from nlq.lexicon import Mention, Sense
from nlq.schema import Schema

MAX_CODES = 12
"""Distinct values a coded column may have."""
NOT_A_CODE = frozenset({"top", "bottom", "first", "last", "best", "worst", "over", "under", "above", "below"})
"""Words before the column that make the number something else ("top region 3"?, "over age 30")."""


def coded_values(schema: Schema, mentions: list[Mention]) -> list[Mention]:
    """The mentions with each "<coded column> <number it holds>" pair read as one value."""
    out: list[Mention] = []
    k = 0
    while k < len(mentions):
        m = mentions[k]
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        column = _coded_column(schema, m)
        before = mentions[k - 1].text if k else ""
        n = nxt.number if nxt is not None else None
        after = mentions[k + 2] if k + 2 < len(mentions) else None
        compared = after is not None and (after.has("cmp") or after.text in ("or", "and", "plus"))
        if (
            column is not None
            and nxt is not None
            and n is not None
            and before not in NOT_A_CODE
            and not compared
        ):
            c = schema.col(column)
            low, high = c.minimum, c.maximum
            fits = isinstance(low, int | float) and isinstance(high, int | float) and low <= n <= high
            if fits and float(n).is_integer():
                out.append(
                    Mention(m.start, nxt.end, f"{m.text} {nxt.text}", [Sense("value", column, int(n))])
                )
                k += 2
                continue
        out.append(m)
        k += 1
    return out


def _coded_column(schema: Schema, m: Mention) -> str | None:
    named = {str(s.key) for s in m.senses if s.kind == "column" and "." in str(s.key)}
    if len(named) != 1 or m.kinds - {"column", "colword"}:
        return None
    c = schema.col(next(iter(named)))
    whole = c.dtype.upper() in INTEGER_TYPES
    return c.qualified if whole and 1 < c.distinct <= MAX_CODES and not c.money else None
