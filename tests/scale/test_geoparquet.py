"""GeoParquet (geodata/geoparquet.py): other tools read it as GeoParquet, and the app gets from it
exactly what it gets from the GeoJSON: every incident restored byte for byte, and the same
columnar index and crossing reports, also for messy data (mixed types, repeated ids, odd dates)."""

from __future__ import annotations

import json
import math
import os
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import index_rows, scale
from dashboard.columns import Index
from geodata import geoparquet
from geodata.compact import full
from geodata.export import dumps
from geodata.pipeline import build_feature_collection
from tests.scale.test_columns import features_st
from tests.tools.output_digests import article_sets

REPO = Path(__file__).resolve().parents[2]


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "generator": {"name": "t"}, "articles": [], "features": features}


def assert_same_index(a: Index, b: Index) -> None:
    assert a.n == b.n
    for name in ("ids", "dates", "labels", "places", "pos", "type_vocab", "verif_vocab", "prec_vocab"):
        assert getattr(a, name) == getattr(b, name), name
    for name in ("type_code", "verif_code", "prec_code", "side_code", "background", "start", "end"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    for name in ("located", "border", "date_rank", "has_date_text", "id_rank"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert np.array_equal(a.lon, b.lon, equal_nan=True) and np.array_equal(a.lat, b.lat, equal_nan=True)
    assert {k: v.tolist() for k, v in a.actors.items()} == {k: v.tolist() for k, v in b.actors.items()}
    assert {k: v.tolist() for k, v in a.outlets.items()} == {k: v.tolist() for k, v in b.outlets.items()}
    assert a.options == b.options and a.span == b.span
    assert [a.feature(p) for p in range(a.n)] == [b.feature(p) for p in range(b.n)]


def _usable(features):
    return [f for f in features if isinstance(f, dict) and f.get("properties")]


@pytest.mark.parametrize("name", sorted(article_sets()))
def test_every_gold_set_round_trips_exactly(name, tmp_path):
    collection = build_feature_collection(article_sets()[name])
    path = tmp_path / "incidents.parquet"
    assert geoparquet.write_geoparquet(collection, path) == len(collection["features"])
    small = geoparquet.read_collection(path)  # plain dicts, as the GeoJSON gives
    assert dumps(small) == dumps(collection)
    packed = geoparquet.read_collection(path, slim_above=0)  # the large-data path, forced
    assert packed["slim"] is True
    assert [json.dumps(full(r)) for r in packed["features"]] == [
        json.dumps(f) for f in collection["features"]
    ]
    from_parquet = Index.build(packed["features"])
    from_geojson = Index.build(collection["features"])
    assert_same_index(from_parquet, from_geojson)
    assert scale.crossing_reports(from_parquet) == scale.crossing_reports(from_geojson)
    # the app frees the light columns after building; a rebuild (a cache eviction) reads them again
    packed["features"].drop_light()
    assert_same_index(Index.build(packed["features"]), from_geojson)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(features_st)
def test_messy_data_gives_the_same_index_and_records(tmp_path_factory, features):
    path = tmp_path_factory.mktemp("pq") / "c.parquet"
    collection = _collection(list(features))
    geoparquet.write_geoparquet(collection, path)
    packed = geoparquet.read_collection(path, slim_above=0)
    usable = _usable(features)
    assert [full(r) for r in packed["features"]] == usable
    if usable:
        assert_same_index(Index.build(packed["features"]), Index.build(usable))


def _one_type_each(features: list) -> list:
    """The features with whole-number precisions only: every column has one type, so the index
    reads them with column operations (dashboard/index_rows.py), not feature by feature."""
    for feature in features:
        props = feature["properties"]
        if props.get("location_precision") is not None:
            props["location_precision"] = int(props["location_precision"])
    return features


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(features_st.map(_one_type_each))
def test_typed_columns_give_the_same_index_and_crossings(tmp_path_factory, features):
    path = tmp_path_factory.mktemp("pq") / "c.parquet"
    geoparquet.write_geoparquet(_collection(list(features)), path)
    packed = geoparquet.read_collection(path, slim_above=0)["features"]
    usable = _usable(features)
    if usable:
        assert index_rows.supported(packed.table(index_rows.PROPERTIES)[1])
        from_parquet, from_features = Index.build(packed), Index.build(usable)
        assert_same_index(from_parquet, from_features)
        assert scale.crossing_reports(from_parquet) == scale.crossing_reports(from_features)


def test_mixed_and_nested_columns_keep_their_values(tmp_path):
    features = [
        {
            "type": "Feature",
            "id": 1,
            "geometry": None,
            "properties": {"location_precision": 5, "casualties": {"k": 1}},
        },
        {
            "type": "Feature",
            "id": "b",
            "geometry": {"type": "Point", "coordinates": [69, 34]},
            "properties": {"location_precision": "3", "casualties": None},
        },
        {
            "type": "Feature",
            "id": "c",
            "geometry": {"type": "Point", "coordinates": []},
            "properties": {"x": 2**70},
        },
        {"type": "Feature", "id": "d", "geometry": None, "properties": {}},  # no properties: not kept
    ]
    path = tmp_path / "m.parquet"
    assert geoparquet.write_geoparquet(_collection(features), path) == 3
    _, kinds, _ = geoparquet.read_footer(path)
    assert kinds == {"location_precision": "mixed", "casualties": "nested", "x": "mixed"}
    packed = geoparquet.read_collection(path, slim_above=0)["features"]
    light = list(packed.light())
    assert [f["properties"].get("location_precision") for f in light] == [5, "3", None]
    assert light[1]["geometry"] == {"type": "Point", "coordinates": [69.0, 34.0]}
    assert light[2]["geometry"] == {"type": "Point", "coordinates": []}
    assert light[2]["properties"]["x"] == 2**70
    assert "casualties" not in light[0]["properties"]  # nested: read only when the incident is opened
    assert [full(r) for r in packed] == features[:3]
    packed.drop_light()  # freed, read again from the open file when asked
    assert list(packed.light()) == light


def test_geopandas_reads_it_as_geoparquet(tmp_path):
    collection = build_feature_collection(REPO / "seeds")
    path = tmp_path / "seeds.parquet"
    geoparquet.write_geoparquet(collection, path)
    import geopandas as gpd

    gdf = gpd.read_parquet(path)
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == len(collection["features"])
    assert gdf.attrs["durand"]["generator"] == collection["generator"]
    for (_, row), feature in zip(gdf.iterrows(), collection["features"]):
        props = feature["properties"]
        assert row["feature_id"] == feature["id"] and row["event_type"] == props["event_type"]
        assert list(row["actors"]) == props["actors"]
        assert json.loads(row["claims"]) == props["claims"]
        if feature["geometry"] is None:
            assert row.geometry is None
        else:
            x, y = feature["geometry"]["coordinates"]
            assert math.isclose(row.geometry.x, x) and math.isclose(row.geometry.y, y)
    assert str(gdf["location_precision"].dtype) == "Int64"


def test_is_parquet_looks_at_the_bytes_not_the_name(tmp_path):
    path = tmp_path / "data.geojson"
    geoparquet.write_geoparquet(_collection([]), path)
    assert geoparquet.is_parquet(path)
    (tmp_path / "x.parquet").write_text("{}")
    assert not geoparquet.is_parquet(tmp_path / "x.parquet")
    assert not geoparquet.is_parquet(tmp_path / "missing")


def test_build_format_writes_geojson_and_geoparquet_next_to_it(tmp_path):
    out = tmp_path / "out" / "incidents.geojson"
    old = os.umask(0o022)
    try:
        run = subprocess.run(
            [sys.executable, "-m", "geodata", "build", "--format", "both", "--out", str(out)],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=False,
        )
    finally:
        os.umask(old)
    assert run.returncode == 0, run.stderr
    parquet = out.with_suffix(".parquet")
    assert f"-> {out} and {parquet}" in run.stdout
    assert stat.S_IMODE(parquet.stat().st_mode) == 0o644
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert dumps(geoparquet.read_collection(parquet)) == dumps(collection)


def _odd_features() -> list[dict]:
    """Odd values in single rows: the index from GeoParquet must treat them as the GeoJSON does."""
    quote = "Torkham remained shut on Monday."

    def feature(fid, geometry, **props):
        base = {"event_type": "crossing_closed", "date": "2025-10-1" + fid[-1], "sources": [{"quote": quote}]}
        return {"type": "Feature", "id": fid, "geometry": geometry, "properties": {**base, **props}}

    point = {"type": "Point", "coordinates": [71.1, 34.1]}
    return [
        feature("f1", point, actors=["TTP", "Army"], place_mentions=["Torkham"]),
        feature("f2", None, actors=["TTP", None], place_mentions=["Torkham", None]),  # a non-text item
        feature("f3", {"type": "Circle", "radius": 3}, actors=["TTP"]),  # unreadable: side "border"
        feature("f4", point, date={"day": 1}, event_type=0),  # a dict date, a number type
        feature("f5", None, event_type="crossing_reopened", date="2025-10-15"),  # crossing named in the quote
    ]


def test_odd_values_in_single_rows_give_the_same_index_and_crossings(tmp_path):
    features = _odd_features()
    path = tmp_path / "odd.parquet"
    geoparquet.write_geoparquet(_collection(features), path)
    packed = geoparquet.read_collection(path, slim_above=0)["features"]
    from_parquet, from_geojson = Index.build(packed), Index.build(features)
    assert_same_index(from_parquet, from_geojson)
    assert from_parquet.actors.keys() == {"TTP", "Army", None}
    reports = scale.crossing_reports(from_geojson)
    assert scale.crossing_reports(from_parquet) == reports
    assert {r.incident for rs in reports[1].values() for r in rs} >= {"f1", "f5"}


def test_files_the_app_cannot_trust_are_refused_with_a_reason(tmp_path):
    import geopandas as gpd
    import pyarrow as pa
    import pyarrow.parquet as pq

    collection = build_feature_collection(REPO / "seeds")
    path = tmp_path / "seeds.parquet"
    geoparquet.write_geoparquet(collection, path)
    gdf = gpd.read_parquet(path)

    moved = tmp_path / "moved.parquet"
    gdf.to_crs(3857).to_parquet(moved, index=False)
    with pytest.raises(ValueError, match="longitude/latitude"):
        geoparquet.read_collection(moved)

    dropped = tmp_path / "dropped.parquet"
    gdf.drop(columns=["date"]).to_parquet(dropped, index=False)
    with pytest.raises(ValueError, match="columns missing from the file: date"):
        geoparquet.read_collection(dropped, slim_above=0)

    table = pq.read_table(path)
    column = table.schema.get_field_index(geoparquet.PACKED)
    broken = table.set_column(column, geoparquet.PACKED, pa.array([b"not zlib"] * table.num_rows))
    damaged = tmp_path / "damaged.parquet"
    pq.write_table(broken, damaged)
    with pytest.raises(ValueError, match="damaged file"):
        geoparquet.read_collection(damaged)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=-3, max_value=10**7), max_size=300),
    st.integers(min_value=1, max_value=10**6),
)
def test_dense_codes_number_keys_in_first_seen_order(values, spread):
    """index_rows._dense (a table for small keys, a sort otherwise) against the definition: each
    distinct key gets the next number when first seen, and its first row."""
    key = np.array([v % spread if v >= 0 else v for v in values], dtype=np.int64)
    codes, first = index_rows._dense(key)
    numbered: dict[int, int] = {}
    rows: list[int] = []
    for row, k in enumerate(key.tolist()):
        if k not in numbered:
            numbered[k] = len(numbered)
            rows.append(row)
    assert codes.tolist() == [numbered[k] for k in key.tolist()]
    assert first.tolist() == rows
