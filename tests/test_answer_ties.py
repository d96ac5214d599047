"""A ranked top N says when rows beyond its cut have the figure of the last row shown, and the answer's
SQL stays its own (the extra row fetched to see a tie is not part of it). Checked against DuckDB."""

from __future__ import annotations

import pytest
from tables import answered

CUSTOMERS = """customer_id,name,region,spend
1,Ann,North,500
2,Bob,South,300
3,Cid,North,300
4,Dee,East,300
5,Eve,West,100
"""


@pytest.fixture(scope="module")
def shop(crm):
    return crm.dataset({"customers": CUSTOMERS}, name="ties")


def _tied_rows(shop, n: int) -> int:
    """How many customers beyond the top `n` by spend have the spend of the n-th (from DuckDB)."""
    ranked = [r[0] for r in shop.ref.execute("select spend from customers order by spend desc").fetchall()]
    return sum(1 for v in ranked[n:] if v == ranked[n - 1])


@pytest.mark.parametrize("n", [1, 2, 3])
def test_a_tie_at_the_cut_is_said_only_when_there_is_one(shop, n: int) -> None:
    answer = answered(shop.bot, f"top {n} customers by spend")
    assert len(answer.rows) == n
    assert f"LIMIT {n}" in answer.sql and f"LIMIT {n + 1}" not in answer.sql
    beyond = _tied_rows(shop, n)
    said = [note for note in answer.notes if note.startswith("Tied:")]
    expected = [f"Tied: {beyond} more ha"] if beyond else []
    assert [note[: len(expected[0])] for note in said] == expected if beyond else not said
