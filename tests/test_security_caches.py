"""Caches verify what they read, rebuild what is damaged, key on content, and survive concurrent writers."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import duckdb
import pytest

from catalog import Catalog
from catalog import cache as catalog_cache
from sentiment import score as sentiment_score
from sentiment.score import CACHE_FILE, SentimentScorer


def write_people(path: Path, plan: str) -> None:
    path.write_text("person_id,plan,fee\n" + "".join(f"{i},{plan},{10 + i}\n" for i in range(1, 21)))


def plans(catalog: Catalog) -> list[tuple]:
    return list(catalog.run("SELECT DISTINCT plan FROM people").rows)


def entries() -> list[Path]:
    return sorted(catalog_cache.folder().glob("*.pickle"))


def test_an_edit_with_the_same_size_and_time_is_not_served_stale(tmp_path: Path) -> None:
    data = tmp_path / "people.csv"
    write_people(data, "Gold")
    assert plans(Catalog.load([str(data)])) == [("Gold",)]
    stat = data.stat()
    write_people(data, "Iron")  # same length
    os.utime(data, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert data.stat().st_size == stat.st_size and data.stat().st_mtime_ns == stat.st_mtime_ns
    assert plans(Catalog.load([str(data)])) == [("Iron",)]


@pytest.mark.parametrize("damage", ["pickle", "duckdb", "truncate"])
def test_a_damaged_entry_is_rebuilt(tmp_path: Path, damage: str) -> None:
    data = tmp_path / "people.csv"
    write_people(data, "Gold")
    Catalog.load([str(data)])
    entry = catalog_cache.key([str(data)])
    assert entry is not None
    db, state = catalog_cache.folder() / f"{entry}.duckdb", catalog_cache.folder() / f"{entry}.pickle"
    if damage == "pickle":
        state.write_bytes(b"\x80\x04not a pickle")
    elif damage == "duckdb":
        db.write_bytes(os.urandom(4096))
    else:
        db.write_bytes(db.read_bytes()[:4096])
    assert plans(Catalog.load([str(data)])) == [("Gold",)]  # loaded again from the file
    assert catalog_cache.read(entry) is not None  # and the entry written again, whole


def test_concurrent_writers_keep_the_entry(tmp_path: Path) -> None:
    data = tmp_path / "people.csv"
    write_people(data, "Gold")
    entry = catalog_cache.key([str(data)])
    assert entry is not None
    cons = [duckdb.connect() for _ in range(4)]  # four cold runs, each with the table it loaded
    for con in cons:
        con.execute("CREATE TABLE people AS SELECT range AS person_id FROM range(20)")
    errors: list[BaseException] = []

    def write(con: duckdb.DuckDBPyConnection) -> None:
        try:
            catalog_cache.write(entry, con, ["people"], ("state",))
        except BaseException as e:  # write must never raise; recorded to fail the test if it does
            errors.append(e)

    threads = [threading.Thread(target=write, args=(c,)) for c in cons]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    hit = catalog_cache.read(entry)
    assert hit is not None and hit[0].execute("SELECT count(*) FROM people").fetchone() == (20,)
    assert not [p for p in catalog_cache.folder().iterdir() if p.name.startswith(".")]  # no leftovers


@pytest.mark.parametrize("damage", ["garbage", "bad-values", "wrong-table"])
def test_a_damaged_sentiment_cache_is_rebuilt(tmp_path: Path, damage: str) -> None:
    folder = tmp_path / "scores"
    texts = ["I love it", "Terrible, it broke", "fine"]
    expected = SentimentScorer(cache=False, workers=1).score(texts)
    folder.mkdir()
    path = folder / CACHE_FILE
    if damage == "garbage":
        path.write_bytes(b"this is not sqlite" * 100)
    else:
        SentimentScorer(cache=folder, workers=1).score(texts)
        db = sqlite3.connect(path)
        if damage == "bad-values":
            db.execute("UPDATE scores SET v = x'00'")
        else:
            db.execute("DROP TABLE scores")
            db.execute("CREATE TABLE scores (k TEXT)")
        db.commit()
        db.close()
    scorer = SentimentScorer(cache=folder, workers=1)
    assert scorer.score(texts) == expected
    scorer.close()
    again = SentimentScorer(cache=folder, workers=1)  # the file works again: the scores come from disk
    assert again._read_disk([sentiment_score.text_key(t) for t in texts]) == {
        sentiment_score.text_key(t): s for t, s in zip(texts, expected, strict=True)
    }
    again.close()
