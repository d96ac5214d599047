"""Skills are declared once (phrases, grains, report sections) and found through one explicit registry."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.sections import SKILL_SECTIONS
from assistant.skills import REGISTRY
from catalog.answer import Answer
from catalog.skills import ReportSection, Skill, SkillRegistry, SkillRequest, declared_skills, expand


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


@pytest.mark.parametrize(
    ("template", "phrases"),
    [
        ("churn rate", ["churn rate"]),
        ("(summarize|summary of) [the] feedback",
         ["summarize the feedback", "summarize feedback", "summary of the feedback", "summary of feedback"]),
        ("1 [and|to] 2 star (reviews|ratings)",
         ["1 and 2 star reviews", "1 and 2 star ratings", "1 to 2 star reviews", "1 to 2 star ratings",
          "1 2 star reviews", "1 2 star ratings"]),
        ("why do (customers|(our|the) clients) leave",
         ["why do customers leave", "why do our clients leave", "why do the clients leave"]),
    ],
)  # fmt: skip
def test_a_phrase_template_expands_to_every_phrase_it_allows(template: str, phrases: list[str]) -> None:
    assert expand(template) == phrases


@pytest.mark.parametrize("template", ["(a|b", "a]", "[a (b] c)"])
def test_an_unbalanced_template_is_refused(template: str) -> None:
    with pytest.raises(ValueError, match="unbalanced"):
        expand(template)


def test_declarations_and_functions_must_name_the_same_skills(tmp_path: Path) -> None:
    declared = tmp_path / "skills.yaml"
    declared.write_text(
        "one:\n  phrases: ['(first|1st) skill']\n  grains: [overall, month]\ntwo:\n  phrases: [two]\n"
    )
    both = {"one": (_noop, lambda c: True), "two": (_noop, lambda c: True)}
    one, two = declared_skills(declared, both)
    assert (one.name, one.phrases, one.grains) == ("one", ("first skill", "1st skill"), ("", "month"))
    assert two.phrases == ("two",)
    with pytest.raises(ValueError, match="without functions"):
        declared_skills(declared, {"one": both["one"]})
    with pytest.raises(ValueError, match="without a skill"):
        declared_skills(declared, {**both, "three": both["one"]})
    declared.write_text("one:\n  phrase: [typo]\n")
    with pytest.raises(ValueError, match="unknown fields"):
        declared_skills(declared, {"one": both["one"]})


def test_every_package_declares_its_skills_in_yaml() -> None:
    import analytics.skills
    import assistant.overview
    import sentiment.skills

    for package in (assistant.overview, analytics.skills, sentiment.skills):
        declared = yaml.safe_load(Path(package.__file__).with_name("skills.yaml").read_text())
        assert list(declared) == list(package.FUNCTIONS) == [s.name for s in package.SKILLS]
    assert [s.name for s in REGISTRY] == [
        *assistant.overview.FUNCTIONS,
        *analytics.skills.FUNCTIONS,
        *sentiment.skills.FUNCTIONS,
    ]


def test_the_segment_skill_has_a_phrase_for_every_segment_name() -> None:
    from analytics.customer_answers import SEGMENT_PHRASES

    members = REGISTRY.named("rfm_segment_members")
    assert members is not None and set(SEGMENT_PHRASES) <= set(members.phrases)
