"""Every projector step and every phone step, played in real Chromium and photographed.

One phone page plays with seven Socket.IO players in three teams through a single-choice
question, a numeric one and a word cloud; the projector (1280×720) and the phone (390×844) are
shot at each step once their animations have settled. The pictures always go to
`test-artifacts/screens/`; with `QUIZ_UPDATE_SCREENS=1` they also replace the README's
`docs/screens/` (see "Screens" in README.md).
"""

from __future__ import annotations

import pytest
import requests
import yaml

from tests.e2e.test_browser import browser, expect, shot  # noqa: F401  (fixture)
from tests.e2e.test_projector_layout import SETTLED
from tests.factories import question_data
from tests.live_server import LiveServer, Phone, close_all

pytestmark = pytest.mark.browser

PROJECTOR = {"viewport": {"width": 1280, "height": 720}, "locale": "fr-FR"}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 1, "locale": "fr-FR"}
TEAMS = ["Dijon", "Lyon", "Besançon"]
# (nickname, team, single-choice pick, numeric value, word)
OTHERS = [
    ("Léa", "Dijon", "b", 1992, "solidarité"), ("Hugo", "Lyon", "b", 1990, "partage"),
    ("Inès", "Lyon", "a", 1985, "solidarité"), ("Louis", "Besançon", "b", 1972, "échanges"),
    ("Chloé", "Dijon", "c", 1994, "amitié"), ("Jules", "Besançon", "b", 2001, "partenariat"),
    ("Manon", "Lyon", "d", 1992, "solidarité"),
]


def quiz() -> dict:
    single = question_data(
        1, time_limit=30,
        text={"fr": "Combien d’objectifs de développement durable compte l’Agenda 2030 ?",
              "en": "How many Sustainable Development Goals does the 2030 Agenda have?"},
        choices=[{"id": cid, "text": {"fr": text, "en": text}, **({"correct": True} if ok else {})}
                 for cid, text, ok in (("a", "12", False), ("b", "17", True),
                                       ("c", "20", False), ("d", "8", False))],
        explanation={"fr": "Adopté par les 193 États membres de l’ONU en 2015, l’Agenda 2030 "
                           "fixe 17 objectifs et 169 cibles.",
                     "en": "Adopted by the 193 UN member states in 2015, the 2030 Agenda sets "
                           "17 goals and 169 targets."},
        source="https://sdgs.un.org/goals")
    numeric = {**question_data(2, time_limit=30), "type": "numeric", "choices": [],
               "text": {"fr": "En quelle année s’est tenu le Sommet de la Terre de Rio ?",
                        "en": "In which year was the Rio Earth Summit held?"},
               "answer": 1992, "tolerance": 2, "min": 1950, "max": 2030,
               "explanation": {"fr": "Le Sommet de la Terre s’est tenu à Rio de Janeiro en "
                                     "juin 1992."}}
    cloud = {**question_data(3, time_limit=30), "type": "open", "choices": [],
             "text": {"fr": "Un mot pour dire la coopération décentralisée ?",
                      "en": "One word for decentralised cooperation?"},
             "explanation": {"fr": "Merci pour vos mots !"}}
    questions = [single, numeric, cloud]
    for n, q in enumerate(questions, start=1):
        q["id"] = f"ecrans-q{n}"
    return {"id": "ecrans", "title": {"fr": "Visite guidée", "en": "Guided tour"},
            "questions": questions}


@pytest.fixture
def server(tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "ecrans.yaml").write_text(yaml.safe_dump(quiz(), allow_unicode=True))
    # A tidy address on the pictures (the QR code says it too; no test decodes it here).
    live = LiveServer(tmp_path, folder, env={"QUIZ_PUBLIC_URL": "https://quiz.example.org"})
    live.token = live.create_host("animatrice")
    live.quiz("create-user", "redactrice", "--role", "editor", "--password", "motdepasse")
    live.start()
    yield live
    live.stop()




def snap(page, name: str) -> None:
    """Shoot a step once it stands still (README picture with QUIZ_UPDATE_SCREENS=1)."""
    page.wait_for_function(SETTLED)
    shot(page, f"screens/{name}", readme=True)


def test_every_projector_and_phone_step_is_shot(browser, server):  # noqa: F811
    game = requests.post(f"{server.url}/api/games",
                         json={"quiz_id": "ecrans", "settings": {"teams": TEAMS}},
                         headers={"Authorization": f"Bearer {server.token}"}, timeout=10).json()
    pin = game["pin"]
    host = Phone(server.url)
    assert host.call("host:join", {"pin": pin, "host_token": game["host_token"]})["ok"]
    screen = browser.new_context(**PROJECTOR).new_page()
    phone = browser.new_context(**PHONE).new_page()
    others: list[Phone] = []
    try:
        screen.goto(f"{server.url}/screen/{pin}")
        expect(screen.locator("#qr")).to_have_js_property("complete", True)

        # The phone: the PIN, the join form, the lobby.
        phone.goto(f"{server.url}/")
        phone.fill("#pin-input", pin)
        snap(phone, "phone-home")
        phone.click("#btn-pin")
        phone.wait_for_selector("body[data-screen=join]")
        phone.fill("#nickname", "Camille")
        phone.select_option("#team", "Dijon")
        snap(phone, "phone-join")
        phone.click("#btn-join")
        phone.wait_for_selector("body[data-screen=lobby]")
        for nickname, team, *_ in OTHERS:
            other = Phone(server.url)
            assert other.call("player:join", {"pin": pin, "nickname": nickname,
                                              "team": team})["ok"]
            others.append(other)
        expect(screen.locator("#lobby-count")).to_have_text(str(len(OTHERS) + 1))
        expect(screen.locator("#lobby-players .chip")).to_have_count(len(OTHERS) + 1)
        snap(phone, "phone-lobby")
        snap(screen, "screen-lobby")
        assert host.call("host:settings", {"settings": {"show_rules": True}})["ok"]
        expect(screen.locator("#lobby-rules")).to_be_visible()
        snap(screen, "screen-rules")
        assert host.call("host:settings", {"settings": {"show_rules": False}})["ok"]
        expect(screen.locator("#lobby-rules")).to_be_hidden()

        # 1. Single choice: question, answered, reveal, leaderboard.
        assert host.call("host:start")["ok"]
        for page in (screen, phone):
            page.wait_for_selector("body[data-screen=question]")
        snap(screen, "screen-question")
        snap(phone, "phone-question")
        phone.click(".answer-btn[data-choice-id=b]")
        phone.wait_for_selector("#answer-status.status-sent")
        snap(phone, "phone-answered")
        for other, (_name, _team, pick, _value, _word) in zip(others, OTHERS, strict=True):
            assert other.call("player:answer", {"question": 0, "choices": [pick]})["ok"]
        for page in (screen, phone):
            page.wait_for_selector("body[data-screen=reveal]")
        screen.wait_for_selector("#distribution .bar-col.is-grown")
        phone.wait_for_selector("#result-explanation-box:not([hidden])")
        snap(screen, "screen-reveal")
        snap(phone, "phone-result")
        assert host.call("host:next")["state"] == "leaderboard"
        for page in (screen, phone):
            page.wait_for_selector("body[data-screen=leaderboard]")
        expect(screen.locator("#team-leaderboard .team-row")).to_have_count(len(TEAMS))
        snap(screen, "screen-leaderboard")
        snap(phone, "phone-leaderboard")

        # 2. Numeric: the phone's number pad, the projector's strip of answers.
        assert host.call("host:next")["state"] == "question"
        for page in (screen, phone):
            page.wait_for_selector("body[data-screen=question]")
        phone.wait_for_selector("#numeric-input")
        snap(screen, "screen-question-numeric")
        phone.fill("#numeric-input", "1991")
        snap(phone, "phone-question-numeric")
        phone.press("#numeric-input", "Enter")
        phone.wait_for_selector("#answer-status.status-sent")
        for other, (_name, _team, _pick, value, _word) in zip(others, OTHERS, strict=True):
            assert other.call("player:answer", {"question": 1, "value": value})["ok"]
        screen.wait_for_selector("body[data-screen=reveal] #reveal-kind .strip-dot")
        snap(screen, "screen-reveal-numeric")

        # 3. A word cloud, a pause on the way.
        assert host.call("host:next")["state"] == "leaderboard"
        assert host.call("host:next")["state"] == "question"
        for page in (screen, phone):
            page.wait_for_selector("body[data-screen=question]")
        assert host.call("host:pause")["ok"]
        for page in (screen, phone):
            page.wait_for_selector("body[data-screen=paused]")
        snap(screen, "screen-paused")
        snap(phone, "phone-paused")
        assert host.call("host:resume")["ok"]
        phone.wait_for_selector("#value-input:visible")
        phone.fill("#value-input", "confiance")
        phone.press("#value-input", "Enter")
        phone.wait_for_selector("#answer-status.status-sent")
        for other, (_name, _team, _pick, _value, word) in zip(others, OTHERS, strict=True):
            assert other.call("player:answer", {"question": 2, "value": word})["ok"]
        screen.wait_for_selector("body[data-screen=reveal] #reveal-kind .cloud-word")
        expect(screen.locator("#reveal-kind .cloud-word")).to_have_count(6)  # solidarité ×3
        snap(screen, "screen-reveal-cloud")

        # The end: the podiums, the phone's final card and its recap.
        assert host.call("host:next")["state"] == "leaderboard"
        assert host.call("host:next")["state"] == "finished"
        for page in (screen, phone):
            page.wait_for_selector("body[data-screen=finished]")
        expect(screen.locator("#team-podium .team-row")).to_have_count(len(TEAMS))
        snap(screen, "screen-podium")
        snap(phone, "phone-final")
        phone.click("#btn-recap")
        phone.wait_for_selector("#recap-list li")
        phone.evaluate("() => document.getElementById('recap-title').scrollIntoView()")
        snap(phone, "phone-recap")

        # The editor, after the game: the question's record beside it, in French and English.
        editor = browser.new_context(viewport={"width": 1280, "height": 800},
                                     locale="fr-FR").new_page()
        editor.goto(f"{server.url}/editor/login")
        editor.fill("input[name=username]", "redactrice")
        editor.fill("input[name=password]", "motdepasse")
        editor.click("button[type=submit]")
        editor.goto(f"{server.url}/editor/questions/ecrans-q1")
        stats = editor.locator("#question-stats")
        expect(stats.locator(".stat-times-played")).to_have_text("1")
        expect(stats.locator(".stat-answers")).to_have_text("8")
        expect(stats.locator(".stat-percent-correct")).to_have_text("62,5 %")  # 5 of 8 said 17
        expect(stats.locator("h2")).to_have_text("En partie")
        snap(editor, "editor-question-stats")
        editor.goto(f"{server.url}/editor/questions/ecrans-q1?lang=en")
        expect(stats.locator("h2")).to_have_text("In games")
        expect(stats.locator("dt").first).to_have_text("Games")
        editor.context.close()
    finally:
        close_all([host, *others])
        screen.context.close()
        phone.context.close()
