"""Codes explained in brackets: "How many of our customers are retail (channel 2)?", "Oporto (region 2)
customers", "hotels/restaurants/cafés (Horeca, channel 1)". Data that stores a category as a number
leaves its names to the asker, who says the name and then, in brackets, the column and the number.
The names the data does not know (right before the brackets, or inside them before the code) are read
as that code: the question is asked again with "<column> <number>" in their place. Only words the
question was declined for are replaced, and the reading is said in the interpretation."""

from __future__ import annotations

import re

from nlq.text import tokens

CODE = re.compile(
    r"\(\s*(?:(?P<label>[^(),]+?)\s*,\s*)?(?P<column>[A-Za-z][A-Za-z _]*?)\s*#?\s*(?P<code>\d+)\s*\)"
)
"""A bracketed code: "(channel 2)", "(Horeca, channel 1)", "(region #3)"."""
WORD = re.compile(r"[^\s/&+,-]+[\s/&+,-]*$")
"""The last word of a text, with what joins it to the next ("cafés/", "restaurants ")."""


def _label(before: str, known: set[str]) -> tuple[str, str]:
    """(the text before a label, the label): the last words that the data does not know, or that are
    the code's own column word ("the Other region (region 3)")."""
    rest, label = before.rstrip(), ""
    while (last := WORD.search(rest)) is not None:
        said = {t for t in tokens(last.group(0)) if len(t) > 1}  # "cafés": caf, s
        if not said or not said <= known:
            break
        rest, label = rest[: last.start()], last.group(0) + label
    return rest, label.strip()


def read_coded(question: str, unknown: set[str]) -> tuple[str, list[str]] | None:
    """(the question with each explained label replaced by its code, what was read), or None when no
    bracket explains an unknown word."""
    out: list[str] = []
    said: list[str] = []
    at = 0
    for found in CODE.finditer(question):
        column = found.group("column").strip()
        inside = found.group("label") or ""
        if inside and not set(tokens(inside)) <= unknown:
            return None  # the words inside the brackets say something else
        before = question[at : found.start()]
        rest, label = _label(before, unknown | set(tokens(column)))
        kept = ""
        if not set(tokens(label)) & unknown and (last := WORD.search(before.rstrip())) is not None:
            # "Horeca customers (channel 1)": the records' noun between the name and its code
            rest, label = _label(before.rstrip()[: last.start()], unknown | set(tokens(column)))
            kept = last.group(0).strip() if set(tokens(label)) & unknown else ""
            rest, label = (rest, label) if kept else (before, "")
        if not (set(tokens(label)) & unknown) and not inside:
            out.append(question[at : found.end()])
        else:
            out.append(f"{rest} {column} {found.group('code')} {kept} ")
            named = " / ".join(x for x in (label, inside) if x)
            said.append(f"'{named}' read as {column} {found.group('code')}, as said in brackets")
        at = found.end()
    if not said:
        return None
    out.append(question[at:])
    return " ".join("".join(out).split()), said
