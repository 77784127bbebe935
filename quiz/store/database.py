"""Engine and session factory for the configured database URL."""

from __future__ import annotations

import os

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from quiz.store.models import Base


class Database:
    """The connection to one database; created unbound, attached with `init_app`."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.sessions: sessionmaker[Session] | None = None
        # Several processes share this database (see GameStore): caches must check it.
        self.shared = False

    def connect(self, url: str) -> None:
        """Create the engine (no connection is opened until first use)."""
        # A server may have closed an idle connection; a SQLite file never does (and the ping
        # would be one more statement before every answer written).
        options: dict[str, object] = {"pool_pre_ping": not url.startswith("sqlite")}
        if os.environ.get("QUIZ_DATABASE_POOL") == "none":  # tests: no idle connections kept
            options = {"poolclass": NullPool}
        if url.startswith("sqlite"):
            options["connect_args"] = {"check_same_thread": False, "timeout": 30}
        self.engine = create_engine(url, **options)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _tune_sqlite)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def init_app(self, app) -> None:
        url = app.config["DATABASE_URL"]
        self.connect(url)
        shared = app.config.get("SHARED_STATE")
        if shared is None:  # a message queue or a server database means several processes
            shared = bool(app.config.get("MESSAGE_QUEUE")) or not url.startswith("sqlite")
        self.shared = bool(shared)
        app.extensions["quiz_db"] = self

    def session(self) -> Session:
        assert self.sessions is not None, "Database.connect() was not called"
        return self.sessions()

    def create_all(self) -> None:
        """Create missing tables."""
        assert self.engine is not None
        Base.metadata.create_all(self.engine)

    def ping(self) -> bool:
        assert self.engine is not None
        with self.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        return True


def _tune_sqlite(dbapi_connection, _record) -> None:
    # WAL lets the projector's reads run beside answer writes; NORMAL sync is still durable
    # across a process crash (the case we guard against), and far faster than FULL.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
