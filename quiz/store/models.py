"""The tables. The database is the source of truth; process memory is only a cache."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, false, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # host | editor | admin
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    """A bearer token for the JSON API, kept only as a SHA-256 hash."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class Quiz(Base):
    __tablename__ = "quizzes"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[dict[str, Any]]
    description: Mapped[dict[str, Any]] = mapped_column(default=dict)
    source_file: Mapped[str | None] = mapped_column(String(255))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Question(Base):
    """A bank question; `data` holds the whole question as the bank format describes it."""

    __tablename__ = "questions"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    data: Mapped[dict[str, Any]]
    # Deleted in the editor but kept: a past game played it, so its results stay readable.
    archived: Mapped[bool] = mapped_column(default=False, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class QuizQuestion(Base):
    """The ordered questions of a quiz (a question may appear in several quizzes)."""

    __tablename__ = "quiz_questions"

    quiz_id: Mapped[str] = mapped_column(
        ForeignKey("quizzes.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"))


class Game(Base):
    """A game's phase and timing; `version` guards every change against concurrent writers."""

    __tablename__ = "games"

    id: Mapped[int] = mapped_column(primary_key=True)
    pin: Mapped[str] = mapped_column(String(6), unique=True)
    quiz_id: Mapped[str] = mapped_column(ForeignKey("quizzes.id"))
    # The questions as they were when the game opened: editing the bank never changes a game.
    questions: Mapped[list[Any]]
    phase: Mapped[str] = mapped_column(String(16), default="lobby")
    question_index: Mapped[int] = mapped_column(default=-1)
    opened_at: Mapped[float | None]
    deadline: Mapped[float | None]
    paused_at: Mapped[float | None]
    paused_remaining_ms: Mapped[int | None]
    locked: Mapped[bool] = mapped_column(default=False)
    max_players: Mapped[int] = mapped_column(default=2000)
    cancelled: Mapped[list[Any]] = mapped_column(default=list)
    # The host's rules for this game (streak bonus, teams, late join, …: engine GAME_OPTIONS),
    # plus the words hidden from the word cloud and the salt that hides ordering items.
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    version: Mapped[int] = mapped_column(default=1)
    host_token_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class Player(Base):
    __tablename__ = "players"
    __table_args__ = (
        UniqueConstraint("game_id", "nickname_key"),
        UniqueConstraint("game_id", "recovery_code"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    game_id: Mapped[int] = mapped_column(ForeignKey("games.id", ondelete="CASCADE"), index=True)
    nickname: Mapped[str] = mapped_column(String(64))
    nickname_key: Mapped[str] = mapped_column(String(64))
    team: Mapped[str | None] = mapped_column(String(80))
    lang: Mapped[str] = mapped_column(String(8), default="fr")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Shown on the phone; brings the player back on another device (unique within the game).
    recovery_code: Mapped[str | None] = mapped_column(String(8))
    kicked: Mapped[bool] = mapped_column(default=False)
    first_question: Mapped[int] = mapped_column(default=0)  # late joiners start later
    # Accommodation set by the host: × 1, 1.5 or 2 of each question's time; fixed points.
    time_factor: Mapped[float] = mapped_column(default=1.0, server_default=text("1"))
    no_speed: Mapped[bool] = mapped_column(default=False, server_default=false())
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class Answer(Base):
    """One acknowledged answer; the unique constraint makes a second answer impossible."""

    __tablename__ = "answers"
    __table_args__ = (
        UniqueConstraint("player_id", "question_index"),
        Index("ix_answers_game_question", "game_id", "question_index"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    game_id: Mapped[int] = mapped_column(ForeignKey("games.id", ondelete="CASCADE"))
    player_id: Mapped[str] = mapped_column(ForeignKey("players.id", ondelete="CASCADE"))
    question_index: Mapped[int]
    choices: Mapped[list[Any]]
    elapsed_ms: Mapped[int]
    correct: Mapped[bool | None]  # None: a poll or a word cloud has no right answer
    points: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuestionPlay(Base):
    """One question in one game, as anonymous figures: what `quiz purge` keeps of a game.

    Written when a finished game's players and answers are purged; the cross-game statistics
    (quiz.store.stats) read these rows beside the games still stored, so their numbers survive
    the purge. No nickname, team, token or typed text: counts, sorted answer times and, for
    choice questions, how many picked each choice.
    """

    __tablename__ = "question_plays"
    __table_args__ = (UniqueConstraint("game_id", "question_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(String(80), index=True)
    game_id: Mapped[int]  # the purged game's id (its row is gone): one play per question slot
    question_index: Mapped[int]
    pin: Mapped[str] = mapped_column(String(6))
    quiz_id: Mapped[str] = mapped_column(String(80))
    played_at: Mapped[datetime]  # when the game opened, as the statistics date plays
    players: Mapped[int]  # players who could answer (not kicked, joined in time)
    answers: Mapped[int]
    correct: Mapped[int]
    elapsed_ms: Mapped[list[Any]]  # every answer's time, sorted: medians across plays stay exact
    distribution: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # choice id -> picks
    median_ms: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
