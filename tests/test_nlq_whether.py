""" "by whether the store is in the US", "whether or not they smoke", "X or not" (nlq/whether.py): the
yes/no thing is split both ways; a value of a two-valued column and its other value are the two groups;
checked against DuckDB on a small table. A column of more values is asked back, never guessed."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

from nlq.whether import read_whether

TABLES = {
    "stores": (
        "store_id,Sales,ShelveLoc,US,Urban,smoker,meal",
        [
            f"{i},{(i * 3) % 7 + 0.5},{('Bad', 'Medium', 'Good')[i % 3]},{'Yes' if i % 2 else 'No'},"
            f"{'Yes' if i % 5 else 'No'},{'Yes' if i % 4 == 0 else 'No'},{'Lunch' if i % 3 else 'Dinner'}"
            for i in range(1, 41)
        ],
    ),
}


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("average sales by whether the store is in the US", "select US, avg(Sales) from stores group by 1"),
        (
            "average sales by whether or not the store is in the US",
            "select US, avg(Sales) from stores group by 1",
        ),
        (
            "average sales whether the store is in the US or not",
            "select US, avg(Sales) from stores group by 1",
        ),
        ("average sales by whether they smoke", "select smoker, avg(Sales) from stores group by 1"),
        ("average sales by smoker or not", "select smoker, avg(Sales) from stores group by 1"),
        ("average sales by whether it is lunch", "select meal, avg(Sales) from stores group by 1"),
    ],
)
def test_whether_splits_both_ways(bot, ref, question: str, sql: str) -> None:
    figures_match(answered(bot, question), ref, sql)


def test_whether_beside_another_split(bot, ref) -> None:
    answer = answered(bot, "how many stores by whether they are in the US and shelf location")
    want = ref.execute("select ShelveLoc, US, count(*) from stores group by 1, 2").fetchall()
    got = {(str(r[0]), bool(r[1]) if isinstance(r[1], bool) else r[1] == "Yes", r[2]) for r in answer.rows}
    assert got == {(a, b == "Yes" if isinstance(b, str) else bool(b), c) for a, b, c in want}


def test_a_value_of_many_or_not_is_asked_back(bot) -> None:
    answer = bot.ask("average sales by whether the shelf location is good")
    bot.reset()
    assert answer.status == "clarify"


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("sales by whether they are in the us", "sales by are in the us or not"),
        ("sales by whether in the us and by shelf", "sales by shelf and in the us or not"),
        ("sales by whether in the us by shelf", "sales by whether in the us by shelf"),  # left unread
    ],
)
def test_rewrites(said: str, read: str) -> None:
    assert " ".join(read_whether(said.split())) == read
