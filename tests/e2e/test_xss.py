"""Nicknames and team names are plain text everywhere (real Chromium, real server).

Two phones join with markup as nickname and team name (the team `<img src=x onerror=alert(1)>`;
nicknames hold 24 characters at most, so the shortest equivalent `<svg onload=alert(1)>`), then
the game runs to its end. On the projector, the host console (lobby list, leaderboard, podium)
and the results page, nothing runs (no dialog opens), no element is made from a name, and the
names show literally. The host's and projector's pages run with the Content-Security-Policy
bypassed, so that the CSP (which would block inline handlers anyway) cannot hide an injection.
Also: a PIN with leading zeros typed on the home page leads to its game.
"""

from __future__ import annotations

import pytest
import requests

from tests.e2e.test_browser import PHONE, browser, expect  # noqa: F401 (fixture)
from tests.factories import write_quiz
from tests.live_server import LiveServer

pytestmark = pytest.mark.browser

PLAYERS = [  # (nickname, team)
    ("<svg onload=alert(1)>", "<img src=x onerror=alert(1)>"),
    ("<b id=xss>Bob</b>", "<i id=xss2>Deux</i> &amp;"),
]
# Any element a name could have made, if it were ever read as HTML.
INJECTED = "svg[onload], img[src='x'], [onerror], #xss, #xss2"


@pytest.fixture
def server(tmp_path):
    live = LiveServer(tmp_path, write_quiz(tmp_path / "questions", "xss", count=1,
                                           time_limit=60).parent)
    live.token = live.create_host("animatrice")
    live.start()
    yield live
    live.stop()


def watched(browser, dialogs: list, name: str, **options):  # noqa: F811
    """A new page whose dialogs (alert, confirm, prompt) are recorded and dismissed."""
    page = browser.new_context(**options).new_page()

    def on_dialog(dialog) -> None:
        dialogs.append((name, dialog.type, dialog.message))
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return page


def assert_plain(page, where: str, container: str, texts: list[str]) -> None:
    """Each text is shown literally in `container`, and no element was made from a name."""
    for text in texts:
        expect(page.locator(container)).to_contain_text(text)
    assert page.locator(INJECTED).count() == 0, where


def test_markup_in_names_stays_text_on_the_projector_and_the_host_console(browser, server):  # noqa: F811
    game = requests.post(f"{server.url}/api/games",
                         json={"quiz_id": "xss", "settings": {"free_teams": True}},
                         headers={"Authorization": f"Bearer {server.token}"}, timeout=10).json()
    pin = game["pin"]
    dialogs: list = []
    unsafe = {"bypass_csp": True, "locale": "fr-FR"}

    host = watched(browser, dialogs, "host", viewport={"width": 1280, "height": 800}, **unsafe)
    host.goto(f"{server.url}/host/login")
    host.fill("input[name=username]", "animatrice")
    host.fill("input[name=password]", "motdepasse")
    host.click("button[type=submit]")
    host.goto(f"{server.url}/host/games/{pin}")
    host.wait_for_selector("body[data-pin]")
    screen = watched(browser, dialogs, "screen", viewport={"width": 1280, "height": 720},
                     **unsafe)
    screen.goto(f"{server.url}/screen/{pin}")
    screen.wait_for_selector("#qr")

    phones = []
    for nickname, team in PLAYERS:
        phone = watched(browser, dialogs, f"phone {nickname}", **{**PHONE, "bypass_csp": True})
        phone.goto(f"{server.url}/join/{pin}")
        phone.fill("#nickname", nickname)
        phone.fill("#team-free", team)
        phone.click("#btn-join")
        phone.wait_for_selector("body[data-screen=lobby]")
        phones.append(phone)
    nicknames = [nickname for nickname, _ in PLAYERS]
    teams = [team for _, team in PLAYERS]

    assert_plain(host, "host lobby", "#player-list", nicknames)
    assert_plain(screen, "screen lobby", "#lobby-players", nicknames)
    for phone, (nickname, _team) in zip(phones, PLAYERS, strict=True):
        assert_plain(phone, "phone lobby", "body", [nickname])

    host.wait_for_selector("#btn-start:not([disabled])")
    host.click("#btn-start")
    for phone, choice in zip(phones, ["b", "a"], strict=True):
        phone.wait_for_selector("body[data-screen=question]")
        phone.click(f".answer-btn[data-choice-id={choice}]")
    screen.wait_for_selector("body[data-screen=reveal]")
    host.wait_for_selector("#btn-next:not([disabled])")
    host.click("#btn-next")
    screen.wait_for_selector("body[data-screen=leaderboard]")
    assert_plain(screen, "screen leaderboard", "#leaderboard", nicknames)
    assert_plain(screen, "screen team board", "#team-leaderboard", teams)
    assert_plain(host, "host leaderboard", "#leaderboard", nicknames)

    host.wait_for_selector("#btn-next:not([disabled])")
    host.click("#btn-next")
    screen.wait_for_selector("body[data-screen=finished]")
    # Teams of one are not ranked (no team podium): the podium shows each team by its player.
    assert_plain(screen, "screen podium", "#podium", nicknames + teams)
    host.wait_for_selector("#host-podium-box:not([hidden])")
    assert_plain(host, "host podium", "#podium", nicknames)
    for phone in phones:
        phone.wait_for_selector("body[data-screen=finished]")
        assert page_is_plain(phone)

    host.goto(f"{server.url}/host/games/{pin}/results")
    assert_plain(host, "results page", "main", nicknames + teams)
    host.goto(f"{server.url}/host/games")
    assert page_is_plain(host)

    assert dialogs == []


def page_is_plain(page) -> bool:
    return page.locator(INJECTED).count() == 0


def test_a_pin_with_leading_zeros_is_typed_on_the_home_page_and_joined(browser, server):  # noqa: F811
    """PINs come from the whole 6-digit space: 000123 is typed, kept and joined as such."""
    from sqlalchemy import create_engine, text

    game = requests.post(f"{server.url}/api/games", json={"quiz_id": "xss"},
                         headers={"Authorization": f"Bearer {server.token}"}, timeout=10).json()
    url = server.database_url or f"sqlite:///{server.workdir / 'instance' / 'quiz.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:  # a PIN the server has not cached is read from its row
        connection.execute(text("UPDATE games SET pin = '000123' WHERE pin = :pin"),
                           {"pin": game["pin"]})
    engine.dispose()
    dialogs: list = []
    phone = watched(browser, dialogs, "phone", **PHONE)
    phone.goto(f"{server.url}/")
    phone.fill("#pin-input", "000123")
    phone.click("#btn-pin")
    phone.wait_for_url(f"{server.url}/join/000123")
    phone.fill("#nickname", "Zéro")
    phone.click("#btn-join")
    phone.wait_for_selector("body[data-screen=lobby]")
    assert dialogs == []
