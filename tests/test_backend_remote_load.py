"""Loading a PostgreSQL database: the semantic model is kept (remote_cache) and used again while the data
has not changed (its tables, columns, row counts and change counters), inferred again when it has; a
load can be stopped (Esc in the chat, Ctrl+C) while a statement runs on the server."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from backend_compare import model_differences  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIG_ROWS = 3_000_000
"""Rows of the table a cancelled load reads: its profile takes seconds on the server."""


@pytest.fixture(scope="module")
def samples_url(postgres) -> str:
    from catalog import Catalog

    return postgres.copy_tables(Catalog.load([str(ROOT / "samples")]), schema="cached")


def _load(url: str, cancel: threading.Event | None = None):  # -> Catalog
    from catalog import Catalog

    return Catalog.load([url], cancel=cancel)


def test_a_second_load_reads_the_model_from_the_cache(samples_url: str) -> None:
    first = _load(samples_url)
    second = _load(samples_url)
    try:
        tables = len(first.model.tables)
        assert model_differences(first, second) == [] and first.changes == second.changes
        assert second.backend.statements == tables  # a row count per table (the key): nothing inferred
        assert first.backend.statements > 2 * tables
    finally:
        first.backend.close()
        second.backend.close()


def test_changed_data_is_inferred_again(postgres, samples_url: str) -> None:
    import psycopg

    before = _load(samples_url)
    stats = "SELECT n_tup_upd FROM pg_stat_user_tables WHERE schemaname = 'cached' AND relname = 'tickets'"
    with psycopg.connect(postgres.url, autocommit=True) as con:
        updated = con.execute(stats).fetchone()
        con.execute(
            "UPDATE cached.tickets SET satisfaction = NULL WHERE id = "
            "(SELECT min(id) FROM cached.tickets WHERE satisfaction IS NOT NULL)"
        )
    with psycopg.connect(postgres.url, autocommit=True) as con:  # the server publishes its counters
        while con.execute(stats).fetchone() == updated:  # when the updating session ends
            con.execute("SELECT pg_sleep(0.05)")
    after = _load(samples_url)
    try:
        info = before.model.tables["tickets"].columns["satisfaction"]
        assert after.backend.statements > 2 * len(after.model.tables)  # a miss: inferred again
        assert after.model.tables["tickets"].columns["satisfaction"].null_count == info.null_count + 1
        assert model_differences(before, after) == [
            f"tickets.satisfaction.null_count: {info.null_count} != {info.null_count + 1}"
        ]
    finally:
        before.backend.close()
        after.backend.close()


@pytest.fixture(scope="module")
def big_url(postgres) -> str:
    """A schema with one table of BIG_ROWS rows: profiling it keeps the server busy for seconds."""
    import psycopg

    with psycopg.connect(postgres.url, autocommit=True) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS big")
        con.execute("DROP TABLE IF EXISTS big.events")
        con.execute(
            "CREATE TABLE big.events AS SELECT g AS id, mod(g, 5000) AS customer_id, "
            "DATE '2024-01-01' + mod(g, 700) AS day, mod(g, 997) / 10.0 AS amount, "
            f"md5(g::text) AS note FROM generate_series(1, {BIG_ROWS}) g"
        )
    return f"{postgres.url}?schema=big"


def _busy(url: str) -> int:
    """Statements of a client on the big table running on the server now (not this one; the server's own
    autovacuum of the new table, which starts on its own, never counts)."""
    import psycopg

    with psycopg.connect(url.split("?")[0], autocommit=True) as admin:
        row = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query ILIKE %s "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'",  # never autovacuum's ANALYZE
            ("%events%",),
        ).fetchone()
    return int(row[0]) if row else 0


def test_a_load_is_cancelled_while_the_server_works(big_url: str) -> None:
    """The event is set once the server runs one of the load's queries; the load stops with LoadCancelled
    and leaves nothing running on the server."""
    from catalog.database import LoadCancelled

    cancel = threading.Event()
    done = threading.Event()

    def watch() -> None:  # set the event while one of the load's statements runs on the server
        while not done.is_set() and not cancel.is_set():
            if _busy(big_url):
                cancel.set()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        with pytest.raises(LoadCancelled):
            _load(big_url, cancel)
    finally:
        done.set()
        watcher.join()
    assert cancel.is_set() and _busy(big_url) == 0


async def test_esc_stops_a_postgres_load_in_the_chat(big_url: str) -> None:
    from assistant.app import CraApp
    from assistant.widgets.answer_card import AnswerCard
    from assistant.widgets.prompt_input import PromptInput
    from catalog import Catalog

    catalog = Catalog.load([str(ROOT / "samples")])
    app = CraApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        app.query_one(PromptInput).value = f"/load {big_url}"
        await pilot.press("enter")
        while not _busy(big_url):  # the /load worker's load runs on the server
            await pilot.pause(0.01)
        stop = app._stop_load
        for _ in range(3):  # (a first Esc may only close the input's suggestion list, as for a person)
            await pilot.press("escape")
            if stop.is_set():
                break
        assert stop.is_set()
        while _busy(big_url):  # the statement was cancelled on the server
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [c.answer.text for c in app.query(AnswerCard)] == ["Cancelled."]
        assert app.catalog is catalog  # still the data it had


def test_ctrl_c_stops_a_postgres_load_and_exits_130(big_url: str) -> None:
    """SIGINT while the server profiles the table: the statement is cancelled on the server (psycopg
    sends the cancel), the connection closed, and `cra` exits 130 with one line."""
    import os
    import signal

    from interrupting import start_cra

    env = {**os.environ, "PYTHONPATH": str(ROOT), "CRA_NO_CACHE": "1"}
    child = start_cra("ask", "--data", big_url, "how many events", env=env)
    while child.poll() is None and not _busy(big_url):  # the load's statement runs on the server
        threading.Event().wait(0.01)
    assert child.poll() is None, child.communicate()
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 130, err
    assert err == "cra: interrupted\n" and out == ""
    assert _busy(big_url) == 0
