"""States or provinces stored by their ISO 3166-2 code (the state concept; names from pycountry): "Sao
Paulo state" is 'SP', "California" is 'CA'; a follow-up "and in Minas Gerais?" replaces the state said
before, never adds to it. Expected counts come from an independent DuckDB over the same files."""

from __future__ import annotations

from pathlib import Path

import pytest
from tables import reference_db, write_tables

from assistant.engine import Assistant
from catalog import Catalog
from catalog.concepts import state_names

SELLERS = """seller_id,seller_city,seller_state
s1,sao paulo,SP
s2,campinas,SP
s3,belo horizonte,MG
s4,sao paulo,SP
s5,rio de janeiro,RJ
s6,uberlandia,MG
s7,curitiba,PR
"""
CUSTOMERS = """customer_id,customer_city,customer_state
c1,sao paulo,SP
c2,santos,SP
c3,contagem,MG
c4,rio de janeiro,RJ
c5,niteroi,RJ
"""
CLIENTS = """client_id,state,spend
1,CA,10
2,CA,20
3,NY,5
4,TX,7
"""


def _count(folder: Path, tables: list[str], sql: str) -> int:
    return reference_db(folder, tables).execute(sql).fetchone()[0]


def test_a_state_said_by_name_is_its_code_and_a_followup_replaces_it(tmp_path: Path) -> None:
    folder = write_tables(tmp_path, {"sellers": SELLERS, "customers": CUSTOMERS})
    bot = Assistant(Catalog.load([str(folder)]))
    a = bot.ask("How many sellers are based in Sao Paulo state?")
    assert a.status == "answer", a.text
    assert a.rows[0][0] == _count(
        folder, ["sellers"], "select count(*) from sellers where seller_state = 'SP'"
    )
    a = bot.ask("and in Minas Gerais?")
    assert a.status == "answer", a.text
    assert a.rows[0][0] == _count(
        folder, ["sellers"], "select count(*) from sellers where seller_state = 'MG'"
    )


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "how many customers are in the city of rio de janeiro?",
            "select count(*) from customers where customer_city = 'rio de janeiro'",
        ),
        (
            "how many customers are in rio de janeiro state?",
            "select count(*) from customers where customer_state = 'RJ'",
        ),
    ],
)
def test_a_state_named_like_a_city_is_said_with_state(tmp_path: Path, question: str, sql: str) -> None:
    folder = write_tables(tmp_path, {"sellers": SELLERS, "customers": CUSTOMERS})
    a = Assistant(Catalog.load([str(folder)])).ask(question)
    assert a.status == "answer", a.text
    assert a.rows[0][0] == _count(folder, ["customers"], sql)


def test_us_states_by_code(tmp_path: Path) -> None:
    folder = write_tables(tmp_path, {"clients": CLIENTS})
    a = Assistant(Catalog.load([str(folder)])).ask("total spend of clients in California")
    assert a.status == "answer", a.text
    assert a.rows[0][0] == _count(folder, ["clients"], "select sum(spend) from clients where state = 'CA'")


def test_codes_of_no_one_country_are_no_states() -> None:
    assert state_names(["SP", "MG", "RJ"])["minas gerais"] == "MG"
    assert state_names(["CA", "NY", "TX"])["california"] == "CA"
    assert state_names(["XQ", "ZZ", "QX"]) == {}
    assert state_names(["small", "large"]) == {}
