"""What each audience sees. A player's view never holds the answer before the reveal."""

from __future__ import annotations

from quiz import engine
from quiz.engine import Phase

LEADERBOARD_SIZE = 10
PODIUM_SIZE = 3


def state_view(game: engine.Game, now: float) -> dict:
    view = {"state": str(game.phase), "index": game.question_index, "total": game.total}
    if game.phase in (Phase.QUESTION, Phase.PAUSED):
        view["remaining_ms"] = game.remaining_ms(now)
    return view


def lobby_view(game: engine.Game, online: set[str]) -> dict:
    """The players of a game; `connected` says whose phone is connected to this server now."""
    players = [
        {"player_id": p.id, "nickname": p.nickname, "team": p.team, "connected": p.id in online}
        for p in game.active_players
    ]
    return {"players": players, "count": len(players),
            "connected_count": sum(1 for p in players if p["connected"])}


def question_view(game: engine.Game, now: float) -> dict:
    """The open question as every client may see it: no `correct` anywhere."""
    question = game.current_question
    assert question is not None
    return {
        "index": game.question_index,
        "total": game.total,
        "question_id": question.id,
        "type": question.type,
        "text": question.text,
        "choices": [{"id": c.id, "text": c.text} for c in question.choices],
        "time_limit_ms": question.time_limit_ms,
        "remaining_ms": game.remaining_ms(now),
        "points": question.points,
    }


def answer_count_view(game: engine.Game) -> dict:
    index = game.question_index
    return {"index": index, "count": game.answer_count(index), "players": len(game.active_players)}


def reveal_view(game: engine.Game) -> dict:
    question = game.current_question
    assert question is not None
    return {
        "index": game.question_index,
        "correct": list(question.correct_ids),
        "distribution": game.distribution(game.question_index),
        "explanation": question.explanation,
        "source": question.source,
        "cancelled": game.question_index in game.cancelled,
    }


def result_view(game: engine.Game, player: engine.Player, rank: int | None) -> dict:
    """One player's private outcome of the question just closed."""
    answer = game.answers.get((player.id, game.question_index))
    return {
        "index": game.question_index,
        "correct": bool(answer and answer.correct),
        "answered": answer is not None,
        "points": answer.points if answer else 0,
        "score": player.score,
        "rank": rank,
        "streak": player.streak,
    }


def leaderboard_view(ranking: list[tuple[int, engine.Player]]) -> dict:
    return {
        "top": [
            {"rank": rank, "player_id": p.id, "nickname": p.nickname, "team": p.team,
             "score": p.score}
            for rank, p in ranking[:LEADERBOARD_SIZE]
        ],
        "count": len(ranking),
    }


def podium_view(ranking: list[tuple[int, engine.Player]]) -> dict:
    return {
        "podium": [
            {"rank": rank, "player_id": p.id, "nickname": p.nickname, "team": p.team,
             "score": p.score}
            for rank, p in ranking if rank <= PODIUM_SIZE
        ][:PODIUM_SIZE + 2]
    }


def final_view(player: engine.Player, rank: int | None) -> dict:
    return {"rank": rank, "score": player.score, "correct_count": player.correct_count}


def results_view(game: engine.Game) -> dict:
    """The results API body: every player with rank, and every question's counts."""
    ranking = game.ranking()
    return {
        "pin": game.pin,
        "state": str(game.phase),
        "players": [
            {"player_id": p.id, "nickname": p.nickname, "team": p.team, "score": p.score,
             "rank": rank, "correct_count": p.correct_count}
            for rank, p in ranking
        ],
        "questions": [
            {
                "index": i, "question_id": q.id,
                "answer_count": game.answer_count(i),
                "correct_count": sum(
                    1 for a in game.answers.values()
                    if a.question_index == i and a.correct and not game.players[a.player_id].kicked
                ),
                "cancelled": i in game.cancelled,
            }
            for i, q in enumerate(game.questions)
        ],
    }
