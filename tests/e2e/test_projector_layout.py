"""The projector at 1920×1080 and 1280×720: every step fits the screen, measured in the page.

A real server, 30 Socket.IO phones with long French nicknames, a question with long texts;
Chromium renders the projector at both sizes and each step is measured: no scrollbar, and no
visible element reaching outside the viewport (the sound and full-screen buttons included).
"""

from __future__ import annotations

import pytest
import requests

from tests.e2e.test_browser import browser, expect, shot  # noqa: F401  (fixture)
from tests.factories import write_quiz
from tests.live_server import LiveServer, Phone, close_all

pytestmark = pytest.mark.browser

SIZES = {"1080p": (1920, 1080), "720p": (1280, 720)}
PLAYERS = 30
# Long team names: the team leaderboard and the team podium share the screen with the players'.
TEAMS = ["Métropole Européenne de Lille", "Eurométropole de Strasbourg",
         "Communauté urbaine d’Arras", "Grand Besançon Métropole", "Dijon Métropole"]
LONG_QUESTION = (
    "Selon le rapport 2024 de la Commission nationale de la coopération décentralisée, combien "
    "de collectivités territoriales françaises mènent au moins une action internationale "
    "avec un partenaire étranger ?"
)
LONG_CHOICES = [
    {"id": cid, "text": {"fr": text, "en": text}, **({"correct": True} if cid == "b" else {})}
    for cid, text in (
        ("a", "Environ 1 500 collectivités, surtout des régions et des départements"),
        ("b", "Près de 4 800 collectivités, de la commune rurale à la métropole"),
        ("c", "Un peu plus de 10 000 collectivités, y compris les syndicats intercommunaux"),
        ("d", "Moins de 500 collectivités, presque toutes des grandes villes"),
    )
]
LONG_EXPLANATION = {"fr": (
    "D'après l'atlas français de l'action extérieure des collectivités territoriales, près de "
    "4 800 collectivités mènent plus de 10 000 projets avec quelque 8 000 partenaires dans "
    "plus de 130 pays : la coopération décentralisée n'est pas réservée aux grandes villes, "
    "de nombreuses communes rurales et intercommunalités y prennent part."
)}

# Finite animations still playing; endless ones do not count.
SETTLED = """() => document.getAnimations().every(a =>
  a.playState !== 'running' || a.effect.getComputedTiming().iterations === Infinity)"""

# Every visible element's box, against the viewport; plus the page's own scroll size.
MEASURE = """() => {
  const w = window.innerWidth, h = window.innerHeight, root = document.documentElement;
  const outside = [];
  for (const node of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(node);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const box = node.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    if (box.right > w + 1 || box.bottom > h + 1 || box.left < -1 || box.top < -1) {
      outside.push((node.id ? '#' + node.id : node.tagName.toLowerCase() + '.' + node.className)
                   + ' ' + Math.round(box.left) + ',' + Math.round(box.top) + ' '
                   + Math.round(box.right) + 'x' + Math.round(box.bottom));
    }
  }
  return {scrollWidth: root.scrollWidth, scrollHeight: root.scrollHeight, width: w, height: h,
          outside: outside.slice(0, 10)};
}"""


@pytest.fixture
def server(tmp_path):
    questions = write_quiz(tmp_path / "questions", "projecteur", count=2, time_limit=60,
                           text={"fr": LONG_QUESTION, "en": LONG_QUESTION},
                           choices=LONG_CHOICES, explanation=LONG_EXPLANATION).parent
    live = LiveServer(tmp_path, questions)
    token = live.create_host("animatrice")
    live.start()
    live.token = token
    yield live
    live.stop()


def assert_fits(page, step: str, size: str) -> None:
    """No scrollbar and no visible element outside the viewport, once the step stands still
    (rows sliding in or bars growing are measured where they land)."""
    page.wait_for_function(SETTLED)
    shot(page, f"projector-{step}-{size}")
    found = page.evaluate(MEASURE)
    assert found["scrollWidth"] <= found["width"], (step, size, found)
    assert found["scrollHeight"] <= found["height"], (step, size, found)
    assert not found["outside"], (step, size, found["outside"])
    # The sound and full-screen buttons stay on screen, whole, at every step.
    for control in ("#btn-sound", "#btn-fullscreen"):
        expect(page.locator(control)).to_be_visible()
        expect(page.locator(control)).to_be_in_viewport(ratio=1)


def test_every_projector_step_fits_1080p_and_720p_screens(browser, server):  # noqa: F811
    headers = {"Authorization": f"Bearer {server.token}"}
    game = requests.post(f"{server.url}/api/games",
                         json={"quiz_id": "projecteur", "settings": {"teams": TEAMS}},
                         headers=headers, timeout=10).json()
    pin = game["pin"]
    screens = {}
    for size, (width, height) in SIZES.items():
        context = browser.new_context(viewport={"width": width, "height": height},
                                      locale="fr-FR", bypass_csp=True)
        screens[size] = context.new_page()
        screens[size].goto(f"{server.url}/screen/{pin}")
        expect(screens[size].locator("#qr")).to_have_js_property("complete", True)

    host = Phone(server.url)
    phones: list[Phone] = []
    try:
        assert host.call("host:join", {"pin": pin, "host_token": game["host_token"]})["ok"]
        for i in range(PLAYERS):
            phone = Phone(server.url)
            nickname = f"Métropole {i + 1:02d} Auvergne-Rh"
            assert phone.call("player:join", {"pin": pin, "nickname": nickname,
                                              "team": TEAMS[i % len(TEAMS)]})["ok"]
            phones.append(phone)

        for size, page in screens.items():
            expect(page.locator("#lobby-count")).to_have_text(str(PLAYERS))
            expect(page.locator("#qr")).to_be_in_viewport()
            expect(page.locator("#pin")).to_be_in_viewport()
            assert_fits(page, "lobby", size)

        assert host.call("host:start")["ok"]
        for size, page in screens.items():
            page.wait_for_selector("body[data-screen=question]")
            expect(page.locator("#question-text")).to_have_text(LONG_QUESTION)
            assert_fits(page, "question", size)

        for i, phone in enumerate(phones):
            assert phone.call("player:answer", {"question": 0, "choices": ["ab"[i % 2]]})["ok"]
        for size, page in screens.items():
            page.wait_for_selector("body[data-screen=reveal]")
            expect(page.locator("#explanation")).to_have_text(LONG_EXPLANATION["fr"])
            assert_fits(page, "reveal", size)

        assert host.call("host:next")["state"] == "leaderboard"
        for size, page in screens.items():
            page.wait_for_selector("body[data-screen=leaderboard]")
            expect(page.locator("#leaderboard .leaderboard-row")).to_have_count(10)
            expect(page.locator("#team-leaderboard .team-row")).to_have_count(len(TEAMS))
            assert_fits(page, "leaderboard", size)

        assert host.call("host:end")["state"] == "finished"
        for size, page in screens.items():
            page.wait_for_selector("body[data-screen=finished]")
            expect(page.locator("#podium .podium-place").first).to_be_visible()
            expect(page.locator("#team-podium .team-row")).to_have_count(3)
            assert_fits(page, "podium", size)
    finally:
        close_all([host, *phones])
        for page in screens.values():
            page.context.close()
