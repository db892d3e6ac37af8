"""Every storage test runs twice: on a SQLite file and on a real PostgreSQL server started here."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import text

from .pg import postgres_server

_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_server_url():
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh, empty database: a new SQLite file, or a new database on the session's server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    from geodata.store import create_store_engine

    server = request.getfixturevalue("pg_server_url")
    name = f"t{next(_counter)}"
    admin = create_store_engine(server).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return server.rsplit("/", 1)[0] + "/" + name
