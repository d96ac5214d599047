""" "No X" of a whole-number measure that counts things is X = 0 ("no kids", "no kids or teens": each 0);
of an amount it is asked back (no income is not income 0). Checked against DuckDB over the same CSV."""

from __future__ import annotations

import random

import duckdb
import pytest
from tables import Table, answered

from assistant.engine import Assistant


def _tables() -> dict[str, Table]:
    rng = random.Random(2)
    rows = [
        [
            i,
            rng.choice(("City", "Town")),
            rng.randint(0, 3),
            rng.randint(0, 2),
            round(rng.uniform(9000, 90000), 2),
        ]
        for i in range(1, 301)
    ]
    header = ["member_id", "area", "kids", "teens", "income"]
    return {"members": (header, rows)}


TABLES = _tables()


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("how many members have no kids?", "kids = 0"),
        ("how many members have no kids or teens?", "kids = 0 and teens = 0"),
        ("how many members in the City have no teens", "area = 'City' and teens = 0"),
    ],
)
def test_no_counted_things_is_zero(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, where: str
) -> None:
    answer = answered(bot, question)
    want = ref.execute(f"select count(*) from members where {where}").fetchone()[0]
    assert answer.rows[0][0] == want


def test_no_amount_is_asked_back(bot: Assistant) -> None:
    answer = bot.ask("how many members have no income?")
    bot.reset()
    assert answer.status in ("clarify", "unsupported"), answer.sql
