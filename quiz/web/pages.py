"""The HTML pages, one blueprint per audience, and the QR codes."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from quiz.engine.errors import GameError
from quiz.store import quizzes, users
from quiz.web import qr
from quiz.web.auth import WebUser, check_csrf, role_required
from quiz.web.i18n import LANGS
from quiz.web.i18n import gettext as _
from quiz.web.limits import TooManyPins, limits_of
from quiz.web.messages import message
from quiz.web.network import public_base_url
from quiz.web.wiring import db, games

play = Blueprint("play", __name__)
screen = Blueprint("screen", __name__)
host = Blueprint("host", __name__, url_prefix="/host")
codes = Blueprint("codes", __name__)


@functools.cache
def _base_url(configured: str | None, port: int) -> str:
    return public_base_url(configured, port)


def base_url() -> str:
    """The absolute URL phones use to reach this server."""
    return _base_url(current_app.config["PUBLIC_URL"], current_app.config["PORT"])


def join_url(pin: str) -> str:
    return f"{base_url()}/join/{pin}"


# ---- participants -------------------------------------------------------------------------

@play.get("/")
def index():
    pin = request.args.get("pin", "").strip()
    if pin:
        return redirect(url_for("play.join", pin=pin))
    return render_template("play/index.html")


def find_game(pin: str):
    """The live game of a PIN from the URL, or None; misses count against the client's address
    (quiz/web/limits.py) and a client that missed too often gets 429 for a minute."""
    try:
        return limits_of(current_app).look_up_pin(request.remote_addr, pin, games().get)
    except TooManyPins:
        abort(429, description=message("too_many_pins", "fr"))


@play.get("/join/<pin>")
def join(pin: str):
    try:
        live = limits_of(current_app).look_up_pin(request.remote_addr, pin, games().get)
    except TooManyPins:
        return render_template("play/join.html", pin=pin, game_exists=False, too_many=True,
                               teams=[], free_teams=False), 429
    return render_template(
        "play/join.html", pin=pin, game_exists=live is not None,
        teams=list(live.game.teams) if live else [], free_teams=bool(live and live.game.free_teams),
    ), (200 if live else 404)


@play.get("/healthz")
def healthz():
    try:
        db().ping()
    except Exception:
        return jsonify({"status": "error"}), 503
    return jsonify({"status": "ok"})


# ---- projector ----------------------------------------------------------------------------

@screen.get("/screen/<pin>")
def show(pin: str):
    if find_game(pin) is None:
        abort(404)
    url = join_url(pin)
    return render_template(
        "screen/screen.html", pin=pin, join_url=url, short_url=urlsplit(url).netloc,
        qr_svg_url=url_for("codes.qr_svg", pin=pin),
        # A shared display: French (with English below) unless ?lang= says otherwise, never
        # this browser's cookie or preferences (static/js/i18n.js does the same).
        lang=request.args.get("lang") if request.args.get("lang") in LANGS else "fr",
    )


# ---- QR codes -----------------------------------------------------------------------------

@codes.get("/games/<pin>/qr.svg")
def qr_svg(pin: str):
    if find_game(pin) is None:
        abort(404)
    return Response(qr.qr_svg(join_url(pin)), mimetype="image/svg+xml")


@codes.get("/games/<pin>/qr.png")
def qr_png(pin: str):
    if find_game(pin) is None:
        abort(404)
    return Response(qr.qr_png(join_url(pin)), mimetype="image/png")


# ---- host ---------------------------------------------------------------------------------

@host.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        check_csrf()
        username = request.form.get("username", "").strip()
        failures, key = limits_of(current_app).login_failures, (username, request.remote_addr)
        if not failures.would_allow(key):
            error = _("Trop de tentatives de connexion : réessayez dans quelques minutes.")
            return render_template("host/login.html", error=error), 429
        user = users.authenticate(db(), username, request.form.get("password", ""))
        if user is not None:
            login_user(WebUser(user.id, user.name, user.role))
            target = request.args.get("next", "")
            return redirect(target if target.startswith("/host") else url_for("host.console"))
        failures.allow(key)  # only failures count
        error = _("Identifiant ou mot de passe incorrect.")
    return render_template("host/login.html", error=error), (401 if error else 200)


@host.get("/logout")
def logout():
    logout_user()
    return redirect(url_for("host.login"))


@host.get("")
@role_required("host")
def console():
    recent = [g for g in games().recent() if g["phase"] != "finished"]
    return render_template(
        "host/console.html", user=current_user,
        quizzes=[_Obj(q) for q in quizzes.list_quizzes(db())], games=[_Obj(g) for g in recent],
    )


@host.post("/games")
@role_required("host")
def open_game():
    check_csrf()
    quiz_id = request.form.get("quiz_id", "")
    try:
        pin, host_token = games().create(
            quiz_id, created_by=current_user.id, max_players=current_app.config["MAX_PLAYERS"],
            options=rules_from_form(request.form))
    except LookupError:
        abort(404, description=_("Quiz inconnu."))
    except GameError:
        abort(400, description=_("Règles de jeu invalides."))
    session.setdefault("host_tokens", {})[pin] = host_token
    session.modified = True
    return redirect(url_for("host.game", pin=pin))


@host.get("/games/<pin>")
@role_required("host")
def game(pin: str):
    live = games().get(pin)
    if live is None:
        abort(404)
    tokens = session.setdefault("host_tokens", {})
    if pin not in tokens:  # another browser: hand this one a fresh host token
        tokens[pin] = games().reset_host_token(live)
        session.modified = True
    return render_template(
        "host/game.html", pin=pin, host_token=tokens[pin], join_url=join_url(pin),
        screen_url=url_for("screen.show", pin=pin), quiz_title=live.quiz_title.get("fr", ""),
        total=live.game.total,
    )


RULE_SWITCHES = ("streak_bonus", "late_join", "show_leaderboard", "auto", "moderation",
                 "free_teams")


def rules_from_form(form) -> dict:
    """A game's rules from the console's form: switches, a team list (one per line), a size.

    A form without the `rules` field (a plain "open" button) keeps every default.
    """
    if "rules" not in form:
        return {}
    rules: dict = {name: name in form for name in RULE_SWITCHES}
    teams = [t.strip() for t in form.get("teams", "").replace(";", "\n").splitlines()]
    rules["teams"] = [t for t in teams if t]
    size = form.get("team_min_size", "").strip()
    if size.isdigit():
        rules["team_min_size"] = int(size)
    return rules


class _Obj(dict):
    """A dict whose keys templates can also read as attributes."""

    __getattr__ = dict.__getitem__
