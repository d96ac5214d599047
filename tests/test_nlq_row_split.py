"""Two groups split on a comparison of two numbers of each row: "stores priced above the competitor vs
those that aren't" is GROUP BY (Price > CompPrice), a derived yes/no column; checked against DuckDB on
a small table. Listing the rows afterwards never shows the derived column."""

from __future__ import annotations

import pytest
from tables import answered

TABLES = {
    "stores": (
        "store_id,Sales,Price,CompPrice,ShelveLoc",
        [
            f"{i},{(i * 3) % 7 + 0.5},{90 + (i * 7) % 40},{100 + (i * 5) % 30},{('Bad', 'Good')[i % 2]}"
            for i in range(1, 41)
        ],
    ),
}


def _by_flag(answer) -> dict[bool, float]:
    return {bool(r[0]): round(float(r[1]), 6) for r in answer.rows}


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "How do average sales compare between stores where we are priced above the competitor and "
            "stores where we aren't?",
            "select Price > CompPrice, avg(Sales) from stores group by 1",
        ),
        (
            "average sales of stores with a price above the competitor price vs those that are not",
            "select Price > CompPrice, avg(Sales) from stores group by 1",
        ),
        (
            "how many stores price below the competitor and how many do not",
            "select Price < CompPrice, count(*) from stores group by 1",
        ),
    ],
)
def test_split_by_a_comparison_of_two_columns(bot, ref, question: str, sql: str) -> None:
    answer = answered(bot, question)
    want = {bool(k): round(float(v), 6) for k, v in ref.execute(sql).fetchall()}
    assert _by_flag(answer) == want
    assert "comp price" in answer.interpretation


def test_one_side_is_a_filter(bot, ref) -> None:
    answer = answered(bot, "average sales for stores priced above the competitor")
    ((want,),) = ref.execute("select avg(Sales) from stores where Price > CompPrice").fetchall()
    assert float(answer.rows[0][0]) == pytest.approx(want)


def test_lists_never_show_the_derived_split(bot) -> None:
    answered(bot, "how many stores price below the competitor and how many do not")
    answer = answered(bot, "list the stores")
    assert not any("<" in c or ">" in c for c in answer.columns)
