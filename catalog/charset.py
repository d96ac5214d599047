"""Which code page bytes that are not UTF-8 were written in, and decoding them without guessing silently.

UTF-8 is always tried first. Otherwise `charset-normalizer` ranks the code pages that decode a sample
cleanly; among those it finds equally plausible (it often ties cp1250, cp1252 and cp1257 on a few
accented letters), the most common one for data exports wins, by the order of `PREFERRED`.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable

PREFERRED = (
    "utf_8", "utf_16", "cp1252", "latin_1", "iso8859_15", "cp850", "cp437", "cp1250", "cp852", "cp1251",
    "cp866", "koi8_r", "cp1253", "cp1254", "cp1257", "cp932", "shift_jis", "euc_jp", "gb18030", "gbk",
    "big5", "cp949", "euc_kr",
)  # fmt: skip
"""Code pages in order of preference when the detector finds several equally plausible (Western first)."""
MAX_CHAOS = 0.5
"""The detector's 'mess' ratio above which a code page is not considered (its default, 0.2, rejects
short Polish or Czech samples in their own code page)."""
CHAOS_MARGIN = 0.02
"""Candidates at most this much messier than the best are ties, settled by `PREFERRED`. The detector's
language 'coherence' is not used: on a few accented names it is noise (cp850 text scores 0)."""
SAMPLE_MAX = 256 * 1024
"""Bytes of undecodable values (or text) handed to the detector."""


def canonical(name: str) -> str:
    """Python's canonical codec name ('Windows-1252' -> 'cp1252'); LookupError for an unknown encoding."""
    return codecs.lookup(name).name.replace("-", "_")


def shown(name: str) -> str:
    """How an encoding is named to a person: 'cp1252', 'utf-8', 'latin-1', 'shift_jis'."""
    return {"utf_8": "utf-8", "utf_16": "utf-16", "iso8859_1": "latin-1", "latin_1": "latin-1"}.get(
        canonical(name), canonical(name)
    )


def detect(sample: bytes) -> str | None:
    """The code page `sample` was most likely written in (a canonical codec name), or None if none fits."""
    from charset_normalizer import from_bytes  # lazy: only for text that is not UTF-8

    sample = sample[:SAMPLE_MAX]
    try:
        sample.decode("utf-8")
        return "utf_8"
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and _decodes(sample[: e.start], "utf_8"):
            return "utf_8"  # a character cut at the end of the sample
    matches = list(from_bytes(sample, threshold=MAX_CHAOS))
    if not matches:
        return None
    chaos = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= chaos + CHAOS_MARGIN]
    names = [canonical(n) for m in close for n in (m.encoding, *m.could_be_from_charset)]
    ranked = sorted(set(names), key=lambda n: PREFERRED.index(n) if n in PREFERRED else len(PREFERRED))
    for name in ranked:
        if _decodes(sample, name):
            return name
    return canonical(close[0].encoding)


def _decodes(sample: bytes, name: str) -> bool:
    try:
        sample.decode(name)
    except UnicodeDecodeError:
        return False
    return True


def detect_values(values: Iterable[bytes]) -> str | None:
    """The code page of a set of short values (SQLite TEXT that is not UTF-8): detected over them all."""
    parts: list[bytes] = []
    size = 0
    for v in values:
        parts.append(v)
        size += len(v) + 1
        if size >= SAMPLE_MAX:
            break
    return detect(b"\n".join(parts)) if parts else None


def non_ascii(data: bytes) -> int:
    """How many bytes of `data` are not ASCII."""
    return 0 if data.isascii() else len(data) - len(data.translate(None, HIGH_BYTES))


HIGH_BYTES = bytes(range(128, 256))
