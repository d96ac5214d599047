"""A B2B account list (the Forbes 2000 shape: one company a row, sales, profits, assets and market value in
billions, a category and a country): "profits" is money; "which 5 companies made the most profit" ranks the
rows by their own profit; "posted a loss" is a negative profit; "as a whole" is the group's total figure.
Checked against DuckDB over the same table."""

from __future__ import annotations

import random

import pytest
from tables import answered

CATEGORIES = ("Banking", "Retailing", "Oil & gas operations", "Insurance")
COUNTRIES = ("United States", "Japan", "Germany")


def _rows() -> list[list[object]]:
    rng = random.Random(5)
    rows: list[list[object]] = []
    for i in range(120):
        sales = round(rng.uniform(1, 150), 2)
        rows.append(
            [
                i + 1,
                f"Company {i + 1}",
                rng.choice(COUNTRIES),
                rng.choice(CATEGORIES),
                sales,
                round(sales * rng.uniform(-0.2, 0.25), 2),
                round(rng.uniform(5, 900), 2),
                round(rng.uniform(2, 300), 2),
            ]
        )
    return rows


@pytest.fixture(scope="module")
def accounts(crm):
    columns = ["rank", "name", "country", "category", "sales", "profits", "assets", "marketvalue"]
    return crm.dataset({"accounts": (columns, _rows())}, name="accounts")


def test_the_companies_that_made_the_most_profit_are_ranked_by_their_own(accounts) -> None:
    answer = answered(accounts.bot, "Which 5 companies made the most profit?")
    expected = accounts.ref.execute("select name from accounts order by profits desc limit 5").fetchall()
    assert [r[answer.columns.index("name")] for r in answer.rows] == [n for (n,) in expected]


def test_posted_a_loss_is_a_negative_profit(accounts) -> None:
    answer = answered(accounts.bot, "What percentage of our accounts posted a loss?")
    (share,) = accounts.ref.execute("select avg((profits < 0)::int) from accounts").fetchone()
    assert answer.rows[0][0] == pytest.approx(share)
    assert answer.rows[0][answer.columns.index(f"{answer.columns[0]}_percent")] == pytest.approx(share * 100)


def test_as_a_whole_is_the_groups_total_figure(accounts) -> None:
    answer = answered(accounts.bot, "What's the profit margin of the Banking industry as a whole?")
    (margin,) = accounts.ref.execute(
        "select sum(profits) / sum(sales) from accounts where category = 'Banking'"
    ).fetchone()
    assert answer.rows[0][0] == pytest.approx(margin)
