"""Alembic's entry point: run the migrations on the connection `quiz db` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

from quiz.store.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(**options) -> None:
    context.configure(target_metadata=target_metadata, compare_type=True, **options)


def run_offline() -> None:
    """Write the SQL instead of running it (`quiz db upgrade --sql`, for a DBA to review)."""
    url = config.get_main_option("sqlalchemy.url")
    _configure(url=url, literal_binds=True, render_as_batch=url.startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"), poolclass=NullPool)
    with engine.connect() as connection:
        _run(connection)
        connection.commit()


def _run(connection) -> None:
    # SQLite cannot alter a constraint in place: batch mode copies the table.
    _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
