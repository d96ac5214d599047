"""Follow-ups that name a part of what came before: "what share of them were critical?" after a count
of phone tickets (the phone tickets are the whole), "the cancellation rate for it" after the most
popular plan (that plan), "in each of those" after a top 3 (those three), "on closed deals" kept in the
follow-up. Every share is also given in percent points. Checked against DuckDB over the same file."""

from __future__ import annotations

import pytest
from tables import answered

TICKETS = "Ticket ID,Channel,Priority,Status,Plan,Cancelled,Amount\n" + "".join(
    f"{i},{('Phone', 'Email', 'Chat', 'Social')[i % 4]},{('Critical', 'High', 'Low')[(i * 7) % 3]},"
    f"{('Closed', 'Open', 'Pending')[(i * 5) % 3]},{('Plan 1', 'Plan 1', 'Plan 2', 'Plan 3')[(i * 3) % 4]},"
    f"{'Yes' if (i * 11) % 5 == 0 else 'No'},{(i * 37) % 200 + 10}\n"
    for i in range(1, 201)
)


@pytest.fixture
def desk(crm):
    return crm.dataset({"tickets": TICKETS}, name="desk")


def test_a_share_of_them_keeps_the_rows_before_as_the_whole(desk) -> None:
    desk.bot.ask("How many tickets came in by phone?")
    answer = answered(desk.bot, "what share of them were critical?")
    want = desk.ref.execute(
        "select avg((Priority = 'Critical')::int) from tickets where Channel = 'Phone'"
    ).fetchone()[0]
    assert answer.rows[0][0] == pytest.approx(want)
    assert answer.rows[0][answer.columns.index("share_percent")] == pytest.approx(want * 100)


def test_the_rate_for_it_is_the_one_named_before(desk) -> None:
    assert desk.bot.ask("Which plan has the most tickets?").status == "answer"
    answer = answered(desk.bot, "what's the cancellation rate for it?")
    top = desk.ref.execute("select Plan from tickets group by 1 order by count(*) desc limit 1").fetchone()[0]
    want = desk.ref.execute(
        f"select avg((Cancelled = 'Yes')::int) from tickets where Plan = '{top}'"
    ).fetchone()[0]
    assert answer.rows[0][0] == pytest.approx(want)


def test_it_with_nothing_before_is_asked_back(desk) -> None:
    assert desk.bot.ask("what's the cancellation rate for it?").status == "clarify"


def test_in_each_of_those_is_the_groups_named_before(desk) -> None:
    assert desk.bot.ask("Top 2 channels by number of tickets").status == "answer"
    answer = answered(desk.bot, "And what's the average amount in each of those?")
    top = desk.ref.execute(
        "select Channel from tickets group by 1 order by count(*) desc, Channel limit 2"
    ).fetchall()
    assert {r[0] for r in answer.rows} == {t[0] for t in top}
