"""Feedback summaries: fetch texts with sqlglot, score them, and sum up shares, trends, groups, themes."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from catalog.intervals import mean_interval
from catalog.nps import nps_of
from catalog.periods import first_unfinished
from catalog.roles import NPS_DETRACTOR, NPS_PROMOTER
from sentiment.columns import FeedbackSource, relation_to
from sentiment.score import (
    SCORE_FIELDS,
    Score,
    SentimentScorer,
    default_scorer,
    score_frame,
    share_non_english,
)
from sentiment.themes import extract_themes

if TYPE_CHECKING:
    from catalog import Catalog
    from sentiment.themes import Theme

TOPIC_STOP = frozenset(
    re.findall(
        r"\S+",
        """the a an about of on for with our their my your its it this that these those regarding re to in at
        what which who whom how why when has have had do does did is are was were be been show me list give
        tell find see most least top over time times change changed changes changing trend trends month months
        monthly customer customers people person they them users user clients client say says said saying
        feel think all any every each main biggest major common key usual typical""",
    )
)
"""Words dropped from a topic ("the speaker" -> speaker) before it becomes an ILIKE filter."""
RATING_LOW, RATING_HIGH = 0.25, 0.75
"""Shares of a rating scale at or below which a text is a complaint, at or above which praise."""
TOPIC_SYNONYMS = {
    "delivery": ("deliver", "shipping", "shipped", "shipment", "package", "parcel", "courier", "arriv"),
    "shipping": ("deliver", "shipment", "shipped", "package", "parcel", "courier", "arriv"),
    "support": ("customer service", "agent", "help desk", "helpdesk"),
    "price": ("pricing", "cost", "expensive", "cheap", "worth the money", "value for"),
    "billing": ("charged", "invoice", "refund", "payment"),
    "sound": ("audio", "speaker", "volume"),
    "speaker": ("sound", "audio"),
    "size": ("fit", "small", "large", "tight", "loose", "sizing"),
    "fit": ("size", "sizing", "tight", "loose", "small", "large"),
}
"""Topic word -> other words (ILIKE fragments) that count as mentioning it: "complaints about delivery"
also finds "the package never arrived"."""


class FeedbackError(Exception):
    """The question cannot be answered on this data (a one-line reason a person can act on)."""


@dataclass
class FeedbackData:
    """Fetched feedback: texts with their scores and, aligned, dates, group values and NPS answers."""

    source: FeedbackSource
    sql: str
    texts: list[str]
    scores: list[Score]
    times: list[Any] = field(default_factory=list)
    groups: dict[str, list[Any]] = field(default_factory=dict)
    """Qualified column ("customers.plan") -> value per text."""
    nps: list[Any] = field(default_factory=list)
    ratings: list[Any] = field(default_factory=list)
    """The rating of each text (aligned), when the source has one."""
    segment: list[bool] = field(default_factory=list)
    """Whether each text is in the asked segment (fetched with `mark`); empty when not marked."""

    @property
    def rated(self) -> bool:
        """Whether a rating decides each text's side (else VADER does)."""
        return self.source.rating is not None and bool(self.ratings)

    @property
    def sides(self) -> list[int]:
        """Per text: -1 complaint, +1 praise, 0 neither; by the rating when there is one, else VADER.
        A text without a rating takes VADER's side."""
        rating = self.source.rating
        out = []
        for i, s in enumerate(self.scores):
            value = self.ratings[i] if self.rated else None
            if value is not None and rating is not None:
                out.append(rating_side(float(value), rating.low, rating.high))
            else:
                out.append(-1 if s.label == "negative" else 1 if s.label == "positive" else 0)
        return out

    @property
    def filled(self) -> list[int]:
        """Indexes of the non-blank texts."""
        return [i for i, s in enumerate(self.scores) if not s.blank]


def rating_side(value: float, low: float, high: float) -> int:
    """A rating's side: NPS 0-10: 0-6 complaint, 9-10 praise; other scales: the lowest quarter of the
    scale complaint (1-2 of 1-5 stars), the top quarter praise (4-5 stars), the middle neither.

    >>> [rating_side(v, 1, 5) for v in (1, 2, 3, 4, 5)], [rating_side(v, 0, 10) for v in (6, 7, 9)]
    ([-1, -1, 0, 1, 1], [-1, 0, 1])
    """
    if low == 0 and high == 10:
        return -1 if value <= NPS_DETRACTOR else 1 if value >= NPS_PROMOTER else 0
    share = (value - low) / (high - low)
    return -1 if share <= RATING_LOW + 1e-9 else 1 if share >= RATING_HIGH - 1e-9 else 0


def side_rule(source: FeedbackSource) -> str:
    """How sides were decided, in words."""
    r = source.rating
    if r is None:
        return "VADER (complaint if compound <= -0.05, praise if >= 0.05)"
    if r.low == 0 and r.high == 10:
        return f"{r.column} (0-6 complaint, 9-10 praise)"
    lo = int(r.low + RATING_LOW * (r.high - r.low) + 1e-9)
    hi = math.ceil(r.low + RATING_HIGH * (r.high - r.low) - 1e-9)
    return f"{r.column} ({_num(r.low)}-{lo} complaint, {hi}-{_num(r.high)} praise)"


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


def disagreement(data: FeedbackData) -> dict[str, int] | None:
    """Where VADER and the rating disagree: rated complaints VADER scores positive, rated praise it
    scores negative (None without a rating)."""
    if not data.rated:
        return None
    sides = data.sides
    out = {"complaints": 0, "complaints_positive": 0, "praise": 0, "praise_negative": 0}
    for i in data.filled:
        if data.ratings[i] is not None:
            label = data.scores[i].label
            if sides[i] < 0:
                out["complaints"] += 1
                out["complaints_positive"] += label == "positive"
            elif sides[i] > 0:
                out["praise"] += 1
                out["praise_negative"] += label == "negative"
    return out


def topic_words(topic: str) -> list[str]:
    """'the speakers' -> ['speaker']: content words, plural s dropped, for ILIKE matching."""
    words = [w for w in re.findall(r"[^\W\d_][\w'-]*", topic.lower()) if w not in TOPIC_STOP]
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words]


def fetch(
    catalog: Catalog,
    source: FeedbackSource,
    *,
    by: Sequence[str] = (),
    where: exp.Expr | None = None,
    where_table: str | None = None,
    topic: str = "",
    scorer: SentimentScorer | None = None,
    mark: bool = False,
) -> FeedbackData:
    """Fetch the texts (with date, NPS, rating and `by` columns, joined through relations) and score
    them; with `mark`, `where` marks the texts of a segment (`FeedbackData.segment`) instead of
    leaving the others out."""
    ft = source.table
    select: list[Any] = [_col(ft, source.text).as_("text", quoted=True)]
    if source.time:
        select.append(_col(ft, source.time).as_("time", quoted=True))
    if source.nps:
        select.append(_col(ft, source.nps).as_("nps", quoted=True))
    joins: dict[str, exp.Expr] = {}
    if source.rating is not None:
        if source.rating.table != ft:
            joins.setdefault(source.rating.table, _join_on(catalog, ft, source.rating.table))
        select.append(_col(source.rating.table, source.rating.column).as_("rating", quoted=True))
    for i, qualified in enumerate(by):
        table, _, column = qualified.partition(".")
        if table != ft:
            joins.setdefault(table, _join_on(catalog, ft, table))
        select.append(_col(table, column).as_(f"by{i}", quoted=True))
    query = exp.select(*select).from_(exp.table_(ft, quoted=True))
    conditions: list[exp.Expr] = []
    if where is not None:
        wt = where_table or ft
        if wt != ft:
            joins.setdefault(wt, _join_on(catalog, ft, wt))
        if mark:  # every text, the condition as a column: the segment and the rest to contrast it with
            cond = exp.Coalesce(this=exp.paren(_qualify(where, wt)), expressions=[exp.false()])
            query.select(cond.as_("in_segment", quoted=True), copy=False)
        else:
            conditions.append(_qualify(where, wt))
    for word in topic_words(topic):
        likes: list[exp.Expression] = [
            exp.ILike(this=_col(ft, source.text), expression=exp.Literal.string(f"%{w}%"))
            for w in (word, *TOPIC_SYNONYMS.get(word, ()))
        ]
        conditions.append(exp.paren(exp.or_(*likes)) if len(likes) > 1 else likes[0])
    for table, on in joins.items():
        query = query.join(exp.table_(table, quoted=True), on=on, join_type="left")
    if conditions:
        query = query.where(exp.and_(*conditions))
    if scorer is None and catalog.maps_in_place():  # Spark: scored in the executors, next to the data
        result = catalog.run_mapped(query, "text", score_frame, SCORE_FIELDS)
        cut = len(result.columns) - len(SCORE_FIELDS)
        scores = [Score(*r[cut:]) for r in result.rows]
        result = replace(result, columns=result.columns[:cut], rows=tuple(r[:cut] for r in result.rows))
    else:
        result = catalog.run(query)
    texts = [r[0] if isinstance(r[0], str) else ("" if r[0] is None else str(r[0])) for r in result.rows]
    if not catalog.maps_in_place() or scorer is not None:
        scores = (scorer or default_scorer()).score(texts)
    names = list(result.columns)
    data = FeedbackData(source, result.sql, texts, scores)
    if "time" in names:
        data.times = [r[names.index("time")] for r in result.rows]
    if "nps" in names:
        data.nps = [r[names.index("nps")] for r in result.rows]
    if "rating" in names:
        data.ratings = [r[names.index("rating")] for r in result.rows]
    if "in_segment" in names:
        data.segment = [bool(r[names.index("in_segment")]) for r in result.rows]
    for i, qualified in enumerate(by):
        k = names.index(f"by{i}")
        data.groups[qualified] = [r[k] for r in result.rows]
    return data


def overview(data: FeedbackData) -> dict[str, Any]:
    """Counts and shares of the non-blank texts: n, blank, positive, neutral, negative, mean_compound."""
    idx = data.filled
    n = len(idx)
    labels = [data.scores[i].label for i in idx]
    out: dict[str, Any] = {"texts": n, "blank": len(data.scores) - n}
    for label in ("positive", "neutral", "negative"):
        out[label] = labels.count(label) / n if n else 0.0
    out["mean_compound"] = sum(data.scores[i].compound for i in idx) / n if n else 0.0
    sides = data.sides
    out["complaints"] = sum(1 for i in idx if sides[i] < 0)
    out["praise"] = sum(1 for i in idx if sides[i] > 0)
    out["sides_by"] = data.source.rating.column if data.rated and data.source.rating else "VADER"
    out["non_english"] = share_non_english(data.scores)
    if data.nps:
        out["nps"] = nps([data.nps[i] for i in range(len(data.nps))])
    return out


def mean_compound(
    data: FeedbackData, start: dt.date | None = None, end: dt.date | None = None
) -> float | None:
    """Mean VADER compound of the non-blank texts, of those dated in [start, end) when a bound is given:
    the one mean-sentiment figure of the chat and the report; None without texts."""
    xs = [
        data.scores[i].compound
        for i in data.filled
        if (start is None and end is None) or _within(data.times[i] if data.times else None, start, end)
    ]
    return sum(xs) / len(xs) if xs else None


def _within(value: Any, start: dt.date | None, end: dt.date | None) -> bool:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        return False
    return (start is None or start <= value) and (end is None or value < end)


def nps(answers: Sequence[Any]) -> float | None:
    """Net Promoter Score (-100..100) of fetched answers, by the one formula (catalog.nps)."""
    return nps_of(answers)


def trend(data: FeedbackData, before: dt.date | None = None) -> list[dict[str, Any]]:
    """Per month (first day of the month): texts, mean compound, positive and negative shares; months
    starting on or after `before` (the unfinished month of the as-of date) are left out."""
    if not data.times:
        return []
    buckets: dict[dt.date, list[Score]] = defaultdict(list)
    for i in data.filled:
        month = _month(data.times[i])
        if month is not None and (before is None or month < before):
            buckets[month].append(data.scores[i])
    return [_row({"month": m}, buckets[m]) for m in sorted(buckets)]


def first_unfinished_month(as_of: dt.date) -> dt.date:
    """The first day of the month after the last full one: a month is over once the as-of date is
    its last day (data to 2025-12-31 includes December), else trends stop before the as-of month."""
    return first_unfinished(as_of, "month")


def months_left_out(data: FeedbackData, before: dt.date) -> int:
    """Dated non-blank texts in months starting on or after `before`."""
    if not data.times:
        return 0
    return sum(1 for i in data.filled if (m := _month(data.times[i])) is not None and m >= before)


def by_group(data: FeedbackData, qualified: str) -> list[dict[str, Any]]:
    """Per value of a grouping column: texts, mean compound, positive and negative shares (by count)."""
    buckets: dict[Any, list[Score]] = defaultdict(list)
    values = data.groups[qualified]
    for i in data.filled:
        buckets[values[i]].append(data.scores[i])
    name = qualified.partition(".")[2]
    rows = [_row({name: k}, v) for k, v in buckets.items()]
    for row, scores in zip(rows, buckets.values(), strict=True):
        row["ci_low"], row["ci_high"] = _mean_interval([s.compound for s in scores])
    rows.sort(key=lambda r: (-r["texts"], str(r[name])))
    return rows


def _mean_interval(values: list[float]) -> tuple[float | None, float | None]:
    """The 95% t interval of a mean of compound scores (catalog.intervals.mean_interval)."""
    n = len(values)
    if n < 2:
        return None, None
    mean = sum(values) / n
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    return mean_interval(mean, sd, n)


def themes(data: FeedbackData, top: int = 8, topic: Sequence[str] = ()) -> dict[str, list[Theme]]:
    """Praise and complaint themes of the fetched texts (already narrowed to a topic by `fetch`), each
    text on the side its rating (else VADER) puts it."""

    idx = data.filled
    sides = data.sides
    return extract_themes(
        [data.texts[i] for i in idx],
        [data.scores[i].compound for i in idx],
        sides=[sides[i] for i in idx],
        top=top,
    )


def _row(head: dict[str, Any], scores: list[Score]) -> dict[str, Any]:
    n = len(scores)
    head["texts"] = n
    head["mean_compound"] = round(sum(s.compound for s in scores) / n, 4) if n else None
    head["positive"] = round(sum(1 for s in scores if s.label == "positive") / n, 4) if n else None
    head["negative"] = round(sum(1 for s in scores if s.label == "negative") / n, 4) if n else None
    return head


def _month(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime | dt.date):
        return dt.date(value.year, value.month, 1)
    return None


def _col(table: str, column: str) -> exp.Column:
    return exp.column(column, table=table, quoted=True)


def _join_on(catalog: Catalog, table: str, target: str) -> exp.Expr:
    rel = relation_to(catalog, table, target)
    if rel is None:
        raise FeedbackError(f"I can't relate {table} to {target}: no column of {table} points at {target}.")
    return exp.EQ(this=_col(rel.table, rel.column), expression=_col(rel.ref_table, rel.ref_column))


def _qualify(condition: exp.Expr, table: str) -> exp.Expr:
    """Give every unqualified column of a condition the table it belongs to."""

    def fix(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and not node.table:
            return exp.column(node.name, table=table, quoted=True)
        return node

    return condition.copy().transform(fix)
