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


def _autos(path: Path) -> Path:
    """A car list with a spec sheet's short names (mtcars-like): mpg, cyl, hp, wt."""
    rng = random.Random(SEED + 5)
    lines = ["mpg,cyl,hp,wt,price"]
    for _ in range(80):
        lines.append(
            f"{round(rng.uniform(10, 35), 1)},{rng.choice([4, 6, 8])},{rng.randrange(60, 340)},"
            f"{round(rng.uniform(1.5, 5.4), 3)},{rng.randrange(15000, 90000)}"
        )
    out = path / "cars.csv"
    out.write_text("\n".join(lines) + "\n")
    return out


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("products")
    autos = tmp_path_factory.mktemp("autos")
    return {"laptops": _laptops(d), "cars": _cars(d), "computers": _old_pcs(d), "autos": _autos(autos)}


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
    ("autos", ("How many cars have 6 cylinders?",), "SELECT count(*) FROM t WHERE cyl = 6"),
    ("autos", ("How many 8-cylinder vehicles are there?",), "SELECT count(*) FROM t WHERE cyl = 8"),
    (
        "autos",
        ("What's the average fuel economy of cars with more than 200 horsepower?",),
        "SELECT avg(mpg) FROM t WHERE hp > 200",
    ),
    ("autos", ("What's the average weight of the models?",), "SELECT avg(wt) FROM t"),
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
    (
        "laptops",
        "Do laptops with a CD drive cost more? Average price with and without a CD drive.",
        "SELECT cd, avg(price) FROM t GROUP BY cd",
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


# A column counting months, as cra.toml says (never inferred): a price list kept month by month.
INDEX_TOML = '[columns."wines.month_no"]\ncounts = "month"\nfirst = "2020-07"\n'


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    d = tmp_path_factory.mktemp("indexed")
    rng = random.Random(SEED + 3)
    rows = [f"{rng.randrange(100, 900)},{rng.randrange(1, 31)}" for _ in range(400)]
    data = d / "wines.csv"
    data.write_text("price,month_no\n" + "\n".join(rows) + "\n")
    config = tmp_path_factory.mktemp("config") / "cra.toml"  # not beside the data, where it would be found
    config.write_text(INDEX_TOML)
    return data, config


def _ask_indexed(indexed: tuple[Path, Path], question: str, config: bool = True) -> dict[str, Any]:
    data, toml = indexed
    catalog = Catalog.load([f"wines={data}"], config=toml if config else None)
    return Assistant(catalog).ask(question).to_json(max_rows=10_000)


INDEXED = [
    # July 2020 is month 1: 2021 is months 7 to 18
    (
        "How many wines were listed in 2021?",
        "SELECT count(*) FROM t WHERE month_no BETWEEN 7 AND 18",
        "is month_no 7 to 18",
    ),
    (
        "Average price in 2022",
        "SELECT avg(price) FROM t WHERE month_no BETWEEN 19 AND 30",
        "1 being July 2020",
    ),
    # the column's own name ("month no") is said: its value, as with any column
    ("How many items were listed in month 5?", "SELECT count(*) FROM t WHERE month_no = 5", "month no is 5"),
    (
        "Month 1 is July 2020. How many items were listed in 2021?",
        "SELECT count(*) FROM t WHERE month_no BETWEEN 7 AND 18",
        "'month 1 is July 2020' agrees with cra.toml",
    ),
]


@pytest.mark.parametrize(("question", "gold", "said"), INDEXED)
def test_a_month_index_from_cra_toml(indexed: tuple[Path, Path], question: str, gold: str, said: str) -> None:
    answer = _ask_indexed(indexed, question)
    assert answer["status"] == "answer", answer["text"]
    [[expected]] = _gold(indexed[0], gold)
    assert _norm(answer["rows"][0][-1]) == pytest.approx(_norm(expected))
    assert said in answer["interpretation"]


def test_each_month_groups_by_the_index(indexed: tuple[Path, Path]) -> None:
    answer = _ask_indexed(indexed, "Show the average price for each month.")
    assert answer["status"] == "answer", answer["text"]
    expected = _gold(indexed[0], "SELECT month_no, avg(price) FROM t GROUP BY month_no ORDER BY month_no")
    got = sorted((r[0], r[1]) for r in answer["rows"])
    assert [g for g, _ in got] == [g for g, _ in expected]
    assert [v for _, v in got] == pytest.approx([v for _, v in expected])
    assert "month_no counts months, 1 being July 2020 (cra.toml)" in answer["interpretation"]


@pytest.mark.parametrize(
    ("question", "config"),
    [
        ("Show the average price for each month.", False),  # no cra.toml: what month_no counts is unknown
        ("Month 1 is July 2020. How many items were listed in 2021?", False),  # never set by a question
        ("Month 1 is January 2020. How many items were listed in 2021?", True),  # disagrees with cra.toml
        ("How many items were listed on 15 March 2021?", True),  # no whole month
        ("Average price by week", True),  # the index counts months
        ("How many items were listed in month 5 of 2021?", True),  # two periods at once
    ],
)
def test_a_month_index_is_never_guessed(indexed: tuple[Path, Path], question: str, config: bool) -> None:
    assert _ask_indexed(indexed, question, config)["status"] in ("clarify", "unsupported")


def test_a_period_index_needs_its_unit_and_first_period(tmp_path: Path) -> None:
    from catalog.config import load_config
    from catalog.loaders import DataError

    data = tmp_path / "wines.csv"
    data.write_text("price,month_no\n10,1\n20,2\n")
    for body in ('counts = "fortnight"\nfirst = "2020-07"\n', 'counts = "month"\nfirst = "July"\n'):
        toml = tmp_path / "cra.toml"
        toml.write_text(f'[columns."wines.month_no"]\n{body}')
        with pytest.raises(DataError):
            Catalog.load([f"wines={data}"], config=load_config(toml).path)


def _stones(path: Path) -> Path:
    rng = random.Random(SEED + 4)
    lines = ["carat,cut,price"]
    for _ in range(150):
        carat = round(rng.uniform(0.2, 3.0), 2)
        lines.append(
            f"{carat},{rng.choice(['Good', 'Ideal', 'Premium'])},{int(carat * 3000) + rng.randrange(100, 900)}"
        )
    out = path / "stones.csv"
    out.write_text("\n".join(lines) + "\n")
    return out


@pytest.mark.parametrize(
    ("table", "question"),
    [
        # a price "per" a spec unit: a ratio as much as a split; asked back ("price per carat", the
        # quantity's own name, is the ratio of the totals, said so: tests/test_nlq_applications.py)
        ("laptops", "What's the average price per GB of RAM?"),
    ],
)
def test_price_per_a_quantity_is_asked_back(
    tables: dict[str, Path], tmp_path: Path, table: str, question: str
) -> None:
    path = _stones(tmp_path) if table == "stones" else tables[table]
    assert _ask(path, question)["status"] == "clarify"


def test_a_ratio_of_money_to_a_quantity_is_money_per_unit(tmp_path: Path) -> None:
    path = _stones(tmp_path)
    answer = _ask(path, "What is the ratio of price to carat for each cut?")
    assert answer["status"] == "answer", answer["text"]
    expected = _gold(path, "SELECT cut, sum(price) / sum(carat) FROM t GROUP BY cut")
    got = sorted((r[0], r[1]) for r in answer["rows"])
    assert [g for g, _ in got] == sorted(g for g, _ in expected)
    assert [v for _, v in got] == pytest.approx([v for _, v in sorted(expected)])
    assert "%" not in answer["text"] and "$" in answer["text"]  # an amount per carat, never a percentage


@pytest.fixture(scope="module")
def wines(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(SEED + 6)
    rows = [
        f"{rng.choice(['France', 'Italy', 'Chile'])},{rng.randrange(80, 100)},{rng.randrange(8, 200)},"
        f"{rng.randrange(1995, 2020)}"
        for _ in range(300)
    ]
    path = tmp_path_factory.mktemp("wines") / "wines.csv"
    path.write_text("country,points,price,vintage\n" + "\n".join(rows) + "\n")
    return path


@pytest.mark.parametrize(
    ("question", "gold"),
    [
        # a wine's vintage is the year of the list's rows where no column is a date
        ("How many wines are from 2015?", "SELECT count(*) FROM t WHERE vintage = 2015"),
        ("What's the average price of a 2010 vintage?", "SELECT avg(price) FROM t WHERE vintage = 2010"),
        ("How many bottles from 2015 onwards?", "SELECT count(*) FROM t WHERE vintage >= 2015"),
        ("How many wines since 2012?", "SELECT count(*) FROM t WHERE vintage >= 2012"),
        ("How many bottles cost more than $50?", "SELECT count(*) FROM t WHERE price > 50"),
    ],
)
def test_a_wine_list_by_vintage(wines: Path, question: str, gold: str) -> None:
    answer = _ask(wines, question)
    assert answer["status"] == "answer", answer["text"]
    [[expected]] = _gold(wines, gold)
    assert _norm(answer["rows"][0][-1]) == pytest.approx(_norm(expected))


@pytest.mark.parametrize(
    ("question", "gold"),
    [
        (
            "What's the price range of 1600 MHz laptops?",
            "SELECT min(price), max(price) FROM t WHERE speed = 1600",
        ),
        (
            "What's the price (lowest and highest) for 15-inch laptops?",
            "SELECT min(price), max(price) FROM t WHERE screen = 15",
        ),
        ("What is the range of prices?", "SELECT min(price), max(price) FROM t"),
    ],
)
def test_a_range_is_the_lowest_and_the_highest(tables: dict[str, Path], question: str, gold: str) -> None:
    answer = _ask(tables["laptops"], question)
    assert answer["status"] == "answer", answer["text"]
    [expected] = _gold(tables["laptops"], gold)
    assert [_norm(v) for v in answer["rows"][0]] == pytest.approx([_norm(v) for v in expected])


def test_a_number_with_a_unit_is_no_count_of_rows(tables: dict[str, Path]) -> None:
    """ "the highest price for 2000 MHz laptops": 2000 is the speed, never the rows to show."""
    answer = _ask(tables["laptops"], "What's the highest price for 2000 MHz laptops?")
    assert answer["status"] == "answer", answer["text"]
    [[expected]] = _gold(tables["laptops"], "SELECT max(price) FROM t WHERE speed = 2000")
    assert answer["rows"] == [[expected]]


def test_the_profile_shows_what_a_column_counts(indexed: tuple[Path, Path]) -> None:
    from catalog.profile import profile, render_profile

    data, toml = indexed
    shown = profile(Catalog.load([f"wines={data}"], config=toml))
    [col] = [c for t in shown["tables"] for c in t["columns"] if c["name"] == "month_no"]
    assert col["counts"] == {"unit": "month", "first": "2020-07-01"}
    assert "counts months, 1 = 2020-07 (cra.toml)" in render_profile(shown)


def test_price_per_carat_is_never_a_split_by_carat(tmp_path: Path) -> None:
    """Money per a fractional quantity: the ratio of the totals, or asked back; never one group per weight."""
    path = _stones(tmp_path)
    answer = _ask(path, "What is the average price per carat?")
    if answer["status"] == "answer":
        [[expected]] = _gold(path, "SELECT sum(price) / sum(carat) FROM t")
        assert len(answer["rows"]) == 1 and answer["rows"][0][-1] == pytest.approx(expected)
    else:
        assert answer["status"] == "clarify"


def test_the_largest_stone_is_by_its_carats(tmp_path: Path) -> None:
    """A gem's size is its weight in carats (concepts.yaml gem `size`): never the stones counted."""
    path = _stones(tmp_path)
    answer = _ask(path, "What's the largest stone we have in each cut?")
    assert answer["status"] == "answer", answer["text"]
    expected = sorted(_gold(path, "SELECT cut, max(carat) FROM t GROUP BY cut"))
    assert sorted((r[0], r[1]) for r in answer["rows"]) == expected
    assert "by carat" in answer["interpretation"]


STONES = [
    ("How many stones do we have in stock?", "SELECT count(*) FROM t"),
    ("What is the total value of our stock?", "SELECT sum(price) FROM t"),
    ("How many stones weigh more than 1 carat?", "SELECT count(*) FROM t WHERE carat > 1"),
    ("What's the average carat weight?", "SELECT avg(carat) FROM t"),
    ("What do Ideal stones sell for on average?", "SELECT avg(price) FROM t WHERE cut = 'Ideal'"),
    ("What is the heaviest stone?", "SELECT max(carat) FROM t"),
]


@pytest.mark.parametrize(("question", "gold"), STONES)
def test_a_jewellers_stock(tmp_path: Path, question: str, gold: str) -> None:
    path = _stones(tmp_path)
    answer = _ask(path, question)
    assert answer["status"] == "answer", answer["text"]
    [[expected]] = _gold(path, gold)
    assert _norm(answer["rows"][0][-1]) == pytest.approx(_norm(expected))


def test_stock_value_by_a_grade_and_the_heaviest_listed(tmp_path: Path) -> None:
    path = _stones(tmp_path)
    answer = _ask(path, "Total stock value by cut")
    assert answer["status"] == "answer", answer["text"]
    expected = sorted(_gold(path, "SELECT cut, sum(price) FROM t GROUP BY cut"))
    assert sorted((r[0], r[1]) for r in answer["rows"]) == expected
    answer = _ask(path, "List our three heaviest stones with carat and price.")
    assert answer["status"] == "answer", answer["text"]
    top = _gold(path, "SELECT carat FROM t ORDER BY carat DESC LIMIT 3")
    assert [r[0] for r in answer["rows"]] == [c for (c,) in top]


def test_colour_grades_said_by_their_group(tmp_path: Path) -> None:
    """A jeweller's colour scale: "colourless" is D, E, F (nlq/grammar/valuegroups.yaml); the letters said
    after the group word only restate it."""
    rng = random.Random(SEED + 7)
    rows = [f"{rng.choice('DEFGHIJ')},{rng.randrange(300, 9000)}" for _ in range(200)]
    path = tmp_path / "diamonds.csv"
    path.write_text("color,price\n" + "\n".join(rows) + "\n")
    share = "SELECT avg(CASE WHEN color IN ('D', 'E', 'F') THEN 1 ELSE 0 END) FROM t"
    for question, gold in (
        ("What percentage of the stock is in the colourless grades D, E or F?", share),
        (
            "What is the average price of colourless stones?",
            "SELECT avg(price) FROM t WHERE color IN ('D','E','F')",
        ),
        (
            "How many near colourless diamonds are there?",
            "SELECT count(*) FROM t WHERE color IN ('G','H','I','J')",
        ),
    ):
        answer = _ask(path, question)
        assert answer["status"] == "answer", answer["text"]
        [[expected]] = _gold(path, gold)
        got = _norm(answer["rows"][0][-1])
        assert got == pytest.approx(_norm(expected)) or got == pytest.approx(100 * _norm(expected))


def test_a_follow_up_says_one_for_the_records(tmp_path: Path) -> None:
    path = _stones(tmp_path)
    answer = _ask(path, "What's the average price of an Ideal stone?", "And a Premium one?")
    assert answer["status"] == "answer", answer["text"]
    [[expected]] = _gold(path, "SELECT avg(price) FROM t WHERE cut = 'Premium'")
    assert answer["rows"][0][-1] == pytest.approx(expected)


def test_heaviest_without_a_size_is_asked_back(tables: dict[str, Path]) -> None:
    """Computers have no weight: "the heaviest" is never ranked by their price."""
    assert _ask(tables["laptops"], "What is the heaviest laptop?")["status"] == "clarify"
