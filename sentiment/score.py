"""VADER scores for many texts: deduplicated, cached by text hash, spread over the cores.

Scores are exactly those of `SentimentIntensityAnalyzer().polarity_scores(text)` (vaderSentiment), the
label uses the VADER paper's thresholds (compound >= 0.05 positive, <= -0.05 negative).

    >>> s = score_texts(["I love it!", "", "Terrible, it broke."], cache=False)
    >>> [x.label for x in s]
    ['positive', 'neutral', 'negative']
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import multiprocessing as mp
import os
import re
import signal
import sqlite3
import struct
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir
from sqlglot import exp

from sentiment.vader_fast import make_analyzer

POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05
CACHE_ENV = "CRA_CACHE_DIR"
CACHE_FILE = "sentiment-vader-3.3.2-v2.sqlite"
PARALLEL_MIN_CHARS = 400_000
"""Below this many characters of uncached text, scoring stays in this process (a pool costs ~0.3 s)."""
CHUNK_CHARS = 200_000
"""Texts are sent to worker processes in chunks of about this many characters."""
_PACK = struct.Struct("<dddd?")
"""Cached scores as raw doubles: SQLite REAL would turn VADER's -0.0 compounds into 0.0."""
ENGLISH_MIN_SHARE = 0.25
"""A text with at least 4 words looks non-English when fewer than this share are English words."""

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
ENGLISH_STOP = frozenset(
    re.findall(
        r"\S+",
        """a about after again all also am an and any are as at be because been before but by can could did
        do does doing don't for from get got had has have he her here him his how i i'm if in into is it
        it's its just me more most my no not now of off on once only or other our out over so some such
        than that the their them then there these they this those to too under until up very was we were
        what when where which while who why will with would you your""",
    )
)


@dataclass(frozen=True)
class Score:
    """VADER's scores of one text."""

    compound: float
    pos: float
    neu: float
    neg: float
    english: bool = True
    """False when the text looks non-English (VADER reads English only)."""
    blank: bool = False
    """True for an empty or missing text (all scores 0, label neutral)."""

    @property
    def label(self) -> str:
        return label_for(self.compound)


def label_for(compound: float) -> str:
    """'positive', 'negative' or 'neutral' by the VADER paper's +/-0.05 thresholds."""
    if compound >= POSITIVE_AT:
        return "positive"
    if compound <= NEGATIVE_AT:
        return "negative"
    return "neutral"


def looks_english(text: str, known: frozenset[str] | None = None) -> bool:
    """Cheap heuristic: most words are English stop words or VADER lexicon words, letters mostly ASCII.

    known: the English words to count (default: `english_words()`).
    """
    words = _WORD.findall(text.lower())
    if not words:
        return True
    if not text.isascii():
        letters = "".join(words)
        if len(letters.encode("ascii", "ignore")) < 0.5 * len(letters):
            return False
    if len(words) < 4:
        return True
    known = known if known is not None else english_words()
    return sum(map(known.__contains__, words)) >= ENGLISH_MIN_SHARE * len(words)


_ENGLISH: frozenset[str] | None = None


def english_words() -> frozenset[str]:
    """English stop words and the words of VADER's lexicon (loaded once)."""
    global _ENGLISH
    if _ENGLISH is None:
        _ENGLISH = ENGLISH_STOP | frozenset(_lexicon())
    return _ENGLISH


def cache_dir() -> Path:
    """Where scores are cached: $CRA_CACHE_DIR, else the user's cache dir (never beside the data)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    return Path(user_cache_dir("cra"))


def text_key(text: str) -> bytes:
    """The cache key of a text: a 16-byte BLAKE2b digest of its UTF-8 bytes."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class SentimentScorer:
    """Scores texts with VADER; keeps an in-memory and an on-disk cache keyed by text hash.

    cache: True for the default cache file (see `cache_dir`), a folder path, or False for memory only.
    workers: processes for large batches (default: the number of cores); 1 never starts a pool.
    """

    def __init__(self, *, cache: bool | str | Path = True, workers: int | None = None) -> None:
        self.cache = cache
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self._memory: dict[bytes, Score] = {}
        self._db: sqlite3.Connection | None = None
        self._pool: Executor | None = None

    # -- public -------------------------------------------------------------------------------
    def score(self, texts: Iterable[str | None]) -> list[Score]:
        """One Score per text, in order; duplicates are scored once, blanks get zeros."""
        items = [_as_text(t) for t in texts]
        keys: dict[str, bytes] = {}
        for text in items:
            if text and text not in keys:
                keys[text] = text_key(text)
        missing = [t for t, k in keys.items() if k not in self._memory]
        if missing:
            found = self._read_disk([keys[t] for t in missing])
            self._memory.update(found)
            missing = [t for t in missing if keys[t] not in found]
        if missing:
            fresh = self._score_fresh(missing)
            new = {keys[t]: s for t, s in zip(missing, fresh, strict=True)}
            self._memory.update(new)
            self._write_disk(new)
        blank = Score(0.0, 0.0, 0.0, 0.0, True, True)
        return [self._memory[keys[t]] if t else blank for t in items]

    def close(self) -> None:
        """Close the cache file and stop worker processes."""
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    # -- scoring ------------------------------------------------------------------------------
    def _score_fresh(self, texts: list[str]) -> list[Score]:
        total = sum(len(t) for t in texts)
        if self.workers <= 1 or total < PARALLEL_MIN_CHARS:
            return _score_chunk(texts)
        chunks = _chunks(texts, max(CHUNK_CHARS, total // (self.workers * 8)))
        out: list[Score] = []
        try:
            for part in self._get_pool().map(_score_rows, chunks):
                out.extend(Score(*row) for row in part)
        except (BrokenProcessPool, OSError):  # no processes here: score in this one
            self._pool = None
            return _score_chunk(texts)
        return out

    def _get_pool(self) -> Executor:
        if self._pool is None:
            # fork: workers inherit the loaded lexicon and never re-run the caller's __main__ (spawn would)
            method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
            _analyzer()
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=mp.get_context(method), initializer=_worker_start
            )
            atexit.register(self.close)
        return self._pool

    # -- disk cache ---------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection | None:
        if self.cache is False:
            return None
        if self._db is None:
            folder = cache_dir() if self.cache is True else Path(self.cache)
            try:
                folder.mkdir(parents=True, exist_ok=True)
                try:
                    db = _open_cache(folder / CACHE_FILE)
                except sqlite3.DatabaseError:  # not a database, or a damaged one: start it again
                    _remove_cache(folder / CACHE_FILE)
                    db = _open_cache(folder / CACHE_FILE)
            except (OSError, sqlite3.Error):
                self.cache = False  # an unwritable cache never stops scoring
                return None
            self._db = db
        return self._db

    def _rebuild_disk(self) -> None:
        """The cache file went bad while in use: delete it; the next use starts a new one."""
        folder = cache_dir() if self.cache is True else Path(str(self.cache))
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        _remove_cache(folder / CACHE_FILE)

    def _read_disk(self, keys: list[bytes]) -> dict[bytes, Score]:
        db = self._connect()
        found: dict[bytes, Score] = {}
        if db is None:
            return found
        try:
            for start in range(0, len(keys), 500):
                part = keys[start : start + 500]
                query = (
                    exp.select("k", "v")
                    .from_("scores")
                    .where(exp.column("k").isin(*[exp.Placeholder()] * len(part)))
                )
                for k, v in db.execute(query.sql(dialect="sqlite"), part):
                    if isinstance(v, bytes) and len(v) == _PACK.size:  # anything else is scored again
                        c, p, u, n, e = _PACK.unpack(v)
                        found[k] = Score(c, p, u, n, bool(e))
        except sqlite3.DatabaseError:  # damaged on disk: scored again, and the file rebuilt
            self._rebuild_disk()
            return {}
        return found

    def _write_disk(self, scores: dict[bytes, Score]) -> None:
        db = self._connect()
        if db is None:
            return
        try:
            with db:
                db.executemany(
                    "INSERT OR REPLACE INTO scores VALUES (?, ?)",
                    [(k, _PACK.pack(s.compound, s.pos, s.neu, s.neg, s.english)) for k, s in scores.items()],
                )
        except sqlite3.Error:
            pass


def _open_cache(path: Path) -> sqlite3.Connection:
    """The score cache at `path`, checked: sqlite3.DatabaseError when it is not a sound cache file."""
    db = sqlite3.connect(path, timeout=10)
    try:
        db.execute("CREATE TABLE IF NOT EXISTS scores (k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID")
        db.execute("SELECT k, v FROM scores LIMIT 1").fetchall()
    except sqlite3.Error:
        db.close()
        raise
    return db


def _remove_cache(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(OSError):
            p.unlink(missing_ok=True)


_DEFAULT: dict[Path, SentimentScorer] = {}


def default_scorer() -> SentimentScorer:
    """The process-wide scorer for the current cache folder (all cores)."""
    folder = cache_dir()
    if folder not in _DEFAULT:
        _DEFAULT[folder] = SentimentScorer(cache=folder)
    return _DEFAULT[folder]


def score_texts(texts: Iterable[str | None], *, cache: bool | str | Path = True) -> list[Score]:
    """Score texts with the default scorer (or a memory-only one when cache=False)."""
    scorer = default_scorer() if cache is True else SentimentScorer(cache=cache)
    return scorer.score(texts)


SCORE_FIELDS = (
    ("compound", "DOUBLE"), ("pos", "DOUBLE"), ("neu", "DOUBLE"), ("neg", "DOUBLE"), ("english", "BOOLEAN"),
    ("blank", "BOOLEAN"),
)  # fmt: skip
"""The columns `score_frame` returns (Score's fields), with their types."""


def score_frame(texts: Any) -> Any:
    """VADER's scores of a pandas Series of texts, as a DataFrame with SCORE_FIELDS: the scorer of
    `score_texts` (the same numbers, bit for bit) in a form a Spark executor runs as a pandas UDF."""
    import pandas as pd

    items = [_as_text(t) for t in texts]
    scored = iter(_score_rows([t for t in items if t]))
    rows = [(*next(scored), False) if t else (0.0, 0.0, 0.0, 0.0, True, True) for t in items]
    return pd.DataFrame(rows, columns=[name for name, _ in SCORE_FIELDS])


def share_non_english(scores: Sequence[Score]) -> float:
    """Share of the non-blank texts that look non-English."""
    filled = [s for s in scores if not s.blank]
    return sum(1 for s in filled if not s.english) / len(filled) if filled else 0.0


# -- worker side ---------------------------------------------------------------------------------
_ANALYZER: Any = None


def _worker_start() -> None:
    """In a worker process: Ctrl+C is the parent's to handle (no traceback per worker), then load VADER."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _analyzer()


def _analyzer() -> Any:
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = make_analyzer()
    return _ANALYZER


def _lexicon() -> dict[str, float]:
    return _analyzer().lexicon


def _score_chunk(texts: list[str]) -> list[Score]:
    return [Score(*row) for row in _score_rows(texts)]


def _score_rows(texts: list[str]) -> list[tuple[float, float, float, float, bool]]:
    """Plain tuples (cheap to send back from a worker process)."""
    analyzer = _analyzer()
    known = english_words()
    out = []
    for text in texts:
        d = analyzer.polarity_scores(text)
        out.append((d["compound"], d["pos"], d["neu"], d["neg"], looks_english(text, known)))
    return out


def _chunks(texts: list[str], size: int) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    chars = 0
    for t in texts:
        if chars >= size:
            chunks.append([])
            chars = 0
        chunks[-1].append(t)
        chars += len(t)
    return chunks


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN from pandas
        return ""
    text = value if isinstance(value, str) else str(value)
    return "" if not text.strip() else text
