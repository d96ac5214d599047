"""The `cra` command: chat (default), ask, profile, report."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from assistant.display import shown, text_table
from assistant.output import OutputError, json_printable, printable
from catalog import Catalog
from catalog.answer import ASKBACK
from catalog.config import horizon_days
from catalog.loaders import DataError
from catalog.profile import profile, render_profile
from catalog.safety import MAX_FETCH_ROWS, interrupt_on_sigint, timeout_s

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SHOWN_ROWS = 20
"""Rows of an answer's table `cra ask` prints (--json has up to --max-rows)."""
TEXT_WIDTH = 120
"""Width of a printed table when the output is not a terminal (COLUMNS overrides it)."""


class UsageError(Exception):
    """Bad arguments: exit status 2 with one line on stderr."""


def _data_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="[NAME=]PATH|URL",
        help="a data file or folder (CSV/TSV/TXT, Parquet, JSON/NDJSON, .xlsx, DuckDB, SQLite), repeatable; "
        "or a postgresql://USER@HOST/DB URL (queried in place, read-only)",
    )
    parser.add_argument(
        "--engine",
        default=None,
        metavar="duckdb|spark[=MASTER]",
        help="where the files are queried: duckdb (default) or Spark SQL (spark = local[*], "
        "spark=spark://HOST:7077 for a cluster)",
    )
    parser.add_argument("--config", type=Path, default=None, help="a cra.toml (default: beside the data)")
    parser.add_argument(
        "--encoding", default=None, metavar="NAME", help="encoding of text files (default: detected per file)"
    )
    parser.add_argument(
        "--as-of",
        type=_date,
        default=None,
        metavar="YYYY-MM-DD|today",
        help="the date answers are true as of (default: the end of the data); later rows are left out",
    )
    parser.add_argument(
        "--churn-horizon",
        type=_horizon,
        default=None,
        metavar="DAYS",
        help="days ahead the churn model predicts (default: cra.toml churn_horizon, else 180, shorter when "
        "the data's history is short)",
    )


def _date(text: str) -> dt.date | str:
    if text.strip().lower() == "today":
        return "today"
    try:
        return dt.date.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from e


def _horizon(text: str) -> int:
    try:
        return horizon_days(int(text), "--churn-horizon")
    except (ValueError, DataError) as e:
        raise argparse.ArgumentTypeError(
            str(e) if isinstance(e, DataError) else f"not a whole number: {text!r}"
        ) from e


def _row_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from e
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def _output_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, default=None, help="where --format writes")
    parser.add_argument("--force", action="store_true", help="overwrite an existing output file")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cra", description="Ask plain-English questions of your CRM data.")
    sub = parser.add_subparsers(dest="command")
    chat = sub.add_parser("chat", help="open the chat UI (default)")
    _data_args(chat)
    ask = sub.add_parser("ask", help="answer one question (or '-' for questions on stdin)")
    _data_args(ask)
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--max-rows", type=_row_count, default=1000, help="rows shown / printed (default 1000)")
    ask.add_argument(
        "--format", choices=("md", "html", "csv"), default=None, help="write the answer as a file"
    )
    _output_args(ask)
    ask.add_argument("--raw", action="store_true", help="CSV cells as they are (no formula guard)")
    ask.add_argument("question", help="the question, or - to read questions from stdin")
    profile = sub.add_parser("profile", help="describe the loaded data and its quality")
    _data_args(profile)
    profile.add_argument("--json", action="store_true")
    report = sub.add_parser("report", help="write a customer-health report")
    _data_args(report)
    report.add_argument("--kind", choices=("overview", "churn", "segments", "feedback"), default="overview")
    report.add_argument("--format", choices=("md", "html"), default="html")
    _output_args(report)
    return parser


def load_catalog(args: argparse.Namespace):  # -> Catalog
    """Load --data (or the bundled samples) into a Catalog."""
    specs = args.data or [str(SAMPLES)]
    catalog = Catalog.load(
        specs, config=args.config, encoding=args.encoding, engine=getattr(args, "engine", None)
    )
    if getattr(args, "churn_horizon", None) is not None:  # the option wins over cra.toml
        catalog.model.churn_horizon = args.churn_horizon
    return catalog


def questions_from(text: str, stream: Iterable[str]) -> Iterator[str | None]:
    """Questions to ask; None marks an empty line (a new conversation) when reading stdin."""
    if text != "-":
        yield text
        return
    for line in stream:
        line = line.strip()
        yield line or None


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.engine import MAX_ROWS, Assistant

    if args.max_rows > MAX_FETCH_ROWS:
        say(f"--max-rows {args.max_rows:,} is more than cra fetches: at most {MAX_FETCH_ROWS:,} rows "
            "(row_count still gives the full count)")  # fmt: skip
        args.max_rows = MAX_FETCH_ROWS
    catalog = load_catalog(args)
    if args.format and args.output is not None:  # refused before any work (an input, an existing file)
        from assistant.report import FORMATS, check_output

        check_output(args.output, FORMATS[args.format], catalog.inputs, args.force)
    catalog.timeout = timeout_s()
    assistant = Assistant(catalog, as_of=args.as_of, max_rows=max(args.max_rows, MAX_ROWS))
    answers = []
    for question in questions_from(args.question, sys.stdin):
        if question is None:
            assistant.reset()
            continue
        answer = assistant.ask(question)
        answers.append(answer)
        if args.json:
            line = json.dumps(answer.to_json(args.max_rows), ensure_ascii=False, default=str)
            print(json_printable(line), flush=True)
        elif args.format is None:
            print(printable(render_text(answer, args.max_rows)), flush=True)
    if args.format:
        from assistant.report import write_answers

        path = write_answers(
            answers, args.format, args.output, force=args.force, inputs=catalog.inputs, raw=args.raw
        )
        say(f"wrote {path}")
    return 0


def column_words(catalog: Catalog) -> dict[str, dict]:
    """Per column, the phrases a question can name it by (nlq.askback.column_phrases)."""
    from nlq.askback import column_phrases
    from nlq.lexicon import Lexicon
    from nlq.schema import build_schema

    schema = build_schema(catalog)
    return column_phrases(schema, Lexicon(schema))


def say(text: str) -> None:
    """One line on stderr (control characters escaped)."""
    print(printable(text, newlines=False), file=sys.stderr)


def render_text(answer, max_rows: int, width: int | None = None) -> str:  # answer: Answer
    """A plain-text rendering for the terminal, `width` columns wide (default: the terminal's)."""
    width = width or shutil.get_terminal_size((TEXT_WIDTH, 24)).columns
    lines = [answer.text]
    lines.extend(f"  note: {note}" for note in answer.notes)
    if answer.interpretation:
        lines.append(f"  understood as: {answer.interpretation}")
    table = shown(answer)
    if table.note:
        lines.append(f"  note: {table.note}")
    if table.columns and table.rows:
        count = min(max_rows, SHOWN_ROWS)
        latest = answer.chart is not None and answer.chart.kind == "line" and len(table.rows) == table.total
        rows = table.rows[-count:] if latest and count else table.rows[:count]  # a trend: its latest periods
        lines.extend(printable(line, newlines=False) for line in text_table(table.columns, rows, width))
        if table.total > len(rows):
            which = "the latest " if latest else ""
            lines.append(f"  ... showing {which}{len(rows):,} of {table.total:,} rows")
    if answer.sql:
        lines.append(f"  sql: {answer.sql}")
    offer = (
        "did you mean" if answer.extra.get(ASKBACK) else "try"
    )  # an ask-back: reply with one, or its number
    lines.extend(f"  {offer}: {s}" for s in answer.suggestions)
    return "\n".join(lines)


def cmd_profile(args: argparse.Namespace) -> int:
    catalog = load_catalog(args)
    result = profile(catalog)
    result["words"] = column_words(catalog)
    print(json.dumps(result, indent=2, default=str) if args.json else printable(render_profile(result)))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from assistant.report import write_report

    path = write_report(
        load_catalog(args),
        kind=args.kind,
        fmt=args.format,
        output=args.output,
        as_of=args.as_of,
        force=args.force,
    )
    print(printable(f"wrote {path}"))
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """Open the chat UI at once and load the data behind its first frame; a missing path exits 2 first."""
    paths = [_spec_path(spec) for spec in args.data if not _is_url(spec)]
    if args.config is not None:
        paths.append(args.config)
    for path in paths:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    from assistant.app import run_app

    source = (
        ", ".join(
            [p.name for p in paths[: len(paths) - (args.config is not None)]]
            + [_url_place(s) for s in args.data if _is_url(s)]
        )
        or "samples"
    )
    run_app(lambda: load_catalog(args), as_of=args.as_of, source=source)
    return 0


def _is_url(spec: str) -> bool:
    return spec.partition("=")[2].startswith(("postgresql://", "postgres://")) or spec.startswith(
        ("postgresql://", "postgres://")
    )


def _url_place(spec: str) -> str:
    """'HOST/DB' of a database URL (never its password)."""
    parts = urlsplit(spec[spec.index("postgres") :])
    return f"{parts.hostname or 'localhost'}{parts.path}"


def _spec_path(spec: str) -> Path:
    """The path of a --data spec ('NAME=PATH' or 'PATH'), as loaders.parse_spec reads it, without duckdb."""
    name, sep, path = spec.partition("=")
    if sep and name.isidentifier() and name.isascii() and not Path(spec).exists():
        return Path(path)
    return Path(spec)


COMMANDS = {"ask": cmd_ask, "profile": cmd_profile, "report": cmd_report, "chat": cmd_chat}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["chat", *argv]
    args = build_parser().parse_args(argv)
    try:
        if args.command == "chat":
            return COMMANDS[args.command](args)
        with interrupt_on_sigint():
            return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        say("cra: interrupted")
        return 130
    except Exception as e:  # imported lazily: the chat opens before duckdb is imported
        if isinstance(e, OSError) and e.filename is not None:  # a file that cannot be written or read
            say(f"cra: {e.filename}: {e.strerror or e}")
            return 2
        if not isinstance(e, DataError | UsageError | OutputError):
            raise
        say(f"cra: {e}")
        return 2


def run() -> int:
    """`main` for the console script: a closed pipe (`cra ask ... | head`) ends quietly."""
    try:
        return main()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(run())
