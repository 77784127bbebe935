"""A bare Flask-SocketIO server speaking the quiz protocol: gevent, in memory, no database.

It is the floor the bench compares `quiz serve` with: the same async mode, the same Socket.IO
settings, the same events and payload shapes (docs/protocol.md), and only what the protocol
needs in between: no engine, no store, no validation beyond what the load tester sends.

    python bench/bare_server.py --port 8001 --questions FOLDER
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import resource  # noqa: E402
import secrets  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import yaml  # noqa: E402
from flask import Flask, jsonify, request  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402
from gevent import pywsgi  # noqa: E402

from quiz.web.server import listener, tune_for_gevent  # noqa: E402

ANSWER_COUNT_INTERVAL_S = 0.25
LEADERBOARD_SIZE = 10


@dataclass
class Player:
    id: str
    nickname: str
    token: str
    team: str | None = None
    score: int = 0
    streak: int = 0
    correct_count: int = 0


@dataclass
class Game:
    pin: str
    questions: list[dict]
    host_token: str
    state: str = "lobby"
    index: int = -1
    opened_at: float = 0.0
    deadline: float = 0.0
    players: dict[str, Player] = field(default_factory=dict)
    by_token: dict[str, str] = field(default_factory=dict)
    nicknames: set[str] = field(default_factory=set)
    answers: dict[tuple[str, int], tuple[list[str], bool, int]] = field(default_factory=dict)
    answer_counts: dict[int, int] = field(default_factory=dict)
    count_pending: bool = False
    lobby_pending: bool = False

    @property
    def question(self) -> dict:
        return self.questions[self.index]

    def remaining_ms(self) -> int:
        if self.state != "question":
            return 0
        return max(0, round((self.deadline - time.time()) * 1000))

    def ranking(self) -> list[tuple[int, Player]]:
        ordered = sorted(self.players.values(), key=lambda p: (-p.score, p.nickname.casefold()))
        ranked: list[tuple[int, Player]] = []
        for position, player in enumerate(ordered, start=1):
            same = ranked and ranked[-1][1].score == player.score
            ranked.append((ranked[-1][0] if same else position, player))
        return ranked


def load_quizzes(folder: Path) -> dict[str, list[dict]]:
    quizzes = {}
    for path in sorted(folder.glob("*.y*ml")):
        data = yaml.safe_load(path.read_text())
        quizzes[data["id"]] = data["questions"]
    return quizzes


def create_server(questions: Path) -> tuple[Flask, SocketIO]:
    """The app and its Socket.IO server, with every game in memory."""
    app = Flask(__name__)
    socketio = SocketIO(app, async_mode="gevent", max_http_buffer_size=64 * 1024,
                        ping_interval=10, ping_timeout=20)
    quizzes = load_quizzes(questions)
    games: dict[str, Game] = {}
    sockets: dict[str, tuple[str, str, str | None]] = {}  # sid -> (role, pin, player id)

    def emit(event: str, data: dict, to: str) -> None:
        socketio.emit(event, data, to=to)

    def ok(**fields) -> dict:
        return {"ok": True, **fields}

    def error(code: str) -> dict:
        return {"ok": False, "error": {"code": code, "message": code}}

    # ---- views ------------------------------------------------------------------------------

    def state_view(game: Game) -> dict:
        view = {"state": game.state, "index": game.index, "total": len(game.questions)}
        if game.state == "question":
            view["remaining_ms"] = game.remaining_ms()
        return view

    def question_view(game: Game) -> dict:
        q = game.question
        return {
            "index": game.index, "total": len(game.questions), "question_id": q["id"],
            "type": q["type"], "text": q["text"],
            "choices": [{"id": c["id"], "text": c["text"]} for c in q["choices"]],
            "time_limit_ms": int(q["time_limit"] * 1000), "remaining_ms": game.remaining_ms(),
            "points": q.get("points", "standard"),
        }

    def lobby_view(game: Game) -> dict:
        players = [{"player_id": p.id, "nickname": p.nickname, "team": p.team}
                   for p in game.players.values()]
        return {"players": players, "count": len(players)}

    def result_view(game: Game, player: Player, rank: int) -> dict:
        answer = game.answers.get((player.id, game.index))
        return {"index": game.index, "correct": bool(answer and answer[1]),
                "answered": answer is not None, "points": answer[2] if answer else 0,
                "score": player.score, "rank": rank, "streak": player.streak}

    def board(ranking: list[tuple[int, Player]], size: int) -> list[dict]:
        return [{"rank": rank, "player_id": p.id, "nickname": p.nickname, "team": p.team,
                 "score": p.score} for rank, p in ranking[:size]]

    # ---- phases ----------------------------------------------------------------------------

    def open_question(game: Game, index: int) -> None:
        game.state, game.index = "question", index
        game.opened_at = time.time()
        game.deadline = game.opened_at + game.question["time_limit"]
        game.answer_counts[index] = 0
        room = f"game:{game.pin}"
        emit("state", state_view(game), room)
        emit("question", question_view(game), room)
        socketio.start_background_task(close_at_deadline, game, index)

    def close_at_deadline(game: Game, index: int) -> None:
        socketio.sleep(max(0.0, game.deadline - time.time()) + 0.005)
        close(game, index)

    def close(game: Game, index: int) -> None:
        if game.state == "question" and game.index == index:
            reveal(game)

    def reveal(game: Game) -> None:
        game.state = "reveal"
        q, room = game.question, f"game:{game.pin}"
        distribution = {c["id"]: 0 for c in q["choices"]}
        for (_player_id, index), (choices, _correct, _points) in game.answers.items():
            if index == game.index:
                for choice in choices:
                    distribution[choice] += 1
        for player in game.players.values():
            if (player.id, game.index) not in game.answers:
                player.streak = 0
        emit("state", state_view(game), room)
        emit("reveal", {
            "index": game.index, "correct": [c["id"] for c in q["choices"] if c.get("correct")],
            "distribution": distribution, "explanation": q.get("explanation", {}),
            "source": q.get("source", ""), "cancelled": False,
        }, room)
        for rank, player in game.ranking():
            emit("result", result_view(game, player, rank), f"player:{player.id}")

    def flush_lobby(game: Game) -> None:
        socketio.sleep(ANSWER_COUNT_INTERVAL_S)
        game.lobby_pending = False
        view = lobby_view(game)
        for room in (f"game:{game.pin}:hosts", f"game:{game.pin}:screens"):
            emit("lobby", view, room)

    def flush_answer_count(game: Game) -> None:
        socketio.sleep(ANSWER_COUNT_INTERVAL_S)
        game.count_pending = False
        view = {"index": game.index, "count": game.answer_counts.get(game.index, 0),
                "players": len(game.players)}
        for room in (f"game:{game.pin}:hosts", f"game:{game.pin}:screens"):
            emit("answer_count", view, room)

    # ---- HTTP ------------------------------------------------------------------------------

    @app.get("/healthz")
    def healthz():
        return jsonify({"status": "ok"})

    @app.post("/api/games")
    def create_game():
        quiz_id = (request.get_json(silent=True) or {}).get("quiz_id")
        if quiz_id not in quizzes:
            return jsonify({"error": {"code": "unknown_quiz", "message": "unknown_quiz"}}), 404
        pin = f"{secrets.randbelow(900_000) + 100_000}"
        host_token = secrets.token_urlsafe(24)
        games[pin] = Game(pin=pin, questions=quizzes[quiz_id], host_token=host_token)
        base = request.host_url.rstrip("/")
        return jsonify({"pin": pin, "host_token": host_token, "join_url": f"{base}/join/{pin}",
                        "screen_url": f"{base}/screen/{pin}"}), 201

    @app.get("/api/games/<pin>/results")
    def results(pin: str):
        game = games.get(pin)
        if game is None:
            return jsonify({"error": {"code": "unknown_game", "message": "unknown_game"}}), 404
        return jsonify({
            "pin": pin, "state": game.state,
            "players": [{"player_id": p.id, "nickname": p.nickname, "team": p.team,
                         "score": p.score, "rank": rank, "correct_count": p.correct_count}
                        for rank, p in game.ranking()],
            "questions": [{"index": i, "question_id": q["id"],
                           "answer_count": game.answer_counts.get(i, 0),
                           "correct_count": sum(1 for (_p, j), a in game.answers.items()
                                                if j == i and a[1]),
                           "cancelled": False} for i, q in enumerate(game.questions)],
        })

    # ---- Socket.IO -------------------------------------------------------------------------

    def snapshot(game: Game, player: Player | None) -> None:
        emit("state", state_view(game), request.sid)
        if game.state in ("question", "reveal"):
            emit("question", question_view(game), request.sid)
        if player is not None and game.state in ("reveal", "leaderboard"):
            rank = next(r for r, p in game.ranking() if p.id == player.id)
            emit("result", result_view(game, player, rank), request.sid)

    @socketio.on("player:join")
    def player_join(data):
        game = games.get(str(data.get("pin")))
        if game is None:
            return error("unknown_game")
        if game.state == "finished":
            return error("game_over")
        nickname = str(data.get("nickname", "")).strip()
        if nickname.casefold() in game.nicknames:
            return error("nickname_taken")
        game.nicknames.add(nickname.casefold())
        player = Player(id=secrets.token_urlsafe(12), nickname=nickname,
                        token=secrets.token_urlsafe(24), team=data.get("team"))
        game.players[player.id] = player
        game.by_token[player.token] = player.id
        sockets[request.sid] = ("player", game.pin, player.id)
        join_room(f"game:{game.pin}")
        join_room(f"player:{player.id}")
        if not game.lobby_pending:  # the player list, at most 4 times a second
            game.lobby_pending = True
            socketio.start_background_task(flush_lobby, game)
        snapshot(game, player)
        return ok(player_id=player.id, token=player.token, nickname=nickname, state=game.state)

    @socketio.on("player:resume")
    def player_resume(data):
        game = games.get(str(data.get("pin")))
        if game is None:
            return error("unknown_game")
        player = game.players.get(game.by_token.pop(data.get("token"), ""))
        if player is None:
            return error("unknown_player")
        player.token = secrets.token_urlsafe(24)
        game.by_token[player.token] = player.id
        sockets[request.sid] = ("player", game.pin, player.id)
        join_room(f"game:{game.pin}")
        join_room(f"player:{player.id}")
        snapshot(game, player)
        return ok(player_id=player.id, nickname=player.nickname, team=player.team,
                  score=player.score, streak=player.streak, state=game.state, token=player.token,
                  answered=(player.id, game.index) in game.answers)

    @socketio.on("player:answer")
    def player_answer(data):
        role, pin, player_id = sockets.get(request.sid, (None, None, None))
        game = games.get(pin or "")
        if role != "player" or game is None:
            return error("unknown_player")
        if game.state != "question" or time.time() > game.deadline:
            return error("not_accepting")
        if data.get("question") != game.index:
            return error("wrong_question")
        if (player_id, game.index) in game.answers:
            return error("already_answered")
        choices = list(data.get("choices") or [])
        q = game.question
        correct = set(choices) == {c["id"] for c in q["choices"] if c.get("correct")}
        elapsed = time.time() - game.opened_at
        points = round(1000 * (1 - min(elapsed / q["time_limit"], 1) / 2)) if correct else 0
        game.answers[(player_id, game.index)] = (choices, correct, points)
        player = game.players[player_id]
        player.score += points
        player.correct_count += int(correct)
        player.streak = player.streak + 1 if correct else 0
        game.answer_counts[game.index] += 1
        if game.answer_counts[game.index] >= len(game.players):
            socketio.start_background_task(close, game, game.index)
        elif not game.count_pending:
            game.count_pending = True
            socketio.start_background_task(flush_answer_count, game)
        return ok()

    def join_as(role: str, data) -> dict:
        game = games.get(str(data.get("pin")))
        if game is None:
            return error("unknown_game")
        if role == "host" and data.get("host_token") != game.host_token:
            return error("forbidden")
        sockets[request.sid] = (role, game.pin, None)
        join_room(f"game:{game.pin}")
        join_room(f"game:{game.pin}:{role}s")
        snapshot(game, None)
        emit("lobby", lobby_view(game), request.sid)
        return ok(state=game.state, total=len(game.questions))

    socketio.on_event("host:join", lambda data: join_as("host", data))
    socketio.on_event("screen:join", lambda data: join_as("screen", data))

    def host_game() -> Game | None:
        role, pin, _player = sockets.get(request.sid, (None, None, None))
        return games.get(pin or "") if role == "host" else None

    def moved(game: Game) -> dict:
        return ok(state=game.state, index=game.index)

    @socketio.on("host:start")
    def host_start(_data=None):
        game = host_game()
        if game is None:
            return error("forbidden")
        if game.state != "lobby":
            return error("invalid_transition")
        open_question(game, 0)
        return moved(game)

    @socketio.on("host:reveal")
    def host_reveal(_data=None):
        game = host_game()
        if game is None:
            return error("forbidden")
        if game.state != "question":
            return error("invalid_transition")
        reveal(game)
        return moved(game)

    @socketio.on("host:next")
    def host_next(_data=None):
        game = host_game()
        if game is None:
            return error("forbidden")
        room = f"game:{game.pin}"
        if game.state == "lobby":
            open_question(game, 0)
        elif game.state == "reveal":
            game.state = "leaderboard"
            emit("state", state_view(game), room)
            ranking = game.ranking()
            emit("leaderboard", {"top": board(ranking, LEADERBOARD_SIZE),
                                 "count": len(ranking)}, room)
        elif game.state == "leaderboard" and game.index + 1 < len(game.questions):
            open_question(game, game.index + 1)
        elif game.state == "leaderboard":
            game.state = "finished"
            emit("state", state_view(game), room)
            ranking = game.ranking()
            emit("game_over", {"podium": [e for e in board(ranking, 5) if e["rank"] <= 3]}, room)
            for rank, player in ranking:
                emit("final", {"rank": rank, "score": player.score,
                               "correct_count": player.correct_count}, f"player:{player.id}")
        else:
            return error("invalid_transition")
        return moved(game)

    @socketio.on("disconnect")
    def forget(*_args):
        sockets.pop(request.sid, None)

    return app, socketio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--questions", type=Path, required=True, help="folder of quiz files")
    args = parser.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    app, socketio = create_server(args.questions)
    # The same server settings as `quiz serve` (quiz/web/server.py): the listener (TCP_NODELAY,
    # so that small frames do not wait for the client's delayed ACK, and a backlog for a hall
    # joining at once) and the same gevent tuning, so that the comparison is of the work only.
    tune_for_gevent(socketio)
    print(f"bare server on http://{args.host}:{args.port}", flush=True)
    pywsgi.WSGIServer(listener(args.host, args.port), app, log=None).serve_forever()


if __name__ == "__main__":
    main()
