"""Terminal escapes in data (ESC, BEL, CSI, OSC links, direction marks) never reach the terminal from the
chat: every widget, the plotext chart and the lying bars draw them as visible escapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widget import Widget

from assistant.app import CraApp
from assistant.output import CONTROL
from assistant.widgets.answer_card import AnswerCard
from assistant.widgets.chart import AnswerChart, BarList, chart_series
from assistant.widgets.prompt_input import PromptInput
from catalog import Catalog
from catalog.answer import Answer, Chart

HOSTILE = ["\x1b[31mred", "bell\x07", "\x1b]8;;https://evil.example\x07link", "\u202eevil", "\x9b2Jwipe"]
"""Values a terminal would obey: a colour, a bell, an OSC 8 link, a right-to-left override, a C1 CSI."""
SIZE = (140, 60)


@pytest.fixture()
def hostile(tmp_path: Path) -> Catalog:
    path = tmp_path / "accounts.ndjson"  # JSON carries any control character (a CSV would be binary)
    rows = [{"account_id": i, "plan": HOSTILE[i % len(HOSTILE)], "fee": 10 + i} for i in range(1, 51)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return Catalog.load([str(path)])


def drawn(widget: Widget) -> str:
    """What the widget sends to the terminal, line by line (the text of its segments)."""
    return "\n".join(
        "".join(segment.text for segment in widget.render_line(y)) for y in range(widget.size.height)
    )


def test_chart_labels_and_series_names_are_plain() -> None:
    answer = Answer(
        question="q",
        status="answer",
        text="t",
        columns=("plan", "fee\x1b[5m"),
        rows=tuple((v, float(i)) for i, v in enumerate(HOSTILE)),
        row_count=len(HOSTILE),
        chart=Chart(kind="bar", x="plan", y=("fee\x1b[5m",)),
    )
    labels, series = chart_series(answer)
    assert len(labels) == len(HOSTILE) and list(series) == ["fee\\x1b[5m"]
    assert not any(CONTROL.search(label) for label in labels)
    assert labels[0] == "\\x1b[31mred" and labels[1] == "bell\\x07"  # shown, escaped, not dropped


async def test_hostile_values_never_reach_the_terminal(hostile: Catalog) -> None:
    app = CraApp(hostile)
    async with app.run_test(size=SIZE) as pilot:
        for question in ("average fee by plan", "how many accounts by plan", "\x1b[2Jhow many accounts"):
            app.query_one(PromptInput).value = question
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.pause()
        cards = list(app.query(AnswerCard))
        assert cards and any(c.answer.status == "answer" for c in cards)
        charts = list(app.query(AnswerChart)) + list(app.query(BarList))
        assert charts, "the grouped answers draw a chart"
        screen = "\n".join(drawn(w) for w in app.screen.query("*") if w.size.height)
        assert not CONTROL.search(screen), repr(CONTROL.search(screen))
        chart_text = "\n".join(drawn(w) for w in charts)
        assert "bell\\x07" in chart_text or "\\x1b[31mred" in chart_text  # labels drawn, escaped
        assert any("\x1b" in str(v) for c in cards for row in c.answer.rows for v in row)  # values kept
