"""Load games into the engine and save what the engine changed.

A worker loads a game (from its cache when it is sure the cache is current), applies one engine
call under the game's lock, and saves the result with a version guard: an UPDATE that only
matches the version it loaded. Answers and players are rows of their own, inserted with unique
constraints, so they never race with phase changes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from quiz import engine
from quiz.bank.format import question_from_data
from quiz.engine import errors
from quiz.engine.game import nickname_key
from quiz.store import models
from quiz.store.database import Database
from quiz.store.models import utcnow
from quiz.store.secrets import new_pin, new_player_id, new_token, token_hash


class StaleGame(Exception):
    """Another writer changed the game since it was loaded; reload and try again."""


@dataclass
class LiveGame:
    """A game loaded in this process, with what is needed to save it back."""

    game: engine.Game
    game_id: int
    version: int
    quiz_id: str
    quiz_title: dict
    host_token_hash: str
    created_by: int | None
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)


# The game fields saved by a transition, in the order of `models.Game` columns.
_STATE_FIELDS = (
    "phase", "question_index", "opened_at", "deadline", "paused_at",
    "paused_remaining_ms", "locked", "max_players",
)


def _state_of(game: engine.Game) -> tuple:
    return tuple(getattr(game, name) for name in _STATE_FIELDS) + (frozenset(game.cancelled),)


class GameStore:
    """Games in the database, with a per-process cache of the ones being played."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: dict[str, LiveGame] = {}
        self._cache_lock = threading.Lock()

    # ---- creating and loading ------------------------------------------------------------

    def create(self, quiz_id: str, created_by: int | None = None,
               max_players: int = engine.game.DEFAULT_MAX_PLAYERS) -> tuple[str, str]:
        """Open a new game of a quiz; return its PIN and the host token (shown once)."""
        host_token = new_token()
        with self.db.session() as session:
            quiz = session.get(models.Quiz, quiz_id)
            if quiz is None:
                raise LookupError(quiz_id)
            rows = session.execute(
                select(models.Question.data)
                .join(models.QuizQuestion, models.QuizQuestion.question_id == models.Question.id)
                .where(models.QuizQuestion.quiz_id == quiz_id)
                .order_by(models.QuizQuestion.position)
            ).scalars().all()
            for _attempt in range(20):
                pin = new_pin()
                taken = session.scalar(select(models.Game.id).where(models.Game.pin == pin))
                if taken is None:
                    break
            else:  # pragma: no cover - 900,000 PINs
                raise RuntimeError("no free PIN")
            session.add(models.Game(
                pin=pin, quiz_id=quiz_id, questions=list(rows),
                host_token_hash=token_hash(host_token), created_by=created_by,
                max_players=max_players,
            ))
            session.commit()
        return pin, host_token

    def get(self, pin: str) -> LiveGame | None:
        """Return the live game of a PIN, loading it from the database when not cached."""
        live = self._cache.get(pin)
        if live is not None:
            return live
        with self._cache_lock:
            live = self._cache.get(pin) or self._load(pin)
            if live is not None:
                self._cache[pin] = live
            return live

    def forget(self, pin: str) -> None:
        """Drop a game from the cache; the next `get` reloads it from the database."""
        self._cache.pop(pin, None)

    def _load(self, pin: str) -> LiveGame | None:
        with self.db.session() as session:
            row = session.scalar(select(models.Game).where(models.Game.pin == pin))
            if row is None:
                return None
            quiz = session.get(models.Quiz, row.quiz_id)
            players = [
                engine.Player(
                    id=p.id, nickname=p.nickname, team=p.team, lang=p.lang, kicked=p.kicked
                )
                for p in session.scalars(
                    select(models.Player).where(models.Player.game_id == row.id)
                    .order_by(models.Player.joined_at)
                )
            ]
            answers = [
                engine.Answer(
                    player_id=a.player_id, question_index=a.question_index,
                    choices=tuple(a.choices), elapsed_ms=a.elapsed_ms, correct=a.correct,
                    points=a.points,
                )
                for a in session.execute(
                    select(models.Answer.player_id, models.Answer.question_index,
                           models.Answer.choices, models.Answer.elapsed_ms,
                           models.Answer.correct, models.Answer.points)
                    .where(models.Answer.game_id == row.id)
                )
            ]
        game = engine.Game.restore(
            pin, tuple(question_from_data(q) for q in row.questions), players, answers,
            phase=engine.Phase(row.phase), question_index=row.question_index,
            opened_at=row.opened_at, deadline=row.deadline, paused_at=row.paused_at,
            paused_remaining_ms=row.paused_remaining_ms, locked=row.locked,
            max_players=row.max_players, cancelled=set(row.cancelled or []),
        )
        return LiveGame(
            game=game, game_id=row.id, version=row.version, quiz_id=row.quiz_id,
            quiz_title=quiz.title if quiz else {}, host_token_hash=row.host_token_hash,
            created_by=row.created_by,
        )

    # ---- changing ------------------------------------------------------------------------

    @contextmanager
    def command(self, pin: str) -> Iterator[LiveGame]:
        """Lock a game for one engine call, then save its new state with the version guard."""
        live = self.get(pin)
        if live is None:
            raise LookupError(pin)
        with live.lock:
            before = _state_of(live.game)
            try:
                yield live
            except errors.GameError:
                if _state_of(live.game) != before:  # a rule broke half-way: trust the database
                    self.forget(pin)
                raise
            except BaseException:
                self.forget(pin)
                raise
            if _state_of(live.game) != before:
                self._save_state(live)

    def _save_state(self, live: LiveGame) -> None:
        game = live.game
        values = {name: getattr(game, name) for name in _STATE_FIELDS}
        values["phase"] = str(game.phase)
        values["cancelled"] = sorted(game.cancelled)
        if game.phase is engine.Phase.FINISHED:
            values["finished_at"] = utcnow()
        with self.db.session() as session:
            result = session.execute(
                update(models.Game)
                .where(models.Game.id == live.game_id, models.Game.version == live.version)
                .values(version=models.Game.version + 1, **values)
            )
            session.commit()
        if result.rowcount != 1:
            self.forget(game.pin)
            raise StaleGame(game.pin)
        live.version += 1

    def add_player(self, live: LiveGame, player: engine.Player) -> str:
        """Store a player the engine just accepted; return the player's secret token."""
        token = new_token()
        try:
            with self.db.session() as session:
                session.add(models.Player(
                    id=player.id, game_id=live.game_id, nickname=player.nickname,
                    nickname_key=nickname_key(player.nickname), team=player.team,
                    lang=player.lang, token_hash=token_hash(token),
                ))
                session.commit()
        except IntegrityError:
            self.forget(live.game.pin)  # another process took the nickname first
            raise errors.NicknameTaken(nickname=player.nickname) from None
        return token

    def add_answer(self, live: LiveGame, answer: engine.Answer) -> None:
        """Store an answer durably; only then may it be acknowledged."""
        try:
            with self.db.session() as session:
                session.add(models.Answer(
                    game_id=live.game_id, player_id=answer.player_id,
                    question_index=answer.question_index, choices=list(answer.choices),
                    elapsed_ms=answer.elapsed_ms, correct=answer.correct, points=answer.points,
                ))
                session.commit()
        except IntegrityError:
            self.forget(live.game.pin)
            raise errors.AlreadyAnswered() from None

    def kick(self, live: LiveGame, player_id: str) -> None:
        with self.db.session() as session:
            session.execute(
                update(models.Player).where(models.Player.id == player_id).values(kicked=True)
            )
            session.commit()

    def rotate_token(self, player_id: str) -> str:
        """Give a player a new token; the old one stops working."""
        token = new_token()
        with self.db.session() as session:
            session.execute(
                update(models.Player).where(models.Player.id == player_id)
                .values(token_hash=token_hash(token))
            )
            session.commit()
        return token

    # ---- finding -------------------------------------------------------------------------

    def player_by_token(self, pin: str, token: str) -> str | None:
        """Return the id of the player of game `pin` holding `token`, if any."""
        with self.db.session() as session:
            return session.scalar(
                select(models.Player.id)
                .join(models.Game, models.Game.id == models.Player.game_id)
                .where(models.Game.pin == pin, models.Player.token_hash == token_hash(token))
            )

    def new_player_id(self) -> str:
        return new_player_id()

    def host_token_matches(self, live: LiveGame, host_token: str) -> bool:
        return token_hash(host_token) == live.host_token_hash

    def reset_host_token(self, live: LiveGame) -> str:
        """Issue a new host token for a game (the old one stops working)."""
        host_token = new_token()
        with self.db.session() as session:
            session.execute(
                update(models.Game).where(models.Game.id == live.game_id)
                .values(host_token_hash=token_hash(host_token))
            )
            session.commit()
        live.host_token_hash = token_hash(host_token)
        return host_token

    def recent(self, limit: int = 50) -> list[dict]:
        """The latest games, newest first, with their player counts, for the host console."""
        players = (
            select(models.Player.game_id, func.count().label("n"))
            .where(models.Player.kicked.is_(False))
            .group_by(models.Player.game_id).subquery()
        )
        with self.db.session() as session:
            rows = session.execute(
                select(models.Game, models.Quiz.title, players.c.n)
                .join(models.Quiz, models.Quiz.id == models.Game.quiz_id)
                .outerjoin(players, players.c.game_id == models.Game.id)
                .order_by(models.Game.created_at.desc(), models.Game.id.desc()).limit(limit)
            ).all()
        return [
            {
                "pin": g.pin, "quiz_id": g.quiz_id, "quiz_title": title.get("fr", g.quiz_id),
                "phase": g.phase, "created_at": g.created_at, "created_by": g.created_by,
                "player_count": n or 0,
            }
            for g, title, n in rows
        ]

    def running(self) -> list[str]:
        """PINs of games whose question is open or paused (to restart their timers)."""
        with self.db.session() as session:
            return list(session.scalars(
                select(models.Game.pin).where(models.Game.phase.in_(["question", "paused"]))
            ))

