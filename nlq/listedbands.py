"""Bands a question lists for a split ("by age group (18-25, 26-35, 36-45, 56+)", "income bracket: under
40k, 40-69k, 70-99k, 100k+"): several ranges said one after another. No split by bands of one's own is
built yet, and reading the numbers any other way drops them silently, so such a question is asked back
naming the bands (nlq.recognize never sees it)."""

from __future__ import annotations

import re

_NUMBER = r"\$?\d+(?:[.,]\d+)?\s*[kKmM]?"
_BAND = re.compile(
    rf"(?:{_NUMBER}\s*(?:-|–|to)\s*{_NUMBER}|{_NUMBER}\s*\+|(?:under|below|less than|over|above)\s+{_NUMBER}"
    rf"|{_NUMBER}\s+(?:or|and)\s+(?:more|over|above|older|up))"
)
"""One band: "18-25", "40-69k", "56+", "under 40k", "100k or more"."""
BANDS_MIN = 3
"""Ranges listed together, at least this many, are bands asked for (two may be a comparison)."""


def listed_bands(question: str) -> list[str]:
    """The bands a question lists one after another (separated by commas or 'and'), or none."""
    found = [(m.start(), m.end(), m.group(0)) for m in _BAND.finditer(question)]
    run: list[str] = []
    best: list[str] = []
    last_end = -1
    for start, end, text in found:
        between = question[last_end:start] if last_end >= 0 else ""
        if last_end >= 0 and re.fullmatch(r"\s*(?:,|and|, and|or|/)?\s*", between):
            run.append(text)
        else:
            run = [text]
        last_end = end
        best = run if len(run) > len(best) else best
    return best if len(best) >= BANDS_MIN else []
