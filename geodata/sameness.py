"""One notion of sameness: same place?, compatible dates?, how far apart?

Three stages ask whether two mentions can be one event: the extractor when it clusters the
mentions of one article, the cross-source merge when it joins the incidents of several articles,
and the evaluator when it pairs system incidents with gold ones. They all ask here, so a change to
what "nested" or "compatible" means changes every stage at once.

* `nested(a, b, gazetteer)`: one place lies within the other: the same id; one place's province
  (admin1) or district (admin2) names the other; a district split into Upper/Lower lies in the
  district of before the split; or, when a gazetteer is given, its parent table says so.
* `same_place(a, b, ...)`: `nested` for located places, with an explicit rule for unlocated ones.
* `dates_compatible(..., policy)`: two date spans can be one event given their precisions; the
  policy says how much slack each precision gets and what an undated side matches.
* `haversine_km` / `place_distance_km`: great-circle distance on one Earth radius.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from .model import Place

# IUGG mean Earth radius (R1). The only radius in the project: distances in the extractor, the
# gazetteer and the evaluator must agree, or a 25 km test passes in one stage and fails in another.
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two (lat, lon) points in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    # rounding can push `a` a hair above 1 for antipodal points; asin would then fail
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def place_distance_km(a: Place, b: Place) -> float | None:
    """Distance between two places' points, or None when either has no point."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


# ---------------------------------------------------------------------------------------------
# Places

_ADMIN_WORDS = re.compile(r"\b(province|district|agency|tehsil|division)\b")
_SPACES = re.compile(r"\s+")
# Districts split in two keep the old name with a prefix ("Lower South Waziristan", 2022)
_SPLIT_PREFIX = re.compile(r"(?i)^(?:upper|lower)\s+")


class ParentLookup(Protocol):
    """What `nested` needs of a gazetteer: the province or district a place lies in."""

    def parent(self, place: Place, kind: str) -> Place | None: ...


def admin_name_key(name: str | None) -> str:
    """An admin-area name without case, hyphens or the words province/district/agency/tehsil/
    division, so "Khyber-Pakhtunkhwa Province" and "Khyber Pakhtunkhwa" compare equal."""
    if not name:
        return ""
    name = name.lower().replace("-", " ")
    name = _ADMIN_WORDS.sub("", name)
    return _SPACES.sub(" ", name).strip()


def same_admin_name(a: str | None, b: str | None) -> bool:
    """Two admin-area names name the same area (empty names never match)."""
    key = admin_name_key(a)
    return bool(key) and key == admin_name_key(b)


def _within_province(inner: Place, outer: Place) -> bool:
    if outer.kind != "province" or not same_admin_name(inner.admin1, outer.name):
        return False
    # a province name can recur across the line; an unknown country does not rule it out
    return not inner.country or not outer.country or inner.country == outer.country


def _within_district(inner: Place, outer: Place) -> bool:
    if outer.kind != "district" or not inner.admin2:
        return False
    if same_admin_name(inner.admin2, outer.name):
        return True
    return same_admin_name(_SPLIT_PREFIX.sub("", inner.admin2), outer.name)


def _gazetteer_parent_is(inner: Place, outer: Place, gazetteer: ParentLookup | None) -> bool:
    if gazetteer is None or outer.kind not in ("province", "district"):
        return False
    try:
        parent = gazetteer.parent(inner, outer.kind)
    except Exception:  # a gazetteer without parent data for this place: no evidence of nesting
        parent = None
    return parent is not None and parent.id == outer.id


def nested(a: Place, b: Place, gazetteer: ParentLookup | None = None) -> bool:
    """One place lies within the other (either way round), or they are the same place."""
    if a.id == b.id:
        return True
    for inner, outer in ((a, b), (b, a)):
        if _within_province(inner, outer) or _within_district(inner, outer):
            return True
        if _gazetteer_parent_is(inner, outer, gazetteer):
            return True
    return False


def unlocated(place: Place | None, *, border_wide_is_unlocated: bool = True) -> bool:
    """No place, or (by default) only the border itself ("along the Durand Line")."""
    if place is None:
        return True
    return border_wide_is_unlocated and place.kind == "boundary"


def same_place(
    a: Place | None,
    b: Place | None,
    gazetteer: ParentLookup | None = None,
    *,
    border_wide_is_unlocated: bool = True,
) -> bool:
    """Same or nested place. Unlocated mentions match only unlocated ones: an event with no place
    is not the same as one at a named place, since nothing says where it was.

    `border_wide_is_unlocated`: a border-wide place ("along the Durand Line") counts as unlocated
    (the merge: it locates nothing a reader could tell apart), or as a place of its own (the
    extractor's clustering, which keeps border-wide mentions apart from place-less ones)."""
    a_unlocated = unlocated(a, border_wide_is_unlocated=border_wide_is_unlocated)
    b_unlocated = unlocated(b, border_wide_is_unlocated=border_wide_is_unlocated)
    if a is None or b is None or a_unlocated or b_unlocated:
        return a_unlocated and b_unlocated
    return nested(a, b, gazetteer)


# ---------------------------------------------------------------------------------------------
# Dates


@dataclass(frozen=True)
class DatePolicy:
    """How two dated mentions are judged to be one event.

    `tolerance_days`: the gap allowed between the two spans, by date precision; of two mentions
    the looser precision sets the slack (a "week" date may be seven days off a "day" date).
    `default_days`: the slack for a precision not in the table.
    `undated_matches_any`: an undated mention matches any date (True: inside one article an
    undated sentence usually continues the dated story).
    `undated_matches_undated`: otherwise, whether two undated mentions match (False across
    articles: two undated reports of a clash at Torkham may be years apart, and merging them would
    call the event corroborated with nothing to show it is one event).
    `only_alike`: precisions whose span says too little to join a more precise date ("In 2025,
    shelling killed 40" is no report of the 3 March shelling): they match only the same
    precision and start.
    """

    tolerance_days: Mapping[str, int] = field(default_factory=dict)
    default_days: int = 0
    undated_matches_any: bool = False
    undated_matches_undated: bool = True
    only_alike: frozenset[str] = frozenset()


# Inside one article (the extractor's clustering): an undated or imprecise mention is read as part
# of the dated story around it; "unknown" precision allows a year.
WITHIN_ARTICLE = DatePolicy(
    tolerance_days={"day": 1, "week": 7, "month": 31, "year": 0, "unknown": 366},
    default_days=31,
    undated_matches_any=True,
)

# Across articles (the merge): an undated incident joins nothing, and "unknown" precision gives
# no slack, so two reports are joined only on positive evidence.
ACROSS_ARTICLES = DatePolicy(
    tolerance_days={"day": 1, "week": 7, "month": 31, "year": 0, "unknown": 0},
    default_days=0,
    undated_matches_any=False,
    undated_matches_undated=False,
    only_alike=frozenset({"year"}),
)


def span_gap_days(a: date, a_end: date | None, b: date, b_end: date | None) -> int:
    """Days between two date spans (0 when they overlap; a night span 11-12 Oct overlaps both)."""
    a_last, b_last = a_end or a, b_end or b
    if a_last < b:
        return (b - a_last).days
    if b_last < a:
        return (a - b_last).days
    return 0


def dates_compatible(
    a: date | None,
    a_end: date | None,
    a_precision: str,
    b: date | None,
    b_end: date | None,
    b_precision: str,
    policy: DatePolicy,
) -> bool:
    """Two dated (or undated) mentions can be the same event under `policy`."""
    if a is None or b is None:
        return policy.undated_matches_any or (policy.undated_matches_undated and a is None and b is None)
    if {a_precision, b_precision} & policy.only_alike:
        return a_precision == b_precision and a == b
    tolerance = max(
        policy.tolerance_days.get(a_precision, policy.default_days),
        policy.tolerance_days.get(b_precision, policy.default_days),
    )
    return span_gap_days(a, a_end, b, b_end) <= tolerance
