"""Reports: answers, conversations and customer-health pages written as Markdown, HTML or CSV files.

This module is the public API and the file handling. Rendering lives in `assistant.report_render`,
the sections of `cra report` (headline figures, trends, analytics) in `assistant.health`.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.health import KINDS, TITLES, Period
from assistant.output import check_target, csv_cell, replacing
from assistant.report_render import Document, Section, cell, render_html, render_markdown
from assistant.sections import SKILL_SECTIONS, build_report, find_skill
from catalog.answer import Answer, json_value

if TYPE_CHECKING:
    from catalog import Catalog

__all__ = [
    "FORMATS",
    "KINDS",
    "SKILL_SECTIONS",
    "TITLES",
    "Document",
    "Period",
    "Section",
    "build_report",
    "cell",
    "check_output",
    "find_skill",
    "render_html",
    "render_markdown",
    "write_answers",
    "write_conversation",
    "write_report",
]

FORMATS = {"md": ".md", "html": ".html", "csv": ".csv"}
"""Format name -> file suffix."""


def write_answers(
    answers: Sequence[Answer],
    fmt: str,
    output: Path | None = None,
    *,
    force: bool = False,
    inputs: Sequence[Path] = (),
    raw: bool = False,
) -> Path:
    """Write answers as md/html (every answer) or csv (the table of the last answer); return the path.

    Never over one of `inputs`, nor over an existing file unless `force` (OutputError); CSV cells that
    a spreadsheet would run as formulas are neutralised unless `raw`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if not answers:
        raise ValueError("no answer to write")
    path = _target(output, _slug(answers[0].question, "answer"), fmt, force, inputs)
    if fmt == "csv":
        _write_csv(answers[-1], path, raw)
        return path
    doc = Document(
        title=answers[0].question if len(answers) == 1 else "Answers",
        sections=tuple(Section("" if len(answers) == 1 else a.question, a) for a in answers),
        meta=(f"Written by cra on {dt.date.today().isoformat()}",),
    )
    return _write_document(doc, fmt, path)


def write_conversation(
    answers: Sequence[Answer],
    path: Path | None = None,
    fmt: str | None = None,
    *,
    force: bool = False,
    inputs: Sequence[Path] = (),
) -> Path:
    """Write a chat conversation (each question and its answer, in order); return the path.

    `fmt` defaults from the suffix (.html/.htm, else md); a folder or None gets a dated default name.
    An input or (unless `force`) an existing file is never written over (OutputError).
    """
    path = Path.cwd() if path is None else Path(path)
    fmt = fmt or ("html" if path.suffix.lower() in (".html", ".htm") else "md")
    if fmt not in ("md", "html"):
        raise ValueError(f"a conversation is written as md or html, not {fmt!r}")
    if path.is_dir():
        path = _free_path(path / f"cra-conversation-{dt.date.today().isoformat()}{FORMATS[fmt]}")
    elif not path.suffix:
        path = path.with_suffix(FORMATS[fmt])
    path = check_target(path, inputs, force)
    doc = Document(
        title="Conversation",
        sections=tuple(Section(a.question, a) for a in answers),
        meta=(
            f"{len(answers)} question{'s' if len(answers) != 1 else ''}, written by cra on "
            f"{dt.date.today().isoformat()}",
        ),
    )
    return _write_document(doc, fmt, path)


def write_report(
    catalog: Catalog,
    *,
    kind: str = "overview",
    fmt: str = "html",
    output: Path | None = None,
    as_of: dt.date | str | None = None,
    force: bool = False,
) -> Path:
    """`cra report`: build the report of `kind` from the data and write it; return the path (never
    over an input file, nor over an existing file unless `force`: OutputError)."""
    if fmt not in ("md", "html"):
        raise ValueError(f"a report is written as md or html, not {fmt!r}")
    inputs = getattr(catalog, "inputs", ())
    path = _target(output, f"report-{kind}", fmt, force, inputs)  # refused before the work is done
    doc = build_report(catalog, kind=kind, as_of=as_of)
    return _write_document(doc, fmt, path)


# ---------------------------------------------------------------------------------------------------- files
def _target(
    output: Path | None, stem: str, fmt: str, force: bool = False, inputs: Sequence[Path] = ()
) -> Path:
    if output is None:
        return _free_path(Path.cwd() / f"cra-{stem}{FORMATS[fmt]}")
    output = Path(output).expanduser()
    if output.is_dir():
        return _free_path(output / f"cra-{stem}{FORMATS[fmt]}")
    return check_target(output if output.suffix else output.with_suffix(FORMATS[fmt]), inputs, force)


def check_output(output: Path, suffix: str, inputs: Sequence[Path] = (), force: bool = False) -> None:
    """Refuse an output path before any work is done (an input, an existing file, a read-only folder)."""
    output = Path(output).expanduser()
    if not output.is_dir():
        check_target(output if output.suffix else output.with_suffix(suffix), inputs, force)


def _free_path(path: Path) -> Path:
    """`path`, or `name-2.ext`, `name-3.ext`... when a default name is already taken."""
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def _slug(text: str, fallback: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = "-".join(words)[:40].strip("-")
    return slug or fallback


def _write_document(doc: Document, fmt: str, path: Path) -> Path:
    text = render_html(doc) if fmt == "html" else render_markdown(doc, path)
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


def _write_csv(answer: Answer, path: Path, raw: bool = False) -> None:
    with replacing(path) as tmp, tmp.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        if answer.columns:
            writer.writerow([csv_cell(c, raw) for c in answer.columns])
            writer.writerows([csv_cell(json_value(v), raw) for v in row] for row in answer.rows)
        else:
            writer.writerow(["question", "status", "text"])
            writer.writerow([csv_cell(v, raw) for v in (answer.question, answer.status, answer.text)])
