"""The place an article is about, for events whose sentences name none.

"The gate was shut again by evening" in a report headlined "Torkham closed after firing" happened at
Torkham: human coders put such events at the place of the headline (else of the lead sentence),
with that place's own precision. It is a fallback: a place the event's sentences name always wins,
and an article about several places that do not nest gives no article place (the event stays
unlocated or border-wide rather than being put at a guess)."""

from __future__ import annotations

from typing import Any

from ..model import VIOLENT_TYPES, Place
from ..rules import rule
from ..sameness import nested
from .clustering import clusters_conflict, follows_the_clash
from .places import CAPITALS, mention_rejection
from .state import Cluster, DocumentState

# "Separately, a mortar shell landed ...": a story of its own, never part of the clash
_SEPARATE = rule("separate_incident").regex

# kinds precise enough to stand for "the place the article is about"; a region or the border is not
USABLE_KINDS = ("crossing", "populated_place", "pass", "district", "province")
CROSSING_TYPES = ("crossing_closed", "crossing_reopened")
# the lead: the first sentences of the body; a place first named further down is another story's
LEAD_SENTENCES = 3


def _usable(place: Place | None) -> bool:
    """A place of the border zone that can be an incident's place: not a country, the line, a place
    abroad, or a capital (the seat of a government or a press conference)."""
    return (
        place is not None
        and place.kind in USABLE_KINDS
        and place.country in ("AF", "PK", None)
        and place.name not in CAPITALS
    )


def _most_specific(places: list[Place], gazetteer: Any) -> list[Place]:
    """Distinct places, those containing another one dropped ("Kurram" under "Kharlachi, Kurram")."""
    distinct: dict[str, Place] = {}
    for p in places:
        distinct.setdefault(p.id, p)
    kept = list(distinct.values())
    return [
        p
        for p in kept
        if not any(q.id != p.id and nested(p, q, gazetteer) and _rank(q) < _rank(p) for q in kept)
    ]


def _rank(place: Place) -> int:
    return USABLE_KINDS.index(place.kind) if place.kind in USABLE_KINDS else len(USABLE_KINDS)


def _title_places(doc: DocumentState) -> list[Place]:
    title = doc.article.title or ""
    try:
        mentions = list(doc.gazetteer.find_mentions(title))
    except Exception:
        mentions = []
    return [
        _as_read_in_the_body(doc, m.place, m.text)
        for m in mentions
        if getattr(m, "role", "place") in ("place", "speaker") and _usable(m.place)
    ]


def _as_read_in_the_body(doc: DocumentState, place: Place, written: str) -> Place:
    """A title name the body reads otherwise, written the same ("... attacks in Khost" over a
    body of "Khost, Paktia and Kunar provinces"): the body's reading, never the title's guess."""
    key = written.casefold()
    body = {
        m.place.id: m.place
        for found in doc.all_mentions.values()
        for m in found
        if m.place is not None and m.place.id != place.id and m.text.casefold() == key
    }
    return next(iter(body.values())) if len(body) == 1 else place


def _recalled_places(doc: DocumentState) -> set[tuple[int, str]]:
    """(sentence index, place id) of the places of recalled events ("in retaliation for a Dec. 24
    air strike in Paktika"): where an earlier event happened, not where the story is."""
    return {
        (m.sentence.index, ref.place.id)
        for c in doc.clusters
        for m in c.members
        if m.background is True
        for ref in m.places
    }


def _lead_places(doc: DocumentState) -> tuple[list[Place], int | None]:
    """Places of the first sentence, among the first LEAD_SENTENCES, that names any (the lead of
    the story), and its index. A name the lead gives without a preposition ("... in the 'Zazi'
    district of Khost Province") still says what the story is about; speakers, capitals and the
    places of recalled events do not."""
    recalled = _recalled_places(doc)
    for s in doc.sents[:LEAD_SENTENCES]:
        places = [
            m.place
            for m in doc.all_mentions.get(s.index, [])
            if _usable(m.place)
            and mention_rejection(m, s) in (None, "not_locative")
            and (s.index, m.place.id) not in recalled
        ]
        if places:
            return places, s.index
    return [], None


def article_places(doc: DocumentState) -> tuple[list[Place], int | None]:
    """The places the article is about, most specific only: the headline's, else the lead's (with
    the lead sentence's index: an event of that very sentence was already judged not to be there,
    "Pakistan closed Torkham after jets bombed hideouts")."""
    title = _most_specific(_title_places(doc), doc.gazetteer)
    if title:
        return title, None
    lead, index = _lead_places(doc)
    return _most_specific(lead, doc.gazetteer), index


def place_for(cluster: Cluster, places: list[Place]) -> Place | None:
    """The article place an unlocated event gets: the only one, or for a crossing event the only
    crossing among them; None when the article is about several places."""
    if len(places) == 1:
        return places[0]
    if cluster.type in CROSSING_TYPES:
        crossings = [p for p in places if p.kind == "crossing"]
        if len(crossings) == 1:
            return crossings[0]
    return None


def _same_event_told(doc: DocumentState, c: Cluster, place: Place) -> Cluster | None:
    """The article's first located violent event at `place` told before `c`, when `c` is fire
    told in shelling words ("Pakistan fired missiles into Afghanistan"), undated by its own words,
    not recalled as background and with no toll of its own: the same event in other words. A
    strike or a clash told later ("jets later bombed houses, killing seven") is an event of its own."""
    if c.type != "artillery_shelling" or c.background or any(m.date is not None for m in c.members):
        return None
    if any(cl.quantity is not None for m in c.members for cl in m.claims):
        return None
    same = [
        o
        for o in doc.clusters
        if o is not c
        and o.place is not None
        and o.type in VIOLENT_TYPES
        and o.type != c.type
        and not o.background
        and o.first_sentence().index < c.first_sentence().index  # told before, not the lead
        and nested(o.place, place, doc.gazetteer)
    ]
    return min(same, key=lambda o: o.first_sentence().index, default=None)


def locate_from_article(doc: DocumentState) -> None:
    """Give every event without a named place the place the article is about, when there is one."""
    unlocated = [c for c in doc.clusters if c.place is None]
    if not unlocated:
        return
    places, lead_sentence = article_places(doc)
    if not places:
        return
    for c in unlocated:
        if any(m.sentence.index == lead_sentence for m in c.members):
            continue
        place = place_for(c, places)
        if place is None:
            continue
        told = _same_event_told(doc, c, place)
        if told is not None:
            # "the victims died in mortar fire", no place or day of its own, in a report of a clash
            # at that place: the clash, told again in other words
            told.members.extend(c.members)
            told.extra_claims.extend(cl for cl in c.extra_claims if cl not in told.extra_claims)
            doc.clusters.remove(c)
            doc.note(
                c.first_sentence().index,
                "joined",
                c.type,
                "same_event_told",
                f"the {told.type} at {place.name}",
            )
            continue
        c.place = place
        c.border = False
        doc.note(
            c.first_sentence().index, "place", place.name, "article_place", "the place the article is about"
        )
        if c.type == "armed_clash":
            _fold_shelling_at(doc, c)


def _fold_shelling_at(doc: DocumentState, clash: Cluster) -> None:
    """A clash placed only now (its sentences name no place) takes in the shelling told at its
    place, as clustering does for a clash that names its place ("the victims died in mortar fire,
    the district spokesman said" in a report of the day's fighting there)."""
    if clash.place is None:
        return
    for c in list(doc.clusters):
        if (
            c.type != "artillery_shelling"
            or c.place is None
            or c.background != clash.background
            or follows_the_clash(c)
            or any(_SEPARATE.match(m.sentence.text) for m in c.members)
            or clusters_conflict(clash, c)
            or not nested(clash.place, c.place, doc.gazetteer)
        ):
            continue
        clash.members.extend(c.members)
        clash.extra_claims.extend(cl for cl in c.all_claims() if cl not in clash.all_claims())
        doc.clusters.remove(c)
        doc.note(
            c.first_sentence().index,
            "joined",
            c.type,
            "shelling_in_the_clash",
            f"the clash at {c.place.name}",
        )
