"""Date phrases in a sentence, resolved against the article's publication day.

`find_dates(text, published)` returns every date phrase of a sentence with its resolution
(GOLD_FORMAT section 7):

* absolute dates ("14 March", "December 12, 2022", "on 3 May 2024") -> that day, precision day;
  month only ("in February", "earlier this month") -> the 1st, precision month (year from the text,
  else the latest such month on or before publication); a part of a month ("late September", "in
  mid-May", "early last month") -> its best-guess day (early 5th, mid 15th, late 25th), precision week;
* "today", "this morning", "earlier in the day" -> the publication day;
* "yesterday" -> the day before; "the previous day" / "the night before" / "the previous evening" ->
  the day before the sentence's own anchor day ("closed on Wednesday after ... the previous night":
  Tuesday night) or before publication;
* a weekday ("on Saturday", "late Saturday", "Saturday night") -> the latest such day on or before
  publication; "night" -> `date_end` the next day;
* "last night", "overnight" -> the day before publication, `date_end` = publication day;
* "earlier this week", "recent", "in recent days", "days ago", "last week", "over the weekend"
  -> precision week (a best guess as the date);
* "N days ago" -> publication minus N (day precision);
* unknown publication day -> only absolute dates with a year resolve.

Date phrases directly after a speech verb ("officials said on Tuesday", "said in a statement on
Tuesday", "told reporters on Tuesday") date the statement, not the event; they are returned with
`statement=True` so callers can skip them (`statement_dates` gives them as upper bounds).
dateparser (RELATIVE_BASE = publication, PREFER_DATES_FROM = past) parses the absolute phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30,
}  # fmt: skip
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NUMBER_WORDS.update({f"twenty{sep}{u}": 21 + i for i, u in enumerate(_UNITS) for sep in ("-", " ")})

_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "unknown": 3}


@dataclass(frozen=True)
class DatePhrase:
    start: int
    end: int
    text: str
    date: date | None
    date_end: date | None
    precision: str  # day | week | month | unknown
    statement: bool = False  # dates a statement ("said on Monday"), not an event
    night: bool = False  # the phrase names a night ("late Saturday", "Saturday night")
    ahead: bool = False  # dates what follows it ("a day after [forces clashed]"), not what precedes


def number_word(word: str) -> int | None:
    """'three' -> 3, 'twenty-one' -> 21 (the spelled-out counts this module reads); else None."""
    value = _NUMBER_WORDS.get(word.lower())
    return value if isinstance(value, int) else None


_WD = "|".join(WEEKDAYS)
_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_ORD = r"(?:st|nd|rd|th)?"
_NUMW = (
    r"(?:\d{1,3}|a couple of|a few|several|"
    + "|".join(
        sorted((w for w in _NUMBER_WORDS if w not in ("a", "an", "a couple of")), key=len, reverse=True)
    )
    + ")"
)

# the part of a month a phrase names ("late September", "in mid-May", "early last month"): its
# best-guess day (GOLD_FORMAT section 7), at precision week
_PART = r"(?P<part>early|late|mid|the\s+middle\s+of|middle\s+of|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of|the\s+start\s+of|start\s+of)"
_PART_DAY = {"early": 5, "beginning": 5, "start": 5, "mid": 15, "middle": 15, "late": 25, "end": 25}

_PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "vague",
        re.compile(
            r"\b(?:in\s+)?recent (?:months|years|decades|weeks)\b|\b(?:past|last|previous) (?:years|decades|months)\b|\bearlier (?:support|this year|years)\b",
            re.I,
        ),
    ),
    (
        "night_of",
        re.compile(
            rf"\bnight of (?P<d1>\d{{1,2}})\s*[/-]\s*(?P<d2>\d{{1,2}})\s+(?P<m>{_MON})\b(?:,?\s+(?P<y>\d{{4}}))?",
            re.I,
        ),
    ),
    (
        "dmy",
        re.compile(
            rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m>{_MON})\b\.?(?:,?\s+(?P<y>\d{{4}})|\s+(?P<last_year>last\s+year))?",
            re.I,
        ),
    ),
    (
        "mdy",
        re.compile(
            rf"\b(?P<m>{_MON})\.?\s+(?P<d>\d{{1,2}}){_ORD}\b(?!\s*(?:percent|%|km|people|soldiers))(?:,?\s+(?P<y>\d{{4}})|\s+(?P<last_year>last\s+year))?",
            re.I,
        ),
    ),
    (
        "month",
        re.compile(
            rf"\b(?=(?:in|since|during|until|by|from|early|late|mid|the|middle|end|beginning|start|last|this|past)\b)(?:(?:in|since|during|until|by|from)\s+)?(?:{_PART}[\s-]+)?(?:(?P<last>last|this\s+past|past)\s+)?(?P<m>{_MON})\b(?:\s+(?P<y>\d{{4}})|\s+(?P<last_year>last\s+year|of\s+last\s+year|the\s+previous\s+year))?",
            re.I,
        ),
    ),
    (
        "last_month",
        re.compile(rf"\b(?:{_PART}[\s-]+)?(?:last|the previous|the past|the preceding) month\b", re.I),
    ),
    (
        "relative_day",
        re.compile(
            rf"\b(?P<n>{_NUMW}|a|one)\s+days?\s+(?P<dir>after|before|earlier|later)\b(?P<bare>(?=\s*(?:[,.;:)]|$)))?",
            re.I,
        ),
    ),
    ("ago", re.compile(rf"\b(?P<n>{_NUMW})\s+(?P<u>days?|weeks?|months?)\s+ago\b", re.I)),
    ("fortnight", re.compile(r"\b(?:a|one)\s+fortnight\s+ago\b|\bfortnight\s+ago\b", re.I)),
    (
        "nth_running",
        re.compile(
            r"\bfor\s+(?:a|the)\s+(?P<nth>second|third|fourth|fifth|sixth|seventh|\d{1,2}(?:st|nd|rd|th))\s+(?:straight\s+|consecutive\s+|successive\s+)?(?P<u>day|week|month)\b",
            re.I,
        ),
    ),
    (
        "overnight",
        re.compile(
            r"\b(?:last night|overnight|during the night|through the night|late last night|at night|(?:the\s+)?night sky|night-?time)\b",
            re.I,
        ),
    ),
    ("yesterday", re.compile(r"\b(?:yesterday|the day before yesterday)\b", re.I)),
    (
        "previous",
        re.compile(
            r"\b(?:the|a)\s+(?:previous|preceding|prior)\s+(?:day|night|evening)\b|\bthe (?:day|night|evening) before\b(?!\s+yesterday)",
            re.I,
        ),
    ),
    (
        "today",
        re.compile(
            r"\b(?:today|this (?:morning|afternoon|evening)|tonight|earlier (?:today|in the day)|early this morning)\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<late>late|early)\s+)?(?:(?:on|last|this|past)\s+)?(?P<wd>{_WD})(?:\s+(?P<part>night|morning|evening|afternoon))?\b",
            re.I,
        ),
    ),
    ("weekend", re.compile(r"\b(?:over the|this|last|the)\s+weekend\b|\bweekend\b", re.I)),
    ("last_week", re.compile(r"\b(?:last|past|previous) week\b|\ba week ago\b|\bweek-long\b", re.I)),
    (
        "this_week",
        re.compile(
            r"\b(?:earlier (?:this|in the) week|this week|earlier this month|in recent days|recent days|recently|recent|days ago|a few days ago|several days ago|days before|earlier)\b",
            re.I,
        ),
    ),
]
_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|told|stated|announced|added|reported|claimed|confirmed|declared|tweeted|posted)"
    # "said in a statement on Friday", "told reporters on Friday": still the statement's day
    r"(?:\s+(?:in|via|through)\s+(?:a|an|its|the|their|his|her)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:statement|release|post\s+on\s+(?:X|Twitter|Facebook|Telegram|social\s+media)|interview|briefing|tweet|message|communiqu[eé]|video|conference)"
    r"|\s+(?:reporters|journalists|the\s+media|media))?"
    r"\s+(?:on\s+|late\s+|early\s+)?$",
    re.I,
)
_PREFERENCE = [
    "vague",
    "night_of",
    "dmy",
    "mdy",
    "month",
    "last_month",
    "relative_day",
    "ago",
    "fortnight",
    "nth_running",
    "overnight",
    "yesterday",
    "previous",
    "today",
    "weekday",
    "weekend",
    "last_week",
    "this_week",
]


def _month_number(token: str) -> int:
    return _MONTH_ABBR[token.lower()[:3]]


def latest_weekday(weekday: int, reference: date) -> date:
    """The latest day with this weekday (0 = Monday) on or before `reference`."""
    return reference - timedelta(days=(reference.weekday() - weekday) % 7)


@lru_cache(maxsize=4096)
def _dateparser_parse(text: str, base: date | None) -> date | None:
    import dateparser

    settings = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except Exception:  # pragma: no cover - dateparser edge cases
        return None
    return parsed.date() if parsed else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _absolute(m: re.Match, published: date | None) -> date | None:
    day, month = int(m.group("d")), _month_number(m.group("m"))
    year = m.group("y")
    if year:
        return _safe_date(int(year), month, day)
    if published is None:
        return None
    if m.groupdict().get("last_year"):
        return _safe_date(published.year - 1, month, day)  # "on 12 October last year"
    parsed = _dateparser_parse(f"{day} {MONTHS[month - 1]}", published)
    if parsed is not None and parsed <= published:
        return parsed
    candidate = _safe_date(published.year, month, day)
    if candidate is not None and candidate > published:
        candidate = _safe_date(published.year - 1, month, day)
    return candidate


def _part_day(m: re.Match) -> tuple[int, str]:
    """(day, precision) of a month phrase: the 1st at precision month, or the named part's day."""
    part = (m.group("part") or "").lower()
    if not part:
        return 1, "month"
    return _PART_DAY[part.split()[-2] if " " in part else part], "week"


def _resolve(kind: str, m: re.Match, text: str, published: date | None, anchor: date | None):
    """(date, date_end, precision, night) for one matched phrase; date None if it cannot resolve."""
    ref = anchor or published
    if kind == "vague":
        return None, None, "unknown", False
    if kind == "night_of":
        month = _month_number(m.group("m"))
        year = int(m.group("y")) if m.group("y") else (published.year if published else None)
        if year is None:
            return None, None, "unknown", True
        start = _safe_date(year, month, int(m.group("d1")))
        if start and published and not m.group("y") and start > published:
            start = _safe_date(year - 1, month, int(m.group("d1")))
        return start, (start + timedelta(days=1)) if start else None, "day", True
    if kind in ("dmy", "mdy"):
        return _absolute(m, published), None, "day", False
    if kind == "month":
        month = _month_number(m.group("m"))
        day, precision = _part_day(m)
        if m.group("y"):
            return date(int(m.group("y")), month, day), None, precision, False
        if published is None:
            return None, None, "unknown", False
        year = published.year if month <= published.month else published.year - 1
        if m.group("last") and month == published.month:
            year -= 1  # "last October" in an October article: a year ago
        if m.group("last_year"):
            year = published.year - 1  # "October last year"
        return min(date(year, month, day), published), None, precision, False
    if kind == "relative_day":
        # "closed on 2 March, a day after ... exchanged fire": counted from the day the sentence
        # named before it; with no such day it dates nothing
        if anchor is None:
            return None, None, "unknown", False
        raw = m.group("n").lower()
        n = 1 if raw in ("a", "one") else (int(raw) if raw.isdigit() else _NUMBER_WORDS.get(raw))
        if n is None:
            return None, None, "unknown", False
        direction = m.group("dir").lower()
        if direction in ("after", "before") and m.group("bare") is None:
            # "on 2 March, a day after [forces exchanged fire]": what follows is a day before it
            earlier = direction == "after"
        else:  # "two days later", "three days earlier", "and the day after."
            earlier = direction in ("earlier", "before")
        return anchor - timedelta(days=n) if earlier else anchor + timedelta(days=n), None, "day", False
    if published is None:
        return None, None, "unknown", False
    if kind == "last_month":
        first = published.replace(day=1)
        day, precision = _part_day(m)
        return (first - timedelta(days=1)).replace(day=day), None, precision, False
    if kind == "ago":
        raw = m.group("n").lower()
        unit = m.group("u").lower()
        if raw.isdigit():
            n, exact = int(raw), True
        elif raw in _NUMBER_WORDS:
            n, exact = _NUMBER_WORDS[raw], True
        else:
            n, exact = 3, False
        if unit.startswith("day"):
            return published - timedelta(days=n), None, "day" if exact else "week", False
        if unit.startswith("week"):
            return published - timedelta(days=7 * n), None, "week", False
        return published - timedelta(days=30 * n), None, "month", False
    if kind == "fortnight":
        return published - timedelta(days=14), None, "week", False
    if kind == "nth_running":
        # "closed for a third week": it began between three and two weeks ago
        raw = m.group("nth").lower()
        n = int(re.sub(r"\D", "", raw)) if raw[0].isdigit() else _ORDINALS[raw]
        unit = m.group("u").lower()
        if unit == "day":
            return published - timedelta(days=n - 1), None, "day", False
        days = 7 if unit == "week" else 30
        return (
            published - timedelta(days=days * n - 1),
            published - timedelta(days=days * (n - 1)),
            "week" if unit == "week" else "month",
            False,
        )
    if kind == "overnight":
        return published - timedelta(days=1), published, "day", True
    if kind == "yesterday":
        days = 2 if "before" in m.group(0).lower() else 1
        return published - timedelta(days=days), None, "day", False
    if kind == "previous":
        # "closed on Wednesday after forces exchanged fire the previous night": Tuesday night
        if re.search(r"night|evening", m.group(0), re.I):
            night = "night" in m.group(0).lower()  # an evening ends that day; a night runs into the next
            return ref - timedelta(days=1), ref if night else None, "day", night
        return ref - timedelta(days=1), None, "day", False
    if kind == "today":
        night = "tonight" in m.group(0).lower()
        return published, None, "day", night
    if kind == "weekday":
        day = latest_weekday(WEEKDAYS.index(m.group("wd").lower()), published)
        part = (m.group("part") or "").lower()
        night = part in ("night", "evening") or (m.group("late") or "").lower() == "late"
        end = day + timedelta(days=1) if part == "night" else None
        return day, end, "day", night
    if kind == "weekend":
        return latest_weekday(5, published), None, "week", False
    if kind == "last_week":
        return published - timedelta(days=7), None, "week", False
    if kind == "this_week":
        phrase = m.group(0).lower()
        if "month" in phrase:  # "earlier this month": the month only -> its 1st (GOLD_FORMAT 7.1)
            return published.replace(day=1), None, "month", False
        return published - timedelta(days=3), None, "week", False
    return None, None, "unknown", False


def find_dates(text: str, published: date | None, previous: date | None = None) -> list[DatePhrase]:
    """Every date phrase in `text` (non-overlapping, in text order), resolved against `published`;
    `previous` is the day the preceding sentences were about ("Yesterday, …. The previous day, …")."""
    spans: list[tuple[int, int, str, re.Match]] = []
    for kind in _PREFERENCE:
        pattern = dict(_PATTERNS)[kind]
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e, _, _ in spans):
                continue
            if kind == "month" and re.match(r"may\b", m.group("m"), re.I) and not m.group("y"):
                # "may" is mostly the modal verb: only "in May" followed by a non-verb counts
                after = text[m.end() : m.end() + 12].lower()
                if not re.match(r"\s*(?:[,.;]|$|\d|and|when|after|before|this|last)", after):
                    continue
            if (
                kind == "this_week"
                and m.group(0).lower() == "earlier"
                and re.search(
                    r"\b(?:an?|the|its|their|his|her|our)\s+$", text[max(0, m.start() - 8) : m.start()], re.I
                )
            ):
                # bare "earlier": only as a time adverb ("earlier, unacknowledged strikes"), not as
                # an adjective ("a violation of an earlier understanding")
                continue
            spans.append((m.start(), m.end(), kind, m))
    spans.sort(key=lambda s: s[0])
    # anchor for "the previous day": a weekday/absolute phrase in the same sentence
    anchor: date | None = None
    if previous is not None and spans and spans[0][2] == "previous":
        anchor = previous  # "The previous day" opening a sentence: the day before the last one named
    for _s, _e, kind, m in spans:
        if kind in ("weekday", "dmy", "mdy") and published is not None:
            d, _, _, _ = _resolve(kind, m, text, published, None)
            anchor = anchor or d
    results: list[DatePhrase] = []
    for s, e, kind, m in spans:
        if kind == "relative_day":  # counted from the last day named before it in the sentence
            days = [
                r.date for r in results if r.date is not None and r.precision == "day" and not r.statement
            ]
            d, d_end, precision, night = _resolve(kind, m, text, published, days[-1] if days else None)
        else:
            d, d_end, precision, night = _resolve(kind, m, text, published, anchor)
        statement = bool(_SPEECH_BEFORE.search(text[max(0, s - 70) : s])) and kind in (
            "weekday",
            "dmy",
            "mdy",
            "today",
            "yesterday",
        )
        if d is None:
            precision = "unknown"
        ahead = (
            kind == "relative_day"
            and m.group("dir").lower() in ("after", "before")
            and m.group("bare") is None
        )
        results.append(DatePhrase(s, e, m.group(0), d, d_end, precision, statement, night, ahead))
    return results


def statement_dates(text: str, published: date | None, previous: date | None = None) -> list[DatePhrase]:
    """The resolved date phrases of a sentence that date a statement ("said on Friday"): an upper
    bound for the events it reports."""
    return [p for p in find_dates(text, published, previous) if p.statement and p.date is not None]


def event_dates(text: str, published: date | None, previous: date | None = None) -> list[DatePhrase]:
    """The date phrases of a sentence that can date an event (statement dates left out, unless the
    statement date is the only one and the sentence says nothing else about time)."""
    return [p for p in find_dates(text, published, previous) if not p.statement and p.date is not None]


def default_date(published: date | None, background: bool) -> tuple[date | None, date | None, str]:
    """Date of an event whose text gives no date phrase: current news -> the publication day;
    recalled background -> a few days before, precision week."""
    if published is None:
        return None, None, "unknown"
    if background:
        return published - timedelta(days=3), None, "week"
    return published, None, "day"


def compatible(
    a: date | None, a_end: date | None, a_prec: str, b: date | None, b_end: date | None, b_prec: str
) -> bool:
    """Two dated mentions can be the same event given their precisions (day ±1, week ±7,
    month ±31); an undated side is compatible with anything."""
    if a is None or b is None:
        return True
    tolerance = max(_TOLERANCE.get(a_prec, 31), _TOLERANCE.get(b_prec, 31))
    a_end = a_end or a
    b_end = b_end or b
    if a_end < b:
        gap = (b - a_end).days
    elif b_end < a:
        gap = (a - b_end).days
    else:
        gap = 0
    return gap <= tolerance


_TOLERANCE = {"day": 1, "week": 7, "month": 31, "unknown": 366}
