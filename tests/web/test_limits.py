"""Abuse limits: token buckets, join flooding, login guessing, oversized payloads."""

from __future__ import annotations

import pytest

from quiz import create_app
from quiz.store import users
from quiz.web.limits import Limits, RateLimiter
from tests.conftest import FakeClock
from tests.web.conftest import error_code

# ---- the token bucket ---------------------------------------------------------------------

def test_a_bucket_allows_its_burst_then_refuses():
    limiter = RateLimiter(rate=1, capacity=3, clock=FakeClock())
    assert [limiter.allow("k") for _ in range(4)] == [True, True, True, False]


def test_a_bucket_refills_at_its_rate_up_to_its_capacity():
    clock = FakeClock()
    limiter = RateLimiter(rate=2, capacity=3, clock=clock)
    for _ in range(3):
        limiter.allow("k")
    clock.advance(0.5)
    assert limiter.allow("k") and not limiter.allow("k")
    clock.advance(3600)
    assert [limiter.allow("k") for _ in range(4)] == [True, True, True, False]


def test_keys_have_their_own_buckets():
    limiter = RateLimiter(rate=1, capacity=1, clock=FakeClock())
    assert limiter.allow("a") and limiter.allow("b")
    assert not limiter.allow("a")


def test_would_allow_takes_nothing():
    limiter = RateLimiter(rate=1, capacity=1, clock=FakeClock())
    assert limiter.would_allow("k") and limiter.would_allow("k")
    assert limiter.allow("k") and not limiter.would_allow("k")


def test_per_period_allows_count_per_period():
    clock = FakeClock()
    limiter = RateLimiter.per_period(10, 60, clock)
    assert sum(limiter.allow("k") for _ in range(20)) == 10
    clock.advance(6)
    assert limiter.allow("k") and not limiter.allow("k")


def test_a_rate_of_zero_turns_a_limiter_off():
    limiter = RateLimiter(rate=0, capacity=0, clock=FakeClock())
    assert all(limiter.allow("k") for _ in range(10_000))


def test_a_hall_of_800_phones_behind_one_ip_joins_within_a_minute():
    clock = FakeClock()
    per_ip = Limits({}, clock).joins_per_ip
    for _ in range(800):  # evenly over 60 s, and then all at once
        assert per_ip.allow("192.0.2.1")
        clock.advance(60 / 800)
    clock.advance(60)
    assert all(per_ip.allow("192.0.2.1") for _ in range(800))  # all in the same instant


# ---- joining --------------------------------------------------------------------------------

def test_a_socket_joins_once(new_game, peer, limits):
    game = new_game()
    phone = peer()
    assert phone.emit("player:join", {"pin": game["pin"], "nickname": "Alice"})["ok"]
    reply = phone.emit("player:join", {"pin": game["pin"], "nickname": "Alice bis"})
    assert error_code(reply) == "already_joined"


def test_join_attempts_per_socket_are_limited_then_allowed_again(new_game, peer, limits, clock):
    game = new_game()
    phone = peer()
    for _ in range(10):
        reply = phone.emit("player:join", {"pin": "999999", "nickname": "Alice"})
        assert error_code(reply) == "unknown_game"
    reply = phone.emit("player:join", {"pin": game["pin"], "nickname": "Alice"})
    assert error_code(reply) == "rate_limited"
    assert reply["error"]["message"].startswith("Trop de tentatives")
    clock.advance(6)  # one attempt more every 6 seconds
    assert phone.emit("player:join", {"pin": game["pin"], "nickname": "Alice"})["ok"]


def test_the_per_ip_join_limit_stops_a_flood_from_one_address(new_game, peer, limits):
    game = new_game()
    limits.joins_per_ip.capacity = 5
    replies = [
        peer().emit("player:join", {"pin": game["pin"], "nickname": f"Bot {n}"}) for n in range(8)
    ]
    assert [r["ok"] for r in replies] == [True] * 5 + [False] * 3
    assert {error_code(r) for r in replies[5:]} == {"rate_limited"}


def test_a_hall_joins_through_the_sockets_at_the_default_rates(new_game, peer, limits, clock):
    game = new_game()
    for n in range(150):  # 150 phones from one NAT address in 2.5 seconds
        reply = peer().emit("player:join", {"pin": game["pin"], "nickname": f"Élu {n}"})
        assert reply["ok"], reply
        clock.advance(1 / 60)


def test_800_phones_behind_one_address_all_join_through_the_sockets(
        app, new_game, peer, limits, clock):
    """A whole hall behind the venue's NAT, every join in the same instant (the clock stands
    still), through the real handler: every one gets in, then the game is full of them."""
    game = new_game()
    host = peer()
    assert host.emit("host:join", {"pin": game["pin"], "host_token": game["host_token"]})["ok"]
    replies = []
    for n in range(800):
        phone = peer()
        replies.append(phone.emit("player:join", {"pin": game["pin"], "nickname": f"Tél {n}"}))
        phone.sio.disconnect()  # keep the test light: a dropped phone stays a player
    assert [n for n, r in enumerate(replies) if not r["ok"]] == []
    assert set(limits.joins_per_ip._buckets) == {"127.0.0.1"}  # one address for all
    assert len(app.extensions["quiz_games"].get(game["pin"]).game.players) == 800


def test_the_player_cap_follows_quiz_max_players(tmp_path, questions_dir, monkeypatch):
    monkeypatch.setenv("QUIZ_MAX_PLAYERS", "2")
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "i"),
                      "SECRET_KEY": "s", "QUESTIONS_PATH": str(questions_dir),
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'cap.db'}"})
    assert app.config["MAX_PLAYERS"] == 2
    from quiz.cli import load_quiz_files
    from quiz.store import users
    from quiz.web.wiring import socketio

    db = app.extensions["quiz_db"]
    db.create_all()
    load_quiz_files(db, [questions_dir])
    _user, token = users.create_user(db, "hote", "host", "motdepasse")
    client = app.test_client()
    pin = client.post("/api/games", json={"quiz_id": "test"},
                      headers={"Authorization": f"Bearer {token}"}).get_json()["pin"]
    replies = []
    for n in range(3):
        sio = socketio.test_client(app, flask_test_client=client)
        replies.append(sio.emit("player:join", {"pin": pin, "nickname": f"P{n}"}, callback=True))
        sio.disconnect()
    assert [r["ok"] for r in replies] == [True, True, False]
    assert error_code(replies[2]) == "game_full"
    db.engine.dispose()


# ---- login ----------------------------------------------------------------------------------

def login(client, username: str, password: str):
    client.get("/host/login")
    with client.session_transaction() as session:
        csrf = session["csrf"]
    return client.post("/host/login", data={
        "username": username, "password": password, "csrf_token": csrf,
    })


def test_login_failures_are_limited_per_username_and_ip(client, host_user, limits, clock):
    name, password, _token = host_user
    for _ in range(10):
        assert login(client, name, "wrong").status_code == 401
    refused = login(client, name, password)  # even the right password waits
    assert refused.status_code == 429
    assert "Trop de tentatives" in refused.get_data(as_text=True)
    assert login(client, "someone-else", "wrong").status_code == 401
    clock.advance(30)  # 10 per 5 minutes: one more every 30 seconds
    assert login(client, name, password).status_code == 302


def editor_login(client, username: str, password: str):
    client.get("/editor/login")
    with client.session_transaction() as session:
        csrf = session["csrf"]
    return client.post("/editor/login", data={
        "username": username, "password": password, "csrf_token": csrf,
    })


def test_editor_login_failures_are_limited_like_the_hosts(client, db, limits, clock):
    users.create_user(db, "redac", "editor", "motdepasse")
    for _ in range(10):
        assert editor_login(client, "redac", "wrong").status_code == 401
    refused = editor_login(client, "redac", "motdepasse")
    assert refused.status_code == 429
    assert "Trop de tentatives" in refused.get_data(as_text=True)
    assert editor_login(client, "someone-else", "wrong").status_code == 401
    clock.advance(30)
    assert editor_login(client, "redac", "motdepasse").status_code == 302


def test_the_host_and_editor_logins_share_one_budget(client, db, limits):
    users.create_user(db, "admin2", "admin", "motdepasse")
    for _ in range(5):
        assert login(client, "admin2", "wrong").status_code == 401
        assert editor_login(client, "admin2", "wrong").status_code == 401
    assert login(client, "admin2", "motdepasse").status_code == 429
    assert editor_login(client, "admin2", "motdepasse").status_code == 429


def test_a_successful_editor_login_does_not_count(client, db, limits):
    users.create_user(db, "redac", "editor", "motdepasse")
    for _ in range(20):
        assert editor_login(client, "redac", "motdepasse").status_code == 302


def test_passwords_are_stored_as_scrypt_hashes(db):
    user, _token = users.create_user(db, "redac", "editor", "motdepasse")
    assert user.password_hash.startswith("scrypt:")
    users.set_password(db, "redac", "autre")
    assert users.user_by_name(db, "redac").password_hash.startswith("scrypt:")
    assert users.authenticate(db, "redac", "autre") is not None
    assert users.authenticate(db, "redac", "motdepasse") is None


def test_a_successful_login_does_not_count(client, host_user, limits):
    name, password, _token = host_user
    for _ in range(20):
        assert login(client, name, password).status_code == 302


# ---- sizes ----------------------------------------------------------------------------------

def test_an_oversized_form_is_refused_with_413(client):
    response = client.post("/host/login", data={"username": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413


def test_socketio_limits_inbound_messages_to_64_kib(app):
    server = app.extensions["socketio"].server.eio
    assert server.max_http_buffer_size == 64 * 1024


def test_an_oversized_text_field_is_a_bad_request(new_game, peer):
    game = new_game()
    reply = peer().emit("player:join", {"pin": game["pin"], "nickname": "x" * 10_000})
    assert error_code(reply) == "bad_request"


# ---- cookies --------------------------------------------------------------------------------

@pytest.mark.parametrize("public_url, secure", [
    ("https://quiz.example.org", True), ("http://192.168.1.10:8000", False), (None, False),
])
def test_the_session_cookie_is_secure_behind_https(tmp_path, public_url, secure):
    from quiz.config import load_config

    config = load_config({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "s",
                          "PUBLIC_URL": public_url})
    assert config["SESSION_COOKIE_SECURE"] is secure
    assert config["SESSION_COOKIE_HTTPONLY"] is True


# ---- who may ------------------------------------------------------------------------------

PUBLIC = {"/host/login", "/host/logout", "/editor/login", "/editor/logout"}


def protected_rules(app):
    """Every host, editor and API route, with its placeholders filled."""
    for rule in app.url_map.iter_rules():
        path = rule.rule
        if not path.startswith(("/host", "/editor", "/api")) or path in PUBLIC:
            continue
        for argument in rule.arguments:
            path = path.replace(f"<{argument}>", "123456")
        for converter in ("path:", "int:", "string:"):
            path = path.replace(f"<{converter}", "<")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, path


def test_no_host_editor_or_api_route_answers_a_stranger(app, client):
    rules = list(protected_rules(app))
    assert ("GET", "/host") in rules and ("POST", "/api/games") in rules
    for method, path in rules:
        response = client.open(path, method=method)
        if path.startswith("/api"):
            assert response.status_code == 401, (method, path)
        else:  # pages send strangers to a login form
            assert response.status_code in (302, 401), (method, path, response.status_code)
            assert "login" in response.headers.get("Location", "login"), (method, path)


def test_host_pages_require_the_host_role(app, client, db):
    users.create_user(db, "redac", "editor", "motdepasse")
    assert login(client, "redac", "motdepasse").status_code == 302
    for method, path in protected_rules(app):
        if path.startswith("/host"):
            assert client.open(path, method=method).status_code == 403, (method, path)


def test_host_events_need_host_join_with_the_games_token(started, peer):
    game, _host, alice, _bob = started
    intruder = peer()
    assert error_code(intruder.emit("host:join", {"pin": game["pin"], "host_token": "guess"})) \
        == "forbidden"
    for sender in (intruder, alice):
        for event in ("host:next", "host:reveal", "host:end", "host:pause", "host:skip"):
            assert error_code(sender.emit(event, {})) == "forbidden"
        assert error_code(sender.emit("host:lock", {"locked": True})) == "forbidden"


# ---- a real server: oversized Socket.IO messages --------------------------------------------

@pytest.fixture
def live_server(tmp_path):
    from tests.factories import write_quiz
    from tests.live_server import LiveServer

    folder = tmp_path / "questions"
    write_quiz(folder, "test", count=1)
    server = LiveServer(tmp_path, folder)
    server.token = server.create_host()
    server.start()
    yield server
    server.stop()


@pytest.mark.live
def test_an_oversized_socketio_message_is_dropped_and_the_server_goes_on(live_server):
    import requests
    import socketio

    from tests.live_server import Phone

    game = requests.post(f"{live_server.url}/api/games", json={"quiz_id": "test"},
                         headers={"Authorization": f"Bearer {live_server.token}"}).json()
    for transports in (("websocket",), ("polling",)):
        big = Phone(live_server.url, transports=transports)
        with pytest.raises((socketio.exceptions.TimeoutError,
                            socketio.exceptions.BadNamespaceError)):
            big.sio.call("player:join", {"pin": game["pin"], "nickname": "x" * 100_000},
                         timeout=3)
        big.close()
    phone = Phone(live_server.url)
    assert phone.call("player:join", {"pin": game["pin"], "nickname": "Normale"})["ok"]
    phone.close()
    assert live_server.process.poll() is None
