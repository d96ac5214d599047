"""A marketing campaign's history (bank marketing's `previous` and `poutcome`, bound by the concepts
prior_contacts and prior_outcome only beside campaign columns): "never contacted before this campaign",
"whose previous campaign outcome was a success", "signed up for a deposit". Expected values come from an
independent DuckDB over the same file."""

from __future__ import annotations

import duckdb
import pytest
from tables import answered

from assistant.engine import Assistant

CLIENTS = """age,job,campaign,pdays,previous,poutcome,y
30,admin,1,-1,0,unknown,no
41,technician,2,180,1,failure,no
52,admin,1,90,2,success,yes
35,services,3,-1,0,unknown,yes
29,admin,1,200,3,success,yes
61,retired,2,95,1,success,no
45,services,4,-1,0,unknown,no
38,technician,1,300,2,failure,yes
"""
"""Eight clients of a campaign; previous = contacts before it, poutcome = the last campaign's outcome."""
PEOPLE = """name,age,previous
Ann,30,2
Bob,41,0
"""
"""`previous` with no campaign beside it: no concept is bound to it."""


TABLES = {"clients": CLIENTS}


CASES = [
    (
        "How many clients had never been contacted before this campaign?",
        "select count(*) from clients where previous = 0",
    ),
    ("How many clients were previously contacted?", "select count(*) from clients where previous > 0"),
    (
        "Among clients whose previous campaign outcome was a success, what share subscribed this time?",
        "select avg(case when y = 'yes' then 1 else 0 end) from clients where poutcome = 'success'",
    ),
    (
        "What is the average age of clients who signed up for a deposit?",
        "select avg(age) from clients where y = 'yes'",
    ),
]


@pytest.mark.parametrize(("question", "sql"), CASES)
def test_campaign_history(bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str) -> None:
    a = answered(bot, question)
    (want,) = ref.execute(sql).fetchone()
    got = a.rows[0][0]
    assert got == pytest.approx(want) or got == pytest.approx(100 * want)


def test_previous_outside_a_campaign_is_no_contact_history(crm) -> None:
    bot = crm.assistant({"people": PEOPLE})
    a = bot.ask("How many people had never been contacted before this campaign?")
    assert a.status != "answer", (a.text, a.sql)
