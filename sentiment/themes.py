"""Themes of feedback: the phrases that set complaints apart from praise, with counts and typical quotes.

Each text is on a side: a complaint, praise or neither. The side comes from a rating on the same row when
there is one (the caller passes `sides`), else from VADER (compound <= -0.05 complaint, >= 0.05 praise).
Candidate phrases are runs of 1-3 content words of a clause (`sentiment.theme_words`: lemmas, negations
as one word, so "stopped working", "stops working" and "doesn't work" are one key). A phrase is a theme of
a side when it occurs in clearly more of that side's texts than of the other side's: the weighted log-odds
ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words"), its z-score
at least `Z_MIN`, and at least `min_count` texts (and `MIN_SHARE` of the side); with few texts on the other side, the contrast
is with all other texts, and with none at all, the most frequent phrases come first. Phrases found in nearly
the same texts ("package never arrived", "never arrived") are one theme; themes are ranked by the z-score
of all their texts and named by their most common wording. Counts are texts, never mentions.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sentiment.score import NEGATIVE_AT, POSITIVE_AT, _analyzer
from sentiment.theme_words import (
    MISSPELLINGS,
    NEGATORS,
    NOT,
    STOPPERS,
    carries,
    lemma,
    stands_alone,
    stop_words,
)

SIDES = {"praise": +1, "complaints": -1}
"""Side name -> its value in `sides` (0: neither)."""
MAX_WORDS = 3
"""Longest phrase key, in content words."""
Z_MIN = 1.645
"""A phrase's log-odds z-score for its side must reach this (one-sided 5%: more often on this side)."""
MIN_SHARE = 0.004
"""A theme must be found in at least this share of its side's texts (and `min_count` texts)."""
MIN_CONTRAST = 30
"""With fewer texts on the other side, a side is contrasted with all texts not on it."""
PRIOR_SCALE = 0.1
"""The Dirichlet prior of a phrase is this times its count in all texts (both sides and neutral)."""
MAX_CANDIDATES = 150
"""Only the strongest candidate phrases of a side are grouped into themes."""
SAME_TEXTS = 0.8
"""Two phrases found together in this share of the more frequent one's texts are one theme."""
NESTED_TEXTS = 0.5
"""...or when one phrase holds the other and this share of the rarer one's texts hold both."""
NAME_SHARE = 0.6
"""A theme is named by a phrase of its preferred length when it keeps this share of the best count."""
EXTEND_SHARE, EXTEND_CHARS = 0.9, 24
"""A name takes one more word when that keeps this share of its texts and stays this short as written:
"support agent" -> "support agent was rude", "new ui" -> "new ui is confusing"."""
NAME_LENGTHS = (2, 3, 1)
"""Preferred lengths of a theme's name, in words: "never arrived" before "package never arrived"."""
MAX_WORDINGS = 6
"""Wordings of a theme listed in `Theme.members`."""
QUOTE_MAX_CHARS = 180
QUOTE_SCAN = 200
"""Texts nearest the median looked at for quotes."""
SAME_QUOTE = 90
"""Two quotes this similar (rapidfuzz ratio, 0-100) are one quote said twice (typos aside)."""
SURFACE_SCAN = 150
"""Texts read to find how a theme's phrase is most often written."""

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SEGMENT = re.compile(
    r"[.!?;:,()\[\]\"“”/\n\r]+|\s[-–—]+\s|\b(?:but|however|although|though|whereas|except)\b", re.I
)
"""Where a text splits into clauses for phrases: punctuation and contrasting conjunctions."""


@dataclass(frozen=True)
class Theme:
    """One theme of a side: a phrase, how many texts of the side hold it, and what they say."""

    phrase: str
    count: int
    """Texts of this side holding the theme."""
    mentions: int
    """All texts holding the theme (either side or neither)."""
    mean_compound: float
    """Mean VADER compound of this side's texts holding the theme."""
    quotes: tuple[str, ...]
    """Up to two typical sentences (near the median compound) of this side's texts naming the theme."""
    members: tuple[str, ...] = ()
    """The wordings grouped into this theme (most common first)."""
    positive: int = 0
    """Praise texts holding the theme."""
    negative: int = 0
    """Complaint texts holding the theme."""
    z: float = 0.0
    """Weighted log-odds z-score of the theme's texts for its side against the other side."""
    keys: tuple[str, ...] = ()
    """The phrase keys a text holds to count for the theme (see `phrase_keys`)."""

    def holds(self, text: str) -> bool:
        """Whether a text holds the theme."""
        return bool(set(self.keys) & set(phrase_keys(text)))

    def as_row(self) -> dict[str, Any]:
        return {
            "theme": self.phrase,
            "count": self.count,
            "mentions": self.mentions,
            "positive": self.positive,
            "negative": self.negative,
            "z": round(self.z, 2),
            "mean_compound": round(self.mean_compound, 4),
            "quotes": list(self.quotes),
            "members": list(self.members),
        }


# -- reading phrases ---------------------------------------------------------------------------------
def clause_words(text: str) -> list[list[tuple[str, str]]]:
    """Per clause, its content words as (key, written word): stop words left out, lemmas, negations "not".

    >>> [[k for k, _ in c] for c in clause_words("It stopped working after a week, and doesn't charge.")]
    [['not', 'work'], ['not', 'charge']]
    """
    out = []
    for segment in _segments(text):
        keys = _segment_words(segment)
        if keys:
            out.append(keys)
    return out


def _segments(text: str) -> list[str]:
    return _SEGMENT.split(html.unescape(text).lower() if "&" in text else text.lower())


def _segment_words(segment: str) -> list[tuple[str, str]]:
    info = _WORD_KEY
    words = _TOKEN.findall(segment)
    keys: list[tuple[str, str]] = []
    last = len(words) - 1
    for k, raw in enumerate(words):
        key = info.get(raw)
        if key is None:
            key = info[raw] = _word_key(raw)
        if not key:
            continue
        if key == _STOPPER:  # "stopped working": not work; "the stop button": stop
            key = NOT if k < last and words[k + 1].endswith("ing") else lemma(raw)
        if key == NOT and keys and keys[-1][0] == NOT:
            continue
        keys.append((key, raw))
    return keys


_STOPPER = "\x00stop"
_WORD_KEY: dict[str, str] = {}
"""Written word -> its key ('' for a stop word; markers for words whose key depends on the next)."""


def _word_key(raw: str) -> str:
    word = MISSPELLINGS.get(raw.replace("’", "'"), raw.replace("’", "'"))
    if word.endswith("n't") or word in NEGATORS:
        return NOT
    if word in STOPPERS:
        return _STOPPER
    if "'" in word or word in stop_words() or word == "longer":
        return ""
    return lemma(word)


def phrase_keys(text: str) -> list[str]:
    """Every candidate phrase key of a text (1-3 content words in a row of one clause).

    >>> phrase_keys("The app keeps crashing!")
    ['app crash']
    """
    grams: list[str] = []
    for segment in _segments(text):
        grams += _grams_of(segment)
    return grams


def _grams_of(segment: str) -> tuple[str, ...]:
    found = _SEGMENT_GRAMS.get(segment)
    if found is None:
        found = _segment_grams(segment)
        if len(_SEGMENT_GRAMS) < SEGMENT_CACHE:
            _SEGMENT_GRAMS[segment] = found
    return found


SEGMENT_CACHE = 500_000
"""Clauses whose phrases are remembered (short clauses such as "works great" recur across texts)."""
_SEGMENT_GRAMS: dict[str, tuple[str, ...]] = {}


def _segment_grams(segment: str) -> tuple[str, ...]:
    keys = [k for k, _ in _segment_words(segment)]
    carry = [carries(k) for k in keys]
    grams: list[str] = []
    for i, key in enumerate(keys):
        if i and keys[i - 1] == NOT:
            continue  # "not worth the money" is not "worth the money"
        if stands_alone(key):
            grams.append(key)
        for n in range(2, MAX_WORDS + 1):
            if i + n > len(keys):
                break
            gram = keys[i : i + n]
            if gram[-1] != NOT and any(carry[i : i + n]) and len(set(gram)) == n:
                grams.append(" ".join(gram))
    return tuple(grams)


# -- themes ------------------------------------------------------------------------------------------
def sides_from_compounds(compounds: Sequence[float]) -> list[int]:
    """VADER's side of each text: -1 (compound <= -0.05), +1 (>= 0.05), else 0."""
    return [(-1 if c <= NEGATIVE_AT else 1 if c >= POSITIVE_AT else 0) for c in compounds]


def extract_themes(
    texts: Sequence[str],
    compounds: Sequence[float],
    *,
    sides: Sequence[int] | None = None,
    top: int = 8,
    min_count: int = 3,
) -> dict[str, list[Theme]]:
    """{"praise": [...], "complaints": [...]}: the top themes of each side, strongest contrast first.

    `sides` (aligned with `texts`): -1 complaint, +1 praise, 0 neither (a rating decided); without it,
    VADER's compound decides. Blank texts are left out.
    """
    import numpy as np

    side_of = list(sides) if sides is not None else sides_from_compounds(compounds)
    keep = [i for i, t in enumerate(texts) if t and t.strip()]
    body = [texts[i] for i in keep]
    comp = np.array([float(compounds[i]) for i in keep])
    side = np.array([side_of[i] for i in keep], dtype=int)
    empty: dict[str, list[Theme]] = {name: [] for name in SIDES}
    if len(body) < 3:
        return empty
    matrix, vocab = _vectorize(body, min_count)
    if matrix is None:
        return empty
    rows = {name: np.flatnonzero(side == sign) for name, sign in SIDES.items()}
    counts = {name: _col_sums(matrix[r]) for name, r in rows.items()}
    background = _col_sums(matrix)
    out: dict[str, list[Theme]] = {}
    for name, sign in SIDES.items():
        other = "praise" if sign < 0 else "complaints"
        n_side = len(rows[name])
        support = max(min_count, math.ceil(MIN_SHARE * n_side))
        contrast = counts[other]
        if len(rows[other]) < MIN_CONTRAST:  # too little on the other side: contrast with every other text
            contrast = background - counts[name]
        if len(body) - n_side < min_count:  # every text on one side: no contrast, most frequent first
            z = counts[name] / max(n_side, 1) * Z_MIN * 10
        else:
            z = log_odds_z(counts[name], contrast, background)
        cand = np.flatnonzero((z >= Z_MIN) & (counts[name] >= support))
        cand = cand[np.argsort(-z[cand], kind="stable")][:MAX_CANDIDATES]
        if not len(cand):
            out[name] = []
            continue
        side_m = matrix[rows[name]][:, cand]
        co = (side_m.T @ side_m).toarray()
        groups = _group([vocab[i] for i in cand], co)
        totals = (float(counts[name].sum()), float(contrast.sum()), float(background.sum()))
        found = []
        for members in groups:
            keys = [vocab[cand[a]] for a in members]
            counted = set(_counted(keys))
            cols = [int(cand[a]) for a, k in zip(members, keys, strict=True) if k in counted]
            has = np.asarray(matrix[:, cols].sum(axis=1)).ravel() > 0
            n_on = int((has & (side == sign)).sum())
            if n_on >= support:
                n_other = (
                    int((has & (side == -sign)).sum()) if contrast is counts[other] else int(has.sum()) - n_on
                )
                gz = float(log_odds_z([n_on], [n_other], [int(has.sum())], totals=totals)[0])
                found.append((gz, n_on, cols, has))
        found.sort(key=lambda f: (-f[0], -f[1]))
        found = _merge_same(found, side == sign)
        themes = [_theme(body, comp, side, sign, matrix, vocab, *f) for f in found[: top + 4]]
        out[name] = _distinct(themes)[:top]
    return out


def _merge_same(found: list[tuple[float, int, list[int], Any]], on_side: Any) -> list[Any]:
    """Themes found in nearly the same texts of the side are one ("too many bugs", "exports are broken"
    always said together): the weaker joins the stronger (which keeps its z); the count is of the union."""
    kept: list[tuple[float, int, list[int], Any]] = []
    for gz, n_on, cols, has in found:
        mine = has & on_side
        for k, (kz, kn, kcols, khas) in enumerate(kept):
            if int((mine & khas).sum()) >= SAME_TEXTS * max(n_on, kn):
                union = khas | has
                kept[k] = (kz, int((union & on_side).sum()), kcols + cols, union)
                break
        else:
            kept.append((gz, n_on, cols, has))
    return kept


def _theme(
    body: list[str],
    comp: Any,
    side: Any,
    sign: int,
    matrix: Any,
    vocab: list[str],
    gz: float,
    n_on: int,
    cols: list[int],
    has: Any,
) -> Theme:
    """A found theme named by its most telling wording, with its quotes."""
    on_side = has & (side == sign)
    side_counts = {
        vocab[c]: int(on_side[matrix.indices[matrix.indptr[c] : matrix.indptr[c + 1]]].sum()) for c in cols
    }
    counted = list(side_counts)
    wordings = _wordings(body, on_side, counted)
    name_key = _name(side_counts, wordings)
    named = wordings.get(name_key)
    phrase = named.most_common(1)[0][0] if named else name_key
    every: Counter[str] = Counter()
    for c in wordings.values():
        every.update(c)
    others = [w for w, _ in every.most_common(MAX_WORDINGS)]
    return Theme(
        phrase,
        n_on,
        int(has.sum()),
        float(comp[on_side].mean()),
        theme_quotes(body, comp, on_side, set(counted), sign),
        tuple(dict.fromkeys([phrase, *others])),
        int((has & (side > 0)).sum()),
        int((has & (side < 0)).sum()),
        gz,
        tuple(counted),
    )


def log_odds_z(
    y_a: Any, y_b: Any, background: Any, *, totals: tuple[float, float, float] | None = None
) -> Any:
    """z-scores of the weighted log-odds ratio of each phrase in group a against group b, with an
    informative Dirichlet prior alpha_w = PRIOR_SCALE * background_w (Monroe et al. 2008, eq. 16-22).

    >>> z = log_odds_z([30, 5], [5, 30], [40, 40])
    >>> bool(z[0] > 1.96 > -1.96 > z[1])
    True
    """
    import numpy as np

    y_a, y_b = np.asarray(y_a, dtype=float), np.asarray(y_b, dtype=float)
    alpha = PRIOR_SCALE * np.asarray(background, dtype=float)
    n_a, n_b, bg = totals if totals is not None else (y_a.sum(), y_b.sum(), float(np.sum(background)))
    a0 = PRIOR_SCALE * bg
    delta = np.log((y_a + alpha) / (n_a + a0 - y_a - alpha)) - np.log(
        (y_b + alpha) / (n_b + a0 - y_b - alpha)
    )
    return delta / np.sqrt(1.0 / (y_a + alpha) + 1.0 / (y_b + alpha))


def _col_sums(m: Any) -> Any:
    import numpy as np

    return np.asarray(m.sum(axis=0)).ravel()


def _vectorize(body: list[str], min_count: int) -> tuple[Any, list[str]]:
    """Binary text x phrase-key matrix (CSC) over keys found in at least `min_count` texts (each
    distinct text is read once)."""
    import numpy as np
    from scipy import sparse

    index: dict[str, int] = {}
    inverse = np.fromiter((index.setdefault(t, len(index)) for t in body), dtype=np.int64, count=len(body))
    vocab: dict[str, int] = {}
    ids_of: dict[str, tuple[int, ...]] = {}  # clause -> its phrases' columns
    columns: list[int] = []
    indptr = [0]
    for text in index:
        found: set[int] = set()
        for segment in _segments(text):
            ids = ids_of.get(segment)
            if ids is None:
                ids = ids_of[segment] = tuple(vocab.setdefault(g, len(vocab)) for g in _grams_of(segment))
            found.update(ids)
        columns += found
        indptr.append(len(columns))
    if not vocab:
        return None, []
    cols = np.asarray(columns, dtype=np.int64)
    data = np.ones(len(cols), dtype=np.float64)
    unique = sparse.csr_matrix((data, cols, np.asarray(indptr)), shape=(len(index), len(vocab)))
    matrix = unique[inverse].tocsc()
    often = np.flatnonzero(np.diff(matrix.indptr) >= min(min_count, len(body)))
    names = np.asarray(list(vocab), dtype=object)
    return matrix[:, often], [str(v) for v in names[often]]


def _group(keys: list[str], co: Any) -> list[list[int]]:
    """Candidates (strongest first) grouped when found in nearly the same texts of the side, when they
    are the same words in another order ("late delivery", "delivery late"), or when one holds the other
    and most of the rarer one's texts hold both ("sent it back", "back")."""
    groups: list[list[int]] = []
    for a, key in enumerate(keys):
        words = key.split()
        home = None
        for members in groups:
            head = members[0]
            same = any(co[a, m] >= SAME_TEXTS * max(co[a, a], co[m, m]) for m in members)
            inside = any(  # a single word joins a phrase holding it; phrases never join through one
                _contains(keys[m].split(), words) and co[a, m] >= NESTED_TEXTS * min(co[a, a], co[m, m])
                for m in members
                if " " in keys[m] or len(members) == 1  # a lone word takes its first phrase only
            )
            if same or inside or sorted(keys[head].split()) == sorted(words):
                home = members
                break
        if home is None:
            groups.append([a])
        else:
            home.append(a)
    return groups


def _contains(a: list[str], b: list[str]) -> bool:
    """Whether one word sequence occurs contiguously inside the other."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    n = len(short)
    return any(long_[k : k + n] == short for k in range(len(long_) - n + 1))


def _counted(keys: list[str]) -> list[str]:
    """The members whose texts a theme counts: every phrase but single words inside a longer member."""
    longer = [k.split() for k in keys if " " in k]
    return [k for k in keys if " " in k or not any(k in words for words in longer)]


def _name(side_counts: dict[str, int], wordings: dict[str, Counter[str]]) -> str:
    """The key naming a theme: of those keeping NAME_SHARE of the best count, the preferred length, the
    most words that carry a phrase, the most texts, the shortest wording."""
    best = max(side_counts.values())
    near = [k for k, n in side_counts.items() if n >= NAME_SHARE * best]
    rank = {n: r for r, n in enumerate(NAME_LENGTHS)}

    def order(k: str) -> tuple[int, int, int, int, str]:
        words = k.split()
        said = wordings.get(k)
        length = len(said.most_common(1)[0][0]) if said else 99
        return rank.get(len(words), 9), -sum(map(carries, words)), -side_counts[k], length, k

    pick = min(near, key=order)
    longer = [
        k
        for k, n in side_counts.items()
        if len(k.split()) == len(pick.split()) + 1
        and _contains(k.split(), pick.split())
        and n >= EXTEND_SHARE * side_counts[pick]
        and order(k)[3] <= EXTEND_CHARS
        and " and " not in _most_common(wordings.get(k))
    ]
    return min(longer, key=lambda k: order(k)[3]) if longer else pick


def _most_common(said: Counter[str] | None) -> str:
    return said.most_common(1)[0][0] if said else ""


def _wordings(body: list[str], mask: Any, keys: list[str]) -> dict[str, Counter[str]]:
    """Per key, how it is most often written in the masked texts ("stopped working" for "not work")."""
    import numpy as np

    seen: dict[str, Counter[str]] = {k: Counter() for k in keys}
    wanted = {tuple(k.split()): k for k in keys}
    sizes = {len(w) for w in wanted}
    for i in np.flatnonzero(mask)[:SURFACE_SCAN]:
        for clause in clause_words(body[i]):
            ks = [k for k, _ in clause]
            for n in sizes:
                for j in range(len(ks) - n + 1):
                    key = wanted.get(tuple(ks[j : j + n]))
                    if key is not None:
                        seen[key][_written(body[i], [w for _, w in clause[j : j + n]])] += 1
    return seen


def _written(text: str, words: list[str]) -> str:
    """The words as written in one clause of the text, the shortest such span ("never arrived")."""
    low = html.unescape(text).lower().replace("’", "'")
    words = [w.replace("’", "'") for w in words]
    gap = r"[^\w.!?,;:]+(?:[\w']+[^\w.!?,;:]+){0,3}?"
    pattern = r"(?=(\b" + gap.join(re.escape(w) for w in words) + r"\b))"
    found = [m.group(1) for m in re.finditer(pattern, low)]
    return re.sub(r"\s+", " ", min(found, key=len)) if found else " ".join(words)


def _distinct(themes: list[Theme]) -> list[Theme]:
    """Drop a theme whose name repeats another's (typos, order) shown above it."""
    seen: set[str] = set()
    out = []
    for t in themes:
        if t.phrase.lower() not in seen:
            seen.add(t.phrase.lower())
            out.append(t)
    return out


# -- quotes --------------------------------------------------------------------------------------------
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\s*[\r\n]+\s*")


def theme_quotes(
    body: Sequence[str], comp: Any, mask: Any, keys: set[str], sign: int, n: int = 2
) -> tuple[str, ...]:
    """Typical quotes: this side's texts nearest the theme's median compound, each cut to its sentence
    naming the theme; a sentence leaning the other way (a praise sentence for a complaint) is never
    taken, nor one that repeats a quote already picked (typos aside)."""
    import numpy as np
    from rapidfuzz import fuzz

    idx = [int(i) for i in np.flatnonzero(mask)]
    if len(idx) == 0:
        return ()
    median = float(np.median(comp[idx]))
    order = sorted(idx, key=lambda k: (round(abs(comp[k] - median), 2), len(body[k]) > 400, len(body[k])))
    analyzer = _analyzer()
    picked: list[str] = []
    for k in order[:QUOTE_SCAN]:
        sentence = _sentence_naming(body[k], keys, lambda s: analyzer.polarity_scores(s)["compound"] * sign)
        if not sentence or any(fuzz.ratio(sentence.lower(), x.lower()) >= SAME_QUOTE for x in picked):
            continue
        picked.append(sentence)
        if len(picked) == n:
            break
    return tuple(picked)


def _sentence_naming(text: str, keys: set[str], lean: Callable[[str], float]) -> str:
    """The sentence of `text` holding one of `keys` that leans the side's way most (never one leaning
    the other way), trimmed; '' when there is none."""
    best, best_lean = "", -math.inf
    for sentence in _SENTENCE.split(html.unescape(text)):
        if not sentence or not sentence.strip() or not keys & set(phrase_keys(sentence)):
            continue
        how = lean(sentence)
        if how > -POSITIVE_AT and how > best_lean:
            best, best_lean = sentence.strip(), how
    return trim_quote(best) if best else ""


# -- topics and clauses (used by the summaries) ---------------------------------------------------------
_CLAUSE = re.compile(
    r"(?<=[.!?])\s+|\s*[\r\n;]+\s*|,?\s+\b(?:but|yet|although|though|however|whereas)\b,?\s+", re.I
)
"""Where a text splits into clauses: sentence ends, new lines, semicolons and contrasting conjunctions."""


def split_clauses(text: str) -> list[str]:
    """'Delivery was quick, but support was rude.' -> ['Delivery was quick', 'support was rude.']"""
    return [c.strip() for c in _CLAUSE.split(text) if c and c.strip()]


def trim_quote(text: str, words: Sequence[str] = (), limit: int = QUOTE_MAX_CHARS) -> str:
    """The sentence of `text` that mentions `words` (else the first), cut to `limit` characters."""
    sentences = [s.strip() for s in _SENTENCE.split(html.unescape(text)) if s and s.strip()]
    if not sentences:
        return ""
    pick = sentences[0]
    for s in sentences:
        low = s.lower()
        if all(w.lower() in low for w in words):
            pick = s
            break
    if len(pick) > limit:
        cut = pick[: limit - 1].rsplit(" ", 1)[0]
        pick = cut + "…"
    return pick
