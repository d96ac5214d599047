"""The question input: history with up/down, completion of column names, values and phrasings."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding
from textual.suggester import Suggester
from textual.widgets import Input

from catalog.semantic import Role, SemanticModel

PHRASINGS = (
    "how many",
    "what is the average",
    "what is the total",
    "show the top 10",
    "by month",
    "by quarter",
    "last year",
    "this year",
    "compared to",
    "percentage of",
    "which customers are likely to churn",
    "what drives churn",
    "segment customers",
    "customer lifetime value",
    "what do customers complain about",
    "sentiment by",
)
"""Common phrasings offered as completions (schema words are added per data)."""

SLASH_WORDS = ("/help", "/schema", "/load ", "/export ", "/copy ", "/export csv ", "/export parquet ", "/export json ",
               "/export md ", "/report ", "/new", "/sql SELECT ", "/theme", "/copy sql", "/copy table")  # fmt: skip
LOOKBACK_WORDS = 3
"""How many trailing words of the input may form the start of a multi-word completion."""


def vocabulary(model: SemanticModel) -> list[str]:
    """Words worth completing for this data: entities, columns (names and words), values, metrics."""
    terms: list[str] = [*SLASH_WORDS, *PHRASINGS]
    for table in model.tables.values():
        terms += [table.entity, table.name, *table.synonyms]
        for column in table.columns.values():
            terms += [column.words or column.name, column.name, *column.synonyms]
            if column.role in (Role.DIMENSION, Role.FLAG):
                terms += [str(v) for v in column.values]
    terms += list(model.metrics)
    unique: dict[str, str] = {}
    for term in terms:
        if len(term) > 1:
            unique.setdefault(term.casefold(), term)
    return list(unique.values())


class PhraseSuggester(Suggester):
    """Completes the last one to three words of the input from a vocabulary, keeping what was typed."""

    def __init__(self, terms: Iterable[str]) -> None:
        super().__init__(use_cache=True, case_sensitive=True)
        self.terms = sorted(terms, key=lambda t: (len(t), t.casefold()))
        self._folded = [t.casefold() for t in self.terms]

    async def get_suggestion(self, value: str) -> str | None:
        return self.complete(value)

    def complete(self, value: str) -> str | None:
        """The completed input, or None when nothing fits."""
        if not value or value.endswith(" "):
            return None
        words = value.split(" ")
        for n in range(min(LOOKBACK_WORDS, len(words)), 0, -1):
            tail = " ".join(words[-n:]).casefold()
            if len(tail) < 2:
                continue
            for term, folded in zip(self.terms, self._folded, strict=True):
                if folded.startswith(tail) and len(folded) > len(tail):
                    return value + term[len(tail) :]
        return None


class PromptInput(Input):
    """Where questions are typed; Enter asks, up/down walk through earlier questions."""

    BINDINGS = [
        Binding("up", "history(-1)", "Earlier", show=False),
        Binding("down", "history(1)", "Later", show=False),
        Binding("tab", "complete", "Complete", show=False),
    ]

    def __init__(self, terms: Iterable[str] = (), **kwargs: object) -> None:
        super().__init__(
            placeholder="Ask about your data, or type /help",
            suggester=PhraseSuggester(terms),
            **kwargs,  # type: ignore[arg-type]  # Input's keyword arguments pass through untouched
        )
        self.history: list[str] = []
        self._position = 0

    def set_terms(self, terms: Iterable[str]) -> None:
        """Use a new vocabulary (after /load)."""
        self.suggester = PhraseSuggester(terms)

    def remember(self, text: str) -> None:
        """Add an asked question to the history (no consecutive duplicates)."""
        if not self.history or self.history[-1] != text:
            self.history.append(text)
        self._position = len(self.history)

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        self._position = max(0, min(len(self.history), self._position + step))
        self.value = self.history[self._position] if self._position < len(self.history) else ""
        self.cursor_position = len(self.value)

    def action_complete(self) -> None:
        """Tab: accept the completion shown after the cursor, or move the focus on when there is none."""
        suggester = self.suggester
        if self.cursor_at_end and isinstance(suggester, PhraseSuggester) and suggester.complete(self.value):
            self.value = suggester.complete(self.value) or self.value
            self.cursor_position = len(self.value)
        else:
            self.screen.focus_next()

    def insert_words(self, text: str) -> None:
        """Insert text at the cursor, with a space before it when needed, and focus the input."""
        before = self.value[: self.cursor_position]
        if before and not before.endswith(" "):
            text = " " + text
        self.insert_text_at_cursor(text)
        self.focus()
