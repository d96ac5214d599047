"""The chat in a new user's first hour (issue #14), driven by a pilot on the bundled samples: a question
asked while another runs waits its turn, a report is never called cancelled, answers read right
(sorted, %, no chart for one row, figures first at 80 columns), the overview card, reopening a
conversation. Figures are checked against DuckDB run straight on the sample files."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest
from textual.widgets import DataTable
from waiting import wait_until

from assistant.app import CraApp
from assistant.history import History
from assistant.widgets.answer_card import AnswerCard, ResultTable
from assistant.widgets.chart import AnswerChart, BarList
from assistant.widgets.prompt_input import PromptInput
from assistant.widgets.question_bubble import QuestionBubble
from assistant.widgets.welcome import ConversationButton, SuggestionButton, Welcome
from catalog import Catalog

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SIZE = (100, 30)
SLOW = "/sql SELECT count(*) AS n FROM orders a, orders b WHERE a.amount * b.quantity > b.amount * a.quantity"
"""A genuinely slow DuckDB query (a 3.6-billion-pair cross product), stopped by Esc."""


def independent(sql: str) -> list[tuple]:
    con = duckdb.connect()
    for name in ("customers", "orders"):
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_csv_auto('{SAMPLES / name}.csv')")
    return con.execute(sql).fetchall()


def cards(app: CraApp) -> list[AnswerCard]:
    return list(app.query(AnswerCard))


async def type_and_enter(app: CraApp, pilot, text: str) -> None:
    app.query_one(PromptInput).value = text
    await pilot.press("enter")


async def submit(app: CraApp, pilot, text: str) -> None:
    await type_and_enter(app, pilot, text)
    await app.workers.wait_for_complete()
    await pilot.pause()


def table_text(table: ResultTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_a_question_asked_while_another_runs_waits_its_turn(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await type_and_enter(app, pilot, SLOW)
        await wait_until(pilot, lambda: catalog.running)
        await type_and_enter(app, pilot, "how many customers are there?")
        waiting = [b for b in app.query(QuestionBubble) if b.waiting]
        assert [b.question for b in waiting] == ["how many customers are there?"]
        assert "waiting" in str(waiting[0].render())
        assert not cards(app)  # the first one was not cancelled by the second
        await pilot.press("escape")  # Esc stops the running one only
        await wait_until(pilot, lambda: len(cards(app)) == 2)
        await app.workers.wait_for_complete()
        await pilot.pause()
        first, second = (c.answer for c in cards(app))
        assert first.text == "Cancelled." and second.status == "answer"
        ((customers,),) = independent("SELECT count(*) FROM customers")
        assert f"{customers:,}" in second.text
        assert not [b for b in app.query(QuestionBubble) if b.waiting]
        # on screen: each answer under its own question
        order = [w for w in app.conversation.children if isinstance(w, QuestionBubble | AnswerCard)]
        kinds = [type(w).__name__ for w in order]
        assert kinds == ["QuestionBubble", "AnswerCard", "QuestionBubble", "AnswerCard"]
    saved = History().exchanges(History().conversations()[0].id)
    assert [e.question for e in saved] == [SLOW, "how many customers are there?"]
    assert saved[1].answer is not None and saved[1].answer.status == "answer"


async def test_a_report_that_completes_is_never_called_cancelled(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    import assistant.report as report

    real = report.write_conversation

    def slow_write(*args, **kwargs):  # the real writer, once the test has pressed Esc
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(report, "write_conversation", slow_write)
    target = tmp_path / "talk.md"
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, "customers by plan")
        await type_and_enter(app, pilot, f"/report {target}")
        await wait_until(pilot, lambda: app._busy)
        await pilot.press("escape")
        await type_and_enter(app, pilot, "how many orders are there?")  # waits for the report
        gate.set()
        await wait_until(pilot, lambda: len(cards(app)) == 3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        texts = [c.answer.text for c in cards(app)]
        assert "Cancelled." not in texts
        assert texts[1].startswith("Wrote a report of 1 answers") and target.exists()
        ((orders,),) = independent("SELECT count(*) FROM orders")
        assert f"{orders:,}" in texts[2]


async def test_the_chat_shows_the_top_groups_as_percentages(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, "churn rate by plan")
        table = cards(app)[-1].query_one(ResultTable)
        rows = table_text(table)
        expected = independent(
            "SELECT plan, avg(CASE WHEN churned = 'Yes' THEN 1 ELSE 0 END) FROM customers GROUP BY 1 ORDER BY 2 DESC"
        )
        assert [r[0] for r in rows] == [plan for plan, _ in expected]
        assert [r[1] for r in rows] == [f"{rate * 100:.1f}%" for _, rate in expected]
        assert app.query(AnswerChart) or app.query(BarList)


async def test_a_one_row_answer_draws_no_chart(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, "customers by plan where plan is Pro")
        answer = cards(app)[-1].answer
        assert answer.status == "answer" and answer.row_count == 1, answer.text
        ((pro,),) = independent("SELECT count(*) FROM customers WHERE plan = 'Pro'")
        assert answer.rows[0][-1] == pro
        assert not app.query(AnswerChart) and not app.query(BarList)


async def test_at_80_columns_the_figures_come_first_and_text_is_cut(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await submit(app, pilot, "which customers are most likely to churn?")
        answer = cards(app)[-1].answer
        assert answer.status == "answer", answer.text
        table = cards(app)[-1].query_one(ResultTable)
        headers = [str(c.label) for c in table.columns.values()]
        probability = next(h for h in headers if "probab" in h)
        assert headers.index(probability) == 1  # right after what a row is
        assert sum(c.get_render_width(table) for c in table.columns.values()) <= 80
        cells = table_text(table)
        assert any("…" in cell for row in cells for cell in row)
        assert all(row[1].endswith("%") for row in cells)


async def test_how_are_we_doing_answers_with_the_overview_card(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, "how are we doing?")
        answer = cards(app)[-1].answer
        assert answer.status == "answer" and answer.columns[0] == "metric"
        figures = {row[0]: row[1] for row in answer.rows}
        ((customers,),) = independent("SELECT count(*) FROM customers")
        ((orders,),) = independent("SELECT count(*) FROM orders")
        assert figures["customers"] == customers and figures["orders"] == orders


async def test_welcome_examples_cover_different_columns_and_skills(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        questions = [b.question for b in app.query_one(Welcome).query(SuggestionButton)]
        splits = [q.split(" by ", 1)[1] for q in questions if " by " in q and "month of" not in q]
        assert len(splits) == len(set(splits)) >= 3  # each example splits by another column
        assert "how are we doing?" in questions  # a skill's example too
        model = catalog.model
        for q in questions:
            if q.startswith("total "):
                measure = q[len("total ") :].split(" by ")[0]
                column = next(c for c in model.columns() if (c.words or c.name) == measure)
                assert column.unit in ("money", "count")


def test_reopened_list_says_which_data(catalog: Catalog, tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    cid = history.new_conversation("churn rate by plan", "samples")
    history.add_question(cid, "churn rate by plan")
    (summary,) = history.conversations()
    assert "on samples" in str(ConversationButton(summary).label)


async def test_a_sorted_table_keeps_its_formats(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, "churn rate by plan")
        table = cards(app)[-1].query_one(ResultTable)
        table.sort_by(0)
        await pilot.pause()
        rows = table_text(table)
        assert [r[0] for r in rows] == sorted(r[0] for r in rows)
        assert all(r[1].endswith("%") for r in rows)
        assert isinstance(table, DataTable)


async def test_reopening_a_conversation_restores_focus_history_context_and_cards(catalog: Catalog) -> None:
    questions = ["churn rate by plan", "customers by region", "total amount by product", "churn rate by plan"]
    first = CraApp(catalog)
    async with first.run_test(size=SIZE) as pilot:
        for q in questions:
            await submit(first, pilot, q)
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        button = app.query(ConversationButton).first()
        assert "on samples" in str(button.label)
        button.press()
        await wait_until(pilot, lambda: len(cards(app)) == len(questions))
        await pilot.pause()
        assert app.focused is app.query_one(PromptInput)
        shown = cards(app)
        assert [c.answer.question for c in shown] == questions
        assert [c.folded for c in shown] == [True, True, True, False]  # older ones fold: fast to lay out
        assert not shown[0].query(ResultTable)
        # ↑ recalls the reopened questions
        await pilot.press("up")
        assert app.query_one(PromptInput).value == questions[-1]
        app.query_one(PromptInput).value = ""
        # a follow-up continues the reopened conversation
        await app.workers.wait_for_complete()
        await submit(app, pilot, "only in Europe")
        answer = cards(app)[-1].answer
        assert answer.status == "answer", answer.text
        expected = independent(
            "SELECT plan, avg(CASE WHEN churned = 'Yes' THEN 1 ELSE 0 END) FROM customers "
            "WHERE region = 'Europe' GROUP BY 1"
        )
        got = {row[0]: row[1] for row in answer.rows}
        assert got == pytest.approx(dict(expected))
        # a folded card unfolds on demand
        shown[0].query_one("Button.unfold").press()
        await pilot.pause()
        await wait_until(pilot, lambda: bool(shown[0].query(ResultTable)))


async def test_export_takes_the_format_from_the_extension_and_writes_xlsx(
    catalog: Catalog, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, "customers by plan")
        target = tmp_path / "plans.xlsx"
        await submit(app, pilot, f"/export {target}")
        assert cards(app)[-1].answer.text.startswith("Wrote 4 rows"), cards(app)[-1].answer.text
        await submit(app, pilot, f"/export {tmp_path / 'plans.csv'}")
        await submit(app, pilot, f"/export {tmp_path / 'plans.txt'}")
        assert "Usage: /export PATH" in cards(app)[-1].answer.text
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("plan", "count")
    assert sorted(rows[1:]) == sorted(independent("SELECT plan, count(*) FROM customers GROUP BY 1"))
    assert (tmp_path / "plans.csv").read_text().splitlines()[0] == "plan,count"


def test_xlsx_keeps_text_that_looks_like_a_formula_as_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from assistant.export import export_answer
    from catalog.answer import Answer

    answer = Answer(
        "q", "answer", "2 rows.", columns=("name", "n"), rows=(("=1+2", 1), ("ok", 2)), row_count=2
    )
    path = export_answer(answer, "xlsx", tmp_path / "x.xlsx")
    cell = load_workbook(path).active["A2"]
    assert cell.value == "=1+2" and cell.data_type == "s"


async def test_the_command_palette_finds_every_slash_command(catalog: Catalog) -> None:
    from textual.command import CommandList, CommandPalette

    from assistant.app import SLASH_COMMANDS

    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for name in SLASH_COMMANDS:
            assert any(t == f"/{name}" or t.startswith(f"/{name} ") for t in titles), name
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"report")
        found = lambda: [  # noqa: E731
            str(o.prompt) for o in app.screen.query_one(CommandList).options
        ]
        await wait_until(pilot, lambda: any("/report" in p for p in found()))
        await pilot.press("escape")
        # a command that needs an argument is put in the prompt to be completed
        export = next(c for c in app.get_system_commands(app.screen) if c.title.startswith("/export"))
        export.callback()
        await pilot.pause()
        assert app.query_one(PromptInput).value == "/export "


@pytest.mark.parametrize("size", [(120, 36), (80, 24)], ids=["120x36", "80x24"])
async def test_a_cluster_table_shows_its_rows_on_its_first_frame(
    catalog: Catalog, size: tuple[int, int]
) -> None:
    """The cluster table once rendered blank until a redraw: a DataTable measured its rows only when idle,
    after the card's first layout. It now measures them when mounted; the first frame shows every row."""
    from assistant.engine import Assistant

    answer = Assistant(catalog).ask("cluster our customers")
    assert answer.status == "answer", answer.text
    app = CraApp(catalog)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app._show(AnswerCard(answer))
        await pilot.pause()  # one refresh: the first frame with the card
        table = app.query_one(ResultTable)
        assert table.row_count == answer.row_count >= 2
        assert table.virtual_size.height == answer.row_count + 1  # the header and every row, measured
        assert table.region.height >= answer.row_count + 1
        app.conversation.scroll_to_widget(table, animate=False)
        await pilot.pause()
        screen = "\n".join("".join(s.text for s in strip) for strip in app.screen._compositor.render_strips())
        sizes = [f"{row[answer.columns.index('customers')]:,}" for row in answer.rows]
        assert all(size_text in screen for size_text in sizes)


async def test_a_reopened_conversation_exports_its_last_table(catalog: Catalog, tmp_path: Path) -> None:
    """After a question that was declined, /export writes the table before it, reopened or not."""
    questions = ["customers by plan", "how many customers by zodiac sign?"]
    first = CraApp(catalog)
    async with first.run_test(size=SIZE) as pilot:
        for q in questions:
            await submit(first, pilot, q)
        assert cards(first)[-1].answer.status != "answer"
        await submit(first, pilot, f"/export {tmp_path / 'live.csv'}")
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.query(ConversationButton).first().press()
        await wait_until(pilot, lambda: len(cards(app)) == len(questions))
        await submit(app, pilot, f"/export {tmp_path / 'reopened.csv'}")
        assert cards(app)[-1].answer.text.startswith("Wrote 4 rows"), cards(app)[-1].answer.text
    expected = sorted(independent("SELECT plan, count(*) FROM customers GROUP BY 1"))
    for name in ("live.csv", "reopened.csv"):
        lines = (tmp_path / name).read_text().splitlines()
        assert lines[0] == "plan,count"
        assert sorted((p, int(c)) for p, c in (line.split(",") for line in lines[1:])) == expected
