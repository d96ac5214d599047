"""Product lists and catalogues as a table (rows are products, not people): the rows named by their kind
and by any product list's words (PCs, machines, models, items), yes/no columns said with a feature noun
("a CD drive", "a sunroof option", "premium brands"), a specification's columns said in full ("clock
speed", "amount of RAM") and numbers said with a unit (MHz, GB, inch) read as the one column in that
unit holding them. Each answer is checked against an independent DuckDB query on generated tables."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import duckdb
import pytest

from assistant.engine import Assistant
from catalog import Catalog

SEED = 7


def _laptops(path: Path) -> Path:
    rng = random.Random(SEED)
    lines = ["price,speed,ram,hd,screen,cd,premium"]
    for _ in range(300):
        lines.append(
            ",".join(
                [
                    str(rng.randrange(600, 3000)),
                    str(rng.choice([1200, 1600, 2000, 2400])),
                    str(rng.choice([4, 8, 16, 32])),
                    str(rng.choice([128, 256, 512, 1024])),
                    str(rng.choice([13, 14, 15, 17])),
                    rng.choice(["yes", "no"]),
                    rng.choice(["yes", "no"]),
                ]
            )
        )
    out = path / "laptops.csv"
    out.write_text("\n".join(lines) + "\n")
    return out


def _cars(path: Path) -> Path:
    rng = random.Random(SEED + 1)
    lines = ["price,mpg,horsepower,sunroof,leather"]
    for _ in range(200):
        lines.append(
            f"{rng.randrange(9000, 60000)},{rng.randrange(12, 45)},{rng.randrange(70, 400)},"
            f"{rng.choice(['yes', 'no'])},{rng.choice(['yes', 'no'])}"
        )
    out = path / "cars.csv"
    out.write_text("\n".join(lines) + "\n")
    return out


def _old_pcs(path: Path) -> Path:
    """Memory and disk both in megabytes, and a value both hold (512): a number of MB is asked back."""
    rng = random.Random(SEED + 2)
    lines = ["price,speed,ram,hd,screen"]
    for _ in range(120):
        lines.append(
            f"{rng.randrange(900, 4000)},{rng.choice([25, 33, 66])},{rng.choice([256, 512])},"
            f"{rng.choice([512, 1024])},{rng.choice([14, 15])}"
        )
    out = path / "computers.csv"
    out.write_text("\n".join(lines) + "\n")
    return out


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("products")
    return {"laptops": _laptops(d), "cars": _cars(d), "computers": _old_pcs(d)}


def _ask(path: Path, *questions: str) -> dict[str, Any]:
    assistant = Assistant(Catalog.load([f"{path.stem}={path}"]))
    for q in questions:
        answer = assistant.ask(q).to_json(max_rows=10_000)
    return answer


def _gold(path: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect()
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{path}', all_varchar=false)")
    return con.execute(sql).fetchall()


def _norm(v: Any) -> Any:
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.lower() in ("yes", "no"):
        return v.lower() == "yes"
    return round(float(v), 4) if isinstance(v, int | float) else v


ONE_FIGURE = [
    ("laptops", ("How many laptops are on the price list?",), "SELECT count(*) FROM t"),
    ("laptops", ("How many models come with a CD drive?",), "SELECT count(*) FROM t WHERE cd"),
    ("laptops", ("What's the average price of a PC?",), "SELECT avg(price) FROM t"),
    ("laptops", ("How many machines are premium brands?",), "SELECT count(*) FROM t WHERE premium"),
    ("laptops", ("How many 16 GB laptops are there?",), "SELECT count(*) FROM t WHERE ram = 16"),
    ("laptops", ("How many 2000 MHz machines are there?",), "SELECT count(*) FROM t WHERE speed = 2000"),
    (
        "laptops",
        ("What's the average price of a 1600 MHz laptop with 8 GB of RAM?",),
        "SELECT avg(price) FROM t WHERE speed = 1600 AND ram = 8",
    ),
    ("laptops", ("How many laptops have 16 GB of RAM or more?",), "SELECT count(*) FROM t WHERE ram >= 16"),
    (
        "laptops",
        ("How many laptops have a hard drive of at least 512 GB?",),
        "SELECT count(*) FROM t WHERE hd >= 512",
    ),
    (
        "laptops",
        ("How many 15-inch machines come with a CD drive?",),
        "SELECT count(*) FROM t WHERE screen = 15 AND cd",
    ),
    (
        "laptops",
        ("How many laptops have 16 GB of RAM or more?", "How many of those come with a CD drive?"),
        "SELECT count(*) FROM t WHERE ram >= 16 AND cd",
    ),
    ("laptops", ("How many different clock speeds are offered?",), "SELECT count(DISTINCT speed) FROM t"),
    ("cars", ("How many vehicles have a sunroof option?",), "SELECT count(*) FROM t WHERE sunroof"),
    (
        "cars",
        ("What's the average price of models with a leather package?",),
        "SELECT avg(price) FROM t WHERE leather",
    ),
    ("cars", ("How many models are on the list?",), "SELECT count(*) FROM t"),
    ("computers", ("How many 66 MHz computers are there?",), "SELECT count(*) FROM t WHERE speed = 66"),
]


@pytest.mark.parametrize(("table", "questions", "gold"), ONE_FIGURE)
def test_one_figure_matches_duckdb(
    tables: dict[str, Path], table: str, questions: tuple[str, ...], gold: str
) -> None:
    answer = _ask(tables[table], *questions)
    assert answer["status"] == "answer", answer["text"]
    [[expected]] = _gold(tables[table], gold)
    assert len(answer["rows"]) == 1
    assert _norm(answer["rows"][0][-1]) == pytest.approx(_norm(expected))


GROUPED = [
    ("laptops", "Average price for each amount of RAM", "SELECT ram, avg(price) FROM t GROUP BY ram"),
    ("laptops", "Average price by processor speed", "SELECT speed, avg(price) FROM t GROUP BY speed"),
    (
        "laptops",
        "How many laptops are there per screen size?",
        "SELECT screen, count(*) FROM t GROUP BY screen",
    ),
    (
        "laptops",
        "Compare average prices of premium and non-premium brands.",
        "SELECT premium, avg(price) FROM t GROUP BY premium",
    ),
]


@pytest.mark.parametrize(("table", "question", "gold"), GROUPED)
def test_groups_match_duckdb(tables: dict[str, Path], table: str, question: str, gold: str) -> None:
    answer = _ask(tables[table], question)
    assert answer["status"] == "answer", answer["text"]
    got = sorted((_norm(r[0]), _norm(r[1])) for r in answer["rows"])
    expected = sorted((_norm(a), _norm(b)) for a, b in _gold(tables[table], gold))
    assert [g for g, _ in got] == [g for g, _ in expected]
    assert [v for _, v in got] == pytest.approx([v for _, v in expected])


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("How many models come with a CD drive?", ["'models' is", "'cd drive' is cd"]),
        (
            "How many 16 GB laptops are there?",
            ["ram is taken to be given in gb, as said", "'16 gb' is read as ram"],
        ),
        ("Average price by clock speed", ["'clock speed' is speed"]),
    ],
)
def test_every_binding_is_in_the_interpretation(
    tables: dict[str, Path], question: str, said: list[str]
) -> None:
    answer = _ask(tables["laptops"], question)
    for part in said:
        assert part in answer["interpretation"]


@pytest.mark.parametrize(
    ("table", "question"),
    [
        # memory and disk both hold 512 MB: which one is asked, never guessed
        ("computers", "How many 512 MB computers are there?"),
        # no column of the cars is given in megahertz
        ("cars", "How many 100 MHz cars are there?"),
    ],
)
def test_a_unit_no_single_column_holds_is_declined(
    tables: dict[str, Path], table: str, question: str
) -> None:
    assert _ask(tables[table], question)["status"] in ("clarify", "unsupported")


def test_people_are_no_product_list(tmp_path: Path) -> None:
    """A table of customers with a premium flag: its rows are never "models", nor its flag "brands"."""
    path = tmp_path / "customers.csv"
    rng = random.Random(SEED)
    rows = [
        f"{rng.randrange(18, 90)},{rng.randrange(1000, 9000)},{rng.choice(['yes', 'no'])}" for _ in range(50)
    ]
    path.write_text("age,income,premium\n" + "\n".join(rows) + "\n")
    assert _ask(path, "How many models are there?")["status"] in ("clarify", "unsupported")
    assert _ask(path, "How many customers come with a CD drive?")["status"] in ("clarify", "unsupported")
