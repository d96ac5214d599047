"""Coded values in exports: a sex code inside a category's values (M_single, F_not_single) is a derived
category of its own ("women", "male borrowers", "single men"); a code of two words is said in either
order ("new car" for car_new); a category of coded ranges (below_100 .. above_1000, between_1_4 ..
above_7) answers a comparison with a number by the ranges lying wholly on its side, asking back when one
straddles it. Checked against DuckDB on a generated table."""

from __future__ import annotations

import pytest
from tables import answered, figures_match

STATUS = ("M_single", "F_not_single", "M_divorced", "F_single", "M_married")
SAVINGS = ("below_100", "between_100_500", "between_500_1000", "above_1000", "unknown")
PURPOSE = ("car_new", "car_used", "radio_TV", "education")
YEARS = ("unemployed", "below_1", "between_1_4", "between_4_7", "above_7")
TABLES = {
    "borrowers": (
        "borrower_id,personal_status,savings_status,employment_years,purpose,amount,repaid",
        [
            f"{i},{STATUS[i % 5]},{SAVINGS[(i * 3) % 5]},{YEARS[(i * 7) % 5 if i % 4 else (i // 4) % 5]},"
            f"{PURPOSE[(i * 5) % 4]},{100 + 37 * i},{1 if i % 3 else 0}"
            for i in range(1, 81)
        ],
    ),
}
AGES = ("lt_25", "25_34", "35_44", "45_64", "65+")
INCOMES = ("lt_50k", "50k_100k", "gt_100k")
TABLES["customers"] = (
    "customer_id,age_band,income_band,spend",
    [f"{i},{AGES[(i * 3) % 5]},{INCOMES[(i * 7) % 3]},{(i * 37) % 500}" for i in range(1, 201)],
)
SIZES = ("1-10", "10-50", "50-100", "100-250", "self-employed")
TABLES["accounts"] = (
    "account_id,company_size,churned",
    [f"{i},{SIZES[(i * 3) % 5]},{1 if i % 4 == 0 else 0}" for i in range(1, 121)],
)
WOMEN = "personal_status LIKE 'F\\_%' ESCAPE '\\'"
MEN = "personal_status LIKE 'M\\_%' ESCAPE '\\'"


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("how many borrowers are women?", f"select 'all', count(*) from borrowers where {WOMEN}"),
        ("average amount for female borrowers", f"select 'all', avg(amount) from borrowers where {WOMEN}"),
        ("repayment rate for male borrowers", f"select 'all', avg(repaid) from borrowers where {MEN}"),
        ("how many single men", "select 'all', count(*) from borrowers where personal_status = 'M_single'"),
        (
            "how many divorced borrowers",
            "select 'all', count(*) from borrowers where personal_status = 'M_divorced'",
        ),
        (
            "number of borrowers by sex",
            f"select case when {WOMEN} then 'female' else 'male' end, count(*) from borrowers group by 1",
        ),
        (
            "how many borrowers with more than 1000 in savings",
            "select 'all', count(*) from borrowers where savings_status = 'above_1000'",
        ),
        (
            "total amount of borrowers with over 500 in savings",
            "select 'all', sum(amount) from borrowers where savings_status in ('between_500_1000', 'above_1000')",
        ),
        (
            "how many borrowers have been employed for more than 7 years",
            "select 'all', count(*) from borrowers where employment_years = 'above_7'",
        ),
        (
            "how many borrowers employed for at least 4 years",
            "select 'all', count(*) from borrowers where employment_years in ('between_4_7', 'above_7')",
        ),
        (
            "how many women employed for over 4 years",
            f"select 'all', count(*) from borrowers where employment_years in ('between_4_7', 'above_7') and {WOMEN}",
        ),
        (
            "how many borrowers for a new car",
            "select 'all', count(*) from borrowers where purpose = 'car_new'",
        ),
        ("total amount for used cars", "select 'all', sum(amount) from borrowers where purpose = 'car_used'"),
    ],
)
def test_coded_values_answer(table_bot, ref, question: str, sql: str) -> None:
    answer = answered(table_bot("borrowers"), question)
    figures_match(answer, ref, sql)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("how many borrowers are women?", "F_not_single, F_single"),
        ("how many borrowers with more than 1000 in savings", "above_1000"),
    ],
)
def test_the_interpretation_names_the_values(table_bot, question: str, said: str) -> None:
    assert said in answered(table_bot("borrowers"), question).interpretation


@pytest.mark.parametrize(
    "question",
    [
        "how many borrowers with more than 300 in savings",  # between_100_500 straddles 300
        "how many borrowers employed for more than 5 years",  # between_4_7 straddles 5
        "how many borrowers with less than 500 in savings",  # is `unknown` below 500? nobody can tell
        "how many borrowers employed for less than 1 year",  # is `unemployed` below 1 year?
    ],
)
def test_a_straddled_or_unknown_range_is_asked_back(table_bot, question: str) -> None:
    answer = table_bot("borrowers").ask(question)
    assert answer.status == "clarify", answer.text


RANGES = [
    ("below_100", (None, 100.0)),
    ("between_100_500", (100.0, 500.0)),
    ("above_1000", (1000.0, None)),
    ("lt_200", (None, 200.0)),
    ("ge_1000", (1000.0, None)),
    ("0_to_200", (0.0, 200.0)),
    ("25-34", (25.0, 34.0)),
    ("65+", (65.0, None)),
    ("<25", (None, 25.0)),
    ("gt_100k", (100000.0, None)),
    ("unknown", None),
    ("self-employed", None),
    ("Y", None),
    ("F_married", None),
]


@pytest.mark.parametrize(("value", "ends"), RANGES)
def test_a_coded_range_is_read(value: str, ends) -> None:
    from nlq.coderanges import span

    s = span(value)
    assert (s if s is None else (s.lo, s.hi)) == ends


AGES = ("lt_25", "25_34", "35_44", "45_64", "65+")


@pytest.mark.parametrize(
    ("op", "a", "b", "chosen"),
    [
        (">", 34, None, {"35_44", "45_64", "65+"}),  # whole-number bands: more than 34 is 35 and up
        ("<", 35, None, {"lt_25", "25_34"}),
        ("<=", 34, None, {"lt_25", "25_34"}),
        ("between", 25, 44, {"25_34", "35_44"}),
        ("<", 34, None, None),  # 25_34 holds 34
        (">", 30, None, None),
    ],
)
def test_whole_number_bands_are_inclusive(op: str, a: float, b, chosen) -> None:
    from nlq.coderanges import Straddles, selected

    if chosen is None:
        with pytest.raises(Straddles):
            selected(AGES, op, a, b)
    else:
        assert set(selected(AGES, op, a, b)) == chosen


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "how many customers are older than 34",
            "select 'all', count(*) from customers where age_band in ('35_44', '45_64', '65+')",
        ),
        ("how many customers under 25", "select 'all', count(*) from customers where age_band = 'lt_25'"),
        (
            "how many customers aged 45 or over",
            "select 'all', count(*) from customers where age_band in ('45_64', '65+')",
        ),
        (
            "how many customers with income over 100k",
            "select 'all', count(*) from customers where income_band = 'gt_100k'",
        ),
        (
            "average spend of customers with income above 50k",
            "select 'all', avg(spend) from customers where income_band in ('50k_100k', 'gt_100k')",
        ),
    ],
)
def test_age_and_income_bands(table_bot, ref, question: str, sql: str) -> None:
    """Ages and incomes kept as bands: compared through the bands, never through the money column."""
    figures_match(answered(table_bot("customers"), question), ref, sql)


@pytest.mark.parametrize(
    "question",
    ["how many customers older than 30", "how many customers with income over 70k", "total income"],
)
def test_bands_never_fall_back_to_money(table_bot, question: str) -> None:
    answer = table_bot("customers").ask(question)
    assert answer.status == "clarify", answer.text


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "how many accounts from companies with 100-250 employees churned?",
            "select 'all', count(*) from accounts where company_size = '100-250' and churned = 1",
        ),
        (
            "churn rate of accounts with 10-50 employees",
            "select 'all', avg(churned) from accounts where company_size = '10-50'",
        ),
    ],
)
def test_a_range_said_is_its_value(table_bot, ref, question: str, sql: str) -> None:
    """ "100-250 employees": the two numbers are the stored range, the people word what it counts."""
    figures_match(answered(table_bot("accounts"), question), ref, sql)


def test_a_range_not_stored_is_declined(table_bot) -> None:
    assert table_bot("accounts").ask("how many accounts with 20-30 employees").status == "clarify"
