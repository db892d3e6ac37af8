"""Where the store lives and how it is opened: one SQLAlchemy engine for the CLI and the app.

Default: one SQLite file, `$XDG_DATA_HOME/durand-incidents/store.sqlite` (usually
`~/.local/share/...`), no set-up. `DURAND_DB` (any SQLAlchemy URL) or `--db URL` on the command
line choose another; in the app a `[connections.durand]` entry in `.streamlit/secrets.toml` does
(Streamlit's `st.connection` convention). Every engine is brought to the newest schema by the
Alembic migrations shipped in this package before it is used.
"""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError

from ..store_location import ENV_DB, default_db_path, default_db_url  # noqa: F401 (re-exported)

HEAD = "0001"  # the newest migration; tests check that models and migrations agree


class StoreError(RuntimeError):
    """The store cannot be opened or used; the message is safe to show."""


def parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r} (e.g. sqlite:///path.db)") from exc
    if parsed.drivername == "postgresql" or parsed.drivername == "postgres":
        # psycopg (v3) is the driver we install and test; plain postgresql:// would ask for psycopg2
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def sqlite_file(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).expanduser()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL: readers never block the writer; busy_timeout: a second writer waits instead of failing
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.close()


def create_store_engine(url: str | None = None) -> Engine:
    """An engine for `url` (default: `default_db_url()`); the SQLite file's folder is created."""
    parsed = parse_url(url or default_db_url())
    path = sqlite_file(parsed)
    kwargs: dict = {"pool_pre_ping": True}
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        kwargs["connect_args"] = {"connect_timeout": 10}  # an unreachable server fails fast, not in minutes
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder for {path}: {exc.strerror or exc}") from exc
        kwargs = {"connect_args": {"check_same_thread": False, "timeout": 15}}
    try:
        engine = create_engine(parsed, **kwargs)
    except ImportError as exc:
        raise StoreError(
            f"the database driver for {parsed.drivername} is not installed ({exc.name}); "
            "(postgresql+psycopg:// URLs use psycopg, installed with the app)"
        ) from exc
    if path is not None:
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


_migrated: set[str] = set()
_migrate_lock = threading.Lock()


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (Alembic `upgrade head`), once per engine URL."""
    key = engine.url.render_as_string(hide_password=False)
    with _migrate_lock:
        if key in _migrated:
            return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", "geodata.store:migrations")
        try:
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except Exception as exc:  # noqa: BLE001 - unreachable server, bad credentials, read-only file
            raise StoreError(f"cannot open the store at {engine.url!r}: {type(exc).__name__}: {exc}") from exc
        _migrated.add(key)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
