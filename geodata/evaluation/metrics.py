"""Scores of matched gold and system incidents (GOLD_FORMAT section 12).

`evaluate(gold, system, mentions)` scores per-article (pre-merge) system incidents and, optionally,
recognised toponym spans: precision / recall / F1 for all incidents, primary-only, core-only,
primary+core (the headline: peripheral incidents are excluded by default), by type and by location
precision; group-level recall; negative articles; diagnostics of matched pairs; claim attribution;
place recognition.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from .claim_match import claim_matches, claimants_compatible, split_claim
from .gold import (
    DATE_TOLERANCE_DAYS,
    DISTANCE_TOLERANCE_KM,
    EVENT_TYPES,
    LOCATION_PRECISIONS,
    GoldIncident,
    GoldSet,
)
from .matching import Pair, date_gap, match_article
from .names import gold_countries, gold_districts, gold_provinces
from .places import incident_place_recognition, place_recognition
from .scores import percentile, prf, share
from .system import (
    system_admin1,
    system_admin2,
    system_country,
    system_dates,
    system_place_texts,
    system_type,
    value_of,
)

SLICES: dict[str, Callable[[GoldIncident], bool]] = {
    "all": lambda g: True,
    "primary": lambda g: g.mention == "primary",
    "core": lambda g: g.scope == "core",
    "primary_core": lambda g: g.mention == "primary" and g.scope == "core",
}

# A matched pair: the gold incident's article and the pair.
ArticlePair = tuple[str, Pair]


@dataclass(frozen=True)
class _Matched:
    """The outcome of matching a whole gold set, as every score reads it."""

    gold_incidents: list[GoldIncident]
    system_by_article: dict[str, list]
    pairs: list[ArticlePair]

    @cached_property
    def gold_ids(self) -> set[str]:
        return {pair.gold.id for _, pair in self.pairs}

    @cached_property
    def system_keys(self) -> dict[tuple[str, int], Pair]:
        """(article, index of the system incident) -> its pair."""
        return {(aid, pair.system_index): pair for aid, pair in self.pairs}

    @property
    def n_system(self) -> int:
        return sum(len(v) for v in self.system_by_article.values())


def evaluate(
    gold: GoldSet,
    system: Mapping[str, Sequence],
    mentions: Mapping[str, Sequence[tuple]] | None = None,
    *,
    undated_precisions: Iterable[str] = ("year",),
) -> dict:
    """Score system incidents (article id -> pre-merge incidents) and optional toponym spans
    (article id -> (start, end, text, lat, lon)) against the gold set. Articles not in the gold
    set are ignored; gold articles missing from `system` count as producing nothing.

    The headline slice is `core` (peripheral gold excluded); a system incident matched to gold
    outside a slice is neither a hit nor a false positive in that slice."""
    undated = tuple(undated_precisions)
    system_by_article = {aid: list(system.get(aid, ()) or ()) for aid in gold.articles}
    all_pairs: list[ArticlePair] = [
        (aid, pair)
        for aid, art in gold.articles.items()
        for pair in match_article(art.incidents, system_by_article[aid], undated_precisions=undated)
    ]
    gold_incidents = gold.incidents
    matched = _Matched(gold_incidents, system_by_article, all_pairs)
    negative_scores = _negative_scores(gold, system_by_article)
    return {
        "gold_file": gold.path,
        "articles": {
            "gold": len(gold.articles),
            "negative": negative_scores["articles"],
            "with_system_output": sum(1 for aid in gold.articles if system.get(aid)),
            "ignored_system_articles": sorted(aid for aid in system if aid not in gold.articles),
        },
        "headline": "core",
        "slices": _slice_scores(matched),
        "by_type": _type_scores(matched),
        "by_location_precision": _location_scores(matched),
        "groups": _group_scores(matched),
        "negatives": negative_scores,
        "diagnostics": _diagnostics(all_pairs, system_by_article),
        "claims": _claim_scores(all_pairs, system_by_article, gold_incidents),
        "places": place_recognition(gold, mentions) if mentions is not None else None,
        "incident_places": incident_place_recognition(gold, system_by_article),
        "matches": [_match_record(aid, pair) for aid, pair in all_pairs],
        "unmatched_gold": sorted(g.id for g in gold_incidents if g.id not in matched.gold_ids),
        "unmatched_system": _unmatched_system(gold, matched),
        "settings": {
            "date_tolerance_days": DATE_TOLERANCE_DAYS,
            "distance_tolerance_km": DISTANCE_TOLERANCE_KM,
            "undated_system_matches_precision": list(undated),
        },
    }


def _slice_scores(matched: _Matched) -> dict:
    slices = {}
    for name, predicate in SLICES.items():
        in_slice = [g for g in matched.gold_incidents if predicate(g)]
        tp = sum(1 for g in in_slice if g.id in matched.gold_ids)
        excluded = sum(1 for pair in matched.system_keys.values() if not predicate(pair.gold))
        slices[name] = prf(tp, len(in_slice), tp, matched.n_system - excluded)
    return slices


def _type_scores(matched: _Matched) -> dict:
    by_type = {}
    for etype in EVENT_TYPES:
        gold_t = [g for g in matched.gold_incidents if g.type == etype]
        sys_t = [
            (aid, i)
            for aid, incs in matched.system_by_article.items()
            for i, s in enumerate(incs)
            if system_type(s) == etype
        ]
        if not gold_t and not sys_t:
            continue
        by_type[etype] = prf(
            sum(1 for g in gold_t if g.id in matched.gold_ids),
            len(gold_t),
            sum(1 for key in sys_t if key in matched.system_keys),
            len(sys_t),
        )
    return by_type


def _location_scores(matched: _Matched) -> dict:
    by_location = {}
    for level in LOCATION_PRECISIONS:
        gold_l = [g for g in matched.gold_incidents if g.location_precision == level]
        if gold_l:
            hits = sum(1 for g in gold_l if g.id in matched.gold_ids)
            by_location[level] = {"gold": len(gold_l), "matched_gold": hits, "recall": hits / len(gold_l)}
    return by_location


def _group_scores(matched: _Matched) -> dict:
    """Groups are found if any member is matched; events: a group counts once, a lone incident once."""
    groups: dict[str, list[GoldIncident]] = defaultdict(list)
    for g in matched.gold_incidents:
        if g.group:
            groups[g.group].append(g)

    def found(members: list[GoldIncident]) -> bool:
        return any(m.id in matched.gold_ids for m in members)

    events = list(groups.values()) + [[g] for g in matched.gold_incidents if not g.group]
    core_events = [members for members in events if members[0].scope == "core"]
    found_groups = sum(1 for members in groups.values() if found(members))
    found_events = sum(1 for members in events if found(members))
    return {
        "groups": len(groups),
        "groups_found": found_groups,
        "group_recall": share(found_groups, len(groups)),
        "events": len(events),
        "events_found": found_events,
        "event_recall": share(found_events, len(events)),
        "core_event_recall": share(sum(1 for ms in core_events if found(ms)), len(core_events)),
    }


def _negative_scores(gold: GoldSet, system_by_article: Mapping[str, list]) -> dict:
    negatives = [aid for aid, art in gold.articles.items() if art.negative]
    clean = sum(1 for aid in negatives if not system_by_article[aid])
    return {
        "articles": len(negatives),
        "articles_without_system_incidents": clean,
        "accuracy": share(clean, len(negatives)),
        "false_positives": sum(len(system_by_article[aid]) for aid in negatives),
        "false_alarm_articles": sorted(aid for aid in negatives if system_by_article[aid]),
    }


def _match_record(aid: str, pair: Pair) -> dict:
    return {
        "article": aid,
        "gold": pair.gold.id,
        "system_index": pair.system_index,
        "type_exact": pair.type_exact,
        "date_gap_days": pair.date_gap_days,
        "distance_km": None if pair.distance_km is None else round(pair.distance_km, 2),
        "province_match": pair.province_match,
    }


def _unmatched_system(gold: GoldSet, matched: _Matched) -> list[dict]:
    unmatched = []
    for aid, incs in matched.system_by_article.items():
        for i, s in enumerate(incs):
            if (aid, i) in matched.system_keys:
                continue
            start, _ = system_dates(s)
            place = value_of(s, "place")
            unmatched.append(
                {
                    "article": aid,
                    "index": i,
                    "type": system_type(s),
                    "date": start.isoformat() if start else None,
                    "place": (value_of(place, "name") if place is not None else None),
                    "negative_article": gold.articles[aid].negative,
                }
            )
    return unmatched


# ---------------------------------------------------------------------------------------------
# Diagnostics of matched pairs

_OUTSIDE_FACT = re.compile(r"annotator[- ]supplied|outside the text|external fact|from other reports", re.I)


class _Tally:
    """Hits over totals, by name."""

    def __init__(self) -> None:
        self.hits: dict[str, int] = defaultdict(int)
        self.totals: dict[str, int] = defaultdict(int)

    def add(self, name: str, hit: bool) -> None:
        self.totals[name] += 1
        self.hits[name] += hit

    def share(self, name: str) -> float | None:
        return share(self.hits[name], self.totals[name])


def _tally_dates(pair: Pair, s: object, tally: _Tally) -> None:
    g = pair.gold
    start, end = system_dates(s)
    if start is None:
        return
    tally.add("date_exact", start == g.date)
    # pairs whose gold day comes from the text alone (GOLD_FORMAT 7.2): a week or month guess is not
    if g.date_precision == "day" and not _OUTSIDE_FACT.search(g.date_basis or ""):
        tally.add("pinned", start == g.date)
    gap = date_gap(g, start, end)
    tally.add("date_within_1", gap is not None and gap <= 1)


def _tally_places(pair: Pair, s: object, tally: _Tally) -> None:
    g = pair.gold
    if g.places:
        texts = [t.lower() for t in system_place_texts(s)]
        tally.add("toponym", any(p.lower() in t or t in p.lower() for p in g.places for t in texts if t))
    if g.location_precision in ("exact point", "town", "district"):
        admin2 = system_admin2(s)
        same = None
        if admin2 and admin2 in gold_districts(g):
            same = True
        elif pair.distance_km is not None:
            same = pair.distance_km <= DISTANCE_TOLERANCE_KM["district"]
        elif admin2:
            same = False
        if same is not None:
            tally.add("district", same)
    provinces = gold_provinces(g)
    admin1 = system_admin1(s)
    if provinces and admin1:
        tally.add("province", admin1 in provinces)
    countries = gold_countries(g)
    country = system_country(s)
    if countries and country:
        tally.add("country", country in countries)


def _diagnostics(all_pairs: list[ArticlePair], system_by_article: Mapping[str, list]) -> dict:
    n = len(all_pairs)
    type_exact = sum(1 for _, p in all_pairs if p.type_exact)
    tally = _Tally()
    distances: list[float] = []
    for aid, pair in all_pairs:
        s = system_by_article[aid][pair.system_index]
        _tally_dates(pair, s, tally)
        if pair.distance_km is not None:
            distances.append(pair.distance_km)
        if pair.gold.location_precision != "none":
            _tally_places(pair, s, tally)
    dated = tally.totals["date_exact"]
    return {
        "matched_pairs": n,
        "type_exact": share(type_exact, n),
        "type_alt": share(n - type_exact, n),
        "date_exact": tally.share("date_exact"),  # system start day == gold date
        # the same over gold days the text supports: GOLD_FORMAT 7.2 lets the annotator put a day
        # known from outside the text ("annotator-supplied fact") that "systems are not required
        # to know"; this says how many of the misses are such days
        "date_exact_text_pinned": tally.share("pinned"),
        "date_text_pinned_pairs": tally.totals["pinned"],
        "date_within_1_day": tally.share("date_within_1"),
        "undated_matches": n - dated,
        "distance_pairs": len(distances),
        "distance_median_km": statistics.median(distances) if distances else None,
        "distance_p90_km": percentile(distances, 0.9),
        "within_25_km": share(sum(1 for d in distances if d <= 25), len(distances)),
        "same_district": tally.share("district"),
        "same_district_pairs": tally.totals["district"],
        "same_province": tally.share("province"),
        "same_province_pairs": tally.totals["province"],
        "same_country": tally.share("country"),
        "same_country_pairs": tally.totals["country"],
        "toponym_recall": tally.share("toponym"),
    }


def _claim_scores(
    all_pairs: list[ArticlePair],
    system_by_article: Mapping[str, list],
    gold_incidents: Sequence[GoldIncident],
) -> dict:
    total = found = claimant_found = 0
    for aid, pair in all_pairs:
        s = system_by_article[aid][pair.system_index]
        sys_claims = list(value_of(s, "claims", ()) or ())
        for claim in pair.gold.claims:
            total += 1
            who, _ = split_claim(claim)
            if any(claim_matches(claim, sc) for sc in sys_claims):
                found += 1
            if any(
                claimants_compatible(who, getattr(sc, "claimant", "") or "", getattr(sc, "side", None))
                for sc in sys_claims
            ):
                claimant_found += 1
    all_total = sum(len(g.claims) for g in gold_incidents)
    return {
        "gold_claims_in_matched": total,
        "found": found,
        "share_found": share(found, total),
        "claimant_found": claimant_found,
        "share_claimant_found": share(claimant_found, total),
        "gold_claims_total": all_total,
        "share_found_of_all": share(found, all_total),
    }
