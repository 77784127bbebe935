"""`kill -9` the server mid-question, start it again on the same database: nothing is lost."""

from __future__ import annotations

import time

import pytest
import requests

from quiz.web.live import ORPHAN_S
from tests.factories import write_quiz
from tests.live_server import LiveServer, Phone, close_all, join_players

pytestmark = pytest.mark.live


def open_game(server: LiveServer, token: str, quiz_id: str) -> dict:
    return requests.post(f"{server.url}/api/games", json={"quiz_id": quiz_id},
                         headers={"Authorization": f"Bearer {token}"}, timeout=10).json()


def join_phones(server: LiveServer, pin: str, count: int) -> list[Phone]:
    """Real phones that resume with their rotating token on every reconnection (play.js)."""
    return join_players(server.url, pin, [f"Tel {n}" for n in range(count)])


@pytest.fixture
def server(tmp_path):
    folder = tmp_path / "questions"
    write_quiz(folder, "long", count=2, time_limit=60)
    write_quiz(folder, "short", count=1, time_limit=3)
    live = LiveServer(tmp_path, folder)
    live.token = live.create_host()
    live.start()
    yield live
    live.stop()


def test_a_killed_server_comes_back_mid_question_with_every_acknowledged_answer(server):
    game = open_game(server, server.token, "long")
    pin = game["pin"]
    host = Phone(server.url, rejoin={"event": "host:join",
                                     "payload": {"pin": pin, "host_token": game["host_token"]}})
    assert host.call("host:join", {"pin": pin, "host_token": game["host_token"]})["ok"]
    phones = join_phones(server, pin, 5)
    try:
        assert host.call("host:start")["state"] == "question"
        for phone in phones[:3]:
            phone.wait_for("question")
            assert phone.call("player:answer", {"question": 0, "choices": ["b"]}) == {"ok": True}

        server.stop(kill=True)
        server.start()

        for phone in [*phones, host]:
            reply = phone.wait_for("rejoined", timeout=20)
            assert reply["ok"], reply
        assert [p.events["rejoined"][-1]["answered"] for p in phones] == [True] * 3 + [False] * 2
        assert all(p.events["rejoined"][-1]["state"] == "question" for p in phones)
        for phone in phones:  # each phone is back on the open question, deadline kept
            question = phone.wait_for("question", lambda d: d["remaining_ms"] < 60_000)
            assert question["index"] == 0 and question["remaining_ms"] > 30_000
        assert phones[0].call("player:answer", {"question": 0, "choices": ["b"]})["error"][
            "code"] == "already_answered"
        for phone in phones[3:]:
            assert phone.call("player:answer", {"question": 0, "choices": ["a"]}) == {"ok": True}
        reveal = host.wait_for("reveal", timeout=10)
        assert reveal["distribution"] == {"a": 2, "b": 3, "c": 0, "d": 0}
        results = requests.get(f"{server.url}/api/games/{pin}/results",
                               headers={"Authorization": f"Bearer {server.token}"}, timeout=10)
        assert results.json()["questions"][0]["answer_count"] == 5
    finally:
        close_all([host, *phones])


def test_a_question_whose_deadline_passed_while_down_comes_back_paused(server):
    game = open_game(server, server.token, "short")
    pin = game["pin"]
    host = Phone(server.url)
    assert host.call("host:join", {"pin": pin, "host_token": game["host_token"]})["ok"]
    phones = join_phones(server, pin, 2)
    try:
        host.call("host:start")
        phones[0].wait_for("question")
        assert phones[0].call("player:answer", {"question": 0, "choices": ["b"]}) == {"ok": True}
        server.stop(kill=True)
        # The question's 3 s run out while the server is down. On a server database (shared
        # state: other processes may be running its timer) it is only orphaned, hence paused,
        # once it is still open ORPHAN_S after its deadline; before that, a restarting process
        # closes it as any surviving process's sweeper would (docs/protocol.md, Restarts).
        time.sleep(3.5 + (ORPHAN_S if server.database_url else 0.0))
        server.start()
        state = requests.get(f"{server.url}/api/games/{pin}",
                             headers={"Authorization": f"Bearer {server.token}"}, timeout=10)
        assert state.json()["state"] == "paused"
        host.close()
        host = Phone(server.url)
        assert host.call("host:join", {"pin": pin, "host_token": game["host_token"]})["ok"]
        assert host.call("host:resume")["state"] == "question"
        phones[1].wait_for("rejoined", timeout=20)
        assert phones[1].call("player:answer", {"question": 0, "choices": ["b"]}) == {"ok": True}
        reveal = host.wait_for("reveal", timeout=15)
        assert reveal["distribution"]["b"] == 2
    finally:
        close_all([host, *phones])
