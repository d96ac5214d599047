"""Columns named after the codes another column holds: OJ's `Purchase` holds CH and MM, and `PriceCH`,
`PriceMM`, `DiscMM`, `LoyalCH` carry those codes in their names. Such a column is said with the code as a
qualifier of the rest of its name, in either order and with the usual prepositions ("the CH price",
"price of CH", "discount on MM", "MM's discount", "loyalty to CH"); cra.toml [values] names a code
("Citrus Hill") and the same phrases are made with the name (catalog.config).

The shape is read only where it is plain: the coding column is a text column of few values, and at least
two of its codes share one rest of a name (PriceCH beside PriceMM), so a stray token ("mm" of a size in
millimetres) never makes a family.
"""

from __future__ import annotations

from collections import defaultdict

from catalog.concepts import name_readings
from catalog.english import is_word, lemma_table
from catalog.infer import tokens
from catalog.semantic import ColumnInfo, Role, SemanticModel

CODES_MAX = 12
"""A coding column holds at most this many distinct values."""
GLUE = ("of", "on", "for", "to")
"""Prepositions between the rest of a name and its code: "price of CH", "discount on MM", "loyalty to CH"."""
NOUN_SUFFIXES = ("ty", "ity", "ness")
"""How an adjective of a name is said as a noun ("LoyalCH": loyalty to CH)."""


def families(model: SemanticModel) -> dict[str, tuple[str, str, list[str]]]:
    """Per column carrying a code in its name: (coding column, the stored code, the rest of its name as
    tokens). Empty where no two codes of one column share a rest of a name."""
    out: dict[str, tuple[str, str, list[str]]] = {}
    for t in model.tables.values():
        for d in t.columns.values():
            codes = _codes(d)
            if not codes:
                continue
            found: dict[str, tuple[str, list[str]]] = {}
            for c in t.columns.values():
                toks = tokens(c.name)
                hits = [tok for tok in toks if tok in codes]
                if c is d or len(toks) < 2 or len(hits) != 1:
                    continue
                found[c.qualified] = (codes[hits[0]], [tok for tok in toks if tok != hits[0]])
            by_rest: defaultdict[tuple[str, ...], set[str]] = defaultdict(set)
            for code, rest in found.values():
                by_rest[tuple(rest)].add(code)
            if any(len(v) >= 2 for v in by_rest.values()):
                out.update({q: (d.qualified, code, rest) for q, (code, rest) in found.items()})
    return out


def _codes(col: ColumnInfo) -> dict[str, str]:
    """A text dimension's values that are one short token each, by their lower-case form."""
    if col.role != Role.DIMENSION or not 2 <= len(col.values) <= CODES_MAX:
        return {}
    out = {str(v).lower(): str(v) for v in col.values if isinstance(v, str) and str(v).isalnum()}
    return out if len(out) == len(col.values) else {}


def phrases(rest: list[str], names: list[str]) -> list[str]:
    """What a column with this rest of a name is said for each name of its code: the rest as written and
    written out ("disc": discount), its adjective as a noun ("loyal": loyalty), before or after the name."""
    said = [" ".join(rest), *name_readings("_".join(rest))]
    if lemma_table(rest[-1]).keys() == {"ADJ"}:
        said += [" ".join([*rest[:-1], n]) for n in _nouns(rest[-1])]
    out: list[str] = []
    for r in dict.fromkeys(said):
        for n in names:
            out += [f"{n} {r}", f"{r} {n}", *(f"{r} {g} {n}" for g in GLUE)]
    return list(dict.fromkeys(out))


def _nouns(adjective: str) -> list[str]:
    stems = {adjective, adjective[:-1] if adjective.endswith("e") else adjective}
    return [s + x for s in stems for x in NOUN_SUFFIXES if is_word(s + x) and "NOUN" in lemma_table(s + x)]


def add_synonyms(model: SemanticModel, names: dict[str, list[str]] | None = None) -> None:
    """Each family member said with its code, or with the names given for codes (cra.toml [values])."""
    for q, (_, code, rest) in families(model).items():
        said = (names or {}).get(code) if names is not None else [code.lower()]
        if not said:
            continue
        col = model.column(q)
        col.synonyms = tuple(dict.fromkeys((*col.synonyms, *phrases(rest, [n.lower() for n in said]))))
