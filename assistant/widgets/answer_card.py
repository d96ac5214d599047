"""An answer card: the sentence, the table, the chart, how it was understood, the model card."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.highlight import highlight
from textual.message import Message
from textual.widgets import Button, Collapsible, DataTable, Static

from assistant.report_render import cell
from assistant.widgets.plain import plain, screen_answer
from catalog.answer import Answer

MAX_TABLE_ROWS = 1000
"""Rows put in a DataTable; the caption says how many there are in all."""
EMPTY = "—"
"""Shown in a table cell for a missing value (None, NaN, blank text)."""
SUGGESTION_TITLES = {"clarify": "Questions I can answer:", "unsupported": "Questions I can answer:"}
"""The line above an answer's suggestion buttons, by status (default "Try next:")."""


def format_cell(value: Any, empty: str = EMPTY) -> str:
    """A stored value as text for a person, as in reports (`report_render.cell`); `empty` when missing."""
    return cell(value) or empty


def sort_key(value: Any) -> tuple[int, Any]:
    """Sort numbers and dates by value, text by text, missing values last."""
    if value is None:
        return (2, 0)
    if isinstance(value, int | float | decimal.Decimal | dt.date):
        return (0, value)
    return (1, str(value).casefold())


class ResultTable(DataTable[Text]):
    """An answer's table: formatted cells, sorted by a column when its header is clicked."""

    def __init__(self, columns: tuple[str, ...], rows: tuple[tuple[Any, ...], ...]) -> None:
        super().__init__(zebra_stripes=True, cursor_type="row", show_cursor=False)
        self._columns = columns
        self._raw = list(rows[:MAX_TABLE_ROWS])
        self._sorted_by: tuple[int, bool] | None = None
        self.add_columns(
            *(Text(c) for c in self._columns)
        )  # filled before mounting: the first layout knows the height
        self._fill()

    def on_focus(self) -> None:
        self.show_cursor = True  # a highlighted row only while the table has the keyboard

    def on_blur(self) -> None:
        self.show_cursor = False

    def _fill(self) -> None:
        self.clear()
        self.add_rows([Text(format_cell(v)) for v in row] for row in self._raw)  # Text: never markup

    def sort_by(self, index: int) -> None:
        """Sort by column `index`, ascending first, descending on a second click."""
        reverse = self._sorted_by == (index, False)
        self._raw.sort(key=lambda row: sort_key(row[index]), reverse=reverse)
        self._sorted_by = (index, reverse)
        self._fill()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_by(event.column_index)

    def as_tsv(self) -> str:
        """The table as tab-separated text (for the clipboard)."""
        lines = ["\t".join(self._columns)]
        lines += ["\t".join(format_cell(v) for v in row) for row in self._raw]
        return "\n".join(lines)


class SuggestionButton(Button):
    """A suggested question; pressing it asks the question."""

    def __init__(self, question: str) -> None:
        super().__init__(Content(plain(question)), compact=True, classes="suggestion")
        self.question = question


def model_card_text(card: dict[str, Any]) -> str:
    """The model card as `key: value` lines."""
    lines = []
    for key, value in card.items():
        if isinstance(value, list | tuple):
            value = ", ".join(format_cell(v) for v in value[:12]) + (" …" if len(value) > 12 else "")
        elif isinstance(value, dict):
            value = ", ".join(f"{k} {format_cell(v)}" for k, v in list(value.items())[:12])
        else:
            value = format_cell(value)
        lines.append(f"{str(key).replace('_', ' ')}: {value}")
    return "\n".join(lines)


class AnswerCard(Vertical):
    """One answer, as a card in the conversation."""

    class Suggested(Message):
        """A suggestion button was pressed: ask `question`."""

        def __init__(self, question: str) -> None:
            super().__init__()
            self.question = question

    class LaidOut(Message):
        """The card got its size (or a new one): the app may scroll it into view."""

        def __init__(self, card: AnswerCard) -> None:
            super().__init__()
            self.card = card

    def __init__(self, answer: Answer) -> None:
        super().__init__(classes=f"-{answer.status}")
        self.answer = answer

    def on_resize(self) -> None:
        self.post_message(self.LaidOut(self))

    def compose(self) -> ComposeResult:
        answer = screen_answer(self.answer)  # drawn without control characters; `answer` keeps the values
        yield Static(answer.text, markup=False, classes="answer-text")
        for note in answer.notes:
            yield Static(note, markup=False, classes="note")
        if answer.columns and answer.rows:
            yield ResultTable(answer.columns, answer.rows)
            shown = min(len(answer.rows), MAX_TABLE_ROWS)
            if answer.row_count > shown:
                yield Static(f"showing {shown:,} of {answer.row_count:,} rows", classes="caption")
        if answer.chart is not None and answer.rows:
            from assistant.widgets.chart import chart_widget

            yield chart_widget(answer, self.app.size.width)
        if answer.model_card:
            with Collapsible(title="About the model", classes="model-card"):
                yield Static(model_card_text(answer.model_card), markup=False)
        if answer.interpretation or answer.sql:
            with Collapsible(title="How I understood this", classes="understood"):
                if answer.interpretation:
                    yield Static(answer.interpretation, markup=False, classes="interpretation")
                if answer.sql:
                    yield Static(highlight(answer.sql, language="sql"), classes="sql")
        if answer.suggestions:
            yield Static(SUGGESTION_TITLES.get(answer.status, "Try next:"), classes="note")
            with Vertical(classes="suggestions"):
                for question in answer.suggestions:
                    yield SuggestionButton(question)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if isinstance(event.button, SuggestionButton):
            event.stop()
            self.post_message(self.Suggested(event.button.question))
