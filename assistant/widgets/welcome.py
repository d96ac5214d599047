"""The welcome card: what data is loaded, example questions for it, and recent conversations."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from assistant.history import ConversationSummary
from assistant.widgets.answer_card import AnswerCard, SuggestionButton
from assistant.widgets.plain import plain
from catalog.semantic import ColumnInfo, Role, SemanticModel, TableInfo
from nlq.format import rate_phrase

EXAMPLE_TEMPLATES: tuple[tuple[tuple[str, ...], str], ...] = (
    ((), "how many {entity} are there?"),
    (("dimension",), "{entity} by {dimension}"),
    (("measure", "dimension"), "average {measure} by {dimension}"),
    (("flag", "dimension"), "{flag_rate} by {dimension}"),
    (("time",), "{entity} by month of {time}"),
    (("measure", "dimension"), "total {measure} by {dimension}"),
)
"""Example questions: the roles a template needs, and its text filled with a table's words."""

ROLE_SLOTS = {"dimension": Role.DIMENSION, "measure": Role.MEASURE, "flag": Role.FLAG, "time": Role.TIME}
MAX_RECENT = 5
"""Recent conversations offered on the welcome card."""


def _pick(table: TableInfo, role: Role) -> ColumnInfo | None:
    """The friendliest column of a role: few distinct values for categories, money first for measures."""
    columns = [c for c in table.columns.values() if c.role == role]
    if role == Role.DIMENSION:
        columns.sort(key=lambda c: (not 1 < c.distinct_count <= 12, c.distinct_count))
    elif role == Role.MEASURE:
        columns.sort(key=lambda c: c.unit != "money")
    return columns[0] if columns else None


def data_summary(model: SemanticModel) -> str:
    """ "customers 5,000 rows · orders 60,000 rows"."""
    return " · ".join(f"{t.name} {t.row_count:,} rows" for t in model.tables.values()) or "no data loaded"


def data_summaries(model: SemanticModel) -> list[str]:
    """The data summary, then shorter forms of it for narrow terminals (longest first)."""
    tables = list(model.tables.values())
    if not tables:
        return [data_summary(model)]
    total = sum(t.row_count for t in tables)
    names = ", ".join(t.name for t in tables)
    return [
        data_summary(model),
        " · ".join(f"{t.name} {t.row_count:,}" for t in tables) + " rows",
        f"{len(tables)} table{'s' if len(tables) > 1 else ''}, {total:,} rows: {names}",
        f"{len(tables)} table{'s' if len(tables) > 1 else ''}, {total:,} rows",
    ]


def example_questions(model: SemanticModel, limit: int = 6) -> list[str]:
    """Example questions for this data, from the table with the most kinds of columns."""
    if not model.tables:
        return []
    table = max(
        model.tables.values(), key=lambda t: (len({c.role for c in t.columns.values()}), -len(t.name))
    )
    slots: dict[str, str] = {"entity": table.entity}
    for slot, role in ROLE_SLOTS.items():
        column = _pick(table, role)
        if column is not None:
            slots[slot] = column.words or column.name
    if "flag" in slots:
        slots["flag_rate"] = rate_phrase(slots["flag"], table.entity)
    questions = [text.format(**slots) for needs, text in EXAMPLE_TEMPLATES if all(n in slots for n in needs)]
    return questions[:limit]


def _newest_per_title(conversations: Sequence[ConversationSummary]) -> list[ConversationSummary]:
    """The conversations (newest first) without older ones that start with the same question."""
    titles: set[str] = set()
    kept = []
    for summary in conversations:
        if summary.title not in titles:
            titles.add(summary.title)
            kept.append(summary)
    return kept


class ConversationButton(Button):
    """A saved conversation; pressing it shows it again."""

    def __init__(self, summary: ConversationSummary) -> None:
        questions = f"{summary.questions} question{'s' if summary.questions != 1 else ''}"
        label = f"{summary.title} · {questions} · {summary.updated[:10]}"
        super().__init__(Content(plain(label)), compact=True, classes="conversation")  # a title is not markup
        self.conversation_id = summary.id


class Welcome(Vertical):
    """The first card of a conversation."""

    class Reopen(Message):
        """Show a saved conversation again."""

        def __init__(self, conversation_id: int) -> None:
            super().__init__()
            self.conversation_id = conversation_id

    def __init__(
        self, model: SemanticModel, conversations: Sequence[ConversationSummary] = (), loading: str = ""
    ) -> None:
        """`loading`: a line saying the data is on its way (no example questions until it is there)."""
        super().__init__()
        self.model = model
        self.conversations = _newest_per_title(conversations)
        self.loading_note = loading

    def compose(self) -> ComposeResult:
        yield Static("Ask a question about your data in plain English.", classes="welcome-title")
        examples = example_questions(self.model)
        if self.loading_note:
            yield Static(self.loading_note, classes="note loading", markup=False)
        elif examples:
            yield Static("Try one of these, or type /help:", classes="note")
            with Vertical(classes="suggestions"):
                for question in examples:
                    yield SuggestionButton(question)
        if self.conversations:
            yield Static("Recent conversations:", classes="note")
            with Vertical(classes="suggestions"):
                for summary in self.conversations[:MAX_RECENT]:
                    yield ConversationButton(summary)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if isinstance(event.button, SuggestionButton):
            self.post_message(AnswerCard.Suggested(event.button.question))
        elif isinstance(event.button, ConversationButton):
            self.post_message(self.Reopen(event.button.conversation_id))
