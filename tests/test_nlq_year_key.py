"""A survey file with no date column but a whole-number `year` (2010-2014), on a table written by the test:
the year is the records' time key ("by year", "in 2012", "between 2011 and 2013", "how has ... changed by
year"), a month, a relative period ("last year") or two years at once are declined; and the words around
survey answers: a word of a value's own column after it ("office jobs"), "sector" after a value, a
reporting verb before an answer ("report good health"), "coverage" of an insurance flag, "X earn more
than Y" as the figure of both groups. Checked against DuckDB over the same CSV."""

from __future__ import annotations

import random

import duckdb
import pytest
from tables import Table, answered, figures_match

from assistant.engine import Assistant
from nlq.schema import build_schema
from nlq.splitdates import year_key


def _tables() -> dict[str, Table]:
    rng = random.Random(5)
    rows = [
        [
            i,
            rng.randint(2010, 2014),
            rng.choice(("1. Public", "2. Private")),
            rng.choice(("1. Office", "2. Field")),
            rng.choice(("1. Fair", "2. Good")),
            rng.choice(("1. Yes", "2. No")),
            round(rng.uniform(20, 150), 2),
        ]
        for i in range(1, 301)
    ]
    header = ["respondent_id", "year", "employer", "job_type", "health", "dental_ins", "salary"]
    return {"respondents": (header, rows)}


TABLES = _tables()


CASES = [
    ("average salary by year", "select year, avg(salary) from respondents group by 1"),
    ("how has the average salary changed by year?", "select year, avg(salary) from respondents group by 1"),
    ("how many respondents in 2012?", "select 'all', count(*) from respondents where year = 2012"),
    ("how many respondents since 2013?", "select 'all', count(*) from respondents where year >= 2013"),
    (
        "total salary between 2011 and 2013",
        "select 'all', sum(salary) from respondents where year between 2011 and 2013",
    ),
    (
        "how many public sector respondents are there in each year?",
        "select year, count(*) from respondents where employer = '1. Public' group by 1",
    ),
    (
        "how many respondents have office jobs?",
        "select 'all', count(*) from respondents where job_type = '1. Office'",
    ),
    (
        "what share of respondents report good health?",
        "select 'all', avg((health = '2. Good')::int) from respondents",
    ),
    (
        "dental insurance coverage rate by employer",
        "select employer, avg((dental_ins = '1. Yes')::int) from respondents group by 1",
    ),
    (
        "do office respondents earn more than field respondents? give the average salary of each",
        "select job_type, avg(salary) from respondents group by 1",
    ),
]


@pytest.mark.parametrize(("question", "sql"), CASES)
def test_year_key_and_survey_words(
    bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    figures_match(answered(bot, question), ref, sql)


def test_by_year_is_in_year_order_and_said(bot: Assistant) -> None:
    answer = answered(bot, "average salary by year")
    assert [r[0] for r in answer.rows] == [2010, 2011, 2012, 2013, 2014]
    assert "periods are read on year" in answer.interpretation
    assert "2,01" not in answer.text  # a year is a label, never "2,012"


@pytest.mark.parametrize(
    "question",
    [
        "average salary last year",  # relative to a date the data does not have
        "average salary in march 2012",  # finer than a year
        "average salary by month",
        "average salary in 2012 vs 2013",  # two years at once: asked by year instead
        "how has the average salary changed?",  # a change with no period named
    ],
)
def test_what_a_year_key_cannot_say_is_declined(bot: Assistant, question: str) -> None:
    answer = bot.ask(question)
    bot.reset()
    assert answer.status != "answer", answer.text


def test_a_year_column_beside_a_date_is_no_time_key(tmp_path) -> None:
    from catalog import Catalog

    (tmp_path / "t.csv").write_text("id,year,signup_date\n1,2010,2010-05-01\n2,2011,2011-02-03\n")
    assert year_key(build_schema(Catalog.load([str(tmp_path)]))) is None
    (tmp_path / "t.csv").write_text("id,year,score\n1,2010,3\n2,2011,4\n")
    key = year_key(build_schema(Catalog.load([str(tmp_path)])))
    assert key is not None and key.year == "t.year"
    (tmp_path / "t.csv").write_text("id,year,score\n1,1,3\n2,4,4\n")  # a year of study, not a calendar year
    assert year_key(build_schema(Catalog.load([str(tmp_path)]))) is None


def test_a_year_outside_the_data_says_the_years_held(bot: Assistant) -> None:
    answer = answered(bot, "how many respondents in 2020?")
    assert answer.rows[0][0] == 0
    assert "year runs from 2010 to 2014" in answer.interpretation
