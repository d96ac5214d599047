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
from catalog.roles import RATING_NAMES
from catalog.semantic import ColumnInfo, Role, SemanticModel, TableInfo
from nlq.figures import rate_phrase

EXAMPLE_TEMPLATES: tuple[tuple[tuple[str, ...], str], ...] = (
    ((), "how many {entity} are there?"),
    (("dimension",), "{entity} by {dimension}"),
    (("flag", "dimension"), "{flag_rate} by {dimension}"),
    (("additive", "dimension"), "total {additive} by {dimension}"),
    (("averaged", "dimension"), "average {averaged} by {dimension}"),
    (("time",), "{entity} by month of {time}"),
    (("additive", "time"), "total {additive} by month of {time}"),
)
"""Example questions: the roles a template needs, and its text filled with a table's words. Each
template that splits by a category takes the next one, so the examples cover different columns."""

MAX_RECENT = 5
"""Recent conversations offered on the welcome card."""
MAX_SKILL_EXAMPLES = 2
"""Examples of the skills (churn drivers, segments, feedback) added to the welcome card once known."""
ADDITIVE_UNITS = ("money", "count")
"""Measures whose sum means something (revenue, quantities); others (ratings, ages) are averaged."""


def _dimensions(table: TableInfo) -> list[ColumnInfo]:
    """Categories, friendliest first: 2 to 12 values, then fewer values first."""
    columns = [c for c in table.columns.values() if c.role == Role.DIMENSION]
    columns.sort(key=lambda c: (not 1 < c.distinct_count <= 12, c.distinct_count))
    return columns


def _is_rating(column: ColumnInfo) -> bool:
    return bool(RATING_NAMES.search(column.name))


def _measures(table: TableInfo) -> tuple[ColumnInfo | None, ColumnInfo | None]:
    """A measure to total (money or a count, never a rating) and one to average (a rating first)."""
    measures = [c for c in table.columns.values() if c.role == Role.MEASURE]
    additive = [c for c in measures if c.unit in ADDITIVE_UNITS and not _is_rating(c)]
    additive.sort(key=lambda c: c.unit != "money")
    averaged = [c for c in measures if _is_rating(c)] + [
        c for c in measures if c not in additive and not _is_rating(c)
    ]
    averaged += [c for c in additive if c.unit == "money"]  # an average fee or order value reads well too
    total = additive[0] if additive else None
    mean = next((c for c in averaged if c is not total), None)
    return total, mean


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
    """Example questions for this data, from the table with the most kinds of columns, each split by a
    different category where the table has several; totals only of additive measures."""
    if not model.tables:
        return []
    table = max(
        model.tables.values(), key=lambda t: (len({c.role for c in t.columns.values()}), -len(t.name))
    )
    words = {"entity": table.entity}
    flag = next((c for c in table.columns.values() if c.role == Role.FLAG and c.distinct_count > 1), None)
    time = next((c for c in table.columns.values() if c.role == Role.TIME), None)
    total, mean = _measures(table)
    for slot, column in (("flag", flag), ("time", time), ("additive", total), ("averaged", mean)):
        if column is not None:
            words[slot] = column.words or column.name
    if "flag" in words:
        words["flag_rate"] = rate_phrase(words["flag"], table.entity)
    dimensions = [c.words or c.name for c in _dimensions(table)]
    questions: list[str] = []
    used = 0
    for needs, text in EXAMPLE_TEMPLATES:
        if not all(n in words or (n == "dimension" and dimensions) for n in needs):
            continue
        if text.startswith("total") and any(q.startswith("total") for q in questions):
            continue  # one total is enough
        slots = dict(words)
        if "dimension" in needs:
            slots["dimension"] = dimensions[used % len(dimensions)]
            used += 1
        questions.append(text.format(**slots))
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
        data = f" · on {summary.data}" if summary.data else ""
        label = f"{summary.title}{data} · {questions} · {summary.updated[:10]}"
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

    def add_examples(self, questions: Sequence[str]) -> None:
        """Add a few examples of the skills (known once the engine is ready) at the end of the card,
        below everything else, so that no button moves under the pointer."""
        if self.loading_note or self.query(".skill-examples"):
            return
        shown = {b.question for b in self.query(SuggestionButton)}
        new = [q for q in questions if q not in shown][:MAX_SKILL_EXAMPLES]
        if new:
            self.mount(Static("Or ask for a deeper look:", classes="note skill-examples"))
            self.mount(Vertical(*[SuggestionButton(q) for q in new], classes="suggestions"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if isinstance(event.button, SuggestionButton):
            self.post_message(AnswerCard.Suggested(event.button.question))
        elif isinstance(event.button, ConversationButton):
            self.post_message(self.Reopen(event.button.conversation_id))
