"""Question rewrites as data: grammar/rewrites.yaml, applied in order to a normalised question.

A rule rewrites one way of saying a thing into the form the reader reads ("which gender has the higher
salary" -> "the highest"). Its regex and replacement are data; the few replacements that need code are
the functions in CALLS, named by the rule's `call`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).resolve().parent / "grammar" / "rewrites.yaml"

SUPERLATIVE = {
    "higher": "highest", "lower": "lowest", "bigger": "biggest", "larger": "largest", "smaller": "smallest",
    "greater": "greatest", "better": "best", "worse": "worst",
}  # fmt: skip
RANKED = re.compile(r"\b(?:\w+est|most|least|top|bottom|best|worst)\b")
THERE_MIN_WORDS = 3
"""Words before a last "there" that make it point back at a place ("the total amount spent there"), never
a phrase of the grammar ("got there")."""


def _rank_by(m: re.Match[str]) -> str:
    return f"{m.group(2)} by {m.group(1)}{m.group(3) or ' highest first'}"


def _superlative(m: re.Match[str]) -> str:
    return "the " + SUPERLATIVE[m.group(1)]


def _there_at_end(m: re.Match[str]) -> str:
    before = m.string[: m.start()]
    if len(before.split()) >= THERE_MIN_WORDS and not RANKED.search(m.string):
        return " of those" + m.group(1)
    return m.group(0)


LOW_RANKS = frozenset({"worst", "worse", "lowest", "least", "poorest", "poorly"})


def _conversion_ranked(m: re.Match[str]) -> str:
    return "has the " + ("lowest" if m.group(1) in LOW_RANKS else "highest") + " conversion rate"


CALLS: dict[str, Callable[[re.Match[str]], str]] = {
    "conversion_ranked": _conversion_ranked,
    "rank_by": _rank_by,
    "superlative": _superlative,
    "there_at_end": _there_at_end,
}


@dataclass(frozen=True)
class Rewrite:
    """One rule of rewrites.yaml."""

    why: str
    example: str
    pattern: re.Pattern[str]
    replace: str | Callable[[re.Match[str]], str]
    when: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None

    def apply(self, text: str) -> str:
        if self.when is not None and not self.when.search(text):
            return text
        if self.unless is not None and self.unless.search(text):
            return text
        return self.pattern.sub(self.replace, text)


def _optional(body: dict[str, str], key: str) -> re.Pattern[str] | None:
    return re.compile(body[key]) if key in body else None


@cache
def rewrites() -> tuple[Rewrite, ...]:
    """The rules, in the file's order."""
    out = []
    for body in yaml.safe_load(RULES_FILE.read_text(encoding="utf-8")):
        replace = CALLS[body["call"]] if "call" in body else body["replace"]
        out.append(
            Rewrite(
                why=body["why"],
                example=body["example"],
                pattern=re.compile(body["pattern"]),
                replace=replace,
                when=_optional(body, "when"),
                unless=_optional(body, "unless"),
            )
        )
    return tuple(out)


def rewrite(text: str) -> str:
    """A normalised question with every rule applied in order."""
    for rule in rewrites():
        text = rule.apply(text)
    return text
