"""Export shapes met on unseen data in round 16 (tests/questions/README.md), each answer checked against
DuckDB over the same rows, or asked back where the words have two readings:

- a gym's member file: a contract period of 1, 6 or 12 months, a `Lifetime` in months, 0/1 flags, a
  figure named for the current month (a fraction, never a calendar part);
- a shop's transaction log: one row per transaction, whole-number totals, ages;
- a marketing A/B test: an arm of 'ad' and 'psa' (the control), a count of ads seen beside columns named
  `most ads day` and `most ads hour`, a `converted` flag;
- hotel reviews: each guest's score beside the hotel's own average score, nationalities, texts;
- tweets about airlines: a sentiment label beside its `_gold` detail, times written with an offset.
"""

from __future__ import annotations

import datetime as dt

import pytest
from tables import answered

GYM = (
    "gender,Near_Location,Partner,Promo_friends,Contract_period,Age,Avg_additional_charges_total,Lifetime,Avg_class_frequency_current_month,Churn\n"
    + "".join(
        f"{i % 2},{int(i % 3 > 0)},{int(i % 4 == 0)},{int(i % 5 == 0)},{(1, 6, 12)[i % 3]},{18 + (i * 7) % 24},"
        f"{(i * 37) % 400 + 0.25},{(i * 11) % 30},{((i * 13) % 60) / 10 + 0.01},{int(i % 3 == 0 and i % 7 < 4)}\n"
        for i in range(1, 601)
    )
)
CATEGORIES = ("Beauty", "Clothing", "Electronics")
RETAIL = (
    "Transaction ID,Date,Customer ID,Gender,Age,Product Category,Quantity,Price per Unit,Total Amount\n"
    + "".join(
        f"{i},{dt.date(2023, 1, 1) + dt.timedelta(days=(i * 3) % 365)},CUST{i:03d},{('Male', 'Female')[i % 2]},"
        f"{18 + (i * 5) % 47},{CATEGORIES[i % 3]},{1 + i % 4},{(25, 50, 300, 500)[i % 4]},{(1 + i % 4) * (25, 50, 300, 500)[i % 4]}\n"
        for i in range(1, 401)
    )
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
AB = "user id,test group,converted,total ads,most ads day,most ads hour\n" + "".join(
    f"{900000 + i},{'psa' if i % 10 == 0 else 'ad'},{('True' if i % 9 == 0 else 'False')},{1 + (i * 7) % 120 if i % 13 else 1},"
    f"{DAYS[i % 7]},{(i * 5) % 24}\n"
    for i in range(1, 501)
)
HOTELS = (("Hotel Arena", "Amsterdam Netherlands", 8.4), ("K K Hotel George", "London United Kingdom", 8.5))
NATIONS = ("United Kingdom", "Germany", "United States of America", "France")
REVIEWS = (
    "Hotel_Address;Average_Score;Hotel_Name;Reviewer_Nationality;Negative_Review;Positive_Review;Reviewer_Score;Review_Date\n"
    + "".join(
        f"{HOTELS[i % 2][1]};{HOTELS[i % 2][2]};{HOTELS[i % 2][0]};{NATIONS[i % 4]};"
        f"{(f'the bathroom of room {i} was small and old' if i % 6 == 0 else f'breakfast number {i} was cold' if i % 6 == 1 else 'No Negative')};"
        f"{(f'great staff and a quiet room {i}' if i % 4 else 'No Positive')};"
        f"{(25 + (i * 7) % 76) / 10};{(dt.date(2017, 1, 1) + dt.timedelta(days=(i * 5) % 210)):%m/%d/%Y}\n"
        for i in range(1, 301)
    )
)
REASONS = ("Late Flight", "Customer Service Issue", "Lost Luggage", "Bad Flight")
TWEETS = (
    "tweet_id,airline_sentiment,airline_sentiment_gold,negativereason,negativereason_gold,airline,retweet_count,tweet_created\n"
    + "".join(
        f"{570000 + i},{('negative', 'neutral', 'positive')[i % 3]},{('negative' if i % 50 == 0 else '')},"
        f"{REASONS[i % 4] if i % 3 == 0 else ''},{(REASONS[i % 4] if i % 75 == 0 else '')},"
        f"{('United', 'Delta', 'Southwest')[i % 3 if i % 7 else 0]},{i % 3 == 0 and i % 5},"
        f"2015-02-{17 + i % 8} {(i * 3) % 24:02d}:{i % 60:02d}:00 -0800\n"
        for i in range(1, 601)
    )
)


@pytest.fixture(scope="module")
def gym(crm):
    return crm.dataset({"members": GYM}, name="gym")


@pytest.fixture(scope="module")
def retail(crm):
    return crm.dataset({"sales": RETAIL}, name="retail")


@pytest.fixture(scope="module")
def ab(crm):
    return crm.dataset({"users": AB}, name="abtest")


@pytest.fixture(scope="module")
def hotels(crm, tmp_path_factory):
    return crm.dataset({"reviews": REVIEWS}, name="hotels")


@pytest.fixture(scope="module")
def tweets(crm):
    return crm.dataset({"tweets": TWEETS}, name="tweets")


def one(ds, sql: str):
    return ds.ref.execute(sql).fetchone()[0]


def asked(bot, question: str) -> str:
    answer = bot.ask(question)
    assert answer.status in ("clarify", "unsupported"), (question, answer.sql)
    return answer.text


def test_a_contract_of_some_months_is_its_period(gym) -> None:
    answer = answered(gym.bot, "How many members are on a 12-month contract?")
    assert answer.rows[0][0] == one(gym, "select count(*) from members where Contract_period = 12")
    rates = answered(gym.bot, "churn rate by contract length")
    want = dict(gym.ref.execute("select Contract_period, avg(Churn) from members group by 1").fetchall())
    assert {r[0]: r[1] for r in rates.rows} == pytest.approx(want)


def test_groups_kept_by_their_size_and_asked_by_value(gym) -> None:
    big = answered(gym.bot, "churn rate by age, only ages with at least 30 members")
    want = gym.ref.execute("select Age from members group by 1 having count(*) >= 30").fetchall()
    assert sorted(r[0] for r in big.rows) == sorted(w[0] for w in want)
    top = answered(gym.bot, "which age has the highest churn rate")
    best = gym.ref.execute("select avg(Churn) r from members group by Age order by r desc limit 1").fetchone()
    assert top.rows[0][1] == pytest.approx(best[0])


def test_bounds_that_cannot_meet_and_numbers_before_nouns_are_asked(gym) -> None:
    asked(gym.bot, "Churn rate for members aged 30 and over compared with under 30")
    asked(gym.bot, "members with at least 50 visits")  # never an age of 50, nor an amount of 50
    frequency = answered(gym.bot, "average class frequency current month by churn")
    want = dict(
        gym.ref.execute(
            "select Churn, avg(Avg_class_frequency_current_month) from members group by 1"
        ).fetchall()
    )
    assert {r[0]: r[1] for r in frequency.rows} == pytest.approx(want)


def test_plus_sign_totals_and_averages_per_row(retail) -> None:
    old = answered(retail.bot, "Top 3 customers aged 60+ by electronics spend")
    want = retail.ref.execute(
        'select "Customer ID", sum("Total Amount") s from sales where Age >= 60 and "Product Category" = '
        "'Electronics' group by 1 order by s desc, 1 limit 3"
    ).fetchall()
    assert [r[1] for r in old.rows] == [w[1] for w in want]
    monthly = answered(retail.bot, "show the monthly revenue")
    assert sum(r[1] for r in monthly.rows) == one(retail, 'select sum("Total Amount") from sales')
    per = answered(retail.bot, "average spend per transaction by gender")
    want_per = dict(retail.ref.execute('select Gender, avg("Total Amount") from sales group by 1').fetchall())
    assert {r[0]: r[1] for r in per.rows} == pytest.approx(want_per)


def test_an_ab_test_control_arm_and_counted_ads(ab) -> None:
    control = answered(ab.bot, "How many users in the control group converted?")
    assert control.rows[0][0] == one(
        ab, "select count(*) from users where \"test group\" = 'psa' and converted"
    )
    single = answered(ab.bot, "how many users saw just one ad")
    assert single.rows[0][0] == one(ab, 'select count(*) from users where "total ads" = 1')
    never = answered(ab.bot, "how many users never bought anything")
    assert never.rows[0][0] == one(ab, "select count(*) from users where not converted")
    asked(ab.bot, "What's the most ads any single user saw?")  # (`most ads day` and `most ads hour` too)
    busiest = answered(ab.bot, "How many users converted with Sunday as their busiest ad day?")
    assert busiest.rows[0][0] == one(
        ab, "select count(*) from users where converted and \"most ads day\" = 'Sunday'"
    )


def test_a_guests_score_beside_the_hotels_average(hotels) -> None:
    assert "Average_Score or Reviewer_Score" in asked(hotels.bot, "What was the average score in June 2017?")
    median = answered(hotels.bot, "What's the median score for each hotel?")
    want = dict(
        hotels.ref.execute("select Hotel_Name, median(Reviewer_Score) from reviews group by 1").fetchall()
    )
    assert {r[0]: r[1] for r in median.rows} == pytest.approx(want)
    german = answered(hotels.bot, "How many reviews came from German guests?")
    assert german.rows[0][0] == one(
        hotels, "select count(*) from reviews where Reviewer_Nationality = 'Germany'"
    )
    bathroom = answered(hotels.bot, "How many negative reviews mention the bathroom?")
    assert bathroom.rows[0][0] == one(
        hotels, "select count(*) from reviews where Negative_Review ilike '%bathroom%'"
    )


def test_labels_beside_their_gold_copies_and_written_offsets(tweets) -> None:
    negative = answered(tweets.bot, "How many of the tweets are negative?")
    assert negative.rows[0][0] == one(
        tweets, "select count(*) from tweets where airline_sentiment = 'negative'"
    )
    worst = answered(tweets.bot, "Which airline has the worst negative rate?")
    want = tweets.ref.execute(
        "select airline, avg(case when airline_sentiment = 'negative' then 1 else 0 end) r from tweets "
        "group by 1 order by r desc limit 1"
    ).fetchone()
    assert worst.rows[0][0] == want[0]  # the highest share of negative tweets is the worst
    daily = answered(tweets.bot, "How many tweets were posted each day?")
    want_days = tweets.ref.execute(
        "select cast(left(tweet_created, 10) as date), count(*) from tweets group by 1 order by 1"
    ).fetchall()
    assert [(str(r[0])[:10], r[1]) for r in daily.rows] == [(str(d), n) for d, n in want_days]
    reasons = tweets.bot.ask("What are the top 3 reasons people complain?")
    assert reasons.status != "answer" or len(reasons.rows) == 3  # never a table of themes for a count


def test_which_of_a_listed_top_n_keeps_those_records(ab) -> None:
    ab.bot.reset()
    top = ab.bot.ask("top 10 users by total ads")
    assert top.status == "answer" and len(top.rows) == 10
    which = ab.bot.ask("Which of them converted?")
    ab.bot.reset()
    want = ab.ref.execute(
        'select "user id" from (select * from users order by "total ads" desc, "user id" limit 10) where converted'
    ).fetchall()
    assert which.status == "answer"
    assert sorted(r[0] for r in which.rows) == sorted(w[0] for w in want)


def test_a_count_and_then_of_them_in_one_question(gym) -> None:
    both = answered(gym.bot, "How many members are on a 12-month contract, and how many of them churned?")
    want = gym.ref.execute(
        "select count(*), count(*) filter (where Churn = 1) from members where Contract_period = 12"
    ).fetchone()
    assert tuple(both.rows[0][:2]) == want
    share = answered(gym.bot, "How many members are on a 6-month contract, and what share of them churned?")
    want_share = gym.ref.execute(
        "select count(*), avg(Churn) from members where Contract_period = 6"
    ).fetchone()
    assert share.rows[0][0] == want_share[0] and share.rows[0][1] == pytest.approx(want_share[1])


def test_on_average_after_the_figure(retail) -> None:
    top = answered(retail.bot, "which product category has the highest price per unit on average")
    want = retail.ref.execute(
        'select "Product Category", avg("Price per Unit") a from sales group by 1 order by a desc limit 1'
    ).fetchone()
    assert (top.rows[0][0], top.rows[0][1]) == (want[0], pytest.approx(want[1]))
    plain = answered(retail.bot, "what is the age on average")
    assert plain.rows[0][0] == pytest.approx(one(retail, "select avg(Age) from sales"))


PRODUCTS = (
    "Credit reporting, credit repair services, or other personal consumer reports",
    "Debt collection",
    "Mortgage",
)
COMPLAINTS = (
    "Date received,Product,Sub-product,Consumer complaint narrative,State,Date sent to company,Complaint ID\n"
    + "".join(
        f'{dt.date(2019, 1, 1) + dt.timedelta(days=i % 200)},"{PRODUCTS[i % 3]}",{("Credit reporting", "Other debt", "FHA mortgage", "Medical debt", "VA mortgage")[i % 5]},'
        f'"{("They keep harassing me about debt " if i % 4 == 0 else "I was harassed by a collector " if i % 4 == 1 else "My report is wrong ")}case {i}",'
        f"{('CA', 'TX', 'NY')[i % 3]},{dt.date(2019, 1, 2) + dt.timedelta(days=i % 200)},{5000 + i}\n"
        for i in range(1, 400)
    )
)
RATINGS = "Call Id,Answered (Y/N),Topic,Satisfaction rating\n" + "".join(
    f"ID{i:04d},{'Y' if i % 5 else 'N'},{('Streaming', 'Payment')[i % 2]},{(i % 5 + 1) if i % 5 else ''}\n"
    for i in range(1, 301)
)


@pytest.fixture(scope="module")
def complaints(crm):
    return crm.dataset({"complaints": COMPLAINTS}, name="complaints")


@pytest.fixture(scope="module")
def calls(crm):
    return crm.dataset({"calls": RATINGS}, name="calls")


def test_long_repeated_names_values_inside_others_and_two_start_dates(complaints) -> None:
    by = answered(complaints.bot, "complaints by product")
    assert len(by.rows) == len(PRODUCTS)  # long but repeated: a category, never free text
    asked(
        complaints.bot, "Top 2 states by number of complaints for credit reporting"
    )  # Sub-product or Product
    # received, or sent to the company: the date the complaint began with (the earliest in the data), said
    per_year = answered(complaints.bot, "Complaints per year?")
    assert "date received" in per_year.interpretation.lower()
    harass = answered(complaints.bot, "How many complaint narratives talk about harassment?")
    assert harass.rows[0][0] == one(
        complaints, "select count(*) from complaints where \"Consumer complaint narrative\" ilike '%harass%'"
    )


def test_a_share_of_rated_calls_is_of_the_calls(calls) -> None:
    share = answered(calls.bot, "What percentage of rated calls scored 4 or higher?")
    want = one(
        calls,
        'select avg(case when "Satisfaction rating" >= 4 then 1 else 0 end) from calls where "Satisfaction rating" is not null',
    )
    assert share.rows[0][0] == pytest.approx(want)
    calls.bot.reset()
    calls.bot.ask("Show the number of calls per topic")
    answered_only = calls.bot.ask("now only the answered ones")
    calls.bot.reset()
    want_topics = dict(
        calls.ref.execute('select Topic, count(*) from calls where "Answered (Y/N)" group by 1').fetchall()
    )
    assert {r[0]: r[1] for r in answered_only.rows} == want_topics
