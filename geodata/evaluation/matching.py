"""Candidate pairs of gold and system incidents, and the one-to-one matching per article
(GOLD_FORMAT section 12).

* candidate pair: same article; system type in {type} + alt_types; system date within the
  precision tolerance (day 1, week 7, month 31, year 366 days) of [date, date_end]; when the gold
  has a location, distance <= max(precision tolerance, coord_uncertainty_km) (exact point 5,
  town 15, district 40, province 150, region 300 km), and province-level gold also accepts a system
  place naming the same province;
* one-to-one matching per article that maximises the number of pairs, ties broken by smaller date
  difference, then smaller distance, then exact type (Hungarian algorithm on integer costs).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from ..sameness import haversine_km, span_gap_days
from .gold import DATE_TOLERANCE_DAYS, DISTANCE_TOLERANCE_KM, GoldIncident
from .names import gold_provinces
from .system import system_admin1, system_dates, system_point, system_type


@dataclass(frozen=True)
class Pair:
    gold: GoldIncident
    system_index: int
    type_exact: bool
    date_gap_days: int
    date_offset_days: int | None  # |system date - gold date|, None when the system has no date
    distance_km: float | None
    province_match: bool


def date_gap(g: GoldIncident, start: date | None, end: date | None) -> int | None:
    """Days between the system interval and the gold interval (0 when they overlap)."""
    if start is None:
        return None
    return span_gap_days(start, end, g.date, g.date_end)


def candidate(
    g: GoldIncident, s, index: int, *, undated_precisions: Iterable[str] = ("year",)
) -> Pair | None:
    """The pair (g, s) if it is a candidate per GOLD_FORMAT section 12, else None."""
    stype = system_type(s)
    if stype != g.type and stype not in g.alt_types:
        return None
    start, end = system_dates(s)
    gap = date_gap(g, start, end)
    tolerance = DATE_TOLERANCE_DAYS[g.date_precision]
    if gap is None:
        if g.date_precision not in set(undated_precisions):
            return None
        gap = tolerance  # an undated system incident matches only gold the text does not date
    elif gap > tolerance:
        return None
    point = system_point(s)
    distance = None
    province_match = False
    if point is not None and g.point is not None:
        distance = haversine_km(g.point[0], g.point[1], point[0], point[1])
    if g.location_precision != "none":
        limit = max(DISTANCE_TOLERANCE_KM[g.location_precision], g.coord_uncertainty_km or 0.0)
        ok = distance is not None and distance <= limit
        if not ok and g.location_precision == "province":
            admin1 = system_admin1(s)
            province_match = bool(admin1) and admin1 in gold_provinces(g)
            ok = province_match
        if not ok:
            return None
    return Pair(
        gold=g,
        system_index=index,
        type_exact=stype == g.type,
        date_gap_days=gap,
        date_offset_days=None if start is None else abs((start - g.date).days),
        distance_km=distance,
        province_match=province_match,
    )


def _pair_cost(pair: Pair) -> int:
    """Integer tie-break cost: date gap first, then distance (10 m steps), then alt type."""
    distance = 0 if pair.distance_km is None else min(int(round(pair.distance_km * 100)), 9_999_999)
    offset = 0 if pair.date_offset_days is None else min(pair.date_offset_days, 9_999)
    return ((pair.date_gap_days * 10_000 + offset) * 10_000_000 + distance) * 2 + (
        0 if pair.type_exact else 1
    )


def hungarian(cost: Sequence[Sequence[int]]) -> list[int]:
    """Minimum-cost assignment for an n x m matrix with n <= m; returns the column of each row."""
    n = len(cost)
    if n == 0:
        return []
    m = len(cost[0])
    assert n <= m
    inf = float("inf")
    # integer costs stay integers (exact); only the "no bound yet" sentinel is a float
    u: list[float] = [0] * (n + 1)
    v: list[float] = [0] * (m + 1)
    p = [0] * (m + 1)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = -1
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    assignment = [-1] * n
    for j in range(1, m + 1):
        if p[j]:
            assignment[p[j] - 1] = j - 1
    return assignment


def match_article(
    gold: Sequence[GoldIncident], system: Sequence, *, undated_precisions: Iterable[str] = ("year",)
) -> list[Pair]:
    """Maximum one-to-one matching of candidate pairs, minimum tie-break cost among maximum ones."""
    undated = tuple(undated_precisions)
    table: dict[tuple[int, int], Pair] = {}
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            pair = candidate(g, s, si, undated_precisions=undated)
            if pair is not None:
                table[(gi, si)] = pair
    if not table:
        return []
    costs = {key: _pair_cost(pair) for key, pair in table.items()}
    # Forbidden pairs cost more than every candidate together, so the number of pairs comes first.
    big = (sum(costs.values()) + 1) * (len(gold) + len(system) + 1)
    transpose = len(gold) > len(system)
    rows, cols = (len(system), len(gold)) if transpose else (len(gold), len(system))
    matrix = [[costs.get((c, r) if transpose else (r, c), big) for c in range(cols)] for r in range(rows)]
    assignment = hungarian(matrix)
    pairs = []
    for r, c in enumerate(assignment):
        key = (c, r) if transpose else (r, c)
        if c >= 0 and key in table:
            pairs.append(table[key])
    pairs.sort(key=lambda p: p.gold.id)
    return pairs
