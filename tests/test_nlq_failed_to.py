""" "Failed to (fully) repay" denies the flag it names: "failed to" is a negation, and a flag named with
an adjective and a past participle (full_repaid) is also said with the adverb and the verb ("fully
repay"). Checked against DuckDB on a generated table."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

TABLES = {
    "borrowers": (
        "borrower_id,age,amount,full_repaid",
        [f"{i},{20 + (i * 7) % 50},{100 + 13 * i},{1 if i % 3 else 0}" for i in range(1, 121)],
    ),
}


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "how many borrowers over 60 failed to fully repay?",
            "select 'all', count(*) from borrowers where age > 60 and full_repaid = 0",
        ),
        (
            "how many borrowers did not fully repay",
            "select 'all', count(*) from borrowers where full_repaid = 0",
        ),
        ("how many borrowers failed to repay", "select 'all', count(*) from borrowers where full_repaid = 0"),
        (
            "total amount of borrowers who fully repaid",
            "select 'all', sum(amount) from borrowers where full_repaid = 1",
        ),
    ],
)
def test_failed_to_denies(table_bot, ref, question: str, sql: str) -> None:
    figures_match(answered(table_bot("borrowers"), question), ref, sql)
