"""Two readings of a figure over filtered rows. "The largest balance carried by a student" is the MAX of
the balance over the students' rows, never the student group with the largest total; "the share of the
total transaction value refunded" is weighted by the amount (the refunds' total over the whole total),
while "the share of transactions that were refunds" stays a share of rows. Expected values come from an
independent DuckDB over the same CSV files."""

from __future__ import annotations

import duckdb
import pytest

from catalog import Catalog

CARDHOLDERS = """id,default,student,balance,income
1,No,No,2500.0,40000
2,No,No,2200.0,52000
3,Yes,No,1900.0,31000
4,No,Yes,1200.0,15000
5,Yes,Yes,1750.0,12000
6,No,Yes,300.0,21000
7,No,No,900.0,45000
"""
"""The largest balance is a non-student's and the non-students' total is the larger: the students' MAX
is neither."""
CUSTOMERS = """customer_id,customer_name
10,Ann Lee
11,Bo Chan
12,Cy Diaz
"""
TRANSACTIONS = """transaction_id,customer_id,transaction_type,transaction_amount
1,10,Payment,100.0
2,11,Refund,20.0
3,10,Payment,400.0
4,12,Refund,30.0
5,11,Refund,10.0
6,12,Payment,40.0
"""
"""Half the rows are refunds, but refunds are 60 of 600 in value."""
TABLES = {"cardholders": CARDHOLDERS, "customers": CUSTOMERS, "transactions": TRANSACTIONS}


def _ask(loaded: Catalog, question: str):  # -> Answer
    from assistant.engine import Assistant

    answer = Assistant(loaded).ask(question)
    assert answer.status == "answer", answer.text
    return answer


@pytest.mark.parametrize(
    ("question", "sql"),
    [
        (
            "What's the largest balance carried by a student?",
            "select max(balance) from cardholders where student = 'Yes'",
        ),
        (
            "What is the highest balance held by a student?",
            "select max(balance) from cardholders where student = 'Yes'",
        ),
        (
            "What's the biggest balance carried by students?",
            "select max(balance) from cardholders where student = 'Yes'",
        ),
        (
            "What's the smallest balance carried by a student?",
            "select min(balance) from cardholders where student = 'Yes'",
        ),
    ],
)
def test_superlative_of_a_measure_is_its_max_over_the_filtered_rows(
    loaded: Catalog, ref: duckdb.DuckDBPyConnection, question: str, sql: str
) -> None:
    answer = _ask(loaded, question)
    assert len(answer.rows) == 1
    assert answer.rows[0][-1] == pytest.approx(ref.execute(sql).fetchone()[0])
    assert "GROUP BY" not in (answer.sql or "").upper()


@pytest.mark.parametrize(
    "question",
    [
        "What share of the total transaction value was refunded?",
        "What percentage of the total transaction amount was in refunds?",
        "What proportion of the total transaction amount was refunds?",
    ],
)
def test_share_of_a_total_amount_is_weighted_by_the_amount(
    loaded: Catalog, ref: duckdb.DuckDBPyConnection, question: str
) -> None:
    answer = _ask(loaded, question)
    want = ref.execute(
        "select sum(transaction_amount) filter (where transaction_type = 'Refund') / sum(transaction_amount)"
        " from transactions"
    ).fetchone()[0]
    value = answer.rows[0][0]
    assert value == pytest.approx(want) or value == pytest.approx(100 * want)


def test_share_of_records_stays_a_share_of_rows(loaded: Catalog, ref: duckdb.DuckDBPyConnection) -> None:
    answer = _ask(loaded, "What share of transactions were refunds?")
    want = ref.execute(
        "select avg(case when transaction_type = 'Refund' then 1 else 0 end) from transactions"
    )
    share = want.fetchone()[0]
    value = answer.rows[0][0]
    assert value == pytest.approx(share) or value == pytest.approx(100 * share)


def test_superlative_by_one_of_the_people_is_asked_back(loaded: Catalog) -> None:
    """ "the largest amount paid by a customer": the single largest amount, or the customer with the
    largest total; both readings fit, so the question is asked back rather than guessed."""
    from assistant.engine import Assistant

    answer = Assistant(loaded).ask("What is the largest transaction amount paid by a customer?")
    assert answer.status == "clarify", answer.sql
    assert "total" in answer.text


def test_which_person_names_the_split(loaded: Catalog, ref: duckdb.DuckDBPyConnection) -> None:
    answer = _ask(loaded, "Which customer paid the largest total transaction amount?")
    want = ref.execute(
        "select customer_id from transactions group by customer_id order by sum(transaction_amount) desc limit 1"
    ).fetchone()[0]
    assert answer.rows[0][0] == want
