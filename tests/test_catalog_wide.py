"""Wide files: statistics are gathered in batches, so inference stays linear in the number of columns."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from catalog import Catalog


def _write_wide(path: Path, columns: int, rows: int) -> list[list[str]]:
    """A CSV of `columns` columns (numbers, decimals, words, dates, Yes/No in turn); returns its cells."""
    rnd = random.Random(7)
    makers = [
        lambda r: str(rnd.randint(0, 40)),
        lambda r: f"{rnd.random():.3f}",
        lambda r: rnd.choice(["red", "green", "blue", "grey"]),
        lambda r: f"2024-01-{1 + r % 28:02d}",
        lambda r: rnd.choice(["Yes", "No"]),
    ]
    header = ["id"] + [f"c{i}" for i in range(1, columns)]
    cells = [[str(r)] + [makers[i % 5](r) for i in range(1, columns)] for r in range(rows)]
    path.write_text("\n".join(",".join(line) for line in [header, *cells]) + "\n")
    return cells


def test_distinct_counts_of_a_wide_table_match_python(tmp_path: Path) -> None:
    cells = _write_wide(tmp_path / "wide.csv", 90, 40)
    t = Catalog.load([tmp_path / "wide.csv"]).model.tables["wide"]
    assert len(t.columns) == 90
    for i, (name, col) in enumerate(t.columns.items()):
        values = {row[i] for row in cells}
        expected = len({float(v) for v in values}) if i % 5 == 1 else len(values)
        assert col.distinct_count == expected, name
    assert t.columns["c3"].dtype == "DATE" and t.columns["c4"].dtype == "BOOLEAN"
    assert set(t.columns["c2"].values) == {row[2] for row in cells}


@pytest.mark.slow
def test_two_thousand_columns_load(tmp_path: Path) -> None:
    cells = _write_wide(tmp_path / "wide.csv", 2_000, 50)
    cat = Catalog.load([tmp_path / "wide.csv"])
    t = cat.model.tables["wide"]
    assert (len(t.columns), t.row_count, t.key) == (2_000, 50, "id")
    assert t.columns["c1997"].distinct_count == len({row[1997] for row in cells})
    flags = [line for line in cat.changes if "read as BOOLEAN" in line]
    assert len(flags) == len([i for i in range(1, 2_000) if i % 5 == 4])


KINDS = {
    "amount": ["$1,200.50", " 3.25", "NA", "7", ""],
    "signup_date": ["01/02/2024", "12/31/2023", "", "03/04/2024", "05/06/2024"],
    "code": ["007", "012", "100", "042", "003"],
    "answer": ["Yes", "no", "YES", "No", "yes"],
    "note": [" padded ", "text", "more text", "   ", "x"],
    "mixed": ["12", "14", "n/a?", "15", "16"],
}


def test_a_wide_sample_is_cleaned_as_a_narrow_one(tmp_path: Path) -> None:
    """More than 32 text columns take the UNPIVOT path: the same changes as one column at a time."""
    copies = 7
    header = [f"{k}_{i}" for i in range(copies) for k in KINDS]
    rows = [[KINDS[k][r] for _ in range(copies) for k in KINDS] for r in range(5)]
    (tmp_path / "wide.csv").write_text(
        "\n".join(",".join(f'"{v}"' for v in line) for line in [header, *rows])
    )
    narrow_header = list(KINDS)
    narrow_rows = [[KINDS[k][r] for k in KINDS] for r in range(5)]
    (tmp_path / "narrow.csv").write_text(
        "\n".join(",".join(f'"{v}"' for v in line) for line in [narrow_header, *narrow_rows])
    )
    wide = Catalog.load([tmp_path / "wide.csv"])
    narrow = Catalog.load([tmp_path / "narrow.csv"])
    assert len(wide.model.tables["wide"].columns) > 32
    expected = {line.split(":", 1)[0].split(".", 1)[1]: line.split(":", 1)[1] for line in narrow.changes}
    expected_suspicious = dict(narrow.suspicious)
    assert expected, "the narrow file needs fixes for this test to mean anything"
    for i in range(copies):
        for k in KINDS:
            col = f"{k}_{i}"
            got = [line.split(":", 1)[1] for line in wide.changes if line.startswith(f"wide.{col}:")]
            assert got == ([expected[k]] if k in expected else []), col
            assert (
                wide.model.tables["wide"].columns[col].dtype == narrow.model.tables["narrow"].columns[k].dtype
            )
            assert dict(wide.suspicious).get(f"wide.{col}") == expected_suspicious.get(f"narrow.{k}")
