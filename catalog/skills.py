"""Skills: analytics and sentiment answers that the question engine dispatches to.

A skill is data: trigger phrases the recognizer matches in a question, plus a function that turns a
SkillRequest (the rest of the parsed question: filters, grouping, limit) into an Answer. The engine
never imports scikit-learn or vaderSentiment itself; skill modules import them lazily.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
    where: exp.Expression | None = None
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


def all_skills() -> list[Skill]:
    """Every skill, analytics first; imports the skill modules (which import heavy libraries lazily)."""
    skills: list[Skill] = []
    for module in ("analytics.skills", "sentiment.skills"):
        try:
            mod = __import__(module, fromlist=["SKILLS"])
        except ImportError:
            continue
        skills.extend(getattr(mod, "SKILLS", []))
    return skills
