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


# Question types whose answers are choice ids worth counting one by one (an ordering is a
# permutation, a number or a word is typed: those keep no distribution).
COUNTED_CHOICE_TYPES = ("single", "true_false", "multiple", "poll")


@dataclass
class Slot:
    """One closed question of one stored game, with its answers (kicked players left out)."""

    game_id: int
    index: int
    question_id: str
    question_type: str
    pin: str
    quiz_id: str
    played_at: datetime
    answers: list[tuple[bool | None, int, object]]  # (correct, elapsed ms, choices)
    players: int = 0  # filled by `slots(..., count_players=True)`

    @property
    def correct(self) -> int:
        return sum(1 for ok, _, _ in self.answers if ok)

    @property
    def elapsed_ms(self) -> list[int]:
        return sorted(ms for _, ms, _ in self.answers)

    def distribution(self) -> dict[str, int] | None:
        if self.question_type not in COUNTED_CHOICE_TYPES:
            return None
        counts: dict[str, int] = {}
        for _, _, choices in self.answers:
            for choice in choices if isinstance(choices, list) else ():
                counts[str(choice)] = counts.get(str(choice), 0) + 1
        return dict(sorted(counts.items()))


def slots(session, wanted: set[str] | None = None, game_ids: Iterable[int] | None = None,
          count_players: bool = False) -> tuple[list[Slot], set[int]]:
    """The closed questions of the stored games (all, or `game_ids`), with their answers.

    Also return the ids of every game looked at (played or not), so that the anonymous rows
    of the same games are not counted twice.
    """
    query = select(models.Game).where(models.Game.question_index >= 0)
    if game_ids is not None:
        query = query.where(models.Game.id.in_(list(game_ids)))
    games = session.scalars(query).all()
    found: dict[tuple[int, int], Slot] = {}
    for game in games:
        for index, question in enumerate(game.questions or []):
            qid = question.get("id")
            if (wanted is None or qid in wanted) and _closed(index, game):
                found[(game.id, index)] = Slot(
                    game.id, index, qid, question.get("type", ""), game.pin, game.quiz_id,
                    game.created_at, [])
    ids = sorted({game_id for game_id, _ in found})
    for start in range(0, len(ids), 500):  # keep the IN list under SQLite's limits
        chunk = ids[start:start + 500]
        for game_id, index, correct, elapsed, choices in session.execute(
            select(models.Answer.game_id, models.Answer.question_index,
                   models.Answer.correct, models.Answer.elapsed_ms, models.Answer.choices)
            .join(models.Player, models.Player.id == models.Answer.player_id)
            .where(models.Answer.game_id.in_(chunk), models.Player.kicked.is_(False))
        ):
            slot = found.get((game_id, index))
            if slot is not None:
                slot.answers.append((correct, elapsed, choices))
        if count_players:
            for game_id, first in session.execute(
                select(models.Player.game_id, models.Player.first_question)
                .where(models.Player.game_id.in_(chunk), models.Player.kicked.is_(False))
            ):
                for slot in found.values():
                    if slot.game_id == game_id and first <= slot.index:
                        slot.players += 1
    return list(found.values()), {game.id for game in games}


def question_stats(db: Database, question_ids: Iterable[str] | None = None
                   ) -> dict[str, QuestionStats]:
    """Per question id: times played, answers, % correct, median time, and each play.

    Without `question_ids`, every question ever played; with them, those ids only (an id never
    played is present with zero plays). Games still stored are read from their answers; games
    whose players and answers were purged, from the anonymous `question_plays` rows kept for
    them: the figures are the same before and after a purge.
    """
    wanted = None if question_ids is None else set(question_ids)
    # (played at, game id, index) orders plays; each carries its Play and its answer times.
    plays: dict[str, list[tuple[tuple, Play, list[int]]]] = {qid: [] for qid in (wanted or ())}
    with db.session() as session:
        live, seen_games = slots(session, wanted)
        for slot in live:
            correct, total = slot.correct, len(slot.answers)
            plays.setdefault(slot.question_id, []).append((
                (slot.played_at, slot.game_id, slot.index),
                Play(pin=slot.pin, quiz_id=slot.quiz_id, played_at=slot.played_at,
                     answers=total, correct=correct, percent_correct=percent(correct, total),
                     median_ms=median_ms(slot.elapsed_ms)),
                slot.elapsed_ms,
            ))
        kept = select(models.QuestionPlay)
        if wanted is not None:
            kept = kept.where(models.QuestionPlay.question_id.in_(sorted(wanted)))
        for row in session.scalars(kept):
            if row.game_id in seen_games:  # the game is still stored: counted above
                continue
            plays.setdefault(row.question_id, []).append((
                (row.played_at, row.game_id, row.question_index),
                Play(pin=row.pin, quiz_id=row.quiz_id, played_at=row.played_at,
                     answers=row.answers, correct=row.correct,
                     percent_correct=percent(row.correct, row.answers), median_ms=row.median_ms),
                list(row.elapsed_ms or []),
            ))
    result = {}
    for qid, found in plays.items():
        found.sort(key=lambda item: item[0], reverse=True)  # newest first
        total = sum(play.answers for _, play, _ in found)
        correct = sum(play.correct for _, play, _ in found)
        result[qid] = QuestionStats(
            question_id=qid, times_played=len(found), answers=total, correct=correct,
            percent_correct=percent(correct, total),
            median_ms=median_ms([ms for _, _, times in found for ms in times]),
            plays=tuple(play for _, play, _ in found),
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
