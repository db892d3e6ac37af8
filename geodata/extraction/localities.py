"""Unlisted localities: villages and areas the gazetteer does not know, placed at the district or
province the text names with them (the `localities` pass, after `places`).

"Rockets hit Kanda Sar, Dobar and Shaga Kalay localities of Sarkano district": human coders (ACLED,
UCDP) code a village they cannot find at the smallest area they can, with that area's precision.
Each name found by the rule `unlisted_localities` becomes a place of its own (so an event at several
of them is a group, one incident per locality) at the point of the area the text names with it,
and with that area's precision: never shown more precise than the text allows. The area is, in
this order, the one the phrase itself names ("Sarkano district's A and B areas", "the A area of
Sarkano"), the nearest district or province of the sentence, or the last one of the two sentences
before. A sentence that names an area the gazetteer does not know ("in Shaltan district") gives
its localities no place rather than a wrong one.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Place
from ..place_cues import PlaceMention
from ..rules import rule
from ..sameness import nested
from .state import DocumentState

_LOCALITIES = rule("unlisted_localities").regex
_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|,?\s+and\s+")
# an administrative area named in the text: "Shaltan district", "district of Shaltan"
_AREA_NAMED = re.compile(
    r"\b([A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)\s+(?:district|province|agency|tehsil)\b"
    r"|\b(?:district|province)\s+(?:of\s+)?([A-Z][\w’'-]+)"
)
AREA_KINDS = ("district", "province")
_AREA_AFTER = re.compile(r"\s+(?:of|in)\s+(?:the\s+)?")
ID_PREFIX = "unlisted:"


def is_unlisted(place: Place | None) -> bool:
    """A locality this pass placed at the area named with it (not a gazetteer entry)."""
    return place is not None and place.id.startswith(ID_PREFIX)


def unlisted_place(name: str, area: Place) -> Place:
    """`name` as a place inside `area`, at its point and with its precision."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    district = area.kind == "district"
    return Place(
        id=f"{ID_PREFIX}{area.id}:{slug}",
        name=name,
        kind="populated_place",
        country=area.country,
        admin1=area.admin1 if district else area.name,
        admin2=(area.admin2 or area.name) if district else None,
        lat=area.lat,
        lon=area.lon,
        precision=area.precision,
        source=f"not in the gazetteer: placed at {area.name} ({area.kind}), the area the text names with it",
        licence=area.licence,
    )


def _is_area(m: Any) -> bool:
    place = m.place
    return (
        place is not None
        and place.kind in AREA_KINDS
        and place.country in ("AF", "PK")
        and place.lat is not None
    )


def _covered(mentions: list[Any], start: int, end: int) -> bool:
    return any(m.start < end and start < m.end for m in mentions)


def _unknown_area_named(text: str, offset: int, mentions: list[Any]) -> bool:
    """The sentence names a district or province the gazetteer does not know."""
    for m in _AREA_NAMED.finditer(text):
        group = 1 if m.group(1) else 2
        if not _covered(mentions, offset + m.start(group), offset + m.end(group)):
            return True
    return False


def _area(doc: DocumentState, index: int, match: re.Match[str]) -> Place | None:
    """The district or province the localities of `match` (in sentence `index`) lie in."""
    s = doc.sents[index]
    mentions = doc.all_mentions.get(index, [])
    start, end = s.start + match.start(), s.start + match.end()
    phrase = match.group(0)
    if phrase.startswith(("'s", "’s")):  # "X district's A and B areas": X, or nothing
        before = [m for m in mentions if 0 <= start - m.end <= 1]
        return before[-1].place if before and _is_area(before[-1]) else None
    follows = _AREA_AFTER.match(s.text, match.end())
    if re.search(r"\bof\s+$", phrase) or follows:  # "the A area of X", "A and B areas of X": X, or nothing
        at = end + (follows.end() - match.end() if follows else 0)
        after = sorted((m for m in mentions if 0 <= m.start - at <= 12), key=lambda m: m.start)
        if not after or not _is_area(after[0]):
            return None
        # "areas of Nuristan and Kunar provinces": which one? (but "of X district, in which ...": X)
        joined = re.match(r"\s*(?:,\s*)?(?:and\s+)?", s.text[after[0].end - s.start :])
        at_next = after[0].end + (joined.end() if joined else 0)
        two = any(m.start == at_next and m is not after[0] and _is_area(m) for m in mentions)
        return None if two else after[0].place
    areas = [m for m in mentions if _is_area(m)]
    if areas:
        return min(
            areas, key=lambda m: (min(abs(m.start - end), abs(start - m.end)), m.place.kind != "district")
        ).place
    if _unknown_area_named(s.text, s.start, mentions):
        return None
    for i in range(index - 1, max(-1, index - 3), -1):
        if doc.sents[i].para < s.para - 1:
            break
        earlier = [m for m in doc.place_mentions.get(i, []) if _is_area(m)]
        if earlier:
            return earlier[-1].place
    return None


def _names(match: re.Match[str]) -> list[tuple[str, int]]:
    """(name, start in the sentence) of each locality of the match."""
    group = next(g for g in ("names", "general", "single") if match.group(g))
    text, offset = match.group(group), match.start(group)
    out, pos = [], 0
    for sep in [*_SPLIT.finditer(text), None]:
        end = sep.start() if sep is not None else len(text)
        if text[pos:end]:
            out.append((text[pos:end], offset + pos))
        if sep is not None:
            pos = sep.end()
    return out


def _outside(area: Place, match: re.Match[str], s: Any, mentions: list[Any], gazetteer: Any) -> bool:
    """A gazetteer place listed with the localities lies outside `area` ("in Dir, Chitral, Baramcha
    and other areas" with Kurram named elsewhere): the list is not one area's villages."""
    lo, hi = s.start + match.start(), s.start + match.end()
    listed = [m for m in mentions if lo <= m.start and m.end <= hi and m.place is not None]
    return any(m.place.id != area.id and not nested(m.place, area, gazetteer) for m in listed)


def find_unlisted_localities(doc: DocumentState) -> None:
    """Adds each unlisted locality with its area to the sentence's usable place mentions."""
    for s in doc.sents:
        mentions = doc.all_mentions.get(s.index, [])
        for match in _LOCALITIES.finditer(s.text):
            area = None
            for name, rel in _names(match):
                start, end = s.start + rel, s.start + rel + len(name)
                if _covered(mentions, start, end):
                    continue  # a gazetteer place: already found
                area = area or _area(doc, s.index, match)
                if area is not None and _outside(area, match, s, mentions, doc.gazetteer):
                    doc.note(
                        s.index,
                        "rejected",
                        name,
                        "unlisted_locality_mixed_list",
                        f"listed with places outside {area.name}",
                    )
                    break
                if area is None:
                    doc.note(
                        s.index, "rejected", name, "unlisted_locality_no_area", "no known area named with it"
                    )
                    continue
                mention = PlaceMention(start, end, name, unlisted_place(name, area), 1.0, "place", None)
                doc.all_mentions[s.index].append(mention)
                doc.place_mentions[s.index].append(mention)
                doc.note(
                    s.index,
                    "place",
                    name,
                    "unlisted_localities",
                    f"not in the gazetteer: at {area.name} ({area.kind})",
                )
        doc.all_mentions[s.index].sort(key=lambda m: m.start)
        doc.place_mentions[s.index].sort(key=lambda m: m.start)
