"""Spending said of amounts the data keeps with no money word: "grocery spend", "spend on milk" of a
wholesale file whose Grocery and Milk columns are each client's yearly spend. With no money column in
the data, a spending verb right beside a numeric measure only says what that measure is (filler, said
in the interpretation); anywhere else it stays unknown and the question is declined."""

from __future__ import annotations

from dataclasses import replace

from catalog.semantic import Role
from nlq.grammar import word_set
from nlq.lexicon import Mention, Sense
from nlq.schema import Schema

SPEND_VERBS = word_set("spend_verbs")
"""Verbs and nouns of spending."""
GOODS = word_set("goods_nouns")
"""Nouns after a column named for a family of goods ("fresh products", "milk products", "fresh food")."""
GLUE = word_set("spend_glue")
"""Words between a spending verb and the thing spent on ("spend on milk")."""


def _measure_at(schema: Schema, mentions: list[Mention], k: int) -> str | None:
    """The one numeric, non-money measure column the mention at k names, else None."""
    if not 0 <= k < len(mentions):
        return None
    kinds = ("column", "colword")
    named = {str(s.key) for s in mentions[k].senses if s.kind in kinds and "." in str(s.key)}
    if len(named) != 1:
        return None
    c = schema.col(next(iter(named)))
    return c.qualified if c.is_numeric and not c.money and c.role == Role.MEASURE else None


PERIODS_OF_AMOUNTS = word_set("periods_of_amounts")
"""Words of the period amounts cover ("spend over 10k a year", "annual spend")."""


def spent_as_measure(schema: Schema, mentions: list[Mention]) -> tuple[list[Mention], list[str]]:
    """(mentions with each spending verb beside a measure read as filler, notes saying so)."""
    if any(c.money for c in schema.columns()):
        return mentions, []
    out, notes = list(mentions), []
    if not any(c.role == Role.TIME for c in schema.columns()) and any(
        m.text in SPEND_VERBS for m in mentions
    ):
        # "spend over 10k a year", "annual spend" of data with no date at all: the period the amounts
        # cover, never a split or a filter by year (said)
        for k, m in enumerate(mentions):
            if m.text in PERIODS_OF_AMOUNTS and m.kinds <= {"grainword", "time", "unit"}:
                out[k] = replace(m, senses=[Sense("stop")])
                notes.append(f"'{m.text}' read as the period the amounts cover (the data has no dates)")
    for k, m in enumerate(out):
        if not m.kinds and m.text in GOODS and _measure_at(schema, out, k - 1) is not None:
            out[k] = replace(m, senses=[Sense("stop")])  # "fresh products": the Fresh column's goods
            continue
        if m.kinds or m.text not in SPEND_VERBS:
            continue
        if any(x.has("rate") for x in out[:k]):
            continue  # "what fraction of its total spend is on groceries": the whole is all spending
        glue = next(
            (j for j in range(k + 1, min(k + 7, len(out))) if out[j].text in GLUE),
            None,
        )  # "spend more than 20,000 a year on milk": the comparison between the verb and "on"
        between = out[k + 1 : glue] if glue is not None else []
        if glue is not None and not all(x.kinds <= {"stop", "cmp", "number"} for x in between):
            glue = None
        after = glue + 1 if glue is not None else k + 1
        measure = _measure_at(schema, out, k - 1) or _measure_at(schema, out, after)
        if measure is None:
            continue
        out[k] = replace(m, senses=[Sense("stop")])
        notes.append(f"'{m.text}' read as the amounts in {schema.col(measure).name}")
    return out, list(dict.fromkeys(notes))
