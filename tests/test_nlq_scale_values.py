"""A number said with a small whole-number scale is that value: "a 10 satisfaction score", "a
satisfaction score of 10" (the column's own word "score" between its name and the number), and "a
perfect 10" only where 10 is the top of the scale (else the word stays unexplained and the question is
declined). Checked against DuckDB on a generated table."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

TABLES = {
    "accounts": (
        "account_id,csat_score,articles_viewed,minutes_support,churned",
        [
            f"{i},{5 + (i * 7) % 6},{(i * 3) % 9},{(i * 13) % 50 / 2},{1 if i % 4 == 0 else 0}"
            for i in range(1, 101)
        ],
    ),
}


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "what is the churn rate among accounts with a perfect 10 satisfaction score?",
            "select 'all', avg(churned) from accounts where csat_score = 10",
        ),
        (
            "churn rate of accounts that gave a 7 satisfaction score",
            "select 'all', avg(churned) from accounts where csat_score = 7",
        ),
        (
            "how many accounts have a satisfaction score of 8",
            "select 'all', count(*) from accounts where csat_score = 8",
        ),
        (
            "how many accounts with 3 articles viewed",
            "select 'all', count(*) from accounts where articles_viewed = 3",
        ),
    ],
)
def test_a_number_on_a_small_scale(table_bot, ref, question: str, sql: str) -> None:
    figures_match(answered(table_bot("accounts"), question), ref, sql)


@pytest.mark.parametrize(
    "question",
    [
        "how many accounts gave a perfect 9 satisfaction score",  # 9 is not the top of the scale
        "how many accounts with a 12 satisfaction score",  # off the scale
    ],
)
def test_off_the_scale_is_declined(table_bot, question: str) -> None:
    assert table_bot("accounts").ask(question).status == "clarify"
