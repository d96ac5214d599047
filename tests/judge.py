"""Judge an Answer's JSON against the rows of a gold SQL query (the rules of ../shared/eval/check.py).

A turn is correct when the status is "answer", the row count equals the gold row count, every gold
column matches a distinct answer column (multiset of values; numbers within 1e-6 relative or 0.005
absolute; a column of fractions may come as percentages; text case-insensitive and trimmed;
Yes/No/true/false/1/0 as booleans; dates as ISO text), and the matched columns form the gold rows.
With ORDER BY in the gold SQL, at least one matched column must follow the gold order.
A turn with "expect": "refuse" must get "clarify" or "unsupported".
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

TRUE = frozenset({"true", "yes", "y", "1", "t"})
FALSE = frozenset({"false", "no", "n", "0", "f"})
DECLINED = frozenset({"clarify", "unsupported"})
VERDICTS = ("correct", "wrong-answer", "declined", "error", "refused-ok", "wrong-refuse")
"""Every verdict a turn can get; the first four are for answerable turns, the last two for must-refuse."""
MAX_COMBINATIONS = 2000


def norm(value: Any) -> str | float | None:
    """A value as canonical text or float: booleans and Yes/No as "true"/"false", dates as ISO text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | decimal.Decimal):
        f = float(value)
        return None if math.isnan(f) else f
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value).strip()
    low = text.lower()
    if low in TRUE:
        return "true"
    if low in FALSE:
        return "false"
    digits = text.replace(",", "")
    if digits and digits.replace(".", "", 1).lstrip("-").isdigit():
        return float(digits)
    return low


def _same_date(a: str, b: str) -> bool:
    """'2024-03-01T00:00:00' equals '2024-03-01' (a bucket or a date given as midnight)."""
    midnight = ("", "T00:00:00", " 00:00:00")
    return len(a) >= 10 and len(b) >= 10 and a[4:5] == "-" and a[:10] == b[:10] and a[10:] in midnight


def same(gold: Any, ans: Any, scale: float = 1.0) -> bool:
    """Normalised gold value equals normalised answer value (gold numbers multiplied by `scale`)."""
    if gold is None or ans is None:
        return gold is None and ans is None
    if isinstance(gold, float) and isinstance(ans, float):
        return math.isclose(gold * scale, ans, rel_tol=1e-6, abs_tol=0.005)
    if isinstance(gold, str) and isinstance(ans, str):
        return gold == ans or _same_date(gold, ans)
    flag, number = (gold, ans) if isinstance(gold, str) else (ans, gold)
    if isinstance(flag, str) and flag in ("true", "false") and isinstance(number, float):
        return number in (0.0, 1.0) and (number == 1.0) == (flag == "true")
    return False


def _key(value: Any) -> tuple[int, float, str]:
    """Sort key for normalised values: numbers, then text, then None."""
    if isinstance(value, float):
        return (0, value, "")
    return (2, 0.0, "") if value is None else (1, 0.0, value)


def _distance(gold: tuple[Any, ...], ans: tuple[Any, ...], scales: Sequence[float]) -> float:
    return sum(
        abs(g * s - a)
        for g, a, s in zip(gold, ans, scales, strict=True)
        if isinstance(g, float) and isinstance(a, float)
    )


def _rows_equal(
    gold: Sequence[tuple[Any, ...]], ans: Sequence[tuple[Any, ...]], scales: Sequence[float]
) -> bool:
    """The rows are equal as multisets (a one-to-one pairing where every pair is `same`).

    Sorted pairing first; otherwise each gold row takes the closest matching answer row, so that values
    within the tolerance of each other do not steal each other's partner.
    """
    if len(gold) != len(ans):
        return False

    def row_key(row: tuple[Any, ...]) -> tuple[tuple[int, float, str], ...]:
        return tuple(_key(v) for v in row)

    def equal(g: tuple[Any, ...], a: tuple[Any, ...]) -> bool:
        return all(map(same, g, a, scales))

    if all(map(equal, sorted(gold, key=row_key), sorted(ans, key=row_key))):
        return True
    remaining = list(ans)
    for g in gold:
        hits = [i for i, a in enumerate(remaining) if equal(g, a)]
        if not hits:
            return False
        del remaining[min(hits, key=lambda i: _distance(g, remaining[i], scales))]
    return True


def _multiset_equal(gold: Sequence[Any], ans: Sequence[Any], scale: float) -> bool:
    return _rows_equal([(g,) for g in gold], [(a,) for a in ans], [scale])


def column_scale(gold: Sequence[Any], ans: Sequence[Any]) -> float | None:
    """The scale (1 or 100) under which the answer column holds the gold column's values, else None."""
    if _multiset_equal(gold, ans, 1.0):
        return 1.0
    fractions = all(isinstance(g, float) and 0.0 <= g <= 1.0 for g in gold if g is not None)
    if fractions and _multiset_equal(gold, ans, 100.0):
        return 100.0
    return None


def judge(gold_rows: Sequence[Sequence[Any]], ordered: bool, answer: dict[str, Any]) -> tuple[bool, str]:
    """(ok, reason): does the answer JSON hold the gold result?"""
    if answer.get("status") != "answer":
        return False, f"status {answer.get('status')}"
    rows = answer.get("rows") or []
    count = answer.get("row_count", len(rows))
    if count != len(gold_rows):
        return False, f"row_count {count} != gold {len(gold_rows)}"
    if len(rows) != len(gold_rows):
        return False, f"rows returned {len(rows)} != gold {len(gold_rows)}"
    if not gold_rows:
        return True, "both empty"
    g_cols = list(zip(*[[norm(v) for v in r] for r in gold_rows], strict=True))
    a_cols = list(zip(*[[norm(v) for v in r] for r in rows], strict=True))
    options = []
    for gc in g_cols:
        opts = [(j, s) for j, ac in enumerate(a_cols) if (s := column_scale(gc, ac)) is not None]
        if not opts:
            return False, f"no answer column holds the values of gold column {list(gc)[:5]}"
        options.append(opts)
    gold_t = [tuple(col[i] for col in g_cols) for i in range(len(gold_rows))]
    for combo in itertools.islice(itertools.product(*options), MAX_COMBINATIONS):
        idx = [j for j, _ in combo]
        if len(set(idx)) != len(idx):
            continue
        scales = [s for _, s in combo]
        ans_t = [tuple(a_cols[j][i] for j in idx) for i in range(len(rows))]
        if not _rows_equal(gold_t, ans_t, scales):
            continue
        if not ordered:
            return True, "ok"
        if any(all(map(same, g_cols[k], a_cols[j], [s] * len(rows))) for k, (j, s) in enumerate(combo)):
            return True, "ok"
        return False, "right rows, wrong order"
    return False, "columns match one by one but not row by row"


def golds(turn: dict[str, Any]) -> list[str]:
    """The gold SQL texts of a turn (one, or several fair readings); empty for a must-refuse turn."""
    gold = turn.get("gold")
    if gold is None:
        return []
    return [gold] if isinstance(gold, str) else list(gold)


def is_ordered(sql: str) -> bool:
    """The gold result's order counts when its SQL has an ORDER BY."""
    return "order by" in " ".join(sql.lower().split())


@dataclass(frozen=True)
class Verdict:
    """How one turn was judged."""

    case: str
    question: str
    verdict: str
    """One of VERDICTS."""
    reason: str
    sql: str = ""
    """The SQL the answer ran."""


def judge_turn(
    turn: dict[str, Any], answer: dict[str, Any], gold_con: duckdb.DuckDBPyConnection
) -> tuple[str, str]:
    """(verdict, reason) for one turn: a must-refuse turn, or an answerable one against each gold reading."""
    status = answer.get("status")
    text = str(answer.get("text", ""))[:80]
    if turn.get("expect") == "refuse":
        return ("refused-ok" if status in DECLINED else "wrong-refuse"), f"status {status}: {text}"
    if status in DECLINED:
        return "declined", f"{status}: {text}"
    if status != "answer":
        return "error", f"{status}: {text}"
    reason = "no gold"
    for sql in golds(turn):
        ok, reason = judge(gold_con.execute(sql).fetchall(), is_ordered(sql), answer)
        if ok:
            return "correct", reason
    return "wrong-answer", reason


def load_cases(path: Path) -> list[dict[str, Any]]:
    """Cases of a JSONL file (blank lines and lines starting with '#' skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.lstrip().startswith("#")]


def gold_connection(data: dict[str, str], root: Path) -> duckdb.DuckDBPyConnection:
    """A plain DuckDB connection with each table loaded by read_csv_auto (independent of the catalog)."""
    con = duckdb.connect()
    for name, rel in data.items():
        path = str((root / rel).resolve()).replace("'", "''")
        con.execute(f"CREATE TABLE \"{name}\" AS SELECT * FROM read_csv_auto('{path}')")
    return con


Ask = Callable[[str], dict[str, Any]]
"""Ask one question of the current conversation; returns the answer's JSON."""


def run_cases(
    cases: Iterable[dict[str, Any]],
    root: Path,
    conversation: Callable[[dict[str, Any]], Ask],
    gold_for: Callable[[dict[str, str]], duckdb.DuckDBPyConnection] | None = None,
) -> list[Verdict]:
    """Judge every turn: `conversation(case)` starts a new conversation for a case and returns its ask.

    `gold_for(data)` gives the gold connection of a case's data (default: read_csv_auto under `root`).
    """
    verdicts: list[Verdict] = []
    connections: dict[str, duckdb.DuckDBPyConnection] = {}
    for case in cases:
        key = json.dumps(case["data"], sort_keys=True)
        if key not in connections:
            connections[key] = gold_for(case["data"]) if gold_for else gold_connection(case["data"], root)
        ask = conversation(case)
        for turn in case["turns"]:
            try:
                answer = ask(turn["q"])
            except Exception as e:  # an engine crash is an error verdict, not a test crash
                answer = {"status": "error", "text": f"{type(e).__name__}: {e}", "sql": ""}
            verdict, reason = judge_turn(turn, answer, connections[key])
            verdicts.append(Verdict(case["id"], turn["q"], verdict, reason, str(answer.get("sql") or "")))
    return verdicts


@dataclass(frozen=True)
class Summary:
    """Totals over judged turns."""

    correct: int
    wrong_answers: int
    declined: int
    errors: int
    refused: int
    """Must-refuse turns that were declined."""
    wrong_refusals: int
    """Must-refuse turns that were answered."""

    @property
    def answerable(self) -> int:
        return self.correct + self.wrong_answers + self.declined + self.errors

    @property
    def wrong(self) -> int:
        return self.wrong_answers + self.wrong_refusals

    @property
    def accuracy(self) -> float:
        return self.correct / self.answerable if self.answerable else 0.0

    def line(self) -> str:
        return (
            f"answerable {self.answerable}: correct {self.correct}, wrong {self.wrong_answers}, "
            f"declined {self.declined}, errors {self.errors}; must-refuse {self.refused + self.wrong_refusals}: "
            f"refused {self.refused}, answered {self.wrong_refusals}; accuracy {self.accuracy:.3f}, wrong {self.wrong}"
        )


def summarize(verdicts: Sequence[Verdict]) -> Summary:
    """Count the verdicts."""
    count = {v: sum(1 for x in verdicts if x.verdict == v) for v in VERDICTS}
    return Summary(
        correct=count["correct"],
        wrong_answers=count["wrong-answer"],
        declined=count["declined"],
        errors=count["error"],
        refused=count["refused-ok"],
        wrong_refusals=count["wrong-refuse"],
    )


def table(verdicts: Iterable[Verdict], width: int = 70) -> str:
    """A compact text table: verdict, case, question, reason and (for wrong answers) the SQL run."""
    lines = []
    for v in verdicts:
        lines.append(f"{v.verdict:12} {v.case:8} {v.question[:width]!r}: {v.reason}")
        if v.verdict.startswith("wrong") and v.sql:
            lines.append(f"{'':22}sql: {v.sql[:200]}")
    return "\n".join(lines)
