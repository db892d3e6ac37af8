"""Faults in the data the app reads: a seed edited while the app reads it is read again (never
half-used) or reported; a missing or corrupt data file gives a clear message, not a traceback."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data
from tests.app.conftest import APP

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
GAZ_DATA = REPO / "geodata" / "data"

FULL_TITLE = "Shelling reported in Barmal, complete edit"
FULL = f"""---
title: "{FULL_TITLE}"
outlet: "Test Outlet"
published: "2025-10-14"
---
Pakistani artillery shelled positions in Barmal district of Paktika province on Monday, killing three people.
"""
HALF = FULL[: len(FULL) // 2]  # what a reader sees in the middle of a non-atomic write


def _bump_mtime(path: Path, seconds: int = 5) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds * 1_000_000_000))


@pytest.fixture
def articles(tmp_path, monkeypatch) -> Path:
    directory = tmp_path / "articles"
    directory.mkdir()
    for path in sorted(SEEDS.glob("*.md"))[:2]:
        shutil.copy(path, directory / path.name)
    monkeypatch.setenv(data.ENV_ARTICLES_DIR, str(directory))
    monkeypatch.delenv(data.ENV_GEOJSON, raising=False)
    data._collection_from_articles.clear()
    data._collection_from_file.clear()
    yield directory
    data._collection_from_articles.clear()
    data._collection_from_file.clear()


def _titles(collection: dict) -> set[str]:
    return {a.get("title") for a in collection.get("articles") or []}


def test_seed_edited_during_the_read_is_read_again_not_half_used(articles, monkeypatch):
    """The pipeline reads the article while a writer is half-way through it; the writer finishes
    before the read returns. The app must not use (or cache) the half file."""
    import geodata.pipeline as pipeline

    target = articles / "zz_edited.md"
    target.write_text(FULL.replace(FULL_TITLE, "Old version"), encoding="utf-8")
    real = pipeline.load_articles
    calls = []

    def load_during_a_write(directory, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            target.write_text(HALF, encoding="utf-8")  # the writer truncated and wrote half
            _bump_mtime(target, 1)
            result = real(directory, *args, **kwargs)
            target.write_text(FULL, encoding="utf-8")  # ... and finished after we read
            _bump_mtime(target, 2)
            return result
        return real(directory, *args, **kwargs)

    monkeypatch.setattr(pipeline, "load_articles", load_during_a_write)
    collection, key = data.load_collection()
    assert len(calls) == 2, "the changed fingerprint should have caused one more read"
    assert FULL_TITLE in _titles(collection), _titles(collection)
    assert not any('title: "Shelling' in str(t) or t == "Old version" for t in _titles(collection))
    # What is cached is the complete file, under the complete file's fingerprint.
    again, key2 = data.load_collection()
    assert key2 == key and len(calls) == 2 and FULL_TITLE in _titles(again)


def test_seed_that_never_holds_still_is_reported(articles, monkeypatch):
    import geodata.pipeline as pipeline

    target = articles / "zz_busy.md"
    target.write_text(FULL, encoding="utf-8")
    real = pipeline.load_articles

    def always_being_written(directory, *args, **kwargs):
        result = real(directory, *args, **kwargs)
        with open(target, "a", encoding="utf-8") as fh:
            fh.write("More text.\n")
        _bump_mtime(target, 1)
        return result

    monkeypatch.setattr(pipeline, "load_articles", always_being_written)
    with pytest.raises(data.DataUnavailable, match="kept changing while they were being read"):
        data.load_collection()


def test_geojson_rewritten_during_the_read_is_read_again(tmp_path, monkeypatch):
    from tests.app.synthetic import small_collection

    path = tmp_path / "incidents.geojson"
    first, second = small_collection(), small_collection()
    second["features"] = second["features"][:1]
    full = json.dumps(second)
    path.write_text(json.dumps(first), encoding="utf-8")
    monkeypatch.setenv(data.ENV_GEOJSON, str(path))
    data._collection_from_file.clear()
    real_open = open
    calls = []

    def open_during_a_write(file, *args, **kwargs):
        if str(file) == str(path.resolve()) and not calls:
            calls.append(1)
            path.write_text(full[: len(full) // 2], encoding="utf-8")  # half-written
            handle = real_open(file, *args, **kwargs)
            return _FinishWriteOnClose(handle, path, full)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", open_during_a_write)
    try:
        collection, _key = data.load_collection()
    finally:
        monkeypatch.undo()
        data._collection_from_file.clear()
    assert calls, "the test did not intercept the read"
    assert len(collection["features"]) == 1


class _FinishWriteOnClose:
    """A file handle whose writer finishes the file when the reader closes it."""

    def __init__(self, handle, path: Path, full: str):
        self._handle, self._path, self._full = handle, path, full

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __iter__(self):
        return iter(self._handle)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()
        self._path.write_text(self._full, encoding="utf-8")
        _bump_mtime(self._path, 3)
        return False


# -- missing or corrupt project data files: a clear error in the app -------------------------------
def _app_with_gazetteer(tmp_path, monkeypatch, corrupt) -> AppTest:
    import geodata.gazetteer as gz

    folder = tmp_path / "gazdata"
    shutil.copytree(GAZ_DATA, folder)
    corrupt(folder)
    monkeypatch.setattr(gz, "DEFAULT_PATH", folder / "gazetteer.json")
    gz.load_gazetteer.cache_clear()
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.md"))[0], articles)
    monkeypatch.setenv(data.ENV_ARTICLES_DIR, str(articles))
    monkeypatch.delenv(data.ENV_GEOJSON, raising=False)
    data._collection_from_articles.clear()
    return AppTest.from_file(APP, default_timeout=120)


def _truncate(name):
    def corrupt(folder: Path) -> None:
        raw = (folder / name).read_bytes()
        (folder / name).write_bytes(raw[: len(raw) // 3])

    return corrupt


@pytest.mark.parametrize(
    "corrupt, names",
    [
        (lambda folder: (folder / "gazetteer.json").unlink(), ["gazetteer.json"]),
        (_truncate("gazetteer.json"), ["gazetteer.json", "not valid JSON"]),
        (_truncate("af_pk_boundary.geojson"), ["af_pk_boundary.geojson"]),
        (
            lambda folder: (folder / "not_places.txt").write_bytes(b"\xff\xfe bad \x80 bytes\n"),
            ["not_places.txt"],
        ),
    ],
    ids=["gazetteer-missing", "gazetteer-truncated", "boundary-truncated", "word-list-not-utf8"],
)
def test_broken_project_data_file_gives_a_clear_error(tmp_path, monkeypatch, corrupt, names):
    import geodata.gazetteer as gz

    at = _app_with_gazetteer(tmp_path, monkeypatch, corrupt)
    try:
        at.run()
    finally:
        gz.load_gazetteer.cache_clear()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error, "no error message shown"
    message = at.error[0].value
    assert message.startswith("No data:"), message
    for name in names:
        assert name in message, message
    assert "Traceback" not in message


@pytest.mark.parametrize(
    "content, fragment",
    [
        (b"", "Cannot read"),
        (b'{"type": "FeatureCollection", "features": [', "Cannot read"),
        (b"\xff\xfe\x00garbage", "Cannot read"),
        (b"[1, 2, 3]", "not a GeoJSON FeatureCollection"),
        (b'{"type": "Topology"}', "not a GeoJSON FeatureCollection"),
    ],
)
def test_corrupt_incidents_file_gives_a_clear_error(tmp_path, monkeypatch, content, fragment):
    path = tmp_path / "incidents.geojson"
    path.write_bytes(content)
    monkeypatch.setenv(data.ENV_GEOJSON, str(path))
    data._collection_from_file.clear()
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and fragment in at.error[0].value, [e.value for e in at.error]
    assert "incidents.geojson" in at.error[0].value
