"""Bands a question lists for a split ("by age group (18-25, 26-35, 36-45, 56+)", "income bracket: under
40k, 40-69k, 70-99k, 100k+"): several ranges said one after another. The number column named right
before them is split into those bands, each labelled as written and running from its lowest value up
to below the next band's ("30-39" then "40-49": 30 <= x < 40); the engine asks the question again
without the list, over a schema where that column is the banded category (assistant.engine)."""

from __future__ import annotations

import re
from dataclasses import replace

from catalog.semantic import Role
from nlq.schema import Schema

_NUMBER = r"\$?\d+(?:[.,]\d+)?\s*[kKmM]?"
_UPTO = r"(?:-|–|to under|to below|to less than|up to|to)"
_BAND = re.compile(
    rf"(?:{_NUMBER}\s*{_UPTO}\s*{_NUMBER}|{_NUMBER}\s*\+|(?:under|below|less than|over|above)\s+{_NUMBER}"
    rf"|{_NUMBER}\s+(?:or|and)\s+(?:more|over|above|older|up))"
)
"""One band: "18-25", "40-69k", "56+", "under 40k", "100k or more", "50K to under 100K"."""
BANDS_MIN = 3
"""Ranges listed together, at least this many, are bands asked for (two may be a comparison)."""
LEAD_IN = re.compile(
    r"(?:\b(?:use|using|with|in|into)\s+)?(?:(?:the|these)\s+)?(?:(?:bands?|brackets?|groups?|buckets?|ranges?)\b)?"
    r"\s*(?:of\s*)?[:(\-–]?\s*$",
    re.I,
)
"""Words between the column and its list that only introduce it ("age band:", "use bands", "(")."""
SCALE = {"k": 1e3, "m": 1e6}


def band_run(question: str) -> tuple[list[str], int, int]:
    """The bands a question lists one after another (separated by commas or 'and') and where the list
    starts and ends, or ([], 0, 0)."""
    found = [(m.start(), m.end(), m.group(0)) for m in _BAND.finditer(question)]
    run: list[tuple[int, int, str]] = []
    best: list[tuple[int, int, str]] = []
    last_end = -1
    for start, end, text in found:
        between = question[last_end:start] if last_end >= 0 else ""
        if last_end >= 0 and re.fullmatch(r"\s*(?:,|and|, and|or|/)?\s*", between):
            run.append((start, end, text))
        else:
            run = [(start, end, text)]
        last_end = end
        best = list(run) if len(run) > len(best) else best
    if len(best) < BANDS_MIN:
        return [], 0, 0
    return [t for _, _, t in best], best[0][0], best[-1][1]


def listed_bands(question: str) -> list[str]:
    """The bands a question lists one after another, or none."""
    return band_run(question)[0]


def without_bands(question: str, start: int, end: int) -> str:
    """The question with the list of bands and the words that only introduce it taken out."""
    before = LEAD_IN.sub("", question[:start]).rstrip()
    after = re.sub(r"^\s*\)", "", question[end:])
    return " ".join(f"{before} {after}".split())


def band_label(text: str) -> str:
    """A band as people label one: "100k or more" and "150K and above" as "100k+", "50K to under 100K"
    and "30 - 39" as "50K-100K" and "30-39"; "under 30" as written."""
    text = " ".join(text.split())
    more = re.fullmatch(r"(.*?)\s*(?:or|and)\s+(?:more|over|above|older|up)", text, re.I)
    if more:
        return f"{more.group(1)}+"
    span = re.fullmatch(rf"({_NUMBER})\s*{_UPTO}\s*({_NUMBER})", text, re.I)
    if span:
        return f"{span.group(1).strip()}-{span.group(2).strip()}"
    return text


def _number(text: str) -> float:
    m = re.search(r"(\d+(?:[.,]\d+)?)\s*([kKmM]?)", text)
    assert m is not None
    value = (
        float(m.group(1).replace(",", ""))
        if "," in m.group(1) and len(m.group(1).split(",")[-1]) == 3
        else float(m.group(1).replace(",", "."))
    )
    return value * SCALE.get(m.group(2).lower(), 1)


def ranges(bands: list[str]) -> list[tuple[str, float | None, float | None]] | None:
    """(label, lowest, below) per band in the order listed, each closed band ending below the next
    band's lowest value (or just after its own highest whole number when last); None when the bands
    do not go up one after another."""
    out: list[tuple[str, float | None, float | None, float | None]] = []
    for said_band in bands:
        text = said_band.strip()
        low_text = text.lower()
        said = re.findall(_NUMBER, text)
        numbers = [_number(n) for n in said]
        if (
            len(said) == 2
            and not re.search(r"[kKmM]\s*$", said[0])
            and (unit := re.search(r"([kKmM])\s*$", said[1]))
        ):
            numbers[0] *= SCALE[unit.group(1).lower()]  # "40-69k": both in thousands
        if re.match(r"\s*(under|below|less than)", low_text):
            out.append((band_label(text), None, numbers[0], None))
        elif (
            re.match(r"\s*(over|above)", low_text)
            or "+" in text
            or re.search(r"(more|over|above|older|up)\s*$", low_text)
        ):
            out.append((band_label(text), numbers[0], None, None))
        elif len(numbers) == 2:
            exclusive = bool(re.search(r"under|below|less than|up to", low_text))
            out.append((band_label(text), numbers[0], numbers[1] if exclusive else None, numbers[1]))
        else:
            return None
    result: list[tuple[str, float | None, float | None]] = []
    for k, (label, low, below, high) in enumerate(out):
        nxt = out[k + 1][1] if k + 1 < len(out) else None
        if below is None and high is not None:
            below = nxt if nxt is not None else high + 1 if high == int(high) else high
        result.append((label, low, below))
    lows = [low for _, low, _ in result if low is not None]
    if lows != sorted(lows) or (result[0][1] is not None and any(r[1] is None for r in result[1:])):
        return None
    return result


def banded(schema: Schema, q: str, bands: list[tuple[str, float | None, float | None]]) -> tuple[Schema, str]:
    """A schema where the number column q is the category of the bands (its words kept), and a note
    saying how they were read (in thousands when the column's values are)."""
    col = schema.col(q)
    note = ""
    top = col.maximum if isinstance(col.maximum, int | float) else None
    said = [x for _, low, below in bands for x in (low, below) if x is not None]
    if top and said and max(said) > 10 * top and max(said) / 1000 <= 10 * top:
        bands = [(label, _k(low), _k(below)) for label, low, below in bands]
        note = f" ({col.label} is taken to be in thousands: its largest value is {top:,.0f})"
    band_col = replace(
        col,
        role=Role.DIMENSION,
        bands=(col.name, tuple(bands)),
        values=tuple(label for label, _, _ in bands),
        money=False,
        numeric_text=False,
        dtype="VARCHAR",
    )
    tables = dict(schema.tables)
    table = tables[col.table]
    tables[col.table] = replace(table, columns={**table.columns, col.name: band_col})
    parts = ", ".join(
        f"{label} = {' and '.join(p for p in (f'at least {low:g}' if low is not None else '', f'below {below:g}' if below is not None else '') if p)}"
        for label, low, below in bands
    )
    return replace(schema, tables=tables), f"{col.label} split into the bands asked for: {parts}{note}"


def _k(x: float | None) -> float | None:
    return None if x is None else x / 1000
