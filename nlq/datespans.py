""" "On average, how many days are there between a user's sign-up and their most recent payment?",
"days between stock date and order date", "average time from sign-up to last payment": the days from one
date column to another of the same records. The words from the unit ("days", "time") to the second date
become one `span` mention (start column, end column), read as a duration figure (nlq.recognize
`date_span`); anything else is left as it was."""

from __future__ import annotations

from catalog.semantic import Role
from nlq.lexicon import Mention, Sense
from nlq.schema import Schema

WAIT_WORDS = frozenset({"wait", "waited", "waiting"})
"""Verbs of the time from one date to the next ("how long did they wait between booking and ...")."""
UNITS = frozenset({"days", "day", "time", "how long", "lag", "lags", "delay", "gap"}) | WAIT_WORDS
"""Words asking for the length of the span, counted in days."""
OPENERS = frozenset({"between", "from"})
JOINERS = frozenset({"and", "to", "until", "till"})
FILLER_KINDS = frozenset({"stop", "entity", "grainword", "agg"})
"""What may stand between the words and a date ("a user's sign-up", "their most recent payment", "the
date it was ordered")."""
FILLER_WORDS = frozenset({"when", "the", "time"})
"""Words before a date said by its verb ("from when an order is placed")."""
MAX_GAP = 4


def _dates(schema: Schema, m: Mention) -> set[str]:
    """The date columns a mention names; a records word ("an order") names none, only its own word."""
    kinds = ("column", "timecol") if m.has("entity") else ("column", "timecol", "colword")
    keys = {str(s.key) for s in m.senses if s.kind in kinds and "." in str(s.key)}
    found = {q for q in keys if schema.col(q).role == Role.TIME}
    if not found and m.has("entity"):
        # "between booking and their appointment": the records' own date (AppointmentDay of appointments)
        words = {w for w in m.text.split()}
        for s in m.senses:
            if s.kind == "colword" and "." in str(s.key):
                c = schema.col(str(s.key))
                own = schema.tables[c.table].entity_singular
                if c.role == Role.TIME and own in c.words and {own, schema.tables[c.table].entity} & words:
                    found.add(c.qualified)
    return found


def _filler(m: Mention) -> bool:
    """A word that may stand beside a date ("a user's sign-up", "submitting a complaint")."""
    return m.text in FILLER_WORDS or (bool(m.kinds) and m.kinds <= FILLER_KINDS | {"colword"})


def _next_date(schema: Schema, mentions: list[Mention], k: int) -> tuple[int, str] | None:
    """(index, column) of the one date named within a few filler words after k, else None."""
    for j in range(k, min(k + MAX_GAP + 1, len(mentions))):
        dates = _dates(schema, mentions[j])
        if len(dates) == 1:
            return j, next(iter(dates))
        if dates or not _filler(mentions[j]):
            return None
    return None


def read_date_spans(schema: Schema, mentions: list[Mention]) -> list[Mention]:
    """The mentions with each "<unit> between <date> and <date>" read as one span mention."""
    for i, m in enumerate(mentions):
        if m.text not in OPENERS:
            continue
        near = range(i - 1, max(i - 6, -1), -1)
        unit = next((u for u in near if mentions[u].text in UNITS - WAIT_WORDS), None)
        unit = unit if unit is not None else next((u for u in near if mentions[u].text in WAIT_WORDS), None)
        if unit is None or (unit and mentions[unit - 1].number is not None):
            continue  # "longer than 100 days from engagement to close": a length compared, not asked
        first = _next_date(schema, mentions, i + 1)
        if first is None:
            continue
        joint = first[0] + 1  # ("between a consumer submitting a complaint and ...": its object between)
        while (
            joint < len(mentions)
            and joint - first[0] <= MAX_GAP
            and _filler(mentions[joint])
            and mentions[joint].text not in JOINERS
        ):
            joint += 1
        if joint >= len(mentions) or mentions[joint].text not in JOINERS:
            continue
        second = _next_date(schema, mentions, joint + 1)
        if second is None:
            continue
        start, end = first[1], second[1]
        if start == end or start.split(".", 1)[0] != end.split(".", 1)[0]:
            continue
        begin = unit - 1 if unit and mentions[unit - 1].has("count") else unit  # "how many days"
        text = " ".join(x.text for x in mentions[begin : second[0] + 1])
        span = Mention(mentions[begin].start, mentions[second[0]].end, text, [Sense("span", (start, end))])
        return [*mentions[:begin], span, *mentions[second[0] + 1 :]]
    return mentions


ADVANCE = (("in", "advance"), ("ahead",), ("beforehand",), ("ahead", "of", "time"), ("early",))
"""Words of how long before its own date a record was made ("booked 30 days in advance")."""
BOOKED_WORDS = frozenset({"scheduled", "schedule", "booked", "booking", "reservation", "reserved", "created"})
"""Name words of the date a booking was made, beside the date it is for."""


def lead_dates(schema: Schema) -> tuple[str, str] | None:
    """(booked, for) of the one table keeping when a booking was made and the date it is for."""
    found = []
    for t in schema.tables.values():
        times = [c for c in t.columns.values() if c.role == Role.TIME and not c.derived]
        booked = [c for c in times if BOOKED_WORDS & set(c.words)]
        other = [c for c in times if c not in booked]
        if len(booked) == 1 and len(other) == 1:
            found.append((booked[0].qualified, other[0].qualified))
    return found[0] if len(found) == 1 else None


def read_lead_times(schema: Schema, mentions: list[Mention]) -> list[Mention]:
    """ "booked more than 30 days in advance", "how far ahead do patients book": the days from the
    booking to the date it is for, one span mention (read by nlq.recognize `date_span`)."""
    pair = lead_dates(schema)
    if pair is None:
        return mentions
    words = [m.text for m in mentions]
    for i in range(len(mentions)):
        for said in ADVANCE:
            if tuple(" ".join(words[i : i + len(said)]).split()) != said:
                continue
            if not any(
                w in ("days", "day", "weeks", "week", "far", "long") for w in words[max(0, i - 3) : i]
            ):
                continue  # "early" alone is no length of time
            last = mentions[i + len(said) - 1]
            text = " ".join(words[i : i + len(said)])
            span = Mention(mentions[i].start, last.end, text, [Sense("span", pair)])
            return [*mentions[:i], span, *mentions[i + len(said) :]]
    return mentions


COVERED = (("date", "range"), ("time", "range"), ("date", "span"), ("time", "span"), ("time", "period"))
"""Two words asking for the first and last dates the data covers ("what date range does it cover")."""


def read_covered_range(schema: Schema, mentions: list[Mention]) -> list[Mention]:
    """The mentions with "date range" read as the range (first and last) of the data's one date column;
    with several dates (or none) nothing changes (the question is asked back as before)."""
    dates = [c.qualified for c in schema.columns(Role.TIME) if not c.derived and not c.same_as]
    for i in range(len(mentions) - 1):
        pair = (mentions[i].text, mentions[i + 1].text)
        if pair not in COVERED:
            continue
        named = {s.key for m in mentions[i + 2 :] for s in m.of("entity") if not s.value}
        own = [q for q in dates if q.split(".", 1)[0] in named]
        if len(dates) != 1 and len(own) == 1:
            dates = own  # "the date range of our lead data": the leads' one date
        if len(dates) != 1:
            continue
        first, second = mentions[i], mentions[i + 1]
        agg = Mention(first.start, first.end, first.text, [Sense("agg", "range")])
        date = Mention(second.start, second.end, second.text, [Sense("column", dates[0])])
        later = mentions[i + 2 :]
        rest = [
            Mention(m.start, m.end, m.text, [Sense("stop")])
            if m.has("entity")
            and (j + 1 == len(later) or later[j + 1].text in DATA_WORDS or later[j + 1].text in COVER_VERBS)
            else m
            for j, m in enumerate(later)
        ]  # "does the sales data cover", "do the tickets cover": the records' dates, never them ranked
        return [*mentions[:i], agg, date, *rest]
    return mentions


DATA_WORDS = frozenset({"data", "dataset", "file", "export", "table", "records"})
COVER_VERBS = frozenset({"cover", "covers", "covered", "span", "spans", "spanned"})
