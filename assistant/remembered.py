"""Skill answers remembered on disk, so the same analysis asked again on the same data costs a file read.

A skill's answer is a function of the data, the as-of date, the request and the code: the entry's key is
the catalog's `content_key` (every input file's SHA-256 and the cra.toml), its fingerprint (tables, types,
row counts, the as-of cut), a digest of its semantic model (roles and settings such as the churn horizon,
however they were set), the request's fields and a hash of every module of the packages that compute
answers. Entries are stored by `analytics.model_cache` (digest-checked, pruned, `CRA_NO_CACHE=1` turns
the disk off). Data without a content key (a PostgreSQL or Spark catalog, queried in place and changing
under us) is never remembered; nor are error answers.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from analytics import model_cache
from catalog import Catalog
from catalog.answer import Answer
from catalog.skills import Skill, SkillRequest

PACKAGES = ("catalog", "analytics", "sentiment", "assistant")
"""Packages whose code shapes a skill's answer (the overview skill lives in assistant)."""
_MEMORY: dict[str, Answer] = {}
_CODE: list[str] = []


def code_version() -> str:
    """A hash of every module and rule file of PACKAGES, read once per process."""
    if not _CODE:
        h = hashlib.sha256()
        root = Path(__file__).resolve().parents[1]
        for package in PACKAGES:
            for path in sorted((root / package).rglob("*")):
                if path.suffix in (".py", ".yaml"):
                    h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
        _CODE.append(h.hexdigest()[:16])
    return _CODE[0]


def _plain(value: Any) -> Any:
    """A JSON form of what json cannot write, the same in every process (sets sorted)."""
    if isinstance(value, set | frozenset):
        return sorted(map(str, value))
    return str(value)


def model_digest(catalog: Catalog) -> str:
    """A digest of the catalog's semantic model: every role, relation and setting."""
    text = json.dumps(dataclasses.asdict(catalog.model), sort_keys=True, default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def request_key(skill: Skill, request: SkillRequest) -> str | None:
    """The entry name of this skill's answer to `request`, or None when the data has no content key."""
    catalog = request.catalog
    content = getattr(catalog, "content_key", None)
    if not isinstance(catalog, Catalog) or not content:
        return None
    where = request.where.sql() if request.where is not None else ""
    parts = (
        skill.name,
        content,
        catalog.fingerprint(),
        model_digest(catalog),
        code_version(),
        request.question,
    )
    fields = (request.as_of.isoformat(), request.table, where, request.where_text, request.by)
    return model_cache.entry_key("answer", *parts, *fields, request.limit, request.topic)


def run_skill(skill: Skill, request: SkillRequest) -> Answer:
    """`skill.run(request)`, or the answer it gave before to the same request on the same data."""
    key = request_key(skill, request)
    if key is None:
        return skill.run(request)
    answer = _MEMORY.get(key)
    if answer is None and model_cache.disk_enabled():
        stored = model_cache.read(key)
        answer = stored if isinstance(stored, Answer) else None
    if answer is None:
        answer = skill.run(request)
        if answer.status == "error":
            return answer
        if model_cache.disk_enabled():
            model_cache.write(key, answer)
    _MEMORY[key] = answer
    return answer


def clear_memory() -> None:
    """Forget the answers held in this process (the disk stays)."""
    _MEMORY.clear()
