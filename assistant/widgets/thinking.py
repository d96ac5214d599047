"""The progress indicator shown while a question is being answered."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import LoadingIndicator, Static


class Thinking(Horizontal):
    """A spinner and a hint that Esc cancels."""

    def compose(self) -> ComposeResult:
        yield LoadingIndicator()
        yield Static("Working on it… press Esc to cancel", classes="hint")
