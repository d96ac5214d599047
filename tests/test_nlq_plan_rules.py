"""Planning as named rules (nlq.finish.RULES): each rule's decision checked on its own, table-driven."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from catalog import Catalog
from nlq import finish as planning
from nlq.finish import RULES, Plan
from nlq.lexicon import Lexicon
from nlq.recognize import read
from nlq.schema import build_schema
from nlq.text import tokens

TODAY = dt.date(2025, 1, 1)
CSV = """id,plan,region,monthly_fee,churned
1,Basic,North,20.5,true
2,Pro,North,50.0,false
3,Pro,South,55.0,false
4,Enterprise,South,210.0,false
"""


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Lexicon]:
    folder: Path = tmp_path_factory.mktemp("rules")
    (folder / "customers.csv").write_text(CSV)
    schema = build_schema(Catalog.load([str(folder / "customers.csv")]))
    return schema, Lexicon(schema)


def plan_until(parts: tuple[Any, Lexicon], question: str, last: Callable[[Plan], None]) -> Plan:
    """The plan after the rules up to and including `last`."""
    schema, lexicon = parts
    slots, unused = read(schema, lexicon.match(tokens(question), TODAY))
    assert not unused, unused
    p = Plan(schema, slots, TODAY)
    for rule in RULES:
        rule(p)
        if rule is last:
            return p
    raise AssertionError(f"{last.__name__} is not a planning rule")


CASES: list[tuple[str, Callable[[Plan], None], Callable[[Plan], Any], Any]] = [
    # the rate measures the flag beside the rate word
    (
        "churn rate by plan",
        planning._rate_target,
        lambda p: [c.column for c in p.rate_cond],
        ["customers.churned"],
    ),
    # the rate measures the value when the flag only qualifies the rows
    (
        "share of churned customers in the North region",
        planning._rate_target,
        lambda p: [(c.column, c.value) for c in p.rate_cond],
        [("customers.region", "North")],
    ),
    # a flag that is not rated is a filter
    (
        "average monthly fee of churned customers",
        planning._conditions,
        lambda p: [f.column for f in p.filters],
        ["customers.churned"],
    ),
    # counts by a column: the count is the figure
    ("customers by plan", planning._default_figure, lambda p: [m.agg for m in p.measures], ["count"]),
    # top N records by their own column: a list of rows ordered by it
    (
        "top 2 customers by monthly fee",
        planning._list_order,
        lambda p: (p.kind, p.order_by, p.order),
        ("list", "customers.monthly_fee", "desc"),
    ),
    # the record with the highest value of its own column: that row
    (
        "which customer has the highest monthly fee",
        planning._target_records,
        lambda p: (p.kind, p.order_by, p.order, p.limit),
        ("list", "customers.monthly_fee", "desc", 1),
    ),
    # "which plan has the most customers": the groups ordered by the count, one kept
    (
        "which plan has the most customers",
        planning._order_and_limit,
        lambda p: (p.order, p.limit),
        ("desc", 1),
    ),
    # the base table is the one the figure is about
    (
        "average monthly fee by region",
        planning._tables_and_joins,
        lambda p: (p.table, p.group),
        ("customers", ["customers.region"]),
    ),
]


@pytest.mark.parametrize(("question", "rule", "got", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_decides_its_part(parts, question: str, rule, got, expected) -> None:
    assert got(plan_until(parts, question, rule)) == expected


def test_rules_are_the_plan() -> None:
    """finish is exactly the rules in order (no step hidden outside the tuple)."""
    assert len(RULES) == len(set(RULES)) >= 15
    assert all(rule.__doc__ for rule in RULES)
