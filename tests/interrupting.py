"""Starting `cra` as a child that Ctrl+C can stop, however the test run itself was started."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _hear_ctrl_c() -> None:
    """A run started in the background (`make test &`, nohup, CI) hands its children SIGINT ignored, and
    Python then installs no KeyboardInterrupt handler: the child would finish as if never stopped.
    A person's terminal gives the default, so the child gets it back before Python starts."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_cra(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    """`python -m assistant.cli ARGS`, with pipes and the default Ctrl+C disposition."""
    return subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_hear_ctrl_c,
    )
