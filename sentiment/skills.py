"""Sentiment skills: feedback summaries, themes, sentiment by group or month, most negative comments.

Each skill is data in skills.yaml (trigger phrases, description, example, grains, report sections) plus
a `run(SkillRequest) -> Answer` and an availability check named in FUNCTIONS below.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from catalog.answer import Answer, Chart
from catalog.intervals import GroupStat, headline, lowest
from catalog.roles import is_time_type
from catalog.semantic import Role
from catalog.skills import Functions, Skill, SkillRequest, declared_skills
from sentiment.columns import FeedbackSource, feedback_source, relation_to
from sentiment.summarize import (
    TOPIC_SYNONYMS,
    FeedbackData,
    FeedbackError,
    by_group,
    disagreement,
    fetch,
    first_unfinished_month,
    months_left_out,
    overview,
    side_rule,
    themes,
    topic_words,
    trend,
)
from sentiment.summarize import FeedbackData as Data
from sentiment.themes import extract_themes, log_odds_z, theme_quotes, trim_quote

if TYPE_CHECKING:
    from catalog import Catalog
    from sentiment.themes import Theme

NOUNS = (("review", "reviews"), ("comment", "comments"), ("feedback", "comments"), ("note", "notes"))
"""Text column name fragment -> what to call its texts in answers (else "texts")."""
TREND_WORDS = ("over time", "changed", "change", "trend", "by month", "monthly", "per month", "evolve")
"""Words that turn "sentiment" into a trend by month."""
LIST_LIMIT = 10
THEMES_TOP = 8
GROUP_THEMES = 3
"""Themes per group in "complaints by plan"."""
GROUP_POOL = 15
"""The side's themes (over all texts) that groups are compared on."""
GROUP_Z = 1.96
"""A group's theme is named in the sentence when its log-odds z against the other groups reaches this."""
CHANGE_THEMES = 10
"""Themes compared in "what changed in complaints this quarter vs last?"."""
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_STARS = re.compile(
    r"\b(\d|one|two|three|four|five)(?:\s*(?:-|to|and|or)\s*(\d|one|two|three|four|five))?[\s-]*stars?\b"
)
GRAINS = ("month", "quarter", "year")
_PERIODS = re.compile(
    r"\b(?:this|current) (month|quarter|year) (?:vs\.?|versus|compared (?:to|with)|against) (?:the )?"
    r"(?:last|previous|prior)\b|\b(?:last|previous) (month|quarter|year) (?:vs\.?|versus|compared (?:to|with)"
    r"|against) (?:this|the current)\b"
)
"""Two periods compared: "this quarter vs last", "last month versus this"."""
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
    """Counts of praise and complaints, their themes with quotes; trend, groups and NPS as side tables.
    "summarize the negative reviews" is the complaints' answer."""
    wanted = _asked_side(req.question)
    if wanted is not None:
        return _side_answer(req, wanted)
    data, src, req = _fetch(req)
    ov = overview(data)
    if not ov["texts"]:
        return _empty(req, data)
    th = themes(data, THEMES_TOP)
    noun = _noun(src)
    n = ov["texts"]
    text = (
        f"Of {n:,} {noun}{_topic_phrase(req)}, {ov['praise']:,} ({_pct(ov['praise'] / n)}) are praise and "
        f"{ov['complaints']:,} ({_pct(ov['complaints'] / n)}) complaints by {_by(data)}"
        f"{_praise_complain(th)}."
    )
    rows = [_theme_row(side, t, ov[side]) for side in ("praise", "complaints") for t in th[side]]
    extra = _extra(data, ov, th, before=first_unfinished_month(req.as_of))
    return _answer(req, data, text, THEME_COLUMNS, rows, extra=extra, what="Summary and themes")


THEME_COLUMNS = (
    "side", "theme", "texts", "share", "z", "praise", "complaints", "mentions", "wordings", "quote_1", "quote_2",
)  # fmt: skip
SIDE_ASKED = (
    ("complaints", ("negative", "complaint", "complaints", "bad", "low rated", "unhappy", "worst")),
    ("praise", ("positive", "praise", "good", "high rated", "happy", "best")),
)
"""Words in a summary question that ask for one side only ("summarize the negative reviews")."""


def _asked_side(question: str) -> str | None:
    words = " ".join(re.findall(r"[a-z]+", question.lower()))
    for side, cues in SIDE_ASKED:
        if any(re.search(rf"\b{c}\b", words) for c in cues):
            return side
    return None


def _by(data: FeedbackData) -> str:
    """'rating (1-2 complaint, 4-5 praise)' or 'VADER (...)'."""
    return side_rule(data.source) if data.rated else side_rule(replace(data.source, rating=None))


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
        text, cols, rows = _judged_sentiment(req, groups, name, ov["texts"], _noun(src))
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


def _judged_sentiment(
    req: SkillRequest, groups: list[dict[str, Any]], name: str, texts: int, noun: str
) -> tuple[str, tuple[str, ...], list[tuple[Any, ...]]]:
    """Mean sentiment by group with each group's base and 95% t interval: the highest (and lowest) group
    is named only when its interval stands apart from every other's; small groups are marked, never named."""
    base = getattr(req.catalog.model, "min_base", 30)
    stats = [GroupStat((g[name],), g["mean_compound"], g["texts"], g["ci_low"], g["ci_high"]) for g in groups]
    fmt = lambda x: f"{x:.2f}"  # noqa: E731
    metric = "Mean sentiment (compound)"
    head = headline(metric, stats, fmt, noun, base)
    text = f"Across {texts:,} {noun}, {head[:1].lower()}{head[1:]}" + lowest(
        "Mean sentiment", stats, fmt, noun, base
    )
    small = any(g["texts"] < base for g in groups)
    cols: tuple[str, ...] = (name, "texts", "mean_compound", "ci_low", "ci_high", "positive", "negative")
    rows = [tuple(g[c] for c in cols) for g in groups]
    if small:
        cols += ("note",)
        rows = [r + (f"small base (n < {base})" if r[1] < base else "",) for r in rows]
    return text, cols, rows


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
    """Themes of one side; by a column: each group's themes against the other groups' texts of the side;
    over two periods ("this quarter vs last"): the theme shares of each period."""
    period = _periods(req)
    by = _non_time(req)
    segmented = bool(req.where is not None or _WHO.search(req.question.lower())) and not by and period is None
    data, src, req = _fetch(replace(req, by=by), mark=segmented)
    if data.segment:
        return _segment_answer(req, data, side)
    ov = overview(data)
    if not ov["texts"]:
        return _empty(req, data)
    stars = _stars(req.question)
    if stars is not None and not data.rated:
        return _refuse(req, f"{src.table} has no star rating to pick {_star_words(stars)} {_noun(src)} by.")
    if period is not None:
        return _change_answer(req, data, side, period)
    if by:
        return _group_answer(req, data, side, by[0])
    sign = -1 if side == "complaints" else 1
    focus = _focus(data, sign, stars)
    n_side = int(sum(focus))
    th = _contrast(data, focus, sign, req.limit or THEMES_TOP)
    verb, _label, *_ = SIDE_WORDS[side]
    noun = _noun(src)
    what = f"{_star_words(stars)} {noun}" if stars else f"{side} by {_by(data)}"
    if th:
        rest = [f"{t.phrase} ({t.count:,})" for t in th[1:SENTENCE_THEMES]]
        text = (
            f"Of {ov['texts']:,} {noun}{_topic_phrase(req)}, {n_side:,} are {what}; they most "
            f"{'often ' if side == 'complaints' else ''}{verb} {th[0].phrase} ({th[0].count:,} {noun})"
            + (f", then {_and(rest)}" if rest else "")
            + "."
        )
    else:
        text = f"Of {ov['texts']:,} {noun}{_topic_phrase(req)}, {n_side:,} are {what}; no theme stands out."
    rows = [_theme_row(side, t, n_side)[1:] for t in th]
    chart = Chart("bar", "theme", ("texts",), f"What customers {verb}") if th else None
    extra = {side: [t.as_row() for t in th], "overview": ov}
    return _answer(
        req,
        data,
        text,
        THEME_COLUMNS[1:],
        rows,
        chart=chart,
        extra=extra,
        what=f"{SIDE_WORDS[side][3]} themes",
    )


def _focus(data: FeedbackData, sign: int, stars: tuple[int, ...] | None) -> list[bool]:
    """The texts a side's answer is about: those of the side, or those with the asked star ratings."""
    sides = data.sides
    if stars is not None:
        return [
            i_r is not None and int(i_r) in stars and not s.blank
            for i_r, s in zip(data.ratings, data.scores, strict=True)
        ]
    return [sides[i] == sign and not data.scores[i].blank for i in range(len(sides))]


def _contrast(
    data: FeedbackData, focus: list[bool], sign: int, top: int, against: list[bool] | None = None
) -> list[Theme]:
    """Themes of the focus texts against the other side's texts (or `against`), strongest first."""

    sides = data.sides
    other = against or [sides[i] == -sign and not focus[i] for i in range(len(sides))]
    marks = [sign if f else (-sign if o else 0) for f, o in zip(focus, other, strict=True)]
    side = "complaints" if sign < 0 else "praise"
    compounds = [s.compound for s in data.scores]
    return extract_themes(data.texts, compounds, sides=marks, top=top)[side]


def _group_answer(req: SkillRequest, data: FeedbackData, side: str, qualified: str) -> Answer:
    """The side's themes (found over all texts) split by a column: per group, how many of its texts of the
    side hold each theme, its share there and elsewhere, and the log-odds z of the group against the rest."""

    sign = -1 if side == "complaints" else 1
    name = qualified.partition(".")[2]
    values = data.groups[qualified]
    focus = _focus(data, sign, None)
    th = _contrast(data, focus, sign, GROUP_POOL)
    counts: dict[Any, int] = {}
    for v, f in zip(values, focus, strict=True):
        if f:
            counts[v] = counts.get(v, 0) + 1
    held = {t.phrase: [f and t.holds(text) for f, text in zip(focus, data.texts, strict=True)] for t in th}
    total = sum(counts.values())
    rows: list[tuple[Any, ...]] = []
    firsts = []
    for value in sorted(counts, key=lambda v: (-counts[v], str(v))):
        n_in, n_out = counts[value], total - counts[value]
        found = []
        for t in th:
            a = sum(1 for h, v in zip(held[t.phrase], values, strict=True) if h and v == value)
            b = sum(held[t.phrase]) - a
            z = float(log_odds_z([a], [b], [a + b], totals=(n_in, n_out, total))[0]) if a + b else 0.0
            found.append((z, a, b, t))
        found.sort(key=lambda f: (-f[0], -f[1]))
        for z, a, b, t in found[: req.limit or GROUP_THEMES]:
            share_out = b / n_out if n_out else 0.0
            mine = [h and v == value for h, v in zip(held[t.phrase], values, strict=True)]
            quotes = _two(_quotes_of(data, mine, t, sign))
            rows.append((value, t.phrase, a, round(a / n_in, 4), round(share_out, 4), round(z, 2), *quotes))
        if found and found[0][0] >= GROUP_Z:
            z, a, _, t = found[0]
            firsts.append(f"{value}: {t.phrase} ({a:,} of {n_in:,})")
    what = "complains about" if side == "complaints" else "praises"
    text = (
        f"What each {name} {what} more than the others ({total:,} {side} by {_by(data)}): "
        + "; ".join(firsts[:4])
        + "."
        if firsts
        else f"No {name} {what} anything clearly more than the others ({total:,} {side} by {_by(data)})."
    )
    cols = (name, "theme", "texts", "share", "share elsewhere", "z", "quote_1", "quote_2")
    return _answer(req, data, text, cols, rows, what=f"{SIDE_WORDS[side][3]} themes by {name}")


def _segment_answer(req: SkillRequest, data: FeedbackData, side: str) -> Answer:
    """A segment's themes of the side ("what do churned customers complain about?"): the side's themes
    over all texts, counted in the segment, with the share among the other texts of the side and the
    log-odds z of the segment against them."""

    sign = -1 if side == "complaints" else 1
    focus_all = _focus(data, sign, None)
    th = _contrast(data, focus_all, sign, GROUP_POOL)
    inside = data.segment
    sub = _subset(data, inside)
    n_seg = len(sub.filled)
    n_in = sum(1 for f, m in zip(focus_all, inside, strict=True) if f and m)
    n_out = sum(focus_all) - n_in
    found = []
    for t in th:
        held = [f and t.holds(text) for f, text in zip(focus_all, data.texts, strict=True)]
        a = sum(1 for h, m in zip(held, inside, strict=True) if h and m)
        b = sum(held) - a
        if a:
            z = float(log_odds_z([a], [b], [a + b], totals=(n_in, n_out, n_in + n_out))[0])
            mine = [h and m for h, m in zip(held, inside, strict=True)]
            found.append((a, z, b, replace(t, quotes=_quotes_of(data, mine, t, sign))))
    found.sort(key=lambda f: (-f[0], -f[1]))
    found = found[: req.limit or THEMES_TOP]
    noun = _noun(data.source)
    verb = SIDE_WORDS[side][0]
    where = f" where {req.where_text}" if req.where_text else ""
    head = f"Of {n_seg:,} {noun}{where}, {n_in:,} are {side} by {_by(data)}"
    if found:
        listed = [f"{t.phrase} ({a:,}, {_pct(a / n_in)})" for a, _, _, t in found[:SENTENCE_THEMES]]
        more = [f"{t.phrase} ({_pct(a / n_in)} vs {_pct(b / n_out)})" for a, z, b, t in found if z >= GROUP_Z]
        text = f"{head}; they most often {verb} {_and(listed)}"
        text += (
            f"; more than the others: {_and(more[:2])}." if more else "; none clearly more than the others."
        )
    else:
        text = f"{head}; no theme stands out."
    rows = [
        (t.phrase, a, round(a / n_in, 4) if n_in else 0.0, round(b / n_out, 4) if n_out else 0.0, round(z, 2),
         *_two(t.quotes))
        for a, z, b, t in found
    ]  # fmt: skip
    cols = ("theme", "texts", "share", "share elsewhere", "z", "quote_1", "quote_2")
    return _answer(req, sub, text, cols, rows, what=f"{SIDE_WORDS[side][3]} themes")


def _quotes_of(data: FeedbackData, mask: list[bool], theme: Theme, sign: int) -> tuple[str, ...]:
    """Typical quotes of a theme from some of its texts (a group's, a segment's)."""
    import numpy as np

    compounds = np.array([s.compound for s in data.scores])
    return theme_quotes(data.texts, compounds, np.array(mask, dtype=bool), set(theme.keys), sign)


def _subset(data: FeedbackData, keep: list[bool]) -> FeedbackData:
    """The fetched data restricted to some texts (all columns aligned)."""

    def pick(values: list[Any]) -> list[Any]:
        return [v for v, k in zip(values, keep, strict=True) if k] if values else []

    return Data(
        data.source,
        data.sql,
        pick(data.texts),
        pick(data.scores),
        pick(data.times),
        {q: pick(v) for q, v in data.groups.items()},
        pick(data.nps),
        pick(data.ratings),
    )


def _change_answer(req: SkillRequest, data: FeedbackData, side: str, period: tuple[str, Any]) -> Answer:
    """Theme shares of the side's texts in this period and the one before, with counts."""
    grain, (this, last) = period
    src = data.source
    if not src.time or not data.times:
        return _refuse(req, f"{src.table} has no date column, so {side} cannot be compared between periods.")
    sign = -1 if side == "complaints" else 1
    sides = data.sides
    when = [_day(t) for t in data.times]
    inside = [d is not None and last[0] <= d < this[1] for d in when]
    focus = [inside[i] and sides[i] == sign and not data.scores[i].blank for i in range(len(sides))]
    against = [inside[i] and sides[i] == -sign and not data.scores[i].blank for i in range(len(sides))]
    th = _contrast(data, focus, sign, req.limit or CHANGE_THEMES, against)
    in_this = [f and this[0] <= when[i] < this[1] for i, f in enumerate(focus)]
    in_last = [f and last[0] <= when[i] < last[1] for i, f in enumerate(focus)]
    n_this, n_last = sum(in_this), sum(in_last)
    if not any(inside):
        dated = [d for d in when if d is not None]
        latest = f"; the latest is dated {max(dated).isoformat()}" if dated else ""
        return _refuse(
            req,
            f"No {_noun(src)} are dated this {grain} or last (as of {req.as_of.isoformat()}){latest}: "
            "try another as-of date.",
        )
    rows = []
    for t in th:
        held = [t.holds(data.texts[i]) if focus[i] else False for i in range(len(focus))]
        a = sum(1 for i, h in enumerate(held) if h and in_this[i])
        b = sum(1 for i, h in enumerate(held) if h and in_last[i])
        share_a = a / n_this if n_this else 0.0
        share_b = b / n_last if n_last else 0.0
        rows.append((t.phrase, a, round(share_a, 4), b, round(share_b, 4), round(share_a - share_b, 4)))
    rows.sort(key=lambda r: -abs(r[5]))
    noun = _noun(src)
    cut = last[1] < this[0]  # this period is under way: the last one up to the same day
    label_this = f"this {grain} ({_span(this)})"
    label_last = f"last {grain} ({_span(last)}{', the same days' if cut else ''})"
    if rows:
        up = [r for r in rows if r[5] > 0][:2]
        down = [r for r in rows if r[5] < 0][:2]
        parts = [f"{r[0]} {_pct(r[4])} -> {_pct(r[2])} ({r[3]:,} -> {r[1]:,})" for r in up + down]
        text = (
            f"{side.capitalize()}: {n_last:,} {noun} {label_last}, {n_this:,} {label_this}; "
            + "; ".join(parts)
            + "."
        )
    else:
        text = f"{side.capitalize()}: {n_last:,} {noun} {label_last}, {n_this:,} {label_this}; no theme stands out."
    cols = (
        "theme",
        f"texts this {grain}",
        f"share this {grain}",
        f"texts last {grain}",
        f"share last {grain}",
        "change",
    )
    return _answer(
        req, data, text, cols, rows, what=f"{SIDE_WORDS[side][3]} themes, {label_this} vs {label_last}"
    )


def _list_answer(req: SkillRequest, label: str) -> Answer:
    data, src, req = _fetch(req)
    sign = -1 if label == "negative" else 1
    sides = data.sides  # the rating decides when there is one, else VADER
    idx = [i for i in data.filled if sides[i] == sign]
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
            f"{len(idx):,} of {len(data.filled):,} {noun}{_topic_phrase(req)} are {label} by {_by(data)}; "
            f"the most {label} scores {top:.2f}: “{_short(data.texts[idx[0]])}”"
        )
    else:
        text = f"None of the {len(data.filled):,} {noun}{_topic_phrase(req)} is {label}."
    return _answer(req, data, text, cols, rows, row_count=len(idx), what=f"The most {label}")


# -- question details the skills read themselves -----------------------------------------------------
def _stars(question: str) -> tuple[int, ...] | None:
    """'1-star' -> (1,), '1-2 star', '1 and 2 stars' -> (1, 2); None when no star rating is named."""
    found = _STARS.search(question.lower())
    if not found:
        return None
    a = _int(found.group(1))
    b = _int(found.group(2)) if found.group(2) else a
    return tuple(range(min(a, b), max(a, b) + 1))


def _int(word: str) -> int:
    return NUMBER_WORDS.get(word) or int(word)


def _star_words(stars: tuple[int, ...] | None) -> str:
    if not stars:
        return ""
    return f"{stars[0]}-star" if len(stars) == 1 else f"{stars[0]}-{stars[-1]} star"


def _periods(req: SkillRequest) -> tuple[str, tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]] | None:
    """'this quarter vs last' -> ('quarter', ((start, end) this, (start, end) last)), ends exclusive;
    this period ends after the as-of date."""
    q = req.question.lower()
    found = _PERIODS.search(q)
    grain = (found.group(1) or found.group(2)) if found else ("quarter" if "changed" in q else None)
    if grain is None:
        return None
    start = _grain_start(req.as_of, grain)
    before = _grain_start(start - dt.timedelta(days=1), grain)
    end = req.as_of + dt.timedelta(days=1)
    # like with like: while this period is under way, the last one is cut at the same point of it
    partial = _grain_start(end, grain) == start
    last_end = min(start, before + (end - start)) if partial else start
    return grain, ((start, end), (before, last_end))


def _grain_start(day: dt.date, grain: str) -> dt.date:
    if grain == "month":
        return dt.date(day.year, day.month, 1)
    if grain == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, 1, 1)


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _span(period: tuple[dt.date, dt.date]) -> str:
    return f"{period[0].isoformat()} to {(period[1] - dt.timedelta(days=1)).isoformat()}"


def run_rated(req: SkillRequest) -> Answer:
    """What reviews of some star ratings say: complaints' themes for low stars, praise's for high."""
    stars = _stars(req.question) or (1,)
    src = _source(req.catalog, req.table)
    rating = src.rating
    middle = (rating.low + rating.high) / 2 if rating is not None else 3
    return _side_answer(req, "complaints" if max(stars) <= middle else "praise")


# -- shared helpers ------------------------------------------------------------------------------
_LABELS = ("positive", "neutral", "negative")


_WHO = re.compile(r"\bwhat do (?:the )?([a-z]+) (?:customers|users|clients|people|accounts)\b")
"""'what do churned customers complain about?': a yes/no column of the customers names the segment."""


def _segment(req: SkillRequest, src: FeedbackSource) -> SkillRequest:
    """The segment a question names before 'customers' when the engine found no filter: a true/false
    column of a table the feedback points at, named by the word ("churned" -> customers.churned)."""
    found = _WHO.search(req.question.lower())
    if req.where is not None or not found:
        return req
    word = found.group(1)
    model = req.catalog.model
    for col in model.columns(Role.FLAG):
        names = {col.name.lower(), col.words.lower(), *col.synonyms}
        if (
            word in names
            and col.dtype.upper() == "BOOLEAN"
            and relation_to(req.catalog, src.table, col.table)
        ):
            where = exp.column(col.name, quoted=True).eq(exp.true())
            return replace(req, table=col.table, where=where, where_text=f"{col.name} is true")
    return req


def _fetch(req: SkillRequest, mark: bool = False) -> tuple[FeedbackData, FeedbackSource, SkillRequest]:
    """Fetch and score the texts; returns the request as used (filters may have become a topic). With
    `mark`, the filter marks a segment instead of leaving the other texts out."""
    src = _source(req.catalog, req.table)
    req = _segment(req, src)
    unrelated = (
        req.table and req.table != src.table and relation_to(req.catalog, src.table, req.table) is None
    )
    if req.where is not None and unrelated:
        # "feedback about delivery" where 'delivery' is a value of an unrelated table: a topic
        words = [lit.this for lit in req.where.find_all(exp.Literal) if lit.is_string]
        req = replace(req, table=None, where=None, where_text="", topic=" ".join([req.topic, *words]))
    data = fetch(
        req.catalog, src, by=req.by, where=req.where, where_table=req.table, topic=req.topic, mark=mark
    )
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
    notes += _disagreement_note(data)
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
        extra={**(extra or {}), "sides_by": _by(data), "disagreement": disagreement(data)},
    )


def _disagreement_note(data: FeedbackData) -> list[str]:
    """'VADER disagrees with rating on 94 of 257 complaints (37%) and 40 of 2,741 praise (1%).'"""
    d = disagreement(data)
    if not d or not (d["complaints"] or d["praise"]):
        return []
    col = data.source.rating.column if data.source.rating else "the rating"
    parts = []
    if d["complaints"]:
        parts.append(
            f"{d['complaints_positive']:,} of {d['complaints']:,} complaints "
            f"({_pct(d['complaints_positive'] / d['complaints'])}) score positive"
        )
    if d["praise"]:
        parts.append(
            f"{d['praise_negative']:,} of {d['praise']:,} praise ({_pct(d['praise_negative'] / d['praise'])}) "
            "score negative"
        )
    return [f"Sides by {col}; VADER disagrees with it: {' and '.join(parts)}."]


def _interpretation(req: SkillRequest, data: FeedbackData, what: str, counted: int | None = None) -> str:
    src = data.source
    n = len(data.filled) if counted is None else counted
    parts = [f"{what} of {n:,} {_noun(src)} in {src.table}.{src.text}, sides by {_by(data)}"]
    if req.where_text:
        parts.append(f"where {req.where_text}")
    if _topic(req):
        parts.append(f"mentioning {' and '.join(_topic_and_synonyms(w) for w in _topic(req))}")
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


FIGURE_WORDS = re.compile(
    r"\b(rate|share|percentage|percent|proportion|average|mean|median|how many|number of|count|highest|"
    r"lowest|max|maximum|min|minimum|total|sum|votes?)\b"
)
"""Words asking for a figure ("recommendation rate among 3-star reviews"): the theme and list skills
decline such questions rather than answer another one."""


def _asks_figure(req: SkillRequest) -> bool:
    return bool(FIGURE_WORDS.search(req.question.lower()))


def _guard(run: Callable[[SkillRequest], Answer], figures: bool = False) -> Callable[[SkillRequest], Answer]:
    """Turn FeedbackError (no text column, no relation to a table) into an `unsupported` answer; unless
    `figures`, a question asking for a figure is declined too."""

    def guarded(req: SkillRequest) -> Answer:
        if not figures and _asks_figure(req):
            return _refuse(
                req, "That asks for a figure, which themes and quotes do not give; ask it plainly."
            )
        try:
            return run(req)
        except FeedbackError as e:
            return _refuse(req, str(e))

    guarded.__name__ = run.__name__
    guarded.__doc__ = run.__doc__
    return guarded


def _theme_row(side: str, t: Theme, n_side: int | None = None) -> tuple[Any, ...]:
    n = n_side or (t.negative if side == "complaints" else t.positive) or t.count
    wordings = ", ".join(t.members[1:4])
    return (
        side, t.phrase, t.count, round(t.count / n, 4) if n else 0.0, round(t.z, 2), t.positive, t.negative,
        t.mentions, wordings, *_two(t.quotes),
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


def _and(items: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _noun(src: FeedbackSource) -> str:
    name = src.text.lower()
    return next((plural for frag, plural in NOUNS if frag in name), "texts")


def _topic(req: SkillRequest) -> list[str]:
    return topic_words(req.topic)


def _topic_and_synonyms(word: str) -> str:
    """ "'delivery' (or shipping, package, ...)": the words that count as mentioning a topic."""

    more = TOPIC_SYNONYMS.get(word, ())
    return f"{word!r} (or {', '.join(more)})" if more else repr(word)


def _topic_phrase(req: SkillRequest) -> str:
    words = _topic(req)
    return f" mentioning {' and '.join(words)}" if words else ""


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _month(d: dt.date) -> str:
    return d.strftime("%b %Y")


def _short(text: str, limit: int = 120) -> str:
    return trim_quote(text, limit=limit)


def _has_text(catalog: Catalog) -> bool:
    try:
        return feedback_source(catalog) is not None
    except Exception:  # a broken table never hides the other skills
        return False


# -- the skill table -----------------------------------------------------------------------------
def _has_rating(catalog: Catalog) -> bool:
    try:
        src = feedback_source(catalog)
    except Exception:  # a broken table never hides the other skills
        return False
    return src is not None and src.rating is not None


FUNCTIONS: dict[str, Functions] = {
    "feedback_summary": (_guard(run_summary), _has_text),
    "complaints": (_guard(run_complaints), _has_text),
    "praise": (_guard(run_praise), _has_text),
    "sentiment": (_guard(run_sentiment, figures=True), _has_text),
    "sentiment_trend": (_guard(run_trend, figures=True), _has_text),
    "negative_comments": (_guard(run_negative), _has_text),
    "positive_comments": (_guard(run_positive), _has_text),
    "rated_reviews": (_guard(run_rated), _has_rating),
}
"""Each skill's (run, available), by the name it has in skills.yaml (the phrases, examples, grains and
report sections are there)."""

SKILLS: list[Skill] = declared_skills(Path(__file__).with_name("skills.yaml"), FUNCTIONS)
