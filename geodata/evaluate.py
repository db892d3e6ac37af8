"""Score the pipeline against gold annotations (tests/data/GOLD_FORMAT.md, schema_version 1).

`load_gold(path, articles_dir)` reads a gold YAML file, checks every rule of GOLD_FORMAT section 11
against the article files and raises `GoldError` listing each problem with the article / incident
it concerns. `evaluate(gold, system, mentions)` scores per-article (pre-merge) system incidents and,
optionally, recognised toponym spans, following GOLD_FORMAT section 12:

* candidate pair: same article; system type in {type} + alt_types; system date within the
  precision tolerance (day 1, week 7, month 31, year 366 days) of [date, date_end]; when the gold
  has a location, distance <= max(precision tolerance, coord_uncertainty_km) (exact point 5,
  town 15, district 40, province 150, region 300 km), and province-level gold also accepts a system
  place naming the same province;
* one-to-one matching per article that maximises the number of pairs, ties broken by smaller date
  difference, then smaller distance, then exact type (Hungarian algorithm on integer costs);
* precision / recall / F1 for all incidents, primary-only, core-only, primary+core (the headline:
  peripheral incidents are excluded by default), by type and by location precision; group-level
  recall; negative articles; diagnostics of matched pairs; claim attribution; place recognition.

`add_arguments(parser)` / `run(args)` / `main(argv)` implement the command line
`python -m geodata evaluate --gold FILE --articles DIR [--json OUT]`. The pipeline modules are
imported inside `run()` only, so this module imports without them.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

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
DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year")
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
    date: date
    date_end: date
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
        return self.location_precision != "none" and self.lat is not None and self.lon is not None


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


def _iso(value: object) -> str | None:
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


def _as_date(value: object) -> date | None:
    text = _iso(value)
    return date.fromisoformat(text) if text else None


def _coord_tag(coord_source: str) -> str | None:
    match = re.match(r"\s*([A-Z][A-Z0-9_]*)\b", coord_source)
    return match.group(1) if match else None


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def load_gold(path: str | Path, articles_dir: str | Path) -> GoldSet:
    """Read and validate a gold file (GOLD_FORMAT section 11). Raises GoldError listing all errors."""
    path = Path(path)
    errors: list[str] = []
    warnings: list[str] = []
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(path, [f"cannot read file: {exc}"]) from exc
    except yaml.YAMLError as exc:
        raise GoldError(path, [f"not valid YAML: {exc}"]) from exc
    if not isinstance(doc, dict):
        raise GoldError(path, ["top level must be a mapping with schema_version and articles"])
    if doc.get("schema_version") != 1:
        errors.append(f"schema_version must be 1, got {doc.get('schema_version')!r}")
    entries = doc.get("articles")
    if not isinstance(entries, list):
        raise GoldError(path, errors + ["'articles' must be a list"])

    articles: dict[str, GoldArticle] = {}
    incident_ids: set[str] = set()
    for position, entry in enumerate(entries, 1):
        art = _load_article_entry(entry, position, articles_dir, articles, incident_ids, errors, warnings)
        if art is not None:
            articles[art.id] = art
    if errors:
        raise GoldError(path, errors)
    return GoldSet(
        path=str(path), articles_dir=str(articles_dir), articles=articles, warnings=tuple(warnings)
    )


def _load_article_entry(
    entry: object,
    position: int,
    articles_dir: str | Path,
    seen: dict[str, GoldArticle],
    incident_ids: set[str],
    errors: list[str],
    warnings: list[str],
) -> GoldArticle | None:
    if not isinstance(entry, dict):
        errors.append(f"articles[{position}]: must be a mapping")
        return None
    aid = entry.get("article")
    if not isinstance(aid, str) or not aid:
        errors.append(
            f"articles[{position}]: 'article' must be a non-empty quoted string (got {aid!r}); "
            "ids keep leading zeros, quote them"
        )
        return None
    where = f"article {aid}"
    n_errors = len(errors)
    for key in ARTICLE_KEYS_REQUIRED:
        if key not in entry:
            errors.append(f"{where}: missing required field '{key}'")
    if aid in seen:
        errors.append(f"{where}: appears more than once in the gold file")
    outlet = entry.get("outlet")
    if "outlet" in entry and not isinstance(outlet, str):
        errors.append(f"{where}: 'outlet' must be a string")
    for key in ("text_complete", "negative"):
        if key in entry and not isinstance(entry[key], bool):
            errors.append(f"{where}: '{key}' must be true or false, got {entry[key]!r}")
    published_raw = entry.get("published")
    published = _iso(published_raw)
    if published_raw is not None and published is None:
        errors.append(f"{where}: 'published' must be 'YYYY-MM-DD' or null, got {published_raw!r}")

    body = ""
    file = find_article_file(articles_dir, aid)
    if file is None:
        errors.append(f"{where}: no article file {aid}.md or {aid}.txt in {articles_dir}")
    else:
        try:
            meta, body = read_article_file(file)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            errors.append(f"{where}: cannot read article file {file}: {exc}")
            meta = {}
        else:
            fm_raw = meta.get("published")
            fm_published = _iso(fm_raw) if fm_raw not in (None, "") else None
            if fm_published != published:
                errors.append(
                    f"{where}: gold published {published!r} differs from the article front matter "
                    f"published {fm_published!r} ({file.name})"
                )

    raw_incidents = entry.get("incidents")
    incidents: list[GoldIncident] = []
    if raw_incidents is None:
        raw_incidents = []
    if not isinstance(raw_incidents, list):
        errors.append(f"{where}: 'incidents' must be a list")
        raw_incidents = []
    for index, raw in enumerate(raw_incidents, 1):
        inc = _load_incident(
            raw, aid, index, body if file is not None else None, incident_ids, errors, warnings
        )
        if inc is not None:
            incidents.append(inc)

    negative = entry.get("negative")
    if isinstance(negative, bool) and isinstance(entry.get("incidents"), list):
        if negative and raw_incidents:
            errors.append(f"{where}: negative is true but it has {len(raw_incidents)} incident(s)")
        if not negative and not raw_incidents:
            errors.append(
                f"{where}: incidents is empty but negative is false (must be true iff no incidents)"
            )

    _check_groups(aid, incidents, errors)
    if len(errors) > n_errors:
        return None
    return GoldArticle(
        id=aid,
        outlet=outlet,
        published=published,
        text_complete=entry["text_complete"],
        negative=negative,
        incidents=tuple(incidents),
        body=body,
        path=str(file),
        notes=str(entry.get("notes") or ""),
    )


def _load_incident(
    raw: object,
    aid: str,
    index: int,
    body: str | None,
    incident_ids: set[str],
    errors: list[str],
    warnings: list[str],
) -> GoldIncident | None:
    if not isinstance(raw, dict):
        errors.append(f"article {aid}, incident #{index}: must be a mapping")
        return None
    iid = raw.get("id")
    where = f"article {aid}, incident {iid if isinstance(iid, str) else '#' + str(index)}"
    n_errors = len(errors)
    for key in INCIDENT_KEYS_REQUIRED:
        if key not in raw:
            errors.append(f"{where}: missing required field '{key}'")

    # rule 2: ids and groups
    if raw.get("article") != aid:
        errors.append(f"{where}: 'article' is {raw.get('article')!r}, must equal the parent article {aid!r}")
    if not isinstance(iid, str) or not re.fullmatch(re.escape(aid) + r"-\d+", iid):
        errors.append(f"{where}: 'id' must look like \"{aid}-<n>\", got {iid!r}")
    elif iid in incident_ids:
        errors.append(f"{where}: id {iid} is used more than once in the file")
    else:
        incident_ids.add(iid)
    group = raw.get("group")
    if group is not None and (
        not isinstance(group, str) or not re.fullmatch(re.escape(aid) + r"-G\d+", group)
    ):
        errors.append(f"{where}: 'group' must look like \"{aid}-G<n>\", got {group!r}")

    # rule 3: types
    etype = raw.get("type")
    if etype not in EVENT_TYPES:
        errors.append(f"{where}: type {etype!r} is not one of {', '.join(EVENT_TYPES)}")
    alt = raw.get("alt_types", []) or []
    if not isinstance(alt, list):
        errors.append(f"{where}: alt_types must be a list")
        alt = []
    for alt_type in alt:
        if alt_type not in EVENT_TYPES:
            errors.append(f"{where}: alt_types entry {alt_type!r} is not an event type")
    if etype in alt:
        errors.append(f"{where}: alt_types must not contain the type itself ({etype})")
    if len(set(map(str, alt))) != len(alt):
        errors.append(f"{where}: alt_types has duplicates")

    # rule 4: dates and enumerations
    start = _as_date(raw.get("date"))
    if start is None:
        errors.append(f"{where}: date {raw.get('date')!r} is not a valid 'YYYY-MM-DD' date")
    end = start
    if raw.get("date_end") is not None:
        end = _as_date(raw.get("date_end"))
        if end is None:
            errors.append(f"{where}: date_end {raw.get('date_end')!r} is not a valid 'YYYY-MM-DD' date")
        elif start is not None and end < start:
            errors.append(f"{where}: date_end {end} is before date {start}")
    for key, allowed in (
        ("date_precision", DATE_PRECISIONS),
        ("mention", MENTIONS),
        ("scope", SCOPES),
        ("location_precision", LOCATION_PRECISIONS),
    ):
        if key in raw and raw.get(key) not in allowed:
            errors.append(f"{where}: {key} {raw.get(key)!r} is not one of {', '.join(allowed)}")
    if "date_basis" in raw and not isinstance(raw.get("date_basis"), str):
        errors.append(f"{where}: date_basis must be a string")

    # rule 5: places are verbatim substrings of the body
    places = raw.get("places")
    if "places" in raw and not _str_list(places):
        errors.append(f"{where}: places must be a list of strings")
        places = []
    places = places or []
    if body is not None:
        for place in places:
            if not place or place not in body:
                errors.append(f"{where}: place string {place!r} does not occur verbatim in the article body")
    if "canonical_place" in raw and not isinstance(raw.get("canonical_place"), str):
        errors.append(f"{where}: canonical_place must be a string")

    # rule 6: coordinates, precision and tag agree
    lat, lon = raw.get("lat"), raw.get("lon")
    precision = raw.get("location_precision")
    coord_source = raw.get("coord_source")
    tag = _coord_tag(coord_source) if isinstance(coord_source, str) else None
    if "coord_source" in raw:
        if not isinstance(coord_source, str) or tag is None:
            errors.append(
                f"{where}: coord_source must start with a tag ({', '.join(COORD_TAGS)}), got {coord_source!r}"
            )
        elif tag not in COORD_TAGS:
            warnings.append(f"{where}: coord_source tag {tag!r} is not one of {', '.join(COORD_TAGS)}")
    lat_null, lon_null = lat is None, lon is None
    if lat_null != lon_null:
        errors.append(f"{where}: lat and lon must both be null or both numbers (lat={lat!r}, lon={lon!r})")
    elif "lat" in raw and "lon" in raw:
        if lat_null:
            if precision != "none":
                errors.append(
                    f"{where}: lat/lon are null but location_precision is {precision!r} (must be 'none')"
                )
            if tag is not None and tag != "NONE":
                errors.append(f"{where}: lat/lon are null but the coord_source tag is {tag} (must be NONE)")
        else:
            if not (_is_number(lat) and _is_number(lon)):
                errors.append(f"{where}: lat/lon must be numbers, got {lat!r}, {lon!r}")
            else:
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    errors.append(f"{where}: lat/lon out of range: {lat}, {lon}")
                elif not (
                    PROJECT_LAT[0] <= lat <= PROJECT_LAT[1] and PROJECT_LON[0] <= lon <= PROJECT_LON[1]
                ):
                    warnings.append(
                        f"{where}: point {lat}, {lon} is outside the project area (24-38 N, 60-75 E)"
                    )
            if precision == "none":
                errors.append(f"{where}: location_precision is 'none' but lat/lon are given (must be null)")
            if tag == "NONE":
                errors.append(f"{where}: coord_source tag is NONE but lat/lon are given")
    if precision == "none" and tag is not None and tag != "NONE" and lat_null and lon_null:
        pass  # already reported above
    unc = raw.get("coord_uncertainty_km")
    if unc is not None and (not _is_number(unc) or unc <= 0):
        errors.append(f"{where}: coord_uncertainty_km must be a number > 0, got {unc!r}")
    if tag == "APPROX" and unc is None:
        errors.append(f"{where}: coord_source tag APPROX requires coord_uncertainty_km")

    # rule 7: claims and claims_scope
    claims = raw.get("claims")
    if "claims" in raw and not _str_list(claims):
        errors.append(f"{where}: claims must be a list of strings")
        claims = []
    for claim in claims or []:
        if ": " not in claim:
            errors.append(f"{where}: claim {claim!r} has no '<who>: ' prefix (': ' missing)")
        elif not claim.split(": ", 1)[0].strip():
            errors.append(f"{where}: claim {claim!r} has an empty <who>")
    claims_scope = raw.get("claims_scope")
    if claims_scope is not None:
        if group is None:
            errors.append(f"{where}: claims_scope is only allowed on group members (no group)")
        if claims_scope != "whole group":
            errors.append(f"{where}: claims_scope must be 'whole group', got {claims_scope!r}")
    actors = raw.get("actors")
    if "actors" in raw and not _str_list(actors):
        errors.append(f"{where}: actors must be a list of strings")
        actors = []

    if len(errors) > n_errors:
        return None
    return GoldIncident(
        article=aid,
        id=iid,
        type=etype,
        date=start,
        date_end=end,
        date_precision=raw["date_precision"],
        date_basis=raw["date_basis"],
        mention=raw["mention"],
        scope=raw["scope"],
        places=tuple(places),
        canonical_place=raw["canonical_place"],
        lat=None if lat is None else float(lat),
        lon=None if lon is None else float(lon),
        coord_source=coord_source,
        location_precision=precision,
        actors=tuple(actors or ()),
        claims=tuple(claims or ()),
        alt_types=tuple(alt),
        group=group,
        coord_uncertainty_km=None if unc is None else float(unc),
        claims_scope=claims_scope,
        notes=str(raw.get("notes") or ""),
    )


def _check_groups(aid: str, incidents: Sequence[GoldIncident], errors: list[str]) -> None:
    groups: dict[str, list[GoldIncident]] = defaultdict(list)
    for inc in incidents:
        if inc.group:
            groups[inc.group].append(inc)
    for gid, members in groups.items():
        if len(members) < 2:
            errors.append(
                f"article {aid}, group {gid}: has only one member ({members[0].id}); a group needs >= 2"
            )
            continue
        first = members[0]
        for other in members[1:]:
            for key in ("type", "date", "date_end", "mention", "scope"):
                if getattr(other, key) != getattr(first, key):
                    errors.append(
                        f"article {aid}, group {gid}: members {first.id} and {other.id} differ in {key} "
                        f"({getattr(first, key)} vs {getattr(other, key)})"
                    )


# ---------------------------------------------------------------------------------------------
# Geometry, names, numbers


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


_NAME_ALIASES = {
    "kpk": "khyber pakhtunkhwa",
    "kp": "khyber pakhtunkhwa",
    "nwfp": "khyber pakhtunkhwa",
    "khyber pakhtoonkhwa": "khyber pakhtunkhwa",
    "baluchistan": "balochistan",
    "khowst": "khost",
    "paktya": "paktia",
    "konar": "kunar",
    "nangrahar": "nangarhar",
    "kandahar province": "kandahar",
    "fata": "khyber pakhtunkhwa",
}
_ADMIN_SUFFIXES = re.compile(
    r"\b(province|provinces|district|districts|agency|tehsil|division|wilayat|woleswali)\b"
)


def _norm_name(name: str | None) -> str:
    if not name:
        return ""
    folded = _ADMIN_SUFFIXES.sub(" ", _fold(name))
    folded = re.sub(r"\s+", " ", folded).strip()
    return _NAME_ALIASES.get(folded, folded)


AF_PROVINCES = (
    "Badakhshan", "Badghis", "Baghlan", "Balkh", "Bamyan", "Daykundi", "Farah", "Faryab", "Ghazni",
    "Ghor", "Helmand", "Herat", "Jowzjan", "Kabul", "Kandahar", "Kapisa", "Khost", "Kunar", "Kunduz",
    "Laghman", "Logar", "Nangarhar", "Nimroz", "Nuristan", "Paktia", "Paktika", "Panjshir", "Parwan",
    "Samangan", "Sar-e Pol", "Takhar", "Uruzgan", "Wardak", "Zabul",
)  # fmt: skip
PK_PROVINCES = (
    "Khyber Pakhtunkhwa", "Balochistan", "Punjab", "Sindh", "Gilgit-Baltistan",
    "Islamabad Capital Territory", "Azad Kashmir",
)  # fmt: skip
_PROVINCE_COUNTRY = {_norm_name(p): "AF" for p in AF_PROVINCES} | {_norm_name(p): "PK" for p in PK_PROVINCES}
_COUNTRY_WORDS = {"afghanistan": "AF", "afghan": "AF", "pakistan": "PK", "pakistani": "PK"}


def gold_provinces(g: GoldIncident) -> set[str]:
    """Normalised province names the gold incident's canonical place and place strings mention."""
    found: set[str] = set()
    texts = [g.canonical_place, *g.places]
    for text in texts:
        folded = " " + _fold(text) + " "
        for alias, target in _NAME_ALIASES.items():
            if f" {alias} " in folded and target in _PROVINCE_COUNTRY:
                found.add(target)
        for province in _PROVINCE_COUNTRY:
            if f" {province} " in folded:
                found.add(province)
    return found


def gold_countries(g: GoldIncident) -> set[str]:
    countries = {_PROVINCE_COUNTRY[p] for p in gold_provinces(g)}
    for text in (g.canonical_place, *g.places):
        for word in _fold(text).split():
            if word in _COUNTRY_WORDS:
                countries.add(_COUNTRY_WORDS[word])
    return countries


def gold_districts(g: GoldIncident) -> set[str]:
    """Candidate district names: the first hierarchy segment of canonical_place and the places."""
    names: set[str] = set()
    for text in (g.canonical_place.split(",")[0], *g.places):
        name = _norm_name(re.sub(r"\(.*?\)", " ", text))
        if name and name not in _PROVINCE_COUNTRY and name not in _COUNTRY_WORDS:
            names.add(name)
    return names


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
_NUMBER_RE = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w.])\d+(?:\.\d+)?(?![\w])")


def numbers_in(text: str) -> set[float]:
    """Numbers written as digits ('1,200', '58') or simple words ('six') in a text."""
    values: set[float] = set()
    for match in _NUMBER_RE.finditer(text):
        try:
            values.add(float(match.group(0).replace(",", "")))
        except ValueError:
            pass
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _NUMBER_WORDS:
            values.add(float(_NUMBER_WORDS[word]))
    return values


_AF_STRONG = {
    "kabul", "taliban", "afghan", "afghanistan", "afghanistans", "emirate", "iea", "mujahid",
    "khowarazmi", "muttaqi",
}  # fmt: skip
_PK_STRONG = {"pakistan", "pakistani", "pakistans", "ispr", "islamabad", "rawalpindi", "fc", "dawar"}
_AF_WEAK = ("defence ministry", "defense ministry", "ministry of defence", "ministry of defense", "mod")
_PK_WEAK = ("military", "army", "troops", "security officials", "security sources", "security official")
_STOPWORDS = {
    "the", "a", "an", "of", "and", "in", "on", "for", "to", "by", "s", "its", "their", "said", "says",
    "according", "spokesman", "spokesperson", "official", "officials", "sources", "source", "statement",
    "incl", "including", "per", "reports", "report", "press", "conference", "unnamed", "anonymous",
}  # fmt: skip


def claimant_side(who: str) -> str | None:
    """'AF', 'PK' or None (independent, article's own voice, or both sides named)."""
    tokens = set(_fold(who).split())
    af, pk = bool(tokens & _AF_STRONG), bool(tokens & _PK_STRONG)
    if af and pk:
        # "Taliban police chief ... (Kabul)" vs "Pakistani ... (Taliban)": the first named wins
        first = next((t for t in _fold(who).split() if t in _AF_STRONG | _PK_STRONG), None)
        return "AF" if first in _AF_STRONG else "PK"
    if af:
        return "AF"
    if pk:
        return "PK"
    # the cited list of spokespeople (data/spokespeople.csv), by full name only: the gold is not
    # read through the fuzzy surname matching that the pipeline is scored on
    from .claims import known_person_by_full_name

    person = known_person_by_full_name(
        who
    )  # "Enayatullah Khwarazmi (Ministry of National Defense spokesman)"
    if person is not None and person.side in ("AF", "PK"):
        return person.side
    folded = " " + _fold(who) + " "
    if any(f" {w} " in folded for w in _AF_WEAK):
        return "AF"
    if any(f" {w} " in folded for w in _PK_WEAK):
        return "PK"
    return None


def _key_tokens(who: str) -> set[str]:
    return {t for t in _fold(who).split() if t not in _STOPWORDS and not t.isdigit()}


def claimants_compatible(gold_who: str, system_who: str, system_side: str | None = None) -> bool:
    """Same side (by key tokens: Kabul/Taliban/Afghan/defence ministry vs Pakistan/ISPR/military), or,
    when the gold claimant is on neither side ('Article', 'Local sources'), overlapping key tokens."""
    g_side = claimant_side(gold_who)
    s_side = system_side if system_side in ("AF", "PK") else claimant_side(system_who)
    if g_side in ("AF", "PK"):
        return s_side == g_side
    if s_side in ("AF", "PK"):
        return False
    g_tokens = _key_tokens(gold_who) or set(_fold(gold_who).split())
    s_tokens = _key_tokens(system_who) or set(_fold(system_who).split())
    if g_tokens & s_tokens:
        return True
    # singular/plural variants: "resident" ~ "residents", "local" ~ "locals"
    strip = lambda ts: {t.rstrip("s") for t in ts}  # noqa: E731
    return bool(strip(g_tokens) & strip(s_tokens))


def split_claim(claim: str) -> tuple[str, str]:
    who, _, what = claim.partition(": ")
    return who.strip(), what.strip()


def claim_matches(gold_claim: str, system_claim) -> bool:
    """A gold claim '<who>: <claim>' is found by a system Claim when the claimants are compatible
    and, if the gold claim has numbers, at least one of them is the system claim's quantity or
    appears in its statement."""
    who, what = split_claim(gold_claim)
    claimant = getattr(system_claim, "claimant", "") or ""
    if not claimants_compatible(who, claimant, getattr(system_claim, "side", None)):
        return False
    gold_numbers = numbers_in(what)
    if not gold_numbers:
        return True
    system_numbers = numbers_in(getattr(system_claim, "statement", "") or "")
    quantity = getattr(system_claim, "quantity", None)
    if quantity is not None:
        try:
            system_numbers.add(float(quantity))
        except (TypeError, ValueError):
            pass
    return bool(gold_numbers & system_numbers)


# ---------------------------------------------------------------------------------------------
# System incidents: tolerant accessors (the Incident dataclass of geodata.model, or look-alikes)


def _get(obj, name: str, default=None):
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _sys_type(s) -> str | None:
    return _get(s, "event_type") or _get(s, "type")


def _sys_dates(s) -> tuple[date | None, date | None]:
    start = _as_date(_get(s, "date"))
    end = _as_date(_get(s, "date_end")) or start
    if start is not None and end is not None and end < start:
        end = start
    return start, end


def _sys_point(s) -> tuple[float, float] | None:
    lat, lon = _get(s, "lat"), _get(s, "lon")
    if _is_number(lat) and _is_number(lon):
        return float(lat), float(lon)
    place = _get(s, "place")
    if place is not None and _is_number(_get(place, "lat")) and _is_number(_get(place, "lon")):
        return float(_get(place, "lat")), float(_get(place, "lon"))
    return None


def _sys_admin1(s) -> str:
    place = _get(s, "place")
    if place is not None:
        if _get(place, "kind") == "province":
            return _norm_name(_get(place, "name"))
        if _get(place, "admin1"):
            return _norm_name(_get(place, "admin1"))
    return _norm_name(_get(s, "admin1"))


def _sys_admin2(s) -> str:
    place = _get(s, "place")
    if place is None:
        return ""
    if _get(place, "kind") == "district":
        return _norm_name(_get(place, "name"))
    return _norm_name(_get(place, "admin2"))


def _sys_country(s) -> str | None:
    country = _get(s, "country")
    place = _get(s, "place")
    if not country and place is not None:
        country = _get(place, "country")
    return country.upper() if isinstance(country, str) and country else None


def _sys_place_texts(s) -> list[str]:
    texts = list(_get(s, "place_mentions", ()) or ())
    place = _get(s, "place")
    if place is not None:
        texts.append(_get(place, "name") or "")
        texts.extend(_get(place, "aliases", ()) or ())
    return [t for t in texts if t]


# ---------------------------------------------------------------------------------------------
# Candidate pairs and matching


@dataclass(frozen=True)
class Pair:
    gold: GoldIncident
    system_index: int
    type_exact: bool
    date_gap_days: int
    date_offset_days: int | None  # |system date - gold date|, None when the system has no date
    distance_km: float | None
    province_match: bool


def date_gap(g: GoldIncident, start: date | None, end: date | None) -> int | None:
    """Days between the system interval and the gold interval (0 when they overlap)."""
    if start is None:
        return None
    if end < g.date:
        return (g.date - end).days
    if start > g.date_end:
        return (start - g.date_end).days
    return 0


def candidate(
    g: GoldIncident, s, index: int, *, undated_precisions: Iterable[str] = ("year",)
) -> Pair | None:
    """The pair (g, s) if it is a candidate per GOLD_FORMAT section 12, else None."""
    stype = _sys_type(s)
    if stype != g.type and stype not in g.alt_types:
        return None
    start, end = _sys_dates(s)
    gap = date_gap(g, start, end)
    tolerance = DATE_TOLERANCE_DAYS[g.date_precision]
    if gap is None:
        if g.date_precision not in set(undated_precisions):
            return None
        gap = tolerance  # an undated system incident matches only gold the text does not date
    elif gap > tolerance:
        return None
    point = _sys_point(s)
    distance = None
    province_match = False
    if point is not None and g.located:
        distance = haversine_km(g.lat, g.lon, point[0], point[1])
    if g.location_precision != "none":
        limit = max(DISTANCE_TOLERANCE_KM[g.location_precision], g.coord_uncertainty_km or 0.0)
        ok = distance is not None and distance <= limit
        if not ok and g.location_precision == "province":
            admin1 = _sys_admin1(s)
            province_match = bool(admin1) and admin1 in gold_provinces(g)
            ok = province_match
        if not ok:
            return None
    return Pair(
        gold=g,
        system_index=index,
        type_exact=stype == g.type,
        date_gap_days=gap,
        date_offset_days=None if start is None else abs((start - g.date).days),
        distance_km=distance,
        province_match=province_match,
    )


def _pair_cost(pair: Pair) -> int:
    """Integer tie-break cost: date gap first, then distance (10 m steps), then alt type."""
    distance = 0 if pair.distance_km is None else min(int(round(pair.distance_km * 100)), 9_999_999)
    offset = 0 if pair.date_offset_days is None else min(pair.date_offset_days, 9_999)
    return ((pair.date_gap_days * 10_000 + offset) * 10_000_000 + distance) * 2 + (
        0 if pair.type_exact else 1
    )


def hungarian(cost: Sequence[Sequence[int]]) -> list[int]:
    """Minimum-cost assignment for an n x m matrix with n <= m; returns the column of each row."""
    n = len(cost)
    if n == 0:
        return []
    m = len(cost[0])
    assert n <= m
    inf = float("inf")
    u = [0] * (n + 1)
    v = [0] * (m + 1)
    p = [0] * (m + 1)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = -1
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    assignment = [-1] * n
    for j in range(1, m + 1):
        if p[j]:
            assignment[p[j] - 1] = j - 1
    return assignment


def match_article(
    gold: Sequence[GoldIncident], system: Sequence, *, undated_precisions: Iterable[str] = ("year",)
) -> list[Pair]:
    """Maximum one-to-one matching of candidate pairs, minimum tie-break cost among maximum ones."""
    undated = tuple(undated_precisions)
    table: dict[tuple[int, int], Pair] = {}
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            pair = candidate(g, s, si, undated_precisions=undated)
            if pair is not None:
                table[(gi, si)] = pair
    if not table:
        return []
    costs = {key: _pair_cost(pair) for key, pair in table.items()}
    # Forbidden pairs cost more than every candidate together, so the number of pairs comes first.
    big = (sum(costs.values()) + 1) * (len(gold) + len(system) + 1)
    transpose = len(gold) > len(system)
    rows, cols = (len(system), len(gold)) if transpose else (len(gold), len(system))
    matrix = [[costs.get((c, r) if transpose else (r, c), big) for c in range(cols)] for r in range(rows)]
    assignment = hungarian(matrix)
    pairs = []
    for r, c in enumerate(assignment):
        key = (c, r) if transpose else (r, c)
        if c >= 0 and key in table:
            pairs.append(table[key])
    pairs.sort(key=lambda p: p.gold.id)
    return pairs


# ---------------------------------------------------------------------------------------------
# Scoring


def prf(tp_gold: int, n_gold: int, tp_system: int, n_system: int) -> dict:
    precision = tp_system / n_system if n_system else None
    recall = tp_gold / n_gold if n_gold else None
    if precision is None or recall is None:
        f1 = None
    else:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold": n_gold,
        "system": n_system,
        "matched_gold": tp_gold,
        "matched_system": tp_system,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def _share(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _percentile(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


SLICES: dict[str, Callable[[GoldIncident], bool]] = {
    "all": lambda g: True,
    "primary": lambda g: g.mention == "primary",
    "core": lambda g: g.scope == "core",
    "primary_core": lambda g: g.mention == "primary" and g.scope == "core",
}


def evaluate(
    gold: GoldSet,
    system: Mapping[str, Sequence],
    mentions: Mapping[str, Sequence[tuple]] | None = None,
    *,
    undated_precisions: Iterable[str] = ("year",),
) -> dict:
    """Score system incidents (article id -> pre-merge incidents) and optional toponym spans
    (article id -> (start, end, text, lat, lon)) against the gold set. Articles not in the gold
    set are ignored; gold articles missing from `system` count as producing nothing.

    The headline slice is `core` (peripheral gold excluded); a system incident matched to gold
    outside a slice is neither a hit nor a false positive in that slice."""
    undated = tuple(undated_precisions)
    all_pairs: list[tuple[str, Pair]] = []
    system_by_article: dict[str, list] = {}
    for aid, art in gold.articles.items():
        incidents = list(system.get(aid, ()) or ())
        system_by_article[aid] = incidents
        for pair in match_article(art.incidents, incidents, undated_precisions=undated):
            all_pairs.append((aid, pair))
    gold_incidents = gold.incidents
    matched_gold = {pair.gold.id: (aid, pair) for aid, pair in all_pairs}
    matched_system = {(aid, pair.system_index): pair for aid, pair in all_pairs}
    n_system = sum(len(v) for v in system_by_article.values())

    def slice_scores(predicate: Callable[[GoldIncident], bool]) -> dict:
        in_slice = [g for g in gold_incidents if predicate(g)]
        tp = sum(1 for g in in_slice if g.id in matched_gold)
        excluded = sum(1 for pair in matched_system.values() if not predicate(pair.gold))
        return prf(tp, len(in_slice), tp, n_system - excluded)

    slices = {name: slice_scores(pred) for name, pred in SLICES.items()}

    by_type = {}
    for etype in EVENT_TYPES:
        gold_t = [g for g in gold_incidents if g.type == etype]
        sys_t = [
            (aid, i)
            for aid, incs in system_by_article.items()
            for i, s in enumerate(incs)
            if _sys_type(s) == etype
        ]
        if not gold_t and not sys_t:
            continue
        by_type[etype] = prf(
            sum(1 for g in gold_t if g.id in matched_gold),
            len(gold_t),
            sum(1 for key in sys_t if key in matched_system),
            len(sys_t),
        )
    by_location = {}
    for level in LOCATION_PRECISIONS:
        gold_l = [g for g in gold_incidents if g.location_precision == level]
        if gold_l:
            hits = sum(1 for g in gold_l if g.id in matched_gold)
            by_location[level] = {"gold": len(gold_l), "matched_gold": hits, "recall": hits / len(gold_l)}

    # groups: found if any member is matched; events: a group counts once, a lone incident once
    groups: dict[str, list[GoldIncident]] = defaultdict(list)
    for g in gold_incidents:
        if g.group:
            groups[g.group].append(g)
    found_groups = sum(1 for members in groups.values() if any(m.id in matched_gold for m in members))
    events = list(groups.values()) + [[g] for g in gold_incidents if not g.group]
    core_events = [members for members in events if members[0].scope == "core"]
    group_scores = {
        "groups": len(groups),
        "groups_found": found_groups,
        "group_recall": _share(found_groups, len(groups)),
        "events": len(events),
        "events_found": sum(1 for ms in events if any(m.id in matched_gold for m in ms)),
        "event_recall": _share(sum(1 for ms in events if any(m.id in matched_gold for m in ms)), len(events)),
        "core_event_recall": _share(
            sum(1 for ms in core_events if any(m.id in matched_gold for m in ms)), len(core_events)
        ),
    }

    negatives = [aid for aid, art in gold.articles.items() if art.negative]
    neg_fp = sum(len(system_by_article[aid]) for aid in negatives)
    neg_clean = sum(1 for aid in negatives if not system_by_article[aid])
    negative_scores = {
        "articles": len(negatives),
        "articles_without_system_incidents": neg_clean,
        "accuracy": _share(neg_clean, len(negatives)),
        "false_positives": neg_fp,
        "false_alarm_articles": sorted(aid for aid in negatives if system_by_article[aid]),
    }

    diagnostics = _diagnostics(all_pairs, system_by_article)
    claims = _claim_scores(all_pairs, system_by_article, gold_incidents)
    places = place_recognition(gold, mentions) if mentions is not None else None
    incident_places = incident_place_recognition(gold, system_by_article)

    unmatched_system = []
    for aid, incs in system_by_article.items():
        for i, s in enumerate(incs):
            if (aid, i) not in matched_system:
                start, _ = _sys_dates(s)
                place = _get(s, "place")
                unmatched_system.append(
                    {
                        "article": aid,
                        "index": i,
                        "type": _sys_type(s),
                        "date": start.isoformat() if start else None,
                        "place": (_get(place, "name") if place is not None else None),
                        "negative_article": gold.articles[aid].negative,
                    }
                )
    return {
        "gold_file": gold.path,
        "articles": {
            "gold": len(gold.articles),
            "negative": len(negatives),
            "with_system_output": sum(1 for aid in gold.articles if system.get(aid)),
            "ignored_system_articles": sorted(aid for aid in system if aid not in gold.articles),
        },
        "headline": "core",
        "slices": slices,
        "by_type": by_type,
        "by_location_precision": by_location,
        "groups": group_scores,
        "negatives": negative_scores,
        "diagnostics": diagnostics,
        "claims": claims,
        "places": places,
        "incident_places": incident_places,
        "matches": [
            {
                "article": aid,
                "gold": pair.gold.id,
                "system_index": pair.system_index,
                "type_exact": pair.type_exact,
                "date_gap_days": pair.date_gap_days,
                "distance_km": None if pair.distance_km is None else round(pair.distance_km, 2),
                "province_match": pair.province_match,
            }
            for aid, pair in all_pairs
        ],
        "unmatched_gold": sorted(g.id for g in gold_incidents if g.id not in matched_gold),
        "unmatched_system": unmatched_system,
        "settings": {
            "date_tolerance_days": DATE_TOLERANCE_DAYS,
            "distance_tolerance_km": DISTANCE_TOLERANCE_KM,
            "undated_system_matches_precision": list(undated),
        },
    }


_OUTSIDE_FACT = re.compile(r"annotator[- ]supplied|outside the text|external fact|from other reports", re.I)


def _diagnostics(all_pairs: list[tuple[str, Pair]], system_by_article: Mapping[str, list]) -> dict:
    n = len(all_pairs)
    type_exact = sum(1 for _, p in all_pairs if p.type_exact)
    date_exact = date_within_1 = dated = 0
    pinned_exact = pinned = 0  # pairs whose gold day comes from the text alone (GOLD_FORMAT 7.2)
    distances: list[float] = []
    district_hits = district_total = province_hits = province_total = country_hits = country_total = 0
    toponym_hits = toponym_total = 0
    for aid, pair in all_pairs:
        g = pair.gold
        s = system_by_article[aid][pair.system_index]
        start, end = _sys_dates(s)
        if start is not None:
            dated += 1
            if start == g.date:
                date_exact += 1
            if not _OUTSIDE_FACT.search(g.date_basis or ""):
                pinned += 1
                pinned_exact += start == g.date
            if date_gap(g, start, end) <= 1:
                date_within_1 += 1
        if pair.distance_km is not None:
            distances.append(pair.distance_km)
        if g.location_precision == "none":
            continue
        if g.places:
            toponym_total += 1
            texts = [t.lower() for t in _sys_place_texts(s)]
            if any(p.lower() in t or t in p.lower() for p in g.places for t in texts if t):
                toponym_hits += 1
        if g.location_precision in ("exact point", "town", "district"):
            admin2 = _sys_admin2(s)
            same = None
            if admin2 and admin2 in gold_districts(g):
                same = True
            elif pair.distance_km is not None:
                same = pair.distance_km <= DISTANCE_TOLERANCE_KM["district"]
            elif admin2:
                same = False
            if same is not None:
                district_total += 1
                district_hits += same
        provinces = gold_provinces(g)
        admin1 = _sys_admin1(s)
        if provinces and admin1:
            province_total += 1
            province_hits += admin1 in provinces
        countries = gold_countries(g)
        country = _sys_country(s)
        if countries and country:
            country_total += 1
            country_hits += country in countries
    return {
        "matched_pairs": n,
        "type_exact": _share(type_exact, n),
        "type_alt": _share(n - type_exact, n),
        "date_exact": _share(date_exact, dated),  # system start day == gold date
        # the same over gold days the text supports: GOLD_FORMAT 7.2 lets the annotator put a day
        # known from outside the text ("annotator-supplied fact") that "systems are not required
        # to know"; this says how many of the misses are such days
        "date_exact_text_pinned": _share(pinned_exact, pinned),
        "date_text_pinned_pairs": pinned,
        "date_within_1_day": _share(date_within_1, dated),
        "undated_matches": n - dated,
        "distance_pairs": len(distances),
        "distance_median_km": statistics.median(distances) if distances else None,
        "distance_p90_km": _percentile(distances, 0.9),
        "within_25_km": _share(sum(1 for d in distances if d <= 25), len(distances)),
        "same_district": _share(district_hits, district_total),
        "same_district_pairs": district_total,
        "same_province": _share(province_hits, province_total),
        "same_province_pairs": province_total,
        "same_country": _share(country_hits, country_total),
        "same_country_pairs": country_total,
        "toponym_recall": _share(toponym_hits, toponym_total),
    }


def _claim_scores(
    all_pairs: list[tuple[str, Pair]],
    system_by_article: Mapping[str, list],
    gold_incidents: Sequence[GoldIncident],
) -> dict:
    total = found = claimant_found = 0
    for aid, pair in all_pairs:
        s = system_by_article[aid][pair.system_index]
        sys_claims = list(_get(s, "claims", ()) or ())
        for claim in pair.gold.claims:
            total += 1
            who, _ = split_claim(claim)
            if any(claim_matches(claim, sc) for sc in sys_claims):
                found += 1
            if any(
                claimants_compatible(who, getattr(sc, "claimant", "") or "", getattr(sc, "side", None))
                for sc in sys_claims
            ):
                claimant_found += 1
    all_total = sum(len(g.claims) for g in gold_incidents)
    return {
        "gold_claims_in_matched": total,
        "found": found,
        "share_found": _share(found, total),
        "claimant_found": claimant_found,
        "share_claimant_found": _share(claimant_found, total),
        "gold_claims_total": all_total,
        "share_found_of_all": _share(found, all_total),
    }


def _mention_tuple(m) -> tuple[int, int, str, float | None, float | None] | None:
    """(start, end, text, lat, lon) from a tuple or an object with those attributes (or a place)."""
    if isinstance(m, (tuple, list)):
        if len(m) >= 5:
            start, end, text, lat, lon = m[:5]
        elif len(m) >= 3:
            start, end, text = m[:3]
            place = m[3] if len(m) > 3 else None
            lat, lon = _get(place, "lat"), _get(place, "lon")
        else:
            return None
    else:
        start, end = _get(m, "start"), _get(m, "end")
        text = _get(m, "text") or ""
        lat, lon = _get(m, "lat"), _get(m, "lon")
        place = _get(m, "place")
        if (lat is None or lon is None) and place is not None:
            lat, lon = _get(place, "lat"), _get(place, "lon")
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    return (
        start,
        end,
        str(text),
        (float(lat) if _is_number(lat) else None),
        (float(lon) if _is_number(lon) else None),
    )


def _occurrences(body: str, needle: str) -> list[tuple[int, int]]:
    spans = []
    start = body.find(needle)
    while needle and start != -1:
        spans.append((start, start + len(needle)))
        start = body.find(needle, start + 1)
    return spans


def _texts_overlap(a: str, b: str) -> bool:
    a, b = a.casefold().strip(), b.casefold().strip()
    return bool(a and b) and (a in b or b in a)


def incident_place_recognition(gold: GoldSet, system_by_article: Mapping[str, Sequence]) -> dict:
    """Incident toponyms: the strings the system used to locate its incidents (`place_mentions`)
    vs the gold `places` strings, per article, as distinct case-folded strings.

    Gold `places` list only the strings that locate an incident (section 9.1), so this is the
    recognition score that matches what the gold annotates; a toponym that is mentioned but locates
    nothing (a dateline, a speaker's capital) is a false positive here only if the system used it.
    A system string and a gold string match when one contains the other ("Khost" / "Khost
    province"). Resolution: for matched strings of located system incidents, the distance to the
    nearest gold point annotated with that string."""
    n_sys = tp_sys = n_gold = tp_gold = 0
    errors: list[float] = []
    for aid, art in gold.articles.items():
        gold_strings: dict[str, list[tuple[float, float]]] = {}
        for g in art.incidents:
            for place in g.places:
                pts = gold_strings.setdefault(place.casefold(), [])
                if g.located:
                    pts.append((g.lat, g.lon))
        sys_strings: dict[str, list[tuple[float, float]]] = {}
        for s in system_by_article.get(aid, ()):
            point = _sys_point(s)
            for text in _get(s, "place_mentions", ()) or ():
                if not isinstance(text, str) or not text.strip():
                    continue
                pts = sys_strings.setdefault(text.casefold(), [])
                if point is not None:
                    pts.append(point)
        n_sys += len(sys_strings)
        n_gold += len(gold_strings)
        tp_gold += sum(1 for gs in gold_strings if any(_texts_overlap(gs, ss) for ss in sys_strings))
        for ss, sys_points in sys_strings.items():
            matching = [gs for gs in gold_strings if _texts_overlap(gs, ss)]
            if not matching:
                continue
            tp_sys += 1
            gold_points = [pt for gs in matching for pt in gold_strings[gs]]
            for lat, lon in sys_points:
                if gold_points:
                    errors.append(min(haversine_km(lat, lon, g_lat, g_lon) for g_lat, g_lon in gold_points))
    scores = prf(tp_gold, n_gold, tp_sys, n_sys)
    scores.update(
        {
            "gold_place_strings": n_gold,
            "system_strings": n_sys,
            "resolved_pairs": len(errors),
            "resolution_within_25_km": _share(sum(1 for e in errors if e <= 25), len(errors)),
            "resolution_mean_error_km": (sum(errors) / len(errors)) if errors else None,
            "resolution_median_error_km": statistics.median(errors) if errors else None,
        }
    )
    return scores


def place_recognition(gold: GoldSet, mentions: Mapping[str, Sequence]) -> dict:
    """System toponym spans vs the gold `places` strings (every occurrence in the body counts).

    Recall: share of distinct (article, place string) pairs with a system span overlapping one of
    its occurrences. Precision: share of system spans overlapping an occurrence of any gold place
    string. Resolution: for the overlapping spans that carry a point, the distance to the nearest
    point of a gold incident listing that place string."""
    tp_spans = n_spans = 0
    found_strings = n_strings = 0
    errors: list[float] = []
    for aid, art in gold.articles.items():
        occurrences: dict[str, list[tuple[int, int]]] = {}
        points: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for g in art.incidents:
            for place in g.places:
                occurrences.setdefault(place, _occurrences(art.body, place))
                if g.located:
                    points[place].append((g.lat, g.lon))
        spans = [t for t in (_mention_tuple(m) for m in (mentions.get(aid, ()) or ())) if t is not None]
        n_spans += len(spans)
        n_strings += len(occurrences)
        hit_strings: set[str] = set()
        for start, end, _text, lat, lon in spans:
            overlapping = [
                place
                for place, occ in occurrences.items()
                if any(start < o_end and o_start < end for o_start, o_end in occ)
            ]
            if not overlapping:
                continue
            tp_spans += 1
            hit_strings.update(overlapping)
            if lat is not None and lon is not None:
                candidates = [pt for place in overlapping for pt in points.get(place, [])]
                if candidates:
                    errors.append(min(haversine_km(lat, lon, p[0], p[1]) for p in candidates))
        found_strings += len(hit_strings)
    scores = prf(found_strings, n_strings, tp_spans, n_spans)
    scores.update(
        {
            "gold_place_strings": n_strings,
            "system_spans": n_spans,
            "resolved_pairs": len(errors),
            "resolution_within_25_km": _share(sum(1 for e in errors if e <= 25), len(errors)),
            "resolution_mean_error_km": (sum(errors) / len(errors)) if errors else None,
            "resolution_median_error_km": statistics.median(errors) if errors else None,
        }
    )
    return scores


# ---------------------------------------------------------------------------------------------
# Report and command line


def _fmt(value, pct: bool = True) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value * 100:5.1f}%" if pct else f"{value:7.1f}"
    return str(value)


def format_report(result: dict) -> str:
    lines = []
    arts = result["articles"]
    lines.append(f"Gold: {result['gold_file']}  ({arts['gold']} articles, {arts['negative']} negative)")
    lines.append("")
    header = f"{'slice':<36}{'gold':>6}{'sys':>6}{'hit_g':>7}{'hit_s':>7}{'P':>9}{'R':>9}{'F1':>9}"
    lines.append(header)
    lines.append("-" * len(header))

    def row(name: str, s: dict) -> str:
        return (
            f"{name:<36}{s['gold']:>6}{s['system']:>6}{s['matched_gold']:>7}{s['matched_system']:>7}"
            f"{_fmt(s['precision']):>9}{_fmt(s['recall']):>9}{_fmt(s['f1']):>9}"
        )

    for name, scores in result["slices"].items():
        label = name + (" (headline)" if name == result["headline"] else "")
        lines.append(row(label, scores))
    for etype, scores in result["by_type"].items():
        lines.append(row(f"  type {etype}", scores))
    lines.append("")
    lines.append(f"{'recall by location precision':<36}{'gold':>6}{'hit':>7}{'R':>9}")
    for level, scores in result["by_location_precision"].items():
        lines.append(
            f"  {level:<34}{scores['gold']:>6}{scores['matched_gold']:>7}{_fmt(scores['recall']):>9}"
        )
    g = result["groups"]
    lines.append("")
    lines.append(
        f"groups found {g['groups_found']}/{g['groups']} ({_fmt(g['group_recall'])}); "
        f"events found {g['events_found']}/{g['events']} ({_fmt(g['event_recall'])}); "
        f"core event recall {_fmt(g['core_event_recall'])}"
    )
    n = result["negatives"]
    lines.append(
        f"negative articles: {n['articles_without_system_incidents']}/{n['articles']} clean, "
        f"{n['false_positives']} false positives"
        + (f" (in {', '.join(n['false_alarm_articles'])})" if n["false_alarm_articles"] else "")
    )
    d = result["diagnostics"]
    lines.append("")
    lines.append(f"matched pairs: {d['matched_pairs']}")
    for key, label in (
        ("type_exact", "type exact"),
        ("type_alt", "type via alt_types"),
        ("date_exact", "date exact"),
        ("date_exact_text_pinned", "date exact, day in text"),
        ("date_within_1_day", "date within 1 day"),
        ("within_25_km", "within 25 km"),
        ("same_district", "same district"),
        ("same_province", "same province"),
        ("same_country", "same country"),
        ("toponym_recall", "toponym recall"),
    ):
        lines.append(f"  {label:<26}{_fmt(d[key]):>9}")
    lines.append(f"  {'median distance km':<26}{_fmt(d['distance_median_km'], pct=False):>9}")
    lines.append(f"  {'p90 distance km':<26}{_fmt(d['distance_p90_km'], pct=False):>9}")
    c = result["claims"]
    lines.append("")
    lines.append(
        f"claims (matched incidents): {c['found']}/{c['gold_claims_in_matched']} found ({_fmt(c['share_found'])}), "
        f"claimant found {_fmt(c['share_claimant_found'])}; of all gold claims {_fmt(c['share_found_of_all'])}"
    )
    am = result.get("after_merge")
    if am:
        lines.append(
            f"after cross-source merge (what the map shows, {am['incidents']} incidents): P {_fmt(am['precision'])} "
            f"R {_fmt(am['recall'])}, date exact {_fmt(am['date_exact'])}, within 1 day {_fmt(am['date_within_1_day'])}, "
            f"within 25 km {_fmt(am['within_25_km'])}, claimant found {_fmt(am['claimant_found'])}"
        )
    ip = result.get("incident_places")
    if ip:
        lines.append(
            f"incident place recognition: P {_fmt(ip['precision'])} R {_fmt(ip['recall'])} F1 {_fmt(ip['f1'])} "
            f"({ip['system_strings']} system strings, {ip['gold_place_strings']} gold strings); resolution within "
            f"25 km {_fmt(ip['resolution_within_25_km'])}, mean error {_fmt(ip['resolution_mean_error_km'], pct=False)} km"
        )
    p = result.get("places")
    if p:
        lines.append(
            f"all toponym mentions vs gold places: P {_fmt(p['precision'])} R {_fmt(p['recall'])} F1 {_fmt(p['f1'])} "
            f"({p['system_spans']} spans, {p['gold_place_strings']} gold strings); resolution within 25 km "
            f"{_fmt(p['resolution_within_25_km'])}, mean error {_fmt(p['resolution_mean_error_km'], pct=False)} km"
        )
    if result["unmatched_gold"]:
        lines.append("")
        lines.append("unmatched gold: " + ", ".join(result["unmatched_gold"]))
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--gold", required=True, help="gold YAML file (GOLD_FORMAT schema_version 1)")
    parser.add_argument(
        "--articles", required=True, help="directory of the article files the gold file annotates"
    )
    parser.add_argument(
        "--json", dest="json_out", default=None, help="also write the full results as JSON here"
    )
    return parser


def _find_mentions(gazetteer, text: str) -> list | None:
    finder = getattr(gazetteer, "find_mentions", None)
    if finder is None:
        return None
    return [t for t in (_mention_tuple(m) for m in finder(text)) if t is not None]


def _after_merge_scores(gold: GoldSet, system: Mapping[str, Sequence]) -> dict:
    """The same scores for what the map shows: incidents merged across the gold set's articles,
    each scored in every article that is one of its sources. A merged incident carries the most
    precise date and place its sources give, so an article that dates or places an event vaguely
    gains from a sibling report; the per-article figures above measure extraction alone."""
    from .merge import merge_incidents

    merged = merge_incidents([inc for aid in sorted(system) for inc in system[aid]])
    by_article: dict[str, list] = defaultdict(list)
    for inc in merged:
        for aid in sorted({src.article for src in inc.sources}):
            by_article[aid].append(inc)
    scored = evaluate(gold, by_article)
    core = scored["slices"][scored["headline"]]
    d = scored["diagnostics"]
    return {
        "incidents": len(merged),
        "precision": core["precision"],
        "recall": core["recall"],
        "date_exact": d["date_exact"],
        "date_within_1_day": d["date_within_1_day"],
        "within_25_km": d["within_25_km"],
        "claimant_found": scored["claims"]["share_claimant_found"],
    }


def run(args: argparse.Namespace) -> int:
    """Load the gold set, run the pipeline per article (pre-merge), score, print; 0 ok, 2 on bad input."""
    try:
        gold = load_gold(args.gold, args.articles)
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for warning in gold.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    from .articles import load_article
    from .gazetteer import load_gazetteer
    from .pipeline import extract_article_incidents

    gazetteer = load_gazetteer()
    system: dict[str, list] = {}
    mentions: dict[str, list] | None = {}
    # a set written ahead of the machine's clock: its articles are read as on the day after the
    # set's latest reference day (one day for the whole set, not each article's own answer), so
    # that their publication days are not "in the future"
    references = [_as_date(a.published) for a in gold.articles.values()]
    references = [d for d in references if d is not None]
    today = max(date.today(), max(references) + timedelta(days=1)) if references else None
    for aid, art in gold.articles.items():
        article = load_article(art.path, today=today)
        system[aid] = list(extract_article_incidents(article, gazetteer))
        if mentions is not None:
            found = _find_mentions(gazetteer, article.body)
            if found is None:
                mentions = None
            else:
                mentions[aid] = found
    result = evaluate(gold, system, mentions)
    result["after_merge"] = _after_merge_scores(gold, system)
    print(format_report(result))
    if getattr(args, "json_out", None):
        out = Path(args.json_out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        print(f"-> {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m geodata evaluate", description="Score the pipeline against gold."
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
