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
        if not kill and self.log_path.exists():  # pytest shows it when the test failed
            print(f"--- the end of {self.log_path.name}:", *self.log_path.read_text(
                errors="replace").splitlines()[-40:], sep="\n")
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
        `events["rejoined"]`, and a reply's new `token` replaces the payload's (tokens rotate
        at each resume)."""
        self.url = url
        self.rejoin = rejoin
        self.sio = socketio.Client(
            reconnection=rejoin is not None, reconnection_delay=0.2, reconnection_delay_max=1,
        )
        self.events: dict[str, list] = defaultdict(list)
        self._changed = threading.Condition()
        self._connections = 0
        self.generation = 0  # connections opened so far: one more at each reconnection
        self.rejoined_generation = 0  # the connection the last successful rejoin was made on
        self.drops = 0  # connections lost (cut by `drop`, by the server, or the network)
        self.sio.on("*", self._record)
        self.sio.on("connect", self._on_connect)
        self.sio.on("disconnect", self._on_disconnect)
        self.sio.connect(url, transports=list(transports), wait_timeout=10)

    def _on_connect(self) -> None:
        with self._changed:
            self._connections += 1
            self.generation = generation = self._connections
            self._changed.notify_all()
        if self._connections > 1 and self.rejoin is not None:
            self.sio.emit(self.rejoin["event"], self.rejoin["payload"],
                          callback=lambda reply: self._rejoined(reply, generation))

    def _on_disconnect(self, *_reason) -> None:
        with self._changed:
            self.drops += 1
            self._changed.notify_all()

    def _rejoined(self, reply, generation: int) -> None:
        with self._changed:
            if isinstance(reply, dict) and reply.get("ok"):
                if reply.get("token") and self.rejoin is not None:
                    self.rejoin["payload"]["token"] = reply["token"]
                self.rejoined_generation = max(self.rejoined_generation, generation)
        self._record("rejoined", reply)

    def identify(self, timeout: float = 10) -> dict:
        """Send the `rejoin` event now, on this connection, as a reconnection would."""
        generation = self.generation
        reply = self.call(self.rejoin["event"], self.rejoin["payload"], timeout=timeout)
        self._rejoined(reply, generation)
        return reply

    def wait_rejoined(self, timeout: float = 30) -> None:
        """Wait until the current connection is identified again (its rejoin answered `ok`)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not (self.sio.connected and self.rejoined_generation == self.generation):
                replies = self.events["rejoined"]
                last = replies[-1] if replies else None
                if isinstance(last, dict) and not last.get("ok") and self.sio.connected:
                    raise RuntimeError(f"rejoin refused: {last}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"not rejoined within {timeout}s (generation "
                                       f"{self.generation}, last rejoined "
                                       f"{self.rejoined_generation})")
                self._changed.wait(left)

    def wait_connected(self, generation: int, timeout: float = 30) -> None:
        """Wait until connection number `generation` (or a later one) is open."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self.generation < generation:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"connection {generation} not open within {timeout}s")
                self._changed.wait(left)

    def drop(self, read_only: bool = False, timeout: float = 10) -> None:
        """Cut the network under the socket, as a phone losing Wi-Fi: no goodbye is sent, the
        server sees a dead connection, and the client reconnects by itself (with `rejoin`).
        `read_only`: what was sent still goes out, but nothing more comes in (an answer that
        reaches the server while its acknowledgement is lost). Returns once the client knows."""
        ws = getattr(self.sio.eio, "ws", None)
        sock = getattr(ws, "sock", None)
        if sock is None or not self.sio.connected:
            return
        with self._changed:
            drops = self.drops
        try:
            sock.shutdown(socket.SHUT_RD if read_only else socket.SHUT_RDWR)
        except OSError:  # already gone
            pass
        deadline = time.monotonic() + timeout
        with self._changed:
            while self.drops == drops and time.monotonic() < deadline:
                self._changed.wait(deadline - time.monotonic())

    def send(self, event: str, payload=None, timeout: float = 10,
             drop_after_s: float | None = None, drop_read_only: bool = False,
             lose_ack: bool = False):
        """Emit and wait for the acknowledgement; None when the connection dropped (or the time
        ran out) before it came. `drop_after_s`: cut the network that long after the emit
        (`drop_read_only`: only what comes in), so that the acknowledgement may be lost while
        the server may still have acted. `lose_ack`: the server surely acted, but its
        acknowledgement is thrown away and the network cut, as if the ack was lost on the way."""
        box: list = []
        done = threading.Event()

        def acknowledged(*reply) -> None:
            box.append(reply[0] if reply else None)
            done.set()
            with self._changed:
                self._changed.notify_all()

        drops = self.drops
        try:
            self.sio.emit(event, payload if payload is not None else {}, callback=acknowledged)
        except socketio.exceptions.SocketIOError:
            return None
        if drop_after_s is not None:
            if drop_after_s > 0:
                time.sleep(drop_after_s)  # when the simulated network cut comes, not a wait
            self.drop(read_only=drop_read_only)
        deadline = time.monotonic() + timeout
        with self._changed:
            while not done.is_set() and self.drops == drops:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
        if lose_ack:
            self.drop()
            return None
        return box[0] if box else None

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
        self.sio.shutdown()  # disconnects, or stops the reconnection attempts under way


def join_players(url: str, pin: str, nicknames: list[str], concurrency: int = 1) -> list[Phone]:
    """Phones that join as `nicknames` and resume with their (rotating) token on every
    reconnection, as play.js does; each has `player_id`, `nickname` and `recovery_code`."""

    def join(nickname: str) -> Phone:
        phone = Phone(url, rejoin={"event": "player:resume", "payload": {"pin": pin}})
        reply = phone.call("player:join", {"pin": pin, "nickname": nickname}, timeout=30)
        assert reply["ok"], reply
        phone.rejoin["payload"]["token"] = reply["token"]
        phone.rejoined_generation = phone.generation
        phone.player_id, phone.nickname = reply["player_id"], reply["nickname"]
        phone.recovery_code = reply["recovery_code"]
        return phone

    if concurrency <= 1:
        return [join(nickname) for nickname in nicknames]
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(join, nicknames))


def close_all(phones: list[Phone]) -> None:
    """Disconnect many clients at once (each disconnect waits for the close handshake)."""
    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(Phone.close, phones))
