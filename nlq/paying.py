""" "Paying students", "the average revenue per paying user": the people who paid us something. Where a
table of their payments or purchases points at them, those who have a row there; where their own rows hold
the one amount they spent, those whose amount is above 0. Anything else is declined naming the word, never
read as all of them (the word would be dropped)."""

from __future__ import annotations

from dataclasses import dataclass

from catalog.semantic import Role
from nlq.grammar import word_set
from nlq.intent import Cond
from nlq.lexicon import Mention, Sense
from nlq.schema import Schema
from nlq.text import singular


@dataclass(frozen=True)
class Payers:
    """How the people after a paying word are narrowed: a row in `records`, or `amount` above 0."""

    records: Sense | None = None
    amount: Cond | None = None
    note: str = ""


def _paying_records(schema: Schema, people: str) -> list[str]:
    """Tables pointing at the people whose rows are payments, purchases or hold money."""
    nouns = word_set("payment_records")
    out = []
    for r in schema.relations:
        if r.ref_table != people or r.table == people or r.table not in schema.tables:
            continue
        t = schema.tables[r.table]
        last = singular(t.entity.split()[-1]) if t.entity else ""
        if last in nouns or any(c.money and not c.is_price and not c.is_level for c in t.columns.values()):
            out.append(r.table)
    return sorted(set(out))


def read_payers(schema: Schema, mentions: list[Mention]) -> Payers | None:
    """The paying word right before the people's own noun, and what it narrows them to; None without one.
    Raises ValueError (the message to decline with) where the data says nothing of paying."""
    said = word_set("paying_words")
    for k, m in enumerate(mentions[:-1]):
        own = [s for s in mentions[k + 1].of("entity") if not s.value]
        if m.text not in said or not own:
            continue
        people = own[0].key
        records = _paying_records(schema, people)
        if len(records) == 1:
            what = schema.tables[records[0]].entity
            return Payers(records=Sense("entity", records[0]), note=f"read '{m.text}' as having {what}")
        money = [
            c
            for c in schema.tables[people].columns.values()
            if c.money and not c.is_price and not c.is_level and c.formula is None
        ]
        if not records and len(money) == 1:
            cond = Cond(money[0].qualified, ">", 0.0)
            return Payers(amount=cond, note=f"read '{m.text}' as {money[0].label} more than 0")
        raise ValueError(f"I can't tell who counts as '{m.text}' here; say e.g. 'customers with a payment'.")
    return None


SOLD_TO = (("sold", "to"), ("sell", "to"), ("invoiced", "to"))
"""Verbs of a sale said of the records it went to ("the cities we've sold to"), by us."""
SELLERS = frozenset({"we", "ve", "we've", "have", "had", "i"})
"""Words right before the verb that make us the seller ("we've sold to"; never "tickets were sold to")."""


def read_sold_to(schema: Schema, words: tuple[str, ...], records: list[Sense]) -> Sense | None:
    """ "of the cities we've sold to": the records a sale went to are those the one table of sales (rows
    holding money or a date that point at them) has rows for; None where no such words are said.
    Raises ValueError where no one table of sales points at them."""
    said = [
        i for i in range(1, len(words) - 1) if (words[i], words[i + 1]) in SOLD_TO and words[i - 1] in SELLERS
    ]
    if not said:
        return None
    own = [e for e in records if not e.value]
    if not own:
        return None
    target = own[0].key
    facts = sorted(
        {
            r.table
            for r in schema.relations
            if r.ref_table == target
            and r.table != target
            and any(c.money or c.role == Role.TIME for c in schema.tables[r.table].columns.values())
        }
    )
    if len(facts) != 1:
        raise ValueError(f"Sold to {schema.tables[target].entity} through which records? Please name them.")
    return Sense("entity", facts[0])
