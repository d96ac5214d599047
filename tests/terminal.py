"""What a terminal running the app would show: pilot tests read the screen as the person sees it.

`Terminal(app)` keeps a grid of characters and applies every update the app sends to its driver (the
compositor's partial updates: a region or some chops of lines, each at a cursor position), the way a
real terminal applies the escape sequences. A widget drawn once and never repainted keeps what it
showed, so a table left blank until a redraw reads blank here too; `app.screen`'s own full render
(`rendered`) would draw it afresh. `app._display` is the one place every frame passes through (the
headless driver writes nothing), so the tap wraps it.
"""

from __future__ import annotations

from typing import Any

from rich.segment import ControlType
from textual._compositor import CompositorUpdate


class Terminal:
    """A character grid fed with the app's screen updates (colours are left out)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.frames = 0
        """Updates applied so far."""
        self.grid: list[list[str]] = []
        self._blank()
        shown = app._display

        def display(screen: Any, renderable: Any) -> None:
            if isinstance(renderable, CompositorUpdate):
                self._apply(renderable)
            shown(screen, renderable)

        app._display = display

    def _blank(self) -> None:
        width, height = self.app.size
        self.grid = [[" "] * width for _ in range(height)]

    def _apply(self, update: CompositorUpdate) -> None:
        width, height = self.app.size
        if len(self.grid) != height or (self.grid and len(self.grid[0]) != width):
            self._blank()  # a resized terminal is cleared; the app then repaints it all
        self.frames += 1
        x = y = 0
        console = self.app.console
        for segment in update.__rich_console__(console, console.options):  # type: ignore[attr-defined]
            if segment.control:
                for control in segment.control:
                    if control[0] == ControlType.CURSOR_MOVE_TO:
                        x, y = control[1], control[2]
                continue
            if segment.text == "\n":
                continue
            for char in segment.text:
                if 0 <= y < height and 0 <= x < width:
                    self.grid[y][x] = char
                x += 1

    def lines(self) -> list[str]:
        """The terminal's text, a line a row."""
        return ["".join(row) for row in self.grid]


def rendered(app: Any) -> list[str]:
    """The screen drawn afresh from every widget (what a full redraw would show)."""
    return ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]
