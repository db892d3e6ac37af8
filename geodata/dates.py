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
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .clean import is_furniture
from .date_kinds import (  # noqa: F401 (re-exported: number_word, latest_weekday, MONTHS, WEEKDAYS)
    MONTHS,
    WEEKDAYS,
    _running_count,
    latest_weekday,
    number_word,
    word_key,
)
from .date_kinds import (
    resolve as _resolve,
)
from .rules import Rule, gate_text, pieces_in, rule, ruleset
from .rules.shut import shutting_sets

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}

# the date phrase rules (kind, regex) in order of preference: rules/dates.yaml, those with a kind
# (Rules, not bare regexes: their finditer skips a sentence their `requires` gate rules out)
_PATTERNS: list[tuple[str, Rule]] = [
    (str(r.meta["kind"]), r) for r in ruleset("dates").values() if "kind" in r.meta
]
# each rule with the needed pieces that rule it out of a sentence at one look-up of the sentence's
# pieces (rules/shut.py), instead of each rule's own `hopeless` call (twenty-one a sentence)
_GATED: list[tuple[str, Rule, frozenset[str] | None]] = [
    (kind, r, shutting_sets(r)[1]) for kind, r in _PATTERNS
]
# "officials said on Tuesday": the date phrase after a speech verb dates the statement
_SPEECH_BEFORE = rule("statement_date_cue").regex
_MAY_AS_MONTH = rule("may_as_month").regex
_FUTURE_BEFORE = rule("future_before_weekday").regex
_UNTIL_BEFORE = rule("until_before").regex
_EVENING_START = rule("evening_start").regex
_INTO_THE_SMALL_HOURS = rule("into_the_small_hours").regex
_YEAR_OF_ANOTHER = rule("year_of_another_happening").regex
_YEAR_OF_A_DEED = rule("year_of_a_deed").regex
_EARLIER_AS_ADJECTIVE = rule("earlier_as_adjective").regex
# "on Tuesday night (March 4, 2025)": the explicit date in parentheses is the day meant
_PAREN_DATE_OPENS = rule("explicit_date_in_parentheses").regex
_ABSOLUTE_KINDS = ("dmy", "mdy", "numeric")
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


def _rule_matches(text: str, gated: bool = True) -> Iterator[tuple[str, re.Match[str]]]:
    """(kind, match) of every date rule in order of preference. A rule none of whose needed pieces
    the text holds cannot match (`Rule.hopeless`) and is not run; `gated=False` runs them all."""
    lowered = gate_text(text) if gated else None
    if lowered is None:
        for kind, r in _PATTERNS:
            for m in r.finditer(text):
                yield kind, m
        return
    pieces = pieces_in(lowered)
    for kind, r, needs in _GATED:
        if needs is None or not needs.isdisjoint(pieces):
            for m in r.finditer(text):
                yield kind, m


def find_dates(
    text: str, published: date | None, previous: date | None = None, *, gated: bool = True
) -> list[DatePhrase]:
    """Every date phrase in `text` (non-overlapping, in text order), resolved against `published`;
    `previous` is the day the preceding sentences were about ("Yesterday, …. The previous day, …").
    `gated=False` tries every rule's pattern (the tests compare both)."""
    spans: list[tuple[int, int, str, re.Match]] = []
    for kind, m in _rule_matches(text, gated):
        if any(m.start() < e and s < m.end() for s, e, _, _ in spans):
            continue
        if kind == "month" and word_key(m.group("m")) == "may" and not m.group("y"):
            # "may" is mostly the modal verb: only "in May" followed by a non-verb counts
            after = word_key(text[m.end() : m.end() + 12])
            if not _MAY_AS_MONTH.search(after):
                continue
        if (
            kind == "this_week"
            and word_key(m.group(0)) == "earlier"
            and _EARLIER_AS_ADJECTIVE.search(text[max(0, m.start() - 8) : m.start()])
        ):
            # bare "earlier": only as a time adverb ("earlier, unacknowledged strikes"), not as
            # an adjective ("a violation of an earlier understanding")
            continue
        if (
            kind == "year"
            and not word_key(m.group(0)).startswith("since")
            and (
                _YEAR_OF_ANOTHER.search(text[max(0, m.start() - 90) : m.start()])
                or _YEAR_OF_A_DEED.search(text[max(0, m.start() - 60) : m.start()])
            )
        ):
            continue  # "the fence, built in 2017": another happening's year
        spans.append((m.start(), m.end(), kind, m))
    if not spans:
        return []  # what the steps below make of no phrase
    spans.sort(key=lambda s: s[0])
    # anchor for "the previous day": a weekday/absolute phrase in the same sentence
    anchor: date | None = None
    if previous is not None and spans and spans[0][2] in ("previous", "that_day"):
        anchor = previous  # "The previous day" opening a sentence: the day before the last one named
    for _s, _e, kind, m in spans:
        if kind in ("weekday", *_ABSOLUTE_KINDS) and published is not None:
            d, _, _, _ = _resolve(kind, m, published, None)
            anchor = anchor or d
    results: list[DatePhrase] = []
    for s, e, kind, m in spans:
        # "a day after [forces clashed]": dates what follows it, counted from another event's day
        direction = word_key(m.group("dir")) if kind == "relative_day" and m.group("bare") is None else ""
        ahead = direction in ("after", "before")
        if kind == "relative_day":  # counted from the last day named before it in the sentence
            named = [r for r in results if r.date is not None and r.precision == "day"]
            # an event's day first; else the statement's ("said on Thursday that ... the previous day")
            days = [r.date for r in named if not r.statement] or [r.date for r in named]
            if not days and previous is not None and direction == "after":
                days = [previous]  # "The strikes came two days after ...": the strikes' day, named before
            d, d_end, precision, night = _resolve(kind, m, published, days[-1] if days else None)
        else:
            d, d_end, precision, night = _resolve(kind, m, published, anchor)
        if kind == "weekday" and d is not None and published is not None and _future_weekday(text, s, m):
            d = published + timedelta(days=(d.weekday() - published.weekday()) % 7)
            d_end = d + timedelta(days=1) if d_end is not None else None
        if d is not None and precision == "day" and _overnight_until(text, s):
            d, d_end = d - timedelta(days=1), d  # "broke out after 10 p.m. ... until 3 a.m. on Wednesday"
        statement = kind in _STATEMENT_KINDS and bool(_SPEECH_BEFORE.search(text[max(0, s - 70) : s]))
        if d is None:
            precision = "unknown"
        results.append(DatePhrase(s, e, m.group(0), d, d_end, precision, statement, night, ahead, kind))
    phrases = _joined_days(text, _explicit_dates_win(text, results))
    return _night_before_the_statement(_night_of_a_named_day(text, phrases))


def _overnight_until(text: str, start: int) -> bool:
    """The day phrase at `start` ends a night: 'into the early hours of Thursday', or 'until around
    3 a.m. on Wednesday' after an evening start ('broke out shortly after 10 p.m.') in the same
    sentence; the night began the day before."""
    if _INTO_THE_SMALL_HOURS.search(text, max(0, start - 40), start):
        return True  # "the exchange of fire continued into the early hours of Thursday"
    until = _UNTIL_BEFORE.search(text, max(0, start - 40), start)
    return (
        until is not None
        and until.group("am") is not None
        and _EVENING_START.search(text, 0, until.start()) is not None
    )


_NIGHT_OF_A_NAMED_DAY = rule("night_of_a_named_day").regex


def _night_of_a_named_day(text: str, phrases: list[DatePhrase]) -> list[DatePhrase]:
    """'during the night between Tuesday and Wednesday', 'late at night on Monday': the night of
    the day named right after it (to the next morning), not the night before publication."""
    out = list(phrases)
    for i, (night, day) in enumerate(zip(phrases, phrases[1:], strict=False)):
        if night.kind != "overnight" or day.kind not in (*_ABSOLUTE_KINDS, "weekday") or day.date is None:
            continue
        if _NIGHT_OF_A_NAMED_DAY.search(text[night.end : day.start]):
            out[i] = replace(night, date=day.date, date_end=day.date + timedelta(days=1))
    return out


_DAY_JOINT = rule("day_span_joint").regex
_NEW_CLAUSE_AFTER = rule("new_clause_after_day").regex


def _joined_days(text: str, phrases: list[DatePhrase]) -> list[DatePhrase]:
    """ "on Sunday and Monday", "from Saturday to Monday": one span of days, not two events'."""
    out: list[DatePhrase] = []
    for p in phrases:
        last = out[-1] if out else None
        if (
            last is not None
            and last.kind == p.kind == "weekday"
            and not (last.statement or p.statement)
            and last.date is not None
            and p.date is not None
            and 0 < (p.date - last.date).days <= (1 if "and" in word_key(text[last.end : p.start]) else 6)
            and _DAY_JOINT.fullmatch(text[last.end : p.start])
            and not _NEW_CLAUSE_AFTER.match(text, p.end)
        ):
            out[-1] = replace(last, end=p.end, text=text[last.start : p.end], date_end=p.date_end or p.date)
            continue
        out.append(p)
    return out


_STATEMENT_KINDS = ("weekday", "dmy", "mdy", "numeric", "today", "yesterday")


def _night_before_the_statement(phrases: list[DatePhrase]) -> list[DatePhrase]:
    """'overnight, officials said on Sunday': the night before the statement's day."""
    said = next((p for p in phrases if p.statement and p.date is not None and p.precision == "day"), None)
    if said is None or said.date is None:
        return phrases
    before = said.date - timedelta(days=1)
    return [replace(p, date=before, date_end=said.date) if p.kind == "overnight" else p for p in phrases]


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
            # "on Thursday, September 5,": the weekday is that date, whichever week it would guess
            night = rel.date_end is not None and rel.date is not None and explicit.date is not None
            out[i] = replace(
                rel,
                date=explicit.date,
                date_end=explicit.date + (rel.date_end - rel.date) if night else None,  # type: ignore[operator]
                precision="day",
            )
            out[i + 1] = replace(explicit, statement=rel.statement)
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
