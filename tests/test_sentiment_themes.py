"""Themes: phrase reading, log-odds contrast, grouping, quotes; the bundled samples against the generator."""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from sentiment.summarize import rating_side
from sentiment.theme_words import lemma, stands_alone
from sentiment.themes import clause_words, extract_themes, log_odds_z, phrase_keys

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "feedback.csv"
_VADER = SentimentIntensityAnalyzer()


def compound(text: str) -> float:
    return _VADER.polarity_scores(text)["compound"]


# -- reading phrases --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,key",
    [
        ("It stopped working after a week.", "not work"),
        ("Stops working all the time", "not work"),
        ("quit working yesterday", "not work"),
        ("It doesn't work", "not work"),
        ("no longer works", "not work"),
        ("My order arrived damaged", "arrive damage"),
        ("The app keeps crashing!", "app crash"),
        ("This dress runs small", "run small"),
        ("I was charged twice", "charge twice"),
        ("teh suport is slow", "support slow"),
    ],
)
def test_near_duplicates_share_one_key(text: str, key: str) -> None:
    assert key in phrase_keys(text)


def test_single_words_that_name_nothing_alone_are_no_phrase() -> None:
    keys = phrase_keys("It is great. Support. Sent it back. Love it, so good! Battery.")
    assert "battery" in keys  # a noun may stand alone
    assert not {"great", "support", "send", "back", "love", "good", "not"} & set(keys)
    assert stands_alone("refund") and not stands_alone("price") and not stands_alone("send")


def test_negation_keeps_its_meaning() -> None:
    # "not worth the money" never also counts as "worth the money"
    keys = phrase_keys("Not worth the money.")
    assert "not worth money" in keys and "worth money" not in keys
    assert [[k for k, _ in c] for c in clause_words("Great sound, but the app crashes")] == [
        ["great", "sound"],
        ["app", "crash"],
    ]
    assert lemma("batteries") == "battery" and lemma("stopped") == "stop"


def test_log_odds_z_follows_monroe() -> None:
    # Monroe et al. (2008): delta = log-odds(a) - log-odds(b) with alpha added; var = 1/(y_a+a) + 1/(y_b+a)
    y_a, y_b, bg = [30.0, 5.0, 65.0], [5.0, 30.0, 65.0], [40.0, 40.0, 140.0]
    alpha = [0.1 * b for b in bg]
    n_a, n_b, a0 = sum(y_a), sum(y_b), 0.1 * sum(bg)
    for w in range(3):
        delta = math.log((y_a[w] + alpha[w]) / (n_a + a0 - y_a[w] - alpha[w])) - math.log(
            (y_b[w] + alpha[w]) / (n_b + a0 - y_b[w] - alpha[w])
        )
        expected = delta / math.sqrt(1 / (y_a[w] + alpha[w]) + 1 / (y_b[w] + alpha[w]))
        assert log_odds_z(y_a, y_b, bg)[w] == pytest.approx(expected)


def test_rating_sides() -> None:
    assert [rating_side(v, 1, 5) for v in range(1, 6)] == [-1, -1, 0, 1, 1]
    assert [rating_side(v, 0, 10) for v in range(11)] == [-1] * 7 + [0, 0, 1, 1]


# -- themes on small texts --------------------------------------------------------------------------
SMALL = [
    ("It stopped working after two days.", 1),
    ("Stopped working, returned it.", 1),
    ("Quit working after the update.", 2),
    ("Doesn't work with my wifi, great sound though.", 2),
    ("It doesn't work at all. Sound is great.", 1),
    ("Great sound and easy setup.", 5),
    ("Great sound, love it.", 5),
    ("Easy setup, works great.", 4),
    ("Easy setup and great sound quality.", 5),
    ("Works great, easy setup.", 5),
    ("It is ok.", 3),
]


def test_rating_decides_and_near_duplicates_are_one_theme() -> None:
    texts = [t for t, _ in SMALL]
    sides = [rating_side(r, 1, 5) for _, r in SMALL]
    themes = extract_themes(texts, [compound(t) for t in texts], sides=sides)
    top = themes["complaints"][0]
    assert top.phrase in ("stopped working", "doesn't work") and top.count == 5  # one theme, five texts
    assert {"stopped working", "quit working"} <= set(top.members)
    for quote in top.quotes:  # complaint quotes come from complaint texts and never praise
        source = next(t for t, r in SMALL if quote.rstrip("…") in t)
        assert rating_side(dict(SMALL)[source], 1, 5) == -1 and compound(quote) < 0.05
    praise = [t.phrase for t in themes["praise"]]
    assert not set(praise) & {t.phrase for t in themes["complaints"]}


def test_themes_on_too_little_text() -> None:
    assert extract_themes(["good"], [0.4]) == {"praise": [], "complaints": []}
    assert extract_themes(["", " ", "ok"], [0.0, 0.0, 0.3]) == {"praise": [], "complaints": []}


# -- the bundled samples against the generator's own phrases -----------------------------------------
GENERATOR_TOPICS = {  # topic: (the generator's complaint template as a pattern, the theme's wording)
    "late delivery": (r"deli?ve?r?y was (\w+ )?late again", r"\blate\b"),
    "never arrived": (r"pa?c?kage never arrived", r"never arrived"),
    "arrived damaged": (r"arrived damaged", r"damaged"),
    "sync": (r"sync fails", r"\bsync"),
    "crashes": (r"keeps crashing", r"crash"),
    "slow support": (r"su?pp?ort is (\w+ )?slow", r"\bslow\b"),
    "billing errors": (r"billing errors", r"billing error"),
    "charged twice": (r"charged twice", r"charged twice"),
    "price": (r"price is (\w+ )?ridiculous", r"ridiculous"),
}
"""The generator's complaint templates (samples/generate.py NEGATIVE), read independently of the themes."""


def test_sample_complaint_themes_match_the_generator() -> None:
    if not SAMPLES.exists():
        pytest.skip("samples/feedback.csv not generated (python -m samples.generate)")
    with SAMPLES.open(newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["comment"].strip()]
    texts = [r["comment"] for r in rows]
    sides = [rating_side(int(r["nps"]), 0, 10) for r in rows]
    themes = extract_themes(texts, [0.0] * len(texts), sides=sides, top=60)["complaints"]
    for topic, (template, wording) in GENERATOR_TOPICS.items():
        own = sum(1 for t, s in zip(texts, sides, strict=True) if s < 0 and re.search(template, t, re.I))
        found = [t for t in themes if re.search(wording, t.phrase, re.I)]
        assert found, f"{topic}: no complaint theme"
        assert abs(found[0].count - own) <= 0.15 * own, (topic, found[0].phrase, found[0].count, own)


# -- scoped questions on the bundled samples, through the engine ---------------------------------------
def _sample_rows() -> tuple[list[dict[str, str]], dict[str, dict[str, str]]]:
    if not SAMPLES.exists():
        pytest.skip("samples/*.csv not generated (python -m samples.generate)")
    with SAMPLES.open(newline="", encoding="utf-8") as f:
        feedback = list(csv.DictReader(f))
    with (SAMPLES.parent / "customers.csv").open(newline="", encoding="utf-8") as f:
        customers = {r["id"]: r for r in csv.DictReader(f)}
    return feedback, customers


@pytest.fixture(scope="module")
def sample_assistant():
    import datetime as dt

    engine = pytest.importorskip("assistant.engine")
    from catalog import Catalog

    _sample_rows()
    return engine.Assistant(Catalog.load([str(SAMPLES.parent)]), as_of=dt.date(2025, 12, 31))


def test_churned_customers_complaints_are_joined_through_the_customer(sample_assistant) -> None:
    feedback, customers = _sample_rows()
    answer = sample_assistant.ask("what do churned customers complain about?")
    assert answer.status == "answer", answer.text
    churned = [
        r for r in feedback if r["comment"].strip() and customers[r["customer_id"]]["churned"] == "Yes"
    ]
    low = sum(1 for r in churned if int(r["nps"]) <= 6)
    assert answer.text.startswith(
        f"Of {len(churned):,} comments where churned is true, {low:,} are complaints"
    )
    assert "JOIN" in answer.sql.upper() and answer.rows
    for row in answer.rows:  # each theme's count is within the churned customers' complaints
        assert 0 < row[1] <= low and row[2] == pytest.approx(row[1] / low, abs=1e-4)


def test_complaints_about_delivery_and_by_period(sample_assistant) -> None:
    feedback, _ = _sample_rows()
    answer = sample_assistant.ask("complaints about delivery")
    assert answer.status == "answer", answer.text
    top = " | ".join(row[0] for row in answer.rows[:4])
    assert "never arrived" in top and "arrived damaged" in top and "late" in top
    change = sample_assistant.ask("what changed in complaints this quarter vs last?")
    assert change.status == "answer", change.text
    this = [r for r in feedback if r["comment"].strip() and r["date"] >= "2025-10-01" and int(r["nps"]) <= 6]
    last = [
        r
        for r in feedback
        if r["comment"].strip() and "2025-07-01" <= r["date"] < "2025-10-01" and int(r["nps"]) <= 6
    ]
    assert (
        f"{len(last):,} comments last quarter" in change.text and f"{len(this):,} this quarter" in change.text
    )
    for row in change.rows:
        assert row[2] == pytest.approx(row[1] / len(this), abs=1e-4)
        assert row[4] == pytest.approx(row[3] / len(last), abs=1e-4)
