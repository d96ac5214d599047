"""Two exports of kinds not seen before. A hotel's bookings: the status written as 'Cancelled' /
'Not_Cancelled' (a yes/no thing in words: "cancellation rate", "cancelled and non-cancelled bookings"
split, never both at once), arrival dates kept as year and month columns ("in 2018" is the arrival
year), "reservations" the bookings, "first-time guests" the guests who are not repeated. A sales sheet
from Excel with a title above its header, whose table is named "sales" beside a "Total Sales" column:
"sales" is the money, "retailer" the Retailer column (not its Retailer ID), "when was the first sale"
a date. Checked against DuckDB over the same data."""

from __future__ import annotations

import datetime as dt

import pytest
from tables import answered, figures_match

BOOKINGS = """Booking_ID,no_of_adults,lead_time,arrival_year,arrival_month,arrival_date,market_segment_type,repeated_guest,avg_price_per_room,booking_status
INN1,2,224,2017,10,2,Offline,0,65,Not_Cancelled
INN2,2,5,2018,11,6,Online,0,106.68,Not_Cancelled
INN3,1,1,2018,2,28,Online,0,60,Cancelled
INN4,2,211,2018,5,20,Online,0,100,Cancelled
INN5,2,48,2018,4,11,Online,0,94.5,Cancelled
INN6,2,346,2018,9,13,Online,1,115,Cancelled
INN7,2,34,2017,10,15,Corporate,1,107.55,Not_Cancelled
INN8,2,83,2018,12,26,Online,0,105.61,Not_Cancelled
INN9,3,121,2018,7,6,Offline,0,96.9,Not_Cancelled
"""
CANCELLED = "booking_status = 'Cancelled'"


@pytest.fixture(scope="module")
def hotel(crm):
    return crm.dataset({"bookings": BOOKINGS}, name="hotel")


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "cancellation rate by market segment",
            f"select market_segment_type, avg(case when {CANCELLED} then 1.0 else 0 end) from bookings group by 1",
        ),
        (
            "Compare the average lead time of cancelled and non-cancelled bookings.",
            "select booking_status, avg(lead_time) from bookings group by 1",
        ),
        ("How many reservations do we have in total?", "select 'all', count(*) from bookings"),
        (
            "What was the average room price in 2018?",
            "select 'all', avg(avg_price_per_room) from bookings where arrival_year = 2018",
        ),
        (
            "cancellation rate of repeat guests vs first-time guests",
            f"select repeated_guest, avg(case when {CANCELLED} then 1.0 else 0 end) from bookings group by 1",
        ),
    ],
)
def test_bookings(hotel, question: str, sql: str) -> None:
    figures_match(answered(hotel.bot, question), hotel.ref, sql)


def test_the_status_in_words_is_a_flag(hotel) -> None:
    status = hotel.bot.catalog.model.tables["bookings"].columns["booking_status"]
    assert status.role == "flag" and status.flag_true == "Cancelled"


def test_a_row_below_its_own_lowest_value_is_never_answered(hotel) -> None:
    """ "cancel less than first-time guests" was read as lead time below the lowest lead time (empty)."""
    answer = hotel.bot.ask(
        "Do repeat guests cancel less than first-time guests? Show the cancellation rate for each."
    )
    hotel.bot.reset()
    assert answer.status == "clarify"


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    """An Excel report: a title in B2, the header on row 5 from column B, then the rows."""
    openpyxl = pytest.importorskip("openpyxl")
    from assistant.engine import Assistant
    from catalog import Catalog

    rows = [
        (
            "Foot Locker",
            1185732,
            dt.datetime(2020, 1, 1),
            "Northeast",
            "New York",
            "Men's Apparel",
            50.0,
            1200,
            600000.0,
        ),
        (
            "Walmart",
            1128299,
            dt.datetime(2020, 4, 17),
            "South",
            "Texas",
            "Women's Apparel",
            40.0,
            100,
            4000.0,
        ),
        ("Walmart", 1128299, dt.datetime(2021, 3, 2), "South", "Texas", "Men's Apparel", 45.0, 300, 13500.0),
        (
            "West Gear",
            1185732,
            dt.datetime(2021, 6, 9),
            "West",
            "California",
            "Men's Apparel",
            55.0,
            800,
            44000.0,
        ),
        (
            "Foot Locker",
            1185732,
            dt.datetime(2021, 8, 1),
            "Northeast",
            "New York",
            "Women's Apparel",
            60.0,
            500,
            30000.0,
        ),
    ]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Data Sales"
    ws["B2"] = "Sales Database"
    header = (
        "Retailer",
        "Retailer ID",
        "Invoice Date",
        "Region",
        "State",
        "Product",
        "Price per Unit",
        "Units Sold",
        "Total Sales",
    )
    for j, h in enumerate(header, start=2):
        ws.cell(row=5, column=j, value=h)
    for i, r in enumerate(rows, start=6):
        for j, v in enumerate(r, start=2):
            ws.cell(row=i, column=j, value=v)
    path = tmp_path_factory.mktemp("sheet") / "report.xlsx"
    book.save(path)
    import duckdb
    import pandas as pd

    ref = duckdb.connect()
    ref.register("frame", pd.DataFrame(rows, columns=list(header)))
    ref.execute("create table sales as select * from frame")
    return Assistant(Catalog.load([f"sales={path}"])), ref


def test_a_sheet_with_a_title_above_its_header(sheet) -> None:
    bot, _ = sheet
    columns = list(bot.catalog.model.tables["sales"].columns)
    assert columns[:3] == ["Retailer", "Retailer ID", "Invoice Date"]
    assert bot.catalog.model.tables["sales"].row_count == 5


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("Total sales by retailer", 'select Retailer, sum("Total Sales") from sales group by 1'),
        (
            "Top 2 states by sales",
            'select State, sum("Total Sales") from sales group by 1 order by 2 desc limit 2',
        ),
    ],
)
def test_sales_is_the_money(sheet, question: str, sql: str) -> None:
    bot, ref = sheet
    figures_match(answered(bot, question), ref, sql)


def test_when_asks_a_date_and_first_alone_is_asked(sheet) -> None:
    bot, _ = sheet
    answer = answered(bot, "When was Walmart's first sale?")
    assert str(answer.rows[0][0]).startswith("2020-04-17")
    asked = bot.ask("what was Walmart's first sale")
    bot.reset()
    assert asked.status == "clarify"
