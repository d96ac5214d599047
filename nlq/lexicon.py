"""The Lexicon: every phrase the engine recognises, built once per catalog, matched longest first."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from catalog.concepts import (
    CATALOGUE,
    EARLIER_WORDS,
    FLAG_SUFFIXES,
    concept,
    concept_words,
    feature_nouns,
    hyphen_tail,
    name_words,
    ontology,
)
from catalog.english import is_word, lemma_table, lemmas, verb_inflections
from catalog.labels import spoken_labels
from catalog.roles import INTEGER_TYPES
from catalog.semantic import Role
from catalog.surveys import FUNCTION_WORDS as QUESTION_WORDS
from nlq.coderanges import spans
from nlq.grammar import Phrase, word_classes, word_set
from nlq.morphology import (
    adjective_forms,
    adverb_of,
    counted_participle,
    event_forms,
    event_nouns,
    gerund,
    negated_forms,
    noun_participle,
    other_spellings,
    participle,
    record_verb_forms,
    trade_forms,
    undergone_forms,
    verb_forms,
)
from nlq.schema import (
    HOLDING_WORDS,
    QUANTITY_WORDS,
    STOCK_WORDS,
    Col,
    Schema,
    Table,
    extends,
    is_link,
    is_numeric_type,
    kept_by_key,
)
from nlq.splitdates import split_dates
from nlq.text import (
    IRREGULAR_PARTICIPLES,
    NUMBER_WORDS,
    parse_number,
    phrase_tokens,
    plural,
    singular,
    variants,
)
from nlq.timephrases import VOCAB as TIME_VOCAB
from nlq.timephrases import TimeMatch, find_time
from nlq.units import named_in_thousands

MAX_PHRASE = 12
"""Longest phrase matched, in words ("how far is our price above or below the competitor price": 11)."""
CREATION_WORDS = {
    "date",
    "time",
    "timestamp",
    "datetime",
    "at",
    "on",
    "dt",
    "purchase",
    "purchased",
    "placed",
    "created",
    "creation",
}
"""Words of a date column that say the record was made then (order_purchase_timestamp, order_date)."""
ORDINALS = {("first",), ("last",)}
"""Time-ranking words ("first 5 orders") that also stay words of column names ("first and last names")."""
STATUS_CONCEPTS = ("churn",)
"""Outcomes that may be kept as one value of a status column instead of a yes/no column."""
NAME_FUNCTION_WORDS = word_set("name_function_words")
"""Function words inside a long column name ("Receive More Updates About Our Courses"): never alone that
column ("gave us more paying customers")."""
LABEL_NOUNS = set(word_classes()["label_nouns"])
"""Names of a category put on each record whose verb says it ("tagged", "graded", "sourced")."""
REVERSED_GLUE = ("per", "of", "for")
"""Words joining a two-word column name said the other way round ("price per unit" = unit price)."""
FLAG_PREFIXES = ("is", "has", "was", "had", "did", "are", "were")
"""First words of yes/no column names that only say it is yes/no (is_canceled, has_churned)."""
VALUE_PREPOSITIONS = frozenset({"by", "of", "in", "on", "at", "for", "to", "from", "with"})
"""Words inside a value after which people say "the" ('Canceled by Driver': "cancelled by the driver")."""
ID_WORDS = {"id", "ids", "key", "no", "number", "num", "code", "uuid", "upc", "ean", "gtin", "isbn"}
PEOPLE_WORDS = set(word_classes()["people"])
BILLING_VERBS = frozenset(word_classes()["billing_verbs"])
STATUS_NAMES = frozenset(w for p in word_classes()["status_names"] for w in p)
RECORD_NOUNS = word_set("record_nouns")
COMPARED_WORDS = frozenset({"over", "above", "under", "below", "than", "least", "most", "exceeding"})
"""Words of a comparison before an amount ("over 100000 per year")."""
"""Words for people ("guests", "clients"): the records' people, never alone a yes/no column about them."""
# Grammar kinds, strongest first, for a phrase that belongs to several.
GRAMMAR_ORDER = (
    "unread",
    "known_only",
    "destructive",
    "which",
    "count",
    "agg",
    "rate",
    "cmp",
    "breakdown",
    "group",
    "rank",
    "sort",
    "versus",
    "negation",
    "contains",
    "list",
    "followup",
    "grainword",
    "anaphora",
    "colsuffix",
    "stars",
    "keyword",
    "unit",
    "money",
    "empty",
    "stop",
)
EARNINGS_CONCEPTS = ("income", "cost", "discount")
PLAIN_DATE_WORDS = frozenset(
    {"date", "dates", "day", "days", "time", "times", "timestamp", "timestamps", "datetime"}
)
"""The words of a date column named for no event (DATE), whose table's verbs name its event."""
INCLUSIVE_WORDS = frozenset({"including", "incl", "inclusive", "inc", "gross", "with"})
"""Name words of a total that holds a surcharge inside it ("Total Including Tax"), no surcharge itself."""
ROW_EVENT_NOUNS = word_set("row_event_nouns")
"""Nouns of an event one record may be (a journey, a purchase): see Lexicon._row_nouns."""
HOW_HEADS = frozenset({"method", "type", "mode", "status", "channel"})
"""Last words of a column naming how or in what state each record happened (payment_method)."""
NAME_HEADS = frozenset({"name", "names", "id", "key", "code", "number", "no"})
AMOUNT_HEADS = frozenset({"amount", "amounts", "value", "sum"})
"""Words a money column's name ends in after what the money was for (refund_amount, order_value)."""
PAYMENT_NAME_WORDS = frozenset({"pay", "paid", "payment", "payments"})
"""Words naming a money column as what was paid (payment_value, AmountPaid): what "pay" asks for."""
"""Money a person earns (income, salary), a business pays (replacement cost, cashback) or takes off a
price (discount): named only by its own words, never by "spend", "sales" or "revenue"."""
PEOPLE_CONCEPTS = ("customer", "employee")
"""Concepts of tables whose rows are people (catalog/concepts.yaml entities)."""
CARRIAGE_WORDS = frozenset({"freight", "shipping", "carriage", "postage", "insurance"})
"""Name words of what moving or insuring goods cost: no money word ("value", "sales") names such a column."""
WANTING_VERBS = frozenset({"wants", "want", "wanted", "requested", "requests", "chose", "chooses", "opted"})
"""First words of a flag's name that say a customer asked for the rest (wants_extra_baggage)."""
SCHEMA_KINDS = ("entity", "column", "value", "flag", "timecol", "signed", "fullname")
ROW_NOUNS = (
    "rows",
    "row",
    "records",
    "record",
    "entries",
    "entry",
    "responses",
    "response",
    "survey responses",
    "survey response",
    "observations",
    "observation",
    "submissions",
)
"""Words for a table's rows whatever they record: the rows of the one table there is (a survey's rows are
its responses)."""
PERIOD_COLUMN_WORDS = ("hour", "day", "weekday", "month", "quarter", "year")
"""Last name words of a column holding a period's values (hour 0-23, a weekday's name)."""
FEW_LEVELS = 20
"""A numeric measure of at most this many values may be said as groups of its values ("tenure group")."""
GENERIC_MONEY = {("amount",), ("amounts",), ("value",), ("values",), ("total",), ("sum",)}
"""Words of a money phrase that name no column of their own ("purchase amount": the purchases)."""


COUNT_HEADS = word_set("count_heads")
"""First words of a name that counts the thing named after "of" (Frequency of SMS, Number of Calls)."""


def _without_unit_tail(p: Phrase) -> Phrase:
    """A name's words before a last "(in) thousands" ("sales in thousands" -> "sales"), or none."""
    for tail in (("in", "thousands"), ("in", "thousand"), ("thousands",), ("thousand",)):
        if len(p) > len(tail) and p[-len(tail) :] == tail:
            return p[: -len(tail)]
    return ()


PARTIAL_WORDS = ("partially", "partly", "part")
WHOLLY_WORDS = ("fully", "completely", "entirely", "wholly")
"""A value said whole beside its partial sibling ('Delivered', 'Partially Delivered')."""
STATE_NOUN_ENDINGS = ("ance", "ence")
"""Nouns of a state whose adjective names a yes/no of it (Compliance: compliant)."""


@dataclass(frozen=True)
class Sense:
    """One meaning of a phrase: kind plus a key (a column, a value, an aggregation...)."""

    kind: str
    key: Any = None
    value: Any = None


class Contained(str):
    """A value sense's text that only lies inside the column's values (a brand opening product names:
    'Sony' of 'Sony WH-1000XM4'): read as the values containing it, never as one stored value."""


@dataclass
class Mention:
    """A span of the question's tokens and what it may mean."""

    start: int
    end: int
    text: str
    senses: list[Sense] = field(default_factory=list)
    number: float | None = None
    time: TimeMatch | None = None

    @property
    def kinds(self) -> set[str]:
        return {s.kind for s in self.senses}

    def of(self, kind: str) -> list[Sense]:
        return [s for s in self.senses if s.kind == kind]

    def has(self, kind: str) -> bool:
        return any(s.kind == kind for s in self.senses)


def _words_of(name: str) -> tuple[str, ...]:
    found = concept(name)
    return concept_words(found) if found is not None else ()


def date_in_parts(schema: Schema, c: Col) -> bool:
    """A month column beside a year or a day-of-month column is part of a date (nlq.splitdates)."""
    parts = {"day", "year", "yr", "dayofmonth", "day_of_month"}
    others = schema.tables[c.table].columns.values()
    return bool(split_dates(schema)) or any(o is not c and o.name.lower() in parts for o in others)


KIND_HEADS = frozenset({"type", "category", "segment", "group", "class", "tier", "level", "status", "kind"})
"""Last words of a column that classes records: its first word alone names the records, not the class."""
CLASS_WORDS = {("category",), ("type",), ("line",), ("group",), ("class",), ("subcategory",)}
"""A class column's whole name: "product category" may say it where no product is named otherwise."""


SCORE_NAMES = word_set("score_names")
"""Name words of a score someone gives."""


def scores_given(c: Col) -> bool:
    """Whether a figure is a score someone gives (a rating, review score, stars): none given is missing."""
    return bool(set(c.words) & SCORE_NAMES)


RATERS = (
    "customer",
    "customers",
    "guest",
    "guests",
    "user",
    "users",
    "client",
    "clients",
    "reviewer",
    "member",
)
"""Who a score is said to be of ("customer rating", "guest rating"): the one who gave it."""


def _named_key(c: Col) -> bool:
    """A key to records named in words ("Classic Cars" of products.productLine -> productlines): its
    values are said as values are, codes ('S10_1678', 'ALFKI') are not."""
    texts = [v for v in c.values if isinstance(v, str)]
    return (
        c.role == Role.FOREIGN_KEY
        and bool(texts)
        and (
            all(v[:1].isupper() and v[1:2].islower() for v in texts)
            # users.plan 'surf', 'ultimate' pointing at plans.plan_name: English words, said as values
            or all(phrase_tokens(v) and all(is_word(w) for w in phrase_tokens(v)) for v in texts)
        )
    )


COMMON_TAIL_MIN = 5
"""A column needs at least this many values ending alike before the ending is left unsaid."""


def common_tail(values: Sequence[Any]) -> tuple[str, ...]:
    """The words after a comma that every value of a column ends with ("Delhi, India", "Pune, India":
    india), so each value may be said without them; () when they differ or the column is small."""
    texts = [v for v in values if isinstance(v, str)]
    if len(texts) < COMMON_TAIL_MIN or len(texts) != len(values):
        return ()
    tails = {v.rsplit(",", 1)[1].strip() if "," in v else None for v in texts}
    if len(tails) != 1 or None in tails:
        return ()
    return phrase_tokens(str(tails.pop()))


def _same_table(a: Any, b: str) -> bool:
    return isinstance(a, str) and a.split(".", 1)[0] == b.split(".", 1)[0]


def _said_forms(vt: Phrase, others: Sequence[Any] = ()) -> set[Phrase]:
    """A value's words as people also say them: each word's other spelling ("cancelled by driver" for
    'Canceled by Driver'), an article after a preposition ("canceled by the driver"), and a one-word status
    by its synonym (words.yaml value_synonyms: "completed" for 'Success'), unless another value of the
    column (`others`) is that word's own ('Completed' beside 'Success': "completed" is Completed's)."""
    forms = {vt}
    for i, w in enumerate(vt):
        forms |= {(*vt[:i], spelled, *vt[i + 1 :]) for spelled in other_spellings(w)}
    for said in list(forms):
        forms |= {
            (*said[: i + 1], "the", *said[i + 1 :])
            for i, w in enumerate(said[:-1])
            if w in VALUE_PREPOSITIONS and i and said[i + 1] not in ("the", "a", "an")
        }
    if len(vt) == 1:
        own = [str(v).lower() for v in others if str(v).lower() != vt[0]]
        forms |= {
            tuple(p)
            for p in word_classes()["value_synonyms"].get(vt[0], ())
            if not any(p[0].startswith(o) or o.startswith(p[0]) for o in own)
        }
    return forms


def _after_shared_word(vt: Phrase, values: Sequence[Any]) -> Phrase:
    """The words after the first word every value of the column starts with ('Disneyland_Paris' beside
    'Disneyland_California': "paris"); () when the values share no first word."""
    said = [phrase_tokens(str(v)) for v in values if isinstance(v, str)]
    if len(said) < 2 or len(said) != len(values) or any(len(t) < 2 for t in said):
        return ()
    first = {t[0] for t in said}
    rest = vt[1:]
    if len(first) != 1 or vt[:1] != said[0][:1] or len(vt[0]) < 3 or not any(w.isalpha() for w in rest):
        return ()  # ('c1', 'c2': a letter before numbers, never "2" for c2)
    return rest


def is_yes_word(value: str) -> bool:
    """Whether a stored flag value is a plain yes ('Yes', 'Y', 'true', '1')."""
    return value.strip().lower() in ("yes", "y", "true", "t", "1", "1.0")


def said_otherwise(phrases: set[Phrase], money: bool = False) -> set[Phrase]:
    """A column's phrases with a word of its name said as people say it (words.yaml `name_word_synonyms`:
    "total charges" is also the "total amount billed"; of a money column, `money_name_synonyms`: the
    "freight value" is the "freight charge")."""
    table: dict[str, list[Phrase]] = dict(word_classes()["name_word_synonyms"])
    if money:
        for word, others in word_classes()["money_name_synonyms"].items():
            table[word] = [*table.get(word, []), *others]
    out: set[Phrase] = set()
    for p in phrases:
        for i, w in enumerate(p):
            for other in table.get(w, ()):
                out.add((*p[:i], *other, *p[i + 1 :]))
    return out


COUNT_TAILS = ("count", "counts", "cnt", "number", "num", "no")
"""Last words of a column counting things ("OrderCount", "num_orders" reads the other way round)."""


def opted_out_forms(phrases: set[Phrase]) -> set[Phrase]:
    """ "opted out of email", "asked us not to email them" for a flag named Do Not Email: what the person
    asked for, said the way a marketer says it (words.yaml opted_out, with VERB for the flag's verb)."""
    out: set[Phrase] = set()
    for p in phrases:
        if len(p) == 3 and p[:2] == ("do", "not") and p[2].isalpha():
            for form in word_classes()["opted_out"]:
                out |= {
                    tuple(w for x in form for w in (verb if x == "verb" else (x,)))
                    for verb in ((p[2],), (plural(p[2]),))
                }
    return out


VALUES_HEAD_SHARE = 0.6
HEAD_QUALIFIERS = word_set("head_qualifiers")
"""Words said before the values' noun that only say what it is of ("cabin class" of 'Economy Class')."""


def _values_head(c: Col) -> str | None:
    """The noun most of a category's values end with ('Economy Class', 'Business Class', 'First Class'):
    the kind of thing its values are, a name of the column (none for a word of its own name)."""
    texts = [list(phrase_tokens(v)) for v in c.values if isinstance(v, str)]  # ('Mens E-Mail': email)
    heads = [t[-1] for t in texts if len(t) > 1 and t[-1].isalpha()]
    if len(texts) < 2 or not heads:
        return None
    top = max(set(heads), key=heads.count)
    if heads.count(top) < max(2, VALUES_HEAD_SHARE * len(texts)) or top in c.words or len(top) < 4:
        return None
    return top if is_word(top) else None


def _short_noun(w: str) -> bool:
    """A three-letter word that is only a noun ("car" of Car Purchase Amount, "tax", "fee"): distinctive
    enough to name its column alone (never "net", "new", "top": adjectives too)."""
    found = lemma_table(w) if len(w) == 3 and w.isalpha() else {}
    return set(found) == {"NOUN"} and is_word(w)


def _ids_in(p: Phrase) -> bool:
    """Whether a word of the phrase, in either number, says an identifier ("Lead Numbers")."""
    return bool({singular(w) for w in p} & ID_WORDS or set(p) & ID_WORDS)


def counted_forms(phrases: set[Phrase]) -> set[Phrase]:
    """ "number of orders" for OrderCount: a count column's name with its things said after "number of"."""
    return {
        ("number", "of", *p[:-2], plural(p[-2]))
        for p in phrases
        if len(p) >= 2 and p[-1] in COUNT_TAILS and p[-2].isalpha()
    }


def gerund_forms(phrases: set[Phrase]) -> set[Phrase]:
    """ "shipping mode" for ship_mode: a name of two words or more that starts with a verb, the verb said
    as its -ing noun (the whole name only: "shipping" alone stays unknown)."""
    return {(ing, *p[1:]) for p in phrases if len(p) >= 2 and (ing := gerund(p[0])) is not None}


MONTH_ABBREVIATIONS = {m.lower() for m in calendar.month_abbr if m}
"""A column whose values start so holds months (jan, May, December)."""

PARTICLES = {"out", "in", "up", "off", "over", "back", "down", "away", "on"}
"""Adverbs that make a phrasal verb with the word before them ("check out", "sign up")."""


def phrasal_past(vt: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A value that is a phrasal verb ("Check-Out") said in the past ("checked out"), by lemminflect."""
    if len(vt) != 2 or vt[1] not in PARTICLES or not vt[0].isalpha():
        return []
    from lemminflect import getInflection

    forms = {f for tag in ("VBD", "VBN") for f in getInflection(vt[0], tag=tag)}
    return [(f, vt[1]) for f in sorted(forms) if f != vt[0]]


def spelled_out(words: Phrase) -> Phrase:
    """A stored value's words with common abbreviations written out (catalog/concepts.yaml:
    "college grad" -> "college graduate", "hs grad" -> "high school graduate")."""
    table = ontology()[0]
    return tuple(w for word in words for w in table.get(word, word).split())


def bound_forms(words: Phrase, names: set[Phrase]) -> set[Phrase]:
    """A category stored as a bound ("at least very good") said with the bound after its words, the
    column's name (any of `names`) between or not: "very good or better", "very good health or better"."""
    out: set[Phrase] = set()
    for bound, tails in word_classes()["bound_tails"].items():
        lead = tuple(bound.split())
        rest = words[len(lead) :]
        if words[: len(lead)] != lead or not rest:
            continue
        for tail in tails:
            out |= {(*rest, *tail)} | {(*rest, *name, *tail) for name in names}
    return out


def root_hits(root: str, phrases: set[Phrase]) -> list[str]:
    """The words of a column's names that an event_words key picks: a one-word key starts a word
    ("order" -> order_date), a key of several words is a run of whole words ("valid from" ->
    date_valid_from, never date_address_from)."""
    parts = tuple(root.split())
    if len(parts) == 1:
        return [w for p in phrases for w in p if w.startswith(root)]
    n = len(parts)
    return [w for p in phrases for i in range(len(p) - n + 1) if p[i : i + n] == parts for w in parts]


CODE_JOIN = re.compile(r"[A-Za-z]+[_.][A-Za-z]+")
"""An export's code of two words joined without a space (car_new, radio.tv): said in either order."""


DATA_KINDS = frozenset({"column", "colword", "value", "flag"})
"""Senses that read a word as something the data holds."""
FAMILY_MIN = 3
"""Columns whose names begin with one word, at least this many, describe one thing each row has."""
PRONOUN_OBJECTS = frozenset({"something", "anything", "one", "ones", "it", "them"})
"""Last words of a verb phrase ("bought something"), never the noun a concept's phrase ends with."""
HEADING_STOPS = frozenset({"score"})
"""Words read as nothing elsewhere ("gave a score of 9") that still name the column whose name they end."""
DURATION_HEADS = frozenset({"period", "length", "term", "duration", "tenure"})
"""Last words of a column's name that make it how long something runs (in some period unit)."""
PERIOD_UNITS = frozenset({"hour", "day", "week", "month", "quarter", "year"})
PERIOD_QUALIFIERS = frozenset({"current", "last", "this", "previous", "prior", "next", "past", "per"})
"""A period unit after one of these in a column's name ("frequency current month") is the period the
figure covers: the unit alone never names that column."""


NET_WORDS = frozenset({"invoiced", "billed", "net", "charged", "final"})
"""Name words of a record's amount after its discount (Invoiced Amount beside Total Amount and Discount)."""


class Lexicon:
    """Phrases from the grammar word lists and the schema; built once per catalog."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.phrases: dict[Phrase, list[Sense]] = defaultdict(list)
        self.concept_phrases: dict[Phrase, str] = {}
        self._unbound: frozenset[Phrase] | None = None
        """Phrases a CRM concept gave a meaning ("exited" -> "Exited (churn)"), said in interpretations."""
        self.opening: set[Phrase] = set()
        self.cross_values: dict[Phrase, list[Sense]] = defaultdict(list)
        """A value stored in columns of several tables, beyond the one its phrase names ("food" of
        campaigns beside "Food" of products): read so when the records named right after are theirs."""
        """Phrases read only at the start of a question ("whose cards")."""
        self._fallbacks: list[tuple[Phrase, Sense]] = []
        self._stems: dict[str, set[str]] = {}
        self._column_names = {c.words for c in schema.columns()} | {
            tuple(singular(w) for w in c.words) for c in schema.columns()
        }
        """Every column's name words (and singular): never read as the rest of a value's name."""
        self._record_words: list[tuple[Phrase, Sense]] = []
        """Verbs of records' nouns ("complained"), weakest of all: only where nothing else is known."""
        self._shadowed: list[tuple[Phrase, Sense]] = []
        """One-word values a grammar word hides ("Sales" of Department behind the money word "sales"):
        theirs again when that grammar word means nothing in this data."""
        """("cancelled" -> value Cancel, "firstname" -> first_name): added if nothing else claims them."""
        self._broader: dict[str, list[tuple[tuple[str, ...], Sense]]] = {}
        """Per column: the written values of its table's broader columns, as words (`_broader_values`)."""
        self._grammar()
        self._schema()
        self._filler()
        self.vocab = sorted({w for p in self.phrases for w in p if w.isalpha()})
        # words known but meaning nothing here ("revenue" without a money column) are not typos
        self.known = set(self.vocab) | TIME_VOCAB | set(NUMBER_WORDS)
        self.known |= {w for kind in ("money_words", "common") for p in word_classes()[kind] for w in p}

    def _filler(self) -> None:
        """Words that only qualify a figure (words.yaml figure_filler), and where some table's rows are
        places, the words of the area each serves (place_words): stop words where nothing in the data is
        named by them."""
        classes = word_classes()
        places = {p[0] for p in classes["place_entities"]}
        placed = any(
            singular(w) in places for t in self.schema.tables.values() for w in phrase_tokens(t.entity)[-1:]
        )
        words = classes["figure_filler"] + (classes["place_words"] if placed else [])
        for p in words:
            if not any(x.kind in SCHEMA_KINDS for x in self.phrases.get(p, ())):
                self.add(p, Sense("stop"))
        articles = {"in", "this", "the", "our", "during", "current", "on", "over", "by", "'s"}
        for p in classes["data_itself"]:
            said = [(w,) for w in p if w not in articles]
            if not any(x.kind in SCHEMA_KINDS for q in [p, *said] for x in self.phrases.get(q, ())):
                self.add(p, Sense("stop"))

    def add(self, phrase: Phrase, sense: Sense) -> None:
        if phrase and sense not in self.phrases[phrase]:
            self.phrases[phrase].append(sense)

    def _grammar(self) -> None:
        classes = word_classes()
        for kind in GRAMMAR_ORDER:
            name = "money_words" if kind == "money" else kind
            body = classes.get(name, [])
            items = body.items() if isinstance(body, dict) else [(None, body)]
            for key, phrases in items:
                for p in phrases:
                    self.add(p, Sense(kind, key))

    def _schema(self) -> None:
        stop = {p[0] for p in word_classes()["stop"] if len(p) == 1}
        grammar_single: set[Phrase] = {
            p
            for p, senses in self.phrases.items()
            if len(p) == 1 and any(x.kind != "colsuffix" for x in senses) and p not in ORDINALS
        }
        flag_words: dict[str, list[Phrase]] = word_classes()["flag_words"]
        for t in self.schema.tables.values():
            named = self._link_target(t) or t.name
            own = {phrase_tokens(t.entity), phrase_tokens(t.entity_singular)}
            # a table named after a file ("default" of Default.csv) whose rows are another thing: the
            # name is its column's when a column is so named ("how many defaults" counts the defaults)
            # (or a flag's verb: "churn" of churn.csv with its churned flag: "churn rate" is that flag's)
            columns = {
                v
                for c in t.columns.values()
                for name in (c.name, *(c.synonyms if c.role == Role.FLAG else ()))
                for v in variants(name if isinstance(name, tuple) else phrase_tokens(str(name)))
            }
            # "sales" of a table of sales with a money column "Total Sales": the money, never the rows
            # counted ("top 5 states by sales"); the rows stay "rows in sales", "records"
            money_heads = {
                v
                for c in t.columns.values()
                if c.money
                and c.words[-1:] in (("sales",), ("revenue",), ("revenues",), ("turnover",), ("takings",))
                for v in variants(c.words[-1:])
            }  # (a bill's total_bill leaves "bills" the records)
            own = {p for p in own if not (len(p) == 1 and variants(p) & money_heads)}
            columns |= money_heads
            lines_of = phrase_tokens(t.entity_singular)[:-1] if t.entity.endswith(" lines") else None
            if lines_of and tuple(singular(w) for w in phrase_tokens(t.name)) == lines_of:
                pass  # `orders` of order lines (its Order ID repeats): "orders" are that column's values
            elif t.entity.endswith(" items") and " ".join(phrase_tokens(t.name)) not in (
                t.entity,
                *t.synonyms,
            ):
                pass  # "shipments" whose rows are line items (catalog infer): a shipment is several rows
            elif not (variants(phrase_tokens(t.name)) & columns) or phrase_tokens(t.name) in own:
                own.add(phrase_tokens(t.name))
            else:
                # the name said as the data's own ("rows in churn", "the churn table"): every row
                name = phrase_tokens(t.name)
                for said in word_classes()["table_said"]:
                    at = said.index("tablename")
                    self.add((*said[:at], *name, *said[at + 1 :]), Sense("entity", named))
            for phrase in own:
                # "customers cards" is also said "customer cards"
                flat = tuple(singular(w) for w in phrase)
                for v in variants(phrase) | variants(flat):
                    self.add(v, Sense("entity", named))
            last = phrase_tokens(t.entity)[-1:] if len(phrase_tokens(t.entity)) > 1 else ()
            others = [o for o in self.schema.tables.values() if o.name != t.name]
            if last and not any(phrase_tokens(o.entity)[-1:] == last for o in others):
                # "deliveries" for "order deliveries" when no other table ends the same way
                for v in variants(last):
                    self.add(v, Sense("entity", t.name))
            elif last and self._dated_of_kind(t, last, others):
                # "orders" where regular orders and actual orders are tables: the ones with a date of
                # their own are the orders that happened (the others are standing arrangements)
                for v in variants(last):
                    self.add(v, Sense("entity", t.name))
                    self.concept_phrases.setdefault(v, f"{t.entity} (the {last[0]} with a date)")
            words = phrase_tokens(t.entity)
            tail = words[1:]
            if (
                len(tail) >= 2
                and any(singular(words[0]) == singular(phrase_tokens(o.entity_singular)[-1]) for o in others)
                and not any(phrase_tokens(o.entity)[-len(tail) :] == tail for o in others)
            ):
                # "line items" for "invoice line items", a table named after the records it belongs to
                for v in variants(tail):
                    self._fallbacks.append((v, Sense("entity", named)))
            for syn in t.synonyms:
                if variants(phrase_tokens(syn)) & columns and phrase_tokens(syn) not in own:
                    continue  # churn.csv of customers with a Churn column: "churns" are the churned rows
                for v in variants(phrase_tokens(syn)):
                    self.add(v, Sense("entity", t.name))
            alone = singular(words[0]) if len(words) == 1 else ""
            money_said = {p[0] for p in word_classes()["money_words"] if len(p) == 1}
            kinds = {
                singular(str(v).strip().lower())
                for c in t.columns.values()
                if c.role == Role.DIMENSION
                for v in c.values
                if isinstance(v, str)
            }
            for other in word_classes()["entity_synonyms"].get(alone, ()):
                if plural(other[-1]) in money_said and any(c.money for c in t.columns.values()):
                    continue  # "sales by year" of transactions with an amount: the money, never a count
                if any(
                    c.role == Role.TIME and any(w[:4] == other[-1][:4] for w in c.words)
                    for c in t.columns.values()
                ):
                    continue  # "shipment" of sales with a ShipDate: that date's event, never the sales
                if singular(" ".join(other)) in kinds:
                    continue  # tickets of type 'Request' or 'Issue': "requests" are those, never all tickets
                if not any(singular(phrase_tokens(o.entity)[-1]) == other[-1] for o in others):
                    for v in variants(other):  # "songs" for a music store's tracks
                        self.add(v, Sense("entity", named))
            for other in word_classes()["lone_entity_synonyms"].get(alone, ()):
                # "items" of a product list, where no other table keeps items ("line_item_id")
                if not any(
                    other[-1] in c.words or other[-1] in o.name.lower()
                    for o in others
                    for c in o.columns.values()
                ):
                    for v in variants(other):
                        self.add(v, Sense("entity", named))
            if t.key and kept_by_key(self.schema, t.name):
                # closed deals keyed by their lead's id: "converted", "conversion" name them
                for p in word_classes()["became_words"]:
                    self._fallbacks.append((p, Sense("entity", named)))
            for mass in word_classes()["record_mass_nouns"].get(singular(words[-1]), ()):
                self._fallbacks.append((mass, Sense("entity", named)))  # "the merchandise" of order items
            if self._billed_periods(t.name):
                for p in word_classes()["subscription_words"]:
                    self._fallbacks.append((p, Sense("entity", named)))  # purchases of monthly/annual plans
            head = singular(words[-1]) if len(words) > 1 else ""
            for other in word_classes()["record_synonyms"].get(head, ()):
                # "order lines" for order items: one row of an order, said either way
                for v in variants((*words[:-1], *other)):
                    self.add(v, Sense("entity", named))
                if "line" in other:  # "line items" alone (never "items": the things sold on them)
                    for v in variants(other):
                        self._fallbacks.append((v, Sense("entity", named)))
            for c in t.columns.values():
                self._column(c, t.name, stop, grammar_single, flag_words)
            self._full_name(t)
            self._record_verbs(t)
            self._whole_of_partial(t)
        if len(self.schema.tables) == 1:
            only = next(iter(self.schema.tables))
            own_words = {singular(x) for c in self.schema.tables[only].columns.values() for x in c.words}
            for w in ROW_NOUNS:  # "how many rows are there", "how many records have an age over 50"
                if not {singular(x) for x in w.split()} & own_words:  # "response rate" of a Response column
                    self.add(tuple(w.split()), Sense("entity", only))
        for noun, forms in word_classes()["column_participles"].items():
            for sense in (x for x in self.phrases.get((noun,), ()) if x.kind == "column"):
                for form in forms:  # "priced" for Price
                    self._fallbacks.append((form, sense))
        self._counted_plurals()
        self._head_words()
        for w in HEADING_STOPS:
            senses = self.phrases.get((w,), [])
            if any(x.kind in ("column", "colword") for x in senses):
                self.phrases[(w,)] = [x for x in senses if x.kind != "stop"]  # "score" of Reviewer_Score
        self._pre_averaged()
        self._period_columns()
        self._raters()
        # weaker forms, only where nothing else claims the phrase
        claimed: set[Phrase] = set()
        for phrase, sense in self._fallbacks:
            # "customers" of User_ID where a Cust_name column only has the word: the people, by their key
            keyed = (
                sense.kind == "entity"
                and sense.value
                and all(x.kind == "colword" for x in self.phrases.get(phrase, []))
            )
            if phrase not in self.phrases or phrase in claimed or keyed:
                self.add(phrase, sense)  # every fallback of one phrase, so that two of them stay ambiguous
                claimed.add(phrase)
        self.weak = {p for p in claimed if len(p) > 1}
        """Multi-word phrases known only as fallbacks ("quantity per order"): never swallow the start of
        a record's name that runs past them ("per order line")."""
        free = {p for p, _ in self._record_words if p not in self.phrases}
        for phrase, sense in self._record_words:
            if phrase in free:
                self.add(phrase, sense)  # (two tables' verbs of one word stay ambiguous)
        for phrase, target in getattr(self.schema, "extra_synonyms", {}).items():
            table, _, column = target.partition(".")
            if column:
                self.add(phrase_tokens(phrase), Sense("column", target))
            else:
                self.add(phrase_tokens(phrase), Sense("entity", table))
        self._concepts()
        self._status_values()
        self._holders()
        self._families()
        self._outcomes()
        self._late_phrases()
        self._split_dates()
        self._data_verbs()
        self._money_words()
        self._product_words()
        self._rfm_words()
        quantities = [
            c
            for c in self.schema.columns(Role.MEASURE)
            if c.is_numeric and not c.money and set(c.words) & QUANTITY_WORDS
        ]
        sold = [c for c in quantities if not set(c.words) & STOCK_WORDS]
        if len(quantities) > 1 and len(sold) == len(quantities):
            quantities = sold  # "units ordered" of order items and invoice lines: the verb picks one
        elif len(quantities) > 1:
            quantities = []
        for p in word_classes()["quantity_words"]:
            if not any(x.kind in SCHEMA_KINDS for x in self.phrases.get(p, ())):
                for c in quantities:
                    self.add(p, Sense("column", c.qualified))
        scores = [c for c in self.schema.columns(Role.MEASURE) if c.averaged and not c.is_fraction]
        if len(scores) == 1:
            for p in word_classes()["score_words"]:
                self.add(p, Sense("column", scores[0].qualified))
        self._prefer_identifiers()
        self._linked_values()
        self._exact_values()
        self._exact_money_names()
        self._flag_statuses()
        self._row_nouns()
        self._rows_of_numbered()
        self._event_verbs()

    def _event_verbs(self) -> None:
        """ "coupons redeemed", "households that redeemed" of coupon_redempt (redemptions): the verb of a
        table's event noun (words.yaml event_noun_verbs) names its rows, where nothing else is so named."""
        verbs = word_classes()["event_noun_verbs"]
        for t in self.schema.tables.values():
            noun = singular(phrase_tokens(t.entity_singular)[-1]) if t.entity_singular else ""
            for p in verbs.get(noun, ()):
                if not any(x.kind in SCHEMA_KINDS for x in self.phrases.get(p, ())):
                    self.add(p, Sense("entity", t.name))

    def _rows_of_numbered(self) -> None:
        """ "how many campaigns" of campaign_table (household, campaign) where `campaign` repeats: the
        table is named for things its rows only number, so the things are its distinct numbers, never
        its rows."""
        for p, senses in self.phrases.items():
            keyed = {
                x.key
                for x in senses
                if x.kind == "entity" and x.value and self.schema.col(str(x.value)).role == Role.FOREIGN_KEY
            }
            if keyed:
                self.phrases[p] = [
                    x for x in senses if not (x.kind == "entity" and not x.value and x.key in keyed)
                ]

    def _keyed_nouns(self, table: str) -> set[str]:
        """First words of a table's columns that name or number records ("product" of product_name,
        "merchant" of merchant_id): nouns of things, never of a figure."""
        return {
            c.words[0]
            for c in self.schema.tables[table].columns.values()
            if len(c.words) > 1 and c.words[-1] in NAME_HEADS
        }

    def _data_verbs(self) -> None:
        """ "drop-off locations" of Drop_Location: a word of the data's own column names is no request to
        change the data there ("drop table ..." stays refused where no column is so named); said with
        "off" too ("drop off location")."""
        destructive = {p[0] for p in word_classes()["destructive"] if len(p) == 1}
        for c in self.schema.columns():
            if len(c.words) < 2 or c.words[0] not in destructive:
                continue
            head = (c.words[0],)
            self.phrases[head] = [x for x in self.phrases.get(head, []) if x.kind != "destructive"]
            for form in variants((c.words[0], "off", *c.words[1:])):
                self.add(form, Sense("colword", c.qualified))

    def _row_nouns(self) -> None:
        """ "how many journeys were cancelled" of a ticket log with Date of Journey and Journey Status: a
        noun of an event (words.yaml row_event_nouns) in two or more of a table's column names, of nothing
        with a key or a name of its own and no table's, names its rows."""
        people = self._people_tables()
        for t in self.schema.tables.values():
            if t.name in people:
                continue  # (a survey's "Order Time" of its respondents: the people, never orders)
            counts: defaultdict[str, int] = defaultdict(int)
            for c in t.columns.values():
                if not c.derived:
                    for w in {singular(w) for w in c.words if w.isalpha() and len(w) > 3}:
                        counts[w] += 1
            for noun, n in counts.items():
                keyed = any(
                    c.words[:1] == (noun,) and (c.role == Role.IDENTIFIER or set(c.words[1:]) & NAME_HEADS)
                    for c in t.columns.values()
                )
                counted = any(
                    c.role == Role.MEASURE and singular(c.words[-1]) == noun for c in t.columns.values()
                )  # (TotalVisits of leads counts visits: the leads are no visits; Ride_Distance counts none)
                kind = any(  # "payment_method" of transactions: the method of each payment, one a row
                    len(c.words) == 2 and singular(c.words[0]) == noun and c.words[1] in HOW_HEADS
                    for c in t.columns.values()
                )
                if (n < 2 and not kind) or keyed or counted or noun not in ROW_EVENT_NOUNS:
                    continue
                if t.entity.endswith((" items", " lines")) and noun not in t.entity:
                    continue  # line items of shipments (Shipment Mode ...): a shipment is several rows
                alike = word_classes()["row_event_alike"].get(noun, [])
                # ("a successful ride": one of them, where a column says the noun singular: Ride_Distance;
                # never "stay" of stays_in_week_nights, a verb as often as not)
                said_one = any(noun in c.words for c in t.columns.values())
                for form in (plural(noun), *([noun] if said_one else []), *(plural(w) for (w, *_) in alike)):
                    senses = self.phrases.get((form,), [])
                    if all(x.kind == "colword" for x in senses):  # (PURCHASES itself: the column)
                        self.add((form,), Sense("entity", t.name))

    def _flag_statuses(self) -> None:
        """ "their age, sex and smoking status": a yes/no column's word before "status" is the column
        itself, shown or split by, never a condition (where nothing else is called that)."""
        for phrase, senses in list(self.phrases.items()):
            flags = {x.key for x in senses if x.kind == "flag" and x.value != "neg"}
            said = (*phrase, "status")
            one_flag = len(phrase) == 1 and len(flags) == 1 and all(x.kind == "flag" for x in senses)
            if one_flag and said not in self.phrases:
                self.add(said, Sense("column", flags.pop()))

    def _exact_money_names(self) -> None:
        """ "our sales in Japan" where a table saas_sales holds a money column named Sales: the column's
        whole name wins over the last word of the table's longer name (an exact name wins)."""
        for phrase, senses in self.phrases.items():
            columns = [x for x in senses if x.kind == "column" and "." in str(x.key)]
            own = [
                x
                for x in columns
                if self.schema.col(str(x.key)).money
                and phrase in variants(phrase_tokens(self.schema.col(str(x.key)).name))
            ]
            tables = [x for x in senses if x.kind == "entity" and not x.value]
            longer = [
                x for x in tables if len(phrase_tokens(self.schema.tables[str(x.key)].name)) > len(phrase)
            ]
            if len(own) == 1 and tables and len(longer) == len(tables):
                self.phrases[phrase] = [x for x in senses if x not in tables]

    def _exact_values(self) -> None:
        """ "edwards": the last name Edwards, never the first name Edward said in the plural, when a value
        is stored exactly as said."""
        for phrase, senses in self.phrases.items():
            values = [x for x in senses if x.kind == "value"]
            exact = [x for x in values if phrase_tokens(str(x.value)) == phrase]
            plurals = [
                x for x in values if x not in exact and phrase in variants(phrase_tokens(str(x.value)))
            ]
            if exact and plurals:  # (a translation's words, "health beauty" for beleza_saude, stay)
                self.phrases[phrase] = [x for x in senses if x not in plurals]

    def _linked_values(self) -> None:
        """ "Classic Cars" stored in products.productLine and in productlines.productLine, which the first
        points at: one value, read on the pointing column (it joins to all the other does)."""
        points = {(f"{r.table}.{r.column}", f"{r.ref_table}.{r.ref_column}") for r in self.schema.relations}
        for phrase, senses in self.phrases.items():
            values = [x for x in senses if x.kind == "value"]
            if len(values) < 2:
                continue
            pointed = {
                b.key for a in values for b in values if (a.key, b.key) in points and a.value == b.value
            }
            if pointed:
                self.phrases[phrase] = [x for x in senses if not (x.kind == "value" and x.key in pointed)]

    def _prefer_identifiers(self) -> None:
        """ "each store" where StoreID and STORE (the same stores recoded 0-4) are both in the table: the
        noun is the identifier named <noun>ID, never the recoded number beside it."""
        for phrase, senses in self.phrases.items():
            ids = [
                self.schema.col(x.value) for x in senses if x.kind == "entity" and isinstance(x.value, str)
            ]
            if not ids:
                continue
            columns = [x for x in senses if x.kind == "column" and isinstance(x.key, str) and "." in x.key]
            recoded = {
                x
                for x in columns
                for c in [self.schema.col(x.key)]
                if c.role not in (Role.IDENTIFIER, Role.FOREIGN_KEY)
                and c.is_numeric
                and any(i.table == c.table and i.distinct and i.distinct == c.distinct for i in ids)
            }
            if recoded:
                self.phrases[phrase] = [x for x in senses if x not in recoded]

    def _late_phrases(self) -> None:
        """ "arrived after the estimated delivery date": the derived `late` flag (nlq.schema), said with
        its due date's words, whole phrases only (never "after" alone)."""
        for c in self.schema.columns(Role.FLAG):
            if c.overdue is not None:
                self._overdue_phrases(c)
            if c.later_than is None:
                continue
            t = self.schema.tables[c.table]
            own = {singular(w) for w in phrase_tokens(t.name)}
            due = t.columns[c.later_than[1]].words
            forms = {tuple(due), tuple(w for w in due if singular(w) not in own)}
            after = [(*lead, "the", *f) for f in forms for lead in (("after",), ("later", "than"), ("past",))]
            for p in after + [(*v, *a) for v in word_classes()["event_verbs"] for a in after]:
                self.add(p, Sense("flag", c.qualified))

    def _overdue_phrases(self, c: Col) -> None:
        """ "kept longer than the film's allowed rental period": the derived overdue flag restated with
        the words of its own definition (words.yaml `overdue_*`, `allowed_words`)."""
        assert c.overdue is not None
        classes = word_classes()
        days = self.schema.col(c.overdue[2])
        allowed = {w for p in classes["allowed_words"] for w in p if len(p) == 1}
        names = {tuple(days.words)} | {
            tuple(x if x not in allowed else other for x in days.words) for other in allowed
        }
        owner = phrase_tokens(self.schema.tables[days.table].entity_singular)
        for verb in [(), *classes["overdue_verbs"]]:
            for lead in classes["overdue_leads"]:
                for who in ((), owner, ("the", *owner)):
                    for allow in [(), *classes["overdue_allowing"]]:
                        for name in names:
                            self.add((*verb, *lead, "the", *who, *allow, *name), Sense("flag", c.qualified))
                            self.add((*verb, *lead, *who, *allow, *name), Sense("flag", c.qualified))

    def _counted_plurals(self) -> None:
        """ "how many ads in total" beside a test group 'ad' and a count `total ads`: a word known only as a
        value said in the plural, and heading a count column's name, is that count's things."""
        counts = {
            c.words[-1]: c.qualified
            for c in self.schema.columns(Role.MEASURE)
            if c.unit == "count" and c.words
        }
        for p, senses in list(self.phrases.items()):
            plural_value = [x for x in senses if x.kind == "value" and str(x.value).lower() != p[0]]
            if len(p) == 1 and p[0] in counts and plural_value and len(plural_value) == len(senses):
                self.phrases[p] = [Sense("column", counts[p[0]])]

    def _head_words(self) -> None:
        """A word that only names columns by a word of their names is the column it heads, when exactly
        one of them ends with it and the others are that one's details ("sentiment" of airline_sentiment
        beside airline_sentiment_confidence and airline_sentiment_gold)."""
        for p, senses in list(self.phrases.items()):
            if len(p) != 1 or any(x.kind != "colword" for x in senses) or len(senses) < 2:
                continue
            word = singular(p[0])
            heads = {
                str(x.key)
                for x in senses
                if "." in str(x.key)
                and tuple(singular(w) for w in self.schema.col(str(x.key)).words[-1:]) == (word,)
            }
            others = {str(x.key) for x in senses} - heads
            if len(heads) == 1 and all(
                extends(self.schema.col(o), self.schema.col(next(iter(heads)))) for o in others
            ):
                self.add(p, Sense("column", heads.pop()))

    def _pre_averaged(self) -> None:
        """ "the average score" beside Average_Score (each hotel's score, repeated on its reviews) and
        Reviewer_Score: the column so named, or the average of the other; both senses, so it is asked."""
        firsts = {"average", "avg", "mean"}
        for c in self.schema.columns(Role.MEASURE):
            if len(c.words) < 2 or c.words[0] not in firsts or not c.is_numeric:
                continue
            others = [
                o.qualified
                for o in self.schema.tables[c.table].columns.values()
                if o is not c
                and o.role == Role.MEASURE
                and o.is_numeric
                and o.words[-1:] == c.words[-1:]
                and o.words[:1] != c.words[:1]
                and not set(o.words) & firsts
            ]
            if not others:
                continue
            for p, senses in list(self.phrases.items()):
                if (
                    p[0] in firsts
                    and p[1:] == tuple(c.words[1:])
                    and any(x.kind == "column" and x.key == c.qualified for x in senses)
                ):
                    self.phrases[p] = [*senses, *(Sense("column", o) for o in others)]

    def _raters(self) -> None:
        """ "the average customer rating", "guest rating": a score said with who gives it is that score,
        never a figure per customer (nor the number of guests); only where nothing else claims the phrase."""
        for t in self.schema.tables.values():
            rated = [c for c in t.columns.values() if c.role == Role.MEASURE and scores_given(c)]
            for c in (
                rated if len(rated) == 1 else ()
            ):  # (a hotel's Average_Score beside Reviewer_Score: left)
                if len(c.words) > 2:
                    continue
                scores = {w for x in c.words if x in SCORE_NAMES for w in (singular(x), plural(singular(x)))}
                for giver in RATERS:
                    for said in {(giver, *c.words), *((giver, w) for w in scores)}:
                        self._fallbacks.append((said, Sense("column", c.qualified)))

    def _period_columns(self) -> None:
        """ "users by hour" of `most ads hour` (0-23) where the data has no date: the period word a
        column's name ends with names that column (beside its reading as a time grain)."""
        if self.schema.columns(Role.TIME):
            return
        for c in self.schema.columns(Role.DIMENSION):
            last = c.words[-1:] or ("",)
            if (
                last[0] in PERIOD_COLUMN_WORDS
                and len(c.words) > 1
                and not c.derived
                and c.words[-2] not in PERIOD_QUALIFIERS  # (frequency current month: a figure of it)
            ):
                for v in variants(last):
                    if not any(x.kind == "column" for x in self.phrases.get(v, ())):
                        self.add(v, Sense("column", c.qualified))

    def _group_words(self, c: Col) -> list[Phrase]:
        """Words after a column's name that say its values as groups ("vehicle age category"), but for a
        word (other than "group") naming another column of its table ("customer segment" beside Segment)."""
        others = {
            singular(w) for o in self.schema.tables[c.table].columns.values() if o is not c for w in o.words
        }
        return [
            g
            for g in word_classes()["group_words"]
            if g in (("group",), ("groups",)) or not {singular(w) for w in g} & others
        ]  # ("age group" stays the age bands beside a car Group)

    def _whole_of_partial(self, t: Table) -> None:
        """ "fully delivered" of a status holding 'Delivered' and 'Partially Delivered': the plain value."""
        for c in t.columns.values():
            texts = {str(v).strip().lower(): v for v in c.values if isinstance(v, str)}
            for low, value in texts.items():
                if any(f"{part} {low}" in texts for part in PARTIAL_WORDS):
                    for whole in WHOLLY_WORDS:
                        self.add((whole, *phrase_tokens(low)), Sense("value", c.qualified, value))

    def _named_instead(self, c: Col, core: Phrase) -> str | None:
        """Supplier_ID of a product list, a new number on every row, beside a Supplier_Name that repeats:
        the same supplier is kept under many numbers, so its name is what tells the suppliers apart."""
        t = self.schema.tables[c.table]
        if not c.unique or t.key == c.name:
            return None
        names = [
            o
            for o in t.columns.values()
            if not o.is_numeric and phrase_tokens(o.name) == (*core, "name") and 0 < o.distinct < c.distinct
        ]
        return names[0].qualified if len(names) == 1 else None

    def _people_synonyms(self, core: Phrase) -> tuple[str, ...]:
        """The words of the people concept (concepts.yaml) a key's name says ("customer" of customer_id:
        client, shopper, buyer, ...), where no table of those people is bound to it; else none."""
        if len(core) != 1:
            return ()
        people = (c for c in ontology()[1] if c.kind == "entities" and c.name in PEOPLE_CONCEPTS)
        found = next((c for c in people if singular(core[0]) in c.names), None)
        if found is None or any(
            b.concept == found.name and "." not in b.target for b in self.schema.concepts
        ):
            return ()
        return tuple(w for w in found.words if " " not in w)

    def _names_parent(self, table: str, word: str) -> bool:
        """`word` is the head noun of a table that `table`'s rows point to ("order" for order lines)."""
        refs = {r.ref_table for r in self.schema.relations if r.table == table and r.ref_table != table}
        return any(
            singular(phrase_tokens(self.schema.tables[r].entity_singular)[-1:][0]) == singular(word)
            for r in refs
            if phrase_tokens(self.schema.tables[r].entity_singular)
        )

    @staticmethod
    def _dated(t: Table) -> bool:
        return any(c.role == Role.TIME for c in t.columns.values())

    def _dated_of_kind(self, t: Table, last: Phrase, others: list[Table]) -> bool:
        """Of the tables whose entity ends in the same noun (`last`), `t` is the only one with a date
        column of its own (and no other table is named by the noun alone)."""
        same = [o for o in others if phrase_tokens(o.entity)[-1:] == last]
        if any(len(phrase_tokens(o.entity)) == 1 for o in same):
            return False
        return self._dated(t) and not any(self._dated(o) for o in same)

    def _record_verbs(self, t: Table) -> None:
        """ "customers who complained": the verb of a table's records ("complaint" <- complain) names
        having one of them, where nothing else claims the word."""
        words = phrase_tokens(t.entity_singular)
        for form in record_verb_forms(words[-1]) if words else ():
            self._record_words.append(((form,), Sense("entity", t.name)))

    def _link_target(self, t: Any) -> str | None:
        """ "film categories" for the link table film_category: the categories (of films), the table
        its name ends with, never the link rows (a link table has only keys to other tables)."""
        if not is_link(self.schema, t.name):
            return None
        last = singular(phrase_tokens(t.name)[-1]) if phrase_tokens(t.name) else ""
        refs = {r.ref_table for r in self.schema.relations if r.table == t.name}
        hits = [
            r for r in refs if singular(phrase_tokens(self.schema.tables[r].entity_singular)[-1:][0]) == last
        ]
        return hits[0] if len(hits) == 1 else None

    def _column(self, c: Col, table: str, stop: set[str], grammar_single: set[Phrase], flag_words) -> None:
        if c.looked_up:
            return  # a listed price copied onto lines is named by its own table only
        q = c.qualified
        if c.composite:
            for v in variants(phrase_tokens(c.name)):
                self.add(v, Sense("column", q))  # named after other columns: by its whole name only
            return
        flaggy = c.role == Role.FLAG or c.flag_true is not None
        # named by its words only, never by its made-up name's words (a weekday, a difference)
        derived = (
            c.date_part_of is not None
            or c.difference is not None
            or c.value_groups is not None
            or c.decade_of is not None
            or c.lasted is not None
            or c.hour_of is not None
        )
        named = (c.words, *c.synonyms) if derived else (c.words, phrase_tokens(c.name), *c.synonyms)
        phrases = {v for p in named for v in variants(p) if p}
        if c.hour_of is not None:
            phrases.discard(("hours",))  # "total ride hours" is a duration, never hours of the day added up
        phrases |= self._numbered_siblings(c, self.schema.tables[table])
        # "Spending Score (1-100)": the scale a name states is no word people say ("spending score")
        phrases |= {
            v for p in named if len(p) > 2 and p[-1].isdigit() and p[-2].isdigit() for v in variants(p[:-2])
        }
        if c.role == Role.MEASURE and not derived and named_in_thousands(c.words):
            # "sales" for SalesInThousands: the unit a name states is no word people say
            phrases |= {v for p in named for v in variants(_without_unit_tail(p)) if p}
        if c.role == Role.TIME and c.same_as:
            # 'Months' holding each date's month: "month" is the time unit of the date, not this copy
            phrases -= {p for forms in word_classes()["grainword"].values() for p in forms}
        t = self.schema.tables[table]
        if t.key == c.name and not c.is_numeric:
            # accounts keyed by `account` (a name): "accounts" names the records, not a column of names
            phrases -= variants(phrase_tokens(t.entity_singular)) | variants(phrase_tokens(t.entity))
        if not derived and not flaggy and len(c.words) == 2 and not set(c.words) & set(ID_WORDS):
            # channel_sales, date_end: the two words as people order them ("sales channel", "end date")
            turned = (c.words[1], c.words[0])
            for v in variants(turned):
                self._fallbacks.append((v, Sense("column", q)))
            thing, done_word = c.words
            if (
                c.role == Role.MEASURE
                and thing.isalpha()
                and (done_word.endswith("ed") or done_word in IRREGULAR_PARTICIPLES)
            ):
                # Job_Completed said "jobs completed": the things done, counted
                self._fallbacks.append(((plural(singular(thing)), done_word), Sense("column", q)))
        full = tuple(w for word in name_words(c.name) for w in word.split())
        if not derived and full and full != phrase_tokens(c.name) and set(full) - set(phrase_tokens(c.name)):
            for v in variants(full):
                # "'marital status' is maritl": a name written out (catalog.concepts.name_words) is said
                self.concept_phrases.setdefault(v, f"{c.name} (its name written out)")
        if c.role in (Role.IDENTIFIER, Role.FOREIGN_KEY) and not c.loose_name:
            # "retailer" beside Retailer ID and a text column named Retailer: the names (an exact name
            # wins); a number column so named is the id recoded (OJ's STORE beside StoreID): the id
            named_columns = {
                phrase_tokens(o.name) for o in t.columns.values() if o is not c and not o.is_numeric
            }
            for p in list(phrases):
                core = tuple(w for w in p if w not in ID_WORDS)
                if core in named_columns:
                    continue
                # ("campaign" 1..30 of campaign_table: the things the table is named for, numbered)
                own_word = phrase_tokens(t.entity_singular)[-1:]
                bare = len(p) == 1 and c.is_numeric and p == phrase_tokens(c.name) and p == own_word
                if core and (len(core) < len(p) or bare):
                    q = self._named_instead(c, core) or q
                    for v in variants(core):
                        self.add(v, Sense("entity", table, q))
                    for word in self._people_synonyms(core):
                        # "shoppers", "clients" for customer_id: the customers those rows are of
                        for v in variants(phrase_tokens(word)):
                            self._fallbacks.append((v, Sense("entity", table, q)))
                    for other in word_classes()["entity_synonyms"].get(singular(core[-1]), ()):
                        # "stores" for LocationID: the sites those rows are of
                        for v in variants((*core[:-1], *other)):
                            self._fallbacks.append((v, Sense("entity", table, q)))
        if c.role not in (Role.IDENTIFIER, Role.FOREIGN_KEY):
            # "payment method" names payment_method_code
            phrases |= {
                v for p in list(phrases) if len(p) > 2 and p[-1] in ID_WORDS for v in variants(p[:-1])
            }
        if flaggy:
            # "is_repeated_guest" is named "repeated guest(s)"; "has_churned" is "churned"; CLAIM_FLAG is
            # "claim" (the word that only says it is yes/no dropped)
            phrases |= {
                v for p in list(phrases) if len(p) > 1 and p[0] in FLAG_PREFIXES for v in variants(p[1:])
            }
            phrases |= {
                v for p in list(phrases) if len(p) > 1 and p[-1] in FLAG_SUFFIXES for v in variants(p[:-1])
            }
        if flaggy:
            phrases |= opted_out_forms(phrases)
        if flaggy:
            for synonym in c.synonyms:
                toks = tuple(synonym)
                if len(toks) > 1 and toks[-1] in feature_nouns():
                    for v in variants(toks):
                        # "'cd drive' is cd": a product list's yes/no column said with a feature noun
                        self.concept_phrases.setdefault(v, f"{c.name} (said with '{toks[-1]}')")
        kind = "flag" if flaggy else "column"
        if c.role == Role.FLAG and isinstance(c.flag_true, str) and not is_yes_word(c.flag_true):
            # 'Cancelled' of booking_status ('Cancelled' / 'Not_Cancelled'): the true value's words name
            # the flag ("cancelled", and below "cancellation")
            phrases |= variants(phrase_tokens(c.flag_true))
        phrases |= said_otherwise(phrases, c.money)
        for p in gerund_forms(phrases) - phrases:
            self.add(p, Sense(kind, q))
        if c.role == Role.MEASURE and not flaggy:
            for p in counted_forms(phrases) - phrases:
                self.add(p, Sense(kind, q))
        if c.role == Role.MEASURE and len(c.words) == 2 and c.words[1] in ("count", "counts", "number"):
            # rating_count beside rating: "the most ratings", "fewer than 100 ratings" may be either one
            # (asked back where the question does not tell), never silently the rating itself
            self.add((plural(c.words[0]),), Sense(kind, q))
        if c.money and len(c.words) == 1:
            for form in record_verb_forms(c.words[0]):
                # "the smallest amount anyone was charged" of charges: the amount, where nothing else is
                self._fallbacks.append(((form,), Sense(kind, q)))
        if c.money and len(c.words) > 1 and set(c.words) & AMOUNT_HEADS:
            for w in c.words:
                for form in record_verb_forms(w) if w not in AMOUNT_HEADS else ():
                    # refund_amount_usd: "the amount refunded", "the total refunded"
                    for noun_head in ("amount", "total", "value"):
                        self.add((noun_head, form), Sense(kind, q))
        for p in phrases:
            self.add(p, Sense(kind, q))
            if c.role == Role.MEASURE and is_numeric_type(c.dtype):
                # "negative quantity", "positive balance"
                self.add(("negative", *p), Sense("signed", q, "<"))
                self.add(("positive", *p), Sense("signed", q, ">"))
            if flaggy and c.role != Role.FLAG:
                self.add(p, Sense("column", q))
        if flaggy and not derived:
            for p in list(phrases):
                for i, w in enumerate(p):
                    adverb = adverb_of(w)
                    if adverb and p[i + 1 :]:
                        # "fully repaid" for full_repaid, "(failed to) fully repay" its verb
                        self._fallbacks.append(((*p[:i], adverb, *p[i + 1 :]), Sense("flag", q)))
                        for verb in lemma_table(p[-1]).get("VERB", ()) if p[i + 1 :] else ():
                            if verb != p[-1]:
                                self._fallbacks.append(
                                    ((*p[:i], adverb, *p[i + 1 : -1], verb), Sense("flag", q))
                                )
                for noun in event_nouns(p[-1]) if p[-1].isalpha() else ():
                    # "repayment" for full_repaid, "cancellation" for is_cancelled
                    self._fallbacks.append(((*p[:-1], noun), Sense("flag", q)))
                    self._fallbacks.append(((noun,), Sense("flag", q)))
        if flaggy and len(c.words) > 1 and c.words[0] in WANTING_VERBS:
            # wants_preferred_seat: "wanted a preferred seat", "want the preferred seat"
            for lemma in lemma_table(c.words[0]).get("VERB", ()):
                for form in {f for forms in verb_inflections(lemma).values() for f in forms}:
                    for article in ((), ("a",), ("an",), ("the",), ("any",)):
                        self.add((form, *article, *c.words[1:]), Sense("flag", q))
        if flaggy:
            for root, words in flag_words.items():
                if any(singular(w) == singular(root) or w.startswith(root) for p in phrases for w in p):
                    for p in words:
                        self.add(p, Sense("flag", q))
            record = phrase_tokens(t.entity_singular)
            record_noun = singular(record[-1]) if record else ""
            for p in phrases:
                for n in negated_forms(p):
                    self.add(n, Sense("flag", q, "neg"))  # "inactive", "unpaid", "non-smokers"
                for adjective in adjective_forms(p[-1]) if p[-1].endswith(STATE_NOUN_ENDINGS) else ():
                    # "compliant" and "non-compliant" for Compliance, "absent" for Absence
                    self._fallbacks.append(((*p[:-1], adjective), Sense("flag", q)))
                    for n in negated_forms((*p[:-1], adjective)):
                        self._fallbacks.append((n, Sense("flag", q, "neg")))
                if len(p) == 2 and singular(p[1]) == record_noun:
                    # VerifiedReview of reviews: "unverified ones" is the flag's other side
                    for n in negated_forms(p[:1]):
                        self.add(n, Sense("flag", q, "neg"))
            states = self._states_of_a_status(c, t)
            for root, words in word_classes()["flag_negwords"].items():
                if any(w.startswith(root) for p in phrases for w in p):
                    for p in words:
                        if p not in states:
                            self.add(p, Sense("flag", q, "neg"))
        if c.role == Role.DIMENSION and not c.is_numeric and not derived and c.words in CLASS_WORDS:
            # "product category" where the rows are what is sold and only a `category` says its class
            for v in variants(("product", *c.words)) | variants(("item", *c.words)):
                self._fallbacks.append((v, Sense(kind, q)))
        head = _values_head(c) if c.role == Role.DIMENSION and not derived else None
        if head is not None:
            # SeatType 'Economy Class', 'Business Class', 'First Class': "class" names the column
            for v in {*variants((head,)), *(x for w in HEAD_QUALIFIERS for x in variants((w, head)))}:
                self._fallbacks.append((v, Sense("colword", q)))
            for v in variants((head, "group")):  # 'Mens E-Mail', 'No E-Mail': "each email group"
                self._fallbacks.append((v, Sense("colword", q)))
        categorical = c.role == Role.DIMENSION and not c.is_numeric
        few_levels = c.role == Role.MEASURE and 0 < c.distinct <= FEW_LEVELS
        if (categorical or few_levels) and not derived:
            # "ethnic" for Ethnicity; "ethnic group(s)", "vehicle age category", a measure of a few values
            # ("tenure group"): its values as groups
            groups = self._group_words(c)
            for p in phrases:
                for adjective_phrase in (
                    (p[:-1] + (a,) for a in adjective_forms(p[-1])) if categorical else ()
                ):
                    self._fallbacks.append((adjective_phrase, Sense(kind, q)))
                    for g in groups:
                        self._fallbacks.append(((*adjective_phrase, *g), Sense(kind, q)))
                if not p[-1].endswith("s"):
                    for g in groups:
                        self._fallbacks.append(((*p, *g), Sense(kind, q)))
        for w in {w for p in (() if derived else phrases) for w in p}:
            done = noun_participle(w)
            if done and c.role != Role.TIME and "since" not in c.words:
                # "satisfied" for satisfaction_level; never YearsSinceLastPromotion ("not promoted in 5
                # years" is read as the time since that event)
                self._fallbacks.append(((done,), Sense(kind, q)))

        counted = c.role == Role.MEASURE and c.dtype.upper() in INTEGER_TYPES and not (c.money or c.averaged)
        for p in () if derived else phrases:
            done = participle(p[0]) if len(p) == 1 and not flaggy and c.role != Role.TIME else None
            if done is None and len(p) == 1 and c.role == Role.DIMENSION and (singular(p[0]),) in LABEL_NOUNS:
                done = counted_participle(plural(singular(p[0])))  # "leads tagged 'Busy'": the Tags
            if done:
                self._fallbacks.append(((done,), Sense(kind, q)))  # "films rated PG-13": the rating
            event = counted_participle(p[-1]) if counted and len(p) > 1 and p[-1].endswith("s") else None
            if event:
                self._fallbacks.append(((event,), Sense(kind, q)))  # "changed" for booking_changes
            for a, b in zip(p, p[1:], strict=False):
                if a.isalpha() and b.isalpha() and b not in ID_WORDS:
                    self._fallbacks.append(((a + b,), Sense(kind, q)))  # "firstname", "zipcode"
            if len(p) == 2 and c.role not in (Role.IDENTIFIER, Role.FOREIGN_KEY) and not _ids_in(p):
                # word order: "price per unit" for UnitPrice, "date of order" for order_date
                a, b = p
                parent = self._names_parent(table, a) and c.role == Role.MEASURE
                for joiner in REVERSED_GLUE:
                    if joiner == "per" and parent:
                        continue  # "quantity per order" on order lines: a figure per order, not a column
                    for v in variants((b, joiner, singular(a))) | variants((b, joiner, a)):
                        self._fallbacks.append((v, Sense(kind, q)))
        for p in () if derived else phrases:
            if (
                len(p) >= 3
                and p[0].endswith("s")
                and p[0].isalpha()
                and is_word(p[0])
                and not set(p) & ID_WORDS
            ):
                # a name led by its unit ("minutes_customer_support"): "minutes of customer support",
                # "customer support minutes"
                for v in variants((p[0], "of", *p[1:])) | variants((*p[1:], p[0])):
                    self._fallbacks.append((v, Sense(kind, q)))
        if c.role == Role.MEASURE and c.is_numeric and not derived:
            # "paid on time" names DaysLate by the opposite of its state (words.yaml state_opposites)
            for w in c.words:
                for p in word_classes()["state_opposites"].get(w, ()):
                    for v in variants(p):
                        self._fallbacks.append((v, Sense("column", q)))
        initials = "".join(w[0] for w in c.words if w not in ("of", "to", "the", "and", "in", "on", "per"))
        if not derived and len(initials) >= 3 and initials.isalpha() and not is_word(initials):
            self._fallbacks.append(((initials,), Sense(kind, q)))  # "CLV" is Customer Lifetime Value
            self.concept_phrases.setdefault((initials,), f"{c.name} (its initials)")
        # inner runs of a long column name ("shipping charges" for order_shipping_charges) outrank a
        # one-word value ("Shipping") by being longer
        for p in () if derived else phrases:
            for width in range(2, len(p)):
                for i in range(len(p) - width + 1):
                    run = p[i : i + width]
                    edge_number = run[0].isdigit()  # "5 years" of promotion_last_5years ("campaign 2" stays)
                    asked = c.asked and bool(set(run) & QUESTION_WORDS)  # never "per visit" of a question
                    if (
                        not set(run) & ID_WORDS
                        and sum(w not in stop for w in run) >= 2
                        and not edge_number
                        and not asked
                    ):
                        for v in variants(run):
                            self.add(v, Sense("colword", q))
        for p in () if derived else phrases:
            # "Frequency of SMS": a count of the thing after "of", named by it ("customers who sent 100 SMS")
            things = p[2:] if len(p) >= 3 and p[0] in COUNT_HEADS and p[1] == "of" else ()
            if things and (len(things) > 1 or (len(things[0]) >= 3 and things[0] not in stop)):
                for v in variants(things):
                    self._fallbacks.append((v, Sense(kind, q)))
        for p in () if derived else phrases:
            owner = tuple(w for w in p[2:] if w not in ("the", "a", "an"))
            if (
                len(p) >= 3
                and p[1] == "of"
                and len(owner) == 1
                and p[0] not in COUNT_HEADS
                and not set(p) & ID_WORDS
            ):
                # "store age" and "age" for AgeOfStore, "product cost" for Cost_of_the_Product: its head
                # said first, or alone
                for v in variants((*owner, p[0])) | variants((p[0],)) | variants((p[0], "of", *owner)):
                    self._fallbacks.append((v, Sense(kind, q)))
        # single distinctive words of a multi-word column name ("internet" for InternetService)
        qualifier_words = hyphen_tail(c.name)
        columns_of_table = self.schema.tables[c.table].columns
        made_of = {w for f in c.formula or () if f in columns_of_table for w in columns_of_table[f].words}
        for p in () if derived or c.group_count else phrases:  # ("properties" is never Propertycount)
            if len(p) < 2:
                continue
            for i, w in enumerate(p):
                if w in qualifier_words:
                    continue  # "state" is never City-State Province ('Sekiu-Washington'): a city of a state
                if "of" in p[:i] and p[0] not in COUNT_HEADS and c.role != Role.TIME:
                    continue  # "stores" is never AgeOfStore: the thing it is of, not it
                if i and p[i - 1] in ("in", "on", "at") and i < len(p) - 1:
                    # "flights" is never In Flight Entertainment ("stock" stays quantityInStock: the last
                    # word, what it is in; a word after "per" stays: "room price" of avg price per room)
                    continue
                if w in PERIOD_UNITS and i and p[i - 1] in PERIOD_QUALIFIERS:
                    continue  # "months" is never Avg_class_frequency_current_month: its period, not it
                if w in made_of:
                    continue  # "stock" is never the stock value: the units it is made of, said alone
                if {(w,), (plural(w),)} & PEOPLE_WORDS and {singular(x) for x in p} & KIND_HEADS:
                    continue  # "which customer" is never Customer type: a kind of customer, not one
                if (flaggy or c.role == Role.MEASURE) and (w,) in PEOPLE_WORDS:
                    # "guests" alone never says a booking is by a repeated guest; "customers" alone is
                    # never minutes_customer_support: the people a figure is about, not the figure
                    continue
                if c.role == Role.MEASURE and not i and w in self._keyed_nouns(c.table):
                    continue  # "products" is never product_amount beside product_name: the things, not a figure
                if self._co_sibling(c):
                    continue  # "income" is never CoapplicantIncome beside ApplicantIncome: the applicant's
                if c.role != Role.TIME and w in self._value_stems(c.table):
                    continue  # "churn" is the status 'Churned', never Churn Category or Churn Reason
                headed = i == len(p) - 1 and w in HEADING_STOPS  # "score" of Reviewer_Score
                if (
                    (len(w) >= 4 or _short_noun(w))
                    and (headed or (w not in stop and (w,) not in grammar_single))
                    and w not in ID_WORDS
                    and w not in NAME_FUNCTION_WORDS
                ):
                    for v in variants((w,)):
                        self.add(v, Sense("colword", q))
        if c.role == Role.TIME:
            for w in {w for p in phrases for w in p}:
                for form in event_forms(w):
                    # "returned" for return_date, "rented" for rental_date, unless the word means more
                    self._fallbacks.append(((form,), Sense("timecol", q)))
            own = {singular(w) for w in phrase_tokens(self.schema.tables[table].entity_singular)}
            for root, words in word_classes()["event_words"].items():
                hit = root_hits(root, phrases)
                if hit and all(singular(w) in own for w in hit):
                    # "placed" on orders: the table's own name says no event; only its creation date
                    # (order_date, order_purchase_timestamp), never order_delivered_date
                    rest = {w for w in c.words if singular(w) not in own}
                    if not rest <= CREATION_WORDS:
                        continue
                if hit:
                    for p in words:
                        self.add(p, Sense("timecol", q))
            plain = all(set(p) <= PLAIN_DATE_WORDS for p in phrases)
            if plain and len(self.schema.tables[table].by_role(Role.TIME)) == 1:
                # a log of transactions with one plain DATE: its rows' verbs date them ("bought in June")
                entity_words = tuple(phrase_tokens(self.schema.tables[table].entity))
                for root, words in word_classes()["event_words"].items():
                    if not root_hits(root, phrases) and root_hits(root, {entity_words}):
                        for p in words:
                            self.add(p, Sense("timecol", q))
            for root, words in word_classes()["event_pending"].items():
                if any(w.startswith(root) for p in phrases for w in p):
                    for p in words:
                        self.add(p, Sense("timecol", q, "pending"))
        for said_as, stored in c.translations.items():
            # "health & beauty" for beleza_saude (a translation table's other name)
            for v in variants(phrase_tokens(said_as)):
                self.add(v, Sense("value", q, stored))
                self.concept_phrases.setdefault(v, f"{c.name} {stored} (its translation {said_as})")
        if (
            c.value_groups is None
            and c.month_of is None
            and (  # ("in July" stays a period, never a value)
                c.role in (Role.DIMENSION, Role.FLAG) or c.flag_true is not None or _named_key(c)
            )
        ):
            said = spoken_labels(c.values)  # "married" for "2. Married"
            tail = common_tail(c.values)
            for value in c.items or c.values:  # a column of lists: the items its lists are made of
                if not isinstance(value, str):
                    continue
                vt = phrase_tokens(said.get(value, value))
                if tail and vt[-len(tail) :] == tail and len(vt) > len(tail):
                    self.add(vt[: -len(tail)], Sense("value", q, value))  # "Delhi" of "Delhi, India"
                if not vt or all(w.replace(".", "").isdigit() for w in vt):
                    continue
                # (another column's value of the same word in this table is no function: "Active" of
                # three product columns is a value of each, asked back unless they select the same rows
                # (`merge_same_rows`), never the first column's; nor its flag word or name word, "active"
                # for not churned or of months_active: the order columns come in must not decide)
                functional = any(
                    x.kind not in ("stop", "colsuffix", "stars")  # "Star card holders": a card's name
                    and not (x.kind in ("value", "flag", "colword") and _same_table(x.key, q))
                    and not (x.kind == "value" and phrase_tokens(str(x.value)) != vt)  # another's plural
                    for x in self.phrases.get(vt, ())
                )
                if any(x.kind == "value" and x.key.split(".")[0] != table for x in self.phrases.get(vt, ())):
                    self.cross_values[vt].append(
                        Sense("value", q, value)
                    )  # "food" products, "food" campaigns
                glue = vt[0] in stop and len(vt[0]) <= 3  # "a", "in", "all": never a value on their own
                if len(vt) == 1 and (functional or glue):
                    # "No" alone is a negation; "no internet service" names the column's "No" value
                    for p in phrases:
                        # "segment a" for a one-letter value: "a segment" is an article and the column
                        self.add(p + vt if glue and len(vt[0]) == 1 else vt + p, Sense("value", q, value))
                    if not glue:
                        self._shadowed.append((vt, Sense("value", q, value)))
                    continue
                if flaggy and str(said.get(value, value)).strip().lower() in ("yes", "no", "true", "false"):
                    continue
                for v in [vt] if _named_key(c) else variants(vt):  # a key's names as written ("Ships")
                    self.add(v, Sense("value", q, value))
                if "/" in value.strip("/"):  # 'YOUNG SINGLES/COUPLES': "young singles and couples"
                    for glue_word in (" and ", " or ", " & "):
                        for v in variants(phrase_tokens(said.get(value, value).replace("/", glue_word))):
                            self._fallbacks.append((v, Sense("value", q, value)))
                    lead, _, last = str(said.get(value, value)).rpartition("/")
                    if " " in lead and " " not in last.strip():
                        # 'Entire home/apt': "entire homes", "an entire apt" (either word after the first)
                        first = lead.rsplit(" ", 1)[0]
                        for side in (lead, f"{first} {last}"):
                            for v in variants(phrase_tokens(side)):
                                self._fallbacks.append((v, Sense("value", q, value)))
                full = spelled_out(vt)
                for v in variants(full) if full != vt else ():
                    self._fallbacks.append((v, Sense("value", q, value)))  # "college graduates": College Grad
                for p in bound_forms(vt, phrases):
                    self.add(p, Sense("value", q, value))  # "very good health or better" for >=Very Good
                record = phrase_tokens(self.schema.tables[table].entity_singular)
                if (
                    len(vt) == 1
                    and vt[0].isalpha()
                    and len(vt[0]) >= 4
                    and not vt[0].endswith("ed")
                    and not any(x.startswith(vt[0]) for x in record)  # "shipped" of shipments: every one
                ):
                    # "cancelled" for Cancel, "completed" for Complete
                    w = vt[0]
                    for form in {w + "ed", w + "d" if w.endswith("e") else w + "ed", w + w[-1] + "ed"}:
                        self._fallbacks.append(((form,), Sense("value", q, value)))
                self._fallbacks += [
                    (said, Sense("value", q, value)) for said in _said_forms(vt, c.values) - {vt}
                ]
                after = _after_shared_word(vt, c.values)
                if after in self._column_names:
                    after = ()  # "by city" beside hotels named 'Atliq City', 'Atliq Palace': the column city
                if after and not (len(after) == 1 and after[0] in stop and len(after[0]) <= 3):
                    # (never "a" alone of 'TYPE-A' beside 'TYPE-B': "a term", an article)
                    # 'Disneyland_Paris' beside 'Disneyland_HongKong': "Paris", "Hong Kong" (beside a
                    # reviewer's country 'Hong Kong' too: either, asked back)
                    for v in variants(after):
                        self.add(v, Sense("value", q, value))
                if len(vt) == 2 and vt[0].endswith("ed") and vt[1] in PARTICLES:
                    # 'Charged Off' said as a noun: "charge off", "charge-offs"
                    for lemma in lemmas(vt[0]) - {vt[0]}:
                        self._fallbacks += [(v, Sense("value", q, value)) for v in variants((lemma, vt[1]))]
                if len(vt) == 1 and vt[0].isalpha():
                    # "cancellation" for Cancelled, "deliveries" for Delivered
                    for noun in event_nouns(vt[0]):
                        self._fallbacks.append(((noun,), Sense("value", q, value)))
                    # "successful" for Success, "partial" and "partially" for Part
                    for adj in adjective_forms(vt[0]):
                        for form in (adj, adj + "ly"):
                            if form == adj or is_word(form):
                                self._fallbacks.append(((form,), Sense("value", q, value)))
                    if is_word(vt[0] + "ly"):
                        self._fallbacks.append(((vt[0] + "ly",), Sense("value", q, value)))  # "actively"
                    for form in trade_forms(vt[0]):
                        self._fallbacks.append(((form,), Sense("value", q, value)))  # "retailers": Retailing
                    for form in verb_forms(vt[0]):
                        self._fallbacks.append(((form,), Sense("value", q, value)))  # "win" for Won
                    for form in undergone_forms(vt[0]):
                        # "items being processed": the ones whose status is Processing (never "processed"
                        # alone, the verb of any record's handling)
                        self.add(("being", form), Sense("value", q, value))
                if len(vt) == 2 and CODE_JOIN.fullmatch(str(value).strip()):
                    # an export's code of two words, in either order: "new car" for car_new
                    for v in variants(vt[::-1]):
                        self._fallbacks.append((v, Sense("value", q, value)))
                for past in phrasal_past(vt):
                    # "checked out" for Check-Out, "signed up" for Sign Up
                    self._fallbacks.append((past, Sense("value", q, value)))
                short = phrase_tokens(str(value).split("(")[0])
                short = phrase_tokens(str(said.get(value, value)).split("(")[0])
                if "(" in str(value) and short and short != vt and not (len(short) == 1 and short[0] in stop):
                    # "credit card" for "Credit card (automatic)"
                    for v in variants(short):
                        self.add(v, Sense("value", q, value))

    def merge_same_rows(self, same_rows: Callable[[str, str, str], bool]) -> None:
        """A value that several columns of one table hold and that selects the same rows in each
        ("Dresses" as Department Name and Class Name) is no ambiguity: the first column's sense is kept.
        `same_rows(column_a, column_b, value)` tells (a query on the data)."""
        for phrase, senses in self.phrases.items():
            values = [x for x in senses if x.kind == "value" and x.key and "." in str(x.key)]
            tables = {str(x.key).split(".", 1)[0] for x in values}
            if len(values) < 2 or len(tables) != 1 or len({x.value for x in values}) != 1:
                continue
            first, *rest = values
            if all(same_rows(str(first.key), str(x.key), str(first.value)) for x in rest):
                self.phrases[phrase] = [x for x in senses if x not in rest]

    def prefer_own_columns(self) -> None:
        """A value two columns hold where one reading is plainly meant: the column that points at a key
        over the key it points at ('ultimate' of users.plan and plans.plan_name: the users' plan), and a
        column of the row's own time over one of an earlier time ('JJ' of book_staff and last_staff: this
        booking's stylist, never the previous visit's)."""
        refs = {(f"{r.table}.{r.column}", f"{r.ref_table}.{r.ref_column}") for r in self.schema.relations}
        for phrase, senses in self.phrases.items():
            values = [x for x in senses if x.kind == "value" and x.key and "." in str(x.key)]
            if len(values) != 2 or len({x.value for x in values}) != 1:
                continue
            a, b = values
            drop = b if (str(a.key), str(b.key)) in refs else a if (str(b.key), str(a.key)) in refs else None
            if drop is None and str(a.key).split(".")[0] == str(b.key).split(".")[0]:
                earlier = [x for x in values if set(self.schema.col(str(x.key)).words) & EARLIER_WORDS]
                drop = earlier[0] if len(earlier) == 1 else None
            if drop is not None:
                self.phrases[phrase] = [x for x in senses if x is not drop]
        for phrase, senses in self.phrases.items():
            for kind in ("column", "colword"):
                named = [x for x in senses if x.kind == kind and x.key and "." in str(x.key)]
                tables = {str(x.key).split(".", 1)[0] for x in named}
                earlier = [x for x in named if set(self.schema.col(str(x.key)).words) & EARLIER_WORDS]
                if len(tables) == 1 and earlier and len(named) - len(earlier) == 1:
                    # "time of day" of book_tod and last_tod: this booking's
                    senses = [x for x in senses if x not in earlier]
            self.phrases[phrase] = senses

    def _full_name(self, t: Any) -> None:
        """ "full name" names the first and last name columns of a table together."""
        first = [c for c in t.columns.values() if {"first", "given"} & set(c.words) and "name" in c.words]
        last = [
            c for c in t.columns.values() if {"last", "family", "sur"} & set(c.words) and "name" in c.words
        ]
        if len(first) == 1 and len(last) == 1:
            for p in (("full", "name"), ("full", "names"), ("whole", "name")):
                self.add(p, Sense("fullname", t.name, (first[0].qualified, last[0].qualified)))

    def _rfm_words(self) -> None:
        """A lifetimes-style summary (frequency, recency, T): "repeat purchases" is frequency, "age" is T."""
        synonyms: dict[str, list[Phrase]] = word_classes()["rfm_synonyms"]
        for t in self.schema.tables.values():
            names = {n.lower(): c for n, c in t.columns.items() if c.role == Role.MEASURE}
            if not set(synonyms) <= set(names):
                continue
            for name, phrases in synonyms.items():
                for p in phrases:
                    if not any(x.kind in SCHEMA_KINDS for x in self.phrases.get(p, ())):
                        self.add(p, Sense("column", names[name].qualified))

    def _product_words(self) -> None:
        """ "products" names the columns of sold things (StockCode, Description) when nothing else does."""
        classes = word_classes()
        words = classes["product_words"]
        if any(any(x.kind in SCHEMA_KINDS for x in self.phrases.get(p, ())) for p in words):
            return
        found = self._product_columns()
        for p in words:
            for q in found:
                self.add(p, Sense("column", q))

    def _product_columns(self) -> list[str]:
        """Columns that say what a priced or counted line sold (StockCode, Description)."""
        hints = {p[0] for p in word_classes()["product_columns"]}
        sold = [
            c.qualified
            for t in self.schema.tables.values()
            if any(c.is_price or set(c.words) & QUANTITY_WORDS for c in t.by_role(Role.MEASURE))
            for c in t.columns.values()
            if c.role not in (Role.MEASURE, Role.TIME, Role.FLAG, Role.TEXT) and set(c.words) & hints
        ]
        return sold or self._reviewed_names()

    def _reviewed_names(self) -> list[str]:
        """ "which product has the most reviews" of a review export with a `name` column repeated over
        its rows (Datafiniti's Amazon reviews): the names of the things reviewed."""
        reviewed = {singular(p[-1]) for p in word_classes()["review_nouns"]}
        return [
            c.qualified
            for t in self.schema.tables.values()
            if set(map(singular, phrase_tokens(t.entity_singular)[-1:])) & reviewed
            for c in t.columns.values()
            if c.words == ("name",) and c.role == Role.DIMENSION and 1 < c.distinct < t.row_count / 2
        ]

    def _split_dates(self) -> None:
        """A date kept in part columns: "arrival year" is the year column; "arrival(s)", "arrival date"
        name the date itself (its parts are filtered by a period, see nlq.splitdates)."""
        for split in split_dates(self.schema):
            members = {c for _, c in split.parts}
            for part, column in split.parts:
                for p in variants((*split.stem, part)) | variants((*split.stem, "date", part)):
                    self.add(p, Sense("column", column))
            if len(split.parts) < 2:
                continue  # a year alone (Year_Birth): its words keep naming the column
            for p in variants(split.stem) | variants((*split.stem, "date")):
                kept = [x for x in self.phrases.get(p, []) if not (x.kind == "colword" and x.key in members)]
                self.phrases[p] = [*kept, Sense("splitdate", split.year)]

    @staticmethod
    def _numbered_siblings(c: Col, t: Table) -> set[Phrase]:
        """ "the main product category" of Product_Category_1 beside Product_Category_2 and _3: a numbered
        column of a series said by its ordinal (words.yaml ordinal_columns), with or without the stem's
        first words ("main category")."""
        words = c.words
        if len(words) < 2 or not words[-1].isdigit():
            return set()
        stem = words[:-1]
        siblings = [
            o
            for o in t.columns.values()
            if o is not c and o.words[:-1] == stem and o.words[-1:] != words[-1:]
        ]
        said = word_classes()["ordinal_columns"].get(words[-1], [])
        if not siblings or not said:
            return set()
        return {v for (o,) in said for s in {stem, stem[-1:]} for v in variants((o, *s))}

    def _states_of_a_status(self, c: Col, t: Table) -> set[Phrase]:
        """Words of a record's state ("active", "current") that a status column beside the flag may
        hold as a code (Status 1/2 beside Churn): then never the flag's opposite, left unread."""
        if not any(o is not c and set(o.words) & STATUS_NAMES for o in t.columns.values()):
            return set()
        return {v for p in word_classes()["status_states"] for v in variants(p)}

    def _status_values(self) -> None:
        """A churn-like outcome kept as a value of a status column (Customer Status 'Churned' beside
        'Stayed' and 'Joined') where no yes/no column is bound to it: the concept's words are that value
        ("churners", "customers who left"), its opposite words that name another value are that one
        ("stayed"); never where a phrase already means something."""
        bound = {b.concept for b in self.schema.concepts}
        for name in STATUS_CONCEPTS:
            c = concept(name)
            if c is None or name in bound:
                continue
            stems = lemmas(name)
            said = {w for w in concept_words(c) if " " not in w}
            held = [
                (col, v)
                for col in self.schema.columns(Role.DIMENSION)
                for v in col.values
                if isinstance(v, str) and v.isalpha() and lemmas(v.lower()) & stems
            ] or [  # MEMBERSHIP_STATUS 'CANCELLED' beside 'INFORCE': a word of leaving, in a status column
                (col, v)
                for col in self.schema.columns(Role.DIMENSION)
                if set(col.words) & STATUS_NAMES and len(col.values) == 2
                for v in col.values
                if isinstance(v, str) and v.lower() in said
            ]
            if len(held) != 1:
                continue
            col, value = held[0]
            for w in concept_words(c):
                p = phrase_tokens(w)
                if p not in self.phrases:
                    self.add(p, Sense("value", col.qualified, value))
            others = {str(v).lower(): v for v in col.values if isinstance(v, str)}
            for w in c.negwords:
                if w in others and phrase_tokens(w) not in self.phrases:
                    self.add(phrase_tokens(w), Sense("value", col.qualified, others[w]))
            if len(others) == 2:
                # the one other value of two is staying ("active", "still members" of 'INFORCE'), said so
                staying = next(v for k, v in others.items() if v != value)
                for w in [*c.negwords, *(" ".join(p) for p in word_classes()["status_states"])]:
                    if phrase_tokens(w) not in self.phrases:
                        self.add(phrase_tokens(w), Sense("value", col.qualified, staying))

    def _value_stems(self, table: str) -> set[str]:
        """Base forms of the one-word values of the table's categories ('Churned' -> churn, 'Stayed')."""
        if table not in self._stems:
            self._stems[table] = {
                lemma
                for c in self.schema.tables[table].columns.values()
                if c.role == Role.DIMENSION
                for v in c.values
                if isinstance(v, str) and v.isalpha()
                for lemma in lemmas(v.lower())
                if lemma != v.lower()  # an inflected value ('Churned'), never a plain word ('Other')
            }
        return self._stems[table]

    def _co_sibling(self, c: Col) -> bool:
        """CoapplicantIncome beside ApplicantIncome (co_borrower_income beside borrower_income): the joint
        party's copy of a column, named by its whole name only ("income" is the principal's)."""
        words = c.words
        if not words or not words[0].startswith("co") or len(words[0]) < 6:
            return False
        principal = (words[0][2:].lstrip("_-"), *words[1:])
        return any(o.words == principal for o in self.schema.tables[c.table].columns.values() if o is not c)

    def _numbered(self, table: str, by: frozenset[str]) -> bool:
        """Whether an identifier column of the table is named by one of `by` (InvoiceNo, order_id)."""
        return any(
            set(name_words(c.name)) & by
            and (c.role in (Role.IDENTIFIER, Role.FOREIGN_KEY) or set(name_words(c.name)) & ID_WORDS)
            for c in self.schema.tables[table].columns.values()
        )

    def _concepts(self) -> None:
        """Words of the CRM concepts bound to this data ("clients", "exited", "turnover", "joined"), where
        no table, column or value already has that name (an exact name wins)."""
        weak = {"money", "stop", "colword", "stars"}
        claimed: dict[Phrase, bool] = {}
        """phrase -> claimed by an entity; a column's concept word wins ("subscribers" who subscribed)."""
        named = self._named_tables()
        for b in sorted(self.schema.concepts, key=lambda b: "." not in b.target):
            c = concept(b.concept)
            if c is None:
                continue
            table, _, column = b.target.partition(".")
            if not column:
                found = (
                    [(w, Sense("entity", table)) for w in concept_words(c)]
                    if named[b.concept] == [table]
                    else []
                )
                if found and b.concept in PEOPLE_CONCEPTS:
                    # "our member base", "the customer base": all of them
                    found += [(f"{w} base", Sense("entity", table)) for w in concept_words(c) if " " not in w]
                    if "member" in concept_words(c):
                        # "break down our membership by plan", "student memberships": the members
                        found += [(w, Sense("entity", table)) for w in ("membership", "memberships")]
                if found and singular(self.schema.tables[table].entity) == "account":
                    found += [(w, Sense("entity", table)) for w in c.company_words]  # accounts are companies
                if found and c.unnumbered_words and not self._numbered(table, c.numbered_by):
                    found += [(w, Sense("entity", table)) for w in c.unnumbered_words]
            else:
                col = self.schema.col(b.target)
                if col.log_of is not None or self._co_sibling(col):
                    continue  # "earn" is wage, never its logarithm logwage (named by its own words only)
                flaggy = col.role == Role.FLAG or col.flag_true is not None
                kind = "timecol" if col.role == Role.TIME else "flag" if flaggy else "column"
                found = [(w, Sense(kind, b.target)) for w in concept_words(c)]
                if c.people_words and table in self._people_tables():
                    found += [(w, Sense(kind, b.target)) for w in c.people_words]
                if flaggy:
                    found += [(w, Sense("flag", b.target, "neg")) for w in c.negwords]
            # a product list's rows are its "items", never a unit of a number there; a quantity's too
            # ("items" is also a unit a number may be said in: "4 or more items" of a quantity)
            yields = weak | {"unit"} if c.name in (CATALOGUE, "quantity") else weak
            if column:
                yields = yields | {"colsuffix"}  # "plan" of a bound Subscription Type, still "voicemail plan"
            if c.name == "quantity":
                # "items" of a product list (a bound catalogue) are its rows, never a quantity
                taken = {w for o in self.schema.concepts if o.concept != c.name for w in _words_of(o.concept)}
                if self._product_columns():  # "items" are the products a line sold (StockCode)
                    taken |= {" ".join(p) for p in word_classes()["product_words"]}
                found = [(w, sense) for w, sense in found if w not in taken]
            for word, sense in found:
                for p in self._claim(word, sense, claimed, yields, exact=c.exact):
                    what = column or self.schema.tables[table].entity
                    self.concept_phrases.setdefault(p, f"{what} ({b.concept.replace('_', ' ')})")
        for q, words in self.schema.value_words.items():
            for word, stored in words.items():
                # "weekdays", never "by weekday"; a column's own word ("weekend nights") keeps its word
                grouped = (q, stored) in self.schema.group_words
                # ("units" of a property's Type 'u': the value, never a unit a number is counted in)
                yields = weak - {"colword"} if grouped else weak | {"unit"}
                held = self.phrases.get(tuple(word.split()), [])
                if grouped and held and all(self._weekday(x) for x in held):
                    del self.phrases[
                        tuple(word.split())
                    ]  # "weekdays": Monday to Friday, not the split by day
                for p in self._claim(word, Sense("value", q, stored), claimed, yields, exact=grouped):
                    # "'weekends' is day Sat, Sun": a group word names the stored values it stands for
                    said = self.schema.group_words.get((q, stored), f"{q.split('.', 1)[1]} {stored}")
                    if self.concept_phrases.get(p, said) != said:
                        said = str(stored)  # a value of several columns ("ohio": policy or incident state)
                        self.concept_phrases[p] = said
                    self.concept_phrases.setdefault(p, said)

    def _weekday(self, x: Sense) -> bool:
        """A sense naming the derived day of the week of a date."""
        return x.kind in ("column", "colword") and self.schema.col(str(x.key)).weekday_of is not None

    def _families(self) -> None:
        """ "how many incidents had 3 or more witnesses" where incident_type, incident_date, incident_city
        ... describe each row's incident: the plural of a word that begins the names of several columns
        of one table, none of them a key, names that table's rows (never one of those columns)."""
        for t in self.schema.tables.values():
            first: dict[str, list[Col]] = defaultdict(list)
            for c in t.columns.values():
                if len(c.words) > 1 and not c.derived:
                    first[c.words[0]].append(c)
            for word, cols in first.items():
                if len(cols) < FAMILY_MIN or any(c.role in (Role.IDENTIFIER, Role.FOREIGN_KEY) for c in cols):
                    continue
                if (
                    any(c.words[-1] in ("name", "title") for c in cols)
                    and (plural(word),) not in PEOPLE_WORDS
                ):
                    continue  # product_name beside product_category, product_amount: products are named things
                    # (Customer Name beside Customer Age, Customer Email: each row's customer, said of the rows)
                if {"year", "month"} <= {w for c in cols for w in c.words[1:]}:
                    continue  # arrival_year, arrival_month, arrival_day: a date kept in parts (splitdates)
                said = (plural(word),)
                if said == (word,) or "NOUN" not in lemma_table(word):
                    continue
                if said[0] in QUANTITY_WORDS and any(
                    set(c.words) & QUANTITY_WORDS for c in t.by_role(Role.MEASURE)
                ):
                    continue  # unit_cost, unit_price beside a quantity: "units" are what it counts, not rows
                if any(x.kind in ("entity", "column", "value", "flag") for x in self.phrases.get(said, ())):
                    continue
                self.phrases[said] = [Sense("entity", t.name)]
                one = (word,)  # "revenue for each store" of store_address, store_city ...: one of those rows
                referenced = any(r.ref_table == t.name and r.table != t.name for r in self.schema.relations)
                # ("per member" of MEMBER_GENDER, MEMBER_AGE ...: the person each row is, never the one
                # family column whose word it happens to stay a word of)
                person = (said in PEOPLE_WORDS or one in PEOPLE_WORDS) and all(
                    x.kind == "colword" and x.key in {c.qualified for c in cols}
                    for x in self.phrases.get(one, ())
                )
                if (referenced or person) and not any(
                    x.kind in ("entity", "column", "value", "flag") for x in self.phrases.get(one, ())
                ):
                    self.phrases[one] = [Sense("entity", t.name)]

    def _holders(self) -> None:
        """ "account holder", "cardholders", "whose cards": the person a record belongs to, read as the
        records' key to a table of people (Accounts.customer_id), so the answer reaches the people
        through those records; only where one table's records have that noun and one such key."""
        people = {
            b.target for b in self.schema.concepts if "." not in b.target and b.concept in PEOPLE_CONCEPTS
        }
        owners = [p[0] for p in word_classes()["owner_words"]]
        by_head: dict[str, list[tuple[Sense, str]]] = defaultdict(list)
        for t in self.schema.tables.values():
            words = phrase_tokens(t.entity_singular)
            keys = [
                r for r in self.schema.relations if r.table == t.name and r.ref_table in people - {t.name}
            ]
            if words and len(keys) == 1:
                said = (
                    f"the {self.schema.tables[keys[0].ref_table].entity_singular} each {t.entity_singular} "
                    f"belongs to ({t.name}.{keys[0].column})"
                )
                by_head[singular(words[-1])].append(
                    (Sense("entity", t.name, f"{t.name}.{keys[0].column}"), said)
                )
        for head, found in by_head.items():
            if len(found) != 1:
                continue
            phrases = {(head, o) for o in owners} | {(head + o,) for o in owners}
            whose = {("whose", head), ("whose", plural(head))}
            self.opening |= whose
            for p in phrases | whose:
                self.phrases[p] = [found[0][0]]
                self.concept_phrases[p] = found[0][1]

    def _outcomes(self) -> None:
        """ "mailshots that led to an order", "ordered in response to a mailshot": a value of an outcome
        column (words.yaml outcome_columns: outcome_code 'Order') said with a verb of result
        (outcome_verbs) or as its own verb before "in response to" (outcome_responses)."""
        classes = word_classes()
        marks = {p[0] for p in classes["outcome_columns"]}
        verbs, responses = classes["outcome_verbs"], classes["outcome_responses"]
        for c in self.schema.columns(Role.DIMENSION):
            if not set(c.words) & marks or c.weekday_of is not None:
                continue
            for value in c.values:
                vt = phrase_tokens(str(value)) if isinstance(value, str) else ()
                if not vt or not all(w.isalpha() for w in vt):
                    continue
                sense = Sense("value", c.qualified, value)
                for mark in marks:
                    self.add((*vt, mark), sense)  # "the order response rate"
                for verb in verbs:
                    for det in ((), ("a",), ("an",), ("the",)):
                        self.add((*verb, *det, *vt), sense)
                if len(vt) == 1:
                    for form in event_forms(vt[0]):
                        for tail in responses:
                            self.add((form, *tail), sense)

    def _claim(
        self, word: str, sense: Sense, claimed: dict[Phrase, bool], weak: set[str], exact: bool = False
    ) -> list[Phrase]:
        """Add a concept's word where no table, column or value has that name; an entity's word gives
        way to a column's ("subscribers" who subscribed). Returns the phrases added."""
        entity = sense.kind == "entity"
        out: list[Phrase] = []
        for p in {phrase_tokens(word)} if exact else variants(phrase_tokens(word)):
            if p in claimed and claimed[p] != entity:
                continue
            yields = weak | ({"unread"} if entity and not self._names_table(p[:-1]) else set())
            if p in claimed or all(x.kind in yields for x in self.phrases.get(p, ())):
                if p not in claimed:
                    self.phrases[p] = [
                        x for x in self.phrases.get(p, []) if x.kind not in ("colword", "unread")
                    ]
                claimed[p] = entity
                self.add(p, sense)
                out.append(p)
        return out

    def _people_tables(self) -> set[str]:
        """The tables whose rows are people (bound to a customer, employee or person concept)."""
        return {
            b.target for b in self.schema.concepts if "." not in b.target and b.concept in PEOPLE_CONCEPTS
        }

    def _named_tables(self) -> defaultdict[str, list[str]]:
        """Per entity concept, the table its words name: of several tables bound to it, the one named
        as the concept itself ("customers" beside "accounts" or "mailshot customers"), else the ones
        whose head noun it is; more than one left, the words name none (asked back, never guessed)."""
        bound: defaultdict[str, list[str]] = defaultdict(list)
        for b in self.schema.concepts:
            if "." not in b.target and b.target in self.schema.tables:
                bound[b.concept].append(b.target)
        out: defaultdict[str, list[str]] = defaultdict(list)
        for name, tables in bound.items():
            entity = {t: self.schema.tables[t].entity_singular.lower().split() for t in tables}
            exact = [t for t in tables if entity[t] == [name]]
            head = [t for t in tables if entity[t][-1:] == [name]]
            out[name] = exact or head or tables
        return out

    def _names_table(self, words: Phrase) -> bool:
        """Whether some of these words name a table ("account" of "account holders" with an accounts table:
        the holders are then the accounts' owners, a reading the data has not, never the accounts)."""
        return any(
            x.kind == "entity" for i in range(len(words)) for j in range(i + 1, len(words) + 1)
            for x in self.phrases.get(words[i:j], ())
        )  # fmt: skip

    def concept_notes(self, mentions: list[Mention]) -> list[str]:
        """What each concept word of a question was read as ("'exited' is Exited (churn)")."""
        out = [
            f"'{m.text}' is {self.concept_phrases[tuple(m.text.split())]}"
            for m in mentions
            if tuple(m.text.split()) in self.concept_phrases
        ]
        return list(dict.fromkeys(out))

    def _money_words(self) -> None:
        # what people earn or a business pays (income, freight, cost) is no spend, sales or revenue
        earnings = {b.target for b in self.schema.concepts if b.concept in EARNINGS_CONCEPTS}
        money = [
            c
            for c in self.schema.columns(Role.MEASURE)
            if c.money and not c.is_price and c.distinct != 1 and c.qualified not in earnings
        ]
        # (a margin only by its name, where another amount is kept; a stock's value never: it was not earned)
        money = [c for c in money if not c.named_only] or [
            c for c in money if not set(c.words) & HOLDING_WORDS
        ]
        # what carrying or covering goods cost (Freight Cost (USD), insurance) is never their value
        money = [c for c in money if not set(c.words) & CARRIAGE_WORDS]
        # an account balance or a credit limit is what a record holds, never "the value" or "the amount"
        # of it where another money column is there (TransactionAmount beside CustAccountBalance)
        money = [c for c in money if not c.is_level] or money
        if len(money) > 1:
            timed = [
                c
                for c in money
                if any(x.role == Role.TIME for x in self.schema.tables[c.table].columns.values())
            ]
            money = timed or money
        if len(money) > 1:
            facts = [c for c in money if any(r.table == c.table for r in self.schema.relations)]
            money = facts or money
        if len(money) > 1:
            # a payment's product_amount beside its transaction_fee: the fee charged on top is never its value
            money = [
                c
                for c in money
                if not set(c.words) & word_set("surcharge_words") or set(c.words) & INCLUSIVE_WORDS
            ] or money  # ("Total Including Tax" is the line's value with its tax, no surcharge)
        # a line's Profit beside its Amount: what the sale earned is never the sale's value, nor alone
        # its revenue (where the line's total is a tax or cost, "revenue" is asked, never the profit)
        money = [c for c in money if not set(c.words) & word_set("earned_on_sale_words")]
        if len(money) > 1:
            # an order's total beside its lines' prices (orders and order_items): the lines, which every
            # split (by product, by day) adds up right
            headers = {r.ref_table for r in self.schema.relations if any(c.table == r.table for c in money)}
            money = [c for c in money if c.table not in headers] or money
        if len(money) > 1:
            # a job's Parts and Labour Amount, its Total before the Discount and its Invoiced Amount after
            # it: what the records brought in is the one after their discount
            discounted = {b.target.split(".", 1)[0] for b in self.schema.concepts if b.concept == "discount"}
            net = [c for c in money if c.table in discounted and set(c.words) & NET_WORDS]
            money = net if len(net) == 1 else money
        own = {v for c in self.schema.columns() for v in variants(c.words) | variants(phrase_tokens(c.name))}
        # "income" beside an export's income bands (lt_50k .. gt_100k): the bands, never another money column
        banded: dict[Phrase, list[str]] = defaultdict(list)
        for c in self.schema.columns(Role.DIMENSION):
            if spans(c.values) is not None and not c.derived:
                for w in c.words:
                    banded[(w,)].append(c.qualified)
        own |= set(banded)
        money_words: set[Phrase] = set()
        for p, senses in list(self.phrases.items()):
            if any(s.kind == "money" for s in senses):
                self.phrases[p] = [s for s in senses if s.kind != "money"]
                if p in banded and not self.phrases[p] and len(banded[p]) == 1:
                    self.add(p, Sense("colword", banded[p][0]))
                if p in own or any(x.kind == "column" for x in self.phrases[p]):
                    continue  # an exact name wins: "income" is the column Income, not any money column
                named = {
                    c.qualified for c in money if len(p) == 1 and p[0] in (*c.words, *phrase_tokens(c.name))
                }
                core = tuple(singular(w) for w in p if (w,) not in GENERIC_MONEY)
                if len(p) > 1 and core:
                    # "purchase amount" beside PURCHASES and other money: the one the other words name
                    named = {c.qualified for c in money if tuple(singular(w) for w in c.words) == core}
                if len(named) == 1:
                    # "amount" beside TransactionAmount and an account balance: the one it is a word of
                    self.add(p, Sense("column", named.pop()))
                    money_words.add(p)
                    continue
                for c in money:
                    if (len(c.formula or ()) == 1 or c.sold) and any(
                        x.kind == "entity" and x.key == c.table for x in self.phrases[p]
                    ):
                        continue  # "sales by region" of a table of sales priced one a row: the sales
                    self.add(p, Sense("column", c.qualified))
                    money_words.add(p)
                if not self.phrases[p]:
                    del self.phrases[p]
        # with no money of the business's own, what people are paid is the one income ("average pay")
        incomes = sorted({b.target for b in self.schema.concepts if b.concept == "income"})
        payees = money or ([self.schema.col(incomes[0])] if len(incomes) == 1 else [])
        # "how much did customers pay" of olist's payment_value beside an item's price: the payments
        payees = [c for c in payees if set(c.words) & PAYMENT_NAME_WORDS] or payees
        for p in word_classes()["pay_words"]:
            if not any(x.kind in SCHEMA_KINDS for x in self.phrases.get(p, ())):
                for c in payees:
                    self.add(p, Sense("payverb", c.qualified))
        for p, sense in self._shadowed:
            if p not in self.phrases:
                # "people who work in sales" where no money column is "sales": the department Sales
                self.add(p, sense)
            elif p in money_words and all(x.kind == "column" for x in self.phrases[p]):
                # "sales" is also the department Sales: both kept, the question decides (recognize)
                self.add(p, sense)

    # ---------------------------------------------------------------- matching
    def correct(self, toks: list[str]) -> tuple[list[str], list[str]]:
        """Typos fixed against the vocabulary (edit distance 1 for 5-6 letters, 2 for longer).

        Only a token that is not an English word is corrected ("inactive", "country", "returned" stay as
        they are, and stay unknown when they mean nothing here), and only when exactly one vocabulary
        word is that close and no other English word is as close and nearly as common (a tenth as often
        or more: "contrct" may be contract or contact; "averge" is average, hardly "avenge").
        Every correction is returned as a note for the interpretation.
        """
        from rapidfuzz.distance import OSA
        from rapidfuzz.process import extract

        from catalog.english import RIVAL_ZIPF_GAP, close_words, is_word, lemmas, spellings, zipf

        vocab = self.known
        notes: list[str] = []
        out = list(toks)
        for i, t in enumerate(toks):
            if len(t) < 5 or not t.isalpha() or t in vocab:
                continue
            other = next((w for w in spellings(t) if w in vocab and w != t), None)
            if other is not None:
                out[i] = other  # "license" where the data says "licence": one word, two spellings
                notes.append(f"read '{t}' as '{other}'")
                continue
            if is_word(t):
                continue
            limit = 1 if len(t) <= 6 else 2
            hits = extract(t, self.vocab, scorer=OSA.distance, score_cutoff=limit, limit=3)
            if not hits:
                continue
            best = min(h[1] for h in hits)
            top = [h[0] for h in hits if h[1] == best]
            if not (len(top) == 1 or len({singular(x) for x in top}) == 1):
                continue
            target = top[0]
            rivals = [
                w
                for w, d in close_words(t, best).items()
                if d <= best
                and w not in vocab
                and not lemmas(w) & lemmas(target)
                and zipf(w) > zipf(target) - RIVAL_ZIPF_GAP
            ]
            if rivals:
                continue
            out[i] = target
            notes.append(f"read '{t}' as '{target}'")
        return out, notes

    def _unswallowed(self, toks: list[str], i: int, best: Mention) -> Mention | None:
        """A weak phrase cut before a record's name that starts inside it and ends past it."""
        for j in range(i + 1, best.end):
            longer = (
                tuple(toks[j : j + n]) for n in range(best.end - j + 1, min(MAX_PHRASE, len(toks) - j) + 1)
            )
            if any(any(x.kind == "entity" for x in self.phrases.get(p, ())) for p in longer):
                for n in range(j - i, 0, -1):
                    senses = self.phrases.get(tuple(toks[i : i + n]))
                    if senses:
                        return Mention(i, i + n, " ".join(toks[i : i + n]), list(senses))
                return None
        return best

    def _billed_periods(self, table: str) -> bool:
        """The table's rows are bought plans: a column of it holds only billing periods (Monthly, Annual),
        bound to the plan (catalog.concepts held_values), never read back out of the binding's reason."""
        plan = concept("plan")
        periods = plan.held_values if plan is not None else frozenset()
        return any(
            b.concept == "plan"
            and "." in b.target
            and b.target.split(".", 1)[0] == table
            and len(held := {str(v).lower() for v in self.schema.col(b.target).values}) > 0
            and held <= periods
            for b in self.schema.concepts
        )

    def _value_said_with_column(self, best: Mention, after: list[str]) -> bool:
        """A value followed by a word (or two) naming its own column ("annual plans": the plan Annual), or
        by "ones"."""
        columns = {str(x.key) for x in best.senses if x.kind == "value"}
        for n in (2, 1):
            named = self.phrases.get(tuple(after[:n]), ()) if len(after) >= n else ()
            if any(x.kind == "column" and str(x.key) in columns for x in named):
                return True
        billed = {p[-1] for p in word_classes()["subscription_words"]}  # "annual subscriptions"
        return after[:1] in (["ones"], ["one"]) or bool(after[:1]) and after[0] in billed

    def _own_name_without_dates(self, word: str) -> bool:
        """A period word ("per day", "each month") that is a column's own name where the data has no date
        column and the column holds names (Sat, Sun, or Feb, June with no year beside them), neither numbers
        (a `year` column is a year key) nor month names of a date kept in parts (nlq.splitdates)."""
        if self.schema.columns(Role.TIME):
            return False
        said = {word, singular(word)}
        senses = [x for p in said for x in self.phrases.get((p,), ()) if x.kind == "column"]
        cols = [self.schema.col(x.key) for x in senses]
        return any(
            c.name.lower() in said
            and c.dtype == "VARCHAR"
            and not c.numeric_text
            and not (
                {str(v).lower()[:3] for v in c.values} & MONTH_ABBREVIATIONS and date_in_parts(self.schema, c)
            )
            for c in cols
        )

    def _whole_name_with_period(self, best: Mention, times: dict[int, TimeMatch]) -> bool:
        """Whether a phrase is a column's whole name ending in a period said as a split ("reviews per
        month" of reviews_per_month), the period ending with it."""
        said = tuple(best.text.split())
        inner = [times[j] for j in range(best.start + 1, best.end) if j in times]
        if any(t.range is not None for t in times.values()):
            return False  # "the number of reviews per month during 2024": a split by month of a period
        return (
            len(inner) == 1
            and inner[0].range is None
            and inner[0].end_tok == best.end
            and any(
                x.kind == "column"
                and said in {self.schema.col(str(x.key)).words, *self.schema.col(str(x.key)).synonyms}
                for x in best.senses
            )
        )

    def _holds_value(self, words: list[str]) -> bool:
        """Whether some word of a time phrase is a stored value's word ("in june" of jan .. dec)."""
        return any(any(x.kind == "value" for x in self.phrases.get((w,), ())) for w in words)

    def match(self, toks: list[str], today: dt.date) -> list[Mention]:
        """Tag every token: time phrases first, then the longest known phrase, then numbers."""
        times = {m.start_tok: m for m in find_time(toks, today)}
        undated = bool(times) and not any(self._dated(t) for t in self.schema.tables.values())
        out: list[Mention] = []
        i = 0
        while i < len(toks):
            best: Mention | None = None
            for n in range(min(MAX_PHRASE, len(toks) - i), 0, -1):
                phrase = tuple(toks[i : i + n])
                senses = self.phrases.get(phrase)
                if senses and i and phrase in self.opening:
                    continue  # "whose cards" names the card holders only when it opens the question
                if senses and n > 1 and phrase[-1] == "per" and all(x.kind == "colword" for x in senses):
                    continue  # "reviews per listing": never a piece of reviews_per_month
                if senses:
                    best = Mention(i, i + n, " ".join(phrase), list(senses))
                    break
            tm = times.get(i)
            if tm is not None and tm.range is None and self._own_name_without_dates(toks[tm.end_tok - 1]):
                tm = None  # "tips per day" where `day` is a column and the data has no date: the column
            if tm is not None and tm.yearless and best is not None and best.has("value"):
                tm = None  # "bookings in July" where a month-name column holds July: that value
            if tm is not None and tm.yearless and undated and self._holds_value(toks[i : tm.end_tok]):
                tm = None  # "calls in June" of data with no date, only a month-name column: its values
            if (
                tm is not None
                and tm.grain
                and tm.range is None
                and i >= 2
                and toks[i] in ("per", "a", "each", "every")
                and toks[i - 1].replace(".", "", 1).isdigit()
                and set(toks[max(0, i - 4) : i - 1]) & COMPARED_WORDS
            ):
                tm = None  # "pay over 100000 per year": the period of the amount compared, never a split
            if (
                tm is not None
                and tm.range is None
                and i
                and best is not None
                and best.has("value")
                and (toks[i - 1],) in BILLING_VERBS
            ):
                tm = None  # "members who pay annually" beside a payment mode 'ANNUAL': that value
            if (
                tm is not None
                and tm.range is None
                and best is not None
                and best.end == tm.end_tok
                and self._value_said_with_column(best, toks[best.end : best.end + 2])
            ):
                tm = None  # "annual plans", "monthly plan purchases": the value of the plan named next
            if tm is not None and tm.range is None and undated and best is not None and best.has("value"):
                tm = None  # "a monthly contract" of data with no date: the value Monthly, never a grain
            if tm is not None and (best is None or best.end <= tm.end_tok or tm.range is not None):
                out.append(Mention(i, tm.end_tok, " ".join(toks[i : tm.end_tok]), [Sense("time")], time=tm))
                i = tm.end_tok
                continue
            if (
                best is not None
                and any(j in times for j in range(i + 1, best.end))
                and best.end > i + 1
                # "class frequency current month" with no dates: the column (never "average daily rate")
                and not (
                    undated
                    and best.has("column")
                    and any(times[j].range for j in range(i + 1, best.end) if j in times)
                )
                # "reviews per month" of a column so named: its whole name, never reviews split by month
                and not self._whole_name_with_period(best, times)
            ):
                # a phrase must not swallow the start of a time phrase
                cut = next(j for j in range(i + 1, best.end) if j in times)
                best = None
                for n in range(cut - i, 0, -1):
                    senses = self.phrases.get(tuple(toks[i : i + n]))
                    if senses:
                        best = Mention(i, i + n, " ".join(toks[i : i + n]), list(senses))
                        break
            if best is not None and best.end - best.start > 1 and tuple(best.text.split()) in self.weak:
                best = self._unswallowed(toks, i, best)
            num = parse_number(toks, i)
            if num is not None and (best is None or best.end - best.start < num[1] or best.kinds <= {"stop"}):
                value, used = num
                out.append(
                    Mention(i, i + used, " ".join(toks[i : i + used]), [Sense("number")], number=value)
                )
                i += used
                continue
            if best is None:
                out.append(Mention(i, i + 1, toks[i]))
                i += 1
                continue
            out.append(best)
            i = best.end
        out = self._lasting(self._counted_after_number(self._values_of_next(out)))
        out = self._records_after_number(out)
        return self._unbound_concepts(
            self._before_leaving(
                self._values_ending_in_records(self._values_inside_others(self._than_values(out)))
            )
        )

    def _unbound_concepts(self, out: list[Mention]) -> list[Mention]:
        """ "the average credit score" where no column is a credit score: a CRM concept's phrase whose last
        word would be read as nothing ('score' a filler) is one unknown phrase, declined by name, never
        its first word alone ('credit' of CreditCard)."""
        phrases = self._unbound_phrases()
        k = 0
        while k < len(out):
            hit = None
            for j in range(min(len(out), k + MAX_PHRASE), k + 1, -1):
                said = tuple(" ".join(m.text for m in out[k:j]).split())
                if (
                    said in phrases
                    and not (out[j - 1].kinds - {"stop"})
                    and out[k].kinds & DATA_KINDS
                    and said[-1] not in PRONOUN_OBJECTS
                    and "NOUN" in lemma_table(said[-1])  # a thing named, never a verb ("items sold")
                ):
                    hit = j
                    break
            if hit is not None:
                out[k:hit] = [Mention(out[k].start, out[hit - 1].end, " ".join(m.text for m in out[k:hit]))]
            k += 1
        return out

    def _unbound_phrases(self) -> frozenset[Phrase]:
        """Phrases of several words of the column concepts this data binds to nothing (memoised)."""
        if self._unbound is None:
            bound = {b.concept for b in self.schema.concepts}
            self._unbound = frozenset(
                p
                for c in ontology()[1]
                if c.kind == "columns" and c.name not in bound
                for w in concept_words(c)
                if len(p := tuple(phrase_tokens(w))) > 1 and p not in self.phrases
            )
        return self._unbound

    def _values_inside_others(self, out: list[Mention]) -> list[Mention]:
        """ "complaints for credit reporting" where Sub-product holds 'Credit reporting' and Product holds
        'Credit reporting, credit repair services, ...': a value said that also begins a longer value of a
        broader column of its table (fewer values) could mean either; both are kept, so it is asked."""
        for k, m in enumerate(out):
            values = m.of("value")
            if len(values) != 1 or m.kinds != {"value"}:
                continue
            said = tuple(m.text.split())
            extra = [
                sense
                for toks, sense in self._broader_values(str(values[0].key))
                if len(said) < len(toks) and toks[: len(said)] == said
            ]
            if extra:
                out[k] = Mention(m.start, m.end, m.text, [*m.senses, *extra[:1]])
        return out

    def _before_leaving(self, out: list[Mention]) -> list[Mention]:
        """ "how many days did a subscription last before it was canceled": "before" the leaving that ends a
        record's lifetime, said with that lifetime, only says what the lifetime runs to."""
        lasting = any(
            x.kind == "column" and self.schema.col(str(x.key)).lasted
            for m in out
            for x in m.senses
            if "." in str(x.key)
        )
        for k, m in enumerate(out):
            if m.senses or m.text not in ("before", "until", "till"):
                continue
            later = out[k + 1 : k + 6]
            ended = [
                self.schema.col(str(x.key))
                for y in later
                for x in y.senses
                if x.kind == "flag" and "." in str(x.key) and self.schema.col(str(x.key)).ended_on
            ]
            if ended and lasting:
                out[k] = Mention(m.start, m.end, m.text, [Sense("stop")])
            elif ended and k and out[k - 1].text in ("days", "weeks", "months", "time"):
                # "the average number of days before a subscription gets canceled": its lifetime
                table = self.schema.tables[ended[0].table]
                life = [c for c in table.columns.values() if c.lasted and c.lasted[1] == ended[0].ended_on]
                if len(life) == 1:
                    out[k] = Mention(m.start, m.end, m.text, [Sense("column", life[0].qualified)])
        return out

    def _values_ending_in_records(self, out: list[Mention]) -> list[Mention]:
        """ "emergency encounters" where DESCRIPTION holds 'Emergency Encounter' and ENCOUNTERCLASS 'emergency':
        a value whose last word names its table's records, the words before it a value of another column
        there, could mean either; both are kept, so it is asked."""
        for k, m in enumerate(out):
            values = m.of("value")
            said = tuple(m.text.split())
            if len(values) != 1 or m.kinds != {"value"} or len(said) < 2:
                continue
            table = str(values[0].key).split(".", 1)[0]
            if not any(x.kind == "entity" and x.key == table for x in self.phrases.get(said[-1:], ())):
                continue
            extra = [
                x
                for x in self.phrases.get(said[:-1], ())
                if x.kind == "value" and x.key != values[0].key and str(x.key).split(".", 1)[0] == table
            ]
            if extra:
                out[k] = Mention(m.start, m.end, m.text, [*m.senses, *extra[:1]])
        return out

    def _broader_values(self, column: str) -> list[tuple[tuple[str, ...], Sense]]:
        """(words, value sense) of the written values of the columns of `column`'s table with fewer values
        (Product beside Sub-product), found once per column: never codes or ids (big_meat_xxl, an email)."""
        if column not in self._broader:
            own = self.schema.col(column)
            self._broader[column] = [
                (tuple(phrase_tokens(v)), Sense("value", c.qualified, v))
                for c in self.schema.tables[own.table].columns.values()
                if c.qualified != own.qualified and c.role == Role.DIMENSION and 0 < c.distinct < own.distinct
                for v in c.values
                if isinstance(v, str) and " " in v.strip()
            ]
        return self._broader[column]

    def _than_values(self, out: list[Mention]) -> list[Mention]:
        """ "do women churn more than men": "more than" before a value (no number) compares two groups,
        so it is read as the comparative and "than" apart, never as a bound waiting for its number."""
        k = 0
        while k < len(out) - 1:
            m, nxt = out[k], out[k + 1]
            words = m.text.split()
            said = out[k - 1] if k else None  # "churn more than men": a yes/no verb before it, or a figure
            if (
                m.has("cmp")
                and len(words) == 2
                and words[1] == "than"
                and nxt.has("value")
                and nxt.number is None
                and said is not None
                and said.kinds & {"flag", "column", "colword", "money", "payverb"}
            ):
                first, than = (words[0],), ("than",)
                out[k : k + 1] = [
                    Mention(m.start, m.start + 1, words[0], list(self.phrases.get(first, []))),
                    Mention(m.start + 1, m.end, "than", list(self.phrases.get(than, []))),
                ]
                k += 1
            k += 1
        return out

    def _lasting(self, out: list[Mention]) -> list[Mention]:
        """ "members on a 12-month contract": a number and a period unit before a word naming a column of
        how long something runs (Contract_period of 1, 6, 12) is that column's value; the unit is said."""
        k = 0
        while k < len(out) - 2:
            number, unit, noun = out[k : k + 3]
            k += 1
            if number.number is None or singular(unit.text) not in PERIOD_UNITS:
                continue
            fits = {
                str(x.key)
                for x in noun.senses
                if x.kind in ("column", "colword")
                and (c := self.schema.col(str(x.key))).is_numeric
                and c.words[-1:]
                and c.words[-1] in DURATION_HEADS
                and c.minimum is not None
                and c.maximum is not None
                and float(c.minimum) <= number.number <= float(c.maximum)
            }
            if len(fits) == 1:
                said = f"{unit.text} {noun.text}"
                out[k : k + 2] = [Mention(unit.start, noun.end, said, [Sense("column", fits.pop())])]
        return out

    def _records_after_number(self, out: list[Mention]) -> list[Mention]:
        """ "markets with at least one sale" where "sale" names the money of transactions (sales_amount):
        a whole number of records of a kind (words.yaml record_nouns) counts those records, never money."""
        for k, m in enumerate(out[1:], start=1):
            number = out[k - 1].number
            if (
                number is None
                or number != int(number)
                or " " in m.text
                or singular(m.text) not in RECORD_NOUNS
            ):
                continue
            money = [str(x.key) for x in m.senses if x.kind == "column" and self.schema.col(str(x.key)).money]
            if not money or len(money) != len(m.senses):
                continue
            tables = {q.split(".", 1)[0] for q in money}
            if len(tables) == 1:
                out[k] = Mention(m.start, m.end, m.text, [Sense("entity", tables.pop())])
        return out

    def _counted_after_number(self, out: list[Mention]) -> list[Mention]:
        """ "users who saw 1 ad" beside a test group 'ad' and a count `total ads`: a value word right after
        a number, whose plural is a count column's things ("ads", see `_counted_plurals`), is that count;
        "a single ad" is one."""
        for k, m in enumerate(out[1:], start=1):
            prev = out[k - 1]
            single = prev.text in ("a single", "one single")
            if (prev.number is None and not single) or " " in m.text or not m.senses or m.kinds != {"value"}:
                continue
            said = self.phrases.get((plural(m.text),), [])
            if (
                len(said) == 1
                and said[0].kind == "column"
                and self.schema.col(str(said[0].key)).unit == "count"
            ):
                out[k] = Mention(m.start, m.end, m.text, list(said))
                if single:
                    out[k - 1] = Mention(prev.start, prev.end, prev.text, [Sense("number")], number=1.0)
        return out

    def _values_of_next(self, out: list[Mention]) -> list[Mention]:
        """ "food mailshots": a value another table also stores is that table's when its records are
        named right after it (nlq.lexicon Lexicon.cross_values)."""
        for m, nxt in zip(out, out[1:], strict=False):
            other = self.cross_values.get(tuple(m.text.split()))
            if not other or not m.has("value"):
                continue
            tables = {s.key for s in nxt.of("entity")}
            hits = [s for s in other if s.key.split(".", 1)[0] in tables]
            if len(hits) == 1 and not any(s.key.split(".", 1)[0] in tables for s in m.of("value")):
                m.senses = [hits[0]]
        return out
