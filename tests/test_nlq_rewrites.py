"""The question rewrites table (nlq/grammar/rewrites.yaml): every rule rewrites its own example."""

from __future__ import annotations

import pytest

from nlq.rewrites import rewrite, rewrites
from nlq.text import normalize


@pytest.mark.parametrize("rule", rewrites(), ids=lambda r: r.example)
def test_each_rule_rewrites_its_example(rule) -> None:
    said = normalize(rule.example)
    assert rule.apply(said) != said, f"{rule.why!r} leaves its example alone"


@pytest.mark.parametrize(
    ("question", "reads"),
    [
        ("rank marital status groups by churn rate", "churn rate by marital status highest first"),
        ("which gender has the higher average salary", "which gender has the highest average salary"),
        ("customers who make more than 70000", "customers who earn more than 70000"),
        ("which income bracket is least likely to accept", "which income bracket is lowest rate accept"),
        ("what was the total amount spent there?", "what was the total amount spent of those?"),
    ],
)
def test_rewrites_read_as(question: str, reads: str) -> None:
    assert " ".join(rewrite(normalize(question)).split()) == reads


@pytest.mark.parametrize(
    "question",
    [
        "which customers are most likely to churn",  # records asked: each one's risk, never a rate
        "who is the lowest there",  # a ranking: "there" is no place asked before
        "were there any refunds",
        "rank",
    ],
)
def test_guarded_rules_leave_these_alone(question: str) -> None:
    said = normalize(question)
    assert rewrite(said) == said
