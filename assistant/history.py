"""Conversations saved in SQLite, so nothing is lost when the terminal closes mid-answer.

The question is saved before it is answered; the answer is added when it arrives. Small converter
functions turn an Answer into a JSON record and back (as in Elia's `models.py`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from catalog.answer import Answer, Chart, json_value

DATA_DIR_ENV = "CRA_DATA_DIR"
"""Environment variable that overrides the data directory (tests point it at a tmp dir)."""
STORED_ROWS = 200
"""Rows of an answer's table kept in the history (the full result can be asked again)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS conversation (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    data TEXT NOT NULL,
    started TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS exchange (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversation(id),
    question TEXT NOT NULL,
    asked TEXT NOT NULL,
    answer TEXT
);
"""


def data_dir() -> Path:
    """Where cra keeps its files: $CRA_DATA_DIR, else the platform's user data directory."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path(user_data_dir("cra"))


@dataclass(frozen=True)
class ConversationSummary:
    """One saved conversation, for the list shown on start."""

    id: int
    title: str
    """The first question."""
    data: str
    """What data it was about ("customers, orders")."""
    updated: str
    """ISO timestamp (UTC) of the last question."""
    questions: int


@dataclass(frozen=True)
class Exchange:
    """One question and its answer (None when the app closed before the answer arrived)."""

    id: int
    question: str
    answer: Answer | None


def answer_to_record(answer: Answer, max_rows: int = STORED_ROWS) -> str:
    """An Answer as JSON text (values JSON-native, table capped at max_rows)."""
    record: dict[str, Any] = answer.to_json(max_rows=max_rows)
    record["chart"] = asdict(answer.chart) if answer.chart else None
    record["model_card"] = answer.model_card
    record["notes"] = list(answer.notes)
    return json.dumps(record, default=json_value, ensure_ascii=False)


def answer_from_record(text: str) -> Answer:
    """The inverse of answer_to_record (dates come back as ISO text)."""
    d = json.loads(text)
    chart = d.get("chart")
    return Answer(
        question=d["question"],
        status=d["status"],
        text=d["text"],
        interpretation=d.get("interpretation", ""),
        sql=d.get("sql", ""),
        columns=tuple(d.get("columns", ())),
        rows=tuple(tuple(r) for r in d.get("rows", ())),
        row_count=d.get("row_count", 0),
        chart=Chart(chart["kind"], chart["x"], tuple(chart["y"]), chart.get("title", "")) if chart else None,
        suggestions=tuple(d.get("suggestions", ())),
        model_card=d.get("model_card"),
        notes=tuple(d.get("notes", ())),
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class History:
    """The conversation store: one SQLite file, written after every question and answer."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or data_dir() / "history.sqlite3"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._con = sqlite3.connect(self.path, check_same_thread=False)
        # WAL without a sync per commit: a commit survives the app being killed, costs no fsync on the UI thread
        self._con.execute("PRAGMA journal_mode=WAL")
        self._con.execute("PRAGMA synchronous=NORMAL")
        self._con.executescript(SCHEMA)

    def close(self) -> None:
        self._con.close()

    def new_conversation(self, title: str, data: str) -> int:
        """Start a conversation; returns its id."""
        now = _now()
        with self._con:
            cur = self._con.execute(
                "INSERT INTO conversation (title, data, started, updated) VALUES (?, ?, ?, ?)",
                (title, data, now, now),
            )
        return int(cur.lastrowid or 0)

    def add_question(self, conversation_id: int, question: str) -> int:
        """Save a question before it is answered; returns the exchange id."""
        now = _now()
        with self._con:
            cur = self._con.execute(
                "INSERT INTO exchange (conversation_id, question, asked) VALUES (?, ?, ?)",
                (conversation_id, question, now),
            )
            self._con.execute("UPDATE conversation SET updated = ? WHERE id = ?", (now, conversation_id))
        return int(cur.lastrowid or 0)

    def add_answer(self, exchange_id: int, answer: Answer) -> None:
        """Attach the answer to its saved question."""
        with self._con:
            self._con.execute(
                "UPDATE exchange SET answer = ? WHERE id = ?", (answer_to_record(answer), exchange_id)
            )

    def conversations(self, limit: int = 10) -> list[ConversationSummary]:
        """The most recent conversations first."""
        rows = self._con.execute(
            """SELECT c.id, c.title, c.data, c.updated, count(e.id)
               FROM conversation c LEFT JOIN exchange e ON e.conversation_id = c.id
               GROUP BY c.id ORDER BY c.updated DESC, c.id DESC LIMIT ?""",
            (limit,),
        ).fetchall()
        return [ConversationSummary(*row) for row in rows]

    def exchanges(self, conversation_id: int) -> list[Exchange]:
        """The questions and answers of one conversation, in order."""
        rows = self._con.execute(
            "SELECT id, question, answer FROM exchange WHERE conversation_id = ? ORDER BY id",
            (conversation_id,),
        ).fetchall()
        return [Exchange(i, q, answer_from_record(a) if a else None) for i, q, a in rows]
