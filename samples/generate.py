"""Generate the bundled sample CRM data: customers, orders, tickets and feedback.

`python -m samples.generate` rewrites samples/*.csv. Everything comes from one seeded numpy Generator
(no data is copied from anywhere), so the files are byte-for-byte reproducible. The same vectorised
`build` / `write` serve `benchmarks.generate_large` at millions of rows.

The data behaves like a subscription business: churn depends on plan, acquisition channel, ticket
volume, ticket satisfaction and tenure (Weibull hazard falling with tenure); spend is heavy-tailed
with a few bulk-buying whales; orders peak in Q4; NPS follows satisfaction and drops before churn;
comments are composed from phrase pieces with a sentiment that matches the NPS score.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

T = TypeVar("T")

# ---------------------------------------------------------------------------------------------------
# Comment phrase pieces and composer
# ---------------------------------------------------------------------------------------------------
INTENSIFIERS = ("really ", "extremely ", "very ", "super ", "so ", "incredibly ", "truly ")
"""Degree words inserted at a clause's `{i}` slot (VADER boosts the word that follows)."""

POSITIVE = (
    ("product", "the product is {i}great"),
    ("product", "I love this product"),
    ("product", "the platform is {i}solid and does exactly what we need"),
    ("product", "it saves our team hours every week, {i}happy with it"),
    ("product", "best tool we have used for this"),
    ("product", "the app is not bad at all"),
    ("product", "everything just works, {i}impressed"),
    ("delivery", "delivery was {i}quick and the package arrived in perfect condition"),
    ("delivery", "my order arrived early, {i}nice"),
    ("delivery", "shipping was {i}easy to track"),
    ("price", "pricing is {i}fair for what you get"),
    ("price", "{i}good value for the money"),
    ("price", "worth every penny"),
    ("support", "support was {i}helpful"),
    ("support", "the support team is {i}friendly and responsive"),
    ("support", "Maria from support solved my problem in minutes, {i}grateful"),
    ("support", "customer service was {i}excellent"),
    ("bugs", "no crashes since the last update, {i}stable now"),
    ("bugs", "the bug I reported was fixed within a day, great job"),
    ("billing", "billing is clear and invoices are easy to find"),
    ("billing", "they refunded a double charge right away, {i}appreciated"),
    ("onboarding", "onboarding was {i}easy"),
    ("onboarding", "the onboarding calls were {i}useful"),
    ("onboarding", "setup was painless and the docs are {i}helpful"),
    ("features", "the new dashboard is {i}useful"),
    ("features", "reporting features are {i}good"),
    ("features", "I love the automation features"),
    ("features", "the mobile app is {i}convenient"),
    ("features", "integrations work {i}well with our CRM"),
)
"""Positive clauses as (theme, template)."""

NEGATIVE = (
    ("product", "the product is {i}disappointing"),
    ("product", "by far the worst tool we pay for"),
    ("product", "it is {i}frustrating to use every day"),
    ("product", "the app feels {i}sluggish and outdated"),
    ("delivery", "delivery was {i}late again"),
    ("delivery", "my order arrived damaged, {i}annoying"),
    ("delivery", "shipping delays every single month, unacceptable"),
    ("delivery", "the package never arrived and nobody cared"),
    ("price", "the price is {i}ridiculous for what you get"),
    ("price", "not worth the money"),
    ("price", "another price increase, {i}disappointed"),
    ("support", "support is {i}slow and unhelpful"),
    ("support", "support never answered my emails, terrible service"),
    ("support", "the support agent was rude"),
    ("support", "waited a week for a reply from support, {i}frustrating"),
    ("bugs", "the app keeps crashing"),
    ("bugs", "too many bugs, exports are broken half the time"),
    ("bugs", "sync fails every other day"),
    ("billing", "I was charged twice this month, {i}annoyed"),
    ("billing", "billing errors again, what a mess"),
    ("billing", "cancelling is a nightmare, they keep billing me"),
    ("onboarding", "onboarding was {i}confusing"),
    ("onboarding", "the setup was a pain and the docs are useless"),
    ("features", "the export feature is missing, which is {i}frustrating"),
    ("features", "the new UI is {i}confusing and hard to use"),
    ("features", "reporting is {i}poor compared to competitors"),
    ("features", "the mobile app is {i}bad"),
    ("features", "login problems every week"),
)
"""Negative clauses as (theme, template)."""

NEUTRAL = (
    ("product", "it does the job"),
    ("product", "we use it mainly for reporting"),
    ("product", "nothing special, nothing terrible either"),
    ("product", "still evaluating it against other tools"),
    ("delivery", "delivery was on time"),
    ("price", "the price is ok"),
    ("price", "pricing is about what we expected"),
    ("support", "support answered within two days"),
    ("features", "would like a dark mode"),
    ("features", "please add an API for invoices"),
    ("onboarding", "onboarding took about a week"),
    ("billing", "we switched to annual billing this year"),
    ("product", "average experience overall"),
)
"""Neutral clauses as (theme, template)."""

OPENERS = {
    "pos": ("", "", "", "Overall, ", "Honestly, ", "So far ", "Great experience: ", "Wow, ", "Ok so "),
    "neg": ("", "", "", "Honestly, ", "Sadly, ", "Unfortunately, ", "Ugh, ", "Seriously, "),
    "neutral": ("", "", "", "Overall ", "Hmm, ", "Well, "),
    "mixed": ("", "", "", "Honestly, ", "Overall, ", "Mixed feelings: "),
}
CLOSERS = {
    "pos": ("", "", "", " Would recommend!", " Keep it up.", " Thanks!", " 10/10", " Will renew for sure."),
    "neg": (
        "",
        "",
        "",
        " Considering cancelling.",
        " Please fix this.",
        " Very disappointed.",
        " Not renewing.",
    ),
    "neutral": ("", "", "", " We'll see.", " Fine for now.", " No complaints."),
    "mixed": ("", "", "", " Please improve.", " Still a fan overall.", " On the fence about renewing."),
}
EMOJI = {
    "pos": (" 😀", " 👍", " ❤️", " 🙂", " 🚀", " 😍"),
    "neg": (" 😡", " 👎", " 😞", " 🙁", " 😤"),
    "neutral": (" 🤷",),
    "mixed": (" 🤔", " 😐"),
}
MIXED_JOINERS = (" but ", ", but ", ". However, ", ", although ", ", yet ")
SAME_JOINERS = (" and ", ", ", ". Also ", ". ")
MISSPELLINGS = {
    "really": "realy",
    "support": "suport",
    "delivery": "delivey",
    "definitely": "definately",
    "the": "teh",
    "experience": "experiance",
    "receive": "recieve",
    "package": "pakage",
    "because": "becuase",
    "useful": "usefull",
    "disappointed": "dissapointed",
    "frustrating": "frustating",
    "annoying": "anoying",
    "helpful": "helpfull",
    "arrived": "arived",
}
"""Common misspellings, applied to a few comments to mimic real typing."""

KINDS = ("pos", "pos_strong", "neutral", "mixed", "neg", "neg_strong")
"""Comment kinds: `_strong` kinds always use an intensifier and more often an emoji or exclamation."""

_CLAUSES = {"pos": POSITIVE, "neg": NEGATIVE, "neutral": NEUTRAL}


def _pick(rng: np.random.Generator, items: Sequence[T]) -> T:
    return items[int(rng.integers(len(items)))]


def _fill(rng: np.random.Generator, template: str, strong: bool) -> str:
    slot = _pick(rng, INTENSIFIERS) if strong or rng.random() < 0.3 else ""
    return template.replace("{i}", slot)


def _clauses(rng: np.random.Generator, polarity: str, n: int, strong: bool) -> list[str]:
    table = _CLAUSES[polarity]
    idx = rng.choice(len(table), size=n, replace=False)
    return [_fill(rng, table[int(i)][1], strong) for i in idx]


def _typo(rng: np.random.Generator, text: str) -> str:
    words = text.split(" ")
    hits = [k for k, w in enumerate(words) if w.lower().strip(",.!") in MISSPELLINGS]
    if hits:
        k = _pick(rng, hits)
        word = words[k]
        core = word.strip(",.!")
        words[k] = word.replace(core, MISSPELLINGS[core.lower()])
        return " ".join(words)
    k = int(rng.integers(len(words)))
    w = words[k]
    if len(w) >= 5 and w.isalpha():
        j = int(rng.integers(1, len(w) - 2))
        words[k] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


def compose(rng: np.random.Generator, kind: str) -> str:
    """One comment of `kind` (see KINDS), composed from the phrase tables."""
    strong = kind.endswith("_strong")
    base = kind.removesuffix("_strong")
    if base == "mixed":
        first, second = ("pos", "neg") if rng.random() < 0.6 else ("neg", "pos")
        body = (
            _clauses(rng, first, 1, False)[0] + _pick(rng, MIXED_JOINERS) + _clauses(rng, second, 1, False)[0]
        )
    else:
        n = 1 if rng.random() < 0.55 else 2
        parts = _clauses(rng, base, n, strong)
        body = parts[0]
        if n == 2:
            joiner = _pick(rng, SAME_JOINERS)
            second = parts[1][0].upper() + parts[1][1:] if joiner.endswith(". ") else parts[1]
            body += joiner + second
    text = _pick(rng, OPENERS[base]) + body
    text = text[0].upper() + text[1:]
    end = "!" if strong and rng.random() < 0.6 else "."
    text += end if rng.random() < 0.85 else ""
    text += _pick(rng, CLOSERS[base])
    if rng.random() < (0.35 if strong else 0.12):
        text += _pick(rng, EMOJI[base])
    if rng.random() < 0.08:
        text = _typo(rng, text)
    if rng.random() < 0.05:
        text = text.lower()
    return text


def comment_pool(rng: np.random.Generator, kind: str, size: int) -> list[str]:
    """Up to `size` distinct comments of `kind`, in a deterministic order for a given generator state."""
    seen: dict[str, None] = {}
    for _ in range(size * 3):
        seen.setdefault(compose(rng, kind), None)
        if len(seen) >= size:
            break
    return list(seen)


# ---------------------------------------------------------------------------------------------------
# Reference tables (data, not code)
# ---------------------------------------------------------------------------------------------------

SEED = 20251231
"""Seed of the numpy Generator behind the bundled samples."""
START = dt.date(2023, 1, 1)
END = dt.date(2025, 12, 31)
"""Every date in the data lies in START..END; tests use END as the as-of date."""
SIZES = {"customers": 5_000, "orders": 60_000, "tickets": 8_000, "feedback": 6_000}
"""Row counts of the bundled samples."""
TABLES = ("customers", "orders", "tickets", "feedback")

COUNTRIES = (  # (country, region, weight)
    ("United States", "North America", 30.0),
    ("Canada", "North America", 6.0),
    ("Mexico", "Latin America", 3.0),
    ("Brazil", "Latin America", 4.0),
    ("Argentina", "Latin America", 1.5),
    ("Chile", "Latin America", 1.0),
    ("United Kingdom", "Europe", 9.0),
    ("Germany", "Europe", 8.0),
    ("France", "Europe", 6.0),
    ("Netherlands", "Europe", 3.0),
    ("Spain", "Europe", 3.0),
    ("Italy", "Europe", 2.5),
    ("Sweden", "Europe", 2.0),
    ("Poland", "Europe", 2.0),
    ("Ireland", "Europe", 1.5),
    ("India", "Asia Pacific", 5.0),
    ("Japan", "Asia Pacific", 3.5),
    ("Australia", "Asia Pacific", 4.0),
    ("Singapore", "Asia Pacific", 2.0),
    ("South Korea", "Asia Pacific", 1.5),
    ("New Zealand", "Asia Pacific", 1.0),
    ("South Africa", "Middle East & Africa", 1.5),
    ("United Arab Emirates", "Middle East & Africa", 1.5),
    ("Nigeria", "Middle East & Africa", 1.0),
    ("Israel", "Middle East & Africa", 1.0),
)
INDUSTRIES = (  # (industry, weight)
    ("Software", 18.0),
    ("Retail", 14.0),
    ("Healthcare", 9.0),
    ("Financial Services", 10.0),
    ("Manufacturing", 9.0),
    ("Education", 7.0),
    ("Media", 5.0),
    ("Logistics", 6.0),
    ("Hospitality", 5.0),
    ("Real Estate", 5.0),
    ("Nonprofit", 4.0),
    ("Consulting", 8.0),
)
PLANS = {  # weight, fee, churn hazard, tickets/yr, satisfaction, orders/yr, mean extra quantity
    "Basic": (0.40, 29.0, 1.9, 0.9, 3.55, 3.0, 0.3),
    "Standard": (0.30, 79.0, 1.0, 1.1, 3.75, 4.0, 0.6),
    "Pro": (0.20, 199.0, 0.6, 1.3, 3.95, 5.0, 1.2),
    "Enterprise": (0.10, 900.0, 0.3, 2.2, 4.1, 7.0, 3.0),
}
"""Plan name -> (share, base monthly fee, churn hazard multiplier, tickets a year, mean ticket
satisfaction, orders a year, mean extra items an order)."""
CHANNELS = {  # share, churn hazard multiplier
    "Organic Search": (0.24, 1.0),
    "Paid Search": (0.18, 1.3),
    "Referral": (0.14, 0.7),
    "Partner": (0.10, 0.8),
    "Social Media": (0.12, 1.4),
    "Email Campaign": (0.08, 1.1),
    "Events": (0.06, 0.85),
    "Direct Sales": (0.08, 0.75),
}
FEE_DISCOUNTS = ((0.0, 0.70), (0.10, 0.15), (0.15, 0.08), (0.20, 0.07))  # (discount, share)
FEE_UPLIFT = {2023: 1.0, 2024: 1.05, 2025: 1.10}
"""List-price increase by signup year."""
CHURN_SHAPE = 0.8
"""Weibull shape (< 1: the churn hazard falls with tenure, new customers churn most)."""
CHURN_SCALE_YEARS = 7.5
"""Weibull scale for a customer with hazard multiplier 1."""
CHURN_TICKET_POWER = 0.8
CHURN_SATISFACTION_SLOPE = 0.9
"""Hazard multiplier = plan x channel x ticket_rate^power x exp(slope x (3.8 - satisfaction)) x noise."""
MIN_TENURE_DAYS = 30

_FIRST_NAMES_TEXT = """
James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan
Joseph Jessica Thomas Sarah Charles Karen Daniel Lisa Matthew Nancy Anthony Sandra Mark Ashley
Steven Emily Paul Michelle Andrew Amanda Joshua Melissa Kevin Rebecca Brian Laura George Emma
Timothy Olivia Jason Sophia Ryan Chloe Jacob Grace Lucas Mia Noah Hannah Liam Ava Ethan Zoe Oliver
Isabella Leon Lena Jonas Anna Felix Clara Lukas Marie Hugo Camille Louis Manon Luca Giulia Marco
Sofia Pablo Lucia Diego Valentina Mateo Camila João Ana Pedro Beatriz Arjun Priya Rahul Ananya Wei
Mei Hiroshi Yuki Kenji Sakura Minjun Jiwoo Oluwaseun Amara Chinedu Ngozi Ahmed Fatima Omar Layla
Yusuf Noor Erik Astrid Lars Ingrid Piotr Zofia Sean Aoife Aiden Siobhan Tariq Leila
"""
FIRST_NAMES: tuple[str, ...] = tuple(_FIRST_NAMES_TEXT.split())
_LAST_NAMES_TEXT = """
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Wilson
Anderson Thomas Taylor Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker
Young Allen King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter
Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers Morgan Cooper
Peterson Reed Bailey Kelly Howard Cox Ward Richardson Watson Brooks Wood James Bennett Gray Hughes
Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Dubois Bernard Moreau Laurent Rossi Russo
Ferrari Esposito Bianchi Silva Santos Oliveira Souza Pereira Fernández González Sánchez Patel Sharma
Singh Kumar Gupta Iyer Tanaka Suzuki Sato Takahashi Kim Park Choi Wang Li Zhang Chen Liu Okafor
Adeyemi Okonkwo Nwosu Khan Hassan Ali Cohen Levi Johansson Andersson Nowak Kowalski O'Brien O'Connor
Murray Walsh Byrne Jansen
"""
LAST_NAMES: tuple[str, ...] = (*_LAST_NAMES_TEXT.split(), "van Dijk", "de Vries")
_EMAIL_DOMAINS_TEXT = """
gmail.com outlook.com yahoo.com icloud.com hotmail.com proton.me gmx.de web.de orange.fr libero.it
yahoo.co.jp naver.com mail.com fastmail.com zoho.com
"""
EMAIL_DOMAINS: tuple[str, ...] = tuple(_EMAIL_DOMAINS_TEXT.split())

PRODUCTS = (  # (product, category, list price, popularity)
    ("Extra Seat", "Licenses", 19.0, 30.0),
    ("Seat Pack (10)", "Licenses", 170.0, 10.0),
    ("Seat Pack (50)", "Licenses", 790.0, 2.0),
    ("Annual License Upgrade", "Licenses", 1200.0, 1.5),
    ("Analytics Add-on", "Add-ons", 49.0, 14.0),
    ("Automation Add-on", "Add-ons", 59.0, 10.0),
    ("Advanced Security Add-on", "Add-ons", 99.0, 5.0),
    ("API Access Add-on", "Add-ons", 79.0, 6.0),
    ("Extra Storage 100 GB", "Add-ons", 15.0, 18.0),
    ("Extra Storage 1 TB", "Add-ons", 99.0, 4.0),
    ("SMS Credits (1,000)", "Credits", 25.0, 16.0),
    ("SMS Credits (10,000)", "Credits", 210.0, 4.0),
    ("Email Credits (50,000)", "Credits", 45.0, 12.0),
    ("AI Assistant Credits", "Credits", 30.0, 10.0),
    ("Card Reader", "Hardware", 59.0, 6.0),
    ("Receipt Printer", "Hardware", 189.0, 3.0),
    ("Barcode Scanner", "Hardware", 129.0, 3.0),
    ("POS Terminal", "Hardware", 649.0, 1.5),
    ("Tablet Stand", "Hardware", 39.0, 5.0),
    ("Onboarding Package", "Services", 499.0, 2.5),
    ("Data Migration", "Services", 1500.0, 1.0),
    ("Custom Integration", "Services", 2500.0, 0.6),
    ("Priority Support (1 yr)", "Services", 990.0, 1.2),
    ("Consulting Hour", "Services", 150.0, 4.0),
    ("Admin Training Course", "Training", 299.0, 2.0),
    ("User Training Workshop", "Training", 149.0, 3.0),
    ("Certification Exam", "Training", 99.0, 2.0),
    ("Branded Templates Pack", "Templates", 29.0, 8.0),
    ("Report Templates Pack", "Templates", 35.0, 7.0),
    ("Marketing Templates Pack", "Templates", 39.0, 6.0),
)
PLAN_CATEGORY_WEIGHT = {  # relative taste for a category by plan
    "Basic": {"Licenses": 0.8, "Services": 0.2, "Training": 0.5, "Hardware": 1.2, "Templates": 1.6},
    "Standard": {"Licenses": 1.0, "Services": 0.5, "Training": 0.8},
    "Pro": {"Licenses": 1.3, "Services": 1.2, "Training": 1.2, "Templates": 0.8},
    "Enterprise": {"Licenses": 2.0, "Services": 3.0, "Training": 2.0, "Templates": 0.5, "Hardware": 0.7},
}
ORDER_CHANNELS = (
    ("Web", 0.52),
    ("Mobile App", 0.18),
    ("Sales Rep", 0.12),
    ("Phone", 0.07),
    ("Partner", 0.11),
)
ORDER_DISCOUNTS = ((0.0, 0.72), (0.05, 0.10), (0.10, 0.11), (0.20, 0.05), (0.30, 0.02))
PRICE_GROWTH = 0.04
"""Yearly list-price increase."""
MONTH_WEIGHT = (0.85, 0.8, 0.95, 0.95, 1.0, 0.95, 0.9, 0.9, 1.0, 1.1, 1.45, 1.65)
"""Order seasonality by calendar month: a Q4 peak (Black Friday, year-end budgets)."""
WEEKDAY_WEIGHT = (1.05, 1.1, 1.1, 1.05, 1.0, 0.7, 0.6)  # Monday .. Sunday
PRE_CHURN_FADE = (90, 0.35)
"""In the last N days before churning, a churning customer orders at this fraction of the usual rate."""
WHALE_SHARE = 0.012
"""Share of customers who buy in bulk (Pareto-distributed quantity multipliers)."""
SIGNUP_GROWTH = 0.9
"""Exponential growth of sign-ups over the period (later months bring more customers)."""

PRIORITIES = {  # share, median hours to close, satisfaction shift
    "Low": (0.35, 70.0, 0.1),
    "Medium": (0.40, 30.0, 0.0),
    "High": (0.20, 12.0, -0.15),
    "Urgent": (0.05, 4.0, -0.3),
}
TOPICS = {  # share in normal tickets, share in tickets of customers about to churn
    "Billing": (0.16, 0.26),
    "Login & Access": (0.12, 0.08),
    "Bug Report": (0.17, 0.24),
    "Feature Request": (0.12, 0.05),
    "Onboarding": (0.09, 0.05),
    "Integration": (0.10, 0.08),
    "Performance": (0.08, 0.12),
    "Data Export": (0.06, 0.04),
    "Account Changes": (0.05, 0.06),
    "Delivery": (0.05, 0.02),
}
HOUR_WEIGHT = (1, 1, 1, 1, 1, 2, 4, 8, 14, 16, 16, 15, 12, 14, 15, 14, 12, 9, 6, 5, 4, 3, 2, 1)
"""Tickets by hour of day opened."""
OPEN_STALE_SHARE = 0.015
"""Share of old tickets left open (forgotten) on top of the recent ones not yet closed."""
SATISFACTION_BLANK = 0.35
"""Share of closed tickets whose satisfaction survey was not answered."""
PRE_CHURN_CLUSTER = (0.4, 60)
"""Share of a churned customer's tickets filed in the last N days before churning."""

NPS_KIND_PROBS = (  # by NPS 0..10, probabilities of comment kinds in KINDS order
    (0.00, 0.00, 0.03, 0.07, 0.30, 0.60),
    (0.00, 0.00, 0.03, 0.07, 0.32, 0.58),
    (0.00, 0.00, 0.04, 0.08, 0.38, 0.50),
    (0.01, 0.00, 0.05, 0.12, 0.47, 0.35),
    (0.02, 0.00, 0.07, 0.16, 0.55, 0.20),
    (0.03, 0.00, 0.09, 0.20, 0.55, 0.13),
    (0.05, 0.00, 0.12, 0.25, 0.50, 0.08),
    (0.25, 0.02, 0.22, 0.33, 0.16, 0.02),
    (0.42, 0.05, 0.18, 0.27, 0.08, 0.00),
    (0.55, 0.20, 0.10, 0.13, 0.02, 0.00),
    (0.45, 0.42, 0.05, 0.07, 0.01, 0.00),
)
COMMENT_BLANK = (0.12, 0.20, 0.10)
"""Share of blank comments for detractors, passives, promoters."""
NPS_BASE, NPS_SATISFACTION_SLOPE, NPS_CHURNED_SHIFT, NPS_PRE_CHURN_SHIFT, NPS_NOISE = (
    7.4,
    1.9,
    -1.2,
    -1.5,
    1.5,
)
"""NPS latent = base + slope x (satisfaction - 3.8) + churned shift (+ shift within 120 days of churning)
+ normal noise, rounded and clipped to 0..10."""

_EPOCH = dt.date(1970, 1, 1)
START_DAY = (START - _EPOCH).days
END_DAY = (END - _EPOCH).days
DAY_SECONDS = 86_400


# ---------------------------------------------------------------------------------------------------
# Building the tables (vectorised numpy; the only Python loop builds the comment pools)
# ---------------------------------------------------------------------------------------------------


def _share(pairs: Sequence[float] | np.ndarray) -> np.ndarray:
    import numpy as np

    w = np.asarray(pairs, dtype=float)
    return w / w.sum()


def _dictionary(codes: np.ndarray, values: Sequence[str]) -> pa.DictionaryArray:
    import numpy as np
    import pyarrow as pa

    return pa.DictionaryArray.from_arrays(pa.array(codes.astype(np.int32)), pa.array(list(values)))


def _day_weights() -> np.ndarray:
    """Relative order intensity of each day START..END (month seasonality x weekday)."""
    import numpy as np

    days = np.arange(START_DAY, END_DAY + 1).astype("datetime64[D]")
    month = days.astype("datetime64[M]").astype(np.int64) % 12
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    return np.asarray(MONTH_WEIGHT)[month] * np.asarray(WEEKDAY_WEIGHT)[weekday]


def _seasonal_days(
    rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray, fade_from: np.ndarray
) -> np.ndarray:
    """One day per row in lo..hi (inclusive), drawn with the seasonal day weights by rejection;
    days on or after `fade_from` are kept at the PRE_CHURN_FADE rate only."""
    import numpy as np

    weight = _day_weights()
    weight = weight / weight.max()
    out = lo.copy()
    todo = np.arange(len(lo))
    for _ in range(50):
        if not len(todo):
            break
        span = hi[todo] - lo[todo] + 1
        day = lo[todo] + (rng.random(len(todo)) * span).astype(np.int64)
        fade = np.where(day >= fade_from[todo], PRE_CHURN_FADE[1], 1.0)
        keep = rng.random(len(todo)) < weight[day - START_DAY] * fade
        out[todo[keep]] = day[keep]
        todo = todo[~keep]
    return out


def _allocate(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    """Customer index of each of n rows, proportional to weights."""
    import numpy as np

    cdf = np.cumsum(weights)
    return np.searchsorted(cdf, rng.random(n) * cdf[-1], side="right").clip(0, len(weights) - 1)


def _customers(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    import numpy as np

    plan_names = list(PLANS)
    plan_table = np.asarray(list(PLANS.values()))
    chan_table = np.asarray(list(CHANNELS.values()))
    span = END_DAY - START_DAY + 1
    u = rng.random(n)
    signup = START_DAY + (np.log1p(u * np.expm1(SIGNUP_GROWTH)) / SIGNUP_GROWTH * span).astype(np.int64)
    signup.sort()
    plan = rng.choice(len(plan_names), n, p=_share(plan_table[:, 0]))
    channel = rng.choice(len(CHANNELS), n, p=_share(chan_table[:, 0]))
    country = rng.choice(len(COUNTRIES), n, p=_share([c[2] for c in COUNTRIES]))
    industry = rng.choice(len(INDUSTRIES), n, p=_share([i[1] for i in INDUSTRIES]))

    year = signup.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    uplift = np.asarray([FEE_UPLIFT[y] for y in sorted(FEE_UPLIFT)])[year - min(FEE_UPLIFT)]
    discount = np.asarray([d for d, _ in FEE_DISCOUNTS])[
        rng.choice(len(FEE_DISCOUNTS), n, p=_share([s for _, s in FEE_DISCOUNTS]))
    ]
    fee = plan_table[plan, 1] * uplift * (1 - discount)
    enterprise = plan == plan_names.index("Enterprise")
    fee[enterprise] = np.round(rng.lognormal(np.log(900.0), 0.45, enterprise.sum()) * uplift[enterprise], -1)
    fee_cents = np.round(fee * 100).astype(np.int64)

    ticket_rel = rng.lognormal(0.0, 0.6, n)
    satisfaction = plan_table[plan, 4] + rng.normal(0.0, 0.6, n) - 0.3 * np.log(ticket_rel)
    hazard = (
        plan_table[plan, 2]
        * chan_table[channel, 1]
        * ticket_rel**CHURN_TICKET_POWER
        * np.exp(CHURN_SATISFACTION_SLOPE * (3.8 - satisfaction))
        * rng.lognormal(0.0, 0.3, n)
    )
    years = CHURN_SCALE_YEARS * (rng.exponential(1.0, n) / hazard) ** (1 / CHURN_SHAPE)
    churn_day = signup + MIN_TENURE_DAYS + (years * 365.25).astype(np.int64).clip(0, 10 * 366)
    churned = churn_day <= END_DAY
    spend_rel = rng.lognormal(0.0, 0.5, n)
    whale = rng.random(n) < WHALE_SHARE
    spend_rel[whale] *= 5.0 * (1.0 + rng.pareto(1.3, whale.sum()))
    return {
        "signup": signup,
        "plan": plan,
        "channel": channel,
        "country": country,
        "industry": industry,
        "fee_cents": fee_cents,
        "ticket_rel": ticket_rel,
        "satisfaction": satisfaction,
        "churned": churned,
        "churn_day": churn_day,
        "last_day": np.where(churned, churn_day, END_DAY),
        "order_rel": rng.lognormal(0.0, 0.7, n),
        "spend_rel": spend_rel,
        "first": rng.integers(len(FIRST_NAMES), size=n),
        "last": rng.integers(len(LAST_NAMES), size=n),
        "domain": rng.choice(len(EMAIL_DOMAINS), n, p=_share([6, 4, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])),
    }


def _customers_table(c: dict[str, np.ndarray]) -> pa.Table:
    import numpy as np
    import pyarrow as pa

    n = len(c["signup"])
    return pa.table(
        {
            "id": pa.array(np.arange(1, n + 1)),
            "first": _dictionary(c["first"], FIRST_NAMES),
            "last": _dictionary(c["last"], LAST_NAMES),
            "domain": _dictionary(c["domain"], EMAIL_DOMAINS),
            "country": _dictionary(c["country"], [x[0] for x in COUNTRIES]),
            "region": _dictionary(c["country"], [x[1] for x in COUNTRIES]),
            "industry": _dictionary(c["industry"], [x[0] for x in INDUSTRIES]),
            "plan": _dictionary(c["plan"], list(PLANS)),
            "signup_date": pa.array(c["signup"].astype(np.int32), pa.date32()),
            "acquisition_channel": _dictionary(c["channel"], list(CHANNELS)),
            "fee_cents": pa.array(c["fee_cents"]),
            "churned": pa.array(c["churned"]),
            "churn_date": pa.array(c["churn_day"].astype(np.int32), pa.date32(), mask=~c["churned"]),
        }
    )


def _tickets_table(rng: np.random.Generator, c: dict[str, np.ndarray], n: int) -> pa.Table:
    import numpy as np
    import pyarrow as pa

    plan_table = np.asarray(list(PLANS.values()))
    prio_table = np.asarray(list(PRIORITIES.values()))
    topic_table = np.asarray(list(TOPICS.values()))
    active = c["last_day"] - c["signup"] + 1
    weight = plan_table[c["plan"], 3] * c["ticket_rel"] * active * np.where(c["churned"], 1.3, 1.0)
    cust = _allocate(rng, weight, n)
    lo, hi = c["signup"][cust], c["last_day"][cust]
    day = lo + (rng.random(n) * (hi - lo + 1)).astype(np.int64)
    share, window = PRE_CHURN_CLUSTER
    late = c["churned"][cust] & (rng.random(n) < share)
    day[late] = np.maximum(lo[late], hi[late] - (rng.random(late.sum()) * window).astype(np.int64))
    hour = rng.choice(24, n, p=_share(HOUR_WEIGHT))
    opened = day * DAY_SECONDS + hour * 3600 + rng.integers(60, size=n) * 60
    prio = rng.choice(len(PRIORITIES), n, p=_share(prio_table[:, 0]))
    topic = np.where(
        late,
        rng.choice(len(TOPICS), n, p=_share(topic_table[:, 1])),
        rng.choice(len(TOPICS), n, p=_share(topic_table[:, 0])),
    )
    median_h = prio_table[prio, 1]
    hours = rng.lognormal(np.log(median_h), 1.0, n)
    closed = opened + np.round(hours * 60).astype(np.int64) * 60
    is_open = (closed > (END_DAY + 1) * DAY_SECONDS - 1) | (rng.random(n) < OPEN_STALE_SHARE)
    closed = np.maximum(opened, np.minimum(closed, (c["last_day"][cust] + 1) * DAY_SECONDS - 60))
    sat = (
        c["satisfaction"][cust]
        + prio_table[prio, 2]
        - 0.35 * np.log(hours / median_h)
        + np.where(late, -0.5, 0.0)
        + rng.normal(0.0, 0.8, n)
    )
    sat = np.clip(np.round(sat), 1, 5).astype(np.int64)
    no_sat = is_open | (rng.random(n) < SATISFACTION_BLANK)
    order = np.argsort(opened, kind="stable")
    return pa.table(
        {
            "id": pa.array(np.arange(1, n + 1)),
            "customer_id": pa.array(cust[order] + 1),
            "opened_at": pa.array(opened[order], pa.timestamp("s")),
            "closed_at": pa.array(closed[order], pa.timestamp("s"), mask=is_open[order]),
            "priority": _dictionary(prio[order], list(PRIORITIES)),
            "topic": _dictionary(topic[order], list(TOPICS)),
            "satisfaction": pa.array(sat[order], mask=no_sat[order]),
        }
    )


def _orders_table(rng: np.random.Generator, c: dict[str, np.ndarray], n: int) -> pa.Table:
    import numpy as np
    import pyarrow as pa

    plan_table = np.asarray(list(PLANS.values()))
    active = c["last_day"] - c["signup"] + 1
    cust = _allocate(rng, plan_table[c["plan"], 5] * c["order_rel"] * active, n)
    lo, hi = c["signup"][cust], c["last_day"][cust]
    fade_from = np.where(c["churned"][cust], hi - PRE_CHURN_FADE[0], END_DAY + 1)
    day = _seasonal_days(rng, lo, hi, fade_from)
    plan = c["plan"][cust]
    product = np.empty(n, dtype=np.int64)
    for k, name in enumerate(PLANS):
        rows = np.flatnonzero(plan == k)
        taste = PLAN_CATEGORY_WEIGHT[name]
        w = [p[3] * taste.get(p[1], 1.0) for p in PRODUCTS]
        product[rows] = rng.choice(len(PRODUCTS), len(rows), p=_share(w))
    extra = rng.poisson(plan_table[plan, 6] * c["spend_rel"][cust])
    quantity = 1 + extra
    price = np.asarray([p[2] for p in PRODUCTS])[product] * (1 + PRICE_GROWTH) ** ((day - START_DAY) / 365.25)
    discount = np.asarray([d for d, _ in ORDER_DISCOUNTS])[
        rng.choice(len(ORDER_DISCOUNTS), n, p=_share([s for _, s in ORDER_DISCOUNTS]))
    ]
    amount_cents = np.round(price * quantity * (1 - discount) * 100).astype(np.int64)
    channel = rng.choice(len(ORDER_CHANNELS), n, p=_share([s for _, s in ORDER_CHANNELS]))
    order = np.argsort(day, kind="stable")
    return pa.table(
        {
            "id": pa.array(np.arange(1, n + 1)),
            "customer_id": pa.array(cust[order] + 1),
            "order_date": pa.array(day[order].astype(np.int32), pa.date32()),
            "product": _dictionary(product[order], [p[0] for p in PRODUCTS]),
            "category": _dictionary(product[order], [p[1] for p in PRODUCTS]),
            "quantity": pa.array(quantity[order]),
            "amount_cents": pa.array(amount_cents[order]),
            "channel": _dictionary(channel[order], [ch for ch, _ in ORDER_CHANNELS]),
        }
    )


def _feedback_table(rng: np.random.Generator, c: dict[str, np.ndarray], n: int) -> pa.Table:
    import numpy as np
    import pyarrow as pa

    active = c["last_day"] - c["signup"] + 1
    cust = _allocate(rng, active**0.7 * np.where(c["churned"], 1.4, 1.0), n)
    lo, hi = c["signup"][cust], c["last_day"][cust]
    day = lo + (rng.random(n) * (hi - lo + 1)).astype(np.int64)
    churned = c["churned"][cust]
    latent = (
        NPS_BASE
        + NPS_SATISFACTION_SLOPE * (c["satisfaction"][cust] - 3.8)
        + np.where(churned, NPS_CHURNED_SHIFT, 0.0)
        + np.where(churned & (hi - day < 120), NPS_PRE_CHURN_SHIFT, 0.0)
        + rng.normal(0.0, NPS_NOISE, n)
    )
    nps = np.clip(np.round(latent), 0, 10).astype(np.int64)
    cum = np.cumsum(np.asarray(NPS_KIND_PROBS), axis=1)
    cum = cum / cum[:, -1:]
    kind = (rng.random(n)[:, None] > cum[nps]).sum(axis=1)
    pool_size = int(min(2500, max(150, n // 3)))
    pools = [comment_pool(rng, k, pool_size) for k in KINDS]
    offsets = np.cumsum([0] + [len(p) for p in pools])
    pick = offsets[kind] + (rng.random(n) * np.asarray([len(p) for p in pools])[kind]).astype(np.int64)
    group = np.where(nps <= 6, 0, np.where(nps <= 8, 1, 2))
    blank = rng.random(n) < np.asarray(COMMENT_BLANK)[group]
    order = np.argsort(day, kind="stable")
    comments = pa.DictionaryArray.from_arrays(
        pa.array(pick[order].astype(np.int32), mask=blank[order]), pa.array([s for p in pools for s in p])
    )
    return pa.table(
        {
            "id": pa.array(np.arange(1, n + 1)),
            "customer_id": pa.array(cust[order] + 1),
            "date": pa.array(day[order].astype(np.int32), pa.date32()),
            "nps": pa.array(nps[order]),
            "comment": comments,
        }
    )


def build(sizes: Mapping[str, int] = SIZES, seed: int = SEED) -> dict[str, pa.Table]:
    """The four tables as Arrow tables (internal columns; `write` renders the public schema)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    c = _customers(rng, sizes["customers"])
    return {
        "customers": _customers_table(c),
        "orders": _orders_table(rng, c, sizes["orders"]),
        "tickets": _tickets_table(rng, c, sizes["tickets"]),
        "feedback": _feedback_table(rng, c, sizes["feedback"]),
    }


# ---------------------------------------------------------------------------------------------------
# Writing (DuckDB COPY renders the public schema: money as DECIMAL, flags as Yes/No, names, emails)
# ---------------------------------------------------------------------------------------------------

SELECTS = {
    "customers": """
        SELECT id, first || ' ' || last AS name,
               regexp_replace(lower(strip_accents(first)), '[^a-z]', '', 'g') || '.'
                 || regexp_replace(lower(strip_accents(last)), '[^a-z]', '', 'g')
                 || CASE WHEN n > 1 THEN (n - 1)::VARCHAR ELSE '' END || '@' || domain AS email,
               country::VARCHAR AS country, region::VARCHAR AS region, industry::VARCHAR AS industry,
               plan::VARCHAR AS plan, signup_date, acquisition_channel::VARCHAR AS acquisition_channel,
               (fee_cents / 100.0)::DECIMAL(10, 2) AS monthly_fee,
               CASE WHEN churned THEN 'Yes' ELSE 'No' END AS churned, churn_date
        FROM (SELECT *, row_number() OVER (PARTITION BY first, last, domain ORDER BY id) AS n FROM src)
        ORDER BY id""",
    "orders": """
        SELECT id, customer_id, order_date, product::VARCHAR AS product, category::VARCHAR AS category,
               quantity, (amount_cents / 100.0)::DECIMAL(12, 2) AS amount, channel::VARCHAR AS channel
        FROM src""",
    "tickets": """
        SELECT id, customer_id, opened_at, closed_at, priority::VARCHAR AS priority,
               topic::VARCHAR AS topic, satisfaction
        FROM src""",
    "feedback": "SELECT id, customer_id, date, nps, comment::VARCHAR AS comment FROM src",
}
"""Per table, the SELECT over its Arrow table (`src`) that gives the public columns."""

FORMATS = {
    "csv": "(FORMAT csv, HEADER true, DELIMITER ',')",
    "parquet": "(FORMAT parquet, COMPRESSION zstd)",
}


def write(tables: Mapping[str, pa.Table], out: Path, formats: Sequence[str] = ("csv",)) -> dict[str, Path]:
    """Write each table as out/<name>.<format>; returns {"customers.csv": path, ...}."""
    import duckdb

    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    con = duckdb.connect()
    try:
        for name, table in tables.items():
            con.register("src", table)
            for fmt in formats:
                path = out / f"{name}.{fmt}"
                con.execute(f"COPY ({SELECTS[name]}) TO '{path.as_posix()}' {FORMATS[fmt]}")
                written[f"{name}.{fmt}"] = path
            con.unregister("src")
    finally:
        con.close()
    return written


def generate(
    out: Path, sizes: Mapping[str, int] = SIZES, seed: int = SEED, formats: Sequence[str] = ("csv",)
) -> dict[str, Path]:
    """Build and write the four tables into `out`."""
    return write(build(sizes, seed), out, formats)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m samples.generate [--out DIR] [--seed N]`: regenerate the bundled samples."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m samples.generate", description=main.__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for name, path in generate(args.out, seed=args.seed).items():
        print(f"{name}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
