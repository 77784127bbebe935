"""Every Socket.IO event and error code, through Flask-SocketIO's test client."""

from __future__ import annotations

import time

import pytest


def error_code(reply: dict) -> str:
    assert reply["ok"] is False, reply
    assert reply["error"]["message"], "every error carries a readable message"
    return reply["error"]["code"]


# ---- joining ------------------------------------------------------------------------------

def test_a_player_joins_and_the_host_sees_them_in_the_lobby(new_game, peer):
    game = new_game(free_teams=True)
    host = peer()
    assert host.emit("host:join", {"pin": game["pin"], "host_token": game["host_token"]}) == {
        "ok": True, "state": "lobby", "total": 3, "locked": False,
    }
    phone = peer()
    reply = phone.emit("player:join", {"pin": game["pin"], "nickname": "Élodie", "team": "Dijon"})
    assert reply["ok"] and reply["state"] == "lobby" and reply["token"] and reply["player_id"]
    lobby = host.wait_for("lobby", lambda data: data["count"] == 1)
    assert lobby["players"] == [
        {"player_id": reply["player_id"], "nickname": "Élodie", "team": "Dijon", "connected": True,
         "time_factor": 1.0, "no_speed": False}  # the host sees accommodations (none here)
    ]
    assert lobby["connected_count"] == 1


@pytest.mark.parametrize("payload, code", [
    ({"pin": "999999", "nickname": "Alice"}, "unknown_game"),
    ({"pin": "PIN", "nickname": "Alice"}, "bad_request"),
    ({"nickname": "Alice"}, "bad_request"),
    ({"pin": "{pin}", "nickname": ""}, "nickname_invalid"),
    ({"pin": "{pin}", "nickname": "   "}, "nickname_invalid"),
    ({"pin": "{pin}", "nickname": "x" * 25}, "nickname_invalid"),
    ({"pin": "{pin}", "nickname": 42}, "bad_request"),
    ({"pin": "{pin}", "nickname": "Alice", "lang": "de"}, "bad_request"),
])
def test_a_bad_join_gets_its_error_code(new_game, peer, payload, code):
    game = new_game()
    payload = {
        k: (v.format(pin=game["pin"]) if isinstance(v, str) else v) for k, v in payload.items()
    }
    assert error_code(peer().emit("player:join", payload)) == code


def test_a_payload_that_is_not_an_object_is_a_bad_request(new_game, peer):
    new_game()
    phone = peer()
    for payload in (["x"], "text", 3):
        assert error_code(phone.emit("player:join", payload)) == "bad_request"


def test_a_nickname_is_taken_whatever_its_case(new_game, peer):
    game = new_game()
    assert peer().emit("player:join", {"pin": game["pin"], "nickname": "Alice"})["ok"]
    reply = peer().emit("player:join", {"pin": game["pin"], "nickname": " ALICE "})
    assert error_code(reply) == "nickname_taken"
    assert reply["error"]["message"].startswith("Ce pseudo est déjà pris")


def test_the_error_message_follows_the_players_language(started, peer):
    game, _host, alice, _bob = started
    alice.emit("player:answer", {"question": 0, "choices": ["b"]})
    reply = alice.emit("player:answer", {"question": 0, "choices": ["b"]})
    assert reply["error"]["message"].startswith("Votre réponse")
    english = peer()
    assert english.emit("player:join", {"pin": game["pin"], "nickname": "Ann", "lang": "en"})["ok"]
    reply = english.emit("player:answer", {"question": 0, "choices": ["b"]})
    assert reply["error"] == {  # a late joiner plays from the next question
        "code": "not_accepting", "message": "Too late: answers are closed for this question."
    }


def test_a_locked_game_refuses_new_players(new_game, peer):
    game = new_game()
    host = peer()
    host.emit("host:join", {"pin": game["pin"], "host_token": game["host_token"]})
    assert host.emit("host:lock", {"locked": True}) == {"ok": True, "locked": True}
    reply = peer().emit("player:join", {"pin": game["pin"], "nickname": "Late"})
    assert error_code(reply) == "lobby_locked"


def test_a_finished_game_refuses_new_players(new_game, peer):
    game = new_game()
    host = peer()
    host.emit("host:join", {"pin": game["pin"], "host_token": game["host_token"]})
    assert host.emit("host:end")["state"] == "finished"
    reply = peer().emit("player:join", {"pin": game["pin"], "nickname": "Late"})
    assert error_code(reply) == "game_over"


def test_a_late_joiner_receives_the_open_question(started, peer):
    game, *_ = started
    late = peer()
    assert late.emit("player:join", {"pin": game["pin"], "nickname": "Late"})["state"] == "question"
    question = late.last("question")
    assert question["index"] == 0 and question["remaining_ms"] > 0


# ---- resuming -----------------------------------------------------------------------------

def test_a_player_resumes_with_score_and_a_new_token(started, peer, clock):
    game, host, alice, _bob = started
    clock.advance(2)
    alice.emit("player:answer", {"question": 0, "choices": ["b"]})
    host.emit("host:reveal")
    score = alice.last("result")["score"]
    assert score == 950
    again = peer()
    first_token = alice.join_reply["token"]
    reply = again.emit("player:resume", {"pin": game["pin"], "token": first_token})
    assert reply["ok"] and reply["nickname"] == "Alice" and reply["score"] == 950
    assert reply["state"] == "reveal" and reply["token"] != first_token
    assert again.last("reveal")["correct"] == ["b"]
    assert again.last("result")["score"] == 950
    # The new token works, and once it has been used the first one stops working.
    newer = peer().emit("player:resume", {"pin": game["pin"], "token": reply["token"]})
    assert newer["ok"] and newer["token"] not in (first_token, reply["token"])
    old = peer().emit("player:resume", {"pin": game["pin"], "token": first_token})
    assert error_code(old) == "unknown_player"


def test_a_resume_whose_ack_was_lost_can_be_repeated_with_the_same_token(started, peer):
    """The phone lost its connection before the resume's ack (the new token) reached it: it
    comes back with the token it still holds and gets the same ack, instead of being stranded
    on the join form. Found by the chaos test (tests/e2e/test_chaos.py)."""
    game, _host, alice, _bob = started
    first_token = alice.join_reply["token"]
    lost = peer().emit("player:resume", {"pin": game["pin"], "token": first_token})
    assert lost["ok"] and lost["token"] != first_token
    again = peer().emit("player:resume", {"pin": game["pin"], "token": first_token})
    assert again["ok"] and again["player_id"] == lost["player_id"]
    assert again["token"] == lost["token"]  # the same ack: only the server can derive it
    used = peer().emit("player:resume", {"pin": game["pin"], "token": again["token"]})
    assert used["ok"] and used["token"] != again["token"]
    for stale in (first_token, "nope"):  # the successor was used: the first token is dead
        assert error_code(peer().emit("player:resume", {"pin": game["pin"],
                                                        "token": stale})) == "unknown_player"
    assert peer().emit("player:resume", {"pin": game["pin"], "token": used["token"]})["ok"]


def test_resuming_with_an_unknown_token_or_pin_fails(started, peer):
    game, *_ = started
    assert error_code(peer().emit("player:resume", {"pin": game["pin"], "token": "nope"})) == (
        "unknown_player"
    )
    assert error_code(peer().emit("player:resume", {"pin": "999999", "token": "x"})) == (
        "unknown_game"
    )


# ---- answering ----------------------------------------------------------------------------

def test_an_answer_is_acknowledged_then_a_second_one_is_refused(started):
    _game, _host, alice, _bob = started
    assert alice.emit("player:answer", {"question": 0, "choices": ["a"]}) == {"ok": True}
    assert error_code(alice.emit("player:answer", {"question": 0, "choices": ["b"]})) == (
        "already_answered"
    )


@pytest.mark.parametrize("payload, code", [
    ({"question": 1, "choices": ["a"]}, "wrong_question"),
    ({"question": 0, "choices": ["z"]}, "invalid_choice"),
    ({"question": 0, "choices": ["a", "b"]}, "invalid_choice"),
    ({"question": 0, "choices": []}, "bad_request"),
    ({"question": 0, "choices": "a"}, "bad_request"),
    ({"question": "0", "choices": ["a"]}, "bad_request"),
    ({"question": True, "choices": ["a"]}, "bad_request"),
    ({"choices": ["a"]}, "bad_request"),
])
def test_a_bad_answer_gets_its_error_code(started, payload, code):
    _game, _host, alice, _bob = started
    assert error_code(alice.emit("player:answer", payload)) == code
    assert alice.emit("player:answer", {"question": 0, "choices": ["b"]}) == {"ok": True}


def test_an_answer_after_the_deadline_is_refused(started, clock):
    _game, _host, alice, _bob = started
    clock.advance(20.5)
    assert error_code(alice.emit("player:answer", {"question": 0, "choices": ["b"]})) == (
        "not_accepting"
    )


def test_an_answer_outside_a_question_is_refused(started):
    _game, host, alice, _bob = started
    host.emit("host:reveal")
    assert error_code(alice.emit("player:answer", {"question": 0, "choices": ["b"]})) == (
        "not_accepting"
    )


def test_an_answer_from_a_socket_that_never_joined_is_refused(started, peer):
    assert error_code(peer().emit("player:answer", {"question": 0, "choices": ["b"]})) == (
        "unknown_player"
    )


def test_the_host_and_screen_see_the_answer_count(started, peer, app):
    game, host, alice, _bob = started
    screen = peer()
    assert screen.emit("screen:join", {"pin": game["pin"]})["state"] == "question"
    alice.emit("player:answer", {"question": 0, "choices": ["b"]})
    assert host.wait_for("answer_count") == {"index": 0, "count": 1, "players": 2}
    # (the screen's join brought it a count of 0 already: wait for the one after the answer)
    assert screen.wait_for("answer_count", lambda d: d["count"] == 1) == {
        "index": 0, "count": 1, "players": 2}


def test_the_question_closes_when_everyone_has_answered(started):
    _game, host, alice, bob = started
    alice.emit("player:answer", {"question": 0, "choices": ["b"]})
    bob.emit("player:answer", {"question": 0, "choices": ["c"]})
    reveal = host.wait_for("reveal")
    assert reveal["correct"] == ["b"] and reveal["distribution"] == {"a": 0, "b": 1, "c": 1, "d": 0}


# ---- the host -----------------------------------------------------------------------------

@pytest.mark.parametrize("event", [
    "host:start", "host:next", "host:reveal", "host:pause", "host:resume", "host:skip",
    "host:end",
])
def test_a_player_cannot_use_host_events(started, event):
    _game, _host, alice, _bob = started
    assert error_code(alice.emit(event, {})) == "forbidden"
    assert error_code(alice.emit("host:kick", {"player_id": "x"})) == "forbidden"


def test_a_wrong_host_token_is_forbidden(new_game, peer):
    game = new_game()
    intruder = peer()
    assert error_code(intruder.emit("host:join", {"pin": game["pin"], "host_token": "guess"})) == (
        "forbidden"
    )
    assert error_code(intruder.emit("host:start")) == "forbidden"
    assert error_code(intruder.emit("host:join", {"pin": "999999", "host_token": "x"})) == (
        "unknown_game"
    )


def test_the_host_plays_a_whole_game_and_everyone_hears_it(started, clock, peer):
    game, host, alice, bob = started
    screen = peer()
    screen.emit("screen:join", {"pin": game["pin"]})
    assert "correct" not in str(alice.last("question"))
    for index in range(3):
        clock.advance(1)
        alice.emit("player:answer", {"question": index, "choices": ["b"]})
        assert host.emit("host:reveal")["state"] == "reveal"
        assert alice.last("result") == {
            "index": index, "correct": True, "answered": True, "points": 975,
            "score": 975 * (index + 1), "rank": 1, "streak": index + 1, "team": None,
            "team_rank": None,
        }
        assert bob.last("result")["points"] == 0 and bob.last("result")["rank"] == 2
        assert host.emit("host:next")["state"] == "leaderboard"
        top = screen.last("leaderboard")["top"]
        assert [row["nickname"] for row in top] == ["Alice", "Bob"]
        reply = host.emit("host:next")
        assert reply["state"] == ("question" if index < 2 else "finished")
    podium = screen.last("game_over")["podium"]
    assert [(p["rank"], p["nickname"], p["score"]) for p in podium] == [
        (1, "Alice", 2925), (2, "Bob", 0),
    ]
    assert alice.last("final")["rank"] == 1 and bob.last("final")["rank"] == 2


def test_pause_freezes_the_countdown_and_resume_restores_it(started, clock):
    _game, host, alice, _bob = started
    clock.advance(5)
    assert host.emit("host:pause")["state"] == "paused"
    assert error_code(alice.emit("player:answer", {"question": 0, "choices": ["b"]})) == (
        "not_accepting"
    )
    clock.advance(60)
    assert host.emit("host:resume")["state"] == "question"
    assert host.last("question")["remaining_ms"] == 15000
    assert alice.emit("player:answer", {"question": 0, "choices": ["b"]}) == {"ok": True}
    host.emit("host:reveal")
    assert alice.last("result")["points"] == 875  # 5 s of 20 counted, not the pause


def test_an_impossible_move_is_an_invalid_transition(started):
    _game, host, _alice, _bob = started
    assert error_code(host.emit("host:next")) == "invalid_transition"
    assert error_code(host.emit("host:resume")) == "invalid_transition"
    assert error_code(host.emit("host:start")) == "invalid_transition"


def test_skip_cancels_the_question_and_opens_the_next(started):
    _game, host, alice, _bob = started
    alice.emit("player:answer", {"question": 0, "choices": ["b"]})
    reply = host.emit("host:skip")
    assert reply == {"ok": True, "state": "question", "index": 1}
    alice.emit("player:answer", {"question": 1, "choices": ["a"]})
    host.emit("host:reveal")
    assert alice.last("result")["score"] == 0


def test_the_host_kicks_a_player(started):
    _game, host, alice, bob = started
    bob_id = bob.join_reply["player_id"]
    assert host.emit("host:kick", {"player_id": bob_id}) == {"ok": True}
    assert bob.last("kicked")["message"]
    assert host.wait_for("lobby", lambda data: data["count"] == 1)
    assert error_code(bob.emit("player:answer", {"question": 0, "choices": ["b"]})) == (
        "unknown_player"
    )
    assert error_code(host.emit("host:kick", {"player_id": bob_id})) == "unknown_player"


def test_the_screen_joins_an_unknown_game(peer):
    assert error_code(peer().emit("screen:join", {"pin": "123456"})) == "unknown_game"


def test_the_host_sees_who_dropped(started, peer):
    game, host, alice, bob = started
    bob.sio.disconnect()
    lobby = host.wait_for("lobby", lambda data: data["connected_count"] == 1)
    assert {p["nickname"]: p["connected"] for p in lobby["players"]} == {
        "Alice": True, "Bob": False,
    }
    assert lobby["count"] == 2  # dropped, not removed


# ---- background tasks ---------------------------------------------------------------------

def test_closing_the_broadcaster_ends_sleeping_tasks_and_waits_for_running_ones(app):
    import threading

    broadcaster = app.extensions["quiz_broadcaster"]
    done: list[str] = []
    working = threading.Event()

    def sleeper() -> None:
        broadcaster.sleep(0.3)
        done.append("sleeper woke and went on")  # must not happen after close

    def worker() -> None:
        working.set()
        threading.Event().wait(0.3)  # busy, as in a database query: not a task's sleep
        done.append("worker finished")

    broadcaster.background(sleeper)
    broadcaster.background(worker)
    assert working.wait(5)
    broadcaster.close()
    assert done == ["worker finished"], "close returns once the running task is done"
    threading.Event().wait(0.5)  # the sleeper's wake-up time has passed
    assert done == ["worker finished"]
    broadcaster.background(done.append, "started after close")
    threading.Event().wait(0.1)
    assert done == ["worker finished"]


# ---- a big hall ---------------------------------------------------------------------------

@pytest.mark.parametrize("players, seconds", [(0, 0.25), (250, 0.25), (500, 0.5), (2000, 2.0),
                                              (10_000, 2.0)])
def test_a_bigger_hall_gets_its_player_list_less_often(players, seconds):
    from quiz.web.live import lobby_interval_s

    assert lobby_interval_s(players) == seconds


def test_the_collector_is_frozen_at_each_question_and_thawed_at_the_end(started, clock,
                                                                          monkeypatch):
    from quiz.web import collector

    calls: list[str] = []
    monkeypatch.setattr(collector, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(collector, "thaw", lambda: calls.append("thaw"))
    _game, host, alice, _bob = started
    for index in range(3):
        alice.emit("player:answer", {"question": index, "choices": ["b"]})
        host.emit("host:reveal")
        host.emit("host:next")
        host.emit("host:next")
    host.wait_for("game_over")
    deadline = time.monotonic() + 5
    while "thaw" not in calls and time.monotonic() < deadline:
        time.sleep(0.01)
    # Questions 2 and 3 opened (the lobby's last list may have frozen once more), then the end.
    assert calls.count("freeze") >= 2 and calls.count("thaw") == 1 and calls[-1] == "thaw"


def test_no_clock_probe_while_a_question_is_open(started, app, monkeypatch):
    from quiz.web import live

    monkeypatch.setattr(live, "CLOCK_EVERY_S", 0.1)
    _game, host, alice, _bob = started
    probes_at_join = len(alice.received("clock"))
    app.extensions["quiz_broadcaster"].start_clock_probes()
    time.sleep(0.5)  # five rounds of probes, had they been allowed
    assert len(alice.received("clock")) == probes_at_join
    host.emit("host:reveal")
    alice.wait_for("clock", lambda _data: len(alice.received("clock")) > probes_at_join)


def test_only_the_answer_runs_without_flasks_request_context(app):
    from quiz.web.wiring import socketio

    handlers = socketio.server.handlers["/"]
    bare = sorted(event for event, h in handlers.items() if getattr(h, "bare", False))
    assert bare == ["player:answer"], "the one event a whole hall sends at once"
    assert not getattr(handlers["player:join"], "bare", False)
