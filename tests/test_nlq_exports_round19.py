"""Export shapes met on unseen data in round 19 (tests/questions/README.md), each answer checked against
DuckDB over the same rows:

- a fast-food chain's campaign test: one row per store location and week (LocationID, AgeOfStore,
  MarketSize, Promotion, week 1..4, SalesInThousands), no date;
- an airline's loyalty members (a Cancellation Year blank for members still in) and their monthly flight
  activity (Year, Month, Total Flights, Distance), no date either;
- a clothing store's orders whose genders are written 'Women' and 'W', quantities '1' and 'One', and
  statuses Delivered / Returned / Cancelled / Refunded.
"""

from __future__ import annotations

import pytest
from tables import answered

SIZES = ("Small", "Medium", "Large")
CAMPAIGN = "MarketID,MarketSize,LocationID,AgeOfStore,Promotion,week,SalesInThousands\n" + "".join(
    f"{1 + loc % 5},{SIZES[loc % 3]},{100 + loc},{1 + (loc * 7) % 25},{1 + loc % 3},{week},"
    f"{20 + (loc * 13 + week * 7) % 80}.{(loc + week) % 100:02d}\n"
    for loc in range(1, 61)
    for week in range(1, 5)
)
CARDS = ("Star", "Nova", "Aurora")
MEMBERS = "Loyalty Number,Province,Loyalty Card,Salary,CLV,Cancellation Year,Cancellation Month\n" + "".join(
    f"{1000 + i},{('Ontario', 'Quebec', 'Alberta')[i % 3]},{CARDS[(i // 3) % 3]},"
    f"{'' if i % 5 == 0 else 40000 + (i * 977) % 60000},{2000 + (i * 131) % 9000}.5,"
    f"{2017 + i % 2 if i % 4 == 0 else ''},{1 + i % 12 if i % 4 == 0 else ''}\n"
    for i in range(1, 301)
)
FLIGHTS = "Loyalty Number,Year,Month,Total Flights,Distance\n" + "".join(
    f"{1000 + i},{year},{month},{(i + month) % 4},{((i + month) % 4) * 650}\n"
    for i in range(1, 301)
    for year in (2017, 2018)
    for month in range(1, 13)
)
STATUSES = ("Delivered", "Delivered", "Delivered", "Returned", "Cancelled", "Refunded")
ORDERS = "Order ID,Gender,Age,Status,Channel,Qty,Amount\n" + "".join(
    f"{'17' + str(100000 + i)},{('Women', 'Men', 'Women', 'W', 'Women', 'M')[i % 6] if i % 40 else 'W'},"
    f"{18 + i % 50},{STATUSES[i % 6]},{('Amazon', 'Myntra', 'Flipkart')[i % 3]},"
    f"{('One', 'Two')[i % 2] if i % 50 == 0 else 1 + i % 3},{300 + (i * 37) % 2500}\n"
    for i in range(1, 601)
)


@pytest.fixture(scope="module")
def campaign(crm):
    return crm.dataset({"sales": CAMPAIGN}, name="campaign")


@pytest.fixture(scope="module")
def loyalty(crm):
    return crm.dataset({"members": MEMBERS, "flights": FLIGHTS}, name="loyalty")


@pytest.fixture(scope="module")
def store(crm):
    return crm.dataset({"orders": ORDERS}, name="store")


def one(ds, sql: str):
    return ds.ref.execute(sql).fetchone()[0]


def rows(ds, sql: str) -> dict:
    return dict(ds.ref.execute(sql).fetchall())


def test_the_owner_after_of_is_never_the_column(campaign) -> None:
    """ "stores" is never AgeOfStore (a store's age): the stores are the locations, counted once each."""
    answer = answered(campaign.bot, "How many stores are there in each market size?")
    want = rows(campaign, "select MarketSize, count(distinct LocationID) from sales group by 1")
    assert {r[0]: r[1] for r in answer.rows} == want
    age = answered(campaign.bot, "What is the average store age by market size?")
    assert {r[0]: r[1] for r in age.rows} == pytest.approx(
        rows(campaign, "select MarketSize, avg(AgeOfStore) from sales group by 1")
    )


def test_a_unit_tail_is_no_word_people_say(campaign) -> None:
    """ "sales" names SalesInThousands; "$80k" against it is 80 (thousands)."""
    total = answered(campaign.bot, "What were total sales by promotion?")
    assert {r[0]: r[1] for r in total.rows} == pytest.approx(
        rows(campaign, "select Promotion, sum(SalesInThousands) from sales group by 1")
    )
    weeks = answered(campaign.bot, "How many store-weeks had sales over $80k?")
    assert weeks.rows[0][0] == one(campaign, "select count(*) from sales where SalesInThousands > 80")


def test_a_period_number_column_without_dates(campaign) -> None:
    """ "by week" splits by the week column; "average weekly sales" is each row's figure averaged."""
    weekly = answered(campaign.bot, "total sales by week")
    assert {r[0]: r[1] for r in weekly.rows} == pytest.approx(
        rows(campaign, "select week, sum(SalesInThousands) from sales group by 1")
    )
    average = answered(campaign.bot, "What's the average weekly sales for stores 10 years old or more?")
    assert average.rows[0][0] == pytest.approx(
        one(campaign, "select avg(SalesInThousands) from sales where AgeOfStore >= 10")
    )
    assert campaign.bot.ask("highest weekly sales per promotion?").status == "clarify"


def test_never_had_a_row_below(campaign) -> None:
    """ "stores that never had a week below 40": none of their rows is below it (never 'week is missing')."""
    answer = answered(campaign.bot, "How many stores never had a week below 40 thousand in sales?")
    want = one(
        campaign,
        "select count(distinct LocationID) from sales where LocationID not in "
        "(select LocationID from sales where SalesInThousands < 40)",
    )
    assert answer.rows[0][0] == want


def test_sellers_that_sold_the_least(campaign) -> None:
    answer = answered(campaign.bot, "Which 3 stores sold the least in total?")
    want = campaign.ref.execute(
        "select LocationID from sales group by 1 order by sum(SalesInThousands), 1 limit 3"
    ).fetchall()
    assert [r[0] for r in answer.rows] == [w[0] for w in want]


def test_a_value_with_its_own_column_word(campaign) -> None:
    """ "small-market stores": Small of MarketSize, then the stores counted (never markets)."""
    answer = answered(campaign.bot, "How many small-market stores got promotion 2?")
    want = one(
        campaign,
        "select count(distinct LocationID) from sales where MarketSize = 'Small' and Promotion = 2",
    )
    assert answer.rows[0][0] == want


def test_a_count_column_counts_its_records(loyalty) -> None:
    """ "Total Flights" is a count of flights (never money); the flights are its sum, per month too."""
    total = answered(loyalty.bot, "What was the total number of flights in 2018?")
    assert total.rows[0][0] == one(loyalty, 'select sum("Total Flights") from flights where Year = 2018')
    monthly = answered(loyalty.bot, "Show total flights by month for 2018.")
    want = rows(loyalty, 'select Month, sum("Total Flights") from flights where Year = 2018 group by 1')
    assert {r[0]: r[1] for r in monthly.rows} == want
    per = answered(loyalty.bot, "What's the average distance per flight in 2018?")
    assert per.rows[0][0] == pytest.approx(
        one(loyalty, 'select sum(Distance) / sum("Total Flights") from flights where Year = 2018')
    )


def test_leaving_kept_only_as_a_year(loyalty) -> None:
    """A Cancellation Year blank for members still in: "cancelled", "churn rate" read it."""
    cancelled = answered(loyalty.bot, "How many members have cancelled their membership?")
    assert cancelled.rows[0][0] == one(
        loyalty, 'select count(*) from members where "Cancellation Year" is not null'
    )
    rate = answered(loyalty.bot, "churn rate by loyalty card")
    want = rows(
        loyalty,
        'select "Loyalty Card", avg(("Cancellation Year" is not null)::int) from members group by 1',
    )
    assert {r[0]: r[1] for r in rate.rows} == pytest.approx(want)
    assert any("Cancellation Year" in line for line in loyalty.bot.catalog.changes)


def test_no_amount_on_file_is_missing(loyalty) -> None:
    answer = answered(loyalty.bot, "How many members have no salary on file?")
    assert answer.rows[0][0] == one(loyalty, "select count(*) from members where Salary is null")
    star = answered(loyalty.bot, "What's the average CLV for Star card holders?")
    assert star.rows[0][0] == pytest.approx(
        one(loyalty, "select avg(CLV) from members where \"Loyalty Card\" = 'Star'")
    )


def test_one_value_written_two_ways(store) -> None:
    """'W' beside 'Women', 'M' beside 'Men': one gender each (said in the change lines)."""
    men = answered(store.bot, "How many orders were placed by men?")
    assert men.rows[0][0] == one(store, "select count(*) from orders where Gender in ('Men', 'M')")
    assert any("'W' as 'Women'" in line for line in store.bot.catalog.changes)


def test_numbers_written_as_words(store) -> None:
    units = answered(store.bot, "How many units did we sell in total?")
    want = one(
        store,
        "select sum(case lower(Qty) when 'one' then 1 when 'two' then 2 else Qty::int end) from orders",
    )
    assert units.rows[0][0] == want
    assert any("written as words" in line for line in store.bot.catalog.changes)


def test_a_negation_said_again_by_its_values(store) -> None:
    """ "not delivered (cancelled, returned or refunded)": the share of every order, never 100%."""
    answer = answered(
        store.bot, "What fraction of orders ended up not delivered (cancelled, returned or refunded)?"
    )
    assert answer.rows[0][0] == pytest.approx(
        one(store, "select avg((Status <> 'Delivered')::int) from orders")
    )


def test_return_rate_and_a_qualified_category(store) -> None:
    rate = answered(store.bot, "Which channel has the highest return rate?")
    best = store.ref.execute(
        "select Channel from orders group by 1 order by avg((Status = 'Returned')::int) desc, 1 limit 1"
    ).fetchone()[0]
    assert rate.rows[0][0] == best
    split = answered(store.bot, "revenue by sales channel, highest first")
    want = store.ref.execute("select Channel, sum(Amount) from orders group by 1 order by 2 desc").fetchall()
    assert [(r[0], r[1]) for r in split.rows] == want
    ages = answered(store.bot, "youngest and oldest customer age?")
    assert tuple(ages.rows[0][:2]) == store.ref.execute("select min(Age), max(Age) from orders").fetchone()


# --------------------------------------------------------------------------- the second batch and the blind
ECOMMERCE = "Email,Avatar,Time on App,Time on Website,Length of Membership,Yearly Amount Spent\n" + "".join(
    f"user{i}@mail{i % 7}.com,{('Violet', 'Black', 'Teal')[i % 3]},{9 + (i * 7) % 60 / 10},"
    f"{34 + (i * 11) % 60 / 10},{0.5 + (i * 13) % 60 / 10},{300 + (i * 37) % 450}.25\n"
    for i in range(1, 201)
)
CARDS_KEYS = (
    "Sl_No,Customer Key,Avg_Credit_Limit,Total_Credit_Cards,Total_visits_online,Total_calls_made\n"
    + "".join(
        f"{i},{10000 + (i if i % 50 else 7) * 17},{(i * 7919) % 200 * 1000 + 3000},{1 + i % 7},{i % 6},{(i * 3) % 11}\n"
        for i in range(1, 301)
    )
)
HOTEL = "ID,Nationality,Age,LodgingRevenue,OtherRevenue,BookingsNoShowed,MarketSegment\n" + "".join(
    f"{i},{('PRT', 'FRA', 'DEU', 'BRA', 'AUS' if i == 5 else 'ITA')[i % 5]},{20 + i % 50},{100 + (i * 31) % 900}.5,"
    f"{(i * 17) % 200}.25,{1 if i % 23 == 0 else 0},{('Other', 'Direct', 'Travel Agent/Operator')[i % 3]}\n"
    for i in range(1, 401)
)


@pytest.fixture(scope="module")
def shoppers(crm):
    return crm.dataset({"customers": ECOMMERCE}, name="shoppers")


@pytest.fixture(scope="module")
def cardholders(crm):
    return crm.dataset({"customers": CARDS_KEYS}, name="cardholders")


@pytest.fixture(scope="module")
def hotel(crm):
    return crm.dataset({"customers": HOTEL}, name="hotel")


def test_a_period_word_in_a_figure_name(shoppers) -> None:
    """ "the median yearly spend" of Yearly Amount Spent: its name, never a split by year of no date."""
    median = answered(shoppers.bot, "What's the median yearly spend?")
    assert median.rows[0][0] == pytest.approx(
        one(shoppers, 'select median("Yearly Amount Spent") from customers')
    )
    some = answered(shoppers.bot, "How many customers spend between $400 and $500 per year?")
    assert some.rows[0][0] == one(
        shoppers, 'select count(*) from customers where "Yearly Amount Spent" between 400 and 500'
    )


def test_records_ranked_by_their_own_figure(shoppers) -> None:
    """ "which 5 clients spend the least": the customers (keyed by their e-mail) ranked by their figure."""
    answer = answered(shoppers.bot, "Which 5 clients spend the least per year?")
    want = shoppers.ref.execute(
        'select Email from customers order by "Yearly Amount Spent" limit 5'
    ).fetchall()
    assert [r[0] for r in answer.rows] == [w[0] for w in want]
    top = answered(shoppers.bot, "Who are our 3 biggest spenders?")
    assert len(top.rows) == 3


def test_a_serial_number_is_no_key(cardholders) -> None:
    """Sl_No numbers the rows; the customers are their Customer Key (a few repeated), listed with them."""
    top = answered(cardholders.bot, "Top 5 customers by credit limit?")
    assert "Customer Key" in top.columns and "Sl_No" not in top.columns
    repeated = one(cardholders, 'select "Customer Key" from customers group by 1 having count(*) > 1 limit 1')
    rows = answered(cardholders.bot, f"What's the credit limit for customer key {repeated}?")
    assert len(rows.rows) == one(
        cardholders, f'select count(*) from customers where "Customer Key" = {repeated}'
    )


def test_never_called_and_that_many(cardholders) -> None:
    never = answered(cardholders.bot, "How many clients never called the bank?")
    assert never.rows[0][0] == one(cardholders, "select count(*) from customers where Total_calls_made = 0")
    cardholders.bot.ask("What's the most calls any single customer has made?")
    many = cardholders.bot.ask("How many customers made that many calls?")
    cardholders.bot.reset()
    assert many.status == "answer"
    assert many.rows[0][0] == one(
        cardholders,
        "select count(*) from customers where Total_calls_made = (select max(Total_calls_made) from customers)",
    )


def test_two_amounts_added_and_no_shows(hotel) -> None:
    # two amounts added up that no column holds: asked, never one of them read alone and 'other' as a value
    added = hotel.bot.ask("Which 3 countries bring in the most total revenue (lodging + other)?")
    hotel.bot.reset()
    assert added.status == "clarify" and "plus" in added.text
    lodging = answered(hotel.bot, "List the customers who spent over 2,000 euros on lodging")
    assert len(lodging.rows) == one(hotel, "select count(*) from customers where LodgingRevenue > 2000")
    shows = answered(hotel.bot, "How many no-shows do we have in total?")
    assert shows.rows[0][0] == one(hotel, "select sum(BookingsNoShowed) from customers")
    single = answered(hotel.bot, "How many nationalities have just a single customer?")
    assert single.rows[0][0] == one(
        hotel, "select count(*) from (select Nationality from customers group by 1 having count(*) = 1)"
    )


def test_again_after_a_verb_is_never_dropped(hotel) -> None:
    """ "customers who ordered again" where nothing keeps repeats: declined, naming the words."""
    answer = hotel.bot.ask("How many customers from France ordered again?")
    hotel.bot.reset()
    assert answer.status == "clarify" and "again" in answer.text


def test_and_which_has_the_lowest(shoppers) -> None:
    """After "which ... has the highest average X", "and which has the lowest?" ranks the same figure."""
    shoppers.bot.ask("Which avatar has the highest average time on app?")
    low = shoppers.bot.ask("and which has the lowest?")
    shoppers.bot.reset()
    want = one(shoppers, 'select Avatar from customers group by 1 order by avg("Time on App"), 1 limit 1')
    assert low.status == "answer" and low.rows[0][0] == want
