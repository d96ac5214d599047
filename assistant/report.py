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

from assistant.health import KINDS, SKILL_SECTIONS, TITLES, Period, build_report, find_skill
from assistant.report_render import Document, Section, cell, render_html, render_markdown
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
    "find_skill",
    "render_html",
    "render_markdown",
    "write_answers",
    "write_conversation",
    "write_report",
]

FORMATS = {"md": ".md", "html": ".html", "csv": ".csv"}
"""Format name -> file suffix."""


def write_answers(answers: Sequence[Answer], fmt: str, output: Path | None = None) -> Path:
    """Write answers as md/html (every answer) or csv (the table of the last answer); return the path."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if not answers:
        raise ValueError("no answer to write")
    path = _target(output, _slug(answers[0].question, "answer"), fmt)
    if fmt == "csv":
        _write_csv(answers[-1], path)
        return path
    doc = Document(
        title=answers[0].question if len(answers) == 1 else "Answers",
        sections=tuple(Section("" if len(answers) == 1 else a.question, a) for a in answers),
        meta=(f"Written by cra on {dt.date.today().isoformat()}",),
    )
    return _write_document(doc, fmt, path)


def write_conversation(answers: Sequence[Answer], path: Path | None = None, fmt: str | None = None) -> Path:
    """Write a chat conversation (each question and its answer, in order); return the path.

    `fmt` defaults from the suffix (.html/.htm, else md); a folder or None gets a dated default name.
    """
    path = Path.cwd() if path is None else Path(path)
    fmt = fmt or ("html" if path.suffix.lower() in (".html", ".htm") else "md")
    if fmt not in ("md", "html"):
        raise ValueError(f"a conversation is written as md or html, not {fmt!r}")
    if path.is_dir():
        path = _free_path(path / f"cra-conversation-{dt.date.today().isoformat()}{FORMATS[fmt]}")
    elif not path.suffix:
        path = path.with_suffix(FORMATS[fmt])
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
) -> Path:
    """`cra report`: build the report of `kind` from the data and write it; return the path."""
    if fmt not in ("md", "html"):
        raise ValueError(f"a report is written as md or html, not {fmt!r}")
    doc = build_report(catalog, kind=kind, as_of=as_of)
    path = _target(output, f"report-{kind}", fmt)
    return _write_document(doc, fmt, path)


# ---------------------------------------------------------------------------------------------------- files
def _target(output: Path | None, stem: str, fmt: str) -> Path:
    if output is None:
        return _free_path(Path.cwd() / f"cra-{stem}{FORMATS[fmt]}")
    output = Path(output)
    if output.is_dir():
        return _free_path(output / f"cra-{stem}{FORMATS[fmt]}")
    return output if output.suffix else output.with_suffix(FORMATS[fmt])


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
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        path.write_text(render_html(doc), encoding="utf-8")
    else:
        path.write_text(render_markdown(doc, path), encoding="utf-8")
    return path


def _write_csv(answer: Answer, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        if answer.columns:
            writer.writerow(answer.columns)
            writer.writerows([json_value(v) for v in row] for row in answer.rows)
        else:
            writer.writerow(["question", "status", "text"])
            writer.writerow([answer.question, answer.status, answer.text])
