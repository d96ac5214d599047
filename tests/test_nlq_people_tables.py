"""A table whose rows are people is named by any people word when that is unambiguous in the catalog:
"customers", "clients", "account holders" reach a `cardholders` or `patients` table that is the only
table of people other than staff; "people" reaches the only table of people. An HR file's employees are
never customers, and with customers and employees both loaded each word keeps its own table. A file
named after no noun ("default" of Default.csv) whose yes/no `student` column says its rows are people is
a table of people, and its name is then its column's ("how many defaults"). Checked against DuckDB over
the same CSV files."""

from __future__ import annotations

import random
from typing import Any

import duckdb
import pytest
from tables import answered

from catalog.concepts import bind_concepts


def _tables() -> dict[str, Any]:
    rng = random.Random(5)
    cardholders = [
        (
            rng.choice(("Yes", "No", "No", "No")),
            rng.choice(("Yes", "No")),
            rng.choice((0.0, round(rng.uniform(1, 2600), 2))),
            round(rng.uniform(800, 70000), 2),
        )
        for _ in range(300)
    ]
    patients = [(i, rng.randint(18, 90), rng.choice(("Yes", "No"))) for i in range(1, 121)]
    employees = [(i, rng.choice(("Sales", "R&D")), rng.randint(2000, 9000)) for i in range(1, 41)]
    customers = [(f"C{i:03d}", rng.choice(("Berlin", "Paris"))) for i in range(1, 26)]
    teachers = [(i, rng.choice(("Math", "Art"))) for i in range(1, 9)]
    return {
        "cardholders": (["default", "student", "balance", "income"], cardholders),
        "patients": (["patient_id", "age", "smoker"], patients),
        "employees": (["employee_id", "department", "monthly_income"], employees),
        "customers": (["customer_id", "city"], customers),
        "teachers": (["teacher_id", "subject"], teachers),
    }


TABLES = _tables()


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many customers defaulted?", "select count(*) from cardholders where \"default\" = 'Yes'"),
        ("How many clients are students?", "select count(*) from cardholders where student = 'Yes'"),
        ("What is the average balance of account holders?", "select avg(balance) from cardholders"),
        ("How many people have a zero balance?", "select count(*) from cardholders where balance = 0"),
        (
            "What is the median income of customers who defaulted?",
            "select median(income) from cardholders where \"default\" = 'Yes'",
        ),
    ],
)
def test_people_words_name_the_only_table_of_people(
    table_bot: Any, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(table_bot("cardholders"), question)
    assert answer.rows[0][-1] == pytest.approx(ref.execute(sql).fetchone()[0])


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many customers do we have?", "select count(*) from patients"),
        ("How many people are smokers?", "select count(*) from patients where smoker = 'Yes'"),
        ("What is the average age of our clients?", "select avg(age) from patients"),
    ],
)
def test_patients_alone_are_the_customers(
    table_bot: Any, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(table_bot("patients"), question)
    assert answer.rows[0][-1] == pytest.approx(ref.execute(sql).fetchone()[0])


def test_with_every_table_loaded_no_table_is_the_only_one(loaded: Any) -> None:
    found = {(b.concept, b.target) for b in bind_concepts(loaded.model) if "." not in b.target}
    assert ("customer", "customers") in found and ("employee", "employees") in found
    assert ("person", "cardholders") in found and ("person", "patients") in found
    assert ("customer", "cardholders") not in found and ("customer", "patients") not in found


def test_employees_are_never_customers(table_bot: Any, ref: duckdb.DuckDBPyConnection) -> None:
    bot = table_bot("employees")
    assert bot.ask("How many customers do we have?").status in ("clarify", "unsupported")
    bot.reset()
    answer = answered(bot, "How many people work in Sales?")
    sales = ref.execute("select count(*) from employees where department = 'Sales'").fetchone()[0]
    assert answer.rows[0][-1] == sales


def test_customers_and_employees_keep_their_own_words(crm: Any) -> None:
    data = crm.dataset({"customers": TABLES["customers"], "employees": TABLES["employees"]}, "both")
    assert answered(data.bot, "How many customers do we have?").rows[0][-1] == 25
    assert answered(data.bot, "How many employees do we have?").rows[0][-1] == 40
    assert (
        answered(data.bot, "How many clients are in Paris?").rows[0][-1]
        == (data.ref.execute("select count(*) from customers where city = 'Paris'").fetchone()[0])
    )
    # "people" could be either table: asked back, never one of them taken
    assert data.bot.ask("How many people do we have?").status in ("clarify", "unsupported")


def test_two_tables_of_people_leave_customers_unknown(crm: Any) -> None:
    data = crm.dataset({"patients": TABLES["patients"], "cardholders": TABLES["cardholders"]}, "two")
    assert data.bot.ask("How many customers do we have?").status in ("clarify", "unsupported")


def test_beside_staff_the_other_people_are_the_customers(crm: Any) -> None:
    data = crm.dataset({"patients": TABLES["patients"], "teachers": TABLES["teachers"]}, "staff")
    assert answered(data.bot, "How many customers do we have?").rows[0][-1] == 120
    assert answered(data.bot, "How many staff do we have?").rows[0][-1] == 8


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "How many non-students earn more than 50,000?",
            "select count(*) from cardholders where student = 'No' and income > 50000",
        ),
        (
            "How many have a balance between 1,000 and 1,500?",
            "select count(*) from cardholders where balance between 1000 and 1500",
        ),
        (
            "How many students earn more than the average income?",
            "select count(*) from cardholders where student = 'Yes' and income > (select avg(income) from cardholders)",
        ),
    ],
)
def test_an_amount_compared_is_a_condition_of_the_count(
    table_bot: Any, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = answered(table_bot("cardholders"), question)
    assert answer.rows[0][-1] == ref.execute(sql).fetchone()[0]


def test_an_amount_counted_is_still_asked_back(table_bot: Any) -> None:
    answer = table_bot("cardholders").ask("How many balance do students have?")
    assert answer.status == "clarify" and "counts records" in answer.text


def test_clients_are_the_customers_beside_their_accounts(crm: Any) -> None:
    accounts = (
        ["account_id", "customer_id", "account_name"],
        [(i, 1 + i % 7, f"acc {i}") for i in range(1, 19)],
    )
    data = crm.dataset({"customers": TABLES["customers"], "accounts": accounts}, "held")
    assert answered(data.bot, "How many clients do we have?").rows[0][-1] == 25
    assert answered(data.bot, "How many accounts do we have?").rows[0][-1] == 18


def test_two_tables_of_the_same_kind_leave_the_word_asked_back(crm: Any) -> None:
    members = (["member_id", "city"], [(i, "Paris") for i in range(1, 12)])
    subscribers = (["subscriber_id", "plan"], [(i, "Basic") for i in range(1, 30)])
    data = crm.dataset({"members": members, "subscribers": subscribers}, "same")
    assert data.bot.ask("How many clients do we have?").status in ("clarify", "unsupported")
    data.bot.reset()
    assert answered(data.bot, "How many members do we have?").rows[0][-1] == 11


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        ("How many customers defaulted?", "select count(*) from cardholders where \"default\" = 'Yes'"),
        ("How many defaults are there?", "select count(*) from cardholders where \"default\" = 'Yes'"),
        ("How many people are students?", "select count(*) from cardholders where student = 'Yes'"),
        ("How many people are in the data?", "select count(*) from cardholders"),
    ],
)
def test_a_file_named_after_no_noun_with_a_student_flag_holds_people(
    crm: Any, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    data = crm.dataset({"defaults": TABLES["cardholders"]}, "file")
    answer = answered(data.bot, question)
    assert answer.rows[0][-1] == ref.execute(sql).fetchone()[0]


def test_records_named_by_a_noun_stay_records_beside_a_person_flag(crm: Any) -> None:
    visits = (["visit_id", "smoker", "fee"], [(i, ("Yes", "No")[i % 2], 10 * i) for i in range(1, 21)])
    data = crm.dataset({"visits": visits}, "visits")
    assert data.bot.ask("How many customers do we have?").status in ("clarify", "unsupported")
