"""Summaries, themes and the sentiment skills on tiny data written into tmp_path."""

from __future__ import annotations

import csv
import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlglot import exp
from tables import write_tables
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from catalog import Catalog
from catalog.answer import Answer
from catalog.skills import SkillRequest
from sentiment.columns import feedback_source, relation_to
from sentiment.skills import SKILLS
from sentiment.summarize import TOPIC_SYNONYMS, nps, topic_words
from sentiment.themes import extract_themes, trim_quote

PRAISE = [
    "The support team was wonderful and very helpful.",
    "Great support team, they solved my problem fast. Thank you!",
    "I love the support team, always friendly.",
    "Support team is excellent and kind.",
    "Really happy with the support team and the dashboard.",
    "The dashboard is beautiful and easy to use.",
]
COMPLAINTS = [
    "Delivery was late and the box was damaged.",
    "Terrible delivery, late again and nobody cared.",
    "The delivery was late, very disappointing.",
    "Awful experience: delivery late by two weeks.",
    "Delivery late, package broken, angry.",
]
NEUTRAL = ["I use it for invoices.", "We have three seats on the plan.", ""]
PLANS = ["Basic", "Pro"]


def _texts() -> list[str]:
    return (PRAISE + COMPLAINTS) * 2 + NEUTRAL


def _nps(i: int, text: str) -> int:
    """The fixture's NPS answer of text i: 9-10 for praise, 0-6 for complaints, 7-8 otherwise."""
    if text in PRAISE:
        return 9 + i % 2
    return i % 7 if text in COMPLAINTS else 7 + i % 2


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    customers = (["id", "name", "plan"], [[i, f"Customer {i}", PLANS[i % 2]] for i in range(1, 7)])
    feedback = (
        ["id", "customer_id", "date", "nps", "comment"],
        [
            [i + 1, 1 + i % 6, dt.date(2024, 1 + i % 3, 1 + i).isoformat(), _nps(i, text), text]
            for i, text in enumerate(_texts())
        ],
    )
    return write_tables(tmp_path, {"customers": customers, "feedback": feedback})


@pytest.fixture()
def catalog(data_dir: Path) -> Catalog:
    return Catalog.load([data_dir / "feedback.csv", data_dir / "customers.csv"])


def _plain_compound(text: str) -> float:
    return SentimentIntensityAnalyzer().polarity_scores(text)["compound"]


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Scores are cached in a tmp folder, never in the developer's cache."""
    monkeypatch.setenv("CRA_CACHE_DIR", str(tmp_path / "cra-cache"))


def ask(catalog: Catalog, skill: str, question: str, **kw) -> Answer:
    by_name = {s.name: s for s in SKILLS}
    return by_name[skill].run(SkillRequest(question, catalog, dt.date(2025, 1, 1), **kw))


# -- pure helpers ---------------------------------------------------------------------------------
def test_topic_words() -> None:
    assert topic_words("the speakers") == ["speaker"]
    assert topic_words("about delivery") == ["delivery"]
    assert topic_words("the glass") == ["glass"]


def test_nps() -> None:
    answers = [10, 9, 8, 7, 6, 0, None]
    promoters, detractors, n = 2, 2, 6
    assert nps(answers) == pytest.approx(100 * (promoters - detractors) / n)
    assert nps([10, 10, 3]) == pytest.approx(100 * (2 - 1) / 3)
    assert nps([]) is None


def test_trim_quote_picks_the_sentence_with_the_phrase() -> None:
    text = "I bought it in May. The delivery was late &amp; slow! Otherwise fine."
    assert trim_quote(text, ["delivery", "late"]) == "The delivery was late & slow!"
    assert trim_quote("x " * 200, [], limit=20).endswith("…")
    assert len(trim_quote("word " * 100, [], limit=50)) <= 50


def test_themes_split_praise_and_complaints() -> None:
    texts = _texts()
    compounds = [_plain_compound(t) for t in texts]
    themes = extract_themes(texts, compounds)  # no rating: VADER decides each text's side
    praise, complaints = themes["praise"], themes["complaints"]
    assert praise[0].phrase == "support team"
    assert complaints[0].phrase == "delivery was late"
    late = re.compile(r"delivery (was )?late", re.I)  # "delivery, late again" is two clauses
    assert complaints[0].count == sum(
        1 for t, c in zip(texts, compounds, strict=True) if c <= -0.05 and late.search(t)
    )
    assert complaints[0].mentions == sum(1 for t in texts if late.search(t))
    assert len(complaints[0].quotes) == 2
    assert all(any(q.rstrip("…") in t for t in texts) for q in complaints[0].quotes)
    # overlapping phrases ("support", "support team") are one theme, never two
    phrases = [t.phrase for t in praise]
    assert sum("support" in p for p in phrases) == 1


def test_themes_on_too_little_text() -> None:
    assert extract_themes(["good"], [0.4]) == {"praise": [], "complaints": []}
    assert extract_themes(["", " ", "ok"], [0.0, 0.0, 0.3]) == {"praise": [], "complaints": []}


# -- skills ---------------------------------------------------------------------------------------
def test_finds_text_date_nps_and_relation(catalog: Catalog) -> None:
    src = feedback_source(catalog)
    assert src is not None and (src.table, src.text, src.time, src.nps) == (
        "feedback",
        "comment",
        "date",
        "nps",
    )
    rel = relation_to(catalog, "feedback", "customers")
    assert rel is not None and (rel.column, rel.ref_column) == ("customer_id", "id")


QUESTIONS = [
    ("feedback_summary", "summarize the feedback", {}),
    ("complaints", "what do customers complain about most?", {}),
    ("praise", "what do they like?", {}),
    ("sentiment", "sentiment by plan", {"by": ("customers.plan",)}),
    ("sentiment", "how has sentiment changed over time?", {}),
    ("sentiment_trend", "how has sentiment changed over time?", {}),
    ("negative_comments", "show the most negative comments", {}),
    ("positive_comments", "show the most positive comments", {}),
    ("feedback_summary", "feedback about delivery", {"topic": "delivery"}),
]


@pytest.mark.parametrize("skill,question,kw", QUESTIONS)
def test_questions_answer(catalog: Catalog, skill: str, question: str, kw: dict) -> None:
    answer = ask(catalog, skill, question, **kw)
    assert answer.status == "answer", answer.text
    assert answer.text and answer.interpretation and answer.sql.upper().startswith("SELECT")
    assert answer.row_count >= len(answer.rows) > 0
    assert all(len(row) == len(answer.columns) for row in answer.rows)
    answer.to_json()  # JSON-native


def test_summary_counts(catalog: Catalog) -> None:
    answer = ask(catalog, "feedback_summary", "summarize the feedback")
    filled = [(i, t) for i, t in enumerate(_texts()) if t.strip()]
    praise = sum(1 for i, t in filled if _nps(i, t) >= 9)
    complaints = sum(1 for i, t in filled if _nps(i, t) <= 6)
    n = len(filled)
    assert answer.text.startswith(
        f"Of {n} comments, {praise} ({100 * praise / n:.0f}%) are praise and {complaints} "
        f"({100 * complaints / n:.0f}%) complaints by nps (0-6 complaint, 9-10 praise)"
    )
    assert "support team" in answer.text and "delivery" in answer.text
    assert {"overview", "praise", "complaints", "trend"} <= set(answer.extra)
    assert any("1 blank" in n for n in answer.notes)
    # where VADER and the rating disagree is reported, never hidden
    positive_complaints = sum(1 for i, t in filled if _nps(i, t) <= 6 and _plain_compound(t) >= 0.05)
    assert any(f"{positive_complaints} of {complaints} complaints" in n for n in answer.notes)


def test_sentiment_by_plan_joins_customers(catalog: Catalog) -> None:
    answer = ask(catalog, "sentiment", "sentiment by plan", by=("customers.plan",))
    assert "JOIN" in answer.sql.upper()
    assert answer.chart is not None and answer.chart.kind == "bar"
    from scipy import stats

    assert answer.columns[:5] == ("plan", "texts", "mean_compound", "ci_low", "ci_high")
    got = {row[0]: row for row in answer.rows}
    texts = _texts()
    for plan in PLANS:  # customer of text i is 1 + i % 6, whose plan is PLANS[customer % 2]
        mine = [_plain_compound(t) for i, t in enumerate(texts) if t and PLANS[(1 + i % 6) % 2] == plan]
        assert got[plan][1] == len(mine)
        assert got[plan][2] == pytest.approx(sum(mine) / len(mine), abs=1e-4)
        ci = stats.t.interval(0.95, len(mine) - 1, loc=sum(mine) / len(mine), scale=stats.sem(mine))
        assert got[plan][3:5] == pytest.approx(ci, rel=1e-9)
        assert got[plan][-1] == "small base (n < 30)"  # a dozen comments each: shown, marked, never named
    assert "fewer than 30 comments: too few to compare" in answer.text


def test_where_over_customers(catalog: Catalog) -> None:
    where = exp.condition("plan = 'Pro'")
    answer = ask(catalog, "sentiment", "sentiment of pro customers", table="customers", where=where)
    texts = _texts()
    pro = [t for i, t in enumerate(texts) if t and PLANS[(1 + i % 6) % 2] == "Pro"]
    assert sum(row[1] for row in answer.rows) == len(pro)


def test_trend_is_monthly_line(catalog: Catalog) -> None:
    answer = ask(catalog, "sentiment_trend", "how has sentiment changed over time?")
    assert answer.chart is not None and answer.chart.kind == "line"
    months = [row[0] for row in answer.rows]
    assert months == sorted(months) and all(m.day == 1 for m in months)
    assert sum(row[1] for row in answer.rows) == sum(1 for t in _texts() if t.strip())


def test_most_negative_comments_sorted(catalog: Catalog) -> None:
    answer = ask(catalog, "negative_comments", "show the most negative comments", limit=3)
    assert len(answer.rows) == 3
    rated_low = [t for i, t in enumerate(_texts()) if t and _nps(i, t) <= 6]  # the rating decides
    assert answer.row_count == len(rated_low)
    compounds = [row[1] for row in answer.rows]
    assert compounds == sorted(compounds)
    assert compounds[0] == min(_plain_compound(t) for t in rated_low)


def test_topic_is_a_literal(catalog: Catalog) -> None:
    answer = ask(catalog, "negative_comments", "negative comments", topic="delivery' OR 1=1 --")
    assert answer.status == "answer" and answer.row_count == 0
    answer = ask(catalog, "complaints", "complaints about delivery", topic="delivery")
    assert "ILIKE '%delivery%'" in answer.sql


def test_unsupported_without_text_or_dates(tmp_path: Path, data_dir: Path) -> None:
    (tmp_path / "plain.csv").write_text("id,plan\n1,Basic\n2,Pro\n")
    plain = Catalog.load([tmp_path / "plain.csv"])
    assert not any(s.available(plain) for s in SKILLS)
    assert ask(plain, "feedback_summary", "summarize the feedback").status == "unsupported"
    (tmp_path / "notes.csv").write_text("id,comment\n1,The delivery was late again\n2,Lovely support\n")
    undated = Catalog.load([tmp_path / "notes.csv"])
    answer = ask(undated, "sentiment_trend", "how has sentiment changed over time?")
    assert answer.status == "unsupported" and "date" in answer.text


def test_importing_skills_stays_light() -> None:
    code = (
        "import sys, sentiment.skills, sentiment.score, sentiment.summarize, sentiment.themes;"
        "heavy = [m for m in ('textual', 'vaderSentiment', 'sklearn', 'pandas', 'scipy', 'matplotlib')"
        " if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- through the question engine ------------------------------------------------------------------
ENGINE_QUESTIONS = [
    ("summarize the feedback", "feedback_summary"),
    ("what do customers complain about most?", "complaints"),
    ("what do they like?", "praise"),
    ("sentiment by plan", "sentiment"),
    ("how has sentiment changed over time?", "sentiment"),
    ("feedback about delivery", "feedback_summary"),
]


@pytest.mark.parametrize("question,skill", ENGINE_QUESTIONS)
def test_engine_dispatches_to_sentiment(catalog: Catalog, question: str, skill: str) -> None:
    engine_mod = pytest.importorskip("assistant.engine")
    assistant = engine_mod.Assistant(catalog, as_of=dt.date(2025, 1, 1))
    plan = assistant.plan(question)
    assert plan.skill is not None and plan.skill.name.startswith(skill.split("_")[0])
    answer = assistant.ask(question)
    assert answer.status == "answer", answer.text
    assert answer.rows and "No comments" not in answer.text


# -- consistency: NPS, full months, sentences -------------------------------------------------------
def test_nps_note_has_one_decimal(catalog: Catalog) -> None:
    answer = ask(catalog, "feedback_summary", "summarize the feedback")
    answers = [_nps(i, t) for i, t in enumerate(_texts())]  # the fixture's nps column
    promoters = sum(1 for a in answers if a >= 9)
    detractors = sum(1 for a in answers if a <= 6)
    expected = 100 * (promoters - detractors) / len(answers)
    assert f"NPS from nps: {expected:.1f}." in answer.notes


def test_trend_leaves_out_the_unfinished_as_of_month(catalog: Catalog) -> None:
    # the fixture's dates fall in Jan-Mar 2024; as of 2024-03-15, March is not over
    dates = [dt.date(2024, 1 + i % 3, 1 + i) for i, t in enumerate(_texts()) if t.strip()]
    by_name = {s.name: s for s in SKILLS}
    req = SkillRequest("how has sentiment changed over time?", catalog, dt.date(2024, 3, 15))
    answer = by_name["sentiment_trend"].run(req)
    months = [row[0] for row in answer.rows]
    assert months == [dt.date(2024, 1, 1), dt.date(2024, 2, 1)]
    full = sum(1 for d in dates if d.month < 3)
    assert sum(row[1] for row in answer.rows) == full
    assert f"Sentiment by full month of {full} comments" in answer.interpretation
    march = sum(1 for d in dates if d.month == 3)
    assert any(n.startswith(f"{march} comments from Mar 2024 on left out") for n in answer.notes)
    summary = by_name["feedback_summary"].run(replace_question(req, "summarize the feedback"))
    assert [m["month"] for m in summary.extra["trend"]] == months


def replace_question(req: SkillRequest, question: str) -> SkillRequest:
    import dataclasses

    return dataclasses.replace(req, question=question)


def test_summary_sentence_reads_naturally(catalog: Catalog) -> None:
    answer = ask(catalog, "feedback_summary", "summarize the feedback")
    praise = [row[1] for row in answer.rows if row[0] == "praise"][:3]
    complaints = [row[1] for row in answer.rows if row[0] == "complaints"][:3]
    assert praise and complaints

    def listed(items: list[str]) -> str:
        return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"

    assert answer.text.endswith(f": people praise {listed(praise)}, and complain about {listed(complaints)}.")
    assert " and complain about " in answer.text


def test_topic_summary_counts_the_texts_on_the_topic(catalog: Catalog) -> None:
    answer = ask(catalog, "feedback_summary", "feedback about delivery", topic="delivery")
    words = ("delivery", *TOPIC_SYNONYMS["delivery"])  # "package broken" is about delivery too
    about = [t for t in _texts() if any(w in t.lower() for w in words)]
    assert answer.text.startswith(f"Of {len(about)} comments mentioning delivery,")
    assert "'delivery'" in answer.interpretation


def test_rating_of_the_customer_decides_when_the_text_has_none(tmp_path: Path) -> None:
    with (tmp_path / "customers.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "satisfaction"])
        for i in range(1, 7):
            w.writerow([i, f"Customer {i}", 1 + i % 5])
    texts = _texts()
    with (tmp_path / "notes.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "customer_id", "comment"])
        for i, text in enumerate(texts):
            w.writerow([i + 1, 1 + i % 6, text])
    catalog = Catalog.load([tmp_path / "notes.csv", tmp_path / "customers.csv"])
    src = feedback_source(catalog)
    assert src is not None and src.rating is not None and src.rating.qualified == "customers.satisfaction"
    answer = ask(catalog, "negative_comments", "show the most negative comments")
    assert (
        "JOIN" in answer.sql.upper() and "satisfaction (1-2 complaint, 4-5 praise)" in answer.interpretation
    )
    # customer c has satisfaction 1 + c % 5: 1-2 is a complaint
    low = [t for i, t in enumerate(texts) if t.strip() and 1 + (1 + i % 6) % 5 <= 2]
    assert answer.row_count == len(low)
