"""Units of measure (nlq/grammar/units.yaml): a number said with a unit is compared with the column
counted in it, from the column's name ("weight_g": grams) or by custom (a film's length: minutes), and
turned into the column's own unit when it is another of the same kind ("3 hours" = 180 minutes).
A unit the column cannot be known to count is declined. Expected values come from an independent DuckDB."""

from __future__ import annotations

import duckdb
import pytest
from tables import answered

from assistant.engine import Assistant
from nlq.units import custom_unit, factor, named_unit, unit_of_word

FILMS = """film_id,title,length,rating
1,Alpha,95,PG
2,Bravo,185,R
3,Charlie,121,PG
4,Delta,60,G
5,Echo,179,R
6,Foxtrot,130,PG
"""
PRODUCTS = """product_id,category,weight_g
1,toys,250
2,toys,2500
3,garden,1800
4,garden,4200
5,books,900
"""
CALLS = """call_id,agent,duration
1,Ann,45
2,Ann,1300
3,Bob,610
4,Bob,200
5,Cy,95
"""
"""Call durations in seconds: nothing in the name says so, and calls are not films."""
CLIPS = """clip_id,title,length
1,a,5400
2,b,7300
3,c,3600
"""
"""Films (clips) whose length is stored in seconds: too large to be minutes, so no unit is assumed."""


TABLES = {"films": FILMS, "products": PRODUCTS, "calls": CALLS}


ANSWERED = [
    ("How many films run longer than 3 hours?", "select count(*) from films where length > 180"),
    ("How many films are longer than two hours?", "select count(*) from films where length > 120"),
    ("how many films are shorter than 100 minutes?", "select count(*) from films where length < 100"),
    ("What's the average length of our films in minutes?", "select avg(length) from films"),
    ("How many films have a length over 2 hours?", "select count(*) from films where length > 120"),
    ("What is the average product weight in grams?", "select avg(weight_g) from products"),
    # a figure asked in another unit of the same kind is shown in it (minutes of a film / 60)
    ("What's the average length of our films in hours?", "select avg(length) / 60.0 from films"),
    ("What is the average product weight in kg?", "select avg(weight_g) / 1000.0 from products"),
    ("How many products have a weight over 2 kg?", "select count(*) from products where weight_g > 2000"),
]


@pytest.mark.parametrize(("question", "sql"), ANSWERED)
def test_a_number_with_a_unit_is_compared_in_the_columns_unit(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    a = answered(bot, question)
    (want,) = ref.execute(sql).fetchone()
    assert a.rows[0][0] == pytest.approx(want)


def test_a_converted_or_assumed_unit_is_said(bot: Assistant) -> None:
    bot.reset()
    a = bot.ask("How many films run longer than 3 hours?")
    assert "minutes" in a.interpretation and "60" in a.interpretation
    a = bot.ask("What's the average length of our films in minutes?")
    assert "taken to be counted in minutes" in a.interpretation


@pytest.mark.parametrize(
    "question",
    [
        "How many calls lasted longer than 5 minutes?",  # durations of calls: unit unknown (seconds here)
        "How many calls are longer than 2 hours?",
        "How many products weigh more than 3 hours?",
    ],
)
def test_a_unit_the_column_is_not_known_to_count_is_declined(bot: Assistant, question: str) -> None:
    bot.reset()
    a = bot.ask(question)
    assert a.status != "answer", (a.text, a.sql)


def test_film_lengths_too_large_for_minutes_get_no_unit(crm) -> None:
    bot = crm.assistant({"films": CLIPS})
    a = bot.ask("How many films are longer than 1 hour?")
    assert a.status != "answer", (a.text, a.sql)


@pytest.mark.parametrize(
    ("words", "unit"),
    [
        (("total", "working", "years"), "year"),
        (("product", "weight", "g"), "gram"),
        (("duration", "minutes"), "minute"),
        (("minutes", "per", "day"), None),  # two units: neither
        (("length",), None),
    ],
)
def test_named_unit(words: tuple[str, ...], unit: str | None) -> None:
    assert named_unit(words) == unit


def test_custom_unit_and_factors() -> None:
    assert custom_unit(("length",), {"film", "films"}, 185) == "minute"
    assert custom_unit(("length",), {"film", "films"}, 7300) is None
    assert custom_unit(("length",), {"track", "tracks"}, 185) is None
    assert custom_unit(("duration",), {"call", "calls"}, 300) is None
    assert unit_of_word("hours") == "hour" and unit_of_word("dollars") is None
    assert factor("hour", "minute") == 60 and factor("kilogram", "gram") == 1000
    assert factor("minute", "hour") is None and factor("day", "day") == 1
