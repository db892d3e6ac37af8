"""Read a gold file and check every rule of GOLD_FORMAT section 11 against the article files.

`load_gold(path, articles_dir)` returns a `GoldSet` or raises `GoldError` listing each problem with
the article / incident it concerns (all problems at once, so an annotator fixes them in one pass).
Each `_check_*` function below checks one numbered rule of the format and appends to `errors`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import yaml

from .gold import (
    ARTICLE_KEYS_REQUIRED,
    COORD_TAGS,
    EVENT_TYPES,
    GOLD_DATE_PRECISIONS,
    INCIDENT_KEYS_REQUIRED,
    LOCATION_PRECISIONS,
    MENTIONS,
    PROJECT_LAT,
    PROJECT_LON,
    SCOPES,
    GoldArticle,
    GoldError,
    GoldIncident,
    GoldSet,
    as_date,
    coord_tag,
    find_article_file,
    is_number,
    is_str_list,
    iso_date,
    read_article_file,
)


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


# ---------------------------------------------------------------------------------------------
# Articles


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
    published = _check_article_fields(entry, aid in seen, where, errors)
    file = find_article_file(articles_dir, aid)
    body = _read_article_body(file, articles_dir, aid, published, where, errors)

    raw_incidents = entry.get("incidents")
    if raw_incidents is None:
        raw_incidents = []
    if not isinstance(raw_incidents, list):
        errors.append(f"{where}: 'incidents' must be a list")
        raw_incidents = []
    incidents: list[GoldIncident] = []
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
        outlet=entry["outlet"],
        published=published,
        text_complete=entry["text_complete"],
        negative=entry["negative"],
        incidents=tuple(incidents),
        body=body,
        path=str(file),
        notes=str(entry.get("notes") or ""),
    )


def _check_article_fields(entry: dict, duplicate: bool, where: str, errors: list[str]) -> str | None:
    """Rule 1: required article fields and their types; the published day as 'YYYY-MM-DD'."""
    for key in ARTICLE_KEYS_REQUIRED:
        if key not in entry:
            errors.append(f"{where}: missing required field '{key}'")
    if duplicate:
        errors.append(f"{where}: appears more than once in the gold file")
    if "outlet" in entry and not isinstance(entry.get("outlet"), str):
        errors.append(f"{where}: 'outlet' must be a string")
    for key in ("text_complete", "negative"):
        if key in entry and not isinstance(entry[key], bool):
            errors.append(f"{where}: '{key}' must be true or false, got {entry[key]!r}")
    published_raw = entry.get("published")
    published = iso_date(published_raw)
    if published_raw is not None and published is None:
        errors.append(f"{where}: 'published' must be 'YYYY-MM-DD' or null, got {published_raw!r}")
    return published


def _read_article_body(
    file: Path | None,
    articles_dir: str | Path,
    aid: str,
    published: str | None,
    where: str,
    errors: list[str],
) -> str:
    """The article's body; the file must exist and its front matter agree on the published day."""
    if file is None:
        errors.append(f"{where}: no article file {aid}.md or {aid}.txt in {articles_dir}")
        return ""
    try:
        meta, body = read_article_file(file)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        errors.append(f"{where}: cannot read article file {file}: {exc}")
        return ""
    fm_raw = meta.get("published")
    fm_published = iso_date(fm_raw) if fm_raw not in (None, "") else None
    if fm_published != published:
        errors.append(
            f"{where}: gold published {published!r} differs from the article front matter "
            f"published {fm_published!r} ({file.name})"
        )
    return body


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
# Incidents


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
    group = _check_ids(raw, aid, iid, incident_ids, where, errors)
    etype, alt = _check_types(raw, where, errors)
    start, end = _check_dates(raw, where, errors)
    places = _check_places(raw, body, where, errors)
    lat, lon, unc = _check_coordinates(raw, where, errors, warnings)
    claims, claims_scope, actors = _check_claims_and_actors(raw, group, where, errors)
    if len(errors) > n_errors:
        return None
    # no error recorded: the checks above established these
    assert isinstance(iid, str) and isinstance(etype, str) and start is not None and end is not None
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
        coord_source=raw["coord_source"],
        location_precision=raw["location_precision"],
        actors=tuple(actors or ()),
        claims=tuple(claims or ()),
        alt_types=tuple(alt),
        group=group,
        coord_uncertainty_km=None if unc is None else float(unc),
        claims_scope=claims_scope,
        notes=str(raw.get("notes") or ""),
    )


def _check_ids(
    raw: dict, aid: str, iid: object, incident_ids: set[str], where: str, errors: list[str]
) -> str | None:
    """Rule 2: the incident's article, id and group follow the article id."""
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
    return group


def _check_types(raw: dict, where: str, errors: list[str]) -> tuple[object, list]:
    """Rule 3: the type and the alternative types are event types, without repeats."""
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
    return etype, alt


def _check_dates(raw: dict, where: str, errors: list[str]) -> tuple[date | None, date | None]:
    """Rule 4: dates and the enumerated fields."""
    start = as_date(raw.get("date"))
    if start is None:
        errors.append(f"{where}: date {raw.get('date')!r} is not a valid 'YYYY-MM-DD' date")
    end = start
    if raw.get("date_end") is not None:
        end = as_date(raw.get("date_end"))
        if end is None:
            errors.append(f"{where}: date_end {raw.get('date_end')!r} is not a valid 'YYYY-MM-DD' date")
        elif start is not None and end < start:
            errors.append(f"{where}: date_end {end} is before date {start}")
    for key, allowed in (
        ("date_precision", GOLD_DATE_PRECISIONS),
        ("mention", MENTIONS),
        ("scope", SCOPES),
        ("location_precision", LOCATION_PRECISIONS),
    ):
        if key in raw and raw.get(key) not in allowed:
            errors.append(f"{where}: {key} {raw.get(key)!r} is not one of {', '.join(allowed)}")
    if "date_basis" in raw and not isinstance(raw.get("date_basis"), str):
        errors.append(f"{where}: date_basis must be a string")
    return start, end


def _check_places(raw: dict, body: str | None, where: str, errors: list[str]) -> list[str]:
    """Rule 5: place strings are verbatim substrings of the body."""
    places = raw.get("places")
    if "places" in raw and not is_str_list(places):
        errors.append(f"{where}: places must be a list of strings")
        places = []
    places = places or []
    if body is not None:
        for place in places:
            if not place or place not in body:
                errors.append(f"{where}: place string {place!r} does not occur verbatim in the article body")
    if "canonical_place" in raw and not isinstance(raw.get("canonical_place"), str):
        errors.append(f"{where}: canonical_place must be a string")
    return places


def _check_coordinates(
    raw: dict, where: str, errors: list[str], warnings: list[str]
) -> tuple[float | None, float | None, float | None]:
    """Rule 6: coordinates, location precision and coord_source tag agree. (lat, lon, uncertainty)"""
    lat, lon = raw.get("lat"), raw.get("lon")
    precision = raw.get("location_precision")
    coord_source = raw.get("coord_source")
    tag = coord_tag(coord_source) if isinstance(coord_source, str) else None
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
            _check_point(lat, lon, where, errors, warnings)
            if precision == "none":
                errors.append(f"{where}: location_precision is 'none' but lat/lon are given (must be null)")
            if tag == "NONE":
                errors.append(f"{where}: coord_source tag is NONE but lat/lon are given")
    unc = raw.get("coord_uncertainty_km")
    if unc is not None and (not is_number(unc) or unc <= 0):
        errors.append(f"{where}: coord_uncertainty_km must be a number > 0, got {unc!r}")
    if tag == "APPROX" and unc is None:
        errors.append(f"{where}: coord_source tag APPROX requires coord_uncertainty_km")
    return lat, lon, unc


def _check_point(lat: object, lon: object, where: str, errors: list[str], warnings: list[str]) -> None:
    if not (is_number(lat) and is_number(lon)):
        errors.append(f"{where}: lat/lon must be numbers, got {lat!r}, {lon!r}")
        return
    assert isinstance(lat, (int, float)) and isinstance(lon, (int, float))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        errors.append(f"{where}: lat/lon out of range: {lat}, {lon}")
    elif not (PROJECT_LAT[0] <= lat <= PROJECT_LAT[1] and PROJECT_LON[0] <= lon <= PROJECT_LON[1]):
        warnings.append(f"{where}: point {lat}, {lon} is outside the project area (24-38 N, 60-75 E)")


def _check_claims_and_actors(
    raw: dict, group: str | None, where: str, errors: list[str]
) -> tuple[list[str], str | None, list[str]]:
    """Rule 7: claims read '<who>: <claim>'; claims_scope only on group members; actors are strings."""
    claims = raw.get("claims")
    if "claims" in raw and not is_str_list(claims):
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
    if "actors" in raw and not is_str_list(actors):
        errors.append(f"{where}: actors must be a list of strings")
        actors = []
    return claims or [], claims_scope, actors or []
