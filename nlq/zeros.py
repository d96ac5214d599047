"""An amount of nothing said with a verb ("stores that sold nothing", "don't spend anything on
advertising"): the tokens become "with <amount> of 0" (nlq/grammar/zeros.yaml), which the recognizer
reads as a condition on that measure, and a note says so; only where the amount names a measure."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import yaml

from nlq.grammar import HERE
from nlq.text import NUMBER_WORDS, plural, tokens

Phrase = tuple[str, ...]
NEGATIONS = ("not", "never")


@cache
def _rules() -> dict[str, Any]:
    raw = yaml.safe_load((HERE / "zeros.yaml").read_text())

    def phrases(items: list[Any]) -> list[Phrase]:
        return sorted((tuple(tokens(str(x))) for x in items), key=len, reverse=True)

    verbs = sorted(
        ((tuple(tokens(str(v))), tuple(tokens(noun))) for noun, vs in raw["verbs"].items() for v in vs),
        key=lambda x: len(x[0]),
        reverse=True,
    )
    return {
        "none": phrases(raw["none"]),
        "anything": phrases(raw["anything"]),
        "objects": phrases(raw["objects"]),
        "verbs": verbs,
        "usage": phrases(raw.get("usage", [])),
        "articles": phrases(raw.get("articles", [])),
        "taking": phrases(raw.get("taking", [])),
        "amounts": phrases(raw.get("amounts", [])),
        "same_usage": [set(group) for group in raw.get("same_usage", [])],
        "usage_nouns": {str(k): [str(n) for n in v] for k, v in raw.get("usage_nouns", {}).items()},
    }


def _at(toks: list[str], i: int, phrases: list[Phrase]) -> Phrase | None:
    return next((p for p in phrases if tuple(toks[i : i + len(p)]) == p), None)


def _object(toks: list[str], i: int, is_measure: Callable[[Phrase], bool]) -> Phrase | None:
    """The words at toks[i] up to the end of the longest run that names a measure, which may start one
    word later ("local advertising": the word before stays for the recognizer to explain)."""
    for start in (i, i + 1):
        for n in range(min(6, len(toks) - start), 0, -1):
            if is_measure(tuple(toks[start : start + n])):
                return tuple(toks[i : start + n])
    return None


def read_zeros(
    toks: list[str], is_measure: Callable[[Phrase], bool], is_counter: Callable[[Phrase], bool] | None = None
) -> tuple[list[str], list[str]]:
    """The tokens with every "<verb> nothing [on <amount>]" as "with <amount> of 0", and a note each."""
    rules = _rules()
    out: list[str] = []
    notes: list[str] = []
    i = 0
    while i < len(toks):
        used = _never_used(toks, i, rules, is_counter or is_measure) or _never_took(
            toks, i, rules, is_measure
        )
        if used is not None:
            end, counted = used
            out += ["with", *counted, "of", "0"]
            notes.append(f"read '{' '.join(toks[i:end])}' as {' '.join(counted)} of 0")
            i = end
            continue
        some = _used_some(toks, i, rules, is_counter or is_measure)
        if some is not None:
            out.append("with")
            notes.append(f"read '{toks[i]}' as 'with' ({' '.join(some)})")
            i += 1
            continue
        hit = next(((v, n) for v, n in rules["verbs"] if tuple(toks[i : i + len(v)]) == v), None)
        negated = bool(out) and out[-1] in NEGATIONS
        words = rules["anything"] if negated else rules["none"]
        none = _at(toks, i + len(hit[0]), words) if hit else None
        if hit is None or none is None:
            out.append(toks[i])
            i += 1
            continue
        verb, noun = hit
        j = i + len(verb) + len(none)
        lead = _at(toks, j, rules["objects"])
        named = _object(toks, j + len(lead), is_measure) if lead else None
        # "spent nothing on <something not a measure>": never the verb's own amount instead
        amount = named if lead else (noun if is_measure(noun) else None)
        if amount is None:
            out.append(toks[i])
            i += 1
            continue
        end = j + len(lead) + len(named) if named and lead else j
        said = " ".join(([out[-1]] if negated else []) + toks[i:end])
        if negated:
            out.pop()
            if out and out[-1] in ("do", "does", "did", "have", "has", "had"):
                out.pop()
        out += ["with", *amount, "of", "0"]
        notes.append(f"read '{said}' as {' '.join(amount)} of 0")
        i = end
    return out, notes


def _never_used(
    toks: list[str], i: int, rules: dict[str, Any], is_measure: Callable[[Phrase], bool]
) -> tuple[int, Phrase] | None:
    """(end, measure words) of "never <usage verb> [a|any] <counter>" at toks[i], else None ("never"
    may arrive as "not")."""
    if toks[i] not in NEGATIONS:
        return None
    verb = _at(toks, i + 1, rules["usage"])
    if verb is None:
        return None
    j = i + 1 + len(verb)
    article = _at(toks, j, rules["articles"]) or ()
    start = j + len(article)
    found = _counter_at(toks, start, verb[0], rules, is_measure)
    own = _verb_counter(verb[0], rules, is_measure)
    if own is not None and (found is None or found[1][-1] != verb[0]):
        # "never called the bank" beside Total_calls_made: the calls, whoever was called
        return (start + found[0] if found else j, own)
    return None if found is None else (start + found[0], found[1])


def _verb_counter(verb: str, rules: dict[str, Any], is_counter: Callable[[Phrase], bool]) -> Phrase | None:
    """The one counter named by the usage verb's own noun ("calls" of called: Total_calls_made)."""
    nouns = rules.get("usage_nouns", {}).get(verb, ())
    hits = [p for n in nouns for p in ((n,), (n, "made")) if is_counter(p)]
    return hits[0] if hits else None


def _never_took(
    toks: list[str], i: int, rules: dict[str, Any], is_measure: Callable[[Phrase], bool]
) -> tuple[int, Phrase] | None:
    """(end, measure words) of "never <taking verb> [a single|a|any] <amount>" or "<taking verb> no
    <amount>" at toks[i] ("never made a single purchase", "made no payments"), else None."""
    negated = toks[i] in NEGATIONS
    verb = _at(toks, i + 1 if negated else i, rules["taking"])
    if verb is None:
        return None
    j = (i + 1 if negated else i) + len(verb)
    if negated:
        j += len(_at(toks, j, rules["articles"]) or ())
    elif j < len(toks) and toks[j] == "no":
        j += 1
    else:
        return None
    for n in range(min(6, len(toks) - j), 0, -1):
        words = tuple(toks[j : j + n])
        if is_measure(words):
            return j + n, words
    return None


def _used_some(
    toks: list[str], i: int, rules: dict[str, Any], is_counter: Callable[[Phrase], bool]
) -> Phrase | None:
    """The counted thing of "<usage verb> [at least] <number> <counter>" at toks[i] ("opened at least
    one smartphone notification"), else None."""
    verb = _at(toks, i, rules["usage"])
    if verb is None or len(verb) != 1 or (i and toks[i - 1] in NEGATIONS):
        return None
    j = i + 1
    j += len(_at(toks, j, rules["amounts"]) or ())
    if j >= len(toks) or not (toks[j].isdigit() or toks[j] in NUMBER_WORDS):
        return None
    start = j + 1
    found = _counter_at(toks, start, verb[0], rules, is_counter)
    return None if found is None else tuple(toks[start : start + found[0]])


def _counter_at(
    toks: list[str], start: int, verb: str, rules: dict[str, Any], is_counter: Callable[[Phrase], bool]
) -> tuple[int, Phrase] | None:
    """(words read, the counter's name) of the counted thing said at toks[start] after a usage verb:
    the words with the verb ("a social media ad" viewed -> ..._ads_viewed), else the words alone when
    no counter of another event has that name; the longest name decides ("marketing emails", never
    "marketing")."""
    for n in range(min(6, len(toks) - start), 0, -1):
        words = tuple(toks[start : start + n])
        if is_counter((*words, verb)):
            return n, (*words, verb)
        if is_counter(words):
            return (n, words) if _same_event(words, verb, rules, is_counter) else None
    return None


def _same_event(
    words: Phrase, verb: str, rules: dict[str, Any], is_counter: Callable[[Phrase], bool]
) -> bool:
    """The counter the words name is named with no usage verb of another event than `verb` ("opened"
    never names marketing_emails_clicked)."""
    same = next((g for g in rules["same_usage"] if verb in g), {verb})
    others = {v for g in rules["same_usage"] for v in g} - same
    forms = {words, (*words[:-1], plural(words[-1]))}  # "a marketing email": marketing_emails_clicked
    return not any(is_counter((*form, other)) for form in forms for other in others)
