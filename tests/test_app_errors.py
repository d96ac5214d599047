"""/report and /export: a bad format or a path that cannot be written is an error card with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.app import CraApp
from assistant.widgets.answer_card import AnswerCard
from assistant.widgets.prompt_input import PromptInput
from catalog import Catalog

SIZE = (100, 30)
QUERY = "/sql SELECT plan, count(*) AS n FROM customers GROUP BY plan ORDER BY plan"


@pytest.fixture
def blocker(tmp_path: Path) -> Path:
    """A file where a folder would have to be: nothing can be written below it (even as root)."""
    path = tmp_path / "a-file"
    path.write_text("not a folder")
    return path


async def outcome(app: CraApp, pilot, command: str) -> AnswerCard:
    app.query_one(PromptInput).value = command
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    return list(app.query(AnswerCard))[-1]


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        ("/export {tmp}/out.ods", "Usage: /export PATH"),
        ("/export csv {blocker}/out.csv", "could not write"),
        ("/export json {tmp}", "is a folder"),
        ("/report {tmp}/talk.txt", "html or md"),
        ("/report {blocker}/talk.md", "Could not write the report"),
    ],
    ids=["export-format", "export-unwritable", "export-folder", "report-format", "report-unwritable"],
)
async def test_write_errors_are_cards(
    catalog: Catalog, tmp_path: Path, blocker: Path, command: str, reason: str
) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        assert (await outcome(app, pilot, QUERY)).answer.status == "answer"
        card = await outcome(app, pilot, command.format(tmp=tmp_path, blocker=blocker))
        assert card.answer.status == "error" and card.has_class("-error")
        assert reason in card.answer.text
        assert card.answer.question.startswith(command.split()[0])  # the card names the command
        assert (await outcome(app, pilot, "/sql SELECT 1 AS one")).answer.rows == ((1,),)  # still usable
    assert blocker.read_text() == "not a folder" and sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_report_writer_errors_become_answers(tmp_path: Path, blocker: Path) -> None:
    """What report.write_conversation raises (ValueError, OSError) comes back as an error answer."""
    from assistant.app import _report
    from catalog.answer import Answer

    answers = [Answer("how many?", "answer", "3.")]
    refused = _report(answers, tmp_path / "talk.pdf", "pdf", "/report talk.pdf")
    assert refused.status == "error" and refused.question == "/report talk.pdf"
    assert refused.text == "Could not write the report: a conversation is written as md or html, not 'pdf'"
    unwritable = _report(answers, blocker / "talk.md", "md", "/report")
    assert unwritable.status == "error" and str(blocker / "talk.md") in unwritable.text
    written = _report(answers, tmp_path / "talk.md", "md", "/report")
    assert written.status == "answer" and "how many?" in (tmp_path / "talk.md").read_text()
