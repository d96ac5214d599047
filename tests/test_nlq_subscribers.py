"""A subscription service's users (one row each: plan, monthly fee, join and last payment dates written
day-month-two-digit-year, country, age). DuckDB's sniffer reads '15-01-22' as 2015-01-22; the loader
reads such files as text so that cleaning weighs both orders (every join date lands in 2021-2023). "plan"
and "plan tier" are the Subscription Type (never Plan Duration), "an average age above 39" keeps the
countries whose average passes, "countries with no Premium users" are the groups without one, bands
said as conditions that cannot both hold are asked back, and "days between sign-up and last payment" is a
duration. Checked against DuckDB over the same file."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

COUNTRIES = ("Spain", "Mexico", "Canada", "France")
PLANS = ("Basic", "Standard", "Premium")
USERS = (
    "User ID,Subscription Type,Monthly Revenue,Join Date,Last Payment Date,Country,Age,Gender,Plan Duration\n"
    + "".join(
        f"{i},{'Basic' if COUNTRIES[i % 4] == 'Mexico' and PLANS[i % 3] == 'Premium' else PLANS[i % 3]},"
        f"{10 + i % 6},{1 + i % 28:02d}-{1 + i % 12:02d}-{21 + i % 2},{1 + i % 27:02d}-{6 + i % 2:02d}-23,"
        f"{COUNTRIES[i % 4]},{26 + (i * 7) % 25},{('Male', 'Female')[i % 2]},1 Month\n"
        for i in range(1, 121)
    )
)
JOINED = "strptime(\"Join Date\", '%d-%m-%y')"
PAID = "strptime(\"Last Payment Date\", '%d-%m-%y')"


@pytest.fixture(scope="module")
def subs(crm):
    return crm.dataset({"users": USERS}, name="subs")


def _text_ref(subs):
    """The reference table read as text, so that its dates are parsed as written (day first)."""
    subs.ref.execute(
        f"create or replace view users_text as select * from read_csv('{subs.folder / 'users.csv'}', all_varchar=true)"
    )
    return "users_text"


def test_two_digit_years_are_never_read_first(subs) -> None:
    table = _text_ref(subs)
    answer = answered(subs.bot, "How many users joined in 2022?")
    want = subs.ref.execute(f"select count(*) from {table} where year({JOINED}) = 2022").fetchone()[0]
    assert answer.rows[0][0] == want > 0
    assert answered(subs.bot, "How many users do we have?").rows[0][0] == 120  # none dated in the future


def test_a_plan_is_the_subscription_type_never_its_duration(subs) -> None:
    for question in ("How many users are on each plan tier?", "users by plan"):
        answer = answered(subs.bot, question)
        figures_match(answer, subs.ref, 'select "Subscription Type", count(*) from users group by 1')


def test_an_average_compared_after_a_split_keeps_the_groups(subs) -> None:
    answer = answered(subs.bot, "Which countries have an average subscriber age above 39?")
    want = subs.ref.execute("select Country from users group by 1 having avg(Age) > 39").fetchall()
    assert {r[0] for r in answer.rows} == {r[0] for r in want}
    said_of = answered(subs.bot, "which countries have an average age of more than 39")
    assert {r[0] for r in said_of.rows} == {r[0] for r in want}
    rows = answered(subs.bot, "average age of users over 39 by country")
    figures_match(rows, subs.ref, "select Country, avg(Age) from users where Age > 39 group by 1")


def test_groups_with_none_of_a_value(subs) -> None:
    answer = answered(subs.bot, "Which countries have no Premium subscribers?")
    want = subs.ref.execute(
        "select Country from users group by 1 having count(*) filter (where \"Subscription Type\" = 'Premium') = 0"
    ).fetchall()
    assert {r[0] for r in answer.rows} == {r[0] for r in want} == {"Mexico"}


def test_bands_listed_split_the_age(subs) -> None:
    """ "by age group: under 30, 30-39, 40-49, and 50 or older": those bands, labelled as people label them."""
    answer = answered(
        subs.bot, "Break down our subscribers by age group: under 30, 30-39, 40-49, and 50 or older."
    )
    want = dict(
        subs.ref.execute(
            "select case when Age < 30 then 'under 30' when Age < 40 then '30-39' when Age < 50 then '40-49' "
            "else '50+' end, count(*) from users group by 1"
        ).fetchall()
    )
    assert {r[0]: r[1] for r in answer.rows} == want


def test_days_between_two_dates_of_the_same_records(subs) -> None:
    table = _text_ref(subs)
    answer = answered(
        subs.bot, "On average, how many days are there between a user's sign-up and their last payment?"
    )
    want = subs.ref.execute(f"select avg(date_diff('day', {JOINED}, {PAID})) from {table}").fetchone()[0]
    assert answer.rows[0][0] == pytest.approx(want)
    by_plan = answered(subs.bot, "average days between join date and last payment date by subscription type")
    assert len(by_plan.rows) == 3


def test_a_fee_is_the_monthly_revenue(subs) -> None:
    figures_match(
        answered(subs.bot, "average monthly fee by subscription type"),
        subs.ref,
        'select "Subscription Type", avg("Monthly Revenue") from users group by 1',
    )
