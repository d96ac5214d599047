"""Skills are declared once (phrases, grains, report sections) and found through one explicit registry."""

from __future__ import annotations

import pytest

from assistant.health import SKILL_SECTIONS
from assistant.skills import REGISTRY
from catalog.answer import Answer
from catalog.skills import ReportSection, Skill, SkillRegistry, SkillRequest


def _noop(req: SkillRequest) -> Answer:
    return Answer(req.question, "answer", "")


def test_every_skill_is_registered_once_with_phrases_and_an_example() -> None:
    names = [s.name for s in REGISTRY]
    assert len(names) == len(set(names)) and len(names) >= 10
    for skill in REGISTRY:
        assert skill.phrases and all(p == p.lower() for p in skill.phrases), skill.name
        assert skill.example, skill.name


def test_repeated_names_are_refused() -> None:
    one = Skill("x", ("x",), _noop, lambda c: True)
    with pytest.raises(ValueError, match="repeat"):
        SkillRegistry([one, one])


def test_report_sections_come_from_the_skills_declarations() -> None:
    declared = {sec.key for skill in REGISTRY for sec in skill.sections}
    assert set(SKILL_SECTIONS) == declared
    # a section several skills answer tries them in registry order
    order = [s.name for s in REGISTRY]
    for spec in SKILL_SECTIONS.values():
        assert list(spec.names) == sorted(spec.names, key=order.index)


def test_sections_keep_the_first_declaration_and_every_skill() -> None:
    sec = ReportSection("s", "Heading", "question")
    a = Skill("a", ("a",), _noop, lambda c: True, sections=(sec,))
    b = Skill("b", ("b",), _noop, lambda c: True, sections=(ReportSection("s", "Other", "q2"),))
    assert SkillRegistry([a, b]).sections() == {"s": (sec, ("a", "b"))}


def test_a_failing_availability_check_hides_only_that_skill(catalog) -> None:
    def broken(c: object) -> bool:
        raise RuntimeError("odd data")

    ok = Skill("ok", ("ok",), _noop, lambda c: True, example="ok?")
    bad = Skill("bad", ("bad",), _noop, broken, example="bad?")
    registry = SkillRegistry([ok, bad])
    assert [s.name for s in registry.available(catalog)] == ["ok"]
    assert registry.examples(catalog) == ["ok?"]
