"""Real Chromium: one question of every kind (single, true/false, multiple, numeric, ordering,
poll, open word cloud) played on phones in French and in English, in a game with teams.

Alice plays in French (a French browser), Bob in English (an English browser), Chloé switches
her French browser to English with the FR/EN toggle of the join page. Each phone shows the
question in its language and the outcome the engine gives; the projector shows the word cloud
and the team standings; the results page ranks the two teams.
"""

from __future__ import annotations

import pytest
import yaml

from tests.e2e.test_browser import PHONE, browser, expect, shot  # noqa: F401  (fixture)
from tests.factories import question_data
from tests.live_server import LiveServer

pytestmark = pytest.mark.browser

QUIZ_ID = "types"
ORDER = [("Premier", "First"), ("Deuxième", "Second"), ("Troisième", "Third"),
         ("Quatrième", "Fourth")]


def text(fr: str, en: str) -> dict:
    return {"fr": fr, "en": en}


def choice(cid: str, fr: str, en: str, correct: bool = False) -> dict:
    return {"id": cid, "text": text(fr, en), **({"correct": True} if correct else {})}


def questions() -> list[dict]:
    def q(n: int, kind: str, fr: str, en: str, **extra) -> dict:
        data = question_data(n, type=kind, text=text(fr, en), time_limit=90, **extra)
        data["id"] = f"{QUIZ_ID}-{kind.replace('_', '-')}"
        return data

    single = q(1, "single", "Question à choix unique ?", "Single choice question?")
    true_false = q(2, "true_false", "Vrai ou faux ?", "True or false?", choices=[
        choice("true", "Vrai", "True", correct=True), choice("false", "Faux", "False")])
    multiple = q(3, "multiple", "Plusieurs bonnes réponses ?", "Several right answers?", choices=[
        choice("a", "Juste A", "Right A", True), choice("b", "Faux B", "Wrong B"),
        choice("c", "Juste C", "Right C", True), choice("d", "Faux D", "Wrong D")])
    numeric = q(4, "numeric", "En quelle année ?", "In what year?",
                answer=1992, tolerance=3, min=1950, max=2025)
    del numeric["choices"]
    ordering = q(5, "ordering", "Remettez dans l'ordre.", "Put in order.", choices=[
        choice(cid, fr, en) for cid, (fr, en) in zip("abcd", ORDER, strict=True)])
    poll = q(6, "poll", "Votre avis ?", "Your opinion?", choices=[
        choice("a", "Oui", "Yes"), choice("b", "Non", "No")])
    open_text = q(7, "open", "Un mot pour le climat ?", "One word for the climate?")
    del open_text["choices"]
    return [single, true_false, multiple, numeric, ordering, poll, open_text]


@pytest.fixture
def server(tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / f"{QUIZ_ID}.yaml").write_text(yaml.safe_dump(
        {"id": QUIZ_ID, "title": text("Tous les types", "Every kind"), "questions": questions()},
        allow_unicode=True))
    live = LiveServer(tmp_path, folder)
    live.create_host("animatrice")
    live.start()
    yield live
    live.stop()


def arrange(phone, wanted: list[str]) -> None:
    """Move the ordering items with their ↑ buttons until they read `wanted`, top to bottom."""
    items = phone.locator("#order-list .order-item")
    for target, label in enumerate(wanted):
        position = [t.strip() for t in items.locator(".order-text").all_inner_texts()].index(label)
        while position > target:
            items.nth(position).locator(".order-up").click()
            position -= 1
            expect(items.nth(position).locator(".order-text")).to_have_text(label)
    assert [t.strip() for t in items.locator(".order-text").all_inner_texts()] == wanted


def test_every_question_kind_on_phones_in_french_and_english_with_teams(
        browser, server):  # noqa: F811
    host = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR").new_page()
    host.goto(f"{server.url}/host")
    host.fill("input[name=username]", "animatrice")
    host.fill("input[name=password]", "motdepasse")
    host.click("button[type=submit]")
    form = host.locator(f"form:has(input[name=quiz_id][value={QUIZ_ID}])")
    form.locator("summary").click()
    form.locator("textarea[name=teams]").fill("Lyon\nDakar")
    form.locator("input[name=team_min_size]").fill("1")
    form.locator("button[type=submit]").click()
    host.wait_for_selector("body[data-pin]")
    pin = host.get_attribute("body", "data-pin")
    host.wait_for_selector("#btn-start:not([disabled])")

    screen = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR").new_page()
    screen.goto(f"{server.url}/screen/{pin}")
    screen.wait_for_selector("body[data-screen=lobby]")

    players = {  # nickname: (browser locale, team, language the phone ends up in)
        "Alice": ("fr-FR", "Lyon", "fr"),
        "Bob": ("en-GB", "Dakar", "en"),
        "Chloé": ("fr-FR", "Lyon", "en"),
    }
    phones = {}
    for nickname, (locale, team, lang) in players.items():
        phone = browser.new_context(**{**PHONE, "locale": locale}).new_page()
        phone.goto(f"{server.url}/join/{pin}")
        phone.wait_for_selector("body[data-screen=join]")
        if lang == "en" and locale.startswith("fr"):
            expect(phone.locator("#btn-join")).to_have_text("C\u2019est parti !")
            phone.click("[data-set-lang=en]")
        expect(phone.locator("#btn-join")).to_have_text(
            {"fr": "C\u2019est parti !", "en": "Let\u2019s go!"}[lang])
        expect(phone.locator("html")).to_have_attribute("lang", lang)
        phone.fill("#nickname", nickname)
        phone.select_option("#team", team)
        phone.click("#btn-join")
        phone.wait_for_selector("body[data-screen=lobby]")
        phones[nickname] = phone
    expect(screen.locator("#lobby-count")).to_have_text("3")

    ordered = {lang: [pair[i] for pair in ORDER] for i, lang in enumerate(("fr", "en"))}

    def answer(kind: str, nickname: str, phone) -> None:
        lang = players[nickname][2]
        if kind in ("single", "true_false"):
            picks = {"single": {"Alice": "b", "Bob": "a", "Chloé": "b"},
                     "true_false": {"Alice": "true", "Bob": "true", "Chloé": "false"}}[kind]
            phone.click(f".answer-btn[data-choice-id={picks[nickname]}]")
        elif kind in ("multiple", "poll"):
            picks = {"multiple": {"Alice": "ac", "Bob": "a", "Chloé": "b"},
                     "poll": {"Alice": "a", "Bob": "b", "Chloé": "a"}}[kind]
            for cid in picks[nickname]:
                phone.click(f".answer-btn[data-choice-id={cid}]")
                expect(phone.locator(f".answer-btn[data-choice-id={cid}]")).to_have_attribute(
                    "aria-pressed", "true")
            expect(phone.locator("#btn-validate")).to_have_text(
                {"fr": "Valider", "en": "Submit"}[lang])
            phone.click("#btn-validate")
        elif kind == "numeric":
            expect(phone.locator("#numeric-slider")).to_be_visible()
            typed = {"Alice": "1992", "Bob": "1990", "Chloé": "2010"}[nickname]
            phone.fill("#numeric-input", typed)
            phone.click("#numeric-form button[type=submit]")
        elif kind == "ordering":
            right = ordered[lang]
            wanted = {"Alice": right, "Bob": right[::-1],
                      "Chloé": [right[1], right[0], *right[2:]]}[nickname]
            arrange(phone, wanted)
            phone.click("#btn-order-submit")
        elif kind == "open":
            phone.fill("#value-input", {"Alice": "sobriété", "Bob": "sobriété",
                                        "Chloé": "adaptation"}[nickname])
            phone.click("#value-form button[type=submit]")

    # What each phone must show at the reveal (body[data-outcome]).
    outcomes = {
        "single": {"Alice": "correct", "Bob": "incorrect", "Chloé": "correct"},
        "true_false": {"Alice": "correct", "Bob": "correct", "Chloé": "incorrect"},
        "multiple": {"Alice": "correct", "Bob": "almost", "Chloé": "incorrect"},
        "numeric": {"Alice": "correct", "Bob": "correct", "Chloé": "incorrect"},
        "ordering": {"Alice": "correct", "Bob": "incorrect", "Chloé": "almost"},
        "poll": {"Alice": "recorded", "Bob": "recorded", "Chloé": "recorded"},
        "open": {"Alice": "recorded", "Bob": "recorded", "Chloé": "recorded"},
    }
    outcome_texts = {"fr": {"correct": "Correct", "incorrect": "Incorrect", "almost": "Presque !",
                            "recorded": "Réponse enregistrée"},
                     "en": {"correct": "Correct", "incorrect": "Incorrect", "almost": "Almost!",
                            "recorded": "Answer recorded"}}

    host.click("#btn-start")
    for index, question in enumerate(questions()):
        kind = question["type"]
        screen.wait_for_selector("body[data-screen=question]")
        for nickname, phone in phones.items():
            lang = players[nickname][2]
            phone.wait_for_selector("body[data-screen=question]")
            expect(phone.locator("#q-text")).to_have_text(question["text"][lang])
            if index == 0 or kind in ("numeric", "ordering", "open"):
                shot(phone, f"kinds-{kind}-{nickname.lower()}-{lang}")
            answer(kind, nickname, phone)
        screen.wait_for_selector("body[data-screen=reveal]")  # all answered: it closes itself
        for nickname, phone in phones.items():
            lang = players[nickname][2]
            phone.wait_for_selector("body[data-screen=reveal]")
            want = outcomes[kind][nickname]
            expect(phone.locator("body")).to_have_attribute("data-outcome", want)
            expect(phone.locator("#result-text")).to_have_text(outcome_texts[lang][want])
            expect(phone.locator("#result-team")).to_have_text(players[nickname][1])
        if kind == "open":
            cloud = screen.locator("#reveal-kind .cloud-word")
            expect(cloud).to_have_count(2)
            assert sorted(cloud.evaluate_all("els => els.map(e => e.dataset.word)")) == [
                "adaptation", "sobriété"]
            shot(screen, "kinds-screen-word-cloud")
        host.wait_for_selector("#btn-next:not([disabled])")
        host.click("#btn-next")
        screen.wait_for_selector("body[data-screen=leaderboard]")
        if index == 0:
            expect(screen.locator(".team-row .team-name")).to_have_count(2)
            names = screen.locator(".team-row .team-name").all_inner_texts()
            assert sorted(n.strip() for n in names) == ["Dakar", "Lyon"]
        host.wait_for_selector("#btn-next:not([disabled])")
        host.click("#btn-next")

    screen.wait_for_selector("body[data-screen=finished]")
    for phone in phones.values():
        phone.wait_for_selector("body[data-screen=finished]")
    shot(screen, "kinds-screen-podium")
    host.goto(f"{server.url}/host/games/{pin}/results")
    teams = host.locator("#teams-table tbody tr th").all_inner_texts()
    assert sorted(t.strip() for t in teams) == ["Dakar", "Lyon"]
    players_table = host.locator("#players-table tbody tr")
    expect(players_table).to_have_count(3)
