"""An e-commerce shipping export (one row per shipped order: warehouse block, mode of shipment, care
calls, rating, cost, importance, gender, discount, weight in grams, a 0/1 'Reached.on.Time_Y.N'). The
rows are shipments, said as orders or parcels; "late" is the on-time flag said the other way (read by its
name: 1 = on time); kilograms are the grams / 1000; "shipped" says every row, never the mode 'Ship';
"did they" after a declined turn is declined. Checked against DuckDB over the same file."""

from __future__ import annotations

import pytest
from tables import answered

SHIPMENTS = (
    "ID,Warehouse_block,Mode_of_Shipment,Customer_care_calls,Cost_of_the_Product,Product_importance,"
    "Weight_in_gms,Reached.on.Time_Y.N\n"
    + "".join(
        f"{i},{'ABCDF'[i % 5]},{('Ship', 'Flight', 'Road')[i % 3]},{2 + i % 6},{96 + (i * 37) % 200},"
        f"{('low', 'medium', 'high')[(i * 7) % 3]},{1000 + (i * 731) % 6000},{(i * 3) % 5 % 2}\n"
        for i in range(1, 301)
    )
)
ON_TIME = '"Reached.on.Time_Y.N"'


@pytest.fixture(scope="module")
def ship(crm):
    return crm.dataset({"shipments": SHIPMENTS}, name="shipping")


def test_late_is_the_on_time_flag_said_the_other_way(ship) -> None:
    answer = answered(ship.bot, "What percentage of our orders arrived late?")
    want = ship.ref.execute(f"select avg(({ON_TIME} = 0)::int) from shipments").fetchone()[0]
    assert answer.rows[0][0] == pytest.approx(want)
    by_mode = answered(ship.bot, "late rate by mode of shipment")
    assert len(by_mode.rows) == 3


def test_weights_in_grams_are_asked_in_kilograms(ship) -> None:
    answer = answered(ship.bot, "How many parcels weigh more than 5 kg?")
    assert (
        answer.rows[0][0]
        == ship.ref.execute("select count(*) from shipments where Weight_in_gms > 5000").fetchone()[0]
    )


def test_shipped_says_every_row_never_the_mode_ship(ship) -> None:
    answer = answered(ship.bot, "What's the total cost of all high-importance products we shipped?")
    want = ship.ref.execute(
        "select sum(Cost_of_the_Product) from shipments where Product_importance = 'high'"
    ).fetchone()[0]
    assert answer.rows[0][0] == want
    sent = answered(ship.bot, "How many orders were sent by ship?")
    assert (
        sent.rows[0][0]
        == ship.ref.execute("select count(*) from shipments where Mode_of_Shipment = 'Ship'").fetchone()[0]
    )


def test_they_after_a_declined_turn_is_declined(ship) -> None:
    assert ship.bot.ask("How many customers had exactly 2 prior purchases?").status != "answer"
    assert ship.bot.ask("how many times on average did they call customer care?").status == "clarify"
    ship.bot.reset()
