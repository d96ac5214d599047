"""A reporting-line question's Answer (nlq.reporting): who someone reports to, who reports to them, how
many, or how many report to each manager, from the table joined to itself."""

from __future__ import annotations

from catalog import Catalog, QueryError
from catalog.answer import Answer
from nlq.reporting import ReportingLine, reporting_tree

WHAT = {
    "manager": "The person {who} reports to",
    "reports": "The people who report to {who}",
    "count": "How many people report to {who}",
    "per_manager": "How many people report to each person, most first",
    "top_manager": "The person most people report to",
}


def answer_reporting(catalog: Catalog, line: ReportingLine, question: str) -> Answer:
    """Run the self-join and say what it found."""
    tree = reporting_tree(line)
    who = " ".join(str(v) for _, v in line.person)
    link = f"{line.table}.{line.pointer} -> {line.table}.{line.key}, the table joined to itself"
    interpretation = f"{WHAT[line.shape].format(who=who)} ({link})"
    try:
        result = catalog.run(tree)
    except QueryError as e:
        return Answer(
            question, "error", str(e), interpretation=interpretation, sql=catalog.backend.render(tree)
        )
    rows = result.rows
    if line.shape == "count":
        text = f"{rows[0][0]} {'person reports' if rows[0][0] == 1 else 'people report'} to {who}."
    elif not rows:
        text = f"No one is recorded as reporting to {who}." if line.shape == "reports" else "None found."
    elif line.shape in ("manager", "reports"):
        names = ", ".join(" ".join(str(v) for v in r[: len(line.labels)] if v is not None) for r in rows[:10])
        more = f" and {len(rows) - 10} more" if len(rows) > 10 else ""
        text = f"{who} reports to {names}." if line.shape == "manager" else f"{names}{more} report to {who}."
    elif line.shape == "top_manager":  # every one tied at the top, never one picked among them
        rows = tuple(r for r in rows if r[-1] == rows[0][-1])
        names = " and ".join(_named(r, len(line.labels)) for r in rows)
        each = " each" if len(rows) > 1 else ""
        text = f"{names} {'have' if len(rows) > 1 else 'has'} the most people reporting to them ({rows[0][-1]}{each})."
    else:
        text = f"{len(rows)} people have someone reporting to them; {_named(rows[0], len(line.labels))} has the most ({rows[0][-1]})."
    return Answer(
        question=question,
        status="answer",
        text=text,
        interpretation=interpretation,
        sql=result.sql,
        columns=result.columns,
        rows=rows,
        row_count=len(rows) if line.shape == "top_manager" else result.row_count,
    )


def _named(row: tuple[object, ...], labels: int) -> str:
    """A person's name in a per-manager row: the label values after the key."""
    return " ".join(str(v) for v in row[1 : 1 + labels] if v is not None)
