"""Check a FeatureCollection against RFC 7946 and the incident record contract.

Returns a list of readable errors (empty = valid), so the CLI, the app and the tests share one
definition of "valid".
"""

from __future__ import annotations

import re

from .model import DATE_PRECISIONS, EVENT_TYPES, VERIFICATION_STATES

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REQUIRED_PROPERTIES = (
    "event_type",
    "date",
    "date_end",
    "date_precision",
    "place",
    "place_id",
    "place_mentions",
    "location_precision",
    "location_precision_label",
    "country",
    "admin1",
    "actors",
    "claims",
    "sources",
    "verification",
)


def _decimals(value: float) -> int:
    text = repr(float(value))
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def _check_position(pos, where: str, errors: list[str]) -> None:
    if not isinstance(pos, list) or len(pos) not in (2, 3):
        errors.append(f"{where}: a position is [lon, lat] (got {pos!r:.60})")
        return
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pos):
        errors.append(f"{where}: coordinates must be numbers")
        return
    lon, lat = pos[0], pos[1]
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        errors.append(f"{where}: [{lon}, {lat}] is outside WGS84 lon/lat ranges (is it [lat, lon]?)")
    if any(_decimals(v) > 5 for v in pos[:2]):
        errors.append(f"{where}: more than 5 decimals claims false precision")


def validate_geometry(geometry, where: str) -> list[str]:
    errors: list[str] = []
    if geometry is None:
        return errors
    if not isinstance(geometry, dict) or "type" not in geometry:
        return [f"{where}: geometry must be an object with a type, or null"]
    kind = geometry["type"]
    coords = geometry.get("coordinates")
    if kind == "Point":
        _check_position(coords, where, errors)
    elif kind in ("LineString", "MultiPoint"):
        if not isinstance(coords, list) or (kind == "LineString" and len(coords) < 2):
            errors.append(f"{where}: {kind} needs a list of positions")
        else:
            for pos in coords:
                _check_position(pos, where, errors)
    elif kind in ("Polygon", "MultiLineString", "MultiPolygon", "GeometryCollection"):
        pass  # the incident record never produces these; shapes of other tools are not ours to judge
    else:
        errors.append(f"{where}: unknown geometry type {kind!r}")
    return errors


def validate_feature_collection(collection) -> list[str]:
    """RFC 7946 structure plus the incident record's required properties and value sets."""
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        return ["top level: not a FeatureCollection object"]
    if "crs" in collection:
        return ["top level: RFC 7946 removed 'crs'; coordinates are WGS84"]
    features = collection.get("features")
    if not isinstance(features, list):
        return ["top level: 'features' must be a list"]
    errors: list[str] = []
    seen_ids: set = set()
    for index, feature in enumerate(features):
        where = f"feature {index}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            errors.append(f"{where}: not a Feature object")
            continue
        fid = feature.get("id")
        if not isinstance(fid, (str, int)) or isinstance(fid, bool):
            errors.append(f"{where}: id must be a string or number")
        elif fid in seen_ids:
            errors.append(f"{where}: duplicate id {fid!r}")
        seen_ids.add(fid)
        if "geometry" not in feature:
            errors.append(f"{where}: 'geometry' member missing (use null for unlocated)")
        errors.extend(validate_geometry(feature.get("geometry"), where))
        props = feature.get("properties")
        if not isinstance(props, dict):
            errors.append(f"{where}: properties must be an object")
            continue
        missing = [key for key in REQUIRED_PROPERTIES if key not in props]
        if missing:
            errors.append(f"{where}: missing properties {', '.join(missing)}")
            continue
        if props["event_type"] not in EVENT_TYPES:
            errors.append(f"{where}: event_type {props['event_type']!r} is not one of {EVENT_TYPES}")
        for key in ("date", "date_end"):
            if props[key] is not None and not (isinstance(props[key], str) and _ISO_DAY.match(props[key])):
                errors.append(f"{where}: {key} must be YYYY-MM-DD or null")
        if props["date_precision"] not in DATE_PRECISIONS:
            errors.append(f"{where}: date_precision {props['date_precision']!r} unknown")
        if props["location_precision"] not in range(1, 8):
            errors.append(f"{where}: location_precision must be a UCDP code 1-7")
        if props["verification"] not in VERIFICATION_STATES:
            errors.append(f"{where}: verification {props['verification']!r} unknown")
        if props["country"] not in ("AF", "PK", None):
            errors.append(f"{where}: country must be AF, PK or null")
        if not props["sources"]:
            errors.append(f"{where}: an incident needs at least one source")
        for source in props["sources"]:
            if not isinstance(source, dict) or not source.get("quote"):
                errors.append(f"{where}: every source needs its evidence quote")
    return errors
