"""A player never learns the answer before the reveal, never answers for another, never sets
their own score: every message and page a phone receives during a whole game is inspected."""

from __future__ import annotations

import json

import pytest

from quiz.web.limits import limits_of

FORBIDDEN_KEYS = {"correct", "explanation", "source", "correct_ids", "is_correct", "answer"}


@pytest.fixture(autouse=True)
def limits_on_the_test_clock(app, clock):
    limits_of(app).set_clock(clock)


def keys_in(value) -> set[str]:
    """Every dict key anywhere inside a JSON-like value."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_in(v)}
    if isinstance(value, list | tuple):
        return {k for v in value for k in keys_in(v)}
    return set()


class Phone:
    """A player socket that records, in order, every event and every ack it gets."""

    def __init__(self, peer) -> None:
        self.peer = peer
        self.log: list[tuple[str, object]] = []

    def emit(self, event: str, payload=None) -> dict:
        self.drain()
        reply = self.peer.emit(event, payload)
        self.drain()  # what the handler emitted before its ack arrives before it
        self.log.append((f"ack:{event}", reply))
        return reply

    def drain(self) -> None:
        for item in self.peer.sio.get_received():
            self.log.append((item["name"], item["args"][0] if item["args"] else None))


def assert_nothing_leaks_before_each_reveal(log, explanations: list[str]) -> None:
    """Between a question and its reveal, no payload says which choice is right."""
    open_index = None
    for name, payload in log:
        if name == "question":
            open_index = payload["index"]
        elif name == "reveal":
            assert payload["index"] == open_index
            open_index = None
        if open_index is None:
            continue
        assert not FORBIDDEN_KEYS & keys_in(payload), (name, payload)
        text = json.dumps(payload, ensure_ascii=False)
        for explanation in explanations:
            assert explanation not in text, (name, payload)


@pytest.mark.parametrize("leak", [
    {"index": 0, "choices": [{"id": "b", "correct": True}]},
    {"index": 0, "hint": "Explication 1."},
])
def test_the_leak_check_catches_a_leak(leak):
    log = [("question", {"index": 0, "choices": []}), ("question", leak), ("reveal", {"index": 0})]
    with pytest.raises(AssertionError):
        assert_nothing_leaks_before_each_reveal(log, ["Explication 1."])


def test_a_player_never_learns_the_answer_before_the_reveal(new_game, peer, client, clock):
    game = new_game()
    pin = game["pin"]
    host = peer()
    assert host.emit("host:join", {"pin": pin, "host_token": game["host_token"]})["ok"]
    spy, other = Phone(peer()), Phone(peer())
    assert spy.emit("player:join", {"pin": pin, "nickname": "Espion"})["ok"]
    token = other.emit("player:join", {"pin": pin, "nickname": "Autre"})["token"]
    phones = [spy, other]
    explanations = [f"{word} {n}." for word in ("Explication", "Explanation") for n in (1, 2, 3)]
    pages = []

    assert host.emit("host:start")["ok"]
    for index in range(3):
        clock.advance(1)
        pages.append(client.get(f"/join/{pin}").get_data(as_text=True))
        if index == 0:  # a late joiner and a resume mid-question get a snapshot
            late = Phone(peer())
            assert late.emit("player:join", {"pin": pin, "nickname": "Tardif"})["ok"]
            resumed = Phone(peer())
            token = resumed.emit("player:resume", {"pin": pin, "token": token})["token"]
            phones += [late, resumed]
        spy.emit("player:answer", {"question": index, "choices": ["a"]})
        if index == 1:
            assert host.emit("host:pause")["ok"] and host.emit("host:resume")["ok"]
        assert host.emit("host:reveal")["ok"]
        if index == 2:  # a resume during the reveal is given the reveal: that is allowed
            assert Phone(peer()).emit("player:resume", {"pin": pin, "token": token})["ok"]
        assert host.emit("host:next")["ok"]  # leaderboard
        assert host.emit("host:next")["ok"]  # next question, or the end
    for phone in phones:
        phone.drain()
        names = [name for name, _ in phone.log]
        assert "question" in names and "reveal" in names
        assert_nothing_leaks_before_each_reveal(phone.log, explanations)
    assert [name for name, _ in spy.log].count("reveal") == 3
    assert any(name == "final" for name, _ in spy.log)

    assets = [client.get(path).get_data(as_text=True)
              for path in ("/static/js/play.js", "/static/js/i18n.js")]
    for text in pages + assets:
        for explanation in explanations:
            assert explanation not in text
        assert '"correct": true' not in text.lower() and "Choix b" not in text


def test_an_extra_player_id_in_an_answer_is_ignored(started):
    game, host, alice, bob = started
    bob_id = bob.join_reply["player_id"]
    assert alice.emit("player:answer", {"question": 0, "choices": ["a"], "player_id": bob_id})["ok"]
    # The answer was Alice's: Alice may not answer again, Bob still may.
    reply = alice.emit("player:answer", {"question": 0, "choices": ["b"], "player_id": bob_id})
    assert reply["error"]["code"] == "already_answered"
    assert bob.emit("player:answer", {"question": 0, "choices": ["b"]})["ok"]
    assert alice.wait_for("result")["correct"] is False
    assert bob.wait_for("result")["correct"] is True


def test_a_player_cannot_set_their_own_score(new_game, peer):
    game = new_game()
    pin = game["pin"]
    host = peer()
    host.emit("host:join", {"pin": pin, "host_token": game["host_token"]})
    cheat = peer()
    joined = cheat.emit("player:join", {"pin": pin, "nickname": "Tricheur", "score": 99_999,
                                         "streak": 50, "player_id": "p-admin"})
    assert joined["ok"] and joined["player_id"] != "p-admin"
    resumed = cheat.emit("player:resume", {"pin": pin, "token": joined["token"], "score": 99_999})
    assert resumed["score"] == 0 and resumed["streak"] == 0
    assert host.emit("host:start")["ok"]
    wrong = cheat.emit("player:answer", {
        "question": 0, "choices": ["a"], "correct": True, "points": 99_999, "score": 99_999,
        "elapsed_ms": 0,
    })
    assert wrong == {"ok": True}
    for event in ("host:reveal", "host:next", "host:end", "host:skip"):  # not the host
        assert cheat.emit(event, {})["error"]["code"] == "forbidden"
    assert cheat.emit("host:kick", {"player_id": joined["player_id"]})["error"]["code"] == \
        "forbidden"
    host.emit("host:reveal")
    result = cheat.wait_for("result")
    assert result["score"] == 0 and result["points"] == 0 and result["correct"] is False
    host.emit("host:next")
    host.emit("host:next")
    assert cheat.emit("player:answer", {"question": 1, "choices": ["b"]})["ok"]
    host.emit("host:reveal")
    result = cheat.wait_for("result", lambda r: r["index"] == 1)
    assert result["correct"] is True and 0 < result["score"] <= 1000
