"""The question bank as the editor sees it: search, save, duplicate, delete or archive.

A bank holds hundreds of questions, not millions: searching loads them and filters in Python,
which reads the JSON the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, select

from quiz.bank.schema import canonical_question, is_id, unique_slug
from quiz.store import models
from quiz.store.database import Database

DELETED, ARCHIVED = "deleted", "archived"


@dataclass(frozen=True)
class QuestionFilter:
    """What the editor's search form asks for; empty fields filter nothing."""

    text: str = ""
    theme: str = ""
    odd: int | None = None
    type: str = ""
    difficulty: str = ""
    expired: bool = False
    archived: bool = False  # show the archived questions instead of the live ones


@dataclass
class BankQuestion:
    """A stored question with what the list shows about it."""

    id: str
    data: dict[str, Any]
    archived: bool
    quiz_ids: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return french(self.data.get("text")) or self.id

    @property
    def theme(self) -> str:
        tags = self.data.get("tags")
        return str(tags.get("theme") or "") if isinstance(tags, dict) else ""

    @property
    def odd(self) -> list[Any]:
        tags = self.data.get("tags")
        numbers = tags.get("odd") if isinstance(tags, dict) else None
        return numbers if isinstance(numbers, list) else []

    def is_expired(self, today: date) -> bool:
        """Tell whether its `valid_until` date has passed."""
        until = expiry(self.data)
        return until is not None and until < today


def french(value: Any) -> str:
    """Return the French text of a "…" or {fr, en} value."""
    if isinstance(value, dict):
        value = value.get("fr") or ""
    return str(value or "")


def expiry(data: dict[str, Any]) -> date | None:
    """Return the question's `valid_until` as a date, or None when absent or unreadable."""
    try:
        return date.fromisoformat(str(data["valid_until"]))
    except (KeyError, ValueError):
        return None


def search_questions(db: Database, wanted: QuestionFilter,
                     today: date | None = None) -> list[BankQuestion]:
    """Return the questions matching every field of `wanted`, by French text."""
    today = today or date.today()
    needle = wanted.text.strip().casefold()
    found = [
        question for question in all_questions(db)
        if question.archived == wanted.archived
        and (not needle or needle in _haystack(question))
        and (not wanted.theme or question.theme == wanted.theme)
        and (wanted.odd is None or wanted.odd in question.odd)
        and (not wanted.type or question.data.get("type") == wanted.type)
        and (not wanted.difficulty or question.data.get("difficulty") == wanted.difficulty)
        and (not wanted.expired or question.is_expired(today))
    ]
    return sorted(found, key=lambda q: q.text.casefold())


def all_questions(db: Database) -> list[BankQuestion]:
    """Every stored question with the quizzes it belongs to."""
    with db.session() as session:
        rows = session.scalars(select(models.Question)).all()
        owners = session.execute(
            select(models.QuizQuestion.question_id, models.QuizQuestion.quiz_id)
            .order_by(models.QuizQuestion.quiz_id)
        ).all()
    quiz_ids: dict[str, list[str]] = {}
    for question_id, quiz_id in owners:
        quiz_ids.setdefault(question_id, []).append(quiz_id)
    return [
        BankQuestion(row.id, row.data, bool(row.archived), quiz_ids.get(row.id, []))
        for row in rows
    ]


def _haystack(question: BankQuestion) -> str:
    data = question.data
    parts = [question.id, str(data.get("source") or "")]
    for value in (data.get("text"), data.get("explanation")):
        if isinstance(value, dict):
            parts.extend(str(v) for v in value.values())
    for choice in data.get("choices") or []:
        if isinstance(choice, dict) and isinstance(choice.get("text"), dict):
            parts.extend(str(v) for v in choice["text"].values())
    return "\n".join(parts).casefold()


def get_question(db: Database, question_id: str) -> BankQuestion | None:
    """Return one stored question, archived or not."""
    with db.session() as session:
        row = session.get(models.Question, question_id)
        if row is None:
            return None
        quiz_ids = session.scalars(
            select(models.QuizQuestion.quiz_id)
            .where(models.QuizQuestion.question_id == question_id).distinct()
        ).all()
        return BankQuestion(row.id, row.data, bool(row.archived), sorted(quiz_ids))


def question_exists(db: Database, question_id: str) -> bool:
    with db.session() as session:
        return session.get(models.Question, question_id) is not None


def new_question_id(db: Database, text: str) -> str:
    """Return an unused id made from `text` ("L'Accord de Paris…" → "l-accord-de-paris")."""
    with db.session() as session:
        taken = set(session.scalars(select(models.Question.id)))
    return unique_slug(text, taken)


def save_question(db: Database, data: dict[str, Any]) -> bool:
    """Insert or update a question by its id; return True when it was created."""
    if not is_id(data.get("id")):
        raise ValueError(f"not a question id: {data.get('id')!r}")
    data = canonical_question(data)
    with db.session() as session:
        row = session.get(models.Question, data["id"])
        created = row is None
        if created:
            session.add(models.Question(id=data["id"], data=data))
        elif row.data != data:
            row.data = data
        session.commit()
    return created


def duplicate_question(db: Database, question_id: str) -> str:
    """Copy a question under a new id ("…-copie"); return that id."""
    with db.session() as session:
        row = session.get(models.Question, question_id)
        if row is None:
            raise LookupError(question_id)
        taken = set(session.scalars(select(models.Question.id)))
        base = f"{question_id[:70].rstrip('-')}-copie"
        copy_id, n = base, 2
        while copy_id in taken:
            copy_id, n = f"{base}-{n}", n + 1
        session.add(models.Question(id=copy_id, data={**row.data, "id": copy_id}))
        session.commit()
    return copy_id


def played_question_ids(db: Database) -> set[str]:
    """The ids of every question a game has played (from the games' snapshots)."""
    with db.session() as session:
        snapshots = session.scalars(select(models.Game.questions)).all()
    return {
        str(question.get("id")) for questions in snapshots for question in questions or []
        if isinstance(question, dict)
    }


def remove_question(db: Database, question_id: str) -> str:
    """Take a question out of every quiz, then delete it, or archive it if a game played it.

    Return DELETED or ARCHIVED. Games keep their own copy of their questions, so archiving
    only keeps the bank's record of what was played.
    """
    played = question_id in played_question_ids(db)
    with db.session() as session:
        row = session.get(models.Question, question_id)
        if row is None:
            raise LookupError(question_id)
        owners = session.scalars(
            select(models.QuizQuestion.quiz_id)
            .where(models.QuizQuestion.question_id == question_id).distinct()
        ).all()
        session.execute(
            delete(models.QuizQuestion).where(models.QuizQuestion.question_id == question_id)
        )
        session.flush()
        for quiz_id in owners:
            _renumber(session, quiz_id)
        if played:
            row.archived = True
        else:
            session.delete(row)
        session.commit()
    return ARCHIVED if played else DELETED


def restore_question(db: Database, question_id: str) -> None:
    """Bring an archived question back into the bank."""
    with db.session() as session:
        row = session.get(models.Question, question_id)
        if row is None:
            raise LookupError(question_id)
        row.archived = False
        session.commit()


def _renumber(session, quiz_id: str) -> None:
    # Positions are part of the primary key: rewrite the list rather than shift in place.
    ids = session.scalars(
        select(models.QuizQuestion.question_id)
        .where(models.QuizQuestion.quiz_id == quiz_id).order_by(models.QuizQuestion.position)
    ).all()
    session.execute(delete(models.QuizQuestion).where(models.QuizQuestion.quiz_id == quiz_id))
    session.flush()
    session.add_all(
        models.QuizQuestion(quiz_id=quiz_id, position=i, question_id=question_id)
        for i, question_id in enumerate(ids)
    )
