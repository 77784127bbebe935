"""The chaos test: real phones drop and come back, the server is killed once; nothing is lost.

The short versions run here (CI); the full 200-phone, 5-question one is `bench/chaos.py`
(docs/performance.md, "Chaos"). Replay a run with `QUIZ_CHAOS_SEED=<the seed printed>`.
"""

from __future__ import annotations

import os
import random

import pytest

from quiz.web.live import ORPHAN_S
from tests.chaos import play_chaos
from tests.factories import write_quiz
from tests.live_server import LiveServer

pytestmark = pytest.mark.live

PLAYERS = int(os.environ.get("QUIZ_CHAOS_PLAYERS", 60))
QUESTIONS = int(os.environ.get("QUIZ_CHAOS_QUESTIONS", 3))


def chaos_server(tmp_path, questions: int, time_limit: int) -> LiveServer:
    folder = tmp_path / "questions"
    write_quiz(folder, "chaos", count=questions, time_limit=time_limit)
    live = LiveServer(tmp_path, folder)
    live.token = live.create_host()
    return live.start()


def seed() -> int:
    return int(os.environ.get("QUIZ_CHAOS_SEED") or random.randrange(10**6))


def test_phones_dropping_and_a_killed_server_lose_nothing(tmp_path):
    server = chaos_server(tmp_path, QUESTIONS, time_limit=60)
    try:
        report = play_chaos(server, PLAYERS, QUESTIONS, seed())
    finally:
        server.stop()
    # the chaos did happen: drops, lost acks, resent answers found on the server (counted once)
    assert report["drops"] >= PLAYERS // 3, report
    assert report["down_s"] > 0 and report["lost_acks"] > 0, report
    assert report["resent_already_answered"] > 0, report
    assert not report["came_back_paused"], report  # the 60 s deadline outlived the restart


def test_a_question_that_ran_out_while_the_server_was_down_comes_back_paused(tmp_path):
    """4 s questions: the one open at the kill runs out while the server is down, comes back
    paused, the host resumes it, the dropped phones resend; the oracle holds all the same."""
    server = chaos_server(tmp_path, 2, time_limit=4)
    # Longer than the 4 s question; with several processes possible (PostgreSQL), a restarted
    # server first lets ORPHAN_S pass for another process to close it, then pauses it.
    down_s = 5.0 + (ORPHAN_S + 2.0 if server.database_url else 0.0)
    try:
        report = play_chaos(server, 24, 2, seed(), kill_at=1, think_max_s=1.0,
                             kill_after=0.25, min_down_s=down_s)
    finally:
        server.stop()
    assert report["came_back_paused"], report
