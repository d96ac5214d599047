"""The app opens before its data: a loader runs in a worker, questions wait for it, failures are cards."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest
from waiting import wait_until

from assistant.app import CraApp
from assistant.cli import main
from assistant.widgets.answer_card import AnswerCard, SuggestionButton
from assistant.widgets.prompt_input import PromptInput
from assistant.widgets.question_bubble import QuestionBubble
from assistant.widgets.thinking import Thinking
from assistant.widgets.welcome import Welcome
from catalog import Catalog

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SIZE = (100, 30)


class GatedLoader:
    """A loader that hands over the catalog only when the test opens the gate."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.gate = threading.Event()
        self.calls = 0
        self.thread: threading.Thread | None = None

    def __call__(self) -> Catalog:
        self.calls += 1
        self.thread = threading.current_thread()
        assert self.gate.wait(30), "the test never opened the gate"
        return self.catalog


def customers_count() -> int:
    con = duckdb.connect()
    return con.execute(f"SELECT count(*) FROM read_csv_auto('{SAMPLES / 'customers.csv'}')").fetchall()[0][0]


def header(app: CraApp) -> str:
    return str(app.query_one("#data-header").render())


def cards(app: CraApp) -> list[AnswerCard]:
    return list(app.query(AnswerCard))


async def settle(app: CraApp, pilot) -> None:
    """Wait for the loading thread's message, then for the workers it started."""
    await wait_until(pilot, lambda: not app.data_loading)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_first_frame_comes_before_the_data(catalog: Catalog) -> None:
    loader = GatedLoader(catalog)
    app = CraApp(loader)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert header(app) == "cra · loading samples…"
        assert app.data_loading and app.catalog is None
        assert app.focused is app.query_one(PromptInput)
        await pilot.press(*"how")
        assert app.query_one(PromptInput).value == "how"  # the input takes keys while the data loads
        welcome = app.query_one(Welcome)
        assert not welcome.query(SuggestionButton) and welcome.query(".loading")
        assert not welcome.loading  # a note on the card, not Textual's spinner over it
        loader.gate.set()
        await settle(app, pilot)
        assert loader.calls == 1 and app.catalog is catalog and not app.data_loading
        assert f"customers {customers_count():,}" in header(app)
        assert len(app.query_one(Welcome).query(SuggestionButton)) >= 3  # the welcome card for the data


async def test_sql_asked_while_loading_runs_once_loaded(catalog: Catalog) -> None:
    loader = GatedLoader(catalog)
    app = CraApp(loader)
    async with app.run_test(size=SIZE) as pilot:
        app.query_one(PromptInput).value = "/sql SELECT count(*) AS n FROM customers"
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: any("Loading samples first" in str(h.render()) for h in app.query(".hint"))
        )
        assert [b.question for b in app.query(QuestionBubble)] == ["/sql SELECT count(*) AS n FROM customers"]
        assert not cards(app)  # waiting for the data, not refused
        loader.gate.set()
        await settle(app, pilot)
        assert [c.answer.rows for c in cards(app)] == [((customers_count(),),)]


async def test_question_asked_while_loading_is_answered_once_loaded(catalog: Catalog) -> None:
    loader = GatedLoader(catalog)
    app = CraApp(loader)
    async with app.run_test(size=SIZE) as pilot:
        app.query_one(PromptInput).value = "how many customers are there?"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.query(QuestionBubble))
        assert not cards(app)
        loader.gate.set()
        await settle(app, pilot)
        (card,) = cards(app)
        assert card.answer.status == "answer" and f"{customers_count():,}" in card.answer.text


async def test_schema_while_loading_says_so(catalog: Catalog) -> None:
    loader = GatedLoader(catalog)
    app = CraApp(loader)
    async with app.run_test(size=SIZE) as pilot:
        app.query_one(PromptInput).value = "/schema"
        await pilot.press("enter")
        await pilot.pause()
        (card,) = cards(app)
        assert card.answer.status == "error" and "still loading" in card.answer.text
        loader.gate.set()
        await settle(app, pilot)


async def test_a_load_error_is_an_error_card_and_load_recovers(tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    app = CraApp(lambda: Catalog.load([str(missing)]), source="missing.csv")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        (card,) = cards(app)
        assert card.answer.status == "error"
        assert "Could not load missing.csv" in card.answer.text and str(missing) in card.answer.text
        assert "no data" in header(app) and not app.data_loading
        app.query_one(PromptInput).value = "/sql SELECT 1 AS one"
        await pilot.press("enter")
        await settle(app, pilot)
        assert cards(app)[-1].answer.status == "error" and "no data" in cards(app)[-1].answer.text
        source = tmp_path / "leads.csv"
        source.write_text(
            "lead_id,stage\n" + "".join(f"{i},{'won' if i % 4 == 0 else 'open'}\n" for i in range(20))
        )
        app.query_one(PromptInput).value = f"/load {source}"
        await pilot.press("enter")
        await settle(app, pilot)
        assert "leads 20 rows" in header(app)
        app.query_one(PromptInput).value = "/sql SELECT count(*) AS n FROM leads WHERE stage = 'won'"
        await pilot.press("enter")
        await settle(app, pilot)
        assert cards(app)[-1].answer.rows == ((5,),)


async def test_a_loader_that_crashes_is_a_card_not_a_traceback() -> None:
    def broken() -> Catalog:
        raise RuntimeError("disk on fire")

    app = CraApp(broken)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        (card,) = cards(app)
        assert card.answer.status == "error" and "RuntimeError: disk on fire" in card.answer.text
        assert app.return_code is None  # still running


def test_chat_with_a_missing_path_exits_2_before_the_ui(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["chat", "--data", f"people={tmp_path / 'nope.csv'}"]) == 2
    assert "nope.csv: no such file or folder" in capsys.readouterr().err


async def test_quitting_does_not_wait_for_a_load(catalog: Catalog) -> None:
    loader = GatedLoader(catalog)
    app = CraApp(loader)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert loader.calls == 1
    try:
        thread = loader.thread
        assert thread is not None and thread.daemon and thread.is_alive()  # closed while the load went on
    finally:
        loader.gate.set()


async def test_queries_take_turns_on_the_shared_connection(catalog: Catalog) -> None:
    """Workers share one DuckDB connection: a query waits while another holds it (no mixed-up results)."""
    from assistant.app import db_lock

    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        with db_lock(catalog):
            app.query_one(PromptInput).value = "/sql SELECT count(*) AS n FROM customers"
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.query(Thinking))  # the worker waits for the connection
            assert not cards(app)
        await settle(app, pilot)
        assert [c.answer.rows for c in cards(app)] == [((customers_count(),),)]


async def test_the_welcome_card_for_the_data_does_not_offer_the_conversation_under_way(
    catalog: Catalog,
) -> None:
    from assistant.history import History
    from assistant.widgets.welcome import ConversationButton

    history = History()
    earlier = history.new_conversation("customers by plan", "samples")
    history.add_question(earlier, "customers by plan")
    loader = GatedLoader(catalog)
    app = CraApp(loader)
    async with app.run_test(size=SIZE) as pilot:
        app.query_one(PromptInput).value = "how many customers are there?"
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(app.query(QuestionBubble)))
        loader.gate.set()
        await settle(app, pilot)
        assert [c.answer.status for c in cards(app)] == ["answer"]
        offered = [b.conversation_id for b in app.query_one(Welcome).query(ConversationButton)]
        assert offered == [earlier]  # the question asked while loading is this conversation, not a recent one
