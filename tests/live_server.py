"""A real `quiz serve` process on a free port, and real python-socketio clients for it."""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
import socketio

from tests.services import create_database, drop_database, test_database_server

# Databases made for live servers and not yet dropped: dropped at exit if a test left one.
_owned_databases: set[str] = set()


@atexit.register
def _drop_leftover_databases() -> None:
    for url in list(_owned_databases):
        try:
            drop_database(url)
        except Exception:  # the server may be gone already; nothing more to do at exit
            pass
        _owned_databases.discard(url)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """Start `quiz serve` in its own instance folder; stop it (or kill it) on demand.

    The database is the instance folder's SQLite file, unless QUIZ_TEST_DATABASE_URL names a
    PostgreSQL server: then each LiveServer gets a fresh database of its own on that server,
    kept across `stop(kill=True)` and `start()` (a restart finds its data again) and dropped by
    the final `stop()`. A caller's own QUIZ_DATABASE_URL in `env` (several processes sharing one
    database) wins, and that database stays the caller's to drop.
    """

    def __init__(self, workdir: Path, questions: Path, env: dict | None = None) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "QUIZ_INSTANCE_PATH": str(workdir / "instance"),
            "QUIZ_QUESTIONS_PATH": str(questions),
            "QUIZ_PUBLIC_URL": self.url,
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        self.database_url: str | None = None  # the database this server owns, if any
        if "QUIZ_DATABASE_URL" not in (env or {}):
            server = test_database_server()
            if server:
                self.database_url = create_database(server, prefix="quiz_live")
                _owned_databases.add(self.database_url)
                self.env["QUIZ_DATABASE_URL"] = self.database_url
            else:  # never inherit the developer's own database from the environment
                self.env.pop("QUIZ_DATABASE_URL", None)
        self.process: subprocess.Popen | None = None
        self.log_path = workdir / f"server-{self.port}.log"

    def quiz(self, *args: str) -> str:
        """Run another `quiz` command against the same instance; return its output."""
        done = subprocess.run(
            [sys.executable, "-m", "quiz.cli", *args], env=self.env, capture_output=True,
            text=True, timeout=60, check=True,
        )
        return done.stdout

    def create_host(self, name: str = "host") -> str:
        out = self.quiz("create-user", name, "--role", "host", "--password", "motdepasse")
        return out.split("API token (shown once): ")[1].split()[0]

    def start(self, timeout: float = 60) -> LiveServer:
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "quiz.cli", "serve", "--host", "127.0.0.1",
             "--port", str(self.port)],
            env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"server did not answer in {timeout}s: {self.log_path.read_text()}")

    def stop(self, kill: bool = False) -> None:
        """Terminate the server and drop its own database; or, with `kill`, SIGKILL it and
        keep everything for a `start()` on the same data."""
        if self.process and self.process.poll() is None:
            self.process.kill() if kill else self.process.terminate()
            self.process.wait(timeout=10)
        if not kill and self.database_url:
            drop_database(self.database_url)
            _owned_databases.discard(self.database_url)
            self.database_url = None


class Phone:
    """A real Socket.IO client that records every event and can wait for one."""

    def __init__(self, url: str, transports: tuple[str, ...] = ("websocket",),
                 rejoin: dict | None = None) -> None:
        """`rejoin`: an event and payload to send again after every reconnection, as a phone
        page does (e.g. `{"event": "player:resume", "payload": {...}}`); replies go to
        `events["rejoined"]`."""
        self.url = url
        self.rejoin = rejoin
        self.sio = socketio.Client(
            reconnection=rejoin is not None, reconnection_delay=0.2, reconnection_delay_max=1,
        )
        self.events: dict[str, list] = defaultdict(list)
        self._changed = threading.Condition()
        self._connections = 0
        self.sio.on("*", self._record)
        self.sio.on("connect", self._on_connect)
        self.sio.connect(url, transports=list(transports), wait_timeout=10)

    def _on_connect(self) -> None:
        self._connections += 1
        if self._connections > 1 and self.rejoin is not None:
            self.sio.emit(self.rejoin["event"], self.rejoin["payload"],
                          callback=lambda reply: self._record("rejoined", reply))

    def _record(self, event: str, data=None) -> None:
        with self._changed:
            self.events[event].append(data)
            self._changed.notify_all()

    def call(self, event: str, payload=None, timeout: float = 10) -> dict:
        return self.sio.call(event, payload if payload is not None else {}, timeout=timeout)

    def wait_for(self, event: str, predicate=lambda data: True, timeout: float = 10):
        """Return the first `event` whose payload satisfies `predicate`, waiting if needed."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for data in self.events[event]:
                    if predicate(data):
                        return data
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no {event!r} matching within {timeout}s")
                self._changed.wait(left)

    def close(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()


def close_all(phones: list[Phone]) -> None:
    """Disconnect many clients at once (each disconnect waits for the close handshake)."""
    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(Phone.close, phones))
