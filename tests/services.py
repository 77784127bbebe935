"""PostgreSQL and Redis for the tests that need them: skipped when absent, unless CI requires them.

`.ci/run` sets QUIZ_REQUIRE_SERVICES=1: then a missing service fails the test instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

POSTGRES_URL = os.environ.get(
    "QUIZ_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("QUIZ_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def services_required() -> bool:
    return os.environ.get("QUIZ_REQUIRE_SERVICES") == "1"


def unavailable(what: str, reason: str) -> None:
    """Skip the test, or fail it when CI requires the services."""
    message = f"{what} is not reachable ({reason})"
    if services_required():
        pytest.fail(f"{message}, and QUIZ_REQUIRE_SERVICES=1 requires it")
    pytest.skip(message)


def postgres_available() -> bool:
    from sqlalchemy import create_engine

    try:
        engine = create_engine(POSTGRES_URL)
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


def require_postgres() -> str:
    if not postgres_available():
        unavailable("PostgreSQL", POSTGRES_URL)
    return POSTGRES_URL


def require_redis() -> str:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as exc:
        unavailable("Redis", f"{REDIS_URL}: {exc}")
    return REDIS_URL


def test_database_server() -> str | None:
    """The PostgreSQL server the whole suite runs on (QUIZ_TEST_DATABASE_URL), or None: SQLite."""
    return os.environ.get("QUIZ_TEST_DATABASE_URL") or None


def create_database(server_url: str, prefix: str = "quiz_test") -> str:
    """Create a new empty, uniquely named database on `server_url`'s server; return its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = make_url(server_url)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


def drop_database(database_url: str) -> None:
    """Drop a database made by `create_database`, closing whatever still holds it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    # Connect to the server's maintenance database: one cannot drop the database one is in.
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """A new empty PostgreSQL database for one test; dropped afterwards."""
    url = create_database(test_database_server() or require_postgres())
    try:
        yield url
    finally:
        drop_database(url)
