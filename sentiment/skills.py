"""Sentiment skills: feedback summaries, themes, sentiment by group or month, most negative comments.

Each skill is data (trigger phrases, description, example) plus a `run(SkillRequest) -> Answer`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from catalog.answer import Answer, Chart
from catalog.roles import is_time_type
from catalog.skills import ReportSection, Skill, SkillRequest
from sentiment.columns import FeedbackSource, feedback_source, relation_to
from sentiment.score import NEGATIVE_AT, POSITIVE_AT
from sentiment.summarize import (
    FeedbackData,
    FeedbackError,
    by_group,
    fetch,
    first_unfinished_month,
    months_left_out,
    overview,
    themes,
    trend,
)

if TYPE_CHECKING:
    from catalog import Catalog
    from sentiment.themes import Theme

NOUNS = (("review", "reviews"), ("comment", "comments"), ("feedback", "comments"), ("note", "notes"))
"""Text column name fragment -> what to call its texts in answers (else "texts")."""
TREND_WORDS = ("over time", "changed", "change", "trend", "by month", "monthly", "per month", "evolve")
"""Words that turn "sentiment" into a trend by month."""
LIST_LIMIT = 10
THEMES_TOP = 8
SENTENCE_THEMES = 3
"""Themes of each side named in an answer's sentence."""
MIXED_SHARE = 0.5
"""A theme is called mixed when its other side's texts are at least this share of its own side's."""
SIDE_WORDS = {
    "praise": ("praise", "positive", "also criticised in", "Praise"),
    "complaints": ("complain about", "negative", "also praised in", "Complaint"),
}
"""Side -> (verb, label of its texts, how to say the other side of a mixed theme, name of its themes)."""


# -- answers -------------------------------------------------------------------------------------
def run_summary(req: SkillRequest) -> Answer:
    """Counts, shares, mean compound, themes with quotes; trend, groups and NPS as side tables."""
    data, src, req = _fetch(req)
    ov = overview(data)
    if not ov["texts"]:
        return _empty(req, data)
    words = _topic(req)
    th = themes(data, THEMES_TOP, words)
    noun = _noun(src)
    text = (
        f"Of {ov['texts']:,} {noun}{_topic_phrase(req)}, {_pct(ov['positive'])} are positive and "
        f"{_pct(ov['negative'])} negative (mean compound {ov['mean_compound']:.2f})"
        f"{_on_topic(data, words)}{_praise_complain(th)}."
    )
    rows = [_theme_row(side, t) for side in ("praise", "complaints") for t in th[side]]
    extra = _extra(data, ov, th, before=first_unfinished_month(req.as_of))
    return _answer(
        req,
        data,
        text,
        ("side", "theme", "texts", "positive", "negative", "mentions", "mean_compound", "quote_1", "quote_2"),
        rows,
        extra=extra,
        what="Summary and themes",
    )


def run_complaints(req: SkillRequest) -> Answer:
    return _side_answer(req, "complaints")


def run_praise(req: SkillRequest) -> Answer:
    return _side_answer(req, "praise")


def run_sentiment(req: SkillRequest) -> Answer:
    """Sentiment by the asked columns (bar), by month when asked over time (line), else overall."""
    by = _non_time(req)
    if len(by) != len(req.by) or (not by and _wants_trend(req.question)):
        return run_trend(replace(req, by=by))
    data, src, req = _fetch(replace(req, by=by))
    ov = overview(data)
    if not ov["texts"]:
        return _empty(req, data)
    if by:
        groups = by_group(data, by[0])
        name = by[0].partition(".")[2]
        ranked = sorted((g for g in groups if g["texts"]), key=lambda g: -g["mean_compound"])
        top, low = ranked[0], ranked[-1]
        text = (
            f"Across {ov['texts']:,} {_noun(src)}, sentiment is highest for {name} {top[name]} (mean compound "
            f"{top['mean_compound']:.2f}, {_pct(top['positive'])} positive) and lowest for {low[name]} "
            f"({low['mean_compound']:.2f}, {_pct(low['positive'])} positive)."
        )
        cols = (name, "texts", "mean_compound", "positive", "negative")
        rows = [tuple(g[c] for c in cols) for g in groups]
        chart = Chart("bar", name, ("mean_compound",), f"Mean sentiment by {name}")
        extra = _extra(data, ov, before=first_unfinished_month(req.as_of))
        return _answer(req, data, text, cols, rows, chart=chart, extra=extra, what=f"Sentiment by {name}")
    text = (
        f"Of {ov['texts']:,} {_noun(src)}{_topic_phrase(req)}, {_pct(ov['positive'])} are positive, "
        f"{_pct(ov['neutral'])} neutral and {_pct(ov['negative'])} negative (mean compound "
        f"{ov['mean_compound']:.2f})."
    )
    rows = [(label, round(ov[label] * ov["texts"]), round(ov[label], 4)) for label in _LABELS]
    extra = _extra(data, ov, before=first_unfinished_month(req.as_of))
    return _answer(req, data, text, ("label", "texts", "share"), rows, extra=extra, what="Overall sentiment")


def run_trend(req: SkillRequest) -> Answer:
    """Mean sentiment per full month (line chart); the unfinished month of the as-of date is left out."""
    data, src, req = _fetch(req)
    if not src.time:
        return _refuse(req, f"{src.table} has no date column, so sentiment cannot be followed over time.")
    before = first_unfinished_month(req.as_of)
    months = trend(data, before)
    left_out = months_left_out(data, before)
    note = (
        f"{left_out:,} {_noun(src)} from {_month(before)} on left out: the month is not over "
        f"(as of {req.as_of.isoformat()})."
        if left_out
        else ""
    )
    if not months:
        return _empty(req, data)
    first, last = months[0], months[-1]
    low = min(months, key=lambda m: m["mean_compound"])
    text = (
        f"Mean sentiment went from {first['mean_compound']:.2f} in {_month(first['month'])} to "
        f"{last['mean_compound']:.2f} in {_month(last['month'])} over {len(months)} months "
        f"(lowest {low['mean_compound']:.2f} in {_month(low['month'])})."
    )
    cols = ("month", "texts", "mean_compound", "positive", "negative")
    rows = [tuple(m[c] for c in cols) for m in months]
    chart = Chart("line", "month", ("mean_compound",), "Mean sentiment by month")
    return _answer(
        req,
        data,
        text,
        cols,
        rows,
        chart=chart,
        extra={"trend": months},
        what="Sentiment by full month",
        note=note,
        counted=sum(m["texts"] for m in months),
    )


def run_negative(req: SkillRequest) -> Answer:
    return _list_answer(req, "negative")


def run_positive(req: SkillRequest) -> Answer:
    return _list_answer(req, "positive")


def _side_answer(req: SkillRequest, side: str) -> Answer:
    data, src, req = _fetch(req)
    ov = overview(data)
    if not ov["texts"]:
        return _empty(req, data)
    th = themes(data, req.limit or THEMES_TOP, _topic(req))[side]
    verb, label, *_ = SIDE_WORDS[side]
    n_side = round(ov[label] * ov["texts"])
    noun = _noun(src)
    if th:
        rest = [t.phrase for t in th[1:SENTENCE_THEMES]]
        text = (
            f"Customers {verb} {th[0].phrase} most ({th[0].count:,} of {n_side:,} {label} {noun})"
            + (f", then {_and(rest)}" if rest else "")
            + _mixed(side, th[:SENTENCE_THEMES], noun)
            + "."
        )
    else:
        text = f"No theme stands out in the {n_side:,} {label} {noun}."
    cols = (
        "theme",
        "texts",
        "share",
        "positive",
        "negative",
        "mentions",
        "mean_compound",
        "quote_1",
        "quote_2",
    )
    rows = [
        (t.phrase, t.count, round(t.count / n_side, 4) if n_side else 0.0, t.positive, t.negative,
         t.mentions, round(t.mean_compound, 4), *_two(t.quotes))
        for t in th
    ]  # fmt: skip
    chart = Chart("bar", "theme", ("texts",), f"What customers {verb}") if th else None
    extra = {side: [t.as_row() for t in th], "overview": ov}
    return _answer(
        req, data, text, cols, rows, chart=chart, extra=extra, what=f"{SIDE_WORDS[side][3]} themes"
    )


def _list_answer(req: SkillRequest, label: str) -> Answer:
    data, src, req = _fetch(req)
    sign = -1 if label == "negative" else 1
    idx = [i for i in data.filled if data.scores[i].label == label]
    idx.sort(key=lambda i: (sign * -data.scores[i].compound, len(data.texts[i])))
    limit = req.limit or LIST_LIMIT
    noun = _noun(src)
    has_time = bool(data.times)
    cols = ("text", "compound", "pos", "neu", "neg") + (("time",) if has_time else ())
    cols += tuple(q.partition(".")[2] for q in data.groups)
    rows = []
    for i in idx[:limit]:
        s = data.scores[i]
        row: tuple[Any, ...] = (data.texts[i], s.compound, s.pos, s.neu, s.neg)
        row += (data.times[i],) if has_time else ()
        row += tuple(v[i] for v in data.groups.values())
        rows.append(row)
    if idx:
        top = data.scores[idx[0]].compound
        text = (
            f"{len(idx):,} of {len(data.filled):,} {noun}{_topic_phrase(req)} are {label}; the most {label} "
            f"scores {top:.2f}: “{_short(data.texts[idx[0]])}”"
        )
    else:
        text = f"None of the {len(data.filled):,} {noun}{_topic_phrase(req)} is {label}."
    return _answer(req, data, text, cols, rows, row_count=len(idx), what=f"The most {label}")


# -- shared helpers ------------------------------------------------------------------------------
_LABELS = ("positive", "neutral", "negative")


def _fetch(req: SkillRequest) -> tuple[FeedbackData, FeedbackSource, SkillRequest]:
    """Fetch and score the texts; returns the request as used (filters may have become a topic)."""
    src = _source(req.catalog, req.table)
    unrelated = (
        req.table and req.table != src.table and relation_to(req.catalog, src.table, req.table) is None
    )
    if req.where is not None and unrelated:
        # "feedback about delivery" where 'delivery' is a value of an unrelated table: a topic
        words = [lit.this for lit in req.where.find_all(exp.Literal) if lit.is_string]
        req = replace(req, table=None, where=None, where_text="", topic=" ".join([req.topic, *words]))
    data = fetch(req.catalog, src, by=req.by, where=req.where, where_table=req.table, topic=req.topic)
    return data, src, req


def _source(catalog: Catalog, table: str | None) -> FeedbackSource:
    src = feedback_source(catalog, table)
    if src is None:
        raise FeedbackError("This data has no free-text column (comments, reviews, feedback) to read.")
    return src


def _non_time(req: SkillRequest) -> tuple[str, ...]:
    model = req.catalog.model
    return tuple(q for q in req.by if not (_known(req.catalog, q) and is_time_type(model.column(q).dtype)))


def _known(catalog: Catalog, qualified: str) -> bool:
    table, _, col = qualified.partition(".")
    return table in catalog.model.tables and col in catalog.model.tables[table].columns


def _wants_trend(question: str) -> bool:
    q = question.lower()
    return any(w in q for w in TREND_WORDS)


def _answer(
    req: SkillRequest,
    data: FeedbackData,
    text: str,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    *,
    chart: Chart | None = None,
    extra: dict[str, Any] | None = None,
    row_count: int | None = None,
    what: str = "",
    note: str = "",
    counted: int | None = None,
) -> Answer:
    ov = overview(data)
    notes = [note] if note else []
    if ov["blank"]:
        notes.append(f"{ov['blank']:,} blank {_noun(data.source)} skipped.")
    if ov["non_english"] >= 0.01:
        notes.append(f"{_pct(ov['non_english'])} of the texts look non-English; VADER reads English only.")
    if ov.get("nps") is not None:
        notes.append(f"NPS from {data.source.nps}: {ov['nps']:.1f}.")
    return Answer(
        question=req.question,
        status="answer",
        text=text,
        interpretation=_interpretation(req, data, what, counted),
        sql=data.sql,
        columns=columns,
        rows=tuple(tuple(r) for r in rows),
        row_count=len(rows) if row_count is None else row_count,
        chart=chart,
        notes=tuple(notes),
        extra=extra or {},
    )


def _interpretation(req: SkillRequest, data: FeedbackData, what: str, counted: int | None = None) -> str:
    src = data.source
    n = len(data.filled) if counted is None else counted
    parts = [
        f"{what} of {n:,} {_noun(src)} in {src.table}.{src.text}, scored with VADER "
        "(positive if compound >= 0.05, negative if <= -0.05)"
    ]
    if req.where_text:
        parts.append(f"where {req.where_text}")
    if req.topic.strip():
        parts.append(f"mentioning {' and '.join(repr(w) for w in _topic(req))}")
    return ", ".join(parts) + "."


def _extra(
    data: FeedbackData,
    ov: dict[str, Any],
    th: dict[str, list[Theme]] | None = None,
    *,
    before: dt.date | None = None,
) -> dict[str, Any]:
    extra: dict[str, Any] = {"overview": ov}
    if th is not None:
        extra["praise"] = [t.as_row() for t in th["praise"]]
        extra["complaints"] = [t.as_row() for t in th["complaints"]]
    months = trend(data, before)
    if months:
        extra["trend"] = months
    for qualified in data.groups:
        extra[f"by {qualified}"] = by_group(data, qualified)
    return extra


def _empty(req: SkillRequest, data: FeedbackData) -> Answer:
    text = f"No {_noun(data.source)}{_topic_phrase(req)} match the question."
    return _answer(req, data, text, (), [], what="Sentiment")


def _refuse(req: SkillRequest, reason: str) -> Answer:
    return Answer(question=req.question, status="unsupported", text=reason)


def _guard(run: Callable[[SkillRequest], Answer]) -> Callable[[SkillRequest], Answer]:
    """Turn FeedbackError (no text column, no relation to a table) into an `unsupported` answer."""

    def guarded(req: SkillRequest) -> Answer:
        try:
            return run(req)
        except FeedbackError as e:
            return _refuse(req, str(e))

    guarded.__name__ = run.__name__
    guarded.__doc__ = run.__doc__
    return guarded


def _theme_row(side: str, t: Theme) -> tuple[Any, ...]:
    return (
        side, t.phrase, t.count, t.positive, t.negative, t.mentions, round(t.mean_compound, 4),
        *_two(t.quotes),
    )  # fmt: skip


def _two(quotes: tuple[str, ...]) -> tuple[str, str]:
    q = list(quotes) + ["", ""]
    return q[0], q[1]


def _praise_complain(th: dict[str, list[Theme]]) -> str:
    """': people praise A, B and C, and complain about D and E' (empty without themes)."""
    praise = [t.phrase for t in th["praise"][:SENTENCE_THEMES]]
    complaints = [t.phrase for t in th["complaints"][:SENTENCE_THEMES]]
    parts = []
    if praise:
        parts.append(f"people praise {_and(praise)}")
    if complaints:
        parts.append(f"{'and ' if praise else 'people '}complain about {_and(complaints)}")
    return ": " + ", ".join(parts) if parts else ""


def _on_topic(data: FeedbackData, words: list[str]) -> str:
    """'; what they say about delivery is positive in 170 and negative in 150' ('' without a topic)."""
    if not words:
        return ""
    from sentiment.summarize import about

    texts, scores = about(data, words)
    said = [c for t, c in zip(texts, scores, strict=True) if t]
    positive = sum(1 for c in said if c >= POSITIVE_AT)
    negative = sum(1 for c in said if c <= NEGATIVE_AT)
    topic = " and ".join(words)
    return f"; what they say about {topic} is positive in {positive:,} and negative in {negative:,}"


def _mixed(side: str, th: list[Theme], noun: str) -> str:
    """'; price is also praised in 156 positive comments' for the first mixed theme, else ''."""
    other = "negative" if side == "praise" else "positive"
    for t in th:
        n_other = t.negative if side == "praise" else t.positive
        if n_other >= MIXED_SHARE * t.count:
            return f"; {t.phrase} is {SIDE_WORDS[side][2]} {n_other:,} {other} {noun}"
    return ""


def _and(items: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _noun(src: FeedbackSource) -> str:
    name = src.text.lower()
    return next((plural for frag, plural in NOUNS if frag in name), "texts")


def _topic(req: SkillRequest) -> list[str]:
    from sentiment.summarize import topic_words

    return topic_words(req.topic)


def _topic_phrase(req: SkillRequest) -> str:
    words = _topic(req)
    return f" mentioning {' and '.join(words)}" if words else ""


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _month(d: dt.date) -> str:
    return d.strftime("%b %Y")


def _short(text: str, limit: int = 120) -> str:
    from sentiment.themes import trim_quote

    return trim_quote(text, limit=limit)


def _has_text(catalog: Catalog) -> bool:
    try:
        return feedback_source(catalog) is not None
    except Exception:  # a broken table never hides the other skills
        return False


# -- the skill table -----------------------------------------------------------------------------
SECOND_QUOTES = ("quote_2", "quote_3")
"""One quote per theme reads well on a report page; the rest stay in the chat answer."""
SKILLS: list[Skill] = [
    Skill(
        name="feedback_summary",
        phrases=(
            "summarize the feedback",
            "summarise the feedback",
            "summarize feedback",
            "summarise feedback",
            "feedback summary",
            "summary of the feedback",
            "summarize the reviews",
            "summarize the comments",
            "summarise the reviews",
            "summarise the comments",
            "feedback about",
            "reviews about",
            "comments about",
            "what do customers say",
            "what are customers saying",
        ),
        run=_guard(run_summary),
        available=_has_text,
        description="Summarize free-text feedback: shares positive/negative, themes with quotes, trend.",
        example="summarize the feedback",
        takes_topic=True,
        sections=(
            ReportSection(
                "feedback",
                "Praise and complaints",
                "what do customers praise and complain about",
                hide=SECOND_QUOTES,
            ),
        ),
    ),
    Skill(
        name="complaints",
        phrases=(
            "complain",
            "complaints",
            "complain about",
            "complain about most",
            "complain about the most",
            "what do customers complain about",
            "what do they complain about",
            "pain points",
            "negative themes",
            "what do customers dislike",
            "what do they dislike",
        ),
        run=_guard(run_complaints),
        available=_has_text,
        description="What customers complain about most: themes of negative feedback with quotes.",
        example="what do customers complain about most?",
        takes_topic=True,
        sections=(
            ReportSection(
                "complaints",
                "What customers complain about",
                "what do customers complain about",
                hide=SECOND_QUOTES,
            ),
        ),
    ),
    Skill(
        name="praise",
        phrases=(
            "what do they like",
            "what do customers like",
            "what do customers love",
            "what do they love",
            "praise",
            "positive themes",
            "what do people like",
            "what customers like",
        ),
        run=_guard(run_praise),
        available=_has_text,
        description="What customers praise: themes of positive feedback with quotes.",
        example="what do they like?",
        takes_topic=True,
        sections=(
            ReportSection("praise", "What customers praise", "what do customers praise", hide=SECOND_QUOTES),
        ),
    ),
    Skill(
        name="sentiment",
        phrases=(
            "sentiment",
            "how do customers feel",
            "customer sentiment",
            "overall sentiment",
        ),
        run=_guard(run_sentiment),
        available=_has_text,
        description="Sentiment of feedback overall, by a column (bar chart) or by month.",
        example="sentiment by plan",
        takes_topic=True,
        grains=("", "month"),
    ),
    Skill(
        name="sentiment_trend",
        phrases=(
            "sentiment over time",
            "sentiment changed",
            "sentiment change",
            "trend in sentiment",
            "sentiment trend",
            "sentiment by month",
            "how has sentiment changed",
            "monthly sentiment",
        ),
        run=_guard(run_trend),
        available=_has_text,
        description="Mean sentiment of feedback by month (line chart).",
        example="how has sentiment changed over time?",
        takes_topic=True,
        grains=("", "month"),
        sections=(ReportSection("sentiment_trend", "Sentiment by month", "sentiment by month"),),
    ),
    Skill(
        name="negative_comments",
        phrases=(
            "most negative comments",
            "most negative reviews",
            "most negative feedback",
            "negative comments",
            "negative reviews",
            "negative feedback",
            "worst reviews",
            "worst comments",
            "angriest comments",
            "unhappy customers say",
        ),
        run=_guard(run_negative),
        available=_has_text,
        description="The most negative comments, with their VADER scores.",
        example="show the most negative comments",
        takes_topic=True,
    ),
    Skill(
        name="positive_comments",
        phrases=(
            "most positive comments",
            "most positive reviews",
            "most positive feedback",
            "positive comments",
            "positive reviews",
            "positive feedback",
            "best reviews",
            "best comments",
            "happiest comments",
        ),
        run=_guard(run_positive),
        available=_has_text,
        description="The most positive comments, with their VADER scores.",
        example="show the most positive reviews",
        takes_topic=True,
    ),
]
