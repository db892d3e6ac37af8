"""Event mentions: for each trigger a sentence keeps, its places (own or borrowed from the
sentences before), its date phrase, whether it is news or background, and whose posts it names."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from .. import claims as claims_mod
from .. import dates as dates_mod
from ..model import CROSSING_TYPES, VIOLENT_TYPES, Place
from ..rules import expand, rule
from ..sameness import nested
from .attach import (
    _AT_THE_CROSSING,
    both_units_antecedents,
    crossing_antecedents,
    dateline_places,
    post_antecedents,
    scene_antecedent,
    the_unit_after,
    unit_antecedent,
)
from .crossing_towns import as_crossing, named_not_spoken, text_at, twin_crossing
from .dating import ended_closure, mention_background, same_news
from .event_dates import dates_of, event_phrase
from .locate import collapse, crossing_event_places
from .state import (
    DocumentState,
    EventMention,
    PlaceRef,
    SentenceState,
    Trigger,
    place_refs,
)


def _blamed_for_closure(
    text: str, triggers: list[Trigger], ti: int, refs_of: dict[int, list[PlaceRef]]
) -> bool:
    """A violent event that the crossing closure just before it in the sentence is blamed on ("the
    X crossing was closed on Wednesday after forces exchanged fire")."""
    if ti == 0 or triggers[ti].type not in ("armed_clash", "artillery_shelling"):
        return False  # jets or drones "after" which a crossing closed struck elsewhere
    before = triggers[ti - 1]
    if before.type != "crossing_closed" or not any(
        r.place.kind == "crossing" for r in refs_of.get(ti - 1, [])
    ):
        return False
    return _AFTER.search(text[before.end : triggers[ti].start]) is not None


_CLAIM_OF = rule("claim_of").regex
_AFTER = rule("after_link").regex
_THE_BEFORE = rule("the_before_trigger").regex
_CLAIM_HEDGE_WORD = rule("claim_hedge_word").regex
_LATER_THE_SAME_SCENE = rule("later_the_same_scene").regex
_FIGURE_OF_ANOTHER_EVENT = rule("figure_of_another_event").regex
_OWN_POSTS = rule("own_posts").regex
_THE_CROSSING = rule("the_crossing").regex
_CAUSED_THE_CLOSURE = rule("caused_the_closure").regex
# up to three words before a posts noun: whose posts they are ("Taliban border posts")
_WORDS_BEFORE_POSTS = re.compile(expand(r"((?:[\w'’-]+\s+){0,3}){{post_noun}}"), re.I)


def _post_owner(text: str, t: Trigger) -> str | None:
    """Whose posts: 'Pakistani outposts' -> PK, 'Taliban border posts' / 'Afghan posts' -> AF."""
    # the words before the posts noun, also when the trigger starts at it ("Pakistani posts had
    # been overrun")
    lead = re.search(r"(?:[\w'’-]+\s+){0,3}$", text[max(0, t.start - 40) : t.start])
    span = (lead.group(0) if lead else "") + t.text
    m = _WORDS_BEFORE_POSTS.search(span) or _WORDS_BEFORE_POSTS.search(text[t.start : t.end + 60])
    words = (m.group(1) if m else "").lower()
    if re.search(r"pakistan", words):
        return "PK"
    if re.search(r"afghan|taliban", words):
        return "AF"
    return None


def _own_places(doc: DocumentState, ss: SentenceState, ti: int, t: Trigger) -> list[PlaceRef]:
    """The places attached to the trigger, or the crossing a crossing event (or fighting "at the
    gate") refers to."""
    s, sents, place_mentions = ss.sentence, doc.sents, doc.place_mentions
    refs = place_refs(m for m, owner in zip(ss.mentions, ss.place_owner) if owner == ti)
    _located(doc, ss, t, refs, "nearest_trigger")
    # fighting that "led to the closure of" a crossing named in the sentence took place there
    if not refs and t.type not in CROSSING_TYPES and _CAUSED_THE_CLOSURE.search(s.text, t.end):
        here = [
            m
            for m in place_mentions.get(s.index, [])
            if m.place.kind == "crossing" and m.start - s.start > t.end
        ]
        # "led to the closure of the Torkham and Chaman crossings": a fight along the line, not at one
        refs = _located(doc, ss, t, place_refs(here) if len(here) == 1 else [], "caused_the_closure")
    # fighting "near the gate" / "at the crossing" is at the crossing the text names
    if not refs and t.type not in CROSSING_TYPES and _AT_THE_CROSSING.search(s.text):
        refs = _located(
            doc, ss, t, crossing_antecedents(s, sents, place_mentions, crossings_only=True), "at_the_crossing"
        )
    # crossing events may use the crossing named elsewhere in the sentence / just before
    if t.type in CROSSING_TYPES and not refs:
        # "Chaman reopens after talks": the crossing named after a town of the sentence, in any role
        here = place_refs(
            m
            for m in named_not_spoken(doc, s.index)
            if m.place is not None and m.place.kind == "populated_place"
        )
        refs = _located(doc, ss, t, [c for r in here for c in as_crossing(r, doc.gazetteer)], "crossing_town")
    if t.type in CROSSING_TYPES:
        if not refs:
            # a crossing named in the sentences before, rather than the town beside it
            # ("trucks waiting in Landi Kotal ... The crossing was closed on 2 March")
            # "For Chaman's traders, the latest closure ... The crossing reopened": the nearest
            # crossing, or crossing's town, named in any role names the crossing meant
            near = crossing_antecedents(
                s, sents, {i: named_not_spoken(doc, i) for i in range(max(0, s.index - 6), s.index + 1)}
            )
            usable = {m.start for i in {s.index - 2, s.index - 1, s.index} for m in place_mentions.get(i, [])}
            named = [
                c for r in near for c in as_crossing(r, doc.gazetteer) or ([r] if r.start in usable else [])
            ]
            named = named if any(r.place.kind == "crossing" for r in named) else []
            refs = named or crossing_antecedents(s, sents, place_mentions)
            if not any(r.place.kind == "crossing" for r in refs):
                refs = crossing_antecedents(s, sents, place_mentions, crossings_only=True) or refs
            _located(doc, ss, t, refs, "crossing_antecedent")
        elif not any(r.place.kind == "crossing" for r in refs) and _THE_CROSSING.search(s.text):
            # "fighting broke out at Torkham; the crossing was closed": the crossing named
            # before it in the sentence, else in the sentences before
            here = [
                m
                for m in place_mentions.get(s.index, [])
                if m.place.kind == "crossing" and m.end - s.start <= t.start
            ]
            previous = [PlaceRef(here[-1].place, [here[-1].text], here[-1].start)] if here else []
            previous = previous or crossing_antecedents(
                s, sents, place_mentions, crossings_only=True, skip_current=True
            )
            refs = _located(doc, ss, t, previous, "the_crossing_before") or refs
    if t.type in CROSSING_TYPES and all(
        r.place.kind in ("populated_place", "district", "province") for r in refs
    ):
        # a closure happens at a crossing, not at the dateline city or the town where the trucks
        # wait: when the article names one crossing and only towns (or nothing) are at hand, it is
        # that one, wherever the article names it ("Known as the Bab-e-Dosti, the crossing ...");
        # so is "its key border crossing in Kandahar province" when that crossing lies there
        only = _the_article_crossing(doc.all_mentions) or doc.dateline_crossing
        # "Trade resumed at Chaman": the crossing a town stands at is where its trade stops or runs
        only = only or twin_crossing(refs, doc.gazetteer)
        areas = [r.place for r in refs if r.place.kind != "populated_place"]
        if areas and not (only and all(_crossing_in(only[0].place, a, doc.gazetteer) for a in areas)):
            only = []
        refs = _located(doc, ss, t, only, "the_article_crossing") or refs
    return refs


def _crossing_in(crossing: Place, area: Place, gazetteer: Any) -> bool:
    """A crossing lies in an area of either side of the line: its own, or its twin town's
    ("Chaman–Spin Boldak crossing" is in Balochistan and, by Spin Boldak, in Kandahar)."""
    if nested(crossing, area, gazetteer):
        return True
    twins = (p for alias in crossing.aliases for p in gazetteer.lookup(alias) if p.kind != "crossing")
    return any(nested(p, area, gazetteer) for p in twins)


def _the_article_crossing(mentions: dict[int, list]) -> list[PlaceRef]:
    """The crossing the article names, when it names exactly one."""
    crossings = [
        m
        for found in mentions.values()
        for m in found
        if m.place is not None and m.place.kind == "crossing" and getattr(m, "role", "place") == "place"
    ]
    if len({m.place.id for m in crossings}) != 1:
        return []
    return place_refs(crossings[:1])


# a militant attack in a border district (its point this close to the line) is tied to the
# border by its place, whatever the text says (Bajaur 24 km, Kurram 12 km; Bannu 47 km)
BORDER_DISTRICT_KM = 40.0


def _near_the_line(doc: DocumentState, refs: list[PlaceRef]) -> bool:
    return doc.gazetteer is not None and any(
        doc.gazetteer.distance_to_line_km(r.place.lon, r.place.lat) <= BORDER_DISTRICT_KM
        for r in refs
        if r.place.lat is not None and r.place.lon is not None
    )


def _sentence_hedge(hedge: str | None) -> str | None:
    """The hedge a statement keeps of its figure's: "reportedly", not "at least"."""
    return hedge if hedge and _CLAIM_HEDGE_WORD.fullmatch(hedge) else None


def _scene_just_before(doc: DocumentState, s) -> EventMention | None:
    """'Hours later, footage showed a man opening fire on the guards': the placed event of the
    sentence just before (same or previous paragraph) that this one follows."""
    if s.index == 0 or not _LATER_THE_SAME_SCENE.match(s.text):
        return None
    before = doc.sents[s.index - 1]
    if before.para < s.para - 1:
        return None
    told = [e for e in doc.events if e.sentence.index == before.index and e.places]
    return told[-1] if told else None


def _told_before(doc: DocumentState, text: str, t: Trigger) -> bool:
    """'closed following the clashes' after the clashes were told: those clashes, wherever the
    article put them, not a fight at the crossing."""
    return bool(_THE_BEFORE.search(text, max(0, t.start - 30), t.start)) and any(
        e.type == t.type for e in doc.events
    )


def _borrowed_places(
    doc: DocumentState, ss: SentenceState, ti: int, t: Trigger, blamed: bool, followed: EventMention | None
) -> list[PlaceRef]:
    """Places for an event the sentence does not locate: the crossing a closure blamed on it was
    at, the place of the event it caused, the post of the sentences before, the province the
    sentence named."""
    s = ss.sentence
    refs: list[PlaceRef] = []
    before = ss.triggers[ti - 1] if ti > 0 else None
    if (
        before is not None
        and not blamed
        and before.type not in CROSSING_TYPES
        and t.type not in CROSSING_TYPES  # a crossing is not where the shells that came after fell
        and _AFTER.search(s.text[before.end : t.start])
    ):
        # "captured three posts in Spin Boldak district after heavy clashes": where they were taken
        refs = _located(doc, ss, t, list(ss.refs_of.get(ti - 1, [])), "placed_like_its_consequence")
    if not refs and followed is not None:  # "Hours later, ...": the scene just before
        refs = _located(doc, ss, t, list(followed.places), "later_the_same_scene")
    if blamed:
        # "Torkham was closed ... after forces exchanged fire": the fire was at the crossing
        refs = [
            PlaceRef(r.place, list(r.texts), r.start)
            for r in ss.refs_of[ti - 1]
            if r.place.kind == "crossing"
        ]
        _located(doc, ss, t, refs, "crossing_of_blamed_closure")
    if not refs and t.type not in CROSSING_TYPES:
        refs = _located(doc, ss, t, post_antecedents(s, doc.sents, doc.place_mentions), "post_antecedent")
    if not refs:
        refs = _located(
            doc, ss, t, unit_antecedent(s, t, doc.all_mentions.get(s.index, [])), "in_the_province"
        )
    if not refs and (unit := the_unit_after(s, t)) is not None:
        # "KHOST (Pajhwok): ... fired rockets into the province": the dateline's province
        refs = _located(doc, ss, t, dateline_places(doc.dateline, unit, doc.gazetteer), "dateline_unit")
    if not refs:
        both = both_units_antecedents(s, t, doc.sents, doc.all_mentions)
        refs = _located(doc, ss, t, both, "in_both_units")
    if not refs:
        scene = scene_antecedent(s, doc.sents, doc.place_mentions, doc.events)
        refs = _located(doc, ss, t, scene, "separate_incident_scene")
        if refs:
            ss.scene_of[ti] = s.index - 1
    return refs


def _located(
    doc: DocumentState, ss: SentenceState, t: Trigger, refs: list[PlaceRef], rule: str
) -> list[PlaceRef]:
    """Record which rule gave the trigger its places (trace only); returns the places unchanged."""
    if refs and doc.trace is not None:
        names = ", ".join(r.place.name for r in refs)
        doc.note(ss.sentence.index, "located", t.text, rule, names)
    return refs


def _owner(ss: SentenceState, t: Trigger) -> str | None:
    """Whose posts a post event names (AF / PK), from the words or from the side that claims it."""
    text, current = ss.sentence.text, ss.current_speaker
    if t.type != "post_captured_or_destroyed":
        return None
    owner = _post_owner(text, t)
    if owner is not None:
        return owner
    claim_of = _CLAIM_OF.search(text, max(0, t.start - 60), t.start)
    if claim_of is not None:
        # "the Afghan claim of a destroyed post": Kabul claims a Pakistani post, whoever speaks
        return "PK" if re.match(r"(?i)afghan|taliban|kabul", claim_of.group("side")) else "AF"
    if current is not None and current.side in ("AF", "PK"):
        # "Mujahid claimed ... 25 posts captured": a side claims the other side's posts
        if not _OWN_POSTS.search(text[max(0, t.start - 40) : t.end + 40]):
            return "PK" if current.side == "AF" else "AF"
    return None


def trigger_events(doc: DocumentState, ss: SentenceState, ti: int, t: Trigger) -> None:
    """The event mentions of one trigger: one per location set (a group when there are several)."""
    s, text = ss.sentence, ss.sentence.text
    refs = _own_places(doc, ss, ti, t)
    if t.strength == "militant" and not doc.border_tied and not _near_the_line(doc, refs):
        # "Militants attacked a police station in Dera Ismail Khan": no tie to the border conflict
        doc.note(s.index, "dropped", t.text, "militant_attack_not_tied")
        return
    if t.strength in ("causal", "militant") and not refs and not dates_of(ss, ti):
        # "in retaliation for an attack on its soldiers", "analysts said militants attacked
        # because of the crackdown": neither time nor place, no incident
        doc.note(s.index, "dropped", t.text, "cause_without_place_or_date")
        return
    blamed = _blamed_for_closure(text, ss.triggers, ti, ss.refs_of) and not _told_before(doc, text, t)
    followed = _scene_just_before(doc, s)
    if not refs:
        refs = _borrowed_places(doc, ss, ti, t, blamed, followed)
    ss.refs_of[ti] = refs
    phrase = event_phrase(doc, ss, ti, t)
    ended = (
        ended_closure(text, t, ss.triggers, ss.phrases, ss.date_owner, doc.published)
        if t.type == "crossing_closed"
        else None
    )
    if ended is not None:
        phrase = ended  # "reopened on Saturday, ending a closure of three weeks": closed 3 weeks before
    closure = _blamed_closure(doc, ss, ti) if blamed else None
    background = (
        # a closure the news reopening ended is earlier, unless it lasted hours only (same news)
        ended.precision in ("week", "month")
        if ended is not None
        else mention_background(text, t, phrase, doc.published, ss.typed_seen, doc.lede_type)
    )
    scene = followed if phrase is None else None
    if background is True and not doc.events and _dated_lede(text, t, phrase, doc, ss):
        background = None  # the article's first event, only a few days old: its news, not a recall
    if (
        background is True
        and blamed
        and s.index == doc.lede_sentence
        and (closure is None or closure.background is not True)
        and same_news(phrase, doc.events[-1].date if doc.events else None)
    ):
        background = False  # the cause of the lead's closure, not marked as earlier, is part of the news
    if doc.lede_type is None and background is not True:
        doc.lede_type = t.type
        doc.lede_sentence = s.index
    ss.typed_seen.setdefault(t.type, ti)
    recorded = len(doc.events)
    _record(doc, ss, ti, t, refs, phrase, background)
    if closure is not None and phrase is None:
        for e in doc.events[recorded:]:
            e.closure = closure
    for e in doc.events[recorded:] if scene is not None else ():
        e.follows = scene
    if ti in ss.scene_of:
        # "In a separate incident, tension rose over a land dispute in Parachinar on Sunday.": the
        # sentence that set the scene tells this event too (its speaker's, else the outlet's)
        told = doc.sents[ss.scene_of[ti]].text
        said = claims_mod.sentence_claims(told, doc.article.id, statement_claim=True, known=doc.people)
        for e in doc.events[recorded:]:
            e.claims = [*e.claims, *(c for c in said if c not in e.claims)]


def _dated_lede(text: str, t: Trigger, phrase, doc: DocumentState, ss: SentenceState) -> bool:
    """The article's first event is background only for its age ("Two posts were destroyed on
    Sunday" in Friday's paper), not for a cue of its own, and that age is a week at most."""
    if phrase is None or phrase.date is None or phrase.precision != "day" or doc.published is None:
        return False
    if (doc.published - (phrase.date_end or phrase.date)).days > 7:
        return False
    return mention_background(text, t, phrase, None, ss.typed_seen, doc.lede_type) is not True


def _blamed_closure(doc: DocumentState, ss: SentenceState, ti: int) -> EventMention | None:
    """The closure mention (the trigger just before) that the event at `ti` is blamed for."""
    before = ss.triggers[ti - 1]
    return next(
        (e for e in reversed(doc.events) if e.sentence.index == ss.sentence.index and e.trigger is before),
        None,
    )


def _record(
    doc: DocumentState,
    ss: SentenceState,
    ti: int,
    t: Trigger,
    refs: list[PlaceRef],
    phrase: dates_mod.DatePhrase | None,
    background: bool | None,
) -> None:
    s = ss.sentence
    groups = collapse(refs, s.text, s.start, doc.gazetteer) if refs else []
    if t.type in CROSSING_TYPES:
        groups = crossing_event_places(
            groups,
            s.text,
            s.start,
            lambda p: bool(twin_crossing([PlaceRef(p, [p.name], 0)], doc.gazetteer)),
            lambda start: text_at(doc.sents, start),
        )
    claims_here = list(ss.claims)
    other = _FIGURE_OF_ANOTHER_EVENT.search(s.text, t.end)
    if other is not None:
        # "The strikes came a day after a suicide bombing in Peshawar killed three": not their toll
        claims_here = [c for c in claims_here if c.quantity is None]
    if t.type in CROSSING_TYPES and any(o.type in (*VIOLENT_TYPES, "other") for o in ss.triggers):
        # "closed after clashes that killed three soldiers": the clashes' toll, not the closure's;
        # the closure keeps the sentence as its speaker's statement
        claims_here = list(
            dict.fromkeys(
                replace(c, quantity=None, unit=None, subject=None, hedge=_sentence_hedge(c.hedge))
                if c.unit in ("killed", "wounded", "neutralised")
                else c
                for c in claims_here
            )
        )
    owner = _owner(ss, t)
    key = (s.index, t.start) if len(groups) > 1 else None
    # "the military said in a statement on Friday that posts had been destroyed": Friday
    # dates the statement; the event took place then at the latest. A trailing attribution ("posts
    # were captured, the ministry confirmed on Saturday") bounds the events before it the same way.
    bound = (
        next((p for p in reversed(ss.said_on) if p.end <= t.start), None)
        or next((p for p in ss.said_on if p.start >= t.end), None)
        if phrase is None
        else None
    )
    mention = {True: "background", False: "primary", None: "no evidence"}[background]
    doc.note(s.index, "trigger", t.text, t.rule, f"{t.type or 'anaphoric'} ({t.strength}), {mention}")
    doc.note(
        s.index,
        "date",
        phrase.text if phrase else "-",
        "date_phrase" if phrase else "no_date_phrase",
        f"of {t.text!r}",
    )
    if not groups:
        border = ti in ss.border_owner
        doc.events.append(
            EventMention(t.type, s, t, [], border, phrase, background, None, claims_here, owner, bound)
        )
    for g in groups:
        doc.events.append(
            EventMention(t.type, s, t, g, False, phrase, background, key, claims_here, owner, bound)
        )
