"""Word facts remembered on disk (catalog.word_memo) are what the libraries say, in a new process too,
and a damaged memo file is ignored."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE = (
    "import json; from catalog.english import lemma_table, lemmas, zipf, verb_inflections;"
    "from nlq.morphology import event_nouns, participle;"
    "print(json.dumps([sorted(lemmas('left')), lemma_table('left'), zipf('customer'),"
    " verb_inflections('join'), event_nouns('cancelled'), participle('booking')]))"
)


def _run(cache: Path) -> list:
    env = {**os.environ, "CRA_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    env.pop("CRA_NO_CACHE", None)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_remembered_words_equal_the_libraries_across_runs(tmp_path: Path) -> None:
    from lemminflect import getAllInflections, getAllLemmas
    from wordfreq import zipf_frequency

    first = _run(tmp_path)
    memo = list((tmp_path / "catalog").glob("word-forms-*.json"))
    assert len(memo) == 1
    assert _run(tmp_path) == first  # read back from the file
    assert first[0] == sorted({"left", *(f for fs in getAllLemmas("left").values() for f in fs)})
    assert first[1] == {k: list(v) for k, v in getAllLemmas("left").items()}
    assert first[2] == zipf_frequency("customer", "en")
    assert first[3] == {k: list(v) for k, v in getAllInflections("join", upos="VERB").items()}
    assert "cancellation" in first[4] and first[5] == "booked"
    memo[0].write_text("{not json", encoding="utf-8")
    assert _run(tmp_path) == first
    assert json.loads(memo[0].read_text(encoding="utf-8"))  # rewritten whole
