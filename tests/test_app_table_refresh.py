"""Segment and cluster tables are drawn on the terminal on every path an answer takes to the screen
(issue #14: "a cluster table rendered blank until a redraw once").

Each test drives the real app at 120x36 and 80x24 on the bundled samples and reads what a terminal
would show (`terminal.Terminal`: the app's own screen updates applied to a character grid, so a table
drawn blank and never repainted reads blank). Every table line in view must show its cells: the
header's first label, and each row's cells that lie in the table's horizontal view.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from terminal import Terminal
from waiting import wait_until

from assistant.app import CraApp
from assistant.history import History
from assistant.widgets.answer_card import AnswerCard, ResultTable
from assistant.widgets.prompt_input import PromptInput
from assistant.widgets.welcome import ConversationButton
from catalog import Catalog

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SIZES = [(120, 36), (80, 24)]
IDS = ["120x36", "80x24"]
OTHER = {(120, 36): (80, 24), (80, 24): (120, 36)}


def orders_customers() -> int:
    """Customers with an order, counted by DuckDB on the sample file (each is in one segment)."""
    sql = f"SELECT count(DISTINCT customer_id) FROM read_csv_auto('{SAMPLES / 'orders.csv'}')"
    return duckdb.sql(sql).fetchall()[0][0]


def table_lines(app: CraApp, term: Terminal) -> int:
    """Check every table line inside the conversation's view against the table's own cells; the number
    of lines checked. A line that does not show its cells fails with the terminal's text."""
    lines = term.lines()
    view = app.conversation.scrollable_content_region
    checked = 0
    for table in app.query(ResultTable):
        region = table.scrollable_content_region.intersection(view)
        if not region:
            continue
        top = table.scrollable_content_region.y
        left = table.scrollable_content_region.x
        scroll_x, scroll_y = int(table.scroll_x), int(table.scroll_y)
        spans, x = [], 0
        for column in table.ordered_columns:
            width = column.get_render_width(table)
            spans.append((x, width))
            x += width
        for y in range(region.y, region.bottom):
            line = lines[y]
            row = y - top - 1 + scroll_y
            if y == top:
                cells = [str(c.label) for c in table.ordered_columns]
            elif 0 <= row < table.row_count:
                cells = [str(c) for c in table.get_row_at(row)]
            else:
                continue
            for (start, width), cell in zip(spans, cells, strict=True):
                if start >= scroll_x and start + width <= scroll_x + region.width:
                    at = left + start - scroll_x
                    assert cell.strip() in line[at : at + width], (
                        f"table line {y - top} should show {cell.strip()!r}:\n" + "\n".join(lines)
                    )
            checked += 1
    return checked


async def settle(app: CraApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def submit(app: CraApp, pilot, text: str) -> None:
    app.query_one(PromptInput).value = text
    await pilot.press("enter")
    await settle(app, pilot)


async def shows(app: CraApp, pilot, term: Terminal, table: ResultTable) -> None:
    """Scroll the table into view; its lines in view are drawn."""
    app.conversation.scroll_to_widget(table, animate=False, top=True)
    await pilot.pause()
    assert table_lines(app, term) >= min(table.row_count, 3)


async def walk(app: CraApp, pilot, term: Terminal) -> None:
    """Scroll the log from its top to its end, half a view at a time (each line is seen in view, at
    two places on the screen); every table line in view is drawn."""
    conversation = app.conversation
    conversation.scroll_home(animate=False)
    await pilot.pause()
    checked = 0
    while True:
        checked += table_lines(app, term)
        if conversation.scroll_y >= conversation.max_scroll_y:
            break
        conversation.scroll_relative(
            y=max(1, conversation.scrollable_content_region.height // 2), animate=False
        )
        await pilot.pause()
    assert checked > 0


@pytest.mark.parametrize("size", SIZES, ids=IDS)
async def test_segment_and_cluster_tables_are_drawn_on_every_path(catalog: Catalog, size) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=size) as pilot:
        term = Terminal(app)
        app.query_one(PromptInput).cursor_blink = False
        await settle(app, pilot)
        # asked at the prompt: the table is drawn on the frames that show the new card
        await submit(app, pilot, "segment customers")
        segments = app.query(AnswerCard).last()
        assert segments.answer.status == "answer", segments.answer.text
        column = segments.answer.columns.index("customers")
        assert sum(row[column] for row in segments.answer.rows) == orders_customers()
        assert table_lines(app, term) > 0
        # an answer arriving while the log is scrolled back to its top
        app.conversation.scroll_home(animate=False)
        await pilot.pause()
        await submit(app, pilot, "cluster our customers")
        clusters = app.query(AnswerCard).last()
        assert clusters.answer.status == "answer", clusters.answer.text
        assert table_lines(app, term) > 0
        await walk(app, pilot, term)
        # the terminal resized to the other size and back
        for new_size in (OTHER[size], size):
            await pilot.resize_terminal(*new_size)
            await settle(app, pilot)
            for card in (segments, clusters):
                await shows(app, pilot, term, card.query_one(ResultTable))
        # the data panel opened and closed, the light theme
        for change in (app.action_toggle_catalog, app.action_toggle_catalog):
            change()
            await settle(app, pilot)
            await shows(app, pilot, term, clusters.query_one(ResultTable))
        app.theme = "textual-light"
        await settle(app, pilot)
        await shows(app, pilot, term, segments.query_one(ResultTable))
        # the table focused, then sorted by its second column (a header click)
        table = segments.query_one(ResultTable)
        await shows(app, pilot, term, table)
        await pilot.click(table, offset=(table.ordered_columns[0].get_render_width(table) + 1, 0))
        await settle(app, pilot)
        counts = [row[1] for row in (table.get_row_at(i) for i in range(table.row_count))]
        assert [int(str(c).replace(",", "")) for c in counts] == sorted(
            row[column] for row in segments.answer.rows
        )
        await shows(app, pilot, term, table)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
async def test_tables_of_a_reopened_conversation_are_drawn(catalog: Catalog, size) -> None:
    from assistant.engine import Assistant

    engine = Assistant(catalog)
    history = History()
    conversation = history.new_conversation("cluster our customers", "samples")
    questions = ["cluster our customers", "segment customers", "customers by plan", "cluster our customers"]
    for question in questions:
        history.add_answer(history.add_question(conversation, question), engine.ask(question))
    app = CraApp(catalog)
    async with app.run_test(size=size) as pilot:
        term = Terminal(app)
        app.query_one(PromptInput).cursor_blink = False
        await settle(app, pilot)
        app.query(ConversationButton).first().press()
        await wait_until(pilot, lambda: len(app.query(AnswerCard)) == len(questions))
        await settle(app, pilot)
        cards = list(app.query(AnswerCard))
        assert [c.answer.question for c in cards] == questions
        await shows(app, pilot, term, cards[-1].query_one(ResultTable))
        for card in cards[:-1]:  # each folded card unfolded in turn: its table is drawn
            card.query_one("Button.unfold").press()
            await wait_until(pilot, lambda card=card: bool(card.query(ResultTable)))
            await settle(app, pilot)
            await shows(app, pilot, term, card.query_one(ResultTable))
        await walk(app, pilot, term)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
async def test_a_table_laid_out_with_no_room_is_drawn_once_it_has_room(catalog: Catalog, size) -> None:
    """The answer arrives while the conversation is hidden (the table's first layout has no room), and
    while the terminal is too small to show the card: once there is room, the table is drawn."""
    app = CraApp(catalog)
    async with app.run_test(size=size) as pilot:
        term = Terminal(app)
        app.query_one(PromptInput).cursor_blink = False
        await settle(app, pilot)
        app.conversation.display = False
        await submit(app, pilot, "cluster our customers")
        table = app.query(ResultTable).last()
        assert not table.region
        app.conversation.display = True
        await settle(app, pilot)
        await shows(app, pilot, term, table)
        await pilot.resize_terminal(12, 6)
        await settle(app, pilot)
        await submit(app, pilot, "segment customers")
        await pilot.resize_terminal(*size)
        await settle(app, pilot)
        await shows(app, pilot, term, app.query(ResultTable).last())
        await walk(app, pilot, term)
