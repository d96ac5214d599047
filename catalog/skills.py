"""The skill contract: analytics and sentiment answers that the question engine dispatches to.

A skill is data: trigger phrases the engine matches in a question, the time grains it can break its
answer down by, the report sections it answers, plus a function that turns a SkillRequest (the rest of
the parsed question: filters, grouping, limit) into an Answer. Each skill package declares its skills
in one YAML file (`analytics/skills.yaml`, `sentiment/skills.yaml`: phrases as templates, description,
example, grains, sections) and names their functions in one table beside it; `declared_skills` joins
the two into the package's `SKILLS`, and `assistant.skills.REGISTRY` names those tables explicitly (no
discovery by name). The engine never imports scikit-learn or vaderSentiment itself; skill modules
import them lazily.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from sqlglot import exp

    from catalog.answer import Answer
    from catalog.database import Catalog


@dataclass(frozen=True)
class SkillRequest:
    """What the engine understood around a skill's trigger phrase."""

    question: str
    catalog: Catalog
    as_of: dt.date
    """"Today" for relative time (the --as-of date, or the real today)."""
    table: str | None = None
    """The table the filters apply to (usually the customers table), if any filter was found."""
    where: exp.Expr | None = None
    """A sqlglot condition over `table` (filters mentioned in the question), or None."""
    where_text: str = ""
    """The same filters in English, for the interpretation ("Contract is Month-to-month")."""
    by: tuple[str, ...] = ()
    """Qualified columns ("customers.plan") the question asks to break the result down by."""
    limit: int | None = None
    """"top 10" -> 10."""
    topic: str = ""
    """Free words the skill may use as a subject ("delivery" in "feedback about delivery")."""


@dataclass(frozen=True)
class ReportSection:
    """A section of `cra report` that a skill answers."""

    key: str
    """The section's name in the report kinds ("at_risk", "segments")."""
    heading: str
    question: str
    """The question the section asks the skill (its SkillRequest.question)."""
    limit: int | None = None
    """Rows asked for (SkillRequest.limit), e.g. the 20 customers most at risk."""
    hide: tuple[str, ...] = ()
    """Columns left out of the report's table because the page says them already."""
    extras: tuple[str, ...] = ()
    """Side tables of the answer worth showing in a report."""


@dataclass(frozen=True)
class Skill:
    """One analytics or sentiment capability that questions can reach."""

    name: str
    phrases: tuple[str, ...]
    """Lower-case trigger phrases ("likely to churn", "at risk of churning", "what drives churn")."""
    run: Callable[[SkillRequest], Answer]
    available: Callable[[Catalog], bool]
    """Whether this data has what the skill needs (a churn flag, transactions, a text column...)."""
    description: str = ""
    """One line for /help and suggestions."""
    example: str = ""
    """An example question that reaches this skill."""
    takes_topic: bool = False
    """Whether leftover words become SkillRequest.topic instead of making the question unclear."""
    compares_periods: bool = False
    """Whether the skill answers a comparison of two periods ("this quarter vs last") itself; for the
    others such a question is declined, never answered over all dates."""

    grains: tuple[str, ...] = ()
    """Time grains the skill can break its answer down by ("" = over time); empty: none."""
    sections: tuple[ReportSection, ...] = ()
    """Report sections this skill answers (several skills may answer one key: the first available)."""


class SkillRegistry:
    """The skills a build of cra has, in the order they are tried (an explicit list, see assistant.skills)."""

    def __init__(self, skills: Iterable[Skill]) -> None:
        self._skills = tuple(skills)
        names = [s.name for s in self._skills]
        if len(set(names)) != len(names):
            raise ValueError(f"skill names repeat: {sorted(n for n in names if names.count(n) > 1)}")

    def __iter__(self) -> Iterator[Skill]:
        return iter(self._skills)

    def __len__(self) -> int:
        return len(self._skills)

    def named(self, name: str) -> Skill | None:
        return next((s for s in self._skills if s.name == name), None)

    def available(self, catalog: Catalog) -> list[Skill]:
        """The skills this data has what they need for (a skill that cannot say is left out)."""
        return [s for s in self._skills if _available(s, catalog)]

    def examples(self, catalog: Catalog) -> list[str]:
        """Example questions of the available skills, for /help and suggestions."""
        return [s.example for s in self.available(catalog) if s.example]

    def sections(self) -> dict[str, tuple[ReportSection, tuple[str, ...]]]:
        """Report section key -> (its declaration, the names of the skills answering it, best first)."""
        out: dict[str, tuple[ReportSection, tuple[str, ...]]] = {}
        for skill in self._skills:
            for section in skill.sections:
                first, names = out.get(section.key, (section, ()))
                out[section.key] = (first, (*names, skill.name))
        return out


def _available(skill: Skill, catalog: Catalog) -> bool:
    try:
        return bool(skill.available(catalog))
    except Exception:  # a skill whose check fails on odd data is simply not offered
        return False


# ------------------------------------------------------------------------------------- declarations
SKILL_FIELDS = ("phrases", "description", "example", "takes_topic", "compares_periods", "grains", "sections")
"""What a skill's YAML entry may say (its functions are named in code, by the skill's name)."""
SECTION_FIELDS = ("key", "heading", "question", "limit", "hide", "extras")

Functions = tuple[Callable[["SkillRequest"], "Answer"], Callable[["Catalog"], bool]]
"""A skill's (run, available)."""


def declared_skills(path: Path, functions: Mapping[str, Functions]) -> list[Skill]:
    """The skills a YAML file declares, in its order, each with its (run, available) from `functions`.

    Every declared skill must have functions and every function pair a declaration: a skill added in
    one place only fails here, at import, not silently at a question."""
    declared: dict[str, dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    missing, unused = set(declared) - set(functions), set(functions) - set(declared)
    if missing or unused:
        raise ValueError(
            f"{path.name}: skills without functions {sorted(missing)}, functions without a skill {sorted(unused)}"
        )
    return [_skill(name, entry, functions[name], path) for name, entry in declared.items()]


def _skill(name: str, entry: dict[str, Any], functions: Functions, path: Path) -> Skill:
    unknown = set(entry) - set(SKILL_FIELDS)
    if unknown:
        raise ValueError(f"{path.name}: {name} has unknown fields {sorted(unknown)}")
    phrases = tuple(dict.fromkeys(p for template in entry.get("phrases", ()) for p in expand(str(template))))
    sections = tuple(_section(name, s, path) for s in entry.get("sections", ()))
    return Skill(
        name,
        phrases,
        functions[0],
        functions[1],
        description=entry.get("description", ""),
        example=entry.get("example", ""),
        takes_topic=bool(entry.get("takes_topic", False)),
        compares_periods=bool(entry.get("compares_periods", False)),
        grains=tuple("" if g == "overall" else str(g) for g in entry.get("grains", ())),
        sections=sections,
    )


def _section(name: str, entry: dict[str, Any], path: Path) -> ReportSection:
    unknown = set(entry) - set(SECTION_FIELDS)
    if unknown:
        raise ValueError(f"{path.name}: a section of {name} has unknown fields {sorted(unknown)}")
    return ReportSection(
        entry["key"],
        entry["heading"],
        entry["question"],
        limit=entry.get("limit"),
        hide=tuple(entry.get("hide", ())),
        extras=tuple(entry.get("extras", ())),
    )


def expand(template: str) -> list[str]:
    """Every phrase a template allows (hassil's syntax): `(a|b)` one of, `[a|b]` one of or nothing.

    >>> expand("(summarize|summary of) [the] feedback")
    ['summarize the feedback', 'summarize feedback', 'summary of the feedback', 'summary of feedback']
    """
    alternatives, end = _alternatives(template, 0, "")
    if end != len(template):
        raise ValueError(f"unbalanced brackets in {template!r}")
    return list(dict.fromkeys(" ".join(p.split()) for p in alternatives))


def _alternatives(text: str, i: int, close: str) -> tuple[list[str], int]:
    """The phrases of `a|b|...` from position i up to `close` (or the end): (phrases, position after)."""
    out: list[str] = []
    current = [""]
    while i < len(text) and text[i] != close:
        ch = text[i]
        if ch == "|":
            out += current
            current, i = [""], i + 1
        elif ch in "([":
            inner, i = _alternatives(text, i + 1, ")" if ch == "(" else "]")
            if i >= len(text):
                raise ValueError(f"unbalanced brackets in {text!r}")
            inner = inner + [""] if ch == "[" else inner
            current = [a + " " + b + " " for a in current for b in inner]
            i += 1
        elif ch in ")]":
            raise ValueError(f"unbalanced brackets in {text!r}")
        else:
            current = [a + ch for a in current]
            i += 1
    return out + current, i
