"""Fitted models kept on disk, so the next question (or `cra report`) on the same data does not refit.

An entry is one pickled object under `$CRA_CACHE_DIR/models` (else the user's cache folder), named by a
hash of its key: the kind of model, the data fingerprint (`analytics.queries.data_key`: every table's
shape and a hash of every row), the as-of date, the fit's parameters, the code of the analytics modules
and the versions of the libraries the pickle depends on. A file starts with the SHA-256 of its payload;
an entry whose digest does not match, that cannot be unpickled or that was written under another key is
deleted and rebuilt. `CRA_NO_CACHE=1` turns the disk cache off (the in-process cache stays).
Failures to read or write never break an answer: the model is then fitted as usual.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import uuid
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TypeVar, cast

from platformdirs import user_cache_dir

T = TypeVar("T")

CACHE_ENV, OFF_ENV = "CRA_CACHE_DIR", "CRA_NO_CACHE"
MAGIC = b"cra-model-1\n"
KEEP_ENTRIES = 64
"""The newest entries kept; older ones are deleted when an entry is written."""
CODE_MODULES = ("churn", "churn_features", "clv", "clv_scale", "segments", "schema", "model_cache")
"""Modules of `analytics` whose code shapes a cached model: a change to any of them starts new entries."""
LIBRARIES = ("numpy", "pandas", "sklearn", "scipy")

_MEMORY: dict[str, Any] = {}
_CODE: list[str] = []


def folder() -> Path:
    """Where entries live: $CRA_CACHE_DIR/models, else the user's cache folder."""
    base = os.environ.get(CACHE_ENV)
    if not base:
        base = user_cache_dir("cra")
    return Path(base) / "models"


def disk_enabled() -> bool:
    return os.environ.get(OFF_ENV, "") in ("", "0")


def code_version() -> str:
    """A hash of the analytics code and library versions that a pickled model depends on."""
    if not _CODE:
        h = hashlib.sha256()
        here = Path(__file__).resolve().parent
        for module in CODE_MODULES:
            path = here / f"{module}.py"
            if path.is_file():
                h.update(path.read_bytes())
        for lib in LIBRARIES:
            with contextlib.suppress(PackageNotFoundError):
                h.update(f"{lib}={version('scikit-learn' if lib == 'sklearn' else lib)}".encode())
        _CODE.append(h.hexdigest()[:16])
    return _CODE[0]


def entry_key(kind: str, *parts: Any) -> str:
    """The hex name of an entry: kind, parts (data key, as-of, parameters...) and the code version."""
    text = "\x1f".join([kind, code_version(), *(repr(p) for p in parts)])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def path_of(key: str) -> Path:
    return folder() / f"{key}.pickle"


def read(key: str) -> Any | None:
    """The object stored under `key`, or None (missing, corrupt or foreign entries are deleted)."""
    path = path_of(key)
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + 32
    payload = memoryview(blob)[head:]  # no copy of a large entry (two copies cost 0.8 s at 300 MB)
    try:
        if not blob.startswith(MAGIC) or hashlib.sha256(payload).digest() != blob[len(MAGIC) : head]:
            raise ValueError("digest mismatch")
        stored_key, obj = pickle.loads(payload)
        if stored_key != key:
            raise ValueError("entry written under another key")
    except Exception:  # a damaged entry is a miss, and goes away
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    return obj


def write(key: str, obj: Any) -> None:
    """Store `obj` under `key` atomically (other processes see the whole entry or none)."""
    out = folder()
    tmp = out / f".{key}.{uuid.uuid4().hex}.tmp"
    try:
        payload = pickle.dumps((key, obj), protocol=pickle.HIGHEST_PROTOCOL)
        out.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path_of(key))
        _prune(out)
    except Exception:  # the cache must never break an answer: unwritable folder, full disk, unpicklable
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _prune(out: Path) -> None:
    entries = sorted(out.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[KEEP_ENTRIES:]:
        with contextlib.suppress(OSError):
            old.unlink()


def cached(kind: str, parts: tuple[Any, ...], build: Callable[[], T]) -> T:
    """The model for (kind, parts): from memory, else from disk, else `build()` (then stored in both)."""
    key = entry_key(kind, *parts)
    if key in _MEMORY:
        return cast(T, _MEMORY[key])
    obj = read(key) if disk_enabled() else None
    if obj is None:
        obj = build()
        if disk_enabled():
            write(key, obj)
    _MEMORY[key] = obj
    return cast(T, obj)


def clear_memory() -> None:
    """Forget the in-process entries (the disk stays): the next lookup reads the disk."""
    _MEMORY.clear()
