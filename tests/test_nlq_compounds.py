"""A noun before a column's name that only says whose column it is: "customer segment", "product category"
where the rows hold those records' ids (nlq.compounds), and a kind of record the ontology knows but the
data does not name ("car group" of an insurer's `Group`), said in a note. Any other unknown word before a
column stays unknown and the question is declined. Checked against DuckDB over the same table."""

from __future__ import annotations

import random

import pytest

GROUPS = ("<1l", "1-1.5l", "1.5-2l", ">2l")


def _policies() -> list[list[object]]:
    rng = random.Random(5)
    return [[d, g, rng.randint(50, 900), rng.randint(0, 120)] for d in (1, 2, 3, 4) for g in GROUPS]


@pytest.fixture(scope="module")
def data(crm):
    return crm.dataset({"policies": (["District", "Group", "Holders", "Claims"], _policies())})


def test_a_known_kind_of_record_before_a_column_names_the_column(data) -> None:
    answer = data.bot.ask("total claims per car group")
    data.bot.reset()
    assert answer.status == "answer", answer.text
    want = dict(data.ref.execute('select "Group", sum("Claims") from policies group by 1').fetchall())
    assert {r[0]: r[1] for r in answer.rows} == want, answer.sql
    assert "'car group' read as Group" in answer.interpretation


def test_any_other_unknown_word_before_a_column_is_declined(data) -> None:
    answer = data.bot.ask("total claims per zodiac group")
    data.bot.reset()
    assert answer.status == "clarify" and "zodiac" in answer.text and not answer.sql


def test_same_thing_repeats_the_question_before(data) -> None:
    data.bot.ask("total claims by district")
    answer = data.bot.ask("same thing but only for group >2l")
    data.bot.reset()
    want = dict(
        data.ref.execute(
            """select "District", sum("Claims") from policies where "Group" = '>2l' group by 1"""
        ).fetchall()
    )
    assert answer.status == "answer" and {r[0]: r[1] for r in answer.rows} == want, answer.sql


def test_people_counted_by_a_column_are_never_compared_by_that_count(data) -> None:
    """ "policyholders under 25" is about the people's age (no age here: declined), never Holders < 25."""
    answer = data.bot.ask("how many claims did policyholders under 25 make?")
    data.bot.reset()
    assert answer.status == "clarify" and not answer.sql, answer.sql


def test_a_number_before_a_numeric_column_compares_that_column(data) -> None:
    answer = data.bot.ask("districts with more than 500 holders")
    data.bot.reset()
    assert answer.status == "answer" and '"Holders" > 500' in answer.sql, answer.sql
    assert '"District" > 500' not in answer.sql


def test_the_top_record_within_each_group_is_declined_never_ranked_once(data) -> None:
    """ "for each district, which group has the most claims" lists rows ranked once: the split would drop out."""
    answer = data.bot.ask("for each district, which row has the highest claims?")
    data.bot.reset()
    assert answer.status != "answer" or len(answer.rows) > 1, answer.sql


def test_industry_names_a_category_column(crm) -> None:
    rows = [["a", "Banking", 3.0], ["b", "Retailing", 5.0], ["c", "Banking", 4.0]]
    data = crm.dataset({"accounts": (["name", "category", "sales"], rows)}, name="industries")
    answer = data.bot.ask("total sales per industry")
    assert answer.status == "answer" and {r[0]: r[1] for r in answer.rows} == {
        "Banking": 7.0,
        "Retailing": 5.0,
    }
