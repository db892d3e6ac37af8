"""How each kind of date phrase resolves to a day (the kinds of rules/dates.yaml): the words
of counts, months and weekdays, and one resolver per kind. `dates.find_dates` finds the phrases
and calls `resolve`; kept apart so that each module stays small."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from .rules import rule

# Python's weekday numbering (0 = Monday): the order is arithmetic, not vocabulary
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NUMBER: dict[str, int] = rule("month_full_name").meta["values"]
MONTHS = tuple(name.lower() for name, _ in sorted(_MONTH_NUMBER.items(), key=lambda kv: kv[1]))
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
# spelled-out counts of days, weeks, months ("three days ago", "a day after")
_NUMBER_WORDS: dict[str, int] = {**rule("count_word").meta["values"], **rule("article_count").meta["values"]}
_ORDINALS: dict[str, int] = rule("ordinal_word").meta["values"]
# the part of a month a phrase names ("late September"): its best-guess day, at precision week
_PART_DAY: dict[str, int] = rule("month_part").meta["days"]


# letters a case-blind regex matches to ASCII ones ("Tueſday" matches "tuesday") but .lower()
# keeps: a matched word is looked up by its ASCII twin
_REGEX_TWINS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def word_key(text: str) -> str:
    """A matched word as the vocabularies here spell it: lower case, with ASCII letters for the
    few that only a case-blind regex takes for them."""
    return text.translate(_REGEX_TWINS).lower()


def number_word(word: str) -> int | None:
    """'three' -> 3, 'twenty-one' -> 21 (the spelled-out counts this module reads); else None."""
    value = _NUMBER_WORDS.get(word_key(word))
    return value if isinstance(value, int) else None


def _count(raw: str) -> int | None:
    """The value of a matched count word ("twenty  one" as "twenty one"); None for "a few"."""
    return _NUMBER_WORDS.get(" ".join(word_key(raw).split()))


def _month_number(token: str) -> int:
    return _MONTH_ABBR[word_key(token)[:3]]


def latest_weekday(weekday: int, reference: date) -> date:
    """The latest day with this weekday (0 = Monday) on or before `reference`."""
    return reference - timedelta(days=(reference.weekday() - weekday) % 7)


@lru_cache(maxsize=4096)
def _dateparser_parse(text: str, base: date | None) -> date | None:
    import dateparser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
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
    return day_of_month_before(day, month, published)


def day_of_month_before(day: int, month: int, published: date) -> date | None:
    """ "12 March" with no year: the latest such day on or before publication (None for a day the
    month lacks). dateparser reads every day so but the 29th of February, which it takes from the
    last leap year: only that day is asked of it (milliseconds a call;
    `tests/unit/test_dates_fast_paths.py` compares the other days with it)."""
    if (month, day) == (2, 29):
        parsed = _dateparser_parse(f"{day} {MONTHS[month - 1]}", published)
        if parsed is not None and parsed <= published:
            return parsed
    candidate = _safe_date(published.year, month, day)
    if candidate is not None and candidate > published:
        candidate = _safe_date(published.year - 1, month, day)
    return candidate


def _resolve_absolute(m: re.Match[str], published: date | None) -> Resolution:
    """A day, or a span of days of one month ("October 11 and 12", "11-12 October")."""
    start = _absolute(m, published)
    last = m.groupdict().get("d2")
    end = _safe_date(start.year, start.month, int(last)) if start is not None and last else None
    return start, end if end is not None and start is not None and end > start else None, "day", False


def _resolve_numeric(m: re.Match[str], published: date | None) -> Resolution:
    """'2025-10-12'; '12/10/2025' read day first or month first, whichever valid reading lies on
    or before publication and nearest to it (day first when nothing tells them apart)."""
    if m.group("iy"):
        day = _safe_date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        return (day, None, "day", False) if day else _UNKNOWN
    a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("ny"))
    readings = [d for d in (_safe_date(year, b, a), _safe_date(year, a, b)) if d is not None]
    if not readings:
        return _UNKNOWN
    if published is not None:
        readings.sort(key=lambda d: (d > published, abs((published - d).days)))
    return readings[0], None, "day", False


def _part_day(m: re.Match[str]) -> tuple[int, str]:
    """(day, precision) of a month phrase: the 1st at precision month, or the named part's day."""
    part = word_key(m.group("part") or "")
    if not part:
        return 1, "month"
    return _PART_DAY[part.split()[-2] if " " in part else part], "week"


# (date, date_end, precision, night) of a matched phrase; date None if it cannot resolve
Resolution = tuple[date | None, date | None, str, bool]
_UNKNOWN: Resolution = (None, None, "unknown", False)


def _resolve_night_of(m: re.Match[str], published: date | None, anchor: date | None) -> Resolution:
    month = _month_number(m.group("m"))
    year = int(m.group("y")) if m.group("y") else (published.year if published else None)
    if year is None:
        return None, None, "unknown", True
    start = _safe_date(year, month, int(m.group("d1")))
    if start and published and not m.group("y") and start > published:
        start = _safe_date(year - 1, month, int(m.group("d1")))
    return start, (start + timedelta(days=1)) if start else None, "day", True


def _resolve_month(m: re.Match[str], published: date | None, anchor: date | None) -> Resolution:
    month = _month_number(m.group("m"))
    day, precision = _part_day(m)
    if m.group("y"):
        return date(int(m.group("y")), month, day), None, precision, False
    if published is None:
        return _UNKNOWN
    year = published.year if month <= published.month else published.year - 1
    if m.group("last") and month == published.month:
        year -= 1  # "last October" in an October article: a year ago
    if m.group("last_year"):
        year = published.year - 1  # "October last year"
    return min(date(year, month, day), published), None, precision, False


def _resolve_year(m: re.Match[str], published: date | None) -> Resolution:
    """ "In 2023": the whole year (up to the publication day); a year after it dates nothing."""
    year = int(m.group("y"))
    if published is not None and year > published.year:
        return _UNKNOWN
    end = date(year, 12, 31)
    return date(year, 1, 1), min(end, published) if published is not None else end, "year", False


def _resolve_relative_day(m: re.Match[str], published: date | None, anchor: date | None) -> Resolution:
    # "closed on 2 March, a day after ... exchanged fire": counted from the day the sentence
    # named before it; with no such day it dates nothing
    if anchor is None:
        return _UNKNOWN
    raw = word_key(m.group("n"))
    n = 1 if raw in ("a", "one") else (int(raw) if raw.isdigit() else _count(raw))
    if n is None:
        return _UNKNOWN
    direction = word_key(m.group("dir"))
    if direction in ("after", "before") and m.group("bare") is None:
        # "on 2 March, a day after [forces exchanged fire]": what follows is a day before it
        earlier = direction == "after"
    else:  # "two days later", "three days earlier", "and the day after."
        earlier = direction in ("earlier", "before")
    return anchor - timedelta(days=n) if earlier else anchor + timedelta(days=n), None, "day", False


# kinds that resolve with or without a publication day (date, anchor may be None)
_RESOLVE_ANY: dict[str, Callable[[re.Match[str], date | None, date | None], Resolution]] = {
    "vague": lambda m, published, anchor: _UNKNOWN,
    "night_of": _resolve_night_of,
    "dmy": lambda m, published, anchor: _resolve_absolute(m, published),
    "mdy": lambda m, published, anchor: _resolve_absolute(m, published),
    "numeric": lambda m, published, anchor: _resolve_numeric(m, published),
    "month": _resolve_month,
    # "earlier that evening": the day the sentences before named, nothing without one
    "that_day": lambda m, published, anchor: (
        (anchor, None, "day", word_key(m.group("part")) in ("evening", "night")) if anchor else _UNKNOWN
    ),
    "relative_day": _resolve_relative_day,
    "year": lambda m, published, anchor: _resolve_year(m, published),
}


def _resolve_last_month(m: re.Match[str], published: date, anchor: date | None) -> Resolution:
    first = published.replace(day=1)
    day, precision = _part_day(m)
    return (first - timedelta(days=1)).replace(day=day), None, precision, False


def _resolve_ago(m: re.Match[str], published: date, anchor: date | None) -> Resolution:
    raw = word_key(m.group("n"))
    unit = word_key(m.group("u"))
    counted = _count(raw)
    if raw.isdigit():
        n, exact = int(raw), True
    elif counted is not None:
        n, exact = counted, True
    else:
        n, exact = 3, False  # "a few", "several"
    if unit.startswith("day"):
        return published - timedelta(days=n), None, "day" if exact else "week", False
    if unit.startswith("week"):
        return published - timedelta(days=7 * n), None, "week", False
    return published - timedelta(days=30 * n), None, "month", False


# a running count of days up to a week is one event from its first day ("shut for a third day")
_LONGEST_RUNNING_SPAN_DAYS = 7


def _running_count(m: re.Match[str]) -> tuple[int, str]:
    """(count, unit) of a date_nth_running match: "for a third week" -> (3, "week")."""
    raw = word_key(m.group("nth"))
    n = int("".join(ch for ch in raw if ch.isdigit())) if raw[0].isdigit() else _ORDINALS[raw]
    return n, word_key(m.group("u"))


def _resolve_nth_running(m: re.Match[str], published: date, anchor: date | None) -> Resolution:
    # "closed for a third week": it began between three and two weeks ago. The count runs up to
    # the day the sentence names ("closed for a second day on Wednesday": Tuesday to Wednesday),
    # else to publication; a running count of days spans its first day to that day.
    n, unit = _running_count(m)
    if unit == "day":
        last = anchor or published
        if n > _LONGEST_RUNNING_SPAN_DAYS:
            # "fighting continued for the 13th day on Thursday": a long run is told day by day,
            # and the sentence reports that day's episode
            return last, None, "day", False
        return last - timedelta(days=n - 1), last, "day", False
    days = 7 if unit == "week" else 30
    return (
        published - timedelta(days=days * n - 1),
        published - timedelta(days=days * (n - 1)),
        "week" if unit == "week" else "month",
        False,
    )


def _resolve_yesterday(m: re.Match[str], published: date, anchor: date | None) -> Resolution:
    days = 2 if "before" in word_key(m.group(0)) else 1
    return published - timedelta(days=days), None, "day", False


def _resolve_previous(m: re.Match[str], published: date, anchor: date | None) -> Resolution:
    # "closed on Wednesday after forces exchanged fire the previous night": Tuesday night
    ref = anchor or published
    phrase = word_key(m.group(0))
    if "night" in phrase or "evening" in phrase:
        night = "night" in phrase  # an evening ends that day; a night runs into the next
        return ref - timedelta(days=1), ref if night else None, "day", night
    return ref - timedelta(days=1), None, "day", False


def _resolve_weekday(m: re.Match[str], published: date, anchor: date | None) -> Resolution:
    weekday = WEEKDAYS.index(word_key(m.group("wd")))
    if m.group("lastweek"):  # "Wednesday of last week": in the calendar week (from Monday) before
        day = published - timedelta(days=published.weekday() + 7 - weekday)
    else:
        day = latest_weekday(weekday, published)
    part = word_key(m.group("part") or "")
    night = part in ("night", "evening") or word_key(m.group("late") or "") == "late"
    end = day + timedelta(days=1) if part == "night" else None
    return day, end, "day", night


def _resolve_this_week(m: re.Match[str], published: date, anchor: date | None) -> Resolution:
    if "month" in word_key(m.group(0)):  # "earlier this month": the month only -> its 1st (GOLD_FORMAT 7.1)
        return published.replace(day=1), None, "month", False
    return published - timedelta(days=3), None, "week", False


# kinds counted from the publication day: without one they do not resolve
_RESOLVE_FROM_PUBLISHED: dict[str, Callable[[re.Match[str], date, date | None], Resolution]] = {
    "last_month": _resolve_last_month,
    "ago": _resolve_ago,
    "fortnight": lambda m, published, anchor: (published - timedelta(days=14), None, "week", False),
    "nth_running": _resolve_nth_running,
    "overnight": lambda m, published, anchor: (published - timedelta(days=1), published, "day", True),
    "yesterday": _resolve_yesterday,
    "previous": _resolve_previous,
    "today": lambda m, published, anchor: (published, None, "day", "tonight" in word_key(m.group(0))),
    "weekday": _resolve_weekday,
    "weekend": lambda m, published, anchor: (latest_weekday(5, published), None, "week", False),
    "last_week": lambda m, published, anchor: (published - timedelta(days=7), None, "week", False),
    "this_week": _resolve_this_week,
    "ordinal_day": lambda m, published, anchor: _resolve_ordinal_day(int(m.group("d")), published),
}


def _resolve_ordinal_day(day: int, published: date) -> Resolution:
    """ "on the 11th": that day of the publication's month, or of the month before if still ahead."""
    this_month = _safe_date(published.year, published.month, day)
    if this_month is not None and this_month <= published:
        return this_month, None, "day", False
    before = published.replace(day=1) - timedelta(days=1)
    return _safe_date(before.year, before.month, day), None, "day", False


def resolve(kind: str, m: re.Match[str], published: date | None, anchor: date | None) -> Resolution:
    """(date, date_end, precision, night) for one matched phrase of a kind; date None if it cannot
    resolve. `anchor` is the day the sentence named ("the previous day" counts from it)."""
    if kind in _RESOLVE_ANY:
        return _RESOLVE_ANY[kind](m, published, anchor)
    if published is None or kind not in _RESOLVE_FROM_PUBLISHED:
        return _UNKNOWN
    return _RESOLVE_FROM_PUBLISHED[kind](m, published, anchor)
