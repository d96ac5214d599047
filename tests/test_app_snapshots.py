"""SVG snapshots of the chat app at 100x30 on the bundled samples (pytest-textual-snapshot).

Regenerate after a deliberate change with `pytest tests/test_app_snapshots.py --snapshot-update`.
Deterministic: fixed sample data, an empty history in a tmp dir, no cursor blink, no clock shown.
"""

from __future__ import annotations

import threading

from assistant.app import CraApp
from assistant.widgets.prompt_input import PromptInput
from catalog import Catalog

SIZE = (100, 30)


def asking(question: str):
    """A run_before callback: stop the cursor blink, ask `question`, wait for its answer card."""

    async def run_before(pilot) -> None:
        prompt = pilot.app.query_one(PromptInput)
        prompt.cursor_blink = False
        prompt.value = question
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


async def _no_blink(pilot) -> None:
    pilot.app.query_one(PromptInput).cursor_blink = False
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_welcome_screen(snap_compare, catalog: Catalog) -> None:
    assert snap_compare(CraApp(catalog), terminal_size=SIZE, run_before=_no_blink)


def test_answer_card_with_table_and_chart(snap_compare, catalog: Catalog) -> None:
    assert snap_compare(CraApp(catalog), terminal_size=SIZE, run_before=asking("customers by plan"))


def test_clarify_card(snap_compare, catalog: Catalog) -> None:
    assert snap_compare(
        CraApp(catalog), terminal_size=SIZE, run_before=asking("how many customers by zodiac sign?")
    )


def test_small_terminal_answer(snap_compare, catalog: Catalog) -> None:
    """80x24: the header is shortened, the card starts at its question, table and chart are smaller."""
    assert snap_compare(CraApp(catalog), terminal_size=(80, 24), run_before=asking("customers by plan"))


def test_lying_bars_light_theme(snap_compare, catalog: Catalog) -> None:
    """Long category labels: the bars lie down, one row each; the light theme keeps them readable."""

    async def run_before(pilot) -> None:
        pilot.app.theme = "textual-light"
        await asking("total amount by product")(pilot)

    assert snap_compare(CraApp(catalog), terminal_size=SIZE, run_before=run_before)


def test_loading_screen(snap_compare, catalog: Catalog) -> None:
    """The first frame before the data: the header says so and the prompt already takes a question."""
    gate = threading.Event()

    def loader() -> Catalog:
        gate.wait(10)
        return catalog

    async def run_before(pilot) -> None:
        pilot.app.query_one(PromptInput).cursor_blink = False
        await pilot.pause()

    try:
        assert snap_compare(CraApp(loader), terminal_size=SIZE, run_before=run_before)
    finally:
        gate.set()


def test_banded_answer_120x36(snap_compare, catalog: Catalog) -> None:
    """A numeric key with many values: the table and the bars in stated bands, numbers right-aligned."""
    assert snap_compare(CraApp(catalog), terminal_size=(120, 36), run_before=asking("orders by quantity"))


def test_at_risk_table_80x24(snap_compare, catalog: Catalog) -> None:
    """A wide table at 80 columns: the churn probability right after the id, text cut with an ellipsis."""
    assert snap_compare(
        CraApp(catalog),
        terminal_size=(80, 24),
        run_before=asking("which customers are most likely to churn?"),
    )


def test_segments_table_120x36(snap_compare, catalog: Catalog) -> None:
    """The RFM segments: every column fits at 120 (a figure header may lose its end, never a figure)."""
    assert snap_compare(CraApp(catalog), terminal_size=(120, 36), run_before=asking("segment customers"))


def test_clusters_table_80x24(snap_compare, catalog: Catalog) -> None:
    """The behavioural clusters at 80 columns: the table's rows drawn on the first frame, figure headers
    cut with "…" (each still unlike the others), the rest of the table a sideways scroll away."""
    assert snap_compare(CraApp(catalog), terminal_size=(80, 24), run_before=asking("cluster our customers"))
