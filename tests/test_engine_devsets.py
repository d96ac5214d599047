"""The public dev sets through ../shared/eval/check.py: accuracy floors and never a wrong answer."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CHECK = SHARED / "eval" / "check.py"
SUMMARY = re.compile(r"accuracy (?P<acc>[\d.]+) precision [\d.]+ wrong (?P<wrong>\d+)")

SETS = {
    # file -> (minimum accuracy, wrong answers allowed)
    "eval/telco_dev.jsonl": (0.95, 0),
    "eval/cdnow_dev.jsonl": (0.95, 0),
    # Spider: many questions are beyond a rule-based engine and are declined, never answered wrongly
    "../main/tests/questions/spider_dev.jsonl": (0.65, 0),
}


def _cra() -> str:
    exe = Path(sys.executable).with_name("cra")
    return str(exe) if exe.exists() else f"{sys.executable} -m assistant.cli"


@pytest.mark.slow
@pytest.mark.skipif(not CHECK.exists(), reason="../shared/eval is not beside the repository")
@pytest.mark.parametrize("name", sorted(SETS))
def test_dev_set(name: str) -> None:
    path = (
        (SHARED / name).resolve()
        if name.startswith("eval/")
        else ROOT / "tests" / "questions" / Path(name).name
    )
    floor, allowed = SETS[name]
    proc = subprocess.run(
        [sys.executable, str(CHECK), str(path), "--cmd", f"{_cra()} ask"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    found = SUMMARY.search(proc.stdout)
    assert found, proc.stdout[-500:] + proc.stderr[-500:]
    assert int(found["wrong"]) <= allowed, proc.stdout
    assert float(found["acc"]) >= floor, proc.stdout
