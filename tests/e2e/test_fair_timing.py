"""Fair timing: a phone 300 ms further away scores (almost) as a phone next to the server."""

from __future__ import annotations

import threading
import time

import pytest
import requests

from quiz.engine.scoring import points_for
from tests.factories import write_quiz
from tests.live_server import LiveServer, Phone, close_all
from tests.network_delay import DelayProxy

pytestmark = pytest.mark.live

TIME_LIMIT_S = 10
HUMAN_S = 1.0  # both players press the right answer one second after seeing the question
ADDED_ROUND_TRIP_S = 0.3


def answer_after_a_human_moment(phone: Phone, replies: dict) -> None:
    phone.wait_for("question", lambda d: d["index"] == 0, timeout=15)
    time.sleep(HUMAN_S)  # the player's own thinking time, the same for both
    replies[phone] = phone.call("player:answer", {"question": 0, "choices": ["b"]})


def test_a_slow_network_costs_less_than_two_percent_of_the_points(tmp_path):
    questions = write_quiz(tmp_path / "q", "fair", count=1, time_limit=TIME_LIMIT_S).parent
    server = LiveServer(tmp_path, questions)
    token = server.create_host()
    server.start()
    proxy = DelayProxy(server.port, ADDED_ROUND_TRIP_S / 2)
    phones: list[Phone] = []
    try:
        game = requests.post(f"{server.url}/api/games", json={"quiz_id": "fair"},
                             headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
        host = Phone(server.url)
        assert host.call("host:join", {"pin": game["pin"], "host_token": game["host_token"]})["ok"]
        near, far = Phone(server.url), Phone(proxy.url)
        phones = [host, near, far]
        for n, phone in enumerate((near, far)):
            assert phone.call("player:join", {"pin": game["pin"], "nickname": f"J{n}"})["ok"]
            phone.wait_for("clock")  # the server probed this phone's round trip at join

        replies: dict = {}
        threads = [threading.Thread(target=answer_after_a_human_moment, args=(p, replies))
                   for p in (near, far)]
        for thread in threads:
            thread.start()
        assert host.call("host:start")["state"] == "question"
        for thread in threads:
            thread.join(timeout=20)
        assert replies[near] == {"ok": True} and replies[far] == {"ok": True}

        near_points = near.wait_for("result")["points"]
        far_points = far.wait_for("result")["points"]
        assert abs(near_points - far_points) / near_points < 0.02, (near_points, far_points)
        # Without the credit, the far phone would lose the whole added round trip.
        uncredited_gap = points_for(True, 0, TIME_LIMIT_S * 1000) - points_for(
            True, round(ADDED_ROUND_TRIP_S * 1000), TIME_LIMIT_S * 1000)
        assert near_points - far_points < 0.75 * uncredited_gap, (near_points, far_points)
    finally:
        close_all(phones)
        proxy.close()
        server.stop()
