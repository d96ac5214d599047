"""Fetch the evaluation data that is not in ../shared: the ISLP package's Credit, Default and Wage tables.

They are real public data the engine had never seen before round 4 (tests/questions/README.md). The
CSVs are taken from the package's wheel on PyPI (pip download, no install) into ../extra/islp beside
the repository, never into it. Question sets on them skip, with a reason, when the files are absent.
Run: `python tests/extra_data.py` (`make extra-data`).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

EXTRA = Path(__file__).resolve().parents[2] / "extra"
WHEEL = "islp==0.6.0"
TABLES = ("Credit", "Default", "Wage")


def missing() -> list[Path]:
    """The ISLP files not yet under ../extra/islp."""
    return [p for p in (EXTRA / "islp" / f"{t}.csv" for t in TABLES) if not p.is_file()]


def fetch() -> None:
    """Download the wheel once and extract the three CSVs."""
    if not missing():
        return
    with tempfile.TemporaryDirectory() as tmp:
        pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", tmp, WHEEL]
        subprocess.run(pip, check=True, timeout=300)
        (wheel,) = Path(tmp).glob("*.whl")
        (EXTRA / "islp").mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(wheel) as archive:
            for table in TABLES:
                (EXTRA / "islp" / f"{table}.csv").write_bytes(archive.read(f"ISLP/data/{table}.csv"))


if __name__ == "__main__":
    try:
        fetch()
    except (OSError, subprocess.SubprocessError, ValueError, KeyError) as error:
        print(f"extra data not fetched ({error}): the ISLP question sets will skip", file=sys.stderr)
    print("\n".join(str(p) for p in missing()) or f"ISLP tables in {EXTRA / 'islp'}")
