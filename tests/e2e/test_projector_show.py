"""The projector's show in real Chromium: sound off until asked for (and remembered), the
full-screen button, and leaderboard rows that slide to their new rank.

Spies are installed before the page's own scripts (Playwright init scripts): they count the
AudioContexts and oscillators the page makes, the full-screen requests and the row animations,
and call the real functions through. Motion is measured in the page with the animations
slowed down (Chrome DevTools' Animation.setPlaybackRate), not guessed from timings.
"""

from __future__ import annotations

import pytest
import requests
import yaml

from tests.e2e.test_browser import browser, expect  # noqa: F401  (fixture)
from tests.factories import quiz_data
from tests.live_server import LiveServer, Phone, close_all

pytestmark = pytest.mark.browser

SPIES = """
(() => {
  const spy = window.__spy = {contexts: 0, oscillators: 0, fullscreen: 0, animations: []};
  const Real = window.AudioContext;
  if (Real) {
    window.AudioContext = class extends Real {
      constructor(...args) { super(...args); spy.contexts += 1; }
      createOscillator() { spy.oscillators += 1; return super.createOscillator(); }
    };
  }
  const request = Element.prototype.requestFullscreen;
  if (request) {
    Element.prototype.requestFullscreen = function (...args) {
      spy.fullscreen += 1;
      return request.apply(this, args);
    };
  }
  const animate = Element.prototype.animate;
  Element.prototype.animate = function (keyframes, options) {
    spy.animations.push({key: this.getAttribute('data-key'), keyframes: JSON.stringify(keyframes)});
    return animate.call(this, keyframes, options);
  };
})();
"""


def quiz_file(folder, time_limit: int) -> None:
    """Three questions (right answer "b"); the second is worth double, to reshuffle the board."""
    data = quiz_data("spectacle", 3, time_limit=time_limit)
    data["questions"][1]["points"] = "double"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "spectacle.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))


def start_server(tmp_path, time_limit: int) -> LiveServer:
    quiz_file(tmp_path / "questions", time_limit)
    live = LiveServer(tmp_path, tmp_path / "questions")
    live.token = live.create_host("animatrice")
    live.start()
    return live


def new_game(server) -> tuple[str, Phone]:
    game = requests.post(f"{server.url}/api/games", json={"quiz_id": "spectacle"},
                         headers={"Authorization": f"Bearer {server.token}"}, timeout=10).json()
    host = Phone(server.url)
    assert host.call("host:join", {"pin": game["pin"], "host_token": game["host_token"]})["ok"]
    return game["pin"], host


def open_screen(browser, url: str, **options):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR",
                                  **options)
    context.add_init_script(SPIES)
    page = context.new_page()
    page.goto(url)
    return page


def spy(page) -> dict:
    return page.evaluate("() => window.__spy")


@pytest.fixture
def short_server(tmp_path):
    live = start_server(tmp_path, time_limit=6)
    yield live
    live.stop()


@pytest.fixture
def server(tmp_path):
    live = start_server(tmp_path, time_limit=60)
    yield live
    live.stop()


def test_sound_is_off_until_turned_on_and_the_choice_is_remembered(browser, short_server):  # noqa: F811
    pin, host = new_game(short_server)
    page = open_screen(browser, f"{short_server.url}/screen/{pin}")
    try:
        button = page.locator("#btn-sound")
        expect(button).to_be_visible()
        expect(button).to_have_attribute("aria-pressed", "false")
        expect(button).to_have_attribute("aria-label", "Activer le son / Turn sound on")
        expect(page.locator("body")).to_have_attribute("data-sound", "off")

        # A whole question with its last five seconds, then the reveal: not one sound, and no
        # AudioContext was even created.
        player = Phone(short_server.url)
        assert player.call("player:join", {"pin": pin, "nickname": "Alice"})["ok"]
        assert host.call("host:start")["ok"]
        page.wait_for_selector("body[data-screen=question]")
        page.wait_for_selector("body[data-screen=reveal]", timeout=15000)
        assert spy(page)["contexts"] == 0

        # From the keyboard: Tab reaches the button, Enter turns the sound on.
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.id") == "btn-sound"
        page.keyboard.press("Enter")
        expect(page.locator("body")).to_have_attribute("data-sound", "on")
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(button).to_have_attribute("aria-label", "Couper le son / Mute")
        assert page.evaluate("() => localStorage.getItem('quiz.screen.sound')") == "on"
        found = spy(page)
        assert found["contexts"] == 1 and found["oscillators"] >= 1  # the "sound on" blip

        # Reloaded, the projector remembers: sound on, and the next countdown ticks.
        page.reload()
        expect(page.locator("body")).to_have_attribute("data-sound", "on")
        expect(button).to_have_attribute("aria-pressed", "true")
        page.mouse.click(640, 400)  # browsers let audio start only after a gesture
        page.wait_for_function("() => window.__spy.contexts === 1")
        assert host.call("host:next")["ok"]  # reveal -> leaderboard
        assert host.call("host:next")["ok"]  # the next question, 6 s
        page.wait_for_selector("body[data-screen=question]")
        page.wait_for_selector("body[data-screen=reveal]", timeout=15000)
        # five ticks (one oscillator each) and the chime (six)
        page.wait_for_function("() => window.__spy.oscillators >= 11")

        # M mutes it again, and that is remembered too.
        page.keyboard.press("m")
        expect(page.locator("body")).to_have_attribute("data-sound", "off")
        assert page.evaluate("() => localStorage.getItem('quiz.screen.sound')") == "off"
        page.reload()
        expect(page.locator("body")).to_have_attribute("data-sound", "off")
        assert spy(page)["contexts"] == 0
    finally:
        close_all([host, player])
        page.context.close()


def test_the_full_screen_button_asks_for_full_screen_and_toggles(browser, server):  # noqa: F811
    pin, host = new_game(server)
    page = open_screen(browser, f"{server.url}/screen/{pin}")
    try:
        button = page.locator("#btn-fullscreen")
        expect(button).to_be_visible()
        expect(button).to_have_attribute("aria-label", "Plein écran / Full screen")
        button.click()
        page.wait_for_function("() => window.__spy.fullscreen === 1")
        # Headless Chromium grants it; a browser that refuses leaves a trace, not an error.
        page.wait_for_function(
            "() => ['on', 'refused'].includes(document.body.getAttribute('data-fullscreen'))")
        state = page.get_attribute("body", "data-fullscreen")
        if state == "on":
            assert page.evaluate("() => document.fullscreenElement === document.documentElement")
            expect(button).to_have_attribute("aria-pressed", "true")
            expect(button).to_have_attribute("aria-label",
                                             "Quitter le plein écran / Exit full screen")
            button.click()
            expect(page.locator("body")).to_have_attribute("data-fullscreen", "off")
            assert page.evaluate("() => document.fullscreenElement") is None
        else:
            pytest.fail("headless Chromium refused the full screen")
    finally:
        host.close()
        page.context.close()


def test_without_the_fullscreen_api_the_button_is_hidden(browser, server):  # noqa: F811
    pin, host = new_game(server)
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR")
    context.add_init_script(
        "Object.defineProperty(Document.prototype, 'fullscreenEnabled', {get: () => false});")
    page = context.new_page()
    try:
        page.goto(f"{server.url}/screen/{pin}")
        expect(page.locator("#btn-sound")).to_be_visible()
        expect(page.locator("#btn-fullscreen")).to_be_hidden()
    finally:
        host.close()
        context.close()


# Where each row is drawn now, against where its slot is: a moving row is still shifted.
ROWS = """() => {
  const list = document.getElementById('leaderboard');
  const rows = Array.from(list.querySelectorAll('.leaderboard-row'));
  const pitch = rows.length > 1 ? rows[1].offsetTop - rows[0].offsetTop : 0;
  return rows.map((row, slot) => ({
    name: row.querySelector('.nickname').textContent, slot, pitch,
    shift: Math.round(row.getBoundingClientRect().top
                      - row.offsetParent.getBoundingClientRect().top - row.offsetTop),
    transform: getComputedStyle(row).transform,
    moving: row.getAnimations().length,
  }));
}"""


def play_to_second_leaderboard(server, pins_pages) -> list[Phone]:
    """Alice right on question 1, Bob right on the double question 2: Bob overtakes Alice."""
    pin, host, pages = pins_pages
    players = {}
    for name in ("Alice", "Bob", "Chloé"):
        players[name] = Phone(server.url)
        assert players[name].call("player:join", {"pin": pin, "nickname": name})["ok"]
    assert host.call("host:start")["ok"]
    for index, right in enumerate(("Alice", "Bob")):
        for name, phone in players.items():
            assert phone.call("player:answer", {"question": index,
                                                "choices": ["b" if name == right else "a"]})["ok"]
        for page in pages:
            page.wait_for_selector("body[data-screen=reveal]")
        assert host.call("host:next")["state"] == "leaderboard"
        if index == 0:
            for page in pages:
                page.wait_for_selector("body[data-screen=leaderboard]")
                names = page.locator("#leaderboard .nickname").all_inner_texts()
                assert names[0] == "Alice"
                # slow every animation of the page 50 times down before the second board
                cdp = page.context.new_cdp_session(page)
                cdp.send("Animation.enable")
                cdp.send("Animation.setPlaybackRate", {"playbackRate": 0.02})
            assert host.call("host:next")["ok"]
    return list(players.values())


def test_leaderboard_rows_move_to_their_new_rank(browser, server):  # noqa: F811
    pin, host = new_game(server)
    moving = open_screen(browser, f"{server.url}/screen/{pin}")
    still = open_screen(browser, f"{server.url}/screen/{pin}", reduced_motion="reduce")
    players = []
    try:
        players = play_to_second_leaderboard(server, (pin, host, [moving, still]))
        for page in (moving, still):
            page.wait_for_selector("body[data-screen=leaderboard]")
            page.wait_for_function(
                "() => document.querySelector('#leaderboard .nickname').textContent === 'Bob'")

        rows = {row["name"]: row for row in moving.evaluate(ROWS)}
        assert rows["Bob"]["slot"] == 0 and rows["Alice"]["slot"] == 1
        pitch = rows["Bob"]["pitch"]
        assert pitch > 0
        # Bob is drawn below his new slot (coming up from where he was), Alice above hers.
        assert rows["Bob"]["moving"] and rows["Bob"]["shift"] >= pitch * 0.5, rows
        assert rows["Alice"]["moving"] and rows["Alice"]["shift"] <= -pitch * 0.5, rows
        assert rows["Bob"]["transform"] != "none"
        animated = {a["key"] for a in moving.evaluate("() => window.__spy.animations")}
        assert len(animated) >= 2

        # Reduced motion: the rows are at their new places at once, nothing is animated.
        for row in still.evaluate(ROWS):
            assert row["shift"] == 0 and not row["moving"], row
        assert still.evaluate("() => window.__spy.animations") == []
        assert still.locator("#leaderboard .nickname").all_inner_texts()[:2] == ["Bob", "Alice"]
    finally:
        close_all([host, *players])
        moving.context.close()
        still.context.close()


# The ring's arc, read twice a fifth of a second apart: a smooth ring moves in between.
RING = """() => new Promise(done => {
  const fill = document.getElementById('ring-fill');
  const first = parseFloat(fill.style.strokeDashoffset);
  setTimeout(() => done([first, parseFloat(fill.style.strokeDashoffset)]), 200);
})"""

# Each bar's height against the room its column gives it (under the count), now.
BARS = """() => Array.from(document.querySelectorAll('#distribution .bar-fill')).map(fill => ({
  id: fill.closest('.bar-col').getAttribute('data-choice-id'),
  share: Number(fill.getAttribute('data-height')),
  height: fill.getBoundingClientRect().height / (fill.parentNode.clientHeight
          - parseFloat(getComputedStyle(fill.parentNode).paddingTop)),
}))"""


def test_the_ring_runs_smoothly_and_the_bars_grow_at_the_reveal(browser, server):  # noqa: F811
    pin, host = new_game(server)
    page = open_screen(browser, f"{server.url}/screen/{pin}")
    players = [Phone(server.url) for _ in range(3)]
    try:
        for i, phone in enumerate(players):
            assert phone.call("player:join", {"pin": pin, "nickname": f"Joueur {i}"})["ok"]
        assert host.call("host:start")["ok"]
        page.wait_for_selector("body[data-screen=question]")
        first, second = page.evaluate(RING)
        # a 60 s ring loses 1/300 of its length in 200 ms: it moved, by less than a second's worth
        ring = 2 * 3.14159 * 44
        assert 0 < second - first < ring / 60, (first, second)

        cdp = page.context.new_cdp_session(page)
        cdp.send("Animation.enable")
        cdp.send("Animation.setPlaybackRate", {"playbackRate": 0.02})
        for phone, pick in zip(players, "bba", strict=True):
            assert phone.call("player:answer", {"question": 0, "choices": [pick]})["ok"]
        page.wait_for_selector("body[data-screen=reveal] #distribution .bar-col.is-grown")
        early = {bar["id"]: bar for bar in page.evaluate(BARS)}
        assert early["b"]["share"] == 1 and early["a"]["share"] == 0.5
        assert early["b"]["height"] < 0.9, early  # still growing (slowed 50 times)
        cdp.send("Animation.setPlaybackRate", {"playbackRate": 1})
        page.wait_for_function(
            "() => document.getAnimations().every(a => a.playState !== 'running')")
        final = {bar["id"]: bar for bar in page.evaluate(BARS)}
        assert final["b"]["height"] > 0.99 and abs(final["a"]["height"] - 0.5) < 0.01, final
        assert final["c"]["height"] == 0
    finally:
        close_all([host, *players])
        page.context.close()
