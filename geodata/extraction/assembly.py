"""Assembly: clusters -> Incident records (date, place and its precision, actors, claims,
verification, evidence sentence, group ids), in a stable order."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from .. import claims as claims_mod
from .. import dates as dates_mod
from ..clean import Sentence
from ..model import CROSSING_TYPES, Article, Incident, Place, Source
from ..rules import gate_text, rule
from ..rules.anchors import Anchored
from .localities import is_unlisted
from .places import durand_place
from .state import FUZZY, Cluster, DocumentState, sentence_at

_AFTER_FIGHTING = rule("after_fighting").regex


# who acted (geodata/rules/actors.yaml): the Pakistani and Afghan state forces, the TTP, civilians
_PK_ACTOR = rule("incident_actor_pk")
_AF_ACTOR = rule("incident_actor_af")
_TTP_NAME = rule("incident_actor_ttp_name")  # the TTP's names that contain "Taliban"
_TTP_ACTOR = rule("incident_actor_ttp")
_CIV_ACTOR = rule("incident_actor_civilian")
_AIR_TYPES = ("airstrike", "drone_strike")


# the actor rules tried only where their matches can start (one piece look-up for all of them):
# five case-blind scans of every cluster's joined sentences were a third of assembly's time
_ACTOR_RULES = Anchored([_PK_ACTOR, _AF_ACTOR, _TTP_NAME, _TTP_ACTOR, _CIV_ACTOR])


def actor_matches(joined: str, anchored: bool = True) -> tuple[re.Match[str] | None, ...]:
    """The first match of the Pakistani, the Afghan (outside the TTP's names), the TTP and the
    civilian actor rules in `joined`; `anchored=False` scans with each rule (the tests compare)."""
    if not anchored:
        without_ttp = _TTP_NAME.sub("", joined)
        pk, ttp, civilian = (r.search(joined) for r in (_PK_ACTOR, _TTP_ACTOR, _CIV_ACTOR))
        return pk, _AF_ACTOR.search(without_ttp), ttp, civilian
    scan = _ACTOR_RULES.scan(joined, gate_text(joined))
    if scan.search(_TTP_NAME) is None:  # nothing to take out: the same text
        af = scan.search(_AF_ACTOR)
    else:
        without_ttp = _TTP_NAME.sub("", joined)
        af = _ACTOR_RULES.scan(without_ttp, gate_text(without_ttp)).search(_AF_ACTOR)
    return scan.search(_PK_ACTOR), af, scan.search(_TTP_ACTOR), scan.search(_CIV_ACTOR)


def _actors(texts: list[str], etype: str) -> tuple[str, ...]:
    joined = " ".join(texts)
    pk, af = _PK_ACTOR.meta["label"], _AF_ACTOR.meta["label"]
    found: list[tuple[int, str]] = []
    pk_match, af_match, ttp_match, civilian_match = actor_matches(joined)
    if pk_match:
        found.append((pk_match.start(), pk))
    # "Pakistani Taliban" is the TTP, not the Afghan Taliban
    if af_match:
        found.append((af_match.start(), af))
    if etype in _AIR_TYPES and not any(a == pk for _, a in found) and re.search(r"\bPakistan", joined):
        found.append((-1, pk))  # only Pakistan's air force strikes from the air here
    found.sort()
    actors = [a for _, a in found]
    if etype in _AIR_TYPES and pk in actors:
        actors.remove(pk)
        actors.insert(0, pk)
    if ttp_match:
        ttp = _TTP_ACTOR.meta["label"]
        actors.append(f"target: {ttp}" if etype in _AIR_TYPES else ttp)
    if civilian_match:
        actors.append(_CIV_ACTOR.meta["label"])
    out: list[str] = []
    for a in actors:
        if a not in out:
            out.append(a)
    return tuple(out)


def _location_precision(place: Place | None, etype: str, border: bool) -> int:
    if place is None:
        return 5 if border else 7
    kind = place.kind
    if kind == "boundary":
        return 5
    if kind == "crossing":
        # a crossing whose point is a fallback (district HQ, province) is no finer than that point
        return max(1 if etype in CROSSING_TYPES else 2, place.precision or 1)
    if kind == "district":
        return 3
    if kind == "province":
        return 4
    if kind == "region":
        return max(place.precision or 5, 4)
    if kind == "country":
        return 6
    if kind in ("populated_place", "pass"):
        # a place's own precision holds (a village known only by its district: 3 or 4); a
        # crossing event at a town is at its gate
        precision = place.precision or 2
        return 1 if etype in CROSSING_TYPES and precision <= 2 else max(2, precision)
    return place.precision or 2


def _group_ids(clusters: list[Cluster], article: Article) -> dict[int, str]:
    """Group ids: clusters sharing a split key (the places of one multi-place event)."""
    keys_sorted = sorted({k for c in clusters for k in c.group_keys})
    key_members = {k: [c for c in clusters if k in c.group_keys] for k in keys_sorted}
    group_ids: dict[int, str] = {}
    n = 0
    for k in keys_sorted:
        members = key_members[k]
        if len(members) < 2 or any(id(c) in group_ids for c in members):
            continue
        n += 1
        for c in members:
            group_ids[id(c)] = f"{article.id}-G{n}"
    return group_ids


def _article_phrase(clusters: list[Cluster]) -> dates_mod.DatePhrase | None:
    """The article's news date: the best explicit date of its primary incidents; undated primary
    incidents ("captured three outposts during the clashes") share it (the first reported: a later
    "Meanwhile, ... on Monday" is other news)."""
    primary_phrases = [(c.first_sentence().index, c.best_date()) for c in clusters if not c.background]
    dated = [
        (i, p)
        for i, p in primary_phrases
        if p is not None and p.precision == "day" and p.text.lower() not in FUZZY
    ]
    if dated:
        return min(dated, key=lambda ip: (ip[0], ip[1].date, ip[1].start))[1]
    # no event dated: the day the lead's statement was made ("outposts were captured, the ministry
    # confirmed on Saturday") is the news of the article, told that day
    bounds = [
        (m.sentence.index, m.said_on)
        for c in clusters
        if not c.background
        for m in c.members
        if m.said_on is not None and m.said_on.date is not None
    ]
    return min(bounds, key=lambda ib: (ib[0], ib[1].start))[1] if bounds else None


def _lead_phrases(clusters: list[Cluster]) -> dict[str, dates_mod.DatePhrase]:
    """The lead (the first sentence reporting news) dates each type of event it names: a later
    undated report of the same type ("Hours later, jets bombed ...") takes that day."""
    lead_index = min(
        (m.sentence.index for c in clusters if not c.background for m in c.members), default=None
    )
    lead_phrases: dict[str, dates_mod.DatePhrase] = {}
    for c in clusters:
        for m in c.members:
            p = m.date
            if (
                m.sentence.index == lead_index
                and m.background is not True
                and p is not None
                and p.date is not None
                and p.precision == "day"
                and p.text.lower() not in FUZZY
            ):
                lead_phrases.setdefault(c.type, p)
    return lead_phrases


def _cluster_phrase(
    c: Cluster,
    lead_phrases: dict[str, dates_mod.DatePhrase],
    article_phrase: dates_mod.DatePhrase | None,
) -> dates_mod.DatePhrase | None:
    """The date phrase of an incident: its own, else the lead's for its type, else the news date."""
    phrase = c.best_date()
    if phrase is None and not c.background and c.type in lead_phrases:
        phrase = lead_phrases[c.type]
    tied = c.type not in CROSSING_TYPES or any(_AFTER_FIGHTING.search(m.sentence.text) for m in c.members)
    # a closure "after the fighting" dates from the fighting; otherwise from its own report
    if phrase is None and not c.background and article_phrase is not None and tied:
        phrase = article_phrase
    bounds = [m.said_on for m in c.members if m.said_on is not None]
    if bounds and not c.background and c.best_date() is None:
        # reported in a statement of that day: the news of the article up to then, else that day
        bound = min(bounds, key=lambda p: (p.date is None, p.date or date.min))
        if bound.date is not None and (phrase is None or phrase.date is None or phrase.date > bound.date):
            phrase = bound
    if (
        phrase is not None
        and not c.background
        and phrase.precision == "week"
        and phrase.text.lower() in FUZZY
    ):
        phrase = None  # "the recent fighting" reported as this article's news
    return phrase


def _cluster_dates(c: Cluster, phrase: dates_mod.DatePhrase | None, published: Any) -> tuple[Any, Any, str]:
    if phrase is not None:
        d, d_end, precision = phrase.date, phrase.date_end, phrase.precision
        if (
            d is not None
            and phrase.night
            and d_end is None
            and any("midnight" in m.sentence.text.lower() for m in c.members)
        ):
            d_end = d + timedelta(days=1)
    else:
        d, d_end, precision = dates_mod.default_date(published, c.background)
    if d is not None and published is not None and d > published and precision == "day":
        d = published
    if d_end is not None and d is not None and d_end <= d:
        d_end = None
    return d, d_end, precision


def _incident(
    doc: DocumentState, c: Cluster, phrase: dates_mod.DatePhrase | None, group: str | None
) -> Incident:
    article, gazetteer = doc.article, doc.gazetteer
    d, d_end, precision = _cluster_dates(c, phrase, doc.published)
    place = c.place
    border = c.border and place is None
    if border:
        place = durand_place(
            gazetteer, [m for e in c.members for m in doc.boundary_mentions.get(e.sentence.index, [])]
        )
    lat = lon = None
    country = admin1 = None
    if place is not None and place.kind != "boundary" and place.lat is not None and place.lon is not None:
        lat, lon = place.lat, place.lon
        try:
            country = gazetteer.border_side(lon, lat)
        except Exception:
            country = place.country
        admin1 = place.admin1 or (place.name if place.kind == "province" else None)
    sentence_texts = [m.sentence.text for m in sorted(c.members, key=lambda m: m.sentence.index)]
    claims = tuple(sorted(claims_mod.dedupe(c.all_claims()), key=claims_mod.sort_key))
    notes = []
    if border:
        notes.append("border-wide: no place named; located on the boundary as a line")
    if place is None:
        notes.append("unlocated: the text names no usable place")
    elif is_unlisted(place):
        notes.append(f"{place.name}: {place.source}")
    return Incident(
        event_type=c.type,
        date=d,
        date_end=d_end,
        date_precision=precision if d is not None else "unknown",
        place=place,
        place_mentions=tuple(c.texts),
        location_precision=_location_precision(place, c.type, border),
        lat=lat,
        lon=lon,
        country=country,
        admin1=admin1,
        actors=_actors(sentence_texts, c.type),
        claims=claims,
        sources=(_source(article, _anchor(c), _place_sentence(doc, c, place)),),
        mention="background" if c.background else "primary",
        verification="contested" if claims_mod.contested(claims) else "single_source",
        group=group,
        notes=tuple(notes),
    )


def _source(article: Article, anchor: Sentence, place_sentence: Sentence | None = None) -> Source:
    published = article.published.isoformat() if article.published else None
    return Source(
        article=article.id,
        title=article.title,
        outlet=article.outlet,
        url=article.url,
        published=published,
        quote=anchor.text,
        place_quote=place_sentence.text if place_sentence is not None else None,
    )


def _place_sentence(doc: DocumentState, c: Cluster, place: Place | None) -> Sentence | None:
    """The sentence naming the incident's place when the evidence sentence does not (a place told
    a sentence before, a dateline, the article's lead); None when the quote names it, or only the
    headline does (the source's title shows that)."""
    if place is None or place.kind == "boundary":
        return None
    anchor = _anchor(c)
    if any(m.place is not None and m.place.id == place.id for m in doc.all_mentions.get(anchor.index, [])):
        return None
    starts = [r.start for m in c.members for r in m.places if r.place.id == place.id]
    if starts:
        found = sentence_at(doc.sents, min(starts))
    else:  # the article's place: its first sentence that names it
        found = next(
            (
                s
                for s in doc.sents
                if any(
                    m.place is not None and m.place.id == place.id for m in doc.all_mentions.get(s.index, [])
                )
            ),
            None,
        )
    return found if found is not None and found.index != anchor.index else None


def assemble(doc: DocumentState) -> None:
    """Clusters -> incidents: primary first, then in the order the article reports them; group ids
    renumbered in that order. `doc.incident_clusters` keeps the cluster of each incident."""
    clusters = doc.clusters
    group_ids = _group_ids(clusters, doc.article)
    article_phrase = _article_phrase(clusters)
    lead_phrases = _lead_phrases(clusters)
    incidents = [
        _incident(doc, c, _cluster_phrase(c, lead_phrases, article_phrase), group_ids.get(id(c)))
        for c in clusters
    ]
    keyed = [
        ((inc.mention != "primary", c.first_sentence().index, i), inc, c)
        for i, (c, inc) in enumerate(zip(clusters, incidents))
    ]
    keyed.sort(key=lambda item: item[0])
    renumber: dict[str, str] = {}
    for _, inc, _c in keyed:
        if inc.group and inc.group not in renumber:
            renumber[inc.group] = f"{doc.article.id}-G{len(renumber) + 1}"
    doc.incidents = [replace(inc, group=renumber[inc.group]) if inc.group else inc for _, inc, _c in keyed]
    doc.incident_clusters = [c for _, _inc, c in keyed]


def _anchor(c: Cluster) -> Sentence:
    """The evidence sentence: the first one naming the incident's place, else the first one."""
    members = sorted(c.members, key=lambda m: m.sentence.index)
    for m in members:
        if m.places:
            return m.sentence
    return members[0].sentence
