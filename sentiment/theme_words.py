"""Word tables for theme phrases (data, not code), and the word-level reading built on them.

A theme phrase is a run of content words of one clause ("stopped working", "arrived damaged", "app
crashes", "runs small"): function words, light verbs, intensifiers and time words are left out of its
key, inflections share a lemma (lemminflect: "stops", "stopped", "stopping" -> "stop"; its dictionary
is bundled, nothing is downloaded), and negations become one word ("doesn't work", "stopped working",
"quit working", "no longer works" -> "not work"). A phrase must hold one word that is neither a
sentiment word (VADER's lexicon) nor generic ("product", "device"): sentiment words only say which side
a text is on.
"""

from __future__ import annotations

import re
from functools import cache

from sentiment.score import _lexicon


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\S+", text))


ENGLISH_STOP = _words(
    """
    a about above across after afterwards again against all almost alone along already also although
    always am among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere
    are around as at back be became because become becomes becoming been before beforehand behind being
    below beside besides between beyond bill both bottom but by call can cannot cant co con could
    couldnt cry de describe detail do done down due during each eg eight either eleven else elsewhere
    empty enough etc even ever every everyone everything everywhere except few fifteen fifty fill find
    fire first five for former formerly forty found four from front full further get give go had has
    hasnt have he hence her here hereafter hereby herein hereupon hers herself him himself his how
    however hundred i ie if in inc indeed interest into is it its itself keep last latter latterly least
    less ltd made many may me meanwhile might mill mine more moreover most mostly move much must my
    myself name namely neither never nevertheless next nine no nobody none noone nor not nothing now
    nowhere of off often on once one only onto or other others otherwise our ours ourselves out over own
    part per perhaps please put rather re same see seem seemed seeming seems serious several she should
    show side since sincere six sixty so some somehow someone something sometime sometimes somewhere
    still such system take ten than that the their them themselves then thence there thereafter thereby
    therefore therein thereupon these they thick thin third this those though three through throughout
    thru thus to together too top toward towards twelve twenty two un under until up upon us very via
    was we well were what whatever when whence whenever where whereafter whereas whereby wherein
    whereupon wherever whether which while whither who whoever whole whom whose why will with within
    without would yet you your yours yourself yourselves
    """
)
"""scikit-learn's English stop words (Glasgow list), kept here so reading phrases needs no scikit-learn."""
NOT = "not"
"""The key word every negation becomes."""
NEGATORS = _words("not no never nor cannot cant dont doesnt didnt wont isnt wasnt arent werent")
"""Words that negate what follows ("n't" is spelled out as "not" before words are read)."""
STOPPERS = _words("stop stops stopped stopping quit quits quitting cease ceased ceases")
"""Verbs that negate the -ing verb after them: "stopped working", "quit charging" -> "not work"."""
NO_LONGER = ("no", "longer")
KEEP_STOP = _words("not no never nor cannot off on up down out over back top fire too")
"""Stop words that still carry meaning in a phrase ("turn off", "fire stick", "too small")."""
PARTICLES = KEEP_STOP - {"fire", "top"}
"""Kept words that never carry a phrase alone: "not too" says nothing, "too small" does."""
EXTRA_STOP = _words(
    """just really would get gets got getting gotten im ive id dont didnt doesnt isnt wasnt cant wont don
    didn doesn isn wasn ve ll re ca wo thing things lot lots bit much even still ever way overall honestly
    seriously unfortunately sadly wow ugh oh hmm yes yeah please havent couldnt wouldnt shouldnt arent
    werent everything anything something nothing everyone anyone someone nobody anybody guys ok okay also
    maybe bc lol etc via per s t d m u b x y
    be been being is are was were am do does did doing done have has had having make makes made making
    keep keeps kept keeping seem seems seemed feel feels felt go goes going went gone come comes came
    take takes took taken give gives gave given put puts let lets say says said tell tells told think
    thinks thought know knows knew want wants wanted need needs needed try tries tried trying look
    looks looked see saw seen use uses used using buy buys bought purchase purchased order ordered
    love loves loved loving like likes liked hate hates hated enjoy enjoys enjoyed recommend recommended
    wish hope expect expected decide decided figure guess mean means pretty quite rather very
    so such again already almost enough soon yet maybe probably actually definitely absolutely
    totally completely literally basically simply certainly sure anyway otherwise instead
    day days week weeks month months year years time times today yesterday tomorrow hour hours minute
    minutes second seconds morning night tonight ago lately recently now later first last next
    one two three four five six seven eight nine ten half single couple super truly several many few
    every each whole total various kind sort lot far"""
)
"""Words that are never part of a phrase's key (besides the English stop words)."""
VAGUE = _words(
    """product products item items device devices unit units thing things stuff purchase experience
    review reviews star stars people person guy"""
)
"""Words that never carry a phrase: "device not work" is carried by "work"."""
BROAD = _words("customer company money price quality app service support order")
"""Words that carry a phrase ("support slow", "price increase") but are too broad to be a theme alone."""
TOPIC_WORDS = _words("support value security safety credit gift refurbished")
"""Words in VADER's lexicon that still name a subject: "customer support"."""
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
    "becuase": "because",
    "untill": "until",
    "wich": "which",
}
"""Common misspellings read as their word, so "suport" counts as "support"."""
POS_ORDER = ("VERB", "NOUN", "ADJ", "ADV", "AUX", "PROPN")
"""Which lemma a word takes when lemminflect knows several ("crashes": verb crash = noun crash)."""


@cache
def stop_words() -> frozenset[str]:
    """Words that are never part of a phrase's key."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT

    boosters = {w.lower() for w in BOOSTER_DICT if " " not in w} - KEEP_STOP
    return frozenset((ENGLISH_STOP - KEEP_STOP) | EXTRA_STOP | boosters) - NEGATORS


@cache
def sentiment_words() -> frozenset[str]:
    """Words that carry sentiment or degree: VADER's lexicon and boosters, less the TOPIC_WORDS."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT

    return (frozenset(_lexicon()) | frozenset(w.lower() for w in BOOSTER_DICT)) - TOPIC_WORDS


_LEMMA: dict[str, str] = {}


def lemma(word: str) -> str:
    """The dictionary form of a lower-case word: 'stopped' -> 'stop', 'batteries' -> 'battery'.

    >>> [lemma(w) for w in ("stopped", "crashes", "sizing", "batteries", "syncing", "wifi")]
    ['stop', 'crash', 'size', 'battery', 'sync', 'wifi']
    """
    known = _LEMMA.get(word)
    if known is None:
        known = _LEMMA[word] = _lemma(word)
    return known


def _lemma(word: str) -> str:
    from lemminflect import getAllLemmas, getAllLemmasOOV

    found = getAllLemmas(word)
    for pos in POS_ORDER:
        if pos in found:
            return str(found[pos][0])
    if len(word) > 5 and word.endswith(("ing", "ed")):  # unknown verbs: "syncing", "synced" -> sync
        stem = word[:-3] if word.endswith("ing") else word[:-2]
        return stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz" else stem
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return str(getAllLemmasOOV(word, "NOUN")["NOUN"][0])
    return word


_NAMES: dict[str, bool] = {}


def carries(key_word: str) -> bool:
    """Whether a key word (a lemma, or "not") can carry a phrase: not a sentiment word, not vague."""
    known = _NAMES.get(key_word)
    if known is None:
        known = _NAMES[key_word] = (
            key_word != NOT
            and len(key_word) > 1
            and key_word not in PARTICLES
            and key_word not in VAGUE
            and (key_word in TOPIC_WORDS or key_word not in sentiment_words())
        )
    return known


def stands_alone(key_word: str) -> bool:
    """Whether one key word alone may be a theme: a noun that carries a phrase and is not too broad
    ("battery", "refund", "wifi"; not "support", "back", "fix" the verb, "not")."""
    known = _ALONE.get(key_word)
    if known is None:
        known = _ALONE[key_word] = (
            carries(key_word) and key_word not in BROAD and key_word not in KEEP_STOP and _noun(key_word)
        )
    return known


_ALONE: dict[str, bool] = {}


def _noun(word: str) -> bool:
    """Whether lemminflect knows the word as a noun (or does not know it at all: "wifi", "sync")."""
    from lemminflect import getAllLemmas

    found = getAllLemmas(word)
    return not found or "NOUN" in found
