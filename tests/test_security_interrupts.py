"""Stopping work: Ctrl+C stops DuckDB and `cra` exits 130 with one line; Esc stops a /load; a question
that runs longer than the statement timeout is stopped with a reason; the chat asks before overwriting."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import duckdb
import pytest
from interrupting import start_cra

from assistant.app import CraApp
from assistant.widgets.answer_card import AnswerCard, SuggestionButton
from assistant.widgets.prompt_input import PromptInput
from catalog import Catalog, LoadCancelled, QueryError

ROOT = Path(__file__).resolve().parents[1]
SIZE = (100, 30)
SLOW = "SELECT count(*) AS n FROM orders a, orders b WHERE a.amount * b.quantity > b.amount * a.quantity"
"""A genuinely slow query on the samples: billions of pairs, a filter no index can serve."""


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CSV that takes seconds to load (written by DuckDB, not by cra)."""
    path = tmp_path_factory.mktemp("big") / "events.csv"
    con = duckdb.connect()
    con.execute(
        "COPY (SELECT range AS event_id, range % 977 AS account_id, 'kind ' || (range % 13) AS kind, "
        "DATE '2020-01-01' + INTERVAL (range % 1500) DAY AS day FROM range(3000000)) TO ? (HEADER)",
        [str(path)],
    )
    return path


def _opened(pid: int, path: Path) -> bool:
    fds = Path(f"/proc/{pid}/fd")
    try:
        return any(os.path.realpath(fd) == str(path) for fd in fds.iterdir())
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see when loading started")
@pytest.mark.parametrize("command", ["ask", "profile", "report"])
def test_ctrl_c_stops_duckdb_and_exits_130(big_csv: Path, tmp_path: Path, command: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CRA_NO_CACHE": "1"}
    last = {
        "ask": ["how many events by kind"],
        "profile": [],
        "report": ["--format", "md", "-o", str(tmp_path / "report.md")],
    }[command]
    child = start_cra(command, "--data", str(big_csv), *last, env=env)
    while child.poll() is None and not _opened(child.pid, big_csv):  # DuckDB is reading the file
        threading.Event().wait(0.01)
    assert child.poll() is None, child.communicate()
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    assert err == "cra: interrupted\n" and out == ""


def test_a_load_stops_when_cancelled(big_csv: Path) -> None:
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    with pytest.raises(LoadCancelled):
        Catalog.load([str(big_csv)], cancel=stop)


async def test_escape_stops_a_load_in_the_chat(
    catalog: Catalog, big_csv: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real loader, held at its start until Esc has been pressed (so the test never races the
    machine's speed), then let go: it is interrupted inside DuckDB and the chat keeps its data."""
    from catalog import database

    monkeypatch.setenv("CRA_NO_CACHE", "1")  # a cached copy of the file would load at once
    started, release, finished = threading.Event(), threading.Event(), threading.Event()
    outcome: list[object] = []
    real_load_spec = database.load_spec

    def held_load_spec(*args, **kwargs):  # the real loading code, started once the test allows it
        started.set()
        release.wait(60)
        try:
            tables = real_load_spec(*args, **kwargs)
        except BaseException as e:
            outcome.append(e)
            raise
        else:
            outcome.append("loaded")
            return tables
        finally:
            finished.set()

    monkeypatch.setattr(database, "load_spec", held_load_spec)
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        app.query_one(PromptInput).value = f"/load {big_csv}"
        await pilot.press("enter")
        while not started.is_set():  # the /load worker has begun loading
            await pilot.pause(0.01)
        assert app._busy
        stop = app._stop_load
        await pilot.press("escape")
        assert stop.is_set()
        release.set()
        while not finished.is_set():  # the worker was cancelled at once; its thread ends with the load
            await pilot.pause(0.01)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(outcome) == 1 and "Interrupted" in str(outcome[0]), outcome  # stopped inside DuckDB
        assert [c.answer.text for c in app.query(AnswerCard)] == ["Cancelled."]
        assert app.catalog is catalog  # still the data it had
        assert "customers" in str(app.query_one("#data-header").render())


def test_a_slow_question_is_stopped_by_the_timeout(catalog: Catalog) -> None:
    catalog.timeout = 0.5
    try:
        with pytest.raises(QueryError, match="longer than 0.5 s"):
            catalog.run(SLOW)
        assert catalog.run("SELECT count(*) FROM customers").rows[0][0] > 0  # the connection still works
    finally:
        catalog.timeout = None


async def test_the_chat_asks_before_overwriting(catalog: Catalog, tmp_path: Path) -> None:
    target = tmp_path / "plans.csv"
    target.write_text("mine\n")
    app = CraApp(catalog)
    async with app.run_test(size=SIZE) as pilot:
        for command in (
            "/sql SELECT plan, count(*) AS n FROM customers GROUP BY plan",
            f"/export csv {target}",
        ):
            app.query_one(PromptInput).value = command
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
        card = list(app.query(AnswerCard))[-1]
        assert "already exists" in card.answer.text and target.read_text() == "mine\n"
        assert card.answer.suggestions == (f"/export csv {target} --force",)
        await pilot.click(card.query_one(SuggestionButton))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert list(app.query(AnswerCard))[-1].answer.text.startswith("Wrote")
    expected = catalog.run("SELECT count(*) FROM (SELECT DISTINCT plan FROM customers)").rows[0][0]
    assert len(target.read_text().splitlines()) == expected + 1


def test_a_data_file_cannot_be_exported_over(catalog: Catalog) -> None:
    from assistant.export import ExportError, export_answer

    answer = catalog.run("SELECT plan FROM customers LIMIT 3")
    from catalog.answer import Answer

    card = Answer("q", "answer", "t", sql=answer.sql, columns=answer.columns, rows=answer.rows, row_count=3)
    data_file = next(p for p in catalog.inputs if p.name == "customers.csv")
    before = data_file.read_bytes()
    with pytest.raises(ExportError, match="loaded data"):
        export_answer(card, "csv", data_file, catalog, force=True)
    assert data_file.read_bytes() == before
