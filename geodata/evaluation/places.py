"""Recognition of place names: the strings the system located its incidents with, and every
toponym span it found, scored against the gold `places` strings."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence

from ..sameness import haversine_km
from .gold import GoldSet, is_number
from .scores import prf, share
from .system import system_point, value_of


def mention_tuple(m) -> tuple[int, int, str, float | None, float | None] | None:
    """(start, end, text, lat, lon) from a tuple or an object with those attributes (or a place)."""
    if isinstance(m, (tuple, list)):
        if len(m) >= 5:
            start, end, text, lat, lon = m[:5]
        elif len(m) >= 3:
            start, end, text = m[:3]
            place = m[3] if len(m) > 3 else None
            lat, lon = value_of(place, "lat"), value_of(place, "lon")
        else:
            return None
    else:
        start, end = value_of(m, "start"), value_of(m, "end")
        text = value_of(m, "text") or ""
        lat, lon = value_of(m, "lat"), value_of(m, "lon")
        place = value_of(m, "place")
        if (lat is None or lon is None) and place is not None:
            lat, lon = value_of(place, "lat"), value_of(place, "lon")
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    return (
        start,
        end,
        str(text),
        (float(lat) if is_number(lat) else None),
        (float(lon) if is_number(lon) else None),
    )


def _occurrences(body: str, needle: str) -> list[tuple[int, int]]:
    spans = []
    start = body.find(needle)
    while needle and start != -1:
        spans.append((start, start + len(needle)))
        start = body.find(needle, start + 1)
    return spans


def _texts_overlap(a: str, b: str) -> bool:
    a, b = a.casefold().strip(), b.casefold().strip()
    return bool(a and b) and (a in b or b in a)


def _resolution(errors: list[float]) -> dict:
    """How far the points of recognised place strings lie from the gold points (km)."""
    return {
        "resolved_pairs": len(errors),
        "resolution_within_25_km": share(sum(1 for e in errors if e <= 25), len(errors)),
        "resolution_mean_error_km": (sum(errors) / len(errors)) if errors else None,
        "resolution_median_error_km": statistics.median(errors) if errors else None,
    }


def incident_place_recognition(gold: GoldSet, system_by_article: Mapping[str, Sequence]) -> dict:
    """Incident toponyms: the strings the system used to locate its incidents (`place_mentions`)
    vs the gold `places` strings, per article, as distinct case-folded strings.

    Gold `places` list only the strings that locate an incident (section 9.1), so this is the
    recognition score that matches what the gold annotates; a toponym that is mentioned but locates
    nothing (a dateline, a speaker's capital) is a false positive here only if the system used it.
    A system string and a gold string match when one contains the other ("Khost" / "Khost
    province"). Resolution: for matched strings of located system incidents, the distance to the
    nearest gold point annotated with that string."""
    n_sys = tp_sys = n_gold = tp_gold = 0
    errors: list[float] = []
    for aid, art in gold.articles.items():
        gold_strings: dict[str, list[tuple[float, float]]] = {}
        for g in art.incidents:
            for place in g.places:
                pts = gold_strings.setdefault(place.casefold(), [])
                if g.point is not None:
                    pts.append(g.point)
        sys_strings: dict[str, list[tuple[float, float]]] = {}
        for s in system_by_article.get(aid, ()):
            point = system_point(s)
            for text in value_of(s, "place_mentions", ()) or ():
                if not isinstance(text, str) or not text.strip():
                    continue
                pts = sys_strings.setdefault(text.casefold(), [])
                if point is not None:
                    pts.append(point)
        n_sys += len(sys_strings)
        n_gold += len(gold_strings)
        tp_gold += sum(1 for gs in gold_strings if any(_texts_overlap(gs, ss) for ss in sys_strings))
        for ss, sys_points in sys_strings.items():
            matching = [gs for gs in gold_strings if _texts_overlap(gs, ss)]
            if not matching:
                continue
            tp_sys += 1
            gold_points = [pt for gs in matching for pt in gold_strings[gs]]
            for lat, lon in sys_points:
                if gold_points:
                    errors.append(min(haversine_km(lat, lon, g_lat, g_lon) for g_lat, g_lon in gold_points))
    scores = prf(tp_gold, n_gold, tp_sys, n_sys)
    scores.update({"gold_place_strings": n_gold, "system_strings": n_sys, **_resolution(errors)})
    return scores


def place_recognition(gold: GoldSet, mentions: Mapping[str, Sequence]) -> dict:
    """System toponym spans vs the gold `places` strings (every occurrence in the body counts).

    Recall: share of distinct (article, place string) pairs with a system span overlapping one of
    its occurrences. Precision: share of system spans overlapping an occurrence of any gold place
    string. Resolution: for the overlapping spans that carry a point, the distance to the nearest
    point of a gold incident listing that place string."""
    tp_spans = n_spans = 0
    found_strings = n_strings = 0
    errors: list[float] = []
    for aid, art in gold.articles.items():
        occurrences: dict[str, list[tuple[int, int]]] = {}
        points: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for g in art.incidents:
            for place in g.places:
                occurrences.setdefault(place, _occurrences(art.body, place))
                if g.point is not None:
                    points[place].append(g.point)
        spans = [t for t in (mention_tuple(m) for m in (mentions.get(aid, ()) or ())) if t is not None]
        n_spans += len(spans)
        n_strings += len(occurrences)
        hit_strings: set[str] = set()
        for start, end, _text, lat, lon in spans:
            overlapping = [
                place
                for place, occ in occurrences.items()
                if any(start < o_end and o_start < end for o_start, o_end in occ)
            ]
            if not overlapping:
                continue
            tp_spans += 1
            hit_strings.update(overlapping)
            if lat is not None and lon is not None:
                candidates = [pt for place in overlapping for pt in points.get(place, [])]
                if candidates:
                    errors.append(min(haversine_km(lat, lon, p[0], p[1]) for p in candidates))
        found_strings += len(hit_strings)
    scores = prf(found_strings, n_strings, tp_spans, n_spans)
    scores.update({"gold_place_strings": n_strings, "system_spans": n_spans, **_resolution(errors)})
    return scores
