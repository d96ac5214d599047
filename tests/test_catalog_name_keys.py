"""A CRM export whose tables are joined by names, not ids (the Maven "CRM Sales Opportunities" shape): the
pipeline's `account` and `sales_agent` hold names that are the keys of `accounts` and `sales_teams`. The
links are found, the pipeline's rows are opportunities said as deals, a table keyed by agents holds people,
"win rate (won vs lost)" is one figure, "each manager's team" is per manager. Checked against DuckDB."""

from __future__ import annotations

import random

import pytest
from tables import answered

ACCOUNTS = """account,sector,employees
Acme,retail,120
Betasoft,medical,40
Cancity,retail,75
Dalttechnology,software,300
"""
TEAMS = """sales_agent,manager,regional_office
Anna Snelling,Dustin Brinkmann,Central
Cecily Lampkin,Dustin Brinkmann,Central
Moses Frase,Cara Losch,East
Zane Levy,Cara Losch,East
"""
TRANSLATION = """sector,sector_label
retail,Retail
medical,Medicine
software,Software
"""


def _pipeline() -> tuple[list[str], list[list[object]]]:
    rng = random.Random(3)
    agents = ["Anna Snelling", "Cecily Lampkin", "Moses Frase"]  # Zane Levy has no deals
    rows: list[list[object]] = []
    for i in range(80):
        stage = rng.choice(["Won", "Won", "Lost", "Engaging", "Prospecting"])
        value = rng.randint(100, 5000) if stage == "Won" else 0
        rows.append(
            [
                f"OP{i:03d}",
                rng.choice(agents),
                rng.choice(["Acme", "Betasoft", "Cancity", "Dalttechnology"]),
                stage,
                value,
            ]
        )
    return ["opportunity_id", "sales_agent", "account", "deal_stage", "close_value"], rows


@pytest.fixture(scope="module")
def crm_export(crm):
    tables = {
        "accounts": ACCOUNTS,
        "sales_teams": TEAMS,
        "sales_pipeline": _pipeline(),
        "sector_names": TRANSLATION,
    }
    return crm.dataset(tables, name="crm_export")


def test_names_that_are_another_tables_key_link_the_tables(crm_export) -> None:
    links = {(r.table, r.column, r.ref_table) for r in crm_export.bot.catalog.model.relations}
    assert ("sales_pipeline", "account", "accounts") in links
    assert ("sales_pipeline", "sales_agent", "sales_teams") in links
    assert not any(r.ref_table == "sector_names" for r in crm_export.bot.catalog.model.relations)


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "What's our won revenue by regional office?",
            """select t.regional_office, sum(close_value) from sales_pipeline s join sales_teams t using (sales_agent)
            where deal_stage = 'Won' group by 1""",
        ),
        (
            "How much revenue has each manager's team brought in from won deals?",
            """select t.manager, sum(close_value) from sales_pipeline s join sales_teams t using (sales_agent)
            where deal_stage = 'Won' group by 1""",
        ),
        (
            "How many deals did each sector win?",
            """select a.sector, count(*) from sales_pipeline s join accounts a using (account)
            where deal_stage = 'Won' group by 1""",
        ),
    ],
)
def test_figures_through_name_links(crm_export, question: str, sql: str) -> None:
    answer = answered(crm_export.bot, question)
    got = {r[0]: r[1] for r in answer.rows}
    assert got == {k: v for k, v in crm_export.ref.execute(sql).fetchall()}


def test_a_win_rate_over_won_and_lost_is_one_figure(crm_export) -> None:
    answer = answered(crm_export.bot, "What's our overall win rate (won vs lost)?")
    (rate,) = crm_export.ref.execute(
        "select avg((deal_stage = 'Won')::int) from sales_pipeline where deal_stage in ('Won', 'Lost')"
    ).fetchone()
    assert len(answer.rows) == 1 and answer.rows[0][0] == pytest.approx(rate)


def test_agents_with_no_deals_are_never_a_figure_of_those_with_some(crm_export) -> None:
    answer = crm_export.bot.ask("Which sales agents have no opportunities at all in the pipeline?")
    crm_export.bot.reset()
    assert answer.status != "answer" or {r[0] for r in answer.rows} == {"Zane Levy"}


def test_a_partys_own_figure_under_a_condition_on_its_records_is_asked_back(crm) -> None:
    """ "won revenue by sector" where accounts keep their own revenue: theirs, or the won deals' value?"""
    accounts = "account,sector,revenue\nAcme,retail,1100.5\nBeta,medical,250.0\n"
    pipeline = (
        "opportunity_id,account,deal_stage,close_value\nA1,Acme,Won,100\nA2,Beta,Lost,0\nA3,Acme,Won,50\n"
    )
    data = crm.dataset({"accounts": accounts, "sales_pipeline": pipeline}, name="won_revenue")
    answer = data.bot.ask("won revenue by sector")
    assert answer.status == "clarify", answer.text
    assert answered(data.bot, "total revenue of accounts in the retail sector").rows[0][0] == 1100.5
