"""`cra profile`: what was loaded, what it means, and what looks wrong (a JSON-ready dict and its text)."""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from catalog import charset
from catalog.concepts import spelled_out
from catalog.labels import spoken_labels
from catalog.semantic import ColumnInfo, Role, TableInfo
from catalog.trees import column, count_star, table_ref

if TYPE_CHECKING:
    from catalog.database import Catalog

MOSTLY_NULL = 0.5
"""A column with more than this share of NULLs is reported as mostly null."""
SHOWN_VALUES_WIDTH = 80
"""Characters of distinct values shown per column in the text profile."""
SHOWN_WORDS_WIDTH = 70
"""Characters of the phrases shown per column under "Words each column answers to"."""


def profile(catalog: Catalog) -> dict[str, Any]:
    """Tables, columns (type, role, nulls), relations, metrics and a data-quality section; JSON-native."""
    model = catalog.model
    tables = [_table(catalog, t) for t in model.tables.values()]
    return {
        "tables": tables,
        "relations": [
            {"from": f"{r.table}.{r.column}", "to": f"{r.ref_table}.{r.ref_column}"} for r in model.relations
        ],
        "metrics": [
            {"name": m.name, "table": m.table, "sql": m.sql, "unit": m.unit} for m in model.metrics.values()
        ],
        "churn_target": model.churn_target,
        "concepts": [
            {"concept": b.concept, "target": b.target, "reason": b.reason}
            for b in getattr(model, "concepts", ())
        ],
        "value_words": {q: len(w) for q, w in getattr(model, "value_words", {}).items()},
        "value_word_examples": {
            q: next(iter(w.items())) for q, w in getattr(model, "value_words", {}).items() if w
        },
        "config": str(catalog.config_path) if catalog.config_path else None,
        "quality": _quality(catalog),
    }


def _table(catalog: Catalog, t: TableInfo) -> dict[str, Any]:
    nulls = _null_counts(catalog, t)
    return {
        "name": t.name,
        "entity": t.entity,
        "entity_singular": t.entity_singular,
        "source": t.source,
        "rows": t.row_count,
        "key": t.key,
        "encoding": _encoding(t),
        "columns": [_column(c, nulls.get(c.name, c.null_count), t.row_count) for c in t.columns.values()],
    }


def _encoding(t: TableInfo) -> dict[str, Any] | None:
    """How a text file was read; bytes not ASCII are counted here when the load read the file directly."""
    if t.encoding is None:
        return None
    enc = dict(t.encoding)
    if enc.get("non_ascii_bytes") is None and Path(t.source).is_file():
        enc["non_ascii_bytes"] = charset.count_non_ascii(Path(t.source))
    return enc


def _null_counts(catalog: Catalog, t: TableInfo) -> dict[str, int]:
    """Exact NULL counts of every column in one query (inference may have used a sample)."""
    if not t.columns:
        return {}
    select = [exp.Sub(this=count_star(), expression=exp.Count(this=column(c))) for c in t.columns]
    row = catalog.run(exp.select(*select).from_(table_ref(t.name))).rows[0]
    return {c: int(n) for c, n in zip(t.columns, row, strict=True)}


def _column(c: ColumnInfo, nulls: int, rows: int) -> dict[str, Any]:
    return {
        "name": c.name,
        "type": c.dtype,
        "role": c.role.value,
        "unit": c.unit,
        "words": c.words,
        "synonyms": list(c.synonyms),
        "flag_true": _json(c.flag_true),
        "references": f"{c.references[0]}.{c.references[1]}" if c.references else None,
        "nulls": nulls,
        "null_share": round(nulls / rows, 4) if rows else 0.0,
        "distinct": c.distinct_count,
        "min": _json(c.minimum),
        "max": _json(c.maximum),
        "values": list(c.values),
        "reason": c.reason,
        "spelled_out": spelled_out(c),
        "labels": bool(spoken_labels(c.values)),
        "counts": {"unit": c.period_index[0], "first": c.period_index[1].isoformat()}
        if c.period_index
        else None,
    }


def _json(v: Any) -> Any:
    if isinstance(v, dt.date | dt.datetime | dt.time):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return float(v)
    if v is None or isinstance(v, bool | int | float | str):
        return v
    return str(v)


def _duplicate_keys(catalog: Catalog, t: TableInfo) -> int:
    """Exact count of rows repeating an identifier (the load counted it only for tables it saw whole)."""
    if t.stats_rows == t.row_count or t.key is None:
        return t.duplicate_keys
    k = column(t.key)
    repeats = exp.Sub(this=exp.Count(this=k), expression=exp.Count(this=exp.Distinct(expressions=[k.copy()])))
    return int(catalog.run(exp.select(repeats).from_(table_ref(t.name))).rows[0][0])


def _duplicate_rows(catalog: Catalog, t: TableInfo) -> int:
    if t.duplicate_rows is not None:
        return t.duplicate_rows
    distinct = exp.select(exp.Star()).distinct().from_(table_ref(t.name)).subquery("d")
    return t.row_count - int(catalog.run(exp.select(count_star()).from_(distinct)).rows[0][0])


def _quality(catalog: Catalog) -> dict[str, Any]:
    suspicious = [{"column": col, "reason": why} for col, why in catalog.suspicious]
    nulls: dict[str, int] = {}
    duplicates = []
    for t in catalog.model.tables.values():
        for c in t.columns.values():
            if c.null_count:
                nulls[c.qualified] = c.null_count
            if t.row_count > 1 and c.distinct_count == 1 and not c.null_count:
                value = c.values[0] if c.values else c.minimum
                shown = f": every row is {_json(value)!r}" if value is not None else ""
                suspicious.append({"column": c.qualified, "reason": f"constant{shown}"})
            elif t.row_count and c.null_count > MOSTLY_NULL * t.row_count:
                share = c.null_count / t.row_count
                reason = "always empty" if c.null_count == t.row_count else f"mostly null ({share:.0%})"
                suspicious.append({"column": c.qualified, "reason": reason})
        suspicious += _negatives(catalog, t)
        if t.key is not None:
            duplicates.append({"table": t.name, "key": t.key, "duplicate_keys": _duplicate_keys(catalog, t)})
    return {
        "changes": list(catalog.changes),
        "nulls": nulls,
        "duplicate_identifiers": duplicates,
        "duplicate_rows": {t.name: _duplicate_rows(catalog, t) for t in catalog.model.tables.values()},
        "suspicious": suspicious,
    }


NEGATIVE_UNITS = {"count": "returns or corrections?", "money": "refunds or corrections?"}
"""Measures of these units are expected to be positive: negative values are reported, with a guess why."""


def _negatives(catalog: Catalog, t: TableInfo) -> list[dict[str, str]]:
    """Counts and amounts below zero (Quantity -200 in invoice lines): one query per table."""
    cols = [
        c for c in t.columns.values()
        if c.role == Role.MEASURE and c.unit in NEGATIVE_UNITS and c.minimum is not None and c.minimum < 0
    ]  # fmt: skip
    if not cols:
        return []
    select = [exp.Filter(this=count_star(), expression=exp.Where(this=column(c.name) < 0)) for c in cols]
    row = catalog.run(exp.select(*select).from_(table_ref(t.name))).rows[0]
    return [
        {"column": c.qualified, "reason": f"{n:,} negative values ({NEGATIVE_UNITS[c.unit or '']})"}
        for c, n in zip(cols, row, strict=True)
    ]


def render_profile(d: dict[str, Any]) -> str:
    """The profile as plain text for a terminal."""
    out: list[str] = []
    for t in d["tables"]:
        key = f", key {t['key']}" if t["key"] else ""
        out.append(f"{t['name']}: {t['rows']:,} {t['entity']}{key}  ({t['source']})")
        if t.get("encoding"):
            out.append(f"  read as {charset.describe(t['encoding'])}")
        width = max((len(c["name"]) for c in t["columns"]), default=0)
        for c in t["columns"]:
            detail = [c["role"] + (f"/{c['unit']}" if c["unit"] else "")]
            if c.get("spelled_out"):
                detail.append(f"said '{c['spelled_out']}'")  # maritl: said 'marital'
            if c.get("counts"):
                counts = c["counts"]
                detail.append(f"counts {counts['unit']}s, 1 = {counts['first'][:7]} (cra.toml)")  # trend
            if c["flag_true"] is not None:
                detail.append(f"true = {c['flag_true']!r}")
            if c["references"]:
                detail.append(f"-> {c['references']}")
            if c["nulls"]:
                detail.append(f"{c['nulls']:,} nulls")
            if c["values"]:
                numbered = " (said without their numbers)" if c.get("labels") else ""
                detail.append(_values_text(c["values"]) + numbered)
            elif c["min"] is not None:
                detail.append(f"{c['min']} .. {c['max']}")
            out.append(f"  {c['name']:<{width}}  {c['type']:<10} {'; '.join(detail)}")
        out.append("")
    if d.get("words"):
        out += _words_text(d["words"])
    if d["relations"]:
        out.append("Relations:")
        out += [f"  {r['from']} -> {r['to']}" for r in d["relations"]]
        out.append("")
    if d["metrics"]:
        out.append("Metrics:")
        out += [f"  {m['name']} = {m['sql']}  (on {m['table']})" for m in d["metrics"]]
        out.append("")
    if d["churn_target"]:
        out.append(f"Churn target: {d['churn_target']}")
        out.append("")
    if d["concepts"]:
        out.append("Concepts (override in cra.toml [concepts]):")
        out += [f"  {b['concept']}: {b['target']}  ({b['reason']})" for b in d["concepts"]]
        examples = d.get("value_word_examples", {})
        out += [
            f"  {q}: {n} words read as its values"
            + (f" ('{examples[q][0]}' for {examples[q][1]})" if q in examples else "")
            for q, n in d["value_words"].items()
        ]
        out.append("")
    q = d["quality"]
    out.append("Data quality:")
    if q["changes"]:
        out.append("  Cleaned while loading:")
        out += [f"    {line}" for line in q["changes"]]
    if q["nulls"]:
        out.append("  Nulls: " + ", ".join(f"{c} {n:,}" for c, n in q["nulls"].items()))
    dups = [
        f"{x['table']}.{x['key']} {x['duplicate_keys']:,}"
        for x in q["duplicate_identifiers"]
        if x["duplicate_keys"]
    ]
    out.append("  Duplicate identifiers: " + (", ".join(dups) if dups else "none"))
    keyless = {t["name"] for t in d["tables"] if not t["key"]}
    rows = [
        f"{t} {n:,}" + (" (no identifier: may be real repeats)" if t in keyless else "")
        for t, n in q["duplicate_rows"].items()
        if n
    ]
    out.append("  Duplicate rows: " + (", ".join(rows) if rows else "none"))
    if q["suspicious"]:
        out.append("  Suspicious columns:")
        out += [f"    {s['column']}: {s['reason']}" for s in q["suspicious"]]
    return "\n".join(out).rstrip() + "\n"


def _values_text(values: list[str]) -> str:
    shown: list[str] = []
    for v in values:
        if shown and sum(len(x) + 2 for x in shown) + len(v) > SHOWN_VALUES_WIDTH:
            return f"values: {', '.join(shown)}, ... ({len(values)} values)"
        shown.append(v)
    return f"values: {', '.join(shown)}"


def _words_text(words: dict[str, dict[str, Any]]) -> list[str]:
    """ "Words each column answers to": a line per column, its phrases cut to SHOWN_WORDS_WIDTH."""
    out = ["Words each column answers to (add more in cra.toml: [synonyms], [values]; docs/cra-toml.md):"]
    width = max(len(q) for q in words)
    for q, w in words.items():
        shown: list[str] = []
        for p in w["phrases"]:
            if shown and sum(len(x) + 2 for x in shown) + len(p) > SHOWN_WORDS_WIDTH:
                break
            shown.append(p)
        more = len(w["phrases"]) - len(shown)
        text = ", ".join(shown) + (f", ... (+{more})" if more else "")
        if w["value_phrases"]:
            text += f"{'; ' if text else ''}{w['value_phrases']} value words"
        out.append(f"  {q:<{width}}  {text}")
    out.append("")
    return out
