"""Export shapes met on unseen data in round 24 (tests/questions/README.md), each answer checked against
DuckDB over the same rows:

- a coffee chain's receipt lines whose transaction number restarts each day at each store (a receipt is
  the number, its date and its store), a store's number whose name holds "sales" (sales_outlet_id), and
  outlets named by no name column but by their neighbourhood.
"""

from __future__ import annotations

import iso3166
import pytest
from tables import answered

# ids restart at 1 each day in each of 3 stores; a receipt has 1-3 lines; each line its own product
LINES = "transaction_id,transaction_date,transaction_time,sales_outlet_id,staff_id,customer_id,product_id,quantity,line_item_amount,unit_price\n"
LINES += "".join(
    f"{t},2019-04-{day:02d},{8 + (t + store) % 9:02d}:{(t * 7) % 60:02d}:00,{store},{store * 10 + t % 2},"
    f"{(t * 31 + day * 7 + store) % 40 + 1},{line + 1 + (t % 5)},{1 + (t + line) % 3},"
    f"{(1 + (t + line) % 3) * 2.5},2.5\n"
    for day in range(1, 11)
    for store in (3, 5, 8)
    for t in range(1, 9 + store % 4)
    for line in range(1 + (t * day + store) % 3)
)
OUTLETS = (
    "sales_outlet_id,sales_outlet_type,store_address,store_city,store_telephone,Neighorhood\n"
    "3,retail,32-20 Broadway,Long Island City,777-718-3190,Astoria\n"
    "5,retail,100 Church Street,New York,343-212-5151,Lower Manhattan\n"
    "8,retail,687 9th Avenue,New York,652-212-7020,Hell's Kitchen\n"
    "2,warehouse,164-14 Jamaica Ave,Jamaica,972-871-0402,Jamaica\n"
)
RECEIPT = "(transaction_id, transaction_date, sales_outlet_id)"


@pytest.fixture(scope="module")
def coffee(crm):
    return crm.dataset({"receipts": LINES, "outlets": OUTLETS}, name="coffee")


def rows(ds, sql: str) -> list[tuple]:
    return ds.ref.execute(sql).fetchall()


def test_a_reused_transaction_number_counts_receipts_with_its_date_and_store(coffee) -> None:
    """transaction_id restarts each day at each store: a transaction is the number with its date and store
    (the buyer and the time agree on every line of one), never the bare number nor the lines."""
    got = answered(coffee.bot, "How many transactions are there?")
    want = rows(coffee, f"select count(distinct {RECEIPT}) from receipts")[0][0]
    assert got.rows[0][0] == want
    assert want not in rows(coffee, "select count(*), count(distinct transaction_id) from receipts")[0]
    assert "with its transaction date and sales outlet id" in got.interpretation


def test_transactions_by_hour_count_receipts(coffee) -> None:
    """ "which hour sees the most transactions": receipts per hour, each once."""
    got = answered(coffee.bot, "Which hour of the day has the most transactions?")
    want = rows(
        coffee,
        f"select hour(transaction_time) h, count(distinct {RECEIPT}) n from receipts group by 1 order by n desc, h limit 1",
    )
    assert tuple(got.rows[0][:2]) == want[0]


def test_average_order_value_over_receipts_per_store_with_the_store_named(coffee) -> None:
    """ "average order value per store": revenue over the receipts of each store (the split kept, never one
    figure for all), and a store's number is never summed as revenue ("sales" in sales_outlet_id)."""
    got = answered(coffee.bot, "Average order value per store?")
    want = dict(
        rows(
            coffee,
            f"select sales_outlet_id, sum(line_item_amount) / count(distinct {RECEIPT}) from receipts group by 1",
        )
    )
    assert len(got.rows) == 3
    assert {r[0]: r[got.columns.index("average_order_value")] for r in got.rows} == pytest.approx(want)
    assert "sales_outlet_id)" not in got.sql.split("AS revenue")[0].rsplit("SUM(", 1)[-1]


def test_stores_named_by_their_neighbourhood_in_a_breakdown(coffee) -> None:
    """Outlets have no name column: their one per-row text that is no address or phone names them."""
    got = answered(coffee.bot, "Break down revenue by store")
    names = {r[got.columns.index("Neighorhood")] for r in got.rows}
    assert names == {"Astoria", "Lower Manhattan", "Hell's Kitchen"}


# --- a help desk's tickets: coded severity and satisfaction, days_open beside a status 'Open' -----------
TICKETS = "ticket_number,owner_group,issue_category,ticket_type,severity,days_open,statisfaction_score,ticket status,created_date\n"
TICKETS += "".join(
    f"T{i},{('Hardware', 'Software', 'Networking')[i % 3]},{('Access/Login', 'Software', 'Hardware')[i % 3 if i % 4 else 0]},"
    f"{'Request' if i % 3 else 'Issue'},{('0 - Unassigned', '1 - Low', '2 - Medium', '3 - High')[i % 4]},{1 + (i * 7) % 37},"
    f"{('0 - Unknown', '1 - Unsatisfied', '2 - Satisfied', '3 - Highly Satisfied')[(i * 3) % 4]},"
    f"{('Open', 'Resolved', 'Closed - No Action', 'Waiting for Requestor Feedback')[i % 4 if i % 3 else 0]},"
    f"2020-{1 + i % 10:02d}-{1 + i % 27:02d}\n"
    for i in range(1, 241)
)


@pytest.fixture(scope="module")
def desk(crm):
    return crm.dataset({"tickets": TICKETS}, name="desk")


def test_open_for_days_is_the_days_column_never_the_status_too(desk) -> None:
    """ "open for more than 30 days" of days_open beside a status 'Open': the days, never both."""
    got = answered(desk.bot, "How many tickets have been open for more than 30 days?")
    assert got.rows[0][0] == rows(desk, "select count(*) from tickets where days_open > 30")[0][0]
    avg = answered(desk.bot, "What's the average number of days a ticket has been open?")
    assert avg.rows[0][0] == pytest.approx(rows(desk, "select avg(days_open) from tickets")[0][0])
    still = answered(desk.bot, "how many open tickets are there")
    assert (
        still.rows[0][0] == rows(desk, "select count(*) from tickets where \"ticket status\" = 'Open'")[0][0]
    )


def test_a_team_is_the_owner_group(desk) -> None:
    got = answered(desk.bot, "How many tickets does each support team own?")
    want = dict(rows(desk, "select owner_group, count(*) from tickets group by 1"))
    assert dict((r[0], r[1]) for r in got.rows) == want


def test_coded_no_value_and_a_numbered_score(desk) -> None:
    """'0 - Unassigned' is no severity; a score kept as '1 - Unsatisfied' .. '3 - Highly Satisfied' is
    averaged by its number, '0 - Unknown' left out."""
    never = answered(desk.bot, "How many tickets were never given a severity?")
    assert (
        never.rows[0][0] == rows(desk, "select count(*) from tickets where severity = '0 - Unassigned'")[0][0]
    )
    score = answered(desk.bot, "What's our average satisfaction score?")
    want = rows(
        desk,
        "select avg(cast(left(statisfaction_score, 1) as int)) from tickets where statisfaction_score <> '0 - Unknown'",
    )[0][0]
    assert score.rows[0][0] == pytest.approx(want)


def test_how_many_and_how_many_of_them_still_open(desk) -> None:
    """ "opened so far this month, and how many of them are still open": the tickets made in the period
    ('opened' is no status then), and those of them that are open."""
    got = answered(
        desk.bot, "How many tickets were opened in March 2020, and how many of them are still open?"
    )
    want = rows(
        desk,
        "select count(*), count(*) filter (where \"ticket status\" = 'Open') from tickets "
        "where created_date >= date '2020-03-01' and created_date < date '2020-04-01'",
    )[0]
    assert tuple(got.rows[0][:2]) == want


def test_requests_are_the_tickets_of_that_type(desk) -> None:
    """'Request' of ticket_type: "requests" are those tickets, never every ticket (an other name)."""
    got = answered(desk.bot, "how many requests are there")
    assert got.rows[0][0] == rows(desk, "select count(*) from tickets where ticket_type = 'Request'")[0][0]


def test_the_date_range_of_the_records(desk) -> None:
    got = answered(desk.bot, "What date range do the tickets cover?")
    assert tuple(got.rows[0]) == rows(desk, "select min(created_date), max(created_date) from tickets")[0]


# --- a sales funnel: leads, and the closed deals some of them became (both keyed by mql_id) ---------------
LEADS = "mql_id,first_contact_date,origin\n" + "".join(
    f"L{i},2018-{1 + i % 6:02d}-{1 + i % 28:02d},{('social', 'email', 'paid_search', 'organic_search')[i % 4]}\n"
    for i in range(1, 201)
)
DEALS = "mql_id,seller_id,sr_id,won_date,business_segment,declared_monthly_revenue\n" + "".join(
    f"L{i},S{i},R{i % 5},2018-{2 + i % 9:02d}-{1 + (i * 3) % 28:02d} 10:00:00,{('pet', 'toys', 'home_decor', 'audio')[i % 4] if i != 9 else 'jewelry'},{(i * 1000) % 7000}\n"
    for i in range(1, 201)
    if i % 3 == 0
)


@pytest.fixture(scope="module")
def funnel(crm):
    return crm.dataset({"leads": LEADS, "closed_deals": DEALS}, name="funnel")


def test_deals_closed_won_or_signed_are_the_closed_deals(funnel) -> None:
    got = answered(funnel.bot, "How many deals did we sign in April 2018?")
    want = rows(
        funnel, "select count(*) from closed_deals where won_date >= '2018-04-01' and won_date < '2018-05-01'"
    )
    assert got.rows[0][0] == want[0][0]
    assert (
        answered(funnel.bot, "How many deals have we closed?").rows[0][0]
        == rows(funnel, "select count(*) from closed_deals")[0][0]
    )


def test_conversion_rate_is_the_share_of_leads_with_a_deal(funnel) -> None:
    """closed_deals keyed by the lead's id: a lead converted when a deal holds its id."""
    by_origin = answered(funnel.bot, "conversion rate by origin")
    want = dict(
        rows(
            funnel,
            "select origin, avg(case when mql_id in (select mql_id from closed_deals) then 1 else 0 end) "
            "from leads group by 1",
        )
    )
    assert {r[0]: r[1] for r in by_origin.rows} == pytest.approx(want)
    social = answered(funnel.bot, "What's the conversion rate for leads that came from social?")
    assert social.rows[0][0] == pytest.approx(want["social"])
    never = answered(funnel.bot, "how many leads have no deal")
    assert (
        never.rows[0][0]
        == rows(funnel, "select count(*) from leads where mql_id not in (select mql_id from closed_deals)")[
            0
        ][0]
    )


def test_time_to_close_counts_from_the_leads_first_contact(funnel) -> None:
    got = answered(funnel.bot, "What's the average time to close by business segment?")
    want = dict(
        rows(
            funnel,
            "select business_segment, avg(date_diff('day', first_contact_date, cast(won_date as date))) "
            "from closed_deals join leads using (mql_id) group by 1",
        )
    )
    assert {r[0]: r[1] for r in got.rows} == pytest.approx(want)


def test_which_segments_have_a_single_deal(funnel) -> None:
    got = answered(funnel.bot, "Which segments have only ever produced a single deal?")
    assert [r[0] for r in got.rows] == ["jewelry"]


# --- an online shop's order lines: Amount beside Profit ------------------------------------------------
ORDERS = "Order ID;Order Date;CustomerName;State;City\n" + "".join(
    f"B-{i};{1 + i % 28:02d}-{1 + i % 12:02d}-2018;{('Asha', 'Ravi', 'Meena', 'Kiran', 'Arjun')[i % 5]};{('Gujarat', 'Kerala', 'Delhi')[i % 3]};{('Surat', 'Kochi', 'Delhi')[i % 3]}\n"
    for i in range(1, 121)
)
DETAILS = "Order ID,Amount,Profit,Quantity,Category\n" + "".join(
    f"B-{1 + i % 120},{100 + (i * 37) % 900}.00,{((i * 53) % 400) - 150}.00,{1 + i % 5},{('Clothing', 'Electronics', 'Furniture')[i % 3]}\n"
    for i in range(1, 361)
)


@pytest.fixture(scope="module")
def shop(crm):
    return crm.dataset({"orders": ORDERS, "order_details": DETAILS}, name="shop24")


def test_sales_are_the_amount_never_the_profit(shop) -> None:
    got = answered(shop.bot, "What's our total sales revenue?")
    assert got.rows[0][0] == pytest.approx(rows(shop, "select sum(Amount) from order_details")[0][0])


def test_line_items_are_the_order_details(shop) -> None:
    got = answered(shop.bot, "How many order lines were sold at a loss?")
    assert got.rows[0][0] == rows(shop, "select count(*) from order_details where Profit < 0")[0][0]


def test_profitable_groups_by_their_total_profit(shop) -> None:
    most = answered(shop.bot, "Which category is the most profitable?")
    want = rows(shop, "select Category, sum(Profit) s from order_details group by 1 order by s desc limit 1")
    assert most.rows[0][0] == want[0][0]
    losing = answered(shop.bot, "Which states are losing money overall?")
    want_states = rows(
        shop,
        'select State from order_details d join orders o on d."Order ID" = o."Order ID" group by 1 having sum(Profit) < 0',
    )
    assert sorted(r[0] for r in losing.rows) == sorted(r[0] for r in want_states)


# --- a lender's loans: 'Charged Off', one-letter grades, terms ------------------------------------------
LOANS = "id,grade,term,loan_status,verification_status,annual_income,loan_amount,home_ownership\n" + "".join(
    f"{i},{'ABCDEFG'[i % 7]},{' 36 months' if i % 4 else ' 60 months'},{('Fully Paid', 'Charged Off', 'Current')[i % 3 if i % 5 else 1]},"
    f"{('Verified', 'Source Verified', 'Not Verified')[i % 3]},{20000 + (i * 977) % 90000},{1000 + (i * 331) % 30000},{('RENT', 'MORTGAGE', 'OWN')[i % 3]}\n"
    for i in range(1, 351)
)


@pytest.fixture(scope="module")
def lender(crm):
    return crm.dataset({"loans": LOANS}, name="lender")


def test_charge_off_rate_by_grade_from_a_to_g(lender) -> None:
    """'Charged Off' said as "charge-off"; "from A to G" of a split is every grade in order (the letter A
    never an article)."""
    got = answered(lender.bot, "Show the charge-off rate for each grade, from A to G.")
    want = rows(
        lender,
        "select grade, avg(case when loan_status = 'Charged Off' then 1 else 0 end) from loans group by 1 order by 1",
    )
    assert [(r[0], pytest.approx(r[1])) for r in got.rows] == [(g, pytest.approx(v)) for g, v in want]
    some = answered(lender.bot, "how many loans with grades from A to C")
    assert some.rows[0][0] == rows(lender, "select count(*) from loans where grade in ('A', 'B', 'C')")[0][0]


def test_the_split_between_every_value_as_a_percentage(lender) -> None:
    got = answered(
        lender.bot, "What's the split between 36-month and 60-month loans, as a percentage of all loans?"
    )
    want = dict(rows(lender, "select trim(term), count(*) / sum(count(*)) over () from loans group by 1"))
    assert {str(r[0]).strip(): r[1] for r in got.rows} == pytest.approx(want)


def test_a_share_that_had_a_status_is_of_the_records(lender) -> None:
    """ "what share had income verified": of the loans (or asked back), never a share of the income."""
    answer = lender.bot.ask("what share had income verified?")
    lender.bot.reset()
    assert "annual_income" not in (answer.sql or "") or answer.status != "answer"


# --- theme-park reviews: 'YYYY-M' months, reviewers' countries, parks sharing a first word ------------------
PARKS = ("Disneyland_California", "Disneyland_Paris", "Disneyland_HongKong")
COUNTRIES = (
    "United States",
    "United Kingdom",
    "Australia",
    "India",
    "Hong Kong",
    "Singapore",
    "Canada",
    "France",
)
REVIEWS = "Review_ID,Rating,Year_Month,Reviewer_Location,Branch\n" + "".join(
    f"{1000 + i},{1 + (i * 7) % 5},{'missing' if i % 23 == 0 else f'{2014 + i % 5}-{1 + i % 12}'},"
    f"{COUNTRIES[i % 8] if i % 9 else COUNTRIES[(i // 9) % 8]},{PARKS[i % 3]}\n"
    for i in range(1, 3001)
)
# a hundred more countries, a few reviews each: more values than a category's list, all of them countries
MORE = [c.name for c in iso3166.countries if "," not in c.name and c.name not in COUNTRIES][:110]
REVIEWS += "".join(f"{5000 + i},3,2018-{1 + i % 12},{MORE[i % 110]},Disneyland_Paris\n" for i in range(330))


@pytest.fixture(scope="module")
def parks(crm):
    return crm.dataset({"reviews": REVIEWS}, name="parks")


def test_months_written_without_a_leading_zero_are_dates(parks) -> None:
    got = answered(parks.bot, "Show me the number of reviews per year.")
    want = rows(
        parks,
        "select year(strptime(Year_Month, '%Y-%m')), count(*) from reviews where Year_Month <> 'missing' group by 1 order by 1",
    )
    assert [int(r[-1] if isinstance(r[-1], int) else r[1]) for r in got.rows] == [n for _, n in want]


def test_a_park_by_its_own_word_and_a_place_said_two_ways_is_asked(parks) -> None:
    """Branches share 'Disneyland': "Paris" is Disneyland_Paris; "Hong Kong" is a branch and a reviewer's
    country, asked back unless listed with other countries."""
    paris = answered(parks.bot, "How many reviews did Paris get?")
    assert (
        paris.rows[0][0]
        == rows(parks, "select count(*) from reviews where Branch = 'Disneyland_Paris'")[0][0]
    )
    both = parks.bot.ask("How many Hong Kong reviews came from Singapore or Malaysia?")
    parks.bot.reset()
    assert both.status == "clarify"
    listed = answered(parks.bot, "how many reviews from Singapore or Hong Kong")
    want = rows(parks, "select count(*) from reviews where Reviewer_Location in ('Singapore', 'Hong Kong')")
    assert listed.rows[0][0] == want[0][0]


def test_reviewers_countries_and_no_text_to_read(parks) -> None:
    """A location column of country names is the reviewers' countries; with no review text, complaints
    are not read from a country column."""
    got = answered(parks.bot, "How many reviews from India were 4 stars or better?")
    want = rows(parks, "select count(*) from reviews where Reviewer_Location = 'India' and Rating >= 4")
    assert got.rows[0][0] == want[0][0]
    themes = parks.bot.ask("What are the most common complaints people write about in their reviews?")
    parks.bot.reset()
    assert "Reviewer_Location" not in (themes.sql or "")


# --- two-word names in either order -----------------------------------------------------------------------
CLIENTS = "id,channel_sales,date_activ,cons_12m,churn\n" + "".join(
    f"c{i},{('web', 'phone', 'agent', 'MISSING')[i % 4]},{2009 + i % 6}-0{1 + i % 9}-15,{(i * 4111) % 90000},{1 if i % 7 == 0 else 0}\n"
    for i in range(1, 301)
)


@pytest.fixture(scope="module")
def utility(crm):
    return crm.dataset({"clients": CLIENTS}, name="utility")


def test_a_two_word_name_said_the_other_way_round(utility) -> None:
    got = answered(utility.bot, "How many customers came through each sales channel?")
    want = dict(rows(utility, "select channel_sales, count(*) from clients group by 1"))
    assert {r[0]: r[1] for r in got.rows} == want
    joined = answered(utility.bot, "How many customers signed up in 2012?")
    want_2012 = rows(utility, "select count(*) from clients where year(date_activ) = 2012")[0][0]
    assert joined.rows[0][0] == want_2012


def test_of_them_that_converted_and_their_figure(funnel) -> None:
    """ "how many of them ended up as closed deals?" after a count of leads: those leads with a deal; "what's
    their average days to close?" after the top sales rep: that rep's (a rep's hashed id stands for them)."""
    funnel.bot.reset()
    funnel.bot.ask("How many leads did we get in March 2018?")
    got = funnel.bot.ask("How many of them ended up as closed deals?")
    funnel.bot.reset()
    want = rows(
        funnel,
        "select count(*) from leads where first_contact_date >= '2018-03-01' and first_contact_date < '2018-04-01' "
        "and mql_id in (select mql_id from closed_deals)",
    )
    assert got.status == "answer" and got.rows[0][0] == want[0][0]
    top = funnel.bot.ask("Which sr has closed the most deals?")
    rep = top.rows[0][0]
    theirs = funnel.bot.ask("What's their average days to close?")
    funnel.bot.reset()
    want_days = rows(
        funnel,
        "select avg(date_diff('day', first_contact_date, cast(won_date as date))) from closed_deals "
        f"join leads using (mql_id) where sr_id = '{rep}'",
    )
    assert theirs.status == "answer" and theirs.rows[0][0] == pytest.approx(want_days[0][0])
