"""Where cra keeps its cache, and the SHA-256 digests of input files it remembers there.

A file's digest is remembered (`digests.json`) with its device, inode, size, modification and change
times, and used again only while all five are unchanged and were already more than `RACY_SECONDS` old
when it was hashed (as git does with its index): an edit that keeps size and modification time still
changes the change time. The loaders (transcoded copies), the encoding detector and the load cache use it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

CACHE_ENV = "CRA_CACHE_DIR"
RACY_SECONDS = 2.0
"""A digest is remembered only for files last changed at least this long before they were hashed."""
DIGESTS_KEPT = 256


def folder() -> Path:
    """Where entries live: $CRA_CACHE_DIR/catalog, else the user's cache folder."""
    base = os.environ.get(CACHE_ENV)
    if not base:
        base = user_cache_dir("cra")
    return Path(base) / "catalog"


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's content (remembered while the file is unchanged, as for keys)."""
    digests = Digests(folder() / "digests.json")
    digest = digests.of(path)
    digests.save()
    return digest


class Digests:
    """Remembered SHA-256 digests of input files, trusted only while the file's identity is unchanged."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.changed = False
        try:
            self.known: dict[str, dict[str, Any]] = json.loads(path.read_text())
            if not isinstance(self.known, dict):
                self.known = {}
        except (OSError, ValueError):
            self.known = {}

    def of(self, file: Path) -> str:
        st = file.stat()
        ident = [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
        where = str(file.resolve())
        seen = self.known.get(where)
        if isinstance(seen, dict) and seen.get("stat") == ident and seen.get("settled"):
            return str(seen["sha256"])
        hashed_at = time.time()
        with file.open("rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        last_change = max(st.st_mtime_ns, st.st_ctime_ns) / 1e9
        self.known[where] = {
            "stat": ident,
            "sha256": digest,
            "settled": hashed_at - last_change > RACY_SECONDS,
            "at": hashed_at,
        }
        self.changed = True
        return digest

    def save(self) -> None:
        if not self.changed:
            return
        newest = sorted(self.known.items(), key=lambda kv: kv[1].get("at", 0), reverse=True)
        tmp = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(dict(newest[:DIGESTS_KEPT])))
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
