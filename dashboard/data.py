"""Data loading: st.cache_resource wrappers (shared, read-only) around the pure geodata calls.

Where the incidents come from (first match wins):

1. ``DURAND_GEOJSON``: path to a prebuilt FeatureCollection (``python -m geodata build`` output).
   Used by tests and handy for hosting a frozen snapshot. Cache key: path + size + mtime.
2. ``DURAND_ARTICLES_DIR``: a directory of article files, run through
   ``geodata.pipeline.build_feature_collection``. Cache key: ``articles_fingerprint(dir)``, so a
   new or edited article is picked up on the next rerun without a restart.
3. Default: ``seeds/`` at the repository root (resolved from this file, not from the CWD).

Only data (dicts, lists) is cached, never folium objects; callers never mutate it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import streamlit as st

from . import map_view

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


@st.cache_resource(show_spinner="Reading the articles…", max_entries=2)
def _collection_from_articles(directory: str, fingerprint: str) -> dict:  # noqa: ARG001 (cache key)
    from geodata.pipeline import build_feature_collection

    return build_feature_collection(directory)


# cache_resource, not cache_data: one shared, read-only collection. cache_data would pickle the
# whole collection on every rerun (4 s and +600 MB at 100,000 incidents). Nothing mutates it.
@st.cache_resource(show_spinner="Reading the incidents…", max_entries=2)
def _collection_from_file(path: str, size: int, mtime_ns: int) -> dict:  # noqa: ARG001 (cache key)
    from geodata.compact import load_collection_compact

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


def _changed(key_now, key) -> bool:
    try:
        return key_now() != key
    except OSError:
        return True


def _file_key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


def load_collection() -> tuple[dict, str]:
    """(FeatureCollection, cache key). Raises DataUnavailable with a readable message."""
    geojson = os.environ.get(ENV_GEOJSON)
    if geojson:
        path = Path(geojson).expanduser()
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
        raise DataUnavailable(
            f"{path.name} kept changing while it was being read; reload the page in a moment."
        )
    directory = articles_dir()
    if not directory.is_dir():
        raise DataUnavailable(f"The articles directory {directory} does not exist.")
    try:
        from geodata.pipeline import articles_fingerprint
    except ImportError as exc:  # the pipeline is not importable (partial checkout)
        raise DataUnavailable(f"The extraction pipeline is not available: {exc}") from exc
    for _attempt in range(READ_ATTEMPTS):
        fingerprint = articles_fingerprint(directory)
        try:
            collection = _collection_from_articles(str(directory), fingerprint)
        except ImportError as exc:
            raise DataUnavailable(f"The extraction pipeline is not available: {exc}") from exc
        except Exception as exc:  # noqa: BLE001 - any pipeline failure: say so, do not crash the page
            raise DataUnavailable(
                f"The articles could not be processed: {type(exc).__name__}: {exc}"
            ) from exc
        if articles_fingerprint(directory) == fingerprint:
            return collection, "dir:" + fingerprint
        # An article was added, edited or removed while the pipeline read the files: the result
        # may hold half an edit. Drop it and read again; report if the files never hold still.
        _collection_from_articles.clear(str(directory), fingerprint)
    raise DataUnavailable(
        f"The article files in {directory.name}/ kept changing while they were being read; reload the page in a moment."
    )


@st.cache_resource(show_spinner=False, max_entries=2)
def map_records(cache_key: str, _features: list[dict]) -> dict[str, dict]:  # noqa: ARG001
    """Pre-rendered (escaped) popup/tooltip records per incident, once per data version (small
    data only: above dashboard.scale.RECORDS_UP_TO they are rendered for the view, see scale.py)."""
    from .scale import precompute_records

    return map_view.map_records(_features) if precompute_records(_features) else {}


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
