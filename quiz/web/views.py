"""What each audience sees. A player's view never holds the answer before the reveal."""

from __future__ import annotations

import hashlib
from typing import Any

from quiz import engine
from quiz.engine import Phase, scoring

LEADERBOARD_SIZE = 10
PODIUM_SIZE = 3


def state_view(game: engine.Game, now: float) -> dict:
    view = {"state": str(game.phase), "index": game.question_index, "total": game.total}
    if game.phase in (Phase.QUESTION, Phase.PAUSED):
        view["remaining_ms"] = game.remaining_ms(now)
    return view


def settings_view(game: engine.Game) -> dict:
    """The host's rules for this game, as the console shows them."""
    return {name: (list(value) if isinstance(value, tuple) else value)
            for name in engine.game.GAME_OPTIONS for value in [getattr(game, name)]}


def rules_view(game: engine.Game) -> dict:
    """The rules of scoring that the projector can show before the first question: only the
    rules this game's settings and questions actually use."""
    graded = [q for q in game.questions if q.kind.graded and q.points != "none"]
    return {
        "shown": game.show_rules and game.phase is Phase.LOBBY,
        "total": game.total,
        "max_points": scoring.MAX_POINTS,
        "speed": any(q.timed for q in graded),
        "fixed": any(not q.timed for q in graded),
        "double": any(q.points == "double" for q in graded),
        "ungraded": any(not q.kind.graded or q.points == "none" for q in game.questions),
        "kinds": sorted({q.type for q in game.questions}),
        "streak_bonus": game.streak_bonus,
        "streak_step": scoring.STREAK_STEP,
        "streak_cap": scoring.STREAK_CAP,
        "teams": game.has_teams,
        "team_min_size": game.team_min_size,
        "network_credit_cap_ms": scoring.NETWORK_CREDIT_CAP_MS,
    }


def lobby_view(game: engine.Game, online: set[str], audience: str = "host") -> dict:
    """The players of a game; `connected` says whose phone is connected to this server now.

    The host also sees each player's accommodation; the projector never does.
    """
    players = [
        {"player_id": p.id, "nickname": p.nickname, "team": p.team, "connected": p.id in online,
         **(accommodation_fields(p) if audience == "host" else {})}
        for p in game.active_players
    ]
    return {"players": players, "count": len(players),
            "connected_count": sum(1 for p in players if p["connected"])}


def accommodation_fields(player: engine.Player) -> dict:
    return {"time_factor": player.time_factor, "no_speed": player.no_speed}


def accommodation_view(game: engine.Game, player: engine.Player, now: float) -> dict:
    """One player's own timing: their accommodation and, on an open (or paused) question,
    their own time left and time to answer, which their countdown uses instead of the hall's."""
    view = {"index": game.question_index, **accommodation_fields(player)}
    question = game.current_question
    if question is not None and game.phase in (Phase.QUESTION, Phase.PAUSED):
        view["remaining_ms"] = game.remaining_ms(now, player)
        view["time_limit_ms"] = round(question.time_limit_ms * player.time_factor)
    return view


def _public_id(game: engine.Game, question: engine.Question, choice_id: str) -> str:
    """The id a client sees for a choice. Ordering items get opaque ids, so that neither
    their ids ("a", "b", …) nor the order they are shown in gives the right order away."""
    if question.type != "ordering":
        return choice_id
    digest = hashlib.sha256(f"{game.salt}:{question.id}:{choice_id}".encode()).hexdigest()
    return "i" + digest[:8]


def inbound_choices(game: engine.Game, choices: list[str] | None) -> list[str] | None:
    """Turn the choice ids a player sent back into the question's own ids."""
    question = game.current_question
    if question is None or question.type != "ordering" or choices is None:
        return choices
    own = {_public_id(game, question, c.id): c.id for c in question.choices}
    return [own.get(c, c) for c in choices]


def _outbound(game: engine.Game, question: engine.Question, value: Any) -> Any:
    """Map choice ids in a reveal (lists or dict keys) to what clients know."""
    if question.type != "ordering":
        return value
    if isinstance(value, dict):
        return {_public_id(game, question, k): v for k, v in value.items()}
    return [_public_id(game, question, c) for c in value]


def question_view(game: engine.Game, now: float) -> dict:
    """The open question as every client may see it: no `correct` anywhere."""
    question = game.current_question
    assert question is not None
    choices = [{"id": _public_id(game, question, c.id), "text": c.text} for c in question.choices]
    if question.type == "ordering":
        choices.sort(key=lambda c: c["id"])  # a shuffle every client sees alike
    return {
        "index": game.question_index,
        "total": game.total,
        "question_id": question.id,
        "type": question.type,
        "text": question.text,
        "choices": choices,
        "time_limit_ms": question.time_limit_ms,
        "remaining_ms": game.remaining_ms(now),
        "points": question.points,
        "timed": question.timed,
        "graded": question.kind.graded,
        **question.kind.public(question),
    }


def answer_count_view(game: engine.Game, audience: str = "host") -> dict:
    """Live count of answers; for word clouds, the words so far (the projector gets them only
    when the host does not moderate)."""
    index = game.question_index
    view = {"index": index, "count": game.answer_count(index),
            "players": len(game.active_players)}
    question = game.current_question
    if question is not None and question.type == "open" and (
        audience == "host" or not game.moderation
    ):
        view["words"] = game.distribution(index)
    return view


def reveal_view(game: engine.Game) -> dict:
    question = game.current_question
    assert question is not None
    return {
        "index": game.question_index,
        "type": question.type,
        "correct": _outbound(game, question, question.kind.correct(question)),
        "distribution": _outbound(game, question, game.distribution(game.question_index)),
        "explanation": question.explanation,
        "source": question.source,
        "cancelled": game.question_index in game.cancelled,
    }


def team_standings(game: engine.Game) -> dict:
    """Each team's standing by name (computed once for all the players' results)."""
    return {t.name: t for t in game.team_ranking()} if game.has_teams else {}


def result_view(
    game: engine.Game, player: engine.Player, rank: int | None, teams: dict | None = None
) -> dict:
    """One player's private outcome of the question just closed, with their team's place
    (`teams`: from team_standings)."""
    answer = game.answers.get((player.id, game.question_index))
    graded = game.current_question is None or game.current_question.kind.graded
    return {
        "index": game.question_index,
        "correct": bool(answer and answer.correct) if graded else None,
        "answered": answer is not None,
        "points": answer.points if answer else 0,
        "score": player.score,
        "rank": rank,
        "streak": player.streak,
        "team": player.team,
        "team_rank": _team_rank(player, teams),
    }


def _team_rank(player: engine.Player, teams: dict | None) -> dict | None:
    standing = (teams or {}).get(player.team or "")
    if standing is None:
        return None
    return {"rank": standing.rank, "members": standing.members,
            "average": round(standing.average)}


def leaderboard_view(game: engine.Game) -> dict:
    """The top 10 players, and the teams when the game has teams."""
    ranking, teams = game.ranking(), teams_of(game)
    view: dict[str, Any] = {
        "top": [
            {"rank": rank, "player_id": p.id, "nickname": p.nickname, "team": p.team,
             "score": p.score}
            for rank, p in ranking[:LEADERBOARD_SIZE]
        ],
        "count": len(ranking),
    }
    if teams is not None:
        view["teams"] = team_rows(teams)[:LEADERBOARD_SIZE]
    return view


def team_rows(teams: list) -> list[dict]:
    """Team standings as the protocol sends them; unranked (too small) teams have rank null."""
    return [
        {"rank": t.rank, "team": t.name, "members": t.members, "score": round(t.average),
         "average": t.average}
        for t in teams
    ]


def teams_of(game: engine.Game) -> list | None:
    """The team standings when the game has teams, else None."""
    return game.team_ranking() if game.has_teams else None


def podium_view(game: engine.Game, ranking: list[tuple[int, engine.Player]]) -> dict:
    """The players on the podium (ties share a step), and the team podium."""
    teams = teams_of(game)
    view = _player_podium(ranking)
    if teams is not None:
        view["teams"] = [
            row for row in team_rows(teams)
            if row["rank"] is not None and row["rank"] <= PODIUM_SIZE
        ]
    return view


def _player_podium(ranking: list[tuple[int, engine.Player]]) -> dict:
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
