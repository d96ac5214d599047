"""Themes of feedback: key phrases people praise and complain about, each with typical quotes.

Phrases are 1-3 word n-grams (scikit-learn CountVectorizer, English stop words removed) counted once per
text. A phrase is a praise (complaint) theme when the texts mentioning it are positive (negative) clearly
more often than texts in general; phrases contained in one another are merged into one theme, named by
the longest phrase that keeps most of the mentions. Themes are ranked by how many texts mention them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sentiment.score import NEGATIVE_AT, POSITIVE_AT


@dataclass(frozen=True)
class ThemeRule:
    """How one side (praise or complaints) picks its texts and phrases."""

    side: str
    sign: int
    """+1: texts with compound >= 0.05; -1: texts with compound <= -0.05."""
    margin: float = 0.25
    """Phrase kept when P(side | phrase) >= base + margin * (1 - base), base = P(side) over all texts."""


RULES = {
    "praise": ThemeRule("praise", +1),
    "complaints": ThemeRule("complaints", -1),
}
EXTRA_STOP = frozenset(
    re.findall(
        r"\S+",
        """just really would get got one also im ive dont didnt doesnt isnt wasnt cant wont don didn doesn isn
        wasn ve ll re ca wo thing things lot bit much even still ever way overall honestly seriously
        unfortunately sadly wow ugh oh yes yeah please try tried trying want wanted need needed know make
        made going say says said getting bought buy purchased havent couldnt wouldnt shouldnt arent werent""",
    )
)
"""Words that make no theme on their own (besides scikit-learn's English stop words)."""
KEEP_WORDS = frozenset({"not", "no", "never"})
"""Stop words kept in phrases, since complaints hinge on them ("not work"); never a theme alone."""
MAX_CANDIDATES = 150
"""Only the most frequent candidate phrases of a side are merged into themes."""
MIN_SHARE = 0.003
"""A phrase must occur in at least this share of the texts (and at least `min_count` texts)."""
_NOT = re.compile(r"n['’]t\b", re.I)
DOC_OVERLAP = 0.8
"""Two phrases found together in this share of the rarer one's texts are one theme."""
EXTEND_SHARE = 0.6
"""A longer phrase names the theme when it keeps at least this share of the shorter phrase's texts."""
QUOTE_MAX_CHARS = 180
TOKEN = r"(?u)\b[a-zA-Z][a-zA-Z]+\b"


@dataclass(frozen=True)
class Theme:
    """One theme: a key phrase and what the texts that mention it say."""

    phrase: str
    count: int
    """Texts on this side (positive for praise, negative for complaints) that mention the theme."""
    mentions: int
    """All texts that mention the theme."""
    mean_compound: float
    """Mean VADER compound of all texts that mention the theme."""
    quotes: tuple[str, ...]
    """Two typical (not extreme) quotes, trimmed to the sentence that mentions the theme."""
    members: tuple[str, ...] = ()
    """The phrases merged into this theme."""

    def as_row(self) -> dict[str, Any]:
        return {
            "theme": self.phrase,
            "count": self.count,
            "mentions": self.mentions,
            "mean_compound": round(self.mean_compound, 4),
            "quotes": list(self.quotes),
        }


def extract_themes(
    texts: Sequence[str], compounds: Sequence[float], *, top: int = 8, min_count: int = 2
) -> dict[str, list[Theme]]:
    """{"praise": [...], "complaints": [...]}: the top themes of each side (texts and scores aligned)."""
    import numpy as np

    docs = [(t, c) for t, c in zip(texts, compounds, strict=True) if t and t.strip()]
    empty: dict[str, list[Theme]] = {side: [] for side in RULES}
    if len(docs) < 3:
        return empty
    body = [html.unescape(t) for t, _ in docs]
    comp = np.array([c for _, c in docs], dtype=float)
    matrix, vocab = _vectorize(body, max(min_count, int(MIN_SHARE * len(body))))
    if matrix is None:
        return empty
    mentions = np.asarray(matrix.sum(axis=0)).ravel()
    plain = _sentiment_words()
    topical = np.array([not all(w in plain for w in p.split()) for p in vocab])
    out: dict[str, list[Theme]] = {}
    for side, rule in RULES.items():
        mask = comp >= POSITIVE_AT if rule.sign > 0 else comp <= NEGATIVE_AT
        base = float(mask.mean())
        if not mask.any():
            out[side] = []
            continue
        side_counts = np.asarray(matrix[mask].sum(axis=0)).ravel()
        share = side_counts / np.maximum(mentions, 1)
        keep = topical & (side_counts >= min_count) & (share >= base + rule.margin * (1 - base))
        cand = [int(i) for i in np.flatnonzero(keep)]
        cand.sort(key=lambda i: (-side_counts[i], -len(vocab[i].split()), vocab[i]))
        cand = cand[:MAX_CANDIDATES]
        sub = matrix[mask][:, cand]
        groups = _merge(cand, vocab, side_counts, (sub.T @ sub).toarray())
        groups = [(_extend(name, vocab, side_counts), members) for name, members in groups]
        themes = []
        for name, members in groups:
            cols = matrix[:, members]
            has = np.asarray(cols.sum(axis=1)).ravel() > 0
            n_side = int((has & mask).sum())
            quotes = _quotes(body, comp, has & mask, vocab[name].split(), rule.sign)
            themes.append(
                Theme(
                    vocab[name],
                    n_side,
                    int(has.sum()),
                    float(comp[has].mean()),
                    quotes,
                    tuple(dict.fromkeys(vocab[m] for m in members)),
                )
            )
        themes.sort(key=lambda t: (-t.count, t.phrase))
        out[side] = themes[:top]
    return out


def _vectorize(body: list[str], min_count: int) -> tuple[Any, list[str]]:
    import warnings

    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

    stop = sorted((ENGLISH_STOP_WORDS | EXTRA_STOP) - KEEP_WORDS)
    vec = CountVectorizer(
        ngram_range=(1, 3),
        stop_words=stop,
        binary=True,
        min_df=min(min_count, len(body)),
        token_pattern=TOKEN,
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matrix = vec.fit_transform([_NOT.sub(" not", t) for t in body]).tocsc()
    except ValueError:  # empty vocabulary
        return None, []
    return matrix, list(vec.get_feature_names_out())


def _merge(cand: list[int], vocab: list[str], counts: Any, co: Any) -> list[tuple[int, list[int]]]:
    """Group candidate phrases that contain one another or mostly occur in the same texts.

    `co[a, b]` counts the side's texts holding both cand[a] and cand[b]. Each group starts as its most
    frequent phrase (`_extend` may then name it by a longer one).
    """
    groups: list[tuple[int, list[int]]] = []
    heads: list[int] = []  # position in cand of each group's first phrase
    for a, i in enumerate(cand):
        words = vocab[i].split()
        home = None
        for g, (_, members) in zip(heads, groups, strict=True):
            same_texts = co[a, g] >= DOC_OVERLAP * min(co[a, a], co[g, g])
            if same_texts or any(_contains(vocab[m].split(), words) for m in members):
                home = members
                break
        if home is not None:
            home.append(i)
            continue
        groups.append((i, [i]))
        heads.append(a)
    return groups


def _extend(name: int, vocab: list[str], counts: Any) -> int:
    """The longest phrase containing vocab[name] that keeps EXTEND_SHARE of its texts on this side."""
    import numpy as np

    words = vocab[name].split()
    best = name
    for j in np.flatnonzero(counts >= EXTEND_SHARE * counts[name]):
        longer = vocab[j].split()
        if (
            len(longer) > len(vocab[best].split())
            and _contains(longer, words)
            and longer[-1] not in KEEP_WORDS
        ):
            best = int(j)
    return best


def _contains(a: list[str], b: list[str]) -> bool:
    """Whether one word sequence occurs contiguously inside the other."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    n = len(short)
    return any(long_[k : k + n] == short for k in range(len(long_) - n + 1))


def _quotes(
    body: list[str], comp: Any, mask: Any, words: list[str], sign: int, n: int = 2
) -> tuple[str, ...]:
    """Typical quotes: texts nearest the median score of the theme's side, shortest first on ties;
    a quote's own sentence must lean the side's way when enough such sentences exist."""
    import numpy as np

    from sentiment.score import _analyzer

    idx = np.flatnonzero(mask)
    if len(idx) == 0:
        return ()
    median = float(np.median(comp[idx]))
    order = sorted(idx, key=lambda k: (round(abs(comp[k] - median), 2), len(body[k]) > 400, len(body[k])))
    analyzer = _analyzer()
    leaning: list[str] = []
    other: list[str] = []
    for k in order[:60]:
        q = trim_quote(body[k], words)
        if not q or q.lower() in (x.lower() for x in leaning + other):
            continue
        compound = analyzer.polarity_scores(q)["compound"]
        (leaning if compound * sign >= POSITIVE_AT else other).append(q)
        if len(leaning) == n:
            break
    return tuple((leaning + other)[:n])


_SENTENCE = re.compile(r"(?<=[.!?])\s+|\s*[\r\n]+\s*")


def trim_quote(text: str, words: Sequence[str] = (), limit: int = QUOTE_MAX_CHARS) -> str:
    """The sentence of `text` that mentions `words` (else the first), cut to `limit` characters."""
    sentences = [s.strip() for s in _SENTENCE.split(html.unescape(text)) if s and s.strip()]
    if not sentences:
        return ""
    pick = sentences[0]
    for s in sentences:
        low = s.lower()
        if all(w in low for w in words):
            pick = s
            break
    if len(pick) > limit:
        cut = pick[: limit - 1].rsplit(" ", 1)[0]
        pick = cut + "…"
    return pick


def _sentiment_words() -> frozenset[str]:
    """Words that carry sentiment or degree but name no topic: VADER lexicon, boosters, negations."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT

    from sentiment.score import _lexicon

    return frozenset(_lexicon()) | frozenset(BOOSTER_DICT) | KEEP_WORDS
