"""Negative morphology: the words that deny a yes/no column's word ("inactive", "unpaid", "non-smokers").

A prefix is only put before a word that can take it as a negation: an adjective ("active" ->
"inactive") or a participle ("paid" -> "unpaid"); never a base verb or a noun, so "come" never
yields "income" and "count" never "discount". "non" goes before any word ("non-smokers").
The prefixes are data (`negative_prefixes` in grammar/words.yaml).
"""

from __future__ import annotations

from functools import cache

from catalog.english import is_word
from catalog.word_memo import remembered
from nlq.grammar import word_classes
from nlq.text import singular

Phrase = tuple[str, ...]


@cache
@remembered
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


@cache
@remembered
def _is_adjective(word: str) -> bool:
    from lemminflect import getAllLemmas

    return "ADJ" in getAllLemmas(word)


def adjective_forms(noun: str) -> list[str]:
    """The adjectives of a noun by the endings of `adjective_endings` (grammar/words.yaml), kept only when
    lemminflect knows the result as an adjective: "ethnicity" -> ["ethnic"], "region" -> ["regional"]."""
    out: list[str] = []
    for end, replacements in word_classes()["adjective_endings"].items():
        if not noun.endswith(end) or len(noun) - len(end) < 3:
            continue
        stem = noun[: len(noun) - len(end)] if end else noun
        out += [stem + r[0] for r in replacements if _is_adjective(stem + r[0]) and stem + r[0] != noun]
    return list(dict.fromkeys(out))


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
@remembered
def event_forms(word: str) -> tuple[str, ...]:
    """The verb forms that name a date column's event: "return" -> ("returned",), "rental" -> ("rent",
    "rented"), "closed" -> ("close",); () when the word names no verb."""
    from lemminflect import getInflection

    verb = _verb(word)
    if verb is None:
        return ()
    forms = {verb} | {f for tag in ("VBD", "VBN", "VBG") for f in getInflection(verb, tag=tag)}
    forms |= {verb + "ment"} if is_word(verb + "ment") else set()  # "shipment" of ship_date
    # "from shipping to delivery" of delivered_at: the event's noun, in the singular
    forms |= {n for n in event_nouns(word) if not n.endswith("s")}
    return tuple(sorted(f for f in forms if f != word))


@cache
@remembered
def gerund(word: str) -> str | None:
    """The -ing form of a verb in its base form ("ship" -> "shipping"), else None."""
    from lemminflect import getAllLemmas, getInflection

    if getAllLemmas(word).get("VERB", ("",))[0] != word:
        return None
    forms = getInflection(word, tag="VBG")
    return forms[0] if forms and forms[0] != word else None


RECORD_ENDINGS = ("t", "y", "ing")
"""Endings that make a record's noun of a verb beyond NOMINAL ("complaint" <- complain, "delivery" <-
deliver, "booking" <- book)."""


@cache
@remembered
def record_verb_forms(noun: str) -> tuple[str, ...]:
    """The past forms of the verb a record's noun names ("complaint" -> ("complained",), "rental" ->
    ("rented",), "refund" -> ("refunded",)); () when the noun names no verb ("customer" is no "custom")."""
    from lemminflect import getAllLemmas, getInflection

    noun = singular(noun)
    verb = None
    for end in (*NOMINAL, *RECORD_ENDINGS):
        stem = noun[: -len(end)]
        if not noun.endswith(end) or len(stem) < (6 if end == "t" else 3):
            continue
        tries = (stem,) if end == "t" else (stem + "e", stem)  # complain-t, rat(e)-ing; never even-t
        verb = next((c for c in tries if getAllLemmas(c).get("VERB", ("",))[0] == c), None)
        if verb is not None:
            break
    if verb is None and getAllLemmas(noun).get("VERB", ("",))[0] == noun and len(noun) >= 5:
        # a noun that is its verb as well ("refund" -> refunded, "return" -> returned), where the past
        # form is a word people use (never "producted")
        from wordfreq import zipf_frequency

        forms = {f for tag in ("VBD", "VBN") for f in getInflection(noun, tag=tag)}
        return tuple(sorted(f for f in forms if zipf_frequency(f, "en") >= NOUN_MIN_ZIPF))
    if verb is None:
        return ()
    return tuple(sorted({f for tag in ("VBD", "VBN") for f in getInflection(verb, tag=tag)}))


NOUN_ENDINGS = ("ation", "{last}ation", "-ion", "-ation", "al", "-al", "y", "ion", "ment", "-ssion")
"""Nouns of a verb's event ("cancel" -> cancellation, "complete" -> completion, "approve" -> approval,
"deliver" -> delivery, "repay" -> repayment, "submit" -> submission); "-" drops the verb's last letter,
"{last}" doubles it."""
NOUN_MIN_ZIPF = 3.0
"""How common (wordfreq's Zipf scale) a made-up noun must be to count as an English word."""


@cache
@remembered
def event_nouns(participle: str) -> tuple[str, ...]:
    """The nouns, singular and plural, of the event a participle or a verb names ("cancelled" or the
    status "Cancel" -> cancellation, cancellations); () for a word that is neither or has no common noun
    of that form."""
    from lemminflect import getAllLemmas, getInflection
    from wordfreq import zipf_frequency

    verb = getAllLemmas(participle).get("VERB", ("",))[0]
    irregular = participle in getInflection(verb, tag="VBN") if verb else False  # "repaid"
    if not verb or (verb != participle and not participle.endswith("ed") and not irregular):
        return ()
    out: set[str] = {n for p in word_classes()["irregular_event_nouns"].get(verb, ()) for n in p}  # receipt
    for end in NOUN_ENDINGS:
        stem = verb[:-1] if end.startswith("-") else verb
        noun = stem + end.lstrip("-").replace("{last}", verb[-1])
        if noun != verb and zipf_frequency(noun, "en") >= NOUN_MIN_ZIPF:
            out |= {noun, noun[:-1] + "ies" if noun.endswith("y") else noun + "s"}
    return tuple(sorted(out))


LIGHT_VERBS = frozenset(
    {"do", "go", "be", "have", "get", "make", "take", "come", "give", "let", "say", "see"}
)
"""Verbs whose forms are question words, never a value's ("Done" is not said "does")."""


@cache
@remembered
def verb_forms(participle: str) -> tuple[str, ...]:
    """The other forms of the verb a past-tense value is ("Won" -> win, wins, winning; "Lost" -> lose,
    loses, losing): "deals we win", "the win rate", "how many did we lose"; () for other words."""
    from lemminflect import getAllLemmas, getInflection

    verb = getAllLemmas(participle).get("VERB", ("",))[0]
    if not verb or verb == participle or verb in LIGHT_VERBS:
        return ()
    past = set(getInflection(verb, tag="VBD")) | set(getInflection(verb, tag="VBN"))
    if participle not in past:
        return ()
    forms = {verb} | set(getInflection(verb, tag="VBZ")) | set(getInflection(verb, tag="VBG"))
    return tuple(sorted(forms - {participle}))


@cache
@remembered
def undergone_forms(gerund: str) -> tuple[str, ...]:
    """The past participle of the verb a status in its -ing form is ("Processing" -> processed, "Shipping"
    -> shipped): "items being processed" are the ones whose status is Processing; () for other words and
    for participles rare in English (wordfreq)."""
    from lemminflect import getAllLemmas, getInflection
    from wordfreq import zipf_frequency

    if not gerund.endswith("ing") or len(gerund) < 6:
        return ()
    verb = getAllLemmas(gerund).get("VERB", ("",))[0]
    if not verb or verb in LIGHT_VERBS or gerund not in getInflection(verb, tag="VBG"):
        return ()
    done = set(getInflection(verb, tag="VBN")) - {gerund}
    return tuple(sorted(w for w in done if zipf_frequency(w, "en") >= NOUN_MIN_ZIPF))


@cache
@remembered
def trade_forms(gerund: str) -> tuple[str, ...]:
    """Who works in a trade named by its -ing noun ("Retailing" -> retailer, retailers; "Publishing" ->
    publishers); () for other words. Only forms common in English (wordfreq); never the bare verb or its
    plural ("markets" is no Marketing, "even" no Evening)."""
    from lemminflect import getAllLemmas
    from wordfreq import zipf_frequency

    if not gerund.endswith("ing") or len(gerund) < 6:
        return ()
    base = getAllLemmas(gerund).get("VERB", ("",))[0]
    if not base or base == gerund:
        return ()
    forms = {base + "er", base + "ers", base + "r", base + "rs"} - {gerund}
    return tuple(sorted(f for f in forms if zipf_frequency(f, "en") >= NOUN_MIN_ZIPF))


@cache
@remembered
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


SPELLING_MIN = 6
"""Shortest word whose ending is respelled ("color" and "four" are left alone)."""


def other_spellings(word: str) -> tuple[str, ...]:
    """The word in its other (British / American) spellings: "canceled" -> ("cancelled",)."""
    if len(word) < SPELLING_MIN or not word.isalpha():
        return ()
    out: list[str] = []
    for ending, others in word_classes()["spelling_endings"].items():
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            out += [word[: -len(ending)] + o[0] for o in others]
    return tuple(dict.fromkeys(w for w in out if w != word))


ACTION_NOUN_MIN = 9
"""Shorter -tion nouns are rarely made of a verb said the same way."""


@cache
def noun_participle(noun: str) -> str | None:
    """The past participle of the verb an action noun is made of ("satisfaction" -> "satisfied",
    "promotion" -> "promoted"): "satisfied employees" names satisfaction_level. None for other words."""
    from lemminflect import getAllLemmas, getInflection
    from wordfreq import zipf_frequency

    if len(noun) < (ACTION_NOUN_MIN if not noun.endswith("ure") else ACTION_NOUN_MIN - 2):
        return None  # "station" is no "stated", "question" no "quested"
    if noun.endswith("faction"):
        stems = [noun[: -len("faction")] + "fy"]
    elif noun.endswith("tion"):
        stems = [noun[:-3] + "e", noun[:-3]]
    elif noun.endswith("ure"):
        stems = [noun[:-3], noun[:-3] + "e"]  # "failure" -> failed, "exposure" -> exposed
    else:
        return None  # not "-ment": a department never departed
    for verb in stems:
        if verb in getAllLemmas(verb).get("VERB", ()) and zipf_frequency(verb, "en") >= 3:
            forms = getInflection(verb, tag="VBN")
            if forms:
                return forms[0]
    return None


def counted_participle(noun: str) -> str | None:
    """The past participle of the verb a counted event's noun is ("changes" -> "changed", "upgrades" ->
    "upgraded"): "bookings changed at least once" names booking_changes. Only a noun that is also a verb
    of the same form; None for other words."""
    from lemminflect import getAllLemmas, getInflection

    lemmas = getAllLemmas(noun)
    nouns, verbs = lemmas.get("NOUN", ()), lemmas.get("VERB", ())
    shared = [n for n in nouns if n in verbs]
    if not shared:
        return None
    forms = getInflection(shared[0], tag="VBN")
    return forms[0] if forms and forms[0] not in (noun, shared[0]) else None


def adverb_of(adjective: str) -> str | None:
    """The adverb of an adjective ("full" -> "fully", "simple" -> "simply", "late" -> "lately"), when
    it is an English word."""
    if not adjective.isalpha() or len(adjective) < 4:
        return None
    if adjective.endswith("ll"):
        form = adjective + "y"
    elif adjective.endswith("le"):
        form = adjective[:-1] + "y"
    elif adjective.endswith("y"):
        form = adjective[:-1] + "ily"
    else:
        form = adjective + "ly"
    return form if is_word(form) else None
