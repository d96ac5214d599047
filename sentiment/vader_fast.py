"""A faster VADER analyzer that gives bit-identical scores to vaderSentiment 3.3.2.

`polarity_scores` in vaderSentiment rebuilds the lower-cased word list several times for every lexicon
word (quadratic in the text length) and walks every character of every text looking for emoji. This
subclass lower-cases once, skips the emoji pass when a text holds no emoji, and otherwise performs the
very same arithmetic in the very same order, so every float comes out identical (tests compare them
against a plain `SentimentIntensityAnalyzer().polarity_scores` loop on thousands of varied texts).
"""

from __future__ import annotations

import string
from typing import Any

_PUNCT = string.punctuation


def make_analyzer() -> Any:
    """A `FastAnalyzer` (built lazily so importing this module does not import vaderSentiment)."""
    return _fast_class()()


_CLASS: Any = None


def _fast_class() -> Any:
    global _CLASS
    if _CLASS is not None:
        return _CLASS
    from vaderSentiment import vaderSentiment as vs

    booster = vs.BOOSTER_DICT
    special = vs.SPECIAL_CASES
    negate = frozenset(vs.NEGATE)
    c_incr = vs.C_INCR
    n_scalar = vs.N_SCALAR

    def strip_punc(token: str) -> str:
        stripped = token.strip(_PUNCT)
        return token if len(stripped) <= 2 else stripped

    def is_negated(word_lower: str) -> bool:
        return word_lower in negate or "n't" in word_lower

    def scalar_inc_dec(word: str, word_lower: str, valence: float, is_cap_diff: bool) -> float:
        scalar = 0.0
        if word_lower in booster:
            scalar = booster[word_lower]
            if valence < 0:
                scalar *= -1
            if word.isupper() and is_cap_diff:
                if valence > 0:
                    scalar += c_incr
                else:
                    scalar -= c_incr
        return scalar

    class FastAnalyzer(vs.SentimentIntensityAnalyzer):  # type: ignore[misc]  # vaderSentiment is untyped (Any base)
        """SentimentIntensityAnalyzer with the same scores, computed without the quadratic work."""

        def __init__(self) -> None:
            super().__init__()
            self._emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)

        def polarity_scores(self, text: str) -> dict[str, float]:
            if not self._emoji_chars.isdisjoint(text):
                text = self._replace_emoji(text)
            text = text.strip()
            words = [strip_punc(t) for t in text.split()]
            lower = list(map(str.lower, words))
            allcaps = sum(map(str.isupper, words))
            is_cap_diff = 0 < len(words) - allcaps < len(words)
            lexicon = self.lexicon
            sentiments: list[Any] = []
            last = len(words) - 1
            for i, item_lower in enumerate(lower):
                if item_lower in booster:
                    sentiments.append(0)
                    continue
                if i < last and item_lower == "kind" and lower[i + 1] == "of":
                    sentiments.append(0)
                    continue
                sentiments.append(self._valence(words, lower, i, is_cap_diff, lexicon))
            if "but" in lower:  # _but_check changes nothing without a 'but'
                sentiments = self._but_check(words, sentiments)
            return self.score_valence(sentiments, text)

        def _replace_emoji(self, text: str) -> str:
            out = ""
            prev_space = True
            for ch in text:
                if ch in self.emojis:
                    if not prev_space:
                        out += " "
                    out += self.emojis[ch]
                    prev_space = False
                else:
                    out += ch
                    prev_space = ch == " "
            return out

        @staticmethod
        def _valence(words: list[str], lower: list[str], i: int, is_cap_diff: bool, lexicon: dict) -> Any:
            item_lower = lower[i]
            if item_lower not in lexicon:
                return 0
            valence = lexicon[item_lower]
            if item_lower == "no" and i != len(words) - 1 and lower[i + 1] in lexicon:
                valence = 0.0
            if (
                (i > 0 and lower[i - 1] == "no")
                or (i > 1 and lower[i - 2] == "no")
                or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ["or", "nor"])
            ):
                valence = lexicon[item_lower] * n_scalar
            if words[i].isupper() and is_cap_diff:
                if valence > 0:
                    valence += c_incr
                else:
                    valence -= c_incr
            for start_i in range(0, 3):
                j = i - (start_i + 1)
                if i > start_i and lower[j] not in lexicon:
                    s = scalar_inc_dec(words[j], lower[j], valence, is_cap_diff)
                    if start_i == 1 and s != 0:
                        s = s * 0.95
                    if start_i == 2 and s != 0:
                        s = s * 0.9
                    valence = valence + s
                    valence = _negation(valence, lower, start_i, i)
                    if start_i == 2:
                        valence = _idioms(valence, lower, i)
            # _least_check
            if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
                if lower[i - 2] != "at" and lower[i - 2] != "very":
                    valence = valence * n_scalar
            elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
                valence = valence * n_scalar
            return valence

    def _negation(valence: float, lower: list[str], start_i: int, i: int) -> float:
        if start_i == 0 and is_negated(lower[i - 1]):
            valence = valence * n_scalar
        if start_i == 1:
            if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
                valence = valence * 1.25
            elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
                pass
            elif is_negated(lower[i - 2]):
                valence = valence * n_scalar
        if start_i == 2:
            if (
                lower[i - 3] == "never"
                and (lower[i - 2] == "so" or lower[i - 2] == "this")
                or (lower[i - 1] == "so" or lower[i - 1] == "this")
            ):
                valence = valence * 1.25
            elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
                pass
            elif is_negated(lower[i - 3]):
                valence = valence * n_scalar
        return valence

    def _idioms(valence: float, lower: list[str], i: int) -> float:
        w3, w2, w1, w0 = lower[i - 3], lower[i - 2], lower[i - 1], lower[i]
        onezero = f"{w1} {w0}"
        twoonezero = f"{w2} {w1} {w0}"
        twoone = f"{w2} {w1}"
        threetwoone = f"{w3} {w2} {w1}"
        threetwo = f"{w3} {w2}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in special:
                valence = special[seq]
                break
        n = len(lower)
        if n - 1 > i:
            zeroone = f"{w0} {lower[i + 1]}"
            if zeroone in special:
                valence = special[zeroone]
        if n - 1 > i + 1:
            zeroonetwo = f"{w0} {lower[i + 1]} {lower[i + 2]}"
            if zeroonetwo in special:
                valence = special[zeroonetwo]
        for n_gram in (threetwoone, threetwo, twoone):
            if n_gram in booster:
                valence = valence + booster[n_gram]
        return valence

    _CLASS = FastAnalyzer
    return _CLASS
