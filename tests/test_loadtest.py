"""`quiz loadtest` in small: 50 simulated phones play a real server's game, nothing is lost."""

from __future__ import annotations

import subprocess
import sys

import pytest

from quiz import loadclient, loadtest
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


# ---- the phones' own Socket.IO client (quiz/loadclient.py) ------------------------------------

@pytest.mark.parametrize("text, parsed", [
    ('2["question",{"index":0}]', ("2", None, ["question", {"index": 0}])),
    ('217["clock",{"server_ms":1}]', ("2", 17, ["clock", {"server_ms": 1}])),
    ('30[{"ok":true}]', ("3", 0, [{"ok": True}])),
    ("1", ("1", None, None)),
])
def test_a_socket_io_packet_splits_into_type_ack_id_and_data(text, parsed):
    assert loadclient.split_packet(text) == parsed


@pytest.mark.parametrize("url, endpoint", [
    ("http://127.0.0.1:8000", "ws://127.0.0.1:8000/socket.io/?EIO=4&transport=websocket"),
    ("https://quiz.example.org/", "wss://quiz.example.org/socket.io/?EIO=4&transport=websocket"),
])
def test_the_websocket_endpoint_of_a_server(url, endpoint):
    assert loadclient.websocket_url(url) == endpoint


@pytest.mark.live
@pytest.mark.timeout(60)
def test_a_phone_socket_joins_answers_the_servers_probe_and_notices_its_end(server):
    import asyncio

    import aiohttp

    plan = loadtest.Plan(url=server.url, players=1, quiz_id="smoke", token=server.token)
    pin = loadtest.open_game(plan)["pin"]

    async def play() -> tuple[dict, list, list, str]:
        received: dict[str, list] = {"state": [], "clock": []}
        ended: list[str] = []
        async with aiohttp.ClientSession() as session:
            phone = loadclient.PhoneSocket(session)
            for event, seen in received.items():
                phone.on(event, seen.append)
            phone.on("disconnect", lambda: ended.append("disconnect"))
            await phone.connect(server.url, timeout=10)
            refused = await phone.call("player:join", {"pin": "000000", "nickname": "X"}, 10)
            reply = await phone.call("player:join", {"pin": pin, "nickname": "Léa"}, 10)
            probe = await phone.call("player:nickname", None, 10)  # any later round trip
            await phone.disconnect()
            try:
                await phone.call("player:nickname", None, 10)
                after = "answered"
            except loadclient.Disconnected:
                after = "disconnected"
        return {"refused": refused, "reply": reply, "probe": probe}, received, ended, after

    replies, received, ended, after = asyncio.run(play())
    assert replies["refused"]["error"]["code"] == "unknown_game"
    assert replies["reply"]["ok"] and replies["reply"]["nickname"] == "Léa"
    assert received["state"][0]["state"] == "lobby"
    assert received["clock"], "the server probed the phone's round trip at join"
    assert replies["probe"]["ok"]
    assert ended == ["disconnect"] and after == "disconnected"
