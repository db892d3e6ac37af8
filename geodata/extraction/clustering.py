"""Clustering: repeated mentions of one event become one cluster (same type, same or nested
place, compatible dates); twin towns, unlocated mentions and shelling at a clash fold into their
hosts; posts lost in the article's only fighting are located there; closures a reopening ended
are background."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .. import dates as dates_mod
from ..model import CROSSING_TYPES, VIOLENT_TYPES, Place
from ..rules import rule
from ..sameness import WITHIN_ARTICLE, dates_compatible, nested, place_distance_km, same_place
from .localities import is_unlisted
from .locate import KIND_RANK, best_place
from .state import Cluster, EventMention

_VAGUE_LOCATION = rule("vague_location").regex


def _date_conflict(a: dates_mod.DatePhrase | None, b: dates_mod.DatePhrase | None) -> bool:
    if a is None or b is None or a.date is None or b.date is None:
        return False
    return not dates_compatible(
        a.date, a.date_end, a.precision, b.date, b.date_end, b.precision, WITHIN_ARTICLE
    )


def _places_match(c: Cluster, place: Place | None, gazetteer: Any) -> bool:
    # a border-wide mention is a place of its own here, kept apart from place-less ones
    return same_place(place, c.place, gazetteer, border_wide_is_unlocated=False)


def _evidence_compatible(a: Cluster, b: Cluster) -> bool:
    ea, eb = a.evidence(), b.evidence()
    return ea is None or eb is None or ea == eb


def _owners_compatible(a: Cluster, b: Cluster) -> bool:
    oa = {m.owner for m in a.members if m.owner}
    ob = {m.owner for m in b.members if m.owner}
    return not oa or not ob or oa == ob


_TWIN_KINDS = ("crossing", "populated_place", "pass")


_STILL = rule("still_in_force").regex


def closures_ended(clusters: list[Cluster]) -> None:
    """A closure that the article's news reopening has ended, reported after it, is context, not
    news: "the crossing reopened this morning ... it was closed three days ago"."""
    reopened = [
        c for c in clusters if c.type == "crossing_reopened" and not c.background and c.place is not None
    ]
    for c in clusters:
        if c.type != "crossing_closed" or c.background or c.place is None:
            continue
        closed_on = c.best_date()
        for r in reopened:
            opened_on = r.best_date()
            if (
                r.place is None
                or r.place.id != c.place.id
                or opened_on is None
                or closed_on is None
                or opened_on.date is None
                or closed_on.date is None
                or closed_on.date >= opened_on.date
            ):
                continue
            if c.first_sentence().index < r.first_sentence().index:
                continue  # the closure leads the article: it is the news the reopening follows
            for m in c.members:
                m.background = True
            break


def _began_before(c: Cluster, e: EventMention, days: int) -> bool:
    first = c.best_date()
    if first is None or first.date is None or e.date is None or e.date.date is None:
        return True
    return 0 <= (e.date.date - first.date).days <= days


def _same_incident(c: Cluster, e: EventMention, place: Place | None, gazetteer) -> bool:
    """The mention reports the cluster's incident: same type and place, compatible dates, the
    same evidence of being news or background, and posts of the same side."""
    return (
        c.type == e.type
        and (_places_match(c, place, gazetteer) or _told_on_with_its_area(c, e, gazetteer))
        and not any(_date_conflict(m.date, e.date) for m in c.members)
        and (
            not (
                (e.background is True and c.evidence() is False)
                or (e.background is False and c.evidence() is True)
            )
            or _same_day(
                c, e
            )  # "fired on Monday, a day after it closed Torkham" + "On Sunday, it shut Torkham"
        )
        and not (e.owner and any(m.owner and m.owner != e.owner for m in c.members))
    )


_THE_EVENT_NOUN = rule("the_event_noun_opens").regex


def _told_on_with_its_area(c: Cluster, e: EventMention, gazetteer) -> bool:
    """'Forces fought near the Kharlachi crossing late on Tuesday. The fighting broke out ... along
    the frontier between Kurram and Dand-e-Patan': the sentence after goes on about that fight with
    the areas around its place (one of them holds it)."""
    return (
        c.place is not None
        and any(m.sentence.index == e.sentence.index - 1 for m in c.members)
        and _THE_EVENT_NOUN.fullmatch(e.sentence.text[: e.trigger.end]) is not None
        # a district holding the place: a province alone ("Paktika's Urgun district") says too little
        and any(
            r.place.kind == "district" and nested(c.place, r.place, gazetteer) and r.place.id != c.place.id
            for r in e.places
        )
    )


def _same_day(c: Cluster, e: EventMention) -> bool:
    """The mention and the cluster name the same day (both to the day): one event, whichever of
    the two calls it the earlier one."""
    mine, theirs = e.date, c.best_date()
    return (
        mine is not None
        and theirs is not None
        and mine.precision == theirs.precision == "day"
        and mine.date is not None
        and mine.date == theirs.date
    )


def clusters_conflict(a: Cluster, b: Cluster) -> bool:
    """Some member of one is dated incompatibly with some member of the other."""
    return any(_date_conflict(x.date, y.date) for x in a.members for y in b.members)


def _target(
    clusters: list[Cluster], e: EventMention, place: Place | None, gazetteer: Any
) -> tuple[Cluster | None, EventMention]:
    """The cluster a mention joins (None: a new one), and the mention as it joins."""
    # "the gate remained closed as of Sunday": the state of a closure the article reported
    state = (
        e.type in CROSSING_TYPES
        and _STILL.search(e.sentence.text, max(0, e.trigger.start - 25), e.trigger.start) is not None
    )
    if state and place is not None:
        # the closure still in force: the latest at that place begun at most 45 days before
        fits = [
            c for c in clusters
            if c.type == e.type and _places_match(c, place, gazetteer) and _began_before(c, e, days=45)
        ]  # fmt: skip
        if fits:
            target = fits[-1]
            if any(m.date is not None for m in target.members):
                e = replace(e, date=None)  # "as of Sunday" dates the state, not the closing
            return target, e
    return next((c for c in clusters if _same_incident(c, e, place, gazetteer)), None), e


def merge_mentions(events: list[EventMention], gazetteer: Any) -> list[Cluster]:
    """Repeated mentions of one event -> one cluster (its most specific place)."""
    clusters: list[Cluster] = []
    for e in events:
        place = best_place(e.places) if e.places else None
        target, e = _target(clusters, e, place, gazetteer)
        if target is None:
            clusters.append(Cluster(e.type, [e], place, e.border, [t for r in e.places for t in r.texts]))
            if e.group_key:
                clusters[-1].group_keys.add(e.group_key)
            continue
        target.members.append(e)
        target.border = target.border or e.border
        if (
            place is not None
            and target.place is not None
            and KIND_RANK.get(place.kind, 9) < KIND_RANK.get(target.place.kind, 9)
        ):
            target.place = place
        for r in e.places:
            for t in r.texts:
                if t not in target.texts:
                    target.texts.append(t)
        if e.group_key:
            target.group_keys.add(e.group_key)
    return clusters


def _twin_of(merged: list[Cluster], c: Cluster) -> Cluster | None:
    # an unlisted locality stands at its area's point: its distance to anything says nothing
    if c.place is None or c.place.kind not in _TWIN_KINDS or is_unlisted(c.place):
        return None
    for other in merged:
        if (
            other.type == c.type
            and other.place is not None
            and other.place.kind in _TWIN_KINDS
            and not is_unlisted(other.place)
            and other.place.id != c.place.id
        ):
            d = place_distance_km(other.place, c.place)
            if (
                d is not None
                and d <= 15
                and not clusters_conflict(other, c)
                and other.background == c.background
            ):
                return other
    return None


def merge_twins(clusters: list[Cluster], gazetteer: Any) -> list[Cluster]:
    """Twin places (< 15 km apart, e.g. towns facing each other across a crossing): one incident;
    a district is an area of its own ("fire on a post near the pass, the response into the
    district across the border" are two actions), never a twin town."""
    merged: list[Cluster] = []
    for c in clusters:
        twin = _twin_of(merged, c)
        if twin is None:
            merged.append(c)
        else:
            twin.members.extend(c.members)
            twin.texts.extend(t for t in c.texts if t not in twin.texts)
            twin.group_keys |= c.group_keys
    return merged


def _fold(clusters: list[Cluster], c: Cluster, fits: Callable[[Cluster], bool]) -> bool:
    """Fold `c` into every placed cluster of its type that `fits` and that it could be (dates,
    evidence, posts' owners): its members and claims join them. False when there is none."""
    hosts = [
        h for h in clusters
        if h is not c and h.place is not None and h.type == c.type and fits(h)
        and _evidence_compatible(h, c) and not clusters_conflict(h, c) and _owners_compatible(h, c)
    ]  # fmt: skip
    _join(hosts, c)
    return bool(hosts)


def _join(hosts: list[Cluster], c: Cluster) -> None:
    """`c` told again: its members and their claims join each host."""
    for h in hosts:
        h.extra_claims.extend(cl for m in c.members for cl in m.claims)
        h.members.extend(m for m in c.members if not any(x is m for x in h.members))


def fold_unlocated(clusters: list[Cluster], gazetteer: Any) -> list[Cluster]:
    """Unlocated mentions fold into the located incidents of the same type (claims repeated)."""
    return [c for c in clusters if not (c.place is None and _fold(clusters, c, lambda h: True))]


def fold_regions(clusters: list[Cluster], gazetteer: Any) -> list[Cluster]:
    """'Airstrikes in eastern Afghanistan' in an article that names where the strikes hit (Spera,
    Barmal) sums them up: a region-wide mention folds into the same type's incidents at places of
    that country, as an unlocated one does."""

    def folded(c: Cluster) -> bool:
        region = c.place
        if region is None or region.kind != "region":
            return False
        return _fold(
            clusters,
            c,
            lambda h: (
                h.place is not None
                and h.place.kind != "region"
                and (region.country is None or h.place.country == region.country)
            ),
        )

    return [c for c in clusters if not folded(c)]


_ANOTHER_EVENT = rule("another_event").regex


def fold_retold_in_district(clusters: list[Cluster], gazetteer: Any) -> list[Cluster]:
    """A recalled mention at a district ("hours after troops killed five militants trying to cross
    into North Waziristan") of the same type and day as news at a place inside that district
    ("engaged khwarij ... in Datta Khel, North Waziristan, yesterday") is that event told twice."""

    def folded(c: Cluster) -> bool:
        day = c.best_date()
        if c.place is None or c.place.kind != "district" or not c.background or day is None:
            return False
        if any(_ANOTHER_EVENT.search(m.sentence.text) for m in c.members):
            return False  # "hours after another drone strike in Urgun district": not the same one
        if day.precision != "day":
            return False
        hosts = [
            h for h in clusters
            if h is not c and h.type == c.type and not h.background and h.place is not None
            and h.place.kind in ("populated_place", "crossing")
            and _inside_district(h.place, c.place, gazetteer)
            and (hd := h.best_date()) is not None and hd.precision == "day" and hd.date == day.date
        ]  # fmt: skip
        _join(hosts, c)
        return bool(hosts)

    return [c for c in clusters if not folded(c)]


def _inside_district(place: Place, district: Place, gazetteer: Any) -> bool:
    """The place lies in the district: the gazetteer says so, or (GeoNames towns carry no
    district) it is in the same province within the district's radius, 40 km of its point."""
    if nested(place, district, gazetteer):
        return True
    distance = place_distance_km(place, district)
    return place.admin1 == district.admin1 and distance is not None and distance <= 40


def fold_unlocated_fighting(clusters: list[Cluster], gazetteer: Any) -> list[Cluster]:
    """An unlocated clash/shelling in an article that locates the fighting elsewhere is part of it
    ("artillery exchanges from A to B ... border troops launched artillery fire on posts"), unless
    the text gives it a location of its own, however vague ("struck locations inside Pakistan");
    with neither place nor date, a mention flagged as earlier only by a cue ("troops had returned
    fire after coming under attack") has nothing that sets it apart from that fighting either."""
    out = []
    fighting = ("armed_clash", "artillery_shelling")
    for c in clusters:
        if (
            c.place is None
            and c.type in fighting
            and not any(_VAGUE_LOCATION.search(m.sentence.text) for m in c.members)
        ):
            undated = all(m.date is None for m in c.members)
            hosts = [
                h for h in clusters
                if h is not c and h.place is not None and h.type in fighting and h.type != c.type
                and (undated or _evidence_compatible(h, c)) and not clusters_conflict(h, c)
            ]  # fmt: skip
            if hosts:
                for h in hosts:
                    h.extra_claims.extend(cl for m in c.members for cl in m.claims)
                continue
        out.append(c)
    return out


_FOLLOWS_THE_CLASH = rule("follows_the_clash").regex


def follows_the_clash(c: Cluster) -> bool:
    return any(_FOLLOWS_THE_CLASH.search(m.sentence.text, 0, m.trigger.start) for m in c.members)


# "Separately, a mortar shell landed ...": a story of its own, never part of the clash
_SEPARATE_INCIDENT = rule("separate_incident").regex


def fold_shelling_into_clash(clusters: list[Cluster], gazetteer: Any) -> list[Cluster]:
    """Shelling at a place where a clash is reported is part of the clash, unless the text tells
    it as what came after the clash."""
    out = []
    for c in clusters:
        separate = any(_SEPARATE_INCIDENT.match(m.sentence.text) for m in c.members)
        if (
            c.type == "artillery_shelling"
            and c.place is not None
            and not follows_the_clash(c)
            and not separate
        ):
            host = next(
                (h for h in clusters if h.type == "armed_clash" and h.place is not None and nested(h.place, c.place, gazetteer)
                 and h.background == c.background and not _told_after_the_shelling(h, c)), None)  # fmt: skip
            if host is not None:
                host.extra_claims.extend(cl for m in c.members for cl in m.claims)
                if host.place is not None and c.place.precision < host.place.precision:
                    host.place = c.place  # the fight "in the district", its shells on the town
                continue
        out.append(c)
    return out


def _told_after_the_shelling(clash: Cluster, shelling: Cluster) -> bool:
    """The clash is told after the shelling ("Pakistani troops fired artillery at launch pads in
    Gomal. ... the exchange of fire between Zhob and Gomal continued"): the fire the shells drew,
    an incident of its own (GOLD_FORMAT 6.2: different types, different incidents), where a clash
    told first takes the shells that fell in it ("the fight in the district, its shells on the town")."""
    told_first = min(m.sentence.index for m in shelling.members)
    located = [m for m in clash.members if m.places]
    return bool(located) and all(m.sentence.index > told_first for m in located)


def locate_posts(clusters: list[Cluster], gazetteer: Any) -> list[Cluster]:
    _locate_posts_at_the_fighting(clusters)
    return clusters


_FOLLOWS_THE_EVENT = rule("follows_the_event").regex


def date_after_the_clash(clusters: list[Cluster], gazetteer: Any) -> list[Cluster]:  # noqa: ARG001
    """Undated shelling told as coming after the clash ("following the clash, Pakistan launched
    rocket attacks") took place on the day of the last dated clash told before it; an undated
    fight told as following the incident ("forces exchanged fire following the incident") on the
    day of the last dated violent event told before it."""
    for c in clusters:
        if any(m.date for m in c.members):
            continue
        if c.type == "artillery_shelling" and follows_the_clash(c):
            hosts: tuple[str, ...] = ("armed_clash",)
        elif c.type in (*VIOLENT_TYPES, "other") and any(
            _FOLLOWS_THE_EVENT.search(m.sentence.text) for m in c.members
        ):
            hosts = (*VIOLENT_TYPES, "other")
        else:
            continue
        first = min(m.sentence.index for m in c.members)
        told_before = [
            m
            for h in clusters
            if h.type in hosts and h is not c
            for m in h.members
            if m.date and m.sentence.index < first
        ]
        if told_before:
            clash_day = max(told_before, key=lambda m: m.sentence.index).date
            for m in c.members:
                m.date = clash_day
    return clusters


def date_cause_of_closure(clusters: list[Cluster], gazetteer: Any) -> list[Cluster]:  # noqa: ARG001
    """An undated fight a closure is blamed on ("remained closed for 25 days following an exchange
    of fire") began that closure: it takes the day the closure's incident began, and is as
    recalled as it."""
    for c in clusters:
        causes = [m for m in c.members if m.closure is not None]
        if not causes or any(m.date for m in c.members):
            continue
        host = next((h for h in clusters if any(m is causes[0].closure for m in h.members)), None)
        day = host.best_date() if host is not None else None
        if host is None or day is None:
            continue
        for m in c.members:
            m.date, m.background = day, host.background
    return clusters


def date_later_the_same_scene(clusters: list[Cluster], gazetteer: Any) -> list[Cluster]:  # noqa: ARG001
    """An undated event told "Hours later," after another takes that event's incident's day and
    is as recalled as it ("... fought in Spin Boldak two days before. Hours later, a man opened
    fire on the guards": background, on that day)."""
    for c in clusters:
        follows = [m.follows for m in c.members if m.follows is not None]
        if not follows or any(m.date for m in c.members):
            continue
        host = next((h for h in clusters if h is not c and any(m is follows[0] for m in h.members)), None)
        if host is None:
            continue
        for m in c.members:
            m.date, m.background = host.best_date(), host.background
    return clusters


# the clustering steps, in order: each takes and returns the clusters
CLUSTER_STEPS: list[tuple[str, Callable[[list[Cluster], Any], list[Cluster]]]] = [
    ("merge_twins", merge_twins),
    ("fold_unlocated", fold_unlocated),
    ("fold_regions", fold_regions),
    ("fold_retold_in_district", fold_retold_in_district),
    ("fold_unlocated_fighting", fold_unlocated_fighting),
    ("locate_posts", locate_posts),
    ("fold_shelling_into_clash", fold_shelling_into_clash),
    ("date_after_the_clash", date_after_the_clash),
    ("date_cause_of_closure", date_cause_of_closure),
    ("date_later_the_same_scene", date_later_the_same_scene),
]


def cluster(events: list[EventMention], gazetteer: Any) -> list[Cluster]:
    clusters = merge_mentions(events, gazetteer)
    for _name, step in CLUSTER_STEPS:
        clusters = step(clusters, gazetteer)
    return clusters


def _locate_posts_at_the_fighting(clusters: list[Cluster]) -> None:
    """'The army claimed three Afghan posts were destroyed' with no place of its own, in an article
    whose fighting is at one place: the posts were lost in that fighting, so they are located there
    (GOLD_FORMAT 9: context from the same article). Fighting at several places leaves them
    unlocated: the text does not say which place lost the posts."""
    for c in clusters:
        if c.type != "post_captured_or_destroyed" or c.place is not None or c.background:
            continue
        hosts = [
            h for h in clusters
            if h.type in VIOLENT_TYPES and h.place is not None and not h.background
            and not clusters_conflict(h, c)
        ]  # fmt: skip
        if len({h.place.id for h in hosts if h.place is not None}) == 1:
            c.place = hosts[0].place
