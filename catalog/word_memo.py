"""Remembered word facts: lemmas, inflections, frequencies and the morphology of schema words
(lemminflect, wordfreq) kept on disk, so a `cra ask` on known data builds its lexicon without loading
those libraries (about 1 s of their tables); a question that needs a new word still loads them.

One JSON file under the catalog cache folder, keyed by the library versions and the code that computes
the forms (a change to either starts a new file); written atomically once, at exit, when it grew.
A damaged file is ignored and rewritten.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import uuid
from collections.abc import Callable
from functools import wraps
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar, cast

from catalog.digests import folder

F = TypeVar("F", bound=Callable[..., Any])
CODE = (
    "catalog/word_memo.py",
    "catalog/english.py",
    "catalog/inflect.py",
    "nlq/morphology.py",
    "nlq/text.py",
    "nlq/grammar/words.yaml",
)
"""The files whose code the remembered forms depend on."""
MAX_WORDS = 20_000
"""Words remembered per function at most (question words add to it; the file stays small)."""

_memo: dict[str, dict[str, Any]] | None = None
_path: Path | None = None
_grown = False


def _key() -> str:
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for name in CODE:
        h.update((root / name).read_bytes())
    for lib in ("lemminflect", "wordfreq"):
        try:
            h.update(metadata.version(lib).encode())
        except metadata.PackageNotFoundError:
            h.update(b"-")
    return h.hexdigest()[:16]


def _load() -> dict[str, dict[str, Any]]:
    global _memo, _path
    if _memo is None:
        _memo = {}
        if not os.environ.get("CRA_NO_CACHE"):
            _path = folder() / f"word-forms-{_key()}.json"
            try:
                data = json.loads(_path.read_text(encoding="utf-8"))
                _memo = data if isinstance(data, dict) else {}
            except (OSError, ValueError):
                _memo = {}
    return _memo


def _save() -> None:
    if not _grown or _path is None or _memo is None:
        return
    try:
        _path.parent.mkdir(parents=True, exist_ok=True)
        tmp = _path.with_name(f"{_path.name}.{uuid.uuid4().hex}.tmp")
        tmp.write_text(json.dumps(_memo, sort_keys=True), encoding="utf-8")
        os.replace(tmp, _path)
        for old in _path.parent.glob("word-forms-*.json"):  # files of earlier code or library versions
            if old != _path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # an unwritable cache folder only costs the next run the libraries' load time


atexit.register(_save)


def remembered(fn: F) -> F:
    """Remember `fn(word)` across runs: a str, bool, number or None, a tuple/frozenset of str, or a
    dict of str -> tuple of str."""
    name = f"{fn.__module__}.{fn.__qualname__}"

    @wraps(fn)
    def wrapper(word: str) -> Any:
        global _grown
        table = _load().setdefault(name, {})
        if word in table:
            value = table[word]
            if isinstance(value, dict) and "set" in value:  # a frozenset
                return frozenset(value["set"])
            if isinstance(value, dict):  # {"dict": {key: [...]}}: a dict of tuples
                return {k: tuple(v) for k, v in value["dict"].items()}
            return tuple(value) if isinstance(value, list) else value
        value = fn(word)
        if len(table) >= MAX_WORDS:
            return value
        if isinstance(value, frozenset):
            table[word] = {"set": sorted(value)}
        elif isinstance(value, dict):
            table[word] = {"dict": {k: list(v) for k, v in value.items()}}
        else:
            table[word] = list(value) if isinstance(value, tuple) else value
        _grown = True
        return value

    return cast(F, wrapper)
