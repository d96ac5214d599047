"""People counted by a noun phrase ("groups of 4 or more people", "parties of two", "dined alone") read
as a condition on the column that counts the people of each record (a restaurant bill's party size):
the tokens become "<records> with <column> of N [or more]", which the recognizer reads as a condition
on that column, and a note says so. Only for a column bound to a concept countnouns.yaml lists."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from nlq.grammar import HERE
from nlq.schema import Schema
from nlq.text import parse_number, tokens

TAILS = (("or", "more"), ("or", "fewer"), ("or", "less"), ("or", "over"), ("or", "above"), ("plus",))
"""Words after a number that make it a bound ("4 or more"), kept for the recognizer to read."""
LEADS = (
    ("more", "than"),
    ("fewer", "than"),
    ("less", "than"),
    ("at", "least"),
    ("at", "most"),
    ("over",),
    ("under",),
)
"""Words before a number that make it a bound ("groups of more than 4 people"), kept for the recognizer."""
RANK_WORDS = {"top", "bottom", "first", "last"}
"""Before a number they rank ("top 5 guests"): never a count of people."""


@cache
def _rules() -> dict[str, Any]:
    return yaml.safe_load((HERE / "countnouns.yaml").read_text())


def _phrases(items: list[Any]) -> list[tuple[str, ...]]:
    return sorted((tuple(tokens(str(x))) for x in items), key=len, reverse=True)


@dataclass(frozen=True)
class Counted:
    """The column people are counted in, its words and the rules' phrases."""

    words: tuple[str, ...]
    records: tuple[str, ...]
    nouns: list[tuple[str, ...]]
    counted: list[tuple[str, ...]]
    fixed: list[tuple[tuple[str, ...], int]]


def counted_column(schema: Schema) -> Counted | None:
    """The one column bound to a concept of countnouns.yaml, or None (none, or several: never a guess)."""
    found = []
    for b in schema.concepts:
        rule = _rules().get(b.concept)
        table, _, name = b.target.partition(".")
        if rule is None or not name or table not in schema.tables or name not in schema.tables[table].columns:
            continue
        col = schema.tables[table].columns[name]
        if not col.is_numeric:
            continue
        fixed = [(p, int(n)) for n, said in rule.get("fixed", {}).items() for p in _phrases(said)]
        found.append(
            Counted(
                col.words,
                tuple(tokens(schema.tables[table].entity)),
                _phrases(rule.get("nouns", [])),
                _phrases(rule.get("counted", [])),
                sorted(fixed, key=lambda f: len(f[0]), reverse=True),
            )
        )
    return found[0] if len(found) == 1 else None


def _at(toks: list[str], i: int, phrases: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    return next((p for p in phrases if tuple(toks[i : i + len(p)]) == p), None)


def _number(toks: list[str], i: int, c: Counted, bounded: bool = False) -> tuple[list[str], int] | None:
    """A number at toks[i] with its bound words and an optional counted noun: (tokens kept, used); with
    `bounded`, bound words before it too ("groups of more than 4")."""
    lead = next((b for b in LEADS if tuple(toks[i : i + len(b)]) == b), ()) if bounded else ()
    got = parse_number(toks, i + len(lead))
    if got is None:
        return None
    value, used = got
    if value != int(value) or not 0 < value < 1000:
        return None
    kept = [*lead, str(int(value))]
    used += len(lead)
    tail = next((t for t in TAILS if tuple(toks[i + used : i + used + len(t)]) == t), ())
    kept += list(tail)
    used += len(tail)
    noun = _at(toks, i + used, c.counted)
    return kept, used + (len(noun) if noun else 0)


def read_counted(toks: list[str], c: Counted) -> tuple[list[str], list[str]]:
    """The tokens with every count of people as "<records> with <column> of N", and a note for each."""
    out: list[str] = []
    notes: list[str] = []
    i = 0
    label = " ".join(c.words)
    while i < len(toks):
        noun = _at(toks, i, c.nouns)
        if noun is not None and toks[i + len(noun) : i + len(noun) + 1] == ["of"]:
            num = _number(toks, i + len(noun) + 1, c, bounded=True)
            if num is not None:  # "groups of 4 or more people", "groups of more than 4 people"
                kept, used = num
                said = " ".join(toks[i : i + len(noun) + 1 + used])
                out += [*c.records, "with", *c.words, "of", *kept]
                notes.append(f"read '{said}' as {label} {' '.join(kept)}")
                i += len(noun) + 1 + used
                continue
        if noun is not None and noun[-1] == "for":
            num = _number(toks, i + len(noun), c)
            if num is not None:  # "tables for two"
                kept, used = num
                said = " ".join(toks[i : i + len(noun) + used])
                out += [*c.records, "with", *c.words, "of", *kept]
                notes.append(f"read '{said}' as {label} {' '.join(kept)}")
                i += len(noun) + used
                continue
        fixed = next((f for f in c.fixed if tuple(toks[i : i + len(f[0])]) == f[0]), None)
        if fixed is not None:  # "dined alone"
            out += ["with", *c.words, "of", str(fixed[1])]
            notes.append(f"read '{' '.join(fixed[0])}' as {label} {fixed[1]}")
            i += len(fixed[0])
            noun = _at(toks, i, c.counted)
            i += len(noun) if noun else 0  # "solo travellers": the people are the records' own
            continue
        num = _number(toks, i, c) if not (out and out[-1] in RANK_WORDS) else None
        if num is not None and _at(toks, i + len(num[0]), c.counted):  # "with 4 or more people"
            kept, used = num
            said = " ".join(toks[i : i + used])
            out += [*c.words, "of", *kept]
            notes.append(f"read '{said}' as {label} {' '.join(kept)}")
            i += used
            continue
        out.append(toks[i])
        i += 1
    if notes and not set(c.records) & set(out):
        # "how many people dined alone": the people counted are the records ("how many bills ...")
        at = next((k for k, t in enumerate(out) if (t,) in c.counted), None)
        if at is not None:
            out[at : at + 1] = list(c.records)
    return out, notes
