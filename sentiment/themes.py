"""Themes of feedback: the subjects people praise and complain about, each with typical quotes.

A theme is named by a subject (noun-like phrase of 1-3 adjacent words such as "delivery", "customer
support", "sound quality"): words that carry sentiment (VADER's lexicon), stop words, generic verbs,
adverbs and time words never appear in a name (see `sentiment.theme_words`); plural and singular forms
count as one subject. A subject is a praise (complaint) theme when the texts mentioning it are positive
(negative) clearly more often than texts in general; subjects contained in one another, or mostly found
in the same texts, are merged into one theme, named by the longest phrase that keeps most mentions.
What a text says about a subject is the score of its clauses naming it ("delivery was quick, but support
was rude" praises delivery and criticises support). Themes are ranked by how many texts of their side
mention them, and count both sides (`positive`, `negative`), so a subject praised by some and criticised
by others shows as such.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sentiment.score import NEGATIVE_AT, POSITIVE_AT
from sentiment.theme_words import MISSPELLINGS, WEAK_ALONE, names_a_subject


@dataclass(frozen=True)
class ThemeRule:
    """How one side (praise or complaints) picks its texts and phrases."""

    side: str
    sign: int
    """+1: texts with compound >= 0.05; -1: texts with compound <= -0.05."""
    margin: float = 0.15
    """Phrase kept when P(side | phrase) >= base + margin * (1 - base), base = P(side) over all mentions of
    all phrases (a text naming a phrase is one mention); P(side | phrase) is taken at the lower end of its
    Wilson interval, so a few texts are not enough to call a subject clearly praised or criticised. A phrase
    all of whose mentions are on the side is always kept (when all texts are, nothing could be clearer)."""


RULES = {
    "praise": ThemeRule("praise", +1),
    "complaints": ThemeRule("complaints", -1),
}
CONFIDENCE_Z = 1.28
"""Width of the Wilson interval on a phrase's share of side texts: 1.28 standard errors (one-sided 90%)."""
MAX_WORDS = 3
"""Longest theme name, in words."""
MAX_CANDIDATES = 150
"""Only the most frequent candidate phrases of a side are merged into themes."""
MIN_SHARE = 0.003
"""A phrase must occur in at least this share of the texts (and at least `min_count` texts)."""
_NOT = re.compile(r"n['’]t\b", re.I)
_WORD = re.compile(r"[^\W\d_]+")
_MID_SENTENCE = re.compile(r"(?:(?<=\w )|(?<=[,;:] ))([^\W\d_]+)")
CAPITAL_SHARE = 0.8
"""A word written with a capital in this share of its uses inside sentences is shown so: "UI", "CRM",
"Maria", "YouTube" (a sentence's first word says nothing)."""
DOC_OVERLAP = 0.8
"""Two phrases found together in this share of the rarer one's texts are one theme."""
MIN_SHARED = 3
"""...and in at least this many texts (two texts together say little)."""
EXTEND_SHARE = 0.6
"""A longer phrase names the theme when it keeps at least this share of the shorter phrase's texts."""
QUOTE_MAX_CHARS = 180
QUOTE_SCAN = 200
"""Texts nearest the median looked at for quotes (most themes stop after a few)."""
SAME_QUOTE = 90
"""Two quotes this similar (rapidfuzz ratio, 0-100) are one quote said twice (typos aside)."""


@dataclass(frozen=True)
class Theme:
    """One theme: a subject and what the texts that mention it say."""

    phrase: str
    count: int
    """Texts on this side about the theme: `positive` for praise, `negative` for complaints."""
    mentions: int
    """All texts that mention the theme."""
    mean_compound: float
    """Mean, over the texts that mention the theme, of the VADER compound of their clauses naming it."""
    quotes: tuple[str, ...]
    """Two typical (not extreme) quotes, trimmed to the sentence that mentions the theme."""
    members: tuple[str, ...] = ()
    """The phrases merged into this theme."""
    positive: int = 0
    """Texts whose clauses naming the theme are positive (score >= 0.05 on average)."""
    negative: int = 0
    """Texts whose clauses naming the theme are negative (score <= -0.05 on average)."""

    def as_row(self) -> dict[str, Any]:
        return {
            "theme": self.phrase,
            "count": self.count,
            "mentions": self.mentions,
            "positive": self.positive,
            "negative": self.negative,
            "mean_compound": round(self.mean_compound, 4),
            "quotes": list(self.quotes),
        }


def subject_words(text: str) -> list[list[str]]:
    """Runs of adjacent words that may name a subject, misspellings fixed, lower case.

    >>> subject_words("The customer support team wasn't great; delivery was LATE.")
    [['customer', 'support', 'team'], ['delivery']]
    """
    runs: list[list[str]] = []
    run: list[str] = []
    for raw in _WORD.findall(_NOT.sub(" not", html.unescape(text).lower())):
        word = MISSPELLINGS.get(raw, raw)
        if _subject(word):
            run.append(word)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


def singular(word: str) -> str:
    """'features' -> 'feature', 'batteries' -> 'battery'; 'glass', 'status', 'news' stay... mostly."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def extract_themes(
    texts: Sequence[str], compounds: Sequence[float], *, top: int = 8, min_count: int = 2
) -> dict[str, list[Theme]]:
    """{"praise": [...], "complaints": [...]}: the top themes of each side (texts and scores aligned).

    A text is positive (negative) about a subject when the clauses naming it score >= 0.05 (<= -0.05) on
    average: "delivery was quick, but support never answered" praises delivery and criticises support.
    A text of one clause keeps its own score from `compounds`.
    """
    import numpy as np

    docs = [(t, c) for t, c in zip(texts, compounds, strict=True) if t and t.strip()]
    empty: dict[str, list[Theme]] = {side: [] for side in RULES}
    if len(docs) < 3:
        return empty
    body = [html.unescape(t) for t, _ in docs]
    comp = np.array([c for _, c in docs], dtype=float)
    clauses, owner, clause_comp = _clauses(body, comp)
    matrix, vocab, surface = _vectorize(clauses, max(min_count, int(MIN_SHARE * len(body))))
    if matrix is None:
        return empty
    about = _About(matrix, owner, clause_comp, len(body))
    mentions = about.count(about.has)
    out: dict[str, list[Theme]] = {}
    for side, rule in RULES.items():
        side_matrix = about.positive if rule.sign > 0 else about.negative
        base = side_matrix.nnz / max(about.has.nnz, 1)  # the side's share of all subject mentions
        side_counts = about.count(side_matrix)
        share = wilson_lower(side_counts, mentions, CONFIDENCE_Z)
        clear = (share >= base + rule.margin * (1 - base)) | (side_counts == mentions)
        keep = (side_counts >= min_count) & clear
        cand = [int(i) for i in np.flatnonzero(keep)]
        cand.sort(key=lambda i: (-side_counts[i], -len(vocab[i].split()), vocab[i]))
        cand = cand[:MAX_CANDIDATES]
        if not cand:
            out[side] = []
            continue
        sub = side_matrix[:, cand]
        groups = _merge(cand, vocab, side_counts, (sub.T @ sub).toarray())
        groups = [(_extend(name, vocab, side_counts), members) for name, members in groups]
        themes = []
        for name, members in groups:
            has, score = about.group(members)
            pos, neg = has & (score >= POSITIVE_AT), has & (score <= NEGATIVE_AT)
            names = [surface[vocab[m]] for m in dict.fromkeys([name, *members])]
            on_side = pos if rule.sign > 0 else neg
            themes.append(
                Theme(
                    names[0],
                    int(on_side.sum()),
                    int(has.sum()),
                    float(score[has].mean()),
                    _quotes(body, score, on_side, names, rule.sign),
                    tuple(names),
                    int(pos.sum()),
                    int(neg.sum()),
                )
            )
        themes.sort(key=lambda t: (-t.count, t.phrase))
        out[side] = themes[:top]
    return out


_CLAUSE = re.compile(
    r"(?<=[.!?])\s+|\s*[\r\n;]+\s*|,?\s+\b(?:but|yet|although|though|however|whereas)\b,?\s+", re.I
)
"""Where a text splits into clauses: sentence ends, new lines, semicolons and contrasting conjunctions."""


def split_clauses(text: str) -> list[str]:
    """'Delivery was quick, but support was rude.' -> ['Delivery was quick', 'support was rude.']"""
    return [c.strip() for c in _CLAUSE.split(text) if c and c.strip()]


def _clauses(body: list[str], comp: Any) -> tuple[list[str], Any, Any]:
    """Every clause of every text, the text it belongs to, and its VADER compound (a text of one clause
    keeps its own score; clauses are scored by the default scorer, cached and parallel)."""
    import numpy as np

    split = [split_clauses(text) for text in body]
    fresh = list(dict.fromkeys(part for parts in split if len(parts) > 1 for part in parts))
    known = dict(zip(fresh, (s.compound for s in _score(fresh)), strict=True))
    clauses: list[str] = []
    owner: list[int] = []
    scores: list[float] = []
    for k, (text, parts) in enumerate(zip(body, split, strict=True)):
        if len(parts) <= 1:
            clauses.append(text)
            owner.append(k)
            scores.append(float(comp[k]))
            continue
        clauses += parts
        owner += [k] * len(parts)
        scores += [known[part] for part in parts]
    return clauses, np.array(owner, dtype=int), np.array(scores, dtype=float)


def _score(texts: list[str]) -> list[Any]:
    from sentiment.score import default_scorer

    return default_scorer().score(texts)


def topic_clauses(
    texts: Sequence[str], compounds: Sequence[float], words: Sequence[str]
) -> tuple[list[str], list[float]]:
    """Per text, its clauses naming any of `words` (joined by '; ') and their mean VADER compound: what
    the text says about a topic ("delivery was late, but support was great" says "delivery was late").
    A text of one clause keeps its own score; a text naming none of the words becomes ''."""
    low = [w.lower() for w in words]
    out_texts: list[str] = []
    out_scores: list[float] = []
    for text, c in zip(texts, compounds, strict=True):
        body = html.unescape(text or "")
        parts = split_clauses(body)
        if len(parts) <= 1:
            named = any(w in body.lower() for w in low)
            out_texts.append(body if named else "")
            out_scores.append(float(c) if named else 0.0)
            continue
        picked = [p for p in parts if any(w in p.lower() for w in low)]
        scores = [x.compound for x in _score(picked)]
        out_texts.append("; ".join(picked))
        out_scores.append(sum(scores) / len(scores) if scores else 0.0)
    return out_texts, out_scores


class _About:
    """Per text and subject phrase: whether the text names it, and the mean score of the clauses that do."""

    def __init__(self, matrix: Any, owner: Any, clause_comp: Any, n_texts: int) -> None:
        import numpy as np
        from scipy import sparse

        to_text = sparse.csr_matrix(
            (np.ones(len(owner)), (owner, np.arange(len(owner)))), shape=(n_texts, len(owner))
        )
        # scores shifted to 1..3 so that sums never cancel out and both products share one sparsity
        self._n = (to_text @ matrix).tocsc()
        self._s = (to_text @ sparse.diags(clause_comp + 2.0) @ matrix).tocsc()
        self._n.sort_indices()
        self._s.sort_indices()
        mean = self._s.data / self._n.data - 2.0
        self.has = self._with(np.ones_like(mean))
        self.positive = self._with((mean >= POSITIVE_AT).astype(float))
        self.negative = self._with((mean <= NEGATIVE_AT).astype(float))

    def _with(self, data: Any) -> Any:
        out = self._n.copy()
        out.data = data
        out.eliminate_zeros()
        return out

    @staticmethod
    def count(m: Any) -> Any:
        import numpy as np

        return np.asarray(m.sum(axis=0)).ravel()

    def group(self, members: list[int]) -> tuple[Any, Any]:
        """Texts naming any member, and their mean clause score about the group (nan elsewhere)."""
        import numpy as np

        n = np.asarray(self._n[:, members].sum(axis=1)).ravel()
        s = np.asarray(self._s[:, members].sum(axis=1)).ravel()
        has = n > 0
        score = np.full(len(n), np.nan)
        score[has] = s[has] / n[has] - 2.0
        return has, score


def wilson_lower(k: Any, n: Any, z: float) -> Any:
    """Lower end of the Wilson score interval of k successes in n trials (0 where n is 0).

    >>> round(float(wilson_lower(8, 10, 1.0)), 4)
    0.6491
    """
    import numpy as np

    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    safe = np.maximum(n, 1)
    p = k / safe
    centre = p + z * z / (2 * safe)
    spread = z * np.sqrt(p * (1 - p) / safe + z * z / (4 * safe * safe))
    return np.where(n > 0, (centre - spread) / (1 + z * z / safe), 0.0)


_SUBJECT: dict[str, bool] = {}


def _subject(word: str) -> bool:
    known = _SUBJECT.get(word)
    if known is None:
        known = _SUBJECT[word] = names_a_subject(word)
    return known


def _vectorize(body: list[str], min_count: int) -> tuple[Any, list[str], dict[str, str]]:
    """Binary text x subject-phrase matrix; keys are singular ("feature"), `surface` maps a key to its
    words in the form most often written ("features")."""
    import warnings
    from collections import defaultdict

    from sklearn.feature_extraction.text import CountVectorizer

    written: Counter[str] = Counter()
    capitals: Counter[str] = Counter()  # capitalized spellings inside sentences ("YouTube")
    inside: Counter[str] = Counter()  # uses inside sentences, lower case
    key_of: dict[str, str] = {}

    def analyze(text: str) -> list[str]:
        grams = []
        for word in _MID_SENTENCE.findall(text):
            inside[word.lower()] += 1
            if word[0].isupper():
                capitals[word] += 1
        for run in subject_words(text):
            written.update(run)
            keys = [key_of.get(w) or key_of.setdefault(w, singular(w)) for w in run]
            for n in range(1, MAX_WORDS + 1):
                for k in range(len(run) - n + 1):
                    if n == 1 and run[k] in WEAK_ALONE:
                        continue
                    grams.append(" ".join(keys[k : k + n]))
        return grams

    vec = CountVectorizer(analyzer=analyze, binary=True, min_df=min(min_count, len(body)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matrix = vec.fit_transform(body).tocsc()
    except ValueError:  # empty vocabulary
        return None, [], {}
    forms: dict[str, list[str]] = defaultdict(list)
    for word, key in key_of.items():
        forms[key].append(word)
    best = {key: max(words, key=lambda w: (written[w], w)) for key, words in forms.items()}
    spelled: dict[str, Counter[str]] = defaultdict(Counter)
    for form, n in capitals.items():
        spelled[form.lower()][form] += n
    for key, word in best.items():
        caps = spelled.get(word)
        if caps and sum(caps.values()) >= max(2, CAPITAL_SHARE * inside[word]):
            best[key] = caps.most_common(1)[0][0]
    vocab = list(vec.get_feature_names_out())
    return matrix, vocab, {key: " ".join(best[w] for w in key.split()) for key in vocab}


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
            same_texts = co[a, g] >= max(MIN_SHARED, DOC_OVERLAP * min(co[a, a], co[g, g]))
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
        if len(longer) > len(vocab[best].split()) and _contains(longer, words):
            best = int(j)
    return best


def _contains(a: list[str], b: list[str]) -> bool:
    """Whether one word sequence occurs contiguously inside the other."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    n = len(short)
    return any(long_[k : k + n] == short for k in range(len(long_) - n + 1))


def _quotes(
    body: list[str], comp: Any, mask: Any, names: list[str], sign: int, n: int = 2
) -> tuple[str, ...]:
    """Typical quotes: texts nearest the median score of the theme's side, shortest first on ties, each
    trimmed to a sentence naming the theme (one leaning the side's way when there is one); such leaning
    sentences come first, and a quote that repeats one already picked (typos aside) is skipped."""
    import numpy as np
    from rapidfuzz import fuzz

    from sentiment.score import _analyzer

    idx = np.flatnonzero(mask)
    if len(idx) == 0:
        return ()
    median = float(np.median(comp[idx]))
    order = sorted(idx, key=lambda k: (round(abs(comp[k] - median), 2), len(body[k]) > 400, len(body[k])))
    analyzer = _analyzer()

    def leans(sentence: str) -> bool:
        return bool(analyzer.polarity_scores(sentence)["compound"] * sign >= POSITIVE_AT)

    ranked: list[list[str]] = [[], [], []]  # leaning the side's way, other, not naming the theme
    for k in order[:QUOTE_SCAN]:
        q, rank = _sentence_naming(body[k], names, leans)
        picked = [x for group in ranked for x in group]
        if not q or any(fuzz.ratio(q.lower(), x.lower()) >= SAME_QUOTE for x in picked):
            continue
        ranked[rank].append(q)
        if len(ranked[0]) == n:
            break
    return tuple((ranked[0] + ranked[1] + ranked[2])[:n])


def _sentence_naming(text: str, names: list[str], leans: Callable[[str], bool]) -> tuple[str, int]:
    """A trimmed sentence of `text` naming one of the theme's phrases, and its rank: 0 when it leans the
    side's way, 1 when it names the theme only, 2 when no sentence names it (the first sentence)."""
    sentences = [x.strip() for x in _SENTENCE.split(html.unescape(text)) if x and x.strip()]
    naming = [
        x for x in sentences if any(all(w in x.lower() for w in name.lower().split()) for name in names)
    ]
    for sentence in naming:
        if leans(sentence):
            return trim_quote(sentence), 0
    return (trim_quote(naming[0]), 1) if naming else (trim_quote(text), 2)


_SENTENCE = re.compile(r"(?<=[.!?])\s+|\s*[\r\n]+\s*")


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
