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
