"""A category column is also named by its adjective ("ethnic" for Ethnicity, "regional" for region) and
its values as groups ("ethnic group"), the adjectives made by the endings of grammar/words.yaml and kept
only when lemminflect knows them. Checked against DuckDB over the same CSV."""

from __future__ import annotations

import random

import duckdb
import pytest
from tables import Table, answered

from assistant.engine import Assistant
from nlq.morphology import adjective_forms


def _tables() -> dict[str, Table]:
    rng = random.Random(9)
    rows = [
        [
            i,
            rng.choice(("Asian", "Caucasian", "African American")),
            rng.choice(("North", "South")),
            rng.choice(("Yes", "No")),
            rng.randint(0, 2000),
        ]
        for i in range(1, 301)
    ]
    return {"clients": (["ID", "Ethnicity", "region", "Married", "Balance"], rows)}


TABLES = _tables()


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("average balance by ethnic group", "select Ethnicity, avg(Balance) from clients group by 1"),
        (
            "What fraction of clients in each ethnic group is married?",
            "select Ethnicity, avg((Married = 'Yes')::int) from clients group by 1",
        ),
        ("total balance by regional group", "select region, sum(Balance) from clients group by 1"),
    ],
)
def test_adjective_names_the_category(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(bot, question)
    want = dict(ref.execute(sql).fetchall())
    assert {r[0]: r[1] for r in answer.rows} == pytest.approx(want)


def test_which_ethnic_group_is_highest(bot: Assistant, ref: duckdb.DuckDBPyConnection) -> None:
    answer = bot.ask("Which ethnic group has the highest average balance?")
    assert answer.status == "answer", answer.text
    top = ref.execute(
        "select Ethnicity from clients group by 1 order by avg(Balance) desc limit 1"
    ).fetchone()[0]
    assert answer.rows[0][0] == top


@pytest.mark.parametrize(
    ("noun", "adjectives"),
    [
        ("ethnicity", ["ethnic"]),
        ("education", ["educational"]),
        ("region", ["regional"]),
        ("race", ["racial"]),
        ("country", []),
        ("gender", []),
    ],
)
def test_adjective_forms(noun: str, adjectives: list[str]) -> None:
    assert adjective_forms(noun) == adjectives
