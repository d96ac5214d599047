"""A card issuer's customer export as such files come: a client number run together in capitals
(CLIENTNUM, the key), churn written in words (Attrition_Flag: 'Attrited Customer' / 'Existing
Customer'), income as bands of dollars, several columns named Total_*, one named Avg_*, and a model's
output named after the columns it was built from. Each is read for what it is: the key, a churn flag,
the income bands, no invented total of the Total_* columns, 'Ct' a count, the Avg_ column averaged
when asked for its average, and the model column never taking the words of the columns it names.
Checked against DuckDB over the same table."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

NAIVE = "Naive_Bayes_Classifier_Attrition_Flag_Card_Category_Dependent_count_1"
ROWS = [
    # CLIENTNUM, Attrition_Flag, Card_Category, Income_Category, Dependent_count, Credit_Limit,
    # Total_Revolving_Bal, Avg_Open_To_Buy, Total_Trans_Amt, Total_Trans_Ct, NAIVE
    (768805383, "Existing Customer", "Blue", "$60K - $80K", 3, 12691.0, 777, 11914.0, 1144, 42, 0.00009),
    (818770008, "Existing Customer", "Blue", "Less than $40K", 5, 8256.0, 864, 7392.0, 1291, 33, 0.00005),
    (713982108, "Attrited Customer", "Blue", "$80K - $120K", 3, 3418.0, 0, 3418.0, 1887, 20, 0.99),
    (769911858, "Existing Customer", "Gold", "Less than $40K", 4, 3313.0, 2517, 796.0, 1171, 20, 0.0001),
    (709106358, "Attrited Customer", "Blue", "$60K - $80K", 3, 4716.0, 0, 4716.0, 816, 28, 0.98),
    (713061558, "Existing Customer", "Silver", "$40K - $60K", 2, 4010.0, 1247, 2763.0, 1088, 24, 0.0002),
    (810347208, "Existing Customer", "Gold", "$120K +", 4, 34516.0, 2264, 32252.0, 1330, 31, 0.0001),
    (818906208, "Attrited Customer", "Silver", "$60K - $80K", 0, 29081.0, 1396, 27685.0, 1538, 36, 0.97),
    (710930508, "Existing Customer", "Blue", "Unknown", 3, 22352.0, 2517, 19835.0, 1350, 24, 0.0001),
    (719661558, "Existing Customer", "Blue", "$80K - $120K", 2, 11656.0, 1677, 9979.0, 1441, 32, 0.0002),
]
HEADER = (
    "CLIENTNUM,Attrition_Flag,Card_Category,Income_Category,Dependent_count,Credit_Limit,"
    f"Total_Revolving_Bal,Avg_Open_To_Buy,Total_Trans_Amt,Total_Trans_Ct,{NAIVE}\n"
)
TABLES = {"customers": HEADER + "".join(",".join(map(str, r)) + "\n" for r in ROWS)}
CHURNED = "Attrition_Flag = 'Attrited Customer'"


@pytest.fixture(scope="module")
def bank(crm):
    return crm.dataset(TABLES, name="cards")


def test_the_export_is_read_for_what_it_is(bank) -> None:
    t = bank.bot.catalog.model.tables["customers"]
    assert t.key == "CLIENTNUM"
    flag = t.columns["Attrition_Flag"]
    assert flag.role == "flag" and flag.flag_true == "Attrited Customer"
    assert t.columns[NAIVE].role == "other" and "named after other columns" in t.columns[NAIVE].reason
    assert t.columns["Total_Trans_Ct"].unit == "count"
    assert not any(name.startswith("total_") for name in bank.bot.schema.tables["customers"].columns)
    assert bank.bot.catalog.model.churn_target == "customers.Attrition_Flag"


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many customers churned?", f"select 'all', count(*) from customers where {CHURNED}"),
        (
            "churn rate by card category",
            f"select Card_Category, avg(case when {CHURNED} then 1.0 else 0 end) from customers group by 1",
        ),
        (
            "What is the average credit limit for each income bracket?",
            "select Income_Category, avg(Credit_Limit) from customers group by 1",
        ),
        (
            "What's the average open to buy for customers who closed their accounts?",
            f"select 'all', avg(Avg_Open_To_Buy) from customers where {CHURNED}",
        ),
        (
            "average number of dependents by card category",
            "select Card_Category, avg(Dependent_count) from customers group by 1",
        ),
    ],
)
def test_questions_on_the_export(bank, question: str, sql: str) -> None:
    figures_match(answered(bank.bot, question), bank.ref, sql)


def test_a_score_the_data_does_not_hold_is_never_another_column(bank) -> None:
    """ "credit score" was the credit limit, 'score' dropped: a wrong answer."""
    answer = bank.bot.ask("What's the average credit score of our customers?")
    bank.bot.reset()
    assert answer.status == "clarify" and "score" in answer.text


def test_what_percentage_is_that_rates_the_yes_no_thing_counted_before(bank) -> None:
    bank.bot.ask("How many customers have a Blue card?")
    bank.bot.ask("How many of them churned?")
    answer = bank.bot.ask("What percentage is that?")
    bank.bot.reset()
    assert answer.status == "answer", answer.text
    want = bank.ref.execute(
        f"select avg(case when {CHURNED} then 1.0 else 0 end) from customers where Card_Category = 'Blue'"
    ).fetchone()[0]
    assert answer.rows[0][0] == pytest.approx(want)


def test_the_model_column_is_named_by_its_whole_name_only(bank) -> None:
    """ "dependents" and "card" are the columns the model column's name strings together, never it."""
    answer = answered(bank.bot, "average dependents by card category")
    assert NAIVE not in answer.sql
