"""Ask back with a candidate: a question declined on one unknown phrase offers the columns or values
whose words are close to it ("shelf position" -> ShelveLoc, said "shelf location"), never answers with
one. A candidate is credible when every content word of the phrase is a word of the column's name
written out (abbreviations expanded, catalog.concepts.name_readings), of its synonyms or of the phrases
the Lexicon binds to it, or of one of its stored values, compared as lemmas, abbreviation readings, a
shared stem or a near spelling; or when the phrase's initials are a stored code ("Minute Maid" -> MM).
A word that is a word of many columns ("price" among six prices) is no evidence on its own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from catalog.concepts import abbreviation_readings, name_readings
from catalog.english import is_word, lemmas, unabbreviated, zipf
from catalog.semantic import Role
from nlq.grammar import word_classes
from nlq.lexicon import Lexicon, Mention, Sense
from nlq.schema import Col, Schema
from nlq.text import phrase_tokens, singular, tokens

MAX_CANDIDATES = 3
"""More credible candidates than this: the phrase is too vague to ask about; the plain decline stays."""
NEAR = 85
"""rapidfuzz ratio (0-100) from which two words of 4 letters or more are one misspelt ("urbn", urban)."""
STEM = 5
"""Letters two words must share from their start to share a stem ("competitors", "competition")..."""
ENDING = 3
"""... with at most this many letters after it in either word ("shelving", shelve)."""
COMMON = 3
ABBREVIATION_ZIPF = 4.0
"""A name token rarer than this as an English word is an abbreviation of the words it starts ("dens",
"adv"); a common word ("age", "cat") is no abbreviation of "agent" or "category" on its own."""
"""A word found in more columns' words than this says nothing about which one is meant."""
SHOWN_VALUES = 4
"""Values named beside a candidate column in the question back."""
SKIP_ROLES = (Role.TEXT, Role.OTHER)


@dataclass(frozen=True)
class Candidate:
    """One column or stored value the unknown phrase may mean."""

    key: str
    """The column, "table.column"."""
    name: str
    """What replaces the phrase in the question offered back: the column's name or the stored value."""
    label: str
    """How it is offered: "ShelveLoc (shelf location: Bad, Good, Medium)"."""
    senses: tuple[Sense, ...]
    """The binding a pick gives the phrase (as if the column's name or the value had been said)."""
    score: float = 0.0
    value: Any = None
    code: bool = False
    """A stored code the phrase's initials spell ("Minute Maid" -> MM)."""


@dataclass(frozen=True)
class AskBack:
    """A decline on one unknown phrase, with the candidates it is offered."""

    phrase: tuple[str, ...]
    """The phrase's tokens as in the question (the unknown words, with the words of the candidate
    beside them: "competitor" unknown before "price" asks about "competitor price")."""
    candidates: tuple[Candidate, ...]

    @property
    def message(self) -> str:
        labels = [c.label for c in self.candidates]
        said = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"
        return f"I don't know '{' '.join(self.phrase)}'. Did you mean {said}?"


def offer(
    schema: Schema, lexicon: Lexicon, mentions: list[Mention], unused: tuple[str, ...]
) -> AskBack | None:
    """The ask-back for a question declined on `unused` words, or None (no single unknown phrase, or no
    credible candidate, or too many)."""
    run = _unknown_run(mentions, unused)
    if run is None:
        return None
    a, b = run
    unknown = [i for i in range(a, b) if not mentions[i].senses]
    required = [w for i in unknown for w in mentions[i].text.split() if _content(w)]
    spoken = [w for m in mentions[a:b] for w in m.text.split() if _content(w)]
    if not required:
        return None
    found = _columns(schema, lexicon, required) + _values(schema, lexicon, required, spoken)
    found = sorted({c.key + repr(c.value): c for c in found}.values(), key=lambda c: -c.score)
    if not found or len(found) > MAX_CANDIDATES:
        return None
    if any(c.code for c in found):
        phrase = tuple(w for m in mentions[a:b] for w in m.text.split())
    else:
        phrase = _widened(mentions, unknown[0], unknown[-1] + 1, found)
    return AskBack(phrase=phrase, candidates=tuple(found))


def _unknown_run(mentions: list[Mention], unused: tuple[str, ...]) -> tuple[int, int] | None:
    """(first, end) indices of the one run of adjacent mentions the question left unexplained that
    holds a word the Lexicon does not know at all; None when there are several such runs or none."""
    left = set(unused)
    runs: list[list[int]] = []
    for i, m in enumerate(mentions):
        if m.text not in left:
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    runs = [r for r in runs if any(not mentions[i].senses for i in r)]
    if len(runs) != 1:
        return None
    return runs[0][0], runs[0][-1] + 1


@cache
def _stop() -> frozenset[str]:
    classes = word_classes()
    return frozenset(w for kind in ("stop", "figure_filler") for p in classes.get(kind, []) for w in p)


def _content(word: str) -> bool:
    """A word that can name something: not a stop word or a figure's filler, not a number."""
    return word.isalpha() and len(word) > 1 and word not in _stop()


def _all_content(m: Mention) -> bool:
    return bool(m.text.split()) and all(_content(w) for w in m.text.split())


@cache
def _forms(word: str) -> frozenset[str]:
    """A word's lemmas and written-out readings ("loc" -> location, "comp" -> competitor)."""
    out = set(lemmas(word))
    out.update(abbreviation_readings().get(word, ()))
    full = unabbreviated(word)
    if full:
        out.add(full)
    for w in list(out):
        out |= lemmas(w)
    return frozenset(out)


@cache
def _near(a: str, b: str) -> bool:
    """`a` (a word of the question) is the word `b`: a shared lemma or reading, a shared stem with short
    endings ("shelving", shelve; never "departure", department), or, when `a` is no English word, a near
    spelling ("urbn", urban; never "partly" for party)."""
    if a == b or _forms(a) & _forms(b):
        return True
    if not (a.isalpha() and b.isalpha()) or min(len(a), len(b)) < 4:
        return False
    stem = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        stem += 1
    if stem >= STEM and max(len(a), len(b)) - stem <= ENDING:
        return True
    from rapidfuzz.fuzz import ratio

    return not is_word(a) and ratio(a, b) >= NEAR


def _readings(c: Col) -> list[tuple[str, ...]]:
    """The word sequences the column is known by of its own: its name written out (each reading of its
    abbreviations), its words and synonyms, its name's tokens."""
    out = [tuple(r.split()) for r in name_readings(c.name)]
    out += [c.words, *c.synonyms, phrase_tokens(c.name)]
    return [r for r in dict.fromkeys(out) if r]


def _bound_phrases(lexicon: Lexicon) -> dict[str, list[tuple[str, ...]]]:
    """Column key -> the phrases the Lexicon binds to it (as a column or a column word); cached on it."""
    cached = getattr(lexicon, "_askback_phrases", None)
    if cached is None:
        cached = {}
        for phrase, senses in lexicon.phrases.items():
            for s in senses:
                if s.kind in ("column", "colword", "flag") and isinstance(s.key, str):
                    cached.setdefault(s.key, []).append(phrase)
        lexicon._askback_phrases = cached  # type: ignore[attr-defined]
    return cached


def _columns(schema: Schema, lexicon: Lexicon, content: list[str]) -> list[Candidate]:
    """Columns whose own words hold every content word (at least one of them a word few columns have,
    or an abbreviation), or that the Lexicon binds to a phrase of the same words ("spenders": spend)."""
    cols = [
        c
        for c in schema.columns()
        if c.role not in SKIP_ROLES
        and c.date_part_of is None
        and c.value_groups is None
        and c.compared is None
    ]
    words = {c.qualified: {w for r in _readings(c) for w in r} for c in cols}
    spread = Counter(w for ws in words.values() for w in ws)
    bound = _bound_phrases(lexicon)
    out: list[Candidate] = []
    joined = "".join(content)
    for c in cols:
        own = words[c.qualified]
        short = [t for t in phrase_tokens(c.name) if t.isalpha() and len(t) >= 3]
        hits: list[str | None] = []
        cut: list[str] = []
        for p in content:
            hit = next((w for w in own if _near(p, w)), None)
            if hit is None:  # "population" for Pop: a name token the word starts with, an abbreviation
                hit = next((t for t in short if p.startswith(t) and len(p) >= len(t) + 2), None)
                cut += [hit] if hit else []
            hits.append(hit)
        whole = len(joined) >= 3 and joined in set(phrase_tokens(c.name)) | {c.name.lower()}
        said = any(
            len(b) == len(content) and all(_near(p, w) for p, w in zip(content, b, strict=True))
            for b in bound.get(c.qualified, ())
        )
        strong = [h for h in hits if h and h not in cut and spread[h] <= COMMON]
        cuts = len(cut) >= 2 or any(zipf(t) < ABBREVIATION_ZIPF for t in cut)
        if not (whole or said) and (None in hits or not (strong or cuts)):
            continue
        best = max((len(set(hits) & set(r)) / len(r) for r in _readings(c)), default=0.0)
        out.append(_column_candidate(c, lexicon, 1.0 if whole or said else best))
    return out


def _column_candidate(c: Col, lexicon: Lexicon, score: float) -> Candidate:
    said = " ".join(name_readings(c.name)[0].split()) if name_readings(c.name) else c.label
    if c.values and not c.is_numeric:
        vals = [str(v) for v in c.values[:SHOWN_VALUES]]
        detail = f"{said}: {', '.join(vals)}{', ...' if len(c.values) > SHOWN_VALUES else ''}"
    elif c.role == Role.FLAG or c.flag_true is not None:
        detail = f"{said}: yes or no"
    else:
        detail = said
    label = c.name if detail.lower() == c.name.lower() else f"{c.name} ({detail})"
    own = tuple(
        s for s in lexicon.phrases.get(phrase_tokens(c.name), ()) if s.key == c.qualified and s.value is None
    )
    return Candidate(c.qualified, c.name, label, own or (Sense("column", c.qualified),), score)


def _values(schema: Schema, lexicon: Lexicon, required: list[str], spoken: list[str]) -> list[Candidate]:
    """Stored values whose words are the unknown words, or a code the phrase's initials spell."""
    out: list[Candidate] = []
    initials = "".join(w[0] for w in spoken) if len(spoken) > 1 else ""
    for c in schema.columns():
        if c.is_numeric or c.role in SKIP_ROLES:
            continue
        for v in c.values:
            text = str(v)
            vw = [w for w in tokens(text) if w.isalpha()]
            code = bool(initials) and text.isalpha() and text.lower() == initials
            if not code and not (vw and all(any(_near(p, w) for w in vw) for p in required)):
                continue
            own = tuple(
                s
                for s in lexicon.phrases.get(phrase_tokens(text), ())
                if s.kind == "value" and s.key == c.qualified and s.value == v
            )
            senses = own or (Sense("value", c.qualified, v),)
            out.append(Candidate(c.qualified, text, f"{c.name} = {text}", senses, 1.0, v, code))
    return out


def _widened(mentions: list[Mention], a: int, b: int, found: list[Candidate]) -> tuple[str, ...]:
    """The phrase with the known words beside it that belong to every candidate's name ("competitor"
    unknown before "price": the phrase asked about is "competitor price")."""
    words = [set(_name_words(c)) for c in found]

    def belongs(m: Mention) -> bool:
        return bool(m.text.split()) and all(
            all(any(_near(w, x) for x in ws) for w in m.text.split()) for ws in words
        )

    while a > 0 and mentions[a - 1].senses and belongs(mentions[a - 1]) and _all_content(mentions[a - 1]):
        a -= 1
    while b < len(mentions) and mentions[b].senses and belongs(mentions[b]) and _all_content(mentions[b]):
        b += 1
    return tuple(w for m in mentions[a:b] for w in m.text.split())


def _name_words(c: Candidate) -> list[str]:
    if c.value is not None:
        return list(tokens(str(c.value)))
    return [w for r in name_readings(c.name) for w in r.split()]


def column_phrases(schema: Schema, lexicon: Lexicon) -> dict[str, dict[str, Any]]:
    """Per column ("table.column"): the phrases the Lexicon binds to it (its name split and written
    out, abbreviation readings, concept words, cra.toml synonyms), one per singular/plural pair, the
    shortest first; and how many phrases name one of its values. What `cra profile` shows."""
    names: dict[str, set[str]] = {}
    values: Counter[str] = Counter()
    for phrase, senses in lexicon.phrases.items():
        for s in senses:
            if not isinstance(s.key, str) or "." not in s.key:
                continue
            if s.kind == "value":
                values[s.key] += 1
            elif s.kind in ("column", "colword", "flag"):
                names.setdefault(s.key, set()).add(" ".join(phrase))
    out: dict[str, dict[str, Any]] = {}
    for c in schema.columns():
        if c.difference is not None or c.date_part_of is not None:
            continue  # a made-up column: named by the phrases of the two it is made of
        said = names.get(c.qualified, set())
        kept = {_singular_phrase(p, said) for p in said}
        kept = {p for p in kept if _shown_phrase(p, kept, c)}
        first = [" ".join(r.split()) for r in name_readings(c.name)] + [" ".join(c.words)]
        concept = {" ".join(p) for p in lexicon.concept_phrases}
        order = sorted(kept, key=lambda p: (p not in first, p not in concept, len(p.split()), p))
        if order or values[c.qualified]:
            out[c.qualified] = {"phrases": order, "value_phrases": values[c.qualified]}
    return out


def _shown_phrase(phrase: str, said: set[str], c: Col) -> bool:
    """A phrase worth showing: not another's words run together ("shelflocation"), not a made-up
    word (a negation's prefix on a name, "ilurban"), unless it is the column's own name."""

    if " " in phrase or phrase in phrase_tokens(c.name) or phrase == c.name.lower():
        return True
    if any(" " in p and p.replace(" ", "") == phrase for p in said):
        return False
    return is_word(phrase) or phrase in abbreviation_readings()


def _singular_phrase(phrase: str, said: set[str]) -> str:
    """The phrase with its last word singular when that form is bound too ("shelf locations" -> ...)."""
    *head, last = phrase.split()
    one = " ".join([*head, singular(last)])
    return one if one in said else phrase
