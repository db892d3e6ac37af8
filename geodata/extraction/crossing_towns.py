"""Crossings and the towns they are named after (Chaman: the Chaman–Spin Boldak crossing), for
closures and reopenings told by a town's name; which mentions of a sentence may stand for them."""

from __future__ import annotations

import weakref
from typing import Any

from ..model import Place
from .places import mention_rejection
from .state import DocumentState, PlaceRef, sentence_at

_CROSSINGS_BY_TOWN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # gazetteer -> map


def crossings_by_town(gazetteer: Any) -> dict[str, tuple[Place, ...]]:
    """Town id -> the crossings named after it (Chaman: the Chaman–Spin Boldak crossing), made
    once per gazetteer (the scan of every place was done for each event before)."""
    try:
        return _CROSSINGS_BY_TOWN[gazetteer]
    except (KeyError, TypeError):
        pass
    found: dict[str, list[Place]] = {}
    for c in getattr(gazetteer, "places", {}).values():
        if c.kind != "crossing":
            continue
        towns = {p.id for alias in c.aliases for p in gazetteer.lookup(alias) if p.kind == "populated_place"}
        for town in towns:
            found.setdefault(town, []).append(c)
    out = {town: tuple(cs) for town, cs in found.items()}
    try:
        _CROSSINGS_BY_TOWN[gazetteer] = out
    except TypeError:  # a gazetteer that takes no weak reference: made each time
        pass
    return out


def twin_crossing(refs: list[PlaceRef], gazetteer: Any) -> list[PlaceRef]:
    """The crossing named after the one town the event is placed at (Chaman: the Chaman–Spin
    Boldak crossing), if there is one."""
    towns = [r for r in refs if r.place.kind == "populated_place"]
    if len(towns) != 1 or gazetteer is None:
        return []
    crossings = crossings_by_town(gazetteer).get(towns[0].place.id, ())
    return [PlaceRef(crossings[0], list(towns[0].texts), towns[0].start)] if len(crossings) == 1 else []


def text_at(sents: list, start: int) -> tuple[str, int]:
    """(text, start) of the sentence holding the offset `start`; ("", 0) if none."""
    found = sentence_at(sents, start)
    return (found.text, found.start) if found is not None else ("", 0)


def named_not_spoken(doc: DocumentState, index: int) -> list:
    """The sentence's mentions that are places or merely not locative ("For Chaman's traders"),
    not a speaker's seat or home ("a trader from Chaman said")."""
    sentence = doc.sents[index]
    return [
        m for m in doc.all_mentions.get(index, []) if mention_rejection(m, sentence) in (None, "not_locative")
    ]


def as_crossing(ref: PlaceRef, gazetteer: Any) -> list[PlaceRef]:
    """A crossing as itself, a town as the crossing named after it (if any), else nothing."""
    if ref.place.kind == "crossing":
        return [ref]
    return twin_crossing([ref], gazetteer) if ref.place.kind == "populated_place" else []
