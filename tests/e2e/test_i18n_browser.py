"""Real Chromium: the editor's FR | EN switch, the quiz_lang cookie, and the client-side strings
(static/js/i18n.js) agreeing with the server-rendered ones on every page."""

from __future__ import annotations

import pytest

from tests.e2e.test_browser import browser, expect, shot  # noqa: F401 (browser: a fixture)
from tests.factories import write_quiz
from tests.live_server import LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path):
    live = LiveServer(tmp_path, write_quiz(tmp_path / "questions", "langues", count=2).parent)
    live.quiz("create-user", "redactrice", "--role", "editor", "--password", "motdepasse")
    live.start()
    yield live
    live.stop()


def lang_cookie(context) -> str | None:
    return next((c["value"] for c in context.cookies() if c["name"] == "quiz_lang"), None)


def test_switching_the_editor_to_english_keeps_english_on_the_next_pages(browser, server):  # noqa: F811
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{server.url}/editor")
    expect(page.locator("h1")).to_have_text("Éditeur de questions")
    page.fill("#username", "redactrice")
    page.fill("#password", "motdepasse")
    page.click("#btn-login")
    expect(page.locator("body")).to_have_attribute("data-screen", "editor-questions")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#bank-title")).to_have_text("Banque de questions")
    # The browser said French: i18n.js picked it and wrote it down for the server.
    assert page.evaluate("I18N.lang") == "fr" and lang_cookie(context) == "fr"

    # The switch is reachable with the keyboard and says which language is on.
    french, english = page.locator(".lang-switch a[hreflang=fr]"), \
        page.locator(".lang-switch a[hreflang=en]")
    expect(french).to_have_attribute("aria-current", "true")
    expect(english).to_have_accessible_name("EN – English")
    english.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#bank-title")).to_have_text("Question bank")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".lang-switch a[hreflang=en]")).to_have_attribute("aria-current", "true")
    assert lang_cookie(context) == "en"
    # The client-side strings (data-i18n) agree with the server's.
    assert page.evaluate("I18N.lang") == "en"
    expect(page.locator("#logout")).to_have_text("Log out")
    expect(page.locator(".editor-nav a[data-i18n='editor.nav.transfer']")).to_have_text(
        "Import / export")
    shot(page, "editor-english")

    # The next page, without ?lang=: English from the cookie, server and client alike.
    page.click(".editor-nav a[data-i18n='editor.nav.transfer']")
    expect(page.locator("body")).to_have_attribute("data-screen", "editor-transfer")
    assert "lang=" not in page.url
    expect(page.locator("#import-title")).to_have_text("Import a file")
    expect(page.locator("#btn-export")).to_have_text("Download")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # A question page: the server's labels and editor.js's counters, both English.
    page.goto(f"{server.url}/editor/questions/langues-q1")
    expect(page.locator("label[for=f-text-fr]")).to_have_text("Question (French)")
    expect(page.locator("#f-text-fr + .counter")).to_contain_text("characters")
    expect(page.locator("#btn-save")).to_have_text("Save")

    # The phone's page is translated in the browser only: it follows the same cookie...
    page.goto(f"{server.url}/")
    assert page.evaluate("I18N.lang") == "en"
    expect(page.locator("[data-i18n='index.title']")).to_have_text("Join a game")
    # ...and its own FR button writes it, so the editor comes back in French.
    page.click("button[data-set-lang=fr]")
    expect(page.locator("[data-i18n='index.title']")).to_have_text("Rejoindre une partie")
    assert lang_cookie(context) == "fr"
    page.goto(f"{server.url}/editor")
    expect(page.locator("#bank-title")).to_have_text("Banque de questions")
    expect(page.locator("#logout")).to_have_text("Se déconnecter")
    assert page.evaluate("I18N.lang") == "fr"
    context.close()


def test_an_english_browser_gets_the_editor_login_in_english(browser, server):  # noqa: F811
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{server.url}/editor/login")
    expect(page.locator("h1")).to_have_text("Question editor")
    expect(page.locator("label[for=username]")).to_have_text("Username")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.evaluate("I18N.lang") == "en"
    context.close()
