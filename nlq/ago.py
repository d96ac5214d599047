"""A time ago said of a column that counts the time since an event ("got their PhD 20 or more years
ago" where yrs.since.phd counts the years since the PhD): the tokens become "with <column> of 20 or
more", which the recognizer reads as a condition on that column, and a note says so; "how many years
ago did they get their PhD" names the column. Only where the event's words are said in the question
and one column counts the time since it in the unit said."""

from __future__ import annotations

from catalog.semantic import Role
from nlq.grammar import word_classes
from nlq.schema import Schema
from nlq.text import parse_number
from nlq.units import unit_of_word

Since = tuple[str, tuple[str, ...], tuple[str, ...]]
"""(unit, the event's words, the column's words)."""
LEADS = (
    ("more", "than"),
    ("less", "than"),
    ("fewer", "than"),
    ("at", "least"),
    ("at", "most"),
    ("over",),
    ("under",),
)
TAILS = (("or", "more"), ("or", "less"), ("or", "fewer"), ("or", "over"), ("plus",))


def since_phrase(words: tuple[str, ...], since: list[tuple[str, ...]]) -> tuple[str, tuple[str, ...]] | None:
    """(unit, event words) of "<unit> since last <event>" ("years since last promotion"), else None."""
    for i in range(1, len(words)):
        unit = unit_of_word(words[i - 1])
        for lead in since:
            if unit is not None and words[i : i + len(lead)] == lead and words[i + len(lead) :]:
                return unit, words[i + len(lead) :]
    return None


def since_columns(schema: Schema) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Numeric columns that count the time since an event: column -> (unit, the event's words), from
    the column's name ("years since last promotion") or its concept (recency: days since last purchase)."""
    rules = word_classes()["since_last"]
    bound = {b.target: b.concept for b in schema.concepts}
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for c in schema.columns():
        if not c.is_numeric or c.role in (Role.IDENTIFIER, Role.FOREIGN_KEY, Role.TIME, Role.FLAG):
            continue
        for words in [c.words, *rules.get(bound.get(c.qualified, ""), [])]:
            read = since_phrase(words, rules["since"])
            if read is not None:
                out[c.qualified] = read
                break
    return out


def ago_columns(schema: Schema) -> list[Since]:
    """The columns a time ago can be read on: one per unit and event."""
    found: dict[tuple[str, tuple[str, ...]], list[tuple[str, ...]]] = {}
    for q, (unit, event) in since_columns(schema).items():
        found.setdefault((unit, event), []).append(schema.col(q).words)
    return [(unit, event, cols[0]) for (unit, event), cols in found.items() if len(cols) == 1]


def _event_said(toks: list[str], event: tuple[str, ...]) -> bool:
    return any(tuple(toks[i : i + len(event)]) == event for i in range(len(toks)))


def read_ago(toks: list[str], columns: list[Since]) -> tuple[list[str], list[str]]:
    """The tokens with "<N> <unit> ago" as "with <column> of N" and "how many <unit> ago" as "how many
    <column>", for the column counting the time since an event said in the question; a note each."""
    for unit, event, words in columns:
        if not _event_said(toks, event):
            continue
        at = next(
            (i for i in range(1, len(toks)) if toks[i] == "ago" and unit_of_word(toks[i - 1]) == unit), None
        )
        if at is None:
            continue
        label = " ".join(words)
        if toks[max(0, at - 3) : at - 1] == ["how", "many"]:
            out = [*toks[: at - 1], *words, *toks[at + 1 :]]
            return out, [f"read '{toks[at - 1]} ago' as {label}"]
        end = at - 1
        tail = next((t for t in TAILS if tuple(toks[end - len(t) : end]) == t), ())
        k = end - len(tail)
        start = next(
            (s for s in range(max(0, k - 2), k) if (got := parse_number(toks, s)) and s + got[1] == k), None
        )
        if start is None:
            continue
        lead = next((ld for ld in LEADS if tuple(toks[start - len(ld) : start]) == ld), ())
        first = start - len(lead)
        number = toks[start:k]
        said = " ".join(toks[first : at + 1])
        read = [*lead, *number] if lead else ["of", *number, *tail]
        out = [*toks[:first], "with", *words, *read, *toks[at + 1 :]]
        return out, [f"read '{said}' as {label} {' '.join(w for w in read if w != 'of')}"]
    return toks, []
