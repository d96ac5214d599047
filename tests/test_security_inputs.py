"""Bad and unusual input: huge numbers, gzipped files, one table name in two schemas, nowhere to save."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import duckdb
import pytest

from assistant.app import CraApp
from assistant.engine import Assistant
from assistant.widgets.prompt_input import PromptInput
from catalog import Catalog

HUGE = "9" * 320


@pytest.mark.parametrize(
    "question",
    [
        f"customers with monthly fee above {HUGE}",
        f"top {HUGE} customers by monthly fee",
        f"orders over {HUGE}",
        f"customers with monthly fee above {'9' * 308} thousand",
        f"how many orders above {HUGE} and below 10",
    ],
)
def test_numbers_too_large_for_a_float_are_declined(catalog: Catalog, question: str) -> None:
    answer = Assistant(catalog, as_of=dt.date(2025, 12, 31)).ask(question)
    assert answer.status in ("clarify", "unsupported"), (answer.status, answer.text[:120])


def test_gzipped_csv_and_json_load(tmp_path: Path) -> None:
    rows = [(i, ["Basic", "Pro"][i % 2], 10 + i) for i in range(1, 101)]
    text = "account_id,plan,fee\n" + "".join(f"{a},{p},{f}\n" for a, p, f in rows)
    (tmp_path / "accounts.csv.gz").write_bytes(gzip.compress(text.encode()))
    records = [{"ticket_id": i, "account_id": i % 7 + 1, "topic": "billing"} for i in range(1, 31)]
    (tmp_path / "tickets.json.gz").write_bytes(gzip.compress(json.dumps(records).encode()))
    (tmp_path / "notes.tar.gz").write_bytes(gzip.compress(b"not a table"))  # not a data file: skipped
    catalog = Catalog.load([str(tmp_path)])
    assert set(catalog.model.tables) == {"accounts", "tickets"}
    assert catalog.run("SELECT sum(fee), count(*) FROM accounts").rows == ((sum(f for *_, f in rows), 100),)
    assert catalog.run("SELECT count(*) FROM tickets").rows == ((30,),)
    alone = Catalog.load([f"acc={tmp_path / 'accounts.csv.gz'}"])
    assert alone.run("SELECT count(DISTINCT plan) FROM acc").rows == ((2,),)


def test_a_broken_gzip_file_is_a_clear_refusal(tmp_path: Path) -> None:
    from catalog import DataError

    bad = tmp_path / "accounts.csv.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(DataError, match="gzip|could not read"):
        Catalog.load([str(bad)])


def test_one_table_name_in_two_schemas(tmp_path: Path) -> None:
    path = tmp_path / "shop.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE orders AS SELECT range AS order_id, range * 2.5 AS amount FROM range(40)")
    con.execute("CREATE SCHEMA archive")
    con.execute("CREATE TABLE archive.orders AS SELECT range AS order_id, 1.0 AS amount FROM range(15)")
    con.close()
    before = path.read_bytes()
    catalog = Catalog.load([str(path)])
    assert set(catalog.model.tables) == {"orders", "archive_orders"}
    assert catalog.run("SELECT count(*) FROM orders").rows == ((40,),)
    assert catalog.run("SELECT count(*), sum(amount) FROM archive_orders").rows == ((15, 15.0),)
    named = Catalog.load([f"shop={path}"])
    assert set(named.model.tables) == {"shop_orders", "shop_archive_orders"}
    assert path.read_bytes() == before


async def test_an_unwritable_data_dir_is_said_once(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CRA_DATA_DIR", str(blocker / "cra"))
    app = CraApp(catalog)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.history is None and "not saved" in app.history_problem
        said = [n.message for n in app._notifications]
        assert sum("not saved" in m for m in said) == 1
        app.query_one(PromptInput).value = "/sql SELECT count(*) AS n FROM customers"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [n.message for n in app._notifications] == said  # no second warning per question
