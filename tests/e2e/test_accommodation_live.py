"""Accommodation with a real server and real clients: extra time is real time, across restarts."""

from __future__ import annotations

import time

import pytest
import requests

from tests.factories import write_quiz
from tests.live_server import LiveServer, Phone, close_all

pytestmark = pytest.mark.live


@pytest.fixture
def server(tmp_path):
    folder = tmp_path / "questions"
    write_quiz(folder, "short", count=2, time_limit=3)
    write_quiz(folder, "longer", count=1, time_limit=8)
    live = LiveServer(tmp_path, folder)
    live.token = live.create_host()
    live.start()
    yield live
    live.stop()


def open_game(server: LiveServer, quiz_id: str) -> tuple[str, Phone]:
    game = requests.post(f"{server.url}/api/games", json={"quiz_id": quiz_id},
                         headers={"Authorization": f"Bearer {server.token}"}, timeout=10).json()
    pin = game["pin"]
    host = Phone(server.url, rejoin={"event": "host:join",
                                     "payload": {"pin": pin, "host_token": game["host_token"]}})
    assert host.call("host:join", {"pin": pin, "host_token": game["host_token"]})["ok"]
    return pin, host


def join(server: LiveServer, pin: str, nickname: str) -> Phone:
    phone = Phone(server.url)
    reply = phone.call("player:join", {"pin": pin, "nickname": nickname})
    assert reply["ok"], reply
    phone.player_id, phone.token = reply["player_id"], reply["token"]
    return phone


def hall_deadline(phone: Phone, index: int) -> float:
    """When the hall's time on question `index` is over, on this test's monotonic clock
    (the server's `remaining_ms`, read on arrival: never earlier than the server's)."""
    question = phone.wait_for("question", lambda q: q["index"] == index)
    return time.monotonic() + question["remaining_ms"] / 1000


def wait_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


def test_a_double_time_player_answers_after_the_halls_deadline_and_is_scored(server):
    pin, host = open_game(server, "short")
    slow, late, quick = (join(server, pin, name) for name in ("Lent", "Tardif", "Rapide"))
    phones = [host, slow, late, quick]
    try:
        reply = host.call("host:accommodate", {"player_id": slow.player_id, "time_factor": 2})
        assert reply == {"ok": True, "player_id": slow.player_id, "time_factor": 2.0,
                         "no_speed": False}
        lobby = host.wait_for("lobby", lambda d: any(p["time_factor"] == 2.0
                                                      for p in d["players"]))
        assert [p["nickname"] for p in lobby["players"] if p["time_factor"] == 2.0] == ["Lent"]
        assert host.call("host:start")["state"] == "question"
        own = slow.wait_for("accommodation", lambda d: d["index"] == 0 and "remaining_ms" in d)
        assert own["time_limit_ms"] == 6000 and own["remaining_ms"] > 5000
        base = hall_deadline(quick, 0)
        assert quick.call("player:answer", {"question": 0, "choices": ["b"]}) == {"ok": True}

        wait_until(base + 0.5)  # the hall's 3 s are over; "Lent" has 3 s more
        refused = late.call("player:answer", {"question": 0, "choices": ["b"]})
        assert refused["ok"] is False and refused["error"]["code"] == "not_accepting"
        assert host.events["reveal"] == []  # still open for the player with extra time
        assert slow.call("player:answer", {"question": 0, "choices": ["b"]}) == {"ok": True}
        host.wait_for("reveal", lambda r: r["index"] == 0, timeout=5)  # nobody left: at once

        result = slow.wait_for("result", lambda r: r["index"] == 0)
        # answered ~3.5 s into their 6 s: speed over their own time, about 700 points
        assert result["correct"] is True and 600 <= result["points"] <= 800
        assert late.wait_for("result", lambda r: r["index"] == 0)["points"] == 0

        # the phone reconnects (a new socket, as after a network drop): the time is kept
        slow.close()
        again = Phone(server.url)
        phones.append(again)
        resumed = again.call("player:resume", {"pin": pin, "token": slow.token})
        assert resumed["ok"] and resumed["time_factor"] == 2.0 and resumed["no_speed"] is False
        assert host.call("host:next")["ok"] and host.call("host:next")["state"] == "question"
        own = again.wait_for("accommodation", lambda d: d["index"] == 1 and "remaining_ms" in d)
        assert own["time_limit_ms"] == 6000
        wait_until(hall_deadline(quick, 1) + 0.5)
        assert again.call("player:answer", {"question": 1, "choices": ["b"]}) == {"ok": True}
    finally:
        close_all(phones)


def test_the_extra_time_survives_a_server_restart(server):
    """Killed mid-question and restarted: past the hall's deadline, the question is still open
    for the player with extra time (not paused as an orphaned question), and closes at once
    when they answer."""
    pin, host = open_game(server, "longer")  # 8 s; "Lent" has 16 s
    slow = join(server, pin, "Lent")
    other = join(server, pin, "Autre")
    slow_again = Phone(server.url, rejoin={"event": "player:resume",
                                           "payload": {"pin": pin, "token": slow.token}})
    resumed = slow_again.call("player:resume", {"pin": pin, "token": slow.token})
    slow_again.rejoin["payload"]["token"] = resumed["token"]
    slow.close()
    phones = [host, slow_again, other]
    try:
        assert host.call("host:accommodate", {"player_id": slow.player_id,
                                              "time_factor": 2})["ok"]
        assert host.call("host:start")["ok"]
        base = hall_deadline(other, 0)
        assert other.call("player:answer", {"question": 0, "choices": ["a"]}) == {"ok": True}
        slow_again.events["accommodation"].clear()

        server.stop(kill=True)
        server.start()

        back = slow_again.wait_for("rejoined", timeout=20)
        down_s = time.monotonic() - (base - 8)
        assert back["ok"] and back["state"] == "question", (back, down_s)
        assert back["time_factor"] == 2.0
        own = slow_again.events["accommodation"][-1]  # the snapshot's, sent before the ack
        assert own["index"] == 0 and own["time_limit_ms"] == 16_000 and own["remaining_ms"] > 0
        wait_until(base + 0.5)  # the hall's time is over (during the restart, or now)
        assert slow_again.events["reveal"] == [], down_s
        answer = slow_again.call("player:answer", {"question": 0, "choices": ["b"]})
        assert answer == {"ok": True}, (answer, down_s)
        reveal = slow_again.wait_for("reveal", lambda r: r["index"] == 0, timeout=5)
        assert reveal["distribution"]["a"] == 1 and reveal["distribution"]["b"] == 1
    finally:
        close_all(phones)
