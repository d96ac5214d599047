"""A word the data does not know, defined in brackets by values it does: "unresolved (open or pending)
complaints", "share of resolved (closed + solved) tickets". The brackets say what the word means, so the
question is asked again with the values in the word's place; the reading is said in the interpretation.
Only unknown words right before the brackets are replaced, and only when every word inside is known."""

from __future__ import annotations

import re

from nlq.text import tokens

BRACKET = re.compile(r"\(([^()]{1,80})\)")
JOINERS = frozenset({"or", "and", "plus", "+", "/", ","})
"""Words that join the values listed in the brackets."""


def read_defined(question: str, unknown: set[str]) -> tuple[str, list[str]] | None:
    """(the question with each defined word replaced by the values in its brackets, what was read), or
    None when no bracket defines an unknown word."""
    out: list[str] = []
    said: list[str] = []
    at = 0
    for found in BRACKET.finditer(question):
        inside = found.group(1)
        words = tokens(inside)
        if not words or set(words) & unknown or not (set(words) & JOINERS or "+" in inside or "," in inside):
            continue
        before = question[at : found.start()].rstrip()
        last = re.search(r"([A-Za-z][\w'-]*)$", before)
        if last is None or not set(tokens(last.group(1))) <= unknown:
            continue
        values = " or ".join(
            v.strip() for v in re.split(r"\s*(?:,|\+|/|\bor\b|\band\b|\bplus\b)\s*", inside) if v.strip()
        )
        out.append(f"{before[: last.start()]}{values}")
        said.append(f"'{last.group(1)}' read as {values}, as said in brackets")
        at = found.end()
    if not said:
        return None
    out.append(question[at:])
    return " ".join("".join(out).split()), said
