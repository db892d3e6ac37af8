"""Gold records (tests/data/GOLD_FORMAT.md, schema_version 1) and the reading of article files.

The dataclasses here are what `schema.load_gold` builds from a gold YAML file; the constants are the
enumerations and tolerances the format fixes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from ..model import EVENT_TYPES

# The field `GoldIncident.date` shadows the type inside the class body; annotations there use this.
Date = date

__all__ = ["EVENT_TYPES"]

# Gold dates are never "unknown": a date the text does not give is annotated to the year.
GOLD_DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year")
MENTIONS: tuple[str, ...] = ("primary", "background")
SCOPES: tuple[str, ...] = ("core", "peripheral")
LOCATION_PRECISIONS: tuple[str, ...] = ("exact point", "town", "district", "province", "region", "none")
COORD_TAGS: tuple[str, ...] = ("GEONAMES", "CROSSINGS", "ADM2", "WIKIPEDIA", "COMPUTED", "APPROX", "NONE")

# GOLD_FORMAT sections 7.3 and 9.2: recommended tolerances.
DATE_TOLERANCE_DAYS: dict[str, int] = {"day": 1, "week": 7, "month": 31, "year": 366}
DISTANCE_TOLERANCE_KM: dict[str, float] = {
    "exact point": 5.0,
    "town": 15.0,
    "district": 40.0,
    "province": 150.0,
    "region": 300.0,
}
# Rough bounding box of the project area (GOLD_FORMAT rule 6): outside it is only a warning.
PROJECT_LAT = (24.0, 38.0)
PROJECT_LON = (60.0, 75.0)

ARTICLE_SUFFIXES = (".md", ".txt")
ARTICLE_KEYS_REQUIRED = ("article", "outlet", "published", "text_complete", "negative", "incidents")
INCIDENT_KEYS_REQUIRED = (
    "article",
    "id",
    "type",
    "date",
    "date_precision",
    "date_basis",
    "mention",
    "scope",
    "places",
    "canonical_place",
    "lat",
    "lon",
    "coord_source",
    "location_precision",
    "actors",
    "claims",
)


# ---------------------------------------------------------------------------------------------
# Gold records


@dataclass(frozen=True)
class GoldIncident:
    article: str
    id: str
    type: str
    date: Date
    date_end: Date
    date_precision: str
    date_basis: str
    mention: str
    scope: str
    places: tuple[str, ...]
    canonical_place: str
    lat: float | None
    lon: float | None
    coord_source: str
    location_precision: str
    actors: tuple[str, ...] = ()
    claims: tuple[str, ...] = ()
    alt_types: tuple[str, ...] = ()
    group: str | None = None
    coord_uncertainty_km: float | None = None
    claims_scope: str | None = None
    notes: str = ""

    @property
    def located(self) -> bool:
        return self.point is not None

    @property
    def point(self) -> tuple[float, float] | None:
        """(lat, lon) when the incident is located."""
        if self.location_precision == "none" or self.lat is None or self.lon is None:
            return None
        return self.lat, self.lon


@dataclass(frozen=True)
class GoldArticle:
    id: str
    outlet: str
    published: str | None
    text_complete: bool
    negative: bool
    incidents: tuple[GoldIncident, ...]
    body: str
    path: str
    notes: str = ""


@dataclass(frozen=True)
class GoldSet:
    path: str
    articles_dir: str
    articles: dict[str, GoldArticle]
    warnings: tuple[str, ...] = ()

    @property
    def incidents(self) -> list[GoldIncident]:
        return [inc for art in self.articles.values() for inc in art.incidents]

    def __len__(self) -> int:
        return len(self.articles)


class GoldError(ValueError):
    """The gold file breaks the format; `errors` lists every problem found."""

    def __init__(self, path: str | Path, errors: Sequence[str]):
        self.path = str(path)
        self.errors = list(errors)
        shown = "\n  ".join(self.errors[:50])
        more = f"\n  ... and {len(self.errors) - 50} more" if len(self.errors) > 50 else ""
        super().__init__(f"{self.path}: {len(self.errors)} gold format error(s):\n  {shown}{more}")


# ---------------------------------------------------------------------------------------------
# Reading


def read_article_file(path: str | Path) -> tuple[dict, str]:
    """(front matter, body) as GOLD_FORMAT section 1.2 specifies (reference parser)."""
    raw = Path(path).read_text(encoding="utf-8")
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    if not raw.startswith("---\n"):
        return {}, raw
    end = raw.find("\n---\n", 3)
    if end == -1:
        if raw.endswith("\n---"):
            meta = yaml.safe_load(raw[4 : len(raw) - 4]) or {}
            return (meta if isinstance(meta, dict) else {}), ""
        return {}, raw
    meta = yaml.safe_load(raw[4:end]) or {}
    return (meta if isinstance(meta, dict) else {}), raw[end + 5 :]


def find_article_file(articles_dir: str | Path, article_id: str) -> Path | None:
    for suffix in ARTICLE_SUFFIXES:
        candidate = Path(articles_dir) / f"{article_id}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def iso_date(value: object) -> str | None:
    """A YAML date/datetime or a 'YYYY-MM-DD' string as 'YYYY-MM-DD'; None if neither."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return None


def as_date(value: object) -> date | None:
    text = iso_date(value)
    return date.fromisoformat(text) if text else None


def coord_tag(coord_source: str) -> str | None:
    match = re.match(r"\s*([A-Z][A-Z0-9_]*)\b", coord_source)
    return match.group(1) if match else None


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
