"""Glosses: words in brackets, or after "i.e.", that say again what the question already names ("the
average total bill (day, evening, night and international charges added up)", "businesses, i.e. those with
a company name"). Read without its gloss, a question is answered only when every word of the gloss names
a column the answer uses (or is filler): a gloss that adds a condition is never dropped."""

from __future__ import annotations

import re

from nlq.intent import Intent
from nlq.lexicon import Lexicon
from nlq.schema import Schema
from nlq.text import phrase_tokens, singular, tokens

BRACKETS = re.compile(r"\(([^()]*)\)")
IE = re.compile(r"[,;]?\s*\b(?:i\.?\s?e\.?|that is|meaning|namely)[,:]?\s+(.*)$", re.IGNORECASE)
FILLER = frozenset(
    {
        "added", "up", "combined", "together", "all", "types", "type", "kinds", "kind", "and", "plus", "counting",
        "sum", "summed", "of", "both", "total", "the", "its", "their", "our", "a", "an", "with", "in", "on",
        "from", "to", "by", "per", "each", "every", "one", "two", "three", "four", "five", "six", "x", "times",
        "minus", "what", "we", "it", "is", "are", "for", "that", "those", "these", "only", "ones", "unit", "units",
    }
)  # fmt: skip
"""Words a gloss may hold besides the names it repeats."""


def split_gloss(question: str) -> tuple[str, str] | None:
    """(the question without its gloss, the gloss), or None when it has none."""
    found = BRACKETS.search(question)
    if found is not None:
        rest = (question[: found.start()] + " " + question[found.end() :]).strip()
        return " ".join(rest.split()), found.group(1)
    found = IE.search(question)
    if found is not None and found.start() > 0:
        return question[: found.start()].strip(), found.group(1)
    return None


def used_columns(schema: Schema, intent: Intent) -> set[str]:
    """Every stored column an answer reads: its figures' (a derived figure's parts too), splits, filters."""
    named = {*intent.group_by, *(f.column for f in intent.filters), *intent.labels}
    for m in intent.measures:
        named |= {q for q in (m.column, m.over, m.per_key) if q} | {c.column for c in m.condition}
    out = set()
    for q in named:
        if "." not in q:
            continue
        out.add(q)
        table, _, name = q.partition(".")
        col = schema.tables[table].columns.get(name) if table in schema.tables else None
        for part in (col.formula or ()) if col is not None else ():
            out.add(f"{table}.{part}")
    return out


def gloss_explained(lexicon: Lexicon, schema: Schema, gloss: str, intent: Intent) -> bool:
    """Whether every word of the gloss is filler, a number or a word of a column the answer uses."""
    used = used_columns(schema, intent)
    named = {
        singular(w)
        for q in used
        for words in (schema.col(q).words, *schema.col(q).synonyms, phrase_tokens(schema.col(q).name))
        for w in words
    }
    for word in tokens(gloss):
        if word in FILLER or word.replace(".", "").isdigit() or singular(word) in named:
            continue
        senses = lexicon.phrases.get((word,), ()) or lexicon.phrases.get((singular(word),), ())
        keys = {str(s.key) for s in senses if s.kind in ("column", "colword", "flag")}
        if not keys & used:
            return False
    return True
