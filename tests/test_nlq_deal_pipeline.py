"""A sales pipeline (one opportunity a row: agent, product, deal stage, close value): "reps" are the
sales agents; "the share of won revenue from each product" is each product's part of the won deals'
value ('won' says which revenue); "from GTX Pro" is that product's part of it; a number followed by records
counts them, never their money ("at least 3 closed deals"). Checked against DuckDB over the same table."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

PIPELINE = """opportunity_id,sales_agent,product,deal_stage,close_value
A1,Moses Frase,GTX Pro,Won,1054
A2,Moses Frase,MG Special,Won,50
A3,Darcel Schlecht,GTX Pro,Lost,0
A4,Darcel Schlecht,GTX Pro,Won,4514
A5,Darcel Schlecht,MG Special,Engaging,
A6,Zane Levy,MG Special,Won,55
A7,Zane Levy,GTX Pro,Lost,0
A8,Moses Frase,GTX Pro,Won,1026
A9,Zane Levy,MG Advanced,Won,3393
A10,Darcel Schlecht,MG Advanced,Won,3400
"""


@pytest.fixture(scope="module")
def deals(crm):
    return crm.dataset({"pipeline": PIPELINE}, name="deals")


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "top 2 reps by won revenue",
            "select sales_agent, sum(close_value) from pipeline where deal_stage = 'Won' "
            "group by 1 order by 2 desc limit 2",
        ),
        (
            "What share of won revenue comes from each product?",
            "select product, sum(close_value) / sum(sum(close_value)) over () from pipeline "
            "where deal_stage = 'Won' group by 1",
        ),
        (
            "what share of won revenue comes from GTX Pro",
            "select 'all', sum(case when product = 'GTX Pro' then close_value end) / sum(close_value) "
            "from pipeline where deal_stage = 'Won'",
        ),
    ],
)
def test_pipeline_figures(deals, question: str, sql: str) -> None:
    figures_match(answered(deals.bot, question), deals.ref, sql)


def test_a_number_of_records_is_never_their_money(deals) -> None:
    answer = deals.bot.ask("Top 2 reps by win rate, only counting reps with at least 3 closed deals")
    deals.bot.reset()
    assert answer.status != "answer" or "close_value" not in (answer.sql or ""), answer.sql
