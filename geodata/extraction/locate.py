"""Location sets: attached place mentions -> groups of one place each (nesting, "between A and
B" stretches, the ends of a crossing), and the representative place of a group."""

from __future__ import annotations

import re
from collections.abc import Callable

from .. import claims as claims_mod
from ..mention_finder import _LIST_JOINT  # "Torkham and Chaman", "A, B and C"
from ..model import Place
from ..rules import rule
from ..sameness import nested
from .state import PlaceRef

_NESTING_GAP = rule("nesting_gap").regex
_UNIT_WORD = rule("unit_word_nesting").regex
_POSSESSIVE_GAP = rule("possessive_gap").regex
_APPOSITION_COMMA = rule("apposition_comma").regex
_BETWEEN_BEFORE = rule("between_before").regex

KIND_RANK = {
    "crossing": 0,
    "populated_place": 1,
    "pass": 1,
    "district": 2,
    "province": 3,
    "region": 4,
    "boundary": 5,
    "country": 6,
}


_LIST_GOES_ON = rule("list_goes_on").regex


_LIST_BEFORE = rule("list_before").regex


def collapse(refs: list[PlaceRef], text: str, offset: int, gazetteer) -> list[list[PlaceRef]]:
    """Attached places -> location sets: nested names together, a 'between A and B' stretch as one."""
    groups: list[list[PlaceRef]] = []
    for ref in sorted(refs, key=lambda r: r.start):
        target = None
        for g in groups:
            if any(nested(ref.place, other.place, gazetteer) for other in g) and not _sibling_in(
                g, ref, gazetteer
            ):
                target = g
                break
            last = g[-1]
            gap = _gap(text, offset, last, ref)
            # textual nesting: "Spera district of Khost province", "Kunar's Dangam district"
            if _NESTING_GAP.fullmatch(gap):
                # "the Spera area of Khost": the text says Khost holds it, even where the gazetteer
                # read "Khost" as the town
                explicit = _UNIT_WORD.search(last.texts[0] + " " + gap) is not None
                ranked = (
                    KIND_RANK.get(last.place.kind, 9) <= KIND_RANK.get(ref.place.kind, 9)
                    and last.place.kind != ref.place.kind
                )
                if ranked or explicit:
                    # "Spin Boldak district of Kandahar": the text says Kandahar contains it, even
                    # where the gazetteer read "Kandahar" as the city
                    ref.parent = True
                    target = g
                    break
            if _POSSESSIVE_GAP.fullmatch(gap):
                last.parent = True  # "Kunar's Dangam district"
                target = g
                break
            if (
                _APPOSITION_COMMA.fullmatch(gap)
                and ref.place.kind in ("district", "province")
                and KIND_RANK.get(last.place.kind, 9) < KIND_RANK[ref.place.kind]
            ):
                # apposition "Birmal, South Waziristan" (not a list "at Angoor Adda, Bajaur and Kurram")
                rel_end = ref.start - offset + len(ref.texts[0])
                rel_start = last.start - offset
                in_list = _LIST_GOES_ON.match(text, rel_end) or claims_mod.search_before(
                    _LIST_BEFORE, text, rel_start
                )
                if not in_list:
                    ref.parent = True
                    target = g
                    break
        if target is None:
            groups.append([ref])
        else:
            target.append(ref)
    groups = _fold_crossing_ends(groups, text, offset)
    # "between A (in Pakistan) and B (in Afghanistan)": one stretch
    if len(groups) == 2:
        first, second = groups
        a, b = first[0], second[0]
        within = 0 <= a.start - offset <= b.start - offset <= len(text)  # not borrowed from elsewhere
        head = text[max(0, a.start - offset - 60) : a.start - offset] if within else ""
        gap = text[a.start - offset : b.start - offset] if within else ""
        if within and _BETWEEN_BEFORE.search(head) and re.search(r"\band\b", gap):
            return [first + second]
    return groups


def _gap(text: str, offset: int, last: PlaceRef, ref: PlaceRef) -> str:
    """The words between two places of this sentence; for a place borrowed from another sentence
    ("in both districts") a gap no rule reads as nesting or apposition."""
    lo, hi = last.start - offset + len(last.texts[0]), ref.start - offset
    if not (last.start - offset >= 0 and 0 <= lo <= hi <= len(text)):
        return "\x00"
    return text[lo:hi]


def _sibling_in(group: list[PlaceRef], ref: PlaceRef, gazetteer) -> bool:
    """The group already has another place of the same rank that does not contain or lie in
    `ref`: "Giwi and Mani Jabha in Paktia" are two places, not one because Paktia holds both."""
    rank = KIND_RANK.get(ref.place.kind, 9)
    return any(
        KIND_RANK.get(other.place.kind, 9) == rank
        and other.place.id != ref.place.id
        and not nested(ref.place, other.place, gazetteer)
        for other in group
    )


# "the X crossing between A and B", "the X crossing, which links A with B": A and B say where the
# crossing lies, they are not further places of the event
_CROSSING_ENDS = rule("crossing_ends").regex


def _fold_crossing_ends(groups: list[list[PlaceRef]], text: str, offset: int) -> list[list[PlaceRef]]:
    for g in groups:
        crossing = next((r for r in g if r.place.kind == "crossing"), None)
        if crossing is None:
            continue
        rel_end = crossing.start - offset + len(crossing.texts[0])
        m = _CROSSING_ENDS.match(text, rel_end)
        if m is None:
            continue
        ends = [h for h in groups if h is not g and rel_end <= h[0].start - offset < m.end()]
        if not ends:
            continue
        for h in ends:
            for r in h:
                r.parent = True
            g.extend(h)
        return [h for h in groups if not any(h is e for e in ends)]
    return groups


_DIVERTED_TO = rule("diverted_to").regex


def crossing_event_places(
    groups: list[list[PlaceRef]],
    text: str,
    offset: int,
    crossing_town: Callable[[Place], bool],
    sentence_at: Callable[[int], tuple[str, int]],
) -> list[list[PlaceRef]]:
    """A closure or reopening happens at crossings: when a location set holds one, sets of other
    places ("trade between Balochistan and southern Afghanistan", "patients treated in Peshawar";
    a town a crossing is named after, Chaman, stays) and places traffic was sent to instead
    ("diverting trucks to Torkham") are no further places of it."""
    if not any(r.place.kind == "crossing" for g in groups for r in g):
        return groups

    def diverted(g: list[PlaceRef]) -> bool:
        start = g[0].start - offset
        return 0 <= start <= len(text) and _DIVERTED_TO.search(text[max(0, start - 90) : start]) is not None

    crossings = [r for g in groups for r in g if r.place.kind == "crossing"]

    def listed_with_a_crossing(g: list[PlaceRef]) -> bool:
        """In a list with a crossing, in the sentence that names it ("Torkham and Chaman", also
        when a later sentence refers back: "Both crossings were closed")."""
        where, at = sentence_at(g[0].start)
        start = g[0].start - at
        for c in crossings:
            lo, hi = sorted((c.start - at, start))
            first = c if c.start - at < start else g[0]
            gap = where[lo + len(first.texts[0]) : hi] if lo >= 0 and hi <= len(where) else "\x00"
            if _LIST_JOINT.fullmatch(gap):
                return True
        return False

    def at_a_crossing(g: list[PlaceRef]) -> bool:
        return (
            any(r.place.kind == "crossing" for r in g)
            or crossing_town(best_place(g))
            or listed_with_a_crossing(g)
        )

    kept = [g for g in groups if at_a_crossing(g) and not diverted(g)]
    return kept or groups


def best_place(group: list[PlaceRef]) -> Place:
    """Representative place of a location set: the most specific; for a cross-border stretch of
    equal rank, the Afghan side (consistent with the annotation of such stretches)."""
    candidates = [r for r in group if not r.parent] or group
    ranked = sorted(
        candidates,
        key=lambda r: (KIND_RANK.get(r.place.kind, 9), 0 if r.place.country == "AF" else 1, r.start),
    )
    return ranked[0].place
