"""Districts named in another spelling (the `spellings` pass, after `places`).

Pashto and Dari names reach English in many transliterations ("Spera", "Spura", "Spurra";
"Gurbuz", "Gorbz"). A capitalised name followed by "district" that the gazetteer does not know is
read by its consonants (`placename.spelling_skeleton`) among the gazetteer's districts: the
district is a place of the sentence when exactly one district fits, in a province the article
names if it names any. The cue word is required, so free text is never matched this loosely.
"""

from __future__ import annotations

from ..place_cues import PlaceMention
from ..rules import rule
from .places import mention_rejection
from .state import DocumentState

_AREA_NAMED = rule("area_named").regex  # shared with the localities pass
_DISTRICT = "district"


def _provinces_named(doc: DocumentState) -> set[str]:
    return {
        m.place.name
        for mentions in doc.all_mentions.values()
        for m in mentions
        if m.place is not None and m.place.kind == "province"
    }


def find_district_spellings(doc: DocumentState) -> None:
    """Adds each district named in an unlisted spelling to its sentence's mentions."""
    spelt_like = getattr(doc.gazetteer, "areas_spelt_like", None)
    if spelt_like is None:  # a gazetteer without areas (a test double, a custom one)
        return
    provinces: set[str] | None = None
    for s in doc.sents:
        if _DISTRICT not in s.text.lower():
            continue  # no match below can name a district: its cue word lower-cases to this
        mentions = doc.all_mentions.get(s.index, [])
        for match in _AREA_NAMED.finditer(s.text):
            if match.group("name") is None or match.group("cue").lower() != _DISTRICT:
                continue
            start, end = s.start + match.start("name"), s.start + match.end()
            if any(m.start < end and start < m.end for m in mentions):
                continue  # the gazetteer knows the name (or a part of it)
            fits = spelt_like(match.group("name"))
            provinces = _provinces_named(doc) if provinces is None else provinces
            if provinces:  # "the Maiwand district of Kandahar province": only Kandahar's districts
                fits = [p for p in fits if p.admin1 in provinces]
            if len(fits) != 1:
                continue
            mention = PlaceMention(
                start, end, s.text[match.start("name") : match.end()], fits[0], 1.0, "place", "district"
            )
            rejected = mention_rejection(mention, s)
            doc.all_mentions[s.index] = sorted([*mentions, mention], key=lambda m: m.start)
            mentions = doc.all_mentions[s.index]
            if rejected is None:
                doc.place_mentions[s.index] = sorted(
                    [*doc.place_mentions[s.index], mention], key=lambda m: m.start
                )
                doc.note(s.index, "place", mention.text, "district_by_spelling", f"{fits[0].name} (district)")
            else:
                doc.note(
                    s.index, "rejected", mention.text, rejected, f"{fits[0].name} (district, by spelling)"
                )
