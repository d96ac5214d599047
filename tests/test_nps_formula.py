"""One NPS formula (catalog.nps): the SQL the chat and report run and the figure of fetched answers agree
with each other and with the definition counted by hand."""

from __future__ import annotations

import random

import duckdb
import pytest
from sqlglot import exp

from catalog.nps import nps_of, nps_value


def _by_hand(answers: list[int | None]) -> float:
    given = [a for a in answers if a is not None]
    return 100 * (sum(a >= 9 for a in given) - sum(a <= 6 for a in given)) / len(given)


def test_fetched_answers_and_sql_give_the_same_nps() -> None:
    rng = random.Random(7)
    answers = [rng.choice([None, *range(11)]) for _ in range(2_000)]
    con = duckdb.connect()
    con.execute("CREATE TABLE r (score INTEGER)")
    con.executemany("INSERT INTO r VALUES (?)", [(a,) for a in answers])
    sql = exp.select(nps_value(exp.column("score"))).from_("r").sql("duckdb")
    in_sql = con.execute(sql).fetchone()[0]
    assert in_sql == pytest.approx(_by_hand(answers))
    assert nps_of(answers) == pytest.approx(in_sql)


def test_a_condition_keeps_only_its_rows() -> None:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE r AS SELECT * FROM (VALUES (10, 'a'), (3, 'a'), (9, 'b'), (1, 'b')) t(score, g)"
    )
    cond = exp.column("g").eq(exp.Literal.string("a"))
    sql = exp.select(nps_value(exp.column("score"), cond)).from_("r").sql("duckdb")
    assert con.execute(sql).fetchone()[0] == pytest.approx(_by_hand([10, 3]))


def test_no_answers_give_none() -> None:
    assert nps_of([]) is None
    assert nps_of([None, None]) is None
