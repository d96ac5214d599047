"""Export shapes met in round 30 (tests/questions/README.md): an accounts-receivable file, purchase orders,
a product list with stock and units sold. Each answer is checked against DuckDB over the same rows."""

from __future__ import annotations

import datetime as dt

import pytest
from tables import answered

INVOICES = (
    "countryCode,customerID,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,Disputed,SettledDate,DaysToSettle,DaysLate\n"
    + "".join(
        f"{(391, 406, 770)[i % 3]},{1000 + i % 12:04d}-AB{'CDEFG'[i % 5]}{'HJK'[i % 3]},{900000 + i},"
        f"{dt.date(2012, 1, 3) + dt.timedelta(days=2 * i)},{dt.date(2012, 2, 2) + dt.timedelta(days=2 * i)},"
        f"{20 + (i * 37) % 90}.25,{('No', 'Yes')[i % 4 == 0]},"
        f"{dt.date(2012, 1, 3) + dt.timedelta(days=2 * i + 10 + (i * 7) % 35)},{10 + (i * 7) % 35},"
        f"{max(0, 10 + (i * 7) % 35 - 30)}\n"
        for i in range(240)
    )
)
ORDERS = (
    "PO_ID,Supplier,Order_Date,Delivery_Date,Item_Category,Order_Status,Quantity,Unit_Price,Negotiated_Price,"
    "Defective_Units,Compliance\n"
    + "".join(
        f"PO-{i:05d},{('Alpha_Inc', 'Beta_Supplies', 'Gamma_Co')[i % 3]},"
        f"{dt.date(2022, 1, 1) + dt.timedelta(days=3 * i)},"
        f"{dt.date(2022, 1, 6) + dt.timedelta(days=3 * i + i % 9) if i % 10 else ''},"
        f"{('MRO', 'Packaging', 'Electronics')[i % 3 if i % 7 else 1]},"
        f"{('Delivered', 'Cancelled', 'Pending', 'Delivered')[i % 4]},{100 + 13 * i},{20 + i % 9}.5,"
        f"{18 + i % 9}.25,{i % 11 if i % 5 else ''},{('Yes', 'No')[i % 6 == 0]}\n"
        for i in range(180)
    )
)
PRODUCTS = (
    "Product_ID,Product_Name,Catagory,Supplier_ID,Supplier_Name,Stock_Quantity,Reorder_Level,Unit_Price,"
    "Date_Received,Last_Order_Date,Sales_Volume,Status\n"
    + "".join(
        f"P{i:04d},{('Bread Flour', 'Arabica Coffee', 'Haddock', 'Greek Yogurt')[i % 4]},"
        f"{('Bakery', 'Beverages', 'Seafood', 'Dairy')[i % 4]},S{i:04d},{('Katz', 'Viva', 'Youfeed')[i % 3]},"
        f"{10 + (i * 17) % 90},{20 + (i * 7) % 60},${2 + i % 15}.50 ,"
        f"{dt.date(2024, 3, 1) + dt.timedelta(days=2 * i)},{dt.date(2024, 6, 1) + dt.timedelta(days=i)},"
        f"{30 + (i * 11) % 70},{('Active', 'Discontinued', 'Backordered')[i % 3]}\n"
        for i in range(150)
    )
)


@pytest.fixture(scope="module")
def receivables(crm):
    return crm.dataset({"invoices": INVOICES}, name="receivables")


@pytest.fixture(scope="module")
def purchasing(crm):
    return crm.dataset({"purchase_orders": ORDERS}, name="purchasing")


@pytest.fixture(scope="module")
def stock(crm):
    return crm.dataset({"inventory": PRODUCTS}, name="stock")


def one(ds, sql: str):
    return ds.ref.execute(sql).fetchall()[0][0]


def test_a_count_columns_state_is_a_condition_kept_by_a_follow_up(receivables) -> None:
    """ "paid late" of DaysLate is DaysLate > 0; "their total value" after it keeps that condition."""
    bot = receivables.bot
    assert bot.ask("How many invoices were disputed?").status == "answer"
    late = bot.ask("And how many of those were paid late?")
    total = bot.ask("What's their total value?")
    bot.reset()
    assert late.rows[0][0] == one(
        receivables, "select count(*) from invoices where Disputed = 'Yes' and DaysLate > 0"
    )
    assert total.rows[0][0] == pytest.approx(
        one(receivables, "select sum(InvoiceAmount) from invoices where Disputed = 'Yes' and DaysLate > 0")
    )


def test_a_state_is_the_share_asked_for(receivables) -> None:
    got = answered(receivables.bot, "What percentage of our invoices get paid late?")
    share = one(receivables, "select avg((DaysLate > 0)::int) from invoices")
    assert got.rows[0][0] in (pytest.approx(share), pytest.approx(100 * share))


def test_by_the_customer_after_a_flag_is_who_did_it(receivables) -> None:
    """ "disputed by the customer" is one share over all invoices, never a split by customer."""
    got = answered(receivables.bot, "What share of invoices were disputed by the customer?")
    assert len(got.rows) == 1
    share = one(receivables, "select avg((Disputed = 'Yes')::int) from invoices")
    assert got.rows[0][-1] in (pytest.approx(share), pytest.approx(100 * share))


def test_one_date_of_a_record_against_another(receivables) -> None:
    got = answered(receivables.bot, "How many invoices were paid after their due date?")
    assert got.rows[0][0] == one(receivables, "select count(*) from invoices where SettledDate > DueDate")


def test_settle_is_said_as_pay(receivables) -> None:
    got = answered(receivables.bot, "On average, how many days does it take to pay an invoice?")
    assert got.rows[0][0] == pytest.approx(one(receivables, "select avg(DaysToSettle) from invoices"))


def test_a_code_starting_with_digits_is_looked_up(receivables) -> None:
    got = answered(receivables.bot, "What's the average days to settle for customer 1003-ABDH?")
    want = one(receivables, "select avg(DaysToSettle) from invoices where customerID = '1003-ABDH'")
    assert got.rows[0][0] == pytest.approx(want)


def test_compare_with_all_records_drops_the_one_value(receivables) -> None:
    bot = receivables.bot
    assert bot.ask("What's the average days to settle for customer 1003-ABDH?").status == "answer"
    got = bot.ask("How does that compare with all customers overall?")
    bot.reset()
    assert got.rows[0][0] == pytest.approx(one(receivables, "select avg(DaysToSettle) from invoices"))


def test_a_count_beside_an_amount_is_its_total(receivables) -> None:
    got = answered(receivables.bot, "Break down the number of invoices and the amount billed by country.")
    want = {
        r[0]: (r[1], r[2])
        for r in receivables.ref.execute(
            "select countryCode, count(*), sum(InvoiceAmount) from invoices group by 1"
        ).fetchall()
    }
    assert {r[0]: (r[1], pytest.approx(r[2])) for r in got.rows} == want


def test_purchase_orders_are_spend_at_the_negotiated_price(purchasing) -> None:
    got = answered(purchasing.bot, "Total purchase value by supplier")
    want = dict(
        purchasing.ref.execute(
            "select Supplier, sum(Quantity * Negotiated_Price) from purchase_orders group by 1"
        ).fetchall()
    )
    assert {r[0]: pytest.approx(r[1]) for r in got.rows} == want


def test_compliant_is_the_adjective_of_compliance(purchasing) -> None:
    got = answered(purchasing.bot, "How many orders were non-compliant?")
    assert got.rows[0][0] == one(purchasing, "select count(*) from purchase_orders where Compliance = 'No'")


def test_never_keeps_the_records_other_conditions(purchasing) -> None:
    """Categories with Beta_Supplies orders none of which were cancelled: Beta's orders on both sides."""
    got = answered(purchasing.bot, "In which categories has Beta_Supplies never had an order cancelled?")
    want = {
        r[0]
        for r in purchasing.ref.execute(
            "select distinct Item_Category from purchase_orders where Supplier = 'Beta_Supplies' and "
            "Item_Category not in (select Item_Category from purchase_orders where Supplier = 'Beta_Supplies' "
            "and Order_Status = 'Cancelled')"
        ).fetchall()
    }
    assert {r[0] for r in got.rows} == want


def test_lead_time_is_order_to_delivery(purchasing) -> None:
    got = answered(purchasing.bot, "What's the average lead time in days?")
    want = one(purchasing, "select avg(date_diff('day', Order_Date, Delivery_Date)) from purchase_orders")
    assert got.rows[0][0] == pytest.approx(want)


def test_a_ranked_follow_up_keeps_the_period(purchasing) -> None:
    bot = purchasing.bot
    assert bot.ask("What did we spend in 2022?").status == "answer"
    got = bot.ask("Which supplier got the most of that money?")
    bot.reset()
    want = purchasing.ref.execute(
        "select Supplier, sum(Quantity * Negotiated_Price) s from purchase_orders where year(Order_Date) = 2022 "
        "group by 1 order by s desc limit 1"
    ).fetchall()[0]
    assert got.rows[0][0] == want[0]
    assert got.rows[0][1] == pytest.approx(want[1])


def test_stock_below_its_reorder_level(stock) -> None:
    got = answered(stock.bot, "How many items are currently below their reorder level?")
    assert got.rows[0][0] == one(stock, "select count(*) from inventory where Stock_Quantity < Reorder_Level")
    got = answered(stock.bot, "How many items have at least twice their reorder level in stock?")
    assert got.rows[0][0] == one(
        stock, "select count(*) from inventory where Stock_Quantity >= 2 * Reorder_Level"
    )


def test_units_sold_at_their_price_are_the_revenue(stock) -> None:
    got = answered(stock.bot, "What were total sales in dollars for Dairy?")
    want = one(
        stock,
        "select sum(Sales_Volume * cast(trim(replace(Unit_Price, '$', '')) as double)) from inventory "
        "where Catagory = 'Dairy'",
    )
    assert got.rows[0][0] == pytest.approx(want)


def test_stock_on_hand_is_units_and_its_value_is_priced(stock) -> None:
    got = answered(stock.bot, "How much Arabica Coffee do we have on hand?")
    assert got.rows[0][0] == one(
        stock, "select sum(Stock_Quantity) from inventory where Product_Name = 'Arabica Coffee'"
    )
    got = answered(stock.bot, "What is our inventory worth?")
    want = one(
        stock,
        "select sum(Stock_Quantity * cast(trim(replace(Unit_Price, '$', '')) as double)) from inventory",
    )
    assert got.rows[0][0] == pytest.approx(want)


def test_a_supplier_numbered_on_every_row_is_told_by_its_name(stock) -> None:
    got = answered(stock.bot, "Which supplier holds the most stock with us?")
    want = stock.ref.execute(
        "select Supplier_Name, sum(Stock_Quantity) s from inventory group by 1 order by s desc limit 1"
    ).fetchall()[0]
    assert got.rows[0][0] == want[0]


def test_units_sold_to_date_are_never_split_by_period(stock) -> None:
    got = stock.bot.ask("Show me units sold per month.")
    stock.bot.reset()
    assert got.status == "unsupported"


def test_received_names_the_date_and_a_last_order_date_is_no_default(stock) -> None:
    got = answered(stock.bot, "How many items did we receive in May 2024?")
    assert got.rows[0][0] == one(
        stock,
        "select count(*) from inventory where Date_Received >= '2024-05-01' and Date_Received < '2024-06-01'",
    )


def test_an_average_of_one_row_each_is_asked_back(stock) -> None:
    """Product names repeat over rows (one per supplier): "which 5 products have the highest average ..."."""
    got = stock.bot.ask("Which 3 products have the highest average stock quantity?")
    stock.bot.reset()
    assert got.status == "clarify"
    assert "product name" in got.text


def test_on_time_is_none_late_and_a_follow_up_keeps_it(receivables) -> None:
    bot = receivables.bot
    got = bot.ask("How many invoices were paid on time?")
    total = bot.ask("What's their total value?")
    bot.reset()
    assert got.rows[0][0] == one(receivables, "select count(*) from invoices where DaysLate = 0")
    assert total.rows[0][0] == pytest.approx(
        one(receivables, "select sum(InvoiceAmount) from invoices where DaysLate = 0")
    )


def test_latest_beside_days_late_is_asked(receivables) -> None:
    got = receivables.bot.ask("Which invoice was paid the latest?")
    receivables.bot.reset()
    assert got.status == "clarify"


# --- the blind three, opened (README "Round 30") ----------------------------------------------------------

PEOPLE = "Salesperson,SPID,Team,Location\n" + "".join(
    f"Rep Number{i},SP{i:02d},{('Yummies', 'Delish', '')[i % 3]},{('Paris', 'Seattle')[i % 2]}\n"
    for i in range(1, 13)
)
GEO = "GeoID,Geo,Region\nG1,India,APAC\nG2,USA,Americas\nG3,UK,Europe\n"
SALES = "SPID,GeoID,SaleDate,Amount,Boxes\n" + "".join(
    f"SP{1 + i % 9:02d},G{1 + i % 3},{dt.date(2021, 1, 4) + dt.timedelta(days=i)},{100 + (i * 37) % 900},{5 + i % 40}\n"
    for i in range(300)
)
COMPLAINTS = "complaint id,submitted via,date submitted,date received,state,sub_issue,response\n" + "".join(
    f"{7000 + i},{('Web', 'Referral', 'Web Referral', 'Phone')[i % 4]},{dt.date(2021, 1, 1) + dt.timedelta(days=i)},"
    f"{dt.date(2021, 1, 1) + dt.timedelta(days=i + i % 5)},{('NY', 'FL', 'TX')[i % 3]},"
    f"{('Not defined', 'Billing dispute', 'Card lost')[i % 3]},"
    f"{('Closed with monetary relief', 'Closed with non-monetary relief', 'Closed with explanation')[i % 3]}\n"
    for i in range(240)
)
FREELANCERS = "Freelancer_ID,Client_Region,Job_Completed,Earnings_USD,Client_Rating\n" + "".join(
    f"{i},{('Asia', 'UK', 'USA')[i % 3]},{20 + (i * 7) % 261},{500 + (i * 97) % 9000},{3 + (i % 20) / 10}\n"
    for i in range(1, 400)
)


@pytest.fixture(scope="module")
def chocolates(crm):
    return crm.dataset({"people": PEOPLE, "geo": GEO, "sales": SALES}, name="chocolates")


@pytest.fixture(scope="module")
def complaints(crm):
    return crm.dataset({"complaints": COMPLAINTS}, name="complaints")


@pytest.fixture(scope="module")
def freelancers(crm):
    return crm.dataset({"freelancers": FREELANCERS}, name="freelancers")


def test_a_capital_id_links_and_names_its_reps(chocolates) -> None:
    """SPID is a key (capitals ending in ID); the top rep is shown by name."""
    got = answered(chocolates.bot, "Who is our top salesperson by sales value?")
    want = chocolates.ref.execute(
        "select p.Salesperson from sales s join people p using (SPID) group by 1 order by sum(Amount) desc limit 1"
    ).fetchall()[0][0]
    assert want in got.rows[0]


def test_what_were_sales_is_their_total(chocolates) -> None:
    got = answered(chocolates.bot, "What were sales in India?")
    want = one(chocolates, "select sum(Amount) from sales join geo using (GeoID) where Geo = 'India'")
    assert got.rows[0][0] == want


def test_shipments_are_sales_and_boxes_shipped_their_total(chocolates) -> None:
    assert answered(chocolates.bot, "How many shipments do we have?").rows[0][0] == one(
        chocolates, "select count(*) from sales"
    )
    got = answered(chocolates.bot, "How many boxes did we ship in 2021?")
    assert got.rows[0][0] == one(chocolates, "select sum(Boxes) from sales where year(SaleDate) = 2021")


def test_sales_beside_another_amount_are_money(chocolates) -> None:
    got = answered(chocolates.bot, "total sales and boxes by region")
    want = {
        r[0]: (r[1], r[2])
        for r in chocolates.ref.execute(
            "select Region, sum(Amount), sum(Boxes) from sales join geo using (GeoID) group by 1"
        ).fetchall()
    }
    assert {r[0]: (r[1], r[2]) for r in got.rows} == want


def test_the_lag_between_two_dates_of_a_complaint(complaints) -> None:
    got = answered(
        complaints.bot,
        "What's the average lag between submission and receipt?",
    )
    want = one(
        complaints, 'select avg(date_diff(\'day\', "date submitted", "date received")) from complaints'
    )
    assert got.rows[0][0] == pytest.approx(want)


def test_of_two_start_dates_the_makers_is_used(complaints) -> None:
    got = answered(complaints.bot, "Show the number of complaints per year.")
    assert "date submitted" in got.interpretation


def test_not_defined_is_no_value_and_non_monetary_is_no_monetary(complaints) -> None:
    got = answered(complaints.bot, "How many complaints have no sub-issue specified?")
    assert got.rows[0][0] == one(
        complaints, "select count(*) from complaints where sub_issue = 'Not defined'"
    )
    got = answered(complaints.bot, "How many complaints were closed with monetary relief?")
    assert got.rows[0][0] == one(
        complaints, "select count(*) from complaints where response = 'Closed with monetary relief'"
    )


def test_web_and_web_referral_are_two_channels(complaints) -> None:
    got = answered(complaints.bot, "How many complaints came in through the web?")
    assert got.rows[0][0] == one(
        complaints, "select count(*) from complaints where \"submitted via\" = 'Web'"
    )


def test_a_double_negative_is_asked_back(complaints) -> None:
    got = complaints.bot.ask(
        "What are the 3 most common sub-issues, leaving out the ones where no sub-issue was given?"
    )
    complaints.bot.reset()
    assert got.status == "clarify"


def test_per_completed_job_divides_by_the_jobs(freelancers) -> None:
    got = answered(freelancers.bot, "On average, how much does a freelancer earn per completed job?")
    want = one(freelancers, "select sum(Earnings_USD) / sum(Job_Completed) from freelancers")
    assert got.rows[0][0] == pytest.approx(want)


def test_and_the_lowest_ranks_the_other_way(freelancers) -> None:
    bot = freelancers.bot
    assert bot.ask("Which client region has the highest average client rating?").status == "answer"
    got = bot.ask("and the lowest?")
    bot.reset()
    want = freelancers.ref.execute(
        "select Client_Region from freelancers group by 1 order by avg(Client_Rating), 1 limit 1"
    ).fetchall()[0][0]
    assert got.rows[0][0] == want


def test_each_group_on_average_is_one_figure(stock) -> None:
    got = answered(stock.bot, "On average, how many units of stock does each supplier have with us?")
    want = one(stock, "select sum(Stock_Quantity) / count(distinct Supplier_Name) from inventory")
    assert len(got.rows) == 1 and got.rows[0][0] == pytest.approx(want)
