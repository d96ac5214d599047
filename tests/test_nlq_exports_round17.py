"""Export shapes met on unseen data in round 17 (tests/questions/README.md), each answer checked against
DuckDB over the same rows, or asked back where it cannot be answered safely:

- a complaints log: one date written twice (22-04-15 and 22-Apr-15), states repeated on every complaint,
  a status of Open / Closed / Pending / Solved;
- a grocery chain: customers with a date of birth and a postal code, transactions of one year that
  point at them and at a product list with a retail price and a cost;
- car sales, one car a row (a price, the buyer's annual income, a brand and a region);
- insurance claims ('?' for an unknown collision type, a Y/N fraud flag, `policy_deductable`);
- a bank's loan campaign (thousands unstated, 0/1 product flags, no credit score).
"""

from __future__ import annotations

import datetime as dt

import pytest
from tables import answered

STATES = ("Georgia", "Florida", "Texas", "Ohio", "Maine")
STATUSES = ("Closed", "Open", "Solved", "Pending")
COMPLAINTS = "Ticket #,Customer Complaint,Date,Date_month_year,State,Status\n" + "".join(
    f"{250000 + i},Internet speed issue {i},{(d := dt.date(2015, 1, 1) + dt.timedelta(days=(i * 7) % 340)):%d-%m-%y},"
    f"{d:%d-%b-%y},{STATES[i % 5]},{STATUSES[i % 4] if i % 5 != 4 else 'Closed'}\n"
    for i in range(1, 401)
)
CUSTOMERS = "customer_id,first_name,customer_postal_code,birthdate,gender\n" + "".join(
    f"{i},Name{i},{10000 + (i * 37) % 9000},{dt.date(1950 + i % 40, 1 + i % 12, 1 + i % 28)},{'FM'[i % 2]}\n"
    for i in range(1, 201)
)
PRODUCTS = "product_id,product_name,product_retail_price,product_cost\n" + "".join(
    f"{p},Product {p},{1 + p % 4 + 0.5},{0.5 + p % 3 * 0.25}\n" for p in range(1, 31)
)
TRANSACTIONS = "transaction_date,product_id,customer_id,quantity\n" + "".join(
    f"{dt.date(1997, 1, 1) + dt.timedelta(days=(i * 5) % 364)},{1 + (i * 7) % 29},{1 + (i * 3) % 120},{1 + i % 4}\n"
    for i in range(1, 1201)
)


@pytest.fixture(scope="module")
def complaints(crm):
    return crm.dataset({"complaints": COMPLAINTS}, name="complaints")


@pytest.fixture(scope="module")
def market(crm):
    return crm.dataset(
        {"customers": CUSTOMERS, "products": PRODUCTS, "transactions": TRANSACTIONS}, name="market"
    )


CARDS = "ID,LIMIT_BAL,SEX,AGE,BILL_AMT1,default.payment.next.month\n" + "".join(
    f"{i},{(i * 37) % 50 * 10000 + 10000},{1 + i % 2},{21 + i % 40},{(i * 53) % 9000},{int(i % 4 == 0)}\n"
    for i in range(1, 301)
)
CHANNELS = "Ticket #,Received Via,Status\n" + "".join(
    f"{i},{'Internet' if i % 3 else 'Customer Care Call'},{STATUSES[i % 4]}\n" for i in range(1, 121)
)


BRANDS = ("Ford", "Chevrolet", "Dodge", "Saab")
REGIONS = ("Austin", "Pasco", "Aurora")
STYLES = ("SUV", "Sedan", "Hardtop")
CARS = "Car_id,Date,Customer Name,Annual Income,Company,Body Style,Price ($),Dealer_Region\n" + "".join(
    f"C{i},{dt.date(2023, 1, 1) + dt.timedelta(days=i % 360)},Buyer{i},{13500 + (i * 7919) % 900000},"
    f"{BRANDS[i % 4]},{STYLES[i % 3] if i % 4 != 3 else 'SUV'},{15000 + (i * 37) % 40000},{REGIONS[(i // 4) % 3]}\n"
    for i in range(1, 601)
)
CLAIMS = (
    "policy_number,collision_type,fraud_reported,policy_deductable,total_claim_amount,insured_sex,"
    "incident_severity,incident_city,incident_hour_of_the_day,witnesses,police_report_available\n"
    + "".join(
        f"{100000 + i},{('?', 'Rear Collision', 'Side Collision')[i % 3]},{'Y' if i % 4 == 0 else 'N'},"
        f"{(500, 1000, 2000)[i % 3]},{1000 + (i * 97) % 90000},{('MALE', 'FEMALE')[i % 2]},"
        f"{('Minor Damage', 'Total Loss')[i % 2]},{('Columbus', 'Arlington', 'Hillsdale')[i % 3]},{i % 24},{i % 4},{('YES', 'NO', '?')[i % 3]}\n"
        for i in range(1, 301)
    )
)
LOANS = "ID,Age,Income,Mortgage,Personal Loan,CreditCard\n" + "".join(
    f"{i},{23 + i % 44},{8 + (i * 13) % 200},{0 if i % 3 else (i * 7) % 600},{int(i % 10 == 0)},{int(i % 3 == 0)}\n"
    for i in range(1, 401)
)


@pytest.fixture(scope="module")
def cars(crm):
    return crm.dataset({"sales": CARS}, name="cars")


@pytest.fixture(scope="module")
def claims(crm):
    return crm.dataset({"claims": CLAIMS}, name="claims")


@pytest.fixture(scope="module")
def loans(crm):
    return crm.dataset({"customers": LOANS}, name="loans")


@pytest.fixture(scope="module")
def cards(crm):
    return crm.dataset({"uci_credit_card": CARDS}, name="cards")


@pytest.fixture(scope="module")
def channels(crm):
    return crm.dataset({"tickets": CHANNELS}, name="channels")


def one(ds, sql: str):
    return ds.ref.execute(sql).fetchone()[0]


def test_one_date_written_twice_is_one_date(complaints) -> None:
    monthly = answered(complaints.bot, "complaints per month")
    want = complaints.ref.execute(
        "select count(*) from complaints group by date_trunc('month', strptime(Date_month_year, '%d-%b-%y'))"
    ).fetchall()
    assert sorted(r[1] for r in monthly.rows) == sorted(w[0] for w in want)


def test_values_with_none_of_the_denied_rows(complaints) -> None:
    """ "states with no open complaints": the states none of whose complaints is open, never the states
    having one complaint that is not."""
    none_open = answered(complaints.bot, "How many states have no open complaints at all?")
    want = one(
        complaints,
        "select count(distinct State) from complaints where State not in "
        "(select State from complaints where Status = 'Open')",
    )
    assert none_open.rows[0][0] == want
    assert want < one(complaints, "select count(distinct State) from complaints")


def test_months_of_one_year_are_named(market) -> None:
    monthly = answered(market.bot, "revenue by month for 1997")
    columns = monthly.columns
    assert "month_number" in columns and "month_name" in columns
    names = {r[columns.index("month_number")]: r[columns.index("month_name")] for r in monthly.rows}
    assert names[1] == "January" and names[12] == "December"


def test_a_birth_date_is_never_a_purchase(market) -> None:
    """Customers have a birth date and a postal code; the purchases are the transactions, so "didn't buy
    anything in 1997" is the customers with no transaction that year."""
    answer = answered(market.bot, "How many customers didn't buy anything in 1997?")
    want = one(
        market,
        "select count(*) from customers where customer_id not in (select customer_id from transactions "
        "where transaction_date >= date '1997-01-01' and transaction_date < date '1998-01-01')",
    )
    assert answer.rows[0][0] == want
    never = answered(market.bot, "How many customers never bought anything?")
    assert never.rows[0][0] == want


def test_spend_per_customer_in_two_groups(market) -> None:
    """ "spend per customer for men vs women": the revenue over each group's buyers, not a total."""
    answer = answered(market.bot, "spend per customer for men vs women")
    want = dict(
        market.ref.execute(
            "select c.gender, sum(t.quantity * p.product_retail_price) / count(distinct t.customer_id) "
            "from transactions t join products p using (product_id) join customers c using (customer_id) "
            "group by 1"
        ).fetchall()
    )
    assert {r[0]: r[1] for r in answer.rows} == pytest.approx(want)
    spend = answered(market.bot, "Who were our top 5 customers by total spend?")
    assert "revenue" in spend.text.lower() and "profit" not in spend.text.lower()


def test_month_names_in_every_dialect() -> None:
    """DuckDB's MONTHNAME as PostgreSQL and Spark write it (their own functions; the same names)."""
    from sqlglot import exp

    from catalog.backends.dialects import render

    tree = exp.select(exp.Monthname(this=exp.column("d"))).from_("t")
    assert "MONTHNAME" in render(tree, "duckdb").upper()
    assert "TO_CHAR" in render(tree, "postgres").upper() and "FMMonth" in render(tree, "postgres")
    assert "DATE_FORMAT" in render(tree, "spark").upper() and "MMMM" in render(tree, "spark")


def test_a_limit_balance_of_cards_is_the_credit_limit(cards) -> None:
    answer = answered(cards.bot, "What is the average credit limit?")
    assert answer.rows[0][0] == pytest.approx(one(cards, "select avg(LIMIT_BAL) from uci_credit_card"))


def test_how_a_ticket_came_in_is_said_as_phone_or_online(channels) -> None:
    split = answered(channels.bot, "How many tickets came in by phone vs online?")
    want = dict(channels.ref.execute('select "Received Via", count(*) from tickets group by 1').fetchall())
    assert {r[0]: r[1] for r in split.rows} == want


def test_a_word_defined_in_brackets_and_a_share_of_either_value(complaints) -> None:
    """ "unresolved (open or pending)": the values in brackets say what the unknown word means; a share
    of rows holding either of two values is one share, never one value among the other's rows."""
    answer = complaints.bot.ask("What percentage of complaints are still unresolved (open or pending)?")
    complaints.bot.reset()
    assert answer.status == "answer", answer.text
    want = one(
        complaints, "select avg(case when Status in ('Open', 'Pending') then 1 else 0 end) from complaints"
    )
    assert answer.rows[0][0] == pytest.approx(want)
    assert any("unresolved" in n for n in answer.notes)
    either = answered(complaints.bot, "what fraction of complaints got closed or solved")
    assert either.rows[0][0] == pytest.approx(1 - want)


def asked(bot, question: str) -> str:
    answer = bot.ask(question)
    bot.reset()
    assert answer.status in ("clarify", "unsupported"), (question, answer.sql)
    return answer.text


def test_the_best_of_each_group_and_groups_that_never_have_a_value(cars) -> None:
    best = answered(cars.bot, "For each region, which brand brought in the most revenue?")
    want = dict(
        cars.ref.execute(
            'select Dealer_Region, arg_max(Company, s) from (select Dealer_Region, Company, sum("Price ($)") s '
            "from sales group by 1, 2) group by 1"
        ).fetchall()
    )
    cols = best.columns
    got = {r[cols.index("Dealer_Region")]: r[cols.index("Company")] for r in best.rows}
    assert got == want
    never = answered(cars.bot, "Which brands have never sold a hardtop?")
    want_never = {
        r[0]
        for r in cars.ref.execute(
            "select distinct Company from sales where Company not in "
            "(select Company from sales where \"Body Style\" = 'Hardtop')"
        ).fetchall()
    }
    assert {r[0] for r in never.rows} == want_never == {"Saab"}


def test_a_bare_amount_is_the_price_never_the_income_and_sales_are_counted(cars) -> None:
    between = answered(cars.bot, "How many sales were between $20k and $30k?")
    assert between.rows[0][0] == one(
        cars, 'select count(*) from sales where "Price ($)" between 20000 and 30000'
    )
    by_region = answered(cars.bot, "sales by region")
    want = dict(cars.ref.execute("select Dealer_Region, count(*) from sales group by 1").fetchall())
    assert {r[0]: r[1] for r in by_region.rows} == want
    revenue = answered(cars.bot, "total revenue")
    assert revenue.rows[0][0] == one(cars, 'select sum("Price ($)") from sales')


def test_no_value_marks_fraud_words_and_a_misspelt_name(claims) -> None:
    unknown = answered(claims.bot, "For how many claims is the collision type unknown?")
    assert unknown.rows[0][0] == one(claims, "select count(*) from claims where collision_type = '?'")
    fraud = answered(claims.bot, "How many claims were flagged as fraud?")
    assert fraud.rows[0][0] == one(claims, "select count(*) from claims where fraud_reported = 'Y'")
    by = answered(claims.bot, "average total claim amount by deductible")
    want = dict(
        claims.ref.execute(
            "select policy_deductable, avg(total_claim_amount) from claims group by 1"
        ).fetchall()
    )
    assert {r[0]: r[1] for r in by.rows} == pytest.approx(want)
    asked(claims.bot, "What's the biggest single claim and which policy is it on?")  # never a count of 1 each


def test_unstated_units_unbound_concepts_and_both_ends_are_asked(loans) -> None:
    assert "unit" in asked(loans.bot, "How many customers have a mortgage above 300K?")
    assert "credit score" in asked(
        loans.bot, "What is the average credit score of customers who took the loan?"
    )
    asked(loans.bot, "Who is our youngest customer and who is the oldest? Just the ages.")
    asked(loans.bot, "Which 3 loan takers have the highest incomes?")
    ages = answered(loans.bot, "youngest and oldest age")
    assert list(ages.rows[0][:2]) == [23, 66]
    took = answered(loans.bot, "how many customers accepted the loan")
    assert took.rows[0][0] == one(loans, 'select count(*) from customers where "Personal Loan" = 1')


def test_a_word_beginning_several_column_names_names_the_rows(claims) -> None:
    """incident_severity, incident_city, incident_hour_of_the_day: "incidents" are the claims' rows."""
    answer = answered(claims.bot, "How many incidents had 3 or more witnesses?")
    assert answer.rows[0][0] == one(claims, "select count(*) from claims where witnesses >= 3")


def test_an_amount_named_beside_its_average_is_its_total(crm) -> None:
    """ "revenue and average spend by gender": both figures, never the average alone."""
    shop = crm.dataset(
        {
            "purchases": "Customer ID,Gender,Purchase Amount (USD)\n"
            + "".join(f"{i},{('Male', 'Female')[i % 2]},{20 + (i * 7) % 80}\n" for i in range(1, 201))
        },
        name="shop",
    )
    answer = answered(shop.bot, "revenue and average spend by gender")
    want = {
        g: (t, a)
        for g, t, a in shop.ref.execute(
            'select Gender, sum("Purchase Amount (USD)"), avg("Purchase Amount (USD)") from purchases group by 1'
        ).fetchall()
    }
    assert {r[0]: (r[1], pytest.approx(r[2])) for r in answer.rows} == want


def test_without_a_thing_a_yes_no_column_names(claims) -> None:
    """police_report_available YES / NO / '?': "without a police report" is NO, "with a police report"
    YES ('?' is unknown, in neither)."""
    without = answered(claims.bot, "How many claims came in without a police report?")
    assert without.rows[0][0] == one(
        claims, "select count(*) from claims where police_report_available = 'NO'"
    )
    with_one = answered(claims.bot, "how many claims with a police report")
    assert with_one.rows[0][0] == one(
        claims, "select count(*) from claims where police_report_available = 'YES'"
    )


def test_a_value_of_two_columns_is_the_one_whose_words_are_said(crm) -> None:
    """'ohio' is a policy_state and an incident_state: "Ohio policies" is the first, "incidents ... in
    Ohio" the second, "claims in Ohio" asked."""
    states = ("OH", "IN", "IL")
    ds = crm.dataset(
        {
            "claims": "policy_number,policy_state,incident_state,incident_type,incident_city,incident_severity\n"
            + "".join(
                f"{i},{states[i % 3]},{states[(i // 3) % 3]},{('Parked Car', 'Theft')[i % 2]},C{i % 5},S{i % 2}\n"
                for i in range(1, 121)
            )
        },
        name="states",
    )
    policies = answered(ds.bot, "How many claims are on Ohio policies?")
    assert policies.rows[0][0] == one(ds, "select count(*) from claims where policy_state = 'OH'")
    incidents = answered(ds.bot, "how many incidents happened in Ohio")
    assert incidents.rows[0][0] == one(ds, "select count(*) from claims where incident_state = 'OH'")
    asked(ds.bot, "how many claims in Ohio")


def test_parts_and_their_total_and_across_all_records(crm) -> None:
    """injury_claim, property_claim, vehicle_claim beside total_claim_amount: "the total amount claimed"
    is the total; "across all claims" splits nothing."""
    ds = crm.dataset(
        {
            "claims": "policy_number,injury_claim,property_claim,vehicle_claim,total_claim_amount\n"
            + "".join(
                f"{i},{(i * 13) % 900},{(i * 7) % 500},{(i * 31) % 4000},"
                f"{(i * 13) % 900 + (i * 7) % 500 + (i * 31) % 4000}\n"
                for i in range(1, 101)
            )
        },
        name="parts",
    )
    answer = answered(ds.bot, "What is the total amount claimed across all claims?")
    assert len(answer.rows) == 1
    assert answer.rows[0][0] == one(ds, "select sum(total_claim_amount) from claims")
