"""`quiz db upgrade` builds the models' schema on an empty SQLite and PostgreSQL database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from quiz.store import migrate
from quiz.store.models import Base
from tests.services import fresh_postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path: Path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    with fresh_postgres_database() as url:
        yield url


def test_upgrading_an_empty_database_gives_exactly_the_models_schema(empty_database):
    migrate.upgrade(empty_database)
    assert migrate.current(empty_database) == migrate.head()
    assert migrate.differences(empty_database) == []
    engine = create_engine(empty_database)
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert set(Base.metadata.tables) <= tables


def test_upgrading_twice_changes_nothing(empty_database):
    migrate.upgrade(empty_database)
    migrate.upgrade(empty_database)
    assert migrate.current(empty_database) == migrate.head()
    assert migrate.differences(empty_database) == []


def test_a_database_made_by_create_all_before_migrations_is_adopted(empty_database):
    engine = create_engine(empty_database)
    Base.metadata.create_all(engine)
    engine.dispose()
    migrate.upgrade(empty_database)
    assert migrate.current(empty_database) == migrate.head()
    assert migrate.differences(empty_database) == []


def test_the_quiz_db_command_upgrades_and_checks(tmp_path: Path):
    env = {"QUIZ_INSTANCE_PATH": str(tmp_path / "instance"), "PATH": "/usr/bin:/bin"}
    upgrade = subprocess.run([sys.executable, "-m", "quiz.cli", "db", "upgrade"], env=env,
                             capture_output=True, text=True, timeout=60)
    assert upgrade.returncode == 0, upgrade.stderr
    assert f"at revision {migrate.head()}" in upgrade.stdout
    check = subprocess.run([sys.executable, "-m", "quiz.cli", "db", "check"], env=env,
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0 and "matches the models" in check.stdout
