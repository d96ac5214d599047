"""A question the user asked, as a bubble in the conversation."""

from __future__ import annotations

from textual.widgets import Static

from assistant.widgets.plain import plain


class QuestionBubble(Static):
    """The user's question (shown as typed, never read as markup)."""

    def __init__(self, question: str) -> None:
        super().__init__(plain(question), markup=False)
        self.question = question
