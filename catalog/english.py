"""English words from maintained word lists: is a token a word, its lemmas, its inflections, its close words.

Backed by `lemminflect` (a lexicon of English lemmas and inflections) and `wordfreq` (word frequencies
from many corpora); both ship their data, nothing is downloaded. Imported lazily by callers: loading the
lists takes a few tenths of a second once per process.
"""

from __future__ import annotations

from functools import cache

from breame.spelling import get_american_spelling, get_british_spelling

from catalog.word_memo import remembered

WORD_ZIPF = 3.0
"""A token at least this frequent (once per million words) is an English word even when lemminflect does
not list it ("website", "offline"); rarer tokens must be in lemminflect's lexicon ("lapsed", "unpaid")."""
RIVAL_ZIPF_GAP = 1.0
"""A close English word competes with a correction unless it is this much rarer (zipf: 1 = ten times)."""
LEXICON_ZIPF = 2.0
"""A word of lemminflect's lexicon rarer than this is an old or odd spelling ("enterprize"), not a word."""
NEIGHBOUR_LIST = 60_000
"""How many of the most frequent English words a correction must not be as close to as its target."""


@cache
@remembered
def is_word(token: str) -> bool:
    """Whether `token` (lower case) is an English word: in lemminflect's lexicon or frequent in wordfreq.

    >>> is_word("inactive"), is_word("country"), is_word("custmers")
    (True, True, False)
    """
    from lemminflect import getAllLemmas

    if not token.isalpha():
        return False
    return zipf(token) >= WORD_ZIPF or (bool(getAllLemmas(token)) and zipf(token) >= LEXICON_ZIPF)


@cache
def spellings(token: str) -> frozenset[str]:
    """The word in British and American spelling (breame): {"license", "licence"}."""
    return frozenset({token, get_american_spelling(token), get_british_spelling(token)})


@cache
@remembered
def zipf(token: str) -> float:
    """How common an English word is: log10 of its frequency per billion words (0 when unseen)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(token, "en")


@cache
@remembered
def lemmas(token: str) -> frozenset[str]:
    """Every lemma of a word over its parts of speech, the word itself included.

    >>> sorted(lemmas("left"))
    ['leave', 'left']
    """
    from lemminflect import getAllLemmas

    out = {token}
    for forms in getAllLemmas(token).values():
        out.update(forms)
    return frozenset(out)


@cache
@remembered
def lemma_table(token: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's lemmas of a word by part of speech ({"VERB": ("leave",), "ADJ": ("left",)})."""
    from lemminflect import getAllLemmas

    return {pos: tuple(forms) for pos, forms in getAllLemmas(token).items()}


@cache
@remembered
def verb_inflections(lemma: str) -> dict[str, tuple[str, ...]]:
    """lemminflect's inflections of a verb by tag ({"VBD": ("joined",), ...})."""
    from lemminflect import getAllInflections

    return {tag: tuple(forms) for tag, forms in getAllInflections(lemma, upos="VERB").items()}


@cache
@remembered
def inflections(lemma: str) -> frozenset[str]:
    """Every inflected form of a lemma (plural, past tense, -ing, ...), the lemma itself included.

    >>> sorted(inflections("client"))
    ['client', 'clients']
    """
    from lemminflect import getAllInflections, getAllInflectionsOOV

    out = {lemma}
    found = getAllInflections(lemma)
    if not found:
        found = getAllInflectionsOOV(lemma, "NOUN")
    for forms in found.values():
        out.update(forms)
    return frozenset(out)


@cache
def _frequent() -> tuple[str, ...]:
    from wordfreq import top_n_list

    return tuple(w for w in top_n_list("en", NEIGHBOUR_LIST) if w.isalpha())


def close_words(token: str, limit: int) -> dict[str, int]:
    """Frequent English words within `limit` edits (OSA distance) of `token`, with their distance."""
    from rapidfuzz.distance import OSA
    from rapidfuzz.process import extract

    hits = extract(token, _frequent(), scorer=OSA.distance, score_cutoff=limit, limit=20)
    return {w: d for w, d, _ in hits}


CUT_MIN = 5
"""A word cut short ("redempt") is read as its whole word only from this many letters on."""


@cache
def completed(token: str) -> str | None:
    """The frequent English noun a token that is no word starts ("redempt" -> "redemption"), when one is
    ten times as common as every other word so started; None otherwise."""
    from lemminflect import getAllLemmas

    if len(token) < CUT_MIN or not token.isalpha() or is_word(token):
        return None
    started = [w for w in _frequent() if w.startswith(token) and w != token]
    best = _clear_winner(started)
    return best if best is not None and "NOUN" in getAllLemmas(best) else None


def _clear_winner(words: list[str]) -> str | None:
    """The most common of the words when it is ten times as common as the next (RIVAL_ZIPF_GAP)."""
    ranked = sorted(words, key=zipf, reverse=True)
    if not ranked or (len(ranked) > 1 and zipf(ranked[1]) > zipf(ranked[0]) - RIVAL_ZIPF_GAP):
        return None
    return ranked[0]


VOWELS = frozenset("aeiouy")
SKELETON_MIN = 4
"""Shorter tokens drop too much to say which word they shorten ("cnt": count, cent, can't)."""


def _consonants(word: str) -> str:
    return "".join(ch for ch in word if ch not in VOWELS)


def _inside(short: str, word: str) -> bool:
    """`short`'s letters appear in `word` in order."""
    rest = iter(word)
    return all(ch in rest for ch in short)


@cache
def _skeletons() -> dict[tuple[str, str], tuple[str, ...]]:
    """The frequent words by (first letter, consonants): "marital" under ("m", "mrtl")."""
    out: dict[tuple[str, str], list[str]] = {}
    for w in _frequent():
        out.setdefault((w[0], _consonants(w)), []).append(w)
    return {k: tuple(v) for k, v in out.items()}


@cache
@remembered
def unabbreviated(token: str) -> str | None:
    """The English word a non-word token writes without some of its vowels ("maritl" -> "marital"):
    the frequent word that starts with the same letter, holds the token's letters in order and has
    exactly its consonants; the most common such word when it is ten times as common as the next.

    >>> unabbreviated("maritl"), unabbreviated("country"), unabbreviated("xqzt")
    ('marital', None, None)
    """
    if len(token) < SKELETON_MIN or not token.isalpha() or is_word(token):
        return None
    bones = _consonants(token)
    if len(bones) < 3:
        return None
    hits = [w for w in _skeletons().get((token[0], bones), ()) if len(w) > len(token) and _inside(token, w)]
    return _clear_winner(hits)


MISSPELT_MIN = 5
"""Shorter non-words are abbreviations more often than typos."""


@cache
def misspelt(token: str) -> str | None:
    """The English word a non-word name token misspells by one dropped letter ("montly" -> "monthly",
    a column `average_montly_hours`) or, in a long word, one letter too many or one vowel for another ("deductable"): the frequent word one letter longer that holds the token's letters
    in order, the most common such word when it is ten times as common as the next.

    >>> misspelt("montly"), misspelt("monthly"), misspelt("xqztr"), misspelt("deductable")
    ('monthly', None, None, 'deductible')
    >>> misspelt("statisfaction"), misspelt("neighorhood")
    ('satisfaction', 'neighborhood')
    """
    if len(token) < MISSPELT_MIN or not token.isalpha() or is_word(token):
        return None
    close = close_words(token, 1)
    hits = [
        w for w in close if len(w) == len(token) + 1 and w[0] == token[0] and _inside(token, w)
    ]  # the first letter kept: "ordid" (order id) is no "sordid"
    if not hits and len(token) >= SWAPPED_MIN:
        # "statisfaction" of statisfaction_score: one letter too many in a long word
        hits = [w for w in {token[:i] + token[i + 1 :] for i in range(1, len(token))} if zipf(w) >= WORD_ZIPF]
    if not hits and len(token) >= SWAPPED_MIN:
        # "deductable" of policy_deductable: one vowel written for another in a long word
        hits = [
            w for w in close if len(w) == len(token) and w[0] == token[0] and _one_vowel_swapped(token, w)
        ]
    return _clear_winner(hits)


SWAPPED_MIN = 8
"""Name tokens at least this long may have one vowel written for another ("deductable")."""


def _one_vowel_swapped(token: str, word: str) -> bool:
    """The two differ in exactly one place, a vowel in each ("y" counts: "hipertension")."""
    diff = [(a, b) for a, b in zip(token, word, strict=True) if a != b]
    return len(diff) == 1 and diff[0][0] in "aeiouy" and diff[0][1] in "aeiouy"
