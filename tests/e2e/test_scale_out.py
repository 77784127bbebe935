"""Two server processes on one PostgreSQL database and one Redis play one game together.

The host is on process A, the projector on process B, the phones split between them. Every
client must receive every question, reveal and leaderboard exactly once; each answer counts
once; each question's timer closes it exactly once, whichever process runs it; and when A is
killed mid-question, B closes the question at its deadline and the host finishes on B.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid

import pytest
import requests

from tests.factories import write_quiz
from tests.live_server import LiveServer, Phone, close_all, free_port
from tests.services import fresh_postgres_database, require_redis

pytestmark = pytest.mark.live

PLAYERS = 40
QUESTIONS = 3
TIME_LIMIT_S = 5


@pytest.fixture
def cluster(tmp_path):
    """Processes A and B sharing a fresh PostgreSQL database and a private Redis channel."""
    redis_url = require_redis()
    questions = write_quiz(tmp_path / "questions", "scale", count=QUESTIONS,
                           time_limit=TIME_LIMIT_S).parent
    with fresh_postgres_database() as database_url:
        env = {
            "QUIZ_DATABASE_URL": database_url,
            "QUIZ_MESSAGE_QUEUE": redis_url,
            "QUIZ_MESSAGE_QUEUE_CHANNEL": f"quiz-test-{uuid.uuid4().hex[:8]}",
        }
        servers = [LiveServer(tmp_path, questions, env) for _ in range(2)]
        try:
            servers[0].token = servers[0].create_host()
            for server in servers:
                server.start()
            yield servers
        finally:
            for server in servers:
                server.stop()


def open_game(server: LiveServer, token: str) -> dict:
    response = requests.post(f"{server.url}/api/games", json={"quiz_id": "scale"},
                             headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def events_of(phone: Phone, event: str, index: int) -> list:
    return [data for data in phone.events[event] if data.get("index") == index]


def test_two_processes_play_one_game_and_every_question_closes_once(cluster):
    a, b = cluster
    game = open_game(a, a.token)
    pin = game["pin"]
    host, screen = Phone(a.url), Phone(b.url)
    phones: list[Phone] = []
    try:
        assert host.call("host:join", {"pin": pin, "host_token": game["host_token"]})["ok"]
        assert screen.call("screen:join", {"pin": pin})["ok"]
        for n in range(PLAYERS):
            phone = Phone((a, b)[n % 2].url)
            reply = phone.call("player:join", {"pin": pin, "nickname": f"Joueur {n}"})
            assert reply["ok"], reply
            phone.player_id = reply["player_id"]
            phones.append(phone)
        screen.wait_for("lobby", lambda d: d["count"] == PLAYERS)

        everyone = [host, screen, *phones]
        assert host.call("host:start")["state"] == "question"
        for index in range(QUESTIONS):
            for n, phone in enumerate(phones):
                phone.wait_for("question", lambda d, i=index: d["index"] == i)
                if n == 0:
                    continue  # one phone stays silent: the timer, not the last answer, closes
                choice = "b" if n % 3 else "c"
                assert phone.call("player:answer", {"question": index, "choices": [choice]}) \
                    == {"ok": True}
            # Retries of an acknowledged answer are refused, on either process.
            assert phones[1].call("player:answer", {"question": index, "choices": ["b"]})[
                "error"]["code"] == "already_answered"
            for client in everyone:
                client.wait_for("reveal", lambda d, i=index: d["index"] == i,
                                timeout=TIME_LIMIT_S + 10)
            reveal = screen.wait_for("reveal", lambda d, i=index: d["index"] == i)
            assert sum(reveal["distribution"].values()) == PLAYERS - 1
            for phone in phones:
                phone.wait_for("result", lambda d, i=index: d["index"] == i)
            assert host.call("host:next")["state"] == "leaderboard"
            for client in everyone:
                client.wait_for("leaderboard")
            assert host.call("host:next")["state"] == ("question" if index < 2 else "finished")
            if index < QUESTIONS - 1:
                for client in everyone:  # wait for the next leaderboard afresh
                    client.events["leaderboard"].clear()

        for client in everyone:
            client.wait_for("game_over")
        # Exactly once: one question, one reveal and one result per client and question, from
        # whichever process ran the timer (both processes sweep for overdue questions).
        for index in range(QUESTIONS):
            assert [len(events_of(c, "reveal", index)) for c in everyone] == [1] * len(everyone)
            assert [len(events_of(c, "question", index)) for c in everyone] \
                == [1] * len(everyone)
            assert [len(events_of(p, "result", index)) for p in phones] == [1] * PLAYERS

        results = requests.get(f"{b.url}/api/games/{pin}/results",
                               headers={"Authorization": f"Bearer {a.token}"}, timeout=10).json()
        assert [q["answer_count"] for q in results["questions"]] == [PLAYERS - 1] * QUESTIONS
        scores = {p["player_id"]: p["score"] for p in results["players"]}
        assert len(scores) == PLAYERS
        for phone in phones:
            assert scores[phone.player_id] == sum(r["points"] for r in phone.events["result"])
    finally:
        close_all([host, screen, *phones])


def test_when_process_a_dies_mid_question_b_closes_it_and_the_host_finishes_on_b(cluster):
    a, b = cluster
    game = open_game(a, a.token)
    pin = game["pin"]
    host, screen = Phone(a.url), Phone(b.url)
    on_a: list[Phone] = []
    on_b: list[Phone] = []
    tokens = {}
    try:
        assert host.call("host:join", {"pin": pin, "host_token": game["host_token"]})["ok"]
        assert screen.call("screen:join", {"pin": pin})["ok"]
        for n in range(10):
            phone = Phone((a, b)[n % 2].url)
            reply = phone.call("player:join", {"pin": pin, "nickname": f"Joueur {n}"})
            assert reply["ok"], reply
            tokens[reply["player_id"]] = reply["token"]
            phone.player_id = reply["player_id"]
            (on_a if n % 2 == 0 else on_b).append(phone)
        assert host.call("host:start")["state"] == "question"  # A runs this question's timer
        for phone in [*on_a, *on_b][:8]:
            phone.wait_for("question", lambda d: d["index"] == 0)
            assert phone.call("player:answer", {"question": 0, "choices": ["b"]}) == {"ok": True}

        a.stop(kill=True)

        # B's sweeper closes the question at its deadline: nobody on B asked for it.
        reveal = screen.wait_for("reveal", lambda d: d["index"] == 0, timeout=TIME_LIMIT_S + 10)
        assert reveal["distribution"]["b"] == 8  # every answer A acknowledged counts
        for phone in on_b:
            phone.wait_for("reveal", lambda d: d["index"] == 0)

        # The phones and the host that were on A come back through B.
        close_all([host, *on_a])
        moved = []
        for phone in on_a:
            again = Phone(b.url)
            reply = again.call("player:resume", {"pin": pin, "token": tokens[phone.player_id]})
            assert reply["ok"] and reply["state"] == "reveal", reply
            again.player_id = phone.player_id
            moved.append(again)
        host = Phone(b.url)
        assert host.call("host:join", {"pin": pin, "host_token": game["host_token"]})["ok"]
        assert host.call("host:next")["state"] == "leaderboard"
        assert host.call("host:next")["state"] == "question"
        for phone in [*moved, *on_b]:
            phone.wait_for("question", lambda d: d["index"] == 1)
            assert phone.call("player:answer", {"question": 1, "choices": ["b"]}) == {"ok": True}
        screen.wait_for("reveal", lambda d: d["index"] == 1)  # the last answer closes it
        assert host.call("host:end")["state"] == "finished"
        screen.wait_for("game_over")

        results = requests.get(f"{b.url}/api/games/{pin}/results",
                               headers={"Authorization": f"Bearer {a.token}"}, timeout=10).json()
        assert [q["answer_count"] for q in results["questions"][:2]] == [8, 10]
        assert len(results["players"]) == 10
        on_a = moved
    finally:
        close_all([host, screen, *on_a, *on_b])


def wait_healthy(url: str, timeout_s: float = 30) -> requests.Response:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            response = requests.get(f"{url}/healthz", timeout=1)
            if response.status_code == 200:
                return response
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.1)


def free_port_pair_taken(port: int) -> bool:
    """Whether `port + 1` is taken (the pool listens on two consecutive ports)."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port + 1))
        except OSError:
            return True
    return False


def test_quiz_serve_workers_runs_a_pool_that_shares_one_game(tmp_path):
    redis_url = require_redis()
    questions = write_quiz(tmp_path / "questions", "scale", count=1).parent
    with fresh_postgres_database() as database_url:
        first = free_port()
        while free_port_pair_taken(first):
            first = free_port()
        env = {**os.environ, "QUIZ_DATABASE_URL": database_url, "QUIZ_MESSAGE_QUEUE": redis_url,
               "QUIZ_MESSAGE_QUEUE_CHANNEL": f"quiz-test-{uuid.uuid4().hex[:8]}",
               "QUIZ_INSTANCE_PATH": str(tmp_path / "instance"),
               "QUIZ_QUESTIONS_PATH": str(questions)}
        log = open(tmp_path / "pool.log", "w")
        pool = subprocess.Popen(
            [sys.executable, "-m", "quiz.cli", "serve", "--host", "127.0.0.1", "--port",
             str(first), "--workers", "2"], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            urls = [f"http://127.0.0.1:{first + n}" for n in range(2)]
            for url in urls:
                wait_healthy(url)
            page = requests.get(f"{urls[1]}/", timeout=5)
            assert page.cookies.get("quiz_worker"), "no affinity cookie for the proxy to hash"
            token = (tmp_path / "pool.log").read_text().split("API token: ")[1].split()[0]
            game = requests.post(f"{urls[0]}/api/games", json={"quiz_id": "scale"},
                                 headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
            screen, phone = Phone(urls[0]), Phone(urls[1])
            assert screen.call("screen:join", {"pin": game["pin"]})["ok"]
            assert phone.call("player:join", {"pin": game["pin"], "nickname": "Loin"})["ok"]
            screen.wait_for("lobby", lambda d: d["count"] == 1)  # B's join, seen through A
            close_all([screen, phone])
        finally:
            pool.send_signal(signal.SIGTERM)
            assert pool.wait(timeout=30) == 0
            log.close()
        for url in urls:  # SIGTERM stops every worker
            with pytest.raises(requests.ConnectionError):
                requests.get(f"{url}/healthz", timeout=1)


def test_quiz_serve_workers_refuses_sqlite(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "quiz.cli", "serve", "--workers", "2"],
        env={**os.environ, "QUIZ_INSTANCE_PATH": str(tmp_path / "instance"),
             "QUIZ_DATABASE_URL": "", "QUIZ_MESSAGE_QUEUE": ""},
        capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "QUIZ_DATABASE_URL" in done.stderr and "QUIZ_MESSAGE_QUEUE" in done.stderr
