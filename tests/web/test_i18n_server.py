"""The server-rendered interface in French and English (quiz/web/i18n.py, quiz/web/i18n_en.py).

The catalogue is complete both ways (every `_()` text of the templates and the code has its
English, no entry is left unused, the parameters agree); no visible text of a translated
template escapes `_()`; the pages come out in English from `?lang=en`, the `quiz_lang` cookie or
Accept-Language, and in French, exactly as before, by default.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import quiz
from quiz.config import resource_path
from quiz.store import bank, users
from quiz.web.i18n import COOKIE, accept_language, python_texts, template_texts
from quiz.web.i18n_en import EN
from tests.factories import question_data
from tests.web.test_editor import csrf, log_in, question_form

TEMPLATES = resource_path("templates")
PACKAGE = Path(quiz.__file__).parent
PARAM = re.compile(r"%\((\w+)\)s")
TAG = re.compile(r"</?([a-z]+)")

# The templates whose every visible text is server-translated (data-i18n parts are translated
# by static/js/i18n.js, and checked by tests/web/test_i18n.py).
TRANSLATED = [*sorted((TEMPLATES / "edit").glob("*.html")), TEMPLATES / "_lang_switch.html",
              *(TEMPLATES / "host" / name for name in
                ("login.html", "games.html", "results.html", "console.html", "game.html"))]
# Text that is the same in both languages (the language names are each in their own).
UNTRANSLATED = {"Quiz AICT", "Quiz AICT –", "Quiz AICT ·", "FR", "EN", "·", "–", "—", "↑", "↓",
                "✓", ":", "/", "(", ")", ",", "…", "s", "PIN", "PNG", "SVG",
                "–   s", "× ·"}  # units and separators of the editor's game figures


def used_texts() -> dict[str, str]:
    """Every French text given to the catalogue, with the first place it is used."""
    found: dict[str, str] = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        for line, text in template_texts(path.read_text("utf-8")):
            found.setdefault(text, f"{path.name}:{line}")
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in ("i18n.py", "i18n_en.py"):
            continue
        for line, text in python_texts(path.read_text("utf-8")):
            found.setdefault(text, f"{path.relative_to(PACKAGE)}:{line}")
    return found


def test_every_text_has_its_english_and_no_entry_is_left_unused():
    used = used_texts()
    assert len(used) > 200
    missing = {text: place for text, place in used.items() if text not in EN}
    assert missing == {}, "texts with no English in quiz/web/i18n_en.py"
    assert set(EN) - set(used) == set(), "English entries no page or code uses"


def test_the_english_keeps_the_parameters_and_the_markup_of_the_french():
    for french, english in EN.items():
        assert sorted(PARAM.findall(french)) == sorted(PARAM.findall(english)), french
        assert sorted(TAG.findall(french)) == sorted(TAG.findall(english)), french
        assert english.strip(), french


FRENCH = re.compile(r"[àâçéèêëîïôûùüÀÉ«»’]|\b(le|la|les|des|une|pas|est|du)\b")


@pytest.mark.parametrize("module", ["editor", "pages", "auth", "results", "i18n"])
def test_no_french_text_of_the_web_code_escapes_the_catalogue(module):
    """A French string constant of the page code is given to _() or N_() (docstrings aside)."""
    import ast

    tree = ast.parse((PACKAGE / "web" / f"{module}.py").read_text("utf-8"))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id in ("_", "N_", "gettext", "ngettext"):
            skip.update(id(arg) for arg in node.args)
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skip.add(id(body[0].value))  # a docstring
    leftovers = [(node.lineno, node.value) for node in ast.walk(tree)
                 if isinstance(node, ast.Constant) and isinstance(node.value, str)
                 and id(node) not in skip and FRENCH.search(node.value)]
    assert leftovers == []


def visible_leftovers(source: str) -> list[str]:
    """Text and labelling attributes of a template that no `_()` translates."""
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    source = re.sub(r"\{% block (?:body_attrs|screen|html_attrs|head) %\}.*?\{% endblock %\}", "",
                    source, flags=re.S)
    # Elements that static/js/i18n.js translates (data-i18n="key">French<).
    source = re.sub(r'(data-i18n="[^"]+"[^>]*>)[^<]*', r"\1", source)
    source = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", source, flags=re.S)
    leftovers = []
    for attr in ("aria-label", "placeholder", "title", "alt"):
        for value in re.findall(rf'\s{attr}="([^"]*)"', source):
            if re.search(r"[A-Za-zÀ-ÿ]{2}", value) and value not in (
                    "FR – Français", "EN – English", "Langue / Language"):
                leftovers.append(f"{attr}={value!r}")
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", source, flags=re.S)
    text = re.sub(r"<[^>]*>", "\n", text)
    for chunk in text.split("\n"):
        chunk = chunk.strip()
        if chunk and chunk not in UNTRANSLATED and re.search(r"[A-Za-zÀ-ÿ]", chunk):
            leftovers.append(chunk)
    return leftovers


@pytest.mark.parametrize("path", TRANSLATED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_visible_text_of_a_translated_template_escapes_the_catalogue(path):
    assert visible_leftovers(path.read_text("utf-8")) == []


@pytest.mark.parametrize(("header", "lang"), [
    ("en-GB,fr;q=0.5", "en"), ("fr-CH, en;q=0.8", "fr"), ("de-DE,en;q=0.3", "en"),
    ("de-DE", None), ("", None),
])
def test_accept_language_takes_the_first_supported_language(header, lang):
    from werkzeug.datastructures import LanguageAccept
    from werkzeug.http import parse_accept_header

    assert accept_language(parse_accept_header(header, LanguageAccept)) == lang


# ---- pages ------------------------------------------------------------------------------------


@pytest.fixture
def editor(db, client):
    users.create_user(db, "redactrice", "editor", "motdepasse")
    assert log_in(client, "redactrice").status_code == 302
    bank.save_question(db, {**question_data(1), "id": "i18n-q1"})
    return client


def html_lang(html: str) -> str:
    return re.search(r'<html lang="(\w+)" data-ui-lang="(\w+)"', html).groups()


ENGLISH_LIST = ["Question bank", "New question", "Filter", "Difficulty", "Theme", "Log out",
                "Search"]
FRENCH_LIST = ["Banque de questions", "Nouvelle question", "Filtrer", "Difficulté", "Thème",
               "Se déconnecter", "Rechercher"]


def test_the_question_list_is_french_by_default(editor):
    html = editor.get("/editor").get_data(as_text=True)
    assert html_lang(html) == ("fr", "fr")
    for text in FRENCH_LIST:
        assert text in html
    for text in ENGLISH_LIST[:4]:
        assert text not in html
    assert '<a class="btn-lang" href="/editor?lang=fr" hreflang="fr" lang="fr" ' \
           'aria-label="FR – Français" aria-current="true">FR</a>' in html


@pytest.mark.parametrize("how", ["query", "cookie", "accept-language"])
def test_the_question_list_comes_in_english(editor, how):
    headers = {"Accept-Language": "en-US,en;q=0.9"} if how == "accept-language" else {}
    if how == "cookie":
        editor.set_cookie(COOKIE, "en")
    response = editor.get("/editor?lang=en" if how == "query" else "/editor", headers=headers)
    html = response.get_data(as_text=True)
    assert html_lang(html) == ("en", "en")
    for text in ENGLISH_LIST:
        assert text in html
    for text in FRENCH_LIST:
        assert text not in html, text
    cookie = response.headers.get("Set-Cookie", "")
    if how == "query":  # an explicit choice is remembered for a year, for the whole site
        assert f"{COOKIE}=en" in cookie and "Path=/" in cookie and "SameSite=Lax" in cookie
        assert "Max-Age=31536000" in cookie
    else:
        assert COOKIE not in cookie


def test_the_query_wins_over_the_cookie_and_the_cookie_over_the_browser(editor):
    editor.set_cookie(COOKIE, "en")
    html = editor.get("/editor?lang=fr").get_data(as_text=True)
    assert "Banque de questions" in html
    editor.set_cookie(COOKIE, "fr")
    html = editor.get("/editor", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Banque de questions" in html
    editor.set_cookie(COOKIE, "xx")  # nonsense is ignored
    html = editor.get("/editor", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Question bank" in html


def test_the_question_form_in_english_and_french(editor):
    html = editor.get("/editor/questions/i18n-q1?lang=en").get_data(as_text=True)
    for text in ["Question (French)", "Question (English)", "Answers", "Time (seconds)",
                 "Check and preview", "Save", "Back to the list", "Preview", "Single choice",
                 "Duplicate", 'aria-label="Answer A (French)"', 'placeholder="e.g. 13, 17"',
                 "No problem found.", "At the reveal", "Correct answer:"]:
        assert text in html, text
    for text in ["Question (français)", "Réponses", "Temps (secondes)", "Enregistrer",
                 "Retour à la liste", "Aperçu", "Choix unique", "Dupliquer", "Aucun problème"]:
        assert text not in html, text
    editor.delete_cookie(COOKIE)  # ?lang=en set it: without it, French again
    french = editor.get("/editor/questions/i18n-q1").get_data(as_text=True)
    for text in ["Question (français)", "Temps (secondes)", "Vérifier et prévisualiser",
                 "Choix unique", 'aria-label="Réponse A (français)"', "Aucun problème détecté."]:
        assert text in french, text


def test_flash_messages_and_form_errors_follow_the_language(editor):
    editor.set_cookie(COOKIE, "en")
    response = editor.post("/editor/questions/new", data={"csrf_token": csrf(editor),
                                                          **question_form()},
                           follow_redirects=True)
    assert "Question created." in response.get_data(as_text=True)
    response = editor.post("/editor/quizzes", data={"csrf_token": csrf(editor), "title": ""})
    assert response.status_code == 422
    assert "Give the quiz a title." in response.get_data(as_text=True)
    editor.set_cookie(COOKIE, "fr")
    response = editor.post("/editor/quizzes", data={"csrf_token": csrf(editor), "title": ""})
    assert "Donnez un titre au quiz." in response.get_data(as_text=True)


def test_the_language_switch_of_a_form_result_leads_to_a_page_that_answers_get(editor):
    html = editor.post("/editor/quizzes", data={"csrf_token": csrf(editor), "title": ""},
                       ).get_data(as_text=True)
    assert 'href="/editor/quizzes?lang=en"' in html


def test_the_host_login_in_english_and_french(client):
    html = client.get("/host/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for text in ["Host area", "Username", "Password", "Log in", "Join a game", "Host login"]:
        assert text in html, text
    for text in ["Espace animateur", "Identifiant", "Mot de passe", "Se connecter"]:
        assert text not in html, text
    failed = client.post("/host/login?lang=en", data={
        "csrf_token": csrf(client), "username": "personne", "password": "x"})
    assert "Wrong username or password." in failed.get_data(as_text=True)
    html = client.get("/host/login?lang=fr").get_data(as_text=True)
    assert "Espace animateur" in html and "Participer à une partie" in html


def test_the_results_page_in_english(finished, logged_in):  # noqa: F811
    pin = finished[0]["pin"]
    html = logged_in.get(f"/host/games/{pin}/results?lang=en").get_data(as_text=True)
    for text in ["Individual ranking", "Correct answers", "Median time", "Export as XLSX",
                 "too easy", "50.0%", "3.5 s", "Finished", "Nickname", "CSV players"]:
        assert text in html, text
    for text in ["Classement individuel", "Temps médian", "trop facile", "50,0 %", "Terminée",
                 "Pseudo"]:
        assert text not in html, text
    games = logged_in.get("/host/games").get_data(as_text=True)  # the cookie from ?lang=en
    assert "Games and results" in games and "Finished" in games
    french = logged_in.get(f"/host/games/{pin}/results?lang=fr").get_data(as_text=True)
    for text in ["Classement individuel", "50,0 %", "3,5 s", "trop facile", "CSV joueurs"]:
        assert text in french, text


def test_the_console_in_english(logged_in):  # noqa: F811
    html = logged_in.get("/host?lang=en").get_data(as_text=True)
    for text in ["Available quizzes", "Open a game", "Game results", "Log out"]:
        assert text in html, text
    assert "Quiz disponibles" not in html


def test_the_projector_stays_french_whatever_the_cookie_says(client, new_game):
    pin = new_game()["pin"]
    client.set_cookie(COOKIE, "en")
    html = client.get(f"/screen/{pin}").get_data(as_text=True)
    assert '<html lang="fr" data-ui-lang="fr" data-lang-fixed="fr"' in html
    html = client.get(f"/screen/{pin}?lang=en").get_data(as_text=True)
    assert '<html lang="en"' in html
