"""The JSON API for scripts and the load tester (bearer token)."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, current_app, g, jsonify, request

from quiz.engine import analytics
from quiz.engine.errors import GameError
from quiz.store import quizzes
from quiz.web import export, views
from quiz.web.auth import api_error, token_required
from quiz.web.pages import base_url, join_url
from quiz.web.wiring import db, games

api = Blueprint("api", __name__, url_prefix="/api")


@api.get("/quizzes")
@token_required("host")
def list_quizzes():
    return jsonify([
        {"id": q["id"], "title": q["title"], "question_count": q["question_count"]}
        for q in quizzes.list_quizzes(db())
    ])


@api.post("/games")
@token_required("host")
def create_game():
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("quiz_id"), str):
        return api_error(400, "bad_request")
    settings = body.get("settings") or {}
    if not isinstance(settings, dict):
        return api_error(400, "bad_request")
    try:
        pin, host_token = games().create(body["quiz_id"], created_by=g.api_user_id,
                                         max_players=current_app.config["MAX_PLAYERS"],
                                         options=settings)
    except LookupError:
        return api_error(404, "unknown_quiz")
    except GameError:
        return api_error(400, "bad_request")
    return jsonify({
        "pin": pin, "host_token": host_token, "join_url": join_url(pin),
        "screen_url": f"{base_url()}/screen/{pin}",
    }), 201


@api.get("/games/<pin>")
@token_required("host")
def game_state(pin: str):
    live = games().get(pin)
    if live is None:
        return api_error(404, "unknown_game")
    game = live.game
    return jsonify({
        "pin": pin, "state": str(game.phase), "question_index": game.question_index,
        "player_count": len(game.active_players), "total": game.total,
    })


@api.get("/games/<pin>/results")
@token_required("host")
def results(pin: str):
    live = games().get(pin)
    if live is None:
        return api_error(404, "unknown_game")
    return jsonify(export.results_json(analytics.game_results(live.game)))


@api.get("/games/<pin>/results.csv")
@token_required("host")
def results_csv(pin: str):
    live = games().get(pin)
    if live is None:
        return api_error(404, "unknown_game")
    buffer = io.StringIO()
    columns = ["rank", "player_id", "nickname", "team", "score", "correct_count"]
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in views.results_view(live.game)["players"]:
        writer.writerow(row)
    return Response(
        buffer.getvalue(), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="quiz-{pin}-results.csv"'},
    )


@api.errorhandler(404)
def not_found(_error):
    return api_error(404, "not_found")
