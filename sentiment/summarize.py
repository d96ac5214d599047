"""Feedback summaries: fetch texts with sqlglot, score them, and sum up shares, trends, groups, themes."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from sentiment.columns import FeedbackSource, relation_to
from sentiment.score import Score, SentimentScorer, default_scorer, share_non_english

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
        feel think all any every each""",
    )
)
"""Words dropped from a topic ("the speaker" -> speaker) before it becomes an ILIKE filter."""
NPS_PROMOTER, NPS_DETRACTOR = 9, 6


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

    @property
    def filled(self) -> list[int]:
        """Indexes of the non-blank texts."""
        return [i for i, s in enumerate(self.scores) if not s.blank]


def topic_words(topic: str) -> list[str]:
    """'the speakers' -> ['speaker']: content words, plural s dropped, for ILIKE matching."""
    words = [w for w in re.findall(r"[^\W\d_][\w'-]*", topic.lower()) if w not in TOPIC_STOP]
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words]


def fetch(
    catalog: Catalog,
    source: FeedbackSource,
    *,
    by: Sequence[str] = (),
    where: exp.Expression | None = None,
    where_table: str | None = None,
    topic: str = "",
    scorer: SentimentScorer | None = None,
) -> FeedbackData:
    """Fetch the texts (with date, NPS and `by` columns, joined through relations) and score them."""
    ft = source.table
    select: list[Any] = [_col(ft, source.text).as_("text", quoted=True)]
    if source.time:
        select.append(_col(ft, source.time).as_("time", quoted=True))
    if source.nps:
        select.append(_col(ft, source.nps).as_("nps", quoted=True))
    joins: dict[str, exp.Expression] = {}
    for i, qualified in enumerate(by):
        table, _, column = qualified.partition(".")
        if table != ft:
            joins.setdefault(table, _join_on(catalog, ft, table))
        select.append(_col(table, column).as_(f"by{i}", quoted=True))
    query = exp.select(*select).from_(exp.table_(ft, quoted=True))
    conditions: list[exp.Expression] = []
    if where is not None:
        wt = where_table or ft
        if wt != ft:
            joins.setdefault(wt, _join_on(catalog, ft, wt))
        conditions.append(_qualify(where, wt))
    for word in topic_words(topic):
        conditions.append(exp.ILike(this=_col(ft, source.text), expression=exp.Literal.string(f"%{word}%")))
    for table, on in joins.items():
        query = query.join(exp.table_(table, quoted=True), on=on, join_type="left")
    if conditions:
        query = query.where(exp.and_(*conditions))
    result = catalog.run(query)
    texts = [r[0] if isinstance(r[0], str) else ("" if r[0] is None else str(r[0])) for r in result.rows]
    scores = (scorer or default_scorer()).score(texts)
    names = list(result.columns)
    data = FeedbackData(source, result.sql, texts, scores)
    if "time" in names:
        data.times = [r[names.index("time")] for r in result.rows]
    if "nps" in names:
        data.nps = [r[names.index("nps")] for r in result.rows]
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
    out["non_english"] = share_non_english(data.scores)
    if data.nps:
        out["nps"] = nps([data.nps[i] for i in range(len(data.nps))])
    return out


def nps(answers: Sequence[Any]) -> float | None:
    """Net Promoter Score (-100..100): % of 9-10 answers minus % of 0-6 answers; None without answers."""
    values = [float(a) for a in answers if a is not None]
    if not values:
        return None
    promoters = sum(1 for v in values if v >= NPS_PROMOTER)
    detractors = sum(1 for v in values if v <= NPS_DETRACTOR)
    return 100.0 * (promoters - detractors) / len(values)


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
    after = as_of + dt.timedelta(days=1)
    return dt.date(after.year, after.month, 1)


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
    rows.sort(key=lambda r: (-r["texts"], str(r[name])))
    return rows


def themes(data: FeedbackData, top: int = 8, topic: Sequence[str] = ()) -> dict[str, list[Theme]]:
    """Praise and complaint themes of the fetched texts; with `topic` words, of what the texts say about
    the topic (their clauses naming it)."""
    from sentiment.themes import extract_themes

    texts, compounds = about(data, topic)
    return extract_themes(texts, compounds, top=top)


def about(data: FeedbackData, topic: Sequence[str] = ()) -> tuple[list[str], list[float]]:
    """The non-blank texts and scores; with `topic` words, each text's clauses naming the topic and
    their mean score ('' where a text names it nowhere but in the words of another clause)."""
    from sentiment.themes import topic_clauses

    idx = data.filled
    texts, compounds = [data.texts[i] for i in idx], [data.scores[i].compound for i in idx]
    return topic_clauses(texts, compounds, topic) if topic else (texts, compounds)


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


def _join_on(catalog: Catalog, table: str, target: str) -> exp.Expression:
    rel = relation_to(catalog, table, target)
    if rel is None:
        raise FeedbackError(f"I can't relate {table} to {target}: no column of {table} points at {target}.")
    return exp.EQ(this=_col(rel.table, rel.column), expression=_col(rel.ref_table, rel.ref_column))


def _qualify(condition: exp.Expression, table: str) -> exp.Expression:
    """Give every unqualified column of a condition the table it belongs to."""

    def fix(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and not node.table:
            return exp.column(node.name, table=table, quoted=True)
        return node

    return condition.copy().transform(fix)
