"""Socket.IO test clients (handler logic only: no transport, no timing)."""

from __future__ import annotations

import time

import pytest

from quiz.web.limits import limits_of
from quiz.web.wiring import socketio


class Peer:
    """One Flask-SocketIO test client with helpers to send and to read what it received."""

    def __init__(self, app, flask_client) -> None:
        self.sio = socketio.test_client(app, flask_test_client=flask_client)
        self._seen: list[dict] = []
        self.join_reply: dict = {}

    def emit(self, event: str, payload=None) -> dict:
        if payload is None:
            reply = self.sio.emit(event, callback=True)
        else:
            reply = self.sio.emit(event, payload, callback=True)
        if event == "player:join" and reply.get("ok"):
            self.join_reply = reply
        return reply

    def received(self, name: str | None = None) -> list[dict]:
        """Every event received so far (kept across calls), optionally only one name."""
        self._seen.extend(self.sio.get_received())
        return [
            e["args"][0] if e["args"] else None for e in self._seen
            if name is None or e["name"] == name
        ]

    def wait_for(self, name: str, predicate=lambda data: True, timeout: float = 5.0) -> dict:
        """The latest `name` event matching `predicate`, waiting for background emits."""
        deadline = time.monotonic() + timeout
        while True:
            matching = [data for data in self.received(name) if predicate(data)]
            if matching:
                return matching[-1]
            if time.monotonic() > deadline:
                raise AssertionError(f"no matching {name!r} within {timeout}s")
            time.sleep(0.01)

    def last(self, name: str) -> dict:
        events = self.received(name)
        assert events, f"no {name!r} event received"
        return events[-1]


@pytest.fixture
def peer(app, client):
    """Make new connected test clients."""
    peers: list[Peer] = []

    def connect() -> Peer:
        peers.append(Peer(app, client))
        return peers[-1]

    yield connect
    for p in peers:
        if p.sio.is_connected():
            p.sio.disconnect()


@pytest.fixture
def started(new_game, peer):
    """A game with a host and two players, question 0 open: (game, host, alice, bob)."""
    game = new_game()
    host = peer()
    assert host.emit("host:join", {"pin": game["pin"], "host_token": game["host_token"]})["ok"]
    alice, bob = peer(), peer()
    assert alice.emit("player:join", {"pin": game["pin"], "nickname": "Alice"})["ok"]
    assert bob.emit("player:join", {"pin": game["pin"], "nickname": "Bob"})["ok"]
    assert host.emit("host:start")["ok"]
    return game, host, alice, bob


def error_code(reply: dict) -> str:
    """The code of a refusal, which must also carry a readable message."""
    assert reply["ok"] is False, reply
    assert reply["error"]["message"]
    return reply["error"]["code"]


@pytest.fixture
def limits(app, clock):
    """The app's limiters, on the test's clock."""
    found = limits_of(app)
    found.set_clock(clock)
    return found


PICKS = [("b", "a"), ("b", "c"), ("b", "b")]


@pytest.fixture
def finished(started, clock):
    """The `started` game played to the end, Alice answering after 2 s and Bob after 5 s
    (the right answer is always "b": Alice is right every time, Bob only on the last question):
    (game, host, alice, bob)."""
    game, host, alice, bob = started
    for index, (alice_pick, bob_pick) in enumerate(PICKS):
        clock.advance(2)
        assert alice.emit("player:answer", {"question": index, "choices": [alice_pick]})["ok"]
        clock.advance(3)
        assert bob.emit("player:answer", {"question": index, "choices": [bob_pick]})["ok"]
        assert host.emit("host:next")["ok"]  # reveal -> leaderboard
        assert host.emit("host:next")["ok"]  # next question, or finished after the last
    return game, host, alice, bob


@pytest.fixture
def logged_in(client, host_user):
    """The test client, logged in as the host."""
    name, password, _token = host_user
    client.get("/host/login")
    with client.session_transaction() as session:
        csrf = session["csrf"]
    response = client.post("/host/login", data={"username": name, "password": password,
                                                 "csrf_token": csrf})
    assert response.status_code == 302
    return client
