"""Planner rules: meaningless flag rates, skill metrics named like columns, display words, row caps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from tables import period_figures

from assistant.engine import Assistant
from catalog import Catalog

CUSTOMERS = """id,name,region,plan,monthly_fee,churned,signup_date,churn_date
1,Ann,North,Basic,20,Yes,2023-01-05,2023-06-10
2,Bob,North,Pro,50,No,2023-02-11,
3,Cid,South,Pro,55,No,2023-07-19,
4,Dee,South,Enterprise,210,No,2024-01-02,
5,Eve,West,Basic,19,Yes,2024-03-30,2024-05-02
6,Fay,West,Enterprise,199,Yes,2024-04-15,2024-06-01
7,Gus,North,Basic,25,No,2024-05-01,
"""
ORDERS = """id,customer_id,order_date,channel,amount,returned,return_date,return_reason
1,1,2023-02-01,Web,100.0,false,,
2,1,2023-03-15,Web,50.0,true,2023-03-20,Damaged
3,2,2023-03-20,Phone,300.0,false,,
4,3,2024-01-10,Web,80.0,false,,
5,4,2024-02-01,Partner,1000.0,true,2024-02-09,Wrong size
6,4,2024-05-05,Web,20.0,false,,
7,6,2024-05-20,Phone,75.5,false,,
8,2,2024-06-01,Web,10.0,true,2024-06-03,Damaged
"""
FEEDBACK = """id,customer_id,date,nps,comment
1,1,2023-03-01,9,Great product
2,2,2023-04-01,3,Too slow
3,3,2024-01-20,10,Love it
4,4,2024-02-11,6,Fine
5,5,2024-04-01,8,Okay
6,6,2024-05-01,0,Awful support
"""
TICKETS = """id,customer_id,opened_at,closed_at,priority,satisfaction
1,1,2024-01-02 10:00:00,2024-01-03 09:00:00,High,4
2,2,2024-02-05 11:00:00,,Low,
3,2,2024-03-01 08:30:00,2024-03-04 12:00:00,High,2
4,4,2024-05-20 16:00:00,,High,
5,5,2024-06-10 09:15:00,2024-06-11 10:00:00,Medium,5
"""
TABLES = {"customers": CUSTOMERS, "orders": ORDERS, "feedback": FEEDBACK, "tickets": TICKETS}


@pytest.fixture(scope="module")
def catalog(loaded: Catalog) -> Catalog:
    return loaded


@pytest.fixture
def bot(catalog: Catalog) -> Assistant:
    return Assistant(catalog, as_of=dt.date(2024, 6, 30))


# --------------------------------------------------------------------------- flag rates by their own date
def test_columns_filled_only_when_a_flag_is_true_are_found(bot: Assistant) -> None:
    assert bot.schema.only_when["customers.churned"] == {"customers.churn_date"}
    assert bot.schema.only_when["orders.returned"] == {"orders.return_date", "orders.return_reason"}
    assert "customers.signup_date" not in bot.schema.only_when["customers.churned"]


@pytest.mark.parametrize(
    "question", ["churn rate by month", "churn rate over time", "churn rate by plan over time"]
)
def test_churn_rate_over_time_goes_to_the_churn_skill(bot: Assistant, question: str) -> None:
    plan = bot.plan(question)
    assert plan.skill is not None and plan.skill.name == "churn_rate", plan.message
    answer = bot.ask(question)
    assert answer.status == "answer"
    rates = [r[-1] for r in answer.rows if r[-1] is not None]
    assert rates and not all(r == 1.0 for r in rates)  # never 100% by construction


@pytest.mark.parametrize(
    "question", ["return rate by month", "return rate by return reason", "share of orders returned in 2024"]
)
def test_rate_split_by_a_column_of_its_own_event_declines(bot: Assistant, question: str) -> None:
    answer = bot.ask(question)
    assert answer.status in ("clarify", "unsupported"), answer.interpretation


def test_rates_by_other_dates_and_counts_by_the_event_date_still_answer(bot: Assistant, ref) -> None:
    a = bot.ask("churn rate by signup year")
    assert a.status == "answer", a.text
    want = set(
        ref.execute(
            "select date_trunc('year', signup_date)::date, avg(churned::int) from customers group by 1"
        ).fetchall()
    )
    assert {(r[0], r[1]) for r in a.rows} == want
    b = bot.ask("how many orders were returned by month")
    assert b.status == "answer", b.text
    assert (
        sum(r[1] for r in b.rows) == ref.execute("select count(*) from orders where returned").fetchone()[0]
    )


def test_skills_decline_time_grains_they_cannot_do(bot: Assistant) -> None:
    assert bot.ask("churn rate by quarter").status == "unsupported"
    assert bot.ask("NPS by week").status == "unsupported"


# --------------------------------------------------------------------------- skill metrics named like columns
@pytest.mark.parametrize("question", ["NPS", "NPS by region", "net promoter score", "NPS in 2024"])
def test_metric_phrases_reach_their_skill_over_a_same_named_column(bot: Assistant, question: str) -> None:
    plan = bot.plan(question)
    assert plan.skill is not None and plan.skill.name == "nps", plan.message


def test_nps_value_is_promoters_minus_detractors(bot: Assistant, ref) -> None:
    a = bot.ask("NPS")
    want = ref.execute(
        "select (avg((nps >= 9)::int) - avg((nps <= 6)::int)) * 100 from feedback where nps is not null"
    ).fetchone()[0]
    assert a.status == "answer" and any(abs(float(v) - want) < 1e-9 for v in a.rows[0] if v is not None)


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("average NPS", "select avg(nps) from feedback"),
        ("how many feedback responses gave an NPS of 10", "select count(*) from feedback where nps = 10"),
        ("maximum nps", "select max(nps) from feedback"),
    ],
)
def test_aggregates_and_filters_on_the_column_stay_plain(
    bot: Assistant, ref, question: str, sql: str
) -> None:
    plan = bot.plan(question)
    assert plan.skill is None and plan.status == "answer", plan.message
    assert bot.ask(question).rows[0][0] == ref.execute(sql).fetchone()[0]


# --------------------------------------------------------------------------- display words
def test_interpretations_use_display_words_and_exact_values(bot: Assistant) -> None:
    a = bot.ask("average monthly_fee by region for Basic customers")
    assert a.status == "answer", a.text
    assert "monthly fee" in a.interpretation and "monthly_fee" not in a.interpretation
    assert "of customers" in a.interpretation and "plan is Basic" in a.interpretation


def test_iso_date_ranges_read_back_as_iso_dates(bot: Assistant, ref) -> None:
    a = bot.ask("orders from 2024-02-01 to 2024-05-31")
    assert "2024-02-01 to 2024-05-31" in a.interpretation and "in from" not in a.interpretation
    assert (
        a.row_count
        == ref.execute(
            "select count(*) from orders where order_date between '2024-02-01' and '2024-05-31'"
        ).fetchone()[0]
    )


# --------------------------------------------------------------------------- row cap
def test_rows_are_capped_but_the_count_is_exact(catalog: Catalog, ref) -> None:
    bot = Assistant(catalog, max_rows=3)
    a = bot.ask("list orders")
    assert len(a.rows) == 3 and a.row_count == ref.execute("select count(*) from orders").fetchone()[0]
    assert "LIMIT" not in a.sql.upper()  # the SQL shown is the question's, not the display cap
    top = bot.ask("top 2 orders by amount")
    assert len(top.rows) == 2 and top.row_count == 2
    small = Assistant(catalog, max_rows=100).ask("list orders")
    assert len(small.rows) == small.row_count == 8


# --------------------------------------------------------------------------- events that did or did not happen
@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many tickets are still open?", "select count(*) from tickets where closed_at is null"),
        ("how many tickets were closed", "select count(*) from tickets where closed_at is not null"),
        ("how many tickets were not closed", "select count(*) from tickets where closed_at is null"),
        (
            "number of unresolved High tickets",
            "select count(*) from tickets where closed_at is null and priority = 'High'",
        ),
        ("how many orders were returned", "select count(*) from orders where returned"),
    ],
)
def test_an_event_date_says_whether_the_event_happened(bot: Assistant, ref, question: str, sql: str) -> None:
    a = bot.ask(question)
    assert a.status == "answer", a.text
    assert a.rows[0][0] == ref.execute(sql).fetchone()[0]


def test_most_recent_record_uses_its_own_start_date(bot: Assistant, ref) -> None:
    a = bot.ask("When was the most recent order placed?")  # orders also have a return date
    assert a.status == "answer", a.text
    assert str(a.rows[0][0]) == str(ref.execute("select max(order_date) from orders").fetchone()[0])


# --------------------------------------------------------------------------- conditions on counts per group
@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "plans with at least 2 customers",
            "select plan, count(*) from customers group by 1 having count(*) >= 2",
        ),
        (
            "Show channels with 3 or more orders",
            "select channel, count(*) from orders group by 1 having count(*) >= 3",
        ),
        (
            "customers with more than 1 order",
            "select customer_id, count(*) from orders group by 1 having count(*) > 1",
        ),
    ],
)
def test_groups_with_at_least_n_records(bot: Assistant, ref, question: str, sql: str) -> None:
    a = bot.ask(question)
    assert a.status == "answer", a.text
    assert {tuple(r[:2]) for r in a.rows} == set(ref.execute(sql).fetchall())


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "how many plans have at least 2 customers",
            "select plan from customers group by 1 having count(*) >= 2",
        ),
        (
            "how many customers have more than 1 order",
            "select customer_id from orders group by 1 having count(*) > 1",
        ),
    ],
)
def test_how_many_groups_pass_a_count_condition(bot: Assistant, ref, question: str, sql: str) -> None:
    a = bot.ask(question)
    assert a.status == "answer" and a.row_count == 1, a.text
    assert a.rows[0][0] == len(ref.execute(sql).fetchall())


def test_money_threshold_is_not_a_count_condition(bot: Assistant, ref) -> None:
    a = bot.ask("orders over $100")
    assert a.row_count == ref.execute("select count(*) from orders where amount > 100").fetchone()[0]


# --------------------------------------------------------------------------- several figures of one column
def test_minimum_maximum_and_average_of_one_column(bot: Assistant, ref) -> None:
    a = bot.ask("Show the minimum, maximum, average amount for all orders.")
    assert a.status == "answer", a.text
    want = ref.execute("select min(amount), max(amount), avg(amount) from orders").fetchone()
    assert tuple(a.rows[0]) == pytest.approx(want)
    assert a.interpretation.startswith("Minimum, maximum and average amount")


def test_a_count_and_another_figure_of_the_same_records(bot: Assistant, ref) -> None:
    a = bot.ask("number of orders and total amount by channel")
    assert a.status == "answer", a.text
    want = set(ref.execute("select channel, count(*), sum(amount) from orders group by 1").fetchall())
    assert {tuple(r[:3]) for r in a.rows} == want
    assert bot.ask("number of customers and total amount by region").status == "clarify"


# --------------------------------------------------------------------------- the latest N records
@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("the 3 most recent orders", "select id from orders order by order_date desc limit 3"),
        ("oldest 2 customers", "select id from customers order by signup_date asc limit 2"),
        (
            "latest 2 Web orders",
            "select id from orders where channel = 'Web' order by order_date desc limit 2",
        ),
    ],
)
def test_latest_n_records_sort_by_their_own_date(bot: Assistant, ref, question: str, sql: str) -> None:
    a = bot.ask(question)
    assert a.status == "answer", a.text
    assert [r[0] for r in a.rows] == [r[0] for r in ref.execute(sql).fetchall()]


# --------------------------------------------------------------------------- rows against a figure of the table
@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "How many orders have an amount higher than the average?",
            "select count(*) from orders where amount > (select avg(amount) from orders)",
        ),
        (
            "how many customers have a monthly fee below the median monthly fee",
            "select count(*) from customers where monthly_fee < (select median(monthly_fee) from customers)",
        ),
    ],
)
def test_rows_compared_with_a_figure_of_the_whole_column(
    bot: Assistant, ref, question: str, sql: str
) -> None:
    a = bot.ask(question)
    assert a.status == "answer", a.text
    assert a.rows[0][0] == ref.execute(sql).fetchone()[0]


def test_a_column_named_twice_is_one_target(bot: Assistant, ref) -> None:
    a = bot.ask("Return the channel of the orders that is most common.")
    assert a.status == "answer", a.text
    want = ref.execute("select channel from orders group by 1 order by count(*) desc limit 1").fetchone()[0]
    assert a.rows[0][0] == want


# --------------------------------------------------------------------------- revenue of priced line items
LINES = """invoice_no,stock_code,quantity,unit_price,country
A1,P1,2,3.50,France
A1,P2,1,10.00,France
A2,P1,5,3.50,Spain
A3,P3,3,1.25,Spain
"""


def test_line_items_get_revenue_as_quantity_times_unit_price(tmp_path: Path) -> None:
    (tmp_path / "sales.csv").write_text(LINES)
    bot = Assistant(Catalog.load([str(tmp_path / "sales.csv")]))
    ref = duckdb.connect()
    ref.execute(f"create table sales as select * from read_csv_auto('{tmp_path / 'sales.csv'}')")
    a = bot.ask("What is our total revenue?")
    assert a.status == "answer", a.text
    assert a.rows[0][0] == pytest.approx(
        ref.execute("select sum(quantity * unit_price) from sales").fetchone()[0]
    )
    assert "quantity x unit price" in a.interpretation
    b = bot.ask("revenue by country")
    want = dict(ref.execute("select country, sum(quantity * unit_price) from sales group by 1").fetchall())
    assert {r[0]: pytest.approx(r[1]) for r in b.rows} == want


def test_tables_with_a_money_total_get_no_derived_revenue(bot: Assistant) -> None:
    assert all(c.formula is None for t in bot.schema.tables.values() for c in t.columns.values())


# --------------------------------------------------------------------------- people, texts and statuses
PEOPLE = """person_id,first_name,last_name,phone,status,note
1,Ann,Lee,555-1,Complete,Great
2,Bob,Kay,555-2,Cancel,
3,Cid,Ray,555-3,Complete," "
4,Dee,Fox,555-4,Pending,Slow reply
"""


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> tuple[Assistant, duckdb.DuckDBPyConnection]:
    d = tmp_path_factory.mktemp("people")
    (d / "members.csv").write_text(PEOPLE)
    ref = duckdb.connect()
    ref.execute(f"create table members as select * from read_csv_auto('{d / 'members.csv'}')")
    return Assistant(Catalog.load([str(d / "members.csv")])), ref


def test_full_names_are_first_and_last_name(people) -> None:
    bot, ref = people
    a = bot.ask("list the full names of members")
    assert a.status == "answer", a.text
    assert {"first_name", "last_name"} <= set(a.columns)
    assert a.row_count == ref.execute("select count(*) from members").fetchone()[0]


def test_a_verb_form_names_a_stored_status(people) -> None:
    bot, ref = people
    a = bot.ask("how many members were cancelled")
    assert a.status == "answer", a.text
    assert a.rows[0][0] == ref.execute("select count(*) from members where status = 'Cancel'").fetchone()[0]
    b = bot.ask("how many members completed")
    assert b.rows[0][0] == ref.execute("select count(*) from members where status = 'Complete'").fetchone()[0]


def test_words_written_together_name_a_column(people) -> None:
    bot, _ = people
    a = bot.ask("show the firstname and lastname of members")
    assert a.status == "answer", a.text
    assert {"first_name", "last_name"} <= set(a.columns)


def test_empty_texts_are_missing_or_blank(people) -> None:
    bot, ref = people
    a = bot.ask("how many members have an empty note")
    assert a.status == "answer", a.text
    assert (
        a.rows[0][0]
        == ref.execute("select count(*) from members where note is null or trim(note) = ''").fetchone()[0]
    )


def test_ids_asked_keep_the_key_column(people) -> None:
    bot, ref = people
    a = bot.ask("What are the ids and phones of each member?")
    assert a.status == "answer", a.text
    assert (
        "person_id" in a.columns and a.row_count == ref.execute("select count(*) from members").fetchone()[0]
    )


def test_no_record_of_a_kind_is_not_read_as_records_of_another_kind(bot: Assistant) -> None:
    # "customers without a Web order" is not "orders whose channel is not Web"
    assert bot.ask("show the customer names without a Web order").status in ("clarify", "unsupported")


def test_skills_over_time_decline_without_any_date(tmp_path: Path) -> None:
    (tmp_path / "subs.csv").write_text("id,plan,churned\n1,A,Yes\n2,B,No\n3,A,No\n")
    bot = Assistant(Catalog.load([str(tmp_path / "subs.csv")]))
    assert bot.ask("churn rate over time").status == "unsupported"
    assert bot.ask("churn rate by plan").status == "answer"


# --------------------------------------------------------------------------- follow-ups
def test_a_skill_answer_can_be_split_another_way(catalog: Catalog) -> None:
    bot = Assistant(catalog, as_of=dt.date(2024, 6, 30))
    assert bot.plan("NPS by plan").skill is not None
    bot.ask("NPS by plan")
    plan = bot.plan("and by region?")
    assert plan.skill is not None and plan.skill.name == "nps" and plan.request is not None
    assert plan.request.by == ("customers.region",)
    # other fragments after a skill answer are never read on their own
    assert bot.plan("only for Basic customers").status == "clarify"


def test_compared_with_another_period_follows_up(bot: Assistant, ref) -> None:
    bot.ask("number of orders in 2024")
    a = bot.ask("compared with 2023")
    assert a.status == "answer", a.text
    want = [
        ref.execute(f"select count(*) from orders where year(order_date) = {y}").fetchone()[0]
        for y in (2024, 2023)
    ]
    assert list(period_figures(a)) == want


def test_and_a_new_figure_keeps_the_groups_and_period(bot: Assistant, ref) -> None:
    bot.ask("how many orders by channel in 2024")
    a = bot.ask("and the average amount?")
    assert a.status == "answer", a.text
    want = set(
        ref.execute(
            "select channel, avg(amount) from orders where year(order_date) = 2024 group by 1"
        ).fetchall()
    )
    assert {(r[0], r[1]) for r in a.rows} == want


def test_a_negated_event_with_a_period_stays_unclear(bot: Assistant) -> None:
    assert bot.ask("tickets not closed in 2024").status in ("clarify", "unsupported")
