"""Planning guards (nlq.guards): each named rule declines its own shape, table-driven on the bundled
samples; shapes next to them still answer."""

from __future__ import annotations

import datetime as dt

import pytest

from nlq.guards import GUARDS, Draft, check
from nlq.intent import Intent, Measure
from nlq.recognize import Decline
from nlq.timephrases import TimeRange

TODAY = dt.date(2025, 12, 31)


@pytest.fixture(scope="module")
def parts(catalog):  # -> (schema, lexicon)
    from nlq.lexicon import Lexicon
    from nlq.schema import build_schema

    schema = build_schema(catalog)
    return schema, Lexicon(schema)


def _plan(parts, question: str) -> Intent:
    from nlq.finish import finish
    from nlq.recognize import read
    from nlq.text import tokens

    schema, lexicon = parts
    slots, unused = read(schema, lexicon.match(tokens(question), TODAY))
    assert not unused, unused
    return finish(schema, slots, TODAY)


DECLINED = [
    ("average amount per customer", "average_per_key"),
    ("region monthly fee", "unexplained_columns"),
    # the counted records (orders) are not the rows averaged (customers): which count?
    ("regions with at least 100 orders and average monthly fee", "count_condition_per_group"),
    ("average number of orders per customer in 2024", "count_per_record_whole_data"),
    ("average number of orders per customer by region", "count_per_record_whole_data"),
]


@pytest.mark.parametrize(("question", "rule"), DECLINED)
def test_each_guard_declines_its_shape(parts, question: str, rule: str) -> None:
    with pytest.raises(Decline) as caught:
        _plan(parts, question)
    assert caught.value.rule == rule, caught.value.message


@pytest.mark.parametrize(
    "question",
    [
        "top 10 customers by average amount",
        "total monthly fee by region",
        "plans with at least 2 customers",
        "plans with at least 2 customers and average fee",
        "average number of orders per customer",
        "total amount this year vs last year",
    ],
)
def test_neighbouring_shapes_pass_every_guard(parts, question: str) -> None:
    assert _plan(parts, question).kind in ("aggregate", "compare", "list", "distinct")


def test_figure_guards_on_intents_built_by_hand(parts) -> None:
    schema, _ = parts
    year = TimeRange(dt.date(2025, 1, 1), dt.date(2026, 1, 1), "2025")
    last = TimeRange(dt.date(2024, 1, 1), dt.date(2025, 1, 1), "2024")
    cases = [
        (Intent("compare", "orders", compare_ranges=(year, last)), "comparison_needs_figure"),
        (Intent("aggregate", "orders", group_by=("orders.channel",)), "aggregate_needs_figure"),
    ]
    for intent, rule in cases:
        with pytest.raises(Decline) as caught:
            check(schema, Draft(intent))
        assert caught.value.rule == rule
    ok = Intent("aggregate", "orders", measures=(Measure("count", table="orders"),))
    assert check(schema, Draft(ok)) is ok


def test_guards_are_named_functions() -> None:
    assert len({g.__name__ for g in GUARDS}) == len(GUARDS)
    assert all(g.__doc__ for g in GUARDS)


def test_a_count_condition_beside_another_figure_counts_the_rows(catalog) -> None:
    """ "plans with at least 1000 customers and average fee": HAVING COUNT(*), the figure averaged."""
    from pathlib import Path

    import duckdb

    from assistant.engine import Assistant

    bot = Assistant(catalog, as_of=TODAY)
    answer = bot.ask("plans with at least 1000 customers and average monthly fee")
    assert answer.status == "answer", answer.text
    csv = Path(__file__).resolve().parents[1] / "samples" / "customers.csv"
    want = duckdb.execute(
        f"select plan, avg(monthly_fee) from read_csv_auto('{csv}') group by 1 having count(*) >= 1000"
    ).fetchall()
    got = {r[0]: round(float(r[1]), 6) for r in answer.rows}
    assert got == {k: round(float(v), 6) for k, v in want}


def test_pooled_and_single_value_guards_on_intents_built_by_hand(parts) -> None:
    from nlq.intent import Cond

    schema, _ = parts
    churn = Measure("rate", condition=(Cond("customers.churned", "true"),))
    two_plans = Cond("customers.plan", "in", ("Basic", "Pro"))
    cases = [
        (
            Intent("aggregate", "customers", measures=(churn,), filters=(two_plans,)),
            "pooled_average_of_named_values",
        ),
        (
            Intent(
                "aggregate",
                "customers",
                measures=(Measure("count_distinct", "customers.plan"),),
                filters=(Cond("customers.plan", "=", "Basic"),),
            ),
            "distinct_count_of_one_value",
        ),
    ]
    for intent, rule in cases:
        with pytest.raises(Decline) as caught:
            check(schema, Draft(intent))
        assert caught.value.rule == rule
    split = Intent(
        "aggregate", "customers", measures=(churn,), filters=(two_plans,), group_by=("customers.plan",)
    )
    total = Intent(
        "aggregate", "customers", measures=(Measure("sum", "customers.monthly_fee"),), filters=(two_plans,)
    )
    assert check(schema, Draft(split)) is split and check(schema, Draft(total)) is total
