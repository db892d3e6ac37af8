"""Where the store lives by default, without importing SQLAlchemy: a read-only visit to the app
with no store file yet asks only this (geodata.store.engine opens the database)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "DURAND_DB"


def default_db_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "durand-incidents" / "store.sqlite"


def default_db_url() -> str:
    """`DURAND_DB` when set, else the default SQLite file."""
    return os.environ.get(ENV_DB) or f"sqlite:///{default_db_path()}"


def unopened_default_file() -> Path | None:
    """The default SQLite file when it is the store in use (no `DURAND_DB`) and does not exist
    yet: nothing stored, so a reader need not open a database at all."""
    if os.environ.get(ENV_DB):
        return None
    path = default_db_path()
    return None if path.exists() else path
