"""Score the practice question sets (tests/questions/<dataset>.jsonl) in process, judged by tests/judge.py.

The sets were written blind (tests/questions/README.md). Gold rows come from ../shared/eval/check.py's own
loader (`load_gold_db`), except SQLite files it does not recognise (`.sl3`) or cannot decode (cp1252 text),
which are read here with the standard library the same way. The engine side loads the same files through
our catalog, one catalog per set, and asks each case as one conversation.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
from extra_data import EXTRA  # real data not in ../shared: a data path is looked up there second
from judge import Summary, Verdict, load_cases, run_cases, summarize

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "questions"
SHARED = ROOT.parent / "shared"
DATASETS = SHARED / "datasets"
CHECK = SHARED / "eval" / "check.py"
FIRST_CONTACT = QUESTIONS / "first_contact.json"
SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db", ".sl3")

TUNING = (
    "bank_marketing",
    "customer_personality",
    "clothing_reviews",
    "northwind",
    "sakila",
    "hr_attrition",
    "hotel_bookings",
    "olist_sample",
    "online_retail",
    "spider_complaints",
    "spider_addresses",
    "telco_fresh",
    "spider_invoices",
    "islp_credit",
    "spider_deliveries",
    "spider_products_contacts",
    "islp_default",
    "islp_wage",
    "spider_campaigns",
    "spider_cards",
    "islp_oj",
    "islp_carseats",
    "rdata_tips",
    "rdata_salaries",
    "survival_churn",
    "survival_hr",
    "survival_credit",
    "rdata_computers",
    "rdata_diamonds",
    "rdata_mortgages",
    "rdata_insurance",
    "lifetimes_transactions",
    "superstore",
    "chinook",
    "forbes_accounts",
    "chinook_classic",
    "crm2",
    "bankchurn",
    "ecom_churn",
    "classicmodels",
    "pizza",
    "telecom_churn",
    "sales_sample",
    "support_tickets",
    "coffee",
    "bankchurners",
    "marketing_clv",
    "bikestores",
    "starbucks",
    "hotel_reservations",
    "airline_satisfaction",
    "adidas_sales",
    "retail_txn",
    "shopping_trends",
    "amazon_sales",
    "maven_toys",
    "customer_shopping",
    "online_shoppers",
    "supermarket_sales",
    "saas_sales",
    "restaurant_orders",
    "netflix_userbase",
    "adventureworks",
    "wholesale_customers",
    "cafe_sales",
    "us_regional_sales",
    "ecommerce_shipping",
    "iranian_churn",
    "car_insurance_calls",
    "ecommerce_behavior",
    "mall_customers",
    "sales_analysis_2019",
    "black_friday",
    "health_insurance_xsell",
    "bank_transactions",
    "credit_card_segments",
    "airline_tweets",
    "marketing_ab",
    "subscription_churn",
    "gym_churn",
    "retail_sales",
    "hotel_reviews",
    "call_center",
    "consumer_complaints",
    "food_delivery",
    "comcast_complaints",
    "credit_default",
    "maven_market",
    "car_sales",
    "insurance_claims",
    "personal_loan",
    "customer_segmentation",
    "grocery_sales",
    "bakery_sales",
    "card_transactions",
    "coupon_acceptance",
    "global_electronics",
    "airline_loyalty",
    "fast_food_marketing",
    "vrinda_store",
    "gym_members",
    "credit_card_customers",
    "retail_store_dirty",
    "ecommerce_customers",
    "hotel_customers",
    "online_food_order",
    "medical_noshow",
    "bike_sales_europe",
    "mobile_user_behavior",
    "starbucks_survey",
    "diwali_sales",
    "support_csat",
    "travel_insurance",
    "lead_scoring",
    "online_sales",
    "car_purchasing",
    "ba_reviews",
    "loan_applications",
    "maven_churn",
    "toy_store",
    "medical_insurance",
    "uk_train_rides",
    "digital_wallet",
    "amazon_products",
    "bank_churn_records",
    "ola_bookings",
    "sprocket_central",
    "newspaper_churn",
    "ravenstack_saas",
    "coffee_shop_sample",
    "zomato_reviews",
)
BLIND: tuple[str, ...] = ()
"""Sets kept blind: nobody working on the engine looks at their failures until the end. A round's blind
sets stay outside the repository until they are scored; their score then is kept in first_contact.json
("blind_at_end") before they join TUNING (tests/questions/README.md)."""


def _check_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_eval_check", CHECK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _sqlite_gold(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    import pandas as pd

    src = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    src.text_factory = _decode
    names = [r[0] for r in src.execute("select name from sqlite_master where type='table'")]
    for name in names:
        cur = src.execute(f'select * from "{name}"')
        frame = pd.DataFrame(cur.fetchall(), columns=[d[0] for d in cur.description])
        con.register("_frame", frame)
        con.execute(f'create table "{name}" as select * from _frame')
        con.unregister("_frame")


def data_root(rel: str) -> Path:
    """The folder a case's data path is relative to: ../shared/datasets, else ../extra."""
    return DATASETS if (DATASETS / rel).exists() or not (EXTRA / rel).exists() else EXTRA


def missing_data(name: str) -> list[str]:
    """The data paths of one set that exist under neither root."""
    cases = load_cases(QUESTIONS / f"{name}.jsonl")
    paths = {rel for case in cases for rel in case["data"].values()}
    return sorted(rel for rel in paths if not (data_root(rel) / rel).exists())


def gold_connection(data: dict[str, str]) -> duckdb.DuckDBPyConnection:
    """The gold tables, as check.py loads them (SQLite and Excel files read here when check.py cannot)."""
    own = SQLITE_SUFFIXES + (".xlsx",)
    plain = {n: r for n, r in data.items() if not r.lower().endswith(own) and not (data_root(r) / r).is_dir()}
    roots = {data_root(rel) for rel in plain.values()}
    assert len(roots) <= 1, f"one case's files lie under one data root: {data}"
    con = _check_module().load_gold_db(plain, roots.pop()) if plain else duckdb.connect()
    for name, rel in data.items():
        if rel.lower().endswith(SQLITE_SUFFIXES):
            _sqlite_gold(con, data_root(rel) / rel)
        elif rel.lower().endswith(".xlsx"):
            _xlsx_gold(con, name, data_root(rel) / rel)
        elif (data_root(rel) / rel).is_dir():
            _folder_gold(con, name, data_root(rel) / rel)
    return con


def _folder_gold(con: duckdb.DuckDBPyConnection, name: str, folder: Path) -> None:
    """A folder of monthly exports as one table: its CSV files read together, columns matched by name."""
    pattern = str(folder / "*.csv").replace("'", "''")
    con.execute(f"CREATE TABLE \"{name}\" AS SELECT * FROM read_csv_auto('{pattern}', union_by_name = true)")


def _xlsx_gold(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> None:
    """The workbook's first sheet as table `name` (pandas): empty columns dropped, the header the first
    row that fills as many cells as the fullest row (a report's title rows above it skipped)."""
    import pandas as pd

    raw = pd.read_excel(path, sheet_name=0, header=None).dropna(axis=1, how="all").dropna(axis=0, how="all")
    filled = raw.notna().sum(axis=1)
    at = int((filled >= filled.max()).to_numpy().argmax())
    frame = raw.iloc[at + 1 :].copy()
    frame.columns = [str(c).strip() for c in raw.iloc[at]]
    frame = frame.infer_objects()
    for c in frame.columns:
        if frame[c].dtype == object:
            converted = pd.to_numeric(frame[c], errors="coerce")
            if converted.notna().sum() == frame[c].notna().sum():
                frame[c] = converted
    con.register("__gold_sheet", frame.reset_index(drop=True))
    con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM __gold_sheet')
    con.unregister("__gold_sheet")


def specs(data: dict[str, str]) -> list[str]:
    """`cra --data` specs for a case's data: SQLite files whole, other files as NAME=PATH."""
    return [
        str(data_root(rel) / rel)
        if rel.lower().endswith(SQLITE_SUFFIXES)
        else f"{name}={data_root(rel) / rel}"
        for name, rel in data.items()
    ]


def user_config(name: str) -> Path | None:
    """The cra.toml a user of this data would write (tests/questions/<set>.cra.toml), if the set has one:
    only what the data cannot say (OJ's brand codes CH/MM named Citrus Hill/Minute Maid)."""
    path = QUESTIONS / f"{name}.cra.toml"
    return path if path.is_file() else None


def score(name: str) -> tuple[Summary, list[Verdict]]:
    """Every turn of one set judged; the engine runs in this process on one catalog per data spec."""
    from assistant.engine import Assistant
    from catalog import Catalog

    cases = load_cases(QUESTIONS / f"{name}.jsonl")
    config = user_config(name)
    catalogs: dict[str, Any] = {}
    assistants: dict[tuple[str, dt.date | None], Any] = {}
    golds: dict[str, duckdb.DuckDBPyConnection] = {}

    def conversation(case: dict[str, Any]):  # -> judge.Ask
        key = json.dumps(case["data"], sort_keys=True)
        if key not in catalogs:
            catalogs[key] = Catalog.load(specs(case["data"]), config=config)
        as_of = dt.date.fromisoformat(case["as_of"]) if case.get("as_of") else None
        if (
            key,
            as_of,
        ) not in assistants:  # one per data and date (its lexicon is built once), reset per case
            assistants[(key, as_of)] = Assistant(catalogs[key], as_of=as_of)
        assistant = assistants[(key, as_of)]
        assistant.reset()
        return lambda q: json.loads(json.dumps(assistant.ask(q).to_json(max_rows=100_000), default=str))

    def gold_for(data: dict[str, str]) -> duckdb.DuckDBPyConnection:
        key = json.dumps(data, sort_keys=True)
        if key not in golds:
            golds[key] = gold_connection(data)
        return golds[key]

    verdicts = run_cases(cases, ROOT, conversation, gold_for=gold_for)
    return summarize(verdicts), verdicts


def first_contact() -> dict[str, dict[str, Any]]:
    """The engine's first-contact figures per set (before any change made for these sets)."""
    return json.loads(FIRST_CONTACT.read_text(encoding="utf-8"))["sets"]


def blind_at_end() -> dict[str, dict[str, Any]]:
    """Per set that was kept blind: its score at the end of that round, before it was opened."""
    return json.loads(FIRST_CONTACT.read_text(encoding="utf-8")).get("blind_at_end", {}).get("sets", {})
