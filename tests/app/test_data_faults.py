"""Faults in the data the app reads: a seed edited while the app reads it is read again (never
half-used) or reported; a missing or corrupt data file gives a clear message, not a traceback."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
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
    data.reset()
    yield directory
    data.reset()


def _titles(collection: dict) -> set[str]:
    return {a.get("title") for a in collection.get("articles") or []}


def test_the_build_runs_once_outside_the_visitors_reruns(articles, monkeypatch):
    """Several visitors: one build, in the background thread, none in a script run's thread."""
    from geodata.incremental import IncrementalBuilder

    threads: list[str] = []
    real = IncrementalBuilder.build

    def recorded(self):
        threads.append(threading.current_thread().name)
        return real(self)

    monkeypatch.setattr(IncrementalBuilder, "build", recorded)
    for path in articles.iterdir():  # files that have held still: nothing is being written
        _bump_mtime(path, -10)
    runs = [AppTest.from_file(APP, default_timeout=120).run() for _ in range(3)]
    for at in runs:
        assert not at.exception and not at.error, [e.value for e in at.error]
    assert threads == ["durand-articles-build"], threads


def test_a_seed_changed_during_its_read_is_read_again_not_half_used(articles, monkeypatch):
    """The writer is half-way through when the file is read and finishes before the read returns:
    the build must not use (or keep) the half file."""
    import geodata.incremental as incremental

    target = articles / "zz_edited.md"
    target.write_text(FULL.replace(FULL_TITLE, "Old version"), encoding="utf-8")
    real = incremental.read_article_file
    calls: list[str] = []

    def read_during_a_write(path, **kwargs):
        calls.append(path.name)
        if path == target and calls.count(path.name) == 1:
            target.write_text(HALF, encoding="utf-8")
            _bump_mtime(target, 1)
            result = real(path, **kwargs)
            target.write_text(FULL, encoding="utf-8")  # ... finished after we read
            _bump_mtime(target, 2)
            return result
        return real(path, **kwargs)

    monkeypatch.setattr(incremental, "read_article_file", read_during_a_write)
    collection, key = data.load_collection()
    assert calls.count("zz_edited.md") == 2, calls
    assert FULL_TITLE in _titles(collection), _titles(collection)
    again, key2 = data.load_collection()
    assert key2 == key and calls.count("zz_edited.md") == 2 and FULL_TITLE in _titles(again)


def test_a_truncated_seed_keeps_the_last_complete_build_with_a_notice(articles, monkeypatch):
    import geodata.incremental as incremental
    from dashboard.builds import STATE_CHECK_EVERY_S

    target = articles / "zz_edited.md"
    target.write_text(FULL, encoding="utf-8")
    first, _ = data.load_collection()
    assert FULL_TITLE in _titles(first)
    incidents = len(first["features"])
    stop = threading.Event()

    def slow_writer() -> None:  # truncated it, and is still at work (touching it) until stopped
        while not stop.is_set():
            target.write_text("", encoding="utf-8")
            stop.wait(0.2)

    writer = threading.Thread(target=slow_writer, daemon=True)
    with monkeypatch.context() as patient:
        # A writer thread starved on a busy machine must not pass for a finished write: while it
        # runs, a file counts as settled after 10 s, not after SETTLE_S (1 s).
        patient.setattr(incremental, "SETTLE_S", 10.0)
        writer.start()
        try:
            time.sleep(STATE_CHECK_EVERY_S + 0.1)  # past the builder's cached look at the folder
            at = AppTest.from_file(APP, default_timeout=120).run()
            during, _ = data.load_collection()
        finally:
            stop.set()
            writer.join(timeout=5)
    assert not at.exception and not at.error, [e.value for e in at.error]
    notices = [i.value for i in at.info]
    assert any("zz_edited.md" in n and "last complete" in n for n in notices), notices
    assert FULL_TITLE in _titles(during) and len(during["features"]) == incidents
    target.write_text(FULL.replace(FULL_TITLE, "Rewritten title"), encoding="utf-8")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # taken once it has held still (geodata.incremental.SETTLE_S)
        after, _ = data.load_collection()
        if "Rewritten title" in _titles(after):
            break
    assert "Rewritten title" in _titles(after) and FULL_TITLE not in _titles(after)


def test_a_seed_that_never_holds_still_keeps_the_last_good_data(articles, monkeypatch):
    import geodata.incremental as incremental

    target = articles / "zz_busy.md"
    target.write_text(FULL, encoding="utf-8")
    first, _ = data.load_collection()
    real = incremental.read_article_file

    def always_being_written(path, **kwargs):
        result = real(path, **kwargs)
        if path == target:
            with open(target, "a", encoding="utf-8") as fh:
                fh.write("More text.\n")
            _bump_mtime(target, 1)
        return result

    monkeypatch.setattr(incremental, "read_article_file", always_being_written)
    with open(target, "a", encoding="utf-8") as fh:
        fh.write("An edit.\n")
    _bump_mtime(target, 1)
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("zz_busy.md" in i.value for i in at.info), [i.value for i in at.info]
    during, _ = data.load_collection()
    assert _titles(during) == _titles(first)


def test_in_place_rewrites_while_visitors_reload_never_lose_incidents(articles):
    """The issue's scenario: a seed rewritten non-atomically (truncate, pause, write) again and
    again while the app is reloaded: every load has every incident, none says "No data"."""
    target = articles / sorted(p.name for p in articles.iterdir())[0]
    content = target.read_bytes()
    reference, _ = data.load_collection()
    expected = len(reference["features"])
    stop = threading.Event()

    def writer() -> None:
        while not stop.is_set():
            with open(target, "wb") as handle:
                handle.flush()
                time.sleep(0.05)  # the pause between truncating and writing
                handle.write(content[: len(content) // 2])
                handle.flush()
                time.sleep(0.05)
                handle.write(content[len(content) // 2 :])
            time.sleep(0.05)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    counts = []
    try:
        for _ in range(40):
            collection, _key = data.load_collection()
            counts.append(len(collection["features"]))
            time.sleep(0.03)
    finally:
        stop.set()
        thread.join(timeout=5)
    assert counts == [expected] * len(counts), counts


def test_geojson_rewritten_during_the_read_is_read_again(tmp_path, monkeypatch):
    from tests.app.synthetic import small_collection

    path = tmp_path / "incidents.geojson"
    first, second = small_collection(), small_collection()
    second["features"] = second["features"][:1]
    full = json.dumps(second)
    path.write_text(json.dumps(first), encoding="utf-8")
    monkeypatch.setenv(data.ENV_GEOJSON, str(path))
    data.reset()
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
    data.reset()
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
    data.reset()
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and fragment in at.error[0].value, [e.value for e in at.error]
    assert "incidents.geojson" in at.error[0].value


def test_a_half_written_geojson_keeps_the_last_complete_data(tmp_path, monkeypatch):
    from tests.app.synthetic import small_collection

    path = tmp_path / "incidents.geojson"
    full = json.dumps(small_collection())
    path.write_text(full, encoding="utf-8")
    monkeypatch.setenv(data.ENV_GEOJSON, str(path))
    monkeypatch.delenv(data.ENV_ARTICLES_DIR, raising=False)
    data.reset()
    good = AppTest.from_file(APP, default_timeout=60).run()
    assert not good.error
    path.write_text(full[: len(full) // 2], encoding="utf-8")  # mid-write
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("being rewritten" in i.value for i in at.info), [i.value for i in at.info]
    assert at.dataframe, "the last complete data is shown"
