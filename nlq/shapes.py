"""Question shapes as data: the readings each kind of mention can have, read from templates.yaml.

`shapes:` in nlq/grammar/templates.yaml maps a mention kind to an ordered list of steps. Each step
names a reading (a method of `nlq.recognize.Reader`) and may be guarded by a hassil-style pattern over
the mentions around the one being read; the reader tries the steps in order until one claims the
mention. Adding a shape is adding a step to the YAML.

Pattern syntax (over mentions, not characters):
  <kind>            the mention being read (exactly one per pattern, at the top level)
  {kind}            a mention with a sense of that kind; {kind:a|b} with one of those keys;
                    {unknown} a word nothing knows
  word              a mention whose text is that word (underscores stand for spaces: as_well_as)
  (x|y)             alternatives;  [x] optional;  ~ any number of filler (stop-only) mentions
Patterns are anchored at the mention read and need not reach either end of the question.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from nlq.grammar import raw_templates


class _Mention(Protocol):
    text: str

    @property
    def kinds(self) -> set[str]: ...

    def of(self, kind: str) -> Sequence[Any]: ...


@dataclass(frozen=True)
class Kind:
    """A mention with a sense of `kind` (and one of `keys`, when given)."""

    kind: str
    keys: frozenset[str] = frozenset()

    def fits(self, m: _Mention) -> bool:
        if self.kind == "unknown":
            return not m.kinds  # a word nothing knows
        return any(not self.keys or str(s.key) in self.keys for s in m.of(self.kind))


@dataclass(frozen=True)
class Word:
    """A mention whose text is this phrase."""

    text: str


@dataclass(frozen=True)
class Alt:
    """One of several sequences (an optional part has an empty one)."""

    options: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class Filler:
    """Any number of mentions that carry no meaning (stop words only)."""


@dataclass(frozen=True)
class Anchor:
    """The mention being read."""

    kind: Kind


@dataclass(frozen=True)
class Pattern:
    """A parsed shape: what must come before and after the mention being read."""

    text: str
    anchor: Kind
    before: tuple[Any, ...]
    after: tuple[Any, ...]

    def matches(self, mentions: Sequence[_Mention], k: int) -> bool:
        """Whether the mentions around index k have this shape."""
        if not self.anchor.fits(mentions[k]):
            return False
        if not any(True for _ in _match(self.after, mentions, k + 1, 1)):
            return False
        return any(True for _ in _match(self.before[::-1], mentions, k - 1, -1))


def _match(items: Sequence[Any], ms: Sequence[_Mention], pos: int, step: int) -> Iterator[int]:
    """Positions after matching `items` from `pos` walking by `step` (+1 forward, -1 backward)."""
    if not items:
        yield pos
        return
    head, rest = items[0], items[1:]
    inside = 0 <= pos < len(ms)
    if isinstance(head, Kind):
        if inside and head.fits(ms[pos]):
            yield from _match(rest, ms, pos + step, step)
    elif isinstance(head, Word):
        if inside and ms[pos].text == head.text:
            yield from _match(rest, ms, pos + step, step)
    elif isinstance(head, Filler):
        j = pos
        while True:
            yield from _match(rest, ms, j, step)
            if not (0 <= j < len(ms) and ms[j].kinds == {"stop"}):
                return
            j += step
    elif isinstance(head, Alt):
        for option in head.options:
            seq = option if step > 0 else option[::-1]
            for end in _match(seq, ms, pos, step):
                yield from _match(rest, ms, end, step)


def _spec(text: str) -> Kind:
    kind, _, keys = text.partition(":")
    return Kind(kind.strip(), frozenset(k.strip() for k in keys.split("|") if k.strip()))


def parse(text: str) -> Pattern:
    """A shape pattern; raises ValueError on a malformed one."""
    items, i = _seq(text, 0, "")
    if i != len(text):
        raise ValueError(f"unbalanced shape: {text!r}")
    anchors = [n for n, x in enumerate(items) if isinstance(x, Anchor)]
    if len(anchors) != 1:
        raise ValueError(f"a shape needs one <kind> at its top level: {text!r}")
    a = anchors[0]
    return Pattern(text, items[a].kind, tuple(items[:a]), tuple(items[a + 1 :]))


def _seq(text: str, i: int, stops: str) -> tuple[list[Any], int]:
    items: list[Any] = []
    while i < len(text) and text[i] not in stops:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "([":
            options: list[tuple[Any, ...]] = []
            close = ")" if ch == "(" else "]"
            i += 1
            while True:
                seq, i = _seq(text, i, "|" + close)
                options.append(tuple(seq))
                if i >= len(text):
                    raise ValueError(f"unbalanced shape: {text!r}")
                i += 1
                if text[i - 1] == close:
                    break
            if ch == "[":
                options.append(())
            items.append(Alt(tuple(options)))
        elif ch in "{<":
            end = text.index("}" if ch == "{" else ">", i)
            spec = _spec(text[i + 1 : end])
            items.append(spec if ch == "{" else Anchor(spec))
            i = end + 1
        elif ch == "~":
            items.append(Filler())
            i += 1
        else:
            j = i
            while j < len(text) and not text[j].isspace() and text[j] not in "()[]{}<>|~":
                j += 1
            items.append(Word(text[i:j].replace("_", " ")))
            i = j
    return items, i


@dataclass(frozen=True)
class Step:
    """One reading of a mention: the Reader method `do`, tried when `shape` (if any) matches."""

    do: str
    shape: Pattern | None = None


@cache
def shapes() -> dict[str, tuple[Step, ...]]:
    """Mention kind -> its readings in the order they are tried (templates.yaml `shapes:`)."""
    out: dict[str, tuple[Step, ...]] = {}
    for kind, steps in raw_templates()["shapes"].items():
        out[kind] = tuple(
            Step(str(s["do"]), parse(str(s["shape"])) if s.get("shape") else None) for s in steps
        )
    return out
