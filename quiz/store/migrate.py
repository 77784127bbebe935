"""`quiz db`: the schema's Alembic migrations, on SQLite and PostgreSQL alike.

The migration scripts ship inside the package (quiz/store/migrations); no alembic.ini is needed.
`quiz serve` and `quiz init-db` call `upgrade` before anything else touches the database.
Nothing heavy is imported at module level: `quiz serve` patches gevent first.
"""

from __future__ import annotations

import sys
from pathlib import Path

HELP = "create or upgrade the database schema (Alembic migrations)"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The revision of the schema `create_all` made before migrations existed (see 0001_initial).
BASELINE = "0001"
# Any constant: one PostgreSQL session lock, so that workers starting together upgrade in turn.
UPGRADE_LOCK = 7_262_020


def alembic_config(url: str, connection=None):
    """An Alembic configuration for the shipped scripts, on `url` (or an open connection)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Create the schema on an empty database, or bring an existing one up to `revision`."""
    from alembic import command
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            postgres = connection.dialect.name == "postgresql"
            if postgres:
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": UPGRADE_LOCK})
                connection.commit()
            try:
                config = alembic_config(url, connection)
                tables = set(inspect(connection).get_table_names())
                if "alembic_version" not in tables and "games" in tables:
                    command.stamp(config, BASELINE)  # made by create_all before migrations
                command.upgrade(config, revision)
                connection.commit()
            finally:
                if postgres:
                    connection.rollback()
                    connection.execute(
                        text("SELECT pg_advisory_unlock(:key)"), {"key": UPGRADE_LOCK}
                    )
                    connection.commit()
    finally:
        engine.dispose()


def current(url: str) -> str | None:
    """The revision the database is at (None when it has never been migrated)."""
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head() -> str:
    """The newest revision the shipped scripts know."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def differences(url: str) -> list:
    """What differs between the database's schema and the models (empty when they match)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    from quiz.store.models import Base

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


# ---- the `quiz db` command -------------------------------------------------------------------


def configure(parser) -> None:
    """Add `quiz db upgrade|downgrade|current|check|history|revision`."""
    actions = parser.add_subparsers(dest="db_action", required=True)
    up = actions.add_parser("upgrade", help="create or upgrade the schema (default: newest)")
    up.add_argument("revision", nargs="?", default="head")
    up.add_argument("--sql", action="store_true", help="print the SQL instead of running it")
    down = actions.add_parser("downgrade", help="go back to an older revision")
    down.add_argument("revision")
    actions.add_parser("current", help="print the database's revision")
    actions.add_parser("check", help="exit 1 when the schema differs from the models")
    actions.add_parser("history", help="list the revisions")
    revision = actions.add_parser("revision", help="(developers) write a new migration script")
    revision.add_argument("-m", "--message", required=True)
    revision.add_argument("--autogenerate", action="store_true",
                          help="fill it with what differs between the database and the models")


def run(args) -> int:
    from alembic import command

    from quiz.config import load_config

    url = load_config()["DATABASE_URL"]
    shown = _hide_password(url)
    if args.db_action == "upgrade":
        if args.sql:
            command.upgrade(alembic_config(url), args.revision, sql=True)
            return 0
        upgrade(url, args.revision)
        print(f"Database {shown} at revision {current(url)}.")
    elif args.db_action == "downgrade":
        command.downgrade(alembic_config(url), args.revision)
        print(f"Database {shown} at revision {current(url)}.")
    elif args.db_action == "current":
        print(current(url) or "none (empty, or made before migrations: run `quiz db upgrade`)")
    elif args.db_action == "history":
        command.history(alembic_config(url))
    elif args.db_action == "check":
        found = differences(url)
        for difference in found:
            print(difference)
        if found:
            print(f"{shown}: the schema differs from the models.", file=sys.stderr)
            return 1
        print(f"{shown}: the schema matches the models.")
    elif args.db_action == "revision":
        command.revision(alembic_config(url), message=args.message,
                         autogenerate=args.autogenerate)
    return 0


def _hide_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
