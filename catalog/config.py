"""`cra.toml`: a user's additions to the inferred semantic model (see docs/cra-toml.md)."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from sqlglot import exp, parse_one
from sqlglot.errors import ParseError

from catalog import churn_target, coded
from catalog.concepts import ontology, value_words
from catalog.infer import tokens
from catalog.loaders import DataError, parse_spec
from catalog.semantic import Binding, Metric, Relation, Role, SemanticModel

CONFIG_NAME = "cra.toml"
TOP_KEYS = {
    "churn",
    "churn_horizon",
    "tables",
    "columns",
    "synonyms",
    "relations",
    "metrics",
    "min_base",
    "concepts",
    "values",
}
TABLE_KEYS = {"entity", "singular", "synonyms", "encoding"}
COLUMN_KEYS = {"synonyms", "role", "unit", "flag_true", "words", "counted_in", "counts", "first"}
PERIOD_UNITS = ("month", "year")
"""What a whole-number column may count (`counts`), its value 1 being the period `first` ("1993-01")."""
METRIC_KEYS = {"sql", "table", "unit"}
UNITS = ("money", "count", "duration", "percent")
TIME_UNITS = ("second", "minute", "hour", "day", "week", "month", "year")
"""What `counted_in` may say of a column (singular or plural): "months" for a loan's duration."""


@dataclass
class Config:
    """The parsed content of one cra.toml."""

    path: Path
    churn: str | None = None
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)
    synonyms: dict[str, str] = field(default_factory=dict)
    relations: list[tuple[str, str]] = field(default_factory=list)
    metrics: dict[str, dict[str, Any]] = field(default_factory=dict)
    min_base: int | None = None
    """Groups with fewer rows are shown but never named highest or lowest (default 30)."""
    churn_horizon: int | None = None
    """Days ahead the churn model predicts (default: chosen from the data)."""
    concepts: dict[str, str] = field(default_factory=dict)
    """concept -> "table.column" or "table" it is, or "" for none (replaces what was inferred)."""
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """A stored value or code -> what people call it (`CH = "Citrus Hill"`): the value where a column
    holds it, and the word in column names that carry it as a suffix or prefix (PriceCH)."""


def find_config(specs: Sequence[str | Path]) -> Path | None:
    """The cra.toml beside the data: in a folder given as --data, or beside a file given as --data."""
    for spec in specs:
        _, path = parse_spec(spec)
        candidate = (path if path.is_dir() else path.parent) / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path) -> Config:
    """Parse and check the shape of a cra.toml; names are checked against the data by apply_config."""
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise DataError(f"{path}: no such config file") from e
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise DataError(f"{path}: not valid TOML: {e}") from e
    _check_keys(path, "", raw, TOP_KEYS)
    cfg = Config(Path(path), churn=raw.get("churn"))
    if "min_base" in raw:
        if not isinstance(raw["min_base"], int) or isinstance(raw["min_base"], bool) or raw["min_base"] < 1:
            raise DataError(f"{path}: min_base must be a whole number of 1 or more")
        cfg.min_base = raw["min_base"]
    if "churn_horizon" in raw:
        cfg.churn_horizon = horizon_days(raw["churn_horizon"], f"{path}: churn_horizon")
    for name, body in raw.get("tables", {}).items():
        cfg.tables[name] = _table_like(path, f"tables.{name}", body, TABLE_KEYS)
    for name, body in raw.get("columns", {}).items():
        cfg.columns[name] = _table_like(path, f"columns.{name}", body, COLUMN_KEYS)
    for phrase, target in raw.get("synonyms", {}).items():
        if not isinstance(target, str):
            raise DataError(f'{path}: synonyms.{phrase} must be a "table.column" or "table" text')
        cfg.synonyms[phrase.lower()] = target
    for name, target in raw.get("concepts", {}).items():
        if not isinstance(target, str):
            raise DataError(f'{path}: concepts.{name} must be a "table.column", "table" or "" text')
        cfg.concepts[name.lower()] = target
    for stored, said in raw.get("values", {}).items():
        names = [said] if isinstance(said, str) else said
        if (
            not isinstance(names, list)
            or not names
            or not all(isinstance(n, str) and n.strip() for n in names)
        ):
            raise DataError(f'{path}: values.{stored} must be a name or a list of names ("Citrus Hill")')
        cfg.values[str(stored)] = tuple(n.strip().lower() for n in names)
    for rel in raw.get("relations", []):
        if not isinstance(rel, dict) or set(rel) != {"from", "to"}:
            raise DataError(
                f'{path}: each [[relations]] needs exactly from = "table.column", to = "table.column"'
            )
        cfg.relations.append((str(rel["from"]), str(rel["to"])))
    for name, body in raw.get("metrics", {}).items():
        metric = (
            {"sql": body}
            if isinstance(body, str)
            else _table_like(path, f"metrics.{name}", body, METRIC_KEYS)
        )
        if "sql" not in metric:
            raise DataError(f'{path}: metrics.{name} needs sql = "an aggregate expression"')
        cfg.metrics[name] = metric
    return cfg


MIN_HORIZON_DAYS = 7


def horizon_days(value: object, where: str) -> int:
    """A churn horizon in days (a whole number of 7 or more), else a DataError naming `where`."""
    if not isinstance(value, int) or isinstance(value, bool) or value < MIN_HORIZON_DAYS:
        raise DataError(f"{where} must be a whole number of days, {MIN_HORIZON_DAYS} or more")
    return value


def table_encodings(cfg: Config) -> dict[str, str]:
    """Lower-case table name -> `encoding = ...` of its file (read before loading)."""
    out = {}
    for name, body in cfg.tables.items():
        if "encoding" in body:
            if not isinstance(body["encoding"], str):
                raise DataError(f'{cfg.path}: tables.{name}.encoding must be a text such as "cp1252"')
            out[name.lower()] = body["encoding"]
    return out


def _check_keys(path: Path, where: str, body: dict, allowed: set[str]) -> None:
    unknown = sorted(set(body) - allowed)
    if unknown:
        place = f" in [{where}]" if where else ""
        raise DataError(f"{path}: unknown key '{unknown[0]}'{place} (known: {', '.join(sorted(allowed))})")


def _table_like(path: Path, where: str, body: Any, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise DataError(f"{path}: [{where}] must be a table of keys")
    _check_keys(path, where, body, allowed)
    return dict(body)


def _period_index(body: dict[str, Any], where: str) -> tuple[str, dt.date]:
    """A column that counts periods: `counts = "month"` and `first = "1993-01"` (the period numbered 1)."""
    unit, first = body.get("counts"), body.get("first")
    if unit not in PERIOD_UNITS or not isinstance(first, str | dt.date):
        raise DataError(
            f'{where}: a period index needs counts ({", ".join(PERIOD_UNITS)}) and first ("YYYY-MM")'
        )
    try:
        start = first if isinstance(first, dt.date) else dt.date.fromisoformat(f"{first}-01"[:10])
    except ValueError as e:
        raise DataError(f'{where}: first must be a month written "YYYY-MM", not {first!r}') from e
    return str(unit), start.replace(day=1, month=1 if unit == "year" else start.month)


def apply_config(cfg: Config, model: SemanticModel, con: duckdb.DuckDBPyConnection) -> None:
    """Apply a parsed config to the model; a name that matches no table or column is a DataError."""
    where = cfg.path
    if cfg.min_base is not None:
        model.min_base = cfg.min_base
    if cfg.churn_horizon is not None:
        model.churn_horizon = cfg.churn_horizon
    for name, body in cfg.tables.items():
        t = model.tables.get(_table_name(model, name, where))
        assert t is not None
        if "entity" in body:
            t.synonyms = tuple(dict.fromkeys((*t.synonyms, t.entity)))
            t.entity = str(body["entity"]).lower()
            t.entity_singular = str(body.get("singular", t.entity)).lower()
        elif "singular" in body:
            t.entity_singular = str(body["singular"]).lower()
        t.synonyms = tuple(dict.fromkeys((*t.synonyms, *(str(s).lower() for s in body.get("synonyms", ())))))
    for qualified, body in cfg.columns.items():
        c = _column(model, qualified, where)
        c.synonyms = tuple(dict.fromkeys((*c.synonyms, *(str(s).lower() for s in body.get("synonyms", ())))))
        if "words" in body:
            c.words = str(body["words"]).lower()
        if "role" in body:
            try:
                c.role = Role(body["role"])
            except ValueError as e:
                known = ", ".join(r.value for r in Role)
                raise DataError(
                    f"{where}: columns.{qualified}: unknown role '{body['role']}' ({known})"
                ) from e
            c.reason = "set in cra.toml"
        if "unit" in body:
            if body["unit"] not in UNITS:
                raise DataError(
                    f"{where}: columns.{qualified}: unknown unit '{body['unit']}' ({', '.join(UNITS)})"
                )
            c.unit = body["unit"]
        if "flag_true" in body:
            c.flag_true = body["flag_true"]
        if "counted_in" in body:
            said = str(body["counted_in"]).strip().lower()
            unit = said[:-1] if said.endswith("s") else said
            if unit not in TIME_UNITS:
                raise DataError(
                    f"{where}: columns.{qualified}: unknown counted_in '{body['counted_in']}' "
                    f"({', '.join(u + 's' for u in TIME_UNITS)})"
                )
            c.counted_in = unit
            c.unit = c.unit or "duration"
        if "counts" in body or "first" in body:
            c.period_index = _period_index(body, f"{where}: columns.{qualified}")
    for phrase, target in cfg.synonyms.items():
        if "." in target:
            c = _column(model, target, where)
            model.synonyms[phrase] = c.qualified
        else:
            model.synonyms[phrase] = _table_name(model, target, where)
    for src, dst in cfg.relations:
        a, b = _column(model, src, where), _column(model, dst, where)
        a.references = (b.table, b.name)
        if a.role != Role.IDENTIFIER:
            a.role, a.reason = Role.FOREIGN_KEY, "relation set in cra.toml"
        rel = Relation(a.table, a.name, b.table, b.name)
        model.relations = [r for r in model.relations if (r.table, r.column) != (a.table, a.name)] + [rel]
    for name, body in cfg.metrics.items():
        model.metrics[name.replace("_", " ").lower()] = _metric(model, con, name, body, where)
    if cfg.churn:
        model.churn_target = _column(model, cfg.churn, where).qualified
    elif "churn rate" in model.metrics:  # the flag a person's metric counts wins over the inferred one
        model.churn_target = churn_target.decide(model) or model.churn_target
    _concepts(cfg, model)
    _values(cfg, model)


def _values(cfg: Config, model: SemanticModel) -> None:
    """[values]: each stored code said by its names, as a value of the columns holding it and as a word
    of the column names carrying it ("PriceCH": the Citrus Hill price); a code found nowhere is an error."""
    for stored, names in cfg.values.items():
        found = False
        for col in model.columns():
            if any(str(v) == stored for v in col.values):
                words = model.value_words.setdefault(col.qualified, {})
                words.update({n: next(v for v in col.values if str(v) == stored) for n in names})
                found = True
            toks = tokens(col.name)
            if stored.lower() in toks and len(toks) > 1:
                at = toks.index(stored.lower())
                rest = [*toks[:at], *toks[at + 1 :]]
                said = [" ".join([*toks[:at], n, *toks[at + 1 :]]) for n in names]
                said += [" ".join([n, *rest]) for n in names]
                col.synonyms = tuple(dict.fromkeys((*col.synonyms, *said)))
                found = True
        if not found:
            raise DataError(f"{cfg.path}: values.{stored}: no column holds it or carries it in its name")
    coded.add_synonyms(model, {k: list(v) for k, v in cfg.values.items()})  # "price of Citrus Hill"


def _concepts(cfg: Config, model: SemanticModel) -> None:
    """[concepts]: each named concept is bound to the given table or column only ("" unbinds it)."""
    known = {c.name: c.kind for c in ontology()[1]}
    for name, target in cfg.concepts.items():
        if name not in known:
            raise DataError(f"{cfg.path}: unknown concept '{name}' (known: {', '.join(sorted(known))})")
        model.concepts = [b for b in model.concepts if b.concept != name]
        if not target:
            continue
        if known[name] == "columns":
            qualified = _column(model, target, cfg.path).qualified
        else:
            qualified = _table_name(model, target, cfg.path)
        model.concepts.append(Binding(name, qualified, "set in cra.toml"))
    if cfg.concepts:
        model.value_words = value_words(model)


def _table_name(model: SemanticModel, name: str, where: Path) -> str:
    for t in model.tables:
        if t.lower() == name.lower():
            return t
    raise DataError(f"{where}: no table '{name}' in the data (tables: {', '.join(model.tables)})")


def _column(model: SemanticModel, qualified: str, where: Path):  # noqa: ANN202
    table, dot, col = qualified.partition(".")
    if not dot:
        raise DataError(f"{where}: '{qualified}' must be written table.column")
    t = model.tables[_table_name(model, table, where)]
    for name, c in t.columns.items():
        if name.lower() == col.lower():
            return c
    raise DataError(f"{where}: table '{t.name}' has no column '{col}' (columns: {', '.join(t.columns)})")


def _metric(
    model: SemanticModel, con: duckdb.DuckDBPyConnection, name: str, body: dict, where: Path
) -> Metric:
    """Check a metric's SQL parses, names real columns of one table, and runs."""
    sql = str(body["sql"])
    try:
        tree = parse_one(sql, read="duckdb")
    except ParseError as e:
        raise DataError(f"{where}: metrics.{name}: not a valid SQL expression: {sql}") from e
    if not tree.find(exp.AggFunc):
        raise DataError(f"{where}: metrics.{name}: needs an aggregate such as sum(...), avg(...) or count(*)")
    used = {c.name.lower() for c in tree.find_all(exp.Column)}
    if "table" in body:
        table = _table_name(model, str(body["table"]), where)
    else:
        fits = [t for t in model.tables.values() if used <= {c.lower() for c in t.columns}]
        if len(fits) != 1:
            raise DataError(f'{where}: metrics.{name}: say which table with table = "..." ({len(fits)} fit)')
        table = fits[0].name
    try:
        con.execute(
            exp.select(tree.copy()).from_(exp.to_table(table, quoted=True)).limit(0).sql(dialect="duckdb")
        )
    except duckdb.Error as e:
        raise DataError(f"{where}: metrics.{name}: does not run on {table}: {str(e).splitlines()[0]}") from e
    unit = body.get("unit")
    if unit is not None and unit not in UNITS:
        raise DataError(f"{where}: metrics.{name}: unknown unit '{unit}' ({', '.join(UNITS)})")
    return Metric(name.replace("_", " ").lower(), table, sql, unit)
