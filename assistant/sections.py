"""The report's sections: the headline, trends and customer flow of `assistant.health`, and the sections
skills answer (as they declare them in their skills.yaml), assembled into one Document per report kind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial

from assistant.health import (
    AS_OF_WORDS,
    KINDS,
    TITLES,
    Context,
    Missing,
    attempt,
    customer_flow,
    first_line,
    headline,
    trends,
)
from assistant.remembered import run_skill
from assistant.report_render import Document, Section
from assistant.skills import REGISTRY
from catalog import Catalog
from catalog.answer import Answer
from catalog.skills import Skill, SkillRequest


# ---------------------------------------------------------------------------------------------------- skills
@dataclass(frozen=True)
class SkillSection:
    """A section answered by an analytics or sentiment skill, found by name."""

    heading: str
    question: str
    names: tuple[str, ...]
    """Skill names to try, best first; the first one present and available answers."""
    limit: int | None = None
    """Rows asked for (SkillRequest.limit), e.g. the 20 customers most at risk."""
    extras: tuple[str, ...] = ()
    """Side tables of the answer worth showing in a report."""
    hide: tuple[str, ...] = ()
    """Columns left out of the report's table because the page says them already (a sentence per row,
    a second quote); the chart's columns are always kept."""


SKILL_SECTIONS: dict[str, SkillSection] = {
    key: SkillSection(spec.heading, spec.question, names, spec.limit, spec.extras, spec.hide)
    for key, (spec, names) in REGISTRY.sections().items()
}
"""Sections answered by skills, as the skills declare them (catalog.skills.ReportSection)."""


def find_skill(names: Sequence[str], catalog: Catalog) -> tuple[Skill | None, str]:
    """The first skill named in `names` that is available on this data, or (None, why not)."""
    present = [s for s in (REGISTRY.named(n) for n in names) if s is not None]
    if not present:
        return None, "this version of cra has no such analysis"
    available = {s.name for s in REGISTRY.available(catalog)}
    for skill in present:
        if skill.name in available:
            return skill, ""
    return None, "the data lacks what it needs"


def _skill_section(spec: SkillSection) -> Callable[[Context], Section]:
    def build(ctx: Context) -> Section:
        try:
            skill, why = find_skill(spec.names, ctx.catalog)
            if skill is None:
                raise Missing(why)
            request = SkillRequest(
                question=spec.question, catalog=ctx.catalog, as_of=ctx.as_of, limit=spec.limit
            )
            answer = run_skill(skill, request)
        except Missing:
            raise
        except Exception as e:  # a failing analysis leaves its section out, never the whole report
            raise Missing(f"the analysis failed: {first_line(e)}") from e
        if answer.status != "answer":
            raise Missing(answer.text or answer.status)
        return Section(spec.heading, without_columns(answer, spec.hide), spec.extras)

    return build


def without_columns(answer: Answer, hide: Sequence[str]) -> Answer:
    """The answer with the columns named in `hide` dropped from its table (never those of its chart)."""
    keep_always = {answer.chart.x, *answer.chart.y} if answer.chart else set()
    keep = [i for i, c in enumerate(answer.columns) if c not in hide or c in keep_always]
    if len(keep) == len(answer.columns):
        return answer
    return replace(
        answer,
        columns=tuple(answer.columns[i] for i in keep),
        rows=tuple(tuple(row[i] for i in keep if i < len(row)) for row in answer.rows),
    )


def _plain(heading: str, build: Callable[[Context], Answer]) -> Callable[[Context], Section]:
    return lambda ctx: Section(heading, build(ctx))


SECTIONS: dict[str, tuple[str, Callable[[Context], Section]]] = {
    "headline": ("headline figures", _plain("Headline figures", headline)),
    "trends": ("trends by month", _plain("Trends by month", trends)),
    "customer_flow": (
        "customers won and lost by month",
        _plain("Customers won and lost by month", customer_flow),
    ),
    **{
        key: (spec.heading[0].lower() + spec.heading[1:], _skill_section(spec))
        for key, spec in SKILL_SECTIONS.items()
    },
}
"""Section name -> (words for the missing line, builder). A builder raises Missing when the data cannot
support its section."""


# ---------------------------------------------------------------------------------------------------- report
def build_report(catalog: Catalog, *, kind: str = "overview", as_of: dt.date | str | None = None) -> Document:
    """The report's sections as Answers; sections the data cannot support are named in `missing`."""
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}: use one of {', '.join(KINDS)}")
    ctx = Context.create(catalog, as_of)
    sections: list[Section] = []
    missing: list[str] = []
    for name in KINDS[kind]:
        words, build = SECTIONS[name]
        section = attempt(words, partial(build, ctx), missing)
        if section is not None:
            sections.append(section)
        missing.extend(ctx.left_out)
        ctx.left_out.clear()
    tables = ", ".join(f"{t.name} ({t.row_count:,} rows)" for t in catalog.model.tables.values())
    meta = [f"Data: {tables}." if tables else "No data loaded."]
    compared = f"; {ctx.period.label} is compared with {ctx.period.prev_label}" if ctx.compared else ""
    meta.append(f"As of {ctx.as_of.isoformat()}{AS_OF_WORDS[ctx.as_of_source]}{compared}.")
    line = f"Not in this report: {'; '.join(missing)}." if missing else ""
    return Document(TITLES[kind], tuple(sections), tuple(meta), line)
