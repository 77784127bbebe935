"""The recovery code: 4 letters shown on the phone bring the player back on another device."""

from __future__ import annotations

import pytest

from quiz.store.games import RECOVERY_ALPHABET
from quiz.web.limits import limits_of
from tests.web.conftest import error_code


@pytest.fixture(autouse=True)
def limits_on_the_test_clock(app, clock):
    limits_of(app).set_clock(clock)


def test_joining_gives_a_four_letter_code_from_an_unambiguous_alphabet(new_game, peer):
    game = new_game()
    reply = peer().emit("player:join", {"pin": game["pin"], "nickname": "Alice"})
    code = reply["recovery_code"]
    assert len(code) == 4 and set(code) <= set(RECOVERY_ALPHABET)
    assert not set("IOL01") & set(RECOVERY_ALPHABET)


def test_codes_are_unique_within_a_game(new_game, peer, clock):
    game = new_game()
    codes = set()
    for n in range(60):
        codes.add(peer().emit("player:join", {"pin": game["pin"], "nickname": f"P{n}"})
                  ["recovery_code"])
        clock.advance(1)
    assert len(codes) == 60


def test_resume_gives_the_same_code_back(new_game, peer):
    game = new_game()
    joined = peer().emit("player:join", {"pin": game["pin"], "nickname": "Alice"})
    resumed = peer().emit("player:resume", {"pin": game["pin"], "token": joined["token"]})
    assert resumed["ok"] and resumed["recovery_code"] == joined["recovery_code"]


def test_another_device_recovers_the_player_with_score_and_a_new_token(started, peer):
    game, _host, alice, _bob = started
    assert alice.emit("player:answer", {"question": 0, "choices": ["b"]})["ok"]
    joined = alice.join_reply
    other = peer()
    reply = other.emit("player:recover", {"pin": game["pin"], "code": joined["recovery_code"]})
    assert reply["ok"], reply
    assert reply["player_id"] == joined["player_id"] and reply["nickname"] == "Alice"
    assert reply["answered"] is True and reply["state"] == "question"
    assert reply["recovery_code"] == joined["recovery_code"]
    assert reply["token"] and reply["token"] != joined["token"]
    assert set(reply) >= {"ok", "player_id", "nickname", "team", "score", "streak", "state",
                          "answered", "token", "recovery_code"}
    assert other.last("question")["index"] == 0  # the current screen, at once
    # The old token stopped working; the new one works.
    assert error_code(peer().emit("player:resume", {"pin": game["pin"],
                                                    "token": joined["token"]})) == "unknown_player"
    assert peer().emit("player:resume", {"pin": game["pin"], "token": reply["token"]})["ok"]


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {spaced} ", "{dashed}"])
def test_the_code_may_be_typed_in_lower_case_with_spaces_or_a_dash(new_game, peer, typed):
    game = new_game()
    code = peer().emit("player:join", {"pin": game["pin"], "nickname": "Alice"})["recovery_code"]
    text = typed.format(code=code, lower=code.lower(), spaced=f"{code[:2]} {code[2:]}",
                        dashed=f"{code[:2]}-{code[2:]}")
    assert peer().emit("player:recover", {"pin": game["pin"], "code": text})["ok"]


def test_a_wrong_code_is_refused(new_game, peer):
    game = new_game()
    code = peer().emit("player:join", {"pin": game["pin"], "nickname": "Alice"})["recovery_code"]
    wrong = next(c * 4 for c in RECOVERY_ALPHABET if c * 4 != code)
    reply = peer().emit("player:recover", {"pin": game["pin"], "code": wrong})
    assert error_code(reply) == "invalid_code"
    assert reply["error"]["message"].startswith("Aucun joueur")


@pytest.mark.parametrize("code", ["ABC", "ABCDE", "AB1D", "", 1234, None, ["ABCD"]])
def test_a_malformed_code_is_a_bad_request(new_game, peer, code):
    game = new_game()
    assert error_code(peer().emit("player:recover", {"pin": game["pin"], "code": code})) == \
        "bad_request"


def test_a_code_of_another_game_does_not_work(new_game, peer):
    first, second = new_game(), new_game()
    code = peer().emit("player:join", {"pin": first["pin"], "nickname": "Alice"})["recovery_code"]
    assert error_code(peer().emit("player:recover", {"pin": second["pin"], "code": code})) == \
        "invalid_code"


def test_a_kicked_player_cannot_recover(new_game, peer):
    game = new_game()
    host = peer()
    host.emit("host:join", {"pin": game["pin"], "host_token": game["host_token"]})
    joined = peer().emit("player:join", {"pin": game["pin"], "nickname": "Troll"})
    assert host.emit("host:kick", {"player_id": joined["player_id"]})["ok"]
    reply = peer().emit("player:recover", {"pin": game["pin"], "code": joined["recovery_code"]})
    assert error_code(reply) == "invalid_code"


def test_guessing_is_limited_per_socket(new_game, peer, clock):
    game = new_game()
    code = peer().emit("player:join", {"pin": game["pin"], "nickname": "Alice"})["recovery_code"]
    guesser = peer()
    wrong = [c * 4 for c in RECOVERY_ALPHABET if c * 4 != code]
    codes = [error_code(guesser.emit("player:recover", {"pin": game["pin"], "code": w}))
             for w in wrong[:6]]
    assert codes == ["invalid_code"] * 5 + ["rate_limited"]
    # Even the right code waits now, on this socket.
    assert error_code(guesser.emit("player:recover", {"pin": game["pin"], "code": code})) == \
        "rate_limited"
    clock.advance(12)  # 5 per minute: one more every 12 seconds
    assert guesser.emit("player:recover", {"pin": game["pin"], "code": code})["ok"]


def test_guessing_is_limited_per_game_across_sockets(new_game, peer, clock):
    game, other_game = new_game(), new_game()
    code = peer().emit("player:join", {"pin": game["pin"], "nickname": "Alice"})["recovery_code"]
    other_code = peer().emit("player:join", {"pin": other_game["pin"], "nickname": "Bob"})[
        "recovery_code"]
    wrong = [c * 4 for c in RECOVERY_ALPHABET if c * 4 != code]
    codes = [error_code(peer().emit("player:recover", {"pin": game["pin"], "code": w}))
             for w in wrong[:21]]
    assert codes == ["invalid_code"] * 20 + ["rate_limited"]
    assert error_code(peer().emit("player:recover", {"pin": game["pin"], "code": code})) == \
        "rate_limited"
    # Another game is not slowed down by this one's guesser.
    assert peer().emit("player:recover", {"pin": other_game["pin"], "code": other_code})["ok"]
    clock.advance(3)
    assert peer().emit("player:recover", {"pin": game["pin"], "code": code})["ok"]


def test_the_phone_page_has_the_recovery_form_and_code_line(new_game, client):
    game = new_game()
    page = client.get(f"/join/{game['pin']}").get_data(as_text=True)
    assert 'id="recover-form"' in page and 'id="recover-code"' in page
    assert "J’ai déjà rejoint sur un autre appareil" in page
    assert "Code de récupération :" in page
    script = client.get("/static/js/play.js").get_data(as_text=True)
    assert "player:recover" in script and "recovery_code" in script
