"""Data loading: st.cache_resource wrappers (shared, read-only) around the pure geodata calls.

Where the incidents come from (first match wins):

1. ``DURAND_GEOJSON``: path to a prebuilt FeatureCollection (``python -m geodata build`` output),
   or to the GeoParquet file ``build --format parquet`` writes (read column-wise: the fast start
   for large data). Used by tests and handy for hosting a frozen snapshot. Cache key: path + size
   + mtime.
2. ``DURAND_ARTICLES_DIR``: a directory of article files, built once per server process in a
   background thread (dashboard/builds.py, geodata/incremental.py), never in a visitor's rerun.
   An edited, added or removed article is re-read (only that file) and picked up on the next
   rerun; meanwhile, and whenever a file is mid-write, visitors see the last complete build with
   a notice naming the files being re-read.
3. Default: ``seeds/`` at the repository root (resolved from this file, not from the CWD).

Only data (dicts, lists) is cached, never folium objects; callers never mutate it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import streamlit as st

from . import map_layers

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLES_DIR = REPO_ROOT / "seeds"
ENV_ARTICLES_DIR = "DURAND_ARTICLES_DIR"
ENV_GEOJSON = "DURAND_GEOJSON"


class DataUnavailable(RuntimeError):
    """The incidents could not be loaded; the message is safe to show."""


def articles_dir() -> Path:
    configured = os.environ.get(ENV_ARTICLES_DIR)
    return Path(configured).expanduser() if configured else DEFAULT_ARTICLES_DIR


def source_description() -> str:
    geojson = os.environ.get(ENV_GEOJSON)
    if geojson:
        return f"prebuilt file {Path(geojson).name}"
    return f"article files in {articles_dir().name}/"


# cache_resource, not cache_data: one shared, read-only collection. cache_data would pickle the
# whole collection on every rerun (4 s and +600 MB at 100,000 incidents). Nothing mutates it.
@st.cache_resource(show_spinner="Reading the incidents…", max_entries=2)
def _collection_from_file(path: str, size: int, mtime_ns: int) -> dict:  # noqa: ARG001 (cache key)
    from geodata import geoparquet
    from geodata.compact import load_collection_compact

    if geoparquet.is_parquet(path):  # read column-wise (geodata/geoparquet.py), whatever its name
        try:
            from geodata.crossings import READS

            from .index_rows import PROPERTIES

            geoparquet.use_system_allocator()  # a long-lived server: give freed buffers back
            # only the columns the index and the crossing layer read (not all ~25 light ones)
            return geoparquet.read_collection(path, columns=list(dict.fromkeys(PROPERTIES + READS)))
        except ImportError as exc:
            raise DataUnavailable(f"{Path(path).name} is GeoParquet; reading it needs {exc.name}") from exc
    try:
        # streamed: large files never sit in memory whole; above 20,000 incidents their claims
        # and sources stay compact JSON until opened (dashboard/scale.py)
        collection = load_collection_compact(path)
    except ValueError:
        with open(path, encoding="utf-8") as handle:  # not an object at all: say what it is
            collection = json.load(handle)
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise DataUnavailable(f"{Path(path).name} is not a GeoJSON FeatureCollection")
    return collection


# A source edited while it is being read is read again (up to this many times), never half-used.
READ_ATTEMPTS = 3
# Seconds a visitor waits for a rebuild after an edit before seeing the last complete data (with a
# notice), and for the first build after the server started (nothing to show before it).
FRESH_WAIT_S = 3.0
COLD_WAIT_S = 600.0


def _changed(key_now, key) -> bool:
    try:
        return key_now() != key
    except OSError:
        return True


def _file_key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


def load_collection() -> tuple[dict, str]:
    """(FeatureCollection, cache key). Raises DataUnavailable with a readable message. When the
    source is being rewritten, the last complete data is returned and a notice says so."""
    geojson = os.environ.get(ENV_GEOJSON)
    if geojson:
        return _last_good_file(Path(geojson).expanduser())
    directory = articles_dir()
    if not directory.is_dir():
        raise DataUnavailable(f"The articles directory {directory} does not exist.")
    return _from_folder(directory)


_LAST_GOOD_FILES: dict[str, tuple[dict, str]] = {}


def _last_good_file(path: Path) -> tuple[dict, str]:
    """The file's collection, or the last complete one read from it while it is being rewritten."""
    try:
        loaded = _collection_from_geojson(path)
    except DataUnavailable as exc:
        last = _LAST_GOOD_FILES.get(str(path))
        if last is None:
            raise
        st.info(f"Showing the last complete data: {path.name} is being rewritten ({exc}).", icon="⏳")
        return last
    _LAST_GOOD_FILES[str(path)] = loaded
    return loaded


def _collection_from_geojson(path: Path) -> tuple[dict, str]:
    for _attempt in range(READ_ATTEMPTS):
        try:
            key = _file_key(path)
        except OSError as exc:
            raise DataUnavailable(f"Cannot read {path.name}: {exc.strerror or exc}") from exc
        try:
            collection = _collection_from_file(*key)
        except (OSError, ValueError) as exc:
            if _changed(lambda: _file_key(path), key):
                continue  # rewritten while we read it: read it again
            raise DataUnavailable(f"Cannot read {path.name}: {exc}") from exc
        if not _changed(lambda: _file_key(path), key):
            return collection, "file:" + ":".join(map(str, key))
        _collection_from_file.clear(*key)  # may mix old and new bytes: never keep it
    raise DataUnavailable(f"{path.name} kept changing while it was being read; reload the page in a moment.")


def _from_folder(directory: Path) -> tuple[dict, str]:
    from .builds import FolderBuilds

    builds = FolderBuilds.for_folder(directory)
    latest = builds.latest
    if latest is None:
        with st.spinner("Reading the articles (first time since the server started)…"):
            result = builds.current(wait_s=COLD_WAIT_S)
    else:
        result = builds.current(wait_s=FRESH_WAIT_S)
    if result.build is None:
        raise DataUnavailable(
            result.error or "The articles are still being read; reload the page in a moment."
        )
    if result.pending:
        shown = ", ".join(result.pending[:10]) + (
            f" and {len(result.pending) - 10} more" if len(result.pending) > 10 else ""
        )
        st.info(
            f"Showing the last complete data; {len(result.pending)} changed file(s) are being re-read: {shown}.",
            icon="⏳",
        )
    return result.build.collection, f"dir:{result.build_id}"


@st.cache_resource(show_spinner=False, max_entries=2)
def map_records(cache_key: str, _features: list[dict]) -> dict[str, dict]:  # noqa: ARG001
    """Pre-rendered (escaped) popup/tooltip records per incident, once per data version (small
    data only: above dashboard.scale.RECORDS_UP_TO they are rendered for the view, see scale.py)."""
    from geodata.compact import full_all

    from .scale import precompute_records

    # (packed records appear only above geodata.compact.SLIM_ABOVE, unless a test lowers it)
    return map_layers.map_records(full_all(_features)) if precompute_records(_features) else {}


@st.cache_data(show_spinner=False)
def boundary() -> list[list[float]] | None:
    """The Durand Line as [[lon, lat], ...], or None when the gazetteer cannot provide it."""
    try:
        from geodata.gazetteer import load_gazetteer

        line = load_gazetteer().boundary_line()
    except Exception:  # noqa: BLE001 - optional layer: no line rather than no app
        return None
    if line is None:
        return None
    try:
        geoms = getattr(line, "geoms", None) or [line]
        coords: list[list[float]] = []
        for geom in geoms:
            coords.extend([float(x), float(y)] for x, y, *_ in geom.coords)
        return coords or None
    except Exception:  # noqa: BLE001
        return None


def reset() -> None:
    """Forget every cached build and file (tests)."""
    from .builds import FolderBuilds

    FolderBuilds.reset()
    _LAST_GOOD_FILES.clear()
    _collection_from_file.clear()
