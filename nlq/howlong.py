""" "How long had churned customers been active?": the words `how_long` (words.yaml) ask for the column
counting that time: a number column whose name holds a unit of time (nlq.units) and another word the
question says after them ("active" of months_active). The words become that column, the name word a
filler; with no such column, or several, nothing changes (the words stay unexplained and are declined)."""

from __future__ import annotations

from catalog.semantic import Role
from nlq.grammar import word_classes
from nlq.lexicon import Lexicon, Mention, Sense, said_otherwise
from nlq.schema import Schema
from nlq.units import named_unit

TIME_UNITS = {"millisecond", "second", "minute", "hour", "day", "week", "month", "year"}
LINKING_WORDS = frozenset({"to", "of", "in", "for", "until", "till"})
"""Words of a column's name that link its unit to the event ("days to settle"): never needed said."""


def _at(mentions: list[Mention]) -> tuple[int, int] | None:
    """(first, end) of the mentions saying how long, if any."""
    texts = [m.text for m in mentions]
    for phrase in sorted(word_classes()["how_long"], key=len, reverse=True):
        for i in range(len(texts)):
            words: list[str] = []
            for j in range(i, len(texts)):  # (a mention may hold several words: "how many")
                words += texts[j].split()
                if len(words) >= len(phrase):
                    if tuple(words) == phrase:
                        return i, j + 1
                    break
    return None


def read_how_long(schema: Schema, mentions: list[Mention]) -> list[Mention]:
    """The mentions with "how long" read as the one time-counting column the question names, and a
    noun of time beside such a column's words ("customer support time") a filler."""
    return _how_long(schema, _time_nouns(schema, mentions))


def _time_nouns(schema: Schema, mentions: list[Mention]) -> list[Mention]:
    nouns = {" ".join(p) for p in word_classes()["time_nouns"]}
    out = list(mentions)
    for k, m in enumerate(mentions):
        if m.senses or m.text not in nouns:
            continue
        near = [mentions[j] for j in (k - 1, k + 1) if 0 <= j < len(mentions)]
        keys = {str(s.key) for x in near for s in x.senses if s.kind in ("column", "colword")}
        timed = [q for q in keys if schema.col(q).is_numeric and schema.col(q).measured_in in TIME_UNITS]
        if len(keys) == 1 and timed:
            out[k] = Mention(m.start, m.end, m.text, [Sense("stop")])
    return out


def _how_long(schema: Schema, mentions: list[Mention]) -> list[Mention]:
    at = _at(mentions)
    if at is None:
        return mentions
    first, end = at
    later = {w: j for j in range(len(mentions) - 1, end - 1, -1) for w in mentions[j].text.split()}
    found: list[tuple[str, int]] = []
    for c in schema.columns():
        if not c.is_numeric or c.measured_in not in TIME_UNITS or named_unit(c.words) != c.measured_in:
            continue
        # "how long do customers take to pay" of DaysToSettle (settle is said as pay)
        for name in (c.words, *c.synonyms, *sorted(said_otherwise({c.words}))):
            others = [w for w in name if named_unit((w,)) is None and w not in LINKING_WORDS]
            hits = [later[w] for w in others if w in later]
            if others and len(hits) == len(others) and len(set(hits)) == 1:
                found.append((c.qualified, hits[0]))
                break
    said = " ".join(m.text for m in mentions[first:end])
    if not found:
        # "how long is the average track": the one column of the records named after, named by its unit alone
        # ("Milliseconds")
        named = {str(s.key) for m in mentions[end:] for s in m.senses if s.kind == "entity" and not s.value}
        alone = [
            c.qualified
            for c in schema.columns()
            if c.is_numeric
            and c.table in named
            and c.measured_in in TIME_UNITS
            and c.words == (c.words[0],)
            and named_unit(c.words) == c.measured_in
        ]
        if len(alone) == 1:
            # read where the column would be said: before the records ("the average <length> track")
            head = Mention(mentions[first].start, mentions[end - 1].end, said, [Sense("column", alone[0])])
            j = next(
                j for j in range(end, len(mentions)) if any(s.kind == "entity" for s in mentions[j].senses)
            )
            return [*mentions[:first], *mentions[end:j], head, *mentions[j:]]
    if not found:
        # "how long have they been with us": a tenure said by its concept's words after "how long"
        tenures = {b.target for b in schema.concepts if b.concept == "tenure"}
        said_tenure = [
            (str(s.key), j)
            for j in range(end, len(mentions))
            for s in mentions[j].senses
            if s.kind == "column" and str(s.key) in tenures
        ]
        found = said_tenure[:1] if len({q for q, _ in said_tenure}) == 1 else []
    if len(found) != 1:
        return mentions
    q, j = found[0]
    head = Mention(mentions[first].start, mentions[end - 1].end, said, [Sense("column", q)])
    word = mentions[j]
    filler = Mention(word.start, word.end, word.text, [Sense("stop")])
    return [*mentions[:first], head, *mentions[end:j], filler, *mentions[j + 1 :]]


TAKES = (
    "does it take",
    "did it take",
    "does it usually take",
    "do we take",
    "does it take us",
    "did it take us",
)
"""After "how long": the time taken to do what follows "to" ("how long does it take us to ship")."""


def read_event_times(toks: list[str], lexicon: Lexicon) -> list[str]:
    """ "ship time", "shipping times" -> "time to ship(ping)" where that word names an event's date and no
    column is so named; "how long does it take (us) (on average) to ship" -> "average time to ship"."""
    text = " ".join(toks)
    for take in sorted(TAKES, key=len, reverse=True):
        for lead in (
            f"how long {take} on average to ",
            f"on average how long {take} to ",
            f"how long {take} to ",
        ):
            if lead in f"{text} ":
                text = text.replace(lead.strip(), "average time to", 1)
    out = text.split()
    for i in range(len(out) - 1, 0, -1):
        if out[i] not in ("time", "times") or (out[i - 1], out[i]) in lexicon.phrases:
            continue
        senses = lexicon.phrases.get((out[i - 1],), ())
        dates = [
            s for s in senses if s.kind == "colword" and lexicon.schema.col(str(s.key)).role == Role.TIME
        ]
        if any(s.kind == "timecol" for s in senses) or dates:  # ("ship" may also be the value Ships)
            out[i - 1 : i + 1] = ["time", "to", out[i - 1]]
    return out
