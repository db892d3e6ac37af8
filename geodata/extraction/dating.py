"""Dates and news/background: the date phrase of an event, the closure a reopening ended, and
whether an event is the article's news or an earlier one recalled (the `dates` pass's rules)."""

from __future__ import annotations

import functools
import math
import re
from datetime import date, timedelta

from .. import claims as claims_mod
from .. import dates as dates_mod
from ..rules import rule
from .state import Trigger

# what an event followed or answered ("after", "in response to" ...: the cause_phrase phrases) is earlier
_BACKGROUND_CUE = rule("background_cue").regex


_CONSEQUENCE = rule("consequence_before").regex
_NAMED_FIGHT_BEGAN = rule("named_fight_began").regex
_FRONTED_CAUSE = rule("fronted_cause_clause").regex
_FRONTED_EARLIER = rule("fronted_earlier").regex


_WEAK_BACKGROUND_CUE = rule("weak_background_cue").regex


_SPEECH_ANY = rule("speech_before_trigger").regex


_PLUPERFECT = rule("pluperfect").regex
_BY_A_TIME_OF_THE_DAY = rule("by_a_time_of_the_day").regex


# the closure a reopening ends, and how long it lasted: "ending a closure of three weeks",
# "after a week-long closure", "after a 10-day closure"
_ENDED_CLOSURE = rule("ended_closure").regex


_DURATION_BEFORE = rule("duration_before").regex


_DURATION_AFTER = rule("duration_after").regex


_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 30}


def ended_closure(
    text: str, t: Trigger, triggers: list[Trigger], phrases, date_owner, news_day: date | None = None
) -> dates_mod.DatePhrase | None:
    """The closure that a reopening in the same sentence ends, dated back from the reopening day
    by its length, at precision week; None if the closure is not such a one or cannot be dated."""
    cue = _ENDED_CLOSURE.search(text, max(0, t.start - 40), t.start)
    reopen = [i for i, r in enumerate(triggers) if r.type == "crossing_reopened" and r.end <= t.start]
    if cue is None or not reopen:
        return None
    if any(
        triggers[owner] is t
        for p, owner in zip(phrases, date_owner)
        if owner is not None and p.start > t.start
    ):
        return None  # "after the closure on Monday": the closure's own day
    # the reopening's day: a day phrase of the reopening, or any before the closure noun
    days = [p for p, owner in zip(phrases, date_owner) if owner == reopen[-1] and p.date is not None]
    days = days or [p for p in phrases if p.date is not None and p.end <= t.start and p.precision == "day"]
    reopening = triggers[reopen[-1]]
    if (
        not days
        and news_day is not None
        and not _PLUPERFECT.search(text, max(0, reopening.start - 25), reopening.start)
    ):
        # "has reopened after a six-month closure, the envoy said on Friday": the reopening is
        # the news, of the article's day ("which had reopened after ...": an earlier one)
        days = [dates_mod.DatePhrase(t.start, t.end, "", news_day, None, "day")]
    if not days:
        return None
    m = (
        _DURATION_BEFORE.search(cue.group("span") or cue.group("span_of") or "")
        or _DURATION_AFTER.match(text, t.end)
        # "reopened ... four hours following a closure": the gap between the two
        or _DURATION_BEFORE.search(text, max(0, cue.start() - 25), cue.start())
    )
    n, unit = 1, "week"  # no length given: a week before, as a best guess at week precision
    if cue.group("span_of") and (m is None or m.group("n") is None):
        return None  # "after months of closure": how many is not said
    if m is not None:
        word = (m.group("n") or "one").lower()  # "a month-long closure"
        n = (
            int(word)
            if word.isdigit()
            else (1 if word in ("a", "an", "one") else dates_mod.number_word(word) or 0)
        )
        unit = m.group("u").lower()
        if not n:
            return None
    if unit == "hour":  # a closure of hours: the reopening's day (a day before per 24 h), as precise
        closed = days[0].date - timedelta(days=n // 24)
        return dates_mod.DatePhrase(
            t.start, t.end, text[cue.start() : t.end], closed, None, days[0].precision
        )
    closed = days[0].date - timedelta(days=max(1, round(n * _UNIT_DAYS[unit])))
    return dates_mod.DatePhrase(
        t.start, t.end, text[cue.start() : t.end], closed, None, "month" if unit == "month" else "week"
    )


def same_news(phrase: dates_mod.DatePhrase | None, consequence: dates_mod.DatePhrase | None) -> bool:
    """The cause is dated like its consequence or at most the day (night) before it."""
    if phrase is None or phrase.date is None or consequence is None or consequence.date is None:
        return True
    return (consequence.date - phrase.date).days <= 1 and (phrase.date_end or phrase.date) <= (
        consequence.date_end or consequence.date
    )


_TENSIONS = rule("tensions").regex


@functools.lru_cache(maxsize=256)
def _first_end(pattern: re.Pattern, text: str) -> float:
    """Where the first match of `pattern` in `text` ends (infinity if none): "is there a match
    before position p" is `_first_end(pattern, text) <= p`, answered for every trigger of a
    sentence without searching its start again each time."""
    m = pattern.search(text)
    return m.end() if m else math.inf


def mention_background(
    text: str,
    t: Trigger,
    phrase: dates_mod.DatePhrase | None,
    published: date | None,
    typed_seen: dict[str, int],
    lede_type: str | None,
) -> bool | None:
    """True: an earlier event recalled (background); False: explicitly the news; None: no evidence."""
    before = text[max(0, t.start - 70) : t.start]
    cues = list(_BACKGROUND_CUE.finditer(before))
    cue_match = cues[-1] if cues else None  # the last cue before the trigger
    cue = cue_match is not None
    cue_at = max(0, t.start - 70) + cue_match.start() if cue_match is not None else 0
    if cue and _first_end(_TENSIONS, text) <= cue_at:
        cue = False  # "tensions rose following clashes": the clashes are the news
    fronted = _FRONTED_CAUSE.match(text) if cue else None
    if fronted is not None and cue_at < fronted.end() <= t.start:
        cue = False  # "Following this incident, the border has been closed": the closing followed
    if (
        cue_match is not None
        and cue
        and claims_mod.search_before(_CONSEQUENCE, text, cue_at)
        and cue_match.group(0).lower() == "after"
    ):
        cue = False  # "a post was damaged after shells hit it": the harm and its cause are one news event
    if (
        _PLUPERFECT.search(text[max(0, t.start - 25) : t.start])
        and _first_end(_SPEECH_ANY, text) > t.start
        and not _BY_A_TIME_OF_THE_DAY.match(text)
    ):
        cue = True
    if _FRONTED_EARLIER.match(text):
        cue = True  # "Previously, residents said a skirmish had occurred": an earlier event
    if (
        not cue
        and _WEAK_BACKGROUND_CUE.search(text[max(0, t.start - 40) : t.start])
        and lede_type is not None
        and t.type != lede_type
    ):
        cue = True  # "recent airstrikes" in an article about clashes
    if cue and t.type == lede_type and re.search(r"\bthe\s+(?:[\w'’-]+\s+)?$", before):
        cue = False  # "closed the gate after the fighting": the fighting already reported
    if cue and t.type in typed_seen:
        cue = False  # "clashes erupted after forces launched attacks": the same event
    if cue and cue_match is not None and _NAMED_FIGHT_BEGAN.search(text[:cue_at]):
        cue = False  # "the firing began around 10pm after forces targeted a post": how it began
    if phrase is not None and phrase.date is not None and published is not None:
        age = (published - (phrase.date_end or phrase.date)).days
        if phrase.ahead and phrase.kind == "relative_day" and age >= 2:
            return True  # "This clash comes two days after forces fought in Spin Boldak": the earlier one
        if age > 4 or phrase.precision in ("month", "year"):
            return True
        if phrase.precision == "day" and not cue:
            return False
    if cue:
        return True
    if (
        phrase is not None
        and phrase.precision == "week"
        and phrase.text.lower() in ("recent", "recently", "earlier", "last week")
    ):
        return True if (lede_type is not None and t.type != lede_type) else None
    return None
