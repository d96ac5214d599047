"""Normalising and tokenising questions and schema phrases the same way."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

from catalog.cleaning import NUMBER_NAMES
from catalog.english import is_word
from catalog.inflect import pluralize, singularize
from nlq.rewrites import rewrite

_TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+|(?:(?![\u0000-\u024f])[^\W\d_])+")
"""Numbers, Latin words (an accented or garbled Latin letter splits them, as it always has: 'DoubleÂ
Overhead'), and words of other scripts whole (Korean 교동, Greek, Cyrillic)."""
_DOTTED = re.compile(r"(?<![a-z0-9.])(?:[a-z]\.){2,}(?![a-z0-9])")
_SHORT_MIXED = re.compile(r"\b[A-Z][A-Za-z]{1,3}\b")
"""A capitalised word of at most four letters is never split at a capital: "PhD", "GmbH" are one word."""
_US = re.compile(r"(?<![A-Za-z.])(?:US|U\.S\.?)(?!\.?[A-Za-z])")
"""The United States written in capitals ("US", "U.S."), not the pronoun "us"."""
_SPENDERS = re.compile(r"\b(\d+\s+)?(?:biggest|largest|highest|top|best|heaviest)\s+(\d+\s+)?spender(s?)\b")
_ALL_PERIODS = re.compile(
    r"\b(?:across|over|in|for|during|covering) all (?:the |of the )?(?:\w+ )?(?:years|months|quarters|weeks)\b"
    r"(?: of data| in the data| we have data for| on record)?"
)
"""Every period of the data said as such ("across all four years"): the data as a whole."""
_BEYOND = {"older": "aged at least", "younger": "aged at most"}
_OR_BEYOND = re.compile(r"\b(\d+(?:\.\d+)?) (?:or|and) (" + "|".join(_BEYOND) + r")\b(?! than)")
"""An age and "or" beyond it ("60 or older"): that age or beyond ("3 or more" is read where it is said)."""
_AT_LEAST_PLUS = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*\+(?!\s*\d)")
"""A number and a plus sign after it ("60+"): that number or more."""
_AVERAGE_PER = (
    re.compile(
        r"\bhow many (\w+(?: \w+)?) (?:does|do|did) (?:a|an|the|each|every) (?:average |typical |single )?(\w+)"
        r" (?:have|has|contain|contains|include|includes|hold|holds|get|gets)(?: on average| typically)\b"
    ),
    re.compile(
        r"\bhow many (\w+(?: \w+)?) (?:does|do|did) (?:a|an|the) (?:average|typical) (\w+)"
        r" (?:have|has|contain|contains|include|includes|hold|holds|get|gets)\b"
    ),
    re.compile(r"\bhow many (\w+) (?:per|for each|in each|on each) (\w+) on average\b"),
)
"""Questions of an average count said as "how many X does a Y have on average" (rewritten as the
"average number of X per Y" they mean)."""
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
CURRENCY_SIGNS = {"\u20b9": "rupees", "\u20ac": "euros", "\u00a3": "pounds", "\u00a5": "yen"}
CURRENCY_CODES = {"rs": "rupees", "inr": "rupees", "usd": "dollars", "eur": "euros", "gbp": "pounds"}
"""Currencies written before the amount ("Rs 1,000", "USD 50"): said after it, as a word."""
_CURRENCY_CODE = re.compile(r"\b(" + "|".join(CURRENCY_CODES) + r")\.?\s?(\d+(?:\.\d+)?)\b")
_DOLLARS_ALONE = re.compile(
    r"\b((?:were|was|are|is|cost|costing|worth|spent|paid|valued|[a-z]+s)\s+"
    r"(?:over|above|under|below|more than|less than|at least|at most|exceeding))\s+\$\s?(\d+(?:\.\d+)?)"
    r"(?=\s*(?:[?.!,;]|$|and\b|or\b))"
)
"""A bare "$300" after records and a comparison word, ending the question or a clause ("transactions
over $300?"): said as dollars (never after a figure named, "average spend above $10", nor when words after
it say what it is: "$300 in sales", "$100 a month")."""
_CURRENCY_SIGN = re.compile("([" + "".join(CURRENCY_SIGNS) + r"])\s?(\d+(?:\.\d+)?)")
_CONTRACTIONS = (
    ("can't", "can not"),
    ("won't", "will not"),
    ("what's", "what is"),
    ("who's", "who is"),
    ("where's", "where is"),
    ("how's", "how is"),
    ("which's", "which is"),
    ("there's", "there is"),
    ("that's", "that is"),
    ("n't", " not"),
    ("'s", ""),
    ("'re", " are"),
    ("'ve", " have"),
    ("'d", " would"),  # "they'd be interested"
    ("'ll", " will"),
)

_SYMBOLS = (
    (">=", " at least "),
    ("=>", " at least "),
    ("<=", " at most "),
    ("=<", " at most "),
    ("!=", " not equal to "),
    ("<>", " not equal to "),
    (">", " more than "),
    ("<", " less than "),
    ("==", " equal to "),
    ("=", " equal to "),
)
NUMBER_WORDS: dict[str, int] = {
    **{word: n for n, word in enumerate(NUMBER_NAMES)},
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "dozen": 12,
}
_SCALES = {
    "hundred": 100, "thousand": 1000, "million": 1_000_000, "k": 1000, "m": 1_000_000,
    # the Indian numbering system: "10 lakh rupees" is 1,000,000
    "lakh": 100_000, "lakhs": 100_000, "crore": 10_000_000, "crores": 10_000_000,
}  # fmt: skip


FREQUENCY_WORDS = {"once": 1, "twice": 2, "thrice": 3}
"""How often, said after a comparison ("changed at least once", "more than twice"): the number."""
_FREQUENCY = re.compile(
    r"\b(least|than|most|exactly|only|just|bought|purchased|ordered|booked|visited|shopped)\s+(once|twice|thrice)\b"
)


_E_WORDS = re.compile(r"\be[- ](mails?|commerce|books?|wallets?|receipts?)\b")
"""Words written with "e-" or "e " as one ('E-Mail', 'e-commerce'): one word either way."""


def normalize(text: str) -> str:
    """Lower-case, straight quotes, contractions expanded, thousands separators and '$' dropped."""
    t = (
        text.lower()
        .replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )
    for a, b in _CONTRACTIONS:
        lead = r"\b" if a in ("can't", "won't") or a.endswith("'s") and len(a) > 2 else r"(?<=[a-z])"
        t = re.sub(rf"{lead}{re.escape(a)}\b", b, t)  # "they're", not "'refund'"
    t = re.sub(r"(?<![a-z])i\.\s?e\.?(?![a-z])", " ie ", t)  # "overdrawn, i.e. ...": a gloss follows
    t = _E_WORDS.sub(r"e\1", t)  # 'Mens E-Mail' is said "men's email"
    t = _FREQUENCY.sub(lambda m: f"{m.group(1)} {FREQUENCY_WORDS[m.group(2)]} times", t)  # "at least 1 times"
    # "U.S.", "U.K.", "e.g.": single letters with dots are one word ("us"), never letters apart
    t = _DOTTED.sub(lambda m: " " + m.group(0).replace(".", "") + " ", t)
    t = _THOUSANDS.sub("", t)
    # "over ₹5,000", "€20": the currency said as a word after the number ('$' is dropped: dollars go unsaid)
    t = _CURRENCY_SIGN.sub(lambda m: f" {m.group(2)} {CURRENCY_SIGNS[m.group(1)]} ", t)
    t = _CURRENCY_CODE.sub(lambda m: f" {m.group(2)} {CURRENCY_CODES[m.group(1)]} ", t)
    # "transactions over $300" with nothing else to say what the number is: an amount of money
    t = _DOLLARS_ALONE.sub(lambda m: f"{m.group(1)} {m.group(2)} dollars ", t)
    # "how many tracks does a typical order contain (on average)", "how many tracks per invoice on
    # average": the average number of the ones per the others
    t = _ALL_PERIODS.sub(" ", t)
    # "60 or older": that age included ("aged at least 60")
    t = _OR_BEYOND.sub(
        lambda m: f"{_BEYOND[m.group(2)]} {m.group(1)}", t
    )  # "total sales across all four years": the whole data, no period
    # "aged 60+", "5+ items": that number or beyond ("at least 60"), never the number alone
    t = _AT_LEAST_PLUS.sub(r" at least \1 ", t)
    for shape in _AVERAGE_PER:
        t = shape.sub(r"average number of \1 per \2", t)
    # "the biggest spender", "our top 5 spenders": the customers ranked by what they spent
    t = _SPENDERS.sub(lambda m: f"top {m.group(1) or m.group(2) or ''}customer{m.group(3)} by spend", t)
    for sym, words in _SYMBOLS:
        t = t.replace(sym, words)
    # "revenue (lodging + other)": two figures added up, said as a word (never silently dropped)
    t = re.sub(r"(?<=[a-z]{2})\s+\+\s+(?=[a-z])", " plus ", t)  # (never "$120K+ bracket": that or more)
    t = t.replace("%", " percent ")
    t = re.sub(r"(\d)([a-z])", r"\1 \2", t)
    return t


TOKEN_CACHE = 1 << 16
"""Texts whose tokens are kept (skill triggers, column names and values are tokenized again and again)."""


def tokens(text: str) -> list[str]:
    """Tokens of a normalised text: words and numbers, punctuation dropped, camelCase split (never in a
    word of four letters or fewer: "PhD" is one word); "US", "U.S." in a question are the country."""
    return list(_question_tokens(text))


@lru_cache(maxsize=TOKEN_CACHE)
def _question_tokens(text: str) -> tuple[str, ...]:
    if not text.isupper():
        text = _US.sub(" USA ", text)  # "US customers", "the U.S.": the country, never "us"
    return tuple(_words(text, question=True))


def question_forms(t: str) -> str:
    """Rewrites of a normalised question only (never of the data's own names, which may hold "day of the
    week"): ways of saying a thing that the reader reads in another form (grammar/rewrites.yaml)."""
    return rewrite(t)


_LETTER_THEN_CAPITAL = re.compile(r"\b[a-z][A-Z][A-Za-z]*\b")
"""A word of one small letter then a capital ("iPhone", "eBay", "mAh"): one word when English knows it
whole, never "i phone" (a count prefix as in "nOrders" is still split)."""


def _whole_brand(m: re.Match[str]) -> str:
    word = m.group(0)
    return word.lower() if is_word(word.lower()) else word


def _words(text: str, question: bool = False) -> list[str]:
    text = _LETTER_THEN_CAPITAL.sub(_whole_brand, text)
    text = _SHORT_MIXED.sub(lambda m: m.group(0).lower(), text)
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", text)
    said = normalize(text)
    return _TOKEN.findall(question_forms(said) if question else said)


@lru_cache(maxsize=TOKEN_CACHE)
def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """Tokens of a schema phrase (column words, values), camelCase and snake_case split."""
    phrase = _LETTER_THEN_CAPITAL.sub(_whole_brand, phrase)
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", _SHORT_MIXED.sub(lambda m: m.group(0).lower(), phrase))
    return tuple(_words(spaced.replace("_", " ")))


def said_at(words: Sequence[str], phrase: tuple[str, ...]) -> list[int]:
    """Where the words said hold the phrase ("how many" twice: two counts asked)."""
    n = len(phrase)
    return [j for j in range(len(words) - n + 1) if tuple(words[j : j + n]) == phrase]


def singular(word: str) -> str:
    """The English singular (catalog.inflect, the one singulariser): 'categories' -> 'category'."""
    return singularize(word)


def plural(word: str) -> str:
    """The English plural (catalog.inflect): 'category' -> 'categories'."""
    return pluralize(word)


FUNCTION_WORDS = frozenset(
    {"as", "is", "us", "was", "has", "his", "its", "this", "does", "goes", "yes", "ours"}
)
"""Words a made-up plural or singular must never be: the state "WA" is not said "was", nor "I" "is"."""


IRREGULAR_PARTICIPLES = frozenset(
    {"sold", "made", "done", "paid", "spent", "taken", "given", "won", "lost", "bought"}
)
"""Participles not ending in -ed that may end a column's name (Units_Sold, Deals_Won)."""


def variants(phrase: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The phrase with its last word singular and plural (and the words before it singular too)."""
    if not phrase:
        return set()
    last = phrase[-1]
    if last.isdigit() or len(last) == 1:
        return {phrase}  # a letter ("V", an initial) has no plural: "vs" is "versus"
    out = {phrase[:-1] + (singular(last),), phrase[:-1] + (plural(singular(last)),)}
    if len(last) == 3 and last.endswith("s") and last[1] != "s":
        out.add(phrase[:-1] + (last[:-1],))  # "cds" -> "cd"
    out = {phrase} | {v for v in out if v[-1] not in FUNCTION_WORDS}
    modifiers = tuple(singular(w) if w.isalpha() and len(w) > 3 else w for w in phrase[:-1])
    if modifiers != phrase[:-1]:
        # INSTALLMENTS_PURCHASES said "installment purchases": a noun before another is said singular
        out |= {modifiers + v[-1:] for v in out}
    if "us" in phrase:  # a name's "us" is the country ("us_region"), said "US region" (tokens: "usa")
        out |= {tuple("usa" if w == "us" else w for w in v) for v in out}
    return out


def parse_number(toks: list[str], i: int) -> tuple[float, int] | None:
    """A number at toks[i] (digits or words, with 'k'/'thousand' scales): (value, tokens used)."""
    if i >= len(toks):
        return None
    t = toks[i]
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        value = float(t)
        used = 1
    elif t in NUMBER_WORDS and t not in ("hundred", "thousand"):
        value = float(NUMBER_WORDS[t])
        used = 1
        if (
            value >= 20
            and i + 1 < len(toks)
            and toks[i + 1] in NUMBER_WORDS
            and NUMBER_WORDS[toks[i + 1]] < 10
        ):
            value += NUMBER_WORDS[toks[i + 1]]
            used = 2
    else:
        return None
    if i + used < len(toks) and toks[i + used] in _SCALES:
        value *= _SCALES[toks[i + used]]
        used += 1
    if not math.isfinite(value):  # 309 digits and more: no figure can be compared with it
        return None
    return value, used


SUPERLATIVE_AMOUNTS = (("the", "most"), ("most",), ("the", "least"), ("least",))
OBJECT_PRONOUNS = ("us", "me", "them", "you")


def superlative_before_verb(toks: list[str], verbs: set[str]) -> list[str]:
    """ "which customers paid us the most" -> "which customers the most paid": the superlative said after
    a verb of paying goes before it, where it ranks by the total paid."""
    out = list(toks)
    for i, w in enumerate(toks):
        if w not in verbs:
            continue
        j = i + 1 + (i + 1 < len(toks) and toks[i + 1] in OBJECT_PRONOUNS)
        for sup in SUPERLATIVE_AMOUNTS:
            if tuple(toks[j : j + len(sup)]) == sup:
                return [*toks[:i], *sup, w, *toks[j + len(sup) :]]
    return out


THAT_MANY = re.compile(r"\bthat (?:many|much|number of|amount of|number|amount|figure)\b", re.IGNORECASE)
"""A follow-up pointing at the figure just answered ("how many customers made that many calls?")."""


def with_figure(question: str, figure: float | None) -> str:
    """The question with "that many" as the one figure answered before (none: the question as asked)."""
    if figure is None or not THAT_MANY.search(question):
        return question
    said = f"{int(figure)}" if float(figure).is_integer() else f"{figure:g}"
    return THAT_MANY.sub(said, question, count=1)
