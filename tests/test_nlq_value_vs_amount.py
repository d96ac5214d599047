"""A word that is both a stored value and an amount ("sales": the department Sales, the money measure),
a money word inside a rating column's name (WorkLifeBalance of 1-4), and "how many" never summing an
amount: checked on a small staff table written by the test, against DuckDB over the same CSV."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from tables import reference_db, write_tables

from assistant.engine import Assistant
from catalog import Catalog

DEPARTMENTS = ("Sales", "Research", "Support")


def _staff(rows: int, seed: int) -> list[list[object]]:
    rng = random.Random(seed)
    return [
        [
            i,
            rng.choice(("Female", "Male")),
            rng.choice(DEPARTMENTS),
            rng.randint(1, 4),
            round(rng.uniform(1000, 9000), 2),
        ]
        for i in range(1, rows + 1)
    ]


HEADER = ["staff_id", "gender", "department", "work_life_balance", "bonus_amount"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    staff = (HEADER, _staff(300, 7))
    plain = (HEADER[:-1], [r[:-1] for r in _staff(300, 8)])
    root = tmp_path_factory.mktemp("staff")
    write_tables(root / "with_money", {"staff": staff})
    write_tables(root / "no_money", {"staff": plain})
    return root


def _bot(folder: Path, name: str) -> Assistant:
    return Assistant(Catalog.load([str(folder / name / "staff.csv")]))


def _expected(folder: Path, name: str, where: str) -> int:
    con = reference_db(folder / name, ["staff"])
    return con.execute(f"select count(*) from staff where {where}").fetchone()[0]


def test_a_rating_named_like_money_is_no_amount(folder: Path) -> None:
    bot = _bot(folder, "no_money")
    col = bot.catalog.model.tables["staff"].columns["work_life_balance"]
    assert col.unit != "money"
    answer = bot.ask("how many women work in sales?")
    assert answer.status == "answer", answer.text
    assert answer.rows[0][0] == _expected(folder, "no_money", "gender = 'Female' and department = 'Sales'")


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("how many women work in sales?", "gender = 'Female' and department = 'Sales'"),
        ("how many staff are in sales?", "department = 'Sales'"),
    ],
)
def test_a_stored_value_beats_the_money_word_after_a_count(folder: Path, question: str, where: str) -> None:
    answer = _bot(folder, "with_money").ask(question)
    assert answer.status == "answer", answer.text
    assert "SUM" not in answer.sql
    assert answer.rows[0][0] == _expected(folder, "with_money", where)


def test_the_money_word_after_an_aggregation_is_the_amount(folder: Path) -> None:
    answer = _bot(folder, "with_money").ask("total sales")
    assert answer.status == "answer", answer.text
    total = (
        reference_db(folder / "with_money", ["staff"])
        .execute("select sum(bonus_amount) from staff")
        .fetchone()[0]
    )
    assert answer.rows[0][0] == pytest.approx(total)


@pytest.mark.parametrize("question", ["how many bonus amount", "how many bonus amount do women get"])
def test_how_many_never_sums_an_amount_or_a_rating(folder: Path, question: str) -> None:
    answer = _bot(folder, "with_money").ask(question)
    assert answer.status in ("clarify", "unsupported"), answer.sql
