"""Attachment: which trigger of a sentence each place, date phrase and border phrase belongs to,
and the places an event without one borrows from the sentences before (the post, the crossing,
"the province")."""

from __future__ import annotations

import re
from typing import Any

from ..clean import Sentence, dateline_length
from ..rules import rule
from .filters import _CROSSING_CONTEXT
from .places import CAPITALS
from .state import PlaceRef, Trigger, place_refs

_BORDER_PHRASE = rule("border_phrase").regex


_SUBORDINATE = rule("subordinate").regex


_CLAUSE_BREAK = rule("clause_break").regex


def date_owners(phrases, triggers: list[Trigger], text: str) -> list[int | None]:
    """`assign_nearest` for date phrases, except that a phrase dating what follows it ("closed on
    2 March, a day after [forces exchanged fire]") goes to the next trigger."""
    owners = assign_nearest([(p.start, p.end) for p in phrases], triggers, text)
    for k, p in enumerate(phrases):
        if p.ahead:
            following = [i for i, t in enumerate(triggers) if t.start >= p.end]
            if following:
                owners[k] = following[0]
    return owners


def assign_nearest(
    items_pos: list[tuple[int, int]], triggers: list[Trigger], text: str | None = None
) -> list[int | None]:
    """For each (start, end) span, the index of the trigger it belongs to: the nearest preceding
    trigger unless a following one is clearly closer and not in a subordinate phrase ("reopened
    the crossing on Monday after a week-long closure": Monday is the reopening's)."""
    result: list[int | None] = []
    for start, end in items_pos:
        best = None
        prev = [(start - t.end, i) for i, t in enumerate(triggers) if t.end <= start]
        nxt = [(t.start - end, i) for i, t in enumerate(triggers) if t.start >= end]
        inside = [i for i, t in enumerate(triggers) if t.start < end and start < t.end]
        if inside:
            best = inside[0]
        elif prev and nxt:
            d1, i1 = min(prev)
            d2, i2 = min(nxt)
            between = text[end : triggers[i2].start] if text is not None else ""
            subordinate = _SUBORDINATE.search(between) is not None
            # "fought on Thursday evening, and aircraft struck ...": the day closes its clause
            # "closed since 28 April, reopened on 11 May": a bare comma after the day ends its clause
            closes = _CLAUSE_BREAK.search(between) is not None or (
                between.strip() == "," and not _OPENS_A_CLAUSE.search(text or "", 0, start)
            )
            best = i2 if d2 * 2 < d1 and not subordinate and not closes else i1
            if text is not None and ";" in text[triggers[i1].end : start] and ";" not in between:
                best = i2  # "...; and the Chaman crossing has also been closed": its own clause's
        elif prev:
            best = min(prev)[1]
            later = _LATER_CLAUSE.search(text, triggers[best].end, start) if text is not None else None
            if later is not None and text is not None and "," not in text[later.end() : start]:
                best = None  # "torched a post near X, hours after troops killed militants in Y": Y is not X's
        elif nxt:
            best = min(nxt)[1]
        result.append(best)
    return result


# a comma-led clause about another, earlier happening: what it names is not the main event's
_LATER_CLAUSE = rule("later_clause").regex
# ", and on Monday, clashes erupted": the day opens the next clause
_OPENS_A_CLAUSE = rule("day_opens_a_clause").regex
_A_CROSSING = rule("a_crossing").regex
_THE_CROSSING_WORD = rule("the_crossing").regex


_THE_POST = rule("the_post").regex


_A_POST = rule("a_post").regex


def post_antecedents(s: Sentence, sents: list[Sentence], place_mentions) -> list[PlaceRef]:
    """'six shells struck the post': the post located in one of the two sentences before (same or
    previous paragraph) locates this sentence's events too (GOLD_FORMAT 9: a place named in the
    previous sentence for the same event)."""
    if not _THE_POST.search(s.text):
        return []
    for i in range(s.index - 1, max(-1, s.index - 3), -1):
        if sents[i].para < s.para - 1:
            break
        found = place_mentions.get(i, [])
        if not found or not _A_POST.search(sents[i].text):
            continue
        return place_refs(found)
    return []


_IN_THE_UNIT = rule("in_the_unit").regex


def unit_antecedent(s: Sentence, t: Trigger, mentions) -> list[PlaceRef]:
    """'officials in Khost province said forces exchanged fire in the province': the province the
    sentence named (`mentions`: all of the sentence's, even the speakers' place) is where it
    happened (the nearest before)."""
    m = _IN_THE_UNIT.search(s.text, t.end, t.end + 80)
    if m is None:
        return []
    kind = m.group("kind").lower()
    named = [
        x for x in mentions if x.place is not None and x.place.kind == kind and x.end - s.start <= m.start()
    ]
    return [PlaceRef(named[-1].place, [named[-1].text], named[-1].start)] if named else []


def the_unit_after(s: Sentence, t: Trigger) -> str | None:
    """'province' or 'district' when the trigger is followed by "in the province" (or district)."""
    m = _IN_THE_UNIT.search(s.text, t.end, t.end + 80)
    return m.group("kind").lower() if m is not None else None


def dateline_name(body: str) -> str:
    """The place a dateline names ("TORKHAM:" -> "TORKHAM", "Khost (Pajhwok):" -> "Khost"), or ""."""
    first = body.lstrip().split("\n", 1)[0]
    head = first[: dateline_length(first, first=True)] or _dateline_alone(body)
    return re.split(r"[,:(—–-]", head, maxsplit=1)[0].strip()


def _dateline_alone(body: str) -> str:
    """A dateline on a line of its own below the page's furniture (headline, byline, "TODAY'S
    PAPER | ..."): "TORKHAM:" then the story. Only a whole line counts, so a headline that
    opens with capitals is never read as one."""
    for line in [line.strip() for line in body.splitlines() if line.strip()][:12]:
        if dateline_length(line + " ") >= len(line):
            return line
    return ""


def dateline_places(name: str, kind: str, gazetteer: Any) -> list[PlaceRef]:
    """The one place of `kind` the dateline names (a crossing by its name or its twin town's; a
    province or district by its name), [] for none or several."""
    if not name or (kind != "crossing" and any(name.lower() == c.lower() for c in CAPITALS)):
        return []  # "Kabul (Pajhwok): ... the province": where the report was written, not Kabul province
    found = [p for p in gazetteer.lookup(name) if p.kind == kind]
    return [PlaceRef(found[0], [name], 0)] if len(found) == 1 else []


_IN_BOTH_UNITS = rule("in_both_units").regex


def _of_kind(m, kind: str) -> bool:
    # "Goshteh district" counts as a district even where the gazetteer read the name as the town
    return m.place is not None and (
        m.place.kind == kind or re.search(rf"\b{kind}\b", m.text, re.I) is not None
    )


def both_units_antecedents(s: Sentence, t: Trigger, sents: list[Sentence], all_mentions) -> list[PlaceRef]:
    """'rockets hit villages in both districts': the last two districts (or provinces) named
    before it, in this sentence or the two before (same or previous paragraph), any role ("residents
    of A and B said" names them too)."""
    m = _IN_BOTH_UNITS.search(s.text, t.end, t.end + 80)
    if m is None:
        return []
    kind = m.group("kind").lower()
    for i in range(s.index, max(-1, s.index - 3), -1):
        if sents[i].para < s.para - 1:
            break
        found = [
            x
            for x in all_mentions.get(i, [])
            if _of_kind(x, kind) and (i < s.index or x.start < s.start + m.start())
        ]
        distinct = list({x.place.id: x for x in found}.values())
        if len(distinct) >= 2:
            return [PlaceRef(x.place, [x.text], x.start) for x in distinct[-2:]]
    return []


_SEPARATE_INCIDENT = rule("separate_incident_opener").regex


def scene_antecedent(s: Sentence, sents: list[Sentence], place_mentions, events) -> list[PlaceRef]:
    """'In a separate incident, ... in the Parachinar area on Sunday.' followed by 'A soldier was
    killed in firing from the other side': the places of the scene-setting sentence just before
    (same or next paragraph), when it reported no event of its own."""
    if s.index == 0:
        return []
    before = sents[s.index - 1]
    if before.para < s.para - 1 or not _SEPARATE_INCIDENT.search(before.text):
        return []
    if any(e.sentence.index == before.index for e in events):
        return []
    return place_refs(place_mentions.get(before.index, []))


_AT_THE_CROSSING = rule("at_the_crossing").regex


def crossing_antecedents(
    s: Sentence,
    sents: list[Sentence],
    place_mentions,
    *,
    crossings_only: bool = False,
    skip_current: bool = False,
) -> list[PlaceRef]:
    """Places the crossing of this sentence refers back to: this sentence's, else those of the two
    sentences before (same or previous paragraph). A crossing itself is the article's topic more
    than a town is, so `crossings_only` looks back up to six sentences and two paragraphs."""
    if not _CROSSING_CONTEXT.search(s.text) and not re.search(r"\b(?:it|they|both)\b", s.text, re.I):
        return []
    if _A_CROSSING.search(s.text) and not _THE_CROSSING_WORD.search(s.text):
        return []  # "the reopening of a long-closed crossing": one the article names later, not one before
    back, paragraphs = (6, 2) if crossings_only else (2, 1)
    candidates = ([] if skip_current else [s.index]) + [
        i for i in range(s.index - 1, max(-1, s.index - 1 - back), -1)
    ]
    for i in candidates:
        found = place_mentions.get(i, [])
        if i != s.index and sents[i].para < s.para - paragraphs:
            break
        if found:
            refs = place_refs(
                m
                for m in found
                if m.place.kind not in ("province", "region", "country")
                and m.place.name not in CAPITALS  # a dateline or a government, never a gate
                and (not crossings_only or m.place.kind == "crossing")
            )
            if refs:
                return refs
    return []
