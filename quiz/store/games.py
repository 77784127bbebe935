"""Load games into the engine and save what the engine changed.

A worker loads a game (from its cache when it is sure the cache is current), applies one engine
call under the game's lock, and saves the result with a version guard: an UPDATE that only
matches the version it loaded. Answers and players are rows of their own, inserted with unique
constraints, so they never race with phase changes.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError

from quiz import engine
from quiz.bank.format import question_from_data
from quiz.engine import errors
from quiz.engine.game import nickname_key
from quiz.store import models
from quiz.store.answers import AnswerQueue, QuestionClosed
from quiz.store.database import Database
from quiz.store.models import utcnow
from quiz.store.secrets import new_pin, new_player_id, new_token, successor_token, token_hash

# Recovery codes: letters nobody confuses with a digit or another letter (no I, L, O).
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ"
RECOVERY_CODE_CHARS = 4


def new_recovery_code() -> str:
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_CHARS))


def _stored(response: engine.kinds.Response) -> list | float | str:
    """An answer's response as JSON: choice ids as a list, a number or a word as is."""
    return list(response) if isinstance(response, tuple) else response


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
    answer_cursor: int = 0  # the highest answer row id this cache holds (shared mode)
    players_through: datetime | None = None  # the latest join time this cache holds (shared)
    synced_at: float = 0.0  # when the latest look at the database began (monotonic; shared)
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)


# The game fields saved by a transition, in the order of `models.Game` columns.
_STATE_FIELDS = (
    "phase", "question_index", "opened_at", "deadline", "paused_at",
    "paused_remaining_ms", "locked", "max_players",
)


def _state_of(game: engine.Game) -> tuple:
    return tuple(getattr(game, name) for name in _STATE_FIELDS) + (
        frozenset(game.cancelled), repr(_settings_of(game)),
    )


def _settings_of(game: engine.Game) -> dict:
    """The game's rules as stored in `games.settings`."""
    settings = {name: getattr(game, name) for name in engine.game.GAME_OPTIONS if name != "locked"}
    settings["teams"] = list(game.teams)
    settings["hidden_words"] = sorted(game.hidden_words)
    settings["salt"] = game.salt
    return settings


# What a process checks before each command on a game it caches (shared mode, `_sync`): built
# once, since it runs for every answer of every phone.
SYNC = select(
    models.Game.version,
    select(func.count()).select_from(models.Player)
    .where(models.Player.game_id == bindparam("game_id")).scalar_subquery(),
    select(func.max(models.Answer.id))
    .where(models.Answer.game_id == bindparam("game_id")).scalar_subquery(),
).where(models.Game.id == bindparam("game_id"))

# How far before the latest join a process catching up looks again (see _catch_up_players).
PLAYER_CATCH_UP_MARGIN = timedelta(seconds=2)


def _player_of(row: models.Player) -> engine.Player:
    return engine.Player(
        id=row.id, nickname=row.nickname, team=row.team, lang=row.lang, kicked=row.kicked,
        first_question=row.first_question, time_factor=row.time_factor, no_speed=row.no_speed,
    )


def _settings_from(stored: dict | None) -> dict:
    stored = dict(stored or {})
    options = {k: stored[k] for k in engine.game.GAME_OPTIONS if k in stored and k != "locked"}
    if "teams" in options:
        options["teams"] = tuple(options["teams"])
    options["hidden_words"] = set(stored.get("hidden_words", []))
    options["salt"] = stored.get("salt", "")
    return options


class GameStore:
    """Games in the database, with a per-process cache of the ones being played."""

    def __init__(self, db: Database, secret: str = "") -> None:
        """`secret`: the application's secret key, from which resume tokens follow each other."""
        self.db = db
        self.secret = secret
        self._cache: dict[str, LiveGame] = {}
        self._cache_lock = threading.Lock()
        self.answers = AnswerQueue(db)

    # ---- creating and loading ------------------------------------------------------------

    def create(self, quiz_id: str, created_by: int | None = None,
               max_players: int = engine.game.DEFAULT_MAX_PLAYERS,
               options: dict | None = None) -> tuple[str, str]:
        """Open a new game of a quiz; return its PIN and the host token (shown once).

        `options` are the host's rules (engine GAME_OPTIONS); a bad one raises BadAnswer.
        """
        rules = engine.Game(pin="000000", questions=(), salt=new_token())
        rules.configure(**(options or {}))
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
            else:  # pragma: no cover - a million PINs
                raise RuntimeError("no free PIN")
            session.add(models.Game(
                pin=pin, quiz_id=quiz_id, questions=list(rows),
                host_token_hash=token_hash(host_token), created_by=created_by,
                max_players=max_players, settings=_settings_of(rules), locked=rules.locked,
            ))
            session.commit()
        self.forget(pin)  # a purged game's PIN may come back: never serve its cached ghost
        return pin, host_token

    def get(self, pin: str) -> LiveGame | None:
        """Return the live game of a PIN, loading it from the database when not cached."""
        live = self._cache.get(pin)
        if live is not None:
            if self.db.shared:
                arrived = time.monotonic()
                with live.lock:
                    gone = not self._sync(live, arrived)
            else:  # one process: only `quiz purge` (another process) deletes, finished games
                gone = live.game.phase is engine.Phase.FINISHED and not self._exists(live)
            if gone:  # purged: never serve its players from memory; the PIN may be reused
                self.forget(pin)
                return self._cached_or_loaded(pin)
            return live
        return self._cached_or_loaded(pin)

    def _exists(self, live: LiveGame) -> bool:
        with self.db.session() as session:
            return session.scalar(
                select(models.Game.id).where(models.Game.id == live.game_id)) is not None

    def _cached_or_loaded(self, pin: str) -> LiveGame | None:
        with self._cache_lock:
            live = self._cache.get(pin) or self._load(pin)
            if live is not None:
                self._cache[pin] = live
            return live

    def cached(self, pin: str) -> LiveGame | None:
        """The game of a PIN as this process holds it, if it does: no database look."""
        return self._cache.get(pin)

    def cached_games(self) -> list[LiveGame]:
        """The games this process holds now."""
        return list(self._cache.values())

    def forget(self, pin: str) -> None:
        """Drop a game from the cache; the next `get` reloads it from the database."""
        self._cache.pop(pin, None)

    # ---- several processes on one database (shared mode) ---------------------------------
    #
    # Any process may receive any event of any game, so a cached game may be behind the
    # database. Phase changes bump the version; players and answers are rows of their own. One
    # cheap SELECT before each use tells which: a new version or a new player reloads the game;
    # new answers are added to the cache one by one.

    def _sync(self, live: LiveGame, arrived: float) -> bool:
        """Bring a cached game up to the database (call with `live.lock` held).

        `arrived`: when the caller started waiting for the lock. A look that began after it
        saw everything committed before the caller came, so it serves the caller too: when a
        hall answers at once, the answers queued on the lock share one look instead of one
        each. Return False when the game's row is gone (purged).
        """
        if live.synced_at > arrived:
            return True
        started = time.monotonic()
        with self.db.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT") as connection:  # one read: no BEGIN, no ROLLBACK
            row = connection.execute(SYNC, {"game_id": live.game_id}).one_or_none()
        if row is None:
            return False
        version, player_count, last_answer_id = row
        if version != live.version or (
            player_count != len(live.game.players)
            and not self._catch_up_players(live, player_count)
        ):
            self._reload(live)
        elif (last_answer_id or 0) > live.answer_cursor:
            self._catch_up_answers(live)
        live.synced_at = started
        return True

    def _catch_up_players(self, live: LiveGame, expected: int) -> bool:
        """Add to the cache the players other processes stored since it last looked.

        A hall joining at once on several processes would otherwise make every process reload
        the whole game at every join. Players are read back from a little before the latest
        join this cache holds (a join stamped earlier may commit later); False when the count
        still differs, and the caller reloads the game.
        """
        if expected < len(live.game.players) or live.players_through is None:
            return False
        since = live.players_through - PLAYER_CATCH_UP_MARGIN
        with self.db.session() as session:
            rows = session.scalars(
                select(models.Player)
                .where(models.Player.game_id == live.game_id, models.Player.joined_at >= since)
                .order_by(models.Player.joined_at)
            ).all()
            for row in rows:
                if row.id not in live.game.players:
                    live.game.admit(_player_of(row))
                live.players_through = max(live.players_through, row.joined_at)
        return len(live.game.players) == expected

    def _reload(self, live: LiveGame) -> None:
        """Replace a cached game's state by the database's, keeping the object (and its lock)."""
        fresh = self._load(live.game.pin)
        if fresh is None:
            return
        live.game, live.version, live.answer_cursor = fresh.game, fresh.version, fresh.answer_cursor
        live.host_token_hash, live.players_through = fresh.host_token_hash, fresh.players_through

    def _catch_up_answers(self, live: LiveGame, reload_on_news: bool = False) -> None:
        """Add to the cache the answers other processes stored since it last looked.

        `reload_on_news`: after a phase change, an answer found now was committed before the
        change (the change waited for it): rebuild the game from the database rather than
        adding it to a question the engine already closed.
        """
        with self.db.session() as session:
            rows = session.execute(
                select(models.Answer.id, models.Answer.player_id, models.Answer.question_index,
                       models.Answer.choices, models.Answer.elapsed_ms,
                       models.Answer.correct, models.Answer.points)
                .where(models.Answer.game_id == live.game_id,
                       models.Answer.id > live.answer_cursor)
                .order_by(models.Answer.id)
            ).all()
        game = live.game
        news = [row for row in rows if (row.player_id, row.question_index) not in game.answers]
        if news and (reload_on_news or any(r.player_id not in game.players for r in news)):
            self._reload(live)
            return
        for row in news:
            game.record(engine.Answer(
                player_id=row.player_id, question_index=row.question_index,
                choices=tuple(row.choices) if isinstance(row.choices, list) else row.choices,
                elapsed_ms=row.elapsed_ms, correct=row.correct, points=row.points,
            ))
        if rows:
            live.answer_cursor = max(live.answer_cursor, rows[-1].id)

    def _load(self, pin: str) -> LiveGame | None:
        started = time.monotonic()
        with self.db.session() as session:
            row = session.scalar(select(models.Game).where(models.Game.pin == pin))
            if row is None:
                return None
            quiz = session.get(models.Quiz, row.quiz_id)
            # Read before the answers: a later answer is then caught up, never skipped.
            answer_cursor = session.scalar(
                select(func.max(models.Answer.id)).where(models.Answer.game_id == row.id)
            ) or 0
            player_rows = session.scalars(
                select(models.Player).where(models.Player.game_id == row.id)
                .order_by(models.Player.joined_at)
            ).all()
            players = [_player_of(p) for p in player_rows]
            answers = [
                engine.Answer(
                    player_id=a.player_id, question_index=a.question_index,
                    choices=tuple(a.choices) if isinstance(a.choices, list) else a.choices,
                    elapsed_ms=a.elapsed_ms, correct=a.correct,
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
            **_settings_from(row.settings),
        )
        return LiveGame(
            game=game, game_id=row.id, version=row.version, quiz_id=row.quiz_id,
            quiz_title=quiz.title if quiz else {}, host_token_hash=row.host_token_hash,
            created_by=row.created_by, answer_cursor=answer_cursor, synced_at=started,
            players_through=max((p.joined_at for p in player_rows), default=None),
        )

    # ---- changing ------------------------------------------------------------------------

    @contextmanager
    def command(self, pin: str) -> Iterator[LiveGame]:
        """Lock a game for one engine call, then save its new state with the version guard."""
        live = self._cache.get(pin) or self._cached_or_loaded(pin)
        if live is None:
            raise LookupError(pin)
        arrived = time.monotonic()
        with live.lock:
            if self.db.shared and not self._sync(live, arrived):
                self.forget(pin)  # purged meanwhile
                raise LookupError(pin)
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
        values["settings"] = _settings_of(game)
        if game.phase is engine.Phase.FINISHED:
            values["finished_at"] = utcnow()
        self.answers.flush()  # the answers given before this change are stored first
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
        if self.db.shared:  # answers that other processes committed just before this change
            self._catch_up_answers(live, reload_on_news=True)

    def add_player(self, live: LiveGame, player: engine.Player) -> tuple[str, str]:
        """Store a player the engine just accepted; return their secret token and recovery code."""
        token = new_token()
        try:
            joined_at = utcnow()
            with self.db.session() as session:
                code = self._free_recovery_code(session, live.game_id)
                session.add(models.Player(
                    id=player.id, game_id=live.game_id, nickname=player.nickname,
                    nickname_key=nickname_key(player.nickname), team=player.team,
                    lang=player.lang, token_hash=token_hash(token), recovery_code=code,
                    first_question=player.first_question, joined_at=joined_at,
                ))
                session.commit()
        except IntegrityError:
            self.forget(live.game.pin)  # another process took the nickname first
            raise errors.NicknameTaken(nickname=player.nickname) from None
        live.players_through = max(live.players_through or joined_at, joined_at)
        return token, code

    @staticmethod
    def _free_recovery_code(session, game_id: int) -> str:
        for _attempt in range(50):
            code = new_recovery_code()
            taken = session.scalar(select(models.Player.id).where(
                models.Player.game_id == game_id, models.Player.recovery_code == code))
            if taken is None:
                return code
        raise RuntimeError("no free recovery code")  # pragma: no cover - 279,841 codes

    def recovery_code(self, live: LiveGame, player_id: str) -> str:
        """Return a player's recovery code, giving one to a player who has none yet."""
        with self.db.session() as session:
            row = session.get(models.Player, player_id)
            if row is None:
                raise LookupError(player_id)
            if row.recovery_code is None:
                row.recovery_code = self._free_recovery_code(session, live.game_id)
                session.commit()
            return row.recovery_code

    def player_by_recovery_code(self, live: LiveGame, code: str) -> str | None:
        """Return the id of the player of this game whose recovery code is `code`, if any."""
        with self.db.session() as session:
            return session.scalar(select(models.Player.id).where(
                models.Player.game_id == live.game_id, models.Player.recovery_code == code))

    def add_answer(self, live: LiveGame, answer: engine.Answer) -> None:
        """Store an answer durably; only then may it be acknowledged."""
        self.queue_answer(live, answer)()

    def queue_answer(self, live: LiveGame, answer: engine.Answer) -> Callable[[], None]:
        """Start storing an answer; return what waits for its commit.

        Call that outside the game's lock and acknowledge the answer only once it returns: the
        answers of a whole hall share their statements and commits (quiz.store.answers). In
        shared mode the statement writes an answer only while its question is open in the
        database; answers from other processes are caught up at the next command.
        """
        stored = self.answers.put({
            "game_id": live.game_id, "player_id": answer.player_id,
            "question_index": answer.question_index, "choices": _stored(answer.choices),
            "elapsed_ms": answer.elapsed_ms, "correct": answer.correct, "points": answer.points,
            "created_at": utcnow(),
        })

        def committed() -> None:
            try:
                self.answers.wait(stored)
            except IntegrityError:
                self.forget(live.game.pin)  # the cache holds an answer the database refused
                raise errors.AlreadyAnswered() from None
            except QuestionClosed:
                self.forget(live.game.pin)  # another process closed the question first
                raise errors.NotAccepting(reason="closed") from None
            except Exception:
                self.forget(live.game.pin)
                raise

        return committed

    def _bump_version(self, live: LiveGame) -> None:
        """Tell other processes that a row they cache changed (shared mode), and reload."""
        if self.db.shared:
            with self.db.session() as session:
                session.execute(
                    update(models.Game).where(models.Game.id == live.game_id)
                    .values(version=models.Game.version + 1)
                )
                session.commit()
            self.forget(live.game.pin)

    def kick(self, live: LiveGame, player_id: str) -> None:
        with self.db.session() as session:
            session.execute(
                update(models.Player).where(models.Player.id == player_id).values(kicked=True)
            )
            session.commit()
        self._bump_version(live)

    def accommodate(self, live: LiveGame, player: engine.Player) -> None:
        """Store the accommodation the engine just gave a player."""
        with self.db.session() as session:
            session.execute(
                update(models.Player).where(models.Player.id == player.id)
                .values(time_factor=player.time_factor, no_speed=player.no_speed)
            )
            session.commit()
        self._bump_version(live)

    def resume_token(self, pin: str, token: str) -> tuple[str, str] | None:
        """Resume with `token`: return (player id, the player's next token), or None.

        The next token is `token`'s successor, and becomes the only current one. A phone whose
        acknowledgement was lost comes back with the same `token`: while its successor has not
        been used, the player is found through the successor and gets it again (the same
        ack). Once the successor has been used in turn, `token` stops working.
        """
        following = successor_token(token, self.secret)
        player_id = self.player_by_token(pin, token)
        if player_id is None:  # a repeated resume: its successor is already the current one
            player_id = self.player_by_token(pin, following)
            return None if player_id is None else (player_id, following)
        with self.db.session() as session:
            session.execute(
                update(models.Player).where(models.Player.id == player_id)
                .values(token_hash=token_hash(following))
            )
            session.commit()
        return player_id, following

    def rotate_token(self, player_id: str) -> str:
        """Give a player a new random token; every earlier one stops working (recovery)."""
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
        self._bump_version(live)
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

    def open_questions(self) -> list[tuple[str, int, float]]:
        """(PIN, question index, deadline) of every open question, for the timer sweeper."""
        with self.db.session() as session:
            return [tuple(row) for row in session.execute(
                select(models.Game.pin, models.Game.question_index, models.Game.deadline)
                .where(models.Game.phase == "question", models.Game.deadline.is_not(None))
            )]

