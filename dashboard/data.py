"""Data loading: st.cache_data wrappers around the pure geodata calls.

Where the incidents come from (first match wins):

1. ``DURAND_GEOJSON``: path to a prebuilt FeatureCollection (``python -m geodata build`` output).
   Used by tests and handy for hosting a frozen snapshot. Cache key: path + size + mtime.
2. ``DURAND_ARTICLES_DIR``: a directory of article files, run through
   ``geodata.pipeline.build_feature_collection``. Cache key: ``articles_fingerprint(dir)``, so a
   new or edited article is picked up on the next rerun without a restart.
3. Default: ``seeds/`` at the repository root (resolved from this file, not from the CWD).

Only data (dicts, lists) is cached, never folium objects.
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


@st.cache_data(show_spinner="Reading the articles…", max_entries=4)
def _collection_from_articles(directory: str, fingerprint: str) -> dict:  # noqa: ARG001 (cache key)
    from geodata.pipeline import build_feature_collection

    return build_feature_collection(directory)


@st.cache_data(show_spinner=False, max_entries=4)
def _collection_from_file(path: str, size: int, mtime_ns: int) -> dict:  # noqa: ARG001 (cache key)
    with open(path, encoding="utf-8") as handle:
        collection = json.load(handle)
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise DataUnavailable(f"{Path(path).name} is not a GeoJSON FeatureCollection")
    return collection


def _file_key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


def load_collection() -> tuple[dict, str]:
    """(FeatureCollection, cache key). Raises DataUnavailable with a readable message."""
    geojson = os.environ.get(ENV_GEOJSON)
    if geojson:
        path = Path(geojson).expanduser()
        try:
            key = _file_key(path)
        except OSError as exc:
            raise DataUnavailable(f"Cannot read {path.name}: {exc.strerror or exc}") from exc
        try:
            return _collection_from_file(*key), "file:" + ":".join(map(str, key))
        except (OSError, ValueError) as exc:
            raise DataUnavailable(f"Cannot read {path.name}: {exc}") from exc
    directory = articles_dir()
    if not directory.is_dir():
        raise DataUnavailable(f"The articles directory {directory} does not exist.")
    try:
        from geodata.pipeline import articles_fingerprint
    except ImportError as exc:  # the pipeline is not importable (partial checkout)
        raise DataUnavailable(f"The extraction pipeline is not available: {exc}") from exc
    fingerprint = articles_fingerprint(directory)
    try:
        return _collection_from_articles(str(directory), fingerprint), "dir:" + fingerprint
    except ImportError as exc:
        raise DataUnavailable(f"The extraction pipeline is not available: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - any pipeline failure: say so, do not crash the page
        raise DataUnavailable(f"The articles could not be processed: {type(exc).__name__}: {exc}") from exc


@st.cache_data(show_spinner=False, max_entries=4)
def map_records(cache_key: str, _features: list[dict]) -> dict[str, dict]:  # noqa: ARG001
    """Pre-rendered (escaped) popup/tooltip records per incident, once per data version."""
    return map_view.map_records(_features)


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
