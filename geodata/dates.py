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

An explicit date in parentheses after a relative phrase ("on Tuesday night (March 4, 2025)") is
the day that phrase means. A dated dateline ("QUETTA, 4 Mar:") gives the day the article's relative
phrases count from instead of the publication day (`dateline_day`; the extraction passes it as
`published`).

Date phrases directly after a speech verb ("officials said on Tuesday", "said in a statement on
Tuesday", "told reporters on Tuesday") date the statement, not the event; they are returned with
`statement=True` so callers can skip them (`statement_dates` gives them as upper bounds).
dateparser (RELATIVE_BASE = publication, PREFER_DATES_FROM = past) parses the absolute phrases.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from .clean import is_furniture
from .rules import Rule, rule, ruleset

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

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}

# the date phrase rules (kind, regex) in order of preference: rules/dates.yaml, those with a kind
# (Rules, not bare regexes: their finditer skips a sentence their `requires` gate rules out)
_PATTERNS: list[tuple[str, Rule]] = [
    (str(r.meta["kind"]), r) for r in ruleset("dates").values() if "kind" in r.meta
]
# "officials said on Tuesday": the date phrase after a speech verb dates the statement
_SPEECH_BEFORE = rule("statement_date_cue").regex
_MAY_AS_MONTH = rule("may_as_month").regex
_FUTURE_BEFORE = rule("future_before_weekday").regex
_YEAR_OF_ANOTHER = rule("year_of_another_happening").regex
_EARLIER_AS_ADJECTIVE = rule("earlier_as_adjective").regex
# "on Tuesday night (March 4, 2025)": the explicit date in parentheses is the day meant
_PAREN_DATE_OPENS = rule("explicit_date_in_parentheses").regex
_ABSOLUTE_KINDS = ("dmy", "mdy")
# "QUETTA, 4 Mar:": the day a dated dateline gives
_DATELINE_DAY = rule("dateline_day").regex
# a dateline day further back than this from publication is not the filing day (a misread)
_DATELINE_MAX_AGE_DAYS = 14


# the type of a day, named apart because DatePhrase has a field called `date`
Day = date


@dataclass(frozen=True)
class DatePhrase:
    start: int
    end: int
    text: str
    date: Day | None
    date_end: Day | None
    precision: str  # day | week | month | year | unknown
    statement: bool = False  # dates a statement ("said on Monday"), not an event
    night: bool = False  # the phrase names a night ("late Saturday", "Saturday night")
    ahead: bool = False  # dates what follows it ("a day after [forces clashed]"), not what precedes
    kind: str = ""  # the rule kind that matched (rules/dates.yaml): "weekday", "mdy", ...


def number_word(word: str) -> int | None:
    """'three' -> 3, 'twenty-one' -> 21 (the spelled-out counts this module reads); else None."""
    value = _NUMBER_WORDS.get(word.lower())
    return value if isinstance(value, int) else None


def _count(raw: str) -> int | None:
    """The value of a matched count word ("twenty  one" as "twenty one"); None for "a few"."""
    return _NUMBER_WORDS.get(" ".join(raw.lower().split()))


def _month_number(token: str) -> int:
    return _MONTH_ABBR[token.lower()[:3]]


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
    parsed = _dateparser_parse(f"{day} {MONTHS[month - 1]}", published)
    if parsed is not None and parsed <= published:
        return parsed
    candidate = _safe_date(published.year, month, day)
    if candidate is not None and candidate > published:
        candidate = _safe_date(published.year - 1, month, day)
    return candidate


def _part_day(m: re.Match[str]) -> tuple[int, str]:
    """(day, precision) of a month phrase: the 1st at precision month, or the named part's day."""
    part = (m.group("part") or "").lower()
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
    raw = m.group("n").lower()
    n = 1 if raw in ("a", "one") else (int(raw) if raw.isdigit() else _count(raw))
    if n is None:
        return _UNKNOWN
    direction = m.group("dir").lower()
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
    "dmy": lambda m, published, anchor: (_absolute(m, published), None, "day", False),
    "mdy": lambda m, published, anchor: (_absolute(m, published), None, "day", False),
    "month": _resolve_month,
    "relative_day": _resolve_relative_day,
    "year": lambda m, published, anchor: _resolve_year(m, published),
}


def _resolve_last_month(m: re.Match[str], published: date, anchor: date | None) -> Resolution:
    first = published.replace(day=1)
    day, precision = _part_day(m)
    return (first - timedelta(days=1)).replace(day=day), None, precision, False


def _resolve_ago(m: re.Match[str], published: date, anchor: date | None) -> Resolution:
    raw = m.group("n").lower()
    unit = m.group("u").lower()
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
    raw = m.group("nth").lower()
    n = int("".join(ch for ch in raw if ch.isdigit())) if raw[0].isdigit() else _ORDINALS[raw]
    return n, m.group("u").lower()


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


def closed_since(phrase: DatePhrase) -> DatePhrase:
    """A closure "shut for the 13th day" (or "entered its 13th day") began 12 days before the day
    counted: the state's span, from its first day. Long counts of fighting date only the day's
    episode (see `_resolve_nth_running`); a closure is one state, so its start is its date."""
    m = rule("date_nth_running").regex.search(phrase.text) if phrase.kind == "nth_running" else None
    if m is None or phrase.date is None:
        return phrase
    n, unit = _running_count(m)
    if unit != "day":
        return phrase
    last = phrase.date_end or phrase.date
    return replace(phrase, date=last - timedelta(days=n - 1), date_end=last)


def _resolve_yesterday(m: re.Match[str], published: date, anchor: date | None) -> Resolution:
    days = 2 if "before" in m.group(0).lower() else 1
    return published - timedelta(days=days), None, "day", False


def _resolve_previous(m: re.Match[str], published: date, anchor: date | None) -> Resolution:
    # "closed on Wednesday after forces exchanged fire the previous night": Tuesday night
    ref = anchor or published
    phrase = m.group(0).lower()
    if "night" in phrase or "evening" in phrase:
        night = "night" in phrase  # an evening ends that day; a night runs into the next
        return ref - timedelta(days=1), ref if night else None, "day", night
    return ref - timedelta(days=1), None, "day", False


def _resolve_weekday(m: re.Match[str], published: date, anchor: date | None) -> Resolution:
    weekday = WEEKDAYS.index(m.group("wd").lower())
    if m.group("lastweek"):  # "Wednesday of last week": in the calendar week (from Monday) before
        day = published - timedelta(days=published.weekday() + 7 - weekday)
    else:
        day = latest_weekday(weekday, published)
    part = (m.group("part") or "").lower()
    night = part in ("night", "evening") or (m.group("late") or "").lower() == "late"
    end = day + timedelta(days=1) if part == "night" else None
    return day, end, "day", night


def _resolve_this_week(m: re.Match[str], published: date, anchor: date | None) -> Resolution:
    if "month" in m.group(0).lower():  # "earlier this month": the month only -> its 1st (GOLD_FORMAT 7.1)
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
    "today": lambda m, published, anchor: (published, None, "day", "tonight" in m.group(0).lower()),
    "weekday": _resolve_weekday,
    "weekend": lambda m, published, anchor: (latest_weekday(5, published), None, "week", False),
    "last_week": lambda m, published, anchor: (published - timedelta(days=7), None, "week", False),
    "this_week": _resolve_this_week,
}


def _resolve(kind: str, m: re.Match[str], published: date | None, anchor: date | None) -> Resolution:
    """(date, date_end, precision, night) for one matched phrase of a kind; date None if it cannot
    resolve. `anchor` is the day the sentence named ("the previous day" counts from it)."""
    if kind in _RESOLVE_ANY:
        return _RESOLVE_ANY[kind](m, published, anchor)
    if published is None or kind not in _RESOLVE_FROM_PUBLISHED:
        return _UNKNOWN
    return _RESOLVE_FROM_PUBLISHED[kind](m, published, anchor)


def find_dates(text: str, published: date | None, previous: date | None = None) -> list[DatePhrase]:
    """Every date phrase in `text` (non-overlapping, in text order), resolved against `published`;
    `previous` is the day the preceding sentences were about ("Yesterday, …. The previous day, …")."""
    spans: list[tuple[int, int, str, re.Match]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e, _, _ in spans):
                continue
            if kind == "month" and m.group("m").lower() == "may" and not m.group("y"):
                # "may" is mostly the modal verb: only "in May" followed by a non-verb counts
                after = text[m.end() : m.end() + 12].lower()
                if not _MAY_AS_MONTH.search(after):
                    continue
            if (
                kind == "this_week"
                and m.group(0).lower() == "earlier"
                and _EARLIER_AS_ADJECTIVE.search(text[max(0, m.start() - 8) : m.start()])
            ):
                # bare "earlier": only as a time adverb ("earlier, unacknowledged strikes"), not as
                # an adjective ("a violation of an earlier understanding")
                continue
            if kind == "year" and _YEAR_OF_ANOTHER.search(text[max(0, m.start() - 90) : m.start()]):
                continue  # "since the Taliban assumed control of Kabul in 2021": another happening's year
            spans.append((m.start(), m.end(), kind, m))
    spans.sort(key=lambda s: s[0])
    # anchor for "the previous day": a weekday/absolute phrase in the same sentence
    anchor: date | None = None
    if previous is not None and spans and spans[0][2] == "previous":
        anchor = previous  # "The previous day" opening a sentence: the day before the last one named
    for _s, _e, kind, m in spans:
        if kind in ("weekday", "dmy", "mdy") and published is not None:
            d, _, _, _ = _resolve(kind, m, published, None)
            anchor = anchor or d
    results: list[DatePhrase] = []
    for s, e, kind, m in spans:
        if kind == "relative_day":  # counted from the last day named before it in the sentence
            named = [r for r in results if r.date is not None and r.precision == "day"]
            # an event's day first; else the statement's ("said on Thursday that ... the previous day")
            days = [r.date for r in named if not r.statement] or [r.date for r in named]
            d, d_end, precision, night = _resolve(kind, m, published, days[-1] if days else None)
        else:
            d, d_end, precision, night = _resolve(kind, m, published, anchor)
        if kind == "weekday" and d is not None and published is not None and _future_weekday(text, s, m):
            d = published + timedelta(days=(d.weekday() - published.weekday()) % 7)
            d_end = d + timedelta(days=1) if d_end is not None else None
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
        results.append(DatePhrase(s, e, m.group(0), d, d_end, precision, statement, night, ahead, kind))
    return _explicit_dates_win(text, results)


def _future_weekday(text: str, start: int, m: re.Match[str]) -> bool:
    """A plain weekday told in the future tense ("will resume on Friday"): the coming one."""
    return not m.group("lastweek") and _FUTURE_BEFORE.search(text[max(0, start - 60) : start]) is not None


_COMMA_APPOSITION = rule("date_in_apposition").regex


def _explicit_dates_win(text: str, phrases: list[DatePhrase]) -> list[DatePhrase]:
    """A relative phrase followed by an explicit date in parentheses ("on Tuesday night (March 4,
    2025)") takes that date, keeping its span of nights; the explicit date takes the relative
    phrase's statement flag ("said on Friday (May 3)" still dates the statement)."""
    out = list(phrases)
    for i, (rel, explicit) in enumerate(zip(phrases, phrases[1:], strict=False)):
        if rel.kind in _ABSOLUTE_KINDS or explicit.kind not in _ABSOLUTE_KINDS or explicit.date is None:
            continue
        if rel.kind == "weekday" and _COMMA_APPOSITION.match(text, rel.end, explicit.start):
            out[i + 1] = replace(explicit, statement=rel.statement)  # "on Thursday, September 5,"
            continue
        opens = _PAREN_DATE_OPENS.match(text[rel.end :])
        if opens is None or rel.end + opens.end() != explicit.start:
            continue
        if not text[explicit.end :].lstrip().startswith(")"):
            continue
        span = (rel.date_end - rel.date) if rel.date is not None and rel.date_end is not None else None
        out[i] = replace(
            rel, date=explicit.date, date_end=explicit.date + span if span else None, precision="day"
        )
        out[i + 1] = replace(explicit, statement=rel.statement)
    return out


def dateline_day(body: str, published: date | None) -> date | None:
    """The day of a dated dateline opening the body ("QUETTA, 4 Mar:", "KABUL, March 5 (Reuters)
    -"), read against the publication day; None for an undated dateline or none, or a day after
    publication or more than two weeks before it (not the filing day)."""
    for line in body.split("\n"):
        if is_furniture(line):
            continue
        m = _DATELINE_DAY.match(line)
        if m is None:
            return None
        when = f"{m.group('when')} {m.group('y') or ''}".strip()
        days = [p.date for p in find_dates(when, published) if p.precision == "day" and p.date]
        if not days or published is None:
            return days[0] if days else None
        age = (published - days[0]).days
        return days[0] if 0 <= age <= _DATELINE_MAX_AGE_DAYS else None
    return None


def split_dates(phrases: list[DatePhrase]) -> tuple[list[DatePhrase], list[DatePhrase]]:
    """(event dates, statement dates) among a sentence's resolved `find_dates`: a statement date
    ("said on Friday") is an upper bound for the events the sentence reports."""
    dated = [p for p in phrases if p.date is not None]
    return [p for p in dated if not p.statement], [p for p in dated if p.statement]


def statement_dates(text: str, published: date | None, previous: date | None = None) -> list[DatePhrase]:
    """The resolved date phrases of a sentence that date a statement ("said on Friday")."""
    return split_dates(find_dates(text, published, previous))[1]


def event_dates(text: str, published: date | None, previous: date | None = None) -> list[DatePhrase]:
    """The date phrases of a sentence that can date an event (statement dates left out)."""
    return split_dates(find_dates(text, published, previous))[0]


def default_date(published: date | None, background: bool) -> tuple[date | None, date | None, str]:
    """Date of an event whose text gives no date phrase: current news -> the publication day;
    recalled background -> a few days before, precision week."""
    if published is None:
        return None, None, "unknown"
    if background:
        return published - timedelta(days=3), None, "week"
    return published, None, "day"
