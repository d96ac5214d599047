"""Time phrases: 'in 1997', 'March 1998', 'Q1 2024', 'last quarter', 'year to date', 'by month'.

Each phrase is a row of PATTERNS (a regex over the space-joined tokens and a function giving the
half-open date range [start, end)). Relative phrases resolve against `as_of`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from nlq.units import quantity_unit_words

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
M = "|".join(sorted(MONTHS, key=len, reverse=True))
M_YEARLESS = "|".join(
    sorted((m for m in MONTHS if m not in ("may", "mar", "jan", "jun", "dec", "oct")), key=len, reverse=True)
)
"""Month names read without a year ("may", a verb, and short forms that are also words or names are not)."""
Y = rf"(?:19|20)\d\d(?! (?:{'|'.join(quantity_unit_words())})\b)"
"""A year; never a number said with a unit of a product's specification ("a 2000 MHz processor")."""
_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7}


@dataclass(frozen=True)
class TimeRange:
    start: dt.date
    end: dt.date
    """Exclusive."""
    label: str
    """The phrase in canonical words, with its concrete dates ("Q1 2024 (2024-01-01 to 2024-03-31)")."""
    phrase: str = ""
    """The words as the question wrote them ("q 1 2024"); names the columns of a comparison."""


def _month_start(y: int, m: int) -> dt.date:
    return dt.date(y + (m - 1) // 12, (m - 1) % 12 + 1, 1)


def _months_before(day: dt.date, months: int) -> dt.date:
    """The date `months` months before `day`, clamped to the end of a shorter month (May 31 less three
    months is Feb 29), as DuckDB's `date - INTERVAL n MONTH` is."""
    start = _month_start(day.year, day.month - months)
    return dt.date(start.year, start.month, min(day.day, calendar.monthrange(start.year, start.month)[1]))


def _quarter(y: int, q: int) -> tuple[dt.date, dt.date]:
    return _month_start(y, 3 * q - 2), _month_start(y, 3 * q + 1)


def _describe(start: dt.date, end: dt.date) -> str:
    last = end - dt.timedelta(days=1)
    return f"{start.isoformat()} to {last.isoformat()}"


def _iso_range(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    a = dt.date(int(m.group("y1")), int(m.group("m1")), int(m.group("d1")))
    b = dt.date(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
    return min(a, b), max(a, b) + dt.timedelta(days=1)


def _iso_day(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    a = dt.date(int(m.group("y1")), int(m.group("m1")), int(m.group("d1")))
    word = m.group("w")
    if word == "since" or word == "after":
        return a + dt.timedelta(days=1 if word == "after" else 0), today + dt.timedelta(days=1)
    if word == "before":
        return dt.date(1, 1, 1), a
    return a, a + dt.timedelta(days=1)


def _named_day(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    a = dt.date(int(m.group("y1")), MONTHS[m.group("mo")], int(m.group("d1")))
    word = m.group("w") or "on"
    if word in ("since", "from"):
        return a, today + dt.timedelta(days=1)
    if word == "after":
        return a + dt.timedelta(days=1), today + dt.timedelta(days=1)
    if word == "before":
        return dt.date(1, 1, 1), a
    return a, a + dt.timedelta(days=1)


def _half(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    y = int(m.group("y"))
    second = m.group("h") == "second" or m.group("hn") == "2"
    return (dt.date(y, 7, 1), dt.date(y + 1, 1, 1)) if second else (dt.date(y, 1, 1), dt.date(y, 7, 1))


def _year(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    y = int(m.group("y"))
    return dt.date(y, 1, 1), dt.date(y + 1, 1, 1)


def _month_year(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    y, mo = int(m.group("y")), MONTHS[m.group("m")]
    return _month_start(y, mo), _month_start(y, mo + 1)


def _month_range(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    y = int(m.group("y"))
    a, b = MONTHS[m.group("a")], MONTHS[m.group("b")]
    return _month_start(y, a), _month_start(y, b + 1)


WEEK_OF_MONTH = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3}
"""Which week of a month ("the first week of August": its days 1-7); "last"/"final" is its last 7 days."""


def _week_of_month(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    mo = MONTHS[m.group("m")]
    y = int(m.group("y")) if m.group("y") else _latest_year(mo, today)
    first, after = _month_start(y, mo), _month_start(y, mo + 1)
    if m.group("w") in ("last", "final"):
        return after - dt.timedelta(days=7), after
    start = first + dt.timedelta(days=7 * WEEK_OF_MONTH[m.group("w")])
    return start, start + dt.timedelta(days=7)


def _quarter_year(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    return _quarter(int(m.group("y")), int(m.group("q")))


def _latest_year(month: int, today: dt.date) -> int:
    """The year of the latest such month that has begun by `today` ("July" in data to 2015-12: 2015)."""
    return today.year if month <= today.month else today.year - 1


def _month_alone(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    mo = MONTHS[m.group("m")]
    y = _latest_year(mo, today)
    return _month_start(y, mo), _month_start(y + mo // 12, mo % 12 + 1)


def _months_alone(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    a, b = MONTHS[m.group("a")], MONTHS[m.group("b")]
    y = _latest_year(b, today)
    return _month_start(y if a <= b else y - 1, a), _month_start(y + b // 12, b % 12 + 1)


def _quarter_alone(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    q = int(m.group("q"))
    return _quarter(_latest_year(3 * q - 2, today), q)


def _half_alone(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    """ "the first half of the year", "H2": the latest such half by the as-of date; never where another half
    is said too ("the first half of 2023 against the second half": that year's, not the latest)."""
    if len(re.findall(r"\bhalf\b|\bh ?[12]\b", m.string)) > 1:
        raise ValueError("two halves said")
    second = m.group("h") == "second" or m.group("hn") == "2"
    y = _latest_year(7 if second else 1, today)
    return (dt.date(y, 7, 1), dt.date(y + 1, 1, 1)) if second else (dt.date(y, 1, 1), dt.date(y, 7, 1))


YEARLESS = ("_month_alone", "_months_alone", "_quarter_alone", "_half_alone")
"""Periods named without their year: the latest such period by the as-of date (said in the label); a
stored value of the same words ("July" in a month-name column) is read before them."""


def _year_range(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    return dt.date(int(m.group("a")), 1, 1), dt.date(int(m.group("b")) + 1, 1, 1)


def _decade(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    """'the 1990s', 'the 90s', "the '80s": ten years; a two-digit decade is the latest one not after today."""
    d = int(m.group("d"))
    if m.groupdict().get("c"):
        first = int(m.group("c")) * 100 + d
    else:
        first = 2000 + d if 2000 + d <= today.year else 1900 + d
    return dt.date(first, 1, 1), dt.date(first + 10, 1, 1)


def _since_year(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    return dt.date(int(_since(m)), 1, 1), today + dt.timedelta(days=1)


def _since(m: re.Match[str]) -> str:
    """The year of a "since" phrase, however it was said (since 2015, from the start of 2015, from 2015 on)."""
    return next(g for g in (m.group("y"), m.group("y2"), m.group("y3")) if g)


def _since_month(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    return _month_start(int(m.group("y")), MONTHS[m.group("m")]), today + dt.timedelta(days=1)


def _before_year(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    return dt.date(1, 1, 1), dt.date(int(m.group("y")), 1, 1)


def _after_year(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    return dt.date(int(m.group("y")) + 1, 1, 1), dt.date(9999, 1, 1)


def _period(kind: str, offset: int) -> Callable[[re.Match[str], dt.date], tuple[dt.date, dt.date]]:
    def f(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
        if kind == "year":
            return dt.date(today.year + offset, 1, 1), dt.date(today.year + offset + 1, 1, 1)
        if kind == "quarter":
            q = (today.month - 1) // 3 + offset * 1
            start = _month_start(today.year, 3 * q + 1)
            return start, _month_start(start.year, start.month + 3)
        if kind == "month":
            start = _month_start(today.year, today.month + offset)
            return start, _month_start(start.year, start.month + 1)
        if kind == "week":
            monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=offset)
            return monday, monday + dt.timedelta(days=7)
        day = today + dt.timedelta(days=offset)
        return day, day + dt.timedelta(days=1)

    f.__name__ = f"period {kind} {offset}"
    return f


def _to_date(kind: str) -> Callable[[re.Match[str], dt.date], tuple[dt.date, dt.date]]:
    def f(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
        start = {
            "year": dt.date(today.year, 1, 1),
            "quarter": _month_start(today.year, 3 * ((today.month - 1) // 3) + 1),
            "month": dt.date(today.year, today.month, 1),
        }[kind]
        return start, today + dt.timedelta(days=1)

    f.__name__ = f"to date {kind}"
    return f


def _trailing(n: int, unit: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The `n` days, weeks, months or years (`unit`, plural) up to and including the as-of date."""
    end = today + dt.timedelta(days=1)
    if unit in _UNITS:
        return end - dt.timedelta(days=n * _UNITS[unit]), end
    return _months_before(today, n * (12 if unit == "years" else 1)) + dt.timedelta(days=1), end


def _last_n(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    """ "the last two weeks", "the last 12 months"."""
    return _trailing(_AGO_N.get(m.group("n")) or int(m.group("n")), m.group("u").rstrip("s") + "s", today)


def _past_one(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    """ "in the past year": one unit back to the as-of date, never the calendar period before."""
    return _trailing(1, m.group("u") + "s", today)


def _longer_ago(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    """ "more than 90 days ago": every date before the one that many days (weeks, months, years) before
    the as-of date; "at least" keeps that date too."""
    n = _AGO_N.get(m.group("n")) or int(m.group("n"))
    unit = m.group("u").rstrip("s") + "s"
    if unit in _UNITS:
        edge = today - dt.timedelta(days=n * _UNITS[unit])
    else:
        edge = _months_before(today, n * (12 if unit == "years" else 1))
    return dt.date(1, 1, 1), edge + dt.timedelta(days=1) if m.group("w") == "at least" else edge


_AGO_N = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_AGO_N |= {"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_N_WORDS = "|".join(w for w in _AGO_N if len(w) > 2)
"""Number words of a count of periods ("the last two weeks")."""


def _ago(m: re.Match[str], today: dt.date) -> tuple[dt.date, dt.date]:
    """ "2 years ago": the whole calendar unit that many before the as-of date's, as "last year" is the
    one before it (2 years ago on 2024-05-15 is 2022)."""
    n = m.group("n")
    count = int(n) if n.isdigit() else _AGO_N[n]
    if count < 1:
        raise ValueError("no time ago")
    return _period(m.group("u").rstrip("s"), -count)(m, today)


_LAST = r"(?:last|past|previous|prior)"
_ISO1 = r"(?P<y1>(?:19|20)\d\d) (?P<m1>\d{1,2}) (?P<d1>\d{1,2})"
_ISO2 = r"(?P<y2>(?:19|20)\d\d) (?P<m2>\d{1,2}) (?P<d2>\d{1,2})"
PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str], dt.date], tuple[dt.date, dt.date]]]] = [
    (re.compile(rf"\b(?:between|from) {_ISO1} (?:and|to|until|through|till) {_ISO2}\b"), _iso_range),
    (re.compile(rf"\b(?P<w>on|since|after|before|in) {_ISO1}\b"), _iso_day),
    (
        re.compile(
            rf"\b(?:(?P<w>on|since|after|before|from) )?(?P<mo>{M}) (?P<d1>[1-9]|[12]\d|3[01]) (?:st |nd |rd |th )?(?P<y1>{Y})\b"
        ),
        _named_day,
    ),
    (
        re.compile(
            rf"\b(?:(?P<w>on|since|after|before|from) )?(?:the )?(?P<d1>[1-9]|[12]\d|3[01]) (?:st |nd |rd |th )?(?:of )?(?P<mo>{M}) (?P<y1>{Y})\b"
        ),
        _named_day,
    ),
    (
        re.compile(
            rf"\b(?:between|from) (?P<a>{M}) (?:and|to|until|through|till) (?P<b>{M}) (?:of )?(?P<y>{Y})\b"
        ),
        _month_range,
    ),
    (  # "January to May 2005", "Jan-Sep 2018": a range without "from" (never "January and May")
        re.compile(rf"\b(?P<a>{M}) (?:to|until|through|till|-) (?P<b>{M}) (?:of |in )?(?P<y>{Y})\b"),
        _month_range,
    ),
    (re.compile(rf"\b(?:between|from) (?P<a>{Y}) (?:and|to|until|through) (?P<b>{Y})\b(?! \d)"), _year_range),
    (
        re.compile(rf"\bsince (?:the start of |the beginning of )?(?P<m>{M}) (?:of )?(?P<y>{Y})\b"),
        _since_month,
    ),
    # "from 2015" alone is that year ("wines from 2015", "orders from 2015"); "from 2015 on(wards)" and
    # "from the start of 2015" run on from it, as "since 2015" does
    (
        re.compile(
            rf"\b(?:since (?:the start of |the beginning of )?(?P<y>{Y})\b|from (?:the start of |the beginning of )"
            rf"(?P<y2>{Y})\b|from (?P<y3>{Y}) (?:on|onwards?|forwards?)\b)"
        ),
        _since_year,
    ),
    (re.compile(rf"\bbefore (?P<y>{Y})\b"), _before_year),
    (re.compile(rf"\bafter (?P<y>{Y})\b"), _after_year),
    (
        re.compile(
            rf"\b(?:in |during |for |of )?(?:the )?(?:q|quarter) ?(?P<q>[1-4]) (?:of )?(?:in )?(?P<y>{Y})\b"
        ),
        _quarter_year,
    ),
    (
        re.compile(rf"\b(?:in |during |for )?(?:the )?(?P<q>[1-4]) quarter (?:of )?(?P<y>{Y})\b"),
        _quarter_year,
    ),
    (
        re.compile(
            rf"\b(?:in |during |for )?(?:the )?(?:(?P<h>first|second) half|h(?P<hn>[12])) (?:of )?(?P<y>{Y})\b"
        ),
        _half,
    ),
    (
        re.compile(
            rf"\b(?:in |during |for |over )?(?:the )?(?P<w>first|1st|second|2nd|third|3rd|fourth|4th|last|final) "
            rf"week (?:of |in )(?P<m>{M_YEARLESS})(?: (?:of )?(?P<y>{Y}))?\b"
        ),
        _week_of_month,
    ),
    (re.compile(rf"\b(?:in |during |for |of )?(?P<m>{M}) (?:of )?(?P<y>{Y})\b"), _month_year),
    (
        re.compile(r"\b(?:in |during |for |of )?(?:the )?(?P<c>19|20)(?P<d>\d0) s\b"),
        _decade,
    ),
    (re.compile(r"\b(?:in |during |for |of )?the (?P<d>\d0) s\b"), _decade),
    # "the same months of 2004": that year, narrowed to the other period's months (nlq.finish)
    (re.compile(rf"\b(?:the )?same (?:months|period|time|weeks|days) (?:of |in )?(?P<y>{Y})\b"), _year),
    (re.compile(rf"\b(?:in |during |for |of )?(?:the year )?(?:year )?(?P<y>{Y})\b"), _year),
    (
        re.compile(
            rf"\b(?:(?:between|from) )?(?P<a>{M_YEARLESS}) (?:and|to|until|through|till) (?P<b>{M_YEARLESS})\b"
            r"(?! (?:of )?\d)"
        ),
        _months_alone,
    ),
    (
        re.compile(
            r"\b(?:in |during |for )?(?:the )?(?:(?P<h>first|second) half|h ?(?P<hn>[12]))"
            r"(?: of (?:the|this) year)?\b(?! (?:of )?\d)"
        ),
        _half_alone,
    ),
    (
        re.compile(r"\b(?:in |during |for |of )?(?:the )?(?:q|quarter) ?(?P<q>[1-4])\b(?! (?:of )?\d)"),
        _quarter_alone,
    ),
    (re.compile(r"\b(?:in |during |for )?(?:the )?(?P<q>[1-4]) quarter\b(?! (?:of )?\d)"), _quarter_alone),
    (re.compile(rf"\b(?:in |during |for |of )?(?P<m>{M_YEARLESS})\b(?! (?:of )?\d)"), _month_alone),
    (
        re.compile(
            rf"\b(?:in |during |over |for |within )?(?:the )?{_LAST} (?P<n>\d+|{_N_WORDS}) "
            r"(?P<u>days|weeks|months|years|day|week|month|year)\b"
        ),
        _last_n,
    ),
    (
        re.compile(
            r"(?<!than )(?<!over )(?<!under )(?<!least )(?<!most )(?<!within )(?<!up to )"
            rf"\b(?:in |during |for )?(?P<n>\d+|{'|'.join(_AGO_N)}) (?P<u>years?|quarters?|months?|weeks?|days?) ago\b"
        ),
        _ago,
    ),
    (
        re.compile(
            rf"\b(?P<w>more than|over|at least|longer than) (?P<n>\d+|{'|'.join(_AGO_N)}) "
            r"(?P<u>years?|months?|weeks?|days?) ago\b"
        ),
        _longer_ago,
    ),
    # "in the past year": the twelve months to the as-of date ("last year" is the calendar year before)
    (
        re.compile(r"\b(?:in |during |for |over |within )?the past (?P<u>year|month|week)\b(?! ago)"),
        _past_one,
    ),
    (re.compile(rf"\b(?:in |during |for |over )?(?:the )?{_LAST} year\b|\blast year\b"), _period("year", -1)),
    (re.compile(rf"\b(?:in |during |for |over )?(?:the )?{_LAST} quarter\b"), _period("quarter", -1)),
    (re.compile(rf"\b(?:in |during |for |over )?(?:the )?{_LAST} month\b"), _period("month", -1)),
    (re.compile(rf"\b(?:in |during |for |over )?(?:the )?{_LAST} week\b"), _period("week", -1)),
    (re.compile(r"\b(?:in |during |for )?(?:the )?(?:this|current) year\b"), _period("year", 0)),
    (re.compile(r"\b(?:in |during |for )?(?:the )?(?:this|current) quarter\b"), _period("quarter", 0)),
    (re.compile(r"\b(?:in |during |for )?(?:the )?(?:this|current) month\b"), _period("month", 0)),
    (re.compile(r"\b(?:in |during |for )?(?:the )?(?:this|current) week\b"), _period("week", 0)),
    (re.compile(r"\b(?:the )?year to date\b|\bytd\b"), _to_date("year")),
    (re.compile(r"\b(?:the )?quarter to date\b|\bqtd\b"), _to_date("quarter")),
    (re.compile(r"\b(?:the )?month to date\b|\bmtd\b"), _to_date("month")),
    (re.compile(r"\byesterday\b"), _period("day", -1)),
    (re.compile(r"\btoday\b"), _period("day", 0)),
]


def _mon(name: str) -> str:
    return dt.date(2000, MONTHS[name], 1).strftime("%B")


def _day_word(m: re.Match[str], start: dt.date, end: dt.date) -> str:
    """ "on 2024-06-01", "since 2024-06-01", "before 2024-06-01" (the day named, not the range)."""
    word = {"in": "on", "from": "since", None: "on"}.get(m.group("w"), m.group("w"))
    named = start if word in ("on", "since") else end if word == "before" else start - dt.timedelta(days=1)
    return f"{word} {named.isoformat()}"


_Label = Callable[[re.Match[str], dt.date, dt.date], str]


def _fixed(text: str) -> _Label:
    return lambda m, a, b: text


LABELS: dict[str, _Label] = {
    "_iso_range": lambda m, a, b: f"between {a.isoformat()} and {(b - dt.timedelta(days=1)).isoformat()}",
    "_iso_day": _day_word,
    "_named_day": _day_word,
    "_month_range": lambda m, a, b: f"from {_mon(m['a'])} to {_mon(m['b'])} {m['y']}",
    "_month_alone": lambda m, a, b: f"{_mon(m['m'])} {a.year} (the latest {_mon(m['m'])} in the data)",
    "_months_alone": lambda m, a, b: (
        f"from {a.strftime('%B %Y')} to {(b - dt.timedelta(days=1)).strftime('%B %Y')} (the latest such months)"
    ),
    "_quarter_alone": lambda m, a, b: f"Q{m['q']} {a.year} (the latest Q{m['q']} in the data)",
    "_half_alone": lambda m, a, b: (
        f"the {'second' if a.month == 7 else 'first'} half of {a.year} (the latest such half in the data)"
    ),
    "_year_range": lambda m, a, b: f"from {m['a']} to {m['b']}",
    "_since_month": lambda m, a, b: f"since {_mon(m['m'])} {m['y']}",
    "_since_year": lambda m, a, b: f"since {_since(m)}",
    "_before_year": lambda m, a, b: f"before {m['y']}",
    "_after_year": lambda m, a, b: f"after {m['y']}",
    "_quarter_year": lambda m, a, b: f"Q{m['q']} {m['y']}",
    "_half": lambda m, a, b: f"the {'second' if a.month == 7 else 'first'} half of {m['y']}",
    "_month_year": lambda m, a, b: f"{_mon(m['m'])} {m['y']}",
    "_year": lambda m, a, b: m["y"],
    "_decade": lambda m, a, b: f"the {a.year}s",
    "_ago": lambda m, a, b: f"{m['n']} {m['u']} ago",
    "_longer_ago": lambda m, a, b: f"{m['w']} {m['n']} {m['u']} ago (before {b.isoformat()})",
    "_last_n": lambda m, a, b: f"the last {m['n']} {m['u'] if m['n'] != '1' else m['u'].rstrip('s')}",
    "period day -1": _fixed("yesterday"),
    "period day 0": _fixed("today"),
    **{f"period {k} -1": _fixed(f"the last {k}") for k in ("year", "quarter", "month", "week")},
    **{f"period {k} 0": _fixed(f"the current {k}") for k in ("year", "quarter", "month", "week")},
    **{f"to date {k}": _fixed(f"{k} to date") for k in ("year", "quarter", "month")},
}
"""Canonical words for each time phrase, by the name of its range function (data, not branches)."""


def canonical(fn: Callable[..., object], m: re.Match[str], start: dt.date, end: dt.date, raw: str) -> str:
    """The canonical words for a matched phrase; the raw words if the table has no row for it."""
    label = LABELS.get(fn.__name__)
    return label(m, start, end) if label else raw


_ORDINALS = {"first": "1", "second": "2", "third": "3", "fourth": "4"}

# Grain phrases: regex -> DuckDB date_trunc part.
GRAINS: list[tuple[re.Pattern[str], str]] = [
    (
        # ("by day of the week" is the weekday, a category: never a split by day)
        re.compile(
            rf"\b(?:by|per|each|every|for each|for every|over|across|by the) {unit}\b(?! of (?:the )?week)"
            rf"|\b(?:{adj})\b"
        ),
        grain,
    )
    for unit, adj, grain in (
        ("day", "daily", "day"),
        ("week", "weekly", "week"),
        ("month", "monthly|month over month|month by month|mom", "month"),
        ("quarter", "quarterly|quarter over quarter", "quarter"),
        ("year", "yearly|annually|annual|year over year|yoy|year by year", "year"),
    )
] + [(re.compile(r"\b(?:trend|trends|over time|time series|trending)\b"), "")]


@dataclass(frozen=True)
class TimeMatch:
    start_tok: int
    end_tok: int
    range: TimeRange | None = None
    grain: str | None = None
    """"" means: a trend with no grain named (the caller picks one)."""
    yearless: bool = False
    """A period said without its year (YEARLESS): a stored value of the same words wins."""


def _ordinals(tokens: list[str]) -> str:
    out = [
        _ORDINALS.get(t, t) if i + 1 < len(tokens) and tokens[i + 1] == "quarter" else t
        for i, t in enumerate(tokens)
    ]
    return " ".join(out)


ISO_TOKENS = re.compile(r"\b(\d{4}) (\d{1,2}) (\d{1,2})\b")
"""An ISO date as tokens ("2024 06 01"), written back as 2024-06-01 in labels."""


def find_time(tokens: list[str], today: dt.date) -> list[TimeMatch]:
    """Time phrases in a token list, as token spans (non-overlapping, earliest patterns win)."""
    text = _ordinals(tokens)
    starts = [0]
    for t in text.split(" ")[:-1]:
        starts.append(starts[-1] + len(t) + 1)
    taken = [False] * len(tokens)
    found: list[TimeMatch] = []

    def span(m: re.Match[str]) -> tuple[int, int] | None:
        a = next((i for i, s in enumerate(starts) if s >= m.start()), None)
        b = next((i for i, s in enumerate(starts) if s >= m.end()), len(tokens))
        if a is None or a >= b or any(taken[a:b]):
            return None
        return a, b

    for pattern, fn in PATTERNS:
        for m in pattern.finditer(text):
            sp = span(m)
            if sp is None:
                continue
            try:
                start, end = fn(m, today)
            except (ValueError, OverflowError):
                continue
            phrase = re.sub(r"^(?:in|for|during|of|over|the|from)\s+", "", " ".join(tokens[sp[0] : sp[1]]))
            phrase = ISO_TOKENS.sub(lambda d: f"{d[1]}-{int(d[2]):02d}-{int(d[3]):02d}", phrase)
            words = canonical(fn, m, start, end, phrase)
            yearless = fn.__name__ in YEARLESS
            found.append(
                TimeMatch(
                    sp[0],
                    sp[1],
                    TimeRange(start, end, f"{words} ({_describe(start, end)})", phrase),
                    yearless=yearless,
                )
            )
            for i in range(*sp):
                taken[i] = True
    for pattern, grain in GRAINS:
        for m in pattern.finditer(text):
            sp = span(m)
            if sp is None:
                continue
            found.append(TimeMatch(sp[0], sp[1], grain=grain))
            for i in range(*sp):
                taken[i] = True
    return sorted(found, key=lambda f: f.start_tok)


# Words the time patterns use, so that typo correction leaves them alone.
VOCAB = set(MONTHS) | {
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "yearly",
    "annually",
    "annual",
    "trend",
    "trends",
    "trending",
    "today",
    "yesterday",
    "since",
    "before",
    "after",
    "between",
    "during",
    "previous",
    "prior",
    "current",
    "past",
    "last",
    "this",
    "year",
    "years",
    "quarter",
    "quarters",
    "month",
    "months",
    "week",
    "weeks",
    "day",
    "days",
    "date",
    "until",
    "through",
    "till",
    "time",
    "series",
    "over",
    "first",
    "second",
    "third",
    "fourth",
    "ytd",
    "qtd",
    "mtd",
    "ago",
}
