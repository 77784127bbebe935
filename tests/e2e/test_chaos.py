"""The chaos test: real phones drop and come back, the server is killed once; nothing is lost.

The short version runs here (CI); the full 200-phone, 5-question one is `bench/chaos.py`
(docs/performance.md, "Chaos"). Replay a run with `QUIZ_CHAOS_SEED=<seed printed>`.
"""

from __future__ import annotations

import os
import random

import pytest

from tests.chaos import play_chaos
from tests.factories import write_quiz
from tests.live_server import LiveServer

pytestmark = pytest.mark.live

PLAYERS = int(os.environ.get("QUIZ_CHAOS_PLAYERS", 60))
QUESTIONS = int(os.environ.get("QUIZ_CHAOS_QUESTIONS", 3))


@pytest.fixture
def server(tmp_path):
    folder = tmp_path / "questions"
    write_quiz(folder, "chaos", count=QUESTIONS, time_limit=60)
    live = LiveServer(tmp_path, folder)
    live.token = live.create_host()
    live.start()
    yield live
    live.stop()


def test_phones_dropping_and_a_killed_server_lose_nothing(server):
    seed = int(os.environ.get("QUIZ_CHAOS_SEED") or random.randrange(10**6))
    report = play_chaos(server, PLAYERS, QUESTIONS, seed)
    # the chaos did happen: drops, lost acks, resent answers found on the server (counted once)
    assert report["drops"] >= PLAYERS // 3, report
    assert report["down_s"] > 0 and report["lost_acks"] > 0, report
    assert report["resent_already_answered"] > 0, report
