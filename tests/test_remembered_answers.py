"""A skill's answer is remembered on disk per data, as-of date, model settings, request and code
(assistant.remembered): asked again it is read back, anything that could change it is another entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from analytics import model_cache
from assistant import remembered
from assistant.engine import Assistant
from assistant.skills import REGISTRY
from catalog import Catalog
from catalog.answer import Answer
from catalog.semantic import Role
from catalog.skills import Skill, SkillRequest

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DAY = dt.date(2025, 12, 31)


@pytest.fixture
def samples() -> Catalog:
    if not (SAMPLES / "customers.csv").exists():
        pytest.skip("samples/*.csv not generated (python -m samples.generate)")
    remembered.clear_memory()
    return Catalog.load([str(SAMPLES)])


def _segments(catalog: Catalog, as_of: dt.date = DAY) -> tuple[Skill, SkillRequest]:
    skill = REGISTRY.named("rfm_segments")
    assert skill is not None
    return skill, SkillRequest(question="customer segments", catalog=catalog, as_of=as_of)


def test_an_answer_asked_again_is_read_from_disk(samples: Catalog) -> None:
    first = Assistant(samples, as_of=DAY).ask("customer segments")
    assert first.status == "answer" and first.rows
    key = remembered.request_key(*_segments(samples))
    assert key is not None and model_cache.path_of(key).is_file()
    # what is on disk is what a new process answers: change the entry and it is what comes back
    model_cache.write(key, replace(first, text="read from the stored entry"))
    remembered.clear_memory()
    again = Assistant(Catalog.load([str(SAMPLES)]), as_of=DAY).ask("customer segments")
    assert again.text.startswith("read from the stored entry")
    assert again.rows == first.rows


def test_anything_that_changes_an_answer_changes_its_entry(samples: Catalog) -> None:
    skill, request = _segments(samples)
    key = remembered.request_key(skill, request)
    assert remembered.request_key(skill, replace(request, as_of=DAY - dt.timedelta(days=1))) != key
    assert remembered.request_key(skill, replace(request, limit=5)) != key
    assert remembered.request_key(skill, replace(request, by=("customers.plan",))) != key
    column = samples.model.tables["customers"].columns["plan"]
    before = column.role
    column.role = Role.OTHER if before != Role.OTHER else Role.DIMENSION
    try:
        assert remembered.request_key(skill, request) != key  # a role set by cra.toml, say
    finally:
        column.role = before
    assert remembered.request_key(skill, request) == key


def test_data_without_a_content_key_is_never_remembered(samples: Catalog) -> None:
    samples.content_key = None  # as a PostgreSQL or Spark catalog, queried in place
    skill, request = _segments(samples)
    assert remembered.request_key(skill, request) is None
    before = set(model_cache.folder().glob("*.pickle")) if model_cache.folder().is_dir() else set()
    answer = remembered.run_skill(skill, request)
    assert answer.status == "answer"
    after = set(model_cache.folder().glob("*.pickle")) if model_cache.folder().is_dir() else set()
    assert not [p for p in after - before if p.stem == remembered.request_key(skill, request)]


def test_an_error_answer_is_not_stored(samples: Catalog) -> None:
    calls: list[str] = []

    def failing(req: SkillRequest) -> Answer:
        calls.append(req.question)
        return Answer(question=req.question, status="error", text="the analysis failed: disk full")

    skill = Skill(name="failing", phrases=("fail",), run=failing, available=lambda c: True)
    request = SkillRequest(question="fail", catalog=samples, as_of=DAY)
    key = remembered.request_key(skill, request)
    assert key is not None
    assert remembered.run_skill(skill, request).status == "error"
    assert remembered.run_skill(skill, request).status == "error"
    assert calls == ["fail", "fail"] and not model_cache.path_of(key).exists()
