"""A folder of one export cut into monthly files (each with its header, header rows repeated inside and
blank lines, dates as M/D/YY H:MM) is read as one table: no row is lost, the repeated headers and empty
rows are removed and said, and a question over the year reads every month. Checked against DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from assistant.engine import Assistant
from catalog import Catalog

HEADER = "Order ID,Product,Quantity Ordered,Price Each,Order Date"
PRODUCTS = (("iPhone", 700.0), ("USB-C Cable", 11.95), ("Monitor", 150.0))


def _month(m: int) -> str:
    lines = [HEADER]
    for i in range(1, 31):
        product, price = PRODUCTS[i % 3]
        lines.append(
            f"{m * 1000 + i},{product},{1 + i % 4},{price},{m:02d}/{1 + i % 28:02d}/19 {i % 24:02d}:15"
        )
        if i == 10:
            lines.append(HEADER)  # the header again inside the file
        if i == 20:
            lines.append(",,,,")  # a blank line of an export
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def monthly(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("monthly")
    for m, name in ((1, "January"), (2, "February"), (3, "March")):
        (folder / f"Sales_{name}_2019.csv").write_text(_month(m))
    return folder


def test_a_folder_of_parts_is_one_table(monthly: Path) -> None:
    catalog = Catalog.load([f"sales={monthly}"])
    assert list(catalog.model.tables) == ["sales"]
    (rows,) = catalog.con.execute('select count(*) from "sales"').fetchone()
    assert rows == 3 * 30
    said = " ".join(catalog.changes)
    assert "3 files with the same columns read as one table" in said
    assert "rows repeating the header row were removed" in said and "empty rows" in said
    assert catalog.model.tables["sales"].columns["Order Date"].role.value == "time"


def test_units_sold_over_every_month(monthly: Path) -> None:
    bot = Assistant(Catalog.load([f"sales={monthly}"]))
    ref = duckdb.connect()
    ref.execute(
        f"create table s as select * from read_csv('{monthly}/*.csv', all_varchar = true, header = true)"
    )
    (want,) = ref.execute(
        "select sum(try_cast(\"Quantity Ordered\" as int)) from s where Product = 'iPhone'"
    ).fetchone()
    answer = bot.ask("How many iPhones did we sell?")
    assert answer.status == "answer" and answer.rows[0][0] == want, (answer.text, answer.sql)


def test_a_postal_address_gives_city_state_and_zip(tmp_path: Path) -> None:
    rows = [
        ("1", "10 Main St, Portland, OR 97035", 100.0),
        ("2", "5 Elm St, Portland, ME 04101", 40.0),
        ("3", "7 Oak Ave, Dallas, TX 75001", 60.0),
        ("4", "9 Pine Rd, Portland, OR 97035", 30.0),
    ]
    (tmp_path / "orders.csv").write_text(
        "Order ID,Purchase Address,Amount\n" + "".join(f'{i},"{a}",{v}\n' for i, a, v in rows)
    )
    catalog = Catalog.load([str(tmp_path / "orders.csv")])
    columns = catalog.model.tables["orders"].columns
    assert {"City", "State", "ZIP"} <= set(columns)
    answer = Assistant(catalog).ask("total amount by city")
    assert answer.status == "answer", answer.text
    got = {(r[answer.columns.index("City")], r[answer.columns.index("State")]): r[1] for r in answer.rows}
    assert got == {("Portland", "OR"): 130.0, ("Portland", "ME"): 40.0, ("Dallas", "TX"): 60.0}
