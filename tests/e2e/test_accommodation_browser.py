"""Real Chromium: the host sets a player's accommodation from the keyboard; the phone's countdown
uses the player's own time; the console stays free of serious axe-core violations."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_accessibility import serious_violations
from tests.e2e.test_browser import PHONE, browser, expect  # noqa: F401 (fixture)
from tests.factories import write_quiz
from tests.live_server import LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path):
    live = LiveServer(tmp_path, write_quiz(tmp_path / "questions", "amenagement", count=1,
                                           time_limit=20).parent)
    live.create_host("animatrice")
    live.start()
    yield live
    live.stop()


def test_the_host_gives_double_time_from_the_keyboard_and_the_phone_counts_40_s(
    browser, server,  # noqa: F811
):
    host = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR",
                               bypass_csp=True).new_page()  # to inject axe-core
    host.goto(f"{server.url}/host")
    host.fill("input[name=username]", "animatrice")
    host.fill("input[name=password]", "motdepasse")
    host.click("button[type=submit]")
    host.click("form:has(input[name=quiz_id][value=amenagement]) button[type=submit]")
    host.wait_for_selector("#btn-start:not([disabled])")
    pin = host.get_attribute("body", "data-pin")

    phone = browser.new_context(**PHONE, bypass_csp=True).new_page()
    phone.goto(f"{server.url}/join/{pin}")
    phone.fill("#nickname", "Lina")
    phone.click("#btn-join")
    phone.wait_for_selector("body[data-screen=lobby]")

    time_control = host.get_by_label("Temps de réponse pour Lina")
    expect(time_control).to_have_value("1")
    time_control.focus()
    host.keyboard.press("ArrowDown")  # Temps normal → Temps × 1,5
    host.keyboard.press("ArrowDown")  # → Temps × 2
    expect(host.locator("#accommodation-status")).to_have_text(re.compile(r"Lina : temps × 2"))
    expect(time_control).to_have_value("2")
    expect(time_control).to_be_focused()  # lobby updates keep the control in place
    host.keyboard.press("Tab")
    no_speed = host.get_by_label("Sans vitesse pour Lina")
    expect(no_speed).to_be_focused()
    host.keyboard.press("Space")
    expect(host.locator("#accommodation-status")).to_have_text(
        re.compile(r"Lina : temps × 2 · sans vitesse"))
    expect(host.locator("#player-list .team")).to_contain_text("temps × 2 · sans vitesse")
    assert serious_violations(host, "host-accommodation") == []

    host.click("#btn-start")
    phone.wait_for_selector("body[data-screen=question]")
    expect(phone.locator("#own-time")).to_have_text("Temps adapté : × 2 · Points sans vitesse")
    # the phone counts the player's own 40 s, not the hall's 20 s
    seconds = int(phone.locator("#timer-seconds").inner_text().split()[0])
    assert 30 < seconds <= 40
    assert serious_violations(phone, "phone-accommodation") == []
