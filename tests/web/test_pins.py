"""PINs: the whole 6-digit space, leading zeros everywhere, and guessing slowed.

Only failed lookups count, per client address: a hall of 800 phones behind one NAT address
joining a real PIN never spends any of that budget.
"""

from __future__ import annotations

import pytest

from quiz.store import secrets as store_secrets
from quiz.web import protocol as p
from quiz.web.limits import Limits, TooManyPins
from tests.conftest import FakeClock
from tests.web.conftest import error_code


@pytest.fixture
def zero_pin(monkeypatch, new_game):
    """A game whose PIN starts with zeros: 004321."""
    monkeypatch.setattr(store_secrets.secrets, "randbelow", lambda n: 4321)
    game = new_game()
    monkeypatch.undo()
    assert game["pin"] == "004321"
    return game


# ---- the PIN space ------------------------------------------------------------------------

def test_pins_are_drawn_from_the_whole_six_digit_space(monkeypatch):
    asked = []

    def randbelow(n: int) -> int:
        asked.append(n)
        return {0: 0, 1: 7, 2: 999_999}[len(asked) - 1]

    monkeypatch.setattr(store_secrets.secrets, "randbelow", randbelow)
    assert [store_secrets.new_pin() for _ in range(3)] == ["000000", "000007", "999999"]
    assert asked == [1_000_000] * 3


def test_real_pins_are_six_digit_strings():
    pins = [store_secrets.new_pin() for _ in range(2000)]
    assert all(len(pin) == 6 and pin.isdigit() for pin in pins)
    assert any(pin.startswith("0") for pin in pins)  # 1 - 0.9**2000: never fails by chance


def test_a_pin_is_never_reused_while_its_game_is_open(app, monkeypatch, new_game):
    draws = iter([4321, 4321, 4321, 99])
    monkeypatch.setattr(store_secrets.secrets, "randbelow", lambda n: next(draws))
    first, second = new_game(), new_game()
    assert (first["pin"], second["pin"]) == ("004321", "000099")


def test_a_pin_with_leading_zeros_works_on_every_page_and_event(zero_pin, client, peer):
    pin = zero_pin["pin"]
    assert client.get(f"/?pin={pin}").location == f"/join/{pin}"
    for path in (f"/join/{pin}", f"/screen/{pin}", f"/games/{pin}/qr.svg",
                 f"/games/{pin}/qr.png"):
        assert client.get(path).status_code == 200, path
    assert peer().emit("player:join", {"pin": pin, "nickname": "Zéro"})["ok"]
    assert peer().emit("player:join", {"pin": 4321, "nickname": "Nombre"})["ok"]  # JSON number
    assert peer().emit("screen:join", {"pin": pin})["ok"]
    host = peer()
    assert host.emit("host:join", {"pin": pin, "host_token": zero_pin["host_token"]})["ok"]


def test_the_schema_keeps_leading_zeros():
    assert p.parse(p.PLAYER_JOIN, {"pin": "000123", "nickname": "A"})["pin"] == "000123"
    assert p.parse(p.PLAYER_JOIN, {"pin": 123, "nickname": "A"})["pin"] == "000123"
    for bad in (-1, 1_000_000, "12345", "1234567", "12a456"):
        with pytest.raises(p.BadRequest):
            p.parse(p.PLAYER_JOIN, {"pin": bad, "nickname": "A"})


def test_the_index_form_accepts_a_leading_zero(client):
    page = client.get("/").get_data(as_text=True)
    assert 'pattern="[0-9]{6}"' in page and 'inputmode="numeric"' in page


# ---- failed lookups are limited -------------------------------------------------------------

def wrong_pins(count: int, start: int = 100):
    return [f"{n:06d}" for n in range(start, start + count)]


@pytest.mark.parametrize("path", ["/join/{}", "/screen/{}", "/games/{}/qr.svg",
                                  "/games/{}/qr.png"])
def test_wrong_pins_in_urls_are_limited_per_client(client, new_game, limits, clock, path):
    game = new_game()
    for pin in wrong_pins(30):
        assert client.get(path.format(pin)).status_code == 404
    refused = client.get(path.format("999999"))
    assert refused.status_code == 429
    assert "Trop de codes PIN erronés" in refused.get_data(as_text=True)
    other = client.get(path.format("999998"), environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert other.status_code == 404  # another address has its own budget
    before = clock()
    assert client.get(path.format(game["pin"])).status_code == 200  # the right PIN: served,
    assert clock() - before == pytest.approx(1.0)  # after the penalty delay
    clock.advance(2)  # 30 per minute: one more miss every 2 seconds
    assert client.get(path.format("999997")).status_code == 404


def test_the_join_page_says_why_it_refuses(client, limits):
    for pin in wrong_pins(30):
        client.get(f"/join/{pin}")
    page = client.get("/join/123456")
    assert page.status_code == 429
    assert 'id="too-many-pins"' in page.get_data(as_text=True)


def test_malformed_pins_in_urls_count_as_misses(client, new_game, limits):
    game = new_game()
    for n in range(30):
        assert client.get(f"/join/abc{n}").status_code == 404
    assert client.get("/join/abc99").status_code == 429
    assert client.get(f"/join/{game['pin']}").status_code == 200  # a real PIN always works


@pytest.mark.parametrize("event, extra", [
    ("screen:join", {}), ("player:join", {"nickname": "Devine"}),
    ("player:resume", {"token": "t" * 20}), ("player:recover", {"code": "ABCD"}),
    ("host:join", {"host_token": "t" * 20}),
])
def test_wrong_pins_in_socket_events_are_limited_per_client(new_game, peer, limits, clock,
                                                            event, extra):
    game = new_game()
    sender = None
    for n, pin in enumerate(wrong_pins(30)):
        if n % 5 == 0:  # new sockets do not get a new budget
            sender = peer()
        assert error_code(sender.emit(event, {"pin": pin, **extra})) == "unknown_game"
    refused = peer().emit("screen:join", {"pin": wrong_pins(1, start=900)[0]})
    assert error_code(refused) == "too_many_pins"
    assert refused["error"]["message"].startswith("Trop de codes PIN erronés")
    before = clock()
    assert peer().emit("screen:join", {"pin": game["pin"]})["ok"]  # found: never refused
    assert clock() - before == pytest.approx(1.0)  # but only after the penalty delay
    clock.advance(2)  # the budget refills: a miss is a plain miss again
    assert error_code(peer().emit(event, {"pin": wrong_pins(1, start=950)[0], **extra})) == (
        "unknown_game")


def test_pages_and_sockets_share_one_budget(client, new_game, peer, limits):
    game = new_game()
    for pin in wrong_pins(15):
        client.get(f"/join/{pin}")
    for pin in wrong_pins(15, start=500):
        peer().emit("screen:join", {"pin": pin})
    assert client.get(f"/join/{wrong_pins(1, start=900)[0]}").status_code == 429
    assert client.get(f"/join/{game['pin']}").status_code == 200


def test_found_pins_never_count(client, new_game, peer, limits):
    game = new_game()
    for _ in range(200):
        assert client.get(f"/join/{game['pin']}").status_code == 200
        assert peer().emit("screen:join", {"pin": game["pin"]})["ok"]
    assert limits.pin_failures.would_allow("127.0.0.1", cost=30)


def test_a_hall_that_mistypes_a_little_still_gets_in(client, new_game, peer, limits, clock):
    """800 phones behind one address over a minute, 1 in 40 mistyping the PIN once first."""
    game = new_game()
    for n in range(800):
        if n % 40 == 0:
            typo = f"{(int(game['pin']) + 1) % 1_000_000:06d}"
            assert client.get(f"/join/{typo}").status_code == 404
        assert client.get(f"/join/{game['pin']}").status_code == 200, n
        clock.advance(60 / 800)


def test_the_guessing_rate_is_bounded():
    """From one address, 30 misses, then each lookup waits 1 s and a miss is refused: at most
    90 lookups in a minute, 60 of them answered "no such game"."""
    clock = FakeClock()
    limits = Limits({}, clock, sleep=clock.advance)
    start, tries, answered = clock(), 0, 0
    while clock() - start < 60:  # one guess per 0.1 s, or as fast as the delay lets it
        tries += 1
        try:
            assert limits.look_up_pin("203.0.113.9", "000001", lambda pin: None) is None
            answered += 1
        except TooManyPins:
            pass
        clock.advance(0.1)
    assert tries <= 100 and 30 <= answered <= 60  # without the delay: 600 tries


def test_a_guesser_in_the_hall_does_not_lock_the_hall_out():
    clock = FakeClock()
    limits = Limits({}, clock, sleep=clock.advance)
    hall = "198.51.100.7"  # the venue's one public address
    for n in range(100):
        try:
            limits.look_up_pin(hall, f"{n:06d}", lambda pin: None)
        except TooManyPins:
            pass
    assert limits.look_up_pin(hall, "123456", lambda pin: "the game") == "the game"
