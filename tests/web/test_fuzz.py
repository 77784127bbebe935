"""Property-based fuzzing: random payloads to every inbound event and every form.

Whatever arrives, no exception escapes, the reply is `{"ok": true, ...}` or a well-formed error,
a refused payload leaves the game exactly as it was, and the server goes on serving.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.web import protocol as p
from quiz.web.limits import limits_of

EXAMPLES = 100  # per event (about 20 events) and per form: ~30 s for the whole file
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=list(HealthCheck))
HUGE = ["x" * 70_000, "é" * 10_000, "\u202e" * 300, "\x00" * 1000, "9" * 5000]

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.text(max_size=30) | st.sampled_from(HUGE)
    | st.sampled_from(["", " ", "123456", "000000", "fr", "en", "de", "a", "b", "zz", "-1"])
)
json_like = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=8,
)
not_an_object = st.one_of(scalars.filter(lambda v: v is not None),
                          st.lists(json_like, max_size=3))


def plausible(kind: str, game: dict) -> st.SearchStrategy:
    """Values close to valid ones, so the fuzzer also reaches the rules behind the schema."""
    by_kind = {
        "pin": st.sampled_from([game["pin"], int(game["pin"]), f" {game['pin']} ", "999999"]),
        "text": st.text(min_size=0, max_size=30) | st.sampled_from(["Alice", "ALICE", "  "]),
        "token": st.sampled_from([game["host_token"], "p0000000000000000"]) | st.text(max_size=70),
        "int": st.integers(min_value=-2, max_value=12_000),
        "ids": st.lists(st.sampled_from(["a", "b", "c", "d", "zz", ""]), max_size=11),
        "bool": st.booleans(),
        "lang": st.sampled_from(["fr", "en", "FR", ""]),
        "code": st.text(alphabet="ABCDEFGHJKab -1", max_size=9),
    }
    return by_kind.get(kind, st.nothing()) | json_like  # a new kind: anything at all


def payloads(event: str, game: dict) -> st.SearchStrategy:
    """Anything at all, or an object with the event's fields holding any value, plus extras."""
    fields = p.SCHEMAS[event]
    shaped = st.fixed_dictionaries(
        {}, optional={f.name: plausible(f.kind, game) for f in fields}
    ).flatmap(lambda known: st.dictionaries(st.text(max_size=8), scalars, max_size=3).map(
        lambda extra: {**extra, **known}))
    return shaped | json_like


def game_state(store, pin: str) -> tuple:
    """What a refused payload must not change: phase, question, players, scores, answers."""
    game = store.get(pin).game
    players = tuple(sorted(
        (pl.id, pl.nickname, pl.team, pl.kicked, pl.score, pl.streak)
        for pl in game.players.values()
    ))
    return (str(game.phase), game.question_index, game.locked, game.deadline, players,
            tuple(sorted(game.answers)), tuple(sorted(game.cancelled)))


def assert_well_formed(reply) -> bool:
    """Check the ack's shape; return whether it is a success."""
    assert isinstance(reply, dict), reply
    assert reply.get("ok") in (True, False), reply
    if reply["ok"]:
        return True
    error = reply.get("error")
    assert isinstance(error, dict) and set(error) == {"code", "message"}, reply
    assert isinstance(error["code"], str) and error["code"], reply
    assert isinstance(error["message"], str) and error["message"].strip(), reply
    assert error["code"] != "internal_error", reply  # an exception escaped into the handler
    return False


# Field-less host events with a dict payload are valid commands: from the host they would run
# the game. The host sends them only what is invalid (non-objects), every one must be refused.
FIELDLESS = {event for event, fields in p.SCHEMAS.items() if not fields}


@pytest.fixture
def arena(app, new_game, peer):
    """A game at question 0 with a host, two players and a stranger (a socket that never joined)."""
    game = new_game()
    host = peer()
    assert host.emit("host:join", {"pin": game["pin"], "host_token": game["host_token"]})["ok"]
    alice, bob = peer(), peer()
    assert alice.emit("player:join", {"pin": game["pin"], "nickname": "Alice"})["ok"]
    assert bob.emit("player:join", {"pin": game["pin"], "nickname": "Bob"})["ok"]
    assert host.emit("host:start")["ok"]
    return game, {"host": host, "player": alice}, bob


@pytest.mark.parametrize("event", sorted(p.SCHEMAS))
def test_random_payloads_never_break_an_event(app, arena, peer, event):
    game, senders, bob = arena
    store = app.extensions["quiz_games"]
    limits = limits_of(app)
    pin = game["pin"]
    seen = {"ok": 0, "refused": 0}

    @FUZZ
    @given(
        who=st.sampled_from(["stranger", "player", "host"]),
        payload=payloads(event, game),
        extra=st.lists(json_like, max_size=2),
        data=st.data(),
    )
    def send(who, payload, extra, data):
        if who == "host" and event in FIELDLESS:
            payload = data.draw(not_an_object, label="payload")
        limits.reset()  # reach the rules, not only the rate limits
        if who == "stranger" and not senders.get("stranger"):
            senders["stranger"] = peer()
        sender = senders[who]
        before = game_state(store, pin)
        reply = sender.sio.emit(event, payload, *extra, callback=True)
        if assert_well_formed(reply):
            seen["ok"] += 1
        else:
            seen["refused"] += 1
            assert game_state(store, pin) == before, (who, event, payload, reply)
        if who == "stranger" and reply.get("ok"):  # it joined as something: find a new one
            sender.sio.disconnect()
            senders["stranger"] = None

    send()
    assert seen["refused"] > 0
    # The server keeps serving: valid events from the same sockets still succeed.
    limits.reset()
    assert peer().emit("screen:join", {"pin": pin})["ok"]
    assert senders["host"].emit("host:join", {"pin": pin, "host_token": game["host_token"]})["ok"]
    assert senders["host"].emit("host:lock", {"locked": False})["ok"]
    assert peer().emit("player:join", {"pin": pin, "nickname": "Après le fuzz"})["ok"]
    state = store.get(pin).game
    if str(state.phase) == "question" and (bob.join_reply["player_id"], 0) not in state.answers:
        assert bob.emit("player:answer", {"question": 0, "choices": ["b"]})["ok"]
    # And what the process holds is what the database holds.
    cached = game_state(store, pin)
    store.forget(pin)
    assert game_state(store, pin) == cached


# ---- forms ----------------------------------------------------------------------------------

form_values = st.text(max_size=40) | st.sampled_from(HUGE[:2] + ["test", "hote", "motdepasse"])
form_fields = st.dictionaries(
    st.sampled_from(["username", "password", "csrf_token", "quiz_id", "next", "x", "team"]),
    form_values, max_size=5,
)


def csrf_of(client) -> str:
    client.get("/host/login")
    with client.session_transaction() as session:
        return session["csrf"]


def test_random_login_forms_are_answered_without_error(app, client, host_user):
    csrf = csrf_of(client)

    @FUZZ
    @given(fields=form_fields, real_csrf=st.booleans(), next_url=st.text(max_size=30))
    def post(fields, real_csrf, next_url):
        limits_of(app).reset()
        if real_csrf:
            fields = {**fields, "csrf_token": csrf}
        response = client.post("/host/login", query_string={"next": next_url}, data=fields)
        assert response.status_code in (200, 302, 400, 401, 413, 429), response.status_code
        if response.status_code == 302:  # only the right password logs in
            assert fields.get("password") == "motdepasse"
            assert fields.get("username", "").strip() == "hote"
            location = response.headers["Location"]
            assert location.startswith("/host") and "//" not in location
            client.get("/host/logout")

    post()
    assert client.get("/healthz").status_code == 200


def test_random_open_game_forms_open_nothing_unless_valid(app, client, host_user):
    store = app.extensions["quiz_games"]
    name, password, _token = host_user
    csrf = csrf_of(client)
    assert client.post("/host/login", data={"username": name, "password": password,
                                            "csrf_token": csrf}).status_code == 302
    csrf = csrf_of(client)

    @FUZZ
    @given(fields=form_fields, real_csrf=st.booleans())
    def post(fields, real_csrf):
        if real_csrf:
            fields = {**fields, "csrf_token": csrf}
        before = len(store.recent(limit=10_000))
        response = client.post("/host/games", data=fields)
        assert response.status_code in (302, 400, 404, 413), response.status_code
        opened = len(store.recent(limit=10_000)) - before
        assert opened == (1 if response.status_code == 302 else 0)
        if opened:
            assert fields.get("quiz_id") == "test" and fields.get("csrf_token") == csrf

    post()
    assert client.get("/host").status_code == 200


def test_random_json_to_the_api_is_answered_without_error(app, client, api_headers):
    store = app.extensions["quiz_games"]

    @FUZZ
    @given(body=json_like)
    def post(body):
        before = len(store.recent(limit=10_000))
        response = client.post("/api/games", json=body, headers=api_headers)
        assert response.status_code in (201, 400, 404), response.status_code
        assert response.get_json()
        opened = len(store.recent(limit=10_000)) - before
        assert opened == (1 if response.status_code == 201 else 0)

    post()
