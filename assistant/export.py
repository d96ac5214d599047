"""Write one answer's table to a file: csv, xlsx, parquet, json or md (the format named, or read from
the file's extension)."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.output import FileExists, OutputError, check_target, csv_cell, md_code, md_escape, replacing
from assistant.report import write_answers
from catalog import QueryError
from catalog.answer import Answer, json_value

if TYPE_CHECKING:
    from catalog import Catalog


class ExportError(Exception):
    """The answer could not be written: the message is one line a person can act on."""


def full_rows(answer: Answer, catalog: Catalog | None = None) -> tuple[tuple[Any, ...], ...]:
    """The answer's rows; all of them (re-running its SQL) when the stored table was capped."""
    if catalog is None or not answer.sql or answer.row_count <= len(answer.rows):
        return answer.rows
    try:
        return catalog.run(answer.sql).rows
    except QueryError:
        return answer.rows


def _write_csv(answer: Answer, rows: tuple[tuple[Any, ...], ...], path: Path, raw: bool = False) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow([csv_cell(c, raw) for c in answer.columns])
        writer.writerows([csv_cell(json_value(v), raw) for v in row] for row in rows)


def _write_json(answer: Answer, rows: tuple[tuple[Any, ...], ...], path: Path) -> None:
    record = answer.to_json(max_rows=len(rows))
    record["rows"] = [[json_value(v) for v in row] for row in rows]
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")


def _write_parquet(answer: Answer, rows: tuple[tuple[Any, ...], ...], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {}
    for i, name in enumerate(answer.columns):
        values = [row[i] for row in rows]
        try:
            columns[name] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            columns[name] = pa.array([None if v is None else str(json_value(v)) for v in values])
    pq.write_table(pa.table(columns), path)


def _md_cell(value: Any) -> str:
    value = json_value(value)
    return "" if value is None else md_escape(str(value)).replace("|", "\\|").replace("\n", " ")


def markdown(answer: Answer, rows: tuple[tuple[Any, ...], ...]) -> str:
    """The answer as Markdown: the sentence, the table, how it was understood, the SQL."""
    lines = [f"## {md_escape(answer.question)}", "", md_escape(answer.text), ""]
    if answer.columns:
        lines.append("| " + " | ".join(_md_cell(c) for c in answer.columns) + " |")
        lines.append("|" + "---|" * len(answer.columns))
        lines.extend("| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows)
        lines.append("")
    if answer.interpretation:
        lines += [f"*Understood as:* {md_escape(answer.interpretation)}", ""]
    if answer.sql:
        lines += md_code(answer.sql)
    return "\n".join(lines)


def _write_md(answer: Answer, rows: tuple[tuple[Any, ...], ...], path: Path) -> Path:
    return write_answers([answer], "md", path, force=True)  # the target was checked by export_answer


def _xlsx_value(value: Any) -> Any:
    """A value openpyxl stores as itself: numbers, text, dates (without a time zone), booleans."""
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.isoformat()
    if isinstance(value, dt.datetime | dt.date | bool | int | float | str) or value is None:
        return json_value(value) if isinstance(value, float) else value
    return json_value(value)


def _write_xlsx(answer: Answer, rows: tuple[tuple[Any, ...], ...], path: Path) -> None:
    """One sheet: the header in bold, then the rows; text is always text (a leading = is no formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = "answer"
    sheet.append([str(c) for c in answer.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx_value(v) for v in row])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # stored as text: a spreadsheet never runs a value as a formula
    sheet.freeze_panes = "A2"
    book.save(path)


SUFFIXES = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".json": "json",
    ".md": "md",
}
"""File extension -> export format, for `/export PATH`."""


def format_of(path: str | Path) -> str | None:
    """The export format a file name asks for ("out.xlsx" -> "xlsx"), or None."""
    return SUFFIXES.get(Path(path).suffix.lower())


WRITERS: dict[str, Callable[[Answer, tuple[tuple[Any, ...], ...], Path], Path | None]] = {
    "csv": _write_csv,
    "xlsx": _write_xlsx,
    "parquet": _write_parquet,
    "json": _write_json,
    "md": _write_md,
}


def export_answer(
    answer: Answer,
    fmt: str,
    path: str | Path,
    catalog: Catalog | None = None,
    *,
    force: bool = False,
    raw: bool = False,
) -> Path:
    """Write the answer's table as `fmt` to `path`; returns the path written. Never over a loaded
    input, nor over an existing file unless `force` (FileExists); the file appears whole or not at all.
    CSV cells a spreadsheet would run as formulas are neutralised unless `raw`."""
    if fmt not in WRITERS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(WRITERS)}")
    if not answer.columns:
        raise ExportError("the last answer has no table to export")
    inputs = getattr(catalog, "inputs", ())
    try:
        target = check_target(Path(path), inputs, force)
    except FileExists:
        raise
    except OutputError as e:
        raise ExportError(str(e)) from e
    rows = full_rows(answer, catalog)
    try:
        if fmt == "md":
            return _write_md(answer, rows, target)
        with replacing(target) as tmp:
            if fmt == "csv":
                _write_csv(answer, rows, tmp, raw)
            else:
                WRITERS[fmt](answer, rows, tmp)
    except OSError as e:
        raise ExportError(f"could not write {target}: {e.strerror or e}") from e
    return target
