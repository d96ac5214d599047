"""Outputs never overwrite inputs nor (without --force) existing files, are written atomically, and are
inert: CSV formulas neutralised, Markdown without live HTML, chart labels with '$' drawn as text, no
terminal escapes from the data reach the terminal. Every input file is byte-identical afterwards."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.export import export_answer
from assistant.output import FileExists, OutputError, check_target
from catalog import Catalog
from catalog.answer import Answer

OFFERS = ["$50% off $10", '=HYPERLINK("http://evil")', "<script>alert(1)</script>", "plain"]
ESCAPES = ["\x1b[31mred\x07", "\x1b]0;owned\x07", "\u202egnp.exe", "ok"]


@pytest.fixture()
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CRA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CRA_DATA_DIR", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "deals.csv"
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["deal_id", "offer", "amount"])
        w.writerows([i, OFFERS[i % len(OFFERS)], 100 + i] for i in range(1, 51))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ask(data: Path, *args: str, question: str = "how many deals by offer") -> int:
    return main(["ask", "--data", str(data), *args, question])


def test_an_input_is_never_an_output(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(data)
    for args in (["--format", "csv", "-o", str(data)], ["--format", "csv", "-o", str(data), "--force"]):
        assert ask(data, *args) == 2
        err = capsys.readouterr().err
        assert "loaded data files" in err and err.count("\n") == 1
    assert main(["report", "--data", str(data), "--format", "md", "-o", str(data), "--force"]) == 2
    same = data.parent / "." / data.name  # another spelling of the same file
    assert ask(data, "--format", "csv", "-o", str(same), "--force") == 2
    assert digest(data) == before


def test_existing_files_need_force(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.csv"
    out.write_text("keep me\n")
    assert ask(data, "--format", "csv", "-o", str(out)) == 2
    assert "already exists" in capsys.readouterr().err and out.read_text() == "keep me\n"
    assert ask(data, "--format", "csv", "-o", str(out), "--force") == 0
    rows = list(csv.reader(out.open(newline="")))
    assert rows[0] == ["offer", "deal_count"] or "offer" in rows[0]
    assert sum(int(r[-1]) for r in rows[1:]) == 50  # every deal counted once
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []  # no temp left


def test_unwritable_output_is_one_line(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert ask(data, "--format", "md", "-o", str(blocker / "out.md")) == 2
    err = capsys.readouterr().err
    assert err.startswith("cra: could not write") and err.count("\n") == 1 and "Traceback" not in err


def test_check_target_rules(tmp_path: Path) -> None:
    existing = tmp_path / "x.csv"
    existing.write_text("1")
    with pytest.raises(FileExists):
        check_target(existing)
    assert check_target(existing, force=True) == existing
    with pytest.raises(OutputError, match="loaded data"):
        check_target(existing, inputs=[existing.resolve()], force=True)
    with pytest.raises(OutputError, match="folder"):
        check_target(tmp_path)


def test_csv_cells_that_are_formulas_are_neutralised(tmp_path: Path) -> None:
    answer = Answer(
        "q", "answer", "t", columns=("offer", "n"), rows=tuple((o, 1) for o in OFFERS) + (("-2", -2),)
    )
    safe = list(csv.reader(export_answer(answer, "csv", tmp_path / "safe.csv").open(newline="")))
    raw = list(csv.reader(export_answer(answer, "csv", tmp_path / "raw.csv", raw=True).open(newline="")))
    assert [r[0] for r in raw[1:]] == [*OFFERS, "-2"]
    for cell, original in zip([r[0] for r in safe[1:]], [*OFFERS, "-2"], strict=True):
        assert cell == ("'" + original if original[0] in "=+-@" else original)
    assert safe[-1][1] == "-2"  # a negative number is a number, not a formula


def test_markdown_has_no_live_html(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.md"
    assert ask(data, "--format", "md", "-o", str(out)) == 0
    text = out.read_text()
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_html_with_dollar_labels_is_written(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.html"
    assert ask(data, "--format", "html", "-o", str(out)) == 0
    text = out.read_text()
    assert "<svg" in text and "$50% off $10" in text and "<script>alert" not in text


def test_max_rows_is_checked_and_capped(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        ask(data, "--max-rows", "-1")
    assert exit_.value.code == 2
    capsys.readouterr()
    assert ask(data, "--json", "--max-rows", "100000000", question="list the deals") == 0
    out = capsys.readouterr()
    record = json.loads(out.out)
    assert record["row_count"] == 50 and len(record["rows"]) == 50
    assert "at most 100,000 rows" in out.err


def test_no_terminal_escapes_reach_the_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.json"
    notes.write_text(json.dumps([{"note_id": i, "kind": ESCAPES[i % 4], "score": i} for i in range(1, 41)]))
    for args in (["ask", "--data", str(notes), "how many notes by kind"],
                 ["ask", "--data", str(notes), "--json", "how many notes by kind"],
                 ["profile", "--data", str(notes)]):  # fmt: skip
        assert main(args) == 0
        out = capsys.readouterr().out
        assert not any(c in out for c in "\x1b\x07\u202e"), args
    assert main(["ask", "--data", str(notes), "how many notes by kind"]) == 0
    assert "\\x1b[31mred\\x07" in capsys.readouterr().out  # shown, escaped


def test_files_are_byte_identical_after_every_command(data: Path, tmp_path: Path) -> None:
    before = digest(data)
    assert main(["profile", "--data", str(data)]) == 0
    assert ask(data, "--format", "csv", "-o", str(tmp_path / "r.csv")) == 0
    assert main(["report", "--data", str(data), "--format", "md", "-o", str(tmp_path / "r.md")]) == 0
    catalog = Catalog.load([str(data)])
    catalog.run("SELECT count(*) FROM deals")
    assert digest(data) == before
