""" "by whether the store is in the US", "whether or not they smoke": the yes/no thing said after the
word is split both ways; the tokens become "<thing> or not", which the recognizer reads as the two
sides of that flag or value (words.yaml `whether`, ending at a word of `whether_ends`). And "how do A
and B compare": the opener is scaffolding only before a comparison verb (`compare_openers`)."""

from __future__ import annotations

from functools import cache

from nlq.grammar import word_classes

Phrase = tuple[str, ...]


@cache
def _longest_first(kind: str) -> tuple[Phrase, ...]:
    return tuple(sorted(word_classes()[kind], key=len, reverse=True))


def _at(toks: list[str], i: int, kind: str) -> Phrase | None:
    """The longest phrase of words.yaml `kind` at toks[i]."""
    return next((p for p in _longest_first(kind) if tuple(toks[i : i + len(p)]) == p), None)


def read_whether(toks: list[str]) -> list[str]:
    """The tokens with each "whether [or not] X" as "X or not"."""
    out: list[str] = []
    i = 0
    while i < len(toks):
        lead = _at(toks, i, "whether")
        if lead is None:
            out.append(toks[i])
            i += 1
            continue
        j = i + len(lead)
        j += 1 if _at(toks, j, "whether_subjects") else 0
        end = next((k for k in range(j + 1, len(toks)) if _at(toks, k, "whether_ends")), len(toks))
        said = toks[j:end]
        if said[-2:] == ["or", "not"]:
            said = said[:-2]
        if not said:
            out.append(toks[i])
            i += 1
            continue
        rest = toks[end:]
        if rest and rest[0] != "and":
            out.append(toks[i])  # "whether X by Y": where its side ends is not clear; left unread
            i += 1
            continue
        # "by whether X and Y": the split said last ("by Y and X or not"), so "not" ends the question
        tail = rest[1:]
        if out and out[-1] in ("by", "and") and tail[:1] == ["by"]:
            tail = tail[1:]
        out += [*tail, *(["and"] if tail else []), *said, "or", "not"]
        break
    return out


def drop_opener(toks: list[str]) -> list[str]:
    """ "how do average sales compare between ...": the opener dropped where a comparison verb follows."""
    lead = _at(toks, 0, "compare_openers")
    if lead is None or not any(_at(toks, k, "compare_verbs") for k in range(len(lead), len(toks))):
        return toks
    return toks[len(lead) :]
