"""Places: which gazetteer mentions of a sentence can be an event's place (the `places` pass).

A mention is rejected, with the name of the rule, when it is a country, a place abroad, a speaker
or a speaker's seat ("officials in Kandahar said"), a place only visited, an origin of fire, a
reaction ("outrage in Kabul"), the target of other attacks, or not in a locative phrase."""

from __future__ import annotations

import bisect
import re
from typing import Any

from ..clean import Sentence
from ..model import Place
from ..rules import gate_text, rule
from ..rules.anchors import Anchored
from .state import DocumentState

_SPEAKER_PLACE_BEFORE_RULE = rule("speaker_place_before")
_SPEAKER_PLACE_BEFORE = _SPEAKER_PLACE_BEFORE_RULE.regex
# its matches start with one of ~120 words ("officials ", "came "): tried only where one starts,
# not at each of the window's 60 positions (the slowest search of the pass)
_SPEAKER_PLACE_ANCHORED = Anchored([_SPEAKER_PLACE_BEFORE_RULE])
_SPEAKER_PLACE_AFTER = rule("speaker_place_after").regex
_WHERE_IT_FELL = rule("where_it_fell").regex
DURAND_LINE = Place(id="boundary:durand-line", name="Durand Line", kind="boundary", country=None, precision=5)


_LOCATIVE_BEFORE = rule("locative_before").regex
# a window ending so ("clashes erupted in ") is one the rule finds: its `sure_endings` word after
# a space, then "the ", "a " or nothing, and every other part of the rule left empty
_SURELY_LOCATIVE = tuple(
    f" {word} {the}"
    for word in rule("locative_before").meta.get("sure_endings", ())
    for the in ("", "the ", "a ")
)
_REACTION_BEFORE = rule("reaction_before").regex
CAPITALS = ("Kabul", "Islamabad")


_WITNESS_OF = rule("witness_of").regex


# the attacks a target served or is blamed for, named as a purpose: not the event of the sentence
_ATTACKS_THEY_SERVE = rule("attacks_they_serve").regex
_SPEAKERS_SEAT = rule("speakers_seat").regex
_PREPOSITION_BEFORE = rule("preposition_before").regex
_IN_X_BEFORE = rule("in_x_before").regex
_IN_X_SPEAKER_AFTER = rule("in_x_speaker_after").regex
_POSSESSIVE_GOVERNMENT = rule("possessive_government").regex
_CAPITALS_PAIR_BEFORE = rule("capitals_pair_before").regex
_CAPITALS_PAIR_AFTER = rule("capitals_pair_after").regex


_POSSESSOR_BEFORE = re.compile(
    r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}(?:\s+(?:province|district|region|valley))?['’]s\s+$"
)
_LIST_JOINT_BEFORE = re.compile(
    r"(?:,\s*(?:and\s+)?(?:the\s+)?|\s+(?:and|or)\s+(?:the\s+)?|\s+to\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?)"
    r"(?:(?:north|south|east|west|central|upper|lower)\w*\s+)?$"  # "Kunar and eastern Paktika"
)
_LIST_ITEM_BEFORE = re.compile(
    r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}(?:\s+(?:province|district|area|crossing|border crossing|agency|tehsil|village|town|valley))?)$"
)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$")
_TO_AFTER = re.compile(r"^\s*(?:province|district|region)?\s*to\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}?[A-Z]")
_CROSSING_WORD = re.compile(r"\b(?:crossing|gate|terminal)\b", re.I)
_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)


def _list_head(before: str) -> str:
    """The text before a list of places: a mention continuing a list ("at A, B and C", "from A to
    B") counts like the list's head; "in Paktika province's Barmal district" like "in Barmal district"."""
    possessor = _POSSESSOR_BEFORE.search(before)
    head = before[: possessor.start()] if possessor else before
    for _ in range(4):
        lm = _LIST_JOINT_BEFORE.search(head)
        prev = _LIST_ITEM_BEFORE.search(head[: lm.start()]) if lm else None
        if not (lm and prev):
            break
        head = head[: prev.start()]
    return head


def _speaker_rejection(m: Any, before: str, after: str, clause_after: str = "") -> str | None:
    """The rule that makes the mention a speaker or a speaker's seat, a visit or an origin of fire
    (`clause_after`: a longer window after it, for a speaker told with an apposition)."""
    if getattr(m, "role", "place") != "place":
        if not (getattr(m, "role", "") == "speaker" and _WITNESS_OF.search(before)):
            return f"gazetteer_role_{getattr(m, 'role', '')}"  # "Kabul claimed"; but "residents of Bajaur said" saw it there
    if _speaker_place_before(before):
        return "speaker_place_before"
    speaks = _SPEAKER_PLACE_AFTER.match(after) is not None
    if speaks and _SPEAKERS_SEAT.search(before):
        return "speakers_seat"  # "Officers at a police station in Parachinar said": where the speakers are
    if speaks and not _PREPOSITION_BEFORE.search(before):
        return "speaker_place_after"  # "Kabul claimed", "Islamabad said"
    if _IN_X_BEFORE.search(before) and _IN_X_SPEAKER_AFTER.match(clause_after or after):
        return "in_x_speaker_after"  # "In Kabul, the defence ministry said": where the speaker is
    if _REACTION_BEFORE.search(before):
        return "reaction_before"  # "sparking outrage in Kabul"
    if _ATTACKS_THEY_SERVE.search(before):
        return (
            "attacks_they_serve"  # "hideouts used for cross-border attacks on Chitral": other attacks' place
        )
    return None


def _speaker_place_before(before: str) -> bool:
    """`_SPEAKER_PLACE_BEFORE.search(before)` found something (the rule has no `requires` gate),
    unless the noun it read is where fire struck (where_it_fell)."""
    if _WHERE_IT_FELL.search(before):
        return False
    scan = _SPEAKER_PLACE_ANCHORED.scan(before, gate_text(before))
    return scan.search(_SPEAKER_PLACE_BEFORE_RULE) is not None


def _locative(window: str) -> bool:
    """`_LOCATIVE_BEFORE.search(window)` finds something; most windows end in a sure ending."""
    return window.endswith(_SURELY_LOCATIVE) or _LOCATIVE_BEFORE.search(window) is not None


# rejections decided in code rather than by one rule of places.yaml
CODE_REJECTIONS = ("country_or_boundary", "abroad", "not_locative")


def mention_rejection(m: Any, sentence: Sentence) -> str | None:
    """The name of the rule that rejects a mention as an event place (a places.yaml rule or one of
    CODE_REJECTIONS; other gazetteer roles give `gazetteer_role_<role>`), None if it is usable."""
    place = m.place
    if place is None or place.kind in ("country", "boundary"):
        return "country_or_boundary"
    if place.country not in ("AF", "PK", None):
        return "abroad"  # Doha, New Delhi, Moscow: talks and visits, never a Durand Line incident
    rel_start = m.start - sentence.start
    rel_end = m.end - sentence.start
    before = sentence.text[max(0, rel_start - 60) : rel_start]
    after = sentence.text[rel_end : rel_end + 40]
    rejected = _speaker_rejection(m, before, after, sentence.text[rel_end : rel_end + 160])
    if rejected is not None:
        return rejected
    # a locative phrase right before the name settles it; only otherwise is the list read
    if not _locative(before[-60:]):
        # the list's head may stand further back than the 60 characters before this item
        window = sentence.text[max(0, rel_start - 120) : rel_start]
        head = _list_head(window)
        from_range = bool(_FROM_BEFORE.search(head)) and bool(_TO_AFTER.match(after))
        # "Across the border, the Kharlachi crossing ... was closed": a crossing named as such is
        # a place wherever it stands in the clause (it cannot be a government or a speaker's seat)
        named_crossing = (
            place.kind == "crossing" and _CROSSING_WORD.search(m.text) and _THE_BEFORE.search(before)
        )
        # the same window when no list stands before the name: searched once already
        locative_head = head != window and _locative(head[-60:])
        if not from_range and not named_crossing and not locative_head:
            return "not_locative"
    if _POSSESSIVE_GOVERNMENT.match(after):
        return "possessive_government"  # "Islamabad's narrative": a government
    if place.name in CAPITALS:
        # "between Islamabad and Kabul", "Islamabad and Kabul": governments, not places
        if _CAPITALS_PAIR_BEFORE.search(before):
            return "capitals_pair_before"
        if _CAPITALS_PAIR_AFTER.match(after):
            return "capitals_pair_after"
    return None


def find_places(doc: DocumentState) -> None:
    """The gazetteer's mentions per sentence: usable as event places, on the boundary, and all."""
    sents = doc.sents
    try:
        mentions = list(doc.gazetteer.find_mentions(doc.article.body))
    except Exception:
        mentions = []
    doc.place_mentions = {s.index: [] for s in sents}
    doc.boundary_mentions = {s.index: [] for s in sents}
    doc.all_mentions = {s.index: [] for s in sents}  # also those not usable as event places
    starts = [s.start for s in sents]
    for m in mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        if i < 0:
            continue
        s = sents[i]
        if not (s.start <= m.start and m.end <= s.end):
            continue
        doc.all_mentions[s.index].append(m)
        if getattr(m, "role", "place") == "boundary" or (m.place is not None and m.place.kind == "boundary"):
            doc.boundary_mentions[s.index].append(m)
            doc.note(s.index, "place", m.text, "boundary", "the border line")
            continue
        rejected = mention_rejection(m, s)
        if rejected is None:
            doc.place_mentions[s.index].append(m)
            doc.note(s.index, "place", m.text, "usable", _place_label(m.place))
        else:
            doc.note(s.index, "rejected", m.text, rejected, _place_label(m.place))


def _place_label(place: Place | None) -> str:
    return "" if place is None else f"{place.name} ({place.kind}, {place.country or '-'})"


def durand_place(gazetteer: Any, boundary_mentions: list[Any]) -> Place:
    for m in boundary_mentions:
        if m.place is not None and m.place.kind == "boundary":
            return m.place
    for name in ("Durand Line", "durand line"):
        try:
            for p in gazetteer.lookup(name):
                if p.kind == "boundary":
                    return p
        except Exception:
            pass
    return DURAND_LINE
