"""Values the Lexicon does not index, found for the words a question left unexplained.

Two general rules, tried only when some words of a question are unknown:

- a run of 2+ words that lies inside exactly one stored value of one indexed column ("fire tv stick"
  for 'Configuration: Fire TV Stick') is that value; inside several values, the user is asked which;
- a run of 2+ words that equals a value of a many-valued text column (a product description not in
  the value index) is looked up in the data: one exact, case- and punctuation-insensitive query per
  candidate column, the words passed as sqlglot literals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from catalog.database import QueryCancelled, QueryError
from catalog.semantic import Role
from nlq.build import join_path
from nlq.grammar import word_set
from nlq.lexicon import Contained, Mention, Sense
from nlq.schema import Col, Schema, label_columns, names_things
from nlq.text import phrase_tokens

if TYPE_CHECKING:
    from catalog import Catalog

MIN_WORDS = 2
"""Shorter runs are too likely to be a stray word inside some value."""
MAX_WORDS = 8
MAX_CANDIDATES = 200
MAX_CONTAINED = 4
"""Runs searched inside values at most (one scan per column checks them all)."""
"""Spans sent to the data in one query at most."""
LOOKUP_ROLES = (Role.DIMENSION, Role.OTHER, Role.IDENTIFIER, Role.FOREIGN_KEY)
"""Text columns searched (codes too: "customer CS5295" is a key written as text)."""
OPEN_KINDS = {"stop", "colword", "colsuffix", "unit", "list", "followup"}
"""Mentions that may be words of a value (besides unknown words): weak or filler readings."""


@dataclass(frozen=True)
class Found:
    """Mentions with a looked-up value in place of unknown words, and a note on what was read."""

    mentions: list[Mention]
    notes: tuple[str, ...] = ()
    clarify: str | None = None
    tokens: tuple[int, int] = (0, 0)
    """The question's token range [start, end) that was read as a value."""


def has_unknown(mentions: list[Mention]) -> bool:
    return any(not m.senses for m in mentions)


def _spans(mentions: list[Mention], least: int = MIN_WORDS) -> list[tuple[int, int]]:
    """Mention index ranges [i, j) of 2..MAX_WORDS words that hold an unknown word and only open words."""
    out: list[tuple[int, int]] = []
    searched = _searched(mentions)
    for i in range(len(mentions)):
        if i in searched:
            continue  # "reviews that say runs small": the words searched for, not a stored value
        words = 0
        unknown = False
        for j in range(i, len(mentions)):
            m = mentions[j]
            inner_number = j > i and m.kinds == {"number"}  # "cakestand 3 tier"
            # "customer 6708-DPYTF": a code that starts with digits, an unknown word right after them
            code_head = (
                j == i and m.kinds == {"number"} and i + 1 < len(mentions) and not mentions[i + 1].senses
            )
            if m.senses and not m.kinds <= OPEN_KINDS and not inner_number and not code_head:
                break
            words += len(m.text.split())
            unknown = unknown or not m.senses
            if words > MAX_WORDS:
                break
            edge_ok = mentions[i].senses == [] or not mentions[i].kinds <= {"stop"}
            last_ok = not m.kinds <= {"stop"} or not m.senses
            if words >= least and unknown and edge_ok and last_ok:
                out.append((i, j + 1))
    return out


def _proper_spans(mentions: list[Mention]) -> list[tuple[int, int]]:
    """Runs of 2+ words, and single unknown words of letters (a name: "Cleveland", looked up exactly)."""

    def one_name(s: tuple[int, int]) -> bool:
        words = _words(mentions, s)
        return len(words) == 1 and not mentions[s[0]].senses and words[0].isalpha() and len(words[0]) >= 3

    return [s for s in _spans(mentions, least=1) if len(_words(mentions, s)) > 1 or one_name(s)]


def _searched(mentions: list[Mention]) -> set[int]:
    """Indexes of the words after a free-text search word ("mention", "that say"): searched, never values."""
    out: set[int] = set()
    for k, m in enumerate(mentions):
        if m.has("contains"):
            j = k + 1
            while j < len(mentions) and (not mentions[j].senses or mentions[j].kinds <= OPEN_KINDS):
                out.add(j)
                j += 1
    return out


def _words(mentions: list[Mention], span: tuple[int, int]) -> tuple[str, ...]:
    return tuple(w for m in mentions[span[0] : span[1]] for w in m.text.split())


def _token_range(mentions: list[Mention], span: tuple[int, int]) -> tuple[int, int]:
    return mentions[span[0]].start, mentions[span[1] - 1].end


def _inside(run: tuple[str, ...], value: tuple[str, ...]) -> bool:
    """The words run inside the value's, never right after a negation ("monetary relief" is not in
    'Closed with non-monetary relief')."""
    n = len(run)
    return any(
        value[i : i + n] == run and not (i and value[i - 1] in DENYING) for i in range(len(value) - n + 1)
    )


DENYING = frozenset({"non", "not", "no", "un"})
"""Words before a run of a value's words that deny it."""


def _replace(mentions: list[Mention], span: tuple[int, int], senses: list[Sense]) -> list[Mention]:
    first, last = mentions[span[0]], mentions[span[1] - 1]
    words = " ".join(_words(mentions, span))
    return [*mentions[: span[0]], Mention(first.start, last.end, words, senses), *mentions[span[1] :]]


def partial_values(schema: Schema, mentions: list[Mention]) -> Found | None:
    """The longest run that lies inside stored values of the indexed columns."""
    spans = sorted(_spans(mentions), key=lambda s: -len(_words(mentions, s)))
    for span in spans:
        run = _words(mentions, span)
        hits = [
            (c, v)
            for c in schema.columns()
            for v in c.values
            # (or the whole of a code the value index keeps but the lexicon does not say: 'CUST_05')
            if isinstance(v, str) and len(phrase_tokens(v)) >= len(run) and _inside(run, phrase_tokens(v))
        ]
        if not hits:
            continue
        named = {c.qualified for c in {c.qualified: c for c, _ in hits}.values() if names_things(c)}
        titled = [(c, v) for c, v in hits if c.qualified in named]
        if len({c.qualified for c, _ in titled}) == 1:
            hits = titled  # ("echo show" of product names, beside a long list of categories holding it)
        columns = {c.qualified for c, _ in hits}
        if 1 < len(hits) <= MAX_NAMED and len(columns) == 1 and columns <= named:
            # "Echo Show reviews" of two product names holding it: every one of them, said so
            c = hits[0][0]
            values = [v for _, v in hits]
            senses = [Sense("value", c.qualified, v) for v in values]
            listed = ", ".join(f"'{v}'" for v in values)
            note = f"read '{' '.join(run)}' as the {len(values)} {c.name} values holding it: {listed}"
            return Found(_replace(mentions, span, senses), (note,), tokens=_token_range(mentions, span))
        if len(hits) > 1 and len({v for _, v in hits}) == 1 and len({c.name for c, _ in hits}) == 1:
            # "young singles" of LIFESTAGE copied onto the purchases beside the members' own: one value
            v = hits[0][1]
            senses = [Sense("value", c.qualified, v) for c, _ in hits]
            note = f"read '{' '.join(run)}' as {hits[0][0].name} '{v}'"
            return Found(_replace(mentions, span, senses), (note,), tokens=_token_range(mentions, span))
        if len(hits) > 1:
            listed = ", ".join(f"'{v}'" for _, v in hits[:8])
            return Found(
                mentions,
                clarify=f"'{' '.join(run)}' is part of several values: {listed}; which one?",
                tokens=_token_range(mentions, span),
            )
        c, v = hits[0]
        senses = [Sense("value", c.qualified, v)]
        note = f"read '{' '.join(run)}' as {c.name} '{v}'"
        return Found(_replace(mentions, span, senses), (note,), tokens=_token_range(mentions, span))
    return _brand_of_model(schema, mentions)


MAX_NAMED = 8
"""A run inside at most this many names of one column is all of them (more: asked which)."""


def _brand_of_model(schema: Schema, mentions: list[Mention]) -> Found | None:
    """ "iPhone users" where a Device Model is 'iPhone 12': one unknown word that opens exactly one
    stored value whose other words hold a model number (a brand said without its model)."""
    for k, m in enumerate(mentions):
        if m.senses or len(m.text.split()) != 1:
            continue
        hits = [
            (c, v)
            for c in schema.columns()
            for v in c.values
            if isinstance(v, str)
            and (words := phrase_tokens(v))[:1] == (m.text,)
            and any(ch.isdigit() for w in words[1:] for ch in w)
        ]
        if len(hits) != 1:
            continue
        c, v = hits[0]
        found = _replace(mentions, (k, k + 1), [Sense("value", c.qualified, v)])
        return Found(
            found, (f"read '{m.text}' as {c.name} '{v}'",), tokens=_token_range(mentions, (k, k + 1))
        )
    return None


def _candidates(schema: Schema, mentions: list[Mention]) -> list[Col]:
    """Many-valued text columns of the tables the question names and those their keys point at (all
    tables if it names none)."""
    named = {
        str(s.key).split(".", 1)[0]
        for m in mentions
        for s in m.senses
        if s.kind in ("entity", "column", "colword", "value", "flag", "timecol")
    }
    named |= {r.ref_table for r in schema.relations if r.table in named}  # "Led Zeppelin albums": artists
    tables = [t for t in schema.tables.values() if t.name in named] or list(schema.tables.values())
    return [
        c
        for t in tables
        for c in t.columns.values()
        if c.role in LOOKUP_ROLES and c.dtype.startswith("VARCHAR") and not c.values and c.formula is None
    ]


def _stored_as(catalog: Catalog, c: Col, word: str) -> tuple[Any, int] | None:
    """(a stored value of the column that reads as `word`, how many different stored values do), one
    exact query with the word as a literal; None when the column cannot be queried so."""
    ref = exp.column(c.name, quoted=True)
    query = (
        exp.select(exp.func("min", ref), exp.func("count", exp.Distinct(expressions=[ref])))
        .from_(exp.table_(c.table, quoted=True))
        .where(
            exp.or_(
                exp.EQ(this=_norm(ref), expression=exp.Literal.string(word)),
                # "Delhi" of 'Delhi, India': the place before its region or country
                exp.and_(
                    exp.Like(this=ref.copy(), expression=exp.Literal.string("%,%")),
                    exp.EQ(
                        this=_norm(
                            exp.func("split_part", ref.copy(), exp.Literal.string(","), exp.Literal.number(1))
                        ),
                        expression=exp.Literal.string(word),
                    ),
                ),
            )
        )
    )
    try:
        stored, variants = catalog.run(query).rows[0]
    except QueryCancelled:
        raise
    except QueryError:
        return None
    return stored, int(variants)


def _norm(expr: Any) -> Any:
    """lower(col) with every run of non-alphanumerics as one space and letters apart from digits,
    trimmed (as questions are tokenised: 'CS5295' is "cs 5295")."""
    text: Any = exp.func("lower", expr)
    for pattern, spaced in (
        ("([a-z])([0-9])", "\\1 \\2"),
        ("([0-9])([a-z])", "\\1 \\2"),
        ("[^a-z0-9]+", " "),
    ):
        text = exp.Anonymous(
            this="regexp_replace",
            expressions=[
                text,
                exp.Literal.string(pattern),
                exp.Literal.string(spaced),
                exp.Literal.string("g"),
            ],
        )
    return exp.func("trim", text)


def data_values(schema: Schema, catalog: Catalog, mentions: list[Mention]) -> Found | None:
    """The longest run equal to a value of a many-valued text column, looked up in the data."""
    spans = _proper_spans(mentions)[:MAX_CANDIDATES]
    columns = _candidates(schema, mentions)
    if not spans or not columns:
        return None
    texts = sorted({" ".join(_words(mentions, s)) for s in spans})
    hits: dict[str, list[tuple[Col, str]]] = {}
    for c in columns:
        ref = exp.column(c.name, quoted=True)
        key = _norm(ref)
        query = (
            exp.select(
                exp.alias_(key, "k"), exp.func("min", ref), exp.func("count", exp.Distinct(expressions=[ref]))
            )
            .from_(exp.table_(c.table, quoted=True))
            .where(key.copy().isin(*[exp.Literal.string(t) for t in texts]))
            .group_by(exp.column("k"))
            .limit(len(texts))
        )
        try:
            rows = catalog.run(query).rows
        except QueryCancelled:
            raise
        except QueryError:
            continue
        for k, stored, variants in rows:
            if " " not in str(k) and not set(c.words) & PLACE_COLUMN_WORDS:
                continue  # one word is looked up only as a place ("Cleveland"), never a username 'Echo'
            if variants > 1:
                # 'Holder' and 'HOLDER ' both stored: an equality on one would miss the other
                return Found(
                    mentions, clarify=f"'{k}' is stored in {variants} spellings in {c.name}; which one?"
                )
            hits.setdefault(str(k), []).append((c, str(stored)))
    if not hits:
        return _contained(catalog, columns, mentions)
    span = max((s for s in spans if " ".join(_words(mentions, s)) in hits), key=lambda s: s[1] - s[0])
    text = " ".join(_words(mentions, span))
    senses = [Sense("value", c.qualified, v) for c, v in hits[text]]
    notes = tuple(f"found '{text}' in {c.name} ('{v}')" for c, v in hits[text])
    return Found(_replace(mentions, span, senses), notes, tokens=_token_range(mentions, span))


def _bare_spans(mentions: list[Mention]) -> list[tuple[int, int]]:
    """Maximal runs of 2+ unknown words (numbers allowed inside), longest first."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(mentions):
        j = i
        while j < len(mentions) and (not mentions[j].senses or (j > i and mentions[j].kinds == {"number"})):
            j += 1
        if len(_words(mentions, (i, j))) >= MIN_WORDS:
            out.append((i, j))
        i = max(j, i + 1)
    return sorted(out, key=lambda s: -len(_words(mentions, s)))[:MAX_CONTAINED]


def _first_row(catalog: Catalog, query: exp.Select) -> tuple[Any, ...] | None:
    """The first row of a look-up query, or None where the column cannot be searched so (a cancel stops)."""
    try:
        return catalog.run(query).rows[0]
    except QueryCancelled:
        raise
    except QueryError:
        return None


def _contained(catalog: Catalog, columns: list[Col], mentions: list[Mention]) -> Found | None:
    """A run of unknown words inside the values of a many-valued text column (one scan per column):
    inside exactly one value, that value; inside several, ask which."""
    spans = _bare_spans(mentions)
    if not spans:
        return None
    texts = [" ".join(_words(mentions, s)) for s in spans]
    found: dict[int, list[tuple[Col, int, str, str]]] = {}
    for c in columns:
        ref = exp.column(c.name, quoted=True)
        padded = exp.DPipe(
            this=exp.DPipe(this=exp.Literal.string(" "), expression=_norm(ref)),
            expression=exp.Literal.string(" "),
        )
        likes = [exp.Like(this=padded.copy(), expression=exp.Literal.string(f"% {t} %")) for t in texts]
        selects: list[exp.Expr] = []
        for like in likes:
            when = exp.If(this=like.copy(), true=ref.copy())
            picked = exp.Case(ifs=[when])
            selects += [
                exp.func("count", exp.Distinct(expressions=[picked])),
                exp.func("min", picked.copy()),
                exp.func("max", picked.copy()),
            ]
        query = exp.select(*selects).from_(exp.table_(c.table, quoted=True)).where(exp.or_(*likes))
        row = _first_row(catalog, query)
        if row is None:
            continue
        for n in range(len(texts)):
            count, low, high = row[3 * n : 3 * n + 3] if row else (0, None, None)
            if count:
                found.setdefault(n, []).append((c, int(count), str(low), str(high)))
    if not found:
        return None
    n = min(found)  # the longest run with a hit
    text, span, hits = texts[n], spans[n], found[n]
    tokens = _token_range(mentions, span)
    if len(hits) == 1 and hits[0][1] == 1:
        c, _, value, _ = hits[0]
        senses = [Sense("value", c.qualified, value)]
        note = f"read '{text}' as {c.name} '{value}'"
        return Found(_replace(mentions, span, senses), (note,), tokens=tokens)
    total = sum(h[1] for h in hits)
    examples = ", ".join(f"'{low}', '{high}'" for _, _, low, high in hits[:2])
    return Found(
        mentions,
        clarify=f"'{text}' is part of {total} different values (e.g. {examples}); which one?",
        tokens=tokens,
    )


GOODS_WORDS = word_set("goods_words")
"""Words after a brand that say it names the goods ("Sony products", "Yeti units")."""
BRAND_MIN_VALUES = 2
"""Distinct values a word must open to be a brand of them (one value is that value: _brand_of_model)."""


def brand_values(schema: Schema, catalog: Catalog, mentions: list[Mention]) -> Found | None:
    """ "Sony products", "Yeti units": one unknown word before a word for goods that opens at least two
    stored values of exactly one many-valued text column ('Sony WH-1000XM4', 'Sony PlayStation 5') is
    the values containing it (one query per candidate column, the word a sqlglot literal)."""
    at = [
        k
        for k, m in enumerate(mentions[:-1])
        if not m.senses
        and len(m.text.split()) == 1
        and m.text.isalpha()
        and mentions[k + 1].text.split()[0] in GOODS_WORDS
    ]
    if len(at) != 1:
        return None
    k = at[0]
    word = mentions[k].text
    hits: list[tuple[Col, str, int]] = []
    for c in schema.columns():
        # the value index's own text columns: their stored values read here
        opened = sorted({str(v) for v in c.values if isinstance(v, str) and phrase_tokens(v)[:1] == (word,)})
        if len(opened) >= BRAND_MIN_VALUES and " " in opened[0]:
            hits.append((c, opened[0].split()[0], len(opened)))
    for c in _candidates(schema, mentions):
        ref = exp.column(c.name, quoted=True)
        opens = exp.Like(this=exp.Lower(this=ref.copy()), expression=exp.Literal.string(f"{word} %"))
        first = exp.func(
            "split_part", exp.func("min", ref.copy()), exp.Literal.string(" "), exp.Literal.number(1)
        )
        query = (
            exp.select(first, exp.func("count", exp.Distinct(expressions=[ref.copy()])))
            .from_(exp.table_(c.table, quoted=True))
            .where(opens)
        )
        row = _first_row(catalog, query)
        if row and row[1] and row[1] >= BRAND_MIN_VALUES:
            hits.append((c, str(row[0]), int(row[1])))
    if len(hits) != 1:
        return None
    c, brand, n = hits[0]
    found = _replace(mentions, (k, k + 1), [Sense("value", c.qualified, Contained(brand))])
    note = f"read '{word}' as a brand: {c.name} holding '{brand}' ({n} values start with it)"
    return Found(found, (note,), tokens=_token_range(mentions, (k, k + 1)))


PLACE_COLUMN_WORDS = {
    "city",
    "location",
    "town",
    "state",
    "country",
    "province",
    "place",
    "district",
    "address",
}
"""Name words of columns that hold where a record is: searched for a place name said after "in"/"from"."""
PLACE_WORDS = {"in", "from", "to"}
"""Words before a one-word name that say it is where the records are ("customers who live in Canada")."""


def place_values(schema: Schema, catalog: Catalog, mentions: list[Mention]) -> Found | None:
    """One unknown word after "in"/"from"/"to" that is the name of exactly one record of a table the
    question's records reach through many-to-one joins (customer -> address -> city -> country): that
    name ("Canada" in country.country). Only the name columns of those tables are looked up."""
    unknown = [i for i, m in enumerate(mentions) if not m.senses]
    if len(unknown) != 1:
        return None
    i = unknown[0]
    word = mentions[i].text
    if not word.isalpha() or len(word) < 3 or i == 0 or mentions[i - 1].text not in PLACE_WORDS:
        return None
    named = {
        str(s.key).split(".", 1)[0]
        for m in mentions
        for s in m.senses
        if s.kind in ("entity", "column", "colword", "value", "flag", "timecol")
    }
    reached = {t for t in schema.tables for n in named if join_path(schema, n, t) is not None}
    labels = [q for t in sorted(reached) for q in label_columns(schema, t)]
    # "transactions from Pune": a place column of many values (CustLocation), named like a place
    places = [
        c.qualified
        for t in sorted(reached)
        for c in schema.tables[t].columns.values()
        if set(c.words) & PLACE_COLUMN_WORDS and c.qualified not in labels and c.role in LOOKUP_ROLES
    ]
    columns = [
        schema.col(q)
        for q in [*labels, *places]
        if schema.col(q).dtype.startswith("VARCHAR") and not schema.col(q).values
    ]
    hits: list[tuple[Col, str]] = []
    for c in columns:
        found = _stored_as(catalog, c, word)
        if found is None:
            continue
        stored, variants = found
        if variants == 1:
            hits.append((c, str(stored)))
        elif variants:
            return None
    if len(hits) != 1:
        return None
    c, value = hits[0]
    span = (i, i + 1)
    note = f"found '{word}' in {c.name} ('{value}')"
    return Found(
        _replace(mentions, span, [Sense("value", c.qualified, value)]),
        (note,),
        tokens=_token_range(mentions, span),
    )


def named_values(schema: Schema, catalog: Catalog, mentions: list[Mention]) -> Found | None:
    """One unknown word right after the name of one many-valued text column ("country code PRT",
    "country PRT") that is a stored value of that column (one exact query): that value."""
    named: list[tuple[int, str]] = []
    for i, m in enumerate(mentions):
        j = i - 1
        while j > 0 and mentions[j].kinds == {"colsuffix"}:
            j -= 1
        keys = {str(s.key) for s in mentions[j].senses if s.kind == "column"} if i and not m.senses else set()
        if len(keys) == 1 and mentions[j].kinds == {"column"}:
            named.append((i, keys.pop()))
    if len(named) != 1:
        return None
    i, q = named[0]
    word = mentions[i].text
    c = schema.col(q)
    if not word.isalnum() or not c.dtype.startswith("VARCHAR") or c.values or c.formula is not None:
        return None
    found = _stored_as(catalog, c, word)
    if found is None or found[1] != 1:
        return None
    stored = found[0]
    span = (i, i + 1)
    return Found(
        _replace(mentions, span, [Sense("value", c.qualified, str(stored))]),
        (f"found '{word}' in {c.name} ('{stored}')",),
        tokens=_token_range(mentions, span),
    )
