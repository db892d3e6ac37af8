"""Unlisted localities: villages and areas the gazetteer does not know, placed at the district or
province the text names with them (the `localities` pass, after `places`).

"Rockets hit Kanda Sar, Dobar and Shaga Kalay localities of Sarkano district": human coders (ACLED,
UCDP) code a village they cannot find at the smallest area they can, with that area's precision.
Each name found by the rule `unlisted_localities` becomes a place of its own (so an event at several
of them is a group, one incident per locality) at the point of the area the text names with it,
and with that area's precision: never shown more precise than the text allows. The area is, in
this order, the one the phrase itself names ("Sarkano district's A and B areas", "the A area of
Sarkano"), the nearest district or province of the sentence, or the last one of the two sentences
before. No place rather than a wrong one when the sentence names an area the gazetteer does not
know ("in Shaltan district"), names two ("areas of Nuristan and Kunar provinces"), or lists with
the villages a known place outside the area; an area named as a speaker's seat or where fire came
from is none, and villages named as such are not event places either.
"""

from __future__ import annotations

import re
from typing import Any

from ..clean import Sentence
from ..model import UNLISTED_ID_PREFIX, Place
from ..place_cues import PlaceMention
from ..rules import gate_text, rule
from ..sameness import nested, same_admin_name
from .places import mention_rejection
from .state import DocumentState

_LOCALITIES = rule("unlisted_localities")  # a Rule: its finditer skips hopeless sentences
# the words one of which every match holds ("area", "village"...): nine sentences in ten lack
# them, which a few substring tests tell sooner than the lookup of every rule's pieces
_LOCALITY_WORDS = tuple(sorted(_LOCALITIES.needs or ()))
_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|,?\s+and\s+")
_AREA_NAMED = rule("area_named").regex
_AREA_AFTER = re.compile(r"\s+(?:of|in)\s+(?:the\s+)?")
AREA_KINDS = ("district", "province")
ID_PREFIX = UNLISTED_ID_PREFIX


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


def _may_contain(m: Any, s: Sentence) -> bool:
    """A mention that can be the villages' area: one the places pass kept, or rejected only as not
    locative ("a resident of Sarkano district said ..."); never a speaker's seat or where fire came
    from ("rockets fired from Kunar province landed in A village": A is not in Kunar)."""
    return _is_area(m) and mention_rejection(m, s) in (None, "not_locative")


def _covered(mentions: list[Any], start: int, end: int) -> bool:
    return any(m.start < end and start < m.end for m in mentions)


def _whole(mentions: list[Any], start: int, end: int) -> bool:
    return any(m.start <= start and end <= m.end for m in mentions)


def _unknown_area_named(s: Sentence, mentions: list[Any]) -> bool:
    """The sentence names a district or province the gazetteer does not know."""
    for m in _AREA_NAMED.finditer(s.text):
        group = "name" if m.group("name") else "after"
        if not _covered(mentions, s.start + m.start(group), s.start + m.end(group)):
            return True
    return False


def _area_after(s: Sentence, match: re.Match[str], mentions: list[Any]) -> Place | None:
    """'the A area of X', 'A and B areas of X': X, or none when it cannot hold them or a second area
    follows it ('areas of Nuristan and Kunar provinces': which one?)."""
    follows = _AREA_AFTER.match(s.text, match.end())
    at = s.start + (follows.end() if follows else match.end())
    after = sorted((m for m in mentions if 0 <= m.start - at <= 12), key=lambda m: m.start)
    if not after or not _may_contain(after[0], s):
        return None
    joined = re.match(r"\s*(?:,\s*)?(?:and\s+)?", s.text[after[0].end - s.start :])
    at_next = after[0].end + (joined.end() if joined else 0)
    if any(m.start == at_next and m is not after[0] and _is_area(m) for m in mentions):
        return None
    return after[0].place


def _names_its_area(s: Sentence, match: re.Match[str]) -> bool:
    """The list's own phrase names its area: "X district's A and B areas", "A and B areas of X",
    "the villages of A and B in X"."""
    return (
        match.group(0).startswith(("'s", "’s"))
        or re.search(r"\bof\s+$", match.group(0)) is not None
        or _AREA_AFTER.match(s.text, match.end()) is not None
    )


def _area(doc: DocumentState, index: int, match: re.Match[str]) -> Place | None:
    """The district or province the localities of `match` (in sentence `index`) lie in."""
    s = doc.sents[index]
    mentions = doc.all_mentions.get(index, [])
    start, end = s.start + match.start(), s.start + match.end()
    if match.group(0).startswith(("'s", "’s")):  # "X district's A and B areas": X, or nothing
        before = [m for m in mentions if 0 <= start - m.end <= 1]
        return before[-1].place if before and _may_contain(before[-1], s) else None
    if _names_its_area(s, match):
        return _area_after(s, match, mentions)
    areas = [m for m in mentions if _may_contain(m, s)]
    if areas:
        nearest = min(
            areas, key=lambda m: (min(abs(m.start - end), abs(start - m.end)), m.place.kind != "district")
        )
        return nearest.place
    if _unknown_area_named(s, mentions):
        return None
    return _area_before(doc, index)


# how many sentences back the area of a list may be named ('... in Kurram district on Saturday.
# Eleven were injured. Forces targeted posts in A, B and C areas'); a stray quote mark is none
LOOKBACK_SENTENCES = 2


def _area_before(doc: DocumentState, index: int) -> Place | None:
    s, seen = doc.sents[index], 0
    for i in range(index - 1, -1, -1):
        if doc.sents[i].para < s.para - 1 or seen >= LOOKBACK_SENTENCES:
            break
        if not any(c.isalpha() for c in doc.sents[i].text):
            continue
        seen += 1
        earlier = [m for m in doc.place_mentions.get(i, []) if _is_area(m)]
        if earlier:
            return earlier[-1].place
    return None


def _outside(area: Place, match: re.Match[str], s: Sentence, mentions: list[Any], gazetteer: Any) -> bool:
    """A gazetteer place listed with the localities lies outside `area` ("in Dir, Chitral, Baramcha
    and other areas" with Kurram named elsewhere): the list is not one area's villages."""
    # a known name inside an item is no listed place ("Sangar" of "Mata Sangar")
    items = {(s.start + rel, s.start + rel + len(name)) for name, rel in _names(match)}
    listed = [m for m in mentions if (m.start, m.end) in items and m.place is not None]
    return any(m.place.id != area.id and not nested(m.place, area, gazetteer) for m in listed)


def _names(match: re.Match[str]) -> list[tuple[str, int]]:
    """(name, start in the sentence) of each locality of the match."""
    group = next(g for g in ("names", "general", "single", "listed") if match.group(g))
    text, offset = match.group(group), match.start(group)
    out, pos = [], 0
    for sep in [*_SPLIT.finditer(text), None]:
        end = sep.start() if sep is not None else len(text)
        if text[pos:end]:
            out.append((text[pos:end], offset + pos))
        if sep is not None:
            pos = sep.end()
    return out


def _elsewhere(place: Place, area: Place) -> bool:
    """The gazetteer puts `place` in another country or province than `area` (a place whose
    district is not recorded is not elsewhere for that alone)."""
    if place.country and area.country and place.country != area.country:
        return True
    province = area.name if area.kind == "province" else area.admin1
    return bool(place.admin1 and province) and not same_admin_name(place.admin1, province)


# kinds a listed locality may be in another spelling, and the consonants that make a spelling safe
SPELT_KINDS = ("populated_place", "crossing", "pass")
SPELT_SHORTEST = 4


def _spelt_like_within(gazetteer: Any, name: str, area: Place) -> Place | None:
    """The one gazetteer place inside `area` that `name` spells another way ("Tari Mengal" in
    Kurram: Teri Mangal), else None."""
    spelt_like = getattr(gazetteer, "areas_spelt_like", None)
    if spelt_like is None:
        return None
    fits = [
        p
        for kind in SPELT_KINDS
        for p in spelt_like(name, kind, SPELT_SHORTEST)
        if not _elsewhere(p, area) and nested(p, area, gazetteer)
    ]
    return fits[0] if len(fits) == 1 else None


def _drop_namesakes(doc: DocumentState, s: Sentence, names: list[tuple[str, int]], area: Place) -> None:
    """'the villages of Mirpar and Kai in the Spera district': the gazetteer's Kai lies in another
    province, so this Kai is a village it does not know; its mention goes."""
    for name, start in names:
        for m in doc.all_mentions.get(s.index, []):
            if (m.start, m.end) != (start, start + len(name)) or m.place is None:
                continue
            if m.place.id == area.id or not _elsewhere(m.place, area):
                continue
            doc.all_mentions[s.index] = [x for x in doc.all_mentions[s.index] if x is not m]
            doc.place_mentions[s.index] = [x for x in doc.place_mentions.get(s.index, []) if x is not m]
            doc.note(
                s.index, "rejected", name, "namesake_outside_area", f"{m.place.name} is not in {area.name}"
            )


def _localities_of(doc: DocumentState, s: Sentence, match: re.Match[str]) -> list[PlaceMention]:
    """The unlisted localities of one list, each placed at the list's area (none when it has none)."""
    mentions = doc.all_mentions.get(s.index, [])
    names = [(n, s.start + rel) for n, rel in _names(match)]
    area = _area(doc, s.index, match)
    if area is not None and _names_its_area(s, match):
        _drop_namesakes(doc, s, names, area)
        mentions = doc.all_mentions.get(s.index, [])
    # an item the gazetteer knows whole is not unlisted; "Mata Sangar" is, though "Sangar" is known
    unknown = [(n, start) for n, start in names if not _whole(mentions, start, start + len(n))]
    if not unknown:
        return []
    if area is not None and _outside(area, match, s, mentions, doc.gazetteer):
        doc.note(
            s.index,
            "rejected",
            unknown[0][0],
            "unlisted_locality_mixed_list",
            f"listed with places outside {area.name}",
        )
        return []
    if area is None:
        for name, _start in unknown:
            doc.note(s.index, "rejected", name, "unlisted_locality_no_area", "no known area named with it")
        return []
    # the list as a whole is where speakers are or fire came from when its first name is
    # ("officials in A and B villages said", "families displaced from A and B villages")
    first, first_start = names[0]
    head = PlaceMention(
        first_start, first_start + len(first), first, unlisted_place(first, area), 1.0, "place", None
    )
    rejected = mention_rejection(head, s)
    if rejected not in (None, "not_locative"):
        for name, _start in unknown:
            doc.note(s.index, "rejected", name, rejected, f"{name} (unlisted, at {area.name})")
        return []
    found = []
    for name, start in unknown:
        spelt = _spelt_like_within(doc.gazetteer, name, area)
        place = spelt or unlisted_place(name, area)
        mention = PlaceMention(start, start + len(name), name, place, 1.0, "place", None)
        if spelt is not None:
            doc.note(s.index, "place", name, "spelt_like", f"{spelt.name} ({spelt.kind}), in {area.name}")
        else:
            doc.note(
                s.index,
                "place",
                name,
                "unlisted_localities",
                f"not in the gazetteer: at {area.name} ({area.kind})",
            )
        found.append(mention)
    return found


def locality_lists(text: str) -> list[re.Match[str]]:
    """`list(_LOCALITIES.finditer(text))`: none without one of the words every match holds."""
    lowered = gate_text(text) if _LOCALITY_WORDS else None
    if lowered is None:
        return list(_LOCALITIES.finditer(text))
    for word in _LOCALITY_WORDS:  # a loop, not any(): no generator frame per sentence
        if word in lowered:
            return list(_LOCALITIES.finditer(text))
    return []


def find_unlisted_localities(doc: DocumentState) -> None:
    """Adds each unlisted locality with its area to the sentence's usable place mentions."""
    for s in doc.sents:
        added = [m for match in locality_lists(s.text) for m in _localities_of(doc, s, match)]
        if added:
            doc.all_mentions[s.index] = sorted([*doc.all_mentions[s.index], *added], key=lambda m: m.start)
            doc.place_mentions[s.index] = sorted(
                [*doc.place_mentions[s.index], *added], key=lambda m: m.start
            )
