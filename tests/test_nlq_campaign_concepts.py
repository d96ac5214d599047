"""Marketing-campaign words bound by concept (catalog/concepts.yaml): a count column named "campaign"
beside contact columns is the number of contacts ("called more than 5 times"), a bare "duration" there
is the call's ("average call duration"). Checked against DuckDB over the same CSV."""

from __future__ import annotations

import random

import duckdb
import pytest
from tables import Table

from assistant.engine import Assistant


def _tables() -> dict[str, Table]:
    rng = random.Random(4)
    rows = [
        [
            i,
            rng.choice(("cellular", "telephone")),
            rng.randint(1, 20),
            rng.randint(0, 900),
            rng.choice(("success", "failure", "unknown")),
            rng.choice(("yes", "no")),
        ]
        for i in range(1, 301)
    ]
    header = ["client_id", "contact", "campaign", "duration", "poutcome", "y"]
    return {"clients": (header, rows)}


TABLES = _tables()


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "how many clients were called more than 5 times in this campaign?",
            "select 'all', count(*) from clients where campaign > 5",
        ),
        ("average call duration by contact", "select contact, avg(duration) from clients group by 1"),
    ],
)
def test_campaign_words_name_their_columns(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = bot.ask(question)
    assert answer.status == "answer", answer.text
    want = {str(k): round(float(v), 6) for k, v in ref.execute(sql).fetchall()}
    figure = next(i for i, c in enumerate(answer.columns) if c.startswith(("avg", "count")))
    got = {str(r[0]) if len(want) > 1 else "all": round(float(r[figure]), 6) for r in answer.rows}
    assert got == want
