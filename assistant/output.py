"""Writing a file the person asked for: never over one of the loaded inputs, never over an existing
file unless forced, and atomically (a temporary file beside the target, renamed into place), so a
failed write leaves whatever was there before untouched."""

from __future__ import annotations

import contextlib
import html
import os
import re
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path


class OutputError(Exception):
    """The file was not written: the message is one line a person can act on."""


class FileExists(OutputError):
    """The target exists and overwriting it was not asked for."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists: add --force to overwrite it")
        self.path = path


def check_target(path: Path, inputs: Iterable[Path] = (), force: bool = False) -> Path:
    """`path` if it may be written: not an input (even with `force`), not an existing file unless
    `force`, not a folder. Raises OutputError (FileExists for a file that is there)."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise OutputError(f"{path} is a folder: give a file name")
    if is_input(path, inputs):
        raise OutputError(f"{path} is one of the loaded data files: cra never writes over its inputs")
    if path.exists() and not force:
        raise FileExists(path)
    folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), None)
    if folder is not None and not folder.is_dir():
        raise OutputError(f"could not write {path}: {folder} is not a folder")
    if folder is not None and not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"could not write {path}: {folder} is not writable")
    return path


def is_input(path: Path, inputs: Iterable[Path]) -> bool:
    """Whether `path` names one of the input files (however it is spelled, links followed)."""
    target = _real(path)
    for given in inputs:
        if _real(given) == target:
            return True
        with contextlib.suppress(OSError):
            if path.exists() and os.path.samefile(path, given):
                return True
    return False


def _real(path: Path) -> Path:
    try:
        return Path(path).expanduser().resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(Path(path).expanduser()))


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; once the block succeeds it replaces `path` in one step."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell starting with one of these as a formula (OWASP's CSV-injection rule)."""


def csv_cell(value: object, raw: bool = False) -> object:
    """A value for a CSV file: text that a spreadsheet would run as a formula gets a leading `'`
    (unless `raw`); everything else as it is."""
    if not raw and isinstance(value, str) and value.startswith(CSV_FORMULA_START):
        return "'" + value
    return value


def md_escape(text: str) -> str:
    """Text for a Markdown file: HTML (`<script>`, `<img onerror=...>`) and link brackets made inert."""
    return html.escape(text, quote=False).replace("[", "\\[").replace("]", "\\]")


def md_code(code: str, language: str = "sql") -> list[str]:
    """A fenced code block whose fence is longer than any run of backticks inside (data cannot end it)."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + language, code, fence, ""]


def describe(e: OSError, path: Path) -> str:
    """One line for a failed write: 'could not write out.csv: Permission denied'."""
    return f"could not write {path}: {e.strerror or e}"


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Characters a terminal would act on (ESC, BEL, CSI, ...) or that reorder text; newline and tab stay."""


def printable(text: str, newlines: bool = True) -> str:
    """`text` safe to print: control characters (and, unless `newlines`, line breaks) shown as escapes."""
    pattern = CONTROL if newlines else re.compile(CONTROL.pattern[:-1] + r"\n\t]")
    return pattern.sub(lambda m: repr(m.group())[1:-1], text)


def json_printable(line: str) -> str:
    """A JSON line with C1 controls and direction marks escaped too (json escapes only C0)."""
    return CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", line)
