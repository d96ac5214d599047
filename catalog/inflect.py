"""English singular and plural of one word: the one singulariser of cra (tables, columns, phrases, themes)."""

from __future__ import annotations

import re

IRREGULAR_PLURALS = {
    "person": "people", "feedback": "feedback", "staff": "staff", "data": "data", "series": "series",
    "child": "children", "info": "info", "news": "news", "analysis": "analyses", "status": "statuses",
    "movie": "movies", "species": "species",
}  # fmt: skip
IRREGULAR_SINGULARS = {v: k for k, v in IRREGULAR_PLURALS.items()}


ING_NOUNS = frozenset(
    {"booking", "listing", "meeting", "rating", "posting", "recording", "building", "saving"}
)
"""Words in -ing that name countable records (a table of bookings), unlike 'billing' or 'shipping'."""


def pluralize(word: str) -> str:
    """'customer' -> 'customers', 'delivery' -> 'deliveries', 'address' -> 'addresses'."""
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word in IRREGULAR_SINGULARS or (word.endswith("s") and not word.endswith(("ss", "us", "is"))):
        return word
    if (word.endswith(("ed", "ing")) and word not in ING_NOUNS) or not word.isalpha():  # 'labelled', 'v2'
        return word
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def singularize(word: str) -> str:
    """'customers' -> 'customer', 'deliveries' -> 'delivery', 'addresses' -> 'address'."""
    if word in IRREGULAR_SINGULARS:
        return IRREGULAR_SINGULARS[word]
    if word in IRREGULAR_PLURALS or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith("s") and len(word) > 3:
        return word[:-1]
    return word
