"""The question engine end to end on small tables written here (and on Telco when ../shared exists)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
import sqlglot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tables import ORDERS

from assistant.engine import Assistant
from catalog import Catalog

SHARED = Path(__file__).resolve().parents[2] / "shared"
TELCO = SHARED / "datasets" / "telco_churn" / "WA_Fn-UseC_-Telco-Customer-Churn.csv"

CUSTOMERS = """id,name,region,plan,monthly_fee,churned,signup_date
1,Ann,North,Basic,20,true,2023-01-05
2,Bob,North,Pro,50,false,2023-02-11
3,Cid,South,Pro,55,false,2023-07-19
4,Dee,South,Enterprise,210,false,2024-01-02
5,Eve,West,Basic,19,true,2024-03-30
6,Fay,West,Enterprise,199,true,2024-04-15
"""


TABLES = {"customers": CUSTOMERS, "orders": ORDERS}


@pytest.fixture(scope="module")
def catalog(loaded: Catalog) -> Catalog:
    return loaded


@pytest.fixture
def bot(catalog: Catalog) -> Assistant:
    return Assistant(catalog, as_of=dt.date(2024, 6, 15))


def one(ref: duckdb.DuckDBPyConnection, sql: str):
    return ref.execute(sql).fetchone()[0]


def as_set(answer, *cols: int) -> set[tuple]:
    return {tuple(r[i] for i in cols) for r in answer.rows}


# --------------------------------------------------------------------------- answers
def test_counts_per_entity(bot: Assistant, ref) -> None:
    assert bot.ask("how many customers").rows[0][0] == one(ref, "select count(*) from customers")
    assert bot.ask("number of orders").rows[0][0] == one(ref, "select count(*) from orders")


def test_revenue_is_the_money_measure_joined_by_customer_region(bot: Assistant, ref) -> None:
    a = bot.ask("revenue by region")
    assert a.status == "answer", a.text
    want = set(
        ref.execute(
            "select c.region, sum(o.amount) from orders o join customers c on o.customer_id = c.id group by 1"
        ).fetchall()
    )
    assert as_set(a, 0, 1) == want
    assert "JOIN" in a.sql and a.chart is not None and a.chart.kind == "bar"


def test_customers_who_ordered_in_a_year_count_distinct_keys(bot: Assistant, ref) -> None:
    a = bot.ask("how many customers placed orders in 2024")
    assert a.status == "answer", a.text
    assert a.rows[0][0] == one(
        ref, "select count(distinct customer_id) from orders where year(order_date) = 2024"
    )
    assert "2024-01-01" in a.interpretation


def test_top_customers_by_revenue_group_the_orders(bot: Assistant, ref) -> None:
    a = bot.ask("top 2 customers by revenue")
    want = ref.execute(
        "select customer_id, sum(amount) s from orders group by 1 order by s desc limit 2"
    ).fetchall()
    key, total = a.columns.index("customer_id"), a.columns.index("total_amount")
    assert [(r[key], r[total]) for r in a.rows] == want
    # each customer's name beside the id (labels through the join graph)
    names = dict(ref.execute("select id, name from customers").fetchall())
    assert [r[a.columns.index("name")] for r in a.rows] == [names[k] for k, _ in want]


def test_flag_rate_and_which_has_the_highest(bot: Assistant, ref) -> None:
    a = bot.ask("churn rate by plan")
    want = set(ref.execute("select plan, avg(churned::int) from customers group by 1").fetchall())
    assert as_set(a, 0, 1) == want
    top = bot.ask("which plan has the highest churn rate")
    assert top.row_count == 1 and top.rows[0][0] == "Basic"


def test_filters_numbers_negation_and_lists(bot: Assistant, ref) -> None:
    a = bot.ask("how many customers have a monthly fee above 50 and did not churn")
    assert a.rows[0][0] == one(ref, "select count(*) from customers where monthly_fee > 50 and not churned")
    listed = bot.ask("list churned customers with monthly fee under 100")
    assert listed.status == "answer"
    assert {r[0] for r in listed.rows} == {
        r[0] for r in ref.execute("select id from customers where churned and monthly_fee < 100").fetchall()
    }
    assert "monthly_fee" in listed.columns


def test_time_phrases_resolve_against_as_of(bot: Assistant, ref) -> None:
    a = bot.ask("revenue last quarter")
    assert a.rows[0][0] == one(
        ref, "select sum(amount) from orders where order_date >= '2024-01-01' and order_date < '2024-04-01'"
    )
    assert "2024-01-01 to 2024-03-31" in a.interpretation
    trend = bot.ask("number of orders by month in 2024")
    assert trend.chart is not None and trend.chart.kind == "line"
    assert [r[0] for r in trend.rows] == sorted(r[0] for r in trend.rows)


def test_this_year_vs_last_year_has_change(bot: Assistant, ref) -> None:
    a = bot.ask("revenue this year vs last year")
    assert a.status == "answer", a.text
    this = one(ref, "select sum(amount) from orders where year(order_date) = 2024")
    last = one(ref, "select sum(amount) from orders where year(order_date) = 2023")
    # one row per period, the earliest first, each with its change from the one before
    earlier, later = (dict(zip(a.columns, r, strict=True)) for r in a.rows)
    assert (str(earlier["period_start"])[:4], str(later["period_start"])[:4]) == ("2023", "2024")
    assert earlier["total_amount"] == pytest.approx(last) and later["total_amount"] == pytest.approx(this)
    assert later["change"] == pytest.approx(this - last)
    assert later["pct_change"] == pytest.approx((this - last) / last)
    grew = bot.ask("by what percent did revenue grow this year vs last year")
    row = dict(zip(grew.columns, grew.rows[0], strict=True))
    assert row["this year"] == pytest.approx(this) and row["pct_change"] == pytest.approx(
        (this - last) / last
    )


def test_follow_ups_refine_the_previous_question(bot: Assistant, ref) -> None:
    first = bot.ask("number of customers by plan")
    assert first.status == "answer"
    by_region = bot.ask("and by region?")
    assert as_set(by_region, 0, 1) == set(
        ref.execute("select region, count(*) from customers group by 1").fetchall()
    )
    only = bot.ask("only churned customers")
    assert as_set(only, 0, 1) == set(
        ref.execute("select region, count(*) from customers where churned group by 1").fetchall()
    )
    bot.reset()
    fresh = bot.ask("only churned customers")
    assert fresh.status == "answer" and "region" not in fresh.columns


def test_typos_are_corrected_and_said(bot: Assistant) -> None:
    a = bot.ask("averge monthly fee")
    assert a.status == "answer"
    assert "averge" in a.interpretation and "average" in a.interpretation


# --------------------------------------------------------------------------- declines
@pytest.mark.parametrize(
    "question",
    [
        "what is the weather today",
        "how many customers live in Texas",
        "revenue by country",
        "delete all churned customers",
        "drop table orders",
        "update customers set plan = 'Pro'",
        "asdf qwerty",
    ],
)
def test_unknown_words_and_destructive_requests_are_declined(bot: Assistant, question: str) -> None:
    a = bot.ask(question)
    assert a.status in ("clarify", "unsupported"), (question, a.sql)
    assert a.sql == ""
    assert len(a.suggestions) == 3
    for s in a.suggestions:  # the suggestions themselves are answerable here
        assert Assistant(bot.catalog).ask(s).status == "answer", s


def test_a_time_phrase_without_a_date_column_is_declined(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("id,plan,churned\n1,A,true\n2,B,false\n")
    bot = Assistant(Catalog.load([str(tmp_path / "people.csv")]))
    a = bot.ask("how many people churned in 2019")
    assert a.status == "clarify" and "2019" in a.text


def test_two_columns_for_one_phrase_ask_which(tmp_path: Path) -> None:
    (tmp_path / "bills.csv").write_text("id,monthly_charges,total_charges\n1,10.5,100.0\n2,20.0,400.0\n")
    bot = Assistant(Catalog.load([str(tmp_path / "bills.csv")]))
    a = bot.ask("average charges")
    assert a.status == "clarify"
    assert "monthly_charges" in a.text and "total_charges" in a.text


def test_injection_is_inert_and_the_table_survives(bot: Assistant, catalog: Catalog) -> None:
    before = catalog.con.execute("select count(*) from customers").fetchone()[0]
    a = bot.ask("customers named Robert'); DROP TABLE customers;--")
    assert a.status in ("clarify", "unsupported")
    a2 = bot.ask('how many customers on the plan "Pro\'; DELETE FROM orders; --"')
    assert a2.status in ("clarify", "unsupported", "answer")
    assert catalog.con.execute("select count(*) from customers").fetchone()[0] == before
    assert catalog.con.execute("select count(*) from orders").fetchone()[0] == 8


class RecordingCatalog(Catalog):
    """A catalog that records every statement the engine runs."""

    ran: list[str]

    def run(self, query, limit=None):  # type: ignore[override]  # an untyped recording stand-in
        sql = query if isinstance(query, str) else query.sql(dialect="duckdb")
        self.ran.append(sql)
        return super().run(query, limit)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.text(max_size=200),
        st.text(alphabet=st.sampled_from(list("abc ';\"-=()*%$0123456789")), max_size=80),
        st.sampled_from(["'; drop table x; --", "select * from customers", "1=1 or", "\x00", "é" * 3000]),
        st.builds(lambda s: s * 5000, st.sampled_from(["how many ", "x", "revenue "])),
    )
)
def test_any_text_gives_an_answer_and_runs_only_one_select(catalog: Catalog, text: str) -> None:
    rec = RecordingCatalog(catalog.con, catalog.model, catalog.changes)
    rec.ran = []
    bot = Assistant(rec)
    a = bot.ask(text)
    assert a.status in ("answer", "clarify", "unsupported", "error")
    plan = Assistant(catalog).plan(text)
    if plan.skill is None:
        assert len(rec.ran) <= 1  # a plain question runs at most its one SELECT
    for sql in rec.ran:
        trees = sqlglot.parse(sql, read="duckdb")
        assert len(trees) == 1 and isinstance(trees[0], sqlglot.exp.Select | sqlglot.exp.Subquery)


# --------------------------------------------------------------------------- Telco
@pytest.fixture(scope="module")
def telco() -> Assistant:
    if not TELCO.exists():
        pytest.skip("../shared/datasets (Telco) is not beside the repository")
    return Assistant(Catalog.load([f"customers={TELCO}"]))


@pytest.fixture(scope="module")
def telco_ref() -> duckdb.DuckDBPyConnection:
    if not TELCO.exists():
        pytest.skip("../shared/datasets (Telco) is not beside the repository")
    con = duckdb.connect()
    con.execute(f"create table customers as select * from read_csv_auto('{TELCO}')")
    return con


@pytest.mark.parametrize(
    ("question", "gold"),
    [
        (
            "How many customers have tech support and churned?",
            "select count(*) from customers where TechSupport='Yes' and Churn",
        ),
        (
            "How many customers have no internet service?",
            "select count(*) from customers where InternetService='No'",
        ),
        (
            "how many customers don't have phone service",
            "select count(*) from customers where not PhoneService",
        ),
        (
            "share of fiber optic customers who churned",
            "select avg(Churn::int) from customers where InternetService='Fiber optic'",
        ),
        ("What percentage of customers are senior citizens?", "select avg(SeniorCitizen) from customers"),
        (
            "average monthly charges of customers with tenure between 50 and 60",
            "select avg(MonthlyCharges) from customers where tenure between 50 and 60",
        ),
        (
            "churn rate of month-to-month customers without tech support",
            "select avg(Churn::int) from customers where Contract='Month-to-month' and TechSupport <> 'Yes'",
        ),
    ],
)
def test_telco_scalars(telco: Assistant, telco_ref, question: str, gold: str) -> None:
    telco.reset()
    a = telco.ask(question)
    assert a.status == "answer", a.text
    assert a.rows[0][0] == pytest.approx(telco_ref.execute(gold).fetchone()[0])


def test_telco_compare_two_values_groups_by_their_column(telco: Assistant, telco_ref) -> None:
    telco.reset()
    a = telco.ask("compare churn between male and female customers")
    want = dict(telco_ref.execute("select gender, avg(Churn::int) from customers group by 1").fetchall())
    got = {r[0]: r[1] for r in a.rows}
    assert got.keys() == want.keys()
    assert all(got[k] == pytest.approx(want[k]) for k in want)


def test_telco_declines(telco: Assistant) -> None:
    for q in ("how many customers churned in 2019", "revenue by region", "customers in Texas"):
        telco.reset()
        assert telco.ask(q).status in ("clarify", "unsupported"), q


# --------------------------------------------------------------------------- an unknown export
SUBS = """SubscriptionID,CustomerName,Plan,MRR,StartDate,Cancelled,Region
S1,Acme,Starter,49.00,2024-01-10,Y,EMEA
S2,Bolt,Growth,199.00,2024-02-11,N,APAC
S3,Core,Growth,199.00,2024-05-02,N,EMEA
S4,Dyne,Scale,499.00,2024-08-19,Y,AMER
S5,Echo,Starter,49.00,2024-11-30,N,EMEA
"""


@pytest.fixture(scope="module")
def subs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Assistant, duckdb.DuckDBPyConnection]:
    d = tmp_path_factory.mktemp("subs")
    (d / "subscriptions.csv").write_text(SUBS)
    con = duckdb.connect()
    con.execute(f"create table s as select * from read_csv_auto('{d / 'subscriptions.csv'}')")
    return Assistant(Catalog.load([str(d / "subscriptions.csv")]), as_of=dt.date(2024, 12, 31)), con


def test_unknown_export_flag_words_and_totals(subs) -> None:
    bot, con = subs
    rate = bot.ask("cancellation rate by region")
    want = dict(con.execute("select Region, avg((Cancelled = 'Y')::int) from s group by 1").fetchall())
    assert {r[0]: r[1] for r in rate.rows} == pytest.approx(want)
    active = bot.ask("how many active subscriptions")
    assert active.rows[0][0] == con.execute("select count(*) from s where Cancelled = 'N'").fetchone()[0]
    best = bot.ask("which plan has the highest MRR")
    assert (
        best.rows[0][0]
        == con.execute("select Plan from s group by 1 order by sum(MRR) desc limit 1").fetchone()[0]
    )


def test_a_period_on_an_event_needs_that_events_date(subs) -> None:
    bot, _ = subs
    a = bot.ask("how many subscriptions were cancelled in 2024")
    assert a.status == "clarify" and "StartDate" in a.text
    started = bot.ask("new subscriptions last quarter")
    assert started.status == "answer" and started.rows[0][0] == 1


def test_rate_of_the_last_condition_among_the_qualified_rows(telco: Assistant, telco_ref) -> None:
    telco.reset()
    a = telco.ask("what percentage of churned customers had a month-to-month contract")
    gold = telco_ref.execute(
        "select avg((Contract = 'Month-to-month')::int) from customers where Churn"
    ).fetchone()[0]
    assert a.rows[0][0] == pytest.approx(gold)
    telco.reset()
    b = telco.ask("what share of senior citizens churned")
    gold = telco_ref.execute("select avg(Churn::int) from customers where SeniorCitizen = 1").fetchone()[0]
    assert b.rows[0][0] == pytest.approx(gold)


def test_a_lone_aggregation_follows_up_the_previous_figure(bot: Assistant, ref) -> None:
    bot.reset()
    assert bot.ask("total amount by channel").status == "answer"
    a = bot.ask("and the average?")
    want = dict(ref.execute("select channel, avg(amount) from orders group by 1").fetchall())
    assert {r[0]: r[1] for r in a.rows} == pytest.approx(want)
    bot.reset()
    assert bot.ask("and the average?").status == "clarify"


def test_word_salad_from_the_vocabulary_never_errors(bot: Assistant) -> None:
    """Random mixes of known words: always a reading or a decline, never a failed query."""
    import random

    rng = random.Random(7)
    words = [
        "how",
        "many",
        "customers",
        "orders",
        "revenue",
        "by",
        "region",
        "top",
        "2",
        "churn",
        "rate",
        "plan",
        "in",
        "2024",
        "last",
        "month",
        "average",
        "amount",
        "not",
        "without",
        "and",
        "of",
        "the",
        "which",
        "highest",
        "most",
        "per",
        "vs",
        "compare",
        "show",
        "list",
        "between",
        "10",
        "20",
        "above",
        "below",
        "$",
        "%",
        "'",
        ";",
        "only",
        "same",
        "for",
        "last",
        "year",
        "instead",
        "what",
        "about",
        "channel",
        "web",
        "fee",
        "customer",
        "3",
        "first",
        "name",
    ]
    failures = []
    for i in range(400):
        question = " ".join(rng.choice(words) for _ in range(rng.randint(1, 8)))
        if i % 4 == 0:
            bot.reset()
        answer = bot.ask(question)
        if answer.status == "error":
            failures.append((question, answer.text))
    assert failures == []
