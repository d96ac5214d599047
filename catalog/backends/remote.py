"""A Catalog over a backend other than DuckDB: PostgreSQL in place, or Spark SQL over files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from catalog import churn_target, safety
from catalog.backends.postgres import PostgresBackend
from catalog.backends.spark import SparkBackend
from catalog.concepts import apply_concepts
from catalog.config import apply_config, find_config, load_config
from catalog.infer import infer_model
from catalog.loaders import DataError, LoadedTable
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


def open_backend(specs: Sequence[str | Path], engine: str | None):  # -> (Backend, [LoadedTable])
    """Connect the backend the specs and engine name, and describe its tables."""

    urls = [str(s).partition("=")[2] if not str(s).startswith(POSTGRES_SCHEMES) else str(s) for s in specs]
    if any(is_postgres(s) for s in specs):
        if len(specs) != 1 or not is_postgres(specs[0]):
            raise DataError("give one PostgreSQL URL alone in --data (its tables are queried in place)")
        if engine and engine.split("=", 1)[0].strip().lower() not in ("", "postgres", "postgresql"):
            raise DataError(f"--engine {engine} cannot query a PostgreSQL URL: leave --engine out")
        pg = PostgresBackend(urls[0], safety.timeout_s())
        loaded = []
        for table in pg.tables():
            primary, foreign = pg.keys(table)
            source = f"postgresql://{pg.where} {pg.schema}.{table}"
            loaded.append(LoadedTable(table, source, primary, foreign, from_database=True))
        return pg, loaded
    name, _, master = (engine or "").partition("=")
    if name.strip().lower() != "spark":
        raise DataError(f"unknown --engine {engine!r}: say duckdb, or spark[=MASTER_URL]")
    spark = SparkBackend(master.strip() or None)
    loaded = [
        LoadedTable(t, src, notes=spark.cleaning.get(t, ([], []))[0]) for t, src in spark.register(specs)
    ]
    return spark, loaded


def load(cls, specs: Sequence[str | Path], config=None, engine: str | None = None, cancel=None):  # -> Catalog
    """A Catalog over PostgreSQL or Spark: the semantic model inferred by SQL on the backend."""

    backend, loaded = open_backend(specs, engine)
    con = cast(Any, backend)  # a backend runs the profiling code's DuckDB text as well
    local = [s for s in specs if not is_postgres(s)]
    cfg_path = Path(config) if config is not None else (find_config(local) if local else None)
    try:
        model, notes = infer_model(con, loaded)
        notes = [line for t in loaded for line in t.notes] + notes  # cleaning first, as DuckDB's load says it
        cleaning = getattr(backend, "cleaning", {})
        suspicious = [(f"{t}.{c}", why) for t, (_, found) in cleaning.items() for c, why in found]
        apply_concepts(model, con)
        refine(con, model)
        model.churn_target = churn_target.decide(model)
        if cfg_path is not None:
            apply_config(load_config(cfg_path), model, con)
    except BaseException:
        backend.close()
        raise
    catalog = cls(con, model, notes, suspicious, cfg_path, backend=backend)
    catalog.inputs = safety.input_files(local, cfg_path)
    return catalog
