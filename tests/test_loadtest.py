"""`quiz loadtest` in small: 50 simulated phones play a real server's game, nothing is lost."""

from __future__ import annotations

import subprocess
import sys

import pytest

from quiz import loadtest
from tests.factories import write_quiz
from tests.live_server import LiveServer

PLAYERS = 50
QUESTIONS = 2


@pytest.fixture
def server(tmp_path):
    live = LiveServer(tmp_path, write_quiz(tmp_path / "questions", "smoke", count=QUESTIONS,
                                           time_limit=10).parent)
    live.token = live.create_host()
    live.start()
    yield live
    live.stop()


@pytest.mark.live
@pytest.mark.timeout(60)
def test_fifty_phones_play_a_game_and_no_answer_is_lost_or_duplicated(server):
    plan = loadtest.Plan(
        url=server.url, players=PLAYERS, quiz_id="smoke", token=server.token, processes=1,
        answer_window_s=1.0, pause_s=0.2, resume_fraction=0.04, seed=7, progress=False,
    )

    report = loadtest.run_load(plan)

    assert report["join"]["joined"] == PLAYERS and report["join"]["failed"] == 0
    assert report["questions"] == QUESTIONS and report["missing_questions"] == 0
    answers = report["answers"]
    assert answers["lost"] == 0 and answers["duplicated"] == 0
    assert answers["acknowledged"] == answers["counted"] == PLAYERS * QUESTIONS
    assert report["resumes"]["planned"] == 2 and report["resumes"]["ok"] >= 2
    assert report["errors"] == {}, report["errors"]
    assert report["fanout_ms"]["count"] > 0 and report["answer_ack_ms"]["count"] > 0
    assert report["server"]["pid"] == server.process.pid and report["server"]["rss_peak_mb"] > 0
    assert report["ok"]
    assert "PASS" in loadtest.format_report(report)


def test_the_command_module_imports_no_client_library_until_it_runs():
    code = ("import sys, quiz.loadtest; heavy = {'socketio', 'aiohttp', 'gevent', 'engineio'}; "
            "print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_percentiles_are_nearest_rank_in_milliseconds():
    stats = loadtest.percentiles([i / 1000 for i in range(1, 101)])
    assert stats == {"count": 100, "p50": 50.0, "p95": 95.0, "p99": 99.0, "max": 100.0}
    assert loadtest.percentiles([])["p99"] is None
