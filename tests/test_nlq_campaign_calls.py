"""A car insurer's cold-call campaign (one row per person called: age, job, marital status, balance,
household insurance, car loan, channel, clock times of the call's start and end, and last a 0/1 of
whether they bought) and a telecom's coded customer file (Age Group 1-5, Tariff Plan 1/2, Status 1/2
beside a Churn flag, Frequency of SMS). The calls' rows are also the people called; the last yes/no is
what the calls sold (conversion, buyers); a call lasts from its start to its end time; whole numbers
named like a class are codes; "active" beside a Status column is never the churn flag's opposite; an
extreme said as "have the lowest X" counts the rows at it; a comparison said right after its column
stays on it. Each answer is checked against DuckDB over the same rows."""

from __future__ import annotations

import pytest
from tables import answered

JOBS = ("management", "blue-collar", "technician", "retired", "student")
CALLS = (
    "Id,Age,Job,Marital,Balance,HHInsurance,CarLoan,Communication,NoOfContacts,CallStart,CallEnd,CarInsurance\n"
    + "".join(
        f"{i},{20 + (i * 7) % 60},{JOBS[i % 5]},{('single', 'married', 'divorced')[i % 3]},"
        f"{(i * 137) % 3000 - 300},{(i * 3) % 2},{int(i % 7 == 0)},{('cellular', 'telephone')[i % 2]},"
        f"{1 + i % 6},{9 + i % 8:02d}:{(i * 13) % 60:02d}:{(i * 7) % 60:02d},"
        f"{9 + i % 8:02d}:{(i * 13) % 60:02d}:{(i * 7) % 60:02d},{int(i % 5 in (1, 3))}\n"
        for i in range(1, 241)
    )
)
"""CallEnd is written as CallStart here and set later by `_ends`: durations of 1 to 39 minutes."""


def _ends(text: str) -> str:
    lines = text.splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        h, m, s = (int(x) for x in cells[9].split(":"))
        seconds = h * 3600 + m * 60 + s + 60 * (1 + int(cells[0]) % 39) + int(cells[0]) % 50
        cells[10] = f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
        out.append(",".join(cells))
    return "\n".join(out) + "\n"


TELECOM = (
    "Call  Failure,Complains,Frequency of SMS,Age Group,Tariff Plan,Status,Charge  Amount,Churn\n"
    + "".join(
        f"{i % 9},{int(i % 11 == 0)},{(i * 29) % 400},{1 + i % 5},{1 + int(i % 13 == 0)},{1 + int(i % 4 == 0)},"
        f"{i % 4},{int(i % 6 == 0)}\n"
        for i in range(1, 301)
    )
)


@pytest.fixture(scope="module")
def calls(crm):
    return crm.dataset({"calls": _ends(CALLS)}, name="calls")


@pytest.fixture(scope="module")
def telecom(crm):
    return crm.dataset({"customers": TELECOM}, name="telecom")


def test_the_people_called_are_the_rows_of_the_calls(calls) -> None:
    answer = answered(calls.bot, "How many customers older than 60 bought car insurance?")
    want = calls.ref.execute("select count(*) from calls where Age > 60 and CarInsurance = 1").fetchone()[0]
    assert answer.rows[0][0] == want
    oldest = answered(calls.bot, "How old is the oldest customer we called?")
    assert oldest.rows[0][0] == calls.ref.execute("select max(Age) from calls").fetchone()[0]


def test_the_last_yes_no_of_a_campaign_is_its_conversion(calls) -> None:
    answer = answered(calls.bot, "Conversion rate by job")
    want = dict(calls.ref.execute("select Job, avg(CarInsurance) from calls group by Job").fetchall())
    assert {r[0]: r[1] for r in answer.rows} == pytest.approx(want)
    buyers = answered(calls.bot, "average balance of buyers vs non-buyers")
    got = {r[0]: r[1] for r in buyers.rows}
    assert got == pytest.approx(
        dict(calls.ref.execute("select CarInsurance, avg(Balance) from calls group by 1").fetchall())
    )


def test_a_call_lasts_from_its_start_to_its_end_time(calls) -> None:
    answer = answered(calls.bot, "What's the average call length in minutes?")
    want = calls.ref.execute(
        "select avg(date_diff('second', CallStart, CallEnd)) / 60 from calls"
    ).fetchone()[0]
    assert answer.rows[0][0] == pytest.approx(want)
    longer = answered(calls.bot, "How many calls lasted more than 10 minutes?")
    assert (
        longer.rows[0][0]
        == calls.ref.execute(
            "select count(*) from calls where date_diff('second', CallStart, CallEnd) > 600"
        ).fetchone()[0]
    )


def test_household_is_written_out_and_occupation_is_the_job(calls) -> None:
    answer = answered(calls.bot, "What share of the customers have household insurance?")
    assert answer.rows[0][0] == pytest.approx(
        calls.ref.execute("select avg(HHInsurance) from calls").fetchone()[0]
    )
    jobs = answered(calls.bot, "number of customers by occupation")
    assert len(jobs.rows) == len(JOBS)


def test_whole_numbers_named_like_a_class_are_codes(telecom) -> None:
    answer = answered(telecom.bot, "top 3 age groups by churn rate")
    want = telecom.ref.execute(
        'select "Age Group", avg(Churn) r from customers group by 1 order by r desc limit 3'
    ).fetchall()
    assert [r[0] for r in answer.rows] == [w[0] for w in want]


def test_active_beside_a_status_column_is_not_the_churn_flag(telecom) -> None:
    answer = telecom.bot.ask("How many customers are currently non-active?")
    assert answer.status == "clarify" and "active" in answer.text, (answer.text, answer.sql)


def test_an_extreme_said_with_have_the_counts_its_rows(telecom) -> None:
    answer = answered(telecom.bot, "How many customers have the lowest charge amount?")
    want = telecom.ref.execute(
        'select count(*) from customers where "Charge  Amount" = (select min("Charge  Amount") from customers)'
    ).fetchone()[0]
    assert answer.rows[0][-1] == want


def test_messages_are_counted_by_the_column_that_counts_them(telecom) -> None:
    answer = answered(telecom.bot, "How many customers sent more than 100 text messages?")
    want = telecom.ref.execute('select count(*) from customers where "Frequency of SMS" > 100').fetchone()[0]
    assert answer.rows[0][0] == want


def test_a_comparison_right_after_its_column_stays_on_it(telecom, crm) -> None:
    people = crm.dataset(
        {
            "customers": "id,Age,Total Spend\n"
            + "".join(f"{i},{18 + i % 50},{i * 10.5}\n" for i in range(1, 201))
        },
        name="spenders",
    )
    answer = answered(people.bot, "how much have customers with age over 30 spent")
    want = people.ref.execute('select sum("Total Spend") from customers where Age > 30').fetchone()[0]
    assert answer.rows[0][0] == pytest.approx(want)
    total = answered(people.bot, "How much have customers in their thirties spent in total?")
    want = people.ref.execute(
        'select sum("Total Spend") from customers where Age between 30 and 39'
    ).fetchone()[0]
    assert total.rows[0][0] == pytest.approx(want)
    assert people.bot.ask("how many customers spent more than 1000 in total").status == "clarify"
    band = answered(people.bot, "How much have customers in their thirties spent?")
    want = people.ref.execute(
        'select sum("Total Spend") from customers where Age between 30 and 39'
    ).fetchone()[0]
    assert band.rows[0][0] == pytest.approx(want)


def test_a_count_of_a_yes_no_keeps_its_rows_for_the_next_figure(crm) -> None:
    shop = crm.dataset(
        {
            "customers": "Customer ID,Gender,Age,Average Rating,Discount Applied\n"
            + "".join(
                f"{i},{('Female', 'Male')[i % 2]},{20 + i % 40},{3 + (i % 5) / 2},{('TRUE', 'FALSE')[i % 3 == 0]}\n"
                for i in range(1, 151)
            )
        },
        name="shop",
    )
    assert shop.bot.ask("How many customers got a discount?").status == "answer"
    answer = shop.bot.ask("what's their average age?")
    want = shop.ref.execute('select avg(Age) from customers where "Discount Applied"').fetchone()[0]
    assert answer.status == "answer" and answer.rows[0][0] == pytest.approx(want), answer.sql
    rating = shop.bot.ask("what's their average rating?")
    want = shop.ref.execute(
        'select avg("Average Rating") from customers where "Discount Applied"'
    ).fetchone()[0]
    assert rating.status == "answer" and rating.rows[0][0] == pytest.approx(want), rating.sql


def test_how_does_that_compare_follows_the_figure_before(telecom) -> None:
    telecom.bot.reset()
    assert (
        telecom.bot.ask("how does that compare with customers who had 3 or fewer failures?").status
        == "clarify"
    )
    telecom.bot.reset()
    assert (
        telecom.bot.ask("What share of customers with more than 3 call failures churned?").status == "answer"
    )
    answer = telecom.bot.ask("how does that compare with customers who had 3 or fewer failures?")
    want = telecom.ref.execute('select avg(Churn) from customers where "Call  Failure" <= 3').fetchone()[0]
    assert answer.status == "answer" and answer.rows[0][0] == pytest.approx(want), answer.sql


def test_the_last_weeks_of_undated_records_are_their_days_since(crm) -> None:
    shop = crm.dataset(
        {
            "customers": "Customer ID,City,Days Since Last Purchase\n"
            + "".join(f"{i},{('Miami', 'Houston')[i % 2]},{5 + (i * 7) % 60}\n" for i in range(1, 121))
        },
        name="recency",
    )
    answer = answered(shop.bot, "How many customers bought something within the last two weeks?")
    want = shop.ref.execute(
        'select count(*) from customers where "Days Since Last Purchase" <= 14'
    ).fetchone()[0]
    assert answer.rows[0][0] == want


def test_two_sides_of_one_age_said_as_conditions_are_asked_back(calls) -> None:
    calls.bot.reset()
    answer = calls.bot.ask("Conversion rate for customers under 30 compared with customers 30 and older")
    assert answer.status == "clarify" and "Age" in answer.text, (answer.text, answer.sql)
    older = answered(calls.bot, "how many customers 60 and older")
    assert older.rows[0][0] == calls.ref.execute("select count(*) from calls where Age >= 60").fetchone()[0]


def test_bands_listed_for_a_split_split_the_column(crm) -> None:
    """Bands a question lists are a split of the column named before them, labelled as written, each up
    to below the next band; in thousands where the column's values are."""
    people = crm.dataset(
        {
            "customers": "id,Age,Income\n"
            + "".join(f"{i},{18 + i % 50},{20 + i % 90}\n" for i in range(1, 101))
        },
        name="bands",
    )
    ages = answered(people.bot, "average income by age group (18-25, 26-35, 36-45, 46-55, 56+)")
    want = dict(
        people.ref.execute(
            "select case when Age < 26 then '18-25' when Age < 36 then '26-35' when Age < 46 then '36-45' "
            "when Age < 56 then '46-55' else '56+' end, avg(Income) from customers group by 1"
        ).fetchall()
    )
    assert {r[0]: r[1] for r in ages.rows} == pytest.approx(want)
    assert [r[0] for r in ages.rows] == ["18-25", "26-35", "36-45", "46-55", "56+"]
    incomes = answered(
        people.bot, "Count customers by income bracket: under 40k, 40-69k, 70-99k and 100k or more."
    )
    want = dict(
        people.ref.execute(
            "select case when Income < 40 then 'under 40k' when Income < 70 then '40-69k' when Income < 100 "
            "then '70-99k' else '100k+' end, count(*) from customers group by 1"
        ).fetchall()
    )
    assert {r[0]: r[1] for r in incomes.rows} == want
    assert any("thousands" in n for n in incomes.notes)
