"""The chat app driven by a pilot on the bundled samples: answers, commands, history, cancel."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb
import pytest
from textual.widgets import Tree
from waiting import wait_until

from assistant.app import CraApp
from assistant.history import History
from assistant.widgets.answer_card import AnswerCard, ResultTable, SuggestionButton
from assistant.widgets.chart import AnswerChart, chart_series
from assistant.widgets.prompt_input import PhraseSuggester, PromptInput
from assistant.widgets.question_bubble import QuestionBubble
from assistant.widgets.thinking import Thinking
from assistant.widgets.welcome import ConversationButton, Welcome
from catalog import Catalog
from catalog.answer import Answer, Chart

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SIZE = (100, 30)


def independent(sql: str) -> list[tuple]:
    """The expected figures, computed with DuckDB straight from the sample CSV files."""
    con = duckdb.connect()
    for name in ("customers", "orders"):
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_csv_auto('{SAMPLES / name}.csv')")
    return con.execute(sql).fetchall()


async def submit(app: CraApp, pilot, text: str) -> None:
    app.query_one(PromptInput).value = text
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


def cards(app: CraApp) -> list[AnswerCard]:
    return list(app.query(AnswerCard))


async def test_welcome_lists_data_and_examples(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE):
        welcome = app.query_one(Welcome)
        (expected_rows,) = independent("SELECT count(*) FROM customers")[0]
        ((end,),) = independent("SELECT greatest(max(signup_date), max(churn_date)) FROM customers")
        ((last_order,),) = independent("SELECT max(order_date) FROM orders")
        header = str(app.query_one("#data-header").render())
        assert f"customers {expected_rows:,}" in header
        assert f"data to {max(end, last_order).isoformat()}" in header  # the as-of date: the data's end
        assert len(welcome.query(SuggestionButton)) >= 3
        assert app.focused is app.query_one(PromptInput)


async def test_sql_command_answers_with_a_sortable_table(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, "/sql SELECT plan, count(*) AS n FROM customers GROUP BY plan")
        card = cards(app)[-1]
        expected = independent("SELECT plan, count(*) FROM customers GROUP BY plan ORDER BY count(*)")
        assert card.answer.status == "answer"
        assert sorted(card.answer.rows, key=lambda r: r[1]) == expected
        table = card.query_one(ResultTable)
        count_header = (len(max((str(r[0]) for r in expected), key=len)) + 4, 0)  # the header of column n
        await pilot.click(table, offset=count_header)
        assert [str(v) for v in table.get_row_at(0)] == [expected[0][0], f"{expected[0][1]:,}"]
        await pilot.click(table, offset=count_header)  # a second click sorts descending
        assert str(table.get_row_at(0)[0]) == expected[-1][0]


async def test_capped_table_says_how_many_rows_are_shown(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, "/sql SELECT id, amount FROM orders")
        (total,) = independent("SELECT count(*) FROM orders")[0]
        card = cards(app)[-1]
        assert card.query_one(ResultTable).row_count == 1000
        assert str(card.query_one(".caption").render()) == f"showing 1,000 of {total:,} rows"


async def test_export_csv_writes_the_tables_rows(catalog: Catalog, tmp_path: Path) -> None:
    target = tmp_path / "plans.csv"
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, "/sql SELECT plan, count(*) AS n FROM customers GROUP BY plan ORDER BY plan")
        await submit(app, pilot, f"/export csv {target}")
        assert cards(app)[-1].answer.status == "answer" and str(target) in cards(app)[-1].answer.text
    with target.open(newline="") as f:
        rows = list(csv.reader(f))
    expected = independent("SELECT plan, count(*) FROM customers GROUP BY plan ORDER BY plan")
    assert rows[0] == ["plan", "n"]
    assert [(p, int(n)) for p, n in rows[1:]] == expected


async def test_export_of_a_capped_answer_writes_every_row(catalog: Catalog, tmp_path: Path) -> None:
    target = tmp_path / "orders.csv"
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, "/sql SELECT id FROM orders ORDER BY id")
        await submit(app, pilot, f"/export csv {target}")
    with target.open(newline="") as f:
        ids = [int(r[0]) for r in list(csv.reader(f))[1:]]
    assert ids == [r[0] for r in independent("SELECT id FROM orders ORDER BY id")]


async def test_errors_are_cards_with_reasons(catalog: Catalog, tmp_path: Path) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, f"/load {tmp_path / 'missing.csv'}")
        await submit(app, pilot, "/sql DROP TABLE customers")
        await submit(app, pilot, "/sql SELECT nope FROM customers")
        await submit(app, pilot, "/export csv")
        await submit(app, pilot, "/frobnicate")
        errors = [c.answer for c in cards(app)]
        assert [a.status for a in errors] == ["error"] * 5
        assert "missing.csv" in errors[0].text
        assert "nope" in errors[2].text
        assert "Usage: /export" in errors[3].text
        assert "Unknown command /frobnicate" in errors[4].text
    assert catalog.run("SELECT count(*) FROM customers").rows[0][0] > 0  # nothing was dropped


async def test_escape_cancels_a_slow_query_and_the_app_stays_usable(catalog: Catalog) -> None:
    # A genuinely slow DuckDB query: a 3.6-billion-pair cross product with a filter no index can serve.
    slow = "/sql SELECT count(*) AS n FROM orders a, orders b WHERE a.amount * b.quantity > b.amount * a.quantity"
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        app.query_one(PromptInput).value = slow
        await pilot.press("enter")
        await wait_until(pilot, lambda: catalog.running)  # DuckDB has the query
        assert app.query(Thinking)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.query(Thinking)
        assert [c.answer.text for c in cards(app)] == ["Cancelled."]
        await submit(app, pilot, "/sql SELECT count(*) AS n FROM customers")
        assert cards(app)[-1].answer.rows == tuple(independent("SELECT count(*) FROM customers"))
    saved = History().exchanges(History().conversations()[0].id)
    assert [e.question for e in saved][0] == slow and saved[0].answer.text == "Cancelled."


async def test_history_survives_a_restart(catalog: Catalog) -> None:
    question = "/sql SELECT count(*) AS n FROM orders"
    first = CraApp(catalog)
    async with first.run_test(size=SIZE) as pilot:
        await submit(first, pilot, question)
        figure = cards(first)[-1].answer.rows
    second = CraApp(catalog)
    async with second.run_test(size=SIZE) as pilot:
        buttons = list(second.query(ConversationButton))
        assert len(buttons) == 1 and question in str(buttons[0].label)
        await pilot.click(buttons[0])
        await pilot.pause()
        assert [b.question for b in second.query(QuestionBubble)] == [question]
        assert cards(second)[-1].answer.rows == tuple(tuple(r) for r in figure)


async def test_catalog_panel_inserts_a_column_into_the_question(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+b")
        assert app.query_one("#catalog").has_class("-visible")
        tree = app.query_one(Tree)
        customers = next(n for n in tree.root.children if str(n.label).startswith("customers"))
        column = next(c for c in customers.children if str(c.label).startswith("plan"))
        app.query_one(PromptInput).value = "customers by"
        tree.select_node(column)
        await pilot.pause()
        assert (
            app.query_one(PromptInput).value
            == "customers by " + catalog.model.tables["customers"].columns["plan"].words.strip()
        )


async def test_input_history_up_and_down(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        for text in ("/schema", "/sql SELECT 1 AS one"):
            await submit(app, pilot, text)
        prompt = app.query_one(PromptInput)
        await pilot.press("up")
        assert prompt.value == "/sql SELECT 1 AS one"
        await pilot.press("up", "up")
        assert prompt.value == "/schema"
        await pilot.press("down", "down")
        assert prompt.value == ""


async def test_tab_accepts_a_completion(catalog: Catalog) -> None:
    fee = catalog.model.tables["customers"].columns["monthly_fee"]
    words = fee.words or fee.name
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"average ", *words[:5])
        await pilot.press("tab")
        assert app.query_one(PromptInput).value == "average " + words
        assert app.focused is app.query_one(PromptInput)


async def test_copy_sql_and_table_to_the_clipboard(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, "/sql SELECT plan FROM customers GROUP BY plan ORDER BY plan")
        await submit(app, pilot, "/copy sql")
        assert app.clipboard == cards(app)[-1].answer.sql
        await submit(app, pilot, "/copy table")
        plans = [r[0] for r in independent("SELECT plan FROM customers GROUP BY plan ORDER BY plan")]
        assert app.clipboard.splitlines() == ["plan", *plans]


async def test_theme_command_toggles_dark_and_light(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        before = app.theme
        await submit(app, pilot, "/theme")
        assert app.theme != before and app.theme in ("textual-dark", "textual-light")
        await submit(app, pilot, "/theme nord")
        assert app.theme == "nord"


async def test_new_conversation_starts_again(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, "/sql SELECT 1 AS one")
        await submit(app, pilot, "/new")
        assert not cards(app) and app.query(Welcome) and app.answers == []


def test_suggester_completes_columns_values_and_phrasings(catalog: Catalog) -> None:
    from assistant.widgets.prompt_input import vocabulary

    suggester = PhraseSuggester(vocabulary(catalog.model))
    plan = catalog.model.tables["customers"].columns["monthly_fee"]
    words = plan.words or plan.name
    assert suggester.complete("average " + words[:4]) == "average " + words
    assert suggester.complete("How ma") == "How many"  # keeps what was typed
    assert suggester.complete("/exp") == "/export "
    assert suggester.complete("/export c") == "/export csv "
    assert suggester.complete("") is None and suggester.complete("zzzz") is None


async def test_a_question_gets_an_answer_card_with_the_figure(catalog: Catalog) -> None:
    (expected,) = independent("SELECT count(*) FROM customers")[0]
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, "how many customers are there?")
        card = cards(app)[-1]
        assert card.answer.status == "answer"
        assert f"{expected:,}" in card.answer.text
        assert [b.question for b in app.query(QuestionBubble)] == ["how many customers are there?"]
    saved = History().exchanges(History().conversations()[0].id)
    assert saved[0].answer is not None and saved[0].answer.text == card.answer.text


async def test_a_clarify_suggestion_button_asks_its_question(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, "how many customers by zodiac sign?")
        card = cards(app)[-1]
        assert card.answer.status in ("clarify", "unsupported")
        button = card.query(SuggestionButton).first()
        button.focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [b.question for b in app.query(QuestionBubble)][-1] == button.question
        assert cards(app)[-1].answer.question == button.question


def test_every_welcome_example_is_answered(catalog: Catalog) -> None:
    from assistant.engine import Assistant
    from assistant.widgets.welcome import example_questions

    engine = Assistant(catalog)
    examples = example_questions(catalog.model)
    assert len(examples) >= 4
    for question in examples:
        answer = engine.ask(question)
        engine.reset()
        assert answer.status == "answer", (question, answer.text)


async def test_old_cards_leave_the_screen_not_the_history(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("assistant.app.MAX_WIDGETS", 4)
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        for n in range(3):
            await submit(app, pilot, f"/sql SELECT {n} AS n")
        assert len(app.conversation.children) == 4
        assert [c.answer.rows for c in cards(app)] == [((1,),), ((2,),)]
    assert len(History().exchanges(History().conversations()[0].id)) == 3


@pytest.mark.parametrize(
    "chart",
    [Chart("bar", "plan", ("n", "m")), Chart("line", "month", ("n",), "Orders by month")],
    ids=["two-bar-series", "line"],
)
async def test_charts_draw_the_tables_series(catalog: Catalog, chart: Chart) -> None:
    rows = tuple((dt.date(2024, i, 1), f"p{i}", i * 10, i * 3) for i in range(1, 13))
    answer = Answer(
        "q", "answer", "12 months.", columns=("month", "plan", "n", "m"), rows=rows, row_count=12, chart=chart
    )
    labels, series = chart_series(answer)
    assert labels[0] == ("2024-01-01" if chart.kind == "line" else "p1")
    assert series["n"] == [float(i * 10) for i in range(1, 13)]
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await app.conversation.mount(AnswerCard(answer))
        await pilot.pause()
        assert app.query_one(AnswerChart).answer == answer  # the card may hold an escaped copy


async def test_report_writes_the_conversation(catalog: Catalog, tmp_path: Path) -> None:
    target = tmp_path / "talk.md"
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, "/report")
        assert cards(app)[-1].answer.status == "error"  # nothing asked yet
        await submit(app, pilot, "/sql SELECT plan, count(*) AS n FROM customers GROUP BY plan ORDER BY plan")
        await submit(app, pilot, f"/report {target}")
        assert cards(app)[-1].answer.status == "answer", cards(app)[-1].answer.text
    text = target.read_text()
    for plan, n in independent("SELECT plan, count(*) FROM customers GROUP BY plan"):
        assert plan in text and f"{n:,}" in text


async def test_palette_offers_commands_and_example_questions(catalog: Catalog) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert {"New conversation", "Data panel", "/help", "/schema", "Copy SQL"} <= set(commands)
        assert any(title.startswith("Ask: ") for title in commands)
        commands["/schema"].callback()
        for _ in range(100):  # a loaded machine may need more than one refresh to mount the card
            await pilot.pause()
            if cards(app) and cards(app)[-1].answer.text.startswith("The data:"):
                break
        schema = cards(app)[-1].answer
        assert schema.row_count == sum(len(t.columns) for t in catalog.model.tables.values())


async def test_load_switches_to_other_data(catalog: Catalog, tmp_path: Path) -> None:
    source = tmp_path / "Sales Leads.csv"
    source.write_text(
        "lead_id,stage\n" + "".join(f"{i},{'won' if i % 3 == 0 else 'open'}\n" for i in range(30))
    )
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await submit(app, pilot, f"/load {source}")
        assert cards(app)[-1].answer.status == "answer"
        assert "sales_leads 30 rows" in str(app.query_one("#data-header").render())
        assert "customers" not in str(app.query_one("#data-header").render())
        await submit(app, pilot, "/sql SELECT count(*) AS n FROM sales_leads WHERE stage = 'won'")
        assert cards(app)[-1].answer.rows == ((10,),)
        tree = app.query_one(Tree)
        assert [str(n.label) for n in tree.root.children] == ["sales_leads (30 rows)"]
