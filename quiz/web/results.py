"""After the quiz: past games, a game's results page, its exports, and per-question stats.

Pages need a host login; the `/api/...` routes take a bearer token (or the login session), like
the rest of the JSON API. Every figure comes from `quiz.engine.analytics`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import asdict

from flask import Blueprint, Response, abort, jsonify, render_template

from quiz.engine import analytics
from quiz.store import stats
from quiz.web import export
from quiz.web.auth import api_error, role_required, token_required
from quiz.web.i18n import N_, gettext, translated
from quiz.web.wiring import db, games

blueprint = Blueprint("results", __name__)

PHASE_LABELS = {
    "lobby": N_("Salle d’attente"), "question": N_("Question en cours"), "paused": N_("En pause"),
    "reveal": N_("Réponse révélée"), "leaderboard": N_("Classement"), "finished": N_("Terminée"),
}
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def token_for_any(*actions: str) -> Callable:
    """Like `token_required`, but any one of `actions` is enough."""

    def decorate(view: Callable) -> Callable:
        guarded = [token_required(action)(view) for action in actions]

        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            for guard in guarded:
                response = guard(*args, **kwargs)
                if not (isinstance(response, tuple) and response[1] == 403):
                    return response
            return response

        return wrapped

    return decorate


def _download(body: bytes | str, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# ---- pages --------------------------------------------------------------------------------

@blueprint.get("/host/games")
@role_required("host")
def past_games():
    return render_template("host/games.html", games=stats.past_games(db()),
                           phase_labels=translated(PHASE_LABELS))


@blueprint.get("/host/games/<pin>/results")
@role_required("host")
def results_page(pin: str):
    live = games().get(pin)
    if live is None:
        abort(404)
    record = stats.game_record(db(), pin)
    return render_template(
        "host/results.html", pin=pin, results=analytics.game_results(live.game),
        quiz_title=live.quiz_title.get("fr", live.quiz_id), record=record,
        phase_label=gettext(PHASE_LABELS.get(str(live.game.phase), str(live.game.phase))),
        flag_labels=export.FLAG_LABELS, views=export.VIEWS, sheet_titles=export.SHEET_TITLES,
    )


# ---- exports ------------------------------------------------------------------------------

@blueprint.get("/api/games/<pin>/results.xlsx")
@token_required("host")
def results_xlsx(pin: str):
    live = games().get(pin)
    if live is None:
        return api_error(404, "unknown_game")
    record = stats.game_record(db(), pin)
    body = export.results_xlsx(
        analytics.game_results(live.game), quiz_title=live.quiz_title.get("fr", live.quiz_id),
        created_at=record.created_at if record else None,
        finished_at=record.finished_at if record else None,
        answered_at=stats.answer_times(db(), pin),
    )
    return _download(body, XLSX_MIMETYPE, f"quiz-{pin}-resultats.xlsx")


@blueprint.get("/api/games/<pin>/results/<view>.csv")
@token_required("host")
def results_csv(pin: str, view: str):
    if view not in export.VIEWS:
        return api_error(404, "not_found")
    live = games().get(pin)
    if live is None:
        return api_error(404, "unknown_game")
    body = export.results_csv(analytics.game_results(live.game), view)
    return _download(body, "text/csv; charset=utf-8", f"quiz-{pin}-{view}.csv")


# ---- across games -------------------------------------------------------------------------

@blueprint.get("/api/questions/<question_id>/stats")
@token_for_any("host", "editor")
def question_stats(question_id: str):
    found = stats.question_stat(db(), question_id)
    body = asdict(found)
    for play in body["plays"]:
        play["played_at"] = play["played_at"].isoformat(timespec="seconds")
    return jsonify(body)
