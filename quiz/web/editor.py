"""The question-bank editor at /editor: questions, quizzes, import and export, accounts.

Pages for people with the `editor` role (admins too). Every form posts with the session's
CSRF token; the bank's rules come from quiz.bank.validate, the storage from quiz.store.
"""

from __future__ import annotations

import functools
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from werkzeug.utils import secure_filename

from quiz.bank.problem import Problem
from quiz.bank.reader import SUFFIXES
from quiz.bank.schema import (
    CHOICE_TYPES,
    DIFFICULTIES,
    MAX_CHOICES,
    PLAYABLE_TYPES,
    POINTS,
    QUESTION_TYPES,
    SDG_NUMBERS,
    THEMES,
    TRUE_FALSE_IDS,
    is_id,
    slug,
)
from quiz.bank.transfer import (
    CREATED,
    EXPORT_FORMATS,
    UNCHANGED,
    UPDATED,
    export_bank,
    import_paths,
)
from quiz.bank.validate import check_question, has_errors
from quiz.engine.analytics import flag_for
from quiz.store import accounts, bank, quizzes, stats, users
from quiz.web.auth import WebUser, check_csrf
from quiz.web.i18n import N_, translated
from quiz.web.i18n import gettext as _
from quiz.web.limits import limits_of
from quiz.web.wiring import db

blueprint = Blueprint("editor", __name__, url_prefix="/editor")

# French labels, marked for the catalogue; `labels()` gives templates the request's language.
TYPE_LABELS = {
    "single": N_("Choix unique"), "true_false": N_("Vrai / faux"),
    "multiple": N_("Choix multiple"), "numeric": N_("Nombre"), "ordering": N_("Remise en ordre"),
    "poll": N_("Sondage"), "open": N_("Réponse libre"),
}
THEME_LABELS = {"odd": N_("ODD"), "cooperation": N_("Coopération décentralisée"),
                "climat": N_("Climat")}
DIFFICULTY_LABELS = {"easy": N_("Facile"), "medium": N_("Moyenne"), "hard": N_("Difficile")}
POINTS_LABELS = {"standard": N_("Standard"), "double": N_("Doublés"), "none": N_("Sans points")}
LETTERS = "ABCDEF"
CHOICE_ROWS = MAX_CHOICES
EXPORT_TYPES = {
    "yaml": "application/x-yaml", "json": "application/json", "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@blueprint.context_processor
def labels() -> dict[str, Any]:
    """Give every editor template the choice lists and their labels in the page's language."""
    return {
        "TYPE_LABELS": translated(TYPE_LABELS), "THEME_LABELS": translated(THEME_LABELS),
        "DIFFICULTY_LABELS": translated(DIFFICULTY_LABELS),
        "POINTS_LABELS": translated(POINTS_LABELS),
        "LETTERS": LETTERS, "PLAYABLE_TYPES": PLAYABLE_TYPES, "CHOICE_TYPES": CHOICE_TYPES,
        "french": bank.french,
    }


def editor_required(action: str = "editor") -> Callable:
    """Protect an editor page: anonymous people log in here first, others need the role."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("editor.login", next=request.full_path.rstrip("?")))
            if not current_user.may(action):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


# ---- login --------------------------------------------------------------------------------


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    """Log an editor in, then go back to the editor page asked for."""
    error = None
    if request.method == "POST":
        check_csrf()
        username = request.form.get("username", "").strip()
        # The host login's limiter and key: both forms check the same passwords.
        failures, key = limits_of(current_app).login_failures, (username, request.remote_addr)
        if not failures.would_allow(key):
            error = _("Trop de tentatives de connexion : réessayez dans quelques minutes.")
            return render_template("edit/login.html", error=error), 429
        user = users.authenticate(db(), username, request.form.get("password", ""))
        if user is not None:
            login_user(WebUser(user.id, user.name, user.role))
            target = request.args.get("next", "")
            # Only our own pages: never an absolute or protocol-relative URL.
            if not target.startswith("/editor") or target.startswith("//"):
                target = url_for("editor.questions")
            return redirect(target)
        failures.allow(key)  # only failures count
        error = _("Identifiant ou mot de passe incorrect.")
    return render_template("edit/login.html", error=error), (401 if error else 200)


@blueprint.get("/logout")
def logout():
    logout_user()
    return redirect(url_for("editor.login"))


# ---- questions ----------------------------------------------------------------------------


@blueprint.get("")
@editor_required()
def questions():
    """List and search the bank."""
    wanted = search_filter(request.args)
    found = bank.search_questions(db(), wanted)
    return render_template(
        "edit/questions.html", questions=found, wanted=wanted, types=QUESTION_TYPES,
        themes=THEMES, difficulties=DIFFICULTIES, odd_numbers=list(SDG_NUMBERS),
        problems={q.id: problem_counts(q.data) for q in found},
        played=stats.question_stats(db(), [q.id for q in found]), flag_for=flag_for,
    )


def search_filter(args) -> bank.QuestionFilter:
    """Read the search form; values outside the allowed lists are ignored."""
    odd = args.get("odd", "").strip()
    return bank.QuestionFilter(
        text=args.get("q", "").strip()[:200],
        theme=_allowed(args.get("theme", ""), THEMES),
        odd=int(odd) if odd.isdigit() and int(odd) in SDG_NUMBERS else None,
        type=_allowed(args.get("type", ""), QUESTION_TYPES),
        difficulty=_allowed(args.get("difficulty", ""), DIFFICULTIES),
        expired=args.get("expired") == "1",
        archived=args.get("archived") == "1",
    )


def _allowed(value: str, allowed: tuple[str, ...]) -> str:
    return value if value in allowed else ""


def problem_counts(data: dict[str, Any]) -> tuple[int, int]:
    """Return (errors, warnings) for a stored question."""
    problems = check_question(data)
    errors = sum(p.is_error for p in problems)
    return errors, len(problems) - errors


@blueprint.route("/questions/new", methods=["GET", "POST"])
@editor_required()
def new_question():
    """Write a new question; "check" previews it, "save" stores it when it has no error."""
    if request.method == "GET":
        return question_page(blank_question(), creating=True)
    check_csrf()
    data = question_from_form(request.form)
    if not data.get("id"):
        data["id"] = bank.new_question_id(db(), bank.french(data.get("text")) or "question")
    extra = []
    if is_id(data["id"]) and bank.question_exists(db(), data["id"]):
        extra.append(Problem("<question>", None, data["id"],
                             f"id '{data['id']}' is already used by another question"))
    return submit_question(data, creating=True, extra=extra)


@blueprint.route("/questions/<question_id>", methods=["GET", "POST"])
@editor_required()
def edit_question(question_id: str):
    """Edit a stored question; its id does not change."""
    stored = bank.get_question(db(), question_id)
    if stored is None:
        abort(404)
    if request.method == "GET":
        return question_page(stored.data, stored=stored)
    check_csrf()
    data = question_from_form(request.form)
    data["id"] = question_id
    return submit_question(data, stored=stored)


def submit_question(data: dict[str, Any], creating: bool = False,
                    stored: bank.BankQuestion | None = None, extra: list[Problem] = ()):
    problems = [*extra, *check_question(data)]
    if request.form.get("action") != "save" or has_errors(problems):
        status = 422 if request.form.get("action") == "save" else 200
        return question_page(data, creating=creating, stored=stored, problems=problems,
                             attempted=request.form.get("action") == "save"), status
    bank.save_question(db(), data)
    flash(_("Question enregistrée.") if not creating else _("Question créée."), "ok")
    return redirect(url_for("editor.edit_question", question_id=data["id"]))


def question_page(data: dict[str, Any], creating: bool = False,
                  stored: bank.BankQuestion | None = None,
                  problems: list[Problem] | None = None, attempted: bool = False) -> str:
    if problems is None:
        problems = check_question(data) if not creating else []
    return render_template(
        "edit/question.html", q=data, form=form_from_question(data), creating=creating,
        stored=stored, problems=[shown_problem(p) for p in problems], attempted=attempted,
        field_problems=problems_by_field(problems), types=QUESTION_TYPES, themes=THEMES,
        difficulties=DIFFICULTIES, points=POINTS, choice_rows=CHOICE_ROWS,
        quizzes=quizzes.list_quizzes(db()),
        played=stats.question_stat(db(), stored.id) if stored else None, flag_for=flag_for,
    )


@blueprint.post("/questions/<question_id>/duplicate")
@editor_required()
def duplicate_question(question_id: str):
    check_csrf()
    try:
        copy_id = bank.duplicate_question(db(), question_id)
    except LookupError:
        abort(404)
    flash(_("Copie créée : %(id)s.", id=copy_id), "ok")
    return redirect(url_for("editor.edit_question", question_id=copy_id))


@blueprint.route("/questions/<question_id>/delete", methods=["GET", "POST"])
@editor_required()
def delete_question(question_id: str):
    """Ask first; then delete the question, or archive it if a past game played it."""
    stored = bank.get_question(db(), question_id)
    if stored is None:
        abort(404)
    if request.method == "GET":
        played = question_id in bank.played_question_ids(db())
        return render_template("edit/delete.html", question=stored, played=played)
    check_csrf()
    outcome = bank.remove_question(db(), question_id)
    if outcome == bank.ARCHIVED:
        flash(_("Question « %(text)s » archivée : une partie passée l’a jouée.", text=stored.text),
              "ok")
    else:
        flash(_("Question « %(text)s » supprimée.", text=stored.text), "ok")
    return redirect(url_for("editor.questions"))


@blueprint.post("/questions/<question_id>/restore")
@editor_required()
def restore_question(question_id: str):
    check_csrf()
    try:
        bank.restore_question(db(), question_id)
    except LookupError:
        abort(404)
    flash(_("Question restaurée."), "ok")
    return redirect(url_for("editor.edit_question", question_id=question_id))


@blueprint.post("/questions/<question_id>/add-to-quiz")
@editor_required()
def add_to_quiz(question_id: str):
    """Append the question to the chosen quiz (once: a quiz lists a question only once)."""
    check_csrf()
    quiz_id = request.form.get("quiz_id", "")
    ids = quizzes.quiz_question_ids(db(), quiz_id)
    if ids is None or not bank.question_exists(db(), question_id):
        abort(404)
    if question_id in ids:
        flash(_("Déjà dans le quiz « %(id)s ».", id=quiz_id), "ok")
    else:
        quizzes.set_quiz_questions(db(), quiz_id, [*ids, question_id])
        flash(_("Question ajoutée à la fin du quiz « %(id)s ».", id=quiz_id), "ok")
    return redirect(url_for("editor.edit_question", question_id=question_id))


# ---- the question form --------------------------------------------------------------------


def blank_question() -> dict[str, Any]:
    return {"type": "single", "text": {}, "choices": [], "time_limit": 20,
            "points": "standard"}


def question_from_form(form) -> dict[str, Any]:
    """Build a question in the bank format from the editing form.

    Values are kept as typed when they cannot be read (a time limit of "abc"), so that the
    validator names the problem instead of the form silently dropping it.
    """
    kind = form.get("type", "single").strip()
    data: dict[str, Any] = {"id": form.get("id", "").strip(), "type": kind}
    data["text"] = _texts(form, "text")
    if kind in CHOICE_TYPES:
        data["choices"] = _choices(form, kind)
    if kind == "numeric":
        data["answer"] = _number(form.get("answer", ""))
        if form.get("tolerance", "").strip():
            data["tolerance"] = _number(form.get("tolerance", ""))
    data["time_limit"] = _number(form.get("time_limit", ""))
    data["points"] = form.get("points", "standard")
    tags: dict[str, Any] = {}
    if form.get("theme", "").strip():
        tags["theme"] = form.get("theme", "").strip()
    odd = [_number(n) for n in form.get("odd", "").replace(";", ",").split(",") if n.strip()]
    if odd:
        tags["odd"] = odd
    if tags:
        data["tags"] = tags
    if form.get("difficulty", "").strip():
        data["difficulty"] = form.get("difficulty", "").strip()
    data["explanation"] = _texts(form, "explanation")
    data["source"] = form.get("source", "").strip()
    for key in ("image", "valid_until"):
        if form.get(key, "").strip():
            data[key] = form.get(key, "").strip()
    return {key: value for key, value in data.items() if value != {} or key == "text"}


def _texts(form, name: str) -> dict[str, str]:
    texts = {lang: form.get(f"{name}_{lang}", "").strip() for lang in ("fr", "en")}
    return {lang: text for lang, text in texts.items() if text}


def _choices(form, kind: str) -> list[dict[str, Any]]:
    choices = []
    for i in range(CHOICE_ROWS):
        text = _texts(form, f"choice_{i}")
        choice_id = form.get(f"choice_{i}_id", "").strip()
        if not text and not choice_id:
            continue
        if not choice_id:
            choice_id = TRUE_FALSE_IDS[len(choices)] if (
                kind == "true_false" and len(choices) < 2) else "abcdef"[i]
        choice: dict[str, Any] = {"id": choice_id, "text": text}
        if form.get(f"choice_{i}_correct"):
            choice["correct"] = True
        choices.append(choice)
    return choices


def _number(text: str) -> Any:
    text = text.strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() else value


def form_from_question(data: dict[str, Any]) -> dict[str, Any]:
    """Return the form's field values for a question (the reverse of question_from_form)."""

    def text(value: Any, lang: str) -> str:
        if isinstance(value, dict):
            return str(value.get(lang) or "")
        return str(value or "") if lang == "fr" else ""

    tags = data.get("tags") if isinstance(data.get("tags"), dict) else {}
    odd = tags.get("odd") if isinstance(tags.get("odd"), list) else []
    choices = data.get("choices") if isinstance(data.get("choices"), list) else []
    rows = []
    for i in range(CHOICE_ROWS):
        choice = choices[i] if i < len(choices) and isinstance(choices[i], dict) else {}
        rows.append({
            "id": str(choice.get("id") or ""), "fr": text(choice.get("text"), "fr"),
            "en": text(choice.get("text"), "en"), "correct": bool(choice.get("correct")),
        })
    return {
        "id": str(data.get("id") or ""), "type": str(data.get("type") or "single"),
        "text_fr": text(data.get("text"), "fr"), "text_en": text(data.get("text"), "en"),
        "choices": rows, "time_limit": str(data.get("time_limit", "")),
        "points": str(data.get("points") or "standard"),
        "theme": str(tags.get("theme") or ""), "odd": ", ".join(str(n) for n in odd),
        "difficulty": str(data.get("difficulty") or ""),
        "explanation_fr": text(data.get("explanation"), "fr"),
        "explanation_en": text(data.get("explanation"), "en"),
        "source": str(data.get("source") or ""), "image": str(data.get("image") or ""),
        "valid_until": str(data.get("valid_until") or ""),
        "answer": str(data.get("answer", "")), "tolerance": str(data.get("tolerance", "")),
    }


# The form field a validator message is about, from the words it starts with.
_FIELD_PREFIXES = (
    ("text.", "text"), ("missing text", "text"), ("explanation", "explanation"),
    ("missing explanation", "explanation"), ("choice", "choices"), ("missing choices", "choices"),
    ("no correct choice", "choices"), ("a true/false", "choices"), ("correct choices", "choices"),
    ("time_limit", "time_limit"), ("missing time_limit", "time_limit"), ("points", "points"),
    ("difficulty", "difficulty"), ("tags.theme", "theme"), ("tags.odd", "odd"),
    ("tags", "odd"), ("missing source", "source"), ("source", "source"), ("image", "image"),
    ("expired", "valid_until"), ("expires soon", "valid_until"), ("valid_until", "valid_until"),
    ("id", "id"), ("missing id", "id"), ("missing type", "type"), ("unknown type", "type"),
    ("missing answer", "answer"), ("answer", "answer"), ("tolerance", "answer"),
)


def problem_field(problem: Problem) -> str:
    """Name the form field a problem is about ("" when it concerns the whole question)."""
    message = problem.message
    if message[:1].isdigit() and "choice" in message:  # "2 correct choices (…)", "1 choice"
        return "choices"
    for prefix, name in _FIELD_PREFIXES:
        if message.startswith(prefix):
            return name
    return ""


def problems_by_field(problems: list[Problem]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for problem in problems:
        found.setdefault(problem_field(problem), []).append(shown_problem(problem))
    return found


def shown_problem(problem: Problem) -> dict[str, Any]:
    return {"message": problem.message, "error": problem.is_error,
            "field": problem_field(problem)}


# ---- quizzes ------------------------------------------------------------------------------


@blueprint.route("/quizzes", methods=["GET", "POST"])
@editor_required()
def quiz_list():
    """List the quizzes; create one."""
    error = None
    if request.method == "POST":
        check_csrf()
        title = request.form.get("title", "").strip()
        quiz_id = request.form.get("id", "").strip() or slug(title)
        if not title:
            error = _("Donnez un titre au quiz.")
        elif not is_id(quiz_id):
            error = _("L’identifiant « %(id)s » n’est pas valide (minuscules, chiffres, tirets).",
                      id=quiz_id)
        else:
            try:
                quizzes.create_quiz(db(), quiz_id, {"fr": title})
            except ValueError:
                error = _("Un quiz « %(id)s » existe déjà.", id=quiz_id)
            else:
                flash(_("Quiz créé : ajoutez-lui des questions."), "ok")
                return redirect(url_for("editor.quiz", quiz_id=quiz_id))
    return render_template(
        "edit/quizzes.html", quizzes=quizzes.list_quizzes(db()), error=error,
        form=request.form,
    ), (422 if error else 200)


@blueprint.get("/quizzes/<quiz_id>")
@editor_required()
def quiz(quiz_id: str):
    """Compose a quiz: its ordered questions, and the bank to add from."""
    ids = quizzes.quiz_question_ids(db(), quiz_id)
    if ids is None:
        abort(404)
    info = next(q for q in quizzes.list_quizzes(db()) if q["id"] == quiz_id)
    everything = {q.id: q for q in bank.all_questions(db())}
    chosen = [everything[i] for i in ids if i in everything]
    wanted = search_filter(request.args)
    candidates = [
        q for q in bank.search_questions(db(), wanted) if q.id not in set(ids)
    ] if wanted.text or wanted.theme or wanted.odd or wanted.type or wanted.difficulty else []
    return render_template(
        "edit/quiz.html", quiz=info, chosen=chosen, candidates=candidates, wanted=wanted,
        problems={q.id: problem_counts(q.data) for q in chosen}, themes=THEMES,
        types=QUESTION_TYPES, difficulties=DIFFICULTIES, odd_numbers=list(SDG_NUMBERS),
    )


@blueprint.post("/quizzes/<quiz_id>/questions")
@editor_required()
def change_quiz(quiz_id: str):
    """Add, remove or move one question of a quiz."""
    check_csrf()
    ids = quizzes.quiz_question_ids(db(), quiz_id)
    if ids is None:
        abort(404)
    op = request.form.get("op", "")
    question_id = request.form.get("question_id", "")
    if op == "add":
        if not bank.question_exists(db(), question_id):
            abort(404)
        ids = [*ids, question_id]
    elif question_id not in ids:
        abort(400, description=_("Cette question n’est pas dans le quiz."))
    elif op == "remove":
        ids.remove(question_id)
    elif op in ("up", "down"):
        i = ids.index(question_id)
        j = i - 1 if op == "up" else i + 1
        if 0 <= j < len(ids):
            ids[i], ids[j] = ids[j], ids[i]
    else:
        abort(400, description=_("Opération inconnue."))
    quizzes.set_quiz_questions(db(), quiz_id, ids)
    return redirect(url_for("editor.quiz", quiz_id=quiz_id, **request.args.to_dict()))


@blueprint.post("/quizzes/<quiz_id>/title")
@editor_required()
def rename_quiz(quiz_id: str):
    check_csrf()
    title = {k: v for k, v in (("fr", request.form.get("title_fr", "").strip()),
                               ("en", request.form.get("title_en", "").strip())) if v}
    if "fr" not in title:
        flash(_("Le titre en français est obligatoire."), "error")
        return redirect(url_for("editor.quiz", quiz_id=quiz_id))
    description = {"fr": request.form.get("description_fr", "").strip()}
    try:
        quizzes.rename_quiz(db(), quiz_id, title, description if description["fr"] else {})
    except LookupError:
        abort(404)
    flash(_("Titre enregistré."), "ok")
    return redirect(url_for("editor.quiz", quiz_id=quiz_id))


# ---- import and export --------------------------------------------------------------------


@blueprint.route("/transfer", methods=["GET", "POST"])
@editor_required()
def transfer():
    """Import an uploaded bank file (report what changed); offer the exports."""
    report = None
    error = None
    if request.method == "POST":
        check_csrf()
        upload = request.files.get("file")
        name = secure_filename(upload.filename or "") if upload else ""
        if not name:
            error = _("Choisissez un fichier à importer.")
        elif not name.lower().endswith(SUFFIXES):
            error = _("Format non reconnu : %(suffixes)s attendu.", suffixes=", ".join(SUFFIXES))
        else:
            report = import_upload(upload, name, strict=request.form.get("strict") == "1")
    return render_template(
        "edit/transfer.html", report=report, error=error, formats=EXPORT_FORMATS,
        quizzes=quizzes.list_quizzes(db()), suffixes=", ".join(SUFFIXES),
    ), (422 if error else 200)


def import_upload(upload, name: str, strict: bool) -> dict[str, Any]:
    """Import one uploaded file; return what the report page shows."""
    with tempfile.TemporaryDirectory(prefix="quiz-import-") as folder:
        path = Path(folder) / name
        upload.save(path)
        result = import_paths(db(), [path], strict=strict)
    return {
        "name": name, "imported": result.imported,
        "questions": {k: result.questions[k] for k in (CREATED, UPDATED, UNCHANGED)},
        "quizzes": {k: result.quizzes[k] for k in (CREATED, UPDATED, UNCHANGED)},
        "skipped": result.skipped_quizzes,
        "problems": [
            {"place": f"{name}:{p.line}" if p.line else name, "error": p.is_error,
             "text": (f"question '{p.question_id}': " if p.question_id else "") + p.message}
            for p in result.problems
        ],
        "errors": result.error_count,
    }


@blueprint.get("/export")
@editor_required()
def export():
    """Download the bank, or one quiz, as yaml, json, csv or xlsx."""
    fmt = request.args.get("format", "yaml")
    quiz_id = request.args.get("quiz", "").strip() or None
    if fmt not in EXPORT_FORMATS:
        abort(400, description=_("Format d’export inconnu."))
    try:
        content = export_bank(db(), fmt, quiz_id)
    except LookupError:
        abort(404)
    filename = f"{quiz_id or 'banque'}.{fmt}"
    return Response(content, mimetype=EXPORT_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
    })


# ---- accounts (admins) --------------------------------------------------------------------


@blueprint.route("/users", methods=["GET", "POST"])
@editor_required("admin")
def users_page():
    """List the accounts; create one with a role (its password is shown once)."""
    created = None
    error = None
    if request.method == "POST":
        check_csrf()
        name = request.form.get("name", "").strip()
        role = request.form.get("role", "")
        password = request.form.get("password", "") or secrets.token_urlsafe(9)
        if not name or len(name) > 80:
            error = _("Donnez un identifiant (80 caractères au plus).")
        elif role not in users.ROLES:
            error = _("Rôle inconnu.")
        elif users.user_by_name(db(), name) is not None:
            error = _("Le compte « %(name)s » existe déjà.", name=name)
        else:
            _user, token = users.create_user(db(), name, role, password)
            created = {"name": name, "password": password, "token": token}
    return render_template(
        "edit/users.html", accounts=accounts.list_accounts(db()), roles=users.ROLES,
        created=created, error=error,
    ), (422 if error else 200)


@blueprint.post("/users/<name>/password")
@editor_required("admin")
def reset_password(name: str):
    """Give an account a new password, shown once."""
    check_csrf()
    if users.user_by_name(db(), name) is None:
        abort(404)
    password = request.form.get("password", "") or secrets.token_urlsafe(9)
    users.set_password(db(), name, password)
    return render_template(
        "edit/users.html", accounts=accounts.list_accounts(db()), roles=users.ROLES,
        reset={"name": name, "password": password}, created=None, error=None,
    )
