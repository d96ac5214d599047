""" "Order lines sold at a loss", "which states lost us the most money": money lost or made said without the
profit column's name. Where one numeric column is named profit, the words become ones the recognizer
reads on it (nlq/grammar/losses.yaml): a condition on each record ("with negative profit") or a ranking
by its total ("the lowest total profit"), and a note says so. "Which regions are losing money" is a
group's total, not its rows: that is asked back, never answered from the rows."""

from __future__ import annotations

from functools import cache

import yaml

from nlq.grammar import HERE
from nlq.schema import Schema
from nlq.text import tokens

Phrase = tuple[str, ...]
REWRITES = {
    "group_negative": ("have", "a", "total"),
    "negative": ("with", "negative"),
    "positive": ("with", "positive"),
    "most_lost": ("the", "lowest", "total"),
    "most_made": ("the", "highest", "total"),
    "least_made": ("the", "lowest", "total"),
}
"""What each kind of phrase becomes, before the profit column's own words."""


@cache
def _rules() -> dict[str, list[Phrase]]:
    raw = yaml.safe_load((HERE / "losses.yaml").read_text())
    return {kind: sorted((tuple(tokens(p)) for p in raw[kind]), key=len, reverse=True) for kind in REWRITES}


class GroupLoss(Exception):
    """ "Which regions are losing money": a group's total is meant; asked back."""


def read_losses(toks: list[str], profit: Phrase | None) -> tuple[list[str], list[str], list[str]]:
    """The tokens with each phrase of money lost or made read on the profit column, the notes saying so
    and the phrases read ("sold at a loss")."""
    if profit is None:
        return toks, [], []
    out: list[str] = []
    notes: list[str] = []
    said: list[str] = []
    i = 0
    while i < len(toks):
        found = next(
            ((kind, p) for kind, ps in _rules().items() for p in ps if tuple(toks[i : i + len(p)]) == p), None
        )
        if found is None:
            out.append(toks[i])
            i += 1
            continue
        kind, phrase = found
        if kind in ("negative", "positive") and toks[:1] == ["which"]:
            raise GroupLoss(" ".join(phrase))
        # a group's total below zero, the biggest losses first
        after = ("below", "0", "lowest", "first") if kind == "group_negative" else ()
        out += [*REWRITES[kind], *profit, *after]
        notes.append(f"'{' '.join(phrase)}' read as {' '.join(REWRITES[kind][1:] + profit + after)}")
        said.append(" ".join(phrase))
        i += len(phrase)
    return out, notes, said


def profit_words(schema: Schema) -> Phrase | None:
    """The words of the one numeric column named profit (None: none, or several)."""
    found = [
        c.words
        for c in schema.columns()
        if c.is_numeric
        and not c.derived
        and {"profit", "profits"} & set(c.words)
        and c.role.value == "measure"
    ]
    return tuple(found[0]) if len(found) == 1 else None
