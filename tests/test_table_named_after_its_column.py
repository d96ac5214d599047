"""A table named after one of its own columns (churn.csv of customers with a Churn column): the file's
name stays no word for its rows there, so "how many churns" counts the churned rows, not every row.
Checked against DuckDB on the same CSV."""

from __future__ import annotations

import duckdb
import pytest

from assistant.engine import Assistant
from catalog import Catalog

ROWS = "customerID,tenure,Contract,Churn\n" + "".join(
    f"C{i},{1 + (i * 5) % 70},{('Month-to-month', 'One year', 'Two year')[i % 3]},{'Yes' if i % 4 == 0 else 'No'}\n"
    for i in range(40)
)


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("churnfile")
    (folder / "churn.csv").write_text(ROWS)
    con = duckdb.connect()
    con.execute(f"create view churn as select * from read_csv_auto('{folder / 'churn.csv'}')")
    return Assistant(Catalog.load([str(folder / "churn.csv")])), con


@pytest.mark.parametrize("question", ["how many churns", "how many churns are there?"])
def test_churns_are_the_churned_rows(setup, question: str) -> None:
    bot, con = setup
    bot.reset()
    answer = bot.ask(question)
    assert answer.status == "answer", answer.text
    assert int(answer.rows[0][0]) == con.execute("select count(*) from churn where Churn").fetchone()[0]
    assert "churn is true" in answer.interpretation


def test_churns_by_a_column(setup) -> None:
    bot, con = setup
    bot.reset()
    answer = bot.ask("number of churns by contract")
    assert answer.status == "answer", answer.text
    gold = dict(con.execute("select Contract, count(*) from churn where Churn group by 1").fetchall())
    assert {r[0]: int(r[1]) for r in answer.rows} == gold


def test_the_rows_are_still_customers(setup) -> None:
    bot, con = setup
    bot.reset()
    answer = bot.ask("how many customers")
    assert answer.status == "answer", answer.text
    assert int(answer.rows[0][0]) == con.execute("select count(*) from churn").fetchone()[0]
