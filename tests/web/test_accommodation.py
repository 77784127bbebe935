"""`host:accommodate` over Socket.IO: the host sets it, nobody else can, bad payloads refused."""

from __future__ import annotations

import csv
import io

import pytest


def error_code(reply: dict) -> str:
    assert reply["ok"] is False, reply
    assert reply["error"]["message"], "every error carries a readable message"
    return reply["error"]["code"]


def others_told(phone) -> list[dict]:
    """The accommodation events a non-accommodated phone got beyond its own "none" at join."""
    return [d for d in phone.received("accommodation") if d["time_factor"] != 1.0 or d[
        "no_speed"] or "remaining_ms" in d]


def player_id(phone) -> str:
    return phone.join_reply["player_id"]


def test_the_host_gives_a_player_double_time_and_that_phone_is_told(started, clock):
    game, host, alice, bob = started
    reply = host.emit("host:accommodate", {"player_id": player_id(alice), "time_factor": 2})
    assert reply == {"ok": True, "player_id": player_id(alice), "time_factor": 2.0,
                     "no_speed": False}
    own = alice.wait_for("accommodation", lambda d: d["time_factor"] == 2.0)
    assert own["index"] == 0 and own["time_limit_ms"] == 40_000
    assert own["remaining_ms"] == 40_000
    assert others_told(bob) == []  # nobody else learns it
    lobby = host.wait_for("lobby", lambda d: any(p["time_factor"] == 2.0 for p in d["players"]))
    assert {p["nickname"]: (p["time_factor"], p["no_speed"]) for p in lobby["players"]} == {
        "Alice": (2.0, False), "Bob": (1.0, False)}


def test_the_extra_time_is_accepted_and_scored_over_the_players_own_limit(started, clock):
    game, host, alice, bob = started
    assert host.emit("host:accommodate", {"player_id": player_id(alice), "time_factor": 2})["ok"]
    clock.advance(30)  # the hall's 20 s are over; Alice has 10 s left
    assert error_code(bob.emit("player:answer", {"question": 0, "choices": ["b"]})) == (
        "not_accepting")
    assert alice.emit("player:answer", {"question": 0, "choices": ["b"]}) == {"ok": True}
    host.wait_for("reveal", lambda d: d["index"] == 0)  # the last one with time answered
    result = alice.wait_for("result", lambda d: d["index"] == 0)
    assert result["points"] == round(1000 * (1 - 30 / 40 / 2))


def test_no_speed_gives_fixed_points(started, clock):
    game, host, alice, bob = started
    assert host.emit("host:accommodate", {"player_id": player_id(alice), "no_speed": True})["ok"]
    clock.advance(15)
    assert alice.emit("player:answer", {"question": 0, "choices": ["b"]})["ok"]
    assert bob.emit("player:answer", {"question": 0, "choices": ["b"]})["ok"]
    assert alice.wait_for("result", lambda d: d["index"] == 0)["points"] == 1000
    assert bob.wait_for("result", lambda d: d["index"] == 0)["points"] == 625


def test_a_pause_sends_the_accommodated_player_their_own_frozen_time(started, clock):
    game, host, alice, bob = started
    assert host.emit("host:accommodate", {"player_id": player_id(alice), "time_factor": 1.5})["ok"]
    clock.advance(5)
    assert host.emit("host:pause")["ok"]
    own = alice.wait_for("accommodation", lambda d: d.get("remaining_ms") == 25_000)
    assert own["time_limit_ms"] == 30_000
    assert others_told(bob) == []


def test_a_player_or_a_projector_cannot_accommodate(started, peer):
    game, host, alice, bob = started
    assert error_code(alice.emit("host:accommodate", {"player_id": player_id(alice),
                                                      "time_factor": 2})) == "forbidden"
    screen = peer()
    assert screen.emit("screen:join", {"pin": game["pin"]})["ok"]
    assert error_code(screen.emit("host:accommodate", {"player_id": player_id(bob),
                                                       "no_speed": True})) == "forbidden"
    lobby = screen.last("lobby")
    assert all("time_factor" not in p for p in lobby["players"])  # the projector never sees it


@pytest.mark.parametrize("payload, code", [
    ({"time_factor": 2}, "bad_request"),  # no player_id
    ({"player_id": 12, "time_factor": 2}, "bad_request"),
    ({"player_id": "ALICE", "time_factor": "2"}, "bad_request"),
    ({"player_id": "ALICE", "time_factor": True}, "bad_request"),
    ({"player_id": "ALICE", "no_speed": "yes"}, "bad_request"),
    ({"player_id": "ALICE", "time_factor": 3}, "invalid_accommodation"),
    ({"player_id": "ALICE", "time_factor": 1.25}, "invalid_accommodation"),
    ({"player_id": "ALICE", "time_factor": 0}, "invalid_accommodation"),
    ({"player_id": "nobody", "time_factor": 2}, "unknown_player"),
])
def test_bad_payloads_are_refused(started, payload, code):
    game, host, alice, bob = started
    if payload.get("player_id") == "ALICE":
        payload = {**payload, "player_id": player_id(alice)}
    assert error_code(host.emit("host:accommodate", payload)) == code


def test_the_refusal_is_in_the_hosts_language(started):
    game, host, alice, bob = started
    fr = host.emit("host:accommodate", {"player_id": player_id(alice), "time_factor": 3})
    assert "1,5" in fr["error"]["message"]


def test_resume_keeps_the_accommodation(started, peer, clock):
    game, host, alice, bob = started
    assert host.emit("host:accommodate", {"player_id": player_id(alice), "time_factor": 2,
                                          "no_speed": True})["ok"]
    clock.advance(25)
    alice.sio.disconnect()
    again = peer()
    reply = again.emit("player:resume", {"pin": game["pin"], "token": alice.join_reply["token"]})
    assert reply["ok"] and (reply["time_factor"], reply["no_speed"]) == (2.0, True)
    own = again.wait_for("accommodation", lambda d: "remaining_ms" in d)
    assert own["remaining_ms"] == 15_000 and own["time_limit_ms"] == 40_000
    assert again.emit("player:answer", {"question": 0, "choices": ["b"]}) == {"ok": True}


def test_the_results_mark_the_accommodated_player(started, client, api_headers, host_user):
    game, host, alice, bob = started
    assert host.emit("host:accommodate", {"player_id": player_id(alice), "time_factor": 1.5,
                                          "no_speed": True})["ok"]
    assert host.emit("host:end")["ok"]
    body = client.get(f"/api/games/{game['pin']}/results", headers=api_headers).get_json()
    assert {p["nickname"]: (p["time_factor"], p["no_speed"]) for p in body["players"]} == {
        "Alice": (1.5, True), "Bob": (1.0, False)}
    name, password, _token = host_user
    client.get("/host/login")
    with client.session_transaction() as session:
        csrf = session["csrf"]
    client.post("/host/login", data={"username": name, "password": password, "csrf_token": csrf})
    html = client.get(f"/host/games/{game['pin']}/results").get_data(as_text=True)
    assert 'data-accommodation="temps × 1,5, sans vitesse"' in html
    assert html.count('class="accommodation-mark"') == 1
    exported = client.get(f"/api/games/{game['pin']}/results/players.csv", headers=api_headers)
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True).lstrip("\ufeff")),
                               delimiter=";"))
    assert {r["Pseudo"]: (r["Temps accordé (×)"], r["Sans vitesse"]) for r in rows} == {
        "Alice": ("1.5", "oui"), "Bob": ("1.0", "non")}
