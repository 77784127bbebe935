"""Real headless Chromium: the host opens a game, the projector's QR code brings three phones in,
they play two questions, and the projector's leaderboard shows the right order."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from tests.factories import write_quiz
from tests.live_server import LiveServer

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
README_SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "locale": "fr-FR"}


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("QUIZ_REQUIRE_SERVICES") == "1":
            pytest.fail("Debian's chromium is required in CI (.ci/run installs it)")
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def server(tmp_path):
    live = LiveServer(tmp_path, write_quiz(tmp_path / "questions", "navigateur", count=2,
                                           time_limit=60).parent)
    live.create_host("animatrice")
    live.start()
    yield live
    live.stop()


def expect(locator):
    """Playwright's auto-waiting assertions (they run outside the page, so the CSP holds)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def decode_qr(png: bytes) -> str:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert found, "no QR code found in the projector's screenshot"
    return found[0].text


def shot(page, name: str, readme: bool = False) -> None:
    """Save a screenshot in test-artifacts/; a `readme` one also replaces its copy in
    docs/screens/ when QUIZ_UPDATE_SCREENS=1 (never otherwise: tests do not dirty the repo)."""
    path = ARTIFACTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    if readme and os.environ.get("QUIZ_UPDATE_SCREENS") == "1":
        from PIL import Image

        # 256 colours, dithered: a fifth of the size; these flat designs barely show it.
        README_SCREENS.mkdir(parents=True, exist_ok=True)
        with Image.open(path) as image:
            small = image.convert("RGB").quantize(256, method=Image.Quantize.MAXCOVERAGE,
                                                  dither=Image.Dither.FLOYDSTEINBERG)
        small.save(README_SCREENS / path.name, optimize=True)


def test_a_host_a_projector_and_three_phones_play_two_questions(browser, server):
    host = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR").new_page()
    host.goto(f"{server.url}/host")
    host.fill("input[name=username]", "animatrice")
    host.fill("input[name=password]", "motdepasse")
    host.click("button[type=submit]")
    host.click("form:has(input[name=quiz_id][value=navigateur]) button[type=submit]")
    host.wait_for_selector("body[data-pin]")
    pin = host.get_attribute("body", "data-pin")
    host.wait_for_selector("#btn-start:not([disabled])")
    shot(host, "host-lobby", readme=True)

    screen = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR").new_page()
    screen.goto(f"{server.url}/screen/{pin}")
    screen.wait_for_selector("#qr")
    expect(screen.locator("#qr")).to_have_js_property("complete", True)
    join_url = decode_qr(screen.locator("#qr").screenshot())
    assert join_url == f"{server.url}/join/{pin}"

    nicknames = ["Alice", "Bob", "Chloé"]
    phones = []
    for nickname in nicknames:
        phone = browser.new_context(**PHONE).new_page()
        phone.goto(join_url)
        phone.fill("#nickname", nickname)
        phone.click("#btn-join")
        phone.wait_for_selector("body[data-screen=lobby]")
        phones.append(phone)
    expect(screen.locator("#lobby-count")).to_have_text("3")
    shot(screen, "screen-lobby")
    shot(phones[0], "phone-lobby")

    # Alice is always right, Bob right once, Chloé never: the order cannot depend on speed.
    choices = [{"Alice": "b", "Bob": "b", "Chloé": "a"}, {"Alice": "b", "Bob": "a", "Chloé": "a"}]
    host.click("#btn-start")
    for index, picks in enumerate(choices):
        screen.wait_for_selector("body[data-screen=question]")
        for nickname, phone in zip(nicknames, phones, strict=True):
            phone.wait_for_selector("body[data-screen=question]")
            if index == 0 and nickname == "Alice":
                shot(phone, "phone-question")
                shot(screen, "screen-question")
            phone.click(f".answer-btn[data-choice-id={picks[nickname]}]")
        # every phone answered: the question closes by itself
        screen.wait_for_selector("body[data-screen=reveal]")
        for phone in phones:
            phone.wait_for_selector("body[data-screen=reveal]")
        if index == 0:
            expect(screen.locator("#explanation")).to_have_text("Explication 1.")
            shot(screen, "screen-reveal")
            shot(phones[0], "phone-result")
        host.wait_for_selector("#btn-next:not([disabled])")
        host.click("#btn-next")
        screen.wait_for_selector("body[data-screen=leaderboard]")
        host.wait_for_selector("#btn-next:not([disabled])")
        if index == 1:
            shot(screen, "screen-leaderboard")
            shot(host, "host-leaderboard", readme=True)
            order = screen.locator("#leaderboard .leaderboard-row .nickname").all_inner_texts()
            assert [name.strip() for name in order] == nicknames
        host.click("#btn-next")

    screen.wait_for_selector("body[data-screen=finished]")
    podium = screen.locator("#podium .podium-place .nickname").all_inner_texts()
    assert set(name.strip() for name in podium) == set(nicknames)
    shot(screen, "screen-podium")
    for phone in phones:
        phone.wait_for_selector("body[data-screen=finished]")
    shot(phones[0], "phone-final")
