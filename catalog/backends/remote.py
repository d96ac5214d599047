"""A Catalog over a backend other than DuckDB: PostgreSQL in place, or Spark SQL over files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from catalog import churn_target, safety
from catalog.backends import remote_cache
from catalog.backends.postgres import PostgresBackend
from catalog.backends.spark import SparkBackend
from catalog.concepts import apply_concepts
from catalog.config import apply_config, find_config, load_config
from catalog.duplicates import copied
from catalog.infer import infer_model
from catalog.loaders import DataError, LoadCancelled, LoadedTable
from catalog.roles import refine

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(spec: str | Path) -> bool:
    """Whether a --data spec ('URL' or 'NAME=URL') is a PostgreSQL URL."""
    text = str(spec)
    return text.startswith(POSTGRES_SCHEMES) or text.partition("=")[2].startswith(POSTGRES_SCHEMES)


def wanted(specs: Sequence[str | Path], engine: str | None) -> bool:
    """Whether these specs go to another backend than DuckDB."""
    return bool(engine and engine.split("=", 1)[0].strip().lower() != "duckdb") or any(
        is_postgres(s) for s in specs
    )


def connect(specs: Sequence[str | Path], engine: str | None) -> Any:  # -> PostgresBackend | SparkBackend
    """Connect the backend the specs and engine name (nothing read yet)."""
    if any(is_postgres(s) for s in specs):
        if len(specs) != 1 or not is_postgres(specs[0]):
            raise DataError("give one PostgreSQL URL alone in --data (its tables are queried in place)")
        if engine and engine.split("=", 1)[0].strip().lower() not in ("", "postgres", "postgresql"):
            raise DataError(f"--engine {engine} cannot query a PostgreSQL URL: leave --engine out")
        url = str(specs[0]) if str(specs[0]).startswith(POSTGRES_SCHEMES) else str(specs[0]).partition("=")[2]
        return PostgresBackend(url, safety.timeout_s())
    name, _, master = (engine or "").partition("=")
    if name.strip().lower() != "spark":
        raise DataError(f"unknown --engine {engine!r}: say duckdb, or spark[=MASTER_URL]")
    return SparkBackend(master.strip() or None)


def describe(backend: Any, specs: Sequence[str | Path]) -> list[LoadedTable]:
    """The backend's tables (PostgreSQL: with their declared keys; Spark: the files registered)."""
    if isinstance(backend, PostgresBackend):
        loaded = []
        for table in backend.tables():
            primary, foreign = backend.keys(table)
            source = f"postgresql://{backend.where} {backend.schema}.{table}"
            loaded.append(LoadedTable(table, source, primary, foreign, from_database=True))
        return loaded
    return [
        LoadedTable(t, src, notes=backend.cleaning.get(t, ([], []))[0]) for t, src in backend.register(specs)
    ]


def load(cls, specs: Sequence[str | Path], config=None, engine: str | None = None, cancel=None):  # -> Catalog
    """A Catalog over PostgreSQL or Spark: the semantic model inferred by SQL on the backend, or read
    from the cache of models (remote_cache) when the data has not changed. Setting `cancel` stops the
    load (the running statement is cancelled) with LoadCancelled."""

    def go_on() -> None:
        if cancel is not None and cancel.is_set():
            raise LoadCancelled("loading was stopped")

    backend = connect(specs, engine)
    con = cast(Any, backend)  # a backend runs the profiling code's DuckDB text as well
    local = [s for s in specs if not is_postgres(s)]
    cfg_path = Path(config) if config is not None else (find_config(local) if local else None)
    try:
        with safety.stop_when(cancel, con):
            entry = remote_cache.key(backend, specs)
            hit = remote_cache.read(entry) if entry else None
            if hit is not None and isinstance(backend, SparkBackend):
                backend.selects, backend.cleaning = hit["selects"], hit["cleaning"]
            go_on()
            loaded = describe(backend, specs)
            go_on()
            if hit is not None:
                model, notes, suspicious = hit["model"], hit["notes"], hit["suspicious"]
            else:
                model, notes, suspicious = _infer(con, backend, loaded, go_on)
                if entry:
                    state = {"model": model, "notes": notes, "suspicious": suspicious}
                    state |= {
                        "selects": getattr(backend, "selects", {}),
                        "cleaning": getattr(backend, "cleaning", {}),
                    }
                    remote_cache.write(entry, state)
            if cfg_path is not None:
                apply_config(load_config(cfg_path), model, con)
            go_on()
    except BaseException as e:
        backend.close()
        if cancel is not None and cancel.is_set() and not isinstance(e, LoadCancelled):
            raise LoadCancelled("loading was stopped") from e
        raise
    catalog = cls(con, model, notes, suspicious, cfg_path, backend=backend)
    catalog.inputs = safety.input_files(local, cfg_path)
    return catalog


def _infer(con: Any, backend: Any, loaded: list[LoadedTable], go_on: Any) -> tuple[Any, list[str], list[Any]]:
    """The semantic model, the data notes and the suspicious columns, inferred by SQL on the backend."""
    model, notes = infer_model(con, loaded)
    go_on()
    leave_out = getattr(backend, "drop_copies", None)  # Spark's views can; PostgreSQL's tables stay
    copies = [line for t, line in copied(con, model) if leave_out is not None and leave_out(t.name)]
    if copies:  # as DuckDB's load: the tables changed, their model is inferred again
        model, notes = infer_model(con, loaded)
        go_on()
    notes = [line for t in loaded for line in t.notes] + copies + notes  # cleaning first, as DuckDB's
    cleaning = getattr(backend, "cleaning", {})
    suspicious = [(f"{t}.{c}", why) for t, (_, found) in cleaning.items() for c, why in found]
    apply_concepts(model, con)
    refine(con, model)
    model.churn_target = churn_target.decide(model)
    return model, notes, suspicious
