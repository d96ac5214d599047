"""The question shapes in templates.yaml (nlq/shapes.py): parsing, matching, and the recognizer reading them."""

from __future__ import annotations

import pytest

from nlq.lexicon import Mention, Sense
from nlq.recognize import STEPS
from nlq.shapes import Alt, Kind, Word, parse, shapes


def mentions(*specs: str) -> list[Mention]:
    """Mentions from 'text:kind[=key]' specs ("3:number", "highest:agg=max", "the:stop")."""
    out = []
    for i, spec in enumerate(specs):
        text, _, sense = spec.partition(":")
        kind, _, key = sense.partition("=")
        out.append(Mention(i, i + 1, text, [Sense(kind, key or None)]))
    return out


def test_parse_parts() -> None:
    p = parse("{entity} <number> [of] ({agg:max|min}|top)")
    assert p.anchor == Kind("number")
    assert p.before == (Kind("entity"),)
    assert p.after == (
        Alt(((Word("of"),), ())),
        Alt(((Kind("agg", frozenset({"max", "min"})),), (Word("top"),))),
    )


@pytest.mark.parametrize("bad", ["{entity} {number}", "<a> <b>", "(<a>|b)", "<a> (b", "<a> [b|c"])
def test_malformed_shapes_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse(bad)


CASES = [
    ("<number> {agg:max|min}", ["3:number", "highest:agg=max"], 0, True),
    ("<number> {agg:max|min}", ["3:number", "average:agg=avg"], 0, False),
    ("<number> {agg:max|min}", ["3:number"], 0, False),
    ("{entity} <number>", ["customer:entity", "14646:number"], 1, True),
    ("{entity} <number>", ["14646:number"], 0, False),
    ("{entity} ~ <number>", ["customer:entity", "the:stop", "no:stop", "5:number"], 3, True),
    ("{entity} <number>", ["customer:entity", "the:stop", "5:number"], 2, False),
    ("<number> [of] {entity}", ["5:number", "of:stop", "orders:entity"], 0, True),
    ("<number> [of] {entity}", ["5:number", "orders:entity"], 0, True),
    ("({value}|{flag}) <number>", ["x:flag", "2:number"], 1, True),
    ("({value}|{flag}) <number>", ["x:column", "2:number"], 1, False),
    ("top <number>", ["top:rank", "2:number"], 1, True),
    ("<entity>", ["2:number"], 0, False),
]


@pytest.mark.parametrize(("shape", "specs", "k", "expected"), CASES)
def test_shape_matches_around_the_mention(shape: str, specs: list[str], k: int, expected: bool) -> None:
    assert parse(shape).matches(mentions(*specs), k) is expected


def test_every_step_is_a_reading_of_the_reader() -> None:
    table = shapes()
    assert table, "templates.yaml has no shapes"
    for kind, steps in table.items():
        assert steps, kind
        for step in steps:
            assert step.do in STEPS, f"{kind}: no reading named {step.do!r}"
            if step.shape is not None:
                assert step.shape.anchor.kind == kind, f"{kind}: {step.shape.text} reads another kind"


CSV = """id,plan,monthly_fee,churned
1,Basic,20.5,true
2,Pro,50.0,false
3,Pro,55.0,false
"""


def test_the_recognizer_reads_its_shapes_from_the_data(tmp_path, monkeypatch) -> None:
    """Dropping the "{entity} <number>" shape from the table drops that reading of a number."""
    from assistant.engine import Assistant
    from catalog import Catalog
    from nlq import recognize

    (tmp_path / "customers.csv").write_text(CSV)
    assistant = Assistant(Catalog.load([str(tmp_path / "customers.csv")]), as_of=None)
    question = "monthly fee of customer 3"
    plan = assistant.plan(question)
    assert plan.status == "answer" and plan.intent is not None
    assert [(f.column, f.op, f.value) for f in plan.intent.filters] == [("customers.id", "=", 3)]

    table = dict(shapes())
    table["number"] = tuple(s for s in table["number"] if s.do != "record_id")
    monkeypatch.setattr(recognize, "shapes", lambda: table)
    assistant.reset()
    plan = assistant.plan(question)
    assert plan.status != "answer" or not any(f.column == "customers.id" for f in plan.intent.filters)


def test_every_kind_of_mention_has_its_readings_in_the_data() -> None:
    from nlq.recognize import PRIORITY

    assert set(PRIORITY) | {"unknown"} <= set(shapes())
