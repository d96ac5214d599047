"""Columns named after the codes another column holds (catalog.coded): OJ's Purchase = CH/MM beside
PriceCH/PriceMM, DiscMM, LoyalCH. "the MM discount", "price of CH", "loyalty to CH" name one column; with
cra.toml [values] the same phrases take the codes' names. Figures checked against DuckDB on the same CSV."""

from __future__ import annotations

import duckdb
import pytest

from assistant.engine import Assistant
from catalog import Catalog
from catalog.coded import families

ROWS = (
    "Purchase,StoreID,PriceCH,PriceMM,DiscCH,DiscMM,LoyalCH,SizeMM\n"
    "CH,1,1.75,1.99,0.0,0.3,0.5,10\n"
    "MM,1,1.75,1.69,0.1,0.0,0.2,12\n"
    "CH,2,1.86,2.09,0.0,0.4,0.9,10\n"
    "MM,2,1.69,1.69,0.2,0.1,0.1,11\n"
    "CH,3,1.69,1.79,0.0,0.0,0.7,10\n"
)

CASES = [
    ("average discount on MM", "select avg(DiscMM) from purchases"),
    ("average MM discount", "select avg(DiscMM) from purchases"),
    ("what is the average price of CH?", "select avg(PriceCH) from purchases"),
    ("average CH loyalty", "select avg(LoyalCH) from purchases"),
    ("biggest discount on CH", "select max(DiscCH) from purchases"),
]
GROUPED = [
    ("average MM discount per store", "select StoreID, avg(DiscMM) from purchases group by 1"),
    ("average loyalty to CH by store", "select StoreID, avg(LoyalCH) from purchases group by 1"),
]


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "purchases.csv").write_text(ROWS)
    return tmp_path


def _ref(folder, sql: str) -> list[tuple]:
    con = duckdb.connect()
    con.execute(f"create view purchases as select * from read_csv_auto('{folder / 'purchases.csv'}')")
    return con.execute(sql).fetchall()


def test_a_family_needs_two_codes_sharing_a_rest_of_a_name(folder) -> None:
    found = families(Catalog.load([str(folder)]).model)
    assert found["purchases.PriceMM"] == ("purchases.Purchase", "MM", ["price"])
    assert found["purchases.LoyalCH"] == ("purchases.Purchase", "CH", ["loyal"])
    assert "purchases.SizeMM" in found  # one code in a name beside a family is still its member
    (folder / "purchases.csv").write_text("Purchase,SizeMM,Price\nCH,10,1.5\nMM,12,1.7\n")
    assert families(Catalog.load([str(folder)]).model) == {}  # no pair: "mm" may be millimetres


@pytest.mark.parametrize(("question", "sql"), CASES)
def test_a_code_qualifies_the_rest_of_a_column_name(folder, question: str, sql: str) -> None:
    answer = Assistant(Catalog.load([str(folder)])).ask(question)
    assert answer.status == "answer", answer.text
    assert float(answer.rows[0][-1]) == pytest.approx(_ref(folder, sql)[0][0])


@pytest.mark.parametrize(("question", "sql"), GROUPED)
def test_an_average_of_a_fraction_per_store_is_each_stores_average(folder, question: str, sql: str) -> None:
    answer = Assistant(Catalog.load([str(folder)])).ask(question)
    assert answer.status == "answer", answer.text
    got = {int(r[0]): pytest.approx(float(r[-1])) for r in answer.rows}
    assert got == {int(k): v for k, v in _ref(folder, sql)}


def test_named_codes_take_the_same_phrases(folder) -> None:
    (folder / "cra.toml").write_text('[values]\nCH = "Citrus Hill"\nMM = "Minute Maid"\n')
    bot = Assistant(Catalog.load([str(folder)]))
    answer = bot.ask("average discount on Minute Maid")
    assert answer.status == "answer", answer.text
    assert float(answer.rows[0][0]) == pytest.approx(_ref(folder, "select avg(DiscMM) from purchases")[0][0])
    assert "disc mm" in answer.interpretation.lower()


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("how many purchases were made without any CH discount?", "DiscCH = 0"),
        ("purchases with no MM discount", "DiscMM = 0"),
    ],
)
def test_no_discount_is_a_discount_of_zero(folder, question: str, where: str) -> None:
    answer = Assistant(Catalog.load([str(folder)])).ask(question)
    assert answer.status == "answer", answer.text
    got = int(answer.rows[0][0]) if tuple(answer.columns) == ("count",) else answer.row_count
    assert got == _ref(folder, f"select count(*) from purchases where {where}")[0][0]
