"""A number column named for a calendar part in a run-together name (OJ's `WeekofPurchase`: week of
purchase) is a category, ranked and split like one ("which 3 weeks had the most purchases"); "N or later",
"N or earlier", "from N onwards" compare it with its number. Figures checked against DuckDB."""

from __future__ import annotations

import duckdb
import pytest

from assistant.engine import Assistant
from catalog import Catalog

ROWS = "Purchase,WeekofPurchase,Price\n" + "".join(
    f"{'CH' if i % 3 else 'MM'},{260 + (i * 7) % 15},{1.5 + (i % 4) / 10}\n" for i in range(60)
)

COUNTS = [
    ("how many purchases happened in weeks 270 or later?", "WeekofPurchase >= 270"),
    ("how many purchases in week 265 or earlier", "WeekofPurchase <= 265"),
    ("how many purchases from week 268 onwards", "WeekofPurchase >= 268"),
]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("weeks")
    (folder / "purchases.csv").write_text(ROWS)
    con = duckdb.connect()
    con.execute(f"create view purchases as select * from read_csv_auto('{folder / 'purchases.csv'}')")
    return Assistant(Catalog.load([str(folder)])), con


def test_a_week_number_is_a_category(setup) -> None:
    bot, con = setup
    bot.reset()
    answer = bot.ask("Which 3 weeks had the most purchases?")
    assert answer.status == "answer", answer.text
    gold = con.execute(
        "select WeekofPurchase, count(*) n from purchases group by 1 order by n desc, 1 limit 3"
    ).fetchall()
    assert [(int(r[0]), int(r[1])) for r in answer.rows] == gold


@pytest.mark.parametrize(("question", "where"), COUNTS)
def test_later_and_earlier_compare_a_week_number(setup, question: str, where: str) -> None:
    bot, con = setup
    bot.reset()
    answer = bot.ask(question)
    assert answer.status == "answer", answer.text
    assert (
        int(answer.rows[0][0]) == con.execute(f"select count(*) from purchases where {where}").fetchone()[0]
    )


def test_or_later_after_a_year_on_a_date_column_is_not_a_number_filter() -> None:
    bot = Assistant(Catalog.load(["samples"]))
    answer = bot.ask("how many orders in 2024 or later")
    assert answer.status != "answer" or "2024" in answer.interpretation
