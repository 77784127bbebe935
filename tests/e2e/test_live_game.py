"""A real server process and 20 real Socket.IO clients over websocket play a whole game."""

from __future__ import annotations

import random

import pytest
import requests

from tests.factories import write_quiz
from tests.live_server import LiveServer, Phone, close_all

pytestmark = pytest.mark.live

PLAYERS = 20
QUESTIONS = 3


@pytest.fixture
def server(tmp_path):
    live = LiveServer(tmp_path, write_quiz(tmp_path / "questions", "live", count=QUESTIONS).parent)
    token = live.create_host()
    live.start()
    live.token = token
    yield live
    live.stop()


def test_twenty_phones_play_three_questions_and_the_scores_add_up(server):
    headers = {"Authorization": f"Bearer {server.token}"}
    game = requests.post(f"{server.url}/api/games", json={"quiz_id": "live"}, headers=headers,
                         timeout=10).json()
    pin = game["pin"]
    host, screen = Phone(server.url), Phone(server.url)
    phones: list[Phone] = []
    try:
        assert host.call("host:join", {"pin": pin, "host_token": game["host_token"]})["ok"]
        assert screen.call("screen:join", {"pin": pin})["ok"]
        ids = {}
        for n in range(PLAYERS):
            phone = Phone(server.url)
            reply = phone.call("player:join", {"pin": pin, "nickname": f"Joueur {n}"})
            assert reply["ok"], reply
            ids[reply["player_id"]] = phone
            phones.append(phone)
        screen.wait_for("lobby", lambda d: d["count"] == PLAYERS)

        rng = random.Random(7)
        assert host.call("host:start")["state"] == "question"
        for index in range(QUESTIONS):
            for phone in phones:
                question = phone.wait_for("question", lambda d, i=index: d["index"] == i)
                assert all("correct" not in c for c in question["choices"])
                choice = rng.choice(["a", "b", "c", "d"])
                assert phone.call("player:answer", {"question": index, "choices": [choice]}) == {
                    "ok": True
                }
            # the last answer closes the question by itself: everyone gets the reveal
            reveal = screen.wait_for("reveal", lambda d, i=index: d["index"] == i)
            assert sum(reveal["distribution"].values()) == PLAYERS
            for phone in phones:
                phone.wait_for("result", lambda d, i=index: d["index"] == i)
            assert host.call("host:next")["state"] == "leaderboard"
            screen.wait_for("leaderboard", lambda d: True)
            assert host.call("host:next")["state"] == ("question" if index < 2 else "finished")

        screen.wait_for("game_over")
        results = requests.get(f"{server.url}/api/games/{pin}/results", headers=headers,
                               timeout=10).json()
        by_id = {p["player_id"]: p for p in results["players"]}
        assert len(by_id) == PLAYERS
        for player_id, phone in ids.items():
            points = sum(r["points"] for r in phone.events["result"])
            final = phone.wait_for("final")
            assert points == by_id[player_id]["score"] == final["score"]
            assert final["rank"] == by_id[player_id]["rank"]
        assert [q["answer_count"] for q in results["questions"]] == [PLAYERS] * QUESTIONS
        podium = screen.wait_for("game_over")["podium"]
        assert podium[0]["score"] == max(p["score"] for p in results["players"])
    finally:
        close_all([host, screen, *phones])


def test_the_question_closes_at_its_deadline_without_the_host(tmp_path):
    live = LiveServer(tmp_path, write_quiz(tmp_path / "q", "fast", count=1, time_limit=5).parent)
    token = live.create_host()
    live.start()
    try:
        game = requests.post(f"{live.url}/api/games", json={"quiz_id": "fast"},
                             headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
        host, phone = Phone(live.url), Phone(live.url)
        host.call("host:join", {"pin": game["pin"], "host_token": game["host_token"]})
        phone.call("player:join", {"pin": game["pin"], "nickname": "Solo"})
        host.call("host:start")
        reveal = phone.wait_for("reveal", timeout=10)
        assert reveal["index"] == 0 and reveal["correct"] == ["b"]
        assert phone.wait_for("result")["answered"] is False
        close_all([host, phone])
    finally:
        live.stop()
