"""Grammar data: word classes (words.yaml) and intent templates (templates.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from nlq.text import tokens

HERE = Path(__file__).resolve().parent

Phrase = tuple[str, ...]


def _phrases(items: list[Any]) -> list[Phrase]:
    out: list[Phrase] = []
    for item in items:
        if isinstance(item, bool):  # YAML reads a bare on/off/yes/no as a boolean: quote it
            raise ValueError(f'a grammar word read as {item}; quote it ("on", "no")')
        for part in str(item).split(","):
            toks = tuple(tokens(part)) if part.strip() != "=" else ("=",)
            if toks:
                out.append(toks)
    return out


@cache
def word_classes() -> dict[str, Any]:
    """kind -> list of phrases, or kind -> {key: list of phrases}; phrases as token tuples."""
    raw = yaml.safe_load((HERE / "words.yaml").read_text())
    out: dict[str, Any] = {}
    for kind, body in raw.items():
        if isinstance(body, dict):
            out[kind] = {str(k): _phrases(v) for k, v in body.items()}
        else:
            out[kind] = _phrases(body)
    return out


def word_set(kind: str) -> frozenset[str]:
    """A words.yaml class of single words (or phrases joined by spaces) as a set: word lists the engine
    tests membership in ("the kind words", "the verbs of spending")."""
    return frozenset(" ".join(p) for p in word_classes()[kind])


@cache
def raw_templates() -> dict[str, Any]:
    """templates.yaml as written: the intents and the `shapes:` the recognizer reads (nlq.shapes)."""
    return yaml.safe_load((HERE / "templates.yaml").read_text())


def templates() -> dict[str, Any]:
    """The intent templates (sentence shapes per intent), used by tests and suggestions."""
    return {name: body for name, body in raw_templates().items() if name != "shapes"}
