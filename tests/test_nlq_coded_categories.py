"""A wholesaler's clients (UCI 'Wholesale customers' shape): Channel and Region stored as small numbers,
one yearly spend column per product family, no money word anywhere. "retail (channel 2)" reads the
bracket's code in place of the name the data does not know; "channel 1 customers" is Channel = 1 (never a
stray number); "grocery spend" is the Grocery column (said in the interpretation); "spend" beside
nothing the data keeps is still declined. Checked against DuckDB over the same file."""

from __future__ import annotations

import pytest
from tables import answered

CLIENTS = "Channel,Region,Fresh,Milk,Grocery,Frozen\n" + "".join(
    f"{1 + (i % 3 == 0)},{1 + i % 3},{(i * 7919) % 40000 + 3},{(i * 104729) % 20000 + 55},"
    f"{(i * 1299709) % 30000 + 3},{(i * 15485863) % 9000 + 25}\n"
    for i in range(1, 121)
)


@pytest.fixture(scope="module")
def clients(crm):
    return crm.dataset({"customers": CLIENTS}, name="wholesale")


def test_a_name_explained_by_a_bracketed_code(clients) -> None:
    answer = answered(clients.bot, "How many of our customers are retail (channel 2)?")
    want = clients.ref.execute("select count(*) from customers where Channel = 2").fetchone()[0]
    assert answer.rows[0][0] == want
    assert any("'retail' read as channel 2" in n for n in answer.notes)


def test_codes_said_with_their_column(clients) -> None:
    answer = answered(
        clients.bot, "Average fresh spend of Horeca (channel 1) customers in the Other region (region 3)?"
    )
    want = clients.ref.execute(
        "select avg(Fresh) from customers where Channel = 1 and Region = 3"
    ).fetchone()[0]
    assert answer.rows[0][0] == pytest.approx(want)
    split = answered(clients.bot, "customers in region 3 by channel")
    got = {r[0]: r[1] for r in split.rows}
    assert got == dict(
        clients.ref.execute("select Channel, count(*) from customers where Region = 3 group by 1").fetchall()
    )


def test_spend_beside_a_column_of_amounts(clients) -> None:
    answer = answered(clients.bot, "Average grocery spend per customer for each channel")
    got = {r[0]: r[1] for r in answer.rows}
    want = dict(clients.ref.execute("select Channel, avg(Grocery) from customers group by 1").fetchall())
    assert got == pytest.approx(want)
    assert "'spend' read as the amounts in Grocery" in answer.notes


def test_spend_of_nothing_named_is_declined(clients) -> None:
    answer = clients.bot.ask("What is our total spend?")
    assert answer.status != "answer"


def test_a_year_of_amounts_in_data_with_no_dates(clients) -> None:
    answer = answered(clients.bot, "How many Oporto customers (region 2) spend over 10k a year on milk?")
    want = clients.ref.execute("select count(*) from customers where Region = 2 and Milk > 10000").fetchone()[
        0
    ]
    assert answer.rows[0][0] == want
    assert any("the period the amounts cover" in n for n in answer.notes)


def test_each_groups_share_of_the_records(clients) -> None:
    answer = answered(clients.bot, "What share of customers is in each region, as a percentage?")
    want = dict(
        clients.ref.execute(
            "select Region, count(*) / sum(count(*)) over () from customers group by 1"
        ).fetchall()
    )
    assert {r[0]: r[1] for r in answer.rows} == pytest.approx(want)
    assert [r[answer.columns.index("share_percent")] for r in answer.rows] == pytest.approx(
        [r[1] * 100 for r in answer.rows]
    )


def test_how_many_times_higher_is_asked_back(clients) -> None:
    answer = clients.bot.ask(
        "How many times higher is the average grocery spend in channel 2 than in channel 1?"
    )
    assert answer.status == "clarify"
