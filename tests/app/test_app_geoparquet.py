"""The app on a GeoParquet file (`build --format parquet`) shows and downloads exactly what it
shows and downloads on the same data as GeoJSON: small files (plain dicts) and the large-data
path (packed, column-wise), which is forced here by lowering the threshold."""

from __future__ import annotations

import functools

import pytest
from streamlit.testing.v1 import AppTest

from geodata import compact, geoparquet
from tests.app.conftest import APP, captions, download, map_feature_ids, table_ids
from tests.app.synthetic import small_collection, write_collection

VIEWS = [
    {},
    {"types": ["armed_clash", "artillery_shelling"], "dates": ["2025-10-10", "2025-10-12"]},
    {"types": ["crossing_closed", "crossing_reopened"]},
]


def _seen(path, monkeypatch, deferred, params) -> dict:
    monkeypatch.setenv("DURAND_GEOJSON", str(path))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return {
        "captions": [c.replace(path.stem, "FILE").replace(path.suffix[1:], "SUFFIX") for c in captions(at)],
        "map": map_feature_ids(at),
        "table": table_ids(at),
        "geojson": download(at, deferred, "download_geojson")[1],
        "csv": download(at, deferred, "download_csv")[1],
    }


@pytest.mark.parametrize("slim_above", [None, 0], ids=["small", "packed"])
@pytest.mark.parametrize("params", VIEWS, ids=["all", "filtered", "crossings"])
def test_geoparquet_shows_what_geojson_shows(tmp_path, monkeypatch, deferred, slim_above, params):
    monkeypatch.delenv("DURAND_ARTICLES_DIR", raising=False)
    if slim_above is not None:  # both files read the way files above 20,000 incidents are
        monkeypatch.setattr(geoparquet, "SLIM_ABOVE", slim_above)
        loader = functools.partial(compact.load_collection_compact, slim_above=slim_above)
        monkeypatch.setattr(compact, "load_collection_compact", loader)
    collection = small_collection()
    as_geojson = write_collection(tmp_path / "incidents.geojson", collection)
    as_parquet = tmp_path / "incidents.parquet"
    geoparquet.write_geoparquet(collection, as_parquet)
    parquet_view = _seen(as_parquet, monkeypatch, deferred, params)
    geojson_view = _seen(as_geojson, monkeypatch, deferred, params)
    assert parquet_view["table"], "the view shows incidents"
    assert parquet_view == geojson_view


def test_a_broken_parquet_file_gets_a_message(tmp_path, monkeypatch):
    path = tmp_path / "incidents.parquet"
    geoparquet.write_geoparquet(small_collection(), path)
    path.write_bytes(path.read_bytes()[:200])  # cut short: starts like Parquet, unreadable
    monkeypatch.setenv("DURAND_GEOJSON", str(path))
    monkeypatch.delenv("DURAND_ARTICLES_DIR", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("Cannot read incidents.parquet" in e.value for e in at.error)
