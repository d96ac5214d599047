"""Normalising and tokenising questions and schema phrases the same way."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from catalog.cleaning import NUMBER_NAMES
from catalog.english import is_word
from catalog.inflect import pluralize, singularize

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
_NOBODY = re.compile(
    r"\b(?:nobody|no one|noone|no customer|no-one) (?:has |have |had )?(?:ever )?(?=[a-z]+ed\b)"
)
_RANK_BY = re.compile(
    r"^\s*(?:please )?rank (?:the |our |all |each )?(.+?)(?: groups?| categories)? (?:by|on|according to) "
    r"(?:their |its |the )?(.+?)(,? (?:from )?(?:highest|lowest|largest|smallest|most|least|best|worst)"
    r" (?:first|to (?:lowest|highest|least|most)))?[.?!]*\s*$"
)
"""A ranking said as a verb first ("rank X by Y"): the figure Y by the groups X, sorted."""
_NO_VALUE = re.compile(r"\bno (?:value|values|data|entry|figure|number) (?:for|in|on|of)\b")
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


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTH_SPAN = re.compile(rf"\b({_MONTH})\s*[-\u2013]\s*({_MONTH})\b")


_AT_RISK = re.compile(
    r"\bwho\b|\b(?:customers|clients|members|users|subscribers|employees|accounts|people|patients|staff)\b"
)
"""Records asked who are most likely to do something: each one's risk (a model), never a group's rate."""
_THERE_AT_END = re.compile(
    r"(?<=[a-z])(?<!\bis)(?<!\bare)(?<!\bwas)(?<!\bwere)(?<!\bbe) there\s*([?.!]*)\s*$"
)
_RANKED = re.compile(r"\b(?:\w+est|most|least|top|bottom|best|worst)\b")
THERE_MIN_WORDS = 3
"""Words before a last "there" that make it point back at a place ("the total amount spent there"), never
a phrase of the grammar ("got there")."""


_AGE_NOUNS = re.compile(
    r"\b(?:children|kids|minors|teens|teenagers|seniors|elderly|adults|youngsters|pensioners)\s+"
    r"(?=(?:under|over|below|above|aged|younger|older|between)\b)"
)
"""People named by their age, before the age said ("children under 18"): the people, and the age follows."""
_AGE_BEFORE = re.compile(
    r"\b(under|over)-(\d+) (customers|clients|patients|people|members|users|buyers|shoppers|employees|"
    r"students|guests|passengers|respondents|travell?ers|applicants|borrowers)\b"
)
"""An age written before the people ("under-25 customers")."""


_SUPERLATIVE = {
    "higher": "highest", "lower": "lowest", "bigger": "biggest", "larger": "largest", "smaller": "smallest",
    "greater": "greatest", "better": "best", "worse": "worst",
}  # fmt: skip


def question_forms(t: str) -> str:
    """Rewrites of a normalised question only (never of the data's own names, which may hold "day of the
    week"): ways of saying a thing that the reader reads in another form."""
    # "which customer has the highest balance, and how much is it?": the figure is shown with the record
    t = re.sub(r",?\s*\band (?:how much|what) (?:is|was) (?:it|that|this)\s*\??\s*$", " ", t)
    # "how many orders did we take in total": never the phrasal verb "take in", then "total" alone
    t = re.sub(r"\b(take|took|taken|taking|bring|brought|bringing) in total\b", r"\1 altogether", t)
    # "all orders, whatever their status": no condition on it (the default), said so by the user
    t = re.sub(
        r",?\s*\b(?:whatever|regardless of|irrespective of|no matter) (?:their|its|the|what) (?:\w+)\b",
        " ",
        t,
    )
    # "rank marital status groups by churn rate, highest first": the figure by the groups, sorted
    t = _RANK_BY.sub(lambda m: f"{m.group(2)} by {m.group(1)}{m.group(3) or ' highest first'}", t)
    # "January-May 2005", "Jan-Sep": a span of months (the hyphen is dropped with the punctuation)
    t = _MONTH_SPAN.sub(r"\1 to \2", t)
    # "our 10 richest customers": the ones of the highest wealth (catalog concepts.yaml wealth)
    t = re.sub(r"\b(?:richest|wealthiest)\b", "highest wealth", t)
    t = re.sub(r"\bleast (?:rich|wealthy)\b|\bpoorest\b", "lowest wealth", t)
    # "transactions worth more than $200": what a record is worth is its amount, compared as said
    t = re.sub(
        r"(?<!net )\bworth (?=more|less|over|under|above|below|between|at least|at most|up to|\$|\d)", "", t
    )
    # "which gender has the higher average salary", "which of the two gave us more customers": of the groups
    # compared, the one with the most (a comparative asked of which one is its superlative)
    if t.startswith("which "):
        t = re.sub(
            r"\bthe (higher|lower|bigger|larger|smaller|greater|better|worse)\b",
            lambda m: "the " + _SUPERLATIVE[m.group(1)],
            t,
        )
        t = re.sub(r"\b(?<!the )(?<!any )more\b(?! than)(?= [a-z])", "the most", t)
        t = re.sub(r"\b(?<!the )fewer\b(?! than)(?= [a-z])", "the fewest", t)
    # "among lead sources with at least 100 leads, which 3 have the best rate": which 3 lead sources with ...
    t = re.sub(
        r"^(?:among|of|out of|from) ([a-z0-9 ]+?),? which (\d+|one|two|three|four|five|ten) "
        r"(have|has|had|are|were|show|shows|showed|get|got|gets)\b",
        r"which \2 \1 \3",
        t,
    )
    # "do professionals convert better than the unemployed? the rate for both": each side's figure, which a
    # comparison gives already (never records holding both values)
    if re.search(r"\b(?:than|versus|vs|compare|compared)\b", t):
        t = re.sub(r"\b(?:for|of|in) (?:them )?both(?: groups| sides| of them)?\b", " ", t)
    # "the range of annual salaries - lowest and highest": what a range is, said again
    t = re.sub(
        r"\b(range of [a-z ]+?)\s*(?:-|,|:)?\s*(?:the )?(?:lowest|minimum|min|smallest) and (?:the )?"
        r"(?:highest|maximum|max|largest)\b",
        r"\1",
        t,
    )
    # "customers who make more than 70k": who earn it (never "make a purchase")
    t = re.sub(
        r"\b(who|that) (?:make|makes) (?=more|less|over|under|above|below|at least|at most|between)",
        r"\1 earn ",
        t,
    )
    # "the average rating out of 10", "gave 1 out of 5": the scale said, no condition
    t = re.sub(r"\s*\bout of (?:5|10|100|five|ten)\b", "", t)
    # "how has the average score changed from year to year": the figure by year
    t = re.sub(
        r"^how (?:has|have|did|does) (.+?) (?:changed|change|evolved|evolve|developed|trended|moved|varied|vary) "
        r"(?:from |over |by |each |per )?(?:the )?(year|month|quarter|week)(?: to (?:year|month|quarter|week)| "
        r"over (?:year|month|quarter|week)|s)?\b",
        r"\1 by \2",
        t,
    )
    # "reviewers who left the ground service score blank": that score missing
    t = re.sub(r"\bleft (?:the |their |a )?([a-z ]+?) (?:blank|empty|unanswered)\b", r"with no \1", t)
    # "and if we only look at economy class?": only those (never the gerund "only looking at", whose
    # condition a split may swallow)
    t = re.sub(r"\b(?:if we |when we |if you )(?:only |just )?look (?:only |just )?at\b", "only", t)
    # "transactions for just a single unit": one unit (never "a single" left unread)
    t = re.sub(r"\b(?:a |one )?single (unit|item|piece)\b", r"1 \1", t)
    # "the busiest day of the year": the busiest day (never a split by year)
    t = re.sub(r"\b(day|date|week|month) of the year\b", r"\1", t)
    # "no value for days since the last order": that column missing
    t = _NO_VALUE.sub("missing", t)
    # "products nobody has ever ordered": never ordered
    t = _NOBODY.sub("never ", t)
    # "how many store-weeks had sales over 80k": a unit of analysis (one store in one week) is a record
    t = re.sub(r"\b[a-z]+-(?:weeks|months|days|years|nights|quarters)\b", "records", t)
    # "no salary on file", "how many members are in the loyalty program": where the records are kept
    t = re.sub(
        r"\b(?:on (?:file|record)|in (?:the|this|our) (?:loyalty |rewards? |membership )?"
        r"(?:program(?:me)?|scheme|database|dataset|data set|file|export|spreadsheet))\b",
        " ",
        t,
    )
    # "children under 18", "seniors aged 65 and over": people of an age, said by what they are
    t = _AGE_NOUNS.sub("people ", t)
    # "under-25 customers", "over-65 patients": the people, then their age
    t = _AGE_BEFORE.sub(r"\3 \1 \2", t)
    # "do flyers buy more often than non-flyers? the rate for each group": the two sides just named
    if re.search(r"\b(?:vs|versus|than|compared?|or|against)\b", t):
        t = re.sub(
            r"\b(?:for|of|in) (?:each|both|either) (?:group|groups|side|sides|of them|of the two)\b", " ", t
        )
    # "the lowest possible score of 1": the lowest score
    t = re.sub(r"\b(lowest|highest|best|worst|maximum|minimum|top|bottom) possible\b", r"\1", t)
    # "average response time (minutes)": the unit the figure is given in
    t = re.sub(r"\(\s*(minutes|mins|hours|hrs|days|seconds|secs|weeks|months|years)\s*\)", r" in \1 ", t)
    # "which calendar month, all years combined": a month of the year, whatever the year
    t = re.sub(r",?\s*\b(?:all|across all|over all|for all) (?:the )?years? (?:combined|together)\b", " ", t)
    t = re.sub(r"\bcalendar (month|week|quarter|year)s?\b", r"\1", t)
    # "how old are our patients": their age
    t = re.sub(r"\bhow old (?:are|is|were|was)\b", "what is the age of", t)
    # "the highest return rate": the noun, never the command "return (the rows)"
    t = re.sub(r"\breturn (rates?|ratio|share|percentage)\b", r"returns \1", t)
    # "top members over the whole period", "in the activity data": all the data, as always
    t = re.sub(
        r"\b(?:over|across|for|during|in) (?:the )?(?:whole|entire|full) (?:test |campaign |data |time )?"
        r"(?:period|range|time ?frame|history)\b|\bin the (?:[a-z]+ )?(?:data|dataset|data set)\b(?! (?:is|was|are))",
        " ",
        t,
    )
    # "for all three promotions": each of them (a number after "all" counts them, never a value)
    t = re.sub(
        r"\ball (?:the )?(?:two|three|four|five|six|seven|eight|nine|ten|\d+) ([a-z]+s)\b",
        r"each of the \1",
        t,
    )
    # "the average credit limit of that group": of those just counted
    t = re.sub(r"\b(?:that|this) (?:group|cohort|segment|set|bunch|subset)\b(?! of)", "those", t)
    # "pin codes that have just a single customer", "with only 2 orders": exactly that many
    t = re.sub(
        r"(?<!never )(?<!not )\b(have|has|had|with)\s+(?:(?:just|only) (?:a single|one)|a single)\s+(?!of\b)(?=[a-z])",
        r"\1 exactly 1 ",
        t,
    )
    t = re.sub(r"\b(have|has|had|with)\s+(?:just|only)\s+(\d+)\b", r"\1 exactly \2", t)
    # "never once went above 40k", "never ever": never
    t = re.sub(r"\bnever (?:once|ever)\b", "never", t)
    # "what was the total amount spent there?": "there" at the end points at the place asked before (never
    # the "there" of "were there", "is there")
    end = _THERE_AT_END.search(t)
    ranked = _RANKED.search(t)  # "who is the lowest there"
    if end and len(t[: end.start()].split()) >= THERE_MIN_WORDS and not ranked:
        t = t[: end.start()] + " of those" + end.group(1)
    # "the longest a delivery has ever taken": the longest delivery time
    t = re.sub(
        r"\b(longest|shortest) (?:a|an|the|any) (\w+) (?:has |have |had )?(?:ever )?(?:taken|took|lasted)\b",
        r"\1 \2 time",
        t,
    )
    # "which income bracket is least likely to accept": the lowest rate of accepting
    if not _AT_RISK.search(t):  # "which customers are most likely to churn": each one's churn risk
        t = re.sub(
            r"\b(most|least) likely to\b",
            lambda m: "highest rate" if m.group(1) == "most" else "lowest rate",
            t,
        )
    return t


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
