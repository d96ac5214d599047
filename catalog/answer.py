"""The Answer: the one thing the engine gives back, consumed by the CLI, the UI and reports."""

from __future__ import annotations

import datetime as dt
import decimal
import math
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["answer", "clarify", "unsupported", "error"]
ASKBACK = "askback"
"""Answer.extra key of a clarify turn that asks back about candidates for an unknown phrase: their
labels, in the order of its suggestions (each suggestion picks one; assistant.engine)."""


@dataclass(frozen=True)
class Chart:
    """A chart suggestion for an answer's table."""

    kind: Literal["bar", "line"]
    """`line` for time trends, `bar` for category comparisons."""
    x: str
    """Column of the table on the x axis (categories or time buckets)."""
    y: tuple[str, ...]
    """Numeric columns plotted against x."""
    title: str = ""


@dataclass(frozen=True)
class Answer:
    """One answer to one question."""

    question: str
    status: Status
    text: str
    """One plain sentence with the key figure, formatted for a person."""
    interpretation: str = ""
    """How the question was understood, in English, built from the intent (not from the SQL)."""
    sql: str = ""
    """The SQL as run (DuckDB dialect); empty when nothing ran."""
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Any, ...], ...] = ()
    """Values as stored (Python values from DuckDB), possibly capped; see row_count."""
    row_count: int = 0
    """The full number of result rows, even when `rows` is capped."""
    chart: Chart | None = None
    suggestions: tuple[str, ...] = ()
    """Questions this data can answer (for clarify / unsupported), or follow-ups."""
    model_card: dict[str, Any] | None = None
    """For analytics answers: rows used, base rate, CV ROC-AUC, Brier score, features, ..."""
    notes: tuple[str, ...] = ()
    """Extra lines worth showing (corrections of typos, caveats)."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Named side tables or figures for reports (e.g. {"drivers": [...]})."""

    def to_json(self, max_rows: int = 1000) -> dict[str, Any]:
        """The `cra ask --json` object: values JSON-native and unformatted."""
        return {
            "question": self.question,
            "status": self.status,
            "text": self.text,
            "interpretation": self.interpretation,
            "sql": self.sql,
            "columns": list(self.columns),
            "rows": [[json_value(v) for v in row] for row in self.rows[:max_rows]],
            "row_count": self.row_count,
            "suggestions": list(self.suggestions),
        }


def json_value(value: Any) -> Any:
    """A stored value as JSON-native data: dates as ISO text, decimals as floats, NaN as null."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if hasattr(value, "item"):  # numpy scalars
        return json_value(value.item())
    return str(value)
