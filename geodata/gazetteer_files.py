"""Gazetteer data files: where they are, their validation (shared by the build script and the loader)."""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any

from .model import PLACE_KINDS
from .placename import _key

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_PATH = DATA_DIR / "gazetteer.json"
BOUNDARY_FILENAME = "af_pk_boundary.geojson"
COMMON_WORDS_FILENAME = "common_words.txt"
NOT_PLACES_FILENAME = "not_places.txt"
FORMAT_VERSION = 1
BORDER_ZONE_KM = 5.0


class GazetteerDataError(ValueError):
    """A gazetteer data file is missing or broken; the message names the file and the row."""


# ---------------------------------------------------------------------------------------------
# Validation (shared by the build script and the loader)

_PLACE_FIELDS = (
    "id",
    "name",
    "kind",
    "country",
    "admin1",
    "admin2",
    "lat",
    "lon",
    "precision",
    "aliases",
    "population",
    "source",
    "licence",
)
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_FLAGS = {"capital", "government", "strict"}


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def validate_place_rows(rows: list[dict], filename: str, row_numbers: list[int] | None = None) -> None:
    """Raise GazetteerDataError naming file and row for the first broken row (and duplicate ids)."""
    if not isinstance(rows, list) or not rows:
        raise GazetteerDataError(f"{filename}: no place rows")
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        n = row_numbers[i] if row_numbers else i
        where = f"{filename}: row {n}"
        if not isinstance(row, dict):
            raise GazetteerDataError(f"{where}: not an object")
        pid = row.get("id")
        where += f" (id {pid!r})"
        for f in _PLACE_FIELDS:
            if f not in row:
                raise GazetteerDataError(f"{where}: missing field {f!r}")
        if not isinstance(pid, str) or not re.match(r"^(gn:\d+|sup:[a-z_]+:[a-z0-9_:]+)$", pid):
            raise GazetteerDataError(f"{where}: bad id")
        if pid in seen:
            raise GazetteerDataError(f"{where}: duplicate id (first at row {seen[pid]})")
        seen[pid] = n
        if not isinstance(row["name"], str) or not row["name"].strip() or not _key(row["name"]):
            raise GazetteerDataError(f"{where}: empty name")
        if row["kind"] not in PLACE_KINDS:
            raise GazetteerDataError(f"{where}: kind {row['kind']!r} not in PLACE_KINDS")
        c = row["country"]
        if c is not None and not (isinstance(c, str) and _COUNTRY_RE.match(c)):
            raise GazetteerDataError(f"{where}: country {c!r} is not ISO2 or null")
        if c is None and row["kind"] not in ("boundary", "crossing"):
            raise GazetteerDataError(f"{where}: country is required for kind {row['kind']}")
        for f in ("admin1", "admin2"):
            if row[f] is not None and not (isinstance(row[f], str) and row[f].strip()):
                raise GazetteerDataError(f"{where}: {f} must be a non-empty string or null")
        lat, lon = row["lat"], row["lon"]
        prec = row["precision"]
        if not (isinstance(prec, int) and not isinstance(prec, bool) and 1 <= prec <= 7):
            raise GazetteerDataError(f"{where}: precision {prec!r} not an int 1..7")
        if lat is None or lon is None:
            if not (lat is None and lon is None):
                raise GazetteerDataError(f"{where}: lat and lon must both be numbers or both null")
            if row["kind"] != "boundary" and prec != 7:
                raise GazetteerDataError(
                    f"{where}: no coordinates but precision {prec} (only boundary or 7 may lack a point)"
                )
        else:
            if not (_is_num(lat) and _is_num(lon)):
                raise GazetteerDataError(f"{where}: lat/lon not numbers")
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise GazetteerDataError(f"{where}: lat/lon out of range ({lat}, {lon})")
        if row["kind"] == "boundary" and prec != 5:
            raise GazetteerDataError(f"{where}: a boundary must have precision 5")
        al = row["aliases"]
        if not isinstance(al, (list, tuple)) or not all(isinstance(a, str) and a.strip() for a in al):
            raise GazetteerDataError(f"{where}: aliases must be a list of non-empty strings")
        pop = row["population"]
        if not (isinstance(pop, int) and not isinstance(pop, bool) and pop >= 0):
            raise GazetteerDataError(f"{where}: population {pop!r} not a non-negative int")
        for f in ("source", "licence"):
            if not isinstance(row[f], str) or not row[f].strip():
                raise GazetteerDataError(f"{where}: {f} is required")
        flags = row.get("flags", [])
        if (
            not isinstance(flags, (list, tuple))
            or not all(isinstance(f, str) for f in flags)
            or not set(flags) <= _FLAGS
        ):
            raise GazetteerDataError(f"{where}: flags {flags!r} not a subset of {sorted(_FLAGS)}")


def validate_boundary(data: Any, filename: str) -> dict[str, Any]:
    """Check the boundary FeatureCollection; return {'line': LineString, 'AF': geom, 'PK': geom}."""
    from shapely.geometry import shape

    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise GazetteerDataError(f"{filename}: not a GeoJSON FeatureCollection")
    out: dict[str, Any] = {}
    for i, feat in enumerate(data["features"]):
        props = feat.get("properties") if isinstance(feat, dict) else None
        fid = props.get("id") if isinstance(props, dict) else None
        where = f"{filename}: feature {i} (id {fid!r})"
        if fid not in ("durand_line", "AF", "PK"):
            raise GazetteerDataError(f"{where}: unknown feature id")
        try:
            geom = shape(feat["geometry"])
        except Exception as exc:  # noqa: BLE001
            raise GazetteerDataError(f"{where}: bad geometry ({exc})") from exc
        if geom.is_empty:
            raise GazetteerDataError(f"{where}: empty geometry")
        if fid == "durand_line":
            if geom.geom_type != "LineString" or len(geom.coords) < 2:
                raise GazetteerDataError(f"{where}: the Durand Line must be one LineString")
            out["line"] = geom
        else:
            if geom.geom_type not in ("Polygon", "MultiPolygon") or not geom.is_valid:
                raise GazetteerDataError(f"{where}: country outline must be a valid (Multi)Polygon")
            out[fid] = geom
        minx, miny, maxx, maxy = geom.bounds
        if not (minx >= 55 and maxx <= 80 and miny >= 20 and maxy <= 40):
            raise GazetteerDataError(f"{where}: coordinates outside the AF/PK window (lon/lat order?)")
    for need in ("line", "AF", "PK"):
        if need not in out:
            raise GazetteerDataError(
                f"{filename}: missing feature {'durand_line' if need == 'line' else need}"
            )
    return out


def _read_word_list(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerDataError(f"{path}: cannot read ({exc})") from exc
    out = []
    for n, line in enumerate(lines, 1):
        s = line.split("#", 1)[0].strip()
        if not s:
            continue
        if not _key(s):
            raise GazetteerDataError(f"{path}: line {n}: empty after normalisation")
        out.append(s)
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_gazetteer_file(path: Path) -> dict:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GazetteerDataError(
            f"{path}: cannot read gazetteer data ({exc}); rebuild with python -m geodata.build_gazetteer"
        ) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GazetteerDataError(f"{path}: not valid JSON ({exc})") from exc
    if (
        not isinstance(data, dict)
        or data.get("format") != FORMAT_VERSION
        or not isinstance(data.get("places"), list)
    ):
        raise GazetteerDataError(f"{path}: not a gazetteer file of format {FORMAT_VERSION}")
    return data
