"""A count column named after an event ("booking_changes") is said by the event's verb ("bookings changed",
"changed at least once", "more than twice"): once/twice/thrice after a comparison are numbers. Checked
against DuckDB on the same CSV."""

from __future__ import annotations

import duckdb
import pytest

from assistant.engine import Assistant
from catalog import Catalog
from nlq.morphology import counted_participle
from nlq.text import normalize

ROWS = "hotel,is_canceled,lead_time,booking_changes\n" + "".join(
    f"{'Resort' if i % 2 else 'City'},{int(i % 7 == 0)},{(i * 13) % 90},{(i * 5) % 4 if i % 3 else 0}\n"
    for i in range(80)
)
CASES = [
    ("What share of bookings were changed at least once?", "select avg((booking_changes >= 1)::int)"),
    ("how many bookings were changed", "select count(*) filter (where booking_changes > 0)"),
    ("how many bookings were changed more than twice", "select count(*) filter (where booking_changes > 2)"),
    (
        "What share of bookings were changed at least once after being made?",
        "select avg((booking_changes >= 1)::int)",
    ),
]


def test_frequency_words_after_a_comparison_are_numbers() -> None:
    assert normalize("changed at least once") == "changed at least 1 times"
    assert normalize("more than twice") == "more than 2 times"
    assert normalize("once a month") == "once a month"  # no comparison: left alone


@pytest.mark.parametrize(
    ("noun", "verb"), [("changes", "changed"), ("upgrades", "upgraded"), ("nights", None)]
)
def test_an_event_noun_and_its_participle(noun: str, verb: str | None) -> None:
    assert counted_participle(noun) == verb


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    folder = tmp_path_factory.mktemp("changes")
    (folder / "bookings.csv").write_text(ROWS)
    con = duckdb.connect()
    con.execute(f"create view bookings as select * from read_csv_auto('{folder / 'bookings.csv'}')")
    return Assistant(Catalog.load([str(folder / "bookings.csv")])), con


@pytest.mark.parametrize(("question", "sql"), CASES)
def test_changed_names_the_count_of_changes(setup, question: str, sql: str) -> None:
    bot, con = setup
    bot.reset()
    answer = bot.ask(question)
    assert answer.status == "answer", answer.text
    assert float(answer.rows[0][0]) == pytest.approx(con.execute(f"{sql} from bookings").fetchone()[0])
