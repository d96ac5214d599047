"""A table of counts per cell (an insurer's export: policyholders and claims per district, car group and
age band): two values of one column said with "and" are either of them (never an empty AND), a percent
compared after a rate word is declined (never the share of rows above that number), and a percent with
no column named never compares a money column. Checked against DuckDB over the same table."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def data(crm):
    rows = [
        [d, g, a, 20 + (d * 37 + i * 11) % 400, (d * 13 + i * 7) % 60]
        for d in range(1, 5)
        for i, (g, a) in enumerate((g, a) for g in ("<1l", "1-1.5l", ">2l") for a in ("<25", "25-29", ">35"))
    ]
    return crm.dataset({"policies": (["District", "Group", "Age", "Holders", "Claims"], rows)})


def test_two_values_of_one_column_with_and_are_either(data) -> None:
    answer = data.bot.ask("how many claims were there in district 1 and district 3 together?")
    data.bot.reset()
    assert answer.status == "answer", answer.text
    (want,) = data.ref.execute("select sum(Claims) from policies where District in (1, 3)").fetchone()
    assert float(answer.rows[0][-1]) == float(want)
    assert "either" in answer.interpretation


def test_a_rate_above_a_percent_is_declined(data) -> None:
    answer = data.bot.ask("which districts have a claim rate above 15%?")
    data.bot.reset()
    assert answer.status == "clarify" and not answer.rows, answer.sql


def test_a_percent_with_no_column_never_compares_money(crm) -> None:
    rows = [[i, 20 + i % 90, ("Yes", "No")[i % 3 == 0]] for i in range(1, 121)]
    data = crm.dataset({"customers": (["customer_id", "monthly_fee", "churned"], rows)})
    answer = data.bot.ask("how many customers have a churn rate above 15%?")
    assert answer.status != "answer" or "monthly" not in answer.sql.lower(), answer.sql


CASES = [
    ("how many policyholders do we have?", "select sum(Holders) from policies"),
    ("what is the overall claim rate?", "select sum(Claims) / sum(Holders) from policies"),
    ("how many claims per policyholder?", "select sum(Claims) / sum(Holders) from policies"),
]


@pytest.mark.parametrize(("question", "gold"), CASES)
def test_counts_of_people_and_of_events(data, question: str, gold: str) -> None:
    """ "policyholders" is the Holders count of a table of policies (its record noun before the holder
    word); "the claim rate" is claims per policyholder, the ratio of the totals (said so)."""
    answer = data.bot.ask(question)
    data.bot.reset()
    assert answer.status == "answer", answer.text
    (want,) = data.ref.execute(gold).fetchone()
    assert float(answer.rows[0][-1]) == pytest.approx(float(want))


def test_the_claim_rate_by_group_is_claims_per_holder(data) -> None:
    answer = data.bot.ask("claim rate by district")
    data.bot.reset()
    want = dict(
        data.ref.execute("select District, sum(Claims) / sum(Holders) from policies group by 1").fetchall()
    )
    assert {int(r[0]): pytest.approx(float(r[-1])) for r in answer.rows} == want
    assert "per" in answer.interpretation


def test_a_rate_per_a_number_of_people_is_declined(data) -> None:
    """ "claims per 100 policyholders" was the rows where holders = 100 (none): declined, never a filter."""
    answer = data.bot.ask("how many claims per 100 policyholders does each district have?")
    data.bot.reset()
    assert answer.status == "clarify" and not answer.rows, answer.sql


def test_the_group_with_the_highest_claim_rate(data) -> None:
    answer = data.bot.ask("which district has the highest claim rate?")
    data.bot.reset()
    assert answer.status == "answer", answer.text
    (want,) = data.ref.execute(
        "select District from policies group by 1 order by sum(Claims) / sum(Holders) desc limit 1"
    ).fetchone()
    assert int(answer.rows[0][0]) == want
