"""Markup injection: data values, column names and questions that look like Textual/Rich markup are
shown as the text they are, in every widget, and a saved conversation title cannot break a later start."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Button, DataTable, Static, Tree

from assistant.app import CraApp
from assistant.widgets.answer_card import AnswerCard, ResultTable
from assistant.widgets.prompt_input import PromptInput
from assistant.widgets.welcome import ConversationButton
from catalog import Catalog

HOSTILE = ["[/]", "[bold red]loud", "[link=https://evil.example]click[/link]", "[@click=app.quit]bye[/]"]
SIZE = (120, 40)


@pytest.fixture()
def hostile(tmp_path: Path) -> Catalog:
    path = tmp_path / "accounts.csv"
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["account_id", "plan", "note", "[b]fee"])
        w.writerows([i, HOSTILE[i % 4], HOSTILE[(i + 1) % 4], 10 + i] for i in range(1, 41))
    return Catalog.load([str(path)])


async def submit(app: CraApp, pilot, text: str) -> None:
    app.query_one(PromptInput).value = text
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


def shown_text(app: CraApp) -> str:
    """Everything the widgets would draw, as plain text."""
    parts: list[str] = []
    for widget in app.screen.query("*"):
        if isinstance(widget, Static | Button):
            parts.append(str(widget.render()))
        if isinstance(widget, DataTable):
            parts += [str(c.label) for c in widget.columns.values()]
            parts += [str(v) for row in range(widget.row_count) for v in widget.get_row_at(row)]
        if isinstance(widget, Tree):
            stack = [widget.root]
            while stack:
                node = stack.pop()
                parts.append(str(node.label))
                stack.extend(node.children)
    return "\n".join(parts)


async def test_hostile_values_are_plain_text_everywhere(hostile: Catalog) -> None:
    app = CraApp(hostile)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, "/sql SELECT plan, note, count(*) AS n FROM accounts GROUP BY ALL")
        await submit(app, pilot, "how many accounts by plan")
        await submit(app, pilot, "/schema")
        await submit(app, pilot, "/help")
        await submit(app, pilot, "[/] [@click=app.quit]why [bold red]")
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert app.is_running  # no MarkupError, and no [@click=app.quit] was run
        text = shown_text(app)
        for value in HOSTILE:
            assert value in text, value  # shown as typed: the brackets are still there
        tables = [t for t in app.query(ResultTable) if t.row_count]
        cells = [v for t in tables for r in range(t.row_count) for v in t.get_row_at(r)]
        assert any(str(v) == "[/]" for v in cells)
        assert all(not isinstance(v, Text) or not v.spans for v in cells)  # no style came from the data
        assert all(isinstance(c, AnswerCard) for c in app.query(AnswerCard))


async def test_a_hostile_conversation_title_does_not_break_the_next_start(hostile: Catalog) -> None:
    first = CraApp(hostile)
    async with first.run_test(size=SIZE) as pilot:
        await submit(first, pilot, "[/]")
        await submit(first, pilot, "[bold red]loud [@click=app.quit]x[/]")
    second = CraApp(hostile)
    async with second.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert second.is_running
        labels = [str(b.label) for b in second.query(ConversationButton)]
        assert any("[/]" in label for label in labels), labels
        await pilot.click(list(second.query(ConversationButton))[0])
        await pilot.pause()
        assert second.is_running and "[/]" in shown_text(second)
