"""One spelling per category value: values of a few-valued text column that differ only in letter case
('Premium', 'PREMIUM', 'premium') are one value, written as its most common spelling; a value written
as the initials of exactly one other value of its column ('CC' beside 'Credit Card', 'COD' beside 'Cash
on Delivery') is that value, written out.

A person grouping by such a column expects one group per value, and a filter on 'premium' or 'credit
card' means every way it is written. Identifier columns keep their values (a code's case may be part of
it), and so do user names and logins ('Mike' and 'mike' are two reviewers' handles). Each rewrite is one
change line.
"""

from __future__ import annotations

import re

import duckdb
from sqlglot import exp

from catalog.concepts import same_value_spellings
from catalog.loaders import aggregate, snake_case, storage_stats
from catalog.trees import column, count_star, create_table, describe, sql, table_ref

MAX_VALUES = 60
"""A text column with at most this many distinct values is a category (as in catalog.roles)."""
MAX_NAMES = 5000
NAME_LENGTH = 60
"""A text column with more values, none longer than this, holds names (of customers, products): values
that differ only in letter case are one name too. Longer text is free text and is left as written."""
DIGIT = re.compile(r"\d")
ID_NAME = re.compile(
    r"(^|_)(id|key|no|num|number|code|uuid|guid|sku|username|user_name|handle|login|screen_name)$"
)
INITIALS = re.compile(r"[A-Z]{2,5}")
"""A value that may be initials: two to five capitals ('CC', 'COD')."""
WORD_SPLIT = re.compile(r"[\s/&-]+")
SMALL_WORDS = frozenset({"of", "on", "and", "the", "in", "for", "to", "by"})


def unify_case(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Rewrite `table` so each category value has one letter case; the change lines."""
    schema = [(r[0], r[1]) for r in con.execute(describe(table)).fetchall()]
    text = [c for c, t in schema if t == "VARCHAR" and not ID_NAME.search(snake_case(c))]
    stats = storage_stats(con, table, text)
    few = [c for c in text if int(stats.get(c, {}).get("approx_unique", MAX_NAMES + 1)) <= 2 * MAX_NAMES]
    if not few:
        return []
    exprs = [
        e
        for c in few
        for e in (_distinct(column(c)), _distinct(exp.Lower(this=column(c))), _longest(column(c)))
    ]
    counts = aggregate(con, table_ref(table), exprs)
    kept = [(i, c) for i, c in enumerate(few) if counts[3 * i] <= MAX_VALUES]
    named = [
        (i, c)
        for i, c in enumerate(few)
        if MAX_VALUES < counts[3 * i] <= MAX_NAMES
        and counts[3 * i + 1] < counts[3 * i]
        and (counts[3 * i + 2] or 0) <= NAME_LENGTH
    ]
    listed = aggregate(
        con, table_ref(table), [exp.ArrayAgg(this=exp.Distinct(expressions=[column(c)])) for _, c in kept]
    )
    rewrites: dict[str, exp.Expr] = {}
    changes: list[str] = []
    for (i, c), values in zip(kept, listed, strict=True):
        mixed = counts[3 * i + 1] < counts[3 * i]
        spelling = _spellings(con, table, c) if mixed else {}
        written_out = _initials([v for v in values or () if isinstance(v, str)])
        written_out |= _short_forms(con, table, c, [v for v in values or () if isinstance(v, str)])
        marked = _sort_marked([v for v in values or () if isinstance(v, str)])
        if marked:
            shown = "; ".join(f"{m!r} as {v!r}" for m, v in marked.items())
            changes.append(f"{table}.{c}: a sorting mark before values left out: {shown}")
            written_out |= marked
        if not spelling and not written_out:
            continue
        case = exp.Case()
        for lower, (chosen, _) in spelling.items():
            case = case.when(_lower_is(c, lower), exp.Literal.string(chosen))
        for short, full in written_out.items():
            chosen = spelling.get(full.lower(), (full, []))[0]
            case = case.when(_lower_is(c, short.lower()), exp.Literal.string(chosen))
        rewrites[c] = case.else_(column(c))
        if spelling:
            shown = "; ".join(f"{', '.join(map(repr, o))} as {ch!r}" for ch, o in list(spelling.values())[:3])
            more = f" (and {len(spelling) - 3} more)" if len(spelling) > 3 else ""
            changes.append(f"{table}.{c}: values in another letter case read as one value: {shown}{more}")
        shorts = {k: v for k, v in written_out.items() if k not in marked}
        if shorts:
            shown = "; ".join(f"{s!r} as {f!r}" for s, f in shorts.items())
            changes.append(f"{table}.{c}: short forms read as the value they stand for: {shown}")
    for _, c in named:  # names ('Natheliya', 'NATHELIYA'): letter case only, never initials
        # a code with digits ('btm002' beside 'BTM002') keeps its case: it may be part of the code
        spelling = {k: v for k, v in _spellings(con, table, c).items() if not DIGIT.search(k)}
        if not spelling:
            continue
        case = exp.Case()
        for lower, (chosen, _) in spelling.items():
            case = case.when(_lower_is(c, lower), exp.Literal.string(chosen))
        rewrites[c] = case.else_(column(c))
        shown = "; ".join(f"{', '.join(map(repr, o))} as {ch!r}" for ch, o in list(spelling.values())[:3])
        more = f" (and {len(spelling) - 3} more)" if len(spelling) > 3 else ""
        changes.append(f"{table}.{c}: values in another letter case read as one value: {shown}{more}")
    if rewrites:
        items = [rewrites[c].as_(c, quoted=True) if c in rewrites else column(c) for c, _ in schema]
        query = exp.select(*items, copy=False).from_(table_ref(table), copy=False)
        con.execute(create_table(table, query, replace=True))
    return changes


SORT_MARK = re.compile(r"z_(?=\S)")
"""A mark some exports put before one level of a category to sort it last ('z_No', 'z_SUV', 'z_F')."""


def _sort_marked(values: list[str]) -> dict[str, str]:
    """{'z_No': 'No'}: values carrying a sorting mark, read without it, when no other value is written so
    already and some value of the column has no mark (the mark is then no part of the names)."""
    marked = {v: SORT_MARK.sub("", v, count=1) for v in values if SORT_MARK.match(v)}
    plain = set(values) - set(marked)
    return {m: v for m, v in marked.items() if v not in values} if plain else {}


def _lower_is(c: str, lower: str) -> exp.Expr:
    return exp.EQ(this=exp.Lower(this=column(c)), expression=exp.Literal.string(lower))


PREFIX_MIN = 3
"""Capitals that begin one other value of one word stand for it from this many letters ('VIC', 'QLD' no)."""


def _initials(values: list[str]) -> dict[str, str]:
    """{initials: the one other value they stand for} among a column's values: 'CC' -> 'Credit Card',
    'COD' -> 'Cash on Delivery' (its small words counted or not). Initials that fit several values, or
    none, stay as they are."""
    out: dict[str, str] = {}
    for short in values:
        if not INITIALS.fullmatch(short.strip()):
            continue
        fits = [v for v in values if v != short and short.strip().lower() in _initials_of(v)]
        if not fits and len(short.strip()) >= PREFIX_MIN:
            # 'VIC' beside 'Victoria' (and 'NSW' beside 'New South Wales'): the first letters of one word
            fits = [
                v
                for v in values
                if v != short and " " not in v.strip() and v.strip().lower().startswith(short.strip().lower())
            ]
        if len(fits) == 1:
            out[short] = fits[0]
    return out


def _short_forms(con: duckdb.DuckDBPyConnection, table: str, c: str, values: list[str]) -> dict[str, str]:
    """{rarer form: commoner form} of one value stored two known ways ('W' beside 'Women', 'M' beside
    'Men': concepts.yaml value_words), in a column whose every value is a known form of a few values."""
    groups = same_value_spellings()
    if len(values) < 2 or not all(any(v.strip().lower() in g for g in groups) for v in values):
        return {}
    pairs = [[v for v in values if v.strip().lower() in g] for g in groups]
    pairs = [held for held in pairs if len({v.strip().lower() for v in held}) >= 2]
    if not pairs:
        return {}
    query = (
        exp.select(column(c), count_star(), copy=False)
        .from_(table_ref(table), copy=False)
        .group_by(column(c))
    )
    counts = dict(con.execute(sql(query)).fetchall())
    out = {}
    for held in pairs:
        held.sort(key=lambda v: (-counts.get(v, 0), v))
        out.update({v: held[0] for v in held[1:] if v.strip().lower() != held[0].strip().lower()})
    return out


def _initials_of(value: str) -> set[str]:
    """The initials of a value of two or more words, with and without its small words ('of', 'on')."""
    words = [w for w in WORD_SPLIT.split(value.strip().lower()) if w]
    if len(words) < 2:
        return set()
    big = [w for w in words if w not in SMALL_WORDS]
    return {"".join(w[0] for w in words), "".join(w[0] for w in big)} - {""}


def _longest(q: exp.Expr) -> exp.Expr:
    return exp.Max(this=exp.Length(this=q))


def _distinct(q: exp.Expr) -> exp.Expr:
    return exp.Count(this=exp.Distinct(expressions=[q]))


def _spellings(con: duckdb.DuckDBPyConnection, table: str, c: str) -> dict[str, tuple[str, list[str]]]:
    """Per lower-cased value written in several cases: (the spelling kept, the others). The kept one is
    the most frequent; on a tie, one in mixed case ('Premium'), then the first in sort order."""
    query = (
        exp.select(column(c), count_star(), copy=False)
        .from_(table_ref(table), copy=False)
        .where(column(c).is_(exp.null()).not_(), copy=False)
        .group_by(column(c), copy=False)
    )
    groups: dict[str, list[tuple[str, int]]] = {}
    for value, n in con.execute(sql(query)).fetchall():
        groups.setdefault(value.lower(), []).append((value, n))
    out: dict[str, tuple[str, list[str]]] = {}
    for lower, forms in sorted(groups.items()):
        if len(forms) > 1:
            forms.sort(key=lambda f: (-f[1], f[0] in (f[0].lower(), f[0].upper()), f[0]))
            out[lower] = (forms[0][0], [f for f, _ in forms[1:]])
    return out
