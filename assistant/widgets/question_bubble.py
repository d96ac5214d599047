"""A question the user asked, as a bubble in the conversation."""

from __future__ import annotations

from textual.widgets import Static

from assistant.widgets.plain import plain

WAITING = "  · waiting its turn (Esc stops the running one)"


class QuestionBubble(Static):
    """The user's question (shown as typed, never read as markup); while it waits its turn it says so."""

    def __init__(self, question: str, waiting: bool = False) -> None:
        super().__init__(
            plain(question) + (WAITING if waiting else ""),
            markup=False,
            classes="-waiting" if waiting else "",
        )
        self.question = question

    @property
    def waiting(self) -> bool:
        return self.has_class("-waiting")

    def start(self) -> None:
        """Its turn came: show the question alone."""
        self.remove_class("-waiting")
        self.update(plain(self.question))
