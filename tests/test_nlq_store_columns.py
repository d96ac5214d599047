"""Store and market columns said in words (a small Carseats-like table): abbreviated names written out
(ShelveLoc = shelf location, CompPrice = competitor price), checked against DuckDB over the same CSV."""

from __future__ import annotations

import random

import duckdb
import pytest
from tables import Table, answered

from assistant.engine import Assistant
from catalog.concepts import name_readings, name_words


def _tables() -> dict[str, Table]:
    rng = random.Random(7)
    rows = [
        [
            round(rng.uniform(0, 16), 2),
            rng.randint(80, 170),
            rng.randint(20, 120),
            rng.randint(0, 25),
            rng.randint(10, 500),
            rng.randint(30, 190),
            rng.choice(("Bad", "Medium", "Good")),
            rng.randint(25, 80),
            rng.choice(("Yes", "No")),
            rng.choice(("Yes", "No")),
        ]
        for _ in range(120)
    ]
    header = ["Sales", "CompPrice", "Income", "Advertising", "Population", "Price", "ShelveLoc", "Age"]
    return {"stores": ([*header, "Urban", "US"], rows)}


TABLES = _tables()


@pytest.mark.parametrize(
    ("name", "words", "readings"),
    [
        ("ShelveLoc", ["shelf", "location"], ["shelf location"]),  # "shelve" is the verb of "shelf"
        ("CompPrice", ["competitor", "price"], ["competitor price", "compensation price"]),
        ("Competitor", ["competitor"], ["competitor"]),  # a whole word keeps its one reading
        ("leave_days", ["leave", "days"], ["leave days"]),  # a noun too: never another noun
    ],
)
def test_abbreviated_names_are_written_out(name: str, words: list[str], readings: list[str]) -> None:
    assert name_words(name) == words
    assert name_readings(name) == readings


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("average sales by shelf location", "select ShelveLoc, avg(Sales) from stores group by 1"),
        (
            "how many stores are there for each shelf location?",
            "select ShelveLoc, count(*) from stores group by 1",
        ),
        (
            "average competitor price by shelf location",
            "select ShelveLoc, avg(CompPrice) from stores group by 1",
        ),
    ],
)
def test_written_out_names_find_their_columns(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(bot, question)
    want = {(str(r[0]), round(float(r[1]), 6)) for r in ref.execute(sql).fetchall()}
    at = next(i for i, c in enumerate(answer.columns) if c.startswith(("avg", "count")))
    assert {(str(r[0]), round(float(r[at]), 6)) for r in answer.rows} == want


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("what are average unit sales per store?", "select avg(Sales) from stores"),
        (
            "what's the average community income of stores with a bad shelf location?",
            "select avg(Income) from stores where ShelveLoc = 'Bad'",
        ),
        (
            "total population in the regions our stores serve (in thousands)",
            "select sum(Population) from stores",
        ),
        ("total local advertising across all stores", "select sum(Advertising) from stores"),
    ],
)
def test_figure_and_area_words_qualify_a_stores_column(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(bot, question)
    assert round(float(answer.rows[0][0]), 6) == round(float(ref.execute(sql).fetchone()[0]), 6)


def test_area_words_are_no_filler_where_rows_are_no_places(tmp_path) -> None:
    from catalog import Catalog

    (tmp_path / "customers.csv").write_text("id,income,age\n1,50,30\n2,70,45\n3,90,52\n")
    bot = Assistant(Catalog.load([str(tmp_path)]))
    assert bot.ask("average community income of customers").status != "answer"


def test_an_area_word_that_names_a_column_keeps_it(tmp_path) -> None:
    from catalog import Catalog

    (tmp_path / "stores.csv").write_text("id,region,sales\n1,North,5\n2,South,7\n3,North,9\n")
    bot = Assistant(Catalog.load([str(tmp_path)]))
    answer = bot.ask("total sales by region")
    assert answer.status == "answer", answer.text
    assert sorted((str(r[0]), float(r[1])) for r in answer.rows) == [("North", 14.0), ("South", 7.0)]


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("how many rural stores are there?", "select count(*) from stores where Urban = 'No'"),
        ("total sales of stores outside the US", "select sum(Sales) from stores where US = 'No'"),
        (
            "average advertising budget of non-US stores",
            "select avg(Advertising) from stores where US = 'No'",
        ),
        (
            "average advertising spend of rural stores",
            "select avg(Advertising) from stores where Urban = 'No'",
        ),
        ("what's the lowest price we charge at any store?", "select min(Price) from stores"),
        ("how many stores charge less than 100?", "select count(*) from stores where Price < 100"),
    ],
)
def test_the_opposite_of_a_flag_and_the_budget_of_an_activity(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(bot, question)
    assert round(float(answer.rows[0][0]), 6) == round(float(ref.execute(sql).fetchone()[0]), 6)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("WeekofPurchase", ["week", "of", "purchase"]),  # a short joining word beside an English word
        ("tostore", ["to", "store"]),
        ("ordid", ["ordid"]),  # never a joining word beside a short word ("or" + "did")
        ("Kidhome", ["kid", "home"]),
    ],
)
def test_run_together_names_split_at_joining_words(name: str, words: list[str]) -> None:
    assert name_words(name) == words


def test_a_column_of_what_a_row_is_is_named_by_its_head(tmp_path) -> None:
    from catalog import Catalog

    (tmp_path / "purchases.csv").write_text(
        "WeekofPurchase,StoreID,Brand\n230,1,A\n231,1,B\n231,2,A\n240,3,A\n"
    )
    bot = Assistant(Catalog.load([str(tmp_path)]))
    answer = bot.ask("how many different weeks does the purchase data cover?")
    assert answer.status == "answer", answer.text
    assert float(answer.rows[0][0]) == 3  # 230, 231, 240
    answer = bot.ask("how many purchases happened at store 1?")
    assert answer.status == "answer", answer.text
    assert float(answer.rows[0][0]) == 2


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "on average, how far is our price above or below the competitor's price?",
            "select avg(Price - CompPrice) from stores",
        ),
        (
            "average difference between price and competitor price",
            "select avg(Price - CompPrice) from stores",
        ),
        (
            "how many stores is our price higher than the competitor's price?",
            "select count(*) from stores where Price > CompPrice",
        ),
    ],
)
def test_two_figures_of_a_row_are_differenced_or_compared(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(bot, question)
    assert round(float(answer.rows[0][0]), 6) == round(float(ref.execute(sql).fetchone()[0]), 6)


def test_how_far_above_alone_is_no_filter(bot: Assistant) -> None:
    # "above" alone reads a filter; with "how far" the difference is asked and only "above or below" says it
    answer = bot.ask("how far is our price above the competitor's price?")
    bot.reset()
    assert answer.status != "answer", answer.sql
