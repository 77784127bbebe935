"""The host runs a whole game from a phone, with the keyboard shortcuts of the console.

A host beside the stage may have only a phone: the console must fit 360 px with nothing wider
than the screen, and Space (next step), P (pause / resume) and R (reveal) drive the game.
"""

from __future__ import annotations

import pytest

from tests.e2e.test_browser import PHONE, browser, expect, server, shot  # noqa: F401  (fixtures)
from tests.live_server import Phone, close_all

pytestmark = pytest.mark.browser

SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"


def test_a_host_runs_the_game_from_a_phone_with_the_keyboard(browser, server):  # noqa: F811
    host = browser.new_context(**PHONE).new_page()
    host.goto(f"{server.url}/host")
    host.fill("input[name=username]", "animatrice")
    host.fill("input[name=password]", "motdepasse")
    host.click("button[type=submit]")
    host.wait_for_selector("body[data-screen=console]")
    assert host.evaluate(SIDEWAYS) <= 0
    host.click("form:has(input[name=quiz_id][value=navigateur]) button[type=submit]")
    host.wait_for_selector("#btn-start:not([disabled])")
    pin = host.get_attribute("body", "data-pin")

    player = Phone(server.url)
    try:
        assert player.call("player:join", {"pin": pin, "nickname": "Awa"})["ok"]
        expect(host.locator("#player-list")).to_contain_text("Awa")
        assert host.evaluate(SIDEWAYS) <= 0, "the lobby is wider than the phone"
        for control in ("#btn-start", "#btn-end"):
            box = host.locator(control).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, control
        shot(host, "host-phone-lobby")

        host.keyboard.press("Space")  # start
        player.wait_for("question", lambda q: q["index"] == 0)
        host.wait_for_selector("body[data-screen=question]")
        assert host.evaluate(SIDEWAYS) <= 0, "the question is wider than the phone"
        host.keyboard.press("p")  # pause: the deadline stops
        player.wait_for("state", lambda s: s["state"] == "paused")
        host.wait_for_selector("body[data-screen=paused]")
        host.keyboard.press("P")  # and resume
        player.wait_for("state", lambda s: s["state"] == "question" and s["index"] == 0)
        host.wait_for_selector("body[data-screen=question]")
        assert player.call("player:answer", {"question": 0, "choices": ["b"]})["ok"]
        host.keyboard.press("r")  # reveal early
        player.wait_for("reveal", lambda r: r["index"] == 0)
        host.wait_for_selector("body[data-screen=reveal]")
        shot(host, "host-phone-reveal")
        host.keyboard.press("Space")  # the leaderboard
        host.wait_for_selector("body[data-screen=leaderboard]")
        expect(host.locator("#btn-next:not([disabled])")).to_be_visible()
        host.keyboard.press("Space")  # the second question
        player.wait_for("question", lambda q: q["index"] == 1)
        host.wait_for_selector("body[data-screen=question]")  # the console is there too
        host.keyboard.press("Space")  # Space reveals during a question
        player.wait_for("reveal", lambda r: r["index"] == 1)
        host.wait_for_selector("body[data-screen=reveal]")
        host.once("dialog", lambda dialog: dialog.accept())  # "end the game?"
        host.click("#btn-end")
        player.wait_for("game_over")
        host.wait_for_selector("body[data-screen=finished]")
        assert player.wait_for("final")["score"] > 0  # the answer counted
    finally:
        close_all([player])
        host.context.close()
