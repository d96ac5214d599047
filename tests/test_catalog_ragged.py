"""CSV files whose lines do not all have the header's number of fields: the good rows load, the bad lines
are named by their line numbers, or the file is refused at its first bad line."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import Catalog, DataError


def _write(path: Path, n: int, bad: dict[int, str]) -> Path:
    """A CSV of `n` data rows (id, name "Smith, J" quoted, amount); `bad` replaces data row i by a line."""
    lines = ["id,name,amount"]
    for i in range(n):
        lines.append(bad.get(i, f'{i},"Smith, {i}",{i * 2}'))
    path.write_text("\n".join(lines) + "\n")
    return path


def test_one_extra_field_early_loads_the_other_rows_and_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "orders.csv", 10_000, {3: '3,"Smith, 3",6,extra'})
    cat = Catalog.load([path])
    assert [c for c in cat.model.tables["orders"].columns] == ["id", "name", "amount"]
    ids = {r[0] for r in cat.run("SELECT id FROM orders").rows}
    assert ids == set(range(10_000)) - {3}
    assert cat.run("SELECT name FROM orders WHERE id = 7").rows == (("Smith, 7",),)
    # data row 3 is line 5 of the file (line 1 is the header)
    assert "orders: left out 1 line without 3 fields: line 5 (4 fields)" in cat.changes


def test_two_bad_lines_late_are_named(tmp_path: Path) -> None:
    path = _write(tmp_path / "orders.csv", 10_000, {9_000: "9000,x,1,2", 9_500: "9500"})
    cat = Catalog.load([path])
    assert cat.run("SELECT count(*), sum(amount) FROM orders").rows == (
        (9_998, sum(i * 2 for i in range(10_000) if i not in (9_000, 9_500))),
    )
    assert "orders: left out 2 lines without 3 fields: lines 9,002 (4 fields), 9,502 (1 field)" in cat.changes


def test_a_file_with_many_bad_lines_is_refused_at_the_first(tmp_path: Path) -> None:
    bad = {i: f"{i},a,b,c,d" for i in range(50, 1_000, 3)}
    path = _write(tmp_path / "orders.csv", 1_000, bad)
    with pytest.raises(DataError, match=r"line 52 has 5 fields where the header has 3 \(and 316 more"):
        Catalog.load([path])


def test_one_column_of_text_with_commas_stays_one_column(tmp_path: Path) -> None:
    """Free text, one line each, with a quoted header holding a comma: not a ragged table."""
    rnd = __import__("random").Random(3)
    words = ["great", "slow", "works", "broken", "love it", "meh", "fine"]
    lines = ['"Review, as written"'] + [
        ", ".join(rnd.choice(words) for _ in range(rnd.randint(1, 6))) for _ in range(300)
    ]
    path = tmp_path / "reviews.txt"
    path.write_text("\n".join(f'"{line}"' if i else line for i, line in enumerate(lines)) + "\n")
    cat = Catalog.load([path])
    t = cat.model.tables["reviews"]
    assert list(t.columns) == ["Review, as written"]
    assert t.row_count == 300
