"""'by whether the store is in the US': the yes/no column after "by whether" (past the records' noun and
linking words) splits the answer, as "by US" does; a word after "whether" that is no yes/no column stays
unknown. Checked against DuckDB on the same CSV."""

from __future__ import annotations

import duckdb
import pytest

from assistant.engine import Assistant
from catalog import Catalog

ROWS = "Sales,Price,ShelveLoc,Urban,US\n" + "".join(
    f"{(i * 37) % 17 / 1.3:.2f},{90 + (i * 11) % 60},{('Bad', 'Medium', 'Good')[i % 3]},"
    f"{'Yes' if i % 5 else 'No'},{'Yes' if i % 3 else 'No'}\n"
    for i in range(60)
)
CASES = [
    ("average sales by whether the store is in the US", "US"),
    ("average sales by whether the store is urban", "Urban"),
    ("Show average sales by shelf location and by whether the store is in the US.", "ShelveLoc, US"),
]


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("whether")
    (folder / "stores.csv").write_text(ROWS)
    con = duckdb.connect()
    con.execute(f"create view stores as select * from read_csv_auto('{folder / 'stores.csv'}')")
    return Assistant(Catalog.load([str(folder / "stores.csv")])), con


@pytest.mark.parametrize(("question", "by"), CASES)
def test_by_whether_splits_by_the_yes_no_column(setup, question: str, by: str) -> None:
    bot, con = setup
    bot.reset()
    answer = bot.ask(question)
    assert answer.status == "answer", answer.text
    gold = con.execute(f"select {by}, avg(Sales) from stores group by all").fetchall()
    width = len(by.split(", "))
    at = list(answer.columns).index("avg_Sales")
    got = {tuple(_norm(v) for v in r[:width]): pytest.approx(float(r[at])) for r in answer.rows}
    assert got == {tuple(_norm(v) for v in r[:width]): r[-1] for r in gold}


def _norm(value: object) -> str:
    """Yes/No and true/false as one spelling."""
    text = str(value).lower()
    return {"yes": "true", "no": "false"}.get(text, text)


def test_whether_before_no_yes_no_column_stays_unknown(setup) -> None:
    bot, _ = setup
    bot.reset()
    assert bot.ask("average sales by whether the price is high").status != "answer"
