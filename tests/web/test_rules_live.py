"""Question kinds, teams and host controls through the Socket.IO events."""

from __future__ import annotations

import pytest
import yaml

from tests.factories import question_data


def kinds_quiz() -> dict:
    single = question_data(1)
    numeric = {**question_data(2), "type": "numeric", "choices": [], "answer": 1992,
               "tolerance": 4, "min": 1900, "max": 2100}
    ordering = {**question_data(3, correct=None), "type": "ordering"}
    poll = {**question_data(4, correct=None), "type": "poll"}
    cloud = {**question_data(5), "type": "open", "choices": []}
    multiple = {**question_data(6), "type": "multiple"}
    multiple["choices"][0]["correct"] = True  # a and b are right
    questions = [single, numeric, ordering, poll, cloud, multiple]
    for n, q in enumerate(questions, start=1):
        q["id"] = f"kinds-q{n}"
    return {"id": "kinds", "title": {"fr": "Types"}, "questions": questions}


@pytest.fixture
def questions_dir(tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "kinds.yaml").write_text(yaml.safe_dump(kinds_quiz(), allow_unicode=True))
    return folder


@pytest.fixture
def game_with(new_game, peer):
    """Open a game of the kinds quiz with rules; a host and two players joined."""

    def open_with(**settings):
        game = new_game("kinds", **settings)
        host = peer()
        assert host.emit("host:join", {"pin": game["pin"], "host_token": game["host_token"]})["ok"]
        phones = []
        for name, team in (("Anne", "Dijon"), ("Bob", " DIJON")):
            phone = peer()
            assert phone.emit("player:join", {"pin": game["pin"], "nickname": name,
                                              "team": team})["ok"]
            phones.append(phone)
        return game, host, phones

    return open_with


def next_question(host):
    host.emit("host:reveal")
    assert host.emit("host:next")["state"] == "leaderboard"
    assert host.emit("host:next")["state"] == "question"


def test_every_kind_plays_through_the_socket_events(game_with, clock):
    _game, host, (anne, bob) = game_with(free_teams=True)
    host.emit("host:start")
    assert anne.emit("player:answer", {"question": 0, "choices": ["b"]}) == {"ok": True}

    next_question(host)  # numeric
    question = anne.last("question")
    assert question["type"] == "numeric" and question["min"] == 1900 and "answer" not in question
    assert anne.emit("player:answer", {"question": 1, "value": 1994})["ok"]
    assert bob.emit("player:answer", {"question": 1, "value": "1992"})["error"]["code"] == (
        "bad_request")
    assert bob.emit("player:answer", {"question": 1, "value": 2500})["error"]["code"] == (
        "bad_request")
    host.emit("host:reveal")
    reveal = anne.last("reveal")
    assert reveal["correct"] == 1992 and reveal["distribution"]["values"] == [1994.0]
    assert anne.last("result")["points"] == 750
    host.emit("host:next")
    host.emit("host:next")  # ordering

    question = anne.last("question")
    shown = [c["id"] for c in question["choices"]]
    assert set(shown).isdisjoint({"a", "b", "c", "d"})  # opaque ids: the order is not given away
    texts = {c["id"]: c["text"]["fr"] for c in question["choices"]}
    right = sorted(shown, key=lambda i: texts[i])  # "Choix a" < "Choix b" < …: the bank order
    assert anne.emit("player:answer", {"question": 2, "choices": right})["ok"]
    assert bob.emit("player:answer", {"question": 2, "choices": right[:3]})["error"]["code"] == (
        "invalid_choice")
    host.emit("host:reveal")
    assert anne.last("reveal")["correct"] == right
    assert anne.last("result")["correct"] is True

    next_question(host)  # poll
    assert anne.emit("player:answer", {"question": 3, "choices": ["a", "c"]})["ok"]
    host.emit("host:reveal")
    assert anne.last("reveal")["distribution"] == {"a": 1, "b": 0, "c": 1, "d": 0}
    assert anne.last("result")["correct"] is None
    host.emit("host:next")
    host.emit("host:next")  # word cloud

    assert anne.emit("player:answer", {"question": 4, "value": "Solidarité"})["ok"]
    # (a count of question 3's answers, sent late, may arrive once question 4 is open: index 4,
    # no answers yet; wait for the one that counts Anne's)
    counted = host.wait_for("answer_count", lambda d: d["index"] == 4 and d["count"] == 1)
    assert counted["words"] == {"solidarité": 1}
    assert host.emit("host:hide_word", {"word": "Gros mot"})["hidden"] == ["gros mot"]
    assert bob.emit("player:answer", {"question": 4, "value": "gros mot"})["ok"]
    reveal = anne.wait_for("reveal", lambda d: d["index"] == 4)  # everyone answered: closed
    assert reveal["distribution"] == {"solidarité": 1}

    next_question(host)  # multiple select
    assert anne.emit("player:answer", {"question": 5, "choices": ["a"]})["ok"]
    host.emit("host:reveal")
    assert anne.last("result")["correct"] is False and anne.last("result")["points"] > 0


def test_teams_are_normalised_and_ranked_on_the_leaderboard(game_with):
    _game, host, (anne, bob) = game_with(free_teams=True, team_min_size=2)
    assert host.wait_for("lobby", lambda d: d["count"] == 2)["players"][1]["team"] == "Dijon"
    host.emit("host:start")
    anne.emit("player:answer", {"question": 0, "choices": ["b"]})
    host.emit("host:reveal")
    host.emit("host:next")
    teams = host.last("leaderboard")["teams"]
    assert teams == [{"rank": 1, "team": "Dijon", "members": 2,
                      "score": round(anne.last("result")["score"] / 2),
                      "average": anne.last("result")["score"] / 2}]
    # Each phone learns its team's place with its own result, before any leaderboard.
    assert bob.last("result")["team_rank"] == {
        "rank": 1, "members": 2, "average": round(anne.last("result")["score"] / 2)}


def test_the_host_adds_ten_seconds(game_with, clock):
    _game, host, (anne, _bob) = game_with()
    host.emit("host:start")
    clock.advance(5)
    assert host.emit("host:extend", {})["state"] == "question"
    assert anne.last("question")["remaining_ms"] == 25_000
    assert host.emit("host:extend", {"seconds": 0})["error"]["code"] == "invalid_transition"


def test_the_host_changes_the_rules_during_the_game(game_with):
    _game, host, _phones = game_with()
    reply = host.emit("host:settings", {"settings": {"streak_bonus": True, "late_join": False}})
    assert reply["ok"] and reply["settings"]["streak_bonus"] is True
    bad = host.emit("host:settings", {"settings": {"streak_bonus": "oui"}})
    assert bad["error"]["code"] == "bad_request"
    assert host.emit("host:settings", {"settings": "x"})["error"]["code"] == "bad_request"


def test_a_player_cannot_change_the_rules(game_with):
    _game, _host, (anne, _bob) = game_with()
    assert anne.emit("host:settings", {"settings": {"auto": True}})["error"]["code"] == "forbidden"


def test_an_offensive_nickname_is_refused_and_a_suggestion_is_offered(new_game, peer):
    game = new_game("kinds")
    phone = peer()
    reply = phone.emit("player:join", {"pin": game["pin"], "nickname": "Gros connard"})
    assert reply["error"]["code"] == "nickname_invalid"
    suggestion = phone.emit("player:nickname", {})
    assert suggestion["ok"] and suggestion["nickname"]
    assert phone.emit("player:join", {"pin": game["pin"], "nickname": suggestion["nickname"]})["ok"]


def test_auto_mode_moves_on_by_itself(game_with, app, monkeypatch):
    from quiz.web import live

    monkeypatch.setitem(live.AUTO_STEP_S, live.Phase.REVEAL, 0.05)
    monkeypatch.setitem(live.AUTO_STEP_S, live.Phase.LEADERBOARD, 0.05)
    _game, host, (anne, bob) = game_with(auto=True)
    host.emit("host:start")
    anne.emit("player:answer", {"question": 0, "choices": ["b"]})
    bob.emit("player:answer", {"question": 0, "choices": ["a"]})  # all answered: reveal
    assert anne.wait_for("question", lambda d: d["index"] == 1)["type"] == "numeric"
    assert anne.received("leaderboard")


def test_the_projector_shows_the_rules_of_scoring_when_the_host_asks(game_with, peer):
    game, host, _phones = game_with(free_teams=True, streak_bonus=True)
    screen = peer()
    assert screen.emit("screen:join", {"pin": game["pin"]})["ok"]
    first = screen.last("rules")
    assert first["shown"] is False  # off until the host shows them
    assert first["streak_bonus"] is True and first["teams"] is True
    assert first["speed"] is True and first["ungraded"] is True  # a poll and a word cloud
    assert {"multiple", "numeric", "ordering"} <= set(first["kinds"])

    reply = host.emit("host:settings", {"settings": {"show_rules": True}})
    assert reply["ok"] and reply["settings"]["show_rules"] is True
    assert screen.wait_for("rules", lambda r: r["shown"])["network_credit_cap_ms"] == 300

    reloaded = peer()  # a reloaded projector comes back to the rules
    assert reloaded.emit("screen:join", {"pin": game["pin"]})["ok"]
    assert reloaded.last("rules")["shown"] is True

    assert host.emit("host:start")["ok"]  # the rules belong to the lobby only
    late = peer()
    assert late.emit("screen:join", {"pin": game["pin"]})["ok"]
    assert late.last("rules")["shown"] is False


def test_players_never_receive_the_rules_event_and_cannot_show_them(game_with):
    _game, _host, (anne, _bob) = game_with(free_teams=True)
    refused = anne.emit("host:settings", {"settings": {"show_rules": True}})
    assert refused["ok"] is False and refused["error"]["code"] == "forbidden"
    assert anne.received("rules") == []
