"""cra.toml [values]: a stored code said by the names a person gives it (CH = "Citrus Hill"), both as a
value of the columns holding it and as a word of the column names carrying it (PriceCH); checked against
DuckDB over the same CSV. Without the names, the codes' names stay unknown (declined)."""

from __future__ import annotations

import duckdb
import pytest

from assistant.engine import Assistant
from catalog import Catalog
from catalog.loaders import DataError

ROWS = "Purchase,StoreID,PriceCH,PriceMM\nCH,1,1.75,1.99\nMM,1,1.75,1.69\nCH,2,1.86,2.09\nCH,3,1.69,1.69\n"


def _bot(tmp_path, toml: str | None) -> Assistant:
    (tmp_path / "purchases.csv").write_text(ROWS)
    if toml is not None:
        (tmp_path / "cra.toml").write_text(toml)
    return Assistant(Catalog.load([str(tmp_path)]))


def _ref(tmp_path, sql: str) -> float:
    con = duckdb.connect()
    con.execute(f"create view purchases as select * from read_csv_auto('{tmp_path / 'purchases.csv'}')")
    return float(con.execute(sql).fetchone()[0])


def test_named_codes_are_values_and_name_words(tmp_path) -> None:
    bot = _bot(tmp_path, '[values]\nCH = "Citrus Hill"\nMM = ["Minute Maid"]\n')
    answer = bot.ask("how many purchases were Citrus Hill?")
    bot.reset()
    assert answer.status == "answer", answer.text
    assert float(answer.rows[0][0]) == _ref(tmp_path, "select count(*) from purchases where Purchase = 'CH'")
    answer = bot.ask("average Minute Maid price")
    assert answer.status == "answer", answer.text
    assert round(float(answer.rows[0][0]), 6) == round(
        _ref(tmp_path, "select avg(PriceMM) from purchases"), 6
    )


def test_codes_without_names_stay_unknown(tmp_path) -> None:
    assert _bot(tmp_path, None).ask("how many purchases were Citrus Hill?").status != "answer"


def test_a_code_no_column_holds_is_an_error(tmp_path) -> None:
    with pytest.raises(DataError, match="values.XX"):
        _bot(tmp_path, '[values]\nXX = "Nothing"\n')
