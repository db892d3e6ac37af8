"""What the words around a place name say: feature cues ("district"), speaker and government uses
("Kabul said"), physical nouns, and the place mention record the finder returns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import rules
from .model import Place

# ---------------------------------------------------------------------------------------------
# Mentions


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str  # text[start:end] of the original string
    place: Place
    score: float
    role: str  # "place" | "speaker" | "boundary"
    cue: str | None  # "district", "province", "crossing", "pass", "valley", "city", "region" or None


_CUE_WORDS = {
    "district": "district",
    "districts": "district",
    "agency": "district",
    "tehsil": "district",
    "province": "province",
    "provinces": "province",
    "crossing": "crossing",
    "crossings": "crossing",
    "border crossing": "crossing",
    "border point": "crossing",
    "gate": "crossing",
    "border": "crossing",
    "pass": "pass",
    "valley": "valley",
    "city": "city",
    "town": "city",
    "region": "region",
}
_CUE_AFTER = re.compile(
    r"^[ \t]+(border crossing|border point|district|districts|agency|tehsil|province|provinces|crossing|crossings|gate|pass|valley|city|town|region)\b",
    re.I,
)
# "district of X"; and "District X", "Tehsil X" as Pakistani official usage writes them (capitalised)
_CUE_BEFORE = re.compile(
    r"\b(?:(province|district|city|town|valley|region) of|(?-i:(District|Province|Tehsil|Agency)))[ \t]+$",
    re.I,
)
# "the Spin Boldak district of Kandahar": after a named district, "of" names its province
_PROVINCE_OF_NAMED_DISTRICT = re.compile(
    r"(?-i:[A-Z])[\w'’-]*[ \t]+(?:tribal[ \t]+)?(?:district|tehsil|agency)[ \t]+of[ \t]+(?:the[ \t]+)?$", re.I
)
_NO_EXTEND = {"districts", "provinces", "crossings"}
_CUE_COMPAT = {
    "district": {"district"},
    "province": {"province"},
    "crossing": {"crossing"},
    "pass": {"pass", "crossing"},
    "valley": {"region", "district"},
    "city": {"populated_place"},
    "region": {"region"},
}
_KIND_PRIOR = {
    "populated_place": 0.2,
    "crossing": 0.12,
    "district": 0.1,
    "pass": 0.08,
    "province": 0.05,
    "region": 0.0,
    "country": 0.0,
    "boundary": 0.0,
}
_MATCH_BASE = (1.0, 0.85, 0.75)  # primary name, alias, generated variant

# "Kabul demanded", "Islamabad has also condemned": a government verb after the name (speech.yaml)
_SPEAKER_AFTER = re.compile(
    r"^[ \t]*(?:(?:has|have|had|is|was|were|been|will|would|also|again|long|then|now|too|itself|has also|had also|"
    r"on \w+day)[ \t]+)*(?:\w+ly[ \t]+)?" + rules.macro("actor_verb_stem"),
    re.I,
)
# "Islamabad shut the crossing": a government's deed, unless a place preposition comes before
_DEED_AFTER = re.compile(
    r"^[ \t]*(?:(?:has|have|had|also|again|then|now|itself)[ \t]+)*(?:\w+ly[ \t]+)?"
    + rules.macro("actor_deed_stem"),
    re.I,
)
_PLACE_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|on|at|near|over|into|across|of|from|to|around|outside|inside)\s+$", re.I
)
_POSSESSIVE = re.compile(r"^['’]s?[ \t]+([A-Za-z-]+)(?:[ \t]+([A-Za-z-]+))?")
_GOV_NOUNS = {
    "government",
    "govt",
    "ministry",
    "foreign",
    "defence",
    "defense",
    "military",
    "army",
    "armed",
    "air",
    "security",
    "intelligence",
    "leadership",
    "leaders",
    "officials",
    "authorities",
    "embassy",
    "envoy",
    "ambassador",
    "narrative",
    "allegations",
    "allegation",
    "claims",
    "claim",
    "position",
    "stance",
    "policy",
    "assertion",
    "interior",
    "information",
    "prime",
    "president",
    "national",
    "spokesman",
    "spokesperson",
    "regime",
    "administration",
    "rulers",
    "establishment",
    "top",
    "chief",
    "acting",
    "caretaker",
    "taliban",
    "mission",
    "delegation",
    "cabinet",
    "parliament",
    "senate",
    "accusations",
    "accusation",
    "response",
    "decision",
    "demand",
    "demands",
    "warning",
    "statement",
    "engagement",
    "diplomatic",
    "strategic",
    "request",
    "refusal",
    "denial",
    "retaliation",
    "offensive",
    "aggression",
    "airstrike",
    "airstrikes",
    "strikes",
    "forces",
    "troops",
    "approach",
    "support",
    "influence",
    "outreach",
    "relations",
    "ties",
}
_PHYSICAL_NOUNS = {
    "streets",
    "street",
    "outskirts",
    "suburbs",
    "suburb",
    "airport",
    "neighbourhood",
    "neighbourhoods",
    "neighborhood",
    "neighborhoods",
    "residents",
    "city",
    "centre",
    "center",
    "hospitals",
    "hospital",
    "district",
    "districts",
    "eastern",
    "western",
    "northern",
    "southern",
    "east",
    "west",
    "north",
    "south",
    "old",
    "main",
    "population",
    "skyline",
    "markets",
    "market",
    "roads",
    "road",
    "university",
    "police",
    "province",
    "people",
    "citizens",
    "area",
    "areas",
    "mosques",
    "mosque",
    "schools",
    "green",
    "red",
}
_SPEAKER_BEFORE = re.compile(
    r"(?:\bbetween|\baccus\w*|\burg\w*|\bwarn\w*|\bpress\w*|\bby|\bblam\w*|\b(?:relations|ties|talks|tensions|dialogue|rift)\s+with)[ \t]+$",
    re.I,
)
_RELATIONS_AFTER = re.compile(
    r"^(?:[ \t]*[-–—][ \t]*[A-Z][\w’']*(?:[ \t]+[A-Z][\w’']*)?)?[ \t]+(?:relations|ties|talks|rift|dialogue)\b"
)


@dataclass
class _KeyInfo:
    candidates: list[tuple[str, int]]  # (place id, match type index into _MATCH_BASE)
    mode: str  # "lower" | "cap" | "acronym"
    strict: bool
    block: bool


def _form_mode(form: str) -> str:
    letters = [c for c in form if c.isalpha()]
    if not letters:
        return "lower"
    if len(letters) >= 2 and all(c.isupper() for c in letters) and len(letters) <= 6:
        return "acronym"
    return "cap" if letters[0].isupper() else "lower"


_MODE_RANK = {"lower": 0, "cap": 1, "acronym": 2}
