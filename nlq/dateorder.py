""" "invoices paid after their due date", "items whose expiration date is earlier than the date we received
them", "orders delivered before they were ordered": one date of a record compared with another date of the
same record. The words from the first date to the second become one `datecmp` mention (first column,
comparison, second column), read as a condition (nlq.recognize `date_order`); anything else is left as it
was."""

from __future__ import annotations

from catalog.semantic import Role
from nlq.lexicon import Mention, Sense, said_otherwise
from nlq.schema import Col, Schema

ORDER_WORDS = {
    "after": ">",
    "later than": ">",
    "past": ">",
    "before": "<",
    "earlier than": "<",
    "sooner than": "<",
    "prior to": "<",
}
"""Words putting one date after or before another."""
ON_LEADS = frozenset({"exactly", "right", "precisely", "just"})
"""Words before "on" that make it the same day ("paid exactly on the due date")."""
GAP_WORDS = frozenset(
    {"the", "their", "its", "his", "her", "date", "we", "they", "it", "was", "were", "had", "been"}
)
"""Words between the comparison and the second date ("the date we received them")."""
VERB_WORDS = frozenset({"is", "was", "are", "were", "falls", "fell", "came", "comes"})
"""Words between the first date and the comparison ("the delivery date is earlier than")."""
PAY_WORDS = frozenset({"paid", "payment", "pay"})
MAX_GAP = 4


def _dates(schema: Schema, m: Mention) -> list[Col]:
    """The date columns a mention names (by name or by its event's verb); a pay verb names the date a
    record was paid ("paid" of SettledDate, said as paid)."""
    keys = {str(s.key) for s in m.senses if s.kind in ("column", "timecol") and "." in str(s.key)}
    found = [schema.col(q) for q in sorted(keys) if schema.col(q).role == Role.TIME]
    if not found and m.has("payverb"):
        table = str(m.of("payverb")[0].key).split(".", 1)[0]
        found = [
            c
            for c in schema.tables[table].columns.values()
            if c.role == Role.TIME and {w for p in said_otherwise({c.words}) for w in p} & PAY_WORDS
        ]
    return found


def _order_at(mentions: list[Mention], k: int) -> tuple[str, int] | None:
    """The comparison said at mention k and the index after it, or None."""
    m = mentions[k]
    if m.text in ORDER_WORDS:
        return ORDER_WORDS[m.text], k + 1
    if m.has("cmp") and m.text in ("earlier than", "later than", "sooner than", "before", "after"):
        return ORDER_WORDS.get(m.text, str(m.of("cmp")[0].key)), k + 1
    if m.text == "on" and k and mentions[k - 1].text in ON_LEADS:
        return "=", k + 1
    return None


def read_date_order(schema: Schema, mentions: list[Mention]) -> list[Mention]:
    """The mentions with each "<date> after/before <date>" of one record as one `datecmp` mention."""
    out = list(mentions)
    k = 0
    while k < len(out) - 2:
        first = _dates(schema, out[k])
        at = k + 1
        while at < len(out) - 1 and out[at].text in VERB_WORDS | ON_LEADS:
            at += 1  # "the delivery date is earlier than", "paid exactly on"
        found = _order_at(out, at) if len(first) == 1 else None
        if found is None:
            k += 1
            continue
        op, j = found
        while j < len(out) and j - at <= MAX_GAP and out[j].text in GAP_WORDS and not _dates(schema, out[j]):
            j += 1
        second = _dates(schema, out[j]) if j < len(out) else []
        if len(second) != 1 or second[0].table != first[0].table or second[0].name == first[0].name:
            k += 1
            continue
        text = " ".join(m.text for m in out[k : j + 1])
        pair = Sense("datecmp", (first[0].qualified, op, second[0].qualified))
        out[k : j + 1] = [Mention(out[k].start, out[j].end, text, [pair])]
        k += 1
    return out
