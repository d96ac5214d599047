"""Typo correction: only words that are not English words are corrected, only when one schema word is
that close and no other common English word is as close, and every correction is said.

Expected figures are computed independently with plain SQL over the same small file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from assistant.engine import Assistant
from catalog import Catalog
from catalog.english import is_word, lemmas

MEMBERS = """member_id,country,IsActive,returned,contract,monthly_charges,licence_type
1,France,1,0,Monthly,10.5,Full
2,Spain,0,1,Yearly,20.0,Trial
3,France,1,1,Monthly,30.25,Full
4,Spain,1,0,Monthly,40.0,Full
5,Italy,0,0,Yearly,50.0,Trial
"""


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    p = tmp_path_factory.mktemp("spelling") / "members.csv"
    p.write_text(MEMBERS)
    return p


@pytest.fixture(scope="module")
def bot(path: Path) -> Assistant:
    return Assistant(Catalog.load([str(path)]))


def _sql(path: Path, query: str) -> list[tuple]:
    return duckdb.connect().execute(query.replace("FILE", f"read_csv_auto('{path}')")).fetchall()


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("inactive", True),
        ("country", True),
        ("returned", True),
        ("lapsed", True),  # rare, but in the lexicon
        ("website", True),  # not in the lexicon, but common
        ("custmers", False),
        ("enterprize", False),  # in the lexicon, but a rare old spelling
        ("averge", False),
        ("chrges", False),
    ],
)
def test_english_words_come_from_the_word_lists(word: str, english: bool) -> None:
    assert is_word(word) is english


def test_lemmas_come_from_the_lexicon() -> None:
    assert "leave" in lemmas("left") and "customer" in lemmas("customers") and "exit" in lemmas("exited")


@pytest.mark.parametrize(
    "word",
    # real English words a few letters away from a schema word ("inactive"/IsActive, "country"/count,
    # "returned"/return, "contact"/contract): never rewritten
    ["inactive", "country", "returned", "contact", "monthly", "members"],
)
def test_a_real_word_is_never_rewritten(bot: Assistant, word: str) -> None:
    fixed, notes = bot.lexicon.correct([word])
    assert fixed == [word] and notes == []


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("custmers", "customers"), ("averge", "average"), ("chrges", "charges"), ("contrct", None)],
)
def test_a_non_word_is_corrected_only_when_one_reading_is_clear(bot: Assistant, typo: str, meant) -> None:
    """'contrct' is as close to 'contact' (a common word) as to 'contract': left alone, never guessed."""
    fixed, notes = bot.lexicon.correct([typo])
    if meant is None:
        assert fixed == [typo] and not notes
    else:
        assert fixed == [meant] and notes == [f"read '{typo}' as '{meant}'"]


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("how many members by country", None),  # a column: answered, not "count"
        ("how many inactive members", "inactive"),
        ("how many members returned a product", "product"),
    ],
)
def test_real_words_stay_what_they_are(bot: Assistant, question: str, word: str | None) -> None:
    a = bot.ask(question)
    assert "read 'inactive'" not in a.interpretation and "read 'country'" not in a.interpretation
    if word is None:
        assert a.status == "answer"
    elif word == "inactive" and a.status == "answer":
        # the grammar may read it as a negation (not IsActive), never as IsActive itself
        (want,) = (
            duckdb.connect()
            .execute("select count(*) from (values (1),(0),(1),(1),(0)) t(a) where a = 0")
            .fetchone()
        )
        assert a.rows[0][-1] == want
    else:
        assert a.status in ("clarify", "unsupported") and word in a.text


def test_a_correction_is_said_in_the_interpretation(bot: Assistant, path: Path) -> None:
    a = bot.ask("averge monthly chrges")
    assert a.status == "answer"
    assert "read 'averge' as 'average'" in a.interpretation
    assert "read 'chrges' as 'charges'" in a.interpretation
    (want,) = _sql(path, "select avg(monthly_charges) from FILE")[0]
    assert a.rows[0][-1] == pytest.approx(want)


def test_british_and_american_spellings_are_one_word(bot: Assistant, path: Path) -> None:
    """'license' (American) where the data says 'licence': read as the data's spelling, and said."""
    a = bot.ask("how many members by license type")
    assert a.status == "answer", a.text
    assert "read 'license' as 'licence'" in a.interpretation
    want = dict(_sql(path, "select licence_type, count(*) from FILE group by 1"))
    assert {r[0]: r[-1] for r in a.rows} == want
