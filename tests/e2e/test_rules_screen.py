"""The rules of scoring on the projector: shown over the lobby on the host's request, with
every rule the game uses, in French with English below, fitting 1080p and 720p screens."""

from __future__ import annotations

import pytest
import requests
import yaml

from tests.e2e.test_browser import browser, expect  # noqa: F401  (fixture)
from tests.e2e.test_projector_layout import SIZES, assert_fits
from tests.live_server import LiveServer, Phone, close_all
from tests.web.test_rules_live import kinds_quiz

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path):
    questions = tmp_path / "questions"
    questions.mkdir()
    (questions / "kinds.yaml").write_text(yaml.safe_dump(kinds_quiz(), allow_unicode=True))
    live = LiveServer(tmp_path, questions)
    live.token = live.create_host("animatrice")
    live.start()
    yield live
    live.stop()


def test_the_host_shows_the_rules_on_the_projector_before_the_first_question(browser, server):  # noqa: F811
    game = requests.post(
        f"{server.url}/api/games", timeout=10, headers={"Authorization": f"Bearer {server.token}"},
        json={"quiz_id": "kinds", "settings": {"streak_bonus": True, "free_teams": True}},
    ).json()
    pages = {}
    for size, (width, height) in SIZES.items():
        context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
        pages[size] = context.new_page()
        pages[size].goto(f"{server.url}/screen/{game['pin']}")
        expect(pages[size].locator("body")).to_have_attribute("data-rules", "hidden")
        expect(pages[size].locator("#lobby-rules")).to_be_hidden()
    host = Phone(server.url)
    try:
        assert host.call("host:join", {"pin": game["pin"], "host_token": game["host_token"]})["ok"]
        assert host.call("host:settings", {"settings": {"show_rules": True}})["ok"]
        for size, page in pages.items():
            rules = page.locator("#lobby-rules")
            expect(rules).to_be_visible()
            # Every rule this game uses, the streak's numbers filled in from the server.
            for rule in ("speed", "fixed", "wrong", "partial", "streak", "teams", "ungraded",
                         "network"):
                expect(rules.locator(f"li[data-rule={rule}]")).to_be_visible()
            expect(rules.locator("li[data-rule=double]")).to_be_hidden()  # no double question
            expect(rules.locator("li[data-rule=streak] .rule-fr")).to_contain_text("+500")
            expect(rules.locator("li[data-rule=network] .rule-fr")).to_contain_text("0,3 s")
            expect(rules.locator("li[data-rule=speed] .rule-en")).to_contain_text("1,000")
            expect(page.locator("#qr")).to_be_in_viewport()  # joining goes on meanwhile
            expect(page.locator("#pin")).to_be_in_viewport()
            assert_fits(page, "rules", size)

        assert host.call("host:settings", {"settings": {"show_rules": False}})["ok"]
        for page in pages.values():
            expect(page.locator("#lobby-rules")).to_be_hidden()
            expect(page.locator("#chips-wrap")).to_be_visible()
    finally:
        close_all([host])
        for page in pages.values():
            page.context.close()
