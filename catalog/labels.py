"""Category labels as people say them: a stored value without its enumeration prefix.

Survey and statistics exports often number a category's values ("1. Never Married", "2. Married",
"1. Yes", "2. No"): the number orders the values, the words name them. A person says "married" and
"have health insurance", never "2. Married". The prefix is dropped only when every value of the column
carries one and no two values are left with the same words ("1. Other", "9. Other"), so a value that
merely starts with a number ("3 months") keeps its words; queries keep the stored value as their literal.

>>> spoken_labels(("1. Never Married", "2. Married"))
{'1. Never Married': 'Never Married', '2. Married': 'Married'}
>>> spoken_labels(("3 months", "12 months"))
{}
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

ENUMERATION = re.compile(r"^\s*(?:\(\d{1,2}\)\s*|\d{1,2}\s*[.):]\s+|\d{1,2}\s*=\s*|\d{1,2}\s+-\s+)(?=\S)")
"""A numbering before a category's words: "2. Married", "1) Yes", "3: Asian", "(1) Yes", "1=Yes",
"1 - Yes"; never a number that is part of the value ("1.5 kg", "10:30 am", "3-5 years")."""


def spoken_labels(values: Iterable[Any]) -> dict[str, str]:
    """{stored value: its words without the numbering} when every text value is numbered, else {}."""
    given = [v for v in values if v is not None]
    texts = [v for v in given if isinstance(v, str)]
    if not texts or len(texts) != len(given):
        return {}
    out: dict[str, str] = {}
    for v in texts:
        m = ENUMERATION.match(v)
        rest = v[m.end() :].strip() if m else ""
        if not m or not re.search(r"[A-Za-z]", rest):
            return {}
        out[v] = rest
    if len({x.lower() for x in out.values()}) < len(out):
        return {}  # "1. Other" and "9. Other": only the numbers tell them apart
    return out
