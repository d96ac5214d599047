"""Sentiment benchmarks: VADER throughput (cold and warm cache) against a plain polarity_scores loop,
bit-identity of every score, label accuracy on UCI sentences, the time of themes and of a feedback summary.

    python benchmarks/bench_sentiment.py [--quick]

`run(quick)` returns rows {"benchmark", "ours_s", "baseline_s", "ratio", "goal", "note"}.
"""

from __future__ import annotations

import random
import struct
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DATASETS = Path(__file__).resolve().parents[2] / "shared" / "datasets"
FULL_TEXTS = 100_000
QUICK_TEXTS = 10_000
THROUGHPUT_GOAL = 2.0
UCI_FLOOR = 0.75
THEMES_GOAL = "< 10 s"


def corpus(n: int, seed: int = 0) -> list[str]:
    """n review-like texts, mostly distinct: 1-3 real sentences from ../shared joined at random."""
    pool = _real_sentences()
    if not pool:  # no ../shared: sentences made of VADER lexicon words and fillers
        pool = _synthetic_sentences(seed)
    rng = random.Random(seed)
    return [" ".join(rng.sample(pool, rng.randint(1, 3))) for _ in range(n)]


def bench_throughput(n: int) -> list[dict[str, Any]]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from sentiment.score import SentimentScorer

    texts = corpus(n)
    start = time.perf_counter()
    analyzer = SentimentIntensityAnalyzer()
    plain = [analyzer.polarity_scores(t) for t in texts]
    baseline = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as folder:
        cold_scorer = SentimentScorer(cache=folder)
        start = time.perf_counter()
        cold = cold_scorer.score(texts)
        cold_s = time.perf_counter() - start
        cold_scorer.close()
        warm_scorer = SentimentScorer(cache=folder)  # new process-like state: empty memory, cache on disk
        start = time.perf_counter()
        warm = warm_scorer.score(texts)
        warm_s = time.perf_counter() - start
        warm_scorer.close()

    def bits(values: tuple[float, ...]) -> bytes:
        return b"".join(struct.pack("<d", v) for v in values)

    mismatches = sum(
        1
        for p, c, w in zip(plain, cold, warm, strict=True)
        if not bits((p["compound"], p["pos"], p["neu"], p["neg"]))
        == bits((c.compound, c.pos, c.neu, c.neg))
        == bits((w.compound, w.pos, w.neu, w.neg))
    )
    unique = len(set(texts))
    chars = sum(len(t) for t in texts) / len(texts)
    note = f"{len(texts):,} texts ({unique:,} distinct, {chars:.0f} chars avg); {mismatches} scores differ"
    return [
        _row(
            f"vader {len(texts):,} texts, cold cache",
            cold_s,
            baseline,
            f"speedup base/ours >= {THROUGHPUT_GOAL}",
            note,
        ),
        _row(
            f"vader {len(texts):,} texts, warm cache",
            warm_s,
            baseline,
            f"speedup base/ours >= {THROUGHPUT_GOAL}",
            note,
        ),
    ]


def bench_long_text() -> dict[str, Any]:
    """One 100 KB text: vaderSentiment's loop is quadratic in words, ours is linear."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from sentiment.score import SentimentScorer

    text = " ".join(corpus(600, seed=1))[:100_000]
    start = time.perf_counter()
    plain = SentimentIntensityAnalyzer().polarity_scores(text)
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    ours = SentimentScorer(cache=False, workers=1).score([text])[0]
    ours_s = time.perf_counter() - start
    same = (plain["compound"], plain["pos"], plain["neu"], plain["neg"]) == (
        ours.compound,
        ours.pos,
        ours.neu,
        ours.neg,
    )
    return _row("vader one 100 KB text", ours_s, baseline, "identical, faster", f"identical: {same}")


def bench_uci() -> list[dict[str, Any]]:
    from sentiment.score import SentimentScorer

    rows = []
    folder = DATASETS / "uci_sentiment_labelled"
    for name in ("amazon_cells_labelled.txt", "imdb_labelled.txt", "yelp_labelled.txt"):
        path = folder / name
        if not path.exists():
            continue
        pairs = []
        for line in path.read_bytes().decode("utf-8").replace("\r\n", "\n").split("\n"):
            if line.strip():
                text, label = line.rsplit("\t", 1)
                pairs.append((text, int(label)))
        start = time.perf_counter()
        scores = SentimentScorer(cache=False, workers=1).score([t for t, _ in pairs])
        seconds = time.perf_counter() - start
        hits = sum((s.label == "positive") == (y == 1) for s, (_, y) in zip(scores, pairs, strict=True))
        decided = [(s, y) for s, (_, y) in zip(scores, pairs, strict=True) if s.label != "neutral"]
        hits_decided = sum((s.label == "positive") == (y == 1) for s, y in decided)
        note = (
            f"accuracy {hits / len(pairs):.3f} (neutral counted as negative); "
            f"{hits_decided / len(decided):.3f} on the {len(decided)} non-neutral"
        )
        rows.append(_row(f"uci {name.split('_')[0]} label accuracy", seconds, None, f">= {UCI_FLOOR}", note))
    return rows


def bench_summary() -> dict[str, Any] | None:
    import datetime as dt

    from catalog import Catalog
    from catalog.skills import SkillRequest
    from sentiment.skills import SKILLS

    path = DATASETS / "amazon_alexa" / "amazon_alexa.tsv"
    if not path.exists():
        return None
    catalog = Catalog.load([f"alexa={path}"])
    skill = next(s for s in SKILLS if s.name == "feedback_summary")
    with tempfile.TemporaryDirectory() as folder:
        import os

        os.environ["CRA_CACHE_DIR"] = folder
        start = time.perf_counter()
        answer = skill.run(SkillRequest("summarize the feedback", catalog, dt.date.today()))
        seconds = time.perf_counter() - start
        del os.environ["CRA_CACHE_DIR"]
    return _row("summarize 3,150 alexa reviews (cold)", seconds, None, "< 3 s", answer.text[:150])


def bench_themes(n: int) -> dict[str, Any]:
    """Praise and complaint themes of n corpus texts (scores given, VADER decides the sides)."""
    import os

    from sentiment.score import SentimentScorer
    from sentiment.themes import extract_themes

    texts = corpus(n, seed=1)
    compounds = [s.compound for s in SentimentScorer(cache=False).score(texts)]
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CRA_CACHE_DIR"] = folder
        start, cpu = time.perf_counter(), time.process_time()
        themes = extract_themes(texts, compounds)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        del os.environ["CRA_CACHE_DIR"]
    note = "cpu {:.1f} s (wall time grows with the machine's load); praise: {}; complaints: {}".format(
        cpu,
        ", ".join(t.phrase for t in themes["praise"][:4]),
        ", ".join(t.phrase for t in themes["complaints"][:4]),
    )
    return _row(f"themes of {n:,} texts (VADER sides)", seconds, None, THEMES_GOAL, note)


def run(quick: bool) -> list[dict[str, Any]]:
    rows = bench_throughput(QUICK_TEXTS if quick else FULL_TEXTS)
    if not quick:
        rows.append(bench_long_text())
    rows.extend(bench_uci())
    rows.append(bench_themes(QUICK_TEXTS if quick else FULL_TEXTS))
    summary = bench_summary()
    if summary is not None:
        rows.append(summary)
    return rows


def _row(name: str, ours: float, baseline: float | None, goal: str, note: str) -> dict[str, Any]:
    ratio = round(baseline / ours, 2) if baseline is not None and ours > 0 else None
    base = round(baseline, 3) if baseline is not None else None
    return {
        "benchmark": name,
        "ours_s": round(ours, 3),
        "baseline_s": base,
        "ratio": ratio,
        "goal": goal,
        "note": note,
    }


def _real_sentences() -> list[str]:
    out: list[str] = []
    folder = DATASETS / "vader_groundtruth"
    for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
        for line in path.read_bytes().decode("utf-8").split("\r\n"):
            if line.strip():
                out.append(line.split("\t", 2)[2])
    alexa = DATASETS / "amazon_alexa" / "amazon_alexa.tsv"
    if alexa.exists():
        import csv

        with alexa.open(encoding="utf-8-sig", newline="") as f:
            out.extend(
                r["verified_reviews"] for r in csv.DictReader(f, delimiter="\t") if r["verified_reviews"]
            )
    return out


def _synthetic_sentences(seed: int) -> list[str]:
    from sentiment.score import _lexicon

    rng = random.Random(seed)
    words = sorted(_lexicon())
    fillers = [
        "the",
        "delivery",
        "support",
        "app",
        "price",
        "team",
        "was",
        "is",
        "not",
        "very",
        "but",
        "and",
        "it",
        "really",
    ]
    return [
        " ".join(rng.choice(words if k % 3 == 0 else fillers) for k in range(12)) + "." for _ in range(5000)
    ]


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        ratio = f"{row['ratio']:.2f}x" if row["ratio"] is not None else "-"
        print(
            f"{row['benchmark']:<42} ours {row['ours_s']:>8.3f}s  base {row['baseline_s']!s:>8}  {ratio:>7}  "
            f"goal {row['goal']:<18} {row['note']}"
        )
