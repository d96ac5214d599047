"""The practice question sets, written blind (tests/questions/README.md): floors on accuracy, a ceiling on wrong answers.

The bar is 0 wrong answers everywhere; FLOORS records what the engine has reached, so a change that makes
it worse fails here. Every set is open for tuning and at 0 wrong: the round-5 blind sets' four wrong
answers (islp_oj, islp_carseats, rdata_salaries) were fixed by class in round 7 (a possessive follow-up,
<noun>ID beside its recoding, "best <measure>", "how much more ... than").
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from judge import table  # noqa: E402
from practice_sets import CHECK, DATASETS, missing_data, score  # noqa: E402

FLOORS: dict[str, tuple[float, int]] = {
    "bank_marketing": (0.94, 0),
    "customer_personality": (0.91, 0),
    "clothing_reviews": (0.92, 0),
    "northwind": (0.97, 0),
    "sakila": (0.94, 0),
    "hr_attrition": (0.94, 0),
    "hotel_bookings": (0.94, 0),
    "olist_sample": (0.97, 0),
    "online_retail": (0.91, 0),
    "spider_complaints": (1.00, 0),
    "spider_addresses": (0.92, 0),
    "telco_fresh": (0.91, 0),
    "spider_invoices": (0.93, 0),
    "islp_credit": (1.0, 0),
    "spider_deliveries": (0.93, 0),
    "spider_products_contacts": (0.93, 0),
    "islp_default": (1.0, 0),
    "islp_wage": (1.0, 0),
    "spider_campaigns": (0.91, 0),
    "spider_cards": (0.96, 0),
    "islp_oj": (0.42, 0),
    "islp_carseats": (0.86, 0),
    "rdata_tips": (0.97, 0),
    "rdata_salaries": (0.86, 0),
    "survival_churn": (0.91, 0),
    "survival_hr": (0.84, 0),
    "survival_credit": (0.91, 0),
    "rdata_computers": (1.0, 0),
    "rdata_diamonds": (0.97, 0),
    "rdata_mortgages": (0.73, 0),
    "rdata_insurance": (0.55, 0),
    "lifetimes_transactions": (0.91, 0),
    "superstore": (0.92, 0),
    "chinook": (0.78, 0),
    "forbes_accounts": (0.60, 0),
    "chinook_classic": (0.85, 0),
    "crm2": (0.62, 0),
    "bankchurn": (0.84, 0),
    "ecom_churn": (0.6, 0),
    "classicmodels": (0.7, 0),  # 0.76 on the copy lost in round 15; the restored copy keeps its ids as DOUBLE
    "pizza": (0.64, 0),
    "telecom_churn": (0.81, 0),
    # opened at the end of round 10 (blind until then): the wrong answers left are said in the closing note
    "sales_sample": (0.57, 0),
    "support_tickets": (0.64, 0),
    "coffee": (0.30, 0),
    # round 11 (tests/questions/README.md): the wrong answers left are said in the closing note
    "bankchurners": (0.6, 0),
    "marketing_clv": (0.63, 0),
    "bikestores": (0.73, 0),
    "starbucks": (0.51, 0),
    "hotel_reservations": (0.58, 0),
    "airline_satisfaction": (0.57, 0),
    "adidas_sales": (0.59, 0),
    # opened at the end of round 11 (blind until then)
    "retail_txn": (0.44, 0),
    "shopping_trends": (0.71, 1),
    "amazon_sales": (0.39, 0),  # 16/41 since round 22: its data was fetched again (another public copy)
    # round 12 (tests/questions/README.md): three tuned, three opened at the end (blind until then)
    "maven_toys": (0.67, 0),
    "customer_shopping": (0.74, 0),
    "online_shoppers": (0.53, 0),
    "supermarket_sales": (0.69, 0),
    "saas_sales": (0.58, 0),
    "restaurant_orders": (0.54, 0),
    # round 13 (tests/questions/README.md): three tuned, three opened at the end (blind until then)
    "netflix_userbase": (0.83, 0),
    "adventureworks": (0.86, 0),
    "wholesale_customers": (0.47, 0),
    "cafe_sales": (0.47, 1),
    "us_regional_sales": (0.60, 0),
    "ecommerce_shipping": (0.63, 0),
    # round 14 (tests/questions/README.md): three tuned, three opened at the end (blind until then)
    "iranian_churn": (0.56, 0),
    "car_insurance_calls": (0.62, 0),
    "ecommerce_behavior": (0.90, 0),
    "mall_customers": (0.80, 0),
    "sales_analysis_2019": (0.51, 0),
    "black_friday": (0.72, 0),
    # round 15 (tests/questions/README.md): three tuned, three opened at the end (blind until then)
    "health_insurance_xsell": (0.65, 0),
    "bank_transactions": (0.73, 0),
    "credit_card_segments": (0.68, 0),
    "airline_tweets": (0.44, 0),
    "marketing_ab": (0.51, 0),
    "subscription_churn": (0.77, 0),
    # round 16 (tests/questions/README.md): three tuned, three opened at the end (blind until then)
    "gym_churn": (0.43, 0),
    "retail_sales": (0.70, 0),
    "hotel_reviews": (0.29, 0),
    "call_center": (0.40, 0),
    "consumer_complaints": (0.38, 0),
    "food_delivery": (0.27, 0),
    # round 17 (tests/questions/README.md): three tuned, three opened at the end (blind until then)
    "comcast_complaints": (0.57, 0),
    "credit_default": (0.39, 0),
    "maven_market": (0.61, 0),
    # (vs09's gold, "ORDER BY cars_sold ASC LIMIT 3", cuts a tie at 625 cars arbitrarily: C & M Motors or
    # Enterprise Rent A Car by the run, while the answer breaks it by name; right or wrong by the run)
    "car_sales": (0.60, 1),
    "insurance_claims": (0.62, 0),
    "personal_loan": (0.33, 0),
    # round 18 (tests/questions/README.md): three tuned, three opened at the end; the one wrong verdict left
    # in three sets is named in the README (two are limits of check.py, one a blank car type grouped)
    "customer_segmentation": (0.81, 0),
    "grocery_sales": (0.81, 1),
    "bakery_sales": (0.45, 1),
    "card_transactions": (0.84, 0),
    "coupon_acceptance": (0.60, 1),
    "global_electronics": (0.60, 0),
    # round 19 (tests/questions/README.md): six tuned (three written mid-round), three opened at the end; the
    # wrong verdicts left (each named in the README) are allowed here until the next round fixes them
    "airline_loyalty": (0.54, 1),
    "fast_food_marketing": (0.57, 0),
    "vrinda_store": (0.78, 0),
    "gym_members": (0.59, 1),
    "credit_card_customers": (0.63, 1),
    "retail_store_dirty": (0.79, 0),
    "ecommerce_customers": (0.27, 0),
    "hotel_customers": (0.39, 1),
    "online_food_order": (0.54, 0),
    # round 20 (tests/questions/README.md): four tuned, three opened at the end; the wrong verdicts left
    # (each named in the README) are allowed here until the next round fixes them
    "medical_noshow": (0.65, 1),
    "bike_sales_europe": (0.80, 0),
    "mobile_user_behavior": (0.74, 0),
    "starbucks_survey": (0.46, 0),
    "diwali_sales": (0.75, 1),
    "support_csat": (0.50, 0),
    "travel_insurance": (0.79, 0),
    # round 21 (tests/questions/README.md): three tuned, three opened at the end; the wrong verdicts left
    # (each named in the README) are allowed here until the next round fixes them
    "lead_scoring": (0.61, 1),
    "online_sales": (0.85, 0),
    "car_purchasing": (0.80, 1),
    "ba_reviews": (0.57, 2),
    "loan_applications": (0.68, 1),
    "maven_churn": (0.65, 0),
    # round 22: three tuned, three opened at the end; wrong verdicts left (README "Round 22") allowed
    "toy_store": (0.50, 1),
    "medical_insurance": (0.72, 0),
    "uk_train_rides": (0.38, 1),
    "digital_wallet": (0.62, 1),
    "amazon_products": (0.04, 1),
    "bank_churn_records": (0.75, 0),
    # round 23: three tuned, three opened at the end; wrong verdicts left (README "Round 23") allowed
    "ola_bookings": (0.51, 0),
    "sprocket_central": (0.36, 1),
    "newspaper_churn": (0.25, 0),
    "ravenstack_saas": (0.40, 0),
    "coffee_shop_sample": (0.26, 2),
    "zomato_reviews": (0.45, 4),
    # round 24: three tuned, three opened at the end; wrong verdicts left (README "Round 24") allowed
    "olist_funnel": (0.49, 0),
    "helpdesk_tickets": (0.51, 0),
    "indian_ecommerce": (0.62, 0),
    "bank_loan_portfolio": (0.51, 0),
    "powerco_churn": (0.27, 0),
    "disneyland_reviews": (0.39, 0),
    # round 25: three tuned, three opened at the end; wrong verdicts left (README "Round 25") allowed
    "dunnhumby_campaigns": (0.14, 0),
    "club_memberships": (0.68, 0),
    "amazon_device_reviews": (0.53, 0),
    "atliq_hotels": (0.30, 1),
    "car_insurance_claim": (0.35, 0),
    "atliq_sales": (0.62, 0),
    # round 26: three tuned, three opened at the end (README "Round 26")
    "salon_noshow": (0.42, 0),
    "foodhub_orders": (0.58, 0),
    "thelook": (0.65, 0),
    "nonprofit_fundraising": (0.64, 0),
    "megaline_telecom": (0.56, 0),
    "melb_housing": (0.64, 0),
    # round 27: three tuned, three opened at the end (README "Round 27")
    "quantium_chips": (0.54, 0),
    "edtech_365": (0.51, 0),
    "mobile_game_iap": (0.81, 0),
    "citibike_jc": (0.44, 0),
    "wwi_sales": (0.41, 0),
    "arts_venue_tickets": (0.62, 0),
    # round 28: three tuned, three opened at the end (README "Round 28")
    "scms_shipments": (0.26, 0),
    "ba_bookings": (0.62, 0),
    "gstore_sessions": (0.42, 0),
    "email_campaign_test": (0.14, 0),
    "stockholm_airbnb": (0.60, 0),
    "gym_chain_members": (0.76, 0),
    # round 29: three tuned, three opened at the end (README "Round 29"); mavenflix_subs' one wrong is nc40, a
    # tie at the first place shown as one day with the tie said (the gold lists both days)
    "kickstarter_campaigns": (0.60, 0),
    "walmart_stores": (0.35, 0),
    "maven_hospital": (0.50, 0),
    "mavenflix_subs": (0.47, 1),
    "car_repair_sudan": (0.46, 0),
    "hcar_recruiting": (0.44, 0),
    # round 30: three tuned, three opened at the end (README "Round 30"); grocery_inventory's one wrong is ud10
    # (products listed as rows where the gold sums product names); awesome_chocolates' three are uc36 (right
    # rows; the gold's only ORDER BY is inside its window, read as an order), uc08 and uc62 (the right records
    # listed without a column the gold shows: the office, the rep and date of each shipment)
    "ar_invoices": (0.57, 0),
    "procurement_kpi": (0.65, 0),
    "grocery_inventory": (0.70, 1),
    "awesome_chocolates": (0.61, 3),
    "financial_complaints": (0.56, 0),
    "freelancer_earnings": (0.59, 0),
}
"""Per set: (minimum accuracy, maximum wrong answers) as last measured; raise them as the engine improves."""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHECK.is_file() and DATASETS.is_dir()), reason="../shared is not beside the repo"
    ),
]


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_practice_set_meets_its_floor(name: str) -> None:
    if missing := missing_data(name):
        pytest.skip(
            f"data not in ../extra: {', '.join(missing)} (make extra-data fetches the PyPI tables; the exports "
            "saved from GitHub are named in their SOURCE.txt and tests/questions/README.md)"
        )
    summary, verdicts = score(name)
    floor, max_wrong = FLOORS[name]
    bad = [v for v in verdicts if v.verdict in ("wrong-answer", "wrong-refuse", "error")]
    print(f"\n{name}: {summary.line()}")
    assert summary.wrong <= max_wrong, f"wrong answers:\n{table(bad)}\n{summary.line()}"
    assert summary.accuracy >= floor, summary.line()
