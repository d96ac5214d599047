""" "companies with 100-250 employees": two numbers said as one of a category's coded ranges (the value
100-250 of company_size, between_100_500 of savings) are that value, and a word of people or a unit
of time right after it (words.yaml `people`, nlq.units) only says what the range counts. The numbers
must name exactly one stored range of one column; otherwise nothing changes."""

from __future__ import annotations

from catalog.semantic import Role
from nlq.coderanges import span, spans
from nlq.grammar import word_classes
from nlq.lexicon import Mention, Sense
from nlq.schema import Schema
from nlq.units import unit_of_word


def read_range_values(schema: Schema, mentions: list[Mention]) -> list[Mention]:
    """The mentions with each pair of numbers naming one coded range read as that stored value."""
    out = list(mentions)
    k = 0
    while k + 1 < len(out):
        a, b = out[k].number, out[k + 1].number
        if a is None or b is None or out[k].kinds != {"number"} or out[k + 1].kinds != {"number"}:
            k += 1
            continue
        found = [
            (c.qualified, v)
            for c in schema.columns(Role.DIMENSION)
            if not c.derived and spans(c.values) is not None
            for v in c.values
            if (s := span(v)) is not None and (s.lo, s.hi) == (a, b)
        ]
        if len(found) != 1:
            k += 1
            continue
        q, v = found[0]
        said = f"{out[k].text}-{out[k + 1].text}"
        value = Mention(out[k].start, out[k + 1].end, said, [Sense("value", q, v)])
        out[k : k + 2] = [value]
        nxt = out[k + 1] if k + 1 < len(out) else None
        counted = {w for p in word_classes()["people"] for w in p}
        if nxt is not None and not nxt.senses and (nxt.text in counted or unit_of_word(nxt.text)):
            out[k + 1] = Mention(nxt.start, nxt.end, nxt.text, [Sense("stop")])
        k += 1
    return out
