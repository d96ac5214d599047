"""Every sentence an intent template expands to is recognised as that intent (hassil-style)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.engine import Assistant
from catalog import Catalog
from nlq.grammar import templates

SLOTS = {
    "entity": "customers",
    "measure": "monthly fee",
    "dimension": "plan",
    "dimension2": "region",
    "flag": "churned",
    "value": "Pro",
    "number": "50",
}

CSV = """id,plan,region,monthly_fee,tenure,churned,signup_date
1,Basic,North,20.5,3,true,2023-01-05
2,Pro,North,50.0,14,false,2023-02-11
3,Pro,South,55.0,30,false,2023-07-19
4,Enterprise,South,210.0,40,false,2024-01-02
5,Basic,South,19.0,1,true,2024-03-30
6,Enterprise,North,199.0,22,true,2024-04-15
"""


def expand(template: str) -> list[str]:
    """All sentences of a template: (a|b) alternatives, [x] optional parts (nesting allowed)."""
    out: list[str] = [""]
    i = 0
    while i < len(template):
        ch = template[i]
        if ch in "([":
            depth, j = 1, i + 1
            while depth:
                depth += template[j] in "(["
                depth -= template[j] in ")]"
                j += 1
            inner = template[i + 1 : j - 1]
            options = _split(inner)
            if ch == "[":
                options = [*options, ""]
            alternatives = [s for o in options for s in expand(o)]
            out = [a + b for a in out for b in alternatives]
            i = j
        else:
            out = [a + ch for a in out]
            i += 1
    return sorted({re.sub(r"\s+", " ", s).strip() for s in out})


def _split(text: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "|" and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += ch in "(["
        depth -= ch in ")]"
        cur += ch
    parts.append(cur)
    return parts


def test_expand_alternatives_and_optionals() -> None:
    assert expand("(how many|count) {entity} [are there]") == [
        "count {entity}",
        "count {entity} are there",
        "how many {entity}",
        "how many {entity} are there",
    ]
    assert expand("a [b (c|d)]") == ["a", "a b c", "a b d"]


def _cases() -> list[tuple[str, str, dict]]:
    cases = []
    for name, body in templates().items():
        for template in body["sentences"]:
            for sentence in expand(template):
                cases.append((name, sentence.format(**SLOTS), body["expect"]))
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    folder: Path = tmp_path_factory.mktemp("tpl")
    (folder / "customers.csv").write_text(CSV)
    return Assistant(Catalog.load([str(folder / "customers.csv")]), as_of=None)


def test_templates_expand_to_many_sentences() -> None:
    assert len(CASES) > 150
    assert len({c[1] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(("intent", "sentence", "expect"), CASES, ids=[c[1] for c in CASES])
def test_every_template_sentence_is_its_intent(
    assistant: Assistant, intent: str, sentence: str, expect: dict
) -> None:
    assistant.reset()
    plan = assistant.plan(sentence)
    assert plan.status == "answer", f"{sentence!r} -> {plan.status}: {plan.message}"
    got = plan.intent
    assert got is not None
    assert got.kind == expect["kind"], sentence
    if "agg" in expect:
        assert got.measures and got.measures[0].agg == expect["agg"], sentence
    if "grouped" in expect:
        assert bool(got.group_by) == expect["grouped"], sentence
    if "grain" in expect:
        assert (got.grain is not None) == expect["grain"], sentence
    if expect.get("filtered"):
        assert got.filters, sentence
    if expect.get("ordered"):
        assert got.order is not None and got.limit, sentence
    # and it runs
    answer = assistant.ask(sentence)
    assert answer.status == "answer", f"{sentence!r}: {answer.text}"
    assert answer.interpretation and answer.sql.upper().startswith("SELECT")
