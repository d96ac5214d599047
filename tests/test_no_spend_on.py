"""An advertising budget is a measure of which none is 0 (concepts.yaml advertising): "stores with no
advertising", "stores that don't spend anything on local advertising" are Advertising = 0. Checked against DuckDB on the same CSV."""

from __future__ import annotations

import duckdb
import pytest

from assistant.engine import Assistant
from catalog import Catalog

ROWS = "Sales,Advertising,Price,US\n" + "".join(
    f"{(i * 7) % 13 + 0.5},{0 if i % 3 == 0 else (i * 5) % 20},{80 + (i * 9) % 70},{'Yes' if i % 2 else 'No'}\n"
    for i in range(60)
)
QUESTIONS = [
    "How many stores don't spend anything on local advertising?",
    "how many stores have no advertising",
    "how many stores do not spend on advertising",
]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("adverts")
    (folder / "stores.csv").write_text(ROWS)
    con = duckdb.connect()
    con.execute(f"create view stores as select * from read_csv_auto('{folder / 'stores.csv'}')")
    return Assistant(Catalog.load([str(folder / "stores.csv")])), con


@pytest.mark.parametrize("question", QUESTIONS)
def test_no_advertising_spend_is_zero(setup, question: str) -> None:
    bot, con = setup
    bot.reset()
    answer = bot.ask(question)
    assert answer.status == "answer", answer.text
    assert (
        int(answer.rows[0][0])
        == con.execute("select count(*) from stores where Advertising = 0").fetchone()[0]
    )


def test_total_spend_on_advertising_is_its_sum(setup) -> None:
    bot, con = setup
    bot.reset()
    answer = bot.ask("how much do stores spend on advertising")
    assert answer.status == "answer", answer.text
    assert float(answer.rows[0][0]) == con.execute("select sum(Advertising) from stores").fetchone()[0]
