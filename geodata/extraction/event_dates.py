"""The date phrase of a trigger's event: its own phrases, the sentence's, its cause's or
consequence's ("shut a fortnight ago after a gunfight"), the event a closure has lasted since, the
day of the sentence that set the scene, and "closed for the 13th day" counted back."""

from __future__ import annotations

import re

from .. import dates as dates_mod
from ..model import CROSSING_TYPES
from ..rules import rule
from .state import FUZZY, DocumentState, SentenceState, Trigger

_AFTER = rule("after_link").regex
_SINCE_THE_EVENT = rule("since_the_event").regex
_CAUSE_TOLD_APART = rule("cause_told_apart").regex


def dates_of(ss: SentenceState, ti: int) -> list[dates_mod.DatePhrase]:
    return [p for p, owner in zip(ss.phrases, ss.date_owner) if owner == ti]


def _own_dates(ss: SentenceState, ti: int, t: Trigger) -> list[dates_mod.DatePhrase]:
    """The trigger's date phrases; else the sentence's when it has one trigger, else its cause's."""
    triggers, text = ss.triggers, ss.sentence.text
    my_dates = dates_of(ss, ti)
    if not my_dates and len(triggers) == 1:
        my_dates = list(ss.phrases)
    if (
        not my_dates
        and ti > 0
        and triggers[ti - 1].type != "crossing_reopened"
        and _AFTER.search(text[triggers[ti - 1].end : t.start])
    ):
        # "shut a fortnight ago after a gunfight": the cause is dated like its consequence
        my_dates = dates_of(ss, ti - 1)
    if (
        not my_dates
        and t.type == "crossing_closed"
        and ti + 1 < len(triggers)
        and _AFTER.search(text[t.end : triggers[ti + 1].start])
        and not _CAUSE_TOLD_APART.search(text[t.end : triggers[ti + 1].start])
    ):
        # "the border has been closed after a gunman opened fire at the gate on Sunday": closed
        # on the day of its cause (the news of the closure may come a day later); not "after the
        # overnight fighting", an event told elsewhere with its own day
        my_dates = dates_of(ss, ti + 1)
    return my_dates


def _since_the_event(doc: DocumentState, text: str, t: Trigger) -> list[dates_mod.DatePhrase]:
    """'the crossing has been closed since the clash': the day of the last dated violent event
    told before (the closure began with it)."""
    if t.type != "crossing_closed" or not _SINCE_THE_EVENT.search(text, t.end):
        return []
    told = [e for e in doc.events if e.type not in CROSSING_TYPES and e.date is not None]
    return [told[-1].date] if told and told[-1].date is not None else []


def event_phrase(doc: DocumentState, ss: SentenceState, ti: int, t: Trigger) -> dates_mod.DatePhrase | None:
    """The date phrase of a trigger's event (None: undated)."""
    my_dates = _own_dates(ss, ti, t) or _since_the_event(doc, ss.sentence.text, t)
    # the most precise phrase; a vague word ("earlier", "recently") only when nothing else dates
    # it ("Earlier in May": May)
    phrase = (
        min(
            my_dates,
            key=lambda p: (
                p.text.lower() in FUZZY,
                dates_mod.PRECISION_RANK[p.precision],
                FUZZY.get(p.text.lower(), 0),
            ),
        )
        if my_dates
        else None
    )
    if ti in ss.scene_of:
        # the scene-setting sentence gave the place and, when it has one, the day ("In a separate
        # incident, ... on Sunday. A soldier was killed ..., an officer told EFE on Monday")
        scene_days = [
            p for i, p in doc.orphan_dates.get(doc.sents[ss.scene_of[ti]].para, []) if i == ss.scene_of[ti]
        ]
        phrase = scene_days[0] if scene_days else phrase
    if phrase is not None and t.type == "crossing_closed":
        # "closed for the 13th day" (or "closed on Wednesday (the fourth day)"): since 12 days before
        running = [p for p in my_dates if p.kind == "nth_running" and re.search(r"\bday\b", p.text, re.I)]
        phrase = dates_mod.closed_since(running[0] if running else phrase)
    return phrase
