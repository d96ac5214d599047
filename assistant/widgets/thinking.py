"""The progress indicator shown while a question is being answered."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import LoadingIndicator, Static

from assistant.widgets.plain import plain

HINT = "Working on it… press Esc to cancel"


class Thinking(Horizontal):
    """A spinner and a hint that Esc cancels."""

    def __init__(self, doing: str = "") -> None:
        super().__init__()
        self.hint = f"{doing} press Esc to cancel" if doing else HINT

    def compose(self) -> ComposeResult:
        yield LoadingIndicator()
        yield Static(plain(self.hint), classes="hint", markup=False)
