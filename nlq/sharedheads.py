""" "a departure and an arrival delay of over two hours", "wine and meat spend": two words before one
head, each naming a column with that head ("Departure Delay", "Arrival Delay"), say the head once; the
head is said again after the first so that each names its own column."""

from __future__ import annotations

from nlq.lexicon import Lexicon

JOINERS = frozenset({"and", "or", "nor"})
ARTICLES = frozenset({"a", "an", "the", "their", "its"})
NAMING = frozenset({"column", "colword", "flag", "money"})
"""Kinds of sense that name a column."""


def _columns(lexicon: Lexicon, phrase: tuple[str, ...]) -> set[str]:
    return {str(x.key) for x in lexicon.phrases.get(phrase, ()) if x.kind in NAMING}


def said_twice(toks: list[str], lexicon: Lexicon) -> list[str]:
    """`toks` with a head said once after two modifiers said again after the first ("departure and
    arrival delay" -> "departure delay and arrival delay") where both make a column's name and the
    first alone names no other column."""
    out = list(toks)
    for i in range(len(out) - 3, -1, -1):
        j = i + 1
        if out[j] not in JOINERS:
            continue
        k = j + 1 + (out[j + 1] in ARTICLES if j + 1 < len(out) else 0)
        if k + 1 >= len(out):
            continue
        first, second, head = out[i], out[k], out[k + 1]
        both = _columns(lexicon, (first, head)), _columns(lexicon, (second, head))
        listed = i > 0 and _columns(lexicon, (out[i - 1], head))  # "injury, property and vehicle claim"
        alone = _columns(lexicon, (first,)) - both[0]  # the first word alone names another column
        if all(both) and not both[0] & both[1] and not alone and not listed:
            out[i + 1 : i + 1] = [head]
    return out
