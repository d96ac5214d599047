"""Questions about a single table of subscribers (a tiny telco CRM written by the test): "don't have X"
on a category column whose own value is "No", a flag compared "with X versus without" (its rate per
group), durations with a unit word against a tenure counted in months, monthly versus lifetime money,
two flags at once ("both TV and movies"). Checked against DuckDB over the same CSV."""

from __future__ import annotations

import random

import duckdb
import pytest
from tables import Table, answered

from assistant.engine import Assistant


def _tables() -> dict[str, Table]:
    rng = random.Random(17)
    rows = []
    for i in range(1, 401):
        tenure = rng.choice((0, rng.randint(1, 72), rng.randint(1, 72)))
        monthly = round(rng.uniform(18, 119), 2)
        rows.append(
            [
                f"C{i:04d}",
                rng.choice(("Male", "Female")),
                rng.choice(("Yes", "No")),
                tenure,
                rng.choice(("DSL", "Fiber optic", "No")),
                rng.choice(("Yes", "No")),
                rng.choice(("Yes", "No")),
                rng.choice(("Month-to-month", "One year", "Two year")),
                monthly,
                round(monthly * max(tenure, 1), 2),
                rng.choice(("Yes", "No")),
            ]
        )
    header = [
        "customerID", "gender", "Dependents", "tenure", "InternetService", "StreamingTV",
        "StreamingMovies", "Contract", "MonthlyCharges", "TotalCharges", "Churn",
    ]  # fmt: skip
    return {"customers": (header, rows)}


TABLES = _tables()


CHURN = "avg((Churn = 'Yes')::int)"
CASES = [
    (
        "how many customers don't have internet service?",
        "select 'all', count(*) from customers where InternetService = 'No'",
    ),
    (
        "how many customers have no internet service?",
        "select 'all', count(*) from customers where InternetService = 'No'",
    ),
    (
        "what's the churn rate for customers who have been with us between 25 and 48 months?",
        f"select 'all', {CHURN} from customers where tenure between 25 and 48",
    ),
    (
        "how many customers have been with us for more than five years?",
        "select 'all', count(*) from customers where tenure > 60",
    ),
    (
        "how much monthly revenue do we get from customers who are still with us?",
        "select 'all', sum(MonthlyCharges) from customers where Churn = 'No'",
    ),
    (
        "average monthly bill of customers who left",
        "select 'all', avg(MonthlyCharges) from customers where Churn = 'Yes'",
    ),
    (
        "average lifetime spend of customers who left",
        "select 'all', avg(TotalCharges) from customers where Churn = 'Yes'",
    ),
    (
        "what's the churn rate for customers paying more than $100 a month?",
        f"select 'all', {CHURN} from customers where MonthlyCharges > 100",
    ),
    (
        "on average, how many months have churned customers been with us?",
        "select 'all', avg(tenure) from customers where Churn = 'Yes'",
    ),
    (
        "how many customers stream both TV and movies?",
        "select 'all', count(*) from customers where StreamingTV = 'Yes' and StreamingMovies = 'Yes'",
    ),
    (
        "how many customers stream movies?",
        "select 'all', count(*) from customers where StreamingMovies = 'Yes'",
    ),
    (
        "how many customers churned within their first 6 months?",
        "select 'all', count(*) from customers where Churn = 'Yes' and tenure <= 6",
    ),
    ("do men or women churn more?", f"select gender, {CHURN} from customers group by 1"),
    (
        "do men or women churn more? show the churn rate by gender.",
        f"select gender, {CHURN} from customers group by 1",
    ),
    (
        "what's the average lifetime spend per customer by contract type?",
        "select Contract, avg(TotalCharges) from customers group by 1",
    ),
    (
        "what is the total monthly charges held by customers on a two year contract?",
        "select 'all', sum(MonthlyCharges) from customers where Contract = 'Two year'",
    ),
    (
        "compare churn for customers with dependents versus without",
        f"select Dependents, {CHURN} from customers group by 1",
    ),
]


@pytest.mark.parametrize(("question", "sql"), CASES)
def test_people_questions(bot: Assistant, ref: duckdb.DuckDBPyConnection, question: str, sql: str) -> None:
    answer = answered(bot, question)
    want = {str(k): round(float(v), 6) for k, v in ref.execute(sql).fetchall()}
    figure = next(
        i
        for i, c in enumerate(answer.columns)
        if c.startswith(("avg", "total", "count", "share", "sum")) or "rate" in c
    )
    got = {str(r[0]) if len(want) > 1 else "all": round(float(r[figure]), 6) for r in answer.rows}
    assert {k.lower(): v for k, v in got.items()} == {k.lower(): v for k, v in want.items()}


def test_several_no_values_are_asked_back(crm) -> None:
    rows = [[1, "No"], [2, "No coverage"], [3, "DSL"], [4, "Fiber"], [5, "DSL"]]
    answer = crm.assistant({"customers": (["customer_id", "internet_service"], rows)}).ask(
        "how many customers don't have internet service?"
    )
    assert answer.status in ("clarify", "unsupported"), answer.sql


def test_a_tenure_in_years_is_never_multiplied(crm) -> None:
    rows = [[i, i % 11, "Yes" if i % 3 else "No"] for i in range(1, 60)]
    bot = crm.assistant({"clients": (["client_id", "tenure", "exited"], rows)})
    answer = bot.ask("how many clients have been with us for more than 5 years?")
    assert answer.status == "answer", answer.text
    assert answer.rows[0][0] == sum(1 for r in rows if r[1] > 5), answer.sql
    bot.reset()
    months = bot.ask("how many clients have been with us for more than 60 months?")
    assert months.status == "clarify", months.sql  # a tenure in years is never compared with months


def test_the_years_to_months_note_is_shown(bot: Assistant) -> None:
    answer = bot.ask("how many customers have been with us for more than five years?")
    bot.reset()
    assert "multiplied by 12" in answer.interpretation


def test_two_flags_said_with_or_are_asked_back(bot: Assistant) -> None:
    answer = bot.ask("how many customers stream TV or movies?")
    bot.reset()
    assert answer.status == "clarify", answer.sql


def test_a_percent_column_is_no_money_and_its_percent_word_no_share(crm) -> None:
    rows = [[i, 11 + i % 15, 3 + i % 2] for i in range(1, 80)]
    data = crm.dataset({"staff": (["staff_id", "percent_salary_hike", "performance_rating"], rows)})
    answer = data.bot.ask("average salary hike percentage by performance rating")
    assert answer.status == "answer", answer.text
    want = {
        str(k): round(float(v), 6)
        for k, v in data.ref.execute(
            "select performance_rating, avg(percent_salary_hike) from staff group by 1"
        ).fetchall()
    }
    assert {str(r[0]): round(float(r[1]), 6) for r in answer.rows} == want
    assert "$" not in answer.text


@pytest.mark.parametrize(
    ("question", "want"),
    [("how old is our youngest employee?", "min"), ("who is our youngest employee?", None)],
)
def test_youngest_is_the_lowest_age_only_when_the_age_is_asked(crm, question: str, want) -> None:
    rows = [[i, 19 + (i * 7) % 40, "Sales" if i % 2 else "Research"] for i in range(1, 50)]
    answer = crm.assistant({"employees": (["employee_id", "age", "department"], rows)}).ask(question)
    if want is None:
        assert answer.status != "answer" or answer.rows[0][0] != min(r[1] for r in rows), answer.sql
    else:
        assert answer.status == "answer", answer.text
        assert answer.rows[0][0] == min(r[1] for r in rows)


def test_words_glossed_with_ie_are_read_as_the_gloss(bot: Assistant, ref: duckdb.DuckDBPyConnection) -> None:
    answer = answered(bot, "how many customers are fibered, i.e. have fiber optic internet service?")
    want = ref.execute("select count(*) from customers where InternetService = 'Fiber optic'")
    assert answer.rows[0][0] == want.fetchone()[0]
    assert "fibered" in answer.interpretation
    unknown = bot.ask("how many customers are fibered, i.e. in orbit?")
    bot.reset()
    assert unknown.status == "clarify", unknown.sql


def test_a_rate_asked_after_a_flag_count_measures_the_new_flag(
    bot: Assistant, ref: duckdb.DuckDBPyConnection
) -> None:
    """ "how many customers with dependents are on our books?" then "and what share of them have
    churned?": the churn rate among them, never the share with dependents among churned customers."""
    first = bot.ask("how many customers with dependents are on our books?")
    second = bot.ask("and what share of them have churned?")
    bot.reset()
    db = ref
    assert (
        first.rows[0][0]
        == db.execute("select count(*) from customers where Dependents = 'Yes'").fetchone()[0]
    )
    want = db.execute(f"select {CHURN} from customers where Dependents = 'Yes'").fetchone()[0]
    assert second.status == "answer", second.text
    assert float(second.rows[0][-1]) == pytest.approx(want) or float(second.rows[0][0]) == pytest.approx(want)


def test_the_percent_word_after_an_averaged_number_is_its_unit(crm) -> None:
    """ "the average depth percentage of Ideal stones": the average of one number, filtered (once read as
    the share of Ideal rows beside the average depth); a flag's percentage stays its share."""
    rows = [
        [i, 55 + i % 11, ("Ideal", "Good", "Fair")[i % 3], ("Yes", "No")[i % 4 == 0]] for i in range(1, 91)
    ]
    data = crm.dataset({"stones": (["stone_id", "depth", "cut", "certified"], rows)})
    answer = data.bot.ask("what's the average depth percentage of Ideal cut stones?")
    assert answer.status == "answer", answer.text
    (want,) = data.ref.execute("select avg(depth) from stones where cut = 'Ideal'").fetchone()
    assert [round(float(v), 6) for v in answer.rows[0]] == [round(want, 6)]
    share = data.bot.ask("what percentage of stones are certified?")
    (rate,) = data.ref.execute("select avg((certified = 'Yes')::int) from stones").fetchone()
    assert share.status == "answer" and abs(float(share.rows[0][0]) - rate) < 1e-9, share.text
    assert share.columns[-1].endswith("_percent") and share.rows[0][-1] == pytest.approx(rate * 100)
