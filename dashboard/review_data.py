"""The store in the app: which database, the stored articles joined to the file articles, and
the reviews applied to the incidents (cached per store version, shared between sessions).

Database: `[connections.durand]` in `.streamlit/secrets.toml` (Streamlit's `st.connection(...,
type="sql")` convention, e.g. `url = "postgresql+psycopg://user:pass@host/db"`), else `DURAND_DB`,
else the default SQLite file (geodata.store.engine). The default file is created only by the first
write: a read-only visit leaves no file behind.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from geodata.store_location import unopened_default_file

from . import data

if TYPE_CHECKING:
    from sqlalchemy import Engine

# geodata.store (SQLAlchemy, ~0.2 s to import) is imported only once a store is in use: a visitor
# of an app with no store file gets the map without it

CONNECTION = "durand"  # [connections.durand] in secrets


@dataclass(frozen=True)
class StoreInfo:
    engine: Engine | None  # None when the store cannot be used
    label: str  # where it is, for the page (no password)
    problem: str | None = None


def _configured_connection() -> bool:
    try:
        return "connections" in st.secrets and CONNECTION in st.secrets["connections"]
    except Exception:  # noqa: BLE001 - no secrets file
        return False


@st.cache_resource(show_spinner=False)
def _engine_for(url: str):
    from geodata.store import create_store_engine

    return create_store_engine(url)


def store(*, for_writing: bool = False) -> StoreInfo:
    """The store's engine, migrated; None (with the reason) when it cannot be opened. For reading,
    a default SQLite file that does not exist yet is not created."""
    configured = _configured_connection()
    unopened = None if configured else unopened_default_file()
    if unopened is not None and not for_writing:
        return StoreInfo(None, str(unopened))
    from geodata.store import StoreError, migrate
    from geodata.store.engine import default_db_url, parse_url, sqlite_file

    try:
        if configured:
            # the entry is passed on explicitly as well: the same keys (url, or dialect/host/...)
            # that st.connection reads itself, and what AppTest's secrets reach it with
            config = dict(st.secrets["connections"][CONNECTION])
            engine = st.connection(CONNECTION, type="sql", **config).engine
        else:
            url = default_db_url()
            path = sqlite_file(parse_url(url))  # DURAND_DB may name a SQLite file too
            if path is not None and not for_writing and not path.exists():
                return StoreInfo(None, str(path))
            engine = _engine_for(url)
        migrate(engine)
    except StoreError as exc:
        return StoreInfo(None, "store", str(exc))
    except Exception as exc:  # noqa: BLE001 - bad secrets entry, missing driver: the map still works
        return StoreInfo(None, "store", f"{type(exc).__name__}: {exc}")
    return StoreInfo(engine, engine.url.render_as_string(hide_password=True))


# ---- the collection with stored articles and reviews ------------------------------------------------


@st.cache_resource(show_spinner="Reading the added articles…", max_entries=2)
def _machine_with_stored(cache_key: str, articles_version: int, _collection: dict, _engine) -> dict:  # noqa: ARG001
    """The machine's collection of the file articles plus the stored ones, merged across sources."""
    from geodata.articles import load_articles
    from geodata.pipeline import build_feature_collection_from
    from geodata.store import stored_articles

    stored = stored_articles(_engine)
    if os.environ.get(data.ENV_GEOJSON):  # a prebuilt file: its incidents plus the stored articles'
        extra = build_feature_collection_from(stored)
        seen = {f["id"] for f in _collection.get("features") or []}
        return {
            **_collection,
            "articles": [*(_collection.get("articles") or []), *extra["articles"]],
            "features": [
                *(_collection.get("features") or []),
                *(f for f in extra["features"] if f["id"] not in seen),
            ],
        }
    files, problems = load_articles(data.articles_dir())
    ids = {a.id for a in files}
    return build_feature_collection_from([*files, *(a for a in stored if a.id not in ids)], problems)


@st.cache_resource(show_spinner=False, max_entries=4)
def _reviewed(machine_key: str, reviews_version: int, _machine: dict, _engine) -> dict:  # noqa: ARG001
    from geodata.review import apply_reviews
    from geodata.store import all_reviews

    return apply_reviews(_machine, all_reviews(_engine) if _engine is not None else [])


@dataclass(frozen=True)
class Loaded:
    machine: dict  # what the pipeline found (no reviews)
    reviewed: dict  # every incident with its review, rejected ones included
    key: str  # cache key of `reviewed`
    store: StoreInfo
    note: str | None = None  # why reviews are not shown, if they are not


def is_packed(collection: dict) -> bool:
    """Packed records of a very large prebuilt file: reviews are not applied to them."""
    features = collection.get("features") or []
    return bool(features) and not isinstance(features[0], dict)


def load(collection: dict, cache_key: str) -> Loaded:
    info = store()
    reviews_version = articles_version = 0
    if info.engine is not None:
        from geodata.store import store_version

        try:
            reviews_version, articles_version = store_version(info.engine)
        except Exception as exc:  # noqa: BLE001 - the server went away: show the files' incidents
            info = StoreInfo(None, info.label, f"{type(exc).__name__}: {exc}")
    if is_packed(collection):
        return Loaded(
            collection, collection, cache_key, info, "Reviews are not applied to prebuilt files this large."
        )
    machine, machine_key = collection, cache_key
    if articles_version:
        machine = _machine_with_stored(cache_key, articles_version, collection, info.engine)
        machine_key = f"{cache_key}+a{articles_version}"
    if not reviews_version:  # nothing reviewed yet: the machine's records as they are (all unreviewed)
        return Loaded(machine, machine, machine_key, info)
    reviewed = _reviewed(machine_key, reviews_version, machine, info.engine)
    return Loaded(machine, reviewed, f"{machine_key}+r{reviews_version}", info)


@st.cache_resource(show_spinner=False, max_entries=2)
def article_bodies(machine_key: str, _engine) -> dict[str, str]:  # noqa: ARG001
    """Article id -> text, for showing the evidence in context."""
    from geodata.articles import load_articles
    from geodata.store import stored_articles

    bodies: dict[str, str] = {}
    directory = data.articles_dir()
    if Path(directory).is_dir():
        try:
            files, _problems = load_articles(directory)
            bodies.update({a.id: a.body for a in files})
        except Exception:  # noqa: BLE001 - texts are context only
            pass
    if _engine is not None:
        bodies.update({a.id: a.body for a in stored_articles(_engine) if a.id not in bodies})
    return bodies
