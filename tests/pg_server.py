"""A real PostgreSQL server for the tests: initdb + pg_ctl in a temporary folder, on a free local port.

As root the server runs as the unprivileged user `nobody` (PostgreSQL refuses to run as root). Tables
are copied from a DuckDB catalog (the data as cra loaded it: the same typed values), so the same
questions can be asked of both.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Any

USER, PASSWORD, DATABASE = "cra", "cra-test-secret", "crm"
PG_TYPES = {
    "VARCHAR": "text", "BIGINT": "bigint", "INTEGER": "integer", "SMALLINT": "smallint",
    "TINYINT": "smallint", "HUGEINT": "numeric(38,0)", "DOUBLE": "double precision", "FLOAT": "real",
    "BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "timestamp", "TIME": "time",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
}  # fmt: skip


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    return Path(folders[0]) if folders else None


class Server:
    """One PostgreSQL server in its own folder; `url` logs in with a password."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.folder = Path(tempfile.mkdtemp(prefix="cra-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.root = os.geteuid() == 0
        if self.root:
            shutil.chown(self.folder, "nobody")

    @property
    def url(self) -> str:
        return f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{DATABASE}"

    def _as_owner(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.root:
            cmd = ["runuser", "-u", "nobody", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True, cwd=self.folder)

    def start(self) -> None:
        pwfile = self.folder / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self.root:
            shutil.chown(pwfile, "nobody")
        self._as_owner(
            "initdb", "-D", str(self.data), "-U", USER, "--auth=scram-sha-256", f"--pwfile={pwfile}",
            "--encoding=UTF8", "--locale=C",
        )  # fmt: skip
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_owner(
            "pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-o", options, "-w", "start"
        )
        import psycopg

        admin = self.url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as con:
            con.execute(f"CREATE DATABASE {DATABASE}")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._as_owner("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def copy_tables(self, catalog: Any, schema: str = "public") -> str:
        """Create and fill a table per table of a DuckDB catalog in `schema`; the URL that reads them."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as con:
            con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            for table in catalog.model.tables:
                target = f'{schema}"."{table}'
                cols = catalog.con.execute(f'DESCRIBE "{table}"').fetchall()
                defs = ", ".join(f'"{c[0]}" {_pg_type(c[1])}' for c in cols)
                con.execute(f'DROP TABLE IF EXISTS "{target}"')
                con.execute(f'CREATE TABLE "{target}" ({defs})')
                rows = catalog.con.execute(f'SELECT * FROM "{table}"').fetchall()
                quoted = ", ".join(f'"{c[0]}"' for c in cols)
                with con.cursor() as cur, cur.copy(f'COPY "{target}" ({quoted}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
                con.execute(f'ANALYZE "{target}"')
        return self.url if schema == "public" else f"{self.url}?schema={schema}"


def _pg_type(duck: str) -> str:
    if duck.startswith("DECIMAL"):
        return duck.replace("DECIMAL", "numeric")
    return PG_TYPES.get(duck, "text")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
