"""Scoring: bit-identical to a plain vaderSentiment loop, cached by text hash, deduplicated, parallel."""

from __future__ import annotations

import sqlite3
import struct

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from sentiment import score as score_mod
from sentiment.score import (
    CACHE_FILE,
    Score,
    SentimentScorer,
    cache_dir,
    label_for,
    looks_english,
    share_non_english,
)
from sentiment.vader_fast import make_analyzer

VARIED = [
    "VADER is smart, handsome, and funny.",
    "VADER is VERY SMART, handsome, and FUNNY!!!",
    "VADER is not smart, handsome, nor funny.",
    "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today SUX!",
    "Today only kinda sux! But I'll get by, lol",
    "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "Not bad at all",
    "Sentiment analysis has never been good.",
    "Sentiment analysis has never been this good!",
    "With VADER, sentiment analysis is the shit!",
    "On the other hand, VADER is quite bad ass",
    "Without a doubt, excellent idea.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.",
    "no no no, this is no good at all",
    "There's no problem or no issue, it's great???",
    "Delivery was late &amp; the box was damaged &lt;again&gt; :(",
    "Is it good?? Is it bad?? Who knows???? ",
    "  leading and trailing spaces  ",
    "😡😡😡 worst purchase ever 👎",
    "Das Produkt ist sehr gut, ich bin zufrieden und würde es wieder kaufen.",
    "C'est vraiment nul, je suis très déçu par ce produit.",
    "这个产品非常好，我很喜欢",
    "Это ужасный продукт, не покупайте",
    "It was the best of times, it was the worst of times BUT mostly GREAT",
    "I do NOT like this. Kind of sort of okay. Hardly the worst.",
    "yeah right, to die for, kiss of death, the bomb",
    "It's a lovely, eerie film that casts an odd, rapt spell.",  # compound -0.0 (a round()ed tiny negative)
    "!!!",
    ":-)",
    "ok",
    "",
    "   ",
    "\t\n",
]
LONG = " ".join(VARIED[:24]) * 120  # about 100 KB of varied sentences
MEDIUM = " ".join(VARIED[:24]) * 4  # 20 KB: the plain loop is quadratic, 100 KB takes it a minute


def _plain(texts: list[str]) -> list[tuple[float, float, float, float]]:
    analyzer = SentimentIntensityAnalyzer()
    out = []
    for t in texts:
        d = analyzer.polarity_scores(t)
        out.append((d["compound"], d["pos"], d["neu"], d["neg"]))
    return out


def _bits(values: tuple[float, ...]) -> bytes:
    """Exact bit pattern of floats (so -0.0 and 0.0 differ, unlike ==)."""
    return b"".join(struct.pack("<d", float(v)) for v in values)


def test_long_text_is_about_100kb() -> None:
    assert 90_000 < len(LONG.encode()) < 200_000


def test_fast_analyzer_is_bit_identical_to_plain_loop() -> None:
    texts = VARIED + [MEDIUM]
    fast = make_analyzer()
    ours = [fast.polarity_scores(t) for t in texts]
    for text, plain, mine in zip(texts, _plain(texts), ours, strict=True):
        got = (mine["compound"], mine["pos"], mine["neu"], mine["neg"])
        assert _bits(got) == _bits(plain), text[:60]


def test_scorer_matches_plain_loop_serial_and_parallel(tmp_path, monkeypatch) -> None:
    texts = VARIED + [MEDIUM] + VARIED[:5]  # with duplicates
    plain = _plain(texts)
    serial = SentimentScorer(cache=tmp_path / "a", workers=1).score(texts)
    monkeypatch.setattr(score_mod, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(score_mod, "CHUNK_CHARS", 50)
    scorer = SentimentScorer(cache=tmp_path / "b", workers=2)
    try:
        parallel = scorer.score(texts)
        assert scorer._pool is not None  # the pool really ran
    finally:
        scorer.close()
    for p, s, q in zip(plain, serial, parallel, strict=True):
        assert _bits((s.compound, s.pos, s.neu, s.neg)) == _bits(p)
        assert _bits((q.compound, q.pos, q.neu, q.neg)) == _bits(p)


def test_100kb_text_scores_the_same_serially_and_in_parallel(tmp_path, monkeypatch) -> None:
    serial = SentimentScorer(cache=False, workers=1).score([LONG])[0]
    monkeypatch.setattr(score_mod, "PARALLEL_MIN_CHARS", 0)
    scorer = SentimentScorer(cache=tmp_path, workers=2)
    try:
        parallel = scorer.score([LONG, "fine"])[0]
    finally:
        scorer.close()
    assert parallel == serial and serial.label == "positive"


def test_blank_and_missing_texts_are_neutral_zeros() -> None:
    scores = SentimentScorer(cache=False).score([None, "", "  ", float("nan"), "good"])
    assert [s.blank for s in scores] == [True, True, True, True, False]
    assert all(s.compound == 0.0 and s.label == "neutral" for s in scores[:4])
    assert scores[4].label == "positive"


def test_labels_use_vader_thresholds() -> None:
    assert [label_for(x) for x in (0.05, 0.0499, 0.0, -0.0499, -0.05)] == [
        "positive",
        "neutral",
        "neutral",
        "neutral",
        "negative",
    ]


def test_warm_cache_keeps_every_bit(tmp_path) -> None:
    texts = VARIED + [MEDIUM]
    assert any(_bits((c,)) == _bits((-0.0,)) for c, *_ in _plain(texts))  # the -0.0 case is covered
    SentimentScorer(cache=tmp_path, workers=1).score(texts)
    warm = SentimentScorer(cache=tmp_path, workers=1)
    again = warm.score(texts)
    assert not warm._memory.keys() - {score_mod.text_key(t) for t in texts if t.strip()}
    for p, s in zip(_plain(texts), again, strict=True):
        assert _bits((s.compound, s.pos, s.neu, s.neg)) == _bits(p)


def test_disk_cache_is_reused_and_duplicates_scored_once(tmp_path) -> None:
    texts = ["great", "awful", "great", "meh", "awful"]
    first = SentimentScorer(cache=tmp_path)
    a = first.score(texts)
    first.close()
    db = sqlite3.connect(tmp_path / CACHE_FILE)
    assert db.execute("SELECT count(*) FROM scores").fetchone()[0] == 3
    # poison the cached row of "meh": a second scorer must read it from disk instead of rescoring
    packed = score_mod._PACK.pack(0.1234, 0.0, 1.0, 0.0, True)
    db.execute("UPDATE scores SET v = ? WHERE k = ?", [packed, score_mod.text_key("meh")])
    db.commit()
    db.close()
    second = SentimentScorer(cache=tmp_path)
    b = second.score(texts)
    second.close()
    assert b[3].compound == 0.1234
    assert [x.compound for i, x in enumerate(b) if i != 3] == [x.compound for i, x in enumerate(a) if i != 3]


def test_cache_dir_env_override(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CRA_CACHE_DIR", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
    scorer = SentimentScorer()
    scorer.score(["lovely"])
    scorer.close()
    assert (tmp_path / "c" / CACHE_FILE).exists()


def test_unwritable_cache_still_scores(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    scores = SentimentScorer(cache=blocker / "sub").score(["wonderful"])
    assert scores[0].label == "positive"


def test_non_english_heuristic() -> None:
    english = ["The delivery was late and the support team never answered my emails.", "ok", "Love it!"]
    foreign = [VARIED[24], VARIED[25], VARIED[26], VARIED[27]]
    assert all(looks_english(t) for t in english)
    assert not any(looks_english(t) for t in foreign)
    scores = SentimentScorer(cache=False).score(english + foreign + [""])
    assert share_non_english(scores) == pytest.approx(4 / 7)


def test_score_is_frozen_dataclass() -> None:
    s = Score(0.5, 0.4, 0.6, 0.0)
    with pytest.raises(AttributeError):
        s.compound = 1.0  # type: ignore[misc]  # frozen: the assignment must raise
    assert s.label == "positive"
