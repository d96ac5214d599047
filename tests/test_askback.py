"""Ask back with a candidate (nlq.askback): a question declined on one unknown phrase offers the columns
or values close to it, never answers with a guess; picking one answers the question asked before with
that binding. Figures are checked against DuckDB on the same CSV; `cra profile` lists each column's words."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from assistant.app import CraApp
from assistant.engine import Assistant
from assistant.widgets.answer_card import ASKBACK_TITLE, AnswerCard, SuggestionButton
from assistant.widgets.prompt_input import PromptInput
from catalog import Catalog

ROOT = Path(__file__).resolve().parents[1]
SHELVES = ("Bad", "Good", "Medium")
COLUMNS = "StoreID,ShelveLoc,CompPrice,AdvBudget,Urban,Sales,Purchase,PopDens"


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 stores with abbreviated column names (ISLP Carseats / OJ style); values from a fixed rule."""
    path = tmp_path_factory.mktemp("askback") / "stores.csv"
    lines = [COLUMNS]
    for i in range(1, 61):
        lines.append(
            f"{i},{SHELVES[i % 3]},{80 + (i * 7) % 80},{(i * 5) % 31},{'Yes' if i % 4 else 'No'},"
            f"{round(1 + (i * 13) % 140 / 10, 2)},{'MM' if i % 5 < 2 else 'CH'},{10 + (i * 37) % 490}"
        )
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def catalog(stores: Path) -> Catalog:
    return Catalog.load([str(stores)])


def gold(stores: Path, sql: str) -> list[tuple]:
    con = duckdb.connect()
    con.execute(f"CREATE VIEW stores AS SELECT * FROM read_csv_auto('{stores}')")
    return con.execute(sql).fetchall()


OFFERED = [
    ("average sales by shelving", "shelving", "ShelveLoc"),  # a word of the name written out (shelf)
    ("average sales by urbn", "urbn", "Urban"),  # a misspelt name
    ("average population density", "population density", "PopDens"),  # both words abbreviated
    ("what is the average density", "density", "PopDens"),  # a rare abbreviation of one word
    ("average advertising", "advertising", "AdvBudget"),
    ("how many stores bought minute maid", "minute maid", "MM"),  # a stored code spelt by initials
]
NOT_OFFERED = [
    "average satisfaction",
    "average sales by weather",
    "how many stores are women",
    "average sales by agent",  # 'age' is no abbreviation of agent
    "average popularity",  # 'pop' is a common word: not an abbreviation on its own
    "which branch sold the most",
]


@pytest.mark.parametrize(("question", "phrase", "name"), OFFERED)
def test_a_close_column_or_value_is_asked_back_never_answered(
    catalog: Catalog, question: str, phrase: str, name: str
) -> None:
    a = Assistant(catalog).ask(question)
    assert a.status == "clarify" and a.sql == "" and not a.rows
    assert a.text.startswith(f"I don't know '{phrase}'. Did you mean ") and name in a.text
    assert len(a.suggestions) == len(a.extra["askback"]) == 1
    assert name in a.suggestions[0] and phrase not in a.suggestions[0].lower()


@pytest.mark.parametrize("question", NOT_OFFERED)
def test_no_credible_candidate_keeps_the_plain_decline(catalog: Catalog, question: str) -> None:
    a = Assistant(catalog).ask(question)
    assert a.status in ("clarify", "unsupported") and a.sql == ""
    assert "Did you mean" not in a.text and "askback" not in a.extra


def test_the_ask_back_names_the_columns_values(catalog: Catalog) -> None:
    a = Assistant(catalog).ask("average sales by shelving")
    assert a.text == ("I don't know 'shelving'. Did you mean ShelveLoc (shelf location: Bad, Good, Medium)?")


def test_picking_the_candidate_answers_the_question_asked_before(catalog: Catalog, stores: Path) -> None:
    bot = Assistant(catalog)
    first = bot.ask("What are the average sales by shelving?")
    assert first.status == "clarify"
    second = bot.ask(first.suggestions[0])
    assert second.status == "answer"
    expected = dict(gold(stores, "SELECT ShelveLoc, avg(Sales) FROM stores GROUP BY 1"))
    got = {row[0]: row[1] for row in second.rows}
    assert got.keys() == expected.keys()
    assert all(got[k] == pytest.approx(v) for k, v in expected.items())
    assert any("'shelving' read as ShelveLoc, as you chose" in n for n in second.notes)


@pytest.mark.parametrize("reply", ["1", "yes", "MM"])
def test_a_short_reply_picks_the_candidate(catalog: Catalog, stores: Path, reply: str) -> None:
    bot = Assistant(catalog)
    assert bot.ask("how many stores bought minute maid").status == "clarify"
    a = bot.ask(reply)
    ((expected,),) = gold(stores, "SELECT count(*) FROM stores WHERE Purchase = 'MM'")
    assert a.status == "answer" and a.rows[0][0] == expected


def test_a_pick_is_read_only_right_after_the_ask_back(catalog: Catalog, stores: Path) -> None:
    bot = Assistant(catalog)
    bot.ask("how many stores bought minute maid")
    other = bot.ask("how many stores are there")  # a new question, not a pick
    ((count,),) = gold(stores, "SELECT count(*) FROM stores")
    assert other.status == "answer" and other.rows[0][0] == count
    assert bot.ask("1").status != "answer"  # the offer is gone


def test_a_picked_reading_is_followed_up_like_any_answer(catalog: Catalog, stores: Path) -> None:
    bot = Assistant(catalog)
    bot.ask("how many stores bought minute maid")
    assert bot.ask("yes").status == "answer"
    a = bot.ask("and by ShelveLoc?")
    expected = dict(gold(stores, "SELECT ShelveLoc, count(*) FROM stores WHERE Purchase = 'MM' GROUP BY 1"))
    assert a.status == "answer" and {r[0]: r[1] for r in a.rows} == expected


def test_profile_shows_the_words_each_column_answers_to(stores: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "profile", "--data", str(stores)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    section = out.split("Words each column answers to", 1)[1].split("\n\n", 1)[0]
    assert "cra.toml" in section.splitlines()[0]
    lines = {line.split()[0]: line for line in section.splitlines()[1:]}
    assert "shelf location" in lines["stores.ShelveLoc"]
    assert "competitor price" in lines["stores.CompPrice"]
    assert all(len(line) <= 120 for line in lines.values())  # compact: one short line a column


async def test_the_app_offers_the_candidate_and_a_press_answers(catalog: Catalog, stores: Path) -> None:
    app = CraApp(catalog)
    async with app.run_test(size=(110, 36)) as pilot:
        app.query_one(PromptInput).value = "average sales by shelving"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        card = list(app.query(AnswerCard))[-1]
        assert card.answer.status == "clarify"
        assert ASKBACK_TITLE in [str(s.render()) for s in card.query("Static.note")]
        (button,) = card.query(SuggestionButton)
        assert "ShelveLoc" in button.question
        button.press()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        answer = list(app.query(AnswerCard))[-1].answer
        assert answer.status == "answer"
        expected = dict(gold(stores, "SELECT ShelveLoc, avg(Sales) FROM stores GROUP BY 1"))
        assert {r[0]: pytest.approx(r[1]) for r in answer.rows} == expected


def test_the_cli_conversation_picks_by_number(stores: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", "--data", str(stores), "--json", "-"],
        cwd=ROOT,
        input="average sales by shelving\n1\n",
        capture_output=True,
        text=True,
        check=True,
    )
    first, second = (json.loads(line) for line in run.stdout.splitlines())
    assert first["status"] == "clarify" and first["suggestions"] == ["average sales by ShelveLoc"]
    expected = dict(gold(stores, "SELECT ShelveLoc, avg(Sales) FROM stores GROUP BY 1"))
    assert second["status"] == "answer"
    assert {r[0]: pytest.approx(r[1]) for r in second["rows"]} == expected


def test_a_pick_answers_a_follow_up_in_its_conversation(catalog: Catalog, stores: Path) -> None:
    bot = Assistant(catalog)
    assert bot.ask("how many stores have a Good ShelveLoc").status == "answer"
    assert bot.ask("of those, how many bought minute maid").status == "clarify"
    a = bot.ask("1")
    sql = "SELECT count(*) FROM stores WHERE ShelveLoc = 'Good' AND Purchase = 'MM'"
    ((expected,),) = gold(stores, sql)
    assert a.status == "answer" and a.rows[0][0] == expected
