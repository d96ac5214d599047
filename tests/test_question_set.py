"""The engine's own question set on the bundled samples (tests/questions/samples.jsonl), judged by tests/judge.py.

Gold rows come from a plain DuckDB connection (read_csv_auto), independent of our catalog.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from judge import (  # noqa: E402
    gold_connection,
    golds,
    judge,
    judge_turn,
    load_cases,
    run_cases,
    summarize,
    table,
)

ROOT = Path(__file__).resolve().parents[1]
CASES_FILE = ROOT / "tests" / "questions" / "samples.jsonl"
MIN_ACCURACY = 0.95
"""Floor on correct / answerable turns; the lead sets the final value from the measured figure."""
MIN_TURNS, MIN_REFUSALS, MIN_CONVERSATIONS = 150, 25, 10
TABLES = ("customers", "orders", "tickets", "feedback")


@pytest.fixture(scope="module")
def cases() -> list[dict[str, Any]]:
    return load_cases(CASES_FILE)


@pytest.fixture(scope="module")
def gold_con(cases: list[dict[str, Any]]) -> duckdb.DuckDBPyConnection:
    return gold_connection(cases[0]["data"], ROOT)


# ---- the file itself


def test_file_has_enough_cases_of_each_kind(cases: list[dict[str, Any]]) -> None:
    turns = [t for c in cases for t in c["turns"]]
    assert len(turns) >= MIN_TURNS
    assert sum(t.get("expect") == "refuse" for t in turns) >= MIN_REFUSALS
    assert sum(len(c["turns"]) > 1 for c in cases) >= MIN_CONVERSATIONS


def test_file_is_well_formed(cases: list[dict[str, Any]]) -> None:
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "case ids repeat"
    for c in cases:
        assert set(c["data"]) == set(TABLES), c["id"]
        assert all((ROOT / rel).is_file() for rel in c["data"].values()), c["id"]
        dt.date.fromisoformat(c["as_of"])
        for t in c["turns"]:
            assert t["q"].strip(), c["id"]
            assert ("gold" in t) != (t.get("expect") == "refuse"), (
                f"{c['id']}: a turn has gold xor expect=refuse"
            )


def test_every_gold_runs_and_judges_its_own_rows(
    cases: list[dict[str, Any]], gold_con: duckdb.DuckDBPyConnection
) -> None:
    """Each gold SQL runs, and an answer holding exactly its rows is judged correct."""
    for c in cases:
        for t in c["turns"]:
            for sql in golds(t):
                cur = gold_con.execute(sql)
                rows = cur.fetchall()
                assert rows and any(v is not None for v in rows[0]), (
                    f"{c['id']}: {sql} gives nothing to judge"
                )
                answer = {"status": "answer", "rows": [list(r) for r in rows], "row_count": len(rows)}
                verdict, reason = judge_turn(t, answer, gold_con)
                assert verdict == "correct", f"{c['id']} {sql}: {reason}"


# ---- the judge's rules on small hand-made results


def _ans(rows: list[list[Any]], status: str = "answer") -> dict[str, Any]:
    return {"status": status, "rows": rows, "row_count": len(rows)}


def test_judge_numbers_percentages_and_extra_columns() -> None:
    gold = [("Basic", 0.4), ("Pro", 0.1425)]
    assert judge(gold, False, _ans([["pro", 14.25, 7], ["BASIC ", 40.0, 9]]))[0]
    assert judge(gold, False, _ans([["Pro", 0.1425 + 1e-9], ["Basic", 0.4]]))[0]
    assert not judge(gold, False, _ans([["Pro", 0.4], ["Basic", 0.1425]]))[0]  # values swapped between rows
    assert not judge([(250.0,)], False, _ans([[2.5]]))[0]  # x100 only for fractions
    assert not judge(gold, False, _ans([["Pro", 0.1425]]))[0]


def test_judge_pairs_values_closer_than_the_tolerance() -> None:
    """Values within 0.005 of each other must not steal each other's partner (whatever the row order)."""
    gold = [("a", 0.2534), ("b", 0.2561), ("c", 0.2500), ("d", 0.2413)]
    for rows in (gold, gold[::-1], sorted(gold, key=lambda r: r[1])):
        assert judge(gold, False, _ans([list(r) for r in rows]))[0]
    assert not judge(gold, False, _ans([["a", 0.2413], ["b", 0.2561], ["c", 0.25], ["d", 0.2534]]))[0]


def test_judge_flags_dates_and_order() -> None:
    assert judge([(True, 3)], False, _ans([["Yes", 3]]))[0]
    assert judge([(dt.date(2024, 3, 1), 5)], False, _ans([["2024-03-01", 5]]))[0]
    assert judge([(dt.datetime(2024, 3, 1), 5)], False, _ans([["2024-03-01", 5]]))[0]
    ordered = [("a", 3), ("b", 2)]
    assert judge(ordered, True, _ans([["a", 3], ["b", 2]]))[0]
    ok, reason = judge(ordered, True, _ans([["b", 2], ["a", 3]]))
    assert not ok and "order" in reason
    assert judge(ordered, False, _ans([["b", 2], ["a", 3]]))[0]


def test_judge_status_and_refusals(gold_con: duckdb.DuckDBPyConnection) -> None:
    refuse = {"q": "drop table orders", "expect": "refuse"}
    assert judge_turn(refuse, {"status": "unsupported"}, gold_con)[0] == "refused-ok"
    assert judge_turn(refuse, {"status": "clarify"}, gold_con)[0] == "refused-ok"
    assert judge_turn(refuse, _ans([[1]]), gold_con)[0] == "wrong-refuse"
    turn = {"q": "how many customers", "gold": "select count(*) from customers"}
    (n,) = gold_con.execute("select count(*) from customers").fetchall()[0]
    assert judge_turn(turn, _ans([[n]]), gold_con)[0] == "correct"
    assert judge_turn(turn, _ans([[n + 1]]), gold_con)[0] == "wrong-answer"
    assert judge_turn(turn, {"status": "clarify"}, gold_con)[0] == "declined"
    assert judge_turn(turn, {"status": "error"}, gold_con)[0] == "error"
    both = {"q": "x", "gold": ["select 1", "select 2"]}
    assert judge_turn(both, _ans([[2]]), gold_con)[0] == "correct"


# ---- the engine on the set


@pytest.fixture(scope="module")
def catalog(cases: list[dict[str, Any]]) -> Any:
    pytest.importorskip("assistant.engine", reason="the question engine is not written yet")
    from catalog import Catalog

    return Catalog.load([f"{name}={ROOT / rel}" for name, rel in cases[0]["data"].items()])


@pytest.mark.slow
def test_question_set_accuracy(cases: list[dict[str, Any]], catalog: Any) -> None:
    from assistant.engine import Assistant

    assert all(c["data"] == cases[0]["data"] for c in cases), "one catalog serves every case"

    def conversation(case: dict[str, Any]):  # -> Ask
        assistant = Assistant(catalog, as_of=dt.date.fromisoformat(case["as_of"]))
        return lambda q: json.loads(json.dumps(assistant.ask(q).to_json(max_rows=100_000), default=str))

    verdicts = run_cases(cases, ROOT, conversation)
    summary = summarize(verdicts)
    bad = [v for v in verdicts if v.verdict in ("wrong-answer", "wrong-refuse", "error")]
    print("\n" + summary.line())
    assert summary.wrong == 0, f"wrong answers:\n{table(bad)}\n{summary.line()}"
    missed = [v for v in verdicts if v.verdict != "correct" and v.verdict != "refused-ok"]
    assert summary.accuracy >= MIN_ACCURACY, f"below {MIN_ACCURACY}:\n{table(missed)}\n{summary.line()}"
