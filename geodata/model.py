"""The records every stage passes on: articles in, incident claims out.

These dataclasses are the contract between the pipeline stages (articles -> places -> events ->
merge -> export) and the dashboard. They hold plain values only (str, int, float, date, tuples),
so they pickle for multiprocessing and compare by value for deterministic output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# The field `Incident.date` shadows the type inside the class body; annotations there use this name.
Date = date

EVENT_TYPES: tuple[str, ...] = (
    "armed_clash",
    "airstrike",
    "drone_strike",
    "artillery_shelling",
    "post_captured_or_destroyed",
    "crossing_closed",
    "crossing_reopened",
    "other",
)

# Event-type groups, named once so every stage means the same set.
# Violent: fighting with weapons between the sides (the events casualty figures belong to).
VIOLENT_TYPES: tuple[str, ...] = ("armed_clash", "airstrike", "drone_strike", "artillery_shelling")
# Crossing: the state of a border crossing, not a violent event.
CROSSING_TYPES: tuple[str, ...] = ("crossing_closed", "crossing_reopened")
# Post: a border post captured or destroyed (figures in posts, not people).
POST_TYPES: tuple[str, ...] = ("post_captured_or_destroyed",)

EVENT_LABELS: dict[str, str] = {
    "armed_clash": "Armed clash",
    "airstrike": "Airstrike",
    "drone_strike": "Drone strike",
    "artillery_shelling": "Artillery / shelling",
    "post_captured_or_destroyed": "Post captured or destroyed",
    "crossing_closed": "Crossing closed",
    "crossing_reopened": "Crossing reopened",
    "other": "Other",
}

DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year", "unknown")

# UCDP GED `where_prec` codes.
LOCATION_PRECISION_LABELS: dict[int, str] = {
    1: "exact place",
    2: "within ~25 km of a named place",
    3: "district",
    4: "province",
    5: "along a line (border or between places)",
    6: "country",
    7: "unknown",
}

# UCDP's code 5 also covers "a part of a country": a region ("eastern Afghanistan") has a
# representative point of a wide area, never a line nor a town
REGION_PRECISION_LABEL = "region, part of a country (representative point)"


# The same codes in a word or two, for a narrow table column
LOCATION_PRECISION_SHORT: dict[int, str] = {
    1: "exact", 2: "≤ 25 km", 3: "district", 4: "province", 5: "on a line", 6: "country", 7: "unknown",
}  # fmt: skip


def location_precision_short(precision: object, place_kind: object) -> str:
    """'district', 'on a line', 'region' (a region's code 5): `location_precision_label` short."""
    if precision == 5 and place_kind == "region":
        return "region"
    return LOCATION_PRECISION_SHORT.get(precision, "unknown") if isinstance(precision, int) else "unknown"


def location_precision_label(precision: int, place_kind: str | None) -> str:
    """The label of a precision code; a region's code 5 reads as a region, not as a line."""
    if precision == 5 and place_kind == "region":
        return REGION_PRECISION_LABEL
    return LOCATION_PRECISION_LABELS.get(precision, "unknown")


VERIFICATION_STATES: tuple[str, ...] = ("single_source", "corroborated", "contested")

PLACE_KINDS: tuple[str, ...] = (
    "populated_place",
    "province",
    "district",
    "crossing",
    "pass",
    "region",
    "boundary",
    "country",
)


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    id: str
    name: str
    kind: str  # one of PLACE_KINDS
    country: str | None  # "AF", "PK", other ISO2, or None (the boundary itself)
    admin1: str | None = None  # province name
    admin2: str | None = None  # district name
    lat: float | None = None
    lon: float | None = None
    precision: int = 1  # default UCDP where_prec when an event is put here
    aliases: tuple[str, ...] = ()
    population: int = 0
    source: str = ""
    licence: str = ""


# A village the gazetteer lacks, placed at the area the text names with it (extraction/localities.py):
# its place id is "unlisted:<area id>:<name slug>", so exports can name the area without the pipeline
UNLISTED_ID_PREFIX = "unlisted:"


def unlisted_area_id(place_id: object) -> str | None:
    """The id of the area an unlisted village was placed at, or None for a gazetteer place."""
    key = str(place_id)
    return key[len(UNLISTED_ID_PREFIX) :].rsplit(":", 1)[0] if key.startswith(UNLISTED_ID_PREFIX) else None


@dataclass(frozen=True)
class Article:
    """A loaded article file. `problems` lists what was wrong but still usable."""

    id: str
    path: str
    title: str
    outlet: str
    url: str | None
    published: date | None
    body: str
    published_basis: str | None = None  # for humans only; the pipeline must not use it
    published_source: str = "front_matter"  # front_matter | text | edition_line | page | unknown
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    article: str
    title: str
    outlet: str
    url: str | None
    published: str | None  # YYYY-MM-DD
    quote: str  # the evidence sentence, verbatim
    # the sentence that names the place, verbatim, when `quote` does not ("Authorities closed the
    # crossing" after a sentence about Torkham): the reader sees where the place came from
    place_quote: str | None = None


@dataclass(frozen=True)
class Claim:
    claimant: str  # "Afghan Taliban (Defence Ministry)", "ISPR", "Article"
    statement: str  # the sentence or clause the claim comes from
    quantity: float | None = None
    unit: str | None = None  # killed, wounded, posts_captured, posts_destroyed, neutralised, ...
    subject: str | None = None  # "Pakistani soldiers"
    hedge: str | None = None  # "at least", "over", "unverified", ...
    article: str = ""
    side: str | None = None  # "AF", "PK", "independent" or None: which side's claim it is


@dataclass(frozen=True)
class Incident:
    """One event of one type at one place, as reported by one or more articles."""

    event_type: str
    date: Date | None
    date_end: Date | None
    date_precision: str
    place: Place | None
    place_mentions: tuple[str, ...]
    location_precision: int
    lat: float | None
    lon: float | None
    country: str | None  # AF, PK, or None for the border zone / unknown
    admin1: str | None
    actors: tuple[str, ...]
    claims: tuple[Claim, ...]
    sources: tuple[Source, ...]
    mention: str = "primary"  # primary | background
    verification: str = "single_source"
    group: str | None = None  # shared by the pieces of one multi-place event
    notes: tuple[str, ...] = field(default=())
