"""Facts across games: how each bank question did every time it was played.

A game keeps its questions as they were when it opened, so a question is found in a game by
its id in that snapshot. A play counts once the question was closed (revealed, or the game
went past it) and not cancelled; kicked players' answers are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from quiz.engine.analytics import median_ms, percent
from quiz.store import models
from quiz.store.database import Database

CLOSED_PHASES = ("reveal", "leaderboard", "finished")


@dataclass(frozen=True)
class Play:
    """One question in one game."""

    pin: str
    quiz_id: str
    played_at: datetime
    answers: int
    correct: int
    percent_correct: float | None
    median_ms: int | None


@dataclass(frozen=True)
class QuestionStats:
    """A question's figures over every game that played it; `plays` newest first."""

    question_id: str
    times_played: int
    answers: int
    correct: int
    percent_correct: float | None
    median_ms: int | None
    plays: tuple[Play, ...]


def _closed(index: int, row: models.Game) -> bool:
    if index in (row.cancelled or []):
        return False
    return index < row.question_index or (
        index == row.question_index and row.phase in CLOSED_PHASES
    )


def question_stats(db: Database, question_ids: Iterable[str] | None = None
                   ) -> dict[str, QuestionStats]:
    """Per question id: times played, answers, % correct, median time, and each play.

    Without `question_ids`, every question ever played; with them, those ids only (an id never
    played is present with zero plays).
    """
    wanted = None if question_ids is None else set(question_ids)
    with db.session() as session:
        games = session.scalars(
            select(models.Game).where(models.Game.question_index >= 0)
            .order_by(models.Game.created_at.desc(), models.Game.id.desc())
        ).all()
        slots: dict[tuple[int, int], str] = {}  # (game id, index) -> question id
        for game in games:
            for index, question in enumerate(game.questions or []):
                qid = question.get("id")
                if (wanted is None or qid in wanted) and _closed(index, game):
                    slots[(game.id, index)] = qid
        answers: dict[tuple[int, int], list[tuple[bool, int]]] = {slot: [] for slot in slots}
        game_ids = sorted({game_id for game_id, _ in slots})
        for start in range(0, len(game_ids), 500):  # keep the IN list under SQLite's limits
            for game_id, index, correct, elapsed in session.execute(
                select(models.Answer.game_id, models.Answer.question_index,
                       models.Answer.correct, models.Answer.elapsed_ms)
                .join(models.Player, models.Player.id == models.Answer.player_id)
                .where(models.Answer.game_id.in_(game_ids[start:start + 500]),
                       models.Player.kicked.is_(False))
            ):
                if (game_id, index) in answers:
                    answers[(game_id, index)].append((correct, elapsed))
    by_id = {game.id: game for game in games}
    plays: dict[str, list[Play]] = {qid: [] for qid in (wanted or ())}
    times: dict[str, list[int]] = {}
    for (game_id, index), qid in slots.items():
        game, rows = by_id[game_id], answers[(game_id, index)]
        correct = sum(1 for ok, _ in rows if ok)
        plays.setdefault(qid, []).append(Play(
            pin=game.pin, quiz_id=game.quiz_id, played_at=game.created_at, answers=len(rows),
            correct=correct, percent_correct=percent(correct, len(rows)),
            median_ms=median_ms([ms for _, ms in rows]),
        ))
        times.setdefault(qid, []).extend(ms for _, ms in rows)
    result = {}
    for qid, found in plays.items():
        found.sort(key=lambda play: play.played_at, reverse=True)
        total = sum(play.answers for play in found)
        correct = sum(play.correct for play in found)
        result[qid] = QuestionStats(
            question_id=qid, times_played=len(found), answers=total, correct=correct,
            percent_correct=percent(correct, total), median_ms=median_ms(times.get(qid, [])),
            plays=tuple(found),
        )
    return result


def question_stat(db: Database, question_id: str) -> QuestionStats:
    """How one question did every time it was played (zero plays when never played)."""
    return question_stats(db, [question_id])[question_id]


def game_record(db: Database, pin: str) -> models.Game | None:
    """The stored row of a game (dates, quiz), detached from its session."""
    with db.session() as session:
        return session.scalar(select(models.Game).where(models.Game.pin == pin))


def answer_times(db: Database, pin: str) -> dict[tuple[str, int], datetime]:
    """When each answer of a game was recorded, by (player id, question index)."""
    with db.session() as session:
        rows = session.execute(
            select(models.Answer.player_id, models.Answer.question_index,
                   models.Answer.created_at)
            .join(models.Game, models.Game.id == models.Answer.game_id)
            .where(models.Game.pin == pin)
        ).all()
    return {(player_id, index): created for player_id, index, created in rows}


def past_games(db: Database, limit: int = 200) -> list[dict]:
    """Games newest first with quiz title, player count, phase and dates, for /host/games."""
    players = (
        select(models.Player.game_id, func.count().label("n"))
        .where(models.Player.kicked.is_(False))
        .group_by(models.Player.game_id).subquery()
    )
    with db.session() as session:
        rows = session.execute(
            select(models.Game, models.Quiz.title, players.c.n)
            .join(models.Quiz, models.Quiz.id == models.Game.quiz_id)
            .outerjoin(players, players.c.game_id == models.Game.id)
            .order_by(models.Game.created_at.desc(), models.Game.id.desc()).limit(limit)
        ).all()
    return [
        {"pin": g.pin, "quiz_id": g.quiz_id, "quiz_title": (title or {}).get("fr", g.quiz_id),
         "phase": g.phase, "created_at": g.created_at, "finished_at": g.finished_at,
         "player_count": n or 0, "question_total": len(g.questions or [])}
        for g, title, n in rows
    ]
