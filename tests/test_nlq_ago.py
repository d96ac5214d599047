"""A time ago said of a column counting the time since an event (nlq/ago.py): "got their PhD 20 or
more years ago" is yrs.since.phd >= 20, "how many years ago did they get their PhD" names that column;
checked against DuckDB on a small table. Without the event's words, "years ago" is not read so."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

TABLES = {
    "faculty": (
        "id,rank,yrs.since.phd,yrs.service,salary",
        [
            f"{i},{('AsstProf', 'AssocProf', 'Prof')[i % 3]},{3 + (i * 7) % 40},{1 + (i * 5) % 35},{60000 + 1500 * i}"
            for i in range(1, 41)
        ],
    ),
}


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "What is the average salary of people who got their PhD 20 or more years ago?",
            "select 'all', avg(salary) from faculty where \"yrs.since.phd\" >= 20",
        ),
        (
            "average salary of faculty who got their PhD more than 30 years ago",
            "select 'all', avg(salary) from faculty where \"yrs.since.phd\" > 30",
        ),
        (
            "On average, how many years ago did our assistant professors get their PhD?",
            "select 'all', avg(\"yrs.since.phd\") from faculty where rank = 'AsstProf'",
        ),
    ],
)
def test_a_time_ago_of_an_event(bot, ref, question: str, sql: str) -> None:
    answer = answered(bot, question)
    figures_match(answer, ref, sql)
    assert "ago' as yrs since phd" in answer.interpretation


def test_a_time_ago_without_its_event_is_not_read(bot) -> None:
    answer = bot.ask("average salary of people hired 20 or more years ago")
    bot.reset()
    assert "yrs since phd" not in answer.interpretation
