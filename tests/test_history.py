"""The conversation store: questions saved before answers, answers round-trip, newest first."""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path

import pytest

from assistant.history import History, answer_from_record, answer_to_record, data_dir
from catalog.answer import Answer, Chart


@pytest.fixture
def history(tmp_path: Path) -> History:
    store = History(tmp_path / "h.sqlite3")
    yield store
    store.close()


def test_data_dir_env_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRA_DATA_DIR", str(tmp_path / "x"))
    assert data_dir() == tmp_path / "x"
    assert History().path == tmp_path / "x" / "history.sqlite3"


def test_answer_round_trip_keeps_fields_and_json_values() -> None:
    answer = Answer(
        question="revenue by month",
        status="answer",
        text="Revenue was $1,234.50.",
        interpretation="Sum of amount by month of order date",
        sql="SELECT 1",
        columns=("month", "revenue"),
        rows=((dt.date(2024, 1, 1), decimal.Decimal("1234.5")), (dt.date(2024, 2, 1), None)),
        row_count=2,
        chart=Chart("line", "month", ("revenue",), "Revenue"),
        suggestions=("and by plan?",),
        model_card={"rows": 10, "auc": 0.81},
        notes=("typo corrected",),
    )
    back = answer_from_record(answer_to_record(answer))
    assert back.rows == (("2024-01-01", 1234.5), ("2024-02-01", None))
    assert back.chart == answer.chart
    assert (back.text, back.sql, back.columns, back.row_count) == (answer.text, answer.sql, answer.columns, 2)
    assert back.suggestions == answer.suggestions and back.notes == answer.notes
    assert back.model_card == {"rows": 10, "auc": 0.81}


def test_stored_rows_are_capped_but_row_count_kept() -> None:
    rows = tuple((i,) for i in range(500))
    answer = Answer("q", "answer", "t", columns=("i",), rows=rows, row_count=7043)
    back = answer_from_record(answer_to_record(answer, max_rows=50))
    assert len(back.rows) == 50 and back.row_count == 7043


def test_question_saved_before_answer(history: History) -> None:
    conv = history.new_conversation("how many customers?", "customers")
    first = history.add_question(conv, "how many customers?")
    history.add_answer(first, Answer("how many customers?", "answer", "There are 5 customers."))
    history.add_question(conv, "and by plan?")  # the app closed before this answer
    exchanges = history.exchanges(conv)
    assert [e.question for e in exchanges] == ["how many customers?", "and by plan?"]
    assert exchanges[0].answer is not None and exchanges[0].answer.text == "There are 5 customers."
    assert exchanges[1].answer is None


def test_conversations_newest_first_with_counts(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    store = History(path)
    a = store.new_conversation("first", "customers")
    store.add_question(a, "first")
    b = store.new_conversation("second", "orders")
    for q in ("second", "third"):
        store.add_question(b, q)
    store.close()
    reopened = History(path)  # survives closing
    listed = reopened.conversations()
    assert [(c.id, c.title, c.questions) for c in listed] == [(b, "second", 2), (a, "first", 1)]
    assert listed[0].data == "orders"
    reopened.close()
