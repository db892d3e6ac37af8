"""AppTest fixtures: the app reads a synthetic FeatureCollection through DURAND_GEOJSON, so these
tests need neither the extraction pipeline nor the gazetteer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.synthetic import small_collection, write_collection

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture
def collection() -> dict:
    return small_collection()


@pytest.fixture
def data_file(tmp_path, monkeypatch, collection) -> Path:
    path = write_collection(tmp_path / "incidents.geojson", collection)
    monkeypatch.setenv("DURAND_GEOJSON", str(path))
    monkeypatch.delenv("DURAND_ARTICLES_DIR", raising=False)
    return path


@pytest.fixture
def make_app(data_file):
    def make(params: dict | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in (params or {}).items():
            at.query_params[key] = value
        return at

    return make


def ids_by(collection: dict, **props) -> set[str]:
    return {
        f["id"] for f in collection["features"] if all(f["properties"].get(k) == v for k, v in props.items())
    }


def map_args(at: AppTest) -> dict:
    """The st_folium component's arguments (script = base map, feature_group = the data)."""
    components = at.get("component_instance")
    assert len(components) == 1, "one map component"
    return json.loads(components[0].proto.json_args)


def map_feature_ids(at: AppTest) -> set[str]:
    """Ids of the incidents drawn on the map (from the feature_group JS)."""
    import re

    group = map_args(at)["feature_group"] or ""
    return set(re.findall(r'"id": "(inc-[0-9a-f]+(?:-\d+)?)"', group)) - {""}


def table_ids(at: AppTest) -> list[str]:
    frames = [d for d in at.dataframe if "id" in getattr(d.value, "columns", [])]
    if not frames:
        return []
    return list(frames[-1].value["id"])


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


@pytest.fixture
def deferred(monkeypatch) -> dict[str, tuple[str, object]]:
    """Deferred download callables registered during runs: file_id -> (file name, callable).
    AppTest swaps in a throw-away runtime per run, so they are captured at registration."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    captured: dict[str, tuple[str, object]] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
        captured[file_id] = (file_name or "", data_callable)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return captured


def download(at: AppTest, deferred: dict, key: str) -> tuple[str, bytes]:
    """(file name, content) of a deferred download button, by running its callable."""
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(key))
    file_id = button.proto.deferred_file_id
    assert file_id, "download is built on click (deferred)"
    name, data_callable = deferred[file_id]
    # what Streamlit's media file manager does with the callable's result on click
    from streamlit.elements.widgets.button import convert_data_to_bytes_and_infer_mime

    data, _ = convert_data_to_bytes_and_infer_mime(
        data_callable(), unsupported_error=TypeError("unsupported")
    )
    return name, data


def url(at: AppTest) -> dict[str, list[str]]:
    """The app's URL query params, every value as a list."""
    return {k: (v if isinstance(v, list) else [v]) for k, v in dict(at.query_params).items()}
