"""Export shapes met on unseen data in round 21 (tests/questions/README.md), each answer checked against
DuckDB over the same rows:

- a sales log of lines with an order quantity and no order number, beside one that keeps an invoice
  number ("how many orders" are the lines of the first, the distinct invoices of the second);
"""

from __future__ import annotations

import pytest
from tables import answered

LINES = "sale_date,country,order_quantity,revenue\n" + "".join(
    f"2016-{1 + i % 12:02d}-{1 + i % 28:02d},{('France', 'Germany')[i % 2]},{1 + (i * 7) % 30},{100 + i}\n"
    for i in range(1, 301)
)
INVOICED = "InvoiceNo,InvoiceDate,Quantity,UnitPrice,Country\n" + "".join(
    f"{53000 + i // 3},2011-{1 + i % 12:02d}-{1 + i % 28:02d},{1 + i % 9},{(i % 7) + 0.5},France\n"
    for i in range(1, 301)
)


@pytest.fixture(scope="module")
def bikes(crm):
    return crm.dataset({"sales": LINES}, name="bike_lines")


@pytest.fixture(scope="module")
def retail(crm):
    return crm.dataset({"transactions": INVOICED}, name="invoiced")


def one(ds, sql: str):
    return ds.ref.execute(sql).fetchone()[0]


def test_orders_of_a_log_without_order_numbers_are_its_lines(bikes, retail) -> None:
    """ "how many orders" of sales lines with no order id counts the lines (never the order quantity);
    where an invoice number is kept, the orders are its distinct numbers."""
    big = answered(bikes.bot, "How many orders were for more than 20 units?")
    assert big.rows[0][0] == one(bikes, "select count(*) from sales where order_quantity > 20")
    units = answered(bikes.bot, "how many units did we sell?")
    assert units.rows[0][0] == one(bikes, "select sum(order_quantity) from sales")
    invoices = retail.bot.ask("how many orders are there?")
    retail.bot.reset()
    lines = one(retail, "select count(*) from transactions")
    assert invoices.status != "answer" or invoices.rows[0][0] == one(
        retail, "select count(distinct InvoiceNo) from transactions"
    ), "the lines of invoices are never each an order"
    assert lines != one(retail, "select count(distinct InvoiceNo) from transactions")


SALES = "transaction_id,order_date,product_category,units_sold,unit_price,total_revenue,region\n" + "".join(
    f"{10000 + i},2024-{1 + i % 8:02d}-{1 + i % 27:02d},{('Books', 'Sports', 'Clothing')[i % 3]},"
    f"{1 + i % 4},{(i % 9) * 10 + 9.99},{(1 + i % 4) * ((i % 9) * 10 + 9.99):.2f},{('Asia', 'Europe')[i % 2]}\n"
    for i in range(1, 241)
)
CUSTOMERS = (
    "Customer Name,Country,Age,Annual Salary,Credit Card Debt,Net Worth,Car Purchase Amount\n"
    + "".join(
        f"Person {i},{('Israel', 'Canada', 'Peru')[i % 3]},{20 + (i * 7) % 50 + (i % 10) / 10},"
        f"{30000 + (i * 997) % 60000},{100 + (i * 31) % 9000},{20000 + (i * 7919) % 900000},{9000 + (i * 613) % 60000}\n"
        for i in range(1, 301)
    )
)
LEADS = "Lead Number,Lead Source,City,Tags,Country,Converted\n" + "".join(
    f"{660000 + i},{('Google', 'Direct Traffic', 'Olark Chat')[i % 3]},"
    f"{('Mumbai', 'Select', '', 'Thane')[i % 4]},{('Busy', 'Ringing', 'Closed by Horizzon')[i % 3]},"
    f"{('India', 'unknown', '', 'Qatar')[i % 4]},{int(i % 5 == 0)}\n"
    for i in range(1, 401)
)


@pytest.fixture(scope="module")
def shop(crm):
    return crm.dataset({"sales": SALES}, name="online_sales")


@pytest.fixture(scope="module")
def dealer(crm):
    return crm.dataset({"customers": CUSTOMERS}, name="car_dealer")


@pytest.fixture(scope="module")
def leads(crm):
    return crm.dataset({"leads": LEADS}, name="leads")


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("how many transactions were for just a single unit?", "units_sold = 1"),
        ("how many transactions were for 1 unit?", "units_sold = 1"),
        ("how many transactions were for 3 units or more?", "units_sold >= 3"),
        ("how many transactions were for more than 2 units?", "units_sold > 2"),
        ("How many transactions were worth between $200 and $500?", "total_revenue between 200 and 500"),
    ],
)
def test_a_number_in_a_quantitys_unit_and_what_a_record_is_worth(shop, question: str, where: str) -> None:
    """ "1 unit", "a single unit", "3 units or more": the quantity (never the unit price beside it, never a
    word silently dropped); "worth $200" is the record's amount."""
    a = answered(shop.bot, question)
    assert a.rows[0][0] == one(shop, f"select count(*) from sales where {where}")


def test_a_half_of_the_year_said_without_its_year(shop) -> None:
    a = answered(shop.bot, "What was total revenue for the first half of the year?")
    want = one(shop, "select sum(total_revenue) from sales where order_date < date '2024-07-01'")
    assert a.rows[0][0] == pytest.approx(want)
    assert "first half of 2024" in a.interpretation


def test_who_lists_the_person_and_spending_is_never_a_debt_or_a_wealth(dealer) -> None:
    """ "who is our highest earner": the person, never a bare maximum; money spent is the purchase amount
    (never Credit Card Debt or Net Worth beside it); "richest" is the highest net worth."""
    top = answered(dealer.bot, "Who is our highest earner?")
    name = one(dealer, 'select "Customer Name" from customers order by "Annual Salary" desc limit 1')
    assert len(top.rows) == 1 and name in top.rows[0]
    spent = answered(dealer.bot, "How much did our customers in Israel spend in total?")
    assert spent.rows[0][0] == pytest.approx(
        one(dealer, "select sum(\"Car Purchase Amount\") from customers where Country = 'Israel'")
    )
    rich = answered(dealer.bot, "Show me our 3 richest customers")
    worth = [r[-1] for r in rich.rows]
    assert worth == [
        r[0]
        for r in dealer.ref.execute(
            'select "Net Worth" from customers order by "Net Worth" desc limit 3'
        ).fetchall()
    ]


def test_a_follow_up_of_what_they_spent(dealer) -> None:
    dealer.bot.reset()
    dealer.bot.ask("How many customers are from Peru?")
    a = dealer.bot.ask("how much did they spend in total?")
    dealer.bot.reset()
    assert a.status == "answer", a.text
    assert a.rows[0][0] == pytest.approx(
        one(dealer, "select sum(\"Car Purchase Amount\") from customers where Country = 'Peru'")
    )


def test_known_values_skip_blanks_and_tags(leads) -> None:
    """ "whose country we know" is never a blank or an 'unknown'; "skip blanks" leaves out the split's
    blanks and a form's unanswered 'Select'; "tagged X" is the Tags; "number of leads" is a count, never
    the Lead Number column."""
    known = answered(
        leads.bot, "How many leads are from outside India? Only count leads whose country we actually know."
    )
    assert known.rows[0][0] == one(
        leads,
        "select count(*) from leads where Country <> 'India' and coalesce(Country, '') not in ('', 'unknown')",
    )
    cities = answered(leads.bot, "What's the conversion rate for each city? Skip blanks.")
    assert {r[0] for r in cities.rows} == {"Mumbai", "Thane"}
    tagged = answered(leads.bot, "How many leads are tagged Busy?")
    assert tagged.rows[0][0] == one(leads, "select count(*) from leads where Tags = 'Busy'")
    top = answered(leads.bot, "What are the top 2 lead sources by number of leads?")
    assert [r[-1] for r in top.rows] == [
        r[0]
        for r in leads.ref.execute(
            'select count(*) from leads group by "Lead Source" order by 1 desc limit 2'
        ).fetchall()
    ]


PRODUCTS = ("Sony WH-1000XM4", "Sony PlayStation 5", "Apple iPhone 14", "Apple MacBook Air", "Yeti Rambler")


@pytest.fixture(scope="module")
def catalogue_sales(crm):
    rows = "order_date,product_category,product_name,units_sold,total_revenue\n" + "".join(
        f"2024-{1 + i % 6:02d}-{1 + i % 27:02d},{('Electronics', 'Sports')[i % 2]},{PRODUCTS[i % 5]},"
        f"{1 + i % 3},{100 + (i * 37) % 900}\n"
        for i in range(1, 181)
    )
    return crm.dataset({"sales": rows}, name="catalogue_sales")


def test_a_brand_before_goods_is_the_names_holding_it(catalogue_sales) -> None:
    """ "Sony products": the product names holding the brand (said in a note), never a decline or a guess."""
    a = answered(catalogue_sales.bot, "How much revenue did Sony products bring in?")
    want = one(catalogue_sales, "select sum(total_revenue) from sales where product_name ilike '%sony%'")
    assert a.rows[0][0] == pytest.approx(want)
    assert any("brand" in n for n in a.notes) or "brand" in a.interpretation


def test_the_biggest_record_in_each_group_and_the_best_month_after_a_monthly_figure(catalogue_sales) -> None:
    """ "the biggest single order in each category" (rows are orders): its largest amount; "which month was
    best?" after revenue by month: the top month of that figure."""
    biggest = answered(catalogue_sales.bot, "What's the biggest single sale in each category?")
    want = dict(
        catalogue_sales.ref.execute(
            "select product_category, max(total_revenue) from sales group by 1"
        ).fetchall()
    )
    assert {r[0]: r[1] for r in biggest.rows} == want
    bot = catalogue_sales.bot
    bot.reset()
    bot.ask("Show monthly revenue for Sports")
    best = bot.ask("Which month was best?")
    bot.reset()
    assert best.status == "answer", best.text
    top = one(
        catalogue_sales,
        "select sum(total_revenue) from sales where product_category = 'Sports' "
        "group by date_trunc('month', order_date) order by 1 desc limit 1",
    )
    assert len(best.rows) == 1 and top in best.rows[0]


def test_which_of_two_values_gave_more_and_a_narrowing_follow_up(leads) -> None:
    """ "which of Google and Direct Traffic gave us more paying customers": the converted leads of each
    source, the larger (never a split by the yes/no); "now only ..." after a split keeps the split."""
    a = answered(leads.bot, "Which of Google and Direct Traffic gave us more paying customers?")
    want = leads.ref.execute(
        'select "Lead Source", count(*) from leads where Converted = 1 and "Lead Source" in '
        "('Google', 'Direct Traffic') group by 1 order by 2 desc limit 1"
    ).fetchone()
    assert tuple(a.rows[0][:2]) == want
    bot = leads.bot
    bot.reset()
    bot.ask("how many leads are there per lead source?")
    narrowed = bot.ask("Now only count leads that converted")
    bot.reset()
    assert narrowed.status == "answer", narrowed.text
    assert {r[0]: r[-1] for r in narrowed.rows} == dict(
        leads.ref.execute(
            'select "Lead Source", count(*) from leads where Converted = 1 group by 1'
        ).fetchall()
    )


TELCO = "Customerid,Contract,Tenureinmonths,Customerstatus,Churncategory,Churnreason,Offer\n" + "".join(
    f"C{i:04d},{('Month-to-Month', 'One Year', 'Two Year')[i % 3]},{1 + (i * 7) % 72},"
    f"{('Stayed', 'Churned', 'Joined', 'Stayed')[i % 4]},"
    f"{('Competitor', 'Price')[i % 2] if i % 4 == 1 else ''},{('Better offer', 'Too expensive')[i % 2] if i % 4 == 1 else ''},"
    f"{('None', 'Offer A', 'Offer B')[i % 3]}\n"
    for i in range(1, 241)
)
LOANS = (
    "Loan_ID,Gender,Married,Dependents,ApplicantIncome,CoapplicantIncome,Loan_Amount_Term,Credit_History,Loan_Status\n"
    + "".join(
        f"LP{i:04d},{('Male', 'Female')[i % 2]},{('Yes', 'No')[i % 3 == 0]},{('0', '1', '2', '3+')[i % 4]},"
        f"{2000 + (i * 131) % 9000},{(i * 77) % 3000},{(360, 180)[i % 5 == 0]},{'' if i % 11 == 0 else int(i % 6 != 0)},"
        f"{('Y', 'N')[i % 3 == 1]}\n"
        for i in range(1, 201)
    )
)


@pytest.fixture(scope="module")
def telco(crm):
    return crm.dataset({"customers": TELCO}, name="telco_status")


@pytest.fixture(scope="module")
def loans(crm):
    return crm.dataset({"loans": LOANS}, name="loan_apps")


def test_churn_kept_as_a_status_value(telco) -> None:
    """Customer Status 'Churned' beside 'Stayed' and 'Joined': "the churn rate" is the share of 'Churned'
    (never a guess between Churn Category and Churn Reason), "customers who left" are those; "what share
    of churners falls into each category" is each category's part of them; a run-together name is split."""
    rate = answered(telco.bot, "What's the churn rate for month-to-month contracts?")
    want = one(
        telco,
        "select avg(case when Customerstatus = 'Churned' then 1 else 0 end) from customers where Contract = 'Month-to-Month'",
    )
    assert rate.rows[0][0] == pytest.approx(want)
    left = answered(telco.bot, "How many customers left?")
    assert left.rows[0][0] == one(telco, "select count(*) from customers where Customerstatus = 'Churned'")
    spread = answered(telco.bot, "What share of churners falls into each churn category?")
    parts = dict(
        telco.ref.execute(
            "select Churncategory, count(*) * 1.0 / sum(count(*)) over () from customers "
            "where Customerstatus = 'Churned' group by 1"
        ).fetchall()
    )
    assert {r[0]: r[1] for r in spread.rows} == pytest.approx(parts)
    tenure = answered(telco.bot, "What's the average tenure in months?")
    assert tenure.rows[0][0] == pytest.approx(one(telco, "select avg(Tenureinmonths) from customers"))
    none = answered(telco.bot, "How many customers didn't take any offer?")
    assert none.rows[0][0] == one(telco, "select count(*) from customers where Offer = 'None'")


def test_loan_applications(loans) -> None:
    """Loan_Status Y/N is the approval; a table with an applicant's columns is of applications; "income" is
    the applicant's (never the co-applicant's copy); "no dependents" of '0'/'3+' text is '0'; "no credit
    history recorded" is missing."""
    rate = answered(loans.bot, "Compare the approval rate of male and female applicants.")
    want = dict(
        loans.ref.execute(
            "select Gender, avg(case when Loan_Status = 'Y' then 1 else 0 end) from loans group by 1"
        ).fetchall()
    )
    assert {r[0]: r[1] for r in rate.rows} == pytest.approx(want)
    income = answered(loans.bot, "What is the average income of the applicants?")
    assert income.rows[0][0] == pytest.approx(one(loans, "select avg(ApplicantIncome) from loans"))
    none = answered(loans.bot, "How many applicants have no dependents?")
    assert none.rows[0][0] == one(loans, "select count(*) from loans where Dependents = '0'")
    missing = answered(loans.bot, "How many applications have no credit history recorded?")
    assert missing.rows[0][0] == one(loans, "select count(*) from loans where Credit_History is null")
    rejected = answered(loans.bot, "How many loans were turned down?")
    assert rejected.rows[0][0] == one(loans, "select count(*) from loans where Loan_Status = 'N'")


MONTH_NAMES = ("January", "March", "June", "November")
REVIEWS = (
    "ReviewID,OverallRating,ReviewHeader,Datetime,ReviewBody,SeatType,DateFlown,GroundService,Recommended\n"
    + "".join(
        f'{i},{1 + i % 10},"Header {i}",{1 + i % 28}{("st", "nd", "rd", "th")[min(i % 28, 3)]} {MONTH_NAMES[i % 4]} {2019 + i % 4},'
        f'"Flight number {i} from London: {("we had a long delay at the gate and nobody told us why", "great crew, a calm lounge and good food", "the seat was fine and boarding was quick")[i % 3]}",'
        f"{('Economy Class', 'Business Class', 'First Class', 'Premium Economy')[i % 4]},{19 + i % 4}-Nov,"
        f"{'' if i % 7 == 0 else 1 + i % 5},{('yes', 'no')[i % 2]}\n"
        for i in range(1, 161)
    )
)


@pytest.fixture(scope="module")
def reviews(crm):
    return crm.dataset({"reviews": REVIEWS}, name="airline_reviews")


def test_reviews_with_a_title_a_body_and_ordinal_dates(reviews) -> None:
    """'19th November 2023' is a date; "reviews that mention a delay" searches the body (not the title);
    "seat class" is SeatType (its values are classes); "the year people flew" of a flown date kept as
    text ('22-Nov') is asked back, never the review's own date."""
    years = answered(reviews.bot, "Number of reviews posted per year")
    assert len(years.rows) == 4 and sum(r[1] for r in years.rows) == 160
    delay = answered(reviews.bot, "How many reviews mention a delay?")
    assert delay.rows[0][0] == one(reviews, "select count(*) from reviews where ReviewBody ilike '%delay%'")
    by_class = answered(reviews.bot, "Show me the average overall rating for each seat class.")
    assert {r[0] for r in by_class.rows} == {
        "Economy Class",
        "Business Class",
        "First Class",
        "Premium Economy",
    }
    flew = reviews.bot.ask("Average ground service by the year people flew")
    reviews.bot.reset()
    assert flew.status == "clarify" and not flew.rows
    blank = answered(reviews.bot, "How many reviewers left the ground service score blank?")
    assert blank.rows[0][0] == one(reviews, "select count(*) from reviews where GroundService is null")
