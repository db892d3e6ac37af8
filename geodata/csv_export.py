"""Incidents -> a CSV that drops into ACLED-style workflows: one row per incident, all source
URLs, UTF-8 with a byte-order mark (spreadsheet programs read curly quotes and Pashto names
right), casualty figures per claimant with their low / high range (geodata.casualties).

ACLED's column names where they fit (event_date, event_type, sub_event_type, actor1, actor2,
admin1, admin2, location, latitude, longitude, geo_precision, source, notes, fatalities), the
project's own columns after them (UCDP location precision, claims, verification, URLs).
`fatalities` is the lowest claimed death toll (ACLED codes the most conservative figure); it is
empty, not 0, when no claimant gives a number. `event_group` ties the rows of one multi-place event
("fighting at Torkham and Chaman"): a toll stated for the event as a whole is on each of its rows,
so sum fatalities over groups, not rows.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Mapping
from typing import TextIO

from . import casualties
from .export import _csv_cell, evidence_text
from .model import unlisted_area_id

BOM = "\ufeff"
TARGET_PREFIX = "target: "

# event type -> (ACLED event_type, sub_event_type)
ACLED_TYPES: dict[str, tuple[str, str]] = {
    "armed_clash": ("Battles", "Armed clash"),
    "airstrike": ("Explosions/Remote violence", "Air/drone strike"),
    "drone_strike": ("Explosions/Remote violence", "Air/drone strike"),
    "artillery_shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "post_captured_or_destroyed": ("Battles", "Post captured or destroyed"),
    "crossing_closed": ("Strategic developments", "Border crossing closed"),
    "crossing_reopened": ("Strategic developments", "Border crossing reopened"),
    "other": ("Strategic developments", "Other"),
}
DATE_PRECISION_CODES = {
    "day": 1,
    "week": 2,
    "month": 3,
    "year": 3,
}  # ACLED time_precision (3: a month or wider)

COLUMNS = (
    "event_id",
    "event_date",
    "event_date_end",
    "time_precision",
    "event_type",
    "sub_event_type",
    "durand_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "location_precision_ucdp",
    "source",
    "source_urls",
    "notes",
    "fatalities",
    "killed_low",
    "killed_high",
    "killed_best",
    "killed_by_claimant",
    "wounded_low",
    "wounded_high",
    "wounded_best",
    "wounded_by_claimant",
    "claims",
    "verification",
    "mention",
    "event_group",
)


def geo_precision(ucdp: object) -> int | str:
    """UCDP where_prec (1-7) -> ACLED geo_precision (1 town, 2 near a town / part of a district,
    3 larger region); '' for unknown."""
    if not isinstance(ucdp, int):
        return ""
    if ucdp == 1:
        return 1
    if ucdp == 2:
        return 2
    return 3 if ucdp <= 6 else ""


def actor_pair(actors: Iterable[object]) -> tuple[str, str]:
    """(actor1, actor2): who acted, and who was targeted ("target: X" names X as actor2)."""
    acting = [str(a) for a in actors if isinstance(a, str) and not a.startswith(TARGET_PREFIX)]
    targets = [a[len(TARGET_PREFIX) :] for a in actors if isinstance(a, str) and a.startswith(TARGET_PREFIX)]
    actor1 = acting[0] if acting else ""
    actor2 = targets[0] if targets else (acting[1] if len(acting) > 1 else "")
    return actor1, actor2


@functools.lru_cache(maxsize=1)
def _admin2_by_place() -> dict[str, str]:
    """Gazetteer place id -> district name (admin2), where the gazetteer gives one."""
    from .gazetteer import DEFAULT_PATH, read_gazetteer_file

    try:
        rows = read_gazetteer_file(DEFAULT_PATH)["places"]
    except Exception:  # noqa: BLE001 - admin2 is optional: empty rather than no CSV
        return {}
    out = {}
    for row in rows:
        admin2 = row.get("admin2") or (row.get("name") if row.get("kind") == "district" else None)
        if admin2:
            out[str(row["id"])] = str(admin2)
    return out


def admin2_of(place_id: object) -> str:
    """The district of a gazetteer place, or of the area an unlisted village was placed in."""
    return _admin2_by_place().get(unlisted_area_id(place_id) or str(place_id), "")


def _claims_text(claims: Iterable[Mapping]) -> str:
    parts = []
    for c in claims:
        if c.get("quantity") is None:
            parts.append(f"{c.get('claimant')}: {c.get('statement')}")
        else:
            words = [c.get("hedge"), f"{c['quantity']:g}", c.get("unit"), c.get("subject")]
            parts.append(f"{c.get('claimant')}: " + " ".join(str(w) for w in words if w))
    return " | ".join(parts)


def _by_claimant_text(items: Iterable[Mapping]) -> str:
    return "; ".join(
        f"{i['claimant']}{' (' + i['side'] + ')' if i.get('side') else ''}: "
        f"{(i['hedge'] + ' ') if i.get('hedge') else ''}{i['quantity']}"
        for i in items
    )


def row(feature: Mapping) -> list:
    p = feature.get("properties") or {}
    coords = (feature.get("geometry") or {}).get("coordinates") or [None, None]
    event_type = str(p.get("event_type") or "other")
    acled_type, sub_type = ACLED_TYPES.get(event_type, ("", event_type))
    actor1, actor2 = actor_pair(p.get("actors") or ())
    sources = [s for s in p.get("sources") or () if isinstance(s, Mapping)]
    figures = casualties.summary(p.get("claims") or (), casualties.outlets_of(sources))
    killed, wounded = figures["killed"], figures["wounded"]
    blank = lambda v: "" if v is None else v  # noqa: E731
    return [
        p.get("id") or feature.get("id") or "",
        blank(p.get("date")),
        blank(p.get("date_end")),
        DATE_PRECISION_CODES.get(str(p.get("date_precision")), ""),
        acled_type,
        sub_type,
        event_type,
        actor1,
        actor2,
        blank(p.get("country")),
        blank(p.get("admin1")),
        admin2_of(p.get("place_id")),
        blank(p.get("place")),
        blank(coords[1]),
        blank(coords[0]),
        geo_precision(p.get("location_precision")),
        blank(p.get("location_precision")),
        "; ".join(dict.fromkeys(str(s.get("outlet") or "unknown outlet") for s in sources)),
        " ".join(dict.fromkeys(str(s["url"]) for s in sources if s.get("url"))),
        " | ".join(evidence_text(s) for s in sources),
        blank(killed["low"]),
        blank(killed["low"]),
        blank(killed["high"]),
        blank(killed["best"]),
        _by_claimant_text(killed["by_claimant"]),
        blank(wounded["low"]),
        blank(wounded["high"]),
        blank(wounded["best"]),
        _by_claimant_text(wounded["by_claimant"]),
        _claims_text(c for c in p.get("claims") or () if isinstance(c, Mapping)),
        blank(p.get("verification")),
        blank(p.get("mention")),
        blank(p.get("group")),
    ]


def write_csv(features: Iterable[Mapping], out: TextIO) -> int:
    """Write the BOM, the header and one row per incident to a text file opened with
    newline="" (UTF-8). Returns the number of rows."""
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for feature in features:
        writer.writerow([_csv_cell(str(v)) for v in row(feature)])
        count += 1
    return count
