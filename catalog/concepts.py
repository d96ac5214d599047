"""Bind CRM concepts (concepts.yaml) to the columns and tables of a semantic model.

A column is a concept when a word of its name is one of the concept's names, compared as lemmas
(`Exited` -> exit, `Complain` -> complain; abbreviations expanded, `Kidhome` split into kid + home), and
its role fits (churn is a flag, revenue a measure). A generic name (`y`, `target`) is a concept only
beside a context column (`y` in a table with `campaign` and `poutcome` is a campaign conversion). A time
column named after its table's entity (`Dt_Customer`) is when that record started. A table is an
entity concept when its entity word is one of the concept's names (clients, accounts -> customer).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
import yaml
from iso3166 import countries
from sqlglot import exp

from catalog.english import is_word, lemma_table, lemmas, misspelt, unabbreviated, verb_inflections, zipf
from catalog.infer import LINE_NOUNS, NUMERIC_DIMENSION_WORDS, entity_names, pluralize, singularize, tokens
from catalog.roles import unit_of as _unit
from catalog.semantic import Binding, ColumnInfo, Role, SemanticModel, TableInfo
from catalog.trees import column, sql, table_ref

HERE = Path(__file__).resolve().parent
PEOPLE = ("customer", "employee", "person")
"""Entity concepts whose rows are people."""
STAFF = "employee"
CATALOGUE = "catalogue_item"
"""The entity of a product list's rows (concepts.yaml): its yes/no columns are said with feature nouns."""
CUSTOMERS = ("customers", "customer")
"""The people concept a customer's words never reach (an HR file's rows are employees, not customers)."""
AUXILIARIES = ("be", "have", "do", "get")
"""Verbs of flag names that carry no meaning of their own (is_canceled, has_churned)."""
SPLIT_MIN = 3
"""Shortest English word a run-together name token is split into ("kid" + "home")."""
READINGS_MAX = 4
"""Most written-out readings of one name (each abbreviation with several readings doubles them)."""


@dataclass(frozen=True)
class Concept:
    """One concept of concepts.yaml."""

    name: str
    kind: str
    """"columns" or "entities"."""
    roles: tuple[str, ...] = ()
    names: frozenset[str] = frozenset()
    """Lemmas of the name words that bind the concept."""
    people_names: frozenset[str] = frozenset()
    """Lemmas of name words that bind it only in a table of people."""
    generic: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()
    entity_named: bool = False
    words: tuple[str, ...] = ()
    negwords: tuple[str, ...] = ()
    company_words: tuple[str, ...] = ()
    """For an entity: words of its records when a table of them is named accounts (a business's customers
    are companies: "how many companies are on our account list")."""
    unnumbered_words: tuple[str, ...] = ()
    """For an entity: words of its records only where no column numbers them otherwise ("orders" of a sales
    log without an order id; where an InvoiceNo is kept, the orders are its numbers)."""
    column_words: frozenset[str] = frozenset()
    """For an entity: name words of a column that say the table's rows are this (ApplicantIncome: each row
    is an application)."""
    numbered_by: frozenset[str] = frozenset()
    """For an entity: name words of an identifier column that numbers the records `unnumbered_words` say."""
    people_words: tuple[str, ...] = ()
    """Words of the concept only of a column in a table of people ("turnover" of employees' `left`)."""
    exact: bool = False
    """Its words only as written (no singular/plural variants)."""
    requires: frozenset[str] = frozenset()
    """For an entity: words of which some column name of the table must hold one."""
    flags: frozenset[str] = frozenset()
    """For an entity: yes/no columns named so say what each row is (`student`: rows are people)."""
    excludes: frozenset[str] = frozenset()
    """Name words that keep a column out of the concept ("PercentSalaryHike" is no income)."""
    name_phrases: tuple[tuple[str, ...], ...] = ()
    """Runs of words in a column name that bind the concept ("years at company")."""
    unless: frozenset[str] = frozenset()
    """Words of other column names of the table that keep the concept out (a BG/NBD summary's recency)."""
    none_is_zero: bool = False
    """ "No X" of the measure is X = 0 ("no balance", "don't owe anything": a debt of 0)."""
    zero_words: tuple[str, ...] = ()
    """What people say for the measure being 0 ("paid off", "debt free")."""
    named_by: frozenset[str] = frozenset()
    """For an entity: words anywhere in the name of a table named after no row noun that say its rows
    are this ("credit_risk": credits are loans)."""
    attributes: frozenset[str] = frozenset()
    """For an entity: column name words of which a table with an age column and one of these is of
    this (rows with an age and a job are people)."""
    catalogue_names: frozenset[str] = frozenset()
    """Lemmas of name words that bind the concept only in a product list (a table bound to catalogue_item):
    a price there is the stock's value."""
    outcome_last: bool = False
    counts_records: bool = False
    held_values: frozenset[str] = frozenset()
    """Lower-case values a column of any name holding only them (and at least two of `held_core`) is this."""
    held_core: frozenset[str] = frozenset()
    not_held: frozenset[str] = frozenset()
    """Lower-case values a column holding only them (two at least) is never this, whatever its name
    (a `location` of Urban, Suburban, Rural is a kind of area, no city)."""
    """ "how many <its name>s" counts the records, never its distinct values (a `contact` channel column)."""
    """A yes/no column last in a table beside `context` columns is this (a campaign file keeps the outcome
    of each call last: CarInsurance after the calls' columns)."""
    size: tuple[str, ...] = ()
    """For an entity: names of the column its rows are large or small in ("the largest stone": carat)."""


@cache
def ontology() -> tuple[dict[str, str], tuple[Concept, ...]]:
    """(abbreviations, concepts) as read from concepts.yaml."""
    raw: dict[str, Any] = _raw()
    out: list[Concept] = []
    for kind in ("entities", "columns"):
        for name, body in raw.get(kind, {}).items():
            out.append(
                Concept(
                    name=name,
                    kind=kind,
                    roles=tuple(body.get("roles", ())),
                    names=frozenset(_lemma_set(body.get("names", ()))),
                    people_names=frozenset(_lemma_set(body.get("people_names", ()))),
                    generic=frozenset(str(g) for g in body.get("generic", ())),
                    context=frozenset(_lemma_set(body.get("context", ()))),
                    entity_named=bool(body.get("entity_named", False)),
                    words=tuple(str(w).lower() for w in body.get("words", ())),
                    negwords=tuple(str(w).lower() for w in body.get("negwords", ())),
                    people_words=tuple(str(w).lower() for w in body.get("people_words", ())),
                    company_words=tuple(str(w).lower() for w in body.get("company_words", ())),
                    unnumbered_words=tuple(str(w).lower() for w in body.get("unnumbered_words", ())),
                    numbered_by=frozenset(str(w).lower() for w in body.get("numbered_by", ())),
                    column_words=frozenset(str(w).lower() for w in body.get("column_words", ())),
                    exact=bool(body.get("exact", False)),
                    requires=frozenset(str(w) for w in body.get("requires", ())),
                    flags=frozenset(_lemma_set(body.get("flags", ()))),
                    excludes=frozenset(str(w) for w in body.get("excludes", ())),
                    name_phrases=tuple(tuple(str(p).lower().split()) for p in body.get("name_phrases", ())),
                    unless=frozenset(_lemma_set(body.get("unless", ()))),
                    none_is_zero=bool(body.get("none_is_zero", False)),
                    zero_words=tuple(str(w).lower() for w in body.get("zero_words", ())),
                    named_by=frozenset(_lemma_set(body.get("named_by", ()))),
                    attributes=frozenset(str(w) for w in body.get("attributes", ())),
                    size=tuple(str(w).lower() for w in body.get("size", ())),
                    outcome_last=bool(body.get("outcome_last", False)),
                    counts_records=bool(body.get("counts_records", False)),
                    held_values=frozenset(str(v).lower() for v in body.get("held_values", ())),
                    held_core=frozenset(str(v).lower() for v in body.get("held_core", ())),
                    not_held=frozenset(str(v).lower() for v in body.get("not_held", ())),
                    catalogue_names=frozenset(_lemma_set(body.get("catalogue_names", ()))),
                )
            )
    return {k: v[0] for k, v in abbreviation_readings().items()}, tuple(out)


@cache
def abbreviation_readings() -> dict[str, tuple[str, ...]]:
    """Every reading of each abbreviation of concepts.yaml, the usual one first ("comp": competitor,
    compensation); a single reading is written as a plain string there."""
    raw: dict[str, Any] = _raw().get("abbreviations", {})
    return {str(k): tuple(str(x) for x in v) if isinstance(v, list) else (str(v),) for k, v in raw.items()}


def concept(name: str) -> Concept | None:
    return next((c for c in ontology()[1] if c.name == name), None)


def _lemma_set(words: Any) -> set[str]:
    out: set[str] = set()
    for w in words:
        out |= lemmas(str(w).lower())
    return out


def name_words(name: str, pick: dict[str, str] | None = None) -> list[str]:
    """The words a column or table name is made of: split at case and underscores, abbreviations
    expanded, run-together English words split ("Dt_Customer" -> date customer, "Kidhome" -> kid home).
    `pick` reads some abbreviations another way than their usual reading (`name_readings`)."""
    abbreviations = {**ontology()[0], **(pick or {})}
    out: list[str] = []
    for token in tokens(name):
        word, digits = re.fullmatch(r"(.*?)(\d*)", token).groups()  # type: ignore[union-attr]  # the pattern matches any text
        word = abbreviations.get(word, word)
        fixed = misspelt(word) if word else None  # "deductable": never split as "deduct able"
        parts = [fixed] if fixed else _split(word) if word else []
        if len(parts) == 1:
            parts = [
                unabbreviated(word) or misspelt(word) or word
            ]  # "maritl" -> marital, "montly" -> monthly
        out += [_noun_of_verb(w) for w in parts] + ([digits] if digits else [])
    return out


def name_readings(name: str) -> list[str]:
    """Every way a name is said written out: `name_words`, then each other reading of its abbreviations
    ("CompPrice": competitor price, compensation price); at most READINGS_MAX."""
    readings = abbreviation_readings()
    picks: list[dict[str, str]] = [{}]
    for token in tokens(name):
        word = re.sub(r"\d+$", "", token)
        picks += [{**p, word: alt} for p in list(picks) for alt in readings.get(word, ())[1:]]
    out = [" ".join(name_words(name, p)) for p in picks[:READINGS_MAX]]
    return list(dict.fromkeys(out))


@cache
def _noun_of_verb(word: str) -> str:
    """A name word that is only a verb, said as the noun whose plural it shares ("ShelveLoc": shelves are
    what a shelf makes, so "shelve" is "shelf"); any other word unchanged."""
    table = lemma_table(word)
    if not word.isalpha() or set(table) != {"VERB"}:
        return word
    nouns = {n for form in verb_inflections(word).get("VBZ", ()) for n in lemma_table(form).get("NOUN", ())}
    nouns.discard(word)
    return nouns.pop() if len(nouns) == 1 else word


@cache
@cache
def _split(token: str) -> list[str]:
    """A token that is no English word but two run together is split, the most common pair winning; else
    three to SPLIT_PARTS words run together ("tenureinmonths", "numberofdependents"), the split whose rarest
    word is most common."""
    if not token.isalpha() or len(token) <= SPLIT_MIN or is_word(token):
        return [token]
    joiners = frozenset(_raw().get("name_joiners", ()))
    pairs = [
        (token[:i], token[i:])
        for i in range(1, len(token))
        if _part(token[:i], token[i:], joiners) and _part(token[i:], token[:i], joiners)
    ]
    if pairs:
        a, b = max(pairs, key=lambda p: min(zipf(p[0]), zipf(p[1])))
        return [a, b]
    found = _segments(token, joiners, SPLIT_PARTS)
    return list(found) if found and len(found) >= 2 and found[0] not in joiners else [token]


SUFFIX_WORDS = frozenset({"less", "ness", "ful", "ship", "able", "ment"})
"""Endings that are words alone but never a word of a name after another ("paperless" is no "paper less")."""


def _wordish(w: str) -> bool:
    """An English word, or one made with -less from one ("paperless")."""
    return is_word(w) or (w.endswith("less") and len(w) > 6 and is_word(w[:-4]))


SPLIT_PARTS = 5
"""Most English words a run-together name token is split into."""


@cache
def _segments(token: str, joiners: frozenset[str], parts: int) -> tuple[str, ...] | None:
    """The split of `token` into at most `parts` English words (SPLIT_MIN letters or more, or a joining
    word between two of them) whose rarest word is most common; None when there is none."""
    if len(token) >= SPLIT_MIN and _wordish(token) and token not in joiners:
        return (token,)  # (a joining word is never last: "paymentof" stays whole)
    if parts <= 1:
        return None
    best: tuple[str, ...] | None = None
    for i in range(1, len(token)):
        head, rest = token[:i], token[i:]
        if not ((len(head) >= SPLIT_MIN and _wordish(head)) or head in joiners) or head in SUFFIX_WORDS:
            continue
        tail = _segments(rest, joiners, parts - 1)
        if tail is None or (head in joiners and tail[0] in joiners):
            continue
        split = (head, *tail)
        if best is None or (len(split), -min(map(zipf, split))) < (len(best), -min(map(zipf, best))):
            best = split  # the fewest words, then the commonest rarest word
    return best


def _part(word: str, other: str, joiners: frozenset[str]) -> bool:
    """A part a run-together name token splits into: an English word of SPLIT_MIN letters or more, or a
    short joining word beside an English word longer than SPLIT_MIN ("WeekofPurchase": week + of)."""
    if word in joiners:
        return other not in joiners and len(other) > SPLIT_MIN and is_word(other)
    return len(word) >= SPLIT_MIN and is_word(word)


def _lemmas_of(words: list[str]) -> set[str]:
    out: set[str] = set()
    for w in words:
        out |= lemmas(w)
    return out


def bind_concepts(model: SemanticModel) -> list[Binding]:
    """Every concept binding of a model's columns and tables (stored by `apply_concepts`)."""
    _, concepts = ontology()
    out: list[Binding] = []
    for t in model.tables.values():
        # what one row is: the head noun of the entity ("invoice lines" are lines, not invoices), a
        # compound by its last word ("cardholders" are holders)
        entity = _lemmas_of(re.findall(r"[a-z]+", t.entity_singular.lower())[-1:])
        heads = entity | _lemmas_of([_compound_head(w) for w in entity])
        for c in concepts:
            if c.kind == "entities" and heads & c.names:
                has = [n for n in t.columns if set(name_words(n)) & c.requires]
                if c.requires and not has:
                    continue
                out.append(
                    Binding(c.name, t.name, f"rows are {t.entity}" + (f" with {has[0]}" if has else ""))
                )
        if not entity_names(t.name)[2] and not any(
            b.target == t.name and b.concept not in PEOPLE for b in out
        ):
            out += _named_by(t, concepts)  # "credit_risk": credits are loans
        columns_said = {w for col in t.columns.values() for w in name_words(col.name)}
        out += [  # "ApplicantIncome": the rows are applications, the applicants are its rows
            Binding(c.name, t.name, f"a column is of the {sorted(columns_said & c.column_words)[0]}")
            for c in concepts
            if c.kind == "entities"
            and columns_said & c.column_words
            and not any(b.concept == c.name and b.target == t.name for b in out)
        ]
        words = _table_words(t.name)
        out += [  # a concept named by no row noun, only by a table's name ("menu_items": dishes)
            Binding(c.name, t.name, f"its name says {', '.join(sorted(words & c.named_by))}")
            for c in concepts
            if c.kind == "entities" and not c.names and words & c.named_by
        ]
        if t.key and not any(b.target == t.name for b in out):
            out += _keyed_by_role(t, concepts)  # sales_teams keyed by sales_agent: its rows are agents
        elif any(b.target == t.name and b.concept == "person" for b in out):
            # a table called "people" with a Salesperson name on each row: its rows are salespeople
            out += _named_by_role(t, concepts)
        if not any(b.target == t.name and b.concept in PEOPLE for b in out) and not entity_names(t.name)[2]:
            # a file named after no row noun: its rows by its flags, else by a person's attributes
            out += _flagged_entity(t, concepts) or _person_by_attributes(t, concepts)
        elif not any(b.target == t.name for b in out) and _keyed_alone(t):
            # "calls" keyed by their own Id, each carrying the age and job of the one person called: its
            # rows are also those people ("how many customers did we call")
            out += _person_by_attributes(t, concepts)
        others = {w for col in t.columns.values() for w in _lemmas_of(name_words(col.name))}
        people = any(b.target == t.name and b.concept in PEOPLE for b in out)
        listed = any(b.target == t.name and b.concept == CATALOGUE for b in out)
        for c in concepts:
            if c.kind != "columns" or (c.catalogue_names and not listed):
                continue
            found = [
                Binding(c.name, col.qualified, why)
                for col in t.columns.values()
                if col.distinct_count != 1 and (why := _column_reason(c, col, t, others, entity, people))
            ]
            plain = [b for b in found if not b.target[-1].isdigit()]
            # a numbered series (AcceptedCmp1..5) gives way to its unnumbered sibling (Response)
            plain = _of_this_time(plain or found)
            out += plain or found
    return out + only_people(model, out)


FORMER_NAME_WORDS = frozenset({"old", "prior", "previous", "past", "former"})
"""Name words that put a column at an earlier time than the row's own (OLDCLAIM, prior_purchases)."""
EARLIER_WORDS = FORMER_NAME_WORDS | {"last", "prev"}
"""Those and the words of a previous visit's columns (a salon's last_noshow beside noshow)."""


def _of_this_time(found: list[Binding]) -> list[Binding]:
    """Of a concept's columns in one table, the one of the row's own time where the others are marked as
    of an earlier one ("noshow" beside "last_noshow": this booking's, never the previous visit's)."""
    now = [b for b in found if not {w.lower() for w in name_words(b.target.split(".", 1)[1])} & EARLIER_WORDS]
    return now if len(now) == 1 and len(found) > 1 else found


def _keyed_by_role(t: TableInfo, concepts: tuple[Concept, ...]) -> list[Binding]:
    """A table keyed by a name column named for a role of people ("sales_agent" of sales_teams): its rows
    are those people."""
    key = t.columns.get(str(t.key))
    words = name_words(str(t.key))
    if key is None or not words or not str(key.dtype).upper().startswith("VARCHAR"):
        return []
    role = _people_role(words, concepts)
    return [] if role is None else [Binding(role.name, t.name, f"its key {t.key} names a {words[-1]}")]


def _people_role(
    words: list[str], concepts: tuple[Concept, ...], generic: frozenset[str] = frozenset()
) -> Concept | None:
    """The first concept of people (not one of `generic`) whose names hold a name's last word (agent,
    salesperson)."""
    head = _lemmas_of(words[-1:])
    return next(
        (
            c
            for c in concepts
            if c.kind == "entities" and c.name in PEOPLE and c.name not in generic and head & c.names
        ),
        None,
    )


def _named_by_role(t: TableInfo, concepts: tuple[Concept, ...]) -> list[Binding]:
    """A table of people whose one name on every row is named for a role (Salesperson): its rows are
    people of that role."""
    for col in t.columns.values():
        words = name_words(col.name)
        unique = t.row_count > 0 and col.distinct_count == t.row_count
        if not words or not unique or not str(col.dtype).upper().startswith("VARCHAR"):
            continue
        role = _people_role(words, concepts, frozenset({"person"}))
        if role is not None:
            return [Binding(role.name, t.name, f"each row names a {words[-1]} ({col.name})")]
    return []


def _flagged_entity(t: TableInfo, concepts: tuple[Concept, ...]) -> list[Binding]:
    """A table no name binds: a yes/no column named for what a row is ("student", "SeniorCitizen")
    says what its rows are (a file `Default.csv` of cardholders with a student column holds people)."""
    for c in concepts:
        for col in t.columns.values():
            words = [w for w in name_words(col.name) if w.lower() not in AUXILIARIES and w.lower() != "is"]
            if c.flags and _role(col) == "flag" and 0 < len(words) <= 2 and _lemmas_of(words[-1:]) & c.flags:
                return [Binding(c.name, t.name, f"a yes/no {col.name} says what each row is")]
    return []


def _named_by(t: TableInfo, concepts: tuple[Concept, ...]) -> list[Binding]:
    """A table named after no row noun whose name holds a word an entity concept is named by."""
    words = _table_words(t.name)
    return [
        Binding(c.name, t.name, f"its name says {', '.join(sorted(words & c.named_by))}")
        for c in concepts
        if c.kind == "entities" and words & c.named_by
    ][:1]


def _person_by_attributes(t: TableInfo, concepts: tuple[Concept, ...]) -> list[Binding]:
    """A table named after no row noun with an age column and a person's attribute (sex, job,
    housing...): its rows are people (a loan file's borrowers)."""
    names = {col.name: {w.lower() for w in name_words(col.name)} for col in t.columns.values()}
    if not any(ws == {"age"} for ws in names.values()):
        return []
    for c in concepts:
        hit = sorted({n for n, ws in names.items() if ws & c.attributes})
        if c.attributes and hit:
            return [Binding(c.name, t.name, f"rows carry a person's age and {hit[0]}")]
    return []


def _keyed_alone(t: TableInfo) -> bool:
    """Whether a table's one identifying column is its own key: no other id, key or person's name says
    whose each row is (a customer_id on sales would make those the people)."""
    keys = [c for c in t.columns.values() if c.role in (Role.IDENTIFIER, Role.FOREIGN_KEY)]
    return bool(t.key) and [c.name for c in keys] == [t.key]


def _people_by_flags(model: SemanticModel) -> bool:
    """A table named after no known noun ("default" from Default.csv) whose rows a yes/no column says are
    people (`_flagged_entity`) is renamed "people", or "customers" when the flag says customers (a
    churned flag in churn.csv); the file's name still names it. Whether any was."""
    named = {b.target for b in model.concepts if "." not in b.target and b.reason.startswith("rows are")}
    renamed = False
    for t in model.tables.values():
        flagged = [b for b in model.concepts if b.target == t.name and b.concept in ("person", "customer")]
        if (
            t.name in named
            or not flagged
            or flagged[0].reason.startswith("the only")
            or entity_names(t.name)[2]
            or _keyed_by_name(t)
        ):
            continue
        named_as = [
            b.concept for b in model.concepts if b.target == t.name and b.reason.startswith("its name")
        ]
        if named_as:  # "credit_risk": loans, each taken by the person its row describes
            t.entity, t.entity_singular = pluralize(named_as[0]), named_as[0]
        else:
            t.entity, t.entity_singular = (
                ("people", "person") if flagged[0].concept == "person" else CUSTOMERS
            )
        renamed = True
    return renamed


def _keyed_by_name(t: TableInfo) -> bool:
    """The table's own key is named for what its rows are ("appointments" keyed by AppointmentID): its
    rows are those, never the people they are of."""
    words = [w.lower() for w in name_words(t.key or "")]
    return len(words) >= 2 and singularize(words[0]) == singularize(t.name.lower())


def only_people(model: SemanticModel, bound: list[Binding]) -> list[Binding]:
    """The table of people a catalog holds alone is named by any people word: "people" (the person
    concept's words) when it is the only table of people, a customer's words ("clients", "account
    holders") when it is also the only one that is not of staff and no table is of customers."""
    kinds: dict[str, set[str]] = {}
    for b in bound:
        if b.concept in PEOPLE and b.target in model.tables:
            kinds.setdefault(b.target, set()).add(b.concept)
    out: list[Binding] = []
    if len(kinds) == 1:
        table, concepts = next(iter(kinds.items()))
        if "person" not in concepts:
            out.append(Binding("person", table, f"the only table of people ({model.tables[table].entity})"))
    customers = [t for t, concepts in kinds.items() if STAFF not in concepts]
    if len(customers) == 1 and not any("customer" in concepts for concepts in kinds.values()):
        what = model.tables[customers[0]].entity
        out.append(Binding("customer", customers[0], f"the only table of people other than staff ({what})"))
    return out


NOUN_SUFFIXES = ("ship", "hood", "dom")
"""Endings that make a noun of another word, never a second word run together with it."""


@cache
def _compound(word: str) -> tuple[str, ...]:
    """A noun written as two English words run together, split ("cardholder" -> card, holder), the
    longest last word winning; the word alone otherwise."""
    for i in range(SPLIT_MIN, len(word) - SPLIT_MIN + 1):
        if word[i:].startswith(NOUN_SUFFIXES):
            break  # "membership" is no member's ship, "dealership" no dealer's ship: a suffix
        if is_word(word[:i]) and is_word(word[i:]):
            return word[:i], word[i:]
    return (word,)


def _compound_head(word: str) -> str:
    """The last word of a compound noun ("cardholder" -> holder, "policyholder" -> holder)."""
    return _compound(word)[-1]


@cache
def _table_words(name: str) -> frozenset[str]:
    """Lemmas of the words of a table's name, compounds split ("cardholders" -> card, holder, ...)."""
    words = name_words(name)
    return frozenset(_lemmas_of([*words, *(p for w in words for p in _compound(w.lower()))]))


def _role(col: ColumnInfo) -> str:
    return "flag" if col.role == Role.FLAG or col.flag_true is not None else col.role.value


def _column_reason(
    c: Concept, col: ColumnInfo, t: TableInfo, others: set[str], entity: set[str], people: bool
) -> str:
    role = _role(col)
    if c.roles and role not in c.roles:
        return ""
    words = name_words(col.name)
    low = [p.lower() for w in words for p in w.split()]
    runs = {" ".join(low[i : i + n]) for n in (1, 2) for i in range(len(low) - n + 1)}
    if c.not_held and len(held := {str(v).strip().lower() for v in col.values}) >= 2 and held <= c.not_held:
        return ""
    if c.excludes & (runs | {w.lower() for w in words}) or c.unless & others:
        return ""  # an exclude may be a run of two words ("on order": UnitsOnOrder, never OrderQuantity)
    names = c.names | (c.people_names if people else frozenset()) | c.catalogue_names
    tail = hyphen_tail(col.name)  # City-State Province is a city (of a state), never a state
    found = [w for w in words if _lemmas_of([w]) & names and w.lower() not in tail]
    if found:
        return f"{role} named like '{found[0]}'" + (
            f" in a table of {t.entity}" if people and not _lemmas_of(found[:1]) & c.names else ""
        )
    low = [p.lower() for w in words for p in w.split()]  # "mpg" written out: miles, per, gallon
    run = next(
        (p for p in c.name_phrases if any(tuple(low[i : i + len(p)]) == p for i in range(len(low)))), None
    )
    if run is not None:
        return f"{role} named like '{' '.join(run)}'"
    if c.generic and col.name.lower() in c.generic:
        ctx = sorted(others & c.context)
        if ctx:
            return f"{role} named '{col.name}' beside {ctx[0]} columns"
        if _table_words(t.name) & c.context:
            return f"{role} named '{col.name}' in a table of {t.entity}"  # a balance of cardholders
    if (
        c.outcome_last
        and role == "flag"
        and list(t.columns)[-1] == col.name
        and others & c.context
        and not any(
            _lemmas_of(words) & o.names for o in ontology()[1] if o is not c and "flag" in o.roles
        )  # a churn flag last is churn
    ):
        return f"yes/no column last in a table with {sorted(others & c.context)[0]} columns (the outcome)"
    held = {str(v).strip().lower() for v in col.values} if c.held_values else set()
    if held and held <= c.held_values and len(held & c.held_core) >= 2:
        return f"{role} holding only {', '.join(sorted(str(v) for v in col.values))}"
    if c.entity_named and people and role == "time" and _lemmas_of(words) & entity:
        return f"date named after the {t.entity_singular}"
    return ""


def hyphen_tail(name: str) -> set[str]:
    """The words after the hyphen of a name like City-State Province (one word before it): what the
    column's values are qualified by ('Sekiu-Washington'), never what they are."""
    head, dash, rest = name.partition("-")
    if not dash or not head.strip() or " " in head.strip():
        return set()
    return {w.lower() for w in rest.replace("_", " ").split()}


FLAG_SUFFIXES = ("flag", "ind", "indicator")
"""Last words of yes/no column names that only say it is yes/no (CLAIM_FLAG, fraud_ind)."""


def flag_verbs(col: ColumnInfo, record: str = "") -> tuple[str, ...]:
    """The forms of a flag named by a verb ("Complain" -> complained, complains, complaining; of two
    words, the head's or a participle's: "has_churned" -> churn, never "work_accident" -> worked; never
    the verb of the records themselves: booking_complete of bookings is no "booked")."""
    words = [w for w in name_words(col.name) if not w.isdigit() and w.lower() != record.lower()]
    if len(words) > 1 and words[-1].lower() in FLAG_SUFFIXES:
        words = words[:-1]  # CLAIM_FLAG: claimed, claims (the word that only says yes/no left out)
    if len(words) > 2:
        return ()
    out: list[str] = []
    # of two words, the last (the head) or a participle: "work_accident" says no one "worked";
    # "StreamingMovies" streams, "has_churned" churned
    described = len(words) == 2 and set(lemma_table(words[0].lower())) == {"ADJ"}
    # (an adjective before the head makes it a noun: "Incomplete_Rides" are rides, nobody "rode")
    for w in [w for w in words if (w is words[-1] and not described) or w.endswith(("ing", "ed"))]:
        for lemma in lemma_table(w).get("VERB", ()):
            if lemma in AUXILIARIES:
                continue  # "is_canceled": never "were", "been"
            for forms in verb_inflections(lemma).values():
                out += [f for f in forms if f != w]
    plain = [
        w.lower() for w in words if w.lower() not in AUXILIARIES and w.lower() not in ("was", "is", "has")
    ]
    if len(plain) == 1 and "VERB" in lemma_table(plain[0]) and plain[0] not in out and out:
        out.append(plain[0])  # "was_subscription_paid" of subscriptions: "paid subscriptions" are the flag
    return tuple(dict.fromkeys(out))


def feature_nouns() -> frozenset[str]:
    """Nouns a product list's yes/no column is said with (concepts.yaml feature_nouns)."""
    return frozenset(str(w) for w in _raw().get("feature_nouns", ()))


def feature_phrases(col: ColumnInfo) -> tuple[str, ...]:
    """A product list's yes/no column said with a feature noun ("cd" -> "cd drive", "multi" ->
    "multimedia kit", "premium" -> "premium brands"), by its name and its spelled-out name."""
    said = [" ".join(name_words(col.name)).lower()]
    spelled = spelled_out(col)
    if spelled:
        said.append(spelled)
    return tuple(f"{w} {noun}" for w in said for noun in sorted(feature_nouns()))


def lemma_name(col: ColumnInfo) -> str | None:
    """A column's words with participles as their verb ("is_repeated_guest" -> "is repeat guest"), so
    that "repeat guests" names it; None when no word changes."""
    words = name_words(col.name)
    if len(words) < 2:
        return None  # "Rating" is never "rate"
    out = []
    for w in words:
        found = lemma_table(w)
        verbs = found.get("VERB", ())
        participle = w.endswith("ed") and verbs and "NOUN" not in found
        out.append(verbs[0] if participle and verbs[0] not in AUXILIARIES else w)
    return " ".join(out) if out != words else None


@cache
def concept_words(c: Concept) -> tuple[str, ...]:
    """A concept's words with the regular forms of its verbs (lemminflect): "joined" -> join, joins,
    joining. Irregular forms are left as listed ("left" is not "leave", "lost" not "lose")."""
    out = list(c.words)
    if c.roles and set(c.roles) <= {"dimension", "other"}:
        return tuple(out)  # a kind of thing: "make" of a brand is a noun, never "made a purchase"
    for w in c.words:
        if " " in w:
            continue
        for lemma in lemma_table(w).get("VERB", ()):
            if not w.startswith(lemma[:-1] if lemma.endswith("e") else lemma):
                continue
            for forms in verb_inflections(lemma).values():
                out += forms
    return tuple(dict.fromkeys(out))


def spelled_out(col: ColumnInfo) -> str | None:
    """A column's words with abbreviations expanded and run-together words split ("MntWines" -> "amount
    wines"), when they differ from its display words."""
    words = " ".join(name_words(col.name))
    return words if words != " ".join(tokens(col.name)) else None


def _of_own(model: SemanticModel, col: ColumnInfo) -> list[str]:
    """A name "X of <what a row is>" is also said X: WeekofPurchase of a table of purchases is the week."""
    words = name_words(col.name)
    table = model.tables.get(col.table)
    if table is None or len(words) < 3 or words[-2] != "of":
        return []
    own = _lemmas_of(re.findall(r"[a-z]+", table.entity_singular.lower())[-1:])
    return [" ".join(words[:-2])] if lemmas(words[-1]) & own else []


def other_readings(col: ColumnInfo) -> list[str]:
    """The other written-out readings of a column's name (`name_readings` beyond the first), never one that
    is a stored value of the column ("phone" for Device where 'Phone' is a device)."""
    values = {str(v).strip().lower() for v in col.values}
    return [
        r
        for r in name_readings(col.name)[1:]
        if r != " ".join(tokens(col.name)) and not values & {r, *r.split()}
    ]


COUNTRY_CODES_SHARE = 0.8
"""A country column whose distinct values are at least this share of ISO 3166 codes is read as codes."""
COUNTRY_VALUES_MAX = 400


@cache
def _raw() -> dict[str, Any]:
    return yaml.safe_load((HERE / "concepts.yaml").read_text())


def same_value_spellings() -> tuple[frozenset[str], ...]:
    """The ways one value may be stored (concepts.yaml value_words `stored`, lower case): 'W' and
    'Women' are one gender."""
    return tuple(
        frozenset(str(x).lower() for x in group["stored"])
        for groups in _raw().get("value_words", {}).values()
        for group in groups
    )


def _distinct(col: ColumnInfo, con: Any) -> list[str]:
    if col.values or con is None or col.dtype != "VARCHAR":
        return [str(v) for v in col.values]
    ref = column(col.name)
    query = exp.select(ref).distinct().from_(table_ref(col.table)).where(ref.copy().is_(exp.null()).not_())
    rows = con.execute(sql(query.limit(COUNTRY_VALUES_MAX))).fetchall()
    return [str(r[0]) for r in rows]


def country_names(code: str) -> list[str]:
    """Names of the country an ISO 3166 alpha-2 or alpha-3 code stands for ("PRT" -> portugal)."""
    try:
        c = countries.get(code)
    except KeyError:
        return []
    name = c.apolitical_name.lower()
    short = re.split(r",| \(", name)[0].strip()
    aliases = _raw().get("country_aliases", {}).get(c.alpha3, [])
    return list(dict.fromkeys([name, short, *(str(a).lower() for a in aliases)]))


@cache
def _subdivisions() -> dict[str, dict[str, str]]:
    """Country code -> {subdivision code without the country ("SP"): its name} (ISO 3166-2, pycountry)."""
    out: dict[str, dict[str, str]] = {}
    for s in pycountry.subdivisions:
        country, _, code = s.code.partition("-")
        out.setdefault(country, {})[code] = s.name
    return out


def holds_subdivisions(values: tuple) -> bool:
    """Whether a category's values are (almost all) the full names of one country's states or provinces
    ('California', 'Texas', ... in a column named Location)."""
    names = [_plain(str(v)) for v in values if isinstance(v, str)]
    if len(names) < 10:
        return False
    for subs in _subdivisions().values():
        known = {_plain(re.split(r",| \(|\[", n)[0]) for n in subs.values()}
        if sum(n in known for n in names) >= COUNTRY_CODES_SHARE * len(names):
            return True
    return False


def _plain(name: str) -> str:
    """A name as people type it: lower case, without accents ("São Paulo" -> "sao paulo")."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()


def state_names(values: list[str]) -> dict[str, str]:
    """States or provinces stored by code: {name said: stored code} when almost every value is a
    subdivision code of one and the same country ("SP", "MG" of Brazil; "CA", "NY" of the USA)."""
    codes = [v for v in values if v.isalpha() and v.isupper() and 1 < len(v) <= 3]
    if not values or len(codes) < COUNTRY_CODES_SHARE * len(values):
        return {}
    fits = {c: sum(v in subs for v in codes) for c, subs in _subdivisions().items()}
    best = sorted(fits.items(), key=lambda x: -x[1])[:2]
    if (
        not best
        or best[0][1] < COUNTRY_CODES_SHARE * len(values)
        or (len(best) > 1 and best[1][1] == best[0][1])
    ):
        return {}
    subs = _subdivisions()[best[0][0]]
    out: dict[str, str] = {}
    for v in codes:
        if v in subs:
            name = re.split(r",| \(|\[", subs[v])[0]
            for n in {name.lower().strip(), _plain(name)}:
                # "sao paulo state", "state of sao paulo": the state, where a city has the same name
                out.update({n: v, f"{n} state": v, f"state of {n}": v})
    return out


def _stored_elsewhere(model: SemanticModel, col: ColumnInfo, names: list[str], con: Any) -> set[str]:
    """Names stored as a value of another text column of the same table ("rio de janeiro" is also a
    city): said alone they stay that value; the state is then "rio de janeiro state"."""
    if con is None or not names:
        return {n for n in names}  # without the data to check, no bare name is taken
    found: set[str] = set()
    for other in model.tables[col.table].columns.values():
        if other.name == col.name or other.dtype != "VARCHAR":
            continue
        low = exp.func("lower", column(other.name))
        query = exp.select(low.copy()).distinct().from_(table_ref(col.table))
        query = query.where(low.isin(*[exp.Literal.string(n) for n in names]))
        found |= {str(r[0]) for r in con.execute(sql(query)).fetchall()}
    return found


def value_words(model: SemanticModel, con: Any = None) -> dict[str, dict[str, str | int]]:
    """Stored values people say differently, per column bound to a concept: country codes as country
    names, gender codes as words ("F" -> women), and for a measure the words that mean 0 ("paid off")."""
    out: dict[str, dict[str, str | int]] = {}
    spoken = _raw().get("value_words", {})
    for b in model.concepts:
        if "." not in b.target:
            continue
        col = model.column(b.target)
        words: dict[str, str | int] = {}
        if b.concept == "country":
            values = _distinct(col, con)
            codes = {v: country_names(v) for v in values if v.isalpha() and len(v) in (2, 3) and v.isupper()}
            codes = {v: n for v, n in codes.items() if n}
            if values and len(codes) >= COUNTRY_CODES_SHARE * len(values):
                for v, names in codes.items():
                    words.update({n: v for n in names})
            else:
                # countries stored by name: "uk" and "britain" for "United Kingdom", "usa" for "USA"
                by_name = {v.lower(): v for v in values}
                for v in values:
                    # 'United Kingdom (Great Britain)': the name before the brackets, and the one inside
                    bracketed = re.fullmatch(r"(.+?)\s*\((.+)\)", v)
                    for part in bracketed.groups() if bracketed else ():
                        by_name.setdefault(part.strip().lower(), v)
                for code in _raw().get("country_aliases", {}):
                    said = country_names(code)
                    found = {by_name[n] for n in said if n in by_name}
                    if len(found) == 1:
                        country = next(iter(found))
                        words.update({n: country for n in said if n != country.lower()})
        if b.concept == "state":
            states = state_names(_distinct(col, con))
            taken = _stored_elsewhere(
                model, col, [n for n in states if " state" not in n and "state " not in n], con
            )
            words.update({n: v for n, v in states.items() if n not in taken})
        if b.concept == "gender" and _iso_sex_codes(col):
            # ISO/IEC 5218 sex codes (0 not known, 1 male, 2 female, 9 not applicable): Citi Bike's gender
            for group, code in zip(spoken.get("gender", ()), ISO_SEX_CODES, strict=False):
                words.update({str(w).lower(): code for w in group["words"]})
        bound = concept(b.concept)
        if bound is not None and col.role == Role.MEASURE:
            words.update({w: 0 for w in bound.zero_words})  # "paid off": the debt is 0
        for group in spoken.get(b.concept, ()):
            stored = {str(x).lower() for x in group["stored"]}
            hits = [v for v in col.values if str(v).lower() in stored]
            if len(hits) == 1:
                words.update({str(w).lower(): hits[0] for w in group["words"]})
        if words:
            out[b.target] = words
    return out


ISO_SEX_CODES = (2, 1)
"""The ISO/IEC 5218 codes of the value_words gender groups, in their order (women, men)."""


def _iso_sex_codes(col: ColumnInfo) -> bool:
    """Whole-number codes 1 and 2 (and 0, not known) of ISO/IEC 5218 in a gender column."""
    integer = col.dtype.upper() in ("BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT")
    return integer and col.minimum in (0, 1) and col.maximum == 2 and 2 <= col.distinct_count <= 3


MASS_PLURAL_ZIPF = 3.0
"""A table noun whose plural is rarer than this in English is a mass noun (internet, usage, traffic)."""
DATE_NOUN_ZIPF = 3.5
"""A word before "date" that is a common English noun names the events dated (session_date: sessions)."""


def _rows_of_mass_noun(t: TableInfo) -> None:
    """A table named by a mass noun ("internet": megaline's data sessions) whose one date is named for
    its events (session_date): its rows are those events, said "sessions" and "internet sessions"."""
    words = t.entity_singular.split()
    if len(words) != 1 or zipf(pluralize(words[0])) >= MASS_PLURAL_ZIPF:
        return
    dated = [c for c in t.columns.values() if c.role == Role.TIME]
    if len(dated) != 1:
        return
    parts = tokens(dated[0].name)
    if len(parts) != 2 or parts[1] != "date" or zipf(parts[0]) < DATE_NOUN_ZIPF:
        return
    if "NOUN" not in lemma_table(parts[0]) or parts[0] == words[0]:
        return
    events, old = pluralize(parts[0]), t.entity
    t.entity, t.entity_singular = f"{words[0]} {events}", f"{words[0]} {parts[0]}"
    t.synonyms = tuple(dict.fromkeys((*t.synonyms, events, old)))


def _split_entity(t: TableInfo) -> None:
    """An entity named by two English words run together ("invoicelines" of chinook_invoiceline,
    "mediatypes") is said as two words ("invoice lines", "media types"); the run-together name stays a
    synonym."""
    words = t.entity_singular.split()
    if len(words) != 1:
        return
    parts = _split(words[0])
    if len(parts) != 2:
        return
    old = t.entity
    t.entity_singular = " ".join(parts)
    t.entity = f"{parts[0]} {pluralize(parts[1])}"
    t.synonyms = tuple(dict.fromkeys((*t.synonyms, old)))


DOCUMENT_NUMBER_WORDS = ("number", "no", "num", "id")


def _document_number(model: SemanticModel, col: ColumnInfo) -> None:
    """ORDERNUMBER ("order number") repeating in a table with no key and pointing at no table: each row is
    a line of an order (the "orders" are its distinct numbers), never an amount of anything."""
    t = model.tables[col.table]
    words = tokens(col.name)
    if t.key is not None or col.role not in (Role.MEASURE, Role.FOREIGN_KEY) or len(words) != 2:
        return
    if (
        words[0] not in LINE_NOUNS
        or words[1] not in DOCUMENT_NUMBER_WORDS
        or not col.dtype.upper().endswith("INT")
    ):
        return
    if not col.distinct_count or col.distinct_count >= t.row_count:
        return
    if any(r.table == t.name and r.column == col.name for r in model.relations):
        return  # a key to the orders themselves: the lines are named by their own table
    spelled = " ".join(words)
    col.role, col.unit, col.reason = Role.FOREIGN_KEY, None, f"a repeated {spelled}: rows are its lines"
    if not t.entity.endswith("lines"):
        old = t.entity
        t.entity, t.entity_singular = f"{words[0]} lines", f"{words[0]} line"
        t.synonyms = tuple(dict.fromkeys((*t.synonyms, old)))


CLASS_NOUN_SHARE = 0.4
"""Share of a category's values (and at least 3) ending in one plural noun for it to name the records
classed ('Bicycles' of 4 of 7 categories, 'Bikes' of 3)."""


def _named_by_their_classes(model: SemanticModel) -> None:
    """Products classed as 'Mountain Bikes', 'Road Bikes', 'Electric Bikes' are bikes: the plural noun
    most values of a category end with (an English word) names the records the category classes (its
    own table's, or those pointing at it: products.category_id -> categories), unless a table or
    column of the data already has that name."""
    taken = {w for t in model.tables.values() for w in tokens(t.name)} | {
        w for c in model.columns() for w in tokens(c.name)
    }
    for t in model.tables.values():
        for c in t.columns.values():
            if c.role != Role.DIMENSION or len(c.values) < 3:
                continue
            heads = [str(v).split()[-1].lower() for v in c.values if isinstance(v, str) and " " in str(v)]
            for noun in sorted(set(heads)):
                one = singularize(noun)
                if heads.count(noun) < max(3, CLASS_NOUN_SHARE * len(c.values)) or not noun.isalpha():
                    continue
                if one == noun or noun in taken or one in taken or not is_word(one):
                    continue
                classed = [
                    r.table for r in model.relations if r.ref_table == t.name and r.ref_column == t.key
                ]
                for name in classed if t.key is not None and classed else [t.name]:
                    u = model.tables[name]
                    u.synonyms = tuple(dict.fromkeys((*u.synonyms, noun)))


def apply_concepts(model: SemanticModel, con: Any = None) -> None:
    """Bind concepts into the model (model.concepts); add flag verb forms and spelled-out names as column
    synonyms; a measure whose spelled-out name is money-like ("Mnt" = amount) gets that unit."""
    for t in model.tables.values():
        _split_entity(t)
        _rows_of_mass_noun(t)
    _named_by_their_classes(model)
    model.concepts = bind_concepts(model)
    if _people_by_flags(model):
        model.concepts = bind_concepts(model)
    model.value_words = value_words(model, con)
    catalogues = {b.target for b in model.concepts if b.concept == CATALOGUE}
    tenures = {b.target for b in model.concepts if b.concept == "tenure"}
    for col in model.columns():
        words = set(tokens(col.name))
        if (
            col.role == Role.DIMENSION
            and not words & {"state", "province"}
            and holds_subdivisions(col.values)
        ):
            col.synonyms = tuple(dict.fromkeys((*col.synonyms, "state", "states")))  # Location of US states
        if col.qualified in tenures and "tenure" not in col.synonyms:
            col.synonyms = (*col.synonyms, "tenure")  # "time_spend_company": its unit told by its size
        worded = isinstance(col.flag_true, str) and col.flag_true.strip().lower() not in (
            "yes",
            "y",
            "true",
            "t",
            "1",
        )
        if _role(col) == "flag" and not worded:  # ('Cancelled' of booking_status: never "booked")
            record = model.tables[col.table].entity_singular if col.table in model.tables else ""
            col.synonyms = tuple(dict.fromkeys((*col.synonyms, *flag_verbs(col, record))))
            if col.table in catalogues:
                col.synonyms = tuple(dict.fromkeys((*col.synonyms, *feature_phrases(col))))
        lemma = lemma_name(col)
        if lemma is not None:
            col.synonyms = tuple(dict.fromkeys((*col.synonyms, lemma)))
        _document_number(model, col)
        spelled = spelled_out(col)
        if spelled is None:
            # "Exp Type": shown as written, also said each way its abbreviation is read (expense type)
            col.synonyms = tuple(dict.fromkeys((*col.synonyms, *other_readings(col))))
            continue
        col.synonyms = tuple(
            dict.fromkeys((*col.synonyms, spelled, *other_readings(col), *_of_own(model, col)))
        )
        if col.role == Role.MEASURE and col.unit is None:
            col.unit = _unit(spelled.split())
        if col.role == Role.MEASURE and set(spelled.split()) - set(tokens(col.name)) & set(
            NUMERIC_DIMENSION_WORDS
        ):
            # "WeekofPurchase" written out is the week of purchase: a calendar part, not a quantity
            col.role, col.unit, col.reason = Role.DIMENSION, None, "numeric, named like a calendar part"
