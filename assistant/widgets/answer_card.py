"""An answer card: the sentence, the table, the chart, how it was understood, the model card."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.highlight import highlight
from textual.message import Message
from textual.widgets import Button, Collapsible, DataTable, Static

from assistant.display import cut, draws_chart, fit, formatted, numeric_columns, shown
from assistant.report_render import cell
from assistant.widgets.chart import chart_widget
from assistant.widgets.plain import plain, screen_answer
from catalog.answer import ASKBACK, Answer

MAX_TABLE_ROWS = 1000
"""Rows put in a DataTable; the caption says how many there are in all."""
EMPTY = "—"
"""Shown in a table cell for a missing value (None, NaN, blank text)."""
TABLE_CHROME = 10
"""Columns of the screen a card's table does not get (card borders and padding, scrollbars)."""
COLUMN_PADDING = 2
"""Cell padding a DataTable adds to each column."""
SHORT_HEADER = 8
"""In a card too narrow for its table, a figure column's header may be cut to this many characters
(its figures never are), before the table scrolls sideways."""
SUGGESTION_TITLES = {"clarify": "Questions I can answer:", "unsupported": "Questions I can answer:"}
"""The line above an answer's suggestion buttons, by status (default "Try next:")."""
ASKBACK_TITLE = "Did you mean:"
"""Above the buttons of an ask-back (the question again with each candidate; one press answers it)."""


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
    """An answer's table: each column in one format (shares as %, numbers right-aligned), sorted by a
    column when its header is clicked; in a narrow card the figures come first and long text is cut."""

    def __init__(self, columns: tuple[str, ...], rows: tuple[tuple[Any, ...], ...], width: int = 0) -> None:
        super().__init__(zebra_stripes=True, cursor_type="row", show_cursor=False)
        self._columns = columns
        self._raw = list(rows[:MAX_TABLE_ROWS])
        self._sorted_by: tuple[int, bool] | None = None
        self._had_room = False
        """Whether the table's last size had room to draw in (see `on_resize`)."""
        self._numeric = numeric_columns(columns, self._raw)
        self._text = {
            id(row): cells for row, cells in zip(self._raw, formatted(columns, self._raw, EMPTY), strict=True)
        }
        cells = list(self._text.values())
        self._order, self._widths = (
            fit(
                columns,
                cells,
                self._numeric,
                width - TABLE_CHROME - COLUMN_PADDING * len(columns),
                0,
                drop=False,
                short_headers=SHORT_HEADER,
            )
            if width
            else (list(range(len(columns))), [0] * len(columns))
        )
        self._cut = bool(width) and any(
            w < max([len(columns[i])] + [len(c[i]) for c in cells]) for i, w in enumerate(self._widths)
        )
        for i in self._order:  # filled before mounting: the first layout knows the height
            label = Text(
                cut(columns[i], self._widths[i]) if self._cut else columns[i],
                justify="right" if self._numeric[i] else "left",
            )
            self.add_column(label, width=self._widths[i] if self._cut else None)
        self._fill()

    def on_mount(self) -> None:
        """Measure the rows now rather than when the table is next idle: the card's first layout then
        has the table's real height (a DataTable measured late could stay blank until a redraw)."""
        self._settle()

    def on_resize(self, event: Resize) -> None:
        """Laid out with no room (its card mounted in a hidden or zero-size container, or a terminal
        too small), the table is measured and drawn afresh once it has room, never left blank."""
        had_room, self._had_room = self._had_room, bool(event.size.width and event.size.height)
        if self._had_room and not had_room:
            self._settle()
            self._update_count += 1  # lines cached while the table had no room are not drawn again
            self.refresh()

    def _settle(self) -> None:
        """Measure rows not measured yet; the card lays out again around the table's height."""
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows = self._new_rows.copy()
            self._new_rows.clear()
            self._update_dimensions(new_rows)
        if self.parent is not None:
            self.parent.refresh(layout=True)

    def on_focus(self) -> None:
        self.show_cursor = True  # a highlighted row only while the table has the keyboard

    def on_blur(self) -> None:
        self.show_cursor = False

    def _fill(self) -> None:
        self.clear()
        rows: list[list[Text]] = []
        for row in self._raw:
            cells = self._text[id(row)]
            rows.append(
                [
                    Text(  # Text: never markup
                        cut(cells[i], self._widths[i]) if self._cut else cells[i],
                        justify="right" if self._numeric[i] else "left",
                    )
                    for i in self._order
                ]
            )
        self.add_rows(rows)

    def sort_by(self, index: int) -> None:
        """Sort by the table's column `index` (as shown), ascending first, descending on a second click."""
        index = self._order[index]
        reverse = self._sorted_by == (index, False)
        self._raw.sort(key=lambda row: sort_key(row[index]), reverse=reverse)
        self._sorted_by = (index, reverse)
        self._fill()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_by(event.column_index)

    def as_tsv(self) -> str:
        """The table as tab-separated text (for the clipboard), every column, in the answer's order."""
        lines = ["\t".join(self._columns)]
        lines += ["\t".join(self._text[id(row)]) for row in self._raw]
        return "\n".join(lines)


class SuggestionButton(Button):
    """A suggested question; pressing it asks the question."""

    def __init__(self, question: str) -> None:
        super().__init__(Content(plain(question)), compact=True, classes="suggestion")
        self.question = question


class UnfoldButton(Button):
    """Shows the rest of a folded card (its table, chart, notes and how it was understood)."""

    def __init__(self) -> None:
        super().__init__("Show the table and details", compact=True, classes="unfold")


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

    def __init__(self, answer: Answer, folded: bool = False) -> None:
        """`folded`: only the sentence and a button that unfolds the rest (a reopened conversation's
        older cards, laid out at once however many there are)."""
        super().__init__(classes=f"-{answer.status}")
        self.answer = answer
        self.folded = folded

    def on_resize(self) -> None:
        self.post_message(self.LaidOut(self))

    def compose(self) -> ComposeResult:
        answer = screen_answer(self.answer)  # drawn without control characters; `answer` keeps the values
        yield Static(answer.text, markup=False, classes="answer-text")
        if self.folded:
            if answer.columns or answer.sql or answer.notes or answer.suggestions:
                yield UnfoldButton()
            return
        for note in answer.notes:
            yield Static(note, markup=False, classes="note")
        table = shown(answer)
        if table.note:
            yield Static(table.note, markup=False, classes="note")
        if table.columns and table.rows:
            yield ResultTable(table.columns, table.rows, self.app.size.width)
            count = min(len(table.rows), MAX_TABLE_ROWS)
            if table.total > count:
                yield Static(f"showing {count:,} of {table.total:,} rows", classes="caption")
        if draws_chart(answer):
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
            title = ASKBACK_TITLE if answer.extra.get(ASKBACK) else SUGGESTION_TITLES.get(answer.status)
            yield Static(title or "Try next:", classes="note")
            with Vertical(classes="suggestions"):
                for question in answer.suggestions:
                    yield SuggestionButton(question)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if isinstance(event.button, UnfoldButton):
            event.stop()
            self.folded = False
            self.refresh(recompose=True)
        elif isinstance(event.button, SuggestionButton):
            event.stop()
            self.post_message(self.Suggested(event.button.question))
