"""Negative morphology: the words that deny a yes/no column's word ("inactive", "unpaid", "non-smokers").

A prefix is only put before a word that can take it as a negation: an adjective ("active" ->
"inactive") or a participle ("paid" -> "unpaid"); never a base verb or a noun, so "come" never
yields "income" and "count" never "discount". "non" goes before any word ("non-smokers").
The prefixes are data (`negative_prefixes` in grammar/words.yaml).
"""

from __future__ import annotations

from functools import cache

from nlq.grammar import word_classes

Phrase = tuple[str, ...]


@cache
def _takes_prefix(word: str) -> bool:
    """An adjective or a participle ("active", "paid", "married"), not a base verb or a noun."""
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word)
    if "ADJ" in lemmas:
        return True
    verb = lemmas.get("VERB", ())
    return bool(verb) and verb[0] != word and word.endswith(("ed", "en", "id"))


def negated_forms(phrase: Phrase) -> list[Phrase]:
    """The phrases that say a flag phrase is false, e.g. ("active",) -> ("inactive",), ("non", "active")."""
    if not phrase or not phrase[0].isalpha():
        return []
    prefixes = word_classes()["negative_prefixes"]
    first, rest = phrase[0], phrase[1:]
    out: list[Phrase] = [(p[0], *phrase) for p in prefixes["separate"]]
    out += [(p[0] + first, *rest) for p in prefixes["joined"]]
    if _takes_prefix(first):
        out += [(p[0] + first, *rest) for p in prefixes["adjective"]]
    return out


NOMINAL = ("al", "ment")
"""Endings that make a noun of a verb ("rental" <- rent, "shipment" <- ship, "arrival" <- arrive)."""


def _verb(word: str) -> str | None:
    """The verb a date column's word names: itself ("return", "order") or the verb of its noun
    ("rental" -> "rent", "payment" -> "pay"); None for other words ("date", "last")."""
    from lemminflect import getAllLemmas

    if word in ("date", "time", "at", "on", "dt", "day", "last", "first", "update"):
        return None
    verb = getAllLemmas(word).get("VERB", ("",))[0]
    if verb == word or (verb and word.endswith("ed")):
        return verb  # "return", "closed" -> "close"
    for end in NOMINAL:
        stem = word[: -len(end)]
        if word.endswith(end) and len(stem) >= 3:
            for cand in (stem, stem + "e"):
                if getAllLemmas(cand).get("VERB", ("",))[0] == cand:
                    return cand
    return None


@cache
def event_forms(word: str) -> tuple[str, ...]:
    """The verb forms that name a date column's event: "return" -> ("returned",), "rental" -> ("rent",
    "rented"), "closed" -> ("close",); () when the word names no verb."""
    from lemminflect import getInflection

    verb = _verb(word)
    if verb is None:
        return ()
    forms = {verb} | {f for tag in ("VBD", "VBN") for f in getInflection(verb, tag=tag)}
    return tuple(sorted(f for f in forms if f != word))


@cache
def participle(word: str) -> str | None:
    """The past participle of the verb a gerund-like column word is made of ("rating" -> "rated",
    "booking" -> "booked"): "films rated PG-13" names the rating column. None for other words."""
    from lemminflect import getAllLemmas, getInflection

    if not word.endswith("ing") or len(word) < 6:
        return None
    verb = getAllLemmas(word).get("VERB", ("",))[0]
    if not verb or verb == word:
        return None
    forms = getInflection(verb, tag="VBN")
    return forms[0] if forms and forms[0] != word else None
