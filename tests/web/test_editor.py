"""The question-bank editor at /editor: permissions, forms, quizzes, import and export."""

from __future__ import annotations

import io

import pytest
import yaml
from werkzeug.datastructures import MultiDict

from quiz.store import bank, quizzes, users
from quiz.web.editor import form_from_question, question_from_form
from tests.factories import question_data, quiz_data


def csrf(client) -> str:
    """Return the session's CSRF token, creating the session if needed."""
    with client.session_transaction() as session:
        if "csrf" not in session:
            session["csrf"] = "test-csrf-token"
        return session["csrf"]


def log_in(client, name: str, password: str = "motdepasse"):
    return client.post("/editor/login", data={
        "csrf_token": csrf(client), "username": name, "password": password,
    })


@pytest.fixture
def editor(db, client):
    """A client logged in as an editor."""
    users.create_user(db, "redactrice", "editor", "motdepasse")
    assert log_in(client, "redactrice").status_code == 302
    return client


@pytest.fixture
def admin(db, client):
    """A client logged in as an admin."""
    users.create_user(db, "chef", "admin", "motdepasse")
    assert log_in(client, "chef").status_code == 302
    return client


def question_form(**fields) -> dict:
    """The editing form of a valid single-choice question, with `fields` changed."""
    form = {
        "type": "single", "text_fr": "Combien d'ODD compte l'Agenda 2030 ?",
        "text_en": "How many SDGs?", "choice_0_fr": "17", "choice_0_correct": "1",
        "choice_1_fr": "12", "choice_2_fr": "8", "time_limit": "20", "points": "standard",
        "theme": "odd", "odd": "17", "difficulty": "easy",
        "explanation_fr": "Dix-sept objectifs.", "source": "https://sdgs.un.org/goals",
        "action": "save",
    }
    form.update(fields)
    return form


def post(client, url: str, **fields):
    return client.post(url, data={"csrf_token": csrf(client), **fields})


# ---- who may come in ----------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/editor", "/editor/questions/new", "/editor/quizzes",
                                 "/editor/transfer", "/editor/export?format=yaml"])
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.location.startswith("/editor/login?next=")


def test_a_host_may_not_edit_the_bank(db, client, host_user):
    log_in(client, host_user[0], host_user[1])
    assert client.get("/editor").status_code == 403
    assert post(client, "/editor/questions/new", **question_form()).status_code == 403


def test_an_editor_logs_in_and_lands_on_the_page_asked_for(db, client):
    users.create_user(db, "redactrice", "editor", "motdepasse")
    response = client.post("/editor/login?next=/editor/quizzes", data={
        "csrf_token": csrf(client), "username": "redactrice", "password": "motdepasse"})
    assert response.location == "/editor/quizzes"


def test_the_login_never_redirects_to_another_site(db, client):
    users.create_user(db, "redactrice", "editor", "motdepasse")
    response = client.post("/editor/login?next=//evil.example/editor", data={
        "csrf_token": csrf(client), "username": "redactrice", "password": "motdepasse"})
    assert response.location == "/editor"


def test_a_wrong_password_is_refused(db, client):
    users.create_user(db, "redactrice", "editor", "motdepasse")
    assert log_in(client, "redactrice", "faux").status_code == 401


def test_an_editor_cannot_run_games(editor):
    assert editor.get("/host").status_code == 403


def test_an_admin_may_edit_the_bank(admin):
    assert admin.get("/editor").status_code == 200


def test_a_form_without_its_csrf_token_is_refused(editor, db):
    response = editor.post("/editor/questions/new", data=question_form())
    assert response.status_code == 400
    assert not bank.question_exists(db, "combien-d-odd-compte-l-agenda-2030")


# ---- listing and searching ----------------------------------------------------------------


@pytest.fixture
def searchable(db):
    """Three questions that differ by theme, SDG, type, difficulty and expiry."""
    bank.save_question(db, question_data(
        1, id="climat-paris", text={"fr": "Accord de Paris ?"},
        tags={"theme": "climat", "odd": [13]}, difficulty="hard"))
    bank.save_question(db, question_data(
        2, id="odd-eau", text={"fr": "L'eau potable ?"}, tags={"theme": "odd", "odd": [6]},
        difficulty="easy", valid_until="2001-01-01"))
    vrai_faux = question_data(3, id="coop-vrai", text={"fr": "La coopération décentralisée ?"},
                              tags={"theme": "cooperation", "odd": [17]}, type="true_false")
    vrai_faux["choices"] = [{"id": "true", "text": {"fr": "Vrai"}, "correct": True},
                            {"id": "false", "text": {"fr": "Faux"}}]
    bank.save_question(db, vrai_faux)


@pytest.mark.parametrize(("query", "expected"), [
    ("q=paris", {"climat-paris"}),
    ("q=POTABLE", {"odd-eau"}),
    ("theme=cooperation", {"coop-vrai"}),
    ("odd=6", {"odd-eau"}),
    ("type=true_false", {"coop-vrai"}),
    ("difficulty=hard", {"climat-paris"}),
    ("expired=1", {"odd-eau"}),
    ("theme=climat&odd=6", set()),
])
def test_the_bank_is_searched_by_text_theme_sdg_type_difficulty_and_expiry(
        editor, searchable, query, expected):
    page = editor.get(f"/editor?{query}").get_data(as_text=True)
    shown = {qid for qid in ("climat-paris", "odd-eau", "coop-vrai")
             if f'data-question-id="{qid}"' in page}
    assert shown == expected


def test_the_list_flags_questions_with_problems(editor, db):
    bank.save_question(db, question_data(9, id="sans-source", source=""))
    page = editor.get("/editor?q=sans-source").get_data(as_text=True)
    assert "1 erreur" in page


# ---- creating and editing -----------------------------------------------------------------


def test_an_editor_creates_a_question_with_an_id_made_from_its_text(editor, db):
    response = post(editor, "/editor/questions/new", **question_form())
    assert response.status_code == 302
    stored = bank.get_question(db, "combien-d-odd-compte-l-agenda-2030")
    assert stored is not None
    assert stored.data["choices"][0] == {"id": "a", "text": {"fr": "17"}, "correct": True}
    assert stored.data["tags"] == {"theme": "odd", "odd": [17]}


def test_a_question_with_errors_is_not_saved_and_its_problems_show_inline(editor, db):
    response = post(editor, "/editor/questions/new", id="trop-long",
                    **question_form(text_fr="x" * 201, source="", choice_0_correct=""))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'data-field="text"' in page and "at most 200" in page
    assert 'data-field="source"' in page and "missing source" in page
    assert 'data-field="choices"' in page and "no correct choice" in page
    assert not bank.question_exists(db, "trop-long")


def test_checking_previews_without_saving(editor, db):
    response = post(editor, "/editor/questions/new", id="apercu",
                    **question_form(action="check"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'class="answer-btn answer-0"' in page and 'class="tile answer-0 is-correct"' in page
    assert not bank.question_exists(db, "apercu")


def test_a_new_question_cannot_take_an_existing_id(editor, db):
    response = post(editor, "/editor/questions/new", id="test-q1", **question_form())
    assert response.status_code == 422
    assert "already used" in response.get_data(as_text=True)
    assert bank.get_question(db, "test-q1").data["text"]["fr"] == "Question 1 ?"


def test_editing_a_question_keeps_its_id(editor, db):
    response = post(editor, "/editor/questions/test-q1", id="autre", **question_form())
    assert response.status_code == 302
    assert bank.get_question(db, "test-q1").data["text"]["fr"].startswith("Combien")
    assert not bank.question_exists(db, "autre")


def test_the_edit_page_shows_the_stored_problems(editor, db):
    bank.save_question(db, question_data(8, id="perimee", valid_until="2001-01-01"))
    page = editor.get("/editor/questions/perimee").get_data(as_text=True)
    assert 'data-field="valid_until"' in page and "expired" in page


def test_an_unknown_question_is_not_found(editor):
    assert editor.get("/editor/questions/nope").status_code == 404


def test_duplicating_makes_a_copy_under_a_new_id(editor, db):
    response = post(editor, "/editor/questions/test-q1/duplicate")
    assert response.location == "/editor/questions/test-q1-copie"
    post(editor, "/editor/questions/test-q1/duplicate")
    copy = bank.get_question(db, "test-q1-copie-2")
    assert copy.data == {**bank.get_question(db, "test-q1").data, "id": "test-q1-copie-2"}


@pytest.mark.parametrize("data", [
    question_data(1, tags={"theme": "climat", "odd": [13, 17]}, difficulty="medium",
                  valid_until="2030-12-31", image="paris.png"),
    {**question_data(2, type="true_false"),
     "choices": [{"id": "true", "text": {"fr": "Vrai", "en": "True"}, "correct": True},
                 {"id": "false", "text": {"fr": "Faux", "en": "False"}}]},
    {key: value for key, value in question_data(3, type="numeric", answer=1.5,
                                                tolerance=0.5).items() if key != "choices"},
])
def test_the_form_gives_back_the_question_it_shows(data):
    fields = form_from_question(data)
    form = MultiDict({key: value for key, value in fields.items() if key != "choices"})
    for i, choice in enumerate(fields["choices"]):
        form.update({f"choice_{i}_id": choice["id"], f"choice_{i}_fr": choice["fr"],
                     f"choice_{i}_en": choice["en"]})
        if choice["correct"]:
            form[f"choice_{i}_correct"] = "1"
    assert question_from_form(form) == data


# ---- deleting and archiving ---------------------------------------------------------------


def test_deleting_asks_for_confirmation_first(editor, db):
    page = editor.get("/editor/questions/test-q1/delete").get_data(as_text=True)
    assert "supprimée définitivement" in page
    assert bank.question_exists(db, "test-q1")


def test_a_question_no_game_played_is_deleted_and_leaves_its_quizzes(editor, db):
    response = post(editor, "/editor/questions/test-q2/delete")
    assert response.status_code == 302
    assert not bank.question_exists(db, "test-q2")
    assert quizzes.quiz_question_ids(db, "test") == ["test-q1", "test-q3"]


def test_a_question_a_past_game_played_is_archived_not_deleted(app, editor, db):
    pin, _token = app.extensions["quiz_games"].create("test")
    assert "sera <strong>archivée</strong>" in editor.get(
        "/editor/questions/test-q1/delete").get_data(as_text=True)
    post(editor, "/editor/questions/test-q1/delete")
    stored = bank.get_question(db, "test-q1")
    assert stored.archived
    assert quizzes.quiz_question_ids(db, "test") == ["test-q2", "test-q3"]
    assert 'data-question-id="test-q1"' not in editor.get("/editor").get_data(as_text=True)
    assert 'data-question-id="test-q1"' in editor.get("/editor?archived=1").get_data(as_text=True)
    # the old game still reads its own copy of the question
    assert app.extensions["quiz_games"].get(pin).game.questions[0].id == "test-q1"


def test_an_archived_question_can_be_restored(app, editor, db):
    app.extensions["quiz_games"].create("test")
    post(editor, "/editor/questions/test-q1/delete")
    post(editor, "/editor/questions/test-q1/restore")
    assert not bank.get_question(db, "test-q1").archived


# ---- composing quizzes --------------------------------------------------------------------


def test_an_editor_creates_a_quiz_and_fills_it_from_the_bank(editor, db):
    response = post(editor, "/editor/quizzes", title="Quiz du matin")
    assert response.location == "/editor/quizzes/quiz-du-matin"
    page = editor.get("/editor/quizzes/quiz-du-matin?q=Question").get_data(as_text=True)
    assert 'data-question-id="test-q2"' in page
    for question_id in ("test-q2", "test-q1", "test-q3"):
        post(editor, "/editor/quizzes/quiz-du-matin/questions", op="add",
             question_id=question_id)
    assert quizzes.quiz_question_ids(db, "quiz-du-matin") == ["test-q2", "test-q1", "test-q3"]


@pytest.mark.parametrize(("op", "question_id", "expected"), [
    ("up", "test-q2", ["test-q2", "test-q1", "test-q3"]),
    ("down", "test-q2", ["test-q1", "test-q3", "test-q2"]),
    ("up", "test-q1", ["test-q1", "test-q2", "test-q3"]),
    ("remove", "test-q1", ["test-q2", "test-q3"]),
])
def test_a_quiz_is_reordered_one_question_at_a_time(editor, db, op, question_id, expected):
    post(editor, "/editor/quizzes/test/questions", op=op, question_id=question_id)
    assert quizzes.quiz_question_ids(db, "test") == expected


def test_a_question_page_adds_the_question_to_a_quiz_once(editor, db):
    post(editor, "/editor/quizzes", title="Autre", id="autre")
    post(editor, "/editor/questions/test-q1/add-to-quiz", quiz_id="autre")
    post(editor, "/editor/questions/test-q1/add-to-quiz", quiz_id="autre")
    assert quizzes.quiz_question_ids(db, "autre") == ["test-q1"]


def test_a_quiz_id_cannot_be_taken_twice(editor):
    assert post(editor, "/editor/quizzes", title="Test", id="test").status_code == 422


def test_a_quiz_is_renamed(editor, db):
    post(editor, "/editor/quizzes/test/title", title_fr="Nouveau titre", title_en="New title")
    titles = next(q for q in quizzes.list_quizzes(db) if q["id"] == "test")["titles"]
    assert titles == {"fr": "Nouveau titre", "en": "New title"}


# ---- import and export --------------------------------------------------------------------


def upload(client, content: bytes, name: str):
    return client.post("/editor/transfer", content_type="multipart/form-data", data={
        "csrf_token": csrf(client), "file": (io.BytesIO(content), name),
    })


def test_importing_the_same_file_twice_changes_nothing(editor, db):
    content = yaml.safe_dump(quiz_data("importe", count=2), allow_unicode=True).encode()
    first = upload(editor, content, "importe.yaml").get_data(as_text=True)
    assert '<tr id="report-questions"><th scope="row">Questions</th><td>2</td><td>0</td>' in first
    second = upload(editor, content, "importe.yaml").get_data(as_text=True)
    assert '<tr id="report-questions"><th scope="row">Questions</th><td>0</td><td>0</td>' \
           '<td>2</td>' in second
    assert quizzes.quiz_question_ids(db, "importe") == ["importe-q1", "importe-q2"]


def test_an_import_reports_its_problems_with_their_place(editor):
    data = quiz_data("casse", count=1)
    data["questions"][0]["source"] = ""
    page = upload(editor, yaml.safe_dump(data).encode(), "casse.yaml").get_data(as_text=True)
    assert "casse.yaml:" in page and "missing source" in page


def test_an_unknown_kind_of_file_is_refused(editor):
    assert upload(editor, b"%PDF-1.4", "notes.pdf").status_code == 422


@pytest.mark.parametrize(("fmt", "start"), [
    ("yaml", b"quizzes:"), ("json", b"{"), ("csv", b""), ("xlsx", b"PK"),
])
def test_the_bank_downloads_in_every_format(editor, fmt, start):
    response = editor.get(f"/editor/export?format={fmt}")
    assert response.status_code == 200
    assert response.data.startswith(start) and response.data
    assert f'filename="banque.{fmt}"' in response.headers["Content-Disposition"]


def test_one_quiz_downloads_as_a_quiz_file(editor):
    exported = yaml.safe_load(editor.get("/editor/export?format=yaml&quiz=test").data)
    assert [q["id"] for q in exported["questions"]] == ["test-q1", "test-q2", "test-q3"]


# ---- accounts -----------------------------------------------------------------------------


def test_only_admins_manage_accounts(editor):
    assert editor.get("/editor/users").status_code == 403


def test_an_admin_creates_an_account_with_a_role(admin, db):
    response = post(admin, "/editor/users", name="nouvelle", role="editor", password="secret1")
    assert response.status_code == 200
    assert users.authenticate(db, "nouvelle", "secret1").role == "editor"


def test_an_admin_resets_a_password_and_sees_it_once(admin, db):
    users.create_user(db, "oublieux", "host", "ancien")
    page = post(admin, "/editor/users/oublieux/password").get_data(as_text=True)
    password = page.split('<code id="reset-password">')[1].split("</code>")[0]
    assert users.authenticate(db, "oublieux", password) is not None
    assert users.authenticate(db, "oublieux", "ancien") is None


# ---- how questions did in real games ------------------------------------------------------

# Alice is right every time, Bob only on the last question (the right answer is always "b").
def stats_panel(page: str) -> str:
    start = page.index('id="question-stats"')
    return page[start:page.index("</section>", start)]


def test_a_played_question_shows_its_stats_beside_it(finished, editor):
    page = editor.get("/editor/questions/test-q1").get_data(as_text=True)
    panel = stats_panel(page)
    assert page.index('id="question-stats"') > page.index('id="question-form"')  # the aside
    assert 'data-times-played="1"' in panel
    assert '<dd class="stat-times-played">1</dd>' in panel
    assert '<dd class="stat-answers">2</dd>' in panel
    assert '<dd class="stat-percent-correct">50,0 %</dd>' in panel
    assert '<dd class="stat-median">3,5 s</dd>' in panel  # 2 s and 5 s
    assert 'data-flag=' not in panel
    assert f'<tr data-pin="{finished[0]["pin"]}">' in panel
    assert 'data-i18n="editor.stats.percent_correct"' in panel  # translated by i18n.js

    easy = stats_panel(editor.get("/editor/questions/test-q3").get_data(as_text=True))
    assert '<dd class="stat-percent-correct">100,0 %</dd>' in easy
    assert 'data-flag="too_easy"' in easy and "trop facile" in easy
    hard = stats_panel(editor.get("/editor/questions/test-q2").get_data(as_text=True))
    assert '<dd class="stat-percent-correct">50,0 %</dd>' in hard


def test_the_bank_list_shows_each_question_s_plays(finished, editor, db):
    bank.save_question(db, question_data(7, id="jamais-jouee"))
    page = editor.get("/editor").get_data(as_text=True)
    row = page[page.index('data-question-id="test-q3"'):]
    row = row[:row.index("</tr>")]
    assert '<span class="stat-times-played">1</span>' in row
    assert '<span class="stat-percent-correct">100,0 %</span>' in row
    assert 'data-flag="too_easy"' in row
    never = page[page.index('data-question-id="jamais-jouee"'):]
    assert "jamais jouée" in never[:never.index("</tr>")]


def test_a_question_never_played_says_so(editor):
    panel = stats_panel(editor.get("/editor/questions/test-q1").get_data(as_text=True))
    assert 'data-times-played="0"' in panel and "Jamais jouée" in panel
