""" "How are we doing?": the overview card, i.e. the headline figures of `cra report` (customers,
revenue, churn rate, NPS, sentiment; the last full period against the one before)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.health import Context, Missing, headline
from catalog.answer import Answer
from catalog.skills import Functions, Skill, SkillRequest, declared_skills

if TYPE_CHECKING:
    from catalog import Catalog


def run(request: SkillRequest) -> Answer:
    """The report's headline figures as one answer card; filters and splits are asked about, never dropped."""
    if request.where is not None or request.by:
        return Answer(
            request.question,
            "clarify",
            "The overview covers all the data; for a part of it, ask for one figure, "
            "e.g. 'churn rate by region' or 'revenue in Europe'.",
        )
    catalog = request.catalog
    ctx = Context.create(catalog, catalog.as_of or request.as_of)
    try:
        answer = headline(ctx)
    except Missing as e:
        return Answer(request.question, "unsupported", f"I can't sum up this data: {e}.")
    return replace(
        answer,
        question=request.question,
        interpretation="The headline figures of the overview report (cra report). " + answer.interpretation,
        suggestions=(
            "what drives churn?",
            "which customers are most likely to churn?",
            "summarize the feedback",
        ),
    )


def available(catalog: Catalog) -> bool:
    return bool(catalog.model.tables)


FUNCTIONS: dict[str, Functions] = {"overview": (run, available)}
"""The overview's (run, available), by the name it has in skills.yaml (its phrases and example are there)."""

SKILLS: list[Skill] = declared_skills(Path(__file__).with_name("skills.yaml"), FUNCTIONS)
