""" "Which sales support agent's customers have generated the most revenue?": a possessive between records of
two tables makes the owner the thing asked for (the agents, ranked by their customers' revenue). The
reader drops "'s" with the rest of the punctuation, so it would rank the customers: a wrong answer. Until
owners are read, such a question is declined naming the phrase; a possessive within one table's rows
("which store's customers", "each customer's income") is read as before."""

from __future__ import annotations

import re

from nlq.lexicon import Mention, Sense
from nlq.schema import Schema

POSSESSIVE = re.compile(r"\b([a-z]+)'s\s+([a-z]+)", re.I)
ASKERS = {"which", "each", "every", "per", "who", "whose"}
"""Words before the owner that make it the thing asked for or split by."""


def _tables(mention: Mention) -> set[str]:
    return {str(s.key if s.kind == "entity" else s.key).split(".", 1)[0] for s in mention.senses if s.key}


def _at(mentions: list[Mention], word: str) -> Mention | None:
    return next((m for m in mentions if word in m.text.split()), None)


def owner_of_records(question: str, schema: Schema, mentions: list[Mention]) -> str | None:
    """The phrase ("agent's customers") when a possessive joins records of two tables after an asking
    word, else None."""
    for match in POSSESSIVE.finditer(question):
        before = question[: match.start()].lower().split()
        if not ASKERS & set(before):
            continue
        owner, owned = _at(mentions, match.group(1).lower()), _at(mentions, match.group(2).lower())
        if owner is None or owned is None or not owned.has("entity"):
            continue
        records = {str(s.key) for s in owned.of("entity") if not s.value and s.key in schema.tables}
        if records and _tables(owner) and not (_tables(owner) & records):
            return f"{match.group(1)}'s {match.group(2)}"
    return None


def own_rows_said(question: str, schema: Schema, mentions: list[Mention]) -> list[Mention]:
    """ "each manager's team" where the manager is a column of the teams' own rows: the records said
    after the possessive are those rows, grouped by the owner; the word for them is no second split."""
    out = list(mentions)
    for match in POSSESSIVE.finditer(question):
        owner, owned = _at(out, match.group(1).lower()), _at(out, match.group(2).lower())
        if owner is None or owned is None or owned.kinds != {"entity"} or not owner.has("column"):
            continue
        columns = {str(s.key).split(".", 1)[0] for s in owner.of("column")}
        records = {str(s.key) for s in owned.of("entity") if not s.value}
        if len(columns) == 1 and columns == records:
            out[out.index(owned)] = Mention(owned.start, owned.end, owned.text, [Sense("stop")])
    return out
