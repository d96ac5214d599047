"""Correlation questions: "is X correlated with Y", "X vs Y", "what correlates with Y" (by G).

The shapes are data (grammar/correlation.yaml); this module matches them against the question's tokens,
binds each slot to one column through the Lexicon's mentions and builds the query as a sqlglot tree:
Pearson's r (DuckDB CORR; a yes/no column is read as 1/0, the point-biserial correlation) or Spearman's
rank correlation (CORR of average ranks), with the number of pairs holding both values, per group when
asked. The interval and the plain sentence are computed from r and n (`fisher_interval`, `strength`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlglot import exp

from catalog.semantic import Role
from catalog.skills import expand
from nlq.build import cond_sql, numeric, ref
from nlq.finish import flag_cond
from nlq.intent import Cond
from nlq.lexicon import Mention
from nlq.recognize import Decline
from nlq.schema import Col, Schema

GRAMMAR = Path(__file__).resolve().parent / "grammar" / "correlation.yaml"
Z95 = 1.959963984540054
"""The 97.5% quantile of the standard normal distribution."""
MAX_SLOT = 6
"""A slot spans at most this many tokens."""
FILLER = {"stop", "entity"}
"""Mentions a slot may hold besides its column ("the", "our", "customers'")."""


@dataclass(frozen=True)
class Correlation:
    """A correlation question understood: columns of one table, maybe per group."""

    table: str
    y: str
    """The qualified column the others are correlated with."""
    xs: tuple[str, ...]
    """One column for a pair ("X and Y"); every candidate column for "what correlates with Y"."""
    group: str | None = None
    filters: tuple[Cond, ...] = ()
    """Conditions on the rows ("in the North", "for non-smokers")."""
    method: str = "pearson"
    """"pearson" or "spearman"."""
    ranked: bool = False
    """"what correlates with Y": the columns ranked by |r| (top `top`)."""
    top: int = 10
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class _Template:
    kind: str
    """pair, weak_pair or one."""
    parts: tuple[str, ...]
    """Literal tokens and slots ("{x}")."""


@cache
def grammar() -> dict[str, Any]:
    return yaml.safe_load(GRAMMAR.read_text(encoding="utf-8"))


@cache
def templates() -> tuple[_Template, ...]:
    """Every sentence shape, longest (most literal words) first."""
    out: list[_Template] = []
    for kind in ("pair", "one", "weak_pair"):
        for template in grammar()[kind]:
            for phrase in expand(template):
                out.append(_Template(kind, tuple(phrase.split())))
    out.sort(key=lambda t: (-sum(not p.startswith("{") for p in t.parts), t.kind == "weak_pair"))
    return tuple(out)


@cache
def _index() -> dict[str, tuple[tuple[int, _Template, frozenset[str]], ...]]:
    """Each shape under its rarest literal word (with all its literal words): a question is matched only
    against the shapes whose words it holds, so that every other question pays almost nothing."""
    shapes = templates()
    counts: dict[str, int] = {}
    for t in shapes:
        for w in set(t.parts):
            counts[w] = counts.get(w, 0) + 1
    out: dict[str, list[tuple[int, _Template, frozenset[str]]]] = {}
    for k, t in enumerate(shapes):
        literal = frozenset(p for p in t.parts if not p.startswith("{"))
        key = min(literal, key=lambda w: (counts[w], w))
        out.setdefault(key, []).append((k, t, literal))
    return {k: tuple(v) for k, v in out.items()}


def _shapes(toks: list[str]) -> list[_Template]:
    """The shapes whose literal words are all in the question, in the order of `templates()`."""
    have = set(toks)
    index = _index()
    found = [(k, t) for w in have for k, t, literal in index.get(w, ()) if literal <= have]
    return [t for _, t in sorted(found, key=lambda kt: kt[0])]


def words() -> set[str]:
    """Every literal word of the grammar: known words, never 'corrected' into schema words."""
    out = {p for t in templates() for p in t.parts if not p.startswith("{")}
    return out | {w for ws in grammar()["methods"].values() for w in ws}


def strength(r: float) -> str:
    """ "weak", "moderate"... by |r| (grammar strength bounds)."""
    for bound, word in grammar()["strength"]:
        if abs(r) < bound:
            return str(word)
    return str(grammar()["strength"][-1][1])


def strength_rule() -> str:
    """The bounds in words: "|r| < 0.1 negligible, < 0.3 weak, < 0.5 moderate, otherwise strong"."""
    bounds = grammar()["strength"]
    parts = [f"< {b} {w}" for b, w in bounds[:-1]]
    return f"|r| {', '.join(parts)}, otherwise {bounds[-1][1]}"


def fisher_interval(
    r: float | None, n: int, method: str = "pearson"
) -> tuple[float, float] | tuple[None, None]:
    """The 95% interval of a correlation by Fisher's z: tanh(atanh(r) ± 1.96·se), se = 1/√(n−3)
    (Spearman: √(1.06/(n−3)), Fieller et al.); none below 4 pairs.

    >>> [round(v, 4) for v in fisher_interval(0.5, 28)]
    [0.156, 0.7358]
    """
    if r is None or math.isnan(r) or n < 4:
        return None, None
    if abs(r) >= 1:
        return r, r
    se = math.sqrt((1.06 if method == "spearman" else 1.0) / (n - 3))
    z = math.atanh(r)
    return math.tanh(z - Z95 * se), math.tanh(z + Z95 * se)


# ------------------------------------------------------------------------------------------ reading
def read_correlation(
    schema: Schema, toks: list[str], mentions: list[Mention], skill_words: bool = False
) -> Correlation | None:
    """The correlation a question asks for, or None when it is not a correlation question.

    Raises Decline for a correlation question that cannot be answered as asked (a category, an
    unknown word, columns of two tables). `skill_words`: a skill's phrase is in the question ("what
    drives churn"): the one-column shape is left to the skill."""
    for t in _shapes(toks):
        if t.kind == "one" and skill_words:
            continue
        found = _match(t.parts, toks, _cuts(mentions))
        if found is None:
            continue
        start, end, slots = found
        try:
            return _bind(schema, t, toks, mentions, start, end, slots)
        except Decline:
            if t.kind == "weak_pair":
                return None
            raise
    return None


def _cuts(mentions: list[Mention]) -> tuple[set[int], set[int]]:
    """Token positions inside a phrase that names something ("total | bill"): never a slot's edge; and
    the positions of stop words, which never make a slot alone ("the | advertising budget")."""
    inner = {j for m in mentions if not m.kinds <= FILLER for j in range(m.start + 1, m.end)}
    stops = {j for m in mentions if m.kinds <= {"stop"} for j in range(m.start, m.end)}
    return inner, stops


def _match(
    parts: tuple[str, ...], toks: list[str], cuts: tuple[set[int], set[int]]
) -> tuple[int, int, dict[str, tuple[int, int]]] | None:
    """The template's first place in the tokens: (start, end, slot -> token span)."""
    for start in range(len(toks)):
        got = _at(parts, toks, start, {}, cuts)
        if got is not None:
            return start, got[0], got[1]
    return None


def _at(
    parts: tuple[str, ...],
    toks: list[str],
    i: int,
    slots: dict[str, tuple[int, int]],
    cuts: tuple[set[int], set[int]],
) -> tuple[int, dict[str, tuple[int, int]]] | None:
    if not parts:
        return i, slots
    head, rest = parts[0], parts[1:]
    if not head.startswith("{"):
        if i < len(toks) and toks[i] == head:
            return _at(rest, toks, i + 1, slots, cuts)
        return None
    inner, stops = cuts
    if i in inner:
        return None
    for j in range(i + 1, min(len(toks), i + MAX_SLOT) + 1):
        if j in inner or all(k in stops for k in range(i, j)):
            continue
        got = _at(rest, toks, j, {**slots, head.strip("{}"): (i, j)}, cuts)
        if got is not None:
            return got
    return None


def _within(mentions: list[Mention], a: int, b: int) -> list[Mention]:
    return [m for m in mentions if m.start >= a and m.end <= b]


def _bind(
    schema: Schema,
    t: _Template,
    toks: list[str],
    mentions: list[Mention],
    start: int,
    end: int,
    slots: dict[str, tuple[int, int]],
) -> Correlation:
    names = {k: _column(schema, toks, mentions, *span) for k, span in slots.items() if k in ("x", "y")}
    if "who" in slots and not _who(schema, toks, mentions, *slots["who"]):
        raise Decline("clarify", f"I don't know '{' '.join(toks[slice(*slots['who'])])}' in this data.")
    method, group, filters = _rest(schema, toks, mentions, start, end)
    y = names["y"]
    table = y.partition(".")[0]
    for q in names.values():
        _usable(schema, q)
    if t.kind == "one":
        xs = _candidates(schema, y)
        if not xs:
            raise Decline(
                "clarify", f"{schema.col(y).name}'s table has no other numeric column to correlate it with."
            )
        top = int(grammar().get("ranked_top", 10))
        if group or method != "pearson":
            raise Decline(
                "clarify",
                f"I rank columns by their Pearson correlation with {schema.col(y).name} over all rows; for a "
                "split or a rank correlation, ask about one pair ('correlation between X and Y by ...').",
            )
        _one_table(table, [group, *(f.column for f in filters)])
        return Correlation(table, y, tuple(xs), group, filters, method, ranked=True, top=top)
    x = names["x"]
    if x == y:
        raise Decline("clarify", "That names the same column twice; which two columns do you mean?")
    _one_table(table, [x, group, *(f.column for f in filters)])
    return Correlation(table, y, (x,), group, filters, method)


def _one_table(table: str, columns: list[str | None]) -> None:
    if any(q and q.partition(".")[0] != table for q in columns):
        raise Decline(
            "unsupported", "I can correlate columns of one table only; these are in different tables."
        )


def _column(schema: Schema, toks: list[str], mentions: list[Mention], a: int, b: int) -> str:
    """The one column a slot names (stop words and the table's name around it allowed)."""
    inside = _within(mentions, a, b)
    covered = {i for m in mentions for i in range(m.start, m.end)}
    unknown = [toks[i] for i in range(a, b) if i not in covered]
    if unknown:
        raise Decline("clarify", f"I don't know '{' '.join(unknown)}' in this data.")
    named = [m for m in inside if not m.kinds <= FILLER]
    strong = [m for m in named if m.kinds & {"column", "flag"}]
    if len(strong) == 1 and all(m.kinds <= {*FILLER, "colword"} for m in named if m is not strong[0]):
        named = strong  # "order amount": the records' name and the column of theirs
    if len(named) != 1:
        said = " ".join(toks[a:b])
        raise Decline(
            "clarify", f"A correlation is between two columns; I can't read '{said}' as one column."
        )
    m = named[0]
    for kinds in (("column",), ("flag",), ("colword",)):
        cols = list(dict.fromkeys(str(s.key) for s in m.senses if s.kind in kinds))
        if len(cols) == 1:
            return cols[0]
        cols = _total_of_parts(schema, cols)
        if len(cols) == 1:
            return cols[0]
        if len(cols) > 1:
            if all(schema.col(c).role in (Role.IDENTIFIER, Role.FOREIGN_KEY) for c in cols):
                _usable(schema, cols[0])  # a key, whichever table's: refused as one
            options = ", ".join(cols)
            raise Decline("clarify", f"'{m.text}' could be {options}; which one do you mean?")
    said = " ".join(toks[a:b]).strip() or m.text  # "shoe size", never only its suffix "size"
    raise Decline("clarify", f"A correlation is between two columns; '{said}' is not a column of this data.")


def _total_of_parts(schema: Schema, cols: list[str]) -> list[str]:
    """ "spend" over MntWines, MntFruits, ... and their derived total: the total (as the plain reading)."""
    totals = [q for q in cols if schema.col(q).parts_sum]
    if len(totals) != 1:
        return cols
    total = schema.col(totals[0])
    parts = {f"{total.table}.{x}" for x in total.formula or ()}
    return totals if parts >= set(cols) - set(totals) else cols


def _who(schema: Schema, toks: list[str], mentions: list[Mention], a: int, b: int) -> bool:
    """ "people", "customers", or the data's own name for its records."""
    covered = {i for m in mentions if m.kinds <= FILLER for i in range(m.start, m.end)}
    who = set(grammar()["who"])
    return all(i in covered or toks[i] in who for i in range(a, b))


def _rest(
    schema: Schema, toks: list[str], mentions: list[Mention], start: int, end: int
) -> tuple[str, str | None, tuple[Cond, ...]]:
    """The words around the template: stop words, a method word, one grouping ("by G"), filters
    (a value "in the North", a yes/no word "for non-smokers", maybe negated "who did not churn")."""
    methods = {w: m for m, ws in grammar()["methods"].items() for w in ws}
    method, group = "pearson", None
    filters: list[Cond] = []
    neg: str | None = None
    i = 0
    by_start = {m.start: m for m in mentions}
    unexplained: list[str] = []
    while i < len(toks):
        if start <= i < end:
            i = end
            continue
        m = by_start.get(i)
        if toks[i] in methods and (m is None or m.kinds <= FILLER):
            method = methods[toks[i]]
            i += 1
            continue
        if m is not None and m.kinds <= FILLER:
            i = m.end
            continue
        if m is not None and m.kinds == {"negation"} and neg is None:
            neg, i = m.text, m.end
            continue
        cond = _filter(schema, m, neg is not None) if m is not None else None
        if cond is not None and m is not None:
            filters.append(cond)
            neg, i = None, m.end
            continue
        if m is not None and "group" in m.kinds and group is None:
            nxt = by_start.get(m.end)
            cols = [] if nxt is None else [str(s.key) for s in nxt.senses if s.kind in ("column", "flag")]
            cols = list(dict.fromkeys(cols))
            if len(cols) == 1 and nxt is not None and not (start <= nxt.start < end):
                group = cols[0]
                _group_usable(schema, group)
                i = nxt.end
                continue
        span = m.end if m is not None else i + 1
        unexplained.append(" ".join(toks[i:span]))
        i = span
    if neg is not None:
        unexplained.append(neg)
    if unexplained:
        said = ", ".join(f"'{w}'" for w in unexplained)
        raise Decline(
            "clarify",
            f"I can compute a correlation over all rows or per group ('by ...'), but I can't apply {said} "
            "to it; please ask without it.",
        )
    return method, group, tuple(filters)


def _filter(schema: Schema, m: Mention, negated: bool) -> Cond | None:
    """A filter a mention names on its own: one value of one column, or one yes/no column."""
    if m.kinds == {"flag"}:
        columns = {str(s.key) for s in m.senses}
        if len(columns) != 1:
            return None
        negword = all(s.value == "neg" for s in m.senses)
        return flag_cond(schema, columns.pop(), negated != negword)
    if m.kinds == {"value"}:
        values = {(str(s.key), s.value) for s in m.senses}
        if len(values) != 1:
            return None
        q, v = values.pop()
        return Cond(q, "!=" if negated else "=", v)
    return None


def _usable(schema: Schema, q: str) -> None:
    """A numeric measure or a yes/no flag; a category, a date, an identifier or text is refused."""
    c = schema.col(q)
    if c.role == Role.FLAG and (c.dtype == "BOOLEAN" or c.flag_true is not None or c.is_numeric):
        return
    if c.is_numeric and c.role in (Role.MEASURE, Role.DIMENSION):
        return
    if c.role in (Role.IDENTIFIER, Role.FOREIGN_KEY):
        raise Decline(
            "unsupported", f"{c.name} is an identifier: its numbers are labels, so it has no correlation."
        )
    if c.role == Role.TIME:
        raise Decline(
            "unsupported",
            f"{c.name} is a date; ask for a figure over time ('... by month') instead of a correlation.",
        )
    if c.role == Role.DIMENSION:
        values = ", ".join(str(v) for v in c.values[:4]) + (", ..." if len(c.values) > 4 else "")
        shown = f" ({values})" if values else ""
        raise Decline(
            "unsupported",
            f"{c.name} is a category{shown}, not a number, so it has no correlation coefficient; "
            f"ask for a figure by {c.name} instead (e.g. 'average ... by {c.name}').",
        )
    raise Decline("unsupported", f"{c.name} is not a number, so it has no correlation coefficient.")


def _group_usable(schema: Schema, q: str) -> None:
    c = schema.col(q)
    if c.role not in (Role.DIMENSION, Role.FLAG):
        raise Decline("clarify", f"{c.name} is not a category to group by; which groups do you mean?")


def _candidates(schema: Schema, y: str) -> list[str]:
    """The columns of y's table a ranking correlates with y: numeric measures and flags, not keys, not
    y itself nor a column computed from it or it from them (a logarithm, a total of parts, a difference)."""
    target = schema.col(y)
    out = []
    for c in schema.tables[target.table].columns.values():
        if c.qualified == y or c.difference or c.starts_with or c.later_than or c.overdue or c.date_part_of:
            continue  # a difference of two columns is the engine's own derivation, not a column of the data
        if _derived_from(c, target) or _derived_from(target, c):
            continue
        try:
            _usable(schema, c.qualified)
        except Decline:
            continue
        out.append(c.qualified)
    return out


def _derived_from(c: Col, other: Col) -> bool:
    """Whether a column is computed from the other (its logarithm, a total of parts, a difference)."""
    sources = {*(c.formula or ()), *(c.difference or ()), *([c.log_of] if c.log_of else [])}
    return other.name in sources


# ------------------------------------------------------------------------------------------ building
def value(schema: Schema, q: str) -> exp.Expr:
    """A column as a number: a yes/no column as 1/0 (NULL where unknown)."""
    c: Col = schema.col(q)
    if c.role == Role.FLAG and not (c.is_numeric and c.dtype != "BOOLEAN"):
        return exp.cast(exp.Paren(this=cond_sql(schema, flag_cond(schema, q, False))), "INT")
    return numeric(schema, q)


def _rank(schema: Schema, q: str, group: str | None) -> exp.Expr:
    """The average rank of a column's value (ties share the mean of their ranks), within its group."""
    v = value(schema, q)
    parts = [ref(schema, group)] if group else []
    first = exp.Window(
        this=exp.func("rank"),
        partition_by=[p.copy() for p in parts] or None,
        order=exp.Order(expressions=[exp.Ordered(this=v.copy())]),
    )
    ties = exp.Window(this=exp.Count(this=exp.Star()), partition_by=[*(p.copy() for p in parts), v.copy()])
    more = exp.Paren(this=exp.Sub(this=ties, expression=exp.Literal.number(1)))
    return exp.Add(this=first, expression=exp.Div(this=more, expression=exp.Literal.number(2.0)))


def both_known(schema: Schema, xs: tuple[str, ...], y: str) -> exp.Expr:
    return exp.and_(*[exp.Not(this=exp.Is(this=value(schema, q), expression=exp.Null())) for q in (*xs, y)])


def correlation_tree(schema: Schema, c: Correlation) -> exp.Select:
    """SELECT [g,] CORR(x, y) AS correlation, COUNT(*) AS pairs FROM t WHERE both known [GROUP BY g]
    (Spearman: the CORR of average ranks); for a ranking, one CORR and one count per candidate."""
    table = exp.table_(c.table, quoted=True)
    if c.ranked:
        selects: list[exp.Expr] = []
        yv = value(schema, c.y)
        for other in c.xs:
            xv = value(schema, other)
            name = schema.col(other).name
            known = exp.and_(
                exp.Not(this=exp.Is(this=xv.copy(), expression=exp.Null())),
                exp.Not(this=exp.Is(this=yv.copy(), expression=exp.Null())),
            )
            selects.append(exp.alias_(exp.func("corr", xv.copy(), yv.copy()), f"r_{name}", quoted=True))
            count = exp.Count(this=exp.Case().when(known, exp.Literal.number(1)))
            selects.append(exp.alias_(count, f"n_{name}", quoted=True))
        ranking = exp.select(*selects).from_(table)
        return ranking.where(exp.and_(*[cond_sql(schema, f) for f in c.filters])) if c.filters else ranking
    (x,) = c.xs
    keys = [exp.alias_(ref(schema, c.group), schema.col(c.group).name, quoted=True)] if c.group else []
    where = exp.and_(both_known(schema, (x,), c.y), *[cond_sql(schema, f) for f in c.filters])
    if c.method == "spearman":
        inner = (
            exp.select(
                *([ref(schema, c.group)] if c.group else []),
                exp.alias_(_rank(schema, x, c.group), "rank_x"),
                exp.alias_(_rank(schema, c.y, c.group), "rank_y"),
            )
            .from_(table)
            .where(where)
        )
        outer_keys = [exp.column(schema.col(c.group).name, quoted=True)] if c.group else []
        figure = exp.func("corr", exp.column("rank_x"), exp.column("rank_y"))
        q = exp.select(
            *outer_keys,
            exp.alias_(figure, "correlation"),
            exp.alias_(exp.Count(this=exp.Star()), "pairs"),
        ).from_(exp.alias_(exp.Subquery(this=inner), "ranked"))
        if c.group:
            q = q.group_by(*[k.copy() for k in outer_keys]).order_by(*[k.copy() for k in outer_keys])
        return q
    figure = exp.func("corr", value(schema, x), value(schema, c.y))
    q = (
        exp.select(*keys, exp.alias_(figure, "correlation"), exp.alias_(exp.Count(this=exp.Star()), "pairs"))
        .from_(table)
        .where(where)
    )
    if c.group:
        q = q.group_by(ref(schema, c.group)).order_by(ref(schema, c.group))
    return q


def refine(schema: Schema, prev: Correlation, toks: list[str], mentions: list[Mention]) -> Correlation | None:
    """A follow-up to a correlation ("and by region?", "what about urban stores?", "only the North"): the
    same columns split or filtered further. None when nothing but opening words is said; Decline for
    words that cannot refine it."""
    end = 0
    for m in sorted(mentions, key=lambda m: m.start):
        if m.start != end or not m.kinds <= {"stop", "followup"}:
            break
        end = m.end
    if end == 0 or end >= len(toks):
        return None
    method, group, filters = _rest(schema, toks, mentions, 0, end)
    if group is None and not filters and method == "pearson":
        return None
    if prev.ranked and (group or method != "pearson"):
        raise Decline("clarify", "I rank columns over all rows only; please ask about one pair.")
    if group is not None and prev.group is not None:
        raise Decline("clarify", "That splits the correlation a second way; please ask the whole question.")
    _one_table(prev.table, [group, *(f.column for f in filters)])
    return replace(
        prev,
        group=group or prev.group,
        filters=(*prev.filters, *filters),
        method=method if method != "pearson" else prev.method,
    )
