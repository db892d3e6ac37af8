"""Alembic environment: migrations run on the connection geodata.store.engine.migrate passes in
(`config.attributes["connection"]`), or on `sqlalchemy.url` for the `alembic` command line."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from geodata.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_on(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    engine = engine_from_config(
        config.get_section(config.config_ini_section) or {}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as conn:
        run_on(conn)
