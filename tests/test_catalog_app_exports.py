"""Application database exports (a Django app's SQLite file): app-label table names, `<x>_id` keys
through the label, staff-role keys, ISO 8601 text times with offsets, numbers stored as text (real DuckDB)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from catalog import Catalog
from catalog.infer import app_label
from catalog.rolekeys import role_of
from catalog.semantic import Role

ROWS: dict[str, tuple[tuple[str, ...], list[tuple[object, ...]]]] = {
    "shop_employee": (
        ("id", "firstname", "reports_to_id"),
        [(1, "Ann", None), (2, "Bob", 1.0), (3, "Cy", 1.0)],
    ),
    "shop_customer": (
        ("id", "name", "support_rep_id"),
        [(i, f"c{i}", 2 + i % 2) for i in range(1, 11)],
    ),
    "shop_mediatype": (("id", "name"), [(1, "audio"), (2, "video")]),
    "shop_track": (
        ("id", "name", "mediatype_id", "unit_price", "Milliseconds"),
        [(i, f"t{i}", 1 + i % 2, 0.99, 1000 * i) for i in range(1, 9)],
    ),
    "shop_invoice": (
        ("id", "customer_id", "InvoiceDate", "Total"),
        [
            (i, 1 + i % 10, d, f"{i}.50")
            for i, d in enumerate(
                [
                    "2007-01-01T00:00:00Z",
                    "2007-01-02T10:00:00+02:00",
                    "2007-02-03T00:00:00.5Z",
                    "2008-03-01T23:00:00-05:00",
                ]
                * 3,
                start=1,
            )
        ],
    ),
    "shop_playlisttrack": (("id", "track_id", "playlist_id"), [(1, 1, 1), (2, 2, 1)]),
    "shop_invoiceline": (
        ("id", "invoice_id", "track_id", "unit_price", "Quantity"),
        [(i, 1 + i % 12, 1 + i % 6, 0.99, 1) for i in range(1, 30)],
    ),
}


def _write(path: Path, rows: dict[str, tuple[tuple[str, ...], list[tuple[object, ...]]]]) -> Path:
    con = sqlite3.connect(path)
    for table, (columns, values) in rows.items():  # untyped columns, as Django's SQLite exports have
        con.execute(f'CREATE TABLE "{table}" ({", ".join(f"{c!r}" for c in columns)})')
        con.executemany(f'INSERT INTO "{table}" VALUES ({", ".join("?" * len(columns))})', values)
    con.commit()
    con.close()
    return path


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    return Catalog.load([_write(tmp_path_factory.mktemp("app") / "shop.sqlite", ROWS)])


@pytest.mark.parametrize(
    ("tables", "label"),
    [
        (["chinook_customer", "chinook_invoice"], "chinook_"),
        (
            ["shop_customer", "shop_order", "auth_user", "django_migrations"],
            "shop_",
        ),  # framework tables aside
        (["customer_notes", "customer_orders"], ""),  # a row noun belongs to the name
        (["orders", "customers"], ""),
        (["shop_customer", "crm_contact"], ""),
        (["shop_customer"], ""),  # one table: nothing shared
    ],
)
def test_app_label(tables: list[str], label: str) -> None:
    assert app_label(tables) == label


@pytest.mark.parametrize(
    ("table", "entity"),
    [("shop_customer", "customers"), ("shop_invoice", "invoices"), ("shop_employee", "employees")],
)
def test_entity_without_the_app_label(shop: Catalog, table: str, entity: str) -> None:
    info = shop.model.tables[table]
    assert info.entity == entity
    assert f"shop {entity}" in info.synonyms  # the full name still names it


@pytest.mark.parametrize(
    ("column", "target"),
    [
        ("shop_invoice.customer_id", ("shop_customer", "id")),
        ("shop_invoiceline.invoice_id", ("shop_invoice", "id")),
        ("shop_invoiceline.track_id", ("shop_track", "id")),
        ("shop_track.mediatype_id", ("shop_mediatype", "id")),
        ("shop_customer.support_rep_id", ("shop_employee", "id")),  # a staff role, the only staff table
        ("shop_employee.reports_to_id", ("shop_employee", "id")),  # a float key, its own table
    ],
)
def test_keys_found_through_the_label(shop: Catalog, column: str, target: tuple[str, str]) -> None:
    col = shop.model.column(column)
    assert col.references == target and col.role == Role.FOREIGN_KEY


def test_text_times_with_offsets_are_utc_times(shop: Catalog) -> None:
    col = shop.model.column("shop_invoice.InvoiceDate")
    assert col.role == Role.TIME
    rows = shop.run("SELECT InvoiceDate FROM shop_invoice ORDER BY id LIMIT 4").rows
    assert [str(r[0]) for r in rows] == [
        "2007-01-01 00:00:00",
        "2007-01-02 08:00:00",
        "2007-02-03 00:00:00.500000",
        "2008-03-02 04:00:00",
    ]
    assert any("InvoiceDate: text -> TIMESTAMP" in c and "UTC" in c for c in shop.changes)
    assert shop.model.column("shop_invoice.Total").dtype == "DOUBLE"


def test_messy_text_times_stay_text_and_are_reported(tmp_path: Path) -> None:
    rows = dict(ROWS)
    columns, values = rows["shop_invoice"]
    rows["shop_invoice"] = (columns, [(*v[:2], "not a date" if v[0] == 3 else v[2], v[3]) for v in values])
    catalog = Catalog.load([_write(tmp_path / "messy.sqlite", rows)])
    assert catalog.model.column("shop_invoice.InvoiceDate").role != Role.TIME
    assert any(
        name == "shop_invoice.InvoiceDate" and "dates, the rest text" in why
        for name, why in catalog.suspicious
    )


def test_role_key_left_unbound_with_two_staff_tables(tmp_path: Path) -> None:
    rows = dict(ROWS)
    rows["shop_agent"] = (("id", "name"), [(1, "a"), (2, "b"), (3, "c")])
    catalog = Catalog.load([_write(tmp_path / "two.sqlite", rows)])
    assert catalog.model.column("shop_customer.support_rep_id").references is None
    assert any("support_rep_id" in c and "not bound" in c for c in catalog.changes)


@pytest.mark.parametrize(
    ("column", "role"),
    [("support_rep_id", "rep"), ("reports_to_id", "reports to"), ("account_manager_id", "account manager"),
     ("customer_id", None), ("rep", None)],
)  # fmt: skip
def test_role_of(column: str, role: str | None) -> None:
    assert role_of(column) == role


def test_catalogue_price_is_not_revenue(shop: Catalog) -> None:
    """Tracks an invoice line points at are a price list: revenue is of the lines (quantity x price)."""
    from nlq.schema import build_schema

    schema = build_schema(shop)
    assert "revenue" not in schema.tables["shop_track"].columns
    assert "revenue" in schema.tables["shop_invoiceline"].columns


def test_run_together_first_and_last_names_label_a_person(tmp_path: Path) -> None:
    """'firstname', 'lastname' (no separator) name a person as 'first_name', 'last_name' do, before a job title."""
    from nlq.finish import label_columns
    from nlq.schema import build_schema

    rows = dict(ROWS)
    rows["shop_employee"] = (
        ("id", "firstname", "lastname", "title", "reports_to_id"),
        [(1, "Ann", "Lee", "Manager", None), (2, "Bob", "Ray", "Agent", 1.0), (3, "Cy", "Fox", "Agent", 1.0)],
    )
    schema = build_schema(Catalog.load([_write(tmp_path / "names.sqlite", rows)]))
    assert label_columns(schema, "shop_employee") == ["shop_employee.firstname", "shop_employee.lastname"]


# ------------------------------------------------------------------ questions on the export

ASKED = [
    # (question, status, figure or a word of the question back) — figures checked against SQL below
    # things sold are counted in units (the lines' quantity); "how many different tracks" is asked back
    ("how many tracks have we sold?", "answer", "SELECT sum(Quantity) FROM shop_invoiceline"),
    ("how many different tracks have we sold?", "clarify", "units"),
    ("on average, how many invoices does a customer have?", "answer",
     "SELECT count(*) / (SELECT count(*) FROM shop_customer) FROM shop_invoice"),
    ("how many tracks run longer than 2 seconds", "answer", "SELECT count(*) FROM shop_track WHERE Milliseconds > 2000"),
    ("how many invoices are there?", "answer", "SELECT count(*) FROM shop_invoice"),
    ("how many songs are there?", "answer", "SELECT count(*) FROM shop_track"),  # a track is a song
    # denied, a selling verb is about the rows of a sale (the invoice lines), never a playlist's
    ("how many tracks have never been purchased?", "answer",
     "SELECT count(*) FROM shop_track WHERE id NOT IN (SELECT track_id FROM shop_invoiceline)"),
]  # fmt: skip


@pytest.fixture(scope="module")
def bot(shop: Catalog):  # -> assistant.engine.Assistant
    from assistant.engine import Assistant

    return Assistant(shop)


@pytest.mark.parametrize(("question", "status", "expected"), ASKED, ids=[a[0] for a in ASKED])
def test_questions_on_the_export(bot, shop: Catalog, question: str, status: str, expected: str) -> None:
    bot.reset()
    answer = bot.ask(question)
    assert answer.status == status, answer.text
    if status != "answer":
        assert expected in answer.text
        return
    want = shop.run(expected).rows[0][0]
    assert any(float(v) == pytest.approx(float(want)) for v in answer.rows[0]), (answer.rows, want)


def test_a_possessive_between_two_tables_records_is_asked_back(tmp_path: Path) -> None:
    """ "which support agent's customers ...": the agents are asked for, which the reader cannot yet do; a
    possessive within one table's rows ("each customer's name") is read as before."""
    from assistant.engine import Assistant

    rows = dict(ROWS)
    rows["shop_employee"] = (
        ("id", "firstname", "lastname", "title", "reports_to_id"),
        [(1, "Ann", "Lee", "Manager", None), (2, "Bob", "Ray", "Agent", 1.0), (3, "Cy", "Fox", "Agent", 1.0)],
    )
    bot = Assistant(Catalog.load([_write(tmp_path / "owners.sqlite", rows)]))
    answer = bot.ask("Which agent's customers have the most invoices?")
    assert answer.status == "clarify" and "agent's customers" in answer.text, answer.sql


def test_a_persons_first_and_last_name_are_also_shown_as_one_name(tmp_path: Path) -> None:
    from assistant.engine import Assistant

    rows = dict(ROWS)
    rows["shop_employee"] = (
        ("id", "firstname", "lastname", "title", "reports_to_id"),
        [(1, "Ann", "Lee", "Manager", None), (2, "Bob", "Ray", "Agent", 1.0), (3, "Cy", "Fox", "Agent", 1.0)],
    )
    bot = Assistant(Catalog.load([_write(tmp_path / "fullname.sqlite", rows)]))
    answer = bot.ask("number of customers per support rep")
    assert answer.status == "answer", answer.text
    at = answer.columns.index("full_name")
    assert {r[at] for r in answer.rows} == {"Bob Ray", "Cy Fox"}, answer.sql
