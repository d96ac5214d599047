"""Word tables that decide which words can name a theme (data, not code).

A theme names a subject people talk about ("delivery", "customer support", "sound quality"). Words that
carry sentiment (VADER's lexicon), stop words, generic verbs, adverbs, time words and vague nouns never
appear in a theme's name; sentiment words only decide whether a theme is praise or a complaint.
"""

from __future__ import annotations

import re
from functools import cache


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\S+", text))


EXTRA_STOP = _words(
    """just really would get got one also im ive dont didnt doesnt isnt wasnt cant wont don didn doesn isn
    wasn ve ll re ca wo thing things lot lots bit much even still ever way overall honestly seriously
    unfortunately sadly wow ugh oh hmm yes yeah please havent couldnt wouldnt shouldnt arent werent
    everything anything something nothing everyone anyone someone nobody anybody guys"""
)
"""Words that make no theme (besides scikit-learn's English stop words)."""
GENERIC_VERBS = _words(
    """use work fix renew cancel consider arrive feel do make have keep take add switch evaluate wait save
    expect compare ask tell think learn listen turn connect hear come look start stop play buy purchase get
    give go say see try want need seem find know let put run show talk watch read install figure
    respond receive replace continue happen decide recommend own include allow provide become bring mean
    recognize recognise follow
    leave understand hope wish change end open move pay send spend wake live set hold mention notice realize
    believe remember forget manage love like enjoy hate"""
)
"""Verbs that name no subject: every form (use, uses, used, using) is left out of theme names. Verbs that
are also subjects (crash, order, update, billing) are not listed; their -ed forms go by `names_a_subject`."""
IRREGULAR = _words(
    """did done made took taken got gotten went gone came gave given said thought bought kept felt found
    told heard left sent spent paid put ran seen saw brought meant built held began begun knew known
    wrote written stuck"""
)
GENERIC = _words(
    """far new old week weeks day days month months year years time times today yesterday tomorrow hour
    hours minute minutes second seconds half twice double single exactly mainly away right able different
    long big little lot plus first last next ago instead actually probably daily annual average mixed
    quick quickly early late slow fast loud outdated unhelpful nightmare already almost enough every
    whole total various several many couple lots kind sort pretty quite soon yet ok okay via per etc
    product products item items tool tools stuff experience purchase star stars review reviews month
    thanks thank nd rd th feeling feelings people longer job fence penny bucks dime
    middle"""
)
"""Adverbs, adjectives, time words, vague nouns ("product", "experience") and words of idioms ("great job",
"on the fence", "worth every penny") that name no subject."""
WEAK_ALONE = _words("customer customers user users client clients company")
"""Words that name a subject only with another ("customer service"), never alone."""
TOPIC_WORDS = _words("support value care security safety credit gift refurbished")
"""Words in VADER's lexicon (or ending in -ed) that still name a subject: "customer support"."""
LY_NOUNS = _words("family supply assembly reply july italy rally anomaly")
"""Words ending in -ly that are nouns, not adverbs."""
ED_NOUNS = _words("speed feed need bed seed embed red bred shed")
"""Words ending in -ed that are not past participles."""
MISSPELLINGS = {
    "teh": "the",
    "suport": "support",
    "arived": "arrived",
    "delivey": "delivery",
    "experiance": "experience",
    "recieve": "receive",
    "recieved": "received",
    "realy": "really",
    "wuold": "would",
    "pakage": "package",
    "definately": "definitely",
    "dissapointed": "disappointed",
    "frustating": "frustrating",
    "usefull": "useful",
    "helpfull": "helpful",
    "anoying": "annoying",
    "alot": "a lot",
    "untill": "until",
    "wich": "which",
}
"""Common misspellings read as their word, so "suport" counts as "support"."""
NEGATIONS = _words("not no never")


def inflections(verb: str) -> set[str]:
    """The forms of a regular verb: 'cancel' -> cancel, cancels, cancelled, cancelling, canceled, ..."""
    forms = {verb, verb + "s", verb + "es", verb + "ed", verb + "d", verb + "ing"}
    if verb.endswith("e"):
        forms |= {verb[:-1] + "ing", verb[:-1] + "ed"}
    if verb.endswith("y"):
        forms |= {verb[:-1] + "ied", verb[:-1] + "ies"}
    forms |= {verb + verb[-1] + "ing", verb + verb[-1] + "ed"}
    return forms


@cache
def stop_words() -> frozenset[str]:
    """Words that never appear in a theme's name (stop words, generic words, verb forms)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    verbs: set[str] = set()
    for verb in GENERIC_VERBS:
        verbs |= inflections(verb)
    return frozenset(ENGLISH_STOP_WORDS | EXTRA_STOP | GENERIC | IRREGULAR | NEGATIONS | verbs)


@cache
def sentiment_words() -> frozenset[str]:
    """Words that carry sentiment or degree: VADER's lexicon and boosters, less the TOPIC_WORDS."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT

    from sentiment.score import _lexicon

    return (frozenset(_lexicon()) | frozenset(w.lower() for w in BOOSTER_DICT)) - TOPIC_WORDS


def names_a_subject(word: str) -> bool:
    """Whether a (lower-case, spelled-out) word may be part of a theme's name."""
    if word in TOPIC_WORDS:
        return True
    if len(word) < 2 or word in stop_words() or word in sentiment_words():
        return False
    if word.endswith("ly") and word not in LY_NOUNS:
        return False
    return not (word.endswith("ed") and len(word) > 4 and word not in ED_NOUNS)
