"""Shared fixtures: an app on a fresh database, a logged-in host, socket clients.

The database is a fresh SQLite file per test; with QUIZ_TEST_DATABASE_URL (a PostgreSQL
server, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) the in-process apps share one
database made for this pytest session on that server and emptied before each test, and every
live server (tests/live_server.py) gets a database of its own there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from quiz import create_app
from quiz.cli import load_quiz_files
from quiz.store import users
from quiz.store.models import Base
from tests.factories import write_quiz
from tests.services import create_database, drop_database, test_database_server

if test_database_server():
    # Every app of the suite and every server it starts opens connections only while it uses
    # them: timers of finished tests would otherwise keep pools alive until PostgreSQL's 100
    # connections run out ("too many clients").
    os.environ.setdefault("QUIZ_DATABASE_POOL", "none")


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def questions_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "questions"
    write_quiz(folder, "test", count=3)
    return folder


@pytest.fixture(scope="session")
def session_database_url():
    """With QUIZ_TEST_DATABASE_URL: one new database on that server for this session's apps
    (a session of its own, so that two test runs on one server never empty each other's)."""
    server = test_database_server()
    if not server:
        yield None
        return
    url = create_database(server, prefix="quiz_session")
    try:
        yield url
    finally:
        drop_database(url)


@pytest.fixture
def app(tmp_path: Path, questions_dir: Path, clock: FakeClock, session_database_url):
    app = create_app({
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret",
        "PUBLIC_URL": "http://quiz.test",
        "QUESTIONS_PATH": str(questions_dir),
        "CLOCK": clock,
        "DATABASE_URL": session_database_url or f"sqlite:///{tmp_path / 'quiz.db'}",
    })
    db = app.extensions["quiz_db"]
    if session_database_url:  # one server database for every test: reset it
        Base.metadata.drop_all(db.engine)
    db.create_all()
    load_quiz_files(db, [questions_dir])
    yield app
    # Throttled lists, timers and auto steps outlive a test: stop them before the next test
    # empties the database they would read.
    app.extensions["quiz_broadcaster"].close()
    db.engine.dispose()


@pytest.fixture
def db(app):
    return app.extensions["quiz_db"]


@pytest.fixture
def host_user(db):
    """A host account: (name, password, api_token)."""
    _user, token = users.create_user(db, "hote", "host", "motdepasse")
    return "hote", "motdepasse", token


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def api_headers(host_user) -> dict:
    return {"Authorization": f"Bearer {host_user[2]}"}


@pytest.fixture
def new_game(client, api_headers):
    """Open a game of the test quiz through the API; return its JSON body."""

    def open_game(quiz_id: str = "test", **settings) -> dict:
        response = client.post(
            "/api/games", json={"quiz_id": quiz_id, "settings": settings}, headers=api_headers
        )
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.get_json()

    return open_game
