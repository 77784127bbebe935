"""Real headless Chromium in the editor: log in, search, edit a question, see a validation
problem inline, fix it, save."""

from __future__ import annotations

import pytest

from tests.e2e.test_browser import browser, expect, shot  # noqa: F401 (browser: a fixture)
from tests.factories import write_quiz
from tests.live_server import LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path):
    live = LiveServer(tmp_path, write_quiz(tmp_path / "questions", "navigateur", count=3).parent)
    live.quiz("create-user", "redactrice", "--role", "editor", "--password", "motdepasse")
    live.start()
    yield live
    live.stop()


def test_an_editor_searches_edits_sees_a_problem_inline_fixes_it_and_saves(browser, server):  # noqa: F811
    page = browser.new_context(viewport={"width": 1400, "height": 900},
                               locale="fr-FR").new_page()
    page.goto(f"{server.url}/editor")
    expect(page.locator("body")).to_have_attribute("data-screen", "editor-login")
    page.fill("#username", "redactrice")
    page.fill("#password", "motdepasse")
    page.click("#btn-login")
    expect(page.locator("body")).to_have_attribute("data-screen", "editor-questions")
    expect(page.locator(".question-row")).to_have_count(3)

    page.fill("#search-text", "Question 2")
    page.click("#btn-search")
    expect(page.locator(".question-row")).to_have_count(1)
    page.click(".question-row[data-question-id=navigateur-q2] a")
    expect(page.locator("body")).to_have_attribute("data-screen", "editor-question")
    expect(page.locator("#no-problems")).to_be_visible()

    # Too long for a phone: the counter says so while typing, the preview follows.
    page.fill("#f-text-fr", "Une question bien trop longue pour un téléphone. " * 5)
    expect(page.locator("#f-text-fr + .counter")).to_have_class("counter is-over")
    expect(page.locator("#preview-phone .q-text")).to_contain_text("bien trop longue")
    page.click("#btn-save")
    problem = page.locator(".field-problem[data-field=text]")
    expect(problem).to_be_visible()
    expect(problem).to_contain_text("at most 200")
    expect(page.locator("#problems-title")).to_contain_text("Non enregistrée")
    shot(page, "editor-problem")

    page.fill("#f-text-fr", "Combien d’objectifs compte l’Agenda 2030 ?")
    page.fill("input[name=choice_1_fr]", "17 objectifs")
    page.click("#btn-save")
    expect(page.locator(".flash-ok")).to_contain_text("Question enregistrée")
    expect(page.locator("#no-problems")).to_be_visible()
    expect(page.locator("#preview-phone .q-text")).to_have_text(
        "Combien d’objectifs compte l’Agenda 2030 ?")
    expect(page.locator("#preview-screen .tile.answer-1")).to_contain_text("17 objectifs")
    shot(page, "editor-question")

    page.goto(f"{server.url}/editor?q=Agenda")
    expect(page.locator(".question-row")).to_have_count(1)
